/* SPDX-License-Identifier: MIT */
/* Between load_csv.c and load_csv_grammar.c: a CSV file as records of cells, its header row as columns. */
#ifndef PR_LOAD_CSV_H
#define PR_LOAD_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "load_int.h"
#include "mem.h"

/* A CSV file being read (load_csv_grammar.c): csv_begin, csv_record for each record, csv_end. */
struct csv {
	const char *path;
	const struct csv_src *src;
	size_t p;         /* the next byte */
	long line;        /* the line of p, from 1 */
	size_t line_at;   /* where that line starts, for columns */
	char sep;         /* ',' or ';' */
	struct sbuf text; /* the current record's cells, each NUL-terminated */
	size_t *cell;     /* their offsets in text */
	size_t ncell, capcell;
	long row_line; /* the line where the current record starts */
	bool broken;   /* a syntax error was reported: the file is unusable */
};

void csv_begin(struct csv *c, const char *path, const struct csv_src *src);

void csv_end(struct csv *c);

/*
 * The next record with anything in it (blank lines and rows of empty cells, as
 * spreadsheets leave them, are passed over); false at the end of the file or after
 * a syntax error (c->broken).
 */
bool csv_record(struct csv *c);

/* Cell i of the current record; "" past its end. */
static inline char *
csv_cell(struct csv *c, size_t i)
{
	static char none[1];
	return i < c->ncell ? c->text.s + c->cell[i] : none;
}

/* A column a reader knows: its name in the header (ASCII case ignored), and whether it must be there. */
struct column {
	const char *name;
	bool required;
};

/*
 * Reads the header record against the known columns (n of them): at[k] becomes
 * the position of column k, or SIZE_MAX. Other columns are returned in *other
 * (positions, the caller frees) or, with other NULL, warned about and ignored.
 * false after a message on a whole-file problem (no header, a repeated or missing
 * column).
 */
bool csv_read_header(struct csv *c, const struct column *cols, size_t n, size_t *at, size_t **other,
                     size_t *nother);

#endif
