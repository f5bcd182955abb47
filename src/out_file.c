/* SPDX-License-Identifier: MIT */
/* The files a run writes: locked temporary names renamed when whole, removed on a signal, swept when stale. */
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"
#include "model.h"
#include "msg.h"
#include "out_file.h"

/*
 * The scratch folders' names. Not the "partnerreview-XXXXXX" of earlier versions:
 * those held no lock, so a live one cannot be told from a dead one, and a sweep
 * leaves them alone.
 */
#define SCRATCH "partnerreview-fonts-"

struct out_dir {
	char path[80]; /* the parent is shorter than 40 bytes */
	int fd;        /* the folder, open and locked */
	struct out_dir *prev, *next;
};

/*
 * The run's temporary files and folders. Each is created and registered, renamed
 * and unregistered under this lock; the signal thread takes it and never gives it
 * back, so after it looked nothing is created or put in place any more.
 */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct out_file *files; /* being written */
static struct out_dir *dirs;   /* scratch folders */

static pthread_t signal_thread;
static bool catching;

/* Holds (out_hold_signals) and the signal that came, under their own lock. */
static pthread_mutex_t hold_lock = PTHREAD_MUTEX_INITIALIZER;
static int holds;
static atomic_int came;

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

/* Removes every file in the folder open as dfd (the scratch folders hold files only). */
static void
empty_dir(int dfd)
{
	int fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
	if (dir == NULL) {
		if (fd >= 0)
			close(fd);
		return;
	}
	for (struct dirent *e; (e = readdir(dir)) != NULL;)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			unlinkat(dfd, e->d_name, 0);
	closedir(dir);
}

/* Removes every temporary file and folder of the run; the caller holds the lock. */
static void
remove_all(void)
{
	for (struct out_file *f = files; f != NULL; f = f->next)
		unlink(f->tmp);
	for (struct out_dir *d = dirs; d != NULL; d = d->next) {
		empty_dir(d->fd);
		rmdir(d->path);
	}
}

void
out_remove_all(void)
{
	/*
	 * Out of memory or a library's exit(): the process ends. When another thread
	 * holds the lock, its files stay; the next run's sweep removes them.
	 */
	if (pthread_mutex_trylock(&lock) != 0)
		return;
	remove_all();
	files = NULL;
	dirs = NULL;
	pthread_mutex_unlock(&lock);
}

static void
ignore(int sig)
{
	(void)sig;
}

static const int caught[] = {SIGINT, SIGTERM, SIGHUP};

/*
 * Waits for a signal; then removes the run's temporary files and folders and ends
 * the process by that signal. The lock stays taken: a worker that wants to create
 * or rename a file waits until the process is gone.
 */
static void *
wait_for_signals(void *arg)
{
	const sigset_t *set = arg;
	int sig;
	while (sigwait(set, &sig) != 0)
		;
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
	pthread_mutex_lock(&hold_lock);
	came = sig;
	/* The holds end their work; a second signal does not wait for them. */
	if (holds > 0)
		msg(MSG_NOTE,
		    "stopping once the %d mail%s being sent %s the server's reply "
		    "(to be journaled); a second signal ends the run at once",
		    holds, holds == 1 ? "" : "s", holds == 1 ? "has" : "have");
	while (holds > 0) {
		pthread_mutex_unlock(&hold_lock);
		const struct timespec step = {0, 50 * 1000 * 1000};
		int again = sigtimedwait(set, NULL, &step);
		pthread_mutex_lock(&hold_lock);
		if (again > 0)
			break;
	}
	pthread_mutex_unlock(&hold_lock);
	pthread_mutex_lock(&lock);
	remove_all();
	signal(sig, SIG_DFL);
	sigset_t one;
	sigemptyset(&one);
	sigaddset(&one, sig);
	pthread_sigmask(SIG_UNBLOCK, &one, NULL);
	raise(sig);
	_exit(128 + sig); /* not reached: the signal ends the process */
}

bool
out_hold_signals(void)
{
	pthread_mutex_lock(&hold_lock);
	bool ok = came == 0;
	if (ok)
		holds++;
	pthread_mutex_unlock(&hold_lock);
	return ok;
}

void
out_release_hold(void)
{
	pthread_mutex_lock(&hold_lock);
	assert(holds > 0);
	holds--;
	pthread_mutex_unlock(&hold_lock);
}

int
out_interrupted(void)
{
	return came;
}

void
out_catch_signals(void)
{
	static sigset_t set;
	sigemptyset(&set);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = ignore;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(caught) / sizeof(caught[0]); i++) {
		sigaddset(&set, caught[i]);
		/*
		 * A handler, not the inherited disposition: a shell starts background jobs
		 * with SIGINT ignored, and the run must still clean up when it comes.
		 */
		sigaction(caught[i], &sa, NULL);
	}
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	catching = pthread_create(&signal_thread, NULL, wait_for_signals, &set) == 0;
	if (!catching) {
		/* No thread: the signals end the run as they would without it (files may stay). */
		for (size_t i = 0; i < sizeof(caught) / sizeof(caught[0]); i++)
			signal(caught[i], SIG_DFL);
		pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	}
}

void
out_release_signals(void)
{
	if (!catching)
		return;
	assert(files == NULL && dirs == NULL); /* every file of the run is in place or gone */
	pthread_cancel(signal_thread);
	pthread_join(signal_thread, NULL);
	catching = false;
	sigset_t set;
	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(caught) / sizeof(caught[0]); i++) {
		signal(caught[i], SIG_DFL);
		sigaddset(&set, caught[i]);
	}
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

/*
 * Locks the file or folder open as fd for as long as it is open, and checks that it
 * still has its name: a sweeping run may have removed it between its creation and
 * the lock (it removes only what it could lock). 0, or -1: made anew.
 */
static int
lock_new(int fd)
{
	struct stat st;
	if (flock(fd, LOCK_EX) != 0)
		return 0; /* no locks here (some network file systems): as before they existed */
	return fstat(fd, &st) == 0 && st.st_nlink > 0 ? 0 : -1;
}

int
out_file_open(struct out_file *f, const char *final)
{
	assert(final != NULL && *final != '\0' && final[strlen(final) - 1] != '/');
	const char *slash = strrchr(final, '/');
	size_t dirlen = slash ? (size_t)(slash - final + 1) : 0;
	f->final = xstrdup(final);
	f->prev = NULL;
	pthread_mutex_lock(&lock);
	for (int tries = 0;; tries++) {
		f->tmp = xasprintf("%.*s.%s.XXXXXX", (int)dirlen, final, final + dirlen);
		f->fd = mkstemp(f->tmp);
		if (f->fd < 0 || lock_new(f->fd) == 0 || tries == 100)
			break;
		close(f->fd);
		free(f->tmp);
	}
	if (f->fd >= 0) {
		f->next = files;
		if (files != NULL)
			files->prev = f;
		files = f;
	}
	pthread_mutex_unlock(&lock);
	if (f->fd < 0) {
		msg(MSG_ERROR, "cannot create a file beside %s: %s", final, strerror(errno));
		free(f->tmp);
		free(f->final);
		f->tmp = f->final = NULL;
		return -1;
	}
	fchmod(f->fd, 0644);
	return 0;
}

bool
out_file_write(struct out_file *f, const void *p, size_t n)
{
	return out_write_fd(f->fd, p, n);
}

bool
out_write_fd(int fd, const void *p, size_t n)
{
	const char *s = p;
	for (size_t off = 0; off < n;) {
		ssize_t w = write(fd, s + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		off += (size_t)w;
	}
	return true;
}

int
out_file_close(struct out_file *f, bool ok)
{
	assert(f->fd >= 0 && f->tmp != NULL && f->final != NULL);
	/*
	 * A copy closed first reports a failed write as close would, and the file stays
	 * open (and locked) until it is in place: no sweep can take it in between.
	 */
	int copy = dup(f->fd);
	if ((copy < 0 || close(copy) != 0) && ok) {
		msg(MSG_ERROR, "%s: cannot write: %s", f->final, strerror(errno));
		ok = false;
	}
	pthread_mutex_lock(&lock);
	if (ok && rename(f->tmp, f->final) != 0) {
		msg(MSG_ERROR, "%s: cannot put the file in place: %s", f->final, strerror(errno));
		ok = false;
	}
	if (!ok)
		unlink(f->tmp);
	assert(f->prev != NULL ? f->prev->next == f : files == f);
	if (f->prev != NULL)
		f->prev->next = f->next;
	else
		files = f->next;
	if (f->next != NULL)
		f->next->prev = f->prev;
	pthread_mutex_unlock(&lock);
	close(f->fd);
	free(f->tmp);
	free(f->final);
	f->tmp = f->final = NULL;
	f->fd = -1;
	return ok ? 0 : -1;
}

/* Where scratch folders go: TMPDIR when set and short enough, else /tmp. */
static const char *
scratch_parent(void)
{
	const char *tmp = getenv("TMPDIR");
	return tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp";
}

struct out_dir *
out_dir_new(void)
{
	struct out_dir *d = xcalloc(1, sizeof(*d));
	int err = 0;
	pthread_mutex_lock(&lock);
	for (int tries = 0;; tries++) {
		snprintf(d->path, sizeof(d->path), "%s/" SCRATCH "XXXXXX", scratch_parent());
		if (mkdtemp(d->path) == NULL) {
			err = errno;
			break;
		}
		d->fd = open(d->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (d->fd < 0) {
			err = errno;
			rmdir(d->path);
			break;
		}
		if (lock_new(d->fd) == 0 || tries == 100)
			break;
		close(d->fd);
	}
	if (err == 0) {
		d->next = dirs;
		if (dirs != NULL)
			dirs->prev = d;
		dirs = d;
	}
	pthread_mutex_unlock(&lock);
	if (err != 0) {
		free(d);
		errno = err;
		return NULL;
	}
	return d;
}

const char *
out_dir_path(const struct out_dir *d)
{
	return d->path;
}

int
out_dir_create(struct out_dir *d, const char *name)
{
	assert(strchr(name, '/') == NULL && strcmp(name, ".") != 0 && strcmp(name, "..") != 0);
	pthread_mutex_lock(&lock);
	int fd = openat(d->fd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	int err = errno;
	pthread_mutex_unlock(&lock);
	errno = err;
	return fd;
}

void
out_dir_free(struct out_dir *d)
{
	if (d == NULL)
		return;
	pthread_mutex_lock(&lock);
	assert(d->prev != NULL ? d->prev->next == d : dirs == d);
	if (d->prev != NULL)
		d->prev->next = d->next;
	else
		dirs = d->next;
	if (d->next != NULL)
		d->next->prev = d->prev;
	empty_dir(d->fd);
	rmdir(d->path);
	pthread_mutex_unlock(&lock);
	close(d->fd);
	free(d);
}

static bool
is_alnum(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* s ends in "XXXXXX" as mkstemp and mkdtemp fill it in, after the prefix of length n. */
static bool
has_suffix6(const char *s, size_t n)
{
	if (strlen(s) != n + 6)
		return false;
	for (size_t i = 0; i < 6; i++)
		if (!is_alnum(s[n + i]))
			return false;
	return true;
}

/* A temporary name of this program in OUT: ".<id>_<YYYY-Qn>.<ext>.XXXXXX". */
static bool
is_temp_name(const char *s)
{
	static const char *const exts[] = {".pdf", ".goals.json", ".layout",
	                                   ".eml", ".csv",        ".review.json"};
	size_t n = strlen(s);
	if (n < 8 || s[0] != '.' || s[n - 7] != '.' || !has_suffix6(s, n - 6))
		return false;
	char name[128];
	size_t len = n - 8; /* between the leading dot and ".XXXXXX" */
	if (len >= sizeof(name))
		return false;
	memcpy(name, s + 1, len);
	name[len] = '\0';
	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		size_t el = strlen(exts[i]);
		if (len < el + 9 || strcmp(name + len - el, exts[i]) != 0)
			continue;
		char *period = name + len - el - 7; /* YYYY-Qn */
		period[7] = '\0';
		if (period[-1] != '_' || parse_period(period) == 0)
			return false;
		period[-1] = '\0';
		return is_valid_id(name);
	}
	return false;
}

static bool
before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/*
 * Removes the entry name of the folder dfd when it is of the kind wanted (a regular
 * file, or a folder of this user), older than start, and its lock can be taken: no
 * live run holds it. True when removed.
 */
static bool
sweep_one(int dfd, const char *name, bool folder, const struct timespec *start)
{
	struct stat st, now;
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !before(&st.st_mtim, start))
		return false;
	if (folder ? !S_ISDIR(st.st_mode) || st.st_uid != geteuid() : !S_ISREG(st.st_mode))
		return false;
	int fd = openat(
	    dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | (folder ? O_DIRECTORY : 0));
	if (fd < 0)
		return false;
	bool removed = false;
	/* Still the same file, unlocked: its writer is gone (the lock goes with the process). */
	if (flock(fd, LOCK_EX | LOCK_NB) == 0 && fstat(fd, &now) == 0 && now.st_ino == st.st_ino &&
	    now.st_dev == st.st_dev && now.st_nlink > 0) {
		if (folder)
			empty_dir(fd);
		removed = unlinkat(dfd, name, folder ? AT_REMOVEDIR : 0) == 0;
	}
	close(fd);
	return removed;
}

/* Sweeps path of stale scratch folders (folders) or temporary files; how many went. */
static size_t
sweep_dir(const char *path, bool folders, const struct timespec *start)
{
	int dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int fd = dfd >= 0 ? dup(dfd) : -1;
	DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
	size_t n = 0;
	if (dir != NULL) {
		for (struct dirent *e; (e = readdir(dir)) != NULL;) {
			bool match = folders ? strncmp(e->d_name, SCRATCH, strlen(SCRATCH)) == 0 &&
			                           has_suffix6(e->d_name, strlen(SCRATCH))
			                     : is_temp_name(e->d_name);
			if (match && sweep_one(dfd, e->d_name, folders, start))
				n++;
		}
		closedir(dir);
	} else if (fd >= 0) {
		close(fd);
	}
	if (dfd >= 0)
		close(dfd);
	return n;
}

const char *
out_sweep(const char *out, const struct timespec *start, size_t *nfiles, size_t *nfolders)
{
	*nfolders = sweep_dir(scratch_parent(), true, start);
	*nfiles = out != NULL ? sweep_dir(out, false, start) : 0;
	return scratch_parent();
}
