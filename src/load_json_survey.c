/* SPDX-License-Identifier: MIT */
/* survey.json to model: its questions, waves and responses, the answers checked against the questions. */
#include <assert.h>
#include <math.h>
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

static const struct load_field scale_fields[] = {LOAD_FIELD("min", J_LEAF, NULL),
                                                 LOAD_FIELD("max", J_LEAF, NULL)};
static const struct load_schema scale_shape = {FIELDS(scale_fields)};

static const struct load_field question_fields[] = {
    LOAD_FIELD("id", J_LEAF, NULL),
    LOAD_FIELD("text", J_LEAF, NULL),
    LOAD_FIELD("topic", J_LEAF, NULL),
    LOAD_FIELD("scale", J_OBJECT, &scale_shape),
};
static const struct load_schema question_shape = {FIELDS(question_fields)};

static const struct load_field response_fields[] = {
    LOAD_FIELD("partner_id", J_LEAF, NULL), LOAD_FIELD("respondent", J_LEAF, NULL),
    LOAD_FIELD("submitted", J_LEAF, NULL),  LOAD_FIELD("comment", J_LEAF, NULL),
    LOAD_FIELD("wish", J_LEAF, NULL),       LOAD_FIELD("answers", J_MAP, NULL),
};
static const struct load_schema response_shape = {FIELDS(response_fields)};

static const struct load_field wave_fields[] = {
    LOAD_FIELD("id", J_LEAF, NULL),
    LOAD_FIELD("closed", J_LEAF, NULL),
    LOAD_FIELD("responses", J_LAZY, &response_shape),
};
static const struct load_schema wave_shape = {FIELDS(wave_fields)};

static const struct load_field survey_fields[] = {
    LOAD_FIELD("format", J_LEAF, NULL),
    LOAD_FIELD("questions", J_LAZY, &question_shape),
    LOAD_FIELD("scale", J_OBJECT, &scale_shape),
    LOAD_FIELD("waves", J_LAZY, &wave_shape),
};
static const struct load_schema survey_root = {FIELDS(survey_fields)};

/* ---------------------------------------------------------------------------
 * survey.json
 * ------------------------------------------------------------------------- */

/*
 * Unknown question ids in answers are warned about once each, the first this many;
 * the answers to any others are counted and named in one warning at the end, so
 * that what a file holds of them costs no memory.
 */
enum { MAX_NAMED_UNKNOWN = 20 };

struct survey_ctx {
	struct ctx c;
	struct survey *s;
	struct metrics *m;
	struct id_index ids;  /* m's partners by id, as metrics_find has them */
	bool questions_ok;    /* questions and scales are sound: answers can be checked */
	size_t *qslot, qmask; /* the questions by id: index + 1, 0 free */
	char *unknown[MAX_NAMED_UNKNOWN]; /* unknown question ids warned about */
	size_t nunknown;
	size_t pending;        /* unknown ids kept for a warning in the response being built */
	size_t unlisted;       /* answers to unknown ids not warned about */
	uint32_t *stamp;       /* per question: the answers object that last had it, */
	uint32_t gen;          /* the current one's number, */
	size_t object;         /* and where it starts (answer_key) */
	size_t wave, response; /* the indices of the response being read */
	/*
	 * Read before the metrics are known (load_survey_start, on a second thread): the
	 * messages are held, and each response with a partner id leaves a mark where the
	 * warning about an unknown partner would go; load_survey_end links the responses
	 * and prints the messages, its problems errors or warnings by its partner.
	 */
	bool defer;
	const char *path;
	struct msg_held held;
	struct survey_mark {
		struct response *r;
		size_t line; /* held lines before it */
		size_t
		    at; /* its index in its wave * 2, + 1 when it had problems (they fail its partner) */
	} * marks;      /* one a response: small (some 20,000 of them in a big survey) */
	size_t nmarks, capmarks;
	size_t *wave_marks; /* per wave read (in file order): its first mark */
	size_t nwave_marks;
	bool csv; /* the file is CSV: read it after the metrics (load_survey_end) */
};

/* A scale object: min and max numbers, min < max. false (after a message) otherwise. */
static bool
read_scale(struct ctx *c, const cJSON *obj, double *min, double *max)
{
	char b1[40], b2[40];
	size_t mark;
	bool ok = false;
	const cJSON *o = lj_enter(c, obj, "scale", false, false, &mark);
	if (o != NULL) {
		struct num lo = {0}, hi = {0};
		size_t m2 = lj_path_key(c, "min");
		const cJSON *v = lj_member(c, o, "min", true);
		if (v != NULL)
			lj_val_number(c, v, "a number", &lo);
		lj_path_pop(c, m2);
		m2 = lj_path_key(c, "max");
		v = lj_member(c, o, "max", true);
		if (v != NULL)
			lj_val_number(c, v, "a number", &hi);
		lj_path_pop(c, m2);
		if (num_known(lo) && num_known(hi) && num_v(lo) >= num_v(hi))
			lj_report(c, "min must be less than max, got %s..%s",
			          load_num_text(b1, sizeof(b1), num_v(lo)),
			          load_num_text(b2, sizeof(b2), num_v(hi)));
		else if (num_known(lo) && num_known(hi)) {
			*min = num_v(lo);
			*max = num_v(hi);
			ok = true;
		}
	}
	lj_path_pop(c, mark);
	return ok;
}

/* An empty index of n questions by id (read_questions fills it). */
static void
index_begin(struct survey_ctx *sx, size_t n)
{
	sx->qmask = 15;
	while (sx->qmask < 2 * n)
		sx->qmask = sx->qmask * 2 + 1;
	sx->qslot = xcalloc(sx->qmask + 1, sizeof(*sx->qslot));
}

/* Adds question i by its id; the index of the first with that id when there was one. */
static size_t
index_add(struct survey_ctx *sx, size_t i)
{
	const char *id = sx->s->questions[i].id;
	size_t k = load_hash(id) & sx->qmask;
	while (sx->qslot[k] != 0 && strcmp(sx->s->questions[sx->qslot[k] - 1].id, id) != 0)
		k = (k + 1) & sx->qmask;
	if (sx->qslot[k] != 0)
		return sx->qslot[k] - 1;
	sx->qslot[k] = i + 1;
	return SIZE_MAX;
}

static void
read_questions(struct survey_ctx *sx, const cJSON *root)
{
	struct ctx *c = &sx->c;
	struct survey *s = sx->s;
	size_t mark;
	const cJSON *arr = lj_enter(c, root, "questions", true, true, &mark);
	if (arr == NULL) {
		lj_path_pop(c, mark);
		return;
	}
	sx->questions_ok = true;
	size_t n = load_elements_count(c->doc, arr);
	s->questions = lj_model_calloc(c, n ? n : 1, sizeof(*s->questions));
	s->nquestions = n;
	index_begin(sx, n);
	/* Repeated ids are reported after the list, in its order, as they always were. */
	size_t *first = xmalloc((n ? n : 1) * sizeof(*first));
	size_t i = 0;
	struct load_elements e;
	load_elements_begin(&e, c->doc, arr);
	for (const cJSON *qo; i < n && (qo = load_elements_next(&e)) != NULL; i++) {
		struct question *q = &s->questions[i];
		q->scale_min = s->scale_min;
		q->scale_max = s->scale_max;
		first[i] = SIZE_MAX;
		size_t m2 = lj_path_index(c, i);
		if (!cJSON_IsObject(qo)) {
			lj_bad_type(c, "an object", qo);
		} else {
			lj_check_keys(c, qo);
			q->id = lj_get_id(c, qo, "id");
			q->text = lj_get_text(c, qo, "text", LOAD_PROSE, true);
			q->topic = lj_get_text(c, qo, "topic", LOAD_NAME, false);
			read_scale(c, qo, &q->scale_min, &q->scale_max);
			if (q->id != NULL)
				first[i] = index_add(sx, i);
		}
		lj_path_pop(c, m2);
	}
	load_elements_end(&e);
	for (i = 0; i < n; i++) {
		if (first[i] == SIZE_MAX)
			continue;
		char q[MSG_QUOTE_SIZE];
		size_t m2 = lj_path_index(c, i);
		lj_path_key(c, "id");
		lj_report(c, "duplicate question id %s, first at questions[%zu]",
		          msg_quote(q, s->questions[i].id), first[i]);
		lj_path_pop(c, m2);
	}
	free(first);
	lj_path_pop(c, mark);
}

static ptrdiff_t
question_index(const struct survey_ctx *sx, const char *id)
{
	if (sx->qslot == NULL)
		return -1;
	size_t k = load_hash(id) & sx->qmask;
	for (; sx->qslot[k] != 0; k = (k + 1) & sx->qmask)
		if (strcmp(sx->s->questions[sx->qslot[k] - 1].id, id) == 0)
			return (ptrdiff_t)sx->qslot[k] - 1;
	return -1;
}

static bool
named_unknown(const struct survey_ctx *sx, const char *id)
{
	for (size_t i = 0; i < sx->nunknown; i++)
		if (strcmp(sx->unknown[i], id) == 0)
			return true;
	return false;
}

/* What the tree keeps of an answers object (load_doc.map_key). */
static enum load_map
answer_key(void *ctx, size_t object, const char *key, bool cut)
{
	struct survey_ctx *sx = ctx;
	if (!sx->questions_ok)
		return LOAD_MAP_DROP;
	ptrdiff_t qi = cut ? -1 : question_index(sx, key);
	if (qi >= 0) {
		/* A question answered twice in one object, by its stamp: no set of keys. */
		if (object != sx->object || sx->stamp == NULL) {
			if (sx->stamp == NULL || ++sx->gen == 0) {
				free(sx->stamp);
				sx->stamp = xcalloc(sx->s->nquestions, sizeof(*sx->stamp));
				sx->gen = 1;
			}
			sx->object = object;
		}
		if (sx->stamp[qi] == sx->gen)
			return LOAD_MAP_REPEAT;
		sx->stamp[qi] = sx->gen;
		return LOAD_MAP_KEEP;
	}
	if (!cut && named_unknown(sx, key))
		return LOAD_MAP_DROP;
	if (sx->nunknown + sx->pending < MAX_NAMED_UNKNOWN) {
		sx->pending++;
		return LOAD_MAP_WARN;
	}
	sx->unlisted++;
	return LOAD_MAP_DROP;
}

static void
read_answers(struct survey_ctx *sx, const cJSON *ro, struct response *r)
{
	struct ctx *c = &sx->c;
	const struct survey *s = sx->s;
	char why[LOAD_WHY_SIZE];
	size_t mark;
	const cJSON *o = lj_enter(c, ro, "answers", false, true, &mark);
	for (const cJSON *a = o != NULL ? o->child : NULL; a != NULL; a = a->next) {
		if (!sx->questions_ok)
			break;
		/* A repeated key was reported by check_keys; the first one counts. */
		if (a->type & (LOAD_REPEAT | LOAD_TOO_MANY))
			continue;
		size_t m2 = lj_path_key(c, a->string);
		ptrdiff_t qi = question_index(sx, a->string);
		if (qi < 0) {
			if (!named_unknown(sx, a->string) && sx->nunknown < MAX_NAMED_UNKNOWN) {
				char q[MSG_QUOTE_SIZE];
				lj_warn(c, "unknown question id %s, ignored",
				        msg_quote(q, a->string));
				sx->unknown[sx->nunknown++] = xstrdup(a->string);
			}
		} else if (!cJSON_IsNull(a)) {
			const struct question *q = &s->questions[qi];
			struct num v = {0};
			if (!lj_val_number(c, a, "a number or null", &v)) {
				/* reported */
			} else if (load_check_answer(num_v(v), q->scale_min, q->scale_max, why,
			                             sizeof(why)) != NULL) {
				lj_report(c, "%s", why);
			} else {
				r->answers[qi] = v;
			}
		}
		lj_path_pop(c, m2);
	}
	sx->pending = 0;
	lj_path_pop(c, mark);
}

/*
 * One response. Its partner_id decides who answers for its problems: a partner of
 * the metrics fails, a response of an unknown partner only gets warnings. Returns
 * false when the response is dropped (no usable partner_id).
 */
static bool
read_response(struct survey_ctx *sx, const cJSON *ro, struct response *r)
{
	struct ctx *c = &sx->c;
	char q[MSG_QUOTE_SIZE];
	c->scope = SC_SOFT;
	if (!cJSON_IsObject(ro)) {
		char *sh = load_shown(ro);
		lj_warn(c, "expected an object, got %s; response ignored", sh);
		free(sh);
		return false;
	}
	size_t mark = lj_path_key(c, "partner_id");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(ro, "partner_id");
	bool ok = false;
	if (v == NULL) {
		lj_warn(c, "required field is missing; response ignored");
	} else if (!cJSON_IsString(v)) {
		char *sh = load_shown(v);
		lj_warn(c, "expected a string, got %s; response ignored", sh);
		free(sh);
	} else if (!is_valid_id(v->valuestring)) {
		lj_warn(c, "invalid id %s; response ignored", msg_quote(q, v->valuestring));
	} else {
		ok = true;
		r->partner_id = lj_model_strdup(c, v->valuestring);
		if (sx->defer) {
			assert(sx->nmarks < sx->capmarks);
			sx->marks[sx->nmarks++] =
			    (struct survey_mark){r, sx->held.n, 2 * sx->response};
		} else if (sx->m != NULL) {
			const struct id_slot *at = lj_id_slot(&sx->ids, r->partner_id);
			r->partner = at->id != NULL ? &sx->m->partners[at->index] : NULL;
			if (r->partner == NULL)
				lj_warn(c, "partner %s is not in %s", msg_quote(q, r->partner_id),
				        sx->m->path);
		}
	}
	lj_path_pop(c, mark);
	if (!ok)
		return false;

	/* Without metrics nobody can be failed, but the run stops anyway: errors. */
	c->scope = sx->defer ? SC_DEFER : r->partner != NULL || sx->m == NULL ? SC_ITEM : SC_SOFT;
	c->local = 0;
	lj_check_keys(c, ro);
	r->respondent = lj_get_text(c, ro, "respondent", LOAD_NAME, false);
	r->submitted = lj_get_date(c, ro, "submitted");
	r->comment = lj_get_text(c, ro, "comment", LOAD_PROSE, false);
	r->wish = lj_get_text(c, ro, "wish", LOAD_PROSE, false);
	/* Always one slot per question, so readers need no NULL check. */
	if (sx->s->nquestions > 0)
		r->answers = lj_model_calloc(c, sx->s->nquestions, sizeof(*r->answers));
	read_answers(sx, ro, r);
	if (c->local > 0 && r->partner != NULL && c->scope == SC_ITEM)
		r->partner->failed = true;
	if (sx->defer)
		sx->marks[sx->nmarks - 1].at |= c->local > 0;
	return true;
}

static void
read_wave(struct survey_ctx *sx, const cJSON *wo, struct wave *w)
{
	struct ctx *c = &sx->c;
	if (!cJSON_IsObject(wo)) {
		lj_bad_type(c, "an object", wo);
		return;
	}
	lj_check_keys(c, wo);
	w->period = lj_get_period(c, wo, "id");
	w->closed = lj_get_date(c, wo, "closed");

	size_t mark;
	const cJSON *arr = lj_enter(c, wo, "responses", true, false, &mark);
	size_t n = arr != NULL ? load_elements_count(c->doc, arr) : 0;
	if (n > 0) {
		w->responses = lj_model_calloc(c, n, sizeof(*w->responses));
		struct load_elements e;
		load_elements_begin(&e, c->doc, arr);
		const cJSON *ro;
		for (size_t i = 0; i < n && (ro = load_elements_next(&e)) != NULL; i++) {
			size_t m2 = lj_path_index(c, i);
			sx->response = i;
			if (sx->defer && sx->nmarks == sx->capmarks) {
				/* Room for the rest of the wave's at once: no copies of a growing array. */
				sx->capmarks = sx->nmarks + n - i;
				sx->marks = xrealloc(sx->marks, sx->capmarks * sizeof(*sx->marks));
			}
			if (read_response(sx, ro, &w->responses[w->nresponses]))
				w->nresponses++;
			c->scope = SC_FILE;
			lj_path_pop(c, m2);
		}
		load_elements_end(&e);
	}
	lj_path_pop(c, mark);
}

static int
wave_cmp(const void *a, const void *b)
{
	const struct wave *x = a, *y = b;
	return (x->period > y->period) - (x->period < y->period);
}

static void
read_waves(struct survey_ctx *sx, const cJSON *root)
{
	struct ctx *c = &sx->c;
	struct survey *s = sx->s;
	size_t mark;
	const cJSON *arr = lj_enter(c, root, "waves", true, true, &mark);
	size_t n = arr != NULL ? load_elements_count(c->doc, arr) : 0;
	if (n == 0) {
		lj_path_pop(c, mark);
		return;
	}
	s->waves = lj_model_calloc(c, n, sizeof(*s->waves));
	s->nwaves = n;
	if (sx->defer)
		sx->wave_marks = xcalloc(n, sizeof(*sx->wave_marks));
	struct keyed *keys = xmalloc(n * sizeof(*keys));
	size_t nkeys = 0, i = 0;
	struct load_elements e;
	load_elements_begin(&e, c->doc, arr);
	for (const cJSON *wo; i < n && (wo = load_elements_next(&e)) != NULL; i++) {
		size_t m2 = lj_path_index(c, i);
		sx->wave = i;
		if (sx->defer) {
			sx->wave_marks[i] = sx->nmarks;
			sx->nwave_marks = i + 1;
		}
		read_wave(sx, wo, &s->waves[i]);
		lj_path_pop(c, m2);
		if (s->waves[i].period != 0)
			keys[nkeys++] = (struct keyed){NULL, s->waves[i].period, i};
	}
	load_elements_end(&e);
	size_t *first = xmalloc(n * sizeof(*first));
	lj_find_repeats(keys, nkeys, first, n);
	for (i = 0; i < n; i++) {
		if (first[i] == SIZE_MAX)
			continue;
		char pt[32];
		size_t m2 = lj_path_index(c, i);
		lj_path_key(c, "id");
		lj_period_text(pt, sizeof(pt), s->waves[i].period);
		lj_report(c, "duplicate wave %s, first at waves[%zu]", pt, first[i]);
		lj_path_pop(c, m2);
	}
	free(first);
	free(keys);
	qsort(s->waves, n, sizeof(*s->waves), wave_cmp);
	lj_path_pop(c, mark);
}

/* The partners of m by id, for linking the responses. */
static void
index_partners(struct survey_ctx *sx, const struct metrics *m)
{
	lj_id_index_init(&sx->ids, m != NULL ? m->npartners : 0);
	for (size_t i = 0; m != NULL && i < m->npartners; i++)
		if (m->partners[i].id != NULL)
			lj_id_first(&sx->ids, &m->partners[i]);
}

/*
 * Reads the file at sx->path into sx->s (unusable when sx->c.fatal > 0: take_survey),
 * against sx->m unless sx->defer. A CSV file is read here too, unless sx->defer: then only sx->csv
 * is set.
 */
static void
read_survey(struct survey_ctx *sx)
{
	const char *path = sx->path;
	struct load_doc d;
	cJSON *root;
	bool csv = false;
	/* An answers object keeps what answer_key says, once the questions are read. */
	if (!load_doc_open(&d, path, &survey_root, true, &root, &csv)) {
		struct csv_src src;
		sx->csv = csv && sx->defer;
		if (csv && !sx->defer && lj_csv_source(&d, &src))
			sx->s = load_csv_survey(path, &src, sx->m);
		load_doc_close(&d);
		return;
	}
	d.map_key = answer_key;
	d.map_ctx = sx;
	struct ctx *c = &sx->c;
	struct survey *s = sx->s = xcalloc(1, sizeof(*s));
	/* The model of a big file in huge pages from its first byte (page faults are dear). */
	s->arena = d.t.len >= LOAD_BIG ? arena_new_huge() : arena_new_large();
	lj_ctx_init(c, path, s->arena);
	c->doc = &d;
	c->held = sx->defer ? &sx->held : NULL;
	/* One look-up per response: by hash, not metrics_find's walk through all partners. */
	if (!sx->defer)
		index_partners(sx, sx->m);
	s->path = arena_strdup(s->arena, path);
	s->scale_min = 1;
	s->scale_max = 5;

	if (lj_check_root(c, root) &&
	    lj_check_format(c, root, SURVEY_FORMAT, METRICS_FORMAT, "metrics")) {
		/* The file's scale first: the questions inherit it. */
		size_t before = c->fatal;
		read_scale(c, root, &s->scale_min, &s->scale_max);
		read_questions(sx, root);
		/* With a broken question list, answers cannot be judged: checking them
		 * would only repeat its problems. */
		if (c->fatal > before)
			sx->questions_ok = false;
		read_waves(sx, root);
		if (sx->unlisted > 0)
			msg_path(MSG_WARNING, path, NULL,
			         "%zu more answers to question ids that are not in questions[], "
			         "ignored (the first %d such ids are named above)",
			         sx->unlisted, MAX_NAMED_UNKNOWN);
	}

	cJSON_Delete(root);
	if (d.failed)
		c->fatal++;
	load_doc_close(&d);
	c->doc = NULL;
	lj_intern_free(c);
}

/* sx->s, or NULL (freed) when the file is unusable. */
static struct survey *
take_survey(struct survey_ctx *sx)
{
	struct survey *s = sx->s;
	sx->s = NULL;
	if (sx->c.fatal > 0) {
		survey_free(s);
		return NULL;
	}
	return s;
}

/* What read_survey leaves besides sx->s. */
static void
survey_ctx_free(struct survey_ctx *sx)
{
	free(sx->c.path);
	lj_intern_free(&sx->c);
	for (size_t i = 0; i < sx->nunknown; i++)
		free(sx->unknown[i]);
	free(sx->qslot);
	free(sx->stamp);
	free(sx->ids.slot);
	msg_held_free(&sx->held);
	free(sx->marks);
	free(sx->wave_marks);
}

struct survey *
load_survey(const char *path, struct metrics *m)
{
	mem_reading(path);
	struct survey_ctx sx = {.m = m, .path = path};
	read_survey(&sx);
	struct survey *s = take_survey(&sx);
	survey_ctx_free(&sx);
	mem_reading(NULL);
	if (s != NULL)
		arena_trim(s->arena);
	mem_give_back();
	return s;
}

struct survey_ctx *
load_survey_start(const char *path)
{
	mem_reading(path);
	struct survey_ctx *sx = xcalloc(1, sizeof(*sx));
	sx->defer = true;
	sx->path = path;
	msg_hold(&sx->held);
	read_survey(sx);
	msg_hold(NULL);
	mem_reading(NULL);
	return sx;
}

/* The response of mark k (of wave w) linked to its partner; the warning about an unknown one. */
static bool
link_response(struct survey_ctx *sx, const struct survey_mark *k, size_t w)
{
	struct ctx *c = &sx->c;
	const struct id_slot *at = lj_id_slot(&sx->ids, k->r->partner_id);
	k->r->partner = at->id != NULL ? &sx->m->partners[at->index] : NULL;
	if (k->r->partner == NULL) {
		char q[MSG_QUOTE_SIZE];
		size_t mark = lj_path_key(c, "waves");
		lj_path_index(c, w);
		lj_path_key(c, "responses");
		lj_path_index(c, k->at / 2);
		lj_path_key(c, "partner_id");
		lj_warn(c, "partner %s is not in %s", msg_quote(q, k->r->partner_id), sx->m->path);
		lj_path_pop(c, mark);
	} else if (k->at & 1) {
		k->r->partner->failed = true;
	}
	return k->r->partner != NULL;
}

struct survey *
load_survey_end(struct survey_ctx *sx, struct metrics *m, struct id_index *ids)
{
	struct survey *s;
	if (sx->csv) {
		assert(sx->held.n == 0);
		free(ids->slot);
		ids->slot = NULL;
		s = load_survey(sx->path, m);
	} else {
		mem_reading(sx->path);
		sx->m = m;
		if (ids->slot != NULL) {
			sx->ids = *ids;
			ids->slot = NULL;
		} else {
			index_partners(sx, m);
		}
		/* Each mark's lines are its response's, and the file's after them (not scoped). */
		bool known = false;
		size_t from = 0, w = 0;
		for (size_t k = 0;; k++) {
			size_t to = k < sx->nmarks ? sx->marks[k].line : sx->held.n;
			for (size_t i = from; i < to; i++)
				if (sx->held.line[i].scoped)
					sx->held.line[i].lvl = known ? MSG_ERROR : MSG_WARNING;
			msg_held_print(&sx->held, from, to);
			from = to;
			if (k == sx->nmarks)
				break;
			while (w + 1 < sx->nwave_marks && sx->wave_marks[w + 1] <= k)
				w++;
			known = link_response(sx, &sx->marks[k], w);
		}
		mem_reading(NULL);
		s = take_survey(sx);
	}
	load_survey_drop(sx);
	return s;
}

void
load_survey_drop(struct survey_ctx *sx)
{
	if (sx == NULL)
		return;
	survey_free(sx->s);
	survey_ctx_free(sx);
	free(sx);
}
