/* SPDX-License-Identifier: MIT */
/* Reading an XML template with libxml2 into the template tree, checking everything once. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "analyze.h"
#include "msg.h"
#include "tpl.h"
#include "tpl_int.h"
#include "tpl_schema.h"
#include "pdf_subset.h"
#include "utf8.h"

/* Where element content may stand. */
enum ctx {
	C_BLOCK = 1,  /* body, header, footer */
	C_INLINE = 2, /* p, h, c, catalogue entries, meta */
	C_TABLE = 4,  /* directly in table */
	C_ROW = 8,    /* directly in head or row */
	C_LIST = 16   /* directly in list */
};

struct elem {
	const char *name;
	enum tkind kind;
	int where;          /* contexts it may appear in */
	const char *attrs;  /* the attributes it takes, space-separated */
};

/* Control elements (if, else, for) take the context they stand in. */
static const struct elem elems[] = {
    {"p", T_P, C_BLOCK, "style"},
    {"h", T_H, C_BLOCK, "style level bookmark"},
    {"table", T_TABLE, C_BLOCK, "style head-style padding rule rule-color stripe head-fill"},
    {"space", T_SPACE, C_BLOCK, "height"},
    {"rule", T_RULE, C_BLOCK, "thickness color"},
    {"page-break", T_PAGEBREAK, C_BLOCK, ""},
    {"col", T_COL, C_TABLE, "width align"},
    {"head", T_HEAD, C_TABLE, ""},
    {"row", T_ROW, C_TABLE, "omit-empty"},
    {"c", T_CELL, C_ROW, "style"},
    {"list", T_LIST, C_BLOCK, "style label-style kind bullet start indent"},
    {"item", T_ITEM, C_LIST, ""},
    {"keep", T_KEEP, C_BLOCK, ""},
    {"tiles", T_TILES, C_BLOCK, "fill padding gap"},
    {"tile", T_TILE, C_BLOCK, ""},
    {"image", T_IMAGE, C_BLOCK, "src width height align"},
    {"chart", T_CHART, C_BLOCK | C_INLINE, /* in running text: a table cell's sparkline */
     "kind each as label value mark highlight reference style value-label mark-label "
     "reference-label line-label width height align label-key label-entry min max"},
    {"if", T_IF, C_BLOCK | C_INLINE | C_TABLE | C_ROW | C_LIST, "test"},
    {"else", T_ELSE, C_BLOCK | C_INLINE | C_TABLE | C_ROW | C_LIST, ""},
    {"for", T_FOR, C_BLOCK | C_INLINE | C_TABLE | C_ROW | C_LIST, "each as separator"},
    {"value", T_VALUE, C_INLINE, "of format digits missing hyphenate"},
    {"b", T_B, C_INLINE, ""},
    {"i", T_I, C_INLINE, ""},
    {"msg", T_MSG, C_INLINE, NULL}, /* id, and one attribute per parameter */
    {"param", T_PARAM, C_INLINE, "name format digits missing hyphenate"},
    {"page-number", T_PAGENUM, C_INLINE, ""},
    {"page-count", T_PAGECOUNT, C_INLINE, ""},
};

/* A loop variable in scope while checking: "q" stands for "partner.quarters[]". */
struct scope {
	const char *var;
	const char *prefix;
	const struct scope *up;
};

/* The face running text is set in at a point of the template, for the checks. */
struct fstate {
	const struct tstyle *st; /* the paragraph's or cell's style; NULL in the catalogue */
	bool bold, italic;       /* after the <b> and <i> around this point */
	bool margin;             /* inside <header> or <footer>: page fields allowed */
	const struct tstyle *head; /* the head style of the table around this point */
	const struct tnode *entry; /* the catalogue entry being read, for its parameters */
	bool in_cell;              /* directly in a table cell: a sparkline may stand here */
};

static const struct fstate no_face = {NULL, false, false, false, NULL, NULL, false};

struct loader {
	struct tpl *t;
	const char *path;
	const char *fontdir;
	char *dir;       /* the template's folder: includes and images stay inside it */
	char *realdir;   /* the same, resolved */
	const char *file; /* the file being read: the template or an included part */
	const char *including[8]; /* the chain of includes, against cycles */
	int depth;
	char *schema;    /* the RELAX NG schema of the language */
	const struct name_info *(*names)(const char *name); /* what the data offers */
	xmlDoc **docs; /* the included files */
	size_t ndocs;
	int errors;
};

static void PR_PRINTF(3, 4) err(struct loader *ld, long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = xvasprintf(fmt, ap);
	va_end(ap);
	msg_at(MSG_ERROR, ld->file, line, 0, "%s", text);
	free(text);
	ld->errors++;
}

static const char *
keep(struct loader *ld, const char *s)
{
	return arena_strdup(ld->t->arena, s);
}

/* An attribute's value (owned by the loader's arena), or NULL. */
static const char *
attr(struct loader *ld, xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	if (v == NULL)
		return NULL;
	const char *s = keep(ld, (const char *)v);
	xmlFree(v);
	return s;
}

static bool
word_in(const char *word, const char *list)
{
	size_t n = strlen(word);
	for (const char *p = list; *p != '\0';) {
		const char *e = strchr(p, ' ');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && strncmp(p, word, n) == 0)
			return true;
		p += len;
		while (*p == ' ')
			p++;
	}
	return false;
}

static void
check_attrs(struct loader *ld, xmlNode *n, const char *allowed)
{
	for (xmlAttr *a = n->properties; a != NULL; a = a->next)
		if (!word_in((const char *)a->name, allowed))
			err(ld, n->line, "<%s> has no attribute \"%s\"%s%s", n->name, a->name,
			    *allowed ? "; it takes: " : "", allowed);
}

/*
 * A length: a number with pt (default), mm or cm, in the form template.rng
 * describes: digits with at most one point (12, 10.5, .5), no sign, no exponent,
 * spaces before the unit let pass.
 */
static bool
parse_length(const char *s, double *out)
{
	const char *p = s;
	size_t digits = 0;
	for (; isdigit((unsigned char)*p); p++)
		digits++;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			digits++;
	if (digits == 0)
		return false;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end != p || errno != 0 || !isfinite(v))
		return false;
	while (*end == ' ')
		end++;
	if (*end == '\0' || strcmp(end, "pt") == 0)
		*out = v;
	else if (strcmp(end, "mm") == 0)
		*out = v * 72.0 / 25.4;
	else if (strcmp(end, "cm") == 0)
		*out = v * 72.0 / 2.54;
	else
		return false;
	return true;
}

static double
length_attr(struct loader *ld, xmlNode *n, const char *name, double dflt)
{
	const char *s = attr(ld, n, name);
	double v = dflt;
	if (s != NULL && !parse_length(s, &v))
		err(ld, n->line, "<%s %s=\"%s\">: expected a length such as 12, 12pt, 20mm or 2cm",
		    n->name, name, s);
	return v;
}

/* "#RRGGBB" or "#RGB". */
static bool
parse_color(const char *s, uint32_t *out)
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

static bool
color_attr(struct loader *ld, xmlNode *n, const char *name, uint32_t *out)
{
	const char *s = attr(ld, n, name);
	if (s == NULL)
		return false;
	if (!parse_color(s, out)) {
		err(ld, n->line, "<%s %s=\"%s\">: expected a colour such as #1F3A5F", n->name,
		    name, s);
		return false;
	}
	return true;
}

static const struct tstyle *
find_style(const struct tpl *t, const char *name)
{
	for (size_t i = 0; i < t->nstyles; i++)
		if (strcmp(t->styles[i]->s.name, name) == 0)
			return t->styles[i];
	return NULL;
}

static const struct tstyle *
style_attr(struct loader *ld, xmlNode *n, const char *name, const char *dflt)
{
	const char *s = attr(ld, n, name);
	if (s == NULL)
		s = dflt;
	if (s == NULL)
		return NULL;
	const struct tstyle *st = find_style(ld->t, s);
	if (st == NULL && s == dflt)
		err(ld, n->line, "<%s>: the default style \"%s\" is not defined (give %s=\"...\")",
		    n->name, s, name);
	else if (st == NULL)
		err(ld, n->line, "<%s %s=\"%s\">: no such style", n->name, name, s);
	return st;
}

int
tpl_face(const struct tpl *t, int family, bool bold, bool italic)
{
	if (family < 0 || (size_t)family >= t->nfamilies)
		return -1;
	return t->families[family].face[(bold ? 1 : 0) + (italic ? 2 : 0)];
}

/* ---- names and expressions ---- */

static struct path *
parse_path(struct loader *ld, long line, const char *s)
{
	struct path *p = arena_alloc(ld->t->arena, sizeof(*p));
	p->text = keep(ld, s);
	size_t n = 1;
	for (const char *c = s; *c; c++)
		n += *c == '.';
	p->seg = arena_alloc(ld->t->arena, n * sizeof(char *));
	const char *c = s;
	for (;;) {
		const char *e = strchr(c, '.');
		size_t len = e ? (size_t)(e - c) : strlen(c);
		bool ok = len > 0;
		for (size_t i = 0; i < len; i++)
			if (!(isalnum((unsigned char)c[i]) || c[i] == '_'))
				ok = false;
		if (!ok) {
			err(ld, line, "\"%s\" is not a name (letters, digits and _ joined by dots)", s);
			return NULL;
		}
		p->seg[p->n++] = arena_strndup(ld->t->arena, c, len);
		if (e == NULL)
			break;
		c = e + 1;
	}
	return p;
}

/* The full name of a path in a scope ("q.revenue" -> "partner.quarters[].revenue"). */
static char *
full_name(const struct path *p, const struct scope *sc)
{
	struct sbuf b = {0};
	size_t first = 0;
	for (; sc != NULL; sc = sc->up)
		if (strcmp(sc->var, p->seg[0]) == 0) {
			sbuf_adds(&b, sc->prefix);
			first = 1;
			break;
		}
	for (size_t i = first; i < p->n; i++) {
		if (b.len > 0)
			sbuf_addc(&b, '.');
		sbuf_adds(&b, p->seg[i]);
	}
	return sbuf_take(&b);
}

/* Checks a path against the names the analysis provides; returns its type or 0. */
static char
check_name(struct loader *ld, long line, const struct path *p, const struct scope *sc)
{
	if (p == NULL)
		return 0;
	char *full = full_name(p, sc);
	const struct name_info *ni = ld->names(full);
	free(full);
	if (ni == NULL) {
		err(ld, line, "unknown name \"%s\"", p->text);
		return 0;
	}
	return ni->type;
}

struct lexer {
	struct loader *ld;
	long line;
	const char *src, *s;
	const struct scope *sc;
	bool bad;
};

static void
skip_ws(struct lexer *lx)
{
	while (*lx->s == ' ' || *lx->s == '\t' || *lx->s == '\n')
		lx->s++;
}

static bool
accept(struct lexer *lx, const char *tok)
{
	skip_ws(lx);
	size_t n = strlen(tok);
	if (strncmp(lx->s, tok, n) != 0)
		return false;
	/* A word operator must not be the start of a longer name ("order"). */
	if (isalpha((unsigned char)tok[0]) &&
	    (isalnum((unsigned char)lx->s[n]) || lx->s[n] == '_' || lx->s[n] == '.'))
		return false;
	lx->s += n;
	return true;
}

static struct expr *parse_or(struct lexer *lx);

static struct expr *
new_expr(struct lexer *lx, enum eop op)
{
	struct expr *e = arena_alloc(lx->ld->t->arena, sizeof(*e));
	e->op = op;
	return e;
}

static void
expr_err(struct lexer *lx, const char *what)
{
	if (!lx->bad)
		err(lx->ld, lx->line, *lx->s ? "test=\"%s\": %s at \"%s\"" : "test=\"%s\": %s at the end%s",
		    lx->src, what, lx->s);
	lx->bad = true;
}

static struct expr *
parse_operand(struct lexer *lx)
{
	skip_ws(lx);
	if (accept(lx, "(")) {
		struct expr *e = parse_or(lx);
		if (!accept(lx, ")"))
			expr_err(lx, "expected \")\"");
		return e;
	}
	if (*lx->s == '\'') {
		const char *end = strchr(lx->s + 1, '\'');
		if (end == NULL) {
			expr_err(lx, "unterminated string");
			return new_expr(lx, E_STR);
		}
		struct expr *e = new_expr(lx, E_STR);
		e->str = arena_strndup(lx->ld->t->arena, lx->s + 1, (size_t)(end - lx->s - 1));
		lx->s = end + 1;
		return e;
	}
	if (isdigit((unsigned char)*lx->s) || *lx->s == '-') {
		char *end;
		struct expr *e = new_expr(lx, E_NUM);
		e->num = strtod(lx->s, &end);
		if (end == lx->s)
			expr_err(lx, "expected a number");
		lx->s = end;
		return e;
	}
	const char *start = lx->s;
	while (isalnum((unsigned char)*lx->s) || *lx->s == '_' || *lx->s == '.')
		lx->s++;
	if (lx->s == start) {
		expr_err(lx, "expected a name, a number or a 'string'");
		return new_expr(lx, E_NUM);
	}
	struct expr *e = new_expr(lx, E_PATH);
	char *name = xstrndup(start, (size_t)(lx->s - start));
	e->path = parse_path(lx->ld, lx->line, name);
	free(name);
	char type = check_name(lx->ld, lx->line, e->path, lx->sc);
	if (e->path == NULL || type == 0)
		lx->bad = true;
	return e;
}

static struct expr *
parse_cmp(struct lexer *lx)
{
	static const struct {
		const char *tok;
		enum eop op;
	} ops[] = {{"==", E_EQ}, {"!=", E_NE}, {"<=", E_LE}, {">=", E_GE}, {"<", E_LT}, {">", E_GT}};
	struct expr *l = parse_operand(lx);
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (accept(lx, ops[i].tok)) {
			struct expr *e = new_expr(lx, ops[i].op);
			e->l = l;
			e->r = parse_operand(lx);
			return e;
		}
	return l;
}

static struct expr *
parse_not(struct lexer *lx)
{
	if (accept(lx, "not")) {
		struct expr *e = new_expr(lx, E_NOT);
		e->l = parse_not(lx);
		return e;
	}
	return parse_cmp(lx);
}

static struct expr *
parse_and(struct lexer *lx)
{
	struct expr *l = parse_not(lx);
	while (accept(lx, "and")) {
		struct expr *e = new_expr(lx, E_AND);
		e->l = l;
		e->r = parse_not(lx);
		l = e;
	}
	return l;
}

static struct expr *
parse_or(struct lexer *lx)
{
	struct expr *l = parse_and(lx);
	while (accept(lx, "or")) {
		struct expr *e = new_expr(lx, E_OR);
		e->l = l;
		e->r = parse_and(lx);
		l = e;
	}
	return l;
}

static struct expr *
parse_test(struct loader *ld, long line, const char *src, const struct scope *sc)
{
	struct lexer lx = {ld, line, src, src, sc, false};
	struct expr *e = parse_or(&lx);
	skip_ws(&lx);
	if (*lx.s != '\0')
		expr_err(&lx, "unexpected text");
	return lx.bad ? NULL : e;
}

/* ---- content ---- */

static const struct elem *
find_elem(const char *name)
{
	for (size_t i = 0; i < sizeof(elems) / sizeof(elems[0]); i++)
		if (strcmp(elems[i].name, name) == 0)
			return &elems[i];
	return NULL;
}

static const char *const ctx_names[] = {[C_BLOCK] = "a block context (body, header, footer)",
					[C_INLINE] = "running text (p, h, c)",
					[C_TABLE] = "a table",
					[C_ROW] = "a table row",
					[C_LIST] = "a list (it holds <item>s)"};

/* Collapses runs of white space to one space; XML line breaks are not text. */
static const char *
collapse(struct loader *ld, const char *s)
{
	struct sbuf b = {0};
	bool ws = false;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			ws = true;
			continue;
		}
		if (ws)
			sbuf_addc(&b, ' ');
		ws = false;
		sbuf_addc(&b, *s);
	}
	if (ws)
		sbuf_addc(&b, ' ');
	char *out = sbuf_take(&b);
	const char *k = keep(ld, out);
	free(out);
	return k;
}

static bool
blank(const char *s)
{
	for (; *s; s++)
		if (!(*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
			return false;
	return true;
}

static struct tnode *content(struct loader *ld, xmlNode *first, int where,
			     const struct scope *sc, struct fstate fs);

static struct tnode *
new_node(struct loader *ld, enum tkind kind, long line)
{
	struct tnode *n = arena_alloc(ld->t->arena, sizeof(*n));
	n->kind = kind;
	n->line = line;
	n->digits = -1;
	n->file = ld->file;
	return n;
}

/*
 * A file named by a template (an include, an image): a relative path that stays in
 * the template's folder, symbolic links resolved. Returns the path beside the
 * template's own (arena), or NULL after a message.
 */
static const char *
inside(struct loader *ld, long line, const char *what, const char *src)
{
	bool up = false;
	for (const char *p = src; *p;) {
		size_t n = strcspn(p, "/");
		up |= n == 2 && p[0] == '.' && p[1] == '.';
		p += n + (p[n] == '/');
	}
	if (src[0] == '\0' || src[0] == '/' || up || strchr(src, '\\') != NULL) {
		err(ld, line, "%s \"%s\": give a path inside the template's folder, without \"..\"",
		    what, src);
		return NULL;
	}
	char *joined = xasprintf("%s/%s", ld->dir, src);
	char *real = realpath(joined, NULL);
	free(joined);
	if (real == NULL) {
		err(ld, line, "%s \"%s\": %s", what, src, strerror(errno));
		return NULL;
	}
	size_t n = strlen(ld->realdir);
	if (strncmp(real, ld->realdir, n) != 0 || (real[n] != '/' && real[n] != '\0')) {
		err(ld, line, "%s \"%s\" leads out of the template's folder", what, src);
		free(real);
		return NULL;
	}
	free(real);
	/* Checked where it leads; named as the user would, beside the template's path. */
	return strcmp(ld->dir, ".") == 0 && strchr(ld->path, '/') == NULL
		   ? keep(ld, src)
		   : arena_printf(ld->t->arena, "%s/%s", ld->dir, src);
}

/* libxml2's own messages come here, so that they look like every other one. */
static void
xml_error(void *ctx, xmlErrorPtr e)
{
	struct loader *ld = ctx;
	char *text = xstrdup(e->message ? e->message : "XML error");
	size_t n = strlen(text);
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' '))
		text[--n] = '\0';
	const char *file = e->file ? e->file : ld->file;
	if (e->level == XML_ERR_WARNING) {
		msg_at(MSG_WARNING, file, e->line, e->int2, "%s", text);
	} else {
		msg_at(MSG_ERROR, file, e->line, e->int2, "%s", text);
		ld->errors++;
	}
	free(text);
}

/* Parses an XML file of the template without ever reading anything else. */
static xmlDoc *
read_xml(struct loader *ld, const char *path)
{
	xmlSetStructuredErrorFunc(ld, xml_error);
	/* NONET and no NOENT/DTDLOAD: no external entity is ever read (see the notes). */
	xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOCDATA);
	xmlSetStructuredErrorFunc(NULL, NULL);
	return doc;
}

/*
 * Reads <include src="..."/>: the root <part> of the file, whose children then
 * stand where the include stood. Returns the part element (its document is kept
 * until the template is loaded) or NULL after a message. *file gets its path.
 */
static xmlNode *
include(struct loader *ld, xmlNode *x, const char **file)
{
	const char *src = attr(ld, x, "src");
	for (xmlAttr *a = x->properties; a != NULL; a = a->next)
		if (strcmp((const char *)a->name, "src") != 0)
			err(ld, x->line, "<include> has no attribute \"%s\"; it takes: src", a->name);
	if (src == NULL) {
		err(ld, x->line, "<include> needs src=\"file.xml\"");
		return NULL;
	}
	const char *path = inside(ld, x->line, "include", src);
	if (path == NULL)
		return NULL;
	for (int i = 0; i < ld->depth; i++)
		if (strcmp(ld->including[i], path) == 0) {
			err(ld, x->line, "include \"%s\" includes itself", src);
			return NULL;
		}
	if (ld->depth >= 8) {
		err(ld, x->line, "include \"%s\": includes nest deeper than 8", src);
		return NULL;
	}
	xmlDoc *doc = read_xml(ld, path);
	if (doc == NULL)
		return NULL;
	xmlNode *root = xmlDocGetRootElement(doc);
	if (root != NULL && strcmp((const char *)root->name, "part") == 0 &&
	    tpl_schema_validate(path, doc, ld->schema) > 0) {
		ld->errors++;
		xmlFreeDoc(doc);
		return NULL;
	}
	if (root == NULL || strcmp((const char *)root->name, "part") != 0) {
		const char *was = ld->file;
		ld->file = path;
		err(ld, root ? root->line : 0, "an included file's root element must be <part>");
		ld->file = was;
		xmlFreeDoc(doc);
		return NULL;
	}
	/* Kept until the template is read: nodes point into it until then. */
	ld->docs = xrealloc(ld->docs, (ld->ndocs + 1) * sizeof(*ld->docs));
	ld->docs[ld->ndocs++] = doc;
	*file = path;
	return root;
}

static const struct {
	const char *name;
	enum val_fmt fmt;
} formats[] = {
    {"int", FMT_INT},         {"decimal", FMT_DECIMAL}, {"money", FMT_MONEY},
    {"percent", FMT_PERCENT}, {"change", FMT_CHANGE},   {"signed", FMT_SIGNED},
    {"date", FMT_DATE},       {"quarter", FMT_QUARTER}, {"text", FMT_TEXT},
};

static const struct tnode *
find_entry(const struct tpl *t, const char *id)
{
	for (const struct tnode *e = t->catalog; e != NULL; e = e->next)
		if (strcmp(e->id, id) == 0)
			return e;
	return NULL;
}

/*
 * The format, digits, missing and hyphenate attributes of <value> and <param>;
 * type is the value's ('s', 'n', or 0 when not known here).
 */
static void
value_format(struct loader *ld, xmlNode *x, struct tnode *n, char type)
{
	/* The element as the messages name it: <value of="partner.name">. */
	const char *key = n->kind == T_VALUE ? "of" : "name";
	const char *ident = attr(ld, x, key);
	char *what = ident ? xasprintf("%s %s=\"%s\"", x->name, key, ident) : xasprintf("%s", x->name);
	const char *f = attr(ld, x, "format");
	if (f != NULL) {
		size_t i;
		for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
			if (strcmp(formats[i].name, f) == 0)
				break;
		if (i == sizeof(formats) / sizeof(formats[0]))
			err(ld, x->line,
			    "<%s format=\"%s\">: unknown format; known: int, decimal, money, "
			    "percent, change, signed, date, quarter, text",
			    what, f);
		else
			n->fmt = formats[i].fmt;
		if (type == 's' && n->fmt != FMT_TEXT && i < sizeof(formats) / sizeof(formats[0]))
			err(ld, x->line, "<%s format=\"%s\">: \"%s\" is text, not a number", what, f,
			    ident);
	}
	const char *d = attr(ld, x, "digits");
	if (d != NULL) {
		if (!isdigit((unsigned char)d[0]) || d[1] != '\0')
			err(ld, x->line, "<%s digits=\"%s\">: expected 0 to 9", what, d);
		else
			n->digits = d[0] - '0';
	}
	const char *hy = attr(ld, x, "hyphenate");
	n->hyphenate = -1;
	if (hy != NULL && strcmp(hy, "yes") != 0 && strcmp(hy, "no") != 0)
		err(ld, x->line, "<%s hyphenate=\"%s\">: expected yes or no", what, hy);
	else if (hy != NULL)
		n->hyphenate = strcmp(hy, "yes") == 0;
	n->missing_text = attr(ld, x, "missing");
	if (n->missing_text == NULL) {
		n->missing = find_entry(ld->t, "missing");
		if (n->missing == NULL)
			err(ld, x->line,
			    "<%s> has no missing=\"...\" and the catalogue has no entry \"missing\" "
			    "for values not known",
			    what);
	}
	free(what);
}

/* <msg id="x" name="partner.name" pct="...">: one value per parameter of entry x. */
static void
msg_args(struct loader *ld, xmlNode *x, struct tnode *n, const struct scope *sc)
{
	const struct tnode *e = n->msg;
	for (xmlAttr *a = x->properties; a != NULL; a = a->next) {
		const char *name = (const char *)a->name;
		if (strcmp(name, "id") == 0)
			continue;
		bool known = false;
		for (size_t i = 0; e != NULL && i < e->nparams; i++)
			known |= strcmp(e->params[i], name) == 0;
		if (e != NULL && !known)
			err(ld, x->line, "<msg id=\"%s\">: the entry has no param \"%s\"%s", e->id,
			    name, e->nparams ? "" : " (it declares none)");
	}
	if (e == NULL || e->nparams == 0)
		return;
	n->args = arena_alloc(ld->t->arena, e->nparams * sizeof(*n->args));
	for (size_t i = 0; i < e->nparams; i++) {
		const char *v = attr(ld, x, e->params[i]);
		if (v == NULL) {
			err(ld, x->line, "<msg id=\"%s\"> needs %s=\"name\" for its {%s}", e->id,
			    e->params[i], e->params[i]);
			continue;
		}
		n->args[i] = parse_path(ld, x->line, v);
		char type = check_name(ld, x->line, n->args[i], sc);
		if (type == 'l' || type == 'r' || type == 'b')
			err(ld, x->line, "<msg %s=\"%s\">: a %s cannot be shown as text", e->params[i], v,
			    type == 'l' ? "list" : type == 'r' ? "record" : "yes/no value");
	}
}

static void
value_node(struct loader *ld, xmlNode *x, struct tnode *n, const struct scope *sc)
{
	const char *of = attr(ld, x, "of");
	if (of == NULL) {
		err(ld, x->line, "<value> needs of=\"name\"");
		return;
	}
	n->path = parse_path(ld, x->line, of);
	char type = check_name(ld, x->line, n->path, sc);
	if (type == 'l' || type == 'r' || type == 'b')
		err(ld, x->line, "<value of=\"%s\">: a %s cannot be shown as text", of,
		    type == 'l' ? "list" : type == 'r' ? "record" : "yes/no value (use <if>)");
	value_format(ld, x, n, type);
}

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

static const char *
face_name(bool bold, bool italic)
{
	return bold && italic ? "bold italic" : bold ? "bold" : italic ? "italic" : "regular";
}

/* True when a table's content declares a column, directly or under if, else or for. */
static bool
has_col(const struct tnode *n)
{
	for (; n != NULL; n = n->next)
		if (n->kind == T_COL ||
		    ((n->kind == T_IF || n->kind == T_ELSE || n->kind == T_FOR) && has_col(n->child)))
			return true;
	return false;
}

/* Reports when the face that text at this point needs is not declared. */
static void
check_face(struct loader *ld, long line, const char *what, struct fstate fs)
{
	if (fs.st == NULL || fs.st->family < 0 || (size_t)fs.st->family >= ld->t->nfamilies)
		return; /* no style, or its family is unknown: reported with the style */
	if (tpl_face(ld->t, fs.st->family, fs.bold, fs.italic) < 0)
		err(ld, line, "<%s>: the font family \"%s\" has no %s face", what,
		    ld->t->families[fs.st->family].name, face_name(fs.bold, fs.italic));
}

/* The <b> and <i> of a catalogue entry, checked in the face of the place that uses it. */
static void
check_entry_faces(struct loader *ld, const struct tnode *n, struct fstate fs, long line,
		  int depth)
{
	for (; n != NULL && depth < 16; n = n->next) {
		struct fstate inner = fs;
		if (n->kind == T_B || n->kind == T_I) {
			inner.bold |= n->kind == T_B;
			inner.italic |= n->kind == T_I;
			check_face(ld, line, n->kind == T_B ? "b" : "i", inner);
		}
		if (n->kind == T_MSG && n->msg != NULL)
			check_entry_faces(ld, n->msg->child, inner, line, depth + 1);
		check_entry_faces(ld, n->child, inner, line, depth);
	}
}

static struct tnode *content(struct loader *ld, xmlNode *first, int where,
			     const struct scope *sc, struct fstate fs);

/*
 * Running text; in a catalogue entry with parameters, "{name}" places a parameter
 * and "{{" and "}}" stand for braces. Returns the first of the nodes made.
 */
static struct tnode *
text_nodes(struct loader *ld, const char *s, long line, struct fstate fs)
{
	int font = fs.st ? tpl_face(ld->t, fs.st->family, fs.bold, fs.italic) : -1;
	struct tnode *head = NULL, **tail = &head;
	struct sbuf b = {0};
	for (const char *p = s;; p++) {
		bool param = fs.entry != NULL && *p == '{' && p[1] != '{';
		if (*p == '\0' || param) {
			if (b.len > 0) {
				struct tnode *t = new_node(ld, T_TEXT, line);
				t->text = keep(ld, b.s);
				t->font = font;
				*tail = t;
				tail = &t->next;
				b.len = 0;
				b.s[0] = '\0';
			}
			if (*p == '\0')
				break;
			const char *end = strchr(p, '}');
			size_t len = end ? (size_t)(end - p - 1) : 0;
			size_t i = 0;
			for (; i < fs.entry->nparams; i++)
				if (strlen(fs.entry->params[i]) == len &&
				    strncmp(fs.entry->params[i], p + 1, len) == 0)
					break;
			if (end == NULL || i == fs.entry->nparams) {
				char q[MSG_QUOTE_SIZE];
				err(ld, line, "catalogue entry \"%s\": %s is not one of its params",
				    fs.entry->id, msg_quote_n(q, p, end ? (size_t)(end - p + 1) : strlen(p)));
				if (end == NULL)
					break;
			} else {
				struct tnode *t = new_node(ld, T_PARAM, line);
				t->param = (int)i;
				t->hyphenate = -1; /* as the value says, like <value> */
				t->font = font;
				t->missing = find_entry(ld->t, "missing");
				if (t->missing == NULL)
					err(ld, line, "{%s} needs the catalogue entry \"missing\" for values not known",
					    fs.entry->params[i]);
				*tail = t;
				tail = &t->next;
			}
			p = end;
			continue;
		}
		if (fs.entry != NULL && (*p == '{' || *p == '}') && p[1] == *p)
			p++; /* "{{" is a brace */
		sbuf_addc(&b, *p);
	}
	sbuf_free(&b);
	return head;
}

/* An <include> where blocks stand: the nodes of its part, read in this place. */
static struct tnode *
include_content(struct loader *ld, xmlNode *x, int where, const struct scope *sc,
		struct fstate fs)
{
	if (where != C_BLOCK) {
		err(ld, x->line, "<include> stands where blocks, styles or catalogue entries do");
		return NULL;
	}
	const char *file, *was = ld->file;
	xmlNode *part = include(ld, x, &file);
	if (part == NULL)
		return NULL;
	ld->including[ld->depth++] = file;
	ld->file = file;
	struct tnode *n = content(ld, part->children, where, sc, fs);
	ld->file = was;
	ld->depth--;
	return n;
}

static struct tnode *
element(struct loader *ld, xmlNode *x, int where, const struct scope *sc, struct fstate fs)
{
	const char *name = (const char *)x->name;
	const struct elem *e = find_elem(name);
	if (e == NULL) {
		err(ld, x->line, "unknown element <%s>", name);
		return NULL;
	}
	if (!(e->where & where)) {
		err(ld, x->line, "<%s> cannot stand in %s", name, ctx_names[where]);
		return NULL;
	}
	if (e->attrs != NULL)
		check_attrs(ld, x, e->attrs);
	struct tnode *n = new_node(ld, e->kind, x->line);
	n->font = fs.st ? tpl_face(ld->t, fs.st->family, fs.bold, fs.italic) : -1;
	struct scope inner;
	switch (e->kind) {
	case T_P:
	case T_H:
		n->style = style_attr(ld, x, "style", e->kind == T_P ? "body" : "heading");
		if (e->kind == T_H) {
			const char *lv = attr(ld, x, "level");
			n->level = 1;
			if (lv != NULL && (lv[0] < '1' || lv[0] > '6' || lv[1] != '\0'))
				err(ld, x->line, "<h level=\"%s\">: expected 1 to 6", lv);
			else if (lv != NULL)
				n->level = lv[0] - '0';
			n->text = attr(ld, x, "bookmark");
		}
		n->child = content(ld, x->children, C_INLINE, sc, with_style(fs, n->style));
		break;
	case T_TABLE:
		n->style = style_attr(ld, x, "style", "cell");
		n->head_style = style_attr(ld, x, "head-style", "cell-head");
		n->padding = length_attr(ld, x, "padding", 4);
		n->num = length_attr(ld, x, "rule", 0.5);
		n->color = 0xC8CED6;
		color_attr(ld, x, "rule-color", &n->color);
		n->has_stripe = color_attr(ld, x, "stripe", &n->stripe);
		n->has_head_fill = color_attr(ld, x, "head-fill", &n->head_fill);
		struct fstate tfs = with_style(fs, n->style);
		tfs.head = n->head_style;
		n->child = content(ld, x->children, C_TABLE, sc, tfs);
		if (!has_col(n->child))
			err(ld, x->line, "<table> needs at least one <col>");
		break;
	case T_HEAD:
	case T_ROW: {
		const char *omit = e->kind == T_ROW ? attr(ld, x, "omit-empty") : NULL;
		if (omit != NULL && strcmp(omit, "yes") != 0 && strcmp(omit, "no") != 0)
			err(ld, x->line, "<row omit-empty=\"%s\">: expected yes or no", omit);
		n->omit_empty = omit != NULL && strcmp(omit, "yes") == 0;
		/* Head cells default to the head style, body cells to the table's. */
		n->child = content(ld, x->children, C_ROW, sc,
				  e->kind == T_HEAD ? with_style(fs, fs.head) : fs);
		break;
	}
	case T_CELL: {
		n->style = style_attr(ld, x, "style", NULL);
		struct fstate cfs = with_style(fs, n->style);
		cfs.in_cell = true;
		n->child = content(ld, x->children, C_INLINE, sc, cfs);
		break;
	}
	case T_COL: {
		const char *w = attr(ld, x, "width");
		n->col.width = 1;
		n->col.relative = true;
		if (w != NULL && strcmp(w, "auto") == 0) {
			n->col.fit = true;
			n->col.relative = false;
			n->col.width = 0;
		} else if (w != NULL) {
			size_t len = strlen(w);
			char *end;
			if (len > 0 && w[len - 1] == '*') {
				n->col.width = len == 1 ? 1 : strtod(w, &end);
				if (len > 1 && (end != w + len - 1 || !(n->col.width > 0)))
					err(ld, x->line, "<col width=\"%s\">: expected 2*, 30mm or auto", w);
			} else {
				n->col.relative = false;
				n->col.width = length_attr(ld, x, "width", 0);
			}
		}
		const char *al = attr(ld, x, "align");
		if (al == NULL || strcmp(al, "left") == 0)
			n->col.align = ALIGN_LEFT;
		else if (strcmp(al, "right") == 0)
			n->col.align = ALIGN_RIGHT;
		else if (strcmp(al, "center") == 0)
			n->col.align = ALIGN_CENTER;
		else if (strcmp(al, "decimal") == 0)
			n->col.align = ALIGN_DECIMAL;
		else
			err(ld, x->line, "<col align=\"%s\">: expected left, right, center or decimal",
			    al);
		for (xmlNode *k = x->children; k != NULL; k = k->next)
			if (k->type != XML_COMMENT_NODE &&
			    !(k->type == XML_TEXT_NODE && blank((const char *)k->content)))
				err(ld, x->line, "<col> takes no content");
		break;
	}
	case T_SPACE:
		n->num = length_attr(ld, x, "height", 6);
		break;
	case T_RULE:
		n->num = length_attr(ld, x, "thickness", 0.5);
		n->color = 0x888888;
		color_attr(ld, x, "color", &n->color);
		break;
	case T_IF: {
		const char *test = attr(ld, x, "test");
		if (test == NULL)
			err(ld, x->line, "<if> needs test=\"...\"");
		else
			n->test = parse_test(ld, x->line, test, sc);
		n->child = content(ld, x->children, where, sc, fs);
		break;
	}
	case T_ELSE:
		n->child = content(ld, x->children, where, sc, fs);
		break;
	case T_FOR: {
		const char *each = attr(ld, x, "each");
		n->var = attr(ld, x, "as");
		n->sep = attr(ld, x, "separator");
		if (each == NULL || n->var == NULL) {
			err(ld, x->line, "<for> needs each=\"list\" and as=\"name\"");
			break;
		}
		if (strchr(n->var, '.') != NULL || parse_path(ld, x->line, n->var) == NULL)
			err(ld, x->line, "<for as=\"%s\">: expected a simple name such as q", n->var);
		else if (ld->names(n->var) != NULL)
			err(ld, x->line, "<for as=\"%s\">: \"%s\" is already a name; choose another",
			    n->var, n->var);
		n->path = parse_path(ld, x->line, each);
		char type = check_name(ld, x->line, n->path, sc);
		if (type != 0 && type != 'l')
			err(ld, x->line, "<for each=\"%s\">: \"%s\" is not a list", each, each);
		char *full = n->path ? full_name(n->path, sc) : xstrdup("");
		inner.var = n->var;
		inner.prefix = arena_printf(ld->t->arena, "%s[]", full);
		inner.up = sc;
		free(full);
		if (n->sep != NULL && where != C_INLINE)
			err(ld, x->line, "<for separator>: only a loop in running text has separators");
		n->child = content(ld, x->children, where, &inner, fs);
		break;
	}
	case T_VALUE:
		value_node(ld, x, n, sc);
		for (xmlNode *k = x->children; k != NULL; k = k->next)
			if (k->type != XML_COMMENT_NODE &&
			    !(k->type == XML_TEXT_NODE && blank((const char *)k->content)))
				err(ld, x->line, "<value> takes no content");
		break;
	case T_B:
	case T_I:
		fs.bold |= e->kind == T_B;
		fs.italic |= e->kind == T_I;
		check_face(ld, x->line, name, fs);
		n->child = content(ld, x->children, C_INLINE, sc, fs);
		break;
	case T_PAGENUM:
	case T_PAGECOUNT:
		if (!fs.margin)
			err(ld, x->line, "<%s/> works in <header> and <footer> only", name);
		break;
	case T_MSG: {
		const char *id = attr(ld, x, "id");
		n->msg = id ? find_entry(ld->t, id) : NULL;
		if (id == NULL)
			err(ld, x->line, "<msg> needs id=\"...\"");
		else if (n->msg == NULL)
			err(ld, x->line, "<msg id=\"%s\">: the catalogue has no such entry", id);
		else
			check_entry_faces(ld, n->msg->child, fs, x->line, 0);
		msg_args(ld, x, n, sc);
		break;
	}
	case T_PARAM: {
		const char *pname = attr(ld, x, "name");
		n->param = -1;
		for (size_t i = 0; fs.entry != NULL && pname != NULL && i < fs.entry->nparams; i++)
			if (strcmp(fs.entry->params[i], pname) == 0)
				n->param = (int)i;
		if (fs.entry == NULL)
			err(ld, x->line, "<param> stands in catalogue entries only");
		else if (n->param < 0)
			err(ld, x->line, "<param name=\"%s\">: entry \"%s\" has no such param",
			    pname ? pname : "", fs.entry->id);
		value_format(ld, x, n, 0);
		break;
	}
	case T_LIST: {
		n->style = style_attr(ld, x, "style", "body");
		n->label_style = style_attr(ld, x, "label-style", NULL);
		const char *kind = attr(ld, x, "kind");
		if (kind != NULL && strcmp(kind, "bullet") != 0 && strcmp(kind, "number") != 0)
			err(ld, x->line, "<list kind=\"%s\">: expected bullet or number", kind);
		n->numbered = kind != NULL && strcmp(kind, "number") == 0;
		n->bullet = attr(ld, x, "bullet");
		if (n->bullet == NULL)
			n->bullet = "\u2022";
		const char *start = attr(ld, x, "start");
		n->start = 1;
		if (start != NULL) {
			char *end;
			long v = strtol(start, &end, 10);
			if (*end != '\0' || end == start || v < 0 || v > 100000)
				err(ld, x->line, "<list start=\"%s\">: expected a number", start);
			n->start = (int)v;
		}
		n->indent = length_attr(ld, x, "indent", 14);
		n->child = content(ld, x->children, C_LIST, sc, with_style(fs, n->style));
		break;
	}
	case T_ITEM:
		n->child = content(ld, x->children, C_INLINE, sc, fs);
		break;
	case T_KEEP:
	case T_TILE:
		n->child = content(ld, x->children, C_BLOCK, sc, fs);
		break;
	case T_TILES:
		n->padding = length_attr(ld, x, "padding", 6);
		n->num = length_attr(ld, x, "gap", 6);
		n->has_head_fill = color_attr(ld, x, "fill", &n->head_fill);
		n->child = content(ld, x->children, C_BLOCK, sc, fs);
		break;
	case T_CHART: {
		static const char *const kinds[] = {"bars", "line", "hbars", "pareto", "sparkline"};
		if (where == C_INLINE && !fs.in_cell)
			err(ld, x->line, "<chart> stands among blocks, or directly in a table cell");
		const char *kind = attr(ld, x, "kind");
		n->chart = -1;
		for (int k = 0; kind != NULL && k < 5; k++)
			if (strcmp(kind, kinds[k]) == 0)
				n->chart = k;
		if (n->chart < 0)
			err(ld, x->line, "<chart kind=\"%s\">: expected bars, line, hbars, pareto or sparkline",
			    kind ? kind : "");
		n->style = style_attr(ld, x, "style", "chart");
		const char *each = attr(ld, x, "each");
		n->var = attr(ld, x, "as");
		if (each == NULL || n->var == NULL) {
			err(ld, x->line, "<chart> needs each=\"list\" and as=\"name\"");
			break;
		}
		n->path = parse_path(ld, x->line, each);
		if (check_name(ld, x->line, n->path, sc) != 'l')
			err(ld, x->line, "<chart each=\"%s\">: \"%s\" is not a list", each, each);
		char *full = n->path ? full_name(n->path, sc) : xstrdup("");
		struct scope inner2 = {n->var, arena_printf(ld->t->arena, "%s[]", full), sc};
		free(full);
		/* label, value, mark, highlight: names, in the scope of the chart's items */
		static const char *const keys[] = {"label", "value", "mark", "highlight"};
		struct path **slots[] = {&n->label, &n->value, &n->mark, &n->highlight};
		for (int k = 0; k < 4; k++) {
			const char *v = attr(ld, x, keys[k]);
			if (v == NULL) {
				if (k == 1)
					err(ld, x->line, "<chart> needs value=\"name\"");
				continue;
			}
			*slots[k] = parse_path(ld, x->line, v);
			char type = check_name(ld, x->line, *slots[k], &inner2);
			if (type != 0 && k != 0 && k != 3 && type != 'n')
				err(ld, x->line, "<chart %s=\"%s\">: not a number", keys[k], v);
		}
		/* label-key, min, max: names in the items' scope too */
		static const char *const more[] = {"label-key", "min", "max"};
		struct path **mslots[] = {&n->label_key, &n->min, &n->max};
		for (int k = 0; k < 3; k++) {
			const char *v = attr(ld, x, more[k]);
			if (v == NULL)
				continue;
			*mslots[k] = parse_path(ld, x->line, v);
			char type = check_name(ld, x->line, *mslots[k], &inner2);
			if (type != 0 && k > 0 && type != 'n')
				err(ld, x->line, "<chart %s=\"%s\">: not a number", more[k], v);
		}
		n->label_entry = attr(ld, x, "label-entry");
		if ((n->label_entry == NULL) != (n->label_key == NULL))
			err(ld, x->line, "<chart> takes label-key and label-entry together");
		const char *ref = attr(ld, x, "reference");
		if (ref != NULL) {
			char *end;
			n->reference_num = strtod(ref, &end);
			n->has_reference = true;
			if (*end != '\0' || end == ref) {
				n->reference = parse_path(ld, x->line, ref);
				if (check_name(ld, x->line, n->reference, sc) != 'n')
					err(ld, x->line, "<chart reference=\"%s\">: not a number", ref);
			}
		}
		n->value_label = attr(ld, x, "value-label");
		n->mark_label = attr(ld, x, "mark-label");
		n->reference_label = attr(ld, x, "reference-label");
		n->line_label = attr(ld, x, "line-label");
		n->width = length_attr(ld, x, "width", 0);
		n->height = length_attr(ld, x, "height", 0);
		const char *al = attr(ld, x, "align");
		n->align = al && strcmp(al, "right") == 0    ? ALIGN_RIGHT
			   : al && strcmp(al, "center") == 0 ? ALIGN_CENTER
							     : ALIGN_LEFT;
		break;
	}
	case T_IMAGE: {
		const char *src = attr(ld, x, "src");
		if (src == NULL) {
			err(ld, x->line, "<image> needs src=\"logo.png\"");
			break;
		}
		n->width = length_attr(ld, x, "width", 0);
		n->height = length_attr(ld, x, "height", 0);
		const char *al = attr(ld, x, "align");
		if (al == NULL || strcmp(al, "left") == 0)
			n->align = ALIGN_LEFT;
		else if (strcmp(al, "right") == 0)
			n->align = ALIGN_RIGHT;
		else if (strcmp(al, "center") == 0)
			n->align = ALIGN_CENTER;
		else
			err(ld, x->line, "<image align=\"%s\">: expected left, right or center", al);
		const char *path = inside(ld, x->line, "image", src);
		if (path == NULL)
			break;
		/* Each file once per template; every report shares the decoded image. */
		for (size_t i = 0; i < ld->t->nimages && n->img == NULL; i++)
			if (strcmp(ld->t->image_paths[i], path) == 0)
				n->img = ld->t->images[i];
		if (n->img == NULL) {
			n->img = image_load(path);
			if (n->img == NULL) {
				ld->errors++;
				break;
			}
			size_t k = ld->t->nimages + 1;
			ld->t->images = xrealloc(ld->t->images, k * sizeof(*ld->t->images));
			ld->t->image_paths = xrealloc(ld->t->image_paths, k * sizeof(char *));
			ld->t->images[ld->t->nimages] = n->img;
			ld->t->image_paths[ld->t->nimages++] = path;
		}
		break;
	}
	default:
		break;
	}
	return n;
}

/* The content of an element: text only where running text may stand. */
static struct tnode *
content(struct loader *ld, xmlNode *first, int where, const struct scope *sc, struct fstate fs)
{
	struct tnode *head = NULL, **tail = &head;
	struct tnode *prev = NULL;
	for (xmlNode *x = first; x != NULL; x = x->next) {
		struct tnode *n = NULL;
		switch (x->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE: {
			const char *s = (const char *)x->content;
			if (where != C_INLINE) {
				if (!blank(s)) {
					char q[MSG_QUOTE_SIZE];
					/* The text's own first line: libxml2 gives the last. */
					long line = x->line;
					while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
						line -= *s++ == '\n';
					size_t len = strlen(s);
					for (const char *c = s; *c; c++)
						line -= *c == '\n';
					while (len > 0 && blank(s + len - 1))
						len--;
					err(ld, line > 0 ? line : x->line, "text cannot stand in %s: %s",
					    ctx_names[where], msg_quote_n(q, s, len));
				}
				continue;
			}
			n = text_nodes(ld, collapse(ld, s), x->line, fs);
			break;
		}
		case XML_ELEMENT_NODE:
			if (strcmp((const char *)x->name, "include") == 0) {
				n = include_content(ld, x, where, sc, fs);
				break;
			}
			n = element(ld, x, where, sc, fs);
			if (n != NULL && n->kind == T_ELSE && (prev == NULL || prev->kind != T_IF))
				err(ld, x->line, "<else> must follow an <if>");
			break;
		case XML_COMMENT_NODE:
		case XML_PI_NODE:
			continue;
		case XML_ENTITY_REF_NODE:
			err(ld, x->parent ? x->parent->line : x->line,
			    "entity &%s; is not supported: write the character itself", x->name);
			continue;
		default:
			err(ld, x->line, "unexpected XML node");
			continue;
		}
		if (n == NULL)
			continue;
		/* Text with parameters and includes give several nodes: go to the last. */
		*tail = n;
		while (n->next != NULL)
			n = n->next;
		tail = &n->next;
		prev = n;
	}
	return head;
}

/* ---- the declarations: page, fonts, styles, catalogue, meta ---- */

/* Declarations hold elements only: stray text is a mistake worth a message. */
static void
only_elements(struct loader *ld, xmlNode *x)
{
	for (xmlNode *c = x->children; c != NULL; c = c->next)
		if ((c->type == XML_TEXT_NODE && !blank((const char *)c->content)) ||
		    c->type == XML_CDATA_SECTION_NODE)
			err(ld, c->line, "text cannot stand directly in <%s>", x->name);
}

static void
load_page(struct loader *ld, xmlNode *x)
{
	check_attrs(ld, x, "size orientation width height margin-top margin-bottom margin-left "
			   "margin-right");
	struct page_setup *p = &ld->t->page;
	const char *size = attr(ld, x, "size");
	if (size == NULL || strcmp(size, "A4") == 0) {
		p->width = 595.276;
		p->height = 841.89;
	} else if (strcmp(size, "Letter") == 0) {
		p->width = 612;
		p->height = 792;
	} else {
		err(ld, x->line, "<page size=\"%s\">: expected A4 or Letter (or width and height)",
		    size);
	}
	p->width = length_attr(ld, x, "width", p->width);
	p->height = length_attr(ld, x, "height", p->height);
	const char *o = attr(ld, x, "orientation");
	if (o != NULL && strcmp(o, "landscape") == 0) {
		double w = p->width;
		p->width = p->height;
		p->height = w;
	} else if (o != NULL && strcmp(o, "portrait") != 0) {
		err(ld, x->line, "<page orientation=\"%s\">: expected portrait or landscape", o);
	}
	p->top = length_attr(ld, x, "margin-top", 56);
	p->bottom = length_attr(ld, x, "margin-bottom", 56);
	p->left = length_attr(ld, x, "margin-left", 56);
	p->right = length_attr(ld, x, "margin-right", 56);
	if (p->left + p->right > p->width - 72 || p->top + p->bottom > p->height - 72)
		err(ld, x->line, "<page>: the margins leave less than 1 inch for the text");
}

/* A font file: a bare file name, beside the template or in the bundled fonts. */
static const char *
font_file(struct loader *ld, xmlNode *x, const char *file)
{
	if (strchr(file, '/') != NULL || file[0] == '.' || file[0] == '\0') {
		err(ld, x->line,
		    "font file \"%s\": give a file name only; fonts are looked up beside the "
		    "template and in the bundled fonts folder",
		    file);
		return NULL;
	}
	char *p = xasprintf("%s/%s", ld->dir, file);
	if (access(p, R_OK) != 0) {
		free(p);
		p = xasprintf("%s/%s", ld->fontdir, file);
	}
	if (access(p, R_OK) != 0) {
		err(ld, x->line, "font file \"%s\" not found beside the template nor in %s", file,
		    ld->fontdir);
		free(p);
		return NULL;
	}
	const char *k = keep(ld, p);
	free(p);
	return k;
}

static void
load_fonts(struct loader *ld, xmlNode *x)
{
	only_elements(ld, x);
	static const char *const faces[4] = {"regular", "bold", "italic", "bold-italic"};
	struct tpl *t = ld->t;
	check_attrs(ld, x, "");
	size_t fcap = 0, pcap = 0;
	for (xmlNode *c = x->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, "fallback") == 0) {
			check_attrs(ld, c, "file");
			const char *file = attr(ld, c, "file");
			if (t->fallback_path != NULL)
				err(ld, c->line, "<fonts> holds at most one <fallback>");
			else if (file == NULL)
				err(ld, c->line, "<fallback> needs file=\"...\"");
			else
				t->fallback_path = font_file(ld, c, file);
			continue;
		}
		if (strcmp((const char *)c->name, "family") != 0) {
			err(ld, c->line, "<fonts> holds <family> elements and a <fallback>, not <%s>",
			    c->name);
			continue;
		}
		check_attrs(ld, c, "name regular bold italic bold-italic");
		const char *name = attr(ld, c, "name");
		if (name == NULL) {
			err(ld, c->line, "<family> needs name=\"...\"");
			continue;
		}
		xgrow(&t->families, &fcap, t->nfamilies, sizeof(*t->families));
		struct family *f = &t->families[t->nfamilies++];
		f->name = name;
		for (int i = 0; i < 4; i++) {
			f->face[i] = -1;
			const char *file = attr(ld, c, faces[i]);
			if (file == NULL)
				continue;
			const char *path = font_file(ld, c, file);
			if (path == NULL)
				continue;
			xgrow(&t->font_paths, &pcap, t->nfonts, sizeof(*t->font_paths));
			f->face[i] = (int)t->nfonts;
			t->font_paths[t->nfonts++] = path;
		}
		if (f->face[0] < 0)
			err(ld, c->line, "<family name=\"%s\"> needs a regular face", name);
	}
}

static void
load_style(struct loader *ld, xmlNode *x, size_t *cap)
{
	struct tpl *t = ld->t;
	check_attrs(ld, x, "name base font weight slant size leading color space-before "
			   "space-after indent align keep-with-next hyphenate");
	const char *name = attr(ld, x, "name");
	if (name == NULL) {
		err(ld, x->line, "<style> needs name=\"...\"");
		return;
	}
	if (find_style(t, name) != NULL)
		err(ld, x->line, "style \"%s\" is defined twice", name);
	struct tstyle *st = arena_alloc(t->arena, sizeof(*st));
	const char *base = attr(ld, x, "base");
	const struct tstyle *b = base ? find_style(t, base) : NULL;
	if (base != NULL && b == NULL)
		err(ld, x->line, "<style base=\"%s\">: no such style (define it before)", base);
	if (b != NULL) {
		*st = *b;
	} else {
		st->s.size = 10;
		st->s.leading = 0;
		st->family = 0;
	}
	st->s.name = name;
	const char *fam = attr(ld, x, "font");
	if (fam != NULL) {
		st->family = -1;
		for (size_t i = 0; i < t->nfamilies; i++)
			if (strcmp(t->families[i].name, fam) == 0)
				st->family = (int)i;
		if (st->family < 0)
			err(ld, x->line, "<style font=\"%s\">: no such font family", fam);
	}
	const char *w = attr(ld, x, "weight");
	if (w != NULL) {
		if (strcmp(w, "bold") != 0 && strcmp(w, "normal") != 0)
			err(ld, x->line, "<style weight=\"%s\">: expected bold or normal", w);
		st->bold = strcmp(w, "bold") == 0;
	}
	const char *sl = attr(ld, x, "slant");
	if (sl != NULL) {
		if (strcmp(sl, "italic") != 0 && strcmp(sl, "normal") != 0)
			err(ld, x->line, "<style slant=\"%s\">: expected italic or normal", sl);
		st->italic = strcmp(sl, "italic") == 0;
	}
	double old_size = st->s.size;
	st->s.size = length_attr(ld, x, "size", st->s.size);
	if (st->s.size < 4 || st->s.size > 72)
		err(ld, x->line, "<style size>: %g pt is outside 4..72", st->s.size);
	/* A leading not given scales with the size: 1.3 times it, or the base's ratio. */
	double ratio = b != NULL && old_size > 0 ? b->s.leading / old_size : 1.3;
	st->s.leading = length_attr(ld, x, "leading", st->s.size * ratio);
	if (st->s.leading < st->s.size * 0.8)
		err(ld, x->line, "<style leading>: %g pt is too tight for a %g pt font",
		    st->s.leading, st->s.size);
	color_attr(ld, x, "color", &st->s.color);
	st->s.space_before = length_attr(ld, x, "space-before", b ? b->s.space_before : 0);
	st->s.space_after = length_attr(ld, x, "space-after", b ? b->s.space_after : 0);
	st->s.indent = length_attr(ld, x, "indent", b ? b->s.indent : 0);
	const char *al = attr(ld, x, "align");
	if (al != NULL) {
		static const char *const names[] = {"left", "right", "center", "justify"};
		size_t i;
		for (i = 0; i < 4; i++)
			if (strcmp(al, names[i]) == 0)
				break;
		if (i == 4)
			err(ld, x->line, "<style align=\"%s\">: expected left, right, center or justify",
			    al);
		else
			st->s.align = (enum align)i;
	}
	const char *k = attr(ld, x, "keep-with-next");
	if (k != NULL) {
		if (strcmp(k, "yes") != 0 && strcmp(k, "no") != 0)
			err(ld, x->line, "<style keep-with-next=\"%s\">: expected yes or no", k);
		st->s.keep_with_next = strcmp(k, "yes") == 0;
	}
	if (b == NULL)
		st->s.hyphenate = true;
	const char *hy = attr(ld, x, "hyphenate");
	if (hy != NULL) {
		if (strcmp(hy, "yes") != 0 && strcmp(hy, "no") != 0)
			err(ld, x->line, "<style hyphenate=\"%s\">: expected yes or no", hy);
		st->s.hyphenate = strcmp(hy, "yes") == 0;
	}
	st->s.font = tpl_face(t, st->family, st->bold, st->italic);
	if (st->family >= 0 && st->s.font < 0 && t->nfamilies > 0)
		err(ld, x->line, "style \"%s\": the family \"%s\" has no %s face", name,
		    t->families[st->family].name, face_name(st->bold, st->italic));
	xgrow(&t->styles, cap, t->nstyles, sizeof(*t->styles));
	t->styles[t->nstyles++] = st;
}

/* True when content n reaches catalogue entry target through <msg>, at any depth. */
static bool
uses(const struct tnode *n, const struct tnode *target, int depth)
{
	/* Deeper than the catalogue is long means a cycle that avoids target. */
	if (depth > 64)
		return false;
	for (; n != NULL; n = n->next) {
		if (n->kind == T_MSG && n->msg != NULL &&
		    (n->msg == target || uses(n->msg->child, target, depth + 1)))
			return true;
		if (uses(n->child, target, depth))
			return true;
	}
	return false;
}

/* The catalogue's entries as first read, with the XML they come from. */
struct entries {
	struct tnode **tail;
	xmlNode **src;
	size_t n, cap;
};

static void
collect_entries(struct loader *ld, xmlNode *first, struct entries *es)
{
	for (xmlNode *c = first; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, "include") == 0) {
			const char *file, *was = ld->file;
			xmlNode *part = include(ld, c, &file);
			if (part == NULL)
				continue;
			ld->including[ld->depth++] = file;
			ld->file = file;
			only_elements(ld, part);
			collect_entries(ld, part->children, es);
			ld->file = was;
			ld->depth--;
			continue;
		}
		if (strcmp((const char *)c->name, "entry") != 0) {
			err(ld, c->line, "<catalog> holds <entry> elements, not <%s>", c->name);
			continue;
		}
		check_attrs(ld, c, "id params");
		const char *id = attr(ld, c, "id");
		if (id == NULL) {
			err(ld, c->line, "<entry> needs id=\"...\"");
			continue;
		}
		if (find_entry(ld->t, id) != NULL)
			err(ld, c->line, "catalogue entry \"%s\" is defined twice", id);
		struct tnode *e = new_node(ld, T_MSG, c->line);
		e->id = id;
		/* params="name pct": the names its {placeholders} and <param>s use. */
		const char *params = attr(ld, c, "params");
		for (const char *p = params; p != NULL && *p;) {
			size_t len = strcspn(p, " \t\n");
			if (len > 0) {
				e->params = xrealloc(e->params, (e->nparams + 1) * sizeof(char *));
				const char *name = arena_strndup(ld->t->arena, p, len);
				bool ok = isalpha((unsigned char)name[0]);
				for (size_t i = 0; i < len; i++)
					ok &= isalnum((unsigned char)name[i]) || name[i] == '_';
				for (size_t i = 0; i < e->nparams; i++)
					ok &= strcmp(e->params[i], name) != 0;
				if (!ok || strcmp(name, "id") == 0)
					err(ld, c->line,
					    "<entry params>: \"%s\" is not a new simple name (nor \"id\")",
					    name);
				e->params[e->nparams++] = name;
			}
			p += len;
			while (*p == ' ' || *p == '\t' || *p == '\n')
				p++;
		}
		if (e->nparams > 0) {
			/* Moved into the arena so the template frees it with the rest. */
			const char **a = arena_alloc(ld->t->arena, e->nparams * sizeof(char *));
			memcpy(a, e->params, e->nparams * sizeof(char *));
			free(e->params);
			e->params = a;
		}
		*es->tail = e;
		es->tail = &e->next;
		xgrow(&es->src, &es->cap, es->n, sizeof(*es->src));
		es->src[es->n++] = c;
	}
}

static void
load_catalog(struct loader *ld, xmlNode *x)
{
	only_elements(ld, x);
	check_attrs(ld, x, "");
	struct entries es = {&ld->t->catalog, NULL, 0, 0};
	collect_entries(ld, x->children, &es);
	/* Contents second, so that entries may use each other in any order. */
	size_t i = 0;
	const char *was = ld->file;
	for (struct tnode *e = ld->t->catalog; e != NULL; e = e->next, i++) {
		struct fstate fs = no_face;
		fs.entry = e;
		ld->file = e->file;
		e->child = content(ld, es.src[i]->children, C_INLINE, NULL, fs);
	}
	ld->file = was;
	free(es.src);
	for (const struct tnode *e = ld->t->catalog; e != NULL; e = e->next)
		if (uses(e->child, e, 0))
			err(ld, e->line, "catalogue entry \"%s\" uses itself through <msg>", e->id);
}

static void
load_meta(struct loader *ld, xmlNode *x)
{
	only_elements(ld, x);
	check_attrs(ld, x, "");
	for (xmlNode *c = x->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		struct tnode **slot = NULL;
		const char *name = (const char *)c->name;
		if (strcmp(name, "title") == 0)
			slot = &ld->t->title;
		else if (strcmp(name, "subject") == 0)
			slot = &ld->t->subject;
		else if (strcmp(name, "author") == 0)
			slot = &ld->t->author;
		else if (strcmp(name, "keywords") == 0)
			slot = &ld->t->keywords;
		if (slot == NULL) {
			err(ld, c->line, "<meta> holds title, subject, author and keywords, not <%s>",
			    name);
			continue;
		}
		check_attrs(ld, c, "");
		*slot = new_node(ld, T_P, c->line);
		(*slot)->child = content(ld, c->children, C_INLINE, NULL, no_face);
	}
}

static const struct {
	const char *name;
	int order; /* declarations come in this order, each at most once */
} sections[] = {{"page", 0},   {"fonts", 1},  {"styles", 2}, {"catalog", 3},
		{"meta", 4},   {"header", 5}, {"footer", 6}, {"body", 7}};

static void
loader_done(struct loader *ld)
{
	free((char *)ld->fontdir);
	free(ld->schema);
	for (size_t i = 0; i < ld->ndocs; i++)
		xmlFreeDoc(ld->docs[i]);
	free(ld->docs);
	free(ld->dir);
	free(ld->realdir);
}

/* The styles, and the styles of included parts, in order. */
static void
load_styles(struct loader *ld, xmlNode *first, size_t *cap)
{
	for (xmlNode *c = first; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, "include") == 0) {
			const char *file, *was = ld->file;
			xmlNode *part = include(ld, c, &file);
			if (part == NULL)
				continue;
			ld->including[ld->depth++] = file;
			ld->file = file;
			only_elements(ld, part);
			load_styles(ld, part->children, cap);
			ld->file = was;
			ld->depth--;
		} else if (strcmp((const char *)c->name, "style") != 0) {
			err(ld, c->line, "<styles> holds <style> elements, not <%s>", c->name);
		} else {
			load_style(ld, c, cap);
		}
	}
}

struct tpl *
tpl_load(const char *path, const char *datadir)
{
	return tpl_load_names(path, datadir, analyze_name);
}

struct tpl *
tpl_load_names(const char *path, const char *datadir,
	       const struct name_info *(*names)(const char *name))
{
	struct loader ld = {0};
	ld.names = names;
	ld.path = path;
	char *fontdir = xasprintf("%s/fonts", datadir);
	ld.fontdir = fontdir;
	ld.schema = xasprintf("%s/templates/template.rng", datadir);
	ld.file = path;
	const char *slash = strrchr(path, '/');
	ld.dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
	ld.realdir = realpath(ld.dir, NULL);

	struct tpl *t = xcalloc(1, sizeof(*t));
	t->arena = arena_new();
	t->path = xstrdup(path);
	ld.t = t;
	t->page = (struct page_setup){595.276, 841.89, 56, 56, 56, 56};

	xmlDoc *doc = NULL;
	if (access(path, R_OK) != 0 || ld.realdir == NULL) {
		msg_at(MSG_ERROR, path, 0, 0, "cannot read the template: %s", strerror(errno));
		goto fail;
	}
	doc = read_xml(&ld, path);
	if (doc == NULL) {
		if (ld.errors == 0)
			msg_at(MSG_ERROR, path, 0, 0, "cannot read the template");
		goto fail;
	}
	/* The schema first: its messages say what is wrong; the checks below, the rest. */
	if (tpl_schema_validate(path, doc, ld.schema) > 0)
		goto fail;
	xmlNode *root = xmlDocGetRootElement(doc);
	if (root == NULL || strcmp((const char *)root->name, "template") != 0) {
		err(&ld, root ? root->line : 0, "the root element must be <template>");
		goto fail_doc;
	}
	check_attrs(&ld, root, "version");
	const char *version = attr(&ld, root, "version");
	if (version == NULL || strcmp(version, "1") != 0)
		err(&ld, root->line, "<template version=\"1\"> expected (this program reads version 1)");

	size_t style_cap = 0;
	int last = -1;
	for (xmlNode *x = root->children; x != NULL; x = x->next) {
		if (x->type == XML_TEXT_NODE && blank((const char *)x->content))
			continue;
		if (x->type == XML_COMMENT_NODE)
			continue;
		if (x->type != XML_ELEMENT_NODE) {
			err(&ld, x->line, "text cannot stand directly in <template>");
			continue;
		}
		const char *name = (const char *)x->name;
		int order = -1;
		for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
			if (strcmp(sections[i].name, name) == 0)
				order = sections[i].order;
		if (order < 0) {
			err(&ld, x->line,
			    "unknown element <%s> in <template>; expected page, fonts, styles, "
			    "catalog, meta, header, footer, body",
			    name);
			continue;
		}
		if (order <= last) {
			err(&ld, x->line,
			    "<%s> is out of place: the order is page, fonts, styles, catalog, meta, "
			    "header, footer, body, each once",
			    name);
			continue;
		}
		last = order;
		switch (order) {
		case 0:
			load_page(&ld, x);
			break;
		case 1:
			load_fonts(&ld, x);
			break;
		case 2:
			check_attrs(&ld, x, "");
			only_elements(&ld, x);
			load_styles(&ld, x->children, &style_cap);
			break;
		case 3:
			load_catalog(&ld, x);
			break;
		case 4:
			load_meta(&ld, x);
			break;
		default: {
			check_attrs(&ld, x, "");
			struct fstate fs = no_face;
			fs.margin = order == 5 || order == 6;
			struct tnode *blocks = content(&ld, x->children, C_BLOCK, NULL, fs);
			if (order == 5)
				t->header = blocks;
			else if (order == 6)
				t->footer = blocks;
			else
				t->body = blocks;
		}
		}
	}
	if (t->nfamilies == 0)
		err(&ld, root->line, "the template declares no font (<fonts><family .../></fonts>)");
	if (last < 7)
		err(&ld, root->line, "the template has no <body>");
	if (ld.errors > 0)
		goto fail;
	xmlFreeDoc(doc);
	loader_done(&ld);
	return t;

fail_doc:
fail:
	xmlFreeDoc(doc);
	loader_done(&ld);
	tpl_free(t);
	return NULL;
}

void
tpl_free(struct tpl *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->nimages; i++)
		image_free(t->images[i]);
	free(t->images);
	free(t->image_paths);
	arena_free(t->arena);
	free(t->font_paths);
	free(t->families);
	free(t->styles);
	free(t->path);
	free(t);
}

size_t
tpl_nfonts(const struct tpl *t)
{
	return t->nfonts;
}

const char *
tpl_font_path(const struct tpl *t, size_t i)
{
	return t->font_paths[i];
}

const char *
tpl_fallback_path(const struct tpl *t)
{
	return t->fallback_path;
}

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
				       "the font %s has no glyph for U+%04X \"%s\"", t->font_paths[i],
				       (unsigned)cp, buf);
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
		if (n->kind == T_TEXT)
			missing += check_string(t, n->text, f, n->file, n->line, dev);
		if ((n->kind == T_VALUE || n->kind == T_PARAM) && n->missing_text != NULL)
			missing += check_string(t, n->missing_text, f, n->file, n->line, dev);
		if (n->kind == T_FOR && n->sep != NULL)
			missing += check_string(t, n->sep, f, n->file, n->line, dev);
		if (n->kind == T_CHART) {
			int cf = n->style ? n->style->s.font : -1;
			const char *texts[] = {n->value_label, n->mark_label, n->reference_label,
					       n->line_label};
			for (int k = 0; k < 4; k++)
				if (texts[k] != NULL)
					missing += check_string(t, texts[k], cf, n->file, n->line, dev);
		}
		if (n->kind == T_LIST) {
			/* The labels: the bullet, or the digits and the dot of the numbers. */
			const struct tstyle *ls = n->label_style ? n->label_style : n->style;
			int lf = ls ? ls->s.font : -1;
			missing += check_string(t, n->numbered ? "0123456789." : n->bullet, lf, n->file,
						n->line, dev);
		}
		missing += check_text(t, n->child, font, dev);
	}
	return missing;
}

static void
collect(const struct tnode *n, struct charset *cs)
{
	for (; n != NULL; n = n->next) {
		charset_add_utf8(cs, n->text);
		charset_add_utf8(cs, n->missing_text);
		charset_add_utf8(cs, n->sep);
		if (n->kind == T_LIST)
			charset_add_utf8(cs, n->bullet);
		if (n->kind == T_CHART) {
			charset_add_utf8(cs, n->value_label);
			charset_add_utf8(cs, n->mark_label);
			charset_add_utf8(cs, n->reference_label);
			charset_add_utf8(cs, n->line_label);
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
