/* SPDX-License-Identifier: MIT */
/* Reading an XML template with libxml2: the files, the schema, and each element by its handler. */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "analyze.h"
#include "hash.h"
#include "lang.h"
#include "load.h"
#include "msg.h"
#include "tpl.h"
#include "tpl_load_int.h"
#include "tpl_schema.h"
#include "tpl_xml.h"

const struct fstate tpl_no_face = {NULL, false, false, false, NULL, NULL, false};

void
tpl_err(struct loader *ld, long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = xvasprintf(fmt, ap);
	va_end(ap);
	msg_at(MSG_ERROR, ld->file, line, 0, "%s", text);
	free(text);
	ld->errors++;
}

const char *
tpl_keep(struct loader *ld, const char *s)
{
	return arena_strdup(ld->t->arena, s);
}

/* ---- attributes ---- */

/* The row of attribute name; a handler asking for one its element lacks is a bug. */
static const struct tpl_attr *
attr_def(const struct el *e, const char *name, enum tpl_vk kind)
{
	const struct tpl_attr *d = tpl_attr_find(e->def, name);
	/* <msg> binds its parameters by attributes the table cannot name. */
	assert(d != NULL ? kind == V_TEXT || d->kind == kind
	                 : e->def->more_attrs && kind == V_TEXT);
	(void)kind;
	return d;
}

/* An attribute's value (in the template's arena), or NULL. */
static const char *
attr(struct el *e, const char *name)
{
	xmlChar *v = xmlGetProp(e->x, (const xmlChar *)name);
	if (v == NULL)
		return NULL;
	const char *s = tpl_keep(e->ld, (const char *)v);
	xmlFree(v);
	return s;
}

/* A value of a kind whose form the schema leaves to the loader, in the schema's words. */
static void
bad_value(struct el *e, const struct tpl_attr *d, const char *v)
{
	char *text = tpl_bad_value((const char *)e->x->name, d, v);
	tpl_err(e->ld, e->x->line, "%s", text);
	free(text);
}

const char *
tpl_at_text(struct el *e, const char *name)
{
	const struct tpl_attr *d = attr_def(e, name, V_TEXT);
	const char *v = attr(e, name);
	/* A required attribute is there: the schema. */
	assert(v != NULL || d == NULL || !d->required);
	(void)d;
	return v;
}

double
tpl_at_length(struct el *e, const char *name, double dflt)
{
	const struct tpl_attr *d = attr_def(e, name, V_LENGTH);
	const char *s = attr(e, name);
	double v = dflt;
	if (s != NULL && !tpl_parse_length(s, &v))
		bad_value(e, d, s);
	return v;
}

bool
tpl_at_colour(struct el *e, const char *name, uint32_t *out)
{
	const struct tpl_attr *d = attr_def(e, name, V_COLOUR);
	const char *s = attr(e, name);
	if (s == NULL)
		return false;
	if (!tpl_parse_colour(s, out)) {
		bad_value(e, d, s);
		return false;
	}
	return true;
}

int
tpl_at_enum(struct el *e, const char *name, int dflt)
{
	const struct tpl_attr *d = attr_def(e, name, V_ENUM);
	const char *s = attr(e, name);
	if (s == NULL)
		return dflt;
	/* The schema compares as this does: a value it let pass is one of the list. */
	int i = tpl_parse_enum(d->values, s);
	assert(i >= 0);
	return i >= 0 ? i : dflt;
}

const struct tstyle *
tpl_find_style(const struct tpl *t, const char *name)
{
	for (size_t i = 0; i < t->nstyles; i++)
		if (strcmp(t->styles[i]->s.name, name) == 0)
			return t->styles[i];
	return NULL;
}

const struct tstyle *
tpl_at_style(struct el *e, const char *name, const char *dflt)
{
	attr_def(e, name, V_NAME);
	const char *s = attr(e, name);
	if (s == NULL)
		s = dflt;
	if (s == NULL)
		return NULL;
	const struct tstyle *st = tpl_find_style(e->ld->t, s);
	if (st == NULL && s == dflt)
		tpl_err(e->ld, e->x->line,
		        "<%s>: the default style \"%s\" is not defined (give %s=\"...\")",
		        e->x->name, s, name);
	else if (st == NULL)
		tpl_err(e->ld, e->x->line, "<%s %s=\"%s\">: no such style", e->x->name, name, s);
	return st;
}

/*
 * The catalogue by id: <msg> asks for its entry by name, some 600 times in the bundled
 * templates' 300 entries; a walk down the list with strcmp was 4 % of one report.
 */
static size_t
entry_slot(const struct tpl *t, const char *id)
{
	size_t mask = t->entry_cap - 1, h = (size_t)hash_mem(HASH_SEED, id, strlen(id)) & mask;
	while (t->entry_ix[h] != NULL && strcmp(t->entry_ix[h]->entry.id, id) != 0)
		h = (h + 1) & mask;
	return h;
}

const struct tnode *
tpl_find_entry(const struct tpl *t, const char *id)
{
	return t->entry_cap > 0 ? t->entry_ix[entry_slot(t, id)] : NULL;
}

void
tpl_index_entry(struct tpl *t, const struct tnode *n)
{
	assert(n->kind == T_ENTRY);
	/* At most half full. */
	if (2 * (t->nentry_ix + 1) > t->entry_cap) {
		const struct tnode **old = t->entry_ix;
		size_t was = t->entry_cap;
		t->entry_cap = was > 0 ? 2 * was : 64;
		t->entry_ix = xcalloc(t->entry_cap, sizeof(*t->entry_ix));
		for (size_t i = 0; i < was; i++)
			if (old[i] != NULL)
				t->entry_ix[entry_slot(t, old[i]->entry.id)] = old[i];
		free(old);
	}
	size_t h = entry_slot(t, n->entry.id);
	if (t->entry_ix[h] == NULL) {
		t->entry_ix[h] = n;
		t->nentry_ix++;
	}
}

int
tpl_face(const struct tpl *t, int family, bool bold, bool italic)
{
	if (family < 0 || (size_t)family >= t->nfamilies)
		return -1;
	return t->families[family].face[(bold ? 1 : 0) + (italic ? 2 : 0)];
}

const char *
tpl_face_name(bool bold, bool italic)
{
	return bold && italic ? "bold italic" : bold ? "bold" : italic ? "italic" : "regular";
}

/* ---- files ---- */

const char *
tpl_inside(struct loader *ld, long line, const char *what, const char *src)
{
	/* The schema refuses absolute paths, "\\" and ".." (V_PATH). */
	assert(src[0] != '\0' && src[0] != '/' && strchr(src, '\\') == NULL);
	char *joined = xasprintf("%s/%s", ld->dir, src);
	char *real = realpath(joined, NULL);
	free(joined);
	if (real == NULL) {
		tpl_err(ld, line, "%s \"%s\": %s", what, src, strerror(errno));
		return NULL;
	}
	size_t n = strlen(ld->realdir);
	if (strncmp(real, ld->realdir, n) != 0 || (real[n] != '/' && real[n] != '\0')) {
		tpl_err(ld, line, "%s \"%s\" leads out of the template's folder", what, src);
		free(real);
		return NULL;
	}
	/* A FIFO would block the run forever (load.h): inputs are regular files. */
	const char *kind = load_not_regular(real);
	free(real);
	if (kind != NULL) {
		tpl_err(ld, line, "%s \"%s\" is %s, not a regular file", what, src, kind);
		return NULL;
	}
	/* Checked where it leads; named as the user would, beside the template's path. */
	return strcmp(ld->dir, ".") == 0 && strchr(ld->path, '/') == NULL
	           ? tpl_keep(ld, src)
	           : arena_printf(ld->t->arena, "%s/%s", ld->dir, src);
}

/* Parses an XML file of the template without ever reading anything else. */
static xmlDoc *
read_xml(struct loader *ld, const char *path)
{
	struct tpl_xml_sink sink = {path, 0};
	xmlSetStructuredErrorFunc(&sink, tpl_xml_error);
	/*
	 * NONET and no NOENT/DTDLOAD: no external entity is ever read (see the notes).
	 * COMPACT keeps short texts in their node (the tree is only read): fewer blocks
	 * to allocate and free, 1 M instructions of a one-report run.
	 */
	xmlDoc *doc =
	    xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
	xmlSetStructuredErrorFunc(NULL, NULL);
	ld->errors += sink.errors;
	return doc;
}

/*
 * The root <part> of an included file, checked against the schema, or NULL after a
 * message. Its document is kept until the template is read: nodes point into it.
 */
static xmlNode *
read_part(struct loader *ld, long line, const char *src, const char *path)
{
	for (int i = 0; i < ld->depth; i++)
		if (strcmp(ld->including[i], path) == 0) {
			tpl_err(ld, line, "include \"%s\" includes itself", src);
			return NULL;
		}
	if (ld->depth >= 8) {
		tpl_err(ld, line, "include \"%s\": includes nest deeper than 8", src);
		return NULL;
	}
	xmlDoc *doc = read_xml(ld, path);
	if (doc == NULL)
		return NULL;
	xmlNode *root = xmlDocGetRootElement(doc);
	/* The schema takes a <template> too: only the loader knows this one is included. */
	if (root == NULL || strcmp((const char *)root->name, "part") != 0) {
		const char *was = ld->file;
		ld->file = path;
		tpl_err(ld, root ? root->line : 0,
		        "an included file's root element must be <part>");
		ld->file = was;
		xmlFreeDoc(doc);
		return NULL;
	}
	if (tpl_schema_validate(path, doc, ld->schema) > 0) {
		ld->errors++;
		xmlFreeDoc(doc);
		return NULL;
	}
	ld->docs = xrealloc(ld->docs, (ld->ndocs + 1) * sizeof(*ld->docs));
	ld->docs[ld->ndocs++] = doc;
	return root;
}

/*
 * <include src="..."/>: the children of the file's <part> stand where the include
 * stands, and are read there (blocks, styles or catalogue entries).
 */
struct tnode *
tpl_el_include(struct el *e)
{
	struct loader *ld = e->ld;
	const char *src = tpl_at_text(e, "src");
	const char *path = tpl_inside(ld, e->x->line, "include", src);
	xmlNode *part = path ? read_part(ld, e->x->line, src, path) : NULL;
	if (part == NULL)
		return NULL;
	const char *was = ld->file;
	assert(ld->depth < 8);
	ld->including[ld->depth++] = path;
	ld->file = path;
	struct tnode *n = tpl_content(ld, part->children, &e->at);
	ld->file = was;
	ld->depth--;
	return n;
}

/* ---- content ---- */

/* Collapses runs of white space to one space; XML line breaks are not text. */
static const char *
collapse(struct loader *ld, const char *s)
{
	struct sbuf b = {0};
	bool ws = false;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			ws = true;
			continue;
		}
		if (ws)
			sbuf_addc(&b, ' ');
		ws = false;
		sbuf_addc(&b, *s);
	}
	if (ws)
		sbuf_addc(&b, ' ');
	char *out = sbuf_take(&b);
	const char *k = tpl_keep(ld, out);
	free(out);
	return k;
}

#ifndef NDEBUG
static bool
blank(const char *s)
{
	for (; *s; s++)
		if (!(*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
			return false;
	return true;
}
#endif

struct tnode *
tpl_node(struct loader *ld, enum tkind kind, long line, const struct fstate *fs)
{
	struct tnode *n = arena_alloc(ld->t->arena, sizeof(*n));
	n->kind = kind;
	n->line = line;
	n->file = ld->file;
	n->font = fs->st ? tpl_face(ld->t, fs->st->family, fs->bold, fs->italic) : -1;
	if (kind == T_VALUE || kind == T_PARAM) {
		n->value.param = -1;
		n->value.digits = -1;
		n->value.hyphenate = -1;
	}
	return n;
}

struct tnode *
tpl_el_node(struct el *e)
{
	assert(e->def->kind >= 0);
	return tpl_node(e->ld, (enum tkind)e->def->kind, e->x->line, &e->at.fs);
}

/* {name} in a catalogue entry's text: a parameter, or NULL after a message. */
static struct tnode *
placeholder(struct loader *ld, const char *p, const char *end, long line, const struct fstate *fs)
{
	const struct tentry *en = &fs->entry->entry;
	size_t len = end ? (size_t)(end - p - 1) : 0, i = 0;
	for (; i < en->nparams; i++)
		if (strlen(en->params[i]) == len && strncmp(en->params[i], p + 1, len) == 0)
			break;
	if (end == NULL || i == en->nparams) {
		char q[MSG_QUOTE_SIZE];
		tpl_err(ld, line, "catalogue entry \"%s\": %s is not one of its params", en->id,
		        msg_quote_n(q, p, end ? (size_t)(end - p + 1) : strlen(p)));
		return NULL;
	}
	struct tnode *t = tpl_node(ld, T_PARAM, line, fs);
	t->value.param = (int)i; /* formatted as the value says, like <value> */
	t->value.missing = tpl_find_entry(ld->t, "missing");
	if (t->value.missing == NULL)
		tpl_err(ld, line, "{%s} needs the catalogue entry \"missing\" for values not known",
		        en->params[i]);
	return t;
}

/*
 * Running text; in a catalogue entry, "{name}" places a parameter and "{{" and
 * "}}" stand for braces. Returns the first of the nodes made.
 */
static struct tnode *
text_nodes(struct loader *ld, const char *s, long line, const struct fstate *fs)
{
	struct tnode *head = NULL, **tail = &head;
	struct sbuf b = {0};
	for (const char *p = s;; p++) {
		bool param = fs->entry != NULL && *p == '{' && p[1] != '{';
		if (*p == '\0' || param) {
			if (b.len > 0) {
				struct tnode *t = tpl_node(ld, T_TEXT, line, fs);
				t->text = tpl_keep(ld, b.s);
				*tail = t;
				tail = &t->next;
				b.len = 0;
				b.s[0] = '\0';
			}
			if (*p == '\0')
				break;
			const char *end = strchr(p, '}');
			struct tnode *t = placeholder(ld, p, end, line, fs);
			if (end == NULL)
				break;
			if (t != NULL) {
				*tail = t;
				tail = &t->next;
			}
			p = end;
			continue;
		}
		if (fs->entry != NULL && (*p == '{' || *p == '}') && p[1] == *p)
			p++; /* "{{" is a brace */
		sbuf_addc(&b, *p);
	}
	sbuf_free(&b);
	return head;
}

/* Where an included part's child may not stand, in the words of that place. */
static void
misplaced(struct loader *ld, xmlNode *x, enum tpl_cx cx)
{
	if (cx == CX_STYLES)
		tpl_err(ld, x->line, "<styles> holds <style> elements, not <%s>", x->name);
	else if (cx == CX_CATALOG)
		tpl_err(ld, x->line, "<catalog> holds <entry> elements, not <%s>", x->name);
	else
		tpl_err(ld, x->line, "<%s> cannot stand among blocks, where its part is included",
		        x->name);
}

static struct tnode *
element(struct loader *ld, xmlNode *x, const struct place *at)
{
	const struct tpl_elem *d = tpl_elem_find((const char *)x->name);
	/* The schema knows every element; where one stands it knows but for a <part>. */
	assert(d != NULL && d->load != NULL);
	if (!(d->where & TPL_IN(at->cx))) {
		misplaced(ld, x, at->cx);
		return NULL;
	}
	struct el e = {ld, x, d, *at};
	return d->load(&e);
}

struct tnode *
tpl_content(struct loader *ld, xmlNode *first, const struct place *at)
{
	bool running = (TPL_IN(at->cx) & TPL_RUNNING) != 0;
	struct tnode *head = NULL, **tail = &head, *prev = NULL;
	for (xmlNode *x = first; x != NULL; x = x->next) {
		struct tnode *n = NULL;
		if (x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE) {
			/* The schema lets text stand only in running text. */
			assert(running || blank((const char *)x->content));
			if (running)
				n = text_nodes(ld, collapse(ld, (const char *)x->content), x->line,
				               &at->fs);
		} else if (x->type == XML_ELEMENT_NODE) {
			n = element(ld, x, at);
			/* In running text the schema cannot tell what stands between. */
			if (n != NULL && n->kind == T_ELSE && (prev == NULL || prev->kind != T_IF))
				tpl_err(ld, x->line, "<else> must follow an <if>");
		} else {
			/* The schema refuses entity references: comments are left. */
			assert(x->type == XML_COMMENT_NODE || x->type == XML_PI_NODE);
		}
		if (n == NULL)
			continue;
		/* Text with parameters and includes give several nodes: go to the last. */
		*tail = n;
		while (n->next != NULL)
			n = n->next;
		tail = &n->next;
		prev = n;
	}
	return head;
}

struct tnode *
tpl_el_content(struct el *e, enum tpl_cx cx, struct fstate fs)
{
	struct place at = {cx, e->at.sc, fs};
	return tpl_content(e->ld, e->x->children, &at);
}

/* ---- the template ---- */

static void
loader_done(struct loader *ld)
{
	free(ld->fontdir);
	free(ld->schema);
	for (size_t i = 0; i < ld->ndocs; i++)
		xmlFreeDoc(ld->docs[i]);
	free(ld->docs);
	free(ld->pending);
	free(ld->dir);
	free(ld->realdir);
}

/* Reads the checked document: its sections, each by its handler. */
static void
read_template(struct loader *ld, xmlDoc *doc)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	/* The schema takes a <part> too: only the loader knows this file is the template. */
	if (root == NULL || strcmp((const char *)root->name, "template") != 0) {
		tpl_err(ld, root ? root->line : 0, "the root element must be <template>");
		return;
	}
	/* The schema allows only the languages lang.c knows. */
	xmlChar *lang = xmlGetProp(root, (const xmlChar *)"language");
	if (lang != NULL)
		ld->t->lang = lang_find((const char *)lang);
	xmlFree(lang);
	assert(ld->t->lang != NULL);
	struct place at = {CX_TEMPLATE, NULL, tpl_no_face};
	tpl_content(ld, root->children, &at);
	assert(ld->t->nfamilies > 0 || ld->errors > 0);
}

struct tpl *
tpl_load(const char *path, const char *datadir)
{
	return tpl_load_names(path, datadir, analyze_name);
}

struct tpl *
tpl_load_names(const char *path, const char *datadir,
               const struct name_info *(*names)(const char *name))
{
	struct loader ld = {0};
	/*
	 * libxml2 allocates through the program's wrappers: out of memory ends the run
	 * cleanly. On its own it returns NULL, and xmlGetProp's NULL reads as an absent
	 * attribute (a failed allocation changed the template's meaning without a word).
	 * Set before any worker starts; the wrappers are malloc's underneath, so memory
	 * libxml2 took before is freed alike.
	 */
	xmlMemSetup(free, xmalloc, xrealloc, xstrdup);
	ld.names = names;
	ld.path = path;
	ld.fontdir = xasprintf("%s/fonts", datadir);
	ld.schema = xasprintf("%s/templates/template.rng", datadir);
	ld.file = path;
	const char *slash = strrchr(path, '/');
	/* A template right under the root (/review.xml) lives in "/", not in "". */
	ld.dir = slash == path ? xstrdup("/")
	         : slash       ? xstrndup(path, (size_t)(slash - path))
	                       : xstrdup(".");
	ld.realdir = realpath(ld.dir, NULL);

	struct tpl *t = xcalloc(1, sizeof(*t));
	t->arena = arena_new();
	t->path = xstrdup(path);
	t->lang = &lang_de;
	t->page = (struct page_setup){595.276, 841.89, 56, 56, 56, 56};
	ld.t = t;
	ld.entry_tail = &t->catalog;

	xmlDoc *doc = NULL;
	struct stat st;
	if (access(path, R_OK) != 0 || ld.realdir == NULL) {
		msg_at(MSG_ERROR, path, 0, 0, "cannot read the template: %s", strerror(errno));
		ld.errors++;
	} else if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		size_t n = strlen(path);
		while (n > 0 && path[n - 1] == '/')
			n--;
		msg_at(MSG_ERROR, path, 0, 0,
		       "cannot read the template: a folder; give the template file itself, such "
		       "as %.*s/review.xml",
		       (int)n, path);
		ld.errors++;
	} else if ((doc = read_xml(&ld, path)) == NULL) {
		if (ld.errors == 0)
			msg_at(MSG_ERROR, path, 0, 0, "cannot read the template");
		ld.errors++;
	} else if (tpl_schema_validate(path, doc, ld.schema) > 0) {
		/* The schema's messages say what is wrong; the rest is read when it passes. */
		ld.errors++;
	} else {
		read_template(&ld, doc);
	}
	/* Every catalogue entry's content was read with its catalogue. */
	assert(ld.npending == 0 || ld.errors > 0);
	xmlFreeDoc(doc);
	loader_done(&ld);
	if (ld.errors > 0) {
		tpl_free(t);
		return NULL;
	}
	return t;
}

void
tpl_free(struct tpl *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->nimages; i++)
		image_free(t->images[i]);
	free(t->images);
	free(t->image_paths);
	arena_free(t->arena);
	free(t->entry_ix);
	free(t->font_paths);
	free(t->families);
	free(t->styles);
	free(t->path);
	free(t);
}

size_t
tpl_nfonts(const struct tpl *t)
{
	return t->nfonts;
}

const char *
tpl_font_path(const struct tpl *t, size_t i)
{
	assert(i < t->nfonts);
	return t->font_paths[i];
}

const char *
tpl_fallback_path(const struct tpl *t)
{
	return t->fallback_path;
}

const struct lang *
tpl_lang(const struct tpl *t)
{
	return t->lang;
}

const char *
tpl_path(const struct tpl *t)
{
	return t->path;
}
