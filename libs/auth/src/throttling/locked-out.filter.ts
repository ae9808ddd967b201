import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { LOCKED_OUT_MESSAGE, LockedOutException } from './locked-out.exception';

/** 429 with `Retry-After`; JSON for API clients, a short page for browsers, saying the same. */
@Catch(LockedOutException)
export class LockedOutFilter implements ExceptionFilter {
  catch(exception: LockedOutException, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (res.headersSent) return void res.end();
    const seconds = exception.retryAfterSeconds;
    res.status(429).setHeader('Retry-After', String(seconds));
    if (req.accepts(['json', 'html']) === 'html' && !req.is('application/json')) {
      res.type('html').send(`<!doctype html><title>Too many attempts</title><p>${LOCKED_OUT_MESSAGE} Retry after ${seconds} seconds.</p>`);
    } else {
      res.json(exception.getResponse());
    }
  }
}
