// The e-mail settings: in temporal.yaml and the environment, the password from the environment
// only, validated so that a mistake names the setting (and the variable) in a sentence.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configError, configFolder, type ConfigFolder } from '../helpers/config-files.ts';
import { loadConfig } from '../../app/config.ts';
import { mailOf } from '../../app/runtime.ts';

let folder: ConfigFolder;

beforeAll(async () => {
  folder = await configFolder('baocao-email-config-');
});
afterAll(() => folder?.remove());

const yaml = (name: string, text: string) => folder.yaml(name, text);

const FILE = `notifications:
  appUrl: https://baocao.most.gov.vn
  remindDaysBeforeDeadline: 3
  email:
    host: smtp.most.gov.vn
    user: baocao
    from: "Bộ KH&CN <baocao@most.gov.vn>"
    provinces:
      "79": [vanthu.skhcn@tphcm.gov.vn]
`;

describe('notifications.email', () => {
  it('is off by default, and no e-mail variable set means no e-mail section', () => {
    const config = loadConfig({ file: folder.empty, env: { BAOCAO_WEBHOOK_URL: 'https://hook.test/x' } });
    expect(config.notifications).toEqual({ webhookUrl: 'https://hook.test/x', remindDaysBeforeDeadline: 0 });
    expect(mailOf(config)).toBeUndefined();
  });

  it('is read from the file with the password from BAOCAO_SMTP_PASSWORD, and its defaults', async () => {
    const config = loadConfig({ file: await yaml('ok.yaml', FILE), env: { BAOCAO_SMTP_PASSWORD: 's3cret' } });
    expect(config.notifications).toEqual({
      appUrl: 'https://baocao.most.gov.vn',
      remindDaysBeforeDeadline: 3,
      email: {
        host: 'smtp.most.gov.vn',
        port: 587,
        secure: false,
        requireTls: false,
        user: 'baocao',
        password: 's3cret',
        from: 'Bộ KH&CN <baocao@most.gov.vn>',
        timeoutMs: 30_000,
        provinces: { '79': ['vanthu.skhcn@tphcm.gov.vn'] },
      },
    });
    const mail = mailOf(config)!;
    expect(mail).toMatchObject({ appUrl: 'https://baocao.most.gov.vn', provinces: { '79': ['vanthu.skhcn@tphcm.gov.vn'] } });
    mail.mailer.close();
  });

  it('can be given by the environment alone', () => {
    const config = loadConfig({
      file: folder.empty,
      env: { BAOCAO_SMTP_HOST: 'mail.test', BAOCAO_SMTP_PORT: '2525', BAOCAO_MAIL_FROM: 'baocao@most.test', BAOCAO_APP_URL: 'http://10.0.0.5:8080' },
    });
    expect(config.notifications.email).toMatchObject({ host: 'mail.test', port: 2525, from: 'baocao@most.test', provinces: {} });
    expect(config.notifications.appUrl).toBe('http://10.0.0.5:8080');
  });

  it('refuses the password written in the file', async () => {
    const file = await yaml('password.yaml', FILE.replace('    user: baocao\n', '    user: baocao\n    password: hunter2\n'));
    const message = configError(() => loadConfig({ file, env: {} }));
    expect(message).toBe(`${file}: notifications.email.password must not be written in the file; set BAOCAO_SMTP_PASSWORD in the environment`);
  });

  it('says what is missing or wrong, naming the variables, never showing the password', async () => {
    const noPassword = configError(() => loadConfig({ file: join(folder.dir, 'ok.yaml'), env: {} }));
    expect(noPassword).toContain('notifications.email.password: required when notifications.email.user is set: set BAOCAO_SMTP_PASSWORD in the environment');

    const passwordAlone = configError(() => loadConfig({ file: folder.empty, env: { BAOCAO_SMTP_PASSWORD: 'hunter2' } }));
    expect(passwordAlone).toContain('notifications.email.host: required: the SMTP server (BAOCAO_SMTP_HOST)');
    expect(passwordAlone).toContain('notifications.email.from: required: the sender (BAOCAO_MAIL_FROM)');
    expect(passwordAlone).not.toContain('hunter2');
    // Once the server and the sender are there, what goes with them.
    const noUser = configError(() =>
      loadConfig({ file: folder.empty, env: { BAOCAO_SMTP_PASSWORD: 'hunter2', BAOCAO_SMTP_HOST: 'mail.test', BAOCAO_MAIL_FROM: 'baocao@most.test' } }),
    );
    expect(noUser).toContain('notifications.email.user: required when BAOCAO_SMTP_PASSWORD is set');
    expect(noUser).not.toContain('hunter2');
    const noLink = configError(() => loadConfig({ file: folder.empty, env: { BAOCAO_SMTP_HOST: 'mail.test', BAOCAO_MAIL_FROM: 'baocao@most.test' } }));
    expect(noLink).toContain('notifications.appUrl: required when notifications.email is set: e-mail reminders carry a link to the application');

    const wrong = configError(() =>
      loadConfig({
        file: folder.empty,
        env: { BAOCAO_SMTP_HOST: 'mail.test', BAOCAO_SMTP_PORT: '70000', BAOCAO_MAIL_FROM: 'Bộ KH&CN', BAOCAO_APP_URL: 'ftp://baocao.test' },
      }),
    );
    expect(wrong).toContain('notifications.email.port (BAOCAO_SMTP_PORT):');
    expect(wrong).toContain('notifications.email.from (BAOCAO_MAIL_FROM): must be an e-mail address, or a name and an address in <>');
    expect(wrong).toContain('notifications.appUrl (BAOCAO_APP_URL): must be an http(s):// URL');
  });

  it('checks the province addresses', async () => {
    const file = await yaml('provinces.yaml', FILE.replace('"79": [vanthu.skhcn@tphcm.gov.vn]', '"79": [vanthu.skhcn]\n      "7": [a@b.vn]'));
    const message = configError(() => loadConfig({ file, env: { BAOCAO_SMTP_PASSWORD: 'x' } }));
    expect(message).toContain('notifications.email.provinces.79.0: must be an e-mail address');
    expect(message).toContain('notifications.email.provinces.7: "7" is not a province code');
  });
});
