import type { FastifyReply } from 'fastify';

export interface Attachment {
  contentType: string;
  filename: string;
  body: unknown;
}

/** A file download: never cached, since exports and templates hold tenant data or change with releases. */
export function sendAttachment(reply: FastifyReply, file: Attachment) {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('cache-control', 'no-store')
    .send(file.body);
}
