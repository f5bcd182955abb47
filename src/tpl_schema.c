/* SPDX-License-Identifier: MIT */
/* Validating a template against templates/template.rng and saying what is wrong in our words. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "mem.h"
#include "msg.h"
#include "tpl_schema.h"

/*
 * How messages come about. libxml2 decides whether the template is valid. Its reports
 * are often vague ("Element page failed to validate attributes"), come several times
 * for one mistake (the element, then its parent's "extra content"), and stop at the
 * first misplaced child of an element. So when it says no, every element is looked at
 * again here with the tables below, which repeat what template.rng says: attributes
 * and their values, what the content may hold, what is required. What that finds is
 * printed. A libxml2 report that none of it explains is printed too, in plain words;
 * one that merely echoes a mistake ("got nothing", "failed to validate content") only
 * when nothing else was said. Keep the tables in step with template.rng. Three rules
 * of the loader that the schema leaves out (see there why) are said here as well, as
 * the loader does not run after a failed validation: a table needs a <col>, an <else>
 * in running text follows its <if> directly, and a <part> holds one kind of child.
 */

/* The contexts of template.rng: what an element's content may hold. */
enum cx {
	CX_NONE,     /* unknown element: content not known */
	CX_ROOT,     /* the document itself */
	CX_TEMPLATE, /* the sections, in order */
	CX_PART,     /* an included file: blocks, entries or styles */
	CX_FONTS,
	CX_STYLES,
	CX_CATALOG,
	CX_META,
	CX_BLOCK,  /* body, header, footer, keep */
	CX_TABLE,  /* directly in table */
	CX_ROW,    /* directly in head and row */
	CX_LIST,   /* directly in list */
	CX_INLINE, /* running text */
	CX_ENTRY,  /* running text of a catalogue entry: also <param> */
	CX_EMPTY,  /* no content */
	CX_SAME    /* if, else, for, b, i: the context they stand in */
};

#define IN(c) (1u << (c))
#define RUNNING (IN(CX_INLINE) | IN(CX_ENTRY))
#define BLOCKS (IN(CX_BLOCK) | IN(CX_PART))
#define CONTROL (BLOCKS | IN(CX_TABLE) | IN(CX_ROW) | IN(CX_LIST) | RUNNING)

enum vk {
	V_TEXT,   /* anything: names are the loader's business */
	V_ENUM,   /* one of values */
	V_LENGTH, /* 12, 10.5pt, 22mm, 2cm */
	V_COLOUR, /* #RGB, #RRGGBB */
	V_WIDTH,  /* a length, a share such as 2* or *, or auto */
	V_DIGIT,  /* 0 to 9 */
	V_COUNT,  /* a whole number */
	V_FONT,   /* a bare file name */
	V_PATH,   /* a relative path without ".." */
	V_PARAMS  /* names separated by spaces */
};

struct adef {
	const char *name;
	enum vk kind;
	bool required;
	const char *values; /* V_ENUM: space-separated */
	const char *expect; /* the words for a bad value, when not the kind's own */
	const char *need;   /* the whole message when missing, when not <e> needs a="..." */
};

struct edef {
	const char *name;
	enum cx content;
	unsigned where;           /* IN(...) of the contexts it may stand in */
	const struct adef *attrs; /* ends with a NULL name */
	bool more_attrs;          /* <msg>: every other attribute binds a parameter */
};

/* clang-format off */
#define A(n, k) {.name = (n), .kind = (k)}
#define REQ(n, k) {.name = (n), .kind = (k), .required = true}
#define ENUM(n, v) {.name = (n), .kind = V_ENUM, .values = (v)}
#define END {.name = NULL}
/* clang-format on */

#define FORMATS "int decimal money percent change signed date quarter text"
#define FORMAT_WORDS                                                                               \
	"unknown format; known: int, decimal, money, percent, change, signed, date, quarter, "     \
	"text"
#define VERSION_WORDS "<template version=\"1\"> expected (this program reads version 1)"

static const struct adef a_none[] = {END};
static const struct adef a_template[] = {
    {.name = "version", .kind = V_ENUM, .required = true, .values = "1", .need = VERSION_WORDS},
    END};
static const struct adef a_page[] = {
    {.name = "size", .kind = V_ENUM, .values = "A4 Letter", .expect = "expected A4 or Letter"},
    ENUM("orientation", "portrait landscape"),
    A("width", V_LENGTH),
    A("height", V_LENGTH),
    A("margin-top", V_LENGTH),
    A("margin-bottom", V_LENGTH),
    A("margin-left", V_LENGTH),
    A("margin-right", V_LENGTH),
    END};
static const struct adef a_family[] = {REQ("name", V_TEXT),      REQ("regular", V_FONT),
                                       A("bold", V_FONT),        A("italic", V_FONT),
                                       A("bold-italic", V_FONT), END};
static const struct adef a_fallback[] = {REQ("file", V_FONT), END};
static const struct adef a_style[] = {REQ("name", V_TEXT),
                                      A("base", V_TEXT),
                                      A("font", V_TEXT),
                                      ENUM("weight", "bold normal"),
                                      ENUM("slant", "italic normal"),
                                      A("size", V_LENGTH),
                                      A("leading", V_LENGTH),
                                      A("color", V_COLOUR),
                                      A("space-before", V_LENGTH),
                                      A("space-after", V_LENGTH),
                                      A("indent", V_LENGTH),
                                      ENUM("align", "left right center justify"),
                                      ENUM("keep-with-next", "yes no"),
                                      ENUM("hyphenate", "yes no"),
                                      END};
static const struct adef a_entry[] = {REQ("id", V_TEXT), A("params", V_PARAMS), END};
static const struct adef a_include[] = {REQ("src", V_PATH), END};
static const struct adef a_style_only[] = {A("style", V_TEXT), END};
static const struct adef a_h[] = {
    A("style", V_TEXT),
    {.name = "level", .kind = V_ENUM, .values = "1 2 3 4 5 6", .expect = "expected 1 to 6"},
    A("bookmark", V_TEXT),
    END};
static const struct adef a_table[] = {A("style", V_TEXT),        A("head-style", V_TEXT),
                                      A("padding", V_LENGTH),    A("rule", V_LENGTH),
                                      A("rule-color", V_COLOUR), A("stripe", V_COLOUR),
                                      A("head-fill", V_COLOUR),  END};
static const struct adef a_space[] = {A("height", V_LENGTH), END};
static const struct adef a_rule[] = {A("thickness", V_LENGTH), A("color", V_COLOUR), END};
static const struct adef a_image[] = {REQ("src", V_PATH), A("width", V_LENGTH),
                                      A("height", V_LENGTH), ENUM("align", "left center right"),
                                      END};
static const struct adef a_chart[] = {ENUM("kind", "bars line hbars pareto sparkline"), REQ("each", V_TEXT), REQ("as", V_TEXT),
                                      REQ("value", V_TEXT), A("label", V_TEXT), A("mark", V_TEXT),
                                      A("highlight", V_TEXT), A("reference", V_TEXT),
                                      A("style", V_TEXT), A("value-label", V_TEXT),
                                      A("mark-label", V_TEXT), A("reference-label", V_TEXT),
                                      A("line-label", V_TEXT), A("label-key", V_TEXT),
                                      A("label-entry", V_TEXT), A("min", V_TEXT), A("max", V_TEXT),
                                      A("width", V_LENGTH), A("height", V_LENGTH),
                                      ENUM("align", "left center right"), END};
static const struct adef a_list[] = {A("style", V_TEXT),
                                     ENUM("kind", "bullet number"),
                                     A("bullet", V_TEXT),
                                     A("label-style", V_TEXT),
                                     A("start", V_COUNT),
                                     A("indent", V_LENGTH),
                                     END};
static const struct adef a_row[] = {ENUM("omit-empty", "yes no"), END};
static const struct adef a_tiles[] = {A("fill", V_COLOUR), A("padding", V_LENGTH),
                                      A("gap", V_LENGTH), END};
static const struct adef a_col[] = {A("width", V_WIDTH), ENUM("align", "left right center decimal"),
                                    END};
static const struct adef a_value[] = {
    {.name = "of", .kind = V_TEXT, .required = true, .need = "<value> needs of=\"name\""},
    {.name = "format", .kind = V_ENUM, .values = FORMATS, .expect = FORMAT_WORDS},
    {.name = "digits", .kind = V_DIGIT, .expect = "expected 0 to 9"},
    A("missing", V_TEXT),
    ENUM("hyphenate", "yes no"),
    END};
static const struct adef a_msg[] = {REQ("id", V_TEXT), END};
static const struct adef a_param[] = {
    REQ("name", V_TEXT),
    {.name = "format", .kind = V_ENUM, .values = FORMATS, .expect = FORMAT_WORDS},
    {.name = "digits", .kind = V_DIGIT, .expect = "expected 0 to 9"},
    A("missing", V_TEXT),
    ENUM("hyphenate", "yes no"),
    END};
static const struct adef a_if[] = {REQ("test", V_TEXT), END};
#define FOR_NEED "<for> needs each=\"list\" and as=\"name\""
static const struct adef a_for[] = {
    {.name = "each", .kind = V_TEXT, .required = true, .need = FOR_NEED},
    {.name = "as", .kind = V_TEXT, .required = true, .need = FOR_NEED},
    A("separator", V_TEXT), /* in running text only: see check_attrs */
    END};

/* In the order the lists of "expected one of ..." show them. */
static const struct edef edefs[] = {
    {"template", CX_TEMPLATE, IN(CX_ROOT), a_template, false},
    {"part", CX_PART, IN(CX_ROOT), a_none, false},
    {"page", CX_EMPTY, IN(CX_TEMPLATE), a_page, false},
    {"fonts", CX_FONTS, IN(CX_TEMPLATE), a_none, false},
    {"family", CX_EMPTY, IN(CX_FONTS), a_family, false},
    {"fallback", CX_EMPTY, IN(CX_FONTS), a_fallback, false},
    {"styles", CX_STYLES, IN(CX_TEMPLATE), a_none, false},
    {"style", CX_EMPTY, IN(CX_STYLES) | IN(CX_PART), a_style, false},
    {"catalog", CX_CATALOG, IN(CX_TEMPLATE), a_none, false},
    {"entry", CX_ENTRY, IN(CX_CATALOG) | IN(CX_PART), a_entry, false},
    {"meta", CX_META, IN(CX_TEMPLATE), a_none, false},
    {"title", CX_INLINE, IN(CX_META), a_none, false},
    {"subject", CX_INLINE, IN(CX_META), a_none, false},
    {"author", CX_INLINE, IN(CX_META), a_none, false},
    {"keywords", CX_INLINE, IN(CX_META), a_none, false},
    {"header", CX_BLOCK, IN(CX_TEMPLATE), a_none, false},
    {"footer", CX_BLOCK, IN(CX_TEMPLATE), a_none, false},
    {"body", CX_BLOCK, IN(CX_TEMPLATE), a_none, false},
    {"p", CX_INLINE, BLOCKS, a_style_only, false},
    {"h", CX_INLINE, BLOCKS, a_h, false},
    {"table", CX_TABLE, BLOCKS, a_table, false},
    {"space", CX_EMPTY, BLOCKS, a_space, false},
    {"rule", CX_EMPTY, BLOCKS, a_rule, false},
    {"page-break", CX_EMPTY, BLOCKS, a_none, false},
    {"keep", CX_BLOCK, BLOCKS, a_none, false},
    {"tiles", CX_BLOCK, BLOCKS, a_tiles, false},
    {"tile", CX_BLOCK, BLOCKS, a_none, false},
    {"list", CX_LIST, BLOCKS, a_list, false},
    {"image", CX_EMPTY, BLOCKS, a_image, false},
    {"chart", CX_EMPTY, BLOCKS | RUNNING, a_chart, false},
    {"include", CX_EMPTY, BLOCKS | IN(CX_STYLES) | IN(CX_CATALOG), a_include, false},
    {"col", CX_EMPTY, IN(CX_TABLE), a_col, false},
    {"head", CX_ROW, IN(CX_TABLE), a_none, false},
    {"row", CX_ROW, IN(CX_TABLE), a_row, false},
    {"c", CX_INLINE, IN(CX_ROW), a_style_only, false},
    {"item", CX_INLINE, IN(CX_LIST), a_none, false},
    {"value", CX_EMPTY, RUNNING, a_value, false},
    {"b", CX_SAME, RUNNING, a_none, false},
    {"i", CX_SAME, RUNNING, a_none, false},
    {"msg", CX_EMPTY, RUNNING, a_msg, true},
    {"page-number", CX_EMPTY, RUNNING, a_none, false},
    {"page-count", CX_EMPTY, RUNNING, a_none, false},
    {"param", CX_EMPTY, IN(CX_ENTRY), a_param, false},
    {"if", CX_SAME, CONTROL, a_if, false},
    {"else", CX_SAME, CONTROL, a_none, false},
    {"for", CX_SAME, CONTROL, a_for, false},
};

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

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

static const struct edef *
edef_of(const xmlNode *n)
{
	if (!is_element(n) || n->ns != NULL)
		return NULL;
	for (size_t i = 0; i < NELEMS(edefs); i++)
		if (strcmp(edefs[i].name, (const char *)n->name) == 0)
			return &edefs[i];
	return NULL;
}

static bool
is_control(const xmlNode *n)
{
	return is_named(n, "if") || is_named(n, "else") || is_named(n, "for");
}

/* The context an element's content stands in. */
static enum cx
content_cx(const xmlNode *n)
{
	if (n == NULL || n->type == XML_DOCUMENT_NODE)
		return CX_ROOT;
	const struct edef *e = edef_of(n);
	if (e == NULL)
		return CX_NONE;
	if (e->content != CX_SAME)
		return e->content;
	enum cx up = content_cx(n->parent);
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
allowed_words(enum cx k)
{
	struct sbuf b = {0};
	size_t n = 0;
	const char *only = NULL;
	for (size_t i = 0; i < NELEMS(edefs); i++)
		if (edefs[i].where & IN(k)) {
			if (b.len > 0)
				sbuf_adds(&b, ", ");
			sbuf_adds(&b, edefs[i].name);
			only = edefs[i].name;
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

/* The value with white space collapsed, as RELAX NG compares a <value>. */
static char *
token(const char *s)
{
	struct sbuf b = {0};
	bool space = false;
	for (; *s; s++) {
		if (is_xml_space(*s)) {
			space = b.len > 0;
			continue;
		}
		if (space)
			sbuf_addc(&b, ' ');
		space = false;
		sbuf_addc(&b, *s);
	}
	return sbuf_take(&b);
}

static bool
word_in(const char *word, const char *list)
{
	size_t n = strlen(word);
	for (const char *p = list; *p != '\0';) {
		size_t len = strcspn(p, " ");
		if (len == n && strncmp(p, word, n) == 0)
			return true;
		p += len;
		p += *p == ' ';
	}
	return false;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The length of a number such as 12, 10.5, 12. or .5 at s; 0 if there is none. */
static size_t
number_len(const char *s)
{
	size_t i = 0;
	while (is_digit(s[i]))
		i++;
	if (s[i] != '.')
		return i;
	size_t j = i + 1;
	while (is_digit(s[j]))
		j++;
	return i > 0 || j > i + 1 ? j : 0;
}

static bool
is_length(const char *s)
{
	size_t n = number_len(s);
	if (n == 0)
		return false;
	s += n;
	while (*s == ' ')
		s++;
	return *s == '\0' || strcmp(s, "pt") == 0 || strcmp(s, "mm") == 0 || strcmp(s, "cm") == 0;
}

static bool
is_share(const char *s)
{
	size_t n = number_len(s);
	if (strcmp(s + n, "*") != 0)
		return false;
	/* "*" alone is 1*; a share of nothing (0*, 0.0*) is not one. */
	bool nonzero = n == 0;
	for (size_t i = 0; i < n; i++)
		nonzero |= s[i] >= '1' && s[i] <= '9';
	return nonzero;
}

static bool
is_colour(const char *s)
{
	size_t n = strlen(s);
	if (s[0] != '#' || (n != 4 && n != 7))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]))
			return false;
	return true;
}

static bool
is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_param_name(const char *s, size_t n)
{
	if (n == 0 || !is_letter(s[0]) || (n == 2 && strncmp(s, "id", 2) == 0))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(is_digit(s[i]) || s[i] == '_' || is_letter(s[i])))
			return false;
	return true;
}

/* The first name of a params list that is not one, or NULL; *len gets its length. */
static const char *
bad_param(const char *s, size_t *len)
{
	while (*s) {
		if (is_xml_space(*s)) {
			s++;
			continue;
		}
		size_t n = 0;
		while (s[n] && !is_xml_space(s[n]))
			n++;
		if (!is_param_name(s, n)) {
			*len = n;
			return s;
		}
		s += n;
	}
	return NULL;
}

/* Relative, no "\\", no ".." segment: the loader's rule for files a template names. */
static bool
is_path(const char *s)
{
	if (s[0] == '\0' || s[0] == '/' || strchr(s, '\\') != NULL)
		return false;
	for (const char *p = s; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return false;
		p += n + (p[n] == '/');
	}
	return true;
}

static bool
value_ok(const struct adef *d, const char *v)
{
	switch (d->kind) {
	case V_TEXT:
		return true;
	case V_ENUM: {
		char *t = token(v);
		bool ok = word_in(t, d->values) && *t != '\0';
		free(t);
		return ok;
	}
	case V_LENGTH:
		return is_length(v);
	case V_COLOUR:
		return is_colour(v);
	case V_WIDTH: {
		char *t = token(v);
		bool ok = is_length(v) || is_share(v) || strcmp(t, "auto") == 0;
		free(t);
		return ok;
	}
	case V_DIGIT:
		return is_digit(v[0]) && v[1] == '\0';
	case V_COUNT:
		if (*v == '\0')
			return false;
		for (; *v; v++)
			if (!is_digit(*v))
				return false;
		return true;
	case V_FONT:
		return v[0] != '\0' && v[0] != '.' && strchr(v, '/') == NULL;
	case V_PATH:
		return is_path(v);
	case V_PARAMS: {
		size_t n;
		return bad_param(v, &n) == NULL;
	}
	}
	return true;
}

/* "A4 or Letter", "left, right, center or justify". */
static char *
or_words(const char *values)
{
	struct sbuf b = {0};
	for (const char *p = values; *p;) {
		size_t len = strcspn(p, " ");
		if (b.len > 0)
			sbuf_adds(&b, p[len] == '\0' ? " or " : ", ");
		sbuf_add(&b, p, len);
		p += len;
		p += *p == ' ';
	}
	return sbuf_take(&b);
}

static void
bad_value(struct run *r, const xmlNode *n, const struct adef *d, const char *v)
{
	char q[MSG_QUOTE_SIZE];
	msg_quote(q, v);
	long line = line_of(n);
	/* A <value> or <param> is named as the loader names it: <value of="partner.name">. */
	const char *key = is_named(n, "value") ? "of" : is_named(n, "param") ? "name" : NULL;
	xmlChar *ident = key ? xmlGetNoNsProp(n, (const xmlChar *)key) : NULL;
	char iq[MSG_QUOTE_SIZE];
	char *what = ident != NULL
	                 ? xasprintf("%s %s=%s", n->name, key, msg_quote(iq, (const char *)ident))
	                 : xstrdup((const char *)n->name);
	xmlFree(ident);
	const char *e = what;
	size_t len;
	if (d->need != NULL && d->kind == V_ENUM) {
		found(r, n, line, "%s", d->need);
		goto out;
	}
	if (d->kind == V_PATH) {
		found(r, n, line, "%s %s: give a path inside the template's folder, without \"..\"",
		      (const char *)n->name, q);
		goto out;
	}
	if (d->kind == V_FONT) {
		found(r, n, line,
		      "font file %s: give a file name only; fonts are looked up beside the "
		      "template and in the bundled fonts folder",
		      q);
		goto out;
	}
	if (d->expect != NULL) {
		found(r, n, line, "<%s %s=%s>: %s", e, d->name, q, d->expect);
		goto out;
	}
	switch (d->kind) {
	case V_ENUM: {
		char *words = or_words(d->values);
		found(r, n, line, "<%s %s=%s>: expected %s", e, d->name, q, words);
		free(words);
		break;
	}
	case V_LENGTH:
		found(r, n, line, "<%s %s=%s>: expected a length such as 12, 12pt, 20mm or 2cm", e,
		      d->name, q);
		break;
	case V_COLOUR:
		found(r, n, line, "<%s %s=%s>: expected a colour such as #1F3A5F", e, d->name, q);
		break;
	case V_WIDTH:
		found(r, n, line, "<%s %s=%s>: expected 2*, 30mm or auto", e, d->name, q);
		break;
	case V_COUNT:
		found(r, n, line, "<%s %s=%s>: expected a whole number such as 1", e, d->name, q);
		break;
	case V_PARAMS:
		/* One message per bad name, in the loader's words. */
		for (const char *p = v, *b; (b = bad_param(p, &len)) != NULL; p = b + len)
			found(r, n, line, "<%s %s>: %s is not a new simple name (nor \"id\")", e,
			      d->name, msg_quote_n(q, b, len));
		break;
	default:
		found(r, n, line, "<%s %s=%s>: not a valid value", e, d->name, q);
		break;
	}
out:
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
attr_names(const struct edef *e, bool running)
{
	struct sbuf b = {0};
	for (const struct adef *d = e->attrs; d->name != NULL; d++) {
		if (!running && !strcmp(e->name, "for") && !strcmp(d->name, "separator"))
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
	const struct edef *e = edef_of(n);
	if (e == NULL)
		return;
	long line = line_of(n);
	bool running = (IN(content_cx(n->parent)) & RUNNING) != 0;
	for (xmlAttr *a = n->properties; a != NULL; a = a->next) {
		const struct adef *d = NULL;
		if (a->ns == NULL)
			for (d = e->attrs; d->name != NULL; d++)
				if (strcmp(d->name, (const char *)a->name) == 0)
					break;
		if (d != NULL && d->name != NULL) {
			if (!running && !strcmp(e->name, "for") && !strcmp(d->name, "separator")) {
				found(
				    r, n, line,
				    "<for separator>: only a loop in running text has separators");
				continue;
			}
			char *v = attr_value(a);
			if (!value_ok(d, v))
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
	for (const struct adef *d = e->attrs; d->name != NULL; d++) {
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
suggest(const char *name, enum cx k)
{
	size_t limit = strlen(name) >= 4 ? 2 : 1, best = limit + 1;
	const char *found_name = NULL;
	for (size_t i = 0; i < NELEMS(edefs); i++) {
		if (!(edefs[i].where & IN(k)))
			continue;
		size_t d = distance(name, edefs[i].name);
		if (d < best) {
			best = d;
			found_name = edefs[i].name;
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
misplaced(struct run *r, const xmlNode *parent, const xmlNode *c, enum cx k)
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
stray_text(struct run *r, const xmlNode *n, const xmlNode *t, enum cx k)
{
	char *s = token((const char *)t->content);
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

/* What an element holds: every child in its place, the order of sections, what is required. */
static void
check_content(struct run *r, xmlNode *n)
{
	enum cx k = content_cx(n);
	if (k == CX_NONE)
		return;
	bool running = (IN(k) & RUNNING) != 0;
	long line = line_of(n);
	int last = -1, part_kind = 0;
	unsigned meta_seen = 0;
	const xmlNode *part_first = NULL;
	bool fonts = false, body = false, family = false;
	const xmlNode *fallback = NULL;
	bool family_late = false;
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
		const struct edef *e = edef_of(c);
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
		if (k == CX_TEMPLATE) {
			int order = 0;
			while (strcmp(sections[order], e->name) != 0)
				order++;
			if (order <= last)
				found(r, c, line_of(c),
				      "<%s> is out of place: the order is page, fonts, styles, "
				      "catalog, meta, header, footer, body, each once",
				      e->name);
			else
				last = order;
			fonts |= order == 1;
			body |= order == 7;
		} else if (k == CX_META) {
			unsigned bit = is_named(c, "title")     ? 1u
			               : is_named(c, "subject") ? 2u
			               : is_named(c, "author")  ? 4u
			                                        : 8u;
			if (meta_seen & bit)
				found(r, c, line_of(c),
				      "<%s> stands twice in <meta>; title, subject, author and "
				      "keywords each stand at most once",
				      e->name);
			meta_seen |= bit;
		} else if (k == CX_FONTS) {
			/* The families, then at most one <fallback>. */
			if (!is_named(c, "fallback")) {
				if (fallback != NULL && !family_late)
					found(r, fallback, line_of(fallback),
					      "<fallback> before <family> (line %ld): <fonts> "
					      "holds the families, then at most one <fallback>",
					      line_of(c));
				family_late = fallback != NULL;
				family = true;
			} else if (fallback != NULL) {
				found(r, c, line_of(c),
				      "a second <fallback> (the first at line %ld): one at most",
				      line_of(fallback));
			} else {
				fallback = c;
			}
		} else if (k == CX_PART && !is_named(c, "include")) {
			int kind = is_named(c, "style") ? 1 : is_named(c, "entry") ? 2 : 3;
			if (part_kind == 0) {
				part_kind = kind;
				part_first = c;
			} else if (kind != part_kind) {
				found(
				    r, c, line_of(c),
				    "<%s> after <%s> (line %ld): a <part> holds blocks, catalogue "
				    "entries or styles, one kind only",
				    c->name, part_first->name, line_of(part_first));
			}
		}
	}
	if (k == CX_TEMPLATE && !fonts)
		found(r, n, line, "the template declares no font (<fonts><family .../></fonts>)");
	if (k == CX_TEMPLATE && !body)
		found(r, n, line, "the template has no <body>");
	if (k == CX_FONTS && !family)
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

int
tpl_schema_validate(const char *template_path, xmlDoc *doc, const char *schema_path)
{
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
