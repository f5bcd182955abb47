/* SPDX-License-Identifier: MIT */
/* One partner's mail as an RFC 5322 / MIME message (GMime): the only file that sees gmime.h. */
#ifndef PR_MAIL_COMPOSE_H
#define PR_MAIL_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

/*
 * What a partner's mail is made of; everything is borrowed. Strings are UTF-8.
 * The message is deterministic: the same spec gives the same bytes.
 */
struct mail_spec {
	const struct metrics *m; /* the channel manager (From, Reply-To), the file for messages */
	const struct partner *p; /* its sales team (To) and contact (Cc) */
	const char *period;      /* "2026-Q3": in the Message-ID */
	const char *subject;     /* one line, from the mail template */
	const char *body;        /* lines ending in "\n", from the mail template */
	long long date;          /* the Date header, seconds since 1970 (UTC) */
	const char *pdf_name;    /* the attachment's file name, "US-CA-014_2026-Q3.pdf" */
	const void *pdf;         /* its bytes */
	size_t pdf_len;
	bool draft; /* X-Unsent: 1 (the .eml file: Outlook opens it as a draft) */
};

/* A composed message and its envelope. */
struct mail {
	char *data; /* the message, CR LF line ends, NUL-terminated */
	size_t len;
	char *from;         /* envelope sender: the channel manager's address */
	char **rcpt;        /* envelope recipients: To, then Cc; addresses as written */
	const char **names; /* their names (borrowed from the model; NULL: none), as rcpt */
	size_t nrcpt, nto;  /* the first nto of them are To, the rest Cc */
	char *message_id;   /* without the angle brackets */
	char *subject;      /* as given */
};

enum mail_status {
	MAIL_OK,
	MAIL_NO_ADDRESS, /* no team member and no contact has an address: a warning was printed */
	MAIL_INVALID     /* a name or address is unusable: an error was printed */
};

/*
 * Initializes GMime; call once before the workers start (mail_compose is then
 * safe from several threads, each with its own messages). mail_done releases it.
 */
void mail_init(void);
void mail_done(void);

/*
 * Checks the sender, the channel manager (vendor.channel_manager.name and .email):
 * present, one address by GMime's parser, no control character in the name.
 * 0, or -1 after a message (no mail can be made in this run).
 */
int mail_check_sender(const struct metrics *m);

/*
 * Composes the partner's mail into *out: From and Reply-To the channel manager; To
 * every sales team member with an address; Cc the contact when it has an address
 * that is not already a recipient (To when no team member has one); Subject; Date; Message-ID
 * <ID.PERIOD.partnerreview@DOMAIN> (DOMAIN the channel manager's); a text/plain
 * body (UTF-8, quoted-printable where needed) and the PDF attached (base64).
 * Names are encoded (RFC 2047) as needed; a name with a control character (CR, LF,
 * ...), an address GMime's parser does not read as exactly one address, and an
 * address with a non-ASCII local part (it would need SMTPUTF8) are refused with an
 * error naming the partner and the field (file: JSON path, or file:line: column).
 * MAIL_OK: *out is filled and belongs to the caller (mail_free). Otherwise *out is
 * left empty.
 */
enum mail_status mail_compose(const struct mail_spec *s, struct mail *out);

/* Frees what *ml holds (not ml itself); a zeroed struct mail is fine. */
void mail_free(struct mail *ml);

#endif
