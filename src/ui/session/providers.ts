import { providersFor } from '../../connectors/catalog.js';
import type { Connector } from '../../connectors/index.js';
import type { Session } from '../../sessions/sessions.js';

/** The providers an end user may pick for this session: those that support every schema, in its directions. */
export function providersForSession(session: Session): Connector[] {
  const types = session.schemas.map((s) => s.endgrate_type).filter((t): t is string => t !== null);
  return providersFor(types, { pull: session.kind !== 'push', push: session.kind !== 'pull' });
}
