// SPDX-License-Identifier: GPL-2.0
/*
 * The container's cgroup: its cgroup v2 path from /proc/<pid>/cgroup
 * and its id, the inode number of the cgroup2 directory (what the
 * kernel's cgroup_id() returns and an id selector names).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <linux/magic.h>

#include "ctl/oci-hook/hook.h"

int hook_cgroup_of_pid(pid_t pid, const char *proc_root, char **ret_path,
		       char *err)
{
	char file[PATH_MAX], *line = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *f;
	int ret = -ENOENT;

	snprintf(file, sizeof(file), "%s/%d/cgroup", proc_root, (int)pid);
	f = fopen(file, "re");
	if (!f) {
		ret = -errno;
		hook_err(err, "cannot open '%s': %s", file,
			 strerror(errno));
		return ret;
	}
	/* The cgroup v2 line is "0::/path"; v1 lines have a controller. */
	while ((len = getline(&line, &cap, f)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (strncmp(line, "0::", 3))
			continue;
		if (line[3] != '/') {
			hook_err(err,
				 "'%s' has an invalid cgroup v2 line '%s'",
				 file, line);
			ret = -EINVAL;
			break;
		}
		*ret_path = strdup(line + 3);
		ret = *ret_path ? 0 : -ENOMEM;
		break;
	}
	if (ret == -ENOENT)
		hook_err(err,
			 "'%s' lists no cgroup v2 path; dsec needs the unified cgroup hierarchy (cgroup2)",
			 file);
	free(line);
	fclose(f);
	return ret;
}

int hook_cgroup_id(const struct hook_config *cfg, const char *path,
		   uint64_t *ret_id, char *err)
{
	const char *cgroup_root = cfg->cgroup_root;
	char dir[PATH_MAX];
	struct statfs sfs;
	struct stat st;
	int ret;

	if (strstr(path, "/../") || !strcmp(path, "/..")) {
		hook_err(err, "invalid cgroup path '%s'", path);
		return -EINVAL;
	}
	if (statfs(cgroup_root, &sfs)) {
		ret = -errno;
		hook_err(err, "cannot stat '%s': %s",
			 cgroup_root, strerror(errno));
		return ret;
	}
	if (sfs.f_type != CGROUP2_SUPER_MAGIC) {
		hook_err(err,
			 "'%s' is not a cgroup2 mount; set cgroup-root in %s to the cgroup2 mount point",
			 cgroup_root, cfg->path ? cfg->path : HOOK_CONFIG_PATH);
		return -EINVAL;
	}
	if (snprintf(dir, sizeof(dir), "%s%s", cgroup_root, path) >=
	    (int)sizeof(dir)) {
		hook_err(err, "cgroup path '%.200s' is too long",
			 path);
		return -ENAMETOOLONG;
	}
	if (stat(dir, &st)) {
		ret = -errno;
		hook_err(err, "cannot stat cgroup '%s': %s",
			 dir, strerror(errno));
		return ret;
	}
	if (!S_ISDIR(st.st_mode)) {
		hook_err(err, "cgroup '%s' is not a directory",
			 dir);
		return -ENOTDIR;
	}
	*ret_id = st.st_ino;
	return 0;
}
