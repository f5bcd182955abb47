/* SPDX-License-Identifier: MIT */
/* The run's font plan: the template's faces checked, the fallback decided, the fonts cut down once. */
#ifndef PR_BATCH_FONTS_H
#define PR_BATCH_FONTS_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "tpl.h"

struct subset;

/* Which font files the reports and the overview use. Read-only once made. */
struct fontplan {
	size_t nfonts;                 /* the report templates' faces */
	const char *const *fonts;      /* cut down to the run's characters, or the whole ones */
	const char *const *full_fonts; /* the template's own files */
	const char *fallback;          /* the fallback face, as fonts; NULL: the run needs none */
	const char *full_fallback;     /* ... the template's own file */
	bool overview_same_fonts;      /* the overview has the report's faces: the cut ones serve */
	const char **own;              /* private: the array full_fonts points to */
	struct subset *subset;         /* private: the cut-down files */
};

/*
 * Makes the plan for the report templates reports[0..nreports-1] (the run's first,
 * then those of other languages its partners ask for, with the same fonts) and the
 * overview template overview: checks that the templates' own text shows in their fonts, drops a fallback no
 * character of the run needs (every character of m and s counts, whatever
 * --partner says) and cuts the faces (and the fallback) to the run's characters
 * in memory files (pdf_subset.h). NULL when done, else why the run must stop (after
 * the messages). fontplan_free removes the cut files, also after a failure.
 */
const char *fontplan_make(struct fontplan *fp, const struct tpl *const *reports, size_t nreports,
                          const struct tpl *overview, const struct metrics *m,
                          const struct survey *s);

/* True when the reports use cut-down files (a libharu failure is then tried again whole). */
bool fontplan_cut(const struct fontplan *fp);

void fontplan_free(struct fontplan *fp);

#endif
