/* SPDX-License-Identifier: MIT */
/* Delivering composed mails over SMTP with libcurl (the only file that sees it), one connection per worker. */
#include <assert.h>
#include <curl/curl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "mail_send.h"
#include "mem.h"

const char *
mail_send_check_url(const char *url)
{
	CURLU *u = curl_url();
	const char *why = NULL;
	char *scheme = NULL, *host = NULL, *password = NULL;
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		why = "not a URL; expected smtp://HOST:PORT or smtps://HOST:PORT";
	else if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	         (strcasecmp(scheme, "smtp") != 0 && strcasecmp(scheme, "smtps") != 0))
		why = "expected smtp://HOST:PORT (STARTTLS) or smtps://HOST:PORT";
	else if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || *host == '\0')
		why = "the URL names no server";
	else if (curl_url_get(u, CURLUPART_PASSWORD, &password, 0) == CURLUE_OK)
		why = "a password does not belong on the command line (every user of the "
		      "machine can read it there): put it into ~/.netrc or the file of "
		      "--netrc-file";
	curl_free(scheme);
	curl_free(host);
	curl_free(password);
	curl_url_cleanup(u);
	return why;
}

void
mail_send_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

void
mail_send_done(void)
{
	curl_global_cleanup();
}

struct mail_server {
	struct mail_send_opts o;
	/*
	 * Set when a mail failed for want of a connection after all its retries: the
	 * server is away, and the next mails are tried once each rather than each
	 * waiting through the whole backoff. Cleared by any reply of the server.
	 */
	atomic_bool down;
};

struct mail_server *
mail_server_new(const struct mail_send_opts *o)
{
	assert(o->url != NULL && o->retries >= 0 && o->backoff >= 0);
	struct mail_server *srv = xcalloc(1, sizeof(*srv));
	srv->o = *o;
	atomic_init(&srv->down, false);
	return srv;
}

void
mail_server_free(struct mail_server *srv)
{
	free(srv);
}

struct mail_conn {
	struct mail_server *srv;
	CURL *h;
	char errbuf[CURL_ERROR_SIZE];
	/* The message being sent. */
	const char *data;
	size_t len, off;
	bool eof; /* libcurl has taken the whole message (it may be on the wire) */
	/* The server's replies of the current attempt: the last line and its code. */
	char line[512];
	size_t linelen;
	char last[512];
	int code;
};

static size_t
read_cb(char *buf, size_t size, size_t n, void *arg)
{
	struct mail_conn *c = arg;
	size_t want = size * n, left = c->len - c->off;
	if (left == 0) {
		c->eof = true;
		return 0;
	}
	if (want > left)
		want = left;
	memcpy(buf, c->data + c->off, want);
	c->off += want;
	/* libcurl knows the size (CURLOPT_INFILESIZE) and may not ask again: done now. */
	if (c->off == c->len)
		c->eof = true;
	return want;
}

/* libcurl hands every SMTP reply line to the header callback. */
static size_t
header_cb(char *buf, size_t size, size_t n, void *arg)
{
	struct mail_conn *c = arg;
	size_t len = size * n;
	for (size_t i = 0; i < len; i++) {
		char ch = buf[i];
		if (ch == '\n') {
			c->line[c->linelen] = '\0';
			/*
			 * The first refusal stays: after it libcurl says QUIT, and the
			 * server's "221 Bye" must not hide why the mail failed.
			 */
			if (c->linelen >= 3 && c->line[0] >= '1' && c->line[0] <= '5' &&
			    c->code < 400) {
				memcpy(c->last, c->line, c->linelen + 1);
				c->code = (c->line[0] - '0') * 100 + (c->line[1] - '0') * 10 +
				          (c->line[2] - '0');
			}
			c->linelen = 0;
		} else if (ch != '\r' && c->linelen + 1 < sizeof(c->line)) {
			/* Control characters of a hostile server stay out of our messages. */
			c->line[c->linelen++] = (unsigned char)ch < 0x20 ? ' ' : ch;
		}
	}
	return len;
}

/*
 * A signal (Ctrl-C) stops a mail still going out, which the server cannot have
 * accepted yet; a mail whose last byte went out waits for the server's reply, so
 * that it is journaled when accepted (a second signal ends the run at once).
 */
static int
progress_cb(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	(void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	struct mail_conn *c = arg;
	const struct mail_send_opts *o = &c->srv->o;
	return !c->eof && o->stopped != NULL && o->stopped() != 0;
}

struct mail_conn *
mail_conn_new(struct mail_server *srv)
{
	const struct mail_send_opts *o = &srv->o;
	struct mail_conn *c = xcalloc(1, sizeof(*c));
	c->srv = srv;
	c->h = curl_easy_init();
	if (c->h == NULL) {
		fprintf(stderr, "partnerreview: fatal: libcurl could not start\n");
		exit(2);
	}
	CURL *h = c->h;
	curl_easy_setopt(h, CURLOPT_URL, o->url);
	/* smtp:// must switch to TLS (STARTTLS) or fail; smtps:// speaks TLS from the start. */
	curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	curl_easy_setopt(h, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
	if (o->netrc != NULL)
		curl_easy_setopt(h, CURLOPT_NETRC_FILE, o->netrc);
	if (o->cacert != NULL)
		curl_easy_setopt(h, CURLOPT_CAINFO, o->cacert);
	if (o->insecure) {
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); /* threads: no SIGALRM for timeouts */
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 30L);
	curl_easy_setopt(h, CURLOPT_SERVER_RESPONSE_TIMEOUT, 120L);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, c);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, c);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->errbuf);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, progress_cb);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, c);
	return c;
}

void
mail_conn_free(struct mail_conn *c)
{
	if (c == NULL)
		return;
	curl_easy_cleanup(c->h); /* says QUIT on an open connection */
	free(c);
}

/* Failures of the connection rather than of the mail: worth another try. */
static bool
connection_trouble(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_SSL_CONNECT_ERROR: /* a handshake cut off; a wrong setup fails again */
		return true;
	default:
		return false;
	}
}

/* One attempt. */
static enum mail_sent
attempt(struct mail_conn *c, const struct mail *ml, struct curl_slist *rcpt, struct mail_reply *r,
        bool *replied)
{
	c->data = ml->data;
	c->len = ml->len;
	c->off = 0;
	c->eof = false;
	c->linelen = 0;
	c->last[0] = '\0';
	c->code = 0;
	c->errbuf[0] = '\0';
	curl_easy_setopt(c->h, CURLOPT_MAIL_FROM, ml->from);
	curl_easy_setopt(c->h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c->h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)ml->len);
	CURLcode rc = curl_easy_perform(c->h);
	*replied = c->code != 0;
	snprintf(r->text, sizeof(r->text), "%s", c->last);
	if (rc == CURLE_OK) {
		r->error[0] = '\0';
		return MAIL_SENT;
	}
	if (rc == CURLE_ABORTED_BY_CALLBACK)
		snprintf(r->error, sizeof(r->error),
		         "stopped by a signal before the message went out");
	else
		snprintf(r->error, sizeof(r->error), "%s",
		         c->errbuf[0] ? c->errbuf : curl_easy_strerror(rc));
	if (c->code >= 500)
		return MAIL_REJECTED;
	if (c->code >= 400)
		return MAIL_TEMPORARY;
	if (!connection_trouble(rc))
		return MAIL_REJECTED;
	/*
	 * Lost after libcurl took the whole message: the server may have accepted it
	 * before the line broke. Sending it again could deliver it twice.
	 */
	return c->eof ? MAIL_UNSURE : MAIL_TEMPORARY;
}

/* Waits s seconds, in short steps so that a signal ends the wait; false when stopped. */
static bool
pause_for(const struct mail_send_opts *o, double s)
{
	for (double waited = 0; waited < s; waited += 0.05) {
		if (o->stopped != NULL && o->stopped() != 0)
			return false;
		struct timespec ts = {0, 50 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	return o->stopped == NULL || o->stopped() == 0;
}

enum mail_sent
mail_conn_send(struct mail_conn *c, const struct mail *ml, struct mail_reply *r)
{
	assert(ml->data != NULL && ml->from != NULL && ml->nrcpt > 0);
	const struct mail_send_opts *o = &c->srv->o;
	struct curl_slist *rcpt = NULL;
	for (size_t i = 0; i < ml->nrcpt; i++) {
		struct curl_slist *next = curl_slist_append(rcpt, ml->rcpt[i]);
		if (next == NULL) {
			fprintf(stderr, "partnerreview: fatal: out of memory\n");
			exit(2);
		}
		rcpt = next;
	}
	memset(r, 0, sizeof(*r));
	enum mail_sent st = MAIL_TEMPORARY;
	double wait = o->backoff;
	for (;;) {
		bool replied;
		r->attempts++;
		st = attempt(c, ml, rcpt, r, &replied);
		if (replied)
			atomic_store(&c->srv->down, false);
		if (st != MAIL_TEMPORARY)
			break;
		bool down = atomic_load(&c->srv->down);
		if (r->attempts > o->retries || down) {
			if (!replied)
				atomic_store(&c->srv->down, true);
			break;
		}
		if (!pause_for(o, wait))
			break;
		wait *= 2;
	}
	curl_slist_free_all(rcpt);
	return st;
}
