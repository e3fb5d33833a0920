/**
 * The engine of the platform plugin: reference extractors, the scanner, the platform manifest,
 * resolution of references to drift verdicts, git, the GitHub clients and the repository hosts.
 *
 * @packageDocumentation
 */

export {
  createDefaultExtractors,
  createLazyDefaultExtractors,
} from './extractors/defaultExtractors';
export {
  parseModuleSource,
  redactModuleSource,
} from './extractors/hcl/parseModuleSource';
export type {
  ModuleSource,
  ModuleSourceOptions,
} from './extractors/hcl/parseModuleSource';
export { createTerraformExtractor } from './extractors/hcl/terraformExtractor';
export { createTerragruntExtractor } from './extractors/hcl/terragruntExtractor';
export {
  createGitHubActionsExtractor,
  githubActionsExtractor,
  versionFromComment,
} from './extractors/yaml/githubActionsExtractor';
export type { GitHubActionsExtractorOptions } from './extractors/yaml/githubActionsExtractor';
export {
  createHelmExtractor,
  helmExtractor,
} from './extractors/yaml/helmExtractor';
export {
  createCrossplaneExtractor,
  crossplaneExtractor,
  parsePackageReference,
} from './extractors/yaml/crossplaneExtractor';
export type {
  CrossplaneExtractorOptions,
  CrossplanePackageReference,
} from './extractors/yaml/crossplaneExtractor';
export { yamlExtractors } from './extractors/yaml/yamlExtractors';
export { withPlatformXrdTypes } from './extractors/yaml/platformXrdTypes';
export { extractTerraformInterface } from './interfaces/terraformInterface';
export { InterfaceReadError } from './interfaces/interfaceError';
export { extractWorkflowInterface } from './interfaces/workflowInterface';
export { extractXrdInterface } from './interfaces/xrdInterface';
export { extractHelmInterface } from './interfaces/helmInterface';
export { diffInterfaces } from './interfaces/diffInterfaces';
export type { ReleaseInterface } from './interfaces/diffInterfaces';
export { judgeUpgrade } from './interfaces/judgeUpgrade';
export { checkCall } from './interfaces/checkCall';
export { terraformConverts } from './interfaces/terraformConversion';
export { checkReferenceCall } from './interfaces/checkReferenceCall';
export { ModuleInterfaceReader } from './interfaces/ModuleInterfaceReader';
export type {
  InterfacePlatform,
  ModuleInterfaceReaderOptions,
} from './interfaces/ModuleInterfaceReader';
export type { ModuleFile } from './interfaces/interfaceError';
export type { YamlLimits } from './extractors/yaml/yamlDocuments';
export {
  DEFAULT_GIT_LOW_SPEED_SECONDS,
  DEFAULT_GIT_TIMEOUT_MS,
  GitCommandError,
  listLocalTags,
  listRemoteTags,
  runGit,
  runGitBuffer,
} from './git/git';
export type { GitRunOptions } from './git/git';
export { GithubClients } from './github/GithubClients';
export type {
  GithubClient,
  GithubClientsOptions,
  GithubRequestLimits,
} from './github/GithubClients';
export {
  isGithubRequestError,
  isRateLimited,
  rateLimitRetryAfter,
  redactGithubSecrets,
} from './github/githubErrors';
export type { GithubRequestError } from './github/githubErrors';
export { parsePlatformManifest } from './manifest/parsePlatformManifest';
export type { PlatformManifestParseResult } from './manifest/parsePlatformManifest';
export {
  resolveReference,
  resolveReferences,
} from './resolution/resolveReference';
export { BatchClaims } from './scanner/batchClaims';
export { scanFileTasks, scanTree } from './scanner/scanTree';
export type {
  FileScanPool,
  FileScanTask,
  ScanTreeOptions,
  ScanTreeProgress,
  ScanTreeResult,
} from './scanner/scanTree';
export { createFileFilter, scanFiles } from './scanner/scanFiles';
export type { PassMarks, PassNote } from './scanner/treePasses/treePass';
export { GitRepositoryHost } from './hosts/git/GitRepositoryHost';
export type { BranchChange, ChangedFile } from './hosts/git/commitChange';
export type {
  OpenedPullRequest,
  PullRequestRequest,
} from './hosts/github/githubChanges';
export { hclLabel, hclString, hclValue } from './encoding/hclValue';
export { editPin } from './upgrades/editPin';
export type { PinEdit, PinTarget } from './upgrades/editPin';
export { planUpgrade } from './upgrades/planUpgrade';
export type {
  PlanUpgradeOptions,
  UpgradePlan,
  UpgradeRefusal,
} from './upgrades/planUpgrade';
export type {
  GitCredentials,
  GitRepositoryHostOptions,
} from './hosts/git/GitRepositoryHost';
export { GithubRepositoryHost } from './hosts/github/GithubRepositoryHost';
export type { GithubRepositoryHostOptions } from './hosts/github/GithubRepositoryHost';
export { RepositoryHosts } from './hosts/RepositoryHosts';
export { createGitCredentials } from './hosts/gitCredentials';
export {
  createRepositoryHostsFromConfig,
  integrationHosts,
  readUrlRewrites,
} from './hosts/repositoryHostsFromConfig';
export { LocalGitUrlReader } from './hosts/LocalGitUrlReader';
export type {
  LocalGitMapping,
  LocalGitTreeResponseFactory,
} from './hosts/LocalGitUrlReader';
export { loadPlatform } from './platform/loadPlatform';
export type { LoadedPlatform } from './platform/loadPlatform';
export { addChannelOffers, channelOfferOf } from './platform/addChannelOffers';
export * from './releases';
export { readLatestXrds } from './platform/readLatestXrds';
