/**
 * Masking for anything a person may read in a log, an audit row or an error: the one place that
 * decides how much of an ID number or a name may be shown. Nothing else prints them unmasked.
 */

/** Masks an ID number (身份证号) or social security number: 440305199001011235 → 440305********1235. */
export function maskSsn(ssn: string): string {
  const chars = Array.from(ssn);
  // Region (6) and check part (4) stay: enough for a clerk to match a card, not enough to identify.
  if (chars.length > 10)
    return chars.slice(0, 6).join('') + '*'.repeat(chars.length - 10) + chars.slice(-4).join('');
  if (chars.length > 2) return '*'.repeat(chars.length - 2) + chars.slice(-2).join('');
  return '*'.repeat(chars.length);
}

/** Masks a person's name to its first character: 欧阳娜娜 → 欧***, 张三 → 张*. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= 1) return '*'.repeat(chars.length);
  return (chars[0] ?? '') + '*'.repeat(chars.length - 1);
}
