/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: the survey in JSON, through load_survey as the program calls it. */
#include "fuzz.h"
#include "fuzz_survey.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fuzz_is_json(data, size))
		return -1;
	fuzz_survey(data, size, "survey.json");
	return 0;
}
