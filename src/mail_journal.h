/* SPDX-License-Identifier: MIT */
/* The send journal OUT/sent_<period>.jsonl: which mails a server accepted, so that none goes twice. */
#ifndef PR_MAIL_JOURNAL_H
#define PR_MAIL_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "mail_compose.h"
#include "mail_send.h"

/*
 * One line of JSON per accepted mail (out_json_sent), appended with one write() and
 * made durable (fdatasync) before the next mail of that worker goes out:
 *   {"message_id":"...","partner":"US-CA-014","to":["..."],"cc":["..."],
 *    "time":"2026-12-01T09:30:12Z","reply":"250 2.0.0 Ok: queued as 4F2A"}
 * The Message-ID (partner, period, vendor domain) is the key: a mail whose
 * Message-ID is in the journal is not sent again. The file is never rewritten.
 *
 * Several workers share one journal (a mutex orders their lines); several
 * processes (shards, or a second run started by mistake) may write the same file:
 * lines are appended whole (O_APPEND), and mail_journal_claim keeps two processes
 * from sending the same mail at once (a lock on a byte range of the file named by
 * the Message-ID, fcntl), reading what the other wrote before it decides.
 */
struct mail_journal;

/*
 * Opens the journal at path (created when missing; with readonly it must exist and
 * is only read: a dry run) and reads the Message-IDs it holds. A line
 * that is no entry (a torn last line after a crash) is warned about and ignored. NULL
 * after an error message (the file cannot be made or read). Belongs to the caller
 * (mail_journal_close; NULL is a no-op).
 */
struct mail_journal *mail_journal_open(const char *path, bool readonly);
void mail_journal_close(struct mail_journal *j);

/* How many mails the journal held when opened. */
size_t mail_journal_count(const struct mail_journal *j);

/* Is this Message-ID in the journal (as read so far)? Thread-safe. */
bool mail_journal_has(struct mail_journal *j, const char *message_id);

/*
 * Before sending: waits until no other process is sending this Message-ID, then
 * reads what other processes appended meanwhile. Returns true when the mail is
 * still to be sent (then the claim holds until mail_journal_release), false when
 * the journal has it by now (nothing held). Thread-safe.
 */
bool mail_journal_claim(struct mail_journal *j, const char *message_id);
void mail_journal_release(struct mail_journal *j, const char *message_id);

/*
 * Appends the entry of an accepted mail and syncs it to the disk; time is seconds
 * since 1970. 0, or -1 after an error message (the mail went out but the journal
 * could not say so: a rerun would send it again). Thread-safe.
 */
int mail_journal_add(struct mail_journal *j, const char *partner_id, const struct mail *ml,
                     const struct mail_reply *r, long long time);

#endif
