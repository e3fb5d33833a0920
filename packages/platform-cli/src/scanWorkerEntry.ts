/**
 * The entry of a scan worker in the shipped bundle (see scripts/bundle.js): it imports only
 * what reads and extracts files.
 */
import { runScanWorker } from './scanWorker';

runScanWorker().catch(error => {
  process.stderr.write(`platform-scan worker: ${error?.message ?? error}\n`);
  process.exitCode = 2;
});
