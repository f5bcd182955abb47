/* SPDX-License-Identifier: MIT */
/* Raster images (a vendor's logo): PNG and JPEG files checked and made safe for the PDF. */
#ifndef PR_IMAGE_H
#define PR_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * An image as the PDF embeds it. A JPEG stays its file's bytes (the PDF carries it
 * as DCT data unchanged). A PNG is always decoded here, whatever its kind, to 8 bits
 * per channel, rows top first, no padding: grey stays grey (one byte a pixel),
 * everything else (RGB, palette) becomes RGB (three bytes); a transparency (alpha
 * channel or tRNS) becomes a separate alpha plane, left out when every pixel is
 * opaque. Colour values are taken as stored: gamma and ICC profiles are ignored.
 */
enum image_kind { IMAGE_JPEG, IMAGE_RAW };

enum image_colour {
	IMAGE_GREY = 1, /* the values are the number of channels */
	IMAGE_RGB = 3
};

struct image_data {
	enum image_kind kind;
	enum image_colour colour;   /* JPEG: from its frame header */
	int width, height;          /* pixels, 1 to IMAGE_MAX_SIDE */
	const unsigned char *bytes; /* IMAGE_JPEG: the whole file */
	size_t len;                 /* IMAGE_JPEG: its length in bytes */
	/* IMAGE_RAW: width * height * colour bytes (NULL from the cache: image_load_cached) */
	const unsigned char *pixels;
	const unsigned char
	    *alpha; /* IMAGE_RAW: width * height bytes, or NULL: opaque (or cached) */
	/*
	 * IMAGE_RAW: pixels and alpha deflated (zlib format, as PDF's FlateDecode reads
	 * it), once at load: a logo on every page of every report is compressed once a
	 * run, not once a document. zalpha is NULL with alpha.
	 */
	const unsigned char *zpixels, *zalpha;
	size_t zpixels_len, zalpha_len;
	bool alpha_plane; /* IMAGE_RAW: there is an alpha plane (alpha or zalpha) */
};

#define IMAGE_MAX_SIDE 10000                  /* pixels */
#define IMAGE_MAX_BYTES (64u * 1024u * 1024u) /* the file, and the decoded pixels */

struct image;

/*
 * Loads a PNG or JPEG file, told apart by its first bytes, not by its name. Returns
 * NULL after one error message naming the file when it cannot be read, is neither,
 * is truncated or corrupt, is 0 or more than IMAGE_MAX_SIDE pixels wide or high,
 * needs more than IMAGE_MAX_BYTES decoded (or as a file), or is a JPEG other than
 * 8-bit baseline or progressive with 1 or 3 components (CMYK is refused). Libpng's
 * own messages go through msg as part of that one message; its warnings are
 * dropped. The result belongs to the caller (image_free) and is read-only, so
 * threads may share it.
 */
struct image *image_load(const char *path);
/*
 * The same for the PDF device: a PNG whose deflated planes the cache (cache.h) holds
 * comes from there, without its raw planes (pixels and alpha NULL; zpixels always
 * set, zalpha with alpha_plane); one decoded here goes into the cache. The PDF's
 * bytes are the same either way.
 */
struct image *image_load_cached(const char *path);
void image_free(struct image *img);

int image_width(const struct image *img);  /* pixels */
int image_height(const struct image *img); /* pixels */

/* The data for the PDF device, valid as long as img. */
const struct image_data *image_data(const struct image *img);

#endif
