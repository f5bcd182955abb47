/* SPDX-License-Identifier: MIT */
/* The one entry point for every diagnostic the program prints. */
#ifndef PR_MSG_H
#define PR_MSG_H

#include <stdbool.h>
#include <stddef.h>

#include "mem.h"

enum msg_level { MSG_NOTE, MSG_WARNING, MSG_ERROR, MSG_LEVELS };

/*
 * Every message is one line on standard error:
 *   partnerreview: FILE:LINE:COL: error: message      (syntax, templates)   msg_at
 *   partnerreview: FILE: JSON.PATH: error: message    (data)                msg_path
 *   partnerreview: error: message                     (no place)            msg
 * A line or column of 0 is left out. Thread-safe; counts per level for the summary.
 */
void msg(enum msg_level lvl, const char *fmt, ...) PR_PRINTF(2, 3);
void msg_at(enum msg_level lvl, const char *file, long line, long col, const char *fmt, ...)
    PR_PRINTF(5, 6);
void msg_path(enum msg_level lvl, const char *file, const char *path, const char *fmt, ...)
    PR_PRINTF(4, 5);

/*
 * From now on this thread's messages go to b instead of standard error (still
 * counted), until msg_capture(NULL). Lets parallel workers print in a fixed order.
 */
void msg_capture(struct sbuf *b);

/*
 * Messages held back: from msg_hold(h) on, this thread's messages are kept in h as
 * lines (not printed, not counted yet) until msg_hold(NULL). msg_held_print prints and
 * counts some of them, in their order; what is never printed was never said. Lets a
 * reader run beside another and print after it, in the order one thread would have.
 * A line's level may be changed before it is printed (a survey response's problems are
 * errors or warnings by whether its partner is in the metrics: load_json_survey.c).
 */
struct msg_line {
	enum msg_level lvl;
	bool scoped; /* free for the holder's use (see load_json_survey.c) */
	char *where; /* "FILE", "FILE:LINE:COL" or "FILE: PATH"; NULL: none */
	char *text;
};
struct msg_held {
	struct msg_line *line;
	size_t n, cap;
};
void msg_hold(struct msg_held *h);
/* Prints and counts lines [from, to) of h. */
void msg_held_print(const struct msg_held *h, size_t from, size_t to);
/* Frees h's lines (those not printed are dropped); h stays usable. */
void msg_held_free(struct msg_held *h);

/* How many messages of this level were printed so far. */
size_t msg_count(enum msg_level lvl);

/* Silences messages below lvl (used by nothing but tests today); returns the old value. */
enum msg_level msg_threshold(enum msg_level lvl);

/*
 * Quotes a value for a message: "..." with control characters and quotes escaped
 * and anything past 60 characters cut with "...". buf must hold MSG_QUOTE_SIZE
 * bytes; returns buf.
 */
#define MSG_QUOTE_SIZE 256
const char *msg_quote(char *buf, const char *s);
const char *msg_quote_n(char *buf, const char *s, size_t len);

#endif
