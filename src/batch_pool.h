/* SPDX-License-Identifier: MIT */
/* The workers: jobs taken in order by threads, their messages printed in job order. */
#ifndef PR_BATCH_POOL_H
#define PR_BATCH_POOL_H

#include <stddef.h>

enum { POOL_MAX = 64 }; /* workers at most */

/*
 * Jobs begun but not yet done (counted) at once, at most: job i + POOL_WINDOW is not
 * begun before done(ctx, i) has returned, so a caller keeps the state of its jobs in
 * POOL_WINDOW places (job i in place i % POOL_WINDOW), whatever the number of jobs.
 * A worker that runs that far ahead of the oldest unfinished job waits for it.
 */
enum { POOL_WINDOW = 256 };

/*
 * How many workers n jobs get when requested are asked for (0: one per processor):
 * at least 1, at most n and POOL_MAX.
 */
int pool_workers(int requested, size_t n);

/*
 * Calls work(ctx, i, worker) once for every job i < n, on `workers` threads (the
 * calling one among them; worker is 0..workers-1, for per-worker state). Jobs are
 * taken in order. The messages (msg.h) of job i are held back and printed in job
 * order whoever finishes first, so the output of 8 workers reads as that of one;
 * right after job i's messages, done(ctx, i) runs, in job order and one at a time
 * (the tally). With progress (a noun such as "reports"), a bar on standard error
 * shows the jobs done and the time left. (A signal ends the whole process at once:
 * out_file.h.)
 */
void pool_run(size_t n, int workers, void (*work)(void *ctx, size_t i, int worker),
              void (*done)(void *ctx, size_t i), void *ctx, const char *progress);

#endif
