#!/bin/bash
# PID 1 of the test VM (see scripts/vm.sh): mount what the tests need,
# load KVM from the build, record baselines, run the command, power off.
# Runs from the host's read-only root; writes only to tmpfs and the
# scratch share.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb LANG=C.UTF-8

poweroff_now() {
	sync
	echo o > /proc/sysrq-trigger
	sleep 30
	exit 1 # init exiting panics, and panic=-1 ends QEMU too
}
trap poweroff_now EXIT

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mountpoint -q /dev || mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm /dev/hugepages
# What udev would add: bash's process substitution <(...) opens /dev/fd/N.
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
for i in 0:stdin 1:stdout 2:stderr; do
	[ -e "/dev/${i#*:}" ] || ln -s "/proc/self/fd/${i%%:*}" "/dev/${i#*:}"
done
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
# Writable tmpfs over the host's /tmp, /run, /var/tmp, /root and /mnt (mm
# selftests mount hugetlbfs at /mnt/huge).  The repo and the build may
# live below one of them (a clone in /tmp): bind them back from a second
# view of the host's root.
mkdir -p /dev/.host
mount --bind / /dev/.host
for d in /tmp /run /var/tmp /root /mnt; do
	mount -t tmpfs tmpfs "$d"
	for p in "$GMEM_TOP" "$GMEM_BUILD"; do
		case $p/ in
		"$d"/*)
			mountpoint -q "$p" && continue
			mkdir -p "$p"
			mount --bind "/dev/.host$p" "$p"
			;;
		esac
	done
done
mount -t debugfs debugfs /sys/kernel/debug
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t cgroup2 cgroup2 /sys/fs/cgroup
mount -t hugetlbfs hugetlbfs /dev/hugepages
mkdir -p /run/scratch
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 scratch /run/scratch
S=/run/scratch
stty -F /dev/ttyS1 raw -echo 2>/dev/null
exec 3>/dev/ttyS1

# Modules from the build, not the host's.
{
	echo "kernel: $(uname -r)"
	if modprobe -d "$GMEM_BUILD/modroot" kvm_amd; then
		echo "kvm_amd: loaded"
	else
		echo "kvm_amd: FAILED to load"
	fi
} > "$S/init.log" 2>&1

# Baselines for the invariants of DESIGN.md section 5.
snapshot() {
	grep -E '^(MemFree|HugePages_|Hugetlb)' /proc/meminfo
	"$GMEM_TOP/scripts/hugetlb-pools.sh"
}
snapshot > "$S/baseline.txt"

# Whether the kernel's own checkers are still on.  Lockdep switches itself
# off for good after its first report or any taint that makes it unreliable
# (a KASAN report, a bad page, ...): debug_locks goes to 0 and every later
# locking bug of the run goes unchecked.  KASAN reports once a boot (no
# kasan_multi_shot) and taints the kernel 'B'.  The verdict fails a run whose
# state says so (scripts/verdict.py); "boot" is taken before the command,
# "end" after it.
debug_state() {
	local dl
	dl=$(awk '/^ *debug_locks:/ { print $2 }' /proc/lockdep_stats 2>/dev/null)
	echo "$1.debug_locks=${dl:-none}"
	echo "$1.tainted=$(cat /proc/sys/kernel/tainted)"
}
debug_state boot > "$S/debug-state.txt"

cd "$S"
export GMEM_TOP GMEM_BUILD GMEM_SCRATCH=$S
bash "$S/cmd" < /dev/null 2>&1 | tee "$S/output.txt" >&3
rc=${PIPESTATUS[0]}

snapshot > "$S/after.txt"
debug_state end >> "$S/debug-state.txt"
dmesg > "$S/dmesg.txt"
echo "$rc" > "$S/rc"
exec 3>&-
