/* SPDX-License-Identifier: MIT */
/* The run's tally of its partners and the one summary line that reads it. */
#ifndef PR_BATCH_TALLY_H
#define PR_BATCH_TALLY_H

#include <stdbool.h>
#include <stddef.h>

/* What became of one partner: its report written (or checked), failed, or not due. */
enum job_outcome { JOB_WRITTEN, JOB_FAILED, JOB_SKIPPED };

/* What became of a partner's mail (docs/mail.md), in a run that makes mails. */
enum mail_outcome {
	MAILJOB_NONE,       /* none: the report failed or was skipped, or the run makes no mails */
	MAILJOB_DONE,       /* written (--mail), sent (--send), checked or listed (--dry-run) */
	MAILJOB_NO_ADDRESS, /* nobody with an address: a warning */
	MAILJOB_ALREADY,    /* --send: the journal has it; not sent again */
	MAILJOB_FAILED      /* an error was printed */
};

/*
 * What a step notes about a partner beside its outcome. Each is counted in the
 * summary after the skipped ones, as ", N <label> (names)"; a failing mark makes
 * the exit status 1 as a failed partner does. A new step adds its marks here and
 * their labels to the table in batch_tally.c.
 */
enum tally_mark {
	MARK_NO_GOALS,  /* the report is in place, its goals file is not (failing) */
	MARK_NO_REVIEW, /* the report is in place, its review file is not (failing) */
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
	/*
	 * Mails, when the run makes them: mail_done[0] and [1] say what one made mail and
	 * several are ("mail written (.eml)", "mails written (.eml)"); NULL: no mails.
	 */
	const char *mail_done[2];
	size_t mailed, mail_failed, no_address, already;
	struct tally_names mail_failed_names;
	bool dry_run; /* the summary says nothing was written or sent */
};

/*
 * Counts one partner (or the overview): its outcome and its marks (a set of
 * 1 << enum tally_mark); name for the lists.
 */
void tally_add(struct tally *t, enum job_outcome outcome, unsigned marks, const char *name);

/* Counts one partner's mail (nothing for MAILJOB_NONE). */
void tally_mail(struct tally *t, enum mail_outcome outcome, const char *name);

/*
 * Prints the run's summary line on standard error: what was written (or checked),
 * what failed by name, what was skipped, the marks, the warnings; then, in a run that
 * makes mails, "; 28 mailed, 1 failed (US-TX-009), 1 without address, 12 already sent"
 * (the last two only when not 0). period is the
 * review quarter (YYYY-Qn), NULL when none; shard as "K/N", NULL for a whole run.
 */
void tally_summary(const struct tally *t, const char *period, const char *shard, bool check);

/* The exit status the tally makes: 0 all well, 1 a partner or a mail failed, or a partner
 * has a failing mark. */
int tally_status(const struct tally *t);

#endif
