import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AUTH_OPTIONS } from '../auth.constants';
import type { ResolvedAuthOptions } from '../interfaces/auth-module-options.interface';
import { CsrfService } from './csrf.service';

export const CSRF_EXEMPT = 'auth:csrfExempt';

/**
 * Django's CsrfViewMiddleware.process_view as a guard (`@CsrfProtect()` puts it on a route): unsafe methods
 * need a valid token, unless the route is `@CsrfExempt()`. A request is checked once however many guards ask.
 * @publicApi
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(
    protected readonly csrf: CsrfService,
    protected readonly reflector: Reflector,
    @Inject(AUTH_OPTIONS) protected readonly options: ResolvedAuthOptions,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.getArgByIndex<Request>(0);
    if (this.csrf.isSafeMethod(request.method)) return true;
    if (this.reflector.getAllAndOverride<boolean>(CSRF_EXEMPT, [context.getHandler(), context.getClass()])) return true;
    if (this.csrf.isChecked(request)) return true;
    return this.csrf.checkRequest(request).then(() => {
      this.csrf.markChecked(request);
      return true;
    });
  }
}

/** `csrf.global: true`: CsrfGuard on every route, registered by AuthModule; returns at once when off. */
@Injectable()
export class GlobalCsrfGuard extends CsrfGuard {
  override canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (!this.options.csrf.global) return true;
    return super.canActivate(context);
  }
}
