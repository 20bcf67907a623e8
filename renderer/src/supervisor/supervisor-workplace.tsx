/** The Supervisor workplace (being built: issue 5). */
import { Bi } from '../common/bilingual.js';
import type { WorkplaceProps } from '../common/workplace.js';

/** The Supervisor workplace. */
export function SupervisorWorkplace(_props: WorkplaceProps) {
  return (
    <main className="workplace-placeholder panel" data-testid="supervisor-workplace">
      <h2>
        <Bi zh="主管" en="Supervisor" />
      </h2>
    </main>
  );
}
