/* image.c -- what an upload really is: image types from their magic
 * bytes, and a streaming JPEG filter that drops location data.
 *
 * The filter sees the upload once, piece by piece, and passes the bytes on
 * through its emit callback.  It first holds back up to 12 bytes to learn
 * the type, which must be the declared one.  A PNG, GIF or WebP then
 * flows through untouched.  A JPEG is walked segment by segment up to its
 * first scan (SOS): an APP1 "Exif" segment (at most 64 KiB) is held whole
 * and re-emitted without its GPS IFD (libexif); an APP1 XMP packet, which
 * may repeat the coordinates, is dropped; every other segment and
 * everything from the scan on flow through as they come.  So at most one
 * segment is ever held in memory, whatever the size of the upload.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libexif/exif-data.h>

#include "domain/domain.h"

/* ---------------------------------------------------------------- */
/* types */

static const struct {
	const char *mime;
	petory__image_type type;
} mimes[] = {
	{ "image/jpeg", PETORY__IMG_JPEG },
	{ "image/png", PETORY__IMG_PNG },
	{ "image/gif", PETORY__IMG_GIF },
	{ "image/webp", PETORY__IMG_WEBP },
};

petory__image_type petory__image_type_of(const char *ct)
{
	size_t i, n;
	if (!ct)
		return PETORY__IMG_NONE;
	ct += strspn(ct, " \t");
	n = strcspn(ct, "; \t");
	for (i = 0; i < sizeof(mimes) / sizeof(mimes[0]); i++)
		if (strlen(mimes[i].mime) == n &&
			strncasecmp(ct, mimes[i].mime, n) == 0)
			return mimes[i].type;
	return PETORY__IMG_NONE;
}

const char *petory__image_mime(petory__image_type type)
{
	size_t i;
	for (i = 0; i < sizeof(mimes) / sizeof(mimes[0]); i++)
		if (mimes[i].type == type)
			return mimes[i].mime;
	return "application/octet-stream";
}

/* JPEG: FF D8 FF.  PNG: 89 'PNG' 0D 0A 1A 0A.  GIF: 'GIF87a' or 'GIF89a'.
 * WebP: 'RIFF' <size> 'WEBP'. */
static const struct {
	const char *magic;
	size_t len;
	petory__image_type type;
} magics[] = {
	{ "\xff\xd8\xff", 3, PETORY__IMG_JPEG },
	{ "\x89PNG\r\n\x1a\n", 8, PETORY__IMG_PNG },
	{ "GIF87a", 6, PETORY__IMG_GIF },
	{ "GIF89a", 6, PETORY__IMG_GIF },
	{ "RIFF????WEBP", 12, PETORY__IMG_WEBP },
};

/* '?' in a magic matches any byte. */
static int magic_match(const char *magic, const unsigned char *p, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (magic[i] != '?' && (unsigned char)magic[i] != p[i])
			return 0;
	return 1;
}

int petory__image_sniff(const unsigned char *p, size_t n)
{
	int maybe = 0;
	size_t i;
	for (i = 0; i < sizeof(magics) / sizeof(magics[0]); i++) {
		if (!magic_match(magics[i].magic, p,
			    n < magics[i].len ? n : magics[i].len))
			continue;
		if (n >= magics[i].len)
			return magics[i].type;
		maybe = 1;
	}
	return maybe ? -1 : PETORY__IMG_NONE;
}

/* ---------------------------------------------------------------- */
/* EXIF */

int petory__exif_strip_gps(unsigned char **out, size_t *out_len,
	const unsigned char *payload, size_t len)
{
	ExifData *ed;
	ExifContent *gps, *ifd0;
	ExifEntry *ptr;
	unsigned char *saved = NULL;
	unsigned int saved_len = 0;

	*out = NULL;
	*out_len = 0;
	if (len < 6 || memcmp(payload, "Exif\0\0", 6) != 0 || len > 65533)
		return 0;
	if (!(ed = exif_data_new()))
		return petory__error_oom();
	/* Keep what is there: no tags added or "fixed" on the way. */
	exif_data_unset_option(ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
	exif_data_load_data(ed, payload, (unsigned int)len);
	ifd0 = ed->ifd[EXIF_IFD_0];
	if (!ifd0 || ifd0->count == 0) {
		/* Nothing libexif could read: drop the segment rather than
		 * pass on bytes nobody looked at. */
		exif_data_unref(ed);
		return 0;
	}
	gps = ed->ifd[EXIF_IFD_GPS];
	while (gps && gps->count > 0)
		exif_content_remove_entry(gps, gps->entries[gps->count - 1]);
	if ((ptr = exif_content_get_entry(
		     ifd0, EXIF_TAG_GPS_INFO_IFD_POINTER)) != NULL)
		exif_content_remove_entry(ifd0, ptr);
	exif_data_save_data(ed, &saved, &saved_len);
	exif_data_unref(ed);
	/* The segment length field counts itself: 2 + payload <= 65535. */
	if (!saved || saved_len < 6 || saved_len > 65533) {
		free(saved);
		return 0;
	}
	*out = saved;
	*out_len = saved_len;
	return 0;
}

/* ---------------------------------------------------------------- */
/* the streaming filter */

enum {
	F_SNIFF = 0, /* holding the first bytes */
	F_MARKER,    /* JPEG: at a marker */
	F_SKIP,      /* JPEG: passing the rest of a segment */
	F_PASS       /* everything else: through */
};

#define SNIFF_BYTES 12
/* a whole APP1 segment (2 + 65535) plus room for one more piece */
#define HOLD_MAX (2 + 65535 + 2)

static int not_image(const char *why)
{
	return petory_error_set(
		PETORY_EMEDIATYPE, "UNSUPPORTED_MEDIA_TYPE", "%s", why);
}

void petory__image_filter_init(petory__image_filter *f,
	petory__image_type declared, petory__emit_fn emit, void *payload)
{
	memset(f, 0, sizeof(*f));
	f->declared = declared;
	f->emit = emit;
	f->payload = payload;
}

void petory__image_filter_dispose(petory__image_filter *f)
{
	free(f->buf);
	f->buf = NULL;
	f->len = f->cap = 0;
}

static void consume(petory__image_filter *f, size_t n)
{
	memmove(f->buf, f->buf + n, f->len - n);
	f->len -= n;
}

static int emit_consume(petory__image_filter *f, size_t n)
{
	int error = n ? f->emit(f->payload, f->buf, n) : 0;
	consume(f, n);
	return error;
}

static int is_xmp(const unsigned char *p, size_t n)
{
	static const char std[] = "http://ns.adobe.com/xap/1.0/";
	static const char ext[] = "http://ns.adobe.com/xmp/extension/";
	return (n >= sizeof(std) && memcmp(p, std, sizeof(std)) == 0) ||
	       (n >= sizeof(ext) && memcmp(p, ext, sizeof(ext)) == 0);
}

/* An APP1 segment, whole in buf[0 .. 2 + seg_len). */
static int app1(petory__image_filter *f, size_t seg_len)
{
	const unsigned char *payload = f->buf + 4;
	size_t plen = seg_len - 2;
	unsigned char *clean = NULL, head[4];
	size_t clean_len = 0;
	int error;

	if (plen >= 6 && memcmp(payload, "Exif\0\0", 6) == 0) {
		if ((error = petory__exif_strip_gps(
			     &clean, &clean_len, payload, plen)) < 0)
			return error;
		if (clean) {
			head[0] = 0xff;
			head[1] = 0xe1;
			head[2] = (unsigned char)((clean_len + 2) >> 8);
			head[3] = (unsigned char)((clean_len + 2) & 0xff);
			error = f->emit(f->payload, head, 4);
			if (!error)
				error = f->emit(f->payload, clean, clean_len);
			free(clean);
			if (error)
				return error;
		}
		consume(f, 2 + seg_len);
		return 0;
	}
	if (is_xmp(payload, plen)) {
		consume(f, 2 + seg_len);
		return 0;
	}
	return emit_consume(f, 2 + seg_len);
}

/* Advance the JPEG walk as far as the held bytes allow. */
static int jpeg_step(petory__image_filter *f)
{
	int error;
	for (;;) {
		if (f->state == F_PASS)
			return emit_consume(f, f->len);
		if (f->state == F_SKIP) {
			size_t n = f->skip < f->len ? (size_t)f->skip : f->len;
			if ((error = emit_consume(f, n)) < 0)
				return error;
			f->skip -= n;
			if (f->skip > 0)
				return 0;
			f->state = F_MARKER;
			continue;
		}
		/* F_MARKER */
		if (f->len < 2)
			return 0;
		if (f->buf[0] != 0xff)
			return not_image("the JPEG is damaged");
		unsigned char m = f->buf[1];
		if (m == 0xff) { /* fill byte */
			consume(f, 1);
			continue;
		}
		if (m == 0x00 || m == 0xd8)
			return not_image("the JPEG is damaged");
		if ((m >= 0xd0 && m <= 0xd7) || m == 0x01) {
			if ((error = emit_consume(f, 2)) < 0)
				return error;
			continue;
		}
		if (m == 0xda || m == 0xd9) { /* scan or end: the rest flows */
			f->state = F_PASS;
			continue;
		}
		if (f->len < 4)
			return 0;
		size_t seg_len = ((size_t)f->buf[2] << 8) | f->buf[3];
		if (seg_len < 2)
			return not_image("the JPEG is damaged");
		if (m == 0xe1) {
			if (f->len < 2 + seg_len)
				return 0; /* hold the whole segment */
			if ((error = app1(f, seg_len)) < 0)
				return error;
			continue;
		}
		if ((error = emit_consume(f, 4)) < 0)
			return error;
		f->skip = seg_len - 2;
		f->state = F_SKIP;
	}
}

static int sniffed(petory__image_filter *f, int type)
{
	if (type <= 0 || type != (int)f->declared)
		return not_image(type > 0 ? "the bytes are not of the declared "
					    "image type"
					  : "the bytes are not a JPEG, PNG, "
					    "GIF or WebP image");
	f->type = (petory__image_type)type;
	if (f->type != PETORY__IMG_JPEG) {
		f->state = F_PASS;
		return emit_consume(f, f->len);
	}
	/* SOI, then the first marker */
	f->state = F_MARKER;
	return emit_consume(f, 2);
}

static int hold(petory__image_filter *f, const unsigned char *p, size_t n)
{
	if (f->len + n > f->cap) {
		size_t cap = f->cap ? f->cap : 4096;
		unsigned char *grown;
		while (cap < f->len + n)
			cap *= 2;
		if (!(grown = realloc(f->buf, cap)))
			return petory__error_oom();
		f->buf = grown;
		f->cap = cap;
	}
	memcpy(f->buf + f->len, p, n);
	f->len += n;
	return 0;
}

int petory__image_filter_feed(
	petory__image_filter *f, const void *data, size_t n)
{
	const unsigned char *p = data;
	int error = 0;

	while (n > 0 && error == 0) {
		size_t take;
		/* Past the headers nothing needs holding. */
		if (f->state == F_PASS && f->len == 0)
			return f->emit(f->payload, p, n);
		if (f->state == F_SKIP && f->len == 0) {
			take = f->skip < n ? (size_t)f->skip : n;
			if ((error = f->emit(f->payload, p, take)) < 0)
				return error;
			f->skip -= take;
			p += take;
			n -= take;
			if (f->skip == 0)
				f->state = F_MARKER;
			continue;
		}
		take = HOLD_MAX - f->len < n ? HOLD_MAX - f->len : n;
		if (f->state == F_SNIFF && f->len + take > SNIFF_BYTES)
			take = SNIFF_BYTES - f->len;
		if ((error = hold(f, p, take)) < 0)
			return error;
		p += take;
		n -= take;
		if (f->state == F_SNIFF) {
			int type = petory__image_sniff(f->buf, f->len);
			if (type < 0)
				continue;
			if ((error = sniffed(f, type)) < 0)
				return error;
		}
		if (f->type == PETORY__IMG_JPEG)
			error = jpeg_step(f);
	}
	return error;
}

int petory__image_filter_finish(petory__image_filter *f)
{
	int error;
	if (f->state == F_SNIFF) {
		int type = f->len ? petory__image_sniff(f->buf, f->len) : 0;
		if ((error = sniffed(f, type < 0 ? 0 : type)) < 0)
			return error;
		if (f->type == PETORY__IMG_JPEG && (error = jpeg_step(f)) < 0)
			return error;
	}
	if (f->type == PETORY__IMG_JPEG && f->state != F_PASS)
		return not_image("the JPEG ends before its image data");
	return f->len ? emit_consume(f, f->len) : 0;
}
