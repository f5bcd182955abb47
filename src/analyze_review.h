/* SPDX-License-Identifier: MIT */
/* The review's judgements: causes, goals, praise, pressure, escalation, health, each with its evidence. */
#ifndef PR_ANALYZE_REVIEW_H
#define PR_ANALYZE_REVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "analyze_portfolio.h"
#include "model.h"

/*
 * The analysis makes every judgement of a report here and records it with what
 * earns it: a template only words these records (docs/rules.md describes each
 * rule, templates/rules.xml holds every threshold). Nothing here is text a reader
 * sees; ids ("leads", "follow_up_rate", "goal_missed") name the catalogue's sentences.
 */

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
	/*
	 * The figure shows the cause only while the survey confirms it: the partner's
	 * mean for question is known and at most this. NAN: the figure alone suffices.
	 */
	double confirm;
	char *measure; /* the vendor's measure for its goal ("co_marketing"), or NULL */
};

/* A strength: a figure well above the median, or a high survey mean. */
struct strength_rule {
	char *id;         /* "sellers", "follow_up", "marketing", ... */
	char *question;   /* a high mean of this question shows it, or NULL */
	int figure;       /* enum pf_figure, or -1 */
	double factor;    /* figure >= factor x median */
	char *measure;    /* the vendor's measure that builds on it ("more_leads"), or NULL */
	char *with_cause; /* ... only when this cause is open too, or NULL: always */
};

/* Goal steps: achievable, no overnight leap. */
struct goal_rules {
	double revenue_step; /* an underperformer's revenue goal: at most this rise (ratio) */
	double stretch;      /* at or above target: a stretch of this much */
	double
	    count_step; /* counts (leads, tickets, conflicts): this ratio up or down, at least 1 */
	double rate_step;      /* rates (follow-up, win rate): this many points (ratio) */
	double rate_max;       /* ... never above this (0.95) */
	double score_step;     /* survey means: this much by the next wave */
	double revenue_round;  /* money targets are rounded to this (1000) where the step allows */
	double follow_up_room; /* the follow-up goal fills up only below this rate (0.9) */
	double min_events; /* a rate goal needs this many events (leads received / followed up) */
	double
	    repeat_step; /* a goal missed last time comes back with at most this share of its step */
	size_t min, max; /* goals per partner */
};

/* A word list that sorts a partner's wish to a topic: a cause and its measure. */
struct topic_rule {
	char *cause;   /* the cause whose measure answers it, or NULL */
	char *measure; /* the measure itself, when the topic has no cause ("demo") */
	char **words;  /* lower-case pieces; a wish containing one has the topic */
	size_t nwords;
	long line; /* in the rules file, for messages */
};

struct review_rules {
	double low,
	    high; /* survey: a mean at or below low is a problem, at or above high a strength */
	double change; /* a score change of at least this counts as a move (improved, praised) */
	struct cause_rule *causes;
	size_t ncauses;
	double
	    improve_count; /* a count moved when it changed by this ratio of itself (at least 1) */
	double improve_rate;     /* a rate moved when it changed by this many points (ratio) */
	double cause_min_events; /* a rate is evidence only over this many events */
	double persist_weight;   /* severity added when a cause was there the wave before too */
	double under_attainment; /* below it a partner is an underperformer */
	int weeks_under, weeks;  /* meeting interval of underperformers and of the others */
	int declined_meetings;   /* this many declined meetings (or a refused visit) ... */
	double red_attainment;   /* health: red below this attainment */
	double amber_attainment; /* amber below this */
	struct strength_rule *strengths;
	size_t nstrengths;
	double strength_min_leads; /* a rate is a strength only over this many leads */
	struct goal_rules goals;
	double praise_growth; /* praise a revenue rise of at least this (ratio) */
	double praise_score;  /* a score rise is praised only at or above this share of its scale */
	size_t praise_top_team; /* a team's number 1 is named among at least this many sellers */
	char *praise_question;  /* ... the rise of this question's mean ("overall") */
	size_t green_pressure; /* a green partner gets at most this many (gentle) pressure points */
	double attainment_max; /* plausibility: an attainment above this is a data error */
	double reps_tolerance; /* ... reps' revenue off the quarter's by more than this ratio */
	struct topic_rule *topics; /* wishes */
	size_t ntopics;
};

enum cause_status {
	CAUSE_NEW,        /* neu: shown now, no evidence past its threshold the time before */
	CAUSE_PERSISTS,   /* besteht weiter */
	CAUSE_IMPROVED,   /* verbessert: every piece of evidence moved the good way by its step */
	CAUSE_RESOLVED,   /* ausgeräumt: there before, no evidence past its threshold now */
	CAUSE_UNCONFIRMED /* there before, what showed it not measured again */
};

/* How a piece of evidence moved from the time before to now, by at least its step. */
enum moved {
	MOVED_UNKNOWN, /* one of the two not known */
	MOVED_BETTER,
	MOVED_SAME, /* less than a step either way */
	MOVED_WORSE
};

/* One piece of a cause's evidence: the survey mean of its question, or its figure. */
struct evidence {
	bool
	    survey; /* the question's mean (wave and wave before); else the figure (quarter and quarter before) */
	struct num value, previous;
	struct num
	    threshold; /* past it the evidence shows the cause: low, factor x median, or at-least */
	struct num median;      /* the figure's median over all partners; unknown for the survey */
	double events;          /* a rate's events (leads, tickets) now; -1 when not a rate */
	bool lower_better;      /* a higher value is worse (tickets, conflicts) */
	bool past, past_before; /* beyond the threshold now / the time before */
	bool confirmed; /* a figure with confirm: the survey confirms it (else never past) */
	double step;    /* what counts as a move */
	enum moved moved;
	double severity; /* how far past its threshold now, 0.1..1; 0 when not past */
};

struct cause {
	const struct cause_rule *rule;
	enum cause_status status;
	bool open;             /* new, persists or improved: it belongs on page 1 */
	double severity;       /* its worst evidence, plus persist_weight when it persists */
	struct evidence ev[2]; /* what is shown: the survey first, then the figure */
	size_t nev;
	bool by_survey, by_figure;        /* what shows it now (or, when resolved, showed it) */
	struct num score, previous_score; /* the question's means (its own scale) */
	struct num figure, previous_figure,
	    median;           /* the figure now, the quarter before, all partners' median */
	const char *goal;     /* the goal (figure id) that works on it, or NULL */
	const char *deferred; /* its goal waits for this goal (figure id): few leads followed up */
};

struct strength {
	const struct strength_rule *rule;
	struct num value, median; /* the figure and all partners' median, or the survey mean */
	bool measure;             /* the rule's vendor measure applies */
};

enum goal_owner { OWNER_PARTNER, OWNER_VENDOR };

/* A SMART goal: one figure, a baseline and a target, an owner, a date. */
struct goal {
	char id[40]; /* the figure: "revenue", "leads_received", "score:marketing", ... */
	enum goal_owner owner;
	double baseline, target;
	double step; /* |target - baseline| */
	bool lower_is_better;
	bool rate; /* a ratio shown as a percentage */
	bool money;
	bool repeat;   /* the last review's goal on it was not reached: set again ... */
	bool smaller;  /* ... with a smaller step than then (else it was already the smallest) */
	double events; /* a rate goal's events; -1 otherwise */
	int due;       /* YYYYMMDD */
	const char *cause;    /* the cause it works on (a rule's id), or NULL */
	const char *strength; /* the strength it builds on, or NULL */
	const char *measure;  /* what is done for it: a catalogue id ("forecast_review") */
};

/* The last review's goals against this quarter. */
enum prev_status {
	PREV_REACHED,
	PREV_PARTIAL, /* moved towards the target */
	PREV_MISSED,  /* did not move towards it */
	PREV_UNKNOWN  /* the figure is not known now */
};

struct prev_result {
	const struct prev_goal *goal; /* borrowed from the goal set */
	enum goal_owner owner;
	enum prev_status status;
	struct num actual;
	bool rate, money, score;
	bool valid;          /* its target was better than its baseline: a goal with a step */
	const char *measure; /* vendor goals not reached: what we do next (catalogue id) */
	bool again;          /* a goal on the same figure is set again this quarter */
};

/* Praise the data supports, never invented. */
enum praise_kind {
	PRAISE_TARGET,       /* the target beaten: value = attainment */
	PRAISE_RECORD,       /* the best revenue of the quarters shown: value = revenue */
	PRAISE_GROWTH,       /* revenue up on the previous quarter: value = change */
	PRAISE_SURVEY,       /* overall satisfaction up: value = change in points, score = now */
	PRAISE_RESOLVED,     /* a cause resolved: name = its id */
	PRAISE_TOP_REP,      /* the top seller: name, value = revenue */
	PRAISE_IMPROVED_REP, /* the most improved seller: name, value = revenue rise */
	PRAISE_GOAL /* a partner goal of the last review reached: name = figure, value = actual */
};

struct praise {
	enum praise_kind kind;
	const char *name;
	double value;
	double target;      /* PRAISE_GOAL: the target; PRAISE_SURVEY: the score now */
	const char *figure; /* the figure it praises ("revenue", "attainment", ...), or NULL */
};

/* A firm request, with its reason. */
enum pressure_kind {
	PRESSURE_ATTAINMENT, /* below target three quarters, not improved for two: value now, before = two quarters ago */
	PRESSURE_FOLLOW_UP, /* follow-up below the median, not improved for two quarters */
	PRESSURE_GOAL       /* a partner-owned goal of the last review missed */
};

struct pressure {
	enum pressure_kind kind;
	const char *figure; /* "attainment", "follow_up_rate", or the goal's figure */
	double value, before, median;
	int since;     /* attainment: the first quarter of its run below 100 %; follow-up: the
	            * quarter since which it has not improved; a goal: the goal's quarter */
	int from;      /* attainment: the quarter since which it has not improved */
	double target; /* PRESSURE_GOAL: the goal's target; attainment: this review's revenue
	                * goal, NAN without one */
	bool lower_is_better;
	bool rate, money, score;
	bool gentle; /* a green partner's single point, worded gently */
};

/* Figures of the review quarter that contradict each other: one warning, used for nothing. */
enum warning_kind {
	WARN_FOLLOWED_UP,  /* leads_followed_up > leads_received */
	WARN_DEALS,        /* deals_won > leads_followed_up */
	WARN_REPS_REVENUE, /* the reps' revenue off the quarter's */
	WARN_REPS_DEALS,   /* the reps' deals off the quarter's */
	WARN_ATTAINMENT,   /* above the rules' limit */
	WARN_REVENUE_ZERO, /* revenue 0 */
	WARN_CERTIFIED     /* more certified sellers than the team has */
};

struct warning {
	enum warning_kind kind;
	const char *figure, *other; /* the two figures that disagree (other NULL for one) */
	double value, other_value;
};

/* What is not to be used: a figure a warning named. */
enum unusable {
	BAD_REVENUE = 1,   /* revenue, attainment and every revenue praise or goal */
	BAD_FOLLOW_UP = 2, /* the follow-up rate */
	BAD_WIN_RATE = 4,  /* the win rate */
	BAD_REPS = 8,      /* the reps' figures */
	BAD_CERTIFIED = 16 /* certified sellers */
};

/* A wish the partner wrote, and how it is answered. */
struct wish {
	const char *text;       /* borrowed from the survey */
	const char *respondent; /* or NULL */
	int wave;
	const char *topic;   /* the cause it is about, or NULL */
	const char *measure; /* the catalogue measure that answers it, or NULL: "in das Gespräch" */
};

enum health { HEALTH_GREEN, HEALTH_AMBER, HEALTH_RED };

struct review {
	struct cause *causes; /* owned; by severity, the worst first, open ones before the others */
	size_t ncauses;
	bool underperformer;
	int weeks;            /* the meeting interval */
	int next_meetings[3]; /* dates, YYYYMMDD */
	bool escalate;        /* declines to talk: the partnership itself is to be reviewed */
	bool declined, visit_refused, survey_skipped; /* the evidence */
	int last_meeting;                             /* date or 0 */
	bool met_in_quarter; /* the last meeting lies in the review quarter or later */
	int skipped_wave;    /* the wave the partner skipped, or 0 */
	int answered_wave;   /* the last wave before it the partner answered, or 0 */
	enum health health;
	const char *health_reason;  /* "escalation", "attainment", "trend", "causes", "on_track" */
	struct strength *strengths; /* owned */
	size_t nstrengths;
	struct goal *goals; /* owned; revenue first, then by their cause's severity */
	size_t ngoals;
	struct prev_result *previous; /* owned; one per goal of the last review */
	size_t nprevious;
	struct praise *praise; /* owned */
	size_t npraise;
	struct pressure *pressure; /* owned */
	size_t npressure;
	struct warning *warnings; /* owned */
	size_t nwarnings;
	unsigned unusable;   /* enum unusable bits */
	struct wish *wishes; /* owned */
	size_t nwishes;
};

/*
 * Judges one partner from its figures (pf, from the portfolio), the survey (s may
 * be NULL) and the goals of its last review (previous may be NULL) by the rules r;
 * today is the report date, period the review quarter (goals are due at the end of
 * the quarter after it). Never fails; the result belongs to the caller
 * (review_free). Borrowed: everything it points into (rules, model, goal set).
 */
struct review *review_new(const struct portfolio *pf, const struct partner *p,
                          const struct survey *s, const struct review_rules *r, int today,
                          int period, const struct goal_set *previous);
void review_free(struct review *rv);

/* The most severe open cause's rule id (the overview's main cause), or NULL. */
const char *review_main_cause(const struct review *rv);

/* YYYYMMDD plus days, over month and year ends. */
int date_add_days(int ymd, int days);

#endif
