// The report as JSON, written connection by connection as the analyser finishes them, so that a large
// capture never has to be held in memory. "connections" comes first; "capture" (known only at the end) last.
import type { ConnectionReport, Report } from '../analyse/report-model.js';

export interface JsonWriter {
  connection(connection: ConnectionReport): void;
  end(capture: Report['capture']): void;
}

export function jsonWriter(write: (text: string) => void, { pretty = false } = {}): JsonWriter {
  let first = true;
  // Compact text without a replacer argument at all: V8's fast path (see the report command) is taken only
  // when both the replacer and the indent are undefined (a null replacer is not).
  const stringify = pretty ? (value: unknown) => JSON.stringify(value, null, 2) : (value: unknown) => JSON.stringify(value);
  write('{"connections":[');
  return {
    connection(connection) {
      write(first ? '\n' : ',\n');
      write(stringify(connection));
      first = false;
    },
    end(capture) {
      write(`\n],\n"capture":${stringify(capture)}}\n`);
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
