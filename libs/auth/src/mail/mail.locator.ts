import type { MailService } from './mail.service';

/** Live MailServices, newest last: entity methods (user.emailUser) have no injector, so they use the newest app's. */
const registered: MailService[] = [];

export function registerMailService(service: MailService): void {
  registered.push(service);
}

export function unregisterMailService(service: MailService): void {
  const index = registered.lastIndexOf(service);
  if (index !== -1) registered.splice(index, 1);
}

export function currentMailService(): MailService {
  const current = registered[registered.length - 1];
  if (!current) throw new Error('user.emailUser() needs AuthModule (AuthModule.forRoot/forRootAsync) in a running app.');
  return current;
}
