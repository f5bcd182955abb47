/* SPDX-License-Identifier: MIT */
/* One partner's mail as an RFC 5322 / MIME message, composed with GMime 3 (the only file that sees it). */
#include <assert.h>
#include <gmime/gmime.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mail_compose.h"
#include "mem.h"
#include "msg.h"

void
mail_init(void)
{
	g_mime_init();
}

void
mail_done(void)
{
	g_mime_shutdown();
}

/* The metrics came from CSV: messages name a line and a column, not a JSON path. */
static bool
is_csv(const struct metrics *m)
{
	return m->npartners > 0 && m->partners[0].line > 0;
}

/*
 * A message about a field: of partner p (NULL: the vendor's channel manager), at
 * JSON path json (below partners[i], or from the root for the vendor) or, in a
 * CSV file, in column col of the partner's first row.
 */
static void field_msg(enum msg_level lvl, const struct metrics *m, const struct partner *p,
                      const char *json, const char *col, const char *fmt, ...) PR_PRINTF(6, 7);

static void
field_msg(enum msg_level lvl, const struct metrics *m, const struct partner *p, const char *json,
          const char *col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = xvasprintf(fmt, ap);
	va_end(ap);
	if (is_csv(m)) {
		char *file = p != NULL && p->line > 0 ? xasprintf("%s:%ld", m->path, p->line)
		                                      : xstrdup(m->path);
		msg_path(lvl, file, col, "%s", text);
		free(file);
	} else if (p != NULL) {
		char *path = xasprintf("partners[%zu]%s%s", p->index, *json ? "." : "", json);
		msg_path(lvl, m->path, path, "%s", text);
		free(path);
	} else {
		msg_path(lvl, m->path, json, "%s", text);
	}
	free(text);
}

/* Where a person's field is: JSON path and CSV column. */
struct field {
	const char *json; /* "sales_team[1].email" */
	const char *col;  /* "sales_team" */
};

/*
 * A control character (C0, DEL, C1) in a name: RFC 2047 would carry it inside an
 * encoded word, but whoever decodes the header gets a line break in a name. NULL
 * when s has none, else where it is.
 */
static const char *
control_char(const char *s)
{
	for (const unsigned char *u = (const unsigned char *)s; *u != '\0'; u++)
		if (*u < 0x20 || *u == 0x7F || (u[0] == 0xC2 && u[1] >= 0x80 && u[1] <= 0x9F))
			return (const char *)u;
	return NULL;
}

/*
 * The address s as it goes into the message and the envelope, or NULL with *why
 * set. GMime's parser (strict RFC 5322) must read s as exactly one mailbox without
 * a name, the whole of s and nothing else: "a@b@c" would be read as "a@b", and
 * "a, b@c" as two. The domain goes out in its ASCII form (IDNA); a local part
 * must be ASCII (otherwise the server would have to speak SMTPUTF8).
 */
static char *
parse_address(const char *s, const char **why)
{
	for (const unsigned char *u = (const unsigned char *)s; *u != '\0'; u++)
		if (*u <= 0x20 || *u == 0x7F) {
			*why = "not an e-mail address (it holds a space or a control character)";
			return NULL;
		}
	const char *at = strrchr(s, '@');
	for (const char *c = s; at != NULL && c < at; c++)
		if ((unsigned char)*c >= 0x80) {
			*why = "an e-mail address with non-ASCII characters before the @ would "
			       "need SMTPUTF8, which not every server takes";
			return NULL;
		}
	*why = "not an e-mail address (GMime's parser does not read it as one)";
	GMimeParserOptions *po = g_mime_parser_options_new();
	g_mime_parser_options_set_address_compliance_mode(po, GMIME_RFC_COMPLIANCE_STRICT);
	InternetAddressList *l = internet_address_list_parse(po, s);
	g_mime_parser_options_free(po);
	char *addr = NULL;
	if (l != NULL && internet_address_list_length(l) == 1) {
		InternetAddress *a = internet_address_list_get_address(l, 0);
		const char *name = internet_address_get_name(a);
		if (INTERNET_ADDRESS_IS_MAILBOX(a) && (name == NULL || *name == '\0')) {
			InternetAddressMailbox *mb = INTERNET_ADDRESS_MAILBOX(a);
			const char *got = internet_address_mailbox_get_addr(mb);
			const char *idn = internet_address_mailbox_get_idn_addr(mb);
			if (got != NULL && idn != NULL && strcmp(got, s) == 0 &&
			    strchr(idn, '@') != NULL)
				addr = xstrdup(idn);
		}
	}
	if (l != NULL)
		g_object_unref(l);
	return addr;
}

/*
 * A person as a mailbox: name checked, address parsed. 0 with *addr set (or NULL
 * when the person has no address); -1 after an error about the field.
 */
static int
check_person(const struct metrics *m, const struct partner *p, const struct person *who,
             const struct field *name, const struct field *email, char **addr)
{
	char q[MSG_QUOTE_SIZE];
	char pfx[96];
	*addr = NULL;
	if (p != NULL)
		snprintf(pfx, sizeof(pfx), "partner %s: ", p->id);
	else
		pfx[0] = '\0';
	if (who->name != NULL && control_char(who->name) != NULL) {
		field_msg(MSG_ERROR, m, p, name->json, name->col,
		          "%sa name in a mail header must not hold a control character (a line "
		          "break could add a header): %s",
		          pfx, msg_quote(q, who->name));
		return -1;
	}
	if (who->name != NULL && strstr(who->name, "=?") != NULL) {
		/*
		 * GMime quotes it, but mail programs decode an encoded word even inside
		 * quotes (Python's email calls that a defect): the name would show as
		 * something else than the data says.
		 */
		field_msg(MSG_ERROR, m, p, name->json, name->col,
		          "%sa name in a mail header must not hold \"=?\" (it would read as an "
		          "encoded word): %s",
		          pfx, msg_quote(q, who->name));
		return -1;
	}
	if (who->email == NULL)
		return 0;
	const char *why;
	*addr = parse_address(who->email, &why);
	if (*addr == NULL) {
		field_msg(MSG_ERROR, m, p, email->json, email->col, "%s%s: %s", pfx, why,
		          msg_quote(q, who->email));
		return -1;
	}
	return 0;
}

int
mail_check_sender(const struct metrics *m)
{
	static const struct field name = {"vendor.channel_manager.name", "channel_manager_name"};
	static const struct field email = {"vendor.channel_manager.email", "channel_manager_email"};
	if (m->manager.email == NULL) {
		field_msg(MSG_ERROR, m, NULL, email.json, email.col,
		          "the mails go out from the channel manager: an e-mail address is "
		          "needed");
		return -1;
	}
	char *addr;
	if (check_person(m, NULL, &m->manager, &name, &email, &addr) != 0)
		return -1;
	free(addr);
	return 0;
}

/* Is addr (case folded) one of the first n of list? */
static bool
listed(char *const *list, size_t n, const char *addr)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(list[i], addr) == 0)
			return true;
	return false;
}

/* FNV-1a, for the multipart boundary. */
static uint64_t
hash64(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);
	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return h;
}

/*
 * The recipients into out: To every team member with an address (each address
 * once), Cc the contact unless already a recipient. 0, or -1 after an error.
 */
static int
recipients(const struct mail_spec *s, struct mail *out)
{
	const struct partner *p = s->p;
	size_t cap = p->nteam + 1;
	out->rcpt = xcalloc(cap, sizeof(*out->rcpt));
	out->names = xcalloc(cap, sizeof(*out->names));
	int rc = 0;
	for (size_t i = 0; i < p->nteam; i++) {
		char jn[64], je[64];
		snprintf(jn, sizeof(jn), "sales_team[%zu].name", i);
		snprintf(je, sizeof(je), "sales_team[%zu].email", i);
		struct field fn = {jn, "sales_team"}, fe = {je, "sales_team"};
		char *addr;
		if (check_person(s->m, p, &p->team[i], &fn, &fe, &addr) != 0) {
			rc = -1; /* the other fields are checked too: every problem at once */
			continue;
		}
		if (addr == NULL || listed(out->rcpt, out->nrcpt, addr)) {
			free(addr);
			continue;
		}
		out->names[out->nrcpt] = p->team[i].name;
		out->rcpt[out->nrcpt++] = addr;
	}
	out->nto = out->nrcpt;
	if (p->has_contact) {
		static const struct field fn = {"contact.name", "contact_name"};
		static const struct field fe = {"contact.email", "contact_email"};
		char *addr;
		if (check_person(s->m, p, &p->contact, &fn, &fe, &addr) != 0) {
			rc = -1;
		} else if (addr != NULL && !listed(out->rcpt, out->nrcpt, addr)) {
			out->names[out->nrcpt] = p->contact.name;
			out->rcpt[out->nrcpt++] = addr;
			/* Without a team address the contact is the recipient, not a copy. */
			if (out->nto == 0)
				out->nto = 1;
		} else {
			free(addr);
		}
	}
	return rc;
}

/* The message's bytes, CR LF, into out. */
static void
write_message(GMimeMessage *msg, struct mail *out)
{
	GMimeFormatOptions *fo = g_mime_format_options_new();
	g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_DOS);
	GMimeStream *st = g_mime_stream_mem_new();
	g_mime_object_write_to_stream(GMIME_OBJECT(msg), fo, st);
	GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(st));
	out->len = ba->len;
	out->data = xmalloc(ba->len + 1);
	memcpy(out->data, ba->data, ba->len);
	out->data[out->len] = '\0';
	g_object_unref(st);
	g_mime_format_options_free(fo);
}

static GMimeObject *
text_part(const char *body)
{
	GMimeTextPart *t = g_mime_text_part_new_with_subtype("plain");
	g_mime_text_part_set_text(t, body);
	g_mime_text_part_set_charset(t, "utf-8");
	/*
	 * Always quoted-printable, even for ASCII text: then no line of the part can
	 * read as the boundary ("=" is written =3D), and long lines are folded.
	 */
	g_mime_part_set_content_encoding(GMIME_PART(t), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
	return GMIME_OBJECT(t);
}

static GMimeObject *
pdf_part(const struct mail_spec *s)
{
	GMimePart *part = g_mime_part_new_with_type("application", "pdf");
	GMimeStream *st = g_mime_stream_mem_new_with_buffer(s->pdf, s->pdf_len);
	GMimeDataWrapper *w = g_mime_data_wrapper_new_with_stream(st, GMIME_CONTENT_ENCODING_DEFAULT);
	g_mime_part_set_content(part, w);
	g_object_unref(w);
	g_object_unref(st);
	g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
	g_mime_object_set_disposition(GMIME_OBJECT(part), GMIME_DISPOSITION_ATTACHMENT);
	/* Content-Disposition filename= and Content-Type name= both: older Outlooks read the latter. */
	g_mime_part_set_filename(part, s->pdf_name);
	g_mime_object_set_content_type_parameter(GMIME_OBJECT(part), "name", s->pdf_name);
	return GMIME_OBJECT(part);
}

enum mail_status
mail_compose(const struct mail_spec *s, struct mail *out)
{
	assert(s->m != NULL && s->p != NULL && s->p->id != NULL && s->period != NULL);
	assert(s->subject != NULL && s->body != NULL && s->pdf_name != NULL);
	memset(out, 0, sizeof(*out));
	const struct metrics *m = s->m;
	const struct partner *p = s->p;
	char q[MSG_QUOTE_SIZE];

	static const struct field mname = {"vendor.channel_manager.name", "channel_manager_name"};
	static const struct field memail = {"vendor.channel_manager.email",
	                                    "channel_manager_email"};
	char *from = NULL;
	if (m->manager.email == NULL || check_person(m, NULL, &m->manager, &mname, &memail,
	                                             &from) != 0 || from == NULL) {
		if (m->manager.email == NULL)
			msg(MSG_ERROR, "partner %s: no mail without the channel manager's e-mail "
			    "address", p->id);
		return MAIL_INVALID;
	}
	if (recipients(s, out) != 0) {
		free(from);
		mail_free(out);
		return MAIL_INVALID;
	}
	if (control_char(s->subject) != NULL) {
		msg(MSG_ERROR, "partner %s: the mail's subject holds a control character: %s",
		    p->id, msg_quote(q, s->subject));
		free(from);
		mail_free(out);
		return MAIL_INVALID;
	}
	if (out->nrcpt == 0) {
		field_msg(MSG_WARNING, m, p, "sales_team", "sales_team",
		          "partner %s: no e-mail address in its sales team or contact: no mail",
		          p->id);
		free(from);
		mail_free(out);
		return MAIL_NO_ADDRESS;
	}

	GMimeMessage *msg = g_mime_message_new(TRUE);
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM, m->manager.name, from);
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_REPLY_TO, m->manager.name, from);
	for (size_t i = 0; i < out->nrcpt; i++)
		g_mime_message_add_mailbox(msg, i < out->nto ? GMIME_ADDRESS_TYPE_TO
		                                             : GMIME_ADDRESS_TYPE_CC,
		                           out->names[i], out->rcpt[i]);
	g_mime_message_set_subject(msg, s->subject, "utf-8");
	GDateTime *dt = g_date_time_new_from_unix_utc((gint64)s->date);
	g_mime_message_set_date(msg, dt);
	g_date_time_unref(dt);

	/* Dots of the id as "=2E" ('=' is no id character): the left part stays a dot-atom. */
	struct sbuf id = {0};
	for (const char *c = p->id; *c != '\0'; c++)
		if (*c == '.')
			sbuf_adds(&id, "=2E");
		else
			sbuf_addc(&id, *c);
	out->message_id = xasprintf("%s.%s.partnerreview@%s", id.s, s->period, strrchr(from, '@') + 1);
	sbuf_free(&id);
	g_mime_message_set_message_id(msg, out->message_id);
	if (s->draft)
		g_mime_object_set_header(GMIME_OBJECT(msg), "X-Unsent", "1", NULL);

	GMimeMultipart *mp = g_mime_multipart_new_with_subtype("mixed");
	/* A fixed boundary (GMime draws a random one): "=-" never occurs in base64 or QP. */
	char boundary[48];
	snprintf(boundary, sizeof(boundary), "=-partnerreview-%016llx",
	         (unsigned long long)hash64(out->message_id));
	g_mime_multipart_set_boundary(mp, boundary);
	GMimeObject *text = text_part(s->body), *pdf = pdf_part(s);
	g_mime_multipart_add(mp, text);
	g_mime_multipart_add(mp, pdf);
	g_object_unref(text);
	g_object_unref(pdf);
	g_mime_message_set_mime_part(msg, GMIME_OBJECT(mp));
	g_object_unref(mp);

	write_message(msg, out);
	g_object_unref(msg);
	out->from = from;
	out->subject = xstrdup(s->subject);
	return MAIL_OK;
}

void
mail_free(struct mail *ml)
{
	for (size_t i = 0; i < ml->nrcpt; i++)
		free(ml->rcpt[i]);
	free(ml->rcpt);
	free(ml->names);
	free(ml->data);
	free(ml->from);
	free(ml->message_id);
	free(ml->subject);
	memset(ml, 0, sizeof(*ml));
}
