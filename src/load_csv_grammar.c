/* SPDX-License-Identifier: MIT */
/* The CSV grammar (RFC 4180, a one-byte separator, CR LF, LF or CR): records and their cells, and the header row mapped to the columns a reader knows. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hash.h"
#include "load_csv.h"
#include "load_int.h"
#include "mem.h"
#include "msg.h"

/* ---------------------------------------------------------------------------
 * Records (RFC 4180).
 *
 * Hand-written rather than libcsv (Debian's libcsv3): its callbacks hand over a
 * cell's bytes but not where they were, and it passes over blank lines without a
 * word, so the line of a row (every message names it) and the place of a syntax
 * error would have to be counted again beside it. The grammar is small: cells
 * separated by one byte, a quoted cell may hold separators, line breaks and
 * doubled quotes, records end with CR LF, LF or CR.
 * ------------------------------------------------------------------------- */

/* The separator: whichever of ';' and ',' the header line has more of, outside quotes. */
static char
csv_detect(const struct csv_src *src)
{
	size_t semi = 0, comma = 0;
	bool quoted = false;
	for (size_t i = src->start; i < src->len; i++) {
		char ch = src->s[i];
		if (ch == '"')
			quoted = !quoted;
		else if (!quoted && (ch == '\n' || ch == '\r'))
			break;
		else if (!quoted && ch == ';')
			semi++;
		else if (!quoted && ch == ',')
			comma++;
	}
	return semi > comma ? ';' : ',';
}

void
csv_begin(struct csv *c, const char *path, const struct csv_src *src)
{
	memset(c, 0, sizeof(*c));
	c->path = path;
	c->src = src;
	c->p = c->line_at = src->start;
	c->line = 1;
	c->sep = csv_detect(src);
}

void
csv_end(struct csv *c)
{
	sbuf_free(&c->text);
	free(c->cell);
}

/* A syntax error at byte at: file:line:column, as JSON's are. */
static void
csv_syntax(struct csv *c, size_t at, long line, size_t line_at, const char *what)
{
	long col = 1;
	for (size_t i = line_at; i < at; i++)
		if (((unsigned char)c->src->s[i] & 0xC0) != 0x80)
			col++;
	msg_at(MSG_ERROR, c->path, line, col, "invalid CSV: %s", what);
	c->broken = true;
}

/* Ends a line break at p (CR LF, LF or CR); returns its length. */
static size_t
csv_newline(struct csv *c)
{
	const char *s = c->src->s;
	size_t n = s[c->p] == '\r' && c->p + 1 < c->src->len && s[c->p + 1] == '\n' ? 2 : 1;
	c->p += n;
	c->line++;
	c->line_at = c->p;
	return n;
}

static bool
csv_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n';
}

/*
 * Ends the current cell: spaces and line breaks (a quoted cell's) around it cut, so
 * that a cell of nothing else is empty, as JSON's blank strings are; NUL-terminated.
 */
static void
csv_cell_end(struct csv *c, size_t from)
{
	while (c->text.len > from && csv_blank(c->text.s[c->text.len - 1]))
		c->text.len--;
	size_t lead = from;
	while (lead < c->text.len && csv_blank(c->text.s[lead]))
		lead++;
	xgrow(&c->cell, &c->capcell, c->ncell, sizeof(*c->cell));
	c->cell[c->ncell++] = lead;
	sbuf_addc(&c->text, '\0');
}

/*
 * The next record with anything in it (blank lines and rows of empty cells, as
 * spreadsheets leave them, are passed over); false at the end of the file or after
 * a syntax error (c->broken).
 */
bool
csv_record(struct csv *c)
{
	const char *s = c->src->s;
	size_t len = c->src->len;
	for (;;) {
		if (c->broken || c->p >= len)
			return false;
		c->text.len = 0;
		c->ncell = 0;
		c->row_line = c->line;
		bool end = false;
		while (!end) {
			size_t from = c->text.len;
			/* Spaces before an opening quote are the cell's own white space. */
			size_t q = c->p;
			while (q < len && (s[q] == ' ' || s[q] == '\t'))
				q++;
			if (q < len && s[q] == '"') {
				size_t open = q;
				long open_line = c->line;
				size_t open_line_at = c->line_at;
				c->p = q + 1;
				for (;;) {
					if (c->p >= len) {
						csv_syntax(
						    c, open, open_line, open_line_at,
						    "a quoted cell is not closed (missing '\"'?)");
						return false;
					}
					char ch = s[c->p];
					if (ch == '"' && c->p + 1 < len && s[c->p + 1] == '"') {
						sbuf_addc(&c->text, '"');
						c->p += 2;
					} else if (ch == '"') {
						c->p++;
						break;
					} else if (ch == '\r' || ch == '\n') {
						csv_newline(c);
						sbuf_addc(&c->text, '\n');
					} else {
						sbuf_addc(&c->text, ch);
						c->p++;
					}
				}
				while (c->p < len && (s[c->p] == ' ' || s[c->p] == '\t'))
					c->p++;
				if (c->p < len && s[c->p] != c->sep && s[c->p] != '\r' &&
				    s[c->p] != '\n') {
					char what[120];
					snprintf(
					    what, sizeof(what),
					    "expected '%c' or the end of the line after a quoted "
					    "cell; a quote inside a cell is written twice (\"\")",
					    c->sep);
					csv_syntax(c, c->p, c->line, c->line_at, what);
					return false;
				}
			} else {
				/* A quote inside an unquoted cell is taken as it stands. */
				size_t b = c->p;
				while (c->p < len && s[c->p] != c->sep && s[c->p] != '\r' &&
				       s[c->p] != '\n')
					c->p++;
				sbuf_add(&c->text, s + b, c->p - b);
			}
			csv_cell_end(c, from);
			if (c->p >= len)
				end = true;
			else if (s[c->p] == c->sep)
				c->p++;
			else {
				csv_newline(c);
				end = true;
			}
		}
		if (c->src->release != NULL)
			c->src->release(c->src->ctx, c->p);
		for (size_t i = 0; i < c->ncell; i++)
			if (c->text.s[c->cell[i]] != '\0')
				return true;
	}
}

/* ---------------------------------------------------------------------------
 * Columns.
 * ------------------------------------------------------------------------- */

/* A header name's hash, ASCII case folded as strcasecmp compares them (the C locale). */
static size_t
name_hash(const char *s)
{
	uint64_t h = HASH_SEED;
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;
		h = hash_byte(h, ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
	}
	return (size_t)h;
}

/*
 * Reads the header record against the known columns (n of them): at[k] becomes
 * the position of column k, or SIZE_MAX. Other columns are returned in *other
 * (positions, the caller frees) or, with other NULL, warned about and ignored.
 * false after a message on a whole-file problem (no header, a repeated or missing
 * column).
 */
bool
csv_read_header(struct csv *c, const struct column *cols, size_t n, size_t *at, size_t **other,
                size_t *nother)
{
	char q[MSG_QUOTE_SIZE];
	for (size_t k = 0; k < n; k++)
		at[k] = SIZE_MAX;
	if (!csv_record(c)) {
		if (!c->broken)
			msg_at(MSG_ERROR, c->path, 0, 0,
			       "invalid CSV: the file is empty; the first row names the columns");
		return false;
	}
	bool ok = true;
	size_t cap = 0;
	/* The other columns by name (their positions, SIZE_MAX free), so that a header of
	 * many thousand columns is not compared with itself pair by pair. */
	size_t *seen = NULL, mask = 0;
	if (other != NULL) {
		*other = NULL;
		*nother = 0;
		mask = 15;
		while (mask < 2 * c->ncell)
			mask = mask * 2 + 1;
		seen = xmalloc((mask + 1) * sizeof(*seen));
		memset(seen, 0xFF, (mask + 1) * sizeof(*seen));
	}
	size_t unnamed = 0, first_unnamed = 0;
	for (size_t i = 0; i < c->ncell; i++) {
		const char *name = csv_cell(c, i);
		size_t k = 0;
		while (k < n && strcasecmp(cols[k].name, name) != 0)
			k++;
		size_t first = SIZE_MAX, slot = 0;
		if (k < n && at[k] != SIZE_MAX)
			first = at[k];
		if (k == n && other != NULL && *name != '\0') {
			slot = name_hash(name) & mask;
			while (seen[slot] != SIZE_MAX &&
			       strcasecmp(csv_cell(c, seen[slot]), name) != 0)
				slot = (slot + 1) & mask;
			first = seen[slot];
		}
		if (*name == '\0') {
			/* Spreadsheets leave empty columns at the right: one warning for all. */
			if (unnamed++ == 0)
				first_unnamed = i;
		} else if (first != SIZE_MAX) {
			msg_at(MSG_ERROR, c->path, c->row_line, 0,
			       "column %s appears twice (columns %zu and %zu)", msg_quote(q, name),
			       first + 1, i + 1);
			ok = false;
		} else if (k < n) {
			at[k] = i;
		} else if (other != NULL) {
			xgrow(other, &cap, *nother, sizeof(**other));
			(*other)[(*nother)++] = i;
			seen[slot] = i;
		} else {
			msg_at(MSG_WARNING, c->path, c->row_line, 0, "unknown column %s, ignored",
			       msg_quote(q, name));
		}
	}
	free(seen);
	if (unnamed == 1)
		msg_at(MSG_WARNING, c->path, c->row_line, 0, "column %zu has no name, ignored",
		       first_unnamed + 1);
	else if (unnamed > 1)
		msg_at(MSG_WARNING, c->path, c->row_line, 0,
		       "%zu columns have no name (the first is column %zu), ignored", unnamed,
		       first_unnamed + 1);
	for (size_t k = 0; k < n; k++)
		if (cols[k].required && at[k] == SIZE_MAX) {
			msg_at(MSG_ERROR, c->path, c->row_line, 0,
			       "required column \"%s\" is missing", cols[k].name);
			ok = false;
		}
	return ok;
}
