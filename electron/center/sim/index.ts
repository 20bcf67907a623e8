/**
 * The center simulator's entry point (training and tests only; a terminal never ships it):
 * start it, configure its faults, read its ledger.
 */
export {
  startCenterSimulator,
  type CenterSimulator,
  type CenterSimulatorOptions,
  type SimStats,
} from './server.js';
export {
  parseFaults,
  parseFaultSpec,
  parseFaultObject,
  describeFaults,
  createFaultPlan,
  seededRandom,
  NO_FAULTS,
  type FaultConfig,
  type FaultAction,
} from './faults.js';
export {
  DEFAULT_SIM_CONFIG,
  DEMO_PERSONS,
  parseSimConfig,
  type SimConfig,
  type PersonSeed,
} from './config.js';
export { readLedgerFile, type LedgerRow, type LedgerFilter, type SettlementState } from './store.js';
export { REVERSIBLE_INFNOS } from './correct-handler.js';
