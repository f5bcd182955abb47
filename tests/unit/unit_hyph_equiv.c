/* SPDX-License-Identifier: MIT */
/*
 * hyph.c builds libhyphen a small automaton per word (see there). This checks that
 * the breaks equal those of the whole dictionary loaded into libhyphen: for every
 * word hyphen-de's own patterns spell out (about 75,000), for hyphen-en-us's (about
 * 7,900: the English template's patterns), and for random words on
 * small dictionaries that use what hyphen-de does not (one level only, non-standard
 * breaks, long lines, line ends, UTF-8).
 */
#include <hyphen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hyph.h"
#include "hyph_pre.h"
#include "pattern_word.h"
#include "unit.h"

/*
 * The breaks the whole dictionary gives the folded word w (n bytes in the
 * dictionary's encoding), as byte offsets into u (the same word in UTF-8), with the
 * minimums 2 and 2 that hyph_word applies as well. Returns how many.
 */
static size_t
whole_breaks(HyphenDict *whole, const char *w, size_t n, const char *u, size_t *at, size_t max)
{
	char hy[300];
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	hnj_hyphen_hyphenate3(whole, w, (int)n, hy, NULL, &rep, &pos, &cut, 2, 2, 2, 2);
	/* hy has one digit per character: find each character's offset in u. */
	size_t offs[300], m = 0;
	for (size_t i = 0; u[i] != '\0'; i++)
		if (((unsigned char)u[i] & 0xC0) != 0x80)
			offs[m++] = i;
	size_t nb = 0;
	for (size_t k = 0; k + 1 < m && nb < max; k++)
		if ((hy[k] & 1) && !(rep && rep[k]) && k + 1 >= 2 && m - (k + 1) >= 2)
			at[nb++] = offs[k + 1];
	if (rep) {
		for (size_t k = 0; k < n; k++)
			free(rep[k]);
		free(rep);
	}
	free(pos);
	free(cut);
	return nb;
}

/* The UTF-8 word u in the dictionary's encoding (Latin-1 when latin1) into w; its length. */
static size_t
dict_bytes(const char *u, int latin1, char *w)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)u; *p != '\0'; p++) {
		if (latin1 && *p >= 0xC0) {
			w[n++] = (char)(((p[0] & 0x1F) << 6) | (p[1] & 0x3F));
			p++;
		} else {
			w[n++] = (char)*p;
		}
	}
	w[n] = '\0';
	return n;
}

/* Compares hyph_word with the whole dictionary on the UTF-8 word u; true if equal. */
static int
same_breaks(const struct hyph *h, HyphenDict *whole, const char *u, int latin1)
{
	/* The word in the dictionary's encoding. */
	char w[300];
	size_t n = dict_bytes(u, latin1, w);
	size_t want[64], got[64];
	size_t nw = whole_breaks(whole, w, n, u, want, 64);
	size_t ng = hyph_word(h, u, strlen(u), 2, 2, got, 64);
	if (ng != nw)
		return 0;
	for (size_t k = 0; k < ng; k++)
		if (got[k] != want[k])
			return 0;
	return 1;
}

/* Copies the file at from to to; 0 or -1. */
static int
copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char buf[65536];
	size_t n;
	int rc = in != NULL && out != NULL ? 0 : -1;
	while (rc == 0 && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		rc = fwrite(buf, 1, n, out) == n ? 0 : -1;
	if (in != NULL)
		fclose(in);
	if (out != NULL && fclose(out) != 0)
		rc = -1;
	return rc;
}

/*
 * All of hyphen-de's words, as UTF-8 with a capital, as a report has them: from the
 * index the build made of the installed file (hyph_pre.h), and from the index of a copy
 * of it made at its first use, which no prebuilt index stands for.
 */
static void
run_hyphen_de(const char *dir)
{
	const char *path = hyph_default_path();
	/* The build found the file and indexed it (CMakeLists.txt: PR_HYPH_FILES). */
	CHECK(hyph_npre > 0 && strcmp(hyph_pre[0].path, path) == 0);
	char copy[600];
	snprintf(copy, sizeof(copy), "%s/hyph_de_DE.dic", dir);
	CHECK(copy_file(path, copy) == 0);
	struct hyph *h = hyph_open(path), *hc = hyph_open(copy);
	HyphenDict *whole = hnj_hyphen_load(path);
	FILE *f = fopen(path, "rb");
	CHECK(h != NULL && hc != NULL && whole != NULL && f != NULL);
	if (h == NULL || hc == NULL || whole == NULL || f == NULL)
		return;
	char line[256];
	size_t words = 0, differ = 0;
	if (fgets(line, sizeof(line), f) == NULL)
		line[0] = '\0';
	while (fgets(line, sizeof(line), f)) {
		/* The letters of a pattern line make a word (Latin-1, lower case). */
		char u[256];
		size_t ul;
		size_t m = pattern_word(line, 120, u, &ul);
		if (m < 4)
			continue;
		/* The whole dictionary gets it folded: lower case. */
		char folded[256];
		memcpy(folded, u, ul + 1);
		if (folded[0] >= 'A' && folded[0] <= 'Z')
			folded[0] = (char)(folded[0] + 32);
		char w[256];
		size_t n = dict_bytes(folded, 1, w);
		size_t want[64], got[64];
		size_t nw = whole_breaks(whole, w, n, u, want, 64);
		size_t ng = hyph_word(h, u, ul, 2, 2, got, 64);
		int bad = ng != nw;
		for (size_t k = 0; !bad && k < ng; k++)
			bad = got[k] != want[k];
		ng = hyph_word(hc, u, ul, 2, 2, got, 64);
		bad |= ng != nw;
		for (size_t k = 0; !bad && k < ng; k++)
			bad = got[k] != want[k];
		words++;
		if (bad && differ++ < 10)
			fprintf(stderr, "differs: %s\n", folded);
	}
	fclose(f);
	hnj_hyphen_free(whole);
	hyph_close(h);
	hyph_close(hc);
	unlink(copy);
	fprintf(stderr, "hyphen-de: %zu words, %zu differ\n", words, differ);
	CHECK(words > 70000);
	CHECK(differ == 0);
}

/*
 * All of hyphen-en-us's words (UTF-8, one level, some ligatures among the letters):
 * the letters of each pattern line, lower case, as English text has most words.
 */
static void
run_hyphen_en(void)
{
	const char *path = "/usr/share/hyphen/hyph_en_US.dic";
	struct hyph *h = hyph_open(path);
	HyphenDict *whole = hnj_hyphen_load(path);
	FILE *f = fopen(path, "rb");
	CHECK(h != NULL && whole != NULL && f != NULL);
	if (h == NULL || whole == NULL || f == NULL) {
		fprintf(stderr, "no %s: install hyphen-en-us\n", path);
		return;
	}
	char line[256];
	size_t words = 0, differ = 0, with = 0;
	while (fgets(line, sizeof(line), f)) {
		char u[256];
		size_t ul = 0, letters = 0;
		for (const char *p = line; *p > ' ' && *p != '/' && ul < 200; p++) {
			if ((*p >= '0' && *p <= '9') || *p == '.')
				continue;
			letters += ((unsigned char)*p & 0xC0) != 0x80;
			u[ul++] = *p;
		}
		u[ul] = '\0';
		/* The header and keyword lines are upper case; pattern letters never are. */
		if (letters < 4 || (u[0] >= 'A' && u[0] <= 'Z'))
			continue;
		size_t at[64];
		with += hyph_word(h, u, ul, 2, 2, at, 64) > 0;
		words++;
		if (!same_breaks(h, whole, u, 0) && differ++ < 10)
			fprintf(stderr, "differs: %s\n", u);
	}
	fclose(f);
	/* And the words of an English report. */
	static const struct {
		const char *word, *want;
	} report[] = {
	    {"representative", "rep-re-sen-ta-tive"},
	    {"partnership", "part-ner-ship"},
	    {"performance", "per-for-mance"},
	    {"opportunities", "op-por-tu-ni-ties"},
	    {"certification", "cer-ti-fi-ca-tion"},
	    {"Distribution", "Dis-tri-bu-tion"},
	};
	for (size_t i = 0; i < sizeof(report) / sizeof(report[0]); i++) {
		const char *w = report[i].word;
		size_t at[64], n = hyph_word(h, w, strlen(w), 2, 3, at, 64);
		char got[128];
		size_t g = 0, k = 0;
		for (size_t j = 0; w[j] != '\0'; j++) {
			if (k < n && at[k] == j) {
				got[g++] = '-';
				k++;
			}
			got[g++] = w[j];
		}
		got[g] = '\0';
		CHECK_STR(got, report[i].want);
		CHECK(same_breaks(h, whole, w, 0) || w[0] < 'a');
	}
	hnj_hyphen_free(whole);
	hyph_close(h);
	fprintf(stderr, "hyphen-en-us: %zu words, %zu with breaks, %zu differ\n", words, with,
	        differ);
	CHECK(words > 5000);
	CHECK(with > 3000);
	CHECK(differ == 0);
}

/*
 * Small dictionaries over a few letters, so that random words meet their patterns
 * often, and the letters (UTF-8; each one character) random words are made of. Bytes
 * above ASCII are octal escapes: a hex escape would swallow the letters after it.
 */
static const struct dict {
	const char *name, *text, *letters[12];
} dicts[] = {
    /* One level: libhyphen puts its own first level (hyphens, apostrophes) on top. */
    {"one-level.dic",
     "ISO8859-1\n"
     "LEFTHYPHENMIN 2\n"
     "RIGHTHYPHENMIN 3\n"
     "% a comment\n"
     ".ab1c\n"
     "a1b\n"
     "b1c\n"
     "2bc.\n"
     "c1a\n"
     "1ca2\n"
     "ab3ca\n"
     "a3b\n" /* the same letters as a1b: the last one counts */
     "\3441b\n"
     "1\337a\n"
     ".c4\n"
     "#1 not a comment for libhyphen\n",
     {"a", "b", "c", "\xC3\xA4", "\xC3\x9F", "'"}},
    /* Two levels as hyphen-de has them: compounds first, then syllables. */
    {"two-levels.dic",
     "ISO8859-1\n"
     "COMPOUNDLEFTHYPHENMIN 2\n"
     "COMPOUNDRIGHTHYPHENMIN 3\n"
     "ab1ca\n"
     "bca1ab\n"
     "cab1\n"
     "ab1ba1cc\n"
     "NOHYPHEN -,'\n"
     "NEXTLEVEL\n"
     "LEFTHYPHENMIN 2\n"
     ".a1b\n"
     "1ba\n"
     "b1c\n"
     "c1a\n"
     "2cc\n"
     "a1\344\n"
     "\3371a\n"
     "b1a.\n",
     {"a", "b", "c", "\xC3\xA4", "\xC3\x9F"}},
    /* Non-standard breaks (Schiff-fahrt), with and without their numbers. */
    {"nonstandard.dic",
     "ISO8859-1\n"
     "LEFTHYPHENMIN 1\n"
     "RIGHTHYPHENMIN 1\n"
     "c1k/k=k,1,1\n"
     "f1f/ff=f,1,2\n"
     "a1b/a=b\n"
     "b1c/b=c,1\n"
     ".ka1f/aa=f,2,2\n"
     "1b\n"
     "ff1a\n",
     {"a", "b", "c", "f", "k"}},
    /*
     * Line ends: CRLF, trailing blanks, a line longer than libhyphen's buffer (which it
     * cuts into pieces), a second NEXTLEVEL (the rest is ignored).
     */
    {"lines.dic",
     "ISO8859-1\r\n"
     "a1b\r\n"
     "b1c  \n"
     "c1a\t% tab\n"
     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxb3a\n" /* 99 x: the first piece */
     "NEXTLEVEL\n"
     "1ba\n"
     "a2a\n"
     "NEXTLEVEL\n"
     "1aa\n",
     {"a", "b", "c"}},
    /*
     * UTF-8 patterns and non-standard breaks over two-byte letters (on the second
     * level: on the first, libhyphen 2.8.8 recurses without end on some words).
     */
    {"utf8.dic",
     "UTF-8\n"
     "LEFTHYPHENMIN 2\n"
     "RIGHTHYPHENMIN 2\n"
     "NOHYPHEN ',-\n"
     "\303\2441b\n"
     "b1\303\266\n"
     ".\303\2662b\n"
     "1\303\237a\n"
     "a1b\n"
     "NEXTLEVEL\n"
     "1ba\n"
     "\303\2661a\n"
     "\303\2441\303\244/\303\244\303\244=\303\244,1,2\n"
     "a1\303\237\n",
     {"a", "b", "\xC3\xA4", "\xC3\xB6", "\xC3\x9F", "'"}},
};

static uint32_t
rnd(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

static void
run_small(const char *dir)
{
	for (size_t d = 0; d < sizeof(dicts) / sizeof(dicts[0]); d++) {
		char path[600];
		snprintf(path, sizeof(path), "%.500s/%s", dir, dicts[d].name);
		FILE *f = fopen(path, "wb");
		CHECK(f != NULL);
		if (f == NULL)
			continue;
		fputs(dicts[d].text, f);
		fclose(f);
		struct hyph *h = hyph_open(path);
		HyphenDict *whole = hnj_hyphen_load(path);
		CHECK(h != NULL && whole != NULL);
		if (h == NULL || whole == NULL)
			continue;
		size_t nl = 0;
		while (nl < 12 && dicts[d].letters[nl] != NULL)
			nl++;
		int latin1 = strncmp(dicts[d].text, "UTF-8", 5) != 0;
		uint32_t seed = 20261126u + (uint32_t)d;
		size_t differ = 0, with = 0;
		for (int i = 0; i < 4000; i++) {
			char u[128];
			size_t ul = 0, len = 4 + rnd(&seed) % 11;
			for (size_t k = 0; k < len; k++) {
				const char *l = dicts[d].letters[rnd(&seed) % nl];
				/* An apostrophe neither begins nor ends a word. */
				if (*l == '\'' && (k == 0 || k + 1 == len))
					l = dicts[d].letters[0];
				memcpy(u + ul, l, strlen(l));
				ul += strlen(l);
			}
			u[ul] = '\0';
			size_t at[64];
			with += hyph_word(h, u, ul, 2, 2, at, 64) > 0;
			if (!same_breaks(h, whole, u, latin1) && differ++ < 5)
				fprintf(stderr, "%s: differs: %s\n", dicts[d].name, u);
		}
		fprintf(stderr, "%s: 4000 words, %zu with breaks, %zu differ\n", dicts[d].name,
		        with, differ);
		CHECK(differ == 0);
		CHECK(with > 1000);
		hnj_hyphen_free(whole);
		hyph_close(h);
		unlink(path);
	}
}

int
main(void)
{
	if (hyph_default_path() == NULL) {
		fprintf(stderr, "no /usr/share/hyphen/hyph_de_DE.dic: install hyphen-de\n");
		return 1;
	}
	const char *tmpdir = getenv("TMPDIR");
	char dir[512];
	snprintf(dir, sizeof(dir), "%s/unit_hyph_equiv.XXXXXX",
	         tmpdir != NULL && *tmpdir != '\0' ? tmpdir : "/tmp");
	CHECK(mkdtemp(dir) != NULL);
	run_hyphen_de(dir);
	run_hyphen_en();
	run_small(dir);
	rmdir(dir);
	return UNIT_DONE();
}
