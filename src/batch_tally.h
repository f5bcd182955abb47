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

enum { TALLY_NAMES = 8 }; /* failed partners named in the summary, at most */

struct tally {
	size_t written, failed, skipped;
	struct tally_name {
		char name[72]; /* an id (64 at most), or line N / partners[N] */
		size_t count;  /* partners sharing a duplicate id fail together */
	} names[TALLY_NAMES];   /* the first few failed ones */
	size_t nnames;
};

/* Counts one partner (or the overview): its outcome; name for the list of failed ones. */
void tally_add(struct tally *t, enum job_outcome outcome, const char *name);

/*
 * Prints the run's summary line on standard error: what was written (or checked),
 * what failed by name, what was skipped, the warnings. period is the
 * review quarter (YYYY-Qn), NULL when none; shard as "K/N", NULL for a whole run.
 */
void tally_summary(const struct tally *t, const char *period, const char *shard, bool check);

/* The exit status the tally makes: 0 all well, 1 something failed. */
int tally_status(const struct tally *t);

#endif
