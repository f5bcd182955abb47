/* SPDX-License-Identifier: MIT */
/* The cache of results between runs (cache.h), and the logo's planes through it (image.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "hash.h"
#include "image.h"
#include "mem.h"
#include "unit.h"

static char dir[64];

static char *
only_entry(const char *kind)
{
	char *cmd = xasprintf("ls %s/cache/%s-* 2>/dev/null", dir, kind);
	FILE *p = popen(cmd, "r");
	free(cmd);
	char line[512] = {0};
	bool one = p != NULL && fgets(line, sizeof(line), p) != NULL && fgetc(p) == EOF;
	if (p != NULL)
		pclose(p);
	line[strcspn(line, "\n")] = '\0';
	return one ? xstrdup(line) : NULL;
}

static void
test_roundtrip(void)
{
	size_t n = 0;
	CHECK(cache_on()); /* PARTNERREVIEW_CACHE names a folder */
	CHECK(cache_get("t", "key", 3, &n) == NULL);
	cache_put("t", "key", 3, "result", 6);
	char *r = cache_get("t", "key", 3, &n);
	CHECK(r != NULL && n == 6 && memcmp(r, "result", 6) == 0);
	free(r);
	/* Another key (also one of the same hash's file, made by hand) has no result. */
	CHECK(cache_get("t", "kez", 3, &n) == NULL);
	CHECK(cache_get("u", "key", 3, &n) == NULL);
	char *e = only_entry("t");
	CHECK(e != NULL);
	cache_put("t", "other", 5, "x", 1);
	char *other = NULL;
	for (int i = 0; e != NULL && i < 1; i++) {
		char *cmd = xasprintf("ls %s/cache/t-* | grep -v %s", dir, e);
		FILE *p = popen(cmd, "r");
		char line[512] = {0};
		if (p != NULL && fgets(line, sizeof(line), p) != NULL) {
			line[strcspn(line, "\n")] = '\0';
			other = xstrdup(line);
		}
		if (p != NULL)
			pclose(p);
		free(cmd);
	}
	CHECK(other != NULL && rename(other, e) == 0);
	CHECK(cache_get("t", "key", 3, &n) == NULL);
	free(other);
	/* Damaged: each byte of an entry changed in turn, then cut short. */
	cache_put("t", "key", 3, "result", 6);
	FILE *f = e != NULL ? fopen(e, "r+b") : NULL;
	CHECK(f != NULL);
	long size = 0;
	if (f != NULL) {
		fseek(f, 0, SEEK_END);
		size = ftell(f);
	}
	int found = 0;
	for (long i = 0; f != NULL && i < size; i++) {
		fseek(f, i, SEEK_SET);
		int c = fgetc(f);
		fseek(f, i, SEEK_SET);
		fputc(c ^ 0x20, f);
		fflush(f);
		r = cache_get("t", "key", 3, &n);
		found += r != NULL;
		free(r);
		fseek(f, i, SEEK_SET);
		fputc(c, f);
		fflush(f);
	}
	CHECK(found == 0);
	r = cache_get("t", "key", 3, &n);
	CHECK(r != NULL);
	free(r);
	if (f != NULL) {
		CHECK(ftruncate(fileno(f), size - 1) == 0);
		fclose(f);
	}
	CHECK(cache_get("t", "key", 3, &n) == NULL);
	free(e);
}

static void
test_image(void)
{
	const char *logo = "templates/logo.png";
	struct image *plain = image_load(logo);
	struct image *miss = image_load_cached(logo);
	char *e = only_entry("png");
	CHECK(e != NULL);
	struct image *hit = image_load_cached(logo);
	CHECK(plain != NULL && miss != NULL && hit != NULL);
	if (plain != NULL && miss != NULL && hit != NULL) {
		const struct image_data *a = image_data(plain), *b = image_data(miss),
		                        *c = image_data(hit);
		/* The hit has the deflated planes only: the PDF's bytes are the same. */
		CHECK(c->pixels == NULL && c->alpha == NULL && b->pixels != NULL);
		const struct image_data *ds[2] = {b, c};
		for (int i = 0; i < 2; i++) {
			const struct image_data *d = ds[i];
			CHECK(d->kind == a->kind && d->colour == a->colour &&
			      d->width == a->width && d->height == a->height &&
			      d->alpha_plane == a->alpha_plane && a->alpha_plane);
			CHECK(d->zpixels_len == a->zpixels_len &&
			      memcmp(d->zpixels, a->zpixels, a->zpixels_len) == 0);
			CHECK(d->zalpha_len == a->zalpha_len &&
			      memcmp(d->zalpha, a->zalpha, a->zalpha_len) == 0);
		}
	}
	image_free(hit);
	/* An emptied entry is decoded anew (with its raw planes) and written again. */
	FILE *f = e != NULL ? fopen(e, "w") : NULL;
	if (f != NULL)
		fclose(f);
	hit = image_load_cached(logo);
	CHECK(hit != NULL && image_data(hit)->pixels != NULL);
	image_free(hit);
	hit = image_load_cached(logo);
	CHECK(hit != NULL && image_data(hit)->pixels == NULL);
	image_free(hit);
	image_free(plain);
	image_free(miss);
	free(e);
}

/* A file's hash comes from the cache only while the file is unchanged. */
static void
test_file_hash(void)
{
	char *path = xasprintf("%s/file", dir);
	for (int round = 0; round < 3; round++) {
		/* Same size every time; round 2 rewrites round 1's bytes (new change time). */
		const char *text = round == 0 ? "first" : "other";
		FILE *f = fopen(path, "wb");
		CHECK(f != NULL && fputs(text, f) >= 0 && fclose(f) == 0);
		struct stat st;
		CHECK(stat(path, &st) == 0);
		uint64_t want = hash_content(text, 5);
		CHECK(cache_file_hash(&st, text, 5) == want);
		/* Asked again with other bytes but the same file: the kept hash. */
		CHECK(cache_file_hash(&st, "xxxxx", 5) == want);
		/* Past the file system clock's tick (a few ms), whose change times it takes. */
		nanosleep(&(struct timespec){0, 20000000}, NULL);
	}
	free(path);
}

int
main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/unit_cache.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	char *cache = xasprintf("%s/cache", dir);
	setenv("PARTNERREVIEW_CACHE", cache, 1);
	free(cache);
	test_roundtrip();
	test_image();
	test_file_hash();
	char *rm = xasprintf("rm -rf %s", dir);
	if (system(rm) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	free(rm);
	return UNIT_DONE();
}
