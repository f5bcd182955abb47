/* SPDX-License-Identifier: MIT */
/*
 * Reads the goals of an earlier review (--previous DIR): <id>_<period>.goals.json
 * (docs/goals.md) or the goals of its review.json (docs/review-json.md), which carry the
 * same members; the rest of a review.json is skipped unparsed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "load.h"
#include "load_int.h"
#include "load_tree.h"
#include "mem.h"
#include "msg.h"

static const struct load_field goal_fields[] = {
    LOAD_FIELD("figure", J_LEAF, NULL),          LOAD_FIELD("owner", J_LEAF, NULL),
    LOAD_FIELD("baseline", J_LEAF, NULL),        LOAD_FIELD("target", J_LEAF, NULL),
    LOAD_FIELD("lower_is_better", J_LEAF, NULL), LOAD_FIELD("due", J_LEAF, NULL),
};
static const struct load_schema goal_schema = {goal_fields, 6};

static const struct load_field root_fields[] = {
    LOAD_FIELD("format", J_LEAF, NULL),
    LOAD_FIELD("partner_id", J_LEAF, NULL),
    LOAD_FIELD("period", J_LEAF, NULL),
    LOAD_FIELD("goals", J_ARRAY, &goal_schema),
};
static const struct load_schema root_schema = {root_fields, 4};

static bool
goal_fail(struct goal_set *g, const char *path, const char *where, const char *what)
{
	msg_path(MSG_WARNING, path, where, "%s; the earlier goals are left out", what);
	goal_set_free(g);
	return false;
}

/* The whole tree of path (a small file, read into memory by any thread); NULL after a message. */
static cJSON *
parse_file(const char *path)
{
	struct load_doc d;
	cJSON *root = NULL;
	mem_reading(path);
	load_doc_open(&d, path, &root_schema, false, &root, NULL);
	load_doc_close(&d);
	mem_reading(NULL);
	return root;
}

struct goal_set *
load_goals(const char *path, const char *format)
{
	cJSON *root = parse_file(path);
	if (root == NULL)
		return NULL;
	struct goal_set *g = xcalloc(1, sizeof(*g));
	const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "partner_id");
	const cJSON *period = cJSON_GetObjectItemCaseSensitive(root, "period");
	const cJSON *goals = cJSON_GetObjectItemCaseSensitive(root, "goals");
	bool ok = true;
	char want[64];
	snprintf(want, sizeof(want), "expected \"%s\"", format);
	if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, format) != 0)
		ok = goal_fail(g, path, "format", want);
	else if (!cJSON_IsString(id) || !is_valid_id(id->valuestring))
		ok = goal_fail(g, path, "partner_id", "expected a partner id");
	else if (!cJSON_IsString(period) || parse_period(period->valuestring) == 0)
		ok = goal_fail(g, path, "period", "expected a period such as 2026-Q3");
	else if (!cJSON_IsArray(goals))
		ok = goal_fail(g, path, "goals", "expected an array");
	if (!ok) {
		cJSON_Delete(root);
		return NULL;
	}
	g->partner_id = xstrdup(id->valuestring);
	g->period = parse_period(period->valuestring);
	size_t n = (size_t)cJSON_GetArraySize(goals), i = 0;
	g->goals = xcalloc(n + 1, sizeof(*g->goals));
	const cJSON *it;
	cJSON_ArrayForEach(it, goals)
	{
		char where[64];
		snprintf(where, sizeof(where), "goals[%zu]", i++);
		const cJSON *fig = cJSON_GetObjectItemCaseSensitive(it, "figure");
		const cJSON *own = cJSON_GetObjectItemCaseSensitive(it, "owner");
		const cJSON *base = cJSON_GetObjectItemCaseSensitive(it, "baseline");
		const cJSON *tgt = cJSON_GetObjectItemCaseSensitive(it, "target");
		const cJSON *low = cJSON_GetObjectItemCaseSensitive(it, "lower_is_better");
		const cJSON *due = cJSON_GetObjectItemCaseSensitive(it, "due");
		if (!cJSON_IsString(fig) || !cJSON_IsString(own) || !cJSON_IsNumber(base) ||
		    !cJSON_IsNumber(tgt) || !cJSON_IsBool(low) || !cJSON_IsString(due) ||
		    parse_date(due->valuestring) == 0 || !isfinite(base->valuedouble) ||
		    !isfinite(tgt->valuedouble)) {
			goal_fail(
			    g, path, where,
			    "expected figure, owner, baseline, target, lower_is_better and due");
			cJSON_Delete(root);
			return NULL;
		}
		struct prev_goal *pg = &g->goals[g->ngoals++];
		pg->figure = xstrdup(fig->valuestring);
		pg->owner = xstrdup(own->valuestring);
		pg->baseline = base->valuedouble;
		pg->target = tgt->valuedouble;
		pg->lower_is_better = cJSON_IsTrue(low);
		pg->due = parse_date(due->valuestring);
	}
	cJSON_Delete(root);
	return g;
}
