/** The v2 products routes (products.ts). */
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { notFound, validationFailed } from './errors.js';
import { decodeCursor, encodeCursor } from './list.js';
import { changesOf, type ProductRecord, productV2 } from './products.js';
import { intParam, limitParam, listParam, type Query, stringParam, timeParam } from './query.js';
import { principalOf, routeConfig } from './request-state.js';
import type { PipedriveService } from './service.js';

const whole = (ms: number) => Math.floor(ms / 1000) * 1000;

/** Registers the v2 products routes in a scope prefixed with `/api/v2`. */
export function registerProductRoutes(scope: FastifyInstance, service: PipedriveService): void {
  const config = (kind: string) => routeConfig(kind, 'v2');
  const idOf = (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    if (!/^\d{1,15}$/.test(id)) throw validationFailed('id', 'must be an integer');
    return Number(id);
  };
  const bodyOf = (request: FastifyRequest) => {
    if (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body))
      throw validationFailed('body', 'must be a JSON object');
    return request.body as Record<string, unknown>;
  };
  scope.get('/products', config('list'), async (request) => {
    const { company } = principalOf(request);
    const query = (request.query ?? {}) as Query;
    const limit = limitParam(query);
    const cursorText = stringParam(query, 'cursor');
    const cursor = cursorText === undefined ? undefined : decodeCursor(cursorText);
    const ids = listParam(query, 'ids')?.map(Number);
    const owner = intParam(query, 'owner_id');
    const since = timeParam(query, 'updated_since');
    const items: ProductRecord[] = [];
    let from = cursor?.id;
    let more = false;
    scan: for (;;) {
      const page = company.products.page(500, from);
      for (const p of page.records) {
        if ((ids && !ids.includes(p.id)) || (owner !== undefined && p.ownerId !== owner) || (since !== undefined && p.updateTime < since)) continue;
        if (items.length === limit) {
          more = true;
          break scan;
        }
        items.push(p);
      }
      if (page.nextAfter === undefined) break;
      from = page.nextAfter;
    }
    const last = items[items.length - 1];
    const next = more && last ? encodeCursor({ field: 'id', direction: 'asc', value: last.id + 1, id: last.id + 1 }) : null;
    return { success: true, data: items.map(productV2), additional_data: { next_cursor: next } };
  });
  scope.get('/products/:id', config('get'), async (request) => {
    const product = principalOf(request).company.products.live(idOf(request));
    if (!product) throw notFound('Product');
    return { success: true, data: productV2(product) };
  });
  scope.post('/products', config('create'), async (request) => {
    const { company, userId } = principalOf(request);
    const now = whole(service.settings.now());
    const changes = changesOf(bodyOf(request), true, (id) => company.hasUser(id));
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
    const id = idOf(request);
    if (!company.products.live(id)) throw notFound('Product');
    const changes = changesOf(bodyOf(request), false, (user) => company.hasUser(user));
    const product = company.products.update(id, (copy) => Object.assign(copy, changes, { updateTime: whole(service.settings.now()) }));
    return { success: true, data: productV2(product) };
  });
  scope.delete('/products/:id', config('delete'), async (request) => {
    const id = idOf(request);
    if (!principalOf(request).company.products.remove(id)) throw notFound('Product');
    return { success: true, data: { id } };
  });
}
