import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { mockServices } from '@backstage/backend-test-utils';
import { parse as parseYaml } from 'yaml';
import { startDemoHelmRepository } from './demoHelmRepository';

const EXAMPLES = path.resolve(__dirname, '../../../examples');

describe('startDemoHelmRepository', () => {
  const logger = mockServices.logger.mock();

  it("serves the demo's index.yaml and nothing outside its folder", async () => {
    const repository = await startDemoHelmRepository({
      dir: path.join(EXAMPLES, 'helm-repository'),
      port: 0,
      logger,
    });
    expect(repository).toBeDefined();
    try {
      const index = await fetch(`${repository!.url}index.yaml`);
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toContain('yaml');
      const document = parseYaml(await index.text());
      expect(document.apiVersion).toBe('v1');
      expect(
        document.entries['payments-api'].map(
          (e: { version: string }) => e.version,
        ),
      ).toContain('0.3.2');

      for (const probe of [
        '../service-releases.yaml',
        '%2e%2e/service-releases.yaml',
        'missing.yaml',
        '',
      ]) {
        const res = await fetch(`${repository!.url}${probe}`);
        expect({ probe, status: res.status }).toEqual({ probe, status: 404 });
      }
      const post = await fetch(`${repository!.url}index.yaml`, {
        method: 'POST',
      });
      expect(post.status).toBe(405);
    } finally {
      await repository!.close();
    }
  });

  it('serves each chart package its index lists, so the release links of the demo open', async () => {
    const repository = await startDemoHelmRepository({
      dir: path.join(EXAMPLES, 'helm-repository'),
      port: 0,
      logger,
    });
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'helm-package-'));
    try {
      const res = await fetch(`${repository!.url}payments-api-0.3.2.tgz`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/gzip');
      const archive = path.join(dir, 'chart.tgz');
      await fs.writeFile(archive, Buffer.from(await res.arrayBuffer()));
      await promisify(execFile)('tar', ['-xzf', archive, '-C', dir]);
      const chart = parseYaml(
        await fs.readFile(path.join(dir, 'payments-api', 'Chart.yaml'), 'utf8'),
      );
      expect(chart).toMatchObject({ name: 'payments-api', version: '0.3.2' });

      // A package the index does not list is not made up.
      const unlisted = await fetch(`${repository!.url}payments-api-9.9.9.tgz`);
      expect(unlisted.status).toBe(404);
    } finally {
      await repository!.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('logs and goes on when the port is taken', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'helm-demo-'));
    const blocker = net.createServer();
    await new Promise<void>(resolve =>
      blocker.listen(0, '127.0.0.1', () => resolve()),
    );
    const { port } = blocker.address() as net.AddressInfo;
    try {
      await expect(
        startDemoHelmRepository({ dir, port, logger }),
      ).resolves.toBeUndefined();
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(
          `could not listen on port ${port} (EADDRINUSE)`,
        ),
      );
    } finally {
      blocker.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
