// What every text renderer (Markdown, HTML) is a pure function of.
import type { Report } from '../analyse/report-model.js';
import type { Messages } from './i18n/messages.js';

export interface RenderInput {
  report: Report;
  /** The capture's file name, as the reader knows it. */
  file: string;
  messages: Messages;
}
