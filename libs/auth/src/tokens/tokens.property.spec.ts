import fc from 'fast-check';
import { checkProperty, hostileString, mutated } from '../../../../test/support/fuzz';
import { PasswordResetTokenGenerator, urlsafeBase64Decode, urlsafeBase64Encode } from '.';

const secret = 'token-property-key-0123456789-abcdefghijklmnopqrstuvwxyz-XYZ';
const user = fc.record({
  pk: fc.oneof(fc.nat(), fc.string({ minLength: 1, maxLength: 20 })),
  password: fc.string({ maxLength: 80 }),
  lastLogin: fc.option(fc.date({ min: new Date('2001-01-02T00:00:00Z'), max: new Date('2099-01-01T00:00:00Z'), noInvalidDate: true })),
  email: fc.option(fc.emailAddress()),
});

describe('reset tokens and uidb64, by the thousand', () => {
  it('a token checks for its user, not after a one-character change, nor for another user or after a password change', async () => {
    const now = new Date('2026-12-04T12:00:00Z');
    const generator = new PasswordResetTokenGenerator({ secret, now: () => now });
    await checkProperty(
      'reset token',
      fc.property(user, fc.string({ minLength: 1, maxLength: 10 }), (u, suffix) => {
        const token = generator.makeToken(u);
        expect(generator.checkToken(u, token)).toBe(true);
        expect(generator.checkToken({ ...u, password: u.password + suffix }, token)).toBe(false);
        expect(generator.checkToken({ ...u, pk: `${u.pk}${suffix}` }, token)).toBe(false);
        return true;
      }),
    );
    await checkProperty(
      'reset token tampering',
      fc.property(user.chain((u) => fc.tuple(fc.constant(u), mutated(generator.makeToken(u)))), ([u, tampered]) => generator.checkToken(u, tampered) === false),
    );
  });

  it('uidb64: every primary key round-trips; hostile input is null or text, never an error', async () => {
    await checkProperty('uidb64 round trip', fc.property(fc.oneof(fc.nat(), fc.string({ unit: 'grapheme', maxLength: 30 })), (pk) => urlsafeBase64Decode(urlsafeBase64Encode(pk)) === String(pk)));
    await checkProperty('uidb64 hostile', fc.property(hostileString(), (input) => {
      const decoded = urlsafeBase64Decode(input);
      return decoded === null || typeof decoded === 'string';
    }));
  });
});
