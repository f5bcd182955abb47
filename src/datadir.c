/* SPDX-License-Identifier: MIT */
/* Finding the bundled templates and fonts, in the build tree and after installation. */
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "datadir.h"
#include "mem.h"

static bool
has_data(const char *dir)
{
	char *p = xasprintf("%s/templates/review.xml", dir);
	bool ok = access(p, R_OK) == 0;
	free(p);
	return ok;
}

char *
datadir_program_dir(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (slash != NULL)
		*slash = '\0';
	return xstrdup(exe);
}

const char *
datadir_path(void)
{
	static char *found;
	if (found != NULL)
		return found;
	const char *env = getenv("PARTNERREVIEW_DATADIR");
	if (env != NULL && *env != '\0')
		return found = xstrdup(env);
	char *exe = datadir_program_dir();
	if (exe != NULL) {
		char *rel = xasprintf("%s/../share/partnerreview", exe);
		bool build = strcmp(exe, PR_BUILD_DIR) == 0;
		free(exe);
		if (has_data(rel))
			return found = rel;
		free(rel);
		if (build && has_data(PR_SOURCE_DATADIR))
			return found = xstrdup(PR_SOURCE_DATADIR);
	}
	if (has_data(PR_INSTALL_DATADIR))
		return found = xstrdup(PR_INSTALL_DATADIR);
	return found = xstrdup(PR_SOURCE_DATADIR);
}
