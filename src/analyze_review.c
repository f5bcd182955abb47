/* SPDX-License-Identifier: MIT */
/* The review's judgements: causes with their evidence and status, cadence, escalation, health. */
#include <math.h>
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

struct review *
review_new(const struct portfolio *pf, const struct partner *p, const struct survey *s,
	   const struct review_rules *r, int today)
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
	return rv;
}

void
review_free(struct review *rv)
{
	if (rv == NULL)
		return;
	free(rv->causes);
	free(rv);
}
