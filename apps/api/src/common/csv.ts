import type { PassThrough } from 'node:stream';
import { escapeSpreadsheetText } from '@portal/contracts';

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line
 * break. Text is made formula-safe for spreadsheets first; numbers are
 * written as they are. Null is an empty field.
 */
export function csvCell(value: string | number | null | undefined, kind: 'text' | 'number' = 'text'): string {
  if (value === null || value === undefined) return '';
  const text = kind === 'number' ? String(value) : escapeSpreadsheetText(String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Writes a CSV file into `out`: a UTF-8 byte order mark (so spreadsheets
 * read the text as UTF-8), the header and one CRLF line per row, waiting
 * while the client is behind and stopping when it has gone away.
 */
export async function writeCsv(out: PassThrough, header: readonly string[], lines: AsyncIterable<string[]>): Promise<void> {
  out.write('\ufeff' + header.join(',') + '\r\n');
  for await (const cells of lines) {
    if (out.destroyed) return;
    if (!out.write(cells.join(',') + '\r\n')) await onceDrain(out);
  }
  out.end();
}

/**
 * The same rows, with the first one already read, so a failure there is the
 * caller's to answer (an error, not a file cut off after its header row).
 */
export async function startedRows<T>(rows: AsyncGenerator<T>): Promise<AsyncGenerator<T>> {
  const first = await rows.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    yield* rows;
  })();
}

/** Resolves when the client has read enough, or is gone (then the caller sees `destroyed`). */
export function onceDrain(stream: PassThrough) {
  return new Promise<void>((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.once('drain', done);
    stream.once('close', done);
  });
}
