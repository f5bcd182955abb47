/* SPDX-License-Identifier: MIT */
/* The input model: freeing it, finding in it, and the period, date and id forms of the spec. */
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "model.h"

static void
person_free(struct person *p)
{
	xfree(p->name);
	xfree(p->email);
	xfree(p->phone);
}

static void
partner_free(struct partner *p)
{
	xfree(p->id);
	xfree(p->name);
	xfree(p->region);
	xfree(p->tier);
	person_free(&p->contact);
	for (size_t i = 0; i < p->nteam; i++)
		person_free(&p->team[i]);
	xfree(p->team);
	for (size_t i = 0; i < p->nquarters; i++) {
		struct quarter *q = &p->quarters[i];
		for (size_t j = 0; j < q->nreps; j++)
			xfree(q->reps[j].name);
		xfree(q->reps);
	}
	xfree(p->quarters);
}

void
metrics_free(struct metrics *m)
{
	if (m == NULL)
		return;
	if (m->arena != NULL) {
		arena_free(m->arena);
		xfree(m);
		return;
	}
	for (size_t i = 0; i < m->npartners; i++)
		partner_free(&m->partners[i]);
	xfree(m->partners);
	xfree(m->path);
	xfree(m->vendor_name);
	person_free(&m->manager);
	xfree(m);
}

void
survey_free(struct survey *s)
{
	if (s == NULL)
		return;
	if (s->arena != NULL) {
		arena_free(s->arena);
		xfree(s);
		return;
	}
	for (size_t i = 0; i < s->nquestions; i++) {
		xfree(s->questions[i].id);
		xfree(s->questions[i].text);
		xfree(s->questions[i].topic);
	}
	xfree(s->questions);
	for (size_t i = 0; i < s->nwaves; i++) {
		struct wave *w = &s->waves[i];
		for (size_t j = 0; j < w->nresponses; j++) {
			struct response *r = &w->responses[j];
			xfree(r->partner_id);
			xfree(r->respondent);
			xfree(r->answers);
			xfree(r->comment);
			xfree(r->wish);
		}
		xfree(w->responses);
	}
	xfree(s->waves);
	xfree(s->path);
	xfree(s);
}

struct partner *
metrics_find(const struct metrics *m, const char *id)
{
	for (size_t i = 0; i < m->npartners; i++)
		if (m->partners[i].id != NULL && strcmp(m->partners[i].id, id) == 0)
			return &m->partners[i];
	return NULL;
}

const struct quarter *
partner_quarter(const struct partner *p, int period)
{
	for (size_t i = 0; i < p->nquarters; i++)
		if (p->quarters[i].period == period)
			return &p->quarters[i];
	return NULL;
}

int
period_add(int period, int quarters)
{
	/* Count in quarters since year 0, then split with floor division. */
	int n = (period / 10) * 4 + (period % 10 - 1) + quarters;
	int year = n >= 0 ? n / 4 : -((-n + 3) / 4);
	return year * 10 + (n - year * 4) + 1;
}

static int
digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
parse_period(const char *s)
{
	if (strlen(s) != 7 || s[4] != '-' || s[5] != 'Q')
		return 0;
	int year = digits(s, 4), q = digits(s + 6, 1);
	if (year < 0 || q < 1 || q > 4)
		return 0;
	return year * 10 + q;
}

int
parse_date(const char *s)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 0 || m < 1 || m > 12 || d < 1)
		return 0;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > mdays[m - 1] + (m == 2 && leap))
		return 0;
	return y * 10000 + m * 100 + d;
}

static bool
is_alnum(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

int
is_valid_id(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 64 || !is_alnum(s[0]))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!is_alnum(s[i]) && s[i] != '.' && s[i] != '_' && s[i] != '-')
			return 0;
	return 1;
}

void
goal_set_free(struct goal_set *g)
{
	if (g == NULL)
		return;
	for (size_t i = 0; i < g->ngoals; i++) {
		free(g->goals[i].figure);
		free(g->goals[i].owner);
	}
	free(g->goals);
	free(g->partner_id);
	free(g);
}
