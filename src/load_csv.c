/* SPDX-License-Identifier: MIT */
/* Reads the CSV form of metrics, survey and passwords (input-format.md, "CSV form"; README) into the model; the grammar is load_csv_grammar.c. */
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "load.h"
#include "load_csv.h"
#include "load_int.h"
#include "mem.h"
#include "msg.h"

/* ---------------------------------------------------------------------------
 * Cells and their messages: FILE:LINE: COLUMN: message.
 * ------------------------------------------------------------------------- */

/* Where problems go: a whole-file one, one that fails a partner, or a warning. */
enum scope { SC_FILE, SC_ITEM, SC_SOFT };

struct reader {
	struct csv csv;
	struct arena *arena;
	const struct column *cols;
	size_t at[40]; /* each known column's position, SIZE_MAX when absent */
	long header_line;
	enum scope scope;
	size_t fatal, local; /* problems of the file, of the current item */
};

static void report_at(struct reader *r, long line, const char *col, const char *fmt, ...)
    PR_PRINTF(4, 5);

static void
report_at(struct reader *r, long line, const char *col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = xvasprintf(fmt, ap);
	va_end(ap);
	char *where = line > 0 ? xasprintf("%s:%ld", r->csv.path, line) : xstrdup(r->csv.path);
	msg_path(r->scope == SC_SOFT ? MSG_WARNING : MSG_ERROR, where, col, "%s", text);
	free(where);
	free(text);
	if (r->scope == SC_FILE)
		r->fatal++;
	else
		r->local++;
}

/* The current row's cell of known column k; "" when the file has no such column. */
static const char *
cell(struct reader *r, size_t k)
{
	return r->at[k] == SIZE_MAX ? "" : csv_cell(&r->csv, r->at[k]);
}

/* A figure read from a cell: known, -0 as 0 (nothing downstream prints a minus sign for it). */
static struct num
known(double v)
{
	return num_of(v + 0.0);
}

/*
 * A number as the file writes it: with ',' between cells, -1234.5; with ';', the
 * German -1.234,5 (dots only between groups of three digits) or -1234,5. A dot in
 * a ';' file is never read as a decimal point: 1.250 is 1250 there, and 1.5 is
 * refused, rather than misread. false when s is none.
 */
static bool
parse_number(const char *s, bool german, double *out)
{
	char buf[80];
	size_t o = 0, digits = 0;
	const char *p = s;
	if (*p == '-')
		buf[o++] = *p++;
	size_t group = 0;
	bool grouped = false;
	while ((*p >= '0' && *p <= '9') || (german && *p == '.')) {
		if (*p == '.') {
			/* 1 to 3 digits first, then exactly three after each dot. */
			if (group == 0 || group > 3 || (grouped && group != 3))
				return false;
			grouped = true;
			group = 0;
			p++;
			continue;
		}
		if (o >= 60)
			return false;
		buf[o++] = *p++;
		group++;
		digits++;
	}
	if (digits == 0 || (grouped && group != 3))
		return false;
	if (*p == (german ? ',' : '.')) {
		p++;
		buf[o++] = '.';
		size_t frac = 0;
		while (*p >= '0' && *p <= '9' && o < 75) {
			buf[o++] = *p++;
			frac++;
		}
		if (frac == 0)
			return false;
	}
	if (*p != '\0')
		return false;
	buf[o] = '\0';
	*out = strtod(buf, NULL);
	return isfinite(*out);
}

/*
 * The number in column k's cell of kind (LOAD_*, or -1 for any finite number);
 * false when the cell is empty or bad (bad is reported).
 */
static bool
get_number(struct reader *r, size_t k, int kind, double *out)
{
	char q[MSG_QUOTE_SIZE], why[LOAD_WHY_SIZE];
	const char *s = cell(r, k);
	if (*s == '\0')
		return false;
	bool german = r->csv.sep == ';';
	if (!parse_number(s, german, out)) {
		double alt;
		bool dot = german && strchr(s, '.') != NULL && parse_number(s, false, &alt);
		report_at(r, r->csv.row_line, r->cols[k].name, "expected %s, got %s%s",
		          kind == LOAD_COUNT ? "a whole number" : "a number", msg_quote(q, s),
		          dot ? "; in a file separated by ';' the decimal mark is ',' and '.' "
		                "groups thousands"
		              : "");
		return false;
	}
	if (kind >= 0 &&
	    load_check_figure((enum load_figure)kind, *out, why, sizeof(why)) != NULL) {
		report_at(r, r->csv.row_line, r->cols[k].name, "%s", why);
		return false;
	}
	return true;
}

/* A date: YYYY-MM-DD, or DD.MM.YYYY (D.M.YYYY) as German spreadsheets write it; 0 when empty or bad. */
static int
get_date(struct reader *r, size_t k)
{
	char q[MSG_QUOTE_SIZE];
	const char *s = cell(r, k);
	if (*s == '\0')
		return 0;
	int date = parse_date(s);
	if (date == 0) {
		/* 14.09.2019, or 1.2.2026 as typed: day and month in one or two digits, year in four. */
		unsigned v[3] = {0, 0, 0};
		size_t len[3] = {0, 0, 0};
		const char *p = s;
		bool form = true;
		for (int i = 0; i < 3 && form; i++) {
			for (; *p >= '0' && *p <= '9' && len[i] < 4; p++, len[i]++)
				v[i] = v[i] * 10 + (unsigned)(*p - '0');
			form = len[i] >= 1 &&
			       (i < 2 ? len[i] <= 2 && *p++ == '.' : len[i] == 4 && *p == '\0');
		}
		if (form) {
			char iso[16];
			snprintf(iso, sizeof(iso), "%04u-%02u-%02u", v[2], v[1], v[0]);
			date = parse_date(iso);
		}
	}
	if (date == 0)
		report_at(r, r->csv.row_line, r->cols[k].name,
		          "invalid date %s; expected an existing date YYYY-MM-DD or DD.MM.YYYY",
		          msg_quote(q, s));
	return date;
}

/* A period YYYY-Qn; 0 when empty (reported when required) or bad (reported). */
static int
get_period(struct reader *r, size_t k, bool required)
{
	char q[MSG_QUOTE_SIZE];
	const char *s = cell(r, k);
	if (*s == '\0') {
		if (required)
			report_at(r, r->csv.row_line, r->cols[k].name, "required field is missing");
		return 0;
	}
	int period = parse_period(s);
	if (period == 0)
		report_at(r, r->csv.row_line, r->cols[k].name,
		          "invalid period %s; expected YYYY-Qn with n from 1 to 4",
		          msg_quote(q, s));
	return period;
}

/* Whether text s of column col is within its kind's length; reported when not. */
static bool
text_ok(struct reader *r, const char *col, const char *s, enum load_text_kind kind)
{
	char why[LOAD_WHY_SIZE];
	if (load_check_text(kind, s, why, sizeof(why)) == NULL)
		return true;
	report_at(r, r->csv.row_line, col, "%s", why);
	return false;
}

/* A repeated column whose value differs from the one first given, on line first. */
static void
differs(struct reader *r, size_t k, long first)
{
	char q[MSG_QUOTE_SIZE];
	report_at(r, r->csv.row_line, r->cols[k].name,
	          "%s differs from line %ld; a value repeated on several rows must agree",
	          msg_quote(q, cell(r, k)), first);
}

/*
 * Text of column k into *dst, the first non-empty value counting; *line is where
 * it was given (-1: a value too long, reported). A later different value is reported.
 */
static void
agree_text(struct reader *r, size_t k, char **dst, long *line)
{
	const char *s = cell(r, k);
	/* A value too long is said once; *line -1 keeps its column from "missing". */
	if (*s == '\0' || *line < 0)
		return;
	if (!text_ok(r, r->cols[k].name, s, LOAD_NAME)) {
		*line = -1;
		return;
	}
	if (*dst == NULL) {
		*dst = arena_strdup(r->arena, s);
		*line = r->csv.row_line;
	} else if (strcmp(*dst, s) != 0) {
		differs(r, k, *line);
	}
}

/* As agree_text, for a number of kind (see get_number); a bad one leaves *line -1. */
static void
agree_num(struct reader *r, size_t k, int kind, struct num *dst, long *line)
{
	double v;
	if (*cell(r, k) == '\0')
		return;
	if (!get_number(r, k, kind, &v)) {
		if (*line == 0)
			*line = -1;
		return;
	}
	if (!num_known(*dst)) {
		*dst = known(v);
		*line = r->csv.row_line;
	} else if (num_v(*dst) != v + 0.0) {
		differs(r, k, *line);
	}
}

/* As agree_text, for a date. */
static void
agree_date(struct reader *r, size_t k, int *dst, long *line)
{
	int d = get_date(r, k);
	if (d == 0)
		return;
	if (*dst == 0) {
		*dst = d;
		*line = r->csv.row_line;
	} else if (*dst != d) {
		differs(r, k, *line);
	}
}

/* ---------------------------------------------------------------------------
 * Strings to indices (partners by id), open addressing.
 * ------------------------------------------------------------------------- */

struct strmap {
	const char **key;
	size_t *val;
	size_t mask, n;
};

static size_t
strmap_slot(const struct strmap *m, const char *key)
{
	size_t i = load_hash(key) & m->mask;
	while (m->key[i] != NULL && strcmp(m->key[i], key) != 0)
		i = (i + 1) & m->mask;
	return i;
}

/* The value of key, or SIZE_MAX. */
static size_t
strmap_get(const struct strmap *m, const char *key)
{
	if (m->key == NULL)
		return SIZE_MAX;
	size_t i = strmap_slot(m, key);
	return m->key[i] != NULL ? m->val[i] : SIZE_MAX;
}

/* Adds key (borrowed: it must live as long as m) with val. */
static void
strmap_put(struct strmap *m, const char *key, size_t val)
{
	if (2 * (m->n + 1) > m->mask) {
		struct strmap old = *m;
		m->mask = old.mask ? old.mask * 2 + 1 : 63;
		m->key = xcalloc(m->mask + 1, sizeof(*m->key));
		m->val = xcalloc(m->mask + 1, sizeof(*m->val));
		m->n = 0;
		for (size_t i = 0; old.key != NULL && i <= old.mask; i++)
			if (old.key[i] != NULL)
				strmap_put(m, old.key[i], old.val[i]);
		free(old.key);
		free(old.val);
	}
	size_t i = strmap_slot(m, key);
	m->key[i] = key;
	m->val[i] = val;
	m->n++;
}

static void
strmap_free(struct strmap *m)
{
	free(m->key);
	free(m->val);
	memset(m, 0, sizeof(*m));
}

/* ---------------------------------------------------------------------------
 * metrics.csv: one row per partner and quarter, and one more per rep.
 * ------------------------------------------------------------------------- */

enum mcol {
	/* the file's: the same on every row */
	M_VENDOR,
	M_CM_NAME,
	M_CM_EMAIL,
	M_CM_PHONE,
	M_CURRENCY,
	/* the partner's: the same on each of its rows */
	M_ID,
	M_NAME,
	M_REGION,
	M_TIER,
	M_LANGUAGE,
	M_SINCE,
	M_SALUTATION,
	M_CONTACT_NAME,
	M_CONTACT_EMAIL,
	M_CONTACT_PHONE,
	M_TEAM,
	M_ONSITE,
	M_LAST_MEETING,
	M_DECLINED,
	/* the quarter's: the same on each row of that partner and period */
	M_PERIOD,
	M_REVENUE,
	M_TARGET,
	M_LEADS,
	M_FOLLOWED,
	M_DEALS,
	M_PIPELINE,
	M_CERTIFIED,
	M_TICKETS,
	M_CONFLICTS,
	/* a rep's row */
	M_REP,
	M_REP_REVENUE,
	M_REP_DEALS,
	M_COLUMNS
};

static const struct column metrics_columns[M_COLUMNS] = {
    [M_VENDOR] = {"vendor_name", true},
    [M_CM_NAME] = {"channel_manager_name", true},
    [M_CM_EMAIL] = {"channel_manager_email", false},
    [M_CM_PHONE] = {"channel_manager_phone", false},
    [M_CURRENCY] = {"currency", false},
    [M_ID] = {"partner_id", true},
    [M_NAME] = {"name", true},
    [M_REGION] = {"region", false},
    [M_TIER] = {"tier", false},
    [M_LANGUAGE] = {"language", false},
    [M_SINCE] = {"partner_since", false},
    [M_SALUTATION] = {"contact_salutation", false},
    [M_CONTACT_NAME] = {"contact_name", false},
    [M_CONTACT_EMAIL] = {"contact_email", false},
    [M_CONTACT_PHONE] = {"contact_phone", false},
    [M_TEAM] = {"sales_team", false},
    [M_ONSITE] = {"onsite_visit_accepted", false},
    [M_LAST_MEETING] = {"last_meeting", false},
    [M_DECLINED] = {"meetings_declined", false},
    [M_PERIOD] = {"period", true},
    [M_REVENUE] = {"revenue", true},
    [M_TARGET] = {"target", true},
    [M_LEADS] = {"leads_received", false},
    [M_FOLLOWED] = {"leads_followed_up", false},
    [M_DEALS] = {"deals_won", false},
    [M_PIPELINE] = {"pipeline", false},
    [M_CERTIFIED] = {"certified_reps", false},
    [M_TICKETS] = {"service_tickets", false},
    [M_CONFLICTS] = {"channel_conflicts", false},
    [M_REP] = {"rep_name", false},
    [M_REP_REVENUE] = {"rep_revenue", false},
    [M_REP_DEALS] = {"rep_deals_won", false},
};

/*
 * Where a partner's columns (M_ID..M_DECLINED) and a quarter's (M_PERIOD..M_CONFLICTS)
 * were first given: one of these per partner and quarter while the file is read, so
 * they hold their own columns only.
 */
#define PLINE(pr, k) ((pr)->line[(k)-M_ID])
#define QLINE(qr, k) ((qr)->line[(k)-M_PERIOD])

/* A quarter being gathered from its rows. */
struct qrows {
	struct quarter q;
	long first;                            /* its first row */
	long line[M_CONFLICTS + 1 - M_PERIOD]; /* where each figure was first given */
	long *rep_line;                        /* where each rep was given */
	size_t capreps;
	struct strmap *repmap; /* the reps by name, once there are many (else NULL) */
};

/* A partner being gathered from its rows. */
struct prows {
	struct partner p;
	char *key;       /* partner_id as written: it groups the rows (malloc'ed) */
	char *team_cell; /* sales_team as first given (malloc'ed) */
	long first;      /* its first row */
	long line[M_DECLINED + 1 - M_ID]; /* where each column was first given */
	struct qrows *q;
	size_t nq, capq;
};

struct mreader {
	struct reader r;
	struct metrics *m;
	long line[M_COLUMNS]; /* where each file column was first given */
	struct prows *p;
	size_t np, capp;
	struct strmap ids;
};

/*
 * xgrow, starting at first elements rather than 8: a partner has a few quarters, a
 * quarter a few reps, and ten thousand partners' room for eight would be most of
 * the peak (the rows are gathered beside the model).
 */
static void
grow_from(void *items_ptr, size_t *cap, size_t n, size_t sz, size_t first)
{
	void **items = items_ptr;
	if (*cap == 0 && n == 0) {
		*items = xcalloc(first, sz);
		*cap = first;
		return;
	}
	xgrow(items_ptr, cap, n, sz);
}

/* One sales-team member: "Name" or "Name <email>", as a mail program writes them. */
static bool
parse_member(struct reader *r, char *s, struct person *out)
{
	char q[MSG_QUOTE_SIZE];
	/* Spaces around the member ("Anna <a@x> | Tom"), before its parts are taken apart. */
	while (*s == ' ' || *s == '\t')
		s++;
	size_t len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		s[--len] = '\0';
	char *lt = strchr(s, '<');
	char *email = NULL;
	if (lt != NULL) {
		char *gt = strchr(lt, '>');
		if (gt == NULL || gt[1] != '\0' || gt == lt + 1) {
			report_at(r, r->csv.row_line, "sales_team",
			          "expected \"Name\" or \"Name <email>\", got %s", msg_quote(q, s));
			return false;
		}
		*gt = '\0';
		email = lt + 1;
		*lt = '\0';
	}
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0') {
		report_at(r, r->csv.row_line, "sales_team", "a member without a name");
		return false;
	}
	if (!text_ok(r, "sales_team", s, LOAD_NAME) ||
	    (email != NULL && !text_ok(r, "sales_team", email, LOAD_NAME)))
		return false;
	out->name = arena_strdup(r->arena, s);
	out->email = email != NULL ? arena_strdup(r->arena, email) : NULL;
	return true;
}

/*
 * sales_team: the members separated by '|' or ';' (Outlook's way of listing
 * recipients; in a ';' file the cell is quoted, as spreadsheets do by themselves).
 */
static void
read_team(struct reader *r, struct prows *pr)
{
	const char *s = cell(r, M_TEAM);
	if (*s == '\0')
		return;
	if (pr->team_cell != NULL) {
		/* The list is one value, compared as written. */
		if (strcmp(pr->team_cell, s) != 0)
			differs(r, M_TEAM, PLINE(pr, M_TEAM));
		return;
	}
	PLINE(pr, M_TEAM) = r->csv.row_line;
	pr->team_cell = xstrdup(s);
	char *copy = xstrdup(s);
	size_t n = 1;
	for (const char *t = copy; *t != '\0'; t++)
		n += *t == '|' || *t == ';';
	pr->p.team = arena_alloc_aligned(r->arena, n * sizeof(*pr->p.team), MODEL_ALIGN);
	for (char *tok = strtok(copy, "|;"); tok != NULL; tok = strtok(NULL, "|;")) {
		bool blank = true;
		for (const char *t = tok; *t != '\0' && blank; t++)
			blank = *t == ' ' || *t == '\t';
		if (!blank && parse_member(r, tok, &pr->p.team[pr->p.nteam]))
			pr->p.nteam++;
	}
	free(copy);
}

/* true, false, or what German and English spreadsheets write for them. */
static int
parse_bool(const char *s)
{
	static const char *const yes[] = {"true", "wahr", "ja", "yes", "1", "x"};
	static const char *const no[] = {"false", "falsch", "nein", "no", "0"};
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	return -1;
}

static void
read_partner_columns(struct mreader *mr, struct prows *pr)
{
	struct reader *r = &mr->r;
	struct partner *p = &pr->p;
	char q[MSG_QUOTE_SIZE];
	agree_text(r, M_NAME, &p->name, &PLINE(pr, M_NAME));
	agree_text(r, M_REGION, &p->region, &PLINE(pr, M_REGION));
	agree_text(r, M_TIER, &p->tier, &PLINE(pr, M_TIER));
	const char *lang = cell(r, M_LANGUAGE);
	char why[LOAD_WHY_SIZE];
	if (*lang != '\0' && load_check_language(lang, why, sizeof(why)) != NULL)
		report_at(r, r->csv.row_line, "language", "%s", why);
	else
		agree_text(r, M_LANGUAGE, &p->language, &PLINE(pr, M_LANGUAGE));
	agree_date(r, M_SINCE, &p->since, &PLINE(pr, M_SINCE));

	const char *sal = cell(r, M_SALUTATION);
	if (*sal != '\0') {
		enum salutation v = strcmp(sal, "Herr") == 0   ? SAL_HERR
		                    : strcmp(sal, "Frau") == 0 ? SAL_FRAU
		                                               : SAL_NONE;
		if (v == SAL_NONE)
			report_at(r, r->csv.row_line, "contact_salutation",
			          "expected \"Herr\" or \"Frau\", got %s", msg_quote(q, sal));
		else if (PLINE(pr, M_SALUTATION) == 0) {
			p->salutation = v;
			PLINE(pr, M_SALUTATION) = r->csv.row_line;
		} else if (p->salutation != v)
			differs(r, M_SALUTATION, PLINE(pr, M_SALUTATION));
	}
	agree_text(r, M_CONTACT_NAME, &p->contact.name, &PLINE(pr, M_CONTACT_NAME));
	agree_text(r, M_CONTACT_EMAIL, &p->contact.email, &PLINE(pr, M_CONTACT_EMAIL));
	agree_text(r, M_CONTACT_PHONE, &p->contact.phone, &PLINE(pr, M_CONTACT_PHONE));
	read_team(r, pr);

	struct engagement *e = &p->engagement;
	const char *on = cell(r, M_ONSITE);
	if (*on != '\0') {
		int v = parse_bool(on);
		if (v < 0)
			report_at(r, r->csv.row_line, "onsite_visit_accepted",
			          "expected true or false, got %s", msg_quote(q, on));
		else if (!e->onsite_known) {
			e->onsite_known = true;
			e->onsite_accepted = v == 1;
			PLINE(pr, M_ONSITE) = r->csv.row_line;
		} else if (e->onsite_accepted != (v == 1))
			differs(r, M_ONSITE, PLINE(pr, M_ONSITE));
	}
	agree_date(r, M_LAST_MEETING, &e->last_meeting, &PLINE(pr, M_LAST_MEETING));
	agree_num(r, M_DECLINED, LOAD_COUNT, &e->meetings_declined, &PLINE(pr, M_DECLINED));
}

static void
read_quarter_columns(struct mreader *mr, struct prows *pr, int period)
{
	struct reader *r = &mr->r;
	char q[MSG_QUOTE_SIZE], pt[16];
	struct qrows *qr = NULL;
	for (size_t i = 0; i < pr->nq && qr == NULL; i++)
		if (pr->q[i].q.period == period)
			qr = &pr->q[i];
	if (qr == NULL) {
		grow_from(&pr->q, &pr->capq, pr->nq, sizeof(*pr->q), 4);
		qr = &pr->q[pr->nq++];
		memset(qr, 0, sizeof(*qr));
		qr->q.period = period;
		qr->first = r->csv.row_line;
	}
	struct quarter *qu = &qr->q;
	static const struct {
		enum mcol col;
		enum load_figure kind;
		size_t off;
	} figures[] = {
	    {M_REVENUE, LOAD_MONEY, offsetof(struct quarter, revenue)},
	    {M_TARGET, LOAD_POSITIVE, offsetof(struct quarter, target)},
	    {M_LEADS, LOAD_COUNT, offsetof(struct quarter, leads_received)},
	    {M_FOLLOWED, LOAD_COUNT, offsetof(struct quarter, leads_followed_up)},
	    {M_DEALS, LOAD_COUNT, offsetof(struct quarter, deals_won)},
	    {M_PIPELINE, LOAD_MONEY, offsetof(struct quarter, pipeline)},
	    {M_CERTIFIED, LOAD_COUNT, offsetof(struct quarter, certified_reps)},
	    {M_TICKETS, LOAD_COUNT, offsetof(struct quarter, service_tickets)},
	    {M_CONFLICTS, LOAD_COUNT, offsetof(struct quarter, channel_conflicts)},
	};
	for (size_t i = 0; i < sizeof(figures) / sizeof(figures[0]); i++)
		agree_num(r, figures[i].col, (int)figures[i].kind,
		          (struct num *)((char *)qu + figures[i].off), &QLINE(qr, figures[i].col));

	const char *rep = cell(r, M_REP);
	if (*rep == '\0') {
		if (*cell(r, M_REP_REVENUE) != '\0' || *cell(r, M_REP_DEALS) != '\0')
			report_at(r, r->csv.row_line, "rep_name",
			          "required field is missing (the row has rep figures)");
		return;
	}
	if (!text_ok(r, "rep_name", rep, LOAD_NAME))
		return;
	size_t dup = qr->repmap != NULL ? strmap_get(qr->repmap, rep) : SIZE_MAX;
	for (size_t i = 0; qr->repmap == NULL && i < qu->nreps && dup == SIZE_MAX; i++)
		if (strcmp(qu->reps[i].name, rep) == 0)
			dup = i;
	if (dup != SIZE_MAX) {
		snprintf(pt, sizeof(pt), "%04d-Q%d", period / 10, period % 10);
		report_at(r, r->csv.row_line, "rep_name",
		          "rep %s appears twice in %s, first on line %ld", msg_quote(q, rep), pt,
		          qr->rep_line[dup]);
		return;
	}
	size_t cap = qr->capreps;
	grow_from(&qu->reps, &qr->capreps, qu->nreps, sizeof(*qu->reps), 2);
	grow_from(&qr->rep_line, &cap, qu->nreps, sizeof(*qr->rep_line), 2);
	struct rep_figures *rf = &qu->reps[qu->nreps];
	memset(rf, 0, sizeof(*rf));
	qr->rep_line[qu->nreps++] = r->csv.row_line;
	/* A rep of the sales team shares its name's copy. */
	rf->name = NULL;
	for (size_t i = 0; i < pr->p.nteam && rf->name == NULL; i++)
		if (strcmp(pr->p.team[i].name, rep) == 0)
			rf->name = pr->p.team[i].name;
	if (rf->name == NULL)
		rf->name = arena_strdup(r->arena, rep);
	/* Past a few reps, a quarter's names are looked up, not compared one by one. */
	if (qr->repmap != NULL) {
		strmap_put(qr->repmap, rf->name, qu->nreps - 1);
	} else if (qu->nreps >= 16) {
		qr->repmap = xcalloc(1, sizeof(*qr->repmap));
		for (size_t i = 0; i < qu->nreps; i++)
			strmap_put(qr->repmap, qu->reps[i].name, i);
	}
	double v;
	if (get_number(r, M_REP_REVENUE, LOAD_MONEY, &v))
		rf->revenue = known(v);
	if (get_number(r, M_REP_DEALS, LOAD_COUNT, &v))
		rf->deals_won = known(v);
}

/* The partner of the current row: found by its partner_id cell, or new. */
static struct prows *
row_partner(struct mreader *mr)
{
	struct reader *r = &mr->r;
	char q[MSG_QUOTE_SIZE];
	const char *id = cell(r, M_ID);
	size_t i = *id != '\0' ? strmap_get(&mr->ids, id) : SIZE_MAX;
	if (i != SIZE_MAX)
		return &mr->p[i];
	xgrow(&mr->p, &mr->capp, mr->np, sizeof(*mr->p));
	struct prows *pr = &mr->p[mr->np];
	memset(pr, 0, sizeof(*pr));
	pr->p.index = mr->np++;
	pr->first = r->csv.row_line;
	if (*id == '\0') {
		/* Nothing to group it by: a failed partner of its own. */
		report_at(r, r->csv.row_line, "partner_id", "required field is missing");
		return pr;
	}
	pr->key = xstrdup(id);
	strmap_put(&mr->ids, pr->key, pr->p.index);
	if (is_valid_id(id))
		pr->p.id = arena_strdup(r->arena, id);
	else
		report_at(r, r->csv.row_line, "partner_id",
		          "invalid id %s; an id is 1 to 64 characters of A-Z a-z 0-9 . _ -, "
		          "starting with a letter or digit",
		          msg_quote(q, id));
	return pr;
}

static void
read_file_columns(struct mreader *mr)
{
	struct reader *r = &mr->r;
	struct metrics *m = mr->m;
	char q[MSG_QUOTE_SIZE];
	agree_text(r, M_VENDOR, &m->vendor_name, &mr->line[M_VENDOR]);
	agree_text(r, M_CM_NAME, &m->manager.name, &mr->line[M_CM_NAME]);
	agree_text(r, M_CM_EMAIL, &m->manager.email, &mr->line[M_CM_EMAIL]);
	agree_text(r, M_CM_PHONE, &m->manager.phone, &mr->line[M_CM_PHONE]);
	const char *cur = cell(r, M_CURRENCY);
	if (*cur == '\0')
		return;
	bool ok = strlen(cur) == 3;
	for (int i = 0; ok && i < 3; i++)
		ok = cur[i] >= 'A' && cur[i] <= 'Z';
	if (!ok)
		report_at(r, r->csv.row_line, "currency",
		          "invalid currency %s; expected three capital letters (ISO 4217) such as "
		          "\"EUR\"",
		          msg_quote(q, cur));
	else if (mr->line[M_CURRENCY] == 0) {
		memcpy(m->currency, cur, 4);
		mr->line[M_CURRENCY] = r->csv.row_line;
	} else if (strcmp(m->currency, cur) != 0)
		differs(r, M_CURRENCY, mr->line[M_CURRENCY]);
}

static int
quarter_cmp(const void *a, const void *b)
{
	const struct quarter *x = a, *y = b;
	return (x->period > y->period) - (x->period < y->period);
}

/* After the last row: what no row gave, and the partners into the model's arena. */
static void
finish_partners(struct mreader *mr)
{
	struct reader *r = &mr->r;
	struct metrics *m = mr->m;
	r->scope = SC_FILE;
	if (m->vendor_name == NULL && mr->line[M_VENDOR] == 0)
		report_at(r, 0, "vendor_name", "required field is missing (empty on every row)");
	if (m->manager.name == NULL && mr->line[M_CM_NAME] == 0)
		report_at(r, 0, "channel_manager_name",
		          "required field is missing (empty on every row)");
	if (mr->np == 0)
		report_at(r, 0, NULL, "no partner rows after the header");
	m->partners = arena_alloc(r->arena, (mr->np ? mr->np : 1) * sizeof(*m->partners));
	m->npartners = mr->np;
	for (size_t i = 0; i < mr->np; i++) {
		struct prows *pr = &mr->p[i];
		struct partner *p = &pr->p;
		r->scope = SC_ITEM;
		r->local = 0;
		if (pr->key != NULL && p->name == NULL && PLINE(pr, M_NAME) == 0)
			report_at(r, pr->first, "name", "required field is missing");
		if (p->contact.name == NULL && PLINE(pr, M_CONTACT_NAME) == 0 &&
		    (p->contact.email != NULL || p->contact.phone != NULL ||
		     PLINE(pr, M_SALUTATION) != 0))
			report_at(r, pr->first, "contact_name",
			          "required field is missing (the contact has other columns)");
		p->has_contact = p->contact.name != NULL;
		p->has_engagement = p->engagement.onsite_known || p->engagement.last_meeting != 0 ||
		                    num_known(p->engagement.meetings_declined);
		p->quarters = arena_alloc(r->arena, (pr->nq ? pr->nq : 1) * sizeof(*p->quarters));
		for (size_t k = 0; k < pr->nq; k++) {
			struct qrows *qr = &pr->q[k];
			if (!num_known(qr->q.revenue) && QLINE(qr, M_REVENUE) == 0)
				report_at(r, qr->first, "revenue", "required field is missing");
			if (!num_known(qr->q.target) && QLINE(qr, M_TARGET) == 0)
				report_at(r, qr->first, "target", "required field is missing");
			struct quarter *qu = &p->quarters[p->nquarters++];
			*qu = qr->q;
			if (qr->q.nreps > 0) {
				qu->reps = arena_alloc_aligned(
				    r->arena, qr->q.nreps * sizeof(*qu->reps), MODEL_ALIGN);
				memcpy(qu->reps, qr->q.reps, qr->q.nreps * sizeof(*qu->reps));
			} else {
				qu->reps = NULL;
			}
			free(qr->q.reps);
			free(qr->rep_line);
			if (qr->repmap != NULL)
				strmap_free(qr->repmap);
			free(qr->repmap);
		}
		free(pr->q);
		qsort(p->quarters, p->nquarters, sizeof(*p->quarters), quarter_cmp);
		if (r->local > 0 || p->id == NULL)
			p->failed = true;
		p->line = pr->first;
		m->partners[i] = *p;
		free(pr->key);
		free(pr->team_cell);
	}
}

struct metrics *
load_csv_metrics(const char *path, const struct csv_src *src)
{
	struct mreader mr;
	memset(&mr, 0, sizeof(mr));
	struct reader *r = &mr.r;
	csv_begin(&r->csv, path, src);
	r->cols = metrics_columns;
	struct metrics *m = mr.m = xcalloc(1, sizeof(*m));
	m->arena = r->arena = arena_new_large();
	m->path = arena_strdup(m->arena, path);
	memcpy(m->currency, "EUR", 4);

	if (!csv_read_header(&r->csv, metrics_columns, M_COLUMNS, r->at, NULL, NULL)) {
		r->fatal++;
	} else {
		while (csv_record(&r->csv)) {
			r->scope = SC_FILE;
			read_file_columns(&mr);
			/* The partner's own problems fail it alone, a missing or bad id too. */
			r->scope = SC_ITEM;
			r->local = 0;
			struct prows *pr = row_partner(&mr);
			read_partner_columns(&mr, pr);
			int period = get_period(r, M_PERIOD, true);
			if (period != 0)
				read_quarter_columns(&mr, pr, period);
			if (r->local > 0)
				pr->p.failed = true;
		}
		if (r->csv.broken)
			r->fatal++;
		else
			finish_partners(&mr);
	}
	for (size_t i = 0; r->csv.broken && i < mr.np; i++) {
		for (size_t k = 0; k < mr.p[i].nq; k++) {
			free(mr.p[i].q[k].q.reps);
			free(mr.p[i].q[k].rep_line);
			if (mr.p[i].q[k].repmap != NULL)
				strmap_free(mr.p[i].q[k].repmap);
			free(mr.p[i].q[k].repmap);
		}
		free(mr.p[i].q);
		free(mr.p[i].key);
		free(mr.p[i].team_cell);
	}
	free(mr.p);
	strmap_free(&mr.ids);
	csv_end(&r->csv);
	if (r->fatal > 0) {
		metrics_free(m);
		return NULL;
	}
	return m;
}

/* ---------------------------------------------------------------------------
 * survey.csv: one row per response, one column per question; the questions'
 * texts, topics and scales in rows marked #text, #topic and #scale.
 * ------------------------------------------------------------------------- */

enum scol { S_WAVE, S_CLOSED, S_PARTNER, S_RESPONDENT, S_SUBMITTED, S_COMMENT, S_WISH, S_COLUMNS };

static const struct column survey_columns[S_COLUMNS] = {
    [S_WAVE] = {"wave", true},
    [S_CLOSED] = {"closed", false},
    [S_PARTNER] = {"partner_id", true},
    [S_RESPONDENT] = {"respondent", false},
    [S_SUBMITTED] = {"submitted", false},
    [S_COMMENT] = {"comment", false},
    [S_WISH] = {"wish", false},
};

enum { DEF_TEXT, DEF_TOPIC, DEF_SCALE, DEFS };
static const char *const def_names[DEFS] = {"#text", "#topic", "#scale"};

/* A question column while the definition rows are read. */
struct qcol {
	size_t at;       /* its position */
	char *name;      /* its header (arena) */
	char *def[DEFS]; /* its cells of the definition rows (arena), NULL when empty */
	long def_line[DEFS];
};

struct wrows {
	struct wave w;
	long first, closed_line;
	size_t cap;
};

struct sreader {
	struct reader r;
	struct survey *s;
	struct metrics *m;
	struct strmap ids; /* m's partners by id */
	struct qcol *qc;
	size_t nqc;
	long def_line[DEFS]; /* where each definition row was, 0 none */
	size_t *qpos;        /* the position of question i's column */
	struct wrows *w;
	size_t nw, capw;
};

/* "1..5", "1-5" or "0 – 10" into min < max; false when it is none. */
static bool
parse_scale(const char *s, bool german, double *min, double *max)
{
	const char *mid = strstr(s, "..");
	size_t skip = 2;
	if (mid == NULL) {
		mid = strstr(s, "\xE2\x80\x93"); /* an en dash */
		skip = 3;
	}
	if (mid == NULL) {
		mid = strchr(s + (*s == '-'), '-');
		skip = 1;
	}
	if (mid == NULL)
		return false;
	char lo[64], hi[64];
	size_t n = (size_t)(mid - s);
	if (n >= sizeof(lo) || strlen(mid + skip) >= sizeof(hi))
		return false;
	memcpy(lo, s, n);
	lo[n] = '\0';
	snprintf(hi, sizeof(hi), "%s", mid + skip);
	/* Spaces around the dash. */
	while (n > 0 && lo[n - 1] == ' ')
		lo[--n] = '\0';
	const char *h = hi;
	while (*h == ' ')
		h++;
	return parse_number(lo, german, min) && parse_number(h, german, max);
}

/* A row whose first cell starts with '#': a definition row; false when it is a response. */
static bool
read_definition(struct sreader *sx, bool responses_seen)
{
	struct reader *r = &sx->r;
	char q[MSG_QUOTE_SIZE];
	const char *first = csv_cell(&r->csv, 0);
	if (*first != '#')
		return false;
	size_t d = 0;
	while (d < DEFS && strcasecmp(first, def_names[d]) != 0)
		d++;
	r->scope = SC_FILE;
	if (d == DEFS) {
		msg_at(MSG_WARNING, r->csv.path, r->csv.row_line, 0,
		       "unknown row %s (known: #text, #topic, #scale), ignored",
		       msg_quote(q, first));
	} else if (responses_seen) {
		report_at(r, r->csv.row_line, NULL,
		          "the %s row comes after the first response; the rows #text, #topic and "
		          "#scale come right after the header",
		          def_names[d]);
	} else if (sx->def_line[d] != 0) {
		report_at(r, r->csv.row_line, NULL, "a second %s row, the first on line %ld",
		          def_names[d], sx->def_line[d]);
	} else {
		sx->def_line[d] = r->csv.row_line;
		for (size_t i = 0; i < sx->nqc; i++) {
			const char *v = csv_cell(&r->csv, sx->qc[i].at);
			/* A question's text is prose, its topic a name (a scale is checked later). */
			if (*v != '\0' &&
			    (d == DEF_SCALE ||
			     text_ok(r, sx->qc[i].name, v, d == DEF_TEXT ? LOAD_PROSE : LOAD_NAME)))
				sx->qc[i].def[d] = arena_strdup(r->arena, v);
		}
		/* Cells of response columns must be empty there: they would be lost. */
		for (size_t k = 0; k < S_COLUMNS; k++)
			if (r->at[k] != SIZE_MAX && r->at[k] != 0 && *cell(r, k) != '\0')
				report_at(r, r->csv.row_line, survey_columns[k].name,
				          "expected an empty cell in the %s row, got %s",
				          def_names[d], msg_quote(q, cell(r, k)));
	}
	return true;
}

/*
 * The questions, once the definition rows are read: with a #text row, the columns
 * that have a text in it (the others are unknown columns, ignored); without one,
 * every column that is no response column, its id its text.
 */
static void
make_questions(struct sreader *sx)
{
	struct reader *r = &sx->r;
	struct survey *s = sx->s;
	char q[MSG_QUOTE_SIZE];
	bool texts = sx->def_line[DEF_TEXT] != 0;
	r->scope = SC_FILE;
	s->questions = arena_alloc(r->arena, (sx->nqc ? sx->nqc : 1) * sizeof(*s->questions));
	sx->qpos = xcalloc(sx->nqc ? sx->nqc : 1, sizeof(*sx->qpos));
	for (size_t i = 0; i < sx->nqc; i++) {
		struct qcol *c = &sx->qc[i];
		if (texts && c->def[DEF_TEXT] == NULL) {
			bool defined = c->def[DEF_TOPIC] != NULL || c->def[DEF_SCALE] != NULL;
			if (defined)
				report_at(r, sx->def_line[DEF_TEXT], c->name,
				          "required field is missing");
			else
				msg_at(MSG_WARNING, r->csv.path, r->header_line, 0,
				       "unknown column %s, ignored", msg_quote(q, c->name));
			continue;
		}
		if (!is_valid_id(c->name)) {
			report_at(
			    r, r->header_line, c->name,
			    "invalid question id %s; an id is 1 to 64 characters of A-Z a-z 0-9 . "
			    "_ -, starting with a letter or digit",
			    msg_quote(q, c->name));
			continue;
		}
		struct question *qu = &s->questions[s->nquestions];
		qu->id = c->name;
		qu->text = c->def[DEF_TEXT] != NULL ? c->def[DEF_TEXT] : c->name;
		qu->topic = c->def[DEF_TOPIC];
		qu->scale_min = s->scale_min;
		qu->scale_max = s->scale_max;
		if (c->def[DEF_SCALE] != NULL) {
			double lo, hi;
			if (!parse_scale(c->def[DEF_SCALE], r->csv.sep == ';', &lo, &hi) ||
			    lo >= hi) {
				report_at(
				    r, sx->def_line[DEF_SCALE], c->name,
				    "invalid scale %s; expected MIN..MAX such as 1..5 or 0..10",
				    msg_quote(q, c->def[DEF_SCALE]));
				continue;
			}
			qu->scale_min = lo;
			qu->scale_max = hi;
		}
		sx->qpos[s->nquestions++] = c->at;
	}
}

/* The wave of period; new ones get the current row as their first. */
static struct wrows *
row_wave(struct sreader *sx, int period)
{
	for (size_t i = 0; i < sx->nw; i++)
		if (sx->w[i].w.period == period)
			return &sx->w[i];
	xgrow(&sx->w, &sx->capw, sx->nw, sizeof(*sx->w));
	struct wrows *wr = &sx->w[sx->nw++];
	memset(wr, 0, sizeof(*wr));
	wr->w.period = period;
	wr->first = sx->r.csv.row_line;
	return wr;
}

static char *
get_text(struct reader *r, size_t k, enum load_text_kind kind)
{
	const char *s = cell(r, k);
	if (*s == '\0' || !text_ok(r, r->cols[k].name, s, kind))
		return NULL;
	return arena_strdup(r->arena, s);
}

static void
read_response(struct sreader *sx)
{
	struct reader *r = &sx->r;
	struct survey *s = sx->s;
	char q[MSG_QUOTE_SIZE], why[LOAD_WHY_SIZE];
	r->scope = SC_FILE;
	int period = get_period(r, S_WAVE, true);
	if (period == 0)
		return;
	struct wrows *wr = row_wave(sx, period);
	int closed = get_date(r, S_CLOSED);
	if (closed != 0 && wr->closed_line == 0) {
		wr->w.closed = closed;
		wr->closed_line = r->csv.row_line;
	} else if (closed != 0 && closed != wr->w.closed) {
		differs(r, S_CLOSED, wr->closed_line);
	}

	const char *id = cell(r, S_PARTNER);
	r->scope = SC_SOFT;
	if (*id == '\0') {
		/* A row of its wave alone (a wave nobody answered yet) says nothing more. */
		bool empty = true;
		for (size_t k = S_PARTNER; k < S_COLUMNS && empty; k++)
			empty = *cell(r, k) == '\0';
		for (size_t i = 0; i < s->nquestions && empty; i++)
			empty = *csv_cell(&r->csv, sx->qpos[i]) == '\0';
		if (!empty)
			report_at(r, r->csv.row_line, "partner_id",
			          "required field is missing; response ignored");
		return;
	}
	if (!is_valid_id(id)) {
		report_at(r, r->csv.row_line, "partner_id", "invalid id %s; response ignored",
		          msg_quote(q, id));
		return;
	}
	xgrow(&wr->w.responses, &wr->cap, wr->w.nresponses, sizeof(*wr->w.responses));
	struct response *resp = &wr->w.responses[wr->w.nresponses++];
	memset(resp, 0, sizeof(*resp));
	resp->partner_id = arena_strdup(r->arena, id);
	if (sx->m != NULL) {
		size_t at = strmap_get(&sx->ids, id);
		resp->partner = at != SIZE_MAX ? &sx->m->partners[at] : NULL;
		if (resp->partner == NULL)
			report_at(r, r->csv.row_line, "partner_id", "partner %s is not in %s",
			          msg_quote(q, id), sx->m->path);
	}
	/* Without metrics nobody can be failed, but the run stops anyway: errors. */
	r->scope = resp->partner != NULL || sx->m == NULL ? SC_ITEM : SC_SOFT;
	r->local = 0;
	resp->respondent = get_text(r, S_RESPONDENT, LOAD_NAME);
	resp->submitted = get_date(r, S_SUBMITTED);
	resp->comment = get_text(r, S_COMMENT, LOAD_PROSE);
	resp->wish = get_text(r, S_WISH, LOAD_PROSE);
	if (s->nquestions > 0)
		resp->answers = arena_alloc(r->arena, s->nquestions * sizeof(*resp->answers));
	for (size_t i = 0; i < s->nquestions; i++) {
		const struct question *qu = &s->questions[i];
		const char *v = csv_cell(&r->csv, sx->qpos[i]);
		double x;
		if (*v == '\0')
			continue; /* keine Angabe */
		if (!parse_number(v, r->csv.sep == ';', &x))
			report_at(r, r->csv.row_line, qu->id,
			          "expected a number or an empty cell, got %s", msg_quote(q, v));
		else if (load_check_answer(x, qu->scale_min, qu->scale_max, why, sizeof(why)) !=
		         NULL)
			report_at(r, r->csv.row_line, qu->id, "%s", why);
		else
			resp->answers[i] = known(x);
	}
	if (r->local > 0 && resp->partner != NULL && r->scope == SC_ITEM)
		resp->partner->failed = true;
}

static int
wave_cmp(const void *a, const void *b)
{
	const struct wave *x = a, *y = b;
	return (x->period > y->period) - (x->period < y->period);
}

struct survey *
load_csv_survey(const char *path, const struct csv_src *src, struct metrics *m)
{
	struct sreader sx;
	memset(&sx, 0, sizeof(sx));
	struct reader *r = &sx.r;
	csv_begin(&r->csv, path, src);
	r->cols = survey_columns;
	sx.m = m;
	struct survey *s = sx.s = xcalloc(1, sizeof(*s));
	s->arena = r->arena = arena_new_large();
	s->path = arena_strdup(s->arena, path);
	s->scale_min = 1;
	s->scale_max = 5;
	for (size_t i = 0; m != NULL && i < m->npartners; i++)
		if (m->partners[i].id != NULL && strmap_get(&sx.ids, m->partners[i].id) == SIZE_MAX)
			strmap_put(&sx.ids, m->partners[i].id, i);

	size_t *other = NULL, nother = 0;
	if (!csv_read_header(&r->csv, survey_columns, S_COLUMNS, r->at, &other, &nother)) {
		r->fatal++;
	} else {
		r->header_line = r->csv.row_line;
		sx.qc = xcalloc(nother ? nother : 1, sizeof(*sx.qc));
		for (size_t i = 0; i < nother; i++) {
			sx.qc[i].at = other[i];
			sx.qc[i].name = arena_strdup(r->arena, csv_cell(&r->csv, other[i]));
		}
		sx.nqc = nother;
		bool questions = false, answers_ok = false;
		while (csv_record(&r->csv)) {
			if (read_definition(&sx, questions))
				continue;
			if (!questions) {
				/* With broken questions, answers cannot be judged: checking them
				 * would only repeat the questions' problems. */
				make_questions(&sx);
				questions = true;
				answers_ok = r->fatal == 0;
			}
			if (answers_ok)
				read_response(&sx);
		}
		if (!questions)
			make_questions(&sx);
		if (r->csv.broken)
			r->fatal++;
	}
	s->waves = arena_alloc(r->arena, (sx.nw ? sx.nw : 1) * sizeof(*s->waves));
	for (size_t i = 0; i < sx.nw; i++) {
		struct wave *w = &s->waves[s->nwaves++];
		*w = sx.w[i].w;
		size_t n = w->nresponses;
		w->responses = n ? arena_alloc(r->arena, n * sizeof(*w->responses)) : NULL;
		if (n)
			memcpy(w->responses, sx.w[i].w.responses, n * sizeof(*w->responses));
		free(sx.w[i].w.responses);
	}
	qsort(s->waves, s->nwaves, sizeof(*s->waves), wave_cmp);
	free(sx.w);
	free(sx.qc);
	free(sx.qpos);
	free(other);
	strmap_free(&sx.ids);
	csv_end(&r->csv);
	if (r->fatal > 0) {
		survey_free(s);
		return NULL;
	}
	return s;
}

/* ---------------------------------------------------------------------------
 * The passwords of --pdf-password: columns partner_id and password.
 * ------------------------------------------------------------------------- */

struct passwords *
load_csv_passwords(const char *path, const struct csv_src *src)
{
	static const struct column cols[] = {{"partner_id", true}, {"password", true}};
	char q[MSG_QUOTE_SIZE];
	struct reader r = {0};
	csv_begin(&r.csv, path, src);
	r.cols = cols;
	r.scope = SC_FILE;
	struct passwords *pw = xcalloc(1, sizeof(*pw));
	if (csv_read_header(&r.csv, cols, 2, r.at, NULL, NULL)) {
		while (csv_record(&r.csv)) {
			const char *id = cell(&r, 0), *password = cell(&r, 1);
			if (!is_valid_id(id))
				report_at(&r, r.csv.row_line, "partner_id", "not a partner id: %s",
				          msg_quote(q, id));
			else if (*password == '\0')
				report_at(&r, r.csv.row_line, "password",
				          "partner %s has no password", id);
			else
				passwords_add(pw, id, password, r.csv.row_line);
		}
	} else {
		r.fatal++;
	}
	/* Every problem at once: the repeated ids too. */
	bool ok = !r.csv.broken && passwords_finish(pw, path) && r.fatal == 0;
	csv_end(&r.csv);
	if (!ok) {
		passwords_free(pw);
		return NULL;
	}
	return pw;
}
