/* SPDX-License-Identifier: MIT */
/* Numbers in a page's content stream, byte for byte as libharu 2.3.0 writes them. */
#ifndef PR_PDF_NUM_H
#define PR_PDF_NUM_H

#include <stddef.h>

/*
 * The longest number pdf_real writes ("-32767.99999"), and the longest pdf_tenths
 * writes ("-2147483647.7" and more for a long; callers pass page-sized values).
 */
enum { PDF_REAL_MAX = 12, PDF_TENTHS_MAX = 24 };

/*
 * Writes v as libharu 2.3.0's HPDF_FToA does (the operands of its HPDF_Page_*
 * operators): clamped to +-32767, at most five decimals, truncated after adding
 * 0.000005 in its float arithmetic, trailing zeros and a bare point dropped, "-0"
 * for a small negative number. v must not be NaN. Writes at most PDF_REAL_MAX bytes,
 * no NUL; returns the end.
 */
char *pdf_real(char *out, float v);

/* Writes t / 10 with one decimal when it has one ("-12", "3.5"); returns the end. */
char *pdf_tenths(char *out, long t);

#endif
