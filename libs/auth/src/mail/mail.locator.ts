import type { MailService } from './mail.service';

let current: MailService | undefined;

/** Entity methods (User.emailUser) have no injector: the module's MailService registers itself here. */
export function registerMailService(service: MailService | undefined): void {
  current = service;
}

export function currentMailService(): MailService {
  if (!current) throw new Error('user.emailUser() needs AuthModule (AuthModule.forRoot/forRootAsync) in a running app.');
  return current;
}

export function unregisterMailService(service: MailService): void {
  if (current === service) current = undefined;
}
