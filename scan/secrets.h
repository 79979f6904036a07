/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Secret detection on memory buffers: private keys, cloud and service
 * tokens, and generic credentials in configuration files. The functions
 * here do not touch a scan, so unit tests and fuzzers call them directly;
 * secrets_analyzer.c turns matches into findings.
 */
#ifndef DSEC_SECRETS_H
#define DSEC_SECRETS_H

#include <stdbool.h>
#include <stddef.h>

#include "scan/scan.h"

/* Size of dsec_secret_match.evidence, including the NUL. */
#define DSEC_SECRET_EVIDENCE_MAX	96

/* Binary content other than ELF: only PEM and OpenSSH private keys. */
#define DSEC_SECRETS_BINARY		0x1
/* A configuration file (.env, .ini, YAML ...): generic `password=` rule. */
#define DSEC_SECRETS_CONFIG		0x2
/* Not searched at all: ELF programs and libraries. */
#define DSEC_SECRETS_SKIP		0x4

struct dsec_secret_match {
	const char *id;			/* "DSEC-SECRET-AWS-ACCESS-KEY-ID" */
	const char *title;		/* one line, no value in it */
	enum dsec_severity severity;
	size_t offset;			/* first byte of the value */
	size_t length;			/* bytes of the value */
	unsigned int line;		/* 1-based line of offset, or of
					 * the BEGIN line of a private key
					 */
	char evidence[DSEC_SECRET_EVIDENCE_MAX];	/* redacted value */
};

/*
 * Called for each match; a non-zero return stops the scan and is returned
 * by the scan function.
 */
typedef int (*dsec_secret_cb)(void *ctx, const struct dsec_secret_match *match);

/* Maximum matches reported for one buffer; more are dropped. */
#define DSEC_SECRETS_MAX_MATCHES	64

int dsec_secrets_scan(const unsigned char *data, size_t len, unsigned int flags,
		      dsec_secret_cb cb, void *ctx);

/*
 * Checks one image config Env entry ("NAME=value"): the token rules on the
 * value, then the variable name (PASSWORD, SECRET, TOKEN ...) with a
 * non-placeholder value. Returns the number of matches reported.
 */
int dsec_secrets_scan_env(const char *entry, dsec_secret_cb cb, void *ctx);

/* Paths never searched: documentation, locales, known test fixtures. */
bool dsec_secrets_path_skipped(const char *path);
/* Flags for dsec_secrets_scan() from the path and the first bytes. */
unsigned int dsec_secrets_classify(const char *path, const unsigned char *data,
				   size_t len);

/*
 * Writes the redacted form of a value: its first 4 characters and "****",
 * or only "****" for values shorter than 8 characters, where 4 characters
 * would give most of it away.
 */
void dsec_secret_redact(const char *value, size_t len, char *buf, size_t size);

#endif /* DSEC_SECRETS_H */
