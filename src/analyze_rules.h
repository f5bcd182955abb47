/* SPDX-License-Identifier: MIT */
/* The analysis rules file (templates/rules.xml): every threshold the analysis uses. */
#ifndef PR_ANALYZE_RULES_H
#define PR_ANALYZE_RULES_H

#include "analyze_portfolio.h"
#include "analyze_review.h"

struct rules {
	struct portfolio_rules portfolio;
	char *nps_question;         /* owned; portfolio.nps_question points here */
	struct review_rules review; /* its causes and their strings are owned */
};

/*
 * Reads and checks the rules file at path (libxml2, no network, no entities): every
 * attribute present, a number in its range, class-a < class-b, detractor-max <
 * promoter-min. Problems are reported as path:line: message; then NULL. The result
 * belongs to the caller (rules_free; rules_free(NULL) is a no-op).
 */
struct rules *rules_load(const char *path);
void rules_free(struct rules *r);

#endif
