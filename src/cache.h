/* SPDX-License-Identifier: MIT */
/* Results a run can make again, kept between runs: the logo deflated, the fonts cut down. */
#ifndef PR_CACHE_H
#define PR_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A folder of files, each holding one result with everything it was made from (its
 * key): $PARTNERREVIEW_CACHE, else $XDG_CACHE_HOME/partnerreview, else
 * ~/.cache/partnerreview; PARTNERREVIEW_CACHE set but empty: no cache. An entry is
 * used only when it is whole and its key equals the asked one byte for byte (the
 * entry's own hash checked too); anything else, a damaged or foreign file, counts as
 * absent and is overwritten by the next run that makes the result. Nothing here ever
 * says a word or fails a run: a folder that cannot be made or written is no cache.
 * Entries are written under a temporary name and renamed into place, so a run
 * reading one never sees it half-written, whatever other runs do meanwhile. The
 * results must not depend on anything but the key, so that a report's bytes are the
 * same from the cache as without it.
 *
 * kind names the sort of result (letters, digits, '-'); key[0..keylen) identifies
 * it (the file name is kind plus the key's hash). Thread-safe.
 */

/* True when results are kept (a cache folder is named): a key costly to make is made only then. */
bool cache_on(void);
/* The result for the key, its length in *len; NULL when absent. Free it. */
void *cache_get(const char *kind, const void *key, size_t keylen, size_t *len);
/* Keeps data[0..len) as the result for the key, or not. */
void cache_put(const char *kind, const void *key, size_t keylen, const void *data, size_t len);

/*
 * hash_content (hash.h) of the regular file open as fd whose stat is st and whose
 * bytes are data[0..size): from the cache when the file, as the system knows it
 * (device, inode, size, modification and change times: any change to a file changes
 * its change time), was hashed by an earlier run, else computed and kept. For checks
 * of large files against prebuilt data (the hyphenation patterns) that would
 * otherwise read every page of them.
 */
struct stat;
uint64_t cache_file_hash(const struct stat *st, const void *data, size_t size);

#endif
