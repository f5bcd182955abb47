/* SPDX-License-Identifier: MIT */
/* The layout dump: a device that writes every placed item as a line of text, for golden tests. */
#include <stdio.h>
#include <string.h>

#include "layout.h"
#include "mem.h"
#include "msg.h"

struct dump {
	FILE *out;
	const struct dev *metrics;
	int page;
};

/*
 * The whole text in quotes, never cut (golden files must see every character),
 * with quotes, backslashes and control characters escaped.
 */
static void
quote(FILE *out, const char *s, size_t len)
{
	fputc('"', out);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c == 0x7F)
			fprintf(out, "\\x%02X", c);
		else
			fputc(c, out);
	}
	fputs("\"\n", out);
}

static double
d_width(void *ctx, int font, double size, const char *s, size_t len)
{
	struct dump *d = ctx;
	return d->metrics->width(d->metrics->ctx, font, size, s, len);
}

static bool
d_has_glyph(void *ctx, int font, uint32_t cp)
{
	struct dump *d = ctx;
	return d->metrics->has_glyph(d->metrics->ctx, font, cp);
}

static void
d_page(void *ctx, double w, double h)
{
	struct dump *d = ctx;
	fprintf(d->out, "page %d %.2fx%.2f\n", ++d->page, w, h);
}

static void
d_text(void *ctx, double x, double y, int font, double size, uint32_t rgb, const char *s,
       size_t len)
{
	struct dump *d = ctx;
	double w = d->metrics->width(d->metrics->ctx, font, size, s, len);
	fprintf(d->out, "text %d %.2f %.2f %.2f f%d %.2f #%06X ", d->page, x, y, w, font, size,
	        (unsigned)rgb);
	quote(d->out, s, len);
}

static void
d_line(void *ctx, double x0, double y0, double x1, double y1, double w, uint32_t rgb)
{
	struct dump *d = ctx;
	fprintf(d->out, "line %d %.2f %.2f %.2f %.2f %.2f #%06X\n", d->page, x0, y0, x1, y1, w,
	        (unsigned)rgb);
}

static void
d_rect(void *ctx, double x, double y, double w, double h, uint32_t rgb)
{
	struct dump *d = ctx;
	fprintf(d->out, "rect %d %.2f %.2f %.2f %.2f #%06X\n", d->page, x, y, w, h, (unsigned)rgb);
}

static void
d_bookmark(void *ctx, int level, const char *title, double y)
{
	struct dump *d = ctx;
	fprintf(d->out, "bookmark %d %d %.2f ", d->page, level, y);
	quote(d->out, title, strlen(title));
}

static void
d_image(void *ctx, const struct image *img, double x, double y, double w, double h)
{
	struct dump *d = ctx;
	(void)img;
	fprintf(d->out, "image %d %.2f %.2f %.2f %.2f\n", d->page, x, y, w, h);
}

static void
d_piece(void *ctx, const struct dev_piece *p)
{
	struct dump *d = ctx;
	fprintf(d->out, "piece %d %s %d %zu %zu %d %.2f %.2f %d\n", d->page, p->kind, p->id,
	        p->first, p->count, p->last, p->top, p->bottom, p->extra);
}

static bool
d_failed(void *ctx)
{
	struct dump *d = ctx;
	return ferror(d->out) != 0;
}

struct dev *
layout_dump_new(FILE *out, const struct dev *metrics)
{
	struct dump *d = xcalloc(1, sizeof(*d));
	d->out = out;
	d->metrics = metrics;
	struct dev *dev = xcalloc(1, sizeof(*dev));
	*dev = (struct dev){d,      d_width,    d_has_glyph, d_page,  d_text, d_line,
	                    d_rect, d_bookmark, d_failed,    d_image, d_piece};
	return dev;
}

void
layout_dump_free(struct dev *dev)
{
	if (dev == NULL)
		return;
	free(dev->ctx);
	free(dev);
}
