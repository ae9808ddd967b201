import type { DataSource, EntityTarget } from 'typeorm';
import { User } from '../entities/user.entity';
import { BasePasswordHasher } from '../hashers/base-password.hasher';
import { PasswordHasherRegistry, PasswordStrength } from '../hashers/password-hasher.registry';
import { isWeakSecretKey, weakSecretKeyMessage } from './secret-key.check';

/**
 * A message of Django's system check framework (`django.core.checks`):
 * `level` is one of Django's levels, `id` like `auth.W011`.
 * @publicApi
 */
export interface CheckMessage {
  level: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';
  id: string;
  msg: string;
  hint: string | null;
}

/** What the check needs; the module's resolved options fit. @publicApi */
export interface PasswordHashesCheckOptions {
  passwordHashers: readonly BasePasswordHasher[] | PasswordHasherRegistry;
  /** The user entity whose table holds the passwords. Default: `User` (`auth_user`). */
  userEntity?: EntityTarget<object>;
  /** With allowWeakSecretKey, a weak key is reported as Django's security.W009 warning. */
  secretKey?: string;
  allowWeakSecretKey?: boolean;
  /** Rows read per query. Default: 10,000. */
  batchSize?: number;
}

/** Counts of the stored hashes by how they compare with the configured hashers. */
export type PasswordHashCounts = Record<PasswordStrength, number>;

/**
 * Compares every stored password hash with the configured hashers, as a
 * Django system check: hashes weaker than configured (re-hashed at the
 * user's next login), stronger (kept: a newer site shares the database —
 * configure its parameters), and unknown to every configured hasher (those
 * users cannot log in). Also warns about a weak secret key accepted with
 * allowWeakSecretKey. Reads the table in batches, keyed on the primary key.
 * @publicApi
 */
export async function checkPasswordHashes(dataSource: DataSource, options: PasswordHashesCheckOptions): Promise<CheckMessage[]> {
  const registry =
    options.passwordHashers instanceof PasswordHasherRegistry ? options.passwordHashers : new PasswordHasherRegistry(options.passwordHashers);
  const counts = await countPasswordHashes(dataSource, registry, options.userEntity ?? User, options.batchSize ?? 10_000);
  const messages = passwordHashMessages(counts, registry.preferred);
  if (options.allowWeakSecretKey && typeof options.secretKey === 'string' && isWeakSecretKey(options.secretKey)) {
    messages.push({
      level: 'WARNING',
      id: 'security.W009',
      msg: `Your ${weakSecretKeyMessage()}`,
      hint: 'Accepted because allowWeakSecretKey is set (a key shared with a Django site). Rotate both sites to a strong key, keeping the old one in secretKeyFallbacks / SECRET_KEY_FALLBACKS.',
    });
  }
  return messages;
}

/** Every stored hash classified by PasswordHasherRegistry.passwordStrength(). */
export async function countPasswordHashes(
  dataSource: DataSource,
  registry: PasswordHasherRegistry,
  userEntity: EntityTarget<object>,
  batchSize: number,
): Promise<PasswordHashCounts> {
  const metadata = dataSource.getMetadata(userEntity);
  const q = (name: string) => dataSource.driver.escape(name);
  const pk = q(metadata.primaryColumns[0].databaseName);
  const password = q(metadata.findColumnWithPropertyName('password')!.databaseName);
  const counts: PasswordHashCounts = { current: 0, weaker: 0, stronger: 0, unusable: 0, unknown: 0 };
  let last: unknown = undefined;
  for (;;) {
    const query = dataSource
      .createQueryBuilder()
      .select(`u.${pk}`, 'pk')
      .addSelect(`u.${password}`, 'password')
      .from(metadata.tableName, 'u')
      .orderBy(`u.${pk}`, 'ASC')
      .limit(batchSize);
    if (last !== undefined) query.where(`u.${pk} > :last`, { last });
    const rows: { pk: unknown; password: string | null }[] = await query.getRawMany();
    for (const row of rows) counts[registry.passwordStrength(row.password)]++;
    if (rows.length < batchSize) return counts;
    last = rows[rows.length - 1].pk;
  }
}

function passwordHashMessages(counts: PasswordHashCounts, preferred: BasePasswordHasher): CheckMessage[] {
  const messages: CheckMessage[] = [];
  const configured = describeHasher(preferred);
  if (counts.weaker > 0) {
    messages.push({
      level: 'INFO',
      id: 'auth.I010',
      msg: `${plural(counts.weaker, 'stored password hash is', 'stored password hashes are')} weaker than the configured hashers (${configured}).`,
      hint: "They are re-hashed with the configured parameters at each user's next login.",
    });
  }
  if (counts.stronger > 0) {
    messages.push({
      level: 'WARNING',
      id: 'auth.W011',
      msg: `${plural(counts.stronger, 'stored password hash is', 'stored password hashes are')} stronger than the configured hashers (${configured}); they are kept as they are.`,
      hint: 'A newer site (e.g. a newer Django) shares this database: configure the same hasher parameters as that site (PBKDF2 iterations: Django 4.2 600,000, 5.2 1,000,000, 6.0 1,200,000).',
    });
  }
  if (counts.unknown > 0) {
    messages.push({
      level: 'WARNING',
      id: 'auth.W012',
      msg: `${plural(counts.unknown, 'stored password hash uses', 'stored password hashes use')} an algorithm no configured hasher can verify: those users cannot log in.`,
      hint: "Add the site's hashers to passwordHashers (Django's PASSWORD_HASHERS), e.g. MD5PasswordHasher or BCryptPasswordHasher.",
    });
  }
  return messages;
}

function describeHasher(hasher: BasePasswordHasher): string {
  const params = Object.entries({
    iterations: (hasher as { iterations?: number }).iterations,
    rounds: (hasher as { rounds?: number }).rounds,
    'work factor': (hasher as { workFactor?: number }).workFactor,
    'time cost': (hasher as { timeCost?: number }).timeCost,
    'memory cost': (hasher as { memoryCost?: number }).memoryCost,
  }).filter(([, value]) => typeof value === 'number');
  return params.length ? `${hasher.algorithm}, ${params.map(([key, value]) => `${key} ${value}`).join(', ')}` : hasher.algorithm;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
