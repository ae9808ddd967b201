/**
 * One lock-out rule (django-axes' AXES_FAILURE_LIMIT / AXES_COOLOFF_TIME for one lock-out parameter).
 * @publicApi
 */
export interface LoginThrottleRule {
  /** Failures within the window that lock out: the failure reaching it is answered 429 already. */
  failureLimit: number;
  /** Seconds over which failures are counted. Default: `3600`. */
  windowSeconds?: number;
  /** Seconds a lock-out lasts (the cool-off); the first one with `backoff: 'exponential'`. */
  coolOffSeconds: number;
  /** `'fixed'`: every lock-out lasts coolOffSeconds; `'exponential'`: each further one within a day doubles it. Default: `'fixed'`. */
  backoff?: 'fixed' | 'exponential';
  /** Longest exponential lock-out. Default: `86400`. */
  maxCoolOffSeconds?: number;
}

/**
 * Login throttling built in (what django-axes adds to Django). Counts failed
 * `authenticate` calls per username, per client IP and per (username, IP);
 * `false` turns a rule off.
 * @publicApi
 */
export interface LoginThrottlingOptions {
  /** Default: `true`. */
  enabled?: boolean;
  /** Per username, whatever the client. Default: 10 failures an hour, back-off from 60 s to 1 h. */
  username?: LoginThrottleRule | false;
  /** Per client IP (IPv6 by /64). Default: 100 failures an hour, 1 h lock-out. */
  ipAddress?: LoginThrottleRule | false;
  /** Per (username, client IP). Default: 5 failures in 15 min, 15 min lock-out. */
  usernameAndIpAddress?: LoginThrottleRule | false;
  /**
   * Where counters live, shared by every instance: `'auto'` is Redis when a Redis session engine is configured
   * (`cached_db` falls back to the database while Redis is down), the database (table `auth_login_throttle`) otherwise.
   * `'memory'` is per process (tests). Default: `'auto'`.
   */
  store?: 'auto' | 'database' | 'redis' | 'memory';
  /** A successful login clears the counters of its username and (username, IP), as axes' AXES_RESET_ON_SUCCESS. Default: `true`. */
  resetOnSuccess?: boolean;
}

export type ThrottleRuleName = 'username' | 'ipAddress' | 'usernameAndIpAddress';

export interface ResolvedLoginThrottling {
  enabled: boolean;
  rules: Partial<Record<ThrottleRuleName, Required<LoginThrottleRule>>>;
  store: 'auto' | 'database' | 'redis' | 'memory';
  resetOnSuccess: boolean;
}
