// SPDX-License-Identifier: GPL-2.0
/*
 * OCI state (stdin) and bundle config.json: container id, pid, bundle
 * and the annotations that name the image and an explicit policy.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "ctl/oci-hook/hook.h"
#include "scan/json_get.h"
#include "scan/osv.h"

/*
 * Objects and arrays in the state or config.json. json-c takes about 800
 * bytes for an empty object, so 16 MiB of "{}," would take 4 GB; a real
 * config.json, seccomp profile included, has a few hundred.
 */
#define HOOK_JSON_MAX_CONTAINERS	65536

/* Annotations that carry the image name, most specific first. */
static const char *const image_name_keys[] = {
	"io.kubernetes.cri.image-name",		/* containerd CRI */
	"io.kubernetes.cri-o.ImageName",	/* CRI-O */
	"org.opencontainers.image.ref.name",	/* OCI image spec */
	"io.podman.annotations.image",
	"dsec.image",
};

/* Annotations that carry the image digest. */
static const char *const image_digest_keys[] = {
	"io.kubernetes.cri.image-id",
	"io.kubernetes.cri-o.ImageRef",
	"org.opencontainers.image.digest",
	"dsec.image-digest",
};

void hook_err(char *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, HOOK_ERR_SIZE, fmt, ap);
	va_end(ap);
}

/* Read at most max bytes of fd; -EFBIG when there is more. */
static int read_all(int fd, size_t max, char **ret_buf, size_t *ret_len)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap + 1), *grown;
	ssize_t n;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (len == cap) {
			if (cap >= max) {
				free(buf);
				return -EFBIG;
			}
			cap = cap * 2 > max ? max : cap * 2;
			grown = realloc(buf, cap + 1);
			if (!grown) {
				free(buf);
				return -ENOMEM;
			}
			buf = grown;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			return -errno;
		}
		if (n == 0)
			break;
		len += n;
	}
	buf[len] = '\0';
	*ret_buf = buf;
	*ret_len = len;
	return 0;
}

static struct json_object *parse_json(const char *buf, size_t len,
				      const char *what, char *err)
{
	struct json_tokener *tok;
	struct json_object *obj;
	size_t containers;

	dsec_json_value_end(buf, len, 0, &containers);
	if (containers > HOOK_JSON_MAX_CONTAINERS) {
		hook_err(err, "invalid %s: more than %d JSON objects and arrays",
			 what, HOOK_JSON_MAX_CONTAINERS);
		return NULL;
	}
	tok = json_tokener_new_ex(64);
	if (!tok) {
		hook_err(err, "out of memory");
		return NULL;
	}
	obj = json_tokener_parse_ex(tok, buf, (int)len);
	if (!obj || json_tokener_get_error(tok) != json_tokener_success ||
	    !json_object_is_type(obj, json_type_object)) {
		hook_err(err, "invalid %s: %s", what,
			 obj ? "not a JSON object" :
			 json_tokener_error_desc(json_tokener_get_error(tok)));
		json_object_put(obj);
		obj = NULL;
	}
	json_tokener_free(tok);
	return obj;
}

static int set_string(char **dst, const char *value)
{
	if (!value || *dst)
		return 0;
	*dst = strdup(value);
	return *dst ? 0 : -ENOMEM;
}

/* Take the image name, digest and requested policy from annotations. */
static int take_annotations(struct hook_container *c,
			    struct json_object *annotations)
{
	size_t i;
	int ret = 0;

	if (!annotations || !json_object_is_type(annotations, json_type_object))
		return 0;
	for (i = 0; !ret && i < sizeof(image_name_keys) / sizeof(image_name_keys[0]); i++)
		ret = set_string(&c->image_name,
				 dsec_json_get_string(annotations, image_name_keys[i]));
	for (i = 0; !ret && i < sizeof(image_digest_keys) / sizeof(image_digest_keys[0]); i++)
		ret = set_string(&c->image_digest,
				 dsec_json_get_string(annotations, image_digest_keys[i]));
	if (!ret)
		ret = set_string(&c->policy_request,
				 dsec_json_get_string(annotations, HOOK_ANNOTATION_POLICY));
	if (!ret)
		ret = set_string(&c->manager,
				 dsec_json_get_string(annotations, "io.container.manager"));
	return ret;
}

int hook_read_state(int fd, bool need_pid, struct hook_container *c,
		    char *err)
{
	struct json_object *state, *v;
	char *buf;
	size_t len;
	int64_t pid;
	int ret;

	ret = read_all(fd, HOOK_STATE_MAX, &buf, &len);
	if (ret) {
		if (ret == -EFBIG)
			hook_err(err,
				 "OCI state on stdin is larger than %d bytes",
				 HOOK_STATE_MAX);
		else
			hook_err(err,
				 "cannot read the OCI state from stdin: %s",
				 strerror(-ret));
		return ret;
	}
	state = parse_json(buf, len, "OCI state on stdin", err);
	free(buf);
	if (!state)
		return -EINVAL;

	ret = -EINVAL;
	if (!dsec_json_get_string(state, "id") || !*dsec_json_get_string(state, "id")) {
		hook_err(err,
			 "OCI state has no container id; run dsec-oci-hook as an OCI runtime hook");
		goto out;
	}
	pid = 0;
	if (json_object_object_get_ex(state, "pid", &v) &&
	    json_object_is_type(v, json_type_int))
		pid = json_object_get_int64(v);
	if (pid < 0 || pid > INT_MAX || (need_pid && !pid)) {
		hook_err(err,
			 "OCI state of container '%s' has no valid pid",
			 dsec_json_get_string(state, "id"));
		goto out;
	}
	c->pid = (pid_t)pid;
	ret = -ENOMEM;
	if (set_string(&c->id, dsec_json_get_string(state, "id")) ||
	    set_string(&c->bundle, dsec_json_get_string(state, "bundle")))
		goto out;
	if (json_object_object_get_ex(state, "annotations", &v) &&
	    take_annotations(c, v))
		goto out;
	ret = 0;
out:
	if (ret == -ENOMEM)
		hook_err(err, "out of memory");
	json_object_put(state);
	return ret;
}

int hook_read_bundle(struct hook_container *c, char *err)
{
	struct json_object *config, *annotations;
	char path[PATH_MAX], *buf;
	size_t len;
	int fd, ret;

	/* runc and crun pass annotations in the state too; the bundle
	 * adds nothing when there is none.
	 */
	if (!c->bundle || !*c->bundle)
		return 0;
	if (snprintf(path, sizeof(path), "%s/config.json", c->bundle) >=
	    (int)sizeof(path)) {
		hook_err(err, "bundle path '%.200s' is too long",
			 c->bundle);
		return -ENAMETOOLONG;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		hook_err(err, "cannot open '%s': %s", path,
			 strerror(errno));
		return ret;
	}
	ret = read_all(fd, HOOK_CONFIG_JSON_MAX, &buf, &len);
	close(fd);
	if (ret) {
		hook_err(err, "cannot read '%s': %s", path,
			 ret == -EFBIG ? "file too large" : strerror(-ret));
		return ret;
	}
	config = parse_json(buf, len, path, err);
	free(buf);
	if (!config)
		return -EINVAL;
	ret = 0;
	if (json_object_object_get_ex(config, "annotations", &annotations) &&
	    take_annotations(c, annotations)) {
		hook_err(err, "out of memory");
		ret = -ENOMEM;
	}
	json_object_put(config);
	return ret;
}

void hook_container_free(struct hook_container *c)
{
	free(c->id);
	free(c->bundle);
	free(c->image_name);
	free(c->image_digest);
	free(c->policy_request);
	free(c->manager);
	memset(c, 0, sizeof(*c));
}

/*
 * "oci-<id>": container ids use letters, digits and _ + - . (runc), so
 * only '+' falls outside the policy name alphabet; it becomes '_'.
 */
int hook_policy_name(const char *container_id, char *buf, size_t size,
		     char *err)
{
	size_t i;

	if ((size_t)snprintf(buf, size, "oci-%s", container_id) >= size ||
	    strlen(buf) >= DSEC_NAME_MAX) {
		hook_err(err,
			 "container id '%.64s...' is too long for a policy name (at most %d bytes)",
			 container_id, DSEC_NAME_MAX - 5);
		return -ENAMETOOLONG;
	}
	for (i = 4; buf[i]; i++) {
		char ch = buf[i];

		if (ch == '+')
			buf[i] = '_';
		else if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			   (ch >= '0' && ch <= '9') || strchr("_.:-", ch))) {
			hook_err(err,
				 "container id '%s' has character 0x%02x, which a policy name cannot hold",
				 container_id, (unsigned char)ch);
			return -EINVAL;
		}
	}
	return 0;
}
