/* SPDX-License-Identifier: MIT */
/* The output device the layout engine draws on: the PDF, or a text dump of the layout. */
#ifndef PR_DEV_H
#define PR_DEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct image;

/*
 * A piece of the body on one page, for checks of the page flow: a block (its
 * number id in the body, counted from 0 in the order placed) or the part of it
 * on that page. For a paragraph, heading or list item the lines first .. first +
 * count - 1 of it; for a table its body rows; a chart or image is one piece.
 * "area" gives each page's body box (top, bottom). last: the block ends here.
 */
struct dev_piece {
	const char *kind; /* area, heading, para, item, table, chart, image */
	int id;
	size_t first, count;
	bool last;
	double top, bottom; /* pt from the page's top */
	int extra;          /* chart: labels cut short; table: 1 when a row is split */
};

/*
 * Coordinates are points from the page's top-left corner, y growing downwards; text
 * is placed at its baseline. Text is valid UTF-8. A device reports its first failure
 * through msg and ignores later calls; the caller asks dev->failed at the end.
 */
struct dev {
	void *ctx;
	double (*width)(void *ctx, int font, double size, const char *s, size_t len);
	bool (*has_glyph)(void *ctx, int font, uint32_t cp);
	void (*page)(void *ctx, double width, double height);
	void (*text)(void *ctx, double x, double y, int font, double size, uint32_t rgb,
	             const char *s, size_t len);
	void (*line)(void *ctx, double x0, double y0, double x1, double y1, double width,
	             uint32_t rgb);
	void (*rect)(void *ctx, double x, double y, double w, double h, uint32_t rgb);
	void (*bookmark)(void *ctx, int level, const char *title, double y);
	bool (*failed)(void *ctx);
	/*
	 * Draws img (image.h) scaled into the box with top-left corner x, y, w wide and
	 * h high. img is borrowed, but must stay alive and unchanged until the document
	 * is freed: the PDF device embeds each image once and knows it by its address.
	 */
	void (*image)(void *ctx, const struct image *img, double x, double y, double w, double h);
	/* Optional (NULL: ignored): where the body's blocks fell, page by page. */
	void (*piece)(void *ctx, const struct dev_piece *p);
};

#endif
