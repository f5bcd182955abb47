/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: metrics in CSV, through load_metrics as the program calls it. */
#include "fuzz.h"
#include "load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* JSON has a harness of its own: inputs that read as JSON are not kept. */
	if (fuzz_is_json(data, size))
		return -1;
	metrics_free(load_metrics(fuzz_file(data, size, "metrics.csv")));
	return 0;
}
