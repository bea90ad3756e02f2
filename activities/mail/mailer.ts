// Sending one e-mail through an SMTP server (nodemailer). A failure is returned as a sentence,
// never thrown: the reminder that carried it is recorded as failed and tried again later.
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  requireTls: boolean;
  user?: string;
  password?: string;
  from: string;
  timeoutMs: number;
}

export interface OutgoingMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export type SendOutcome = { delivered: true; error: string | null } | { delivered: false; error: string };

export interface Mailer {
  send(mail: OutgoingMail): Promise<SendOutcome>;
  close(): void;
}

interface SmtpError extends Error {
  code?: string;
  command?: string;
  response?: string;
  responseCode?: number;
}

/** "SMTP RCPT TO refused: 550 5.1.1 mailbox unavailable", "SMTP connection: closed unexpectedly". */
export function smtpFailure(error: unknown): string {
  const e = error as SmtpError;
  const message = (e?.message ?? String(error)).replace(/\s+/g, ' ').trim();
  if (e?.response && e.command) return `SMTP ${e.command} refused: ${e.response.replace(/\s+/g, ' ').trim()}`;
  if (e?.response) return `SMTP server answered: ${e.response.replace(/\s+/g, ' ').trim()}`;
  if (e?.code === 'EAUTH') return `SMTP login refused: ${message}`;
  if (e?.code === 'ETIMEDOUT') return `SMTP server did not answer in time: ${message}`;
  if (e?.code === 'ECONNECTION' || e?.code === 'ESOCKET' || e?.code === 'ECONNREFUSED' || e?.code === 'ECONNRESET') return `SMTP connection failed: ${message}`;
  return `SMTP: ${e?.code ? `${e.code}: ` : ''}${message}`;
}

export function smtpMailer(settings: SmtpSettings): Mailer {
  const options: SMTPTransport.Options = {
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: settings.requireTls,
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
  };
  const transport = nodemailer.createTransport(options);
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail({ from: settings.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
        const rejected = (info.rejected ?? []).map(String);
        if (rejected.length === 0) return { delivered: true, error: null };
        const why = info.rejectedErrors?.[0] ? `: ${smtpFailure(info.rejectedErrors[0])}` : '';
        // Some addresses were taken: the reminder reached the province; the others are named.
        return info.accepted.length > 0
          ? { delivered: true, error: `not accepted for ${rejected.join(', ')}${why}` }
          : { delivered: false, error: `no recipient accepted (${rejected.join(', ')})${why}` };
      } catch (error) {
        return { delivered: false, error: smtpFailure(error) };
      }
    },
    close: () => transport.close(),
  };
}
