#!/bin/bash
# Build the test kernel (bzImage, modules, uapi headers) from the work tree
# into $KOBJ, and the selftests the suite runs into $BUILD/selftests.
# Incremental: a second run with nothing changed is quick.
set -eu
. "$(dirname "$0")/lib.sh"

[ -d "$WORK/.git" ] || die "no work tree: run scripts/prepare-tree.sh"
CC="gcc"
command -v ccache >/dev/null && CC="ccache gcc"
KMAKE=(make -s -C "$WORK" O="$KOBJ" -j"$NPROC" CC="$CC" HOSTCC="$CC")
FRAGS=("$WORK/kernel/configs/kvm_guest.config" "$TOP/config/gmem-hugetlb.config")
# A developer's own fragment on top, e.g. one that turns KASAN off for a
# quick iteration or a measurement; its options are not checked.
EXTRA=${GMEM_CONFIG_EXTRA:-}
[ -n "$EXTRA" ] && FRAGS+=("$EXTRA")

# Options of config/gmem-hugetlb.config that did not stick in $KOBJ/.config.
# check-bisect (GMEM_BISECT=1) builds commits that predate some options:
# there, an option no Kconfig file of the tree defines is not required.
config_mismatch() {
	local line sym known=
	[ "${GMEM_BISECT:-}" = 1 ] &&
		known=$(grep -rhoE --include='Kconfig*' '^(menu)?config [A-Za-z0-9_]+' "$WORK" |
			awk '{ print "CONFIG_" $2 }' | sort -u)
	while read -r line; do
		case $line in
		CONFIG_*=*) sym=${line%%=*} ;;
		'# CONFIG_'*' is not set') sym=${line#\# }; sym=${sym%% *} ;;
		*) continue ;;
		esac
		if [ -n "$known" ] && ! grep -qx -- "$sym" <<< "$known"; then
			continue
		fi
		case $line in
		CONFIG_*=*) grep -qx -- "$line" "$KOBJ/.config" || echo "$line did not stick" ;;
		*) grep -q "^$sym=" "$KOBJ/.config" && echo "$sym should be unset" ;;
		esac
	done < "$TOP/config/gmem-hugetlb.config"
	return 0
}

config() {
	local want stamp=$KOBJ/.gmem-config-inputs bad
	mkdir -p "$KOBJ"
	want=$(cat "$WORK/arch/x86/configs/x86_64_defconfig" "${FRAGS[@]}" | sha256sum)
	if [ -f "$KOBJ/.config" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
		"${KMAKE[@]}" olddefconfig
		# Still complete? (An older commit may have dropped an option
		# its Kconfig did not know yet.)
		[ -n "$EXTRA" ] || [ -n "$(config_mismatch)" ] || return 0
		log "config: options were lost, merging the fragments again"
	fi
	"${KMAKE[@]}" x86_64_defconfig
	"$WORK/scripts/kconfig/merge_config.sh" -m -O "$KOBJ" "$KOBJ/.config" "${FRAGS[@]}" >/dev/null
	"${KMAKE[@]}" olddefconfig
	# Every option the fragments ask for must have stuck.
	bad=$(config_mismatch)
	if [ -n "$bad" ]; then
		echo "$bad" | while read -r l; do log "config: $l"; done
		[ -z "$EXTRA" ] || log "config: differences expected with $EXTRA"
		[ -n "$EXTRA" ] || die "kernel config does not match config/gmem-hugetlb.config"
	fi
	echo "$want" > "$stamp"
}

kernel() {
	"${KMAKE[@]}" bzImage modules
	rm -rf "$BUILD/modroot.new"
	"${KMAKE[@]}" INSTALL_MOD_PATH="$BUILD/modroot.new" INSTALL_MOD_STRIP=1 \
		DEPMOD=/sbin/depmod modules_install
	rm -rf "$BUILD/modroot"
	mv "$BUILD/modroot.new" "$BUILD/modroot"
	"${KMAKE[@]}" headers_install
}

# The selftests the suite runs (tests/suite.list), built against the work
# tree's uapi headers.
KVM_TESTS=(guest_memfd_test set_memory_region_test pre_fault_memory_test
	   x86/private_mem_conversions_test x86/private_mem_kvm_exits_test
	   guest_memfd_conversions_test)
MM_TESTS=(hugetlb-madvise hugetlb-mmap hugetlb-mremap
	  hugetlb-shm hugetlb_dio hugetlb_madv_vs_map thuge-gen
	  hugetlb-soft-offline hugetlb-read-hwpoison
	  write_to_hugetlbfs)
# Shell tests of the mm directory and the scripts they call; they run from
# selftests/mm next to the binaries (./write_to_hugetlbfs), as upstream's
# run_tests copies them next to its OUTPUT.
MM_SCRIPTS=(charge_reserved_hugetlb.sh write_hugetlb_memory.sh
	    hugetlb_reparenting_test.sh)

selftests() {
	local out=$BUILD/selftests t
	local kvm=() mm=()
	# Only those the tree has (check-bisect builds early commits too); a
	# test the suite lists but the tree lacks fails in the VM.
	for t in "${KVM_TESTS[@]}"; do
		[ -f "$WORK/tools/testing/selftests/kvm/$t.c" ] && kvm+=("$out/kvm/$t")
	done
	for t in "${MM_TESTS[@]}"; do
		[ -f "$WORK/tools/testing/selftests/mm/$t.c" ] && mm+=("$out/mm/$t")
	done
	mkdir -p "$out/kvm" "$out/mm"
	# Userspace warnings from upstream's selftests go to a log, not the
	# terminal; it is printed when the build fails.
	if ! { make -s -C "$WORK/tools/testing/selftests/kvm" -j"$NPROC" CC="$CC" \
			OUTPUT="$out/kvm" INSTALL_HDR_PATH="$KOBJ/usr" "${kvm[@]}" &&
	       make -s -C "$WORK/tools/testing/selftests/mm" -j"$NPROC" CC="$CC" \
			OUTPUT="$out/mm" KHDR_INCLUDES="-isystem $KOBJ/usr/include" "${mm[@]}"
	     } > "$out/build.log" 2>&1; then
		cat "$out/build.log" >&2
		return 1
	fi
	for t in "${MM_SCRIPTS[@]}"; do
		t=$WORK/tools/testing/selftests/mm/$t
		if [ -f "$t" ]; then cp -p "$t" "$out/mm/"; fi
	done
	mkdir -p "$BUILD/tools"
	$CC -O2 -Wall -Werror -isystem "$KOBJ/usr/include" \
		-o "$BUILD/tools/gmem-report" "$TOP/scripts/gmem-report.c"
}

case ${1:-all} in
config) phase "kernel config" config ;;
kernel) phase "kernel build" kernel ;;
selftests) phase "selftests build" selftests ;;
all)
	phase "kernel config" config
	phase "kernel build" kernel
	phase "selftests build" selftests
	;;
*) die "usage: $0 [config|kernel|selftests|all]" ;;
esac
