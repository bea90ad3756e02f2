// `baocao user add` and `baocao serve` as their command functions, against real Postgres.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, UsageError, type Config } from '../../app/config.ts';
import { serveCommand } from '../../cli/commands/serve.ts';
import { promptHidden, userAddCommand, type PasswordSource } from '../../cli/commands/user.ts';
import { verifyLogin } from '../../db/users.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { Client, loggedIn, waitForReading } from './helpers.ts';

const PASSWORD = 'mật khẩu đủ dài 2025';

let t: TestDatabase;
let dataDir: string;
let config: Config;

beforeAll(async () => {
  t = await createTestDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'baocao-cli-web-'));
  config = loadConfig({ env: {}, overrides: { databaseUrl: t.url, dataDir } });
});

afterAll(async () => {
  await t?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function source(input: string, env: NodeJS.ProcessEnv = {}, tty = false): PasswordSource {
  return { stdin: Object.assign(Readable.from([Buffer.from(input)]), { isTTY: tty }), prompt: new PassThrough(), env };
}

describe('baocao user add', () => {
  it('takes the password from standard input (--password-stdin), without its trailing newline', async () => {
    expect(await userAddCommand('Rev.Hcm', { role: 'reviewer', province: ['79', '80'], passwordStdin: true }, config, source(`${PASSWORD}\n`))).toBe(0);
    expect(await verifyLogin(t.handle.db, 'rev.hcm', PASSWORD)).toMatchObject({ username: 'rev.hcm', role: 'reviewer', provinces: ['79', '80'] });
    expect(await verifyLogin(t.handle.db, 'rev.hcm', `${PASSWORD}\n`)).toBeNull();
  });

  it('takes BAOCAO_PASSWORD when there is no --password-stdin', async () => {
    expect(await userAddCommand('boss', { role: 'admin' }, config, source('', { BAOCAO_PASSWORD: PASSWORD }))).toBe(0);
    expect(await verifyLogin(t.handle.db, 'boss', PASSWORD)).toMatchObject({ role: 'admin' });
  });

  it('refuses with a usage error: no password and no terminal, a bad role, provinces for a non-reviewer, an unknown province, a short password', async () => {
    await expect(userAddCommand('a1', { role: 'analyst' }, config, source(''))).rejects.toThrow(/--password-stdin/);
    await expect(userAddCommand('a2', { role: 'root' }, config, source(PASSWORD, {}, false))).rejects.toBeInstanceOf(UsageError);
    await expect(userAddCommand('a3', { role: 'analyst', province: ['79'], passwordStdin: true }, config, source(PASSWORD))).rejects.toThrow(
      /reviewers and submitters only/,
    );
    await expect(userAddCommand('a4', { role: 'reviewer', province: ['99'], passwordStdin: true }, config, source(PASSWORD))).rejects.toThrow(
      /not a province code: 99/,
    );
    await expect(userAddCommand('a5', { role: 'reviewer', passwordStdin: true }, config, source('short'))).rejects.toThrow(/at least 10/);
    await expect(userAddCommand('boss', { role: 'admin', passwordStdin: true }, config, source(PASSWORD))).rejects.toThrow(/already exists/);
  });

  it('creates a submitter for exactly one province', async () => {
    expect(await userAddCommand('tn.nop', { role: 'submitter', province: ['80'], passwordStdin: true }, config, source(PASSWORD))).toBe(0);
    expect(await verifyLogin(t.handle.db, 'tn.nop', PASSWORD)).toMatchObject({ role: 'submitter', provinces: ['80'] });
    await expect(userAddCommand('s2', { role: 'submitter', passwordStdin: true }, config, source(PASSWORD))).rejects.toThrow(/exactly one province/);
    await expect(userAddCommand('s3', { role: 'submitter', province: ['79', '80'], passwordStdin: true }, config, source(PASSWORD))).rejects.toThrow(
      /exactly one province/,
    );
  });

  it('the prompt reads a line without echoing it', async () => {
    const stdin = new PassThrough();
    const prompt = new PassThrough();
    let shown = '';
    prompt.on('data', (c: Buffer) => (shown += c.toString()));
    const answer = promptHidden('Password: ', { stdin, prompt, env: {} });
    stdin.write('bí mật');
    stdin.write('x\u007f'); // a typo and backspace
    stdin.write('\r');
    expect(await answer).toBe('bí mật');
    expect(shown).toBe('Password: \n');
  });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as { port: number };
  await new Promise((done) => probe.close(done));
  return port;
}

describe('baocao serve', () => {
  it('serves the login page on the given host and port, and stops cleanly when told to', async () => {
    const port = await freePort();
    let stop!: () => void;
    const stopped = new Promise<void>((done) => (stop = done));
    const serving = serveCommand({ host: '127.0.0.1', port: String(port) }, config, stopped);
    const client = new Client(`http://127.0.0.1:${port}`);
    await expect.poll(async () => (await client.request('/login').catch(() => null))?.status, { timeout: 20_000 }).toBe(200);
    expect((await client.login('rev.hcm', PASSWORD)).status).toBe(303);
    // A submitter's upload is read by the server's own activities (the steps in their processes):
    // the same reading `baocao add` makes.
    const { client: submitter, csrf } = await loggedIn(`http://127.0.0.1:${port}`, 'tn.nop', PASSWORD);
    const uploaded = await fetch(`http://127.0.0.1:${port}/api/submissions`, {
      method: 'POST',
      headers: {
        cookie: [...submitter.cookies].map(([k, c]) => `${k}=${c.value}`).join('; '),
        'content-type': 'application/octet-stream',
        'x-file-name': 'tayninh.docx',
        'x-csrf-token': csrf,
      },
      body: await readFile(new URL('../../fixtures/reports/tayninh-2025-h1.docx', import.meta.url)),
    });
    expect(uploaded.status).toBe(201);
    const reading = await waitForReading<{ state: string; document: { number: string } }>(submitter, ((await uploaded.json()) as { id: number }).id);
    expect(reading).toMatchObject({ state: 'read', document: { number: '215/BC-SKHCN' } });
    stop();
    expect(await serving).toBe(0);
    await expect(client.request('/login')).rejects.toThrow();
  });

  it('refuses a port that is not one', async () => {
    await expect(serveCommand({ port: '80a' }, config, Promise.resolve())).rejects.toBeInstanceOf(UsageError);
  });
});
