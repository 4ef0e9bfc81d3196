import type { Change, Family, GeneratedDoc } from './family';
import { baseEnd, type GenContext } from './seed';

/**
 * Every tenant's documents: the deterministic base sequence (never held in
 * memory) plus a small overlay of documents touched since. A touched
 * document keeps its key, so its place in key order, and moves to the end of
 * (LastChangeDateTime, key) order.
 */
export class S4Dataset {
  private readonly overlay = new Map<string, Map<number, Change>>();
  private lastTouch = 0;

  constructor(private readonly opts: { seed: number; docsPerType: number }) {}

  ctx(client: string): GenContext {
    return { seed: this.opts.seed, client, count: this.opts.docsPerType };
  }

  private changes(client: string, family: Family): Map<number, Change> {
    const k = `${client}|${family.name}`;
    let m = this.overlay.get(k);
    if (!m) {
      m = new Map();
      this.overlay.set(k, m);
    }
    return m;
  }

  isTouched(client: string, family: Family, i: number): boolean {
    return this.changes(client, family).has(i);
  }

  doc(client: string, family: Family, i: number): GeneratedDoc {
    return family.generate(this.ctx(client), i, this.changes(client, family).get(i) ?? null);
  }

  /** Sets document i's LastChangeDateTime to now (after every change served so far) and changes its values. */
  touch(client: string, family: Family, i: number): number {
    const m = this.changes(client, family);
    const time = Math.max(Date.now(), this.lastTouch + 1, baseEnd() + 1);
    this.lastTouch = time;
    m.set(i, { time, version: (m.get(i)?.version ?? 0) + 1 });
    return time;
  }

  /** Touched documents of a family in (LastChangeDateTime, key) order. */
  touched(client: string, family: Family): number[] {
    return [...this.changes(client, family).entries()].sort((a, b) => a[1].time - b[1].time || a[0] - b[0]).map(([i]) => i);
  }

  changeOf(client: string, family: Family, i: number): Change | null {
    return this.changes(client, family).get(i) ?? null;
  }

  reset(): void {
    this.overlay.clear();
  }
}
