/* SPDX-License-Identifier: MIT */
/* Numbers, money, percentages, dates and quarters as a template's language writes them, whatever the C locale. */
#ifndef PR_FMT_H
#define PR_FMT_H

#include "mem.h"

/*
 * All functions append to b. Rounding is half away from zero on the decimal value
 * (0.875 at one decimal is "87,5 %", 2.5 as integer is "3"). Thousands are grouped
 * with "." and the decimal mark is ",". Negative numbers get the typographic minus
 * U+2212. Between a number and its unit stands a no-break space U+00A0, so the
 * layout never breaks "412.500 $" apart. NaN or infinity prints "–" alone; an
 * impossible date or quarter prints "–"; a change that rounds to zero prints
 * "0,0 %" without a sign; decimals are clamped to 0..20.
 */
void fmt_int(struct sbuf *b, double v);                   /* 1.234.567 */
void fmt_decimal(struct sbuf *b, double v, int decimals); /* 1.234,5 */
/* currency is an ISO 4217 code: EUR "€", USD "$", GBP "£", others the code itself. */
void fmt_money(struct sbuf *b, double v, const char *currency, int decimals); /* 412.500 $ */
void fmt_percent(struct sbuf *b, double ratio, int decimals);                 /* 0.875 -> 87,5 % */
void fmt_change(struct sbuf *b, double ratio, int decimals); /* 0.123 -> +12,3 %, -0.04 -> −4,0 % */
void fmt_date(struct sbuf *b, int ymd);                      /* 20261126 -> 26.11.2026 */
void fmt_quarter(struct sbuf *b, int period);                /* 20263 -> Q3/2026 */

/*
 * The same in the language l (lang.h), which must not be NULL; the functions above are
 * these in German (lang_de). In English (lang_find("en")): 1,234,567.5; money with the symbol
 * first, "$412,500", "−$1,250", a code spaced off, "CHF 412,500"; "87.5%", "+12.3%"
 * (no space); 12/31/2026; "Q3 2026" with a no-break space. Rounding, minus sign, dash
 * and clamping as above.
 */
struct lang;
void fmt_int_l(struct sbuf *b, double v, const struct lang *l);
void fmt_decimal_l(struct sbuf *b, double v, int decimals, const struct lang *l);
void fmt_money_l(struct sbuf *b, double v, const char *currency, int decimals,
                 const struct lang *l);
void fmt_percent_l(struct sbuf *b, double ratio, int decimals, const struct lang *l);
void fmt_change_l(struct sbuf *b, double ratio, int decimals, const struct lang *l);
void fmt_date_l(struct sbuf *b, int ymd, const struct lang *l);
void fmt_quarter_l(struct sbuf *b, int period, const struct lang *l);
/* The number without grouping, as an id or a year shows it: 20263, 3,5 (3.5 in English). */
void fmt_plain_l(struct sbuf *b, double v, int decimals, const struct lang *l);

/*
 * v as the functions above show it with that many decimals, as a number: the figure a
 * reader sees, for a difference of two shown figures that agrees with them. NaN and
 * infinities come back as they are.
 */
double fmt_round(double v, int decimals);

/* The currency's symbol as fmt_money shows it: a static string for the known codes,
 * the code itself (borrowed) otherwise, "" for NULL. */
const char *fmt_currency_symbol(const char *currency);

#endif
