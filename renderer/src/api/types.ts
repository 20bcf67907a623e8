/**
 * The contract's types as the renderer uses them (types only: the renderer imports no value
 * from the Node side).
 */
export type {
  ApiError,
  ApiResult,
  CatalogEntry,
  CardProfileView,
  Order,
  Patient,
  PreSettlement,
  SettlementReceipt,
  TerminalApi,
  TerminalEvent,
  TerminalStatus,
} from '../../../electron/service/contract.js';
