/* SPDX-License-Identifier: MIT */
/* The process heap set up for few page faults: called once, first thing in main. */
#ifndef PR_HEAP_H
#define PR_HEAP_H

/*
 * On this program's kind of machine (a virtual one) a page fault costs some 10 us, and
 * a run touches a few MB of heap 4 KiB at a time: about half of one report's faults.
 * heap_setup lets the main heap grow in large steps that start on a 2 MiB boundary and
 * asks the kernel for transparent huge pages there (madvise), so that the heap's first
 * megabytes fault in one go where the kernel allows it (THP "madvise" or "always");
 * elsewhere nothing changes. Freed memory stays with the process for reuse instead of
 * going back to the kernel and faulting in again. Only the main thread's heap: worker
 * threads keep glibc's own arenas. No effect with another allocator
 * (sanitizers, valgrind: their blocks are not on the break's heap).
 */
void heap_setup(void);

#endif
