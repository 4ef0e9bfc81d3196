import { IMPORT_MAX_BYTES } from '@portal/contracts';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../common/app-error';
import type { Upload } from './ingest.service';

/**
 * The one file of a multipart upload (field `file`), read into memory up to
 * IMPORT_MAX_BYTES; @fastify/multipart enforces the limit while streaming.
 */
export async function readSingleUpload(req: FastifyRequest): Promise<Upload> {
  if (!req.isMultipart()) throw new AppError(400, 'IMPORT_FILE_INVALID', 'Send the file as multipart/form-data in the field "file"');
  const part = await req.file({ limits: { fileSize: IMPORT_MAX_BYTES, files: 1 } });
  if (!part || part.fieldname !== 'file') throw new AppError(400, 'IMPORT_FILE_INVALID', 'Send the file as multipart/form-data in the field "file"');
  try {
    return { filename: part.filename, buffer: await part.toBuffer() };
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError(413, 'PAYLOAD_TOO_LARGE', `The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB`);
    }
    throw err;
  }
}
