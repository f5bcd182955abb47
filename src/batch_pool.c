/* SPDX-License-Identifier: MIT */
/* The workers: jobs taken in order by threads, their messages printed in job order. */
#include <assert.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "batch_pool.h"
#include "mem.h"
#include "msg.h"

/* One job, as a worker leaves it for the ordered output. */
struct slot {
	bool done;
	struct sbuf text; /* its messages */
};

struct pool {
	void (*work)(void *ctx, size_t i, int worker);
	void (*done)(void *ctx, size_t i);
	void *ctx;
	size_t n;
	pthread_mutex_t lock; /* guards what follows */
	pthread_cond_t room;  /* printed went on: a job of the window may be taken */
	size_t next;          /* the next job to take */
	size_t printed;       /* jobs whose messages are out, in order */
	size_t finished;
	struct slot *slots;   /* POOL_WINDOW: job i in slot i % POOL_WINDOW */
	const char *progress; /* the noun of the progress bar, or NULL: none */
	double start;
};

struct worker_arg {
	struct pool *pl;
	int id;
};

int
pool_workers(int requested, size_t n)
{
	long w = requested > 0 ? requested : sysconf(_SC_NPROCESSORS_ONLN);
	if (w < 1)
		w = 1;
	if ((size_t)w > n)
		w = n > 0 ? (long)n : 1;
	if (w > POOL_MAX)
		w = POOL_MAX;
	return (int)w;
}

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The progress bar on a terminal: done of all, and the time left at this pace. */
static void
show_progress(const struct pool *pl)
{
	enum { WIDTH = 24 };
	double spent = now() - pl->start;
	double left = spent / (double)pl->finished * (double)(pl->n - pl->finished);
	char bar[WIDTH + 1];
	size_t full = pl->finished * WIDTH / (pl->n ? pl->n : 1);
	for (size_t k = 0; k < WIDTH; k++)
		bar[k] = k < full ? '#' : '.';
	bar[WIDTH] = '\0';
	fprintf(stderr, "\rpartnerreview: [%s] %zu/%zu %s, about %.0f s left ", bar, pl->finished,
	        pl->n, pl->progress, left);
}

/* Takes jobs until none is left. */
static void
work_loop(struct pool *pl, int id)
{
	for (;;) {
		pthread_mutex_lock(&pl->lock);
		/* The oldest job not yet printed holds its slot: wait until it is. */
		while (pl->next < pl->n && pl->next >= pl->printed + POOL_WINDOW)
			pthread_cond_wait(&pl->room, &pl->lock);
		size_t i = pl->next < pl->n ? pl->next++ : SIZE_MAX;
		pthread_mutex_unlock(&pl->lock);
		if (i == SIZE_MAX)
			break;
		struct slot *s = &pl->slots[i % POOL_WINDOW];
		msg_capture(&s->text);
		pl->work(pl->ctx, i, id);
		msg_capture(NULL);
		pthread_mutex_lock(&pl->lock);
		/* Taken, then done, then printed: each count never passes the one before. */
		assert(pl->printed <= pl->finished && pl->finished < pl->next && pl->next <= pl->n);
		assert(!s->done);
		s->done = true;
		pl->finished++;
		size_t was = pl->printed;
		for (; pl->printed < pl->n && pl->slots[pl->printed % POOL_WINDOW].done;
		     pl->printed++) {
			struct slot *d = &pl->slots[pl->printed % POOL_WINDOW];
			if (pl->progress)
				fputs("\r\033[K", stderr);
			if (d->text.len)
				fputs(d->text.s, stderr);
			sbuf_free(&d->text);
			pl->done(pl->ctx, pl->printed);
			d->done = false;
		}
		if (pl->printed != was)
			pthread_cond_broadcast(&pl->room);
		if (pl->progress)
			show_progress(pl);
		pthread_mutex_unlock(&pl->lock);
	}
}

static void *
work_thread(void *p)
{
	struct worker_arg *arg = p;
	work_loop(arg->pl, arg->id);
	free(arg);
	return NULL;
}

void
pool_run(size_t n, int workers, void (*work)(void *ctx, size_t i, int worker),
         void (*done)(void *ctx, size_t i), void *ctx, const char *progress)
{
	assert(workers >= 1 && workers <= POOL_MAX && work != NULL && done != NULL);
	struct pool pl = {.work = work,
	                  .done = done,
	                  .ctx = ctx,
	                  .n = n,
	                  .lock = PTHREAD_MUTEX_INITIALIZER,
	                  .room = PTHREAD_COND_INITIALIZER,
	                  .progress = progress,
	                  .start = now()};
	pl.slots = xcalloc(POOL_WINDOW, sizeof(*pl.slots));
	pthread_t threads[POOL_MAX];
	int started = 0;
	for (int i = 1; i < workers; i++) {
		struct worker_arg *arg = xmalloc(sizeof(*arg));
		*arg = (struct worker_arg){&pl, i};
		if (pthread_create(&threads[started], NULL, work_thread, arg) != 0) {
			free(arg);
			break; /* fewer workers then: the others take the rest */
		}
		started++;
	}
	work_loop(&pl, 0);
	for (int i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	if (progress)
		fputs("\r\033[K", stderr);
	/* Every job ran and printed its messages, in order: none is left behind. */
	assert(pl.next == n && pl.finished == n && pl.printed == n);
	free(pl.slots);
}
