export {
  EntityRequiredModules,
  RequiredModuleFindingsTable,
  requiredProblemText,
} from './RequiredModuleFindings';
export { RequiredModulesSection } from './RequiredModulesSection';
