/** The demo's key in the scale benchmark (throw-away databases, loopback only). */
export const SECRET_KEY = 'bench-scale-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCD';

/** The demo server's and CLI's environment: the db session engine (django_session) whatever the caller's shell says. */
export const DEMO_ENV = { NODE_ENV: 'production', SECRET_KEY, SESSION_ENGINE: 'db', ALLOWED_HOSTS: '127.0.0.1,localhost' };
