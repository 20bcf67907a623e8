/**
 * Reading the card: in training mode a virtual card is chosen and slid in; otherwise the
 * operator asks the patient to insert theirs. While the card is read: 请勿拔卡.
 */
import { useState } from 'react';
import type { CardProfileView } from '../api/types.js';
import { Bi } from '../common/bilingual.js';

/** The card reading controls and the progress indicator. */
export function CardPanel(props: {
  training: boolean;
  profiles: readonly CardProfileView[];
  reading: boolean;
  onRead: (profileId: string | undefined) => void;
}) {
  const [profileId, setProfileId] = useState<string>('ouyang-2g');
  return (
    <section className="panel card-panel" aria-label="读卡 Read card">
      <h2>
        <Bi zh="读卡" en="Read the card" />
      </h2>
      {props.training && (
        <label className="field">
          <Bi zh="培训虚拟卡" en="Training virtual card" />
          <select value={profileId} onChange={(e) => { setProfileId(e.target.value); }} data-testid="profile-picker">
            {props.profiles.map((p) => (
              <option key={p.id} value={p.id}>
                {p.id} — {p.summary}
              </option>
            ))}
          </select>
        </label>
      )}
      <button
        type="button"
        className="primary"
        disabled={props.reading}
        data-testid="read-card"
        aria-keyshortcuts="F2"
        onClick={() => {
          props.onRead(props.training ? profileId : undefined);
        }}
      >
        <Bi inline zh={props.training ? '插入虚拟卡并读卡 (F2)' : '读卡 (F2)'} en={props.training ? 'Insert and read' : 'Read card'} />
      </button>
      {props.reading && (
        <div className="progress" role="status" aria-live="assertive" data-testid="card-progress">
          <span className="spinner" aria-hidden="true" />
          <Bi zh="正在读卡，请勿拔卡" en="Reading the card — do not remove the card" />
        </div>
      )}
    </section>
  );
}
