#!/bin/bash
# Create the kernel work tree ($WORK): a clone of the cached base repository
# with patches/series applied by git am.  An existing work tree is kept
# as it is (it holds the developer's commits), unless patches/ changed
# since it was last applied or exported and the tree has no commits of its
# own since then: then it is re-applied.
set -eu
. "$(dirname "$0")/lib.sh"

series_hash() {
	(cd "$TOP/patches" && cat series $(grep -v '^#' series 2>/dev/null) 2>/dev/null) |
		sha256sum | cut -c1-16
}

apply_series() {
	local p n=0
	git -C "$WORK" reset -q --hard base
	git -C "$WORK" clean -q -fdx
	while read -r p; do
		case $p in ''|'#'*) continue ;; esac
		git -C "$WORK" am -q --keep-cr "$TOP/patches/$p" ||
			die "patches/$p does not apply (git -C $WORK am --abort to clean up)"
		n=$((n + 1))
	done < "$TOP/patches/series"
	log "applied $n patches onto base"
	record_state
}

record_state() {
	echo "$(series_hash) $(git -C "$WORK" rev-parse HEAD)" > "$WORK/.git/gmem-state"
}

[ -f "$TOP/patches/series" ] || die "patches/series is missing"

if ! [ -d "$WORK/.git" ]; then
	base=$("$TOP/scripts/fetch-base.sh")
	log "creating work tree $WORK from $base"
	git clone -q --no-hardlinks --no-checkout "$base" "$WORK"
	git -C "$WORK" checkout -q -b work base
	git -C "$WORK" config user.name >/dev/null ||
		git -C "$WORK" config user.name "gmem-hugetlb"
	git -C "$WORK" config user.email >/dev/null ||
		git -C "$WORK" config user.email "gmem-hugetlb@localhost"
	apply_series
	exit 0
fi

[ "${1:-}" = --record ] && { record_state; exit 0; }

read -r hash head < "$WORK/.git/gmem-state" 2>/dev/null || { hash=; head=; }
[ "$hash" = "$(series_hash)" ] && exit 0
if [ "$head" = "$(git -C "$WORK" rev-parse HEAD)" ]; then
	log "patches/ changed: re-applying the series in $WORK"
	apply_series
else
	die "patches/ changed and $WORK has commits that are not exported. Export them (make export) or move the work tree away."
fi
