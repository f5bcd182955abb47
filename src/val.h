/* SPDX-License-Identifier: MIT */
/* The value tree: what a template can name (partner, portfolio, analysis), built per report. */
#ifndef PR_VAL_H
#define PR_VAL_H

#include <stdbool.h>
#include <stddef.h>

#include "mem.h"
#include "model.h"

enum val_kind {
	VAL_NULL, /* "keine Angabe" */
	VAL_BOOL,
	VAL_NUM,
	VAL_STR,
	VAL_LIST,
	VAL_REC
};

/* How a number shows unless the template asks for another format. */
enum val_fmt {
	FMT_AUTO, /* integer if integral, else one decimal */
	FMT_INT,
	FMT_DECIMAL,
	FMT_MONEY,
	FMT_PERCENT, /* a ratio: 0.875 shows as 87,5 % */
	FMT_CHANGE,  /* a signed ratio: +12,3 % */
	FMT_SIGNED,  /* a signed difference with one decimal: +0,5 */
	FMT_DATE,    /* YYYYMMDD */
	FMT_QUARTER, /* YYYYQ */
	FMT_TEXT     /* only for the template's format attribute */
};

struct val_field;
struct val_maker;

struct val {
	enum val_kind kind;
	enum val_fmt fmt;
	bool b;
	double num;
	const char *str;
	struct val **items; /* VAL_LIST; NULL for a made list: read items with val_item */
	size_t n, cap;
	const struct val_maker *maker; /* VAL_LIST: its items are made when read */
	struct val_field *fields;      /* VAL_REC, in insertion order */
	size_t nfields, fcap;
	struct arena *arena; /* lists and records grow in the arena they came from */
	bool proper;         /* a name, id or address: never hyphenated */
};

struct val_field {
	const char *name;
	struct val *v;
};

/*
 * A list whose items are made one at a time as they are read, instead of all held
 * (the overview's ten thousand partners): make builds item i from ctx in arena a.
 */
struct val_maker {
	struct val *(*make)(const void *ctx, size_t i, struct arena *a);
	const void *ctx;
};

/*
 * Constructors. Everything comes from the arena a and goes with it; names and
 * strings are borrowed, so they must live as long as the arena (model strings do).
 */
struct val *val_null(struct arena *a);
struct val *val_bool(struct arena *a, bool b);
struct val *val_num(struct arena *a, double x, enum val_fmt fmt);
struct val *val_opt(struct arena *a, struct num x, enum val_fmt fmt); /* null when unset */
struct val *val_str(struct arena *a, const char *s);                  /* null when s is NULL */
struct val *val_name(struct arena *a, const char *s);                 /* val_str of a proper name */
struct val *val_list(struct arena *a);
struct val *val_rec(struct arena *a);
void val_push(struct val *list, struct val *item); /* not on a made list */
/* A list of n items made by maker when read; maker is borrowed and must outlive it. */
struct val *val_list_made(struct arena *a, size_t n, const struct val_maker *maker);

/*
 * Item i (< list->n) of a list: the stored one, or of a made list one made in
 * scratch, which must live as long as the item is used.
 */
const struct val *val_item(const struct val *list, size_t i, struct arena *scratch);
/* Sets (or replaces) a field of a record; returns v. */
struct val *val_set(struct val *rec, const char *name, struct val *v);

/* The field of a record, or NULL when rec is no record or has no such field. */
const struct val *val_get(const struct val *rec, const char *name);

/* True for everything but null, false, 0, "", and the empty list. */
bool val_truthy(const struct val *v);

#endif
