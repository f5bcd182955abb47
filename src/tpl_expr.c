/* SPDX-License-Identifier: MIT */
/* The names and test expressions of a template: parsed once, checked against what the data offers. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "tpl_load_int.h"

struct path *
tpl_parse_path(struct loader *ld, long line, const char *s)
{
	struct path *p = arena_alloc(ld->t->arena, sizeof(*p));
	p->text = tpl_keep(ld, s);
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
			tpl_err(ld, line,
			        "\"%s\" is not a name (letters, digits and _ joined by dots)", s);
			return NULL;
		}
		p->seg[p->n++] = arena_strndup(ld->t->arena, c, len);
		if (e == NULL)
			break;
		c = e + 1;
	}
	return p;
}

char *
tpl_full_name(const struct path *p, const struct scope *sc)
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

char
tpl_check_name(struct loader *ld, long line, const struct path *p, const struct scope *sc)
{
	if (p == NULL)
		return 0;
	char *full = tpl_full_name(p, sc);
	const struct name_info *ni = ld->names(full);
	free(full);
	if (ni == NULL) {
		tpl_err(ld, line, "unknown name \"%s\"", p->text);
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
		tpl_err(lx->ld, lx->line,
		        *lx->s ? "test=\"%s\": %s at \"%s\"" : "test=\"%s\": %s at the end%s",
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
	/* null: no value ("partner.change_year == null"); no name of the data is called so. */
	if (lx->s - start == 4 && strncmp(start, "null", 4) == 0)
		return new_expr(lx, E_NULL);
	struct expr *e = new_expr(lx, E_PATH);
	char *name = xstrndup(start, (size_t)(lx->s - start));
	e->path = tpl_parse_path(lx->ld, lx->line, name);
	free(name);
	char type = tpl_check_name(lx->ld, lx->line, e->path, lx->sc);
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
	} ops[] = {{"==", E_EQ}, {"!=", E_NE}, {"<=", E_LE},
	           {">=", E_GE}, {"<", E_LT},  {">", E_GT}};
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

struct expr *
tpl_parse_test(struct loader *ld, long line, const char *src, const struct scope *sc)
{
	struct lexer lx = {ld, line, src, src, sc, false};
	struct expr *e = parse_or(&lx);
	skip_ws(&lx);
	if (*lx.s != '\0')
		expr_err(&lx, "unexpected text");
	return lx.bad ? NULL : e;
}
