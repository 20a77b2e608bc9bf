/**
 * One Attio workspace's identity as the fake derives it from its name: its id, its objects' and attributes' ids, its
 * status and select options' ids and its members (the workspace members, who own deals and write notes).
 */
import { personName } from '../shared/names.js';
import { createRng, mixSeed } from '../shared/prng.js';
import { ATTRIBUTES, type AttributeSpec, OBJECT_SLUGS, type ObjectSlug, recordUuid, seededUuid } from './model.js';

export interface Member {
  index: number;
  id: string;
  first_name: string;
  last_name: string;
  email_address: string;
  access_level: 'admin' | 'member' | 'suspended';
  created_at: number;
}

export interface WorkspaceIdentity {
  seed: number;
  key: string;
  workspaceId: string;
  /** The workspace's slug in web URLs. */
  slug: string;
  objectIds: Record<ObjectSlug, string>;
  attributeId(object: ObjectSlug, slug: string): string;
  optionId(object: ObjectSlug, slug: string, title: string): string;
  members: readonly Member[];
  /** The actor that writes through the API (the access token). */
  apiActor: { type: 'api-token'; id: string };
}

/** Seed of the workspace's members' draws. */
const MEMBER_SALT = 0x5a17;
export const MEMBER_COUNT = 5;
/** When the workspace's members joined. */
const MEMBERS_EPOCH = Date.UTC(2022, 5, 1);

export function workspaceIdentity(key: string, seed: number): WorkspaceIdentity {
  const slug = key.replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'workspace';
  const objectIds = Object.fromEntries(OBJECT_SLUGS.map((o, i) => [o, seededUuid(seed, 100 + i)])) as Record<ObjectSlug, string>;
  const index = (object: ObjectSlug, slugName: string) => {
    const objectIndex = OBJECT_SLUGS.indexOf(object);
    const attrs: readonly AttributeSpec[] = ATTRIBUTES[object];
    return [objectIndex, attrs.findIndex((a) => a.slug === slugName)] as const;
  };
  const members: Member[] = [];
  for (let i = 0; i < MEMBER_COUNT; i++) {
    const rng = createRng(mixSeed(seed, MEMBER_SALT, i));
    const { first, last } = personName(rng);
    members.push({
      index: i,
      id: recordUuid('members', i + 1),
      first_name: first,
      last_name: last,
      email_address: `${first}.${last}@${slug}.example.com`.toLowerCase(),
      // The first member created the workspace; the last one left it.
      access_level: i === 0 ? 'admin' : i === MEMBER_COUNT - 1 ? 'suspended' : 'member',
      created_at: MEMBERS_EPOCH + i * 86_400_000 + rng.int(86_400_000),
    });
  }
  return {
    seed,
    key,
    workspaceId: seededUuid(seed, 1),
    slug,
    objectIds,
    attributeId: (object, slugName) => seededUuid(seed, 200, ...index(object, slugName)),
    optionId: (object, slugName, title) =>
      seededUuid(
        seed,
        300,
        ...index(object, slugName),
        [...title].reduce((h, c) => h * 31 + c.charCodeAt(0), 7),
      ),
    members,
    apiActor: { type: 'api-token', id: seededUuid(seed, 2) },
  };
}

/** The object slug of an object id or slug of the workspace (Attio's paths take either). */
export function objectOf(identity: WorkspaceIdentity, idOrSlug: string): ObjectSlug | undefined {
  if ((OBJECT_SLUGS as readonly string[]).includes(idOrSlug)) return idOrSlug as ObjectSlug;
  return OBJECT_SLUGS.find((o) => identity.objectIds[o] === idOrSlug.toLowerCase());
}
