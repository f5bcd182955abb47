/* SPDX-License-Identifier: MIT */
/* The PDF device: libharu behind the device interface; the only module that sees hpdf.h. */
#ifndef PR_PDF_H
#define PR_PDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dev.h"

struct pdf;

/*
 * Starts a compressed PDF document with the TrueType fonts at paths (UTF-8,
 * embedded), font i being device font i. fallback (NULL: none) is the TrueType
 * font for the characters a span's font lacks: loaded when the document first
 * meets one, so a document that never does is as without it. Returns NULL after
 * a message when libharu or a font fails. The result belongs to the caller
 * (pdf_free).
 */
struct pdf *pdf_new(const char *const *fonts, size_t nfonts, const char *fallback);
/*
 * The same for asking the fonts only (pdf_dev's width and has_glyph, pdf_uncovered):
 * no page, bookmark or document information, never written.
 */
struct pdf *pdf_probe(const char *const *fonts, size_t nfonts, const char *fallback);
void pdf_free(struct pdf *p);

/*
 * Lets the document run past the 32,767 pages libharu puts under one node (the
 * portfolio overview of a large channel): its pages go into a tree of 1,024 a node.
 * Call before the first page; it adds one node to the document's bytes.
 */
void pdf_many_pages(struct pdf *p);

/* The device that draws into this document; valid until pdf_free. */
const struct dev *pdf_dev(struct pdf *p);

/*
 * How many characters were drawn blank because the document had no code left for
 * them (64 encodings, some 14,000 different characters); *first gets the first.
 */
size_t pdf_blank(const struct pdf *p, uint32_t *first);

struct charset;
/*
 * Adds to out the characters of cs (beyond the space and the no-break space) that
 * at least one of the fonts lacks, the fallback aside; returns how many.
 */
size_t pdf_uncovered(struct pdf *p, const struct charset *cs, struct charset *out);

/* Loads the TrueType font at path into a document of its own: 0, or libharu's error. */
unsigned pdf_check_font(const char *path);

/*
 * What answers for the fonts (has_glyph, pdf_uncovered), for keys of the cache
 * (cache.h): libharu's version and its library file as the system knows it (device,
 * inode, size, change time). NULL when that file cannot be found. Free the result.
 */
char *pdf_lib_id(void);

/* Document information; any string may be NULL. date is YYYYMMDD (0: none). */
void pdf_info(struct pdf *p, const char *title, const char *author, const char *subject,
              const char *keywords, const char *creator, int date);

/*
 * Writes the whole document to the open file descriptor fd (not closed). Returns 0,
 * or -1 after a message (a libharu error earlier, or a failed write). what names
 * the output in the message; a libharu error is told as what was too long or too
 * large (a title past 65,535 bytes, more than 8,388,607 objects). With quiet, a libharu error returns -2 without one
 * (before anything is written), so the caller may try again.
 */
int pdf_write(struct pdf *p, int fd, const char *what, bool quiet);

#endif
