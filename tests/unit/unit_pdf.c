/* SPDX-License-Identifier: MIT */
/*
 * The PDF device at libharu's limits (issue 17, item 6): a text longer than a PDF
 * string, more pages than one node of libharu's page tree holds. Each either works or
 * fails with a message that says what was too long or too large, not a bare code.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mem.h"
#include "msg.h"
#include "pdf.h"
#include "unit.h"

static const char *const fonts[] = {"fonts/LiberationSans-Regular.ttf", NULL};

/* Writes p to /dev/null; returns pdf_write's result, the messages in *text. */
static int
write_null(struct pdf *p, struct sbuf *text)
{
	int fd = open("/dev/null", O_WRONLY);
	msg_capture(text);
	int rc = pdf_write(p, fd, "x.pdf", false);
	msg_capture(NULL);
	close(fd);
	return rc;
}

static char *
long_text(size_t n)
{
	char *s = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++)
		s[i] = i % 6 == 5 ? ' ' : 'a';
	s[n] = '\0';
	return s;
}

static void
test_long_title(void)
{
	struct pdf *p = pdf_new(fonts, 1, NULL);
	CHECK(p != NULL);
	const struct dev *d = pdf_dev(p);
	d->page(d->ctx, 595.28, 841.89);
	d->text(d->ctx, 50, 50, 0, 10, 0, "Partner-Review", 14);
	char *title = long_text(70000);
	pdf_info(p, title, NULL, NULL, NULL, "partnerreview", 20261126);
	struct sbuf text = {0};
	CHECK(write_null(p, &text) == -1);
	CHECK_STR(text.s, "partnerreview: error: x.pdf: cannot make the PDF: the document title is "
			  "70000 bytes long, more than the 65,535 a PDF string can hold (libharu "
			  "error 0x105B, detail 0)\n");
	sbuf_free(&text);
	free(title);
	pdf_free(p);
}

static void
test_long_bookmark(void)
{
	struct pdf *p = pdf_new(fonts, 1, NULL);
	const struct dev *d = pdf_dev(p);
	d->page(d->ctx, 595.28, 841.89);
	d->bookmark(d->ctx, 1, "Wo Sie stehen", 60);
	d->page(d->ctx, 595.28, 841.89);
	char *title = long_text(66000);
	d->bookmark(d->ctx, 1, title, 60);
	struct sbuf text = {0};
	CHECK(write_null(p, &text) == -1);
	CHECK_STR(text.s, "partnerreview: error: x.pdf: cannot make the PDF: a bookmark (page 2) is "
			  "66000 bytes long, more than the 65,535 a PDF string can hold (libharu "
			  "error 0x105B, detail 0)\n");
	sbuf_free(&text);
	free(title);
	pdf_free(p);
}

/* n pages of one line each; with many, in pdf_many_pages's tree. */
static int
pages(long n, bool many, struct sbuf *text)
{
	struct pdf *p = pdf_new(fonts, 1, NULL);
	if (many)
		pdf_many_pages(p);
	const struct dev *d = pdf_dev(p);
	for (long i = 0; i < n && !d->failed(d->ctx); i++) {
		d->page(d->ctx, 595.28, 841.89);
		d->line(d->ctx, 50, 50, 100, 50, 1, 0);
	}
	int rc = write_null(p, text);
	pdf_free(p);
	return rc;
}

static void
test_pages(void)
{
	/* libharu's one node holds 32,767 pages: the 32,768th says so. */
	struct sbuf text = {0};
	CHECK(pages(32768, false, &text) == -1);
	CHECK_STR(text.s, "partnerreview: error: x.pdf: cannot make the PDF: more than 32,767 pages, "
			  "the most libharu puts in one document (libharu error 0x1001, detail 0)\n");
	sbuf_free(&text);
	/* The overview's tree of nodes of 1,024 pages holds them, and more. */
	CHECK(pages(33000, true, &text) == 0);
	CHECK(text.s == NULL);
	sbuf_free(&text);
}

int
main(void)
{
	test_long_title();
	test_long_bookmark();
	test_pages();
	return UNIT_DONE();
}
