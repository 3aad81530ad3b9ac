/* image_webp.c -- the WebP walker of the image filter (image_formats.h).
 *
 * A WebP's RIFF size comes before its chunks, so the file is held whole
 * and rebuilt at the end of the stream: "RIFF" <new size> "WEBP" and only
 * the chunks that render -- VP8X (first; its EXIF and XMP flags
 * cleared), ICCP, ANIM, ANMF (each frame rebuilt with only its ALPH,
 * VP8 and VP8L), ALPH, VP8 and VP8L.  Dropped: EXIF, "XMP ", unknown
 * chunks, and anything after the RIFF's end.  Refused: a RIFF size
 * past the end of the file, a chunk past the end of its parent, a VP8X
 * shorter than 10 bytes or not first, a file with no image data.
 *
 * Invariant: the output, walked again, is the same bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "domain/image_formats.h"

/* VP8X flags */
#define VP8X_EXIF 0x08u
#define VP8X_XMP 0x04u

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void put_le32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static int damaged(const char *why)
{
	return petory__image_refuse("the WebP is damaged: %s", why);
}

int petory__webp_start(petory__image_filter *f)
{
	(void)f;
	return 0; /* held whole: see petory__webp_step */
}

/* The next chunk of p[*pos .. end): its fourcc at *fourcc, its payload
 * at *data (*size bytes); *pos moves past it and its pad byte.  0 at
 * the end, 1 for a chunk, or an error. */
static int next_chunk(const unsigned char *p, size_t *pos, size_t end,
	const unsigned char **fourcc, const unsigned char **data, size_t *size)
{
	size_t left = end - *pos, padded;
	if (left == 0)
		return 0;
	if (left < 8)
		return damaged("a chunk cut short");
	*fourcc = p + *pos;
	*size = le32(p + *pos + 4);
	padded = *size + (*size & 1);
	if (*size > left - 8 || padded > left - 8)
		return damaged("a chunk past the end of its container");
	*data = p + *pos + 8;
	*pos += 8 + padded;
	return 1;
}

/* Append a chunk (header, payload, pad) to out at *n. */
static void put_chunk(unsigned char *out, size_t *n, const void *fourcc,
	const unsigned char *data, size_t size)
{
	memcpy(out + *n, fourcc, 4);
	put_le32(out + *n + 4, (uint32_t)size);
	memcpy(out + *n + 8, data, size);
	*n += 8 + size;
	if (size & 1)
		out[(*n)++] = 0;
}

static int is(const unsigned char *fourcc, const char *name)
{
	return memcmp(fourcc, name, 4) == 0;
}

static int is_image(const unsigned char *fourcc)
{
	return is(fourcc, "VP8 ") || is(fourcc, "VP8L");
}

/* An ANMF payload rebuilt into out at *n: its 16-byte header, then only
 * the frame's ALPH, VP8 and VP8L.  *images counts the image chunks. */
static int frame(unsigned char *out, size_t *n, const unsigned char *data,
	size_t size, int *images)
{
	const unsigned char *fourcc, *sub;
	size_t pos = 16, sub_size, start = *n, body;
	int r;

	if (size < 16)
		return damaged("an animation frame shorter than its header");
	memcpy(out + *n + 8, data, 16); /* the header goes in first */
	*n += 8 + 16;
	while ((r = next_chunk(data, &pos, size, &fourcc, &sub, &sub_size)) >
		0) {
		if (!is_image(fourcc) && !is(fourcc, "ALPH"))
			continue;
		*images += is_image(fourcc);
		put_chunk(out, n, fourcc, sub, sub_size);
	}
	if (r < 0)
		return r;
	body = *n - start - 8;
	memcpy(out + start, "ANMF", 4);
	put_le32(out + start + 4, (uint32_t)body);
	return 0; /* body is even: every part of it is */
}

/* The whole file is in held(f): rebuild it. */
static int rebuild(petory__image_filter *f)
{
	const unsigned char *p = held(f), *fourcc, *data;
	unsigned char *out;
	size_t riff_end, pos = 12, size, n = 12;
	int r = 0, first = 1, images = 0, error;

	if (f->len < 12)
		return damaged("it is cut short");
	riff_end = (size_t)le32(p + 4);
	if (riff_end < 4 || riff_end > f->len - 8)
		return damaged("its RIFF size is past the end of the file");
	riff_end += 8;
	/* the output is never longer than the input */
	if (!(out = malloc(riff_end + 1)))
		return petory__error_oom();
	memcpy(out, "RIFFsizeWEBP", 12);
	while ((r = next_chunk(p, &pos, riff_end, &fourcc, &data, &size)) > 0) {
		if (is(fourcc, "VP8X")) {
			if (!first || size < 10) {
				r = damaged("a misplaced or short VP8X");
				break;
			}
			put_chunk(out, &n, fourcc, data, size);
			out[n - size - (size & 1)] &=
				(unsigned char)~(VP8X_EXIF | VP8X_XMP);
		} else if (is(fourcc, "ANMF")) {
			if ((r = frame(out, &n, data, size, &images)) < 0)
				break;
		} else if (is_image(fourcc) || is(fourcc, "ALPH") ||
			   is(fourcc, "ICCP") || is(fourcc, "ANIM")) {
			images += is_image(fourcc);
			put_chunk(out, &n, fourcc, data, size);
		}
		first = 0;
	}
	if (r == 0 && images == 0)
		r = damaged("it holds no image data");
	if (r < 0) {
		free(out);
		return r;
	}
	put_le32(out + 4, (uint32_t)(n - 8));
	error = petory__image_emit(f, out, n);
	free(out);
	return error;
}

int petory__webp_step(petory__image_filter *f, int final)
{
	int error;
	if (!final)
		return 0;
	if ((error = rebuild(f)) < 0)
		return error;
	f->state = F_DONE;
	return 1;
}
