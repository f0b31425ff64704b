# gvt-mpt top-level Makefile.  `make check` and `make demo` install what they
# need (scripts/deps.sh); see README.md.
.DEFAULT_GOAL := all
SHELL := /bin/bash

include tests/Makefile.inc
include tests/fuzz/Makefile.inc
include bench/Makefile.inc

HARNESS := $(B)/run_scenarios $(B)/test_core $(B)/test_property $(B)/demo_core
HARNESS_SAN := $(B)/san-run_scenarios $(B)/san-test_core $(B)/san-test_property

.PHONY: all deps harness core-pure check check-harness check-vm demo demo-core demo-xen clean lint \
	modules modules-clean

# Kernel modules, out of tree, against the stock Debian headers.
KABI ?= $(shell scripts/deps.sh --print-abi 2>/dev/null)
KDIR ?= /usr/src/linux-headers-$(KABI)

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

modules-clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean

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

KERNEL_SRC := $(wildcard common/*.c common/*.h kvmgt/*.c xengt/*.c mpt/*.h uapi/*.h)
KERNEL_SRC := $(filter-out %.mod.c,$(KERNEL_SRC))

# checkpatch --strict and sparse (C=2) on every kernel source.
lint:
	scripts/checkpatch.sh $(KERNEL_SRC)
	@out=$$($(MAKE) -s --no-print-directory -C $(KDIR) M=$(CURDIR) C=2 modules 2>&1 | grep -v 'Skipping BTF'); \
	if [ -n "$$out" ]; then echo "$$out"; exit 1; fi; echo "sparse (C=2): clean"

check-vm:
	tests/vm/run-kvmgt.sh test
	tests/vm/run-xengt.sh test

# The same workloads on Xen: PV dom0, mpt_xengt, the event-channel consumer.
demo-xen: deps
	tests/vm/run-xengt.sh demo
	@echo
	@echo "xengt (Xen 4.17 PV dom0), 60 Hz emulated vblank, one head:"
	@scripts/demo-table.sh build/vm/xengt/demo.jsonl | tee build/vm/xengt/demo.md

check: deps
	scripts/deps.sh kernel lint fuzz
	$(MAKE) lint
	$(MAKE) lint-user
	$(MAKE) check-harness
	$(MAKE) check-fuzz
	$(MAKE) check-vm

# The main demo: the stock kernel in a VM, kvmgt, the reference consumer
# against scripted guest workloads, event mode vs a 30 ms timer.
demo: deps
	tests/vm/run-kvmgt.sh demo
	@echo
	@echo "kvmgt, 60 Hz emulated vblank, one head (see README.md for the columns):"
	@scripts/demo-table.sh build/vm/kvmgt/demo.jsonl | tee build/vm/kvmgt/demo.md

# The same workloads on the pure core in userspace, no VM.
demo-core: deps
	$(MAKE) $(B)/demo_core
	$(B)/demo_core

clean: modules-clean
	rm -rf build
