#!/usr/bin/env bash
# The part of cruft-check's GitHub Action (action.yml) that runs in the checked-out repository:
# work out the range, make sure a shallow clone holds the merge base, run the check.
#
# Inputs arrive as environment variables (never spliced into the script text, so a branch name
# cannot inject shell): CRUFT_CHECK_CLI, INPUT_RANGE, INPUT_SARIF_FILE, INPUT_UPLOAD_SARIF,
# INPUT_FAIL_ON, INPUT_FETCH_HISTORY, BASE_REF (github.base_ref), BEFORE (github.event.before),
# DEFAULT_BRANCH (github.event.repository.default_branch), GITHUB_OUTPUT.
#
# It never fails the step itself: the exit code goes to the step output `exit-code`, so the SARIF
# upload can still run; action.yml's last step exits with it.
set -uo pipefail

cli="${CRUFT_CHECK_CLI:?CRUFT_CHECK_CLI is not set}"
out="${GITHUB_OUTPUT:-/dev/null}"
zero=0000000000000000000000000000000000000000

range="${INPUT_RANGE:-}"
if [ -z "$range" ]; then
  if [ -n "${BASE_REF:-}" ]; then
    range="origin/${BASE_REF}...HEAD"           # pull_request: what the branch adds to its base
  elif [ -n "${BEFORE:-}" ] && [ "${BEFORE}" != "$zero" ]; then
    range="${BEFORE}..HEAD"                       # push: what this push adds
  elif [ -n "${DEFAULT_BRANCH:-}" ]; then
    range="origin/${DEFAULT_BRANCH}...HEAD"       # a new branch pushed: what it adds to the default branch
  else
    echo "::error title=cruft-check::No range to check: not a pull request, and no previous commit for this push. Set the action's \"range\" input."
    echo "exit-code=2" >>"$out"
    exit 0
  fi
fi

case "$range" in
  *...*) base="${range%%...*}"; three=true ;;
  *..*) base="${range%%..*}"; three=false ;;
  *) base="$range"; three=true ;;
esac

if [ "${INPUT_FETCH_HISTORY:-true}" = true ]; then
  # The base branch: actions/checkout fetches only the commit under test.
  if ! git rev-parse --verify -q "${base}^{commit}" >/dev/null; then
    case "$base" in
      origin/*) git fetch -q --no-tags --depth=1 origin "+refs/heads/${base#origin/}:refs/remotes/${base}" || true ;;
      *) git fetch -q --no-tags --depth=1 origin "$base" || true ;;
    esac
  fi
  # A shallow clone: deepen until the merge base is there (a few steps, then all of it).
  if [ "$three" = true ] && [ "$(git rev-parse --is-shallow-repository)" = true ]; then
    for depth in 50 200 1000; do
      git merge-base "$base" HEAD >/dev/null 2>&1 && break
      echo "cruft-check: fetching ${depth} more commits to find the merge base of ${base} and HEAD"
      git fetch -q --no-tags --deepen="$depth" origin || break
    done
    if ! git merge-base "$base" HEAD >/dev/null 2>&1 && [ "$(git rev-parse --is-shallow-repository)" = true ]; then
      git fetch -q --no-tags --unshallow origin || true
    fi
  fi
fi

args=(--range "$range" --format github --fail-on "${INPUT_FAIL_ON:-error}")
sarif="${INPUT_SARIF_FILE:-}"
if [ -z "$sarif" ] && [ "${INPUT_UPLOAD_SARIF:-false}" = true ]; then sarif=cruft-check.sarif; fi
if [ -n "$sarif" ]; then
  case "$sarif" in
    /*) ;;
    *) sarif="${GITHUB_WORKSPACE:-$PWD}/${sarif}" ;;
  esac
  args+=(--format sarif --output "$sarif")
  echo "sarif-file=${sarif}" >>"$out"
fi

node "$cli" "${args[@]}"
code=$?
echo "exit-code=${code}" >>"$out"
exit 0
