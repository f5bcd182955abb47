/* SPDX-License-Identifier: MIT */
/* The run's tally of its partners and the one summary line that reads it. */
#include <stdio.h>
#include <string.h>

#include "batch_tally.h"
#include "mem.h"
#include "msg.h"

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
	for (size_t i = 0; i < t->nnames; i++)
		if (strcmp(t->names[i].name, name) == 0) {
			t->names[i].count++;
			return;
		}
	if (t->nnames < TALLY_NAMES) {
		struct tally_name *f = &t->names[t->nnames++];
		snprintf(f->name, sizeof(f->name), "%s", name);
		f->count = 1;
	}
}

void
tally_summary(const struct tally *t, const char *period, const char *shard, bool check)
{
	size_t warnings = msg_count(MSG_WARNING), listed = 0;
	struct sbuf names = {0};
	for (size_t i = 0; i < t->nnames; i++) {
		sbuf_printf(&names, "%s%s", i ? ", " : " (", t->names[i].name);
		if (t->names[i].count > 1)
			sbuf_printf(&names, " %zu times", t->names[i].count);
		listed += t->names[i].count;
	}
	if (listed < t->failed)
		sbuf_adds(&names, ", ...");
	if (t->nnames > 0)
		sbuf_addc(&names, ')');
	/* No period when no partner has a usable quarter: then none to name. */
	char when[64] = "";
	if (period != NULL)
		snprintf(when, sizeof(when), "%s%s%s%s: ", period, shard ? " (shard " : "",
		         shard ? shard : "", shard ? ")" : "");
	fprintf(stderr,
	        "partnerreview: %s%zu report%s %s, %zu failed%s, %zu skipped, %zu warning%s\n",
	        when, t->written, t->written == 1 ? "" : "s",
	        check ? "checked (--check: nothing written)" : "written", t->failed,
	        names.s ? names.s : "", t->skipped, warnings, warnings == 1 ? "" : "s");
	sbuf_free(&names);
}

int
tally_status(const struct tally *t)
{
	return t->failed > 0 ? 1 : 0;
}
