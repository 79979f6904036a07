// SPDX-License-Identifier: GPL-2.0
/*
 * OSV ecosystems of OS packages. Debian testing and unstable are matched
 * by codename, on a synthetic root file system and on the real sid
 * chroot at /var/cache/dsec/sid when it exists. RPM distributions are
 * matched by os-release ID, and a distribution or release that cannot be
 * matched is named in a finding. Run from the repository root.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "scan/analyzers.h"
#include "scan/vulndb.h"

#define OSV_FIXTURES	"../shared/fixtures/osv"
#define SID_CHROOT	"/var/cache/dsec/sid"

static char tmpdir[64];
static char db_path[128];

/* Advisories for RPM distributions, which the OSV fixtures lack. */
static const char *const rpm_records[] = {
	"{\"id\":\"RLSA-2024:0001\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":["
	"{\"package\":{\"ecosystem\":\"Rocky Linux:9\",\"name\":\"openssl\"},"
	"\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
	"{\"fixed\":\"1:3.0.7-25.el9_3\"}]}]}]}",
	"{\"id\":\"ALSA-2024:0002\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":["
	"{\"package\":{\"ecosystem\":\"AlmaLinux:9\",\"name\":\"openssl\"},"
	"\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
	"{\"fixed\":\"1:3.0.7-25.el9_3\"}]}]}]}",
	/* This record names the binary RPM under AppStream, the source under BaseOS. */
	"{\"id\":\"RHSA-2024:0003\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":["
	"{\"package\":{\"ecosystem\":\"Red Hat:enterprise_linux:9::appstream\","
	"\"name\":\"openssl-libs\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":["
	"{\"introduced\":\"0\"},{\"fixed\":\"1:3.0.7-25.el9_3\"}]}]},"
	"{\"package\":{\"ecosystem\":\"Red Hat:enterprise_linux:9::baseos\","
	"\"name\":\"openssl\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":["
	"{\"introduced\":\"0\"},{\"fixed\":\"1:3.0.7-25.el9_3\"}]}]}]}",
	"{\"id\":\"openSUSE-SU-2024:0004-1\",\"modified\":\"2024-01-01T00:00:00Z\","
	"\"affected\":[{\"package\":{\"ecosystem\":\"openSUSE:Leap 15.5\",\"name\":"
	"\"openssl-3\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":["
	"{\"introduced\":\"0\"},{\"fixed\":\"3.0.8-150500.5.20.1\"}]}]}]}",
	"{\"id\":\"SUSE-SU-2024:0005-1\",\"modified\":\"2024-01-01T00:00:00Z\","
	"\"affected\":[{\"package\":{\"ecosystem\":\"SUSE:Linux Enterprise Module for "
	"Basesystem 15 SP5\",\"name\":\"openssl-3\"},\"ranges\":[{\"type\":\"ECOSYSTEM\","
	"\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"3.0.8-150500.5.20.1\"}]}]}]}",
	"{\"id\":\"MGASA-2024-0006\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":["
	"{\"package\":{\"ecosystem\":\"Mageia:9\",\"name\":\"openssl\"},"
	"\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
	"{\"fixed\":\"3.0.13-1.mga9\"}]}]}]}",
};

static int setup_db(void **state)
{
	struct dsec_vulndb_import_stats stats;
	struct dsec_vulndb *db;
	char err[512];
	size_t i;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/dsec-test-os.XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(db_path, sizeof(db_path), "%s/vuln.db", tmpdir);
	if (dsec_vulndb_open(db_path, true, &db, err, sizeof(err)) < 0)
		return -1;
	if (dsec_vulndb_import(db, OSV_FIXTURES, &stats, NULL) < 0)
		goto fail;
	for (i = 0; i < sizeof(rpm_records) / sizeof(rpm_records[0]); i++)
		if (dsec_vulndb_import_buffer(db, rpm_records[i], strlen(rpm_records[i]),
					      "test", &stats, NULL) < 0)
			goto fail;
	dsec_vulndb_close(db);
	return 0;
fail:
	dsec_vulndb_close(db);
	return -1;
}

static int teardown_db(void **state)
{
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

struct ecosystem_case {
	struct dsec_os os;
	enum dsec_os_family family;
	const char *first;		/* expected first ecosystem, or NULL */
	size_t n;
	const char *reason_part;	/* expected in the reason when none */
};

static const struct ecosystem_case ecosystem_cases[] = {
	{ { "debian", "12", NULL, "bookworm", "12.5" }, DSEC_OS_DEBIAN, "Debian:12", 1, NULL },
	/* Testing and unstable: no VERSION_ID, the codename names the release. */
	{ { "debian", NULL, "Debian GNU/Linux trixie/sid", "trixie", "trixie/sid" },
	  DSEC_OS_DEBIAN, "Debian:13", 1, NULL },
	{ { "debian", NULL, "Debian GNU/Linux forky/sid", "forky", "forky/sid" },
	  DSEC_OS_DEBIAN, "Debian:14", 1, NULL },
	{ { "debian", NULL, "Debian GNU/Linux forky/sid", NULL, NULL },
	  DSEC_OS_DEBIAN, "Debian:14", 1, NULL },
	{ { "debian", NULL, NULL, NULL, "trixie/sid" }, DSEC_OS_DEBIAN, "Debian:13", 1, NULL },
	{ { "debian", NULL, NULL, NULL, "11.9" }, DSEC_OS_DEBIAN, "Debian:11", 1, NULL },
	{ { "debian", NULL, "Debian GNU/Linux zzz/sid", "zzz", "zzz/sid" },
	  DSEC_OS_DEBIAN, NULL, 0, "VERSION_CODENAME (zzz) nor /etc/debian_version (zzz/sid)" },
	{ { "debian", NULL, NULL, NULL, NULL }, DSEC_OS_DEBIAN, NULL, 0,
	  "the Debian release is unknown" },
	{ { "ubuntu", "22.04", NULL, NULL, NULL }, DSEC_OS_UBUNTU, "Ubuntu:22.04:LTS", 1, NULL },
	{ { "alpine", "3.18.4", NULL, NULL, NULL }, DSEC_OS_ALPINE, "Alpine:v3.18", 1, NULL },
	{ { "rhel", "9.3", "Red Hat Enterprise Linux 9.3 (Plow)", NULL, NULL }, DSEC_OS_RPM,
	  "Red Hat:enterprise_linux:9::baseos", 3, NULL },
	{ { "rocky", "9.3", "Rocky Linux 9.3 (Blue Onyx)", NULL, NULL }, DSEC_OS_RPM,
	  "Rocky Linux:9", 1, NULL },
	{ { "almalinux", "8.9", "AlmaLinux 8.9 (Midnight Oncilla)", NULL, NULL }, DSEC_OS_RPM,
	  "AlmaLinux:8", 1, NULL },
	{ { "opensuse-leap", "15.5", "openSUSE Leap 15.5", NULL, NULL }, DSEC_OS_RPM,
	  "openSUSE:Leap 15.5", 1, NULL },
	{ { "opensuse-tumbleweed", "20240101", "openSUSE Tumbleweed", NULL, NULL }, DSEC_OS_RPM,
	  "openSUSE:Tumbleweed", 1, NULL },
	{ { "sles", "15.5", "SUSE Linux Enterprise Server 15 SP5", NULL, NULL }, DSEC_OS_RPM,
	  "SUSE:Linux Enterprise Server 15 SP5", 2, NULL },
	{ { "mageia", "9", "Mageia 9", NULL, NULL }, DSEC_OS_RPM, "Mageia:9", 1, NULL },
	{ { "fedora", "39", "Fedora Linux 39 (Container Image)", NULL, NULL }, DSEC_OS_RPM, NULL,
	  0, "OSV publishes no advisories for Fedora Linux 39 (Container Image) "
	     "(os-release ID fedora)" },
	{ { "centos", "7", "CentOS Linux 7 (Core)", NULL, NULL }, DSEC_OS_RPM, NULL, 0,
	  "no advisories for CentOS Linux 7" },
	{ { "rocky", NULL, "Rocky Linux", NULL, NULL }, DSEC_OS_RPM, NULL, 0,
	  "has no usable VERSION_ID" },
};

static void ecosystems_by_release(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(ecosystem_cases) / sizeof(ecosystem_cases[0]); i++) {
		const struct ecosystem_case *c = &ecosystem_cases[i];
		struct dsec_os_ecosystems ecos;

		dsec_os_ecosystems(&c->os, c->family, &ecos);
		if (ecos.n != c->n)
			fail_msg("case %zu (%s): %zu ecosystems, want %zu (%s)", i, c->os.id,
				 ecos.n, c->n, ecos.reason);
		if (c->first)
			assert_string_equal(ecos.names[0], c->first);
		if (c->reason_part && !strstr(ecos.reason, c->reason_part))
			fail_msg("case %zu: reason '%s' lacks '%s'", i, ecos.reason,
				 c->reason_part);
	}
}

static void rhel_and_sles_all_streams(void **state)
{
	struct dsec_os rhel = { "rhel", "9.3", NULL, NULL, NULL };
	struct dsec_os sles = { "sles", "15.5", "SUSE Linux Enterprise Server 15 SP5",
				NULL, NULL };
	struct dsec_os_ecosystems ecos;

	dsec_os_ecosystems(&rhel, DSEC_OS_RPM, &ecos);
	assert_int_equal(ecos.n, 3);
	assert_string_equal(ecos.names[1], "Red Hat:enterprise_linux:9::appstream");
	assert_string_equal(ecos.names[2], "Red Hat:enterprise_linux:9::crb");
	assert_true(ecos.binary_names);

	dsec_os_ecosystems(&sles, DSEC_OS_RPM, &ecos);
	assert_int_equal(ecos.n, 2);
	assert_string_equal(ecos.names[1], "SUSE:Linux Enterprise Module for Basesystem 15 SP5");
	assert_false(ecos.binary_names);
}

static size_t count_id(const struct dsec_scan *scan, const char *id)
{
	size_t i, n = 0;

	for (i = 0; i < scan->n_findings; i++)
		if (!strcmp(scan->findings[i].id, id))
			n++;
	return n;
}

static const struct dsec_finding *find_id(const struct dsec_scan *scan, const char *id)
{
	size_t i;

	for (i = 0; i < scan->n_findings; i++)
		if (!strcmp(scan->findings[i].id, id))
			return &scan->findings[i];
	return NULL;
}

/* An RPM package as pkg_rpm.c reports it: "epoch:version-release". */
static void match_rpm(struct dsec_scan *scan, const struct dsec_os *os, const char *name,
		      const char *source_name, const char *version)
{
	struct dsec_scan_options opts = { .db_path = db_path };
	char purl[128];
	struct dsec_package pkg = {
		.ecosystem = "Red Hat",
		.name = name,
		.version = version,
		.source_name = source_name,
		.source_version = version,
		.purl = purl,
		.location = "/var/lib/rpm/rpmdb.sqlite",
	};

	snprintf(purl, sizeof(purl), "pkg:rpm/%s/%s@%s", os->id, name, version);
	dsec_scan_init(scan, &opts);
	scan->os = *os;
	assert_int_equal(dsec_scan_add_package(scan, &pkg), 0);
	assert_int_equal(dsec_vuln_match(scan), 0);
	assert_false(scan->vulns_skipped);
}

static bool rpm_affected(const struct dsec_os *os, const char *name, const char *source,
			 const char *version, const char *id)
{
	struct dsec_scan scan;
	bool hit;

	match_rpm(&scan, os, name, source, version);
	hit = find_id(&scan, id) != NULL;
	dsec_scan_free(&scan);
	return hit;
}

static void rpm_distributions_matched(void **state)
{
	struct dsec_os rocky = { "rocky", "9.3", "Rocky Linux 9.3 (Blue Onyx)", NULL, NULL };
	struct dsec_os alma = { "almalinux", "9.3", "AlmaLinux 9.3", NULL, NULL };
	struct dsec_os rhel = { "rhel", "9.3", "Red Hat Enterprise Linux 9.3 (Plow)",
				NULL, NULL };
	struct dsec_os leap = { "opensuse-leap", "15.5", "openSUSE Leap 15.5", NULL, NULL };
	struct dsec_os sles = { "sles", "15.5", "SUSE Linux Enterprise Server 15 SP5",
				NULL, NULL };
	struct dsec_os mageia = { "mageia", "9", "Mageia 9", NULL, NULL };
	struct dsec_scan scan;

	/* The rpm order: epoch 1 above none, release el9_3 above el9_2. */
	assert_true(rpm_affected(&rocky, "openssl-libs", "openssl", "1:3.0.7-24.el9",
				 "RLSA-2024:0001"));
	assert_false(rpm_affected(&rocky, "openssl-libs", "openssl", "1:3.0.7-25.el9_3",
				  "RLSA-2024:0001"));
	assert_false(rpm_affected(&rocky, "openssl-libs", "openssl", "1:3.0.7-27.el9",
				  "RLSA-2024:0001"));
	assert_true(rpm_affected(&alma, "openssl-libs", "openssl", "1:3.0.7-24.el9",
				 "ALSA-2024:0002"));
	/* Rocky advisories do not apply to AlmaLinux and back. */
	assert_false(rpm_affected(&alma, "openssl-libs", "openssl", "1:3.0.7-24.el9",
				  "RLSA-2024:0001"));
	assert_true(rpm_affected(&leap, "libopenssl3", "openssl-3", "3.0.8-150500.5.14.1",
				 "openSUSE-SU-2024:0004-1"));
	assert_true(rpm_affected(&sles, "libopenssl3", "openssl-3", "3.0.8-150500.5.14.1",
				 "SUSE-SU-2024:0005-1"));
	assert_true(rpm_affected(&mageia, "lib64openssl3", "openssl", "3.0.13-0.mga9",
				 "MGASA-2024-0006"));

	/* Red Hat: found under the binary and the source name, listed once. */
	match_rpm(&scan, &rhel, "openssl-libs", "openssl", "1:3.0.7-24.el9");
	assert_int_equal(count_id(&scan, "RHSA-2024:0003"), 1);
	assert_int_equal(count_id(&scan, "DSEC-VULN-NOT-MATCHED"), 0);
	dsec_scan_free(&scan);
}

static void fedora_named_not_matched(void **state)
{
	struct dsec_os fedora = { "fedora", "39", "Fedora Linux 39 (Container Image)",
				  NULL, NULL };
	const struct dsec_finding *f;
	struct dsec_scan scan;

	match_rpm(&scan, &fedora, "openssl-libs", "openssl", "1:3.0.7-24.fc39");
	f = find_id(&scan, "DSEC-VULN-NOT-MATCHED");
	assert_non_null(f);
	assert_int_equal(f->class, DSEC_FINDING_UNSUPPORTED);
	assert_int_equal(f->severity, DSEC_SEV_MEDIUM);
	assert_string_equal(f->title, "Vulnerability matching skipped for 1 RPM packages");
	assert_non_null(strstr(f->detail, "OSV publishes no advisories for Fedora Linux 39"));
	assert_int_equal(scan.n_findings, 1);
	dsec_scan_free(&scan);
}

static void write_text(const char *dir, const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A root file system with os-release, debian_version and xz-utils. */
static void make_debian_rootfs(const char *dir, const char *codename,
			       const char *xz_version)
{
	char path[256], text[1024];

	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(path, sizeof(path), "%s/etc", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/var", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/var/lib", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/var/lib/dpkg", dir);
	assert_int_equal(mkdir(path, 0755), 0);

	snprintf(text, sizeof(text),
		 "PRETTY_NAME=\"Debian GNU/Linux %s/sid\"\nNAME=\"Debian GNU/Linux\"\n"
		 "VERSION_CODENAME=%s\nID=debian\n", codename, codename);
	write_text(dir, "etc/os-release", text);
	snprintf(text, sizeof(text), "%s/sid\n", codename);
	write_text(dir, "etc/debian_version", text);
	snprintf(text, sizeof(text),
		 "Package: liblzma5\nStatus: install ok installed\nArchitecture: amd64\n"
		 "Source: xz-utils\nVersion: %s\n\n", xz_version);
	write_text(dir, "var/lib/dpkg/status", text);
}

static void scan_rootfs(struct dsec_scan *scan, const char *dir)
{
	static const struct dsec_analyzer *const analyzers[] = {
		&dsec_analyzer_os_release, &dsec_analyzer_dpkg,
	};
	struct dsec_scan_options opts = {
		.input = dir, .db_path = db_path, .skip_secrets = true,
		.skip_malware = true, .skip_misconfig = true,
		.analyzers = analyzers, .n_analyzers = 2,
	};

	dsec_scan_init(scan, &opts);
	assert_int_equal(dsec_scan_image(scan), 0);
}

static void sid_rootfs_matched_by_codename(void **state)
{
	char dir[128];
	struct dsec_scan scan;

	/* The xz backdoor: DEBIAN-CVE-2024-3094 affects Debian:13 and 14. */
	snprintf(dir, sizeof(dir), "%s/trixie", tmpdir);
	make_debian_rootfs(dir, "trixie", "5.6.0-0.2");
	scan_rootfs(&scan, dir);
	assert_null(scan.os.version_id);
	assert_string_equal(scan.os.version_codename, "trixie");
	assert_string_equal(scan.os.debian_version, "trixie/sid");
	assert_int_equal(scan.n_packages, 1);
	assert_int_equal(count_id(&scan, "DEBIAN-CVE-2024-3094"), 1);
	assert_int_equal(count_id(&scan, "DSEC-VULN-NOT-MATCHED"), 0);
	dsec_scan_free(&scan);

	snprintf(dir, sizeof(dir), "%s/forky", tmpdir);
	make_debian_rootfs(dir, "forky", "5.6.0-0.2");
	scan_rootfs(&scan, dir);
	assert_int_equal(count_id(&scan, "DEBIAN-CVE-2024-3094"), 1);
	dsec_scan_free(&scan);
}

static void unknown_codename_reported(void **state)
{
	char dir[128];
	const struct dsec_finding *f;
	struct dsec_scan scan;

	snprintf(dir, sizeof(dir), "%s/zzz", tmpdir);
	make_debian_rootfs(dir, "zzz", "5.6.0-0.2");
	scan_rootfs(&scan, dir);
	assert_int_equal(count_id(&scan, "DEBIAN-CVE-2024-3094"), 0);
	f = find_id(&scan, "DSEC-VULN-NOT-MATCHED");
	assert_non_null(f);
	assert_string_equal(f->title, "Vulnerability matching skipped for 1 Debian packages");
	assert_non_null(strstr(f->detail, "the Debian release is unknown"));
	assert_string_equal(f->path, "/var/lib/dpkg/status");
	dsec_scan_free(&scan);
}

/* The real unstable chroot that the kernel tests build, when present. */
static void real_sid_chroot(void **state)
{
	struct dsec_os_ecosystems ecos;
	struct dsec_scan scan;
	struct stat st;

	if (stat(SID_CHROOT "/etc/debian_version", &st) < 0) {
		print_message("skipped: %s is missing\n", SID_CHROOT);
		skip();
	}
	scan_rootfs(&scan, SID_CHROOT);
	assert_string_equal(scan.os.id, "debian");
	assert_null(scan.os.version_id);
	assert_non_null(scan.os.debian_version);
	assert_true(scan.n_packages > 50);
	dsec_os_ecosystems(&scan.os, DSEC_OS_DEBIAN, &ecos);
	assert_int_equal(ecos.n, 1);
	print_message("%s: %s, %zu packages, %s\n", SID_CHROOT, scan.os.debian_version,
		      scan.n_packages, ecos.names[0]);
	assert_int_equal(count_id(&scan, "DSEC-VULN-NOT-MATCHED"), 0);
	dsec_scan_free(&scan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ecosystems_by_release),
		cmocka_unit_test(rhel_and_sles_all_streams),
		cmocka_unit_test(rpm_distributions_matched),
		cmocka_unit_test(fedora_named_not_matched),
		cmocka_unit_test(sid_rootfs_matched_by_codename),
		cmocka_unit_test(unknown_codename_reported),
		cmocka_unit_test(real_sid_chroot),
	};

	return cmocka_run_group_tests(tests, setup_db, teardown_db);
}
