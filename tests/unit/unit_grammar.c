/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the grammar table (src/tpl_grammar.c): that it says what
 * templates/template.rng says, element by element; that docs/templates.md shows
 * it; and its value parsers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "mem.h"
#include "tpl_grammar.h"
#include "unit.h"

/* ---- what template.rng says ---- */

#define MAXN 64

/* One attribute as the schema gives it. */
struct rattr {
	char name[32];
	char kind[256]; /* text, name, length, colour, font, path, digit, count, params, width,
			   enum:VALUES (sorted, space-separated), any */
	bool required;  /* required in every pattern of the element */
	int seen;       /* in how many patterns of the element */
};

/* One element name: the union of its patterns (if, else and for have several). */
struct relem {
	char name[32];
	int patterns;
	char children[MAXN][32];
	int nchildren;
	bool text;
	struct rattr attrs[MAXN];
	int nattrs;
};

static struct relem relems[MAXN];
static int nrelems;
static xmlDoc *rng;

static bool
is(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static char *
prop(const xmlNode *n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

static xmlNode *
define(const char *name)
{
	xmlNode *g = xmlDocGetRootElement(rng);
	for (xmlNode *d = g->children; d != NULL; d = d->next) {
		if (!is(d, "define"))
			continue;
		char *n = prop(d, "name");
		bool hit = strcmp(n, name) == 0;
		xmlFree(n);
		if (hit)
			return d;
	}
	fprintf(stderr, "template.rng: no define \"%s\"\n", name);
	exit(2);
}

static xmlNode *
first_child(const xmlNode *n)
{
	for (xmlNode *c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "enum:" and the words, sorted, space-separated. */
static void
enum_kind(char *out, size_t size, char **words, size_t n)
{
	qsort(words, n, sizeof(*words), cmp_str);
	snprintf(out, size, "enum:");
	for (size_t i = 0; i < n; i++) {
		strncat(out, words[i], size - strlen(out) - 1);
		if (i + 1 < n)
			strncat(out, " ", size - strlen(out) - 1);
	}
}

/* The kind of an attribute's value pattern. */
static void
value_kind(const xmlNode *v, char *out, size_t size)
{
	static const char *const named[][2] = {{"name", "name"},      {"length", "length"},
					       {"colour", "colour"},  {"font-file", "font"},
					       {"relative-path", "path"}};
	if (v == NULL || is(v, "text")) {
		snprintf(out, size, "text");
	} else if (is(v, "ref")) {
		char *n = prop(v, "name");
		for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
			if (strcmp(n, named[i][0]) == 0) {
				snprintf(out, size, "%s", named[i][1]);
				xmlFree(n);
				return;
			}
		value_kind(first_child(define(n)), out, size);
		xmlFree(n);
	} else if (is(v, "choice") || is(v, "value")) {
		char *words[MAXN];
		size_t n = 0;
		bool values = true;
		for (const xmlNode *c = is(v, "value") ? v : v->children; c != NULL;
		     c = is(v, "value") ? NULL : c->next) {
			if (c->type != XML_ELEMENT_NODE)
				continue;
			if (is(c, "value"))
				words[n++] = (char *)xmlNodeGetContent(c);
			else
				values = false;
		}
		if (values)
			enum_kind(out, size, words, n);
		else
			snprintf(out, size, "width"); /* a length, a share or auto */
		for (size_t i = 0; i < n; i++)
			xmlFree(words[i]);
	} else if (is(v, "data")) {
		const xmlNode *p = first_child(v);
		char *pat = p ? (char *)xmlNodeGetContent(p) : NULL;
		snprintf(out, size, "%s",
			 pat && strcmp(pat, "[0-9]") == 0    ? "digit"
			 : pat && strcmp(pat, "[0-9]+") == 0 ? "count"
							     : "data");
		xmlFree(pat);
	} else if (is(v, "list")) {
		snprintf(out, size, "params");
	} else {
		snprintf(out, size, "?%s", v->name);
	}
}

static struct relem *
relem(const char *name)
{
	for (int i = 0; i < nrelems; i++)
		if (strcmp(relems[i].name, name) == 0)
			return &relems[i];
	struct relem *e = &relems[nrelems++];
	memset(e, 0, sizeof(*e));
	snprintf(e->name, sizeof(e->name), "%s", name);
	return e;
}

static void
add_child(struct relem *e, const char *name)
{
	for (int i = 0; i < e->nchildren; i++)
		if (strcmp(e->children[i], name) == 0)
			return;
	snprintf(e->children[e->nchildren++], 32, "%s", name);
}

/* One pattern's attribute; the union keeps it required only if every pattern requires it. */
static void
add_attr(struct relem *e, const xmlNode *a, bool required, int pattern)
{
	char *name = prop(a, "name");
	char kind[256];
	if (name == NULL) {
		snprintf(kind, sizeof(kind), "any"); /* <anyName>: <msg>'s parameters */
		name = (char *)xmlStrdup((const xmlChar *)"*");
	} else {
		value_kind(first_child(a), kind, sizeof(kind));
	}
	struct rattr *r = NULL;
	for (int i = 0; i < e->nattrs; i++)
		if (strcmp(e->attrs[i].name, name) == 0)
			r = &e->attrs[i];
	if (r == NULL) {
		r = &e->attrs[e->nattrs++];
		snprintf(r->name, sizeof(r->name), "%s", name);
		snprintf(r->kind, sizeof(r->kind), "%s", kind);
		r->required = required && pattern == 1;
	} else {
		if (strcmp(r->kind, kind) != 0)
			snprintf(r->kind, sizeof(r->kind), "differs between its patterns");
		r->required &= required;
	}
	if (r->seen < pattern)
		r->seen++;
	xmlFree(name);
}

/* An element's content: its attributes and child elements, through refs and groups. */
static void
walk(struct relem *e, const xmlNode *n, bool required, int depth, int pattern)
{
	if (depth > 32)
		return;
	for (const xmlNode *c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is(c, "element")) {
			char *name = prop(c, "name");
			add_child(e, name);
			xmlFree(name);
		} else if (is(c, "attribute")) {
			add_attr(e, c, required, pattern);
		} else if (is(c, "optional") || is(c, "zeroOrMore") || is(c, "choice")) {
			walk(e, c, false, depth + 1, pattern);
		} else if (is(c, "mixed")) {
			e->text = true;
			walk(e, c, required, depth + 1, pattern);
		} else if (is(c, "text")) {
			e->text = true;
		} else if (is(c, "ref")) {
			char *name = prop(c, "name");
			walk(e, define(name), required, depth + 1, pattern);
			xmlFree(name);
		} else {
			walk(e, c, required, depth + 1, pattern); /* group, interleave, oneOrMore */
		}
	}
}

/* Every <element> pattern of the schema, merged by name. */
static void
collect(const xmlNode *n)
{
	for (const xmlNode *c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is(c, "element")) {
			char *name = prop(c, "name");
			struct relem *e = relem(name);
			xmlFree(name);
			e->patterns++;
			walk(e, c, true, 0, e->patterns);
		}
		collect(c);
	}
}

/* ---- what the table says ---- */

static const char *
table_kind(const struct tpl_attr *d, char *out, size_t size)
{
	static const char *const kinds[] = {[V_TEXT] = "text",     [V_NAME] = "name",
					    [V_EXPR] = "name",     [V_LENGTH] = "length",
					    [V_COLOUR] = "colour", [V_WIDTH] = "width",
					    [V_DIGIT] = "digit",   [V_COUNT] = "count",
					    [V_FONT] = "font",     [V_PATH] = "path",
					    [V_PARAMS] = "params"};
	if (d->kind != V_ENUM) {
		snprintf(out, size, "%s", kinds[d->kind]);
		return out;
	}
	char *copy = xstrdup(d->values), *words[MAXN];
	size_t n = 0;
	for (char *w = strtok(copy, " "); w != NULL; w = strtok(NULL, " "))
		words[n++] = w;
	enum_kind(out, size, words, n);
	free(copy);
	return out;
}

/* The contexts an element's content stands in: its own, or for if, else, for, b, i where they stand. */
static unsigned
content_of(const struct tpl_elem *e)
{
	if (e->content != CX_SAME)
		return TPL_IN(e->content);
	unsigned in = e->where;
	/* Only blocks can be conditional in a part (tpl_schema.c, content_cx). */
	if (in & TPL_IN(CX_PART))
		in = (in & ~TPL_IN(CX_PART)) | TPL_IN(CX_BLOCK);
	return in;
}

static bool
table_has_child(const struct tpl_elem *p, const char *child)
{
	const struct tpl_elem *c = tpl_elem_find(child);
	return c != NULL && (c->where & content_of(p)) != 0;
}

static void
test_table_is_schema(void)
{
	rng = xmlReadFile("templates/template.rng", NULL, XML_PARSE_NONET);
	CHECK(rng != NULL);
	if (rng == NULL)
		return;
	collect(xmlDocGetRootElement(rng));
	/* The start: what may be a file's root. */
	static struct relem start = {.name = "(start)"};
	for (xmlNode *s = xmlDocGetRootElement(rng)->children; s != NULL; s = s->next)
		if (is(s, "start"))
			walk(&start, s, true, 0, 1);
	for (size_t i = 0; i < tpl_nelems; i++) {
		const struct tpl_elem *e = &tpl_elems[i];
		bool root = (e->where & TPL_IN(CX_ROOT)) != 0;
		bool found = false;
		for (int k = 0; k < start.nchildren; k++)
			found |= strcmp(start.children[k], e->name) == 0;
		if (root != found)
			fprintf(stderr, "<%s>: a root in the table %d, in the schema %d\n", e->name, root,
				found);
		CHECK(root == found);
	}

	for (int i = 0; i < nrelems; i++) {
		const struct relem *r = &relems[i];
		const struct tpl_elem *e = tpl_elem_find(r->name);
		if (e == NULL) {
			fprintf(stderr, "<%s> is in template.rng, not in the table\n", r->name);
			CHECK(0);
			continue;
		}
		/* What it may hold. */
		bool text = (content_of(e) & TPL_RUNNING) != 0;
		if (text != r->text)
			fprintf(stderr, "<%s>: text %s in the table, %s in the schema\n", r->name,
				text ? "allowed" : "refused", r->text ? "allowed" : "refused");
		CHECK(text == r->text);
		for (int k = 0; k < r->nchildren; k++) {
			bool ok = table_has_child(e, r->children[k]);
			if (!ok)
				fprintf(stderr, "<%s> holds <%s> in the schema, not in the table\n",
					r->name, r->children[k]);
			CHECK(ok);
		}
		for (size_t k = 0; k < tpl_nelems; k++) {
			if (!table_has_child(e, tpl_elems[k].name))
				continue;
			bool ok = false;
			for (int j = 0; j < r->nchildren; j++)
				ok |= strcmp(r->children[j], tpl_elems[k].name) == 0;
			if (!ok)
				fprintf(stderr, "<%s> holds <%s> in the table, not in the schema\n", r->name,
					tpl_elems[k].name);
			CHECK(ok);
		}
		/* Its attributes: names, kinds and values, required or not. */
		int nattrs = 0;
		for (const struct tpl_attr *d = e->attrs; d->name != NULL; d++, nattrs++) {
			const struct rattr *a = NULL;
			for (int k = 0; k < r->nattrs; k++)
				if (strcmp(r->attrs[k].name, d->name) == 0)
					a = &r->attrs[k];
			if (a == NULL) {
				fprintf(stderr, "<%s %s> is in the table, not in the schema\n", r->name,
					d->name);
				CHECK(0);
				continue;
			}
			char kind[256];
			table_kind(d, kind, sizeof(kind));
			if (strcmp(kind, a->kind) != 0)
				fprintf(stderr, "<%s %s>: %s in the table, %s in the schema\n", r->name,
					d->name, kind, a->kind);
			CHECK(strcmp(kind, a->kind) == 0);
			bool required = a->required && a->seen == r->patterns;
			if (d->required != required)
				fprintf(stderr, "<%s %s>: required %d in the table, %d in the schema\n",
					r->name, d->name, d->required, required);
			CHECK(d->required == required);
			/* An attribute only loops in running text take is in their patterns only. */
			if (d->running_only)
				CHECK(a->seen < r->patterns);
		}
		bool any = false;
		for (int k = 0; k < r->nattrs; k++)
			any |= strcmp(r->attrs[k].name, "*") == 0;
		if (any != e->more_attrs)
			fprintf(stderr, "<%s>: more attributes %d in the table, %d in the schema\n",
				r->name, e->more_attrs, any);
		CHECK(any == e->more_attrs);
		if (nattrs + any != r->nattrs)
			fprintf(stderr, "<%s>: %d attributes in the table, %d in the schema\n", r->name,
				nattrs, r->nattrs);
		CHECK(nattrs + any == r->nattrs);
	}
	for (size_t i = 0; i < tpl_nelems; i++) {
		bool found = false;
		for (int k = 0; k < nrelems; k++)
			found |= strcmp(relems[k].name, tpl_elems[i].name) == 0;
		if (!found)
			fprintf(stderr, "<%s> is in the table, not in template.rng\n", tpl_elems[i].name);
		CHECK(found);
	}
	xmlFreeDoc(rng);
}

/* ---- docs/templates.md ---- */

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		perror(path);
		exit(2);
	}
	struct sbuf b = {0};
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sbuf_add(&b, buf, n);
	fclose(f);
	return sbuf_take(&b);
}

/* The contexts as the docs' table shows them, in its order. */
static const struct {
	enum tpl_cx cx;
	const char *words;
} doc_contexts[] = {
    {CX_TEMPLATE, "the sections, in this order"},
    {CX_FONTS, "fonts"},
    {CX_STYLES, "styles"},
    {CX_CATALOG, "the catalogue"},
    {CX_META, "document information"},
    {CX_BLOCK, "blocks"},
    {CX_TABLE, "a table"},
    {CX_ROW, "a row"},
    {CX_LIST, "a list"},
    {CX_INLINE, "running text"},
    {CX_ENTRY, "running text of a catalogue entry"},
    {CX_PART, "an included file"},
};

/* The generated table of section 2.13: for each context, where it is and what it holds. */
static char *
contexts_table(void)
{
	struct sbuf b = {0};
	sbuf_adds(&b, "| context | the content of | may contain |\n|---|---|---|\n");
	for (size_t i = 0; i < sizeof(doc_contexts) / sizeof(doc_contexts[0]); i++) {
		enum tpl_cx cx = doc_contexts[i].cx;
		sbuf_printf(&b, "| %s | ", doc_contexts[i].words);
		size_t n = 0;
		for (size_t k = 0; k < tpl_nelems; k++)
			if (tpl_elems[k].content == cx && cx != CX_PART)
				sbuf_printf(&b, "%s`<%s>`", n++ ? ", " : "", tpl_elems[k].name);
		if (n == 0)
			sbuf_adds(&b, "`<part>`, the root of a file another includes");
		sbuf_adds(&b, " | ");
		if (TPL_IN(cx) & TPL_RUNNING)
			sbuf_adds(&b, "text, ");
		n = 0;
		bool control = false;
		for (size_t k = 0; k < tpl_nelems; k++) {
			const struct tpl_elem *e = &tpl_elems[k];
			if (!(e->where & TPL_IN(cx)))
				continue;
			if (e->where == TPL_CONTROL) {
				control = true;
				continue;
			}
			sbuf_printf(&b, "%s`%s`", n++ ? " " : "", e->name);
		}
		if (control)
			sbuf_adds(&b, " + `if else for`");
		sbuf_adds(&b, " |\n");
	}
	return sbuf_take(&b);
}

#define BEGIN_MARK "<!-- generated from src/tpl_grammar.c by tests/unit/unit_grammar.c (REGEN=1) -->\n"
#define END_MARK "<!-- end of the generated part -->\n"

static void
test_docs(void)
{
	const char *path = "docs/templates.md";
	char *doc = slurp(path);
	char *table = contexts_table();
	char *b = strstr(doc, BEGIN_MARK), *e = b ? strstr(b, END_MARK) : NULL;
	CHECK(b != NULL && e != NULL);
	if (b != NULL && e != NULL) {
		b += strlen(BEGIN_MARK);
		bool same = (size_t)(e - b) == strlen(table) && strncmp(b, table, strlen(table)) == 0;
		const char *regen = getenv("REGEN");
		if (!same && regen != NULL && strcmp(regen, "1") == 0) {
			FILE *f = fopen(path, "wb");
			fwrite(doc, 1, (size_t)(b - doc), f);
			fputs(table, f);
			fputs(e, f);
			fclose(f);
			fprintf(stderr, "regenerated the table of contexts in %s\n", path);
		} else if (!same) {
			fprintf(stderr, "%s: the table of contexts is not the grammar's; run "
					"REGEN=1 unit_grammar from the source tree, and review. It "
					"should read:\n%s",
				path, table);
		}
		CHECK(same || (regen != NULL && strcmp(regen, "1") == 0));
	}
	/* Every element and every attribute is named somewhere in the docs. */
	for (size_t i = 0; i < tpl_nelems; i++) {
		char *want = xasprintf("<%s", tpl_elems[i].name);
		if (strstr(doc, want) == NULL)
			fprintf(stderr, "%s never names <%s>\n", path, tpl_elems[i].name);
		CHECK(strstr(doc, want) != NULL);
		free(want);
		for (const struct tpl_attr *d = tpl_elems[i].attrs; d->name != NULL; d++) {
			char *code = xasprintf("`%s`", d->name), *inxml = xasprintf(" %s=\"", d->name);
			bool named = strstr(doc, code) != NULL || strstr(doc, inxml) != NULL;
			if (!named)
				fprintf(stderr, "%s never names the attribute %s of <%s>\n", path,
					d->name, tpl_elems[i].name);
			CHECK(named);
			free(code);
			free(inxml);
		}
	}
	free(table);
	free(doc);
}

/* ---- the value parsers ---- */

static void
test_lengths(void)
{
	static const struct {
		const char *in;
		bool ok;
		double pt;
	} cases[] = {
	    {"12", true, 12},       {"10.5pt", true, 10.5}, {"12.", true, 12},
	    {".5", true, 0.5},      {"25.4mm", true, 72},   {"2.54cm", true, 72},
	    {"12 pt", true, 12},    {"12 ", true, 12},      {"0", true, 0},
	    {".", false, 0},        {"", false, 0},         {" 12", false, 0},
	    {"12pt ", false, 0},    {"-2", false, 0},       {"+5", false, 0},
	    {"1e3", false, 0},      {"0x10", false, 0},     {"12px", false, 0},
	    {"1.2.3", false, 0},    {"inf", false, 0},      {"12,5", false, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double v = -1;
		bool ok = tpl_parse_length(cases[i].in, &v);
		if (ok != cases[i].ok || (ok && (v < cases[i].pt - 1e-9 || v > cases[i].pt + 1e-9)))
			fprintf(stderr, "tpl_parse_length(\"%s\") = %d, %g\n", cases[i].in, ok, v);
		CHECK(ok == cases[i].ok);
		CHECK(!ok || (v > cases[i].pt - 1e-9 && v < cases[i].pt + 1e-9));
	}
	/* 400 digits: no sign, no exponent, but no finite number either. */
	char big[402];
	memset(big, '9', 400);
	big[400] = '\0';
	double v;
	CHECK(!tpl_parse_length(big, &v));
}

static void
test_colours(void)
{
	static const struct {
		const char *in;
		bool ok;
		uint32_t rgb;
	} cases[] = {
	    {"#1F3A5F", true, 0x1F3A5F}, {"#abc", true, 0xAABBCC}, {"#000", true, 0},
	    {"#12345", false, 0},        {"#GGG", false, 0},       {"123456", false, 0},
	    {"#1234567", false, 0},      {"", false, 0},           {"# 12345", false, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t c = 1;
		bool ok = tpl_parse_colour(cases[i].in, &c);
		CHECK(ok == cases[i].ok);
		CHECK(!ok || c == cases[i].rgb);
	}
}

static void
test_enums_widths(void)
{
	CHECK(tpl_parse_enum("left right center", "right") == 1);
	CHECK(tpl_parse_enum("left right center", " center\n") == 2);
	CHECK(tpl_parse_enum("left right center", "Right") == -1);
	CHECK(tpl_parse_enum("left right center", "") == -1);
	CHECK(tpl_parse_enum("left right center", "left right") == -1);
	static const struct {
		const char *in;
		bool ok, relative, fit;
		double w;
	} cases[] = {
	    {"2*", true, true, false, 2},      {"*", true, true, false, 1},
	    {"1.45*", true, true, false, 1.45}, {".5*", true, true, false, 0.5},
	    {"auto", true, false, true, 0},    {" auto ", true, false, true, 0},
	    {"30", true, false, false, 30},    {"0*", false, false, false, 0},
	    {"0.0*", false, false, false, 0},  {" 2*", false, false, false, 0},
	    {"1e3*", false, false, false, 0},  {"inf*", false, false, false, 0},
	    {"wide*", false, false, false, 0}, {"wide", false, false, false, 0},
	    {"-1*", false, false, false, 0},   {"2**", false, false, false, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tcol c = {0};
		bool ok = tpl_parse_width(cases[i].in, &c);
		if (ok != cases[i].ok)
			fprintf(stderr, "tpl_parse_width(\"%s\") = %d\n", cases[i].in, ok);
		CHECK(ok == cases[i].ok);
		CHECK(!ok || (c.relative == cases[i].relative && c.fit == cases[i].fit &&
			      c.width == cases[i].w));
	}
	size_t len;
	CHECK(tpl_bad_param("name pct  x_1", &len) == NULL);
	const char *p = "name 1st pct";
	CHECK(tpl_bad_param(p, &len) == p + 5 && len == 3);
	CHECK(tpl_bad_param("id", &len) != NULL);
	CHECK(tpl_bad_param("idx", &len) == NULL);
}

/* Every attribute name a row names once; enums have values; kinds with parsers parse. */
static void
test_table_rows(void)
{
	for (size_t i = 0; i < tpl_nelems; i++) {
		const struct tpl_elem *e = &tpl_elems[i];
		CHECK(tpl_elem_find(e->name) == e);
		CHECK((e->load != NULL) == !(e->where & TPL_IN(CX_ROOT)));
		for (const struct tpl_attr *d = e->attrs; d->name != NULL; d++) {
			CHECK(tpl_attr_find(e, d->name) == d);
			CHECK((d->kind == V_ENUM) == (d->values != NULL));
		}
	}
	char *m = tpl_bad_value("space", tpl_attr_find(tpl_elem_find("space"), "height"), "1e3");
	CHECK_STR(m, "<space height=\"1e3\">: expected a length such as 12, 12pt, 20mm or 2cm");
	free(m);
	m = tpl_bad_value("col", tpl_attr_find(tpl_elem_find("col"), "align"), "justify");
	CHECK_STR(m, "<col align=\"justify\">: expected left, right, center or decimal");
	free(m);
}

int
main(void)
{
	test_table_is_schema();
	test_docs();
	test_lengths();
	test_colours();
	test_enums_widths();
	test_table_rows();
	xmlCleanupParser();
	return UNIT_DONE();
}
