/** The transfers' kinds of job (names and payload schemas), for enqueuing; their handlers are in tasks.ts. */
import { Type } from '@sinclair/typebox';

import { defineTask } from '../jobs/registry.js';

const TransferPayload = Type.Object({ transferId: Type.String({ minLength: 1 }) });

export const PullTask = defineTask('transfer.pull', TransferPayload);
export const PushTask = defineTask('transfer.push', TransferPayload);
/** Deletes the stored items and inputs of transfers that are gone, in slices. */
export const PurgeTask = defineTask('transfers.purge', Type.Object({ transferIds: Type.Array(Type.String()) }));
/** A round of a `data_webhook.continuous` session: a pull of each of its pull schemas. */
export const ContinuousRoundTask = defineTask('webhooks.continuous', Type.Object({ sessionId: Type.String({ minLength: 1 }) }));
