/* SPDX-License-Identifier: MIT */
/* The channel manager's portfolio overview, OUT/portfolio_<period>.pdf, once a run. */
#ifndef PR_BATCH_OVERVIEW_H
#define PR_BATCH_OVERVIEW_H

#include "batch_int.h"

/*
 * Whether this run writes the overview: the first shard (or the whole run) does,
 * when some partner has figures for the quarter; a --partner run only with
 * --portfolio.
 */
bool overview_due(const struct run *r);

/*
 * Writes (or with --check, makes) the overview over all partners of the run, in
 * the fonts of the overview template (the cut-down ones when they are the
 * report's). 0, or -1 after a message.
 */
int overview_write(const struct run *r);

#endif
