import { ValidationError } from '../exceptions/validation.error';

/**
 * The one place commands validate a password (Django's validate_password).
 * FALLBACK until the password-validators work is merged: only Django's
 * MinimumLengthValidator (8 characters, Django's message). The lead points
 * this at the barrel's `validatePassword(password, user)` — one line.
 */
export async function validatePassword(password: string, _user?: unknown): Promise<void> {
  const minLength = 8;
  if (password.length < minLength) {
    throw new ValidationError({
      message: `This password is too short. It must contain at least ${minLength} characters.`,
      code: 'password_too_short',
      params: { min_length: minLength },
    });
  }
}
