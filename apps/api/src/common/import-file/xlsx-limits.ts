import { createInflateRaw } from 'node:zlib';

/** Rows one import file may hold; larger loads go through the API in batches. */
export const IMPORT_MAX_ROWS = 100_000;
/**
 * What an XLSX file may expand to. 100,000 rows of the template's 15 columns
 * are about 50 MB of sheet XML; a zip bomb (a few kB that inflate to
 * gigabytes) is refused before exceljs expands it into memory.
 */
export const XLSX_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024;

export class XlsxLimitError extends Error {
  constructor(
    message: string,
    readonly kind: 'too-large' | 'malformed',
  ) {
    super(message);
  }
}

interface ZipEntry {
  name: string;
  method: number;
  data: Buffer;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * The zip's central directory, read by hand: exceljs has no size limit of
 * its own, and no zip library is a dependency of the API. Zip64 archives
 * (over 4 GB or 65,535 entries) are no spreadsheet an import takes.
 */
function zipEntries(zip: Buffer): ZipEntry[] {
  const malformed = (why: string) => new XlsxLimitError(`The file is not a valid XLSX workbook: ${why}`, 'malformed');
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw malformed('no zip directory');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || at === 0xffffffff) throw malformed('zip64 archives are not read');
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL) throw malformed('a damaged zip directory');
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== LOCAL) throw malformed('a damaged zip entry');
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    if (start + compressed > zip.length) throw malformed('a zip entry runs past the end of the file');
    if (method !== 0 && method !== 8) throw malformed(`zip compression method ${method} is not read`);
    entries.push({ name, method, data: zip.subarray(start, start + compressed) });
  }
  return entries;
}

// A row element, with or without a namespace prefix (<row r="2">, <x:row>).
const ROW = /<(?:\w+:)?row[\s>/]/g;

/**
 * Inflates every entry with a running budget, discarding the output, and
 * counts the worksheets' rows on the way: the declared sizes in a zip may lie,
 * the inflated bytes cannot.
 */
export async function checkXlsxLimits(zip: Buffer): Promise<void> {
  let budget = XLSX_MAX_UNCOMPRESSED_BYTES;
  let rows = 0;
  const tooLarge = () =>
    new XlsxLimitError(`The workbook expands to more than ${XLSX_MAX_UNCOMPRESSED_BYTES / 1024 / 1024} MB; split it into smaller files`, 'too-large');
  for (const entry of zipEntries(zip)) {
    const isSheet = /^xl\/worksheets\/[^/]+\.xml$/.test(entry.name);
    let tail = '';
    const take = (chunk: Buffer) => {
      budget -= chunk.length;
      if (budget < 0) throw tooLarge();
      if (!isSheet) return;
      const text = tail + chunk.toString('latin1');
      rows += text.match(ROW)?.length ?? 0;
      // A tag split across chunks is counted once: keep the unfinished end for the next chunk.
      const cut = text.lastIndexOf('<');
      tail = cut >= 0 && text.length - cut < 16 ? text.slice(cut) : '';
      if (tail) rows -= tail.match(ROW)?.length ?? 0;
      if (rows > IMPORT_MAX_ROWS + 1)
        throw new XlsxLimitError(`The file has more than ${IMPORT_MAX_ROWS} rows; import at most ${IMPORT_MAX_ROWS} at once`, 'too-large');
    };
    if (entry.method === 0) take(entry.data);
    else await inflateInto(entry.data, take);
  }
}

function inflateInto(data: Buffer, take: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw();
    inflate.on('data', (chunk: Buffer) => {
      try {
        take(chunk);
      } catch (err) {
        inflate.destroy();
        reject(err);
      }
    });
    inflate.on('error', (err) => reject(new XlsxLimitError(`The file is not a valid XLSX workbook: ${err.message}`, 'malformed')));
    inflate.on('end', resolve);
    inflate.end(data);
  });
}
