/* SPDX-License-Identifier: MIT */
/* Finding a name in a fixed table of records by hashing, not by comparing it with each. */
#ifndef PR_NAME_INDEX_H
#define PR_NAME_INDEX_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hash.h"

/*
 * For the tables the template loader asks thousands of times a run (the names the data
 * offers, the grammar's elements): a linear search with strcmp was some 4 % of one
 * report's time. An index over n records of a static array (stride bytes apart, each
 * with its name, a const char *, at offset off), built on first use, thread-safe;
 * at most NAME_INDEX_MAX records. The first record of a name wins, as in a linear
 * search. Declare one per table: static struct name_index ix = NAME_INDEX_INIT;
 */
enum { NAME_INDEX_MAX = 1024, NAME_INDEX_SLOTS = 2048 };

struct name_index {
	pthread_mutex_t lock;
	atomic_bool ready;
	uint16_t slot[NAME_INDEX_SLOTS]; /* record + 1; 0: free */
};

#define NAME_INDEX_INIT                                                                            \
	{                                                                                          \
		PTHREAD_MUTEX_INITIALIZER, false,                                                  \
		{                                                                                  \
			0                                                                          \
		}                                                                                  \
	}

static inline const char *
name_index_name(const void *base, size_t stride, size_t off, size_t i)
{
	const char *p;
	memcpy(&p, (const char *)base + i * stride + off, sizeof(p));
	return p;
}

static inline size_t
name_index_hash(const char *s)
{
	return (size_t)(hash_mem(HASH_SEED, s, strlen(s)) & (NAME_INDEX_SLOTS - 1));
}

/* The index of name among the n records, or -1. */
static inline long
name_index_find(struct name_index *ix, const void *base, size_t n, size_t stride, size_t off,
                const char *name)
{
	if (n > NAME_INDEX_MAX) {
		for (size_t i = 0; i < n; i++)
			if (strcmp(name_index_name(base, stride, off, i), name) == 0)
				return (long)i;
		return -1;
	}
	if (!atomic_load_explicit(&ix->ready, memory_order_acquire)) {
		pthread_mutex_lock(&ix->lock);
		if (!atomic_load_explicit(&ix->ready, memory_order_relaxed)) {
			for (size_t i = 0; i < n; i++) {
				const char *s = name_index_name(base, stride, off, i);
				size_t h = name_index_hash(s);
				bool dup = false;
				while (ix->slot[h] != 0 && !dup) {
					dup = strcmp(name_index_name(base, stride, off,
					                             ix->slot[h] - 1u),
					             s) == 0;
					h = (h + 1) & (NAME_INDEX_SLOTS - 1);
				}
				if (!dup)
					ix->slot[h] = (uint16_t)(i + 1);
			}
			atomic_store_explicit(&ix->ready, true, memory_order_release);
		}
		pthread_mutex_unlock(&ix->lock);
	}
	for (size_t h = name_index_hash(name); ix->slot[h] != 0;
	     h = (h + 1) & (NAME_INDEX_SLOTS - 1))
		if (strcmp(name_index_name(base, stride, off, ix->slot[h] - 1u), name) == 0)
			return (long)ix->slot[h] - 1;
	return -1;
}

#endif
