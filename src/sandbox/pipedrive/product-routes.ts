/** The v2 products routes (products.ts). */
import type { FastifyInstance } from 'fastify';

import { wholeSeconds } from '../shared/records-seed.js';
import { notFound } from './errors.js';
import { decodeCursor, nextIdCursor, scanLive } from './list.js';
import { changesOf, type ProductRecord, productV2 } from './products.js';
import { bodyObject, idParam, intParam, limitParam, listParam, type Query, stringParam, timeParam } from './query.js';
import { principalOf, routeConfig } from './request-state.js';
import type { PipedriveService } from './service.js';

/** Registers the v2 products routes in a scope prefixed with `/api/v2`. */
export function registerProductRoutes(scope: FastifyInstance, service: PipedriveService): void {
  const config = (kind: string) => routeConfig(kind, 'v2');
  scope.get('/products', config('list'), async (request) => {
    const { company } = principalOf(request);
    const query = (request.query ?? {}) as Query;
    const limit = limitParam(query);
    const cursorText = stringParam(query, 'cursor');
    const cursor = cursorText === undefined ? undefined : decodeCursor(cursorText);
    const ids = listParam(query, 'ids')?.map(Number);
    const owner = intParam(query, 'owner_id');
    const since = timeParam(query, 'updated_since');
    const keep = (p: ProductRecord) =>
      (!ids || ids.includes(p.id)) && (owner === undefined || p.ownerId === owner) && (since === undefined || p.updateTime >= since);
    const { items, more } = scanLive(company.products, cursor?.id, limit, keep);
    const next = nextIdCursor(more, items[items.length - 1]?.id);
    return { success: true, data: items.map(productV2), additional_data: { next_cursor: next } };
  });
  scope.get('/products/:id', config('get'), async (request) => {
    const product = principalOf(request).company.products.live(idParam(request));
    if (!product) throw notFound('Product');
    return { success: true, data: productV2(product) };
  });
  scope.post('/products', config('create'), async (request) => {
    const { company, userId } = principalOf(request);
    const now = wholeSeconds(service.settings.now());
    const changes = changesOf(bodyObject(request), true, (id) => company.hasUser(id));
    const product = company.products.insert((id): ProductRecord => ({
      id,
      name: '',
      code: null,
      description: null,
      unit: null,
      tax: 0,
      category: null,
      isLinkable: true,
      visibleTo: 3,
      ownerId: userId,
      prices: [],
      billingFrequency: 'one-time',
      ...changes,
      addTime: now,
      updateTime: now,
    }));
    return { success: true, data: productV2(product) };
  });
  scope.patch('/products/:id', config('update'), async (request) => {
    const { company } = principalOf(request);
    const id = idParam(request);
    if (!company.products.live(id)) throw notFound('Product');
    const changes = changesOf(bodyObject(request), false, (user) => company.hasUser(user));
    const product = company.products.update(id, (copy) => Object.assign(copy, changes, { updateTime: wholeSeconds(service.settings.now()) }));
    return { success: true, data: productV2(product) };
  });
  scope.delete('/products/:id', config('delete'), async (request) => {
    const id = idParam(request);
    if (!principalOf(request).company.products.remove(id)) throw notFound('Product');
    return { success: true, data: { id } };
  });
}
