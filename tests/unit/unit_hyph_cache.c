/* SPDX-License-Identifier: MIT */
/*
 * hyph_word keeps its answers in a cache shared by threads (see hyph.c). This checks
 * that answers from the cache equal the ones worked out, for many words, minimums and
 * slot counts, when the cache overflows, and when several threads share one handle.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hyph.h"
#include "pattern_word.h"
#include "unit.h"

#define MAXAT 64
#define THREADS 4

/* More distinct questions than the cache holds (8,192), so that it must drop some. */
#define WORDS 6000

/* The minimums asked for, as the layout and other callers would. */
static const struct {
	size_t left, right;
} mins[] = {{2, 3}, {2, 2}, {3, 3}};
#define NMINS (sizeof(mins) / sizeof(mins[0]))

struct answer {
	size_t n;
	size_t at[MAXAT];
};

static char *words[WORDS];
static size_t nwords;
static struct answer want[WORDS][NMINS];

/*
 * Reads the words hyphen-de's patterns spell out (every fifth, at least 4 letters), as
 * UTF-8 with a capital; every third one gets a second part after a hyphen.
 */
static void
read_words(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return;
	char line[256];
	size_t seen = 0;
	if (fgets(line, sizeof(line), f) == NULL) {
		fclose(f);
		return;
	}
	while (nwords < WORDS && fgets(line, sizeof(line), f) != NULL) {
		char u[256];
		size_t ul;
		size_t letters = pattern_word(line, 60, u, &ul);
		if (letters < 4 || seen++ % 5 != 0)
			continue;
		if (nwords % 3 == 2 && ul < 100) {
			memcpy(u + ul, "-Partnerbefragung", 17);
			ul += 17;
		}
		u[ul] = '\0';
		words[nwords] = malloc(ul + 1);
		memcpy(words[nwords], u, ul + 1);
		nwords++;
	}
	fclose(f);
}

static bool
same(const struct answer *a, const size_t *at, size_t n, size_t max)
{
	size_t m = a->n < max ? a->n : max;
	if (n != m)
		return false;
	for (size_t i = 0; i < n; i++)
		if (at[i] != a->at[i])
			return false;
	return true;
}

/* Every question once on a fresh handle: all worked out, none from the cache. */
static void
reference(const char *path)
{
	struct hyph *h = hyph_open(path);
	CHECK(h != NULL);
	if (h == NULL)
		return;
	for (size_t i = 0; i < nwords; i++)
		for (size_t m = 0; m < NMINS; m++)
			want[i][m].n = hyph_word(h, words[i], strlen(words[i]), mins[m].left,
			                         mins[m].right, want[i][m].at, MAXAT);
	size_t hits, misses;
	hyph_stats(h, &hits, &misses);
	CHECK(hits == 0);
	CHECK(misses > 0);
	hyph_close(h);
}

/* The same questions twice, and with fewer slots: the cache answers as the reference. */
static void
run_repeats(const char *path)
{
	struct hyph *h = hyph_open(path);
	CHECK(h != NULL);
	if (h == NULL)
		return;
	size_t bad = 0, at[MAXAT];
	for (int round = 0; round < 2; round++)
		for (size_t i = 0; i < nwords; i++)
			for (size_t m = 0; m < NMINS; m++) {
				size_t len = strlen(words[i]);
				size_t n = hyph_word(h, words[i], len, mins[m].left, mins[m].right,
				                     at, MAXAT);
				bad += !same(&want[i][m], at, n, MAXAT);
				/* One and two slots: the first breaks only. */
				for (size_t max = 1; max <= 2; max++) {
					n = hyph_word(h, words[i], len, mins[m].left, mins[m].right,
					              at, max);
					bad += !same(&want[i][m], at, n, max);
				}
			}
	CHECK(bad == 0);
	size_t hits, misses;
	hyph_stats(h, &hits, &misses);
	/* The cache overflows, but most questions come again before they are dropped. */
	CHECK(misses > 0);
	CHECK(hits > misses);

	/* A small cache-sized set, asked again right away, comes from the cache only. */
	size_t hits0 = hits, misses0 = misses;
	for (int round = 0; round < 3; round++)
		for (size_t i = 0; i < 100 && i < nwords; i++) {
			size_t n = hyph_word(h, words[i], strlen(words[i]), 2, 3, at, MAXAT);
			CHECK(same(&want[i][0], at, n, MAXAT));
		}
	hyph_stats(h, &hits, &misses);
	CHECK(misses - misses0 <= 100);
	CHECK(hits - hits0 >= 200);

	/* Short and unbreakable words never reach the cache. */
	CHECK(hyph_word(h, "und", 3, 2, 3, at, MAXAT) == 0);
	CHECK(hyph_word(h, "Q3/2026", 7, 2, 3, at, MAXAT) == 0);
	size_t hits1, misses1;
	hyph_stats(h, &hits1, &misses1);
	CHECK(hits1 == hits && misses1 == misses);
	hyph_close(h);
}

/* Threads share one handle and ask the same questions in different orders. */
struct worker {
	const struct hyph *h;
	size_t first;
	size_t bad;
};

static void *
work(void *arg)
{
	struct worker *wk = arg;
	size_t at[MAXAT];
	for (int round = 0; round < 2; round++)
		for (size_t k = 0; k < nwords; k++) {
			size_t i = (wk->first + k * 7) % nwords;
			size_t m = (i + (size_t)round) % NMINS;
			size_t max = k % 5 == 0 ? 1 + k % 3 : MAXAT;
			size_t n = hyph_word(wk->h, words[i], strlen(words[i]), mins[m].left,
			                     mins[m].right, at, max);
			wk->bad += !same(&want[i][m], at, n, max);
		}
	return NULL;
}

static void
run_threads(const char *path)
{
	struct hyph *h = hyph_open_lazy(path);
	CHECK(h != NULL);
	pthread_t t[THREADS];
	struct worker wk[THREADS];
	for (size_t i = 0; i < THREADS; i++) {
		wk[i] = (struct worker){h, i * nwords / THREADS, 0};
		CHECK(pthread_create(&t[i], NULL, work, &wk[i]) == 0);
	}
	for (size_t i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		CHECK(wk[i].bad == 0);
	}
	size_t hits, misses;
	hyph_stats(h, &hits, &misses);
	CHECK(hits > 0);
	hyph_close(h);
}

int
main(void)
{
	const char *path = hyph_default_path();
	if (path == NULL) {
		fprintf(stderr, "no /usr/share/hyphen/hyph_de_DE.dic: install hyphen-de\n");
		return 1;
	}
	read_words(path);
	CHECK(nwords == WORDS);
	reference(path);
	size_t with = 0;
	for (size_t i = 0; i < nwords; i++)
		with += want[i][0].n > 0;
	CHECK(with > nwords / 2); /* the questions have answers worth caching */
	run_repeats(path);
	run_threads(path);
	for (size_t i = 0; i < nwords; i++)
		free(words[i]);
	return UNIT_DONE();
}
