/* SPDX-License-Identifier: MIT */
/* The mail module (mail_mod.h) found and loaded on first use; the mail functions forwarded to it. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "datadir.h"
#include "mail_mod.h"
#include "mail_mod_ops.h"
#include "mem.h"
#include "msg.h"
#include "pdf_encrypt.h"

#define MOD_NAME "partnerreview-mail.so"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const struct mail_mod_ops *mod;

/* Where the module is, by mail_mod.h's order; malloc'ed. */
static char *
mod_path(void)
{
	char *exe = datadir_program_dir();
	if (exe != NULL) {
		char *rel = xasprintf("%s/../%s/%s", exe, PR_MODULE_DIR, MOD_NAME);
		size_t b = strlen(PR_BUILD_DIR);
		bool in_build =
		    strncmp(exe, PR_BUILD_DIR, b) == 0 && (exe[b] == '\0' || exe[b] == '/');
		free(exe);
		if (access(rel, R_OK) == 0)
			return rel;
		free(rel);
		if (in_build)
			return xstrdup(PR_BUILD_DIR "/" MOD_NAME);
	}
	return xstrdup(PR_INSTALL_MODULE_DIR "/" MOD_NAME);
}

static void
load(void)
{
	char *path = mod_path();
	/* RTLD_NOW: a module that does not fit shows at once, not at its first call. */
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	const struct mail_mod_ops *ops = NULL;
	if (h == NULL) {
		msg(MSG_ERROR, "cannot load the mail module (GMime, libcurl, libqpdf): %s",
		    dlerror());
	} else if ((ops = dlsym(h, MAIL_MOD_SYMBOL)) == NULL || ops->size != sizeof(*ops) ||
	           ops->version != MAIL_MOD_VERSION ||
	           strcmp(ops->program_version, PR_VERSION) != 0) {
		msg(MSG_ERROR, "%s: not the mail module of partnerreview %s", path, PR_VERSION);
		ops = NULL;
	}
	/* Never unloaded: GLib and libcurl keep state until the process ends. */
	mod = ops;
	free(path);
}

int
mail_mod_load(void)
{
	pthread_once(&once, load);
	return mod != NULL ? 0 : -1;
}

/* The module's table; the program loads it before any mail function (main.c). */
static const struct mail_mod_ops *
ops(void)
{
	if (mail_mod_load() != 0)
		abort();
	return mod;
}

void
mail_init(void)
{
	ops()->init();
}

void
mail_done(void)
{
	ops()->done();
}

int
mail_check_sender(const struct metrics *m)
{
	return ops()->check_sender(m);
}

enum mail_status
mail_compose(const struct mail_spec *s, struct mail *out)
{
	return ops()->compose(s, out);
}

void
mail_free(struct mail *ml)
{
	ops()->free(ml);
}

const char *
mail_send_check_url(const char *url)
{
	return ops()->send_check_url(url);
}

void
mail_send_init(void)
{
	ops()->send_init();
}

void
mail_send_done(void)
{
	ops()->send_done();
}

struct mail_server *
mail_server_new(const struct mail_send_opts *o)
{
	return ops()->server_new(o);
}

void
mail_server_free(struct mail_server *srv)
{
	ops()->server_free(srv);
}

struct mail_conn *
mail_conn_new(struct mail_server *srv)
{
	return ops()->conn_new(srv);
}

void
mail_conn_free(struct mail_conn *c)
{
	ops()->conn_free(c);
}

enum mail_sent
mail_conn_send(struct mail_conn *c, const struct mail *ml, struct mail_reply *r)
{
	return ops()->conn_send(c, ml, r);
}

unsigned char *
pdf_encrypt(const void *pdf, size_t len, const char *password, size_t *outlen, char *why,
            size_t whysize)
{
	return ops()->pdf_encrypt(pdf, len, password, outlen, why, whysize);
}

int
pdf_encrypt_fd(int fd, const char *password, char *why, size_t whysize)
{
	return ops()->pdf_encrypt_fd(fd, password, why, whysize);
}
