/* image_gif.c -- the GIF walker of the image filter (image_formats.h).
 *
 * Kept, as they come: the header and logical screen descriptor with its
 * global colour table, each image (descriptor, local colour table, LZW
 * data), graphic control and plain text extensions (they change what is
 * drawn), the looping application extensions NETSCAPE2.0 and ANIMEXTS1.0,
 * and the trailer.  Dropped: comment extensions, every other application
 * extension (XMP DataXMP, ICC, private ones), unknown extensions, and
 * everything after the trailer.  Refused: a block that is neither an
 * image, an extension nor the trailer, and a file without trailer.
 *
 * Invariant: the output, walked again, is the same bytes.
 */
#include <string.h>

#include "domain/image_formats.h"

enum {
	G_SCREEN = F_FORMAT, /* at the header and screen descriptor */
	G_BLOCK,             /* at a block's introducer */
	G_LZW,               /* at an image's LZW minimum code size */
	G_SUB                /* at a data sub-block (or the terminator) */
};

static size_t colour_table(unsigned char packed)
{
	return packed & 0x80 ? (size_t)3 << ((packed & 7) + 1) : 0;
}

int petory__gif_start(petory__image_filter *f)
{
	f->state = G_SCREEN;
	return 0;
}

/* Data sub-blocks follow: pass (keep) or drop them up to the terminator. */
static int sub_blocks(petory__image_filter *f, size_t head, int keep)
{
	f->state = G_SUB;
	f->skip_keep = keep;
	if (keep)
		return image_pass_on(f, head);
	petory__image_consume(f, head);
	return 1;
}

static int extension(petory__image_filter *f)
{
	unsigned char label;
	if (f->len < 2)
		return 0;
	label = held(f)[1];
	if (label == 0xf9 || label == 0x01) /* graphic control, plain text */
		return sub_blocks(f, 2, 1);
	if (label == 0xff) {
		/* the first sub-block names the application */
		if (f->len < 3 || (held(f)[2] == 11 && f->len < 14))
			return 0;
		return sub_blocks(f, 2,
			held(f)[2] == 11 &&
				(memcmp(held(f) + 3, "NETSCAPE2.0", 11) == 0 ||
					memcmp(held(f) + 3, "ANIMEXTS1.0",
						11) == 0));
	}
	return sub_blocks(f, 2, 0); /* comments and the unknown */
}

static int block(petory__image_filter *f)
{
	if (f->len < 1)
		return 0;
	switch (held(f)[0]) {
	case 0x3b: /* trailer */
		f->state = F_DONE;
		return image_pass_on(f, 1);
	case 0x2c: /* image descriptor, then its colour table */
		if (f->len < 10)
			return 0;
		f->skip = colour_table(held(f)[9]);
		f->skip_keep = 1;
		f->state = G_LZW;
		return image_pass_on(f, 10);
	case 0x21:
		return extension(f);
	default:
		return petory__image_refuse(
			"the GIF is damaged: an unknown block");
	}
}

int petory__gif_step(petory__image_filter *f, int final)
{
	(void) final;
	switch (f->state) {
	case G_SCREEN:
		if (f->len < 13)
			return 0;
		f->skip = colour_table(held(f)[10]);
		f->skip_keep = 1;
		f->state = G_BLOCK;
		return image_pass_on(f, 13);
	case G_LZW:
		if (f->len < 1)
			return 0;
		return sub_blocks(f, 1, 1);
	case G_SUB:
		if (f->len < 1)
			return 0;
		if (held(f)[0] == 0)
			f->state = G_BLOCK;
		else
			f->skip = held(f)[0];
		if (f->skip_keep)
			return image_pass_on(f, 1);
		petory__image_consume(f, 1);
		return 1;
	default:
		return block(f);
	}
}
