/* SPDX-License-Identifier: MIT */
/* The review's record beside each PDF (review.json, written and read with cJSON). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "load.h"
#include "msg.h"
#include "out_file.h"
#include "review_json.h"

/* A value as JSON: dates and quarters as their ISO text, a number past a double's range null. */
static cJSON *
to_json(const struct val *v)
{
	char buf[32];
	switch (v ? v->kind : VAL_NULL) {
	case VAL_BOOL:
		return cJSON_CreateBool(v->b);
	case VAL_NUM:
		if (!isfinite(v->num))
			return cJSON_CreateNull();
		if (v->fmt == FMT_DATE) {
			int d = (int)v->num;
			snprintf(buf, sizeof(buf), "%04d-%02d-%02d", d / 10000, d / 100 % 100,
			         d % 100);
			return cJSON_CreateString(buf);
		}
		if (v->fmt == FMT_QUARTER) {
			int q = (int)v->num;
			snprintf(buf, sizeof(buf), "%d-Q%d", q / 10, q % 10);
			return cJSON_CreateString(buf);
		}
		return cJSON_CreateNumber(v->num);
	case VAL_STR:
		return cJSON_CreateString(v->str);
	case VAL_LIST: {
		cJSON *a = cJSON_CreateArray();
		struct arena *scratch = v->maker ? arena_new() : NULL;
		for (size_t i = 0; i < v->n; i++)
			cJSON_AddItemToArray(a, to_json(val_item(v, i, scratch)));
		arena_free(scratch);
		return a;
	}
	case VAL_REC: {
		cJSON *o = cJSON_CreateObject();
		for (size_t i = 0; i < v->nfields; i++)
			cJSON_AddItemToObject(o, v->fields[i].name, to_json(v->fields[i].v));
		return o;
	}
	default:
		return cJSON_CreateNull();
	}
}

/* Copies the named fields of rec into o, in this order. */
static void
fields(cJSON *o, const struct val *rec, const char *const *names)
{
	for (; *names != NULL; names++)
		cJSON_AddItemToObject(o, *names, to_json(val_get(rec, *names)));
}

char *
review_json(const struct val *root)
{
	const struct val *p = val_get(root, "partner");
	const struct val *cur = val_get(p, "current");
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "format", "partnerreview-review/1");
	cJSON_AddItemToObject(o, "partner_id", to_json(val_get(p, "id")));
	cJSON_AddItemToObject(o, "partner_name", to_json(val_get(p, "name")));
	cJSON_AddItemToObject(o, "period", to_json(val_get(root, "period")));
	cJSON_AddItemToObject(o, "date", to_json(val_get(root, "today")));
	cJSON_AddItemToObject(o, "currency", to_json(val_get(root, "currency")));
	/* Where the partner stands: the figures the judgements rest on. */
	cJSON *st = cJSON_AddObjectToObject(o, "standing");
	static const char *const standing[] = {
	    "rank",       "ranked",     "class",      "share", "trend", "trend_direction",
	    "trend_rate", "trend_said", "target_gap", NULL};
	static const char *const quarter[] = {"revenue", "target", "attainment", NULL};
	fields(st, cur, quarter);
	fields(st, p, standing);
	static const char *const judged[] = {"health",
	                                     "health_reason",
	                                     "underperformer",
	                                     "meeting_weeks",
	                                     "next_meetings",
	                                     "escalate",
	                                     "escalation",
	                                     "doubt",
	                                     "warnings",
	                                     "causes",
	                                     "goals",
	                                     "strengths",
	                                     "praise",
	                                     "pressure",
	                                     "previous_goals_period",
	                                     "previous_goals",
	                                     "own_points",
	                                     "wishes",
	                                     NULL};
	fields(o, p, judged);
	const struct val *s = val_get(root, "survey");
	cJSON *sv = cJSON_AddObjectToObject(o, "survey");
	static const char *const survey[] = {"given",
	                                     "wave",
	                                     "previous_wave",
	                                     "participated",
	                                     "participated_previous",
	                                     "respondents",
	                                     "nps",
	                                     "nps_previous",
	                                     NULL};
	fields(sv, s, survey);
	/* Printed into a buffer about as big as a review's record, not grown from 256 bytes. */
	char *text = cJSON_PrintBuffered(o, 16 << 10, true);
	cJSON_Delete(o);
	/* cJSON fails only for want of memory: then as every allocation here does. */
	if (text == NULL) {
		msg(MSG_ERROR, "out of memory");
		exit(2);
	}
	size_t n = strlen(text);
	char *copy = xmalloc(n + 2);
	memcpy(copy, text, n);
	memcpy(copy + n, "\n", 2);
	cJSON_free(text);
	return copy;
}

int
review_json_write(const char *final, const struct val *root)
{
	char *text = review_json(root);
	struct out_file f;
	int rc = -1;
	if (out_file_open(&f, final) == 0) {
		bool ok = out_file_write(&f, text, strlen(text));
		if (!ok)
			msg(MSG_ERROR, "%s: cannot write: %s", final, strerror(errno));
		rc = out_file_close(&f, ok);
	}
	free(text);
	return rc;
}

struct goal_set *
review_json_previous(const char *dir, const char *id, int period)
{
	char *name = xasprintf("%s/%s_%d-Q%d", dir, id, period / 10, period % 10);
	char *review = xasprintf("%s.review.json", name), *goals = xasprintf("%s.goals.json", name);
	struct goal_set *g = NULL;
	if (access(review, R_OK) == 0)
		g = load_goals(review, "partnerreview-review/1");
	else if (access(goals, R_OK) == 0)
		g = load_goals(goals, "partnerreview-goals/1");
	else
		msg(MSG_NOTE,
		    "partner %s: no goals from the last review (no %s_%d-Q%d.review.json or "
		    ".goals.json in %s)",
		    id, id, period / 10, period % 10, dir);
	free(review);
	free(goals);
	free(name);
	return g;
}
