import { JOBS } from '@portal/contracts';
import type { JobHandler } from './job-handler';

/**
 * Exactly one handler per job name declared in contracts, checked at boot so
 * a job can never sit in a queue with nobody to run it (or two to run it).
 */
export function buildRegistry(handlers: JobHandler[]): Map<string, JobHandler> {
  const registry = new Map<string, JobHandler>();
  for (const h of handlers) {
    if (registry.has(h.job.name)) throw new Error(`two handlers registered for job "${h.job.name}"`);
    registry.set(h.job.name, h);
  }
  const declared = Object.values(JOBS).map((j) => j.name as string);
  const missing = declared.filter((n) => !registry.has(n));
  const unknown = [...registry.keys()].filter((n) => !declared.includes(n));
  if (missing.length) throw new Error(`no handler for job(s): ${missing.join(', ')}`);
  if (unknown.length) throw new Error(`handler(s) for undeclared job(s): ${unknown.join(', ')}`);
  return registry;
}
