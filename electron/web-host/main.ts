/**
 * `npm run start:browser`: boots the terminal service (training mode without a configuration)
 * and serves it with the renderer build on 127.0.0.1, printing the URL with its token.
 *
 *   npm run start:browser [-- --config terminal.json] [--port 8080]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bootTerminal } from '../service/boot.js';
import { ConfigError, loadConfig } from '../service/config.js';
import { startWebHost } from './server.js';

const root = path.resolve(import.meta.dirname, '..', '..');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: 'string' }, port: { type: 'string' } } });
  const configFile = values.config ?? process.env.MEDSETTLE_CONFIG;
  const config = loadConfig(configFile);
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const terminal = await bootTerminal(config, { root, log });
  const host = await startWebHost({
    service: terminal.service,
    staticDir: path.join(root, 'renderer', 'dist'),
    port: values.port === undefined ? 0 : Number.parseInt(values.port, 10),
    log,
  });
  const mode = config.training ? '培训模式 training mode (virtual card, demo catalog, center simulator)' : config.facility.name;
  process.stdout.write(`MedSettle terminal — ${mode}\nOpen: ${host.url}\n`);
  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    host
      .close()
      .then(() => terminal.close())
      .then(() => process.exit(0))
      .catch((e: unknown) => {
        log(`shutdown failed: ${e instanceof Error ? e.message : String(e)}`);
        process.exit(1);
      });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) process.stderr.write(`${e.message}\n`);
  else process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(2);
});
