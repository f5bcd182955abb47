/* SPDX-License-Identifier: MIT */
/* JSON, pass 2 (load_tree.c): cJSON trees of the members a format names; for load_json.c and load_goals.c. */
#ifndef PR_LOAD_TREE_H
#define PR_LOAD_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "load_int.h"

/*
 * A tree holds what the format names (struct load_schema) and nothing else: an
 * unknown member is skipped, its value never parsed, so that what the format ignores
 * costs no memory however big it is. Names are checked as they pass:
 *  - a key met before in its object becomes a null item of that name flagged
 *    LOAD_REPEAT (the first one counts; the reader reports the repeats in order);
 *  - past LOAD_MAX_UNKNOWN unknown keys in one object, one null item flagged
 *    LOAD_TOO_MANY stands at that place and the rest of its unknown keys go unchecked.
 * A value of another shape than the format's (an object where it wants an array or a
 * string) is a cJSON_Raw item holding the value as a message shows it (load_shown),
 * never parsed as a whole either. A string, number, true, false or null is always
 * parsed by cJSON, whatever the format wants there: the reader checks its type. Two
 * exceptions, most of a file's values: a plain number (load_plain_number) and a string
 * without an escape become here the very item cJSON's parse would make of them.
 */
#define LOAD_REPEAT (1 << 12)
#define LOAD_TOO_MANY (1 << 13)

/* The most keys an object may hold that its format does not name. */
#define LOAD_MAX_UNKNOWN 100000

/*
 * What a J_MAP's key is (load_doc.map_key): kept and read (known), kept for a warning,
 * skipped, or a known key met before in the same object (map_key tells those itself).
 */
enum load_map { LOAD_MAP_KEEP, LOAD_MAP_WARN, LOAD_MAP_DROP, LOAD_MAP_REPEAT };

/*
 * A plain number at p (before end): -?D(.D)? with at most 19 digits whose value as an
 * integer is at most 2^53, with fewer than 23 after the point, no exponent. Such a
 * value is read exactly and divided once by an exact power of ten, which rounds as
 * strtod (and so cJSON's parse) does: the same double, bit for bit (Clinger's fast
 * path), without cJSON's copy of the digits, its locale lookup and strtod, for most
 * of an input's numbers. *stop is past the number. false: not such a number, nothing
 * set (cJSON reads it).
 */
bool load_plain_number(const char *p, const char *end, const char **stop, double *v);

struct load_open;
struct load_keyset;
struct bump_block;

/* The memory of a file's trees (load_tree.c), given back in stack order. */
struct load_bump {
	struct bump_block *first, *cur;
};
struct bump_mark {
	struct bump_block *block;
	size_t used;
};

/* A JSON file open for reading: its text, the scan's lazy arrays, the tree's state. */
struct load_doc {
	struct load_text t;
	struct load_lazy *lazy; /* the scan's records, in file order */
	size_t nlazy;
	struct load_cut *cuts; /* and their cuts */
	size_t ncuts;
	bool view;              /* load_doc_view's: the text and the records are another's */
	struct load_open *open; /* the lazy arrays in a tree now (a stack) */
	size_t nopen, capopen;
	struct load_keyset *sets; /* the keys of each open object, by depth */
	int depth;
	/*
	 * A J_MAP's keys (a survey's answers) are told apart by map_key(map_ctx, object, key,
	 * cut): object is where the map starts in the text (the same for all its keys), key
	 * the key's value (cut set when longer than load_tree.c's 4 KiB buffer). It finds
	 * repeats of the keys it keeps itself (LOAD_MAP_REPEAT); the others are checked here.
	 * NULL: every key kept, repeats checked here.
	 */
	enum load_map (*map_key)(void *ctx, size_t object, const char *key, bool cut);
	void *map_ctx;
	struct load_bump bump; /* the trees' memory, for a mapped file */
	bool use_bump;
	bool failed; /* cJSON rejected a piece (reported): the file is unusable */
};

/*
 * Opens path (mapped when map is set: load_text_open), scans it (pass 1) and builds the
 * tree of its root by the schema root, each J_LAZY array left out (an empty array
 * stands in for it). false after a message on any problem; d is the caller's to close
 * either way, *tree the caller's to cJSON_Delete. With csv non-NULL, a file that is no
 * JSON (load_text_is_csv) sets *csv and returns false with the text open, nothing said.
 * root NULL: the root object is a map of any keys, each kept (--pdf-password's file).
 */
bool load_doc_open(struct load_doc *d, const char *path, const struct load_schema *root, bool map,
                   cJSON **tree, bool *csv);
void load_doc_close(struct load_doc *d);

/*
 * A view of the open document d for another thread: the same text and scan records
 * (d's, which must outlive v), a tree state of its own, no lazy array open. Only
 * load_elements_begin_at reads through it. load_doc_close(v) frees what is v's own.
 */
void load_doc_view(struct load_doc *v, const struct load_doc *d);

/* The elements of an array, whether in the tree (J_ARRAY) or left out of it (J_LAZY). */
struct load_elements {
	struct load_doc *d;
	const cJSON *next; /* in the tree: the next element */
	bool lazy;         /* left out of it: */
	const struct load_schema *sub;
	const char *p;         /* the text after the last element read */
	size_t left;           /* the elements not yet read */
	size_t mark;           /* d->nopen without the current element's lazy arrays */
	struct bump_mark bump; /* d->bump without the current element's tree */
	cJSON *cur;            /* the current element's tree */
};

/* The number of elements of arr (a J_ARRAY or J_LAZY member's value). */
size_t load_elements_count(const struct load_doc *d, const cJSON *arr);
void load_elements_begin(struct load_elements *e, struct load_doc *d, const cJSON *arr);

/* The scan's record of arr when it is a lazy array, with its elements' schema; else NULL. */
const struct load_lazy *load_elements_record(const struct load_doc *d, const cJSON *arr,
                                             const struct load_schema **sub);

/*
 * The count elements of schema sub from the one at offset at (a cut of a lazy array,
 * load_int.h), read one at a time as load_elements_begin's; d may be a view.
 */
void load_elements_begin_at(struct load_elements *e, struct load_doc *d,
                            const struct load_schema *sub, size_t at, size_t count);

/* The next element, NULL after the last (or when d failed); it lives until the next call. */
const cJSON *load_elements_next(struct load_elements *e);
void load_elements_end(struct load_elements *e);

/* v as a message shows it: JSON, cut after 60 characters. The caller frees. */
char *load_shown(const cJSON *v);

#endif
