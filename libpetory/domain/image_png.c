/* image_png.c -- the PNG walker of the image filter (image_formats.h).
 *
 * Kept, as they come, each with its CRC checked: IHDR (first, 13 bytes),
 * PLTE, IDAT, IEND, and the ancillary chunks that change how the pixels
 * look: tRNS, gAMA, cHRM, sRGB, cICP, iCCP, sBIT, pHYs, and APNG's acTL,
 * fcTL, fdAT.  Dropped: every other ancillary chunk (eXIf, tEXt, zTXt, iTXt,
 * tIME, private ones, ...), and everything after IEND.  Refused: a chunk
 * longer than 2^31-1 bytes, a type that is not four letters, an unknown
 * critical chunk (the image cannot be drawn without it), a bad CRC, a
 * file that does not start with IHDR or has no IDAT before IEND, a file
 * without IEND.
 *
 * Invariant: the output, walked again, is the same bytes.
 */
#include <string.h>

#include "domain/image_formats.h"

enum {
	P_CHUNK = F_FORMAT, /* at a chunk's length and type */
	P_CRC               /* at a kept chunk's CRC */
};

/* f->flags */
#define SEEN_IHDR 1u
#define SEEN_IDAT 2u

static const char kept[][5] = { "IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA",
	"cHRM", "sRGB", "cICP", "iCCP", "sBIT", "pHYs", "acTL", "fcTL",
	"fdAT" };

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

#define TYPE(s)                                            \
	((uint32_t)(s)[0] << 24 | (uint32_t)(s)[1] << 16 | \
		(uint32_t)(s)[2] << 8 | (uint32_t)(s)[3])

static int damaged(const char *why)
{
	return petory__image_refuse("the PNG is damaged: %s", why);
}

int petory__png_start(petory__image_filter *f)
{
	/* the sniffer saw the whole 8-byte signature */
	f->state = P_CHUNK;
	return petory__image_pass(f, 8);
}

static int is_kept(const unsigned char *type)
{
	size_t i;
	for (i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		if (memcmp(type, kept[i], 4) == 0)
			return 1;
	return 0;
}

static int chunk(petory__image_filter *f)
{
	const unsigned char *type = held(f) + 4;
	uint32_t len;
	int i, error;

	if (f->len < 8)
		return 0;
	len = be32(held(f));
	if (len > 0x7fffffffu)
		return damaged("a chunk longer than 2^31-1 bytes");
	for (i = 0; i < 4; i++)
		if (!((type[i] >= 'A' && type[i] <= 'Z') ||
			    (type[i] >= 'a' && type[i] <= 'z')))
			return damaged("a chunk type that is not four letters");
	if (!(f->flags & SEEN_IHDR) &&
		(memcmp(type, "IHDR", 4) != 0 || len != 13))
		return damaged("it does not start with its header");
	if ((f->flags & SEEN_IHDR) && memcmp(type, "IHDR", 4) == 0)
		return damaged("a second header");
	if (!is_kept(type)) {
		if (!(type[0] & 0x20)) /* upper case: critical */
			return petory__image_refuse(
				"the PNG has a critical chunk %.4s this "
				"server does not know",
				(const char *)type);
		f->skip = (uint64_t)len + 4; /* data and CRC */
		f->skip_keep = 0;
		petory__image_consume(f, 8);
		return 1;
	}
	if (memcmp(type, "IEND", 4) == 0 && !(f->flags & SEEN_IDAT))
		return damaged("it ends before any image data");
	if (memcmp(type, "IDAT", 4) == 0)
		f->flags |= SEEN_IDAT;
	f->flags |= SEEN_IHDR;
	f->tag = be32(type);
	f->crc = petory__crc32(0, type, 4); /* the CRC covers type and data */
	if ((error = petory__image_pass(f, 8)) < 0)
		return error;
	f->crc_on = 1;
	f->skip = len;
	f->skip_keep = 1;
	f->state = P_CRC;
	return 1;
}

static int crc(petory__image_filter *f)
{
	if (f->len < 4)
		return 0;
	f->crc_on = 0;
	if (be32(held(f)) != f->crc)
		return damaged("a chunk's CRC does not match");
	f->state = f->tag == TYPE("IEND") ? F_DONE : P_CHUNK;
	return image_pass_on(f, 4);
}

int petory__png_step(petory__image_filter *f, int final)
{
	(void) final;
	return f->state == P_CRC ? crc(f) : chunk(f);
}
