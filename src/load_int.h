/* SPDX-License-Identifier: MIT */
/* Between the input readers: load_json.c hands CSV to load_csv.c; both check values alike. */
#ifndef PR_LOAD_INT_H
#define PR_LOAD_INT_H

#include <stddef.h>

#include "model.h"

/*
 * A file's text as load_json.c has it open (mapped, or read from a pipe), its
 * UTF-8 already checked: s[start..len) is the CSV (start skips a byte order mark).
 * release(ctx, off) may give back the pages before byte off once they are read.
 */
struct csv_src {
	const char *s;
	size_t start, len;
	void (*release)(void *ctx, size_t off);
	void *ctx;
};

/* load_metrics and load_survey for the CSV form (see load.h for what they promise). */
struct metrics *load_csv_metrics(const char *path, const struct csv_src *src);
struct survey *load_csv_survey(const char *path, const struct csv_src *src, struct metrics *m);

/* The passwords of --pdf-password (load.h), sorted by id once read (passwords_finish). */
struct passwords {
	struct pw_entry {
		char *id, *password;
		long line; /* CSV: its line; JSON: 0 */
	} *items;
	size_t n, cap;
};
struct passwords *load_csv_passwords(const char *path, const struct csv_src *src);
/* Adds one (copies both); sorts and checks for repeated ids: false after a message. */
void passwords_add(struct passwords *pw, const char *id, const char *password, long line);
bool passwords_finish(struct passwords *pw, const char *path);

/* The checks of a figure, shared so that both forms say the same words. */
enum load_figure {
	LOAD_MONEY,   /* never negative */
	LOAD_COUNT,   /* whole, >= 0, exact in a double */
	LOAD_POSITIVE /* > 0 (a quarter's target) */
};

/* Room for the problem load_check_* write. */
#define LOAD_WHY_SIZE 160

/*
 * NULL when the finite number v is a sound figure of this kind; otherwise the
 * problem, worded as the JSON loader reports it ("must not be negative, got -5"),
 * written into why (LOAD_WHY_SIZE bytes) and returned.
 */
const char *load_check_figure(enum load_figure kind, double v, char *why, size_t size);

/* As load_check_figure, for a survey answer on the scale min..max. */
const char *load_check_answer(double v, double min, double max, char *why, size_t size);

/* v as a message shows it: 450000, -5, 3.5 (the shortest that reads back); returns buf. */
const char *load_num_text(char *buf, size_t size, double v);

/* A string's hash for the loaders' lookup tables (partner ids, columns, reps): FNV-1a. */
size_t load_hash(const char *s);

#endif
