import { SESSION_KEY } from '../auth.constants';

/** The `_auth_user_id` stored by login(): the user a session belongs to, for the user → sessions index. */
export function sessionOwnerOf(data: Record<string, unknown>): string | null {
  const userId = data[SESSION_KEY];
  return userId === undefined || userId === null || userId === '' ? null : String(userId);
}
