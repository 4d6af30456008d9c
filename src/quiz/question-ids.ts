// The worksheet's question ids: a stable contract (answers.yaml, `lab check --json`, lab.yaml `quiz:`).
// Kept apart from the questions themselves so that lab.yaml's schema can name them without the analyser.

export const QUESTION_IDS = [
  'client_port',
  'server_port',
  'client_isn',
  'server_isn',
  'synack_ack',
  'final_ack_ack',
  'syn_mss',
  'syn_window_scale',
  'syn_header_bytes',
  'first_fin_from',
  'first_fin_ack',
  'teardown_segments',
  'time_wait',
  'accept_delay_us',
] as const;
export type QuestionId = (typeof QUESTION_IDS)[number];

export function isQuestionId(id: string): id is QuestionId {
  return (QUESTION_IDS as readonly string[]).includes(id);
}
