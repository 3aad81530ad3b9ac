/* image_formats.h -- what the image filter (domain/image.c) and its four
 * format walkers (image_jpeg.c, image_png.c, image_gif.c, image_webp.c)
 * share.
 *
 * The filter holds the bytes it has not decided on in f->buf.  A walker's
 * step looks at the unit (segment, chunk, block) at the head of f->buf
 * and either decides on it -- emits or drops bytes, or sets f->skip to
 * pass (skip_keep 1) or drop (0) the rest of the unit as it arrives, and
 * moves f->state on -- and returns 1, or returns 0 when the unit is not
 * whole yet (with `final`: the stream has ended, so the image is cut),
 * or a negative error.  A walker keeps only what it knows is needed to
 * render: anything it does not know is dropped, or the file refused when
 * the image cannot be rendered without it.  Once the image's end marker
 * is passed the state is F_DONE and everything after it is dropped.
 */
#ifndef PETORY_DOMAIN_IMAGE_FORMATS_H
#define PETORY_DOMAIN_IMAGE_FORMATS_H

#include "domain/domain.h"

enum {
	F_SNIFF = 0, /* holding the first bytes */
	F_DONE,      /* past the end of the image: the rest is dropped */
	F_FORMAT     /* the first of a walker's own states */
};

/* The bytes of a walker's unit that must be held whole at most (a JPEG
 * segment); a walker never asks for more, except WebP's, which holds the
 * whole file (its RIFF size comes first). */
#define IMAGE_UNIT_MAX (4 + 65535)

int petory__jpeg_start(petory__image_filter *f);
int petory__jpeg_step(petory__image_filter *f, int final);
int petory__png_start(petory__image_filter *f);
int petory__png_step(petory__image_filter *f, int final);
int petory__gif_start(petory__image_filter *f);
int petory__gif_step(petory__image_filter *f, int final);
int petory__webp_start(petory__image_filter *f);
int petory__webp_step(petory__image_filter *f, int final);

/* The held bytes not decided on yet (f->len of them). */
static inline unsigned char *held(const petory__image_filter *f)
{
	return f->buf + f->off;
}

/* EMEDIATYPE "UNSUPPORTED_MEDIA_TYPE" with why (printf-style). */
int petory__image_refuse(const char *fmt, ...);
/* Emit (skip_keep semantics aside) n bytes; CRC'd when f->crc_on. */
int petory__image_emit(petory__image_filter *f, const void *p, size_t n);
/* Forget the first n held bytes. */
void petory__image_consume(petory__image_filter *f, size_t n);
/* Emit then forget the first n held bytes. */
int petory__image_pass(petory__image_filter *f, size_t n);

/* The same for a step: 1 (decided), or the emit's error. */
static inline int image_pass_on(petory__image_filter *f, size_t n)
{
	int error = petory__image_pass(f, n);
	return error < 0 ? error : 1;
}

/* PNG's CRC-32 (ISO 3309), continued from crc (0 to start). */
uint32_t petory__crc32(uint32_t crc, const unsigned char *p, size_t n);

#endif
