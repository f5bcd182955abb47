/* SPDX-License-Identifier: MIT */
/*
 * The content stream's numbers (pdf_num.c) against libharu's own HPDF_FToA, which
 * wrote them before: every page must stay byte for byte the same.
 */
#include <hpdf.h>
#include <hpdf_utils.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "pdf_num.h"
#include "unit.h"

static const struct {
	float v;
	const char *want;
} reals[] = {
    {0, "0"},
    {-0.0f, "0"},
    {1, "1"},
    {-1, "-1"},
    {0.5f, "0.5"},
    {841.89f, "841.89001"},
    {595.276f, "595.276"},
    {0.000001f, "0"},
    {-0.000001f, "-0"},
    {0.99999f, "0.99999"},
    {0.999999f, "1"},
    {12.00001f, "12.00001"},
    {32767, "32767"},
    {-32767, "-32767"},
    {40000, "32767"},
    {-1e30f, "-32767"},
    {1.0f / 3, "0.33333"},
    {2.0f / 3, "0.66667"},
};

static int mismatches;

/* Whether pdf_real writes v as HPDF_FToA does; prints the first few that differ. */
static int
same(float v)
{
	char want[600], got[PDF_REAL_MAX + 1];
	memset(want, 0, sizeof(want));
	HPDF_FToA(want, v, want + sizeof(want) - 1);
	*pdf_real(got, v) = '\0';
	if (strcmp(want, got) == 0)
		return 1;
	if (mismatches++ < 10)
		fprintf(stderr, "pdf_real(%.9g): got \"%s\", libharu \"%s\"\n", (double)v, got,
		        want);
	return 0;
}

int
main(void)
{
	for (size_t i = 0; i < sizeof(reals) / sizeof(reals[0]); i++) {
		char got[PDF_REAL_MAX + 1];
		*pdf_real(got, reals[i].v) = '\0';
		CHECK_STR(got, reals[i].want);
		CHECK(same(reals[i].v));
	}
	/* The colours' components, and page positions as the layout gives them. */
	int ok = 1;
	for (int c = 0; c < 256; c++)
		ok &= same((float)c / 255.0f);
	for (long k = -1000000; k <= 1000000; k++)
		ok &= same((float)((double)k / 1000.0)) & same((float)k / 64.0f);
	/* Every 4,099th float between -32767 and 32767, and beyond on both sides. */
	for (uint32_t bits = 0; bits < 0x47800000u; bits += 4099) {
		float f;
		memcpy(&f, &bits, sizeof(f));
		ok &= same(f) & same(-f);
	}
	CHECK(ok);

	static const struct {
		long t;
		const char *want;
	} tenths[] = {{0, "0"},  {5, "0.5"},      {-5, "-0.5"},
	              {10, "1"}, {-123, "-12.3"}, {2470, "247"}};
	for (size_t i = 0; i < sizeof(tenths) / sizeof(tenths[0]); i++) {
		char got[PDF_TENTHS_MAX + 1];
		*pdf_tenths(got, tenths[i].t) = '\0';
		CHECK_STR(got, tenths[i].want);
	}
	return UNIT_DONE();
}
