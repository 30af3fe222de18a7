#!/bin/bash
# Install what the harness needs from Debian's archive, only when missing.
set -eu
. "$(dirname "$0")/lib.sh"

pkgs=(build-essential bc bison flex libelf-dev libssl-dev ccache git
      qemu-system-x86 cpio rsync kmod xz-utils python3 pkg-config
      libcap-dev libnuma-dev dwarves python3-ply python3-git
      psmisc procps e2fsprogs)
# The last three for the guest, which runs the host's userspace: the mm
# selftest scripts call killall, ps and pgrep; tests/with-ext4-tmp mkfs.ext4.
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
log "installing: ${missing[*]}"
[ "$(id -u)" -eq 0 ] || die "need root to apt-get install ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
