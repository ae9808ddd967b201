export { LoginThrottleService } from './login-throttle.service';
export type { Lockout, ThrottleCheck } from './login-throttle.service';
export { LockedOutException, LOCKED_OUT_MESSAGE } from './locked-out.exception';
export { LockedOutFilter } from './locked-out.filter';
export { DatabaseRateLimiter, THROTTLE_TABLE } from './database-rate-limiter';
export { clientIpOf } from './client-ip';
export { loginThrottlingDefaults } from './throttling.defaults';
export { listLockouts, resetLockouts } from './lockouts.command';
export type { LoginThrottleRule, LoginThrottlingOptions } from './login-throttling-options.interface';
