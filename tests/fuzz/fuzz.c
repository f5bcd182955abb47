/* SPDX-License-Identifier: MIT */
/* What the libFuzzer harnesses share: the input as a file, silent messages, the tree. */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "msg.h"

static char dir[4096];
static char path[4352];

static int
remove_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static void
cleanup(void)
{
	if (dir[0] != '\0')
		nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *
fuzz_dir(void)
{
	if (dir[0] != '\0')
		return dir;
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/prfuzz-XXXXXX", tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("fuzz: mkdtemp");
		abort();
	}
	atexit(cleanup);
	/* Formatted but not printed: millions of inputs would drown the fuzzer's output. */
	msg_threshold(MSG_LEVELS);
	return dir;
}

const char *
fuzz_file(const uint8_t *data, size_t size, const char *name)
{
	snprintf(path, sizeof(path), "%s/%s", fuzz_dir(), name);
	FILE *f = fopen(path, "wb");
	if (f == NULL || (size > 0 && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
		perror(path);
		abort();
	}
	return path;
}

const char *
fuzz_src(void)
{
	return PR_SOURCE_DIR;
}

bool
fuzz_is_json(const uint8_t *data, size_t size)
{
	size_t i = 0;
	if (size >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
		i = 3;
	while (i < size && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
		i++;
	return i < size && (data[i] == '{' || data[i] == '[');
}
