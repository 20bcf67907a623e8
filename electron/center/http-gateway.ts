/**
 * The simulator's gateway, and the shape of the plain national one: POST the envelope as JSON
 * UTF-8 to `base + infno` (domain.md §2.1, `url + funNo`), over keep-alive HTTP.
 *
 * Where the message certainly did not go: the socket never connected (refused, DNS, no route,
 * connect timeout). Everything after a connection exists may have reached the center. A reply
 * carrying `x-medsettle-msgid` (the simulator echoes the request's msgid there) must name our
 * msgid: a re-delivered stale reply on a reused connection is caught here, and the connection
 * holding it is destroyed so it cannot poison the next request.
 */
import http from 'node:http';
import https from 'node:https';
import type { Gateway, GatewayRequest, GatewayResult } from './gateway.js';

/** The header in which the simulator echoes the msgid of the request it answers. */
export const MSGID_ECHO_HEADER = 'x-medsettle-msgid';

/** Options of the HTTP gateway. */
export type HttpGatewayOptions = {
  /** The base URL; the infno is appended (`http://127.0.0.1:PORT/` → `…/2207`). */
  baseUrl: string;
  /** Extra headers (a provider's app id, …). */
  headers?: Record<string, string>;
  /** Largest answer accepted, in bytes (default 8 MiB). */
  maxResponseBytes?: number;
  /** Keep-alive sockets kept per host (default 64). */
  maxSockets?: number;
};

/** Error codes that prove the connection was never established. */
const NEVER_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);

function errorCode(err: unknown): string {
  if (err !== null && typeof err === 'object' && 'code' in err && typeof err.code === 'string')
    return err.code;
  return 'UNKNOWN';
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${errorCode(err)} ${err.message}` : String(err);
}

/** The plain JSON-over-HTTP gateway (the simulator's): POST to base + infno. */
export function createHttpGateway(options: HttpGatewayOptions): Gateway {
  const base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  const secure = base.protocol === 'https:';
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64, timeout: 4_000 };
  const agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  const maxBytes = options.maxResponseBytes ?? 8 * 1024 * 1024;
  const decoder = new TextDecoder('utf-8', { fatal: true });

  function send(request: GatewayRequest): Promise<GatewayResult> {
    return new Promise((resolve) => {
      let done = false;
      // Set once a connection exists: from then on the request may have reached the center.
      let connected = false;
      const url = new URL(request.infno, base);
      const body = Buffer.from(request.body, 'utf8');
      const finish = (result: GatewayResult): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(result);
      };
      const req = (secure ? https : http).request(url, {
        method: 'POST',
        agent,
        headers: {
          ...options.headers,
          'content-type': 'application/json; charset=utf-8',
          'content-length': String(body.length),
          accept: 'application/json',
        },
      });
      const timer = setTimeout(() => {
        req.destroy();
        finish(
          connected
            ? {
                kind: 'unknown',
                code: 'CENTER_TIMEOUT',
                detail: `no complete answer within ${request.timeoutMs} ms`,
              }
            : {
                kind: 'unreachable',
                code: 'CENTER_CONNECT_TIMEOUT',
                detail: `no connection within ${request.timeoutMs} ms`,
              },
        );
      }, request.timeoutMs);

      req.on('socket', (socket) => {
        if (socket.connecting) {
          socket.once('connect', () => {
            connected = true;
          });
        } else connected = true;
      });
      req.on('error', (err) => {
        const code = errorCode(err);
        finish(
          !connected && NEVER_CONNECTED.has(code)
            ? { kind: 'unreachable', code: 'CENTER_UNREACHABLE', detail: errorText(err) }
            : { kind: 'unknown', code: 'CENTER_CONNECTION_DROPPED', detail: errorText(err) },
        );
      });
      req.on('response', (res) => {
        connected = true;
        const echoed = res.headers[MSGID_ECHO_HEADER];
        if (typeof echoed === 'string' && echoed !== request.msgid) {
          // A stale reply sits on this connection: destroy it so the next request gets a fresh one.
          req.destroy();
          finish({
            kind: 'unknown',
            code: 'CENTER_RESPONSE_MISMATCH',
            detail: `the reply is for msgid ${echoed}`,
          });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            req.destroy();
            finish({
              kind: 'unknown',
              code: 'CENTER_RESPONSE_TOO_LARGE',
              detail: `more than ${maxBytes} bytes`,
            });
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (err) => {
          finish({ kind: 'unknown', code: 'CENTER_CONNECTION_DROPPED', detail: errorText(err) });
        });
        res.on('close', () => {
          if (!res.complete)
            finish({ kind: 'unknown', code: 'CENTER_CONNECTION_DROPPED', detail: 'the answer was cut off' });
        });
        res.on('end', () => {
          let text: string;
          try {
            text = decoder.decode(Buffer.concat(chunks));
          } catch (err) {
            finish({
              kind: 'unknown',
              code: 'CENTER_RESPONSE_NOT_JSON',
              detail: `not UTF-8: ${errorText(err)}`,
            });
            return;
          }
          finish({
            kind: 'response',
            status: res.statusCode ?? 0,
            body: text,
            contentType: res.headers['content-type'],
          });
        });
      });
      req.end(body);
    });
  }

  return {
    name: 'simulator-http',
    send,
    close: () => {
      agent.destroy();
    },
  };
}
