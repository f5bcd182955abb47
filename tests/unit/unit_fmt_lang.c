/* SPDX-License-Identifier: MIT */
/* Unit tests for the languages (lang.c) and fmt.c's figures in each: English as a US reader expects it, German as before. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "lang.h"
#include "tpl_grammar.h"
#include "unit.h"

#define NBSP "\xC2\xA0"
#define MINUS "\xE2\x88\x92"
#define DASH "\xE2\x80\x93"
#define EURO "\xE2\x82\xAC"
#define POUND "\xC2\xA3"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum kind { INT, DECIMAL, PLAIN, MONEY, PERCENT, CHANGE, DATE, QUARTER };

static const struct fcase {
	enum kind kind;
	double v;
	int decimals;
	const char *currency;
	const char *want;
} en_cases[] = {
    {INT, 0, 0, NULL, "0"},
    {INT, 999, 0, NULL, "999"},
    {INT, 1234, 0, NULL, "1,234"},
    {INT, 1234567, 0, NULL, "1,234,567"},
    {INT, -1234567.5, 0, NULL, MINUS "1,234,568"},
    {INT, -0.4, 0, NULL, "0"},
    {DECIMAL, 1234.5, 1, NULL, "1,234.5"},
    {DECIMAL, 1.005, 2, NULL, "1.01"},
    {DECIMAL, -0.005, 2, NULL, MINUS "0.01"},
    {DECIMAL, 1e15, 2, NULL, "1,000,000,000,000,000.00"},
    {DECIMAL, NAN, 1, NULL, DASH},
    {DECIMAL, INFINITY, 1, NULL, DASH},
    {PLAIN, 20263, 0, NULL, "20263"},
    {PLAIN, 1234567.25, 1, NULL, "1234567.3"},
    {PLAIN, -3.5, 1, NULL, MINUS "3.5"},
    {MONEY, 412500, 0, "USD", "$412,500"},
    {MONEY, 1250000, 0, "USD", "$1,250,000"},
    {MONEY, -1250, 0, "USD", MINUS "$1,250"},
    {MONEY, -0.4, 0, "USD", "$0"},
    {MONEY, 1234.5, 2, "USD", "$1,234.50"},
    {MONEY, 412500, 0, "EUR", EURO "412,500"},
    {MONEY, 99.5, 0, "GBP", POUND "100"},
    {MONEY, 412500, 0, "CHF", "CHF" NBSP "412,500"},
    {MONEY, -412500, 0, "SEK", MINUS "SEK" NBSP "412,500"},
    {MONEY, 412500, 0, NULL, "412,500"},
    {MONEY, NAN, 0, "USD", DASH},
    {PERCENT, 0.875, 1, NULL, "87.5%"},
    {PERCENT, 1, 0, NULL, "100%"},
    {PERCENT, 12.345, 1, NULL, "1,234.5%"},
    {PERCENT, -0.0004, 1, NULL, "0.0%"},
    {CHANGE, 0.123, 1, NULL, "+12.3%"},
    {CHANGE, -0.04, 1, NULL, MINUS "4.0%"},
    {CHANGE, 0.0004, 1, NULL, "0.0%"},
    {DATE, 20261231, 0, NULL, "12/31/2026"},
    {DATE, 20190401, 0, NULL, "04/01/2019"},
    {DATE, 20240229, 0, NULL, "02/29/2024"},
    {DATE, 20250229, 0, NULL, DASH},
    {DATE, 20261300, 0, NULL, DASH},
    {QUARTER, 20263, 0, NULL, "Q3" NBSP "2026"},
    {QUARTER, 20251, 0, NULL, "Q1" NBSP "2025"},
    {QUARTER, 20265, 0, NULL, DASH},
};

/* German through the language functions: what the German ones always wrote. */
static const struct fcase de_cases[] = {
    {INT, 1234567, 0, NULL, "1.234.567"},
    {DECIMAL, 1234.5, 1, NULL, "1.234,5"},
    {PLAIN, 1234567.25, 1, NULL, "1234567,3"},
    {MONEY, 412500, 0, "USD", "412.500" NBSP "$"},
    {MONEY, -1250, 0, "EUR", MINUS "1.250" NBSP EURO},
    {MONEY, 412500, 0, "CHF", "412.500" NBSP "CHF"},
    {PERCENT, 0.875, 1, NULL, "87,5" NBSP "%"},
    {CHANGE, -0.04, 1, NULL, MINUS "4,0" NBSP "%"},
    {DATE, 20261231, 0, NULL, "31.12.2026"},
    {QUARTER, 20263, 0, NULL, "Q3/2026"},
};

static void
format(struct sbuf *b, const struct fcase *c, const struct lang *l)
{
	switch (c->kind) {
	case INT:
		fmt_int_l(b, c->v, l);
		break;
	case DECIMAL:
		fmt_decimal_l(b, c->v, c->decimals, l);
		break;
	case PLAIN:
		fmt_plain_l(b, c->v, c->decimals, l);
		break;
	case MONEY:
		fmt_money_l(b, c->v, c->currency, c->decimals, l);
		break;
	case PERCENT:
		fmt_percent_l(b, c->v, c->decimals, l);
		break;
	case CHANGE:
		fmt_change_l(b, c->v, c->decimals, l);
		break;
	case DATE:
		fmt_date_l(b, (int)c->v, l);
		break;
	case QUARTER:
		fmt_quarter_l(b, (int)c->v, l);
		break;
	}
}

static void
run(const struct fcase *cases, size_t n, const struct lang *l)
{
	for (size_t i = 0; i < n; i++) {
		struct sbuf b = {0};
		format(&b, &cases[i], l);
		sbuf_addc(&b, '\0');
		CHECK_STR(b.s, cases[i].want);
		sbuf_free(&b);
	}
}

/* The German functions are the language functions in German, value for value. */
static void
german_unchanged(void)
{
	static const double values[] = {0, -0.0, 0.5, -2.5, 999.5, 1234.5, -1234.56, 1.005,
	                                0.875, -0.04, 1e15, 1e20, 123456789.125, NAN, -INFINITY};
	for (size_t i = 0; i < COUNT(values); i++) {
		for (int d = 0; d <= 3; d++) {
			struct sbuf a = {0}, b = {0};
			double v = values[i];
			fmt_int(&a, v), fmt_int_l(&b, v, &lang_de);
			fmt_decimal(&a, v, d), fmt_decimal_l(&b, v, d, &lang_de);
			fmt_money(&a, v, "USD", d), fmt_money_l(&b, v, "USD", d, &lang_de);
			fmt_money(&a, v, "XYZ", d), fmt_money_l(&b, v, "XYZ", d, &lang_de);
			fmt_money(&a, v, NULL, d), fmt_money_l(&b, v, NULL, d, &lang_de);
			fmt_percent(&a, v, d), fmt_percent_l(&b, v, d, &lang_de);
			fmt_change(&a, v, d), fmt_change_l(&b, v, d, &lang_de);
			sbuf_addc(&a, '\0');
			sbuf_addc(&b, '\0');
			CHECK_STR(b.s, a.s);
			sbuf_free(&a);
			sbuf_free(&b);
		}
	}
	static const int dates[] = {20261126, 19991231, 20240229, 20250229, 0, -1};
	for (size_t i = 0; i < COUNT(dates); i++) {
		struct sbuf a = {0}, b = {0};
		fmt_date(&a, dates[i]), fmt_date_l(&b, dates[i], &lang_de);
		fmt_quarter(&a, dates[i] / 1000), fmt_quarter_l(&b, dates[i] / 1000, &lang_de);
		sbuf_addc(&a, '\0');
		sbuf_addc(&b, '\0');
		CHECK_STR(b.s, a.s);
		sbuf_free(&a);
		sbuf_free(&b);
	}
}

/* <template language>'s values in the grammar (and so the schema) are lang.c's codes. */
static void
grammar_agrees(void)
{
	const struct tpl_elem *t = tpl_elem_find("template");
	const struct tpl_attr *a = t != NULL ? tpl_attr_find(t, "language") : NULL;
	CHECK(a != NULL && a->kind == V_ENUM);
	if (a == NULL)
		return;
	char codes[64];
	snprintf(codes, sizeof(codes), "%s", a->values);
	unsigned n = 0;
	for (char *save, *w = strtok_r(codes, " ", &save); w; w = strtok_r(NULL, " ", &save), n++)
		CHECK(lang_find(w) != NULL && lang_find(w)->index == n);
	CHECK(n == LANG_COUNT);
	for (unsigned i = 0; i < LANG_COUNT; i++)
		CHECK(lang_at(i)->index == i && lang_find(lang_at(i)->code) == lang_at(i));
}

int
main(void)
{
	grammar_agrees();
	const struct lang *en = lang_find("en");
	CHECK(en != NULL);
	CHECK(lang_find("de") == &lang_de);
	CHECK(lang_find("fr") == NULL);
	CHECK(lang_find("") == NULL);
	CHECK(lang_find(NULL) == NULL);
	CHECK(lang_find("DE") == NULL);
	CHECK_STR(lang_codes(), "de, en");
	if (en == NULL)
		return UNIT_DONE();
	CHECK_STR(en->hyph_file, "/usr/share/hyphen/hyph_en_US.dic");
	CHECK_STR(lang_de.hyph_file, "/usr/share/hyphen/hyph_de_DE.dic");
	CHECK(en->decimal == '.' && lang_de.decimal == ',');
	run(en_cases, COUNT(en_cases), en);
	run(de_cases, COUNT(de_cases), &lang_de);
	german_unchanged();
	return UNIT_DONE();
}
