/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: the analysis rules file, through rules_load (--rules). */
#include "fuzz.h"
#include "analyze_rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rules_free(rules_load(fuzz_file(data, size, "rules.xml")));
	return 0;
}
