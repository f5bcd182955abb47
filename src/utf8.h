/* SPDX-License-Identifier: MIT */
/* UTF-8 validation and decoding. */
#ifndef PR_UTF8_H
#define PR_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * True when s[0..len) is valid UTF-8 (no overlongs, no surrogates, nothing above
 * U+10FFFF) and holds no NUL. Otherwise *bad (if not NULL) gets the offset of the
 * first bad byte.
 */
bool utf8_valid(const char *s, size_t len, size_t *bad);

/*
 * Decodes one character at *s (before end) and advances *s past it. An invalid
 * sequence yields U+FFFD and advances one byte.
 */
uint32_t utf8_next(const char **s, const char *end);

/* Writes cp as UTF-8 into out (4 bytes at most); returns the byte count. */
size_t utf8_encode(char *out, uint32_t cp);

/* The number of characters in the valid UTF-8 string s[0..len). */
size_t utf8_count(const char *s, size_t len);

#endif
