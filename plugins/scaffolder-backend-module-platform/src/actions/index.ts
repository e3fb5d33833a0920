export { createCatalogRegisterAction } from './catalogRegister';
export { createModulesResolveAction } from './modulesResolve';
export { createPolicyCheckAction } from './policyCheck';
export { createProjectCheckAction } from './projectCheck';
export { createPublishGitAction } from './publishGit';
export { createPublishTargetAction } from './publishTarget';
export { createScanRequestAction } from './scanRequest';
