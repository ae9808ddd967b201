import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AUTH_OPTIONS } from '../auth.constants';
import type { ResolvedAuthOptions } from '../interfaces/auth-module-options.interface';
import { getHost } from './allowed-hosts';

/**
 * ALLOWED_HOSTS on every route, as Django's CommonMiddleware calls get_host() on every request: a disallowed
 * Host is a 400 before any handler or guard can build a URL from it. Registered globally by AuthModule; with
 * `allowedHosts` unset it returns at once.
 */
@Injectable()
export class AllowedHostsGuard implements CanActivate {
  constructor(@Inject(AUTH_OPTIONS) private readonly options: ResolvedAuthOptions) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.options.allowedHosts === undefined || context.getType() !== 'http') return true;
    getHost(context.getArgByIndex<Request>(0), this.options);
    return true;
  }
}
