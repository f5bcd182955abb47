/* SPDX-License-Identifier: MIT */
/* Finding the bundled templates and fonts, in the build tree and after installation. */
#ifndef PR_DATADIR_H
#define PR_DATADIR_H

/*
 * The folder holding templates/ and fonts/ (bundled data), found once: in order
 * $PARTNERREVIEW_DATADIR; beside the program after installation
 * (bin/../share/partnerreview, so an installed tree may move); the source tree when
 * the program runs from its build tree; the configured installation folder. Never
 * NULL; the string lives as long as the process.
 */
const char *datadir_path(void);

/* The folder of the running program (/proc/self/exe), malloc'ed; NULL when unknown. */
char *datadir_program_dir(void);

#endif
