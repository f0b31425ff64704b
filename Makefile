# gvt-mpt top-level Makefile.  `make check` and `make demo` install what they
# need (scripts/deps.sh); see README.md.
.DEFAULT_GOAL := all
SHELL := /bin/bash

include tests/Makefile.inc
include tests/fuzz/Makefile.inc
include bench/Makefile.inc

HARNESS := $(B)/run_scenarios $(B)/test_core $(B)/test_property $(B)/test_png \
	$(B)/demo_core
HARNESS_SAN := $(B)/san-run_scenarios $(B)/san-test_core $(B)/san-test_property \
	$(B)/san-test_png

.PHONY: all deps harness core-pure check check-harness check-vm check-debug check-detectors debug-kernel demo demo-core demo-xen clean lint \
	modules modules-clean

# The supported kernels; the list (and each one's metapackage) lives in
# scripts/deps.sh only.  KERNEL picks one for modules, demo, demo-xen and
# bench (default: the first, 6.1); KABI, or GVT_KABI in the environment,
# names an ABI directly.  lint, check and check-vm cover every kernel.
KERNELS := $(shell scripts/deps.sh --kernels)
KERNEL ?= $(firstword $(KERNELS))
# The ABI of KERNEL, looked up once and only if a recipe needs it.
KABI ?= $(eval KABI := $(shell scripts/deps.sh --print-abi $(KERNEL)))$(KABI)

# Kernel modules, out of tree, against Debian's headers for KABI (fetched
# and unpacked under build/vm/kernel/, never installed), built from a copy
# of the kernel sources in build/kmod/$(KABI)/ (scripts/kmod.sh).  KDIR
# overrides the headers.
modules:
	scripts/kmod.sh -a '$(KABI)' $(if $(KDIR),-C '$(KDIR)') modules
	@echo "modules: build/kmod/$(KABI)/{common,kvmgt,xengt}/*.ko"

modules-clean:
	rm -rf build/kmod

all: harness

deps:
	scripts/deps.sh build

harness: $(HARNESS) $(HARNESS_SAN)

# The pure core: freestanding, no headers but fixed-width types, no
# undefined symbol.
core-pure:
	@mkdir -p $(B)
	$(HCC) -std=c99 -ffreestanding -nostdlib -Wall -Wextra -Werror -O2 \
		-c common/gvt_display.c -o $(B)/core-pure.o
	$(HCC) -std=c99 -ffreestanding -nostdlib -Wall -Wextra -Werror -O2 \
		-c common/gvt_irqset.c -o $(B)/irqset-pure.o
	@undef=$$(nm -u $(B)/core-pure.o; nm -u $(B)/irqset-pure.o); \
	if [ -n "$$undef" ]; then echo "core-pure: undefined: $$undef"; exit 1; fi; \
	echo "core-pure: ok (no undefined symbols)"

check-harness: core-pure harness
	$(B)/run_scenarios $(SCENARIOS)
	$(B)/san-run_scenarios $(SCENARIOS)
	$(B)/test_core
	$(B)/san-test_core
	$(B)/test_property
	$(B)/san-test_property
	$(B)/test_png
	$(B)/san-test_png

KERNEL_SRC := $(wildcard common/*.c common/*.h kvmgt/*.c xengt/*.c mpt/*.h uapi/*.h \
	tests/vm/plant/*.c)
KERNEL_SRC := $(filter-out %.mod.c,$(KERNEL_SRC))

# checkpatch --strict (from linux-source-<K> of every kernel K) and sparse
# (C=2, against every kernel's headers) on every kernel source.
lint:
	@rc=0; scripts/checkpatch.sh $(KERNEL_SRC) || rc=1; \
	scripts/sparse.sh $(KERNELS) || rc=1; exit $$rc

# The VM suites on every kernel, one after the other (make check runs them
# two at a time).
check-vm:
	@rc=0; for k in $(KERNELS); do \
		abi=$$(env -u GVT_KABI scripts/deps.sh --print-abi $$k) || exit 1; \
		GVT_KABI=$$abi tests/vm/run-kvmgt.sh test || rc=1; \
		GVT_KABI=$$abi tests/vm/run-xengt.sh test || rc=1; \
	done; exit $$rc

# The debug kernels (scripts/debug-kernel.sh: Debian's linux-source-6.12
# with KASAN, lockdep, kmemleak, UBSAN, KFENCE, debugobjects; --xen, the
# dom0 variant without KASAN, which cannot boot as a Xen PV guest), built
# once and cached outside the clone (~/.cache/gvt-mpt/debug-kernel/).
debug-kernel:
	scripts/debug-kernel.sh
	scripts/debug-kernel.sh --xen

# Proof that the debug kernel's detectors fire and that tests/vm/reports.sh
# counts each report once, under its kind: one VM with one planted bug per
# detector (tests/vm/plant/, tests/vm/run-plant.sh); make check-debug runs
# it first.  scripts/check-detectors.sh --xen adds the Xen dom0 kernel.
check-detectors:
	scripts/check-detectors.sh

# Both VM suites on the debug kernels, with a randomized storm (GVT_STORM
# seconds each, default 60), after proving that every detector fires; 0
# kernel reports or it fails (scripts/check.sh --debug).
check-debug:
	scripts/check.sh --debug

# The same workloads on Xen: PV dom0, mpt_xengt, the event-channel consumer.
demo-xen: deps
	GVT_KABI='$(KABI)' tests/vm/run-xengt.sh demo
	@echo
	@echo "xengt (Xen 4.17 PV dom0, $(KABI)), 60 Hz emulated vblank, one head:"
	@scripts/demo-table.sh build/vm/$(KABI)/xengt/demo.jsonl | tee build/vm/$(KABI)/xengt/demo.md
	@echo "last frame shown per workload (PNG, pipe A with its cursor):"
	@sed 's/^/  /' build/vm/$(KABI)/xengt/frames.txt
	@echo "timeline of the story, guest updates vs wakeups, events vs a 30 ms timer (PNG):"
	@sed 's/^/  /' build/vm/$(KABI)/xengt/timeline.txt

# Everything on every kernel, timed part by part, two parts at a time
# (scripts/check.sh; logs in build/check/, GVT_CHECK_JOBS=1 for one at a time).
check:
	scripts/check.sh

# The main demo: the stock kernel in a VM, kvmgt, the reference consumer
# against scripted guest workloads, event mode vs a 30 ms timer.
demo: deps
	GVT_KABI='$(KABI)' tests/vm/run-kvmgt.sh demo
	@echo
	@echo "kvmgt ($(KABI)), 60 Hz emulated vblank, one head (see README.md for the columns):"
	@scripts/demo-table.sh build/vm/$(KABI)/kvmgt/demo.jsonl | tee build/vm/$(KABI)/kvmgt/demo.md
	@echo "last frame shown per workload (PNG, pipe A with its cursor):"
	@sed 's/^/  /' build/vm/$(KABI)/kvmgt/frames.txt
	@echo "timeline of the story, guest updates vs wakeups, events vs a 30 ms timer (PNG):"
	@sed 's/^/  /' build/vm/$(KABI)/kvmgt/timeline.txt

# The same workloads on the pure core in userspace, no VM.
demo-core: deps
	$(MAKE) $(B)/demo_core
	$(B)/demo_core

# build/ holds every output (modules per ABI, fetched kernels, logs); the
# rest removes what in-tree module builds of older trees left behind.
clean:
	rm -rf build
	rm -f Module.symvers modules.order
	find common kvmgt xengt \( -name '*.o' -o -name '*.ko' -o -name '*.mod' \
		-o -name '*.mod.c' -o -name '.*.cmd' -o -name 'modules.order' \) -delete
