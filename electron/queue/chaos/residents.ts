/**
 * More patients for the simulator: copies of its local resident (张三, Ningbo 城乡居民 390) under
 * their own psn_no, card and ID number, each with his own account and year-to-date figures at the
 * center. With several persons the uploader's lanes carry messages side by side (one person's
 * always in order); the crash test and the drain bench use them. Names and numbers are fictitious.
 */
import { DEFAULT_SIM_CONFIG, DEMO_PERSONS, type PersonSeed, type SimConfig } from '../../center/sim/index.js';

/** The i-th copy (1 ≤ i ≤ 9999) of the demo resident. */
export function residentCopy(i: number): PersonSeed {
  const base = DEMO_PERSONS[0];
  if (!base) throw new Error('the simulator has no demo resident');
  const n = String(i).padStart(4, '0');
  return {
    ...base,
    psn_no: `3302009900000000${n}`,
    psn_name: `张${n}`,
    certno: `33020019900101${n}`,
    card_no: `A330299${n}`,
    card_sn: `330200D1560000050000000000${n}99`,
  };
}

/** The simulator's default configuration plus `copies` copies of the demo resident. */
export function simConfigWithResidents(copies: number): SimConfig {
  return { ...DEFAULT_SIM_CONFIG, persons: [...DEFAULT_SIM_CONFIG.persons, ...Array.from({ length: copies }, (_, i) => residentCopy(i + 1))] };
}

/** The persons a workload draws from: the demo resident and his copies, as (psn_no, card number). */
export function residents(copies: number): { psn_no: string; card_no: string }[] {
  const base = DEMO_PERSONS[0];
  if (!base) throw new Error('the simulator has no demo resident');
  return [base, ...Array.from({ length: copies }, (_, i) => residentCopy(i + 1))].map((p) => ({ psn_no: p.psn_no, card_no: p.card_no }));
}
