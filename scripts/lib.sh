# Common settings for the harness scripts; sourced, never run.
# shellcheck shell=bash

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Downloads, the unpacked base and ccache live outside the repo so that a
# fresh clone reuses them; nothing depends on them being there.
CACHE=${GMEM_CACHE:-/var/cache/gmem-hugetlb}
WORK=${GMEM_WORK:-$TOP/linux}          # kernel work tree (git-ignored)
BUILD=${GMEM_BUILD:-$TOP/build}        # build output (git-ignored)
KOBJ=$BUILD/kernel                     # O= of the kernel build
NPROC=$(nproc)

export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
# Kbuild passes absolute source paths: let ccache hash them relative to the
# build directory, so that a clone at another path (CI, a second work tree
# with GMEM_WORK/GMEM_BUILD laid out the same way) hits the same entries.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-/}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
# Reproducible builds help ccache hit across work tree re-creations.
export KBUILD_BUILD_TIMESTAMP='2026-01-01 00:00:00'
export KBUILD_BUILD_USER=gmem
export KBUILD_BUILD_HOST=gmem-hugetlb

log() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# phase NAME CMD...: run CMD and print how long it took.
phase() {
	local name=$1 t0 rc
	shift
	t0=$(date +%s)
	log "== $name"
	"$@"
	rc=$?
	if [ "$rc" -eq 0 ]; then
		log "== $name: $(( $(date +%s) - t0 ))s"
	else
		log "== $name: $(( $(date +%s) - t0 ))s, FAILED (exit $rc)"
	fi
	return "$rc"
}

# Read base.lock into BASE_* variables.
load_lock() {
	local k v
	while IFS='=' read -r k v; do
		case $k in
		''|'#'*) ;;
		*) printf -v "BASE_$k" '%s' "$v" ;;
		esac
	done < "$TOP/base.lock"
}
