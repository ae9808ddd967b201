export { FIXTURE_MODELS, APP_LABELS, fixtureModel, sortDependencies } from './fixture-models';
export type { FixtureModel } from './fixture-models';
export { dumpObjects, serializeFixture, countObjects } from './dump';
export { parseFixture, loadObjects, DeserializationError } from './load';
