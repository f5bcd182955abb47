/* SPDX-License-Identifier: MIT */
/* The review's content: from the input model to the value tree a template reads. */
#include <assert.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "analyze.h"
#include "analyze_int.h"
#include "fmt.h"
#include "lang.h"
#include "name_index.h"

/* What a partner report and the portfolio overview both offer. */
/* clang-format off */
#define SHARED_NAMES                                                                         \
	{"vendor", 'r'}, {"vendor.name", 's'}, {"vendor.manager", 'r'},                       \
	    {"vendor.manager.name", 's'}, {"vendor.manager.email", 's'},                      \
	    {"vendor.manager.phone", 's'}, {"currency", 's'}, {"today", 'n'}, {"period", 'n'},  \
	    {"portfolio", 'r'}, {"portfolio.partners", 'n'}, {"portfolio.ranked", 'n'},         \
	    {"portfolio.revenue", 'n'}, {"portfolio.class_a", 'n'}, {"portfolio.class_b", 'n'}, \
	    {"portfolio.class_c", 'n'}, {"portfolio.pareto_partners", 'n'},                    \
	    {"portfolio.pareto_partner_share", 'n'}, {"portfolio.pareto_revenue_share", 'n'},  \
	    {"portfolio.nps", 'n'}, {"portfolio.nps_previous", 'n'},                           \
	    {"portfolio.has_nps", 'b'}, {"portfolio.has_nps_previous", 'b'},                   \
	    {"portfolio.participants", 'n'}, {"portfolio.class_a_share", 'n'},                 \
	    {"portfolio.ranking", 'l'}, {"portfolio.ranking[]", 'r'},                          \
	    {"portfolio.ranking[].label", 's'}, {"portfolio.ranking[].revenue", 'n'},          \
	    {"portfolio.ranking[].partners", 'n'}, {"portfolio.ranking[].is_self", 'b'}
/* clang-format on */

/* Every name analyze_partner sets; tests check the table and the tree agree. */
static const struct name_info names[] = {
    SHARED_NAMES,
    {"partner", 'r'},
    {"partner.id", 's'},
    {"partner.name", 's'},
    {"partner.region", 's'},
    {"partner.tier", 's'},
    {"partner.since", 'n'},
    {"partner.contact", 'r'},
    {"partner.contact.name", 's'},
    {"partner.contact.email", 's'},
    {"partner.contact.phone", 's'},
    {"partner.contact.salutation", 's'},
    {"partner.contact.last_name", 's'},
    {"partner.team", 'l'},
    {"partner.team[]", 'r'},
    {"partner.team[].name", 's'},
    {"partner.team[].email", 's'},
    {"partner.team[].phone", 's'},
    {"partner.rank", 'n'},
    {"partner.rank_year", 'n'},
    {"partner.ranked", 'n'},
    {"partner.share", 'n'},
    {"partner.cumulative_share", 'n'},
    {"partner.class", 's'},
    {"partner.class_year", 's'},
    {"partner.trend", 'n'},
    {"partner.trend_direction", 's'},
    {"partner.trend_quarters", 'n'},
    {"partner.trend_rate", 'n'},
    {"partner.trend_from", 'n'},
    {"partner.trend_to", 'n'},
    {"partner.trend_said", 's'},
    {"partner.change_previous", 'n'},
    {"partner.change_year", 'n'},
    {"partner.revenue_per_rep", 'n'},
    {"partner.tickets_per_revenue", 'n'},
/* clang-format off */
#define FIGURE_NAMES(p)                                                                      \
	{p, 'r'}, {p ".attainment", 'n'}, {p ".revenue", 'n'}, {p ".change_previous", 'n'},    \
	    {p ".follow_up_rate", 'n'}, {p ".win_rate", 'n'}, {p ".revenue_per_rep", 'n'},      \
	    {p ".leads_received", 'n'}, {p ".service_tickets", 'n'},                             \
	    {p ".channel_conflicts", 'n'}, {p ".certified_reps", 'n'}, {p ".change_year", 'n'},  \
	    {p ".trend", 'n'}, {p ".tickets_per_revenue", 'n'}, {p ".partners", 'n'}
    /* clang-format on */
    FIGURE_NAMES("partner.median"),
    FIGURE_NAMES("partner.tier_median"),
#undef FIGURE_NAMES
    {"partner.health", 's'},
    {"partner.health_reason", 's'},
    {"partner.underperformer", 'b'},
    {"partner.meeting_weeks", 'n'},
    {"partner.next_meetings", 'l'},
    {"partner.next_meetings[]", 'n'},
    {"partner.escalate", 'b'},
    {"partner.escalation", 'r'},
    {"partner.escalation.declined", 'b'},
    {"partner.escalation.meetings_declined", 'n'},
    {"partner.escalation.visit_refused", 'b'},
    {"partner.escalation.survey_skipped", 'b'},
    {"partner.escalation.last_meeting", 'n'},
    {"partner.escalation.met_in_quarter", 'b'},
    {"partner.escalation.skipped_wave", 'n'},
    {"partner.escalation.answered_wave", 'n'},
/* clang-format off */
#define CAUSE_NAMES(p)                                                                        \
	{p, 'l'}, {p "[]", 'r'}, {p "[].id", 's'}, {p "[].status", 's'}, {p "[].open", 'b'},   \
	    {p "[].severity", 'n'}, {p "[].by_survey", 'b'}, {p "[].by_figure", 'b'},          \
	    {p "[].score", 'n'}, {p "[].previous_score", 'n'}, {p "[].figure", 'n'},           \
	    {p "[].previous_figure", 'n'}, {p "[].median", 'n'}, {p "[].goal", 's'},           \
	    {p "[].deferred", 's'}, {p "[].evidence", 'l'}, {p "[].evidence[]", 'r'},          \
	    {p "[].evidence[].kind", 's'}, {p "[].evidence[].measure", 's'},                   \
	    {p "[].evidence[].test", 's'}, {p "[].evidence[].value", 'n'},                     \
	    {p "[].evidence[].has_value", 'b'}, {p "[].evidence[].has_previous", 'b'},         \
	    {p "[].evidence[].has_median", 'b'},                                                \
	    {p "[].evidence[].previous", 'n'}, {p "[].evidence[].threshold", 'n'},             \
	    {p "[].evidence[].median", 'n'}, {p "[].evidence[].scale_max", 'n'},               \
	    {p "[].evidence[].events", 'n'}, {p "[].evidence[].lower_is_better", 'b'},         \
	    {p "[].evidence[].past", 'b'}, {p "[].evidence[].past_before", 'b'},               \
	    {p "[].evidence[].moved", 's'}, {p "[].evidence[].step", 'n'},                     \
	    {p "[].evidence[].severity", 'n'}
    /* clang-format on */
    CAUSE_NAMES("partner.causes"),
    CAUSE_NAMES("partner.open_causes"),
#undef CAUSE_NAMES
    {"partner.goals", 'l'},
    {"partner.goals[]", 'r'},
    {"partner.goals[].figure", 's'},
    {"partner.goals[].owner", 's'},
    {"partner.goals[].baseline", 'n'},
    {"partner.goals[].target", 'n'},
    {"partner.goals[].due", 'n'},
    {"partner.goals[].cause", 's'},
    {"partner.goals[].strength", 's'},
    {"partner.goals[].lower_is_better", 'b'},
    {"partner.goals[].step", 'n'},
    {"partner.goals[].measure", 's'},
    {"partner.goals[].repeat", 'b'},
    {"partner.goals[].smaller", 'b'},
    {"partner.goals[].events", 'n'},
    {"partner.strengths", 'l'},
    {"partner.strengths[]", 'r'},
    {"partner.strengths[].id", 's'},
    {"partner.strengths[].value", 'n'},
    {"partner.strengths[].median", 'n'},
    {"partner.strengths[].measure", 's'},
    {"partner.strengths[].figure", 's'},
    {"partner.praise", 'l'},
    {"partner.praise[]", 'r'},
    {"partner.praise[].kind", 's'},
    {"partner.praise[].name", 's'},
    {"partner.praise[].value", 'n'},
    {"partner.praise[].target", 'n'},
    {"partner.praise[].figure", 's'},
    {"partner.top_praise", 'r'},
    {"partner.top_praise.kind", 's'},
    {"partner.top_praise.name", 's'},
    {"partner.top_praise.value", 'n'},
    {"partner.top_praise.target", 'n'},
    {"partner.top_praise.figure", 's'},
/* clang-format off */
#define PRESSURE_NAMES(p)                                                                     \
	{p, 'l'}, {p "[]", 'r'}, {p "[].kind", 's'}, {p "[].figure", 's'}, {p "[].value", 'n'}, \
	    {p "[].before", 'n'}, {p "[].median", 'n'}, {p "[].since", 'n'},                   \
	    {p "[].from", 'n'}, {p "[].goal", 'n'},                                             \
	    {p "[].target", 'n'}, {p "[].lower_is_better", 'b'}, {p "[].gentle", 'b'}
    /* clang-format on */
    PRESSURE_NAMES("partner.pressure"),
    PRESSURE_NAMES("partner.pressure_goals"),
    {"partner.top_pressure", 'r'},
    {"partner.top_pressure.kind", 's'},
    {"partner.top_pressure.figure", 's'},
    {"partner.top_pressure.value", 'n'},
    {"partner.top_pressure.before", 'n'},
    {"partner.top_pressure.median", 'n'},
    {"partner.top_pressure.since", 'n'},
    {"partner.top_pressure.from", 'n'},
    {"partner.top_pressure.goal", 'n'},
    {"partner.top_pressure.target", 'n'},
    {"partner.top_pressure.lower_is_better", 'b'},
    {"partner.top_pressure.gentle", 'b'},
#undef PRESSURE_NAMES
    {"partner.pressure_gentle", 'b'},
/* clang-format off */
#define PREVIOUS_NAMES(p)                                                                     \
	{p, 'l'}, {p "[]", 'r'}, {p "[].figure", 's'}, {p "[].owner", 's'},                    \
	    {p "[].baseline", 'n'}, {p "[].target", 'n'}, {p "[].actual", 'n'},                \
	    {p "[].status", 's'}, {p "[].lower_is_better", 'b'}, {p "[].due", 'n'},            \
	    {p "[].measure", 's'}, {p "[].again", 'b'}
    /* clang-format on */
    PREVIOUS_NAMES("partner.previous_goals"),
    PREVIOUS_NAMES("partner.own_points"),
    PREVIOUS_NAMES("partner.own_owed"),
#undef PREVIOUS_NAMES
    {"partner.previous_goals_period", 'n'},
    {"partner.own_open", 'n'},
    {"partner.warnings", 'l'},
    {"partner.warnings[]", 'r'},
    {"partner.warnings[].kind", 's'},
    {"partner.warnings[].figure", 's'},
    {"partner.warnings[].value", 'n'},
    {"partner.warnings[].other", 's'},
    {"partner.warnings[].other_value", 'n'},
    {"partner.wishes", 'l'},
    {"partner.wishes[]", 'r'},
    {"partner.wishes[].text", 's'},
    {"partner.wishes[].respondent", 's'},
    {"partner.wishes[].wave", 'n'},
    {"partner.wishes[].topic", 's'},
    {"partner.wishes[].measure", 's'},
    {"partner.target_gap", 'n'},
    {"partner.next_meeting", 'n'},
    {"partner.goals_due", 'n'},
    {"partner.doubt", 'r'},
    {"partner.doubt.revenue", 'b'},
    {"partner.doubt.follow_up", 'b'},
    {"partner.doubt.win_rate", 'b'},
    {"partner.doubt.reps", 'b'},
    {"partner.doubt.certified", 'b'},
    {"partner.doubt.leads", 'b'},
    {"partner.engagement", 'r'},
    {"partner.engagement.onsite_visit_accepted", 'b'},
    {"partner.engagement.last_meeting", 'n'},
    {"partner.engagement.meetings_declined", 'n'},
/* clang-format off */
#define QUARTER_NAMES(p)                                                                    \
	{p, 'r'}, {p ".period", 'n'}, {p ".is_review", 'b'}, {p ".revenue", 'n'},             \
	    {p ".target", 'n'}, {p ".attainment", 'n'}, {p ".leads_received", 'n'},           \
	    {p ".leads_followed_up", 'n'}, {p ".follow_up_rate", 'n'}, {p ".deals_won", 'n'}, \
	    {p ".win_rate", 'n'}, {p ".pipeline", 'n'}, {p ".certified_reps", 'n'},           \
	    {p ".service_tickets", 'n'}, {p ".channel_conflicts", 'n'}, {p ".reps", 'l'},    \
	    {p ".reps[]", 'r'}, {p ".reps[].name", 's'}, {p ".reps[].revenue", 'n'},          \
	    {p ".reps[].deals_won", 'n'}
    /* clang-format on */
    {"partner.quarters", 'l'},
    QUARTER_NAMES("partner.quarters[]"),
    QUARTER_NAMES("partner.current"),
    QUARTER_NAMES("partner.previous"),
#undef QUARTER_NAMES
    {"survey", 'r'},
    {"survey.given", 'b'},
    {"survey.wave", 'n'},
    {"survey.previous_wave", 'n'},
    {"survey.participated", 'b'},
    {"survey.participated_previous", 'b'},
    {"survey.respondents", 'n'},
    {"survey.questions", 'l'},
    {"survey.questions[]", 'r'},
    {"survey.questions[].id", 's'},
    {"survey.questions[].text", 's'},
    {"survey.questions[].topic", 's'},
    {"survey.questions[].scale_min", 'n'},
    {"survey.questions[].scale_max", 'n'},
    {"survey.questions[].score", 'n'},
    {"survey.questions[].previous", 'n'},
    {"survey.questions[].change", 'n'},
    {"survey.questions[].answers", 'n'},
    {"survey.questions[].score_share", 'n'},
    {"survey.questions[].previous_share", 'n'},
    {"survey.nps", 'n'},
    {"survey.nps_previous", 'n'},
    {"survey.nps_change", 'n'},
    {"survey.has_nps", 'b'},
    {"survey.has_comments", 'b'},
    {"survey.has_previous_comments", 'b'},
    {"survey.has_nps_previous", 'b'},
    {"survey.previous_comments", 'l'},
    {"survey.previous_comments[]", 'r'},
    {"survey.previous_comments[].text", 's'},
    {"survey.previous_comments[].kind", 's'},
    {"survey.previous_comments[].respondent", 's'},
    {"survey.previous_comments[].submitted", 'n'},
    {"survey.previous_comments[].wave", 'n'},
    {"survey.comments", 'l'},
    {"survey.comments[]", 'r'},
    {"survey.comments[].text", 's'},
    {"survey.comments[].kind", 's'},
    {"survey.comments[].respondent", 's'},
    {"survey.comments[].submitted", 'n'},
    {"survey.comments[].wave", 'n'},
};

const struct name_info *
analyze_names(size_t *n)
{
	*n = sizeof(names) / sizeof(names[0]);
	return names;
}

/* A name in a table, or NULL: through the table's index (name_index.h). */
static const struct name_info *
find_name(struct name_index *ix, const struct name_info *table, size_t n, const char *name)
{
	long i =
	    name_index_find(ix, table, n, sizeof(*table), offsetof(struct name_info, name), name);
	return i >= 0 ? &table[i] : NULL;
}

const struct name_info *
analyze_name(const char *name)
{
	static struct name_index ix = NAME_INDEX_INIT;
	return find_name(&ix, names, sizeof(names) / sizeof(names[0]), name);
}

/* How many quarters up to the review quarter the report shows: a year and one more. */
enum { SHOWN_QUARTERS = 5 };

/*
 * The change from before to now as the table shows it: the two figures rounded to the
 * decimals they are shown with, then subtracted, so that 3,5 | 3,5 never reads +0,1.
 */
static struct num
shown_change(struct num now, struct num before, int decimals)
{
	if (!num_known(now) || !num_known(before))
		return NUM_NONE;
	return num_exact(fmt_round(num_v(now), decimals) - fmt_round(num_v(before), decimals));
}

/* An NPS ratio (-1..1) in points (-100..100); unknown stays unknown. */
static struct num
points(struct num n)
{
	return num_known(n) ? num_exact(num_v(n) * 100) : n;
}

static struct val *
ratio(struct arena *a, struct num num, struct num den, enum val_fmt fmt)
{
	if (!num_known(num) || !num_known(den) || num_v(den) <= 0)
		return val_null(a);
	return val_num(a, num_v(num) / num_v(den), fmt);
}

static struct val *
person(struct arena *a, const struct person *p)
{
	struct val *r = val_rec(a);
	val_set(r, "name", val_name(a, p->name));
	val_set(r, "email", val_name(a, p->email));
	val_set(r, "phone", val_name(a, p->phone));
	return r;
}

static struct val *
quarter(struct arena *a, const struct quarter *q, int period)
{
	struct val *r = val_rec(a);
	val_set(r, "period", val_num(a, q->period, FMT_QUARTER));
	val_set(r, "is_review", val_bool(a, q->period == period));
	val_set(r, "revenue", val_opt(a, q->revenue, FMT_MONEY));
	val_set(r, "target", val_opt(a, q->target, FMT_MONEY));
	val_set(r, "attainment", ratio(a, q->revenue, q->target, FMT_PERCENT));
	val_set(r, "leads_received", val_opt(a, q->leads_received, FMT_INT));
	val_set(r, "leads_followed_up", val_opt(a, q->leads_followed_up, FMT_INT));
	val_set(r, "follow_up_rate",
	        ratio(a, q->leads_followed_up, q->leads_received, FMT_PERCENT));
	val_set(r, "deals_won", val_opt(a, q->deals_won, FMT_INT));
	val_set(r, "win_rate", ratio(a, q->deals_won, q->leads_followed_up, FMT_PERCENT));
	val_set(r, "pipeline", val_opt(a, q->pipeline, FMT_MONEY));
	val_set(r, "certified_reps", val_opt(a, q->certified_reps, FMT_INT));
	val_set(r, "service_tickets", val_opt(a, q->service_tickets, FMT_INT));
	val_set(r, "channel_conflicts", val_opt(a, q->channel_conflicts, FMT_INT));
	struct val *reps = val_set(r, "reps", val_list(a));
	for (size_t i = 0; i < q->nreps; i++) {
		struct val *rep = val_rec(a);
		val_set(rep, "name", val_name(a, q->reps[i].name));
		val_set(rep, "revenue", val_opt(a, q->reps[i].revenue, FMT_MONEY));
		val_set(rep, "deals_won", val_opt(a, q->reps[i].deals_won, FMT_INT));
		val_push(reps, rep);
	}
	return r;
}

/* The last word of a name, for "Sehr geehrter Herr Torres". */
static const char *
last_name(struct arena *a, const char *name)
{
	if (name == NULL)
		return NULL;
	size_t len = strlen(name);
	while (len > 0 && name[len - 1] == ' ')
		len--;
	size_t start = len;
	while (start > 0 && name[start - 1] != ' ')
		start--;
	return arena_strndup(a, name + start, len - start);
}

static const char *const class_names[] = {
    [PF_UNRANKED] = NULL, [PF_CLASS_A] = "A", [PF_CLASS_B] = "B", [PF_CLASS_C] = "C"};

/* The compared figures of one group as a record named by pf_figure_name. */
static struct val *
figures(struct arena *a, const struct figure_medians *fm)
{
	if (fm == NULL)
		return val_null(a);
	static const enum val_fmt fmts[PF_NFIGURES] = {
	    [PF_ATTAINMENT] = FMT_PERCENT,         [PF_REVENUE] = FMT_MONEY,
	    [PF_CHANGE_PREVIOUS] = FMT_CHANGE,     [PF_FOLLOW_UP_RATE] = FMT_PERCENT,
	    [PF_WIN_RATE] = FMT_PERCENT,           [PF_REVENUE_PER_REP] = FMT_MONEY,
	    [PF_LEADS_RECEIVED] = FMT_DECIMAL,     [PF_SERVICE_TICKETS] = FMT_DECIMAL,
	    [PF_CHANNEL_CONFLICTS] = FMT_DECIMAL,  [PF_CERTIFIED_REPS] = FMT_DECIMAL,
	    [PF_CHANGE_YEAR] = FMT_CHANGE,         [PF_TREND] = FMT_CHANGE,
	    [PF_TICKETS_PER_REVENUE] = FMT_DECIMAL};
	struct val *r = val_rec(a);
	for (int i = 0; i < PF_NFIGURES; i++)
		val_set(r, pf_figure_name((enum pf_figure)i), val_opt(a, fm->fig[i], fmts[i]));
	val_set(r, "partners", val_num(a, (double)fm->partners, FMT_INT));
	return r;
}

/*
 * What the sentence on the trend says, checkable against the table of quarters: the
 * compound change per quarter from the first to the last quarter with revenue
 * (trend_rate, trend_from, trend_to), and trend_said, the direction worded: the
 * classification (trend_direction, by the same rate and rules.xml's trend-flat), "rising"
 * for growth from nothing (no rate).
 */
static void
trend_said(struct arena *a, struct val *r, const struct review_ctx *ctx,
           const struct partner_figures *pf)
{
	struct pf_trend_rate t = {NUM_NONE, 0, 0};
	if (pf != NULL)
		t = portfolio_trend_rate(ctx->portfolio, pf);
	bool rate = num_known(t.rate);
	const char *said = NULL;
	switch (pf ? pf->trend_dir : PF_TREND_UNKNOWN) {
	case PF_TREND_UP:
		said = rate ? "up" : "rising";
		break;
	case PF_TREND_DOWN:
		said = "down";
		break;
	case PF_TREND_FLAT:
		said = "flat";
		break;
	default:
		break;
	}
	val_set(r, "trend_rate", val_opt(a, t.rate, FMT_CHANGE));
	val_set(r, "trend_from", t.first ? val_num(a, t.first, FMT_QUARTER) : val_null(a));
	val_set(r, "trend_to", t.last ? val_num(a, t.last, FMT_QUARTER) : val_null(a));
	val_set(r, "trend_said", val_str(a, said));
}

/* Where the partner stands in the portfolio: rank, share, class, trend, medians. */
static void
standing(struct arena *a, struct val *r, const struct review_ctx *ctx, const struct partner *p)
{
	const struct partner_figures *pf =
	    ctx->portfolio ? portfolio_partner(ctx->portfolio, p) : NULL;
	const struct pf_rank *q = pf ? &pf->rank[PF_QUARTER] : NULL;
	const struct pf_rank *y = pf ? &pf->rank[PF_FOUR_QUARTERS] : NULL;
	val_set(r, "rank", q && q->ranked ? val_num(a, (double)q->rank, FMT_INT) : val_null(a));
	val_set(r, "rank_year",
	        y && y->ranked ? val_num(a, (double)y->rank, FMT_INT) : val_null(a));
	const struct portfolio_totals *t = ctx->portfolio ? portfolio_totals(ctx->portfolio) : NULL;
	val_set(r, "ranked",
	        t ? val_num(a, (double)t->basis[PF_QUARTER].ranked, FMT_INT) : val_null(a));
	val_set(r, "share",
	        q ? val_opt(a, portfolio_share(ctx->portfolio, pf, PF_QUARTER), FMT_PERCENT)
	          : val_null(a));
	val_set(r, "cumulative_share", q ? val_opt(a, q->cumulative, FMT_PERCENT) : val_null(a));
	val_set(r, "class", val_name(a, q ? class_names[q->cls] : NULL));
	val_set(r, "class_year", val_name(a, y ? class_names[y->cls] : NULL));
	val_set(r, "trend",
	        pf ? val_opt(a, portfolio_figure(ctx->portfolio, pf, PF_TREND), FMT_CHANGE)
	           : val_null(a));
	static const char *const dirs[] = {[PF_TREND_UNKNOWN] = NULL,
	                                   [PF_TREND_DOWN] = "down",
	                                   [PF_TREND_FLAT] = "flat",
	                                   [PF_TREND_UP] = "up"};
	val_set(r, "trend_direction", val_str(a, pf ? dirs[pf->trend_dir] : NULL));
	val_set(r, "trend_quarters", val_num(a, pf ? (double)pf->trend_quarters : 0, FMT_INT));
	trend_said(a, r, ctx, pf);
	val_set(
	    r, "change_previous",
	    pf ? val_opt(a, portfolio_figure(ctx->portfolio, pf, PF_CHANGE_PREVIOUS), FMT_CHANGE)
	       : val_null(a));
	val_set(r, "change_year",
	        pf ? val_opt(a, portfolio_figure(ctx->portfolio, pf, PF_CHANGE_YEAR), FMT_CHANGE)
	           : val_null(a));
	val_set(r, "revenue_per_rep",
	        pf ? val_opt(a, portfolio_figure(ctx->portfolio, pf, PF_REVENUE_PER_REP), FMT_MONEY)
	           : val_null(a));
	val_set(r, "tickets_per_revenue",
	        pf ? val_opt(a, portfolio_figure(ctx->portfolio, pf, PF_TICKETS_PER_REVENUE),
	                     FMT_DECIMAL)
	           : val_null(a));
	val_set(r, "median",
	        figures(a, ctx->portfolio ? portfolio_medians(ctx->portfolio, NULL) : NULL));
	val_set(r, "tier_median", figures(a, pf ? pf->tier_medians : NULL));
}

static struct val *
partner(struct arena *a, const struct review_ctx *ctx, const struct partner *p,
        const struct goal_set *last)
{
	struct val *r = val_rec(a);
	val_set(r, "id", val_name(a, p->id));
	val_set(r, "name", val_name(a, p->name));
	val_set(r, "region", val_name(a, p->region));
	val_set(r, "tier", val_name(a, p->tier));
	val_set(r, "since", p->since ? val_num(a, p->since, FMT_DATE) : val_null(a));

	struct val *c = val_null(a);
	if (p->has_contact) {
		static const char *const sal[] = {
		    [SAL_NONE] = NULL, [SAL_HERR] = "Herr", [SAL_FRAU] = "Frau"};
		c = person(a, &p->contact);
		val_set(c, "salutation", val_str(a, sal[p->salutation]));
		val_set(c, "last_name", val_name(a, last_name(a, p->contact.name)));
	}
	val_set(r, "contact", c);
	standing(a, r, ctx, p);
	analyze_judgement(a, r, ctx, p, last);

	struct val *team = val_set(r, "team", val_list(a));
	for (size_t i = 0; i < p->nteam; i++)
		val_push(team, person(a, &p->team[i]));

	struct val *e = val_null(a);
	if (p->has_engagement) {
		const struct engagement *g = &p->engagement;
		e = val_rec(a);
		val_set(e, "onsite_visit_accepted",
		        g->onsite_known ? val_bool(a, g->onsite_accepted) : val_null(a));
		val_set(e, "last_meeting",
		        g->last_meeting ? val_num(a, g->last_meeting, FMT_DATE) : val_null(a));
		val_set(e, "meetings_declined", val_opt(a, g->meetings_declined, FMT_INT));
	}
	val_set(r, "engagement", e);

	/* Quarters after the review period are ignored, so an old quarter re-runs as it was. */
	size_t end = 0;
	while (end < p->nquarters && p->quarters[end].period <= ctx->period)
		end++;
	size_t begin = end > SHOWN_QUARTERS ? end - SHOWN_QUARTERS : 0;
	struct val *qs = val_set(r, "quarters", val_list(a));
	struct val *current = val_null(a), *previous = val_null(a);
	for (size_t i = begin; i < end; i++) {
		struct val *q = quarter(a, &p->quarters[i], ctx->period);
		val_push(qs, q);
		if (p->quarters[i].period == ctx->period)
			current = q;
		else if (p->quarters[i].period == period_add(ctx->period, -1))
			previous = q;
	}
	val_set(r, "current", current);
	val_set(r, "previous", previous);
	return r;
}

const struct wave *
analyze_wave(const struct survey *s, int period)
{
	const struct wave *w = NULL;
	for (size_t i = 0; s != NULL && i < s->nwaves; i++)
		if (s->waves[i].period <= period)
			w = &s->waves[i];
	return w;
}

/* Mean per question of this partner's answers in wave w; counts respondents. */
static void
wave_means(const struct portfolio *pf, const struct survey *s, const struct wave *w,
           const struct partner *p, double *mean, size_t *count, size_t *respondents)
{
	*respondents = 0;
	for (size_t q = 0; q < s->nquestions; q++) {
		mean[q] = 0;
		count[q] = 0;
	}
	if (w == NULL)
		return;
	struct pf_responses it;
	portfolio_responses(pf, w, p, &it);
	for (const struct response *resp; (resp = pf_responses_next(&it)) != NULL;) {
		(*respondents)++;
		for (size_t q = 0; q < s->nquestions; q++)
			if (num_known(resp->answers[q])) {
				mean[q] += num_v(resp->answers[q]);
				count[q]++;
			}
	}
	for (size_t q = 0; q < s->nquestions; q++)
		if (count[q] > 0)
			mean[q] /= (double)count[q];
}

/* The language p's report is written in: the partner's own, else the run's. */
static const struct lang *
report_lang(const struct review_ctx *ctx, const struct partner *p)
{
	const struct lang *l = p->language != NULL ? lang_find(p->language) : NULL;
	if (l == NULL)
		l = ctx->lang;
	return l != NULL ? l : &lang_de;
}

/*
 * A partner's text as it reads inside the report's quotation marks („…“ in German,
 * “…” in English): its own quotation marks become the language's inner ones (‚…‘,
 * ‘…’; the template's catalogue holds them, so the fonts are cut with them). Nothing
 * else changes.
 */
static const char *
inner_quotes(struct arena *a, const char *text, const struct lang *l)
{
	if (strpbrk(text, "\"\xE2") == NULL)
		return text;
	struct sbuf b = {0};
	bool open = true;
	for (const char *c = text; *c; c++) {
		if (*c == '"') {
			sbuf_adds(
			    &b,
			    l->inner_quote[open ? LANG_INNER_ASCII_OPEN : LANG_INNER_ASCII_CLOSE]);
			open = !open;
		} else if (strncmp(c, "\u201E", 3) == 0) { /* „ */
			sbuf_adds(&b, l->inner_quote[LANG_INNER_LOW9]);
			c += 2;
		} else if (strncmp(c, "\u201C", 3) == 0) { /* “ */
			sbuf_adds(&b, l->inner_quote[LANG_INNER_LEFT]);
			c += 2;
		} else if (strncmp(c, "\u201D", 3) == 0) { /* ” */
			sbuf_adds(&b, l->inner_quote[LANG_INNER_RIGHT]);
			c += 2;
		} else {
			sbuf_addc(&b, *c);
		}
	}
	const char *s = arena_strdup(a, b.s);
	sbuf_free(&b);
	return s;
}

static void
add_comments(struct arena *a, struct val *list, const struct portfolio *pf, const struct wave *w,
             const struct partner *p, const struct lang *l)
{
	struct pf_responses it;
	portfolio_responses(pf, w, p, &it);
	for (const struct response *resp; (resp = pf_responses_next(&it)) != NULL;) {
		const char *texts[2] = {resp->comment, resp->wish};
		static const char *const kinds[2] = {"comment", "wish"};
		for (int k = 0; k < 2; k++) {
			if (texts[k] == NULL || texts[k][0] == '\0')
				continue;
			struct val *c = val_rec(a);
			val_set(c, "text", val_str(a, inner_quotes(a, texts[k], l)));
			val_set(c, "kind", val_str(a, kinds[k]));
			val_set(c, "respondent", val_name(a, resp->respondent));
			val_set(c, "submitted",
			        resp->submitted ? val_num(a, resp->submitted, FMT_DATE)
			                        : val_null(a));
			val_set(c, "wave", val_num(a, w->period, FMT_QUARTER));
			val_push(list, c);
		}
	}
}

static struct val *
survey(struct arena *a, const struct review_ctx *ctx, const struct partner *p)
{
	const struct survey *s = ctx->survey;
	struct val *r = val_rec(a);
	val_set(r, "given", val_bool(a, s != NULL));
	const struct wave *w = analyze_wave(s, ctx->period);
	const struct wave *prev = NULL;
	if (w != NULL && w > s->waves)
		prev = w - 1;
	val_set(r, "wave", w ? val_num(a, w->period, FMT_QUARTER) : val_null(a));
	val_set(r, "previous_wave", prev ? val_num(a, prev->period, FMT_QUARTER) : val_null(a));

	size_t nq = s ? s->nquestions : 0;
	double *mean = arena_alloc(a, (nq + 1) * sizeof(double));
	double *pmean = arena_alloc(a, (nq + 1) * sizeof(double));
	size_t *count = arena_alloc(a, (nq + 1) * sizeof(size_t));
	size_t *pcount = arena_alloc(a, (nq + 1) * sizeof(size_t));
	size_t nresp = 0, pnresp = 0;
	if (s != NULL) {
		wave_means(ctx->portfolio, s, w, p, mean, count, &nresp);
		wave_means(ctx->portfolio, s, prev, p, pmean, pcount, &pnresp);
	}
	val_set(r, "participated", val_bool(a, nresp > 0));
	val_set(r, "participated_previous", prev ? val_bool(a, pnresp > 0) : val_null(a));
	val_set(r, "respondents", val_num(a, (double)nresp, FMT_INT));

	struct val *qs = val_set(r, "questions", val_list(a));
	for (size_t q = 0; q < nq && nresp > 0; q++) {
		const struct question *qu = &s->questions[q];
		struct val *v = val_rec(a);
		val_set(v, "id", val_str(a, qu->id));
		val_set(v, "text", val_str(a, qu->text));
		val_set(v, "topic", val_str(a, qu->topic));
		val_set(v, "scale_min", val_num(a, qu->scale_min, FMT_AUTO));
		val_set(v, "scale_max", val_num(a, qu->scale_max, FMT_AUTO));
		struct val *now = count[q] ? val_num(a, mean[q], FMT_DECIMAL) : val_null(a);
		struct val *before = pcount[q] ? val_num(a, pmean[q], FMT_DECIMAL) : val_null(a);
		val_set(v, "score", now);
		val_set(v, "previous", before);
		val_set(v, "change",
		        count[q] && pcount[q]
		            ? val_num(a, fmt_round(mean[q], 1) - fmt_round(pmean[q], 1), FMT_SIGNED)
		            : val_null(a));
		val_set(v, "answers", val_num(a, (double)count[q], FMT_INT));
		/* The means as a share of the scale, so that 1..5 and 0..10 chart alike. */
		double span = qu->scale_max - qu->scale_min;
		val_set(v, "score_share",
		        count[q] && span > 0
		            ? val_num(a, (mean[q] - qu->scale_min) / span, FMT_PERCENT)
		            : val_null(a));
		val_set(v, "previous_share",
		        pcount[q] && span > 0
		            ? val_num(a, (pmean[q] - qu->scale_min) / span, FMT_PERCENT)
		            : val_null(a));
		val_push(qs, v);
	}

	/* NPS in points, -100 to +100. */
	const struct partner_figures *pf =
	    ctx->portfolio ? portfolio_partner(ctx->portfolio, p) : NULL;
	struct pf_survey sv = {0};
	if (pf != NULL)
		portfolio_partner_survey(ctx->portfolio, pf, &sv);
	struct num nps = sv.nps.score, npsp = sv.nps_previous.score;
	pf_survey_release(&sv);
	nps = points(nps);
	npsp = points(npsp);
	/* In whole points, as both are shown. */
	struct num npsc = shown_change(nps, npsp, 0);
	val_set(r, "nps", val_opt(a, nps, FMT_INT));
	val_set(r, "nps_previous", val_opt(a, npsp, FMT_INT));
	val_set(r, "nps_change", val_opt(a, npsc, FMT_INT));
	/* An NPS of 0 is a value: a template tests these, never the number itself. */
	val_set(r, "has_nps", val_bool(a, num_known(nps)));
	val_set(r, "has_nps_previous", val_bool(a, num_known(npsp)));

	struct val *comments = val_set(r, "comments", val_list(a));
	add_comments(a, comments, ctx->portfolio, w, p, report_lang(ctx, p));
	bool remarks = false;
	for (size_t i = 0; i < comments->n; i++)
		remarks |= strcmp(val_get(comments->items[i], "kind")->str, "comment") == 0;
	val_set(r, "has_comments", val_bool(a, remarks));
	/* The last words of a partner that skipped the latest wave: the one before. */
	struct val *earlier = val_set(r, "previous_comments", val_list(a));
	if (nresp == 0 && prev != NULL)
		add_comments(a, earlier, ctx->portfolio, prev, p, report_lang(ctx, p));
	remarks = false;
	for (size_t i = 0; i < earlier->n; i++)
		remarks |= strcmp(val_get(earlier->items[i], "kind")->str, "comment") == 0;
	val_set(r, "has_previous_comments", val_bool(a, remarks));
	return r;
}

/*
 * The partners by revenue for the Pareto chart: one bar each, or, with more than
 * PF_BARS partners, bars for groups of neighbours in the order (so a chart of ten
 * thousand partners stays readable and cheap; the sums are the portfolio's, made once
 * a run); the partner's own is marked.
 */
static void
ranking(struct arena *a, struct val *r, const struct review_ctx *ctx, const struct partner *self)
{
	struct val *list = val_set(r, "ranking", val_list(a));
	size_t n = 0, bars = 0;
	const struct partner_figures *const *order =
	    ctx->portfolio ? portfolio_order(ctx->portfolio, PF_QUARTER, &n) : NULL;
	const double *sums = ctx->portfolio ? portfolio_bars(ctx->portfolio, &bars) : NULL;
	/* Where the partner stands in the order: its position - 1, or n when not ranked. */
	const struct partner_figures *own =
	    ctx->portfolio && self ? portfolio_partner(ctx->portfolio, self) : NULL;
	size_t at = own && own->rank[PF_QUARTER].ranked ? own->rank[PF_QUARTER].position - 1 : n;
	assert(at == n || (at < n && order[at]->partner == self));
	for (size_t k = 0; k < bars; k++) {
		size_t from = k * n / bars, to = (k + 1) * n / bars;
		struct val *v = val_rec(a);
		val_set(v, "label",
		        val_name(a, to - from == 1
		                        ? order[from]->partner->id
		                        : arena_printf(a, "%zu\u2013%zu", from + 1, to)));
		val_set(v, "revenue", val_num(a, sums[k], FMT_MONEY));
		val_set(v, "partners", val_num(a, (double)(to - from), FMT_INT));
		val_set(v, "is_self", val_bool(a, at >= from && at < to));
		val_push(list, v);
	}
}

/* The whole channel: how many partners, the Pareto statement, the portfolio NPS. */
static struct val *
portfolio(struct arena *a, const struct review_ctx *ctx, const struct partner *self)
{
	struct val *r = val_rec(a);
	const struct portfolio_totals *t = ctx->portfolio ? portfolio_totals(ctx->portfolio) : NULL;
	const struct pf_basis_totals *q = t ? &t->basis[PF_QUARTER] : NULL;
	struct num none = NUM_NONE;
	val_set(r, "partners", t ? val_num(a, (double)t->partners, FMT_INT) : val_null(a));
	val_set(r, "ranked", q ? val_num(a, (double)q->ranked, FMT_INT) : val_null(a));
	val_set(r, "revenue", val_opt(a, q ? q->revenue : none, FMT_MONEY));
	val_set(r, "class_a",
	        q ? val_num(a, (double)q->classes[PF_CLASS_A], FMT_INT) : val_null(a));
	val_set(r, "class_b",
	        q ? val_num(a, (double)q->classes[PF_CLASS_B], FMT_INT) : val_null(a));
	val_set(r, "class_c",
	        q ? val_num(a, (double)q->classes[PF_CLASS_C], FMT_INT) : val_null(a));
	val_set(r, "pareto_partners",
	        q && q->pareto_partners ? val_num(a, (double)q->pareto_partners, FMT_INT)
	                                : val_null(a));
	val_set(r, "pareto_partner_share",
	        val_opt(a, q ? q->pareto_partner_share : none, FMT_PERCENT));
	val_set(r, "pareto_revenue_share",
	        val_opt(a, q ? q->pareto_revenue_share : none, FMT_PERCENT));
	const struct portfolio_survey *s = ctx->portfolio ? portfolio_survey(ctx->portfolio) : NULL;
	struct num nps = s ? s->all.nps.score : none, npsp = s ? s->all.nps_previous.score : none;
	nps = points(nps);
	npsp = points(npsp);
	val_set(r, "nps", val_opt(a, nps, FMT_INT));
	val_set(r, "nps_previous", val_opt(a, npsp, FMT_INT));
	val_set(r, "has_nps", val_bool(a, num_known(nps)));
	val_set(r, "has_nps_previous", val_bool(a, num_known(npsp)));
	val_set(r, "participants",
	        s && s->wave ? val_num(a, (double)s->participants, FMT_INT) : val_null(a));
	val_set(r, "class_a_share",
	        ctx->rules_portfolio ? val_num(a, ctx->rules_portfolio->class_a, FMT_PERCENT)
	                             : val_null(a));
	ranking(a, r, ctx, self);
	return r;
}

struct val *
analyze_partner(struct arena *a, const struct review_ctx *ctx, const struct partner *p)
{
	return analyze_partner_goals(a, ctx, p, NULL);
}

/* What a report and the overview both start with: vendor, currency, dates, portfolio. */
static struct val *
shared_root(struct arena *a, const struct review_ctx *ctx, const struct partner *self)
{
	const struct metrics *m = ctx->metrics;
	struct val *root = val_rec(a);
	struct val *vendor = val_set(root, "vendor", val_rec(a));
	val_set(vendor, "name", val_name(a, m->vendor_name));
	val_set(vendor, "manager", person(a, &m->manager));
	val_set(root, "currency", val_name(a, m->currency));
	val_set(root, "today", val_num(a, ctx->today, FMT_DATE));
	val_set(root, "period", val_num(a, ctx->period, FMT_QUARTER));
	val_set(root, "portfolio", portfolio(a, ctx, self));
	return root;
}

struct val *
analyze_partner_goals(struct arena *a, const struct review_ctx *ctx, const struct partner *p,
                      const struct goal_set *previous)
{
	struct val *root = shared_root(a, ctx, p);
	val_set(root, "partner", partner(a, ctx, p, previous));
	val_set(root, "survey", survey(a, ctx, p));
	return root;
}

/* ---- the portfolio overview ---- */

/* clang-format off */
#define ROW_NAMES(p)                                                                          \
	{p, 'l'}, {p "[]", 'r'}, {p "[].rank", 'n'}, {p "[].id", 's'}, {p "[].name", 's'},         \
	    {p "[].tier", 's'}, {p "[].revenue", 'n'}, {p "[].share", 'n'}, {p "[].class", 's'},  \
	    {p "[].attainment", 'n'}, {p "[].trend", 'n'}, {p "[].trend_direction", 's'},        \
	    {p "[].health", 's'}, {p "[].health_reason", 's'}, {p "[].main_cause", 's'},         \
	    {p "[].causes", 'n'}, {p "[].escalate", 'b'}, {p "[].underperformer", 'b'},          \
	    {p "[].participated", 'b'}, {p "[].meetings_declined", 'n'}, {p "[].quarters", 'l'},  \
	    {p "[].quarters[]", 'r'}, {p "[].quarters[].period", 'n'},                            \
	    {p "[].quarters[].revenue", 'n'}, {p "[].region", 's'}, {p "[].target", 'n'},         \
	    {p "[].cumulative", 'n'}, {p "[].percent", 'r'}, {p "[].percent.attainment", 'n'},    \
	    {p "[].percent.share", 'n'}, {p "[].percent.cumulative", 'n'},                        \
	    {p "[].percent.trend", 'n'}, {p "[].history", 'l'}, {p "[].history[]", 'r'},          \
	    {p "[].history[].period", 'n'}, {p "[].history[].revenue", 'n'}
/* clang-format on */
/* clang-format off */
#define COUNT_NAMES(p) {p "_count", 'n'}, {p "_more", 'n'}
/* clang-format on */

static const struct name_info overview_names[] = {
    SHARED_NAMES,
    ROW_NAMES("partners"),
    ROW_NAMES("class_a"),
    ROW_NAMES("listed"),
    ROW_NAMES("underperformers"),
    ROW_NAMES("escalations"),
    ROW_NAMES("absent"),
    COUNT_NAMES("class_a"),
    COUNT_NAMES("underperformers"),
    COUNT_NAMES("escalations"),
    COUNT_NAMES("absent"),
    {"all_listed", 'b'},
    {"list_max", 'n'},
    {"csv", 'b'},
    {"csv_file", 's'},
    {"history", 'l'},
    {"history[]", 'r'},
    {"history[].period", 'n'},
    {"causes", 'l'},
    {"causes[]", 'r'},
    {"causes[].id", 's'},
    {"causes[].partners", 'n'},
    {"causes[].share", 'n'},
    {"survey", 'r'},
    {"survey.given", 'b'},
    {"survey.wave", 'n'},
    {"survey.previous_wave", 'n'},
    {"survey.questions", 'l'},
    {"survey.questions[]", 'r'},
    {"survey.questions[].id", 's'},
    {"survey.questions[].text", 's'},
    {"survey.questions[].topic", 's'},
    {"survey.questions[].scale_min", 'n'},
    {"survey.questions[].scale_max", 'n'},
    {"survey.questions[].score", 'n'},
    {"survey.questions[].previous", 'n'},
    {"survey.questions[].change", 'n'},
    {"survey.questions[].score_share", 'n'},
    {"survey.questions[].previous_share", 'n'},
};
#undef COUNT_NAMES
#undef ROW_NAMES

const struct name_info *
analyze_overview_names(size_t *n)
{
	*n = sizeof(overview_names) / sizeof(overview_names[0]);
	return overview_names;
}

const struct name_info *
analyze_overview_name(const char *name)
{
	static struct name_index ix = NAME_INDEX_INIT;
	return find_name(&ix, overview_names, sizeof(overview_names) / sizeof(overview_names[0]),
	                 name);
}

/* What a partner's line of the overview shows of its review. */
struct row_review {
	bool reviewed; /* rules were given */
	bool escalate, underperformer;
	enum health health;
	const char *health_reason;
	const char *main_cause; /* the most severe open cause's rule id, borrowed from the rules */
	size_t open;            /* open causes */
};

static void
row_review(struct row_review *rr, const struct review *rv)
{
	memset(rr, 0, sizeof(*rr));
	if (rv == NULL)
		return;
	rr->reviewed = true;
	rr->escalate = rv->escalate;
	rr->underperformer = rv->underperformer;
	rr->health = rv->health;
	rr->health_reason = rv->health_reason;
	/* The main cause is the most severe open one, not the first in the rules. */
	rr->main_cause = review_main_cause(rv);
	for (size_t i = 0; i < rv->ncauses; i++)
		rr->open += rv->causes[i].open;
}

/* The quarters before the review quarter whose revenue a line of the overview gives. */
enum { OVERVIEW_HISTORY = 3 };

/* One partner's line of the overview. */
static struct val *
overview_row(struct arena *a, const struct review_ctx *ctx, const struct partner_figures *f,
             const struct row_review *rv)
{
	const struct partner *p = f->partner;
	const struct pf_rank *q = &f->rank[PF_QUARTER];
	static const char *const health[] = {"green", "amber", "red"};
	static const char *const dirs[] = {[PF_TREND_UNKNOWN] = NULL,
	                                   [PF_TREND_DOWN] = "down",
	                                   [PF_TREND_FLAT] = "flat",
	                                   [PF_TREND_UP] = "up"};
	struct val *r = val_rec(a);
	val_set(r, "rank", q->ranked ? val_num(a, (double)q->rank, FMT_INT) : val_null(a));
	val_set(r, "id", val_name(a, p->id));
	val_set(r, "name", val_name(a, p->name));
	val_set(r, "tier", val_name(a, p->tier));
	val_set(r, "revenue", val_opt(a, q->revenue, FMT_MONEY));
	val_set(r, "share",
	        val_opt(a, portfolio_share(ctx->portfolio, f, PF_QUARTER), FMT_PERCENT));
	val_set(r, "class", val_name(a, class_names[q->cls]));
	val_set(r, "attainment",
	        val_opt(a, portfolio_figure(ctx->portfolio, f, PF_ATTAINMENT), FMT_PERCENT));
	val_set(r, "trend", val_opt(a, portfolio_figure(ctx->portfolio, f, PF_TREND), FMT_CHANGE));
	val_set(r, "trend_direction", val_str(a, dirs[f->trend_dir]));
	val_set(r, "health", val_str(a, rv->reviewed ? health[rv->health] : NULL));
	val_set(r, "health_reason", val_str(a, rv->reviewed ? rv->health_reason : NULL));
	val_set(r, "main_cause", val_str(a, rv->main_cause));
	val_set(r, "causes", val_num(a, (double)rv->open, FMT_INT));
	val_set(r, "escalate", val_bool(a, rv->escalate));
	val_set(r, "underperformer", val_bool(a, rv->underperformer));
	val_set(r, "participated", val_bool(a, portfolio_participated(ctx->portfolio, f, false)));
	val_set(r, "meetings_declined",
	        p->has_engagement ? val_opt(a, p->engagement.meetings_declined, FMT_INT)
	                          : val_null(a));
	/* The last four quarters up to the review quarter, for a sparkline. */
	struct val *qs = val_set(r, "quarters", val_list(a));
	size_t end = 0;
	while (end < p->nquarters && p->quarters[end].period <= ctx->period)
		end++;
	for (size_t i = end > 4 ? end - 4 : 0; i < end; i++) {
		struct val *qv = val_rec(a);
		val_set(qv, "period", val_num(a, p->quarters[i].period, FMT_QUARTER));
		val_set(qv, "revenue", val_opt(a, p->quarters[i].revenue, FMT_MONEY));
		val_push(qs, qv);
	}
	/* The figures behind the columns, for the CSV. */
	val_set(r, "region", val_name(a, p->region));
	val_set(r, "target", val_opt(a, f->current ? f->current->target : NUM_NONE, FMT_MONEY));
	val_set(r, "cumulative", val_opt(a, q->cumulative, FMT_PERCENT));
	struct val *pc = val_set(r, "percent", val_rec(a));
	val_set(
	    pc, "attainment",
	    val_opt(a, points(portfolio_figure(ctx->portfolio, f, PF_ATTAINMENT)), FMT_DECIMAL));
	val_set(pc, "share",
	        val_opt(a, points(portfolio_share(ctx->portfolio, f, PF_QUARTER)), FMT_DECIMAL));
	val_set(pc, "cumulative", val_opt(a, points(q->cumulative), FMT_DECIMAL));
	val_set(pc, "trend",
	        val_opt(a, points(portfolio_figure(ctx->portfolio, f, PF_TREND)), FMT_DECIMAL));
	struct val *hs = val_set(r, "history", val_list(a));
	for (int k = OVERVIEW_HISTORY; k >= 1; k--) {
		const struct quarter *hq = partner_quarter(p, period_add(ctx->period, -k));
		struct num none = NUM_NONE;
		struct val *hv = val_rec(a);
		val_set(hv, "period", val_num(a, period_add(ctx->period, -k), FMT_QUARTER));
		val_set(hv, "revenue", val_opt(a, hq ? hq->revenue : none, FMT_MONEY));
		val_push(hs, hv);
	}
	return r;
}

/*
 * The overview's lists of partners (all, underperformers, escalations, absent) are
 * made a line at a time as the template reads them, from the reviews' few facts
 * kept here: ten thousand lines of values at once took 45 MiB.
 */
struct overview_lines {
	const struct review_ctx *ctx;
	const struct partner_figures *const *order; /* the ranked partners */
	const struct row_review *reviews;           /* one per partner in order */
};

struct line_list {
	struct val_maker maker;
	const struct overview_lines *lines;
	const size_t *at; /* positions in order */
};

static struct val *
make_line(const void *ctx, size_t i, struct arena *a)
{
	const struct line_list *l = ctx;
	size_t k = l->at[i];
	return overview_row(a, l->lines->ctx, l->lines->order[k], &l->lines->reviews[k]);
}

static struct val *
line_list(struct arena *a, const struct overview_lines *lines, const size_t *at, size_t n)
{
	struct line_list *l = arena_alloc(a, sizeof(*l));
	l->maker = (struct val_maker){make_line, l};
	l->lines = lines;
	l->at = at;
	return val_list_made(a, n, &l->maker);
}

/*
 * A list of partners at positions at[0..n) of the order: all of them when the
 * overview lists every partner, else the first list_max; NAME_count and NAME_more
 * say how many there are and how many the list leaves to the CSV.
 */
static struct val *
capped_list(struct val *root, const char *name, const struct overview_lines *lines,
            const size_t *at, size_t n, size_t cap)
{
	struct arena *a = root->arena;
	size_t shown = n < cap ? n : cap;
	val_set(root, arena_printf(a, "%s_count", name), val_num(a, (double)n, FMT_INT));
	val_set(root, arena_printf(a, "%s_more", name), val_num(a, (double)(n - shown), FMT_INT));
	return val_set(root, name, line_list(a, lines, at, shown));
}

/* The open main causes of the underperformers, the most frequent first (ties: the rules' order). */
static void
main_causes(struct arena *a, struct val *root, const struct review_ctx *ctx,
            const struct row_review *reviews, const size_t *under, size_t nunder)
{
	struct val *list = val_set(root, "causes", val_list(a));
	size_t nc = ctx->rules ? ctx->rules->ncauses : 0;
	size_t *count = arena_alloc(a, (nc + 1) * sizeof(*count));
	for (size_t i = 0; i < nunder; i++)
		for (size_t c = 0; c < nc; c++)
			if (reviews[under[i]].main_cause != NULL &&
			    ctx->rules->causes[c].id != NULL &&
			    strcmp(reviews[under[i]].main_cause, ctx->rules->causes[c].id) == 0) {
				count[c]++;
				break;
			}
	for (;;) {
		size_t best = nc;
		for (size_t c = 0; c < nc; c++)
			if (count[c] > 0 && (best == nc || count[c] > count[best]))
				best = c;
		if (best == nc)
			break;
		struct val *v = val_rec(a);
		val_set(v, "id", val_str(a, ctx->rules->causes[best].id));
		val_set(v, "partners", val_num(a, (double)count[best], FMT_INT));
		val_set(v, "share", val_num(a, (double)count[best] / (double)nunder, FMT_PERCENT));
		val_push(list, v);
		count[best] = 0;
	}
}

struct val *
analyze_overview(struct arena *a, const struct review_ctx *ctx)
{
	struct val *root = shared_root(a, ctx, NULL);
	size_t n = 0;
	const struct partner_figures *const *order =
	    ctx->portfolio ? portfolio_order(ctx->portfolio, PF_QUARTER, &n) : NULL;
	const struct portfolio_survey *ps =
	    ctx->portfolio ? portfolio_survey(ctx->portfolio) : NULL;
	struct overview_lines *lines = arena_alloc(a, sizeof(*lines));
	struct row_review *reviews = arena_alloc(a, (n + 1) * sizeof(*reviews));
	size_t *all = arena_alloc(a, (n + 1) * sizeof(size_t));
	size_t *under = arena_alloc(a, (n + 1) * sizeof(size_t));
	size_t *esc = arena_alloc(a, (n + 1) * sizeof(size_t));
	size_t *absent = arena_alloc(a, (n + 1) * sizeof(size_t));
	size_t nunder = 0, nesc = 0, nabsent = 0, nclass_a = 0;
	*lines = (struct overview_lines){ctx, order, reviews};
	for (size_t i = 0; i < n; i++) {
		const struct partner_figures *f = order[i];
		struct review *rv = ctx->rules
		                        ? review_new(ctx->portfolio, f->partner, ctx->survey,
		                                     ctx->rules, ctx->today, ctx->period, NULL)
		                        : NULL;
		row_review(&reviews[i], rv);
		all[i] = i;
		/* Class A comes first in the order: its partners are all[0..nclass_a). */
		nclass_a += f->rank[PF_QUARTER].cls == PF_CLASS_A;
		assert(nclass_a == i + 1 || f->rank[PF_QUARTER].cls != PF_CLASS_A);
		if (rv && rv->underperformer)
			under[nunder++] = i;
		if (rv && rv->escalate)
			esc[nesc++] = i;
		if (ps && ps->wave && !portfolio_participated(ctx->portfolio, f, false))
			absent[nabsent++] = i;
		review_free(rv);
	}
	struct val *everyone = val_set(root, "partners", line_list(a, lines, all, n));
	/* A big portfolio: what the channel manager acts on; the table of all is the CSV. */
	const struct portfolio_rules *pr = ctx->rules_portfolio;
	bool all_listed = pr == NULL || n <= pr->table_max;
	size_t cap = all_listed ? n : pr->list_max;
	val_set(root, "all_listed", val_bool(a, all_listed));
	val_set(root, "list_max", pr ? val_num(a, (double)pr->list_max, FMT_INT) : val_null(a));
	struct val *class_a = capped_list(root, "class_a", lines, all, nclass_a, cap);
	val_set(root, "listed", all_listed ? everyone : class_a);
	capped_list(root, "underperformers", lines, under, nunder, cap);
	capped_list(root, "escalations", lines, esc, nesc, cap);
	capped_list(root, "absent", lines, absent, nabsent, cap);
	main_causes(a, root, ctx, reviews, under, nunder);
	val_set(root, "csv", val_bool(a, false));
	val_set(root, "csv_file",
	        val_str(a, arena_printf(a, "portfolio_%d-Q%d.csv", ctx->period / 10,
	                                ctx->period % 10)));
	struct val *hs = val_set(root, "history", val_list(a));
	for (int k = OVERVIEW_HISTORY; k >= 1; k--) {
		struct val *hv = val_rec(a);
		val_set(hv, "period", val_num(a, period_add(ctx->period, -k), FMT_QUARTER));
		val_push(hs, hv);
	}
	struct val *s = val_set(root, "survey", val_rec(a));
	val_set(s, "given", val_bool(a, ctx->survey != NULL));
	val_set(s, "wave",
	        ps && ps->wave ? val_num(a, ps->wave->period, FMT_QUARTER) : val_null(a));
	val_set(s, "previous_wave",
	        ps && ps->previous ? val_num(a, ps->previous->period, FMT_QUARTER) : val_null(a));
	struct val *qs = val_set(s, "questions", val_list(a));
	for (size_t q = 0; ctx->survey && ps && ps->all.scores && q < ctx->survey->nquestions;
	     q++) {
		const struct question *qu = &ctx->survey->questions[q];
		const struct pf_score *sc = &ps->all.scores[q];
		struct val *v = val_rec(a);
		val_set(v, "id", val_str(a, qu->id));
		val_set(v, "text", val_str(a, qu->text));
		val_set(v, "topic", val_str(a, qu->topic));
		val_set(v, "scale_min", val_num(a, qu->scale_min, FMT_AUTO));
		val_set(v, "scale_max", val_num(a, qu->scale_max, FMT_AUTO));
		val_set(v, "score", val_opt(a, sc->latest, FMT_DECIMAL));
		val_set(v, "previous", val_opt(a, sc->previous, FMT_DECIMAL));
		val_set(v, "change",
		        val_opt(a, shown_change(sc->latest, sc->previous, 1), FMT_SIGNED));
		double span = qu->scale_max - qu->scale_min;
		struct num none = NUM_NONE;
		struct num sh = num_known(sc->latest) && span > 0
		                    ? num_exact((num_v(sc->latest) - qu->scale_min) / span)
		                    : none;
		struct num psh = num_known(sc->previous) && span > 0
		                     ? num_exact((num_v(sc->previous) - qu->scale_min) / span)
		                     : none;
		val_set(v, "score_share", val_opt(a, sh, FMT_PERCENT));
		val_set(v, "previous_share", val_opt(a, psh, FMT_PERCENT));
		val_push(qs, v);
	}
	return root;
}
