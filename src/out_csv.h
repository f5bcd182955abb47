/* SPDX-License-Identifier: MIT */
/* A table of an expanded document as CSV, in the form German Excel opens directly. */
#ifndef PR_OUT_CSV_H
#define PR_OUT_CSV_H

#include <stddef.h>

#include "doc.h"
#include "mem.h"

/*
 * The first table among blocks (looking into <keep>), or NULL: the table a CSV is
 * made of. Borrowed from the document.
 */
const struct block *out_csv_find_table(const struct block *blocks);

/*
 * Writes table (kind BLOCK_TABLE) to fd as CSV: UTF-8 with a byte order mark, cells
 * separated by ";", lines ended by CR LF, one line per row in the table's order
 * (head rows as they stand, made rows made one at a time in a scratch arena that
 * goes with each). A cell is the text of its spans; a chart in a cell leaves it
 * empty. Numbers are what the template wrote ("1250000,50": decimal comma, no
 * thousands separators). Returns 0, or -1 with errno set when writing failed.
 */
int out_csv_write(int fd, const struct block *table);

/*
 * Appends one cell's text s[0..n) to b as a CSV field. A number's minus sign U+2212
 * (German typography) becomes the "-" a spreadsheet reads. The field is quoted (quotes
 * doubled) when it holds ";", a quote, a line break or spaces at its ends. Text that a
 * spreadsheet would run as a formula (starting with "=", "+", "-", "@", a tab or a
 * carriage return, and not a number such as "-3,5") gets a leading "'" so that it
 * stays text: no input ever executes anything.
 */
void out_csv_cell(struct sbuf *b, const char *s, size_t n);

#endif
