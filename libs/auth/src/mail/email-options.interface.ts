import type { Transport, Transporter } from 'nodemailer';

/** Django's EMAIL_BACKEND names: `memory` is an alias of `locmem`. */
export type EmailBackendName = 'smtp' | 'console' | 'file' | 'locmem' | 'memory';

/**
 * Django's EMAIL_* settings.
 * @publicApi
 */
export interface EmailOptions {
  /** EMAIL_BACKEND: a name, or any nodemailer transport (or transporter). Default: `'smtp'`, as Django. */
  backend?: EmailBackendName | Transport | Transporter;
  /** EMAIL_HOST. Default: `'localhost'`. */
  host?: string;
  /** EMAIL_PORT. Default: `25`. */
  port?: number;
  /** EMAIL_HOST_USER: with `password`, the SMTP login. Default: none. */
  user?: string;
  /** EMAIL_HOST_PASSWORD. Default: none. */
  password?: string;
  /** EMAIL_USE_TLS: STARTTLS on a plain connection (usually port 587); the server must offer it. Default: `false`. */
  useTls?: boolean;
  /** EMAIL_USE_SSL: implicit TLS from the first byte (usually port 465). Default: `false`. */
  useSsl?: boolean;
  /** EMAIL_TIMEOUT: seconds for connecting and each SMTP reply. Default: nodemailer's (none of Django's). */
  timeout?: number;
  /** EMAIL_FILE_PATH: the folder of the `file` backend (created if missing). Required for `file`. */
  filePath?: string;
  /** DEFAULT_FROM_EMAIL: the sender when a message names none. Default: `'webmaster@localhost'`. */
  defaultFromEmail?: string;
  /** Where the `console` backend writes (Django's `stream`). Default: `process.stdout`. */
  stream?: NodeJS.WritableStream;
}

export type ResolvedEmailOptions = Readonly<Omit<EmailOptions, 'backend' | 'host' | 'port' | 'useTls' | 'useSsl' | 'defaultFromEmail'> &
  Required<Pick<EmailOptions, 'backend' | 'host' | 'port' | 'useTls' | 'useSsl' | 'defaultFromEmail'>>>;
