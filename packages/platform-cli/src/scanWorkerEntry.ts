/**
 * The entry of a scan worker in the shipped bundle (see scripts/bundle.js): it imports only
 * what reads and extracts files.
 */
import { startScanWorker } from './scanWorker';

startScanWorker();
