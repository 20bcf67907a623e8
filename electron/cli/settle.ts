/**
 * `npm run -s settle -- <request.json | ->`: settles one request, or an array of requests,
 * exactly as settlement-contract.md's "Command line" says. Exit 0, or 2 for any bad input.
 */
import { readFileSync } from 'node:fs';
import { settle } from '../../settlement/index.js';
import { requestError, type RequestError } from '../../settlement/errors.js';

const USAGE = 'usage: npm run -s settle -- <request.json | ->';

function readInput(arg: string): string {
  return readFileSync(arg === '-' ? 0 : arg, 'utf8');
}

function errorJson(error: RequestError): { error: Omit<RequestError, never> } {
  const { code, path, message, zh, en } = error;
  return { error: { code, path, message, zh, en } };
}

/** Runs the CLI on argv; returns the exit code and what to print where. */
export function runSettleCli(argv: readonly string[], read: (arg: string) => string = readInput): {
  code: 0 | 2;
  stdout: string;
  stderr: string;
} {
  const arg = argv[0];
  if (arg === undefined || argv.length > 1) return { code: 2, stdout: '', stderr: `${USAGE}\n` };
  let text: string;
  try {
    text = read(arg);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const err = { code: 'INPUT_UNREADABLE', path: '', message: `cannot read ${arg}: ${reason}`, zh: `无法读取 ${arg}`, en: `cannot read ${arg}: ${reason}` };
    return { code: 2, stdout: '', stderr: `${JSON.stringify({ error: err })}\n` };
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    const err = requestError('INVALID_JSON', '', { en: detail, zh: detail });
    return { code: 2, stdout: '', stderr: `${JSON.stringify(errorJson(err))}\n` };
  }
  if (Array.isArray(input)) {
    let invalid = 0;
    const parts = input.map((element: unknown) => {
      const outcome = settle(element);
      if (outcome.ok) return JSON.stringify(outcome.value);
      invalid += 1;
      return JSON.stringify(errorJson(outcome.error));
    });
    const stdout = parts.length === 0 ? '[]\n' : `[\n${parts.join(',\n')}\n]\n`;
    return { code: invalid > 0 ? 2 : 0, stdout, stderr: '' };
  }
  const outcome = settle(input);
  if (!outcome.ok) return { code: 2, stdout: '', stderr: `${JSON.stringify(errorJson(outcome.error))}\n` };
  return { code: 0, stdout: `${JSON.stringify(outcome.value, null, 2)}\n`, stderr: '' };
}

const result = runSettleCli(process.argv.slice(2));
if (result.stdout) process.stdout.write(result.stdout);
if (result.stderr) process.stderr.write(result.stderr);
process.exitCode = result.code;
