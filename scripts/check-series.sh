#!/bin/bash
# git am the series onto a fresh copy of the base, then run
# scripts/checkpatch.pl --strict on every patch.
set -eu
. "$(dirname "$0")/lib.sh"
"$TOP/scripts/deps.sh"

base=$("$TOP/scripts/fetch-base.sh")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gmem-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
git clone -q --shared --no-checkout "$base" "$tmp/linux"
git -C "$tmp/linux" checkout -q -b check refs/tags/base
git -C "$tmp/linux" config user.name check
git -C "$tmp/linux" config user.email check@localhost

n=0 bad=0
while read -r p; do
	case $p in ''|'#'*) continue ;; esac
	n=$((n + 1))
	if ! git -C "$tmp/linux" am -q --keep-cr "$TOP/patches/$p"; then
		log "FAIL: patches/$p does not apply"
		exit 1
	fi
done < "$TOP/patches/series"
log "git am: $n patches apply onto base"

while read -r p; do
	case $p in ''|'#'*) continue ;; esac
	# checkpatch runs spdxcheck.py with "python3": Debian's, which has
	# python3-ply and python3-git (see deps.sh), not another one on PATH.
	# The base is one commit without upstream history: checkpatch finds no
	# commit that a "Fixes:" tag names and warns UNKNOWN_COMMIT_ID for
	# every such tag.  Ignored; the id and title of a Fixes: tag are then
	# for the author to check against upstream.
	if out=$(cd "$tmp/linux" && PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict -q \
			--no-summary --ignore UNKNOWN_COMMIT_ID "$TOP/patches/$p" 2>&1) && [ -z "$out" ]; then
		log "checkpatch: ok   $p"
	else
		log "checkpatch: FAIL $p"
		printf '%s\n' "$out" | sed 's/^/    /' >&2
		bad=$((bad + 1))
	fi
done < "$TOP/patches/series"
[ "$bad" = 0 ] || die "checkpatch --strict: $bad of $n patches have findings"
log "check-series: $n patches, git am and checkpatch --strict clean"
