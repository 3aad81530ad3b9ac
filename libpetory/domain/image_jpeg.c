/* image_jpeg.c -- the JPEG walker of the image filter (image_formats.h).
 *
 * Kept, as they come: SOI; the tables and frame (DQT, DHT, DAC, DRI,
 * every SOFn, DNL, DHP, EXP); APP0 "JFIF" without thumbnail, APP2
 * "ICC_PROFILE" and APP14 "Adobe" (colour); each SOS and its entropy-coded
 * data (with RSTn); EOI.  Dropped: every other APPn (EXIF, XMP, MPF,
 * IPTC, ...), COM, fill bytes, and everything after the first EOI (a
 * second image, trailing data).  The one thing of EXIF a viewer needs,
 * the orientation, is read with libexif and written back alone in a
 * fresh APP1 of ours (once, where the first EXIF segment was), so a
 * portrait photo stays upright.  Refused: bytes that are no marker where
 * one must be, a second SOI, a scan before a frame header, an EOI before
 * a scan, a segment shorter than its length field, a file without EOI.
 *
 * Invariant: the output, walked again, is the same bytes.
 */
#include <string.h>

#include <libexif/exif-data.h>

#include "domain/image_formats.h"

enum {
	J_MARKER = F_FORMAT, /* at a marker */
	J_SCAN               /* in entropy-coded data */
};

/* f->flags */
#define SEEN_FRAME 1u
#define SEEN_SCAN 2u
#define WROTE_ORIENTATION 4u

static int damaged(const char *why)
{
	return petory__image_refuse("the JPEG is damaged: %s", why);
}

int petory__jpeg_start(petory__image_filter *f)
{
	/* the sniffer saw FF D8 FF */
	f->state = J_MARKER;
	return petory__image_pass(f, 2);
}

/* The EXIF orientation (1-8) of an APP1 payload, 0 when it has none. */
static int exif_orientation(const unsigned char *payload, size_t len)
{
	ExifData *ed;
	ExifEntry *e;
	int orientation = 0;

	if (!(ed = exif_data_new()))
		return 0;
	exif_data_unset_option(ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
	exif_data_unset_option(ed, EXIF_DATA_OPTION_IGNORE_UNKNOWN_TAGS);
	exif_data_load_data(ed, payload, (unsigned int)len);
	e = exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
	if (e && e->format == EXIF_FORMAT_SHORT && e->components == 1 &&
		e->data && e->size >= 2)
		orientation =
			exif_get_short(e->data, exif_data_get_byte_order(ed));
	exif_data_unref(ed);
	return orientation >= 1 && orientation <= 8 ? orientation : 0;
}

/* An APP1 holding nothing but the orientation: "Exif\0\0", a big-endian
 * TIFF header, IFD0 with one SHORT entry (0x0112), no next IFD. */
static int write_orientation(petory__image_filter *f, int orientation)
{
	unsigned char seg[4 + 32] = { 0xff, 0xe1, 0x00, 0x22, 'E', 'x', 'i',
		'f', 0, 0, 'M', 'M', 0x00, 0x2a, 0, 0, 0, 8, 0x00, 0x01, 0x01,
		0x12, 0x00, 0x03, 0, 0, 0, 1, 0x00, 0, 0, 0, 0, 0, 0, 0 };
	seg[29] = (unsigned char)orientation;
	return petory__image_emit(f, seg, sizeof(seg));
}

/* An APP1, whole in buf[0 .. seg_len + 2): only an EXIF orientation
 * other than the default leaves, in a segment of ours. */
static int app1(petory__image_filter *f, size_t seg_len)
{
	const unsigned char *payload = held(f) + 4;
	size_t plen = seg_len - 2;
	int orientation, error = 0;

	if (!(f->flags & WROTE_ORIENTATION) && plen >= 6 &&
		memcmp(payload, "Exif\0\0", 6) == 0) {
		orientation = exif_orientation(payload, plen);
		if (orientation > 1) {
			error = write_orientation(f, orientation);
			f->flags |= WROTE_ORIENTATION;
		}
	}
	petory__image_consume(f, seg_len + 2);
	return error < 0 ? error : 1;
}

/* Is an APPn whose payload starts with p (n bytes held, seg_len its
 * length field) one that renders? */
static int app_renders(
	unsigned char m, const unsigned char *p, size_t n, size_t seg_len)
{
	if (m == 0xe0) /* JFIF 1.0x, without thumbnail */
		return seg_len == 16 && n >= 5 && memcmp(p, "JFIF\0", 5) == 0;
	if (m == 0xe2)
		return n >= 12 && memcmp(p, "ICC_PROFILE\0", 12) == 0;
	if (m == 0xee) /* the colour transform of Adobe's CMYK/YCCK */
		return seg_len == 14 && n >= 5 && memcmp(p, "Adobe", 5) == 0;
	return 0;
}

/* Markers of segments that carry the image itself. */
static int renders(unsigned char m)
{
	return (m >= 0xc0 && m <= 0xcf && m != 0xc8) || /* SOFn DHT DAC */
	       (m >= 0xdb && m <= 0xdf); /* DQT DNL DRI DHP EXP */
}

static int is_frame(unsigned char m)
{
	return m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc;
}

static int marker(petory__image_filter *f, int final)
{
	unsigned char m;
	size_t seg_len, need;

	(void) final;
	if (f->len < 2)
		return 0;
	if (held(f)[0] != 0xff)
		return damaged("bytes where a marker must be");
	m = held(f)[1];
	if (m == 0xff) { /* a fill byte */
		petory__image_consume(f, 1);
		return 1;
	}
	if (m == 0xd9) { /* EOI */
		if (!(f->flags & SEEN_SCAN))
			return damaged("it ends before any image data");
		f->state = F_DONE;
		return image_pass_on(f, 2);
	}
	if (m == 0x00 || m == 0x01 || (m >= 0xd0 && m <= 0xd8))
		return damaged("a marker out of place");
	if (f->len < 4)
		return 0;
	seg_len = ((size_t)held(f)[2] << 8) | held(f)[3];
	if (seg_len < 2)
		return damaged("a segment shorter than its length field");
	if (m == 0xda) { /* SOS: held whole, then the data */
		if (!(f->flags & SEEN_FRAME))
			return damaged("a scan before the frame header");
		if (f->len < seg_len + 2)
			return 0;
		f->flags |= SEEN_SCAN;
		f->state = J_SCAN;
		return image_pass_on(f, seg_len + 2);
	}
	if (m == 0xe1) {
		if (f->len < seg_len + 2)
			return 0;
		return app1(f, seg_len);
	}
	if (m >= 0xe0 && m <= 0xef) {
		need = seg_len - 2 < 12 ? seg_len - 2 : 12;
		if (f->len < 4 + need)
			return 0;
		f->skip_keep = app_renders(m, held(f) + 4, need, seg_len);
	} else {
		f->skip_keep = renders(m);
		if (is_frame(m))
			f->flags |= SEEN_FRAME;
	}
	f->skip = seg_len - 2;
	if (f->skip_keep)
		return image_pass_on(f, 4);
	petory__image_consume(f, 4);
	return 1;
}

/* Entropy-coded data: through up to the marker that ends it.  FF 00 is a
 * stuffed FF, FF D0-D7 a restart; FF FF is fill before a marker. */
static int scan(petory__image_filter *f)
{
	size_t i = 0;
	int error;
	for (;;) {
		const unsigned char *ff = memchr(held(f) + i, 0xff, f->len - i);
		if (!ff) {
			i = f->len;
			break;
		}
		i = (size_t)(ff - held(f));
		if (i + 1 >= f->len)
			break; /* FF at the end: wait for the next byte */
		if (held(f)[i + 1] == 0x00 ||
			(held(f)[i + 1] >= 0xd0 && held(f)[i + 1] <= 0xd7)) {
			i += 2;
			continue;
		}
		/* a marker (or fill before one): the scan is over */
		if ((error = petory__image_pass(f, i)) < 0)
			return error;
		f->state = J_MARKER;
		return 1;
	}
	if (i == 0)
		return 0;
	return image_pass_on(f, i);
}

int petory__jpeg_step(petory__image_filter *f, int final)
{
	return f->state == J_SCAN ? scan(f) : marker(f, final);
}
