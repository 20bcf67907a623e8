/**
 * The terminal service's public face: the contract, the service, its configuration and boot.
 */
export * from './contract.js';
export { createTerminalService, type TerminalService, type TerminalServiceOptions } from './service.js';
export { loadConfig, parseConfig, DEFAULT_CONFIG, ConfigError, type TerminalConfig } from './config.js';
export { bootTerminal, TRAINING_READER, type BootedTerminal } from './boot.js';
export { loadCatalog, createCatalog, parseCatalog, type Catalog } from './catalog.js';
