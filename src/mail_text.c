/* SPDX-License-Identifier: MIT */
/* A mail's words: the expanded mail template flattened into a subject and plain text. */
#include <assert.h>
#include <string.h>

#include "mail_text.h"

/* A span's text with control characters but line breaks made spaces. */
static void
add_text(struct sbuf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		sbuf_addc(b, c == '\n' || (c >= 0x20 && c != 0x7F) ? (char)c : ' ');
	}
}

/* Ends the current line: its trailing spaces cut. */
static void
end_line(struct sbuf *b)
{
	while (b->len > 0 && b->s[b->len - 1] == ' ')
		b->len--;
	sbuf_addc(b, '\n');
}

static void
add_para(struct sbuf *b, const struct para *p)
{
	for (size_t i = 0; i < p->nspans; i++)
		if (p->spans[i].field == SPAN_TEXT && p->spans[i].text != NULL)
			add_text(b, p->spans[i].text);
}

static void
add_blocks(struct sbuf *b, const struct block *bl)
{
	for (; bl != NULL; bl = bl->next) {
		switch (bl->kind) {
		case BLOCK_PARA:
		case BLOCK_HEADING:
			if (bl->label != NULL) {
				add_text(b, bl->label);
				sbuf_addc(b, ' ');
			}
			add_para(b, &bl->para);
			end_line(b);
			break;
		case BLOCK_SPACE:
			sbuf_addc(b, '\n');
			break;
		case BLOCK_KEEP:
			add_blocks(b, bl->child);
			break;
		case BLOCK_TABLE:
			/* Stored rows only: rows made at layout time belong to the overview. */
			for (size_t r = 0; r < bl->nrows; r++) {
				for (size_t c = 0; c < bl->rows[r].ncells; c++) {
					if (c > 0)
						sbuf_adds(b, "  ");
					add_para(b, &bl->rows[r].cells[c]);
				}
				end_line(b);
			}
			break;
		case BLOCK_RULE:
		case BLOCK_PAGEBREAK:
		case BLOCK_IMAGE:
		case BLOCK_CHART:
			break;
		}
	}
}

void
mail_text(const struct doc *d, struct arena *a, const char **subject, const char **body)
{
	assert(d != NULL && a != NULL);
	*subject = NULL;
	if (d->subject != NULL) {
		struct sbuf s = {0};
		add_text(&s, d->subject);
		/* One line: a line break in the data must not end the header. */
		for (size_t i = 0; i < s.len; i++)
			if (s.s[i] == '\n')
				s.s[i] = ' ';
		size_t from = 0;
		while (from < s.len && s.s[from] == ' ')
			from++;
		while (s.len > from && s.s[s.len - 1] == ' ')
			s.len--;
		if (s.len > from)
			*subject = arena_strndup(a, s.s + from, s.len - from);
		sbuf_free(&s);
	}
	struct sbuf b = {0};
	add_blocks(&b, d->body);
	/* Empty lines at the start and at the end are the template's white space. */
	size_t from = 0;
	while (from < b.len && b.s[from] == '\n')
		from++;
	while (b.len > from && b.s[b.len - 1] == '\n')
		b.len--;
	*body = arena_printf(a, "%.*s%s", (int)(b.len - from), b.s ? b.s + from : "",
	                     b.len > from ? "\n" : "");
	sbuf_free(&b);
}
