import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BatchClaims } from '@platform-portal/plugin-platform-engine';
import { createWorkerScanPool } from './workerPool';

describe('createWorkerScanPool', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-pool-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const worker = (name: string, body: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, body);
    return file;
  };
  const task = {
    file: 'main.tf',
    readPath: '/nowhere/main.tf',
    extractorIds: [],
  };

  it('reads files in workers with the real extractors', async () => {
    fs.writeFileSync(
      path.join(dir, 'main.tf'),
      'module "vpc" {\n  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v1.2.0"\n}\n',
    );
    const pool = createWorkerScanPool({ threads: 2 });
    try {
      const result = await pool.scan(
        [
          {
            file: 'main.tf',
            readPath: path.join(dir, 'main.tf'),
            extractorIds: ['terraform', 'no-such-extractor'],
          },
        ],
        { maxFileSize: 1024 },
      );
      expect(result.filesScanned).toBe(1);
      expect(result.references).toHaveLength(1);
      expect(result.references[0]).toMatchObject({
        kind: 'terraform-module',
        ref: 'vpc/v1.2.0',
        position: { file: 'main.tf', line: 2 },
        // The call crosses from the worker with the reference.
        call: { arguments: [] },
      });
      expect(result.problems).toEqual([
        {
          file: 'main.tf',
          message:
            'extractor "no-such-extractor" is not available where the file is read; not scanned by it',
        },
      ]);
    } finally {
      await pool.close();
    }
    // Each worker compiles the extractors' sources as it starts: seconds on a busy machine.
  }, 20_000);

  it('reads in a worker only the files this thread has not taken back from the batch', async () => {
    const files = ['a.tf', 'b.tf', 'c.tf'];
    for (const file of files) {
      fs.writeFileSync(
        path.join(dir, file),
        `module "m" {\n  source = "acme/${file[0]}/aws"\n  version = "1.0.0"\n}\n`,
      );
    }
    const claims = BatchClaims.create(files.length);
    // Taken back before the worker starts: read here, not there.
    expect(claims.takeLast()).toBe(2);
    const pool = createWorkerScanPool({ threads: 1 });
    try {
      const result = await pool.scan(
        files.map(file => ({
          file,
          readPath: path.join(dir, file),
          extractorIds: ['terraform'],
        })),
        { maxFileSize: 1024, claims: claims.buffer },
      );
      expect(result.filesScanned).toBe(2);
      expect(result.references.map(r => r.source)).toEqual([
        'acme/a/aws',
        'acme/b/aws',
      ]);
      // The worker took the others through the shared claims.
      expect(claims.takeFirst()).toBeUndefined();
    } finally {
      await pool.close();
    }
  }, 20_000);

  it('starts its workers with the first batch, each once', async () => {
    const started = path.join(dir, 'started');
    const pool = createWorkerScanPool({
      threads: 2,
      entry: worker(
        'starts.js',
        `require('node:fs').appendFileSync(${JSON.stringify(started)}, 'x');`,
      ),
    });
    try {
      await new Promise(resolve => setTimeout(resolve, 200));
      // Nothing to share out yet: no thread started.
      expect(fs.existsSync(started)).toBe(false);
      // These workers never answer: the batches are left waiting.
      void pool.scan([task], { maxFileSize: 1024 });
      void pool.scan([task], { maxFileSize: 1024 });
      for (let i = 0; i < 200 && !fs.existsSync(started); i++) {
        await new Promise(resolve => setTimeout(resolve, 25));
      }
      await new Promise(resolve => setTimeout(resolve, 200));
      // Both threads, once each.
      expect(fs.readFileSync(started, 'utf8')).toBe('xx');
    } finally {
      await pool.close();
    }
  });

  it('fails the scan with a clear error when a worker stops', async () => {
    const pool = createWorkerScanPool({
      threads: 1,
      entry: worker('exits.js', 'process.exit(3);'),
    });
    try {
      await expect(pool.scan([task], { maxFileSize: 1024 })).rejects.toThrow(
        'a scan worker stopped with exit code 3',
      );
      // Later batches fail at once instead of waiting for a worker that is gone.
      await expect(pool.scan([task], { maxFileSize: 1024 })).rejects.toThrow(
        'exit code 3',
      );
    } finally {
      await pool.close();
    }
  });

  it('fails a batch whose worker reports an error', async () => {
    const pool = createWorkerScanPool({
      threads: 1,
      entry: worker(
        'refuses.js',
        `const { parentPort } = require('node:worker_threads');
         parentPort.on('message', r => parentPort.postMessage({ id: r.id, error: 'out of memory' }));`,
      ),
    });
    try {
      await expect(pool.scan([task], { maxFileSize: 1024 })).rejects.toThrow(
        'out of memory',
      );
    } finally {
      await pool.close();
    }
  });
});
