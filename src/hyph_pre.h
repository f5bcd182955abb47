/* SPDX-License-Identifier: MIT */
/* The hyphenation pattern indexes built at build time (hyph_gen, CMakeLists.txt); hyph.c reads them. */
#ifndef PR_HYPH_PRE_H
#define PR_HYPH_PRE_H

#include <stddef.h>
#include <stdio.h>

/*
 * One pattern file's index as hyph.c builds it at its first use, built once by the
 * build instead, for each file of lang.c the build machine has: the program's read-only
 * data, so a run maps the pages it looks at instead of reading, copying and sorting the
 * whole file. It stands for its file only while the file's size and content hash are
 * the ones it was built from (hyph.c checks); otherwise hyph.c indexes the file as before.
 */
struct hyph_pre {
	const char *path;          /* the pattern file, as lang.c names it */
	const unsigned char *data; /* hyph.c's struct pre_head, then its parts */
	size_t size;
};

/* The generated table (hyph_pre.c in the build tree): hyph_npre entries. */
extern const struct hyph_pre hyph_pre[];
extern const size_t hyph_npre;

/*
 * For hyph_gen alone (hyph.c built with PR_HYPH_GEN): writes the index of the pattern
 * file at path to out. 0, or -1 after a message (the file is unusable: no entry).
 */
int hyph_prebuild(const char *path, FILE *out);

#endif
