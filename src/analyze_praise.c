/* SPDX-License-Identifier: MIT */
/* Praise only where earned, pressure only on what did not improve or a missed goal the partner owns. */
#include <math.h>
#include <string.h>

#include "analyze_int.h"
#include "mem.h"

static void
add_praise(struct review *rv, size_t *cap, struct praise pr)
{
	xgrow(&rv->praise, cap, rv->npraise, sizeof(*rv->praise));
	rv->praise[rv->npraise++] = pr;
}

/* The reps of a quarter, when their figures can be trusted (the review quarter's may not). */
static bool
reps_usable(const struct judge *j, const struct quarter *q)
{
	return q != NULL && q->nreps >= 2 && !(q == j->f->current && (j->unusable & BAD_REPS));
}

/* Sellers: the one top seller (of two or more, with revenue), and the most improved one. */
static void
praise_reps(struct review *rv, size_t *cap, const struct judge *j)
{
	const struct quarter *q = j->f->current,
	                     *pq = partner_quarter(j->p, period_add(j->period, -1));
	if (!reps_usable(j, q))
		return;
	const struct rep_figures *top = NULL, *best = NULL;
	bool tie = false;
	double rise = 0;
	size_t sellers = 0;
	for (size_t i = 0; i < q->nreps; i++) {
		const struct rep_figures *rp = &q->reps[i];
		if (!num_known(rp->revenue))
			continue;
		sellers++;
		if (top == NULL || num_v(rp->revenue) > num_v(top->revenue)) {
			top = rp;
			tie = false;
		} else if (num_v(rp->revenue) == num_v(top->revenue)) {
			tie = true;
		}
		for (size_t k = 0; pq != NULL && k < pq->nreps; k++)
			if (strcmp(pq->reps[k].name, rp->name) == 0 &&
			    num_known(pq->reps[k].revenue) &&
			    num_v(rp->revenue) - num_v(pq->reps[k].revenue) > rise) {
				rise = num_v(rp->revenue) - num_v(pq->reps[k].revenue);
				best = rp;
			}
	}
	/*
	 * Number 1 only with something sold, alone at the top, and not while the seller's
	 * own revenue fell against the quarter before: first of a falling team is no feat.
	 * Not in a team of two either: the other would read "number 2" in front of everyone.
	 */
	bool fell = false;
	for (size_t k = 0; top != NULL && pq != NULL && k < pq->nreps; k++)
		fell |= strcmp(pq->reps[k].name, top->name) == 0 &&
		        num_known(pq->reps[k].revenue) &&
		        num_v(top->revenue) < num_v(pq->reps[k].revenue);
	if (top != NULL && num_v(top->revenue) > 0 && !tie && !fell && !rv->escalate &&
	    sellers >= j->r->praise_top_team)
		add_praise(
		    rv, cap,
		    (struct praise){PRAISE_TOP_REP, top->name, num_v(top->revenue), 0, NULL});
	if (best != NULL && best != top && isfinite(rise))
		add_praise(rv, cap,
		           (struct praise){PRAISE_IMPROVED_REP, best->name, rise, 0, NULL});
}

/*
 * Praise the figures earn, never a zero or a figure in doubt: the target beaten, a
 * record, growth, a better rating that is at least mid-scale, a cause resolved, the
 * sellers, and each goal of the last review the partner reached.
 */
void
review_praise(struct review *rv, const struct judge *j)
{
	const struct review_rules *r = j->r;
	const struct quarter *q = j->f->current;
	size_t cap = 0;
	if (q == NULL)
		return;
	struct num rev = review_figure(j, q, PF_REVENUE), att = review_figure(j, q, PF_ATTAINMENT);
	bool sold = num_known(rev) && num_v(rev) > 0 && isfinite(num_v(rev));
	if (sold && num_known(att) && num_v(att) >= 1)
		add_praise(rv, &cap,
		           (struct praise){PRAISE_TARGET, NULL, num_v(att), 0, "attainment"});
	/* A record: above every earlier quarter of the last year (at least two of them). */
	size_t earlier = 0;
	bool record = sold;
	for (int n = 1; n <= 4 && record; n++) {
		const struct quarter *e = review_quarter_back(j, n);
		if (e == NULL || !num_known(e->revenue))
			continue;
		earlier++;
		record = num_v(rev) > num_v(e->revenue);
	}
	if (record && earlier >= 2)
		add_praise(rv, &cap,
		           (struct praise){PRAISE_RECORD, NULL, num_v(rev), 0, "revenue"});
	struct num ch = review_figure(j, q, PF_CHANGE_PREVIOUS);
	if (sold && num_known(ch) && isfinite(num_v(ch)) && num_v(ch) >= r->praise_growth)
		add_praise(rv, &cap, (struct praise){PRAISE_GROWTH, NULL, num_v(ch), 0, "revenue"});
	/* A better rating, praised only where it now stands at least mid-scale. */
	size_t qi;
	const struct question *qu = review_question(j, r->praise_question, &qi);
	if (qu != NULL && j->sv.scores != NULL) {
		const struct pf_score *sc = &j->sv.scores[qi];
		double floor_score =
		    qu->scale_min + r->praise_score * (qu->scale_max - qu->scale_min);
		if (num_known(sc->change) && num_v(sc->change) >= r->change && r->change > 0 &&
		    num_v(sc->latest) >= floor_score) {
			add_praise(rv, &cap,
			           (struct praise){PRAISE_SURVEY, NULL, num_v(sc->change),
			                           num_v(sc->latest), r->praise_question});
			/* The rise names the level too: a strength on the same rating is not said twice. */
			size_t k = 0;
			for (size_t i = 0; i < rv->nstrengths; i++) {
				const char *sq = rv->strengths[i].rule->question;
				if (rv->strengths[i].rule->figure >= 0 || sq == NULL ||
				    strcmp(sq, r->praise_question) != 0)
					rv->strengths[k++] = rv->strengths[i];
			}
			rv->nstrengths = k;
		}
	}
	for (size_t i = 0; i < rv->ncauses; i++)
		if (rv->causes[i].status == CAUSE_RESOLVED)
			add_praise(rv, &cap,
			           (struct praise){PRAISE_RESOLVED, rv->causes[i].rule->id, 0, 0,
			                           rv->causes[i].rule->figure >= 0
			                               ? pf_figure_name(rv->causes[i].rule->figure)
			                               : NULL});
	praise_reps(rv, &cap, j);
	for (size_t i = 0; i < rv->nprevious; i++) {
		const struct prev_result *pr = &rv->previous[i];
		if (pr->owner == OWNER_PARTNER && pr->status == PREV_REACHED && pr->valid)
			add_praise(rv, &cap,
			           (struct praise){PRAISE_GOAL, pr->goal->figure, num_v(pr->actual),
			                           pr->goal->target, pr->goal->figure});
	}
}

static void
add_pressure(struct review *rv, size_t *cap, struct pressure p)
{
	xgrow(&rv->pressure, cap, rv->npressure, sizeof(*rv->pressure));
	rv->pressure[rv->npressure++] = p;
}

/* Revenue and attainment are one figure for praise and pressure: the same sales. */
static const char *
family(const char *figure)
{
	if (figure == NULL)
		return NULL;
	if (strcmp(figure, "attainment") == 0 || strcmp(figure, "change_previous") == 0)
		return "revenue";
	return figure;
}

static bool
same(const char *a, const char *b)
{
	a = family(a);
	b = family(b);
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* A figure of three quarters in a row that did not move the good way in either step. */
static bool
stuck(const struct num v[3])
{
	return num_known(v[0]) && num_known(v[1]) && num_known(v[2]) &&
	       num_v(v[1]) <= num_v(v[2]) && num_v(v[0]) <= num_v(v[1]);
}

/*
 * The first quarter of the attainment's run below 100 % that reaches back from the
 * quarter from (a quarter without a known attainment ends it): what "since" says.
 */
static int
below_since(const struct judge *j, int from)
{
	int since = from;
	for (int n = 1; n <= 40; n++) {
		int period = period_add(from, -n);
		const struct quarter *q = partner_quarter(j->p, period);
		struct num a = q ? review_figure(j, q, PF_ATTAINMENT) : (struct num){0};
		if (!num_known(a) || num_v(a) >= 1)
			break;
		since = period;
	}
	return since;
}

/* This review's revenue goal, the step the partner is asked to plan for; NAN without one. */
static double
revenue_goal(const struct review *rv)
{
	for (size_t i = 0; i < rv->ngoals; i++)
		if (strcmp(rv->goals[i].id, "revenue") == 0)
			return rv->goals[i].target;
	return NAN;
}

/*
 * Every open cause is ours to remove (and there is one): the revenue below target is
 * then not the partner's to explain, as long as what we owe is missing.
 */
static bool
ours_alone(const struct review *rv)
{
	size_t ours = 0;
	for (size_t i = 0; i < rv->ncauses; i++) {
		if (!rv->causes[i].open)
			continue;
		if (!review_cause_ours(&rv->causes[i]))
			return false;
		ours++;
	}
	return ours > 0;
}

/*
 * Firm requests: a figure that has not improved for two quarters (attainment below
 * target, unless every open cause is ours; follow-up below the median), and each goal
 * of the last review the partner owned and missed. Never on what a strength shows; a green partner gets at most
 * green_pressure of them, gently; what is pressed on is not praised.
 */
void
review_pressure(struct review *rv, const struct judge *j)
{
	size_t cap = 0;
	const struct quarter *qs[3] = {review_quarter_back(j, 0), review_quarter_back(j, 1),
	                               review_quarter_back(j, 2)};
	/* Missed partner goals first: they were agreed. */
	for (size_t i = 0; i < rv->nprevious; i++) {
		const struct prev_result *pr = &rv->previous[i];
		if (pr->owner != OWNER_PARTNER || pr->status != PREV_MISSED || !pr->valid)
			continue;
		add_pressure(rv, &cap,
		             (struct pressure){.kind = PRESSURE_GOAL,
		                               .figure = pr->goal->figure,
		                               .value = num_v(pr->actual),
		                               .before = pr->goal->baseline,
		                               .since = j->previous->period,
		                               .from = j->previous->period,
		                               .target = pr->goal->target,
		                               .lower_is_better = pr->goal->lower_is_better,
		                               .rate = pr->rate,
		                               .money = pr->money,
		                               .score = pr->score});
	}
	if (qs[0] != NULL && qs[1] != NULL && qs[2] != NULL) {
		struct num a[3], f[3];
		for (int k = 0; k < 3; k++) {
			a[k] = review_figure(j, qs[k], PF_ATTAINMENT);
			f[k] = review_figure(j, qs[k], PF_FOLLOW_UP_RATE);
			/* As for a rate goal: a rate of a few leads is no firm request. */
			if (review_events(qs[k], PF_FOLLOW_UP_RATE) < j->r->goals.min_events)
				f[k] = (struct num){0};
		}
		if (stuck(a) && num_v(a[0]) < 1 && num_v(a[1]) < 1 && num_v(a[2]) < 1 &&
		    !ours_alone(rv))
			add_pressure(rv, &cap,
			             (struct pressure){.kind = PRESSURE_ATTAINMENT,
			                               .figure = "attainment",
			                               .value = num_v(a[0]),
			                               .before = num_v(a[2]),
			                               .since = below_since(j, qs[2]->period),
			                               .from = qs[2]->period,
			                               .target = revenue_goal(rv),
			                               .rate = true});
		const struct figure_medians *all = portfolio_medians(j->pf, NULL);
		struct num med = all ? all->fig[PF_FOLLOW_UP_RATE] : (struct num){0};
		if (stuck(f) && num_known(med) && num_v(f[0]) < num_v(med))
			add_pressure(rv, &cap,
			             (struct pressure){.kind = PRESSURE_FOLLOW_UP,
			                               .figure = "follow_up_rate",
			                               .value = num_v(f[0]),
			                               .before = num_v(f[2]),
			                               .median = num_v(med),
			                               .since = qs[2]->period,
			                               .from = qs[2]->period,
			                               .rate = true});
	}
	/*
	 * Revenue rests on what both sides deliver: while a goal we owned is not reached,
	 * the partner is not pressed on revenue (our miss is named first, in our own part).
	 */
	bool ours = false;
	for (size_t i = 0; i < rv->nprevious; i++)
		ours |= rv->previous[i].owner == OWNER_VENDOR &&
		        (rv->previous[i].status == PREV_MISSED ||
		         rv->previous[i].status == PREV_PARTIAL);
	/* A strength is never pressed on: the figure is well above the median. */
	size_t k = 0;
	for (size_t i = 0; i < rv->npressure; i++) {
		bool strong = ours && same(rv->pressure[i].figure, "revenue");
		for (size_t s = 0; s < rv->nstrengths && !strong; s++) {
			const struct strength_rule *sr = rv->strengths[s].rule;
			strong = sr->figure >= 0
			             ? same(pf_figure_name(sr->figure), rv->pressure[i].figure)
			             : strncmp(rv->pressure[i].figure, "score:", 6) == 0 &&
			                   strcmp(rv->pressure[i].figure + 6, sr->question) == 0;
		}
		if (!strong)
			rv->pressure[k++] = rv->pressure[i];
	}
	rv->npressure = k;
	/* One figure, one point: a missed goal on it says what its slide alone would. */
	k = 0;
	for (size_t i = 0; i < rv->npressure; i++) {
		bool agreed = false;
		for (size_t g = 0; g < rv->npressure && rv->pressure[i].kind != PRESSURE_GOAL; g++)
			agreed |= rv->pressure[g].kind == PRESSURE_GOAL &&
			          same(rv->pressure[g].figure, rv->pressure[i].figure);
		if (!agreed)
			rv->pressure[k++] = rv->pressure[i];
	}
	rv->npressure = k;
	/*
	 * Follow-up below the median but above the cause's threshold: page 1 says no
	 * obstacle, so the point is a suggestion, worded gently, not a firm request.
	 */
	bool cause = follow_up_cause(rv) != NULL;
	for (size_t i = 0; i < rv->npressure && !cause; i++)
		if (rv->pressure[i].kind == PRESSURE_FOLLOW_UP)
			rv->pressure[i].gentle = true;
	/* A green partner: at most a few points, worded gently (the first ones: goals first). */
	if (rv->health == HEALTH_GREEN) {
		if (rv->npressure > j->r->green_pressure)
			rv->npressure = j->r->green_pressure;
		for (size_t i = 0; i < rv->npressure; i++)
			rv->pressure[i].gentle = true;
	}
	/* What is pressed on is not praised at the same time. */
	k = 0;
	for (size_t i = 0; i < rv->npraise; i++) {
		bool pressed = false;
		for (size_t p = 0; p < rv->npressure && !pressed; p++)
			pressed = same(rv->praise[i].figure, rv->pressure[p].figure);
		if (!pressed)
			rv->praise[k++] = rv->praise[i];
	}
	rv->npraise = k;
}
