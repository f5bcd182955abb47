/* SPDX-License-Identifier: MIT */
/* The workers (batch_pool.h): every job once, messages and counting in job order, and a
 * window of POOL_WINDOW jobs whatever their number, with jobs of uneven length. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch_pool.h"
#include "msg.h"
#include "unit.h"

enum { JOBS = 3 * POOL_WINDOW + 77 };

struct state {
	pthread_mutex_t lock;
	size_t counted;    /* done() calls so far */
	size_t running;    /* begun, not yet counted */
	size_t most;       /* the most of those at once */
	int ran[JOBS];     /* work() calls per job */
	int window_broken; /* a job begun before the one POOL_WINDOW before it was counted */
	int out_of_order;  /* done() not in job order */
	int slot_reused;   /* a place i % POOL_WINDOW held another job still */
	size_t place[POOL_WINDOW];
};

static void
work(void *ctx, size_t i, int worker)
{
	(void)worker;
	struct state *st = ctx;
	pthread_mutex_lock(&st->lock);
	st->ran[i]++;
	if (i >= POOL_WINDOW && st->counted <= i - POOL_WINDOW)
		st->window_broken++;
	if (st->place[i % POOL_WINDOW] != 0)
		st->slot_reused++;
	st->place[i % POOL_WINDOW] = i + 1;
	if (++st->running > st->most)
		st->most = st->running;
	pthread_mutex_unlock(&st->lock);
	/* Uneven work: every 97th job far longer than the rest, so that workers run ahead. */
	volatile unsigned long sink = 0;
	for (unsigned long k = 0; k < (i % 97 == 0 ? 2000000UL : 2000UL); k++)
		sink += k;
	msg(MSG_NOTE, "job %zu", i);
}

static void
done(void *ctx, size_t i)
{
	struct state *st = ctx;
	pthread_mutex_lock(&st->lock);
	if (i != st->counted)
		st->out_of_order++;
	st->counted++;
	st->running--;
	st->place[i % POOL_WINDOW] = 0;
	pthread_mutex_unlock(&st->lock);
}

int
main(void)
{
	static struct state st = {.lock = PTHREAD_MUTEX_INITIALIZER};
	/* The messages go to a file, read back to see their order. */
	FILE *log = tmpfile();
	CHECK(log != NULL);
	int saved = dup(2);
	fflush(stderr);
	dup2(fileno(log), 2);
	pool_run(JOBS, 4, work, done, &st, NULL);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);

	int missed = 0;
	for (size_t i = 0; i < JOBS; i++)
		missed += st.ran[i] != 1;
	CHECK(missed == 0);
	CHECK(st.counted == JOBS);
	CHECK(st.out_of_order == 0);
	CHECK(st.window_broken == 0);
	CHECK(st.slot_reused == 0);
	CHECK(st.most >= 1 && st.most <= POOL_WINDOW);

	rewind(log);
	char line[128];
	size_t next = 0;
	int bad = 0;
	while (fgets(line, sizeof(line), log) != NULL) {
		char want[64];
		snprintf(want, sizeof(want), "partnerreview: note: job %zu\n", next++);
		bad += strcmp(line, want) != 0;
	}
	CHECK(bad == 0);
	CHECK(next == JOBS);
	fclose(log);
	return UNIT_DONE();
}
