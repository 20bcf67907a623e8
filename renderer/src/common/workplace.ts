/**
 * What every workplace gets from the app shell: the API, the status, and the patient of the card
 * in the reader as the card events tell it.
 */
import type { Patient, TerminalApi, TerminalStatus } from '../api/types.js';

/** The workplaces of the terminal, as they appear in the address (#/pharmacy …). */
export const WORKPLACES = ['pharmacy', 'billing', 'kiosk', 'supervisor'] as const;
/** One workplace. */
export type WorkplaceId = (typeof WORKPLACES)[number];

/** The props every workplace takes. */
export type WorkplaceProps = {
  api: TerminalApi;
  status: TerminalStatus | undefined;
  patient: Patient | undefined;
  reading: boolean;
  onReadStart: () => void;
  onReadDone: (patient: Patient | undefined) => void;
  /** The patient leaves: clear the workplace for the next one. */
  onNextPatient: () => void;
};
