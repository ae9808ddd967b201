/** A strong test key (the module refuses weak ones outside development); no imports, so the global teardown can read it. */
export const TEST_SECRET_KEY = 'test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG';
