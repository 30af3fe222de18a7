#!/bin/bash
# Runs inside the test VM (through scripts/vm.sh): every test of a suite
# list with a timeout, one result line each in results.tsv, the output of
# each test in logs/, and the hugetlb pool invariant checked at the end.
set -u
list=$1
sel=$GMEM_BUILD/selftests
S=${GMEM_SCRATCH:-$PWD}
mkdir -p "$S/logs"
: > "$S/results.tsv"

pool() { "$GMEM_TOP/scripts/hugetlb-pools.sh"; }
memfree() { awk '/^MemFree:/ { print $2 }' /proc/meminfo; }

record() { # name status seconds note
	printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$S/results.tsv"
	printf '%-6s %-44s %7ss %s\n' "$2" "$1" "$3" "$4"
}

pool_before=$(pool)
sync; echo 3 > /proc/sys/vm/drop_caches
mem_before=$(memfree)

while read -r name tmo cmd; do
	# KUnit suites ran at boot; the verdict reads them from the log.
	case $name in ''|'#'*|kunit/*) continue ;; esac
	log=$S/logs/${name//\//_}.log
	t0=$(date +%s.%N)
	(cd "$sel" && exec timeout -k 10 "$tmo" bash -c "$cmd") > "$log" 2>&1 < /dev/null
	rc=$?
	secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
	note=
	case $rc in
	0) status=PASS
	   if grep -qE '^(ok|not ok) [0-9]+.*# *SKIP' "$log"; then
		status=SKIP
		note="skipped subtests: $(grep -cE '^(ok|not ok) [0-9]+.*# *SKIP' "$log")"
	   fi ;;
	4) status=SKIP; note="$(grep -m1 -iE 'skip' "$log" | cut -c1-100)" ;;
	124|137) status=FAIL; note="timed out after ${tmo}s" ;;
	*) status=FAIL; note="exit $rc" ;;
	esac
	record "$name" "$status" "$secs" "$note"
done < "$list"

# DESIGN.md section 5: the pool is back where it was once every test has
# closed its files; MemFree is reported.
pool_after=$(pool)
sync; echo 3 > /proc/sys/vm/drop_caches
mem_after=$(memfree)
{ echo "before:"; echo "$pool_before"; echo "after:"; echo "$pool_after"
  echo "MemFree before=${mem_before}kB after=${mem_after}kB"; } > "$S/logs/invariants_hugetlb-pool.log"
if [ "$pool_before" = "$pool_after" ]; then
	record invariants/hugetlb-pool PASS 0 "MemFree delta $(( (mem_after - mem_before) / 1024 )) MiB"
else
	record invariants/hugetlb-pool FAIL 0 "pool changed: $(diff <(echo "$pool_before") <(echo "$pool_after") | grep '^>' | tr '\n' ' ')"
fi
exit 0
