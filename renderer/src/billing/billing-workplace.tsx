/** The Billing desk workplace (being built: issue 5). */
import { Bi } from '../common/bilingual.js';
import type { WorkplaceProps } from '../common/workplace.js';

/** The Billing desk workplace. */
export function BillingWorkplace(_props: WorkplaceProps) {
  return (
    <main className="workplace-placeholder panel" data-testid="billing-workplace">
      <h2>
        <Bi zh="住院/门诊收费" en="Billing desk" />
      </h2>
    </main>
  );
}
