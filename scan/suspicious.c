// SPDX-License-Identifier: GPL-2.0
/*
 * Suspicious set-up baked into an image: a non-empty /etc/ld.so.preload,
 * SSH authorized_keys files, setuid and setgid files, and world-writable
 * directories without the sticky bit. Everything but the two files is
 * decided from the file mode alone.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "scan/analyzers.h"

#define PRELOAD_PATH		"/etc/ld.so.preload"
#define PRELOAD_READ_MAX	4096
#define AUTHORIZED_KEYS_READ_MAX	(64 * 1024)

/* Directories where the distribution installs its own setuid programs. */
static const char *const system_dirs[] = {
	"/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/", "/usr/lib/",
	"/usr/lib64/", "/usr/libexec/", "/lib/", "/lib64/",
};

/* Directories any user can write to, or that belong to no package. */
static const char *const scratch_dirs[] = {
	"/tmp/", "/var/tmp/", "/dev/shm/", "/run/", "/var/run/", "/home/",
	"/root/", "/var/www/", "/srv/",
};

/* Directories whose world-writability lets anyone replace system files. */
static const char *const system_trees[] = {
	"/bin", "/sbin", "/etc", "/usr", "/lib", "/lib64", "/boot", "/root",
	"/opt", "/var/lib", "/var/spool", "/var/log",
};

static bool has_dir_prefix(const char *path, const char *const *dirs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strncmp(path, dirs[i], strlen(dirs[i])))
			return true;
	return false;
}

static bool in_tree(const char *path, const char *tree)
{
	size_t n = strlen(tree);

	return !strncmp(path, tree, n) && (path[n] == '\0' || path[n] == '/');
}

static bool is_authorized_keys(const char *path)
{
	const char *base = strrchr(path, '/');

	if (!base || base - path < 5 || strncmp(base - 5, "/.ssh", 5))
		return false;
	return !strcmp(base, "/authorized_keys") || !strcmp(base, "/authorized_keys2");
}

static int add(struct dsec_scan *scan, const struct dsec_file *file,
	       enum dsec_severity severity, const char *id, const char *title,
	       const char *detail, const char *evidence)
{
	struct dsec_finding finding = {
		.class = DSEC_FINDING_SUSPICIOUS,
		.severity = severity,
		.id = id,
		.title = title,
		.detail = detail,
		.path = file->path,
		.layer_digest = file->layer ? file->layer->digest : NULL,
		.evidence = evidence,
		.package = -1,
	};

	return dsec_scan_add_finding(scan, &finding);
}

/* Copy the first non-blank, non-comment line of @data into @buf. */
static bool first_entry(const unsigned char *data, size_t len, char *buf,
			size_t size, unsigned int *ret_count)
{
	size_t pos = 0, n;
	unsigned int count = 0;

	buf[0] = '\0';
	while (pos < len) {
		const unsigned char *nl = memchr(data + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - data) : len;

		while (pos < end && isspace(data[pos]))
			pos++;
		if (pos < end && data[pos] != '#') {
			if (!count++) {
				n = end - pos < size - 1 ? end - pos : size - 1;
				memcpy(buf, data + pos, n);
				buf[n] = '\0';
			}
		}
		pos = end + 1;
	}
	for (n = 0; buf[n]; n++)
		if (!isprint((unsigned char)buf[n]))
			buf[n] = '?';
	*ret_count = count;
	return count > 0;
}

static int check_preload(struct dsec_scan *scan, const struct dsec_file *file)
{
	char entry[160], evidence[200];
	unsigned int count;

	if (!first_entry(file->data, file->data_len, entry, sizeof(entry), &count))
		return 0;
	snprintf(evidence, sizeof(evidence), "%s%s", entry,
		 count > 1 ? " (and more)" : "");
	return add(scan, file, DSEC_SEV_HIGH, "DSEC-SUSP-LD-PRELOAD",
		   "ld.so.preload loads a library into every process",
		   "The dynamic linker loads the libraries listed in /etc/ld.so.preload "
		   "into every dynamically linked program; rootkits use it to hide "
		   "processes and files. Images rarely need it.", evidence);
}

/*
 * The key's type and comment, never the key itself: a line is
 * "[options] type base64 [comment]".
 */
static void describe_key(const char *line, char *buf, size_t size)
{
	const char *type = strstr(line, "ssh-");
	const char *blob, *comment = NULL;
	int type_len;

	if (!type)
		type = strstr(line, "ecdsa-");
	if (!type)
		type = strstr(line, "sk-");
	if (!type) {
		snprintf(buf, size, "unrecognized key line");
		return;
	}
	type_len = (int)strcspn(type, " \t");
	blob = type + type_len + strspn(type + type_len, " \t");
	blob += strcspn(blob, " \t");
	if (*blob)
		comment = blob + strspn(blob, " \t");
	snprintf(buf, size, "%.*s %s", type_len, type,
		 comment && *comment ? comment : "(no comment)");
}

static int check_authorized_keys(struct dsec_scan *scan, const struct dsec_file *file)
{
	char entry[512], key[160], evidence[200];
	unsigned int count;
	bool root = !strncmp(file->path, "/root/", 6);

	if (!first_entry(file->data, file->data_len, entry, sizeof(entry), &count))
		return 0;
	describe_key(entry, key, sizeof(key));
	snprintf(evidence, sizeof(evidence), "%u key%s, first: %s", count,
		 count == 1 ? "" : "s", key);
	return add(scan, file, root ? DSEC_SEV_HIGH : DSEC_SEV_MEDIUM,
		   "DSEC-SUSP-AUTHORIZED-KEYS",
		   root ? "SSH authorized_keys for root baked into the image"
			: "SSH authorized_keys baked into the image",
		   "Whoever holds the matching private key can log in to every "
		   "container started from this image. Provide keys at run time.",
		   evidence);
}

/*
 * Severity of a setuid or setgid file by where it lives: the distribution's
 * directories hold the expected ones (passwd, su, mount), /usr/local and
 * /opt hold locally added ones, and anything else (temporary, home and web
 * directories) is where attackers plant them.
 */
static enum dsec_severity setid_severity(const struct dsec_file *file)
{
	if (file->mode & S_IWOTH)
		return DSEC_SEV_CRITICAL;
	if (has_dir_prefix(file->path, scratch_dirs,
			   sizeof(scratch_dirs) / sizeof(scratch_dirs[0])) ||
	    strstr(file->path, "/."))
		return DSEC_SEV_HIGH;
	if (has_dir_prefix(file->path, system_dirs,
			   sizeof(system_dirs) / sizeof(system_dirs[0])))
		return DSEC_SEV_LOW;
	return DSEC_SEV_MEDIUM;
}

static int check_setid(struct dsec_scan *scan, const struct dsec_file *file)
{
	char evidence[96];
	int r = 0;

	snprintf(evidence, sizeof(evidence), "mode %04o, owner %u:%u",
		 (unsigned int)(file->mode & 07777), (unsigned int)file->uid,
		 (unsigned int)file->gid);
	if (file->mode & S_ISUID)
		r = add(scan, file, setid_severity(file), "DSEC-SUSP-SETUID",
			file->uid == 0 ? "setuid-root file" : "setuid file",
			"The file runs with its owner's user id, whoever starts it.",
			evidence);
	if (!r && (file->mode & S_ISGID))
		r = add(scan, file, setid_severity(file), "DSEC-SUSP-SETGID",
			"setgid file",
			"The file runs with its group's id, whoever starts it.",
			evidence);
	return r;
}

static int check_world_writable_dir(struct dsec_scan *scan, const struct dsec_file *file)
{
	char evidence[32];
	bool system = false;
	size_t i;

	for (i = 0; i < sizeof(system_trees) / sizeof(system_trees[0]); i++)
		system |= in_tree(file->path, system_trees[i]);
	system |= !strcmp(file->path, "/");

	snprintf(evidence, sizeof(evidence), "mode %04o",
		 (unsigned int)(file->mode & 07777));
	return add(scan, file, system ? DSEC_SEV_HIGH : DSEC_SEV_MEDIUM,
		   "DSEC-SUSP-WORLD-WRITABLE-DIR",
		   "World-writable directory without the sticky bit",
		   "Any user can create, rename or delete files in it, including "
		   "files that other users and root own.", evidence);
}

static ssize_t suspicious_wants(struct dsec_scan *scan, const struct dsec_file *file)
{
	if (S_ISDIR(file->mode))
		return (file->mode & S_IWOTH) && !(file->mode & S_ISVTX) ? 0 : -1;
	if (!S_ISREG(file->mode))
		return -1;
	if (file->mode & (S_ISUID | S_ISGID))
		return 0;
	if (!strcmp(file->path, PRELOAD_PATH))
		return PRELOAD_READ_MAX;
	if (is_authorized_keys(file->path))
		return AUTHORIZED_KEYS_READ_MAX;
	return -1;
}

static int suspicious_analyze(struct dsec_scan *scan, const struct dsec_file *file)
{
	int r = 0;

	if (S_ISDIR(file->mode))
		return check_world_writable_dir(scan, file);
	if (!S_ISREG(file->mode))
		return 0;
	if (file->mode & (S_ISUID | S_ISGID))
		r = check_setid(scan, file);
	if (!r && file->data && !strcmp(file->path, PRELOAD_PATH))
		r = check_preload(scan, file);
	if (!r && file->data && is_authorized_keys(file->path))
		r = check_authorized_keys(scan, file);
	return r;
}

const struct dsec_analyzer dsec_analyzer_suspicious = {
	.name = "suspicious",
	.wants = suspicious_wants,
	.analyze = suspicious_analyze,
};
