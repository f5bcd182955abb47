/* SPDX-License-Identifier: MIT */
/* The languages a template may be written in, and what each brings (lang.h). */
#include <assert.h>
#include <stddef.h>
#include <string.h>

#include "lang.h"

const struct lang lang_de = {
    .index = 0,
    .code = "de",
    .name = "German",
    .group = '.',
    .decimal = ',',
    .symbol_first = false,
    .percent_space = true,
    .date = LANG_DATE_DMY_DOTS,
    .quarter = LANG_QUARTER_SLASH,
    .hyph_file = "/usr/share/hyphen/hyph_de_DE.dic",
    .hyph_package = "hyphen-de",
    /* Inside „…“: ‚…‘ (and “ ” both as the closing ‘, as German uses “ to close). */
    .inner_quote = {"\u201A", "\u2018", "\u201A", "\u2018", "\u2018"},
};

/*
 * English as the partners' sales teams in the USA read it: 1,234.5; $412,500 (the
 * symbol before the figure, no space); 87.5% (no space, as US style guides and
 * spreadsheets write it); dates as 12/31/2026, the form US readers see in their CRM,
 * mail and contracts every day (ISO 2026-12-31 is unambiguous but reads as a
 * machine's, and a template that wants words writes them itself); Q3 2026.
 */
static const struct lang lang_en = {
    .index = 1,
    .code = "en",
    .name = "English",
    .group = ',',
    .decimal = '.',
    .symbol_first = true,
    .percent_space = false,
    .date = LANG_DATE_MDY_SLASHES,
    .quarter = LANG_QUARTER_SPACE,
    .hyph_file = "/usr/share/hyphen/hyph_en_US.dic",
    .hyph_package = "hyphen-en-us",
    /* Inside “…”: ‘…’ (US style). */
    .inner_quote = {"\u2018", "\u2019", "\u2018", "\u2018", "\u2019"},
};

static const struct lang *const langs[LANG_COUNT] = {&lang_de, &lang_en};

const struct lang *
lang_at(unsigned i)
{
	assert(i < LANG_COUNT && langs[i]->index == i);
	return langs[i];
}

const struct lang *
lang_find(const char *code)
{
	if (code == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof(langs) / sizeof(langs[0]); i++)
		if (strcmp(langs[i]->code, code) == 0)
			return langs[i];
	return NULL;
}

const char *
lang_codes(void)
{
	return "de, en";
}
