/* SPDX-License-Identifier: MIT */
/* The mail step: each partner's mail composed from mail.xml and its PDF, written as .eml, sent once, listed. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch_mail.h"
#include "batch_pool.h"
#include "mail_compose.h"
#include "mail_journal.h"
#include "mail_send.h"
#include "mail_text.h"
#include "msg.h"
#include "out_file.h"

/* What the step holds for the run (begin to end). */
struct mail_state {
	long long date;                    /* the messages' Date: SOURCE_DATE_EPOCH, else now */
	struct mail_journal *journal;      /* --send and --dry-run (when there is one); else NULL */
	struct mail_server *srv;           /* --send; else NULL */
	struct mail_conn *conns[POOL_MAX]; /* one per worker, made on its first mail */
};

static int
stopped(void)
{
	return out_interrupted();
}

/* The Date of the messages: SOURCE_DATE_EPOCH (reproducible runs), else now. */
static long long
mail_date(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde != NULL && *sde != '\0') {
		char *end;
		errno = 0;
		long long v = strtoll(sde, &end, 10);
		if (*end == '\0' && errno == 0 && v >= 0)
			return v; /* a bad one was warned about with the report date */
	}
	return (long long)time(NULL);
}

int
mail_begin(const struct run *r, void **state)
{
	const struct batch_opts *o = r->o;
	*state = NULL;
	if (!o->mail && o->send == NULL && !o->dry_run)
		return 0;
	if (mail_check_sender(r->metrics) != 0)
		return -1;
	struct mail_state *st = xcalloc(1, sizeof(*st));
	*state = st;
	st->date = mail_date();
	mail_init();
	if (o->send == NULL || (o->check && !o->dry_run))
		return 0;
	char *path = xasprintf("%s/sent_%s.jsonl", o->out, r->period);
	/* A dry run creates nothing: it reads the journal when there is one. */
	if (!o->dry_run || access(path, F_OK) == 0)
		st->journal = mail_journal_open(path, o->dry_run);
	bool ok = o->dry_run || st->journal != NULL;
	/* Each journaled mail is counted as already sent when the run reaches it. */
	if (st->journal != NULL && mail_journal_count(st->journal) > 0)
		msg(MSG_NOTE, "%s: %zu mail%s of %s already sent; %s not sent again", path,
		    mail_journal_count(st->journal),
		    mail_journal_count(st->journal) == 1 ? "" : "s", r->period,
		    mail_journal_count(st->journal) == 1 ? "it is" : "they are");
	free(path);
	if (!ok) {
		/* A step whose begin fails is not ended by the run: undone here. */
		mail_end(st);
		*state = NULL;
		return -1;
	}
	if (o->dry_run)
		return 0;
	mail_send_init();
	struct mail_send_opts so = {
	    .url = o->send,
	    .netrc = o->netrc,
	    .cacert = o->cacert,
	    .insecure = o->insecure,
	    .retries = o->send_retries,
	    .backoff = 1.0,
	    .stopped = stopped,
	};
	st->srv = mail_server_new(&so);
	return 0;
}

void
mail_end(void *state)
{
	struct mail_state *st = state;
	if (st == NULL)
		return;
	for (int i = 0; i < POOL_MAX; i++)
		mail_conn_free(st->conns[i]);
	if (st->srv != NULL) {
		mail_server_free(st->srv);
		mail_send_done();
	}
	mail_journal_close(st->journal);
	mail_done();
	free(st);
}

/* The report in place, read whole: malloc'ed, *len bytes; NULL after a message. */
static void *
read_pdf(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0) {
		msg(MSG_ERROR, "cannot read %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	char *buf = xmalloc((size_t)sb.st_size + 1);
	size_t got = 0;
	while (got < (size_t)sb.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)sb.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	*len = got;
	return buf;
}

/* OUT/<id>_<period>.eml, written like every file: under a temporary name, renamed. */
static int
write_eml(const char *final, const struct mail *ml)
{
	struct out_file f;
	if (out_file_open(&f, final) != 0)
		return -1;
	bool ok = out_file_write(&f, ml->data, ml->len);
	if (!ok)
		msg(MSG_ERROR, "%s: cannot write: %s", final, strerror(errno));
	return out_file_close(&f, ok);
}

/* The dry run's lines of one partner: subject, To, Cc, and what the journal says. */
static char *
listing(const struct partner *p, const struct mail *ml, bool sent)
{
	struct sbuf b = {0};
	sbuf_printf(&b, "%s: %s\n", p->id, ml->subject);
	for (int cc = 0; cc < 2; cc++) {
		size_t from = cc ? ml->nto : 0, to = cc ? ml->nrcpt : ml->nto;
		if (from == to)
			continue;
		sbuf_adds(&b, cc ? "  Cc: " : "  To: ");
		for (size_t i = from; i < to; i++) {
			const char *name = ml->names[i];
			if (name != NULL)
				sbuf_printf(&b, "%s%s <%s>", i > from ? ", " : "", name,
				            ml->rcpt[i]);
			else
				sbuf_printf(&b, "%s%s", i > from ? ", " : "", ml->rcpt[i]);
		}
		sbuf_addc(&b, '\n');
	}
	if (sent)
		sbuf_adds(&b, "  already sent (journal): not sent again\n");
	return sbuf_take(&b);
}

/* Sends ml once: the journal first asked, then claimed, then written as soon as the server took it. */
static void
send_once(const struct run *r, struct mail_state *st, struct job *j, const struct mail *ml)
{
	const struct partner *p = j->p;
	/* A signal from here on lets this mail end (docs/mail.md 5), then ends the run. */
	if (!out_hold_signals()) {
		j->mail = MAILJOB_FAILED; /* the run is ending: the signal thread is at work */
		return;
	}
	if (!mail_journal_claim(st->journal, ml->message_id)) {
		out_release_hold();
		j->mail = MAILJOB_ALREADY;
		return;
	}
	if (st->conns[j->worker] == NULL)
		st->conns[j->worker] = mail_conn_new(st->srv);
	struct mail_reply rep;
	enum mail_sent sent = mail_conn_send(st->conns[j->worker], ml, &rep);
	if (sent == MAIL_SENT) {
		/* The one window for a second delivery: from the server's reply to this fsync. */
		bool noted =
		    mail_journal_add(st->journal, p->id, ml, &rep, (long long)time(NULL)) == 0;
		j->mail = noted ? MAILJOB_DONE : MAILJOB_FAILED;
	} else {
		char attempts[48] = "";
		if (rep.attempts > 1)
			snprintf(attempts, sizeof(attempts), " (%d attempts)", rep.attempts);
		/* The server's own words when it said no; else libcurl's. */
		const char *why = sent != MAIL_UNSURE && rep.text[0] >= '4' ? rep.text : rep.error;
		if (sent == MAIL_UNSURE)
			run_partner_msg(
			    r, MSG_ERROR, p,
			    "partner %s: mail perhaps delivered: %s after the whole message "
			    "went out; not sent again in this run, and not in the journal: a "
			    "rerun sends it (ask the recipients first)",
			    p->id, why);
		else
			run_partner_msg(r, MSG_ERROR, p, "partner %s: mail not sent%s: %s", p->id,
			                attempts, why);
		j->mail = MAILJOB_FAILED;
	}
	mail_journal_release(st->journal, ml->message_id);
	out_release_hold();
}

void
mail_step(const struct run *r, struct job *j, void *state)
{
	struct mail_state *st = state;
	if (st == NULL)
		return;
	const struct batch_opts *o = r->o;
	const struct partner *p = j->p;
	struct doc *d = tpl_expand(r->tpl.mail, j->root, j->a);
	if (d == NULL) {
		msg(MSG_ERROR, "partner %s: the mail template could not be expanded", p->id);
		j->mail = MAILJOB_FAILED;
		return;
	}
	const char *subject, *body;
	mail_text(d, j->a, &subject, &body);
	if (subject == NULL) {
		msg(MSG_ERROR,
		    "partner %s: the mail has no subject (<meta><subject> of the mail "
		    "template is empty)",
		    p->id);
		j->mail = MAILJOB_FAILED;
		return;
	}
	size_t len = 0;
	void *pdf = NULL;
	if (j->pdf != NULL && (pdf = read_pdf(j->pdf, &len)) == NULL) {
		j->mail = MAILJOB_FAILED;
		return;
	}
	const char *name = arena_printf(j->a, "%s_%s.pdf", p->id, r->period);
	bool eml = o->mail && !o->check, send = o->send != NULL && !o->check;
	/* The .eml is a draft (X-Unsent: 1); the mail sent is the same without that header. */
	struct mail_spec spec = {r->metrics, p,        r->period, subject,
	                         body,       st->date, name,      pdf != NULL ? pdf : "",
	                         len,        eml};
	struct mail ml;
	enum mail_status cs = mail_compose(&spec, &ml);
	j->mail = cs == MAIL_OK           ? MAILJOB_DONE
	          : cs == MAIL_NO_ADDRESS ? MAILJOB_NO_ADDRESS
	                                  : MAILJOB_FAILED;
	if (cs == MAIL_OK && eml && write_eml(arena_printf(j->a, "%s.eml", j->base), &ml) != 0)
		j->mail = MAILJOB_FAILED;
	if (cs == MAIL_OK && send && j->mail == MAILJOB_DONE) {
		if (eml) {
			mail_free(&ml);
			spec.draft = false;
			cs = mail_compose(&spec, &ml);
		}
		if (cs == MAIL_OK && mail_journal_has(st->journal, ml.message_id))
			j->mail = MAILJOB_ALREADY;
		else if (cs == MAIL_OK)
			send_once(r, st, j, &ml);
	}
	if (cs == MAIL_OK && o->dry_run) {
		bool sent = st->journal != NULL && mail_journal_has(st->journal, ml.message_id);
		j->listing = listing(p, &ml, sent);
		if (sent)
			j->mail = MAILJOB_ALREADY;
	}
	if (cs == MAIL_OK)
		mail_free(&ml);
	free(pdf);
}

void
mail_tally_words(const struct batch_opts *o, const char *words[2])
{
	words[0] = words[1] = NULL;
	if (!o->mail && o->send == NULL && !o->dry_run)
		return;
	if (o->dry_run) {
		words[0] = words[1] = "to mail";
	} else if (o->check) {
		words[0] = "mail checked";
		words[1] = "mails checked";
	} else if (o->send != NULL) {
		words[0] = words[1] = "mailed";
	} else {
		words[0] = "mail written (.eml)";
		words[1] = "mails written (.eml)";
	}
}
