/* SPDX-License-Identifier: MIT */
/* The send journal: one durable JSON line per accepted mail, read back so that no mail goes twice. */
#define _GNU_SOURCE /* F_OFD_SETLKW: locks of the open file, not of the whole process */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mail_journal.h"
#include "mem.h"
#include "msg.h"
#include "out_file.h"
#include "out_json.h"

struct mail_journal {
	char *path;
	int fd;
	pthread_mutex_t lock; /* the set, the read position, the appends */
	char **ids;           /* open addressing; NULL: empty */
	size_t cap, n, at_open;
	off_t read_to; /* the file is read up to here (whole lines) */
	long line;     /* lines read, for messages */
	bool readonly; /* a dry run's: nothing is claimed or added */
};

static uint64_t
id_hash(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);
	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return h;
}

static bool
set_has(const struct mail_journal *j, const char *id)
{
	for (size_t i = id_hash(id) & (j->cap - 1); j->ids[i] != NULL; i = (i + 1) & (j->cap - 1))
		if (strcmp(j->ids[i], id) == 0)
			return true;
	return false;
}

static void
set_add(struct mail_journal *j, const char *id)
{
	if (set_has(j, id))
		return;
	if (2 * (j->n + 1) > j->cap) {
		char **old = j->ids;
		size_t oldcap = j->cap;
		j->cap *= 2;
		j->ids = xcalloc(j->cap, sizeof(*j->ids));
		for (size_t k = 0; k < oldcap; k++)
			if (old[k] != NULL) {
				size_t i = id_hash(old[k]) & (j->cap - 1);
				while (j->ids[i] != NULL)
					i = (i + 1) & (j->cap - 1);
				j->ids[i] = old[k];
			}
		free(old);
	}
	size_t i = id_hash(id) & (j->cap - 1);
	while (j->ids[i] != NULL)
		i = (i + 1) & (j->cap - 1);
	j->ids[i] = xstrdup(id);
	j->n++;
}

/*
 * The Message-ID of one line, as out_json_sent writes it: the line starts with
 * {"message_id":"...". NULL when the line is no entry. The result is malloc'ed.
 */
static char *
line_id(const char *s, size_t len)
{
	static const char key[] = "{\"message_id\":\"";
	size_t k = sizeof(key) - 1;
	if (len < k || memcmp(s, key, k) != 0)
		return NULL;
	struct sbuf b = {0};
	for (size_t i = k; i < len; i++) {
		char c = s[i];
		if (c == '"') {
			if (b.len == 0)
				break;
			return sbuf_take(&b);
		}
		if ((unsigned char)c < 0x20)
			break;
		if (c == '\\') {
			/* Message-IDs hold no characters JSON escapes but these two. */
			if (i + 1 >= len || (s[i + 1] != '"' && s[i + 1] != '\\'))
				break;
			c = s[++i];
		}
		sbuf_addc(&b, c);
	}
	sbuf_free(&b);
	return NULL;
}

/* Reads the whole lines from read_to to the end of the file. Called with the lock held. */
static int
read_new(struct mail_journal *j)
{
	struct stat st;
	if (fstat(j->fd, &st) != 0) {
		msg(MSG_ERROR, "%s: cannot read: %s", j->path, strerror(errno));
		return -1;
	}
	if (st.st_size <= j->read_to)
		return 0;
	size_t len = (size_t)(st.st_size - j->read_to);
	char *buf = xmalloc(len);
	size_t got = 0;
	while (got < len) {
		ssize_t r = pread(j->fd, buf + got, len - got, j->read_to + (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	size_t start = 0;
	for (size_t i = 0; i < got; i++) {
		if (buf[i] != '\n')
			continue;
		j->line++;
		char *id = line_id(buf + start, i - start);
		if (id != NULL)
			set_add(j, id);
		else if (i > start)
			msg_at(MSG_WARNING, j->path, j->line, 0,
			       "not a journal entry (a line cut short by a crash?); ignored");
		free(id);
		start = i + 1;
	}
	/* A line without its end is still being written by another process: later. */
	j->read_to += (off_t)start;
	free(buf);
	return 0;
}

/* The folder of path, synced so that a new file's name is durable too. */
static void
sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path) + (slash == path)) : xstrdup(".");
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

struct mail_journal *
mail_journal_open(const char *path, bool readonly)
{
	int fd = open(path, (readonly ? O_RDONLY : O_RDWR | O_APPEND) | O_CLOEXEC);
	bool made = false;
	if (fd < 0 && errno == ENOENT && !readonly) {
		fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
		made = fd >= 0;
	}
	if (fd < 0) {
		msg(MSG_ERROR, "cannot open the send journal %s: %s", path, strerror(errno));
		return NULL;
	}
	if (made)
		sync_dir(path);
	struct mail_journal *j = xcalloc(1, sizeof(*j));
	j->path = xstrdup(path);
	j->fd = fd;
	j->readonly = readonly;
	pthread_mutex_init(&j->lock, NULL);
	j->cap = 64;
	j->ids = xcalloc(j->cap, sizeof(*j->ids));
	/*
	 * A last line without its end was torn by a crash (a whole line is one write):
	 * it is ended here, so that the next entry starts a line of its own, unless
	 * another process is writing it just now (then it ends by itself).
	 */
	struct stat st;
	char last = '\n';
	if (!readonly && fstat(fd, &st) == 0 && st.st_size > 0 &&
	    pread(fd, &last, 1, st.st_size - 1) == 1 && last != '\n') {
		struct flock fl = {
		    .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1};
		if (fcntl(fd, F_OFD_SETLKW, &fl) == 0) {
			if (pread(fd, &last, 1, lseek(fd, 0, SEEK_END) - 1) == 1 && last != '\n')
				(void)out_write_fd(fd, "\n", 1);
			fl.l_type = F_UNLCK;
			fcntl(fd, F_OFD_SETLK, &fl);
		}
	}
	if (read_new(j) != 0) {
		mail_journal_close(j);
		return NULL;
	}
	j->at_open = j->n;
	return j;
}

void
mail_journal_close(struct mail_journal *j)
{
	if (j == NULL)
		return;
	close(j->fd);
	for (size_t i = 0; i < j->cap; i++)
		free(j->ids[i]);
	free(j->ids);
	pthread_mutex_destroy(&j->lock);
	free(j->path);
	free(j);
}

size_t
mail_journal_count(const struct mail_journal *j)
{
	return j->at_open;
}

bool
mail_journal_has(struct mail_journal *j, const char *message_id)
{
	pthread_mutex_lock(&j->lock);
	bool has = set_has(j, message_id);
	pthread_mutex_unlock(&j->lock);
	return has;
}

/* The byte the claim of a Message-ID locks: far past any journal's end. */
static struct flock
claim_lock(const char *message_id, short type)
{
	struct flock fl = {0};
	fl.l_type = type;
	fl.l_whence = SEEK_SET;
	fl.l_start =
	    (off_t)(UINT64_C(1) << 40) + (off_t)(id_hash(message_id) & ((UINT64_C(1) << 30) - 1));
	fl.l_len = 1;
	return fl;
}

bool
mail_journal_claim(struct mail_journal *j, const char *message_id)
{
	assert(!j->readonly);
	struct flock fl = claim_lock(message_id, F_WRLCK);
	int rc;
	while ((rc = fcntl(j->fd, F_OFD_SETLKW, &fl)) != 0 && errno == EINTR)
		;
	pthread_mutex_lock(&j->lock);
	(void)read_new(j);
	bool todo = !set_has(j, message_id);
	pthread_mutex_unlock(&j->lock);
	if (!todo && rc == 0) {
		fl.l_type = F_UNLCK;
		fcntl(j->fd, F_OFD_SETLK, &fl);
	}
	return todo;
}

void
mail_journal_release(struct mail_journal *j, const char *message_id)
{
	struct flock fl = claim_lock(message_id, F_UNLCK);
	fcntl(j->fd, F_OFD_SETLK, &fl);
}

int
mail_journal_add(struct mail_journal *j, const char *partner_id, const struct mail *ml,
                 const struct mail_reply *r, long long time)
{
	assert(!j->readonly);
	assert(ml->message_id != NULL && strchr(ml->message_id, '\n') == NULL);
	struct tm tm;
	time_t t = (time_t)time;
	gmtime_r(&t, &tm);
	char when[64];
	snprintf(when, sizeof(when), "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
	         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	char *line = out_json_sent(ml->message_id, partner_id, ml->rcpt, ml->nto,
	                           ml->rcpt + ml->nto, ml->nrcpt - ml->nto, when, r->text);
	if (line == NULL) {
		fprintf(stderr, "partnerreview: fatal: out of memory\n");
		exit(2);
	}
	/* One write per line (O_APPEND): lines of workers and processes never interleave. */
	pthread_mutex_lock(&j->lock);
	int rc = out_write_fd(j->fd, line, strlen(line)) ? 0 : -1;
	if (rc == 0)
		set_add(j, ml->message_id);
	pthread_mutex_unlock(&j->lock);
	/* Outside the lock: the other worker's line need not wait for this sync. */
	if (rc == 0)
		rc = fdatasync(j->fd);
	if (rc != 0)
		msg(MSG_ERROR,
		    "%s: cannot write: %s; the mail %s was sent, and a rerun would send it again",
		    j->path, strerror(errno), ml->message_id);
	free(line);
	return rc;
}
