import { parentPort, workerData } from 'node:worker_threads';
import type { PlatformModule } from '@platform-portal/plugin-platform-common';
import {
  createDefaultExtractors,
  FileScanTask,
  scanFileTasks,
  withPlatformXrdTypes,
} from '@platform-portal/plugin-platform-engine';

/** A batch of files to read and extract, from the pool. */
export interface ScanRequest {
  id: number;
  tasks: FileScanTask[];
  maxFileSize: number;
  /** The batch's claims: the worker reads only the tasks it takes from them. */
  claims?: SharedArrayBuffer;
}

/**
 * The body of a worker thread of the scan pool: reads and extracts each batch it is sent with
 * the default extractors (told the types of the platform's XRDs the pool was given), and
 * answers with what it found.
 */
export async function runScanWorker(): Promise<void> {
  const port = parentPort;
  if (!port) {
    throw new Error('runScanWorker runs in a worker thread only');
  }
  const xrdModules: PlatformModule[] = workerData?.xrdModules ?? [];
  const extractors = withPlatformXrdTypes(await createDefaultExtractors(), [
    { modules: xrdModules },
  ]);
  port.on('message', (request: ScanRequest) => {
    try {
      const result = scanFileTasks(request.tasks, extractors, {
        maxFileSize: request.maxFileSize,
        claims: request.claims,
      });
      port.postMessage({ id: request.id, result });
    } catch (error) {
      port.postMessage({
        id: request.id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  });
}

/** Runs the scan worker, reporting a failure to start on stderr with exit code 2. */
export function startScanWorker(): void {
  runScanWorker().catch(error => {
    process.stderr.write(`platform-scan worker: ${error?.message ?? error}\n`);
    process.exitCode = 2;
  });
}
