/**
 * `platform-scan`: the Platform Portal's scanning engine as a command for a project's own CI.
 *
 * @packageDocumentation
 */

import { isMainThread } from 'node:worker_threads';
import { main } from './main';
import { escapeControlCharacters } from './report/escapeControlCharacters';
import { startScanWorker } from './scanWorker';

// Run from the sources, the scan pool's workers run this same entry; the bundle has its own
// worker entry (see workerPool.ts).
if (!isMainThread) {
  startScanWorker();
} else {
  runMain();
}

function runMain() {
  main(process.argv).then(
    code => {
      process.exitCode = code;
    },
    error => {
      process.stderr.write(
        `platform-scan: ${escapeControlCharacters(
          String(error?.message ?? error),
        )}\n`,
      );
      process.exitCode = 2;
    },
  );
}
