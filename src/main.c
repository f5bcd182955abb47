/* SPDX-License-Identifier: MIT */
/* The command line: options in, a batch run out, its exit status. */
#include <assert.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "heap.h"
#include "mail_mod.h"
#include "mail_send.h"
#include "mem.h"
#include "model.h"
#include "msg.h"
#include "out_file.h"

static const char usage_text[] =
    "Usage: partnerreview --metrics FILE --survey FILE --out DIR [OPTIONS]\n"
    "Renders one PDF partner review per partner, OUT/<id>_<period>.pdf, and the\n"
    "portfolio overview over all partners, OUT/portfolio_<period>.pdf and .csv\n"
    "\n"
    "  -m, --metrics FILE   partner figures, JSON or CSV (see the input format)\n"
    "  -s, --survey FILE    survey results, JSON or CSV; without it the reports say so\n"
    "  -o, --out DIR        where the reports go; created if missing\n"
    "  -t, --template FILE  the report template (XML); default: the bundled one\n"
    "      --rules FILE     the analysis thresholds (XML); default: rules.xml beside the\n"
    "                       template, else the bundled one\n"
    "  -p, --partner ID     only this partner (repeatable); no portfolio overview\n"
    "      --portfolio      with --partner: also the portfolio overview\n"
    "      --period YYYY-Qn the review quarter; default: the latest in the metrics\n"
    "  -j, --jobs N         parallel workers; default: the number of processors\n"
    "      --shard K/N      only the K-th of N equal shares of the partners (the\n"
    "                       portfolio figures still cover all of them)\n"
    "      --previous DIR   the last review's output folder: its goals are judged\n"
    "      --check          read and validate everything, print every problem, write nothing\n"
    "      --layout-dump    also write OUT/<id>_<period>.layout, the placed text as lines\n"
    "                       (and OUT/portfolio_<period>.layout with the overview)\n"
    "      --pdf-password FILE  encrypt each report (AES-256) with its partner's password\n"
    "                       from FILE (JSON or CSV: partner id -> password)\n"
    "  -h, --help           this text\n"
    "      --version        the version\n"
    "\n"
    "Mail (docs/mail.md):\n"
    "      --mail           also write OUT/<id>_<period>.eml, the mail with the report\n"
    "      --send URL       send each mail once: smtp://HOST:PORT (STARTTLS) or\n"
    "                       smtps://HOST:PORT; the journal is OUT/sent_<period>.jsonl\n"
    "      --dry-run        list each partner's mail (subject, recipients); write and\n"
    "                       send nothing\n"
    "      --mail-template FILE  the mail's words; default: mail.xml beside the template,\n"
    "                       else the bundled one\n"
    "      --netrc-file FILE  the SMTP login, as in ~/.netrc; default:\n"
    "                       $PARTNERREVIEW_NETRC, else ~/.netrc\n"
    "      --cacert FILE    verify the server with these CA certificates (PEM)\n"
    "      --insecure       do not verify the server's certificate\n"
    "      --send-retries N retry a temporary failure N times (0..10; default 3)\n"
    "\n"
    "Exit status: 0 every report written (and mailed); 1 some partners or their mails\n"
    "failed (the others done); 2 bad usage, or an input or the template unusable\n"
    "(nothing written).\n";

static int PR_PRINTF(1, 2) usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = xvasprintf(fmt, ap);
	va_end(ap);
	fprintf(stderr,
	        "partnerreview: error: %s\nTry 'partnerreview --help' for more information.\n",
	        text);
	free(text);
	return 2;
}

static const char **partners; /* the --partner ids, freed at exit */

static void
free_partners(void)
{
	free(partners);
}

/* The option as the user wrote it, for messages: "-x" for short ones. */
static const char *
option_name(char **argv, char *buf, size_t size)
{
	const char *arg = argv[optind - 1];
	if (strncmp(arg, "--", 2) == 0) {
		snprintf(buf, size, "%.*s", (int)strcspn(arg, "="), arg);
		return buf;
	}
	if (optopt != 0 && optopt < 256) {
		snprintf(buf, size, "-%c", optopt);
		return buf;
	}
	return argv[optind - 1];
}

/* The long options without a short form. */
enum {
	OPT_PERIOD = 256,
	OPT_CHECK,
	OPT_VERSION,
	OPT_DUMP,
	OPT_RULES,
	OPT_SHARD,
	OPT_PREVIOUS,
	OPT_MAIL,
	OPT_SEND,
	OPT_DRY_RUN,
	OPT_MAIL_TEMPLATE,
	OPT_NETRC,
	OPT_CACERT,
	OPT_INSECURE,
	OPT_RETRIES,
	OPT_PASSWORD,
	OPT_PORTFOLIO
};

static const struct option longopts[] = {
    {"metrics", required_argument, NULL, 'm'},
    {"survey", required_argument, NULL, 's'},
    {"out", required_argument, NULL, 'o'},
    {"template", required_argument, NULL, 't'},
    {"rules", required_argument, NULL, OPT_RULES},
    {"shard", required_argument, NULL, OPT_SHARD},
    {"previous", required_argument, NULL, OPT_PREVIOUS},
    {"partner", required_argument, NULL, 'p'},
    {"portfolio", no_argument, NULL, OPT_PORTFOLIO},
    {"period", required_argument, NULL, OPT_PERIOD},
    {"jobs", required_argument, NULL, 'j'},
    {"check", no_argument, NULL, OPT_CHECK},
    {"layout-dump", no_argument, NULL, OPT_DUMP},
    {"mail", no_argument, NULL, OPT_MAIL},
    {"send", required_argument, NULL, OPT_SEND},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {"mail-template", required_argument, NULL, OPT_MAIL_TEMPLATE},
    {"netrc-file", required_argument, NULL, OPT_NETRC},
    {"cacert", required_argument, NULL, OPT_CACERT},
    {"insecure", no_argument, NULL, OPT_INSECURE},
    {"send-retries", required_argument, NULL, OPT_RETRIES},
    {"pdf-password", required_argument, NULL, OPT_PASSWORD},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

/*
 * The mail run's options (docs/mail.md), c with its value arg into o; *tls is set for
 * those that belong to --send. 0, or the status of the usage error printed.
 */
static int
mail_option(int c, const char *arg, struct batch_opts *o, bool *tls)
{
	char q[MSG_QUOTE_SIZE];
	switch (c) {
	case OPT_MAIL:
		o->mail = true;
		break;
	case OPT_SEND: {
		if (mail_mod_load() != 0)
			return 2;
		const char *why = mail_send_check_url(arg);
		if (why != NULL)
			return usage_error("--send %s: %s", msg_quote(q, arg), why);
		o->send = arg;
		break;
	}
	case OPT_DRY_RUN:
		o->dry_run = true;
		break;
	case OPT_MAIL_TEMPLATE:
		o->mail_template = arg;
		break;
	case OPT_NETRC:
	case OPT_CACERT:
		if (access(arg, R_OK) != 0)
			return usage_error("%s %s: cannot read it",
			                   c == OPT_NETRC ? "--netrc-file" : "--cacert",
			                   msg_quote(q, arg));
		*(c == OPT_NETRC ? &o->netrc : &o->cacert) = arg;
		*tls = true;
		break;
	case OPT_INSECURE:
		o->insecure = true;
		*tls = true;
		break;
	case OPT_RETRIES: {
		char *end;
		long n = strtol(arg, &end, 10);
		if (*end != '\0' || end == arg || n < 0 || n > 10)
			return usage_error("--send-retries %s: expected a number from 0 to 10",
			                   msg_quote(q, arg));
		o->send_retries = (int)n;
		*tls = true;
		break;
	}
	case OPT_PASSWORD:
		o->pdf_password = arg;
		break;
	default:
		assert(0 && "not a mail option");
	}
	return 0;
}

/* What the mail options say together, after the command line: 0, or a usage error's status. */
static int
mail_options_done(struct batch_opts *o, bool tls)
{
	char q[MSG_QUOTE_SIZE];
	if (tls && o->send == NULL)
		return usage_error("%s", "--cacert, --insecure, --netrc-file and --send-retries "
		                         "belong to --send URL");
	/* A dry run checks everything and writes nothing, like --check. */
	if (o->dry_run)
		o->check = true;
	const char *netrc = getenv("PARTNERREVIEW_NETRC");
	if (o->send != NULL && o->netrc == NULL && netrc != NULL && *netrc != '\0') {
		if (access(netrc, R_OK) != 0)
			return usage_error("PARTNERREVIEW_NETRC=%s: cannot read it",
			                   msg_quote(q, netrc));
		o->netrc = netrc;
	}
	/* Only these runs load the mail module, and before anything is written. */
	if ((o->mail || o->send != NULL || o->dry_run || o->pdf_password != NULL) &&
	    mail_mod_load() != 0)
		return 2;
	return 0;
}

int
main(int argc, char **argv)
{
	heap_setup();
	if (out_keep_std_fds() != 0)
		return 2;
	struct batch_opts o = {0};
	size_t cap = 0;
	char q[MSG_QUOTE_SIZE], opt[64];
	atexit(free_partners);
	o.jobs = 0; /* the number of processors */
	o.send_retries = 3;
	bool tls_options = false; /* --cacert, --insecure, --netrc-file, --send-retries */
	opterr = 0;
	optopt = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":m:s:o:t:p:j:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			o.metrics = optarg;
			break;
		case 's':
			o.survey = optarg;
			break;
		case 'o':
			o.out = optarg;
			break;
		case 't':
			o.template_path = optarg;
			break;
		case 'p':
			if (!is_valid_id(optarg))
				return usage_error(
				    "--partner %s: not a partner id (1 to 64 of A-Z "
				    "a-z 0-9 . _ -, starting with a letter or digit)",
				    msg_quote(q, optarg));
			xgrow(&partners, &cap, o.npartners, sizeof(*partners));
			partners[o.npartners++] = optarg;
			break;
		case OPT_PERIOD:
			o.period = parse_period(optarg);
			if (o.period == 0)
				return usage_error("--period %s: expected YYYY-Qn, such as 2026-Q3",
				                   msg_quote(q, optarg));
			break;
		case 'j': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end != '\0' || n < 1 || n > 1024)
				return usage_error("--jobs %s: expected a number from 1 to 1024",
				                   msg_quote(q, optarg));
			o.jobs = (int)n;
			break;
		}
		case OPT_RULES:
			o.rules = optarg;
			break;
		case OPT_PREVIOUS:
			o.previous = optarg;
			break;
		case OPT_SHARD: {
			long k = 0, n = 0;
			int used = 0;
			if (sscanf(optarg, "%ld/%ld%n", &k, &n, &used) != 2 ||
			    optarg[used] != '\0' || n < 1 || n > 100000 || k < 1 || k > n)
				return usage_error(
				    "--shard %s: expected K/N with 1 <= K <= N, such as 2/8",
				    msg_quote(q, optarg));
			o.shard = (int)k;
			o.shards = (int)n;
			break;
		}
		case OPT_CHECK:
			o.check = true;
			break;
		case OPT_DUMP:
			o.layout_dump = true;
			break;
		case OPT_MAIL:
		case OPT_SEND:
		case OPT_DRY_RUN:
		case OPT_MAIL_TEMPLATE:
		case OPT_NETRC:
		case OPT_CACERT:
		case OPT_INSECURE:
		case OPT_RETRIES:
		case OPT_PASSWORD: {
			int st = mail_option(c, optarg, &o, &tls_options);
			if (st != 0)
				return st;
			break;
		}
		case OPT_PORTFOLIO:
			o.portfolio = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		case OPT_VERSION:
			printf("partnerreview %s\n", PR_VERSION);
			return 0;
		case ':':
			return usage_error("%s needs a value", option_name(argv, opt, sizeof(opt)));
		default: {
			const char *arg = argv[optind - 1];
			if (strncmp(arg, "--", 2) == 0 && strchr(arg, '=') != NULL && optopt != 0)
				return usage_error("%.*s takes no value", (int)strcspn(arg, "="),
				                   arg);
			if (optopt != 0 && optopt < 256) {
				snprintf(opt, sizeof(opt), "-%c", optopt);
				return usage_error("unknown option %s", opt);
			}
			return usage_error("unknown option %s", msg_quote(q, arg));
		}
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument %s", msg_quote(q, argv[optind]));
	if (o.metrics == NULL)
		return usage_error("%s", "--metrics FILE is required");
	int st = mail_options_done(&o, tls_options);
	if (st != 0)
		return st;
	if (o.out == NULL && !o.check)
		return usage_error("%s", "--out DIR is required");
	o.partners = partners;
	return batch_run(&o);
}
