/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: an earlier run's goals file, through load_goals (--previous). */
#include "fuzz.h"
#include "load.h"
#include "model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	goal_set_free(load_goals(fuzz_file(data, size, "US-CA-014_2026-Q2.goals.json"),
	                          "partnerreview-goals/1"));
	return 0;
}
