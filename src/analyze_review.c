/* SPDX-License-Identifier: MIT */
/* The review's judgements: plausibility, cadence, escalation, health, wishes; the rest in analyze_*.c. */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze_int.h"
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

static const struct num unknown = {0}; /* NUM_NONE */

const struct quarter *
review_quarter_back(const struct judge *j, int n)
{
	return n == 0 ? j->f->current : partner_quarter(j->p, period_add(j->period, -n));
}

/* a / b when both are known and b > 0, else unknown. */
static struct num
share(struct num a, struct num b)
{
	if (!num_known(a) || !num_known(b) || num_v(b) <= 0)
		return unknown;
	return num_exact(num_v(a) / num_v(b));
}

bool
review_is_rate(int fig)
{
	return fig == PF_ATTAINMENT || fig == PF_FOLLOW_UP_RATE || fig == PF_WIN_RATE;
}

double
review_events(const struct quarter *q, int fig)
{
	struct num n = unknown;
	switch (fig) {
	case PF_FOLLOW_UP_RATE:
		n = q ? q->leads_received : unknown;
		break;
	case PF_WIN_RATE:
		n = q ? q->leads_followed_up : unknown;
		break;
	case PF_TICKETS_PER_REVENUE:
		n = q ? q->service_tickets : unknown;
		break;
	default:
		return -1;
	}
	return num_known(n) ? num_v(n) : 0;
}

struct num
review_figure(const struct judge *j, const struct quarter *q, int fig)
{
	if (q == NULL)
		return unknown;
	/* What the plausibility rule found wrong in the review quarter is used for nothing. */
	unsigned bad = q == j->f->current ? j->unusable : 0;
	switch (fig) {
	case PF_ATTAINMENT:
		return bad & BAD_REVENUE ? unknown : share(q->revenue, q->target);
	case PF_REVENUE:
		return bad & BAD_REVENUE ? unknown : q->revenue;
	case PF_FOLLOW_UP_RATE: {
		struct num r = share(q->leads_followed_up, q->leads_received);
		return bad & BAD_FOLLOW_UP || (num_known(r) && num_v(r) > 1) ? unknown : r;
	}
	case PF_WIN_RATE: {
		struct num r = share(q->deals_won, q->leads_followed_up);
		return bad & BAD_WIN_RATE || (num_known(r) && num_v(r) > 1) ? unknown : r;
	}
	case PF_LEADS_RECEIVED:
		return bad & BAD_LEADS ? unknown : q->leads_received;
	case PF_SERVICE_TICKETS:
		return q->service_tickets;
	case PF_CHANNEL_CONFLICTS:
		return q->channel_conflicts;
	case PF_CERTIFIED_REPS:
		return bad & BAD_CERTIFIED ? unknown : q->certified_reps;
	case PF_TICKETS_PER_REVENUE: {
		struct num r = bad & BAD_REVENUE ? unknown : share(q->service_tickets, q->revenue);
		return num_known(r) ? num_exact(num_v(r) * 1e6) : r;
	}
	default:
		/* The portfolio's own figures (trend, changes) exist for the review quarter only. */
		return q == j->f->current && !(bad & BAD_REVENUE)
		           ? portfolio_figure(j->pf, j->f, (enum pf_figure)fig)
		           : unknown;
	}
}

const struct question *
review_question(const struct judge *j, const char *id, size_t *index)
{
	for (size_t q = 0; j->s != NULL && id != NULL && q < j->s->nquestions; q++)
		if (strcmp(j->s->questions[q].id, id) == 0) {
			if (index)
				*index = q;
			return &j->s->questions[q];
		}
	return NULL;
}

struct num
review_score(const struct judge *j, const char *question, bool previous)
{
	size_t q;
	if (review_question(j, question, &q) == NULL || j->sv.scores == NULL)
		return unknown;
	return previous ? j->sv.scores[q].previous : j->sv.scores[q].latest;
}

double
review_team(const struct judge *j)
{
	size_t n = j->p->nteam;
	if (j->f->current != NULL && j->f->current->nreps > n)
		n = j->f->current->nreps;
	return n > 0 ? (double)n : -1;
}

struct num
review_goal_actual(const struct judge *j, const char *figure)
{
	const struct quarter *q = j->f->current;
	if (q == NULL)
		return unknown;
	if (strcmp(figure, "pipeline") == 0)
		return q->pipeline;
	if (strncmp(figure, "score:", 6) == 0)
		return review_score(j, figure + 6, false);
	for (int i = 0; i < PF_NFIGURES; i++)
		if (strcmp(figure, pf_figure_name((enum pf_figure)i)) == 0)
			return review_figure(j, q, i);
	return unknown;
}

static void
warn(struct review *rv, size_t *cap, enum warning_kind k, const char *fig, double v,
     const char *other, double ov)
{
	xgrow(&rv->warnings, cap, rv->nwarnings, sizeof(*rv->warnings));
	rv->warnings[rv->nwarnings++] = (struct warning){k, fig, other, v, ov};
}

/*
 * Figures of the review quarter that contradict each other: each named once, and
 * what they feed (rates, revenue, the reps) marked unusable for causes, goals and praise.
 * The report says of both figures a warning names that it uses them for nothing, so
 * both sides are out: the leads received beside more followed up, the followed-up leads
 * beside more deals, the quarter's revenue and deals beside their sellers' sums.
 */
void
review_plausibility(struct review *rv, const struct judge *j)
{
	const struct quarter *q = j->f->current;
	size_t cap = 0;
	if (q == NULL)
		return;
	struct num lr = q->leads_received, fu = q->leads_followed_up, dw = q->deals_won;
	if (num_known(lr) && num_known(fu) && num_v(fu) > num_v(lr)) {
		warn(rv, &cap, WARN_FOLLOWED_UP, "leads_followed_up", num_v(fu), "leads_received",
		     num_v(lr));
		rv->unusable |= BAD_FOLLOW_UP | BAD_WIN_RATE | BAD_LEADS;
	}
	if (num_known(fu) && num_known(dw) && num_v(dw) > num_v(fu)) {
		warn(rv, &cap, WARN_DEALS, "deals_won", num_v(dw), "leads_followed_up", num_v(fu));
		rv->unusable |= BAD_WIN_RATE | BAD_FOLLOW_UP;
	}
	if (q->nreps > 0) {
		double rev = 0, deals = 0;
		bool all_rev = true, all_deals = true;
		for (size_t i = 0; i < q->nreps; i++) {
			all_rev &= num_known(q->reps[i].revenue);
			all_deals &= num_known(q->reps[i].deals_won);
			rev += num_known(q->reps[i].revenue) ? num_v(q->reps[i].revenue) : 0;
			deals += num_known(q->reps[i].deals_won) ? num_v(q->reps[i].deals_won) : 0;
		}
		double total = num_known(q->revenue) ? num_v(q->revenue) : NAN;
		/* A sum that overflows, or any difference past the tolerance. */
		if (all_rev && isfinite(total) &&
		    !(fabs(rev - total) <= j->r->reps_tolerance * fmax(total, 1))) {
			warn(rv, &cap, WARN_REPS_REVENUE, "reps.revenue", rev, "revenue", total);
			rv->unusable |= BAD_REPS | BAD_REVENUE;
		}
		if (all_deals && num_known(dw) && deals != num_v(dw)) {
			warn(rv, &cap, WARN_REPS_DEALS, "reps.deals_won", deals, "deals_won",
			     num_v(dw));
			rv->unusable |= BAD_REPS | BAD_WIN_RATE;
		}
	}
	struct num att = share(q->revenue, q->target);
	if (num_known(att) && !(num_v(att) <= j->r->attainment_max)) {
		warn(rv, &cap, WARN_ATTAINMENT, "attainment", num_v(att), NULL,
		     j->r->attainment_max);
		rv->unusable |= BAD_REVENUE;
	}
	if (num_known(q->revenue) && num_v(q->revenue) == 0) {
		warn(rv, &cap, WARN_REVENUE_ZERO, "revenue", 0, NULL, 0);
		rv->unusable |= BAD_REVENUE;
	}
	double team = review_team(j);
	if (team > 0 && num_known(q->certified_reps) && num_v(q->certified_reps) > team) {
		warn(rv, &cap, WARN_CERTIFIED, "certified_reps", num_v(q->certified_reps),
		     "sales_team", team);
		rv->unusable |= BAD_CERTIFIED;
	}
}

/* The first day of a quarter: 20263 -> 20260701. */
static int
quarter_start(int period)
{
	return period / 10 * 10000 + ((period % 10 - 1) * 3 + 1) * 100 + 1;
}

/* Cadence: underperformers every few weeks, the others less often, on working days. */
static void
cadence(struct review *rv, const struct judge *j, struct num att)
{
	const struct review_rules *r = j->r;
	rv->underperformer = (num_known(att) && num_v(att) < r->under_attainment) ||
	                     (j->f->trend_dir == PF_TREND_DOWN && num_known(att) && num_v(att) < 1);
	rv->weeks = rv->underperformer ? r->weeks_under : r->weeks;
	for (int k = 0; k < 3; k++) {
		int d = date_add_days(j->today, 7 * rv->weeks * (k + 1));
		/* On a working day: past weekends and the days around Christmas and New Year. */
		for (;;) {
			int wd = weekday(d), md = d % 10000;
			if (wd == 0 || wd == 6 || (md >= 1224 && md <= 1226) || md == 1231 ||
			    md == 101)
				d = date_add_days(d, 1);
			else
				break;
		}
		rv->next_meetings[k] = d;
	}
}

/* The last resort's signal, with its facts: a partner that will not talk. */
static void
escalation(struct review *rv, const struct judge *j)
{
	const struct engagement *e = j->p->has_engagement ? &j->p->engagement : NULL;
	const struct portfolio_survey *ps = portfolio_survey(j->pf);
	rv->declined = e && num_known(e->meetings_declined) &&
	               num_v(e->meetings_declined) >= j->r->declined_meetings;
	rv->visit_refused = e && e->onsite_known && !e->onsite_accepted;
	rv->survey_skipped = j->s != NULL && !j->sv.participated && ps->wave != NULL;
	rv->escalate = (rv->declined || rv->visit_refused) && rv->survey_skipped;
	rv->last_meeting = e ? e->last_meeting : 0;
	rv->met_in_quarter = rv->last_meeting >= quarter_start(j->period);
	rv->skipped_wave = rv->survey_skipped ? ps->wave->period : 0;
	rv->answered_wave =
	    rv->survey_skipped && ps->previous != NULL && j->sv.participated_previous
	        ? ps->previous->period
	        : 0;
}

/*
 * The revenue in doubt for health and cadence: past belief, or off its sellers' sum. A
 * revenue of 0 stays red as reported: nothing sold or nothing reported, either needs
 * the talk.
 */
static bool
revenue_doubted(const struct review *rv)
{
	for (size_t i = 0; i < rv->nwarnings; i++)
		if (rv->warnings[i].kind == WARN_REVENUE_ZERO)
			return false;
	return rv->unusable & BAD_REVENUE;
}

/* Health, with the reason that decides it. */
static void
health(struct review *rv, const struct judge *j, struct num att)
{
	const struct review_rules *r = j->r;
	size_t open = 0;
	for (size_t i = 0; i < rv->ncauses; i++)
		open += rv->causes[i].open;
	bool data = revenue_doubted(rv);
	if (rv->escalate) {
		rv->health = HEALTH_RED;
		rv->health_reason = "escalation";
	} else if (num_known(att) && num_v(att) < r->red_attainment) {
		rv->health = HEALTH_RED;
		rv->health_reason = "attainment";
	} else if (j->f->trend_dir == PF_TREND_DOWN && num_known(att) && num_v(att) < 1) {
		rv->health = HEALTH_AMBER;
		rv->health_reason = "trend";
	} else if (num_known(att) && num_v(att) < r->amber_attainment) {
		rv->health = HEALTH_AMBER;
		rv->health_reason = "attainment";
	} else if (data) {
		/* Revenue in doubt: no "on track" on figures we must first clear up. */
		rv->health = HEALTH_AMBER;
		rv->health_reason = "data";
	} else if (open > 0) {
		rv->health = HEALTH_AMBER;
		rv->health_reason = "causes";
	} else {
		rv->health = HEALTH_GREEN;
		rv->health_reason = "on_track";
	}
}

/* Lower case of ASCII and of the Latin-1 capitals in UTF-8 (Ä Ö Ü É ...), for word search. */
static char *
fold(const char *s)
{
	char *t = xstrdup(s);
	for (unsigned char *c = (unsigned char *)t; *c; c++) {
		if (*c >= 'A' && *c <= 'Z')
			*c = (unsigned char)(*c + 32);
		else if (*c == 0xC3 && c[1] >= 0x80 && c[1] <= 0x9E && c[1] != 0x97)
			*++c += 0x20;
	}
	return t;
}

static void
add_wishes(struct review *rv, size_t *cap, const struct judge *j, const struct wave *w)
{
	struct pf_responses it;
	portfolio_responses(j->pf, w, j->p, &it);
	for (const struct response *resp; (resp = pf_responses_next(&it)) != NULL;) {
		if (resp->wish == NULL || resp->wish[0] == '\0')
			continue;
		xgrow(&rv->wishes, cap, rv->nwishes, sizeof(*rv->wishes));
		struct wish *wi = &rv->wishes[rv->nwishes++];
		*wi = (struct wish){resp->wish, resp->respondent, w->period, NULL, NULL};
		char *text = fold(resp->wish);
		for (size_t t = 0; t < j->r->ntopics && wi->topic == NULL && wi->measure == NULL;
		     t++) {
			const struct topic_rule *tr = &j->r->topics[t];
			bool hit = false;
			for (size_t n = 0; n < tr->nwords && !hit; n++)
				hit = strstr(text, tr->words[n]) != NULL;
			if (!hit)
				continue;
			wi->topic = tr->cause;
			wi->measure = tr->measure;
			for (size_t c = 0; wi->measure == NULL && tr->cause && c < j->r->ncauses;
			     c++)
				if (strcmp(j->r->causes[c].id, tr->cause) == 0)
					wi->measure = j->r->causes[c].measure;
		}
		free(text);
	}
}

/*
 * Every wish the partner wrote in the wave the report quotes (the latest, or the one
 * before when it skipped the latest): its topic by the rules' word lists, and the
 * catalogue measure of that topic as the answer.
 */
void
review_wishes(struct review *rv, const struct judge *j)
{
	const struct portfolio_survey *ps = portfolio_survey(j->pf);
	size_t cap = 0;
	if (j->s == NULL || ps->wave == NULL)
		return;
	if (j->sv.participated)
		add_wishes(rv, &cap, j, ps->wave);
	else if (j->sv.participated_previous)
		add_wishes(rv, &cap, j, ps->previous);
}

static int
cause_order(const void *a, const void *b)
{
	const struct cause *x = a, *y = b;
	if (x->open != y->open)
		return x->open ? -1 : 1;
	if (x->open && x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	/* Then the rules' order, which the rules pointers keep. */
	return x->rule < y->rule ? -1 : x->rule > y->rule;
}

struct review *
review_new(const struct portfolio *pf, const struct partner *p, const struct survey *s,
           const struct review_rules *r, int today, int period, const struct goal_set *previous)
{
	struct review *rv = xcalloc(1, sizeof(*rv));
	const struct partner_figures *f = pf ? portfolio_partner(pf, p) : NULL;
	rv->causes = xcalloc(r->ncauses + 1, sizeof(*rv->causes));
	rv->weeks = r->weeks;
	rv->health = HEALTH_GREEN;
	rv->health_reason = "on_track";
	if (f == NULL)
		return rv;
	struct judge j = {pf, f, p, s, r, previous, period, today, 0, {0}};
	portfolio_partner_survey(pf, f, &j.sv);
	review_plausibility(rv, &j);
	j.unusable = rv->unusable;
	review_causes(rv, &j);
	qsort(rv->causes, rv->ncauses, sizeof(*rv->causes), cause_order);
	/*
	 * Health and cadence go by the attainment as reported, unless the revenue is in
	 * doubt: page 1 then shows no attainment and says the figures are judged by nothing.
	 */
	struct num att = portfolio_figure(pf, f, PF_ATTAINMENT);
	if (revenue_doubted(rv))
		att = unknown;
	cadence(rv, &j, att);
	escalation(rv, &j);
	health(rv, &j, att);
	review_strengths(rv, &j);
	review_previous(rv, &j);
	review_goals(rv, &j);
	review_praise(rv, &j);
	review_pressure(rv, &j);
	review_wishes(rv, &j);
	pf_survey_release(&j.sv);
	return rv;
}

const char *
review_main_cause(const struct review *rv)
{
	/* Causes are sorted: the first open one is the most severe. */
	return rv != NULL && rv->ncauses > 0 && rv->causes[0].open ? rv->causes[0].rule->id : NULL;
}

void
review_free(struct review *rv)
{
	if (rv == NULL)
		return;
	free(rv->causes);
	free(rv->strengths);
	free(rv->goals);
	free(rv->previous);
	free(rv->praise);
	free(rv->pressure);
	free(rv->warnings);
	free(rv->wishes);
	free(rv);
}
