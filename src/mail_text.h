/* SPDX-License-Identifier: MIT */
/* A mail's words: the expanded mail template (doc.h) flattened into a subject and plain text. */
#ifndef PR_MAIL_TEXT_H
#define PR_MAIL_TEXT_H

#include "doc.h"
#include "mem.h"

/*
 * The mail template (templates/mail.xml, docs/mail.md) is an ordinary template: it
 * is expanded with the report's value tree, and its document read as text.
 * - the subject is the document's <meta><subject> (plain text, white space collapsed);
 * - every paragraph, heading and list item of the body is one line (a list item
 *   with its label: "• ", "1. "); a table row is one line, its cells joined by
 *   two spaces; <space> is an empty line; <keep> is read through; rules, page
 *   breaks, images and charts have no text and are passed over, as are the page
 *   header and footer;
 * - bold and italic are dropped; control characters other than line breaks become
 *   spaces; trailing spaces of a line and empty lines at the start and the end go.
 * Lines end in "\n" (the composer writes CR LF). Both strings come from the arena a.
 * *subject is NULL when the template has no <meta><subject> or it is empty.
 */
void mail_text(const struct doc *d, struct arena *a, const char **subject, const char **body);

#endif
