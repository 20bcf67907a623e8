/**
 * Training mode's center knows the virtual card holders exactly as the cards say: the same ID
 * number, card number and card_sn, and the insured region and filing of their demo enrolment,
 * so 1101 finds each card and the terminal's estimate matches what the simulator settles.
 */
import { describe, expect, it } from 'vitest';
import { findProfile } from '../../../electron/card/profiles.js';
import { TRAINING_BILLS } from '../../../electron/service/handlers/kiosk.js';
import { TRAINING_ENROLMENTS } from '../../../electron/service/enrolment.js';
import { trainingPersons } from '../../../electron/service/training-center.js';

describe('the training simulator’s persons', () => {
  const persons = trainingPersons('2025-06-16');

  it('has one person per virtual card with a demo enrolment, matching the card', () => {
    expect(persons).toHaveLength(Object.keys(TRAINING_ENROLMENTS).length);
    for (const [profileId, e] of Object.entries(TRAINING_ENROLMENTS)) {
      const profile = findProfile(profileId);
      const person = persons.find((p) => p.psn_no === e.psn_no);
      expect(profile, profileId).toBeDefined();
      expect(person, profileId).toMatchObject({
        certno: profile?.ef06.ssn,
        card_no: profile?.ef05.card_no,
        card_sn: profile?.ef05.card_sn,
        psn_name: profile?.ef06.name,
        insuplc_admdvs: e.insuplc_admdvs,
        insutype: e.insutype,
        balc: e.acct_balance,
        filing: e.filing,
      });
    }
  });

  it('gives every such card a demo bill at the kiosk', () => {
    expect(Object.keys(TRAINING_BILLS).sort()).toEqual(Object.keys(TRAINING_ENROLMENTS).sort());
  });
});
