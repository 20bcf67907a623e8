/**
 * Who a card's holder is insured as. A real terminal asks the center (1101 人员信息获取); this
 * slice does not call the center yet, so training mode looks the card up in the demo enrolments
 * below, one per virtual card profile. Invented people, illustrative balances.
 */

/** What the insurance knows about a card holder, in the engine's field names. */
export type Enrolment = {
  psn_no: string;
  insutype: string;
  psn_type: string;
  insuplc_admdvs: string;
  psn_insu_stas: string;
  acct_balance: string;
  filing: { type: 'long_term' | 'referral' | 'emergency' | 'temporary_other'; treatment_admdvs: string; valid_from: string | null; valid_to: string | null } | null;
  /** Year-to-date accumulators before this visit. */
  ytd: {
    deductible_paid: string;
    inscp_accumulated: string;
    admissions: number;
    fund_paid?: Record<string, string>;
    layer_base?: Record<string, string>;
  };
};

/** Finds a card holder's enrolment by the card's ID number. */
export type EnrolmentLookup = (ssn: string) => Enrolment | undefined;

const zeroYtd = { deductible_paid: '0.00', inscp_accumulated: '0.00', admissions: 0 };

/** The demo enrolments, by virtual card profile id; resolved through each profile's ID number. */
export const TRAINING_ENROLMENTS: Readonly<Record<string, Enrolment>> = {
  // ouyang-2g: local Ningbo resident, deductible already met this year, a small account balance.
  'ouyang-2g': {
    psn_no: '33020000000000000101',
    insutype: '390',
    psn_type: 'resident_adult',
    insuplc_admdvs: '330200',
    psn_insu_stas: '1',
    acct_balance: '10.00',
    filing: null,
    ytd: { deductible_paid: '300.00', inscp_accumulated: '300.00', admissions: 0 },
  },
  // chen-2g: local resident, deductible not yet met: the fund pays nothing yet.
  'chen-2g': {
    psn_no: '33020000000000000102',
    insutype: '390',
    psn_type: 'resident_adult',
    insuplc_admdvs: '330200',
    psn_insu_stas: '1',
    acct_balance: '0.00',
    filing: null,
    ytd: zeroYtd,
  },
  // zhao-1g: insured in Bayannur (Inner Mongolia), filed for referral: cross-province.
  'zhao-1g': {
    psn_no: '15080000000000000103',
    insutype: '310',
    psn_type: 'in_service',
    insuplc_admdvs: '150800',
    psn_insu_stas: '1',
    acct_balance: '2760.00',
    filing: { type: 'referral', treatment_admdvs: '330200', valid_from: '2025-01-01', valid_to: '2025-12-31' },
    ytd: zeroYtd,
  },
  // maimaiti-2g: insured in Shanghai, not filed here: cross-province and unfiled.
  'maimaiti-2g': {
    psn_no: '31010000000000000104',
    insutype: '310',
    psn_type: 'in_service',
    insuplc_admdvs: '310100',
    psn_insu_stas: '1',
    acct_balance: '1500.00',
    filing: null,
    ytd: zeroYtd,
  },
};

/** The training lookup: each demo profile's enrolment under its ID number. */
export function trainingEnrolments(ssnOfProfile: (profileId: string) => string | undefined): EnrolmentLookup {
  const table = new Map<string, Enrolment>();
  for (const [profileId, enrolment] of Object.entries(TRAINING_ENROLMENTS)) {
    const ssn = ssnOfProfile(profileId);
    if (ssn !== undefined) table.set(ssn, enrolment);
  }
  return (ssn) => table.get(ssn);
}

/** The bundled policy pack for an insured area and insurance type (demo packs). */
export function policyRefFor(insuplcAdmdvs: string, insutype: string): string | undefined {
  return POLICY_ROUTES[`${insuplcAdmdvs}/${insutype}`];
}

const POLICY_ROUTES: Readonly<Record<string, string>> = {
  '330200/390': 'demo-330200-2025-390',
  '150800/310': 'nmg-150800-2025-310',
  '370700/310': 'weifang-370700-2022-310',
  '310100/310': 'shanghai-310100-2024-310',
  '532900/390': 'dali-532900-2023-390',
};
