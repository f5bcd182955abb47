/* SPDX-License-Identifier: MIT */
/* The mail step of the run (docs/mail.md): .eml beside the PDF, --send exactly once, --dry-run. */
#ifndef PR_BATCH_MAIL_H
#define PR_BATCH_MAIL_H

#include "batch_int.h"

/*
 * begin: nothing unless the run makes mails (--mail, --send, --dry-run); then the
 * sender checked (no mail without the channel manager's address: -1), and for
 * --send the journal OUT/sent_<period>.jsonl opened (a dry run only reads it, when
 * there is one) and the server set up. end frees it all (each worker's connection
 * says QUIT).
 */
int mail_begin(const struct run *r, void **state);
void mail_end(void *state);

/*
 * run: the partner's mail, composed from the mail template expanded with the
 * report's value tree (j->root) and the report in place (j->pdf); with --mail
 * written as OUT/<id>_<period>.eml, with --send delivered unless the journal has it
 * (and journaled the moment the server accepted it), with --dry-run listed
 * (j->listing). Sets j->mail; a mail's failure leaves the report (j->outcome) as it is.
 */
void mail_step(const struct run *r, struct job *j, void *state);

/*
 * What the summary calls one made mail and several ("mail written (.eml)", "mails
 * written (.eml)"; "mailed" for both, ...) into words; NULLs when the run makes none.
 */
void mail_tally_words(const struct batch_opts *o, const char *words[2]);

#endif
