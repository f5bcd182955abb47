/* SPDX-License-Identifier: MIT */
/* The template loader's parts as they share them: tpl_load.c, tpl_decl.c, tpl_elems.c, tpl_expr.c. */
#ifndef PR_TPL_LOAD_INT_H
#define PR_TPL_LOAD_INT_H

#include <stdbool.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "mem.h"
#include "tpl_grammar.h"
#include "tpl_int.h"

/*
 * How a template is read. libxml2 parses each file; template.rng (tpl_schema.c)
 * checks its structure, every attribute and every fixed value. Only then is it read
 * here, element by element, each by the handler its row of the grammar table
 * (tpl_grammar.c) names: tpl_decl.c the declarations (page, fonts, styles, catalogue,
 * meta, the sections), tpl_elems.c the content. A handler converts the values and
 * checks what the schema cannot: names, styles, entries, expressions, faces, files,
 * lengths and colours (their form is left out of the schema for speed, see there).
 * Every problem is reported at once and counted; the template is then refused.
 */

/* A loop variable in scope while reading: "q" stands for "partner.quarters[]". */
struct scope {
	const char *var;
	const char *prefix;
	const struct scope *up;
};

/* The face running text is set in at a point of the template, for the checks. */
struct fstate {
	const struct tstyle *st;   /* the paragraph's or cell's style; NULL in the catalogue */
	bool bold, italic;         /* after the <b> and <i> around this point */
	bool margin;               /* inside <header> or <footer>: page fields allowed */
	const struct tstyle *head; /* the head style of the table around this point */
	const struct tnode *entry; /* the catalogue entry being read, for its parameters */
	bool in_cell;              /* directly in a table cell: a sparkline may stand here */
};

extern const struct fstate tpl_no_face;

/* Where content is read: its context, the loop variables, the face of its text. */
struct place {
	enum tpl_cx cx;
	const struct scope *sc;
	struct fstate fs;
};

/* A catalogue entry read, whose content is read once every entry is known. */
struct pending {
	struct tnode *entry;
	xmlNode *x;
};

struct loader {
	struct tpl *t;
	const char *path;
	char *fontdir;
	char *dir;                /* the template's folder: includes and images stay inside it */
	char *realdir;            /* the same, resolved */
	const char *file;         /* the file being read: the template or an included part */
	const char *including[8]; /* the chain of includes, against cycles */
	int depth;
	char *schema; /* the RELAX NG schema of the language */
	const struct name_info *(*names)(const char *name); /* what the data offers */
	xmlDoc **docs; /* the included files, kept until the template is read */
	size_t ndocs;
	size_t family_cap, font_cap, style_cap;
	struct tnode **entry_tail; /* where the next catalogue entry goes */
	struct pending *pending;   /* entries whose content is still to be read */
	size_t npending, pending_cap;
	int errors;
};

/* One element being read: what its handler gets. */
struct el {
	struct loader *ld;
	xmlNode *x;
	const struct tpl_elem *def; /* its row of the grammar table */
	struct place at;            /* where it stands */
};

/* ---- tpl_load.c: reading content, attributes, files ---- */

/* Reports a problem at line of the file being read and counts it. */
void tpl_err(struct loader *ld, long line, const char *fmt, ...) PR_PRINTF(3, 4);
/* A copy of s in the template's arena. */
const char *tpl_keep(struct loader *ld, const char *s);

/* A node of kind for the element, in the template's arena, set in the face of its place. */
struct tnode *tpl_node(struct loader *ld, enum tkind kind, long line, const struct fstate *fs);
/* A node of the kind its row names. */
struct tnode *tpl_el_node(struct el *e);

/*
 * The nodes of the content from first on, read in place at: running text where it
 * may stand, each element by its handler. Returns the first node, NULL for none.
 */
struct tnode *tpl_content(struct loader *ld, xmlNode *first, const struct place *at);
/* The element's own content, in context cx with the face fs, in its scope. */
struct tnode *tpl_el_content(struct el *e, enum tpl_cx cx, struct fstate fs);

/*
 * The attributes, each read by its kind in the grammar table (the kind is asserted).
 * A value the schema lets pass but the kind refuses (lengths, colours: the schema
 * leaves their form to these) is reported in the schema's words and gives dflt.
 */
const char *tpl_at_text(struct el *e, const char *name); /* any kind; NULL when not given */
double tpl_at_length(struct el *e, const char *name, double dflt);
bool tpl_at_colour(struct el *e, const char *name, uint32_t *out); /* false: not given */
int tpl_at_enum(struct el *e, const char *name, int dflt);         /* index in the values */
/* A style by name; dflt names the one used when not given (NULL: none). */
const struct tstyle *tpl_at_style(struct el *e, const char *name, const char *dflt);

/*
 * A file named by a template (an include, an image): a relative path that stays in
 * the template's folder, symbolic links resolved. Returns the path beside the
 * template's own (arena), or NULL after a message.
 */
const char *tpl_inside(struct loader *ld, long line, const char *what, const char *src);
/* "regular", "bold", "italic" or "bold italic", for messages. */
const char *tpl_face_name(bool bold, bool italic);
const struct tstyle *tpl_find_style(const struct tpl *t, const char *name);
const struct tnode *tpl_find_entry(const struct tpl *t, const char *id);
/* Makes entry n (kind T_ENTRY) found by tpl_find_entry, unless its id is taken. */
void tpl_index_entry(struct tpl *t, const struct tnode *n);

/* ---- tpl_expr.c: names and tests ---- */

/* A dotted name, or NULL after a message. */
struct path *tpl_parse_path(struct loader *ld, long line, const char *s);
/* The full name of a path in a scope ("q.revenue" -> "partner.quarters[].revenue"). */
char *tpl_full_name(const struct path *p, const struct scope *sc);
/* Checks a path against the names the data offers; returns its type, or 0 after a message. */
char tpl_check_name(struct loader *ld, long line, const struct path *p, const struct scope *sc);
/* A test expression, or NULL after a message. */
struct expr *tpl_parse_test(struct loader *ld, long line, const char *src, const struct scope *sc);

/* ---- the handlers of the grammar table ---- */

/* tpl_load.c */
struct tnode *tpl_el_include(struct el *e);
/* tpl_decl.c */
struct tnode *tpl_el_page(struct el *e);
struct tnode *tpl_el_fonts(struct el *e);
struct tnode *tpl_el_family(struct el *e);
struct tnode *tpl_el_fallback(struct el *e);
struct tnode *tpl_el_styles(struct el *e);
struct tnode *tpl_el_style(struct el *e);
struct tnode *tpl_el_catalog(struct el *e);
struct tnode *tpl_el_entry(struct el *e);
struct tnode *tpl_el_meta(struct el *e);
struct tnode *tpl_el_meta_item(struct el *e);
struct tnode *tpl_el_section(struct el *e);
/* tpl_elems.c */
struct tnode *tpl_el_p(struct el *e);
struct tnode *tpl_el_h(struct el *e);
struct tnode *tpl_el_table(struct el *e);
struct tnode *tpl_el_space(struct el *e);
struct tnode *tpl_el_rule(struct el *e);
struct tnode *tpl_el_empty(struct el *e);
struct tnode *tpl_el_blocks(struct el *e);
struct tnode *tpl_el_tiles(struct el *e);
struct tnode *tpl_el_tile(struct el *e);
struct tnode *tpl_el_list(struct el *e);
struct tnode *tpl_el_image(struct el *e);
struct tnode *tpl_el_chart(struct el *e);
struct tnode *tpl_el_col(struct el *e);
struct tnode *tpl_el_row(struct el *e);
struct tnode *tpl_el_cell(struct el *e);
struct tnode *tpl_el_item(struct el *e);
struct tnode *tpl_el_value(struct el *e);
struct tnode *tpl_el_face(struct el *e);
struct tnode *tpl_el_msg(struct el *e);
struct tnode *tpl_el_page_field(struct el *e);
struct tnode *tpl_el_param(struct el *e);
struct tnode *tpl_el_if(struct el *e);
struct tnode *tpl_el_else(struct el *e);
struct tnode *tpl_el_for(struct el *e);

#endif
