import path from 'node:path';

// Names as highlight.js knows them, so that a page may colour the text with it.
const BY_EXTENSION: Record<string, string> = {
  '.tf': 'hcl',
  '.tfvars': 'hcl',
  '.hcl': 'hcl',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.json': 'json',
  '.md': 'markdown',
  '.sh': 'bash',
  '.bash': 'bash',
  '.py': 'python',
  '.js': 'javascript',
  '.cjs': 'javascript',
  '.mjs': 'javascript',
  '.ts': 'typescript',
  '.tsx': 'typescript',
  '.go': 'go',
  '.rego': 'rego',
  '.toml': 'ini',
  '.ini': 'ini',
  '.xml': 'xml',
  '.html': 'xml',
  '.css': 'css',
  '.sql': 'sql',
  '.tpl': 'go',
  '.txt': 'text',
};

const BY_NAME: Record<string, string> = {
  dockerfile: 'dockerfile',
  makefile: 'makefile',
  codeowners: 'text',
  '.gitignore': 'text',
};

/** The language of a file by its name; `text` when the name does not tell. */
export function sourceLanguage(file: string): string {
  const name = path.posix.basename(file).toLowerCase();
  return (
    BY_NAME[name] ??
    BY_EXTENSION[path.posix.extname(name)] ??
    (name.startsWith('dockerfile.') ? 'dockerfile' : 'text')
  );
}
