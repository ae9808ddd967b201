import { generateSessionKey } from './session-key';
import { formatIsoDatetime, parseDjangoDatetime } from '../database/django-datetimes';
import { SessionEngine, SessionKeyTakenError } from './session-engine.interface';

const EXPIRY_KEY = '_session_expiry';
const MAX_CREATE_ATTEMPTS = 5;

/**
 * Port of django.contrib.sessions.backends.base.SessionBase: one request's
 * view of its session. Load it with AuthService.getSession(request); reads
 * and writes are then synchronous, and the session is saved when the
 * response ends, only if it changed.
 * @publicApi
 */
export class RequestSession {
  /** A value was read or written (Django adds `Vary: Cookie`). */
  accessed = false;
  /** A value was written: the session is saved at the end of the response. */
  modified = false;
  private cache: Record<string, unknown> = {};
  private keyIsNew = false;

  constructor(
    private readonly engine: SessionEngine,
    private readonly cookieAgeSeconds: number,
    private readonly expireAtBrowserCloseDefault: boolean,
    private key: string | null,
    /** Called once, on the first change: only then must the response save the session. */
    private onFirstChange?: () => void,
  ) {}

  private markModified(): void {
    this.accessed = this.modified = true;
    const hook = this.onFirstChange;
    this.onFirstChange = undefined;
    hook?.();
  }

  get sessionKey(): string | null {
    return this.key;
  }

  /** Loads the stored data (one query); a missing or expired key becomes no key. */
  async load(): Promise<this> {
    if (!this.key) return this;
    return this.adopt(await this.engine.load(this.key));
  }

  /** Takes a record the engine already read (with the user, in one round trip) as `load` would. */
  adopt(record: { data: Record<string, unknown> } | null): this {
    if (record) this.cache = record.data;
    else this.key = null;
    return this;
  }

  get<T = unknown>(name: string, fallback?: T): T | undefined {
    this.accessed = true;
    return Object.prototype.hasOwnProperty.call(this.cache, name) ? (this.cache[name] as T) : fallback;
  }

  set(name: string, value: unknown): void {
    this.markModified();
    this.cache[name] = value;
  }

  has(name: string): boolean {
    this.accessed = true;
    return Object.prototype.hasOwnProperty.call(this.cache, name);
  }

  delete(name: string): void {
    this.accessed = true;
    if (!this.has(name)) return;
    delete this.cache[name];
    this.markModified();
  }

  pop<T = unknown>(name: string, fallback?: T): T | undefined {
    const value = this.get<T>(name, fallback);
    this.delete(name);
    return value;
  }

  keys(): string[] {
    this.accessed = true;
    return Object.keys(this.cache);
  }

  /** A copy of the data. */
  toObject(): Record<string, unknown> {
    this.accessed = true;
    return { ...this.cache };
  }

  /** Removes all data but keeps the key (Django's clear()). */
  clear(): void {
    this.cache = {};
    this.markModified();
  }

  /** No key and no data: nothing to save, and a stale cookie is deleted. */
  get isEmpty(): boolean {
    return !this.key && Object.keys(this.cache).length === 0;
  }

  /** Deletes the data and the stored session; the next save gets a new key (logout). */
  async flush(): Promise<void> {
    this.clear();
    const old = this.key;
    this.key = null;
    this.keyIsNew = false;
    if (old) await this.engine.delete(old);
  }

  /** Keeps the data under a new key and deletes the old one (session fixation defence at login). */
  async cycleKey(): Promise<void> {
    const old = this.key;
    this.key = generateSessionKey();
    this.keyIsNew = true;
    this.markModified();
    if (old) await this.engine.delete(old);
  }

  /**
   * Django's set_expiry: seconds of inactivity, a Date, 0 for "when the
   * browser closes", or null for the global policy.
   */
  setExpiry(value: number | Date | null): void {
    if (value === null) this.delete(EXPIRY_KEY);
    else this.set(EXPIRY_KEY, value instanceof Date ? formatIsoDatetime(value) : value);
  }

  getExpiryAge(now = new Date()): number {
    const expiry = this.cache[EXPIRY_KEY];
    if (typeof expiry === 'number') return expiry || this.cookieAgeSeconds;
    if (typeof expiry === 'string') {
      // Django's isoformat (`+00:00`), or our older `Z`; an unreadable value falls back to the global policy.
      const at = parseDjangoDatetime(expiry);
      return at ? Math.max(0, Math.floor((at.getTime() - now.getTime()) / 1000)) : this.cookieAgeSeconds;
    }
    return this.cookieAgeSeconds;
  }

  /** A date given to setExpiry() is the expiry itself, as in Django; otherwise now + the expiry age. */
  getExpiryDate(now = new Date()): Date {
    const expiry = this.cache[EXPIRY_KEY];
    const at = typeof expiry === 'string' ? parseDjangoDatetime(expiry) : null;
    if (at) return at;
    return new Date(now.getTime() + this.getExpiryAge(now) * 1000);
  }

  getExpireAtBrowserClose(): boolean {
    const expiry = this.cache[EXPIRY_KEY];
    if (expiry === undefined || expiry === null) return this.expireAtBrowserCloseDefault;
    return expiry === 0;
  }

  /**
   * Writes the session: a new key is inserted (never overwriting a row; a
   * taken key is replaced), an existing one updated only if it still exists.
   */
  async save(now = new Date()): Promise<void> {
    if (!this.key) {
      this.key = generateSessionKey();
      this.keyIsNew = true;
    }
    const expireDate = this.getExpiryDate(now);
    if (!this.keyIsNew) return this.engine.save(this.key, this.cache, expireDate, { mustCreate: false });
    for (let attempt = 1; ; attempt++) {
      try {
        await this.engine.save(this.key, this.cache, expireDate, { mustCreate: true });
        this.keyIsNew = false;
        return;
      } catch (error) {
        if (!(error instanceof SessionKeyTakenError) || attempt >= MAX_CREATE_ATTEMPTS) throw error;
        this.key = generateSessionKey();
      }
    }
  }
}
