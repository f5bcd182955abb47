/* SPDX-License-Identifier: MIT */
/*
 * hyph.c gives libhyphen a small dictionary per word (see there). This checks that
 * the breaks equal those of the whole dictionary loaded into libhyphen, for every
 * word hyphen-de's own patterns spell out (about 75,000).
 */
#include <hyphen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hyph.h"
#include "unit.h"

int
main(void)
{
	const char *path = hyph_default_path();
	if (path == NULL) {
		fprintf(stderr, "no /usr/share/hyphen/hyph_de_DE.dic: install hyphen-de\n");
		return 1;
	}
	struct hyph *h = hyph_open(path);
	HyphenDict *whole = hnj_hyphen_load(path);
	FILE *f = fopen(path, "rb");
	CHECK(h != NULL && whole != NULL && f != NULL);
	if (h == NULL || whole == NULL || f == NULL)
		return UNIT_DONE();
	char line[256];
	size_t words = 0, differ = 0;
	if (fgets(line, sizeof(line), f) == NULL)
		return 1;
	while (fgets(line, sizeof(line), f)) {
		/* The letters of a pattern line make a word (Latin-1, lower case). */
		char w[128];
		size_t m = 0;
		for (char *p = line; *p && m < 120; p++) {
			unsigned char c = (unsigned char)*p;
			if ((c >= 'a' && c <= 'z') || (c >= 0xDF && c != 0xF7))
				w[m++] = (char)c;
			else if (c <= ' ')
				break;
		}
		w[m] = '\0';
		if (m < 4)
			continue;
		char hy[140];
		char **rep = NULL;
		int *pos = NULL, *cut = NULL;
		hnj_hyphen_hyphenate3(whole, w, (int)m, hy, NULL, &rep, &pos, &cut, 2, 2, 2, 2);
		size_t want[64], nw = 0;
		for (size_t k = 0; k + 1 < m && nw < 64; k++)
			if ((hy[k] & 1) && !(rep && rep[k]) && k + 1 >= 2 && m - (k + 1) >= 2)
				want[nw++] = k + 1;
		if (rep) {
			for (size_t k = 0; k < m; k++)
				free(rep[k]);
			free(rep);
		}
		free(pos);
		free(cut);
		/* The same word as UTF-8 with a capital, as a report has it. */
		char u[256];
		size_t ul = 0, at_char[130];
		for (size_t k = 0; k < m; k++) {
			unsigned char c = (unsigned char)w[k];
			at_char[k] = ul;
			if (k == 0 && c >= 'a' && c <= 'z')
				c = (unsigned char)(c - 32);
			if (c < 0x80) {
				u[ul++] = (char)c;
			} else {
				u[ul++] = (char)(0xC0 | (c >> 6));
				u[ul++] = (char)(0x80 | (c & 0x3F));
			}
		}
		at_char[m] = ul;
		size_t got[64];
		size_t ng = hyph_word(h, u, ul, 2, 2, got, 64);
		int bad = ng != nw;
		for (size_t k = 0; !bad && k < ng; k++)
			bad = got[k] != at_char[want[k]];
		words++;
		if (bad && differ++ < 10)
			fprintf(stderr, "differs: %s\n", w);
	}
	fclose(f);
	hnj_hyphen_free(whole);
	hyph_close(h);
	fprintf(stderr, "%zu words, %zu differ\n", words, differ);
	CHECK(words > 70000);
	CHECK(differ == 0);
	return UNIT_DONE();
}
