/**
 * `platform-scan`: the Platform Portal's scanning engine as a command for a project's own CI.
 *
 * @packageDocumentation
 */

import { main } from './main';

main(process.argv).then(
  code => {
    process.exitCode = code;
  },
  error => {
    process.stderr.write(`platform-scan: ${error?.message ?? error}\n`);
    process.exitCode = 2;
  },
);
