/* SPDX-License-Identifier: MIT */
/* Knuth-Plass line breaking: items (boxes, glue, penalties) in, lines out. */
#ifndef PR_LAYOUT_BREAK_H
#define PR_LAYOUT_BREAK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A paragraph is a list of items: boxes (pieces of words, of a fixed width), glue
 * (the spaces: a width that may stretch and shrink) and penalties (places a line
 * may end at a cost: a hyphenation point, a forced break). The breaker chooses the
 * breaks of the whole paragraph with the fewest demerits, as TeX does. It knows
 * nothing of text: each item carries a number of the caller's (ref), such as the
 * word piece a box stands for.
 */

enum kp_kind { KP_BOX, KP_GLUE, KP_PENALTY };

enum {
	KP_FORCED = -10000, /* a penalty that must be taken */
	KP_BAD_INF = 10000  /* the badness of a line that cannot be set */
};

/* 32 bytes: a paragraph of a million words has two million. */
struct kp_item {
	double width, stretch, shrink; /* pt; stretch and shrink: glue only */
	uint32_t ref;                  /* the caller's */
	int16_t penalty;               /* PENALTY: its cost; KP_FORCED or below: a forced break */
	uint8_t kind;                  /* enum kp_kind */
	uint8_t fill : 1;              /* glue that stretches without limit (the last line's) */
	uint8_t flagged : 1;           /* PENALTY: a hyphenation point (two in a row cost more) */
};

struct kp_line {
	size_t begin, end; /* items [begin, end), end being the break */
	double ratio;      /* how far the spaces stretch (> 0) or shrink (< 0) */
	double natural;    /* pt with natural spaces, the break's width included */
	bool hyphen;       /* it ends at a penalty of some width (a hyphen) */
	bool last;         /* the paragraph's last line */
};

struct kp_node;

/*
 * The breaker's state, reused from paragraph to paragraph: zero it to start, free
 * it with kp_free. items and lines belong to it; the caller reads them.
 */
struct kp {
	struct kp_item *items;
	size_t nitems, icap;
	struct kp_line *lines;
	size_t nlines, lcap;
	/* private: prefix sums, the fill glue, the breaker's nodes and active list */
	struct kp_sum *sums;
	size_t scap;
	size_t *fills;
	size_t nfills, fillcap;
	struct kp_node *nodes;
	size_t nnodes, ncap;
	size_t *active;
	size_t nactive, acap;
	size_t *map; /* compaction's */
	size_t mapcap, compact_at;
	double rmax; /* the pass's loosest ratio within tolerance */
	bool summed;
};

/* Empties k for the next paragraph (keeps its memory). */
void kp_clear(struct kp *k);

/* Appends an item. */
void kp_add(struct kp *k, struct kp_item it);

/*
 * One pass of the breaker over k's items (which must end in a forced penalty):
 * lines within avail pt, ragged the stretch a line's end has for free (ragged
 * text), tolerance the worst badness of a line (100 as TeX, KP_BAD_INF: any line,
 * and a box wider than avail alone on a line). False when no way through keeps
 * every line within tolerance. A failed pass may be followed by another.
 */
bool kp_break(struct kp *k, double avail, double ragged, double tolerance);

/*
 * The lines of the best way the last successful kp_break found, into k->lines
 * (k->nlines, none when no pass succeeded); ratio as if on a line of avail pt.
 */
void kp_lines(struct kp *k, double avail);

/* The items' total width with natural spaces: the paragraph on one line. */
double kp_natural(struct kp *k);

void kp_free(struct kp *k);

#endif
