#!/bin/bash
# make run: build if needed, boot the patched kernel and print a short
# report of what the series gives.
set -u
. "$(dirname "$0")/lib.sh"

phase "dependencies" "$TOP/scripts/deps.sh" || exit 1
phase "work tree" "$TOP/scripts/prepare-tree.sh" || exit 1
"$TOP/scripts/build.sh" all || exit 1
log "series: $(grep -vc '^#' "$TOP/patches/series") patches; work tree at: $(git -C "$WORK" log -1 --format='%h %s')"
[ -f "$CACHE/base-warning" ] && log "$(cat "$CACHE/base-warning")"
phase "boot and report" "$TOP/scripts/vm.sh" -n run -t 900 \
	"bash $TOP/scripts/guest-report.sh"
