/**
 * `prepopulate`: values that prefill the end user's authentication step. Endgrate's SDK declares the option as a
 * free-form object and no retrievable Endgrate document describes its keys, so the keys are Weft's choice:
 *  - `login_hint` (or `email`): who is expected to sign in. Sent as OAuth `login_hint` to providers whose
 *    authorization endpoint documents it (Salesforce, whose login page then shows the username filled in); Weft's
 *    Salesforce sandbox fills its account-name field with it.
 *  - `api_key` (or `api_token`): the value of the API-key form (Pipedrive's API token). The end user still submits
 *    the form; the value is stored sealed, never logged, and appears in the page only as the input's value.
 * Other keys are ignored (named in `Weft-Ignored-Fields`), not refused. Values are strings (checked with the body).
 */
import { Type } from '@sinclair/typebox';

import type { Sealer } from '../lib/crypto.js';

export const MAX_LOGIN_HINT = 320;
export const MAX_API_KEY = 500;

/** The keys Weft reads, each with its bound (an alias first names the key it stands for). */
export const PrepopulateSchema = Type.Object(
  {
    login_hint: Type.Optional(Type.String({ maxLength: MAX_LOGIN_HINT })),
    email: Type.Optional(Type.String({ maxLength: MAX_LOGIN_HINT })),
    api_key: Type.Optional(Type.String({ maxLength: MAX_API_KEY })),
    api_token: Type.Optional(Type.String({ maxLength: MAX_API_KEY })),
  },
  { additionalProperties: true },
);

const KNOWN = new Set(Object.keys(PrepopulateSchema.properties));

/** How a session keeps its prepopulate values: the API key sealed (bound to the session id). */
export interface StoredPrepopulate {
  login_hint?: string;
  api_key_sealed?: string;
}

/** The keys of a `prepopulate` object that Weft does not read. */
export function ignoredPrepopulateKeys(raw: Record<string, unknown> | undefined): string[] {
  return Object.keys(raw ?? {}).filter((k) => !KNOWN.has(k));
}

const given = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The values to store for a new session (undefined when nothing is prefilled). */
export function storedPrepopulate(raw: Record<string, unknown> | undefined, sealer: Sealer, sessionId: string): StoredPrepopulate | undefined {
  if (!raw) return undefined;
  const loginHint = given(raw['login_hint']) ?? given(raw['email']);
  const apiKey = given(raw['api_key']) ?? given(raw['api_token']);
  if (loginHint === undefined && apiKey === undefined) return undefined;
  return {
    ...(loginHint !== undefined ? { login_hint: loginHint } : {}),
    ...(apiKey !== undefined ? { api_key_sealed: sealer.seal(apiKey, prepopulateSealContext(sessionId)) } : {}),
  };
}

export const prepopulateSealContext = (sessionId: string) => `prepopulate:${sessionId}`;

/** What these functions read of a session. */
type Session = { id: string; options: { prepopulate?: StoredPrepopulate | undefined } };

const stored = (session: Session): StoredPrepopulate => session.options.prepopulate ?? {};

/** The login hint of a session, if its developer gave one. */
export function loginHintOf(session: Session): string | undefined {
  return stored(session).login_hint;
}

/** Whether the developer prefilled an API key for the session. */
export function hasPrefilledApiKey(session: Session): boolean {
  return stored(session).api_key_sealed !== undefined;
}

/** The prefilled API key of a session, opened. */
export function prefilledApiKey(session: Session, sealer: Sealer): string | undefined {
  const sealed = stored(session).api_key_sealed;
  return sealed === undefined ? undefined : sealer.open(sealed, prepopulateSealContext(session.id));
}
