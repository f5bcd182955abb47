/* SPDX-License-Identifier: MIT */
/* Allocation wrappers that exit cleanly on out-of-memory, and a per-report arena. */
/* MADV_HUGEPAGE is no POSIX name. */
#define _DEFAULT_SOURCE
#include <assert.h>
#include <malloc.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "mem.h"

static void (*volatile on_oom)(void);

void
mem_on_oom(void (*fn)(void))
{
	on_oom = fn;
}

/* The file this thread reads, named by the out-of-memory message (mem_reading). */
static _Thread_local const char *reading;

void
mem_reading(const char *path)
{
	reading = path;
}

/* Below this many bytes in use the heap is small (mem_small_heap); set before threads. */
static size_t small_heap;

void
mem_small_heap(size_t n)
{
	small_heap = n;
}

void
mem_give_back(void)
{
#ifdef __GLIBC__
	struct mallinfo2 mi = mallinfo2();
	if (mi.fordblks >= 32u << 20 && mi.uordblks >= small_heap)
		malloc_trim(0);
#endif
}

static void
oom(size_t n)
{
	/* The files being written go first: no run leaves a half-written one behind. */
	void (*fn)(void) = on_oom;
	on_oom = NULL;
	if (fn != NULL)
		fn();
	if (reading != NULL)
		fprintf(
		    stderr,
		    "partnerreview: fatal: out of memory (%zu bytes) while reading %s; stopped, "
		    "no file half-written\n",
		    n, reading);
	else
		fprintf(stderr,
		        "partnerreview: fatal: out of memory (%zu bytes); stopped, no file "
		        "half-written\n",
		        n);
	exit(2);
}

#ifdef PR_TORTURE
/*
 * Torture (tests/torture.sh, in the style of curl's): with PR_TORTURE=N in the
 * environment the N-th allocation through these wrappers fails as if memory had run
 * out; with PR_TORTURE=0 none fails and the count is printed at exit. Only a build
 * with -DPR_TORTURE=ON reads the variable.
 */
static atomic_ulong torture_count;
static unsigned long torture_at;
static atomic_int torture_state; /* 0 not read yet, 1 off, 2 counting */

static void
torture_report(void)
{
	fprintf(stderr, "partnerreview: torture: %lu allocations\n",
	        (unsigned long)atomic_load(&torture_count));
}

/* True when this allocation is to fail. */
static bool
torture(void)
{
	int st = atomic_load(&torture_state);
	if (st == 0) {
		const char *v = getenv("PR_TORTURE");
		char *end;
		unsigned long at = v != NULL ? strtoul(v, &end, 10) : 0;
		st = v != NULL && *v != '\0' && *end == '\0' ? 2 : 1;
		torture_at = at;
		if (st == 2 && at == 0)
			atexit(torture_report);
		atomic_store(&torture_state, st);
	}
	return st == 2 && atomic_fetch_add(&torture_count, 1) + 1 == torture_at;
}
#else
#define torture() false
#endif

void *
xmalloc(size_t n)
{
	void *p = torture() ? NULL : malloc(n ? n : 1);
	if (p == NULL)
		oom(n);
	return p;
}

void *
xcalloc(size_t count, size_t size)
{
	void *p = torture() ? NULL : calloc(count ? count : 1, size ? size : 1);
	if (p == NULL)
		oom(count * size);
	return p;
}

enum { HUGE_PAGE = 2 << 20, HUGE_FROM = 256 << 10 };

/*
 * n bytes (a multiple of 2 MiB), zeroed, at a 2 MiB boundary in a mapping of their
 * own, advised for huge pages: a page fault for each 2 MiB. Not from malloc's heap:
 * there a big table would take the room the heap keeps in huge pages for the small
 * allocations after it (heap_setup), and freed, it would stay in the heap.
 */
static void *
huge_map(size_t n)
{
	if (torture() || n > SIZE_MAX - HUGE_PAGE)
		oom(n);
	char *p =
	    mmap(NULL, n + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		oom(n);
	char *at = (char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
	if (at > p)
		munmap(p, (size_t)(at - p));
	if (at + n < p + n + HUGE_PAGE)
		munmap(at + n, (size_t)(p + n + HUGE_PAGE - (at + n)));
#ifdef MADV_HUGEPAGE
	madvise(at, n, MADV_HUGEPAGE);
#endif
	return at;
}

void *
xcalloc_huge(size_t count, size_t size)
{
	if (size != 0 && count > SIZE_MAX / size)
		oom(SIZE_MAX);
	size_t n = count * size;
	if (n < HUGE_FROM)
		return xcalloc(count, size);
	/* The whole 2 MiB pages the advice covers: a part of one stays in small pages. */
	return huge_map((n + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE);
}

void
xfree_huge(void *p, size_t count, size_t size)
{
	size_t n = count * size;
	if (n < HUGE_FROM)
		free(p);
	else if (p != NULL)
		munmap(p, (n + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE);
}

void *
xrealloc(void *p, size_t n)
{
	void *q = torture() ? NULL : realloc(p, n ? n : 1);
	if (q == NULL)
		oom(n);
	return q;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		oom(0);
	char *p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

void
xgrow(void *items_ptr, size_t *cap, size_t n, size_t sz)
{
	void **items = items_ptr;
	if (n < *cap)
		return;
	size_t c = *cap ? *cap : 8;
	while (c <= n)
		c *= 2;
	if (c > SIZE_MAX / sz)
		oom(SIZE_MAX);
	*items = xrealloc(*items, c * sz);
	memset((char *)*items + *cap * sz, 0, (c - *cap) * sz);
	*cap = c;
}

/* Arena: a chain of blocks; big requests get a block of their own. */
struct block {
	struct block *next;
	size_t used, size;
	_Alignas(max_align_t) unsigned char data[];
};

struct arena {
	struct block *head;
	size_t taken; /* bytes in blocks so far */
	bool large;   /* arena_new_large: huge blocks past after bytes */
	size_t after;
};

enum { ARENA_BLOCK = 64 * 1024, HUGE_BLOCK = 2 << 20, LARGE_AFTER = 512 << 10 };

struct arena *
arena_new(void)
{
	return xcalloc(1, sizeof(struct arena));
}

struct arena *
arena_new_large(void)
{
	struct arena *a = arena_new();
	a->large = true;
	a->after = LARGE_AFTER;
	return a;
}

struct arena *
arena_new_huge(void)
{
	struct arena *a = arena_new_large();
	a->after = 0;
	return a;
}

/*
 * A block of at least size bytes of data. Past LARGE_AFTER bytes, and for a request of
 * that size, a large arena takes 2 MiB-aligned blocks the kernel is asked to back with
 * huge pages: one page fault for 2 MiB rather than one for every 4 KiB of a model that
 * grows to tens of megabytes (a fault is dear on a virtual machine). A small model (a
 * few hundred partners) never gets there. Without transparent huge pages: normal pages.
 */
static struct block *
new_block(struct arena *a, size_t size)
{
	struct block *b;
	if (a->large && (a->taken >= a->after || size >= LARGE_AFTER)) {
		size_t total = sizeof(*b) + size;
		if (total > SIZE_MAX - HUGE_BLOCK)
			oom(size);
		/*
		 * A request of its own block (an array of all partners) ends at the next page,
		 * not the next 2 MiB: in huge pages the rest would be resident, unused (some
		 * 10 MB over the arrays of 100,000 partners). Its last part gets small pages.
		 */
		size_t unit = size == HUGE_BLOCK - sizeof(*b) ? HUGE_BLOCK : 4096;
		total = (total + unit - 1) / unit * unit;
		void *p = NULL;
		if (posix_memalign(&p, HUGE_BLOCK, total) != 0)
			oom(total);
		b = p;
#ifdef MADV_HUGEPAGE
		madvise(b, total, MADV_HUGEPAGE);
#endif
#ifdef MADV_POPULATE_WRITE
		/* A block of its own is zeroed whole at once: its small pages in one call. */
		if (unit != HUGE_BLOCK)
			madvise(b, total, MADV_POPULATE_WRITE);
#endif
		size = total - sizeof(*b);
	} else {
		b = xmalloc(sizeof(*b) + size);
	}
	b->used = 0;
	b->size = size;
	a->taken += size;
	return b;
}

void
arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	struct block *b = a->head;
	while (b != NULL) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
	free(a);
}

void
arena_adopt(struct arena *into, struct arena *from)
{
	if (from == NULL)
		return;
	struct block *last = from->head;
	if (last != NULL) {
		while (last->next != NULL)
			last = last->next;
		/* Behind into's first block, which stays the one allocations come from. */
		if (into->head != NULL) {
			last->next = into->head->next;
			into->head->next = from->head;
		} else {
			into->head = from->head;
		}
	}
	into->taken += from->taken;
	free(from);
}

/* n bytes at a multiple of align in the arena, zeroed when zero is set. */
static void *
take(struct arena *a, size_t n, size_t align, bool zero)
{
	struct block *b = a->head;
	size_t at = b != NULL ? (b->used + align - 1) / align * align : 0;
	if (b == NULL || at > b->size || b->size - at < n) {
		if (n > SIZE_MAX - sizeof(*b) - HUGE_BLOCK)
			oom(n);
		size_t normal =
		    a->large && a->taken >= a->after ? HUGE_BLOCK - sizeof(*b) : ARENA_BLOCK;
		size_t size = n > normal / 4 ? n : normal;
		struct block *nb = new_block(a, size);
		/* A big block goes behind the current one so its free space stays usable. */
		if (b != NULL && size != normal) {
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			a->head = nb;
		}
		b = nb;
		at = 0;
	}
	void *p = b->data + at;
	b->used = at + n;
	if (zero)
		memset(p, 0, n);
	return p;
}

void
arena_trim(struct arena *a)
{
	struct block *b = a != NULL ? a->head : NULL;
	if (b == NULL || !a->large)
		return;
	/* The pages of the current block past what it holds; they come back zeroed if used. */
	uintptr_t from = ((uintptr_t)(b->data + b->used) + 4095) / 4096 * 4096;
	uintptr_t to = (uintptr_t)(b->data + b->size) / 4096 * 4096;
	if (to > from)
		madvise((void *)from, to - from, MADV_DONTNEED);
}

void *
arena_alloc(struct arena *a, size_t n)
{
	return take(a, n ? n : 1, _Alignof(max_align_t), true);
}

void *
arena_alloc_aligned(struct arena *a, size_t n, size_t align)
{
	assert(align > 0 && (align & (align - 1)) == 0 && align <= _Alignof(max_align_t));
	return take(a, n ? n : 1, align, true);
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	/* Text needs no alignment (strings are packed), nor zeroes first: it is all written. */
	char *p = take(a, n + 1, 1, false);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *tmp = xvasprintf(fmt, ap);
	va_end(ap);
	char *p = arena_strdup(a, tmp);
	free(tmp);
	return p;
}

void
sbuf_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t c = b->cap ? b->cap : 64;
		while (c < b->len + n + 1)
			c *= 2;
		b->s = xrealloc(b->s, c);
		b->cap = c;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
sbuf_adds(struct sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s));
}

void
sbuf_addc(struct sbuf *b, char c)
{
	sbuf_add(b, &c, 1);
}

void
sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *tmp = xvasprintf(fmt, ap);
	va_end(ap);
	sbuf_adds(b, tmp);
	free(tmp);
}

char *
sbuf_take(struct sbuf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void
sbuf_free(struct sbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}
