/* SPDX-License-Identifier: MIT */
/* The run's tally of its partners and the one summary line that reads it. */
#ifndef PR_BATCH_TALLY_H
#define PR_BATCH_TALLY_H

#include <stdbool.h>
#include <stddef.h>

/* What became of one partner: its report written (or checked), failed, or not due. */
enum job_outcome {
	JOB_WRITTEN,
	JOB_FAILED,
	JOB_SKIPPED
};

/*
 * What a step notes about a partner beside its outcome. Each is counted in the
 * summary after the skipped ones, as ", N <label> (names)"; a failing mark makes
 * the exit status 1 as a failed partner does. A new step adds its marks here and
 * their labels to the table in batch_tally.c.
 */
enum tally_mark {
	MARK_NO_GOALS, /* the report is in place, its goals file is not (failing) */
	TALLY_MARKS
};

enum { TALLY_NAMES = 8 }; /* partners named in the summary per list, at most */

/* The first few names of a list, for the summary. */
struct tally_names {
	struct tally_name {
		char name[72]; /* an id (64 at most), or line N / partners[N] */
		size_t count;  /* partners sharing a duplicate id fail together */
	} names[TALLY_NAMES];
	size_t n;
};

struct tally {
	size_t written, failed, skipped;
	struct tally_names failed_names;
	size_t marks[TALLY_MARKS];
	struct tally_names mark_names[TALLY_MARKS];
};

/*
 * Counts one partner (or the overview): its outcome and its marks (a set of
 * 1 << enum tally_mark); name for the lists.
 */
void tally_add(struct tally *t, enum job_outcome outcome, unsigned marks, const char *name);

/*
 * Prints the run's summary line on standard error: what was written (or checked),
 * what failed by name, what was skipped, the marks, the warnings. period is the
 * review quarter (YYYY-Qn), NULL when none; shard as "K/N", NULL for a whole run.
 */
void tally_summary(const struct tally *t, const char *period, const char *shard, bool check);

/* The exit status the tally makes: 0 all well, 1 a partner failed or has a failing mark. */
int tally_status(const struct tally *t);

#endif
