/** The Self-service kiosk workplace (being built: issue 5). */
import { Bi } from '../common/bilingual.js';
import type { WorkplaceProps } from '../common/workplace.js';

/** The Self-service kiosk workplace. */
export function KioskWorkplace(_props: WorkplaceProps) {
  return (
    <main className="workplace-placeholder panel" data-testid="kiosk-workplace">
      <h2>
        <Bi zh="自助服务" en="Self-service kiosk" />
      </h2>
    </main>
  );
}
