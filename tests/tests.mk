# Test suites. check-all runs every suite and ends with the summary line
# "N passed, N failed" that CI reads.

.PHONY: check-all check-vm bench-hooks bench-scan demo clean-tests vm-tools

# Escape and benchmark helpers for the VM bench, linked statically so
# they also run inside the busybox containers of the guest.
VM_TOOL_SRCS := $(sort $(wildcard tests/vm/tools/*.c))
VM_TOOLS := $(VM_TOOL_SRCS:tests/vm/tools/%.c=build/vm/tools/%)

build/vm/tools/%: tests/vm/tools/%.c tests/vm/tools/tool.h
	@mkdir -p $(dir $@)
	$(CC) -O2 -static -std=gnu11 -Wall -Wextra $(WERROR) -D_GNU_SOURCE -o $@ $<

# Raw netlink requests that dsecctl never sends; runs on the guest's
# host side only, so it links libmnl dynamically.
build/vm/tools/nl-raw: tests/vm/nl-raw.c include/uapi/linux/dsec.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< -lmnl

vm-tools: $(VM_TOOLS) build/vm/tools/nl-raw

check-all: all
	tests/run-all.sh

# Every case of tests/vm/cases on every test kernel (DSEC_VM_KERNELS and
# DSEC_VM_CASES narrow the run).
check-vm: ctl vm-tools
	tests/vm/run-cases.sh

# Hook overhead in QEMU's instruction-counting mode; writes the figures
# into docs/benchmarks.md.
bench-hooks: ctl vm-tools
	tests/vm/bench/run.sh

# The README's first command: build the demo image, scan it, generate
# its policy and show dsec blocking escapes in a QEMU guest. It needs
# only the userspace tools: run.sh builds dsec.ko for the guest kernel.
# -s keeps compiler command lines out of the demo's output; compiler
# errors and warnings still show.
demo: deps
	@echo "== Building dsecctl and dsec-oci-hook"
	@$(MAKE) -s ctl
	tests/demo/run.sh

clean-tests:
	rm -rf tests/out build/vm build/kmod
