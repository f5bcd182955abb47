/* SPDX-License-Identifier: MIT */
/* Nice axis ticks: steps of 1, 2 and 5 times a power of ten, a top at or above the maximum. */
#include "chart.h"
#include "unit.h"

int
main(void)
{
	static const struct {
		double max;
		int want;
		double step, top;
	} cases[] = {
	    {0, 4, 1, 4},              /* all zeros: an axis all the same */
	    {-5, 4, 1, 4},             /* nothing positive */
	    {1, 4, 0.5, 1},            /* 100 % */
	    {1.15, 4, 0.5, 1.5},
	    {7, 4, 2, 8},
	    {10, 5, 2, 10},
	    {452000, 4, 200000, 600000},
	    {2500000, 4, 1000000, 3000000},
	    {1510000, 4, 500000, 2000000},
	    {3.7, 5, 1, 4},
	    {0.003, 4, 0.001, 0.003},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double step, top;
		chart_ticks(cases[i].max, cases[i].want, &step, &top);
		if (step != cases[i].step || top != cases[i].top)
			fprintf(stderr, "max %g: step %g top %g, want %g %g\n", cases[i].max, step, top,
				cases[i].step, cases[i].top);
		CHECK(step == cases[i].step);
		CHECK(top == cases[i].top);
	}
	return UNIT_DONE();
}
