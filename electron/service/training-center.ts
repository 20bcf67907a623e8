/**
 * The center simulator as training mode runs it: it knows the virtual card holders as the
 * demo enrolments describe them (same psn_no, insured area, balance, filing) and starts from
 * their year-to-date figures, so that its settlement agrees with the terminal's pre-settlement.
 */
import path from 'node:path';
import { findProfile } from '../card/profiles.js';
import { DEFAULT_SIM_CONFIG, startCenterSimulator, type CenterSimulator, type PersonSeed } from '../center/sim/index.js';
import { openSimStore } from '../center/sim/store.js';
import { TRAINING_ENROLMENTS } from './enrolment.js';

const iso = (yyyymmdd: string): string => `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;

/** The simulator's persons for the virtual card profiles that have a demo enrolment. */
export function trainingPersons(businessDate: string): PersonSeed[] {
  const persons: PersonSeed[] = [];
  for (const [profileId, e] of Object.entries(TRAINING_ENROLMENTS)) {
    const profile = findProfile(profileId);
    if (!profile) continue;
    const p = profile.ef06;
    const brdy = iso(p.birth_date);
    const age = Number(businessDate.slice(0, 4)) - Number(brdy.slice(0, 4)) - (businessDate.slice(5) < brdy.slice(5) ? 1 : 0);
    persons.push({
      psn_no: e.psn_no,
      psn_name: p.name,
      psn_cert_type: '01',
      certno: p.ssn,
      gend: p.gender === '2' ? '2' : '1',
      naty: p.ethnicity,
      brdy,
      age,
      card_no: profile.ef05.card_no,
      card_sn: profile.ef05.card_sn,
      card_valid_to: iso(profile.ef05.valid_to),
      insutype: e.insutype,
      psn_type: e.psn_type,
      psn_insu_stas: e.psn_insu_stas,
      psn_insu_date: '2015-01-01',
      cvlserv_flag: '0',
      insuplc_admdvs: e.insuplc_admdvs,
      emp_name: '',
      balc: e.acct_balance,
      filing: e.filing,
    });
  }
  return persons;
}

/** Starts the training simulator in dataDir, seeding the demo year-to-date figures once. */
export async function startTrainingCenter(options: {
  dataDir: string;
  businessDate: string;
  clock: () => Date;
  log: (line: string) => void;
}): Promise<CenterSimulator> {
  const dbPath = path.join(options.dataDir, 'center-sim.sqlite');
  const persons = [...DEFAULT_SIM_CONFIG.persons, ...trainingPersons(options.businessDate)];
  const year = options.businessDate.slice(0, 4);
  const seed = openSimStore(dbPath, persons);
  try {
    for (const e of Object.values(TRAINING_ENROLMENTS)) {
      // Only where the center has no figures yet: a restart keeps what training settled.
      if (seed.ytd(e.psn_no, year, e.insutype) === undefined) seed.setYtd(e.psn_no, year, e.insutype, { fund_paid: {}, layer_base: {}, ...e.ytd });
    }
  } finally {
    seed.close();
  }
  const started = await startCenterSimulator({ dbPath, config: { ...DEFAULT_SIM_CONFIG, persons }, clock: options.clock, log: options.log });
  if (!started.ok) throw new Error(`center simulator: ${started.error.en} / ${started.error.zh}`);
  return started.value;
}
