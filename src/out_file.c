/* SPDX-License-Identifier: MIT */
/* The files a run writes: each under a temporary name beside its final one, renamed when whole. */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"
#include "msg.h"
#include "out_file.h"
#include "pdf_subset.h"

/*
 * The temporary files being written, for the signal handler: a worker holds one or
 * two at a time. A slot is taken and given back with atomic operations, so the
 * handler may read the list at any moment.
 */
enum { SLOTS = 256 };
static char *_Atomic slots[SLOTS];
static atomic_int interrupted; /* the signal that stops the run, or 0 */
static atomic_bool deferred;   /* workers are running: a signal only stops them */

static int
take_slot(char *path)
{
	for (int i = 0; i < SLOTS; i++) {
		char *none = NULL;
		if (atomic_compare_exchange_strong(&slots[i], &none, path))
			return i;
	}
	return -1; /* cannot happen with at most 64 workers; the file is then unknown to a signal */
}

static void
give_slot(int i)
{
	if (i >= 0)
		atomic_store(&slots[i], NULL);
}

int
out_keep_std_fds(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		/* The lowest free descriptor: this one, as the lower ones are open. */
		int null = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
		if (null != fd) {
			if (null >= 0)
				close(null);
			return -1;
		}
	}
	return 0;
}

int
out_file_open(struct out_file *f, const char *final)
{
	const char *slash = strrchr(final, '/');
	size_t dirlen = slash ? (size_t)(slash - final + 1) : 0;
	f->final = xstrdup(final);
	f->tmp = xasprintf("%.*s.%s.XXXXXX", (int)dirlen, final, final + dirlen);
	/*
	 * Known to the signal handler before the file exists: mkstemp writes the name
	 * into the buffer before it creates the file.
	 */
	f->slot = take_slot(f->tmp);
	f->fd = mkstemp(f->tmp);
	if (f->fd < 0) {
		give_slot(f->slot);
		msg(MSG_ERROR, "cannot create a file beside %s: %s", final, strerror(errno));
		free(f->tmp);
		free(f->final);
		f->tmp = f->final = NULL;
		return -1;
	}
	fchmod(f->fd, 0644);
	return 0;
}

int
out_file_close(struct out_file *f, bool ok)
{
	assert(f->fd >= 0 && f->tmp != NULL && f->final != NULL);
	if (atomic_load(&interrupted) != 0)
		ok = false; /* the run is stopping: nothing more goes into place */
	if (close(f->fd) != 0 && ok) {
		msg(MSG_ERROR, "%s: cannot write: %s", f->final, strerror(errno));
		ok = false;
	}
	if (ok && rename(f->tmp, f->final) != 0) {
		msg(MSG_ERROR, "%s: cannot put the file in place: %s", f->final, strerror(errno));
		ok = false;
	}
	if (!ok)
		unlink(f->tmp);
	give_slot(f->slot);
	free(f->tmp);
	free(f->final);
	f->tmp = f->final = NULL;
	f->fd = -1;
	return ok ? 0 : -1;
}

/* Removes every temporary file and ends the process by sig. */
static void
die_of(int sig)
{
	subset_cleanup_on_signal();
	for (int i = 0; i < SLOTS; i++) {
		char *p = atomic_load(&slots[i]);
		if (p != NULL)
			unlink(p);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
on_signal(int sig)
{
	if (!atomic_load(&deferred) || atomic_load(&interrupted) != 0)
		die_of(sig);
	atomic_store(&interrupted, sig);
}

void
out_catch_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

void
out_defer_signals(bool defer)
{
	atomic_store(&deferred, defer);
}

int
out_interrupted(void)
{
	return atomic_load(&interrupted);
}

void
out_end_if_interrupted(void)
{
	int sig = atomic_load(&interrupted);
	if (sig != 0)
		die_of(sig); /* every worker is back and its file removed */
}
