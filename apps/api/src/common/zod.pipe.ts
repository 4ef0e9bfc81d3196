import { type PipeTransform } from '@nestjs/common';
import { errorCode } from '@portal/contracts';
import type { z } from 'zod';
import { AppError } from './app-error';

/** Validates one request part (body, query or params) with its contract. */
export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(
    private readonly schema: T,
    private readonly part: 'body' | 'query' | 'params' = 'body',
  ) {}

  transform(value: unknown): z.infer<T> {
    // No body at all reads as {} (a POST whose fields are all optional); an explicit JSON null is a wrong body, not an empty one.
    const result = this.schema.safeParse(value === undefined ? {} : value);
    if (result.success) return result.data;
    const details = result.error.issues.map((i) => ({ path: [this.part, ...i.path.map(String)].join('.'), code: i.code, message: i.message }));
    // A contract refinement may name its own stable code (params.errorCode),
    // e.g. ACCESS_KEY_FORMAT, so the client learns what exactly is wrong.
    const [first, ...rest] = result.error.issues;
    const named = first?.code === 'custom' && rest.length === 0 ? errorCode.safeParse(first.params?.errorCode) : undefined;
    if (named?.success) throw new AppError(400, named.data, first!.message, details);
    throw new AppError(400, 'VALIDATION_FAILED', `Invalid request ${this.part}`, details);
  }
}
