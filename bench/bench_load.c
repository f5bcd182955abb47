/* SPDX-License-Identifier: MIT */
/*
 * Loading alone: reads and checks a metrics file and (optionally) a survey file with
 * the program's own loaders, once, and exits; nothing else of a run (no template, no
 * analysis). bench/load.sh runs it under perf stat for the CPU of loading.
 *   bench_load METRICS [SURVEY]
 * Exit status 0 when both loaded, 2 otherwise (their messages on standard error).
 */
#include <stdio.h>

#include "load.h"
#include "model.h"

int
main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: bench_load METRICS [SURVEY]\n");
		return 2;
	}
	struct metrics *m = load_metrics(argv[1]);
	struct survey *s = m != NULL && argc > 2 ? load_survey(argv[2], m) : NULL;
	int status = m != NULL && (argc < 3 || s != NULL) ? 0 : 2;
	survey_free(s);
	metrics_free(m);
	return status;
}
