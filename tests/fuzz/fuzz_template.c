/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: a report template, through tpl_load as the program calls it:
 * schema, names, styles, catalogue, includes, images and fonts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "mem.h"
#include "tpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Copies the file src/templates/<name> beside the fuzzed template, as the bundle has it. */
static void
copy(const char *name)
{
	char *from = xasprintf("%s/templates/%s", fuzz_src(), name);
	char *to = xasprintf("%s/t/%s", fuzz_dir(), name);
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	if (in == NULL || out == NULL) {
		perror(in == NULL ? from : to);
		abort();
	}
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, n, out);
	fclose(in);
	if (fclose(out) != 0)
		abort();
	free(from);
	free(to);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	if (!ready) {
		/*
		 * The bundled template's folder, without its template: an include of
		 * review/styles.xml and the logo resolve as they do for templates/review.xml.
		 */
		char *t = xasprintf("%s/t", fuzz_dir()), *r = xasprintf("%s/t/review", fuzz_dir());
		if (mkdir(t, 0777) != 0 || mkdir(r, 0777) != 0)
			abort();
		free(t);
		free(r);
		copy("review/styles.xml");
		copy("logo.png");
		ready = true;
	}
	tpl_free(tpl_load(fuzz_file(data, size, "t/review.xml"), fuzz_src()));
	return 0;
}
