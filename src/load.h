/* SPDX-License-Identifier: MIT */
/* Reading the input files (metrics and survey) into the model of model.h. */
#ifndef PR_LOAD_H
#define PR_LOAD_H

#include "model.h"

/*
 * Reads and checks metrics.json (spec: input-format.md) from path.
 * Every problem is reported through msg (file:line:col for syntax, file: JSON path
 * for data, the bad value quoted). A whole-file problem (unreadable, not JSON,
 * wrong format, no valid partners array, vendor missing...) returns NULL: the run
 * stops with status 2. A problem inside one partner marks that partner failed and
 * the others stay usable. The result belongs to the caller (metrics_free).
 * Details: a failed partner stays in partners[] with failed set (id NULL when the
 * id itself was bad or partners[i] was no object); every partner sharing an id
 * fails. Quarters come sorted by period. An empty optional string ("") counts as
 * absent (NULL), like null; an absent figure is a struct num not known (NUM_NONE).
 */
struct metrics *load_metrics(const char *path);

/*
 * Reads and checks survey.json against the loaded metrics m. Responses are linked
 * to their partners; a response for an unknown partner is a warning. A problem in
 * a response fails that response's partner (m's partner->failed). NULL on a
 * whole-file problem. The result belongs to the caller (survey_free).
 * Details: a response of a partner not in m is kept with partner NULL, and its
 * problems are warnings; a response without a usable partner_id (or not an object)
 * is dropped with a warning. Every kept response has answers[nquestions]. An
 * answer key that is no question id is warned about once per file and ignored.
 * Waves come sorted by period. m may be NULL (metrics unusable): then nothing is
 * linked, unknown partners are not warned about, and response problems are errors.
 */
struct survey *load_survey(const char *path, struct metrics *m);

/*
 * Reads metrics and (when survey is not NULL) the survey as load_metrics and then
 * load_survey would, with the same messages in the same order, the same model, on up to
 * threads threads (two at most: the survey beside the metrics, then the metrics'
 * partners in pieces on both; one when both files together pass 64 MiB). *m and *s as
 * those return them; the survey is not read (nothing said of it) when the metrics are
 * unusable, *s NULL then.
 */
void load_inputs(const char *metrics, const char *survey, int threads, struct metrics **m,
                 struct survey **s);

/*
 * Reads the goals an earlier run wrote, from <id>_<period>.goals.json (format
 * "partnerreview-goals/1") or <id>_<period>.review.json ("partnerreview-review/1"): the
 * file's "format" must be format. A file that is not one gets a warning naming the place and NULL: the report is made
 * without the earlier goals. The result belongs to the caller (goal_set_free).
 */
struct goal_set *load_goals(const char *path, const char *format);

/*
 * Reads the PDF passwords of --pdf-password: partner id -> password, as JSON (one
 * object, {"US-CA-014": "...", ...}) or CSV (columns partner_id and password, in
 * any order; others are warned about and ignored), told by the content as the inputs are. Every problem
 * (syntax, a key that is no partner id, a password that is no non-empty string, an
 * id twice) is reported with its place; then NULL: the run stops (status 2) rather
 * than guess a password. The result belongs to the caller (passwords_free, which
 * wipes the passwords from memory; NULL is a no-op).
 */
struct passwords;
struct passwords *load_passwords(const char *path);
void passwords_free(struct passwords *pw);

/* The password of this partner, or NULL when the file has none for it. */
const char *passwords_find(const struct passwords *pw, const char *id);

/*
 * What path is when it is no regular file ("a FIFO (a named pipe)", "a folder", "a
 * character device", ...), for a message; NULL for a regular file or when it cannot be
 * looked at (opening it then says why). Every input of a run, also a template's
 * includes, images and fonts, must be a regular file: a FIFO would block the run
 * forever, /dev/zero never end. Follows symbolic links.
 */
const char *load_not_regular(const char *path);

#endif
