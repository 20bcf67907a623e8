/**
 * One channel call as both hosts make it: parse the input with the channel's schema, call the
 * service, check the output against the contract. The web host answers with the status code; the
 * Electron host returns only the envelope. Keeping this in one place means the two hosts cannot
 * drift apart in what they accept or let through.
 */
import { channels, isChannelName, resultSchema, terminalEventSchema, type ApiResult, type TerminalEvent } from './contract.js';
import { apiError } from './errors.js';
import type { TerminalService } from './service.js';

/** A dispatched call's answer: the envelope and the HTTP status that goes with it. */
export type Dispatched = { status: number; body: ApiResult<unknown> };

/** Calls one channel by name: parse the input, call the service, check the output. */
export async function callChannel(service: TerminalService, name: string, raw: unknown, log: (line: string) => void): Promise<Dispatched> {
  if (!isChannelName(name)) return { status: 404, body: { ok: false, error: apiError('INVALID_INPUT', { channel: name }) } };
  const channel = channels[name];
  const input = channel.input.safeParse(raw);
  if (!input.success) {
    const issue = input.error.issues[0];
    return { status: 400, body: { ok: false, error: apiError('INVALID_INPUT', { path: issue?.path.map(String).join('.') ?? '', message: issue?.message ?? '' }) } };
  }
  // The input was parsed by this very channel's schema, so it is the handler's input type.
  const handler = service[name] as (input: unknown) => Promise<ApiResult<unknown>>;
  const result = await handler(input.data);
  const checked = resultSchema(channel.output).safeParse(result);
  if (!checked.success) {
    log(`${name} answered outside the contract: ${checked.error.message}`);
    return { status: 500, body: { ok: false, error: apiError('INTERNAL') } };
  }
  return { status: 200, body: result };
}

/** An event checked against the contract before a host forwards it; undefined (and logged) if it is not. */
export function checkedEvent(event: unknown, log: (line: string) => void): TerminalEvent | undefined {
  const parsed = terminalEventSchema.safeParse(event);
  if (parsed.success) return parsed.data;
  log(`event outside the contract: ${parsed.error.message}`);
  return undefined;
}
