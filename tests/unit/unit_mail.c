/* SPDX-License-Identifier: MIT */
/* The mail's words and message: templates/mail.xml read as text (mail_text.c), composed (mail_compose.c). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analyze.h"
#include "batch.h"
#include "datadir.h"
#include "load.h"
#include "mail_compose.h"
#include "mail_journal.h"
#include "mail_text.h"
#include "msg.h"
#include "tpl.h"
#include "analyze_rules.h"
#include "unit.h"

static struct metrics *m;
static struct survey *s;
static struct rules *rules;
static struct portfolio *pf;
static struct tpl *mail_tpl;
static struct review_ctx ctx;

static const char pdf[] = "%PDF-1.4\n% a stand-in\n%%EOF\n";

/* The mail of partner p composed into *ml; its words in *subject, *body (arena a). */
static enum mail_status
compose(const struct partner *p, struct arena *a, struct mail *ml, bool draft)
{
	struct val *root = analyze_partner(a, &ctx, p);
	struct doc *d = tpl_expand(mail_tpl, root, a);
	CHECK(d != NULL);
	const char *subject, *body;
	mail_text(d, a, &subject, &body);
	char *name = xasprintf("%s_2026-Q3.pdf", p->id);
	struct mail_spec spec = {m, p, "2026-Q3", subject, body, 1795651200, name,
	                         pdf, sizeof(pdf) - 1, draft};
	enum mail_status st = mail_compose(&spec, ml);
	free(name);
	return st;
}

static bool
has(const struct mail *ml, const char *text)
{
	return ml->data != NULL && strstr(ml->data, text) != NULL;
}

static void
test_sample(void)
{
	struct arena *a = arena_new();
	struct mail ml;
	const struct partner *p = metrics_find(m, "US-TX-002");
	CHECK(compose(p, a, &ml, false) == MAIL_OK);
	CHECK_STR(ml.from, "k.huebner@hohenfels-wzm.example");
	CHECK_STR(ml.message_id, "US-TX-002.2026-Q3.partnerreview@hohenfels-wzm.example");
	CHECK(ml.nto == p->nteam);
	CHECK(ml.nrcpt == p->nteam + 1);
	CHECK_STR(ml.rcpt[ml.nrcpt - 1], "r.delgado@lonestar-mta.example");
	CHECK(strncmp(ml.data, "Date: Thu, 26 Nov 2026 00:00:00 +0000\r\n", 39) == 0);
	CHECK(has(&ml, "\r\nMessage-Id: <US-TX-002.2026-Q3.partnerreview@hohenfels-wzm.example>\r\n"));
	CHECK(!has(&ml, "X-Unsent"));
	/* Every line ends in CR LF. */
	for (size_t i = 0; i < ml.len; i++)
		if (ml.data[i] == '\n' && (i == 0 || ml.data[i - 1] != '\r')) {
			CHECK(!"a bare LF");
			break;
		}
	/* Deterministic: the same spec, the same bytes. */
	struct mail again;
	CHECK(compose(p, a, &again, false) == MAIL_OK);
	CHECK(again.len == ml.len && memcmp(again.data, ml.data, ml.len) == 0);
	mail_free(&again);
	mail_free(&ml);
	arena_free(a);
}

/* ---- mail_text: a document read as lines ---- */

static struct block *
para_block(struct arena *a, enum block_kind kind, const char *const *texts, size_t n)
{
	struct block *b = arena_alloc(a, sizeof(*b));
	b->kind = kind;
	b->para.spans = arena_alloc(a, n * sizeof(*b->para.spans));
	b->para.nspans = n;
	for (size_t i = 0; i < n; i++)
		b->para.spans[i].text = texts[i];
	return b;
}

static void
test_text(void)
{
	struct arena *a = arena_new();
	static const char *const hello[] = {"Guten ", "Tag", ",  "};
	static const char *const item[] = {"erster\tPunkt"};
	static const char *const head[] = {"Überschrift"};
	static const char *const c1[] = {"A"}, *const c2[] = {"B"};
	struct block *b1 = para_block(a, BLOCK_PARA, hello, 3);
	struct block *sp0 = arena_alloc(a, sizeof(*sp0)), *sp = arena_alloc(a, sizeof(*sp));
	sp0->kind = BLOCK_SPACE;
	sp->kind = BLOCK_SPACE;
	struct block *li = para_block(a, BLOCK_PARA, item, 1);
	li->label = "\xE2\x80\xA2"; /* • */
	struct block *h = para_block(a, BLOCK_HEADING, head, 1);
	struct block *keep = arena_alloc(a, sizeof(*keep));
	keep->kind = BLOCK_KEEP;
	keep->child = h;
	struct block *rule = arena_alloc(a, sizeof(*rule));
	rule->kind = BLOCK_RULE;
	struct block *tab = arena_alloc(a, sizeof(*tab));
	tab->kind = BLOCK_TABLE;
	tab->rows = arena_alloc(a, sizeof(*tab->rows));
	tab->nrows = 1;
	tab->rows[0].cells = arena_alloc(a, 2 * sizeof(struct para));
	tab->rows[0].ncells = 2;
	tab->rows[0].cells[0].spans = arena_alloc(a, sizeof(struct span));
	tab->rows[0].cells[0].spans[0].text = c1[0];
	tab->rows[0].cells[0].nspans = 1;
	tab->rows[0].cells[1].spans = arena_alloc(a, sizeof(struct span));
	tab->rows[0].cells[1].spans[0].text = c2[0];
	tab->rows[0].cells[1].nspans = 1;
	struct block *sp2 = arena_alloc(a, sizeof(*sp2));
	sp2->kind = BLOCK_SPACE;
	sp0->next = b1;
	b1->next = sp;
	sp->next = li;
	li->next = keep;
	keep->next = rule;
	rule->next = tab;
	tab->next = sp2;
	struct doc d = {0};
	d.body = sp0;
	d.subject = "  Betreff\r\nBcc: x  ";
	const char *subject, *body;
	mail_text(&d, a, &subject, &body);
	CHECK_STR(subject, "Betreff  Bcc: x");
	CHECK_STR(body, "Guten Tag,\n\n\xE2\x80\xA2 erster Punkt\n\xC3\x9C" "berschrift\nA  B\n");
	d.subject = NULL;
	d.body = NULL;
	mail_text(&d, a, &subject, &body);
	CHECK(subject == NULL);
	CHECK_STR(body, "");
	arena_free(a);
}

/* ---- mail_compose: names, addresses, recipients ---- */

/* A person of string literals (the model's strings are not const). */
#define PERSON(name, email, phone) ((struct person){(char *)(name), (char *)(email), (char *)(phone)})
#define STR(s) ((char *)(s))

static struct person team[4];
static struct partner hp;
static struct metrics hm;

/* A partner of its own, as a loader would leave it (JSON: partners[2]; CSV: line 17). */
static void
hostile_reset(bool csv)
{
	memset(team, 0, sizeof(team));
	memset(&hp, 0, sizeof(hp));
	memset(&hm, 0, sizeof(hm));
	hm.path = STR(csv ? "metrics.csv" : "metrics.json");
	hm.vendor_name = STR("Hohenfels");
	hm.manager = PERSON("Katrin H\xC3\xBC" "bner", "k.huebner@hohenfels.example", NULL);
	hp.index = 2;
	hp.line = csv ? 17 : 0;
	hp.id = STR("DE-BY-001");
	hp.name = STR("Test GmbH");
	hp.team = team;
	hm.partners = &hp;
	hm.npartners = 1;
}

/* Composes hp's mail; the messages printed meanwhile in *out (the caller frees). */
static enum mail_status
hostile(struct mail *ml, char **out)
{
	struct sbuf b = {0};
	msg_capture(&b);
	struct mail_spec spec = {&hm, &hp, "2026-Q3", "Betreff", "Text\n", 0, "x.pdf", pdf,
	                         sizeof(pdf) - 1, false};
	enum mail_status st = mail_compose(&spec, ml);
	msg_capture(NULL);
	*out = b.s != NULL ? sbuf_take(&b) : xstrdup("");
	return st;
}

static void
test_hostile(void)
{
	struct mail ml;
	char *out;

	/* A line break in a name would start a header of its own: refused, by field. */
	hostile_reset(false);
	team[0] = PERSON("Anna\r\nBcc: evil@x.example", "anna@test.example", NULL);
	hp.nteam = 1;
	CHECK(hostile(&ml, &out) == MAIL_INVALID);
	CHECK_STR(out, "partnerreview: metrics.json: partners[2].sales_team[0].name: error: "
	               "partner DE-BY-001: a name in a mail header must not hold a control "
	               "character (a line break could add a header): \"Anna\\x0D\\nBcc: "
	               "evil@x.example\"\n");
	CHECK(ml.data == NULL);
	free(out);

	/* In CSV: the partner's line and the column. */
	hostile_reset(true);
	hp.has_contact = true;
	hp.contact = PERSON("Max\x7F", "max@test.example", NULL);
	CHECK(hostile(&ml, &out) == MAIL_INVALID);
	CHECK_STR(out, "partnerreview: metrics.csv:17: contact_name: error: partner DE-BY-001: a "
	               "name in a mail header must not hold a control character (a line break "
	               "could add a header): \"Max\\x7F\"\n");
	free(out);

	/* Addresses GMime does not read as exactly this one address; every one reported. */
	hostile_reset(false);
	team[0] = PERSON("A", "a@b@test.example", NULL);
	team[1] = PERSON("B", "b@test.example, c@test.example", NULL);
	team[2] = PERSON("C", "J\xC3\xBCrgen@test.example", NULL);
	team[3] = PERSON("D", "not an address", NULL);
	hp.nteam = 4;
	CHECK(hostile(&ml, &out) == MAIL_INVALID);
	CHECK_STR(out,
	          "partnerreview: metrics.json: partners[2].sales_team[0].email: error: partner "
	          "DE-BY-001: not an e-mail address (GMime's parser does not read it as one): "
	          "\"a@b@test.example\"\n"
	          "partnerreview: metrics.json: partners[2].sales_team[1].email: error: partner "
	          "DE-BY-001: not an e-mail address (it holds a space or a control character): "
	          "\"b@test.example, c@test.example\"\n"
	          "partnerreview: metrics.json: partners[2].sales_team[2].email: error: partner "
	          "DE-BY-001: an e-mail address with non-ASCII characters before the @ would "
	          "need SMTPUTF8, which not every server takes: \"J\xC3\xBCrgen@test.example\"\n"
	          "partnerreview: metrics.json: partners[2].sales_team[3].email: error: partner "
	          "DE-BY-001: not an e-mail address (it holds a space or a control character): "
	          "\"not an address\"\n");
	free(out);

	/* An encoded word in a name would be decoded by mail programs even inside quotes. */
	hostile_reset(false);
	team[0] = PERSON("=?utf-8?q?Bcc:_x?=", "a@test.example", NULL);
	hp.nteam = 1;
	CHECK(hostile(&ml, &out) == MAIL_INVALID);
	CHECK(strstr(out, "sales_team[0].name: error: partner DE-BY-001: a name in a mail header "
	                  "must not hold \"=?\"") != NULL);
	free(out);

	/* Quotes, commas, angle brackets and non-ASCII are quoted or encoded; IDN domains in ASCII. */
	hostile_reset(false);
	team[0] = PERSON("O'Brien, Zo\xC3\xAB \"Z\" <boss>", "z@test.example", NULL);
	team[1] = PERSON("Dup", "Z@Test.Example", NULL);
	team[2] = PERSON("No Mail", NULL, NULL);
	team[3] = PERSON("M\xC3\xBCller", "m@b\xC3\xBC" "ro.example", NULL);
	hp.nteam = 4;
	hp.has_contact = true;
	hp.contact = PERSON("Zoe", "z@test.example", NULL);
	CHECK(hostile(&ml, &out) == MAIL_OK);
	CHECK_STR(out, "");
	CHECK(ml.nrcpt == 2 && ml.nto == 2); /* the duplicate and the contact are no recipients again */
	CHECK_STR(ml.rcpt[0], "z@test.example");
	CHECK_STR(ml.rcpt[1], "m@xn--bro-hoa.example");
	CHECK(has(&ml, "To: \"O'Brien,\" =?iso-8859-1?b?Wm/r?= \"\\\"Z\\\" <boss>\" <z@test.example>"));
	CHECK(has(&ml, "<m@xn--bro-hoa.example>"));
	CHECK(!has(&ml, "\r\nCc:"));
	mail_free(&ml);
	free(out);

	/* No team address: the contact is the recipient (To), not a copy. */
	hostile_reset(false);
	team[0] = PERSON("No Mail", NULL, NULL);
	hp.nteam = 1;
	hp.has_contact = true;
	hp.contact = PERSON("Max Roth", "m.roth@test.example", NULL);
	hp.id = STR("DE.BY..1");
	CHECK(hostile(&ml, &out) == MAIL_OK);
	CHECK(ml.nrcpt == 1 && ml.nto == 1);
	CHECK(has(&ml, "\r\nTo: Max Roth <m.roth@test.example>\r\n"));
	/* The dots of an id would make a broken dot-atom ("DE.BY..1"): written =2E. */
	CHECK_STR(ml.message_id, "DE=2EBY=2E=2E1.2026-Q3.partnerreview@hohenfels.example");
	mail_free(&ml);
	free(out);

	/* Nobody with an address: a warning, no mail. */
	hostile_reset(false);
	team[0] = PERSON("No Mail", NULL, NULL);
	hp.nteam = 1;
	CHECK(hostile(&ml, &out) == MAIL_NO_ADDRESS);
	CHECK_STR(out, "partnerreview: metrics.json: partners[2].sales_team: warning: partner "
	               "DE-BY-001: no e-mail address in its sales team or contact: no mail\n");
	free(out);

	/* The sender: checked once per run. */
	hostile_reset(false);
	hm.manager.email = NULL;
	struct sbuf b = {0};
	msg_capture(&b);
	CHECK(mail_check_sender(&hm) == -1);
	hm.manager.email = STR("k.huebner@hohenfels.example");
	CHECK(mail_check_sender(&hm) == 0);
	hm.manager.name = STR("Katrin\nH.");
	CHECK(mail_check_sender(&hm) == -1);
	msg_capture(NULL);
	CHECK_STR(b.s, "partnerreview: metrics.json: vendor.channel_manager.email: error: the "
	               "mails go out from the channel manager: an e-mail address is needed\n"
	               "partnerreview: metrics.json: vendor.channel_manager.name: error: a name "
	               "in a mail header must not hold a control character (a line break could "
	               "add a header): \"Katrin\\nH.\"\n");
	sbuf_free(&b);
}

/* ---- mail_journal ---- */

static struct mail
journal_mail(const char *id)
{
	static char a[] = "a@test.example", b[] = "b@test.example";
	static char *rcpt[] = {a, b};
	struct mail ml = {0};
	ml.message_id = STR(id);
	ml.rcpt = rcpt;
	ml.nrcpt = 2;
	ml.nto = 1;
	return ml;
}

static void
test_journal(void)
{
	char dir[] = "/tmp/unit_mail.XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char *path = xasprintf("%s/sent_2026-Q3.jsonl", dir);
	struct mail_reply r = {0};
	snprintf(r.text, sizeof(r.text), "250 2.0.0 \"Ok\" \\ queued");

	struct mail_journal *j = mail_journal_open(path, false);
	CHECK(j != NULL && mail_journal_count(j) == 0);
	struct mail m1 = journal_mail("X-1.2026-Q3.partnerreview@v.example");
	struct mail m2 = journal_mail("X-2.2026-Q3.partnerreview@v.example");
	CHECK(mail_journal_claim(j, m1.message_id));
	CHECK(mail_journal_add(j, "X-1", &m1, &r, 1795651200) == 0);
	mail_journal_release(j, m1.message_id);
	CHECK(mail_journal_has(j, m1.message_id) && !mail_journal_has(j, m2.message_id));
	CHECK(!mail_journal_claim(j, m1.message_id));
	mail_journal_close(j);

	FILE *f = fopen(path, "r");
	char line[512] = "";
	CHECK(f != NULL && fgets(line, sizeof(line), f) != NULL);
	CHECK_STR(line, "{\"message_id\":\"X-1.2026-Q3.partnerreview@v.example\",\"partner\":"
	                "\"X-1\",\"to\":[\"a@test.example\"],\"cc\":[\"b@test.example\"],"
	                "\"time\":\"2026-11-26T00:00:00Z\",\"reply\":\"250 2.0.0 \\\"Ok\\\" \\\\ "
	                "queued\"}\n");
	if (f != NULL)
		fclose(f);

	/* A line torn by a crash: warned about, ended, and the next entry on a line of its own. */
	int fd = open(path, O_WRONLY | O_APPEND);
	CHECK(write(fd, "{\"message_id\":\"X-2.20", 21) == 21);
	close(fd);
	struct sbuf b = {0};
	msg_capture(&b);
	j = mail_journal_open(path, false);
	msg_capture(NULL);
	CHECK(j != NULL && mail_journal_count(j) == 1);
	char *want = xasprintf("partnerreview: %s:2: warning: not a journal entry (a line cut "
	                       "short by a crash?); ignored\n", path);
	CHECK_STR(b.s, want);
	free(want);
	sbuf_free(&b);
	CHECK(!mail_journal_has(j, m2.message_id));
	CHECK(mail_journal_add(j, "X-2", &m2, &r, 1795651201) == 0);
	mail_journal_close(j);

	/* Another process's entries are seen when a mail is claimed. */
	enum msg_level old = msg_threshold(MSG_ERROR); /* the torn line again */
	j = mail_journal_open(path, false);
	CHECK(j != NULL && mail_journal_count(j) == 2);
	struct mail m3 = journal_mail("X-3.2026-Q3.partnerreview@v.example");
	pid_t pid = fork();
	if (pid == 0) {
		struct mail_journal *other = mail_journal_open(path, false);
		int rc = other != NULL && mail_journal_claim(other, m3.message_id) &&
		                 mail_journal_add(other, "X-3", &m3, &r, 1795651202) == 0
		             ? 0
		             : 1;
		mail_journal_close(other);
		_exit(rc);
	}
	int status = 1;
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(!mail_journal_has(j, m3.message_id)); /* not read yet */
	CHECK(!mail_journal_claim(j, m3.message_id));  /* read now: already sent */
	CHECK(mail_journal_has(j, m3.message_id));
	mail_journal_close(j);
	msg_threshold(old);

	unlink(path);
	rmdir(dir);
	free(path);
}

/* ---- the passwords of --pdf-password ---- */

/* load_passwords of a file holding text; the messages in *out (the caller frees). */
static struct passwords *
passwords_of(const char *name, const char *text, char **out)
{
	char *path = xasprintf("/tmp/unit_mail_pw.%d.%s", (int)getpid(), name);
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	struct sbuf b = {0};
	msg_capture(&b);
	struct passwords *pw = load_passwords(path);
	msg_capture(NULL);
	char *got = b.s != NULL ? sbuf_take(&b) : xstrdup("");
	/* The messages with the file's name as the case's own. */
	struct sbuf o = {0};
	for (const char *c = got; *c != '\0';) {
		const char *at = strstr(c, path);
		if (at == NULL) {
			sbuf_adds(&o, c);
			break;
		}
		sbuf_add(&o, c, (size_t)(at - c));
		sbuf_adds(&o, name);
		c = at + strlen(path);
	}
	*out = o.s != NULL ? sbuf_take(&o) : xstrdup("");
	free(got);
	unlink(path);
	free(path);
	return pw;
}

static void
test_passwords(void)
{
	char *out;
	struct passwords *pw = passwords_of("pw.json", "{\"US-CA-014\": \"g3he!m\", \"US-TX-002\": \"x\"}", &out);
	CHECK(pw != NULL);
	CHECK_STR(out, "");
	CHECK_STR(passwords_find(pw, "US-TX-002"), "x");
	CHECK_STR(passwords_find(pw, "US-CA-014"), "g3he!m");
	CHECK(passwords_find(pw, "US-CA-015") == NULL);
	passwords_free(pw);
	free(out);

	CHECK(passwords_of("pw.json", "{\"US CA\": \"x\", \"US-TX-002\": 5, \"A\": \"\"}", &out) == NULL);
	CHECK_STR(out, "partnerreview: pw.json: error: \"US CA\" is not a partner id\n"
	               "partnerreview: pw.json: US-TX-002: error: expected a password (a non-empty string)\n"
	               "partnerreview: pw.json: A: error: expected a password (a non-empty string)\n");
	free(out);
	/* A key twice: the loader's tree marks the repeat (load_tree.c). */
	CHECK(passwords_of("pw.json", "{\"US-CA-014\": \"x\", \"US-CA-014\": \"y\"}", &out) == NULL);
	CHECK_STR(out, "partnerreview: pw.json: US-CA-014: error: partner \"US-CA-014\" has a "
	               "password already\n");
	free(out);
	CHECK(passwords_of("pw.json", "[\"x\"]", &out) == NULL);
	CHECK_STR(out, "partnerreview: pw.json: error: expected an object of partner ids and "
	               "passwords, such as {\"US-CA-014\": \"...\"}\n");
	free(out);

	/* CSV: columns in any order, others warned about; told by the content. */
	pw = passwords_of("pw.txt", "password;Partner_ID;note\n\"a;b\";US-CA-014;x\n", &out);
	CHECK(pw != NULL);
	CHECK_STR(out, "partnerreview: pw.txt:1: warning: unknown column \"note\", ignored\n");
	CHECK(pw != NULL && strcmp(passwords_find(pw, "US-CA-014"), "a;b") == 0);
	passwords_free(pw);
	free(out);
	CHECK(passwords_of("pw.csv", "partner_id,password\nUS-CA-014,x\nUS-TX-002,\nUS-CA-014,y\n", &out) == NULL);
	CHECK_STR(out, "partnerreview: pw.csv:3: password: error: partner US-TX-002 has no password\n"
	               "partnerreview: pw.csv:4: error: partner \"US-CA-014\" has a password already (line 2)\n");
	free(out);
	CHECK(passwords_of("pw.csv", "id,password\nUS-CA-014,x\n", &out) == NULL);
	CHECK_STR(out, "partnerreview: pw.csv:1: warning: unknown column \"id\", ignored\n"
	               "partnerreview: pw.csv:1: error: required column \"partner_id\" is missing\n");
	free(out);
}

int
main(void)
{
	m = load_metrics("samples/metrics.json");
	s = load_survey("samples/survey.json", m);
	rules = rules_load("templates/rules.xml");
	pf = portfolio_new(m, s, 20263, &rules->portfolio);
	ctx = (struct review_ctx){m, s, 20263, 20261126, pf, &rules->review, &rules->portfolio, NULL};
	mail_tpl = tpl_load("templates/mail.xml", datadir_path());
	CHECK(mail_tpl != NULL);
	mail_init();
	if (mail_tpl != NULL)
		test_sample();
	test_text();
	test_hostile();
	test_journal();
	test_passwords();
	mail_done();
	tpl_free(mail_tpl);
	portfolio_free(pf);
	rules_free(rules);
	survey_free(s);
	metrics_free(m);
	return UNIT_DONE();
}
