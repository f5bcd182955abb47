/* SPDX-License-Identifier: MIT */
/*
 * Torture for the libraries that allocate outside the program's wrappers (HarfBuzz,
 * libpng, zlib, libhyphen): an LD_PRELOAD shim that fails the N-th malloc or realloc
 * called directly from the library whose file name holds $LIBFAIL_LIB. By hand only
 * (tests/fuzz/README.md, "Torture"); not with a sanitizer build, whose runtime must
 * come first.
 *   cc -shared -fPIC -O1 tests/torture/libfail.c -o libfail.so -ldl
 *   LIBFAIL_LIB=libharfbuzz LIBFAIL_COUNT=count LD_PRELOAD=./libfail.so PROG ...  (counts)
 *   LIBFAIL_LIB=libharfbuzz LIBFAIL_AT=N LD_PRELOAD=./libfail.so PROG ...         (fails N)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *(*real_malloc)(size_t);
static void *(*real_realloc)(void *, size_t);
static unsigned long count, at;
static int ready;
static char lib[64];
static __thread int busy; /* dladdr and fopen may allocate themselves */

static void
init(void)
{
	ready = 1;
	real_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
	real_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
	const char *n = getenv("LIBFAIL_AT"), *l = getenv("LIBFAIL_LIB");
	at = n != NULL ? strtoul(n, NULL, 10) : 0;
	snprintf(lib, sizeof(lib), "%s", l != NULL ? l : "libharfbuzz");
}

/* True when this call, from return address ra, is to fail. */
static int
fail(void *ra)
{
	Dl_info di;
	if (!dladdr(ra, &di) || di.dli_fname == NULL || strstr(di.dli_fname, lib) == NULL)
		return 0;
	count++;
	const char *out = getenv("LIBFAIL_COUNT");
	if (at == 0 && out != NULL) {
		FILE *f = fopen(out, "w");
		if (f != NULL) {
			fprintf(f, "%lu\n", count);
			fclose(f);
		}
	}
	return at != 0 && count == at;
}

void *
malloc(size_t n)
{
	if (!ready) {
		if (busy)
			return NULL; /* dlsym's own allocation, before there is a malloc */
		busy = 1;
		init();
		busy = 0;
	}
	if (!busy) {
		busy = 1;
		int f = fail(__builtin_return_address(0));
		busy = 0;
		if (f)
			return NULL;
	}
	return real_malloc(n);
}

void *
realloc(void *p, size_t n)
{
	if (!ready)
		init();
	if (!busy) {
		busy = 1;
		int f = fail(__builtin_return_address(0));
		busy = 0;
		if (f)
			return NULL;
	}
	return real_realloc(p, n);
}
