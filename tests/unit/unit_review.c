/* SPDX-License-Identifier: MIT */
/* The review's rules (docs/rules.md) on small partners built for each: status, goals, praise, pressure, ownership. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze_review.h"
#include "load.h"
#include "msg.h"
#include "analyze_rules.h"
#include "unit.h"

static char dir[] = "/tmp/unit_review_XXXXXX";
static struct rules *rules;

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
	unlink(path);
	free(path);
	return m;
}

/* The sample survey's questions with the waves given (a JSON array of waves). */
static struct survey *
survey_of(struct metrics *m, const char *waves)
{
	char *path = xasprintf("%s/s.json", dir);
	FILE *f = fopen(path, "w");
	fprintf(f,
		"{\"format\": \"partnerreview-survey/1\", \"questions\": ["
		"{\"id\": \"lead_volume\", \"topic\": \"leads\", \"text\": \"L\"},"
		"{\"id\": \"lead_quality\", \"topic\": \"leads\", \"text\": \"Q\"},"
		"{\"id\": \"vendor_service\", \"topic\": \"service\", \"text\": \"S\"},"
		"{\"id\": \"channel_conflict\", \"topic\": \"conflict\", \"text\": \"C\"},"
		"{\"id\": \"training\", \"topic\": \"enablement\", \"text\": \"T\"},"
		"{\"id\": \"marketing\", \"topic\": \"marketing\", \"text\": \"M\"},"
		"{\"id\": \"overall\", \"topic\": \"overall\", \"text\": \"O\"},"
		"{\"id\": \"recommend\", \"topic\": \"nps\", \"scale\": {\"min\": 0, \"max\": 10}, "
		"\"text\": \"R\"}], \"waves\": %s}",
		waves);
	fclose(f);
	struct survey *s = load_survey(path, m);
	unlink(path);
	free(path);
	return s;
}

/* One partner judged: its metrics, survey and portfolio, freed together. */
struct judged {
	struct metrics *m;
	struct survey *s;
	struct portfolio *pf;
	struct review *rv;
};

static struct judged
judge(const char *partners, const char *waves, const char *id, const struct goal_set *previous)
{
	struct judged j = {0};
	j.m = metrics_of(partners);
	CHECK(j.m != NULL);
	if (j.m == NULL)
		return j;
	if (waves != NULL) {
		j.s = survey_of(j.m, waves);
		CHECK(j.s != NULL);
	}
	j.pf = portfolio_new(j.m, j.s, 20263, &rules->portfolio);
	enum msg_level old = msg_threshold(MSG_ERROR);
	j.rv = review_new(j.pf, metrics_find(j.m, id), j.s, &rules->review, 20261126, 20263,
			  previous);
	msg_threshold(old);
	return j;
}

static void
done(struct judged *j)
{
	review_free(j->rv);
	portfolio_free(j->pf);
	survey_free(j->s);
	metrics_free(j->m);
}

static const struct goal *
goal(const struct review *rv, const char *id)
{
	for (size_t i = 0; rv && i < rv->ngoals; i++)
		if (strcmp(rv->goals[i].id, id) == 0)
			return &rv->goals[i];
	return NULL;
}

static const struct cause *
cause(const struct review *rv, const char *id)
{
	for (size_t i = 0; rv && i < rv->ncauses; i++)
		if (strcmp(rv->causes[i].rule->id, id) == 0)
			return &rv->causes[i];
	return NULL;
}

static bool
praised(const struct review *rv, enum praise_kind k)
{
	for (size_t i = 0; rv && i < rv->npraise; i++)
		if (rv->praise[i].kind == k)
			return true;
	return false;
}

static bool
pressed(const struct review *rv, const char *figure)
{
	for (size_t i = 0; rv && i < rv->npressure; i++)
		if (strcmp(rv->pressure[i].figure, figure) == 0)
			return true;
	return false;
}

/* Every goal's target is better than its baseline (the invariant of every review). */
static void
check_targets(const struct review *rv)
{
	for (size_t i = 0; rv && i < rv->ngoals; i++) {
		const struct goal *g = &rv->goals[i];
		CHECK(g->lower_is_better ? g->target < g->baseline : g->target > g->baseline);
	}
}

/* A partner P with quarters (JSON), and one more, B, so that medians have two values. */
#define PARTNER(extra, quarters)                                                               \
	"{\"id\": \"P\", \"name\": \"P\"" extra ", \"quarters\": [" quarters "]}"
#define Q(period, rest) "{\"period\": \"" period "\", " rest "}"

struct edge {
	const char *name;
	const char *partners; /* the metrics' partners array */
	const char *id;       /* the partner judged */
	enum health health;
	double revenue_target; /* of the revenue goal; 0: none */
	size_t min_goals;
	bool target_praise, record_praise, pressure;
	size_t causes, warnings;
};

static void
edges(void)
{
	static const struct edge cases[] = {
	    {"one quarter only, above target",
	     "{\"id\": \"A\", \"name\": \"A\", \"quarters\": [{\"period\": \"2026-Q3\", \"revenue\": "
	     "120000, \"target\": 100000, \"leads_received\": 20, \"leads_followed_up\": 10, "
	     "\"deals_won\": 5, \"certified_reps\": 1}]}",
	     "A", HEALTH_GREEN, 126000, 2, true, false, false, 0, 0},
	    {"zero revenue: a warning, no revenue goal, no praise; red as reported",
	     "{\"id\": \"Z\", \"name\": \"Z\", \"quarters\": [{\"period\": \"2026-Q2\", \"revenue\": 0, "
	     "\"target\": 80000}, {\"period\": \"2026-Q3\", \"revenue\": 0, \"target\": 80000}]}",
	     "Z", HEALTH_RED, 0, 0, false, false, false, 0, 1},
	    {"three quarters below target, falling: pressure, a record impossible",
	     "{\"id\": \"P\", \"name\": \"P\", \"quarters\": [{\"period\": \"2026-Q1\", \"revenue\": "
	     "90000, \"target\": 100000}, {\"period\": \"2026-Q2\", \"revenue\": 85000, \"target\": "
	     "100000}, {\"period\": \"2026-Q3\", \"revenue\": 80000, \"target\": 100000, "
	     "\"pipeline\": 100000}]}",
	     "P", HEALTH_AMBER, 92000, 1, false, false, true, 0, 0},
	    {"a record: above every earlier quarter shown",
	     "{\"id\": \"R\", \"name\": \"R\", \"quarters\": [{\"period\": \"2026-Q1\", \"revenue\": "
	     "90000, \"target\": 100000}, {\"period\": \"2026-Q2\", \"revenue\": 95000, \"target\": "
	     "100000}, {\"period\": \"2026-Q3\", \"revenue\": 99000, \"target\": 100000}]}",
	     "R", HEALTH_GREEN, 100000, 1, false, true, false, 0, 0},
	    {"attainment past belief (35829 %): a warning, amber for the data, no congratulation",
	     "{\"id\": \"T\", \"name\": \"T\", \"quarters\": [{\"period\": \"2026-Q3\", \"revenue\": "
	     "358296, \"target\": 1000}]}",
	     "T", HEALTH_AMBER, 0, 0, false, false, false, 0, 1},
	    {"a tiny revenue: rounded down to tens, not up to a thousand",
	     "{\"id\": \"S\", \"name\": \"S\", \"quarters\": [{\"period\": \"2026-Q3\", \"revenue\": "
	     "500, \"target\": 1000}]}",
	     "S", HEALTH_RED, 570, 1, false, false, false, 0, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct edge *e = &cases[i];
		struct judged j = judge(e->partners, NULL, e->id, NULL);
		const struct review *rv = j.rv;
		if (rv == NULL)
			continue;
		const struct goal *g = goal(rv, "revenue");
		double target = g ? g->target : 0;
		if (rv->health != e->health || target != e->revenue_target || rv->ngoals < e->min_goals ||
		    rv->ngoals > 5 || praised(rv, PRAISE_TARGET) != e->target_praise ||
		    praised(rv, PRAISE_RECORD) != e->record_praise ||
		    (rv->npressure > 0) != e->pressure || rv->ncauses != e->causes ||
		    rv->nwarnings != e->warnings)
			fprintf(stderr,
				"case \"%s\": health %d, revenue goal %g, %zu goals, %zu causes, %zu "
				"warnings\n",
				e->name, rv->health, target, rv->ngoals, rv->ncauses, rv->nwarnings);
		CHECK(rv->health == e->health);
		CHECK(target == e->revenue_target);
		CHECK(g == NULL || g->due == 20261231);
		CHECK(rv->ngoals >= e->min_goals && rv->ngoals <= 5);
		CHECK(praised(rv, PRAISE_TARGET) == e->target_praise);
		CHECK(praised(rv, PRAISE_RECORD) == e->record_praise);
		CHECK((rv->npressure > 0) == e->pressure);
		/* Without a survey no cause shows by it; one partner is its own median. */
		CHECK(rv->ncauses == e->causes);
		CHECK(rv->nwarnings == e->warnings);
		check_targets(rv);
		done(&j);
	}
}

/* Two partners: P judged, B a second so that the medians are B's and P's. */
static const char *const other =
    "{\"id\": \"B\", \"name\": \"B\", \"quarters\": [" Q("2026-Q2", "\"revenue\": 100000, \"target\": "
    "100000, \"leads_received\": 20, \"leads_followed_up\": 16, \"deals_won\": 6, "
    "\"channel_conflicts\": 0, \"service_tickets\": 2, \"certified_reps\": 2") ", " Q("2026-Q3",
    "\"revenue\": 100000, \"target\": 100000, \"leads_received\": 20, \"leads_followed_up\": 16, "
    "\"deals_won\": 6, \"channel_conflicts\": 0, \"service_tickets\": 2, \"certified_reps\": 2") "]}";

/* Status: "verbessert" only when every piece shown moved by its step (US-OH-005). */
static void
status(void)
{
	char *partners = xasprintf(
	    "%s, %s", other,
	    PARTNER("", Q("2026-Q2", "\"revenue\": 90000, \"target\": 100000, \"channel_conflicts\": 7")
			    ", " Q("2026-Q3", "\"revenue\": 90000, \"target\": 100000, "
					      "\"channel_conflicts\": 6")));
	const char *waves =
	    "[{\"id\": \"2026-Q2\", \"responses\": [{\"partner_id\": \"P\", \"answers\": "
	    "{\"channel_conflict\": 1}}]}, {\"id\": \"2026-Q3\", \"responses\": [{\"partner_id\": "
	    "\"P\", \"answers\": {\"channel_conflict\": 2}}]}]";
	struct judged j = judge(partners, waves, "P", NULL);
	const struct cause *c = cause(j.rv, "conflict");
	CHECK(c != NULL && c->status == CAUSE_PERSISTS && c->open && c->nev == 2);
	if (c != NULL && c->nev == 2) {
		CHECK(c->ev[0].survey && c->ev[0].moved == MOVED_BETTER);
		CHECK(!c->ev[1].survey && c->ev[1].moved == MOVED_SAME); /* 7 -> 6: one of a step of 2 */
	}
	done(&j);
	free(partners);
	/* 7 -> 5 conflicts and 1 -> 2: every piece moved, still past: improved. */
	partners = xasprintf(
	    "%s, %s", other,
	    PARTNER("", Q("2026-Q2", "\"revenue\": 90000, \"target\": 100000, \"channel_conflicts\": 7")
			    ", " Q("2026-Q3", "\"revenue\": 90000, \"target\": 100000, "
					      "\"channel_conflicts\": 5")));
	j = judge(partners, waves, "P", NULL);
	c = cause(j.rv, "conflict");
	CHECK(c != NULL && c->status == CAUSE_IMPROVED);
	done(&j);
	free(partners);
	/* A score of 2,0 after 2,0 with the figure fine: persists, not improved (US-CA-014). */
	const char *leads_waves =
	    "[{\"id\": \"2026-Q2\", \"responses\": [{\"partner_id\": \"P\", \"answers\": "
	    "{\"lead_volume\": 2}}]}, {\"id\": \"2026-Q3\", \"responses\": [{\"partner_id\": \"P\", "
	    "\"answers\": {\"lead_volume\": 2}}]}]";
	partners = xasprintf(
	    "%s, %s", other,
	    PARTNER("", Q("2026-Q2", "\"revenue\": 90000, \"target\": 100000, \"leads_received\": 13")
			    ", " Q("2026-Q3", "\"revenue\": 90000, \"target\": 100000, "
					      "\"leads_received\": 16")));
	j = judge(partners, leads_waves, "P", NULL);
	c = cause(j.rv, "leads");
	CHECK(c != NULL && c->status == CAUSE_PERSISTS);
	done(&j);
	free(partners);
	/* Service from raw tickets, not confirmed by a rating of 5: no cause (US-TX-002). */
	const char *service_waves =
	    "[{\"id\": \"2026-Q3\", \"responses\": [{\"partner_id\": \"P\", \"answers\": "
	    "{\"vendor_service\": 5}}]}]";
	partners = xasprintf(
	    "%s, %s", other,
	    PARTNER("", Q("2026-Q3", "\"revenue\": 2000000, \"target\": 1800000, \"service_tickets\": 90")));
	j = judge(partners, service_waves, "P", NULL);
	CHECK(cause(j.rv, "service") == NULL);
	CHECK(j.rv && j.rv->health == HEALTH_GREEN);
	done(&j);
	free(partners);
	/* ... the same tickets with a rating of 2: the service cause, and its goal is ours. */
	service_waves = "[{\"id\": \"2026-Q3\", \"responses\": [{\"partner_id\": \"P\", \"answers\": "
			"{\"vendor_service\": 2}}]}]";
	partners = xasprintf(
	    "%s, %s", other,
	    PARTNER("", Q("2026-Q3", "\"revenue\": 2000000, \"target\": 1800000, \"service_tickets\": 150")));
	j = judge(partners, service_waves, "P", NULL);
	c = cause(j.rv, "service");
	CHECK(c != NULL && c->by_figure && c->by_survey && c->status == CAUSE_NEW);
	const struct goal *g = goal(j.rv, "service_tickets");
	CHECK(g != NULL && g->owner == OWNER_VENDOR && g->lower_is_better && g->target == 112);
	done(&j);
	free(partners);
	/* Resolved: nothing past its threshold now (score 2 -> 4). A resolved cause is praised, not open. */
	const char *training_waves =
	    "[{\"id\": \"2026-Q2\", \"responses\": [{\"partner_id\": \"P\", \"answers\": "
	    "{\"training\": 2}}]}, {\"id\": \"2026-Q3\", \"responses\": [{\"partner_id\": \"P\", "
	    "\"answers\": {\"training\": 4}}]}]";
	partners = xasprintf(
	    "%s, %s", other,
	    PARTNER("", Q("2026-Q2", "\"revenue\": 90000, \"target\": 100000") ", " Q(
			    "2026-Q3", "\"revenue\": 90000, \"target\": 100000")));
	j = judge(partners, training_waves, "P", NULL);
	c = cause(j.rv, "enablement");
	CHECK(c != NULL && c->status == CAUSE_RESOLVED && !c->open);
	CHECK(praised(j.rv, PRAISE_RESOLVED));
	CHECK(review_main_cause(j.rv) == NULL);
	done(&j);
	free(partners);
}

/* Goals aim at the worst cause: follow-up before more leads; enough events; the team's size. */
static void
goals(void)
{
	/* 2 of 16 leads followed up, and too few leads rated: the follow-up goal, leads deferred. */
	const char *waves = "[{\"id\": \"2026-Q3\", \"responses\": [{\"partner_id\": \"P\", "
			    "\"answers\": {\"lead_volume\": 2}}]}]";
	char *partners = xasprintf(
	    "%s, %s", other,
	    PARTNER(", \"sales_team\": [{\"name\": \"A\"}]",
		    Q("2026-Q3", "\"revenue\": 24000, \"target\": 50000, \"leads_received\": 16, "
				 "\"leads_followed_up\": 2, \"deals_won\": 2, \"certified_reps\": 1, "
				 "\"service_tickets\": 0")));
	struct judged j = judge(partners, waves, "P", NULL);
	const struct goal *fu = goal(j.rv, "follow_up_rate");
	CHECK(fu != NULL && fu->owner == OWNER_PARTNER && fu->baseline == 0.125);
	CHECK(goal(j.rv, "leads_received") == NULL);
	const struct cause *c = cause(j.rv, "leads");
	CHECK(c != NULL && c->deferred != NULL && strcmp(c->deferred, "follow_up_rate") == 0);
	/* 2 followed-up leads are too few for a win-rate goal; 1 of a team of 1 is certified. */
	CHECK(goal(j.rv, "win_rate") == NULL);
	CHECK(goal(j.rv, "certified_reps") == NULL);
	/* No count goal down from 0. */
	CHECK(goal(j.rv, "service_tickets") == NULL);
	/* The goals follow the severity: revenue first, then the follow-up (the worst cause). */
	CHECK(j.rv && j.rv->ngoals >= 2 && strcmp(j.rv->goals[0].id, "revenue") == 0 &&
	      strcmp(j.rv->goals[1].id, "follow_up_rate") == 0);
	check_targets(j.rv);
	done(&j);
	free(partners);

	/* A missed goal comes back with a smaller step: +12,7 % missed, now at most half of it. */
	struct prev_goal pg[2] = {
	    {(char *)"revenue", (char *)"partner", 1615500, 1820000, false, 20260930},
	    {(char *)"leads_received", (char *)"vendor", 10, 13, false, 20260930}};
	struct goal_set gs = {(char *)"P", 20262, pg, 2};
	partners = xasprintf(
	    "%s, %s", other,
	    PARTNER("", Q("2026-Q2", "\"revenue\": 1615500, \"target\": 1820000") ", " Q(
			    "2026-Q3", "\"revenue\": 1600000, \"target\": 1820000, \"leads_received\": 10")));
	j = judge(partners, NULL, "P", &gs);
	const struct goal *rg = goal(j.rv, "revenue");
	CHECK(rg != NULL && rg->repeat && rg->smaller);
	CHECK(rg != NULL && (rg->target - 1600000) / 1600000 <= 0.5 * (1820000 - 1615500) / 1615500.0);
	/* The vendor's miss is ours: no pressure from it, and none on revenue while it stands. */
	CHECK(j.rv && j.rv->nprevious == 2 && j.rv->previous[1].status == PREV_MISSED &&
	      j.rv->previous[1].owner == OWNER_VENDOR && j.rv->previous[1].measure != NULL);
	CHECK(!pressed(j.rv, "leads_received"));
	CHECK(!pressed(j.rv, "revenue"));
	done(&j);
	/* The partner's own miss alone: pressed. */
	gs.ngoals = 1;
	j = judge(partners, NULL, "P", &gs);
	CHECK(pressed(j.rv, "revenue"));
	done(&j);
	free(partners);
}

/* Praise only what is earned; never praise and pressure on one figure; green: one gentle point. */
static void
praise(void)
{
	/* A top seller with 0 $ is no number 1. */
	char *partners = xasprintf(
	    "%s, %s", other,
	    PARTNER(", \"sales_team\": [{\"name\": \"A\"}, {\"name\": \"C\"}]",
		    Q("2026-Q3", "\"revenue\": 0, \"target\": 50000, \"reps\": [{\"name\": \"A\", "
				 "\"revenue\": 0}, {\"name\": \"C\", \"revenue\": 0}]")));
	struct judged j = judge(partners, NULL, "P", NULL);
	CHECK(!praised(j.rv, PRAISE_TOP_REP));
	done(&j);
	free(partners);
	/* Satisfaction 1 -> 2 of 5 is a rise, but not worth thanks; 2 -> 3,5 is. */
	partners = xasprintf("%s, %s", other,
			     PARTNER("", Q("2026-Q3", "\"revenue\": 90000, \"target\": 100000")));
	j = judge(partners,
		  "[{\"id\": \"2026-Q2\", \"responses\": [{\"partner_id\": \"P\", \"answers\": "
		  "{\"overall\": 1}}]}, {\"id\": \"2026-Q3\", \"responses\": [{\"partner_id\": \"P\", "
		  "\"answers\": {\"overall\": 2}}]}]",
		  "P", NULL);
	CHECK(!praised(j.rv, PRAISE_SURVEY));
	done(&j);
	j = judge(partners,
		  "[{\"id\": \"2026-Q2\", \"responses\": [{\"partner_id\": \"P\", \"answers\": "
		  "{\"overall\": 2}}]}, {\"id\": \"2026-Q3\", \"responses\": [{\"partner_id\": \"P\", "
		  "\"answers\": {\"overall\": 3.5}}]}]",
		  "P", NULL);
	CHECK(praised(j.rv, PRAISE_SURVEY));
	done(&j);
	free(partners);
	/* Green, with two of its goals missed: one gentle point; a reached goal is praised. */
	struct prev_goal pg[3] = {
	    {(char *)"pipeline", (char *)"partner", 500000, 575000, false, 20260930},
	    {(char *)"certified_reps", (char *)"partner", 1, 2, false, 20260930},
	    {(char *)"revenue", (char *)"partner", 90000, 99000, false, 20260930}};
	struct goal_set gs = {(char *)"P", 20262, pg, 3};
	partners = xasprintf(
	    "%s, %s", other,
	    PARTNER(", \"sales_team\": [{\"name\": \"A\"}, {\"name\": \"C\"}]",
		    Q("2026-Q2", "\"revenue\": 90000, \"target\": 100000") ", " Q(
			"2026-Q3", "\"revenue\": 120000, \"target\": 100000, \"pipeline\": 400000, "
				   "\"certified_reps\": 1")));
	j = judge(partners, NULL, "P", &gs);
	CHECK(j.rv && j.rv->health == HEALTH_GREEN);
	CHECK(j.rv && j.rv->npressure == 1 && j.rv->pressure[0].gentle);
	bool reached = false;
	for (size_t i = 0; j.rv && i < j.rv->npraise; i++)
		reached |= j.rv->praise[i].kind == PRAISE_GOAL &&
			   strcmp(j.rv->praise[i].name, "revenue") == 0;
	CHECK(reached);
	done(&j);
	free(partners);
	/* A figure that improved last quarter is not pressed on (US-GA-010: 69,0 -> 70,6 %). */
	partners = xasprintf(
	    "%s, %s", other,
	    PARTNER("", Q("2026-Q1", "\"revenue\": 90000, \"target\": 100000, \"leads_received\": "
				     "22, \"leads_followed_up\": 17") ", " Q(
			    "2026-Q2", "\"revenue\": 90000, \"target\": 100000, \"leads_received\": 29, "
				       "\"leads_followed_up\": 20") ", " Q(
			    "2026-Q3", "\"revenue\": 90000, \"target\": 100000, \"leads_received\": 17, "
				       "\"leads_followed_up\": 12")));
	j = judge(partners, NULL, "P", NULL);
	CHECK(!pressed(j.rv, "follow_up_rate"));
	done(&j);
	free(partners);
}

/* The escalation's facts: the last meeting, in the quarter or before; the wave skipped. */
static void
escalation(void)
{
	char *partners = xasprintf(
	    "%s, %s", other,
	    PARTNER(", \"engagement\": {\"onsite_visit_accepted\": false, \"last_meeting\": "
		    "\"2026-08-10\", \"meetings_declined\": 3}",
		    Q("2026-Q3", "\"revenue\": 40000, \"target\": 100000")));
	const char *waves = "[{\"id\": \"2026-Q2\", \"responses\": [{\"partner_id\": \"P\", "
			    "\"answers\": {\"overall\": 2}, \"comment\": \"x\"}]}, {\"id\": "
			    "\"2026-Q3\", \"responses\": [{\"partner_id\": \"B\", \"answers\": "
			    "{\"overall\": 4}}]}]";
	struct judged j = judge(partners, waves, "P", NULL);
	CHECK(j.rv && j.rv->escalate && j.rv->health == HEALTH_RED);
	CHECK(j.rv && j.rv->met_in_quarter && j.rv->last_meeting == 20260810);
	CHECK(j.rv && j.rv->skipped_wave == 20263 && j.rv->answered_wave == 20262);
	done(&j);
	free(partners);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL)
		return 1;
	rules = rules_load("templates/rules.xml");
	CHECK(rules != NULL);
	if (rules == NULL)
		return UNIT_DONE();
	edges();
	status();
	goals();
	praise();
	escalation();
	rmdir(dir);
	rules_free(rules);
	return UNIT_DONE();
}
