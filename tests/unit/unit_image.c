/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for image.c and the PDF device's image member: PNGs of every kind made
 * here with libpng, the JPEGs in tests/data/images, refusals with their exact
 * messages, and each accepted image rendered by pdftoppm and its colours checked.
 *
 * tests/data/images was made once with libjpeg (quality 95, no chroma subsampling):
 * 16x16 quadrants, RGB top-left 220,30,40 / top-right 30,180,60 / bottom-left
 * 40,60,200 / bottom-right 240,220,40 (baseline and progressive); grey 20 / 90 /
 * 170 / 240 (baseline); cmyk.jpg is a 4-component baseline JPEG for the refusal.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <png.h>

#include "dev.h"
#include "image.h"
#include "mem.h"
#include "pdf.h"
#include "unit.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define FONT "fonts/LiberationSans-Regular.ttf"
#define DATA "tests/data/images/"

/* Short names for the tables. */
#define PNG_GREY PNG_COLOR_TYPE_GRAY
#define PNG_GA PNG_COLOR_TYPE_GRAY_ALPHA
#define PNG_RGB PNG_COLOR_TYPE_RGB
#define PNG_RGBA PNG_COLOR_TYPE_RGB_ALPHA
#define PNG_PAL PNG_COLOR_TYPE_PALETTE
#define FLAT PNG_INTERLACE_NONE
#define ADAM7 PNG_INTERLACE_ADAM7
/* clang-format off */
#define JPEG16(quad) {.w = 16, .h = 16, .q = &(quad)}
/* clang-format on */
#define RAW IMAGE_RAW
#define JPG IMAGE_JPEG
#define GREY IMAGE_GREY
#define RGB IMAGE_RGB

static char tmpdir[64];

/* Quadrant colours, RGBA: top-left, top-right, bottom-left, bottom-right. */
typedef unsigned char quads[4][4];
static const quads RGBQ = {
    {220, 30, 40, 255}, {30, 180, 60, 255}, {40, 60, 200, 255}, {240, 220, 40, 255}};
static const quads RGBA_Q = {
    {220, 30, 40, 255}, {30, 180, 60, 0}, {40, 60, 200, 128}, {240, 220, 40, 255}};
static const quads GREYQ = {
    {20, 20, 20, 255}, {90, 90, 90, 255}, {170, 170, 170, 255}, {240, 240, 240, 255}};
static const quads GREYA_Q = {
    {20, 20, 20, 255}, {90, 90, 90, 0}, {170, 170, 170, 128}, {240, 240, 240, 255}};
/* For grey and RGB PNGs, alpha 0 becomes a tRNS colour key. */
static const quads RGB_KEY_Q = {
    {220, 30, 40, 255}, {30, 180, 60, 0}, {40, 60, 200, 255}, {240, 220, 40, 255}};
static const quads GREY_KEY_Q = {
    {20, 20, 20, 255}, {90, 90, 90, 255}, {170, 170, 170, 0}, {240, 240, 240, 255}};
static const quads BWQ = {
    {0, 0, 0, 255}, {255, 255, 255, 255}, {255, 255, 255, 255}, {0, 0, 0, 255}};

static char *
tmp(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

static int
quadrant(int w, int h, int x, int y)
{
	return (y >= h / 2) * 2 + (x >= w / 2);
}

static const unsigned char *
pixel(const quads *q, int w, int h, int x, int y)
{
	return (*q)[quadrant(w, h, x, y)];
}

/* ---- writing test files ---- */

struct pngspec {
	int type, depth, interlace, w, h;
	const quads *q;
};

static unsigned
channels_of(int type)
{
	switch (type) {
	case PNG_COLOR_TYPE_GRAY:
	case PNG_COLOR_TYPE_PALETTE:
		return 1;
	case PNG_COLOR_TYPE_GRAY_ALPHA:
		return 2;
	case PNG_COLOR_TYPE_RGB:
		return 3;
	default:
		return 4;
	}
}

static void
put_sample(unsigned char *row, size_t i, int depth, unsigned v)
{
	if (depth == 16) {
		row[2 * i] = (unsigned char)(v * 257 >> 8);
		row[2 * i + 1] = (unsigned char)(v * 257 & 0xFF);
	} else if (depth == 8) {
		row[i] = (unsigned char)v;
	} else {
		size_t bit = i * (size_t)depth;
		row[bit / 8] |= (unsigned char)(v << (8 - depth - bit % 8));
	}
}

/* Writes a quadrant PNG; only two distinct rows exist, so big images are cheap. */
static bool
write_png(const char *path, const struct pngspec *s)
{
	unsigned ch = channels_of(s->type);
	size_t rowbytes = ((size_t)s->w * ch * (size_t)s->depth + 7) / 8;
	unsigned char *rowbuf[2] = {xcalloc(1, rowbytes), xcalloc(1, rowbytes)};
	for (int half = 0; half < 2; half++) {
		int y = half ? s->h - 1 : 0;
		for (int x = 0; x < s->w; x++) {
			const unsigned char *c = pixel(s->q, s->w, s->h, x, y);
			unsigned v[4] = {c[0], c[1], c[2], c[3]};
			if (s->type == PNG_COLOR_TYPE_PALETTE)
				v[0] = (unsigned)quadrant(s->w, s->h, x, y);
			else if (s->type == PNG_COLOR_TYPE_GRAY_ALPHA)
				v[1] = c[3];
			else if (s->type == PNG_COLOR_TYPE_GRAY && s->depth < 8)
				v[0] = c[0] >> (8 - s->depth);
			for (unsigned k = 0; k < ch; k++)
				put_sample(rowbuf[half], (size_t)x * ch + k, s->depth, v[k]);
		}
	}
	png_bytep *rows = xcalloc((size_t)s->h, sizeof(*rows));
	for (int y = 0; y < s->h; y++)
		rows[y] = rowbuf[y >= s->h / 2];
	FILE *f = fopen(path, "wb");
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png_create_info_struct(png);
	bool ok = f != NULL && png != NULL && info != NULL;
	if (ok && setjmp(png_jmpbuf(png)) == 0) {
		png_init_io(png, f);
		png_set_IHDR(png, info, (png_uint_32)s->w, (png_uint_32)s->h, s->depth, s->type,
		             s->interlace, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
		if (s->type == PNG_COLOR_TYPE_PALETTE) {
			png_color pal[4];
			png_byte trans[4];
			bool any = false;
			for (int i = 0; i < 4; i++) {
				pal[i] = (png_color){(*s->q)[i][0], (*s->q)[i][1], (*s->q)[i][2]};
				trans[i] = (*s->q)[i][3];
				any = any || trans[i] != 255;
			}
			png_set_PLTE(png, info, pal, 4);
			if (any)
				png_set_tRNS(png, info, trans, 4, NULL);
		} else if (s->type == PNG_COLOR_TYPE_GRAY || s->type == PNG_COLOR_TYPE_RGB) {
			unsigned scale = s->depth == 16 ? 257 : 1;
			for (int i = 0; i < 4; i++) {
				const unsigned char *k = (*s->q)[i];
				png_color_16 key = {
				    0, (png_uint_16)(k[0] * scale), (png_uint_16)(k[1] * scale),
				    (png_uint_16)(k[2] * scale), (png_uint_16)(k[0] * scale)};
				if (k[3] == 0)
					png_set_tRNS(png, info, NULL, 0, &key);
			}
		}
		png_write_info(png, info);
		png_write_image(png, rows);
		png_write_end(png, NULL);
	} else {
		ok = false;
	}
	png_destroy_write_struct(&png, &info);
	if (f != NULL && fclose(f) != 0)
		ok = false;
	free(rows);
	free(rowbuf[0]);
	free(rowbuf[1]);
	return ok;
}

static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	unsigned char *buf = NULL;
	size_t cap = 0, n = 0, r;
	do {
		xgrow(&buf, &cap, n + 4096, 1);
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	fclose(f);
	*len = n;
	return buf;
}

static bool
spit(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (f == NULL)
		return false;
	bool ok = fwrite(data, 1, len, f) == len;
	return fclose(f) == 0 && ok;
}

/* ---- loading with the message captured ---- */

static struct image *
load_capture(const char *path, char *out, size_t outsz)
{
	char *cap = tmp("stderr.txt");
	fflush(stderr);
	int saved = dup(2);
	int fd = open(cap, O_RDWR | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 2);
	struct image *img = image_load(path);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	lseek(fd, 0, SEEK_SET);
	ssize_t n = read(fd, out, outsz - 1);
	out[n > 0 ? n : 0] = '\0';
	close(fd);
	free(cap);
	return img;
}

/* ---- rendering ---- */

/* Renders img onto a 200 pt page over a black box, 160 pt square at (20, 20). */
static bool
render(const struct image *img, const char *pdfpath, int times)
{
	const char *fonts[] = {FONT};
	struct pdf *p = pdf_new(fonts, 1, NULL);
	if (p == NULL)
		return false;
	const struct dev *d = pdf_dev(p);
	for (int i = 0; i < times; i++) {
		d->page(d->ctx, 200, 200);
		d->rect(d->ctx, 20, 20, 160, 160, 0x000000);
		d->image(d->ctx, img, 20, 20, 160, 160);
	}
	int fd = open(pdfpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	bool ok = fd >= 0 && !d->failed(d->ctx) && pdf_write(p, fd, pdfpath, false) == 0;
	if (fd >= 0)
		close(fd);
	pdf_free(p);
	return ok;
}

/* Runs pdftoppm at 20 dpi and returns the page as RGB rows (caller frees), or NULL. */
static unsigned char *
rasterise(const char *pdfpath, int *w, int *h)
{
	char *prefix = xasprintf("%s.r", pdfpath);
	char *cmd = xasprintf("pdftoppm -r 20 -png -singlefile '%s' '%s'", pdfpath, prefix);
	char *png = xasprintf("%s.png", prefix);
	unsigned char *buf = NULL;
	if (system(cmd) == 0) {
		png_image im;
		memset(&im, 0, sizeof(im));
		im.version = PNG_IMAGE_VERSION;
		if (png_image_begin_read_from_file(&im, png)) {
			im.format = PNG_FORMAT_RGB;
			buf = xmalloc(PNG_IMAGE_SIZE(im));
			if (png_image_finish_read(&im, NULL, buf, 0, NULL)) {
				*w = (int)im.width;
				*h = (int)im.height;
			} else {
				free(buf);
				buf = NULL;
			}
		}
		png_image_free(&im);
	}
	free(prefix);
	free(cmd);
	free(png);
	return buf;
}

/* Checks the rendered colour at each quadrant's centre against the image over black. */
static void
check_colours(const char *name, const unsigned char *ras, int rw, int rh, const quads *q, int iw,
              int ih, int tol)
{
	static const double at[2] = {0.25, 0.75};
	for (int qy = 0; qy < 2; qy++) {
		for (int qx = 0; qx < 2; qx++) {
			int px = (int)((20 + 160 * at[qx]) * 20 / 72);
			int py = (int)((20 + 160 * at[qy]) * 20 / 72);
			const unsigned char *c =
			    pixel(q, iw, ih, (int)(at[qx] * iw), (int)(at[qy] * ih));
			unit_checks++;
			if (px >= rw || py >= rh) {
				unit_failures++;
				fprintf(stderr, "%s: rendered page too small\n", name);
				continue;
			}
			const unsigned char *got = ras + ((size_t)py * (size_t)rw + (size_t)px) * 3;
			bool good = true;
			int want[3];
			for (int k = 0; k < 3; k++) {
				want[k] = (c[k] * c[3] + 127) / 255;
				good = good && abs(got[k] - want[k]) <= tol;
			}
			if (!good) {
				unit_failures++;
				fprintf(stderr,
				        "%s: quadrant %d,%d: got %d,%d,%d, want %d,%d,%d (+-%d)\n",
				        name, qx, qy, got[0], got[1], got[2], want[0], want[1],
				        want[2], tol);
			}
		}
	}
}

/* ---- accepted images ---- */

/* clang-format off */
static const struct okcase {
	const char *name;
	const char *src; /* a committed file to copy, or NULL: write a PNG */
	struct pngspec png;
	enum image_kind kind;
	enum image_colour colour;
	bool alpha;
} okcases[] = {
    /* name, committed file or NULL, PNG spec, kind, colour, has alpha */
    {"rgb8.png", NULL, {PNG_RGB, 8, FLAT, 16, 16, &RGBQ}, RAW, RGB, false},
    {"rgba8.png", NULL, {PNG_RGBA, 8, FLAT, 16, 16, &RGBA_Q}, RAW, RGB, true},
    /* An alpha channel that is opaque everywhere is dropped. */
    {"rgba8-opaque.png", NULL, {PNG_RGBA, 8, FLAT, 16, 16, &RGBQ}, RAW, RGB, false},
    {"grey8.png", NULL, {PNG_GREY, 8, FLAT, 16, 16, &GREYQ}, RAW, GREY, false},
    {"greyalpha8.png", NULL, {PNG_GA, 8, FLAT, 16, 16, &GREYA_Q}, RAW, GREY, true},
    {"grey8-trns.png", NULL, {PNG_GREY, 8, FLAT, 16, 16, &GREY_KEY_Q}, RAW, GREY, true},
    {"grey1.png", NULL, {PNG_GREY, 1, FLAT, 16, 16, &BWQ}, RAW, GREY, false},
    {"grey16-adam7.png", NULL, {PNG_GREY, 16, ADAM7, 16, 16, &GREYQ}, RAW, GREY, false},
    {"palette8-trns.png", NULL, {PNG_PAL, 8, FLAT, 16, 16, &RGBA_Q}, RAW, RGB, true},
    {"palette2.png", NULL, {PNG_PAL, 2, FLAT, 16, 16, &RGBQ}, RAW, RGB, false},
    {"rgb16.png", NULL, {PNG_RGB, 16, FLAT, 16, 16, &RGBQ}, RAW, RGB, false},
    {"rgba16.png", NULL, {PNG_RGBA, 16, FLAT, 16, 16, &RGBA_Q}, RAW, RGB, true},
    {"rgb16-trns.png", NULL, {PNG_RGB, 16, FLAT, 16, 16, &RGB_KEY_Q}, RAW, RGB, true},
    {"rgb8-adam7.png", NULL, {PNG_RGB, 8, ADAM7, 16, 16, &RGBQ}, RAW, RGB, false},
    {"rgba16-adam7.png", NULL, {PNG_RGBA, 16, ADAM7, 16, 16, &RGBA_Q}, RAW, RGB, true},
    {"palette-adam7.png", NULL, {PNG_PAL, 8, ADAM7, 16, 16, &RGBA_Q}, RAW, RGB, true},
    /* Odd sides leave Adam7 passes partly empty. */
    {"rgb8-adam7-13x7.png", NULL, {PNG_RGB, 8, ADAM7, 13, 7, &RGBQ}, RAW, RGB, false},
    {"1x1.png", NULL, {PNG_RGB, 8, FLAT, 1, 1, &RGBQ}, RAW, RGB, false},
    {"1x1-adam7.png", NULL, {PNG_RGBA, 16, ADAM7, 1, 1, &RGBA_Q}, RAW, RGB, false},
    {"10000x1.png", NULL, {PNG_RGB, 8, FLAT, 10000, 1, &RGBQ}, RAW, RGB, false},
    {"rgb-baseline.jpg", DATA "rgb-baseline.jpg", JPEG16(RGBQ), JPG, RGB, false},
    {"rgb-progressive.jpg", DATA "rgb-progressive.jpg", JPEG16(RGBQ), JPG, RGB, false},
    {"grey-baseline.jpg", DATA "grey-baseline.jpg", JPEG16(GREYQ), JPG, GREY, false},
    /* The kind comes from the first bytes, not the name. */
    {"jpeg-named.png", DATA "rgb-baseline.jpg", JPEG16(RGBQ), JPG, RGB, false},
    {"png-named.jpg", NULL, {PNG_RGB, 8, FLAT, 16, 16, &RGBQ}, RAW, RGB, false},
};
/* clang-format on */

static bool
make_ok(const struct okcase *c, const char *path)
{
	if (c->src == NULL)
		return write_png(path, &c->png);
	size_t len;
	unsigned char *b = slurp(c->src, &len);
	bool ok = b != NULL && spit(path, b, len);
	free(b);
	return ok;
}

static void
test_accepted(void)
{
	for (size_t i = 0; i < COUNT(okcases); i++) {
		const struct okcase *c = &okcases[i];
		char *path = tmp(c->name);
		char err[1024];
		CHECK(make_ok(c, path));
		struct image *img = load_capture(path, err, sizeof(err));
		CHECK(img != NULL);
		CHECK_STR(err, "");
		if (img == NULL) {
			fprintf(stderr, "%s: refused: %s", c->name, err);
			free(path);
			continue;
		}
		const struct image_data *d = image_data(img);
		CHECK(image_width(img) == c->png.w);
		CHECK(image_height(img) == c->png.h);
		CHECK(d->width == c->png.w && d->height == c->png.h);
		CHECK(d->kind == c->kind);
		CHECK(d->colour == c->colour);
		if (d->kind == IMAGE_RAW) {
			CHECK(d->pixels != NULL && d->bytes == NULL);
			CHECK((d->alpha != NULL) == c->alpha);
			/* The first pixel, decoded: 16-bit and interlaced must be exact. */
			const unsigned char *want = pixel(c->png.q, c->png.w, c->png.h, 0, 0);
			CHECK(memcmp(d->pixels, want, d->colour) == 0);
			CHECK(d->alpha == NULL || d->alpha[0] == want[3]);
		} else {
			CHECK(d->bytes != NULL && d->len > 0 && d->pixels == NULL &&
			      d->alpha == NULL);
		}
		char *pdf = xasprintf("%s.pdf", path);
		CHECK(render(img, pdf, 1));
		int rw = 0, rh = 0;
		unsigned char *ras = rasterise(pdf, &rw, &rh);
		CHECK(ras != NULL);
		if (ras != NULL)
			check_colours(c->name, ras, rw, rh, c->png.q, c->png.w, c->png.h,
			              c->kind == IMAGE_JPEG ? 12 : 6);
		free(ras);
		free(pdf);
		image_free(img);
		free(path);
	}
}

/* ---- refused files ---- */

/* Finds the marker segment m in a JPEG; returns its offset (at 0xFF) or 0. */
static size_t
jpeg_find(const unsigned char *b, size_t len, unsigned m)
{
	for (size_t pos = 2; pos + 4 <= len && b[pos] == 0xFF;) {
		if (b[pos + 1] == m)
			return pos;
		pos += 2 + ((size_t)b[pos + 2] << 8 | b[pos + 3]);
	}
	return 0;
}

/* Finds a PNG chunk by type; returns the offset of its length field or 0. */
static size_t
png_find(const unsigned char *b, size_t len, const char *type)
{
	for (size_t pos = 8; pos + 8 <= len;) {
		if (memcmp(b + pos + 4, type, 4) == 0)
			return pos;
		pos += 12 + ((size_t)b[pos] << 24 | (size_t)b[pos + 1] << 16 |
		             (size_t)b[pos + 2] << 8 | b[pos + 3]);
	}
	return 0;
}

enum edit {
	E_NONE,      /* nothing written */
	E_DIR,       /* a directory */
	E_SPARSE,    /* a file of n zero bytes, sparse */
	E_TEXT,      /* bytes as given, n of them (0: up to the NUL) */
	E_PNG,       /* the PNG as specified */
	E_PNG_CUT,   /* the PNG, n bytes shorter (n < 0: only -n bytes kept) */
	E_PNG_CRC,   /* the PNG with a byte of its IDAT checksum changed */
	E_PNG_W0,    /* the PNG with width 0 in IHDR */
	E_JPEG,      /* the committed JPEG src */
	E_JPEG_CUT,  /* src, n bytes shorter (n < 0: only -n kept) */
	E_JPEG_SOF,  /* src with its SOF0 marker made 0xC0 + n */
	E_JPEG_BYTE, /* src with byte at offset n of its SOF0 segment set to val */
	E_JPEG_AT,   /* src with byte n set to val */
	E_JPEG_FILL, /* src with a fill byte before its first marker segment */
};

/* clang-format off */
static const struct badcase {
	const char *name;
	enum edit edit;
	const char *src;
	struct pngspec png;
	long n;
	unsigned val;
	const char *want; /* the message after "partnerreview: PATH: error: " */
} badcases[] = {
    /* name, how it is made, bytes or committed file, PNG spec, n, val, message */
    {"missing.png", E_NONE, NULL, {0}, 0, 0, "cannot read: No such file or directory"},
    {"a-folder.png", E_DIR, NULL, {0}, 0, 0, "cannot read: Is a directory"},
    {"huge.png", E_SPARSE, NULL, {0}, 65L << 20, 0, "image file is larger than 64 MB"},
    {"empty.png", E_TEXT, "", {0}, 0, 0, "not a PNG or JPEG image"},
    {"text.png", E_TEXT, "Logo kommt noch\n", {0}, 0, 0, "not a PNG or JPEG image"},
    {"gif.jpg", E_TEXT, "GIF89a\x01\x00\x01\x00", {0}, 0, 0, "not a PNG or JPEG image"},
    {"signature.png", E_TEXT, "\x89PNG\r\n\x1a\n", {0}, 0, 0, "truncated PNG image"},
    {"cut-end.png", E_PNG_CUT, NULL, {PNG_RGB, 8, FLAT, 16, 16, &RGBQ}, 13, 0,
     "truncated PNG image"},
    {"cut-idat.png", E_PNG_CUT, NULL, {PNG_RGB, 8, FLAT, 16, 16, &RGBQ}, -50, 0,
     "truncated PNG image"},
    {"cut-adam7.png", E_PNG_CUT, NULL, {PNG_RGB, 16, ADAM7, 16, 16, &RGBQ}, 30, 0,
     "truncated PNG image"},
    {"crc.png", E_PNG_CRC, NULL, {PNG_RGB, 8, FLAT, 16, 16, &RGBQ}, 0, 0,
     "corrupt PNG image: IDAT: CRC error"},
    {"width0.png", E_PNG_W0, NULL, {PNG_RGB, 8, FLAT, 16, 16, &RGBQ}, 0, 0,
     "image size 0x16 pixels is out of range (each side 1 to 10000)"},
    {"wide.png", E_PNG, NULL, {PNG_RGB, 8, FLAT, 10001, 1, &RGBQ}, 0, 0,
     "image size 10001x1 pixels is out of range (each side 1 to 10000)"},
    {"tall.png", E_PNG, NULL, {PNG_GREY, 1, FLAT, 1, 20000, &BWQ}, 0, 0,
     "image size 1x20000 pixels is out of range (each side 1 to 10000)"},
    /* 5000 x 5000 x 3 bytes = 71.5 MB; the file itself is small. */
    {"big.png", E_PNG, NULL, {PNG_RGB, 8, FLAT, 5000, 5000, &RGBQ}, 0, 0,
     "image needs 72 MB decoded, more than 64 MB"},
    /* A palette of 4800 x 4800 is 22 MB as indices but 65.9 MB as RGB. */
    {"big-palette.png", E_PNG, NULL, {PNG_PAL, 2, FLAT, 4800, 4800, &RGBQ}, 0, 0,
     "image needs 66 MB decoded, more than 64 MB"},
    {"cmyk.jpg", E_JPEG, DATA "cmyk.jpg", {0}, 0, 0,
     "CMYK JPEG images are not supported: save the image as RGB"},
    {"jpeg-half.jpg", E_JPEG_CUT, DATA "rgb-baseline.jpg", {0}, -150, 0, "truncated JPEG image"},
    {"jpeg-no-eoi.jpg", E_JPEG_CUT, DATA "rgb-baseline.jpg", {0}, 2, 0, "truncated JPEG image"},
    {"jpeg-soi.jpg", E_TEXT, "\xFF\xD8\xFF", {0}, 0, 0, "truncated JPEG image"},
    {"jpeg-sof1.jpg", E_JPEG_SOF, DATA "rgb-baseline.jpg", {0}, 1, 0,
     "unsupported JPEG type: extended sequential (only baseline and progressive are supported)"},
    {"jpeg-sof3.jpg", E_JPEG_SOF, DATA "rgb-baseline.jpg", {0}, 3, 0,
     "unsupported JPEG type: lossless (only baseline and progressive are supported)"},
    {"jpeg-sof9.jpg", E_JPEG_SOF, DATA "rgb-baseline.jpg", {0}, 9, 0,
     "unsupported JPEG type: arithmetic-coded extended sequential (only baseline and "
     "progressive are supported)"},
    {"jpeg-12bit.jpg", E_JPEG_BYTE, DATA "rgb-baseline.jpg", {0}, 4, 12,
     "unsupported JPEG precision: 12 bits (only 8 are supported)"},
    {"jpeg-height0.jpg", E_JPEG_BYTE, DATA "rgb-baseline.jpg", {0}, 6, 0,
     "image size 16x0 pixels is out of range (each side 1 to 10000)"},
    {"jpeg-sof-short.jpg", E_JPEG_BYTE, DATA "rgb-baseline.jpg", {0}, 3, 8,
     "corrupt JPEG image: frame header too short"},
    {"jpeg-2comp.jpg", E_JPEG_BYTE, DATA "rgb-baseline.jpg", {0}, 9, 2,
     "unsupported JPEG with 2 colour components (only 1 or 3 are supported)"},
    {"jpeg-fill.jpg", E_JPEG_FILL, DATA "rgb-baseline.jpg", {0}, 0, 0,
     "unsupported JPEG layout: fill bytes before the marker at byte 2"},
    {"jpeg-rst.jpg", E_JPEG_AT, DATA "rgb-baseline.jpg", {0}, 3, 0xD0,
     "corrupt JPEG image: unexpected marker 0xD0 at byte 2"},
    /* The JFIF segment at byte 2 is 2 + 16 bytes long. */
    {"jpeg-nomarker.jpg", E_JPEG_AT, DATA "rgb-baseline.jpg", {0}, 20, 0x00,
     "corrupt JPEG image: no marker at byte 20"},
    {"jpeg-seglen.jpg", E_JPEG_AT, DATA "rgb-baseline.jpg", {0}, 5, 0x01,
     "corrupt JPEG image: bad segment length at byte 2"},
    {"jpeg-sos-first.jpg", E_TEXT, "\xFF\xD8\xFF\xDA\x00\x02\x00\xFF\xD9", {0}, 9, 0,
     "corrupt JPEG image: image data before the frame header"},
};
/* clang-format on */

static bool
make_bad(const struct badcase *c, const char *path)
{
	unsigned char *b = NULL;
	size_t len = 0;
	bool ok = true;
	switch (c->edit) {
	case E_NONE:
		return true;
	case E_DIR:
		return mkdir(path, 0700) == 0;
	case E_SPARSE:
		return spit(path, "", 0) && truncate(path, c->n) == 0;
	case E_TEXT:
		return spit(path, c->src, c->n > 0 ? (size_t)c->n : strlen(c->src));
	default:
		break;
	}
	if (c->edit >= E_JPEG) {
		b = slurp(c->src, &len);
	} else {
		char *orig = xasprintf("%s.orig", path);
		if (write_png(orig, &c->png))
			b = slurp(orig, &len);
		free(orig);
	}
	if (b == NULL)
		return false;
	size_t sof = jpeg_find(b, len, 0xC0);
	size_t idat = c->edit < E_JPEG ? png_find(b, len, "IDAT") : 0;
	switch (c->edit) {
	case E_PNG_CUT:
	case E_JPEG_CUT:
		len = c->n < 0 ? (size_t)-c->n : len - (size_t)c->n;
		break;
	case E_PNG_CRC:
		ok = idat != 0;
		b[idat + 8 + ((size_t)b[idat + 2] << 8 | b[idat + 3]) + 3] ^= 0x55;
		break;
	case E_PNG_W0:
		memset(b + 16, 0, 4);
		break;
	case E_JPEG_SOF:
		ok = sof != 0;
		b[sof + 1] = (unsigned char)(0xC0 + c->n);
		break;
	case E_JPEG_BYTE:
		ok = sof != 0;
		b[sof + (size_t)c->n] = (unsigned char)c->val;
		break;
	case E_JPEG_AT:
		b[c->n] = (unsigned char)c->val;
		break;
	case E_JPEG_FILL:
		b = xrealloc(b, len + 1);
		memmove(b + 3, b + 2, len - 2);
		b[2] = 0xFF;
		len++;
		break;
	default:
		break;
	}
	ok = ok && spit(path, b, len);
	free(b);
	return ok;
}

static void
test_refused(void)
{
	for (size_t i = 0; i < COUNT(badcases); i++) {
		const struct badcase *c = &badcases[i];
		char *path = tmp(c->name);
		char err[1024];
		CHECK(make_bad(c, path));
		struct image *img = load_capture(path, err, sizeof(err));
		CHECK(img == NULL);
		char *want = xasprintf("partnerreview: %s: error: %s\n", path, c->want);
		CHECK_STR(err, want);
		free(want);
		image_free(img);
		free(path);
	}
}

/* ---- the PDF side ---- */

static size_t
count_in_file(const char *path, const char *needle)
{
	size_t len, n = 0, k = strlen(needle);
	unsigned char *b = slurp(path, &len);
	for (size_t i = 0; b != NULL && i + k <= len; i++)
		n += memcmp(b + i, needle, k) == 0;
	free(b);
	return n;
}

/* Each image is embedded once however often it is drawn; a soft mask makes it PDF 1.4. */
static void
test_embed_once(void)
{
	static const struct {
		const char *name;
		size_t objects; /* image XObjects in the file */
		const char *version;
	} cases[] = {
	    {"rgba8.png", 2, "%PDF-1.4"},
	    {"rgb8.png", 1, "%PDF-1.3"},
	    {"rgb-baseline.jpg", 1, "%PDF-1.3"},
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		char *path = tmp(cases[i].name);
		struct image *img = image_load(path);
		CHECK(img != NULL);
		char *pdf = xasprintf("%s.3x.pdf", path);
		CHECK(img != NULL && render(img, pdf, 3));
		CHECK(count_in_file(pdf, "/Subtype /Image") == cases[i].objects);
		CHECK(count_in_file(pdf, "/Type /Page\n") == 3);
		size_t len;
		unsigned char *b = slurp(pdf, &len);
		CHECK(b != NULL && len > 8 && memcmp(b, cases[i].version, 8) == 0);
		free(b);
		free(pdf);
		image_free(img);
		free(path);
	}
}

/* A zero or negative box draws nothing and is no failure; image_free(NULL) is a no-op. */
static void
test_degenerate(void)
{
	char *path = tmp("rgb8.png");
	struct image *img = image_load(path);
	const char *fonts[] = {FONT};
	struct pdf *p = pdf_new(fonts, 1, NULL);
	CHECK(img != NULL && p != NULL);
	if (img != NULL && p != NULL) {
		const struct dev *d = pdf_dev(p);
		d->page(d->ctx, 200, 200);
		d->image(d->ctx, img, 10, 10, 0, 50);
		d->image(d->ctx, img, 10, 10, 50, -1);
		d->image(d->ctx, NULL, 10, 10, 50, 50);
		CHECK(!d->failed(d->ctx));
		char *pdf = tmp("degenerate.pdf");
		int fd = open(pdf, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		CHECK(fd >= 0 && pdf_write(p, fd, pdf, false) == 0);
		if (fd >= 0)
			close(fd);
		CHECK(count_in_file(pdf, "/Subtype /Image") == 0);
		free(pdf);
	}
	pdf_free(p);
	image_free(img);
	image_free(NULL);
	free(path);
}

/* Threads share one image, each with a document of its own: the PDFs are identical. */
struct job {
	const struct image *img;
	char *pdf;
	bool ok;
};

static void *
run_job(void *arg)
{
	struct job *j = arg;
	j->ok = render(j->img, j->pdf, 2);
	return NULL;
}

static void
test_threads(void)
{
	char *path = tmp("rgba16-adam7.png");
	struct image *img = image_load(path);
	CHECK(img != NULL);
	struct job jobs[4];
	pthread_t t[4];
	for (int i = 0; i < 4; i++) {
		jobs[i] = (struct job){img, xasprintf("%s/thread%d.pdf", tmpdir, i), false};
		CHECK(pthread_create(&t[i], NULL, run_job, &jobs[i]) == 0);
	}
	size_t len0 = 0;
	unsigned char *b0 = NULL;
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		CHECK(jobs[i].ok);
		size_t len = 0;
		unsigned char *b = slurp(jobs[i].pdf, &len);
		if (i == 0) {
			b0 = b;
			len0 = len;
		} else {
			CHECK(b != NULL && b0 != NULL && len == len0 && memcmp(b, b0, len) == 0);
			free(b);
		}
		free(jobs[i].pdf);
	}
	free(b0);
	image_free(img);
	free(path);
}

static void
remove_tree(void)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
	free(cmd);
}

int
main(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/unit_image.XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_accepted();
	test_refused();
	test_embed_once();
	test_degenerate();
	test_threads();
	if (getenv("UNIT_KEEP") == NULL)
		remove_tree();
	else
		printf("kept %s\n", tmpdir);
	return UNIT_DONE();
}
