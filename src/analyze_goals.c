/* SPDX-License-Identifier: MIT */
/* SMART goals aimed at the partner's worst causes first, and the last review's goals judged by their owner. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analyze_int.h"
#include "mem.h"

/* The last day of the quarter after period: 20263 -> 20261231. */
static int
next_quarter_end(int period)
{
	int y = period / 10, q = period % 10 + 1;
	if (q > 4) {
		q = 1;
		y++;
	}
	static const int ends[] = {0, 331, 630, 930, 1231};
	return y * 10000 + ends[q];
}

/* Who owns a goal on this figure: what the vendor delivers, or what the partner's team does. */
static enum goal_owner
owner_of(const char *figure)
{
	static const char *const vendor[] = {"leads_received", "service_tickets",
	                                     "channel_conflicts"};
	if (strncmp(figure, "score:", 6) == 0)
		return OWNER_VENDOR;
	for (size_t i = 0; i < sizeof(vendor) / sizeof(vendor[0]); i++)
		if (strcmp(figure, vendor[i]) == 0)
			return OWNER_VENDOR;
	return OWNER_PARTNER;
}

bool
review_cause_ours(const struct cause *c)
{
	switch (c->rule->figure) {
	case PF_FOLLOW_UP_RATE:
		return false;
	case PF_CERTIFIED_REPS:
		return !c->by_figure;
	default:
		return true;
	}
}

/* The measure a goal on a figure comes with (a catalogue id), when its cause names none. */
static const char *
figure_measure(const char *figure)
{
	static const struct {
		const char *figure, *measure;
	} table[] = {{"revenue", "forecast_review"},      {"leads_received", "lead_routing"},
	             {"win_rate", "deal_review"},         {"follow_up_rate", "follow_up_48h"},
	             {"service_tickets", "service_plan"}, {"channel_conflicts", "account_rules"},
	             {"certified_reps", "certification"}, {"pipeline", "pipeline_planning"}};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strcmp(table[i].figure, figure) == 0)
			return table[i].measure;
	return "survey_talk";
}

static bool
is_money(const char *figure)
{
	return strcmp(figure, "revenue") == 0 || strcmp(figure, "pipeline") == 0;
}

static bool
is_rate(const char *figure)
{
	return strcmp(figure, "win_rate") == 0 || strcmp(figure, "follow_up_rate") == 0 ||
	       strcmp(figure, "attainment") == 0;
}

/* The measure for a score goal or a vendor goal: the cause's own, else the figure's. */
static const char *
measure_for(const struct judge *j, const char *figure)
{
	if (strncmp(figure, "score:", 6) == 0)
		for (size_t i = 0; i < j->r->ncauses; i++)
			if (j->r->causes[i].question != NULL && j->r->causes[i].measure != NULL &&
			    strcmp(j->r->causes[i].question, figure + 6) == 0)
				return j->r->causes[i].measure;
	return figure_measure(figure);
}

void
review_previous(struct review *rv, const struct judge *j)
{
	const struct goal_set *g = j->previous;
	if (g == NULL || g->ngoals == 0)
		return;
	rv->previous = xcalloc(g->ngoals, sizeof(*rv->previous));
	for (size_t i = 0; i < g->ngoals; i++) {
		const struct prev_goal *pg = &g->goals[i];
		struct prev_result *pr = &rv->previous[rv->nprevious++];
		pr->goal = pg;
		pr->owner = strcmp(pg->owner, "vendor") == 0 ? OWNER_VENDOR : OWNER_PARTNER;
		pr->actual = review_goal_actual(j, pg->figure);
		double a = num_known(pr->actual) ? num_v(pr->actual) : 0;
		bool lower = pg->lower_is_better;
		pr->status = !num_known(pr->actual)                          ? PREV_UNKNOWN
		             : (lower ? a <= pg->target : a >= pg->target)   ? PREV_REACHED
		             : (lower ? a < pg->baseline : a > pg->baseline) ? PREV_PARTIAL
		                                                             : PREV_MISSED;
		/* A target no better than its baseline set no step: judged, never repeated, praised or pressed. */
		pr->valid = lower ? pg->target < pg->baseline : pg->target > pg->baseline;
		pr->money = is_money(pg->figure);
		pr->rate = is_rate(pg->figure);
		pr->score = strncmp(pg->figure, "score:", 6) == 0;
		if (pr->owner == OWNER_VENDOR && pr->status != PREV_REACHED)
			pr->measure = measure_for(j, pg->figure);
	}
}

/* The last review's goal on this figure when it was not reached (missed or partial), or NULL. */
static const struct prev_goal *
not_reached(const struct review *rv, const char *figure)
{
	for (size_t i = 0; i < rv->nprevious; i++)
		if (strcmp(rv->previous[i].goal->figure, figure) == 0 && rv->previous[i].valid &&
		    (rv->previous[i].status == PREV_MISSED ||
		     rv->previous[i].status == PREV_PARTIAL))
			return rv->previous[i].goal;
	return NULL;
}

static struct goal *
find_goal(struct review *rv, const char *figure)
{
	for (size_t i = 0; i < rv->ngoals; i++)
		if (strcmp(rv->goals[i].id, figure) == 0)
			return &rv->goals[i];
	return NULL;
}

/* Whether a strength of the report shows on figure (a figure name, not a survey mean). */
static bool
has_strength(const struct review *rv, const char *figure)
{
	for (size_t i = 0; i < rv->nstrengths; i++)
		if (rv->strengths[i].rule->figure >= 0 &&
		    strcmp(pf_figure_name((enum pf_figure)rv->strengths[i].rule->figure), figure) ==
		        0)
			return true;
	return false;
}

/*
 * A figure on which the last review set a goal that was not reached is no strength
 * now, however it compares with the median: the agreed goal speaks, not praise.
 */
static void
drop_strengths_of_missed(struct review *rv)
{
	size_t k = 0;
	for (size_t i = 0; i < rv->nstrengths; i++) {
		const struct strength_rule *sr = rv->strengths[i].rule;
		if (sr->figure >= 0 &&
		    not_reached(rv, pf_figure_name((enum pf_figure)sr->figure)) != NULL)
			continue;
		rv->strengths[k++] = rv->strengths[i];
	}
	rv->nstrengths = k;
}

struct maker {
	struct review *rv;
	const struct judge *j;
	size_t cap;
	int due;
};

/*
 * Adds a goal unless the list is full or a target is no better than its baseline
 * (then nothing: every target is better than its baseline, always). A goal of ours
 * missed last time keeps at least its old target.
 */
static struct goal *
add(struct maker *m, const char *figure, double baseline, double target, bool lower)
{
	struct review *rv = m->rv;
	const struct prev_goal *last = not_reached(rv, figure);
	/* Ours, missed: the target we promised stands; a worse figure now only lengthens the step. */
	if (last != NULL && owner_of(figure) == OWNER_VENDOR)
		target = lower ? fmin(target, last->target) : fmax(target, last->target);
	if (rv->ngoals >= m->j->r->goals.max || !isfinite(baseline) || !isfinite(target) ||
	    (lower ? !(target < baseline) : !(target > baseline)))
		return NULL;
	xgrow(&rv->goals, &m->cap, rv->ngoals, sizeof(*rv->goals));
	struct goal *g = &rv->goals[rv->ngoals++];
	memset(g, 0, sizeof(*g));
	snprintf(g->id, sizeof(g->id), "%s", figure);
	g->owner = owner_of(figure);
	g->baseline = baseline;
	g->target = target;
	g->step = fabs(target - baseline);
	g->lower_is_better = lower;
	g->money = is_money(figure);
	g->rate = is_rate(figure);
	g->events = -1;
	g->due = m->due;
	g->measure = measure_for(m->j, figure);
	g->repeat = last != NULL;
	/* Compared relatively for money, as the step was made. */
	if (last != NULL && g->money && last->baseline > 0 && baseline > 0)
		g->smaller = g->step / baseline <
		             fabs(last->target - last->baseline) / last->baseline - 1e-12;
	else if (last != NULL)
		g->smaller = g->step < fabs(last->target - last->baseline) - 1e-12;
	return g;
}

/*
 * A money target: rel (a ratio) up from v, rounded down (never past the step) to the
 * rules' unit where the step is at least two of them, else to the largest power of
 * ten below the unit that is; whole units of the currency at least.
 */
static double
money_target(const struct judge *j, double v, double rel)
{
	double t = v * (1 + rel), unit = j->r->goals.revenue_round;
	if (!isfinite(t))
		return NAN;
	while (unit >= 10 && t - v < 2 * unit)
		unit /= 10;
	if (!(unit >= 1) || t - v < 2 * unit)
		unit = 1;
	return floor(t / unit) * unit;
}

/* The relative step of the last goal on figure, when it was not reached; 0 when none. */
static double
last_rel_step(const struct review *rv, const char *figure)
{
	const struct prev_goal *pg = not_reached(rv, figure);
	if (pg == NULL || !(pg->baseline > 0))
		return 0;
	return fabs(pg->target - pg->baseline) / pg->baseline;
}

/* The absolute step of the last goal on figure, when it was not reached; 0 when none. */
static double
last_step(const struct review *rv, const char *figure)
{
	const struct prev_goal *pg = not_reached(rv, figure);
	return pg != NULL ? fabs(pg->target - pg->baseline) : 0;
}

/* A step, made smaller after a miss: at most repeat_step of the last one, never larger. */
static double
after_miss(const struct judge *j, double step, double last, double unit)
{
	if (!(last > 0))
		return step;
	double s = j->r->goals.repeat_step * last;
	/* In whole units (a count, a point of a rate, a tenth of a score), at least one. */
	if (unit > 0)
		s = fmax(unit, floor(s / unit + 1e-9) * unit);
	return fmin(step, fmin(s, last));
}

/*
 * The step of a goal on figure: after a miss, a partner's goal comes back smaller
 * (after_miss); one we own comes back with the very step we missed, neither less (we do
 * not promise less because we missed) nor more, and add() keeps its old target.
 */
static double
next_step(const struct maker *m, const char *figure, double step, double unit)
{
	double last = last_step(m->rv, figure);
	if (last > 0 && owner_of(figure) == OWNER_VENDOR)
		return last;
	return after_miss(m->j, step, last, unit);
}

static void
revenue_goal(struct maker *m)
{
	const struct judge *j = m->j;
	const struct quarter *q = j->f->current;
	struct num rev = review_figure(j, q, PF_REVENUE);
	if (!num_known(rev) || !(num_v(rev) > 0))
		return;
	double v = num_v(rev), tgt = num_known(q->target) ? num_v(q->target) : 0;
	/* Towards the target by a bounded step; a stretch for those above it, never a cut. */
	double rel = v < tgt ? fmin(tgt / v - 1, j->r->goals.revenue_step) : j->r->goals.stretch;
	double last = last_rel_step(m->rv, "revenue");
	if (last > 0)
		rel = fmin(rel, fmin(j->r->goals.repeat_step * last, last));
	double t = money_target(j, v, rel);
	if (v < tgt && t > tgt)
		t = tgt;
	add(m, "revenue", v, t, false);
}

/* A rate goal: rate_step points up (less after a miss), at most rate_max, over enough events. */
static struct goal *
rate_goal(struct maker *m, int fig)
{
	const struct judge *j = m->j;
	const char *name = pf_figure_name((enum pf_figure)fig);
	struct num v = review_figure(j, j->f->current, fig);
	double events = review_events(j->f->current, fig);
	if (!num_known(v) || num_v(v) > 1 || events < j->r->goals.min_events)
		return NULL;
	double step = next_step(m, name, j->r->goals.rate_step, 0.01);
	struct goal *g = add(m, name, num_v(v), fmin(j->r->goals.rate_max, num_v(v) + step), false);
	if (g != NULL)
		g->events = events;
	return g;
}

/* A count goal: count_step of itself (at least one, less after a miss) up or down. */
static struct goal *
count_goal(struct maker *m, int fig, const char *name, bool down)
{
	const struct judge *j = m->j;
	struct num v = review_figure(j, j->f->current, fig);
	if (!num_known(v) || (down && !(num_v(v) > 0)))
		return NULL;
	double step = fmax(1, round(num_v(v) * j->r->goals.count_step));
	step = next_step(m, name, step, 1);
	return add(m, name, num_v(v), down ? fmax(0, num_v(v) - step) : num_v(v) + step, down);
}

/* One more certified seller, never more than the team has. */
static struct goal *
certified_goal(struct maker *m)
{
	const struct judge *j = m->j;
	struct num v = review_figure(j, j->f->current, PF_CERTIFIED_REPS);
	double team = review_team(j);
	if (!num_known(v) || team < 0 || num_v(v) + 1 > team)
		return NULL;
	return add(m, "certified_reps", num_v(v), num_v(v) + 1, false);
}

/* The survey mean of the cause's question, by the next wave: only where it shows the cause. */
static struct goal *
score_goal(struct maker *m, const struct cause *c)
{
	const struct judge *j = m->j;
	size_t qi;
	const struct question *qu = review_question(j, c->rule->question, &qi);
	if (qu == NULL || !num_known(c->score) || !(num_v(c->score) <= j->r->low))
		return NULL;
	char id[40];
	snprintf(id, sizeof(id), "score:%s", c->rule->question);
	double step = next_step(m, id, j->r->goals.score_step, 0.1);
	return add(m, id, num_v(c->score), fmin(qu->scale_max, num_v(c->score) + step), false);
}

/* A strength whose measure builds on this cause (strong sellers, few leads: more leads). */
static bool
built_on(const struct review *rv, const struct cause *c)
{
	for (size_t i = 0; i < rv->nstrengths; i++)
		if (rv->strengths[i].measure && rv->strengths[i].rule->with_cause != NULL &&
		    strcmp(rv->strengths[i].rule->with_cause, c->rule->id) == 0)
			return true;
	return false;
}

const struct cause *
follow_up_cause(const struct review *rv)
{
	for (size_t i = 0; i < rv->ncauses; i++)
		if (rv->causes[i].open && rv->causes[i].rule->figure == PF_FOLLOW_UP_RATE)
			return &rv->causes[i];
	return NULL;
}

/*
 * The goal that works on an open cause, by its figure: what the partner's team
 * does (follow-up, win rate, certified sellers) or what we deliver (leads, service,
 * clear accounts, a better rating by the next wave). More leads only for a team
 * that works the ones it gets: with few followed up, the follow-up goal comes first.
 */
static void
cause_goal(struct maker *m, struct cause *c)
{
	struct review *rv = m->rv;
	struct goal *g = NULL;
	const char *existing = NULL;
	switch (c->rule->figure) {
	case PF_LEADS_RECEIVED: {
		struct cause *fc = (struct cause *)follow_up_cause(rv);
		if (fc != NULL) {
			/* Its goal first (the follow-up cause may come later in the order). */
			c->deferred = "follow_up_rate";
			struct goal *fg = find_goal(rv, "follow_up_rate");
			if (fg == NULL && fc->by_figure &&
			    (fg = rate_goal(m, PF_FOLLOW_UP_RATE)) != NULL)
				fg->cause = fc->rule->id;
			if (fg != NULL)
				fc->goal = fg->id;
			return;
		}
		/* More leads where the figures show too few, or where sellers convert them well. */
		if (c->by_figure || built_on(rv, c))
			g = count_goal(m, PF_LEADS_RECEIVED, "leads_received", false);
		break;
	}
	case PF_FOLLOW_UP_RATE:
	case PF_WIN_RATE:
		existing = pf_figure_name((enum pf_figure)c->rule->figure);
		if (c->by_figure && find_goal(rv, existing) == NULL)
			g = rate_goal(m, c->rule->figure);
		break;
	case PF_SERVICE_TICKETS:
	case PF_TICKETS_PER_REVENUE:
		if (c->by_figure)
			g = count_goal(m, PF_SERVICE_TICKETS, "service_tickets", true);
		break;
	case PF_CHANNEL_CONFLICTS:
		if (c->by_figure)
			g = count_goal(m, PF_CHANNEL_CONFLICTS, "channel_conflicts", true);
		break;
	case PF_CERTIFIED_REPS:
		if (c->by_figure)
			g = certified_goal(m);
		break;
	default:
		break;
	}
	if (g == NULL && existing != NULL && find_goal(rv, existing) != NULL) {
		c->goal = find_goal(rv, existing)->id;
		return;
	}
	if (g == NULL)
		g = score_goal(m, c);
	if (g == NULL)
		return;
	g->cause = c->rule->id;
	if (c->rule->measure != NULL && owner_of(g->id) == OWNER_VENDOR)
		g->measure = c->rule->measure;
	c->goal = g->id;
}

void
review_goals(struct review *rv, const struct judge *j)
{
	struct maker m = {rv, j, 0, next_quarter_end(j->period)};
	const struct goal_rules *gr = &j->r->goals;
	drop_strengths_of_missed(rv);
	if (j->f->current == NULL)
		return;
	revenue_goal(&m);
	/* The causes are sorted by severity: the worst gets its goal first. */
	for (size_t i = 0; i < rv->ncauses; i++)
		if (rv->causes[i].open)
			cause_goal(&m, &rv->causes[i]);
	/* Strengths: the vendor's measure that builds on them goes with their cause's goal. */
	for (size_t i = 0; i < rv->nstrengths; i++) {
		const struct strength *st = &rv->strengths[i];
		if (!st->measure || st->rule->with_cause == NULL)
			continue;
		for (size_t k = 0; k < rv->ncauses; k++) {
			const struct cause *c = &rv->causes[k];
			struct goal *g = c->goal ? find_goal(rv, c->goal) : NULL;
			if (g != NULL && strcmp(c->rule->id, st->rule->with_cause) == 0 &&
			    g->strength == NULL) {
				g->strength = st->rule->id;
				g->measure = st->rule->measure;
			}
		}
	}
	/*
	 * Fewer than the minimum: follow-up where there is room, a certified seller, the
	 * pipeline; never on a figure the report names as a strength.
	 */
	if (rv->ngoals < gr->min && find_goal(rv, "follow_up_rate") == NULL &&
	    !has_strength(rv, "follow_up_rate")) {
		struct num v = review_figure(j, j->f->current, PF_FOLLOW_UP_RATE);
		if (num_known(v) && num_v(v) < gr->follow_up_room)
			rate_goal(&m, PF_FOLLOW_UP_RATE);
	}
	if (rv->ngoals < gr->min && find_goal(rv, "certified_reps") == NULL &&
	    !has_strength(rv, "certified_reps"))
		certified_goal(&m);
	const struct quarter *q = j->f->current;
	if (rv->ngoals < gr->min && num_known(q->pipeline) && num_v(q->pipeline) > 0) {
		double v = num_v(q->pipeline), rel = gr->revenue_step;
		double last = last_rel_step(rv, "pipeline");
		if (last > 0)
			rel = fmin(rel, fmin(gr->repeat_step * last, last));
		add(&m, "pipeline", v, money_target(j, v, rel), false);
	}
	/* Set again: our next step for a goal we missed is the new goal's measure. */
	for (size_t i = 0; i < rv->nprevious; i++) {
		const struct goal *g = find_goal(rv, rv->previous[i].goal->figure);
		rv->previous[i].again = g != NULL;
		if (g != NULL && rv->previous[i].measure != NULL)
			rv->previous[i].measure = g->measure;
	}
}
