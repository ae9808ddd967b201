import type { Request } from 'express';
import type { SessionUserJoin } from '../session/session-engine.interface';

/** What a backend's `authenticate` receives: whatever the login form or header gave. */
export type Credentials = Record<string, unknown>;

/**
 * Django's authentication backend protocol. Every method but `getUser` is
 * optional; a backend that lacks one simply has no say in it.
 * @publicApi
 */
export interface AuthBackend<TUser = any> {
  /** Verifies the credentials; returns the user or null. May throw PermissionDeniedException to stop the chain. */
  authenticate?(request: Request | null, credentials: Credentials): Promise<TUser | null>;
  /** Loads the user whose id was stored in the session; null when gone or not allowed. */
  getUser(userId: unknown, options?: GetUserOptions): Promise<TUser | null>;
  getUserPermissions?(user: TUser, obj?: unknown): Promise<Set<string>>;
  getGroupPermissions?(user: TUser, obj?: unknown): Promise<Set<string>>;
  getAllPermissions?(user: TUser, obj?: unknown): Promise<Set<string>>;
  hasPerm?(user: TUser, perm: string, obj?: unknown): Promise<boolean>;
  hasModulePerms?(user: TUser, appLabel: string): Promise<boolean>;
  withPerm?(perm: string | object, options?: Record<string, unknown>): Promise<TUser[]>;
  /**
   * Optional: how the session engine can read this backend's user in the
   * session's own statement (`read` gives what `getUser` would: null for a
   * user it refuses). Null when it cannot (getUser overridden, say).
   */
  sessionUserJoin?(withPermissions: boolean): SessionUserJoin<TUser> | null;
}

export interface GetUserOptions {
  /** Load the permission sets together with the user (one round trip), for a request that will check permissions. */
  withPermissions?: boolean;
}

/** A backend class, built by Nest's injector so it can inject services. */
export type AuthBackendClass = (new (...args: any[]) => AuthBackend) & { backendName?: string };

/** How backends are configured: classes (DI-built) or ready instances. */
export type AuthBackendEntry = AuthBackendClass | AuthBackend;

/** DI token of the ordered, resolved backend list. */
export const AUTH_BACKENDS = Symbol('AUTH_BACKENDS');

/**
 * The name stored in the session (Django stores the backend's dotted path).
 * Built-in backends use Django's own paths so sessions are interchangeable
 * with a Django site; others use `static backendName`, else the class name.
 */
export function backendNameOf(backend: AuthBackend | AuthBackendClass): string {
  const ctor = (typeof backend === 'function' ? backend : backend.constructor) as AuthBackendClass;
  return Object.prototype.hasOwnProperty.call(ctor, 'backendName') && ctor.backendName ? ctor.backendName : ctor.name;
}
