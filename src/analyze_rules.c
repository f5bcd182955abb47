/* SPDX-License-Identifier: MIT */
/* Reading the analysis rules file (templates/rules.xml) with libxml2 into struct rules. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "msg.h"
#include "analyze_rules.h"
#include "tpl_xml.h"

struct reader {
	const char *path;
	int errors;
};

/* One numeric attribute within [lo, hi]; reports and returns NAN when it is not. */
static double
number(struct reader *rd, xmlNode *x, const char *name, double lo, double hi)
{
	xmlChar *v = xmlGetProp(x, (const xmlChar *)name);
	if (v == NULL) {
		msg_at(MSG_ERROR, rd->path, x->line, 0, "<%s> needs %s=\"...\"", x->name, name);
		rd->errors++;
		return NAN;
	}
	char *end;
	errno = 0;
	double d = strtod((const char *)v, &end);
	bool ok = end != (char *)v && *end == '\0' && errno == 0 && d >= lo && d <= hi;
	if (!ok) {
		char q[MSG_QUOTE_SIZE];
		msg_at(MSG_ERROR, rd->path, x->line, 0,
		       "<%s %s=%s>: expected a number from %g to %g", x->name, name,
		       msg_quote(q, (const char *)v), lo, hi);
		rd->errors++;
		d = NAN;
	}
	xmlFree(v);
	return d;
}

/* An optional numeric attribute: def when absent (older rules files), else as number(). */
static double
optional(struct reader *rd, xmlNode *x, const char *name, double lo, double hi, double def)
{
	xmlChar *v = xmlGetProp(x, (const xmlChar *)name);
	if (v == NULL)
		return def;
	xmlFree(v);
	return number(rd, x, name, lo, hi);
}

/*
 * An optional count of partners (the overview's table-max and list-max): def when
 * absent (older rules files), else a whole number from lo to hi; def after a message.
 */
static size_t
partner_count(struct reader *rd, xmlNode *x, const char *name, double lo, double hi, size_t def)
{
	if (!xmlHasProp(x, (const xmlChar *)name))
		return def;
	double d = number(rd, x, name, lo, hi);
	if (isnan(d))
		return def;
	if (d != floor(d)) {
		msg_at(MSG_ERROR, rd->path, x->line, 0, "<%s %s=\"%g\">: expected a whole number",
		       x->name, name, d);
		rd->errors++;
		return def;
	}
	return (size_t)d;
}

/* A whole number read by number(): 0 for its NAN after an error (casting NaN is undefined). */
static int
whole(double d)
{
	return isnan(d) ? 0 : (int)d;
}

static void
check_attrs(struct reader *rd, xmlNode *x, const char *const *allowed)
{
	for (xmlAttr *a = x->properties; a != NULL; a = a->next) {
		bool ok = false;
		for (const char *const *p = allowed; *p && !ok; p++)
			ok = strcmp(*p, (const char *)a->name) == 0;
		if (!ok) {
			msg_at(MSG_ERROR, rd->path, x->line, 0, "<%s> has no attribute \"%s\"",
			       x->name, a->name);
			rd->errors++;
		}
	}
}

/* An optional text attribute (copied), or NULL. */
static char *
text(xmlNode *x, const char *name)
{
	xmlChar *v = xmlGetProp(x, (const xmlChar *)name);
	char *s = v && *v ? xstrdup((const char *)v) : NULL;
	xmlFree(v);
	return s;
}

static int
figure_named(struct reader *rd, xmlNode *x, const char *fig)
{
	for (int i = 0; i < PF_NFIGURES; i++)
		if (strcmp(pf_figure_name((enum pf_figure)i), fig) == 0)
			return i;
	struct sbuf known = {0};
	for (int i = 0; i < PF_NFIGURES; i++)
		sbuf_printf(&known, "%s%s", i ? ", " : "", pf_figure_name((enum pf_figure)i));
	msg_at(MSG_ERROR, rd->path, x->line, 0, "<%s figure=\"%s\">: not a figure; known: %s",
	       x->name, fig, known.s);
	sbuf_free(&known);
	rd->errors++;
	return -1;
}

static void
load_causes(struct reader *rd, xmlNode *x, struct review_rules *rv)
{
	size_t cap = 0;
	for (xmlNode *c = x->children; c != NULL; c = c->next) {
		if (c->type == XML_COMMENT_NODE || (c->type == XML_TEXT_NODE && xmlIsBlankNode(c)))
			continue;
		if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "cause") != 0) {
			msg_at(MSG_ERROR, rd->path, c->line, 0,
			       "<causes> holds <cause> elements only");
			rd->errors++;
			continue;
		}
		static const char *const attrs[] = {"id",           "question",     "figure",
		                                    "below-median", "above-median", "at-least",
		                                    "confirm",      "measure",      NULL};
		check_attrs(rd, c, attrs);
		xgrow(&rv->causes, &cap, rv->ncauses, sizeof(*rv->causes));
		struct cause_rule *cr = &rv->causes[rv->ncauses++];
		cr->id = text(c, "id");
		cr->question = text(c, "question");
		cr->measure = text(c, "measure");
		cr->figure = -1;
		cr->confirm = optional(rd, c, "confirm", 0, 100, NAN);
		if (!isnan(cr->confirm) && cr->question == NULL) {
			msg_at(
			    MSG_ERROR, rd->path, c->line, 0,
			    "<cause confirm=\"...\"> needs the question=\"...\" that confirms it");
			rd->errors++;
		}
		if (cr->id == NULL) {
			msg_at(MSG_ERROR, rd->path, c->line, 0, "<cause> needs id=\"...\"");
			rd->errors++;
		}
		char *fig = text(c, "figure");
		if (fig != NULL) {
			cr->figure = figure_named(rd, c, fig);
			static const char *const tests[] = {"below-median", "above-median",
			                                    "at-least"};
			int given = 0;
			for (int t = 0; t < 3; t++) {
				xmlChar *v = xmlGetProp(c, (const xmlChar *)tests[t]);
				if (v == NULL)
					continue;
				xmlFree(v);
				given++;
				cr->test = (enum cause_test)(t + 1);
				cr->factor = number(rd, c, tests[t], 0, 1e9);
			}
			if (given != 1) {
				msg_at(MSG_ERROR, rd->path, c->line, 0,
				       "<cause figure=\"%s\"> needs one of below-median, "
				       "above-median, "
				       "at-least",
				       fig);
				rd->errors++;
			}
			free(fig);
		}
		if (cr->question == NULL && cr->figure < 0) {
			msg_at(MSG_ERROR, rd->path, c->line, 0,
			       "<cause> needs a question=\"...\", a figure=\"...\" or both");
			rd->errors++;
		}
	}
}

static void
load_strengths(struct reader *rd, xmlNode *x, struct review_rules *rv)
{
	size_t cap = 0;
	for (xmlNode *c = x->children; c != NULL; c = c->next) {
		if (c->type == XML_COMMENT_NODE || (c->type == XML_TEXT_NODE && xmlIsBlankNode(c)))
			continue;
		if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "strength") != 0) {
			msg_at(MSG_ERROR, rd->path, c->line, 0,
			       "<strengths> holds <strength> elements only");
			rd->errors++;
			continue;
		}
		static const char *const attrs[] = {
		    "id", "question", "figure", "above-median", "measure", "with-cause", NULL};
		check_attrs(rd, c, attrs);
		xgrow(&rv->strengths, &cap, rv->nstrengths, sizeof(*rv->strengths));
		struct strength_rule *sr = &rv->strengths[rv->nstrengths++];
		sr->id = text(c, "id");
		sr->question = text(c, "question");
		sr->measure = text(c, "measure");
		sr->with_cause = text(c, "with-cause");
		sr->figure = -1;
		char *fig = text(c, "figure");
		if (fig != NULL) {
			sr->figure = figure_named(rd, c, fig);
			sr->factor = number(rd, c, "above-median", 0, 1e9);
			free(fig);
		}
		if (sr->id == NULL || (sr->question == NULL && fig == NULL)) {
			msg_at(MSG_ERROR, rd->path, c->line, 0,
			       "<strength> needs id=\"...\" and a question=\"...\" or a "
			       "figure=\"...\"");
			rd->errors++;
		}
	}
}

/* Lower case of ASCII and of the Latin-1 capitals in UTF-8, as the analysis folds a wish. */
static void
fold(char *t)
{
	for (unsigned char *c = (unsigned char *)t; *c; c++) {
		if (*c >= 'A' && *c <= 'Z')
			*c = (unsigned char)(*c + 32);
		else if (*c == 0xC3 && c[1] >= 0x80 && c[1] <= 0x9E && c[1] != 0x97)
			*++c += 0x20;
	}
}

static void
load_topics(struct reader *rd, xmlNode *x, struct review_rules *rv)
{
	size_t cap = 0;
	for (xmlNode *c = x->children; c != NULL; c = c->next) {
		if (c->type == XML_COMMENT_NODE || (c->type == XML_TEXT_NODE && xmlIsBlankNode(c)))
			continue;
		if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "topic") != 0) {
			msg_at(MSG_ERROR, rd->path, c->line, 0,
			       "<wishes> holds <topic> elements only");
			rd->errors++;
			continue;
		}
		static const char *const attrs[] = {"cause", "measure", "words", NULL};
		check_attrs(rd, c, attrs);
		xgrow(&rv->topics, &cap, rv->ntopics, sizeof(*rv->topics));
		struct topic_rule *t = &rv->topics[rv->ntopics++];
		memset(t, 0, sizeof(*t));
		t->cause = text(c, "cause");
		t->measure = text(c, "measure");
		char *words = text(c, "words");
		size_t wcap = 0;
		char *save = NULL;
		for (char *w = words ? strtok_r(words, " \t\n", &save) : NULL; w;
		     w = strtok_r(NULL, " \t\n", &save)) {
			xgrow(&t->words, &wcap, t->nwords, sizeof(*t->words));
			t->words[t->nwords] = xstrdup(w);
			fold(t->words[t->nwords++]);
		}
		free(words);
		if ((t->cause == NULL && t->measure == NULL) || t->nwords == 0) {
			msg_at(
			    MSG_ERROR, rd->path, c->line, 0,
			    "<topic> needs words=\"...\" and a cause=\"...\" or a measure=\"...\"");
			rd->errors++;
		}
		t->line = c->line;
	}
}

/* One element of <rules>: reads its attributes (and children) into r. */
typedef void element_fn(struct reader *rd, xmlNode *x, struct rules *r);

static void
el_portfolio(struct reader *rd, xmlNode *x, struct rules *r)
{
	static const char *const attrs[] = {"class-a",   "class-b",  "trend-flat",
	                                    "table-max", "list-max", NULL};
	check_attrs(rd, x, attrs);
	r->portfolio.class_a = number(rd, x, "class-a", 0.01, 1);
	r->portfolio.class_b = number(rd, x, "class-b", 0.01, 1);
	r->portfolio.trend_flat = number(rd, x, "trend-flat", 0, 1);
	struct portfolio_rules def = portfolio_default_rules();
	r->portfolio.table_max = partner_count(rd, x, "table-max", 0, 1e9, def.table_max);
	r->portfolio.list_max = partner_count(rd, x, "list-max", 1, 1000, def.list_max);
	if (r->portfolio.class_a >= r->portfolio.class_b) {
		msg_at(MSG_ERROR, rd->path, x->line, 0,
		       "<portfolio>: class-a (%g) must be below class-b (%g)", r->portfolio.class_a,
		       r->portfolio.class_b);
		rd->errors++;
	}
}

static void
el_nps(struct reader *rd, xmlNode *x, struct rules *r)
{
	static const char *const attrs[] = {"question", "promoter-min", "detractor-max", NULL};
	check_attrs(rd, x, attrs);
	xmlChar *q = xmlGetProp(x, (const xmlChar *)"question");
	if (q == NULL || *q == '\0') {
		msg_at(MSG_ERROR, rd->path, x->line, 0, "<nps> needs question=\"...\"");
		rd->errors++;
	} else {
		r->nps_question = xstrdup((const char *)q);
	}
	xmlFree(q);
	r->portfolio.promoter_min = number(rd, x, "promoter-min", 0, 10);
	r->portfolio.detractor_max = number(rd, x, "detractor-max", 0, 10);
	if (r->portfolio.detractor_max >= r->portfolio.promoter_min) {
		msg_at(MSG_ERROR, rd->path, x->line, 0,
		       "<nps>: detractor-max (%g) must be below promoter-min (%g)",
		       r->portfolio.detractor_max, r->portfolio.promoter_min);
		rd->errors++;
	}
}

static void
el_survey(struct reader *rd, xmlNode *x, struct rules *r)
{
	static const char *const attrs[] = {"low", "high", "change", NULL};
	check_attrs(rd, x, attrs);
	r->review.low = number(rd, x, "low", 0, 100);
	r->review.high = number(rd, x, "high", 0, 100);
	r->review.change = number(rd, x, "change", 0, 100);
}

static void
el_causes(struct reader *rd, xmlNode *x, struct rules *r)
{
	static const char *const attrs[] = {"min-events", "improve-count", "improve-rate",
	                                    "persist-weight", NULL};
	check_attrs(rd, x, attrs);
	struct review_rules *rv = &r->review;
	rv->cause_min_events = optional(rd, x, "min-events", 0, 1e6, rv->cause_min_events);
	rv->improve_count = optional(rd, x, "improve-count", 0, 10, rv->improve_count);
	rv->improve_rate = optional(rd, x, "improve-rate", 0, 1, rv->improve_rate);
	rv->persist_weight = optional(rd, x, "persist-weight", 0, 10, rv->persist_weight);
	load_causes(rd, x, rv);
}

static void
el_cadence(struct reader *rd, xmlNode *x, struct rules *r)
{
	static const char *const attrs[] = {"under-attainment", "weeks-under", "weeks", NULL};
	check_attrs(rd, x, attrs);
	r->review.under_attainment = number(rd, x, "under-attainment", 0, 10);
	r->review.weeks_under = whole(number(rd, x, "weeks-under", 1, 52));
	r->review.weeks = whole(number(rd, x, "weeks", 1, 52));
}

static void
el_escalation(struct reader *rd, xmlNode *x, struct rules *r)
{
	static const char *const attrs[] = {"declined-meetings", NULL};
	check_attrs(rd, x, attrs);
	r->review.declined_meetings = whole(number(rd, x, "declined-meetings", 1, 100));
}

static void
el_health(struct reader *rd, xmlNode *x, struct rules *r)
{
	static const char *const attrs[] = {"red-attainment", "amber-attainment", NULL};
	check_attrs(rd, x, attrs);
	r->review.red_attainment = number(rd, x, "red-attainment", 0, 10);
	r->review.amber_attainment = number(rd, x, "amber-attainment", 0, 10);
}

static void
el_strengths(struct reader *rd, xmlNode *x, struct rules *r)
{
	static const char *const attrs[] = {"min-leads", NULL};
	check_attrs(rd, x, attrs);
	r->review.strength_min_leads = number(rd, x, "min-leads", 0, 1e6);
	load_strengths(rd, x, &r->review);
}

static void
el_goals(struct reader *rd, xmlNode *x, struct rules *r)
{
	static const char *const attrs[] = {
	    "revenue-step", "stretch",     "count-step", "rate-step",     "score-step",
	    "min",          "max",         "rate-max",   "revenue-round", "follow-up-room",
	    "min-events",   "repeat-step", NULL};
	check_attrs(rd, x, attrs);
	struct goal_rules *g = &r->review.goals;
	g->revenue_step = number(rd, x, "revenue-step", 0, 10);
	g->stretch = number(rd, x, "stretch", 0, 10);
	g->count_step = number(rd, x, "count-step", 0, 10);
	g->rate_step = number(rd, x, "rate-step", 0, 1);
	g->score_step = number(rd, x, "score-step", 0, 10);
	/* Once hard-coded; optional for older rules files, with the values they had. */
	g->rate_max = optional(rd, x, "rate-max", 0, 1, 0.95);
	g->revenue_round = optional(rd, x, "revenue-round", 0, 1e12, 1000);
	g->follow_up_room = optional(rd, x, "follow-up-room", 0, 1, 0.9);
	g->min_events = optional(rd, x, "min-events", 0, 1e6, 10);
	g->repeat_step = optional(rd, x, "repeat-step", 0, 1, 0.5);
	double mn = number(rd, x, "min", 1, 10), mx = number(rd, x, "max", 1, 10);
	if (mn > mx) {
		msg_at(MSG_ERROR, rd->path, x->line, 0, "<goals>: min (%g) is above max (%g)", mn,
		       mx);
		rd->errors++;
	}
	g->min = mn > 0 ? (size_t)mn : 0;
	g->max = mx > 0 ? (size_t)mx : 0;
}

static void
el_praise(struct reader *rd, xmlNode *x, struct rules *r)
{
	static const char *const attrs[] = {"growth", "score-share", "question", "top-team", NULL};
	check_attrs(rd, x, attrs);
	r->review.praise_growth = number(rd, x, "growth", 0, 10);
	r->review.praise_score = optional(rd, x, "score-share", 0, 1, r->review.praise_score);
	r->review.praise_top_team =
	    (size_t)whole(optional(rd, x, "top-team", 2, 1000, (double)r->review.praise_top_team));
	r->review.praise_question = text(x, "question");
}

static void
el_pressure(struct reader *rd, xmlNode *x, struct rules *r)
{
	static const char *const attrs[] = {"green-max", NULL};
	check_attrs(rd, x, attrs);
	r->review.green_pressure = (size_t)whole(optional(rd, x, "green-max", 0, 10, 1));
}

static void
el_plausibility(struct reader *rd, xmlNode *x, struct rules *r)
{
	static const char *const attrs[] = {"attainment-max", "reps-tolerance", NULL};
	check_attrs(rd, x, attrs);
	r->review.attainment_max =
	    optional(rd, x, "attainment-max", 1, 1e6, r->review.attainment_max);
	r->review.reps_tolerance =
	    optional(rd, x, "reps-tolerance", 0, 1, r->review.reps_tolerance);
}

static void
el_wishes(struct reader *rd, xmlNode *x, struct rules *r)
{
	check_attrs(rd, x, (const char *const[]){NULL});
	load_topics(rd, x, &r->review);
}

/* The elements of <rules>, each once; the optional ones came later (docs/rules.md). */
static const struct {
	const char *name;
	element_fn *load;
	bool required;
} elements[] = {
    {"portfolio", el_portfolio, true},   {"nps", el_nps, true},
    {"survey", el_survey, true},         {"causes", el_causes, true},
    {"strengths", el_strengths, true},   {"goals", el_goals, true},
    {"praise", el_praise, true},         {"cadence", el_cadence, true},
    {"escalation", el_escalation, true}, {"health", el_health, true},
    {"pressure", el_pressure, false},    {"plausibility", el_plausibility, false},
    {"wishes", el_wishes, false},
};
enum { NELEMENTS = sizeof(elements) / sizeof(elements[0]) };

/* Every element of root by the table; then the ones missing and the topics' causes. */
static void
load_elements(struct reader *rd, xmlNode *root, struct rules *r)
{
	bool seen[NELEMENTS] = {false};
	for (xmlNode *x = root->children; x != NULL; x = x->next) {
		if (x->type == XML_COMMENT_NODE || (x->type == XML_TEXT_NODE && xmlIsBlankNode(x)))
			continue;
		const char *name = (const char *)x->name;
		size_t k = 0;
		while (x->type == XML_ELEMENT_NODE && k < NELEMENTS &&
		       (strcmp(elements[k].name, name) != 0 || seen[k]))
			k++;
		if (x->type != XML_ELEMENT_NODE || k == NELEMENTS) {
			msg_at(
			    MSG_ERROR, rd->path, x->line, 0,
			    x->type == XML_ELEMENT_NODE
			        ? "unexpected <%s>: <rules> holds portfolio, nps, survey, causes, "
			          "strengths, goals, praise, cadence, escalation and health, once "
			          "each, "
			          "and optionally pressure, plausibility and wishes"
			        : "unexpected text in <rules>%s",
			    x->type == XML_ELEMENT_NODE ? name : "");
			rd->errors++;
			continue;
		}
		seen[k] = true;
		elements[k].load(rd, x, r);
	}
	for (size_t k = 0; k < NELEMENTS; k++)
		if (elements[k].required && !seen[k]) {
			msg_at(MSG_ERROR, rd->path, root->line, 0, "<rules> needs <%s>",
			       elements[k].name);
			rd->errors++;
		}
	/* A topic answers with a cause's measure: that cause must exist (in any order). */
	for (size_t t = 0; t < r->review.ntopics; t++) {
		const struct topic_rule *tr = &r->review.topics[t];
		bool found = tr->cause == NULL;
		for (size_t k = 0; !found && k < r->review.ncauses; k++)
			found = r->review.causes[k].id != NULL &&
			        strcmp(r->review.causes[k].id, tr->cause) == 0;
		if (!found) {
			msg_at(MSG_ERROR, rd->path, tr->line, 0,
			       "<topic cause=\"%s\">: no such cause in <causes>", tr->cause);
			rd->errors++;
		}
	}
}

struct rules *
rules_load(const char *path)
{
	/* libxml2 through the wrappers, as for templates (tpl_load.c). */
	xmlMemSetup(free, xmalloc, xrealloc, xstrdup);
	struct reader rd = {path, 0};
	struct rules *r = xcalloc(1, sizeof(*r));
	/* What an older rules file does not say: the bundled file's values. */
	r->review.improve_count = 0.25;
	r->review.improve_rate = 0.05;
	r->review.cause_min_events = 5;
	r->review.persist_weight = 0.25;
	r->review.praise_score = 0.5;
	r->review.praise_top_team = 3;
	r->review.green_pressure = 1;
	r->review.attainment_max = 3;
	r->review.reps_tolerance = 0.01;
	if (access(path, R_OK) != 0) {
		msg_at(MSG_ERROR, path, 0, 0, "cannot read the rules: %s", strerror(errno));
		rules_free(r);
		return NULL;
	}
	struct tpl_xml_sink sink = {path, 0};
	xmlSetStructuredErrorFunc(&sink, tpl_xml_error);
	/* NONET and no NOENT/DTDLOAD: nothing but this file is ever read. */
	xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	rd.errors += sink.errors;
	if (doc == NULL) {
		if (rd.errors == 0)
			msg_at(MSG_ERROR, path, 0, 0, "cannot read the rules: %s", strerror(errno));
		rules_free(r);
		return NULL;
	}
	xmlNode *root = xmlDocGetRootElement(doc);
	xmlChar *version = root ? xmlGetProp(root, (const xmlChar *)"version") : NULL;
	if (root == NULL || strcmp((const char *)root->name, "rules") != 0 || version == NULL ||
	    strcmp((const char *)version, "1") != 0) {
		msg_at(MSG_ERROR, path, root ? root->line : 0, 0,
		       "the root element must be <rules version=\"1\">");
		rd.errors++;
		root = NULL;
	}
	xmlFree(version);
	if (root != NULL)
		load_elements(&rd, root, r);
	xmlFreeDoc(doc);
	if (rd.errors > 0) {
		rules_free(r);
		return NULL;
	}
	r->portfolio.nps_question = r->nps_question;
	if (r->review.praise_question == NULL)
		r->review.praise_question = xstrdup("overall");
	return r;
}

void
rules_free(struct rules *r)
{
	if (r == NULL)
		return;
	free(r->nps_question);
	for (size_t i = 0; i < r->review.ncauses; i++) {
		free(r->review.causes[i].id);
		free(r->review.causes[i].question);
		free(r->review.causes[i].measure);
	}
	free(r->review.causes);
	for (size_t i = 0; i < r->review.nstrengths; i++) {
		free(r->review.strengths[i].id);
		free(r->review.strengths[i].question);
		free(r->review.strengths[i].measure);
		free(r->review.strengths[i].with_cause);
	}
	free(r->review.strengths);
	for (size_t i = 0; i < r->review.ntopics; i++) {
		free(r->review.topics[i].cause);
		free(r->review.topics[i].measure);
		for (size_t k = 0; k < r->review.topics[i].nwords; k++)
			free(r->review.topics[i].words[k]);
		free(r->review.topics[i].words);
	}
	free(r->review.topics);
	free(r->review.praise_question);
	free(r);
}
