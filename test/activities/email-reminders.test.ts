// E-mail reminders sent through the real code path (nodemailer) to a real SMTP server started
// here on 127.0.0.1 (smtp-server), read back with mailparser. In front of it a TCP relay lets a
// test make the server refuse recipients (550) or drop the connection, then recover.
import { execFile } from 'node:child_process';
import { createServer as createTcpServer, connect, type Server as TcpServer, type Socket } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { and, eq } from 'drizzle-orm';
import { simpleParser, type ParsedMail } from 'mailparser';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { folderStore } from '../../activities/document-store.ts';
import { createActivities, type ActivityDeps } from '../../activities/index.ts';
import { smtpMailer, type Mailer } from '../../activities/mail/mailer.ts';
import { RULES_ONLY_USAGE } from '../../activities/usage.ts';
import { registerDocument, saveClassification } from '../../db/documents.ts';
import { storeExtraction } from '../../db/extraction.ts';
import { indicatorById } from '../../extractors/catalogue.ts';
import { notifications } from '../../db/schema.ts';
import { periodFromKey } from '../../extractors/periods.ts';
import { reviewDeadline } from '../../workflows/core/review-deadline.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

interface Received {
  /** Who logged in (AUTH), if anyone. */
  user: string | null;
  from: string;
  to: string[];
  mail: ParsedMail;
}

type Mode = 'accept' | 'refuse' | 'drop';

let t: TestDatabase;
let work: string;
let smtp: SMTPServer;
let relay: TcpServer;
let relayPort: number;
let mode: Mode = 'accept';
const received: Received[] = [];
const sockets = new Set<Socket>();
let mailer: Mailer;

const APP = 'https://baocao.test/';
const TAY_NINH = ['van.thu@skhcn.tayninh.test', 'thong.ke@skhcn.tayninh.test'];
const HCM = ['vanthu.skhcn@tphcm.test'];

function activities(overrides: Partial<ActivityDeps> = {}) {
  return createActivities({
    db: t.handle.db,
    store: folderStore(join(work, 'store')),
    logger: pino({ level: 'silent' }),
    limits: { maxFileBytes: 1024 * 1024 },
    mail: { mailer, appUrl: APP, provinces: { '80': TAY_NINH, '79': HCM } },
    ...overrides,
  });
}

async function emailRows(periodKey: string, day: string) {
  return t.handle.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.channel, 'email'), eq(notifications.periodKey, periodKey), eq(notifications.day, day)))
    .orderBy(notifications.provinceCode);
}

/** Registers a report of the province for the period, received now. */
async function submitted(provinceCode: string, key: string, name = `${provinceCode}-${key}.pdf`): Promise<number> {
  const { document } = await registerDocument(t.handle.db, {
    sha256: `${provinceCode}${key}`.replace(/\W/g, '').padStart(64, 'a'),
    originalName: name,
    mediaType: 'application/pdf',
    bytes: 1,
    storageKey: 'k',
  });
  await saveClassification(t.handle.db, document.id, {
    provinceCode,
    provinceEvidence: null,
    period: periodFromKey(key, 'periodic')!,
    reportKind: 'periodic',
    number: null,
    issuedOn: null,
  });
  return document.id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  work = await mkdtemp(join(tmpdir(), 'baocao-mail-'));
  smtp = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    // Login is optional here; when given it must be right (the CLI's comes from the environment).
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === 'baocao' && auth.password === 'mật-khẩu s3cret') return callback(null, { user: auth.username });
      callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      if (mode !== 'refuse') return callback();
      const error = Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unavailable`), { responseCode: 550 });
      callback(error);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            user: typeof session.user === 'string' ? session.user : null,
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            mail,
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as { port: number }).port;
  // drop: greets like a mail server, then closes the connection as soon as the client speaks.
  relay = createTcpServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    if (mode === 'drop') {
      client.write('220 mail.test ESMTP\r\n');
      client.once('data', () => client.destroy());
      return;
    }
    const upstream = connect(smtpPort, '127.0.0.1');
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  relayPort = (relay.address() as { port: number }).port;
  mailer = smtpMailer({ host: '127.0.0.1', port: relayPort, secure: false, requireTls: false, from: 'Bộ KH&CN <baocao@most.test>', timeoutMs: 5000 });
  // Reported for tháng 5/2024 (due 20 May 2024): Hà Nội only.
  await submitted('01', '2024-M05');
});

afterAll(async () => {
  mailer?.close();
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => relay?.close(() => resolve()));
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  await t?.drop();
  if (work) await rm(work, { recursive: true, force: true });
});

beforeEach(() => {
  mode = 'accept';
  received.length = 0;
});

describe('e-mail reminders to provinces whose report is not in', () => {
  it("sends each province's addresses a Vietnamese reminder with the period, the deadline and a link, once a day", async () => {
    const acts = activities();
    const first = await acts.remindLateProvinces({ periodKey: '2024-M05', asOf: '2024-06-01' });
    expect(first.late).toHaveLength(33);
    // Tây Ninh and TP. Hồ Chí Minh have addresses; the 31 others are recorded as failed, saying why.
    expect(first).toMatchObject({ notified: 33, emailed: 2, emailFailed: 31 });
    expect(received).toHaveLength(2);

    const tayNinh = received.find((r) => r.to.includes(TAY_NINH[0]!))!;
    expect(tayNinh.to.sort()).toEqual([...TAY_NINH].sort());
    expect(tayNinh.from).toBe('baocao@most.test');
    expect(tayNinh.mail.from?.value[0]).toMatchObject({ name: 'Bộ KH&CN', address: 'baocao@most.test' });
    expect(tayNinh.mail.subject).toBe('Nhắc nộp báo cáo tháng 5/2024: quá hạn 12 ngày (hạn 20/05/2024)');
    expect(tayNinh.mail.text).toContain('Kính gửi Sở Khoa học và Công nghệ tỉnh Tây Ninh,');
    expect(tayNinh.mail.text).toContain('chưa nhận được báo cáo tháng 5/2024 của tỉnh Tây Ninh');
    expect(tayNinh.mail.text).toContain('Hạn nộp: 20/05/2024 (đã quá hạn 12 ngày).');
    expect(tayNinh.mail.text).toContain('https://baocao.test/provinces/80');
    expect(tayNinh.mail.html).toContain('<a href="https://baocao.test/provinces/80">');
    expect(tayNinh.mail.html).toContain('<strong>20/05/2024</strong>');
    const hcm = received.find((r) => r.to.includes(HCM[0]!))!;
    expect(hcm.mail.text).toContain('Kính gửi Sở Khoa học và Công nghệ Thành phố Hồ Chí Minh,');

    const rows = await emailRows('2024-M05', '2024-06-01');
    expect(rows).toHaveLength(33);
    const row80 = rows.find((r) => r.provinceCode === '80')!;
    expect(row80).toMatchObject({ kind: 'late_submission', delivered: true, error: null, attempts: 1, subject: tayNinh.mail.subject });
    expect(row80.recipients.sort()).toEqual([...TAY_NINH].sort());
    expect(row80.deliveredAt).toBeInstanceOf(Date);
    const row33 = rows.find((r) => r.provinceCode === '33')!;
    expect(row33).toMatchObject({ delivered: false, error: 'no e-mail address for province 33 (notifications.email.provinces)' });

    // The same day again: nothing new is sent to a province that got its reminder.
    const again = await acts.remindLateProvinces({ periodKey: '2024-M05', asOf: '2024-06-01' });
    expect(again).toMatchObject({ notified: 0, emailed: 0 });
    expect(received).toHaveLength(2);
    expect(await emailRows('2024-M05', '2024-06-01')).toHaveLength(33);

    // The next day: a fresh reminder, one more day late.
    const nextDay = await acts.remindLateProvinces({ periodKey: '2024-M05', asOf: '2024-06-02' });
    expect(nextDay).toMatchObject({ notified: 33, emailed: 2 });
    expect(received.map((r) => r.mail.subject)).toContain('Nhắc nộp báo cáo tháng 5/2024: quá hạn 13 ngày (hạn 20/05/2024)');
  });

  it('a server that refuses the recipients (550): recorded failed with its answer, delivered by a later run the same day', async () => {
    mode = 'refuse';
    const acts = activities();
    const refused = await acts.remindLateProvinces({ periodKey: '2024-M05', asOf: '2024-06-10' });
    expect(refused).toMatchObject({ notified: 33, emailed: 0, emailFailed: 33 });
    expect(received).toHaveLength(0);
    let row80 = (await emailRows('2024-M05', '2024-06-10')).find((r) => r.provinceCode === '80')!;
    expect(row80.delivered).toBe(false);
    expect(row80.attempts).toBe(1);
    expect(row80.error).toMatch(/^(SMTP RCPT TO refused: 550 |no recipient accepted).*mailbox unavailable/);

    mode = 'accept';
    const later = await acts.remindLateProvinces({ periodKey: '2024-M05', asOf: '2024-06-10' });
    // Not a new reminder (notified 0), but the e-mail that failed goes out now.
    expect(later).toMatchObject({ notified: 0, emailed: 2 });
    expect(received).toHaveLength(2);
    expect(received.map((r) => r.mail.subject)).toEqual(Array(2).fill('Nhắc nộp báo cáo tháng 5/2024: quá hạn 21 ngày (hạn 20/05/2024)'));
    row80 = (await emailRows('2024-M05', '2024-06-10')).find((r) => r.provinceCode === '80')!;
    expect(row80).toMatchObject({ delivered: true, error: null, attempts: 2 });

    await acts.remindLateProvinces({ periodKey: '2024-M05', asOf: '2024-06-10' });
    expect(received).toHaveLength(2);
  });

  it('a server that drops the connection: recorded failed with why, the run goes on, a later run delivers', async () => {
    mode = 'drop';
    const acts = activities();
    const dropped = await acts.remindLateProvinces({ periodKey: '2024-M05', asOf: '2024-06-11' });
    expect(dropped).toMatchObject({ notified: 33, emailed: 0, emailFailed: 33 });
    const row79 = (await emailRows('2024-M05', '2024-06-11')).find((r) => r.provinceCode === '79')!;
    expect(row79.delivered).toBe(false);
    expect(row79.error).toMatch(/^SMTP connection failed: .*(closed|reset|ended)/i);

    mode = 'accept';
    const later = await acts.remindLateProvinces({ periodKey: '2024-M05', asOf: '2024-06-11' });
    expect(later).toMatchObject({ notified: 0, emailed: 2 });
    expect(received.flatMap((r) => r.to).sort()).toEqual([...HCM, ...TAY_NINH].sort());
  });

  it('two runs at once (two workers) send each province one e-mail', async () => {
    const [a, b] = await Promise.all([activities(), activities()].map((acts) => acts.remindLateProvinces({ periodKey: '2024-M05', asOf: '2024-06-12' })));
    expect(a!.notified + b!.notified).toBe(33);
    expect(a!.emailed + b!.emailed).toBe(2);
    expect(received).toHaveLength(2);
    const rows = await emailRows('2024-M05', '2024-06-12');
    expect(rows.find((r) => r.provinceCode === '80')).toMatchObject({ delivered: true, attempts: 1, sendingSince: null });
  });

  it('reminds before the deadline (notifications.remindDaysBeforeDeadline) a province whose report is not in', async () => {
    // tháng 6/2024 is due 20 June 2024; three days before it, nobody has reported.
    const acts = activities({ remindDaysBeforeDeadline: 3 });
    const tooEarly = await acts.remindLateProvinces({ periodKey: '2024-M06', asOf: '2024-06-16' });
    expect(tooEarly).toMatchObject({ late: [], dueSoon: [], notified: 0 });
    const soon = await acts.remindLateProvinces({ periodKey: '2024-M06', asOf: '2024-06-17' });
    expect(soon.dueSoon).toHaveLength(34);
    expect(soon.emailed).toBe(2);
    const tayNinh = received.find((r) => r.to.includes(TAY_NINH[0]!))!;
    expect(tayNinh.mail.subject).toBe('Nhắc nộp báo cáo tháng 6/2024: hạn nộp 20/06/2024');
    expect(tayNinh.mail.text).toContain('Hạn nộp: 20/06/2024 (còn 3 ngày đến hạn).');
    const rows = await emailRows('2024-M06', '2024-06-17');
    expect(rows.every((r) => r.kind === 'due_soon')).toBe(true);
  });
});

describe('e-mail reminders to reviewers', () => {
  const REVIEWERS = { '80': ['Nguyễn Văn A', 'duyet.80@most.test'] };
  const at = (iso: string) => () => new Date(iso);

  it('sends the reviewers with an address the values waiting, escalated in the subject, once a day per document', async () => {
    const documentId = await submitted('80', '2024-M07', 'bao-cao-t7 <tay-ninh>.pdf');
    const acts = activities({ reviewers: REVIEWERS, now: at('2024-08-25T03:00:00Z') });
    const escalatesAt = Date.parse('2024-08-24T02:00:00Z');
    await acts.remindReviewers({ documentId, pending: 3, escalated: true, escalatesAt });
    await acts.remindReviewers({ documentId, pending: 3, escalated: true, escalatesAt });
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail!.to).toEqual(['duyet.80@most.test']);
    expect(mail!.mail.subject).toBe('[Quá hạn] 3 giá trị chờ duyệt: báo cáo tháng 7/2024 của tỉnh Tây Ninh');
    expect(mail!.mail.text).toContain('Báo cáo tháng 7/2024 của tỉnh Tây Ninh (tệp bao-cao-t7 <tay-ninh>.pdf) còn 3 giá trị cần được xem xét');
    expect(mail!.mail.text).toContain('Đã quá hạn xử lý (hạn 24/08/2024).');
    expect(mail!.mail.text).toContain('https://baocao.test/review?province=80&period=2024-M07');
    // The file name is data: escaped in the HTML, the link's & too.
    expect(mail!.mail.html).toContain('bao-cao-t7 &lt;tay-ninh&gt;.pdf');
    expect(mail!.mail.html).not.toContain('<tay-ninh>');
    expect(mail!.mail.html).toContain('href="https://baocao.test/review?province=80&amp;period=2024-M07"');

    const rows = await t.handle.db.select().from(notifications).where(eq(notifications.documentId, documentId)).orderBy(notifications.id);
    // Every reminder is logged; the e-mail once that day.
    expect(rows.map((r) => r.channel)).toEqual(['log', 'email', 'log']);
    expect(rows[1]).toMatchObject({ kind: 'review_reminder', delivered: true, day: '2024-08-25', recipients: ['duyet.80@most.test'] });
  });

  it("retries today's failed e-mails of documents whose values still wait, not of those decided", async () => {
    const waiting = await submitted('80', '2024-M09');
    // Two values the verifier doubted: they wait for a reviewer.
    await storeExtraction(t.handle.db, {
      documentId: waiting,
      trigger: 'ingest',
      rulesVersion: 'test',
      config: {},
      usage: RULES_ONLY_USAGE,
      startedAt: new Date(),
      values: ['NV01', 'NV02'].map((indicator) => ({
        indicator,
        value: '12',
        unit: indicatorById(indicator).unit,
        qualifier: null,
        rawText: '12',
        evidence: `${indicator}: 12`,
        page: 1,
        confidence: 0.4,
        extractor: 'rules' as const,
        status: 'flagged' as const,
        reasons: ['low_confidence' as const],
      })),
    });
    const decided = await submitted('80', '2024-M10');
    const acts = activities({ reviewers: REVIEWERS, now: at('2024-10-20T02:00:00Z') });
    expect((await acts.pendingReviews({ documentId: waiting })).pending).toBe(2);

    mode = 'refuse';
    await acts.remindReviewers({ documentId: waiting, pending: 2, escalated: false, escalatesAt: Date.parse('2024-10-23T02:00:00Z') });
    await acts.remindReviewers({ documentId: decided, pending: 1, escalated: false });
    expect(received).toHaveLength(0);

    mode = 'accept';
    expect(await acts.retryReviewEmails({})).toEqual({ retried: 1, delivered: 1 });
    expect(received).toHaveLength(1);
    expect(received[0]!.mail.subject).toBe('2 giá trị chờ duyệt: báo cáo tháng 9/2024 của tỉnh Tây Ninh');
    expect(received[0]!.mail.text).toContain('Hạn xử lý: 23/10/2024.');
    const [row] = await t.handle.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.documentId, waiting), eq(notifications.channel, 'email')));
    expect(row).toMatchObject({ delivered: true, error: null, attempts: 2 });
    const [stale] = await t.handle.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.documentId, decided), eq(notifications.channel, 'email')));
    expect(stale).toMatchObject({ delivered: false, attempts: 1 });
    expect(await acts.retryReviewEmails({})).toEqual({ retried: 0, delivered: 0 });
  });

  it('a failing mail server never stops the reminding: the workflow core runs on, each day’s e-mail recorded failed', async () => {
    mode = 'refuse';
    const documentId = await submitted('80', '2024-M08');
    let now = Date.parse('2024-09-01T01:00:00Z');
    const real = activities({ reviewers: REVIEWERS, now: () => new Date(now) });
    let pending = 2;
    const result = await reviewDeadline(
      // Values are decided after two reminders; the reminders are the real activity.
      {
        pendingReviews: async () => ({ pending: pending > 0 ? 4 : 0, provinceCode: '80', periodKey: '2024-M08' }),
        remindReviewers: (input) => (pending--, real.remindReviewers(input)),
      },
      { documentId, reminderEveryHours: 24, escalateAfterDays: 3 },
      {
        now: () => now,
        waitForDecisionOr: async (ms) => ((now += ms), false),
      },
    );
    expect(result).toMatchObject({ outcome: 'decided', reminders: 2 });
    const emails = await t.handle.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.documentId, documentId), eq(notifications.channel, 'email')))
      .orderBy(notifications.id);
    expect(emails.map((e) => [e.day, e.delivered])).toEqual([
      ['2024-09-01', false],
      ['2024-09-02', false],
    ]);
    expect(emails[0]!.error).toMatch(/550/);
    expect(received).toHaveLength(0);
  });
});

describe('baocao remind', () => {
  const root = new URL('../..', import.meta.url).pathname;

  it('sends the reminders configured by temporal.yaml and the environment, logging in with BAOCAO_SMTP_PASSWORD', async () => {
    const file = join(work, 'temporal.yaml');
    await writeFile(file, `notifications:\n  email:\n    provinces:\n      "80": [${TAY_NINH.join(', ')}]\n`);
    const env = {
      ...process.env,
      DATABASE_URL: t.url,
      BAOCAO_DATA_DIR: join(work, 'data'),
      BAOCAO_APP_URL: 'https://baocao.test',
      BAOCAO_SMTP_HOST: '127.0.0.1',
      BAOCAO_SMTP_PORT: String(relayPort),
      BAOCAO_SMTP_USER: 'baocao',
      BAOCAO_SMTP_PASSWORD: 'mật-khẩu s3cret',
      BAOCAO_MAIL_FROM: 'Bộ KH&CN <baocao@most.test>',
    };
    const cli = (args: string[]) => promisify(execFile)(process.execPath, [join(root, 'cli/baocao.js'), '--config', file, ...args], { cwd: work, env });
    const { stdout } = await cli(['remind', '--period', '2024-M05', '--as-of', '2024-07-01', '--json']);
    const result = JSON.parse(stdout) as {
      late: unknown[];
      notified: number;
      emailed: number;
      emailFailed: number;
      emailsFailedToday: { provinceCode: string; error: string }[];
    };
    expect(result).toMatchObject({ notified: 33, emailed: 1, emailFailed: 32 });
    expect(result.emailsFailedToday.find((f) => f.provinceCode === '79')?.error).toBe('no e-mail address for province 79 (notifications.email.provinces)');
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ user: 'baocao', from: 'baocao@most.test' });
    expect(received[0]!.to.sort()).toEqual([...TAY_NINH].sort());
    expect(received[0]!.mail.subject).toBe('Nhắc nộp báo cáo tháng 5/2024: quá hạn 42 ngày (hạn 20/05/2024)');

    // A wrong password: the login is refused, recorded, and the command still ends normally.
    const again = await promisify(execFile)(
      process.execPath,
      [join(root, 'cli/baocao.js'), '--config', file, 'remind', '--period', '2024-M05', '--as-of', '2024-07-02'],
      {
        cwd: work,
        env: { ...env, BAOCAO_SMTP_PASSWORD: 'wrong' },
      },
    );
    expect(again.stdout).toContain(
      '2024-M05, 2024-07-02: 33 provinces overdue, 0 due soon; 33 reminded now (0 through the webhook); e-mails: 0 delivered, 33 failed now',
    );
    expect(again.stdout).toMatch(/ {2}80: e-mail not delivered: SMTP (AUTH PLAIN refused|login refused).*535/);
    expect(received).toHaveLength(1);
  }, 60_000);
});
