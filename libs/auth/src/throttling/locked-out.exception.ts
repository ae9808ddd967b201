import { HttpException, HttpStatus } from '@nestjs/common';

export const LOCKED_OUT_MESSAGE = 'Too many failed login attempts. Try again later.';

/**
 * A login refused because of earlier failures: 429 with `Retry-After`. The
 * same for a known and an unknown username; thrown before any password hash.
 * @publicApi
 */
export class LockedOutException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super({ statusCode: HttpStatus.TOO_MANY_REQUESTS, message: LOCKED_OUT_MESSAGE, retryAfter: retryAfterSeconds }, HttpStatus.TOO_MANY_REQUESTS);
  }
}
