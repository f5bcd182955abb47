/* SPDX-License-Identifier: MIT */
/* The review's judgements: causes with their evidence and status, cadence, escalation, health. */
#ifndef PR_ANALYZE_REVIEW_H
#define PR_ANALYZE_REVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "analyze_portfolio.h"
#include "model.h"

/* How a cause is seen in the figures, compared with the median of all partners. */
enum cause_test {
	CAUSE_NONE,         /* the survey alone */
	CAUSE_BELOW_MEDIAN, /* figure < factor x median */
	CAUSE_ABOVE_MEDIAN, /* figure > factor x median */
	CAUSE_AT_LEAST      /* figure >= factor */
};

struct cause_rule {
	char *id;       /* "leads", "service", ...: the template names its sentence by it */
	char *question; /* the survey question whose low score shows it, or NULL */
	int figure;     /* enum pf_figure, or -1 */
	enum cause_test test;
	double factor;
};

struct review_rules {
	double low, high;          /* survey: a mean at or below low is a problem, at or above high a strength */
	double change;             /* a score change of at least this counts as improved */
	struct cause_rule *causes;
	size_t ncauses;
	double under_attainment;   /* below it a partner is an underperformer */
	int weeks_under, weeks;    /* meeting interval of underperformers and of the others */
	int declined_meetings;     /* this many declined meetings (or a refused visit) ... */
	double red_attainment;     /* health: red below this attainment */
	double amber_attainment;   /* amber below this */
};

enum cause_status {
	CAUSE_NEW,       /* neu */
	CAUSE_PERSISTS,  /* besteht weiter */
	CAUSE_IMPROVED,  /* verbessert: still there, but the score rose by change or the figure improved */
	CAUSE_RESOLVED,  /* ausgeräumt: there last wave, measured again and fine now */
	CAUSE_UNCONFIRMED /* there last wave, not measured again (no answer, no figure) */
};

struct cause {
	const struct cause_rule *rule;
	enum cause_status status;
	struct num score, previous_score; /* the question's means (its own scale) */
	struct num figure, previous_figure, median; /* the figure now, the quarter before, all partners' median */
	bool by_survey, by_figure;        /* what shows it now (or, when resolved, showed it) */
};

enum health {
	HEALTH_GREEN,
	HEALTH_AMBER,
	HEALTH_RED
};

struct review {
	struct cause *causes; /* owned; in the rules' order */
	size_t ncauses;
	bool underperformer;
	int weeks;            /* the meeting interval */
	int next_meetings[3]; /* dates, YYYYMMDD */
	bool escalate;        /* declines to talk: the partnership itself is to be reviewed */
	bool declined, visit_refused, survey_skipped; /* the evidence */
	enum health health;
	const char *health_reason; /* "escalation", "attainment", "trend", "causes", "on_track" */
};

/*
 * Judges one partner from its figures (pf, from the portfolio) and the survey (s may
 * be NULL) by the rules r; today is the report date. Never fails; the result belongs
 * to the caller (review_free).
 */
struct review *review_new(const struct portfolio *pf, const struct partner *p,
			  const struct survey *s, const struct review_rules *r, int today);
void review_free(struct review *rv);

/* YYYYMMDD plus days, over month and year ends. */
int date_add_days(int ymd, int days);

#endif
