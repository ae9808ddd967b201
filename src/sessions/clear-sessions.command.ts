import { SessionEngine } from 'nest-django-auth';
import { INestApplicationContext } from '@nestjs/common';

/**
 * Django's clearsessions: deletes the expired sessions through the configured
 * engine (which deletes in batches, so live traffic is never locked out);
 * returns how many.
 */
export async function clearExpiredSessions(app: INestApplicationContext): Promise<number> {
  return app.get<SessionEngine>(SessionEngine).clearExpired();
}
