/**
 * The store's stable error codes, each with a Chinese and an English message. Callers branch on
 * `code`, never on `instanceof` across processes; codes keep their meaning forever.
 */

/** Every way the store can refuse or fail. */
export type StoreErrorCode =
  | 'DB_NEWER_THAN_APP'
  | 'DB_NOT_MIGRATED'
  | 'MIGRATION_FAILED'
  | 'INVALID_AMOUNT'
  | 'TOO_MANY_DECIMALS'
  | 'AMOUNT_OUT_OF_RANGE'
  | 'INVALID_FIXMEDINS_CODE'
  | 'CIPHER_ENVELOPE_INVALID'
  | 'CIPHER_TAMPERED'
  | 'KEY_INVALID'
  | 'KEY_FILE_PERMISSIONS'
  | 'KEY_FILE_INVALID'
  | 'CATALOG_CSV_INVALID'
  | 'INVALID_STATE_TRANSITION'
  | 'NOT_FOUND'
  | 'CORRUPT_ROW'
  | 'PAYLOAD_HASH_MISMATCH'
  | 'PERSONAL_DATA_IN_PLAIN_JSON'
  | 'INVALID_POLICY_PACK'
  | 'INVALID_PIN'
  | 'INVALID_INPUT';

const messages: Record<StoreErrorCode, { zh: string; en: string }> = {
  DB_NEWER_THAN_APP: {
    zh: '数据库由更新版本的程序创建，本程序不能打开，也不会降级；请升级程序',
    en: 'the database was written by a newer version of the program; it is refused and never downgraded: upgrade the program',
  },
  DB_NOT_MIGRATED: {
    zh: '数据库尚未初始化到所需版本',
    en: 'the database has not been migrated to the required version',
  },
  MIGRATION_FAILED: { zh: '数据库迁移失败，已回滚', en: 'a database migration failed and was rolled back' },
  INVALID_AMOUNT: { zh: '金额不是有效的十进制字符串', en: 'the amount is not a valid decimal string' },
  TOO_MANY_DECIMALS: { zh: '金额最多两位小数', en: 'an amount has at most 2 decimal places' },
  AMOUNT_OUT_OF_RANGE: {
    zh: '金额超出可安全存储的范围',
    en: 'the amount is outside the range that can be stored exactly',
  },
  INVALID_FIXMEDINS_CODE: {
    zh: '定点医药机构编号必须是 12 位字母或数字',
    en: 'the designated institution code (fixmedins_code) must be 12 letters or digits',
  },
  CIPHER_ENVELOPE_INVALID: { zh: '加密数据格式无效', en: 'the encrypted value is not a valid envelope' },
  CIPHER_TAMPERED: {
    zh: '加密数据校验失败：数据被篡改、放错字段或密钥不对',
    en: 'the encrypted value failed authentication: it was altered, moved to another column, or the key is wrong',
  },
  KEY_INVALID: { zh: '数据密钥必须是 32 字节', en: 'the data key must be 32 bytes' },
  KEY_FILE_PERMISSIONS: {
    zh: '密钥文件权限过宽（组或其他用户可读写），拒绝使用；请设为 0600',
    en: 'the key file is accessible by group or others and is refused: set its mode to 0600',
  },
  KEY_FILE_INVALID: { zh: '密钥文件内容无效', en: 'the key file does not hold a valid key' },
  CATALOG_CSV_INVALID: {
    zh: '目录 CSV 文件有错误，未导入任何记录',
    en: 'the catalog CSV has errors; nothing was imported',
  },
  INVALID_STATE_TRANSITION: { zh: '不允许的状态变更', en: 'this state change is not allowed' },
  NOT_FOUND: { zh: '记录不存在', en: 'no such record' },
  CORRUPT_ROW: { zh: '数据库中的记录不符合预期格式', en: 'a stored record does not have the expected shape' },
  PAYLOAD_HASH_MISMATCH: {
    zh: '待发送报文的摘要与内容不符',
    en: 'the outbox payload does not match its stored hash',
  },
  PERSONAL_DATA_IN_PLAIN_JSON: {
    zh: '明文 JSON 中含有身份证号或姓名等个人信息，拒绝保存',
    en: 'a plain JSON document holds personal data (ID number or name) and is refused',
  },
  INVALID_POLICY_PACK: { zh: '待遇政策包无效', en: 'the policy pack is not valid' },
  INVALID_PIN: { zh: '密码必须是 4 到 12 位数字', en: 'a PIN is 4 to 12 digits' },
  INVALID_INPUT: { zh: '输入无效', en: 'invalid input' },
};

/** An unexpected or refused store operation, with a stable code and zh/en messages. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;
  readonly zh: string;
  readonly en: string;
  readonly details: unknown;

  /** Builds the error; `detail` (English, Chinese) says precisely what was wrong. */
  constructor(
    code: StoreErrorCode,
    detail?: { en: string; zh: string },
    options?: { cause?: unknown; details?: unknown },
  ) {
    const base = messages[code];
    const en = detail ? `${base.en}: ${detail.en}` : base.en;
    const zh = detail ? `${base.zh}：${detail.zh}` : base.zh;
    super(en, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.zh = zh;
    this.en = en;
    this.details = options?.details;
  }
}

/** Builds a StoreError whose detail text is the same in both languages (codes, numbers, paths). */
export function storeError(
  code: StoreErrorCode,
  detail?: string,
  options?: { cause?: unknown; details?: unknown },
): StoreError {
  return new StoreError(code, detail === undefined ? undefined : { en: detail, zh: detail }, options);
}
