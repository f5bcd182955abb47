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
	return num_exact(v);
}

static const struct num unknown = {0}; /* NUM_NONE */

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
		if (num_known(q->deals_won) && num_known(q->leads_followed_up) &&
		    num_v(q->leads_followed_up) > 0)
			return known(num_v(q->deals_won) / num_v(q->leads_followed_up));
		return unknown;
	case PF_FOLLOW_UP_RATE:
		if (num_known(q->leads_followed_up) && num_known(q->leads_received) &&
		    num_v(q->leads_received) > 0)
			return known(num_v(q->leads_followed_up) / num_v(q->leads_received));
		return unknown;
	case PF_ATTAINMENT:
		if (num_known(q->revenue) && num_known(q->target) && num_v(q->target) > 0)
			return known(num_v(q->revenue) / num_v(q->target));
		return unknown;
	default:
		return unknown;
	}
}

static bool
figure_shows(const struct cause_rule *c, struct num v, struct num median)
{
	if (!num_known(v))
		return false;
	switch (c->test) {
	case CAUSE_BELOW_MEDIAN:
		return num_known(median) && num_v(v) < c->factor * num_v(median);
	case CAUSE_ABOVE_MEDIAN:
		return num_known(median) && num_v(v) > c->factor * num_v(median);
	case CAUSE_AT_LEAST:
		return num_v(v) >= c->factor;
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
	if (q == NULL || !num_known(q->revenue))
		return;
	double rev = num_v(q->revenue);
	/* Revenue of one more deal: what a lead or a point of win rate is worth. */
	double deal =
	    num_known(q->deals_won) && num_v(q->deals_won) > 0 ? rev / num_v(q->deals_won) : 0;
	double win = num_known(f->fig[PF_WIN_RATE]) ? num_v(f->fig[PF_WIN_RATE]) : 0;
	double follow = num_known(f->fig[PF_FOLLOW_UP_RATE]) ? num_v(f->fig[PF_FOLLOW_UP_RATE]) : 0;

	struct goal *g = add_goal(rv, &cap, "revenue", OWNER_PARTNER);
	g->money = true;
	g->baseline = rev;
	if (num_known(q->target) && rev <= 0)
		g->target = num_v(q->target) * gr->revenue_step; /* from nothing: a first step */
	else if (num_known(q->target) && rev < num_v(q->target))
		g->target = fmin(num_v(q->target), rev * (1 + gr->revenue_step));
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
		if (fig == PF_LEADS_RECEIVED && num_known(c->figure)) {
			g = add_goal(rv, &cap, "leads_received", OWNER_VENDOR);
			g->baseline = num_v(c->figure);
			g->target = count_step(num_v(c->figure), gr->count_step, false);
			g->impact = (g->target - g->baseline) * follow * win * deal;
		} else if (fig == PF_WIN_RATE && num_known(c->figure)) {
			g = add_goal(rv, &cap, "win_rate", OWNER_PARTNER);
			g->rate = true;
			g->baseline = num_v(c->figure);
			g->target = fmin(0.95, num_v(c->figure) + gr->rate_step);
			double followed =
			    num_known(q->leads_followed_up) ? num_v(q->leads_followed_up) : 0;
			g->impact = (g->target - g->baseline) * followed * deal;
		} else if ((fig == PF_SERVICE_TICKETS || fig == PF_CHANNEL_CONFLICTS) &&
		           num_known(c->figure)) {
			g = add_goal(rv, &cap, pf_figure_name((enum pf_figure)fig), OWNER_VENDOR);
			g->lower_is_better = true;
			g->baseline = num_v(c->figure);
			g->target = count_step(num_v(c->figure), gr->count_step, true);
			g->impact = 1; /* no revenue estimate: after the ones with one */
		} else if (fig == PF_CERTIFIED_REPS && num_known(c->figure)) {
			g = add_goal(rv, &cap, "certified_reps", OWNER_PARTNER);
			g->baseline = num_v(c->figure);
			g->target = num_v(c->figure) + 1;
			g->impact = 1;
		} else if (num_known(c->score) && c->rule->question != NULL) {
			/* Only the survey shows it: the question's mean, by the next wave. */
			char id[40];
			snprintf(id, sizeof(id), "score:%s", c->rule->question);
			g = add_goal(rv, &cap, id, OWNER_VENDOR);
			g->baseline = num_v(c->score);
			g->target = num_v(c->score) + gr->score_step;
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
		    num_known(q->leads_received)) {
			bool have = false;
			for (size_t k = 0; k < rv->ngoals; k++)
				have |= strcmp(rv->goals[k].id, "leads_received") == 0;
			if (!have) {
				g = add_goal(rv, &cap, "leads_received", OWNER_VENDOR);
				g->baseline = num_v(q->leads_received);
				g->target =
				    count_step(num_v(q->leads_received), gr->count_step, false);
				g->impact = (g->target - g->baseline) * follow * win * deal;
				g->strength = st->rule->id;
			}
		}
	}
	/* Fewer than the minimum: the follow-up rate and certified sellers, where there is room. */
	if (rv->ngoals < gr->min && num_known(f->fig[PF_FOLLOW_UP_RATE]) && follow < 0.9) {
		g = add_goal(rv, &cap, "follow_up_rate", OWNER_PARTNER);
		g->rate = true;
		g->baseline = follow;
		g->target = fmin(0.95, follow + gr->rate_step);
		double leads = num_known(q->leads_received) ? num_v(q->leads_received) : 0;
		g->impact = (g->target - g->baseline) * leads * win * deal;
	}
	if (rv->ngoals < gr->min && num_known(q->certified_reps)) {
		g = add_goal(rv, &cap, "certified_reps", OWNER_PARTNER);
		g->baseline = num_v(q->certified_reps);
		g->target = num_v(q->certified_reps) + 1;
		g->impact = 1;
	}
	if (rv->ngoals < gr->min && num_known(q->pipeline)) {
		g = add_goal(rv, &cap, "pipeline", OWNER_PARTNER);
		g->money = true;
		g->baseline = num_v(q->pipeline);
		g->target = round(num_v(q->pipeline) * (1 + gr->revenue_step) / 1000) * 1000;
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
	if (num_known(att) && num_v(att) >= 1)
		add_praise(rv, &cap, PRAISE_TARGET, NULL, num_v(att));
	/* A record: above every earlier quarter shown (at least two of them). */
	const struct partner *p = f->partner;
	size_t earlier = 0;
	bool record = num_known(q->revenue);
	for (size_t i = 0; i < p->nquarters && p->quarters[i].period < q->period; i++)
		if (num_known(p->quarters[i].revenue) && p->quarters[i].period >= q->period - 10) {
			earlier++;
			record &= num_v(q->revenue) > num_v(p->quarters[i].revenue);
		}
	if (record && earlier >= 2)
		add_praise(rv, &cap, PRAISE_RECORD, NULL, num_v(q->revenue));
	struct num ch = f->fig[PF_CHANGE_PREVIOUS];
	if (num_known(ch) && num_v(ch) >= r->praise_growth)
		add_praise(rv, &cap, PRAISE_GROWTH, NULL, num_v(ch));
	for (size_t i = 0; s != NULL && f->survey.scores != NULL && i < s->nquestions; i++)
		if (strcmp(s->questions[i].id, "overall") == 0 &&
		    num_known(f->survey.scores[i].change) &&
		    num_v(f->survey.scores[i].change) >= r->change)
			add_praise(rv, &cap, PRAISE_SURVEY, NULL,
			           num_v(f->survey.scores[i].change));
	for (size_t i = 0; i < rv->ncauses; i++)
		if (rv->causes[i].status == CAUSE_RESOLVED)
			add_praise(rv, &cap, PRAISE_RESOLVED, rv->causes[i].rule->id, 0);
	/* Sellers: the top one (of two or more), and the most improved one. */
	if (q->nreps >= 2) {
		const struct rep_figures *top = NULL, *best = NULL;
		double rise = 0;
		for (size_t i = 0; i < q->nreps; i++) {
			const struct rep_figures *rp = &q->reps[i];
			if (num_known(rp->revenue) &&
			    (top == NULL || num_v(rp->revenue) > num_v(top->revenue)))
				top = rp;
			for (size_t k = 0; pq != NULL && k < pq->nreps; k++)
				if (strcmp(pq->reps[k].name, rp->name) == 0 &&
				    num_known(rp->revenue) && num_known(pq->reps[k].revenue) &&
				    num_v(rp->revenue) - num_v(pq->reps[k].revenue) > rise) {
					rise = num_v(rp->revenue) - num_v(pq->reps[k].revenue);
					best = rp;
				}
		}
		if (top != NULL)
			add_praise(rv, &cap, PRAISE_TOP_REP, top->name, num_v(top->revenue));
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
	if (num_known(a0) && num_known(a1) && num_known(a2) && num_v(a0) < 1 && num_v(a1) < 1 &&
	    num_v(a2) < 1 && num_v(a0) <= num_v(a2)) {
		xgrow(&rv->pressure, &cap, rv->npressure, sizeof(*rv->pressure));
		rv->pressure[rv->npressure++] =
		    (struct pressure){PRESSURE_ATTAINMENT, num_v(a0), num_v(a2), 0};
	}
	const struct figure_medians *all = portfolio_medians(pf, NULL);
	struct num r0 = quarter_figure(q0, PF_FOLLOW_UP_RATE), r2 = quarter_figure(q2, PF_FOLLOW_UP_RATE);
	struct num med = all ? all->fig[PF_FOLLOW_UP_RATE] : unknown;
	if (num_known(r0) && num_known(r2) && num_known(med) && num_v(r0) < num_v(med) &&
	    num_v(r0) <= num_v(r2)) {
		xgrow(&rv->pressure, &cap, rv->npressure, sizeof(*rv->pressure));
		rv->pressure[rv->npressure++] =
		    (struct pressure){PRESSURE_FOLLOW_UP, num_v(r0), num_v(r2), num_v(med)};
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
			shows = num_known(st.value) && num_known(st.median) &&
			        num_v(st.median) > 0 &&
			        num_v(st.value) >= sr->factor * num_v(st.median);
			/* Two wins out of three leads is luck, not a strength. */
			const struct quarter *q = f->current;
			if ((sr->figure == PF_WIN_RATE || sr->figure == PF_FOLLOW_UP_RATE) &&
			    (q == NULL || !num_known(q->leads_followed_up) ||
			     num_v(q->leads_followed_up) < r->strength_min_leads))
				shows = false;
		}
		for (size_t q = 0; !shows && s && sr->question && f->survey.scores && q < s->nquestions; q++)
			if (strcmp(s->questions[q].id, sr->question) == 0 &&
			    num_known(f->survey.scores[q].latest) &&
			    num_v(f->survey.scores[q].latest) >= r->high) {
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
		bool survey_now = num_known(c.score) && num_v(c.score) <= r->low;
		bool survey_before =
		    num_known(c.previous_score) && num_v(c.previous_score) <= r->low;
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
			bool again = (!survey_before || num_known(c.score)) &&
			             (!fig_before || num_known(c.figure));
			c.status = again ? CAUSE_RESOLVED : CAUSE_UNCONFIRMED;
		} else if (!before) {
			c.status = CAUSE_NEW;
		} else {
			bool better_score = num_known(c.score) && num_known(c.previous_score) &&
			                    num_v(c.score) - num_v(c.previous_score) >= r->change;
			bool better_fig =
			    num_known(c.figure) && num_known(c.previous_figure) &&
			    (lower_better(cr) ? num_v(c.figure) < num_v(c.previous_figure)
			                      : num_v(c.figure) > num_v(c.previous_figure));
			c.status = better_score || better_fig ? CAUSE_IMPROVED : CAUSE_PERSISTS;
		}
		rv->causes[rv->ncauses++] = c;
	}

	/* Cadence: underperformers every few weeks, the others less often. */
	struct num att = f ? f->fig[PF_ATTAINMENT] : unknown;
	rv->underperformer =
	    (num_known(att) && num_v(att) < r->under_attainment) ||
	    (f && f->trend_dir == PF_TREND_DOWN && num_known(att) && num_v(att) < 1);
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
	rv->declined = e && num_known(e->meetings_declined) &&
	               num_v(e->meetings_declined) >= r->declined_meetings;
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
	} else if (num_known(att) && num_v(att) < r->red_attainment) {
		rv->health = HEALTH_RED;
		rv->health_reason = "attainment";
	} else if (f && f->trend_dir == PF_TREND_DOWN && num_known(att) && num_v(att) < 1) {
		rv->health = HEALTH_AMBER;
		rv->health_reason = "trend";
	} else if (num_known(att) && num_v(att) < r->amber_attainment) {
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
