export { BasePasswordHasher } from './base-password.hasher';
export type { DecodedPassword, PasswordSummary } from './base-password.hasher';
export { Pbkdf2PasswordHasher, PBKDF2_DEFAULT_ITERATIONS } from './pbkdf2.hasher';
export type { Pbkdf2HasherOptions, DecodedPbkdf2Password } from './pbkdf2.hasher';
export { Pbkdf2Sha1PasswordHasher } from './pbkdf2-sha1.hasher';
export { Argon2PasswordHasher, ARGON2_DEFAULT_HASH_LENGTH } from './argon2.hasher';
export type { Argon2HasherOptions, DecodedArgon2Password } from './argon2.hasher';
export { BCryptSha256PasswordHasher } from './bcrypt-sha256.hasher';
export type { BCryptHasherOptions, DecodedBCryptPassword } from './bcrypt-sha256.hasher';
export { BCryptPasswordHasher } from './bcrypt.hasher';
export { ScryptPasswordHasher } from './scrypt.hasher';
export type { ScryptHasherOptions, DecodedScryptPassword } from './scrypt.hasher';
export { SaltedDigestPasswordHasher } from './salted-digest.hasher';
export { MD5PasswordHasher } from './md5.hasher';
export { SHA1PasswordHasher } from './sha1.hasher';
export { UnsaltedMD5PasswordHasher } from './unsalted-md5.hasher';
export { UnsaltedSHA1PasswordHasher } from './unsalted-sha1.hasher';
export { passwordHashersFromDjango } from './django-hasher-paths';
export type { DjangoHasherSettings } from './django-hasher-paths';
export { PasswordHasherRegistry } from './password-hasher.registry';
export type { PasswordStrength, PasswordUpgradeSetter } from './password-hasher.registry';
export { MAXIMUM_PASSWORD_LENGTH, UNUSABLE_PASSWORD_PREFIX, UNUSABLE_PASSWORD_SUFFIX_LENGTH } from './password.constants';
export {
  DEFAULT_PASSWORD_HASHERS,
  makePassword,
  checkPassword,
  isPasswordUsable,
  identifyHasher,
  getHasher,
} from './passwords';
export { configurePasswordHashingThreads, DEFAULT_HASHING_NICENESS } from './key-derivation/derive-key';
export type { KeyDerivationPoolOptions } from './key-derivation/key-derivation.pool';
