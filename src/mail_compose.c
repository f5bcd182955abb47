/* SPDX-License-Identifier: MIT */
/* One partner's mail as an RFC 5322 / MIME message, composed with GMime 3 (the only file that sees it). */
#include <assert.h>
#include <gmime/gmime.h>
#include <iconv.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mail_compose.h"
#include "mem.h"
#include "msg.h"

/*
 * GMime encodes a name or subject in the smallest charset that holds it (ISO-8859-1,
 * -2, ...) through iconv, and glibc loads that converter (a shared object) at each
 * iconv_open and unloads it again with the last iconv_close: an openat and a dlopen
 * for every name outside ASCII. Each charset GMime is about to use is opened once
 * here and held until mail_done, which keeps its converter loaded.
 */
enum { HELD_MAX = 16 };
static pthread_mutex_t held_lock = PTHREAD_MUTEX_INITIALIZER;
static struct held {
	const char *charset; /* GMime's static name */
	iconv_t cd;
} held[HELD_MAX];
static size_t nheld;

static void
hold_charset(const char *text)
{
	if (text == NULL)
		return;
	const char *cs = g_mime_charset_best(text, strlen(text));
	if (cs == NULL || g_ascii_strcasecmp(cs, "utf-8") == 0 ||
	    g_ascii_strcasecmp(cs, "us-ascii") == 0)
		return;
	pthread_mutex_lock(&held_lock);
	bool known = false;
	for (size_t i = 0; i < nheld && !known; i++)
		known = strcmp(held[i].charset, cs) == 0;
	if (!known && nheld < HELD_MAX) {
		iconv_t cd = iconv_open(g_mime_charset_iconv_name(cs), "UTF-8");
		if (cd != (iconv_t)-1)
			held[nheld++] = (struct held){cs, cd};
	}
	pthread_mutex_unlock(&held_lock);
}

void
mail_init(void)
{
	g_mime_init();
}

void
mail_done(void)
{
	for (size_t i = 0; i < nheld; i++)
		iconv_close(held[i].cd);
	nheld = 0;
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

static bool
has_8bit(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return true;
	return false;
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
			/* IDNA (libidn2) only for a non-ASCII domain: it costs a fifth of a mail. */
			const char *idn = got == NULL || strchr(got, '@') == NULL ? NULL
			                  : has_8bit(strrchr(got, '@'))
			                      ? internet_address_mailbox_get_idn_addr(mb)
			                      : got;
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

/*
 * A header's mailboxes in one go: the message's list re-encodes the whole header on
 * every change, so mailboxes added one by one cost the square of their number.
 */
static void
add_list(GMimeMessage *msg, GMimeAddressType type, const char *const *names, char *const *addrs,
         size_t n)
{
	if (n == 0)
		return;
	InternetAddressList *l = internet_address_list_new();
	for (size_t i = 0; i < n; i++) {
		InternetAddress *ia = internet_address_mailbox_new(names[i], addrs[i]);
		internet_address_list_add(l, ia);
		g_object_unref(ia);
	}
	internet_address_list_append(g_mime_message_get_addresses(msg, type), l);
	g_object_unref(l);
}

/* Appends s[0..n) to *o with every LF made CR LF. */
static void
add_crlf(char **o, const char *s, size_t n)
{
	const char *end = s + n;
	for (const char *nl; (nl = memchr(s, '\n', (size_t)(end - s))) != NULL; s = nl + 1) {
		memcpy(*o, s, (size_t)(nl - s));
		*o += nl - s;
		memcpy(*o, "\r\n", 2);
		*o += 2;
	}
	memcpy(*o, s, (size_t)(end - s));
	*o += end - s;
}

static size_t
count_lf(const char *s, size_t n)
{
	size_t lines = 0;
	for (const char *end = s + n; (s = memchr(s, '\n', (size_t)(end - s))) != NULL; s++)
		lines++;
	return lines;
}

/*
 * The message's bytes into out, CR LF, with the PDF's base64 (pdf64, lines ending
 * in LF) as the content of the last part. GMime writes the whole message, every
 * header and boundary, but with the attachment empty and with bare LF: written
 * through GMime's stream filters (newline conversion byte by byte) the attachment
 * cost more than all the rest of the mail. An empty last part ends in its blank
 * line and the closing delimiter "\n--BOUNDARY--\n", which nothing before it can
 * hold ("=-" appears in neither quoted-printable nor base64): the content goes
 * right before that delimiter, where GMime would have written it.
 */
static void
write_message(GMimeMessage *msg, const char *boundary, const char *pdf64, size_t pdf64_len,
              struct mail *out)
{
	GMimeFormatOptions *fo = g_mime_format_options_new();
	g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_UNIX);
	GByteArray *lf = g_byte_array_sized_new(8192);
	GMimeStream *st = g_mime_stream_mem_new_with_byte_array(lf);
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(st), FALSE);
	g_mime_object_write_to_stream(GMIME_OBJECT(msg), fo, st);
	g_object_unref(st);
	g_mime_format_options_free(fo);

	char close[96];
	int cl = snprintf(close, sizeof(close), "\n--%s--\n", boundary);
	const char *text = (const char *)lf->data;
	size_t len = lf->len;
	assert(cl > 0 && len >= (size_t)cl &&
	       memcmp(text + len - (size_t)cl, close, (size_t)cl) == 0);
	size_t at = len - (size_t)cl;
	out->data = xmalloc(len + pdf64_len + count_lf(text, len) + count_lf(pdf64, pdf64_len) + 1);
	char *o = out->data;
	add_crlf(&o, text, at);
	add_crlf(&o, pdf64, pdf64_len);
	add_crlf(&o, text + at, len - at);
	*o = '\0';
	out->len = (size_t)(o - out->data);
	g_byte_array_free(lf, TRUE);
}

/* The PDF in base64 by GMime's encoder, lines of 76 ending in LF: malloc'ed, *len bytes. */
static char *
base64(const void *data, size_t n, size_t *len)
{
	char *b = xmalloc(GMIME_BASE64_ENCODE_LEN(n) + 1);
	int state = 0;
	guint32 save = 0;
	*len = g_mime_encoding_base64_encode_close(data, n, (unsigned char *)b, &state, &save);
	return b;
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

/*
 * The attachment's part: its headers by GMime, its content left empty here and put
 * in by write_message (see there).
 */
static GMimeObject *
pdf_part(const struct mail_spec *s)
{
	GMimePart *part = g_mime_part_new_with_type("application", "pdf");
	GMimeStream *st = g_mime_stream_mem_new();
	GMimeDataWrapper *w =
	    g_mime_data_wrapper_new_with_stream(st, GMIME_CONTENT_ENCODING_BASE64);
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
	if (m->manager.email == NULL ||
	    check_person(m, NULL, &m->manager, &mname, &memail, &from) != 0 || from == NULL) {
		if (m->manager.email == NULL)
			msg(MSG_ERROR,
			    "partner %s: no mail without the channel manager's e-mail "
			    "address",
			    p->id);
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

	hold_charset(m->manager.name);
	hold_charset(s->subject);
	for (size_t i = 0; i < out->nrcpt; i++)
		hold_charset(out->names[i]);
	GMimeMessage *msg = g_mime_message_new(TRUE);
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM, m->manager.name, from);
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_REPLY_TO, m->manager.name, from);
	add_list(msg, GMIME_ADDRESS_TYPE_TO, (const char *const *)out->names, out->rcpt, out->nto);
	add_list(msg, GMIME_ADDRESS_TYPE_CC, (const char *const *)out->names + out->nto,
	         out->rcpt + out->nto, out->nrcpt - out->nto);
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
	out->message_id =
	    xasprintf("%s.%s.partnerreview@%s", id.s, s->period, strrchr(from, '@') + 1);
	sbuf_free(&id);
	g_mime_message_set_message_id(msg, out->message_id);
	if (s->draft)
		g_mime_object_set_header(GMIME_OBJECT(msg), "X-Unsent", "1", NULL);

	/*
	 * A fixed boundary: "=-" never occurs in base64 or QP. Given with the content
	 * type, since g_mime_multipart_new_with_subtype reads /dev/urandom for a random
	 * one first (an open and a read per mail).
	 */
	char boundary[48];
	snprintf(boundary, sizeof(boundary), "=-partnerreview-%016llx",
	         (unsigned long long)hash64(out->message_id));
	GMimeContentType *ct = g_mime_content_type_new("multipart", "mixed");
	g_mime_content_type_set_parameter(ct, "boundary", boundary);
	GMimeMultipart *mp = g_object_new(GMIME_TYPE_MULTIPART, NULL);
	g_mime_object_set_content_type(GMIME_OBJECT(mp), ct);
	g_object_unref(ct);
	GMimeObject *text = text_part(s->body), *pdf = pdf_part(s);
	g_mime_multipart_add(mp, text);
	g_mime_multipart_add(mp, pdf);
	g_object_unref(text);
	g_object_unref(pdf);
	g_mime_message_set_mime_part(msg, GMIME_OBJECT(mp));
	g_object_unref(mp);

	size_t pdf64_len;
	char *pdf64 = base64(s->pdf, s->pdf_len, &pdf64_len);
	write_message(msg, boundary, pdf64, pdf64_len, out);
	free(pdf64);
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
