/**
 * A project's branding on the hosted connect page: the name end users see ("Acme wants to connect to your CRM"), a
 * logo, a primary colour and a support link. The owner of the `projects` table's branding columns: it checks what
 * is stored and decodes it once.
 */
import { createHash } from 'node:crypto';

import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';

import type { DB } from '../db/schema.js';
import { storedJson } from '../lib/stored-json.js';

/** The largest logo accepted, in bytes (a connect page's logo is shown at most 64 px high). */
export const MAX_LOGO_BYTES = 256 * 1024;

export interface ProjectLogo {
  /** image/png, image/jpeg, image/webp or image/gif. */
  type: string;
  bytes: Buffer;
  /** A short hash of the bytes: the logo's URL changes with it, so caches never show an old one. */
  version: string;
}

export interface ProjectBranding {
  /** The name the end user sees; null: the page speaks of "this app". */
  displayName: string | null;
  /** `#rrggbb`; null: Weft's own colours. */
  primaryColor: string | null;
  /** An https (or mailto:) link to the developer's support; null: none shown. */
  supportUrl: string | null;
  logo: ProjectLogo | null;
  /** The origins (`https://app.example.com`) whose pages may embed the connect journey; empty: none may. */
  embedOrigins: string[];
}

export const NO_BRANDING: ProjectBranding = { displayName: null, primaryColor: null, supportUrl: null, logo: null, embedOrigins: [] };

/** What the dashboard's branding form sends: text fields, and a new logo or its removal. */
export interface BrandingInput {
  displayName: string;
  primaryColor: string;
  supportUrl: string;
  /** A new logo's bytes; undefined keeps the current one. */
  logo?: Buffer | undefined;
  removeLogo?: boolean;
  /** The allowed embedding origins, one per line (or separated by spaces or commas); undefined keeps them. */
  embedOrigins?: string | undefined;
}

export type BrandingProblems = Partial<Record<'displayName' | 'primaryColor' | 'supportUrl' | 'logo' | 'embedOrigins', string>>;

/** At most this many embedding origins per project (a `frame-ancestors` list stays short). */
export const MAX_EMBED_ORIGINS = 10;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The origins of the form's text (one per line, or separated by spaces or commas), each as `scheme://host[:port]`,
 * or the problem with them. An origin is https, or http on a loopback host (a developer's machine); it has no path,
 * query, credentials or wildcard, so that it can stand in a Content-Security-Policy and be compared exactly with a
 * message's origin.
 */
export function embedOriginsOf(text: string): { origins: string[] } | { problem: string } {
  const items = text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length > MAX_EMBED_ORIGINS) return { problem: `Enter at most ${MAX_EMBED_ORIGINS} origins.` };
  const origins: string[] = [];
  for (const item of items) {
    const origin = originOf(item);
    if (origin === null) {
      return {
        problem: `'${item.slice(0, 100)}' is not an origin: enter https://host (or http://localhost:port), without a path, for example https://app.example.com.`,
      };
    }
    if (!origins.includes(origin)) origins.push(origin);
  }
  return { origins };
}

function originOf(item: string): string | null {
  if (item.length > 200 || !/^https?:\/\/[^/?#\s*]+\/?$/i.test(item)) return null;
  let url: URL;
  try {
    url = new URL(item);
  } catch {
    return null;
  }
  if (url.username !== '' || url.password !== '' || url.hostname === '') return null;
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) return null;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  return url.origin;
}

/** The media type of an image by its first bytes (PNG, JPEG, WebP, GIF), or null: a file's name or stated type is not trusted. */
export function sniffImage(bytes: Buffer): string | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (bytes.length >= 6 && /^GIF8[79]a$/.test(bytes.toString('latin1', 0, 6))) return 'image/gif';
  return null;
}

const COLOUR = /^#[0-9a-f]{6}$/;

/** Checks the form; the problems by field (empty when it may be saved). */
export function brandingProblems(input: BrandingInput): BrandingProblems {
  const problems: BrandingProblems = {};
  const name = input.displayName.trim();
  if (name.length > 80 || /[\p{Cc}\p{Cf}]/u.test(name)) problems.displayName = 'Use up to 80 characters, without control characters.';
  const colour = input.primaryColor.trim().toLowerCase();
  if (colour && !COLOUR.test(colour)) problems.primaryColor = 'Enter a colour as # and six hexadecimal digits, e.g. #0b57d0.';
  const url = input.supportUrl.trim();
  if (url && !supportLink(url)) problems.supportUrl = 'Enter an https:// address or a mailto: address, up to 500 characters.';
  if (input.embedOrigins !== undefined) {
    const parsed = embedOriginsOf(input.embedOrigins);
    if ('problem' in parsed) problems.embedOrigins = parsed.problem;
  }
  if (input.logo !== undefined && input.logo.length > 0) {
    if (input.logo.length > MAX_LOGO_BYTES) problems.logo = `The logo is larger than ${MAX_LOGO_BYTES / 1024} KB.`;
    else if (!sniffImage(input.logo)) problems.logo = 'The logo must be a PNG, JPEG, WebP or GIF image.';
  }
  return problems;
}

/** A support link end users may follow: https, or mailto (never javascript:, data: or plain http). */
function supportLink(value: string): boolean {
  if (value.length > 500 || /[\s\p{Cc}]/u.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === 'mailto:') return /^[^@\s]+@[^@\s]+$/.test(decodeURIComponent(url.pathname));
  return url.protocol === 'https:' && url.hostname.length > 0 && url.username === '' && url.password === '';
}

const version = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex').slice(0, 12);

function decode(row: {
  display_name: string | null;
  primary_color: string | null;
  support_url: string | null;
  logo: string | null;
  logo_type: string | null;
  embed_origins: string | null;
}): ProjectBranding {
  const bytes = row.logo ? Buffer.from(row.logo, 'base64') : null;
  return {
    displayName: row.display_name,
    primaryColor: row.primary_color !== null && COLOUR.test(row.primary_color) ? row.primary_color : null,
    supportUrl: row.support_url !== null && supportLink(row.support_url) ? row.support_url : null,
    logo: bytes && row.logo_type && sniffImage(bytes) === row.logo_type ? { type: row.logo_type, bytes, version: version(bytes) } : null,
    embedOrigins: storedOrigins(row.embed_origins),
  };
}

const decodeOrigins = storedJson('projects.embed_origins', Type.Array(Type.Unknown()));

/** The stored origins, each checked again (a value that is not one is dropped: it never reaches a header). */
function storedOrigins(stored: string | null): string[] {
  if (stored === null) return [];
  return decodeOrigins(stored).filter((o): o is string => typeof o === 'string' && originOf(o) === o);
}

/** The project's branding (none set: every field null); undefined when there is no such project. */
export async function projectBranding(db: Kysely<DB>, projectId: string): Promise<ProjectBranding | undefined> {
  const row = await db
    .selectFrom('projects')
    .select(['display_name', 'primary_color', 'support_url', 'logo', 'logo_type', 'embed_origins'])
    .where('id', '=', projectId)
    .executeTakeFirst();
  return row && decode(row);
}

/** Saves a checked form (see brandingProblems); empty text fields clear their setting. */
export async function saveBranding(db: Kysely<DB>, projectId: string, input: BrandingInput): Promise<void> {
  const text = (v: string) => (v.trim() === '' ? null : v.trim());
  const logo = input.logo !== undefined && input.logo.length > 0 ? input.logo : undefined;
  const embed = input.embedOrigins === undefined ? undefined : embedOriginsOf(input.embedOrigins);
  await db
    .updateTable('projects')
    .set({
      display_name: text(input.displayName),
      primary_color: text(input.primaryColor)?.toLowerCase() ?? null,
      support_url: text(input.supportUrl),
      ...(embed && 'origins' in embed ? { embed_origins: embed.origins.length ? JSON.stringify(embed.origins) : null } : {}),
      ...(logo ? { logo: logo.toString('base64'), logo_type: sniffImage(logo) } : input.removeLogo ? { logo: null, logo_type: null } : {}),
    })
    .where('id', '=', projectId)
    .execute();
}

/** WCAG's relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG's contrast ratio of two colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The text colour for a button of the brand colour: white or black, whichever contrasts more (one of the two
 * always reaches 4.5:1, WCAG AA for text).
 */
export function textOn(background: string): string {
  return contrast(background, '#ffffff') >= contrast(background, '#000000') ? '#ffffff' : '#000000';
}
