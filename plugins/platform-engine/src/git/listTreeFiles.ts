import { GitCommandError } from './git';
import { GitObjectReader } from './GitObjectReader';

/** An entry of a tree below a commit, as `git ls-tree -r` lists it. */
export interface GitTreeEntry {
  /** Octal, six digits as git prints it: `100644`, `100755`, `120000` (a link), `160000`. */
  mode: string;
  /** `blob` for files and links, `commit` for submodules. */
  type: 'blob' | 'commit';
  object: string;
  /** The path from the top of the tree, `/` between directories. */
  path: string;
}

const TREE_MODE = '40000';
const SUBMODULE_MODE = '160000';

/** The entries of one tree object: `<mode> <name>\0<id as bytes>` each. */
function parseTree(
  content: Buffer,
  idBytes: number,
): Array<{ mode: string; name: string; object: string }> {
  const entries = [];
  let offset = 0;
  while (offset < content.length) {
    const space = content.indexOf(32, offset);
    const nul = content.indexOf(0, space + 1);
    if (space === -1 || nul === -1 || nul + 1 + idBytes > content.length) {
      throw new Error('a tree object of the repository is malformed');
    }
    entries.push({
      mode: content.toString('latin1', offset, space),
      name: content.toString('utf8', space + 1, nul),
      object: content.toString('hex', nul + 1, nul + 1 + idBytes),
    });
    offset = nul + 1 + idBytes;
  }
  return entries;
}

async function readTree(reader: GitObjectReader, name: string) {
  const tree = await reader.read(name);
  if (!tree || tree.type !== 'tree' || !tree.content) {
    throw new GitCommandError(
      `git cat-file: ${name.replace(
        /\^\{tree\}$/,
        '',
      )} is not a tree or commit of the repository`,
      '',
    );
  }
  return parseTree(tree.content, tree.id.length / 2);
}

/**
 * Every file, link and submodule below the tree of `commit`, in the order and with the modes
 * `git ls-tree -r` gives, read through `reader` (the trees of one level at once). Throws when
 * the repository lacks the commit or one of its trees.
 */
export async function listTreeFiles(
  reader: GitObjectReader,
  commit: string,
): Promise<GitTreeEntry[]> {
  const walk = async (
    name: string,
    prefix: string,
  ): Promise<GitTreeEntry[]> => {
    const entries = await readTree(reader, name);
    const below = await Promise.all(
      entries.map(entry =>
        entry.mode === TREE_MODE
          ? walk(entry.object, `${prefix}${entry.name}/`)
          : [
              {
                mode: entry.mode.padStart(6, '0'),
                type:
                  entry.mode === SUBMODULE_MODE
                    ? ('commit' as const)
                    : ('blob' as const),
                object: entry.object,
                path: `${prefix}${entry.name}`,
              },
            ],
      ),
    );
    return below.flat();
  };
  return walk(`${commit}^{tree}`, '');
}
