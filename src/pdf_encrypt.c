/* SPDX-License-Identifier: MIT */
/* A finished PDF encrypted with AES-256 by libqpdf's C API (the only file that sees it). */
#include <assert.h>
#include <errno.h>
#include <qpdf/qpdf-c.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"
#include "pdf_encrypt.h"

/* qpdf's error (or last warning) as one line into why. */
static void
qpdf_why(qpdf_data q, char *why, size_t size, const char *what)
{
	const char *text =
	    qpdf_has_error(q) ? qpdf_get_error_full_text(q, qpdf_get_error(q)) : "unknown error";
	snprintf(why, size, "%s: %s", what, text);
	for (char *c = why; *c != '\0'; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
}

unsigned char *
pdf_encrypt(const void *pdf, size_t len, const char *password, size_t *outlen, char *why,
            size_t whysize)
{
	assert(pdf != NULL && password != NULL && *password != '\0');
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	unsigned char *out = NULL;
	if (qpdf_read_memory(q, "report", pdf, len, NULL) & QPDF_ERRORS) {
		qpdf_why(q, why, whysize, "qpdf cannot read the report");
		goto done;
	}
	if (qpdf_init_write_memory(q) & QPDF_ERRORS) {
		qpdf_why(q, why, whysize, "qpdf cannot write");
		goto done;
	}
	/* Never qpdf_set_deterministic_ID here: with encryption it aborts the process. */
	qpdf_set_r6_encryption_parameters2(q, password, password, QPDF_TRUE, QPDF_TRUE, QPDF_TRUE,
	                                   QPDF_TRUE, QPDF_TRUE, QPDF_TRUE, qpdf_r3p_full,
	                                   QPDF_TRUE);
	if (qpdf_write(q) & QPDF_ERRORS) {
		qpdf_why(q, why, whysize, "qpdf cannot encrypt the report");
		goto done;
	}
	*outlen = qpdf_get_buffer_length(q);
	out = xmalloc(*outlen);
	memcpy(out, qpdf_get_buffer(q), *outlen);
done:
	qpdf_cleanup(&q);
	return out;
}

int
pdf_encrypt_fd(int fd, const char *password, char *why, size_t whysize)
{
	struct stat st;
	if (fstat(fd, &st) != 0) {
		snprintf(why, whysize, "cannot read the report back: %s", strerror(errno));
		return -1;
	}
	size_t len = (size_t)st.st_size, got = 0;
	char *pdf = xmalloc(len + 1);
	while (got < len) {
		ssize_t n = pread(fd, pdf + got, len - got, (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got < len) {
		snprintf(why, whysize, "cannot read the report back: %s",
		         got < len && errno ? strerror(errno) : "it is shorter than it was");
		free(pdf);
		return -1;
	}
	size_t outlen = 0;
	unsigned char *out = pdf_encrypt(pdf, len, password, &outlen, why, whysize);
	free(pdf);
	if (out == NULL)
		return -1;
	int rc = ftruncate(fd, 0);
	for (size_t off = 0; rc == 0 && off < outlen;) {
		ssize_t n = pwrite(fd, out + off, outlen - off, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			rc = -1;
		else
			off += (size_t)n;
	}
	if (rc != 0)
		snprintf(why, whysize, "cannot write the encrypted report: %s", strerror(errno));
	free(out);
	return rc;
}
