/* SPDX-License-Identifier: MIT */
/* The run: inputs and template loaded once, then one report per partner. */
#ifndef PR_BATCH_H
#define PR_BATCH_H

#include <stdbool.h>
#include <stddef.h>

struct batch_opts {
	const char *metrics;         /* required */
	const char *survey;          /* NULL: the reports say no survey was given */
	const char *out;             /* required unless check */
	const char *template_path;   /* NULL: the bundled review template */
	const char *rules;           /* NULL: rules.xml beside the template, else the bundled one */
	const char *previous;        /* the folder of the last review's goals.json files, or NULL */
	const char *const *partners; /* only these ids, when npartners > 0 */
	size_t npartners;
	int period; /* YYYYQ; 0: the latest in the metrics */
	int jobs;   /* workers; 0: the number of processors (at most 64) */
	int shard,
	    shards;       /* render partner i (0-based) only when i % shards == shard - 1; 0: all */
	bool check;       /* validate everything, write nothing */
	bool layout_dump; /* also write <id>_<period>.layout beside each PDF */
	bool portfolio;   /* with partners: also write the portfolio overview */
	/* The mail run (docs/mail.md): */
	bool mail;        /* also write <id>_<period>.eml beside each PDF */
	const char *send; /* deliver the mails to this smtp:// or smtps:// URL, or NULL */
	bool dry_run;     /* list each partner's mail; write and send nothing (check is set too) */
	const char *mail_template; /* NULL: mail.xml beside the template, else the bundled one */
	const char *netrc;         /* the SMTP credentials (netrc form); NULL: ~/.netrc */
	const char *cacert;        /* CA certificates for the server's; NULL: the system's */
	bool insecure;             /* do not verify the server's certificate */
	int send_retries;          /* temporary failures are retried this often */
	const char *pdf_password;  /* partner id -> password (JSON or CSV); NULL: no encryption */
};

/*
 * Runs the whole batch and prints one summary line. Returns the exit status of the
 * CLI spec: 0 every report written (and mail made or sent), 1 some partners failed
 * (or their mails), 2 an input or the template unusable (nothing written).
 */
int batch_run(const struct batch_opts *o);

#endif
