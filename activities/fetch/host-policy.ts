// Which hosts a fetch may reach, and which of them may live on a private network.
// Two checks, both needed: the host name in every URL (each redirect hop included) against
// sources.allowedHosts before anything is sent, and the address a name resolves to, at connect
// time, against sources.privateNetworkHosts (a public name that resolves, or later re-resolves,
// to 10.x or 169.254.169.254 is refused there: DNS rebinding).
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import ipaddr from 'ipaddr.js';

/** Lower-case, without IPv6 brackets or a trailing dot: the form hosts are compared in. */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.endsWith('.')) h = h.slice(0, -1);
  return h;
}

/** One spelling per IP address (IPv6 compressed), so "::1" and "0:0::1" compare equal. */
function canonicalIp(ip: string): string {
  try {
    return ipaddr.parse(ip).toString();
  } catch {
    return ip;
  }
}

function normalizePattern(pattern: string): { exact: string } | { suffix: string } | null {
  let p = normalizeHost(pattern);
  const wildcard = p.startsWith('*.');
  if (wildcard) p = p.slice(2);
  if (p === '') return null;
  if (isIP(p)) {
    // Any spelling of an IPv6 address compares equal to the URL parser's compressed form.
    return wildcard ? null : { exact: canonicalIp(p) };
  }
  const ascii = domainToASCII(p) || p;
  return wildcard ? { suffix: `.${ascii}` } : { exact: ascii };
}

/**
 * Whether `host` (a URL hostname) is named by one of `patterns`: an exact host or IP literal
 * ("portal.tayninh.gov.vn", "127.0.0.1", "::1") or a suffix pattern ("*.gov.vn", which matches
 * subdomains at any depth but not "gov.vn" itself). Case and a trailing dot do not matter;
 * Unicode names match their punycode form.
 */
export function hostMatches(host: string, patterns: readonly string[]): boolean {
  let h = normalizeHost(host);
  if (h === '') return false;
  if (isIP(h)) h = canonicalIp(h);
  for (const raw of patterns) {
    const p = normalizePattern(raw);
    if (p === null) continue;
    if ('exact' in p ? h === p.exact : h.endsWith(p.suffix)) return true;
  }
  return false;
}

const RANGE_WORDS: Record<string, string> = {
  private: 'a private address',
  loopback: 'a loopback address',
  linkLocal: 'a link-local address',
  carrierGradeNat: 'a carrier-grade NAT address',
  uniqueLocal: 'a private (unique-local) address',
  ipv4Mapped: 'an IPv4-mapped address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
};

/**
 * Null for a public unicast address; otherwise words for its kind ("a private address",
 * "a loopback address", ...). Everything that is not public unicast counts as non-public:
 * loopback, RFC 1918, link-local, CGNAT 100.64/10, unique-local IPv6, IPv4-mapped IPv6,
 * 0.0.0.0/8, multicast, broadcast, and the reserved and translation ranges ipaddr.js knows.
 * Text that is not an IP address is treated as non-public.
 */
export function nonPublicAddressKind(address: string): string | null {
  let range: string;
  try {
    range = ipaddr.parse(normalizeHost(address)).range();
  } catch {
    return 'not a usable address';
  }
  if (range === 'unicast') return null;
  return RANGE_WORDS[range] ?? `a non-public address (${range})`;
}

export interface HostRules {
  allowedHosts: readonly string[];
  privateNetworkHosts: readonly string[];
}

/** Why a host (from a URL) may not be contacted at all, before any DNS: or null if it may. */
export function refuseHost(hostname: string, rules: HostRules): { code: 'host_not_allowed' | 'private_address'; reason: string } | null {
  const host = normalizeHost(hostname);
  if (!hostMatches(host, rules.allowedHosts)) {
    return { code: 'host_not_allowed', reason: `host ${host} is not in sources.allowedHosts` };
  }
  // An IP literal is connected to directly (no lookup to guard), so it is judged here.
  if (isIP(host) && !hostMatches(host, rules.privateNetworkHosts)) {
    const kind = nonPublicAddressKind(host);
    if (kind !== null) {
      return { code: 'private_address', reason: `host ${host} is ${kind} (allow it with sources.privateNetworkHosts)` };
    }
  }
  return null;
}

/** Thrown from the guarded lookup and connector; the fetcher turns it into a FetchError 'private_address'. */
export class PrivateAddressRefusal extends Error {
  readonly code = 'EPRIVATEADDRESS';
  constructor(
    readonly host: string,
    readonly address: string,
    readonly kind: string,
  ) {
    super(`host ${host} resolves to ${address}, ${kind} (allow it with sources.privateNetworkHosts)`);
    this.name = 'PrivateAddressRefusal';
  }
}

/** Refusal for `address` reached through `hostname`, or null when the connection may go ahead. */
export function refuseAddress(hostname: string, address: string, rules: HostRules): PrivateAddressRefusal | null {
  const host = normalizeHost(hostname);
  if (hostMatches(host, rules.privateNetworkHosts)) return null;
  const kind = nonPublicAddressKind(address);
  return kind === null ? null : new PrivateAddressRefusal(host, normalizeHost(address), kind);
}

/** A resolver in the shape of dns.lookup with { all: true }. Tests hand in a fake one. */
export type Resolver = (
  hostname: string,
  options: LookupOptions & { all: true },
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

export const systemResolver: Resolver = (hostname, options, callback) => dnsLookup(hostname, options, callback);

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net.connect / tls.connect that resolves through `resolve` and refuses the
 * connection when any resolved address is non-public and the host is not in
 * privateNetworkHosts. Every address is checked (not just the first), since the socket may try
 * each of them.
 */
export function guardedLookup(rules: HostRules, resolve: Resolver = systemResolver) {
  return function lookup(hostname: string, options: LookupOptions | number | undefined, callback: LookupCallback): void {
    const opts: LookupOptions = typeof options === 'number' ? { family: options } : { ...(options ?? {}) };
    const wantAll = opts.all === true;
    resolve(hostname, { ...opts, all: true }, (err, addresses) => {
      if (err) return callback(err, wantAll ? [] : '', 0);
      if (!addresses || addresses.length === 0) {
        const e: NodeJS.ErrnoException = new Error(`host ${hostname} has no address`);
        e.code = 'ENOTFOUND';
        return callback(e, wantAll ? [] : '', 0);
      }
      for (const a of addresses) {
        const refusal = refuseAddress(hostname, a.address, rules);
        if (refusal) return callback(refusal, wantAll ? [] : '', 0);
      }
      if (wantAll) return callback(null, addresses);
      const first = addresses[0]!;
      return callback(null, first.address, first.family);
    });
  };
}
