/* SPDX-License-Identifier: MIT */
/* The characters of a loaded template: each checked against its fonts, and collected for subsetting. */
#include <string.h>

#include "msg.h"
#include "pdf_subset.h"
#include "tpl.h"
#include "tpl_int.h"
#include "utf8.h"

/* Reports the characters of s that font f (or, for -1, any font) lacks. */
static size_t
check_string(const struct tpl *t, const char *s, int f, const char *file, long line,
             const struct dev *dev)
{
	size_t missing = 0;
	const char *end = s + strlen(s);
	while (s < end) {
		uint32_t cp = utf8_next(&s, end);
		for (size_t i = 0; i < t->nfonts; i++) {
			if ((f >= 0 && (size_t)f != i) || cp <= ' ' || cp == 0xA0 ||
			    dev->has_glyph(dev->ctx, (int)i, cp))
				continue;
			char buf[5] = {0};
			utf8_encode(buf, cp);
			if (t->fallback_path != NULL)
				msg_at(MSG_ERROR, file, line, 0,
				       "the font %s has no glyph for U+%04X \"%s\", nor has the "
				       "fallback %s",
				       t->font_paths[i], (unsigned)cp, buf, t->fallback_path);
			else
				msg_at(MSG_ERROR, file, line, 0,
				       "the font %s has no glyph for U+%04X \"%s\"",
				       t->font_paths[i], (unsigned)cp, buf);
			missing++;
		}
	}
	return missing;
}

/*
 * The template's own text in the face it is set in; catalogue entries, used in
 * many places, in every face.
 */
static size_t
check_text(const struct tpl *t, const struct tnode *n, int font, const struct dev *dev)
{
	size_t missing = 0;
	for (; n != NULL; n = n->next) {
		int f = font >= 0 ? n->font : -1;
		const char *texts[4] = {NULL, NULL, NULL, NULL};
		int tf = f;
		switch (n->kind) {
		case T_TEXT:
			texts[0] = n->text;
			break;
		case T_VALUE:
		case T_PARAM:
			texts[0] = n->value.missing_text;
			break;
		case T_FOR:
			texts[0] = n->loop.sep;
			break;
		case T_CHART:
			tf = n->chart.style ? n->chart.style->s.font : -1;
			texts[0] = n->chart.value_label;
			texts[1] = n->chart.mark_label;
			texts[2] = n->chart.reference_label;
			texts[3] = n->chart.line_label;
			break;
		case T_LIST: {
			/* The labels: the bullet, or the digits and the dot of the numbers. */
			const struct tstyle *ls =
			    n->list.label_style ? n->list.label_style : n->list.style;
			tf = ls ? ls->s.font : -1;
			texts[0] = n->list.numbered ? "0123456789." : n->list.bullet;
			break;
		}
		default:
			break;
		}
		for (int k = 0; k < 4; k++)
			if (texts[k] != NULL)
				missing += check_string(t, texts[k], tf, n->file, n->line, dev);
		missing += check_text(t, n->child, font, dev);
	}
	return missing;
}

static void
collect(const struct tnode *n, struct charset *cs)
{
	for (; n != NULL; n = n->next) {
		switch (n->kind) {
		case T_TEXT:
			charset_add_utf8(cs, n->text);
			break;
		case T_H:
			charset_add_utf8(cs, n->h.bookmark);
			break;
		case T_VALUE:
		case T_PARAM:
			charset_add_utf8(cs, n->value.missing_text);
			break;
		case T_FOR:
			charset_add_utf8(cs, n->loop.sep);
			break;
		case T_LIST:
			charset_add_utf8(cs, n->list.bullet);
			break;
		case T_CHART:
			charset_add_utf8(cs, n->chart.value_label);
			charset_add_utf8(cs, n->chart.mark_label);
			charset_add_utf8(cs, n->chart.reference_label);
			charset_add_utf8(cs, n->chart.line_label);
			break;
		default:
			break;
		}
		collect(n->child, cs);
	}
}

void
tpl_charset(const struct tpl *t, struct charset *cs)
{
	collect(t->catalog, cs);
	collect(t->header, cs);
	collect(t->footer, cs);
	collect(t->body, cs);
}

size_t
tpl_check_glyphs(const struct tpl *t, const struct dev *dev)
{
	/* Document information is not drawn: its characters need no glyph. */
	size_t missing = check_text(t, t->catalog, -1, dev);
	missing += check_text(t, t->header, 0, dev) + check_text(t, t->footer, 0, dev);
	return missing + check_text(t, t->body, 0, dev);
}
