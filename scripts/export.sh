#!/bin/bash
# Write every commit after "base" in the work tree back into patches/ and
# patches/series.  Silent, and a no-op, when there is no work tree or
# nothing changed; running it twice changes nothing.
set -eu
. "$(dirname "$0")/lib.sh"

[ -d "$WORK/.git" ] || exit 0
git -C "$WORK" rev-parse -q --verify base >/dev/null || exit 0

# Debian's top-level .gitignore ignores every new file ("/*"): a new
# source file that was not added with "git add -f" would silently miss
# the series.  Name any such file (the mm selftests' generated config
# files aside).
lost=$(git -C "$WORK" ls-files --others --ignored --exclude-standard |
	grep -v '^tools/testing/selftests/mm/local_config\.' || true)
[ -z "$lost" ] || log "warning: files in $WORK that git ignores, not in any commit (git add -f?):
$lost"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Unnumbered subjects and zeroed From lines: adding a patch or rebasing
# does not rewrite the files of the others.
git -C "$WORK" format-patch -q -N --zero-commit --no-signature \
	-o "$tmp" base..HEAD
(cd "$tmp" && ls -1 -- *.patch 2>/dev/null || true) > "$tmp/series"

mkdir -p "$TOP/patches"
changed=0
for f in "$TOP"/patches/*.patch; do
	[ -e "$f" ] || continue
	if ! [ -e "$tmp/$(basename "$f")" ]; then
		rm -f "$f"
		changed=1
	fi
done
for f in "$tmp"/*.patch "$tmp/series"; do
	[ -e "$f" ] || continue
	if ! cmp -s "$f" "$TOP/patches/$(basename "$f")"; then
		cp "$f" "$TOP/patches/"
		changed=1
	fi
done
"$TOP/scripts/prepare-tree.sh" --record
[ "$changed" = 0 ] || log "exported $(grep -c . "$tmp/series" || true) patches to patches/"
