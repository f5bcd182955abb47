/* SPDX-License-Identifier: MIT */
/* Numbers, money, percentages, dates and quarters as a template's language writes them, whatever the C locale. */
#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "lang.h"

/* UTF-8 spelled as escapes so the source stays ASCII. */
#define NBSP "\xC2\xA0"      /* U+00A0 NO-BREAK SPACE, between a number and its unit */
#define MINUS "\xE2\x88\x92" /* U+2212 MINUS SIGN */
#define DASH "\xE2\x80\x93"  /* U+2013 EN DASH, stands for NaN, infinities and bad dates */

/*
 * How the rounding is done, and why it is right.
 *
 * A double is the binary number nearest to the decimal the data was written in: 1.005
 * is stored as 1.00499999999999989..., 2.675 as 2.67499999999999982.... Rounding that
 * binary value would give "1,00" and "2,67", though anyone reading the data expects
 * "1,01" and "2,68". So the decimal value is recovered first, then rounded as a string
 * of decimal digits, with no floating-point arithmetic after the first step.
 *
 * Step 1: snprintf("%.14e") gives the value rounded correctly to 15 significant digits
 * (glibc's and musl's printf are exact). DBL_DIG is 15: every decimal x of at most 15
 * significant digits comes back unchanged from the trip decimal -> double -> 15 digits:
 * the double lies within 2^-53 |x| (1.1e-16 |x|) of x, every other 15-digit decimal
 * more than 1e-15 |x| away from x, so x is the nearest. For every such input the digits
 * are exactly what was written: all amounts below 10^13 with two decimals, all integers
 * below 10^15, 10^15 itself. Only the digits and the exponent are read from printf's
 * output; whatever decimal point the C locale prints is skipped, and setlocale is never
 * called.
 *
 * From |v| >= 1e15 on, a double has no fraction digits worth recovering (its spacing
 * is 0.125 or more), and 15 digits would lose integer digits, so 17 significant digits
 * are taken instead, which is exact for every integer a double holds below 10^17.
 *
 * Step 2: the digit string is rounded half away from zero at the wanted place: the
 * first dropped digit decides (>= 5 rounds the magnitude up), which is exact on a
 * decimal string. Percentages shift the decimal exponent by 2 instead of multiplying
 * by 100, so they are as exact as the ratio. A result whose digits are all zero gets
 * no sign: "-0" (with U+2212) and "+0" never appear.
 *
 * Values that are NaN or infinite print as an en dash (U+2013) alone, without unit or sign.
 */

enum {
	MAX_DECIMALS = 20,
	/* Integer digits of DBL_MAX (309) plus a percent shift, carry and fraction digits. */
	DIGITS_SIZE = 400
};

struct digits {
	char d[DIGITS_SIZE]; /* integer digits, then the fraction digits, no point */
	int nint;            /* how many of d are integer digits (at least 1) */
	int nfrac;           /* how many follow as fraction digits */
	bool zero;           /* all digits are 0 after rounding */
	bool neg;            /* negative and not rounded to zero */
};

/*
 * The prec significant digits of a (>= 0, finite) into mant, as "%.*e" prints them
 * (step 1); returns the decimal exponent of mant[0] (0 for zero). A whole number
 * below 10^15 has exactly its own digits there, padded with zeros: they are written
 * without printf, which costs a few thousand instructions a number.
 */
static int
sci_digits(double a, int prec, char *mant)
{
	int nm = 0, exp = 0, esign = 1;
	if (prec == 15 && a < 1e15 && a == floor(a)) {
		char rev[16];
		unsigned long long u = (unsigned long long)a;
		do {
			rev[nm++] = (char)('0' + u % 10);
			u /= 10;
		} while (u > 0);
		for (int k = 0; k < nm; k++)
			mant[k] = rev[nm - 1 - k];
		exp = nm - 1;
		while (nm < prec)
			mant[nm++] = '0';
		return mant[0] == '0' ? 0 : exp;
	}
	char tmp[64];
	const char *p;
	snprintf(tmp, sizeof(tmp), "%.*e", prec - 1, a);
	/* Digits up to the 'e', skipping the decimal point whatever the locale made it. */
	for (p = tmp; *p != '\0' && *p != 'e' && *p != 'E'; p++)
		if (*p >= '0' && *p <= '9' && nm < prec)
			mant[nm++] = *p;
	while (nm < prec)
		mant[nm++] = '0';
	if (*p != '\0')
		p++;
	if (*p == '-' || *p == '+')
		esign = *p++ == '-' ? -1 : 1;
	for (; *p >= '0' && *p <= '9'; p++)
		exp = exp * 10 + (*p - '0');
	return mant[0] == '0' ? 0 : esign * exp;
}

/*
 * Rounds |v| * 10^shift half away from zero at `decimals` fraction digits into *out.
 * v must be finite.
 */
static void
round_decimal(struct digits *out, double v, int shift, int decimals)
{
	char mant[17];
	int prec = fabs(v) >= 1e15 ? 17 : 15;

	if (decimals < 0)
		decimals = 0;
	if (decimals > MAX_DECIMALS)
		decimals = MAX_DECIMALS;
	/* mant[j] stands for the power 10^(exp - j); mant[0] is 0 only for zero. */
	int exp = sci_digits(fabs(v), prec, mant);
	exp = mant[0] == '0' ? 0 : exp + shift;

	int nint = exp + 1 > 1 ? exp + 1 : 1;
	int n = nint + decimals;
	for (int k = 0; k < n; k++) {
		int j = exp - (nint - 1 - k);
		out->d[k] = j >= 0 && j < prec ? mant[j] : '0';
	}

	/* The first dropped digit, at the power 10^-(decimals + 1), decides. */
	int j = exp + decimals + 1;
	if (j >= 0 && j < prec && mant[j] >= '5') {
		int k = n - 1;
		while (k >= 0 && out->d[k] == '9')
			out->d[k--] = '0';
		if (k >= 0) {
			out->d[k]++;
		} else {
			memmove(out->d + 1, out->d, (size_t)n);
			out->d[0] = '1';
			nint++;
			n++;
		}
	}

	out->zero = true;
	for (int k = 0; k < n; k++)
		if (out->d[k] != '0')
			out->zero = false;
	out->nint = nint;
	out->nfrac = decimals;
	out->neg = signbit(v) && !out->zero;
}

/* Appends the digits with l's group mark between thousands (none when !group) and its
 * decimal mark before the fraction. */
static void
add_digits(struct sbuf *b, const struct digits *dg, const struct lang *l, bool group)
{
	for (int i = 0; i < dg->nint; i++) {
		if (group && i > 0 && (dg->nint - i) % 3 == 0)
			sbuf_addc(b, l->group);
		sbuf_addc(b, dg->d[i]);
	}
	if (dg->nfrac > 0) {
		sbuf_addc(b, l->decimal);
		sbuf_add(b, dg->d + dg->nint, (size_t)dg->nfrac);
	}
}

/* The sign: U+2212 MINUS SIGN when negative, "+" when plus is set and it is not 0. */
static void
add_sign(struct sbuf *b, const struct digits *dg, bool plus)
{
	if (dg->neg)
		sbuf_adds(b, MINUS);
	else if (plus && !dg->zero)
		sbuf_addc(b, '+');
}

/* The number with its sign (add_sign), grouped. */
static void
add_number(struct sbuf *b, double v, int shift, int decimals, bool plus, const struct lang *l)
{
	struct digits dg;

	round_decimal(&dg, v, shift, decimals);
	add_sign(b, &dg, plus);
	add_digits(b, &dg, l, true);
}

double
fmt_round(double v, int decimals)
{
	if (!isfinite(v))
		return v;
	struct digits dg;
	round_decimal(&dg, v, 0, decimals);
	/* The digits are exact: read them back as an integer, then scale once. */
	double r = 0;
	for (int k = 0; k < dg.nint + dg.nfrac; k++)
		r = r * 10 + (dg.d[k] - '0');
	r /= pow(10, dg.nfrac);
	return dg.neg ? -r : r;
}

void
fmt_int(struct sbuf *b, double v)
{
	fmt_decimal_l(b, v, 0, &lang_de);
}

void
fmt_int_l(struct sbuf *b, double v, const struct lang *l)
{
	fmt_decimal_l(b, v, 0, l);
}

void
fmt_decimal(struct sbuf *b, double v, int decimals)
{
	fmt_decimal_l(b, v, decimals, &lang_de);
}

void
fmt_decimal_l(struct sbuf *b, double v, int decimals, const struct lang *l)
{
	assert(l != NULL);
	if (!isfinite(v)) {
		sbuf_adds(b, DASH);
		return;
	}
	add_number(b, v, 0, decimals, false, l);
}

void
fmt_plain_l(struct sbuf *b, double v, int decimals, const struct lang *l)
{
	struct digits dg;

	assert(l != NULL);
	if (!isfinite(v)) {
		sbuf_adds(b, DASH);
		return;
	}
	round_decimal(&dg, v, 0, decimals);
	add_sign(b, &dg, false);
	add_digits(b, &dg, l, false);
}

void
fmt_money(struct sbuf *b, double v, const char *currency, int decimals)
{
	fmt_money_l(b, v, currency, decimals, &lang_de);
}

/* A symbol of letters (CHF, or any code fmt_currency_symbol passes on) is a word. */
static bool
is_word(const char *sym)
{
	return (*sym >= 'A' && *sym <= 'Z') || (*sym >= 'a' && *sym <= 'z');
}

void
fmt_money_l(struct sbuf *b, double v, const char *currency, int decimals, const struct lang *l)
{
	const char *sym = fmt_currency_symbol(currency);

	assert(l != NULL);
	if (!isfinite(v)) {
		sbuf_adds(b, DASH);
		return;
	}
	if (!l->symbol_first || *sym == '\0') {
		add_number(b, v, 0, decimals, false, l);
		/* Without a currency there is no unit, and so no space either. */
		if (*sym != '\0') {
			sbuf_adds(b, NBSP);
			sbuf_adds(b, sym);
		}
		return;
	}
	/* The sign goes before the symbol (-$1,250), a code is spaced off (CHF 1,250). */
	struct digits dg;
	round_decimal(&dg, v, 0, decimals);
	add_sign(b, &dg, false);
	sbuf_adds(b, sym);
	if (is_word(sym))
		sbuf_adds(b, NBSP);
	add_digits(b, &dg, l, true);
}

void
fmt_percent(struct sbuf *b, double ratio, int decimals)
{
	fmt_percent_l(b, ratio, decimals, &lang_de);
}

void
fmt_percent_l(struct sbuf *b, double ratio, int decimals, const struct lang *l)
{
	assert(l != NULL);
	if (!isfinite(ratio)) {
		sbuf_adds(b, DASH);
		return;
	}
	add_number(b, ratio, 2, decimals, false, l);
	sbuf_adds(b, l->percent_space ? NBSP "%" : "%");
}

void
fmt_change(struct sbuf *b, double ratio, int decimals)
{
	fmt_change_l(b, ratio, decimals, &lang_de);
}

void
fmt_change_l(struct sbuf *b, double ratio, int decimals, const struct lang *l)
{
	assert(l != NULL);
	if (!isfinite(ratio)) {
		sbuf_adds(b, DASH);
		return;
	}
	/* No change after rounding prints "0,0 %" without a sign: a plus-minus sign would only add
	 * noise. */
	add_number(b, ratio, 2, decimals, true, l);
	sbuf_adds(b, l->percent_space ? NBSP "%" : "%");
}

static bool
leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

void
fmt_date(struct sbuf *b, int ymd)
{
	fmt_date_l(b, ymd, &lang_de);
}

void
fmt_date_l(struct sbuf *b, int ymd, const struct lang *l)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;

	assert(l != NULL);
	/* A date that does not exist prints as an en dash; the check stage reports it. */
	if (ymd < 0 || y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1] + (m == 2 && leap_year(y))) {
		sbuf_adds(b, DASH);
		return;
	}
	switch (l->date) {
	case LANG_DATE_DMY_DOTS:
		sbuf_printf(b, "%02d.%02d.%04d", d, m, y);
		break;
	case LANG_DATE_MDY_SLASHES:
		sbuf_printf(b, "%02d/%02d/%04d", m, d, y);
		break;
	}
}

void
fmt_quarter(struct sbuf *b, int period)
{
	fmt_quarter_l(b, period, &lang_de);
}

void
fmt_quarter_l(struct sbuf *b, int period, const struct lang *l)
{
	int y = period / 10, q = period % 10;

	assert(l != NULL);
	if (period < 0 || y < 1 || y > 9999 || q < 1 || q > 4) {
		sbuf_adds(b, DASH);
		return;
	}
	switch (l->quarter) {
	case LANG_QUARTER_SLASH:
		sbuf_printf(b, "Q%d/%04d", q, y);
		break;
	case LANG_QUARTER_SPACE:
		sbuf_printf(b, "Q%d" NBSP "%04d", q, y);
		break;
	}
}

static const struct {
	const char *code, *symbol;
} currencies[] = {
    {"EUR", "\xE2\x82\xAC"}, /* U+20AC EURO SIGN */
    {"USD", "$"},
    {"GBP", "\xC2\xA3"}, /* U+00A3 POUND SIGN */
    {"CHF", "CHF"},
    {"JPY", "\xC2\xA5"}, /* U+00A5 YEN SIGN */
};

const char *
fmt_currency_symbol(const char *currency)
{
	if (currency == NULL)
		return "";
	for (size_t i = 0; i < sizeof(currencies) / sizeof(currencies[0]); i++)
		if (strcmp(currency, currencies[i].code) == 0)
			return currencies[i].symbol;
	/* Any other code is its own symbol; it lives as long as the caller's string. */
	return currency;
}
