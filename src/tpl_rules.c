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
#include "tpl_rules.h"
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
		msg_at(MSG_ERROR, rd->path, x->line, 0, "<%s %s=%s>: expected a number from %g to %g",
		       x->name, name, msg_quote(q, (const char *)v), lo, hi);
		rd->errors++;
		d = NAN;
	}
	xmlFree(v);
	return d;
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
			msg_at(MSG_ERROR, rd->path, x->line, 0, "<%s> has no attribute \"%s\"", x->name,
			       a->name);
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
	msg_at(MSG_ERROR, rd->path, x->line, 0,
	       "<%s figure=\"%s\">: not a figure; known: attainment, revenue, change_previous, "
	       "follow_up_rate, win_rate, revenue_per_rep, leads_received, service_tickets, "
	       "channel_conflicts, certified_reps, change_year, trend",
	       x->name, fig);
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
			msg_at(MSG_ERROR, rd->path, c->line, 0, "<causes> holds <cause> elements only");
			rd->errors++;
			continue;
		}
		static const char *const attrs[] = {"id", "question", "figure", "below-median",
						    "above-median", "at-least", NULL};
		check_attrs(rd, c, attrs);
		xgrow(&rv->causes, &cap, rv->ncauses, sizeof(*rv->causes));
		struct cause_rule *cr = &rv->causes[rv->ncauses++];
		cr->id = text(c, "id");
		cr->question = text(c, "question");
		cr->figure = -1;
		if (cr->id == NULL) {
			msg_at(MSG_ERROR, rd->path, c->line, 0, "<cause> needs id=\"...\"");
			rd->errors++;
		}
		char *fig = text(c, "figure");
		if (fig != NULL) {
			cr->figure = figure_named(rd, c, fig);
			static const char *const tests[] = {"below-median", "above-median", "at-least"};
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
				       "<cause figure=\"%s\"> needs one of below-median, above-median, "
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
		static const char *const attrs[] = {"id", "question", "figure", "above-median",
						    "measure", "with-cause", NULL};
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
			       "<strength> needs id=\"...\" and a question=\"...\" or a figure=\"...\"");
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
	bool seen_portfolio = false, seen_nps = false, seen_survey = false, seen_causes = false,
	     seen_cadence = false, seen_escalation = false, seen_health = false,
	     seen_strengths = false, seen_goals = false, seen_praise = false;
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
	for (xmlNode *x = root ? root->children : NULL; x != NULL; x = x->next) {
		if (x->type == XML_COMMENT_NODE ||
		    (x->type == XML_TEXT_NODE && xmlIsBlankNode(x)))
			continue;
		const char *name = (const char *)x->name;
		if (x->type == XML_ELEMENT_NODE && strcmp(name, "portfolio") == 0 && !seen_portfolio) {
			static const char *const attrs[] = {"class-a",   "class-b",  "trend-flat",
							    "table-max", "list-max", NULL};
			check_attrs(&rd, x, attrs);
			r->portfolio.class_a = number(&rd, x, "class-a", 0.01, 1);
			r->portfolio.class_b = number(&rd, x, "class-b", 0.01, 1);
			r->portfolio.trend_flat = number(&rd, x, "trend-flat", 0, 1);
			struct portfolio_rules def = portfolio_default_rules();
			r->portfolio.table_max =
			    partner_count(&rd, x, "table-max", 0, 1e9, def.table_max);
			r->portfolio.list_max = partner_count(&rd, x, "list-max", 1, 1000, def.list_max);
			if (r->portfolio.class_a >= r->portfolio.class_b) {
				msg_at(MSG_ERROR, path, x->line, 0,
				       "<portfolio>: class-a (%g) must be below class-b (%g)",
				       r->portfolio.class_a, r->portfolio.class_b);
				rd.errors++;
			}
			seen_portfolio = true;
		} else if (x->type == XML_ELEMENT_NODE && strcmp(name, "nps") == 0 && !seen_nps) {
			static const char *const attrs[] = {"question", "promoter-min", "detractor-max",
							    NULL};
			check_attrs(&rd, x, attrs);
			xmlChar *q = xmlGetProp(x, (const xmlChar *)"question");
			if (q == NULL || *q == '\0') {
				msg_at(MSG_ERROR, path, x->line, 0, "<nps> needs question=\"...\"");
				rd.errors++;
			} else {
				r->nps_question = xstrdup((const char *)q);
			}
			xmlFree(q);
			r->portfolio.promoter_min = number(&rd, x, "promoter-min", 0, 10);
			r->portfolio.detractor_max = number(&rd, x, "detractor-max", 0, 10);
			if (r->portfolio.detractor_max >= r->portfolio.promoter_min) {
				msg_at(MSG_ERROR, path, x->line, 0,
				       "<nps>: detractor-max (%g) must be below promoter-min (%g)",
				       r->portfolio.detractor_max, r->portfolio.promoter_min);
				rd.errors++;
			}
			seen_nps = true;
		} else if (x->type == XML_ELEMENT_NODE && strcmp(name, "survey") == 0 && !seen_survey) {
			static const char *const attrs[] = {"low", "high", "change", NULL};
			check_attrs(&rd, x, attrs);
			r->review.low = number(&rd, x, "low", 0, 100);
			r->review.high = number(&rd, x, "high", 0, 100);
			r->review.change = number(&rd, x, "change", 0, 100);
			seen_survey = true;
		} else if (x->type == XML_ELEMENT_NODE && strcmp(name, "causes") == 0 && !seen_causes) {
			check_attrs(&rd, x, (const char *const[]){NULL});
			load_causes(&rd, x, &r->review);
			seen_causes = true;
		} else if (x->type == XML_ELEMENT_NODE && strcmp(name, "cadence") == 0 && !seen_cadence) {
			static const char *const attrs[] = {"under-attainment", "weeks-under", "weeks", NULL};
			check_attrs(&rd, x, attrs);
			r->review.under_attainment = number(&rd, x, "under-attainment", 0, 10);
			r->review.weeks_under = whole(number(&rd, x, "weeks-under", 1, 52));
			r->review.weeks = whole(number(&rd, x, "weeks", 1, 52));
			seen_cadence = true;
		} else if (x->type == XML_ELEMENT_NODE && strcmp(name, "escalation") == 0 &&
			   !seen_escalation) {
			static const char *const attrs[] = {"declined-meetings", NULL};
			check_attrs(&rd, x, attrs);
			r->review.declined_meetings = whole(number(&rd, x, "declined-meetings", 1, 100));
			seen_escalation = true;
		} else if (x->type == XML_ELEMENT_NODE && strcmp(name, "health") == 0 && !seen_health) {
			static const char *const attrs[] = {"red-attainment", "amber-attainment", NULL};
			check_attrs(&rd, x, attrs);
			r->review.red_attainment = number(&rd, x, "red-attainment", 0, 10);
			r->review.amber_attainment = number(&rd, x, "amber-attainment", 0, 10);
			seen_health = true;
		} else if (x->type == XML_ELEMENT_NODE && strcmp(name, "strengths") == 0 &&
			   !seen_strengths) {
			static const char *const attrs[] = {"min-leads", NULL};
			check_attrs(&rd, x, attrs);
			r->review.strength_min_leads = number(&rd, x, "min-leads", 0, 1e6);
			load_strengths(&rd, x, &r->review);
			seen_strengths = true;
		} else if (x->type == XML_ELEMENT_NODE && strcmp(name, "goals") == 0 && !seen_goals) {
			static const char *const attrs[] = {"revenue-step", "stretch", "count-step",
							    "rate-step", "score-step", "min", "max", NULL};
			check_attrs(&rd, x, attrs);
			struct goal_rules *g = &r->review.goals;
			g->revenue_step = number(&rd, x, "revenue-step", 0, 10);
			g->stretch = number(&rd, x, "stretch", 0, 10);
			g->count_step = number(&rd, x, "count-step", 0, 10);
			g->rate_step = number(&rd, x, "rate-step", 0, 1);
			g->score_step = number(&rd, x, "score-step", 0, 10);
			double mn = number(&rd, x, "min", 1, 10), mx = number(&rd, x, "max", 1, 10);
			if (mn > mx) {
				msg_at(MSG_ERROR, path, x->line, 0, "<goals>: min (%g) is above max (%g)", mn,
				       mx);
				rd.errors++;
			}
			g->min = mn > 0 ? (size_t)mn : 0;
			g->max = mx > 0 ? (size_t)mx : 0;
			seen_goals = true;
		} else if (x->type == XML_ELEMENT_NODE && strcmp(name, "praise") == 0 && !seen_praise) {
			static const char *const attrs[] = {"growth", NULL};
			check_attrs(&rd, x, attrs);
			r->review.praise_growth = number(&rd, x, "growth", 0, 10);
			seen_praise = true;
		} else {
			msg_at(MSG_ERROR, path, x->line, 0,
			       x->type == XML_ELEMENT_NODE
				   ? "unexpected <%s>: <rules> holds portfolio, nps, survey, causes, "
				     "strengths, goals, praise, cadence, escalation and health, once each"
				   : "unexpected text in <rules>%s",
			       x->type == XML_ELEMENT_NODE ? name : "");
			rd.errors++;
		}
	}
	const struct {
		bool seen;
		const char *name;
	} need[] = {{seen_portfolio, "portfolio"}, {seen_nps, "nps"},           {seen_survey, "survey"},
		    {seen_causes, "causes"},       {seen_cadence, "cadence"},   {seen_escalation, "escalation"},
		    {seen_health, "health"},       {seen_strengths, "strengths"}, {seen_goals, "goals"},
		    {seen_praise, "praise"}};
	for (size_t i = 0; root != NULL && i < sizeof(need) / sizeof(need[0]); i++)
		if (!need[i].seen) {
			msg_at(MSG_ERROR, path, root->line, 0, "<rules> needs <%s>", need[i].name);
			rd.errors++;
		}
	xmlFreeDoc(doc);
	if (rd.errors > 0) {
		rules_free(r);
		return NULL;
	}
	r->portfolio.nps_question = r->nps_question;
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
	}
	free(r->review.causes);
	for (size_t i = 0; i < r->review.nstrengths; i++) {
		free(r->review.strengths[i].id);
		free(r->review.strengths[i].question);
		free(r->review.strengths[i].measure);
		free(r->review.strengths[i].with_cause);
	}
	free(r->review.strengths);
	free(r);
}
