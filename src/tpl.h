/* SPDX-License-Identifier: MIT */
/* Templates: loading the XML template (libxml2) and expanding it against one report's values. */
#ifndef PR_TPL_H
#define PR_TPL_H

#include <stddef.h>

#include "dev.h"
#include "doc.h"
#include "mem.h"
#include "val.h"

struct tpl;

/*
 * Reads and checks the template at path: structure, attributes, styles, names
 * (against analyze's list), expressions, the catalogue, first against the RELAX NG
 * schema DATADIR/templates/template.rng. Font files are looked up beside the
 * template, then in DATADIR/fonts. Every problem is reported as
 * path:line: message; then NULL is returned (the run stops with status 2).
 * The result belongs to the caller (tpl_free; tpl_free(NULL) is a no-op).
 */
struct tpl *tpl_load(const char *path, const char *datadir);

/* The same for a document of another kind: names are looked up with names(). */
struct name_info;
struct tpl *tpl_load_names(const char *path, const char *datadir,
                           const struct name_info *(*names)(const char *name));
void tpl_free(struct tpl *t);

/* The template's language (<template language>, German when it names none). */
struct lang;
const struct lang *tpl_lang(const struct tpl *t);

/* The path the template was loaded from, as given (for messages). */
const char *tpl_path(const struct tpl *t);

/* The template's fonts, in the index order styles use; paths are resolved. */
size_t tpl_nfonts(const struct tpl *t);
const char *tpl_font_path(const struct tpl *t, size_t i);
/*
 * The fallback face (<fonts><fallback file>), resolved, or NULL: the face for the
 * characters the template's faces lack, whatever face the text is set in.
 */
const char *tpl_fallback_path(const struct tpl *t);

/*
 * Checks that the fonts loaded on dev (in tpl_font_path order, with the fallback
 * when the template has one) have a glyph for every character of the template's
 * own text. Reports each missing one; returns the number missing.
 */
size_t tpl_check_glyphs(const struct tpl *t, const struct dev *dev);

struct charset;
/* Adds every character the template itself can show (text, catalogue, labels). */
void tpl_charset(const struct tpl *t, struct charset *cs);

/*
 * Expands the template against root (a value tree of analyze.h). Data is always
 * text: nothing in it is read as markup. Everything comes from arena a.
 * Returns NULL after a message when a value cannot be shown (a bug in the
 * template's logic, such as a list given to <value>).
 */
struct doc *tpl_expand(const struct tpl *t, const struct val *root, struct arena *a);

#endif
