/**
 * The center protocol's public face: the national envelope, msgids, transaction schemas, the
 * typed client with its four outcome classes, gateway adapters and the identity checks.
 * The simulator (./sim) is imported from its own entry point: a terminal never ships it.
 */
export { centerError, type CenterError, type CenterErrorCode, type CenterResult } from './errors.js';
export {
  formatMsgid,
  parseMsgid,
  FIXMEDINS_CODE,
  MAX_MSGID_SEQ,
  type MsgidSource,
  type MsgidParts,
} from './msgid.js';
export {
  formatInfTime,
  formatCompactTime,
  formatMillisTime,
  formatDay,
  parseInfTime,
  CHINA_UTC_OFFSET_MINUTES,
} from './time.js';
export {
  requestEnvelopeSchema,
  responseEnvelopeSchema,
  inputPsnNo,
  OPTER_TYPES,
  type OpterType,
  type RequestEnvelope,
  type ResponseEnvelope,
} from './envelope.js';
export {
  transactions,
  isInfno,
  COMMITTING_INFNOS,
  type Infno,
  type InputOf,
  type OutputOf,
  type ParsedInputOf,
} from './transactions.js';
export {
  SETLINFO_AMOUNTS,
  type Setlinfo,
  type Setldetail,
  type FeeLine,
  type SettleOutput,
} from './tx-settle.js';
export { STMT_BALANCED, STMT_UNBALANCED } from './tx-reconcile.js';
export type { Gateway, GatewayRequest, GatewayResult } from './gateway.js';
export { createHttpGateway, MSGID_ECHO_HEADER, type HttpGatewayOptions } from './http-gateway.js';
export {
  createCenterClient,
  classify,
  type CenterClient,
  type CenterClientOptions,
  type CenterIdentity,
  type CallContext,
  type CallOutcome,
  type PreparedRequest,
} from './client.js';
export {
  checkCenterSettlement,
  compareWithLocal,
  COMPARED_FIELDS,
  type SettlementCheck,
  type IdentityFinding,
  type AmountDisagreement,
  type CenterAnswer,
  type CheckOptions,
} from './identities.js';
