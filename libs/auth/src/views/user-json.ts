import { userModelOf } from '../entities/abstract-base-user.entity';

/** What JSON clients get of the logged-in user: identity and flags, never the password hash. */
export interface AccountUserJson {
  id: unknown;
  username: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  isActive?: boolean;
  isStaff?: boolean;
  isSuperuser?: boolean;
}

export function userJson(user: any): AccountUserJson {
  const emailField = userModelOf(user).EMAIL_FIELD ?? 'email';
  const json: AccountUserJson = { id: user.pk ?? user.id, username: typeof user.getUsername === 'function' ? user.getUsername() : String(user.username ?? '') };
  const copy = { email: user[emailField], firstName: user.firstName, lastName: user.lastName, isActive: user.isActive, isStaff: user.isStaff, isSuperuser: user.isSuperuser };
  for (const [key, value] of Object.entries(copy)) if (value !== undefined) (json as unknown as Record<string, unknown>)[key] = value;
  return json;
}
