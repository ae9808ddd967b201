import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AUTH_OPTIONS } from '../auth.constants';
import { AuthService } from '../auth.service';
import type { ResolvedAuthOptions } from '../interfaces/auth-module-options.interface';
import { ACCESS_REQUIREMENTS, AccessOptions, AccessRequirement } from './access-options.interface';
import { LoginRedirectException } from './login-redirect.exception';
import { requestStateOf } from '../session/request-state';
import { loginRedirectUrl, wantsHtml } from './redirect-to-login';

/**
 * A controller and its handler may both carry the guard; the requirements are checked once per request. Kept in the
 * request's auth state: every property added to Node's request object copies its property store.
 */
function alreadyChecked(request: Request, handler: Function): boolean {
  const state = requestStateOf(request);
  if (state.checkedHandler === handler) return true;
  state.checkedHandler = handler;
  return false;
}

const WITH_PERMISSIONS = Object.freeze({ withPermissions: true });
const WITHOUT_PERMISSIONS = Object.freeze({ withPermissions: false });

interface ResolvedRequirements {
  requirements: AccessRequirement[];
  /** A permission is checked: the user's permission sets are loaded with the user. */
  withPermissions: boolean;
}

function resolve(requirements: AccessRequirement[]): ResolvedRequirements {
  return { requirements, withPermissions: requirements.some((r) => r.kind === 'permission') };
}

/**
 * Port of Django's AccessMixin and its subclasses (LoginRequiredMixin,
 * PermissionRequiredMixin, UserPassesTestMixin) as one guard: it reads the
 * requirements the decorators put on the handler and the controller, and
 * every hook is a protected method to override.
 * @publicApi
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    protected readonly auth: AuthService,
    protected readonly reflector: Reflector,
    @Inject(AUTH_OPTIONS) protected readonly options: ResolvedAuthOptions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { requirements, withPermissions } = this.requirementsOf(context);
    if (requirements.length === 0) return true;
    // switchToHttp().getRequest() is this, minus the three closures switchToHttp() makes on every call.
    const request = context.getArgByIndex<Request>(0);
    if (alreadyChecked(request, context.getHandler())) return true;
    const user = await this.auth.getUser(request, withPermissions ? WITH_PERMISSIONS : WITHOUT_PERMISSIONS);
    for (const requirement of requirements) {
      const passed = this.passes(requirement, user, request);
      if (!(passed === true || (passed !== false && (await passed)))) this.handleNoPermission(request, user, requirement.options);
    }
    return true;
  }

  /**
   * The decorators' metadata is fixed once the app is built, so it is read
   * once per handler and controller, not on every request; a subclass that
   * overrides getRequirements is asked every time.
   */
  private requirementsOf(context: ExecutionContext): ResolvedRequirements {
    if (this.getRequirements !== AccessGuard.prototype.getRequirements) return resolve(this.getRequirements(context));
    const handler = context.getHandler();
    const controller = context.getClass();
    const cached = this.resolved.get(handler);
    if (cached?.controller === controller) return cached;
    const entry = { controller, ...resolve(this.getRequirements(context)) };
    this.resolved.set(handler, entry);
    return entry;
  }

  private readonly resolved = new WeakMap<Function, ResolvedRequirements & { controller: Function }>();

  /** Controller requirements first, then the handler's (Django applies class mixins around the method). */
  protected getRequirements(context: ExecutionContext): AccessRequirement[] {
    const onClass = this.reflector.get<AccessRequirement[]>(ACCESS_REQUIREMENTS, context.getClass()) ?? [];
    const onHandler = this.reflector.get<AccessRequirement[]>(ACCESS_REQUIREMENTS, context.getHandler()) ?? [];
    return [...onClass, ...onHandler];
  }

  /** Whether the user meets one requirement; a login check answers without a promise. */
  protected passes(requirement: AccessRequirement, user: any, request: Request): boolean | Promise<boolean> {
    switch (requirement.kind) {
      case 'login':
        return user.isAuthenticated === true;
      case 'permission':
        if (!requirement.object) return this.hasPermission(user, requirement.permissions ?? []);
        return Promise.resolve(requirement.object(request)).then((obj) => this.hasPermission(user, requirement.permissions ?? [], obj));
      case 'test':
        return Promise.resolve(requirement.test!(user, request)).then((passed) => passed === true);
    }
  }

  /** PermissionRequiredMixin.has_permission: every listed permission, on the object when one is resolved. */
  protected async hasPermission(user: any, permissions: string[], obj?: unknown): Promise<boolean> {
    return user.hasPerms(permissions, obj ?? undefined);
  }

  /**
   * AccessMixin.handle_no_permission: 403 when raiseException is set or the
   * user is logged in; otherwise browsers go to the login page and API
   * clients get 401.
   */
  protected handleNoPermission(request: Request, user: any, options: AccessOptions): never {
    if (this.getRaiseException(options) || user.isAuthenticated) {
      throw new ForbiddenException('You do not have permission to perform this action.');
    }
    const loginUrl = this.getLoginUrl(options);
    if (wantsHtml(request)) throw new LoginRedirectException(loginRedirectUrl(request, loginUrl, this.getRedirectFieldName(options)));
    throw new UnauthorizedException({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Authentication credentials were not provided.',
      loginUrl,
    });
  }

  protected getLoginUrl(options: AccessOptions): string {
    return options.loginUrl ?? this.options.loginUrl;
  }

  protected getRedirectFieldName(options: AccessOptions): string {
    return options.redirectFieldName ?? this.options.redirectFieldName;
  }

  protected getRaiseException(options: AccessOptions): boolean {
    return options.raiseException ?? false;
  }
}
