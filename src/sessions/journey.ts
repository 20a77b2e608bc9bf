/**
 * The end user's journey on the hosted session page, after choosing a provider and authenticating:
 * schema selection, resource selection, field selection (each only when the session's options ask for it, or
 * when something must be chosen), then the end (a success or statistics screen, or `redirect_url`).
 * What is chosen here is what `GET /api/session/configuration` shows and what transfers use.
 */
import { providersFor, servedDirections } from '../connectors/catalog.js';
import { type Connector, getConnector } from '../connectors/index.js';
import type { SessionSchema } from '../model/types.js';
import type { SchemaChoice, Session, SessionConfiguration, UpsertSetting } from './model.js';

export type JourneyStep = 'schemas' | 'resources' | 'fields';

const ORDER: JourneyStep[] = ['schemas', 'resources', 'fields'];

/** The provider resources (as endgrate_types) a schema may be read from and written to. */
export function resourcesFor(connector: Connector, schema: SessionSchema): string[] {
  const supported = Object.keys(connector.manifest.schemas);
  return schema.endgrate_type ? supported.filter((t) => t === schema.endgrate_type) : supported;
}

/** The steps this session's journey has, in order. */
export function journeySteps(session: Session): JourneyStep[] {
  const o = session.options;
  const needsResource = session.schemas.some((s) => s.endgrate_type === null);
  return ORDER.filter(
    (step) =>
      (step === 'schemas' && o.schema_selection === true) ||
      (step === 'resources' && (o.resource_selection === true || needsResource)) ||
      (step === 'fields' && o.field_selection === true),
  );
}

/** The step after `after` (or the first), or null when the journey is over. */
export function nextStep(session: Session, after: JourneyStep | null): JourneyStep | null {
  const steps = journeySteps(session);
  if (after === null) return steps[0] ?? null;
  const i = steps.indexOf(after);
  return steps[i + 1] ?? null;
}

/** The directions a session reads and writes in. */
const needsOf = (session: Pick<Session, 'kind'>) => ({ pull: session.kind !== 'push', push: session.kind !== 'pull' });

/**
 * The providers an end user may pick for this session: those that serve every schema it names, in its directions
 * (with only a category's schemas, those that serve at least one of them).
 */
export function providersForSession(session: Pick<Session, 'kind' | 'schemas'>): Connector[] {
  const typed = (optional: boolean) =>
    session.schemas.filter((s) => (s.optional === true) === optional && s.endgrate_type !== null).map((s) => s.endgrate_type as string);
  return providersFor({ required: typed(false), optional: typed(true) }, needsOf(session));
}

/**
 * The directions a schema is offered in with the session's provider: those of the session, and for a category's
 * schema only those the provider serves (none: not offered; a read-only type such as crm-user: pulling alone).
 */
export function offeredDirections(session: Session, schema: SessionSchema): { pull: boolean; push: boolean } {
  const needs = needsOf(session);
  if (schema.optional !== true || schema.endgrate_type === null) return needs;
  const provider = session.configuration?.provider ?? session.provider;
  const connector = provider ? getConnector(provider) : undefined;
  return connector ? servedDirections(connector.manifest, schema.endgrate_type, needs) : { pull: false, push: false };
}

/** Whether a schema is offered with the session's provider (in some direction; see `offeredDirections`). */
export function offered(session: Session, schema: SessionSchema): boolean {
  const d = offeredDirections(session, schema);
  return d.pull || d.push;
}

/** The schemas offered with the session's provider (see `offered`). */
export const offeredSchemas = (session: Session): SessionSchema[] => session.schemas.filter((s) => offered(session, s));

/**
 * The default choice for a schema: selected in every direction the session allows, on its own resource; a category's
 * schema in the directions the provider serves it (none: not selected).
 */
export function defaultChoice(session: Session, schema: SessionSchema): SchemaChoice {
  const on = offeredDirections(session, schema);
  return {
    pull: on.pull,
    push: on.push,
    endgrate_type: schema.endgrate_type,
    ...(session.options.passthrough_fields ? { passthrough_fields: 'all' as const } : {}),
  };
}

/** The choice for a schema: the end user's, or the default. */
export function choiceOf(session: Session, schema: SessionSchema): SchemaChoice {
  return session.configuration?.schemas?.[schema.key] ?? defaultChoice(session, schema);
}

/** The upsert setting of a field: the end user's, or the session's default (Endgrate's default is OVERWRITE). */
export function upsertOf(session: Session, choice: SchemaChoice, field: string): UpsertSetting {
  return choice.fields?.[field]?.upsert ?? session.options.default_upsert_setting ?? 'OVERWRITE';
}

/** A configuration with every schema's choice filled in (defaults where the end user chose nothing). */
export function completeChoices(session: Session, configuration: SessionConfiguration): SessionConfiguration {
  const schemas: Record<string, SchemaChoice> = {};
  for (const s of session.schemas) schemas[s.key] = configuration.schemas?.[s.key] ?? defaultChoice(session, s);
  return { ...configuration, schemas };
}
