/* images.c -- image types from magic bytes and the streaming filter that
 * strips EXIF GPS tags and XMP packets from JPEGs.  The test JPEG is built
 * here with libexif: SOI, APP0, APP1 Exif (a camera make and GPS
 * coordinates), APP1 XMP, COM, a scan and EOI. */
#include <stdlib.h>
#include <string.h>

#include <libexif/exif-data.h>

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

Test(images, jpeg_loses_gps_and_xmp_and_keeps_the_rest)
{
	sink in = jpeg_with_gps(), out = { 0 };
	unsigned gps;
	char make[64];

	exif_of(&in, &gps, make, sizeof(make));
	cr_assert_eq(gps, 4, "the test JPEG must carry GPS tags");
	cr_assert_str_eq(make, "PetoryCam");

	cr_assert_petory_ok(
		filter_run(&out, PETORY__IMG_JPEG, in.data, in.len, in.len));
	exif_of(&out, &gps, make, sizeof(make));
	cr_assert_eq(gps, 0, "GPS tags survived");
	cr_assert_str_eq(make, "PetoryCam", "the other tags must stay");
	cr_assert_not(contains(&out, "xmpmeta", 7), "the XMP packet stayed");
	cr_assert(contains(&out, "JFIF", 4));
	cr_assert(contains(&out, "a comment", 9));
	cr_assert(out.len > sizeof(scan));
	cr_assert_arr_eq(out.data + out.len - sizeof(scan), scan, sizeof(scan),
		"the image data must pass unchanged");
	cr_assert_arr_eq(out.data, "\xff\xd8\xff\xe0", 4);
	free(in.data);
	free(out.data);
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

Test(images, other_types_pass_unchanged)
{
	static const unsigned char gif[] =
		"GIF89a\x01\x00\x01\x00\x00\x00\x00;";
	sink out = { 0 };
	cr_assert_petory_ok(
		filter_run(&out, PETORY__IMG_GIF, gif, sizeof(gif) - 1, 3));
	cr_assert_eq(out.len, sizeof(gif) - 1);
	cr_assert_arr_eq(out.data, gif, out.len);
	free(out.data);
}

Test(images, refuses_what_is_not_the_declared_image)
{
	sink in = jpeg_with_gps(), out = { 0 };
	static const unsigned char text[] = "hello, this is plain text";

	cr_assert_petory_fails(PETORY_EMEDIATYPE, "UNSUPPORTED_MEDIA_TYPE",
		filter_run(&out, PETORY__IMG_PNG, in.data, in.len, 100));
	cr_assert_petory_fails(PETORY_EMEDIATYPE, NULL,
		filter_run(&out, PETORY__IMG_JPEG, text, sizeof(text) - 1, 4));
	/* a JPEG cut before its scan */
	cr_assert_petory_fails(PETORY_EMEDIATYPE, NULL,
		filter_run(&out, PETORY__IMG_JPEG, in.data, in.len / 2, 50));
	cr_assert_petory_fails(PETORY_EMEDIATYPE, NULL,
		filter_run(&out, PETORY__IMG_JPEG, in.data, 3, 1));
	/* nothing at all */
	cr_assert_petory_fails(PETORY_EMEDIATYPE, NULL,
		filter_run(&out, PETORY__IMG_PNG, text, 0, 1));
	/* a damaged segment chain */
	in.data[2 + 4 + 14] = 0x00;
	cr_assert_petory_fails(PETORY_EMEDIATYPE, NULL,
		filter_run(&out, PETORY__IMG_JPEG, in.data, in.len, in.len));
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

Test(images, unreadable_exif_is_dropped_whole)
{
	unsigned char *clean = (unsigned char *)"x";
	size_t len = 1;
	static const unsigned char junk[] = "Exif\0\0this is no TIFF header";
	cr_assert_petory_ok(
		petory__exif_strip_gps(&clean, &len, junk, sizeof(junk) - 1));
	cr_assert_null(clean);
	cr_assert_eq(len, 0);
}
