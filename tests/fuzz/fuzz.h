/* SPDX-License-Identifier: MIT */
/* What the libFuzzer harnesses share: the input as a file, silent messages, the tree. */
#ifndef PR_FUZZ_H
#define PR_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The readers take a path, as the program gives them: each input is written to a
 * file of this name in a folder of the process's own (under $TMPDIR), removed at
 * exit. The first call silences every message (they are still formatted) and makes
 * the folder. Returns the path, valid until the next call.
 */
const char *fuzz_file(const uint8_t *data, size_t size, const char *name);

/* The folder of fuzz_file, made on first use. */
const char *fuzz_dir(void);

/* The source tree (samples/, templates/, fonts/), as the build knows it. */
const char *fuzz_src(void);

/*
 * True when the loaders would read data as JSON: its first character after a byte
 * order mark and white space is '{' or '[' (README, "The CSV form").
 */
bool fuzz_is_json(const uint8_t *data, size_t size);

#endif
