/* SPDX-License-Identifier: MIT */
/* Hyphenation: libhyphen with a language's patterns (hyphen-de, hyphen-en-us); the only module that sees hyphen.h. */
#ifndef PR_HYPH_H
#define PR_HYPH_H

#include <stddef.h>

struct hyph;

/*
 * Loads the hyphenation patterns at path (a libhyphen .dic file; Debian's
 * /usr/share/hyphen/hyph_de_DE.dic is ISO-8859-1, others may be UTF-8: the first
 * line says). Returns NULL after a message when the file is unusable. The result
 * is read-only afterwards and may be shared by threads; hyph_close(NULL) is a no-op.
 */
struct hyph *hyph_open(const char *path);

/*
 * The same, but the patterns load on the first hyph_word that needs them (indexing
 * the German patterns takes a few milliseconds, and many runs never hyphenate). A
 * file that then turns out unusable gets its message at that point, once, and no
 * word is hyphenated.
 */
struct hyph *hyph_open_lazy(const char *path);
void hyph_close(struct hyph *h);

/* The default dictionary path for German, or NULL when none is installed. */
const char *hyph_default_path(void);

/*
 * Finds where the UTF-8 word w[0..len) may be hyphenated. Writes the byte offsets
 * (ascending; a hyphen goes before the byte at that offset) into at[0..max) and
 * returns how many. Keeps at least left characters before the first and right
 * characters after the last break. Words holding digits, '@' or '/' get none. A
 * word with explicit hyphens ("Partner-Review") is split at them and each part is
 * hyphenated alone; the explicit hyphen itself is not reported (the layout breaks
 * after it anyway). Case does not matter ("Vertriebspartner" = "vertriebspartner").
 * Answers are kept in a cache of fixed size shared by all threads that use h, so a
 * word asked for again costs a lookup.
 */
size_t hyph_word(const struct hyph *h, const char *w, size_t len, size_t left, size_t right,
                 size_t *at, size_t max);

/*
 * How many hyph_word calls on h so far were answered from the cache (*hits) and how
 * many worked a word out (*misses); for tests and benchmarks. Words too short, too
 * long or unbreakable count as neither.
 */
void hyph_stats(const struct hyph *h, size_t *hits, size_t *misses);

#endif
