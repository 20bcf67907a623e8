/**
 * The queue CLI's configuration, from flags, then the environment, then safe defaults (the demo
 * institution in training mode): where the database and its key are, which center to talk to and
 * as whom, and the queue settings file. Every problem is a clear zh/en error, never a stack trace.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultDbPath } from '../../db/connection.js';
import type { CenterIdentity } from '../center/client.js';
import { FIXMEDINS_CODE } from '../center/msgid.js';
import { resolveQueueConfig, type QueueConfig } from './config.js';
import { queueError, type QueueResult } from './errors.js';

/** Flags the CLI accepts (strings as parsed). */
export type CliFlags = {
  db?: string | undefined;
  'key-file'?: string | undefined;
  center?: string | undefined;
  fixmedins?: string | undefined;
  'fixmedins-name'?: string | undefined;
  admdvs?: string | undefined;
  opter?: string | undefined;
  config?: string | undefined;
  'timeout-ms'?: string | undefined;
};

/** Everything a CLI command may need. */
export type CliConfig = {
  dbPath: string;
  keyFile: string;
  /** Null when neither --center nor MEDSETTLE_CENTER_URL is given (status does not need one). */
  centerUrl: string | null;
  identity: CenterIdentity;
  queue: QueueConfig;
  timeoutMs: number;
};

const invalid = (zh: string, en: string): QueueResult<never> => ({ ok: false, error: queueError('CONFIG_INVALID', { zh, en }) });

const pick = (flag: string | undefined, env: string | undefined): string | undefined => (flag !== undefined && flag !== '' ? flag : env !== undefined && env !== '' ? env : undefined);

/** Resolves the configuration; the environment is injected for tests. */
export function resolveCliConfig(flags: CliFlags, env: NodeJS.ProcessEnv = process.env): QueueResult<CliConfig> {
  const dbPath = pick(flags.db, undefined) ?? defaultDbPath(env);
  const keyFile = pick(flags['key-file'], env.MEDSETTLE_KEY_FILE) ?? path.join(path.dirname(dbPath), 'keys', 'data.key');
  const centerUrl = pick(flags.center, env.MEDSETTLE_CENTER_URL) ?? null;
  if (centerUrl !== null && !/^https?:\/\/[^\s]+$/.test(centerUrl)) {
    return invalid(`医保中心地址 ${centerUrl} 应为 http(s):// 地址`, `the center URL ${centerUrl} must be an http(s):// URL`);
  }
  const code = pick(flags.fixmedins, env.MEDSETTLE_FIXMEDINS_CODE) ?? 'H33020000001';
  if (!FIXMEDINS_CODE.test(code)) return invalid(`定点医药机构编号 ${code} 应为 12 位字母或数字`, `fixmedins code ${code} must be 12 letters or digits`);
  const admdvs = pick(flags.admdvs, env.MEDSETTLE_ADMDVS) ?? '330200';
  if (!/^\d{6}$/.test(admdvs)) return invalid(`就医地医保区划 ${admdvs} 应为 6 位数字`, `admdvs ${admdvs} must be 6 digits`);
  const opter = pick(flags.opter, env.MEDSETTLE_OPTER) ?? 'queue-cli';
  const timeoutText = pick(flags['timeout-ms'], env.MEDSETTLE_CENTER_TIMEOUT_MS) ?? '15000';
  if (!/^\d{2,7}$/.test(timeoutText)) return invalid(`超时 ${timeoutText} 应为毫秒数`, `timeout ${timeoutText} must be milliseconds`);

  let raw: unknown = {};
  const configFile = pick(flags.config, env.MEDSETTLE_QUEUE_CONFIG);
  if (configFile !== undefined) {
    if (!existsSync(configFile)) return invalid(`找不到队列配置文件 ${configFile}`, `no queue configuration file ${configFile}`);
    try {
      raw = JSON.parse(readFileSync(configFile, 'utf8'));
    } catch (cause) {
      const why = cause instanceof Error ? cause.message : String(cause);
      return invalid(`队列配置文件 ${configFile} 不是有效的 JSON：${why}`, `the queue configuration ${configFile} is not JSON: ${why}`);
    }
  }
  const queue = resolveQueueConfig(raw);
  if (!queue.ok) return queue;
  return {
    ok: true,
    value: {
      dbPath,
      keyFile,
      centerUrl,
      queue: queue.value,
      timeoutMs: Number(timeoutText),
      identity: {
        fixmedins_code: code,
        fixmedins_name: pick(flags['fixmedins-name'], env.MEDSETTLE_FIXMEDINS_NAME) ?? '宁波演示医院',
        mdtrtarea_admvs: admdvs,
        recer_sys_code: 'MEDSETTLE',
        infver: 'V1.0',
        opter_type: '1',
        opter,
        opter_name: opter,
      },
    },
  };
}
