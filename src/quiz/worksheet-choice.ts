// The class's choice of worksheet questions, shared by `lab quiz`, `lab check` and `lab grade`.
import type { QuestionId } from './question-ids.js';

/** The class's choice of questions: --questions, else the lab file's `quiz.questions`, else undefined (all).
 * `lab quiz`, `lab check` and `lab grade` take it alike, so all three see the same worksheet. */
export async function worksheetChoice(options: { questions?: QuestionId[]; config?: string }): Promise<QuestionId[] | undefined> {
  if (options.questions) return options.questions;
  // Loaded on demand: the YAML parser is only needed when no --questions were given.
  const { loadConfigFile } = await import('../config/load-config.js');
  const config = await loadConfigFile(options.config ?? 'lab.yaml', { required: options.config !== undefined });
  return config.quiz?.questions;
}
