#!/usr/bin/env bash
# Fetches the corpus of the registry-consumers test (plugins/platform-engine/src/resolution/
# registryConsumers.test.ts): a public module with hundreds of release tags as the platform, and
# public repositories that consume it from the Terraform registry and by git, each at a pinned
# commit so that the figures do not move. Nothing fetched is committed.
#
#   scripts/fetch-registry-corpus.sh [directory]
#
# The directory defaults to $REGISTRY_CORPUS_DIR, else $TMPDIR/platform-portal-registry-corpus;
# the test reads the same. Repositories are fetched from https://github.com/<owner>/<name>.git;
# CORPUS_GIT_DIRS names a directory of local git directories to read instead, one per repository
# at <owner>+<name>/repo (a mirror that holds the pinned commits). Only the files the scanner
# reads (Terraform, Terragrunt, YAML) are written.
set -euo pipefail

DIR=${1:-${REGISTRY_CORPUS_DIR:-${TMPDIR:-/tmp}/platform-portal-registry-corpus}}
LOCAL=${CORPUS_GIT_DIRS:-}

# The platform: terraform-aws-modules/eks/aws, whose module is the repository root and whose
# releases are tagged v{version}.
PLATFORM="terraform-aws-modules/terraform-aws-eks bef29c4d9523523e57fe898643fde2895106b339"

# Consumers: registry sources with constraints (~> 19.x to ~> 21.x, exact versions, one newer
# than the platform's pinned commit has) and git pins of the repository root (particuleio/teks at
# several of its releases, plain5/EKS-Terragrunt as `//.`).
CONSUMERS=(
  "aws-ia/terraform-aws-eks-blueprints 98d0eb4069e787210848eeefcb2b9ba8e52706e7"
  "aws-samples/eks-workshop-v2 bb1b30007ba61a406d5efc18e48dff87ea879a36"
  "aws-samples/eks-blueprints-for-terraform-workshop d4fc0251d4d2b5f7e0cc0fb57e36a1b9ccf3048d"
  "brookatlas/eks-terragrunt-recipes 3fe6501689f45f0eabe07174dcbbe847cae9cd72"
  "TrideepNandi/aws-eks-terragrunt b8c51039b041f0e511c93b3f29f6d54b05d5f4a2"
  "hasakura12/terragrunt-eks-vpc 1204b485b9e7f350921cffcacbc40cf43eee3603"
  "hashicorp/learn-terraform-provision-eks-cluster c5c4d54a59b10779efd05b5a2c42af54c3ca57cf"
  "camunda/camunda-deployment-references e33e88a6dd8fb953f11e09da060d24b141dd410e"
  "kubepriority/terragrunt-eks-blueprint 673943d5129cab65787dd06ce74e12ab97646fe8"
  "alyvusal/aws-eks-terragrunt 600b3a5cea8a52cecbfbe267c7645ee1e2de07c9"
  "plain5/EKS-Terragrunt ccc04b1cb0319edb90f556aee8e2ffdd9f1dd16e"
  "particuleio/teks 0b71bbc97a5598d54ffcc14703523e22708ec839"
  "particuleio/teks eeb7c8d58a39ac2ac2a7cfcc3e67f03f3543b48d"
  "particuleio/teks 652a70633564d4168c883d234892f1cb9a4ffa6b"
  "particuleio/teks 7ed027a215cca1945500dce95a1d345216553599"
)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$DIR.part"
mkdir -p "$DIR.part/consumers"

# A git directory holding the commit: the local one, or a shallow fetch of it by its SHA.
git_dir() {
  local repo=$1 commit=$2
  if [[ -n "$LOCAL" ]]; then
    echo "$LOCAL/${repo/\//+}/repo"
    return
  fi
  local git="$work/${repo/\//+}.git"
  [[ -d "$git" ]] || git init -q --bare "$git"
  git --git-dir="$git" fetch -q --depth 1 "https://github.com/$repo.git" "$commit"
  echo "$git"
}

# Writes the files of a commit that the scanner reads into a directory.
write_tree() {
  local git=$1 commit=$2 into=$3 mode type object path
  git --git-dir="$git" ls-tree -r "$commit" | while IFS=$'\t' read -r meta path; do
    read -r mode type object <<<"$meta"
    [[ "$type" == blob && "$mode" != 120000 ]] || continue
    [[ "$path" =~ \.(tf|hcl|ya?ml)$ ]] || continue
    mkdir -p "$into/$(dirname "$path")"
    git --git-dir="$git" cat-file blob "$object" >"$into/$path"
  done
}

read -r platform platform_commit <<<"$PLATFORM"
platform_git="$LOCAL/${platform/\//+}/repo"
if [[ -z "$LOCAL" ]]; then
  platform_git="$work/platform.git"
  git clone -q --bare --filter=blob:none "https://github.com/$platform.git" "$platform_git"
fi
# The releases as they were at the pinned commit: every tag it contains, peeled to its commit.
git --git-dir="$platform_git" tag --merged "$platform_commit" \
  --format='%(refname:short) %(*objectname)%(objectname)' |
  awk '{ print $1, substr($2, 1, 40) }' | sort >"$DIR.part/platform-tags.txt"
echo "$platform $platform_commit" >"$DIR.part/platform.txt"

for consumer in "${CONSUMERS[@]}"; do
  read -r repo commit <<<"$consumer"
  write_tree "$(git_dir "$repo" "$commit")" "$commit" \
    "$DIR.part/consumers/${repo/\//+}@${commit:0:12}"
done

rm -rf "$DIR"
mv "$DIR.part" "$DIR"
echo "$(wc -l <"$DIR/platform-tags.txt") tags of $platform and ${#CONSUMERS[@]} consumer trees in $DIR"
