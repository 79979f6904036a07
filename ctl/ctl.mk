# dsecctl: every ctl/*.c, linked with the scanner library.
# Unit tests: ctl/tests/test_*.c, one cmocka binary each, linked with
# every ctl object except the one that holds main().

CTL_PKGS := libnl-genl-3.0 yaml-0.1 libcrypto json-c
CTL_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(CTL_PKGS) 2>/dev/null)
CTL_LIBS := $(shell $(PKG_CONFIG) --libs $(CTL_PKGS) 2>/dev/null)

CTL_SRCS := $(sort $(wildcard ctl/*.c))
CTL_OBJS := $(CTL_SRCS:ctl/%.c=build/ctl/%.o)
CTL_MAIN_OBJ := build/ctl/dsecctl.o

CTL_TEST_SRCS := $(sort $(wildcard ctl/tests/test_*.c))
CTL_TESTS := $(CTL_TEST_SRCS:ctl/tests/%.c=build/ctl/tests/%)

build/ctl/%.o: ctl/%.c ctl/*.h include/uapi/linux/dsec.h scan/scan.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CTL_CFLAGS) $(SCAN_CFLAGS) -c -o $@ $<

ctl/dsecctl: $(CTL_OBJS) $(SCAN_LIB)
	$(CC) $(LDFLAGS) -o $@ $(CTL_OBJS) $(SCAN_LIB) $(CTL_LIBS) $(SCAN_LIBS)

build/ctl/tests/%: ctl/tests/%.c $(filter-out $(CTL_MAIN_OBJ),$(CTL_OBJS)) $(SCAN_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CTL_CFLAGS) $(SCAN_CFLAGS) -o $@ $< \
		$(filter-out $(CTL_MAIN_OBJ),$(CTL_OBJS)) $(SCAN_LIB) \
		$(CTL_LIBS) $(SCAN_LIBS) -lcmocka

# dsec-oci-hook: ctl/oci-hook/*.c with dsecctl's policy and netlink code.
OCI_HOOK_SRCS := $(sort $(wildcard ctl/oci-hook/*.c))
OCI_HOOK_OBJS := $(OCI_HOOK_SRCS:ctl/%.c=build/ctl/%.o)

$(OCI_HOOK_OBJS): ctl/oci-hook/hook.h

ctl/oci-hook/dsec-oci-hook: $(OCI_HOOK_OBJS) $(filter-out $(CTL_MAIN_OBJ),$(CTL_OBJS)) $(SCAN_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(CTL_LIBS) $(SCAN_LIBS)

# Its unit test runs with check-ctl.
OCI_HOOK_TEST := build/ctl/oci-hook/tests/test_hook
$(OCI_HOOK_TEST): ctl/oci-hook/tests/test_hook.c $(filter-out build/ctl/oci-hook/main.o,$(OCI_HOOK_OBJS)) $(filter-out $(CTL_MAIN_OBJ),$(CTL_OBJS)) $(SCAN_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CTL_CFLAGS) $(SCAN_CFLAGS) -o $@ $(filter %.c %.o %.a,$^) \
		$(CTL_LIBS) $(SCAN_LIBS) -lcmocka
CTL_TESTS += $(OCI_HOOK_TEST)

.PHONY: ctl check-ctl clean-ctl
ctl: ctl/dsecctl ctl/oci-hook/dsec-oci-hook

check-ctl: $(CTL_TESTS)
	@for t in $(CTL_TESTS); do echo "== $$t"; $$t || exit 1; done

clean-ctl:
	rm -rf build/ctl ctl/dsecctl ctl/oci-hook/dsec-oci-hook
