/**
 * Seed records declared field by field: a fake lists, per object, the fields its seed fills as rules in its data
 * folder (checked by `providerData` against {@link SEED_RULE_SHAPE}), and {@link drawFields} draws them in the order
 * written from the record's generator. Each rule draws exactly what the hand-written generator drew before it (a
 * chance roll, then one pick, weighted pick, number or named draw), so a declaration keeps the seeded output of the
 * code it replaces byte for byte; the order of the rules is part of the seed.
 *
 * A rule, in the order its parts apply:
 * - `when` (a scope name): the field is left out, drawing nothing, unless the scope holds a value under that name
 *   (with `is`: that value);
 * - `p`: a chance roll; the field is left out when it fails;
 * - `either` with `text`: a chance roll that gives `text` when it passes and `else` (a template) or the rule's draw
 *   below otherwise;
 * - the value: `text` (a template of `{name}`s from the scope, no draw), `pick` (one item of a vocabulary),
 *   `weighted` (a weighted vocabulary: `[value, weight]` pairs), `between` (a whole number in a range, times `scale`
 *   and the scope number `times`, rounded to a multiple of `round` first, plus `plus[1]` when a roll of `plus[0]`
 *   passes: money as a decimal string), `date` (an ISO time, or its `day`: the scope time of that name plus
 *   `plusDays`, a drawn number of `days` or a picked number of `minutes`), `within` (epoch ms in whole seconds at a
 *   drawn share, at least `from`, of the way between two scope times), `flag` (a chance roll as a boolean), or
 *   `draw` (a named draw of the kit's or the fake's; one that returns an object sets its fields);
 * - `number`: the value as a number; `pad`: the value as text, zero-padded to that width; `scope`: the value is
 *   kept for the later rules' templates and not set on the record.
 */
import { BoundedMemo } from './bounded-memo.js';
import { FREE_MAIL_DOMAINS, JOB_TITLES, personName, phoneNumber, type Place, PLACES, postalCode, secondaryAddress, streetAddress } from './names.js';
import { companyDescription, employeeCount, seedEmail } from './objects-seed.js';
import type { Rng } from './prng.js';
import type { DataOf } from './provider-data.js';
import { wholeSeconds } from './records-seed.js';
import type { SeedTimeline } from './seeded-account.js';
import { seedVehicle } from './vehicles.js';

const DAY = 86_400_000;

/** The declared shape of one field rule, for `providerData`. */
export const SEED_RULE_SHAPE = {
  key: 'string',
  'when?': 'string',
  'is?': 'string',
  'p?': 'number',
  'either?': 'number',
  'text?': 'string',
  'else?': 'string',
  'pick?': 'string',
  'weighted?': 'string',
  'between?': ['tuple', 'number', 'number'],
  'scale?': 'number',
  'round?': 'number',
  'times?': 'string',
  'plus?': ['tuple', 'number', 'number'],
  'date?': 'string',
  'plusDays?': 'number',
  'days?': ['tuple', 'number', 'number'],
  'minutes?': ['list', 'number'],
  'day?': 'boolean',
  'within?': ['tuple', 'string', 'string'],
  'from?': 'number',
  'draw?': 'string',
  'flag?': 'number',
  'number?': 'boolean',
  'pad?': 'number',
  'scope?': 'boolean',
} as const;

/** The declared shape of a seed timeline in a data file: record 0's creation time, the spacing of the next ones, their maximum edit age. */
export const SEED_TIMELINE_SHAPE = { epoch: 'string', spacingMs: 'number', maxEditDays: 'number' } as const;

/** Seed timelines as a data file declares them ({@link SEED_TIMELINE_SHAPE}), by object. */
export function seedTimelines<K extends string>(declared: Record<string, DataOf<typeof SEED_TIMELINE_SHAPE>>): Record<K, SeedTimeline> {
  const timelines = Object.entries(declared).map(([name, { epoch, spacingMs, maxEditDays }]) => [
    name,
    { epoch: Date.parse(epoch), spacing: spacingMs, maxEditAge: maxEditDays * DAY },
  ]);
  return Object.fromEntries(timelines) as Record<K, SeedTimeline>;
}

/** One field rule. */
export type SeedRule = DataOf<typeof SEED_RULE_SHAPE>;

/** What a rule's draw sees: the values the fake gave the generator and the fields drawn so far. */
export type SeedScope = Record<string, unknown>;

/** A named draw: a value, or an object whose fields it sets. */
export type NamedDraw = (rng: Rng, scope: SeedScope) => unknown;

/** Where a fake's rules find their vocabularies and weighted vocabularies by name (the kit's come first). */
export interface SeedVocabulary {
  list(name: string): readonly unknown[] | undefined;
  weighted?(name: string): ReadonlyArray<readonly [unknown, number]> | undefined;
}

const placeOf = (scope: SeedScope): Place => scope['place'] as Place;

/**
 * The kit's named draws: a person's name, the seed e-mail of the scope's `first`, `last`, `index` and `domain`, the
 * contact points and addresses every fake draws with (names.ts), a company's headcount and description, the vehicle of
 * seed record `index`.
 */
export const KIT_DRAWS: Record<string, NamedDraw> = {
  person: (rng) => personName(rng),
  email: (_rng, scope) => seedEmail(String(scope['first']), String(scope['last']), Number(scope['index']), String(scope['domain'])),
  phone: (rng, scope) => phoneNumber(rng, placeOf(scope)),
  street: (rng) => streetAddress(rng),
  secondary: (rng) => secondaryAddress(rng),
  place: (rng, scope) => {
    const place = placeOf(scope);
    return { city: place.city, state: place.state, zip: postalCode(rng, place), country: place.country };
  },
  employees: (rng) => employeeCount(rng),
  description: (rng, scope) => {
    const name = String(scope['name']);
    return companyDescription(rng, name, name.split(' ')[1]?.toLowerCase() ?? 'business', placeOf(scope));
  },
  vehicle: (rng, scope) => seedVehicle(rng, Number(scope['index'])),
};

/** The kit's vocabularies: job titles, free mail domains and places. */
const KIT_LISTS: Record<string, readonly unknown[]> = { jobTitles: JOB_TITLES, freeMailDomains: FREE_MAIL_DOMAINS, places: PLACES };

/** Templates split once into text and `{name}`s, alternately (text first and last), by template (at most 1,000 kept). */
const TEMPLATE_PARTS = new BoundedMemo<string, readonly string[]>(1_000);
const templateParts = (template: string) => template.split(/\{(\w+)\}/);

/** Fills a `{name}` template from the scope. */
export function fillTemplate(template: string, scope: SeedScope): string {
  const parts = TEMPLATE_PARTS.get(template, templateParts);
  let text = parts[0] as string;
  for (let at = 1; at < parts.length; at += 2) {
    text += String((scope[parts[at] as string] as string | number | undefined) ?? '') + (parts[at + 1] as string);
  }
  return text;
}

/** Rule lists with every rule in one shape (each part present, undefined when not declared), by declared list. */
const UNIFORM_RULES = new WeakMap<readonly SeedRule[], readonly SeedRule[]>();

/**
 * The rules in one shape, so that reading their parts stays monomorphic (declared rules each have their own set of
 * keys); the same rules otherwise, made once per declared list.
 */
function uniformRules(rules: readonly SeedRule[]): readonly SeedRule[] {
  if (rules.length === 0) return rules;
  let uniform = UNIFORM_RULES.get(rules);
  if (uniform === undefined) {
    uniform = rules.map((r) => ({
      key: r.key,
      when: r.when,
      is: r.is,
      p: r.p,
      either: r.either,
      text: r.text,
      else: r.else,
      pick: r.pick,
      weighted: r.weighted,
      between: r.between,
      scale: r.scale,
      round: r.round,
      times: r.times,
      plus: r.plus,
      date: r.date,
      plusDays: r.plusDays,
      days: r.days,
      minutes: r.minutes,
      day: r.day,
      within: r.within,
      from: r.from,
      draw: r.draw,
      flag: r.flag,
      number: r.number,
      pad: r.pad,
      scope: r.scope,
    }));
    UNIFORM_RULES.set(rules, uniform);
  }
  return uniform;
}

/**
 * Draws the fields of one seed record by its rules, in order, from `rng`; `scope` holds what the fake knows of the
 * record beforehand (its place, owners, times, parties) and gains each drawn value. Returns the fields set.
 */
export function drawFields(
  rules: readonly SeedRule[],
  rng: Rng,
  scope: SeedScope,
  vocabulary: SeedVocabulary,
  draws: Record<string, NamedDraw> = {},
): Record<string, unknown> {
  const list = (name: string): readonly unknown[] => {
    const items = KIT_LISTS[name] ?? (Array.isArray(scope[name]) ? (scope[name] as unknown[]) : vocabulary.list(name));
    if (!items) throw new Error(`No seed vocabulary ${name}`);
    return items;
  };
  const out: Record<string, unknown> = {};
  for (const rule of uniformRules(rules)) {
    const held = rule.when === undefined ? true : rule.is === undefined ? scope[rule.when] !== undefined : scope[rule.when] === rule.is;
    if (!held) continue;
    if (rule.p !== undefined && !rng.chance(rule.p)) continue;
    const passed = rule.either === undefined ? undefined : rng.chance(rule.either);
    const value = passed
      ? fillTemplate(rule.text ?? '', scope)
      : passed === false && rule.else !== undefined
        ? fillTemplate(rule.else, scope)
        : drawValue(rule, rng, scope, list);
    const named = rule.draw === undefined ? undefined : (draws[rule.draw] ?? KIT_DRAWS[rule.draw]);
    const drawn = rule.draw === undefined ? value : named ? named(rng, scope) : undefined;
    if (rule.draw !== undefined && !named) throw new Error(`No seed draw ${rule.draw}`);
    const converted = rule.number ? Number(drawn) : rule.pad === undefined ? drawn : String(drawn).padStart(rule.pad, '0');
    if (typeof converted === 'object' && drawn !== null && !Array.isArray(drawn)) {
      Object.assign(scope, converted);
      if (!rule.scope) Object.assign(out, converted);
    } else {
      scope[rule.key] = converted;
      if (!rule.scope) out[rule.key] = converted;
    }
  }
  return out;

  function drawValue(rule: SeedRule, rng: Rng, scope: SeedScope, list: (name: string) => readonly unknown[]): unknown {
    if (rule.pick !== undefined) return rng.pick(list(rule.pick));
    if (rule.flag !== undefined) return rng.chance(rule.flag);
    if (rule.weighted !== undefined) {
      const items = vocabulary.weighted?.(rule.weighted);
      if (!items) throw new Error(`No weighted seed vocabulary ${rule.weighted}`);
      return rng.weighted(items);
    }
    if (rule.between !== undefined) {
      const times = rule.times === undefined ? 1 : Number(scope[rule.times]);
      const drawn = rng.between(rule.between[0], rule.between[1]);
      const base = times * (rule.round === undefined ? drawn : Math.round(drawn / rule.round) * rule.round) * (rule.scale ?? 1);
      return rule.plus === undefined ? base : base + (rng.chance(rule.plus[0]) ? rule.plus[1] : 0);
    }
    if (rule.date !== undefined) {
      let at = Number(scope[rule.date]) + (rule.plusDays ?? 0) * DAY;
      if (rule.days) at += rng.between(rule.days[0], rule.days[1]) * DAY;
      if (rule.minutes) at += rng.pick(rule.minutes) * 60_000;
      const iso = new Date(at).toISOString();
      return rule.day ? iso.slice(0, 10) : iso;
    }
    if (rule.within !== undefined) {
      const [start, end] = [Number(scope[rule.within[0]]), Number(scope[rule.within[1]])];
      const from = rule.from ?? 0;
      return wholeSeconds(start + (end - start) * (from + rng.next() * (1 - from)));
    }
    return rule.text === undefined ? undefined : fillTemplate(rule.text, scope);
  }
}
