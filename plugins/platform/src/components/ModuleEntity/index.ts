export { EntityModuleCard } from './EntityModuleCard';
export {
  isGroupEntity,
  isPlatformModuleEntity,
  isPlatformServiceEntity,
} from './entityFilters';
