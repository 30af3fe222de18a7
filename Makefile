# gmem-hugetlb harness.  See README.md.
#
#   make test          build, boot the test kernel in QEMU, run every test
#   make run           build, boot, and report what the series gives
#   make check-series  git am onto a fresh base + checkpatch --strict
#   make check-bisect  build every commit of the work tree on its own
#   make check-verdict the verdict on synthetic runs (no kernel, no VM)
#   make export        work tree commits -> patches/ (safe with no work tree)
#   make vm CMD='...'  boot the test VM and run one command in it
#   make tree | build  the work tree (linux/) | the kernel and selftests

SHELL := /bin/bash
S := scripts

.PHONY: test run check-series check-bisect check-verdict export vm tree build deps clean help

test:
	@$(S)/test.sh

run:
	@$(S)/run.sh

check-series:
	@$(S)/check-series.sh

check-bisect:
	@$(S)/check-bisect.sh

check-verdict:
	@$(S)/verdict-selftest.sh

export:
	@$(S)/export.sh

vm:
	@test -n "$(CMD)" || { echo "usage: make vm CMD='command'" >&2; exit 2; }
	@$(S)/vm.sh -n vm '$(subst ','\'',$(CMD))'

deps:
	@$(S)/deps.sh

tree: deps
	@$(S)/prepare-tree.sh

build: tree
	@$(S)/build.sh all

clean:
	rm -rf build

help:
	@sed -n '1,/^$$/p' Makefile
