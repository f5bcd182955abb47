/* SPDX-License-Identifier: MIT */
/* Unit tests for hyph.c against the real hyphen-de patterns, in ISO-8859-1 and recoded to UTF-8. */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hyph.h"
#include "msg.h"
#include "unit.h"
#include "utf8.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define DIC "/usr/share/hyphen/hyph_de_DE.dic"
#define MAXAT 64

/* UTF-8 spelled as escapes so the source stays ASCII. */
#define U_ae "\xC3\xA4" /* a umlaut */
#define U_oe "\xC3\xB6"
#define U_ue "\xC3\xBC"
#define U_AE "\xC3\x84"
#define U_OE "\xC3\x96"
#define U_UE "\xC3\x9C"
#define U_sz "\xC3\x9F"        /* sharp s */
#define U_SZ "\xE1\xBA\x9E"    /* capital sharp s U+1E9E */
#define U_LOWQ "\xE2\x80\x9E"  /* German opening quote U+201E */
#define U_HIGHQ "\xE2\x80\x9C" /* German closing quote U+201C */
#define U_RAQUO "\xC2\xBB"     /* right-pointing guillemet, opens a German quote */
#define U_LAQUO "\xC2\xAB"
#define U_APOS "\xE2\x80\x99"   /* typographic apostrophe U+2019 */
#define U_HYPHEN "\xE2\x80\x90" /* U+2010 HYPHEN */
#define U_SHY "\xC2\xAD"        /* soft hyphen */

/*
 * Each case: the word, the minimums, at most how many breaks are wanted (0: MAXAT), and
 * the word with a "-" inserted at every reported break. Explicit hyphens stay as they
 * are, so a reported explicit hyphen would show as "--".
 */
static const struct hcase {
	const char *word;
	size_t left, right, max;
	const char *want;
} cases[] = {
    /* The notes' examples, lower case as in the notes and capitalised as in text. */
    {"vertriebspartnerbefragung", 2, 3, 0, "ver-triebs-part-ner-be-fra-gung"},
    {"Vertriebspartnerbefragung", 2, 3, 0, "Ver-triebs-part-ner-be-fra-gung"},
    {"VERTRIEBSPARTNERBEFRAGUNG", 2, 3, 0, "VER-TRIEBS-PART-NER-BE-FRA-GUNG"},
    {"Zielerreichung", 2, 3, 0, "Ziel-er-rei-chung"},
    {"zielerreichung", 2, 3, 0, "ziel-er-rei-chung"},
    {"Umsatzsteigerung", 2, 3, 0, "Um-satz-stei-ge-rung"},
    {"umsatzsteigerung", 2, 3, 0, "um-satz-stei-ge-rung"},
    /* Umlauts and sharp s: the patterns are Latin-1, the word UTF-8. */
    {"Gr" U_oe U_sz "enordnung", 2, 3, 0, "Gr" U_oe "-" U_sz "en-ord-nung"},
    {"gr" U_oe U_sz "enordnung", 2, 3, 0, "gr" U_oe "-" U_sz "en-ord-nung"},
    {"GR" U_OE U_SZ "ENORDNUNG", 2, 3, 0, "GR" U_OE "-" U_SZ "EN-ORD-NUNG"},
    {U_UE "bergabeprotokoll", 2, 3, 0, U_UE "ber-ga-be-pro-to-koll"},
    {U_OE "lf" U_oe "rderung", 2, 3, 0, U_OE "l-f" U_oe "r-de-rung"},
    {U_AE "u" U_sz "erung", 2, 3, 0, U_AE "u-" U_sz "e-rung"},
    {"Stra" U_sz "enbahnhaltestelle", 2, 3, 0, "Stra-" U_sz "en-bahn-hal-te-stelle"},
    {"Kundenzufriedenheitsbefragung", 2, 3, 0, "Kun-den-zu-frie-den-heits-be-fra-gung"},
    /* Minimums, counted in characters (O umlaut is two bytes, one character). */
    {"Umsatzsteigerung", 4, 5, 0, "Umsatz-stei-gerung"},
    {"Umsatzsteigerung", 7, 6, 0, "Umsatzstei-gerung"},
    {"Umsatzsteigerung", 9, 9, 0, "Umsatzsteigerung"},
    {"Kaffeeernte", 2, 3, 0, "Kaf-fee-ernte"},
    {"Kaffeeernte", 2, 2, 0, "Kaf-fee-ern-te"},
    {"Umfrage", 2, 3, 0, "Um-frage"},
    {"Umfrage", 2, 2, 0, "Um-fra-ge"},
    {"Umfrage", 3, 3, 0, "Umfrage"},
    {U_OE "lf" U_oe "rderung", 3, 3, 0, U_OE "lf" U_oe "r-de-rung"},
    {U_OE "lf" U_oe "rderung", 2, 5, 0, U_OE "l-f" U_oe "r-derung"},
    {"Umfrage", 0, 0, 0, "Um-fra-ge"}, /* below 2, libhyphen's own minimum rules */
    {"Umfrage", 1, 1, 0, "Um-fra-ge"},
    /* Explicit hyphens: each part alone, with the same minimums; the hyphen not reported. */
    {"E-Mail-Adresse", 2, 3, 0, "E-Mail-Adresse"},
    {"E-Mail-Adresse", 2, 2, 0, "E-Mail-Adres-se"},
    {"Partner-Review", 2, 3, 0, "Part-ner-Re-view"},
    {"Partner" U_HYPHEN "Review", 2, 3, 0, "Part-ner" U_HYPHEN "Re-view"},
    {"Vertriebs-", 2, 3, 0, "Ver-triebs-"},
    {"-Partner", 2, 3, 0, "-Part-ner"},
    {"Umsatz--Steigerung", 2, 3, 0, "Um-satz--Stei-ge-rung"},
    {"Dipl.-Ing.", 2, 3, 0, "Dipl.-Ing."},
    /* Words with digits, '@' or '/' get none. */
    {"Q3/2026", 2, 3, 0, "Q3/2026"},
    {"1.250.000", 2, 3, 0, "1.250.000"},
    {"Umsatzsteigerung2026", 2, 3, 0, "Umsatzsteigerung2026"},
    {"vertrieb@beispiel.de", 2, 3, 0, "vertrieb@beispiel.de"},
    {"Partner/Vertrieb", 2, 3, 0, "Partner/Vertrieb"},
    /* Punctuation around the word is left out; offsets still count from the start of w. */
    {"Zielerreichung,", 2, 3, 0, "Ziel-er-rei-chung,"},
    {U_LOWQ "Partnerbefragung" U_HIGHQ, 2, 3, 0, U_LOWQ "Part-ner-be-fra-gung" U_HIGHQ},
    {U_RAQUO "Umsatzsteigerung" U_LAQUO ".", 2, 3, 0, U_RAQUO "Um-satz-stei-ge-rung" U_LAQUO "."},
    {"(Zielerreichung)", 2, 3, 0, "(Ziel-er-rei-chung)"},
    {"Vertriebspartner" U_APOS "s", 2, 3, 0, "Ver-triebs-part-ner" U_APOS "s"},
    {"z.B.", 2, 3, 0, "z.B."},
    {"Umsatz&Co", 2, 3, 0, "Umsatz&Co"},
    {"Umsatz" U_SHY "steigerung", 2, 3, 0, "Umsatz" U_SHY "steigerung"},
    /* Short words, other scripts, nothing. */
    {"a", 2, 3, 0, "a"},
    {"Ei", 2, 3, 0, "Ei"},
    {"und", 2, 3, 0, "und"},
    {"Ende", 2, 3, 0, "Ende"},
    {"\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", 2, 3, 0,
     "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"}, /* CJK: Japanese */
    {"\xE6\x9D\xB1\xE4\xBA\xAC\xE9\x83\xBD\xE5\xBA\x81\xE8\x88\x8E", 2, 2, 0,
     "\xE6\x9D\xB1\xE4\xBA\xAC\xE9\x83\xBD\xE5\xBA\x81\xE8\x88\x8E"}, /* five CJK characters */
    {"", 2, 3, 0, ""},
    {U_LOWQ U_HIGHQ, 2, 3, 0, U_LOWQ U_HIGHQ},
    /* Fewer slots than breaks: the first ones. */
    {"Vertriebspartnerbefragung", 2, 3, 2, "Ver-triebs-partnerbefragung"},
    {"Vertriebspartnerbefragung", 2, 3, 1, "Ver-triebspartnerbefragung"},
    {"E-Mail-Adresse-Vertriebspartner", 2, 2, 2, "E-Mail-Adres-se-Ver-triebspartner"},
};

/*
 * Renders w with a "-" at each break, into out (of size outsz), after checking that the
 * breaks are ascending, inside the word and on character boundaries. Returns out.
 */
static const char *
render(const struct hyph *h, const char *w, size_t left, size_t right, size_t max, char *out,
       size_t outsz)
{
	size_t at[MAXAT + 1];
	size_t len = strlen(w);
	/* A sentinel past max: hyph_word must not write it. */
	at[max] = (size_t)-1;
	size_t n = hyph_word(h, w, len, left, right, at, max);
	CHECK(n <= max);
	CHECK(at[max] == (size_t)-1);
	size_t o = 0, k = 0;
	for (size_t j = 0; j <= len && o + 2 < outsz; j++) {
		while (k < n && at[k] == j) {
			out[o++] = '-';
			k++;
		}
		if (j < len)
			out[o++] = w[j];
	}
	out[o] = '\0';
	for (size_t i = 0; i < n; i++) {
		CHECK(at[i] > 0 && at[i] < len);
		CHECK(i == 0 || at[i] > at[i - 1]);
		if (at[i] < len)
			CHECK(((unsigned char)w[at[i]] & 0xC0) != 0x80);
	}
	CHECK(k == n); /* every break was placed */
	return out;
}

static void
run_cases(const struct hyph *h, const char *label)
{
	char out[512];
	for (size_t i = 0; i < COUNT(cases); i++) {
		const struct hcase *c = &cases[i];
		size_t max = c->max ? c->max : MAXAT;
		const char *got = render(h, c->word, c->left, c->right, max, out, sizeof(out));
		if (strcmp(got, c->want) != 0)
			fprintf(stderr, "%s: %s (%zu/%zu):\n", label, c->word, c->left, c->right);
		CHECK_STR(got, c->want);
	}
}

/* Cases that do not fit the table: lengths, bad bytes, a slot count of 0. */
static void
run_edges(const struct hyph *h)
{
	size_t at[MAXAT];
	static const char ok[] = "Vertriebspartnerbefragung";

	/* Only len counts, not a NUL: the word is a slice of a longer text. */
	CHECK(hyph_word(h, "Umsatzsteigerung und mehr", 16, 2, 3, at, MAXAT) == 4);
	CHECK(at[0] == 2 && at[3] == 12);
	CHECK(hyph_word(h, ok, sizeof(ok) - 1, 2, 3, at, 0) == 0);
	CHECK(hyph_word(h, ok, 0, 2, 3, at, MAXAT) == 0);
	CHECK(hyph_word(NULL, ok, sizeof(ok) - 1, 2, 3, at, MAXAT) == 0);
	/* Invalid UTF-8 and an embedded NUL: none. */
	CHECK(hyph_word(h, "Gr\xF6\xDF\x65nordnung", 13, 2, 3, at, MAXAT) == 0); /* Latin-1 */
	CHECK(hyph_word(h, "Umsatz\0steigerung", 17, 2, 3, at, MAXAT) == 0);
	/* A letter beyond Latin-1 (o with double acute): the dictionary cannot spell it. */
	CHECK(hyph_word(h, "Erd\xC5\x91\x62\xC3\xA9nye", 11, 2, 3, at, MAXAT) == 0);

	/* 256 bytes get breaks, 257 none. */
	char big[300];
	size_t n = 0;
	while (n + 16 <= 256) {
		memcpy(big + n, "Umsatzsteigerung", 16);
		n += 16;
	}
	CHECK(n == 256);
	CHECK(hyph_word(h, big, 256, 2, 3, at, MAXAT) > 0);
	big[256] = 'x';
	CHECK(hyph_word(h, big, 257, 2, 3, at, MAXAT) == 0);
}

/*
 * Writes the patterns at DIC recoded to UTF-8 into dir/utf8.dic (each byte above 0x7F
 * of Latin-1 is its own code point) and returns the path (caller frees), or NULL.
 */
static char *
recode_utf8(const char *dir)
{
	char *path = malloc(strlen(dir) + 16);
	sprintf(path, "%s/utf8.dic", dir);
	FILE *in = fopen(DIC, "rb"), *out = fopen(path, "wb");
	if (in == NULL || out == NULL) {
		if (in)
			fclose(in);
		if (out)
			fclose(out);
		free(path);
		return NULL;
	}
	char line[256];
	if (fgets(line, sizeof(line), in) == NULL) /* "ISO8859-1" */
		line[0] = '\0';
	fputs("UTF-8\n", out);
	int c;
	while ((c = getc(in)) != EOF) {
		char u[4];
		fwrite(u, 1, utf8_encode(u, (uint32_t)c), out);
	}
	fclose(in);
	bool ok = fclose(out) == 0;
	if (!ok) {
		free(path);
		return NULL;
	}
	return path;
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

/* Files hyph_open must refuse with one error each, and nothing else. */
static void
run_bad_files(const char *dir)
{
	static const struct {
		const char *name, *text;
	} bad[] = {
	    {"empty.dic", ""},
	    {"koi8.dic", "KOI8-R\n1ba\n"},
	    {"lower.dic", "utf-8\n1ba\n"},
	    {"comments.dic", "ISO8859-1\n% nothing\n# but comments\nLEFTHYPHENMIN 2\n"},
	};
	char path[512];
	enum msg_level old = msg_threshold(MSG_LEVELS);
	size_t errors = msg_count(MSG_ERROR), warnings = msg_count(MSG_WARNING);

	CHECK(hyph_open("/nonexistent/hyph_de_DE.dic") == NULL);
	CHECK(msg_count(MSG_ERROR) == errors + 1);
	for (size_t i = 0; i < COUNT(bad); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, bad[i].name);
		write_file(path, bad[i].text);
		size_t before = msg_count(MSG_ERROR);
		struct hyph *h = hyph_open(path);
		CHECK(h == NULL);
		hyph_close(h);
		CHECK(msg_count(MSG_ERROR) == before + 1);
		unlink(path);
	}
	/* A folder opens for reading but cannot be read. */
	CHECK(hyph_open(dir) == NULL);

	/* A minimal dictionary of two patterns loads and is used as written. */
	snprintf(path, sizeof(path), "%s/tiny.dic", dir);
	write_file(path, "ISO8859-1\n% a break before every b\n1b\n");
	struct hyph *h = hyph_open(path);
	CHECK(h != NULL);
	if (h != NULL) {
		char out[64];
		CHECK_STR(render(h, "abababab", 2, 2, MAXAT, out, sizeof(out)), "aba-ba-bab");
		hyph_close(h);
	}
	unlink(path);

	CHECK(msg_count(MSG_WARNING) == warnings);
	msg_threshold(old);
}

/* Threads share one dictionary: each runs the whole table many times. */
struct worker {
	const struct hyph *h;
	int failures;
};

static void *
work(void *arg)
{
	struct worker *wk = arg;
	char out[512];
	for (int round = 0; round < 20; round++) {
		for (size_t i = 0; i < COUNT(cases); i++) {
			const struct hcase *c = &cases[i];
			size_t at[MAXAT];
			size_t max = c->max ? c->max : MAXAT;
			size_t len = strlen(c->word);
			size_t n = hyph_word(wk->h, c->word, len, c->left, c->right, at, max);
			size_t o = 0, k = 0;
			for (size_t j = 0; j <= len && o + 2 < sizeof(out); j++) {
				while (k < n && at[k] == j) {
					out[o++] = '-';
					k++;
				}
				if (j < len)
					out[o++] = c->word[j];
			}
			out[o] = '\0';
			if (strcmp(out, c->want) != 0)
				wk->failures++;
		}
	}
	return NULL;
}

static void
run_threads(const struct hyph *h)
{
	pthread_t t[4];
	struct worker wk[4];
	for (int i = 0; i < 4; i++) {
		wk[i].h = h;
		wk[i].failures = 0;
		CHECK(pthread_create(&t[i], NULL, work, &wk[i]) == 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		CHECK(wk[i].failures == 0);
	}
}

int
main(void)
{
	if (access(DIC, R_OK) != 0) {
		fprintf(stderr,
		        "unit_hyph: %s is missing or unreadable: install the hyphen-de "
		        "package (Debian: apt-get install hyphen-de)\n",
		        DIC);
		return 1;
	}
	CHECK_STR(hyph_default_path(), DIC);
	hyph_close(NULL);

	struct hyph *h = hyph_open(DIC);
	CHECK(h != NULL);
	if (h == NULL)
		return UNIT_DONE();
	run_cases(h, "ISO8859-1");
	run_edges(h);
	run_threads(h);
	hyph_close(h);

	const char *tmpdir = getenv("TMPDIR");
	char dir[512];
	snprintf(dir, sizeof(dir), "%s/unit_hyph.XXXXXX",
	         tmpdir != NULL && *tmpdir != '\0' ? tmpdir : "/tmp");
	const char *tmp = mkdtemp(dir);
	CHECK(tmp != NULL);
	if (tmp == NULL)
		return UNIT_DONE();
	run_bad_files(tmp);

	/* The same patterns in UTF-8 give the same breaks. */
	char *u8 = recode_utf8(tmp);
	CHECK(u8 != NULL);
	if (u8 != NULL) {
		struct hyph *hu = hyph_open(u8);
		CHECK(hu != NULL);
		if (hu != NULL) {
			run_cases(hu, "UTF-8");
			hyph_close(hu);
		}
		unlink(u8);
		free(u8);
	}
	rmdir(tmp);
	return UNIT_DONE();
}
