# Test suites. check-all runs every suite and ends with the summary line
# "N passed, N failed" that CI reads.

.PHONY: check-all check-vm bench-hooks bench-scan demo clean-tests
check-all: all
	tests/run-all.sh

# The README's first command: build the demo image, scan it, generate
# its policy and show dsec blocking escapes in a QEMU guest.
demo: deps all
	tests/demo/run.sh

clean-tests:
	rm -rf tests/out
