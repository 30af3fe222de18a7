#!/bin/bash
# make check-verdict: run scripts/verdict.py on synthetic run directories
# and check that each fails or passes as it should, with the right reason.
# Needs no kernel and no VM; takes a second.
set -u
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
[ -n "${VERDICT_SELFTEST_KEEP:-}" ] && log "verdict-selftest: runs kept in $tmp" || trap 'rm -rf "$tmp"' EXIT
fails=0

# mkrun NAME STATE: a run directory with one passing test, a kernel log from
# stdin and scratch/debug-state.txt from STATE ("-" for none).
mkrun() {
	local d=$tmp/$1
	mkdir -p "$d/scratch"
	printf 'demo\tPASS\t1.0\t\n' > "$d/scratch/results.tsv"
	cat > "$d/serial.log"
	[ "$2" = - ] || printf '%b' "$2" > "$d/scratch/debug-state.txt"
	echo "$d"
}

# expect NAME EXIT 'ROW-REGEX'...: verdict's exit code and rows.
expect() {
	local name=$1 want=$2 out rc re
	shift 2
	out=$(python3 "$TOP/scripts/verdict.py" "$tmp/$name" 2>&1)
	rc=$?
	if [ "$rc" != "$want" ]; then
		log "verdict-selftest: $name: exit $rc, expected $want"
		fails=$((fails + 1))
	fi
	for re in "$@"; do
		if ! grep -qE -- "$re" <<< "$out"; then
			log "verdict-selftest: $name: no line matches: $re"
			fails=$((fails + 1))
		fi
	done
	[ "$rc" = "$want" ] || printf '%s\n' "$out" | sed 's/^/    /' >&2
}

head='[    0.000000] Linux version 7.3.4
[    0.000000] Kernel command line: console=ttyS0 hugepages=2
[    0.000000] KernelAddressSanitizer initialized (generic)
[    0.001000] Lock dependency validator: Copyright (c) 2006 Red Hat, Inc., Ingo Molnar'
ok='boot.debug_locks=1\nboot.tainted=262144\nend.debug_locks=1\nend.tainted=262144\n'

# A clean run: every checker on to the end (taint N from KUnit is fine).
mkrun clean "$ok" <<< "$head" >/dev/null
expect clean 0 '^PASS +lockdep .*on to the end' '^PASS +kasan ' '^PASS +dmesg ' '^4 passed, 0 failed'

# The early report of issue 13: KASAN reports, taints B, lockdep goes off.
mkrun kasan 'boot.debug_locks=0\nboot.tainted=32\nend.debug_locks=0\nend.tainted=32\n' >/dev/null <<EOF
$head
[    0.005123] ==================================================================
[    0.005124] BUG: KASAN: wild-memory-access in do_raw_spin_lock+0x1a5/0x270
[    0.005125] Write of size 4 at addr ff11000100044d80 by task swapper/0/0
[    0.005200] ==================================================================
[    0.005201] Disabling lock debugging due to kernel taint
EOF
expect kasan 1 '^FAIL +lockdep .*switched itself off during boot.*BUG: KASAN: wild-memory-access.*taint B' \
	'^FAIL +kasan .*reported at \[0\.005124\].*later bad access of this run went unreported' \
	'^FAIL +dmesg '

# Lockdep ran out of room: it says so and turns itself off.
mkrun lockdep-full "boot.debug_locks=1\nboot.tainted=0\nend.debug_locks=0\nend.tainted=0\n" >/dev/null <<EOF
$head
[  100.000000] BUG: MAX_LOCKDEP_CHAIN_HLOCKS too low!
[  100.000001] turning off the locking correctness validator.
EOF
expect lockdep-full 1 '^FAIL +lockdep .*while the command ran.*MAX_LOCKDEP_CHAIN_HLOCKS.*turning off' '^PASS +kasan '

# Lockdep off with nothing in the log still fails.
mkrun lockdep-quiet "boot.debug_locks=1\nboot.tainted=0\nend.debug_locks=0\nend.tainted=0\n" <<< "$head" >/dev/null
expect lockdep-quiet 1 '^FAIL +lockdep .*no reason in the log' '^PASS +dmesg '

# Tainted B with no report in the log (the log lost it).
mkrun taint-b 'boot.debug_locks=1\nboot.tainted=0\nend.debug_locks=1\nend.tainted=32\n' <<< "$head" >/dev/null
expect taint-b 1 '^FAIL +kasan .*tainted B.*no such report'

# The guest did not finish: no end state.
mkrun no-state - <<< "$head" >/dev/null
expect no-state 1 '^FAIL +lockdep .*no end-of-run state'

# A kernel built without lockdep or KASAN checks nothing of that.
mkrun no-checkers 'boot.debug_locks=none\nboot.tainted=0\nend.debug_locks=none\nend.tainted=0\n' >/dev/null <<EOF
[    0.000000] Linux version 7.3.4
[    0.000000] Kernel command line: console=ttyS0
EOF
expect no-checkers 1 '^FAIL +lockdep .*not in this kernel' '^FAIL +kasan .*not in this kernel'

if [ "$fails" -ne 0 ]; then
	log "verdict-selftest: $fails check(s) failed"
	exit 1
fi
log "verdict-selftest: 7 synthetic runs, verdict as expected"
