import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { AUTH_OPTIONS } from '../auth.constants';
import type { ResolvedAuthOptions } from '../interfaces/auth-module-options.interface';
import { checkHeaders, EmailMessage, SentEmailMessage } from './email-message';
import { createMailBackend, MailBackend } from './mail-backends';
import { registerMailService, unregisterMailService } from './mail.locator';

/**
 * Django's django.core.mail: send_mail / send_mass_mail through the backend
 * the `email` option names (EMAIL_BACKEND).
 * @publicApi
 */
@Injectable()
export class MailService implements OnModuleDestroy {
  /** Messages the `locmem` backend "sent", oldest first (Django's mail.outbox); empty with other backends. */
  readonly outbox: SentEmailMessage[] = [];
  private readonly backend: MailBackend;
  private readonly defaultFrom: string;

  constructor(@Inject(AUTH_OPTIONS) options: ResolvedAuthOptions) {
    this.backend = createMailBackend(options.email, this.outbox);
    this.defaultFrom = options.email.defaultFromEmail;
    registerMailService(this);
  }

  /**
   * Sends one message; `from` defaults to `email.defaultFromEmail`. A subject
   * or address with a newline is refused with BadHeaderError; no recipients
   * sends nothing (as Django).
   */
  async sendMail(message: EmailMessage): Promise<void> {
    const sent = this.prepare(message);
    if (sent.to.length === 0) return;
    await this.backend.send(sent);
  }

  /** Django's send_mass_mail: every message checked first, then sent in order; returns how many were sent. */
  async sendMassMail(messages: EmailMessage[]): Promise<number> {
    const prepared = messages.map((message) => this.prepare(message)).filter((message) => message.to.length > 0);
    for (const message of prepared) await this.backend.send(message);
    return prepared.length;
  }

  onModuleDestroy(): void {
    unregisterMailService(this);
    this.backend.close?.();
  }

  private prepare(message: EmailMessage): SentEmailMessage {
    const sent: SentEmailMessage = {
      subject: String(message.subject ?? ''),
      body: String(message.body ?? ''),
      from: message.from || this.defaultFrom,
      to: [...(message.to ?? [])].map(String),
      ...(message.htmlBody !== undefined ? { htmlBody: message.htmlBody } : {}),
    };
    checkHeaders(sent);
    return sent;
  }
}
