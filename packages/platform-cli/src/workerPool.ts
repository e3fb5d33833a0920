import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PlatformModule } from '@platform-portal/plugin-platform-common';
import {
  FileScanPool,
  FileScanTask,
  ScanTreeResult,
} from '@platform-portal/plugin-platform-engine';
import { ScanRequest } from './scanWorker';

/** Set by scripts/bundle.js in the bundle it builds. */
declare const PLATFORM_SCAN_BUNDLE: boolean | undefined;

/**
 * The script a worker runs: in the shipped bundle, the worker's own entry next to it; from the
 * sources, the command itself, which runs the scan worker in a worker thread (see index.ts).
 */
function workerEntry(): string {
  // This package is not built by backstage-cli, whose output moves files: bundled, __dirname is
  // the bundle's directory; from the sources, src/.
  /* eslint-disable no-restricted-syntax */
  if (typeof PLATFORM_SCAN_BUNDLE !== 'undefined' && PLATFORM_SCAN_BUNDLE) {
    return path.join(__dirname, 'scan-worker.cjs');
  }
  return path.resolve(__dirname, '..', 'bin', 'platform-scan');
  /* eslint-enable no-restricted-syntax */
}

/** Batches a worker is given at once, so that it has the next while its answer travels back. */
const BATCHES_PER_WORKER = 2;

interface Job {
  request: ScanRequest;
  resolve: (result: ScanTreeResult) => void;
  reject: (error: Error) => void;
}

/**
 * Reads and parses files in worker threads, so that a large tree uses every core: the main
 * thread walks the tree and each worker takes the next batch when it has room. Workers start with
 * the first batch: a tree too small to share out costs none.
 */
export function createWorkerScanPool(options: {
  threads: number;
  /** The script each worker runs; tests pass their own. */
  entry?: string;
  /** The platform modules that link an XRD, so workers find claims of its types. */
  xrdModules?: PlatformModule[];
}): FileScanPool & { close(): Promise<void> } {
  const queue: Job[] = [];
  const workers: Array<{ worker: Worker; running: Map<number, Job> }> = [];
  let nextId = 0;
  let failure: Error | undefined;
  let closing = false;

  const fail = (error: Error) => {
    failure ??= error;
    for (const { running } of workers) {
      for (const job of running.values()) job.reject(error);
      running.clear();
    }
    for (const job of queue.splice(0)) job.reject(error);
  };

  const dispatch = () => {
    for (const entry of workers) {
      while (entry.running.size < BATCHES_PER_WORKER && queue.length > 0) {
        const job = queue.shift()!;
        entry.running.set(job.request.id, job);
        entry.worker.postMessage(job.request);
      }
    }
  };

  const startWorker = () => {
    const worker = new Worker(options.entry ?? workerEntry(), {
      workerData: { xrdModules: options.xrdModules ?? [] },
    });
    const entry = { worker, running: new Map<number, Job>() };
    worker.on(
      'message',
      (message: { id?: number; result?: ScanTreeResult; error?: string }) => {
        if (message.id === undefined) {
          return;
        }
        const job = entry.running.get(message.id);
        entry.running.delete(message.id);
        if (message.error !== undefined) {
          job?.reject(new Error(message.error));
        } else {
          job?.resolve(message.result!);
        }
        dispatch();
      },
    );
    worker.on('error', error =>
      fail(error instanceof Error ? error : new Error(String(error))),
    );
    worker.on('exit', code => {
      if (code !== 0 && !closing) {
        fail(new Error(`a scan worker stopped with exit code ${code}`));
      }
    });
    workers.push(entry);
  };

  const startWorkers = () => {
    while (workers.length < options.threads) {
      startWorker();
    }
  };

  return {
    capacity: options.threads * BATCHES_PER_WORKER,
    scan(
      tasks: FileScanTask[],
      scanOptions: { maxFileSize: number; claims?: SharedArrayBuffer },
    ) {
      if (failure) {
        return Promise.reject(failure);
      }
      startWorkers();
      return new Promise<ScanTreeResult>((resolve, reject) => {
        queue.push({
          request: {
            id: nextId++,
            tasks,
            maxFileSize: scanOptions.maxFileSize,
            claims: scanOptions.claims,
          },
          resolve,
          reject,
        });
        dispatch();
      });
    },
    async close() {
      closing = true;
      await Promise.all(workers.map(({ worker }) => worker.terminate()));
    },
  };
}
