import { CRITICAL, CheckMessage, DEBUG, ERROR, INFO, WARNING } from './check-message';
import { checkPasswordHashes } from './password-hashes.check';
import type { CheckContext } from './registry';

const LEVELS = { DEBUG, INFO, WARNING, ERROR, CRITICAL } as const;

/**
 * `check` on a database: stored hashes weaker than configured (upgraded at the next login), stronger (a newer site
 * shares the database) or unreadable. The weak-key warning is security.W009's, reported by the deploy checks.
 */
export async function checkStoredPasswordHashes({ options, dataSource, userEntity }: CheckContext): Promise<CheckMessage[]> {
  if (!dataSource) return [];
  const messages = await checkPasswordHashes(dataSource, { passwordHashers: options.passwordHashers, userEntity: userEntity as never });
  return messages.map(({ level, id, msg, hint }) => ({ level: LEVELS[level], id, msg, ...(hint ? { hint } : {}) }));
}
