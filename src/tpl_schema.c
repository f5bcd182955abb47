/* SPDX-License-Identifier: MIT */
/* Validating a template against templates/template.rng and saying what is wrong in our words. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "hash.h"
#include "mem.h"
#include "msg.h"
#include "tpl_grammar.h"
#include "tpl_schema.h"
#include "tpl_valid.h"

/*
 * How messages come about. libxml2 decides whether the template is valid. Its reports
 * are often vague ("Element page failed to validate attributes"), come several times
 * for one mistake (the element, then its parent's "extra content"), and stop at the
 * first misplaced child of an element. So when it says no, every element is looked at
 * again here with the grammar table (tpl_grammar.c), which says what template.rng
 * says: attributes and their values, what the content may hold, what is required
 * (tests/unit/unit_grammar.c compares the two). What that finds is printed. A libxml2
 * report that none of it explains is printed too, in plain words; one that merely
 * echoes a mistake ("got nothing", "failed to validate content") only when nothing
 * else was said. Three rules
 * of the loader that the schema leaves out (see there why) are said here as well, as
 * the loader does not run after a failed validation: a table needs a <col>, an <else>
 * in running text follows its <if> directly, and a <part> holds one kind of child.
 */

#define IN TPL_IN
#define RUNNING TPL_RUNNING

static const char *const sections[] = {"page", "fonts",  "styles", "catalog",
                                       "meta", "header", "footer", "body"};

/* ---- one run: libxml2's reports and what was found about them ---- */

struct raw {
	int code;
	int domain;
	bool warning;
	xmlNode *node; /* the element concerned, or NULL */
	char *str1, *text;
	long line;
};

struct finding {
	long line;
	size_t seq; /* keeps the order of findings on one line */
	char *text;
	const xmlNode *node; /* what it is about, for deciding what a report was about */
	bool repeat;         /* the same words on the same line: not printed again */
};

struct run {
	struct raw *raws;
	size_t nraws, rawcap;
	struct finding *found;
	size_t nfound, foundcap;
};

static bool
is_element(const xmlNode *n)
{
	return n != NULL && n->type == XML_ELEMENT_NODE;
}

static bool
is_named(const xmlNode *n, const char *name)
{
	return is_element(n) && n->ns == NULL && strcmp((const char *)n->name, name) == 0;
}

static const struct tpl_elem *
edef_of(const xmlNode *n)
{
	if (!is_element(n) || n->ns != NULL)
		return NULL;
	return tpl_elem_find((const char *)n->name);
}

static bool
is_control(const xmlNode *n)
{
	return is_named(n, "if") || is_named(n, "else") || is_named(n, "for");
}

/* The context an element's content stands in. */
static enum tpl_cx
content_cx(const xmlNode *n)
{
	if (n == NULL || n->type == XML_DOCUMENT_NODE)
		return CX_ROOT;
	const struct tpl_elem *e = edef_of(n);
	if (e == NULL)
		return CX_NONE;
	if (e->content != CX_SAME)
		return e->content;
	enum tpl_cx up = content_cx(n->parent);
	if (is_named(n, "b") || is_named(n, "i"))
		return up == CX_ENTRY ? CX_ENTRY : CX_INLINE;
	/* Only blocks can be conditional in a part. */
	return up == CX_PART ? CX_BLOCK : up;
}

/* "<body>", or for if/else/for "<if> in <table>": where a child stands, for messages. */
static char *
where_words(const xmlNode *n)
{
	if (n == NULL || n->type == XML_DOCUMENT_NODE)
		return xstrdup("the document");
	const xmlNode *a = n;
	while (is_control(a) && is_element(a->parent))
		a = a->parent;
	if (a == n)
		return xasprintf("<%s>", n->name);
	return xasprintf("<%s> in <%s>", n->name, a->name);
}

/* "one of p, h, table, ...", "text or one of value, b, ...", "<family>": what k may hold. */
static char *
allowed_words(enum tpl_cx k)
{
	struct sbuf b = {0};
	size_t n = 0;
	const char *only = NULL;
	for (size_t i = 0; i < tpl_nelems; i++)
		if (tpl_elems[i].where & IN(k)) {
			if (b.len > 0)
				sbuf_adds(&b, ", ");
			sbuf_adds(&b, tpl_elems[i].name);
			only = tpl_elems[i].name;
			n++;
		}
	char *list = sbuf_take(&b);
	char *words = n == 1 ? xasprintf("<%s>", only)
	                     : xasprintf("%sone of %s", (IN(k) & RUNNING) ? "text or " : "", list);
	free(list);
	return words;
}

static long
line_of(const xmlNode *n)
{
	long line = n != NULL ? xmlGetLineNo(n) : 0;
	return line > 0 ? line : 0;
}

static void PR_PRINTF(4, 5)
    found(struct run *r, const xmlNode *about, long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = xvasprintf(fmt, ap);
	va_end(ap);
	/* A repeat is kept, unprinted: it still tells which element was looked at. */
	bool repeat = false;
	for (size_t i = 0; i < r->nfound && !repeat; i++)
		repeat = r->found[i].line == line && strcmp(r->found[i].text, text) == 0;
	xgrow(&r->found, &r->foundcap, r->nfound, sizeof(*r->found));
	r->found[r->nfound] = (struct finding){line, r->nfound, text, about, repeat};
	r->nfound++;
}

/* ---- values ---- */

static bool
is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void
bad_value(struct run *r, const xmlNode *n, const struct tpl_attr *d, const char *v)
{
	long line = line_of(n);
	/* A <value> or <param> is named as the loader names it: <value of="partner.name">. */
	const char *key = is_named(n, "value") ? "of" : is_named(n, "param") ? "name" : NULL;
	xmlChar *ident = key ? xmlGetNoNsProp(n, (const xmlChar *)key) : NULL;
	char iq[MSG_QUOTE_SIZE], q[MSG_QUOTE_SIZE];
	char *what = ident != NULL
	                 ? xasprintf("%s %s=%s", n->name, key, msg_quote(iq, (const char *)ident))
	                 : xstrdup((const char *)n->name);
	xmlFree(ident);
	if (d->kind == V_PARAMS) {
		/* One message per bad name, in the loader's words. */
		size_t len;
		for (const char *p = v, *b; (b = tpl_bad_param(p, &len)) != NULL; p = b + len)
			found(r, n, line, "<%s %s>: %s is not a new simple name (nor \"id\")", what,
			      d->name, msg_quote_n(q, b, len));
	} else {
		char *text = tpl_bad_value(what, d, v);
		found(r, n, line, "%s", text);
		free(text);
	}
	free(what);
}

/* ---- elements ---- */

static char *
attr_value(const xmlAttr *a)
{
	xmlChar *v = xmlNodeListGetString(a->doc, a->children, 1);
	char *s = xstrdup(v ? (const char *)v : "");
	xmlFree(v);
	return s;
}

static char *
attr_names(const struct tpl_elem *e, bool running)
{
	struct sbuf b = {0};
	for (const struct tpl_attr *d = e->attrs; d->name != NULL; d++) {
		if (!running && d->running_only)
			continue;
		if (b.len > 0)
			sbuf_addc(&b, ' ');
		sbuf_adds(&b, d->name);
	}
	return sbuf_take(&b);
}

/* Unknown attributes, bad values and missing attributes of one element. */
static void
check_attrs(struct run *r, xmlNode *n)
{
	const struct tpl_elem *e = edef_of(n);
	if (e == NULL)
		return;
	long line = line_of(n);
	bool running = (IN(content_cx(n->parent)) & RUNNING) != 0;
	for (xmlAttr *a = n->properties; a != NULL; a = a->next) {
		const struct tpl_attr *d = NULL;
		if (a->ns == NULL)
			for (d = e->attrs; d->name != NULL; d++)
				if (strcmp(d->name, (const char *)a->name) == 0)
					break;
		if (d != NULL && d->name != NULL) {
			if (!running && d->running_only) {
				found(r, n, line,
				      "<%s %s>: only a loop in running text has separators",
				      e->name, d->name);
				continue;
			}
			char *v = attr_value(a);
			if (!tpl_value_ok(d, v))
				bad_value(r, n, d, v);
			free(v);
			continue;
		}
		if (e->more_attrs)
			continue;
		char *takes = attr_names(e, running);
		if (a->ns != NULL && a->ns->prefix != NULL)
			found(r, n, line, "<%s> has no attribute \"%s:%s\"%s%s", e->name,
			      a->ns->prefix, a->name, *takes ? "; it takes: " : "", takes);
		else
			found(r, n, line, "<%s> has no attribute \"%s\"%s%s", e->name, a->name,
			      *takes ? "; it takes: " : "", takes);
		free(takes);
	}
	for (const struct tpl_attr *d = e->attrs; d->name != NULL; d++) {
		if (!d->required || xmlHasNsProp(n, (const xmlChar *)d->name, NULL) != NULL)
			continue;
		xmlChar *name = xmlGetNoNsProp(n, (const xmlChar *)"name");
		if (!strcmp(e->name, "family") && !strcmp(d->name, "regular") && name != NULL) {
			char q[MSG_QUOTE_SIZE];
			found(r, n, line, "<family name=%s> needs a regular face",
			      msg_quote(q, (const char *)name));
		} else if (d->need != NULL) {
			found(r, n, line, "%s", d->need);
		} else {
			found(r, n, line, "<%s> needs %s=\"...\"", e->name, d->name);
		}
		xmlFree(name);
	}
}

/* Optimal string alignment distance, for "did you mean"; large for long words. */
static size_t
distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > 31 || m > 31)
		return 99;
	size_t d[32][32];
	for (size_t i = 0; i <= n; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t v = d[i - 1][j - 1] + cost;
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[n][m];
}

/* The element of context k whose name is closest to name, if close enough. */
static const char *
suggest(const char *name, enum tpl_cx k)
{
	size_t limit = strlen(name) >= 4 ? 2 : 1, best = limit + 1;
	const char *found_name = NULL;
	for (size_t i = 0; i < tpl_nelems; i++) {
		if (!(tpl_elems[i].where & IN(k)))
			continue;
		size_t d = distance(name, tpl_elems[i].name);
		if (d < best) {
			best = d;
			found_name = tpl_elems[i].name;
		}
	}
	return found_name;
}

static char *
display_name(const xmlNode *n)
{
	if (n->ns != NULL && n->ns->prefix != NULL)
		return xasprintf("%s:%s", n->ns->prefix, n->name);
	return xstrdup((const char *)n->name);
}

/* A child element that may not stand in its parent (context k). */
static void
misplaced(struct run *r, const xmlNode *parent, const xmlNode *c, enum tpl_cx k)
{
	long line = line_of(c);
	if (k == CX_ROOT) {
		found(r, c, line,
		      "the root element must be <template> (<part> in an included file)");
		return;
	}
	if (is_named(c, "param") && k == CX_INLINE) {
		found(r, c, line, "<param> stands in catalogue entries only");
		return;
	}
	if (is_named(c, "include")) {
		found(r, c, line, "<include> stands where blocks, styles or catalogue entries do");
		return;
	}
	char *name = display_name(c);
	char *where = where_words(parent);
	char *allowed = allowed_words(k);
	if (edef_of(c) != NULL) {
		found(r, c, line, "<%s> cannot stand in %s; expected %s", name, where, allowed);
	} else {
		const char *near = c->ns == NULL ? suggest(name, k) : NULL;
		if (near != NULL)
			found(r, c, line, "unknown element <%s> in %s; did you mean <%s>?", name,
			      where, near);
		else
			found(r, c, line, "unknown element <%s> in %s; expected %s", name, where,
			      allowed);
	}
	free(allowed);
	free(where);
	free(name);
}

/* True when a table's content declares a column, directly or under if, else or for. */
static bool
has_col(const xmlNode *n)
{
	for (const xmlNode *c = n->children; c != NULL; c = c->next)
		if (is_named(c, "col") || (is_control(c) && has_col(c)))
			return true;
	return false;
}

static bool
blank(const xmlChar *s)
{
	for (; s != NULL && *s; s++)
		if (!is_xml_space((char)*s))
			return false;
	return true;
}

/*
 * An <else> needs an <if> just before it; in running text nothing at all may come
 * between, as there even a space is text. Returns 0 when it does, 1 when there is no
 * <if> before it, 2 when running text stands between them.
 */
static int
after_if(const xmlNode *c, bool running)
{
	bool text = false;
	for (const xmlNode *p = c->prev; p != NULL; p = p->prev) {
		if (p->type == XML_COMMENT_NODE || p->type == XML_PI_NODE)
			continue;
		if (p->type == XML_TEXT_NODE || p->type == XML_CDATA_SECTION_NODE) {
			if (!running && !blank(p->content))
				return 1;
			text |= running;
			continue;
		}
		return !is_named(p, "if") ? 1 : text ? 2 : 0;
	}
	return 1;
}

/*
 * The line where a text's first visible character stands. libxml2 gives a text node
 * the line where it had read the text (its end, for a short one), so count back; never
 * before the element in front of it, as a long text is read in parts.
 */
static long
text_line(const xmlNode *t)
{
	const char *s = (const char *)t->content;
	while (*s != '\0' && is_xml_space(*s))
		s++;
	long line = line_of(t);
	for (; *s != '\0'; s++)
		line -= *s == '\n';
	const xmlNode *before = t->prev != NULL ? t->prev : t->parent;
	long floor = is_element(before) ? line_of(before) : 1;
	return line < floor ? floor : line;
}

static void
stray_text(struct run *r, const xmlNode *n, const xmlNode *t, enum tpl_cx k)
{
	char *s = tpl_token((const char *)t->content);
	char q[MSG_QUOTE_SIZE];
	msg_quote(q, s);
	free(s);
	long line = text_line(t);
	static const char *const hints[] = {[CX_BLOCK] = "; wrap it in <p>",
	                                    [CX_TABLE] =
	                                        "; put it in a cell: <row><c>...</c></row>",
	                                    [CX_ROW] = "; wrap it in <c>",
	                                    [CX_LIST] = "; wrap it in <item>"};
	char *where = where_words(n);
	if (k == CX_BLOCK || k == CX_TABLE || k == CX_ROW || k == CX_LIST)
		found(r, n, line, "text cannot stand in %s: %s%s", where, q, hints[k]);
	else
		found(r, n, line, "text cannot stand directly in %s: %s", where, q);
	free(where);
}

/* What the children of one element seen so far say about their order and count. */
struct seq {
	int last;           /* <template>: the last section's place in sections[] */
	bool fonts, body;   /* <template>: the two required sections */
	unsigned meta_seen; /* <meta>: title 1, subject 2, author 4, keywords 8 */
	bool family, family_late;
	const xmlNode *fallback; /* <fonts>: the families, then at most one <fallback> */
	int part_kind;           /* <part>: 1 styles, 2 entries, 3 blocks */
	const xmlNode *part_first;
};

/* The order and count rules of the sections, <meta>, <fonts> and <part>, child by child. */
static void
check_sequence(struct run *r, enum tpl_cx k, const xmlNode *c, struct seq *q)
{
	if (k == CX_TEMPLATE) {
		int order = 0;
		while (strcmp(sections[order], (const char *)c->name) != 0)
			order++;
		if (order <= q->last)
			found(r, c, line_of(c),
			      "<%s> is out of place: the order is page, fonts, styles, "
			      "catalog, meta, header, footer, body, each once",
			      c->name);
		else
			q->last = order;
		q->fonts |= order == 1;
		q->body |= order == 7;
	} else if (k == CX_META) {
		unsigned bit = is_named(c, "title")     ? 1u
		               : is_named(c, "subject") ? 2u
		               : is_named(c, "author")  ? 4u
		                                        : 8u;
		if (q->meta_seen & bit)
			found(r, c, line_of(c),
			      "<%s> stands twice in <meta>; title, subject, author and "
			      "keywords each stand at most once",
			      c->name);
		q->meta_seen |= bit;
	} else if (k == CX_FONTS) {
		if (!is_named(c, "fallback")) {
			if (q->fallback != NULL && !q->family_late)
				found(r, q->fallback, line_of(q->fallback),
				      "<fallback> before <family> (line %ld): <fonts> "
				      "holds the families, then at most one <fallback>",
				      line_of(c));
			q->family_late = q->fallback != NULL;
			q->family = true;
		} else if (q->fallback != NULL) {
			found(r, c, line_of(c),
			      "a second <fallback> (the first at line %ld): one at most",
			      line_of(q->fallback));
		} else {
			q->fallback = c;
		}
	} else if (k == CX_PART && !is_named(c, "include")) {
		int kind = is_named(c, "style") ? 1 : is_named(c, "entry") ? 2 : 3;
		if (q->part_kind == 0) {
			q->part_kind = kind;
			q->part_first = c;
		} else if (kind != q->part_kind) {
			found(r, c, line_of(c),
			      "<%s> after <%s> (line %ld): a <part> holds blocks, catalogue "
			      "entries or styles, one kind only",
			      c->name, q->part_first->name, line_of(q->part_first));
		}
	}
}

/* What an element holds: every child in its place, the order of sections, what is required. */
static void
check_content(struct run *r, xmlNode *n)
{
	enum tpl_cx k = content_cx(n);
	if (k == CX_NONE)
		return;
	bool running = (IN(k) & RUNNING) != 0;
	long line = line_of(n);
	struct seq q = {.last = -1};
	for (xmlNode *c = n->children; c != NULL; c = c->next) {
		switch (c->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (running || blank(c->content))
				continue;
			if (k == CX_EMPTY)
				found(r, n, line, "<%s> takes no content", n->name);
			else if (k != CX_ROOT)
				stray_text(r, n, c, k);
			continue;
		case XML_ENTITY_REF_NODE:
			found(r, n, line,
			      "entity &%s; is not supported: write the character itself", c->name);
			continue;
		case XML_ELEMENT_NODE:
			break;
		default:
			continue;
		}
		if (k == CX_EMPTY) {
			found(r, n, line, "<%s> takes no content", n->name);
			continue;
		}
		const struct tpl_elem *e = edef_of(c);
		if (e == NULL || !(e->where & IN(k))) {
			misplaced(r, n, c, k);
			continue;
		}
		int placed = is_named(c, "else") ? after_if(c, running) : 0;
		if (placed != 0)
			found(r, c, line_of(c), "<else> must follow an <if>%s",
			      placed == 2 ? " directly: in running text nothing, not even a space, "
			                    "may stand between </if> and <else>"
			                  : "");
		check_sequence(r, k, c, &q);
	}
	if (k == CX_TEMPLATE && !q.fonts)
		found(r, n, line, "the template declares no font (<fonts><family .../></fonts>)");
	if (k == CX_TEMPLATE && !q.body)
		found(r, n, line, "the template has no <body>");
	if (k == CX_FONTS && !q.family)
		found(r, n, line,
		      "<fonts> needs at least one <family name=\"...\" regular=\"...\"/>");
	if (is_named(n, "table") && !has_col(n))
		found(r, n, line, "<table> needs at least one <col>");
}

/*
 * Every element, in document order: its attributes and its content. libxml2 stops
 * looking at the rest of an element's content after the first misplaced child, so
 * looking only where it reported would find the mistakes one run at a time.
 */
static void
look_at(struct run *r, xmlNode *n)
{
	for (; n != NULL; n = n->next) {
		if (!is_element(n) || edef_of(n) == NULL)
			continue;
		check_attrs(r, n);
		check_content(r, n);
		look_at(r, n->children);
	}
}

/* ---- libxml2's reports ---- */

static xmlNode *
element_of(xmlNode *n)
{
	if (n != NULL && n->type != XML_ELEMENT_NODE && n->type != XML_DOCUMENT_NODE)
		n = n->parent;
	return is_element(n) ? n : NULL;
}

static void
collect(void *ctx, xmlErrorPtr e)
{
	struct run *r = ctx;
	if (e == NULL)
		return;
	xgrow(&r->raws, &r->rawcap, r->nraws, sizeof(*r->raws));
	struct raw *w = &r->raws[r->nraws++];
	w->code = e->code;
	w->domain = e->domain;
	w->warning = e->level == XML_ERR_WARNING;
	w->node = element_of((xmlNode *)e->node);
	w->str1 = xstrdup(e->str1 ? e->str1 : "");
	/* libxml2 ends its messages with a line break and sometimes spaces. */
	w->text = xstrdup(e->message ? e->message : "invalid");
	size_t n = strlen(w->text);
	while (n > 0 && is_xml_space(w->text[n - 1]))
		w->text[--n] = '\0';
	w->line = w->node != NULL ? line_of(w->node) : e->line;
}

/* Reports that only echo a mistake found elsewhere (a child's, a sibling's). */
static bool
echo(int code)
{
	switch (code) {
	case XML_RELAXNG_ERR_NOELEM:
	case XML_RELAXNG_ERR_ELEMNAME:
	case XML_RELAXNG_ERR_EXTRACONTENT:
	case XML_RELAXNG_ERR_CONTENTVALID:
	case XML_RELAXNG_ERR_INTERSEQ:
	case XML_RELAXNG_ERR_INTEREXTRA:
	case XML_RELAXNG_ERR_INTERNODATA:
		return true;
	default:
		return false;
	}
}

static bool
inside(const xmlNode *n, const xmlNode *top)
{
	for (; n != NULL; n = n->parent)
		if (n == top)
			return true;
	return false;
}

/* Whether a finding is about the element a report names (itself, inside it, or its parent). */
static bool
explained(const struct run *r, const struct raw *w)
{
	for (size_t i = 0; i < r->nfound; i++) {
		const xmlNode *f = r->found[i].node;
		if (w->node == NULL) {
			if (is_element(f) && strcmp((const char *)f->name, w->str1) == 0)
				return true;
		} else if (inside(f, w->node) || f == w->node->parent) {
			return true;
		}
	}
	return false;
}

/* libxml2's words for what nothing here explained, made plain. */
static char *
plain(const struct raw *w)
{
	const char *el = w->node != NULL ? (const char *)w->node->name : w->str1;
	if (w->domain != XML_FROM_RELAXNGV)
		return xstrdup(w->text);
	switch (w->code) {
	case XML_RELAXNG_ERR_ELEMWRONG:
		return xasprintf("<%s> may not stand here", w->str1);
	case XML_RELAXNG_ERR_TEXTWRONG:
		return xasprintf("text may not stand in <%s>", w->str1);
	case XML_RELAXNG_ERR_NOTELEM:
		return xasprintf("text may not stand in <%s>", el);
	case XML_RELAXNG_ERR_ELEMNOTEMPTY:
		return xasprintf("<%s> takes no content", w->str1);
	case XML_RELAXNG_ERR_ATTRVALID:
		return xasprintf("<%s>: an attribute is missing or has a wrong value", w->str1);
	case XML_RELAXNG_ERR_INVALIDATTR: {
		xmlChar *v = w->node ? xmlGetNoNsProp(w->node, (const xmlChar *)w->str1) : NULL;
		char q[MSG_QUOTE_SIZE];
		char *s = v != NULL
		              ? xasprintf("<%s %s=%s>: this attribute or value is not allowed "
		                          "here",
		                          el, w->str1, msg_quote(q, (const char *)v))
		              : xasprintf("<%s> has no attribute \"%s\" here", el, w->str1);
		xmlFree(v);
		return s;
	}
	case XML_RELAXNG_ERR_NOELEM:
		if (*w->str1 == '\0')
			return xasprintf("<%s> lacks an element it needs", el);
		return xasprintf("<%s> needs a <%s> here", el, w->str1);
	case XML_RELAXNG_ERR_ELEMNAME:
	case XML_RELAXNG_ERR_EXTRACONTENT:
	case XML_RELAXNG_ERR_INTEREXTRA:
		return xasprintf("<%s> may not stand here", el);
	case XML_RELAXNG_ERR_CONTENTVALID:
	case XML_RELAXNG_ERR_INTERSEQ:
		return xasprintf("the content of <%s> does not fit the template language", el);
	default:
		return xstrdup(w->text);
	}
}

static int
by_line(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* ---- the schema, parsed once ---- */

static char *schema_path_kept;
static xmlRelaxNGPtr schema_kept;

void
tpl_schema_free(void)
{
	if (schema_kept != NULL)
		xmlRelaxNGFree(schema_kept);
	schema_kept = NULL;
	free(schema_path_kept);
	schema_path_kept = NULL;
}

static void
free_run(struct run *r)
{
	for (size_t i = 0; i < r->nraws; i++) {
		free(r->raws[i].str1);
		free(r->raws[i].text);
	}
	for (size_t i = 0; i < r->nfound; i++)
		free(r->found[i].text);
	free(r->raws);
	free(r->found);
}

/* Parses the schema; on failure prints one message naming it and returns NULL. */
static xmlRelaxNGPtr
load_schema(const char *path)
{
	if (access(path, R_OK) != 0) {
		msg_at(MSG_ERROR, path, 0, 0, "cannot read the template schema: %s",
		       strerror(errno));
		return NULL;
	}
	struct run r = {0};
	xmlStructuredErrorFunc old = xmlStructuredError;
	void *old_ctx = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(&r, collect);
	xmlRelaxNGPtr schema = NULL;
	xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	if (doc != NULL) {
		/* The parser context copies the document. */
		xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewDocParserCtxt(doc);
		if (pc != NULL) {
			xmlRelaxNGSetParserStructuredErrors(pc, collect, &r);
			schema = xmlRelaxNGParse(pc);
			xmlRelaxNGFreeParserCtxt(pc);
		}
		xmlFreeDoc(doc);
	}
	xmlSetStructuredErrorFunc(old_ctx, old);
	if (schema == NULL) {
		if (r.nraws > 0)
			msg_at(MSG_ERROR, path, r.raws[0].line, 0,
			       "the template schema is unusable: %s", r.raws[0].text);
		else
			msg_at(MSG_ERROR, path, 0, 0, "the template schema is unusable");
	} else if (r.nraws > 0) {
		/* libxml2 warned but built the schema: still say so, once. */
		msg_at(MSG_WARNING, path, r.raws[0].line, 0, "%s", r.raws[0].text);
	}
	free_run(&r);
	return schema;
}

/* The content hash (hash.h) of the regular file at path into *h; false when unreadable. */
static bool
file_hash(const char *path, uint64_t *h)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	bool ok = false;
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < (64 << 20)) {
		size_t size = (size_t)st.st_size, len = 0;
		char *buf = xmalloc(size + 1);
		ssize_t n = 1;
		while (len < size && (n = read(fd, buf + len, size - len)) > 0)
			len += (size_t)n;
		/* Grown or shrunk meanwhile: not the file that was parsed, perhaps. */
		ok = len == size && n > 0 && read(fd, buf, 1) == 0;
		if (size == 0)
			ok = true;
		*h = hash_content(buf, len);
		free(buf);
	}
	if (fd >= 0)
		close(fd);
	return ok;
}

/*
 * Whether the file at path is one the build found valid against this very schema
 * (tpl_valid.h): then checking it again would only say so again.
 */
static bool
known_valid(const char *path, const char *schema_path)
{
	uint64_t h;
	if (tpl_nvalid == 0 || !file_hash(schema_path, &h) || h != tpl_valid_schema ||
	    !file_hash(path, &h))
		return false;
	for (size_t i = 0; i < tpl_nvalid; i++)
		if (tpl_valid[i] == h)
			return true;
	return false;
}

int
tpl_schema_validate(const char *template_path, xmlDoc *doc, const char *schema_path)
{
	if (known_valid(template_path, schema_path))
		return 0;
	if (schema_kept == NULL || strcmp(schema_path_kept, schema_path) != 0) {
		tpl_schema_free();
		schema_kept = load_schema(schema_path);
		if (schema_kept == NULL)
			return 1;
		schema_path_kept = xstrdup(schema_path);
	}
	struct run r = {0};
	xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema_kept);
	if (vc == NULL) {
		msg_at(MSG_ERROR, schema_path, 0, 0, "cannot use the template schema");
		return 1;
	}
	/* Everything libxml2 says goes to collect: nothing is printed by libxml2 itself. */
	xmlStructuredErrorFunc old = xmlStructuredError;
	void *old_ctx = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(&r, collect);
	xmlRelaxNGSetValidStructuredErrors(vc, collect, &r);
	int ret = xmlRelaxNGValidateDoc(vc, doc);
	xmlRelaxNGFreeValidCtxt(vc);
	xmlSetStructuredErrorFunc(old_ctx, old);
	/* Warnings are passed on as they are and count for nothing. */
	size_t errors = 0;
	for (size_t i = 0; i < r.nraws; i++) {
		if (r.raws[i].warning)
			msg_at(MSG_WARNING, template_path, r.raws[i].line, 0, "%s", r.raws[i].text);
		else
			errors++;
	}
	if (ret == 0 && errors == 0) {
		free_run(&r);
		return 0;
	}

	xmlNode *root = xmlDocGetRootElement(doc);
	if (root != NULL && !(is_named(root, "template") || is_named(root, "part")))
		misplaced(&r, (xmlNode *)doc, root, CX_ROOT);
	else
		look_at(&r, root);
	/* Echoes are worth printing only when nothing else was said. */
	bool said = r.nfound > 0;
	for (size_t i = 0; i < r.nraws; i++)
		said |= !r.raws[i].warning &&
		        !(r.raws[i].domain == XML_FROM_RELAXNGV && echo(r.raws[i].code));
	for (size_t i = 0; i < r.nraws; i++) {
		const struct raw *w = &r.raws[i];
		bool echoes = w->domain == XML_FROM_RELAXNGV && echo(w->code);
		if (w->warning || (echoes ? said : explained(&r, w)))
			continue;
		char *text = plain(w);
		found(&r, w->node, w->line, "%s", text);
		free(text);
	}
	if (r.nfound == 0 && ret > 0)
		found(&r, NULL, 0, "the template does not follow the template language (%s)",
		      schema_path);
	if (ret < 0)
		found(&r, NULL, 0, "the template could not be checked against %s", schema_path);

	if (r.nfound > 1)
		qsort(r.found, r.nfound, sizeof(*r.found), by_line);
	int n = 0;
	for (size_t i = 0; i < r.nfound; i++)
		if (!r.found[i].repeat) {
			msg_at(MSG_ERROR, template_path, r.found[i].line, 0, "%s", r.found[i].text);
			n++;
		}
	free_run(&r);
	return n;
}
