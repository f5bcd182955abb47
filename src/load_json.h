/* SPDX-License-Identifier: MIT */
/* Between load_json.c and load_json_survey.c: walking a JSON tree into the model, its path and messages. */
#ifndef PR_LOAD_JSON_H
#define PR_LOAD_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "load_int.h"
#include "load_tree.h"
#include "mem.h"
#include "msg.h"
#include "model.h"

#define METRICS_FORMAT "partnerreview-metrics/1"
#define SURVEY_FORMAT "partnerreview-survey/1"

#define FIELDS(a) a, sizeof(a) / sizeof((a)[0])

/* ---------------------------------------------------------------------------
 * Finding repeated ids and periods.
 * ------------------------------------------------------------------------- */

struct keyed {
	const char *s; /* a string key, or NULL */
	int n;         /* an int key when s is NULL */
	size_t idx;    /* the position in the file */
};

/* ---------------------------------------------------------------------------
 * Walking the tree: the JSON path of the current value, and the messages.
 * ------------------------------------------------------------------------- */

enum scope {
	SC_FILE,  /* errors spoil the whole file */
	SC_ITEM,  /* errors fail the current partner (or response of a known partner) */
	SC_SOFT,  /* problems are warnings: a response nobody can be blamed for */
	SC_DEFER, /* a response read before the metrics: SC_ITEM or SC_SOFT, told later */
};

struct ctx {
	const char *file;
	struct load_doc *doc; /* the file, for the arrays left out of the tree */
	struct arena *arena;  /* the model's */
	const char *seen[24]; /* strings of the partner being read, to share repeats */
	size_t nseen;
	bool share; /* reading a partner: its repeated strings share a copy */
	/*
	 * Every string of the model once (model_strndup): a region, a tier, a name or a
	 * comment met again is not copied again. Open addressing; freed after reading.
	 */
	struct lj_intern {
		const char *s; /* NULL: free */
		size_t hash;
	} * intern;
	size_t intern_mask, nintern;
	bool
	    unique; /* the strings being read are unique by nature (a partner's id and name): not in the table */
	/* The JSON path of the current value, as steps: written out only for a message. */
	struct step {
		const char *key; /* .key or ["key"] (borrowed, lives while pushed); NULL: */
		size_t index;    /* [index] */
	} * path;
	size_t npath, cappath;
	enum scope scope;
	struct msg_held *held; /* in SC_DEFER: the thread's held messages (msg_hold) */
	size_t fatal;          /* errors in SC_FILE */
	size_t local;          /* problems in the current SC_ITEM or SC_SOFT */
};

/*
 * Where each id was first seen, so that a repeated one is known when its partner
 * is read: an open-addressing table of indices into partners[].
 */
struct id_index {
	struct id_slot {
		const char *id; /* NULL: free */
		size_t hash;
		size_t index; /* in partners[] */
	} * slot;
	size_t mask;
};

/* ---- load_json.c: the readers of one value and the checks both files share ---- */

/*
 * For entries k[0..n) (all string keys or all int keys), first[idx] becomes the
 * position of the first entry with the same key, SIZE_MAX for the first itself.
 * first has total elements. Sorts k.
 */
void lj_find_repeats(struct keyed *k, size_t n, size_t *first, size_t total);

void lj_ctx_init(struct ctx *c, const char *file, struct arena *arena);
/* Frees c's table of the strings it has kept once (the model keeps the strings). */
void lj_intern_free(struct ctx *c);

char *lj_model_strdup(struct ctx *c, const char *s);

/* n zeroed elements of size sz in the model. */
void *lj_model_calloc(struct ctx *c, size_t n, size_t sz);

/* Enters member key; returns the mark for path_pop. */
size_t lj_path_key(struct ctx *c, const char *key);

size_t lj_path_index(struct ctx *c, size_t i);

void lj_path_pop(struct ctx *c, size_t mark);

/* A problem at the current path: an error or, in SC_SOFT, a warning. */
void lj_report(struct ctx *c, const char *fmt, ...) PR_PRINTF(2, 3);

/* A warning at the current path that fails nothing. */
void lj_warn(struct ctx *c, const char *fmt, ...) PR_PRINTF(2, 3);

void lj_bad_type(struct ctx *c, const char *expected, const cJSON *v);

/*
 * Reports every key that occurs twice in obj (the tree marks the repeats; the first
 * occurrence is the one used), and an object of too many unknown keys.
 */
void lj_check_keys(struct ctx *c, const cJSON *obj);

/*
 * The member key of obj with the path already at key; NULL when it is absent.
 * JSON null counts as absent for an optional member; for a required one it is
 * left to the type check.
 */
const cJSON *lj_member(struct ctx *c, const cJSON *obj, const char *key, bool required);

char *lj_get_text(struct ctx *c, const cJSON *obj, const char *key, enum load_text_kind kind,
                  bool required);

char *lj_get_id(struct ctx *c, const cJSON *obj, const char *key);

int lj_get_period(struct ctx *c, const cJSON *obj, const char *key);

/* An optional date: YYYYMMDD, or 0 when absent or bad. */
int lj_get_date(struct ctx *c, const cJSON *obj, const char *key);

/* A finite JSON number into out; false (after a message) otherwise. */
bool lj_val_number(struct ctx *c, const cJSON *v, const char *expected, struct num *out);

/*
 * The member key when it is of the wanted kind (object or array), with the path
 * left at key for reading it: the caller pops to *mark. NULL when absent or wrong.
 */
const cJSON *lj_enter(struct ctx *c, const cJSON *obj, const char *key, bool array, bool required,
                      size_t *mark);

/* format must be exactly want; false when it is present but wrong (nothing else is read). */
bool lj_check_format(struct ctx *c, const cJSON *root, const char *want, const char *other,
                     const char *other_name);

bool lj_check_root(struct ctx *c, const cJSON *root);

void lj_period_text(char *buf, size_t size, int period);

/* An empty index for n partners. */
void lj_id_index_init(struct id_index *ix, size_t n);

/*
 * The slot of id: its first partner's, or the free one where it would go. The slot
 * holds the id and its hash: a probe touches no partner (the model is big and cold).
 */
struct id_slot *lj_id_slot(const struct id_index *ix, const char *id);
/* The same, with id's hash h (load_hash) known. */
struct id_slot *lj_id_slot_h(const struct id_index *ix, const char *id, size_t h);

/* The index of the first partner with p's id, or SIZE_MAX after adding p as the first. */
size_t lj_id_first(struct id_index *ix, const struct partner *p);

/* The text of d as a CSV source, its encoding checked as JSON's is; false after a message. */
bool lj_csv_source(struct load_doc *d, struct csv_src *src);

#endif
