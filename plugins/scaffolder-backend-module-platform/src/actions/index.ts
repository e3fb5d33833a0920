export { createCatalogRegisterAction } from './catalogRegister';
export { createModulesResolveAction } from './modulesResolve';
export { createPolicyCheckAction } from './policyCheck';
export { createPublishGitAction } from './publishGit';
export { createScanRequestAction } from './scanRequest';
