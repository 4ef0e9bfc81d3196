import Fastify, { type FastifyInstance } from 'fastify';
import { type B1Control, registerB1 } from './b1/b1-routes';
import type { SampleSapConfig } from './config';
import { registerS4, type S4Control } from './s4/s4-routes';

export interface SampleSapControl {
  s4: S4Control;
  b1: B1Control;
}

/** One process serving both SAP products: S/4HANA's OData V2 services and Business One's Service Layer. */
export function buildServer(cfg: SampleSapConfig): { app: FastifyInstance; control: SampleSapControl } {
  const app = Fastify({ logger: cfg.logLevel === 'silent' ? false : { level: cfg.logLevel } });
  const s4 = registerS4(app, cfg);
  const b1 = registerB1(app, cfg);
  return { app, control: { s4, b1 } };
}
