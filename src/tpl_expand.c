/* SPDX-License-Identifier: MIT */
/* Expanding a loaded template against one report's value tree into the document tree. */
#include <assert.h>
#include <math.h>
#include <string.h>

#include "fmt.h"
#include "msg.h"
#include "tpl.h"
#include "tpl_int.h"

/* A loop variable bound while expanding. */
struct binding {
	const char *var;
	const struct val *v;
	const struct binding *up;
};

/* The values of a catalogue entry's parameters while it is expanded. */
struct frame {
	const struct val **vals; /* one per parameter of the entry */
	const struct frame *up;
};

struct expander {
	const struct tpl *t;
	const struct val *root;
	struct arena *a;
	const char *currency;
	int errors;
	int depth; /* of nested catalogue entries and missing values, against runaway recursion */
	bool too_deep;
	const struct frame *frame;      /* innermost entry with parameters being expanded */
	const struct tnode *cell_chart; /* a sparkline met in the cell being expanded */
	const struct binding *cell_chart_b;
	size_t values_shown, values_missing; /* <value>s expanded so far (<row omit-empty>) */
};

/* The font and colour text is set in at one point of the inline content. */
struct inl {
	int family;
	bool bold, italic;
	double size;
	uint32_t color;
};

struct spans {
	struct span *v;
	size_t n, cap;
};

static const struct val *
resolve(const struct expander *ex, const struct path *p, const struct binding *b)
{
	/* A loaded template has every name it uses (tpl_load refuses one that failed). */
	assert(p != NULL && p->n > 0);
	const struct val *v = NULL;
	size_t i = 0;
	for (; b != NULL; b = b->up)
		if (strcmp(b->var, p->seg[0]) == 0) {
			v = b->v;
			i = 1;
			break;
		}
	if (i == 0)
		v = ex->root;
	/* A field of a record that is null (no contact given) is null too. */
	for (; i < p->n && v != NULL; i++)
		v = v->kind == VAL_REC ? val_get(v, p->seg[i]) : NULL;
	return v;
}

/*
 * Walks the items of a list a loop goes over. A made list (the overview's
 * partners) makes each item in a scratch arena that goes when the next is made:
 * the document copies whatever it shows, so no item is needed after its turn.
 */
struct each {
	const struct val *list;
	struct arena *scratch;
};

/* The number of items; 0 when v is no list. */
static size_t
each_begin(struct each *e, const struct val *v)
{
	e->list = v != NULL && v->kind == VAL_LIST ? v : NULL;
	e->scratch = NULL;
	return e->list != NULL ? e->list->n : 0;
}

static const struct val *
each_item(struct each *e, size_t i)
{
	if (e->list->maker == NULL)
		return e->list->items[i];
	arena_free(e->scratch);
	e->scratch = arena_new();
	return val_item(e->list, i, e->scratch);
}

static void
each_end(struct each *e)
{
	arena_free(e->scratch);
	e->scratch = NULL;
}

static bool eval(const struct expander *ex, const struct expr *e, const struct binding *b);

/*
 * Compares two operands; null, or numbers with text, are unequal and unordered.
 * Against the literal null, == is true for a null value (a missing figure, an
 * empty record) and != for any other; the orderings are false.
 */
static bool
compare(const struct expander *ex, const struct expr *e, const struct binding *b)
{
	if (e->l->op == E_NULL || e->r->op == E_NULL) {
		const struct expr *o = e->l->op == E_NULL ? e->r : e->l;
		const struct val *v = o->op == E_PATH ? resolve(ex, o->path, b) : NULL;
		bool null =
		    o->op == E_NULL || (o->op == E_PATH && (v == NULL || v->kind == VAL_NULL));
		return e->op == E_EQ ? null : e->op == E_NE ? !null : false;
	}
	const struct val *l = NULL, *r = NULL;
	struct val lit[2] = {{0}, {0}};
	const struct expr *side[2] = {e->l, e->r};
	for (int k = 0; k < 2; k++) {
		const struct val *v;
		if (side[k]->op == E_PATH) {
			v = resolve(ex, side[k]->path, b);
		} else if (side[k]->op == E_STR) {
			lit[k].kind = VAL_STR;
			lit[k].str = side[k]->str;
			v = &lit[k];
		} else if (side[k]->op == E_NUM) {
			lit[k].kind = VAL_NUM;
			lit[k].num = side[k]->num;
			v = &lit[k];
		} else {
			lit[k].kind = VAL_BOOL;
			lit[k].b = eval(ex, side[k], b);
			v = &lit[k];
		}
		if (k == 0)
			l = v;
		else
			r = v;
	}
	int c;
	if (l == NULL || r == NULL || l->kind != r->kind)
		return e->op == E_NE;
	if (l->kind == VAL_NUM)
		c = (l->num > r->num) - (l->num < r->num);
	else if (l->kind == VAL_STR)
		c = strcmp(l->str, r->str);
	else if (l->kind == VAL_BOOL)
		c = (int)l->b - (int)r->b;
	else
		return e->op == E_NE;
	switch (e->op) {
	case E_EQ:
		return c == 0;
	case E_NE:
		return c != 0;
	case E_LT:
		return c < 0;
	case E_LE:
		return c <= 0;
	case E_GT:
		return c > 0;
	case E_GE:
		return c >= 0;
	default:
		return false;
	}
}

static bool
eval(const struct expander *ex, const struct expr *e, const struct binding *b)
{
	switch (e->op) {
	case E_PATH:
		return val_truthy(resolve(ex, e->path, b));
	case E_STR:
		return e->str[0] != '\0';
	case E_NUM:
		return e->num != 0;
	case E_NULL:
		return false;
	case E_NOT:
		return !eval(ex, e->l, b);
	case E_AND:
		return eval(ex, e->l, b) && eval(ex, e->r, b);
	case E_OR:
		return eval(ex, e->l, b) || eval(ex, e->r, b);
	default:
		return compare(ex, e, b);
	}
}

/* ---- the control elements: one walk for every kind of content ---- */

/*
 * A walk over content of one kind (running text, blocks, a table, a row, a list).
 * expand_each does what <if>, <else> and <for> mean, the same wherever they stand,
 * and hands every other node to visit. A walk's own state follows struct walk in
 * the struct that embeds it first.
 */
struct walk {
	void (*visit)(struct expander *ex, const struct tnode *n, const struct binding *b,
	              struct walk *w);
	/* The text between two items of a loop with a separator (running text only). */
	void (*separator)(struct expander *ex, const char *sep, struct walk *w);
	/* A loop this walk makes in a way of its own (a table's made rows); true if it did. */
	bool (*own_loop)(struct expander *ex, const struct tnode *n, const struct val *list,
	                 const struct binding *b, struct walk *w);
	bool guard; /* counts the nesting, against runaway recursion (running text) */
};

/* Enters one more level of running text; false (said once) when it nests too deep. */
static bool
enter(struct expander *ex, const struct tnode *n)
{
	if (++ex->depth <= 64)
		return true;
	/* Only a "missing" entry showing a missing value gets here: say it once. */
	if (!ex->too_deep && n != NULL) {
		ex->too_deep = true;
		msg_at(MSG_ERROR, n->file, n->line, 0,
		       "the text nests too deep (a \"missing\" entry showing a missing value?)");
		ex->errors++;
	}
	ex->depth--;
	return false;
}

static void expand_each(struct expander *ex, const struct tnode *n, const struct binding *b,
                        struct walk *w);

/* <for>: the content once per item of the list, the item bound to the loop's name. */
static void
expand_loop(struct expander *ex, const struct tnode *n, const struct binding *b, struct walk *w)
{
	const struct tloop *l = &n->loop;
	const struct val *list = resolve(ex, l->each, b);
	if (w->own_loop != NULL && w->own_loop(ex, n, list, b, w))
		return;
	struct each e;
	size_t count = each_begin(&e, list);
	for (size_t i = 0; i < count; i++) {
		struct binding inner = {l->var, each_item(&e, i), b};
		if (i > 0 && l->sep != NULL) {
			assert(w->separator != NULL); /* only running text has separators */
			w->separator(ex, l->sep, w);
		}
		expand_each(ex, n->child, &inner, w);
	}
	each_end(&e);
}

/* The nodes from n on: <if> and the <else> after it, <for>, and the rest by w->visit. */
static void
expand_each(struct expander *ex, const struct tnode *n, const struct binding *b, struct walk *w)
{
	if (w->guard && !enter(ex, n))
		return;
	bool else_open = false; /* an <if> just before was false */
	const struct tnode *prev = NULL;
	for (; n != NULL; prev = n, n = n->next) {
		switch (n->kind) {
		case T_IF:
			assert(n->test != NULL);
			else_open = !eval(ex, n->test, b);
			if (!else_open)
				expand_each(ex, n->child, b, w);
			continue;
		case T_ELSE:
			/* The loader (and the schema) put every <else> right after an <if>. */
			assert(prev != NULL && prev->kind == T_IF);
			(void)prev;
			if (else_open)
				expand_each(ex, n->child, b, w);
			break;
		case T_FOR:
			expand_loop(ex, n, b, w);
			break;
		default:
			w->visit(ex, n, b, w);
			break;
		}
		else_open = false;
	}
	if (w->guard)
		ex->depth--;
}

/* ---- inline content ---- */

static void
add_span(struct expander *ex, struct spans *sp, const struct inl *in, const char *text,
         enum span_field field)
{
	if (field == SPAN_TEXT && text[0] == '\0')
		return;
	xgrow(&sp->v, &sp->cap, sp->n, sizeof(*sp->v));
	struct span *s = &sp->v[sp->n++];
	s->text = text;
	s->field = field;
	s->font = tpl_face(ex->t, in->family, in->bold, in->italic);
	/* The loader checked that every style and <b>, <i> has its face. */
	assert(s->font >= 0 && (size_t)s->font < ex->t->nfonts);
	s->size = in->size;
	s->color = in->color;
}

static const struct chart *make_chart(struct expander *ex, const struct tnode *n,
                                      const struct binding *b);

static void
format_value(struct expander *ex, struct sbuf *out, const struct tnode *n, const struct tvalue *tv,
             const struct val *v)
{
	enum val_fmt f = tv->fmt != FMT_AUTO ? tv->fmt : v->fmt;
	if (v->kind == VAL_STR) {
		sbuf_adds(out, v->str);
		return;
	}
	if (v->kind != VAL_NUM) {
		msg_at(MSG_ERROR, n->file, n->line, 0, "<value of=\"%s\">: not a number or text",
		       tv->of ? tv->of->text : "");
		ex->errors++;
		return;
	}
	int d = tv->digits;
	double x = v->num;
	const struct lang *l = ex->t->lang;
	switch (f) {
	case FMT_AUTO:
		if (x == floor(x) && d < 0)
			fmt_int_l(out, x, l);
		else
			fmt_decimal_l(out, x, d < 0 ? 1 : d, l);
		break;
	case FMT_INT:
		fmt_int_l(out, x, l);
		break;
	case FMT_DECIMAL:
		fmt_decimal_l(out, x, d < 0 ? 1 : d, l);
		break;
	case FMT_SIGNED:
		/* A difference shows its sign; one that rounds to zero shows none. */
		if (x > 0 && round(x * pow(10, d < 0 ? 1 : d)) != 0)
			sbuf_addc(out, '+');
		fmt_decimal_l(out, x, d < 0 ? 1 : d, l);
		break;
	case FMT_MONEY:
		fmt_money_l(out, x, ex->currency, d < 0 ? 0 : d, l);
		break;
	case FMT_PERCENT:
		fmt_percent_l(out, x, d < 0 ? 1 : d, l);
		break;
	case FMT_CHANGE:
		fmt_change_l(out, x, d < 0 ? 1 : d, l);
		break;
	case FMT_DATE:
		fmt_date_l(out, (int)x, l);
		break;
	case FMT_QUARTER:
		fmt_quarter_l(out, (int)x, l);
		break;
	case FMT_TEXT:
		/* The plain number, without thousands separators: 20263, 3,5. */
		fmt_plain_l(out, x, d < 0 ? 0 : d, l);
		break;
	}
}

static void inline_content(struct expander *ex, struct spans *sp, const struct tnode *n,
                           const struct inl *in, const struct binding *b);

/* Running text: its spans, in the font and colour at this point. */
struct inline_walk {
	struct walk w;
	struct spans *sp;
	const struct inl *in;
};

/* <value> and <param>: the value formatted, or what null shows. */
static void
inline_value(struct expander *ex, struct spans *sp, const struct tnode *n, const struct inl *in,
             const struct binding *b)
{
	const struct tvalue *tv = &n->value;
	const struct val *v = n->kind == T_VALUE                    ? resolve(ex, tv->of, b)
	                      : ex->frame != NULL && tv->param >= 0 ? ex->frame->vals[tv->param]
	                                                            : NULL;
	if (n->kind == T_VALUE)
		++*(v == NULL || v->kind == VAL_NULL ? &ex->values_missing : &ex->values_shown);
	if (v == NULL || v->kind == VAL_NULL) {
		/* missing="..." or the catalogue's "missing": the loader insists on one. */
		assert(tv->missing_text != NULL || tv->missing != NULL);
		if (tv->missing_text != NULL)
			add_span(ex, sp, in, tv->missing_text, SPAN_TEXT);
		else
			inline_content(ex, sp, tv->missing->child, in, b);
		return;
	}
	struct sbuf out = {0};
	format_value(ex, &out, n, tv, v);
	char *s = sbuf_take(&out);
	size_t before = sp->n;
	add_span(ex, sp, in, arena_strdup(ex->a, s), SPAN_TEXT);
	free(s);
	/* Figures and proper names are never hyphenated, unless the template says. */
	if (sp->n > before)
		sp->v[before].nohyph =
		    tv->hyphenate >= 0 ? !tv->hyphenate : v->kind == VAL_NUM || v->proper;
}

/* <msg>: the entry's text; its parameters take their values here, where the loop variables are. */
static void
inline_msg(struct expander *ex, struct spans *sp, const struct tnode *n, const struct inl *in,
           const struct binding *b)
{
	const struct tnode *entry = n->msg.entry;
	assert(entry != NULL && entry->kind == T_ENTRY);
	const struct frame *outer = ex->frame;
	struct frame f = {NULL, outer};
	size_t np = entry->entry.nparams;
	if (np > 0) {
		f.vals = arena_alloc(ex->a, np * sizeof(*f.vals));
		for (size_t i = 0; i < np; i++)
			f.vals[i] =
			    n->msg.args && n->msg.args[i] ? resolve(ex, n->msg.args[i], b) : NULL;
		ex->frame = &f;
	}
	inline_content(ex, sp, entry->child, in, b);
	ex->frame = outer;
}

static void
inline_visit(struct expander *ex, const struct tnode *n, const struct binding *b, struct walk *w)
{
	struct inline_walk *iw = (struct inline_walk *)w;
	struct inl sub = *iw->in;
	switch (n->kind) {
	case T_TEXT:
		add_span(ex, iw->sp, iw->in, n->text, SPAN_TEXT);
		break;
	case T_VALUE:
	case T_PARAM:
		inline_value(ex, iw->sp, n, iw->in, b);
		break;
	case T_B:
	case T_I:
		sub.bold |= n->kind == T_B;
		sub.italic |= n->kind == T_I;
		inline_content(ex, iw->sp, n->child, &sub, b);
		break;
	case T_MSG:
		inline_msg(ex, iw->sp, n, iw->in, b);
		break;
	case T_CHART: /* a sparkline in a table cell, made with the cell */
		ex->cell_chart = n;
		ex->cell_chart_b = b;
		break;
	case T_PAGENUM:
		add_span(ex, iw->sp, iw->in, "", SPAN_PAGE);
		break;
	case T_PAGECOUNT:
		add_span(ex, iw->sp, iw->in, "", SPAN_PAGES);
		break;
	default:
		break;
	}
}

static void
inline_separator(struct expander *ex, const char *sep, struct walk *w)
{
	struct inline_walk *iw = (struct inline_walk *)w;
	add_span(ex, iw->sp, iw->in, sep, SPAN_TEXT);
}

static void
inline_content(struct expander *ex, struct spans *sp, const struct tnode *n, const struct inl *in,
               const struct binding *b)
{
	struct inline_walk iw = {{inline_visit, inline_separator, NULL, true}, sp, in};
	expand_each(ex, n, b, &iw.w);
}

static struct inl
inl_of(const struct tstyle *st)
{
	struct inl in = {0, false, false, 10, 0};
	if (st != NULL) {
		in.family = st->family;
		in.bold = st->bold;
		in.italic = st->italic;
		in.size = st->s.size;
		in.color = st->s.color;
	}
	return in;
}

static struct para
make_para(struct expander *ex, const struct tnode *content, const struct tstyle *st,
          const struct binding *b)
{
	struct spans sp = {0};
	struct inl in = inl_of(st);
	inline_content(ex, &sp, content, &in, b);
	/* Document information has no style: its text is only ever read as plain text. */
	struct para p = {.style = st ? &st->s : NULL, .nspans = sp.n};
	if (sp.n > 0) {
		p.spans = arena_alloc(ex->a, sp.n * sizeof(*sp.v));
		memcpy(p.spans, sp.v, sp.n * sizeof(*sp.v));
	}
	free(sp.v);
	return p;
}

/* The plain text of a paragraph, for bookmarks and the document info. */
static const char *
plain(struct expander *ex, const struct para *p)
{
	struct sbuf b = {0};
	for (size_t i = 0; i < p->nspans; i++)
		if (p->spans[i].field == SPAN_TEXT)
			sbuf_adds(&b, p->spans[i].text);
	char *s = sbuf_take(&b);
	/* Trim and collapse, as the layout would show it; no-break spaces become spaces. */
	struct sbuf o = {0};
	bool ws = false;
	for (const char *c = s; *c; c++) {
		bool is_ws = *c == ' ' || *c == '\n' || *c == '\t';
		if (!is_ws && (unsigned char)c[0] == 0xC2 && (unsigned char)c[1] == 0xA0) {
			is_ws = true;
			c++;
		}
		if (is_ws) {
			ws = o.len > 0;
			continue;
		}
		if (ws)
			sbuf_addc(&o, ' ');
		ws = false;
		sbuf_addc(&o, *c);
	}
	free(s);
	char *t = sbuf_take(&o);
	const char *r = arena_strdup(ex->a, t);
	free(t);
	return r;
}

/* ---- blocks and tables ---- */

struct blocks {
	struct block *head, **tail;
};

static struct block *
add_block(struct expander *ex, struct blocks *bl, enum block_kind kind)
{
	struct block *blk = arena_alloc(ex->a, sizeof(*blk));
	blk->kind = kind;
	*bl->tail = blk;
	bl->tail = &blk->next;
	return blk;
}

struct made_rows;

struct rows {
	struct trow *v;
	size_t n, cap;
	struct tcol *cols;
	size_t ncols, ccap;
	struct made_rows *made; /* rows made when laid out, before stored row made_at */
	size_t made_at;
};

struct cells {
	struct para *v;
	size_t n, cap;
};

/* A row's cells; loops and conditions inside the row may make them. */
struct cell_walk {
	struct walk w;
	struct cells *cs;
	const struct tnode *table;
	bool head;
};

static void
cell_visit(struct expander *ex, const struct tnode *n, const struct binding *b, struct walk *w)
{
	struct cell_walk *cw = (struct cell_walk *)w;
	if (n->kind != T_CELL)
		return;
	const struct ttable *tb = &cw->table->table;
	assert(cw->table->kind == T_TABLE && tb->style != NULL && tb->head_style != NULL);
	const struct tstyle *st = n->style ? n->style : cw->head ? tb->head_style : tb->style;
	xgrow(&cw->cs->v, &cw->cs->cap, cw->cs->n, sizeof(*cw->cs->v));
	ex->cell_chart = NULL;
	struct para p = make_para(ex, n->child, st, b);
	if (ex->cell_chart != NULL) {
		const struct tchart *c = &ex->cell_chart->chart;
		p.chart = make_chart(ex, ex->cell_chart, ex->cell_chart_b);
		p.chart_w = c->width;
		p.chart_h = c->height > 0 ? c->height : 12;
		ex->cell_chart = NULL;
	}
	cw->cs->v[cw->cs->n++] = p;
}

static void
table_row(struct expander *ex, struct rows *rs, const struct tnode *row, const struct tnode *table,
          const struct binding *b)
{
	assert(row->kind == T_HEAD || row->kind == T_ROW);
	bool head = row->kind == T_HEAD;
	struct cells cs = {0};
	size_t shown = ex->values_shown, missing = ex->values_missing;
	struct cell_walk cw = {{cell_visit, NULL, NULL, false}, &cs, table, head};
	expand_each(ex, row->child, b, &cw.w);
	/* <row omit-empty="yes">: a row of values all missing is left out. */
	if (!head && row->omit_empty && ex->values_shown == shown && ex->values_missing > missing) {
		free(cs.v);
		return;
	}
	if (cs.n != rs->ncols) {
		msg_at(MSG_ERROR, row->file, row->line, 0,
		       "this row has %zu cell%s, the table %zu column%s", cs.n,
		       cs.n == 1 ? "" : "s", rs->ncols, rs->ncols == 1 ? "" : "s");
		ex->errors++;
	}
	/* Missing cells stay empty, so the row still has one per column. */
	xgrow(&cs.v, &cs.cap, rs->ncols, sizeof(*cs.v));
	for (size_t i = cs.n; i < rs->ncols; i++)
		cs.v[i] = (struct para){.style = &table->table.style->s};
	xgrow(&rs->v, &rs->cap, rs->n, sizeof(*rs->v));
	struct trow *r = &rs->v[rs->n++];
	r->head = head;
	r->ncells = rs->ncols;
	r->cells = arena_alloc(ex->a, (rs->ncols + 1) * sizeof(*cs.v));
	memcpy(r->cells, cs.v, rs->ncols * sizeof(*cs.v));
	free(cs.v);
}

/*
 * A loop over a made list whose body is one row (the overview's ten thousand
 * partners) leaves its rows to be made as the layout reaches them, so the
 * document never holds them all. What the row's values need is kept here: the
 * list and the expander. Only a loop outside any other loop or catalogue entry
 * does so, since the values those bind are gone when the layout runs.
 */
struct made_rows {
	struct row_maker m;
	struct expander ex; /* a copy; each row is made in its own arena */
	const struct tnode *row, *table;
	const char *var;
	const struct val *list;
	size_t ncols;
};

static void table_row(struct expander *ex, struct rows *rs, const struct tnode *row,
                      const struct tnode *table, const struct binding *b);

/* Row i of a made loop, in ex's arena; returns the errors reported. */
static int
made_row(const struct made_rows *mr, struct expander *ex, size_t i, struct trow *out)
{
	assert(i < mr->list->n && mr->row->kind == T_ROW);
	ex->errors = 0;
	struct binding b = {mr->var, val_item(mr->list, i, ex->a), NULL};
	struct rows rs = {0};
	rs.ncols = mr->ncols;
	table_row(ex, &rs, mr->row, mr->table, &b);
	*out = rs.v[0];
	free(rs.v);
	return ex->errors;
}

static void
make_row(const void *ctx, size_t i, struct arena *a, struct trow *out)
{
	const struct made_rows *mr = ctx;
	struct expander ex = mr->ex;
	ex.a = a;
	made_row(mr, &ex, i, out);
}

static bool
rows_made(struct expander *ex, struct rows *rs, const struct tnode *n, const struct tnode *table,
          const struct val *list, const struct binding *b)
{
	if (b != NULL || ex->frame != NULL || rs->made != NULL || list == NULL ||
	    list->kind != VAL_LIST || list->maker == NULL || n->child == NULL ||
	    n->child->kind != T_ROW || n->child->next != NULL || n->child->omit_empty)
		return false; /* a row that may be left out cannot be counted before it is made */
	struct made_rows *mr = arena_alloc(ex->a, sizeof(*mr));
	mr->ex = *ex;
	mr->row = n->child;
	mr->table = table;
	mr->var = n->loop.var;
	mr->list = list;
	mr->ncols = rs->ncols;
	mr->m = (struct row_maker){list->n, rs->n, make_row, mr};
	/* Every row once now, for the messages a stored row would have given. */
	for (size_t i = 0; i < list->n; i++) {
		struct expander e = *ex;
		e.a = arena_new();
		struct trow r;
		ex->errors += made_row(mr, &e, i, &r);
		arena_free(e.a);
	}
	rs->made = mr;
	rs->made_at = rs->n;
	return true;
}

/* A table's columns and rows, through its conditions and loops. */
struct table_walk {
	struct walk w;
	struct rows *rs;
	const struct tnode *table;
};

static void
table_visit(struct expander *ex, const struct tnode *n, const struct binding *b, struct walk *w)
{
	struct table_walk *tw = (struct table_walk *)w;
	struct rows *rs = tw->rs;
	if (n->kind == T_COL) {
		xgrow(&rs->cols, &rs->ccap, rs->ncols, sizeof(*rs->cols));
		rs->cols[rs->ncols++] = n->col;
	} else if (n->kind == T_HEAD || n->kind == T_ROW) {
		table_row(ex, rs, n, tw->table, b);
	}
}

static bool
table_loop(struct expander *ex, const struct tnode *n, const struct val *list,
           const struct binding *b, struct walk *w)
{
	struct table_walk *tw = (struct table_walk *)w;
	return rows_made(ex, tw->rs, n, tw->table, list, b);
}

/*
 * <chart label-key="q.id" label-entry="short">: the plain text of catalogue entry
 * "short-" + the key's value, when the catalogue has it; NULL otherwise.
 */
static const char *
chart_entry_label(struct expander *ex, const struct tchart *tc, const struct binding *b)
{
	if (tc->label_key == NULL || tc->label_entry == NULL)
		return NULL;
	const struct val *k = resolve(ex, tc->label_key, b);
	if (k == NULL || k->kind != VAL_STR)
		return NULL;
	char *id = xasprintf("%s-%s", tc->label_entry, k->str);
	const struct tnode *e = ex->t->catalog;
	while (e != NULL && strcmp(e->entry.id, id) != 0)
		e = e->next;
	free(id);
	if (e == NULL)
		return NULL;
	struct para p = make_para(ex, e->child, tc->style, b);
	return plain(ex, &p);
}

/* <chart min max>: item it's own scale, when both are numbers lo < hi. */
static void
chart_item_scale(struct expander *ex, const struct tchart *tc, const struct binding *b,
                 struct chart_item *it)
{
	const struct val *lo = tc->min ? resolve(ex, tc->min, b) : NULL;
	const struct val *hi = tc->max ? resolve(ex, tc->max, b) : NULL;
	if (lo && hi && lo->kind == VAL_NUM && hi->kind == VAL_NUM && isfinite(lo->num) &&
	    isfinite(hi->num) && hi->num > lo->num) {
		it->lo = lo->num;
		it->hi = hi->num;
		it->has_scale = true;
	}
}

/* A chart's items from its list: labels formatted, numbers as they are, null a gap. */
static const struct chart *
make_chart(struct expander *ex, const struct tnode *n, const struct binding *b)
{
	const struct tchart *tc = &n->chart;
	assert(n->kind == T_CHART && tc->style != NULL && tc->value != NULL);
	struct chart *c = arena_alloc(ex->a, sizeof(*c));
	c->kind = tc->kind;
	c->style = &tc->style->s;
	c->currency = ex->currency;
	c->lang = ex->t->lang;
	c->fmt = FMT_AUTO;
	c->value_label = tc->value_label;
	c->mark_label = tc->mark_label;
	c->reference_label = tc->reference_label;
	c->line_label = tc->line_label;
	if (tc->has_reference) {
		const struct val *r = tc->reference ? resolve(ex, tc->reference, b) : NULL;
		c->has_reference =
		    tc->reference == NULL || (r && r->kind == VAL_NUM && isfinite(r->num));
		c->reference = tc->reference == NULL     ? tc->reference_num
		               : r && r->kind == VAL_NUM ? r->num
		                                         : 0;
	}
	struct each e;
	size_t count = each_begin(&e, resolve(ex, tc->loop.each, b));
	c->items = arena_alloc(ex->a, (count + 1) * sizeof(*c->items));
	/* Labels are formatted as <value> would. */
	static const struct tvalue label_fmt = {NULL, -1, FMT_AUTO, -1, NULL, NULL, -1};
	for (size_t i = 0; i < count; i++) {
		struct binding inner = {tc->loop.var, each_item(&e, i), b};
		struct chart_item *it = &c->items[c->nitems++];
		const struct val *v = resolve(ex, tc->value, &inner);
		/* A number no axis can hold (an overflow of absurd inputs) is a gap too. */
		if (v && v->kind == VAL_NUM && isfinite(v->num)) {
			it->value = v->num;
			it->has_value = true;
		}
		if (v && v->kind == VAL_NUM && c->fmt == FMT_AUTO)
			c->fmt = v->fmt;
		const struct val *m = tc->mark ? resolve(ex, tc->mark, &inner) : NULL;
		if (m && m->kind == VAL_NUM && isfinite(m->num)) {
			it->mark = m->num;
			it->has_mark = true;
		}
		const struct val *h = tc->highlight ? resolve(ex, tc->highlight, &inner) : NULL;
		it->highlight = val_truthy(h);
		const struct val *l = tc->label ? resolve(ex, tc->label, &inner) : NULL;
		it->label = "";
		if (l && (l->kind == VAL_STR || l->kind == VAL_NUM)) {
			struct sbuf out = {0};
			format_value(ex, &out, n, &label_fmt, l);
			char *s = sbuf_take(&out);
			it->label = arena_strdup(ex->a, s);
			free(s);
		}
		const char *entry = chart_entry_label(ex, tc, &inner);
		if (entry != NULL)
			it->label = entry;
		chart_item_scale(ex, tc, &inner, it);
	}
	each_end(&e);
	return c;
}

/* The items of a list, through its conditions and loops; each a labelled paragraph. */
struct item_walk {
	struct walk w;
	struct blocks *bl;
	const struct tlist *list;
	int number; /* the next item's, counting on through loops and conditions */
};

static void
item_visit(struct expander *ex, const struct tnode *n, const struct binding *b, struct walk *w)
{
	struct item_walk *iw = (struct item_walk *)w;
	const struct tlist *l = iw->list;
	if (n->kind != T_ITEM)
		return;
	struct block *blk = add_block(ex, iw->bl, BLOCK_PARA);
	blk->para = make_para(ex, n->child, l->style, b);
	blk->label = l->numbered ? arena_printf(ex->a, "%d.", iw->number++) : l->bullet;
	blk->label_style = l->label_style ? &l->label_style->s : NULL;
	blk->hang = l->indent;
}

/* A table: its columns and rows as the walk finds them, its look from the template. */
static void
block_table(struct expander *ex, struct blocks *bl, const struct tnode *n, const struct binding *b)
{
	const struct ttable *tb = &n->table;
	struct rows rs = {0};
	struct table_walk tw = {{table_visit, NULL, table_loop, false}, &rs, n};
	expand_each(ex, n->child, b, &tw.w);
	if (rs.ncols == 0) {
		msg_at(MSG_ERROR, n->file, n->line, 0, "<table> has no <col>");
		ex->errors++;
	}
	struct block *blk = add_block(ex, bl, BLOCK_TABLE);
	blk->ncols = rs.ncols;
	blk->cols = arena_alloc(ex->a, (rs.ncols + 1) * sizeof(*rs.cols));
	if (rs.ncols)
		memcpy(blk->cols, rs.cols, rs.ncols * sizeof(*rs.cols));
	blk->nrows = rs.n;
	blk->rows = arena_alloc(ex->a, (rs.n + 1) * sizeof(*rs.v));
	if (rs.n)
		memcpy(blk->rows, rs.v, rs.n * sizeof(*rs.v));
	if (rs.made != NULL)
		blk->made = &rs.made->m;
	free(rs.v);
	free(rs.cols);
	blk->padding = tb->padding;
	blk->height = tb->rule;
	blk->color = tb->rule_color;
	blk->stripe = tb->stripe;
	blk->has_stripe = tb->has_stripe;
	blk->head_fill = tb->head_fill;
	blk->has_head_fill = tb->has_head_fill;
}

static struct block *blocks_of(struct expander *ex, const struct tnode *n, const struct binding *b);

/* Blocks: body, header, footer, keep. */
struct block_walk {
	struct walk w;
	struct blocks *bl;
};

static void
block_visit(struct expander *ex, const struct tnode *n, const struct binding *b, struct walk *w)
{
	struct blocks *bl = ((struct block_walk *)w)->bl;
	struct block *blk;
	switch (n->kind) {
	case T_P:
		blk = add_block(ex, bl, BLOCK_PARA);
		blk->para = make_para(ex, n->child, n->style, b);
		break;
	case T_H:
		blk = add_block(ex, bl, BLOCK_HEADING);
		blk->para = make_para(ex, n->child, n->h.style, b);
		blk->level = n->h.level;
		blk->bookmark = n->h.bookmark ? n->h.bookmark : plain(ex, &blk->para);
		break;
	case T_TABLE:
		block_table(ex, bl, n, b);
		break;
	case T_SPACE:
		add_block(ex, bl, BLOCK_SPACE)->height = n->height;
		break;
	case T_RULE:
		blk = add_block(ex, bl, BLOCK_RULE);
		blk->height = n->rule.thickness;
		blk->color = n->rule.color;
		break;
	case T_PAGEBREAK:
		add_block(ex, bl, BLOCK_PAGEBREAK);
		break;
	case T_LIST: {
		struct item_walk iw = {
		    {item_visit, NULL, NULL, false}, bl, &n->list, n->list.start};
		expand_each(ex, n->child, b, &iw.w);
		break;
	}
	case T_KEEP:
	case T_TILE:
		blk = add_block(ex, bl, BLOCK_KEEP);
		blk->child = blocks_of(ex, n->child, b);
		if (n->kind == T_TILE) {
			blk->has_head_fill = n->tiles.has_fill;
			blk->head_fill = n->tiles.fill;
		}
		break;
	case T_TILES:
		blk = add_block(ex, bl, BLOCK_TILES);
		blk->child = blocks_of(ex, n->child, b);
		blk->padding = n->tiles.padding;
		blk->gap = n->tiles.gap;
		blk->has_head_fill = n->tiles.has_fill;
		blk->head_fill = n->tiles.fill;
		break;
	case T_CHART:
		blk = add_block(ex, bl, BLOCK_CHART);
		blk->chart = make_chart(ex, n, b);
		blk->width = n->chart.width;
		blk->height = n->chart.height;
		blk->align = n->chart.align;
		blk->floats = n->chart.floats;
		break;
	case T_IMAGE:
		blk = add_block(ex, bl, BLOCK_IMAGE);
		blk->img = n->image.img;
		blk->width = n->image.width;
		blk->height = n->image.height;
		blk->align = n->image.align;
		break;
	default:
		break;
	}
}

static struct block *
blocks_of(struct expander *ex, const struct tnode *n, const struct binding *b)
{
	struct blocks bl = {NULL, NULL};
	bl.tail = &bl.head;
	struct block_walk bw = {{block_visit, NULL, NULL, false}, &bl};
	expand_each(ex, n, b, &bw.w);
	return bl.head;
}

static const char *
meta(struct expander *ex, const struct tnode *n)
{
	if (n == NULL)
		return NULL;
	struct para p = make_para(ex, n->child, NULL, NULL);
	return plain(ex, &p);
}

struct doc *
tpl_expand(const struct tpl *t, const struct val *root, struct arena *a)
{
	assert(t != NULL && root != NULL && a != NULL);
	struct expander ex = {t, root, a, NULL, 0, 0, false, NULL, NULL, NULL, 0, 0};
	const struct val *cur = val_get(root, "currency");
	ex.currency = cur && cur->kind == VAL_STR ? cur->str : "EUR";
	struct doc *d = arena_alloc(a, sizeof(*d));
	d->page = t->page;
	d->body = blocks_of(&ex, t->body, NULL);
	d->header = blocks_of(&ex, t->header, NULL);
	d->footer = blocks_of(&ex, t->footer, NULL);
	d->title = meta(&ex, t->title);
	d->subject = meta(&ex, t->subject);
	d->author = meta(&ex, t->author);
	d->keywords = meta(&ex, t->keywords);
	d->lang = t->lang;
	return ex.errors ? NULL : d;
}
