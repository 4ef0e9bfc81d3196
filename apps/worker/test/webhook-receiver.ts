import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Answer only after this long (a slow receiver), or once `release` resolves. */
  delayMs?: number;
  release?: Promise<void>;
}

export interface ReceivedDelivery {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw bytes received, as the receiver verifies them. */
  body: string;
  /** Per secret the path was given: whether svix's and standardwebhooks' verify both accepted this delivery with that secret alone. */
  verifiedWith: Record<string, boolean>;
  /** Set once the answer was sent. */
  answered: boolean;
}

type Script = (nth: number, delivery: ReceivedDelivery) => Answer;

function verifies(secret: string, body: string, headers: IncomingHttpHeaders): boolean {
  const plain: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (typeof v === 'string') plain[k] = v;
  for (const w of [new SvixWebhook(secret), new StandardWebhook(secret)]) {
    try {
      w.verify(body, plain);
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * A real webhook receiver on 127.0.0.1: each path is one endpoint, answering
 * as its script says, and every delivery is verified on its raw body with
 * both independent libraries against each secret the path was given.
 */
export class WebhookReceiver {
  private readonly server: Server;
  private readonly routes = new Map<string, { secrets: string[]; script: Script }>();
  readonly received: ReceivedDelivery[] = [];
  port = 0;

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        const body = Buffer.concat(chunks).toString('utf8');
        const route = this.routes.get(path);
        const delivery: ReceivedDelivery = { path, headers: req.headers, body, verifiedWith: {}, answered: false };
        for (const secret of route?.secrets ?? []) delivery.verifiedWith[secret] = verifies(secret, body, req.headers);
        const nth = this.received.filter((r) => r.path === path).length;
        this.received.push(delivery);
        const answer = route ? route.script(nth, delivery) : { status: 404 };
        const send = () => {
          if (res.destroyed) return;
          res.writeHead(answer.status, answer.headers ?? {}).end(answer.body ?? '');
          delivery.answered = true;
        };
        const wait = answer.release ?? (answer.delayMs ? new Promise<void>((r) => setTimeout(r, answer.delayMs).unref()) : undefined);
        if (wait) void wait.then(send);
        else send();
      });
    });
  }

  /** Listens on `port` (0: any free one); a test that wants a receiver down first starts it later on a port it reserved. */
  async start(port = 0): Promise<this> {
    this.server.listen(port, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  /** A new endpoint path with the secrets its deliveries are checked against and how it answers the nth delivery (0-based). */
  route(path: string, secrets: string[], script: Script): string {
    this.routes.set(path, { secrets, script });
    return `http://127.0.0.1:${this.port}${path}`;
  }

  at(path: string): ReceivedDelivery[] {
    return this.received.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }
}
