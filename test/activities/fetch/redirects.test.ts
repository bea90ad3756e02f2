// Redirects and the host policy, against a real node:http server on 127.0.0.1. Name
// resolution is either the real lookup of "localhost" or a fake resolver: no external DNS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { fetchBytes, fetchBytesWith } from '../../../activities/fetch/http-fetch.ts';
import type { Resolver } from '../../../activities/fetch/host-policy.ts';
import { failure, serverPerTest, testPolicy, type Handler, type TestServer } from './server.ts';

const serve = serverPerTest();

/** Every host undici tries to connect to, from its diagnostics channel. */
const connectAttempts: string[] = [];
const onBeforeConnect = (message: unknown) => {
  connectAttempts.push((message as { connectParams: { hostname: string } }).connectParams.hostname);
};
beforeAll(() => subscribe('undici:client:beforeConnect', onBeforeConnect));
afterAll(() => {
  unsubscribe('undici:client:beforeConnect', onBeforeConnect);
});

function redirectTo(location: (srv: TestServer) => string, status = 302): Handler {
  return (req, res, srv) => {
    if (req.url === '/go') {
      res.writeHead(status, { Location: location(srv) });
      res.end('moved');
      return;
    }
    res.end(`at ${req.url}`);
  };
}

describe('redirects', () => {
  it('follows a relative Location and returns the final URL', async () => {
    const srv = await serve((req, res) => {
      if (req.url === '/reports/list') {
        res.writeHead(301, { Location: '../files/./r.pdf?id=7' });
        res.end();
        return;
      }
      if (req.url === '/files/r.pdf?id=7') {
        res.writeHead(302, { Location: '/final.pdf' });
        res.end();
        return;
      }
      res.writeHead(200, { ETag: '"f"' });
      res.end(`at ${req.url}`);
    });
    const out = await fetchBytes(`${srv.base}/reports/list`, testPolicy());
    if (out.status !== 'ok') throw new Error(out.status);
    expect(out.url).toBe(`${srv.base}/final.pdf`);
    expect(out.etag).toBe('"f"');
    expect(Buffer.from(out.bytes).toString()).toBe('at /final.pdf');
    expect(out.attempts).toBe(1);
    expect(srv.requests.map((r) => r.path)).toEqual(['/reports/list', '/files/r.pdf?id=7', '/final.pdf']);
  });

  it.each([303, 307, 308])('follows %i', async (status) => {
    const srv = await serve(redirectTo((s) => `${s.base}/there`, status));
    const out = await fetchBytes(`${srv.base}/go`, testPolicy());
    expect(out.url).toBe(`${srv.base}/there`);
  });

  it('refuses a chain longer than maxRedirects', async () => {
    const srv = await serve((req, res) => {
      const n = Number(req.url!.split('/')[2]);
      res.writeHead(302, { Location: `/hop/${n + 1}` });
      res.end();
    });
    const err = await failure(fetchBytes(`${srv.base}/hop/0`, testPolicy({ maxRedirects: 3 })));
    expect(err.code).toBe('too_many_redirects');
    expect(err.retryable).toBe(false);
    expect(err.attempts).toBe(1);
    const b = srv.base;
    expect(err.message).toBe(`${b}/hop/0: more than 3 redirects (${b}/hop/0 -> ${b}/hop/1 -> ${b}/hop/2 -> ${b}/hop/3 -> ${b}/hop/4)`);
    expect(srv.requests).toHaveLength(4);
  });

  it('allows exactly maxRedirects hops', async () => {
    const srv = await serve((req, res) => {
      const n = Number(req.url!.split('/')[2]);
      if (n < 3) {
        res.writeHead(302, { Location: `/hop/${n + 1}` });
        res.end();
        return;
      }
      res.end('arrived');
    });
    const out = await fetchBytes(`${srv.base}/hop/0`, testPolicy({ maxRedirects: 3 }));
    expect(out.url).toBe(`${srv.base}/hop/3`);
  });

  it('refuses any redirect with maxRedirects 0', async () => {
    const srv = await serve(redirectTo(() => '/x'));
    const err = await failure(fetchBytes(`${srv.base}/go`, testPolicy({ maxRedirects: 0 })));
    expect(err.code).toBe('too_many_redirects');
  });

  it('detects a loop', async () => {
    const srv = await serve((req, res) => {
      res.writeHead(302, { Location: req.url === '/a' ? '/b' : '/a' });
      res.end();
    });
    const err = await failure(fetchBytes(`${srv.base}/a`, testPolicy({ maxRedirects: 10 })));
    expect(err.code).toBe('redirect_loop');
    expect(err.retryable).toBe(false);
    expect(err.message).toBe(`${srv.base}/a: redirect loop (${srv.base}/a -> ${srv.base}/b -> ${srv.base}/a)`);
    expect(srv.requests).toHaveLength(2);
  });

  it('refuses a redirect to a host not in allowedHosts, without contacting it', async () => {
    const srv = await serve(redirectTo((s) => `http://localhost:${s.port}/x`));
    const err = await failure(fetchBytes(`${srv.base}/go`, testPolicy()));
    expect(err.code).toBe('host_not_allowed');
    expect(err.retryable).toBe(false);
    expect(err.attempts).toBe(1);
    expect(err.message).toBe(`${srv.base}/go: redirect to http://localhost:${srv.port}/x refused: host localhost is not in sources.allowedHosts`);
    expect(srv.requests.map((r) => r.path)).toEqual(['/go']);
  });

  it('refuses a redirect to the cloud metadata address without any connection attempt', async () => {
    const srv = await serve(redirectTo(() => 'http://169.254.169.254/latest/meta-data'));
    connectAttempts.length = 0;
    const err = await failure(fetchBytes(`${srv.base}/go`, testPolicy()));
    expect(err.code).toBe('host_not_allowed');
    expect(err.message).toBe(
      `${srv.base}/go: redirect to http://169.254.169.254/latest/meta-data refused: host 169.254.169.254 is not in sources.allowedHosts`,
    );
    expect(connectAttempts).toEqual(['127.0.0.1']);
  });

  it('refuses the metadata address even when allowed, unless it is a private-network host', async () => {
    const srv = await serve(redirectTo(() => 'http://169.254.169.254/latest/meta-data'));
    connectAttempts.length = 0;
    const err = await failure(fetchBytes(`${srv.base}/go`, testPolicy({ allowedHosts: ['127.0.0.1', '169.254.169.254'] })));
    expect(err.code).toBe('private_address');
    expect(err.message).toBe(
      `${srv.base}/go: redirect to http://169.254.169.254/latest/meta-data refused: host 169.254.169.254 is a link-local address (allow it with sources.privateNetworkHosts)`,
    );
    expect(connectAttempts).toEqual(['127.0.0.1']);
  });

  it('refuses a redirect to another scheme', async () => {
    const srv = await serve(redirectTo(() => 'ftp://127.0.0.1/r.pdf'));
    const err = await failure(fetchBytes(`${srv.base}/go`, testPolicy()));
    expect(err.code).toBe('bad_url');
    expect(err.message).toBe(`${srv.base}/go: redirect to ftp://127.0.0.1/r.pdf refused: only http and https addresses can be fetched, not ftp:`);
  });

  it('reports a redirect without Location', async () => {
    const srv = await serve((_req, res) => {
      res.writeHead(302);
      res.end();
    });
    const err = await failure(fetchBytes(`${srv.base}/go`, testPolicy()));
    expect(err.code).toBe('http_status');
    expect(err.status).toBe(302);
  });

  it('names the redirect target when it fails, and retries from the start', async () => {
    const srv = await serve((req, res) => {
      if (req.url === '/go') {
        res.writeHead(302, { Location: '/broken' });
        res.end();
        return;
      }
      res.writeHead(502);
      res.end();
    });
    const err = await failure(fetchBytes(`${srv.base}/go`, testPolicy({ retries: 1 })));
    expect(err.code).toBe('http_status');
    expect(err.message).toBe(`${srv.base}/go (redirected to ${srv.base}/broken): the server answered 502 Bad Gateway (2 attempts)`);
    expect(srv.requests.map((r) => r.path)).toEqual(['/go', '/broken', '/go', '/broken']);
  });
});

describe('private addresses', () => {
  it('refuses 127.0.0.1 when allowed but not a private-network host, before connecting', async () => {
    const srv = await serve((_req, res) => res.end('secret'));
    const err = await failure(fetchBytes(`${srv.base}/a`, testPolicy({ allowedHosts: ['127.0.0.1'], privateNetworkHosts: [] })));
    expect(err.code).toBe('private_address');
    expect(err.retryable).toBe(false);
    expect(err.attempts).toBe(0);
    expect(err.message).toBe(`${srv.base}/a: host 127.0.0.1 is a loopback address (allow it with sources.privateNetworkHosts)`);
    expect(srv.connections()).toBe(0);
  });

  it.each([
    ['http://[::1]:9/a', '::1', 'a loopback address'],
    ['http://[::ffff:127.0.0.1]:9/a', '::ffff:7f00:1', 'an IPv4-mapped address'],
    ['http://0.0.0.0:9/a', '0.0.0.0', 'an unspecified address'],
    ['http://10.1.2.3:9/a', '10.1.2.3', 'a private address'],
    ['http://0x7f.1:9/a', '127.0.0.1', 'a loopback address'],
  ])('refuses the IP literal in %s', async (url, host, kind) => {
    const err = await failure(fetchBytes(url, testPolicy({ allowedHosts: [host], privateNetworkHosts: [] })));
    expect(err.code).toBe('private_address');
    expect(err.message).toContain(`host ${host} is ${kind}`);
  });

  it('refuses a name whose real DNS lookup gives a loopback address', async () => {
    const srv = await serve((_req, res) => res.end('secret'));
    const err = await failure(fetchBytes(`http://localhost:${srv.port}/a`, testPolicy({ allowedHosts: ['localhost'], privateNetworkHosts: [] })));
    expect(err.code).toBe('private_address');
    expect(err.retryable).toBe(false);
    expect(err.attempts).toBe(1);
    expect(err.message).toMatch(
      new RegExp(
        `^http://localhost:${srv.port}/a: host localhost resolves to (127\\.0\\.0\\.1|::1), a loopback address \\(allow it with sources\\.privateNetworkHosts\\)$`,
      ),
    );
    expect(srv.connections()).toBe(0);
  });

  const fakeDns =
    (table: Record<string, string[]>): Resolver =>
    (hostname, _options, callback) => {
      const addresses = table[hostname];
      if (!addresses) {
        const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
        err.code = 'ENOTFOUND';
        return callback(err, []);
      }
      callback(
        null,
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      );
    };

  it('refuses a name that resolves to a private address', async () => {
    const err = await failure(
      fetchBytesWith(
        fakeDns({ 'portal.example': ['10.0.0.5'] }),
        'http://portal.example/r.pdf',
        testPolicy({ allowedHosts: ['*.example', 'portal.example'], privateNetworkHosts: [] }),
      ),
    );
    expect(err.code).toBe('private_address');
    expect(err.message).toBe(
      'http://portal.example/r.pdf: host portal.example resolves to 10.0.0.5, a private address (allow it with sources.privateNetworkHosts)',
    );
  });

  it('refuses when any of the addresses is private', async () => {
    const err = await failure(
      fetchBytesWith(fakeDns({ 'mixed.example': ['203.113.131.1', '192.168.1.10'] }), 'http://mixed.example/', testPolicy({ allowedHosts: ['mixed.example'] })),
    );
    expect(err.code).toBe('private_address');
    expect(err.message).toContain('resolves to 192.168.1.10, a private address');
  });

  it('connects to a private-network host through its resolved address', async () => {
    const srv = await serve((req, res) => res.end(`host ${req.headers.host}`));
    const out = await fetchBytesWith(
      fakeDns({ 'intranet.example': ['127.0.0.1'] }),
      `http://intranet.example:${srv.port}/a`,
      testPolicy({ allowedHosts: ['intranet.example'], privateNetworkHosts: ['intranet.example'] }),
    );
    if (out.status !== 'ok') throw new Error(out.status);
    expect(Buffer.from(out.bytes).toString()).toBe(`host intranet.example:${srv.port}`);
  });

  it('checks the address at connect time: an allowed public name re-pointed at 127.0.0.1 is refused', async () => {
    // The redirect target passes the name check (*.example), then resolves to loopback.
    const srv = await serve(redirectTo((s) => `http://files.example:${s.port}/x`));
    const err = await failure(
      fetchBytesWith(
        fakeDns({ 'files.example': ['127.0.0.1'] }),
        `${srv.base}/go`,
        testPolicy({ allowedHosts: ['127.0.0.1', '*.example'], privateNetworkHosts: ['127.0.0.1'] }),
      ),
    );
    expect(err.code).toBe('private_address');
    expect(err.message).toBe(
      `${srv.base}/go (redirected to http://files.example:${srv.port}/x): host files.example resolves to 127.0.0.1, a loopback address (allow it with sources.privateNetworkHosts)`,
    );
    expect(srv.requests.map((r) => r.path)).toEqual(['/go']);
    expect(srv.connections()).toBe(1);
  });

  it('reports a name that does not resolve, without retrying', async () => {
    const err = await failure(fetchBytesWith(fakeDns({}), 'http://nowhere.example/', testPolicy({ allowedHosts: ['*.example'] })));
    expect(err.code).toBe('network');
    expect(err.retryable).toBe(false);
    expect(err.attempts).toBe(1);
    expect(err.message).toBe('http://nowhere.example/: host nowhere.example was not found in DNS');
  });
});
