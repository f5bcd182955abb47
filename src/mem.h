/* SPDX-License-Identifier: MIT */
/* Allocation wrappers that exit cleanly on out-of-memory, and a per-report arena. */
#ifndef PR_MEM_H
#define PR_MEM_H

#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#if defined(__GNUC__)
#define PR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define PR_PRINTF(f, a)
#endif

/*
 * The x* functions never return NULL: on out-of-memory they print one message and
 * exit with status 2, so no caller checks. xfree(NULL) is a no-op. Results belong to
 * the caller.
 */
void *xmalloc(size_t n);

/*
 * Gives the heap's free memory back to the system when it is much (32 MiB or more),
 * after a big input is read and before the portfolio is made on it: glibc raises its
 * mmap threshold after each large free and then keeps large blocks (the loaders'
 * string tables as they grew, the ranking's arrays) in its heap, some 13 MB at
 * 100,000 partners at the peak of the run (100 to 115 MB free at these points). A
 * smaller run gives nothing back: memory given back and taken again costs page faults
 * (at 10,000 partners 13 to 18 MB free, some 500 faults more in the portfolio and the
 * report, a tenth of the run's CPU after the loading).
 */
void mem_give_back(void);
/*
 * Says that a heap with less than n bytes in use is small, whatever is free in it:
 * mem_give_back leaves it alone. heap_setup sets its part in huge pages so; without
 * it that part, free and untouched, and the top pad of a loading thread's arena
 * counted as free memory (16 MB in a one-report run): the trim split the huge pages,
 * and the report faulted their memory in again 4 KiB at a time.
 */
void mem_small_heap(size_t n);

/*
 * Names path (borrowed, until mem_reading(NULL)) in this thread's out-of-memory message:
 * "out of memory (N bytes) while reading metrics.json". The input readers set it.
 */
void mem_reading(const char *path);
void *xcalloc(size_t count, size_t size);
/*
 * xcalloc for a big table that is written all over (a hash table): from 256 KiB up in
 * a mapping of its own the kernel is asked to back with transparent huge pages, a page
 * fault for 2 MiB rather than one for every 4 KiB (a fault is dear on a virtual
 * machine), its size taken up to a multiple of 2 MiB. Freed with xfree_huge and the
 * same count and size (NULL is nothing).
 */
void *xcalloc_huge(size_t count, size_t size);
void xfree_huge(void *p, size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) PR_PRINTF(1, 2);
char *xvasprintf(const char *fmt, va_list ap) PR_PRINTF(1, 0);
#define xfree(p) free(p)

/*
 * fn runs once when memory runs out, before the message and exit: it removes the
 * files being written. It must not allocate. NULL: nothing to do.
 */
void mem_on_oom(void (*fn)(void));

/* Grows *items (of *cap elements of size sz) so that index n fits. */
void xgrow(void *items_ptr, size_t *cap, size_t n, size_t sz);

/*
 * An arena: many small allocations freed at once. All strings and boxes of one
 * report come from one arena and go with arena_free after the PDF is written.
 * arena_new never fails; arena_free(NULL) is a no-op.
 */
struct arena;
struct arena *arena_new(void);
/* An arena for a model of tens of megabytes (the inputs'): past 512 KiB, in huge pages. */
struct arena *arena_new_large(void);
/* The same, in huge pages from the first byte: for a part of such a model, known to be big. */
struct arena *arena_new_huge(void);
void arena_free(struct arena *a);
/*
 * Moves everything of from into into and frees from: what was allocated in from now
 * goes with into (a reader's second thread builds its part of the model in an arena of
 * its own, then hands it over). New allocations in into still come from its own blocks.
 */
void arena_adopt(struct arena *into, struct arena *from);
/*
 * A large arena that is done growing (a model once read): the unused end of its last
 * 2 MiB block given back (on average 1 MiB, resident in a huge page). The arena stays
 * usable: pages allocated there later come back zeroed.
 */
void arena_trim(struct arena *a);
void *arena_alloc(struct arena *a, size_t n); /* zeroed, aligned for any type */
/* zeroed, at a multiple of align (a power of two up to arena_alloc's): for arrays of
 * a type that needs less, such as the input model's (8), so that no 16-byte gaps. */
void *arena_alloc_aligned(struct arena *a, size_t n, size_t align);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) PR_PRINTF(2, 3);

/*
 * A growing string buffer. sbuf_init leaves it empty; s is always NUL-terminated
 * once anything was added. sbuf_take hands the string to the caller.
 */
struct sbuf {
	char *s;
	size_t len, cap;
};
void sbuf_add(struct sbuf *b, const char *s, size_t n);
void sbuf_adds(struct sbuf *b, const char *s);
void sbuf_addc(struct sbuf *b, char c);
void sbuf_printf(struct sbuf *b, const char *fmt, ...) PR_PRINTF(2, 3);
char *sbuf_take(struct sbuf *b);
void sbuf_free(struct sbuf *b);

#endif
