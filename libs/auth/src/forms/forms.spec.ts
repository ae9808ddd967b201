import { ValidationError } from '../exceptions/validation.error';
import { AdminPasswordChangeForm, AuthenticationForm, isValidEmail, PasswordChangeForm, PasswordResetForm, SetPasswordForm } from './index';

const alice = { username: 'alice', isActive: true };
const auth = { authenticate: async (_req: unknown, c: Record<string, unknown>): Promise<any> => (c.username === 'alice' && c.password === 'secret pw' ? alice : c.username === 'ghost' ? { isActive: false } : null) };

function fakeUser(password: string) {
  return {
    password,
    async setPassword(raw: string | null) { this.password = raw ?? '!'; },
    async checkPassword(raw: unknown) { return raw === this.password; },
    setUnusablePassword() { this.password = '!unusable'; },
  };
}

describe('AuthenticationForm', () => {
  it('logs in with the NFKC-normalised, stripped username', async () => {
    const form = new AuthenticationForm(null, { username: ' ａｌｉｃｅ ', password: 'secret pw' }, { auth });
    expect(await form.isValid()).toBe(true);
    expect(form.getUser()).toBe(alice);
  });
  it('bad credentials: Django\'s generic message under __all__', async () => {
    const form = new AuthenticationForm(null, { username: 'alice', password: 'nope' }, { auth });
    expect(await form.isValid()).toBe(false);
    expect(form.errorsJson()).toEqual({
      __all__: [{ message: 'Please enter a correct username and password. Note that both fields may be case-sensitive.', code: 'invalid_login' }],
    });
  });
  it('inactive accounts (AllowAllUsers backends) are refused', async () => {
    const form = new AuthenticationForm(null, { username: 'ghost', password: 'x' }, { auth });
    expect(await form.isValid()).toBe(false);
    expect(form.nonFieldErrors()).toEqual(['This account is inactive.']);
  });
  it('required, NUL and max length, as Django\'s CharField', async () => {
    const empty = new AuthenticationForm(null, {}, { auth });
    expect(await empty.isValid()).toBe(false);
    expect(empty.errorsJson()).toEqual({
      username: [{ message: 'This field is required.', code: 'required' }],
      password: [{ message: 'This field is required.', code: 'required' }],
    });
    const hostile = new AuthenticationForm(null, { username: `${'a'.repeat(151)}\u0000`, password: 'x\u0000' }, { auth });
    expect(await hostile.isValid()).toBe(false);
    expect(hostile.errors.username.map((e) => e.message)).toEqual([
      'Ensure this value has at most 150 characters (it has 152).',
      'Null characters are not allowed.',
    ]);
    expect(hostile.errors.password.map((e) => e.code)).toEqual(['null_characters_not_allowed']);
  });
  it('wrong types are invalid, not a crash', async () => {
    const form = new AuthenticationForm(null, { username: { a: 1 }, password: ['x', 'secret pw'] }, { auth });
    expect(await form.isValid()).toBe(false);
    expect(form.errors.username).toEqual([{ message: 'Enter a valid value.', code: 'invalid' }]);
  });
  it('an unbound form is not valid and has no errors', async () => {
    const form = new AuthenticationForm(null, null, { auth });
    expect(await form.isValid()).toBe(false);
    expect(form.errors).toEqual({});
  });
});

describe('SetPasswordForm / PasswordChangeForm / AdminPasswordChangeForm', () => {
  const validatePassword = async (password: string) => {
    if (password.length < 8) throw new ValidationError({ message: 'This password is too short. It must contain at least 8 characters.', code: 'password_too_short' });
  };
  it('mismatch on the confirmation field', async () => {
    const form = new SetPasswordForm(fakeUser('old'), { new_password1: 'abcdefgh1', new_password2: 'abcdefgh2' }, { validatePassword });
    expect(await form.isValid()).toBe(false);
    expect(form.errorsJson()).toEqual({ new_password2: [{ message: 'The two password fields didn’t match.', code: 'password_mismatch' }] });
  });
  it('validators\' errors on the confirmation field', async () => {
    const form = new SetPasswordForm(fakeUser('old'), { new_password1: 'short', new_password2: 'short' }, { validatePassword });
    expect(await form.isValid()).toBe(false);
    expect(form.errors.new_password2[0].code).toBe('password_too_short');
  });
  it('old password checked first', async () => {
    const user = fakeUser('old');
    const form = new PasswordChangeForm(user, { old_password: 'wrong', new_password1: 'abcdefgh1', new_password2: 'abcdefgh1' }, { validatePassword });
    expect(await form.isValid()).toBe(false);
    expect(form.errorsJson()).toEqual({ old_password: [{ message: 'Your old password was entered incorrectly. Please enter it again.', code: 'password_incorrect' }] });
    expect(form.boundFields.map((f) => f.name)).toEqual(['old_password', 'new_password1', 'new_password2']);
    const saved: unknown[] = [];
    const ok = new PasswordChangeForm(user, { old_password: 'old', new_password1: 'abcdefgh1', new_password2: 'abcdefgh1' }, { validatePassword, saveUser: async (u) => saved.push(u) });
    expect(await ok.isValid()).toBe(true);
    await ok.save();
    expect([user.password, saved.length]).toEqual(['abcdefgh1', 1]);
  });
  it('passwords are not stripped and never redisplayed', async () => {
    const user = fakeUser('old');
    const form = new SetPasswordForm(user, { new_password1: ' spaced pw ', new_password2: ' spaced pw ' });
    expect(await form.isValid()).toBe(true);
    expect(form.cleanedData.new_password1).toBe(' spaced pw ');
    expect(form.boundFields.every((f) => f.value === '')).toBe(true);
  });
  it('admin form can disable password authentication', async () => {
    const user = fakeUser('old');
    const form = new AdminPasswordChangeForm(user, { usable_password: 'false' });
    expect(await form.isValid()).toBe(true);
    await form.save();
    expect(user.password).toBe('!unusable');
    const required = new AdminPasswordChangeForm(user, { password1: 'x' });
    expect(await required.isValid()).toBe(false);
    expect(required.errors.password2[0].message).toBe('This field is required.');
  });
});

describe('PasswordResetForm and the email validator', () => {
  it.each(['alice@example.com', 'a.b+c@sub.example.org', 'x@localhost', 'x@[127.0.0.1]', 'ü@例え.jp'.replace('ü', 'u')])('accepts %s', (email) => {
    expect(isValidEmail(email)).toBe(true);
  });
  it.each(['', 'plain', '@example.com', 'a@', 'a@b', 'a@-b.com', 'a b@example.com', 'a@example..com', `${'a'.repeat(320)}@x.com`])('refuses %p', (email) => {
    expect(isValidEmail(email)).toBe(false);
  });
  it('the email field\'s messages', async () => {
    const form = new PasswordResetForm({ email: 'not-an-email' }, {} as never);
    expect(await form.isValid()).toBe(false);
    expect(form.errorsJson()).toEqual({ email: [{ message: 'Enter a valid email address.', code: 'invalid' }] });
    const long = new PasswordResetForm({ email: `${'a'.repeat(250)}@x.com` }, {} as never);
    expect(await long.isValid()).toBe(false);
    expect(long.errors.email[0].message).toBe('Ensure this value has at most 254 characters (it has 256).');
  });
});
