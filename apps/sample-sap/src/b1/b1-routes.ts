import type { FastifyInstance } from 'fastify';
import type { SampleSapConfig } from '../config';

/** Business One's Service Layer under /b1s/v1 (placeholder: built in this Business One branch). */
export interface B1Control {
  requests: number;
}

export function registerB1(_app: FastifyInstance, _cfg: SampleSapConfig): B1Control {
  return { requests: 0 };
}
