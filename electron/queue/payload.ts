/**
 * What the queue stores as an outbox row's payload: the transaction's `input` and the one
 * envelope field that belongs to the message rather than to the terminal (`insuplc_admdvs`, the
 * insured region from 1101). The envelope itself (msgid, inf_time, sign_no) is built when the row
 * is sent, with the row's msgid, so every resend of a row is the same message to the center.
 *
 * A 2601 row also says what happens once the original is known to be void: settle again under a
 * new msgid (`resubmit`, the uploader's resolution path) or give the settlement up (`cancel`, when
 * the counter charged self-pay because the outcome was unknown beyond the offline limits).
 */
import { z } from 'zod';
import type { JsonObject } from '../../db/json-schemas.js';
import type { OutboxMessage } from '../../db/outbox.js';

/** What to do with a settlement once its message is known not to have settled. */
export type AfterVoid = 'resubmit' | 'cancel';

const storedMessageSchema = z.object({
  v: z.literal(1),
  insuplc_admdvs: z.string(),
  input: z.record(z.string(), z.unknown()),
  after: z.enum(['resubmit', 'cancel']).optional(),
  /** Who sends, when not the terminal's operator: the kiosk sends opter_type 2 and opter "kiosk". */
  opter_type: z.enum(['1', '2']).optional(),
  opter: z.string().optional(),
});

/** An outbox payload as the queue writes it. */
export type StoredMessage = z.infer<typeof storedMessageSchema>;

/** The JSON object stored for a message. */
export function toPayload(message: StoredMessage): JsonObject {
  return {
    v: 1,
    insuplc_admdvs: message.insuplc_admdvs,
    input: message.input,
    ...(message.after === undefined ? {} : { after: message.after }),
    ...(message.opter_type === undefined ? {} : { opter_type: message.opter_type }),
    ...(message.opter === undefined ? {} : { opter: message.opter }),
  };
}

/** Reads a stored payload back; undefined when the row was not written by the queue. */
export function readPayload(message: Pick<OutboxMessage, 'payload'>): StoredMessage | undefined {
  const parsed = storedMessageSchema.safeParse(message.payload);
  return parsed.success ? parsed.data : undefined;
}
