/* SPDX-License-Identifier: MIT */
/* Delivering composed mails over SMTP with libcurl: the only file that sees curl.h. */
#ifndef PR_MAIL_SEND_H
#define PR_MAIL_SEND_H

#include <stdbool.h>
#include <stddef.h>

#include "mail_compose.h"

struct mail_send_opts {
	const char *url;   /* smtp://HOST[:PORT] (STARTTLS required) or smtps://HOST[:PORT] */
	const char *netrc; /* the credentials file (netrc form); NULL: ~/.netrc when there is one */
	const char *cacert; /* the CA certificates to verify the server with; NULL: the system's */
	bool insecure;      /* do not verify the server's certificate and name */
	int retries;        /* a temporary failure is tried again this many times */
	double backoff;     /* seconds before the first retry, doubled for each next one */
	int (*stopped)(void); /* nonzero: no more waiting or retrying (a signal); may be NULL */
};

/*
 * Checks a --send URL: smtp:// or smtps://, a host, no password (credentials never
 * go on the command line: ps shows it to every user of the machine). NULL when it is
 * usable, else why not (a static string).
 */
const char *mail_send_check_url(const char *url);

/* Initializes libcurl: once, before the workers start; mail_send_done at the end. */
void mail_send_init(void);
void mail_send_done(void);

/*
 * The server of a run: its options (copied, strings borrowed) and what the workers
 * learn about it together (it is down: no more retries). mail_server_free(NULL) is
 * a no-op.
 */
struct mail_server;
struct mail_server *mail_server_new(const struct mail_send_opts *o);
void mail_server_free(struct mail_server *srv);

/*
 * One worker's connection to the server, kept open from mail to mail (libcurl
 * reuses it; a connection the server closed is opened again). Not shared between
 * threads. mail_conn_free(NULL) is a no-op.
 */
struct mail_conn;
struct mail_conn *mail_conn_new(struct mail_server *srv);
void mail_conn_free(struct mail_conn *c);

enum mail_sent {
	MAIL_SENT,      /* the server accepted it (reply: its last line, "250 ...") */
	MAIL_REJECTED,  /* a permanent failure: a 5xx reply, TLS or login refused, ... */
	MAIL_TEMPORARY, /* 4xx or connection trouble, still so after the retries */
	MAIL_UNSURE     /* the connection was lost after the whole message went out: the
	                   server may have accepted it; not tried again */
};

struct mail_reply {
	char text[512];  /* the server's last reply line, "" when there was none */
	char error[256]; /* MAIL_SENT: ""; otherwise what went wrong, one line */
	int attempts;    /* how many times the mail was tried */
};

/*
 * Sends ml (envelope: ml->from to ml->rcpt) on c. Temporary failures (a 4xx reply,
 * a connection refused or lost before the whole message went out) are tried again
 * up to the server's retries with a doubling pause; a permanent one (5xx, a TLS or
 * login failure) is not. Prints nothing: *r says what happened.
 */
enum mail_sent mail_conn_send(struct mail_conn *c, const struct mail *ml, struct mail_reply *r);

#endif
