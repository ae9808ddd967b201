import { ImproperlyConfiguredError } from '../exceptions/improperly-configured.error';
import type { UserEntityClass } from './user-manager.service';

let activeUserModel: UserEntityClass | undefined;

/** Called by AuthModule at start-up with its user entity. */
export function setUserModel(userEntity: UserEntityClass): void {
  activeUserModel = userEntity;
}

/**
 * Django's get_user_model(): the user entity AuthModule was configured with
 * (`userEntity`, Django's AUTH_USER_MODEL), for code that must not name it.
 * With two AuthModules in one process it is the last one started; inject
 * `AUTH_USER_ENTITY` there instead.
 * @publicApi
 */
export function getUserModel<T extends UserEntityClass = UserEntityClass>(): T {
  if (!activeUserModel) {
    throw new ImproperlyConfiguredError('getUserModel() was called before AuthModule started: no user model is configured yet.');
  }
  return activeUserModel as T;
}
