/* SPDX-License-Identifier: MIT */
/* Numbers in a page's content stream, byte for byte as libharu 2.3.0 writes them. */
#include "pdf_num.h"

#include <assert.h>
#include <stdint.h>

/* The decimal digits of v, most significant first; returns the end. */
static char *
put_digits(char *out, unsigned long v)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	while (n > 0)
		*out++ = tmp[--n];
	return out;
}

char *
pdf_real(char *out, float v)
{
	assert(v == v);
	/*
	 * The arithmetic of HPDF_FToA step by step (hpdf_utils.c): the sum with 0.000005
	 * in double, the fraction's difference in float, rounded to float before it is
	 * scaled. Its five fraction digits come from fp % 100000, whatever fp is.
	 */
	if (v > 32767)
		v = 32767;
	else if (v < -32767)
		v = -32767;
	if (v < 0) {
		*out++ = '-';
		v = -v;
	}
	int32_t ip = (int32_t)(v + 0.000005);
	int32_t fp = (int32_t)((float)(v - (float)ip + 0.000005) * 100000);
	out = put_digits(out, (unsigned long)ip);
	if (fp == 0)
		return out;
	if (fp > 0 && fp < 100000) {
		/* Five digits, the trailing zeros dropped: what the general case gives. */
		int n = 5;
		while (fp % 10 == 0) {
			fp /= 10;
			n--;
		}
		*out++ = '.';
		for (int i = n - 1; i >= 0; i--) {
			out[i] = (char)('0' + fp % 10);
			fp /= 10;
		}
		return out + n;
	}
	char frac[5];
	for (int i = 4; i >= 0; i--) {
		frac[i] = (char)((char)(fp % 10) + '0');
		fp /= 10;
	}
	int n = 5;
	while (n > 0 && frac[n - 1] == '0')
		n--;
	if (n == 0)
		return out;
	*out++ = '.';
	for (int i = 0; i < n; i++)
		*out++ = frac[i];
	return out;
}

char *
pdf_tenths(char *out, long t)
{
	unsigned long a = t < 0 ? 0UL - (unsigned long)t : (unsigned long)t;
	if (t < 0)
		*out++ = '-';
	out = put_digits(out, a / 10);
	if (a % 10 != 0) {
		*out++ = '.';
		*out++ = (char)('0' + a % 10);
	}
	return out;
}
