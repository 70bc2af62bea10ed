#!/usr/bin/env bash
# The "Run infradoc" step of action.yml, kept in a file so that it can be
# run and tested outside GitHub (cmd/infradoc/action_test.go runs it).
#
# Reads INFRADOC (the program), INFRADOC_COMMAND, INFRADOC_FORMAT,
# INFRADOC_FAIL_ON, INFRADOC_BASE_REF and INFRADOC_ARGS; writes the paths of
# the SARIF file and of the diff to $GITHUB_OUTPUT (sarif-file, diff-file). Each input becomes one argument (the extra
# args are split on blanks): nothing passes through the shell's parser.
set -uo pipefail

program=${INFRADOC:?INFRADOC names the infradoc program}
command=${INFRADOC_COMMAND:-check}
format=${INFRADOC_FORMAT:-github}
fail_on=${INFRADOC_FAIL_ON:-error}
base=${INFRADOC_BASE_REF:-}
read -r -a extra <<< "${INFRADOC_ARGS:-}"

# A pull request's checkout is one commit deep: fetch the base commit when
# it is missing, so that the diff can read the registry as it was.
have_base() {
  [[ -n $base ]] || return 1
  git cat-file -e "$base^{commit}" 2>/dev/null && return 0
  git fetch --quiet --no-tags --depth=1 origin "$base" 2>/dev/null &&
    git cat-file -e "$base^{commit}" 2>/dev/null
}

args=("$command")
case $command in
  diff)
    [[ $format == github || $format == sarif ]] && format=markdown
    if ! have_base; then
      echo "::error title=infradoc diff::no base ref to compare with: set base-ref (it is the pull request's base on pull_request events)"
      exit 2
    fi
    args+=(--format "$format" "${extra[@]}" -- "$base")
    ;;
  check | validate | build)
    args+=(--format "$format" --fail-on "$fail_on")
    if have_base; then
      args+=(--base "$base")
    fi
    args+=("${extra[@]}")
    ;;
  verify)
    # Exit 1 when a PROMOTED obligation fails a criterion; fail-on does not apply.
    args+=(--format "$format" "${extra[@]}")
    ;;
  *)
    args+=("${extra[@]}")
    ;;
esac

temp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
if [[ $command == diff ]]; then
  # Printed in the log, kept for a pull-request comment, and in markdown
  # shown on the job page.
  out=$temp/infradoc-diff.$([[ $format == markdown ]] && echo md || echo "$format")
  "$program" "${args[@]}" > "$out"
  status=$?
  cat "$out"
  if [[ $format == markdown && -n ${GITHUB_STEP_SUMMARY:-} ]]; then
    cat "$out" >> "$GITHUB_STEP_SUMMARY"
  fi
  echo "diff-file=$out" >> "${GITHUB_OUTPUT:-/dev/null}"
  exit $status
fi
if [[ $format == sarif ]]; then
  out=$temp/infradoc.sarif
  "$program" "${args[@]}" > "$out"
  status=$?
  echo "sarif-file=$out" >> "${GITHUB_OUTPUT:-/dev/null}"
  exit $status
fi
exec "$program" "${args[@]}"
