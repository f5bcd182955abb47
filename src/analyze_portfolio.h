/* SPDX-License-Identifier: MIT */
/* The portfolio's numbers: ranking, ABC classes, partner figures, medians and survey scores. */
#ifndef PR_ANALYZE_PORTFOLIO_H
#define PR_ANALYZE_PORTFOLIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

/*
 * A pure computation over the whole input model, built once per run and then only
 * read (so the batch's jobs may share it). No value tree, no formatting, no text.
 *
 * Units throughout: shares, rates and changes are ratios (0.8 is 80 %, a change of
 * +0.05 is +5 %); money is as given in the metrics, in its currency; counts are
 * counts; survey means are on the question's own scale. Every figure that cannot be
 * computed (missing input, zero denominator, no values) is a struct num not
 * known (NUM_NONE: "keine Angabe"), never 0.
 *
 * The partners covered are all partners of the metrics that are not failed, even
 * when the run renders only some. Quarters after the review period are ignored, as
 * everywhere; so are survey waves after it.
 */

/* The thresholds, filled by the caller from the rules file. */
struct portfolio_rules {
	double class_a;           /* cumulative revenue share up to which a partner is A: 0.80 */
	double class_b;           /* ... B: 0.95; the rest is C */
	double promoter_min;      /* NPS: an answer >= this is a promoter: 9 */
	double detractor_max;     /* an answer <= this is a detractor: 6 */
	double trend_flat;        /* |trend| <= this is flat (a ratio per quarter): 0.02 */
	const char *nps_question; /* the id of the 0..10 recommend question; NULL: the first
	                             question whose scale is 0..10 */
	/* The overview: a table of every partner up to table_max ranked ones (150); above, */
	size_t table_max;
	size_t list_max; /* each of its lists of partners shows the first list_max (30) */
};

/* The defaults above, for callers without a rules file and for tests. */
struct portfolio_rules portfolio_default_rules(void);

/* The two bases a partner is ranked on. */
enum pf_basis {
	PF_QUARTER,       /* revenue of the review quarter */
	PF_FOUR_QUARTERS, /* sum of the revenues available in the four quarters up to it */
	PF_NBASES
};

enum pf_class {
	PF_UNRANKED, /* no figures on this basis */
	PF_CLASS_A,
	PF_CLASS_B,
	PF_CLASS_C
};

/*
 * Where a partner stands on one basis.
 *
 * Order: by revenue, highest first, ties by id (strcmp). rank is competition
 * ranking: equal revenues share a rank and the next rank skips (1, 2, 2, 4).
 * cumulative is the running share in that order, this partner included, so of two
 * tied partners the one with the smaller id has the smaller cumulative share.
 *
 * ABC class: let "before" be the share of all partners with strictly more revenue
 * (the cumulative share before this partner's rank). The partner is A when
 * before < class_a (so the partner that crosses 80 % is still A), else B when
 * before < class_b, else C. Tied partners thus always share a class, whatever
 * their ids. A partner with zero revenue is always C; so, when the total revenue is
 * zero, every ranked partner is C (and share and cumulative are unknown).
 * Comparisons allow 1e-9 for rounding.
 */
struct pf_rank {
	bool ranked;        /* false: no figures (review quarter / any of the four) */
	uint8_t quarters;   /* quarters that went into revenue (1 on PF_QUARTER), up to 4 */
	enum pf_class cls;  /* beside ranked, so that the three share 8 bytes */
	uint32_t rank;      /* 1-based, competition ranking; 0 when not ranked */
	uint32_t position;  /* 1-based place in the order (ties by id); 0 when not ranked */
	struct num revenue; /* money: the quarter's, or the sum over the four quarters */
	/* revenue / total revenue of the ranked partners: portfolio_share */
	struct num cumulative; /* running share in the order, this partner included */
};

/*
 * The figures compared with the medians, in the partner's review quarter.
 * Rates and per-person figures are unknown when their denominator is 0 or unknown.
 */
enum pf_figure {
	PF_ATTAINMENT,          /* revenue / target */
	PF_REVENUE,             /* money */
	PF_CHANGE_PREVIOUS,     /* revenue / previous quarter's - 1; needs previous > 0 */
	PF_FOLLOW_UP_RATE,      /* leads_followed_up / leads_received */
	PF_WIN_RATE,            /* deals_won / leads_followed_up */
	PF_REVENUE_PER_REP,     /* money: revenue / reps listed in the quarter, else / sales_team */
	PF_LEADS_RECEIVED,      /* count, as given */
	PF_SERVICE_TICKETS,     /* count, as given */
	PF_CHANNEL_CONFLICTS,   /* count, as given */
	PF_CERTIFIED_REPS,      /* count, as given */
	PF_CHANGE_YEAR,         /* revenue / the same quarter a year before - 1 (= change_year) */
	PF_TREND,               /* relative revenue change per quarter (= trend) */
	PF_TICKETS_PER_REVENUE, /* service tickets per 1,000,000 of revenue; needs revenue > 0 */
	PF_NFIGURES
};

/* The figure's name in snake_case ("follow_up_rate"), for tables and the value tree. */
const char *pf_figure_name(enum pf_figure f);

enum pf_trend {
	PF_TREND_UNKNOWN, /* fewer than two quarters, or mean revenue 0 */
	PF_TREND_DOWN,    /* trend < -trend_flat */
	PF_TREND_FLAT,    /* within the band */
	PF_TREND_UP       /* trend > trend_flat */
};

/*
 * Medians of one group of partners: all partners ranked on the review quarter
 * (tier NULL), or those of one tier (tiers compare with strcmp; a partner without
 * a tier is in no tier group). Unknown values are left out; a median of no values
 * is unknown; an even count takes the mean of the middle two.
 */
struct figure_medians {
	const char *tier; /* borrowed from the metrics; NULL for all partners */
	size_t partners;  /* ranked partners in the group */
	struct num fig[PF_NFIGURES];
};

/* Mean answers to one question (or NPS figures) in the latest wave and the one before. */
struct pf_score {
	struct num latest;   /* mean over the answers, on the question's scale */
	struct num previous; /* the same in the wave before; unknown when there is none */
	struct num change;   /* latest - previous, in scale points */
	uint32_t answers, answers_previous; /* non-null answers counted (far below 2^32) */
};

/*
 * Net Promoter Score in one wave over the respondents who answered the NPS
 * question: share of promoters minus share of detractors, a ratio in -1..1 (a
 * template multiplies by 100 for the usual -100..100). Unknown with no answers.
 */
struct pf_nps {
	struct num score;
	struct num promoters, detractors; /* shares of the answers */
	size_t answers;
};

/*
 * The survey for one partner, or for the whole portfolio. "latest" is the latest
 * wave not after the review period (analyze_wave), "previous" the wave before it.
 * Without such a wave, everything of it is zero, false or unknown; without a
 * survey at all, scores is NULL too.
 */
struct pf_survey {
	size_t respondents;            /* responses in the latest wave */
	size_t respondents_previous;   /* ... in the previous wave */
	bool participated;             /* respondents > 0 */
	bool participated_previous;    /* respondents_previous > 0; false without such a wave */
	const struct pf_score *scores; /* one per survey question, in questions[] order */
	struct pf_nps nps, nps_previous;
	struct num nps_change; /* nps.score - nps_previous.score */
};

/* Everything known about one covered partner. */
struct partner_figures {
	const struct partner *partner; /* borrowed from the metrics */
	const struct quarter *current; /* the review quarter; NULL: no figures for it */
	struct pf_rank rank[PF_NBASES];
	/*
	 * The figures (enum pf_figure) are made when asked, by portfolio_figure (kept,
	 * they were 104 bytes a partner). Among them PF_CHANGE_YEAR, revenue / revenue a
	 * year ago - 1 (needs year ago > 0), and PF_TREND: the compound change of revenue
	 * per quarter from the first to the last quarter with revenue (up to four, up to
	 * the review quarter, gaps kept at their distance), (last / first)^(1 / quarters
	 * between) - 1 (needs two quarters and first > 0). The review quarter's target is
	 * current->target.
	 */
	uint8_t trend_quarters; /* quarters that went into PF_TREND */
	uint8_t trend_dir;      /* enum pf_trend */
	/* The partner's tier group, or NULL when it has no tier or the tier no ranked partner. */
	const struct figure_medians *tier_medians;
	/* The partner's survey figures are made on demand: portfolio_partner_survey. */
};

/* The portfolio on one basis. */
struct pf_basis_totals {
	size_t ranked;      /* partners with figures on this basis */
	struct num revenue; /* money, their total; unknown when none is ranked */
	size_t classes[4];  /* partners per enum pf_class (PF_UNRANKED: covered, not ranked) */
	/*
	 * The Pareto statement "x % der Partner erwirtschaften y % des Umsatzes": the
	 * smallest number of top partners (in the order above) whose revenue reaches
	 * class_a of the total, that number as a share of the ranked partners (x), and
	 * the share of revenue they make (y, >= class_a). 0 and unknown when the total
	 * is zero or nobody is ranked.
	 */
	size_t pareto_partners;
	struct num pareto_partner_share;
	struct num pareto_revenue_share;
};

struct portfolio_totals {
	int period;      /* the review quarter, YYYYQ */
	size_t partners; /* covered partners: not failed */
	struct pf_basis_totals basis[PF_NBASES];
};

/*
 * The whole portfolio's survey. Only responses of covered partners count; a
 * response of a partner not in the metrics, or of a failed one, is left out.
 */
struct portfolio_survey {
	const struct survey *survey;         /* borrowed; NULL when none was given */
	const struct wave *wave;             /* the latest wave not after the period, or NULL */
	const struct wave *previous;         /* the wave before it, or NULL */
	const struct question *nps_question; /* NULL: none found (then every NPS is unknown) */
	struct pf_survey all;                /* over all respondents; participated: anyone did */
	size_t participants; /* covered partners with a response in the latest wave */
	size_t participants_previous;
	/*
	 * Covered partners without a response in the latest (previous) wave, in metrics
	 * order. A partner without any quarter up to the period was no partner yet and
	 * is never listed. Empty when the wave does not exist.
	 */
	const struct partner *const *absent;
	size_t nabsent;
	const struct partner *const *absent_previous;
	size_t nabsent_previous;
};

struct portfolio;

/*
 * Computes everything above for the review period (YYYYQ) over m and s (s may be
 * NULL: no survey). m and s are borrowed and must outlive the result, which
 * belongs to the caller (portfolio_free); r is copied. Never fails; bad or missing inputs give
 * unknown figures.
 */
struct portfolio *portfolio_new(const struct metrics *m, const struct survey *s, int period,
                                const struct portfolio_rules *r);
/* Frees p and everything the accessors returned; portfolio_free(NULL) is a no-op. */
void portfolio_free(struct portfolio *p);

/*
 * Accessors. Results point into the portfolio and live as long as it does.
 */
/* The figures of a covered partner of the metrics; NULL when p is failed or not in them. */
const struct partner_figures *portfolio_partner(const struct portfolio *pf,
                                                const struct partner *p);
/* The same by id, or NULL. */
const struct partner_figures *portfolio_find(const struct portfolio *pf, const char *id);
const struct portfolio_totals *portfolio_totals(const struct portfolio *pf);
/* The medians of all ranked partners (tier NULL) or of one tier; NULL for a tier no
 * ranked partner has. */
const struct figure_medians *portfolio_medians(const struct portfolio *pf, const char *tier);
/* The ranked partners on basis b in order (see struct pf_rank); *n gets the count. */
const struct partner_figures *const *portfolio_order(const struct portfolio *pf, enum pf_basis b,
                                                     size_t *n);
const struct portfolio_survey *portfolio_survey(const struct portfolio *pf);

/* The revenue's compound change per quarter over the trend's quarters, and those quarters. */
struct pf_trend_rate {
	struct num rate; /* (last / first)^(1 / quarters between) - 1; unknown: first <= 0 */
	int first, last; /* periods (YYYYQ); 0 when fewer than two quarters have revenue */
};
struct pf_trend_rate portfolio_trend_rate(const struct portfolio *pf,
                                          const struct partner_figures *f);

/* Figure fig of covered partner f (from portfolio_partner, _find or _order). */
struct num portfolio_figure(const struct portfolio *pf, const struct partner_figures *f,
                            enum pf_figure fig);
/* f's share of the ranked partners' revenue on basis b (struct pf_rank); made when asked. */
struct num portfolio_share(const struct portfolio *pf, const struct partner_figures *f,
                           enum pf_basis b);

/*
 * The survey figures of covered partner f (from portfolio_partner or _find), made
 * from the grouped responses when asked (kept for every partner they took some 360
 * bytes a partner: 36 MB at 100,000). out->scores, one per question, is the caller's
 * to give back with pf_survey_release; NULL without a survey.
 */
void portfolio_partner_survey(const struct portfolio *pf, const struct partner_figures *f,
                              struct pf_survey *out);
void pf_survey_release(struct pf_survey *sv);
/* Whether covered partner f answered the latest wave (previous: the one before); cheap. */
bool portfolio_participated(const struct portfolio *pf, const struct partner_figures *f,
                            bool previous);

/*
 * The responses of partner p in wave w, in the wave's order, one at a time:
 * portfolio_responses, then pf_responses_next until it returns NULL. For the
 * latest wave and the one before (struct portfolio_survey) and a covered partner,
 * only p's are visited (the portfolio grouped them); otherwise, or with pf NULL,
 * the whole wave is walked for them. The same responses either way.
 */
struct pf_responses {
	const struct wave *w;
	const struct partner *p;
	const uint32_t *idx; /* the grouped indices, or NULL: walk the wave */
	size_t i, n;
};
void portfolio_responses(const struct portfolio *pf, const struct wave *w, const struct partner *p,
                         struct pf_responses *it);
const struct response *pf_responses_next(struct pf_responses *it);

/*
 * The review quarter's order in at most PF_BARS groups of neighbours, for the Pareto
 * chart of every report: bar k holds the positions k * n / bars to (k + 1) * n / bars
 * (0-based, the end excluded; bars = min(n, PF_BARS)), its revenue summed in the order.
 * Made once a run, so that a report does not walk all n partners (which made a run of
 * 100,000 partners quadratic). *bars gets the count; the sums belong to pf.
 */
enum { PF_BARS = 60 };
const double *portfolio_bars(const struct portfolio *pf, size_t *bars);

#endif
