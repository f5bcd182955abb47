/* SPDX-License-Identifier: MIT */
/* The run's tally of its partners and the one summary line that reads it. */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "batch_tally.h"
#include "mem.h"
#include "msg.h"

/* The marks as the summary says them: one and many, and whether they fail the run. */
static const struct {
	const char *one, *many;
	bool fails;
} marks[TALLY_MARKS] = {
    [MARK_NO_GOALS] = {"goals file not written", "goals files not written", true},
    [MARK_NO_REVIEW] = {"review file not written", "review files not written", true},
};

static void
name_add(struct tally_names *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->names[i].name, name) == 0) {
			l->names[i].count++;
			return;
		}
	if (l->n < TALLY_NAMES) {
		struct tally_name *f = &l->names[l->n++];
		snprintf(f->name, sizeof(f->name), "%s", name);
		f->count = 1;
	}
}

void
tally_add(struct tally *t, enum job_outcome outcome, unsigned m, const char *name)
{
	assert(m >> TALLY_MARKS == 0 && name != NULL);
	assert(outcome == JOB_WRITTEN || outcome == JOB_FAILED || outcome == JOB_SKIPPED);
	if (outcome == JOB_WRITTEN)
		t->written++;
	else if (outcome == JOB_SKIPPED)
		t->skipped++;
	else {
		t->failed++;
		name_add(&t->failed_names, name);
	}
	for (int k = 0; k < TALLY_MARKS; k++)
		if (m & 1u << k) {
			t->marks[k]++;
			name_add(&t->mark_names[k], name);
		}
}

void
tally_mail(struct tally *t, enum mail_outcome outcome, const char *name)
{
	switch (outcome) {
	case MAILJOB_NONE:
		break;
	case MAILJOB_DONE:
		t->mailed++;
		break;
	case MAILJOB_NO_ADDRESS:
		t->no_address++;
		break;
	case MAILJOB_ALREADY:
		t->already++;
		break;
	case MAILJOB_FAILED:
		t->mail_failed++;
		name_add(&t->mail_failed_names, name);
		break;
	}
}

/* " (A, B 2 times, ...)" for the list l of total names; nothing when empty. */
static void
names(struct sbuf *b, const struct tally_names *l, size_t total)
{
	size_t listed = 0;
	for (size_t i = 0; i < l->n; i++) {
		sbuf_printf(b, "%s%s", i ? ", " : " (", l->names[i].name);
		if (l->names[i].count > 1)
			sbuf_printf(b, " %zu times", l->names[i].count);
		listed += l->names[i].count;
	}
	if (listed < total)
		sbuf_adds(b, ", ...");
	if (l->n > 0)
		sbuf_addc(b, ')');
}

void
tally_summary(const struct tally *t, const char *period, const char *shard, bool check)
{
	size_t warnings = msg_count(MSG_WARNING);
	struct sbuf b = {0};
	/* No period when no partner has a usable quarter: then none to name. */
	if (period != NULL)
		sbuf_printf(&b, "%s%s%s%s: ", period, shard ? " (shard " : "", shard ? shard : "",
		            shard ? ")" : "");
	const char *done = t->dry_run ? "checked (--dry-run: nothing written or sent)"
	                   : check    ? "checked (--check: nothing written)"
	                              : "written";
	sbuf_printf(&b, "%zu report%s %s, %zu failed", t->written, t->written == 1 ? "" : "s", done,
	            t->failed);
	names(&b, &t->failed_names, t->failed);
	sbuf_printf(&b, ", %zu skipped", t->skipped);
	for (int k = 0; k < TALLY_MARKS; k++)
		if (t->marks[k] > 0) {
			sbuf_printf(&b, ", %zu %s", t->marks[k],
			            t->marks[k] == 1 ? marks[k].one : marks[k].many);
			if (marks[k].fails)
				names(&b, &t->mark_names[k], t->marks[k]);
		}
	sbuf_printf(&b, ", %zu warning%s", warnings, warnings == 1 ? "" : "s");
	if (t->mail_done[0] != NULL) {
		sbuf_printf(&b, "; %zu %s, %zu failed", t->mailed, t->mail_done[t->mailed != 1],
		            t->mail_failed);
		names(&b, &t->mail_failed_names, t->mail_failed);
		if (t->no_address > 0)
			sbuf_printf(&b, ", %zu without address", t->no_address);
		if (t->already > 0)
			sbuf_printf(&b, ", %zu already sent", t->already);
	}
	assert(t->failed_names.n <= TALLY_NAMES);
	fprintf(stderr, "partnerreview: %s\n", b.s);
	sbuf_free(&b);
}

int
tally_status(const struct tally *t)
{
	bool failing = t->failed > 0 || t->mail_failed > 0;
	for (int k = 0; k < TALLY_MARKS; k++)
		failing |= marks[k].fails && t->marks[k] > 0;
	return failing ? 1 : 0;
}
