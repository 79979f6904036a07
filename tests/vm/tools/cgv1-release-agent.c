// SPDX-License-Identifier: GPL-2.0
/*
 * cgroup v1 release_agent escape: mount a cgroup v1 hierarchy, then write
 * the hierarchy's release_agent file, which the kernel runs as a host
 * root process when a cgroup with notify_on_release empties.
 *
 *   cgv1-release-agent [--mount-only] DIR [AGENT]
 *
 * Mounts a named hierarchy ("none,name=dsec", no controller, so it works
 * next to cgroup2) on DIR and, unless --mount-only, writes AGENT (default
 * /bin/true) to DIR/release_agent. Steps: "mount", "open release_agent",
 * "write release_agent". The hierarchy stays mounted; the caller
 * unmounts it.
 */
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include "tool.h"

const char *tool_name = "cgv1-release-agent";

int main(int argc, char **argv)
{
	int mount_only = argc > 1 && !strcmp(argv[1], "--mount-only");
	const char *dir, *agent;
	char path[4096];
	ssize_t n;
	int fd;

	argc -= mount_only;
	argv += mount_only;
	if (argc < 2 || argc > 3)
		tool_usage("usage: cgv1-release-agent [--mount-only] DIR [AGENT]");
	dir = argv[1];
	agent = argc > 2 ? argv[2] : "/bin/true";

	if (mount("cgroup", dir, "cgroup", 0, "none,name=dsec") < 0)
		tool_step_failed(errno, "mount");
	if (mount_only)
		tool_ok();

	snprintf(path, sizeof(path), "%s/release_agent", dir);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		tool_step_failed(errno, "open release_agent");
	n = write(fd, agent, strlen(agent));
	if (n < 0)
		tool_step_failed(errno, "write release_agent");
	close(fd);
	tool_ok();
}
