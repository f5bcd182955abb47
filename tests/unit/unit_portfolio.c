/* SPDX-License-Identifier: MIT */
/* The portfolio's numbers: table cases built in memory, then known facts of the samples. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analyze_portfolio.h"
#include "load.h"
#include "mem.h"
#include "unit.h"

/* An unknown figure, in inputs (absent) and in expectations (must be unset). */
#define U NAN

/*
 * A partner's survey figures, made on demand (portfolio_partner_survey); each also
 * checked against portfolio_participated. Kept in a ring that survey_done gives back.
 */
static struct pf_survey survey_ring[16];
static size_t survey_next;

static const struct pf_survey *
survey_of(const struct portfolio *pf, const struct partner_figures *f)
{
	struct pf_survey *sv = &survey_ring[survey_next++ % 16];
	pf_survey_release(sv);
	portfolio_partner_survey(pf, f, sv);
	CHECK(portfolio_participated(pf, f, false) == sv->participated);
	CHECK(portfolio_participated(pf, f, true) == sv->participated_previous);
	return sv;
}

static void
survey_done(void)
{
	for (size_t i = 0; i < 16; i++)
		pf_survey_release(&survey_ring[i]);
}
#define PERIOD 20263

/* A number matches when both are unknown, or both known and within 1e-9. */
static int
same(struct num got, double want)
{
	if (isnan(want))
		return !num_known(got);
	return num_known(got) && fabs(num_v(got) - want) < 1e-9;
}

#define CHECK_NUM(got, want)                                                                       \
	do {                                                                                       \
		struct num g2_ = (got);                                                            \
		double w2_ = (want);                                                               \
		CHECK(same(g2_, w2_));                                                             \
		if (!same(g2_, w2_))                                                               \
			fprintf(stderr, "  got %s%.12g, want %.12g\n",                             \
			        num_known(g2_) ? "" : "unset ", num_v(g2_), w2_);                  \
	} while (0)

/* ---- Building the model in memory (freed by metrics_free / survey_free) ---- */

enum { MAX_PARTNERS = 32, MAX_QUARTERS = 8, MAX_RESPONSES = 32 };

static struct num
opt(double v)
{
	return num_of(v); /* NaN: unknown */
}

static struct metrics *
mk_metrics(void)
{
	struct metrics *m = xcalloc(1, sizeof(*m));
	m->partners = xcalloc(MAX_PARTNERS, sizeof(*m->partners));
	return m;
}

static struct partner *
mk_partner(struct metrics *m, const char *id, const char *tier)
{
	struct partner *p = &m->partners[m->npartners];
	p->index = m->npartners++;
	p->id = xstrdup(id);
	p->name = xstrdup(id);
	p->tier = tier ? xstrdup(tier) : NULL;
	p->quarters = xcalloc(MAX_QUARTERS, sizeof(*p->quarters));
	return p;
}

/* Quarters must come oldest first, as the loader leaves them. */
static struct quarter *
mk_quarter(struct partner *p, int period, double revenue, double target)
{
	struct quarter *q = &p->quarters[p->nquarters++];
	q->period = period;
	q->revenue = opt(revenue);
	q->target = opt(target);
	return q;
}

static void
mk_team(struct partner *p, size_t n)
{
	p->team = xcalloc(n + 1, sizeof(*p->team));
	for (size_t i = 0; i < n; i++)
		p->team[i].name = xasprintf("Person %zu", i + 1);
	p->nteam = n;
}

static void
mk_reps(struct quarter *q, size_t n)
{
	q->reps = xcalloc(n + 1, sizeof(*q->reps));
	for (size_t i = 0; i < n; i++)
		q->reps[i].name = xasprintf("Rep %zu", i + 1);
	q->nreps = n;
}

/* A survey with the questions "overall" (1..5) and "recommend" (0..10). */
static struct survey *
mk_survey(const int *waves, size_t nwaves)
{
	static const struct {
		const char *id;
		double min, max;
	} qs[] = {{"overall", 1, 5}, {"recommend", 0, 10}};
	struct survey *s = xcalloc(1, sizeof(*s));
	s->nquestions = 2;
	s->questions = xcalloc(2, sizeof(*s->questions));
	for (size_t i = 0; i < 2; i++) {
		s->questions[i].id = xstrdup(qs[i].id);
		s->questions[i].text = xstrdup(qs[i].id);
		s->questions[i].topic = xstrdup(qs[i].id);
		s->questions[i].scale_min = qs[i].min;
		s->questions[i].scale_max = qs[i].max;
	}
	s->scale_min = 1;
	s->scale_max = 5;
	s->nwaves = nwaves;
	s->waves = xcalloc(nwaves + 1, sizeof(*s->waves));
	for (size_t i = 0; i < nwaves; i++) {
		s->waves[i].period = waves[i];
		s->waves[i].responses = xcalloc(MAX_RESPONSES, sizeof(struct response));
	}
	return s;
}

/* A response in wave w (index); p NULL stands for a partner not in the metrics. */
static void
mk_response(struct survey *s, size_t w, struct partner *p, double overall, double recommend)
{
	struct wave *wv = &s->waves[w];
	struct response *r = &wv->responses[wv->nresponses++];
	r->partner_id = xstrdup(p ? p->id : "UNKNOWN-1");
	r->partner = p;
	r->answers = xcalloc(s->nquestions, sizeof(struct num));
	r->answers[0] = opt(overall);
	r->answers[1] = opt(recommend);
}

/* ---- 1. Ranking, shares, ABC classes and the Pareto statement ---- */

/*
 * input: partners as "ID=r1/r2/r3/r4", revenues of the quarters up to 2026-Q3, the
 * last one being 2026-Q3 (fewer values: the latest quarters only); "-" no figures.
 * Expectations list the ranked partners in order as "ID:<rank><class>", then the
 * unranked ones as "ID:-".
 */
static const struct rank_case {
	const char *what;
	const char *input;
	const char *quarter;
	const char *four;
	size_t pareto;          /* on the quarter basis */
	double pareto_partners; /* share */
	double pareto_revenue;  /* share */
} rank_cases[] = {
    {"a single partner is A with 100 %", "X=100", "X:1A", "X:1A", 1, 1.0, 1.0},
    {"one quarter only; the partner reaching 80 % exactly is still A, the next is B",
     "A=50 B=30 C=20", "A:1A B:2A C:3B", "A:1A B:2A C:3B", 2, 2.0 / 3, 0.8},
    {"the partner crossing 80 % is A", "A=70 B=20 C=10", "A:1A B:2A C:3B", "A:1A B:2A C:3B", 2,
     2.0 / 3, 0.9},
    {"ties share rank and class, ordered by id", "A=40 C=20 B=20 E=10 D=10",
     "A:1A B:2A C:2A D:4B E:4B", "A:1A B:2A C:2A D:4B E:4B", 3, 0.6, 0.8},
    {"a tie across the 80 % line stays one class", "A=70 C=10 B=10 D=10", "A:1A B:2A C:2A D:2A",
     "A:1A B:2A C:2A D:2A", 2, 0.5, 0.8},
    {"B up to 95 %, then C", "A=80 B=14 C=5 D=1", "A:1A B:2B C:3B D:4C", "A:1A B:2B C:3B D:4C", 1,
     0.25, 0.8},
    {"zero revenue is class C", "A=100 Z=0", "A:1A Z:2C", "A:1A Z:2C", 1, 0.5, 1.0},
    {"zero total: everybody C, shares unknown", "A=0 B=0", "A:1C B:1C", "A:1C B:1C", 0, U, U},
    {"no figures for the review quarter: not ranked for it", "A=100 B=50/-", "A:1A B:-",
     "A:1A B:2A", 1, 1.0, 1.0},
    {"the four-quarter basis sums what there is", "A=10/10/10/10 B=35 C=-/-/2/5", "B:1A A:2A C:3B",
     "A:1A B:2A C:3B", 2, 2.0 / 3, 0.9},
};

/* Builds the metrics of a rank case. */
static struct metrics *
rank_metrics(const char *input)
{
	struct metrics *m = mk_metrics();
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", input);
	for (char *save = NULL, *tok = strtok_r(buf, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');
		*eq = '\0';
		struct partner *p = mk_partner(m, tok, NULL);
		double rev[4];
		int n = 0;
		for (char *s2 = NULL, *v = strtok_r(eq + 1, "/", &s2); v && n < 4;
		     v = strtok_r(NULL, "/", &s2))
			rev[n++] = strcmp(v, "-") == 0 ? U : strtod(v, NULL);
		for (int i = 0; i < n; i++)
			if (!isnan(rev[i]))
				mk_quarter(p, period_add(PERIOD, i - (n - 1)), rev[i], 100);
	}
	return m;
}

static void
order_string(const struct portfolio *pf, const struct metrics *m, enum pf_basis b, char *out,
             size_t size)
{
	static const char cls[] = {'-', 'A', 'B', 'C'};
	size_t n, len = 0;
	const struct partner_figures *const *order = portfolio_order(pf, b, &n);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%s:%zu%c", len ? " " : "",
		                        order[i]->partner->id, (size_t)order[i]->rank[b].rank,
		                        cls[order[i]->rank[b].cls]);
	for (size_t i = 0; i < m->npartners; i++) {
		const struct partner_figures *f = portfolio_partner(pf, &m->partners[i]);
		if (!f->rank[b].ranked)
			len += (size_t)snprintf(out + len, size - len, "%s%s:-", len ? " " : "",
			                        f->partner->id);
	}
}

static void
test_ranking(void)
{
	struct portfolio_rules rules = portfolio_default_rules();
	for (size_t c = 0; c < sizeof(rank_cases) / sizeof(rank_cases[0]); c++) {
		const struct rank_case *rc = &rank_cases[c];
		int before = unit_failures;
		struct metrics *m = rank_metrics(rc->input);
		struct portfolio *pf = portfolio_new(m, NULL, PERIOD, &rules);
		char got[512];
		order_string(pf, m, PF_QUARTER, got, sizeof(got));
		CHECK_STR(got, rc->quarter);
		order_string(pf, m, PF_FOUR_QUARTERS, got, sizeof(got));
		CHECK_STR(got, rc->four);
		const struct pf_basis_totals *t = &portfolio_totals(pf)->basis[PF_QUARTER];
		CHECK(t->pareto_partners == rc->pareto);
		CHECK_NUM(t->pareto_partner_share, rc->pareto_partners);
		CHECK_NUM(t->pareto_revenue_share, rc->pareto_revenue);
		/* The classes add up to the partners, and the last cumulative share is 1. */
		size_t sum = 0;
		for (int k = 0; k < 4; k++)
			sum += t->classes[k];
		CHECK(sum == portfolio_totals(pf)->partners);
		size_t n;
		const struct partner_figures *const *order = portfolio_order(pf, PF_QUARTER, &n);
		if (n > 0 && num_v(t->revenue) > 0)
			CHECK_NUM(order[n - 1]->rank[PF_QUARTER].cumulative, 1.0);
		if (unit_failures > before)
			fprintf(stderr, "  (after case: %s)\n", rc->what);
		portfolio_free(pf);
		metrics_free(m);
	}
}

/*
 * struct num (model.h): zeroed memory is unknown, 0 and -0 are known, a NaN given
 * to num_of is unknown; arithmetic keeps an overflowing result known, NaN or not,
 * as the separate flag did (it prints as a dash, not as "keine Angabe").
 */
static void
test_num(void)
{
	struct num zero[2];
	memset(zero, 0, sizeof(zero));
	CHECK(sizeof(struct num) == 8);
	CHECK(!num_known(zero[0]) && !num_known(NUM_NONE) && !num_known(num_none()));
	CHECK(num_known(num_of(0)) && num_v(num_of(0)) == 0 && !signbit(num_v(num_of(0))));
	CHECK(num_known(num_of(-0.0)) && signbit(num_v(num_of(-0.0))));
	CHECK(num_v(num_of(412500.5)) == 412500.5 && num_v(num_of(-1e308)) == -1e308);
	CHECK(num_known(num_of(INFINITY)) && num_v(num_of(INFINITY)) == INFINITY);
	CHECK(!num_known(num_of(NAN)) && !num_known(num_of(-NAN)));
	CHECK(num_known(num_exact(NAN)) && isnan(num_v(num_exact(NAN))));
	CHECK(isnan(num_v(num_exact(num_v(NUM_NONE)))) && num_known(num_exact(num_v(NUM_NONE))));

	/* Two revenues whose total overflows: the second cumulative share is inf / inf. */
	struct portfolio_rules rules = portfolio_default_rules();
	struct metrics *m = mk_metrics();
	mk_quarter(mk_partner(m, "A", NULL), PERIOD, 1.5e308, 1);
	mk_quarter(mk_partner(m, "B", NULL), PERIOD, 1.5e308, 1);
	struct portfolio *pf = portfolio_new(m, NULL, PERIOD, &rules);
	struct num cum = portfolio_find(pf, "B")->rank[PF_QUARTER].cumulative;
	CHECK(num_known(cum) && isnan(num_v(cum)));
	portfolio_free(pf);
	metrics_free(m);
}

/* Shares in detail, failed partners, quarters after the period, and the four-quarter sum. */
static void
test_shares(void)
{
	struct portfolio_rules rules = portfolio_default_rules();
	struct metrics *m = rank_metrics("A=40 C=20 B=20 E=10 D=10");
	/* A failed partner is not covered at all, whatever its figures. */
	struct partner *bad = mk_partner(m, "F", NULL);
	mk_quarter(bad, PERIOD, 1000, 100);
	bad->failed = true;
	/* A quarter after the period is ignored on both bases. */
	mk_quarter(&m->partners[4], period_add(PERIOD, 1), 1e6, 100);
	struct portfolio *pf = portfolio_new(m, NULL, PERIOD, &rules);
	const struct portfolio_totals *t = portfolio_totals(pf);
	CHECK(t->partners == 5);
	CHECK(t->period == PERIOD);
	CHECK(portfolio_partner(pf, bad) == NULL);
	CHECK(portfolio_find(pf, "F") == NULL);
	CHECK(portfolio_find(pf, "nobody") == NULL);
	CHECK_NUM(t->basis[PF_QUARTER].revenue, 100);
	CHECK_NUM(t->basis[PF_FOUR_QUARTERS].revenue, 100);
	CHECK(t->basis[PF_QUARTER].classes[PF_CLASS_A] == 3);
	CHECK(t->basis[PF_QUARTER].classes[PF_CLASS_B] == 2);
	static const struct {
		const char *id;
		size_t position;
		double share, cumulative;
	} want[] = {
	    {"A", 1, 0.4, 0.4}, {"B", 2, 0.2, 0.6}, {"C", 3, 0.2, 0.8},
	    {"D", 4, 0.1, 0.9}, {"E", 5, 0.1, 1.0},
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct partner_figures *f = portfolio_find(pf, want[i].id);
		CHECK(f != NULL);
		if (f == NULL)
			continue;
		CHECK(f->rank[PF_QUARTER].position == want[i].position);
		CHECK(f->rank[PF_QUARTER].quarters == 1);
		CHECK_NUM(portfolio_share(pf, f, PF_QUARTER), want[i].share);
		CHECK_NUM(f->rank[PF_QUARTER].cumulative, want[i].cumulative);
	}
	portfolio_free(pf);
	metrics_free(m);

	/* Zero revenue has a share of 0; a zero total leaves every share unknown. */
	m = rank_metrics("A=100 Z=0");
	pf = portfolio_new(m, NULL, PERIOD, &rules);
	CHECK_NUM(portfolio_share(pf, portfolio_find(pf, "Z"), PF_QUARTER), 0);
	CHECK_NUM(portfolio_find(pf, "Z")->rank[PF_QUARTER].cumulative, 1);
	CHECK_NUM(portfolio_figure(pf, portfolio_find(pf, "Z"), PF_ATTAINMENT), 0);
	portfolio_free(pf);
	metrics_free(m);
	m = rank_metrics("A=0 B=0");
	pf = portfolio_new(m, NULL, PERIOD, &rules);
	CHECK_NUM(portfolio_share(pf, portfolio_find(pf, "A"), PF_QUARTER), U);
	CHECK_NUM(portfolio_find(pf, "A")->rank[PF_QUARTER].cumulative, U);
	CHECK_NUM(portfolio_totals(pf)->basis[PF_QUARTER].revenue, 0);
	CHECK(portfolio_totals(pf)->basis[PF_QUARTER].classes[PF_CLASS_C] == 2);
	portfolio_free(pf);
	metrics_free(m);

	/* Four quarters: the fifth quarter back and any later quarter stay out. */
	m = mk_metrics();
	struct partner *p = mk_partner(m, "P", NULL);
	mk_quarter(p, 20252, 1000, 100);
	mk_quarter(p, 20254, 10, 100);
	mk_quarter(p, 20262, 20, 100);
	mk_quarter(p, 20263, 30, 100);
	mk_quarter(p, 20264, 5000, 100);
	pf = portfolio_new(m, NULL, PERIOD, &rules);
	const struct partner_figures *f = portfolio_partner(pf, p);
	CHECK_NUM(f->rank[PF_FOUR_QUARTERS].revenue, 60);
	CHECK(f->rank[PF_FOUR_QUARTERS].quarters == 3);
	CHECK(f->current == &p->quarters[3]);
	portfolio_free(pf);
	/* An older period sees only what was there then: 2026-Q2 is current, 2026-Q3 ignored. */
	pf = portfolio_new(m, NULL, 20262, &rules);
	f = portfolio_partner(pf, p);
	CHECK_NUM(portfolio_figure(pf, f, PF_REVENUE), 20);
	CHECK_NUM(f->rank[PF_FOUR_QUARTERS].revenue, 30);
	CHECK(f->trend_quarters == 2);
	portfolio_free(pf);
	/* A period before all figures: nothing is ranked, totals are unknown. */
	pf = portfolio_new(m, NULL, 20244, &rules);
	f = portfolio_partner(pf, p);
	CHECK(f != NULL && !f->rank[PF_QUARTER].ranked && !f->rank[PF_FOUR_QUARTERS].ranked);
	CHECK(portfolio_totals(pf)->basis[PF_QUARTER].ranked == 0);
	CHECK_NUM(portfolio_totals(pf)->basis[PF_QUARTER].revenue, U);
	CHECK_NUM(portfolio_medians(pf, NULL)->fig[PF_REVENUE], U);
	portfolio_free(pf);
	metrics_free(m);
}

/* ---- 2. Partner figures ---- */

struct qin {
	int period;
	double revenue, target, leads, followed, won;
	size_t reps;
};

static const struct fig_case {
	const char *what;
	struct qin q[6]; /* up to the first with period 0 */
	size_t team;
	double attainment, change_previous, change_year, trend;
	size_t trend_quarters;
	enum pf_trend dir;
	double follow_up, win, per_rep;
} fig_cases[] = {
    {"a full year, rising",
     {{20253, 100, 100, U, U, U, 0},
      {20254, 100, 100, U, U, U, 0},
      {20261, 110, 100, U, U, U, 0},
      {20262, 120, 100, U, U, U, 0},
      {20263, 130, 100, 20, 10, 5, 2}},
     4,
     1.3,
     130.0 / 120 - 1,
     0.3,
     0.0913928830611, /* (130 / 100)^(1/3) - 1 over 2025-Q4 .. 2026-Q3 */
     4,
     PF_TREND_UP,
     0.5,
     0.5,
     65},
    {"one quarter only",
     {{20263, 50, 100, 8, 4, 1, 0}},
     0,
     0.5,
     U,
     U,
     U,
     1,
     PF_TREND_UNKNOWN,
     0.5,
     0.25,
     U},
    {"zero revenue: attainment 0, zero denominators unknown",
     {{20262, 100, 100, U, U, U, 0}, {20263, 0, 100, 0, 0, 0, 0}},
     2,
     0,
     -1,
     U,
     -1, /* (0 / 100)^1 - 1 */
     2,
     PF_TREND_DOWN,
     U,
     U,
     0},
    {"previous quarter with zero revenue: no change, no rate, rising",
     {{20262, 0, 100, U, U, U, 0}, {20263, 50, 100, U, U, U, 0}},
     0,
     0.5,
     U,
     U,
     U,
     2,
     PF_TREND_UP,
     U,
     U,
     U},
    {"flat within the band",
     {{20262, 100, 100, U, U, U, 0}, {20263, 101, 100, U, U, U, 0}},
     0,
     1.01,
     0.01,
     U,
     0.01,
     2,
     PF_TREND_FLAT,
     U,
     U,
     U},
    {"a gap keeps its distance",
     {{20254, 100, 100, U, U, U, 0}, {20263, 130, 100, U, U, U, 0}},
     0,
     1.3,
     U,
     U,
     0.0913928830611, /* three quarters apart: (130 / 100)^(1/3) - 1 */
     2,
     PF_TREND_UP,
     U,
     U,
     U},
    {"missing optional figures stay unknown; the team stands in for reps",
     {{20263, 90, 100, U, 6, U, 0}},
     3,
     0.9,
     U,
     U,
     U,
     1,
     PF_TREND_UNKNOWN,
     U,
     U,
     30},
    {"no figures for the review quarter",
     {{20262, 90, 100, 10, 5, 1, 1}},
     1,
     U,
     U,
     U,
     U,
     1,
     PF_TREND_UNKNOWN,
     U,
     U,
     U},
    {"zero mean revenue has no trend",
     {{20262, 0, 100, U, U, U, 0}, {20263, 0, 100, U, U, U, 0}},
     0,
     0,
     U,
     U,
     U,
     2,
     PF_TREND_UNKNOWN,
     U,
     U,
     U},
};

static void
test_figures(void)
{
	struct portfolio_rules rules = portfolio_default_rules();
	for (size_t c = 0; c < sizeof(fig_cases) / sizeof(fig_cases[0]); c++) {
		const struct fig_case *fc = &fig_cases[c];
		int before = unit_failures;
		struct metrics *m = mk_metrics();
		struct partner *p = mk_partner(m, "P", "Gold");
		mk_team(p, fc->team);
		for (size_t i = 0; i < 6 && fc->q[i].period; i++) {
			const struct qin *in = &fc->q[i];
			struct quarter *q = mk_quarter(p, in->period, in->revenue, in->target);
			q->leads_received = opt(in->leads);
			q->leads_followed_up = opt(in->followed);
			q->deals_won = opt(in->won);
			mk_reps(q, in->reps);
		}
		struct portfolio *pf = portfolio_new(m, NULL, PERIOD, &rules);
		const struct partner_figures *f = portfolio_partner(pf, p);
		CHECK_NUM(portfolio_figure(pf, f, PF_ATTAINMENT), fc->attainment);
		CHECK_NUM(portfolio_figure(pf, f, PF_CHANGE_PREVIOUS), fc->change_previous);
		CHECK_NUM(portfolio_figure(pf, f, PF_CHANGE_YEAR), fc->change_year);
		CHECK_NUM(portfolio_figure(pf, f, PF_TREND), fc->trend);
		CHECK(f->trend_quarters == fc->trend_quarters);
		CHECK(f->trend_dir == fc->dir);
		CHECK_NUM(portfolio_figure(pf, f, PF_FOLLOW_UP_RATE), fc->follow_up);
		CHECK_NUM(portfolio_figure(pf, f, PF_WIN_RATE), fc->win);
		CHECK_NUM(portfolio_figure(pf, f, PF_REVENUE_PER_REP), fc->per_rep);
		CHECK_NUM(portfolio_figure(pf, f, PF_SERVICE_TICKETS), U);
		if (unit_failures > before)
			fprintf(stderr, "  (after case: %s)\n", fc->what);
		portfolio_free(pf);
		metrics_free(m);
	}
	for (int i = 0; i < PF_NFIGURES; i++)
		CHECK(pf_figure_name((enum pf_figure)i) != NULL);
	CHECK_STR(pf_figure_name(PF_FOLLOW_UP_RATE), "follow_up_rate");
	CHECK(pf_figure_name(PF_NFIGURES) == NULL);
}

/* ---- Medians: over all ranked partners and per tier ---- */

static const struct {
	const char *id, *tier;
	double revenue, leads; /* target 100, so attainment is revenue / 100 */
	bool ranked;
} median_partners[] = {
    {"G1", "Gold", 100, 10, true}, {"G2", "Gold", 300, U, true},    {"S1", "Silber", 50, 4, true},
    {"S2", "Silber", 70, 6, true}, {"S3", "Silber", 90, 8, true},   {"N1", NULL, 20, 2, true},
    {"X1", "Solo", 10, 1, true},   {"Y1", "Ghost", 999, 99, false},
};

static const struct {
	const char *tier; /* NULL: all */
	enum pf_figure fig;
	size_t partners;
	double want;
} median_cases[] = {
    {NULL, PF_REVENUE, 7, 70}, /* odd count */
    {NULL, PF_ATTAINMENT, 7, 0.7},
    {NULL, PF_LEADS_RECEIVED, 7, 5},  /* one unknown left out: even count */
    {NULL, PF_SERVICE_TICKETS, 7, U}, /* no values at all */
    {"Gold", PF_REVENUE, 2, 200},     /* even count */
    {"Gold", PF_ATTAINMENT, 2, 2},
    {"Gold", PF_LEADS_RECEIVED, 2, 10}, /* the one known value */
    {"Silber", PF_REVENUE, 3, 70},
    {"Silber", PF_FOLLOW_UP_RATE, 3, U},
    {"Solo", PF_REVENUE, 1, 10}, /* a tier with one partner */
    {"Solo", PF_CHANGE_PREVIOUS, 1, U},
};

static void
test_medians(void)
{
	struct portfolio_rules rules = portfolio_default_rules();
	struct metrics *m = mk_metrics();
	for (size_t i = 0; i < sizeof(median_partners) / sizeof(median_partners[0]); i++) {
		struct partner *p = mk_partner(m, median_partners[i].id, median_partners[i].tier);
		struct quarter *q = mk_quarter(p, median_partners[i].ranked ? PERIOD : 20262,
		                               median_partners[i].revenue, 100);
		q->leads_received = opt(median_partners[i].leads);
	}
	struct portfolio *pf = portfolio_new(m, NULL, PERIOD, &rules);
	for (size_t c = 0; c < sizeof(median_cases) / sizeof(median_cases[0]); c++) {
		const struct figure_medians *md = portfolio_medians(pf, median_cases[c].tier);
		CHECK(md != NULL);
		if (md == NULL)
			continue;
		CHECK(md->partners == median_cases[c].partners);
		CHECK_NUM(md->fig[median_cases[c].fig], median_cases[c].want);
		if (median_cases[c].tier)
			CHECK_STR(md->tier, median_cases[c].tier);
		else
			CHECK(md->tier == NULL);
	}
	/* A tier of unranked partners only is no group; no tier, no group. */
	CHECK(portfolio_medians(pf, "Ghost") == NULL);
	CHECK(portfolio_find(pf, "Y1")->tier_medians == NULL);
	CHECK(portfolio_find(pf, "N1")->tier_medians == NULL);
	CHECK(portfolio_find(pf, "X1")->tier_medians == portfolio_medians(pf, "Solo"));
	CHECK(portfolio_find(pf, "G2")->tier_medians == portfolio_medians(pf, "Gold"));
	portfolio_free(pf);
	metrics_free(m);
}

/* ---- 3. Survey ---- */

static const struct nps_case {
	const char *what;
	double answers[6]; /* recommend answers of one partner's respondents */
	size_t n;
	double score, promoters, detractors;
	size_t answered;
} nps_cases[] = {
    {"all promoters", {9, 10, 10}, 3, 1, 1, 0, 3},
    {"all detractors", {0, 6, 3}, 3, -1, 0, 1, 3},
    {"no answers", {U, U}, 2, U, U, U, 0},
    {"9 promotes, 6 detracts, passives count in the base",
     {10, 9, 8, 7, 6, 0},
     6,
     0,
     2.0 / 6,
     2.0 / 6,
     6},
    {"a null answer is not in the base", {10, 10, 8, U, 5}, 5, 0.25, 0.5, 0.25, 4},
};

static void
test_nps(void)
{
	struct portfolio_rules rules = portfolio_default_rules();
	static const int waves[] = {PERIOD};
	for (size_t c = 0; c < sizeof(nps_cases) / sizeof(nps_cases[0]); c++) {
		const struct nps_case *nc = &nps_cases[c];
		int before = unit_failures;
		struct metrics *m = mk_metrics();
		struct partner *p = mk_partner(m, "P", NULL);
		mk_quarter(p, PERIOD, 100, 100);
		struct survey *s = mk_survey(waves, 1);
		for (size_t i = 0; i < nc->n; i++)
			mk_response(s, 0, p, 3, nc->answers[i]);
		struct portfolio *pf = portfolio_new(m, s, PERIOD, &rules);
		const struct pf_survey *ps = survey_of(pf, portfolio_partner(pf, p));
		CHECK(ps->respondents == nc->n);
		CHECK_NUM(ps->nps.score, nc->score);
		CHECK_NUM(ps->nps.promoters, nc->promoters);
		CHECK_NUM(ps->nps.detractors, nc->detractors);
		CHECK(ps->nps.answers == nc->answered);
		CHECK_NUM(ps->nps_previous.score, U); /* there is no previous wave */
		CHECK_NUM(ps->nps_change, U);
		/* One partner: the portfolio's NPS is its own. */
		CHECK_NUM(portfolio_survey(pf)->all.nps.score, nc->score);
		if (unit_failures > before)
			fprintf(stderr, "  (after case: %s)\n", nc->what);
		portfolio_free(pf);
		survey_free(s);
		metrics_free(m);
	}
}

static void
test_survey(void)
{
	struct portfolio_rules rules = portfolio_default_rules();
	struct metrics *m = mk_metrics();
	struct partner *p1 = mk_partner(m, "P1", NULL);
	struct partner *p2 = mk_partner(m, "P2", NULL);
	struct partner *p3 = mk_partner(m, "P3", NULL); /* skips the latest wave */
	struct partner *p4 = mk_partner(m, "P4", NULL); /* failed: its answers do not count */
	struct partner *p5 = mk_partner(m, "P5", NULL); /* joins after the period */
	struct partner *p6 = mk_partner(m, "P6", NULL); /* new: only the latest wave */
	struct partner *all[] = {p1, p2, p3, p4, p6};
	mk_quarter(p1, 20261, 100, 100); /* P1 and P2 were partners by the first wave */
	mk_quarter(p2, 20261, 100, 100);
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		mk_quarter(all[i], PERIOD, 100, 100);
	mk_quarter(p5, period_add(PERIOD, 1), 100, 100);
	p4->failed = true;

	static const int waves[] = {20261, 20262, PERIOD, 20264};
	struct survey *s = mk_survey(waves, 4);
	mk_response(s, 0, p1, 1, 0);  /* two waves back: never used */
	mk_response(s, 1, p1, 4, 10); /* previous wave */
	mk_response(s, 1, p2, 2, 5);
	mk_response(s, 1, p3, 3, 8);
	mk_response(s, 2, p1, 5, 9); /* latest wave */
	mk_response(s, 2, p1, 3, U);
	mk_response(s, 2, p2, U, 2);
	mk_response(s, 2, p4, 1, 0);
	mk_response(s, 2, NULL, 1, 0); /* not in the metrics */
	mk_response(s, 2, p6, 2, 7);
	mk_response(s, 3, p3, 5, 10); /* after the period: ignored */
	mk_response(s, 3, p5, 5, 10);

	struct portfolio *pf = portfolio_new(m, s, PERIOD, &rules);
	const struct portfolio_survey *ps = portfolio_survey(pf);
	CHECK(ps->survey == s);
	CHECK(ps->wave == &s->waves[2]);
	CHECK(ps->previous == &s->waves[1]);
	CHECK(ps->nps_question == &s->questions[1]);

	const struct pf_survey *a = survey_of(pf, portfolio_partner(pf, p1));
	CHECK(a->respondents == 2 && a->respondents_previous == 1);
	CHECK(a->participated && a->participated_previous);
	CHECK_NUM(a->scores[0].latest, 4);
	CHECK_NUM(a->scores[0].previous, 4);
	CHECK_NUM(a->scores[0].change, 0);
	CHECK(a->scores[0].answers == 2 && a->scores[0].answers_previous == 1);
	CHECK_NUM(a->scores[1].latest, 9); /* the null answer is skipped */
	CHECK(a->scores[1].answers == 1);
	CHECK_NUM(a->nps.score, 1);
	CHECK_NUM(a->nps_previous.score, 1);
	CHECK_NUM(a->nps_change, 0);

	const struct pf_survey *b = survey_of(pf, portfolio_partner(pf, p2));
	CHECK_NUM(b->scores[0].latest, U); /* only a null answer */
	CHECK_NUM(b->scores[0].previous, 2);
	CHECK_NUM(b->scores[0].change, U);
	CHECK_NUM(b->nps.score, -1);
	CHECK_NUM(b->nps_previous.score, -1);

	const struct pf_survey *c = survey_of(pf, portfolio_partner(pf, p3));
	CHECK(!c->participated && c->participated_previous && c->respondents == 0);
	CHECK_NUM(c->scores[0].latest, U);
	CHECK_NUM(c->scores[0].previous, 3);
	CHECK_NUM(c->nps.score, U);
	CHECK_NUM(c->nps_previous.score, 0);

	const struct pf_survey *d = survey_of(pf, portfolio_partner(pf, p6));
	CHECK(d->participated && !d->participated_previous);
	CHECK_NUM(d->scores[0].change, U);

	/* The portfolio: P1 (2), P2 and P6 in the latest wave; P1, P2, P3 before. */
	CHECK(ps->all.respondents == 4 && ps->all.respondents_previous == 3);
	CHECK(ps->participants == 3 && ps->participants_previous == 3);
	CHECK_NUM(ps->all.scores[0].latest, (5 + 3 + 2) / 3.0);
	CHECK_NUM(ps->all.scores[0].previous, 3);
	CHECK_NUM(ps->all.scores[0].change, 10 / 3.0 - 3);
	CHECK_NUM(ps->all.nps.score, 0); /* 9, 2, 7: one promoter, one detractor */
	CHECK(ps->all.nps.answers == 3);
	CHECK_NUM(ps->all.nps_previous.score, 0); /* 10, 5, 8 */
	CHECK(ps->nabsent == 1 && ps->absent[0] == p3);
	CHECK(ps->nabsent_previous == 1 && ps->absent_previous[0] == p6);
	portfolio_free(pf);

	/* The NPS question by id; an id the survey lacks gives no NPS at all. */
	rules.nps_question = "overall";
	pf = portfolio_new(m, s, PERIOD, &rules);
	CHECK(portfolio_survey(pf)->nps_question == &s->questions[0]);
	CHECK_NUM(survey_of(pf, portfolio_partner(pf, p1))->nps.score, -1); /* 5 and 3 detract */
	portfolio_free(pf);
	rules.nps_question = "nps";
	pf = portfolio_new(m, s, PERIOD, &rules);
	CHECK(portfolio_survey(pf)->nps_question == NULL);
	CHECK_NUM(survey_of(pf, portfolio_partner(pf, p1))->nps.score, U);
	CHECK_NUM(portfolio_survey(pf)->all.nps.score, U);
	portfolio_free(pf);
	rules.nps_question = NULL;

	/* A period before every wave: no wave, nobody is listed as absent. */
	pf = portfolio_new(m, s, 20254, &rules);
	ps = portfolio_survey(pf);
	CHECK(ps->wave == NULL && ps->previous == NULL);
	CHECK(ps->nabsent == 0 && ps->nabsent_previous == 0);
	CHECK(survey_of(pf, portfolio_partner(pf, p1))->scores != NULL);
	CHECK_NUM(survey_of(pf, portfolio_partner(pf, p1))->scores[0].latest, U);
	portfolio_free(pf);

	/* The first wave: there is no previous one. */
	pf = portfolio_new(m, s, 20261, &rules);
	ps = portfolio_survey(pf);
	CHECK(ps->wave == &s->waves[0] && ps->previous == NULL);
	/* Only P2 was a partner then and did not answer; P4 failed and is never listed. */
	CHECK(ps->nabsent == 1 && ps->absent[0] == p2);
	CHECK(ps->nabsent_previous == 0);
	portfolio_free(pf);
	survey_free(s);

	/* No survey at all. */
	pf = portfolio_new(m, NULL, PERIOD, &rules);
	ps = portfolio_survey(pf);
	CHECK(ps->survey == NULL && ps->wave == NULL && ps->nps_question == NULL);
	CHECK(ps->nabsent == 0 && ps->absent != NULL);
	CHECK(ps->all.scores == NULL && !ps->all.participated);
	a = survey_of(pf, portfolio_partner(pf, p1));
	CHECK(a->scores == NULL && !a->participated && a->respondents == 0);
	CHECK_NUM(a->nps.score, U);
	portfolio_free(pf);
	metrics_free(m);
}

/* ---- The samples: facts from samples/README.md ---- */

static void
test_samples(void)
{
	struct metrics *m = load_metrics("samples/metrics.json");
	CHECK(m != NULL);
	struct survey *s = m ? load_survey("samples/survey.json", m) : NULL;
	CHECK(s != NULL);
	if (m == NULL || s == NULL) {
		metrics_free(m);
		return;
	}
	struct portfolio_rules rules = portfolio_default_rules();
	struct portfolio *pf = portfolio_new(m, s, PERIOD, &rules);
	const struct portfolio_totals *t = portfolio_totals(pf);
	const struct pf_basis_totals *q = &t->basis[PF_QUARTER];
	CHECK(t->partners == 30 && q->ranked == 30);
	CHECK_NUM(q->revenue, 11534500.5);

	/* The top 6 of 30 (20 %) make 78.9 % of 2026-Q3; US-TX-002 ranks first. */
	size_t n;
	const struct partner_figures *const *order = portfolio_order(pf, PF_QUARTER, &n);
	static const char *const top[] = {"US-TX-002", "US-IL-003", "US-OH-005",
	                                  "US-CA-014", "US-PA-001", "US-MI-004"};
	for (size_t i = 0; i < 6 && i < n; i++)
		CHECK_STR(order[i]->partner->id, top[i]);
	CHECK(n == 30 && fabs(num_v(order[5]->rank[PF_QUARTER].cumulative) - 0.789) < 0.0005);
	CHECK_NUM(order[5]->rank[PF_QUARTER].cumulative, 9100000 / 11534500.5);
	const struct partner_figures *tx = portfolio_find(pf, "US-TX-002");
	CHECK(tx->rank[PF_QUARTER].rank == 1 && tx->rank[PF_FOUR_QUARTERS].rank == 1);
	CHECK(tx->rank[PF_QUARTER].cls == PF_CLASS_A);

	/* The 7th crosses 80 % and is still A: 7 of 30 make 81.6 %. */
	CHECK(q->pareto_partners == 7);
	CHECK_NUM(q->pareto_partner_share, 7 / 30.0);
	CHECK(fabs(num_v(q->pareto_revenue_share) - 0.8158) < 0.0001);
	CHECK(portfolio_find(pf, "US-GA-010")->rank[PF_QUARTER].cls == PF_CLASS_A);
	CHECK(portfolio_find(pf, "US-WA-013")->rank[PF_QUARTER].cls == PF_CLASS_B);
	CHECK(portfolio_find(pf, "US-SC-021")->rank[PF_QUARTER].cls == PF_CLASS_B);
	CHECK(portfolio_find(pf, "US-CT-029")->rank[PF_QUARTER].cls == PF_CLASS_C);
	CHECK(q->classes[PF_CLASS_A] == 7 && q->classes[PF_CLASS_B] == 11 &&
	      q->classes[PF_CLASS_C] == 12 && q->classes[PF_UNRANKED] == 0);

	/* Partner figures. */
	CHECK_NUM(portfolio_figure(pf, tx, PF_ATTAINMENT), 2350000 / 2100000.0);
	CHECK_NUM(portfolio_figure(pf, tx, PF_CHANGE_PREVIOUS), 2350000 / 2195000.0 - 1);
	CHECK_NUM(portfolio_figure(pf, tx, PF_CHANGE_YEAR), U); /* no 2025-Q3 in the samples */
	CHECK(tx->trend_dir == PF_TREND_UP && tx->trend_quarters == 4);
	/* (2,350,000 / 1,832,200)^(1/3) - 1: 2025-Q4 to 2026-Q3 */
	CHECK(fabs(num_v(portfolio_figure(pf, tx, PF_TREND)) - 0.0865048) < 1e-6);
	CHECK_NUM(portfolio_figure(pf, tx, PF_REVENUE_PER_REP), 2350000 / 5.0);
	CHECK(portfolio_find(pf, "US-PA-001")->trend_dir == PF_TREND_DOWN);
	CHECK_NUM(portfolio_figure(pf, portfolio_find(pf, "US-CA-014"), PF_ATTAINMENT), 1250000 / 1510000.0);
	CHECK_NUM(portfolio_figure(pf, portfolio_find(pf, "US-TX-007"), PF_FOLLOW_UP_RATE), 3 / 19.0);
	CHECK_NUM(portfolio_figure(pf, portfolio_find(pf, "US-OR-015"), PF_REVENUE_PER_REP), U);
	/* Tickets by size: per 1 M of revenue (US-MI-004: 41 tickets at 1.000.000 $). */
	CHECK_NUM(portfolio_figure(pf, portfolio_find(pf, "US-MI-004"), PF_TICKETS_PER_REVENUE), 41);
	CHECK_NUM(portfolio_figure(pf, tx, PF_TICKETS_PER_REVENUE), 12 / 2.35);
	CHECK_STR(pf_figure_name(PF_TICKETS_PER_REVENUE), "tickets_per_revenue");
	const struct partner_figures *co = portfolio_find(pf, "US-CO-018");
	CHECK(co->trend_quarters == 2 && co->rank[PF_FOUR_QUARTERS].quarters == 2);
	CHECK_NUM(portfolio_figure(pf, co, PF_CHANGE_PREVIOUS), 38000 / 21700.0 - 1);

	/* Medians: 30 partners (even), Gold 6 (even), Silber 7 (odd); US-NJ-012 has no tier. */
	CHECK_NUM(portfolio_medians(pf, NULL)->fig[PF_REVENUE], 86500);
	CHECK_NUM(portfolio_medians(pf, "Gold")->fig[PF_REVENUE], 1425000);
	CHECK_NUM(portfolio_medians(pf, "Silber")->fig[PF_REVENUE], 205000);
	CHECK(portfolio_medians(pf, "Gold")->partners == 6);
	CHECK(portfolio_find(pf, "US-NJ-012")->tier_medians == NULL);
	CHECK(tx->tier_medians == portfolio_medians(pf, "Gold"));

	/* Survey: non-responders per wave, the averages of US-CA-014, the NPS. */
	const struct portfolio_survey *ps = portfolio_survey(pf);
	CHECK(ps->wave && ps->wave->period == 20263 && ps->previous &&
	      ps->previous->period == 20262);
	CHECK(ps->nabsent == 1 && ps->nabsent > 0 && strcmp(ps->absent[0]->id, "US-TX-007") == 0);
	CHECK(ps->nabsent_previous == 2);
	if (ps->nabsent_previous == 2) {
		CHECK_STR(ps->absent_previous[0]->id, "US-GA-010");
		CHECK_STR(ps->absent_previous[1]->id, "US-CO-018");
	}
	CHECK(ps->participants == 29 && ps->participants_previous == 28);
	CHECK_STR(ps->nps_question->id, "recommend");
	const struct pf_survey *ca = survey_of(pf, portfolio_find(pf, "US-CA-014"));
	CHECK_NUM(ca->scores[0].latest, 2); /* lead_volume */
	CHECK_NUM(ca->scores[1].latest, 3);
	CHECK_NUM(ca->scores[1].previous, 3.5);
	CHECK_NUM(ca->scores[1].change, -0.5);
	CHECK_NUM(survey_of(pf, tx)->scores[6].latest, 5); /* overall */
	CHECK_NUM(survey_of(pf, tx)->nps.score, 1);
	CHECK_NUM(survey_of(pf, tx)->nps_previous.score, -1 / 3.0);
	const struct pf_survey *il = survey_of(pf, portfolio_find(pf, "US-IL-003"));
	CHECK(il->respondents == 3 && il->nps.answers == 2); /* one recommend is null */
	CHECK_NUM(ps->all.scores[6].latest, 218 / 59.0);
	CHECK_NUM(ps->all.scores[6].previous, 3.5);
	CHECK_NUM(ps->all.nps.score, -2 / 58.0);
	CHECK_NUM(ps->all.nps_previous.score, -12 / 52.0);
	portfolio_free(pf);

	/* Re-run 2026-Q2: its own totals, the Q2 wave without a previous one. */
	pf = portfolio_new(m, s, 20262, &rules);
	CHECK_NUM(portfolio_totals(pf)->basis[PF_QUARTER].revenue, 11589550);
	CHECK(portfolio_survey(pf)->wave->period == 20262 && !portfolio_survey(pf)->previous);
	CHECK(portfolio_find(pf, "US-CO-018")->trend_quarters == 1);
	portfolio_free(pf);
	survey_free(s);
	metrics_free(m);
}

int
main(void)
{
	test_num();
	test_ranking();
	test_shares();
	test_figures();
	test_medians();
	test_nps();
	test_survey();
	test_samples();
	survey_done();
	return UNIT_DONE();
}
