/* SPDX-License-Identifier: MIT */
/* The mail module: GMime, libcurl and libqpdf loaded only by the runs that mail or encrypt. */
#ifndef PR_MAIL_MOD_H
#define PR_MAIL_MOD_H

/*
 * mail_compose.c, mail_send.c and pdf_encrypt.c are built into a module of their own
 * (partnerreview-mail.so) instead of the program: their libraries (GMime with GLib,
 * libcurl with its TLS and the rest, libqpdf with libstdc++: some 40 shared objects)
 * cost a run about as much to map, relocate and initialize as the whole report, and
 * most runs neither mail nor encrypt. The functions of mail_compose.h, mail_send.h and
 * pdf_encrypt.h are the same for their callers: each loads the module the first time
 * (mail_mod.c); the program calls mail_mod_load first, so that a missing module is an
 * error before anything is written.
 *
 * The module is found, in order: beside the program after installation
 * (bin/../lib/x86_64-linux-gnu/partnerreview on Debian, so an installed tree may move); the build tree's when
 * the program (or a test) runs from within its build tree; the configured
 * installation folder.
 */

/* Loads the module once (thread-safe). 0, or -1 after a message (every call again). */
int mail_mod_load(void);

#endif
