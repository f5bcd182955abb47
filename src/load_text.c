/* SPDX-License-Identifier: MIT */
/* An input file's bytes: regular files only, mapped with pages given back as read; its form (JSON or CSV). */
/* madvise(MADV_DONTNEED) is no POSIX function. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load.h"
#include "load_int.h"
#include "mem.h"
#include "msg.h"
#include "utf8.h"

/* What st is when it is no regular file, for "cannot read FILE: it is a FIFO ...". */
static const char *
kind_of(const struct stat *st)
{
	if (S_ISREG(st->st_mode))
		return NULL;
	if (S_ISDIR(st->st_mode))
		return "a folder";
	if (S_ISFIFO(st->st_mode))
		return "a FIFO (a named pipe)";
	if (S_ISCHR(st->st_mode))
		return "a character device";
	if (S_ISBLK(st->st_mode))
		return "a block device";
	if (S_ISSOCK(st->st_mode))
		return "a socket";
	return "no regular file";
}

const char *
load_not_regular(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return NULL;
	return kind_of(&st);
}

/*
 * Maps the pages of the next two steps from byte from (a page boundary) in one call,
 * rather than a page fault for every sixteen pages as they are read: on a virtual
 * machine a fault is dear. Without MADV_POPULATE_READ (Linux 5.14) or when it fails,
 * the pages fault in as they are read, as before.
 */
static void
populate(struct load_text *t, size_t from)
{
#ifdef MADV_POPULATE_READ
	if (t->map == NULL || from >= t->len)
		return;
	size_t n = t->len - from < 2 * LOAD_RELEASE_STEP ? t->len - from : 2 * LOAD_RELEASE_STEP;
	madvise((char *)t->map + from, n, MADV_POPULATE_READ);
#else
	(void)t, (void)from;
#endif
}

void
load_text_give_back(struct load_text *t, size_t upto)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t to = upto / page * page;
	/* The mapping is private and never written: the pages read back from the file. */
	madvise((char *)t->map + t->kept, to - t->kept, MADV_DONTNEED);
	t->kept = to;
	populate(t, to);
}

void
load_text_restart(struct load_text *t, size_t at)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	t->kept = at / page * page;
	populate(t, t->kept);
}

/*
 * A mapped file cut short by another program while it is read raises SIGBUS where
 * read() would have returned less: say so and stop, as for any unusable input
 * (nothing is written while the inputs are read). The metrics and the survey may be
 * mapped at once, read by two threads (load_par.c): each mapping has a slot with its
 * range and its message, made beforehand; the handler names the file the faulting
 * address is in. The handler is in place while any file is mapped.
 */
enum { BUS_SLOTS = 4 };
static struct bus_slot {
	_Atomic(const char *) start; /* NULL: free */
	size_t len;
	char message[600];
	size_t length;
} bus_slots[BUS_SLOTS];
static pthread_mutex_t bus_lock = PTHREAD_MUTEX_INITIALIZER;
static int bus_users;
static struct sigaction bus_before; /* SIGBUS's handler before the first mapping */

static void
on_bus(int sig, siginfo_t *info, void *uctx)
{
	(void)uctx;
	const char *at = info != NULL ? info->si_addr : NULL;
	for (int i = 0; i < BUS_SLOTS; i++) {
		const char *start = atomic_load(&bus_slots[i].start);
		if (start != NULL && at >= start && at < start + bus_slots[i].len) {
			ssize_t w = write(2, bus_slots[i].message, bus_slots[i].length);
			(void)w;
			_exit(2);
		}
	}
	/* Not in an input: what SIGBUS would have done without this handler. */
	signal(sig, SIG_DFL);
}

/* Names t's mapping in the handler (installed with the first one); false when all slots are taken. */
static bool
bus_watch(struct load_text *t)
{
	pthread_mutex_lock(&bus_lock);
	int i = 0;
	while (i < BUS_SLOTS && atomic_load(&bus_slots[i].start) != NULL)
		i++;
	if (i == BUS_SLOTS) {
		pthread_mutex_unlock(&bus_lock);
		return false;
	}
	struct bus_slot *b = &bus_slots[i];
	int n = snprintf(b->message, sizeof(b->message),
	                 "partnerreview: error: cannot read %s: it was cut short while "
	                 "being read; nothing written\n",
	                 t->path);
	b->length = n < 0 ? 0 : (size_t)n < sizeof(b->message) ? (size_t)n : sizeof(b->message) - 1;
	b->len = t->len;
	atomic_store(&b->start, t->s);
	t->bus = i;
	if (bus_users++ == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = on_bus;
		sa.sa_flags = SA_SIGINFO;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGBUS, &sa, &bus_before);
	}
	pthread_mutex_unlock(&bus_lock);
	return true;
}

static void
bus_unwatch(struct load_text *t)
{
	pthread_mutex_lock(&bus_lock);
	atomic_store(&bus_slots[t->bus].start, NULL);
	if (--bus_users == 0)
		sigaction(SIGBUS, &bus_before, NULL);
	pthread_mutex_unlock(&bus_lock);
}

/* The rest of fd (of size bytes, as fstat said), NUL-terminated; NULL after a message. */
static char *
read_all(int fd, const char *path, size_t size, size_t *len)
{
	size_t n = 0, cap = 0;
	char *buf = NULL;
	xgrow(&buf, &cap, size + 1, 1);
	for (;;) {
		if (n + 1 >= cap)
			xgrow(&buf, &cap, n + 4096, 1);
		ssize_t got = read(fd, buf + n, cap - n - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			msg(MSG_ERROR, "cannot read %s: %s", path, strerror(errno));
			free(buf);
			return NULL;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

bool
load_text_open(struct load_text *t, const char *path, bool map)
{
	memset(t, 0, sizeof(*t));
	t->path = path;
	/* Not blocking: opening a FIFO would wait for a writer before fstat could refuse it. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		msg(MSG_ERROR, "cannot read %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return false;
	}
	const char *kind = kind_of(&st);
	if (kind != NULL) {
		/* /dev/zero never ends, a FIFO may never be written: inputs are files. */
		msg(MSG_ERROR, "cannot read %s: it is %s; inputs must be regular files", path,
		    kind);
		close(fd);
		return false;
	}
	if (map && st.st_size > 0) {
		void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p != MAP_FAILED) {
			t->s = p;
			t->len = (size_t)st.st_size;
			if (t->len <= LOAD_RESIDENT) {
				t->whole = p;
#ifdef MADV_POPULATE_READ
				madvise(p, t->len, MADV_POPULATE_READ);
#endif
			} else {
				t->map = p;
			}
		}
	}
	if ((t->map != NULL || t->whole != NULL) && !bus_watch(t)) {
		/* More files mapped at once than the handler knows: read this one. */
		munmap(t->map != NULL ? t->map : t->whole, t->len);
		t->map = t->whole = NULL;
		t->s = NULL;
		t->len = 0;
	}
	if (t->map == NULL && t->whole == NULL) {
		/* An empty file, a small one read by a worker, or one mmap refused. */
		char *buf = read_all(fd, path, (size_t)st.st_size, &t->len);
		if (buf == NULL) {
			close(fd);
			return false;
		}
		t->s = buf;
	}
	close(fd);
	t->bom = t->len >= 3 && memcmp(t->s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	return true;
}

void
load_text_close(struct load_text *t)
{
	if (t->map != NULL || t->whole != NULL) {
		bus_unwatch(t);
		munmap((char *)t->s, t->len);
	} else {
		free((char *)t->s);
	}
	memset(t, 0, sizeof(*t));
}

void
load_text_position(const struct load_text *t, size_t off, long *line, long *col)
{
	long l = 1, c = 1;
	for (size_t i = t->bom; i < off; i++) {
		unsigned char ch = (unsigned char)t->s[i];
		if (ch == '\n' || (ch == '\r' && (i + 1 >= t->len || t->s[i + 1] != '\n'))) {
			l++;
			c = 1;
		} else if (ch != '\r' && (ch & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

bool
load_text_utf8(struct load_text *t)
{
	enum { PIECE = 1 << 20 };
	load_text_restart(t, 0);
	size_t i = 0, bad = 0;
	bool ok = true;
	while (ok && i < t->len) {
		size_t end = t->len - i > PIECE ? i + PIECE : t->len;
		/* Never inside a character: a valid one cannot run past a byte that starts one. */
		while (end < t->len && end > i && ((unsigned char)t->s[end] & 0xC0) == 0x80)
			end--;
		if (end == i)
			end = t->len - i > PIECE ? i + PIECE : t->len;
		size_t b;
		if (!utf8_valid(t->s + i, end - i, &b)) {
			bad = i + b;
			ok = false;
		}
		i = end;
		load_text_release(t, i);
	}
	if (ok)
		return true;
	long line, col;
	load_text_position(t, bad, &line, &col);
	if (t->s[bad] == '\0')
		msg_at(MSG_ERROR, t->path, line, col,
		       "NUL byte in the file (is it UTF-16 or not text?); save it as UTF-8");
	else
		msg_at(MSG_ERROR, t->path, line, col,
		       "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
		       (unsigned char)t->s[bad]);
	return false;
}

bool
load_text_is_csv(const struct load_text *t)
{
	size_t i = t->bom;
	while (i < t->len &&
	       (t->s[i] == ' ' || t->s[i] == '\t' || t->s[i] == '\n' || t->s[i] == '\r'))
		i++;
	if (i < t->len)
		return t->s[i] != '{' && t->s[i] != '[';
	size_t n = strlen(t->path);
	return n >= 4 && strcasecmp(t->path + n - 4, ".csv") == 0;
}

bool
load_text_one_bom(const struct load_text *t)
{
	if (t->bom == 0 || t->len < 6 || memcmp(t->s + 3, "\xEF\xBB\xBF", 3) != 0)
		return true;
	/* An editor that added its own mark to a file that had one: say so, rather than
	 * let the second mark pass for the text (the file would read as CSV). */
	msg_at(MSG_ERROR, t->path, 1, 1,
	       "a second byte order mark (U+FEFF) after the first; save the file as UTF-8 with "
	       "one mark or none");
	return false;
}
