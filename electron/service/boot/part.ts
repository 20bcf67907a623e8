/**
 * What boot hands each channel group so it can build its dependencies (boot/<group>.ts): the
 * configuration, the open store, the data folder, the clock, the log, and in training mode the
 * center simulator and the queue context.
 */
import type { CenterSimulator } from '../../center/sim/index.js';
import type { QueueContext } from '../../queue/index.js';
import type { Store } from '../../../db/index.js';
import type { TerminalConfig } from '../config.js';

/** Everything a group may build its dependencies from. */
export type BootContext = {
  config: TerminalConfig;
  /** The repository root: relative paths in the configuration resolve against it. */
  root: string;
  dataDir: string;
  store: Store;
  clock: () => Date;
  log: (line: string) => void;
  /** The center simulator (training mode), if one runs. */
  simulator: CenterSimulator | undefined;
  /** The queue's context (center client, identities, offline limits), if this terminal settles. */
  queue: QueueContext | undefined;
};

/** A group's dependencies and how to release what it started. */
export type BootedPart<D> = { deps: D | undefined; close?: () => Promise<void> };
