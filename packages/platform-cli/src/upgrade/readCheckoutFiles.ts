import fs from 'node:fs/promises';
import path from 'node:path';
import type {
  ChangedFile,
  UpgradeRefusal,
} from '@platform-portal/plugin-platform-engine';
import { ModuleReference } from './moduleReferences';

/**
 * A file of the checkout to edit, refused unless it is a regular file inside it reached without
 * a symbolic link: writing through one would change a file elsewhere, or one file twice.
 */
async function readCheckoutFile(
  root: string,
  file: string,
): Promise<{ content: string } | { refused: string }> {
  const full = path.join(root, file);
  const real = await fs.realpath(full);
  if (real !== path.join(await fs.realpath(root), file)) {
    return {
      refused: `${file} is reached through a symbolic link; a person must edit the file it points to`,
    };
  }
  if (!(await fs.lstat(real)).isFile()) {
    return { refused: `${file} is not a regular file` };
  }
  return { content: await fs.readFile(real, 'utf8') };
}

/**
 * The files holding the references, as they are in the checkout now; the references in a file
 * that may not be edited are refused, with the reason.
 */
export async function readCheckoutFiles(
  root: string,
  planned: ModuleReference[],
): Promise<{
  files: ChangedFile[];
  readable: ModuleReference[];
  needsPerson: UpgradeRefusal[];
}> {
  const files: ChangedFile[] = [];
  const readable: ModuleReference[] = [];
  const refusedFiles = new Map<string, string>();
  for (const file of new Set(planned.map(e => e.reference.position.file))) {
    const read = await readCheckoutFile(root, file);
    if ('refused' in read) {
      refusedFiles.set(file, read.refused);
    } else {
      files.push({ path: file, content: read.content });
    }
  }
  const needsPerson: UpgradeRefusal[] = [];
  for (const entry of planned) {
    const { position } = entry.reference;
    const refused = refusedFiles.get(position.file);
    if (refused) {
      needsPerson.push({
        file: position.file,
        line: position.line,
        reason: refused,
      });
    } else {
      readable.push(entry);
    }
  }

  return { files, readable, needsPerson };
}
