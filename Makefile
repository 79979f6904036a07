# dsec top-level build. `make` builds kmod/dsec.ko and ctl/dsecctl;
# `make check` installs dependencies and runs every test.

DSEC_VERSION := 0.1.0
CC ?= gcc
PKG_CONFIG ?= pkg-config
WERROR ?= -Werror
CFLAGS ?= -O2 -g
CFLAGS += -std=gnu11 -Wall -Wextra -Wno-unused-parameter -Wshadow \
	  -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes \
	  -D_GNU_SOURCE -fstack-protector-strong $(WERROR) \
	  -I$(CURDIR)/include/uapi -I$(CURDIR) \
	  -DDSEC_VERSION=\"$(DSEC_VERSION)\"
LDFLAGS ?=
# Installation prefix. dsecctl looks for its YARA rules in
# $(PREFIX)/share/dsec/yara, then in ../share/dsec/yara next to itself.
PREFIX ?= /usr/local
CFLAGS += -DDSEC_SHARE_DIR=\"$(PREFIX)/share/dsec\"

# Kernel build tree: the running kernel's, else the newest Debian
# headers installed by `make deps`. Override with KDIR=.
KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
	  $(lastword $(sort $(wildcard /usr/src/linux-headers-*-amd64))))

.PHONY: all kmod deps check demo bench clean checkpatch install
all: kmod ctl

kmod:
	@if [ -z "$(KDIR)" ]; then \
		echo "kmod: no kernel build tree found; run 'make deps' or set KDIR=" >&2; \
		exit 1; fi
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod modules

deps:
	tests/deps.sh

include scan/scan.mk
include ctl/ctl.mk
include tests/tests.mk

check: deps
	$(MAKE) check-all

bench: bench-hooks bench-scan

# Userspace only: dsecctl, the OCI hook, the YARA rules and the shipped
# policies. DESTDIR stages the tree for a package.
install: ctl
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/dsec/yara
	install -m 0755 ctl/dsecctl ctl/oci-hook/dsec-oci-hook $(DESTDIR)$(PREFIX)/bin/
	install -m 0644 rules/yara/*.yar $(DESTDIR)$(PREFIX)/share/dsec/yara/
	install -m 0644 rules/*.yaml $(DESTDIR)$(PREFIX)/share/dsec/

checkpatch:
	tests/checkpatch.sh kmod

clean: clean-ctl clean-scan clean-tests
	-$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod clean 2>/dev/null
