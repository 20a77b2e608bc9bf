/**
 * A faithful local fake of Attio's REST API v2 (objects, attributes, records of people, companies and deals with typed
 * attribute values, workspace members, notes and tasks; API keys and OAuth 2.0), served at `${publicUrl}/attio`.
 * See ../README.md ("Attio API served").
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';

import type { AccountControls } from '../shared/account-controls.js';
import { requireControlToken } from '../shared/control-auth.js';
import { ControlError, registerControlApi } from '../shared/control-routes.js';
import { type FakeOptions, fakeSettings } from '../shared/fake-options.js';
import type { OAuthClientConfig } from '../shared/oauth-store.js';
import type { SandboxBasics } from '../shared/objects-sandbox-handle.js';
import { nonNegativeOption } from '../shared/sandbox-options.js';
import { AttioError } from './errors.js';
import { idOfUuid, RECORD_OBJECTS, type RecordObject } from './model.js';
import { attioPlugin } from './plugin.js';
import { createRecord, serializeNote, serializeRecord, serializeTask, updateRecord } from './routes.js';
import {
  ATTIO_ENDPOINTS,
  AttioService,
  DEFAULT_ATTIO_CLIENT,
  DEFAULT_RATE_LIMITS,
  type RateLimits,
  TOKEN_LIFETIME_SECONDS,
  type Workspace,
} from './service.js';

export { AttioError } from './errors.js';
export { ATTIO_ENDPOINTS, ATTIO_SCOPES, DEFAULT_ATTIO_CLIENT, DEFAULT_RATE_LIMITS, type RateLimits } from './service.js';

export interface AttioSandboxOptions extends FakeOptions<OAuthClientConfig> {
  /** Seed records of every workspace (`vehicles`: the custom object). @defaultValue `{ people: 1000, companies: 200, deals: 120, notes: deals, tasks: deals, vehicles: 120 }` */
  seed?: { people?: number; companies?: number; deals?: number; notes?: number; tasks?: number; vehicles?: number };
  /** Attio's limits per workspace; null: not enforced. @defaultValue 100 reads and 25 writes per second */
  rateLimits?: RateLimits | null;
}

type Serialized = Record<string, unknown>;

/** One workspace in-process: its identity, API key, records as the API answers them, and the controls. */
export interface AttioWorkspaceHandle extends AccountControls<{ access_token: string; token_type: 'Bearer' }> {
  readonly name: string;
  readonly workspaceId: string;
  readonly apiKey: string;
  readonly members: ReadonlyArray<{ id: string; email_address: string; access_level: string }>;
  /** The live records of an object, in creation order, as the API serializes them. */
  records(object: RecordObject): Serialized[];
  record(object: RecordObject, recordId: string): Serialized | undefined;
  notes(): Serialized[];
  tasks(): Serialized[];
  /** Creates a record from API `values`, through the API's rules. @throws AttioError for invalid values */
  create(object: RecordObject, values: unknown): Serialized;
  /** Replaces the given attributes' values of a live record (as `PUT`). @throws AttioError; ControlError 404 without a live record */
  update(object: RecordObject, recordId: string, values: unknown): Serialized;
  /** Deletes a live record. @throws ControlError 404 without one */
  remove(object: RecordObject, recordId: string): void;
  /** Requests left in the current second's read and write windows. */
  limits(): { reads: number; writes: number };
}

export interface AttioSandbox extends SandboxBasics {
  workspace(name: string): AttioWorkspaceHandle;
  workspaces(): string[];
}

export interface AttioSandboxInstance {
  plugin: FastifyPluginAsync;
  attio: AttioSandbox;
}

function workspaceHandle(service: AttioService, workspace: Workspace): AttioWorkspaceHandle {
  const controls = service.accountControls(workspace, (clientId, scopes) => service.grant(clientId, workspace.key, scopes ?? []));
  return {
    ...controls,
    name: workspace.key,
    workspaceId: workspace.identity.workspaceId,
    apiKey: workspace.apiKey,
    members: workspace.identity.members.map((m) => ({ id: m.id, email_address: m.email_address, access_level: m.access_level })),
    records: (object) => [...workspace.data.store(object).scanLive()].map((r) => serializeRecord(workspace, object, r)),
    record: (object, recordId) => {
      const id = idOfUuid(object, recordId);
      const found = id === undefined ? undefined : workspace.data.store(object).get(id);
      return found && found.deletedAt === undefined ? serializeRecord(workspace, object, found) : undefined;
    },
    notes: () => [...workspace.data.store('notes').scanLive()].map((n) => serializeNote(workspace, n)),
    tasks: () => [...workspace.data.store('tasks').scanLive()].map((t) => serializeTask(workspace, t)),
    create: (object, values) => serializeRecord(workspace, object, createRecord(workspace, object, values, service.settings.now())),
    update: (object, recordId, values) => {
      const numeric = idOfUuid(object, recordId);
      const record = numeric === undefined ? undefined : workspace.data.store(object).live(numeric);
      if (!record) throw new ControlError(404, `No ${object} record ${recordId}`);
      return serializeRecord(workspace, object, updateRecord(workspace, object, record, values, true, service.settings.now()));
    },
    remove: (object, recordId) => {
      const numeric = idOfUuid(object, recordId);
      const store = workspace.data.store(object);
      if (numeric === undefined || !store.live(numeric)) throw new ControlError(404, `No ${object} record ${recordId}`);
      store.remove(numeric);
    },
    limits: () => ({ reads: workspace.reads.remaining(), writes: workspace.writes.remaining() }),
  };
}

function objectOfType(type: string): RecordObject {
  const object = RECORD_OBJECTS.find((o) => o === type);
  if (!object) throw new ControlError(404, `Unknown record type ${type} (use people, companies, deals or vehicles)`);
  return object;
}

function registerControl(scope: FastifyInstance, service: AttioService, token: string): void {
  requireControlToken(scope, token);
  const workspaceOf = (name: string) => service.accounts.get(name);
  registerControlApi<AttioWorkspaceHandle>(scope, {
    provider: 'Attio',
    accountLabel: 'workspace',
    bases: ['/_sandbox/workspaces', '/_sandbox/accounts'],
    info: () => ({
      provider: 'attio',
      baseUrl: service.baseUrl(),
      workspaces: service.accounts.keys(),
      seed: service.settings.seed,
      rateLimits: service.settings.rateLimits,
    }),
    handle: (name) => workspaceHandle(service, workspaceOf(name)),
    summary: (handle) => ({
      name: handle.name,
      workspaceId: handle.workspaceId,
      apiKey: handle.apiKey,
      members: handle.members,
      people: handle.records('people').length,
      companies: handle.records('companies').length,
      deals: handle.records('deals').length,
      pendingFaults: handle.pendingFaults(),
    }),
    apiError: (error) => (error instanceof AttioError ? { statusCode: error.statusCode, body: error.body } : undefined),
    records: {
      list: (handle, type, query) => {
        const limit = Number(query['limit'] ?? 100);
        return { results: handle.records(objectOfType(type)).slice(0, Number.isInteger(limit) && limit > 0 ? limit : 100) };
      },
      get: (handle, type, id) => {
        const found = handle.record(objectOfType(type), id);
        if (!found) throw new ControlError(404, `No ${type} record ${id}`);
        return found;
      },
      create: (handle, type, body) => handle.create(objectOfType(type), body()['values']),
      update: (handle, type, id, body) => handle.update(objectOfType(type), id, body()['values']),
      remove: (handle, type, id) => handle.remove(objectOfType(type), id),
    },
  });
}

const A = 'Attio';

/** Like a fake built from its own options, with the sandbox root URL read lazily (known only after listen). */
export function createAttioSandboxWithUrl(
  opts: Omit<AttioSandboxOptions, 'publicUrl'> & { publicUrl?: string },
  publicUrl: () => string,
): AttioSandboxInstance {
  const settings = fakeSettings(A, ATTIO_ENDPOINTS.mount, opts, publicUrl, DEFAULT_ATTIO_CLIENT);
  const deals = nonNegativeOption(A, opts.seed?.deals, 120, 'seed.deals');
  const service = new AttioService({
    ...settings,
    seed: {
      people: nonNegativeOption(A, opts.seed?.people, 1000, 'seed.people'),
      companies: nonNegativeOption(A, opts.seed?.companies, 200, 'seed.companies'),
      deals,
      notes: nonNegativeOption(A, opts.seed?.notes, deals, 'seed.notes'),
      tasks: nonNegativeOption(A, opts.seed?.tasks, deals, 'seed.tasks'),
      vehicles: nonNegativeOption(A, opts.seed?.vehicles, 120, 'seed.vehicles'),
    },
    rateLimits: opts.rateLimits === undefined ? DEFAULT_RATE_LIMITS : opts.rateLimits,
    tokenLifetimeSeconds: TOKEN_LIFETIME_SECONDS,
  });
  const token = opts.controlToken ?? null;
  const plugin = attioPlugin(service, token === null ? undefined : (scope) => registerControl(scope, service, token));
  const attio = service.sandboxHandle({
    workspace: (name: string) => workspaceHandle(service, service.accounts.get(name)),
    workspaces: () => service.accounts.keys(),
  });
  return { plugin, attio };
}
