/* SPDX-License-Identifier: MIT */
/* The one entry point for every diagnostic the program prints. */
#include <assert.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "utf8.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
/* A worker collects its partner's messages here, printed in partner order later. */
static _Thread_local struct sbuf *capture;
/* A reader beside another keeps its messages here, uncounted (msg_hold). */
static _Thread_local struct msg_held *held;
static size_t counts[MSG_LEVELS];
static enum msg_level threshold = MSG_NOTE;

static const char *const names[MSG_LEVELS] = {"note", "warning", "error"};

/* One line, counted, to this thread's capture or standard error; under lock. */
static void
put(enum msg_level lvl, const char *where, const char *text)
{
	counts[lvl]++;
	if (lvl < threshold)
		return;
	/* One fprintf per line keeps lines whole when workers print at once. */
	if (capture != NULL && where != NULL)
		sbuf_printf(capture, "partnerreview: %s: %s: %s\n", where, names[lvl], text);
	else if (capture != NULL)
		sbuf_printf(capture, "partnerreview: %s: %s\n", names[lvl], text);
	else if (where != NULL)
		fprintf(stderr, "partnerreview: %s: %s: %s\n", where, names[lvl], text);
	else
		fprintf(stderr, "partnerreview: %s: %s\n", names[lvl], text);
}

static void PR_PRINTF(3, 0) emit(enum msg_level lvl, const char *where, const char *fmt, va_list ap)
{
	char *text = xvasprintf(fmt, ap);
	if (held != NULL) {
		struct msg_held *h = held;
		xgrow(&h->line, &h->cap, h->n, sizeof(*h->line));
		h->line[h->n++] =
		    (struct msg_line){lvl, false, where != NULL ? xstrdup(where) : NULL, text};
		return;
	}
	pthread_mutex_lock(&lock);
	put(lvl, where, text);
	pthread_mutex_unlock(&lock);
	free(text);
}

void
msg(enum msg_level lvl, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit(lvl, NULL, fmt, ap);
	va_end(ap);
}

void
msg_at(enum msg_level lvl, const char *file, long line, long col, const char *fmt, ...)
{
	char *where;
	if (line > 0 && col > 0)
		where = xasprintf("%s:%ld:%ld", file, line, col);
	else if (line > 0)
		where = xasprintf("%s:%ld", file, line);
	else
		where = xstrdup(file);
	va_list ap;
	va_start(ap, fmt);
	emit(lvl, where, fmt, ap);
	va_end(ap);
	free(where);
}

void
msg_path(enum msg_level lvl, const char *file, const char *path, const char *fmt, ...)
{
	char *where =
	    path != NULL && *path != '\0' ? xasprintf("%s: %s", file, path) : xstrdup(file);
	va_list ap;
	va_start(ap, fmt);
	emit(lvl, where, fmt, ap);
	va_end(ap);
	free(where);
}

void
msg_capture(struct sbuf *b)
{
	capture = b;
}

void
msg_hold(struct msg_held *h)
{
	held = h;
}

void
msg_held_print(const struct msg_held *h, size_t from, size_t to)
{
	assert(from <= to && to <= h->n);
	if (from == to)
		return;
	pthread_mutex_lock(&lock);
	for (size_t i = from; i < to; i++)
		put(h->line[i].lvl, h->line[i].where, h->line[i].text);
	pthread_mutex_unlock(&lock);
}

void
msg_held_free(struct msg_held *h)
{
	for (size_t i = 0; i < h->n; i++) {
		free(h->line[i].where);
		free(h->line[i].text);
	}
	free(h->line);
	memset(h, 0, sizeof(*h));
}

size_t
msg_count(enum msg_level lvl)
{
	pthread_mutex_lock(&lock);
	size_t n = counts[lvl];
	pthread_mutex_unlock(&lock);
	return n;
}

enum msg_level
msg_threshold(enum msg_level lvl)
{
	pthread_mutex_lock(&lock);
	enum msg_level old = threshold;
	threshold = lvl;
	pthread_mutex_unlock(&lock);
	return old;
}

const char *
msg_quote_n(char *buf, const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	size_t o = 0, shown = 0;
	buf[o++] = '"';
	/*
	 * Each character takes at most 4 bytes here (UTF-8 or an escape), so 60 of them,
	 * the quotes and "..." always fit; the byte guard is only a second line of defence.
	 */
	while (p < end) {
		if (++shown > 60 || o > MSG_QUOTE_SIZE - 16) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		const char *start = p;
		uint32_t cp = utf8_next(&p, end);
		unsigned char c = (unsigned char)*start;
		if (cp == 0xFFFD && p - start == 1) {
			/* Invalid UTF-8 would garble the terminal: show the byte, not the mess. */
			o += (size_t)snprintf(buf + o, 8, "\\x%02X", c);
		} else if (c == '"' || c == '\\') {
			buf[o++] = '\\';
			buf[o++] = (char)c;
		} else if (c == '\n') {
			buf[o++] = '\\';
			buf[o++] = 'n';
		} else if (c == '\t') {
			buf[o++] = '\\';
			buf[o++] = 't';
		} else if (cp < 0x20 || cp == 0x7F) {
			o += (size_t)snprintf(buf + o, 8, "\\x%02X", c);
		} else {
			memcpy(buf + o, start, (size_t)(p - start));
			o += (size_t)(p - start);
		}
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}

const char *
msg_quote(char *buf, const char *s)
{
	return msg_quote_n(buf, s, strlen(s));
}
