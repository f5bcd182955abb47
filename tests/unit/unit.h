/* SPDX-License-Identifier: MIT */
/* A minimal unit-test harness: table-driven checks, one executable per module. */
#ifndef PR_UNIT_H
#define PR_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_failures;
static int unit_checks;

#define CHECK(cond)                                                                          \
	do {                                                                                 \
		unit_checks++;                                                               \
		if (!(cond)) {                                                               \
			unit_failures++;                                                     \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		}                                                                            \
	} while (0)

#define CHECK_STR(got, want)                                                                 \
	do {                                                                                 \
		const char *g_ = (got), *w_ = (want);                                        \
		unit_checks++;                                                               \
		if (g_ == NULL || strcmp(g_, w_) != 0) {                                     \
			unit_failures++;                                                     \
			fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__,   \
				g_ ? g_ : "(null)", w_);                                     \
		}                                                                            \
	} while (0)

/* Ends main: prints "N passed, M failed" and returns the exit status. */
#define UNIT_DONE()                                                                          \
	(printf("%d passed, %d failed\n", unit_checks - unit_failures, unit_failures),        \
	 unit_failures ? 1 : 0)

#endif
