/* csv_growth.c -- the growth diary as CSV (RFC 4180): a header row
 * `date,weight_kg,length_cm,note`, CRLF line ends, a field quoted when it
 * holds a comma, a quote or a line break (quotes doubled).  Weights and
 * lengths print from their integers (12.34, 45.5), so no float rounding
 * reaches the file.  Against formula injection a note whose first
 * character is '=', '+', '-', '@', a tab or a carriage return gets a
 * leading "'" (OWASP's advice), so a spreadsheet shows it as text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"

typedef struct buf {
	char *data;
	size_t len, cap;
	int failed;
} buf;

static void put(buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *grown;
		while (b->len + n + 1 > cap)
			cap *= 2;
		if (!(grown = realloc(b->data, cap))) {
			b->failed = 1;
			return;
		}
		b->data = grown;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void put_str(buf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* The note field: guarded against formulas, quoted when needed. */
static void put_note(buf *b, const char *note)
{
	const char *p;
	int guard, quote;
	if (!note || !*note)
		return;
	guard = strchr("=+-@\t\r", note[0]) != NULL;
	quote = strpbrk(note, ",\"\r\n") != NULL;
	if (quote)
		put(b, "\"", 1);
	if (guard)
		put(b, "'", 1);
	for (p = note; *p; p++) {
		put(b, p, 1);
		if (*p == '"')
			put(b, "\"", 1); /* doubled */
	}
	if (quote)
		put(b, "\"", 1);
}

int petory_growth_csv(
	char **out, size_t *len_out, const petory_growth_range *list)
{
	buf b = { NULL, 0, 0, 0 };
	char field[64];
	size_t i;

	if (!out || !len_out || !list)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*out = NULL;
	*len_out = 0;
	put_str(&b, "date,weight_kg,length_cm,note\r\n");
	for (i = 0; i < list->count; i++) {
		const petory_growth_record *r = &list->items[i];
		snprintf(field, sizeof(field), "%s,%lld.%02lld,", r->date,
			(long long)(r->weight_cg / 100),
			(long long)(r->weight_cg % 100));
		put_str(&b, field);
		if (r->length_mm > 0) {
			snprintf(field, sizeof(field), "%lld.%lld",
				(long long)(r->length_mm / 10),
				(long long)(r->length_mm % 10));
			put_str(&b, field);
		}
		put(&b, ",", 1);
		put_note(&b, r->note);
		put(&b, "\r\n", 2);
	}
	if (b.failed) {
		free(b.data);
		return petory__error_oom();
	}
	*out = b.data;
	*len_out = b.len;
	return 0;
}
