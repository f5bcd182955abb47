/* SPDX-License-Identifier: MIT */
/*
 * Hyphenation time: loading the pattern index (hyph_open, the first use in every run)
 * and hyphenating words, the first time each word is seen and again. The words are
 * those hyphen-de's own patterns spell out (every STEP-th, capitalised, UTF-8), so the
 * run is deterministic. Prints medians of ROUNDS rounds, each with a fresh handle.
 *   bench_hyph [ROUNDS] [WORDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hyph.h"
#include "pattern_word.h"

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Reads up to max words of at least 4 letters from the dictionary at path, as UTF-8. */
static size_t
read_words(const char *path, char **words, size_t max)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return 0;
	char line[256];
	size_t n = 0, seen = 0;
	while (n < max && fgets(line, sizeof(line), f) != NULL) {
		char u[512];
		size_t ul;
		size_t letters = pattern_word(line, 200, u, &ul);
		/* Every 7th word: spread over the file, not one prefix family. */
		if (letters >= 4 && ul < 200 && seen++ % 7 == 0) {
			words[n] = malloc(ul + 1);
			memcpy(words[n], u, ul + 1);
			n++;
		}
	}
	fclose(f);
	return n;
}

int
main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 9;
	size_t want = argc > 2 ? (size_t)atol(argv[2]) : 2000;
	const char *path = hyph_default_path();
	if (path == NULL || rounds < 1 || want < 1) {
		fprintf(stderr, "usage: bench_hyph [ROUNDS] [WORDS] (needs hyphen-de)\n");
		return 1;
	}
	char **words = calloc(want, sizeof(*words));
	size_t nw = read_words(path, words, want);
	double *open_ms = calloc((size_t)rounds, sizeof(double));
	double *cold_us = calloc((size_t)rounds, sizeof(double));
	double *warm_us = calloc((size_t)rounds, sizeof(double));
	size_t breaks = 0;
	double first_open = 0;
	for (int r = 0; r < rounds; r++) {
		double t0 = now_ms();
		struct hyph *h = hyph_open(path);
		double t1 = now_ms();
		if (h == NULL)
			return 1;
		size_t at[64];
		for (size_t i = 0; i < nw; i++)
			breaks += hyph_word(h, words[i], strlen(words[i]), 2, 3, at, 64);
		double t2 = now_ms();
		for (size_t i = 0; i < nw; i++)
			breaks += hyph_word(h, words[i], strlen(words[i]), 2, 3, at, 64);
		double t3 = now_ms();
		hyph_close(h);
		open_ms[r] = t1 - t0;
		if (r == 0)
			first_open = t1 - t0; /* what a fresh process pays */
		cold_us[r] = (t2 - t1) * 1e3 / (double)nw;
		warm_us[r] = (t3 - t2) * 1e3 / (double)nw;
	}
	printf("hyph_open (index load): %8.2f ms  (first round %.2f ms)\n", median(open_ms, rounds),
	       first_open);
	printf("word, first time:       %8.2f us  (%zu words)\n", median(cold_us, rounds), nw);
	printf("word, again:            %8.2f us\n", median(warm_us, rounds));
	printf("(%zu breaks, %d rounds)\n", breaks / (size_t)rounds / 2, rounds);
	for (size_t i = 0; i < nw; i++)
		free(words[i]);
	free(words);
	free(open_ms);
	free(cold_us);
	free(warm_us);
	return 0;
}
