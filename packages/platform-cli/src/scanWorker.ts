import { parentPort } from 'node:worker_threads';
import {
  createDefaultExtractors,
  FileScanTask,
  scanFileTasks,
} from '@platform-portal/plugin-platform-engine';

/** A batch of files to read and extract, from the pool. */
export interface ScanRequest {
  id: number;
  tasks: FileScanTask[];
  maxFileSize: number;
}

/**
 * The body of a worker thread of the scan pool: reads and extracts each batch it is sent with
 * the default extractors, and answers with what it found.
 */
export async function runScanWorker(): Promise<void> {
  const port = parentPort;
  if (!port) {
    throw new Error('runScanWorker runs in a worker thread only');
  }
  const extractors = await createDefaultExtractors();
  port.on('message', (request: ScanRequest) => {
    try {
      const result = scanFileTasks(request.tasks, extractors, {
        maxFileSize: request.maxFileSize,
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
