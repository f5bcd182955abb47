/* SPDX-License-Identifier: MIT */
/* The review's judgements: causes with their evidence and status, cadence, escalation, health. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze_review.h"
#include "mem.h"

int
date_add_days(int ymd, int days)
{
	/* timegm is not C11; a day count from the civil calendar does it exactly. */
	int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	long z = era * 146097 + doe + days;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long yy = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long dd = doy - (153 * mp + 2) / 5 + 1;
	long mm = mp + (mp < 10 ? 3 : -9);
	yy += mm <= 2;
	return (int)(yy * 10000 + mm * 100 + dd);
}

/* 0 Sunday .. 6 Saturday (Sakamoto's method). */
static int
weekday(int ymd)
{
	static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
	int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
	y -= m < 3;
	return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

static struct num
known(double v)
{
	return (struct num){v, true};
}

static const struct num unknown = {0, false};

/* A figure of a quarter other than the review quarter, as the portfolio computes it. */
static struct num
quarter_figure(const struct quarter *q, int fig)
{
	if (q == NULL)
		return unknown;
	switch (fig) {
	case PF_LEADS_RECEIVED:
		return q->leads_received;
	case PF_SERVICE_TICKETS:
		return q->service_tickets;
	case PF_CHANNEL_CONFLICTS:
		return q->channel_conflicts;
	case PF_CERTIFIED_REPS:
		return q->certified_reps;
	case PF_WIN_RATE:
		if (q->deals_won.set && q->leads_followed_up.set && q->leads_followed_up.v > 0)
			return known(q->deals_won.v / q->leads_followed_up.v);
		return unknown;
	case PF_FOLLOW_UP_RATE:
		if (q->leads_followed_up.set && q->leads_received.set && q->leads_received.v > 0)
			return known(q->leads_followed_up.v / q->leads_received.v);
		return unknown;
	case PF_ATTAINMENT:
		if (q->revenue.set && q->target.set && q->target.v > 0)
			return known(q->revenue.v / q->target.v);
		return unknown;
	default:
		return unknown;
	}
}

static bool
figure_shows(const struct cause_rule *c, struct num v, struct num median)
{
	if (!v.set)
		return false;
	switch (c->test) {
	case CAUSE_BELOW_MEDIAN:
		return median.set && v.v < c->factor * median.v;
	case CAUSE_ABOVE_MEDIAN:
		return median.set && v.v > c->factor * median.v;
	case CAUSE_AT_LEAST:
		return v.v >= c->factor;
	default:
		return false;
	}
}

/* Whether a lower figure is the better one for this cause. */
static bool
lower_better(const struct cause_rule *c)
{
	return c->test == CAUSE_ABOVE_MEDIAN || c->test == CAUSE_AT_LEAST;
}

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

static struct goal *
add_goal(struct review *rv, size_t *cap, const char *id, enum goal_owner owner)
{
	xgrow(&rv->goals, cap, rv->ngoals, sizeof(*rv->goals));
	struct goal *g = &rv->goals[rv->ngoals++];
	memset(g, 0, sizeof(*g));
	snprintf(g->id, sizeof(g->id), "%s", id);
	g->owner = owner;
	return g;
}

static int
by_impact(const void *a, const void *b)
{
	const struct goal *x = a, *y = b;
	if (x->impact != y->impact)
		return x->impact > y->impact ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* A count's next step: this ratio up or down, at least one. */
static double
count_step(double v, double ratio, bool down)
{
	double step = fmax(1, round(v * ratio));
	return down ? fmax(0, v - step) : v + step;
}

/*
 * Goals: revenue first, then one per open cause that a figure measures, then what
 * the strengths suggest; ranked by their estimated revenue effect.
 */
static void
make_goals(struct review *rv, const struct partner_figures *f, const struct review_rules *r,
	   int due)
{
	const struct goal_rules *gr = &r->goals;
	size_t cap = 0;
	const struct quarter *q = f->current;
	if (q == NULL || !q->revenue.set)
		return;
	double rev = q->revenue.v;
	/* Revenue of one more deal: what a lead or a point of win rate is worth. */
	double deal = q->deals_won.set && q->deals_won.v > 0 ? rev / q->deals_won.v : 0;
	double win = f->fig[PF_WIN_RATE].set ? f->fig[PF_WIN_RATE].v : 0;
	double follow = f->fig[PF_FOLLOW_UP_RATE].set ? f->fig[PF_FOLLOW_UP_RATE].v : 0;

	struct goal *g = add_goal(rv, &cap, "revenue", OWNER_PARTNER);
	g->money = true;
	g->baseline = rev;
	if (q->target.set && rev <= 0)
		g->target = q->target.v * gr->revenue_step; /* from nothing: a first step */
	else if (q->target.set && rev < q->target.v)
		g->target = fmin(q->target.v, rev * (1 + gr->revenue_step));
	else
		g->target = rev * (1 + gr->stretch); /* a stretch for those above target, never a cut */
	g->target = round(g->target / 1000) * 1000;
	if (g->target <= rev)
		g->target = rev + 1000;
	g->impact = g->target - rev;

	for (size_t i = 0; i < rv->ncauses; i++) {
		const struct cause *c = &rv->causes[i];
		if (c->status == CAUSE_RESOLVED || c->status == CAUSE_UNCONFIRMED)
			continue;
		int fig = c->rule->figure;
		if (fig == PF_LEADS_RECEIVED && c->figure.set) {
			g = add_goal(rv, &cap, "leads_received", OWNER_VENDOR);
			g->baseline = c->figure.v;
			g->target = count_step(c->figure.v, gr->count_step, false);
			g->impact = (g->target - g->baseline) * follow * win * deal;
		} else if (fig == PF_WIN_RATE && c->figure.set) {
			g = add_goal(rv, &cap, "win_rate", OWNER_PARTNER);
			g->rate = true;
			g->baseline = c->figure.v;
			g->target = fmin(0.95, c->figure.v + gr->rate_step);
			double followed = q->leads_followed_up.set ? q->leads_followed_up.v : 0;
			g->impact = (g->target - g->baseline) * followed * deal;
		} else if ((fig == PF_SERVICE_TICKETS || fig == PF_CHANNEL_CONFLICTS) && c->figure.set) {
			g = add_goal(rv, &cap, pf_figure_name((enum pf_figure)fig), OWNER_VENDOR);
			g->lower_is_better = true;
			g->baseline = c->figure.v;
			g->target = count_step(c->figure.v, gr->count_step, true);
			g->impact = 1; /* no revenue estimate: after the ones with one */
		} else if (fig == PF_CERTIFIED_REPS && c->figure.set) {
			g = add_goal(rv, &cap, "certified_reps", OWNER_PARTNER);
			g->baseline = c->figure.v;
			g->target = c->figure.v + 1;
			g->impact = 1;
		} else if (c->score.set && c->rule->question != NULL) {
			/* Only the survey shows it: the question's mean, by the next wave. */
			char id[40];
			snprintf(id, sizeof(id), "score:%s", c->rule->question);
			g = add_goal(rv, &cap, id, OWNER_VENDOR);
			g->baseline = c->score.v;
			g->target = c->score.v + gr->score_step;
			g->impact = 0.5;
		} else {
			continue;
		}
		g->cause = c->rule->id;
	}
	/* Strengths: what the vendor does to build on them; the follow-up the partner owns. */
	for (size_t i = 0; i < rv->nstrengths && rv->ngoals < gr->max; i++) {
		const struct strength *st = &rv->strengths[i];
		if (st->measure && strcmp(st->rule->measure, "more_leads") == 0 &&
		    q->leads_received.set) {
			bool have = false;
			for (size_t k = 0; k < rv->ngoals; k++)
				have |= strcmp(rv->goals[k].id, "leads_received") == 0;
			if (!have) {
				g = add_goal(rv, &cap, "leads_received", OWNER_VENDOR);
				g->baseline = q->leads_received.v;
				g->target = count_step(q->leads_received.v, gr->count_step, false);
				g->impact = (g->target - g->baseline) * follow * win * deal;
				g->strength = st->rule->id;
			}
		}
	}
	/* Fewer than the minimum: the follow-up rate and certified sellers, where there is room. */
	if (rv->ngoals < gr->min && f->fig[PF_FOLLOW_UP_RATE].set && follow < 0.9) {
		g = add_goal(rv, &cap, "follow_up_rate", OWNER_PARTNER);
		g->rate = true;
		g->baseline = follow;
		g->target = fmin(0.95, follow + gr->rate_step);
		double leads = q->leads_received.set ? q->leads_received.v : 0;
		g->impact = (g->target - g->baseline) * leads * win * deal;
	}
	if (rv->ngoals < gr->min && q->certified_reps.set) {
		g = add_goal(rv, &cap, "certified_reps", OWNER_PARTNER);
		g->baseline = q->certified_reps.v;
		g->target = q->certified_reps.v + 1;
		g->impact = 1;
	}
	if (rv->ngoals < gr->min && q->pipeline.set) {
		g = add_goal(rv, &cap, "pipeline", OWNER_PARTNER);
		g->money = true;
		g->baseline = q->pipeline.v;
		g->target = round(q->pipeline.v * (1 + gr->revenue_step) / 1000) * 1000;
		g->impact = 0.25;
	}
	for (size_t i = 0; i < rv->ngoals; i++)
		rv->goals[i].due = due;
	/* The revenue goal heads the list; the rest by their effect. */
	if (rv->ngoals > 1)
		qsort(rv->goals + 1, rv->ngoals - 1, sizeof(*rv->goals), by_impact);
	if (rv->ngoals > gr->max)
		rv->ngoals = gr->max;
}

static void
add_praise(struct review *rv, size_t *cap, enum praise_kind kind, const char *name, double value)
{
	xgrow(&rv->praise, cap, rv->npraise, sizeof(*rv->praise));
	rv->praise[rv->npraise++] = (struct praise){kind, name, value};
}

/* Praise only where the figures show it, the team's and the sellers'. */
static void
make_praise(struct review *rv, const struct partner_figures *f, const struct survey *s,
	    const struct review_rules *r)
{
	size_t cap = 0;
	const struct quarter *q = f->current, *pq = f->previous;
	if (q == NULL)
		return;
	struct num att = f->fig[PF_ATTAINMENT];
	if (att.set && att.v >= 1)
		add_praise(rv, &cap, PRAISE_TARGET, NULL, att.v);
	/* A record: above every earlier quarter shown (at least two of them). */
	const struct partner *p = f->partner;
	size_t earlier = 0;
	bool record = q->revenue.set;
	for (size_t i = 0; i < p->nquarters && p->quarters[i].period < q->period; i++)
		if (p->quarters[i].revenue.set && p->quarters[i].period >= q->period - 10) {
			earlier++;
			record &= q->revenue.v > p->quarters[i].revenue.v;
		}
	if (record && earlier >= 2)
		add_praise(rv, &cap, PRAISE_RECORD, NULL, q->revenue.v);
	struct num ch = f->fig[PF_CHANGE_PREVIOUS];
	if (ch.set && ch.v >= r->praise_growth)
		add_praise(rv, &cap, PRAISE_GROWTH, NULL, ch.v);
	for (size_t i = 0; s != NULL && f->survey.scores != NULL && i < s->nquestions; i++)
		if (strcmp(s->questions[i].id, "overall") == 0 && f->survey.scores[i].change.set &&
		    f->survey.scores[i].change.v >= r->change)
			add_praise(rv, &cap, PRAISE_SURVEY, NULL, f->survey.scores[i].change.v);
	for (size_t i = 0; i < rv->ncauses; i++)
		if (rv->causes[i].status == CAUSE_RESOLVED)
			add_praise(rv, &cap, PRAISE_RESOLVED, rv->causes[i].rule->id, 0);
	/* Sellers: the top one (of two or more), and the most improved one. */
	if (q->nreps >= 2) {
		const struct rep_figures *top = NULL, *best = NULL;
		double rise = 0;
		for (size_t i = 0; i < q->nreps; i++) {
			const struct rep_figures *rp = &q->reps[i];
			if (rp->revenue.set && (top == NULL || rp->revenue.v > top->revenue.v))
				top = rp;
			for (size_t k = 0; pq != NULL && k < pq->nreps; k++)
				if (strcmp(pq->reps[k].name, rp->name) == 0 && rp->revenue.set &&
				    pq->reps[k].revenue.set &&
				    rp->revenue.v - pq->reps[k].revenue.v > rise) {
					rise = rp->revenue.v - pq->reps[k].revenue.v;
					best = rp;
				}
		}
		if (top != NULL)
			add_praise(rv, &cap, PRAISE_TOP_REP, top->name, top->revenue.v);
		if (best != NULL && best != top)
			add_praise(rv, &cap, PRAISE_IMPROVED_REP, best->name, rise);
	}
}

/* The quarter two before the review quarter, when the partner has it. */
static const struct quarter *
two_before(const struct partner_figures *f)
{
	const struct partner *p = f->partner;
	if (f->current == NULL)
		return NULL;
	int want = f->current->period;
	want = want % 10 > 2 ? want - 2 : want - 10 + 2; /* YYYYQ minus two quarters */
	for (size_t i = 0; i < p->nquarters; i++)
		if (p->quarters[i].period == want)
			return &p->quarters[i];
	return NULL;
}

/* Figures below target, or below the median, that have not improved for two quarters. */
static void
make_pressure(struct review *rv, const struct partner_figures *f, const struct portfolio *pf)
{
	size_t cap = 0;
	const struct quarter *q0 = f->current, *q1 = f->previous, *q2 = two_before(f);
	if (q0 == NULL || q1 == NULL || q2 == NULL)
		return;
	struct num a0 = quarter_figure(q0, PF_ATTAINMENT), a1 = quarter_figure(q1, PF_ATTAINMENT),
		   a2 = quarter_figure(q2, PF_ATTAINMENT);
	if (a0.set && a1.set && a2.set && a0.v < 1 && a1.v < 1 && a2.v < 1 && a0.v <= a2.v) {
		xgrow(&rv->pressure, &cap, rv->npressure, sizeof(*rv->pressure));
		rv->pressure[rv->npressure++] = (struct pressure){PRESSURE_ATTAINMENT, a0.v, a2.v, 0};
	}
	const struct figure_medians *all = portfolio_medians(pf, NULL);
	struct num r0 = quarter_figure(q0, PF_FOLLOW_UP_RATE), r2 = quarter_figure(q2, PF_FOLLOW_UP_RATE);
	struct num med = all ? all->fig[PF_FOLLOW_UP_RATE] : unknown;
	if (r0.set && r2.set && med.set && r0.v < med.v && r0.v <= r2.v) {
		xgrow(&rv->pressure, &cap, rv->npressure, sizeof(*rv->pressure));
		rv->pressure[rv->npressure++] =
		    (struct pressure){PRESSURE_FOLLOW_UP, r0.v, r2.v, med.v};
	}
}

/* Strengths: a figure well above the median, or a high survey mean. */
static void
make_strengths(struct review *rv, const struct partner_figures *f, const struct survey *s,
	       const struct portfolio *pf, const struct review_rules *r)
{
	const struct figure_medians *all = portfolio_medians(pf, NULL);
	rv->strengths = xcalloc(r->nstrengths + 1, sizeof(*rv->strengths));
	for (size_t i = 0; i < r->nstrengths; i++) {
		const struct strength_rule *sr = &r->strengths[i];
		struct strength st = {sr, unknown, unknown, false};
		bool shows = false;
		if (sr->figure >= 0 && all != NULL) {
			st.value = f->fig[sr->figure];
			st.median = all->fig[sr->figure];
			shows = st.value.set && st.median.set && st.median.v > 0 &&
				st.value.v >= sr->factor * st.median.v;
			/* Two wins out of three leads is luck, not a strength. */
			const struct quarter *q = f->current;
			if ((sr->figure == PF_WIN_RATE || sr->figure == PF_FOLLOW_UP_RATE) &&
			    (q == NULL || !q->leads_followed_up.set ||
			     q->leads_followed_up.v < r->strength_min_leads))
				shows = false;
		}
		for (size_t q = 0; !shows && s && sr->question && f->survey.scores && q < s->nquestions; q++)
			if (strcmp(s->questions[q].id, sr->question) == 0 &&
			    f->survey.scores[q].latest.set && f->survey.scores[q].latest.v >= r->high) {
				st.value = f->survey.scores[q].latest;
				shows = true;
			}
		if (!shows)
			continue;
		st.measure = sr->measure != NULL;
		if (st.measure && sr->with_cause != NULL) {
			st.measure = false;
			for (size_t k = 0; k < rv->ncauses; k++)
				st.measure |= strcmp(rv->causes[k].rule->id, sr->with_cause) == 0 &&
					      rv->causes[k].status != CAUSE_RESOLVED &&
					      rv->causes[k].status != CAUSE_UNCONFIRMED;
		}
		rv->strengths[rv->nstrengths++] = st;
	}
}

struct review *
review_new(const struct portfolio *pf, const struct partner *p, const struct survey *s,
	   const struct review_rules *r, int today, int period)
{
	struct review *rv = xcalloc(1, sizeof(*rv));
	const struct partner_figures *f = pf ? portfolio_partner(pf, p) : NULL;
	const struct figure_medians *all = pf ? portfolio_medians(pf, NULL) : NULL;
	rv->causes = xcalloc(r->ncauses + 1, sizeof(*rv->causes));
	for (size_t i = 0; f != NULL && i < r->ncauses; i++) {
		const struct cause_rule *cr = &r->causes[i];
		struct cause c = {.rule = cr};
		c.score = c.previous_score = c.figure = c.previous_figure = c.median = unknown;
		/* The survey: this partner's mean for the question, now and a wave before. */
		for (size_t q = 0; s != NULL && cr->question != NULL && q < s->nquestions; q++)
			if (strcmp(s->questions[q].id, cr->question) == 0 && f->survey.scores != NULL) {
				c.score = f->survey.scores[q].latest;
				c.previous_score = f->survey.scores[q].previous;
			}
		bool survey_now = c.score.set && c.score.v <= r->low;
		bool survey_before = c.previous_score.set && c.previous_score.v <= r->low;
		bool fig_now = false, fig_before = false;
		if (cr->figure >= 0) {
			c.figure = f->fig[cr->figure];
			c.previous_figure = quarter_figure(f->previous, cr->figure);
			c.median = all ? all->fig[cr->figure] : unknown;
			fig_now = figure_shows(cr, c.figure, c.median);
			fig_before = figure_shows(cr, c.previous_figure, c.median);
		}
		bool now = survey_now || fig_now, before = survey_before || fig_before;
		if (!now && !before)
			continue;
		c.by_survey = now ? survey_now : survey_before;
		c.by_figure = now ? fig_now : fig_before;
		if (!now) {
			/* Only what is measured again can be called resolved. */
			bool again = (!survey_before || c.score.set) && (!fig_before || c.figure.set);
			c.status = again ? CAUSE_RESOLVED : CAUSE_UNCONFIRMED;
		} else if (!before) {
			c.status = CAUSE_NEW;
		} else {
			bool better_score = c.score.set && c.previous_score.set &&
					    c.score.v - c.previous_score.v >= r->change;
			bool better_fig = c.figure.set && c.previous_figure.set &&
					  (lower_better(cr) ? c.figure.v < c.previous_figure.v
							    : c.figure.v > c.previous_figure.v);
			c.status = better_score || better_fig ? CAUSE_IMPROVED : CAUSE_PERSISTS;
		}
		rv->causes[rv->ncauses++] = c;
	}

	/* Cadence: underperformers every few weeks, the others less often. */
	struct num att = f ? f->fig[PF_ATTAINMENT] : unknown;
	rv->underperformer = (att.set && att.v < r->under_attainment) ||
			     (f && f->trend_dir == PF_TREND_DOWN && att.set && att.v < 1);
	rv->weeks = rv->underperformer ? r->weeks_under : r->weeks;
	for (int k = 0; k < 3; k++) {
		int d = date_add_days(today, 7 * rv->weeks * (k + 1));
		/* On a working day: past weekends and the days around Christmas and New Year. */
		for (;;) {
			int wd = weekday(d), md = d % 10000;
			if (wd == 0 || wd == 6 || (md >= 1224 && md <= 1226) || md == 1231 || md == 101)
				d = date_add_days(d, 1);
			else
				break;
		}
		rv->next_meetings[k] = d;
	}

	/* The last resort's signal: a partner that will not talk. */
	const struct engagement *e = p->has_engagement ? &p->engagement : NULL;
	rv->declined = e && e->meetings_declined.set && e->meetings_declined.v >= r->declined_meetings;
	rv->visit_refused = e && e->onsite_known && !e->onsite_accepted;
	rv->survey_skipped = s != NULL && f != NULL && !f->survey.participated &&
			     portfolio_survey(pf)->wave != NULL;
	rv->escalate = (rv->declined || rv->visit_refused) && rv->survey_skipped;

	/* Health, with the reason that decides it. */
	size_t open = 0;
	for (size_t i = 0; i < rv->ncauses; i++)
		open += rv->causes[i].status != CAUSE_RESOLVED &&
			rv->causes[i].status != CAUSE_UNCONFIRMED;
	if (rv->escalate) {
		rv->health = HEALTH_RED;
		rv->health_reason = "escalation";
	} else if (att.set && att.v < r->red_attainment) {
		rv->health = HEALTH_RED;
		rv->health_reason = "attainment";
	} else if (f && f->trend_dir == PF_TREND_DOWN && att.set && att.v < 1) {
		rv->health = HEALTH_AMBER;
		rv->health_reason = "trend";
	} else if (att.set && att.v < r->amber_attainment) {
		rv->health = HEALTH_AMBER;
		rv->health_reason = "attainment";
	} else if (open > 0) {
		rv->health = HEALTH_AMBER;
		rv->health_reason = "causes";
	} else {
		rv->health = HEALTH_GREEN;
		rv->health_reason = "on_track";
	}
	if (f != NULL) {
		make_strengths(rv, f, s, pf, r);
		make_goals(rv, f, r, next_quarter_end(period));
		make_praise(rv, f, s, r);
		make_pressure(rv, f, pf);
	}
	return rv;
}

void
review_free(struct review *rv)
{
	if (rv == NULL)
		return;
	free(rv->causes);
	free(rv->strengths);
	free(rv->goals);
	free(rv->praise);
	free(rv->pressure);
	free(rv);
}
