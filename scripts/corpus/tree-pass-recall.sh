#!/usr/bin/env bash
# Measures the tree pass's recall per kind on the corpus that fetch-tree-pass-corpus.sh rebuilds,
# next to Renovate's extraction and the hand count of claims (tree-pass-claims.txt).
#
#   scripts/corpus/tree-pass-recall.sh [corpus directory] [renovate bin]
#
# Renovate is not a dependency of this repository: install it anywhere
# (`npm i --prefix /tmp/renovate renovate`) and give its bin; without one, its column is NaN.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DIR=${1:-${TREE_PASS_CORPUS_DIR:-${TMPDIR:-/tmp}/platform-portal-tree-pass-corpus}}
RENOVATE=${2:-}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

# The engine is TypeScript: bundled as the command's own bundle is, with the HCL grammar's
# WebAssembly loaded from the repository's node_modules.
"$ROOT/node_modules/.bin/esbuild" "$HERE/treePassRecall.ts" --bundle --platform=node \
  --target=node20 --log-level=warning --outfile="$OUT/recall.cjs" \
  --external:web-tree-sitter --external:@tree-sitter-grammars/tree-sitter-hcl
NODE_PATH="$ROOT/node_modules" node "$OUT/recall.cjs" "$DIR" "$HERE/tree-pass-claims.txt" "$RENOVATE"
