// SPDX-License-Identifier: GPL-2.0
/*
 * dsec-oci-hook: OCI state and bundle parsing, settings, policy
 * selection and binding. Loading over netlink is tested with real runc
 * and crun in the VM bench (tests/vm/cases/oci_hook.sh).
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "ctl/oci-hook/hook.h"

static char tmpdir[] = "/tmp/dsec-hook-test-XXXXXX";

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A pipe whose read end holds text, as the runtime passes the state. */
static int pipe_with(const char *text)
{
	int fds[2];

	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], text, strlen(text)), (ssize_t)strlen(text));
	close(fds[1]);
	return fds[0];
}

static int read_state(const char *text, bool need_pid,
		      struct hook_container *c, char *err)
{
	int fd = pipe_with(text), ret;

	ret = hook_read_state(fd, need_pid, c, err);
	close(fd);
	return ret;
}

static void test_state_valid(void **state)
{
	struct hook_container c = { 0 };
	char err[HOOK_ERR_SIZE] = "";

	assert_int_equal(read_state("{\"ociVersion\":\"1.0.2\",\"id\":\"web1\","
				    "\"status\":\"created\",\"pid\":4242,"
				    "\"bundle\":\"/run/b\",\"annotations\":"
				    "{\"dsec.policy\":\"strict\","
				    "\"io.kubernetes.cri.image-name\":\"nginx:1.25\"}}",
				    true, &c, err), 0);
	assert_string_equal(c.id, "web1");
	assert_int_equal(c.pid, 4242);
	assert_string_equal(c.bundle, "/run/b");
	assert_string_equal(c.policy_request, "strict");
	assert_string_equal(c.image_name, "nginx:1.25");
	hook_container_free(&c);
}

static void test_state_invalid(void **state)
{
	struct hook_container c = { 0 };
	char err[HOOK_ERR_SIZE] = "";

	assert_int_equal(read_state("{\"id\":\"x\"}", true, &c, err), -EINVAL);
	assert_non_null(strstr(err, "no valid pid"));
	hook_container_free(&c);

	assert_int_equal(read_state("{\"id\":\"x\",\"pid\":-5}", false, &c, err),
			 -EINVAL);
	hook_container_free(&c);

	assert_int_equal(read_state("{\"pid\":1}", true, &c, err), -EINVAL);
	assert_non_null(strstr(err, "no container id"));
	hook_container_free(&c);

	assert_int_equal(read_state("[1,2", true, &c, err), -EINVAL);
	assert_non_null(strstr(err, "invalid OCI state"));
	hook_container_free(&c);

	/* Deep nesting stops at the tokener's depth limit. */
	{
		char deep[4096];

		memset(deep, '[', sizeof(deep) - 1);
		deep[sizeof(deep) - 1] = '\0';
		assert_int_equal(read_state(deep, true, &c, err), -EINVAL);
		hook_container_free(&c);
	}
}

static void test_state_poststop_without_pid(void **state)
{
	struct hook_container c = { 0 };
	char err[HOOK_ERR_SIZE] = "";

	assert_int_equal(read_state("{\"id\":\"web1\",\"status\":\"stopped\"}",
				    false, &c, err), 0);
	assert_int_equal(c.pid, 0);
	hook_container_free(&c);
}

static void test_bundle_annotations(void **state)
{
	struct hook_container c = { 0 };
	char err[HOOK_ERR_SIZE] = "", dir[512];

	snprintf(dir, sizeof(dir), "%s/bundle", tmpdir);
	mkdir(dir, 0700);
	write_file(dir, "config.json",
		   "{\"ociVersion\":\"1.0.2\",\"annotations\":{"
		   "\"org.opencontainers.image.ref.name\":\"demo:latest\","
		   "\"org.opencontainers.image.digest\":\"sha256:0123\","
		   "\"io.container.manager\":\"libpod\"}}");
	c.bundle = strdup(dir);
	assert_int_equal(hook_read_bundle(&c, err), 0);
	assert_string_equal(c.image_name, "demo:latest");
	assert_string_equal(c.image_digest, "sha256:0123");
	assert_string_equal(c.manager, "libpod");
	hook_container_free(&c);

	c.bundle = strdup("/nonexistent-bundle");
	assert_int_equal(hook_read_bundle(&c, err), -ENOENT);
	assert_non_null(strstr(err, "/nonexistent-bundle/config.json"));
	hook_container_free(&c);
}

/*
 * A 9 MB config.json of three million empty objects would take 2.4 GB
 * as a json-c tree; it is rejected before the parse.
 */
static void test_bundle_too_many_objects(void **state)
{
	struct hook_container c = { 0 };
	char err[HOOK_ERR_SIZE] = "", dir[512], path[600];
	size_t i;
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/wide-bundle", tmpdir);
	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/config.json", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("{\"annotations\":{},\"x\":[", f);
	for (i = 0; i < 3000000; i++)
		fputs(i ? ",{}" : "{}", f);
	fputs("]}", f);
	assert_int_equal(fclose(f), 0);

	c.bundle = strdup(dir);
	assert_int_equal(hook_read_bundle(&c, err), -EINVAL);
	assert_non_null(strstr(err, "more than 65536 JSON objects and arrays"));
	hook_container_free(&c);
}

static void test_policy_name(void **state)
{
	char name[DSEC_NAME_MAX], err[HOOK_ERR_SIZE], id[200];

	assert_int_equal(hook_policy_name("abc+1.x_y-z", name, sizeof(name), err), 0);
	assert_string_equal(name, "oci-abc_1.x_y-z");
	assert_int_equal(hook_policy_name("a/b", name, sizeof(name), err), -EINVAL);
	memset(id, 'a', sizeof(id) - 1);
	id[sizeof(id) - 1] = '\0';
	assert_int_equal(hook_policy_name(id, name, sizeof(name), err),
			 -ENAMETOOLONG);
}

static void test_config_file(void **state)
{
	struct hook_config cfg = { 0 };
	char err[HOOK_ERR_SIZE] = "", path[512];

	snprintf(path, sizeof(path), "%s/oci-hook.yaml", tmpdir);
	write_file(tmpdir, "oci-hook.yaml",
		   "policy-dir: /srv/policies\non-error: allow\n");
	assert_int_equal(hook_config_load(path, true, &cfg, err), 0);
	assert_string_equal(cfg.policy_dir, "/srv/policies");
	assert_string_equal(cfg.cgroup_root, HOOK_CGROUP_ROOT);
	assert_true(cfg.fail_open);
	hook_config_free(&cfg);

	write_file(tmpdir, "oci-hook.yaml", "on-error: maybe\n");
	assert_int_equal(hook_config_load(path, true, &cfg, err), -EINVAL);
	assert_non_null(strstr(err, "'maybe'"));
	hook_config_free(&cfg);

	write_file(tmpdir, "oci-hook.yaml", "policydir: /x\n");
	assert_int_equal(hook_config_load(path, true, &cfg, err), -EINVAL);
	assert_non_null(strstr(err, "unknown key 'policydir'"));
	hook_config_free(&cfg);

	/* The default file may be absent: fail closed with defaults. */
	assert_int_equal(hook_config_load("/nonexistent.yaml", false, &cfg, err), 0);
	assert_false(cfg.fail_open);
	assert_string_equal(cfg.policy_dir, HOOK_POLICY_DIR);
	hook_config_free(&cfg);
	assert_int_equal(hook_config_load("/nonexistent.yaml", true, &cfg, err),
			 -ENOENT);
	hook_config_free(&cfg);
}

#define POLICY(name, images) \
	"apiVersion: dsec/v1\nkind: Policy\nname: " name "\n" \
	"images: " images "\n" \
	"scopes:\n  - name: c\n    selectors: [{prefix: /placeholder}]\n" \
	"    guards: all\n"

static char *policy_dir(const char *sub)
{
	static char dir[512];

	snprintf(dir, sizeof(dir), "%s/%s", tmpdir, sub);
	mkdir(dir, 0700);
	return dir;
}

static const char *select_name(const char *dir, const char *image,
			       const char *digest, const char *request,
			       char *err)
{
	static char name[DSEC_NAME_MAX];
	struct hook_config cfg = { .policy_dir = (char *)dir };
	struct hook_container c = {
		.image_name = (char *)image, .image_digest = (char *)digest,
		.policy_request = (char *)request,
	};
	struct dsec_policy *policy = NULL;
	char *source = NULL;

	if (hook_select_policy(&cfg, &c, &policy, &source, err))
		return NULL;
	snprintf(name, sizeof(name), "%s", policy->name);
	assert_non_null(strstr(source, dir));
	free(source);
	dsec_policy_free(policy);
	return name;
}

static void test_select_most_specific(void **state)
{
	char err[HOOK_ERR_SIZE] = "", *dir = policy_dir("select");

	write_file(dir, "00-default.yaml", POLICY("fallback", "[\"*\"]"));
	write_file(dir, "10-glob.yaml", POLICY("web", "[\"registry.example/web-*\"]"));
	write_file(dir, "20-name.yaml", POLICY("nginx", "[nginx:1.25]"));
	write_file(dir, "30-digest.yaml", POLICY("pinned", "[\"sha256:beef\"]"));
	write_file(dir, "README.txt", "not a policy");

	assert_string_equal(select_name(dir, "nginx:1.25", NULL, NULL, err), "nginx");
	/* Docker's default registry prefix is ignored when comparing. */
	assert_string_equal(select_name(dir, "docker.io/library/nginx:1.25",
					NULL, NULL, err), "nginx");
	assert_string_equal(select_name(dir, "registry.example/web-api:2",
					NULL, NULL, err), "web");
	assert_string_equal(select_name(dir, "nginx:1.25", "sha256:beef",
					NULL, err), "pinned");
	assert_string_equal(select_name(dir, "other:1", NULL, NULL, err),
			    "fallback");
	assert_string_equal(select_name(dir, NULL, NULL, NULL, err), "fallback");
	assert_string_equal(select_name(dir, "nginx:1.25", NULL, "web", err), "web");
	assert_null(select_name(dir, "nginx:1.25", NULL, "missing", err));
	assert_non_null(strstr(err, "'missing'"));
}

static void test_select_no_match(void **state)
{
	char err[HOOK_ERR_SIZE] = "", *dir = policy_dir("nomatch");

	write_file(dir, "a.yaml", POLICY("only", "[nginx:1.25]"));
	assert_null(select_name(dir, "redis:7", NULL, NULL, err));
	assert_non_null(strstr(err, "no policy"));
	assert_non_null(strstr(err, "redis:7"));

	assert_null(select_name("/nonexistent-dir", "redis:7", NULL, NULL, err));
	assert_non_null(strstr(err, "/nonexistent-dir"));
}

static void test_select_broken_file(void **state)
{
	char err[HOOK_ERR_SIZE] = "", *dir = policy_dir("broken");

	write_file(dir, "a.yaml", POLICY("fallback", "[\"*\"]"));
	write_file(dir, "b.yaml", "apiVersion: dsec/v1\nkind: Policy\nname: x\nbogus: 1\n");
	assert_null(select_name(dir, "redis:7", NULL, NULL, err));
	assert_non_null(strstr(err, "b.yaml:4:"));
}

static void test_bind_replaces_selectors(void **state)
{
	static const char text[] =
		"apiVersion: dsec/v1\nkind: Policy\nname: t\n"
		"scopes:\n"
		"  - {name: a, selectors: [{prefix: /x}, {glob: /y/*}]}\n"
		"  - {name: b, selectors: [{id: 9}]}\n";
	struct dsec_policy_set set = { 0 };
	struct dsec_diags diags = { 0 };
	struct dsec_policy *policy;
	size_t i;

	assert_int_equal(dsec_policy_parse(text, strlen(text), &set, &diags), 0);
	policy = set.items[0];
	assert_int_equal(hook_bind_policy(policy, "oci-web1", 777), 0);
	assert_string_equal(policy->name, "oci-web1");
	for (i = 0; i < policy->n_scopes; i++) {
		assert_int_equal(policy->scopes[i].n_selectors, 1);
		assert_int_equal(policy->scopes[i].selectors[0].type,
				 DSEC_SELECTOR_ID);
		assert_int_equal(policy->scopes[i].selectors[0].id, 777);
	}
	assert_int_equal(dsec_policy_validate(policy, &diags), 0);
	dsec_policy_set_clear(&set);
}

static void test_cgroup_of_pid(void **state)
{
	char err[HOOK_ERR_SIZE] = "", *dir = policy_dir("proc"), sub[600];
	char *path = NULL;

	snprintf(sub, sizeof(sub), "%s/42", dir);
	mkdir(sub, 0700);
	write_file(sub, "cgroup", "1:name=systemd:/x\n0::/system.slice/docker-ab.scope\n");
	assert_int_equal(hook_cgroup_of_pid(42, dir, &path, err), 0);
	assert_string_equal(path, "/system.slice/docker-ab.scope");
	free(path);

	write_file(sub, "cgroup", "4:memory:/docker/ab\n");
	assert_int_equal(hook_cgroup_of_pid(42, dir, &path, err), -ENOENT);
	assert_non_null(strstr(err, "cgroup2"));

	assert_int_equal(hook_cgroup_of_pid(43, dir, &path, err), -ENOENT);
}

/*
 * A cgroup-root that is not a cgroup2 mount is an error naming the
 * settings file in use: the --config file, or the default one.
 */
static void test_cgroup_id_needs_cgroup2(void **state)
{
	char err[HOOK_ERR_SIZE] = "", path[512], text[512], expected[1024];
	struct hook_config cfg = { 0 };
	uint64_t id;

	snprintf(path, sizeof(path), "%s/other-hook.yaml", tmpdir);
	snprintf(text, sizeof(text), "cgroup-root: %s\n", tmpdir);
	write_file(tmpdir, "other-hook.yaml", text);
	assert_int_equal(hook_config_load(path, true, &cfg, err), 0);
	assert_int_equal(hook_cgroup_id(&cfg, "/", &id, err), -EINVAL);
	snprintf(expected, sizeof(expected),
		 "'%s' is not a cgroup2 mount; set cgroup-root in %s",
		 tmpdir, path);
	assert_non_null(strstr(err, expected));
	assert_null(strstr(err, HOOK_CONFIG_PATH));
	hook_config_free(&cfg);

	/* A settings file that does not exist yet is still the one to edit. */
	assert_int_equal(hook_config_load("/nonexistent.yaml", false, &cfg, err), 0);
	free(cfg.cgroup_root);
	cfg.cgroup_root = strdup(tmpdir);
	assert_int_equal(hook_cgroup_id(&cfg, "/", &id, err), -EINVAL);
	assert_non_null(strstr(err, "set cgroup-root in /nonexistent.yaml"));
	hook_config_free(&cfg);

	assert_int_equal(hook_config_load("/nonexistent.yaml", false, &cfg, err), 0);
	assert_int_equal(hook_cgroup_id(&cfg, "/a/../../etc", &id, err),
			 -EINVAL);
	hook_config_free(&cfg);
}

static int setup(void **state)
{
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) ? -1 : 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_valid),
		cmocka_unit_test(test_state_invalid),
		cmocka_unit_test(test_state_poststop_without_pid),
		cmocka_unit_test(test_bundle_annotations),
		cmocka_unit_test(test_bundle_too_many_objects),
		cmocka_unit_test(test_policy_name),
		cmocka_unit_test(test_config_file),
		cmocka_unit_test(test_select_most_specific),
		cmocka_unit_test(test_select_no_match),
		cmocka_unit_test(test_select_broken_file),
		cmocka_unit_test(test_bind_replaces_selectors),
		cmocka_unit_test(test_cgroup_of_pid),
		cmocka_unit_test(test_cgroup_id_needs_cgroup2),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
