/* SPDX-License-Identifier: MIT */
/* The run's tally of its partners and the one summary line that reads it. */
#include <stdio.h>
#include <string.h>

#include "batch_tally.h"
#include "mem.h"
#include "msg.h"

static void
add_name(struct tally_names *l, const char *name)
{
	for (size_t i = 0; i < l->nnames; i++)
		if (strcmp(l->names[i].name, name) == 0) {
			l->names[i].count++;
			return;
		}
	if (l->nnames < TALLY_NAMES) {
		struct tally_name *f = &l->names[l->nnames++];
		snprintf(f->name, sizeof(f->name), "%s", name);
		f->count = 1;
	}
}

void
tally_add(struct tally *t, enum job_outcome outcome, const char *name)
{
	if (outcome == JOB_WRITTEN) {
		t->written++;
		return;
	}
	if (outcome == JOB_SKIPPED) {
		t->skipped++;
		return;
	}
	t->failed++;
	add_name(&t->failed_names, name);
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
		add_name(&t->mail_failed_names, name);
		break;
	}
}

/* " (US-TX-009, line 4 2 times, ...)" of the first failed ones; "" when none is named. */
static void
list_names(struct sbuf *b, const struct tally_names *l, size_t failed)
{
	size_t listed = 0;
	for (size_t i = 0; i < l->nnames; i++) {
		sbuf_printf(b, "%s%s", i ? ", " : " (", l->names[i].name);
		if (l->names[i].count > 1)
			sbuf_printf(b, " %zu times", l->names[i].count);
		listed += l->names[i].count;
	}
	if (listed < failed)
		sbuf_adds(b, ", ...");
	if (l->nnames > 0)
		sbuf_addc(b, ')');
}

void
tally_summary(const struct tally *t, const char *period, const char *shard, bool check)
{
	size_t warnings = msg_count(MSG_WARNING);
	struct sbuf names = {0}, mail = {0};
	list_names(&names, &t->failed_names, t->failed);
	if (t->mail_done[0] != NULL) {
		sbuf_printf(&mail, "; %zu %s, %zu failed", t->mailed,
		            t->mail_done[t->mailed != 1], t->mail_failed);
		list_names(&mail, &t->mail_failed_names, t->mail_failed);
		if (t->no_address > 0)
			sbuf_printf(&mail, ", %zu without address", t->no_address);
		if (t->already > 0)
			sbuf_printf(&mail, ", %zu already sent", t->already);
	}
	/* No period when no partner has a usable quarter: then none to name. */
	char when[64] = "";
	if (period != NULL)
		snprintf(when, sizeof(when), "%s%s%s%s: ", period, shard ? " (shard " : "",
		         shard ? shard : "", shard ? ")" : "");
	const char *done = t->dry_run ? "checked (--dry-run: nothing written or sent)"
	                   : check    ? "checked (--check: nothing written)"
	                              : "written";
	fprintf(stderr,
	        "partnerreview: %s%zu report%s %s, %zu failed%s, %zu skipped, %zu warning%s%s\n",
	        when, t->written, t->written == 1 ? "" : "s", done, t->failed,
	        names.s ? names.s : "", t->skipped, warnings, warnings == 1 ? "" : "s",
	        mail.s ? mail.s : "");
	sbuf_free(&names);
	sbuf_free(&mail);
}

int
tally_status(const struct tally *t)
{
	return t->failed > 0 || t->mail_failed > 0 ? 1 : 0;
}
