// SPDX-License-Identifier: GPL-2.0
/*
 * End-to-end tests of `dsecctl scan`: the command runs in a child process
 * on real image archives, writes each report format to a file, and the
 * reports are parsed back with json-c and checked finding by finding.
 *
 * Images: the planted image (tests/images/planted/build.sh: a debootstrap
 * minbase bookworm image with one sample of everything the scanner must
 * report), the same image without the planted layer (false positives),
 * and fixture images from ../shared/fixtures/images. Building the images
 * needs root and debootstrap; the first build takes about a minute, later
 * runs reuse /var/cache/dsec/images. Runs from the repository root.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <json-c/json.h>

#include "ctl/dsecctl.h"

#define FIXTURES	"../shared/fixtures/images"
#define MAX_ARGS	32

/* An OSV advisory for bash of Debian 12, imported into the test database. */
#define ADVISORY_ID	"DSEC-TEST-0001"
static const char advisory[] =
	"{\"schema_version\": \"1.6.0\", \"id\": \"" ADVISORY_ID "\",\n"
	" \"modified\": \"2026-01-01T00:00:00Z\", \"aliases\": [\"CVE-2099-0001\"],\n"
	" \"summary\": \"test advisory for bash\",\n"
	" \"affected\": [{\"package\": {\"ecosystem\": \"Debian:12\", \"name\": \"bash\"},\n"
	"   \"ranges\": [{\"type\": \"ECOSYSTEM\",\n"
	"     \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"5.2.15-3\"}]}]}],\n"
	" \"severity\": [{\"type\": \"CVSS_V3\",\n"
	"   \"score\": \"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}]}\n";

static char tmpdir[64];
static char db_path[128];
static char planted_dir[512];		/* generate.sh output: expected.env */
static char planted_image[512];		/* build.sh output directory */
static char clean_image[512];
static bool images_ready;

/* Planted values from expected.env. */
static char aws_key_id[64], aws_secret_key[64], github_token[64];

struct expected_finding {
	const char *id;
	const char *path;		/* NULL: image configuration */
	const char *severity;
	const char *class;
	unsigned int line;		/* 0: no line */
};

static const struct expected_finding planted_findings[] = {
	{ "DSEC-MAL-MINER-POOL", "/usr/local/bin/kworkerd", "CRITICAL", "malware", 0 },
	{ "DSEC-MAL-MINER-XMRIG", "/usr/local/bin/kworkerd", "CRITICAL", "malware", 0 },
	{ "DSEC-MAL-MINER-CONFIG", "/root/.xmrig.json", "HIGH", "malware", 0 },
	{ "DSEC-MAL-REVERSE-SHELL", "/usr/local/bin/net-check.sh", "CRITICAL", "malware", 0 },
	{ "DSEC-MAL-WEBSHELL", "/var/www/html/upload.php", "CRITICAL", "malware", 0 },
	{ "DSEC-SECRET-AWS-ACCESS-KEY-ID", "/root/.aws/credentials", "CRITICAL", "secret", 2 },
	{ "DSEC-SECRET-AWS-SECRET-KEY", "/root/.aws/credentials", "CRITICAL", "secret", 3 },
	{ "DSEC-SECRET-PRIVATE-KEY", "/root/.ssh/id_ed25519", "HIGH", "secret", 1 },
	{ "DSEC-SECRET-PRIVATE-KEY", "/srv/app/tls.key", "HIGH", "secret", 1 },
	{ "DSEC-SUSP-AUTHORIZED-KEYS", "/root/.ssh/authorized_keys", "HIGH", "suspicious", 0 },
	{ "DSEC-SUSP-LD-PRELOAD", "/etc/ld.so.preload", "HIGH", "suspicious", 0 },
	{ "DSEC-SUSP-WORLD-WRITABLE-DIR", "/usr/local/lib/plugins", "HIGH", "suspicious", 0 },
	{ "DSEC-SUSP-SETUID", "/usr/local/bin/suid-helper", "MEDIUM", "suspicious", 0 },
	{ "DSEC-CFG-ROOT-USER", NULL, "HIGH", "misconfiguration", 0 },
	{ "DSEC-CFG-SSH-PORT", NULL, "MEDIUM", "misconfiguration", 0 },
	{ "DSEC-CFG-ENV-SECRET", NULL, "CRITICAL", "misconfiguration", 0 },
	{ "DSEC-CFG-CURL-PIPE-SHELL", NULL, "MEDIUM", "misconfiguration", 0 },
	{ "DSEC-CFG-NO-HEALTHCHECK", NULL, "INFO", "misconfiguration", 0 },
	{ ADVISORY_ID, "/var/lib/dpkg/status", "CRITICAL", "vulnerability", 0 },
};

/* Findings of each class in the planted image, so nothing extra slips in. */
#define PLANTED_SECRETS		4
#define PLANTED_MALWARE		5

struct expected_package {
	const char *name;
	const char *version;
	const char *purl;
};

struct fixture_image {
	const char *path;
	const char *format;		/* JSON image.format */
	const char *os_id;		/* NULL: no os-release */
	const char *os_version;
	size_t n_packages;
	struct expected_package packages[4];
};

/* Versions read from the fixtures' own package databases. */
static const struct fixture_image fixture_images[] = {
	{ FIXTURES "/docker-save/snyk-nginx-debian10-trimmed.tar", "docker-save",
	  "debian", "10", 84, {
		{ "adduser", "3.118", "pkg:deb/debian/adduser@3.118?arch=all&distro=debian-10" },
		{ "base-files", "10.3+deb10u1",
		  "pkg:deb/debian/base-files@10.3%2Bdeb10u1?arch=amd64&distro=debian-10" },
		{ "libc6", "2.28-10", NULL },
		{ "tzdata", "2019b-0+deb10u1", NULL } } },
	{ FIXTURES "/docker-save/trivy-alpine-3.10.tar.gz", "docker-save",
	  "alpine", "3.10.4", 14, {
		{ "musl", "1.1.22-r3", "pkg:apk/alpine/musl@1.1.22-r3?arch=x86_64&distro=3.10.4" },
		{ "busybox", "1.30.1-r3", NULL },
		{ "apk-tools", "2.10.4-r2", NULL },
		{ "libc-utils", "0.7.1-r0", NULL } } },
	{ FIXTURES "/docker-save/trivy-alpine-3.11.tar.gz", "docker-save",
	  "alpine", "3.11.5", 14, {
		{ "musl", "1.1.24-r2", "pkg:apk/alpine/musl@1.1.24-r2?arch=x86_64&distro=3.11.5" },
		{ "busybox", "1.31.1-r9", NULL } } },
	{ FIXTURES "/oci/snyk-oci-busybox-1.31.1.tar", "oci", NULL, NULL, 0, { { NULL } } },
	{ FIXTURES "/oci-dirs/trivy-test.oci", "oci", NULL, NULL, 0, { { NULL } } },
};

/*
 * Runs fn (cmd_scan or cmd_db) in a child with stdout and stderr sent to
 * files, so each run starts with fresh getopt and library state. Returns
 * the exit status, or -1 when the child did not exit normally.
 */
static int run_command(int (*fn)(int, char **), const char *out_path, const char *err_path,
		       char **argv)
{
	int argc = 0, status;
	pid_t pid;

	while (argv[argc])
		argc++;
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (!freopen(out_path, "w", stdout) || !freopen(err_path, "w", stderr))
			_exit(126);
		setenv("SOURCE_DATE_EPOCH", "1704067200", 1);
		status = fn(argc, argv);
		fflush(NULL);
		_exit(status);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/*
 * Runs `dsecctl scan --yara-dir rules/yara ARGS... -o OUT INPUT` and
 * returns its exit status. ARGS end with NULL. The repository's rules
 * are named so an installed rule set does not change the results.
 */
static int scan(const char *input, const char *out, ...)
{
	char *argv[MAX_ARGS];
	char err[160];
	int argc = 0, status;
	const char *arg;
	va_list ap;

	argv[argc++] = "scan";
	argv[argc++] = "--yara-dir";
	argv[argc++] = "rules/yara";
	argv[argc++] = "--no-progress";
	va_start(ap, out);
	while ((arg = va_arg(ap, const char *)) && argc < MAX_ARGS - 4)
		argv[argc++] = (char *)arg;
	va_end(ap);
	argv[argc++] = "-o";
	argv[argc++] = (char *)out;
	argv[argc++] = (char *)input;
	argv[argc] = NULL;

	snprintf(err, sizeof(err), "%s/scan.err", tmpdir);
	status = run_command(cmd_scan, "/dev/null", err, argv);
	if (status != 0 && status != 1) {
		char cmd[256];

		snprintf(cmd, sizeof(cmd), "cat '%s' >&2", err);
		if (system(cmd) < 0)
			print_error("cannot show '%s'\n", err);
	}
	return status;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t size = 0;
	ssize_t n;

	assert_non_null(f);
	n = getdelim(&buf, &size, '\0', f);
	fclose(f);
	assert_true(n >= 0);
	return buf;
}

/* Scans input into tmpdir/NAME in one format and parses the report. */
static json_object *scan_report(const char *input, const char *format, const char *name,
				const char *db)
{
	char out[160];
	json_object *report;
	int status;

	snprintf(out, sizeof(out), "%s/%s", tmpdir, name);
	if (db)
		status = scan(input, out, "-f", format, "--db", db, NULL);
	else
		status = scan(input, out, "-f", format, "--skip-vulns", NULL);
	assert_int_equal(status, 0);
	report = json_object_from_file(out);
	if (!report)
		print_error("'%s' is not JSON: %s\n", out, json_util_get_last_err());
	assert_non_null(report);
	return report;
}

static json_object *member(json_object *obj, const char *key)
{
	json_object *value = NULL;

	if (!json_object_object_get_ex(obj, key, &value))
		print_error("missing member '%s' in %s\n", key,
			    json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN));
	assert_non_null(value);
	return value;
}

static const char *string_member(json_object *obj, const char *key)
{
	json_object *value = member(obj, key);

	assert_true(json_object_is_type(value, json_type_string));
	return json_object_get_string(value);
}

/* A string member, or NULL when it is JSON null. */
static const char *nullable_string(json_object *obj, const char *key)
{
	json_object *value = NULL;

	assert_true(json_object_object_get_ex(obj, key, &value));
	if (!value)
		return NULL;
	assert_true(json_object_is_type(value, json_type_string));
	return json_object_get_string(value);
}

static json_object *array_member(json_object *obj, const char *key)
{
	json_object *value = member(obj, key);

	assert_true(json_object_is_type(value, json_type_array));
	return value;
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Counts the findings of a JSON report with this id and path. */
static size_t count_json_findings(json_object *report, const char *id, const char *path,
				  json_object **ret_first)
{
	json_object *findings = array_member(report, "findings");
	size_t i, n = 0;

	for (i = 0; i < json_object_array_length(findings); i++) {
		json_object *f = json_object_array_get_idx(findings, i);

		if (strcmp(string_member(f, "id"), id) || !same(nullable_string(f, "path"), path))
			continue;
		if (!n && ret_first)
			*ret_first = f;
		n++;
	}
	return n;
}

static size_t count_class(json_object *report, const char *class)
{
	json_object *findings = array_member(report, "findings");
	size_t i, n = 0;

	for (i = 0; i < json_object_array_length(findings); i++)
		if (!strcmp(string_member(json_object_array_get_idx(findings, i), "class"), class))
			n++;
	return n;
}

static void check_file_has_no(const char *path, const char *secret)
{
	char *text = read_file(path);

	if (strstr(text, secret))
		print_error("'%s' contains a planted secret in clear\n", path);
	assert_null(strstr(text, secret));
	free(text);
}

/* Reads NAME=value from expected.env into buf. */
static void read_expected(const char *name, char *buf, size_t size)
{
	char path[600], line[256];
	size_t len = strlen(name);
	FILE *f;

	snprintf(path, sizeof(path), "%s/expected.env", planted_dir);
	f = fopen(path, "r");
	assert_non_null(f);
	buf[0] = '\0';
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, name, len) || line[len] != '=')
			continue;
		line[strcspn(line, "\n")] = '\0';
		snprintf(buf, size, "%s", line + len + 1);
	}
	fclose(f);
	assert_true(buf[0] != '\0');
}

/*
 * Runs a build script and copies the last two lines of its output to
 * ret_previous and ret_last, both of size bytes.
 */
static bool run_build(const char *cmd, char *ret_previous, char *ret_last, size_t size)
{
	char line[512];
	bool ok;
	FILE *p;

	p = popen(cmd, "r");
	if (!p)
		return false;
	ret_previous[0] = ret_last[0] = '\0';
	while (fgets(line, sizeof(line), p)) {
		line[strcspn(line, "\n")] = '\0';
		snprintf(ret_previous, size, "%s", ret_last);
		snprintf(ret_last, size, "%s", line);
	}
	ok = pclose(p) == 0 && ret_last[0];
	if (!ok)
		print_error("'%s' failed\n", cmd);
	return ok;
}

static int setup(void **state)
{
	char adv_path[128], out[160], err[160], scratch[512];
	char *db_argv[] = { "db", "import", adv_path, "--db", db_path, NULL };
	FILE *f;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/dsec-test-scan.XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(db_path, sizeof(db_path), "%s/vuln.db", tmpdir);
	snprintf(adv_path, sizeof(adv_path), "%s/advisory.json", tmpdir);
	f = fopen(adv_path, "w");
	if (!f || fputs(advisory, f) < 0 || fclose(f))
		return -1;
	snprintf(out, sizeof(out), "%s/db.out", tmpdir);
	snprintf(err, sizeof(err), "%s/db.err", tmpdir);
	if (run_command(cmd_db, out, err, db_argv) != 0)
		return -1;

	if (geteuid() != 0) {
		print_message("NOTE: the image tests need root for debootstrap; "
			      "run them as root to build the test images\n");
		return 0;
	}
	if (!run_build("tests/images/planted/build.sh", planted_dir, planted_image,
		       sizeof(planted_image)) ||
	    !run_build("tests/images/build.sh", scratch, clean_image, sizeof(clean_image)))
		return -1;
	images_ready = true;
	read_expected("AWS_ACCESS_KEY_ID", aws_key_id, sizeof(aws_key_id));
	read_expected("AWS_SECRET_ACCESS_KEY", aws_secret_key, sizeof(aws_secret_key));
	read_expected("GITHUB_TOKEN", github_token, sizeof(github_token));
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void require_images(void)
{
	if (!images_ready)
		skip();
}

static void image_path(char *buf, size_t size, const char *dir, const char *name)
{
	snprintf(buf, size, "%s/%s", dir, name);
}

static void check_planted_json(json_object *report)
{
	json_object *image = member(report, "image"), *os = member(image, "os");
	json_object *summary = member(report, "summary"), *f = NULL;
	char prefix[16];
	size_t i;

	assert_string_equal(string_member(report, "schema"), "dsec-scan-report/1");
	assert_string_equal(string_member(member(report, "tool"), "name"), "dsec");
	assert_string_equal(string_member(image, "ref"), "dsec-test/debootstrap:bookworm");
	assert_string_equal(string_member(os, "id"), "debian");
	assert_string_equal(string_member(os, "version_id"), "12");
	assert_int_equal(json_object_array_length(array_member(image, "layers")), 3);
	assert_true(json_object_get_boolean(member(member(report, "vulnerability_matching"),
						   "performed")));
	assert_int_equal(json_object_get_int(member(summary, "packages")), 88);
	assert_int_equal(json_object_array_length(array_member(report, "packages")), 88);
	assert_int_equal(json_object_get_int(member(summary, "findings")),
			 json_object_array_length(array_member(report, "findings")));

	for (i = 0; i < sizeof(planted_findings) / sizeof(planted_findings[0]); i++) {
		const struct expected_finding *e = &planted_findings[i];
		json_object *line;

		if (count_json_findings(report, e->id, e->path, &f) != 1)
			print_error("expected one %s on %s\n", e->id, e->path ? e->path : "config");
		assert_int_equal(count_json_findings(report, e->id, e->path, &f), 1);
		assert_string_equal(string_member(f, "severity"), e->severity);
		assert_string_equal(string_member(f, "class"), e->class);
		assert_true(json_object_object_get_ex(f, "line", &line));
		if (e->line)
			assert_int_equal(json_object_get_int(line), e->line);
		else
			assert_null(line);
	}
	assert_int_equal(count_class(report, "secret"), PLANTED_SECRETS);
	assert_int_equal(count_class(report, "malware"), PLANTED_MALWARE);

	/* Evidence: the first 4 characters and ****, never the value. */
	assert_int_equal(count_json_findings(report, "DSEC-SECRET-AWS-ACCESS-KEY-ID",
					     "/root/.aws/credentials", &f), 1);
	snprintf(prefix, sizeof(prefix), "%.4s****", aws_key_id);
	assert_string_equal(string_member(f, "evidence"), prefix);
	assert_int_equal(count_json_findings(report, "DSEC-SECRET-AWS-SECRET-KEY",
					     "/root/.aws/credentials", &f), 1);
	snprintf(prefix, sizeof(prefix), "%.4s****", aws_secret_key);
	assert_string_equal(string_member(f, "evidence"), prefix);
	assert_int_equal(count_json_findings(report, "DSEC-CFG-ENV-SECRET", NULL, &f), 1);
	assert_string_equal(string_member(f, "evidence"), "GITHUB_TOKEN=ghp_****");

	/* The advisory points at bash and carries its fix and CVSS. */
	assert_int_equal(count_json_findings(report, ADVISORY_ID, "/var/lib/dpkg/status", &f), 1);
	assert_string_equal(string_member(f, "fixed_version"), "5.2.15-3");
	assert_string_equal(json_object_get_string(json_object_array_get_idx(
				    array_member(f, "aliases"), 0)), "CVE-2099-0001");
	assert_true(json_object_get_double(member(member(f, "cvss"), "score")) == 9.8);
	assert_string_equal(string_member(json_object_array_get_idx(
				    array_member(report, "packages"),
				    json_object_get_int(member(f, "package"))), "name"), "bash");
}

static void planted_json_report(void **state)
{
	char input[600], out[160];
	json_object *report;

	require_images();
	image_path(input, sizeof(input), planted_image, "docker.tar");
	report = scan_report(input, "json", "planted.json", db_path);
	check_planted_json(report);
	json_object_put(report);

	snprintf(out, sizeof(out), "%s/planted.json", tmpdir);
	check_file_has_no(out, aws_key_id);
	check_file_has_no(out, aws_secret_key);
	check_file_has_no(out, github_token);
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted "id path" lines of a JSON report's findings. */
static char *finding_keys(json_object *report)
{
	json_object *findings = array_member(report, "findings");
	size_t i, n = json_object_array_length(findings), len = 0;
	char **keys = calloc(n, sizeof(*keys));
	char *joined;

	assert_non_null(keys);
	for (i = 0; i < n; i++) {
		json_object *f = json_object_array_get_idx(findings, i);
		const char *path = nullable_string(f, "path");

		assert_true(asprintf(&keys[i], "%s %s\n", string_member(f, "id"),
				     path ? path : "-") > 0);
		len += strlen(keys[i]);
	}
	qsort(keys, n, sizeof(*keys), compare_strings);
	joined = calloc(1, len + 1);
	assert_non_null(joined);
	for (i = 0; i < n; i++) {
		strcat(joined, keys[i]);
		free(keys[i]);
	}
	free(keys);
	return joined;
}

/* docker save (plain and gzip layers), OCI directory and OCI tar agree. */
static void planted_input_formats_agree(void **state)
{
	static const char *const inputs[] = { "docker-gz.tar", "oci", "oci.tar" };
	char input[600], *reference, *keys;
	json_object *report;
	size_t i;

	require_images();
	image_path(input, sizeof(input), planted_image, "docker.tar");
	report = scan_report(input, "json", "reference.json", db_path);
	reference = finding_keys(report);
	json_object_put(report);

	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		image_path(input, sizeof(input), planted_image, inputs[i]);
		report = scan_report(input, "json", "format.json", db_path);
		check_planted_json(report);
		keys = finding_keys(report);
		assert_string_equal(keys, reference);
		free(keys);
		json_object_put(report);
	}
	free(reference);
}

static const char *sarif_level(const char *severity)
{
	if (!strcmp(severity, "CRITICAL") || !strcmp(severity, "HIGH"))
		return "error";
	if (!strcmp(severity, "MEDIUM"))
		return "warning";
	return "note";
}

static bool valid_sarif_level(const char *level)
{
	return !strcmp(level, "none") || !strcmp(level, "note") || !strcmp(level, "warning") ||
	       !strcmp(level, "error");
}

/*
 * Checks the SARIF 2.1.0 structure: one run, a driver with uniquely named
 * rules, and results whose ruleIndex points at the rule of their ruleId.
 * Returns the run.
 */
static json_object *check_sarif_structure(json_object *sarif, size_t n_findings)
{
	json_object *runs, *run, *driver, *rules, *results;
	size_t i, j;

	assert_string_equal(string_member(sarif, "version"), "2.1.0");
	assert_non_null(strstr(string_member(sarif, "$schema"), "sarif-2.1.0"));
	runs = array_member(sarif, "runs");
	assert_int_equal(json_object_array_length(runs), 1);
	run = json_object_array_get_idx(runs, 0);
	driver = member(member(run, "tool"), "driver");
	assert_string_equal(string_member(driver, "name"), "dsec");
	rules = array_member(driver, "rules");

	for (i = 0; i < json_object_array_length(rules); i++) {
		json_object *rule = json_object_array_get_idx(rules, i);
		const char *id = string_member(rule, "id");

		for (j = 0; j < i; j++)
			assert_string_not_equal(string_member(json_object_array_get_idx(rules, j),
							      "id"), id);
		assert_true(strlen(string_member(member(rule, "shortDescription"), "text")) > 0);
		assert_true(valid_sarif_level(string_member(member(rule, "defaultConfiguration"),
							    "level")));
	}

	results = array_member(run, "results");
	assert_int_equal(json_object_array_length(results), n_findings);
	for (i = 0; i < json_object_array_length(results); i++) {
		json_object *result = json_object_array_get_idx(results, i), *locations;
		int index = json_object_get_int(member(result, "ruleIndex"));

		assert_true(index >= 0 && (size_t)index < json_object_array_length(rules));
		assert_string_equal(string_member(json_object_array_get_idx(rules, index), "id"),
				    string_member(result, "ruleId"));
		assert_true(valid_sarif_level(string_member(result, "level")));
		assert_true(strlen(string_member(member(result, "message"), "text")) > 0);
		if (!json_object_object_get_ex(result, "locations", &locations))
			continue;
		for (j = 0; j < json_object_array_length(locations); j++) {
			json_object *physical = member(json_object_array_get_idx(locations, j),
						       "physicalLocation");
			json_object *region;

			assert_true(string_member(member(physical, "artifactLocation"),
						  "uri")[0] != '/');
			if (json_object_object_get_ex(physical, "region", &region))
				assert_true(json_object_get_int(member(region, "startLine")) >= 1);
		}
	}
	return run;
}

/* The SARIF result for a finding id on a path (NULL: no location). */
static json_object *find_sarif_result(json_object *run, const char *id, const char *path)
{
	json_object *results = array_member(run, "results"), *found = NULL;
	size_t i, n = 0;

	for (i = 0; i < json_object_array_length(results); i++) {
		json_object *result = json_object_array_get_idx(results, i), *locations;
		const char *uri = NULL;

		if (strcmp(string_member(result, "ruleId"), id))
			continue;
		if (json_object_object_get_ex(result, "locations", &locations))
			uri = string_member(member(member(json_object_array_get_idx(locations, 0),
							  "physicalLocation"), "artifactLocation"),
					    "uri");
		if (!same(uri, path ? path + 1 : NULL))
			continue;
		found = result;
		n++;
	}
	assert_int_equal(n, 1);
	return found;
}

static void planted_sarif_report(void **state)
{
	char input[600], out[160];
	json_object *sarif, *run;
	size_t i;

	require_images();
	image_path(input, sizeof(input), planted_image, "docker.tar");
	sarif = scan_report(input, "sarif", "planted.sarif", db_path);
	run = check_sarif_structure(sarif, 30);
	assert_true(json_object_get_boolean(member(member(run, "properties"),
						   "vulnerability_matching")));

	for (i = 0; i < sizeof(planted_findings) / sizeof(planted_findings[0]); i++) {
		const struct expected_finding *e = &planted_findings[i];
		json_object *result = find_sarif_result(run, e->id, e->path), *locations, *region;

		assert_string_equal(string_member(result, "level"), sarif_level(e->severity));
		assert_string_equal(string_member(member(result, "properties"), "severity"),
				    e->severity);
		if (!e->line)
			continue;
		locations = array_member(result, "locations");
		region = member(member(json_object_array_get_idx(locations, 0),
				       "physicalLocation"), "region");
		assert_int_equal(json_object_get_int(member(region, "startLine")), e->line);
	}
	json_object_put(sarif);

	snprintf(out, sizeof(out), "%s/planted.sarif", tmpdir);
	check_file_has_no(out, aws_key_id);
	check_file_has_no(out, aws_secret_key);
	check_file_has_no(out, github_token);
}

/*
 * Checks the CycloneDX 1.5 structure: header, image as the metadata
 * component, unique bom-refs, a purl on every library, and vulnerability
 * references that resolve. Returns the number of library components.
 */
static size_t check_cyclonedx_structure(json_object *bom, const char *os_id)
{
	json_object *components, *vulns, *metadata = member(bom, "metadata");
	size_t i, j, n_libraries = 0, n_os = 0;
	const char *serial = string_member(bom, "serialNumber");

	assert_string_equal(string_member(bom, "bomFormat"), "CycloneDX");
	assert_string_equal(string_member(bom, "specVersion"), "1.5");
	assert_int_equal(json_object_get_int(member(bom, "version")), 1);
	assert_int_equal(strncmp(serial, "urn:uuid:", 9), 0);
	assert_int_equal(strlen(serial), 9 + 36);
	assert_string_equal(string_member(metadata, "timestamp"), "2024-01-01T00:00:00Z");
	assert_string_equal(string_member(member(metadata, "component"), "type"), "container");

	components = array_member(bom, "components");
	for (i = 0; i < json_object_array_length(components); i++) {
		json_object *c = json_object_array_get_idx(components, i);
		const char *type = string_member(c, "type");
		const char *ref = string_member(c, "bom-ref");

		for (j = 0; j < i; j++)
			assert_string_not_equal(string_member(json_object_array_get_idx(components, j),
							      "bom-ref"), ref);
		if (!strcmp(type, "library")) {
			assert_int_equal(strncmp(string_member(c, "purl"), "pkg:", 4), 0);
			n_libraries++;
		} else {
			assert_string_equal(type, "operating-system");
			assert_string_equal(string_member(c, "name"), os_id);
			n_os++;
		}
	}
	assert_int_equal(n_os, os_id ? 1 : 0);

	if (!json_object_object_get_ex(bom, "vulnerabilities", &vulns))
		return n_libraries;
	for (i = 0; i < json_object_array_length(vulns); i++) {
		json_object *affects = array_member(json_object_array_get_idx(vulns, i), "affects");

		for (j = 0; j < json_object_array_length(affects); j++) {
			const char *ref = string_member(json_object_array_get_idx(affects, j), "ref");
			size_t k, hits = 0;

			for (k = 0; k < json_object_array_length(components); k++)
				hits += !strcmp(string_member(json_object_array_get_idx(components, k),
							      "bom-ref"), ref);
			assert_int_equal(hits, 1);
		}
	}
	return n_libraries;
}

static json_object *find_component(json_object *bom, const char *name)
{
	json_object *components = array_member(bom, "components"), *found = NULL;
	size_t i;

	for (i = 0; i < json_object_array_length(components); i++) {
		json_object *c = json_object_array_get_idx(components, i);

		if (!strcmp(string_member(c, "type"), "library") &&
		    !strcmp(string_member(c, "name"), name)) {
			assert_null(found);
			found = c;
		}
	}
	if (!found)
		print_error("no component '%s'\n", name);
	assert_non_null(found);
	return found;
}

static void planted_cyclonedx_report(void **state)
{
	json_object *bom, *vulns, *vuln, *rating, *bash;
	char input[600];

	require_images();
	image_path(input, sizeof(input), planted_image, "docker.tar");
	bom = scan_report(input, "cyclonedx", "planted.cdx.json", db_path);
	assert_int_equal(check_cyclonedx_structure(bom, "debian"), 88);
	assert_string_equal(string_member(member(member(bom, "metadata"), "component"), "name"),
			    "dsec-test/debootstrap:bookworm");

	bash = find_component(bom, "bash");
	assert_int_equal(strncmp(string_member(bash, "purl"), "pkg:deb/debian/bash@5.2.15-2%2Bb",
				 32), 0);
	assert_non_null(strstr(string_member(bash, "purl"), "distro=debian-12"));

	vulns = array_member(bom, "vulnerabilities");
	assert_int_equal(json_object_array_length(vulns), 1);
	vuln = json_object_array_get_idx(vulns, 0);
	assert_string_equal(string_member(vuln, "id"), ADVISORY_ID);
	rating = json_object_array_get_idx(array_member(vuln, "ratings"), 0);
	assert_non_null(rating);
	assert_true(json_object_get_double(member(rating, "score")) == 9.8);
	assert_string_equal(string_member(rating, "severity"), "critical");
	assert_string_equal(string_member(rating, "method"), "CVSSv31");
	assert_string_equal(string_member(json_object_array_get_idx(array_member(vuln, "affects"),
								    0), "ref"),
			    string_member(bash, "bom-ref"));
	json_object_put(bom);
}

static void planted_table_report(void **state)
{
	char input[600], out[160], needle[256];
	char *text;
	size_t i;

	require_images();
	image_path(input, sizeof(input), planted_image, "docker.tar");
	snprintf(out, sizeof(out), "%s/planted.txt", tmpdir);
	assert_int_equal(scan(input, out, "--skip-vulns", NULL), 0);
	text = read_file(out);

	assert_non_null(strstr(text, "88 packages"));
	assert_non_null(strstr(text, "Vulnerability matching was skipped"));
	/* Written to a file: no colour. */
	assert_null(strchr(text, '\033'));
	for (i = 0; i < sizeof(planted_findings) / sizeof(planted_findings[0]); i++) {
		const struct expected_finding *e = &planted_findings[i];

		if (!strcmp(e->class, "vulnerability"))
			continue;
		assert_non_null(strstr(text, e->id));
		if (!e->path)
			continue;
		if (e->line)
			snprintf(needle, sizeof(needle), "%s:%u", e->path, e->line);
		else
			snprintf(needle, sizeof(needle), "%s\n", e->path);
		if (!strstr(text, needle))
			print_error("table has no '%s'\n", needle);
		assert_non_null(strstr(text, needle));
	}
	assert_null(strstr(text, aws_key_id));
	assert_null(strstr(text, aws_secret_key));
	assert_null(strstr(text, github_token));
	free(text);
}

static void planted_severity_filter(void **state)
{
	json_object *report, *findings;
	char input[600], out[160];
	size_t i;

	require_images();
	image_path(input, sizeof(input), planted_image, "docker.tar");
	snprintf(out, sizeof(out), "%s/critical.json", tmpdir);
	assert_int_equal(scan(input, out, "-f", "json", "--skip-vulns", "--severity", "CRITICAL",
			      NULL), 0);
	report = json_object_from_file(out);
	assert_non_null(report);
	findings = array_member(report, "findings");
	assert_int_equal(json_object_array_length(findings), 7);
	for (i = 0; i < json_object_array_length(findings); i++)
		assert_string_equal(string_member(json_object_array_get_idx(findings, i),
						  "severity"), "CRITICAL");
	json_object_put(report);
}

static void exit_status_gate(void **state)
{
	char planted[600], clean[600], out[160];

	require_images();
	image_path(planted, sizeof(planted), planted_image, "docker.tar");
	image_path(clean, sizeof(clean), clean_image, "docker.tar");
	snprintf(out, sizeof(out), "%s/gate.txt", tmpdir);

	assert_int_equal(scan(planted, out, "--skip-vulns", "--fail-on", "CRITICAL", NULL), 1);
	assert_int_equal(scan(planted, out, "--skip-vulns", "--fail-on", "HIGH", "--severity",
			      "CRITICAL", NULL), 1);
	assert_int_equal(scan(clean, out, "--skip-vulns", "--fail-on", "CRITICAL", NULL), 0);
	/* --fail-on counts only what --severity lets through. */
	assert_int_equal(scan(clean, out, "--skip-vulns", "--fail-on", "LOW", "--severity",
			      "CRITICAL", NULL), 0);
}

static void exit_status_errors(void **state)
{
	char out[160], missing[160];

	snprintf(out, sizeof(out), "%s/error.txt", tmpdir);
	snprintf(missing, sizeof(missing), "%s/no-such-image.tar", tmpdir);
	assert_int_equal(scan(missing, out, NULL), 3);
	assert_int_equal(scan(missing, out, "-f", "xml", NULL), 2);
	assert_int_equal(scan(missing, out, "--severity", "SEVERE", NULL), 2);
	assert_int_equal(scan(missing, out, "--yara-dir", "/nonexistent/yara", NULL), 3);
}

/* The stock minbase image has no secrets, malware or planted set-up. */
static void clean_image_no_false_positives(void **state)
{
	json_object *report, *findings;
	char input[600];
	size_t i;

	require_images();
	image_path(input, sizeof(input), clean_image, "docker.tar");
	report = scan_report(input, "json", "clean.json", NULL);
	assert_int_equal(json_object_get_int(member(member(report, "summary"), "packages")), 88);
	findings = array_member(report, "findings");
	for (i = 0; i < json_object_array_length(findings); i++) {
		json_object *f = json_object_array_get_idx(findings, i);
		const char *id = string_member(f, "id");
		const char *class = string_member(f, "class");

		if (!strcmp(class, "misconfiguration")) {
			assert_true(!strcmp(id, "DSEC-CFG-ROOT-USER") ||
				    !strcmp(id, "DSEC-CFG-NO-HEALTHCHECK"));
			continue;
		}
		/* Only the setuid and setgid programs Debian installs. */
		if (strcmp(class, "suspicious"))
			print_error("unexpected %s finding %s on %s\n", class, id,
				    nullable_string(f, "path"));
		assert_string_equal(class, "suspicious");
		assert_true(!strcmp(id, "DSEC-SUSP-SETUID") || !strcmp(id, "DSEC-SUSP-SETGID"));
		assert_string_equal(string_member(f, "severity"), "LOW");
		assert_true(!strncmp(string_member(f, "path"), "/usr/bin/", 9) ||
			    !strncmp(string_member(f, "path"), "/usr/sbin/", 10));
	}
	assert_int_equal(count_class(report, "secret"), 0);
	assert_int_equal(count_class(report, "malware"), 0);
	assert_int_equal(count_json_findings(report, "DSEC-SUSP-SETUID", "/usr/bin/su", NULL), 1);
	json_object_put(report);
}

static void check_fixture_json(const struct fixture_image *fx, json_object *report)
{
	json_object *image = member(report, "image"), *packages;
	size_t i, j;

	assert_string_equal(string_member(image, "format"), fx->format);
	assert_true(same(nullable_string(member(image, "os"), "id"), fx->os_id));
	assert_true(same(nullable_string(member(image, "os"), "version_id"), fx->os_version));
	packages = array_member(report, "packages");
	assert_int_equal(json_object_array_length(packages), fx->n_packages);
	for (i = 0; i < sizeof(fx->packages) / sizeof(fx->packages[0]) && fx->packages[i].name;
	     i++) {
		const struct expected_package *e = &fx->packages[i];
		size_t hits = 0;

		for (j = 0; j < json_object_array_length(packages); j++) {
			json_object *p = json_object_array_get_idx(packages, j);

			if (strcmp(string_member(p, "name"), e->name))
				continue;
			hits++;
			assert_string_equal(string_member(p, "version"), e->version);
			if (e->purl)
				assert_string_equal(string_member(p, "purl"), e->purl);
		}
		if (hits != 1)
			print_error("%s: expected one package '%s'\n", fx->path, e->name);
		assert_int_equal(hits, 1);
	}
	assert_int_equal(count_class(report, "secret"), 0);
	assert_int_equal(count_class(report, "malware"), 0);
	assert_int_equal(count_json_findings(report, "DSEC-CFG-ROOT-USER", NULL, NULL), 1);
}

static void check_fixture_cyclonedx(const struct fixture_image *fx, json_object *bom)
{
	json_object *vulns;
	size_t i;

	assert_int_equal(check_cyclonedx_structure(bom, fx->os_id), fx->n_packages);
	for (i = 0; i < sizeof(fx->packages) / sizeof(fx->packages[0]) && fx->packages[i].name;
	     i++) {
		json_object *c = find_component(bom, fx->packages[i].name);

		assert_string_equal(string_member(c, "version"), fx->packages[i].version);
		if (fx->packages[i].purl)
			assert_string_equal(string_member(c, "purl"), fx->packages[i].purl);
	}
	if (json_object_object_get_ex(bom, "vulnerabilities", &vulns))
		assert_int_equal(json_object_array_length(vulns), 0);
}

static void fixture_images_all_formats(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(fixture_images) / sizeof(fixture_images[0]); i++) {
		const struct fixture_image *fx = &fixture_images[i];
		json_object *report, *sarif, *bom;
		size_t n_findings;
		char out[160], header[64];
		char *text;

		print_message("%s\n", fx->path);
		report = scan_report(fx->path, "json", "fixture.json", NULL);
		check_fixture_json(fx, report);
		n_findings = json_object_array_length(array_member(report, "findings"));
		json_object_put(report);

		sarif = scan_report(fx->path, "sarif", "fixture.sarif", NULL);
		check_sarif_structure(sarif, n_findings);
		find_sarif_result(json_object_array_get_idx(array_member(sarif, "runs"), 0),
				  "DSEC-CFG-ROOT-USER", NULL);
		json_object_put(sarif);

		bom = scan_report(fx->path, "cyclonedx", "fixture.cdx.json", NULL);
		check_fixture_cyclonedx(fx, bom);
		json_object_put(bom);

		snprintf(out, sizeof(out), "%s/fixture.txt", tmpdir);
		assert_int_equal(scan(fx->path, out, "--skip-vulns", NULL), 0);
		text = read_file(out);
		snprintf(header, sizeof(header), "%zu packages", fx->n_packages);
		assert_non_null(strstr(text, header));
		assert_non_null(strstr(text, "DSEC-CFG-ROOT-USER"));
		free(text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(planted_json_report),
		cmocka_unit_test(planted_input_formats_agree),
		cmocka_unit_test(planted_sarif_report),
		cmocka_unit_test(planted_cyclonedx_report),
		cmocka_unit_test(planted_table_report),
		cmocka_unit_test(planted_severity_filter),
		cmocka_unit_test(exit_status_gate),
		cmocka_unit_test(exit_status_errors),
		cmocka_unit_test(clean_image_no_false_positives),
		cmocka_unit_test(fixture_images_all_formats),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
