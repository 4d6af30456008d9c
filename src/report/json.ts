// The report as JSON, written connection by connection as the analyser finishes them, so that a large
// capture never has to be held in memory. "connections" comes first; "capture" (known only at the end) last.
import type { ConnectionReport, Report } from '../analyse/report-model.js';

export interface JsonWriter {
  connection(connection: ConnectionReport): void;
  end(capture: Report['capture']): void;
}

export function jsonWriter(write: (text: string) => void, { pretty = false } = {}): JsonWriter {
  let first = true;
  const indent = pretty ? 2 : undefined;
  write('{"connections":[');
  return {
    connection(connection) {
      write(first ? '\n' : ',\n');
      write(JSON.stringify(connection, null, indent));
      first = false;
    },
    end(capture) {
      write(`\n],\n"capture":${JSON.stringify(capture, null, indent)}}\n`);
    },
  };
}

/** The whole report as one JSON text (for small reports already in memory). */
export function renderJson(report: Report): string {
  let text = '';
  const writer = jsonWriter((chunk) => (text += chunk), { pretty: true });
  for (const connection of report.connections) writer.connection(connection);
  writer.end(report.capture);
  return text;
}
