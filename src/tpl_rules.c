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

struct reader {
	const char *path;
	int errors;
};

static void
xml_error(void *ctx, xmlErrorPtr e)
{
	struct reader *rd = ctx;
	char *text = xstrdup(e->message ? e->message : "XML error");
	size_t n = strlen(text);
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' '))
		text[--n] = '\0';
	msg_at(e->level == XML_ERR_WARNING ? MSG_WARNING : MSG_ERROR, rd->path, e->line, e->int2,
	       "%s", text);
	rd->errors += e->level != XML_ERR_WARNING;
	free(text);
}

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

struct rules *
rules_load(const char *path)
{
	struct reader rd = {path, 0};
	struct rules *r = xcalloc(1, sizeof(*r));
	bool seen_portfolio = false, seen_nps = false;
	if (access(path, R_OK) != 0) {
		msg_at(MSG_ERROR, path, 0, 0, "cannot read the rules: %s", strerror(errno));
		rules_free(r);
		return NULL;
	}
	xmlSetStructuredErrorFunc(&rd, xml_error);
	/* NONET and no NOENT/DTDLOAD: nothing but this file is ever read. */
	xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
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
			static const char *const attrs[] = {"class-a", "class-b", "trend-flat", NULL};
			check_attrs(&rd, x, attrs);
			r->portfolio.class_a = number(&rd, x, "class-a", 0.01, 1);
			r->portfolio.class_b = number(&rd, x, "class-b", 0.01, 1);
			r->portfolio.trend_flat = number(&rd, x, "trend-flat", 0, 1);
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
		} else {
			msg_at(MSG_ERROR, path, x->line, 0,
			       x->type == XML_ELEMENT_NODE
				   ? "unexpected <%s>: <rules> holds <portfolio> and <nps>, once each"
				   : "unexpected text in <rules>%s",
			       x->type == XML_ELEMENT_NODE ? name : "");
			rd.errors++;
		}
	}
	if (root != NULL && (!seen_portfolio || !seen_nps)) {
		msg_at(MSG_ERROR, path, root->line, 0, "<rules> needs <%s>",
		       !seen_portfolio ? "portfolio" : "nps");
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
	free(r);
}
