/* SPDX-License-Identifier: MIT */
/* The portfolio's numbers: ranking, ABC classes, partner figures, medians and survey scores. */
#include <assert.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "analyze_portfolio.h"
#include "mem.h"

/* Rounding allowance for comparing shares with the class thresholds. */
#define EPS 1e-9

struct portfolio {
	struct arena *arena; /* everything below comes from it */
	const struct metrics *m;
	struct portfolio_rules rules;
	int period;
	struct partner_figures *figs; /* m->npartners entries; partner NULL when not covered */
	struct portfolio_totals totals;
	const struct partner_figures **order[PF_NBASES];
	struct figure_medians all;
	struct figure_medians *tiers;
	size_t ntiers;
	struct portfolio_survey survey;
	long nps;                /* the NPS question's index, or -1 */
	double bar_sum[PF_BARS]; /* portfolio_bars */
	size_t nbars;
	/* The latest wave's and the previous wave's responses by partner (portfolio_responses). */
	struct wave_index {
		const struct wave *w; /* NULL: none */
		uint32_t *start; /* npartners + 2: partner k's are resp[start[k] .. start[k + 1]) */
		uint32_t *resp;  /* indices into w->responses */
	} ix[2];
};

struct portfolio_rules
portfolio_default_rules(void)
{
	struct portfolio_rules r = {
	    .class_a = 0.80,
	    .class_b = 0.95,
	    .promoter_min = 9,
	    .detractor_max = 6,
	    .trend_flat = 0.02,
	    .nps_question = NULL,
	    .table_max = 150,
	    .list_max = 30,
	};
	return r;
}

static const char *const figure_names[PF_NFIGURES] = {
    [PF_ATTAINMENT] = "attainment",
    [PF_REVENUE] = "revenue",
    [PF_CHANGE_PREVIOUS] = "change_previous",
    [PF_FOLLOW_UP_RATE] = "follow_up_rate",
    [PF_WIN_RATE] = "win_rate",
    [PF_REVENUE_PER_REP] = "revenue_per_rep",
    [PF_LEADS_RECEIVED] = "leads_received",
    [PF_SERVICE_TICKETS] = "service_tickets",
    [PF_CHANNEL_CONFLICTS] = "channel_conflicts",
    [PF_CERTIFIED_REPS] = "certified_reps",
    [PF_CHANGE_YEAR] = "change_year",
    [PF_TREND] = "trend",
    [PF_TICKETS_PER_REVENUE] = "tickets_per_revenue",
};

const char *
pf_figure_name(enum pf_figure f)
{
	return (unsigned)f < PF_NFIGURES ? figure_names[f] : NULL;
}

static struct num
known(double v)
{
	return num_exact(v);
}

static const struct num unknown = {0}; /* NUM_NONE */

/* a / b, unknown unless both are known and b > 0. */
static struct num
ratio(struct num a, struct num b)
{
	return num_known(a) && num_known(b) && num_v(b) > 0 ? known(num_v(a) / num_v(b)) : unknown;
}

/* now / before - 1, unknown unless both are known and before > 0. */
static struct num
change(const struct quarter *now, const struct quarter *before)
{
	if (now == NULL || before == NULL)
		return unknown;
	struct num r = ratio(now->revenue, before->revenue);
	if (num_known(r))
		r = num_exact(num_v(r) - 1);
	return r;
}

static struct num
difference(struct num a, struct num b)
{
	return num_known(a) && num_known(b) ? known(num_v(a) - num_v(b)) : unknown;
}

/* A period as a running quarter number, so that distances between periods are plain. */
static int
quarter_number(int period)
{
	return (period / 10) * 4 + period % 10 - 1;
}

/* How many quarters of p (sorted, oldest first) are not after period. */
static size_t
quarters_up_to(const struct partner *p, int period)
{
	size_t end = 0;
	while (end < p->nquarters && p->quarters[end].period <= period)
		end++;
	return end;
}

/*
 * The quarters the trend spans: of the four up to the period, those with revenue; the
 * first and last of them into *first and *last (NULL with none); returns how many.
 */
static size_t
trend_span(const struct partner *p, int period, const struct quarter **first,
           const struct quarter **last)
{
	size_t n = 0, end = quarters_up_to(p, period);
	*first = *last = NULL;
	for (size_t i = 0; i < end; i++) {
		const struct quarter *q = &p->quarters[i];
		if (quarter_number(q->period) < quarter_number(period) - 3 ||
		    !num_known(q->revenue) || n == 4)
			continue;
		if (*first == NULL)
			*first = q;
		*last = q;
		n++;
	}
	return n;
}

/*
 * The revenue trend (see the header): the compound change per quarter from the first
 * to the last quarter that went into it, (last / first)^(1 / quarters between) - 1,
 * what a reader gets from the table's first and last figure; the classification, the
 * report's sentence, its table and the overview all use it. Unknown unless first > 0
 * and last >= 0, and with fewer than two quarters.
 */
static struct pf_trend_rate
trend_rate_of(const struct partner *p, int period)
{
	struct pf_trend_rate t = {unknown, 0, 0};
	const struct quarter *first, *last;
	if (trend_span(p, period, &first, &last) < 2)
		return t;
	t.first = first->period;
	t.last = last->period;
	double a = num_v(first->revenue), b = num_v(last->revenue);
	int span = quarter_number(last->period) - quarter_number(first->period);
	if (a > 0 && b >= 0 && span > 0 && isfinite(a) && isfinite(b))
		t.rate = known(pow(b / a, 1.0 / span) - 1);
	return t;
}

struct pf_trend_rate
portfolio_trend_rate(const struct portfolio *pf, const struct partner_figures *f)
{
	return trend_rate_of(f->partner, pf->period);
}

/* One figure of a partner (see enum pf_figure); f's quarters are set. */
static struct num
figure_of(const struct partner_figures *f, int period, enum pf_figure fig)
{
	const struct quarter *q = f->current;
	switch (fig) {
	case PF_CHANGE_PREVIOUS:
		return change(q, partner_quarter(f->partner, period_add(period, -1)));
	case PF_CHANGE_YEAR:
		return change(q, partner_quarter(f->partner, period_add(period, -4)));
	case PF_TREND:
		return trend_rate_of(f->partner, period).rate;
	default:
		break;
	}
	if (q == NULL)
		return unknown;
	switch (fig) {
	case PF_ATTAINMENT:
		return ratio(q->revenue, q->target);
	case PF_REVENUE:
		return q->revenue;
	case PF_FOLLOW_UP_RATE:
		return ratio(q->leads_followed_up, q->leads_received);
	case PF_WIN_RATE:
		return ratio(q->deals_won, q->leads_followed_up);
	case PF_REVENUE_PER_REP:
		/* Reps listed for the quarter are who sold in it; the team is the fallback. */
		return ratio(q->revenue,
		             known((double)(q->nreps > 0 ? q->nreps : f->partner->nteam)));
	case PF_LEADS_RECEIVED:
		return q->leads_received;
	case PF_SERVICE_TICKETS:
		return q->service_tickets;
	case PF_CHANNEL_CONFLICTS:
		return q->channel_conflicts;
	case PF_CERTIFIED_REPS:
		return q->certified_reps;
	case PF_TICKETS_PER_REVENUE: {
		/* Tickets by size: a big partner has more of them (per 1 M of revenue). */
		struct num t = ratio(q->service_tickets, q->revenue);
		return num_known(t) ? known(num_v(t) * 1e6) : t;
	}
	default:
		return unknown;
	}
}

/* The figures of one partner that need no other partner. */
static void
figures_of(struct partner_figures *f, const struct partner *p, int period,
           const struct portfolio_rules *r)
{
	f->partner = p;
	f->current = partner_quarter(p, period);
	const struct quarter *q = f->current;
	const struct quarter *first, *last;
	f->trend_quarters = (uint8_t)trend_span(p, period, &first, &last);
	struct num t = trend_rate_of(p, period).rate;
	/* From nothing to something has no rate, and rises. */
	bool rising = f->trend_quarters >= 2 && !num_known(t) && num_v(first->revenue) == 0 &&
	              num_v(last->revenue) > 0;
	f->trend_dir = rising                      ? PF_TREND_UP
	               : !num_known(t)             ? PF_TREND_UNKNOWN
	               : num_v(t) > r->trend_flat  ? PF_TREND_UP
	               : num_v(t) < -r->trend_flat ? PF_TREND_DOWN
	                                           : PF_TREND_FLAT;

	struct pf_rank *rq = &f->rank[PF_QUARTER], *r4 = &f->rank[PF_FOUR_QUARTERS];
	if (q != NULL && num_known(q->revenue)) {
		rq->ranked = true;
		rq->revenue = q->revenue;
		rq->quarters = 1;
	}
	int from = quarter_number(period) - 3;
	size_t end = quarters_up_to(p, period);
	double sum = 0;
	for (size_t i = 0; i < end; i++) {
		const struct quarter *qq = &p->quarters[i];
		if (quarter_number(qq->period) >= from && num_known(qq->revenue)) {
			sum += num_v(qq->revenue);
			r4->quarters++;
		}
	}
	if (r4->quarters > 0) {
		r4->ranked = true;
		r4->revenue = known(sum);
	}
}

/* One partner on the basis being ranked: the sort key beside the figures. */
struct rank_item {
	double revenue;
	const char *id;
	struct partner_figures *f;
};

/* Highest revenue first, ties by id. */
static int
cmp_rank(const void *a, const void *b)
{
	const struct rank_item *x = a, *y = b;
	if (x->revenue != y->revenue)
		return x->revenue > y->revenue ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* Orders, ranks and classes the partners on one basis, and sums it up. */
static void
rank_basis(struct portfolio *pf, enum pf_basis b)
{
	const struct metrics *m = pf->m;
	struct pf_basis_totals *t = &pf->totals.basis[b];
	struct rank_item *items = xmalloc((m->npartners + 1) * sizeof(*items));
	size_t n = 0;
	double total = 0;
	for (size_t i = 0; i < m->npartners; i++) {
		struct partner_figures *f = &pf->figs[i];
		if (f->partner == NULL)
			continue;
		if (!f->rank[b].ranked) {
			t->classes[PF_UNRANKED]++;
			continue;
		}
		items[n].revenue = num_v(f->rank[b].revenue);
		items[n].id = f->partner->id ? f->partner->id : "";
		items[n++].f = f;
		total += num_v(f->rank[b].revenue);
	}
	qsort(items, n, sizeof(*items), cmp_rank);
	const struct partner_figures **order = arena_alloc(pf->arena, (n + 1) * sizeof(*order));
	for (size_t i = 0; i < n; i++)
		order[i] = items[i].f;
	pf->order[b] = order;
	t->ranked = n;
	t->revenue = n > 0 ? known(total) : unknown;

	double running = 0, before = 0; /* before: revenue of all partners ranked higher */
	size_t rank = 0;
	for (size_t i = 0; i < n; i++) {
		struct pf_rank *r = &items[i].f->rank[b];
		double rev = items[i].revenue;
		if (i == 0 || rev != items[i - 1].revenue) {
			rank = i + 1;
			before = running;
		}
		running += rev;
		r->rank = (uint32_t)rank;
		r->position = (uint32_t)(i + 1);
		if (total > 0)
			r->cumulative = known(running / total);
		if (rev <= 0 || total <= 0)
			r->cls = PF_CLASS_C;
		else if (before / total < pf->rules.class_a - EPS)
			r->cls = PF_CLASS_A;
		else if (before / total < pf->rules.class_b - EPS)
			r->cls = PF_CLASS_B;
		else
			r->cls = PF_CLASS_C;
		t->classes[r->cls]++;
	}

	xfree(items);
	if (total <= 0)
		return;
	size_t k = 0;
	running = 0;
	while (k < n) {
		running += num_v(order[k++]->rank[b].revenue);
		if (running / total >= pf->rules.class_a - EPS)
			break;
	}
	t->pareto_partners = k;
	t->pareto_partner_share = known((double)k / (double)n);
	t->pareto_revenue_share = known(running / total);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/*
 * Rearranges v[0..n) (no NaN) so that v[k] is the value a sort would put there, none
 * before it larger and none after it smaller, and returns it: Hoare's selection with
 * the middle of three as pivot, linear on the whole, where sorting each figure of
 * 10,000 partners was a third of the portfolio's time. Past 64 rounds (inputs made to
 * defeat the pivot) it sorts what is left: never quadratic.
 */
static double
select_kth(double *v, size_t n, size_t k)
{
	assert(k < n);
	ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, kk = (ptrdiff_t)k;
	for (int round = 0; lo < hi; round++) {
		if (round == 64) {
			qsort(v + lo, (size_t)(hi - lo + 1), sizeof(double), cmp_double);
			break;
		}
		double a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi];
		double x = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
		ptrdiff_t i = lo, j = hi;
		do {
			while (v[i] < x)
				i++;
			while (x < v[j])
				j--;
			if (i <= j) {
				double t = v[i];
				v[i++] = v[j];
				v[j--] = t;
			}
		} while (i <= j);
		if (j < kk)
			lo = i;
		if (kk < i)
			hi = j;
	}
	return v[k];
}

/* The median of v[0..n), n > 0; v is reordered. */
static double
median_of(double *v, size_t n)
{
	size_t k = n / 2;
	double upper = select_kth(v, n, k);
	if (n % 2)
		return upper;
	/* The lower middle is the largest of v[0..k), all of them <= v[k]. */
	double lower = v[0];
	for (size_t i = 1; i < k; i++)
		if (v[i] > lower)
			lower = v[i];
	return (lower + upper) / 2;
}

/*
 * The medians of all ranked partners and of each tier group. Each figure is made once
 * a partner and goes, in the order of the ranking, to the values of all and of the
 * partner's tier: one walk over the partners a figure (the model is tens of MB, and a
 * walk for every group and figure was most of the portfolio's time), the values of
 * each group in the same order as a walk of its own would give them.
 */
static void
all_medians(struct portfolio *pf)
{
	const struct pf_basis_totals *t = &pf->totals.basis[PF_QUARTER];
	const struct partner_figures *const *order = pf->order[PF_QUARTER];
	size_t n = t->ranked;
	const char **tiers = xmalloc((n + 1) * sizeof(*tiers));
	size_t nt = 0;
	/* Tier groups in the order the metrics first name them. */
	for (size_t i = 0; i < pf->m->npartners; i++) {
		const struct partner_figures *f = &pf->figs[i];
		if (f->partner == NULL || !f->rank[PF_QUARTER].ranked || f->partner->tier == NULL)
			continue;
		size_t j = 0;
		while (j < nt && strcmp(tiers[j], f->partner->tier) != 0)
			j++;
		if (j == nt)
			tiers[nt++] = f->partner->tier;
	}
	pf->ntiers = nt;
	pf->tiers = arena_alloc(pf->arena, (nt + 1) * sizeof(*pf->tiers));
	/* Each ranked partner's group (nt: none), and where each group's values start. */
	uint32_t *group = xmalloc((n + 1) * sizeof(*group));
	size_t *start = xcalloc(nt + 2, sizeof(*start));
	size_t *fill = xmalloc((nt + 1) * sizeof(*fill));
	for (size_t i = 0; i < n; i++) {
		const char *tier = order[i]->partner->tier;
		size_t j = 0;
		while (tier != NULL && j < nt && strcmp(tiers[j], tier) != 0)
			j++;
		group[i] = (uint32_t)(tier != NULL ? j : nt);
		start[group[i] + 1]++;
	}
	for (size_t j = 0; j <= nt; j++)
		start[j + 1] += start[j];
	pf->all.tier = NULL;
	pf->all.partners = n;
	for (size_t j = 0; j < nt; j++) {
		pf->tiers[j].tier = tiers[j];
		pf->tiers[j].partners = start[j + 1] - start[j];
	}
	/*
	 * Each figure is made in the partners' order in the file, the model's in memory
	 * (NaN: none), and taken from there in the ranking's order.
	 */
	size_t np = pf->m->npartners;
	uint32_t *at = xmalloc((n + 1) * sizeof(*at));
	for (size_t i = 0; i < n; i++)
		at[i] = (uint32_t)(order[i] - pf->figs);
	double *val = xmalloc((np + 1) * sizeof(double));
	double *v = xmalloc((n + 1) * sizeof(double)), *vt = xmalloc((n + 1) * sizeof(double));
	for (int fig = 0; fig < PF_NFIGURES; fig++) {
		for (size_t k = 0; k < np; k++) {
			const struct partner_figures *f = &pf->figs[k];
			if (f->partner == NULL || !f->rank[PF_QUARTER].ranked)
				continue;
			struct num x = figure_of(f, pf->period, (enum pf_figure)fig);
			val[k] = num_known(x) ? num_v(x) : NAN;
		}
		size_t nv = 0;
		memcpy(fill, start, (nt + 1) * sizeof(*fill));
		for (size_t i = 0; i < n; i++) {
			double x = val[at[i]];
			if (!isnan(x)) {
				v[nv++] = x;
				vt[fill[group[i]]++] = x;
			}
		}
		pf->all.fig[fig] = nv > 0 ? known(median_of(v, nv)) : unknown;
		for (size_t j = 0; j < nt; j++) {
			size_t k = fill[j] - start[j];
			pf->tiers[j].fig[fig] =
			    k > 0 ? known(median_of(vt + start[j], k)) : unknown;
		}
	}
	xfree(at);
	xfree(val);
	xfree(v);
	xfree(vt);
	xfree(group);
	xfree(start);
	xfree(fill);
	xfree(tiers);
	for (size_t i = 0; i < pf->m->npartners; i++) {
		struct partner_figures *f = &pf->figs[i];
		if (f->partner != NULL && f->partner->tier != NULL)
			f->tier_medians = portfolio_medians(pf, f->partner->tier);
	}
}

/* Answers of one partner (or of all covered partners) in one wave, summed up. */
struct tally {
	double *sum;   /* per question */
	size_t *count; /* per question */
	size_t respondents;
	size_t nps_answers, promoters, detractors;
};

static void
tally_init(struct arena *a, struct tally *t, size_t nq)
{
	t->sum = arena_alloc(a, (nq + 1) * sizeof(double));
	t->count = arena_alloc(a, (nq + 1) * sizeof(size_t));
}

static void
tally_add(struct tally *t, const struct survey *s, const struct response *resp, long nps,
          const struct portfolio_rules *r)
{
	t->respondents++;
	for (size_t q = 0; q < s->nquestions; q++)
		if (num_known(resp->answers[q])) {
			t->sum[q] += num_v(resp->answers[q]);
			t->count[q]++;
		}
	if (nps >= 0 && num_known(resp->answers[nps])) {
		double a = num_v(resp->answers[nps]);
		t->nps_answers++;
		if (a >= r->promoter_min)
			t->promoters++;
		else if (a <= r->detractor_max)
			t->detractors++;
	}
}

static struct pf_nps
nps_of(const struct tally *t)
{
	struct pf_nps n = {unknown, unknown, unknown, t->nps_answers};
	if (t->nps_answers == 0)
		return n;
	double a = (double)t->nps_answers;
	n.promoters = known((double)t->promoters / a);
	n.detractors = known((double)t->detractors / a);
	n.score = known(((double)t->promoters - (double)t->detractors) / a);
	return n;
}

/*
 * Turns the tallies of the latest wave (now) and the one before (prev) into scores,
 * nq of them at sc.
 */
static void
survey_figures(struct pf_survey *out, struct pf_score *sc, const struct tally *now,
               const struct tally *prev, size_t nq)
{
	for (size_t q = 0; q < nq; q++) {
		sc[q].answers = (uint32_t)now->count[q];
		sc[q].answers_previous = (uint32_t)prev->count[q];
		sc[q].latest = now->count[q] ? known(now->sum[q] / (double)now->count[q]) : unknown;
		sc[q].previous =
		    prev->count[q] ? known(prev->sum[q] / (double)prev->count[q]) : unknown;
		sc[q].change = difference(sc[q].latest, sc[q].previous);
	}
	out->scores = sc;
	out->respondents = now->respondents;
	out->respondents_previous = prev->respondents;
	out->participated = now->respondents > 0;
	out->participated_previous = prev->respondents > 0;
	out->nps = nps_of(now);
	out->nps_previous = nps_of(prev);
	out->nps_change = difference(out->nps.score, out->nps_previous.score);
}

static size_t
figures_index(const struct portfolio *pf, const struct partner *p)
{
	const struct metrics *m = pf->m;
	if (p == NULL)
		return SIZE_MAX;
	if (p->index < m->npartners && &m->partners[p->index] == p)
		return p->index;
	for (size_t i = 0; i < m->npartners; i++)
		if (&m->partners[i] == p)
			return i;
	return SIZE_MAX;
}

/*
 * The responses of covered partners in wave w, grouped by partner in wave order
 * (a counting sort): partner k's are resp[start[k] .. start[k + 1]). Every such
 * response also goes into all, in wave order. Two small arrays instead of a tally
 * per partner and wave (some 400 bytes a partner: 40 MiB at 100,000 partners); kept
 * for portfolio_responses, so that no report walks the whole wave for its partner.
 */
static void
wave_index(struct portfolio *pf, const struct survey *s, const struct wave *w, long nps,
           struct wave_index *ix, struct tally *all)
{
	size_t n = pf->m->npartners, nr = w != NULL ? w->nresponses : 0;
	ix->w = w;
	ix->start = arena_alloc(pf->arena, (n + 2) * sizeof(*ix->start));
	ix->resp = arena_alloc(pf->arena, (nr + 1) * sizeof(*ix->resp));
	uint32_t *owner = xmalloc((nr + 1) * sizeof(*owner));
	for (size_t i = 0; i < nr; i++) {
		const struct response *resp = &w->responses[i];
		size_t k = figures_index(pf, resp->partner);
		if (k == SIZE_MAX || pf->figs[k].partner == NULL) {
			owner[i] = UINT32_MAX;
			continue;
		}
		owner[i] = (uint32_t)k;
		ix->start[k + 2]++;
		tally_add(all, s, resp, nps, &pf->rules);
	}
	for (size_t k = 2; k < n + 2; k++)
		ix->start[k] += ix->start[k - 1];
	/* start[k + 1] is now where partner k's responses go; after, where they end. */
	for (size_t i = 0; i < nr; i++)
		if (owner[i] != UINT32_MAX)
			ix->resp[ix->start[owner[i] + 1]++] = (uint32_t)i;
	xfree(owner);
}

/* Partner k's responses in wave w into t (emptied first). */
static void
tally_partner(const struct portfolio *pf, const struct survey *s, const struct wave *w, long nps,
              const struct wave_index *ix, size_t k, struct tally *t)
{
	size_t nq = s->nquestions;
	memset(t->sum, 0, (nq + 1) * sizeof(double));
	memset(t->count, 0, (nq + 1) * sizeof(size_t));
	t->respondents = t->nps_answers = t->promoters = t->detractors = 0;
	for (uint32_t j = ix->start[k]; j < ix->start[k + 1]; j++)
		tally_add(t, s, &w->responses[ix->resp[j]], nps, &pf->rules);
}

/* Covered partners that were partners by the period and have no response in a wave. */
static const struct partner *const *
absent(struct portfolio *pf, const struct wave_index *ix, size_t *n)
{
	const struct metrics *m = pf->m;
	const struct partner **list = NULL;
	/* Counted first, then listed: an array for all partners would be 8 bytes a partner. */
	for (int pass = 0; pass < 2; pass++) {
		*n = 0;
		for (size_t i = 0; i < m->npartners; i++) {
			const struct partner *p = pf->figs[i].partner;
			if (p == NULL || quarters_up_to(p, pf->period) == 0 ||
			    ix->start[i] != ix->start[i + 1])
				continue;
			if (list != NULL)
				list[*n] = p;
			++*n;
		}
		if (list == NULL)
			list = arena_alloc(pf->arena, (*n + 1) * sizeof(*list));
	}
	return list;
}

static void
survey_all(struct portfolio *pf, const struct survey *s)
{
	struct portfolio_survey *ps = &pf->survey;
	static const struct partner *const none[1];
	ps->absent = ps->absent_previous = none;
	ps->survey = s;
	if (s == NULL)
		return;
	ps->wave = analyze_wave(s, pf->period);
	ps->previous = ps->wave != NULL && ps->wave > s->waves ? ps->wave - 1 : NULL;

	long nps = -1;
	for (size_t q = 0; q < s->nquestions && nps < 0; q++) {
		const struct question *qu = &s->questions[q];
		if (pf->rules.nps_question != NULL ? strcmp(qu->id, pf->rules.nps_question) == 0
		                                   : qu->scale_min == 0 && qu->scale_max == 10)
			nps = (long)q;
	}
	ps->nps_question = nps >= 0 ? &s->questions[nps] : NULL;
	pf->nps = nps;

	const struct metrics *m = pf->m;
	size_t nq = s->nquestions;
	/* The tallies are needed only here: not kept. */
	struct arena *ta = arena_new();
	struct tally all_now = {0}, all_prev = {0};
	tally_init(ta, &all_now, nq);
	tally_init(ta, &all_prev, nq);
	struct wave_index *ix_now = &pf->ix[0], *ix_prev = &pf->ix[1];
	wave_index(pf, s, ps->wave, nps, ix_now, &all_now);
	wave_index(pf, s, ps->previous, nps, ix_prev, &all_prev);

	/* Each partner's own figures are made on demand (portfolio_partner_survey). */
	for (size_t i = 0; i < m->npartners; i++) {
		if (pf->figs[i].partner == NULL)
			continue;
		ps->participants += ix_now->start[i + 1] > ix_now->start[i];
		ps->participants_previous += ix_prev->start[i + 1] > ix_prev->start[i];
	}
	struct pf_score *sc = arena_alloc(pf->arena, (nq + 1) * sizeof(*sc));
	survey_figures(&ps->all, sc, &all_now, &all_prev, nq);
	if (ps->wave != NULL)
		ps->absent = absent(pf, ix_now, &ps->nabsent);
	if (ps->previous != NULL)
		ps->absent_previous = absent(pf, ix_prev, &ps->nabsent_previous);
	arena_free(ta);
}

/* The sums behind portfolio_bars, added in the order as a report once added them. */
static void
bars(struct portfolio *pf)
{
	size_t n = pf->totals.basis[PF_QUARTER].ranked;
	const struct partner_figures **order = pf->order[PF_QUARTER];
	pf->nbars = n < PF_BARS ? n : PF_BARS;
	for (size_t k = 0; k < pf->nbars; k++) {
		double sum = 0;
		for (size_t i = k * n / pf->nbars; i < (k + 1) * n / pf->nbars; i++) {
			const struct pf_rank *rk = &order[i]->rank[PF_QUARTER];
			sum += num_known(rk->revenue) ? num_v(rk->revenue) : 0;
		}
		pf->bar_sum[k] = sum;
	}
}

struct portfolio *
portfolio_new(const struct metrics *m, const struct survey *s, int period,
              const struct portfolio_rules *r)
{
	mem_give_back();
	/* Some 100 bytes a partner: 10 MB for 100,000, in huge pages (one fault per 2 MiB). */
	struct arena *a = arena_new_large();
	struct portfolio *pf = arena_alloc(a, sizeof(*pf));
	pf->arena = a;
	pf->m = m;
	pf->rules = *r;
	pf->period = period;
	pf->totals.period = period;
	pf->figs = arena_alloc(a, (m->npartners + 1) * sizeof(*pf->figs));
	for (size_t i = 0; i < m->npartners; i++) {
		const struct partner *p = &m->partners[i];
		if (p->failed)
			continue;
		figures_of(&pf->figs[i], p, period, r);
		pf->totals.partners++;
	}
	for (int b = 0; b < PF_NBASES; b++)
		rank_basis(pf, (enum pf_basis)b);
	all_medians(pf);
	survey_all(pf, s);
	bars(pf);
	/* The ranking's and the medians' arrays, freed: not kept in the heap for the run. */
	arena_trim(a);
	mem_give_back();
	return pf;
}

void
portfolio_free(struct portfolio *pf)
{
	if (pf != NULL)
		arena_free(pf->arena);
}

const struct partner_figures *
portfolio_partner(const struct portfolio *pf, const struct partner *p)
{
	size_t i = figures_index(pf, p);
	return i != SIZE_MAX && pf->figs[i].partner != NULL ? &pf->figs[i] : NULL;
}

const struct partner_figures *
portfolio_find(const struct portfolio *pf, const char *id)
{
	for (size_t i = 0; id != NULL && i < pf->m->npartners; i++) {
		const struct partner *p = pf->figs[i].partner;
		if (p != NULL && p->id != NULL && strcmp(p->id, id) == 0)
			return &pf->figs[i];
	}
	return NULL;
}

const struct portfolio_totals *
portfolio_totals(const struct portfolio *pf)
{
	return &pf->totals;
}

const struct figure_medians *
portfolio_medians(const struct portfolio *pf, const char *tier)
{
	if (tier == NULL)
		return &pf->all;
	for (size_t i = 0; i < pf->ntiers; i++)
		if (strcmp(pf->tiers[i].tier, tier) == 0)
			return &pf->tiers[i];
	return NULL;
}

const struct partner_figures *const *
portfolio_order(const struct portfolio *pf, enum pf_basis b, size_t *n)
{
	*n = pf->totals.basis[b].ranked;
	return pf->order[b];
}

struct num
portfolio_figure(const struct portfolio *pf, const struct partner_figures *f, enum pf_figure fig)
{
	return figure_of(f, pf->period, fig);
}

struct num
portfolio_share(const struct portfolio *pf, const struct partner_figures *f, enum pf_basis b)
{
	/* As the ranking made it: the same two doubles, the total summed once. */
	struct num total = pf->totals.basis[b].revenue;
	if (!f->rank[b].ranked || !num_known(total) || num_v(total) <= 0)
		return unknown;
	return known(num_v(f->rank[b].revenue) / num_v(total));
}

const struct portfolio_survey *
portfolio_survey(const struct portfolio *pf)
{
	return &pf->survey;
}

bool
portfolio_participated(const struct portfolio *pf, const struct partner_figures *f, bool previous)
{
	const struct wave_index *ix = &pf->ix[previous ? 1 : 0];
	size_t k = (size_t)(f - pf->figs);
	assert(k < pf->m->npartners);
	return ix->start != NULL && ix->start[k + 1] > ix->start[k];
}

void
portfolio_partner_survey(const struct portfolio *pf, const struct partner_figures *f,
                         struct pf_survey *out)
{
	memset(out, 0, sizeof(*out));
	const struct survey *s = pf->survey.survey;
	if (s == NULL)
		return;
	size_t k = (size_t)(f - pf->figs), nq = s->nquestions;
	assert(k < pf->m->npartners);
	struct pf_score *sc = xcalloc(nq + 1, sizeof(*sc));
	double *sum = xcalloc(2 * (nq + 1), sizeof(double));
	size_t *count = xcalloc(2 * (nq + 1), sizeof(size_t));
	struct tally now = {.sum = sum, .count = count};
	struct tally prev = {.sum = sum + nq + 1, .count = count + nq + 1};
	tally_partner(pf, s, pf->survey.wave, pf->nps, &pf->ix[0], k, &now);
	tally_partner(pf, s, pf->survey.previous, pf->nps, &pf->ix[1], k, &prev);
	survey_figures(out, sc, &now, &prev, nq);
	xfree(sum);
	xfree(count);
}

void
pf_survey_release(struct pf_survey *sv)
{
	free((void *)sv->scores);
	sv->scores = NULL;
}

const double *
portfolio_bars(const struct portfolio *pf, size_t *bars)
{
	*bars = pf->nbars;
	return pf->bar_sum;
}

void
portfolio_responses(const struct portfolio *pf, const struct wave *w, const struct partner *p,
                    struct pf_responses *it)
{
	*it = (struct pf_responses){.w = w, .p = p};
	size_t k = pf != NULL && w != NULL ? figures_index(pf, p) : SIZE_MAX;
	if (k == SIZE_MAX || pf->figs[k].partner == NULL)
		return;
	for (int i = 0; i < 2; i++)
		if (pf->ix[i].w == w && pf->ix[i].start != NULL) {
			it->idx = pf->ix[i].resp + pf->ix[i].start[k];
			it->n = pf->ix[i].start[k + 1] - pf->ix[i].start[k];
		}
}

const struct response *
pf_responses_next(struct pf_responses *it)
{
	if (it->w == NULL)
		return NULL;
	if (it->idx != NULL)
		return it->i < it->n ? &it->w->responses[it->idx[it->i++]] : NULL;
	while (it->i < it->w->nresponses) {
		const struct response *r = &it->w->responses[it->i++];
		if (r->partner == it->p)
			return r;
	}
	return NULL;
}
