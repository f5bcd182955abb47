/* SPDX-License-Identifier: MIT */
/* The JSON files a run writes (goals.json, the send journal's lines), made with cJSON, never by hand. */
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

/*
 * One entry of the send journal OUT/sent_<period>.jsonl (docs/mail.md), unformatted so
 * that it is one line whatever the texts hold, with its line feed:
 * {"message_id":"...","partner":"...","to":[...],"cc":[...],"time":"...","reply":"..."}.
 * The caller frees it; NULL when cJSON ran out of memory.
 */
char *out_json_sent(const char *message_id, const char *partner, char *const *to, size_t nto,
                    char *const *cc, size_t ncc, const char *time, const char *reply);

#endif
