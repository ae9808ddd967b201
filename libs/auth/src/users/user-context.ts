import type { PasswordHasherRegistry } from '../hashers/password-hasher.registry';

/**
 * What a user entity needs from the module that loaded it: the configured
 * hashers, the secret key and a way to persist a re-hashed password. TypeORM
 * entities are not built by Nest's injector, so the module binds this to each
 * loaded user (see UserContextSubscriber) instead of a process-wide global.
 */
export interface UserContext {
  hashers: PasswordHasherRegistry;
  secretKey?: string;
  /** Saves only the password column, as Django's `save(update_fields=["password"])`. */
  /** Saves the user's new hash over `previous` (when given) and returns the hash stored afterwards. */
  savePassword(user: object, previous?: string): Promise<string>;
  /** Permission checks delegated to the configured backends (filled in by AuthModule). */
  permissions?: UserPermissionDelegate;
}

/** Django's `_user_has_perm` / `_user_get_permissions` family: asks every backend. */
export interface UserPermissionDelegate {
  hasPerm(user: object, perm: string, obj?: unknown): Promise<boolean>;
  hasModulePerms(user: object, appLabel: string): Promise<boolean>;
  getPermissions(user: object, from: 'user' | 'group' | 'all', obj?: unknown): Promise<Set<string>>;
}

const USER_CONTEXT = Symbol('auth:userContext');

export function bindUserContext<T extends object>(user: T, context: UserContext): T {
  Object.defineProperty(user, USER_CONTEXT, { value: context, enumerable: false, configurable: true, writable: true });
  return user;
}

export function getUserContext(user: object): UserContext | undefined {
  return (user as Record<symbol, UserContext | undefined>)[USER_CONTEXT];
}
