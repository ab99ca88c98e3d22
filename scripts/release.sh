#!/usr/bin/env bash
# Cuts a release of the action: tag vX.Y.Z and move the major tag vX to it.
#
# Usage: scripts/release.sh [--dry-run] [--remote NAME] [X.Y.Z]
#
# Before running it, merge a pull request that sets "version" in package.json to X.Y.Z and
# renames the CHANGELOG.md "Unreleased" section to "## [X.Y.Z] - YYYY-MM-DD". X.Y.Z defaults
# to package.json's version. The script then:
#   1. checks the version (X.Y.Z, equal to package.json, with a CHANGELOG.md section, tag not taken);
#   2. checks the work tree is clean and HEAD is the remote's main branch;
#   3. runs the build and fails if dist/ changes (the committed bundle must be current);
#   4. runs the tests;
#   5. creates the annotated tag vX.Y.Z and moves vX to the same commit;
#   6. pushes both tags. The Release workflow (.github/workflows/release.yml) then publishes the
#      GitHub release from the CHANGELOG section.
# --dry-run does steps 1-4 and prints the commands of steps 5-6 without running them.
#
# Environment (mainly for tests): RELEASE_BUILD_CMD (default "npm run build"),
# RELEASE_TEST_CMD (default "npm test"), RELEASE_BRANCH (default "main").
#
# Exit codes: 0 done, 1 a check failed, 2 usage error.
set -euo pipefail

dry_run=false
remote=origin
version=''
branch="${RELEASE_BRANCH:-main}"
build_cmd="${RELEASE_BUILD_CMD:-npm run build}"
test_cmd="${RELEASE_TEST_CMD:-npm test}"

usage() { echo "usage: scripts/release.sh [--dry-run] [--remote NAME] [X.Y.Z]" >&2; exit 2; }
fail() { echo "release: $*" >&2; exit 1; }
step() { echo "==> $*"; }
# Runs a command that changes tags or the remote, or only prints it on --dry-run.
act() {
  if $dry_run; then
    echo "would run: $*"
  else
    "$@"
  fi
}

while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry_run=true ;;
    --remote)
      [ $# -ge 2 ] || usage
      remote="$2"
      shift
      ;;
    -h | --help) usage ;;
    -*) usage ;;
    *)
      [ -z "$version" ] || usage
      version="${1#v}"
      ;;
  esac
  shift
done

cd "$(git rev-parse --show-toplevel)"

package_version="$(node -p 'require("./package.json").version')"
version="${version:-$package_version}"
[[ "$version" =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]] || {
  echo "release: \"$version\" is not a version X.Y.Z" >&2
  exit 2
}
tag="v$version"
major="v${version%%.*}"

step "Checking $tag"
[ "$version" = "$package_version" ] || fail "package.json has version $package_version, not $version; bump it in a pull request first"
grep -Eq "^## \[$(printf '%s' "$version" | sed 's/\./\\./g')\]" CHANGELOG.md ||
  fail "CHANGELOG.md has no \"## [$version]\" section; rename \"Unreleased\" in a pull request first"
if git rev-parse -q --verify "refs/tags/$tag" >/dev/null; then fail "tag $tag already exists"; fi

step "Checking the work tree and $remote/$branch"
[ -z "$(git status --porcelain)" ] || fail "the work tree has uncommitted or untracked files"
[ "$(git rev-parse --abbrev-ref HEAD)" = "$branch" ] || fail "HEAD is not on $branch"
git fetch --quiet --tags "$remote" "$branch"
[ "$(git rev-parse HEAD)" = "$(git rev-parse FETCH_HEAD)" ] || fail "HEAD is not $remote/$branch; pull or push first"
if git ls-remote --exit-code --tags "$remote" "refs/tags/$tag" >/dev/null 2>&1; then fail "tag $tag already exists on $remote"; fi

step "Building ($build_cmd)"
bash -c "$build_cmd"
[ -z "$(git status --porcelain)" ] || {
  git status --short >&2
  fail "the build changed files: commit the rebuilt dist/ in a pull request first"
}

step "Testing ($test_cmd)"
bash -c "$test_cmd"

step "Tagging $tag and moving $major"
act git tag -a "$tag" -m "$tag"
act git tag -f "$major" "$tag^{commit}"

step "Pushing to $remote"
act git push "$remote" "refs/tags/$tag"
act git push --force "$remote" "refs/tags/$major"

if $dry_run; then
  echo "Dry run: $tag would be released from $(git rev-parse --short HEAD)."
else
  echo "Released $tag ($major now points to it). The Release workflow publishes the GitHub release."
fi
