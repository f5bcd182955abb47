/* SPDX-License-Identifier: MIT */
/* The causes of a partner's numbers, each with its evidence per wave and a status that evidence bears out; its strengths. */
#include <math.h>
#include <string.h>

#include "analyze_int.h"
#include "mem.h"

static const struct num unknown = {0};

/* Whether a lower figure is the better one for this cause. */
static bool
lower_better(const struct cause_rule *c)
{
	return c->test == CAUSE_ABOVE_MEDIAN || c->test == CAUSE_AT_LEAST;
}

static struct num
threshold(const struct cause_rule *c, struct num median)
{
	switch (c->test) {
	case CAUSE_BELOW_MEDIAN:
	case CAUSE_ABOVE_MEDIAN:
		return num_known(median) ? num_exact(c->factor * num_v(median)) : unknown;
	case CAUSE_AT_LEAST:
		return num_exact(c->factor);
	default:
		return unknown;
	}
}

static bool
beyond(const struct cause_rule *c, struct num v, struct num t)
{
	if (!num_known(v) || !num_known(t))
		return false;
	switch (c->test) {
	case CAUSE_BELOW_MEDIAN:
		return num_v(v) < num_v(t);
	case CAUSE_ABOVE_MEDIAN:
		return num_v(v) > num_v(t);
	case CAUSE_AT_LEAST:
		return num_v(v) >= num_v(t);
	default:
		return false;
	}
}

static bool
is_count(int fig)
{
	return fig == PF_LEADS_RECEIVED || fig == PF_SERVICE_TICKETS ||
	       fig == PF_CHANNEL_CONFLICTS || fig == PF_CERTIFIED_REPS;
}

/* What counts as a move of a figure from prev: points for rates, a share of itself else. */
static double
figure_step(const struct review_rules *r, int fig, double prev)
{
	if (review_is_rate(fig))
		return r->improve_rate;
	if (is_count(fig))
		return fmax(1, round(fabs(prev) * r->improve_count));
	return fabs(prev) * r->improve_count;
}

static enum moved
movement(struct num now, struct num before, double step, bool lower)
{
	if (!num_known(now) || !num_known(before))
		return MOVED_UNKNOWN;
	double d = lower ? num_v(before) - num_v(now) : num_v(now) - num_v(before);
	if (!isfinite(d))
		return MOVED_UNKNOWN;
	/* A step of 0 (a rules file may say so): any rise is one. */
	double eps = 1e-9 * fmax(1, fabs(num_v(before)));
	if (step <= 0)
		return d > eps ? MOVED_BETTER : d < -eps ? MOVED_WORSE : MOVED_SAME;
	if (d >= step - eps)
		return MOVED_BETTER;
	if (d <= -step + eps)
		return MOVED_WORSE;
	return MOVED_SAME;
}

/* How far past its threshold a piece is: 0.1 at the threshold, 1 at the far end. */
static double
severity(const struct evidence *e, const struct cause_rule *c, double scale_min)
{
	if (!e->past)
		return 0;
	double v = num_v(e->value), t = num_v(e->threshold), frac;
	if (e->survey)
		frac = t > scale_min ? (t - v) / (t - scale_min) : 1;
	else if (c->test == CAUSE_BELOW_MEDIAN)
		frac = t > 0 ? (t - v) / t : 1;
	else if (c->test == CAUSE_ABOVE_MEDIAN)
		frac = v > 0 ? (v - t) / v : 0;
	else
		frac = (v - t + 1) / (fabs(v) + 1);
	if (!(frac >= 0))
		frac = 0;
	return 0.1 + 0.9 * fmin(1, frac);
}

/* The figure of a quarter as evidence: unknown when its rate rests on too few events. */
static struct num
figure_at(const struct judge *j, const struct quarter *q, int fig)
{
	struct num v = review_figure(j, q, fig);
	double ev = review_events(q, fig);
	if (ev >= 0 && ev < j->r->cause_min_events)
		return unknown;
	return v;
}

/*
 * One cause: its evidence (the survey's mean for its question, its figure against
 * the median), then its status from the evidence alone (docs/rules.md):
 * neu only when nothing was past its threshold the time before; verbessert only
 * when every piece shown moved the good way by its step; ausgeräumt only when
 * nothing shown is past its threshold any more and none got worse (else quiet:
 * below its thresholds, not praised); else besteht weiter.
 */
static bool
judge_cause(struct cause *c, const struct judge *j, const struct cause_rule *cr)
{
	const struct review_rules *r = j->r;
	*c = (struct cause){.rule = cr};
	c->score = c->previous_score = c->figure = c->previous_figure = c->median = unknown;
	double scale_min = 1;
	size_t qi;
	const struct question *qu = review_question(j, cr->question, &qi);
	if (qu != NULL) {
		c->score = review_score(j, cr->question, false);
		c->previous_score = review_score(j, cr->question, true);
		scale_min = qu->scale_min;
	}
	bool shown[2] = {false, false};
	if (num_known(c->score) || num_known(c->previous_score)) {
		struct evidence *e = &c->ev[c->nev];
		*e = (struct evidence){.survey = true,
		                       .value = c->score,
		                       .previous = c->previous_score,
		                       .threshold = num_exact(r->low),
		                       .median = unknown,
		                       .events = -1,
		                       .step = r->change,
		                       .confirmed = true};
		e->past = num_known(c->score) && num_v(c->score) <= r->low;
		e->past_before = num_known(c->previous_score) && num_v(c->previous_score) <= r->low;
		e->moved = movement(e->value, e->previous, e->step, false);
		e->severity = severity(e, cr, scale_min);
		shown[c->nev++] = num_known(c->score);
	}
	if (cr->figure >= 0) {
		const struct quarter *q0 = review_quarter_back(j, 0),
		                     *q1 = review_quarter_back(j, 1);
		const struct figure_medians *all = portfolio_medians(j->pf, NULL);
		c->figure = figure_at(j, q0, cr->figure);
		c->previous_figure = figure_at(j, q1, cr->figure);
		c->median = all ? all->fig[cr->figure] : unknown;
		struct evidence *e = &c->ev[c->nev];
		*e = (struct evidence){.survey = false,
		                       .value = c->figure,
		                       .previous = c->previous_figure,
		                       .median = c->median,
		                       .events = review_events(q0, cr->figure),
		                       .lower_better = lower_better(cr),
		                       .confirmed = true};
		e->threshold = threshold(cr, c->median);
		e->past = beyond(cr, e->value, e->threshold);
		e->past_before = beyond(cr, e->previous, e->threshold);
		if (!isnan(cr->confirm)) {
			/* Only what the partner's own rating confirms: the survey bears it out. */
			e->confirmed = num_known(c->score) && num_v(c->score) <= cr->confirm;
			e->past &= e->confirmed;
			e->past_before &=
			    num_known(c->previous_score) && num_v(c->previous_score) <= cr->confirm;
		}
		e->step =
		    figure_step(r, cr->figure, num_known(e->previous) ? num_v(e->previous) : 0);
		e->moved = movement(e->value, e->previous, e->step, e->lower_better);
		e->severity = severity(e, cr, 0);
		/* An unconfirmed figure is measured but not shown: it proves nothing either way. */
		if (num_known(e->value) || num_known(e->previous))
			shown[c->nev++] = num_known(e->value) && e->confirmed;
	}
	bool now = false, before = false, again = true, better = true, worse = false;
	size_t nshown = 0;
	for (size_t i = 0; i < c->nev; i++) {
		const struct evidence *e = &c->ev[i];
		now |= e->past;
		before |= e->past_before;
		c->severity = fmax(c->severity, e->severity);
		/* Measured again: known now (an unconfirmed figure is measured, and not past). */
		if (e->past_before && !num_known(e->value))
			again = false;
		if (shown[i]) {
			nshown++;
			better &= e->moved == MOVED_BETTER;
			worse |= e->moved == MOVED_WORSE;
		}
	}
	if (!now && !before)
		return false;
	for (size_t i = 0; i < c->nev; i++) {
		bool counts = now ? c->ev[i].past : c->ev[i].past_before;
		if (counts && c->ev[i].survey)
			c->by_survey = true;
		else if (counts)
			c->by_figure = true;
	}
	/*
	 * Cleared only while nothing shown got worse (a falling rating is no obstacle
	 * removed) and something is shown: a figure that only the partner's rating would
	 * confirm, without a rating now, proves nothing either way.
	 */
	if (!now)
		c->status = !again || nshown == 0 ? CAUSE_UNCONFIRMED
		            : worse               ? CAUSE_QUIET
		                                  : CAUSE_RESOLVED;
	else if (!before)
		c->status = CAUSE_NEW;
	else
		c->status = better && nshown > 0 ? CAUSE_IMPROVED : CAUSE_PERSISTS;
	c->open = now;
	if (now && before)
		c->severity += r->persist_weight;
	/* Keep only what is shown; an unconfirmed or vanished figure stays out of the report. */
	size_t k = 0;
	for (size_t i = 0; i < c->nev; i++)
		if (shown[i] || (!now && !num_known(c->ev[i].value) && c->ev[i].past_before))
			c->ev[k++] = c->ev[i];
	c->nev = k;
	return true;
}

void
review_causes(struct review *rv, const struct judge *j)
{
	for (size_t i = 0; i < j->r->ncauses; i++)
		if (judge_cause(&rv->causes[rv->ncauses], j, &j->r->causes[i]))
			rv->ncauses++;
}

/* Strengths: a figure well above the median, or a high survey mean; never a figure in doubt. */
void
review_strengths(struct review *rv, const struct judge *j)
{
	const struct review_rules *r = j->r;
	const struct figure_medians *all = portfolio_medians(j->pf, NULL);
	rv->strengths = xcalloc(r->nstrengths + 1, sizeof(*rv->strengths));
	for (size_t i = 0; i < r->nstrengths; i++) {
		const struct strength_rule *sr = &r->strengths[i];
		struct strength st = {sr, unknown, unknown, false};
		bool shows = false;
		if (sr->figure >= 0 && all != NULL) {
			st.value = review_figure(j, j->f->current, sr->figure);
			st.median = all->fig[sr->figure];
			shows = num_known(st.value) && num_known(st.median) &&
			        num_v(st.median) > 0 &&
			        num_v(st.value) >= sr->factor * num_v(st.median);
			/* Two wins out of three leads is luck, not a strength. */
			const struct quarter *q = j->f->current;
			if ((sr->figure == PF_WIN_RATE || sr->figure == PF_FOLLOW_UP_RATE) &&
			    (q == NULL || !num_known(q->leads_followed_up) ||
			     num_v(q->leads_followed_up) < r->strength_min_leads))
				shows = false;
		}
		if (!shows && sr->question != NULL) {
			struct num v = review_score(j, sr->question, false);
			if (num_known(v) && num_v(v) >= r->high) {
				st.value = v;
				st.median = unknown;
				shows = true;
			}
		}
		if (!shows)
			continue;
		st.measure = sr->measure != NULL;
		if (st.measure && sr->with_cause != NULL) {
			st.measure = false;
			for (size_t k = 0; k < rv->ncauses; k++)
				st.measure |= strcmp(rv->causes[k].rule->id, sr->with_cause) == 0 &&
				              rv->causes[k].open;
		}
		rv->strengths[rv->nstrengths++] = st;
	}
}
