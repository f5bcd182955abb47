/* SPDX-License-Identifier: MIT */
/* One partner's report: the steps that analyse it, write its PDF (and layout dump), its goals file. */
#ifndef PR_BATCH_REPORT_H
#define PR_BATCH_REPORT_H

#include "batch_int.h"

/*
 * The report step: decides whether the partner gets a report (a failed partner
 * fails, one without figures for the quarter is skipped), analyses it (with its
 * goals of the last review, --previous), lays it out and writes
 * OUT/<id>_<period>.pdf, and with --layout-dump the .layout beside it. Sets
 * j->root, j->base and j->pdf for the later steps. With cut-down fonts a libharu
 * failure while writing is tried once more with the whole fonts, so that no report
 * is lost to a font libharu cannot embed.
 */
void report_step(const struct run *r, struct job *j, void *state);

/*
 * The goals step: OUT/<id>_<period>.goals.json beside the PDF (docs/goals.md).
 * When it cannot be written the report stays, marked MARK_NO_GOALS.
 */
void goals_step(const struct run *r, struct job *j, void *state);

#endif
