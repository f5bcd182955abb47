/* SPDX-License-Identifier: MIT */
/* The layout engine: text flow, tables and pagination of a document onto a device. */
#ifndef PR_LAYOUT_H
#define PR_LAYOUT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dev.h"
#include "doc.h"
#include "hyph.h"

struct layout_result {
	int pages;
	size_t missing_glyphs;  /* different characters of the text the fonts cannot show */
	uint32_t first_missing; /* the first such code point */
	bool stopped;           /* layout_stop was set: the device got part of the document */
};

/*
 * The run's stop signal: a signal handler stores non-zero in it (a lock-free
 * atomic, so that is safe there), and every layout, in any thread, stops within
 * microseconds however long its text: layout_doc returns with .stopped set, having
 * drawn part of the document or none of it (its output is for the bin). The layout
 * never clears it.
 */
extern atomic_int layout_stop;

/* Whether layout_stop is set (a relaxed load: the layout's long loops ask often). */
static inline bool
layout_stopped(void)
{
	return atomic_load_explicit(&layout_stop, memory_order_relaxed) != 0;
}

/*
 * Lays out d and draws it on dev: header and footer on every page with the page
 * fields filled in, bookmarks for headings. Widths come from dev->width, so the
 * PDF and the layout dump place every line alike. Paragraphs are broken as a
 * whole (Knuth-Plass), hyphenated with h where their style allows (h may be
 * NULL: no hyphenation). Never fails by itself; the device may (dev->failed).
 */
struct layout_result layout_doc(const struct doc *d, const struct dev *dev, const struct hyph *h);

/*
 * How many display list entries a document may hold before it is laid out twice,
 * drawn page by page (the same device calls, less memory); returns the old value.
 * For tests, which set it low to take that way with small documents. Not
 * thread-safe: set it before any layout runs.
 */
size_t layout_ops_limit(size_t n);

/*
 * A device that writes every placed item as one line of text to out and takes its
 * measurements from metrics (a PDF device with the same fonts):
 *   page 1 595.28x841.89
 *   text PAGE X Y WIDTH fFONT SIZE #RRGGBB "TEXT"     (y is the baseline)
 *   line PAGE X0 Y0 X1 Y1 THICKNESS #RRGGBB
 *   rect PAGE X Y W H #RRGGBB
 *   bookmark PAGE LEVEL Y "TITLE"
 *   image PAGE X Y W H
 *   piece PAGE KIND ID FIRST COUNT LAST TOP BOTTOM EXTRA     (struct dev_piece)
 * Text is quoted whole, with " \ and control characters escaped.
 * layout_dump_free(NULL) is a no-op.
 */
struct dev *layout_dump_new(FILE *out, const struct dev *metrics);
void layout_dump_free(struct dev *d);

#endif
