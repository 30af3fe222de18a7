#!/bin/bash
# Build every commit of the work tree after "base" on its own (kernel and
# the selftests), so the series is bisectable.  Incremental: each step
# rebuilds only what the commit touched.  Needs a clean work tree; returns
# it to the commit it started from.
set -eu
. "$(dirname "$0")/lib.sh"

[ -d "$WORK/.git" ] || die "no work tree"
[ -z "$(git -C "$WORK" status --porcelain --untracked-files=no)" ] ||
	die "the work tree has uncommitted changes"
start=$(git -C "$WORK" symbolic-ref -q --short HEAD || git -C "$WORK" rev-parse HEAD)
trap 'git -C "$WORK" checkout -q "$start"' EXIT
export GMEM_BISECT=1

# A build directory that was never configured (check-bisect before any
# make build) gets its config here, from the commit it starts from.
[ -f "$BUILD/kernel/.config" ] || "$TOP/scripts/build.sh" config >/dev/null

n=0
for c in $(git -C "$WORK" rev-list --reverse base..HEAD); do
	n=$((n + 1))
	git -C "$WORK" checkout -q "$c"
	log "[$n] $(git -C "$WORK" log -1 --format='%h %s' "$c")"
	"$TOP/scripts/build.sh" kernel >/dev/null 2>"$BUILD/bisect.log" &&
		"$TOP/scripts/build.sh" selftests >/dev/null 2>>"$BUILD/bisect.log" || {
		cat "$BUILD/bisect.log" >&2
		die "commit $n ($c) does not build"
	}
done
log "check-bisect: all $n commits build"
