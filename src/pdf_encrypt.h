/* SPDX-License-Identifier: MIT */
/* A finished PDF encrypted with AES-256 (libqpdf's C API): the only file that sees qpdf. */
#ifndef PR_PDF_ENCRYPT_H
#define PR_PDF_ENCRYPT_H

#include <stddef.h>

/*
 * Rewrites the PDF pdf[0..len) encrypted with AES-256 (PDF 2.0 security handler,
 * revision 6) under password, which opens it (user password) and is also its owner
 * password: no permission is withheld, since restrictions a reader may ignore would
 * protect nothing; the password is the protection. Metadata is encrypted too.
 * Not byte-identical between runs: the file key, the password salts and every
 * AES initialisation vector are random, as AES-256 needs them to be (qpdf refuses a
 * deterministic /ID with encryption, whose key depends on the ID).
 * Returns the new file (malloc'ed, *outlen bytes), or NULL with the reason in why
 * (one line) when qpdf cannot read or write it. Thread-safe (each call its own qpdf).
 */
unsigned char *pdf_encrypt(const void *pdf, size_t len, const char *password, size_t *outlen,
                           char *why, size_t whysize);

/*
 * The same for the file open as fd (read and written from its start; a temporary
 * file not yet in place): its content is replaced by the encrypted PDF. 0, or -1
 * with the reason in why (the file's content is then undefined: remove it).
 */
int pdf_encrypt_fd(int fd, const char *password, char *why, size_t whysize);

#endif
