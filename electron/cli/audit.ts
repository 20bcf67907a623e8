/**
 * `npm run -s audit -- verify [--db PATH]`: walks the store's audit chain. Prints OK with the
 * row count and exits 0, or names the first broken row and exits 1. Bad usage or a database
 * that cannot be opened exits 2. The database is opened read-only and never migrated.
 * Default path: $MEDSETTLE_DB, else ./.data/medsettle.sqlite.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { defaultDbPath, openDatabase } from '../../db/connection.js';
import { verifyAuditChain } from '../../db/audit.js';
import { StoreError } from '../../db/errors.js';

const USAGE = 'usage: npm run -s audit -- verify [--db PATH]';

/** Runs the CLI on argv; returns the exit code and what to print where. */
export function runAuditCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): { code: 0 | 1 | 2; stdout: string; stderr: string } {
  const [command, ...rest] = argv;
  if (command !== 'verify') return { code: 2, stdout: '', stderr: `${USAGE}\n` };
  let file = defaultDbPath(env);
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i];
    if (arg === '--db' && rest[i + 1] !== undefined) {
      file = rest[i + 1] ?? file;
      i += 1;
    } else if (arg?.startsWith('--db=') === true) {
      file = arg.slice('--db='.length);
    } else {
      return { code: 2, stdout: '', stderr: `${USAGE}\n` };
    }
  }
  let db;
  try {
    db = openDatabase(file, { readonly: true });
  } catch (cause) {
    if (cause instanceof StoreError)
      return { code: 2, stdout: '', stderr: `${cause.code}: ${cause.en}\n${cause.zh}\n` };
    const reason = cause instanceof Error ? cause.message : String(cause);
    return { code: 2, stdout: '', stderr: `cannot open ${file}: ${reason}\n无法打开数据库 ${file}\n` };
  }
  try {
    const verdict = verifyAuditChain(db);
    if (verdict.ok) {
      return {
        code: 0,
        stdout: `OK ${verdict.count} rows, head ${verdict.head}\n审计链完整：${verdict.count} 条记录\n`,
        stderr: '',
      };
    }
    const bad = verdict.firstBad;
    const detail = bad.expected !== undefined ? ` (expected ${bad.expected}, found ${bad.found ?? ''})` : '';
    return {
      code: 1,
      stdout: `BROKEN at row ${bad.id}: ${bad.reason}${detail}\n审计链在第 ${bad.id} 行断开：${bad.reason}\n`,
      stderr: '',
    };
  } catch (cause) {
    // e.g. a database of an older schema without audit_log: a failure to verify, not a pass.
    const reason = cause instanceof Error ? cause.message : String(cause);
    return { code: 2, stdout: '', stderr: `cannot verify ${file}: ${reason}\n无法校验 ${file}\n` };
  } finally {
    db.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const result = runAuditCli(process.argv.slice(2));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
}
