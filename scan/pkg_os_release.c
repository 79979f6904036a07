// SPDX-License-Identifier: GPL-2.0
/*
 * OS identity from os-release(5): /etc/os-release, else
 * /usr/lib/os-release, and Debian's /etc/debian_version, which names the
 * release of testing and unstable ("forky/sid") where os-release has no
 * VERSION_ID. Parsed during the walk, so scan->os is set before the OS
 * package analyzers' finish() runs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "scan/pkg.h"

#define OS_RELEASE_MAX_BYTES	(64u << 10)
#define DEBIAN_VERSION_MAX_BYTES	256

/*
 * Unquote an os-release value in place: shell-style double or single
 * quotes, and backslash escapes inside double quotes.
 */
static void unquote(char *v)
{
	char *r = v, *w = v;
	char quote = 0;

	for (; *r; r++) {
		if (!quote && (*r == '"' || *r == '\'')) {
			quote = *r;
		} else if (quote && *r == quote) {
			quote = 0;
		} else if (quote == '"' && *r == '\\' && r[1]) {
			*w++ = *++r;
		} else if (!quote && (*r == ' ' || *r == '\t' || *r == '\r' ||
				   *r == '#')) {
			break;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

int dsec_os_release_parse(struct dsec_scan *scan, const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	struct dsec_os os = { 0 };

	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		const char *line_end = nl ? nl : end;
		const char *eq = memchr(p, '=', line_end - p);
		const char **field = NULL;
		char *value;

		if (eq) {
			size_t klen = eq - p;

			if (klen == 2 && !memcmp(p, "ID", 2))
				field = &os.id;
			else if (klen == 10 && !memcmp(p, "VERSION_ID", 10))
				field = &os.version_id;
			else if (klen == 11 && !memcmp(p, "PRETTY_NAME", 11))
				field = &os.pretty_name;
			else if (klen == 16 && !memcmp(p, "VERSION_CODENAME", 16))
				field = &os.version_codename;
		}
		if (field) {
			value = dsec_pkg_strndup(eq + 1, line_end - eq - 1);
			if (!value)
				return -ENOMEM;
			unquote(value);
			if (*value)
				*field = dsec_scan_strdup(scan, value);
			free(value);
		}
		p = line_end + 1;
	}

	if (!os.id)
		return -EINVAL;
	/* /etc/debian_version is a file of its own, read before or after. */
	os.debian_version = scan->os.debian_version;
	scan->os = os;
	return 0;
}

/*
 * Keep the first line of /etc/debian_version if it looks like a release:
 * "12.5", "trixie/sid". Control bytes and blanks inside make it ignored.
 */
static int debian_version_parse(struct dsec_scan *scan, const char *data, size_t len)
{
	size_t n = 0;
	char value[DEBIAN_VERSION_MAX_BYTES];

	while (n < len && n < sizeof(value) - 1 && data[n] != '\n') {
		unsigned char c = data[n];

		if (c <= ' ' || c >= 0x7f)
			return 0;
		value[n++] = c;
	}
	if (!n || (n < len && data[n] != '\n'))
		return 0;
	value[n] = '\0';
	scan->os.debian_version = dsec_scan_strdup(scan, value);
	return scan->os.debian_version ? 0 : -ENOMEM;
}

static bool is_os_release(const char *path, bool *ret_etc)
{
	*ret_etc = !strcmp(path, "/etc/os-release");
	return *ret_etc || !strcmp(path, "/usr/lib/os-release");
}

static ssize_t os_release_wants(struct dsec_scan *scan, const struct dsec_file *file)
{
	bool etc;

	if (!S_ISREG(file->mode))
		return -1;
	if (!strcmp(file->path, "/etc/debian_version"))
		return DEBIAN_VERSION_MAX_BYTES;
	if (!is_os_release(file->path, &etc))
		return -1;
	return OS_RELEASE_MAX_BYTES;
}

static int os_release_analyze(struct dsec_scan *scan, const struct dsec_file *file)
{
	static const char etc_seen = 1;
	void **slot = dsec_scan_analyzer_state(scan, &dsec_analyzer_os_release);
	bool etc;
	int ret;

	if (file->data && !strcmp(file->path, "/etc/debian_version"))
		return debian_version_parse(scan, (const char *)file->data, file->data_len);
	if (!file->data || !is_os_release(file->path, &etc))
		return 0;
	/* /etc/os-release takes precedence; the state marks that it was read. */
	if (!etc && slot && *slot)
		return 0;

	ret = dsec_os_release_parse(scan, (const char *)file->data, file->data_len);
	if (ret == -EINVAL)
		return 0;	/* no ID=: leave scan->os as it is */
	if (ret == 0 && etc && slot)
		*slot = (void *)&etc_seen;
	return ret;
}

const struct dsec_analyzer dsec_analyzer_os_release = {
	.name = "os-release",
	.wants = os_release_wants,
	.analyze = os_release_analyze,
};
