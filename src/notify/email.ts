/**
 * E-mail delivery through SMTP (nodemailer), for recipients who do not use nohaven. A message
 * the server accepts is delivered; a refusal (4xx or 5xx), a broken connection or a timeout is
 * a failed attempt of every delivery in the message.
 */
import { createTransport } from 'nodemailer';
import type { MailMessage } from './x-arf.js';

export type MailSender = (message: MailMessage) => Promise<void>;

export interface MailSenderOptions {
  /** `smtp://…` or `smtps://…`; null: no server configured, every send fails. */
  readonly smtpUrl: string | null;
  readonly timeoutMs: number;
}

export function createMailSender(options: MailSenderOptions): {
  send: MailSender;
  close(): void;
} {
  if (options.smtpUrl === null)
    return {
      send: () => Promise.reject(new Error('no SMTP server is configured (set NOHAVEN_SMTP_URL)')),
      close: () => undefined,
    };
  const url = new URL(options.smtpUrl);
  const transport = createTransport({
    host: url.hostname,
    port: url.port === '' ? undefined : Number(url.port),
    secure: url.protocol === 'smtps:',
    ...(url.username
      ? {
          auth: {
            user: decodeURIComponent(url.username),
            pass: decodeURIComponent(url.password),
          },
        }
      : {}),
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  return {
    async send(m) {
      await transport.sendMail({
        from: m.from,
        to: m.to,
        subject: m.subject,
        date: m.date,
        headers: { ...m.headers },
        text: m.text,
        attachments: m.attachments.map((a) => ({ ...a })),
      });
    },
    close: () => transport.close(),
  };
}
