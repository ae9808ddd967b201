import { createHash } from 'node:crypto';
import { forwardRef, Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { AUTH_OPTIONS, AUTH_USER_ENTITY } from '../auth.constants';
import { storageCall } from '../exceptions/auth-unavailable.exception';
import type { ResolvedAuthOptions } from '../interfaces/auth-module-options.interface';
import { CachedDbSessionEngine } from '../session/cached-db/cached-db-session.engine';
import { RedisSessionEngine } from '../session/redis/redis-session.engine';
import { SessionEngine } from '../session/session-engine.interface';
import { AuthSignals } from '../signals/auth.signals';
import { clientIpOf } from './client-ip';
import { DatabaseRateLimiter, deleteThrottleRows, THROTTLE_TABLE, ThrottleLabels, throttleRows } from './database-rate-limiter';
import { LockedOutException } from './locked-out.exception';
import type { LoginThrottleRule, ResolvedLoginThrottling, ThrottleRuleName } from './login-throttling-options.interface';
import { resolveLoginThrottling } from './throttling.defaults';

type Limiter = any; // rate-limiter-flexible's limiters (typed loosely: our database store extends its untyped abstract class)

interface RuleLimiters {
  name: ThrottleRuleName;
  rule: Required<LoginThrottleRule>;
  counter: Limiter;
  lockouts: Limiter;
}

/** One counter a login attempt touches: a rule and the identity it counts (username, IP or both). */
interface Subject {
  rules: RuleLimiters;
  key: string;
  labels: ThrottleLabels;
}

/** What the check before the password hash found; a success clears the counters it saw. */
export interface ThrottleCheck {
  subjects: Subject[];
  counted: Subject[];
}

/** A lock-out in force (listLockouts). */
export interface Lockout {
  rule: ThrottleRuleName;
  username: string | null;
  ipAddress: string | null;
  failures: number;
  retryAfterSeconds: number;
}

const LOCKOUT_HISTORY_SECONDS = 86_400;
const LABEL_MAX = 150;

function identityKey(rule: ThrottleRuleName, identity: string): string {
  return createHash('sha256').update(`${rule}\u0000${identity}`).digest('hex');
}

/** A readable label for listing (never an identity): no control characters, bounded, well-formed. */
function label(value: string): string {
  return value.slice(0, LABEL_MAX).replace(/[\u0000-\u001f\u007f]/g, '\ufffd');
}

function usernameOf(credentials: Record<string, unknown>, usernameField: string): string | null {
  const value = credentials.username ?? credentials[usernameField];
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

/**
 * Failure-aware login throttling on AuthService.authenticate (django-axes'
 * job): counters per username, client IP and (username, IP) fed by the
 * `userLoginFailed` signal, checked in one store round trip before any
 * backend runs, so a lock-out costs no password hash and an unknown username
 * is refused exactly like a known one.
 * @publicApi
 */
@Injectable()
export class LoginThrottleService implements OnModuleInit {
  private readonly logger = new Logger('LoginThrottle');
  readonly settings: ResolvedLoginThrottling;
  private limiters: RuleLimiters[] = [];
  /** The store is chosen on first use, so a table made by `migrate` after start-up is the one used. */
  private building: Promise<void> | null = null;
  private databaseStore = false;
  private redisStore: { client: any; prefix: string } | null = null;

  constructor(
    @Inject(AUTH_OPTIONS) options: ResolvedAuthOptions,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(forwardRef(() => SessionEngine)) private readonly engine: SessionEngine,
    private readonly signals: AuthSignals,
    @Inject(AUTH_USER_ENTITY) private readonly userEntity: { USERNAME_FIELD?: string },
  ) {
    this.settings = resolveLoginThrottling(options.throttling);
  }

  get enabled(): boolean {
    return this.settings.enabled;
  }

  onModuleInit(): void {
    if (!this.settings.enabled) return;
    this.signals.on('userLoginFailed', ({ request, credentials }) => this.recordFailure(request, credentials));
  }

  /** Before the backends run: refuses a locked-out attempt (429, no hash). One round trip. */
  async check(request: Request | null, credentials: Record<string, unknown>): Promise<ThrottleCheck> {
    await this.ready();
    const subjects = this.subjectsOf(request, credentials);
    const found = await storageCall(() => this.read(subjects), (e) => this.logStoreError(e));
    let retryAfterMs = 0;
    const counted: Subject[] = [];
    subjects.forEach((subject, i) => {
      const res = found[i];
      if (!res) return;
      counted.push(subject);
      if (res.consumedPoints >= subject.rules.rule.failureLimit && res.msBeforeNext !== 0) {
        retryAfterMs = Math.max(retryAfterMs, res.msBeforeNext < 0 ? LOCKOUT_HISTORY_SECONDS * 1000 : res.msBeforeNext);
      }
    });
    if (retryAfterMs > 0) await this.lockedOut(request, subjects, retryAfterMs);
    return { subjects, counted };
  }

  /** After a success: the counters of its username and (username, IP); not the IP's, which one account of an attacker's could clear. */
  async succeeded(check: ThrottleCheck): Promise<void> {
    if (!this.settings.resetOnSuccess) return;
    const cleared = check.counted.filter((s) => s.rules.name !== 'ipAddress');
    if (!cleared.length) return;
    await storageCall(() => Promise.all(cleared.map((s) => s.rules.counter.delete(s.key))), (e) => this.logStoreError(e));
  }

  /** The `userLoginFailed` listener: counts the failure; the one reaching a limit starts a lock-out and is answered 429. */
  async recordFailure(request: Request | null, credentials: Record<string, unknown>): Promise<void> {
    await this.ready();
    const subjects = this.subjectsOf(request, credentials);
    const retryAfterMs = await storageCall(() => this.count(subjects), (e) => this.logStoreError(e));
    if (retryAfterMs > 0) await this.lockedOut(request, subjects, retryAfterMs);
  }

  /** The lock-outs in force, for an admin command or page. */
  async listLockouts(): Promise<Lockout[]> {
    await this.ready();
    const byKey = new Map<string, { rule: ThrottleRuleName; points: number; ms: number; labels: ThrottleLabels }>();
    for (const row of await this.storedCounters()) {
      const rules = this.limiters.find((l) => row.key.startsWith(`${l.counter.keyPrefix}:`));
      if (!rules || row.points < rules.rule.failureLimit) continue;
      byKey.set(row.key, { rule: rules.name, points: row.points, ms: row.ms, labels: row.labels });
    }
    return [...byKey.values()].map(({ rule, points, ms, labels }) => ({
      rule,
      username: labels.username ?? null,
      ipAddress: labels.ipAddress ?? null,
      failures: points,
      retryAfterSeconds: ms < 0 ? LOCKOUT_HISTORY_SECONDS : Math.ceil(ms / 1000),
    }));
  }

  /** Clears counters and lock-outs: of a username, of an IP, of both, or (no filter) all; returns how many. */
  async resetLockouts(filter: { username?: string; ipAddress?: string } = {}): Promise<number> {
    await this.ready();
    const rows = (await this.storedCounters()).filter(
      (row) =>
        (filter.username === undefined || row.labels.username === label(filter.username)) &&
        (filter.ipAddress === undefined || row.labels.ipAddress === filter.ipAddress),
    );
    if (this.databaseStore) await deleteThrottleRows(this.dataSource, rows.map((r) => r.key));
    else await Promise.all(rows.map((r) => this.deleteCounter(r.key)));
    return rows.length;
  }

  private subjectsOf(request: Request | null, credentials: Record<string, unknown>): Subject[] {
    const username = usernameOf(credentials, this.userEntity.USERNAME_FIELD ?? 'username');
    const ip = clientIpOf(request);
    const subjects: Subject[] = [];
    for (const rules of this.limiters) {
      const parts = rules.name === 'username' ? [username] : rules.name === 'ipAddress' ? [ip] : [username, ip];
      if (parts.some((p) => p === null)) continue;
      subjects.push({
        rules,
        key: identityKey(rules.name, parts.join('\u0000')),
        labels: {
          username: rules.name === 'ipAddress' ? null : label(username!),
          ipAddress: rules.name === 'username' ? null : ip,
        },
      });
    }
    return subjects;
  }

  /** The subjects' counters (null when none): one query on the database, one pipelined batch on Redis. */
  private async read(subjects: Subject[]): Promise<Array<RateLimiterRes | null>> {
    if (!subjects.length) return [];
    const first = subjects[0].rules.counter;
    if (first instanceof DatabaseRateLimiter) {
      const rows = await first.getRows(subjects.map((s) => s.rules.counter.getKey(s.key)));
      return subjects.map((s) => {
        const row = rows.get(s.rules.counter.getKey(s.key));
        return row ? s.rules.counter._getRateLimiterRes('', 0, row) : null;
      });
    }
    return Promise.all(subjects.map((s) => s.rules.counter.get(s.key)));
  }

  private async count(subjects: Subject[]): Promise<number> {
    const results = await Promise.all(subjects.map((s) => this.countOne(s)));
    return Math.max(0, ...results);
  }

  /** Counts one failure; starts the lock-out when it reaches the limit. Returns the lock-out left, 0 when none. */
  private async countOne({ rules, key, labels }: Subject): Promise<number> {
    const { rule } = rules;
    const res: RateLimiterRes = await rules.counter.penalty(key, 1, { labels });
    if (this.redisStore) await this.redisStore.client.set(`${rules.counter.getKey(key)}:labels`, JSON.stringify(labels), 'PX', Math.max(res.msBeforeNext, 1000) + rule.maxCoolOffSeconds * 1000);
    if (res.consumedPoints < rule.failureLimit) return 0;
    if (res.consumedPoints > rule.failureLimit) return res.msBeforeNext; // a lock-out began meanwhile (a request in flight)
    let seconds = rule.coolOffSeconds;
    if (rule.backoff === 'exponential') {
      const lockouts: RateLimiterRes = await rules.lockouts.penalty(key, 1);
      seconds = Math.min(rule.coolOffSeconds * 2 ** (lockouts.consumedPoints - 1), rule.maxCoolOffSeconds);
    }
    await rules.counter.block(key, seconds, { labels });
    return seconds * 1000;
  }

  private async lockedOut(request: Request | null, subjects: Subject[], retryAfterMs: number): Promise<never> {
    const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    const username = subjects.find((s) => s.labels.username)?.labels.username ?? null;
    await this.signals.emit('userLockedOut', { request, username, ipAddress: clientIpOf(request), retryAfterSeconds });
    throw new LockedOutException(retryAfterSeconds);
  }

  /** Builds the limiters once; a failure (the database unreachable) is a 503 now and is tried again next time. */
  private ready(): Promise<void> {
    this.building ??= storageCall(
      async () => {
        this.limiters = await this.buildLimiters();
      },
      (e) => this.logStoreError(e),
    ).catch((error: unknown) => {
      this.building = null;
      throw error;
    });
    return this.building;
  }

  private async buildLimiters(): Promise<RuleLimiters[]> {
    const store = await this.chooseStore();
    const result: RuleLimiters[] = [];
    for (const [name, rule] of Object.entries(this.settings.rules) as Array<[ThrottleRuleName, Required<LoginThrottleRule>]>) {
      const make = (suffix: string, points: number, duration: number) => store(`auth.throttle.${name}${suffix}`, points, duration);
      result.push({
        name,
        rule,
        counter: make('', rule.failureLimit - 1, rule.windowSeconds),
        lockouts: make('.lockouts', 1_000_000, LOCKOUT_HISTORY_SECONDS),
      });
    }
    return result;
  }

  private async chooseStore(): Promise<(keyPrefix: string, points: number, duration: number) => Limiter> {
    const wanted = this.settings.store;
    const redis = this.engine instanceof RedisSessionEngine ? this.engine : this.engine instanceof CachedDbSessionEngine ? this.engine.cache : null;
    const database = await this.databaseUsable();
    if ((wanted === 'redis' || wanted === 'auto') && redis) {
      const prefix = `${(redis as any).prefix ?? ''}`;
      this.redisStore = { client: redis.client, prefix };
      this.databaseStore = false;
      const insured = this.engine instanceof CachedDbSessionEngine && database;
      return (keyPrefix, points, duration) =>
        new RateLimiterRedis({
          storeClient: redis.client,
          keyPrefix: `${prefix}${keyPrefix}`,
          points,
          duration,
          rejectIfRedisNotReady: true,
          // cached_db keeps logins going from the database while Redis is down; so does its throttling.
          ...(insured ? { insuranceLimiter: new DatabaseRateLimiter({ keyPrefix, points, duration }, this.dataSource) as any } : {}),
        });
    }
    if (wanted !== 'memory' && database) {
      this.databaseStore = true;
      return (keyPrefix, points, duration) => new DatabaseRateLimiter({ keyPrefix, points, duration }, this.dataSource);
    }
    if (wanted !== 'memory') {
      this.logger.warn(`table ${THROTTLE_TABLE} is missing (run AUTH_MIGRATIONS): login throttling counts per process only.`);
    }
    return (keyPrefix, points, duration) => new RateLimiterMemory({ keyPrefix, points, duration });
  }

  private async databaseUsable(): Promise<boolean> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return await runner.hasTable(THROTTLE_TABLE);
    } finally {
      await runner.release();
    }
  }

  private async storedCounters(): Promise<Array<{ key: string; points: number; ms: number; labels: ThrottleLabels }>> {
    if (this.databaseStore) {
      return (await throttleRows(this.dataSource)).map((r) => ({
        key: r.key,
        points: r.points,
        ms: r.expire === null ? -1 : r.expire - Date.now(),
        labels: { username: r.username, ipAddress: r.ipAddress },
      }));
    }
    if (this.redisStore) {
      const client = this.redisStore.client;
      const out: Array<{ key: string; points: number; ms: number; labels: ThrottleLabels }> = [];
      for await (const keys of client.scanStream({ match: `${this.redisStore.prefix}auth.throttle.*:labels`, count: 1000 })) {
        for (const labelKey of keys as string[]) {
          const key = labelKey.slice(0, -':labels'.length);
          const [points, ms, labels] = await Promise.all([client.get(key), client.pttl(key), client.get(labelKey)]);
          if (points === null || labels === null) continue;
          out.push({ key, points: Number(points), ms, labels: JSON.parse(labels) });
        }
      }
      return out;
    }
    const out: Array<{ key: string; points: number; ms: number; labels: ThrottleLabels }> = [];
    for (const l of this.limiters) {
      const storage = (l.counter as any)._memoryStorage?._storage ?? {};
      for (const [key, record] of Object.entries<any>(storage)) {
        out.push({ key, points: record.value, ms: record.expiresAt ? record.expiresAt.getTime() - Date.now() : -1, labels: {} });
      }
    }
    return out;
  }

  private async deleteCounter(rlKey: string): Promise<void> {
    const rules = this.limiters.find((l) => rlKey.startsWith(`${l.counter.keyPrefix}:`));
    if (!rules) return;
    await rules.counter.delete(rules.counter.parseKey(rlKey));
    if (this.redisStore) await this.redisStore.client.del(`${rlKey}:labels`);
  }

  private logStoreError(error: unknown): void {
    this.logger.error(`login throttling store unavailable: ${(error as Error)?.message ?? String(error)}`);
  }
}
