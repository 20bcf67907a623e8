/**
 * `npm run -s card -- read [--reader NAME] [--json] [--unmasked] [--psam test] [--wait S] [--virtual PROFILE [--fault F]…]`
 *   waits for a card, reads it, prints it. Exit 0 read; 3 read, but the card needs a PSAM; 1 any failure.
 * `npm run -s card -- sim --profile NAME [--vpcd-port N] [--fault F]… [--control]`
 *   puts a virtual card into a vpcd reader of the running pcscd until Ctrl-C.
 * `npm run -s card -- profiles` lists the virtual card profiles.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { PcscBinding } from '../card/binding.js';
import { toJsonView, type CardReading } from '../card/card-record.js';
import { cardError, toCardError, type CardError } from '../card/errors.js';
import type { CardEvent } from '../card/events.js';
import { FAULT_NAMES, parseFault, type CardFault } from '../card/faults.js';
import { formatReading, visibleReading } from '../card/format.js';
import { InProcessBinding } from '../card/in-process-binding.js';
import { PROFILES, findProfile } from '../card/profiles.js';
import { TestKeyAuthenticator } from '../card/psam.js';
import { loadSmartcardBinding } from '../card/smartcard-binding.js';
import { ReaderSupervisor } from '../card/supervisor.js';
import { VirtualCard } from '../card/virtual-card.js';
import { VPCD_PORT, VpcdLink } from '../card/vpcd-link.js';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_NEEDS_PSAM = 3;

const USAGE = `usage:
  card read [--reader NAME] [--json] [--unmasked] [--psam test] [--wait SECONDS] [--verbose]
            [--virtual PROFILE [--fault F]...]
  card sim --profile NAME [--vpcd-port N] [--fault F]... [--control]
  card profiles
faults: ${FAULT_NAMES.join(', ')}`;

class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Today's date in China (the insurance calendar), as YYYY-MM-DD: the CLI's clock. */
function chinaToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

function faultsOf(values: string[] | undefined): CardFault[] {
  return (values ?? []).map((text) => {
    const parsed = parseFault(text);
    if (!parsed.ok) throw new UsageError(parsed.message);
    return parsed.fault;
  });
}

function profileOf(id: string | undefined): (typeof PROFILES)[number] {
  if (id === undefined) throw new UsageError('--profile is required');
  const profile = findProfile(id);
  if (!profile)
    throw new UsageError(`unknown profile "${id}"; known: ${PROFILES.map((p) => p.id).join(', ')}`);
  return profile;
}

function printFailure(error: CardError): void {
  process.stderr.write(`读卡失败：${error.zh}\ncard read failed: ${error.en} [${error.code}]\n`);
}

async function waitForOutcome(
  supervisor: ReaderSupervisor,
  waitMs: number,
  reader: string | undefined,
): Promise<CardEvent | 'timeout'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      resolve('timeout');
    }, waitMs);
    supervisor.on((e) => {
      if (e.type === 'card-read' || e.type === 'card-error' || e.type === 'service-down') {
        clearTimeout(timer);
        resolve(e);
      }
    });
    supervisor.start();
    void supervisor.whenScanned().then(() => {
      const readers = supervisor.readers();
      if (reader !== undefined && !readers.some((r) => supervisor.matchesConfigured(r.name))) {
        clearTimeout(timer);
        const known = readers.map((r) => r.name).join(', ') || 'none';
        resolve({
          type: 'card-error',
          reader,
          error: cardError(
            'READER_NOT_FOUND',
            { reason: reader },
            {
              zh: `没有读卡器 "${reader}"（现有：${known}）`,
              en: `no reader "${reader}" (readers: ${known})`,
            },
          ),
        });
        return;
      }
      if (!readers.some((r) => r.present)) {
        process.stderr.write(
          `请插卡（最多等待 ${waitMs / 1000} 秒）/ insert a card (waiting up to ${waitMs / 1000} s); readers: ${readers.map((r) => r.name).join(', ') || 'none'}\n`,
        );
      }
    });
  });
}

async function readCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      reader: { type: 'string' },
      json: { type: 'boolean', default: false },
      unmasked: { type: 'boolean', default: false },
      psam: { type: 'string' },
      wait: { type: 'string', default: '30' },
      verbose: { type: 'boolean', default: false },
      virtual: { type: 'string' },
      fault: { type: 'string', multiple: true },
    },
    strict: true,
  });
  if (values.psam !== undefined && values.psam !== 'test')
    throw new UsageError('--psam accepts only "test" (the virtual cards\' test keys)');
  const waitS = Number(values.wait);
  if (!Number.isFinite(waitS) || waitS <= 0)
    throw new UsageError('--wait takes a positive number of seconds');
  let binding: PcscBinding;
  if (values.virtual !== undefined) {
    const inProcess = new InProcessBinding(['MedSettle Virtual Reader 00']);
    inProcess.insert(
      'MedSettle Virtual Reader 00',
      new VirtualCard(profileOf(values.virtual), { faults: faultsOf(values.fault) }),
    );
    binding = inProcess;
  } else {
    if (values.fault) throw new UsageError('--fault goes with --virtual (or with `card sim`)');
    binding = await loadSmartcardBinding({
      warn: values.verbose ? (l) => process.stderr.write(`${l}\n`) : undefined,
    });
  }
  const supervisor = new ReaderSupervisor({
    binding,
    today: () => chinaToday(new Date()),
    reader: values.reader,
    authenticator: values.psam === 'test' ? new TestKeyAuthenticator() : undefined,
    log: values.verbose ? (l) => process.stderr.write(`${l}\n`) : undefined,
  });
  const outcome = await waitForOutcome(supervisor, waitS * 1000, values.reader);
  await supervisor.stop();

  if (outcome === 'timeout') {
    printFailure(
      cardError('NO_CARD', undefined, {
        zh: `${waitS} 秒内没有读到卡`,
        en: `no card was read within ${waitS} s`,
      }),
    );
    return EXIT_FAILED;
  }
  if (outcome.type === 'service-down' || outcome.type === 'card-error') {
    printFailure(outcome.error);
    return EXIT_FAILED;
  }
  if (outcome.type !== 'card-read') return EXIT_FAILED;
  printReading(outcome.card, values.json, values.unmasked);
  if (outcome.card.expired)
    process.stderr.write(
      `注意：卡片已过期（有效期至 ${outcome.card.valid_to}）/ note: the card expired on ${outcome.card.valid_to}\n`,
    );
  if (outcome.card.needs_psam) {
    process.stderr.write(
      '三代社保卡：个人信息需要 PSAM 认证后才能读取 / 3rd-generation card: personal data needs PSAM authentication\n',
    );
    return EXIT_NEEDS_PSAM;
  }
  return EXIT_OK;
}

function printReading(card: CardReading, json: boolean, unmasked: boolean): void {
  if (json) process.stdout.write(`${JSON.stringify(toJsonView(visibleReading(card, unmasked)), null, 2)}\n`);
  else process.stdout.write(`${formatReading(card, unmasked)}\n`);
}

async function simCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      profile: { type: 'string' },
      'vpcd-port': { type: 'string', default: String(VPCD_PORT) },
      fault: { type: 'string', multiple: true },
      control: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const profile = profileOf(values.profile);
  const port = Number(values['vpcd-port']);
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    throw new UsageError('--vpcd-port takes a TCP port number');
  const faults = faultsOf(values.fault);
  const say = (event: string, text: string): void => {
    process.stdout.write(values.control ? `${JSON.stringify({ event, text })}\n` : `${text}\n`);
  };
  const link = new VpcdLink(new VirtualCard(profile, { faults }), {
    port,
    log: values.verbose ? (l) => process.stderr.write(`${l}\n`) : undefined,
  });
  const announceSeen = (): void => {
    link.whenSeen(5_000).then(
      () => {
        say(
          'inserted',
          `虚拟卡 ${profile.id} 已插入 vpcd 127.0.0.1:${port} / virtual card ${profile.id} inserted (Ctrl-C removes it)`,
        );
      },
      () => {
        say(
          'waiting',
          `等待 vpcd 127.0.0.1:${port}（pcscd 是否在运行？）/ waiting for vpcd on port ${port} (is pcscd running?)`,
        );
        announceSeen();
      },
    );
  };
  link.insert();
  announceSeen();

  return new Promise<number>((resolve) => {
    const finish = (): void => {
      void link.close().then(() => {
        say('closed', `虚拟卡 ${profile.id} 已取出 / virtual card removed`);
        resolve(EXIT_OK);
      });
    };
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
    if (!values.control) return;
    // Control mode (tests): `pull`, `insert`, `quit` on stdin, one JSON event per line on stdout.
    const rl = createInterface({ input: process.stdin });
    rl.on('line', (line) => {
      const command = line.trim();
      if (command === 'pull') {
        void link.pull().then(() => {
          say('pulled', 'pulled');
        });
      } else if (command === 'insert') {
        link.insert();
        announceSeen();
      } else if (command === 'quit') finish();
      else say('error', `unknown command ${command}`);
    });
    rl.on('close', finish);
  });
}

function profilesCommand(): number {
  for (const p of PROFILES) process.stdout.write(`${p.id.padEnd(14)} ${p.ef05.spec_version}  ${p.summary}\n`);
  return EXIT_OK;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'read') return await readCommand(rest);
    if (command === 'sim') return await simCommand(rest);
    if (command === 'profiles') return profilesCommand();
    throw new UsageError(command === undefined ? 'a command is required' : `unknown command "${command}"`);
  } catch (e: unknown) {
    if (
      e instanceof UsageError ||
      (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      process.stderr.write(`card: ${e.message}\n${USAGE}\n`);
      return EXIT_FAILED;
    }
    printFailure(toCardError(e));
    return EXIT_FAILED;
  }
}

// Exit explicitly: a PC/SC context or a stdin reader must not keep a finished command alive.
process.exit(await main(process.argv.slice(2)));
