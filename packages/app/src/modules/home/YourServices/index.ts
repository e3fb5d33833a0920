export { YourServices } from './YourServices';
