// The pieces of the fetcher that need no server: host patterns, address ranges, the guarded
// lookup, backoff and Retry-After, and how URLs and sizes are worded.
import { describe, expect, it } from 'vitest';
import type { LookupAddress } from 'node:dns';
import { guardedLookup, hostMatches, nonPublicAddressKind, PrivateAddressRefusal, refuseHost, type Resolver } from '../../../activities/fetch/host-policy.ts';
import { displayRawUrl, displayUrl, formatBytes, formatSeconds } from '../../../activities/fetch/wording.ts';

describe('hostMatches', () => {
  const patterns = ['*.gov.vn', 'portal.example.com', '127.0.0.1', '::1'];
  it.each([
    ['portal.tayninh.gov.vn', true],
    ['SOKHCN.TAYNINH.GOV.VN.', true],
    ['a.b.c.gov.vn', true],
    ['gov.vn', false],
    ['evilgov.vn', false],
    ['gov.vn.evil.com', false],
    ['portal.example.com', true],
    ['x.portal.example.com', false],
    ['example.com', false],
    ['127.0.0.1', true],
    ['127.0.0.2', false],
    ['[::1]', true],
    ['[0:0::1]', true],
    ['', false],
  ])('%j -> %s', (host, expected) => {
    expect(hostMatches(host, patterns)).toBe(expected);
  });

  it('matches Unicode names in their punycode form', () => {
    const host = new URL('http://sở.gov.vn/').hostname;
    expect(hostMatches(host, ['sở.gov.vn'])).toBe(true);
    expect(hostMatches(host, ['*.gov.vn'])).toBe(true);
  });

  it('matches nothing with no patterns, and ignores empty or wildcard-IP patterns', () => {
    expect(hostMatches('a.gov.vn', [])).toBe(false);
    expect(hostMatches('a.gov.vn', ['', '*.'])).toBe(false);
    expect(hostMatches('127.0.0.1', ['*.0.0.1'])).toBe(false);
  });
});

describe('nonPublicAddressKind', () => {
  it.each([
    ['10.0.0.5', 'a private address'],
    ['172.16.3.4', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['127.0.0.1', 'a loopback address'],
    ['127.255.0.9', 'a loopback address'],
    ['169.254.169.254', 'a link-local address'],
    ['100.64.0.1', 'a carrier-grade NAT address'],
    ['0.0.0.0', 'an unspecified address'],
    ['0.1.2.3', 'an unspecified address'],
    ['224.0.0.1', 'a multicast address'],
    ['255.255.255.255', 'a broadcast address'],
    ['::1', 'a loopback address'],
    ['::', 'an unspecified address'],
    ['fc00::1', 'a private (unique-local) address'],
    ['fd12:3456::1', 'a private (unique-local) address'],
    ['fe80::1', 'a link-local address'],
    ['ff02::1', 'a multicast address'],
    ['::ffff:10.0.0.1', 'an IPv4-mapped address'],
    ['::ffff:8.8.8.8', 'an IPv4-mapped address'],
    ['not-an-ip', 'not a usable address'],
  ])('%s is %s', (address, kind) => {
    expect(nonPublicAddressKind(address)).toBe(kind);
  });

  it.each(['8.8.8.8', '203.113.131.1', '14.225.0.1', '2001:4860:4860::8888', '2402:800::1'])('%s is public', (address) => {
    expect(nonPublicAddressKind(address)).toBeNull();
  });
});

describe('refuseHost', () => {
  const rules = { allowedHosts: ['*.gov.vn', '10.0.0.5', '127.0.0.1'], privateNetworkHosts: ['127.0.0.1', 'intranet.gov.vn'] };
  it('refuses hosts outside the allow-list', () => {
    expect(refuseHost('evil.com', rules)).toEqual({ code: 'host_not_allowed', reason: 'host evil.com is not in sources.allowedHosts' });
  });
  it('refuses private IP literals unless they are private-network hosts', () => {
    expect(refuseHost('10.0.0.5', rules)?.code).toBe('private_address');
    expect(refuseHost('127.0.0.1', rules)).toBeNull();
  });
  it('leaves names to the connect-time check', () => {
    expect(refuseHost('portal.tayninh.gov.vn', rules)).toBeNull();
  });
});

describe('guardedLookup', () => {
  const rules = { allowedHosts: ['*'], privateNetworkHosts: ['intranet.example'] };
  const fake =
    (addresses: string[]): Resolver =>
    (_host, options, callback) => {
      expect(options.all).toBe(true);
      callback(
        null,
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      );
    };
  const run = (resolver: Resolver, host: string, all: boolean) =>
    new Promise<{ err: Error | null; result: string | LookupAddress[]; family?: number }>((resolve) => {
      guardedLookup(rules, resolver)(host, { all }, (err, result, family) => resolve({ err, result, ...(family !== undefined ? { family } : {}) }));
    });

  it('passes public addresses through, in both callback shapes', async () => {
    expect(await run(fake(['203.113.131.1', '2402:800::1']), 'portal.example', true)).toEqual({
      err: null,
      result: [
        { address: '203.113.131.1', family: 4 },
        { address: '2402:800::1', family: 6 },
      ],
    });
    expect(await run(fake(['203.113.131.1']), 'portal.example', false)).toEqual({ err: null, result: '203.113.131.1', family: 4 });
  });

  it('refuses when any address is non-public', async () => {
    const { err } = await run(fake(['203.113.131.1', '10.0.0.5']), 'portal.example', true);
    expect(err).toBeInstanceOf(PrivateAddressRefusal);
    expect(err?.message).toBe('host portal.example resolves to 10.0.0.5, a private address (allow it with sources.privateNetworkHosts)');
  });

  it('lets private-network hosts resolve to private addresses', async () => {
    expect((await run(fake(['10.0.0.5']), 'intranet.example', false)).result).toBe('10.0.0.5');
  });

  it('passes resolver errors on', async () => {
    const failing: Resolver = (_h, _o, cb) => {
      const e: NodeJS.ErrnoException = new Error('nope');
      e.code = 'ENOTFOUND';
      cb(e, []);
    };
    expect((await run(failing, 'x.example', true)).err?.message).toBe('nope');
  });
});

describe('wording', () => {
  it('shows URLs without credentials, fragment or secret query values', () => {
    expect(displayUrl(new URL('https://u:p@portal.gov.vn/a/b.pdf?id=3&token=abc&api_key=k&X-Amz-Signature=s#top'))).toBe(
      'https://portal.gov.vn/a/b.pdf?id=3&token=***&api_key=***&X-Amz-Signature=***',
    );
    expect(displayUrl(new URL('http://127.0.0.1:8080/'))).toBe('http://127.0.0.1:8080/');
    expect(displayRawUrl('htp://user:secret@x y')).toBe('"htp://x y"');
  });
  it('words sizes and durations', () => {
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(900)).toBe('900 bytes');
    expect(formatSeconds(30_000)).toBe('30 s');
    expect(formatSeconds(300)).toBe('0.3 s');
  });
});
