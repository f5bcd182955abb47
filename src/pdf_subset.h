/* SPDX-License-Identifier: MIT */
/* Cutting the report fonts down to the characters a run needs (HarfBuzz), once per run. */
#ifndef PR_PDF_SUBSET_H
#define PR_PDF_SUBSET_H

#include <stddef.h>

#include "charset.h"

struct subset;

/*
 * Writes each font of paths, paths[i] cut down to the characters of sets[i] (the
 * font's own missing ones stay missing), into a memory file (its path names it in
 * /proc/self/fd), else into a new private temporary folder (out_dir_new: removed
 * with its files when a signal ends the run).
 * A font HarfBuzz or the disk fails to cut has a NULL path, after a warning; no
 * memory file nor folder, NULL, after a warning. The caller then uses the whole
 * fonts. subset_free removes the files; subset_free(NULL) is a no-op.
 */
struct subset *subset_fonts(const char *const *paths, const struct charset *const *sets, size_t n);
const char *const *subset_paths(const struct subset *s);
void subset_free(struct subset *s);

#endif
