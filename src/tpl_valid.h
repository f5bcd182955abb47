/* SPDX-License-Identifier: MIT */
/* The bundled templates the build found valid (tpl_valid_gen, CMakeLists.txt); tpl_schema.c reads them. */
#ifndef PR_TPL_VALID_H
#define PR_TPL_VALID_H

#include <stddef.h>
#include <stdint.h>

/*
 * Compiling templates/template.rng and checking the report template against it take a
 * run about a sixth of its time, and give the same answer every time for the same
 * bytes. So the build checks the bundled template files against the bundled schema, with
 * libxml2 as the program does, and keeps the content hashes (hash.h) of those that pass
 * without a word. A run skips the check of a file whose bytes hash to one of them while
 * the schema's bytes hash to tpl_valid_schema; any other file, or any change to the
 * schema, is checked as before. The generated table is tpl_valid.c in the build tree.
 */
extern const uint64_t tpl_valid_schema; /* 0: none of them */
extern const uint64_t tpl_valid[];
extern const size_t tpl_nvalid;

#endif
