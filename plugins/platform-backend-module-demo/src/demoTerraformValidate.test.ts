import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Reference } from '@platform-portal/plugin-platform-common';
import { PlatformSnapshot } from '@platform-portal/plugin-platform-node';
import {
  createDefaultExtractors,
  listLocalTags,
  parsePlatformManifest,
  resolveReference,
  runGit,
  scanTree,
} from '@platform-portal/plugin-platform-engine';
import {
  describeWithTerraform,
  ReducedModules,
  requireTerraform,
} from '@platform-portal/plugin-platform-engine/testUtils';
import { createDemoRepositories } from './createDemoRepositories';

const EXAMPLES = path.resolve(__dirname, '../../../examples');
const run = promisify(execFile);

// Builds the demo repositories and runs terraform twice per environment of every service.
jest.setTimeout(240_000);

/**
 * Terraform itself, not the portal's check, judges each environment of the demo services against
 * the platform releases it pins. Providers cannot be downloaded offline, so each pinned module is
 * a copy of that release's variables.tf (as released: types, defaults, validations) with its
 * outputs set to null.
 */
describeWithTerraform(
  'terraform validate on the demo services (needs the terraform binary)',
  () => {
    let dir: string;
    const verdicts = new Map<string, string>();

    beforeAll(async () => {
      requireTerraform();
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'demo-terraform-'));
      const made = await createDemoRepositories({
        examplesDir: EXAMPLES,
        targetDir: path.join(dir, 'repositories'),
      });
      const platformGit = made.platform.path;
      const { manifest } = parsePlatformManifest(
        await runGit(['--git-dir', platformGit, 'show', 'HEAD:platform.yaml']),
        'platform.yaml',
      );
      const snapshot: PlatformSnapshot = {
        manifest: manifest!,
        tags: await listLocalTags(platformGit),
      };
      const extractors = await createDefaultExtractors();
      const reduced = new ReducedModules(
        platformGit,
        path.join(dir, 'modules'),
      );

      for (const service of made.services) {
        const name = service.name.replace(/^acme\//, '');
        const checkout = path.join(dir, 'checkouts', name);
        await runGit(['clone', '--quiet', service.path, checkout]);
        const { references } = await scanTree(checkout, { extractors });
        const byFile = new Map<string, Reference[]>();
        for (const reference of references) {
          if (
            reference.kind === 'terraform-module' &&
            /^infra\/environments\/[^/]+\/main\.tf$/.test(
              reference.position.file,
            )
          ) {
            byFile.set(reference.position.file, [
              ...(byFile.get(reference.position.file) ?? []),
              reference,
            ]);
          }
        }
        for (const [file, fileReferences] of byFile) {
          let text = await fs.readFile(path.join(checkout, file), 'utf8');
          for (const reference of fileReferences) {
            const drift = resolveReference(reference, snapshot);
            const module = manifest!.modules.find(m => m.name === drift.module);
            if (!module) {
              continue;
            }
            // A registry source installs the release its version resolved to, from its tag.
            const fromGit = reference.target?.type === 'git';
            const local = await reduced.folder(
              module.path,
              fromGit
                ? reference.ref ?? 'HEAD'
                : module.tagPattern.replace('{version}', drift.version!),
            );
            // A local source takes no version argument.
            const written = JSON.stringify(reference.source).replace(
              /[.*+?^${}()|[\]\\]/g,
              '\\$&',
            );
            text = text.replace(
              new RegExp(
                `source\\s*=\\s*${written}(\\s*\\n\\s*version\\s*=\\s*"[^"]*")?`,
              ),
              `source = ${JSON.stringify(local)}`,
            );
          }
          const environment = path.join(
            dir,
            'environments',
            name,
            path.dirname(file),
          );
          await fs.mkdir(environment, { recursive: true });
          await fs.writeFile(path.join(environment, 'main.tf'), text);
          const env = {
            ...process.env,
            CHECKPOINT_DISABLE: '1',
            TF_IN_AUTOMATION: '1',
          };
          let verdict = 'valid';
          try {
            await run(
              'terraform',
              ['init', '-backend=false', '-input=false', '-no-color'],
              { cwd: environment, env },
            );
            await run('terraform', ['validate', '-no-color'], {
              cwd: environment,
              env,
            });
          } catch (error) {
            const output = `${(error as { stdout?: string }).stdout ?? ''}${
              (error as { stderr?: string }).stderr ?? ''
            }`;
            verdict = [...output.matchAll(/^Error: (.+)$/gm)]
              .map(m => m[1].trim())
              .join('; ');
          }
          verdicts.set(`${name} ${file}`, verdict);
        }
      }
    });

    afterAll(async () => {
      if (dir) {
        await fs.rm(dir, { recursive: true, force: true });
      }
    });

    it('accepts every environment except the seeded ones', () => {
      const invalid = [...verdicts].filter(
        ([, verdict]) => verdict !== 'valid',
      );
      expect(invalid).toEqual([
        [
          'auth-gateway infra/environments/prod/main.tf',
          'Invalid value for input variable',
        ],
        [
          'identity-service infra/environments/staging/main.tf',
          expect.stringContaining('Missing item separator'),
        ],
        [
          'ledger-service infra/environments/prod/main.tf',
          'Missing required argument; Unsupported argument',
        ],
      ]);
      // Every Terraform environment of the demo was validated: 11 services, two each.
      expect(verdicts.size).toBe(22);
    });
  },
);
