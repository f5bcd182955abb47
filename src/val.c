/* SPDX-License-Identifier: MIT */
/* The value tree: what a template can name (partner, portfolio, analysis), built per report. */
#include <string.h>

#include "val.h"

static struct val *
make(struct arena *a, enum val_kind kind)
{
	struct val *v = arena_alloc(a, sizeof(*v));
	v->kind = kind;
	return v;
}

struct val *
val_null(struct arena *a)
{
	return make(a, VAL_NULL);
}

struct val *
val_bool(struct arena *a, bool b)
{
	struct val *v = make(a, VAL_BOOL);
	v->b = b;
	return v;
}

struct val *
val_num(struct arena *a, double x, enum val_fmt fmt)
{
	struct val *v = make(a, VAL_NUM);
	v->num = x;
	v->fmt = fmt;
	return v;
}

struct val *
val_opt(struct arena *a, struct num x, enum val_fmt fmt)
{
	return num_known(x) ? val_num(a, num_v(x), fmt) : val_null(a);
}

struct val *
val_str(struct arena *a, const char *s)
{
	if (s == NULL)
		return val_null(a);
	struct val *v = make(a, VAL_STR);
	v->str = s;
	return v;
}

struct val *
val_name(struct arena *a, const char *s)
{
	struct val *v = val_str(a, s);
	v->proper = true;
	return v;
}

struct val *
val_list(struct arena *a)
{
	struct val *v = make(a, VAL_LIST);
	v->arena = a;
	return v;
}

struct val *
val_rec(struct arena *a)
{
	struct val *v = make(a, VAL_REC);
	v->arena = a;
	return v;
}

struct val *
val_list_made(struct arena *a, size_t n, const struct val_maker *maker)
{
	struct val *v = make(a, VAL_LIST);
	v->n = n;
	v->maker = maker;
	return v;
}

const struct val *
val_item(const struct val *list, size_t i, struct arena *scratch)
{
	if (list->maker != NULL)
		return list->maker->make(list->maker->ctx, i, scratch);
	return list->items[i];
}

/*
 * Lists and records grow inside their arena, copied on growth: a few wasted bytes
 * per report beat a free list, and one arena_free still takes everything.
 */
static void *
grow(void *items, size_t *cap, size_t n, size_t sz, struct arena *a)
{
	if (n < *cap)
		return items;
	size_t c = *cap ? *cap * 2 : 8;
	void *p = arena_alloc(a, c * sz);
	if (items != NULL)
		memcpy(p, items, *cap * sz);
	*cap = c;
	return p;
}

void
val_push(struct val *list, struct val *item)
{
	list->items = grow(list->items, &list->cap, list->n, sizeof(*list->items), list->arena);
	list->items[list->n++] = item;
}

struct val *
val_set(struct val *rec, const char *name, struct val *v)
{
	for (size_t i = 0; i < rec->nfields; i++)
		if (strcmp(rec->fields[i].name, name) == 0) {
			rec->fields[i].v = v;
			return v;
		}
	rec->fields = grow(rec->fields, &rec->fcap, rec->nfields, sizeof(*rec->fields), rec->arena);
	rec->fields[rec->nfields].name = name;
	rec->fields[rec->nfields].v = v;
	rec->nfields++;
	return v;
}

const struct val *
val_get(const struct val *rec, const char *name)
{
	if (rec == NULL || rec->kind != VAL_REC)
		return NULL;
	for (size_t i = 0; i < rec->nfields; i++)
		if (strcmp(rec->fields[i].name, name) == 0)
			return rec->fields[i].v;
	return NULL;
}

bool
val_truthy(const struct val *v)
{
	if (v == NULL)
		return false;
	switch (v->kind) {
	case VAL_NULL:
		return false;
	case VAL_BOOL:
		return v->b;
	case VAL_NUM:
		return v->num != 0;
	case VAL_STR:
		return v->str[0] != '\0';
	case VAL_LIST:
		return v->n > 0;
	case VAL_REC:
		return true;
	}
	return false;
}
