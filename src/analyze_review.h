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

/* A strength: a figure well above the median, or a high survey mean. */
struct strength_rule {
	char *id;       /* "sellers", "follow_up", "marketing", ... */
	char *question; /* a high mean of this question shows it, or NULL */
	int figure;     /* enum pf_figure, or -1 */
	double factor;  /* figure >= factor x median */
	char *measure;  /* the vendor's measure that builds on it ("more_leads"), or NULL */
	char *with_cause; /* ... only when this cause is open too, or NULL: always */
};

/* Goal steps: achievable, no overnight leap. */
struct goal_rules {
	double revenue_step;   /* an underperformer's revenue goal: at most this rise (ratio) */
	double stretch;        /* at or above target: a stretch of this much */
	double count_step;     /* counts (leads, tickets, conflicts): this ratio up or down, at least 1 */
	double rate_step;      /* rates (follow-up, win rate): this many points (ratio), capped at 0.95 */
	double score_step;     /* survey means: this much by the next wave */
	size_t min, max;       /* goals per partner */
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
	struct strength_rule *strengths;
	size_t nstrengths;
	double strength_min_leads; /* a rate is a strength only over this many leads */
	struct goal_rules goals;
	double praise_growth;      /* praise a revenue rise of at least this (ratio) */
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

struct strength {
	const struct strength_rule *rule;
	struct num value, median; /* the figure and all partners' median, or the survey mean */
	bool measure;             /* the rule's vendor measure applies */
};

enum goal_owner {
	OWNER_PARTNER,
	OWNER_VENDOR
};

/* A SMART goal: one figure, a baseline and a target, an owner, a date. */
struct goal {
	char id[40];          /* the figure: "revenue", "leads_received", "score:marketing", ... */
	enum goal_owner owner;
	double baseline, target;
	bool lower_is_better;
	bool rate;            /* a ratio shown as a percentage */
	bool money;
	int due;              /* YYYYMMDD */
	const char *cause;    /* the cause it works on (a rule's id), or NULL */
	const char *strength; /* the strength it builds on, or NULL */
	double impact;        /* for the ranking: estimated revenue, else a small weight */
};

/* Praise the data supports, never invented. */
enum praise_kind {
	PRAISE_TARGET,      /* the target beaten: value = attainment */
	PRAISE_RECORD,      /* the best revenue of the quarters shown: value = revenue */
	PRAISE_GROWTH,      /* revenue up on the previous quarter: value = change */
	PRAISE_SURVEY,      /* overall satisfaction up: value = change in points */
	PRAISE_RESOLVED,    /* a cause resolved: name = its id */
	PRAISE_TOP_REP,     /* the top seller: name, value = revenue */
	PRAISE_IMPROVED_REP /* the most improved seller: name, value = revenue rise */
};

struct praise {
	enum praise_kind kind;
	const char *name;
	double value;
};

/* A firm request: a figure below target or below the median, not improved for two quarters. */
enum pressure_kind {
	PRESSURE_ATTAINMENT, /* value = attainment now, before = two quarters ago */
	PRESSURE_FOLLOW_UP   /* value = follow-up rate now, before = two quarters ago */
};

struct pressure {
	enum pressure_kind kind;
	double value, before, median;
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
	struct strength *strengths; /* owned */
	size_t nstrengths;
	struct goal *goals;         /* owned; ranked by impact, between min and max of them */
	size_t ngoals;
	struct praise *praise;      /* owned */
	size_t npraise;
	struct pressure *pressure;  /* owned */
	size_t npressure;
};

/*
 * Judges one partner from its figures (pf, from the portfolio) and the survey (s may
 * be NULL) by the rules r; today is the report date, period the review quarter (goals
 * are due at the end of the quarter after it). Never fails; the result belongs to
 * the caller (review_free).
 */
struct review *review_new(const struct portfolio *pf, const struct partner *p,
			  const struct survey *s, const struct review_rules *r, int today, int period);
void review_free(struct review *rv);

/* YYYYMMDD plus days, over month and year ends. */
int date_add_days(int ymd, int days);

#endif
