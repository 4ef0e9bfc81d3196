import { hasNul, IMPORT_MAX_BYTES } from '@portal/contracts';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../app-error';
import { type ColumnSpec, ImportFileError, type ImportRow, readCsv, readXlsx } from './read-rows';

/** An uploaded file, read into memory (at most IMPORT_MAX_BYTES). */
export interface Upload {
  filename: string;
  buffer: Buffer;
}

const NOT_MULTIPART = 'Send the file as multipart/form-data in the field "file"';

/**
 * The one file of a multipart upload (field `file`), read into memory up to
 * IMPORT_MAX_BYTES; @fastify/multipart enforces the limit while streaming.
 * Everything that can fail here is the upload's framing (no boundary, no
 * closing boundary, a cut-off body): a 400, never a 500 (issue 15).
 */
export async function readSingleUpload(req: FastifyRequest): Promise<Upload> {
  if (!req.isMultipart()) throw new AppError(400, 'IMPORT_FILE_INVALID', NOT_MULTIPART);
  try {
    const part = await req.file({ limits: { fileSize: IMPORT_MAX_BYTES, files: 1 } });
    if (!part || part.fieldname !== 'file') throw new AppError(400, 'IMPORT_FILE_INVALID', NOT_MULTIPART);
    // The name is kept in the audit trail, whose text cannot hold a NUL byte.
    if (hasNul(part.filename)) throw new AppError(400, 'IMPORT_FILE_INVALID', 'The file name must not contain NUL characters');
    return { filename: part.filename, buffer: await part.toBuffer() };
  } catch (err) {
    if (err instanceof AppError) throw err;
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError(413, 'PAYLOAD_TOO_LARGE', `The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB`);
    }
    throw new AppError(400, 'IMPORT_FILE_INVALID', `${NOT_MULTIPART}: the upload is not well-formed multipart (${(err as Error).message})`);
  }
}

/** The upload's rows, by its extension (.csv or .xlsx), under the spec's header; a file it cannot read is a 400, one over a limit a 413. */
export async function readImportFile<C extends string>(upload: Upload, spec: ColumnSpec<C>): Promise<ImportRow<C>[]> {
  const name = upload.filename.toLowerCase();
  try {
    if (name.endsWith('.csv')) return readCsv(upload.buffer, spec);
    if (name.endsWith('.xlsx')) return await readXlsx(upload.buffer, spec);
  } catch (err) {
    if (err instanceof ImportFileError) {
      throw err.tooLarge
        ? new AppError(413, 'IMPORT_FILE_TOO_LARGE', err.message, err.details)
        : new AppError(400, 'IMPORT_FILE_INVALID', err.message, err.details);
    }
    throw err;
  }
  throw new AppError(400, 'IMPORT_FILE_INVALID', 'Upload a .csv or .xlsx file');
}
