/**
 * One message for MailService.sendMail (Django's send_mail arguments);
 * also the shape of each `outbox` entry (`from` then always set).
 * @publicApi
 */
export interface EmailMessage {
  subject: string;
  body: string;
  /** Default: the `email.defaultFromEmail` option (DEFAULT_FROM_EMAIL). */
  from?: string;
  to: string[];
  /** An HTML alternative (Django's html_message). */
  htmlBody?: string;
}

/** A message as sent: the sender resolved. */
export type SentEmailMessage = EmailMessage & { from: string };

/**
 * Django's BadHeaderError: a header value with a newline would let input
 * add headers (or recipients) to the message.
 * @publicApi
 */
export class BadHeaderError extends Error {
  override readonly name = 'BadHeaderError';
}

/** Django's forbid_multi_line_headers check. */
export function forbidMultiLineHeaders(name: string, value: string): void {
  if (/[\r\n]/.test(value)) {
    throw new BadHeaderError(`Header values can't contain newlines (got ${pythonRepr(value)} for header '${name}')`);
  }
}

/** Python's repr() of a str, as Django's message shows the value. */
function pythonRepr(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  const escaped = value.replace(/[\\\r\n\t]/g, (ch) => ({ '\\': '\\\\', '\r': '\\r', '\n': '\\n', '\t': '\\t' })[ch]!);
  return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
}

export function checkHeaders(message: SentEmailMessage): void {
  forbidMultiLineHeaders('Subject', message.subject);
  forbidMultiLineHeaders('From', message.from);
  for (const address of message.to) forbidMultiLineHeaders('To', address);
}
