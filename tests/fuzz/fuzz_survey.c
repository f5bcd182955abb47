/* SPDX-License-Identifier: MIT */
/* The survey harnesses: each input read alone and against the sample metrics. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "fuzz_survey.h"
#include "load.h"
#include "mem.h"

/*
 * The sample metrics, read once: a survey marks the partners its bad responses
 * belong to as failed, and that mark is all it changes, so it is undone after each
 * input and every input meets the same metrics.
 */
static struct metrics *m;
static bool *failed;

static void
free_metrics(void)
{
	metrics_free(m);
	free(failed);
}

void
fuzz_survey(const uint8_t *data, size_t size, const char *name)
{
	if (m == NULL) {
		char *path = xasprintf("%s/samples/metrics.json", fuzz_src());
		fuzz_dir(); /* silent from here on */
		m = load_metrics(path);
		free(path);
		if (m == NULL) {
			fprintf(stderr, "fuzz: the sample metrics do not load\n");
			abort();
		}
		failed = xcalloc(m->npartners + 1, sizeof(*failed));
		for (size_t i = 0; i < m->npartners; i++)
			failed[i] = m->partners[i].failed;
		atexit(free_metrics);
	}
	const char *path = fuzz_file(data, size, name);
	survey_free(load_survey(path, NULL));
	survey_free(load_survey(path, m));
	for (size_t i = 0; i < m->npartners; i++)
		m->partners[i].failed = failed[i];
}
