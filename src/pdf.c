/* SPDX-License-Identifier: MIT */
/* The PDF device: libharu behind the device interface; the only module that sees hpdf.h. */
#define _GNU_SOURCE /* dladdr */
#include <assert.h>
#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_pages.h>
#include <zlib.h>

#include "image.h"
#include "mem.h"
#include "msg.h"
#include "pdf.h"
#include "pdf_num.h"
#include "pdf_subset.h"
#include "utf8.h"

/*
 * Fonts are simple TrueType fonts with one-byte codes, not libharu's UTF-8 CID fonts:
 * for every CID font of every document libharu 2.3.0 looks up all 65,536 code points
 * in the cmap and writes a 128 KB glyph map and a long width array (about a third of
 * a report's time and a fifth of its bytes). Instead each document hands out codes
 * as its characters come: WinAnsi (CP1252) first, which German text and most Latin
 * names never leave; any other character takes a free code in a run of encodings of
 * our own, each a /Differences over WinAnsi naming the glyphs uniXXXX. A face gets
 * one font object per encoding it draws with, all sharing one embedded font file
 * (64 encodings hold some 14,000 characters a document). Nothing of this depends on
 * other documents, so a report's bytes stay the same whatever runs beside it.
 *
 * A template may name a fallback face for the characters its faces lack (CJK names).
 * It is one more face behind the others, loaded when a document first meets such a
 * character: a document that never does neither loads nor embeds it, and its bytes
 * are those of a run without a fallback. Text is measured and drawn in runs per face:
 * each character in the face of its span where that face has it, else in the
 * fallback where the fallback has it, else (blank) in the span's face as before.
 */
enum { MAX_LEVELS = 6, MAX_ENCODINGS = 64 };

/* The codes WinAnsi leaves undefined: the first characters beyond it go there. */
static const unsigned char winansi_free[] = {0x81, 0x8D, 0x8F, 0x90, 0x9D};

/* A sparse map of the Basic Multilingual Plane: 256 lazily allocated pages. */
struct bmp_map {
	uint32_t *page[256];
};

static uint32_t
bmp_get(const struct bmp_map *m, uint32_t cp)
{
	const uint32_t *pg = m->page[cp >> 8 & 0xFF];
	return pg ? pg[cp & 0xFF] : 0;
}

static void
bmp_set(struct bmp_map *m, uint32_t cp, uint32_t v)
{
	uint32_t **pg = &m->page[cp >> 8 & 0xFF];
	if (*pg == NULL)
		*pg = xcalloc(256, sizeof(**pg));
	(*pg)[cp & 0xFF] = v;
}

static void
bmp_free(struct bmp_map *m)
{
	for (size_t i = 0; i < 256; i++)
		free(m->page[i]);
}

struct face {
	char name[HPDF_LIMIT_MAX_NAME_LEN + 1]; /* libharu's name of the loaded font */
	HPDF_FontDef def;
	HPDF_Font font[MAX_ENCODINGS]; /* per encoding, made when first drawn with */
	struct bmp_map width;          /* advance width in 1/1000 em, plus 1; 0: not asked */
	struct bmp_map coverage;       /* 1 no glyph, 2 has one; 0: not asked */
};

/*
 * Text waiting to be written: the pieces the layout places on one baseline in one
 * font, encoding, size and colour (a justified line comes word by word) go out as one
 * TJ, the gaps between them as real spaces plus position adjustments. That is a third
 * of the bytes of a Td and a Tj per word, and copied text keeps its spaces.
 */
struct pending {
	bool on;
	int font, enc;
	double y, size, x; /* the baseline, and where the first piece starts */
	double end;        /* where the last piece ends, as a viewer computes it */
	uint32_t rgb;
	size_t adjusted; /* position adjustments in ops */
	struct sbuf ops; /* the TJ array's inside */
};

struct embedded {
	const struct image *img;
	HPDF_Image obj;
};

struct pdf {
	HPDF_Doc doc;
	HPDF_Page page;
	double page_h;
	struct face *faces;   /* the fonts, then the fallback once it is loaded */
	size_t nfonts;        /* the fonts alone */
	size_t nfaces;        /* nfonts, plus one when the fallback is loaded */
	char *fallback;       /* its file; NULL: none, or it failed to load */
	size_t blank;         /* characters drawn blank because no code was left */
	uint32_t first_blank; /* the first of them */
	HPDF_Encoder enc[MAX_ENCODINGS];
	size_t nenc;
	int next_code;       /* the next free code of the last encoding */
	struct bmp_map code; /* character -> encoding << 8 | code, plus 1 */
	HPDF_Encoder utf8;   /* for titles beyond PDFDocEncoding; NULL: not needed yet */
	HPDF_Outline outline[MAX_LEVELS + 1]; /* the latest outline per level */
	/* libharu's errors are sticky: the first one is kept, the report fails. */
	HPDF_STATUS error, detail;
	/*
	 * What the document was doing (a static phrase such as "the document title", and
	 * the length of the text it was giving libharu, if any) and on which page, so that
	 * the message of a libharu error can say what was too long or too large.
	 */
	const char *doing;
	size_t doing_len;
	bool doing_on_page;
	const char *err_doing;
	size_t err_len;
	long npages, err_page;
	bool in_text;
	/*
	 * The page's content not yet in its stream: the operators are written here as
	 * libharu's HPDF_Page_* functions would write them (each of those clears a
	 * 512-byte buffer and formats through its own calls), and handed to the
	 * stream deflated when the page ends, or as they are before libharu writes
	 * there itself. tm_x, tm_y: the text matrix's position as libharu would keep
	 * it (in float), for the next relative move.
	 */
	struct sbuf content;
	float tm_x, tm_y;
	z_stream z; /* deflates the pages, reset for each */
	bool z_on;  /* z is initialised */
	int cur_font;
	double cur_size;
	uint32_t cur_color;
	struct dev dev;
	int cur_enc;
	struct pending pend;
	char *buf; /* the text being drawn, encoded */
	size_t bufcap;
	struct embedded *images; /* each image once per document, known by its address */
	size_t nimages, imagecap;
};

static void
keep_error(struct pdf *p, HPDF_STATUS error, HPDF_STATUS detail)
{
	if (p->error == 0) {
		p->error = error;
		p->detail = detail;
		p->err_doing = p->doing;
		p->err_len = p->doing_len;
		p->err_page = p->doing_on_page ? p->npages : 0;
	}
}

static void
on_error(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
	keep_error(data, error, detail);
}

/*
 * From now on libharu is doing `what` (static), with text of len bytes (0: none), on
 * the current page when on_page.
 */
static void
doing(struct pdf *p, const char *what, size_t len, bool on_page)
{
	p->doing = what;
	p->doing_len = len;
	p->doing_on_page = on_page;
}

static bool
ok(const struct pdf *p)
{
	return p->error == 0;
}

/*
 * libharu does not always call the error handler when it fails (an error it only
 * records, or a NULL without any error), so a failure it returns counts too.
 */
static void
failed_with(struct pdf *p, HPDF_STATUS st)
{
	keep_error(p, st, 0);
}

/*
 * A length or position as libharu writes it. PDF readers need numbers within
 * +-32767 (PDF 1.4, appendix C); libharu cuts larger ones to 32767 but writes a
 * smaller one than -32767 as garbage that breaks the page. Absurd inputs (a revenue
 * of 1e300) reach here as such numbers; in range, nothing changes.
 */
static HPDF_REAL
pt(double v)
{
	if (v != v)
		return 0;
	return (HPDF_REAL)(v < -32767 ? -32767 : v > 32767 ? 32767 : v);
}

/*
 * Appends the operator op after the n numbers v, each as HPDF_FToA writes it and
 * followed by a space: "0 0.5 1 rg\012", as libharu's operator functions write it.
 */
static void
put_op(struct pdf *p, const float *v, int n, const char *op)
{
	char buf[4 * (PDF_REAL_MAX + 1) + 8], *o = buf;
	assert(n <= 4 && strlen(op) < 8);
	for (int i = 0; i < n; i++) {
		o = pdf_real(o, v[i]);
		*o++ = ' ';
	}
	while (*op != '\0')
		*o++ = *op++;
	sbuf_add(&p->content, buf, (size_t)(o - buf));
}

/* The colour's components as libharu's colour operators are given them. */
static void
put_rgb(struct pdf *p, uint32_t rgb, const char *op)
{
	float c[3] = {(float)((rgb >> 16) & 0xFF) / 255.0f, (float)((rgb >> 8) & 0xFF) / 255.0f,
	              (float)(rgb & 0xFF) / 255.0f};
	put_op(p, c, 3, op);
}

/*
 * Hands the content written so far to the page's stream, before libharu writes
 * there itself (an image).
 */
static void
hand_over(struct pdf *p)
{
	if (p->content.len == 0 || !ok(p))
		return;
	HPDF_PageAttr pa = p->page->attr;
	HPDF_STATUS st = HPDF_Stream_Write(pa->stream, (const HPDF_BYTE *)p->content.s,
	                                   (HPDF_UINT)p->content.len);
	if (st != HPDF_OK)
		failed_with(p, st);
	p->content.len = 0;
}

/*
 * Font and size as HPDF_Page_SetFontAndSize writes them, the font registered in
 * the page's resources by libharu. A size libharu refuses goes to it, for its error.
 */
static void
set_font(struct pdf *p, HPDF_Font font, double size)
{
	HPDF_REAL sz = (HPDF_REAL)size;
	if (!(sz > 0 && sz <= HPDF_MAX_FONTSIZE)) {
		hand_over(p);
		HPDF_Page_SetFontAndSize(p->page, font, sz);
		return;
	}
	const char *name = HPDF_Page_GetLocalFontName(p->page, font);
	if (name == NULL) {
		failed_with(p, HPDF_PAGE_INVALID_FONT);
		return;
	}
	/* Its names are F1, F2, ...: nothing in them to escape. */
	sbuf_addc(&p->content, '/');
	sbuf_adds(&p->content, name);
	char buf[PDF_REAL_MAX + 8], *o = buf;
	*o++ = ' ';
	o = pdf_real(o, sz);
	memcpy(o, " Tf\012", 4);
	sbuf_add(&p->content, buf, (size_t)(o + 4 - buf));
}

/* Writes the pending text: font, size and colour as needed, one move, one Tj or TJ. */
static void
flush_text(struct pdf *p)
{
	struct pending *t = &p->pend;
	if (!t->on)
		return;
	t->on = false;
	if (!ok(p))
		return;
	HPDF_Font font = p->faces[t->font].font[t->enc];
	if (t->font != p->cur_font || t->enc != p->cur_enc || t->size != p->cur_size) {
		set_font(p, font, t->size);
		p->cur_font = t->font;
		p->cur_enc = t->enc;
		p->cur_size = t->size;
	}
	if (t->rgb != p->cur_color) {
		put_rgb(p, t->rgb, "rg\012");
		p->cur_color = t->rgb;
	}
	if (!ok(p))
		return;
	/* A Td from the last position, which libharu kept as the float sum of the moves. */
	float d[2] = {pt(t->x - p->tm_x), pt(p->page_h - t->y - p->tm_y)};
	put_op(p, d, 2, "Td\012");
	p->tm_x += d[0] * 1 + d[1] * 0;
	p->tm_y += d[1] * 1 + d[0] * 0;
	if (t->adjusted == 0) {
		sbuf_add(&p->content, t->ops.s, t->ops.len);
		sbuf_add(&p->content, "Tj\012", 3);
	} else {
		sbuf_addc(&p->content, '[');
		sbuf_add(&p->content, t->ops.s, t->ops.len);
		sbuf_add(&p->content, "]TJ\012", 4);
	}
}

static void
end_text(struct pdf *p)
{
	flush_text(p);
	if (p->in_text && ok(p))
		sbuf_add(&p->content, "ET\012", 3);
	p->in_text = false;
}

/*
 * A PDF literal string of the bytes, parentheses and backslashes escaped; it continues
 * the string before it when nothing came between.
 */
static void
add_literal(struct sbuf *b, const char *s, size_t n)
{
	/* Room for every byte escaped, the parentheses and the NUL. */
	xgrow(&b->s, &b->cap, b->len + 2 * n + 2, 1);
	char *o = b->s + b->len;
	if (b->len > 0 && o[-1] == ')')
		o--;
	else
		*o++ = '(';
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '(' || s[i] == ')' || s[i] == '\\')
			*o++ = '\\';
		*o++ = s[i];
	}
	*o++ = ')';
	*o = '\0';
	b->len = (size_t)(o - b->s);
}

/* The next character of valid UTF-8 text before end; ASCII without a call. */
static inline uint32_t
next_char(const char **s, const char *end)
{
	unsigned char c = (unsigned char)**s;
	if (c < 0x80) {
		(*s)++;
		return c;
	}
	return utf8_next(s, end);
}

/* The advance width of cp in 1/1000 em, as libharu computes it for the /Widths. */
static inline int
char_width(struct face *f, uint32_t cp)
{
	if (cp > 0xFFFF || cp < ' ')
		cp = ' '; /* drawn as a space (code_of): measured as one */
	uint32_t w = bmp_get(&f->width, cp);
	if (w == 0) {
		w = (uint32_t)(HPDF_TTFontDef_GetCharWidth(f->def, (HPDF_UINT16)cp) + 1);
		bmp_set(&f->width, cp, w);
	}
	return (int)w - 1;
}

/* Whether face f has a glyph for cp (a character of the Basic Multilingual Plane). */
static bool
face_has(struct face *f, uint32_t cp)
{
	uint32_t c = bmp_get(&f->coverage, cp);
	if (c == 0) {
		c = HPDF_TTFontDef_GetGlyphid(f->def, (HPDF_UINT16)cp) != 0 ? 2 : 1;
		bmp_set(&f->coverage, cp, c);
	}
	return c == 2;
}

/*
 * Loads the fallback face into the document: its index, or -1 (none, or libharu
 * failed: that failure is the document's, as any other).
 */
static int
load_fallback(struct pdf *p)
{
	if (p->nfaces > p->nfonts)
		return (int)p->nfonts;
	if (p->fallback == NULL || !ok(p))
		return -1;
	const char *name = HPDF_LoadTTFontFromFile(p->doc, p->fallback, HPDF_TRUE);
	HPDF_FontDef def = name != NULL ? HPDF_GetFontDef(p->doc, name) : NULL;
	struct face *f = &p->faces[p->nfonts];
	if (!ok(p) || def == NULL || strlen(name) >= sizeof(f->name)) {
		failed_with(p, HPDF_INVALID_FONTDEF_DATA);
		free(p->fallback);
		p->fallback = NULL;
		return -1;
	}
	strcpy(f->name, name);
	f->def = def;
	p->nfaces = p->nfonts + 1;
	return (int)p->nfonts;
}

/*
 * The face that draws cp in a span set in font: the font itself where it has the
 * glyph, else the fallback where that has it, else the font (the glyph prints blank).
 * Control characters and characters beyond the BMP print as spaces of the font.
 */
static int
face_for(struct pdf *p, int font, uint32_t cp)
{
	if (p->fallback == NULL || cp < ' ' || cp > 0xFFFF || face_has(&p->faces[font], cp))
		return font;
	int fb = load_fallback(p);
	return fb >= 0 && face_has(&p->faces[fb], cp) ? fb : font;
}

static bool
p_has_glyph(void *ctx, int font, uint32_t cp)
{
	struct pdf *p = ctx;
	if (font < 0 || (size_t)font >= p->nfonts || cp > 0xFFFF)
		return false;
	if (face_has(&p->faces[font], cp))
		return true;
	return face_for(p, font, cp) != font;
}

static double
p_width(void *ctx, int font, double size, const char *s, size_t len)
{
	struct pdf *p = ctx;
	if (font < 0 || (size_t)font >= p->nfonts || len == 0)
		return 0;
	const char *end = s + len;
	long w = 0;
	if (p->fallback == NULL) {
		struct face *f = &p->faces[font];
		while (s < end)
			w += char_width(f, next_char(&s, end));
	} else {
		while (s < end) {
			uint32_t cp = next_char(&s, end);
			w += char_width(&p->faces[face_for(p, font, cp)], cp);
		}
	}
	return (double)w * size / 1000.0;
}

/*
 * Writes an encoding as /Differences over WinAnsi, naming every glyph uniXXXX: the
 * Adobe glyph list's other names are ambiguous for some (its "Delta" reads back as
 * U+2206, not the Greek U+0394). Replaces libharu's writer, which writes only the
 * names of its own table.
 */
static HPDF_STATUS
write_encoding(HPDF_Encoder e, HPDF_Stream out)
{
	HPDF_BasicEncoderAttr a = e->attr;
	if (!a->has_differences)
		return HPDF_Stream_WriteStr(out, "/Encoding /WinAnsiEncoding\012");
	HPDF_STATUS st = HPDF_Stream_WriteStr(
	    out,
	    "/Encoding <<\012/Type /Encoding\012/BaseEncoding /WinAnsiEncoding\012/Differences [");
	int prev = -2;
	for (int c = a->first_char; c <= a->last_char && st == HPDF_OK; c++) {
		if (!a->differences[c])
			continue;
		char tmp[32];
		if (c == prev + 1)
			snprintf(tmp, sizeof(tmp), "/uni%04X", (unsigned)a->unicode_map[c]);
		else
			snprintf(tmp, sizeof(tmp), "%s%d /uni%04X", prev < 0 ? "" : " ", c,
			         (unsigned)a->unicode_map[c]);
		st = HPDF_Stream_WriteStr(out, tmp);
		prev = c;
	}
	if (st == HPDF_OK)
		st = HPDF_Stream_WriteStr(out, "]\012>>\012");
	return st;
}

static HPDF_Encoder
new_encoding(struct pdf *p)
{
	if (p->nenc == MAX_ENCODINGS)
		return NULL;
	HPDF_Encoder e = HPDF_BasicEncoder_New(p->doc->mmgr, HPDF_ENCODING_WIN_ANSI);
	if (e == NULL)
		return NULL;
	snprintf(e->name, sizeof(e->name), "PR-%zu", p->nenc);
	e->write_fn = write_encoding;
	if (HPDF_Doc_RegisterEncoder(p->doc, e) != HPDF_OK)
		return NULL;
	p->enc[p->nenc++] = e;
	return e;
}

/* Gives cp a code in one of the document's encodings: encoding << 8 | code, or -1. */
static int
code_of(struct pdf *p, uint32_t cp)
{
	if (cp > 0xFFFF || cp < ' ')
		cp = ' ';
	uint32_t v = bmp_get(&p->code, cp);
	if (v != 0)
		return (int)v - 1;
	HPDF_Encoder e = p->enc[p->nenc - 1];
	int code;
	if (p->nenc == 1 && p->next_code < (int)sizeof(winansi_free)) {
		code = winansi_free[p->next_code++];
	} else {
		if (p->nenc == 1 || p->next_code > 255) {
			e = new_encoding(p);
			if (e == NULL)
				return -1;
			p->next_code = '!';
			((HPDF_BasicEncoderAttr)e->attr)->last_char = '!';
		}
		code = p->next_code++;
	}
	HPDF_BasicEncoderAttr a = e->attr;
	a->unicode_map[code] = (HPDF_UNICODE)cp;
	a->differences[code] = 1;
	a->has_differences = HPDF_TRUE;
	if (code > a->last_char)
		a->last_char = (HPDF_BYTE)code;
	int r = (int)(p->nenc - 1) << 8 | code;
	bmp_set(&p->code, cp, (uint32_t)r + 1);
	return r;
}

static HPDF_STATUS
write_flate_filter(HPDF_Dict d, HPDF_Stream out)
{
	(void)d;
	return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/*
 * Deflates the finished page's content into its stream, in place of libharu's
 * uncompressed copy, which it would otherwise keep for every page until the document
 * is saved (a 470-page overview: some 10 MB). Written as it is then, with its filter
 * said by write_flate_filter. The page must be out of text and path mode.
 *
 * The content is deflated in the pieces libharu's stream would hold it in (4 KiB
 * each, the last one short or empty), as it was when libharu held it all: the
 * same input in the same steps gives the same bytes.
 */
static void
seal_page(struct pdf *p)
{
	if (p->page == NULL || !ok(p))
		return;
	HPDF_PageAttr pa = p->page->attr;
	HPDF_Stream st = pa->stream;
	bool direct = st->size == 0;
	if (!direct || pa->contents == NULL || pa->contents->stream != st)
		hand_over(p);
	if (!ok(p) || (st->size == 0 && p->content.len == 0) || pa->contents == NULL ||
	    pa->contents->stream != st)
		return;
	if (!p->z_on) {
		memset(&p->z, 0, sizeof(p->z));
		if (deflateInit(&p->z, Z_DEFAULT_COMPRESSION) != Z_OK) {
			hand_over(p);
			return; /* out of memory: libharu compresses it at the end */
		}
		p->z_on = true;
	} else if (deflateReset(&p->z) != Z_OK) {
		hand_over(p);
		return;
	}
	z_stream *z = &p->z;
	size_t size = direct ? p->content.len : st->size, piece = HPDF_MemStream_GetBufSize(st);
	size_t cap = deflateBound(z, (uLong)size), len = 0;
	unsigned char *out = xmalloc(cap);
	z->next_out = out;
	z->avail_out = (uInt)cap;
	HPDF_UINT nbuf = direct ? (HPDF_UINT)(size / piece + 1) : HPDF_MemStream_GetBufCount(st);
	int zr = Z_OK;
	for (HPDF_UINT i = 0; i < nbuf && zr == Z_OK; i++) {
		HPDF_UINT n = 0;
		HPDF_BYTE *b;
		if (direct) {
			b = (HPDF_BYTE *)p->content.s + (size_t)i * piece;
			n = i + 1 == nbuf ? (HPDF_UINT)(size % piece) : piece;
		} else {
			b = HPDF_MemStream_GetBufPtr(st, i, &n);
		}
		z->next_in = b;
		z->avail_in = (uInt)n;
		zr = deflate(z, i + 1 == nbuf ? Z_FINISH : Z_NO_FLUSH);
	}
	len = cap - z->avail_out;
	if (zr == Z_STREAM_END) {
		if (!direct)
			HPDF_MemStream_FreeData(st);
		HPDF_STATUS r = HPDF_Stream_Write(st, out, (HPDF_UINT)len);
		if (r != HPDF_OK)
			failed_with(p, r);
		pa->contents->filter = HPDF_STREAM_FILTER_NONE;
		pa->contents->write_fn = write_flate_filter;
	} else if (direct) {
		hand_over(p);
	}
	p->content.len = 0;
	free(out);
}

static void
p_page(void *ctx, double w, double h)
{
	struct pdf *p = ctx;
	end_text(p);
	seal_page(p);
	if (!ok(p))
		return;
	p->npages++;
	doing(p, "a new page", 0, true);
	p->page = HPDF_AddPage(p->doc);
	if (p->page == NULL) {
		failed_with(p, HPDF_INVALID_PAGE);
		return;
	}
	doing(p, "the page's content", 0, true);
	HPDF_Page_SetWidth(p->page, (HPDF_REAL)w);
	HPDF_Page_SetHeight(p->page, (HPDF_REAL)h);
	p->page_h = h;
	p->cur_font = -1;
	p->cur_enc = -1;
	p->cur_color = 0xFFFFFFFFu;
}

/*
 * Queues the encoded p->buf[0..n), w/1000 em wide, in encoding enc at x: onto the
 * pending line when it continues it, else as a new one.
 */
static void
draw_run(struct pdf *p, double x, double y, int font, double size, uint32_t rgb, int enc, size_t n,
         long w)
{
	struct face *f = &p->faces[font];
	if (f->font[enc] == NULL) {
		f->font[enc] = HPDF_GetFont(p->doc, f->name, p->enc[enc]->name);
		if (f->font[enc] == NULL) {
			failed_with(p, HPDF_INVALID_FONT_NAME);
			return;
		}
	}
	struct pending *t = &p->pend;
	double em = size / 1000.0, gap = x - t->end;
	bool more = t->on && t->font == font && t->enc == enc && t->size == size && t->y == y &&
	            t->rgb == rgb && gap > -0.01 && gap < 3 * size;
	if (!more) {
		flush_text(p);
		*t = (struct pending){true, font, enc, y, size, x, x, rgb, 0, t->ops};
		t->ops.len = 0;
		if (t->ops.s != NULL)
			t->ops.s[0] = '\0';
	} else {
		/* A word space as a space (copied text keeps it), the rest as an adjustment. */
		long sp = char_width(f, ' ');
		if (gap >= 0.5 * (double)sp * em && (font < (int)p->nfonts || face_has(f, ' '))) {
			add_literal(&t->ops, " ", 1);
			HPDF_Font_TextWidth(f->font[enc], (const HPDF_BYTE *)" ", 1);
			gap -= (double)sp * em;
			t->end += (double)sp * em;
		}
		long adj = lround(-gap / em * 10);
		if (adj != 0) {
			char num[PDF_TENTHS_MAX];
			sbuf_add(&t->ops, num, (size_t)(pdf_tenths(num, adj) - num));
			t->adjusted++;
			t->end -= (double)adj / 10 * em;
		}
	}
	/* libharu learns the codes' widths (its /Widths) and glyphs (the embedded font). */
	HPDF_Font_TextWidth(f->font[enc], (const HPDF_BYTE *)p->buf, (HPDF_UINT)n);
	add_literal(&t->ops, p->buf, n);
	t->end += (double)w * em;
}

static void
p_text(void *ctx, double x, double y, int font, double size, uint32_t rgb, const char *s,
       size_t len)
{
	struct pdf *p = ctx;
	if (!ok(p) || p->page == NULL || font < 0 || (size_t)font >= p->nfonts)
		return;
	if (!p->in_text) {
		sbuf_add(&p->content, "BT\012", 3);
		p->tm_x = p->tm_y = 0;
		p->in_text = true;
		p->cur_font = -1;
		p->cur_color = 0xFFFFFFFFu;
	}
	/* Runs of characters in the same face and encoding, each drawn where the last ended. */
	xgrow(&p->buf, &p->bufcap, len + 1, 1);
	const char *end = s + len;
	size_t n = 0;
	int run_enc = 0, run_face = font;
	long run_w = 0;
	while (s < end && ok(p)) {
		uint32_t cp = next_char(&s, end);
		int face = p->fallback == NULL ? font : face_for(p, font, cp);
		int c = code_of(p, cp);
		if (c < 0) {
			/*
			 * All 64 encodings full (some 14,000 characters in one document): the
			 * rest print blank, as characters the fonts lack do, counted for the
			 * caller. A space in the room the layout measured: what follows stays
			 * where the layout put it.
			 */
			if (p->blank++ == 0)
				p->first_blank = cp;
			long room = char_width(&p->faces[face], cp);
			if (n > 0)
				draw_run(p, x, y, run_face, size, rgb, run_enc, n, run_w);
			x += (double)run_w * size / 1000.0;
			c = code_of(p, ' ');
			p->buf[0] = (char)(c & 0xFF);
			draw_run(p, x, y, font, size, rgb, c >> 8, 1,
			         char_width(&p->faces[font], ' '));
			x += (double)room * size / 1000.0;
			n = 0;
			run_w = 0;
			continue;
		}
		if (n > 0 && (c >> 8 != run_enc || face != run_face)) {
			draw_run(p, x, y, run_face, size, rgb, run_enc, n, run_w);
			x += (double)run_w * size / 1000.0;
			n = 0;
			run_w = 0;
		}
		run_enc = c >> 8;
		run_face = face;
		p->buf[n++] = (char)(c & 0xFF);
		run_w += char_width(&p->faces[face], cp);
	}
	if (n > 0 && ok(p))
		draw_run(p, x, y, run_face, size, rgb, run_enc, n, run_w);
}

static void
p_line(void *ctx, double x0, double y0, double x1, double y1, double w, uint32_t rgb)
{
	struct pdf *p = ctx;
	end_text(p);
	if (!ok(p) || p->page == NULL)
		return;
	float lw = pt(w);
	if (lw < 0) {
		/* libharu's error, as before. */
		hand_over(p);
		HPDF_Page_SetLineWidth(p->page, lw);
		return;
	}
	put_op(p, &lw, 1, "w\012");
	put_rgb(p, rgb, "RG\012");
	float from[2] = {pt(x0), pt(p->page_h - y0)}, to[2] = {pt(x1), pt(p->page_h - y1)};
	put_op(p, from, 2, "m\012");
	put_op(p, to, 2, "l\012");
	sbuf_add(&p->content, "S\012", 2);
}

static void
p_rect(void *ctx, double x, double y, double w, double h, uint32_t rgb)
{
	struct pdf *p = ctx;
	end_text(p);
	if (!ok(p) || p->page == NULL)
		return;
	put_rgb(p, rgb, "rg\012");
	p->cur_color = 0xFFFFFFFFu;
	float box[4] = {pt(x), pt(p->page_h - y - h), pt(w), pt(h)};
	put_op(p, box, 4, "re\012");
	sbuf_add(&p->content, "f\012", 2);
}

/*
 * libharu's UTF-8 encoder, for document information and bookmark titles that
 * PDFDocEncoding cannot hold: made when first needed, as libharu makes its tables
 * (256 KiB) and clears them for every document that has it. NULL on failure, which
 * the error handler has kept.
 */
static HPDF_Encoder
utf8_encoder(struct pdf *p)
{
	if (p->utf8 == NULL && HPDF_UseUTFEncodings(p->doc) == HPDF_OK)
		p->utf8 = HPDF_GetEncoder(p->doc, "UTF-8");
	return p->utf8;
}

/*
 * title in PDFDocEncoding, when every character has a code there (German text does),
 * else NULL: a literal string of one byte a character, where libharu's UTF-8 strings
 * are UTF-16 in hex, four digits a character. Free the result.
 */
static char *
pdfdoc(const char *s)
{
	/* PDFDocEncoding's 0x80..0xA0, as far as they differ from Latin-1. */
	static const uint16_t high[] = {
	    0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044, 0x2039, 0x203A, 0x2212,
	    0x2030, 0x201E, 0x201C, 0x201D, 0x2018, 0x2019, 0x201A, 0x2122, 0xFB01, 0xFB02, 0x0141,
	    0x0152, 0x0160, 0x0178, 0x017D, 0x0131, 0x0142, 0x0153, 0x0161, 0x017E, 0x0000, 0x20AC};
	const char *end = s + strlen(s);
	char *out = xmalloc((size_t)(end - s) + 1), *o = out;
	while (s < end) {
		uint32_t cp = utf8_next(&s, end);
		int b = -1;
		if ((cp >= 0x20 && cp <= 0x7E) || (cp >= 0xA1 && cp <= 0xFF && cp != 0xAD))
			b = (int)cp;
		for (int i = 0; b < 0 && i < (int)(sizeof(high) / sizeof(high[0])); i++)
			if (high[i] == cp && cp != 0)
				b = 0x80 + i;
		if (b < 0) {
			free(out);
			return NULL;
		}
		*o++ = (char)b;
	}
	*o = '\0';
	/* "þÿ" first would read as the UTF-16 mark: such a title goes as UTF-16 itself. */
	if ((unsigned char)out[0] == 0xFE && (unsigned char)out[1] == 0xFF) {
		free(out);
		return NULL;
	}
	return out;
}

static void
p_bookmark(void *ctx, int level, const char *title, double y)
{
	struct pdf *p = ctx;
	if (!ok(p) || p->page == NULL)
		return;
	if (level < 1)
		level = 1;
	if (level > MAX_LEVELS)
		level = MAX_LEVELS;
	/* A level without a parent hangs from the nearest one above it, or the root. */
	HPDF_Outline parent = NULL;
	for (int l = level - 1; l >= 1 && parent == NULL; l--)
		parent = p->outline[l];
	char *doc_title = pdfdoc(title);
	doing(p, "a bookmark", strlen(title), true);
	HPDF_Outline o = doc_title != NULL
	                     ? HPDF_CreateOutline(p->doc, parent, doc_title, NULL)
	                     : HPDF_CreateOutline(p->doc, parent, title, utf8_encoder(p));
	free(doc_title);
	if (o == NULL)
		return;
	HPDF_Destination dst = HPDF_Page_CreateDestination(p->page);
	if (dst == NULL)
		return;
	double top = p->page_h - y + 12;
	HPDF_Destination_SetFitH(dst, (HPDF_REAL)(top > p->page_h ? p->page_h : top));
	HPDF_Outline_SetDestination(o, dst);
	HPDF_Outline_SetOpened(o, HPDF_TRUE);
	p->outline[level] = o;
	for (int l = level + 1; l <= MAX_LEVELS; l++)
		p->outline[l] = NULL;
	doing(p, "the page's content", 0, true);
}

/*
 * An 8-bit image XObject of the pixels: from their deflated bytes when image.c has
 * them (written as they are, so a run compresses its logo once, not once a report),
 * else libharu compresses the raw ones.
 */

static HPDF_Image
raw_image(struct pdf *p, const unsigned char *pixels, const unsigned char *z, size_t zlen,
          HPDF_UINT w, HPDF_UINT h, HPDF_ColorSpace cs)
{
	if (z == NULL)
		return HPDF_LoadRawImageFromMem(p->doc, pixels, w, h, cs, 8);
	HPDF_Dict img = HPDF_DictStream_New(p->doc->mmgr, p->doc->xref);
	if (img == NULL)
		return NULL;
	img->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
	img->filter = HPDF_STREAM_FILTER_NONE; /* the bytes are deflated already */
	HPDF_STATUS st = HPDF_Dict_AddName(img, "Type", "XObject");
	st += HPDF_Dict_AddName(img, "Subtype", "Image");
	st += HPDF_Dict_AddNumber(img, "Width", (HPDF_INT32)w);
	st += HPDF_Dict_AddNumber(img, "Height", (HPDF_INT32)h);
	st += HPDF_Dict_AddName(img, "ColorSpace",
	                        cs == HPDF_CS_DEVICE_GRAY ? "DeviceGray" : "DeviceRGB");
	st += HPDF_Dict_AddNumber(img, "BitsPerComponent", 8);
	/* libharu drops a /Filter key of a stream it does not filter itself: said here. */
	img->write_fn = write_flate_filter;
	st += HPDF_Stream_Write(img->stream, z, (HPDF_UINT)zlen);
	return st == HPDF_OK ? img : NULL;
}

static HPDF_Image
embed(struct pdf *p, const struct image *img)
{
	for (size_t i = 0; i < p->nimages; i++)
		if (p->images[i].img == img)
			return p->images[i].obj;
	const struct image_data *d = image_data(img);
	HPDF_UINT w = (HPDF_UINT)d->width, h = (HPDF_UINT)d->height;
	HPDF_Image obj;
	if (d->kind == IMAGE_JPEG) {
		/* image.c has checked the frame header libharu reads. */
		obj = HPDF_LoadJpegImageFromMem(p->doc, d->bytes, (HPDF_UINT)d->len);
	} else {
		/*
		 * Only valid arguments here: in 2.3.0 a failing HPDF_LoadRawImageFromMem
		 * dereferences its NULL result when images are compressed.
		 */
		HPDF_ColorSpace cs =
		    d->colour == IMAGE_GREY ? HPDF_CS_DEVICE_GRAY : HPDF_CS_DEVICE_RGB;
		obj = raw_image(p, d->pixels, d->zpixels, d->zpixels_len, w, h, cs);
		if (obj != NULL && d->alpha_plane) {
			HPDF_Image mask = raw_image(p, d->alpha, d->zalpha, d->zalpha_len, w, h,
			                            HPDF_CS_DEVICE_GRAY);
			if (mask == NULL)
				failed_with(p, HPDF_INVALID_IMAGE);
			else if (ok(p)) {
				HPDF_STATUS st = HPDF_Image_AddSMask(obj, mask);
				if (st != HPDF_OK)
					failed_with(p, st);
				/* Soft masks are PDF 1.4; libharu would still write 1.3. */
				if (p->doc->pdf_version < HPDF_VER_14)
					p->doc->pdf_version = HPDF_VER_14;
			}
		}
	}
	if (obj == NULL)
		failed_with(p, HPDF_INVALID_IMAGE);
	if (!ok(p))
		return NULL;
	xgrow(&p->images, &p->imagecap, p->nimages, sizeof(*p->images));
	p->images[p->nimages++] = (struct embedded){img, obj};
	return obj;
}

static void
p_image(void *ctx, const struct image *img, double x, double y, double w, double h)
{
	struct pdf *p = ctx;
	end_text(p);
	if (!ok(p) || p->page == NULL || img == NULL || !(w > 0 && h > 0))
		return;
	doing(p, "an image", 0, true);
	HPDF_Image obj = embed(p, img);
	doing(p, "the page's content", 0, true);
	if (obj == NULL)
		return;
	hand_over(p);
	HPDF_STATUS st =
	    HPDF_Page_DrawImage(p->page, obj, pt(x), pt(p->page_h - y - h), pt(w), pt(h));
	if (st != HPDF_OK)
		failed_with(p, st);
}

static bool
p_failed(void *ctx)
{
	return !ok((struct pdf *)ctx);
}

/*
 * libharu's error as a sentence: what was too long or too large, where libharu has
 * a limit (hpdf_consts.h), else what the document was doing. The code stays at the
 * end for a bug report.
 */
static void
report(const struct pdf *p, const char *what)
{
	const char *at = p->err_doing != NULL ? p->err_doing : "the document's setup";
	char page[48] = "";
	if (p->err_page > 0)
		snprintf(page, sizeof(page), " (page %ld)", p->err_page);
	char *why;
	switch (p->error) {
	case HPDF_STRING_OUT_OF_RANGE:
		why =
		    xasprintf("%s%s is %zu bytes long, more than the 65,535 a PDF string can hold",
		              at, page, p->err_len);
		break;
	case HPDF_ARRAY_COUNT_ERR:
		why =
		    p->err_doing != NULL && strcmp(p->err_doing, "a new page") == 0
		        ? xasprintf("more than 32,767 pages, the most libharu puts in one document")
		        : xasprintf("more than 32,767 items in one list at %s%s", at, page);
		break;
	case HPDF_DICT_COUNT_ERR:
		why = xasprintf("more than 4,095 entries in one dictionary at %s%s (too many "
		                "fonts or images on one page)",
		                at, page);
		break;
	case HPDF_XREF_COUNT_ERR:
		why = xasprintf("more than 8,388,607 objects (pages, fonts, images), the most "
		                "libharu puts in one document, at %s%s",
		                at, page);
		break;
	case HPDF_REAL_OUT_OF_RANGE:
	case HPDF_PAGE_INVALID_SIZE:
		why = xasprintf("a length beyond the 32,767 pt a PDF can say at %s%s", at, page);
		break;
	case HPDF_INVALID_DATE_TIME:
		why = xasprintf("the report date cannot be written as a PDF date");
		break;
	case HPDF_FAILD_TO_ALLOC_MEM:
		why = xasprintf("out of memory at %s%s", at, page);
		break;
	default:
		why = xasprintf("the PDF library failed at %s%s", at, page);
	}
	msg(MSG_ERROR, "%s: cannot make the PDF: %s (libharu error 0x%04X, detail %u)", what, why,
	    (unsigned)p->error, (unsigned)p->detail);
	free(why);
}

/*
 * libharu's memory comes from the program's wrappers: out of memory inside libharu
 * ends the run as cleanly as anywhere else (and torture counts its allocations),
 * rather than taking paths of libharu's that a failed allocation leaves untried.
 */
static void *
hpdf_alloc(HPDF_UINT size)
{
	return xmalloc(size);
}

static void
hpdf_free(void *ptr)
{
	free(ptr);
}

/* pdf_new and pdf_probe: a document is as quick to make either way. */
static struct pdf *
start(const char *const *fonts, size_t nfonts, const char *fallback)
{
	struct pdf *p = xcalloc(1, sizeof(*p));
	doing(p, "the document's setup", 0, false);
	p->doc = HPDF_NewEx(on_error, hpdf_alloc, hpdf_free, 0, p);
	if (p->doc == NULL) {
		msg(MSG_ERROR, "the PDF library could not start");
		free(p);
		return NULL;
	}
	HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
	HPDF_SetPageMode(p->doc, HPDF_PAGE_MODE_USE_OUTLINE);
	if (new_encoding(p) == NULL)
		failed_with(p, HPDF_INVALID_ENCODER);
	/* WinAnsi's own characters keep their codes in the first encoding. */
	HPDF_BasicEncoderAttr wa = p->nenc ? p->enc[0]->attr : NULL;
	for (int c = ' '; wa != NULL && c <= 255; c++)
		if (wa->unicode_map[c] != 0 && bmp_get(&p->code, wa->unicode_map[c]) == 0)
			bmp_set(&p->code, wa->unicode_map[c], (uint32_t)c + 1);
	p->faces = xcalloc(nfonts + 1, sizeof(*p->faces));
	for (size_t i = 0; i < nfonts && ok(p); i++) {
		const char *name = HPDF_LoadTTFontFromFile(p->doc, fonts[i], HPDF_TRUE);
		HPDF_FontDef def = name != NULL ? HPDF_GetFontDef(p->doc, name) : NULL;
		if (!ok(p) || def == NULL || strlen(name) >= sizeof(p->faces[i].name)) {
			msg(MSG_ERROR, "%s: cannot load this TrueType font (libharu error 0x%04X)",
			    fonts[i], (unsigned)p->error);
			pdf_free(p);
			return NULL;
		}
		strcpy(p->faces[i].name, name);
		p->faces[i].def = def;
		p->nfonts++;
	}
	p->nfaces = p->nfonts;
	p->fallback = fallback != NULL ? xstrdup(fallback) : NULL;
	if (!ok(p)) {
		report(p, "setting up the PDF");
		pdf_free(p);
		return NULL;
	}
	p->dev = (struct dev){p,      p_width,    p_has_glyph, p_page,  p_text, p_line,
	                      p_rect, p_bookmark, p_failed,    p_image, NULL};
	return p;
}

struct pdf *
pdf_new(const char *const *fonts, size_t nfonts, const char *fallback)
{
	return start(fonts, nfonts, fallback);
}

struct pdf *
pdf_probe(const char *const *fonts, size_t nfonts, const char *fallback)
{
	return start(fonts, nfonts, fallback);
}

void
pdf_free(struct pdf *p)
{
	if (p == NULL)
		return;
	HPDF_Free(p->doc);
	for (size_t i = 0; p->faces != NULL && i < p->nfaces; i++) {
		bmp_free(&p->faces[i].width);
		bmp_free(&p->faces[i].coverage);
	}
	free(p->fallback);
	bmp_free(&p->code);
	sbuf_free(&p->pend.ops);
	sbuf_free(&p->content);
	if (p->z_on)
		deflateEnd(&p->z);
	free(p->faces);
	free(p->buf);
	free(p->images);
	free(p);
}

void
pdf_many_pages(struct pdf *p)
{
	assert(p->npages == 0);
	/*
	 * A root of up to 32,767 nodes of 1,024 pages each: more pages than the objects
	 * libharu can write (8,388,607) would make; a viewer finds any page in two steps.
	 */
	HPDF_SetPagesConfiguration(p->doc, 1024);
}

const struct dev *
pdf_dev(struct pdf *p)
{
	return &p->dev;
}

size_t
pdf_uncovered(struct pdf *p, const struct charset *cs, struct charset *out)
{
	size_t n = 0;
	for (uint32_t cp = 0x21; cp < 65536; cp++) {
		if (!charset_has(cs, cp) || cp == 0xA0)
			continue;
		for (size_t i = 0; i < p->nfonts; i++)
			if (!face_has(&p->faces[i], cp)) {
				charset_add(out, cp);
				n++;
				break;
			}
	}
	return n;
}

size_t
pdf_blank(const struct pdf *p, uint32_t *first)
{
	*first = p->first_blank;
	return p->blank;
}

unsigned
pdf_check_font(const char *path)
{
	struct pdf *p = pdf_probe(NULL, 0, path);
	if (p == NULL)
		return HPDF_FAILD_TO_ALLOC_MEM;
	unsigned error = load_fallback(p) >= 0 ? 0 : (unsigned)p->error;
	pdf_free(p);
	return error;
}

char *
pdf_lib_id(void)
{
	Dl_info info;
	struct stat st;
	if (dladdr((void *)HPDF_New, &info) == 0 || info.dli_fname == NULL ||
	    stat(info.dli_fname, &st) != 0)
		return NULL;
	return xasprintf("libharu %s (%llu:%llu, %lld bytes, %lld.%09ld)", HPDF_VERSION_TEXT,
	                 (unsigned long long)st.st_dev, (unsigned long long)st.st_ino,
	                 (long long)st.st_size, (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
}

void
pdf_info(struct pdf *p, const char *title, const char *author, const char *subject,
         const char *keywords, const char *creator, int date)
{
	const char *values[] = {title, author, subject, keywords, creator};
	const HPDF_InfoType types[] = {HPDF_INFO_TITLE, HPDF_INFO_AUTHOR, HPDF_INFO_SUBJECT,
	                               HPDF_INFO_KEYWORDS, HPDF_INFO_CREATOR};
	static const char *const names[] = {"the document title", "the document author",
	                                    "the document subject", "the document keywords",
	                                    "the document creator"};
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		if (values[i] == NULL)
			continue;
		doing(p, names[i], strlen(values[i]), false);
		/* libharu takes the encoding of document information from the current one. */
		char *doc_value = pdfdoc(values[i]);
		p->doc->cur_encoder = doc_value != NULL ? NULL : utf8_encoder(p);
		HPDF_SetInfoAttr(p->doc, types[i], doc_value != NULL ? doc_value : values[i]);
		p->doc->cur_encoder = NULL;
		free(doc_value);
	}
	if (date > 0) {
		HPDF_Date d = {date / 10000, date / 100 % 100, date % 100, 0, 0, 0, 'Z', 0, 0};
		doing(p, "the document date", 0, false);
		HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_CREATION_DATE, d);
	}
	doing(p, "the whole document", 0, false);
}

int
pdf_write(struct pdf *p, int fd, const char *what, bool quiet)
{
	end_text(p);
	seal_page(p);
	p->page = NULL;
	doing(p, "the whole document", 0, false);
	/*
	 * libharu fixed each font's /LastChar when the font was made; its /Widths run to
	 * the encoding's last code now. Codes handed out since count too.
	 */
	for (size_t i = 0; i < p->nfaces && ok(p); i++)
		for (size_t k = 0; k < p->nenc; k++)
			if (p->faces[i].font[k] != NULL) {
				HPDF_BasicEncoderAttr a = p->enc[k]->attr;
				HPDF_STATUS st = HPDF_Dict_AddNumber(p->faces[i].font[k],
				                                     "LastChar", a->last_char);
				if (st != HPDF_OK)
					failed_with(p, st);
			}
	if (ok(p))
		HPDF_SaveToStream(p->doc);
	if (ok(p))
		HPDF_ResetStream(p->doc);
	if (!ok(p)) {
		if (quiet)
			return -2;
		report(p, what);
		return -1;
	}
	HPDF_BYTE buf[65536];
	for (;;) {
		HPDF_UINT32 n = sizeof(buf);
		HPDF_STATUS st = HPDF_ReadFromStream(p->doc, buf, &n);
		for (HPDF_UINT32 off = 0; off < n;) {
			ssize_t w = write(fd, buf + off, n - off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				msg(MSG_ERROR, "%s: cannot write: %s", what, strerror(errno));
				return -1;
			}
			off += (HPDF_UINT32)w;
		}
		if (st == HPDF_STREAM_EOF)
			break;
		if (st != HPDF_OK) {
			report(p, what);
			return -1;
		}
	}
	return 0;
}
