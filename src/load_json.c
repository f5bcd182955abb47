/* SPDX-License-Identifier: MIT */
/* JSON to model: metrics.json, its tree (load_tree.c) checked and turned into the model; the value readers survey.json shares (load_json.h); --pdf-password's JSON. */
#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "load.h"
#include "load_int.h"
#include "load_json.h"
#include "load_tree.h"
#include "mem.h"
#include "msg.h"

/* ---------------------------------------------------------------------------
 * The format's shape (input-format.md): what the trees hold. A member not
 * named here is unknown, skipped unread, and costs nothing (load_tree.h).
 * ------------------------------------------------------------------------- */

static const struct load_field person_fields[] = {
    LOAD_FIELD("name", J_LEAF, NULL), LOAD_FIELD("email", J_LEAF, NULL),
    LOAD_FIELD("phone", J_LEAF, NULL),
    LOAD_FIELD("salutation", J_LEAF, NULL), /* a partner's contact's */
};
static const struct load_schema person_shape = {FIELDS(person_fields)};

static const struct load_field vendor_fields[] = {
    LOAD_FIELD("name", J_LEAF, NULL),
    LOAD_FIELD("channel_manager", J_OBJECT, &person_shape),
};
static const struct load_schema vendor_shape = {FIELDS(vendor_fields)};

static const struct load_field rep_fields[] = {LOAD_FIELD("name", J_LEAF, NULL),
                                               LOAD_FIELD("revenue", J_LEAF, NULL),
                                               LOAD_FIELD("deals_won", J_LEAF, NULL)};
static const struct load_schema rep_shape = {FIELDS(rep_fields)};

static const struct load_field quarter_fields[] = {
    LOAD_FIELD("period", J_LEAF, NULL),
    LOAD_FIELD("revenue", J_LEAF, NULL),
    LOAD_FIELD("target", J_LEAF, NULL),
    LOAD_FIELD("leads_received", J_LEAF, NULL),
    LOAD_FIELD("leads_followed_up", J_LEAF, NULL),
    LOAD_FIELD("deals_won", J_LEAF, NULL),
    LOAD_FIELD("pipeline", J_LEAF, NULL),
    LOAD_FIELD("certified_reps", J_LEAF, NULL),
    LOAD_FIELD("service_tickets", J_LEAF, NULL),
    LOAD_FIELD("channel_conflicts", J_LEAF, NULL),
    LOAD_FIELD("reps", J_ARRAY, &rep_shape),
};
static const struct load_schema quarter_shape = {FIELDS(quarter_fields)};

static const struct load_field engagement_fields[] = {
    LOAD_FIELD("onsite_visit_accepted", J_LEAF, NULL),
    LOAD_FIELD("last_meeting", J_LEAF, NULL),
    LOAD_FIELD("meetings_declined", J_LEAF, NULL),
};
static const struct load_schema engagement_shape = {FIELDS(engagement_fields)};

static const struct load_field partner_fields[] = {
    LOAD_FIELD("id", J_LEAF, NULL),
    LOAD_FIELD("name", J_LEAF, NULL),
    LOAD_FIELD("region", J_LEAF, NULL),
    LOAD_FIELD("tier", J_LEAF, NULL),
    LOAD_FIELD("language", J_LEAF, NULL),
    LOAD_FIELD("partner_since", J_LEAF, NULL),
    LOAD_FIELD("contact", J_OBJECT, &person_shape),
    LOAD_FIELD("sales_team", J_ARRAY, &person_shape),
    LOAD_FIELD("engagement", J_OBJECT, &engagement_shape),
    LOAD_FIELD("quarters", J_ARRAY, &quarter_shape),
};
static const struct load_schema partner_shape = {FIELDS(partner_fields)};

static const struct load_field metrics_fields[] = {
    LOAD_FIELD("format", J_LEAF, NULL),
    LOAD_FIELD("vendor", J_OBJECT, &vendor_shape),
    LOAD_FIELD("currency", J_LEAF, NULL),
    LOAD_FIELD("partners", J_LAZY, &partner_shape),
};
static const struct load_schema metrics_root = {FIELDS(metrics_fields)};

/* ---------------------------------------------------------------------------
 * Finding repeated ids and periods.
 * ------------------------------------------------------------------------- */

static int
keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int r = x->s != NULL ? strcmp(x->s, y->s) : (x->n > y->n) - (x->n < y->n);
	if (r != 0)
		return r;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

/*
 * For entries k[0..n) (all string keys or all int keys), first[idx] becomes the
 * position of the first entry with the same key, SIZE_MAX for the first itself.
 * first has total elements. Sorts k.
 */
void
lj_find_repeats(struct keyed *k, size_t n, size_t *first, size_t total)
{
	for (size_t i = 0; i < total; i++)
		first[i] = SIZE_MAX;
	qsort(k, n, sizeof(*k), keyed_cmp);
	size_t head = 0;
	for (size_t i = 1; i < n; i++) {
		bool same = k[i].s != NULL ? strcmp(k[i].s, k[head].s) == 0 : k[i].n == k[head].n;
		if (same)
			first[k[i].idx] = k[head].idx;
		else
			head = i;
	}
}

/* ---------------------------------------------------------------------------
 * Walking the tree: the JSON path of the current value, and the messages.
 * ------------------------------------------------------------------------- */

void
lj_ctx_init(struct ctx *c, const char *file, struct arena *arena)
{
	memset(c, 0, sizeof(*c));
	c->file = file;
	c->arena = arena;
}

/* The model's copy of s (s[len] is its NUL): the one made before, else a new one. */
static char *
intern(struct ctx *c, const char *s, size_t len)
{
	if (2 * (c->nintern + 1) > c->intern_mask) {
		size_t mask = c->intern_mask != 0 ? 2 * c->intern_mask + 1 : 4095;
		/* Its slots are written all over: in huge pages once big (a fault a 4 KiB page
		 * of each size it grows through was some 400 faults of a 10,000-partner survey). */
		struct lj_intern *slot = xcalloc_huge(mask + 1, sizeof(*slot));
		for (size_t i = 0; c->intern != NULL && i <= c->intern_mask; i++)
			if (c->intern[i].s != NULL) {
				size_t j = c->intern[i].hash & mask;
				while (slot[j].s != NULL)
					j = (j + 1) & mask;
				slot[j] = c->intern[i];
			}
		xfree_huge(c->intern, c->intern_mask + 1, sizeof(*c->intern));
		c->intern = slot;
		c->intern_mask = mask;
	}
	size_t h = load_hash_n(s, len), i = h & c->intern_mask;
	for (; c->intern[i].s != NULL; i = (i + 1) & c->intern_mask)
		if (c->intern[i].hash == h && strcmp(c->intern[i].s, s) == 0)
			return (char *)c->intern[i].s;
	char *p = arena_strndup(c->arena, s, len);
	c->intern[i] = (struct lj_intern){p, h};
	c->nintern++;
	return p;
}

void
lj_intern_free(struct ctx *c)
{
	if (c->intern != NULL)
		xfree_huge(c->intern, c->intern_mask + 1, sizeof(*c->intern));
	c->intern = NULL;
	c->intern_mask = c->nintern = 0;
}

/*
 * A copy of s in the model. Within a partner, a string met before (a rep of its
 * sales team, the contact among them) is not copied again.
 */
static char *
model_strndup(struct ctx *c, const char *s, size_t len)
{
	for (size_t i = 0; c->share && i < c->nseen; i++)
		if (c->seen[i][0] == s[0] && strcmp(c->seen[i], s) == 0)
			return (char *)c->seen[i];
	char *p = c->unique ? arena_strndup(c->arena, s, len) : intern(c, s, len);
	if (c->share && c->nseen < sizeof(c->seen) / sizeof(c->seen[0]))
		c->seen[c->nseen++] = p;
	return p;
}

char *
lj_model_strdup(struct ctx *c, const char *s)
{
	return model_strndup(c, s, strlen(s));
}

/* n zeroed elements of size sz in the model. */
void *
lj_model_calloc(struct ctx *c, size_t n, size_t sz)
{
	/* Too much fails as out of memory in arena_alloc, as in xcalloc. */
	return arena_alloc_aligned(c->arena, n > SIZE_MAX / sz ? SIZE_MAX : n * sz, MODEL_ALIGN);
}

static bool
is_word_char(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_';
}

static bool
key_is_plain(const char *k)
{
	if (*k == '\0')
		return false;
	for (; *k != '\0'; k++)
		if (!is_word_char((unsigned char)*k) && *k != '-')
			return false;
	return true;
}

/* Enters member key; returns the mark for path_pop. */
size_t
lj_path_key(struct ctx *c, const char *key)
{
	size_t mark = c->npath;
	if (c->npath == c->cappath)
		xgrow(&c->path, &c->cappath, c->npath, sizeof(*c->path));
	c->path[c->npath++] = (struct step){key, 0};
	return mark;
}

size_t
lj_path_index(struct ctx *c, size_t i)
{
	size_t mark = c->npath;
	if (c->npath == c->cappath)
		xgrow(&c->path, &c->cappath, c->npath, sizeof(*c->path));
	c->path[c->npath++] = (struct step){NULL, i};
	return mark;
}

void
lj_path_pop(struct ctx *c, size_t mark)
{
	assert(mark <= c->npath);
	c->npath = mark;
}

/* The path as messages show it: partners[3].quarters[1].revenue, answers["a b"]. */
static char *
path_text(const struct ctx *c)
{
	struct sbuf b = {0};
	sbuf_add(&b, "", 0);
	for (size_t i = 0; i < c->npath; i++) {
		const char *key = c->path[i].key;
		if (key == NULL) {
			sbuf_printf(&b, "[%zu]", c->path[i].index);
		} else if (key_is_plain(key)) {
			if (b.len > 0)
				sbuf_addc(&b, '.');
			sbuf_adds(&b, key);
		} else {
			char q[MSG_QUOTE_SIZE];
			sbuf_printf(&b, "[%s]", msg_quote(q, key));
		}
	}
	return sbuf_take(&b);
}

/* A problem at the current path: an error or, in SC_SOFT, a warning. */
void
lj_report(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = xvasprintf(fmt, ap);
	va_end(ap);
	char *path = path_text(c);
	msg_path(c->scope == SC_SOFT ? MSG_WARNING : MSG_ERROR, c->file, path, "%s", text);
	free(path);
	free(text);
	if (c->scope == SC_DEFER) {
		/* Its level is told when the metrics are known (load_json_survey.c). */
		assert(c->held != NULL && c->held->n > 0);
		c->held->line[c->held->n - 1].scoped = true;
	}
	if (c->scope == SC_FILE)
		c->fatal++;
	else
		c->local++;
}

/* A warning at the current path that fails nothing. */
void
lj_warn(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = xvasprintf(fmt, ap);
	va_end(ap);
	char *path = path_text(c);
	msg_path(MSG_WARNING, c->file, path, "%s", text);
	free(path);
	free(text);
}

void
lj_bad_type(struct ctx *c, const char *expected, const cJSON *v)
{
	char *s = load_shown(v);
	lj_report(c, "expected %s, got %s", expected, s);
	free(s);
}

/*
 * Reports every key that occurs twice in obj (the tree marks the repeats; the first
 * occurrence is the one used), and an object of too many unknown keys.
 */
void
lj_check_keys(struct ctx *c, const cJSON *obj)
{
	for (const cJSON *k = obj->child; k != NULL; k = k->next) {
		if (k->type & LOAD_REPEAT) {
			char q[MSG_QUOTE_SIZE];
			size_t mark = lj_path_key(c, k->string);
			lj_report(c, "duplicate key %s", msg_quote(q, k->string));
			lj_path_pop(c, mark);
		} else if (k->type & LOAD_TOO_MANY) {
			lj_report(
			    c,
			    "more than %d keys that the format does not name; is this the right "
			    "file?",
			    LOAD_MAX_UNKNOWN);
		}
	}
}

/*
 * The member key of obj with the path already at key; NULL when it is absent.
 * JSON null counts as absent for an optional member; for a required one it is
 * left to the type check.
 */
const cJSON *
lj_member(struct ctx *c, const cJSON *obj, const char *key, bool required)
{
	/* cJSON_GetObjectItemCaseSensitive, without a call for every other member. */
	/*
	 * A member's name is its schema field's string (load_tree.c), which the compiler
	 * makes the very literal the readers ask by: compared as pointers first, by text
	 * only when none is (an absent member, a repeat's copy).
	 */
	const cJSON *v = obj->child;
	while (v != NULL && v->string != key)
		v = v->next;
	for (v = v != NULL ? v : obj->child;
	     v != NULL && v->string != key &&
	     (v->string[0] != key[0] || strcmp(v->string, key) != 0);
	     v = v->next)
		;
	if (v == NULL) {
		if (required)
			lj_report(c, "required field is missing");
		return NULL;
	}
	if (cJSON_IsNull(v) && !required)
		return NULL;
	return v;
}

static bool
is_blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

/*
 * Text: a copy of the string, or NULL. An empty optional string counts as absent
 * (exports write "" for "not known"); an empty required one is an error.
 */
static char *
val_text(struct ctx *c, const cJSON *v, enum load_text_kind kind, bool required)
{
	char why[LOAD_WHY_SIZE];
	if (!cJSON_IsString(v)) {
		lj_bad_type(c, "a string", v);
		return NULL;
	}
	const char *s = v->valuestring;
	if (is_blank(s)) {
		if (required)
			lj_report(c, "must not be empty");
		return NULL;
	}
	/* A text of no more bytes than a name may have characters passes at once. */
	size_t len = strlen(s);
	if (len > LOAD_MAX_NAME && load_check_text(kind, s, why, sizeof(why)) != NULL) {
		lj_report(c, "%s", why);
		return NULL;
	}
	return model_strndup(c, s, len);
}

char *
lj_get_text(struct ctx *c, const cJSON *obj, const char *key, enum load_text_kind kind,
            bool required)
{
	size_t mark = lj_path_key(c, key);
	const cJSON *v = lj_member(c, obj, key, required);
	char *s = v != NULL ? val_text(c, v, kind, required) : NULL;
	lj_path_pop(c, mark);
	return s;
}

static char *
val_id(struct ctx *c, const cJSON *v)
{
	char q[MSG_QUOTE_SIZE];
	if (!cJSON_IsString(v)) {
		lj_bad_type(c, "a string", v);
		return NULL;
	}
	if (!is_valid_id(v->valuestring)) {
		lj_report(
		    c,
		    "invalid id %s; an id is 1 to 64 characters of A-Z a-z 0-9 . _ -, starting "
		    "with a letter or digit",
		    msg_quote(q, v->valuestring));
		return NULL;
	}
	return lj_model_strdup(c, v->valuestring);
}

char *
lj_get_id(struct ctx *c, const cJSON *obj, const char *key)
{
	size_t mark = lj_path_key(c, key);
	const cJSON *v = lj_member(c, obj, key, true);
	char *s = v != NULL ? val_id(c, v) : NULL;
	lj_path_pop(c, mark);
	return s;
}

static int
val_period(struct ctx *c, const cJSON *v)
{
	char q[MSG_QUOTE_SIZE];
	if (!cJSON_IsString(v)) {
		lj_bad_type(c, "a string", v);
		return 0;
	}
	int period = parse_period(v->valuestring);
	if (period == 0)
		lj_report(c, "invalid period %s; expected YYYY-Qn with n from 1 to 4",
		          msg_quote(q, v->valuestring));
	return period;
}

int
lj_get_period(struct ctx *c, const cJSON *obj, const char *key)
{
	size_t mark = lj_path_key(c, key);
	const cJSON *v = lj_member(c, obj, key, true);
	int period = v != NULL ? val_period(c, v) : 0;
	lj_path_pop(c, mark);
	return period;
}

/* An optional date: YYYYMMDD, or 0 when absent or bad. */
int
lj_get_date(struct ctx *c, const cJSON *obj, const char *key)
{
	char q[MSG_QUOTE_SIZE];
	size_t mark = lj_path_key(c, key);
	const cJSON *v = lj_member(c, obj, key, false);
	int date = 0;
	if (v == NULL) {
		/* absent */
	} else if (!cJSON_IsString(v)) {
		lj_bad_type(c, "a string", v);
	} else if (*v->valuestring != '\0') {
		date = parse_date(v->valuestring);
		if (date == 0)
			lj_report(c, "invalid date %s; expected an existing date YYYY-MM-DD",
			          msg_quote(q, v->valuestring));
	}
	lj_path_pop(c, mark);
	return date;
}

/* A finite JSON number into out; false (after a message) otherwise. */
bool
lj_val_number(struct ctx *c, const cJSON *v, const char *expected, struct num *out)
{
	if (!cJSON_IsNumber(v)) {
		lj_bad_type(c, expected, v);
		return false;
	}
	if (!isfinite(v->valuedouble)) {
		lj_report(c, "number out of range");
		return false;
	}
	/* -0 becomes 0, so that nothing downstream prints a minus sign for it. */
	*out = num_of(v->valuedouble + 0.0);
	return true;
}

static bool
val_money(struct ctx *c, const cJSON *v, struct num *out)
{
	char why[LOAD_WHY_SIZE];
	struct num n = {0};
	if (!lj_val_number(c, v, "a number", &n))
		return false;
	if (load_check_figure(LOAD_MONEY, num_v(n), why, sizeof(why)) != NULL) {
		lj_report(c, "%s", why);
		return false;
	}
	*out = n;
	return true;
}

static bool
val_count(struct ctx *c, const cJSON *v, struct num *out)
{
	char why[LOAD_WHY_SIZE];
	struct num n = {0};
	if (!lj_val_number(c, v, "a whole number", &n))
		return false;
	if (load_check_figure(LOAD_COUNT, num_v(n), why, sizeof(why)) != NULL) {
		lj_report(c, "%s", why);
		return false;
	}
	*out = n;
	return true;
}

enum numkind { MONEY, COUNT };

/* An optional (or required) figure; out stays unset when absent or bad. */
static void
get_num(struct ctx *c, const cJSON *obj, const char *key, enum numkind kind, bool required,
        struct num *out)
{
	size_t mark = lj_path_key(c, key);
	const cJSON *v = lj_member(c, obj, key, required);
	if (v != NULL) {
		if (kind == MONEY)
			val_money(c, v, out);
		else
			val_count(c, v, out);
	}
	lj_path_pop(c, mark);
}

/*
 * The member key when it is of the wanted kind (object or array), with the path
 * left at key for reading it: the caller pops to *mark. NULL when absent or wrong.
 */
const cJSON *
lj_enter(struct ctx *c, const cJSON *obj, const char *key, bool array, bool required, size_t *mark)
{
	*mark = lj_path_key(c, key);
	const cJSON *v = lj_member(c, obj, key, required);
	if (v == NULL)
		return NULL;
	if (array ? !cJSON_IsArray(v) : !cJSON_IsObject(v)) {
		lj_bad_type(c, array ? "an array" : "an object", v);
		return NULL;
	}
	if (!array)
		lj_check_keys(c, v);
	return v;
}

/* A person object: name required, email and phone optional. */
static void
read_person(struct ctx *c, const cJSON *o, struct person *p)
{
	p->name = lj_get_text(c, o, "name", LOAD_NAME, true);
	p->email = lj_get_text(c, o, "email", LOAD_NAME, false);
	p->phone = lj_get_text(c, o, "phone", LOAD_NAME, false);
}

/* format must be exactly want; false when it is present but wrong (nothing else is read). */
bool
lj_check_format(struct ctx *c, const cJSON *root, const char *want, const char *other,
                const char *other_name)
{
	char q[MSG_QUOTE_SIZE];
	size_t mark = lj_path_key(c, "format");
	const cJSON *v = lj_member(c, root, "format", true);
	bool ok = true;
	if (v == NULL) {
		/* Missing: reported; go on and show the rest. */
	} else if (!cJSON_IsString(v)) {
		lj_bad_type(c, "a string", v);
		ok = false;
	} else if (strcmp(v->valuestring, want) != 0) {
		char *hint = strcmp(v->valuestring, other) == 0
		                 ? xasprintf(" (this is a %s file)", other_name)
		                 : xstrdup("");
		lj_report(c, "expected \"%s\", got %s%s", want, msg_quote(q, v->valuestring), hint);
		free(hint);
		ok = false;
	}
	lj_path_pop(c, mark);
	return ok;
}

bool
lj_check_root(struct ctx *c, const cJSON *root)
{
	if (cJSON_IsObject(root)) {
		lj_check_keys(c, root);
		return true;
	}
	char *s = load_shown(root);
	msg_path(MSG_ERROR, c->file, NULL, "the top level must be an object, got %s", s);
	free(s);
	c->fatal++;
	return false;
}

void
lj_period_text(char *buf, size_t size, int period)
{
	snprintf(buf, size, "\"%04d-Q%d\"", period / 10, period % 10);
}

/* ---------------------------------------------------------------------------
 * metrics.json
 * ------------------------------------------------------------------------- */

static void
read_reps(struct ctx *c, const cJSON *q, struct quarter *qu)
{
	size_t mark;
	const cJSON *arr = lj_enter(c, q, "reps", true, false, &mark);
	if (arr != NULL && cJSON_GetArraySize(arr) > 0) {
		qu->nreps = (size_t)cJSON_GetArraySize(arr);
		qu->reps = lj_model_calloc(c, qu->nreps, sizeof(*qu->reps));
		size_t i = 0;
		for (const cJSON *r = arr->child; r != NULL; r = r->next, i++) {
			size_t m2 = lj_path_index(c, i);
			if (!cJSON_IsObject(r)) {
				lj_bad_type(c, "an object", r);
			} else {
				struct rep_figures *rep = &qu->reps[i];
				lj_check_keys(c, r);
				rep->name = lj_get_text(c, r, "name", LOAD_NAME, true);
				get_num(c, r, "revenue", MONEY, false, &rep->revenue);
				get_num(c, r, "deals_won", COUNT, false, &rep->deals_won);
			}
			lj_path_pop(c, m2);
		}
	}
	lj_path_pop(c, mark);
}

static void
read_quarter(struct ctx *c, const cJSON *q, struct quarter *qu)
{
	char why[LOAD_WHY_SIZE];
	if (!cJSON_IsObject(q)) {
		lj_bad_type(c, "an object", q);
		return;
	}
	lj_check_keys(c, q);
	qu->period = lj_get_period(c, q, "period");
	get_num(c, q, "revenue", MONEY, true, &qu->revenue);

	size_t mark = lj_path_key(c, "target");
	const cJSON *v = lj_member(c, q, "target", true);
	if (v != NULL && lj_val_number(c, v, "a number", &qu->target) &&
	    load_check_figure(LOAD_POSITIVE, num_v(qu->target), why, sizeof(why)) != NULL) {
		lj_report(c, "%s", why);
		qu->target = NUM_NONE;
	}
	lj_path_pop(c, mark);

	get_num(c, q, "leads_received", COUNT, false, &qu->leads_received);
	get_num(c, q, "leads_followed_up", COUNT, false, &qu->leads_followed_up);
	get_num(c, q, "deals_won", COUNT, false, &qu->deals_won);
	get_num(c, q, "pipeline", MONEY, false, &qu->pipeline);
	get_num(c, q, "certified_reps", COUNT, false, &qu->certified_reps);
	get_num(c, q, "service_tickets", COUNT, false, &qu->service_tickets);
	get_num(c, q, "channel_conflicts", COUNT, false, &qu->channel_conflicts);
	read_reps(c, q, qu);
}

static int
quarter_cmp(const void *a, const void *b)
{
	const struct quarter *x = a, *y = b;
	return (x->period > y->period) - (x->period < y->period);
}

static void
read_quarters(struct ctx *c, const cJSON *po, struct partner *p)
{
	size_t mark;
	const cJSON *arr = lj_enter(c, po, "quarters", true, true, &mark);
	if (arr == NULL) {
		lj_path_pop(c, mark);
		return;
	}
	size_t n = (size_t)cJSON_GetArraySize(arr);
	if (n == 0) {
		lj_report(c, "must not be empty");
		lj_path_pop(c, mark);
		return;
	}
	p->quarters = lj_model_calloc(c, n, sizeof(*p->quarters));
	p->nquarters = n;
	struct keyed *keys = xmalloc(n * sizeof(*keys));
	size_t nkeys = 0, i = 0;
	for (const cJSON *q = arr->child; q != NULL; q = q->next, i++) {
		size_t m2 = lj_path_index(c, i);
		read_quarter(c, q, &p->quarters[i]);
		lj_path_pop(c, m2);
		if (p->quarters[i].period != 0)
			keys[nkeys++] = (struct keyed){NULL, p->quarters[i].period, i};
	}
	size_t *first = xmalloc(n * sizeof(*first));
	lj_find_repeats(keys, nkeys, first, n);
	for (i = 0; i < n; i++) {
		if (first[i] == SIZE_MAX)
			continue;
		char pt[32];
		size_t m2 = lj_path_index(c, i);
		size_t m3 = lj_path_key(c, "period");
		lj_period_text(pt, sizeof(pt), p->quarters[i].period);
		lj_report(c, "duplicate period %s, first at quarters[%zu]", pt, first[i]);
		lj_path_pop(c, m3);
		lj_path_pop(c, m2);
	}
	free(first);
	free(keys);
	qsort(p->quarters, n, sizeof(*p->quarters), quarter_cmp);
	lj_path_pop(c, mark);
}

static void
read_contact(struct ctx *c, const cJSON *po, struct partner *p)
{
	char q[MSG_QUOTE_SIZE];
	size_t mark;
	const cJSON *o = lj_enter(c, po, "contact", false, false, &mark);
	if (o != NULL) {
		p->has_contact = true;
		read_person(c, o, &p->contact);
		size_t m2 = lj_path_key(c, "salutation");
		const cJSON *v = lj_member(c, o, "salutation", false);
		if (v == NULL) {
			/* neutral greeting */
		} else if (!cJSON_IsString(v)) {
			lj_bad_type(c, "a string", v);
		} else if (strcmp(v->valuestring, "Herr") == 0) {
			p->salutation = SAL_HERR;
		} else if (strcmp(v->valuestring, "Frau") == 0) {
			p->salutation = SAL_FRAU;
		} else if (*v->valuestring != '\0') {
			lj_report(c, "expected \"Herr\" or \"Frau\", got %s",
			          msg_quote(q, v->valuestring));
		}
		lj_path_pop(c, m2);
	}
	lj_path_pop(c, mark);
}

static void
read_team(struct ctx *c, const cJSON *po, struct partner *p)
{
	size_t mark;
	const cJSON *arr = lj_enter(c, po, "sales_team", true, false, &mark);
	if (arr != NULL && cJSON_GetArraySize(arr) > 0) {
		p->nteam = (size_t)cJSON_GetArraySize(arr);
		p->team = lj_model_calloc(c, p->nteam, sizeof(*p->team));
		size_t i = 0;
		for (const cJSON *t = arr->child; t != NULL; t = t->next, i++) {
			size_t m2 = lj_path_index(c, i);
			if (!cJSON_IsObject(t)) {
				lj_bad_type(c, "an object", t);
			} else {
				lj_check_keys(c, t);
				read_person(c, t, &p->team[i]);
			}
			lj_path_pop(c, m2);
		}
	}
	lj_path_pop(c, mark);
}

static void
read_engagement(struct ctx *c, const cJSON *po, struct partner *p)
{
	size_t mark;
	const cJSON *o = lj_enter(c, po, "engagement", false, false, &mark);
	if (o != NULL) {
		struct engagement *e = &p->engagement;
		p->has_engagement = true;
		size_t m2 = lj_path_key(c, "onsite_visit_accepted");
		const cJSON *v = lj_member(c, o, "onsite_visit_accepted", false);
		if (v != NULL && !cJSON_IsBool(v)) {
			lj_bad_type(c, "true or false", v);
		} else if (v != NULL) {
			e->onsite_known = true;
			e->onsite_accepted = cJSON_IsTrue(v);
		}
		lj_path_pop(c, m2);
		e->last_meeting = lj_get_date(c, o, "last_meeting");
		get_num(c, o, "meetings_declined", COUNT, false, &e->meetings_declined);
	}
	lj_path_pop(c, mark);
}

/* The optional language of the partner's report (an extension, README). */
static void
read_language(struct ctx *c, const cJSON *po, struct partner *p)
{
	char why[LOAD_WHY_SIZE];
	size_t mark = lj_path_key(c, "language");
	const cJSON *v = lj_member(c, po, "language", false);
	if (v == NULL) {
		/* the template's */
	} else if (!cJSON_IsString(v)) {
		lj_bad_type(c, "a string", v);
	} else if (*v->valuestring == '\0') {
		/* "" counts as absent, as for every optional string */
	} else if (load_check_language(v->valuestring, why, sizeof(why)) != NULL) {
		lj_report(c, "%s", why);
	} else {
		p->language = lj_model_strdup(c, v->valuestring);
	}
	lj_path_pop(c, mark);
}

static void
read_partner(struct ctx *c, const cJSON *po, struct partner *p)
{
	if (!cJSON_IsObject(po)) {
		lj_bad_type(c, "an object", po);
		return;
	}
	lj_check_keys(c, po);
	/* Unique in all but a broken file: a table of them would cost more than it saves. */
	c->unique = true;
	p->id = lj_get_id(c, po, "id");
	p->name = lj_get_text(c, po, "name", LOAD_NAME, true);
	c->unique = false;
	p->region = lj_get_text(c, po, "region", LOAD_NAME, false);
	p->tier = lj_get_text(c, po, "tier", LOAD_NAME, false);
	read_language(c, po, p);
	p->since = lj_get_date(c, po, "partner_since");
	read_contact(c, po, p);
	read_team(c, po, p);
	read_engagement(c, po, p);
	read_quarters(c, po, p);
}

/* An empty index for n partners. */
void
lj_id_index_init(struct id_index *ix, size_t n)
{
	ix->mask = 15;
	while (ix->mask < 2 * n)
		ix->mask = ix->mask * 2 + 1;
	ix->slot = xcalloc(ix->mask + 1, sizeof(*ix->slot));
}

/*
 * The slot of id: its first partner's, or the free one where it would go. The slot
 * holds the id and its hash: a probe touches no partner (the model is big and cold).
 */
struct id_slot *
lj_id_slot(const struct id_index *ix, const char *id)
{
	return lj_id_slot_h(ix, id, load_hash(id));
}

struct id_slot *
lj_id_slot_h(const struct id_index *ix, const char *id, size_t h)
{
	size_t i = h & ix->mask;
	while (ix->slot[i].id != NULL && (ix->slot[i].hash != h || strcmp(ix->slot[i].id, id) != 0))
		i = (i + 1) & ix->mask;
	return &ix->slot[i];
}

/* The index of the first partner with p's id, or SIZE_MAX after adding p as the first. */
size_t
lj_id_first(struct id_index *ix, const struct partner *p)
{
	size_t h = load_hash(p->id);
	struct id_slot *slot = lj_id_slot_h(ix, p->id, h);
	if (slot->id != NULL)
		return slot->index;
	*slot = (struct id_slot){p->id, h, p->index};
	return SIZE_MAX;
}

/*
 * The partners are read in pieces, from the scan's cuts (load_int.h), each on whichever
 * of the team's two threads is free: each thread with its own context (arena, strings,
 * trees), each piece's messages held back (msg_hold). A piece is committed once it and
 * all before it are read, by the thread that read the last of them: its messages
 * printed, its ids looked up among those before, a repeated one said where one thread
 * would have said it, after the rest of its partner's messages.
 */
struct piece {
	struct msg_held held;
	size_t *ends; /* per partner of the piece: the held lines up to its last */
	size_t nread; /* its partners read (fewer only when the file failed: d->failed) */
	bool done;    /* read (under pieces.lock) */
};

struct pieces {
	struct ctx *c; /* the first thread's (worker 0) */
	struct metrics *m;
	const struct load_schema *sub;
	const struct load_cut *cuts;
	size_t ncuts;
	struct piece *piece;
	/* the second thread's context (with a team) */
	struct ctx c2;
	struct load_doc doc2;
	bool ready2;
	/* Committing, under lock: the pieces before next are committed. */
	pthread_mutex_t lock;
	size_t next;
	bool stopped;        /* a piece stopped early: the file failed, the rest is not said */
	struct ctx cc;       /* the repeated ids' messages */
	struct id_index *ix; /* the partners by id, of the committed pieces */
};

static size_t
piece_count(const struct pieces *pp, size_t k)
{
	return (k + 1 < pp->ncuts ? pp->cuts[k + 1].index : pp->m->npartners) - pp->cuts[k].index;
}

/*
 * Piece k's messages in order, and the repeated ids: every partner with a repeated id
 * fails, the first one too; the message comes with the rest of the repeating partner's.
 */
static void
commit_piece(struct pieces *pp, size_t k)
{
	struct metrics *m = pp->m;
	struct ctx *c = &pp->cc;
	struct piece *pc = &pp->piece[k];
	size_t from = 0, first = pp->cuts[k].index;
	for (size_t j = 0; j < pc->nread; j++) {
		msg_held_print(&pc->held, from, pc->ends[j]);
		from = pc->ends[j];
		struct partner *p = &m->partners[first + j];
		size_t dup = p->id != NULL ? lj_id_first(pp->ix, p) : SIZE_MAX;
		if (dup == SIZE_MAX)
			continue;
		char q[MSG_QUOTE_SIZE];
		size_t mark = lj_path_key(c, "partners");
		lj_path_index(c, p->index);
		lj_path_key(c, "id");
		c->scope = SC_ITEM;
		lj_report(c, "duplicate id %s, first at partners[%zu]", msg_quote(q, p->id), dup);
		c->scope = SC_FILE;
		lj_path_pop(c, mark);
		p->failed = true;
		m->partners[dup].failed = true;
	}
	/* A piece stops early only where the file failed: its last message says so. */
	msg_held_print(&pc->held, from, pc->held.n);
	pp->stopped = pc->nread < piece_count(pp, k);
	msg_held_free(&pc->held);
	free(pc->ends);
	pc->ends = NULL;
}

/* Reads piece k of the partners (load_team_run's fn), then commits what it can. */
static void
read_piece(void *arg, size_t k, int worker)
{
	struct pieces *pp = arg;
	struct ctx *c = pp->c;
	if (worker != 0) {
		assert(pp->ready2);
		c = &pp->c2;
		mem_reading(c->file);
	}
	struct piece *pc = &pp->piece[k];
	size_t first = pp->cuts[k].index, count = piece_count(pp, k);
	pc->ends = xmalloc(count * sizeof(*pc->ends));
	msg_hold(&pc->held);
	struct load_elements e;
	load_elements_begin_at(&e, c->doc, pp->sub, pp->cuts[k].at, count);
	const cJSON *po;
	size_t j = 0;
	for (; j < count && (po = load_elements_next(&e)) != NULL; j++) {
		struct partner *p = &pp->m->partners[first + j];
		p->index = first + j;
		size_t mark = lj_path_key(c, "partners");
		lj_path_index(c, first + j);
		c->scope = SC_ITEM;
		c->local = 0;
		c->share = true;
		c->nseen = 0;
		read_partner(c, po, p);
		c->share = false;
		p->failed = c->local > 0;
		c->scope = SC_FILE;
		lj_path_pop(c, mark);
		pc->ends[j] = pc->held.n;
	}
	pc->nread = j;
	load_elements_end(&e);
	msg_hold(NULL);
	pthread_mutex_lock(&pp->lock);
	pc->done = true;
	while (pp->next < pp->ncuts && pp->piece[pp->next].done && !pp->stopped)
		commit_piece(pp, pp->next++);
	pthread_mutex_unlock(&pp->lock);
	if (worker != 0)
		mem_reading(NULL);
}

/* ids: the partners by id (load_metrics_team). */
static void
read_partners(struct ctx *c, const cJSON *root, struct metrics *m, struct load_team *team,
              struct id_index *ids)
{
	size_t mark;
	const cJSON *arr = lj_enter(c, root, "partners", true, true, &mark);
	size_t n = arr != NULL ? load_elements_count(c->doc, arr) : 0;
	if (arr != NULL && n == 0)
		lj_report(c, "must not be empty");
	lj_path_pop(c, mark);
	if (n == 0)
		return;

	m->partners = lj_model_calloc(c, n, sizeof(*m->partners));
	m->npartners = n;
	struct pieces pp = {.c = c, .m = m, .ix = ids};
	const struct load_lazy *rec = load_elements_record(c->doc, arr, &pp.sub);
	assert(rec != NULL && rec->ncuts > 0 && c->doc->cuts[rec->cut].index == 0);
	pp.cuts = c->doc->cuts + rec->cut;
	pp.ncuts = rec->ncuts;
	pp.piece = xcalloc(pp.ncuts, sizeof(*pp.piece));
	pthread_mutex_init(&pp.lock, NULL);
	lj_ctx_init(&pp.cc, c->file, NULL);
	lj_id_index_init(ids, n);
	if (team != NULL) {
		/* Half of a big model: in huge pages at once (page faults are dear). */
		bool big = c->doc->t.len >= LOAD_BIG;
		lj_ctx_init(&pp.c2, c->file, big ? arena_new_huge() : arena_new_large());
		load_doc_view(&pp.doc2, c->doc);
		pp.c2.doc = &pp.doc2;
		pp.ready2 = true;
	}
	load_team_run(team, pp.ncuts, read_piece, &pp);
	if (pp.stopped)
		c->doc->failed = true;
	for (size_t k = 0; k < pp.ncuts; k++) {
		/* Those after a piece that stopped early: never said. */
		msg_held_free(&pp.piece[k].held);
		free(pp.piece[k].ends);
	}
	free(pp.piece);
	free(pp.cc.path);
	pthread_mutex_destroy(&pp.lock);
	if (pp.ready2) {
		arena_adopt(m->arena, pp.c2.arena);
		lj_intern_free(&pp.c2);
		free(pp.c2.path);
		load_doc_close(&pp.doc2);
	}
}

static void
read_vendor(struct ctx *c, const cJSON *root, struct metrics *m)
{
	size_t mark;
	const cJSON *o = lj_enter(c, root, "vendor", false, true, &mark);
	if (o != NULL) {
		m->vendor_name = lj_get_text(c, o, "name", LOAD_NAME, true);
		size_t m2;
		const cJSON *cm = lj_enter(c, o, "channel_manager", false, true, &m2);
		if (cm != NULL)
			read_person(c, cm, &m->manager);
		lj_path_pop(c, m2);
	}
	lj_path_pop(c, mark);
}

static void
read_currency(struct ctx *c, const cJSON *root, struct metrics *m)
{
	char q[MSG_QUOTE_SIZE];
	size_t mark = lj_path_key(c, "currency");
	const cJSON *v = lj_member(c, root, "currency", false);
	if (v == NULL) {
		/* EUR */
	} else if (!cJSON_IsString(v)) {
		lj_bad_type(c, "a string", v);
	} else {
		const char *s = v->valuestring;
		bool ok = strlen(s) == 3;
		for (int i = 0; ok && i < 3; i++)
			ok = s[i] >= 'A' && s[i] <= 'Z';
		if (ok)
			memcpy(m->currency, s, 4);
		else
			lj_report(
			    c,
			    "invalid currency %s; expected three capital letters (ISO 4217) such "
			    "as \"EUR\"",
			    msg_quote(q, s));
	}
	lj_path_pop(c, mark);
}

static void
csv_release(void *t, size_t upto)
{
	load_text_release(t, upto);
}

/* The text of d as a CSV source, its encoding checked as JSON's is; false after a message. */
bool
lj_csv_source(struct load_doc *d, struct csv_src *src)
{
	if (!load_text_utf8(&d->t))
		return false;
	load_text_restart(&d->t, 0);
	*src = (struct csv_src){d->t.s, d->t.bom, d->t.len, csv_release, &d->t};
	return true;
}

struct metrics *
load_metrics_team(const char *path, struct load_team *team, struct id_index *ids)
{
	struct id_index own = {0};
	if (ids == NULL)
		ids = &own;
	struct load_doc d;
	cJSON *root;
	bool csv = false;
	if (!load_doc_open(&d, path, &metrics_root, true, &root, &csv)) {
		struct csv_src src;
		struct metrics *m =
		    csv && lj_csv_source(&d, &src) ? load_csv_metrics(path, &src) : NULL;
		load_doc_close(&d);
		return m;
	}

	struct metrics *m = xcalloc(1, sizeof(*m));
	m->arena = arena_new_large();
	struct ctx c;
	lj_ctx_init(&c, path, m->arena);
	c.doc = &d;
	m->path = arena_strdup(m->arena, path);
	memcpy(m->currency, "EUR", 4);

	/* A file of another format or version is not read further: its other
	 * problems would only be noise. */
	if (lj_check_root(&c, root) &&
	    lj_check_format(&c, root, METRICS_FORMAT, SURVEY_FORMAT, "survey")) {
		read_vendor(&c, root, m);
		read_currency(&c, root, m);
		read_partners(&c, root, m, team, ids);
	}

	cJSON_Delete(root);
	bool failed = d.failed;
	load_doc_close(&d);
	free(c.path);
	lj_intern_free(&c);
	if (c.fatal > 0 || failed) {
		free(ids->slot);
		ids->slot = NULL;
		metrics_free(m);
		return NULL;
	}
	free(own.slot); /* ids is the caller's unless it is own */
	return m;
}

/* The readers above, with the file named should memory run out while reading it. */
struct metrics *
load_metrics(const char *path)
{
	mem_reading(path);
	struct metrics *m = load_metrics_team(path, NULL, NULL);
	mem_reading(NULL);
	if (m != NULL)
		arena_trim(m->arena);
	mem_give_back();
	return m;
}

/* ---- the passwords of --pdf-password ---- */

void
passwords_add(struct passwords *pw, const char *id, const char *password, long line)
{
	xgrow(&pw->items, &pw->cap, pw->n, sizeof(*pw->items));
	pw->items[pw->n++] = (struct pw_entry){xstrdup(id), xstrdup(password), line};
}

static int
pw_cmp(const void *a, const void *b)
{
	const struct pw_entry *x = a, *y = b;
	int r = strcmp(x->id, y->id);
	return r != 0 ? r : (x->line > y->line) - (x->line < y->line);
}

bool
passwords_finish(struct passwords *pw, const char *path)
{
	char q[MSG_QUOTE_SIZE];
	if (pw->n > 1)
		qsort(pw->items, pw->n, sizeof(*pw->items), pw_cmp);
	bool ok = true;
	for (size_t i = 1; i < pw->n; i++)
		if (strcmp(pw->items[i].id, pw->items[i - 1].id) == 0) {
			msg_at(MSG_ERROR, path, pw->items[i].line, 0,
			       "partner %s has a password already (line %ld)",
			       msg_quote(q, pw->items[i].id), pw->items[i - 1].line);
			ok = false;
		}
	return ok;
}

struct passwords *
load_passwords(const char *path)
{
	char q[MSG_QUOTE_SIZE];
	struct load_doc d;
	cJSON *root;
	bool csv = false;
	struct passwords *pw = NULL;
	/* No schema: the root is an object of any keys, each kept (load_doc_open). */
	if (!load_doc_open(&d, path, NULL, false, &root, &csv)) {
		struct csv_src src;
		pw = csv && lj_csv_source(&d, &src) ? load_csv_passwords(path, &src) : NULL;
		load_doc_close(&d);
		return pw;
	}
	pw = xcalloc(1, sizeof(*pw));
	bool ok = cJSON_IsObject(root);
	if (!ok)
		msg_path(MSG_ERROR, path, NULL,
		         "expected an object of partner ids and passwords, such as "
		         "{\"US-CA-014\": \"...\"}");
	const cJSON *it;
	const cJSON *obj = ok ? root : NULL;
	cJSON_ArrayForEach(it, obj)
	{
		if (it->type & LOAD_REPEAT) {
			msg_path(MSG_ERROR, path, it->string, "partner %s has a password already",
			         msg_quote(q, it->string));
			ok = false;
		} else if (!is_valid_id(it->string)) {
			msg_path(MSG_ERROR, path, NULL, "%s is not a partner id",
			         msg_quote(q, it->string));
			ok = false;
		} else if (!cJSON_IsString(it) || it->valuestring[0] == '\0') {
			msg_path(MSG_ERROR, path, it->string,
			         "expected a password (a non-empty string)");
			ok = false;
		} else {
			passwords_add(pw, it->string, it->valuestring, 0);
		}
	}
	ok = passwords_finish(pw, path) && ok;
	cJSON_Delete(root);
	load_doc_close(&d);
	if (!ok) {
		passwords_free(pw);
		return NULL;
	}
	return pw;
}

const char *
passwords_find(const struct passwords *pw, const char *id)
{
	size_t lo = 0, hi = pw->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(pw->items[mid].id, id);
		if (r == 0)
			return pw->items[mid].password;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void
passwords_free(struct passwords *pw)
{
	if (pw == NULL)
		return;
	for (size_t i = 0; i < pw->n; i++) {
		/* Secrets do not outlive their use in freed memory. */
		volatile char *c = pw->items[i].password;
		while (*c != '\0')
			*c++ = '\0';
		free(pw->items[i].password);
		free(pw->items[i].id);
	}
	free(pw->items);
	free(pw);
}
