import net from 'node:net';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { startDemoTerraformRegistry } from './demoTerraformRegistry';

const FILE = path.resolve(
  __dirname,
  '../../../examples/terraform-registry/modules.yaml',
);

describe('startDemoTerraformRegistry', () => {
  const logger = mockServices.logger.mock();

  it('answers the module registry protocol for the modules the demo publishes', async () => {
    const registry = await startDemoTerraformRegistry({
      file: FILE,
      port: 0,
      logger,
    });
    expect(registry).toBeDefined();
    try {
      const discovery = await fetch(
        new URL('.well-known/terraform.json', registry!.url),
      );
      const modules = (await discovery.json())['modules.v1'];
      expect(modules).toBe('/v1/modules/');

      // Addresses are case-insensitive, as on the public registry.
      const versions = await fetch(
        new URL(`${modules}ACME/eks/aws/versions`, registry!.url),
      );
      expect(versions.status).toBe(200);
      const body = await versions.json();
      expect(
        body.modules[0].versions.map((v: { version: string }) => v.version),
      ).toEqual(['2.0.0', '2.3.0', '3.0.0', '3.1.0']);

      const download = await fetch(
        new URL(`${modules}acme/eks/aws/3.1.0/download`, registry!.url),
      );
      expect(download.status).toBe(204);
      expect(download.headers.get('x-terraform-get')).toBe(
        'git::https://github.com/acme/platform.git//modules/eks?ref=eks-v3.1.0',
      );

      // Tagged in git, not published here yet; and modules it does not have.
      for (const missing of [
        'acme/eks/aws/3.2.0/download',
        'acme/vpc/aws/versions',
        'acme/eks/aws/../../vpc/aws/versions',
      ]) {
        const response = await fetch(
          new URL(`${modules}${missing}`, registry!.url),
        );
        expect({ missing, status: response.status }).toEqual({
          missing,
          status: 404,
        });
      }
      const write = await fetch(
        new URL(`${modules}acme/eks/aws/versions`, registry!.url),
        { method: 'POST' },
      );
      expect(write.status).toBe(405);
    } finally {
      await registry?.close();
    }
  });

  it('goes on without the registry when its port is taken', async () => {
    const taken = net.createServer();
    await new Promise<void>(resolve => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as net.AddressInfo;
    try {
      const registry = await startDemoTerraformRegistry({
        file: FILE,
        port,
        logger,
      });
      expect(registry).toBeUndefined();
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(
          `Terraform module registry could not listen on port ${port} (EADDRINUSE)`,
        ),
      );
    } finally {
      await new Promise(resolve => taken.close(resolve));
    }
  });
});
