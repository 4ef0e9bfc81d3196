import type { FastifyInstance } from 'fastify';
import type { SampleSapConfig } from '../config';

/** S/4HANA OData V2 under /sap/opu/odata/sap (placeholder: built in this S/4HANA branch). */
export interface S4Control {
  requests: number;
}

export function registerS4(_app: FastifyInstance, _cfg: SampleSapConfig): S4Control {
  return { requests: 0 };
}
