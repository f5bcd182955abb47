/* SPDX-License-Identifier: MIT */
/* The JSON files a run writes (goals.json), made with cJSON, never by hand. */
#ifndef PR_OUT_JSON_H
#define PR_OUT_JSON_H

#include "val.h"

/*
 * cJSON is seen by two modules: load_json.c reads with it, this one writes with it.
 * Every string goes through cJSON's escaping, so any text (a rule id with a quote or
 * a backslash) gives valid JSON.
 */

/*
 * Writes the goals of one report, docs/goals.md, to final (under a temporary name,
 * renamed when whole): partner_id and period as given, the goals of root's
 * partner.goals (the review's value tree, analyze.h). 0, or -1 after a message.
 */
int out_json_goals(const char *final, const char *partner_id, const char *period,
                   const struct val *root);

#endif
