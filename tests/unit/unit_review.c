/* SPDX-License-Identifier: MIT */
/* The review's rules on edge cases: one quarter, zero revenue, no survey, one partner. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze_review.h"
#include "load.h"
#include "msg.h"
#include "tpl_rules.h"
#include "unit.h"

static char dir[] = "/tmp/unit_review_XXXXXX";

static struct metrics *
metrics_of(const char *partners)
{
	char *path = xasprintf("%s/m.json", dir);
	FILE *f = fopen(path, "w");
	fprintf(f, "{\"format\": \"partnerreview-metrics/1\", \"vendor\": {\"name\": \"V\", "
		   "\"channel_manager\": {\"name\": \"M\"}}, \"partners\": [%s]}",
		partners);
	fclose(f);
	struct metrics *m = load_metrics(path);
	free(path);
	return m;
}

static const struct goal *
goal(const struct review *rv, const char *id)
{
	for (size_t i = 0; i < rv->ngoals; i++)
		if (strcmp(rv->goals[i].id, id) == 0)
			return &rv->goals[i];
	return NULL;
}

static bool
praised(const struct review *rv, enum praise_kind k)
{
	for (size_t i = 0; i < rv->npraise; i++)
		if (rv->praise[i].kind == k)
			return true;
	return false;
}

struct edge {
	const char *name;
	const char *partners; /* the metrics' partners array */
	const char *id;       /* the partner judged */
	enum health health;
	double revenue_target; /* of the revenue goal */
	size_t min_goals;
	bool target_praise, record_praise, pressure;
	size_t causes;
};

int
main(void)
{
	if (mkdtemp(dir) == NULL)
		return 1;
	struct rules *rules = rules_load("templates/rules.xml");
	CHECK(rules != NULL);
	if (rules == NULL)
		return UNIT_DONE();
	static const struct edge cases[] = {
	    {"one quarter only, above target",
	     "{\"id\": \"A\", \"name\": \"A\", \"quarters\": [{\"period\": \"2026-Q3\", \"revenue\": "
	     "120000, \"target\": 100000, \"leads_received\": 20, \"leads_followed_up\": 10, "
	     "\"deals_won\": 5, \"certified_reps\": 1}]}",
	     "A", HEALTH_GREEN, 126000, 3, true, false, false, 0},
	    {"zero revenue: a first step, red",
	     "{\"id\": \"Z\", \"name\": \"Z\", \"quarters\": [{\"period\": \"2026-Q2\", \"revenue\": 0, "
	     "\"target\": 80000}, {\"period\": \"2026-Q3\", \"revenue\": 0, \"target\": 80000}]}",
	     "Z", HEALTH_RED, 12000, 1, false, false, false, 0},
	    {"three quarters below target, falling: pressure, a record impossible",
	     "{\"id\": \"P\", \"name\": \"P\", \"quarters\": [{\"period\": \"2026-Q1\", \"revenue\": "
	     "90000, \"target\": 100000}, {\"period\": \"2026-Q2\", \"revenue\": 85000, \"target\": "
	     "100000}, {\"period\": \"2026-Q3\", \"revenue\": 80000, \"target\": 100000, "
	     "\"pipeline\": 100000}]}",
	     "P", HEALTH_AMBER, 92000, 1, false, false, true, 0},
	    {"a record: above every earlier quarter shown",
	     "{\"id\": \"R\", \"name\": \"R\", \"quarters\": [{\"period\": \"2026-Q1\", \"revenue\": "
	     "90000, \"target\": 100000}, {\"period\": \"2026-Q2\", \"revenue\": 95000, \"target\": "
	     "100000}, {\"period\": \"2026-Q3\", \"revenue\": 99000, \"target\": 100000}]}",
	     "R", HEALTH_GREEN, 100000, 1, false, true, false, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct edge *e = &cases[i];
		struct metrics *m = metrics_of(e->partners);
		CHECK(m != NULL);
		if (m == NULL)
			continue;
		struct portfolio *pf = portfolio_new(m, NULL, 20263, &rules->portfolio);
		struct review *rv = review_new(pf, metrics_find(m, e->id), NULL, &rules->review,
					       20261126, 20263);
		const struct goal *g = goal(rv, "revenue");
		if (rv->health != e->health || g == NULL || g->target != e->revenue_target ||
		    rv->ngoals < e->min_goals || rv->ngoals > 5 ||
		    praised(rv, PRAISE_TARGET) != e->target_praise ||
		    praised(rv, PRAISE_RECORD) != e->record_praise ||
		    (rv->npressure > 0) != e->pressure || rv->ncauses != e->causes)
			fprintf(stderr, "case \"%s\": health %d, revenue goal %g, %zu goals, %zu causes\n",
				e->name, rv->health, g ? g->target : -1, rv->ngoals, rv->ncauses);
		CHECK(rv->health == e->health);
		CHECK(g != NULL && g->target == e->revenue_target);
		CHECK(g != NULL && g->due == 20261231);
		CHECK(rv->ngoals >= e->min_goals && rv->ngoals <= 5);
		CHECK(praised(rv, PRAISE_TARGET) == e->target_praise);
		CHECK(praised(rv, PRAISE_RECORD) == e->record_praise);
		CHECK((rv->npressure > 0) == e->pressure);
		/* Without a survey no cause shows by it; one partner is its own median. */
		CHECK(rv->ncauses == e->causes);
		review_free(rv);
		portfolio_free(pf);
		metrics_free(m);
	}
	char *path = xasprintf("%s/m.json", dir);
	unlink(path);
	free(path);
	rmdir(dir);
	rules_free(rules);
	return UNIT_DONE();
}
