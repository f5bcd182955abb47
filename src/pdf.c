/* SPDX-License-Identifier: MIT */
/* The PDF device: libharu behind the device interface; the only module that sees hpdf.h. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>

#include "image.h"
#include "mem.h"
#include "msg.h"
#include "pdf.h"

enum { MAX_LEVELS = 6 };

struct embedded {
	const struct image *img;
	HPDF_Image obj;
};

struct pdf {
	HPDF_Doc doc;
	HPDF_Page page;
	double page_h;
	HPDF_Font *fonts;
	/*
	 * Per font, what is known of its coverage of the Basic Multilingual Plane: two
	 * bits a character (asked, has a glyph). libharu's lookup walks the cmap each
	 * time, and layout asks for every character it places.
	 */
	unsigned char **coverage;
	size_t nfonts;
	HPDF_Encoder utf8;
	HPDF_Outline outline[MAX_LEVELS + 1]; /* the latest outline per level */
	/* libharu's errors are sticky: the first one is kept, the report fails. */
	HPDF_STATUS error, detail;
	bool in_text;
	int cur_font;
	double cur_size;
	uint32_t cur_color;
	struct dev dev;
	char *buf; /* a NUL-terminated copy of the text being drawn */
	size_t bufcap;
	struct embedded *images; /* each image once per document, known by its address */
	size_t nimages, imagecap;
};

static void
on_error(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
	struct pdf *p = data;
	if (p->error == 0) {
		p->error = error;
		p->detail = detail;
	}
}

static bool
ok(const struct pdf *p)
{
	return p->error == 0;
}

static void
end_text(struct pdf *p)
{
	if (p->in_text && ok(p))
		HPDF_Page_EndText(p->page);
	p->in_text = false;
}

static void
set_rgb_fill(struct pdf *p, uint32_t rgb)
{
	HPDF_Page_SetRGBFill(p->page, (float)((rgb >> 16) & 0xFF) / 255.0f,
			     (float)((rgb >> 8) & 0xFF) / 255.0f, (float)(rgb & 0xFF) / 255.0f);
}

static double
p_width(void *ctx, int font, double size, const char *s, size_t len)
{
	struct pdf *p = ctx;
	if (font < 0 || (size_t)font >= p->nfonts || len == 0)
		return 0;
	HPDF_TextWidth tw = HPDF_Font_TextWidth(p->fonts[font], (const HPDF_BYTE *)s, (HPDF_UINT)len);
	return (double)tw.width * size / 1000.0;
}

static bool
p_has_glyph(void *ctx, int font, uint32_t cp)
{
	struct pdf *p = ctx;
	if (font < 0 || (size_t)font >= p->nfonts || cp > 0xFFFF)
		return false;
	unsigned char **cov = &p->coverage[font];
	if (*cov == NULL)
		*cov = xcalloc(65536 / 4, 1);
	unsigned char *byte = &(*cov)[cp / 4], shift = (unsigned char)(cp % 4 * 2);
	if (!(*byte >> shift & 1)) {
		HPDF_FontAttr attr = (HPDF_FontAttr)p->fonts[font]->attr;
		bool has = HPDF_TTFontDef_GetGlyphid(attr->fontdef, (HPDF_UINT16)cp) != 0;
		*byte = (unsigned char)(*byte | 1 << shift | (has ? 2 : 0) << shift);
	}
	return *byte >> shift & 2;
}

static void
p_page(void *ctx, double w, double h)
{
	struct pdf *p = ctx;
	end_text(p);
	if (!ok(p))
		return;
	p->page = HPDF_AddPage(p->doc);
	if (p->page == NULL)
		return;
	HPDF_Page_SetWidth(p->page, (HPDF_REAL)w);
	HPDF_Page_SetHeight(p->page, (HPDF_REAL)h);
	p->page_h = h;
	p->cur_font = -1;
	p->cur_color = 0xFFFFFFFFu;
}

static void
p_text(void *ctx, double x, double y, int font, double size, uint32_t rgb, const char *s,
       size_t len)
{
	struct pdf *p = ctx;
	if (!ok(p) || p->page == NULL || font < 0 || (size_t)font >= p->nfonts)
		return;
	if (!p->in_text) {
		HPDF_Page_BeginText(p->page);
		p->in_text = true;
		p->cur_font = -1;
		p->cur_color = 0xFFFFFFFFu;
	}
	if (font != p->cur_font || size != p->cur_size) {
		HPDF_Page_SetFontAndSize(p->page, p->fonts[font], (HPDF_REAL)size);
		p->cur_font = font;
		p->cur_size = size;
	}
	if (rgb != p->cur_color) {
		set_rgb_fill(p, rgb);
		p->cur_color = rgb;
	}
	xgrow(&p->buf, &p->bufcap, len + 1, 1);
	memcpy(p->buf, s, len);
	p->buf[len] = '\0';
	HPDF_Page_TextOut(p->page, (HPDF_REAL)x, (HPDF_REAL)(p->page_h - y), p->buf);
}

static void
p_line(void *ctx, double x0, double y0, double x1, double y1, double w, uint32_t rgb)
{
	struct pdf *p = ctx;
	end_text(p);
	if (!ok(p) || p->page == NULL)
		return;
	HPDF_Page_SetLineWidth(p->page, (HPDF_REAL)w);
	HPDF_Page_SetRGBStroke(p->page, (float)((rgb >> 16) & 0xFF) / 255.0f,
			       (float)((rgb >> 8) & 0xFF) / 255.0f, (float)(rgb & 0xFF) / 255.0f);
	HPDF_Page_MoveTo(p->page, (HPDF_REAL)x0, (HPDF_REAL)(p->page_h - y0));
	HPDF_Page_LineTo(p->page, (HPDF_REAL)x1, (HPDF_REAL)(p->page_h - y1));
	HPDF_Page_Stroke(p->page);
}

static void
p_rect(void *ctx, double x, double y, double w, double h, uint32_t rgb)
{
	struct pdf *p = ctx;
	end_text(p);
	if (!ok(p) || p->page == NULL)
		return;
	set_rgb_fill(p, rgb);
	p->cur_color = 0xFFFFFFFFu;
	HPDF_Page_Rectangle(p->page, (HPDF_REAL)x, (HPDF_REAL)(p->page_h - y - h), (HPDF_REAL)w,
			    (HPDF_REAL)h);
	HPDF_Page_Fill(p->page);
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
	HPDF_Outline o = HPDF_CreateOutline(p->doc, parent, title, p->utf8);
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
}

/*
 * libharu does not always call the error handler when it fails (an error it only
 * records, or a NULL without any error), so a failure it returns counts too.
 */
static void
failed_with(struct pdf *p, HPDF_STATUS st)
{
	if (p->error == 0)
		p->error = st;
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
		HPDF_ColorSpace cs = d->colour == IMAGE_GREY ? HPDF_CS_DEVICE_GRAY
							     : HPDF_CS_DEVICE_RGB;
		obj = HPDF_LoadRawImageFromMem(p->doc, d->pixels, w, h, cs, 8);
		if (obj != NULL && d->alpha != NULL) {
			HPDF_Image mask = HPDF_LoadRawImageFromMem(p->doc, d->alpha, w, h,
								   HPDF_CS_DEVICE_GRAY, 8);
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
	HPDF_Image obj = embed(p, img);
	if (obj == NULL)
		return;
	HPDF_STATUS st = HPDF_Page_DrawImage(p->page, obj, (HPDF_REAL)x,
					     (HPDF_REAL)(p->page_h - y - h), (HPDF_REAL)w,
					     (HPDF_REAL)h);
	if (st != HPDF_OK)
		failed_with(p, st);
}

static bool
p_failed(void *ctx)
{
	return !ok((struct pdf *)ctx);
}

static void
report(const struct pdf *p, const char *what)
{
	msg(MSG_ERROR, "%s: the PDF library failed (libharu error 0x%04X, detail %u)", what,
	    (unsigned)p->error, (unsigned)p->detail);
}

struct pdf *
pdf_new(const char *const *fonts, size_t nfonts)
{
	struct pdf *p = xcalloc(1, sizeof(*p));
	p->doc = HPDF_New(on_error, p);
	if (p->doc == NULL) {
		msg(MSG_ERROR, "the PDF library could not start");
		free(p);
		return NULL;
	}
	HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(p->doc);
	HPDF_SetCurrentEncoder(p->doc, "UTF-8");
	p->utf8 = HPDF_GetEncoder(p->doc, "UTF-8");
	HPDF_SetPageMode(p->doc, HPDF_PAGE_MODE_USE_OUTLINE);
	p->fonts = xcalloc(nfonts + 1, sizeof(*p->fonts));
	p->coverage = xcalloc(nfonts + 1, sizeof(*p->coverage));
	for (size_t i = 0; i < nfonts && ok(p); i++) {
		const char *name = HPDF_LoadTTFontFromFile(p->doc, fonts[i], HPDF_TRUE);
		if (name != NULL)
			p->fonts[i] = HPDF_GetFont(p->doc, name, "UTF-8");
		if (!ok(p) || p->fonts[i] == NULL) {
			msg(MSG_ERROR, "%s: cannot load this TrueType font (libharu error 0x%04X)",
			    fonts[i], (unsigned)p->error);
			pdf_free(p);
			return NULL;
		}
		p->nfonts++;
	}
	if (!ok(p)) {
		report(p, "setting up the PDF");
		pdf_free(p);
		return NULL;
	}
	p->dev = (struct dev){p,      p_width, p_has_glyph, p_page,    p_text,
			      p_line, p_rect,  p_bookmark,  p_failed,  p_image};
	return p;
}

void
pdf_free(struct pdf *p)
{
	if (p == NULL)
		return;
	HPDF_Free(p->doc);
	for (size_t i = 0; p->coverage != NULL && i < p->nfonts; i++)
		free(p->coverage[i]);
	free(p->coverage);
	free(p->fonts);
	free(p->buf);
	free(p->images);
	free(p);
}

const struct dev *
pdf_dev(struct pdf *p)
{
	return &p->dev;
}

void
pdf_info(struct pdf *p, const char *title, const char *author, const char *subject,
	 const char *keywords, const char *creator, int date)
{
	if (title)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_TITLE, title);
	if (author)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_AUTHOR, author);
	if (subject)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_SUBJECT, subject);
	if (keywords)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_KEYWORDS, keywords);
	if (creator)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_CREATOR, creator);
	if (date > 0) {
		HPDF_Date d = {date / 10000, date / 100 % 100, date % 100, 0, 0, 0, 'Z', 0, 0};
		HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_CREATION_DATE, d);
	}
}

int
pdf_write(struct pdf *p, int fd, const char *what, bool quiet)
{
	end_text(p);
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
