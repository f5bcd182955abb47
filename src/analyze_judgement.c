/* SPDX-License-Identifier: MIT */
/* The review's judgements as values a template words: each with the evidence that earns it. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analyze_int.h"
#include "analyze.h"
#include "msg.h"

static const char *const health_names[] = {"green", "amber", "red"};
static const char *const status_names[] = {"new",      "persists",    "improved",
                                           "resolved", "unconfirmed", "quiet"};
static const char *const moved_names[] = {NULL, "better", "same", "worse"};
static const char *const owner_names[] = {"partner", "vendor"};
static const char *const prev_names[] = {"reached", "partial", "missed", "unknown"};
static const char *const praise_names[] = {"target",   "record",  "growth",       "survey",
                                           "resolved", "top_rep", "improved_rep", "goal"};
static const char *const pressure_names[] = {"attainment", "follow_up", "goal_missed"};
static const char *const warning_names[] = {"followed_up_above_received", "deals_above_followed_up",
                                            "reps_revenue_off",           "reps_deals_off",
                                            "attainment_above_limit",     "revenue_zero",
                                            "certified_above_team"};

/* A string that outlives the review: copied into the report's arena. */
static struct val *
copy(struct arena *a, const char *s)
{
	return val_str(a, s ? arena_strdup(a, s) : NULL);
}

static enum val_fmt
figure_fmt(int fig)
{
	switch (fig) {
	case PF_ATTAINMENT:
	case PF_FOLLOW_UP_RATE:
	case PF_WIN_RATE:
		return FMT_PERCENT;
	case PF_REVENUE:
	case PF_REVENUE_PER_REP:
		return FMT_MONEY;
	case PF_CHANGE_PREVIOUS:
	case PF_CHANGE_YEAR:
	case PF_TREND:
		return FMT_CHANGE;
	case PF_TICKETS_PER_REVENUE:
		return FMT_DECIMAL;
	default:
		return FMT_AUTO;
	}
}

/* A goal figure's format: money, a percentage, a survey mean or a count. */
static enum val_fmt
goal_fmt(const char *figure)
{
	if (figure == NULL)
		return FMT_AUTO;
	if (strcmp(figure, "revenue") == 0 || strcmp(figure, "pipeline") == 0)
		return FMT_MONEY;
	if (strncmp(figure, "score:", 6) == 0)
		return FMT_DECIMAL;
	for (int i = 0; i < PF_NFIGURES; i++)
		if (strcmp(figure, pf_figure_name((enum pf_figure)i)) == 0)
			return figure_fmt(i);
	return FMT_AUTO;
}

static struct val *
evidence(struct arena *a, const struct evidence *e, const struct cause_rule *cr,
         const struct review_ctx *ctx)
{
	static const char *const tests[] = {"survey", "below", "above", "at_least"};
	enum val_fmt fmt = e->survey ? FMT_DECIMAL : figure_fmt(cr->figure);
	struct val *v = val_rec(a);
	val_set(v, "kind", val_str(a, e->survey ? "survey" : "figure"));
	val_set(v, "measure", copy(a, e->survey ? cr->question : pf_figure_name(cr->figure)));
	val_set(v, "test", val_str(a, tests[e->survey ? 0 : cr->test]));
	val_set(v, "value", val_opt(a, e->value, fmt));
	val_set(v, "previous", val_opt(a, e->previous, fmt));
	/* A 0 is a value: templates test these, never the numbers. */
	val_set(v, "has_value", val_bool(a, num_known(e->value)));
	val_set(v, "has_previous", val_bool(a, num_known(e->previous)));
	val_set(v, "has_median", val_bool(a, num_known(e->median)));
	val_set(v, "threshold", val_opt(a, e->threshold, fmt));
	val_set(v, "median", val_opt(a, e->median, fmt));
	double scale_max = NAN;
	for (size_t q = 0; e->survey && ctx->survey && q < ctx->survey->nquestions; q++)
		if (strcmp(ctx->survey->questions[q].id, cr->question) == 0)
			scale_max = ctx->survey->questions[q].scale_max;
	val_set(v, "scale_max", isnan(scale_max) ? val_null(a) : val_num(a, scale_max, FMT_AUTO));
	val_set(v, "events", e->events >= 0 ? val_num(a, e->events, FMT_INT) : val_null(a));
	val_set(v, "lower_is_better", val_bool(a, e->lower_better));
	val_set(v, "past", val_bool(a, e->past));
	val_set(v, "past_before", val_bool(a, e->past_before));
	val_set(v, "moved", val_str(a, moved_names[e->moved]));
	val_set(v, "step", val_num(a, e->step, fmt == FMT_PERCENT ? FMT_PERCENT : FMT_AUTO));
	val_set(v, "severity", val_num(a, e->severity, FMT_DECIMAL));
	return v;
}

static void
causes(struct arena *a, struct val *r, const struct review *rv, const struct review_ctx *ctx)
{
	struct val *list = val_set(r, "causes", val_list(a));
	struct val *open = val_set(r, "open_causes", val_list(a));
	for (size_t i = 0; rv && i < rv->ncauses; i++) {
		const struct cause *c = &rv->causes[i];
		struct val *v = val_rec(a);
		val_set(v, "id", copy(a, c->rule->id));
		val_set(v, "status", val_str(a, status_names[c->status]));
		val_set(v, "open", val_bool(a, c->open));
		val_set(v, "severity", val_num(a, c->severity, FMT_DECIMAL));
		val_set(v, "by_survey", val_bool(a, c->by_survey));
		val_set(v, "by_figure", val_bool(a, c->by_figure));
		val_set(v, "score", val_opt(a, c->score, FMT_DECIMAL));
		val_set(v, "previous_score", val_opt(a, c->previous_score, FMT_DECIMAL));
		enum val_fmt ff = c->rule->figure >= 0 ? figure_fmt(c->rule->figure) : FMT_AUTO;
		val_set(v, "figure", val_opt(a, c->figure, ff));
		val_set(v, "previous_figure", val_opt(a, c->previous_figure, ff));
		val_set(v, "median", val_opt(a, c->median, ff));
		val_set(v, "goal", copy(a, c->goal));
		val_set(v, "deferred", copy(a, c->deferred));
		struct val *ev = val_set(v, "evidence", val_list(a));
		for (size_t k = 0; k < c->nev; k++)
			val_push(ev, evidence(a, &c->ev[k], c->rule, ctx));
		val_push(list, v);
		if (c->open)
			val_push(open, v);
	}
}

static void
goals(struct arena *a, struct val *r, const struct review *rv)
{
	struct val *list = val_set(r, "goals", val_list(a));
	for (size_t i = 0; rv && i < rv->ngoals; i++) {
		const struct goal *g = &rv->goals[i];
		enum val_fmt fmt = goal_fmt(g->id);
		struct val *v = val_rec(a);
		val_set(v, "figure", copy(a, g->id));
		val_set(v, "owner", val_str(a, owner_names[g->owner]));
		val_set(v, "baseline", val_num(a, g->baseline, fmt));
		val_set(v, "target", val_num(a, g->target, fmt));
		val_set(v, "due", val_num(a, g->due, FMT_DATE));
		val_set(v, "cause", copy(a, g->cause));
		val_set(v, "strength", copy(a, g->strength));
		val_set(v, "lower_is_better", val_bool(a, g->lower_is_better));
		val_set(v, "step", val_num(a, g->step, fmt));
		val_set(v, "measure", copy(a, g->measure));
		val_set(v, "repeat", val_bool(a, g->repeat));
		val_set(v, "smaller", val_bool(a, g->smaller));
		val_set(v, "events", g->events >= 0 ? val_num(a, g->events, FMT_INT) : val_null(a));
		val_push(list, v);
	}
}

/* The last review's goals, and ours among them: what we had promised, and what we do next. */
static void
previous(struct arena *a, struct val *r, const struct review *rv, const struct goal_set *gs)
{
	struct val *list = val_set(r, "previous_goals", val_list(a));
	struct val *own = val_set(r, "own_points", val_list(a));
	struct val *owed = val_set(r, "own_owed", val_list(a));
	size_t open = 0;
	val_set(r, "previous_goals_period", gs ? val_num(a, gs->period, FMT_QUARTER) : val_null(a));
	for (size_t i = 0; rv && i < rv->nprevious; i++) {
		const struct prev_result *pr = &rv->previous[i];
		const struct prev_goal *pg = pr->goal;
		enum val_fmt fmt = goal_fmt(pg->figure);
		struct val *v = val_rec(a);
		val_set(v, "figure", copy(a, pg->figure));
		val_set(v, "owner", val_str(a, owner_names[pr->owner]));
		val_set(v, "baseline", val_num(a, pg->baseline, fmt));
		val_set(v, "target", val_num(a, pg->target, fmt));
		val_set(v, "actual", val_opt(a, pr->actual, fmt));
		val_set(v, "status", val_str(a, prev_names[pr->status]));
		val_set(v, "lower_is_better", val_bool(a, pg->lower_is_better));
		val_set(v, "due", val_num(a, pg->due, FMT_DATE));
		val_set(v, "measure", copy(a, pr->measure));
		val_set(v, "again", val_bool(a, pr->again));
		val_push(list, v);
		if (pr->owner == OWNER_VENDOR) {
			val_push(own, v);
			if (pr->status == PREV_MISSED || pr->status == PREV_PARTIAL) {
				val_push(owed, v);
				open++;
			}
		}
	}
	val_set(r, "own_open", val_num(a, (double)open, FMT_INT));
}

static void
praise(struct arena *a, struct val *r, const struct review *rv)
{
	static const enum val_fmt fmts[] = {FMT_PERCENT, FMT_MONEY, FMT_CHANGE, FMT_DECIMAL,
	                                    FMT_AUTO,    FMT_MONEY, FMT_MONEY,  FMT_AUTO};
	struct val *list = val_set(r, "praise", val_list(a));
	/* The first is the strongest (the team's result before a seller's): page 1's. */
	val_set(r, "top_praise", val_null(a));
	for (size_t i = 0; rv && i < rv->npraise; i++) {
		const struct praise *pr = &rv->praise[i];
		enum val_fmt fmt = pr->kind == PRAISE_GOAL ? goal_fmt(pr->figure) : fmts[pr->kind];
		struct val *v = val_rec(a);
		val_set(v, "kind", val_str(a, praise_names[pr->kind]));
		bool person = pr->kind == PRAISE_TOP_REP || pr->kind == PRAISE_IMPROVED_REP;
		val_set(v, "name", person ? val_name(a, pr->name) : copy(a, pr->name));
		val_set(v, "value", val_num(a, pr->value, fmt));
		val_set(v, "target",
		        pr->kind == PRAISE_GOAL || pr->kind == PRAISE_SURVEY
		            ? val_num(a, pr->target, pr->kind == PRAISE_GOAL ? fmt : FMT_DECIMAL)
		            : val_null(a));
		val_set(v, "figure", copy(a, pr->figure));
		val_push(list, v);
		if (i == 0)
			val_set(r, "top_praise", v);
	}
}

static void
pressure(struct arena *a, struct val *r, const struct review *rv)
{
	struct val *list = val_set(r, "pressure", val_list(a));
	struct val *missed = val_set(r, "pressure_goals", val_list(a));
	/* The heading is the gentle one only where every point is gentle. */
	bool gentle = rv != NULL && rv->npressure > 0;
	val_set(r, "top_pressure", val_null(a));
	for (size_t i = 0; rv && i < rv->npressure; i++) {
		const struct pressure *pp = &rv->pressure[i];
		enum val_fmt fmt = pp->kind == PRESSURE_GOAL ? goal_fmt(pp->figure) : FMT_PERCENT;
		struct val *v = val_rec(a);
		val_set(v, "kind", val_str(a, pressure_names[pp->kind]));
		val_set(v, "figure", copy(a, pp->figure));
		val_set(v, "value", val_num(a, pp->value, fmt));
		val_set(v, "before", val_num(a, pp->before, fmt));
		val_set(v, "median",
		        pp->kind == PRESSURE_FOLLOW_UP ? val_num(a, pp->median, fmt) : val_null(a));
		val_set(v, "since", val_num(a, pp->since, FMT_QUARTER));
		/* Attainment: below 100 % since, not improved from (the same or later). */
		val_set(v, "from", val_num(a, pp->from, FMT_QUARTER));
		val_set(v, "target",
		        pp->kind == PRESSURE_GOAL ? val_num(a, pp->target, fmt) : val_null(a));
		/* The revenue goal the partner is asked to plan for. */
		val_set(v, "goal",
		        pp->kind == PRESSURE_ATTAINMENT && !isnan(pp->target)
		            ? val_num(a, pp->target, FMT_MONEY)
		            : val_null(a));
		val_set(v, "lower_is_better", val_bool(a, pp->lower_is_better));
		val_set(v, "gentle", val_bool(a, pp->gentle));
		val_push(list, v);
		if (pp->kind == PRESSURE_GOAL)
			val_push(missed, v);
		if (i == 0)
			val_set(r, "top_pressure", v);
		gentle &= pp->gentle;
	}
	val_set(r, "pressure_gentle", val_bool(a, gentle));
}

static void
strengths(struct arena *a, struct val *r, const struct review *rv)
{
	struct val *list = val_set(r, "strengths", val_list(a));
	for (size_t i = 0; rv && i < rv->nstrengths; i++) {
		const struct strength *st = &rv->strengths[i];
		int fig = st->rule->figure;
		bool by_figure = fig >= 0 && num_known(st->median);
		enum val_fmt fmt = by_figure ? figure_fmt(fig) : FMT_DECIMAL;
		struct val *v = val_rec(a);
		val_set(v, "id", copy(a, st->rule->id));
		val_set(v, "value", val_opt(a, st->value, fmt));
		val_set(v, "median", val_opt(a, st->median, fmt));
		val_set(v, "measure", copy(a, st->measure ? st->rule->measure : NULL));
		val_set(v, "figure", by_figure ? copy(a, pf_figure_name(fig)) : val_null(a));
		val_push(list, v);
	}
}

static void
warnings(struct arena *a, struct val *r, const struct review *rv)
{
	struct val *list = val_set(r, "warnings", val_list(a));
	for (size_t i = 0; rv && i < rv->nwarnings; i++) {
		const struct warning *w = &rv->warnings[i];
		enum val_fmt fmt = w->kind == WARN_ATTAINMENT ? FMT_PERCENT
		                   : w->kind == WARN_REPS_REVENUE || w->kind == WARN_REVENUE_ZERO
		                       ? FMT_MONEY
		                       : FMT_AUTO;
		struct val *v = val_rec(a);
		val_set(v, "kind", val_str(a, warning_names[w->kind]));
		val_set(v, "figure", copy(a, w->figure));
		val_set(v, "value", val_num(a, w->value, fmt));
		val_set(v, "other", copy(a, w->other));
		val_set(v, "other_value",
		        w->other || w->kind == WARN_ATTAINMENT ? val_num(a, w->other_value, fmt)
		                                               : val_null(a));
		val_push(list, v);
	}
}

static void
wishes(struct arena *a, struct val *r, const struct review *rv)
{
	struct val *list = val_set(r, "wishes", val_list(a));
	for (size_t i = 0; rv && i < rv->nwishes; i++) {
		const struct wish *w = &rv->wishes[i];
		struct val *v = val_rec(a);
		val_set(v, "text", val_str(a, w->text));
		val_set(v, "respondent", val_name(a, w->respondent));
		val_set(v, "wave", val_num(a, w->wave, FMT_QUARTER));
		val_set(v, "topic", copy(a, w->topic));
		val_set(v, "measure", copy(a, w->measure));
		val_push(list, v);
	}
}

/* One warning per partner naming the figures that contradict each other. */
static void
warn_partner(const struct review_ctx *ctx, const struct partner *p, const struct review *rv)
{
	if (rv == NULL || rv->nwarnings == 0)
		return;
	struct sbuf b = {0};
	for (size_t i = 0; i < rv->nwarnings; i++) {
		const struct warning *w = &rv->warnings[i];
		const char *sep = i ? "; " : "";
		switch (w->kind) {
		case WARN_FOLLOWED_UP:
		case WARN_DEALS:
		case WARN_CERTIFIED:
			sbuf_printf(&b, "%s%s %g > %s %g", sep, w->figure, w->value, w->other,
			            w->other_value);
			break;
		case WARN_REPS_REVENUE:
		case WARN_REPS_DEALS:
			sbuf_printf(&b, "%s%s of the reps %g, of the quarter %g", sep, w->other,
			            w->value, w->other_value);
			break;
		case WARN_ATTAINMENT:
			sbuf_printf(&b, "%srevenue / target = %g, above the rules' limit of %g",
			            sep, w->value, w->other_value);
			break;
		case WARN_REVENUE_ZERO:
			sbuf_printf(&b, "%srevenue 0", sep);
			break;
		}
	}
	char period[16];
	snprintf(period, sizeof(period), "%d-Q%d", ctx->period / 10, ctx->period % 10);
	const char *file = ctx->metrics ? ctx->metrics->path : NULL;
	if (file != NULL && p->line > 0) {
		msg_at(MSG_WARNING, file, p->line, 0,
		       "partner %s: figures of %s do not fit together (%s): used for no goal or "
		       "praise",
		       p->id, period, b.s);
	} else if (file != NULL) {
		char where[40];
		snprintf(where, sizeof(where), "partners[%zu]", p->index);
		msg_path(MSG_WARNING, file, where,
		         "partner %s: figures of %s do not fit together (%s): used for no goal or "
		         "praise",
		         p->id, period, b.s);
	}
	sbuf_free(&b);
}

void
analyze_judgement(struct arena *a, struct val *r, const struct review_ctx *ctx,
                  const struct partner *p, const struct goal_set *gs)
{
	struct review *rv = ctx->rules && ctx->portfolio
	                        ? review_new(ctx->portfolio, p, ctx->survey, ctx->rules, ctx->today,
	                                     ctx->period, gs)
	                        : NULL;
	val_set(r, "health", val_str(a, rv ? health_names[rv->health] : NULL));
	val_set(r, "health_reason", val_str(a, rv ? rv->health_reason : NULL));
	val_set(r, "underperformer", rv ? val_bool(a, rv->underperformer) : val_null(a));
	val_set(r, "meeting_weeks", rv ? val_num(a, rv->weeks, FMT_INT) : val_null(a));
	struct val *next = val_set(r, "next_meetings", val_list(a));
	for (int k = 0; rv && k < 3; k++)
		val_push(next, val_num(a, rv->next_meetings[k], FMT_DATE));
	val_set(r, "next_meeting", rv ? val_num(a, rv->next_meetings[0], FMT_DATE) : val_null(a));
	val_set(r, "goals_due",
	        rv && rv->ngoals ? val_num(a, rv->goals[0].due, FMT_DATE) : val_null(a));
	struct val *doubt = val_set(r, "doubt", val_rec(a));
	unsigned bad = rv ? rv->unusable : 0;
	val_set(doubt, "revenue", val_bool(a, bad & BAD_REVENUE));
	val_set(doubt, "follow_up", val_bool(a, bad & BAD_FOLLOW_UP));
	val_set(doubt, "win_rate", val_bool(a, bad & BAD_WIN_RATE));
	val_set(doubt, "reps", val_bool(a, bad & BAD_REPS));
	val_set(doubt, "certified", val_bool(a, bad & BAD_CERTIFIED));
	val_set(doubt, "leads", val_bool(a, bad & BAD_LEADS));
	val_set(r, "escalate", val_bool(a, rv && rv->escalate));
	struct val *e = val_set(r, "escalation", val_rec(a));
	val_set(e, "declined", val_bool(a, rv && rv->declined));
	val_set(e, "meetings_declined",
	        p->has_engagement ? val_opt(a, p->engagement.meetings_declined, FMT_INT)
	                          : val_null(a));
	val_set(e, "visit_refused", val_bool(a, rv && rv->visit_refused));
	val_set(e, "survey_skipped", val_bool(a, rv && rv->survey_skipped));
	val_set(e, "last_meeting",
	        rv && rv->last_meeting ? val_num(a, rv->last_meeting, FMT_DATE) : val_null(a));
	val_set(e, "met_in_quarter", val_bool(a, rv && rv->met_in_quarter));
	val_set(e, "skipped_wave",
	        rv && rv->skipped_wave ? val_num(a, rv->skipped_wave, FMT_QUARTER) : val_null(a));
	val_set(e, "answered_wave",
	        rv && rv->answered_wave ? val_num(a, rv->answered_wave, FMT_QUARTER) : val_null(a));
	causes(a, r, rv, ctx);
	goals(a, r, rv);
	strengths(a, r, rv);
	praise(a, r, rv);
	pressure(a, r, rv);
	previous(a, r, rv, gs);
	warnings(a, r, rv);
	wishes(a, r, rv);
	/* What reaching the target would add: what lifting a partner means, in its money. */
	const struct partner_figures *f =
	    ctx->portfolio ? portfolio_partner(ctx->portfolio, p) : NULL;
	const struct quarter *q = f ? f->current : NULL;
	bool gap = q && num_known(q->revenue) && num_known(q->target) &&
	           num_v(q->revenue) < num_v(q->target) && !(rv && (rv->unusable & BAD_REVENUE));
	val_set(r, "target_gap",
	        gap ? val_num(a, num_v(q->target) - num_v(q->revenue), FMT_MONEY) : val_null(a));
	warn_partner(ctx, p, rv);
	review_free(rv);
}
