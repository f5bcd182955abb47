/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: metrics in JSON, through load_metrics as the program calls it. */
#include "fuzz.h"
#include "load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* CSV has a harness of its own: inputs that read as CSV are not kept. */
	if (!fuzz_is_json(data, size))
		return -1;
	metrics_free(load_metrics(fuzz_file(data, size, "metrics.json")));
	return 0;
}
