/* SPDX-License-Identifier: MIT */
/* Raster images: JPEG checked and kept as bytes, PNG decoded with libpng (the only user of png.h).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <png.h>

#include <zlib.h>

#include "cache.h"
#include "image.h"
#include "mem.h"
#include "msg.h"

struct image {
	struct image_data d;
	unsigned char *bytes;  /* the JPEG file */
	unsigned char *pixels; /* the decoded PNG */
	unsigned char *alpha;
	unsigned char *zpixels, *zalpha; /* the same, deflated */
};

/*
 * data[0..n) deflated at zlib's default level, *len its length; NULL when zlib is out
 * of memory (the PDF device then compresses the pixels itself).
 */
static unsigned char *
deflated(const unsigned char *data, size_t n, size_t *len)
{
	uLongf cap = compressBound((uLong)n);
	unsigned char *out = xmalloc(cap);
	if (compress2(out, &cap, data, (uLong)n, Z_DEFAULT_COMPRESSION) != Z_OK) {
		free(out);
		return NULL;
	}
	*len = cap;
	return out;
}

static const unsigned char png_magic[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

static void fail(const char *path, const char *fmt, ...) PR_PRINTF(2, 3);

static void
fail(const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = xvasprintf(fmt, ap);
	va_end(ap);
	msg_at(MSG_ERROR, path, 0, 0, "%s", text);
	free(text);
}

/* Reads the whole file; at most IMAGE_MAX_BYTES, so that a huge file is refused early. */
static unsigned char *
read_file(const char *path, size_t *lenp)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		fail(path, "cannot read: %s", strerror(errno));
		return NULL;
	}
	size_t len = 0, cap = 0;
	unsigned char *buf = NULL;
	for (;;) {
		xgrow(&buf, &cap, len + 65536, 1);
		size_t n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (len > IMAGE_MAX_BYTES) {
			fail(path, "image file is larger than %u MB", IMAGE_MAX_BYTES >> 20);
			break;
		}
		if (n == 0 && ferror(f)) {
			fail(path, "cannot read: %s", strerror(errno));
			break;
		}
		if (n == 0) {
			fclose(f);
			*lenp = len;
			return buf;
		}
	}
	fclose(f);
	free(buf);
	return NULL;
}

/* Checks the size in pixels and what the pixels need decoded, with channels bytes each. */
static bool
size_ok(const char *path, unsigned long w, unsigned long h, unsigned channels)
{
	if (w == 0 || h == 0 || w > IMAGE_MAX_SIDE || h > IMAGE_MAX_SIDE) {
		fail(path, "image size %lux%lu pixels is out of range (each side 1 to %d)", w, h,
		     IMAGE_MAX_SIDE);
		return false;
	}
	/* Both sides are at most 10000, so this cannot overflow. */
	uint64_t bytes = (uint64_t)w * h * channels;
	if (bytes > IMAGE_MAX_BYTES) {
		fail(path, "image needs %llu MB decoded, more than %u MB",
		     (unsigned long long)((bytes + (1u << 20) - 1) >> 20), IMAGE_MAX_BYTES >> 20);
		return false;
	}
	return true;
}

static unsigned
be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static unsigned long
be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 |
	       p[3];
}

/* The frame types by SOFn marker (0xC0 + n); NULL: not a frame header. */
static const char *const sof_names[16] = {
    "baseline",
    "extended sequential",
    "progressive",
    "lossless",
    NULL, /* DHT */
    "differential sequential",
    "differential progressive",
    "differential lossless",
    NULL, /* JPG, reserved */
    "arithmetic-coded extended sequential",
    "arithmetic-coded progressive",
    "arithmetic-coded lossless",
    NULL, /* DAC */
    "arithmetic-coded differential sequential",
    "arithmetic-coded differential progressive",
    "arithmetic-coded differential lossless",
};

/*
 * Walks the marker segments up to the first scan, as libharu's own header reader
 * does (it reads every marker as one with a length, so anything else is refused
 * here before it can mislead libharu), checks the frame header, and makes sure an
 * end-of-image marker follows: entropy-coded data never holds 0xFF 0xD9.
 */
static bool
jpeg_check(const char *path, const unsigned char *b, size_t len, struct image_data *d)
{
	size_t pos = 2;
	bool have_sof = false;
	for (;;) {
		if (len - pos < 4) {
			fail(path, "truncated JPEG image");
			return false;
		}
		if (b[pos] != 0xFF || b[pos + 1] == 0x00) {
			fail(path, "corrupt JPEG image: no marker at byte %zu", pos);
			return false;
		}
		if (b[pos + 1] == 0xFF) {
			fail(path,
			     "unsupported JPEG layout: fill bytes before the marker at byte %zu",
			     pos);
			return false;
		}
		unsigned m = b[pos + 1];
		if (m == 0x01 || (m >= 0xD0 && m <= 0xD9)) {
			fail(path, "corrupt JPEG image: unexpected marker 0x%02X at byte %zu", m,
			     pos);
			return false;
		}
		unsigned seg = be16(b + pos + 2);
		if (seg < 2) {
			fail(path, "corrupt JPEG image: bad segment length at byte %zu", pos);
			return false;
		}
		if (len - pos - 2 < seg) {
			fail(path, "truncated JPEG image");
			return false;
		}
		const unsigned char *s = b + pos + 4;
		if (m == 0xDA) {
			if (!have_sof) {
				fail(path,
				     "corrupt JPEG image: image data before the frame header");
				return false;
			}
			pos += 2 + seg;
			break;
		}
		if (m >= 0xC0 && m <= 0xCF && sof_names[m - 0xC0] != NULL && !have_sof) {
			if (m != 0xC0 && m != 0xC2) {
				fail(path,
				     "unsupported JPEG type: %s (only baseline and progressive "
				     "are supported)",
				     sof_names[m - 0xC0]);
				return false;
			}
			if (seg < 8) {
				fail(path, "corrupt JPEG image: frame header too short");
				return false;
			}
			unsigned nc = s[5];
			if (seg < 8 + 3 * nc) {
				fail(path, "corrupt JPEG image: frame header too short");
				return false;
			}
			if (s[0] != 8) {
				fail(path,
				     "unsupported JPEG precision: %u bits (only 8 are supported)",
				     s[0]);
				return false;
			}
			if (nc == 4) {
				fail(path,
				     "CMYK JPEG images are not supported: save the image as RGB");
				return false;
			}
			if (nc != 1 && nc != 3) {
				fail(path,
				     "unsupported JPEG with %u colour components (only 1 or 3 "
				     "are supported)",
				     nc);
				return false;
			}
			/* Height 0 means "given later by a DNL marker", which libharu cannot read.
			 */
			if (!size_ok(path, be16(s + 3), be16(s + 1), nc))
				return false;
			d->width = (int)be16(s + 3);
			d->height = (int)be16(s + 1);
			d->colour = nc == 1 ? IMAGE_GREY : IMAGE_RGB;
			have_sof = true;
		}
		pos += 2 + seg;
	}
	for (; pos + 1 < len; pos++)
		if (b[pos] == 0xFF && b[pos + 1] == 0xD9)
			return true;
	fail(path, "truncated JPEG image");
	return false;
}

static struct image *
load_jpeg(const char *path, unsigned char *bytes, size_t len)
{
	struct image_data d = {.kind = IMAGE_JPEG};
	if (!jpeg_check(path, bytes, len, &d)) {
		free(bytes);
		return NULL;
	}
	struct image *img = xcalloc(1, sizeof(*img));
	img->bytes = bytes;
	img->d = d;
	img->d.bytes = bytes;
	img->d.len = len;
	return img;
}

/*
 * The state of one PNG decode. It lives on the heap and is reached through a
 * pointer set before setjmp and never changed, so nothing the decoder changes is
 * an automatic variable that longjmp could leave indeterminate.
 */
struct png_state {
	png_structp png;
	png_infop info;
	const unsigned char *data;
	size_t len, pos;
	bool truncated;
	char why[200]; /* libpng's error message */
	unsigned char *buf;
	png_bytep *rows;
};

static void
png_on_error(png_structp png, png_const_charp text)
{
	struct png_state *st = png_get_error_ptr(png);
	snprintf(st->why, sizeof(st->why), "%s", text);
	png_longjmp(png, 1);
}

/* Warnings are about damage libpng has repaired or ignored (a bad sRGB profile, say). */
static void
png_on_warning(png_structp png, png_const_charp text)
{
	(void)png;
	(void)text;
}

static void
png_on_read(png_structp png, png_bytep out, size_t n)
{
	struct png_state *st = png_get_io_ptr(png);
	if (n > st->len - st->pos) {
		st->truncated = true;
		png_error(png, "unexpected end of file");
	}
	memcpy(out, st->data + st->pos, n);
	st->pos += n;
}

/* Decodes into st->buf; returns the channels per pixel (1 to 4), or 0 after a message. */
static unsigned
png_decode(const char *path, struct png_state *st, png_uint_32 *wp, png_uint_32 *hp)
{
	if (setjmp(png_jmpbuf(st->png))) {
		if (st->truncated)
			fail(path, "truncated PNG image");
		else
			fail(path, "corrupt PNG image: %s", st->why);
		return 0;
	}
	png_set_user_limits(st->png, IMAGE_MAX_SIDE, IMAGE_MAX_SIDE);
	png_set_read_fn(st->png, st, png_on_read);
	png_read_info(st->png, st->info);
	png_uint_32 w = png_get_image_width(st->png, st->info);
	png_uint_32 h = png_get_image_height(st->png, st->info);
	int type = png_get_color_type(st->png, st->info);
	int depth = png_get_bit_depth(st->png, st->info);

	/* Every kind of PNG becomes 8-bit grey or RGB, with or without alpha. */
	if (type == PNG_COLOR_TYPE_PALETTE)
		png_set_palette_to_rgb(st->png);
	if (type == PNG_COLOR_TYPE_GRAY && depth < 8)
		png_set_expand_gray_1_2_4_to_8(st->png);
	if (png_get_valid(st->png, st->info, PNG_INFO_tRNS))
		png_set_tRNS_to_alpha(st->png);
	if (depth == 16)
		png_set_scale_16(st->png);
	png_set_interlace_handling(st->png);
	png_read_update_info(st->png, st->info);

	unsigned ch = png_get_channels(st->png, st->info);
	size_t rowbytes = png_get_rowbytes(st->png, st->info);
	if (!size_ok(path, w, h, ch))
		return 0;
	if (ch < 1 || ch > 4 || png_get_bit_depth(st->png, st->info) != 8 ||
	    rowbytes != (size_t)w * ch) {
		fail(path, "corrupt PNG image: unexpected layout after conversion");
		return 0;
	}
	st->buf = xmalloc(rowbytes * h);
	st->rows = xmalloc(h * sizeof(*st->rows));
	for (png_uint_32 y = 0; y < h; y++)
		st->rows[y] = st->buf + y * rowbytes;
	png_read_image(st->png, st->rows);
	/* The rest of the file too, so that a cut or damaged tail is noticed. */
	png_read_end(st->png, NULL);
	*wp = w;
	*hp = h;
	return ch;
}

static struct image *
load_png(const char *path, const unsigned char *data, size_t len)
{
	/* The size first, in words of our own: libpng's would say less. */
	if (len < 8 + 8 + 13 + 4) {
		fail(path, "truncated PNG image");
		return NULL;
	}
	if (memcmp(data + 12, "IHDR", 4) == 0 &&
	    !size_ok(path, be32(data + 16), be32(data + 20), 1))
		return NULL;

	struct png_state *st = xcalloc(1, sizeof(*st));
	st->data = data;
	st->len = len;
	st->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, st, png_on_error, png_on_warning);
	if (st->png != NULL)
		st->info = png_create_info_struct(st->png);
	if (st->info == NULL) {
		fail(path, "the PNG library could not start");
		png_destroy_read_struct(&st->png, NULL, NULL);
		free(st);
		return NULL;
	}
	png_uint_32 w = 0, h = 0;
	unsigned ch = png_decode(path, st, &w, &h);
	png_destroy_read_struct(&st->png, &st->info, NULL);
	free(st->rows);
	unsigned char *buf = st->buf;
	free(st);
	if (ch == 0) {
		free(buf);
		return NULL;
	}

	struct image *img = xcalloc(1, sizeof(*img));
	size_t n = (size_t)w * h;
	unsigned cc = ch == 2 || ch == 4 ? ch - 1 : ch;
	if (cc != ch) {
		/* Split off the alpha channel; colour moves down in place. */
		unsigned char *alpha = xmalloc(n);
		bool opaque = true;
		for (size_t i = 0; i < n; i++) {
			unsigned char px[4];
			memcpy(px, buf + i * ch, ch);
			memcpy(buf + i * cc, px, cc);
			alpha[i] = px[cc];
			opaque = opaque && px[cc] == 0xFF;
		}
		if (opaque)
			free(alpha);
		else
			img->alpha = alpha;
		buf = xrealloc(buf, n * cc);
	}
	img->pixels = buf;
	size_t zlen = 0, zalen = 0;
	img->zpixels = deflated(img->pixels, n * cc, &zlen);
	if (img->alpha != NULL)
		img->zalpha = deflated(img->alpha, n, &zalen);
	img->d = (struct image_data){
	    .kind = IMAGE_RAW,
	    .colour = cc == 1 ? IMAGE_GREY : IMAGE_RGB,
	    .width = (int)w,
	    .height = (int)h,
	    .pixels = img->pixels,
	    .alpha = img->alpha,
	    .zpixels = img->zpixels,
	    .zalpha = img->zalpha,
	    .zpixels_len = zlen,
	    .zalpha_len = zalen,
	    .alpha_plane = img->alpha != NULL,
	};
	return img;
}

/*
 * The cache's key of a PNG file's deflated planes: what makes them (this code's form,
 * libpng's and zlib's versions, zlib's level) and the file's bytes.
 */
static unsigned char *
png_key(const unsigned char *data, size_t len, size_t *keylen)
{
	char what[160];
	int n = snprintf(what, sizeof(what), "png-deflated 1, libpng %s, zlib %s, level %d",
	                 png_get_libpng_ver(NULL), zlibVersion(), Z_DEFAULT_COMPRESSION);
	size_t w = n > 0 && (size_t)n < sizeof(what) ? (size_t)n + 1 : 0;
	unsigned char *key = xmalloc(w + len);
	memcpy(key, what, w);
	memcpy(key + w, data, len);
	*keylen = w + len;
	return key;
}

/* An entry: width, height, colour, alpha (0/1) as 32-bit numbers, the two lengths, the planes. */
enum { CACHED_HEAD = 4 * 4 + 2 * 8 };

static void
put_le(unsigned char *p, uint64_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t
get_le(const unsigned char *p, int bytes)
{
	uint64_t v = 0;
	for (int i = 0; i < bytes; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

/* The image of a cache entry (the deflated planes only), or NULL when it makes no sense. */
static struct image *
from_cache(unsigned char *e, size_t n)
{
	if (n < CACHED_HEAD)
		return NULL;
	uint64_t w = get_le(e, 4), h = get_le(e + 4, 4), colour = get_le(e + 8, 4);
	uint64_t alpha = get_le(e + 12, 4), zlen = get_le(e + 16, 8), zalen = get_le(e + 24, 8);
	if (w == 0 || h == 0 || w > IMAGE_MAX_SIDE || h > IMAGE_MAX_SIDE ||
	    (colour != IMAGE_GREY && colour != IMAGE_RGB) || alpha > 1 || zlen == 0 ||
	    (alpha == 0) != (zalen == 0) || zlen > n - CACHED_HEAD ||
	    zalen != n - CACHED_HEAD - zlen)
		return NULL;
	struct image *img = xcalloc(1, sizeof(*img));
	img->zpixels = xmalloc((size_t)zlen);
	memcpy(img->zpixels, e + CACHED_HEAD, (size_t)zlen);
	if (alpha) {
		img->zalpha = xmalloc((size_t)zalen);
		memcpy(img->zalpha, e + CACHED_HEAD + zlen, (size_t)zalen);
	}
	img->d = (struct image_data){
	    .kind = IMAGE_RAW,
	    .colour = (enum image_colour)colour,
	    .width = (int)w,
	    .height = (int)h,
	    .zpixels = img->zpixels,
	    .zalpha = img->zalpha,
	    .zpixels_len = (size_t)zlen,
	    .zalpha_len = (size_t)zalen,
	    .alpha_plane = img->zalpha != NULL,
	};
	return img;
}

static void
to_cache(const struct image *img, const unsigned char *key, size_t keylen)
{
	const struct image_data *d = &img->d;
	if (d->zpixels == NULL || (d->alpha != NULL && d->zalpha == NULL))
		return; /* zlib was out of memory: not the result of the key */
	size_t n = CACHED_HEAD + d->zpixels_len + d->zalpha_len;
	unsigned char *e = xmalloc(n);
	put_le(e, (uint64_t)d->width, 4);
	put_le(e + 4, (uint64_t)d->height, 4);
	put_le(e + 8, (uint64_t)d->colour, 4);
	put_le(e + 12, d->alpha != NULL, 4);
	put_le(e + 16, d->zpixels_len, 8);
	put_le(e + 24, d->zalpha_len, 8);
	memcpy(e + CACHED_HEAD, d->zpixels, d->zpixels_len);
	if (d->zalpha_len > 0)
		memcpy(e + CACHED_HEAD + d->zpixels_len, d->zalpha, d->zalpha_len);
	cache_put("png", key, keylen, e, n);
	free(e);
}

static struct image *
load(const char *path, bool cached)
{
	size_t len;
	unsigned char *data = read_file(path, &len);
	if (data == NULL)
		return NULL;
	if (len >= sizeof(png_magic) && memcmp(data, png_magic, sizeof(png_magic)) == 0) {
		size_t keylen = 0, n = 0;
		unsigned char *key = cached ? png_key(data, len, &keylen) : NULL;
		unsigned char *e = key != NULL ? cache_get("png", key, keylen, &n) : NULL;
		struct image *img = e != NULL ? from_cache(e, n) : NULL;
		free(e);
		if (img == NULL) {
			img = load_png(path, data, len);
			if (img != NULL && key != NULL)
				to_cache(img, key, keylen);
		}
		free(key);
		free(data);
		return img;
	}
	if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
		return load_jpeg(path, data, len);
	free(data);
	fail(path, "not a PNG or JPEG image");
	return NULL;
}

struct image *
image_load(const char *path)
{
	return load(path, false);
}

struct image *
image_load_cached(const char *path)
{
	return load(path, true);
}

void
image_free(struct image *img)
{
	if (img == NULL)
		return;
	free(img->bytes);
	free(img->pixels);
	free(img->alpha);
	free(img->zpixels);
	free(img->zalpha);
	free(img);
}

int
image_width(const struct image *img)
{
	return img->d.width;
}

int
image_height(const struct image *img)
{
	return img->d.height;
}

const struct image_data *
image_data(const struct image *img)
{
	return &img->d;
}
