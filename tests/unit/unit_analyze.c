/* SPDX-License-Identifier: MIT */
/* The analysis against its name table: every name the tree has is declared, and the reverse. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "load.h"
#include "msg.h"
#include "analyze_rules.h"
#include "unit.h"

static size_t nnames;
static const struct name_info *names;
static int *seen;
/* The table being checked: the partner report's, then the overview's. */
static const struct name_info *(*lookup)(const char *name) = analyze_name;

static char
type_of(const struct val *v)
{
	switch (v->kind) {
	case VAL_BOOL:
		return 'b';
	case VAL_NUM:
		return 'n';
	case VAL_STR:
		return 's';
	case VAL_LIST:
		return 'l';
	case VAL_REC:
		return 'r';
	default:
		return 0; /* null: any declared type may be unknown */
	}
}

static void
walk(const struct val *v, const char *path)
{
	const struct name_info *ni = lookup(path);
	if (ni == NULL) {
		fprintf(stderr, "undeclared name %s\n", path);
		CHECK(ni != NULL);
		return;
	}
	seen[ni - names] = 1;
	char t = type_of(v);
	if (t != 0 && t != ni->type) {
		fprintf(stderr, "%s: type %c, declared %c\n", path, t, ni->type);
		CHECK(t == ni->type);
	}
	char sub[256];
	if (v->kind == VAL_REC)
		for (size_t i = 0; i < v->nfields; i++) {
			snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "", v->fields[i].name);
			walk(v->fields[i].v, sub);
		}
	if (v->kind == VAL_LIST) {
		snprintf(sub, sizeof(sub), "%s[]", path);
		for (size_t i = 0; i < v->n; i++) {
			/* A made list's items live in their own arena while walked. */
			struct arena *scratch = arena_new();
			walk(val_item(v, i, scratch), sub);
			arena_free(scratch);
		}
	}
}

/* The root is a record without a name of its own. */
static void
walk_root(const struct val *root)
{
	for (size_t i = 0; i < root->nfields; i++)
		walk(root->fields[i].v, root->fields[i].name);
}

static const struct val *
get(const struct val *v, const char *path)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *seg = strtok(buf, "."); seg && v; seg = strtok(NULL, "."))
		v = val_get(v, seg);
	return v;
}

int
main(void)
{
	names = analyze_names(&nnames);
	seen = xcalloc(nnames, sizeof(int));
	struct metrics *m = load_metrics("samples/metrics.json");
	CHECK(m != NULL);
	struct survey *s = m ? load_survey("samples/survey.json", m) : NULL;
	CHECK(s != NULL);
	if (m == NULL || s == NULL)
		return UNIT_DONE();
	struct rules *rules = rules_load("templates/rules.xml");
	CHECK(rules != NULL);
	if (rules == NULL)
		return UNIT_DONE();
	struct portfolio *pf = portfolio_new(m, s, 20263, &rules->portfolio);
	struct review_ctx ctx = {m, s, 20263, 20261126, pf, &rules->review, &rules->portfolio, NULL};
	for (size_t i = 0; i < m->npartners; i++) {
		struct arena *a = arena_new();
		walk_root(analyze_partner(a, &ctx, &m->partners[i]));
		arena_free(a);
	}
	/* Last review's goals, judged against 2026-Q3 (US-KY-028: 24.000 $ revenue). */
	struct prev_goal pg[3] = {
	    {(char *)"revenue", (char *)"partner", 25590, 29000, false, 20260930},
	    {(char *)"service_tickets", (char *)"vendor", 10, 0, true, 20260930},
	    {(char *)"score:marketing", (char *)"vendor", 2, 2.5, false, 20260930}};
	struct goal_set gs = {(char *)"US-KY-028", 20262, pg, 3};
	struct arena *ga = arena_new();
	const struct val *groot = analyze_partner_goals(ga, &ctx, metrics_find(m, "US-KY-028"), &gs);
	walk_root(groot);
	const struct val *pgs = get(groot, "partner.previous_goals");
	CHECK(pgs && pgs->n == 3);
	if (pgs && pgs->n == 3) {
		CHECK_STR(val_get(pgs->items[0], "status")->str, "missed");
		CHECK(val_get(pgs->items[0], "actual")->num == 24000);
	}
	/* Our own missed goal (marketing's rating 2,0, not 2,5) is ours, with what we do next. */
	const struct val *own = get(groot, "partner.own_points");
	bool ours = false;
	for (size_t i = 0; own && i < own->n; i++)
		ours |= strcmp(val_get(own->items[i], "figure")->str, "score:marketing") == 0 &&
			strcmp(val_get(own->items[i], "status")->str, "missed") == 0 &&
			val_get(own->items[i], "measure")->kind == VAL_STR;
	CHECK(ours);
	/* ... and while we missed ours, the partner is not pressed on revenue. */
	const struct val *pr = get(groot, "partner.pressure");
	for (size_t i = 0; pr && i < pr->n; i++) {
		CHECK(strcmp(val_get(pr->items[i], "figure")->str, "score:marketing") != 0);
		CHECK(strcmp(val_get(pr->items[i], "figure")->str, "revenue") != 0);
	}
	arena_free(ga);
	/* Only the partner's goals: a missed one is a pressure point, with its figure. */
	struct goal_set gp = {(char *)"US-KY-028", 20262, pg, 1};
	ga = arena_new();
	groot = analyze_partner_goals(ga, &ctx, metrics_find(m, "US-KY-028"), &gp);
	walk_root(groot);
	pr = get(groot, "partner.pressure_goals");
	CHECK(pr && pr->n == 1 && strcmp(val_get(pr->items[0], "figure")->str, "revenue") == 0);
	arena_free(ga);
	/* Figures that contradict each other: a warning each, and no goal from them. */
	{
		FILE *f = fopen("/tmp/unit_analyze_doubt.json", "w");
		fputs("{\"format\": \"partnerreview-metrics/1\", \"vendor\": {\"name\": \"V\", "
		      "\"channel_manager\": {\"name\": \"M\"}}, \"partners\": [{\"id\": \"X\", "
		      "\"name\": \"X\", \"sales_team\": [{\"name\": \"A\"}], \"quarters\": "
		      "[{\"period\": \"2026-Q3\", \"revenue\": 0, \"target\": 100, "
		      "\"leads_received\": 5, \"leads_followed_up\": 9, \"deals_won\": 12, "
		      "\"certified_reps\": 3, \"reps\": [{\"name\": \"A\", \"revenue\": 5, "
		      "\"deals_won\": 1}]}]}]}", f);
		fclose(f);
		msg_threshold(MSG_ERROR); /* the warning is wanted here, not printed */
		struct metrics *dm = load_metrics("/tmp/unit_analyze_doubt.json");
		struct portfolio *dpf = dm ? portfolio_new(dm, NULL, 20263, &rules->portfolio) : NULL;
		struct review_ctx dctx = {dm, NULL, 20263, 20261126, dpf, &rules->review, &rules->portfolio, NULL};
		struct arena *da = arena_new();
		const struct val *droot = dm ? analyze_partner(da, &dctx, &dm->partners[0]) : NULL;
		msg_threshold(MSG_WARNING);
		CHECK(droot != NULL);
		if (droot != NULL) {
			walk_root(droot);
			const struct val *w = get(droot, "partner.warnings");
			CHECK(w && w->n == 6); /* followed up, deals, reps' revenue and deals, revenue 0, certified */
			const struct val *g = get(droot, "partner.goals");
			for (size_t i = 0; g && i < g->n; i++) {
				const char *fig = val_get(g->items[i], "figure")->str;
				CHECK(strcmp(fig, "revenue") != 0 && strcmp(fig, "win_rate") != 0 &&
				      strcmp(fig, "follow_up_rate") != 0 && strcmp(fig, "certified_reps") != 0);
			}
			CHECK(get(droot, "partner.praise")->n == 0);
		}
		arena_free(da);
		portfolio_free(dpf);
		metrics_free(dm);
		unlink("/tmp/unit_analyze_doubt.json");
	}

	for (size_t i = 0; i < nnames; i++) {
		if (!seen[i])
			fprintf(stderr, "declared name never built: %s\n", names[i].name);
		CHECK(seen[i]);
	}

	/* Figures of one partner, against the sample file (US-CA-014, 2026-Q3 and Q2). */
	struct arena *a = arena_new();
	const struct val *root = analyze_partner(a, &ctx, metrics_find(m, "US-CA-014"));
	const struct val *v = get(root, "partner.current.attainment");
	CHECK(v && v->kind == VAL_NUM && v->num > 0.8278 && v->num < 0.8279); /* 1.250.000 / 1.510.000 */
	v = get(root, "partner.current.follow_up_rate");
	CHECK(v && v->kind == VAL_NUM && v->num > 0.857 && v->num < 0.858); /* 12 / 14 */
	v = get(root, "partner.previous.period");
	CHECK(v && v->num == 20262);
	v = get(root, "survey.wave");
	CHECK(v && v->num == 20263);
	v = get(root, "survey.previous_wave");
	CHECK(v && v->num == 20262);
	v = get(root, "survey.respondents");
	CHECK(v && v->num == 2);
	v = get(root, "partner.contact.last_name");
	CHECK(v && v->kind == VAL_STR && strcmp(v->str, "Torres") == 0);
	/* Two respondents are averaged per question; the first question is lead_volume. */
	const struct val *qs = get(root, "survey.questions");
	CHECK(qs && qs->n == 8);
	if (qs && qs->n == 8) {
		CHECK_STR(val_get(qs->items[0], "id")->str, "lead_volume");
		CHECK(val_get(qs->items[0], "score")->num == 2.0);
		CHECK(val_get(qs->items[1], "score")->num == 3.0);
		CHECK(val_get(qs->items[1], "previous")->num == 3.5);
		CHECK(val_get(qs->items[1], "change")->num == -0.5);
	}
	arena_free(a);

	/* A partner that skipped the latest wave took no part; its comments are not shown. */
	a = arena_new();
	root = analyze_partner(a, &ctx, metrics_find(m, "US-TX-007"));
	v = get(root, "survey.participated");
	CHECK(v && v->kind == VAL_BOOL && !v->b);
	v = get(root, "survey.participated_previous");
	CHECK(v && v->kind == VAL_BOOL && v->b);
	CHECK(get(root, "survey.questions")->n == 0);
	arena_free(a);

	/* Missing figures stay null, never 0 (US-MN-017 has no pipeline in 2026-Q2). */
	a = arena_new();
	root = analyze_partner(a, &ctx, metrics_find(m, "US-MN-017"));
	v = get(root, "partner.previous.pipeline");
	CHECK(v && v->kind == VAL_NULL);
	arena_free(a);

	/* No survey at all: given is false, the lists are empty. */
	struct review_ctx nos = {m, NULL, 20263, 20261126, NULL, NULL, NULL, NULL};
	a = arena_new();
	root = analyze_partner(a, &nos, metrics_find(m, "US-CA-014"));
	CHECK(!get(root, "survey.given")->b);
	CHECK(get(root, "survey.wave")->kind == VAL_NULL);
	arena_free(a);

	/* An old period ignores later quarters: 2026-Q2 is then the current one. */
	struct review_ctx q2 = {m, s, 20262, 20261126, NULL, NULL, NULL, NULL};
	a = arena_new();
	root = analyze_partner(a, &q2, metrics_find(m, "US-CA-014"));
	CHECK(get(root, "partner.current.period")->num == 20262);
	CHECK(get(root, "partner.quarters")->n == 3);
	CHECK(get(root, "survey.wave")->num == 20262);
	CHECK(get(root, "survey.previous_wave")->kind == VAL_NULL);
	arena_free(a);

	/* Where a partner stands: US-TX-002 is the largest, class A. */
	a = arena_new();
	root = analyze_partner(a, &ctx, metrics_find(m, "US-TX-002"));
	CHECK(get(root, "partner.rank")->num == 1);
	CHECK_STR(get(root, "partner.class")->str, "A");
	CHECK(get(root, "portfolio.ranked")->num == 30);
	CHECK(get(root, "portfolio.pareto_revenue_share")->num >= 0.80);
	CHECK(get(root, "partner.median.revenue")->num == 86500);
	arena_free(a);

	/* Causes with evidence and status (samples/README.md): */
	a = arena_new();
	root = analyze_partner(a, &ctx, metrics_find(m, "US-OH-005"));
	const struct val *causes = get(root, "partner.causes");
	const struct val *conflict = NULL;
	for (size_t i = 0; causes && i < causes->n; i++)
		if (strcmp(val_get(causes->items[i], "id")->str, "conflict") == 0)
			conflict = causes->items[i];
	/* US-OH-005: channel conflicts 6 and a channel_conflict score of 2 or less in both waves. */
	CHECK(conflict != NULL);
	if (conflict) {
		CHECK(val_get(conflict, "by_survey")->b && val_get(conflict, "by_figure")->b);
		CHECK(val_get(conflict, "figure")->num == 6);
	}
	arena_free(a);
	/* US-TX-007 declines meetings and skipped the latest survey: escalated, red. */
	a = arena_new();
	root = analyze_partner(a, &ctx, metrics_find(m, "US-TX-007"));
	CHECK(get(root, "partner.escalate")->b);
	CHECK_STR(get(root, "partner.health")->str, "red");
	CHECK_STR(get(root, "partner.health_reason")->str, "escalation");
	CHECK(get(root, "partner.meeting_weeks")->num == 2);
	CHECK(get(root, "partner.next_meetings")->n == 3);
	CHECK(get(root, "partner.next_meetings")->items[0]->num == 20261210); /* 26.11. + 14 days */
	arena_free(a);
	/* US-TX-002 beats its target with rising revenue: monthly, not escalated. */
	a = arena_new();
	root = analyze_partner(a, &ctx, metrics_find(m, "US-TX-002"));
	CHECK(!get(root, "partner.escalate")->b);
	CHECK(get(root, "partner.meeting_weeks")->num == 4);
	CHECK(!get(root, "partner.underperformer")->b);
	arena_free(a);
	/* US-WI-008's training problem was solved between the waves (2 -> 4). */
	a = arena_new();
	root = analyze_partner(a, &ctx, metrics_find(m, "US-WI-008"));
	causes = get(root, "partner.causes");
	bool resolved = false;
	for (size_t i = 0; causes && i < causes->n; i++)
		if (strcmp(val_get(causes->items[i], "id")->str, "enablement") == 0)
			resolved = strcmp(val_get(causes->items[i], "status")->str, "resolved") == 0 ||
				   strcmp(val_get(causes->items[i], "status")->str, "improved") == 0;
	CHECK(resolved);
	arena_free(a);

	/* SMART goals: revenue first, a bounded step towards the target; a stretch above it. */
	a = arena_new();
	root = analyze_partner(a, &ctx, metrics_find(m, "US-CA-014"));
	const struct val *goals = get(root, "partner.goals");
	CHECK(goals && goals->n >= 3 && goals->n <= 5);
	if (goals && goals->n > 0) {
		CHECK_STR(val_get(goals->items[0], "figure")->str, "revenue");
		CHECK(val_get(goals->items[0], "baseline")->num == 1250000);
		CHECK(val_get(goals->items[0], "target")->num == 1437000); /* +15 %, rounded down */
		CHECK(val_get(goals->items[0], "due")->num == 20261231);
	}
	arena_free(a);
	a = arena_new();
	root = analyze_partner(a, &ctx, metrics_find(m, "US-TX-002"));
	goals = get(root, "partner.goals");
	/* Revenue and pipeline: its follow-up and certified sellers are strengths, no fillers. */
	CHECK(goals && goals->n == 2);
	if (goals && goals->n > 0) {
		double base = val_get(goals->items[0], "baseline")->num;
		CHECK(val_get(goals->items[0], "target")->num >= base * 1.04); /* a stretch, no cut */
	}
	/* Praise the data supports: the target beaten, the top seller. */
	const struct val *praise = get(root, "partner.praise");
	bool target = false, top = false;
	for (size_t i = 0; praise && i < praise->n; i++) {
		target |= strcmp(val_get(praise->items[i], "kind")->str, "target") == 0;
		top |= strcmp(val_get(praise->items[i], "kind")->str, "top_rep") == 0;
	}
	CHECK(target && top);
	arena_free(a);
	/* US-KY-028: 48 % of target and declining: a pressure point, and no praise for target. */
	a = arena_new();
	root = analyze_partner(a, &ctx, metrics_find(m, "US-KY-028"));
	const struct val *pressure = get(root, "partner.pressure");
	bool att = false;
	for (size_t i = 0; pressure && i < pressure->n; i++)
		att |= strcmp(val_get(pressure->items[i], "kind")->str, "attainment") == 0;
	CHECK(att);
	praise = get(root, "partner.praise");
	for (size_t i = 0; praise && i < praise->n; i++)
		CHECK(strcmp(val_get(praise->items[i], "kind")->str, "target") != 0);
	CHECK_STR(get(root, "partner.health")->str, "red");
	arena_free(a);
	/* US-OR-015 has no sales team and no reps: no seller is praised. */
	a = arena_new();
	root = analyze_partner(a, &ctx, metrics_find(m, "US-OR-015"));
	praise = get(root, "partner.praise");
	for (size_t i = 0; praise && i < praise->n; i++)
		CHECK(strcmp(val_get(praise->items[i], "kind")->str, "top_rep") != 0);
	arena_free(a);

	/* Dates over month and year ends. */
	CHECK(date_add_days(20261126, 14) == 20261210);
	CHECK(date_add_days(20261220, 14) == 20270103);
	CHECK(date_add_days(20240220, 10) == 20240301);
	CHECK(date_add_days(20230220, 10) == 20230302);

	/* The overview's tree against its own table, both ways. */
	free(seen);
	names = analyze_overview_names(&nnames);
	seen = xcalloc(nnames, sizeof(int));
	lookup = analyze_overview_name;
	a = arena_new();
	root = analyze_overview(a, &ctx);
	walk_root(root);
	for (size_t i = 0; i < nnames; i++) {
		if (!seen[i])
			fprintf(stderr, "overview name never built: %s\n", names[i].name);
		CHECK(seen[i]);
	}
	CHECK(get(root, "partners")->n == 30);
	CHECK_STR(val_get(val_item(get(root, "partners"), 0, a), "id")->str, "US-TX-002");
	CHECK(get(root, "escalations")->n == 1);
	CHECK(val_get(val_item(get(root, "escalations"), 0, a), "escalate")->b);
	arena_free(a);

	portfolio_free(pf);
	rules_free(rules);
	free(seen);
	survey_free(s);
	metrics_free(m);
	return UNIT_DONE();
}
