/**
 * The configuration as the Electron host reads it: the file from `--config` or MEDSETTLE_CONFIG
 * (as the web host), no file meaning training mode, and the data folder moved to userData when
 * packaged (the app folder is a read-only asar archive there). No Electron import.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { TerminalConfig } from '../service/config.js';

/** The configuration file named on the command line or in MEDSETTLE_CONFIG, if any. */
export function configFileFrom(argv: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  // Electron and Chromium add switches of their own: take ours and leave the rest alone.
  const { values } = parseArgs({ args: [...argv], options: { config: { type: 'string' } }, strict: false, allowPositionals: true });
  const fromArgs = values.config;
  if (typeof fromArgs === 'string' && fromArgs !== '') return fromArgs;
  const fromEnv = env.MEDSETTLE_CONFIG;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : undefined;
}

/** The configuration with a relative data folder under userData when packaged. */
export function hostConfig(config: TerminalConfig, options: { packaged: boolean; userData: string }): TerminalConfig {
  if (!options.packaged || path.isAbsolute(config.dataDir)) return config;
  return { ...config, dataDir: path.join(options.userData, config.dataDir) };
}

/** The window options the configuration asks for, with their defaults. */
export function windowOptions(config: TerminalConfig): { kiosk: boolean; fullscreen: boolean; printer: string | undefined; devTools: boolean | undefined } {
  const w = config.window;
  return { kiosk: w?.kiosk ?? false, fullscreen: w?.fullscreen ?? w?.kiosk ?? false, printer: w?.printer, devTools: w?.devTools };
}
