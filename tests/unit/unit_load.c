/* SPDX-License-Identifier: MIT */
/* Unit tests of the JSON loaders and the model's period, date and id forms. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "load.h"
#include "load_tree.h"
#include "model.h"
#include "msg.h"
#include "unit.h"

static void
test_parse_period(void)
{
	static const struct {
		const char *in;
		int want;
	} cases[] = {
	    {"2026-Q1", 20261},
	    {"2026-Q3", 20263},
	    {"2026-Q4", 20264},
	    {"1999-Q2", 19992},
	    {"2026-Q0", 0},
	    {"2026-Q5", 0},
	    {"26-Q3", 0},
	    {"2026-q3", 0},
	    {"2026Q3", 0},
	    {"2026-Q3 ", 0},
	    {" 2026-Q3", 0},
	    {"2026-Q34", 0},
	    {"", 0},
	    {"2026-3", 0},
	    {"Q3/2026", 0},
	    {"20x6-Q3", 0},
	    {"2026-QX", 0},
	    {"2026_Q3", 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = parse_period(cases[i].in);
		if (got != cases[i].want)
			fprintf(stderr, "parse_period(\"%s\") = %d, want %d\n", cases[i].in, got,
			        cases[i].want);
		CHECK(got == cases[i].want);
	}
}

static void
test_parse_date(void)
{
	static const struct {
		const char *in;
		int want;
	} cases[] = {
	    {"2026-09-14", 20260914},
	    {"2024-02-29", 20240229},
	    {"2000-02-29", 20000229},
	    {"2023-02-29", 0},
	    {"1900-02-29", 0},
	    {"2023-02-28", 20230228},
	    {"2026-04-30", 20260430},
	    {"2026-04-31", 0},
	    {"2026-12-31", 20261231},
	    {"2026-13-01", 0},
	    {"2026-00-10", 0},
	    {"2026-01-00", 0},
	    {"2026-01-32", 0},
	    {"2026-9-14", 0},
	    {"14.09.2026", 0},
	    {"2026-09-14T10:00", 0},
	    {"", 0},
	    {"2026/09/14", 0},
	    {"+026-09-14", 0},
	    {"2026-09-1a", 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = parse_date(cases[i].in);
		if (got != cases[i].want)
			fprintf(stderr, "parse_date(\"%s\") = %d, want %d\n", cases[i].in, got,
			        cases[i].want);
		CHECK(got == cases[i].want);
	}
}

static void
test_is_valid_id(void)
{
	char id64[65], id65[66];
	memset(id64, 'a', 64);
	id64[64] = '\0';
	memset(id65, 'a', 65);
	id65[65] = '\0';
	const struct {
		const char *in;
		int want;
	} cases[] = {
	    {"US-CA-014", 1},
	    {"a", 1},
	    {"9", 1},
	    {"A.b_c-d", 1},
	    {id64, 1},
	    {id65, 0},
	    {"", 0},
	    {"-US", 0},
	    {".US", 0},
	    {"_US", 0},
	    {"US CA", 0},
	    {"US/CA", 0},
	    {"M\xC3\xBCller", 0},
	    {"US-CA-014 ", 0},
	    {"x\"y", 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = is_valid_id(cases[i].in) != 0;
		if (got != cases[i].want)
			fprintf(stderr, "is_valid_id(\"%s\") = %d, want %d\n", cases[i].in, got,
			        cases[i].want);
		CHECK(got == cases[i].want);
	}
}

static void
test_period_add(void)
{
	static const struct {
		int period, n, want;
	} cases[] = {
	    {20263, 0, 20263},  {20263, 1, 20264}, {20264, 1, 20271},  {20261, -1, 20254},
	    {20263, -4, 20253}, {20263, 5, 20274}, {20261, -9, 20234}, {20264, -7, 20251},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = period_add(cases[i].period, cases[i].n);
		if (got != cases[i].want)
			fprintf(stderr, "period_add(%d, %d) = %d, want %d\n", cases[i].period,
			        cases[i].n, got, cases[i].want);
		CHECK(got == cases[i].want);
	}
}

/* Writes text to a new temporary file; returns its path (the caller frees and unlinks). */
static char *
temp_file(const char *text, size_t len)
{
	char *path = xstrdup("/tmp/unit_load_XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0) {
		perror("mkstemp");
		exit(1);
	}
	if (write(fd, text, len) != (ssize_t)len) {
		perror("write");
		exit(1);
	}
	close(fd);
	return path;
}

static void
drop_file(char *path)
{
	unlink(path);
	free(path);
}

/* Loads metrics from text; *errors gets the number of error messages it printed. */
static struct metrics *
metrics_from(const char *text, size_t *errors)
{
	char *path = temp_file(text, strlen(text));
	size_t before = msg_count(MSG_ERROR);
	struct metrics *m = load_metrics(path);
	*errors = msg_count(MSG_ERROR) - before;
	drop_file(path);
	return m;
}

static struct survey *
survey_from(const char *text, struct metrics *m, size_t *errors, size_t *warnings)
{
	char *path = temp_file(text, strlen(text));
	size_t e0 = msg_count(MSG_ERROR), w0 = msg_count(MSG_WARNING);
	struct survey *s = load_survey(path, m);
	*errors = msg_count(MSG_ERROR) - e0;
	*warnings = msg_count(MSG_WARNING) - w0;
	drop_file(path);
	return s;
}

#define HEAD                                                                                       \
	"{\"format\":\"partnerreview-metrics/1\",\"vendor\":{\"name\":\"Alpenwerk\","              \
	"\"channel_manager\":{\"name\":\"Katrin Huber\"}},"

static const char metrics_good[] = HEAD
    "\"unknown\":{\"deep\":[1,2,{\"x\":null}]},"
    "\"partners\":["
    "{\"id\":\"US-CA-014\",\"name\":\"Pacific \\u00c4rger\",\"region\":\"\",\"tier\":null,"
    "\"partner_since\":\"2024-02-29\",\"crm\":7,\"language\":\"en\","
    "\"contact\":{\"salutation\":\"Frau\",\"name\":\"Jana "
    "M\xC3\xBCller\",\"email\":\"j@x.example\"},"
    "\"sales_team\":[{\"name\":\"David Kim\"},{\"name\":\"Jennifer Walsh\",\"phone\":\"+1 5\"}],"
    "\"engagement\":{\"onsite_visit_accepted\":false,\"meetings_declined\":2},"
    "\"quarters\":["
    "{\"period\":\"2026-Q3\",\"revenue\":412500.5,\"target\":450000,\"deals_won\":9,"
    "\"reps\":[{\"name\":\"David Kim\",\"revenue\":-0}]},"
    "{\"period\":\"2025-Q4\",\"revenue\":0,\"target\":1,\"pipeline\":null},"
    "{\"period\":\"2026-Q1\",\"revenue\":5,\"target\":6,\"leads_received\":0}]},"
    "{\"id\":\"DE-BY-001\",\"name\":\"Bayern Technik\","
    "\"quarters\":[{\"period\":\"2026-Q3\",\"revenue\":1,\"target\":2}]}]}";

static void
test_metrics_good(void)
{
	size_t errors;
	struct metrics *m = metrics_from(metrics_good, &errors);
	CHECK(m != NULL);
	CHECK(errors == 0);
	if (m == NULL)
		return;
	CHECK_STR(m->vendor_name, "Alpenwerk");
	CHECK_STR(m->manager.name, "Katrin Huber");
	CHECK(m->manager.email == NULL);
	CHECK_STR(m->currency, "EUR"); /* the default */
	CHECK(m->npartners == 2);

	struct partner *p = &m->partners[0];
	CHECK(!p->failed);
	CHECK(p->index == 0);
	CHECK_STR(p->id, "US-CA-014");
	CHECK_STR(p->name, "Pacific \xC3\x84rger");
	CHECK(p->region == NULL); /* "" counts as absent */
	CHECK(p->tier == NULL);   /* null counts as absent */
	CHECK_STR(p->language, "en");
	CHECK(p->since == 20240229);
	CHECK(p->has_contact);
	CHECK(p->salutation == SAL_FRAU);
	CHECK_STR(p->contact.name, "Jana M\xC3\xBCller");
	CHECK_STR(p->contact.email, "j@x.example");
	CHECK(p->contact.phone == NULL);
	CHECK(p->nteam == 2);
	if (p->nteam == 2) {
		CHECK_STR(p->team[0].name, "David Kim");
		CHECK_STR(p->team[1].phone, "+1 5");
	}
	CHECK(p->has_engagement);
	CHECK(p->engagement.onsite_known && !p->engagement.onsite_accepted);
	CHECK(p->engagement.last_meeting == 0);
	CHECK(num_known(p->engagement.meetings_declined) &&
	      num_v(p->engagement.meetings_declined) == 2);

	/* Quarters come sorted, whatever the file's order. */
	CHECK(p->nquarters == 3);
	if (p->nquarters == 3) {
		CHECK(p->quarters[0].period == 20254);
		CHECK(p->quarters[1].period == 20261);
		CHECK(p->quarters[2].period == 20263);
		const struct quarter *q = partner_quarter(p, 20263);
		CHECK(q == &p->quarters[2]);
		CHECK(num_known(q->revenue) && num_v(q->revenue) == 412500.5);
		CHECK(num_known(q->target) && num_v(q->target) == 450000);
		CHECK(num_known(q->deals_won) && num_v(q->deals_won) == 9);
		/* Optional figures stay unset, never 0. */
		CHECK(!num_known(q->leads_received));
		CHECK(!num_known(q->pipeline));
		CHECK(!num_known(q->channel_conflicts));
		CHECK(q->nreps == 1);
		if (q->nreps == 1) {
			CHECK_STR(q->reps[0].name, "David Kim");
			CHECK(num_known(q->reps[0].revenue) && num_v(q->reps[0].revenue) == 0 &&
			      !signbit(num_v(q->reps[0].revenue)));
			CHECK(!num_known(q->reps[0].deals_won));
		}
		CHECK(num_known(p->quarters[0].revenue) && num_v(p->quarters[0].revenue) == 0);
		CHECK(!num_known(p->quarters[0].pipeline));
		CHECK(num_known(p->quarters[1].leads_received) &&
		      num_v(p->quarters[1].leads_received) == 0);
		CHECK(partner_quarter(p, 20262) == NULL);
	}

	struct partner *p2 = &m->partners[1];
	CHECK(!p2->failed);
	CHECK(p2->index == 1);
	CHECK(!p2->has_contact && p2->salutation == SAL_NONE);
	CHECK(!p2->has_engagement);
	CHECK(p2->nteam == 0 && p2->team == NULL);
	CHECK(p2->since == 0);

	CHECK(metrics_find(m, "DE-BY-001") == p2);
	CHECK(metrics_find(m, "US-CA-014") == p);
	CHECK(metrics_find(m, "us-ca-014") == NULL);
	metrics_free(m);
}

/* Escapes come out as UTF-8, surrogate pairs joined; a BOM and CR LF are fine. */
static void
test_metrics_strings(void)
{
	static const char text[] =
	    "\xEF\xBB\xBF" HEAD "\r\n\"partners\":[{\"id\":\"A\",\r\n"
	    "\"name\":\"\\ud83d\\ude00 \\\"x\\\" \\/ \\u20AC \\t\xE2\x82\xAC\",\"quarters\":"
	    "[{\"period\":\"2026-Q3\",\"revenue\":1e3,\"target\":2.5E+3}]}]}";
	size_t errors;
	struct metrics *m = metrics_from(text, &errors);
	CHECK(m != NULL && errors == 0);
	if (m == NULL)
		return;
	CHECK_STR(m->partners[0].name, "\xF0\x9F\x98\x80 \"x\" / \xE2\x82\xAC \t\xE2\x82\xAC");
	CHECK(num_v(m->partners[0].quarters[0].revenue) == 1000);
	CHECK(num_v(m->partners[0].quarters[0].target) == 2500);
	metrics_free(m);
}

static void
test_metrics_partner_failures(void)
{
	static const char text[] = HEAD
	    "\"currency\":\"USD\",\"partners\":["
	    /* 0: fine */
	    "{\"id\":\"A1\",\"name\":\"A\",\"quarters\":[{\"period\":\"2026-Q3\",\"revenue\":1,"
	    "\"target\":1}]},"
	    /* 1: negative revenue */
	    "{\"id\":\"B1\",\"name\":\"B\",\"quarters\":[{\"period\":\"2026-Q3\",\"revenue\":-5,"
	    "\"target\":1}]},"
	    /* 2: not an object */
	    "42,"
	    /* 3: bad id, name kept */
	    "{\"id\":\"-x\",\"name\":\"C\",\"quarters\":[{\"period\":\"2026-Q3\",\"revenue\":1,"
	    "\"target\":1}]},"
	    /* 4 and 5: the same id */
	    "{\"id\":\"D1\",\"name\":\"D\",\"quarters\":[{\"period\":\"2026-Q3\",\"revenue\":1,"
	    "\"target\":1}]},"
	    "{\"id\":\"D1\",\"name\":\"D "
	    "again\",\"quarters\":[{\"period\":\"2026-Q3\",\"revenue\":1,\"target\":1}]},"
	    /* 6: fractional count, zero target, duplicate period, no figures */
	    "{\"id\":\"E1\",\"name\":\"E\",\"quarters\":[{\"period\":\"2026-Q3\",\"revenue\":1,"
	    "\"target\":0,\"deals_won\":3.5},{\"period\":\"2026-Q3\",\"revenue\":1,\"target\":1}]},"
	    /* 7: empty quarters */
	    "{\"id\":\"F1\",\"name\":\"F\",\"quarters\":[]},"
	    /* 8: duplicate key */
	    "{\"id\":\"G1\",\"name\":\"G\",\"name\":\"G2\",\"quarters\":[{\"period\":\"2026-Q3\","
	    "\"revenue\":1,\"target\":1}]}"
	    "]}";
	size_t errors;
	struct metrics *m = metrics_from(text, &errors);
	CHECK(m != NULL);
	if (m == NULL)
		return;
	CHECK_STR(m->currency, "USD");
	CHECK(m->npartners == 9);
	if (m->npartners != 9) {
		metrics_free(m);
		return;
	}
	CHECK(!m->partners[0].failed);
	CHECK(m->partners[1].failed);
	CHECK_STR(m->partners[1].id, "B1");
	CHECK(m->partners[2].failed);
	CHECK(m->partners[2].id == NULL && m->partners[2].name == NULL);
	CHECK(m->partners[2].index == 2);
	CHECK(m->partners[3].failed);
	CHECK(m->partners[3].id == NULL);
	CHECK_STR(m->partners[3].name, "C");
	CHECK(m->partners[4].failed && m->partners[5].failed);
	CHECK(metrics_find(m, "D1") == &m->partners[4]);
	CHECK(m->partners[6].failed);
	CHECK(m->partners[7].failed);
	CHECK(m->partners[8].failed);
	CHECK_STR(m->partners[8].name, "G"); /* the first of a repeated key counts */
	/* revenue, not an object, id, duplicate id, target, deals_won, period, empty, key */
	CHECK(errors == 9);
	metrics_free(m);
}

static void
test_metrics_whole_file(void)
{
	static const struct {
		const char *text;
		size_t errors;
	} cases[] = {
	    {"", 1},
	    {"{\"format\":\"partnerreview-metrics/1\",", 1},
	    {"[]", 1},
	    {"{\"format\":\"partnerreview-survey/1\"}", 1},
	    {"{\"format\":\"partnerreview-metrics/1\"}", 2}, /* vendor, partners */
	    {HEAD "\"partners\":[]}", 1},
	    {HEAD "\"partners\":{}}", 1},
	    {HEAD "\"currency\":\"usd\",\"partners\":[{\"id\":\"A\",\"name\":\"A\","
	          "\"quarters\":[{\"period\":\"2026-Q3\",\"revenue\":1,\"target\":1}]}]}",
	     1},
	    /* all problems at once, the partner's too */
	    {"{\"vendor\":{\"name\":\"\",\"channel_manager\":{}},\"currency\":7,"
	     "\"partners\":[{\"id\":\"A\",\"name\":\"A\",\"quarters\":[]}]}",
	     5},
	    {"{\"a\":\"\\u0000\"}", 1},
	    {"{\"a\":1e400,\"a\":2}", 4}, /* format, vendor, partners, duplicate key */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t errors;
		struct metrics *m = metrics_from(cases[i].text, &errors);
		if (m != NULL || errors != cases[i].errors)
			fprintf(stderr, "whole-file case %zu: %s, %zu errors, want NULL, %zu\n", i,
			        m ? "loaded" : "NULL", errors, cases[i].errors);
		CHECK(m == NULL);
		CHECK(errors == cases[i].errors);
		metrics_free(m);
	}
	CHECK(load_metrics("tests/data/does-not-exist.json") == NULL);
}

static void
test_survey(void)
{
	size_t errors, warnings;
	struct metrics *m = metrics_from(metrics_good, &errors);
	CHECK(m != NULL);
	if (m == NULL)
		return;
	static const char text[] =
	    "{\"format\":\"partnerreview-survey/1\",\"tool\":\"x\","
	    "\"questions\":["
	    "{\"id\":\"overall\",\"text\":\"Insgesamt?\",\"topic\":\"overall\"},"
	    "{\"id\":\"recommend\",\"text\":\"Weiterempfehlen?\",\"scale\":{\"min\":0,\"max\":10}},"
	    "{\"id\":\"leads\",\"text\":\"Leads?\"}],"
	    "\"scale\":{\"min\":1,\"max\":6},"
	    "\"waves\":["
	    "{\"id\":\"2026-Q3\",\"closed\":\"2026-09-30\",\"responses\":["
	    /* 0: fine, one null, one missing */
	    "{\"partner_id\":\"US-CA-014\",\"respondent\":\"Jana\",\"submitted\":\"2026-09-20\","
	    "\"answers\":{\"overall\":6,\"recommend\":null},\"comment\":\"gut\",\"wish\":\"\"},"
	    /* 1: unknown partner, out of scale: warnings only, stored */
	    "{\"partner_id\":\"XX-1\",\"answers\":{\"overall\":9}},"
	    /* 2: no partner id: dropped */
	    "{\"answers\":{\"overall\":3}},"
	    /* 3: unknown question (a warning), answer of the wrong type (fails DE-BY-001) */
	    "{\"partner_id\":\"DE-BY-001\",\"answers\":{\"nope\":1,\"leads\":\"4\",\"recommend\":0}"
	    "}]},"
	    "{\"id\":\"2026-Q1\",\"responses\":[]},"
	    "{\"id\":\"2025-Q4\"}]}";
	struct survey *s = survey_from(text, m, &errors, &warnings);
	CHECK(s != NULL);
	CHECK(errors == 1);
	CHECK(warnings == 4); /* unknown partner, its bad answer, no partner id, unknown question */
	if (s == NULL) {
		metrics_free(m);
		return;
	}
	CHECK(s->scale_min == 1 && s->scale_max == 6);
	CHECK(s->nquestions == 3);
	CHECK_STR(s->questions[0].id, "overall");
	CHECK_STR(s->questions[0].topic, "overall");
	CHECK(s->questions[0].scale_min == 1 && s->questions[0].scale_max == 6);
	CHECK(s->questions[1].scale_min == 0 && s->questions[1].scale_max == 10);
	CHECK(s->questions[1].topic == NULL);
	CHECK(s->nwaves == 3);
	CHECK(s->waves[0].period == 20254 && s->waves[1].period == 20261);
	CHECK(s->waves[2].period == 20263);
	CHECK(s->waves[0].nresponses == 0 && s->waves[0].responses == NULL);
	const struct wave *w = &s->waves[2];
	CHECK(w->closed == 20260930);
	CHECK(w->nresponses == 3);
	if (w->nresponses == 3) {
		const struct response *r = &w->responses[0];
		CHECK(r->partner == &m->partners[0]);
		CHECK_STR(r->respondent, "Jana");
		CHECK(r->submitted == 20260920);
		CHECK(num_known(r->answers[0]) && num_v(r->answers[0]) == 6);
		CHECK(!num_known(r->answers[1])); /* null */
		CHECK(!num_known(r->answers[2])); /* missing */
		CHECK_STR(r->comment, "gut");
		CHECK(r->wish == NULL);

		r = &w->responses[1];
		CHECK_STR(r->partner_id, "XX-1");
		CHECK(r->partner == NULL);
		CHECK(!num_known(r->answers[0]));

		r = &w->responses[2];
		CHECK(r->partner == &m->partners[1]);
		CHECK(!num_known(r->answers[2]));
		CHECK(num_known(r->answers[1]) && num_v(r->answers[1]) == 0);
	}
	CHECK(!m->partners[0].failed);
	CHECK(m->partners[1].failed);
	survey_free(s);

	/* Without metrics nothing is linked and nothing warned about. */
	s = survey_from(text, NULL, &errors, &warnings);
	CHECK(s != NULL);
	CHECK(errors == 2 && warnings == 2);
	if (s != NULL)
		CHECK(s->waves[2].nresponses == 3 && s->waves[2].responses[0].partner == NULL);
	survey_free(s);
	metrics_free(m);
}

static void
test_survey_whole_file(void)
{
	static const struct {
		const char *text;
		size_t errors;
	} cases[] = {
	    {"{\"format\":\"partnerreview-metrics/1\"}", 1},
	    {"{\"format\":\"partnerreview-survey/1\"}", 2}, /* questions, waves */
	    {"{\"format\":\"partnerreview-survey/1\",\"questions\":[{\"id\":\"a\",\"text\":\"A\"},"
	     "{\"id\":\"a\",\"text\":\"B\",\"scale\":{\"min\":5,\"max\":1}}],\"waves\":[]}",
	     2},
	    {"{\"format\":\"partnerreview-survey/1\",\"scale\":{\"min\":1},\"questions\":[],"
	     "\"waves\":[{\"id\":\"2026-Q3\"},{\"id\":\"2026-Q3\"},{\"id\":\"x\"}]}",
	     3},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t errors, warnings;
		struct survey *s = survey_from(cases[i].text, NULL, &errors, &warnings);
		if (s != NULL || errors != cases[i].errors)
			fprintf(stderr,
			        "survey whole-file case %zu: %s, %zu errors, want NULL, %zu\n", i,
			        s ? "loaded" : "NULL", errors, cases[i].errors);
		CHECK(s == NULL);
		CHECK(errors == cases[i].errors);
		survey_free(s);
	}
}

/*
 * A metrics file of many partners, read element by element: several megabytes, so
 * that pages are given back on the way. Each partner is written on its own line.
 */
static char *
many_partners(size_t n, size_t negative, size_t dup_of, size_t dup_at, size_t syntax_at,
              size_t *len)
{
	struct sbuf b = {0};
	sbuf_adds(&b, HEAD "\"partners\":[\n");
	for (size_t i = 0; i < n; i++) {
		size_t id = i == dup_at ? dup_of : i;
		sbuf_printf(&b,
		            "%s{\"id\":\"P%06zu\",\"name\":\"M\\u00fcller & S\xC3\xB6hne %zu\","
		            "\"sales_team\":[{\"name\":\"Jana\"},{\"name\":\"Jos\xC3\xA9\"}],"
		            "\"quarters\":[{\"period\":\"2026-Q2\",\"revenue\":%zu,\"target\":500,"
		            "\"reps\":[{\"name\":\"Jana\",\"revenue\":1}]},{\"period\":\"2026-Q3\","
		            "\"revenue\":%s,\"target\":%s}]}\n",
		            i ? "," : "", id, i, i, i == negative ? "-1" : "100",
		            i == syntax_at ? "1e" : "200");
	}
	sbuf_adds(&b, "]}\n");
	*len = b.len;
	return sbuf_take(&b);
}

/* Loads path with the messages kept in *out (shown, not counted away). */
static struct metrics *
metrics_captured(const char *path, struct sbuf *out)
{
	enum msg_level old = msg_threshold(MSG_NOTE);
	msg_capture(out);
	struct metrics *m = load_metrics(path);
	msg_capture(NULL);
	msg_threshold(old);
	return m;
}

static void
test_metrics_many(void)
{
	enum { N = 30000 };
	size_t len;
	char *text = many_partners(N, 21000, 7, 29000, SIZE_MAX, &len);
	CHECK(len > 4u << 20);
	char *path = temp_file(text, len);
	free(text);
	struct sbuf out = {0};
	struct metrics *m = metrics_captured(path, &out);
	CHECK(m != NULL);
	if (m != NULL) {
		CHECK(m->npartners == N);
		size_t failed = 0;
		for (size_t i = 0; i < m->npartners; i++)
			failed += m->partners[i].failed;
		CHECK(failed == 3);
		CHECK(m->partners[7].failed && m->partners[21000].failed &&
		      m->partners[29000].failed);
		CHECK_STR(m->partners[N - 1].id, "P029999");
		CHECK_STR(m->partners[N - 1].name, "M\xC3\xBCller & S\xC3\xB6hne 29999");
		CHECK(m->partners[N - 1].nquarters == 2 &&
		      m->partners[N - 1].quarters[0].period == 20262);
		CHECK(num_v(m->partners[12345].quarters[0].revenue) == 12345);
		CHECK(m->partners[12345].nteam == 2);
		CHECK_STR(m->partners[12345].quarters[0].reps[0].name, "Jana");
	}
	char *want = xasprintf("partnerreview: %s: partners[21000].quarters[1].revenue: error: "
	                       "must not be negative, got -1\n"
	                       "partnerreview: %s: partners[29000].id: error: duplicate id "
	                       "\"P000007\", first at partners[7]\n",
	                       path, path);
	CHECK_STR(out.s, want);
	free(want);
	sbuf_free(&out);
	metrics_free(m);

	/* A syntax error near the end: the whole file is refused, with its line and column. */
	text = many_partners(N, 5, SIZE_MAX, SIZE_MAX, 29990, &len);
	drop_file(path);
	path = temp_file(text, len);
	free(text);
	m = metrics_captured(path, &out);
	CHECK(m == NULL);
	/* Line 1 is the head; partner i is on line i + 2. */
	want = xasprintf("partnerreview: %s:29992:242: error: invalid JSON: invalid number '1e'\n",
	                 path);
	CHECK_STR(out.s, want);
	free(want);
	sbuf_free(&out);
	drop_file(path);
}

/* The optional language of a partner's report, in both forms: kept in the model, checked. */
static void
test_language(void)
{
	static const struct {
		const char *lang; /* the value in the file; NULL: none */
		const char *want; /* in the model */
		bool failed;
	} cases[] = {
	    {"en", "en", false}, {"de", "de", false}, {NULL, NULL, false}, {"", NULL, false},
	    {"EN", NULL, true},  {"eng", NULL, true}, {"e", NULL, true},   {"d\u00e9", NULL, true},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char lang[40] = "";
		if (cases[i].lang != NULL)
			snprintf(lang, sizeof(lang), "\"language\":\"%s\",", cases[i].lang);
		char *text = xasprintf(HEAD "\"partners\":[{\"id\":\"P1\",\"name\":\"N\",%s"
		                            "\"quarters\":[{\"period\":\"2026-Q3\",\"revenue\":1,"
		                            "\"target\":2}]}]}",
		                       lang);
		size_t errors;
		struct metrics *m = metrics_from(text, &errors);
		free(text);
		CHECK(m != NULL && m->npartners == 1);
		if (m != NULL && m->npartners == 1) {
			CHECK(m->partners[0].failed == cases[i].failed);
			CHECK(errors == (cases[i].failed ? 1u : 0u));
			if (cases[i].want != NULL)
				CHECK_STR(m->partners[0].language, cases[i].want);
			else
				CHECK(m->partners[0].language == NULL);
		}
		metrics_free(m);
	}
	/* The CSV form's column: the same value on each of a partner's rows, or on one. */
	const char *csv = "vendor_name,channel_manager_name,partner_id,name,language,period,revenue,"
	                  "target\n"
	                  "A,K,P1,N,,2026-Q2,1,2\nA,K,P1,N,fr,2026-Q3,1,2\nA,K,P2,M,,2026-Q3,1,2\n";
	char *path = temp_file(csv, strlen(csv));
	char *named = xasprintf("%s.csv", path);
	CHECK(rename(path, named) == 0);
	struct metrics *m = load_metrics(named);
	CHECK(m != NULL && m->npartners == 2);
	if (m != NULL && m->npartners == 2) {
		CHECK_STR(m->partners[0].language, "fr");
		CHECK(m->partners[1].language == NULL);
	}
	metrics_free(m);
	unlink(named);
	free(named);
	free(path);
}

/*
 * Inputs must be regular files: a FIFO is refused at once (opening it for reading
 * waited for a writer, and what it sent had no end), and so are a folder and a device.
 */
static void
test_metrics_not_regular(void)
{
	char fifo[] = "/tmp/unit_load_fifo_XXXXXX";
	int fd = mkstemp(fifo);
	CHECK(fd >= 0);
	close(fd);
	unlink(fifo);
	CHECK(mkfifo(fifo, 0600) == 0);
	static const char *const kinds[][2] = {
	    {NULL, "a FIFO (a named pipe)"},
	    {"/tmp", "a folder"},
	    {"/dev/zero", "a character device"},
	};
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		const char *path = kinds[i][0] != NULL ? kinds[i][0] : fifo;
		struct sbuf out = {0};
		struct metrics *m = metrics_captured(path, &out);
		CHECK(m == NULL);
		char *want = xasprintf("partnerreview: error: cannot read %s: it is %s; inputs must "
		                       "be regular files\n",
		                       path, kinds[i][1]);
		CHECK_STR(out.s, want);
		CHECK_STR(load_not_regular(path), kinds[i][1]);
		free(want);
		sbuf_free(&out);
	}
	CHECK(load_not_regular("samples/metrics.json") == NULL);
	CHECK(load_not_regular("tests/data/does-not-exist.json") == NULL);
	unlink(fifo);
}

/* Many responses in several waves, read one at a time, linked to their partners. */
static void
test_survey_many(void)
{
	enum { N = 3000 };
	size_t len;
	char *text = many_partners(N, SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX, &len);
	char *mpath = temp_file(text, len);
	free(text);
	struct metrics *m = load_metrics(mpath);
	drop_file(mpath);
	CHECK(m != NULL);
	if (m == NULL)
		return;
	struct sbuf b = {0};
	sbuf_adds(&b, "{\"format\":\"partnerreview-survey/1\",\"questions\":[{\"id\":\"q\","
	              "\"text\":\"Q?\"}],\"waves\":[");
	for (int w = 0; w < 3; w++) {
		sbuf_printf(&b, "%s{\"id\":\"2026-Q%d\",\"responses\":[", w ? "," : "", w + 1);
		for (size_t i = 0; i < N; i++)
			sbuf_printf(&b,
			            "%s{\"partner_id\":\"P%06zu\",\"answers\":{\"q\":%s},"
			            "\"comment\":\"Die Ersatzteile kommen zu sp\xC3\xA4t\"}\n",
			            i ? "," : "", (i * 7 + (size_t)w) % (N + 1),
			            w == 2 && i == 2500 ? "6" : "3");
		sbuf_adds(&b, "]}");
	}
	sbuf_adds(&b, "]}");
	char *spath = temp_file(b.s, b.len);
	sbuf_free(&b);
	struct sbuf out = {0};
	enum msg_level old = msg_threshold(MSG_NOTE);
	msg_capture(&out);
	struct survey *s = load_survey(spath, m);
	msg_capture(NULL);
	msg_threshold(old);
	CHECK(s != NULL);
	if (s != NULL) {
		CHECK(s->nwaves == 3);
		for (size_t w = 0; w < s->nwaves; w++)
			CHECK(s->waves[w].nresponses == N);
		const struct response *r = &s->waves[1].responses[10];
		CHECK_STR(r->partner_id, "P000071");
		CHECK(r->partner == &m->partners[71]);
		CHECK(num_known(r->answers[0]) && num_v(r->answers[0]) == 3);
		CHECK(m->partners[(2500 * 7 + 2) % (N + 1)].failed);
	}
	/* (i * 7 + w) % 3001 hits 3000, no partner, once per wave. */
	CHECK(out.s != NULL && strstr(out.s, "waves[2].responses[2500].answers.q: error: 6 is "
	                                     "outside the scale 1..5\n") != NULL);
	CHECK(out.s != NULL && strstr(out.s, "partner \"P003000\" is not in") != NULL);
	sbuf_free(&out);
	survey_free(s);
	drop_file(spath);
	metrics_free(m);
}

/* The value cJSON's own parse gives the number text s, and where it stops. */
static bool
cjson_number(const char *s, double *v, size_t *len)
{
	const char *stop = NULL;
	cJSON *c = cJSON_ParseWithLengthOpts(s, strlen(s), &stop, 0);
	bool ok = c != NULL && cJSON_IsNumber(c);
	if (ok) {
		*v = c->valuedouble;
		*len = (size_t)(stop - s);
	}
	cJSON_Delete(c);
	return ok;
}

/* load_plain_number against cJSON's parse: the same double bit for bit, or no answer. */
static void
check_plain(const char *s, bool want_plain)
{
	const char *stop = NULL;
	double got = 0, want = 0;
	size_t len = 0;
	bool plain = load_plain_number(s, s + strlen(s), &stop, &got);
	if (plain != want_plain)
		fprintf(stderr, "load_plain_number(\"%s\"): %s\n", s, plain ? "read" : "left");
	CHECK(plain == want_plain);
	if (!plain)
		return;
	CHECK(cjson_number(s, &want, &len));
	if (memcmp(&got, &want, sizeof(got)) != 0 || (size_t)(stop - s) != len)
		fprintf(stderr, "load_plain_number(\"%s\") = %.17g, cJSON %.17g\n", s, got, want);
	CHECK(memcmp(&got, &want, sizeof(got)) == 0 && (size_t)(stop - s) == len);
}

static void
test_plain_number(void)
{
	static const char *const plain[] = {"0",
	                                    "-0",
	                                    "0.0",
	                                    "-0.0",
	                                    "7",
	                                    "412500",
	                                    "412500.5",
	                                    "0.1",
	                                    "0.3",
	                                    "-2.675",
	                                    "1.15",
	                                    "123456789012345",
	                                    "9007199254740992",
	                                    "900719925474099.2",
	                                    "0.000000000000000001",
	                                    "-0.000000000000000005",
	                                    "123456.7890123456",
	                                    "2]",
	                                    "35,",
	                                    "17}",
	                                    "4.5 ",
	                                    "0.3000000000000004"};
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		check_plain(plain[i], true);
	/* Past 2^53, 19 digits or 22 places, or with an exponent: cJSON's. */
	static const char *const other[] = {"9007199254740993",
	                                    "1234567890123456789",
	                                    "0.1234567890123456789",
	                                    "0.30000000000000004",
	                                    "0.0000000000000000000001",
	                                    "12345678901234567890",
	                                    "1e5",
	                                    "1E-3",
	                                    "2.5e+10",
	                                    "-",
	                                    "x",
	                                    "",
	                                    "\"1\"",
	                                    "null",
	                                    "-.5"};
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		check_plain(other[i], false);
	/* Random ones of every length and point. */
	unsigned long long x = 88172645463325252ULL;
	for (int k = 0; k < 200000; k++) {
		char s[40];
		size_t n = 0;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		int digits = 1 + (int)(x % 19), point = (int)((x >> 8) % (unsigned)(digits + 1));
		if ((x >> 16) & 1)
			s[n++] = '-';
		for (int d = 0; d < digits; d++) {
			if (d == point && d > 0)
				s[n++] = '.';
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			/* No leading zero before other digits (JSON has none). */
			s[n++] =
			    (char)('0' + (d == 0 && point != 1 && digits > 1 ? 1 + x % 9 : x % 10));
		}
		s[n] = '\0';
		const char *stop;
		double v;
		if (load_plain_number(s, s + n, &stop, &v))
			check_plain(s, true);
		else
			CHECK(digits > 15); /* only past 2^53 */
	}
}

int
main(void)
{
	/* The loaders' messages are counted, not shown. */
	msg_threshold(MSG_LEVELS);
	test_parse_period();
	test_parse_date();
	test_is_valid_id();
	test_period_add();
	test_metrics_good();
	test_metrics_strings();
	test_metrics_partner_failures();
	test_metrics_whole_file();
	test_survey();
	test_survey_whole_file();
	test_metrics_many();
	test_metrics_not_regular();
	test_language();
	test_survey_many();
	test_plain_number();
	metrics_free(NULL);
	survey_free(NULL);
	return UNIT_DONE();
}
