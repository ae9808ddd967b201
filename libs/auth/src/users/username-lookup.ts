/**
 * A username that no database can hold as given: PostgreSQL refuses NUL in text (the query itself fails), and
 * Django's forms forbid it (ProhibitNullCharactersValidator). Looking it up is answered "no such user".
 */
export function isStorableUsername(username: unknown): boolean {
  return typeof username === 'string' && !username.includes('\0');
}

/**
 * The row a lookup found is this username only when it is the same string: a collation can match more
 * (MariaDB's utf8mb4_bin pads with spaces, so `alice ` finds alice; case- or accent-insensitive ones find more).
 */
export function isExactUsernameMatch(user: object | null, field: string, username: string): boolean {
  return user !== null && (user as Record<string, unknown>)[field] === username;
}
