/**
 * Chinese first, English under it: every label and message on the terminal reads this way.
 */
import type { ReactNode } from 'react';

/** A Chinese text with its English in smaller type. */
export function Bi({ zh, en, inline = false }: { zh: ReactNode; en: ReactNode; inline?: boolean }) {
  return inline ? (
    <span className="bi">
      {zh} <span className="en">{en}</span>
    </span>
  ) : (
    <span className="bi block">
      <span className="zh">{zh}</span>
      <span className="en">{en}</span>
    </span>
  );
}

/** An amount exactly as the engine gave it (a decimal string), in tabular figures. */
export function Money({ value, strong = false }: { value: string; strong?: boolean }) {
  return <span className={strong ? 'money strong' : 'money'}>¥{value}</span>;
}
