import { TEST_SECRET_KEY } from './test-secret-key';

/** What must never reach a log: the secret key, session keys, reset tokens, passwords the suites log in with. */
export const SECRET_PATTERNS: Array<{ name: string; pattern: RegExp }> = [
  { name: 'the secret key', pattern: new RegExp(TEST_SECRET_KEY.replace(/[-]/g, '\\-')) },
  { name: 'a session key in a cookie', pattern: /sessionid=(?!;)[a-z0-9]{8,}/ },
  { name: 'a session key', pattern: /session[ _-]?key["':= ]+[a-z0-9]{32}\b/i },
  { name: 'a password reset token', pattern: /\b[0-9a-z]{6,13}-[0-9a-f]{32}\b/ },
  { name: 'a password in credentials', pattern: /["']?password["']?\s*[:=]\s*["']?(?!\*{20})[^\s"',}&*]{4,}/i },
];

export function findSecrets(log: string): string[] {
  return SECRET_PATTERNS.filter(({ pattern }) => pattern.test(log)).map(({ name }) => {
    const match = log.match(SECRET_PATTERNS.find((p) => p.name === name)!.pattern)!;
    const at = match.index ?? 0;
    return `${name}: …${log.slice(Math.max(0, at - 80), at + 60).replace(/\s+/g, ' ')}…`;
  });
}
