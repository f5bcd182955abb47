/* SPDX-License-Identifier: MIT */
/* A table of an expanded document as CSV, in the form German Excel opens directly. */
#include <assert.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "out_csv.h"

/* What is gathered before it is written: a few hundred rows. */
enum { CSV_CHUNK = 64 * 1024 };

const struct block *
out_csv_find_table(const struct block *b)
{
	for (; b != NULL; b = b->next) {
		if (b->kind == BLOCK_TABLE)
			return b;
		const struct block *t = b->kind == BLOCK_KEEP ? out_csv_find_table(b->child) : NULL;
		if (t != NULL)
			return t;
	}
	return NULL;
}

/* A number as the template writes one for a spreadsheet: -12, 3,5, +0,25. */
static bool
is_number(const char *s, size_t n)
{
	size_t i = 0, digits = 0;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (i < n && s[i] == ',' && digits > 0)
		for (i++, digits = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	return i == n && digits > 0;
}

void
out_csv_cell(struct sbuf *b, const char *s, size_t n)
{
	/* A German figure's minus sign (U+2212) is the ASCII one a spreadsheet reads. */
	if (n > 3 && memcmp(s, "\xE2\x88\x92", 3) == 0 && is_number(s + 3, n - 3) && s[3] != '-' &&
	    s[3] != '+') {
		sbuf_addc(b, '-');
		s += 3;
		n -= 3;
	}
	bool formula = n > 0 && strchr("=+-@\t\r", s[0]) != NULL && !is_number(s, n);
	bool quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ');
	for (size_t i = 0; i < n && !quote; i++)
		quote = s[i] == ';' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
	if (quote)
		sbuf_addc(b, '"');
	if (formula)
		sbuf_addc(b, '\'');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			sbuf_addc(b, '"');
		sbuf_addc(b, s[i]);
	}
	if (quote)
		sbuf_addc(b, '"');
}

static void
add_row(struct sbuf *b, struct sbuf *cell, const struct trow *row)
{
	for (size_t c = 0; c < row->ncells; c++) {
		const struct para *p = &row->cells[c];
		cell->len = 0;
		for (size_t k = 0; p->chart == NULL && k < p->nspans; k++)
			if (p->spans[k].field == SPAN_TEXT && p->spans[k].text != NULL)
				sbuf_adds(cell, p->spans[k].text);
		if (c > 0)
			sbuf_addc(b, ';');
		out_csv_cell(b, cell->s, cell->len);
	}
	sbuf_add(b, "\r\n", 2);
}

/* Writes all of b to fd and empties it; -1 with errno set when that failed. */
static int
flush(int fd, struct sbuf *b)
{
	size_t done = 0;
	while (done < b->len) {
		ssize_t w = write(fd, b->s + done, b->len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		done += (size_t)w;
	}
	b->len = 0;
	return 0;
}

int
out_csv_write(int fd, const struct block *table)
{
	assert(table != NULL && table->kind == BLOCK_TABLE);
	const struct row_maker *m = table->made;
	size_t made = m != NULL ? m->n : 0, rows = table->nrows + made;
	assert(m == NULL || m->at <= table->nrows);
	struct sbuf b = {0}, cell = {0};
	sbuf_add(&b, "\xEF\xBB\xBF", 3); /* the BOM: Excel reads the file as UTF-8 */
	int rc = 0;
	for (size_t r = 0; r < rows && rc == 0; r++) {
		if (m == NULL || r < m->at) {
			add_row(&b, &cell, &table->rows[r]);
		} else if (r >= m->at + made) {
			add_row(&b, &cell, &table->rows[r - made]);
		} else {
			struct arena *a = arena_new();
			struct trow row;
			m->make(m->ctx, r - m->at, a, &row);
			add_row(&b, &cell, &row);
			arena_free(a);
		}
		if (b.len >= CSV_CHUNK)
			rc = flush(fd, &b);
	}
	if (rc == 0)
		rc = flush(fd, &b);
	sbuf_free(&b);
	sbuf_free(&cell);
	return rc;
}
