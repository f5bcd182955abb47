/* SPDX-License-Identifier: MIT */
/* The input model: freeing it, finding in it, period arithmetic. */
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
	xfree(p->language);
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
