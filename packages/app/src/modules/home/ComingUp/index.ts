export { ComingUp } from './ComingUp';
