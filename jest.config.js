/** Unit tests: specs next to the code in libs/ and src/. */
module.exports = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: '.',
  roots: ['<rootDir>/libs/', '<rootDir>/src/'],
  testRegex: '.*\\.spec\\.ts$',
  transform: { '^.+\\.ts$': 'ts-jest' },
  testEnvironment: 'node',
  moduleNameMapper: { '^nest-django-auth$': '<rootDir>/libs/auth/src' },
  modulePathIgnorePatterns: ['<rootDir>/libs/auth/dist/', '<rootDir>/examples/'],
};
