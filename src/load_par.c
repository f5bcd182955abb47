/* SPDX-License-Identifier: MIT */
/* Both inputs on two threads: the survey beside the metrics' scan, then the metrics' partners in pieces on both. */
#include <assert.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "load.h"
#include "load_int.h"
#include "load_json.h"
#include "mem.h"
#include "msg.h"

/*
 * How the time goes (bench/README.md, "Big channels"): the metrics' scan (pass 1) is
 * a sixth of the loading, their trees and model (pass 2) two thirds, the survey the
 * rest. The survey needs the metrics only to link its responses and to tell whether a
 * response's problems are errors (its partner fails) or warnings (an unknown partner):
 * the second thread reads it while the first scans the metrics, holding its messages
 * and the places of its responses (load_survey_start); then both read the metrics'
 * partners, piece by piece (load_json.c); last, the survey's messages are printed and
 * its responses linked (load_survey_end). Every message is held until it can be printed
 * in the order of one thread reading the metrics, then the survey.
 */

struct load_team {
	pthread_mutex_t lock;
	pthread_cond_t cond; /* a job shared, a piece done, the end */
	pthread_t thread;
	const char *survey; /* the second thread's own task */
	struct survey_ctx *read;
	/* The job shared now (fn not NULL): pieces next .. n-1 are left, done are done. */
	void (*fn)(void *arg, size_t k, int worker);
	void *arg;
	size_t n, next, done;
	bool end;
};

static void *
second(void *p)
{
	struct load_team *t = p;
	if (t->survey != NULL)
		t->read = load_survey_start(t->survey);
	pthread_mutex_lock(&t->lock);
	for (;;) {
		if (t->fn != NULL && t->next < t->n) {
			size_t k = t->next++;
			pthread_mutex_unlock(&t->lock);
			t->fn(t->arg, k, 1);
			pthread_mutex_lock(&t->lock);
			t->done++;
			pthread_cond_broadcast(&t->cond);
		} else if (t->end) {
			break;
		} else {
			pthread_cond_wait(&t->cond, &t->lock);
		}
	}
	pthread_mutex_unlock(&t->lock);
	return NULL;
}

void
load_team_run(struct load_team *t, size_t n, void (*fn)(void *arg, size_t k, int worker), void *arg)
{
	if (t == NULL) {
		for (size_t k = 0; k < n; k++)
			fn(arg, k, 0);
		return;
	}
	pthread_mutex_lock(&t->lock);
	assert(t->fn == NULL);
	t->fn = fn;
	t->arg = arg;
	t->n = n;
	t->next = t->done = 0;
	pthread_cond_broadcast(&t->cond);
	while (t->done < n) {
		if (t->next < n) {
			size_t k = t->next++;
			pthread_mutex_unlock(&t->lock);
			fn(arg, k, 0);
			pthread_mutex_lock(&t->lock);
			t->done++;
		} else {
			pthread_cond_wait(&t->cond, &t->lock);
		}
	}
	t->fn = NULL;
	pthread_mutex_unlock(&t->lock);
}

/*
 * Two threads hold both inputs' working state at once (the survey's places beside the
 * metrics' pieces and trees): at 100,000 partners (237 MB of input) the run's peak
 * would be 165 to 180 instead of 132 MiB. Inputs that big are read one after the other; a
 * run that big is a batch, where loading is a small part of the time.
 */
enum { LOAD_PAR_MAX = 64 << 20 };

static bool
small_enough(const char *metrics, const char *survey)
{
	struct stat st;
	off_t total = 0;
	if (stat(metrics, &st) == 0 && S_ISREG(st.st_mode))
		total += st.st_size;
	if (survey != NULL && stat(survey, &st) == 0 && S_ISREG(st.st_mode))
		total += st.st_size;
	return total <= LOAD_PAR_MAX;
}

void
load_inputs(const char *metrics, const char *survey, int threads, struct metrics **m,
            struct survey **s)
{
	struct load_team t = {.survey = survey};
	pthread_mutex_init(&t.lock, NULL);
	pthread_cond_init(&t.cond, NULL);
	bool two = threads > 1 && small_enough(metrics, survey) &&
	           pthread_create(&t.thread, NULL, second, &t) == 0;
	struct id_index ids = {0}; /* the metrics' partners by id, for linking the survey */
	mem_reading(metrics);
	*m = load_metrics_team(metrics, two ? &t : NULL, &ids);
	mem_reading(NULL);
	*s = NULL;
	if (two) {
		pthread_mutex_lock(&t.lock);
		t.end = true;
		pthread_cond_broadcast(&t.cond);
		pthread_mutex_unlock(&t.lock);
		pthread_join(t.thread, NULL);
		if (*m != NULL && survey != NULL)
			*s = load_survey_end(t.read, *m, &ids);
		else
			load_survey_drop(t.read);
	} else if (*m != NULL && survey != NULL) {
		*s = load_survey(survey, *m);
	}
	free(ids.slot);
	pthread_mutex_destroy(&t.lock);
	pthread_cond_destroy(&t.cond);
}
