import { ForbiddenException } from '@nestjs/common';

/**
 * A request refused by the CSRF check: 403 with Django's reason as the message
 * (`{ statusCode: 403, error: 'Forbidden', message: 'CSRF cookie not set.' }`).
 * @publicApi
 */
export class CsrfFailureException extends ForbiddenException {
  constructor(readonly reason: string) {
    super({ statusCode: 403, error: 'Forbidden', message: reason });
  }
}
