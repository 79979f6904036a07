// SPDX-License-Identifier: GPL-2.0
/*
 * Secret rules on memory buffers. Tokens are assembled at run time from
 * random characters so that no credential-shaped string is committed;
 * private keys are generated with libcrypto and ssh-keygen.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "scan/secrets.h"

#define MAX_SEEN 16

struct seen {
	int n;
	struct dsec_secret_match match[MAX_SEEN];
};

static int record(void *ctx, const struct dsec_secret_match *match)
{
	struct seen *seen = ctx;

	if (seen->n < MAX_SEEN)
		seen->match[seen->n] = *match;
	seen->n++;
	return 0;
}

static int scan_string(const char *text, unsigned int flags, struct seen *seen)
{
	memset(seen, 0, sizeof(*seen));
	return dsec_secrets_scan((const unsigned char *)text, strlen(text), flags,
				 record, seen);
}

/* Append @n characters drawn from @alphabet to @buf. */
static void random_chars(char *buf, const char *alphabet, size_t n)
{
	size_t len = strlen(buf), k = strlen(alphabet), i;

	for (i = 0; i < n; i++)
		buf[len + i] = alphabet[(size_t)rand() % k];
	buf[len + n] = '\0';
}

static const char upper_digit[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
static const char alnum[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

static void make_token(char *buf, const char *prefix, const char *alphabet, size_t n)
{
	strcpy(buf, prefix);
	random_chars(buf, alphabet, n);
}

/* A 40-character AWS-style secret with each character class present. */
static void make_aws_secret(char *buf)
{
	buf[0] = '\0';
	random_chars(buf, alnum, 37);
	strcat(buf, "a/7");
}

static char *generate_rsa_pem(void)
{
	EVP_PKEY *pkey = EVP_RSA_gen(2048);
	BIO *bio = BIO_new(BIO_s_mem());
	char *data, *copy;
	long len;

	assert_non_null(pkey);
	assert_non_null(bio);
	assert_int_equal(PEM_write_bio_PrivateKey(bio, pkey, NULL, NULL, 0, NULL, NULL), 1);
	len = BIO_get_mem_data(bio, &data);
	copy = strndup(data, (size_t)len);
	BIO_free(bio);
	EVP_PKEY_free(pkey);
	return copy;
}

static char *read_whole(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 65536);
	size_t n;

	assert_non_null(f);
	assert_non_null(buf);
	n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Generate an OpenSSH ed25519 key with ssh-keygen; @passphrase may be "". */
static char *generate_openssh_key(const char *passphrase)
{
	char dir[] = "/tmp/dsec-secrets-XXXXXX", cmd[512], path[300];
	char *key;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/id", dir);
	snprintf(cmd, sizeof(cmd), "ssh-keygen -q -t ed25519 -N '%s' -C test -f %s",
		 passphrase, path);
	assert_int_equal(system(cmd), 0);
	key = read_whole(path);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	return key;
}

static void test_aws_key_pair_reported(void **state)
{
	char id[32], secret[48], text[256];
	struct seen seen;

	make_token(id, "AKIA", upper_digit, 16);
	make_aws_secret(secret);
	snprintf(text, sizeof(text),
		 "[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n",
		 id, secret);
	assert_int_equal(scan_string(text, 0, &seen), 0);
	assert_int_equal(seen.n, 2);
	assert_string_equal(seen.match[0].id, "DSEC-SECRET-AWS-ACCESS-KEY-ID");
	assert_int_equal(seen.match[0].line, 2);
	assert_int_equal(seen.match[0].severity, DSEC_SEV_CRITICAL);
	assert_int_equal(seen.match[0].length, 20);
	assert_memory_equal(seen.match[0].evidence, "AKIA****", 9);
	assert_string_equal(seen.match[1].id, "DSEC-SECRET-AWS-SECRET-KEY");
	assert_int_equal(seen.match[1].line, 3);
	assert_int_equal(seen.match[1].length, 40);
}

static void test_aws_secret_by_name_alone(void **state)
{
	char secret[48], text[128];
	struct seen seen;

	make_aws_secret(secret);
	snprintf(text, sizeof(text), "export AWS_SECRET_ACCESS_KEY=\"%s\"\n", secret);
	assert_int_equal(scan_string(text, 0, &seen), 0);
	assert_int_equal(seen.n, 1);
	assert_string_equal(seen.match[0].id, "DSEC-SECRET-AWS-SECRET-KEY");
}

static void test_aws_documentation_example_ignored(void **state)
{
	struct seen seen;

	scan_string("aws_access_key_id=AKIAIOSFODNN7EXAMPLE\n"
		    "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
		    0, &seen);
	assert_int_equal(seen.n, 0);
}

static void test_hex_digest_not_aws_secret(void **state)
{
	char id[32], text[256];
	struct seen seen;

	make_token(id, "AKIA", upper_digit, 16);
	/* A SHA-1 in hex has the length of a secret key but one case only. */
	snprintf(text, sizeof(text), "key %s sha1 0123456789abcdef0123456789abcdef01234567\n", id);
	scan_string(text, 0, &seen);
	assert_int_equal(seen.n, 1);
	assert_string_equal(seen.match[0].id, "DSEC-SECRET-AWS-ACCESS-KEY-ID");
}

static void test_key_id_inside_word_ignored(void **state)
{
	char id[48], text[128];
	struct seen seen;

	make_token(id, "AKIA", upper_digit, 16);
	snprintf(text, sizeof(text), "X%s\n%sQ\n", id, id);
	scan_string(text, 0, &seen);
	assert_int_equal(seen.n, 0);
}

static void test_service_tokens(void **state)
{
	static const struct {
		const char *prefix, *alphabet;
		size_t n;
		const char *id;
	} cases[] = {
		{ "ghp_", alnum, 36, "DSEC-SECRET-GITHUB-TOKEN" },
		{ "gho_", alnum, 36, "DSEC-SECRET-GITHUB-TOKEN" },
		{ "github_pat_", alnum, 82, "DSEC-SECRET-GITHUB-TOKEN" },
		{ "glpat-", alnum, 20, "DSEC-SECRET-GITLAB-TOKEN" },
		{ "xoxb-1234567890-", alnum, 24, "DSEC-SECRET-SLACK-TOKEN" },
		{ "AIza", alnum, 35, "DSEC-SECRET-GOOGLE-API-KEY" },
		{ "sk_live_", alnum, 24, "DSEC-SECRET-STRIPE-KEY" },
		{ "ASIA", upper_digit, 16, "DSEC-SECRET-AWS-ACCESS-KEY-ID" },
	};
	char token[128], text[256];
	struct seen seen;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		make_token(token, cases[i].prefix, cases[i].alphabet, cases[i].n);
		snprintf(text, sizeof(text), "# deploy\nTOKEN: '%s'\n", token);
		scan_string(text, 0, &seen);
		assert_int_equal(seen.n, 1);
		assert_string_equal(seen.match[0].id, cases[i].id);
		assert_int_equal(seen.match[0].line, 2);
		assert_int_equal(seen.match[0].length, strlen(token));
		assert_memory_equal(seen.match[0].evidence, token, 4);
		assert_string_equal(seen.match[0].evidence + 4, "****");
	}
}

static void test_token_wrong_length_ignored(void **state)
{
	char token[128];
	struct seen seen;

	make_token(token, "ghp_", alnum, 35);
	scan_string(token, 0, &seen);
	assert_int_equal(seen.n, 0);
	make_token(token, "ghp_", alnum, 37);
	scan_string(token, 0, &seen);
	assert_int_equal(seen.n, 0);
	/* A Slack prefix in prose without digits is no token. */
	scan_string("see xoxb-configuration-guide for details", 0, &seen);
	assert_int_equal(seen.n, 0);
}

static void test_rsa_private_key(void **state)
{
	char *pem = generate_rsa_pem();
	struct seen seen;

	scan_string(pem, 0, &seen);
	assert_int_equal(seen.n, 1);
	assert_string_equal(seen.match[0].id, "DSEC-SECRET-PRIVATE-KEY");
	assert_int_equal(seen.match[0].severity, DSEC_SEV_HIGH);
	assert_int_equal(seen.match[0].line, 1);
	assert_non_null(strstr(seen.match[0].evidence, "-----BEGIN PRIVATE KEY----- MII"));
	assert_non_null(strstr(seen.match[0].evidence, "****"));
	/* The evidence never carries more than 4 characters of the body. */
	assert_null(strstr(seen.match[0].evidence, pem + 28 + 4));
	free(pem);
}

static void test_private_key_in_binary(void **state)
{
	char *pem = generate_rsa_pem();
	size_t len = strlen(pem);
	unsigned char *blob = calloc(1, len + 2048);
	struct seen seen = { 0 };

	assert_non_null(blob);
	memcpy(blob, "SQLite format 3", 16);
	memcpy(blob + 1024, pem, len);
	assert_int_equal(dsec_secrets_classify("/srv/app.db", blob, len + 2048),
			 DSEC_SECRETS_BINARY);
	dsec_secrets_scan(blob, len + 2048, DSEC_SECRETS_BINARY, record, &seen);
	assert_int_equal(seen.n, 1);
	assert_string_equal(seen.match[0].id, "DSEC-SECRET-PRIVATE-KEY");

	/* ELF files are skipped: libraries embed self-test keys. */
	memcpy(blob, "\x7f" "ELF", 4);
	assert_int_equal(dsec_secrets_classify("/usr/lib/libx.so", blob, len + 2048),
			 DSEC_SECRETS_SKIP);
	memset(&seen, 0, sizeof(seen));
	dsec_secrets_scan(blob, len + 2048, DSEC_SECRETS_SKIP, record, &seen);
	assert_int_equal(seen.n, 0);
	free(blob);
	free(pem);
}

static void test_binary_tokens_ignored(void **state)
{
	unsigned char blob[256] = { 0 };
	char token[64];
	struct seen seen = { 0 };

	make_token(token, "ghp_", alnum, 36);
	memcpy(blob + 100, token, strlen(token));
	dsec_secrets_scan(blob, sizeof(blob), DSEC_SECRETS_BINARY, record, &seen);
	assert_int_equal(seen.n, 0);
}

static void test_openssh_keys(void **state)
{
	char *plain = generate_openssh_key("");
	char *encrypted = generate_openssh_key("correct horse");
	struct seen seen;

	scan_string(plain, 0, &seen);
	assert_int_equal(seen.n, 1);
	assert_string_equal(seen.match[0].title, "Private key");
	assert_int_equal(seen.match[0].severity, DSEC_SEV_HIGH);
	assert_non_null(strstr(seen.match[0].evidence, "OPENSSH PRIVATE KEY"));

	scan_string(encrypted, 0, &seen);
	assert_int_equal(seen.n, 1);
	assert_string_equal(seen.match[0].title, "Encrypted private key");
	assert_int_equal(seen.match[0].severity, DSEC_SEV_MEDIUM);
	free(plain);
	free(encrypted);
}

static void test_pem_placeholder_ignored(void **state)
{
	struct seen seen;

	scan_string("-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n",
		    0, &seen);
	assert_int_equal(seen.n, 0);
	scan_string("-----BEGIN PUBLIC KEY-----\n"
		    "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n"
		    "-----END PUBLIC KEY-----\n", 0, &seen);
	assert_int_equal(seen.n, 0);
}

static void test_escaped_pem_in_json(void **state)
{
	char *pem = generate_rsa_pem(), *json, *out;
	const char *p;
	struct seen seen;

	json = calloc(1, strlen(pem) * 2 + 64);
	assert_non_null(json);
	out = json + sprintf(json, "{\"key\": \"");
	for (p = pem; *p; p++) {
		if (*p == '\n') {
			*out++ = '\\';
			*out++ = 'n';
		} else {
			*out++ = *p;
		}
	}
	strcpy(out, "\"}");
	scan_string(json, 0, &seen);
	assert_int_equal(seen.n, 1);
	assert_string_equal(seen.match[0].id, "DSEC-SECRET-PRIVATE-KEY");
	free(json);
	free(pem);
}

static void test_generic_password_strong(void **state)
{
	struct seen seen;

	scan_string("[client]\nuser = app\npassword = Tq8!vLz2Rk9w\n",
		    DSEC_SECRETS_CONFIG, &seen);
	assert_int_equal(seen.n, 1);
	assert_string_equal(seen.match[0].id, "DSEC-SECRET-GENERIC-PASSWORD");
	assert_int_equal(seen.match[0].line, 3);
	assert_string_equal(seen.match[0].evidence, "Tq8!****");

	scan_string("{\n  \"db_password\": \"hY7-kPq2!xW4\"\n}\n", DSEC_SECRETS_CONFIG, &seen);
	assert_int_equal(seen.n, 1);
}

static void test_generic_password_weak_ignored(void **state)
{
	static const char *const texts[] = {
		"password = changeme123\n",
		"password=${DB_PASSWORD}\n",
		"password: <your password here>\n",
		"password_file = /run/secrets/db\n",
		"password = hunter22\n",
		"token_url = https://auth.example/token\n",
		"PASSWORD=Example123!\n",
		"password = \n",
	};
	struct seen seen;
	size_t i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		scan_string(texts[i], DSEC_SECRETS_CONFIG, &seen);
		assert_int_equal(seen.n, 0);
	}
	/* Outside configuration files the generic rule does not run. */
	scan_string("password = Tq8!vLz2Rk9w\n", 0, &seen);
	assert_int_equal(seen.n, 0);
}

static void test_env_entries(void **state)
{
	char entry[128], token[64];
	struct seen seen = { 0 };

	assert_int_equal(dsec_secrets_scan_env("POSTGRES_PASSWORD=s3cr3tPassw0rd", record, &seen), 1);
	assert_string_equal(seen.match[0].id, "DSEC-SECRET-ENV-CREDENTIAL");
	assert_string_equal(seen.match[0].evidence, "s3cr****");

	make_token(token, "ghp_", alnum, 36);
	snprintf(entry, sizeof(entry), "CI_HELPER=%s", token);
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(dsec_secrets_scan_env(entry, record, &seen), 1);
	assert_string_equal(seen.match[0].id, "DSEC-SECRET-GITHUB-TOKEN");

	memset(&seen, 0, sizeof(seen));
	assert_int_equal(dsec_secrets_scan_env("PATH=/usr/local/sbin:/usr/bin", record, &seen), 0);
	assert_int_equal(dsec_secrets_scan_env("POSTGRES_PASSWORD_FILE=/run/secrets/pg", record, &seen), 0);
	assert_int_equal(dsec_secrets_scan_env("GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D", record, &seen), 0);
	assert_int_equal(dsec_secrets_scan_env("TOKEN_TTL=3600", record, &seen), 0);
	assert_int_equal(dsec_secrets_scan_env("API_TOKEN=", record, &seen), 0);
	assert_int_equal(dsec_secrets_scan_env("SECRET_KEY=$SECRET", record, &seen), 0);
	assert_int_equal(dsec_secrets_scan_env("NOEQUALS", record, &seen), 0);
	assert_int_equal(seen.n, 0);
}

static void test_redact_short_value(void **state)
{
	char buf[16];

	dsec_secret_redact("abc", 3, buf, sizeof(buf));
	assert_string_equal(buf, "****");
	dsec_secret_redact("abcdefgh", 8, buf, sizeof(buf));
	assert_string_equal(buf, "abcd****");
	dsec_secret_redact("abcdefgh", 8, buf, 3);
	assert_string_equal(buf, "ab");
}

static void test_paths_skipped(void **state)
{
	assert_true(dsec_secrets_path_skipped("/usr/share/doc/openssl/README"));
	assert_true(dsec_secrets_path_skipped("/usr/lib/python3.11/test/keycert.pem"));
	assert_true(dsec_secrets_path_skipped(
		"/usr/lib/python3/dist-packages/cryptography/tests/key.pem"));
	assert_true(dsec_secrets_path_skipped("/app/node_modules/ssh2/test/fixtures/id_rsa"));
	assert_true(dsec_secrets_path_skipped("/usr/share/icons/a.png"));
	assert_false(dsec_secrets_path_skipped("/root/.ssh/id_rsa"));
	assert_false(dsec_secrets_path_skipped("/app/test/id_rsa"));
	assert_false(dsec_secrets_path_skipped("/usr/lib/python3.11/ssl.py"));
}

static void test_classify_config(void **state)
{
	const unsigned char text[] = "a=b\n";

	assert_int_equal(dsec_secrets_classify("/app/.env", text, 4), DSEC_SECRETS_CONFIG);
	assert_int_equal(dsec_secrets_classify("/etc/mysql/debian.cnf", text, 4),
			 DSEC_SECRETS_CONFIG);
	assert_int_equal(dsec_secrets_classify("/app/main.py", text, 4), 0);
}

static int stop_at_first(void *ctx, const struct dsec_secret_match *match)
{
	(*(int *)ctx)++;
	return -EINTR;
}

static void test_callback_error_stops(void **state)
{
	char a[48], b[48], text[128];
	int calls = 0;

	make_token(a, "ghp_", alnum, 36);
	make_token(b, "ghp_", alnum, 36);
	snprintf(text, sizeof(text), "%s %s", a, b);
	assert_int_equal(dsec_secrets_scan((const unsigned char *)text, strlen(text), 0,
					   stop_at_first, &calls), -EINTR);
	assert_int_equal(calls, 1);
}

static void test_match_count_bounded(void **state)
{
	size_t n = 1000, i;
	char *text = calloc(n, 48), token[48];
	struct seen seen = { 0 };

	assert_non_null(text);
	for (i = 0; i < n; i++) {
		make_token(token, "ghp_", alnum, 36);
		strcat(token, "\n");
		strcat(text, token);
	}
	dsec_secrets_scan((const unsigned char *)text, strlen(text), 0, record, &seen);
	assert_int_equal(seen.n, DSEC_SECRETS_MAX_MATCHES);
	free(text);
}

static void test_hostile_buffers(void **state)
{
	size_t n = 4 << 20;
	unsigned char *buf = malloc(n);
	struct seen seen = { 0 };
	size_t i;

	assert_non_null(buf);
	/* Repeated prefixes, endless base64 and unterminated PEM headers. */
	for (i = 0; i + 11 <= n; i += 11)
		memcpy(buf + i, (i / 11) % 2 ? "-----BEGIN " : "AKIAAAAAAAA", 11);
	dsec_secrets_scan(buf, n, DSEC_SECRETS_CONFIG, record, &seen);
	assert_int_equal(seen.n, 0);
	memset(buf, 'A', n);
	dsec_secrets_scan(buf, n, DSEC_SECRETS_CONFIG, record, &seen);
	assert_int_equal(seen.n, 0);
	dsec_secrets_scan(buf, 0, 0, record, &seen);
	assert_int_equal(seen.n, 0);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aws_key_pair_reported),
		cmocka_unit_test(test_aws_secret_by_name_alone),
		cmocka_unit_test(test_aws_documentation_example_ignored),
		cmocka_unit_test(test_hex_digest_not_aws_secret),
		cmocka_unit_test(test_key_id_inside_word_ignored),
		cmocka_unit_test(test_service_tokens),
		cmocka_unit_test(test_token_wrong_length_ignored),
		cmocka_unit_test(test_rsa_private_key),
		cmocka_unit_test(test_private_key_in_binary),
		cmocka_unit_test(test_binary_tokens_ignored),
		cmocka_unit_test(test_openssh_keys),
		cmocka_unit_test(test_pem_placeholder_ignored),
		cmocka_unit_test(test_escaped_pem_in_json),
		cmocka_unit_test(test_generic_password_strong),
		cmocka_unit_test(test_generic_password_weak_ignored),
		cmocka_unit_test(test_env_entries),
		cmocka_unit_test(test_redact_short_value),
		cmocka_unit_test(test_paths_skipped),
		cmocka_unit_test(test_classify_config),
		cmocka_unit_test(test_callback_error_stops),
		cmocka_unit_test(test_match_count_bounded),
		cmocka_unit_test(test_hostile_buffers),
	};

	srand((unsigned int)getpid());
	return cmocka_run_group_tests(tests, NULL, NULL);
}
