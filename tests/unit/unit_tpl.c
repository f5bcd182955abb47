/* SPDX-License-Identifier: MIT */
/* Unit tests of the template loader: what each element and attribute becomes, and its messages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doc.h"
#include "mem.h"
#include "msg.h"
#include "tpl.h"
#include "tpl_int.h"
#include "tpl_schema.h"
#include "val.h"
#include "unit.h"

static char tmpdir[] = "/tmp/unit_tpl.XXXXXX";

/* Writes text to the file name in the test's folder; returns its path (static). */
static const char *
put(const char *name, const char *text)
{
	static char path[512];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	if (f == NULL) {
		perror(path);
		exit(2);
	}
	fputs(text, f);
	fclose(f);
	return path;
}

/* The messages of the last load, "t.xml:LINE: error: ..." one a line, folder cut. */
static struct sbuf said;

/*
 * Loads a template whose <catalog> holds catalog and whose <body> holds body, with
 * the styles body, heading, cell, cell-head and chart; returns NULL on failure.
 */
static struct tpl *
load(const char *catalog, const char *body)
{
	char *text = xasprintf(
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<template version=\"1\">\n"
	    "<fonts><family name=\"sans\" regular=\"LiberationSans-Regular.ttf\" "
	    "bold=\"LiberationSans-Bold.ttf\" italic=\"LiberationSans-Italic.ttf\"/></fonts>\n"
	    "<styles><style name=\"body\" size=\"10\"/><style name=\"heading\" size=\"12\"/>"
	    "<style name=\"cell\" size=\"9\"/><style name=\"cell-head\" size=\"9\" weight=\"bold\"/>"
	    "<style name=\"chart\" size=\"7\"/></styles>\n"
	    "<catalog><entry id=\"missing\">k. A.</entry>%s</catalog>\n"
	    "<body>\n%s\n</body>\n"
	    "</template>\n",
	    catalog, body);
	const char *path = put("t.xml", text);
	free(text);
	sbuf_free(&said);
	msg_capture(&said);
	struct tpl *t = tpl_load(path, ".");
	msg_capture(NULL);
	/* Messages name the file as given: keep its last part only. */
	if (said.s != NULL) {
		char *prefix = xasprintf("%s/", tmpdir);
		struct sbuf o = {0};
		for (const char *p = said.s; *p;) {
			const char *q = strstr(p, prefix);
			if (q == NULL) {
				sbuf_adds(&o, p);
				break;
			}
			sbuf_add(&o, p, (size_t)(q - p));
			p = q + strlen(prefix);
		}
		free(prefix);
		sbuf_free(&said);
		said = o;
	}
	return t;
}

static const char *
messages(void)
{
	return said.s ? said.s : "";
}

/* The first node of the body. */
static const struct tnode *
first(const struct tpl *t)
{
	return t ? t->body : NULL;
}

static void
test_table_defaults(void)
{
	struct tpl *t = load("", "<table><col/><col width=\"auto\"/><col width=\"30mm\" "
				 "align=\"decimal\"/><col width=\"2.5*\" align=\"right\"/>"
				 "<row><c>a</c><c>b</c><c>c</c><c>d</c></row></table>");
	CHECK_STR(messages(), "");
	const struct tnode *n = first(t);
	CHECK(n != NULL && n->kind == T_TABLE);
	if (n == NULL)
		return;
	CHECK(n->table.padding == 4 && n->table.rule == 0.5 && n->table.rule_color == 0xC8CED6);
	CHECK(!n->table.has_stripe && !n->table.has_head_fill);
	CHECK_STR(n->table.style->s.name, "cell");
	CHECK_STR(n->table.head_style->s.name, "cell-head");
	const struct tnode *c = n->child;
	CHECK(c->kind == T_COL && c->col.relative && c->col.width == 1 && c->col.align == ALIGN_LEFT);
	c = c->next;
	CHECK(c->col.fit && !c->col.relative && c->col.width == 0);
	c = c->next;
	CHECK(!c->col.relative && c->col.width > 85.03 && c->col.width < 85.04 &&
	      c->col.align == ALIGN_DECIMAL);
	c = c->next;
	CHECK(c->col.relative && c->col.width == 2.5 && c->col.align == ALIGN_RIGHT);
	tpl_free(t);
}

static void
test_table_attributes(void)
{
	struct tpl *t = load("", "<table style=\"body\" head-style=\"heading\" padding=\"2mm\" "
				 "rule=\"0\" rule-color=\"#abc\" stripe=\"#F3F5F8\" head-fill=\"#000\">"
				 "<col/><head><c>h</c></head><row><c style=\"chart\">x</c></row></table>");
	CHECK_STR(messages(), "");
	const struct tnode *n = first(t);
	if (n == NULL) {
		CHECK(0);
		return;
	}
	CHECK(n->table.padding > 5.669 && n->table.padding < 5.67 && n->table.rule == 0);
	CHECK(n->table.rule_color == 0xAABBCC && n->table.has_stripe && n->table.stripe == 0xF3F5F8);
	CHECK(n->table.has_head_fill && n->table.head_fill == 0);
	CHECK_STR(n->table.style->s.name, "body");
	CHECK_STR(n->table.head_style->s.name, "heading");
	const struct tnode *row = n->child->next->next;
	CHECK(row->kind == T_ROW && row->child->kind == T_CELL);
	CHECK_STR(row->child->style->s.name, "chart");
	tpl_free(t);
}

static void
test_blocks(void)
{
	struct tpl *t = load("", "<h level=\"3\" bookmark=\"Mark\">x</h><space/><space height=\"1cm\"/>"
				 "<rule/><rule thickness=\"2\" color=\"#102030\"/><page-break/>"
				 "<keep><p style=\"heading\">y</p></keep>");
	CHECK_STR(messages(), "");
	const struct tnode *n = first(t);
	if (n == NULL) {
		CHECK(0);
		return;
	}
	CHECK(n->kind == T_H && n->h.level == 3);
	CHECK_STR(n->h.bookmark, "Mark");
	CHECK_STR(n->h.style->s.name, "heading");
	n = n->next;
	CHECK(n->kind == T_SPACE && n->height == 6);
	n = n->next;
	CHECK(n->kind == T_SPACE && n->height > 28.34 && n->height < 28.35);
	n = n->next;
	CHECK(n->kind == T_RULE && n->rule.thickness == 0.5 && n->rule.color == 0x888888);
	n = n->next;
	CHECK(n->kind == T_RULE && n->rule.thickness == 2 && n->rule.color == 0x102030);
	n = n->next;
	CHECK(n->kind == T_PAGEBREAK);
	n = n->next;
	CHECK(n->kind == T_KEEP && n->child->kind == T_P);
	CHECK_STR(n->child->style->s.name, "heading");
	tpl_free(t);

	/* A tile's own fill; without one, the row's. */
	t = load("", "<tiles fill=\"#EEF3F8\"><tile fill=\"#DCEFD9\"><p>a</p></tile>"
	             "<tile><p>b</p></tile></tiles>");
	CHECK_STR(messages(), "");
	n = first(t);
	CHECK(n != NULL && n->kind == T_TILES && n->tiles.has_fill && n->tiles.fill == 0xEEF3F8);
	if (n != NULL && n->child != NULL && n->child->next != NULL) {
		CHECK(n->child->kind == T_TILE && n->child->tiles.has_fill &&
		      n->child->tiles.fill == 0xDCEFD9);
		CHECK(n->child->next->kind == T_TILE && !n->child->next->tiles.has_fill);
	} else {
		CHECK(0);
	}
	tpl_free(t);
}

static void
test_list(void)
{
	struct tpl *t = load("", "<list><item>a</item></list>"
				 "<list kind=\"number\" start=\"7\" indent=\"20\" bullet=\"-\" "
				 "label-style=\"heading\" style=\"cell\"><item>b</item></list>");
	CHECK_STR(messages(), "");
	const struct tnode *n = first(t);
	if (n == NULL) {
		CHECK(0);
		return;
	}
	CHECK(n->kind == T_LIST && !n->list.numbered && n->list.start == 1 && n->list.indent == 14);
	CHECK_STR(n->list.bullet, "\u2022");
	CHECK(n->list.label_style == NULL);
	CHECK_STR(n->list.style->s.name, "body");
	CHECK(n->child->kind == T_ITEM);
	n = n->next;
	CHECK(n->list.numbered && n->list.start == 7 && n->list.indent == 20);
	CHECK_STR(n->list.bullet, "-");
	CHECK_STR(n->list.label_style->s.name, "heading");
	CHECK_STR(n->list.style->s.name, "cell");
	tpl_free(t);
}

static void
test_image_chart(void)
{
	struct tpl *t = load("", "<image src=\"logo.png\" width=\"30mm\" align=\"right\"/>"
				 "<chart kind=\"pareto\" each=\"portfolio.ranking\" as=\"x\" "
				 "value=\"x.revenue\" highlight=\"x.is_self\" label=\"x.label\" "
				 "reference=\"portfolio.class_a_share\" width=\"50mm\" height=\"2cm\" "
				 "align=\"center\" value-label=\"V\" mark-label=\"M\" line-label=\"L\" "
				 "reference-label=\"R\"/>"
				 "<chart kind=\"line\" each=\"partner.quarters\" as=\"q\" value=\"q.revenue\" "
				 "mark=\"q.target\" reference=\"1\"/>");
	CHECK_STR(messages(), "");
	const struct tnode *n = first(t);
	if (n == NULL) {
		CHECK(0);
		return;
	}
	CHECK(n->kind == T_IMAGE && n->image.img != NULL && n->image.align == ALIGN_RIGHT && n->image.height == 0);
	CHECK(n->image.width > 85.03 && n->image.width < 85.04);
	n = n->next;
	CHECK(n->kind == T_CHART && n->chart.kind == CHART_PARETO && n->chart.align == ALIGN_CENTER);
	CHECK(n->chart.has_reference && n->chart.reference != NULL && n->chart.highlight != NULL && n->chart.mark == NULL);
	CHECK_STR(n->chart.loop.var, "x");
	CHECK_STR(n->chart.loop.each->text, "portfolio.ranking");
	CHECK_STR(n->chart.value->text, "x.revenue");
	CHECK_STR(n->chart.label->text, "x.label");
	CHECK_STR(n->chart.value_label, "V");
	CHECK_STR(n->chart.mark_label, "M");
	CHECK_STR(n->chart.line_label, "L");
	CHECK_STR(n->chart.reference_label, "R");
	CHECK(n->chart.height > 56.69 && n->chart.height < 56.7);
	CHECK_STR(n->chart.style->s.name, "chart");
	n = n->next;
	CHECK(n->chart.kind == CHART_LINE && n->chart.align == ALIGN_LEFT && n->chart.width == 0 && n->chart.height == 0);
	CHECK(n->chart.has_reference && n->chart.reference == NULL && n->chart.reference_num == 1);
	CHECK_STR(n->chart.mark->text, "q.target");
	tpl_free(t);
}

static void
test_inline(void)
{
	struct tpl *t = load(
	    "<entry id=\"e\" params=\"a b\">{a} <param name=\"b\" format=\"money\" digits=\"2\" "
	    "missing=\"-\" hyphenate=\"no\"/></entry>",
	    "<p><value of=\"partner.name\" hyphenate=\"yes\"/><value of=\"partner.current.revenue\" "
	    "format=\"percent\" digits=\"0\" missing=\"x\"/><b>b</b><i>i</i>"
	    "<msg id=\"e\" a=\"partner.name\" b=\"partner.current.revenue\"/>"
	    "<for each=\"partner.team\" as=\"m\" separator=\", \"><value of=\"m.name\"/></for>"
	    "<if test=\"partner.current.attainment &gt;= 1 and not partner.team\">y</if>"
	    "<else>n</else></p>");
	CHECK_STR(messages(), "");
	const struct tnode *p = first(t);
	if (p == NULL) {
		CHECK(0);
		return;
	}
	const struct tnode *n = p->child;
	CHECK(n->kind == T_VALUE && n->value.hyphenate == 1 && n->value.fmt == FMT_AUTO && n->value.digits == -1);
	CHECK(n->value.missing != NULL && n->value.missing_text == NULL);
	CHECK_STR(n->value.of->text, "partner.name");
	n = n->next;
	CHECK(n->value.fmt == FMT_PERCENT && n->value.digits == 0 && n->value.hyphenate == -1);
	CHECK_STR(n->value.missing_text, "x");
	n = n->next;
	CHECK(n->kind == T_B && n->child->kind == T_TEXT);
	n = n->next;
	CHECK(n->kind == T_I);
	n = n->next;
	CHECK(n->kind == T_MSG && n->msg.entry != NULL && n->msg.args != NULL);
	CHECK_STR(n->msg.args[1]->text, "partner.current.revenue");
	n = n->next;
	CHECK(n->kind == T_FOR);
	CHECK_STR(n->loop.var, "m");
	CHECK_STR(n->loop.sep, ", ");
	CHECK_STR(n->loop.each->text, "partner.team");
	n = n->next;
	CHECK(n->kind == T_IF && n->test != NULL && n->test->op == E_AND);
	n = n->next;
	CHECK(n->kind == T_ELSE);
	const struct tnode *e = t->catalog->next;
	CHECK_STR(e->entry.id, "e");
	CHECK(e->entry.nparams == 2);
	CHECK(e->child->kind == T_PARAM && e->child->value.param == 0);
	const struct tnode *pm = e->child->next->next;
	CHECK(pm->kind == T_PARAM && pm->value.param == 1 && pm->value.fmt == FMT_MONEY && pm->value.digits == 2);
	CHECK(pm->value.hyphenate == 0);
	CHECK_STR(pm->value.missing_text, "-");
	tpl_free(t);
}

/* The text of a paragraph block: its spans joined. */
static char *
para_text(const struct block *b)
{
	struct sbuf o = {0};
	for (size_t i = 0; b != NULL && i < b->para.nspans; i++)
		sbuf_adds(&o, b->para.spans[i].text ? b->para.spans[i].text : "");
	return sbuf_take(&o);
}

/*
 * The null test: "x == null" is true exactly when x has no value (a null figure,
 * a name below a null record), "x != null" the opposite, the orderings against
 * null are false, and null alone is false. 0 and the empty text are values.
 */
static void
test_null(void)
{
	struct tpl *t = load(
	    "",
	    "<p><if test=\"partner.change_year == null\">a</if>"
	    "<if test=\"partner.change_year != null\">b</if>"
	    "<if test=\"partner.change_previous == null\">c</if>"
	    "<if test=\"partner.change_previous != null\">d</if>"
	    "<if test=\"null == partner.contact.name\">e</if>"
	    "<if test=\"partner.region == null\">f</if>"
	    "<if test=\"partner.change_previous &gt;= null or null\">g</if>"
	    "<if test=\"not partner.change_previous and partner.change_previous != null\">h</if>"
	    "<if test=\"partner.rank == null\">i</if></p>");
	CHECK_STR(messages(), "");
	CHECK(t != NULL && t->body->kind == T_P && t->body->child->test->r->op == E_NULL);
	if (t == NULL)
		return;
	struct arena *a = arena_new();
	struct val *root = val_rec(a), *partner = val_set(root, "partner", val_rec(a));
	val_set(partner, "change_year", val_null(a));
	val_set(partner, "change_previous", val_num(a, 0, FMT_CHANGE));
	val_set(partner, "contact", val_null(a));
	val_set(partner, "region", val_str(a, ""));
	/* partner.rank is not set at all: as null as a null value. */
	struct doc *d = tpl_expand(t, root, a);
	char *text = para_text(d->body);
	CHECK_STR(text, "adehi");
	free(text);
	arena_free(a);
	tpl_free(t);

	/* A word that merely begins with null is a name. */
	t = load("", "<p><if test=\"nullity\">x</if></p>");
	CHECK(t == NULL && strstr(messages(), "unknown name \"nullity\"") != NULL);
	tpl_free(t);
}

/*
 * A fixed value is read as the schema compares it, white space collapsed: the
 * schema lets " right " pass, so it must mean right (a chart used to take it as
 * left without a word, a column refused it).
 */
static void
test_enum_spaces(void)
{
	struct tpl *t = load("", "<chart kind=\" sparkline\" each=\"partner.quarters\" as=\"q\" "
				 "value=\"q.revenue\" align=\" right \"/>"
				 "<image src=\"logo.png\" align=\"center \"/>"
				 "<table><col align=\" decimal\"/><row><c>x</c></row></table>"
				 "<h level=\" 2 \">x</h><list kind=\"number \"><item>x</item></list>"
				 "<p><value of=\"partner.name\" format=\" text\" hyphenate=\"\nno\"/></p>");
	CHECK_STR(messages(), "");
	const struct tnode *n = first(t);
	if (n == NULL) {
		CHECK(0);
		return;
	}
	CHECK(n->kind == T_CHART && n->chart.kind == CHART_SPARKLINE && n->chart.align == ALIGN_RIGHT);
	n = n->next;
	CHECK(n->kind == T_IMAGE && n->image.align == ALIGN_CENTER);
	n = n->next;
	CHECK(n->kind == T_TABLE && n->child->col.align == ALIGN_DECIMAL);
	n = n->next;
	CHECK(n->kind == T_H && n->h.level == 2);
	n = n->next;
	CHECK(n->kind == T_LIST && n->list.numbered);
	n = n->next->child;
	CHECK(n->kind == T_VALUE && n->value.fmt == FMT_TEXT && n->value.hyphenate == 0);
	tpl_free(t);
}

/* Page sizes and orientation, margins. */
static void
test_page(void)
{
	static const struct {
		const char *attrs;
		double w, h, top, left;
	} cases[] = {
	    {"", 595.276, 841.89, 56, 56},
	    {"size=\"Letter\"", 612, 792, 56, 56},
	    {"size=\"Letter\" orientation=\"landscape\"", 792, 612, 56, 56},
	    {"size=\"A4\" orientation=\"portrait\" margin-top=\"1cm\" margin-left=\"10\"", 595.276,
	     841.89, 72 / 2.54, 10},
	    {"width=\"100mm\" height=\"200\"", 72 / 0.254, 200, 56, 56},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = xasprintf(
		    "<template version=\"1\"><page %s/><fonts><family name=\"s\" "
		    "regular=\"LiberationSans-Regular.ttf\"/></fonts><styles><style name=\"body\"/>"
		    "</styles><body><p>x</p></body></template>",
		    cases[i].attrs);
		const char *path = put("page.xml", text);
		free(text);
		struct tpl *t = tpl_load(path, ".");
		CHECK(t != NULL);
		if (t == NULL)
			continue;
		double e = 1e-3;
		CHECK(t->page.width > cases[i].w - e && t->page.width < cases[i].w + e);
		CHECK(t->page.height > cases[i].h - e && t->page.height < cases[i].h + e);
		CHECK(t->page.top > cases[i].top - e && t->page.top < cases[i].top + e);
		CHECK(t->page.left > cases[i].left - e && t->page.left < cases[i].left + e);
		tpl_free(t);
	}
}

/* Catalogue entries and styles from included parts. */
static void
test_includes(void)
{
	put("entries.xml", "<part><entry id=\"greet\">Hallo</entry><entry id=\"bye\">Tsch\xc3\xbc"
			   "ss</entry></part>");
	put("styles.xml", "<part><style name=\"extra\" size=\"20\"/></part>");
	put("blocks.xml", "<part><p style=\"extra\"><msg id=\"greet\"/></p></part>");
	const char *path =
	    put("inc.xml", "<template version=\"1\"><fonts><family name=\"s\" "
			   "regular=\"LiberationSans-Regular.ttf\"/></fonts><styles><style "
			   "name=\"body\"/><include src=\"styles.xml\"/></styles><catalog><entry "
			   "id=\"missing\">-</entry><include src=\"entries.xml\"/></catalog>"
			   "<body><include src=\"blocks.xml\"/><p><msg id=\"bye\"/></p></body></template>");
	struct tpl *t = tpl_load(path, ".");
	CHECK(t != NULL);
	if (t == NULL)
		return;
	CHECK(t->nstyles == 2);
	const struct tnode *e = t->catalog;
	CHECK_STR(e->entry.id, "missing");
	CHECK_STR(e->next->entry.id, "greet");
	CHECK_STR(e->next->next->entry.id, "bye");
	const struct tnode *p = t->body;
	CHECK(p->kind == T_P && p->child->kind == T_MSG && p->child->msg.entry == e->next);
	CHECK_STR(p->style->s.name, "extra");
	CHECK(p->next->child->msg.entry == e->next->next);
	tpl_free(t);
}

/* Styles: base, defaults, the leading rule. */
static void
test_styles(void)
{
	const char *path = put(
	    "st.xml",
	    "<template version=\"1\"><fonts><family name=\"s\" regular=\"LiberationSans-Regular.ttf\" "
	    "bold=\"LiberationSans-Bold.ttf\" italic=\"LiberationSans-Italic.ttf\"/></fonts>"
	    "<styles><style name=\"body\" size=\"10\" leading=\"14\" color=\"#222\" space-after=\"6\"/>"
	    "<style name=\"small\" base=\"body\" size=\"5\" align=\"justify\" weight=\"bold\"/>"
	    "<style name=\"it\" slant=\"italic\" keep-with-next=\"yes\" hyphenate=\"no\" "
	    "indent=\"3\" space-before=\"2\"/></styles><body><p>x</p></body></template>");
	struct tpl *t = tpl_load(path, ".");
	CHECK(t != NULL);
	if (t == NULL)
		return;
	const struct tstyle *b = t->styles[0], *s = t->styles[1], *i = t->styles[2];
	CHECK(b->s.size == 10 && b->s.leading == 14 && b->s.color == 0x222222);
	CHECK(b->s.space_after == 6 && b->s.hyphenate && b->s.align == ALIGN_LEFT && b->s.font == 0);
	CHECK(s->s.size == 5 && s->s.leading == 7 && s->s.align == ALIGN_JUSTIFY && s->bold);
	CHECK(s->s.space_after == 6 && s->s.font == 1 && s->s.color == 0x222222);
	CHECK(i->italic && i->s.keep_with_next && !i->s.hyphenate && i->s.indent == 3);
	CHECK(i->s.space_before == 2 && i->s.font == 2 && i->s.size == 10 && i->s.leading == 13);
	tpl_free(t);
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	/* Images are looked up beside the template. */
	char *logo = xasprintf("cp templates/logo.png %s/", tmpdir);
	if (system(logo) != 0)
		return 2;
	free(logo);
	test_table_defaults();
	test_table_attributes();
	test_blocks();
	test_list();
	test_image_chart();
	test_inline();
	test_null();
	test_enum_spaces();
	test_page();
	test_includes();
	test_styles();
	sbuf_free(&said);
	tpl_schema_free();
	char *rm = xasprintf("rm -rf %s", tmpdir);
	if (system(rm) != 0)
		return 2;
	free(rm);
	return UNIT_DONE();
}
