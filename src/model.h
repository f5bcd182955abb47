/* SPDX-License-Identifier: MIT */
/* The input model: partner figures and survey results as the loaders leave them. */
#ifndef PR_MODEL_H
#define PR_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "mem.h"

/*
 * Conventions of the whole model:
 * - A period is YYYYQ as an int (2026-Q3 is 20263), a date YYYYMMDD (2026-09-14 is
 *   20260914); 0 means "not known". Both compare as plain ints.
 * - An optional figure is a struct num; not known (num_known false) means
 *   "keine Angabe", never 0.
 * - Strings are valid UTF-8 without NUL (the loaders check); NULL means absent.
 * - Everything belongs to the struct metrics / struct survey it hangs from and goes
 *   with metrics_free / survey_free. The loaders put all of it in the model's
 *   arena, in one piece per array, strings packed (a partner's repeated names,
 *   such as reps of its sales team, share one copy); a model built by hand (arena
 *   NULL, as tests do) has each string and array malloc'ed.
 */

/*
 * An optional figure in 8 bytes: the bits of the double XOR NUM_KEY.
 *
 * All-zero bits mean "not known", so that zeroed memory (arena_alloc, calloc,
 * "= {0}") holds unknown figures, as it did when struct num had a separate flag
 * (a plain "NaN means unknown" double would read zeroed memory as a known 0).
 * Zero bits decode to the double with NUM_KEY's bits: a quiet NaN with a payload
 * that arithmetic never produces (a NaN the FPU makes has none: 0x7ff8... or
 * 0xfff8...). A known 0 is stored as NUM_KEY, never as zero bits.
 *
 * Use the helpers, never the bits: num_known(n); num_v(n), the value, only when
 * known; num_of(x), a known x (a NaN x gives "not known"); NUM_NONE or
 * num_none(), not known. num_exact(x) keeps a NaN x known (see there).
 */
struct num {
	uint64_t bits; /* the double's bits ^ NUM_KEY; 0: not known */
};

#define NUM_KEY UINT64_C(0x7ff80000000d1f5e)
#define NUM_NONE ((struct num){0})

static inline struct num
num_none(void)
{
	return NUM_NONE;
}

static inline bool
num_known(struct num n)
{
	return n.bits != 0;
}

/* The value of a known figure (of an unknown one: a NaN). */
static inline double
num_v(struct num n)
{
	uint64_t b = n.bits ^ NUM_KEY;
	double x;
	memcpy(&x, &b, sizeof(x));
	return x;
}

/*
 * x as a known figure, whatever x is, NaN included: for the results of
 * arithmetic, which were known (with the flag) even when overflowing input made
 * them NaN, so that they print and compare as before. A NaN with NUM_KEY's bits
 * becomes another NaN, which prints and compares the same.
 */
static inline struct num
num_exact(double x)
{
	uint64_t b;
	memcpy(&b, &x, sizeof(b));
	if (b == NUM_KEY)
		b ^= 1;
	return (struct num){b ^ NUM_KEY};
}

/* x as a known figure; a NaN x gives "not known". */
static inline struct num
num_of(double x)
{
	return isnan(x) ? NUM_NONE : num_exact(x);
}

enum salutation {
	SAL_NONE, /* absent: a neutral greeting */
	SAL_HERR,
	SAL_FRAU
};

struct person {
	char *name;
	char *email;
	char *phone;
};

struct rep_figures {
	char *name;
	struct num revenue; /* money */
	struct num deals_won;
};

struct quarter {
	int period;
	uint32_t nreps;     /* reps[]: beside period, in what was its padding */
	struct num revenue; /* money, required */
	struct num target;  /* money, required, > 0 */
	struct num leads_received;
	struct num leads_followed_up;
	struct num deals_won;
	struct num pipeline; /* money */
	struct num certified_reps;
	struct num service_tickets;
	struct num channel_conflicts;
	struct rep_figures *reps;
};

struct engagement {
	bool onsite_known; /* onsite_visit_accepted was given */
	bool onsite_accepted;
	int last_meeting; /* date, 0 unknown */
	struct num meetings_declined;
};

struct partner {
	size_t index; /* position in partners[], for messages: partners[index] */
	long line;    /* metrics.csv: the line of its first row, for messages; 0 in JSON */
	char *id;
	char *name;
	char *region; /* optional */
	char *tier;   /* optional */
	/*
	 * optional: the language of the partner's report, two lowercase letters (ISO
	 * 639-1, "en"); NULL when not given (the template's). Read and checked only, so
	 * far: a later step picks the template by it.
	 */
	char *language;
	int since;          /* partner_since, date, 0 unknown */
	uint8_t salutation; /* enum salutation */
	bool has_contact;
	bool has_engagement;
	/*
	 * Set by whoever reports an error inside this partner (after the message):
	 * the partner gets no report, the run ends with status 1.
	 */
	bool failed;
	uint32_t nteam;     /* team[] */
	uint32_t nquarters; /* quarters[] */
	struct person contact;
	struct person *team; /* sales_team[] */
	struct engagement engagement;
	struct quarter *quarters; /* sorted by period, oldest first */
	/* (The small members stand together: 128 bytes a partner, not 160.) */
};

struct metrics {
	struct arena *arena; /* everything below; NULL: each piece malloc'ed */
	char *path;          /* as given on the command line, for messages */
	char *vendor_name;
	struct person manager; /* channel_manager: name required */
	char currency[4];      /* ISO 4217, "EUR" by default */
	struct partner *partners;
	size_t npartners;
};

struct question {
	char *id;
	char *text;
	char *topic;
	double scale_min, scale_max; /* the question's own or the file's scale */
};

struct response {
	char *partner_id;
	struct partner *partner; /* NULL when the id is not in the metrics */
	char *respondent;        /* optional */
	int submitted;           /* date, 0 unknown */
	struct num *answers;     /* one per question, in questions[] order; unset = null/absent */
	char *comment;           /* optional */
	char *wish;              /* optional */
};

struct wave {
	int period; /* the wave's id */
	int closed; /* date, 0 unknown */
	struct response *responses;
	size_t nresponses;
};

struct survey {
	struct arena *arena; /* everything below; NULL: each piece malloc'ed */
	char *path;
	struct question *questions;
	size_t nquestions;
	double scale_min, scale_max; /* the file's default scale, 1..5 if absent */
	struct wave *waves;          /* sorted by period, oldest first */
	size_t nwaves;
};

/* One goal of an earlier review, as its goals.json file has it (docs/goals.md). */
struct prev_goal {
	char *figure; /* "revenue", "leads_received", "score:marketing", ... */
	char *owner;  /* "partner" or "vendor" */
	double baseline, target;
	bool lower_is_better;
	int due; /* date */
};

struct goal_set {
	char *partner_id;
	int period; /* the review quarter that set them */
	struct prev_goal *goals;
	size_t ngoals;
};

/*
 * What the model's types need at most (pointers, doubles, 64-bit ints): its arrays in
 * the arena are aligned to this, not to max_align_t's 16 (a quarter's reps, 2.5 of 24
 * bytes on average, left a gap of 8 every other time).
 */
enum { MODEL_ALIGN = 8 };
_Static_assert(_Alignof(struct partner) <= MODEL_ALIGN && _Alignof(struct quarter) <= MODEL_ALIGN &&
                   _Alignof(struct rep_figures) <= MODEL_ALIGN &&
                   _Alignof(struct person) <= MODEL_ALIGN &&
                   _Alignof(struct response) <= MODEL_ALIGN &&
                   _Alignof(struct question) <= MODEL_ALIGN && _Alignof(struct wave) <= MODEL_ALIGN,
               "the model's arrays are aligned to MODEL_ALIGN");

void goal_set_free(struct goal_set *g);

void metrics_free(struct metrics *m);
void survey_free(struct survey *s);

/* The partner with this id, or NULL. */
struct partner *metrics_find(const struct metrics *m, const char *id);

/* The quarter of this period, or NULL. */
const struct quarter *partner_quarter(const struct partner *p, int period);

/* Period arithmetic on YYYYQ ints: period_add(20264, 1) == 20271. */
int period_add(int period, int quarters);

/*
 * The forms of the spec (input-format.md), defined in model.c; the readers, the
 * command line and the sweep of stale files share them.
 */

/* Parses "YYYY-Qn" (n = 1..4) into YYYYQ; 0 when s is not of that form. */
int parse_period(const char *s);

/* Parses an ISO 8601 calendar date "YYYY-MM-DD" that exists; YYYYMMDD or 0. */
int parse_date(const char *s);

/* True when s is an id: 1..64 of A-Z a-z 0-9 . _ -, the first a letter or digit. */
int is_valid_id(const char *s);

#endif
