import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import { writeFiles } from '../../../testUtils/testPlatform';
import { scanTree, ScanTreeResult } from '../../scanTree';

/** Writes the files into a fresh directory, scans it whole and removes it again. */
export async function scanFixtureTree(
  files: Record<string, string>,
  extractors: ReferenceExtractor[],
): Promise<ScanTreeResult> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'tree-pass-'));
  try {
    writeFiles(root, files);
    return await scanTree(root, { extractors });
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}
