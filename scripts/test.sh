#!/bin/bash
# make test: install dependencies, create the work tree, build, boot the
# test kernel and run tests/suite.list in it, then print the verdict.
set -u
. "$(dirname "$0")/lib.sh"

# GMEM_SUITE: another list, e.g. tests/slow.list (a path the guest sees).
SUITE=$(realpath "${GMEM_SUITE:-$TOP/tests/suite.list}") || exit 1
T0=$(date +%s)
phase "dependencies" "$TOP/scripts/deps.sh" || exit 1
phase "work tree" "$TOP/scripts/prepare-tree.sh" || exit 1
"$TOP/scripts/build.sh" all || exit 1
phase "test VM" "$TOP/scripts/vm.sh" -n test -t "${GMEM_TEST_TIMEOUT:-2400}" \
	"bash $TOP/scripts/guest-suite.sh $SUITE"
log "== total: $(( $(date +%s) - T0 ))s"
exec python3 "$TOP/scripts/verdict.py" "$BUILD/runs/last-test" \
	--list "$SUITE" --warning "$CACHE/base-warning"
