/* SPDX-License-Identifier: MIT */
/* The run's font plan: the template's faces checked, the fallback decided, the fonts cut down once. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch_fonts.h"
#include "cache.h"
#include "charset.h"
#include "lang.h"
#include "mem.h"
#include "msg.h"
#include "pdf.h"
#include "pdf_subset.h"

/*
 * The model's strings are shared where they repeat (a partner's reps in each quarter are
 * its team's strings, the loaders keep each distinct string once): a string added
 * already is passed over by its address. SEEN slots remember the last ones.
 */
enum { SEEN = 1024 };

static void
add_text(struct charset *cs, const char **seen, const char *s)
{
	if (s == NULL)
		return;
	size_t h = (size_t)(((uintptr_t)s >> 3) * UINT64_C(0x9E3779B97F4A7C15) >> 54) % SEEN;
	if (seen[h] == s)
		return;
	seen[h] = s;
	charset_add_utf8(cs, s);
}

/*
 * Every character the run's reports can show: ASCII, what the program itself writes
 * (no-break space, en dash, minus, ellipsis, bullet, the currency signs), the text of
 * both templates, and the text of all inputs (all partners, whatever --partner says,
 * so a report's bytes never depend on which others were rendered with it). Nothing
 * more: every glyph in the cut-down fonts costs every report its metrics.
 */
static void
run_charset(struct charset *cs, const struct metrics *m, const struct survey *s,
            const struct tpl *const *t, size_t nt, const struct tpl *overview)
{
	static const uint32_t own[] = {0xA0, 0xA3, 0xA5, 0x2013, 0x2022, 0x2026, 0x20AC, 0x2212};
	for (uint32_t cp = 0x20; cp <= 0x7E; cp++)
		charset_add(cs, cp);
	for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		charset_add(cs, own[i]);
	for (size_t i = 0; i < nt; i++)
		tpl_charset(t[i], cs);
	tpl_charset(overview, cs);
	const char **seen = xcalloc(SEEN, sizeof(*seen));
	add_text(cs, seen, m->vendor_name);
	const struct person *mg = &m->manager;
	add_text(cs, seen, mg->name);
	add_text(cs, seen, mg->email);
	add_text(cs, seen, mg->phone);
	for (size_t i = 0; i < m->npartners; i++) {
		const struct partner *p = &m->partners[i];
		const char *texts[] = {p->id,           p->name,          p->region,       p->tier,
		                       p->contact.name, p->contact.email, p->contact.phone};
		for (size_t k = 0; k < sizeof(texts) / sizeof(texts[0]); k++)
			add_text(cs, seen, texts[k]);
		for (size_t k = 0; k < p->nteam; k++) {
			add_text(cs, seen, p->team[k].name);
			add_text(cs, seen, p->team[k].email);
			add_text(cs, seen, p->team[k].phone);
		}
		for (size_t q = 0; q < p->nquarters; q++)
			for (size_t k = 0; k < p->quarters[q].nreps; k++)
				add_text(cs, seen, p->quarters[q].reps[k].name);
	}
	for (size_t i = 0; s != NULL && i < s->nquestions; i++) {
		add_text(cs, seen, s->questions[i].text);
		add_text(cs, seen, s->questions[i].id);
		add_text(cs, seen, s->questions[i].topic);
	}
	for (size_t w = 0; s != NULL && w < s->nwaves; w++)
		for (size_t k = 0; k < s->waves[w].nresponses; k++) {
			const struct response *rs = &s->waves[w].responses[k];
			add_text(cs, seen, rs->respondent);
			add_text(cs, seen, rs->comment);
			add_text(cs, seen, rs->wish);
			add_text(cs, seen, rs->partner_id);
		}
	free(seen);
}

/* True when template t has the faces and the fallback of the plan (the report template's). */
static bool
same_fonts(const struct fontplan *fp, const struct tpl *t)
{
	const char *fb = tpl_fallback_path(t);
	bool same = tpl_nfonts(t) == fp->nfonts &&
	            (fb == NULL ? fp->full_fallback == NULL
	                        : fp->full_fallback != NULL && strcmp(fb, fp->full_fallback) == 0);
	for (size_t i = 0; same && i < fp->nfonts; i++)
		same = strcmp(tpl_font_path(t, i), fp->full_fonts[i]) == 0;
	return same;
}

/*
 * The templates' own text must show in their fonts: checked once per run, on probe.
 * The report templates of other languages (t[1..]) have the first one's fonts: the
 * reports share the cut-down faces.
 */
static const char *
check_glyphs(struct fontplan *fp, const struct tpl *const *t, size_t nt, const struct tpl *overview,
             struct pdf *probe)
{
	size_t missing = tpl_check_glyphs(t[0], pdf_dev(probe));
	for (size_t i = 1; i < nt; i++) {
		if (!same_fonts(fp, t[i])) {
			msg_at(MSG_ERROR, tpl_path(t[i]), 0, 0,
			       "the %s report template names other font "
			       "files than the %s one (%s); a run's report templates share their "
			       "fonts",
			       tpl_lang(t[i])->name, tpl_lang(t[0])->name, tpl_path(t[0]));
			return "the report templates' fonts differ";
		}
		missing += tpl_check_glyphs(t[i], pdf_dev(probe));
	}
	/* The overview checked on the same probe when it uses the same fonts (it usually does). */
	const char *ofb = tpl_fallback_path(overview);
	fp->overview_same_fonts = same_fonts(fp, overview);
	size_t lacking = 0;
	if (fp->overview_same_fonts) {
		lacking = tpl_check_glyphs(overview, pdf_dev(probe));
	} else {
		size_t nf = tpl_nfonts(overview);
		const char **of = xcalloc(nf + 1, sizeof(*of));
		for (size_t i = 0; i < nf; i++)
			of[i] = tpl_font_path(overview, i);
		struct pdf *op = pdf_probe(of, nf, ofb);
		lacking = op ? tpl_check_glyphs(overview, pdf_dev(op)) : 1;
		pdf_free(op);
		free(of);
	}
	if (missing > 0)
		return "the template uses characters its fonts lack";
	if (lacking > 0)
		return "the portfolio template uses characters its fonts lack";
	return NULL;
}

/*
 * The check above and pdf_uncovered on the whole faces, loaded into libharu (a
 * tenth of a one-report run), give the same answer for the same questions to the
 * same files: a check that passed is kept in the cache (cache.h). The questions
 * are every character each face is asked for by the templates (tpl_check_glyphs
 * on a device that notes them and says yes) and the run's characters (cs); the
 * files are the faces and the fallback as the system knows them, and libharu's
 * library, which answers. A check that failed is made again: its messages with it.
 */
struct asked {
	size_t nfonts;
	struct charset *sets; /* per face: the characters asked for */
};

static bool
note_glyph(void *ctx, int font, uint32_t cp)
{
	struct asked *a = ctx;
	if (font >= 0 && (size_t)font < a->nfonts)
		charset_add(&a->sets[font], cp);
	return true;
}

/* A font file as the system knows it, appended to b; false when it is none. */
static bool
add_file(struct sbuf *b, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	sbuf_printf(b, ", file %llu:%llu, %lld bytes, %lld.%09ld, %lld.%09ld",
	            (unsigned long long)st.st_dev, (unsigned long long)st.st_ino,
	            (long long)st.st_size, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
	            (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
	return true;
}

/*
 * The cache's key of the glyph check of the plan's fonts, or NULL when it cannot
 * be kept: the templates do not all have the plan's fonts (then the check has more
 * to say), or a file cannot be known.
 */
static unsigned char *
glyph_key(struct fontplan *fp, const struct tpl *const *t, size_t nt, const struct tpl *overview,
          const struct charset *cs, size_t *keylen)
{
	if (!cache_on())
		return NULL;
	for (size_t i = 1; i < nt; i++)
		if (!same_fonts(fp, t[i]))
			return NULL;
	if (!same_fonts(fp, overview))
		return NULL;
	char *lib = pdf_lib_id();
	if (lib == NULL)
		return NULL;
	struct sbuf b = {0};
	sbuf_printf(&b, "glyph-check 1, %s, %zu faces", lib, fp->nfonts);
	free(lib);
	bool known = true;
	for (size_t i = 0; known && i < fp->nfonts; i++)
		known = add_file(&b, fp->full_fonts[i]);
	if (fp->full_fallback != NULL)
		known = known && add_file(&b, fp->full_fallback);
	else
		sbuf_adds(&b, ", no fallback");
	struct asked a = {fp->nfonts, xcalloc(fp->nfonts + 1, sizeof(*a.sets))};
	struct dev note = {0};
	note.ctx = &a;
	note.has_glyph = note_glyph;
	for (size_t i = 0; known && i < nt; i++)
		tpl_check_glyphs(t[i], &note);
	if (known)
		tpl_check_glyphs(overview, &note);
	sbuf_addc(&b, '\0');
	for (size_t i = 0; known && i < fp->nfonts; i++)
		sbuf_add(&b, (const char *)a.sets[i].bits, sizeof(a.sets[i].bits));
	sbuf_add(&b, (const char *)cs->bits, sizeof(cs->bits));
	free(a.sets);
	*keylen = b.len;
	char *key = sbuf_take(&b);
	if (!known) {
		free(key);
		return NULL;
	}
	return (unsigned char *)key;
}

/* The kept answer for key: 0 no character uncovered, 1 those in fcs; -1 none kept. */
static int
glyph_get(const unsigned char *key, size_t keylen, struct charset *fcs)
{
	size_t len = 0;
	unsigned char *e = cache_get("glyphs", key, keylen, &len);
	int kept = e != NULL && len == 1 + sizeof(fcs->bits) && e[0] <= 1 ? e[0] : -1;
	if (kept > 0)
		memcpy(fcs->bits, e + 1, sizeof(fcs->bits));
	free(e);
	return kept;
}

static void
glyph_put(const unsigned char *key, size_t keylen, bool uncovered, const struct charset *fcs)
{
	unsigned char *e = xmalloc(1 + sizeof(fcs->bits));
	e[0] = uncovered;
	memcpy(e + 1, fcs->bits, sizeof(fcs->bits));
	cache_put("glyphs", key, keylen, e, 1 + sizeof(fcs->bits));
	free(e);
}

/*
 * The check on the whole faces: NULL when it passes, with *uncovered (when the
 * template has a fallback) the number of the run's characters (cs) a face lacks,
 * those added to fcs; else why the run must stop, after the messages.
 */
static const char *
probe_fonts(struct fontplan *fp, const struct tpl *const *t, size_t nt, const struct tpl *overview,
            const struct charset *cs, struct charset *fcs, size_t *uncovered)
{
	struct pdf *probe = pdf_probe(fp->fonts, fp->nfonts, fp->full_fallback);
	if (probe == NULL)
		return "the template's fonts are unusable";
	const char *stop = check_glyphs(fp, t, nt, overview, probe);
	*uncovered = 0;
	if (stop == NULL && fp->full_fallback != NULL)
		*uncovered = pdf_uncovered(probe, cs, fcs);
	pdf_free(probe);
	return stop;
}

/* Fonts cut to the run's characters (cs; fcs for the fallback): smaller and quicker reports. */
static void
cut_fonts(struct fontplan *fp, const struct charset *cs, struct charset *fcs)
{
	const char **cut_paths = xcalloc(fp->nfonts + 2, sizeof(*cut_paths));
	const struct charset **sets = xcalloc(fp->nfonts + 2, sizeof(*sets));
	for (size_t i = 0; i < fp->nfonts; i++) {
		cut_paths[i] = fp->fonts[i];
		sets[i] = cs;
	}
	size_t ncut = fp->nfonts;
	if (fp->fallback != NULL) {
		/* The fallback's space, where a run of its characters continues after one. */
		charset_add(fcs, ' ');
		cut_paths[ncut] = fp->fallback;
		sets[ncut++] = fcs;
	}
	fp->subset = subset_fonts(cut_paths, sets, ncut);
	free(sets);
	free(cut_paths);
	/* The faces all cut or all whole (as the retry has them); the fallback either way. */
	const char *const *cut = fp->subset != NULL ? subset_paths(fp->subset) : NULL;
	bool all_cut = cut != NULL;
	for (size_t i = 0; all_cut && i < fp->nfonts; i++)
		all_cut = cut[i] != NULL;
	if (all_cut)
		fp->fonts = cut;
	if (cut != NULL && fp->fallback != NULL && cut[fp->nfonts] != NULL)
		fp->fallback = cut[fp->nfonts];
}

/*
 * A fallback libharu cannot load would fail every report that needs it: checked
 * once, on the cut-down file (the whole one takes 2.6 ms to load), else the whole.
 * One that will not load is left out: those characters print blank, as without it.
 */
static void
check_fallback(struct fontplan *fp)
{
	unsigned fb_error = fp->fallback != NULL ? pdf_check_font(fp->fallback) : 0;
	if (fb_error != 0 && fp->fallback != fp->full_fallback) {
		fb_error = pdf_check_font(fp->full_fallback);
		if (fb_error == 0)
			fp->fallback = fp->full_fallback;
	}
	if (fb_error != 0) {
		msg(MSG_WARNING,
		    "%s: cannot load this TrueType font (libharu error 0x%04X): the characters "
		    "the other fonts lack print blank",
		    fp->full_fallback, fb_error);
		fp->fallback = fp->full_fallback = NULL;
	}
}

const char *
fontplan_make(struct fontplan *fp, const struct tpl *const *reports, size_t nreports,
              const struct tpl *overview, const struct metrics *m, const struct survey *s)
{
	assert(nreports >= 1);
	const struct tpl *t = reports[0];
	memset(fp, 0, sizeof(*fp));
	fp->nfonts = tpl_nfonts(t);
	fp->own = xcalloc(fp->nfonts + 1, sizeof(*fp->own));
	for (size_t i = 0; i < fp->nfonts; i++)
		fp->own[i] = tpl_font_path(t, i);
	fp->fonts = fp->full_fonts = fp->own;
	fp->full_fallback = tpl_fallback_path(t);
	struct charset *cs = xcalloc(1, sizeof(*cs)), *fcs = xcalloc(1, sizeof(*fcs));
	run_charset(cs, m, s, reports, nreports, overview);
	size_t keylen = 0, uncovered = 0;
	unsigned char *key = glyph_key(fp, reports, nreports, overview, cs, &keylen);
	int kept = key != NULL ? glyph_get(key, keylen, fcs) : -1;
	if (kept >= 0) {
		fp->overview_same_fonts = true;
		uncovered = (size_t)kept;
	} else {
		const char *stop =
		    probe_fonts(fp, reports, nreports, overview, cs, fcs, &uncovered);
		if (stop != NULL) {
			free(key);
			free(cs);
			free(fcs);
			return stop;
		}
		if (key != NULL)
			glyph_put(key, keylen, uncovered > 0, fcs);
	}
	free(key);
	/*
	 * The fallback serves the characters of the run that a face lacks; a run without
	 * such characters neither cuts nor loads it, so its reports are as without one.
	 */
	if (uncovered == 0)
		fp->full_fallback = NULL;
	fp->fallback = fp->full_fallback;
	cut_fonts(fp, cs, fcs);
	free(cs);
	free(fcs);
	check_fallback(fp);
	/* The faces are all cut or all whole (the retry takes the whole ones); a fallback only with one. */
	assert(fp->full_fonts == fp->own && (fp->fonts == fp->own || fp->subset != NULL));
	assert(fp->fallback == NULL || fp->full_fallback != NULL);
	return NULL;
}

bool
fontplan_cut(const struct fontplan *fp)
{
	return fp->fonts != fp->full_fonts || fp->fallback != fp->full_fallback;
}

void
fontplan_free(struct fontplan *fp)
{
	subset_free(fp->subset);
	free(fp->own);
	memset(fp, 0, sizeof(*fp));
}
