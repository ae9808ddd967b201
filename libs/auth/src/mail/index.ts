export { MailService } from './mail.service';
export { BadHeaderError } from './email-message';
export type { EmailMessage, SentEmailMessage } from './email-message';
export type { EmailOptions, EmailBackendName } from './email-options.interface';
