/* SPDX-License-Identifier: MIT */
/* The files a run writes: locked temporary names renamed when whole, removed on a signal, swept when stale. */
#ifndef PR_OUT_FILE_H
#define PR_OUT_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/*
 * Every file the run writes is made under a temporary name beside its final one,
 * ".NAME.XXXXXX", and renamed into place when whole; scratch files (the cut-down
 * fonts) go into a private folder TMPDIR/partnerreview-fonts-XXXXXX. Both hold an
 * exclusive flock(2) while they exist, which tells a later run's sweep that their
 * writer is alive. From out_catch_signals on, a thread waits for SIGINT, SIGTERM
 * and SIGHUP; the first one removes every temporary file and folder of the run
 * and ends the process by that signal at once, even in the middle of a report.
 * No file is created or renamed into place after that (both happen under the lock
 * the signal thread takes), so none is ever left half-written.
 */

/*
 * Puts /dev/null on each of the descriptors 0, 1 and 2 that is closed (a run
 * started with 2>&-), so that no file the run opens takes one of them: a message
 * would land inside a report. Called first thing in main. 0, or -1 when /dev/null
 * cannot be opened (nothing can be said then).
 */
int out_keep_std_fds(void);

/*
 * Starts the signal thread; call it before any other thread exists (the workers
 * inherit the blocked signals). out_release_signals stops it at the end of the run,
 * after which the signals act as usual again.
 */
void out_catch_signals(void);
void out_release_signals(void);

/*
 * A stretch of work a signal must not cut (docs/mail.md 5: a mail whose last byte
 * went out waits for the server's reply and is journaled). out_hold_signals returns
 * false when a signal has already come (do not start the work), else true; then the
 * signal thread, when one comes, notes it (out_interrupted() returns it, so that the
 * work can stop early) and waits for every hold to be released before it cleans up
 * and ends the process. A second signal ends the process at once.
 */
bool out_hold_signals(void);
void out_release_hold(void);
int out_interrupted(void);

/*
 * Removes every temporary file and folder of the run now, when the process ends
 * otherwise than by a signal: memory ran out (mem_on_oom), or a library called
 * exit(). Not async-signal-safe; allocates nothing.
 */
void out_remove_all(void);

/* A file being written. Its members are the caller's to read, not to change. */
struct out_file {
	char *final;                  /* where it goes (owned) */
	char *tmp;                    /* its temporary name (owned) */
	int fd;                       /* open for writing, locked */
	struct out_file *prev, *next; /* in the list the signal thread cleans */
};

/* Opens a new temporary file for final (copied). 0, or -1 after a message. */
int out_file_open(struct out_file *f, const char *final);

/* Writes n bytes of p to f's file, through short writes and EINTR; false on an error (errno). */
bool out_file_write(struct out_file *f, const void *p, size_t n);

/* The same on any descriptor (the mail journal appends its lines with it). */
bool out_write_fd(int fd, const void *p, size_t n);

/*
 * Closes f; when ok renames it to its final name, else removes it. Returns 0 when
 * the file is in place, else -1 (after a message when closing or renaming failed).
 * f's names are freed.
 */
int out_file_close(struct out_file *f, bool ok);

/* A private scratch folder, TMPDIR/partnerreview-fonts-XXXXXX (TMPDIR when set and short, else /tmp). */
struct out_dir;

/* Makes one; NULL with errno set when it cannot be made. */
struct out_dir *out_dir_new(void);
const char *out_dir_path(const struct out_dir *d);
/*
 * Creates the file name in d for writing: its descriptor (the caller closes it), or
 * -1 with errno set. The file goes with the folder.
 */
int out_dir_create(struct out_dir *d, const char *name);
/* Removes d with every file in it; out_dir_free(NULL) is a no-op. */
void out_dir_free(struct out_dir *d);

/*
 * Removes what runs that ended without cleaning up (SIGKILL, a crash) left: in out
 * (NULL: not there), temporary files of this program's kind (".<id>_<YYYY-Qn>.pdf.XXXXXX",
 * likewise .goals.json, .review.json, .layout and .eml); in the scratch parent, partnerreview-fonts-XXXXXX
 * folders of this user. Only names older than start and not locked by a live run
 * are removed. *nfiles and *nfolders get how many were removed; the scratch parent's
 * path is returned, for the message.
 */
const char *out_sweep(const char *out, const struct timespec *start, size_t *nfiles,
                      size_t *nfolders);

#endif
