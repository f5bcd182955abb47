/* SPDX-License-Identifier: MIT */
/* The handlers of a template's content: blocks, tables, lists, charts, running text, control. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"
#include "tpl_load_int.h"

/*
 * Each handler reads one element of tpl_grammar.c's table into its node: the values
 * of its attributes, then its content. The schema has passed the element: it stands
 * where it may, its attributes are known, the required ones are there and every fixed
 * value is one of its list. What is checked here is what the schema cannot know.
 */

static struct fstate
with_style(struct fstate fs, const struct tstyle *st)
{
	if (st != NULL) {
		fs.st = st;
		fs.bold = st->bold;
		fs.italic = st->italic;
	}
	return fs;
}

/* Reports when the face that text at this point needs is not declared. */
static void
check_face(struct loader *ld, long line, const char *what, struct fstate fs)
{
	if (fs.st == NULL || fs.st->family < 0 || (size_t)fs.st->family >= ld->t->nfamilies)
		return; /* no style, or its family is unknown: reported with the style */
	if (tpl_face(ld->t, fs.st->family, fs.bold, fs.italic) < 0)
		tpl_err(ld, line, "<%s>: the font family \"%s\" has no %s face", what,
		        ld->t->families[fs.st->family].name, tpl_face_name(fs.bold, fs.italic));
}

/* ---- blocks ---- */

struct tnode *
tpl_el_p(struct el *e)
{
	struct tnode *n = tpl_el_node(e);
	n->style = tpl_at_style(e, "style", "body");
	n->child = tpl_el_content(e, CX_INLINE, with_style(e->at.fs, n->style));
	return n;
}

struct tnode *
tpl_el_h(struct el *e)
{
	struct tnode *n = tpl_el_node(e);
	n->h.style = tpl_at_style(e, "style", "heading");
	n->h.level = tpl_at_enum(e, "level", 0) + 1; /* "1 2 3 4 5 6" */
	n->h.bookmark = tpl_at_text(e, "bookmark");
	n->child = tpl_el_content(e, CX_INLINE, with_style(e->at.fs, n->h.style));
	return n;
}

struct tnode *
tpl_el_space(struct el *e)
{
	struct tnode *n = tpl_el_node(e);
	n->height = tpl_at_length(e, "height", 6);
	return n;
}

struct tnode *
tpl_el_rule(struct el *e)
{
	struct tnode *n = tpl_el_node(e);
	n->rule.thickness = tpl_at_length(e, "thickness", 0.5);
	n->rule.color = 0x888888;
	tpl_at_colour(e, "color", &n->rule.color);
	return n;
}

/* <page-break/>: a node and nothing else. */
struct tnode *
tpl_el_empty(struct el *e)
{
	return tpl_el_node(e);
}

/* <keep>: blocks. */
struct tnode *
tpl_el_blocks(struct el *e)
{
	struct tnode *n = tpl_el_node(e);
	n->child = tpl_el_content(e, CX_BLOCK, e->at.fs);
	return n;
}

/* <tile>: blocks, on a background of their own (fill) or the row's. */
struct tnode *
tpl_el_tile(struct el *e)
{
	struct tnode *n = tpl_el_blocks(e);
	n->tiles.has_fill = tpl_at_colour(e, "fill", &n->tiles.fill);
	return n;
}

/* <tiles>: each block in it one tile. */
struct tnode *
tpl_el_tiles(struct el *e)
{
	struct tnode *n = tpl_el_node(e);
	n->tiles.padding = tpl_at_length(e, "padding", 6);
	n->tiles.gap = tpl_at_length(e, "gap", 6);
	n->tiles.has_fill = tpl_at_colour(e, "fill", &n->tiles.fill);
	n->child = tpl_el_content(e, CX_BLOCK, e->at.fs);
	return n;
}

/* The image of file path: each file is read once per template, every report shares it. */
static struct image *
image_of(struct loader *ld, const char *path)
{
	struct tpl *t = ld->t;
	for (size_t i = 0; i < t->nimages; i++)
		if (strcmp(t->image_paths[i], path) == 0)
			return t->images[i];
	struct image *img = image_load_cached(path);
	if (img == NULL) {
		ld->errors++;
		return NULL;
	}
	size_t k = t->nimages + 1;
	t->images = xrealloc(t->images, k * sizeof(*t->images));
	t->image_paths = xrealloc(t->image_paths, k * sizeof(char *));
	t->images[t->nimages] = img;
	t->image_paths[t->nimages++] = path;
	return img;
}

/* "left center right" of <image> and <chart>. */
static const enum align lcr[] = {ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT};

struct tnode *
tpl_el_image(struct el *e)
{
	struct tnode *n = tpl_el_node(e);
	const char *src = tpl_at_text(e, "src");
	n->image.width = tpl_at_length(e, "width", 0);
	n->image.height = tpl_at_length(e, "height", 0);
	n->image.align = lcr[tpl_at_enum(e, "align", 0)];
	const char *path = tpl_inside(e->ld, e->x->line, "image", src);
	if (path != NULL)
		n->image.img = image_of(e->ld, path);
	return n;
}

/* ---- tables ---- */

/* True when a table's content declares a column, directly or in its control elements. */
static bool
has_col(const struct tnode *n)
{
	for (; n != NULL; n = n->next)
		if (n->kind == T_COL ||
		    (n->kind != T_HEAD && n->kind != T_ROW && has_col(n->child)))
			return true;
	return false;
}

struct tnode *
tpl_el_table(struct el *e)
{
	struct tnode *n = tpl_el_node(e);
	struct ttable *tb = &n->table;
	tb->style = tpl_at_style(e, "style", "cell");
	tb->head_style = tpl_at_style(e, "head-style", "cell-head");
	tb->padding = tpl_at_length(e, "padding", 4);
	tb->rule = tpl_at_length(e, "rule", 0.5);
	tb->rule_color = 0xC8CED6;
	tpl_at_colour(e, "rule-color", &tb->rule_color);
	tb->has_stripe = tpl_at_colour(e, "stripe", &tb->stripe);
	tb->has_head_fill = tpl_at_colour(e, "head-fill", &tb->head_fill);
	struct fstate fs = with_style(e->at.fs, tb->style);
	fs.head = tb->head_style;
	n->child = tpl_el_content(e, CX_TABLE, fs);
	/* Not in the schema: "items, one of which brings a <col>" is ambiguous there. */
	if (!has_col(n->child))
		tpl_err(e->ld, e->x->line, "<table> needs at least one <col>");
	return n;
}

struct tnode *
tpl_el_col(struct el *e)
{
	static const enum align aligns[] = {ALIGN_LEFT, ALIGN_RIGHT, ALIGN_CENTER, ALIGN_DECIMAL};
	struct tnode *n = tpl_el_node(e);
	n->col.width = 1;
	n->col.relative = true;
	/* The schema lets any width pass (a length is free text there, see tpl_at_length). */
	const char *w = tpl_at_text(e, "width");
	if (w != NULL && !tpl_parse_width(w, &n->col)) {
		char *text = tpl_bad_value("col", tpl_attr_find(e->def, "width"), w);
		tpl_err(e->ld, e->x->line, "%s", text);
		free(text);
	}
	n->col.align = aligns[tpl_at_enum(e, "align", 0)];
	return n;
}

/* <head> and <row>: head cells default to the head style, body cells to the table's. */
struct tnode *
tpl_el_row(struct el *e)
{
	struct tnode *n = tpl_el_node(e);
	struct fstate fs = e->at.fs;
	if (n->kind == T_ROW)
		n->omit_empty = tpl_at_enum(e, "omit-empty", 1) == 0; /* yes no */
	n->child = tpl_el_content(e, CX_ROW, n->kind == T_HEAD ? with_style(fs, fs.head) : fs);
	return n;
}

struct tnode *
tpl_el_cell(struct el *e)
{
	struct tnode *n = tpl_el_node(e);
	n->style = tpl_at_style(e, "style", NULL);
	struct fstate fs = with_style(e->at.fs, n->style);
	fs.in_cell = true;
	n->child = tpl_el_content(e, CX_INLINE, fs);
	return n;
}

/* ---- lists ---- */

struct tnode *
tpl_el_list(struct el *e)
{
	struct tnode *n = tpl_el_node(e);
	struct tlist *l = &n->list;
	l->style = tpl_at_style(e, "style", "body");
	l->label_style = tpl_at_style(e, "label-style", NULL);
	l->numbered = tpl_at_enum(e, "kind", 0) == 1; /* bullet number */
	l->bullet = tpl_at_text(e, "bullet");
	if (l->bullet == NULL)
		l->bullet = "\u2022";
	/* Digits only (the schema); how many is said here. */
	const char *start = tpl_at_text(e, "start");
	l->start = 1;
	if (start != NULL) {
		long v = strlen(start) > 6 ? 1000000 : strtol(start, NULL, 10);
		if (v > 100000)
			tpl_err(e->ld, e->x->line,
			        "<list start=\"%s\">: expected a whole number from 0 to 100000",
			        start);
		else
			l->start = (int)v;
	}
	l->indent = tpl_at_length(e, "indent", 14);
	n->child = tpl_el_content(e, CX_LIST, with_style(e->at.fs, l->style));
	return n;
}

struct tnode *
tpl_el_item(struct el *e)
{
	struct tnode *n = tpl_el_node(e);
	n->child = tpl_el_content(e, CX_INLINE, e->at.fs);
	return n;
}

/* ---- charts ---- */

/* The scope of a loop's items: its variable stands for an item of its list. */
static struct scope *
item_scope(struct el *e, const struct tloop *l)
{
	struct scope *sc = arena_alloc(e->ld->t->arena, sizeof(*sc));
	char *full = l->each ? tpl_full_name(l->each, e->at.sc) : xstrdup("");
	*sc = (struct scope){l->var, arena_printf(e->ld->t->arena, "%s[]", full), e->at.sc};
	free(full);
	return sc;
}

/* label, value, mark, highlight: names in the scope of the chart's items; reference. */
static void
chart_names(struct el *e, struct tchart *c, const struct scope *items)
{
	static const char *const keys[] = {"label", "value", "mark", "highlight"};
	struct path **slots[] = {&c->label, &c->value, &c->mark, &c->highlight};
	long line = e->x->line;
	for (int k = 0; k < 4; k++) {
		const char *v = tpl_at_text(e, keys[k]);
		if (v == NULL)
			continue; /* value is required: the schema */
		*slots[k] = tpl_parse_path(e->ld, line, v);
		char type = tpl_check_name(e->ld, line, *slots[k], items);
		if (type != 0 && k != 0 && k != 3 && type != 'n')
			tpl_err(e->ld, line, "<chart %s=\"%s\">: not a number", keys[k], v);
	}
	/* label-key, min, max: names in the items' scope too */
	static const char *const more[] = {"label-key", "min", "max"};
	struct path **mslots[] = {&c->label_key, &c->min, &c->max};
	for (int k = 0; k < 3; k++) {
		const char *v = tpl_at_text(e, more[k]);
		if (v == NULL)
			continue;
		*mslots[k] = tpl_parse_path(e->ld, line, v);
		char type = tpl_check_name(e->ld, line, *mslots[k], items);
		if (type != 0 && k > 0 && type != 'n')
			tpl_err(e->ld, line, "<chart %s=\"%s\">: not a number", more[k], v);
	}
	c->label_entry = tpl_at_text(e, "label-entry");
	if ((c->label_entry == NULL) != (c->label_key == NULL))
		tpl_err(e->ld, line, "<chart> takes label-key and label-entry together");
	const char *ref = tpl_at_text(e, "reference");
	if (ref == NULL)
		return;
	char *end;
	c->reference_num = strtod(ref, &end);
	c->has_reference = true;
	if (*end != '\0' || end == ref) {
		c->reference = tpl_parse_path(e->ld, line, ref);
		if (tpl_check_name(e->ld, line, c->reference, e->at.sc) != 'n')
			tpl_err(e->ld, line, "<chart reference=\"%s\">: not a number", ref);
	}
}

struct tnode *
tpl_el_chart(struct el *e)
{
	struct tnode *n = tpl_el_node(e);
	struct tchart *c = &n->chart;
	long line = e->x->line;
	if ((TPL_IN(e->at.cx) & TPL_RUNNING) && !e->at.fs.in_cell)
		tpl_err(e->ld, line, "<chart> stands among blocks, or directly in a table cell");
	c->kind = (enum chart_kind)tpl_at_enum(e, "kind", 0); /* the order of enum chart_kind */
	c->style = tpl_at_style(e, "style", "chart");
	const char *each = tpl_at_text(e, "each");
	c->loop.var = tpl_at_text(e, "as");
	c->loop.each = tpl_parse_path(e->ld, line, each);
	if (tpl_check_name(e->ld, line, c->loop.each, e->at.sc) != 'l')
		tpl_err(e->ld, line, "<chart each=\"%s\">: \"%s\" is not a list", each, each);
	chart_names(e, c, item_scope(e, &c->loop));
	c->value_label = tpl_at_text(e, "value-label");
	c->mark_label = tpl_at_text(e, "mark-label");
	c->reference_label = tpl_at_text(e, "reference-label");
	c->line_label = tpl_at_text(e, "line-label");
	c->width = tpl_at_length(e, "width", 0);
	c->height = tpl_at_length(e, "height", 0);
	c->align = lcr[tpl_at_enum(e, "align", 0)];
	c->floats = tpl_at_enum(e, "float", 1) == 0; /* yes no */
	return n;
}

/* ---- running text ---- */

/* What a name of type cannot be shown as, or NULL when it can. */
static const char *
not_text(char type)
{
	return type == 'l' ? "list" : type == 'r' ? "record" : type == 'b' ? "yes/no value" : NULL;
}

/*
 * The format, digits, missing and hyphenate attributes of <value> and <param>;
 * type is the value's ('s', 'n', or 0 when not known here). Messages name the
 * element by key: <value of="partner.name">.
 */
static void
value_format(struct el *e, struct tvalue *v, char type, const char *key)
{
	const char *ident = tpl_at_text(e, key);
	char *what = xasprintf("%s %s=\"%s\"", e->x->name, key, ident);
	const char *f = tpl_at_text(e, "format");
	int fmt = tpl_at_enum(e, "format", -1); /* the order of enum val_fmt from FMT_INT */
	if (fmt >= 0)
		v->fmt = (enum val_fmt)(FMT_INT + fmt);
	if (type == 's' && fmt >= 0 && v->fmt != FMT_TEXT)
		tpl_err(e->ld, e->x->line, "<%s format=\"%s\">: \"%s\" is text, not a number", what,
		        f, ident);
	const char *d = tpl_at_text(e, "digits"); /* one digit: the schema */
	if (d != NULL)
		v->digits = d[0] - '0';
	int hy = tpl_at_enum(e, "hyphenate", -1); /* yes no */
	if (hy >= 0)
		v->hyphenate = hy == 0;
	v->missing_text = tpl_at_text(e, "missing");
	if (v->missing_text == NULL) {
		v->missing = tpl_find_entry(e->ld->t, "missing");
		if (v->missing == NULL)
			tpl_err(e->ld, e->x->line,
			        "<%s> has no missing=\"...\" and the catalogue has no entry "
			        "\"missing\" "
			        "for values not known",
			        what);
	}
	free(what);
}

struct tnode *
tpl_el_value(struct el *e)
{
	struct tnode *n = tpl_el_node(e);
	const char *of = tpl_at_text(e, "of");
	n->value.of = tpl_parse_path(e->ld, e->x->line, of);
	char type = tpl_check_name(e->ld, e->x->line, n->value.of, e->at.sc);
	if (not_text(type) != NULL)
		tpl_err(e->ld, e->x->line, "<value of=\"%s\">: a %s cannot be shown as text", of,
		        type == 'b' ? "yes/no value (use <if>)" : not_text(type));
	value_format(e, &n->value, type, "of");
	return n;
}

struct tnode *
tpl_el_param(struct el *e)
{
	struct tnode *n = tpl_el_node(e);
	const struct tnode *entry = e->at.fs.entry;
	assert(entry != NULL); /* <param> stands in catalogue entries only: the schema */
	const char *name = tpl_at_text(e, "name");
	for (size_t i = 0; i < entry->entry.nparams; i++)
		if (strcmp(entry->entry.params[i], name) == 0)
			n->value.param = (int)i;
	if (n->value.param < 0)
		tpl_err(e->ld, e->x->line, "<param name=\"%s\">: entry \"%s\" has no such param",
		        name, entry->entry.id);
	value_format(e, &n->value, 0, "name");
	return n;
}

/* <b> and <i>: the face they need must be declared. */
struct tnode *
tpl_el_face(struct el *e)
{
	struct tnode *n = tpl_el_node(e);
	struct fstate fs = e->at.fs;
	fs.bold |= n->kind == T_B;
	fs.italic |= n->kind == T_I;
	check_face(e->ld, e->x->line, (const char *)e->x->name, fs);
	n->child = tpl_el_content(e, e->at.cx, fs);
	return n;
}

/* The <b> and <i> of a catalogue entry, checked in the face of the place that uses it. */
static void
check_entry_faces(struct loader *ld, const struct tnode *n, struct fstate fs, long line, int depth)
{
	for (; n != NULL && depth < 16; n = n->next) {
		struct fstate inner = fs;
		if (n->kind == T_B || n->kind == T_I) {
			inner.bold |= n->kind == T_B;
			inner.italic |= n->kind == T_I;
			check_face(ld, line, n->kind == T_B ? "b" : "i", inner);
		}
		if (n->kind == T_MSG && n->msg.entry != NULL)
			check_entry_faces(ld, n->msg.entry->child, inner, line, depth + 1);
		check_entry_faces(ld, n->child, inner, line, depth);
	}
}

/* <msg id="x" name="partner.name" pct="...">: one value per parameter of entry x. */
static void
msg_args(struct el *e, struct tmsg *m)
{
	const struct tentry *en = m->entry ? &m->entry->entry : NULL;
	long line = e->x->line;
	for (xmlAttr *a = e->x->properties; a != NULL && en != NULL; a = a->next) {
		const char *name = (const char *)a->name;
		bool known = strcmp(name, "id") == 0;
		for (size_t i = 0; i < en->nparams; i++)
			known |= strcmp(en->params[i], name) == 0;
		if (!known)
			tpl_err(e->ld, line, "<msg id=\"%s\">: the entry has no param \"%s\"%s",
			        en->id, name, en->nparams ? "" : " (it declares none)");
	}
	if (en == NULL || en->nparams == 0)
		return;
	m->args = arena_alloc(e->ld->t->arena, en->nparams * sizeof(*m->args));
	for (size_t i = 0; i < en->nparams; i++) {
		const char *v = tpl_at_text(e, en->params[i]);
		if (v == NULL) {
			tpl_err(e->ld, line, "<msg id=\"%s\"> needs %s=\"name\" for its {%s}",
			        en->id, en->params[i], en->params[i]);
			continue;
		}
		m->args[i] = tpl_parse_path(e->ld, line, v);
		char type = tpl_check_name(e->ld, line, m->args[i], e->at.sc);
		if (not_text(type) != NULL)
			tpl_err(e->ld, line, "<msg %s=\"%s\">: a %s cannot be shown as text",
			        en->params[i], v, not_text(type));
	}
}

struct tnode *
tpl_el_msg(struct el *e)
{
	struct tnode *n = tpl_el_node(e);
	const char *id = tpl_at_text(e, "id");
	n->msg.entry = tpl_find_entry(e->ld->t, id);
	if (n->msg.entry == NULL)
		tpl_err(e->ld, e->x->line, "<msg id=\"%s\">: the catalogue has no such entry", id);
	else
		check_entry_faces(e->ld, n->msg.entry->child, e->at.fs, e->x->line, 0);
	msg_args(e, &n->msg);
	return n;
}

/* <page-number/> and <page-count/>. */
struct tnode *
tpl_el_page_field(struct el *e)
{
	if (!e->at.fs.margin)
		tpl_err(e->ld, e->x->line, "<%s/> works in <header> and <footer> only", e->x->name);
	return tpl_el_node(e);
}

/* ---- control: each takes the context it stands in ---- */

struct tnode *
tpl_el_if(struct el *e)
{
	struct tnode *n = tpl_el_node(e);
	n->test = tpl_parse_test(e->ld, e->x->line, tpl_at_text(e, "test"), e->at.sc);
	n->child = tpl_el_content(e, e->at.cx, e->at.fs);
	return n;
}

/* That it follows an <if> is checked where the content is read (tpl_content). */
struct tnode *
tpl_el_else(struct el *e)
{
	struct tnode *n = tpl_el_node(e);
	n->child = tpl_el_content(e, e->at.cx, e->at.fs);
	return n;
}

struct tnode *
tpl_el_for(struct el *e)
{
	struct loader *ld = e->ld;
	struct tnode *n = tpl_el_node(e);
	struct tloop *l = &n->loop;
	long line = e->x->line;
	const char *each = tpl_at_text(e, "each");
	l->var = tpl_at_text(e, "as");
	l->sep = tpl_at_text(e, "separator"); /* in running text only: the schema */
	if (strchr(l->var, '.') != NULL || tpl_parse_path(ld, line, l->var) == NULL)
		tpl_err(ld, line, "<for as=\"%s\">: expected a simple name such as q", l->var);
	else if (ld->names(l->var) != NULL)
		tpl_err(ld, line, "<for as=\"%s\">: \"%s\" is already a name; choose another",
		        l->var, l->var);
	l->each = tpl_parse_path(ld, line, each);
	char type = tpl_check_name(ld, line, l->each, e->at.sc);
	if (type != 0 && type != 'l')
		tpl_err(ld, line, "<for each=\"%s\">: \"%s\" is not a list", each, each);
	struct place at = {e->at.cx, item_scope(e, l), e->at.fs};
	n->child = tpl_content(ld, e->x->children, &at);
	return n;
}
