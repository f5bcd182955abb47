/* SPDX-License-Identifier: MIT */
/* The template language in one table: each element, where it stands, what it holds, its attributes. */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "msg.h"
#include "name_index.h"
#include "tpl_grammar.h"
#include "tpl_int.h"
#include "tpl_load_int.h"

/* ---- the attributes ---- */

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
#define FOR_NEED "<for> needs each=\"list\" and as=\"name\""

static const struct tpl_attr a_none[] = {END};
static const struct tpl_attr a_template[] = {
    {.name = "version", .kind = V_ENUM, .required = true, .values = "1", .need = VERSION_WORDS},
    /* The languages of lang.c: how figures, dates and quarters are written, hyphenation. */
    ENUM("language", "de en"),
    END};
static const struct tpl_attr a_page[] = {
    {.name = "size", .kind = V_ENUM, .values = "A4 Letter", .expect = "expected A4 or Letter"},
    ENUM("orientation", "portrait landscape"),
    A("width", V_LENGTH),
    A("height", V_LENGTH),
    A("margin-top", V_LENGTH),
    A("margin-bottom", V_LENGTH),
    A("margin-left", V_LENGTH),
    A("margin-right", V_LENGTH),
    END};
static const struct tpl_attr a_family[] = {REQ("name", V_NAME),      REQ("regular", V_FONT),
                                           A("bold", V_FONT),        A("italic", V_FONT),
                                           A("bold-italic", V_FONT), END};
static const struct tpl_attr a_fallback[] = {REQ("file", V_FONT), END};
static const struct tpl_attr a_style[] = {REQ("name", V_NAME),
                                          A("base", V_NAME),
                                          A("font", V_NAME),
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
static const struct tpl_attr a_entry[] = {REQ("id", V_NAME), A("params", V_PARAMS), END};
static const struct tpl_attr a_include[] = {REQ("src", V_PATH), END};
static const struct tpl_attr a_style_only[] = {A("style", V_NAME), END};
static const struct tpl_attr a_h[] = {
    A("style", V_NAME),
    {.name = "level", .kind = V_ENUM, .values = "1 2 3 4 5 6", .expect = "expected 1 to 6"},
    A("bookmark", V_TEXT),
    END};
static const struct tpl_attr a_table[] = {A("style", V_NAME),        A("head-style", V_NAME),
                                          A("padding", V_LENGTH),    A("rule", V_LENGTH),
                                          A("rule-color", V_COLOUR), A("stripe", V_COLOUR),
                                          A("head-fill", V_COLOUR),  END};
static const struct tpl_attr a_space[] = {A("height", V_LENGTH), END};
static const struct tpl_attr a_rule[] = {A("thickness", V_LENGTH), A("color", V_COLOUR), END};
static const struct tpl_attr a_image[] = {REQ("src", V_PATH), A("width", V_LENGTH),
                                          A("height", V_LENGTH), ENUM("align", "left center right"),
                                          END};
/* The kinds in the order of enum chart_kind. */
static const struct tpl_attr a_chart[] = {{.name = "kind",
                                           .kind = V_ENUM,
                                           .required = true,
                                           .values = "bars line hbars pareto sparkline"},
                                          REQ("each", V_NAME),
                                          REQ("as", V_NAME),
                                          REQ("value", V_NAME),
                                          A("label", V_NAME),
                                          A("mark", V_NAME),
                                          A("highlight", V_NAME),
                                          A("reference", V_NAME),
                                          A("style", V_NAME),
                                          A("value-label", V_TEXT),
                                          A("mark-label", V_TEXT),
                                          A("reference-label", V_TEXT),
                                          A("line-label", V_TEXT),
                                          A("label-key", V_NAME),
                                          A("label-entry", V_NAME),
                                          A("min", V_NAME),
                                          A("max", V_NAME),
                                          A("width", V_LENGTH),
                                          A("height", V_LENGTH),
                                          ENUM("align", "left center right"),
                                          ENUM("float", "yes no"),
                                          END};
static const struct tpl_attr a_list[] = {A("style", V_NAME),
                                         ENUM("kind", "bullet number"),
                                         A("bullet", V_TEXT),
                                         A("label-style", V_NAME),
                                         A("start", V_COUNT),
                                         A("indent", V_LENGTH),
                                         END};
static const struct tpl_attr a_row[] = {ENUM("omit-empty", "yes no"), END};
static const struct tpl_attr a_tile[] = {A("fill", V_COLOUR), END};
static const struct tpl_attr a_tiles[] = {A("fill", V_COLOUR), A("padding", V_LENGTH),
                                          A("gap", V_LENGTH), END};
static const struct tpl_attr a_col[] = {A("width", V_WIDTH),
                                        ENUM("align", "left right center decimal"), END};
/* The formats in the order of enum val_fmt, from FMT_INT on. */
static const struct tpl_attr a_value[] = {
    {.name = "of", .kind = V_NAME, .required = true, .need = "<value> needs of=\"name\""},
    {.name = "format", .kind = V_ENUM, .values = FORMATS, .expect = FORMAT_WORDS},
    {.name = "digits", .kind = V_DIGIT, .expect = "expected 0 to 9"},
    A("missing", V_TEXT),
    ENUM("hyphenate", "yes no"),
    END};
static const struct tpl_attr a_msg[] = {REQ("id", V_NAME), END};
static const struct tpl_attr a_param[] = {
    REQ("name", V_NAME),
    {.name = "format", .kind = V_ENUM, .values = FORMATS, .expect = FORMAT_WORDS},
    {.name = "digits", .kind = V_DIGIT, .expect = "expected 0 to 9"},
    A("missing", V_TEXT),
    ENUM("hyphenate", "yes no"),
    END};
static const struct tpl_attr a_if[] = {REQ("test", V_EXPR), END};
static const struct tpl_attr a_for[] = {
    {.name = "each", .kind = V_NAME, .required = true, .need = FOR_NEED},
    {.name = "as", .kind = V_NAME, .required = true, .need = FOR_NEED},
    {.name = "separator", .kind = V_TEXT, .running_only = true},
    END};

/* ---- the elements ---- */

#define ANY TPL_CONTROL
#define RUNNING TPL_RUNNING
#define BLOCKS TPL_BLOCKS
#define IN TPL_IN

/* clang-format off */
const struct tpl_elem tpl_elems[] = {
    /* name        content      where                                    attributes  more  node      handler */
    {"template",    CX_TEMPLATE, IN(CX_ROOT),                              a_template, false, -1,        NULL},
    {"part",        CX_PART,     IN(CX_ROOT),                              a_none,     false, -1,        NULL},
    {"page",        CX_EMPTY,    IN(CX_TEMPLATE),                          a_page,     false, -1,        tpl_el_page},
    {"fonts",       CX_FONTS,    IN(CX_TEMPLATE),                          a_none,     false, -1,        tpl_el_fonts},
    {"family",      CX_EMPTY,    IN(CX_FONTS),                             a_family,   false, -1,        tpl_el_family},
    {"fallback",    CX_EMPTY,    IN(CX_FONTS),                             a_fallback, false, -1,        tpl_el_fallback},
    {"styles",      CX_STYLES,   IN(CX_TEMPLATE),                          a_none,     false, -1,        tpl_el_styles},
    {"style",       CX_EMPTY,    IN(CX_STYLES) | IN(CX_PART),              a_style,    false, -1,        tpl_el_style},
    {"catalog",     CX_CATALOG,  IN(CX_TEMPLATE),                          a_none,     false, -1,        tpl_el_catalog},
    {"entry",       CX_ENTRY,    IN(CX_CATALOG) | IN(CX_PART),             a_entry,    false, T_ENTRY,   tpl_el_entry},
    {"meta",        CX_META,     IN(CX_TEMPLATE),                          a_none,     false, -1,        tpl_el_meta},
    {"title",       CX_INLINE,   IN(CX_META),                              a_none,     false, T_P,       tpl_el_meta_item},
    {"subject",     CX_INLINE,   IN(CX_META),                              a_none,     false, T_P,       tpl_el_meta_item},
    {"author",      CX_INLINE,   IN(CX_META),                              a_none,     false, T_P,       tpl_el_meta_item},
    {"keywords",    CX_INLINE,   IN(CX_META),                              a_none,     false, T_P,       tpl_el_meta_item},
    {"header",      CX_BLOCK,    IN(CX_TEMPLATE),                          a_none,     false, -1,        tpl_el_section},
    {"footer",      CX_BLOCK,    IN(CX_TEMPLATE),                          a_none,     false, -1,        tpl_el_section},
    {"body",        CX_BLOCK,    IN(CX_TEMPLATE),                          a_none,     false, -1,        tpl_el_section},
    {"p",           CX_INLINE,   BLOCKS,                                   a_style_only, false, T_P,     tpl_el_p},
    {"h",           CX_INLINE,   BLOCKS,                                   a_h,        false, T_H,       tpl_el_h},
    {"table",       CX_TABLE,    BLOCKS,                                   a_table,    false, T_TABLE,   tpl_el_table},
    {"space",       CX_EMPTY,    BLOCKS,                                   a_space,    false, T_SPACE,   tpl_el_space},
    {"rule",        CX_EMPTY,    BLOCKS,                                   a_rule,     false, T_RULE,    tpl_el_rule},
    {"page-break",  CX_EMPTY,    BLOCKS,                                   a_none,     false, T_PAGEBREAK, tpl_el_empty},
    {"keep",        CX_BLOCK,    BLOCKS,                                   a_none,     false, T_KEEP,    tpl_el_blocks},
    {"tiles",       CX_BLOCK,    BLOCKS,                                   a_tiles,    false, T_TILES,   tpl_el_tiles},
    {"tile",        CX_BLOCK,    BLOCKS,                                   a_tile,     false, T_TILE,    tpl_el_tile},
    {"list",        CX_LIST,     BLOCKS,                                   a_list,     false, T_LIST,    tpl_el_list},
    {"image",       CX_EMPTY,    BLOCKS,                                   a_image,    false, T_IMAGE,   tpl_el_image},
    {"chart",       CX_EMPTY,    BLOCKS | RUNNING,                         a_chart,    false, T_CHART,   tpl_el_chart},
    {"include",     CX_EMPTY,    BLOCKS | IN(CX_STYLES) | IN(CX_CATALOG),  a_include,  false, -1,        tpl_el_include},
    {"col",         CX_EMPTY,    IN(CX_TABLE),                             a_col,      false, T_COL,     tpl_el_col},
    {"head",        CX_ROW,      IN(CX_TABLE),                             a_none,     false, T_HEAD,    tpl_el_row},
    {"row",         CX_ROW,      IN(CX_TABLE),                             a_row,      false, T_ROW,     tpl_el_row},
    {"c",           CX_INLINE,   IN(CX_ROW),                               a_style_only, false, T_CELL,  tpl_el_cell},
    {"item",        CX_INLINE,   IN(CX_LIST),                              a_none,     false, T_ITEM,    tpl_el_item},
    {"value",       CX_EMPTY,    RUNNING,                                  a_value,    false, T_VALUE,   tpl_el_value},
    {"b",           CX_SAME,     RUNNING,                                  a_none,     false, T_B,       tpl_el_face},
    {"i",           CX_SAME,     RUNNING,                                  a_none,     false, T_I,       tpl_el_face},
    {"msg",         CX_EMPTY,    RUNNING,                                  a_msg,      true,  T_MSG,     tpl_el_msg},
    {"page-number", CX_EMPTY,    RUNNING,                                  a_none,     false, T_PAGENUM, tpl_el_page_field},
    {"page-count",  CX_EMPTY,    RUNNING,                                  a_none,     false, T_PAGECOUNT, tpl_el_page_field},
    {"param",       CX_EMPTY,    IN(CX_ENTRY),                             a_param,    false, T_PARAM,   tpl_el_param},
    {"if",          CX_SAME,     ANY,                                      a_if,       false, T_IF,      tpl_el_if},
    {"else",        CX_SAME,     ANY,                                      a_none,     false, T_ELSE,    tpl_el_else},
    {"for",         CX_SAME,     ANY,                                      a_for,      false, T_FOR,     tpl_el_for},
};
/* clang-format on */

const size_t tpl_nelems = sizeof(tpl_elems) / sizeof(tpl_elems[0]);

const struct tpl_elem *
tpl_elem_find(const char *name)
{
	static struct name_index ix = NAME_INDEX_INIT;
	long i = name_index_find(&ix, tpl_elems, tpl_nelems, sizeof(tpl_elems[0]),
	                         offsetof(struct tpl_elem, name), name);
	return i >= 0 ? &tpl_elems[i] : NULL;
}

const struct tpl_attr *
tpl_attr_find(const struct tpl_elem *e, const char *name)
{
	for (const struct tpl_attr *d = e->attrs; d->name != NULL; d++)
		if (strcmp(d->name, name) == 0)
			return d;
	return NULL;
}

/* ---- the values ---- */

static bool
is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

char *
tpl_token(const char *s)
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

/* The number of a form number_len accepted, when finite. */
static bool
number(const char *s, size_t n, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end != s + n || errno != 0 || !isfinite(v))
		return false;
	*out = v;
	return true;
}

bool
tpl_parse_length(const char *s, double *out)
{
	size_t n = number_len(s);
	double v;
	if (n == 0 || !number(s, n, &v))
		return false;
	const char *unit = s + n;
	while (*unit == ' ')
		unit++;
	if (*unit == '\0' || strcmp(unit, "pt") == 0)
		*out = v;
	else if (strcmp(unit, "mm") == 0)
		*out = v * 72.0 / 25.4;
	else if (strcmp(unit, "cm") == 0)
		*out = v * 72.0 / 2.54;
	else
		return false;
	return true;
}

bool
tpl_parse_colour(const char *s, uint32_t *out)
{
	size_t n = strlen(s);
	if (s[0] != '#' || (n != 7 && n != 4))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	unsigned long v = strtoul(s + 1, NULL, 16);
	if (n == 4)
		v = ((v & 0xF00) << 12 | (v & 0xF00) << 8 | (v & 0xF0) << 8 | (v & 0xF0) << 4 |
		     (v & 0xF) << 4 | (v & 0xF));
	*out = (uint32_t)v;
	return true;
}

int
tpl_parse_enum(const char *values, const char *s)
{
	char *t = tpl_token(s);
	size_t n = strlen(t);
	int i = 0, found = -1;
	for (const char *p = values; *p != '\0' && found < 0; i++) {
		size_t len = strcspn(p, " ");
		if (len == n && n > 0 && strncmp(p, t, n) == 0)
			found = i;
		p += len;
		p += *p == ' ';
	}
	free(t);
	return found;
}

bool
tpl_parse_width(const char *s, struct tcol *out)
{
	size_t n = number_len(s);
	if (strcmp(s + n, "*") == 0) {
		/* "*" alone is 1*; a share of nothing (0*, 0.0*) is not one. */
		double v = 1;
		if (n > 0 && (!number(s, n, &v) || !(v > 0)))
			return false;
		out->width = v;
		out->relative = true;
		out->fit = false;
		return true;
	}
	if (tpl_parse_enum("auto", s) == 0) {
		out->width = 0;
		out->relative = false;
		out->fit = true;
		return true;
	}
	double v;
	if (!tpl_parse_length(s, &v))
		return false;
	out->width = v;
	out->relative = false;
	out->fit = false;
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

const char *
tpl_bad_param(const char *s, size_t *len)
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

/* Relative, no "\\", no ".." segment: the rule for files a template names. */
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

bool
tpl_value_ok(const struct tpl_attr *d, const char *v)
{
	double x;
	uint32_t c;
	struct tcol col;
	size_t n;
	switch (d->kind) {
	case V_TEXT:
	case V_NAME:
	case V_EXPR:
		return true;
	case V_ENUM:
		return tpl_parse_enum(d->values, v) >= 0;
	case V_LENGTH:
		return tpl_parse_length(v, &x);
	case V_COLOUR:
		return tpl_parse_colour(v, &c);
	case V_WIDTH:
		return tpl_parse_width(v, &col);
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
	case V_PARAMS:
		return tpl_bad_param(v, &n) == NULL;
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

char *
tpl_bad_value(const char *what, const struct tpl_attr *d, const char *v)
{
	assert(d->kind != V_PARAMS);
	char q[MSG_QUOTE_SIZE];
	msg_quote(q, v);
	if (d->need != NULL && d->kind == V_ENUM)
		return xstrdup(d->need);
	if (d->kind == V_PATH)
		return xasprintf("%s %s: give a path inside the template's folder, without \"..\"",
		                 what, q);
	if (d->kind == V_FONT)
		return xasprintf("font file %s: give a file name only; fonts are looked up beside "
		                 "the template and in the bundled fonts folder",
		                 q);
	if (d->expect != NULL)
		return xasprintf("<%s %s=%s>: %s", what, d->name, q, d->expect);
	switch (d->kind) {
	case V_ENUM: {
		char *words = or_words(d->values);
		char *s = xasprintf("<%s %s=%s>: expected %s", what, d->name, q, words);
		free(words);
		return s;
	}
	case V_LENGTH:
		return xasprintf("<%s %s=%s>: expected a length such as 12, 12pt, 20mm or 2cm",
		                 what, d->name, q);
	case V_COLOUR:
		return xasprintf("<%s %s=%s>: expected a colour such as #1F3A5F", what, d->name, q);
	case V_WIDTH:
		return xasprintf("<%s %s=%s>: expected 2*, 30mm or auto", what, d->name, q);
	case V_COUNT:
		return xasprintf("<%s %s=%s>: expected a whole number such as 1", what, d->name, q);
	default:
		return xasprintf("<%s %s=%s>: not a valid value", what, d->name, q);
	}
}
