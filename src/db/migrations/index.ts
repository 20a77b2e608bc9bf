import type { Migration } from 'kysely';

import * as m0001 from './0001-initial.js';
import * as m0002 from './0002-dashboard.js';
import * as m0003 from './0003-data-semantics.js';
import * as m0004 from './0004-webhooks.js';
import * as m0005 from './0005-job-serial-key.js';
import * as m0006 from './0006-rate-limit-figures.js';
import * as m0007 from './0007-error-types.js';
import * as m0008 from './0008-webhook-secret-rotation.js';
import * as m0009 from './0009-session-edit-links.js';
import * as m0010 from './0010-session-history.js';
import * as m0011 from './0011-schedules.js';
import * as m0012 from './0012-key-modes.js';
import * as m0013 from './0013-shared-limits.js';
import * as m0014 from './0014-money-totals.js';
import * as m0015 from './0015-project-branding.js';
import * as m0016 from './0016-expected-records.js';
import * as m0017 from './0017-embed-origins.js';
import * as m0018 from './0018-worker-heartbeats.js';
import * as m0019 from './0019-transfers-by-state.js';
import * as m0020 from './0020-job-trace-parent.js';
import * as m0021 from './0021-webhook-trace-parent.js';

/**
 * Every migration, in order. Forward-only: a migration that has shipped is never edited, renumbered or removed;
 * a change is a new file and a new line here.
 */
export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-dashboard': m0002,
  '0003-data-semantics': m0003,
  '0004-webhooks': m0004,
  '0005-job-serial-key': m0005,
  '0006-rate-limit-figures': m0006,
  '0007-error-types': m0007,
  '0008-webhook-secret-rotation': m0008,
  '0009-session-edit-links': m0009,
  '0010-session-history': m0010,
  '0011-schedules': m0011,
  '0012-key-modes': m0012,
  '0013-shared-limits': m0013,
  '0014-money-totals': m0014,
  '0015-project-branding': m0015,
  '0016-expected-records': m0016,
  '0017-embed-origins': m0017,
  '0018-worker-heartbeats': m0018,
  '0019-transfers-by-state': m0019,
  '0020-job-trace-parent': m0020,
  '0021-webhook-trace-parent': m0021,
};
