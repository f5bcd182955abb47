/* SPDX-License-Identifier: MIT */
/* Cutting the report fonts down to the characters a run needs (HarfBuzz), once per run. */
#define _GNU_SOURCE /* memfd_create */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hb-subset.h>
#include <hb.h>

#include "cache.h"
#include "mem.h"
#include "msg.h"
#include "out_file.h"
#include "pdf_subset.h"

/*
 * libharu 2.3.0 embeds a font's hmtx, loca, cmap and name tables whole and reparses
 * the file for every document. A font cut to the few hundred characters of a run
 * makes every report smaller and quicker to write (see the notes); it is cut once,
 * into a file libharu loads like any other (it has no load from memory): a memory
 * file (memfd_create), named for libharu by its descriptor in /proc/self/fd, else a
 * file in a private temporary folder. On this program's kind of machine the folder
 * with its files made and removed on disk (ext4: inodes, the journal) cost 2.5 to 3
 * ms a run, a tenth of a one-report run; the memory files 0.2 ms, and nothing of
 * them outlives the run, however it ends. With PARTNERREVIEW_TEST_FONT_FOLDER set
 * (for tests, README) the folder is taken.
 */
enum { MAX_FILES = 16 };

/*
 * HarfBuzz, loaded when a font is to be cut, which a run whose cuts the cache holds
 * never does: its library and the five it brings (FreeType, GLib, Graphite, PCRE2,
 * Brotli) cost every run some 70 page faults and their relocations at start-up.
 * PR_HB_SUBSET_LIB is the library the build was made with (its folder from
 * pkg-config), else the name is looked up as the loader does.
 */
#define HB_FUNCS(X)                                                                                \
	X(hb_blob_create_from_file_or_fail)                                                        \
	X(hb_blob_create)                                                                          \
	X(hb_blob_destroy)                                                                         \
	X(hb_blob_get_data)                                                                        \
	X(hb_blob_get_length)                                                                      \
	X(hb_face_builder_add_table)                                                               \
	X(hb_face_builder_create)                                                                  \
	X(hb_face_create)                                                                          \
	X(hb_face_destroy)                                                                         \
	X(hb_face_get_table_tags)                                                                  \
	X(hb_face_reference_blob)                                                                  \
	X(hb_face_reference_table)                                                                 \
	X(hb_set_add)                                                                              \
	X(hb_subset_input_create_or_fail)                                                          \
	X(hb_subset_input_destroy)                                                                 \
	X(hb_subset_input_set_flags)                                                               \
	X(hb_subset_input_unicode_set)                                                             \
	X(hb_subset_or_fail)

#define HB_MEMBER(f) __typeof__(f) *f;
static struct {
	HB_FUNCS(HB_MEMBER)
} hb;
#undef HB_MEMBER
static pthread_once_t hb_once = PTHREAD_ONCE_INIT;
static bool hb_ok;

static void
hb_load(void)
{
	void *h = dlopen(PR_HB_SUBSET_LIB, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL)
		h = dlopen("libharfbuzz-subset.so.0", RTLD_NOW | RTLD_LOCAL);
	if (h == NULL)
		return;
	bool all = true;
#define HB_LOAD(f) all &= (*(void **)&hb.f = dlsym(h, #f)) != NULL;
	HB_FUNCS(HB_LOAD)
#undef HB_LOAD
	/* Never unloaded: a run cuts its fonts once. */
	hb_ok = all;
}

/* Whether HarfBuzz is there to call (loaded on the first call). */
static bool
hb_ready(void)
{
	pthread_once(&hb_once, hb_load);
	return hb_ok;
}

struct subset {
	struct out_dir *dir; /* the files, removed with it (also by a signal: out_file.h) */
	char *paths[MAX_FILES];
	int fds[MAX_FILES]; /* the memory files, open until subset_free; -1: none */
	size_t n;
};

/*
 * The subset with tiny 'cvt ', 'fpgm' and 'prep' tables in place of the hinting ones
 * it dropped. libharu 2.3.0 writes every table it knows, an absent one as empty, and
 * then seeks to each table's start in its own 4 KiB-paged buffer: an empty table that
 * starts exactly on a page boundary past the end fails the whole document (seen when
 * a report's glyphs happened to add up so). No table empty, no such seek. The
 * programs push nothing (NPUSHB 0, twice): 4 bytes keep the tables aligned.
 */
static hb_face_t *
with_hint_tables(hb_face_t *sub)
{
	static const char zero4[4] = {0, 0, 0, 0}, nop4[4] = {0x40, 0, 0x40, 0};
	/* A subset is a builder face, which cannot list its tables (HarfBuzz 6): reread it. */
	hb_blob_t *blob = hb.hb_face_reference_blob(sub);
	hb_face_t *f = hb.hb_face_create(blob, 0);
	hb.hb_blob_destroy(blob);
	hb_face_t *b = hb.hb_face_builder_create();
	hb_tag_t tags[64];
	unsigned n = sizeof(tags) / sizeof(tags[0]);
	hb.hb_face_get_table_tags(f, 0, &n, tags);
	for (unsigned i = 0; i < n; i++) {
		hb_blob_t *t = hb.hb_face_reference_table(f, tags[i]);
		hb.hb_face_builder_add_table(b, tags[i], t);
		hb.hb_blob_destroy(t);
	}
	static const struct {
		hb_tag_t tag;
		const char *bytes;
	} add[] = {{HB_TAG('c', 'v', 't', ' '), zero4},
	           {HB_TAG('f', 'p', 'g', 'm'), nop4},
	           {HB_TAG('p', 'r', 'e', 'p'), nop4}};
	for (size_t i = 0; i < sizeof(add) / sizeof(add[0]); i++) {
		hb_blob_t *t = hb.hb_face_reference_table(f, add[i].tag);
		if (hb.hb_blob_get_length(t) == 0) {
			hb_blob_t *tiny =
			    hb.hb_blob_create(add[i].bytes, 4, HB_MEMORY_MODE_READONLY, NULL, NULL);
			hb.hb_face_builder_add_table(b, add[i].tag, tiny);
			hb.hb_blob_destroy(tiny);
		}
		hb.hb_blob_destroy(t);
	}
	hb.hb_face_destroy(f);
	return b;
}

/*
 * The cache's key of a cut (cache.h): what cuts (this code's form, HarfBuzz's version
 * and its library file as the system knows it), the font file as the system knows it (device, inode, size, modification and change
 * times: a file changed in any way has another change time) and the characters.
 */
static unsigned char *
cut_key(const char *in, const struct charset *cs, size_t *keylen)
{
	struct stat st, lib;
	if (stat(in, &st) != 0 || !S_ISREG(st.st_mode) || stat(PR_HB_SUBSET_LIB, &lib) != 0)
		return NULL;
	char what[320];
	int n = snprintf(
	    what, sizeof(what),
	    "font-cut 1, HarfBuzz %s (%llu:%llu, %lld bytes, %lld.%09ld), file %llu:%llu, %lld "
	    "bytes, %lld.%09ld, %lld.%09ld",
	    HB_VERSION_STRING, (unsigned long long)lib.st_dev, (unsigned long long)lib.st_ino,
	    (long long)lib.st_size, (long long)lib.st_ctim.tv_sec, lib.st_ctim.tv_nsec,
	    (unsigned long long)st.st_dev, (unsigned long long)st.st_ino, (long long)st.st_size,
	    (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec, (long long)st.st_ctim.tv_sec,
	    st.st_ctim.tv_nsec);
	if (n <= 0 || (size_t)n >= sizeof(what))
		return NULL;
	unsigned char *key = xmalloc((size_t)n + 1 + sizeof(cs->bits));
	memcpy(key, what, (size_t)n + 1);
	memcpy(key + n + 1, cs->bits, sizeof(cs->bits));
	*keylen = (size_t)n + 1 + sizeof(cs->bits);
	return key;
}

static bool
write_file(int fd, const char *bytes, size_t len)
{
	FILE *f = len > 0 ? fdopen(fd, "wb") : NULL;
	if (f == NULL) {
		close(fd);
		return false;
	}
	bool ok = fwrite(bytes, 1, len, f) == len;
	ok &= fclose(f) == 0;
	return ok;
}

/* Cuts the font at in to the characters of cs into the file open as fd (closed). */
static bool
cut(const char *in, int fd, const struct charset *cs)
{
	size_t keylen = 0, len = 0;
	unsigned char *key = cut_key(in, cs, &keylen);
	char *cached = key != NULL ? cache_get("font", key, keylen, &len) : NULL;
	if (cached != NULL) {
		free(key);
		bool ok = write_file(fd, cached, len);
		free(cached);
		return ok;
	}
	hb_blob_t *blob = hb_ready() ? hb.hb_blob_create_from_file_or_fail(in) : NULL;
	if (blob == NULL) {
		free(key);
		close(fd);
		return false;
	}
	hb_face_t *face = hb.hb_face_create(blob, 0);
	hb_subset_input_t *input = hb.hb_subset_input_create_or_fail();
	bool ok = false;
	if (input != NULL) {
		hb_set_t *unicodes = hb.hb_subset_input_unicode_set(input);
		for (uint32_t cp = 0; cp < 65536; cp++)
			if (charset_has(cs, cp))
				hb.hb_set_add(unicodes, cp);
		/* Hinting does nothing for a PDF viewer's rendering and is most of the size. */
		hb.hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_HINTING);
		hb_face_t *sub = hb.hb_subset_or_fail(face, input);
		hb_face_t *full = sub != NULL ? with_hint_tables(sub) : NULL;
		if (full != NULL) {
			hb_blob_t *data = hb.hb_face_reference_blob(full);
			unsigned n = 0;
			const char *bytes = hb.hb_blob_get_data(data, &n);
			ok = write_file(fd, bytes, n);
			fd = -1;
			if (ok && key != NULL)
				cache_put("font", key, keylen, bytes, n);
			hb.hb_blob_destroy(data);
			hb.hb_face_destroy(full);
		}
		hb.hb_face_destroy(sub);
		hb.hb_subset_input_destroy(input);
	}
	hb.hb_face_destroy(face);
	hb.hb_blob_destroy(blob);
	free(key);
	if (fd >= 0)
		close(fd);
	return ok;
}

/* A memory file for a cut font, its name for libharu in *path; -1 when there is none. */
static int
memory_file(char **path)
{
#ifdef MFD_CLOEXEC
	int fd = memfd_create("partnerreview-font", MFD_CLOEXEC);
	if (fd < 0)
		return -1;
	*path = xasprintf("/proc/self/fd/%d", fd);
	if (access(*path, R_OK) == 0)
		return fd;
	free(*path);
	*path = NULL;
	close(fd);
#else
	(void)path;
#endif
	return -1;
}

struct subset *
subset_fonts(const char *const *paths, const struct charset *const *sets, size_t n)
{
	if (n > MAX_FILES)
		return NULL;
	struct subset *s = xcalloc(1, sizeof(*s));
	for (size_t i = 0; i < MAX_FILES; i++)
		s->fds[i] = -1;
	bool memory = getenv("PARTNERREVIEW_TEST_FONT_FOLDER") == NULL;
	for (size_t i = 0; i < n; i++) {
		int fd = -1;
		if (memory && (s->fds[i] = memory_file(&s->paths[i])) >= 0)
			fd = dup(s->fds[i]); /* cut closes its own */
		else if (memory && i > 0)
			fd = -1; /* descriptors ran out: this one whole, as after a disk failure */
		else {
			memory = false;
			if (s->dir == NULL && (s->dir = out_dir_new()) == NULL) {
				msg(MSG_WARNING,
				    "cannot create a temporary folder (%s): fonts embedded whole",
				    strerror(errno));
				free(s);
				return NULL;
			}
			char name[16];
			snprintf(name, sizeof(name), "%zu.ttf", i);
			s->paths[i] = xasprintf("%s/%s", out_dir_path(s->dir), name);
			fd = out_dir_create(s->dir, name);
		}
		s->n = i + 1;
		if (fd < 0 || !cut(paths[i], fd, sets[i])) {
			msg(MSG_WARNING, "%s: cannot cut the font down: embedded whole", paths[i]);
			if (s->fds[i] >= 0)
				close(s->fds[i]);
			else if (s->paths[i] != NULL)
				unlink(s->paths[i]);
			s->fds[i] = -1;
			free(s->paths[i]);
			s->paths[i] = NULL;
		}
	}
	return s;
}

const char *const *
subset_paths(const struct subset *s)
{
	return (const char *const *)s->paths;
}

void
subset_free(struct subset *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->paths[i]);
		if (s->fds[i] >= 0)
			close(s->fds[i]);
	}
	out_dir_free(s->dir);
	free(s);
}
