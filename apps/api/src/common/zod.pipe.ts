import { type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { AppError } from './app-error';

/** Validates one request part (body, query or params) with its contract. */
export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(
    private readonly schema: T,
    private readonly part: 'body' | 'query' | 'params' = 'body',
  ) {}

  transform(value: unknown): z.infer<T> {
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;
    throw new AppError(
      400,
      'VALIDATION_FAILED',
      `Invalid request ${this.part}`,
      result.error.issues.map((i) => ({ path: [this.part, ...i.path.map(String)].join('.'), code: i.code, message: i.message })),
    );
  }
}
