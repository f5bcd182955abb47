/* SPDX-License-Identifier: MIT */
/* The process heap set up for few page faults (heap.h). */
#define _DEFAULT_SOURCE /* sbrk, madvise */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#if defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#endif

#include "heap.h"
#include "mem.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define PR_HEAP_PLAIN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) ||                         \
    __has_feature(thread_sanitizer)
#define PR_HEAP_PLAIN 1
#endif
#endif

enum {
	HUGE = 2 << 20,    /* a transparent huge page of x86-64 */
	FIRST = 10 << 20,  /* the heap's first growth, the part in huge pages */
	STEP = 8 << 20,    /* later growth, at a time */
	KEEP = 64 << 20,   /* free memory at the heap's top kept up to this */
	MAPPED = 16 << 20, /* blocks from this size up get their own mapping */
};

void
heap_setup(void)
{
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE) && !defined(PR_HEAP_PLAIN)
	mallopt(M_MMAP_THRESHOLD, MAPPED);
	mallopt(M_TRIM_THRESHOLD, KEEP);
	mallopt(M_TOP_PAD, 0);
	/*
	 * A huge page comes at the first touch of its 2 MiB only: a region with a page
	 * touched before the madvise stays in small pages. So the break is first moved
	 * (address space only) to one page below a 2 MiB boundary; malloc takes that as
	 * another sbrk's and continues above it. One block of FIRST bytes then makes the
	 * heap grow by that much, with malloc's bookkeeping written only at its two ends:
	 * the page below the boundary and the new top. Freed, the block is the heap's
	 * free top, and what lies between is advised untouched.
	 */
	uintptr_t brk0 = (uintptr_t)sbrk(0);
	if (brk0 == (uintptr_t)-1)
		return;
	uintptr_t start = ((brk0 + 4096 + HUGE - 1) & ~(uintptr_t)(HUGE - 1)) - 4096;
	if (sbrk((intptr_t)(start - brk0)) == (void *)-1)
		return;
	char *p = malloc(FIRST);
	uintptr_t top = (uintptr_t)p + FIRST;
	bool ours = p != NULL && (uintptr_t)p >= start && (uintptr_t)p < start + HUGE &&
	            top <= (uintptr_t)sbrk(0);
	free(p);
	mallopt(M_TOP_PAD, STEP);
	uintptr_t from = start + 4096, to = top & ~(uintptr_t)(HUGE - 1);
	if (ours && to > from)
		madvise((void *)from, to - from, MADV_HUGEPAGE);
	/* While its use fits here, the heap keeps its memory (one report: 740 -> 370 faults). */
	if (ours)
		mem_small_heap(FIRST);
#endif
}
