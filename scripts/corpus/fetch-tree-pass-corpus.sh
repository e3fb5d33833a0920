#!/usr/bin/env bash
# Rebuilds the corpus of the tree-pass recall measure (scripts/corpus/tree-pass-recall.sh):
# Terragrunt live repositories (includes, read_terragrunt_config, stacks) and Crossplane
# platforms (XRDs in one folder, claims in another), each at a pinned commit so that the figures
# do not move. Nothing fetched is committed: it is other people's code under their licences.
#
#   scripts/corpus/fetch-tree-pass-corpus.sh [directory]
#
# The directory defaults to $TREE_PASS_CORPUS_DIR, else $TMPDIR/platform-portal-tree-pass-corpus,
# with one folder per repository, <owner>+<name>, under terragrunt/ or crossplane/. Repositories
# are fetched from https://github.com/<owner>/<name>.git; CORPUS_GIT_DIRS names a directory of
# local git directories to read instead, one per repository at <owner>+<name>/repo. Only the
# files the scanner and Renovate read for these (Terraform, Terragrunt, YAML) are written.
set -euo pipefail

EXTENSIONS=(tf hcl yaml yml)

DIR=${1:-${TREE_PASS_CORPUS_DIR:-${TMPDIR:-/tmp}/platform-portal-tree-pass-corpus}}
LOCAL=${CORPUS_GIT_DIRS:-}

TERRAGRUNT=(
  "gruntwork-io/terragrunt-infrastructure-live-example d106b47ad1e22cae3a841cd495eae48e9bbe3a03"
  "gruntwork-io/terragrunt-infrastructure-live-stacks-example 3649bd95c93074e6a3742bc5122e411505c24c3a"
  "TrideepNandi/aws-eks-terragrunt b8c51039b041f0e511c93b3f29f6d54b05d5f4a2"
  "brookatlas/eks-terragrunt-recipes 3fe6501689f45f0eabe07174dcbbe847cae9cd72"
  "freddieentity/terragrunt-eks 9aad0a1cfff5f8aade5628b6a642f0598d0bdbfe"
  "hasakura12/terragrunt-eks-vpc 1204b485b9e7f350921cffcacbc40cf43eee3603"
  "rajops-lab/aws-eks-terragrunt c2cc8b2b8a8f233544a2cc1dd228479e7c44b799"
  "trcosner/eks-terragrunt 2ceb3653fb0e90c9c2a9499efa99de7dd5feb18a"
)
CROSSPLANE=(
  "upbound/platform-ref-aws 57fa3b0127c8ce263327f2d43b4e46d07fb90896"
  "upbound/platform-ref-gcp 8e54814ccaa6ff345739f21af4bc3e22eaded6ed"
  "upbound/configuration-aws-network d29d28097f872d607f3eeb9694dfd4712d07e01d"
  "upbound/configuration-aws-database 3b6409021ca37d7be0e2e37e7b13b1fa301c252b"
  "upbound/configuration-aws-eks 5fb7d6570606990a3f099505f3e8e8f6e295fa29"
  "vfarcic/crossplane-kubernetes 83c2e26bb57acac1822d723a1e0dbf89ff5fc3ea"
)

# Writes the tree of one repository at one commit into $2, from a local git directory when one
# holds the commit, else from GitHub (that commit alone).
# Writes the files of a commit with the extensions above; a pattern git matches nowhere would
# fail the whole archive, so only those with a file are given.
archive() {
  local git_dir=$1 commit=$2 into=$3 extension patterns=()
  for extension in "${EXTENSIONS[@]}"; do
    if git --git-dir="$git_dir" ls-tree -r --name-only "$commit" | grep "\\.$extension\$" >/dev/null; then
      patterns+=("*.$extension")
    fi
  done
  [[ ${#patterns[@]} -gt 0 ]] || return 0
  git --git-dir="$git_dir" archive "$commit" -- "${patterns[@]}" | tar -x -C "$into"
}

tree_at() {
  local repository=$1 commit=$2 into=$3 git_dir
  rm -rf "$into"
  mkdir -p "$into"
  git_dir=$LOCAL/${repository/\//+}/repo
  [[ -d $git_dir/.git ]] && git_dir=$git_dir/.git
  if [[ -n $LOCAL ]] && git --git-dir="$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null; then
    archive "$git_dir" "$commit" "$into"
    return
  fi
  local scratch
  scratch=$(mktemp -d)
  git -C "$scratch" init -q
  git -C "$scratch" fetch -q --depth 1 "https://github.com/$repository.git" "$commit"
  archive "$scratch/.git" FETCH_HEAD "$into"
  rm -rf "$scratch"
}

for shape in terragrunt crossplane; do
  declare -n list=${shape^^}
  for entry in "${list[@]}"; do
    read -r repository commit <<<"$entry"
    tree_at "$repository" "$commit" "$DIR/$shape/${repository/\//+}"
    echo "$shape/${repository/\//+} at ${commit:0:12}"
  done
done
