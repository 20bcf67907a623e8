/**
 * Human-readable rendering of a card reading for the CLI and logs: bilingual labels, masked by
 * default. Pure.
 */
import { maskCard, toJsonView, type CardReading } from './card-record.js';

const labels: readonly [keyof ReturnType<typeof toJsonView>, string][] = [
  ['reader', '读卡器 reader'],
  ['atr', '复位信息 atr'],
  ['card_sn', '卡识别码 card_sn'],
  ['region', '发卡地区 region'],
  ['card_type', '卡类别 card_type'],
  ['spec_version', '规范版本 spec_version'],
  ['init_org', '初始化机构 init_org'],
  ['issue_date', '发卡日期 issue_date'],
  ['valid_to', '有效期至 valid_to'],
  ['card_no', '卡号 card_no'],
  ['ssn', '社会保障号码 ssn'],
  ['name', '姓名 name'],
  ['gender', '性别 gender'],
  ['ethnicity', '民族 ethnicity'],
  ['birthplace', '出生地 birthplace'],
  ['birth_date', '出生日期 birth_date'],
  ['needs_psam', '需要PSAM needs_psam'],
];

const genders: Record<string, string> = {
  '1': '男 / male',
  '2': '女 / female',
  '0': '未知 / unknown',
  '9': '未说明 / unstated',
};

/** The reading as it is shown: masked unless `unmasked`. */
export function visibleReading(reading: CardReading, unmasked: boolean): CardReading {
  return unmasked ? reading : maskCard(reading);
}

/** The reading as aligned `label  value` lines. */
export function formatReading(reading: CardReading, unmasked: boolean): string {
  const view = toJsonView(visibleReading(reading, unmasked));
  const width = Math.max(...labels.map(([, l]) => displayWidth(l)));
  const lines = labels.map(([key, label]) => {
    const value = view[key];
    let shown: string;
    if (value === null)
      shown = reading.needs_psam ? '—（需 PSAM 认证 / locked until PSAM authentication）' : '—';
    else if (typeof value === 'boolean') shown = value ? '是 / yes' : '否 / no';
    else shown = String(value);
    if (key === 'gender' && typeof value === 'string') shown = `${value} (${genders[value] ?? '?'})`;
    if (key === 'spec_version')
      shown = `${shown} (第${reading.generation}代 / generation ${reading.generation})`;
    if (key === 'valid_to' && reading.expired) shown = `${shown}  已过期 / EXPIRED`;
    return `${label}${' '.repeat(width - displayWidth(label) + 2)}${shown}`;
  });
  return lines.join('\n');
}

/** Terminal columns of a string: CJK characters take two. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      ch,
    )
      ? 2
      : 1;
  return w;
}
