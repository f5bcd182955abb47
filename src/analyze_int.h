/* SPDX-License-Identifier: MIT */
/* What the review's rule files share: figures of any quarter, scores, the steps of each judgement. */
#ifndef PR_ANALYZE_INT_H
#define PR_ANALYZE_INT_H

#include "analyze_review.h"

/* Everything one partner's judgement reads; borrowed, as review_new got it. */
struct judge {
	const struct portfolio *pf;
	const struct partner_figures *f; /* never NULL */
	const struct partner *p;
	const struct survey *s; /* NULL: no survey */
	const struct review_rules *r;
	const struct goal_set *previous; /* NULL: none */
	int period;                      /* the review quarter, YYYYQ */
	int today;                       /* YYYYMMDD */
	unsigned unusable;               /* enum unusable: what the plausibility rule found */
	struct pf_survey sv;             /* the partner's survey figures (review_new makes them) */
};

/* The quarter n quarters before the review quarter (0: the review quarter), or NULL. */
const struct quarter *review_quarter_back(const struct judge *j, int n);

/*
 * A figure (enum pf_figure) of any of the partner's quarters, as the portfolio
 * computes it for the review quarter; unknown when it cannot be, and for a rate
 * whose numbers contradict each other (the plausibility rule).
 */
struct num review_figure(const struct judge *j, const struct quarter *q, int fig);

/* The events a rate figure counts (leads received, leads followed up, tickets), or -1. */
double review_events(const struct quarter *q, int fig);

/* True for the figures shown as percentages (ratios of two counts, attainment). */
bool review_is_rate(int fig);

/* The survey question with this id, and its index, or NULL. */
const struct question *review_question(const struct judge *j, const char *id, size_t *index);

/* The partner's mean for a question in the latest wave (or the one before). */
struct num review_score(const struct judge *j, const char *question, bool previous);

/* The sales team's size (team listed, or more reps listed in the quarter), or -1 when unknown. */
double review_team(const struct judge *j);

/* A goal figure's value in the review quarter ("revenue", "win_rate", "score:x"); unknown when not known or not usable. */
struct num review_goal_actual(const struct judge *j, const char *figure);

/*
 * An open cause that is ours to remove: what we deliver (leads and their quality,
 * service, clear accounts, marketing) or the partner's rating of it (training); not
 * the partner's follow-up or certified sellers as its own figures show them.
 */
bool review_cause_ours(const struct cause *c);

/* Few of its leads followed up: the open cause on the follow-up rate, or NULL. */
const struct cause *follow_up_cause(const struct review *rv);

/* The rule files' parts of review_new, in this order. */
void review_plausibility(struct review *rv, const struct judge *j);
void review_causes(struct review *rv, const struct judge *j);
void review_strengths(struct review *rv, const struct judge *j);
void review_previous(struct review *rv, const struct judge *j);
void review_goals(struct review *rv, const struct judge *j);
void review_praise(struct review *rv, const struct judge *j);
void review_pressure(struct review *rv, const struct judge *j);
void review_wishes(struct review *rv, const struct judge *j);

struct arena;
struct val;
struct review_ctx;
/*
 * The review of partner p (with the goals of its last review, gs, or NULL) as the
 * fields of its record r in the value tree: causes, goals, praise, pressure, our
 * own points, escalation, wishes, warnings (analyze_judgement.c). Figures that do
 * not fit together get one warning message naming them.
 */
void analyze_judgement(struct arena *a, struct val *r, const struct review_ctx *ctx,
                       const struct partner *p, const struct goal_set *gs);

#endif
