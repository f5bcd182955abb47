/* SPDX-License-Identifier: MIT */
/* The files a run writes: each under a temporary name beside its final one, renamed when whole. */
#ifndef PR_OUT_FILE_H
#define PR_OUT_FILE_H

#include <stdbool.h>

/*
 * A file being written: tmp (".NAME.XXXXXX" beside final) is open as fd until
 * out_file_close. Between out_file_open and out_file_close the temporary name is
 * known to the signal handler, which removes it when a signal ends the run.
 */
struct out_file {
	char *final; /* owned: where the file goes */
	char *tmp;   /* owned: its temporary name */
	int fd;      /* open for writing */
	int slot;    /* its place in the list of temporary files (for the signal handler) */
};

/*
 * Puts /dev/null on each of the descriptors 0, 1 and 2 that is closed (a run
 * started with 2>&-), so that no file the run opens takes one of them: a message
 * would land inside a report. Called first thing in main. 0, or -1 when /dev/null
 * cannot be opened (nothing can be said then).
 */
int out_keep_std_fds(void);

/* Opens a new temporary file for final (copied). 0, or -1 after a message. */
int out_file_open(struct out_file *f, const char *final);

/*
 * Closes f; when ok (and the run is not being interrupted) renames it to its final
 * name, else removes it. Returns 0 when the file is in place, else -1 (after a
 * message when the close or the rename failed). f's names are freed.
 */
int out_file_close(struct out_file *f, bool ok);

/*
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP. From out_catch_signals on, a signal removes
 * every temporary file and ends the process by that signal at once. While workers
 * run (out_defer_signals(true)) it is only noted: out_interrupted() says which, no
 * file goes into place any more, and out_end_if_interrupted(), called when the
 * workers are back, ends the process by it. A second signal ends it at once.
 */
void out_catch_signals(void);
void out_defer_signals(bool defer);
int out_interrupted(void);
void out_end_if_interrupted(void);

#endif
