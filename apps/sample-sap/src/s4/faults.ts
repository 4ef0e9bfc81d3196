import type { FastifyReply } from 'fastify';
import { type CommonFaults, commonFaultDefaults, delay, drawFailure } from '../faults';
import { SAP_ERRORS, sapError } from './errors';

// S/4HANA's answers to the shared drills (../faults.ts): Gateway's error body,
// its logon page, and one drill of its own (strictFormat).

export interface S4Faults extends CommonFaults {
  /** Answer 406 unless the client asked for JSON ($format=json or Accept: application/json), as Gateway would answer Atom. */
  strictFormat: boolean;
}

export const defaultFaults = (): S4Faults => ({ ...commonFaultDefaults(), strictFormat: false });

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
  await delay(faults);
  if (faults.htmlLoginPage) {
    await reply.code(200).type('text/html; charset=utf-8').send(LOGIN_PAGE);
    return true;
  }
  const status = drawFailure(faults, dice);
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
