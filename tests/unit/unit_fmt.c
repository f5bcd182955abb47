/* SPDX-License-Identifier: MIT */
/* Unit tests for fmt.c: German numbers, money, percentages, dates and quarters. */
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>

#include "fmt.h"
#include "unit.h"

#define NBSP "\xC2\xA0"
#define MINUS "\xE2\x88\x92"
#define DASH "\xE2\x80\x93"
#define EURO "\xE2\x82\xAC"
#define POUND "\xC2\xA3"
#define YEN "\xC2\xA5"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	double v;
	int decimals;
	const char *want;
} decimal_cases[] = {
    {0, 0, "0"},
    {0, 2, "0,00"},
    {-0.0, 0, "0"},
    {-0.0, 1, "0,0"},
    {0.5, 0, "1"},
    {-0.5, 0, "" MINUS "1"},
    {0.4999, 0, "0"},
    {2.5, 0, "3"},
    {-2.5, 0, "" MINUS "3"},
    {999.4, 0, "999"},
    {999.5, 0, "1.000"},
    {-999.5, 0, "" MINUS "1.000"},
    {123, 0, "123"},
    {1234, 0, "1.234"},
    {12345, 0, "12.345"},
    {123456, 0, "123.456"},
    {1234567, 0, "1.234.567"},
    {1234567.891, 0, "1.234.568"},
    {1234567.491, 0, "1.234.567"},
    {1234567.891, 2, "1.234.567,89"},
    {1234567.895, 2, "1.234.567,90"},
    {-1234.5, 1, "" MINUS "1.234,5"},
    {-1234.56, 1, "" MINUS "1.234,6"},
    /* Rounds to zero: no minus zero. */
    {-0.0004, 2, "0,00"},
    {-0.004, 2, "0,00"},
    {-0.005, 2, "" MINUS "0,01"},
    {-0.4, 0, "0"},
    /* Binary floating point stores these just below the half; the decimal value wins. */
    {1.005, 2, "1,01"},
    {2.675, 2, "2,68"},
    {1.115, 2, "1,12"},
    {0.045, 2, "0,05"},
    {0.125, 2, "0,13"},
    {9.995, 2, "10,00"},
    {99.995, 2, "100,00"},
    {-1.005, 2, "" MINUS "1,01"},
    {1.0049, 2, "1,00"},
    {0.1 + 0.2, 2, "0,30"},
    {0.1 + 0.2, 17, "0,30000000000000000"},
    {0.001, 3, "0,001"},
    {0.001, 2, "0,00"},
    {1e-300, 2, "0,00"},
    {5e-324, 0, "0"},
    /* Large values. */
    {999999999999999.0, 0, "999.999.999.999.999"},
    {99999999999999.95, 0, "100.000.000.000.000"},
    {9999999999999.99, 2, "9.999.999.999.999,99"},
    {99999999999.995, 2, "100.000.000.000,00"},
    {-12345678901.235, 2, "" MINUS "12.345.678.901,24"},
    {1e15, 0, "1.000.000.000.000.000"},
    {1e15, 2, "1.000.000.000.000.000,00"},
    {-1e15, 0, "" MINUS "1.000.000.000.000.000"},
    {9007199254740991.0, 0, "9.007.199.254.740.991"},
    {1e20, 0, "100.000.000.000.000.000.000"},
    /* decimals out of range are clamped to 0..20. */
    {2.5, -1, "3"},
    {1.5, 25, "1,50000000000000000000"},
};

static const struct {
	double v;
	const char *want;
} int_cases[] = {
    {0, "0"},
    {7, "7"},
    {2.5, "3"},
    {-2.5, "" MINUS "3"},
    {0.4, "0"},
    {-0.4, "0"},
    {1234567, "1.234.567"},
    {-1234567, "" MINUS "1.234.567"},
    {412500, "412.500"},
};

static const struct {
	double v;
	const char *currency;
	int decimals;
	const char *want;
} money_cases[] = {
    {412500, "USD", 0, "412.500" NBSP "$"},
    {1234567, "EUR", 0, "1.234.567" NBSP EURO},
    {1234.5, "EUR", 2, "1.234,50" NBSP EURO},
    {-1234.5, "GBP", 2, "" MINUS "1.234,50" NBSP POUND},
    {100, "CHF", 0, "100" NBSP "CHF"},
    {1e6, "JPY", 0, "1.000.000" NBSP YEN},
    {5, "SEK", 0, "5" NBSP "SEK"},
    {5, "", 0, "5"},
    {5, NULL, 0, "5"},
    {-0.4, "EUR", 0, "0" NBSP EURO},
    {0.005, "USD", 2, "0,01" NBSP "$"},
    {2.675, "EUR", 2, "2,68" NBSP EURO},
    {0, "EUR", 0, "0" NBSP EURO},
};

static const struct {
	const char *code, *want;
} symbol_cases[] = {
    {"EUR", EURO}, {"USD", "$"},   {"GBP", POUND}, {"CHF", "CHF"},
    {"JPY", YEN},  {"XYZ", "XYZ"}, {"eur", "eur"}, {"", ""},
};

static const struct {
	double ratio;
	int decimals;
	const char *want;
} percent_cases[] = {
    {0.875, 1, "87,5" NBSP "%"},       {0, 0, "0" NBSP "%"},
    {-0.0, 1, "0,0" NBSP "%"},         {1, 0, "100" NBSP "%"},
    {0.5, 0, "50" NBSP "%"},           {0.14, 0, "14" NBSP "%"},
    {0.00005, 2, "0,01" NBSP "%"},     {0.0105, 1, "1,1" NBSP "%"},
    {0.123456, 2, "12,35" NBSP "%"},   {-0.125, 1, "" MINUS "12,5" NBSP "%"},
    {-0.000004, 1, "0,0" NBSP "%"},    {12.5, 0, "1.250" NBSP "%"},
    {0.999995, 4, "99,9995" NBSP "%"}, {0.999995, 3, "100,000" NBSP "%"},
};

static const struct {
	double ratio;
	int decimals;
	const char *want;
} change_cases[] = {
    {0.123, 1, "+12,3" NBSP "%"},
    {-0.04, 1, "" MINUS "4,0" NBSP "%"},
    {0, 1, "0,0" NBSP "%"},
    {-0.0, 1, "0,0" NBSP "%"},
    {0, 0, "0" NBSP "%"},
    {0.0004, 1, "0,0" NBSP "%"},
    {-0.0004, 1, "0,0" NBSP "%"},
    {0.0005, 1, "+0,1" NBSP "%"},
    {-0.0005, 1, "" MINUS "0,1" NBSP "%"},
    {2.5, 0, "+250" NBSP "%"},
    {10, 0, "+1.000" NBSP "%"},
    {-1, 0, "" MINUS "100" NBSP "%"},
};

static const struct {
	int ymd;
	const char *want;
} date_cases[] = {
    {20261126, "26.11.2026"},
    {20260105, "05.01.2026"},
    {20260910, "10.09.2026"},
    {20261231, "31.12.2026"},
    {20240229, "29.02.2024"},
    {20000229, "29.02.2000"},
    {10101, "01.01.0001"},
    /* Dates that do not exist. */
    {20250229, DASH},
    {19000229, DASH},
    {20261131, DASH},
    {20261301, DASH},
    {20260001, DASH},
    {20260100, DASH},
    {0, DASH},
    {-20261126, DASH},
    {100000101, DASH},
};

static const struct {
	int period;
	const char *want;
} quarter_cases[] = {
    {20263, "Q3/2026"}, {20261, "Q1/2026"}, {20264, "Q4/2026"}, {19994, "Q4/1999"},
    {20260, DASH},      {20265, DASH},      {-20263, DASH},     {0, DASH},
};

/* The formatted strings, kept until the end so CHECK_STR can show them. */
static char *
run_decimal(double v, int decimals)
{
	struct sbuf b = {0};
	fmt_decimal(&b, v, decimals);
	return sbuf_take(&b);
}

static void
test_decimal(void)
{
	for (size_t i = 0; i < COUNT(decimal_cases); i++) {
		char *s = run_decimal(decimal_cases[i].v, decimal_cases[i].decimals);
		CHECK_STR(s, decimal_cases[i].want);
		if (strcmp(s, decimal_cases[i].want) != 0)
			fprintf(stderr, "  case %zu: fmt_decimal(%.17g, %d)\n", i,
			        decimal_cases[i].v, decimal_cases[i].decimals);
		free(s);
	}
}

static void
test_int(void)
{
	for (size_t i = 0; i < COUNT(int_cases); i++) {
		struct sbuf b = {0};
		fmt_int(&b, int_cases[i].v);
		CHECK_STR(b.s, int_cases[i].want);
		sbuf_free(&b);
	}
}

static void
test_money(void)
{
	for (size_t i = 0; i < COUNT(money_cases); i++) {
		struct sbuf b = {0};
		fmt_money(&b, money_cases[i].v, money_cases[i].currency, money_cases[i].decimals);
		CHECK_STR(b.s, money_cases[i].want);
		sbuf_free(&b);
	}
	for (size_t i = 0; i < COUNT(symbol_cases); i++)
		CHECK_STR(fmt_currency_symbol(symbol_cases[i].code), symbol_cases[i].want);
	CHECK_STR(fmt_currency_symbol(NULL), "");
}

static void
test_percent(void)
{
	for (size_t i = 0; i < COUNT(percent_cases); i++) {
		struct sbuf b = {0};
		fmt_percent(&b, percent_cases[i].ratio, percent_cases[i].decimals);
		CHECK_STR(b.s, percent_cases[i].want);
		sbuf_free(&b);
	}
	for (size_t i = 0; i < COUNT(change_cases); i++) {
		struct sbuf b = {0};
		fmt_change(&b, change_cases[i].ratio, change_cases[i].decimals);
		CHECK_STR(b.s, change_cases[i].want);
		sbuf_free(&b);
	}
}

static void
test_dates(void)
{
	for (size_t i = 0; i < COUNT(date_cases); i++) {
		struct sbuf b = {0};
		fmt_date(&b, date_cases[i].ymd);
		CHECK_STR(b.s, date_cases[i].want);
		sbuf_free(&b);
	}
	for (size_t i = 0; i < COUNT(quarter_cases); i++) {
		struct sbuf b = {0};
		fmt_quarter(&b, quarter_cases[i].period);
		CHECK_STR(b.s, quarter_cases[i].want);
		sbuf_free(&b);
	}
}

/* NaN and the infinities print an en dash alone in every function. */
static void
test_not_finite(void)
{
	const double bad[] = {NAN, -NAN, INFINITY, -INFINITY};
	for (size_t i = 0; i < COUNT(bad); i++) {
		struct sbuf b = {0};
		fmt_int(&b, bad[i]);
		CHECK_STR(b.s, DASH);
		sbuf_free(&b);
		fmt_decimal(&b, bad[i], 2);
		CHECK_STR(b.s, DASH);
		sbuf_free(&b);
		fmt_money(&b, bad[i], "EUR", 0);
		CHECK_STR(b.s, DASH);
		sbuf_free(&b);
		fmt_percent(&b, bad[i], 1);
		CHECK_STR(b.s, DASH);
		sbuf_free(&b);
		fmt_change(&b, bad[i], 1);
		CHECK_STR(b.s, DASH);
		sbuf_free(&b);
	}
}

static void
test_edges(void)
{
	/* The functions append. */
	struct sbuf b = {0};
	sbuf_adds(&b, "Umsatz: ");
	fmt_money(&b, 412500, "USD", 0);
	sbuf_adds(&b, ", ");
	fmt_change(&b, 0.123, 1);
	CHECK_STR(b.s, "Umsatz: 412.500" NBSP "$, +12,3" NBSP "%");
	sbuf_free(&b);

	/* DBL_MAX: 309 digits in 103 groups, the first 17 significant, then zeros. */
	char *s = run_decimal(DBL_MAX, 0);
	CHECK(strlen(s) == 309 + 102);
	CHECK(strncmp(s, "179.769.313.486.231.570.000.000", 31) == 0);
	free(s);
	s = run_decimal(-DBL_MAX, 2);
	CHECK(strncmp(s, MINUS "179.769", strlen(MINUS "179.769")) == 0);
	CHECK(strcmp(s + strlen(s) - 3, ",00") == 0);
	free(s);

	/* Every integer up to 10^6 comes out as the digits printf gives, grouped. */
	int bad = 0;
	for (int i = 0; i <= 1000000 && bad < 5; i += 7) {
		char want[32], *w = want;
		char digits[16];
		int n = snprintf(digits, sizeof(digits), "%d", i);
		for (int k = 0; k < n; k++) {
			if (k > 0 && (n - k) % 3 == 0)
				*w++ = '.';
			*w++ = digits[k];
		}
		*w = '\0';
		s = run_decimal(i, 0);
		if (strcmp(s, want) != 0) {
			CHECK_STR(s, want);
			bad++;
		}
		free(s);
	}
	CHECK(bad == 0);

	/* k/100 + 0.005 rounds up to (k+1)/100 for every k, whatever its binary form. */
	bad = 0;
	for (int k = 0; k < 99999 && bad < 5; k++) {
		char want[32];
		snprintf(want, sizeof(want), "%d,%02d", (k + 1) / 100, (k + 1) % 100);
		s = run_decimal(k / 100.0 + 0.005, 2);
		char *g = s;
		/* Compare without the thousands dot, which starts at 1.000,00. */
		char plain[32], *q = plain;
		for (; *g != '\0'; g++)
			if (*g != '.')
				*q++ = *g;
		*q = '\0';
		if (strcmp(plain, want) != 0) {
			CHECK_STR(plain, want);
			bad++;
		}
		free(s);
	}
	CHECK(bad == 0);
}

/* The output must not depend on the C locale: run everything again in a German one. */
static void
test_locale(void)
{
	static const char *const names[] = {"de_DE.UTF-8", "de_DE.utf8", "de_DE", "fr_FR.UTF-8"};
	const char *got = NULL;
	for (size_t i = 0; i < COUNT(names) && got == NULL; i++)
		got = setlocale(LC_ALL, names[i]);
	if (got == NULL) {
		printf("note: no German or French locale installed, locale test skipped\n");
		return;
	}
	test_decimal();
	test_money();
	test_percent();
	setlocale(LC_ALL, "C");
}

/* fmt_round: the number a reader sees, so that a change of shown figures agrees with them. */
static void
test_round(void)
{
	CHECK(fmt_round(3.45, 1) == 3.5); /* the decimal 3.45, half away from zero */
	CHECK(fmt_round(3.449, 1) == 3.4);
	CHECK(fmt_round(-2.25, 1) == -2.3);
	CHECK(fmt_round(1.005, 2) == 1.01); /* stored as 1.00499999..., written as 1.005 */
	CHECK(fmt_round(-0.04, 1) == 0 && !signbit(fmt_round(-0.04, 1)));
	CHECK(fmt_round(-99.5, 0) == -100);
	CHECK(isnan(fmt_round(NAN, 1)));
	/* 3,46 and 3,44 both show as 3,5 and 3,4; unrounded they differ by 0,02. */
	struct sbuf b = {0};
	fmt_decimal(&b, fmt_round(3.46, 1) - fmt_round(3.44, 1), 1);
	CHECK_STR(b.s, "0,1");
	sbuf_free(&b);
}

int
main(void)
{
	test_round();
	test_decimal();
	test_int();
	test_money();
	test_percent();
	test_dates();
	test_not_finite();
	test_edges();
	test_locale();
	return UNIT_DONE();
}
