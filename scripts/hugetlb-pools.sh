#!/bin/bash
# Print each hstate's pool counters, one line a size; run inside the VM.
for d in /sys/kernel/mm/hugepages/hugepages-*; do
	printf '%-22s total=%-4s free=%-4s resv=%-4s surplus=%s\n' "${d##*/}" \
		"$(cat "$d/nr_hugepages")" "$(cat "$d/free_hugepages")" \
		"$(cat "$d/resv_hugepages")" "$(cat "$d/surplus_hugepages")"
done
