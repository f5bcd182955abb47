/* SPDX-License-Identifier: MIT */
/* The review's content: from the input model to the value tree a template reads. */
#include <math.h>
#include <string.h>

#include "analyze.h"

/* Every name analyze_partner sets; tests check the table and the tree agree. */
static const struct name_info names[] = {
    {"vendor", 'r'},
    {"vendor.name", 's'},
    {"vendor.manager", 'r'},
    {"vendor.manager.name", 's'},
    {"vendor.manager.email", 's'},
    {"vendor.manager.phone", 's'},
    {"currency", 's'},
    {"today", 'n'},
    {"period", 'n'},
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
    {"partner.engagement", 'r'},
    {"partner.engagement.onsite_visit_accepted", 'b'},
    {"partner.engagement.last_meeting", 'n'},
    {"partner.engagement.meetings_declined", 'n'},
#define QUARTER_NAMES(p)                                                                    \
	{p, 'r'}, {p ".period", 'n'}, {p ".is_review", 'b'}, {p ".revenue", 'n'},             \
	    {p ".target", 'n'}, {p ".attainment", 'n'}, {p ".leads_received", 'n'},           \
	    {p ".leads_followed_up", 'n'}, {p ".follow_up_rate", 'n'}, {p ".deals_won", 'n'}, \
	    {p ".win_rate", 'n'}, {p ".pipeline", 'n'}, {p ".certified_reps", 'n'},           \
	    {p ".service_tickets", 'n'}, {p ".channel_conflicts", 'n'}, {p ".reps", 'l'},    \
	    {p ".reps[]", 'r'}, {p ".reps[].name", 's'}, {p ".reps[].revenue", 'n'},          \
	    {p ".reps[].deals_won", 'n'}
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

const struct name_info *
analyze_name(const char *name)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].name, name) == 0)
			return &names[i];
	return NULL;
}

/* How many quarters up to the review quarter the report shows: a year and one more. */
enum { SHOWN_QUARTERS = 5 };

static struct val *
ratio(struct arena *a, struct num num, struct num den, enum val_fmt fmt)
{
	if (!num.set || !den.set || den.v <= 0)
		return val_null(a);
	return val_num(a, num.v / den.v, fmt);
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
	val_set(r, "follow_up_rate", ratio(a, q->leads_followed_up, q->leads_received, FMT_PERCENT));
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

static struct val *
partner(struct arena *a, const struct review_ctx *ctx, const struct partner *p)
{
	struct val *r = val_rec(a);
	val_set(r, "id", val_name(a, p->id));
	val_set(r, "name", val_name(a, p->name));
	val_set(r, "region", val_name(a, p->region));
	val_set(r, "tier", val_name(a, p->tier));
	val_set(r, "since", p->since ? val_num(a, p->since, FMT_DATE) : val_null(a));

	struct val *c = val_null(a);
	if (p->has_contact) {
		static const char *const sal[] = {[SAL_NONE] = NULL, [SAL_HERR] = "Herr",
						  [SAL_FRAU] = "Frau"};
		c = person(a, &p->contact);
		val_set(c, "salutation", val_str(a, sal[p->salutation]));
		val_set(c, "last_name", val_name(a, last_name(a, p->contact.name)));
	}
	val_set(r, "contact", c);

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
wave_means(const struct survey *s, const struct wave *w, const struct partner *p,
	   double *mean, size_t *count, size_t *respondents)
{
	*respondents = 0;
	for (size_t q = 0; q < s->nquestions; q++) {
		mean[q] = 0;
		count[q] = 0;
	}
	if (w == NULL)
		return;
	for (size_t r = 0; r < w->nresponses; r++) {
		const struct response *resp = &w->responses[r];
		if (resp->partner != p)
			continue;
		(*respondents)++;
		for (size_t q = 0; q < s->nquestions; q++)
			if (resp->answers[q].set) {
				mean[q] += resp->answers[q].v;
				count[q]++;
			}
	}
	for (size_t q = 0; q < s->nquestions; q++)
		if (count[q] > 0)
			mean[q] /= (double)count[q];
}

static void
add_comments(struct arena *a, struct val *list, const struct wave *w, const struct partner *p)
{
	for (size_t r = 0; w != NULL && r < w->nresponses; r++) {
		const struct response *resp = &w->responses[r];
		if (resp->partner != p)
			continue;
		const char *texts[2] = {resp->comment, resp->wish};
		static const char *const kinds[2] = {"comment", "wish"};
		for (int k = 0; k < 2; k++) {
			if (texts[k] == NULL || texts[k][0] == '\0')
				continue;
			struct val *c = val_rec(a);
			val_set(c, "text", val_str(a, texts[k]));
			val_set(c, "kind", val_str(a, kinds[k]));
			val_set(c, "respondent", val_name(a, resp->respondent));
			val_set(c, "submitted",
				resp->submitted ? val_num(a, resp->submitted, FMT_DATE) : val_null(a));
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
		wave_means(s, w, p, mean, count, &nresp);
		wave_means(s, prev, p, pmean, pcount, &pnresp);
	}
	val_set(r, "participated", val_bool(a, nresp > 0));
	val_set(r, "participated_previous",
		prev ? val_bool(a, pnresp > 0) : val_null(a));
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
		val_set(v, "change", count[q] && pcount[q] ? val_num(a, mean[q] - pmean[q], FMT_SIGNED)
							   : val_null(a));
		val_set(v, "answers", val_num(a, (double)count[q], FMT_INT));
		val_push(qs, v);
	}

	struct val *comments = val_set(r, "comments", val_list(a));
	add_comments(a, comments, w, p);
	return r;
}

struct val *
analyze_partner(struct arena *a, const struct review_ctx *ctx, const struct partner *p)
{
	const struct metrics *m = ctx->metrics;
	struct val *root = val_rec(a);
	struct val *vendor = val_set(root, "vendor", val_rec(a));
	val_set(vendor, "name", val_name(a, m->vendor_name));
	val_set(vendor, "manager", person(a, &m->manager));
	val_set(root, "currency", val_name(a, m->currency));
	val_set(root, "today", val_num(a, ctx->today, FMT_DATE));
	val_set(root, "period", val_num(a, ctx->period, FMT_QUARTER));
	val_set(root, "partner", partner(a, ctx, p));
	val_set(root, "survey", survey(a, ctx, p));
	return root;
}
