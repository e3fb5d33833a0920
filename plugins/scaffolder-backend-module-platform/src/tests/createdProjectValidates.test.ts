import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  LoadedPlatform,
  ModuleInterfaceReader,
  checkCall,
  createDefaultExtractors,
  createRepositoryHostsFromConfig,
  loadPlatform,
  scanTree,
} from '@platform-portal/plugin-platform-engine';
import request from 'supertest';
import yaml from 'yaml';
import { startPortalBackend } from '../__testUtils__/portalBackend';
import { TestPlatform, createTestPlatform } from './testPlatform';
import {
  ReducedModules,
  describeWithTerraform,
  requireTerraform,
  terraformFmtDiff,
  terraformValidate,
  withoutProviders,
} from '@platform-portal/plugin-platform-engine/testUtils';

jest.setTimeout(15 * 60_000);

const TEMPLATE_DIR = path.resolve(
  // A test, never built: the template sits next to the sources.
  // eslint-disable-next-line no-restricted-syntax
  __dirname,
  '../../templates/federated-project',
);

/** The demo's Terraform modules; every non-empty subset of them is created. */
const TERRAFORM_MODULES = ['vpc', 'eks', 'rds', 's3-bucket', 'dns'];
const ENVIRONMENTS = ['staging', 'prod'];

/**
 * What a user types into the module-input step for the demo's modules: every required input
 * and a few optional ones of each type. Only those a module declares and the platform does not
 * wire in the project at hand are sent, as the form does.
 */
const FORM_VALUES: Record<string, Record<string, unknown>> = {
  vpc: {
    cidr: '10.20.0.0/16',
    az_count: 2,
    enable_ipv6: true,
    tags: { team: 'orders', 'cost-center': '4711' },
  },
  eks: {
    subnet_ids: ['subnet-0a1b', 'subnet-0c2d'],
    kubernetes_version: '1.33',
    node_groups: {
      general: { instance_types: ['m6i.large'], min_size: 2, max_size: 4 },
    },
  },
  rds: {
    subnet_ids: ['subnet-0a1b', 'subnet-0c2d'],
    allocated_storage: 100,
    deletion_protection: false,
  },
  's3-bucket': { noncurrent_version_days: 14, tags: { team: 'orders' } },
  dns: {
    zone: 'internal.acme.example',
    records: {
      api: { type: 'CNAME', values: ['lb.internal.acme.example'] },
    },
  },
  postgresql: { region: 'eu-central-1', storageGB: 50 },
};

/** Every non-empty subset of the modules, smallest first. */
function subsets(modules: string[]): string[][] {
  const all: string[][] = [];
  for (let mask = 1; mask < 1 << modules.length; mask++) {
    all.push(modules.filter((_, index) => mask & (1 << index)));
  }
  return all.sort((a, b) => a.length - b.length);
}

/** Every file of the template, as the template editor sends them for a dry run. */
async function templateDirectory() {
  const files: Array<{
    path: string;
    base64Content: string;
    executable: boolean;
  }> = [];
  const walk = async (dir: string) => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(full);
      } else {
        files.push({
          path: path.relative(TEMPLATE_DIR, full),
          base64Content: (await fs.readFile(full)).toString('base64'),
          // plan.sh and apply.sh keep their mode, which the policy step checks.
          executable: ((await fs.stat(full)).mode & 0o111) !== 0,
        });
      }
    }
  };
  await walk(TEMPLATE_DIR);
  return files;
}

describeWithTerraform(
  'every project Create makes from the demo platform (all 31 combinations of its Terraform modules, Terraform and OpenTofu, both environments)',
  () => {
    let platform: TestPlatform;
    let loaded: LoadedPlatform;
    let reader: ModuleInterfaceReader;
    let server: Awaited<ReturnType<typeof startPortalBackend>>;
    let template: unknown;
    let directoryContents: Awaited<ReturnType<typeof templateDirectory>>;
    let work: string;

    beforeAll(async () => {
      requireTerraform();
      platform = await createTestPlatform({}, { demo: true });
      const hosts = createRepositoryHostsFromConfig(
        new ConfigReader(platform.config),
      );
      loaded = await loadPlatform(hosts, 'https://github.com/acme/platform');
      reader = new ModuleInterfaceReader({ hosts });
      server = await startPortalBackend(platform);
      template = yaml.parse(
        await fs.readFile(path.join(TEMPLATE_DIR, 'template.yaml'), 'utf8'),
      );
      directoryContents = await templateDirectory();
      work = await fs.mkdtemp(path.join(os.tmpdir(), 'created-projects-'));
    });
    afterAll(async () => {
      await fs.rm(work, { recursive: true, force: true });
      await platform?.cleanup();
    });

    const latest = (module: string) =>
      loaded.modules.find(m => m.name === module)!.latest!;

    /** The form's moduleInputs for the chosen modules, at their latest versions. */
    async function moduleInputsFor(modules: string[]) {
      const chosen = new Set(modules);
      const value: Record<string, { version: string; inputs: object }> = {};
      for (const module of modules) {
        const version = latest(module);
        const { interface: found } = await reader.read(loaded, module, version);
        const declared = new Set<string>();
        if (found.kind === 'terraform') {
          found.variables.forEach(v => declared.add(v.name));
        } else if (found.kind === 'xrd') {
          found.versions.forEach(v =>
            v.properties.forEach(p => declared.add(p.name)),
          );
        }
        const wired = new Set(
          (loaded.modules.find(m => m.name === module)!.wiring ?? [])
            .filter(
              w =>
                w.from.startsWith('project.') ||
                chosen.has(w.from.split('.')[0]),
            )
            .map(w => w.input),
        );
        value[module] = {
          version,
          inputs: Object.fromEntries(
            Object.entries(FORM_VALUES[module] ?? {}).filter(
              ([input]) => declared.has(input) && !wired.has(input),
            ),
          ),
        };
      }
      return value;
    }

    /** A dry run of the real template through the scaffolder, as the template editor makes it. */
    async function dryRun(values: Record<string, unknown>) {
      const response = await request(server)
        .post('/api/scaffolder/v2/dry-run')
        .set('Authorization', mockCredentials.user.header())
        .send({ template, values, directoryContents });
      if (response.status !== 200) {
        throw new Error(
          `dry run of ${JSON.stringify(values.modules)} (${
            values.iacTool
          }) answered ${response.status}: ${JSON.stringify(
            response.body.error ?? response.body,
          )}`,
        );
      }
      const files = new Map<string, string>(
        response.body.directoryContents.map(
          (file: { path: string; base64Content: string }) => [
            file.path,
            Buffer.from(file.base64Content, 'base64').toString('utf8'),
          ],
        ),
      );
      const messages: string[] = response.body.log.map(
        (entry: { body: { message?: string } }) => entry.body.message ?? '',
      );
      return { files, messages, output: response.body.output };
    }

    /** How many calls the portal's own policy step checked, from its log line. */
    function callsChecked(messages: string[]): number {
      const line = messages.find(m =>
        /The project complies with platform policy/.test(m),
      );
      const count = line?.match(/(\d+) module calls checked/)?.[1];
      if (!count) {
        throw new Error(
          `the policy step did not pass:\n${messages.join('\n')}`,
        );
      }
      return Number(count);
    }

    it('renders every combination with 0 findings of the portal check, and terraform validates each environment (a copy without the provider blocks, which cannot be downloaded offline; terraform fmt parses the whole file)', async () => {
      // The demo's platform.yaml, wiring included, is read without a problem.
      expect(loaded.problems).toEqual([]);
      expect(loaded.modules.find(m => m.name === 'eks')?.wiring).toEqual([
        { input: 'cluster_name', from: 'project.name' },
        { input: 'subnet_ids', from: 'vpc.private_subnet_ids' },
      ]);
      const workflow = await reader.read(
        loaded,
        'terraform-ci',
        latest('terraform-ci'),
      );
      if (workflow.interface.kind !== 'workflow') {
        throw new Error('terraform-ci is no workflow');
      }
      const declared = workflow.interface.inputs.map(input => input.name);
      const required = workflow.interface.inputs
        .filter(input => input.required)
        .map(input => input.name);

      const reduced = new ReducedModules(
        path.join(platform.root, 'acme', 'platform.git'),
        path.join(work, 'modules'),
      );
      const cliConfig = path.join(work, 'terraformrc');
      await fs.writeFile(cliConfig, '');
      // The same main.tf (Terraform and OpenTofu projects differ elsewhere) is validated once.
      const validated = new Map<string, Promise<string[]>>();
      const validate = (mainTf: string): Promise<string[]> => {
        let result = validated.get(mainTf);
        if (!result) {
          const dir = path.join(work, `config-${validated.size}`);
          result = (async () => {
            await fs.mkdir(dir, { recursive: true });
            const text = await reduced.localSources(
              withoutProviders(mainTf),
              dir,
            );
            await fs.writeFile(path.join(dir, 'main.tf'), text);
            const { valid, diagnostics } = await terraformValidate(
              dir,
              cliConfig,
            );
            // The whole file as rendered, provider blocks included, parses and is as
            // `terraform fmt` writes it.
            // In a folder of its own, which terraform validate does not read.
            const rendered = path.join(dir, 'rendered', 'main.tf');
            await fs.mkdir(path.dirname(rendered));
            await fs.writeFile(rendered, mainTf);
            const fmt = await terraformFmtDiff(rendered, cliConfig);
            return [
              ...(valid
                ? []
                : diagnostics.map(
                    d => `${d.severity}: ${d.summary} ${d.detail ?? ''}`,
                  )),
              ...(fmt ? [`terraform fmt: ${fmt}`] : []),
            ];
          })();
          validated.set(mainTf, result);
        }
        return result;
      };

      const combinations = subsets(TERRAFORM_MODULES);
      expect(combinations).toHaveLength(31);
      const failures: string[] = [];
      let projects = 0;
      for (const modules of combinations) {
        const moduleInputs = await moduleInputsFor(modules);
        for (const iacTool of ['terraform', 'opentofu']) {
          // The same name for both tools: nothing is published, and their main.tf is then alike.
          const name = `p-${modules.join('-')}`;
          const { files, messages } = await dryRun({
            name,
            owner: 'group:default/team-orders',
            iacTool,
            modules,
            moduleInputs,
            region: 'eu-west-1',
            environments: ENVIRONMENTS,
            releaseChannels: [],
            publishTarget: 'local',
          });
          projects += 1;
          // 0 findings: the policy step passed, having checked each module call of each
          // environment and each job's call of the reusable workflow.
          expect(callsChecked(messages)).toBe(
            (modules.length + 1) * ENVIRONMENTS.length,
          );
          const ci = yaml.parse(files.get('.github/workflows/ci.yml')!);
          for (const environment of ENVIRONMENTS) {
            const passed = Object.keys(
              ci.jobs[`infra-${environment}`].with ?? {},
            );
            expect(declared).toEqual(expect.arrayContaining(passed));
            expect(passed).toEqual(expect.arrayContaining(required));

            const mainTf = files.get(
              `infra/environments/${environment}/main.tf`,
            );
            expect(mainTf).toBeDefined();
            for (const problem of await validate(mainTf!)) {
              failures.push(`${name} ${environment}: ${problem}`);
            }
          }
        }
      }
      expect(failures).toEqual([]);
      expect(projects).toBe(62);
      // Terraform and OpenTofu projects of the same modules share their main.tf.
      expect(validated.size).toBe(31 * ENVIRONMENTS.length);
    });

    it('is a validation that fails a call the pinned release does not accept', async () => {
      const reduced = new ReducedModules(
        path.join(platform.root, 'acme', 'platform.git'),
        path.join(work, 'modules-negative'),
      );
      const dir = path.join(work, 'negative');
      await fs.mkdir(dir, { recursive: true });
      const cliConfig = path.join(work, 'terraformrc-negative');
      await fs.writeFile(cliConfig, '');
      await fs.writeFile(
        path.join(dir, 'main.tf'),
        await reduced.localSources(
          `module "vpc" {
  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v${latest(
    'vpc',
  )}"

  name       = "x"
  cidr_block = "10.0.0.0/16"
}
`,
          dir,
        ),
      );
      const { valid, diagnostics } = await terraformValidate(dir, cliConfig);
      expect(valid).toBe(false);
      expect(diagnostics.map(d => d.summary)).toEqual(
        expect.arrayContaining([
          'Missing required argument',
          'Unsupported argument',
        ]),
      );
    });

    it('gives a Crossplane project claims that match the schema of their XRD version, by the engine claim check', async () => {
      const { files, messages, output } = await dryRun({
        name: 'orders-db',
        owner: 'group:default/team-orders',
        iacTool: 'crossplane',
        modules: ['postgresql'],
        moduleInputs: await moduleInputsFor(['postgresql']),
        environments: ENVIRONMENTS,
        releaseChannels: [],
        publishTarget: 'local',
      });
      // The policy step passed, having checked each claim against its XRD version and each
      // job's workflow call; the claims are checked again here with the engine's claim check.
      expect(callsChecked(messages)).toBe(2 * ENVIRONMENTS.length);
      const dir = path.join(work, 'crossplane-project');
      for (const [file, content] of files) {
        await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
        await fs.writeFile(path.join(dir, file), content);
      }
      const { references, problems } = await scanTree(dir, {
        extractors: await createDefaultExtractors(),
      });
      expect(problems).toEqual([]);
      const claims = references.filter(
        r => r.kind === 'crossplane-composition-ref',
      );
      expect(claims.map(c => c.position.file).sort()).toEqual([
        'infra/environments/prod/claims.yaml',
        'infra/environments/staging/claims.yaml',
      ]);
      const pinned = await reader.read(
        loaded,
        'postgresql',
        latest('postgresql'),
      );
      for (const claim of claims) {
        expect(claim.call?.schemaVersion).toBe('v1beta1');
        expect(claim.call?.arguments).toEqual(
          expect.arrayContaining([
            { name: 'region', value: 'eu-central-1' },
            { name: 'storageGB', value: 50 },
          ]),
        );
        expect(
          checkCall(
            pinned.release,
            pinned.interface,
            claim.call!.arguments,
            [],
            claim.call!.schemaVersion,
          ),
        ).toEqual([]);
      }
      // The check would see a claim without the region its version requires.
      const withoutRegion = claims[0].call!.arguments.filter(
        a => a.name !== 'region',
      );
      expect(
        checkCall(
          pinned.release,
          pinned.interface,
          withoutRegion,
          [],
          'v1beta1',
        ),
      ).toEqual([
        expect.objectContaining({ finding: 'missing-required-input' }),
      ]);
      expect(output.text[0].content).toContain(
        `| postgresql | ${latest('postgresql')} | \`postgresql/v${latest(
          'postgresql',
        )}\` |`,
      );
    });

    it('shows in the review each module with the version and ref pinned and its inputs', async () => {
      const modules = ['vpc', 'eks'];
      const { output } = await dryRun({
        name: 'review',
        owner: 'group:default/team-orders',
        iacTool: 'terraform',
        modules,
        moduleInputs: await moduleInputsFor(modules),
        environments: ['staging'],
        releaseChannels: [],
        publishTarget: 'local',
      });
      const review: string = output.text[0].content;
      expect(review).toContain(
        `| vpc | ${latest('vpc')} | \`vpc/v${latest(
          'vpc',
        )}\` | name ← project.name; cidr = "10.20.0.0/16"; az\\_count = 2; enable\\_ipv6 = true; tags = \\{ "team" = "orders", "cost-center" = "4711" \\} |`,
      );
      expect(review).toContain(
        `| eks | ${latest('eks')} | \`eks-v${latest(
          'eks',
        )}\` | cluster\\_name ← project.name; kubernetes\\_version = "1.33"; subnet\\_ids ← vpc.private\\_subnet\\_ids; node\\_groups = \\{ "general" = \\{ "instance\\_types" = \\[\"m6i.large\"\\], "min\\_size… |`,
      );
    });
  },
);
