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

/* What became of a partner's mail (docs/mail.md), in a run that makes mails. */
enum mail_outcome {
	MAILJOB_NONE,       /* none: the report failed or was skipped, or the run makes no mails */
	MAILJOB_DONE,       /* written (--mail), sent (--send), checked or listed (--dry-run) */
	MAILJOB_NO_ADDRESS, /* nobody with an address: a warning */
	MAILJOB_ALREADY,    /* --send: the journal has it; not sent again */
	MAILJOB_FAILED      /* an error was printed */
};

enum { TALLY_NAMES = 8 }; /* failed partners named in the summary, at most */

struct tally_names {
	struct tally_name {
		char name[72]; /* an id (64 at most), or line N / partners[N] */
		size_t count;  /* partners sharing a duplicate id fail together */
	} names[TALLY_NAMES];   /* the first few failed ones */
	size_t nnames;
};

struct tally {
	size_t written, failed, skipped;
	struct tally_names failed_names;
	/*
	 * Mails, when the run makes them: mail_done[0] and [1] say what one made mail and
	 * several are ("mail written (.eml)", "mails written (.eml)"); NULL: no mails.
	 */
	const char *mail_done[2];
	size_t mailed, mail_failed, no_address, already;
	struct tally_names mail_failed_names;
	bool dry_run; /* the summary says nothing was written or sent */
};

/* Counts one partner (or the overview): its outcome; name for the list of failed ones. */
void tally_add(struct tally *t, enum job_outcome outcome, const char *name);

/* Counts one partner's mail (nothing for MAILJOB_NONE). */
void tally_mail(struct tally *t, enum mail_outcome outcome, const char *name);

/*
 * Prints the run's summary line on standard error: what was written (or checked),
 * what failed by name, what was skipped, the warnings; then, in a run that makes
 * mails, "; 28 mailed, 1 failed (US-TX-009), 1 without address, 12 already sent"
 * (the last two only when not 0). period is the
 * review quarter (YYYY-Qn), NULL when none; shard as "K/N", NULL for a whole run.
 */
void tally_summary(const struct tally *t, const char *period, const char *shard, bool check);

/* The exit status the tally makes: 0 all well, 1 something (a report or a mail) failed. */
int tally_status(const struct tally *t);

#endif
