import { RequiredModuleFinding } from '@platform-portal/plugin-platform-common';

/** The reusable CI workflow, required at 3.0.0 or newer, missing from a service. */
export const ciMissing: RequiredModuleFinding = {
  platform: 'acme-platform',
  module: 'terraform-ci',
  problem: 'missing',
  versions: '>= 3.0.0',
  references: [],
  message: 'missing required module terraform-ci (>= 3.0.0)',
};

/** The reusable CI workflow, required at 3.0.0 or newer, called at 2.0.0. */
export const ciOutsideRange: RequiredModuleFinding = {
  platform: 'acme-platform',
  module: 'terraform-ci',
  problem: 'outside-range',
  versions: '>= 3.0.0',
  references: [{ file: '.github/workflows/ci.yml', line: 9, version: '2.0.0' }],
  message:
    'required module terraform-ci must be >= 3.0.0; .github/workflows/ci.yml:9 pins 2.0.0',
};
