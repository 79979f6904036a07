// SPDX-License-Identifier: GPL-2.0
/*
 * The OSV ecosystems whose advisories cover the OS packages of an image,
 * decided from os-release(5) and /etc/debian_version. The suffixes follow
 * the OSV schema's list of ecosystems (ossf/osv-schema ecosystems.json):
 *
 *   Debian:<release number>      "Debian:12"; testing and unstable by
 *                                the codename of the next release
 *   Ubuntu:<YY.MM>[:LTS]         "Ubuntu:22.04:LTS"
 *   Alpine:v<major.minor>        "Alpine:v3.18"
 *   Red Hat:<CPE without "cpe:/[oa]:redhat:">
 *                                "Red Hat:enterprise_linux:9::appstream"
 *   AlmaLinux:<major>, Rocky Linux:<major>, Mageia:<release>
 *   openSUSE:<PRETTY_NAME without "openSUSE ">   "openSUSE:Leap 15.5"
 *   SUSE:<PRETTY_NAME without "SUSE ">
 *                                "SUSE:Linux Enterprise Server 15 SP5"
 *
 * A distribution that OSV has no data for, or a release that cannot be
 * determined, gets a reason instead, which the scan reports as a finding.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "scan/vulndb.h"

/* Debian releases by codename, from Debian's distro-info-data. */
static const struct {
	const char *codename;
	const char *release;
} debian_releases[] = {
	{ "squeeze", "6" }, { "wheezy", "7" }, { "jessie", "8" },
	{ "stretch", "9" }, { "buster", "10" }, { "bullseye", "11" },
	{ "bookworm", "12" }, { "trixie", "13" }, { "forky", "14" },
	{ "duke", "15" },
};

/* Appends "<base>:<suffix>", the suffix given as printf() format. */
static bool add_ecosystem(struct dsec_os_ecosystems *ret, const char *base,
			  const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static bool add_ecosystem(struct dsec_os_ecosystems *ret, const char *base,
			  const char *fmt, ...)
{
	char *name = ret->names[ret->n];
	size_t size = sizeof(ret->names[0]);
	va_list ap;
	int n, m;

	if (ret->n >= DSEC_OS_MAX_ECOSYSTEMS)
		return false;
	n = snprintf(name, size, "%s:", base);
	if (n < 0 || (size_t)n >= size)
		return false;
	va_start(ap, fmt);
	m = vsnprintf(name + n, size - n, fmt, ap);
	va_end(ap);
	if (m <= 0 || (size_t)m >= size - n)
		return false;
	ret->n++;
	return true;
}

/* Length of the release number up to the @parts-th '.': "3.18" of "3.18.4". */
static int release_prefix(const char *version_id, int parts)
{
	size_t i;

	for (i = 0; version_id[i] && i < 32; i++)
		if (version_id[i] == '.' && --parts == 0)
			break;
	return (int)i;
}

/* The release number of a Debian codename ("trixie"), or NULL. */
static const char *debian_release_of(const char *codename, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(debian_releases) / sizeof(debian_releases[0]); i++)
		if (strlen(debian_releases[i].codename) == len &&
		    !strncmp(debian_releases[i].codename, codename, len))
			return debian_releases[i].release;
	return NULL;
}

/*
 * The codename before "/sid" in PRETTY_NAME ("Debian GNU/Linux
 * trixie/sid"), as a pointer into it and a length; 0 when there is none.
 */
static size_t pretty_name_codename(const char *pretty, const char **ret)
{
	const char *sid = pretty ? strstr(pretty, "/sid") : NULL;
	const char *start = sid;

	if (!sid)
		return 0;
	while (start > pretty && islower((unsigned char)start[-1]))
		start--;
	*ret = start;
	return sid - start;
}

static void debian_ecosystem(const struct dsec_os *os, struct dsec_os_ecosystems *ret)
{
	const char *v = os->version_id, *dv = os->debian_version, *release = NULL;
	const char *name;
	size_t len;

	if (v && *v) {
		add_ecosystem(ret, "Debian", "%.*s", release_prefix(v, 1), v);
		return;
	}
	/* A point release in /etc/debian_version: "12.5". */
	if (dv && isdigit((unsigned char)dv[0])) {
		len = strspn(dv, "0123456789");
		add_ecosystem(ret, "Debian", "%.*s", (int)(len < 8 ? len : 8), dv);
		return;
	}

	/*
	 * Testing and unstable have no VERSION_ID. Their packages are those
	 * of the next release, which the codename names: VERSION_CODENAME,
	 * "trixie/sid" in /etc/debian_version, or the same in PRETTY_NAME.
	 */
	if (os->version_codename)
		release = debian_release_of(os->version_codename,
					    strlen(os->version_codename));
	if (!release && dv)
		release = debian_release_of(dv, strcspn(dv, "/"));
	len = pretty_name_codename(os->pretty_name, &name);
	if (!release && len)
		release = debian_release_of(name, len);
	if (release) {
		add_ecosystem(ret, "Debian", "%s", release);
		return;
	}

	snprintf(ret->reason, sizeof(ret->reason),
		 "the Debian release is unknown: os-release has no VERSION_ID, and "
		 "neither VERSION_CODENAME (%.40s) nor /etc/debian_version (%.40s) "
		 "names a release that the scanner knows",
		 os->version_codename ? os->version_codename : "unset",
		 dv ? dv : "missing");
}

static void ubuntu_ecosystem(const struct dsec_os *os, struct dsec_os_ecosystems *ret)
{
	const char *v = os->version_id;
	bool lts;

	if (!v || !*v) {
		snprintf(ret->reason, sizeof(ret->reason),
			 "the Ubuntu release is unknown: os-release has no VERSION_ID");
		return;
	}
	/* LTS releases are the April releases of even years. */
	lts = strlen(v) == 5 && v[3] == '0' && v[4] == '4' && (v[1] - '0') % 2 == 0;
	add_ecosystem(ret, "Ubuntu", "%.16s%s", v, lts ? ":LTS" : "");
}

static void alpine_ecosystem(const struct dsec_os *os, struct dsec_os_ecosystems *ret)
{
	const char *v = os->version_id;

	if (!v || !*v) {
		snprintf(ret->reason, sizeof(ret->reason),
			 "the Alpine release is unknown: os-release has no VERSION_ID");
		return;
	}
	add_ecosystem(ret, "Alpine", "v%.*s", release_prefix(v, 2), v);
}

/* The major release from VERSION_ID: "9" of "9.4". */
static bool major_release(const struct dsec_os *os, char *buf, size_t size)
{
	const char *v = os->version_id;
	size_t n = v ? strspn(v, "0123456789") : 0;

	if (!n || n >= size)
		return false;
	memcpy(buf, v, n);
	buf[n] = '\0';
	return true;
}

/* PRETTY_NAME without a leading "@prefix ": "Leap 15.5" of "openSUSE Leap 15.5". */
static const char *strip_prefix(const char *pretty, const char *prefix)
{
	size_t n = strlen(prefix);

	if (!pretty || strncmp(pretty, prefix, n) || pretty[n] != ' ' || !pretty[n + 1])
		return NULL;
	return pretty + n + 1;
}

static void rpm_ecosystem(const struct dsec_os *os, struct dsec_os_ecosystems *ret)
{
	const char *id = os->id ? os->id : "", *name;
	char major[16];

	if (!strcmp(id, "rhel")) {
		/*
		 * Red Hat scopes advisories to product streams. An image may
		 * hold packages of BaseOS, AppStream and CodeReady Builder,
		 * which os-release cannot tell apart, so all three are looked
		 * up. Its advisories name binary or source RPMs.
		 */
		if (!major_release(os, major, sizeof(major)))
			goto unknown_release;
		add_ecosystem(ret, "Red Hat", "enterprise_linux:%s::baseos", major);
		add_ecosystem(ret, "Red Hat", "enterprise_linux:%s::appstream", major);
		add_ecosystem(ret, "Red Hat", "enterprise_linux:%s::crb", major);
		ret->binary_names = true;
		return;
	}
	if (!strcmp(id, "almalinux") || !strcmp(id, "rocky")) {
		if (!major_release(os, major, sizeof(major)))
			goto unknown_release;
		add_ecosystem(ret, id[0] == 'a' ? "AlmaLinux" : "Rocky Linux", "%s", major);
		return;
	}
	if (!strcmp(id, "mageia")) {
		if (!major_release(os, major, sizeof(major)))
			goto unknown_release;
		add_ecosystem(ret, "Mageia", "%s", major);
		return;
	}
	if (!strncmp(id, "opensuse", 8)) {
		name = strip_prefix(os->pretty_name, "openSUSE");
		if (!name)
			goto unknown_release;
		add_ecosystem(ret, "openSUSE", "%s", name);
		return;
	}
	if (!strcmp(id, "sles") || !strcmp(id, "sled")) {
		/*
		 * NOTE: SUSE also publishes advisories per module; only the
		 * product and its Basesystem module are looked up.
		 */
		name = strip_prefix(os->pretty_name, "SUSE");
		if (!name)
			goto unknown_release;
		add_ecosystem(ret, "SUSE", "%s", name);
		name = strip_prefix(name, "Linux Enterprise Server");
		if (!name)
			name = strip_prefix(strip_prefix(os->pretty_name, "SUSE"),
					    "Linux Enterprise Desktop");
		if (name)
			add_ecosystem(ret, "SUSE", "Linux Enterprise Module for Basesystem %s",
				      name);
		return;
	}

	/* TODO: OSV has ecosystems for these; map their release suffixes. */
	if (!strcmp(id, "photon") || !strcmp(id, "openEuler") ||
	    !strcmp(id, "azurelinux") || !strcmp(id, "mariner")) {
		snprintf(ret->reason, sizeof(ret->reason),
			 "the scanner does not map %.80s (os-release ID %.40s) to its OSV "
			 "ecosystem yet", os->pretty_name ? os->pretty_name : id, id);
		return;
	}
	snprintf(ret->reason, sizeof(ret->reason),
		 "OSV publishes no advisories for %.80s (os-release ID %.40s)",
		 os->pretty_name ? os->pretty_name : id, *id ? id : "missing");
	return;

unknown_release:
	snprintf(ret->reason, sizeof(ret->reason),
		 "the release of %.80s is unknown: os-release has no usable %s",
		 os->pretty_name ? os->pretty_name : id,
		 id[0] == 'o' || id[0] == 's' ? "PRETTY_NAME" : "VERSION_ID");
}

void dsec_os_ecosystems(const struct dsec_os *os, enum dsec_os_family family,
			struct dsec_os_ecosystems *ret)
{
	static const struct dsec_os no_os;

	memset(ret, 0, sizeof(*ret));
	if (!os)
		os = &no_os;
	switch (family) {
	case DSEC_OS_DEBIAN:
		debian_ecosystem(os, ret);
		break;
	case DSEC_OS_UBUNTU:
		ubuntu_ecosystem(os, ret);
		break;
	case DSEC_OS_ALPINE:
		alpine_ecosystem(os, ret);
		break;
	case DSEC_OS_RPM:
		rpm_ecosystem(os, ret);
		break;
	}
	if (!ret->n && !ret->reason[0])
		snprintf(ret->reason, sizeof(ret->reason), "the release is too long to name");
}
