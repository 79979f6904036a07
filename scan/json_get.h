/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Typed reads of JSON members (json-c), shared by the readers of image
 * manifests, npm lockfiles, OCI state and scan reports.
 */
#ifndef DSEC_SCAN_JSON_GET_H
#define DSEC_SCAN_JSON_GET_H

#include <json-c/json.h>

/*
 * Return the string value of member key of obj. NULL when obj is NULL or
 * not an object, or when the member is missing or not a string.
 */
const char *dsec_json_get_string(struct json_object *obj, const char *key);

#endif /* DSEC_SCAN_JSON_GET_H */
