/* image.c -- what an upload really is: image types from their magic
 * bytes, and the streaming filter that keeps only what renders.
 *
 * The filter sees the upload once, piece by piece, and passes the bytes on
 * through its emit callback.  It first holds back up to 12 bytes to learn
 * the type, which must be the declared one, then hands the stream to that
 * format's walker (image_formats.h): an allow-list of the segments,
 * chunks or blocks an image needs, so metadata goes whatever its spelling
 * or place, and a file that is not well-formed is refused.  Held in
 * memory: one unit at most (a JPEG segment, 64 KiB), except for WebP,
 * whose RIFF size precedes its chunks: a WebP is held whole (the upload's
 * declared size, at most --max-upload-size, bounds it).
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/domain.h"
#include "domain/image_formats.h"

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
/* what the walkers share */

int petory__image_refuse(const char *fmt, ...)
{
	char why[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return petory_error_set(
		PETORY_EMEDIATYPE, "UNSUPPORTED_MEDIA_TYPE", "%s", why);
}

static uint32_t crc_table[256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void crc_table_fill(void)
{
	uint32_t c, n, k;
	for (n = 0; n < 256; n++) {
		for (c = n, k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[n] = c;
	}
}

uint32_t petory__crc32(uint32_t crc, const unsigned char *p, size_t n)
{
	pthread_once(&crc_once, crc_table_fill);
	crc = ~crc;
	while (n--)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

int petory__image_emit(petory__image_filter *f, const void *p, size_t n)
{
	if (n == 0)
		return 0;
	if (f->crc_on)
		f->crc = petory__crc32(f->crc, p, n);
	return f->emit(f->payload, p, n);
}

void petory__image_consume(petory__image_filter *f, size_t n)
{
	/* no memmove per unit (a file of tiny segments would move its held
	 * bytes once per segment): the start moves, hold() compacts */
	f->off += n;
	f->len -= n;
	if (f->len == 0)
		f->off = 0;
}

int petory__image_pass(petory__image_filter *f, size_t n)
{
	int error = petory__image_emit(f, held(f), n);
	petory__image_consume(f, n);
	return error;
}

/* ---------------------------------------------------------------- */
/* the streaming filter */

#define SNIFF_BYTES 12
/* what is taken in at once before the walker looks at it */
#define FEED_PIECE 65536

static const struct {
	int (*start)(petory__image_filter *f);
	int (*step)(petory__image_filter *f, int final);
	const char *name;
} walkers[] = {
	[PETORY__IMG_JPEG] = { petory__jpeg_start, petory__jpeg_step, "JPEG" },
	[PETORY__IMG_PNG] = { petory__png_start, petory__png_step, "PNG" },
	[PETORY__IMG_GIF] = { petory__gif_start, petory__gif_step, "GIF" },
	[PETORY__IMG_WEBP] = { petory__webp_start, petory__webp_step, "WebP" },
};

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
	f->off = f->len = f->cap = 0;
}

/* Pass or drop the skipped part of a unit from p (n bytes); returns how
 * many were taken. */
static int skip_from(petory__image_filter *f, const unsigned char *p, size_t n,
	size_t *taken)
{
	size_t take = f->skip < n ? (size_t)f->skip : n;
	int error = f->skip_keep ? petory__image_emit(f, p, take) : 0;
	f->skip -= take;
	*taken = take;
	return error;
}

/* Let the walker decide on as much of the held bytes as it can. */
static int walk(petory__image_filter *f, int final)
{
	int r;
	for (;;) {
		if (f->state == F_DONE) {
			f->off = f->len = 0; /* after the image: dropped */
			return 0;
		}
		if (f->skip > 0) {
			size_t taken;
			if (f->len == 0)
				return 0;
			if ((r = skip_from(f, held(f), f->len, &taken)) < 0)
				return r;
			petory__image_consume(f, taken);
			continue;
		}
		if ((r = walkers[f->type].step(f, final)) <= 0)
			return r;
	}
}

static int sniffed(petory__image_filter *f, int type)
{
	if (type <= 0 || type != (int)f->declared)
		return petory__image_refuse("%s",
			type > 0
				? "the bytes are not of the declared image type"
				: "the bytes are not a JPEG, PNG, GIF or WebP "
				  "image");
	f->type = (petory__image_type)type;
	f->state = F_FORMAT;
	return walkers[f->type].start(f);
}

static int hold(petory__image_filter *f, const unsigned char *p, size_t n)
{
	if (f->off > 0 && f->off + f->len + n > f->cap) {
		memmove(f->buf, f->buf + f->off, f->len);
		f->off = 0;
	}
	if (f->off + f->len + n > f->cap) {
		size_t cap = f->cap ? f->cap : 4096;
		unsigned char *grown;
		while (cap < f->len + n)
			cap *= 2;
		if (!(grown = realloc(f->buf, cap)))
			return petory__error_oom();
		f->buf = grown;
		f->cap = cap;
	}
	memcpy(f->buf + f->off + f->len, p, n);
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
		if (f->state == F_DONE)
			return 0; /* after the image: dropped */
		/* the rest of a unit needs no holding */
		if (f->skip > 0 && f->len == 0) {
			if ((error = skip_from(f, p, n, &take)) < 0)
				return error;
			p += take;
			n -= take;
			continue;
		}
		take = n < FEED_PIECE ? n : FEED_PIECE;
		if (f->state == F_SNIFF && f->len + take > SNIFF_BYTES)
			take = SNIFF_BYTES - f->len;
		if ((error = hold(f, p, take)) < 0)
			return error;
		p += take;
		n -= take;
		if (f->state == F_SNIFF) {
			int type = petory__image_sniff(held(f), f->len);
			if (type < 0)
				continue;
			if ((error = sniffed(f, type)) < 0)
				return error;
		}
		error = walk(f, 0);
	}
	return error;
}

int petory__image_filter_finish(petory__image_filter *f)
{
	int error;
	if (f->state == F_SNIFF) {
		int type = f->len ? petory__image_sniff(held(f), f->len) : 0;
		if ((error = sniffed(f, type < 0 ? 0 : type)) < 0)
			return error;
	}
	if ((error = walk(f, 1)) < 0)
		return error;
	if (f->state != F_DONE)
		return petory__image_refuse(
			"the %s ends before its end", walkers[f->type].name);
	return 0;
}

/* ---------------------------------------------------------------- */
/* the filter over a buffer */

struct strip_sink {
	unsigned char *data;
	size_t len, cap;
};

static int strip_emit(void *payload, const void *data, size_t n)
{
	struct strip_sink *s = payload;
	if (s->len + n > s->cap) {
		size_t cap = s->cap ? s->cap : 4096;
		unsigned char *grown;
		while (cap < s->len + n)
			cap *= 2;
		if (!(grown = realloc(s->data, cap)))
			return petory__error_oom();
		s->data = grown;
		s->cap = cap;
	}
	memcpy(s->data + s->len, data, n);
	s->len += n;
	return 0;
}

int petory__image_strip(unsigned char **out, size_t *out_len,
	petory__image_type type, const unsigned char *in, size_t len)
{
	petory__image_filter f;
	struct strip_sink s = { NULL, 0, 0 };
	int error;

	*out = NULL;
	*out_len = 0;
	petory__image_filter_init(&f, type, strip_emit, &s);
	error = petory__image_filter_feed(&f, in, len);
	if (!error)
		error = petory__image_filter_finish(&f);
	petory__image_filter_dispose(&f);
	if (error < 0) {
		free(s.data);
		return error;
	}
	*out = s.data;
	*out_len = s.len;
	return 0;
}
