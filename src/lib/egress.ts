/**
 * Where Weft may send requests it was told to send (webhook URLs, addresses providers hand back): the one egress
 * policy. Addresses are classified with ipaddr.js; hosts are read with the WHATWG URL parser, as every HTTP client
 * reads them, so `2130706433`, `0x7f.1`, `017700000001` and `127.1` are all 127.0.0.1 here too.
 *
 * By default only public unicast addresses are reached. `allowPrivate` (WEFT_WEBHOOK_ALLOW_PRIVATE) also lets
 * loopback and private (RFC 1918, IPv6 unique-local) addresses through; the allowlist (WEFT_EGRESS_ALLOWLIST) names
 * hosts, addresses or CIDR blocks that are reached whatever they are.
 *
 * The check that counts happens when connecting (`createEgressAgent`): the agent resolves a name once, checks every
 * address it resolves to, and connects only to those addresses (no second lookup, so a DNS answer that changes
 * between check and use — DNS rebinding — cannot slip through). `checkUrl` refuses early what can be known from the
 * URL alone (literal addresses, `localhost`), so that an API caller gets a 400 rather than a failed delivery.
 */
import { promises as dns } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';

import ipaddr from 'ipaddr.js';
import { Agent, buildConnector } from 'undici';

/** What an address is, as far as reaching it goes. */
export type AddressKind = 'public' | 'loopback' | 'private' | 'shared' | 'link-local' | 'multicast' | 'unspecified' | 'broadcast' | 'reserved';

const DESCRIPTION: Record<Exclude<AddressKind, 'public'>, string> = {
  loopback: 'a loopback address',
  private: 'a private address',
  shared: 'a carrier-grade NAT (shared) address',
  'link-local': 'a link-local address',
  multicast: 'a multicast address',
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  reserved: 'a reserved address',
};

/** Kinds WEFT_WEBHOOK_ALLOW_PRIVATE lets through. */
const PRIVATE_KINDS: ReadonlySet<AddressKind> = new Set(['loopback', 'private']);

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');
const IPV4_COMPATIBLE_V6 = ipaddr.parseCIDR('::/96');

function embeddedIPv4(address: ipaddr.IPv6, fromPart: number): ipaddr.IPv4 {
  const parts = address.parts;
  const hi = parts[fromPart] ?? 0;
  const lo = parts[fromPart + 1] ?? 0;
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}

function classifyV4(address: ipaddr.IPv4): AddressKind {
  switch (address.range()) {
    case 'unicast':
      return 'public';
    case 'loopback':
      return 'loopback';
    case 'private':
      return 'private';
    case 'carrierGradeNat':
      return 'shared';
    case 'linkLocal':
      return 'link-local';
    case 'multicast':
      return 'multicast';
    case 'unspecified':
      return 'unspecified';
    case 'broadcast':
      return 'broadcast';
    default:
      return 'reserved';
  }
}

const NAT64 = ipaddr.parseCIDR('64:ff9b::/96');

/** The IPv4 address an IPv6 address carries (IPv4-mapped, IPv4-translated, NAT64 64:ff9b::/96, 6to4), if any. */
function embeddedV4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const range: string = address.range();
  if (range === 'ipv4Mapped' || range === 'rfc6145' || (range === 'rfc6052' && address.match(NAT64))) return embeddedIPv4(address, 6);
  if (range === '6to4') return embeddedIPv4(address, 1);
  return null;
}

function classifyV6(address: ipaddr.IPv6): AddressKind {
  const embedded = embeddedV4(address);
  if (embedded) return classifyV4(embedded);
  const range: string = address.range();
  switch (range) {
    case 'rfc6052':
      return 'private'; // the local-use NAT64 prefix 64:ff9b:1::/48
    case 'loopback':
      return 'loopback';
    case 'uniqueLocal':
    case 'deprecatedSiteLocal':
      return 'private';
    case 'linkLocal':
      return 'link-local';
    case 'multicast':
      return 'multicast';
    case 'unspecified':
      return 'unspecified';
    case 'unicast':
      if (address.match(IPV4_COMPATIBLE_V6)) return 'reserved';
      return address.match(GLOBAL_UNICAST_V6) ? 'public' : 'reserved';
    default:
      return 'reserved';
  }
}

/** Classifies an IP address (IPv4, IPv6, IPv4-mapped, NAT64, 6to4). Throws on text that is not an address. */
export function classifyAddress(address: string): AddressKind {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (!isIP(bare)) throw new Error(`Not an IP address: ${address}`);
  const parsed = ipaddr.parse(bare);
  return parsed.kind() === 'ipv4' ? classifyV4(parsed as ipaddr.IPv4) : classifyV6(parsed as ipaddr.IPv6);
}

/** A refused target, and what to change to allow it. */
export class EgressRefusedError extends Error {
  override readonly name = 'EgressRefusedError';
  readonly code = 'WEFT_EGRESS_REFUSED';
  constructor(
    /** Why, without the leading "refused: " (`10.0.0.5 is a private address (set … to allow)`). */
    readonly reason: string,
  ) {
    super(`refused: ${reason}`);
  }
}

/** The EgressRefusedError in `e` or its causes. */
export function egressRefusal(e: unknown): EgressRefusedError | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    if (cur instanceof EgressRefusedError) return cur;
  }
  return undefined;
}

function hint(kind: AddressKind): string {
  return PRIVATE_KINDS.has(kind) ? '(set WEFT_WEBHOOK_ALLOW_PRIVATE=true to allow)' : '(add it to WEFT_EGRESS_ALLOWLIST to allow)';
}

export interface EgressSettings {
  /** Loopback and private addresses may be reached (WEFT_WEBHOOK_ALLOW_PRIVATE). */
  allowPrivate: boolean;
  /** Hosts (`hooks.internal`, `*.corp.example`), addresses and CIDR blocks reached whatever they are. */
  allowlist: readonly string[];
}

type AllowEntry = { host: string } | { suffix: string } | { cidr: [ipaddr.IPv4 | ipaddr.IPv6, number] };

/** Parses WEFT_EGRESS_ALLOWLIST entries; `problems` names each entry that is none of a host, an address or a CIDR. */
export function parseAllowlist(raw: string): { entries: string[]; problems: string[] } {
  const entries = raw
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const problems = entries.filter((e) => allowEntry(e) === null).map((e) => `'${e}' is not a host name, an IP address or a CIDR block`);
  return { entries, problems };
}

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

function allowEntry(entry: string): AllowEntry | null {
  const bare = entry.replace(/^\[(.*)\](\/\d+)?$/, '$1$2');
  if (bare.includes('/')) {
    try {
      return { cidr: ipaddr.parseCIDR(bare) };
    } catch {
      return null;
    }
  }
  if (isIP(bare)) {
    const address = ipaddr.parse(bare);
    return { cidr: [address, address.kind() === 'ipv4' ? 32 : 128] };
  }
  if (entry.startsWith('*.') && HOST_NAME.test(entry.slice(2))) return { suffix: entry.slice(1) };
  return HOST_NAME.test(entry) ? { host: entry } : null;
}

/** A host as it is compared: lower case, no brackets, no trailing dot. */
function normalHost(hostname: string): string {
  const h = hostname.toLowerCase();
  return (h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h).replace(/\.$/, '');
}

export class EgressPolicy {
  readonly #allowPrivate: boolean;
  readonly #entries: AllowEntry[];

  constructor(settings: EgressSettings) {
    this.#allowPrivate = settings.allowPrivate;
    this.#entries = settings.allowlist.map((e) => {
      const entry = allowEntry(e.trim().toLowerCase());
      if (!entry) throw new Error(`WEFT_EGRESS_ALLOWLIST: '${e}' is not a host name, an IP address or a CIDR block`);
      return entry;
    });
  }

  /** True when the allowlist names this host (by name, or by a `*.` suffix). */
  allowsHost(hostname: string): boolean {
    const host = normalHost(hostname);
    return this.#entries.some((e) => ('host' in e && e.host === host) || ('suffix' in e && host.endsWith(e.suffix)));
  }

  /** Why `address` may not be reached (`10.0.0.5 is a private address (set … to allow)`), or null. */
  refuseAddress(address: string, via?: string): string | null {
    const bare = normalHost(address);
    const kind = classifyAddress(bare);
    if (kind === 'public' || (this.#allowPrivate && PRIVATE_KINDS.has(kind))) return null;
    const parsed = ipaddr.parse(bare);
    const embedded = parsed.kind() === 'ipv6' ? embeddedV4(parsed as ipaddr.IPv6) : null;
    const inAllowlist = this.#entries.some((e) => 'cidr' in e && (matchCidr(parsed, e.cidr) || (embedded !== null && matchCidr(embedded, e.cidr))));
    if (inAllowlist) return null;
    if (via !== undefined) return `${via} resolves to ${DESCRIPTION[kind]} ${hint(kind)}`;
    return `${bare}${embedded ? ` (${embedded.toString()})` : ''} is ${DESCRIPTION[kind]} ${hint(kind)}`;
  }

  /**
   * What is wrong with a URL Weft is asked to send requests to, phrased to follow the field's name ("must be …",
   * "is refused: …"), or null. Checks the scheme, credentials, and what the host is when the URL alone tells:
   * a literal address, or `localhost` and its subdomains (RFC 6761). Other names are checked when connecting.
   */
  checkUrl(raw: string): string | null {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return 'is not a valid URL';
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http or https URL';
    if (url.username || url.password) return 'must not contain a user name or password';
    const host = normalHost(url.hostname);
    if (this.allowsHost(host)) return null;
    if (isIP(host)) {
      const refusal = this.refuseAddress(host);
      return refusal === null ? null : `is refused: ${refusal}`;
    }
    if (host === 'localhost' || host.endsWith('.localhost')) {
      const refusal = this.refuseAddress('127.0.0.1', host);
      return refusal === null ? null : `is refused: ${refusal}`;
    }
    return null;
  }
}

function matchCidr(address: ipaddr.IPv4 | ipaddr.IPv6, cidr: [ipaddr.IPv4 | ipaddr.IPv6, number]): boolean {
  return address.kind() === cidr[0].kind() && address.match(cidr);
}

/** Resolves a name to every address it has (the system resolver by default; tests give their own). */
export type Resolve = (hostname: string) => Promise<Array<{ address: string; family: 4 | 6 }>>;

const systemResolve: Resolve = async (hostname) =>
  (await dns.lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

export interface EgressAgentOptions {
  resolve?: Resolve;
  /** undici Agent options besides `connect`. */
  agent?: Omit<Agent.Options, 'connect'>;
  /** Connect timeout, in ms. @defaultValue 10000 */
  connectTimeoutMs?: number;
}

/**
 * An undici Agent that checks every address before connecting: a literal address in the URL, or each address the
 * name resolves to (one lookup; the connection goes to those checked addresses). A refusal fails the request with an
 * EgressRefusedError before any connection is made.
 */
export function createEgressAgent(policy: EgressPolicy, options: EgressAgentOptions = {}): Agent {
  const resolve = options.resolve ?? systemResolve;
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    resolve(hostname).then(
      (addresses) => {
        if (!policy.allowsHost(hostname)) {
          for (const a of addresses) {
            const refusal = policy.refuseAddress(a.address, normalHost(hostname));
            if (refusal !== null) return callback(new EgressRefusedError(refusal), '', 0);
          }
        }
        const family = lookupOptions.family === 4 || lookupOptions.family === 6 ? lookupOptions.family : null;
        const usable = family === null ? addresses : addresses.filter((a) => a.family === family);
        const first = usable[0];
        if (!first) {
          const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
          return callback(err, '', 0);
        }
        if (lookupOptions.all) return callback(null, usable);
        return callback(null, first.address, first.family);
      },
      (err: unknown) => callback(err as NodeJS.ErrnoException, '', 0),
    );
  };
  const connector = buildConnector({ lookup, timeout: options.connectTimeoutMs ?? 10_000 });
  const connect: buildConnector.connector = (connectOptions, callback) => {
    const host = normalHost(connectOptions.hostname);
    if (isIP(host)) {
      const refusal = policy.refuseAddress(host);
      if (refusal !== null) {
        callback(new EgressRefusedError(refusal), null);
        return;
      }
    }
    connector(connectOptions, callback);
  };
  return new Agent({ ...options.agent, connect });
}
