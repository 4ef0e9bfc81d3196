import type { FastifyReply } from 'fastify';
import { SAP_ERRORS, sapError } from './errors';

// Fault drills: what real S/4HANA systems and the proxies in front of them
// do to clients. Probabilities are drawn from a seeded sequence, so a drill
// replays the same way.

export interface S4Faults {
  /** Share of OData requests answered 429 with Retry-After. */
  rate429: number;
  retryAfterSeconds: number;
  /** Share of OData requests answered 503. */
  rate503: number;
  /** Delay before every OData answer. */
  latencyMs: number;
  /** Data answers stop halfway through the body and the connection is cut. */
  cutConnection: boolean;
  /** Data answers are 200 with JSON that does not parse. */
  malformedJson: boolean;
  /** Every OData request gets an HTML logon page with 200 (a proxy or an expired SSO session). */
  htmlLoginPage: boolean;
  /** After each page that has a __next, its first document changes before the next page is read. */
  changeBetweenPages: boolean;
  /** Answer 406 unless the client asked for JSON ($format=json or Accept: application/json), as Gateway would answer Atom. */
  strictFormat: boolean;
  /** The next `count` OData requests fail with `status`. */
  failNext: { status: number; count: number } | null;
}

export const defaultFaults = (): S4Faults => ({
  rate429: 0,
  retryAfterSeconds: 2,
  rate503: 0,
  latencyMs: 0,
  cutConnection: false,
  malformedJson: false,
  htmlLoginPage: false,
  changeBetweenPages: false,
  strictFormat: false,
  failNext: null,
});

const LOGIN_PAGE = `<!DOCTYPE html>
<html><head><meta http-equiv="X-UA-Compatible" content="IE=edge"><title>Logon</title></head>
<body class="urBdyStd"><form id="LOGIN_FORM" method="post" action="/sap/bc/gui/sap/its/webgui"><input type="hidden" name="sap-system-login" value="onLogin">
<div class="urLogonTitle">SAP NetWeaver Application Server</div>
<label for="sap-user">User</label><input id="sap-user" name="sap-user"><label for="sap-password">Password</label><input id="sap-password" name="sap-password" type="password">
<button type="submit">Log On</button></form></body></html>`;

const STATUS_MESSAGES: Record<number, [string, string]> = {
  429: [SAP_ERRORS.throttled, 'Too many requests: the number of requests exceeds the limit of the communication arrangement'],
  500: [SAP_ERRORS.internal, 'In the context of Data Services an unknown internal server error occurred'],
  502: [SAP_ERRORS.unavailable, 'Bad gateway: the backend system did not answer'],
  503: [SAP_ERRORS.unavailable, 'Service unavailable: the system is being maintained or is overloaded'],
  504: [SAP_ERRORS.unavailable, 'Gateway timeout'],
};

/** Answers the request with the drill's fault, or leaves it (false) to be served normally. */
export async function answerFault(faults: S4Faults, dice: () => number, reply: FastifyReply, service: string): Promise<boolean> {
  if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
  if (faults.htmlLoginPage) {
    await reply.code(200).type('text/html; charset=utf-8').send(LOGIN_PAGE);
    return true;
  }
  let status: number | null = null;
  if (faults.failNext && faults.failNext.count > 0) {
    status = faults.failNext.status;
    faults.failNext.count--;
    if (faults.failNext.count === 0) faults.failNext = null;
  } else if (faults.rate429 > 0 && dice() < faults.rate429) status = 429;
  else if (faults.rate503 > 0 && dice() < faults.rate503) status = 503;
  if (status === null) return false;
  const [code, message] = STATUS_MESSAGES[status] ?? [SAP_ERRORS.internal, `Injected failure ${status}`];
  if (status === 429 || status === 503) reply.header('retry-after', String(faults.retryAfterSeconds));
  await reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send(sapError(code, message, service));
  return true;
}

/** Sends a JSON body as the drills say: whole, cut halfway through, or malformed. */
export async function sendJsonText(faults: S4Faults, reply: FastifyReply, text: string): Promise<void> {
  const type = 'application/json; charset=utf-8';
  if (faults.cutConnection) {
    // Headers promise the whole body; half of it arrives, then the socket closes.
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(text), dataserviceversion: '2.0' });
    // Destroyed once the half is on the wire, so the client has seen the status before the cut.
    raw.write(text.slice(0, Math.floor(text.length / 2)), () => setImmediate(() => raw.destroy()));
    return;
  }
  const body = faults.malformedJson ? `${text.slice(0, Math.max(1, text.length - 3))},"` : text;
  await reply.code(200).type(type).header('dataserviceversion', '2.0').send(body);
}
