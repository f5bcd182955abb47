/* SPDX-License-Identifier: MIT */
/* The survey harnesses: each input read alone and against the sample metrics. */
#ifndef PR_FUZZ_SURVEY_H
#define PR_FUZZ_SURVEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Reads data as the survey file name, once without metrics and once with the samples'. */
void fuzz_survey(const uint8_t *data, size_t size, const char *name);

#endif
