/* images.c -- image types from magic bytes and the streaming filter that
 * keeps only what renders (domain/image*.c).  The test JPEG is built here
 * with libexif: SOI, APP0, APP1 Exif (a camera make, an orientation and
 * GPS coordinates), APP1 XMP, COM, a scan and EOI; the PNG, GIF and WebP
 * by hand.  Each walker is also fed crafted damage: cut files, lengths
 * past the end, zero-length and huge units. */
#include <stdlib.h>
#include <string.h>

#include <libexif/exif-data.h>

#include "domain/image_formats.h"
#include "petory_test.h"

/* ---- a growing buffer the filter emits into ---- */

typedef struct sink {
	unsigned char *data;
	size_t len, cap;
	int fail_after; /* emit fails once len would pass it (0: never) */
} sink;

static int sink_emit(void *payload, const void *data, size_t n)
{
	sink *s = payload;
	if (s->fail_after && s->len + n > (size_t)s->fail_after)
		return petory_error_set(PETORY_EBACKEND, NULL, "disk full");
	if (s->len + n > s->cap) {
		s->cap = (s->len + n) * 2;
		s->data = realloc(s->data, s->cap);
		cr_assert_not_null(s->data);
	}
	memcpy(s->data + s->len, data, n);
	s->len += n;
	return 0;
}

static void put(sink *s, const void *p, size_t n)
{
	sink_emit(s, p, n);
}

/* ---- the test JPEG ---- */

static void add_entry(ExifContent *c, ExifTag tag, ExifFormat format,
	unsigned long components, const void *data, size_t size)
{
	ExifEntry *e = exif_entry_new();
	e->tag = tag;
	e->format = format;
	e->components = components;
	e->size = (unsigned int)size;
	e->data = malloc(size);
	memcpy(e->data, data, size);
	exif_content_add_entry(c, e);
	exif_entry_unref(e);
}

static void add_rationals(ExifContent *c, ExifTag tag, const unsigned *v)
{
	unsigned char buf[24];
	int i;
	for (i = 0; i < 3; i++) {
		ExifRational r = { v[i], 1 };
		exif_set_rational(buf + 8 * i, EXIF_BYTE_ORDER_INTEL, r);
	}
	add_entry(c, tag, EXIF_FORMAT_RATIONAL, 3, buf, sizeof(buf));
}

static const unsigned char scan[] = { 0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00,
	0x00, 0x3f, 0x00, 0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78, 0xff,
	0xd9 };
static const unsigned char sof0[] = { 8, 0, 1, 0, 1, 1, 1, 0x11, 0 };
static const char xmp[] = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>"
			  "<exif:GPSLatitude>37,33N</exif:GPSLatitude>"
			  "</x:xmpmeta>";

static void segment(sink *s, unsigned char marker, const void *p, size_t n)
{
	unsigned char head[4] = { 0xff, marker, (unsigned char)((n + 2) >> 8),
		(unsigned char)((n + 2) & 0xff) };
	put(s, head, 4);
	put(s, p, n);
}

static sink jpeg_with_gps(void)
{
	static const unsigned lat[3] = { 37, 33, 59 }, lon[3] = { 126, 58, 41 };
	static const unsigned char jfif[] = { 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0,
		1, 0, 1, 0, 0 };
	ExifData *ed = exif_data_new();
	unsigned char *payload = NULL;
	unsigned int plen = 0;
	sink s = { 0 };

	exif_data_set_byte_order(ed, EXIF_BYTE_ORDER_INTEL);
	add_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_MAKE, EXIF_FORMAT_ASCII, 10,
		"PetoryCam", 10);
	add_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION, EXIF_FORMAT_SHORT,
		1, "\x06\x00", 2);
	add_entry(ed->ifd[EXIF_IFD_GPS], (ExifTag)EXIF_TAG_GPS_LATITUDE_REF,
		EXIF_FORMAT_ASCII, 2, "N", 2);
	add_rationals(
		ed->ifd[EXIF_IFD_GPS], (ExifTag)EXIF_TAG_GPS_LATITUDE, lat);
	add_entry(ed->ifd[EXIF_IFD_GPS], (ExifTag)EXIF_TAG_GPS_LONGITUDE_REF,
		EXIF_FORMAT_ASCII, 2, "E", 2);
	add_rationals(
		ed->ifd[EXIF_IFD_GPS], (ExifTag)EXIF_TAG_GPS_LONGITUDE, lon);
	exif_data_save_data(ed, &payload, &plen);
	exif_data_unref(ed);
	cr_assert_not_null(payload);

	put(&s, "\xff\xd8", 2);
	segment(&s, 0xe0, jfif, sizeof(jfif));
	segment(&s, 0xe1, payload, plen);
	segment(&s, 0xe1, xmp, sizeof(xmp) - 1);
	segment(&s, 0xfe, "a comment", 9);
	segment(&s, 0xc0, sof0, sizeof(sof0));
	put(&s, scan, sizeof(scan));
	free(payload);
	return s;
}

/* The GPS entries and the make of the Exif segment in a JPEG. */
static void exif_of(
	const sink *jpeg, unsigned *gps_count, char *make, size_t make_size)
{
	ExifData *ed = exif_data_new_from_data(jpeg->data, (unsigned)jpeg->len);
	ExifEntry *e;
	cr_assert_not_null(ed);
	*gps_count = ed->ifd[EXIF_IFD_GPS]->count;
	make[0] = '\0';
	if ((e = exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_MAKE)))
		exif_entry_get_value(e, make, (unsigned)make_size);
	exif_data_unref(ed);
}

static int contains(const sink *s, const void *needle, size_t n)
{
	size_t i;
	for (i = 0; i + n <= s->len; i++)
		if (memcmp(s->data + i, needle, n) == 0)
			return 1;
	return 0;
}

/* Run data through a filter in pieces of `step` bytes. */
static int filter_run(sink *out, petory__image_type declared,
	const unsigned char *data, size_t len, size_t step)
{
	petory__image_filter f;
	size_t i;
	int error = 0;
	petory__image_filter_init(&f, declared, sink_emit, out);
	for (i = 0; i < len && !error; i += step)
		error = petory__image_filter_feed(
			&f, data + i, len - i < step ? len - i : step);
	if (!error)
		error = petory__image_filter_finish(&f);
	petory__image_filter_dispose(&f);
	return error;
}

/* ---- tests ---- */

Test(images, sniffs_the_four_types_from_their_bytes)
{
	static const unsigned char png[] = { 0x89, 'P', 'N', 'G', 0x0d, 0x0a,
		0x1a, 0x0a, 0, 0, 0, 13 };
	cr_assert_eq(petory__image_sniff(
			     (const unsigned char *)"\xff\xd8\xff\xe0", 4),
		PETORY__IMG_JPEG);
	cr_assert_eq(petory__image_sniff(png, sizeof(png)), PETORY__IMG_PNG);
	cr_assert_eq(
		petory__image_sniff((const unsigned char *)"GIF89a\x01\x00", 8),
		PETORY__IMG_GIF);
	cr_assert_eq(petory__image_sniff((const unsigned char *)"GIF87a", 6),
		PETORY__IMG_GIF);
	cr_assert_eq(petory__image_sniff((const unsigned char *)"RIFF\x24\0\0\0"
								"WEBPVP8 ",
			     16),
		PETORY__IMG_WEBP);
	cr_assert_eq(petory__image_sniff((const unsigned char *)"RIFF\x24\0\0\0"
								"WAVEfmt ",
			     16),
		PETORY__IMG_NONE);
	cr_assert_eq(petory__image_sniff((const unsigned char *)"GIF88a", 6),
		PETORY__IMG_NONE);
	cr_assert_eq(
		petory__image_sniff((const unsigned char *)"<svg xmlns=", 11),
		PETORY__IMG_NONE);
	/* too short to say */
	cr_assert_eq(petory__image_sniff((const unsigned char *)"RIFF", 4), -1);
	cr_assert_eq(petory__image_sniff(png, 5), -1);
	cr_assert_eq(petory__image_sniff((const unsigned char *)"", 0), -1);
}

Test(images, media_types)
{
	cr_assert_eq(petory__image_type_of("image/jpeg"), PETORY__IMG_JPEG);
	cr_assert_eq(petory__image_type_of("IMAGE/PNG; x=y"), PETORY__IMG_PNG);
	cr_assert_eq(petory__image_type_of("image/svg+xml"), PETORY__IMG_NONE);
	cr_assert_eq(petory__image_type_of("image/jpegx"), PETORY__IMG_NONE);
	cr_assert_eq(petory__image_type_of(NULL), PETORY__IMG_NONE);
	cr_assert_str_eq(petory__image_mime(PETORY__IMG_WEBP), "image/webp");
}

/* The orientation-only APP1 the JPEG walker writes (orientation 6). */
static const unsigned char orientation_app1[] = { 0xff, 0xe1, 0x00, 0x22, 'E',
	'x', 'i', 'f', 0, 0, 'M', 'M', 0x00, 0x2a, 0, 0, 0, 8, 0x00, 0x01, 0x01,
	0x12, 0x00, 0x03, 0, 0, 0, 1, 0x00, 6, 0, 0, 0, 0, 0, 0 };

static sink strip(petory__image_type type, const void *data, size_t len)
{
	sink out = { 0 };
	cr_assert_petory_ok(filter_run(&out, type, data, len, len));
	return out;
}

static void refused(petory__image_type type, const void *data, size_t len)
{
	sink out = { 0 };
	size_t step;
	for (step = 1; step <= len; step = step * 3 + 1)
		cr_assert_petory_fails(PETORY_EMEDIATYPE,
			"UNSUPPORTED_MEDIA_TYPE",
			filter_run(&out, type, data, len, step));
	free(out.data);
}

/* Stripping what was stripped changes nothing. */
static void idempotent(petory__image_type type, const sink *once)
{
	sink twice = strip(type, once->data, once->len);
	cr_assert_eq(twice.len, once->len);
	cr_assert_arr_eq(twice.data, once->data, once->len);
	free(twice.data);
}

Test(images, crc32_is_iso_3309)
{
	cr_assert_eq(petory__crc32(0, (const unsigned char *)"123456789", 9),
		0xcbf43926u);
	cr_assert_eq(petory__crc32(
			     petory__crc32(0, (const unsigned char *)"1234", 4),
			     (const unsigned char *)"56789", 5),
		0xcbf43926u);
}

Test(images, jpeg_keeps_only_what_renders)
{
	sink in = jpeg_with_gps(), out;
	unsigned gps;
	char make[64];

	exif_of(&in, &gps, make, sizeof(make));
	cr_assert_eq(gps, 4, "the test JPEG must carry GPS tags");
	cr_assert_str_eq(make, "PetoryCam");

	out = strip(PETORY__IMG_JPEG, in.data, in.len);
	cr_assert_not(contains(&out, "PetoryCam", 9), "the camera stayed");
	cr_assert_not(contains(&out, "xmpmeta", 7), "the XMP packet stayed");
	cr_assert_not(contains(&out, "a comment", 9), "the comment stayed");
	cr_assert(contains(&out, "JFIF", 4));
	cr_assert(contains(&out, orientation_app1, sizeof(orientation_app1)),
		"the orientation must stay, alone");
	exif_of(&out, &gps, make, sizeof(make));
	cr_assert_eq(gps, 0);
	cr_assert_arr_eq(out.data + out.len - sizeof(scan), scan, sizeof(scan),
		"the image data must pass unchanged");
	idempotent(PETORY__IMG_JPEG, &out);
	free(in.data);
	free(out.data);
}

Test(images, jpeg_drops_what_follows_eoi_and_odd_spellings)
{
	sink in = jpeg_with_gps(), out, doubled = { 0 };
	size_t single;

	out = strip(PETORY__IMG_JPEG, in.data, in.len);
	single = out.len;
	free(out.data);
	/* a second image after EOI (multi-picture files), then junk */
	put(&doubled, in.data, in.len);
	put(&doubled, in.data, in.len);
	put(&doubled, "trailing junk", 13);
	out = strip(PETORY__IMG_JPEG, doubled.data, doubled.len);
	cr_assert_eq(out.len, single);
	free(out.data);
	/* "Exif\0\xff" and "exif\0\0": dropped, and no orientation read */
	in.data[2 + 18 + 4 + 5] = 0xff;
	out = strip(PETORY__IMG_JPEG, in.data, in.len);
	cr_assert_not(contains(&out, "PetoryCam", 9));
	cr_assert_not(contains(&out, orientation_app1, 4));
	free(out.data);
	in.data[2 + 18 + 4 + 5] = 0;
	in.data[2 + 18 + 4] = 'e';
	out = strip(PETORY__IMG_JPEG, in.data, in.len);
	cr_assert_not(contains(&out, "PetoryCam", 9));
	free(out.data);
	free(in.data);
	free(doubled.data);
}

Test(images, the_result_does_not_depend_on_how_the_bytes_arrive)
{
	sink in = jpeg_with_gps(), whole = { 0 };
	size_t steps[] = { 1, 2, 3, 5, 7, 64, 1000 }, i;

	cr_assert_petory_ok(
		filter_run(&whole, PETORY__IMG_JPEG, in.data, in.len, in.len));
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		sink piecewise = { 0 };
		cr_assert_petory_ok(filter_run(&piecewise, PETORY__IMG_JPEG,
			in.data, in.len, steps[i]));
		cr_assert_eq(piecewise.len, whole.len, "step %zu", steps[i]);
		cr_assert_arr_eq(piecewise.data, whole.data, whole.len,
			"step %zu", steps[i]);
		free(piecewise.data);
	}
	free(in.data);
	free(whole.data);
}

Test(images, damaged_jpegs_are_refused)
{
	sink in = jpeg_with_gps();
	static const unsigned char zero_len[] = { 0xff, 0xd8, 0xff, 0xe1, 0x00,
		0x00, 0xff, 0xd9 };
	static const unsigned char one_len[] = { 0xff, 0xd8, 0xff, 0xfe, 0x00,
		0x01, 0xff, 0xd9 };
	static const unsigned char past_end[] = { 0xff, 0xd8, 0xff, 0xe1, 0xff,
		0xff, 'E', 'x', 'i', 'f', 0, 0 };
	static const unsigned char no_scan[] = { 0xff, 0xd8, 0xff, 0xd9 };
	static const unsigned char two_soi[] = { 0xff, 0xd8, 0xff, 0xd8 };
	static const unsigned char scan_first[] = { 0xff, 0xd8, 0xff, 0xda,
		0x00, 0x02, 0x00, 0xff, 0xd9 };
	/* an empty COM (length 2) is fine and dropped */
	static const unsigned char empty_com[] = { 0xff, 0xd8, 0xff, 0xfe, 0x00,
		0x02, 0xff, 0xc0, 0x00, 0x02, 0xff, 0xda, 0x00, 0x02, 0x12,
		0xff, 0xd9 };
	sink out;

	refused(PETORY__IMG_JPEG, zero_len, sizeof(zero_len));
	refused(PETORY__IMG_JPEG, one_len, sizeof(one_len));
	refused(PETORY__IMG_JPEG, past_end, sizeof(past_end));
	refused(PETORY__IMG_JPEG, no_scan, sizeof(no_scan));
	refused(PETORY__IMG_JPEG, two_soi, sizeof(two_soi));
	refused(PETORY__IMG_JPEG, scan_first, sizeof(scan_first));
	refused(PETORY__IMG_JPEG, in.data, in.len - 2); /* no EOI */
	refused(PETORY__IMG_JPEG, in.data, in.len / 2);
	/* junk between segments */
	in.data[2 + 18] = 0x00;
	refused(PETORY__IMG_JPEG, in.data, in.len);
	out = strip(PETORY__IMG_JPEG, empty_com, sizeof(empty_com));
	cr_assert_eq(out.len, sizeof(empty_com) - 4);
	free(out.data);
	free(in.data);
}

/* ---- PNG ---- */

static void png_chunk(sink *s, const char *type, const void *data, size_t n)
{
	unsigned char be[4] = { (unsigned char)(n >> 24),
		(unsigned char)(n >> 16), (unsigned char)(n >> 8),
		(unsigned char)n };
	uint32_t crc = petory__crc32(0, (const unsigned char *)type, 4);
	crc = petory__crc32(crc, data, n);
	put(s, be, 4);
	put(s, type, 4);
	put(s, data, n);
	be[0] = (unsigned char)(crc >> 24);
	be[1] = (unsigned char)(crc >> 16);
	be[2] = (unsigned char)(crc >> 8);
	be[3] = (unsigned char)crc;
	put(s, be, 4);
}

/* A 1x1 grey PNG; with_meta adds eXIf, tEXt and iTXt before IDAT. */
static sink png_1x1(int with_meta)
{
	static const unsigned char ihdr[13] = { 0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0,
		0, 0 };
	/* zlib: one stored block holding the row (filter 0, pixel 0) */
	static const unsigned char idat[] = { 0x78, 0x01, 0x01, 0x02, 0x00,
		0xfd, 0xff, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01 };
	sink s = { 0 };
	put(&s, "\x89PNG\r\n\x1a\n", 8);
	png_chunk(&s, "IHDR", ihdr, sizeof(ihdr));
	png_chunk(&s, "gAMA", "\0\0\xb1\x8f", 4);
	if (with_meta) {
		png_chunk(&s, "eXIf", "MM\0*GPS-SECRET", 14);
		png_chunk(&s, "tEXt", "Comment\0GPS-SECRET", 18);
		png_chunk(&s, "iTXt", "XML:com.adobe.xmp\0\0\0\0\0GPS-SECRET",
			32);
	}
	png_chunk(&s, "IDAT", idat, sizeof(idat));
	png_chunk(&s, "IEND", "", 0);
	return s;
}

Test(images, png_keeps_only_what_renders)
{
	sink clean = png_1x1(0), meta = png_1x1(1), out;
	out = strip(PETORY__IMG_PNG, meta.data, meta.len);
	cr_assert_eq(out.len, clean.len);
	cr_assert_arr_eq(out.data, clean.data, clean.len);
	idempotent(PETORY__IMG_PNG, &out);
	free(out.data);
	/* after IEND: dropped */
	put(&meta, "GPS-SECRET", 10);
	out = strip(PETORY__IMG_PNG, meta.data, meta.len);
	cr_assert_eq(out.len, clean.len);
	free(out.data);
	free(clean.data);
	free(meta.data);
}

Test(images, damaged_pngs_are_refused)
{
	sink good = png_1x1(1), bad = { 0 };
	size_t idat_crc = good.len - 12 - 4;

	refused(PETORY__IMG_PNG, good.data, good.len - 12); /* no IEND */
	refused(PETORY__IMG_PNG, good.data, good.len - 1);
	refused(PETORY__IMG_PNG, good.data, 20); /* cut in IHDR */
	/* a bad CRC on a kept chunk */
	good.data[idat_crc] ^= 1;
	refused(PETORY__IMG_PNG, good.data, good.len);
	good.data[idat_crc] ^= 1;
	/* a huge length, a length past the end, a bad type */
	put(&bad, good.data, 33);
	put(&bad, "\xff\xff\xff\xf0tEXt", 8);
	refused(PETORY__IMG_PNG, bad.data, bad.len);
	bad.len = 33;
	put(&bad, "\x7f\xff\xff\xf0tEXtshort", 13);
	refused(PETORY__IMG_PNG, bad.data, bad.len);
	bad.len = 33;
	png_chunk(&bad, "t3Xt", "x", 1);
	refused(PETORY__IMG_PNG, bad.data, bad.len);
	/* an unknown critical chunk; IDAT missing; IHDR not first */
	bad.len = 33;
	png_chunk(&bad, "LOCN", "x", 1);
	put(&bad, good.data + 33, good.len - 33);
	refused(PETORY__IMG_PNG, bad.data, bad.len);
	bad.len = 33;
	png_chunk(&bad, "IEND", "", 0);
	refused(PETORY__IMG_PNG, bad.data, bad.len);
	bad.len = 8;
	png_chunk(&bad, "gAMA", "\0\0\xb1\x8f", 4);
	put(&bad, good.data + 8, good.len - 8);
	refused(PETORY__IMG_PNG, bad.data, bad.len);
	free(good.data);
	free(bad.data);
}

/* ---- GIF ---- */

/* A 1x1 GIF89a: with_meta adds a comment and an XMP application
 * extension; always a NETSCAPE2.0 loop and a graphic control. */
static sink gif_1x1(int with_meta)
{
	static const unsigned char head[] = { 'G', 'I', 'F', '8', '9', 'a', 1,
		0, 1, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255 };
	static const unsigned char loop[] = { 0x21, 0xff, 11, 'N', 'E', 'T',
		'S', 'C', 'A', 'P', 'E', '2', '.', '0', 3, 1, 0, 0, 0 };
	static const unsigned char gce[] = { 0x21, 0xf9, 4, 0, 10, 0, 0, 0 };
	static const unsigned char image[] = { 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0,
		2, 2, 0x44, 0x01, 0, 0x3b };
	static const unsigned char comment[] = { 0x21, 0xfe, 10, 'G', 'P', 'S',
		'-', 'S', 'E', 'C', 'R', 'E', 'T', 0 };
	static const unsigned char app[] = { 0x21, 0xff, 11, 'X', 'M', 'P', ' ',
		'D', 'a', 't', 'a', 'X', 'M', 'P', 10, 'G', 'P', 'S', '-', 'S',
		'E', 'C', 'R', 'E', 'T', 0 };
	sink s = { 0 };
	put(&s, head, sizeof(head));
	put(&s, loop, sizeof(loop));
	if (with_meta) {
		put(&s, comment, sizeof(comment));
		put(&s, app, sizeof(app));
	}
	put(&s, gce, sizeof(gce));
	put(&s, image, sizeof(image));
	return s;
}

Test(images, gif_keeps_only_what_renders)
{
	sink clean = gif_1x1(0), meta = gif_1x1(1), out;
	put(&meta, "after the trailer", 17);
	out = strip(PETORY__IMG_GIF, meta.data, meta.len);
	cr_assert_eq(out.len, clean.len);
	cr_assert_arr_eq(out.data, clean.data, clean.len);
	cr_assert(contains(&out, "NETSCAPE2.0", 11), "the loop must stay");
	idempotent(PETORY__IMG_GIF, &out);
	free(out.data);
	free(clean.data);
	free(meta.data);
}

Test(images, damaged_gifs_are_refused)
{
	sink good = gif_1x1(1);
	refused(PETORY__IMG_GIF, good.data, good.len - 1); /* no trailer */
	refused(PETORY__IMG_GIF, good.data, 10);
	refused(PETORY__IMG_GIF, good.data, 30); /* cut in a sub-block */
	good.data[19] = 0x99;                    /* not a block */
	refused(PETORY__IMG_GIF, good.data, good.len);
	free(good.data);
}

/* ---- WebP ---- */

static void riff_chunk(sink *s, const char *fourcc, const void *p, size_t n)
{
	unsigned char le[4] = { (unsigned char)n, (unsigned char)(n >> 8),
		(unsigned char)(n >> 16), (unsigned char)(n >> 24) };
	put(s, fourcc, 4);
	put(s, le, 4);
	put(s, p, n);
	if (n & 1)
		put(s, "", 1);
}

static void riff_close(sink *s)
{
	size_t n = s->len - 8;
	s->data[4] = (unsigned char)n;
	s->data[5] = (unsigned char)(n >> 8);
	s->data[6] = (unsigned char)(n >> 16);
	s->data[7] = (unsigned char)(n >> 24);
}

/* An extended WebP (VP8X with the EXIF and XMP flags) around a VP8L
 * stand-in; with_meta adds EXIF, XMP and an unknown chunk, and an
 * animation frame holding an unknown chunk. */
static sink webp(int with_meta)
{
	static const unsigned char vp8x[10] = { 0x0c | 0x02, 0, 0, 0, 0, 0, 0,
		0, 0, 0 };
	unsigned char anmf[16 + 8 + 5 + 1 + 8 + 10] = { 0 };
	sink s = { 0 }, frame = { 0 };
	put(&s, "RIFF\0\0\0\0WEBP", 12);
	riff_chunk(&s, "VP8X", vp8x, sizeof(vp8x));
	riff_chunk(&s, "ANIM", "\0\0\0\0\0\0", 6);
	put(&frame, anmf, 16);
	riff_chunk(&frame, "VP8L", "\x2f\0\0\0\0", 5);
	if (with_meta)
		riff_chunk(&frame, "LOCN", "GPS-SECRET", 10);
	riff_chunk(&s, "ANMF", frame.data, frame.len);
	if (with_meta) {
		riff_chunk(&s, "EXIF", "MM\0*GPS-SECRET", 14);
		riff_chunk(&s, "XMP ", "GPS-SECRET!", 11);
	}
	riff_close(&s);
	free(frame.data);
	(void)anmf;
	return s;
}

Test(images, webp_keeps_only_what_renders)
{
	sink clean = webp(0), meta = webp(1), out;
	clean.data[20] &= (unsigned char)~0x0c; /* the flags, cleared */
	put(&meta, "after the RIFF", 14);
	out = strip(PETORY__IMG_WEBP, meta.data, meta.len);
	cr_assert_eq(out.len, clean.len);
	cr_assert_arr_eq(out.data, clean.data, clean.len);
	cr_assert_not(contains(&out, "GPS-SECRET", 10));
	idempotent(PETORY__IMG_WEBP, &out);
	free(out.data);
	free(clean.data);
	free(meta.data);
}

Test(images, damaged_webps_are_refused)
{
	sink good = webp(1), bad = { 0 };
	refused(PETORY__IMG_WEBP, good.data, good.len - 1); /* RIFF past end */
	/* a chunk past the end of the RIFF */
	put(&bad, good.data, good.len);
	bad.data[good.len - 13] = 0x7f; /* the XMP chunk's size */
	refused(PETORY__IMG_WEBP, bad.data, bad.len);
	/* no image data, a short VP8X, VP8X not first */
	bad.len = 0;
	put(&bad, "RIFF\0\0\0\0WEBP", 12);
	riff_chunk(&bad, "EXIF", "x", 1);
	riff_close(&bad);
	refused(PETORY__IMG_WEBP, bad.data, bad.len);
	bad.len = 12;
	riff_chunk(&bad, "VP8X", "\0\0", 2);
	riff_chunk(&bad, "VP8L", "\x2f\0\0\0\0", 5);
	riff_close(&bad);
	refused(PETORY__IMG_WEBP, bad.data, bad.len);
	bad.len = 12;
	riff_chunk(&bad, "VP8L", "\x2f\0\0\0\0", 5);
	riff_chunk(&bad, "VP8X", "\0\0\0\0\0\0\0\0\0\0", 10);
	riff_close(&bad);
	refused(PETORY__IMG_WEBP, bad.data, bad.len);
	/* an animation frame shorter than its header */
	bad.len = 12;
	riff_chunk(&bad, "ANMF", "short", 5);
	riff_close(&bad);
	refused(PETORY__IMG_WEBP, bad.data, bad.len);
	free(good.data);
	free(bad.data);
}

Test(images, refuses_what_is_not_the_declared_image)
{
	sink in = jpeg_with_gps(), out = { 0 };
	static const unsigned char text[] = "hello, this is plain text";

	cr_assert_petory_fails(PETORY_EMEDIATYPE, "UNSUPPORTED_MEDIA_TYPE",
		filter_run(&out, PETORY__IMG_PNG, in.data, in.len, 100));
	cr_assert_petory_fails(PETORY_EMEDIATYPE, NULL,
		filter_run(&out, PETORY__IMG_JPEG, text, sizeof(text) - 1, 4));
	cr_assert_petory_fails(PETORY_EMEDIATYPE, NULL,
		filter_run(&out, PETORY__IMG_JPEG, in.data, 3, 1));
	/* nothing at all */
	cr_assert_petory_fails(PETORY_EMEDIATYPE, NULL,
		filter_run(&out, PETORY__IMG_PNG, text, 0, 1));
	free(in.data);
	free(out.data);
}

Test(images, a_failing_sink_stops_the_filter)
{
	sink in = jpeg_with_gps(), out = { 0 };
	out.fail_after = 30;
	cr_assert_petory_fails(PETORY_EBACKEND, NULL,
		filter_run(&out, PETORY__IMG_JPEG, in.data, in.len, 16));
	free(in.data);
	free(out.data);
}
