/**
 * Patient profiles of the virtual social security card: 1st, 2nd and 3rd generation, male and
 * female, a name longer than the 30 GBK bytes of record 09, FF-free and X-check-digit IDs.
 * Every person here is invented; ID numbers carry valid check digits so validators pass.
 */

/** What a virtual card holds, in human terms; card-image.ts turns it into records. */
export type CardProfile = {
  id: string;
  summary: string;
  /** Answer to reset: 3B 6D 00 00 + 13 historical bytes, T=0 only (no TD1), like the cards in domain.md §1.3. */
  atr: string;
  /** FCI tag 9F0C `86 01 xx`; null when the FCI has no 9F0C (the reader then assumes 01). */
  algorithm: '01' | '03' | null;
  ef05: {
    card_sn: string;
    card_type: string;
    spec_version: string;
    init_org: string;
    issue_date: string;
    valid_to: string;
    card_no: string;
  };
  ef06: {
    ssn: string;
    name: string;
    gender: string;
    ethnicity: string;
    birthplace: string;
    birth_date: string;
  };
  /** Value length of record 09: 30 on 2nd/3rd-generation cards, 20 on the 1st-generation one. */
  nameLength: number;
  /** Whether the card has record 4E (姓名扩展); 2nd-generation cards may not (6A83). */
  nameExtension: boolean;
  /** What fills a GBK field after the text. */
  padding: 0x00 | 0x20;
  /** Tags readable only after EXTERNAL AUTHENTICATE (3rd generation). */
  locked: readonly number[];
};

const ATR_2G = '3B6D000000814E43238697159900BF7C7A';
const ATR_3G = '3B6D0000008C544CB386844116018593CA';
const EF06_TAGS = [0x08, 0x09, 0x4e, 0x0a, 0x0b, 0x0c, 0x0d] as const;

/** The virtual card profiles, by id. */
export const PROFILES: readonly CardProfile[] = [
  {
    id: 'ouyang-2g',
    summary: '2nd generation, Shenzhen, male, 3-character compound surname, no record 4E (6A83)',
    atr: ATR_2G,
    algorithm: null,
    ef05: {
      card_sn: '440300D15600000512A4C3E9F0017B26',
      card_type: '1',
      spec_version: '2.00',
      init_org: '440300D15600000500000001',
      issue_date: '20190618',
      valid_to: '20290618',
      card_no: 'M01234567',
    },
    ef06: {
      ssn: '440305197905211235',
      name: '欧阳华',
      gender: '1',
      ethnicity: '01',
      birthplace: '440305',
      birth_date: '19790521',
    },
    nameLength: 30,
    nameExtension: false,
    padding: 0x00,
    locked: [],
  },
  {
    id: 'chen-2g',
    summary: '2nd generation, Guangzhou, female, name padded with spaces, empty record 4E',
    atr: ATR_2G,
    algorithm: null,
    ef05: {
      card_sn: '440100D156000005A81C55E30B9D4F71',
      card_type: '1',
      spec_version: '2.00',
      init_org: '440100D15600000500000002',
      issue_date: '20210305',
      valid_to: '20310305',
      card_no: 'K12345678',
    },
    ef06: {
      ssn: '440106199211024827',
      name: '陈晓敏',
      gender: '2',
      ethnicity: '01',
      birthplace: '440106',
      birth_date: '19921102',
    },
    nameLength: 30,
    nameExtension: true,
    padding: 0x20,
    locked: [],
  },
  {
    id: 'maimaiti-2g',
    summary: '2nd generation, Urumqi, Uyghur, a 32-byte GBK name: 30 bytes in 09, the rest in 4E',
    atr: ATR_2G,
    algorithm: null,
    ef05: {
      card_sn: '650100D1560000053F7A21C6D08E9B44',
      card_type: '1',
      spec_version: '2.00',
      init_org: '650100D15600000500000003',
      issue_date: '20180920',
      valid_to: '20280920',
      card_no: 'X65010288',
    },
    ef06: {
      ssn: '650102198503120318',
      name: '买买提江·艾合买提·阿不都热合曼',
      gender: '1',
      ethnicity: '05',
      birthplace: '650102',
      birth_date: '19850312',
    },
    nameLength: 30,
    nameExtension: true,
    padding: 0x00,
    locked: [],
  },
  {
    id: 'zhao-1g',
    summary: '1st generation ("1.00"), Beijing, female, 20-byte name record (answers 6C16 to Le 20), no 4E',
    atr: ATR_2G,
    algorithm: null,
    ef05: {
      card_sn: '110100D156000005E4B7090C2A6D8F13',
      card_type: '1',
      spec_version: '1.00',
      init_org: '110100D15600000500000004',
      issue_date: '20100512',
      valid_to: '20300512',
      card_no: 'B11010568',
    },
    ef06: {
      ssn: '110105196810010447',
      name: '赵敏',
      gender: '2',
      ethnicity: '01',
      birthplace: '110105',
      birth_date: '19681001',
    },
    nameLength: 20,
    nameExtension: false,
    padding: 0x00,
    locked: [],
  },
  {
    id: 'zhang-3g',
    summary: '3rd generation ("3.00"), Wenzhou, SM4 (FCI 9F0C 86 01 03), card number and EF06 need a PSAM',
    atr: ATR_3G,
    algorithm: '03',
    ef05: {
      // The 卡识别码 of the Z390Kylin example in domain.md §1.3 (region 330300).
      card_sn: '330300D15600000599110145FFFFFFFF',
      card_type: '1',
      spec_version: '3.00',
      init_org: '330300D15600000500000005',
      issue_date: '20211203',
      valid_to: '20311202',
      card_no: 'Z33030217',
    },
    ef06: {
      ssn: '33030219900808017X',
      name: '张伟',
      gender: '1',
      ethnicity: '01',
      birthplace: '330302',
      birth_date: '19900808',
    },
    nameLength: 30,
    nameExtension: true,
    padding: 0x00,
    locked: [0x07, ...EF06_TAGS],
  },
  {
    id: 'li-3g',
    summary: '3rd generation, Zhoukou, 3DES (no 9F0C), card number free, EF06 needs a PSAM',
    atr: ATR_3G,
    algorithm: null,
    ef05: {
      // The 卡识别码 of the SSCard_System 3.00 sample in domain.md §1.3 (region 411600).
      card_sn: '411600D156000005C38275EEFC9B9648',
      card_type: '1',
      spec_version: '3.00',
      init_org: '411600D15600000500000006',
      issue_date: '20211203',
      valid_to: '20311202',
      card_no: 'H41160217',
    },
    ef06: {
      ssn: '41160219950214026X',
      name: '李娜',
      gender: '2',
      ethnicity: '01',
      birthplace: '411602',
      birth_date: '19950214',
    },
    nameLength: 30,
    nameExtension: true,
    padding: 0x00,
    locked: [...EF06_TAGS],
  },
];

/** The profile with this id, if there is one. */
export function findProfile(id: string): CardProfile | undefined {
  return PROFILES.find((p) => p.id === id);
}
