/**
 * The patient panel's data: the card read (masked: the panel never shows the full ID number or
 * name) joined with the holder's enrolment, and the cross-region scope against the facility.
 */
import { maskCard, type CardReading } from '../card/card-record.js';
import type { Patient } from './contract.js';
import type { Enrolment } from './enrolment.js';

const INSUTYPES: Readonly<Record<string, { zh: string; en: string }>> = {
  '310': { zh: '职工基本医疗保险', en: 'Employee basic medical insurance' },
  '390': { zh: '城乡居民基本医疗保险', en: 'Resident basic medical insurance' },
};

const REGIONS: Readonly<Record<string, { zh: string; en: string }>> = {
  '330200': { zh: '浙江省宁波市', en: 'Ningbo, Zhejiang' },
  '150800': { zh: '内蒙古巴彦淖尔市', en: 'Bayannur, Inner Mongolia' },
  '370700': { zh: '山东省潍坊市', en: 'Weifang, Shandong' },
  '310100': { zh: '上海市', en: 'Shanghai' },
  '532900': { zh: '云南省大理州', en: 'Dali, Yunnan' },
  '110100': { zh: '北京市', en: 'Beijing' },
};

/** local, intra_province or inter_province: the engine's rule (same area, same province, else). */
export function scopeOf(insuplc: string, facility: string): 'local' | 'intra_province' | 'inter_province' {
  if (insuplc === facility) return 'local';
  return insuplc.slice(0, 2) === facility.slice(0, 2) ? 'intra_province' : 'inter_province';
}

/** The masked patient view of a card reading and its enrolment (null when none was found). */
export function patientView(reading: CardReading, enrolment: Enrolment | undefined, facilityAdmdvs: string): Patient {
  const masked = maskCard(reading);
  return {
    card: {
      reader: reading.reader,
      name: masked.name,
      ssn: masked.ssn,
      card_no: reading.card_no,
      generation: reading.generation,
      valid_to: reading.valid_to,
      expired: reading.expired,
      needs_psam: reading.needs_psam,
    },
    insurance: enrolment
      ? {
          psn_no: enrolment.psn_no,
          insutype: enrolment.insutype,
          insutypeName: INSUTYPES[enrolment.insutype] ?? { zh: enrolment.insutype, en: enrolment.insutype },
          psn_type: enrolment.psn_type,
          insuplc_admdvs: enrolment.insuplc_admdvs,
          insuplcName: REGIONS[enrolment.insuplc_admdvs] ?? { zh: enrolment.insuplc_admdvs, en: enrolment.insuplc_admdvs },
          psn_insu_stas: enrolment.psn_insu_stas,
          acct_balance: enrolment.acct_balance,
          scope: scopeOf(enrolment.insuplc_admdvs, facilityAdmdvs),
          filing: enrolment.filing,
        }
      : null,
  };
}
