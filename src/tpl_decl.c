/* SPDX-License-Identifier: MIT */
/* A template's declarations: page, fonts, styles, the catalogue, meta, and its three sections. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "load.h"
#include "tpl_load_int.h"

/*
 * Each handler reads one element of tpl_grammar.c's table that makes no node of
 * the content: it fills the struct tpl. The schema has checked the order of the
 * sections, what each holds and every fixed value.
 */

static struct tnode *
declarations(struct el *e, enum tpl_cx cx)
{
	struct place at = {cx, NULL, tpl_no_face};
	tpl_content(e->ld, e->x->children, &at);
	return NULL;
}

struct tnode *
tpl_el_page(struct el *e)
{
	static const double sizes[][2] = {{595.276, 841.89}, {612, 792}}; /* A4, Letter */
	struct page_setup *p = &e->ld->t->page;
	int size = tpl_at_enum(e, "size", 0);
	p->width = tpl_at_length(e, "width", sizes[size][0]);
	p->height = tpl_at_length(e, "height", sizes[size][1]);
	if (tpl_at_enum(e, "orientation", 0) == 1) {
		double w = p->width;
		p->width = p->height;
		p->height = w;
	}
	p->top = tpl_at_length(e, "margin-top", 56);
	p->bottom = tpl_at_length(e, "margin-bottom", 56);
	p->left = tpl_at_length(e, "margin-left", 56);
	p->right = tpl_at_length(e, "margin-right", 56);
	if (p->left + p->right > p->width - 72 || p->top + p->bottom > p->height - 72)
		tpl_err(e->ld, e->x->line,
		        "<page>: the margins leave less than 1 inch for the text");
	return NULL;
}

/* ---- fonts ---- */

struct tnode *
tpl_el_fonts(struct el *e)
{
	return declarations(e, CX_FONTS);
}

/* A font file (a bare file name: the schema): beside the template or in the bundled fonts. */
static const char *
font_file(struct el *e, const char *file)
{
	struct loader *ld = e->ld;
	char *p = xasprintf("%s/%s", ld->dir, file);
	if (access(p, R_OK) == 0) {
		/* One beside the template stays in its folder, links resolved, as includes must. */
		if (tpl_inside(ld, e->x->line, "font file", file) == NULL) {
			free(p);
			return NULL;
		}
	} else {
		free(p);
		p = xasprintf("%s/%s", ld->fontdir, file);
	}
	if (access(p, R_OK) != 0) {
		tpl_err(ld, e->x->line, "font file \"%s\" not found beside the template nor in %s",
		        file, ld->fontdir);
		free(p);
		return NULL;
	}
	const char *kind = load_not_regular(p);
	if (kind != NULL) {
		tpl_err(ld, e->x->line, "font file \"%s\" is %s, not a regular file", file, kind);
		free(p);
		return NULL;
	}
	const char *k = tpl_keep(ld, p);
	free(p);
	return k;
}

struct tnode *
tpl_el_family(struct el *e)
{
	static const char *const faces[4] = {"regular", "bold", "italic", "bold-italic"};
	struct tpl *t = e->ld->t;
	xgrow(&t->families, &e->ld->family_cap, t->nfamilies, sizeof(*t->families));
	struct family *f = &t->families[t->nfamilies++];
	f->name = tpl_at_text(e, "name");
	for (int i = 0; i < 4; i++) {
		f->face[i] = -1;
		const char *file = tpl_at_text(e, faces[i]);
		const char *path = file ? font_file(e, file) : NULL;
		if (path == NULL)
			continue;
		xgrow(&t->font_paths, &e->ld->font_cap, t->nfonts, sizeof(*t->font_paths));
		f->face[i] = (int)t->nfonts;
		t->font_paths[t->nfonts++] = path;
	}
	return NULL;
}

struct tnode *
tpl_el_fallback(struct el *e)
{
	assert(e->ld->t->fallback_path == NULL); /* one at most: the schema */
	e->ld->t->fallback_path = font_file(e, tpl_at_text(e, "file"));
	return NULL;
}

/* ---- styles ---- */

struct tnode *
tpl_el_styles(struct el *e)
{
	return declarations(e, CX_STYLES);
}

/* A style's family, weight and slant; its font once they are known. */
static void
style_face(struct el *e, struct tstyle *st)
{
	struct tpl *t = e->ld->t;
	const char *fam = tpl_at_text(e, "font");
	if (fam != NULL) {
		st->family = -1;
		for (size_t i = 0; i < t->nfamilies; i++)
			if (strcmp(t->families[i].name, fam) == 0)
				st->family = (int)i;
		if (st->family < 0)
			tpl_err(e->ld, e->x->line, "<style font=\"%s\">: no such font family", fam);
	}
	int w = tpl_at_enum(e, "weight", -1); /* bold normal */
	if (w >= 0)
		st->bold = w == 0;
	int sl = tpl_at_enum(e, "slant", -1); /* italic normal */
	if (sl >= 0)
		st->italic = sl == 0;
}

/* Size and leading; a leading not given scales with the size: 1.3 times it, or the base's ratio. */
static void
style_size(struct el *e, struct tstyle *st, const struct tstyle *b)
{
	double old_size = st->s.size;
	st->s.size = tpl_at_length(e, "size", st->s.size);
	if (st->s.size < 4 || st->s.size > 72)
		tpl_err(e->ld, e->x->line, "<style size>: %g pt is outside 4..72", st->s.size);
	double ratio = b != NULL && old_size > 0 ? b->s.leading / old_size : 1.3;
	st->s.leading = tpl_at_length(e, "leading", st->s.size * ratio);
	if (st->s.leading < st->s.size * 0.8)
		tpl_err(e->ld, e->x->line, "<style leading>: %g pt is too tight for a %g pt font",
		        st->s.leading, st->s.size);
}

/* yes or no as the values "yes no" of the table. */
static void
yes_no(struct el *e, const char *name, bool *out)
{
	int v = tpl_at_enum(e, name, -1);
	if (v >= 0)
		*out = v == 0;
}

struct tnode *
tpl_el_style(struct el *e)
{
	struct tpl *t = e->ld->t;
	const char *name = tpl_at_text(e, "name");
	if (tpl_find_style(t, name) != NULL)
		tpl_err(e->ld, e->x->line, "style \"%s\" is defined twice", name);
	struct tstyle *st = arena_alloc(t->arena, sizeof(*st));
	const char *base = tpl_at_text(e, "base");
	const struct tstyle *b = base ? tpl_find_style(t, base) : NULL;
	if (base != NULL && b == NULL)
		tpl_err(e->ld, e->x->line, "<style base=\"%s\">: no such style (define it before)",
		        base);
	if (b != NULL) {
		*st = *b;
	} else {
		st->s.size = 10;
		st->s.hyphenate = true;
	}
	st->s.name = name;
	style_face(e, st);
	style_size(e, st, b);
	tpl_at_colour(e, "color", &st->s.color);
	st->s.space_before = tpl_at_length(e, "space-before", b ? b->s.space_before : 0);
	st->s.space_after = tpl_at_length(e, "space-after", b ? b->s.space_after : 0);
	st->s.indent = tpl_at_length(e, "indent", b ? b->s.indent : 0);
	/* left right center justify: the order of enum align */
	st->s.align = (enum align)tpl_at_enum(e, "align", (int)st->s.align);
	yes_no(e, "keep-with-next", &st->s.keep_with_next);
	yes_no(e, "hyphenate", &st->s.hyphenate);
	st->s.font = tpl_face(t, st->family, st->bold, st->italic);
	if (st->family >= 0 && st->s.font < 0 && t->nfamilies > 0)
		tpl_err(e->ld, e->x->line, "style \"%s\": the family \"%s\" has no %s face", name,
		        t->families[st->family].name, tpl_face_name(st->bold, st->italic));
	xgrow(&t->styles, &e->ld->style_cap, t->nstyles, sizeof(*t->styles));
	t->styles[t->nstyles++] = st;
	return NULL;
}

/* ---- the catalogue ---- */

/* True when content n reaches catalogue entry target through <msg>, at any depth. */
static bool
uses(const struct tnode *n, const struct tnode *target, int depth)
{
	/* Deeper than the catalogue is long means a cycle that avoids target. */
	if (depth > 64)
		return false;
	for (; n != NULL; n = n->next) {
		if (n->kind == T_MSG && n->msg.entry != NULL &&
		    (n->msg.entry == target || uses(n->msg.entry->child, target, depth + 1)))
			return true;
		if (uses(n->child, target, depth))
			return true;
	}
	return false;
}

/*
 * The entries first (an <entry> only says it is there), then their contents, so that
 * entries may use each other in any order.
 */
struct tnode *
tpl_el_catalog(struct el *e)
{
	struct loader *ld = e->ld;
	declarations(e, CX_CATALOG);
	const char *was = ld->file;
	for (size_t i = 0; i < ld->npending; i++) {
		struct tnode *en = ld->pending[i].entry;
		assert(en->kind == T_ENTRY && en->child == NULL);
		struct place at = {CX_ENTRY, NULL, tpl_no_face};
		at.fs.entry = en;
		ld->file = en->file;
		en->child = tpl_content(ld, ld->pending[i].x->children, &at);
	}
	ld->file = was;
	ld->npending = 0;
	for (const struct tnode *en = ld->t->catalog; en != NULL; en = en->next)
		if (uses(en->child, en, 0))
			tpl_err(ld, en->line, "catalogue entry \"%s\" uses itself through <msg>",
			        en->entry.id);
	return NULL;
}

/* params="name pct": the names its {placeholders} and <param>s use (their form: the schema). */
static void
entry_params(struct el *e, struct tentry *en)
{
	const char *params = tpl_at_text(e, "params");
	const char **names = NULL;
	for (const char *p = params; p != NULL && *p;) {
		size_t len = strcspn(p, " \t\n\r");
		if (len > 0) {
			const char *name = arena_strndup(e->ld->t->arena, p, len);
			bool again = false;
			for (size_t i = 0; i < en->nparams; i++)
				again |= strcmp(names[i], name) == 0;
			if (again)
				tpl_err(e->ld, e->x->line, "<entry params>: \"%s\" is named twice",
				        name);
			names = xrealloc(names, (en->nparams + 1) * sizeof(char *));
			names[en->nparams++] = name;
		}
		p += len;
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
	}
	if (en->nparams > 0) {
		/* Moved into the arena so the template frees it with the rest. */
		en->params = arena_alloc(e->ld->t->arena, en->nparams * sizeof(char *));
		memcpy(en->params, names, en->nparams * sizeof(char *));
	}
	free(names);
}

struct tnode *
tpl_el_entry(struct el *e)
{
	struct loader *ld = e->ld;
	struct tnode *n = tpl_el_node(e);
	n->entry.id = tpl_at_text(e, "id");
	if (tpl_find_entry(ld->t, n->entry.id) != NULL)
		tpl_err(ld, e->x->line, "catalogue entry \"%s\" is defined twice", n->entry.id);
	else
		tpl_index_entry(ld->t, n);
	entry_params(e, &n->entry);
	*ld->entry_tail = n;
	ld->entry_tail = &n->next;
	xgrow(&ld->pending, &ld->pending_cap, ld->npending, sizeof(*ld->pending));
	ld->pending[ld->npending++] = (struct pending){n, e->x};
	return NULL; /* in the catalogue, not in the content around it */
}

/* ---- meta and the sections ---- */

struct tnode *
tpl_el_meta(struct el *e)
{
	return declarations(e, CX_META);
}

/* <title>, <subject>, <author>, <keywords>: running text read as plain text. */
struct tnode *
tpl_el_meta_item(struct el *e)
{
	struct tpl *t = e->ld->t;
	const char *name = (const char *)e->x->name;
	struct tnode **slot = strcmp(name, "title") == 0     ? &t->title
	                      : strcmp(name, "subject") == 0 ? &t->subject
	                      : strcmp(name, "author") == 0  ? &t->author
	                                                     : &t->keywords;
	struct tnode *n = tpl_el_node(e);
	n->child = tpl_el_content(e, CX_INLINE, tpl_no_face);
	*slot = n;
	return NULL;
}

/* <header>, <footer>, <body>: blocks; page fields work in the margins only. */
struct tnode *
tpl_el_section(struct el *e)
{
	struct tpl *t = e->ld->t;
	const char *name = (const char *)e->x->name;
	struct fstate fs = tpl_no_face;
	fs.margin = strcmp(name, "body") != 0;
	struct tnode *blocks = tpl_el_content(e, CX_BLOCK, fs);
	if (strcmp(name, "header") == 0)
		t->header = blocks;
	else if (strcmp(name, "footer") == 0)
		t->footer = blocks;
	else
		t->body = blocks;
	return NULL;
}
