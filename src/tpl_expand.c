/* SPDX-License-Identifier: MIT */
/* Expanding a loaded template against one report's value tree into the document tree. */
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
	const struct frame *frame; /* innermost entry with parameters being expanded */
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

static bool
eval(const struct expander *ex, const struct expr *e, const struct binding *b);

/* Compares two operands; null, or numbers with text, are unequal and unordered. */
static bool
compare(const struct expander *ex, const struct expr *e, const struct binding *b)
{
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
	s->size = in->size;
	s->color = in->color;
}

static const struct chart *make_chart(struct expander *ex, const struct tnode *n,
				      const struct binding *b);

static void
format_value(struct expander *ex, struct sbuf *out, const struct tnode *n, const struct val *v)
{
	enum val_fmt f = n->fmt != FMT_AUTO ? n->fmt : v->fmt;
	if (v->kind == VAL_STR) {
		sbuf_adds(out, v->str);
		return;
	}
	if (v->kind != VAL_NUM) {
		msg_at(MSG_ERROR, n->file, n->line, 0, "<value of=\"%s\">: not a number or text",
		       n->path ? n->path->text : "");
		ex->errors++;
		return;
	}
	int d = n->digits;
	double x = v->num;
	switch (f) {
	case FMT_AUTO:
		if (x == floor(x) && n->digits < 0)
			fmt_int(out, x);
		else
			fmt_decimal(out, x, d < 0 ? 1 : d);
		break;
	case FMT_INT:
		fmt_int(out, x);
		break;
	case FMT_DECIMAL:
		fmt_decimal(out, x, d < 0 ? 1 : d);
		break;
	case FMT_SIGNED:
		/* A difference shows its sign; one that rounds to zero shows none. */
		if (x > 0 && round(x * pow(10, d < 0 ? 1 : d)) != 0)
			sbuf_addc(out, '+');
		fmt_decimal(out, x, d < 0 ? 1 : d);
		break;
	case FMT_MONEY:
		fmt_money(out, x, ex->currency, d < 0 ? 0 : d);
		break;
	case FMT_PERCENT:
		fmt_percent(out, x, d < 0 ? 1 : d);
		break;
	case FMT_CHANGE:
		fmt_change(out, x, d < 0 ? 1 : d);
		break;
	case FMT_DATE:
		fmt_date(out, (int)x);
		break;
	case FMT_QUARTER:
		fmt_quarter(out, (int)x);
		break;
	case FMT_TEXT: {
		/* The plain number, without thousands separators: 20263, 3,5. */
		struct sbuf tmp = {0};
		fmt_decimal(&tmp, x, d < 0 ? 0 : d);
		for (size_t i = 0; i < tmp.len; i++)
			if (tmp.s[i] != '.')
				sbuf_addc(out, tmp.s[i]);
		sbuf_free(&tmp);
		break;
	}
	}
}

static void inline_content(struct expander *ex, struct spans *sp, const struct tnode *n,
			   const struct inl *in, const struct binding *b);

static void
inline_node(struct expander *ex, struct spans *sp, const struct tnode *n, const struct inl *in,
	    const struct binding *b, bool *else_open)
{
	struct inl sub = *in;
	switch (n->kind) {
	case T_TEXT:
		add_span(ex, sp, in, n->text, SPAN_TEXT);
		break;
	case T_VALUE:
	case T_PARAM: {
		const struct val *v = n->kind == T_VALUE ? resolve(ex, n->path, b)
			: ex->frame != NULL && n->param >= 0 ? ex->frame->vals[n->param] : NULL;
		if (n->kind == T_VALUE) {
			if (v == NULL || v->kind == VAL_NULL)
				ex->values_missing++;
			else
				ex->values_shown++;
		}
		if (v == NULL || v->kind == VAL_NULL) {
			if (n->missing_text != NULL)
				add_span(ex, sp, in, n->missing_text, SPAN_TEXT);
			else
				inline_content(ex, sp, n->missing->child, in, b);
			break;
		}
		struct sbuf out = {0};
		format_value(ex, &out, n, v);
		char *s = sbuf_take(&out);
		size_t before = sp->n;
		add_span(ex, sp, in, arena_strdup(ex->a, s), SPAN_TEXT);
		free(s);
		/* Figures and proper names are never hyphenated, unless the template says. */
		if (sp->n > before)
			sp->v[before].nohyph = n->hyphenate >= 0 ? !n->hyphenate
						 : v->kind == VAL_NUM || v->proper;
		break;
	}
	case T_B:
	case T_I:
		sub.bold |= n->kind == T_B;
		sub.italic |= n->kind == T_I;
		inline_content(ex, sp, n->child, &sub, b);
		break;
	case T_MSG: {
		/* Parameters take their values here, where the loop variables are known. */
		const struct tnode *entry = n->msg;
		const struct frame *outer = ex->frame;
		struct frame f = {NULL, outer};
		if (entry->nparams > 0) {
			f.vals = arena_alloc(ex->a, entry->nparams * sizeof(*f.vals));
			for (size_t i = 0; i < entry->nparams; i++)
				f.vals[i] = n->args && n->args[i] ? resolve(ex, n->args[i], b) : NULL;
			ex->frame = &f;
		}
		inline_content(ex, sp, entry->child, in, b);
		ex->frame = outer;
		break;
	}
	case T_CHART:
		ex->cell_chart = n;
		ex->cell_chart_b = b;
		break;
	case T_PAGENUM:
		add_span(ex, sp, in, "", SPAN_PAGE);
		break;
	case T_PAGECOUNT:
		add_span(ex, sp, in, "", SPAN_PAGES);
		break;
	case T_IF:
		*else_open = !eval(ex, n->test, b);
		if (!*else_open)
			inline_content(ex, sp, n->child, in, b);
		return;
	case T_ELSE:
		if (*else_open)
			inline_content(ex, sp, n->child, in, b);
		break;
	case T_FOR: {
		struct each e;
		size_t count = each_begin(&e, resolve(ex, n->path, b));
		for (size_t i = 0; i < count; i++) {
			struct binding inner = {n->var, each_item(&e, i), b};
			if (i > 0 && n->sep != NULL)
				add_span(ex, sp, in, n->sep, SPAN_TEXT);
			inline_content(ex, sp, n->child, in, &inner);
		}
		each_end(&e);
		break;
	}
	default:
		break;
	}
	*else_open = false;
}

static void
inline_content(struct expander *ex, struct spans *sp, const struct tnode *n, const struct inl *in,
	       const struct binding *b)
{
	bool else_open = false;
	if (++ex->depth > 64) {
		/* Only a "missing" entry showing a missing value gets here: say it once. */
		if (!ex->too_deep && n != NULL) {
			ex->too_deep = true;
			msg_at(MSG_ERROR, n->file, n->line, 0,
			       "the text nests too deep (a \"missing\" entry showing a missing value?)");
			ex->errors++;
		}
		ex->depth--;
		return;
	}
	for (; n != NULL; n = n->next)
		inline_node(ex, sp, n, in, b, &else_open);
	ex->depth--;
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
	struct para p = {st ? &st->s : NULL, NULL, sp.n, NULL, 0, 0};
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

/* Collects a row's cells; loops and conditions inside the row may make them. */
static void
row_cells(struct expander *ex, struct cells *cs, const struct tnode *n, const struct tnode *table,
	  bool head, const struct binding *b)
{
	bool else_open = false;
	for (; n != NULL; n = n->next) {
		switch (n->kind) {
		case T_CELL: {
			const struct tstyle *st = n->style ? n->style
						 : head     ? table->head_style
							    : table->style;
			xgrow(&cs->v, &cs->cap, cs->n, sizeof(*cs->v));
			ex->cell_chart = NULL;
			struct para p = make_para(ex, n->child, st, b);
			if (ex->cell_chart != NULL) {
				p.chart = make_chart(ex, ex->cell_chart, ex->cell_chart_b);
				p.chart_w = ex->cell_chart->width;
				p.chart_h = ex->cell_chart->height > 0 ? ex->cell_chart->height : 12;
				ex->cell_chart = NULL;
			}
			cs->v[cs->n++] = p;
			break;
		}
		case T_IF:
			else_open = !eval(ex, n->test, b);
			if (!else_open)
				row_cells(ex, cs, n->child, table, head, b);
			continue;
		case T_ELSE:
			if (else_open)
				row_cells(ex, cs, n->child, table, head, b);
			break;
		case T_FOR: {
			struct each e;
			size_t count = each_begin(&e, resolve(ex, n->path, b));
			for (size_t i = 0; i < count; i++) {
				struct binding inner = {n->var, each_item(&e, i), b};
				row_cells(ex, cs, n->child, table, head, &inner);
			}
			each_end(&e);
			break;
		}
		default:
			break;
		}
		else_open = false;
	}
}

static void
table_row(struct expander *ex, struct rows *rs, const struct tnode *row, const struct tnode *table,
	  const struct binding *b)
{
	bool head = row->kind == T_HEAD;
	struct cells cs = {0};
	size_t shown = ex->values_shown, missing = ex->values_missing;
	row_cells(ex, &cs, row->child, table, head, b);
	/* <row omit-empty="yes">: a row of values all missing is left out. */
	if (row->omit_empty && ex->values_shown == shown && ex->values_missing > missing) {
		free(cs.v);
		return;
	}
	if (cs.n != rs->ncols) {
		msg_at(MSG_ERROR, row->file, row->line, 0,
		       "this row has %zu cell%s, the table %zu column%s", cs.n, cs.n == 1 ? "" : "s",
		       rs->ncols, rs->ncols == 1 ? "" : "s");
		ex->errors++;
	}
	/* Missing cells stay empty, so the row still has one per column. */
	xgrow(&cs.v, &cs.cap, rs->ncols, sizeof(*cs.v));
	for (size_t i = cs.n; i < rs->ncols; i++)
		cs.v[i] = (struct para){&table->style->s, NULL, 0, NULL, 0, 0};
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
	mr->var = n->var;
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

static void
table_content(struct expander *ex, struct rows *rs, const struct tnode *n,
	      const struct tnode *table, const struct binding *b)
{
	bool else_open = false;
	for (; n != NULL; n = n->next) {
		switch (n->kind) {
		case T_COL:
			xgrow(&rs->cols, &rs->ccap, rs->ncols, sizeof(*rs->cols));
			rs->cols[rs->ncols++] = n->col;
			break;
		case T_HEAD:
		case T_ROW:
			table_row(ex, rs, n, table, b);
			break;
		case T_IF:
			else_open = !eval(ex, n->test, b);
			if (!else_open)
				table_content(ex, rs, n->child, table, b);
			continue;
		case T_ELSE:
			if (else_open)
				table_content(ex, rs, n->child, table, b);
			break;
		case T_FOR: {
			const struct val *list = resolve(ex, n->path, b);
			if (rows_made(ex, rs, n, table, list, b))
				break;
			struct each e;
			size_t count = each_begin(&e, list);
			for (size_t i = 0; i < count; i++) {
				struct binding inner = {n->var, each_item(&e, i), b};
				table_content(ex, rs, n->child, table, &inner);
			}
			each_end(&e);
			break;
		}
		default:
			break;
		}
		else_open = false;
	}
}

static void block_content(struct expander *ex, struct blocks *bl, const struct tnode *n,
			  const struct binding *b);

/*
 * <chart label-key="q.id" label-entry="short">: the plain text of catalogue entry
 * "short-" + the key's value, when the catalogue has it; NULL otherwise.
 */
static const char *
chart_entry_label(struct expander *ex, const struct tnode *n, const struct binding *b)
{
	if (n->label_key == NULL || n->label_entry == NULL)
		return NULL;
	const struct val *k = resolve(ex, n->label_key, b);
	if (k == NULL || k->kind != VAL_STR)
		return NULL;
	char *id = xasprintf("%s-%s", n->label_entry, k->str);
	const struct tnode *e = ex->t->catalog;
	while (e != NULL && strcmp(e->id, id) != 0)
		e = e->next;
	free(id);
	if (e == NULL)
		return NULL;
	struct para p = make_para(ex, e->child, n->style, b);
	return plain(ex, &p);
}

/* A chart's items from its list: labels formatted, numbers as they are, null a gap. */
static const struct chart *
make_chart(struct expander *ex, const struct tnode *n, const struct binding *b)
{
	struct chart *c = arena_alloc(ex->a, sizeof(*c));
	c->kind = (enum chart_kind)(n->chart < 0 ? 0 : n->chart);
	c->style = &n->style->s;
	c->currency = ex->currency;
	c->fmt = FMT_AUTO;
	c->value_label = n->value_label;
	c->mark_label = n->mark_label;
	c->reference_label = n->reference_label;
	c->line_label = n->line_label;
	if (n->has_reference) {
		const struct val *r = n->reference ? resolve(ex, n->reference, b) : NULL;
		c->has_reference = n->reference == NULL || (r && r->kind == VAL_NUM && isfinite(r->num));
		c->reference = n->reference == NULL ? n->reference_num : r && r->kind == VAL_NUM ? r->num : 0;
	}
	struct each e;
	size_t count = each_begin(&e, resolve(ex, n->path, b));
	c->items = arena_alloc(ex->a, (count + 1) * sizeof(*c->items));
	struct tnode fmt_node = *n; /* formats a label as <value> would */
	fmt_node.fmt = FMT_AUTO;
	fmt_node.digits = -1;
	for (size_t i = 0; i < count; i++) {
		struct binding inner = {n->var, each_item(&e, i), b};
		struct chart_item *it = &c->items[c->nitems++];
		const struct val *v = resolve(ex, n->value, &inner);
		/* A number no axis can hold (an overflow of absurd inputs) is a gap too. */
		if (v && v->kind == VAL_NUM && isfinite(v->num)) {
			it->value = v->num;
			it->has_value = true;
		}
		if (v && v->kind == VAL_NUM && c->fmt == FMT_AUTO)
			c->fmt = v->fmt;
		const struct val *m = n->mark ? resolve(ex, n->mark, &inner) : NULL;
		if (m && m->kind == VAL_NUM && isfinite(m->num)) {
			it->mark = m->num;
			it->has_mark = true;
		}
		const struct val *h = n->highlight ? resolve(ex, n->highlight, &inner) : NULL;
		it->highlight = val_truthy(h);
		const struct val *l = n->label ? resolve(ex, n->label, &inner) : NULL;
		it->label = "";
		if (l && (l->kind == VAL_STR || l->kind == VAL_NUM)) {
			struct sbuf out = {0};
			format_value(ex, &out, &fmt_node, l);
			char *s = sbuf_take(&out);
			it->label = arena_strdup(ex->a, s);
			free(s);
		}
		const char *entry = chart_entry_label(ex, n, &inner);
		if (entry != NULL)
			it->label = entry;
		const struct val *lo = n->min ? resolve(ex, n->min, &inner) : NULL;
		const struct val *hi = n->max ? resolve(ex, n->max, &inner) : NULL;
		if (lo && hi && lo->kind == VAL_NUM && hi->kind == VAL_NUM && isfinite(lo->num) &&
		    isfinite(hi->num) && hi->num > lo->num) {
			it->lo = lo->num;
			it->hi = hi->num;
			it->has_scale = true;
		}
	}
	each_end(&e);
	return c;
}

/* The items of a list, through its conditions and loops; each a labelled paragraph. */
static void
list_items(struct expander *ex, struct blocks *bl, const struct tnode *list, const struct tnode *n,
	   const struct binding *b, int *number)
{
	bool else_open = false;
	for (; n != NULL; n = n->next) {
		switch (n->kind) {
		case T_ITEM: {
			struct block *blk = add_block(ex, bl, BLOCK_PARA);
			blk->para = make_para(ex, n->child, list->style, b);
			blk->label = list->numbered ? arena_printf(ex->a, "%d.", (*number)++) : list->bullet;
			blk->label_style = list->label_style ? &list->label_style->s : NULL;
			blk->hang = list->indent;
			break;
		}
		case T_IF:
			else_open = !eval(ex, n->test, b);
			if (!else_open)
				list_items(ex, bl, list, n->child, b, number);
			continue;
		case T_ELSE:
			if (else_open)
				list_items(ex, bl, list, n->child, b, number);
			break;
		case T_FOR: {
			struct each e;
			size_t count = each_begin(&e, resolve(ex, n->path, b));
			for (size_t i = 0; i < count; i++) {
				struct binding inner = {n->var, each_item(&e, i), b};
				list_items(ex, bl, list, n->child, &inner, number);
			}
			each_end(&e);
			break;
		}
		default:
			break;
		}
		else_open = false;
	}
}

static void
block_node(struct expander *ex, struct blocks *bl, const struct tnode *n, const struct binding *b,
	   bool *else_open)
{
	struct block *blk;
	switch (n->kind) {
	case T_P:
	case T_H:
		blk = add_block(ex, bl, n->kind == T_P ? BLOCK_PARA : BLOCK_HEADING);
		blk->para = make_para(ex, n->child, n->style, b);
		if (n->kind == T_H) {
			blk->level = n->level;
			blk->bookmark = n->text ? n->text : plain(ex, &blk->para);
		}
		break;
	case T_TABLE: {
		struct rows rs = {0};
		table_content(ex, &rs, n->child, n, b);
		if (rs.ncols == 0) {
			msg_at(MSG_ERROR, n->file, n->line, 0, "<table> has no <col>");
			ex->errors++;
		}
		blk = add_block(ex, bl, BLOCK_TABLE);
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
		blk->padding = n->padding;
		blk->height = n->num;
		blk->color = n->color;
		blk->stripe = n->stripe;
		blk->has_stripe = n->has_stripe;
		blk->head_fill = n->head_fill;
		blk->has_head_fill = n->has_head_fill;
		break;
	}
	case T_SPACE:
		blk = add_block(ex, bl, BLOCK_SPACE);
		blk->height = n->num;
		break;
	case T_RULE:
		blk = add_block(ex, bl, BLOCK_RULE);
		blk->height = n->num;
		blk->color = n->color;
		break;
	case T_PAGEBREAK:
		add_block(ex, bl, BLOCK_PAGEBREAK);
		break;
	case T_LIST: {
		int number = n->start;
		list_items(ex, bl, n, n->child, b, &number);
		break;
	}
	case T_KEEP:
	case T_TILE:
	case T_TILES: {
		blk = add_block(ex, bl, n->kind == T_TILES ? BLOCK_TILES : BLOCK_KEEP);
		struct blocks inner = {NULL, NULL};
		inner.tail = &inner.head;
		block_content(ex, &inner, n->child, b);
		blk->child = inner.head;
		blk->padding = n->padding;
		blk->gap = n->num;
		blk->has_head_fill = n->has_head_fill;
		blk->head_fill = n->head_fill;
		break;
	}
	case T_CHART: {
		blk = add_block(ex, bl, BLOCK_CHART);
		blk->chart = make_chart(ex, n, b);
		blk->width = n->width;
		blk->height = n->height;
		blk->align = n->align;
		break;
	}
	case T_IMAGE: {
		blk = add_block(ex, bl, BLOCK_IMAGE);
		blk->img = n->img;
		blk->width = n->width;
		blk->height = n->height;
		blk->align = n->align;
		break;
	}
	case T_IF:
		*else_open = !eval(ex, n->test, b);
		if (!*else_open)
			block_content(ex, bl, n->child, b);
		return;
	case T_ELSE:
		if (*else_open)
			block_content(ex, bl, n->child, b);
		break;
	case T_FOR: {
		struct each e;
		size_t count = each_begin(&e, resolve(ex, n->path, b));
		for (size_t i = 0; i < count; i++) {
			struct binding inner = {n->var, each_item(&e, i), b};
			block_content(ex, bl, n->child, &inner);
		}
		each_end(&e);
		break;
	}
	default:
		break;
	}
	*else_open = false;
}

static void
block_content(struct expander *ex, struct blocks *bl, const struct tnode *n,
	      const struct binding *b)
{
	bool else_open = false;
	for (; n != NULL; n = n->next)
		block_node(ex, bl, n, b, &else_open);
}

static struct block *
blocks_of(struct expander *ex, const struct tnode *n)
{
	struct blocks bl = {NULL, NULL};
	bl.tail = &bl.head;
	block_content(ex, &bl, n, NULL);
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
	struct expander ex = {t, root, a, NULL, 0, 0, false, NULL, NULL, NULL, 0, 0};
	const struct val *cur = val_get(root, "currency");
	ex.currency = cur && cur->kind == VAL_STR ? cur->str : "EUR";
	struct doc *d = arena_alloc(a, sizeof(*d));
	d->page = t->page;
	d->body = blocks_of(&ex, t->body);
	d->header = blocks_of(&ex, t->header);
	d->footer = blocks_of(&ex, t->footer);
	d->title = meta(&ex, t->title);
	d->subject = meta(&ex, t->subject);
	d->author = meta(&ex, t->author);
	d->keywords = meta(&ex, t->keywords);
	return ex.errors ? NULL : d;
}
