// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel knob write, the step behind core_pattern escapes (a pipe in
 * /proc/sys/kernel/core_pattern runs a host program on the next core
 * dump) and behind writes under /sys.
 *
 *   knob-write PATH [VALUE]
 *
 * Writes VALUE to PATH, or, without VALUE, writes back the value read
 * from PATH so that the host's setting does not change. Steps: "open",
 * "write".
 */
#include <fcntl.h>
#include <unistd.h>

#include "tool.h"

const char *tool_name = "knob-write";

int main(int argc, char **argv)
{
	char value[4096];
	size_t len;
	ssize_t n;
	int fd;

	if (argc < 2 || argc > 3)
		tool_usage("usage: knob-write PATH [VALUE]");

	if (argc == 3) {
		len = strlen(argv[2]);
		if (len >= sizeof(value))
			tool_usage("VALUE is longer than %zu bytes", sizeof(value) - 1);
		memcpy(value, argv[2], len);
	} else {
		fd = open(argv[1], O_RDONLY);
		if (fd < 0)
			tool_usage("cannot read the current value of '%s': %s",
				   argv[1], strerror(errno));
		n = read(fd, value, sizeof(value) - 1);
		close(fd);
		if (n < 0)
			tool_usage("cannot read the current value of '%s': %s",
				   argv[1], strerror(errno));
		len = n;
		/* Multi-choice sysfs files show "[selected]" between others. */
		if (len && memchr(value, '[', len)) {
			char *open_bracket = memchr(value, '[', len);
			char *close_bracket = memchr(open_bracket, ']',
						    len - (open_bracket - value));

			if (close_bracket) {
				len = close_bracket - open_bracket - 1;
				memmove(value, open_bracket + 1, len);
			}
		}
	}

	if (!len)
		value[len++] = '\n';

	fd = open(argv[1], O_WRONLY);
	if (fd < 0)
		tool_step_failed(errno, "open");
	n = write(fd, value, len);
	if (n < 0)
		tool_step_failed(errno, "write");
	close(fd);
	tool_ok();
}
