import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import vectors from '../../../../test/vectors/django-vectors.json';
import { ValidationError } from '../exceptions/validation.error';
import {
  CommonPasswordValidator,
  MinimumLengthValidator,
  NumericPasswordValidator,
  UserAttributeSimilarityValidator,
  passwordChanged,
  passwordValidatorsHelpTextHtml,
  passwordValidatorsHelpTexts,
  validatePassword,
} from './password-validation';
import { pyIsDigit, pyLower, pyStrip, quickRatio } from './python-str';

const v = vectors.password_validators;

async function failures(password: string, user?: object | null, validators?: never) {
  try {
    await validatePassword(password, user, validators);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
}

describe('password validators: Django vectors', () => {
  it.each(v.cases)('$password for $user → $codes', async (c) => {
    const error = await failures(c.password, c.user);
    expect(error === null).toBe(c.valid);
    expect(error?.messages ?? []).toEqual(c.messages);
    expect(error?.errors.map((e) => e.code) ?? []).toEqual(c.codes);
  });

  it('has the help texts of Django, in order', () => {
    expect(passwordValidatorsHelpTexts()).toEqual(v.help_texts);
  });

  it(`ships Django's list of ${v.common_passwords_count} common passwords`, async () => {
    expect((await new CommonPasswordValidator().passwords()).size).toBe(v.common_passwords_count);
  });
});

describe('password validators: details of Django', () => {
  it('counts code points, not UTF-16 units', async () => {
    // 7 emoji are 14 UTF-16 units but 7 characters: too short for Django.
    expect((await failures('😀😀😀😀😀😀😀'))?.errors.map((e) => e.code)).toContain('password_too_short');
    expect(await failures('😀😀😀😀😀😀😀x')).toBeNull();
  });

  // Expected values below were checked against Django 3.2 (Debian's python3-django).
  it('reports params as Django does', async () => {
    const error = await failures('qzx', { username: 'qzx' });
    expect(error?.errors).toEqual([
      { message: 'The password is too similar to the username.', code: 'password_too_similar', params: { verbose_name: 'username' } },
      { message: 'This password is too short. It must contain at least 8 characters.', code: 'password_too_short', params: { min_length: 8 } },
    ]);
  });

  it('uses the singular for a minimum of one', () => {
    const one = new MinimumLengthValidator(1);
    expect(() => one.validate('')).toThrow('This password is too short. It must contain at least 1 character.');
    expect(one.getHelpText()).toBe('Your password must contain at least 1 character.');
  });

  it('compares with parts of the email and with camelCase entity fields', async () => {
    const user = { username: 'x', firstName: 'Zebediah', lastName: 'Q', email: 'wonder.land@example.com' };
    expect((await failures('Zebediah!', user))?.messages).toEqual(['The password is too similar to the first name.']);
    expect((await failures('land.wonder', user))?.messages).toEqual(['The password is too similar to the email address.']);
    expect(await failures('Zebediah!', null)).toBeNull();
  });

  it('skips values far shorter than the password (exceeds_maximum_length_ratio) and non-strings', () => {
    const validator = new UserAttributeSimilarityValidator();
    expect(() => validator.validate('a'.repeat(40), { username: 'a' })).not.toThrow();
    expect(() => validator.validate('12345678', { username: 12345678 })).not.toThrow();
  });

  it('refuses a max similarity below 0.1, honours custom attributes and labels', () => {
    expect(() => new UserAttributeSimilarityValidator({ maxSimilarity: 0.05 })).toThrow('max_similarity must be at least 0.1');
    const validator = new UserAttributeSimilarityValidator({ userAttributes: ['nickname'], verboseNames: { nickname: 'nick' } });
    expect(() => validator.validate('captainhook', { nickname: 'Captain_Hook' })).toThrow('The password is too similar to the nick.');
  });

  it('treats unicode digits as Python does', () => {
    expect(pyIsDigit('١٢٣٤٥٦٧٨')).toBe(true);
    expect(pyIsDigit('²³¹①')).toBe(true);
    expect(pyIsDigit('½')).toBe(false);
    expect(pyIsDigit('')).toBe(false);
    expect(pyIsDigit('1234a')).toBe(false);
    expect(() => new NumericPasswordValidator().validate('①②③④⑤⑥⑦⑧')).toThrow('This password is entirely numeric.');
  });

  it('lowercases and strips like Python', async () => {
    expect(pyLower('ΟΔΟΣ')).toBe('οδοσ');
    expect(pyStrip('\u001c\u0085 x \u3000')).toBe('x');
    expect(pyStrip('\ufeffx')).toBe('\ufeffx');
    await expect(new CommonPasswordValidator().validate('  PassWord\t')).rejects.toThrow('This password is too common.');
  });

  it('computes difflib quick_ratio', () => {
    expect(quickRatio('', '')).toBe(1);
    expect(quickRatio('abcd', 'bcde')).toBe(0.75);
    expect(quickRatio('liddell1865', 'liddell')).toBeCloseTo(14 / 18);
  });

  it('reads a custom list, gzipped or plain, once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-list-'));
    writeFileSync(join(dir, 'plain.txt'), 'hunter2\r\nswordfish\n');
    writeFileSync(join(dir, 'list.gz'), gzipSync('opensesame\n'));
    const plain = new CommonPasswordValidator(join(dir, 'plain.txt'));
    await expect(plain.validate('Hunter2')).rejects.toThrow(ValidationError);
    await expect(plain.validate('')).resolves.toBeUndefined();
    await expect(plain.validate('password')).resolves.toBeUndefined();
    await expect(new CommonPasswordValidator(join(dir, 'list.gz')).validate('OpenSesame')).rejects.toThrow(ValidationError);
    await expect(new CommonPasswordValidator(join(dir, 'missing.gz')).validate('x')).rejects.toThrow(/ENOENT/);
  });

  it('calls passwordChanged hooks and renders escaped HTML help', async () => {
    const seen: string[] = [];
    const history = { validate: () => undefined, getHelpText: () => 'No <reuse> & co', passwordChanged: (p: string) => void seen.push(p) };
    await passwordChanged('new-secret', null, [history, new NumericPasswordValidator()] as never);
    expect(seen).toEqual(['new-secret']);
    expect(passwordValidatorsHelpTextHtml([history] as never)).toBe('<ul><li>No &lt;reuse&gt; &amp; co</li></ul>');
    expect(passwordValidatorsHelpTextHtml([])).toBe('');
  });

  it('lets non-validation errors through', async () => {
    const broken = { validate: () => { throw new TypeError('boom'); }, getHelpText: () => '' };
    await expect(validatePassword('x', null, [broken])).rejects.toThrow(TypeError);
  });
});
