#!/bin/bash
# Runs inside the test VM for `make run`: a short report of what the
# series gives.
echo "kernel:  $(uname -r) ($(uname -v))"
echo "cmdline: $(cat /proc/cmdline | tr ' ' '\n' | grep -E '^huge|^default_huge' | tr '\n' ' ')"
echo
echo "HugeTLB pools:"
"$GMEM_TOP/scripts/hugetlb-pools.sh" | sed 's/^/  /'
echo "  HVO (vm.hugetlb_optimize_vmemmap): $(cat /proc/sys/vm/hugetlb_optimize_vmemmap 2>/dev/null || echo n/a)"
echo
sed 's/^/  /' "$GMEM_SCRATCH/init.log"
"$GMEM_BUILD/tools/gmem-report"
