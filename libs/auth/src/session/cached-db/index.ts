export { CachedDbSessionEngine } from './cached-db-session.engine';
