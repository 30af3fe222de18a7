#!/bin/bash
# Fetch Debian's linux-source-7.3 (pinned in base.lock) through a private apt
# configuration, and turn it into a git repository with a single "base"
# commit, cached under $CACHE.  Prints the path of that repository.
#
# The system's apt sources are never changed: we write our own sources list
# for the suite that carries 7.3.y and keep its lists under $CACHE.
set -eu
. "$(dirname "$0")/lib.sh"
load_lock

APTDIR=$CACHE/apt
DEBDIR=$CACHE/debs
mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial" "$DEBDIR"

# Use the Debian mirror the system is configured with.
mirror() {
	local m
	m=$(grep -hs -E '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources \
		/etc/apt/sources.list.d/*.list /etc/apt/sources.list |
		grep -o -E 'https?://[^ ]+/debian/?( |$)' | head -n1 | tr -d ' ')
	[ -n "$m" ] || die "no Debian mirror found in the system's apt sources"
	echo "${m%/}"
}

APT_OPTS=(-o "Dir::Etc::SourceList=$APTDIR/sources.list"
	  -o "Dir::Etc::SourceParts=/dev/null"
	  -o "Dir::State::Lists=$APTDIR/lists"
	  -o "Dir::Cache=$APTDIR/cache"
	  -o "APT::Sandbox::User=root")

apt_update() {
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $(mirror) $BASE_SUITE main" \
		> "$APTDIR/sources.list"
	apt-get "${APT_OPTS[@]}" -qq update >&2
}

version=$BASE_VERSION
deb=$DEBDIR/${BASE_PACKAGE}_${version//:/%3a}_all.deb

if ! [ -f "$deb" ] || ! echo "$BASE_SHA256  $deb" | sha256sum -c --quiet - 2>/dev/null; then
	rm -f "$deb"
	apt_update
	if ! (cd "$DEBDIR" && apt-get "${APT_OPTS[@]}" -qq download "$BASE_PACKAGE=$version" >&2); then
		newest=$(apt-cache "${APT_OPTS[@]}" madison "$BASE_PACKAGE" |
			awk -F'|' '{gsub(/ /,"",$2); print $2}' | sort -V | tail -n1)
		[ -n "$newest" ] || die "$BASE_PACKAGE is not served by $BASE_SUITE"
		msg="WARNING: pinned $BASE_PACKAGE $BASE_VERSION is no longer served; using $newest instead. Update base.lock."
		log ""; log "!!!!!!!! $msg"; log ""
		echo "$msg" > "$CACHE/base-warning"
		version=$newest
		deb=$DEBDIR/${BASE_PACKAGE}_${version//:/%3a}_all.deb
		(cd "$DEBDIR" && apt-get "${APT_OPTS[@]}" -qq download "$BASE_PACKAGE=$version" >&2)
	else
		echo "$BASE_SHA256  $deb" | sha256sum -c --quiet - ||
			die "sha256 of $deb does not match base.lock"
		rm -f "$CACHE/base-warning"
	fi
fi

repo=$CACHE/base/$version
if ! [ -f "$repo/.gmem-base-done" ]; then
	log "unpacking $BASE_PACKAGE $version into $repo"
	rm -rf "$repo"
	mkdir -p "$repo"
	dpkg-deb --fsys-tarfile "$deb" |
		tar -xO "./usr/src/$BASE_PACKAGE.tar.xz" |
		tar -xJ -C "$repo" --strip-components=1
	# One commit with fixed identity and dates, so every machine gets the
	# same base commit id.
	export GIT_AUTHOR_NAME=base GIT_AUTHOR_EMAIL=base@localhost
	export GIT_COMMITTER_NAME=base GIT_COMMITTER_EMAIL=base@localhost
	export GIT_AUTHOR_DATE='2026-01-01T00:00:00Z' GIT_COMMITTER_DATE='2026-01-01T00:00:00Z'
	git -C "$repo" init -q -b upstream
	git -C "$repo" add -A -f
	git -C "$repo" commit -q -m "base: Debian $BASE_PACKAGE $version"
	git -C "$repo" tag base
	# One pack without deltas: quick to write and to copy into work trees.
	git -C "$repo" repack -q -a -d --window=0
	git -C "$repo" gc -q --aggressive --prune=now 2>/dev/null || true
	touch "$repo/.gmem-base-done"
fi
echo "$repo"
