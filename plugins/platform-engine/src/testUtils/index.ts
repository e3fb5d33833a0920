/**
 * Test helpers of the platform engine, for the tests of the packages that use it.
 *
 * @packageDocumentation
 */

export { startCountingListener, redirectTo } from './countingListener';
export type { CountingListener } from './countingListener';
export {
  describeWithTerraform,
  hasTerraform,
  ReducedModules,
  requireTerraform,
  terraformFmtDiff,
  terraformValidate,
  withoutProviders,
} from './terraform';
export type { Validation } from './terraform';
export {
  cloneBare,
  commitAll,
  createBareRepository,
  createGitRepository,
  TEST_GIT_IDENTITY,
  testGit,
  testPlatformManifest,
  writeFiles,
} from './testPlatform';
export type { HistoryStep, TestPlatformModule } from './testPlatform';
export { startGitDaemon } from './gitDaemon';
export { EXAMPLES_DIR, readExampleEntities } from './examples';
export { freePort } from './freePort';
export type { GitDaemon } from './gitDaemon';
export * from '../releases/__testUtils__';
