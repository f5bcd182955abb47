/* SPDX-License-Identifier: MIT */
/* Results kept between runs (cache.h): one file per result, checked when read. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "hash.h"
#include "mem.h"

/*
 * An entry: MAGIC, then three little-endian 64-bit numbers (the key's length, the
 * result's length, the hash of both), the key, the result. Its name: KIND-HASH, the
 * key's hash in 16 hex digits.
 */
static const char magic[8] = {'P', 'R', 'C', 'A', 'C', 'H', 'E', '1'};
enum { HEAD = 8 + 3 * 8, MAX_ENTRY = 64 << 20 };

static pthread_once_t dir_once = PTHREAD_ONCE_INIT;
static char *dir; /* NULL: no cache */

static void
find_dir(void)
{
	const char *own = getenv("PARTNERREVIEW_CACHE");
	if (own != NULL) {
		dir = own[0] != '\0' ? xstrdup(own) : NULL;
		return;
	}
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	/* The XDG rule: a relative XDG_CACHE_HOME is to be ignored. */
	if (xdg != NULL && xdg[0] == '/')
		dir = xasprintf("%s/partnerreview", xdg);
	else if (home != NULL && home[0] == '/')
		dir = xasprintf("%s/.cache/partnerreview", home);
}

static const char *
cache_dir(void)
{
	pthread_once(&dir_once, find_dir);
	return dir;
}

static void
put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t
get64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static uint64_t
entry_hash(const void *key, size_t keylen, const void *data, size_t len)
{
	return hash_content(key, keylen) * UINT64_C(31) ^ hash_content(data, len);
}

static char *
entry_path(const char *d, const char *kind, const void *key, size_t keylen)
{
	return xasprintf("%s/%s-%016" PRIx64, d, kind, hash_content(key, keylen));
}

/* The whole file open as fd, at most max bytes, into *buf; false otherwise. */
static bool
read_all(int fd, size_t max, unsigned char **buf, size_t *len)
{
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < HEAD ||
	    (uint64_t)st.st_size > max)
		return false;
	size_t size = (size_t)st.st_size, got = 0;
	unsigned char *b = xmalloc(size);
	ssize_t n = 1;
	while (got < size && (n = read(fd, b + got, size - got)) > 0)
		got += (size_t)n;
	if (got != size) {
		free(b);
		return false;
	}
	*buf = b;
	*len = size;
	return true;
}

bool
cache_on(void)
{
	return cache_dir() != NULL;
}

void *
cache_get(const char *kind, const void *key, size_t keylen, size_t *len)
{
	const char *d = cache_dir();
	if (d == NULL)
		return NULL;
	char *path = entry_path(d, kind, key, keylen);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	free(path);
	if (fd < 0)
		return NULL;
	unsigned char *b = NULL;
	size_t size = 0;
	bool ok = read_all(fd, MAX_ENTRY, &b, &size);
	close(fd);
	if (!ok)
		return NULL;
	uint64_t klen = get64(b + 8), dlen = get64(b + 16), h = get64(b + 24);
	ok = memcmp(b, magic, sizeof(magic)) == 0 && klen == keylen &&
	     dlen == size - HEAD - keylen && memcmp(b + HEAD, key, keylen) == 0 &&
	     h == entry_hash(key, keylen, b + HEAD + keylen, (size_t)dlen);
	if (!ok) {
		free(b);
		return NULL;
	}
	memmove(b, b + HEAD + keylen, (size_t)dlen);
	*len = (size_t)dlen;
	return b;
}

static bool
write_all(int fd, const void *p, size_t n)
{
	const char *s = p;
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		s += w;
		n -= (size_t)w;
	}
	return true;
}

void
cache_put(const char *kind, const void *key, size_t keylen, const void *data, size_t len)
{
	const char *d = cache_dir();
	if (d == NULL || HEAD + keylen + len > MAX_ENTRY)
		return;
	/* The folder and its parent (~/.cache) made if missing; private, as a home's are. */
	char *parent = xstrdup(d), *slash = strrchr(parent, '/');
	if (slash != NULL && slash != parent) {
		*slash = '\0';
		(void)mkdir(parent, 0700);
	}
	free(parent);
	(void)mkdir(d, 0700);
	static atomic_uint serial;
	char *path = entry_path(d, kind, key, keylen);
	char *tmp = xasprintf("%s.%ld.%u.tmp", path, (long)getpid(), atomic_fetch_add(&serial, 1));
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd >= 0) {
		unsigned char head[HEAD];
		memcpy(head, magic, sizeof(magic));
		put64(head + 8, keylen);
		put64(head + 16, len);
		put64(head + 24, entry_hash(key, keylen, data, len));
		bool ok = write_all(fd, head, sizeof(head)) && write_all(fd, key, keylen) &&
		          write_all(fd, data, len);
		ok &= close(fd) == 0;
		if (!ok || rename(tmp, path) != 0)
			unlink(tmp);
	}
	free(tmp);
	free(path);
}

uint64_t
cache_file_hash(const struct stat *st, const void *data, size_t size)
{
	char key[160];
	int n =
	    snprintf(key, sizeof(key), "file-hash 1, %llu:%llu, %lld bytes, %lld.%09ld, %lld.%09ld",
	             (unsigned long long)st->st_dev, (unsigned long long)st->st_ino,
	             (long long)st->st_size, (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
	             (long long)st->st_ctim.tv_sec, st->st_ctim.tv_nsec);
	bool keyed = n > 0 && (size_t)n < sizeof(key) && (uint64_t)st->st_size == size;
	size_t len = 0;
	unsigned char *v = keyed ? cache_get("hash", key, (size_t)n, &len) : NULL;
	if (v != NULL && len == 8) {
		uint64_t h = get64(v);
		free(v);
		return h;
	}
	free(v);
	uint64_t h = hash_content(data, size);
	if (keyed) {
		unsigned char b[8];
		put64(b, h);
		cache_put("hash", key, (size_t)n, b, sizeof(b));
	}
	return h;
}
