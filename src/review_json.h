/* SPDX-License-Identifier: MIT */
/* The review's record beside each PDF, <id>_<period>.review.json (docs/review-json.md), and reading it back. */
#ifndef PR_REVIEW_JSON_H
#define PR_REVIEW_JSON_H

#include "model.h"
#include "val.h"

/*
 * The record of one report as JSON text (format partnerreview-review/1): the
 * partner's judgements exactly as the template words them, taken from the value
 * tree root that analyze_partner_goals built. The text belongs to the caller.
 */
char *review_json(const struct val *root);

/*
 * Writes review_json(root) to final (OUT/<id>_<period>.review.json) under a
 * temporary name beside it (out_file.h), renamed into place when whole; 0, or -1
 * after a message (nothing left behind).
 */
int review_json_write(const char *final, const struct val *root);

/*
 * The goals of the partner's last review from the folder dir (--previous): its
 * <id>_<period>.review.json when there is one, else its .goals.json (docs/goals.md).
 * Without either a note says so; a damaged file gets a warning naming the place.
 * NULL then; the result belongs to the caller (goal_set_free).
 */
struct goal_set *review_json_previous(const char *dir, const char *id, int period);

#endif
