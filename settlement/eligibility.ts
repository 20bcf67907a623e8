/**
 * Eligibility: where the patient is insured against where they are treated (scope), which
 * cross-region filing applies, which benefit rule matches, and every reason the funds cannot
 * pay, in the contract's order.
 */
import type { Benefit, Encounter, Match, Person, Policy } from './schema.js';
import { notice, type IneligibleCode, type Notice, type WarningCode } from './errors.js';

export type Scope = 'local' | 'intra_province' | 'inter_province';
export type FilingStatus = 'none' | 'long_term' | 'referral' | 'emergency' | 'temporary_other' | 'unfiled';

/** The outcome of the eligibility check; `rule` is the matched benefit when eligible. */
export type Eligibility = {
  eligible: boolean;
  scope: Scope;
  filing: FilingStatus;
  rule: Benefit | undefined;
  reasons: Notice<IneligibleCode>[];
  warnings: Notice<WarningCode>[];
};

/** Scope from the two 6-character region codes, with no county-to-prefecture roll-up. */
export function scopeOf(insuplcAdmdvs: string, mdtrtareaAdmvs: string): Scope {
  if (insuplcAdmdvs === mdtrtareaAdmvs) return 'local';
  return insuplcAdmdvs.slice(0, 2) === mdtrtareaAdmvs.slice(0, 2) ? 'intra_province' : 'inter_province';
}

/** The filing that applies to this visit, and whether an existing filing was set aside. */
export function filingOf(person: Person, encounter: Encounter, scope: Scope): { status: FilingStatus; setAside: boolean } {
  if (scope === 'local') return { status: 'none', setAside: false };
  const filing = person.filing;
  if (!filing) return { status: 'unfiled', setAside: false };
  const date = encounter.date;
  const inWindow =
    (filing.valid_from === undefined || filing.valid_from <= date) && (filing.valid_to === undefined || date <= filing.valid_to);
  if (inWindow && filing.treatment_admdvs === encounter.mdtrtarea_admvs) return { status: filing.type, setAside: false };
  return { status: 'unfiled', setAside: true };
}

/** A request value as the JSON text a `match` list holds (`true` → "true", `3` → "3"). */
function asMatchText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Looks a match key up among derived values, then the encounter, then the person. */
export type MatchLookup = (key: string) => string | undefined;

/** Builds the lookup for one request: derived first, then encounter, then person. */
export function matchLookup(derived: Record<string, string>, encounter: Encounter, person: Person): MatchLookup {
  const levels: Record<string, unknown>[] = [derived, encounter, person];
  return (key) => {
    for (const level of levels) {
      const text = asMatchText(level[key]);
      if (text !== undefined) return text;
    }
    return undefined;
  };
}

/** Whether a rule's `match` accepts this request; a key it does not name matches anything. */
export function matches(match: Match, lookup: MatchLookup, age: number | undefined): boolean {
  if (match.age_min !== undefined && (age === undefined || age < match.age_min)) return false;
  if (match.age_max !== undefined && (age === undefined || age > match.age_max)) return false;
  for (const [key, allowed] of Object.entries(match.lists)) {
    const value = lookup(key);
    if (value === undefined || !allowed.includes(value)) return false;
  }
  return true;
}

/** Every reason the funds cannot pay, in the contract's order, and the benefit that matched. */
export function evaluateEligibility(person: Person, encounter: Encounter, policy: Policy): Eligibility & { lookup: MatchLookup } {
  const scope = scopeOf(person.insuplc_admdvs, encounter.mdtrtarea_admvs);
  const filing = filingOf(person, encounter, scope);
  const lookup = matchLookup({ scope, filing: filing.status }, encounter, person);
  const rule = policy.benefits.find((b) => matches(b.match, lookup, person.age));

  const reasons: Notice<IneligibleCode>[] = [];
  if (person.psn_insu_stas !== '1') reasons.push(notice('INSURANCE_INACTIVE'));
  const cardValidTo = person.card?.valid_to;
  if (cardValidTo !== undefined && cardValidTo < encounter.date) reasons.push(notice('CARD_EXPIRED'));
  if (!encounter.designated && policy.designated_required) reasons.push(notice('NOT_DESIGNATED'));
  const outsidePolicy =
    encounter.date < policy.valid_from ||
    encounter.date > policy.valid_to ||
    person.insuplc_admdvs !== policy.admdvs ||
    person.insutype !== policy.insutype;
  if (outsidePolicy) reasons.push(notice('POLICY_NOT_APPLICABLE'));
  if (!rule) reasons.push(notice(filing.status === 'unfiled' ? 'FILING_REQUIRED' : 'NO_RULE'));

  const warnings = filing.setAside ? [notice('FILING_NOT_APPLICABLE')] : [];
  const eligible = reasons.length === 0;
  return { eligible, scope, filing: filing.status, rule: eligible ? rule : undefined, reasons, warnings, lookup };
}
