/**
 * The provider-specific part of talking to a center: where a message goes (URL scheme), which
 * headers and signature it needs, how the answer is decoded. The client builds the national
 * envelope; a Gateway only carries it. A gateway never throws: it answers with what happened on
 * the wire, already sorted into "certainly not delivered" and "may have been delivered".
 */

/** One message to carry: the serialized envelope and what identifies it. */
export type GatewayRequest = {
  infno: string;
  msgid: string;
  /** The envelope as JSON text (UTF-8 on the wire). */
  body: string;
  /** Give up after this long; the outcome is then unknown once anything may have been sent. */
  timeoutMs: number;
};

/** What happened on the wire. */
export type GatewayResult =
  /** The center (or its gateway) answered; `body` is decoded text. */
  | { kind: 'response'; status: number; body: string; contentType: string | undefined }
  /** Nothing reached the center (connection refused, DNS failure, no route, connect timeout). */
  | { kind: 'unreachable'; code: 'CENTER_UNREACHABLE' | 'CENTER_CONNECT_TIMEOUT'; detail: string }
  /** Something may have reached the center, but no complete answer came back. */
  | {
      kind: 'unknown';
      code:
        | 'CENTER_TIMEOUT'
        | 'CENTER_CONNECTION_DROPPED'
        | 'CENTER_RESPONSE_TOO_LARGE'
        | 'CENTER_RESPONSE_MISMATCH'
        | 'CENTER_RESPONSE_NOT_JSON';
      detail: string;
    };

/** A provider's transport. */
export interface Gateway {
  /** A short name for logs ("simulator-http", "guangdong-tif", …). */
  readonly name: string;
  /** Carries one message. Resolves with what happened; never rejects. */
  send(request: GatewayRequest): Promise<GatewayResult>;
  /** Releases pooled connections. */
  close(): void;
}
