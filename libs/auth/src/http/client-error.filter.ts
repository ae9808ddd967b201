import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';

/** Errors the client caused before any handler ran (body-parser's 413, 415, bad gzip or charset…): not HttpExceptions, 4xx. */
export function isClientError(error: unknown): error is Error & { status: number } {
  if (!(error instanceof Error) || error instanceof HttpException) return false;
  const status = (error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}

class ClientRequestError {
  static [Symbol.hasInstance](value: unknown): boolean {
    return isClientError(value);
  }
}

const WINDOW_MS = 60_000;

/**
 * Answers a client error with its status as Nest does ({statusCode, message}),
 * and logs it once at debug level without a stack or URL (a URL can hold a
 * reset token): one line per kind a minute, with how many were suppressed,
 * so a flood of bad requests cannot fill the disk or bury real errors.
 */
@Catch(ClientRequestError)
export class ClientErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ClientError');
  private readonly seen = new Map<string, { until: number; suppressed: number }>();

  catch(error: Error & { status: number; expose?: boolean }, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const message = error.expose === false ? 'Bad Request' : error.message;
    this.log(req.method, error.status, message);
    if (res.headersSent) return void res.end();
    res.status(error.status).json({ statusCode: error.status, message });
  }

  private log(method: string, status: number, message: string): void {
    const kind = `${status} ${message.slice(0, 80).replace(/[^\x20-\x7e]/g, '?')}`;
    const now = Date.now();
    const entry = this.seen.get(kind);
    if (entry && entry.until > now) {
      entry.suppressed++;
      return;
    }
    const suppressed = entry?.suppressed ? ` (${entry.suppressed} more in the last minute)` : '';
    if (this.seen.size > 100) this.seen.clear();
    this.seen.set(kind, { until: now + WINDOW_MS, suppressed: 0 });
    this.logger.debug(`client error ${kind} on ${String(method).slice(0, 10)}${suppressed}`);
  }
}
