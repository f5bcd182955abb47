/* SPDX-License-Identifier: MIT */
/* Knuth-Plass line breaking: items (boxes, glue, penalties) in, lines out. */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "layout.h"
#include "layout_break.h"
#include "mem.h"

enum {
	DEM_LINE = 10,      /* TeX's \linepenalty */
	DEM_FLAGGED = 3000, /* two hyphenated lines in a row */
	DEM_FITNESS = 100   /* a tight line next to a loose one */
};

_Static_assert(sizeof(struct kp_item) == 32, "a paragraph's items are many");

/* The sums of the items before one: a line's width, stretch and shrink in O(1). */
struct kp_sum {
	double w, st, sh;
};

/* A feasible break: where, after which break, at what cost. */
struct kp_node {
	size_t pos;  /* the break item; SIZE_MAX for the paragraph's start */
	size_t prev; /* index into nodes; SIZE_MAX for none */
	size_t line;
	int fitness;
	double demerits;
	bool flagged;
};

void
kp_clear(struct kp *k)
{
	k->nitems = k->nlines = k->nnodes = k->nactive = k->nfills = 0;
	k->summed = false;
}

void
kp_add(struct kp *k, struct kp_item it)
{
	xgrow(&k->items, &k->icap, k->nitems, sizeof(*k->items));
	if (it.kind == KP_GLUE && it.fill) {
		xgrow(&k->fills, &k->fillcap, k->nfills, sizeof(*k->fills));
		k->fills[k->nfills++] = k->nitems;
	}
	k->items[k->nitems++] = it;
	k->summed = false;
}

/* Prefix sums of widths, stretch and shrink: a line's sums in O(1). */
static void
prefix_sums(struct kp *k)
{
	if (k->summed)
		return;
	xgrow(&k->sums, &k->scap, k->nitems, sizeof(*k->sums));
	k->sums[0] = (struct kp_sum){0, 0, 0};
	for (size_t i = 0; i < k->nitems; i++) {
		const struct kp_item *it = &k->items[i];
		bool counts = it->kind != KP_PENALTY;
		struct kp_sum *s = &k->sums[i];
		s[1].w = s->w + (counts ? it->width : 0);
		s[1].st = s->st + (it->kind == KP_GLUE ? it->stretch : 0);
		s[1].sh = s->sh + (it->kind == KP_GLUE ? it->shrink : 0);
	}
	k->summed = true;
}

/* Whether fill glue stands among the items [start, b). */
static bool
has_fill(const struct kp *k, size_t start, size_t b)
{
	/* The first fill at start or after it: fills are few, in item order. */
	size_t lo = 0, hi = k->nfills;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (k->fills[mid] < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < k->nfills && k->fills[lo] < b;
}

double
kp_natural(struct kp *k)
{
	prefix_sums(k);
	return k->sums[k->nitems].w;
}

/* The first item of a line after a break at pos: glue and penalties vanish there. */
static size_t
line_start(const struct kp *k, size_t pos)
{
	size_t i = pos == SIZE_MAX ? 0 : pos + 1;
	while (i < k->nitems && k->items[i].kind != KP_BOX &&
	       !(k->items[i].kind == KP_GLUE && k->items[i].fill))
		i++;
	return i;
}

static bool
legal_break(const struct kp *k, size_t i)
{
	const struct kp_item *it = &k->items[i];
	if (it->kind == KP_PENALTY)
		return true;
	return it->kind == KP_GLUE && !it->fill && i > 0 && k->items[i - 1].kind == KP_BOX;
}

/* The line from item start to break b: its natural width, and how it fits in avail. */
static double
fit_ratio(const struct kp *k, size_t start, size_t b, double avail, double ragged, double *natural)
{
	double w = k->sums[b].w - k->sums[start].w;
	if (k->items[b].kind == KP_PENALTY)
		w += k->items[b].width;
	*natural = w;
	if (w < avail) {
		if (has_fill(k, start, b))
			return 0;
		double st = k->sums[b].st - k->sums[start].st + ragged;
		return st > 0 ? (avail - w) / st : INFINITY;
	}
	if (w > avail) {
		double sh = k->sums[b].sh - k->sums[start].sh;
		return sh > 0 ? (avail - w) / sh : -INFINITY;
	}
	return 0;
}

static int
fitness_class(double r)
{
	return r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1 ? 2 : 3;
}

/* The best way to each fitness class through one break. */
struct best {
	double demerits;
	size_t from;
};

/*
 * Weighs the line from active node a to break b; records it in best when it is
 * within tolerance. Returns whether a stays active (its lines can still get
 * longer without running over).
 */
static bool
weigh(const struct kp *k, size_t a, size_t b, double avail, double ragged, double tolerance,
      struct best best[4])
{
	const struct kp_node *n = &k->nodes[a];
	const struct kp_item *it = &k->items[b];
	bool forced = it->kind == KP_PENALTY && it->penalty <= KP_FORCED;
	double natural;
	size_t start = line_start(k, n->pos);
	double r = fit_ratio(k, start, b, avail, ragged, &natural);
	/*
	 * Last resort: a single box wider than the line (one character wider than a
	 * column) is set overfull rather than lost.
	 */
	bool lone = false;
	if (r < -1 && tolerance >= KP_BAD_INF) {
		size_t k2 = start + 1;
		while (k2 < b && k->items[k2].kind != KP_BOX)
			k2++;
		lone = k2 >= b;
	}
	/*
	 * Most lines from most active nodes are far too loose (ragged text): known
	 * without pow. rmax is a hair above the ratio whose badness is the tolerance.
	 */
	if (tolerance < KP_BAD_INF && (isinf(r) || fabs(r) > k->rmax))
		return !(r < -1) && !forced;
	if (r >= -1 || lone) {
		double bad =
		    isinf(r) || r < -1 ? KP_BAD_INF : fmin(KP_BAD_INF, 100 * pow(fabs(r), 3));
		if (bad <= tolerance) {
			double d = DEM_LINE + bad;
			d *= d;
			if (it->kind == KP_PENALTY && it->penalty > 0)
				d += (double)it->penalty * it->penalty;
			else if (it->kind == KP_PENALTY && !forced)
				d -= (double)it->penalty * it->penalty;
			if (it->kind == KP_PENALTY && it->flagged && n->flagged)
				d += DEM_FLAGGED;
			int c = fitness_class(r);
			if (abs(c - n->fitness) > 1)
				d += DEM_FITNESS;
			d += n->demerits;
			if (best[c].from == SIZE_MAX || d < best[c].demerits) {
				best[c].demerits = d;
				best[c].from = a;
			}
		}
	}
	return !(r < -1) && !forced;
}

/*
 * Forgets the nodes no active node leads back to (most of them: of the breaks
 * feasible from some node, a line's worth stays in play), so that a paragraph of
 * a million words keeps the nodes of its lines, not of its words. Node order and
 * the active list's order stay, and with them every choice the breaker makes.
 */
static void
compact(struct kp *k)
{
	xgrow(&k->map, &k->mapcap, k->nnodes, sizeof(*k->map));
	for (size_t n = 0; n < k->nnodes; n++)
		k->map[n] = SIZE_MAX;
	for (size_t i = 0; i < k->nactive; i++)
		for (size_t n = k->active[i]; n != SIZE_MAX && k->map[n] == SIZE_MAX;
		     n = k->nodes[n].prev)
			k->map[n] = 0;
	size_t m = 0;
	for (size_t n = 0; n < k->nnodes; n++) {
		if (k->map[n] == SIZE_MAX)
			continue;
		struct kp_node nd = k->nodes[n];
		assert(nd.prev == SIZE_MAX || nd.prev < n);
		nd.prev = nd.prev == SIZE_MAX ? SIZE_MAX : k->map[nd.prev];
		k->map[n] = m;
		k->nodes[m++] = nd;
	}
	for (size_t i = 0; i < k->nactive; i++)
		k->active[i] = k->map[k->active[i]];
	k->nnodes = m;
	k->compact_at = m * 2 > 1024 ? m * 2 : 1024;
}

bool
kp_break(struct kp *k, double avail, double ragged, double tolerance)
{
	assert(k->nitems > 0 && k->items[k->nitems - 1].kind == KP_PENALTY &&
	       k->items[k->nitems - 1].penalty <= KP_FORCED);
	prefix_sums(k);
	k->nnodes = k->nactive = 0;
	xgrow(&k->nodes, &k->ncap, 0, sizeof(*k->nodes));
	k->nodes[k->nnodes++] = (struct kp_node){SIZE_MAX, SIZE_MAX, 0, 1, 0, false};
	xgrow(&k->active, &k->acap, 0, sizeof(*k->active));
	k->active[k->nactive++] = 0;
	k->rmax = cbrt(tolerance / 100) * (1 + 1e-6);
	k->compact_at = 1024;
	for (size_t b = 0; b < k->nitems && k->nactive > 0; b++) {
		if (!legal_break(k, b))
			continue;
		if (layout_stopped()) {
			k->nactive = 0;
			return false;
		}
		if (k->nnodes >= k->compact_at)
			compact(k);
		struct best best[4];
		for (int c = 0; c < 4; c++)
			best[c].from = SIZE_MAX;
		for (size_t i = 0; i < k->nactive;) {
			if (weigh(k, k->active[i], b, avail, ragged, tolerance, best))
				i++;
			else
				k->active[i] = k->active[--k->nactive];
		}
		const struct kp_item *it = &k->items[b];
		for (int c = 0; c < 4; c++) {
			if (best[c].from == SIZE_MAX)
				continue;
			xgrow(&k->nodes, &k->ncap, k->nnodes, sizeof(*k->nodes));
			k->nodes[k->nnodes] = (struct kp_node){
			    b, best[c].from,     k->nodes[best[c].from].line + 1,
			    c, best[c].demerits, it->kind == KP_PENALTY && it->flagged};
			xgrow(&k->active, &k->acap, k->nactive, sizeof(*k->active));
			k->active[k->nactive++] = k->nnodes++;
		}
	}
	return k->nactive > 0 && k->nodes[k->active[0]].pos == k->nitems - 1;
}

void
kp_lines(struct kp *k, double avail)
{
	/* The best of the nodes at the end, then back through its chain. */
	size_t best = SIZE_MAX;
	for (size_t i = 0; i < k->nactive; i++) {
		size_t n = k->active[i];
		if (k->nodes[n].pos == k->nitems - 1 &&
		    (best == SIZE_MAX || k->nodes[n].demerits < k->nodes[best].demerits))
			best = n;
	}
	size_t count = best == SIZE_MAX ? 0 : k->nodes[best].line;
	xgrow(&k->lines, &k->lcap, count, sizeof(*k->lines));
	k->nlines = count;
	for (size_t n = best, i = count; n != SIZE_MAX && k->nodes[n].prev != SIZE_MAX;
	     n = k->nodes[n].prev) {
		const struct kp_node *nd = &k->nodes[n];
		struct kp_line *ln = &k->lines[--i];
		ln->begin = line_start(k, k->nodes[nd->prev].pos);
		ln->end = nd->pos;
		ln->ratio = fit_ratio(k, ln->begin, ln->end, avail, 0, &ln->natural);
		if (isinf(ln->ratio))
			ln->ratio = 0;
		ln->hyphen = k->items[nd->pos].kind == KP_PENALTY && k->items[nd->pos].width > 0;
		ln->last = nd->pos == k->nitems - 1;
	}
}

void
kp_free(struct kp *k)
{
	free(k->items);
	free(k->lines);
	free(k->sums);
	free(k->fills);
	free(k->nodes);
	free(k->active);
	free(k->map);
	*k = (struct kp){0};
}
