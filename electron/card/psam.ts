/**
 * 3rd-generation card authentication (domain.md §1.4). The APDU sequence against the card is
 * fixed here; the secrets come from a CardAuthenticator that a deployment plugs in: a PSAM in a
 * second reader slot, or the provincial key service (HSM). A test implementation with the
 * virtual card's test keys lets the whole sequence run in tests and in training mode.
 */
import { externalAuthenticate, getChallenge, internalAuthenticate, swError } from './apdu.js';
import {
  DEFAULT_ALGORITHM,
  diversifyKey,
  externalCryptogram,
  internalAnswer,
  supportsAlgorithm,
  type AlgorithmId,
} from './card-crypto.js';
import { CardIoError, cardError } from './errors.js';
import { exchange, type CardTransport } from './t0.js';

/** What the authenticator is told about the card. */
export type AuthContext = { card_sn: string; algorithm: AlgorithmId };

/**
 * The secret side of card authentication. Implementations: a PSAM in a second reader slot
 * (its own CardTransport and the province's PSAM commands) or a provincial key service.
 */
export interface CardAuthenticator {
  /** Short name for logs and errors, e.g. `psam:Reader 01`, `key-service:gd`, `test-key`. */
  readonly kind: string;
  /** The 8 bytes a genuine card answers to INTERNAL AUTHENTICATE over `data` (factor‖random). */
  internalAnswer(context: AuthContext, data: Uint8Array): Promise<Uint8Array>;
  /** The 16-byte EXTERNAL AUTHENTICATE cryptogram over the card's challenge (two GET CHALLENGE answers). */
  externalCryptogram(context: AuthContext, challenge: Uint8Array): Promise<Uint8Array>;
}

async function challenge(transport: CardTransport): Promise<Uint8Array> {
  const r = await exchange(transport, getChallenge());
  if (r.sw !== 0x9000) throw new CardIoError(swError(r.sw, 'GET CHALLENGE'));
  if (r.data.length !== 8) {
    throw new CardIoError(
      cardError(
        'CARD_DATA_INVALID',
        { step: 'GET CHALLENGE' },
        {
          zh: `随机数应为 8 字节，实际 ${r.data.length}`,
          en: `the challenge should be 8 bytes, got ${r.data.length}`,
        },
      ),
    );
  }
  return r.data;
}

async function ask(
  authenticator: CardAuthenticator,
  step: string,
  call: () => Promise<Uint8Array>,
  length: number,
): Promise<Uint8Array> {
  let answer: Uint8Array;
  try {
    answer = await call();
  } catch (e: unknown) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new CardIoError(
      cardError(
        'PSAM_UNAVAILABLE',
        { step, reason },
        { zh: `${authenticator.kind} 失败：${reason}`, en: `${authenticator.kind} failed: ${reason}` },
      ),
      { cause: e },
    );
  }
  if (answer.length !== length) {
    throw new CardIoError(
      cardError(
        'PSAM_UNAVAILABLE',
        { step },
        {
          zh: `${authenticator.kind} 返回 ${answer.length} 字节`,
          en: `${authenticator.kind} returned ${answer.length} bytes`,
        },
      ),
    );
  }
  return answer;
}

/**
 * Runs GET CHALLENGE ×2 → INTERNAL AUTHENTICATE (checked against the authenticator) → GET
 * CHALLENGE ×2 → EXTERNAL AUTHENTICATE (key 0A) in the selected SSSE. Throws CardIoError with
 * CARD_NOT_GENUINE, CARD_AUTH_FAILED/BLOCKED or PSAM_UNAVAILABLE; returns when the card has
 * opened its personal data.
 */
export async function authenticateCard(
  transport: CardTransport,
  authenticator: CardAuthenticator,
  context: AuthContext,
): Promise<void> {
  const factor = await challenge(transport);
  const random = await challenge(transport);
  const data = Uint8Array.from([...factor, ...random]);
  const ia = await exchange(transport, internalAuthenticate(data));
  if (ia.sw !== 0x9000) throw new CardIoError(swError(ia.sw, 'INTERNAL AUTHENTICATE'));
  const expected = await ask(
    authenticator,
    'INTERNAL AUTHENTICATE',
    () => authenticator.internalAnswer(context, data),
    8,
  );
  if (!Buffer.from(ia.data).equals(Buffer.from(expected))) {
    throw new CardIoError(cardError('CARD_NOT_GENUINE', { step: 'INTERNAL AUTHENTICATE' }));
  }
  const c1 = await challenge(transport);
  const c2 = await challenge(transport);
  const cryptogram = await ask(
    authenticator,
    'EXTERNAL AUTHENTICATE',
    () => authenticator.externalCryptogram(context, Uint8Array.from([...c1, ...c2])),
    16,
  );
  const ea = await exchange(transport, externalAuthenticate(cryptogram));
  if (ea.sw !== 0x9000) throw new CardIoError(swError(ea.sw, 'EXTERNAL AUTHENTICATE'));
}

/**
 * Master keys of the virtual cards. TEST ONLY: they open nothing but the project's virtual
 * cards; real master keys never leave a PSAM or an HSM.
 */
export const TEST_MASTER_KEYS = {
  internal: Uint8Array.from(Buffer.from('4D6564536574746C6520494E54207631', 'hex')),
  external: Uint8Array.from(Buffer.from('4D6564536574746C6520455854207631', 'hex')),
} as const;

/** An authenticator holding master keys in software: the virtual cards' test keys by default. */
export class TestKeyAuthenticator implements CardAuthenticator {
  readonly kind = 'test-key';

  constructor(private readonly keys: { internal: Uint8Array; external: Uint8Array } = TEST_MASTER_KEYS) {}

  /** The expected INTERNAL AUTHENTICATE answer under the diversified internal key. */
  internalAnswer(context: AuthContext, data: Uint8Array): Promise<Uint8Array> {
    return Promise.resolve().then(() => {
      const algorithm = this.algorithm(context);
      return internalAnswer(
        algorithm,
        diversifyKey(algorithm, this.keys.internal, cardSnBytes(context)),
        data,
      );
    });
  }

  /** The EXTERNAL AUTHENTICATE cryptogram under the diversified external key. */
  externalCryptogram(context: AuthContext, challengeBytes: Uint8Array): Promise<Uint8Array> {
    return Promise.resolve().then(() => {
      const algorithm = this.algorithm(context);
      return externalCryptogram(
        algorithm,
        diversifyKey(algorithm, this.keys.external, cardSnBytes(context)),
        challengeBytes,
      );
    });
  }

  private algorithm(context: AuthContext): AlgorithmId {
    const algorithm = context.algorithm || DEFAULT_ALGORITHM;
    if (!supportsAlgorithm(algorithm)) throw new Error(`the test key has no algorithm ${algorithm}`);
    return algorithm;
  }
}

function cardSnBytes(context: AuthContext): Uint8Array {
  if (!/^[0-9A-F]{32}$/.test(context.card_sn)) throw new Error('card_sn must be 32 upper-case hex digits');
  return Uint8Array.from(Buffer.from(context.card_sn, 'hex'));
}
