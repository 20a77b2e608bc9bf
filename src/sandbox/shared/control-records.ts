/**
 * The control API's record operations (control-routes.ts) for handles whose
 * reads are a store view (store-view.ts): list with `limit`, `after` (a record
 * id) and `archived`, get (live or `archived`), update and delete of live
 * records (404 otherwise). A fake declares which handle serves a record type
 * and how a body becomes a create or an update.
 */
import { ControlError, type ControlRecords, positiveInteger } from './control-routes.js';
import type { StoreView } from './store-view.js';
import { queryScalar } from './util.js';

/** The records of one type as the control API drives them; `body` is the request's JSON object. */
export interface ControlledType {
  view: StoreView<unknown>;
  create(body: Record<string, unknown>): unknown;
  update(id: string, body: Record<string, unknown>): unknown;
  /** Archives (deletes) a live record; false when there was none. */
  archive(id: string): boolean;
}

/** Control-API record operations over the types `typeOf` resolves (it throws for an unknown type). */
export function viewControlRecords<H>(typeOf: (handle: H, type: string) => ControlledType): ControlRecords<H> {
  return {
    list: (handle, type, query) => {
      const { view } = typeOf(handle, type);
      const options: { limit?: number; after?: string; archived?: boolean } = { archived: queryScalar(query['archived']) === 'true' };
      const limit = positiveInteger(queryScalar(query['limit']), 'limit');
      const after = queryScalar(query['after']);
      if (limit !== undefined) options.limit = limit;
      if (after !== undefined) {
        if (!/^\d+$/.test(after)) throw new ControlError(400, 'after must be a record id');
        options.after = after;
      }
      return view.list(options);
    },
    create: (handle, type, body) => typeOf(handle, type).create(body()),
    get: (handle, type, id, query) => {
      const archived = queryScalar(query['archived']) === 'true';
      const record = typeOf(handle, type).view.get(id, { archived });
      if (!record) throw new ControlError(404, `No ${archived ? 'archived' : 'live'} record ${id}`);
      return record;
    },
    update: (handle, type, id, body) => {
      const records = typeOf(handle, type);
      if (!records.view.get(id)) throw new ControlError(404, `No live record ${id}`);
      return records.update(id, body());
    },
    remove: (handle, type, id) => {
      if (!typeOf(handle, type).archive(id)) throw new ControlError(404, `No live record ${id}`);
    },
  };
}
