/* SPDX-License-Identifier: MIT */
/* Checking a parsed template against the RELAX NG schema of the template language. */
#ifndef PR_TPL_SCHEMA_H
#define PR_TPL_SCHEMA_H

#include <libxml/tree.h>

/*
 * Validates doc, read from template_path, against the schema at schema_path
 * (<datadir>/templates/template.rng). Every problem is printed with msg_at as
 * "template_path:line: error: ..."; libxml2 prints nothing on its own. Where libxml2's
 * words are vague, the element it names is looked at again here and the problem is
 * said in the template's own terms (the bad attribute value and what it should be,
 * the misplaced element and what may stand there). Returns the number of error
 * messages printed, 0 when the template is valid.
 *
 * A missing or unusable schema is one error naming schema_path; the function then
 * returns 1. The schema is parsed at the first call and kept for the process (a call
 * with another schema_path parses that one instead). Not thread-safe: call it from
 * one thread at a time; the program calls it once per run, from the main thread,
 * while loading the template. doc is only read.
 */
int tpl_schema_validate(const char *template_path, xmlDoc *doc, const char *schema_path);

/* Frees the kept schema (for leak checkers); the next validation parses it again. */
void tpl_schema_free(void);

#endif
