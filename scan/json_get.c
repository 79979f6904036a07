// SPDX-License-Identifier: GPL-2.0
/*
 * Typed reads of JSON members (json-c).
 */
#include "scan/json_get.h"

const char *dsec_json_get_string(struct json_object *obj, const char *key)
{
	struct json_object *v;

	if (!obj || !json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}
