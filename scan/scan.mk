# Scanner library: every scan/*.c goes into build/libdsecscan.a.
# Unit tests: scan/tests/test_*.c, one cmocka binary each.
# Fuzz harnesses: scan/fuzz/fuzz_*.c, one libFuzzer binary each.

SCAN_PKGS := libarchive sqlite3 libcrypto yara json-c
SCAN_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(SCAN_PKGS) 2>/dev/null)
SCAN_LIBS := $(shell $(PKG_CONFIG) --libs $(SCAN_PKGS) 2>/dev/null) -lm

SCAN_SRCS := $(sort $(wildcard scan/*.c))
SCAN_OBJS := $(SCAN_SRCS:scan/%.c=build/scan/%.o)
SCAN_LIB := build/libdsecscan.a

SCAN_TEST_SRCS := $(sort $(wildcard scan/tests/test_*.c))
SCAN_TESTS := $(SCAN_TEST_SRCS:scan/tests/%.c=build/scan/tests/%)

FUZZ_SRCS := $(sort $(wildcard scan/fuzz/fuzz_*.c))
FUZZERS := $(FUZZ_SRCS:scan/fuzz/%.c=build/fuzz/%)
FUZZ_CC ?= clang-14
FUZZ_SANITIZE := -fsanitize=address,undefined
FUZZ_CFLAGS := -g -O1 $(FUZZ_SANITIZE) -D_GNU_SOURCE \
	-I$(CURDIR) -I$(CURDIR)/include/uapi $(SCAN_CFLAGS)
# The scanner sources are instrumented once and shared by every harness.
FUZZ_OBJS := $(SCAN_SRCS:scan/%.c=build/fuzz/obj/%.o)
.SECONDARY: $(FUZZ_OBJS)

build/scan/%.o: scan/%.c scan/*.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SCAN_CFLAGS) -c -o $@ $<

$(SCAN_LIB): $(SCAN_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

build/scan/tests/%: scan/tests/%.c $(SCAN_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SCAN_CFLAGS) -o $@ $< $(SCAN_LIB) $(SCAN_LIBS) -lcmocka

build/fuzz/obj/%.o: scan/%.c scan/*.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

build/fuzz/%: scan/fuzz/%.c $(FUZZ_OBJS) scan/fuzz/*.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJS) $(SCAN_LIBS)

.PHONY: scan check-scan fuzz fuzz-short clean-scan bench-scan
scan: $(SCAN_LIB)

# Runs every scanner unit test from the repository root, so tests can
# read ../shared/fixtures relative to it.
check-scan: $(SCAN_TESTS)
	@for t in $(SCAN_TESTS); do echo "== $$t"; $$t || exit 1; done

fuzz: $(FUZZERS)

# A short run of every harness, as part of `make check`.
FUZZ_SECONDS ?= 10
fuzz-short: $(FUZZERS)
	@for f in $(FUZZERS); do \
		n=$$(basename $$f); mkdir -p build/fuzz/corpus/$$n; \
		echo "== $$n ($(FUZZ_SECONDS) s)"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=512 \
			-timeout=10 build/fuzz/corpus/$$n $$( [ -d scan/fuzz/corpus/$$n ] && echo scan/fuzz/corpus/$$n ) \
			>build/fuzz/$$n.log 2>&1 || { tail -n 40 build/fuzz/$$n.log; exit 1; }; \
	done

# Scan throughput against zcat/zstdcat, peak RSS on two image sizes, the
# Trivy comparison and the OSV import time; writes build/bench/scan.md.
# The first run builds the 500 MB and 1 GB images (several minutes).
bench-scan: ctl/dsecctl
	python3 scan/bench/run.py $(BENCH_SCAN_ARGS)

clean-scan:
	rm -rf build/scan build/fuzz $(SCAN_LIB)
