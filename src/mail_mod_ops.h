/* SPDX-License-Identifier: MIT */
/* The mail module's table of functions: what mail_mod.c finds in partnerreview-mail.so. */
#ifndef PR_MAIL_MOD_OPS_H
#define PR_MAIL_MOD_OPS_H

#include <stddef.h>

#include "mail_compose.h"
#include "mail_send.h"

/*
 * The one symbol the module exports, named MAIL_MOD_SYMBOL. The module and the program
 * are built together; size and version catch a module left over from another build.
 */
#define MAIL_MOD_SYMBOL "pr_mail_mod_ops"
#define MAIL_MOD_VERSION 1

struct mail_mod_ops {
	size_t size;                 /* sizeof(struct mail_mod_ops) */
	int version;                 /* MAIL_MOD_VERSION */
	const char *program_version; /* PR_VERSION of the module's build */
	/* mail_compose.h */
	void (*init)(void);
	void (*done)(void);
	int (*check_sender)(const struct metrics *m);
	enum mail_status (*compose)(const struct mail_spec *s, struct mail *out);
	void (*free)(struct mail *ml);
	/* mail_send.h */
	const char *(*send_check_url)(const char *url);
	void (*send_init)(void);
	void (*send_done)(void);
	struct mail_server *(*server_new)(const struct mail_send_opts *o);
	void (*server_free)(struct mail_server *srv);
	struct mail_conn *(*conn_new)(struct mail_server *srv);
	void (*conn_free)(struct mail_conn *c);
	enum mail_sent (*conn_send)(struct mail_conn *c, const struct mail *ml,
	                            struct mail_reply *r);
	/* pdf_encrypt.h */
	unsigned char *(*pdf_encrypt)(const void *pdf, size_t len, const char *password,
	                              size_t *outlen, char *why, size_t whysize);
	int (*pdf_encrypt_fd)(int fd, const char *password, char *why, size_t whysize);
};

#endif
