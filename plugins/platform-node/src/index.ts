/**
 * The scanning library of the platform plugin and its extension points: reference extractors,
 * the platform manifest, and resolution of references to drift verdicts.
 *
 * @packageDocumentation
 */

export * from './extensions';
export * from './extractors/defaultExtractors';
export * from './extractors/hcl/parseModuleSource';
export * from './extractors/hcl/terraformExtractor';
export * from './extractors/hcl/terragruntExtractor';
export * from './extractors/types';
export * from './extractors/yaml/githubActionsExtractor';
export * from './extractors/yaml/helmExtractor';
export * from './extractors/yaml/crossplaneExtractor';
export * from './extractors/yaml/yamlExtractors';
export * from './git/git';
export * from './github/GithubClients';
export type { YamlLimits } from './extractors/yaml/yamlDocuments';
export * from './manifest/parsePlatformManifest';
export * from './resolution/resolveReference';
export * from './resolution/types';
export * from './scanner/scanTree';
export * from './scanner/scanFiles';
export * from './hosts/types';
export * from './hosts/git/GitRepositoryHost';
export * from './hosts/github/GithubRepositoryHost';
export * from './hosts/RepositoryHosts';
export * from './hosts/gitCredentials';
export * from './hosts/repositoryHostsFromConfig';
export * from './hosts/LocalGitUrlReader';
export * from './platform/loadPlatform';
export * from './releaseChannels/types';
export * from './releaseChannels/ReleaseHosts';
export * from './releaseChannels/ReleaseHttp';
export * from './releaseChannels/OciReleaseSource';
export * from './releaseChannels/GithubReleasesSource';
export * from './releaseChannels/GitTagsSource';
export * from './releaseChannels/HelmReleaseSource';
export * from './releaseChannels/TerraformRegistrySource';
export * from './releaseChannels/PypiReleaseSource';
export * from './releaseChannels/NpmReleaseSource';
export * from './releaseChannels/createReleaseChannelReaderFromConfig';
