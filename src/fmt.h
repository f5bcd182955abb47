/* SPDX-License-Identifier: MIT */
/* German formatting of numbers, money, percentages, dates and quarters, whatever the locale. */
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
void fmt_int(struct sbuf *b, double v);                          /* 1.234.567 */
void fmt_decimal(struct sbuf *b, double v, int decimals);        /* 1.234,5 */
/* currency is an ISO 4217 code: EUR "€", USD "$", GBP "£", others the code itself. */
void fmt_money(struct sbuf *b, double v, const char *currency, int decimals); /* 412.500 $ */
void fmt_percent(struct sbuf *b, double ratio, int decimals);    /* 0.875 -> 87,5 % */
void fmt_change(struct sbuf *b, double ratio, int decimals);     /* 0.123 -> +12,3 %, -0.04 -> −4,0 % */
void fmt_date(struct sbuf *b, int ymd);                          /* 20261126 -> 26.11.2026 */
void fmt_quarter(struct sbuf *b, int period);                    /* 20263 -> Q3/2026 */

/* The currency's symbol as fmt_money shows it: a static string for the known codes,
 * the code itself (borrowed) otherwise, "" for NULL. */
const char *fmt_currency_symbol(const char *currency);

#endif
