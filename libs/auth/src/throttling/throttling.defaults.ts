import { ImproperlyConfiguredError } from '../exceptions/improperly-configured.error';
import type { LoginThrottleRule, LoginThrottlingOptions, ResolvedLoginThrottling, ThrottleRuleName } from './login-throttling-options.interface';

/** Defaults of login throttling (auth.defaults.ts' `throttling`). */
export function loginThrottlingDefaults(): Required<LoginThrottlingOptions> {
  return {
    enabled: true,
    username: { failureLimit: 10, windowSeconds: 3600, coolOffSeconds: 60, backoff: 'exponential', maxCoolOffSeconds: 3600 },
    ipAddress: { failureLimit: 100, windowSeconds: 3600, coolOffSeconds: 3600 },
    usernameAndIpAddress: { failureLimit: 5, windowSeconds: 900, coolOffSeconds: 900 },
    store: 'auto',
    resetOnSuccess: true,
  };
}

const RULES: ThrottleRuleName[] = ['username', 'ipAddress', 'usernameAndIpAddress'];

function positiveInteger(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) > 0;
}

export function resolveLoginThrottling(options: LoginThrottlingOptions | false | undefined): ResolvedLoginThrottling {
  const defaults = loginThrottlingDefaults();
  if (options === false) return { enabled: false, rules: {}, store: 'auto', resetOnSuccess: true };
  const merged = { ...defaults, ...Object.fromEntries(Object.entries(options ?? {}).filter(([, v]) => v !== undefined)) };
  const rules: ResolvedLoginThrottling['rules'] = {};
  for (const name of RULES) {
    const rule = merged[name] as LoginThrottleRule | false;
    if (rule === false) continue;
    const full = { windowSeconds: 3600, backoff: 'fixed' as const, maxCoolOffSeconds: 86_400, ...rule };
    if (!positiveInteger(full.failureLimit) || !positiveInteger(full.windowSeconds) || !positiveInteger(full.coolOffSeconds) || !positiveInteger(full.maxCoolOffSeconds)) {
      throw new ImproperlyConfiguredError(`AuthModule: throttling.${name} needs positive whole numbers for failureLimit, windowSeconds, coolOffSeconds and maxCoolOffSeconds.`);
    }
    if (full.backoff !== 'fixed' && full.backoff !== 'exponential') {
      throw new ImproperlyConfiguredError(`AuthModule: throttling.${name}.backoff must be 'fixed' or 'exponential'.`);
    }
    rules[name] = full;
  }
  return { enabled: merged.enabled !== false, rules, store: merged.store, resetOnSuccess: merged.resetOnSuccess !== false };
}
