/* fuzz_image_strip.c -- libFuzzer target for the image filter
 * (domain/image*.c): the input is declared as the type its first bytes
 * name (JPEG when none), stripped whole and piece by piece.
 *
 * Beyond memory safety (ASan, UBSan) it checks, for every input the
 * filter takes:
 *   - the result does not depend on how the bytes arrive (whole, or in
 *     pieces of a size the input picks);
 *   - it is never longer than the input plus the one orientation-only
 *     APP1 (36 bytes) a JPEG may gain;
 *   - stripping it again is accepted and changes nothing (idempotent):
 *     whatever a walker let through is only what it keeps.
 * A broken invariant aborts, which libFuzzer reports as a crash.
 *
 * Built by tests/CMakeLists.txt with clang (-fsanitize=fuzzer,...); with
 * another compiler, replay_main.c runs the same function over files.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/domain.h"

#define GROWTH_MAX 36

struct sink {
	unsigned char *data;
	size_t len, cap;
};

static int sink_emit(void *payload, const void *data, size_t n)
{
	struct sink *s = payload;
	if (s->len + n > s->cap) {
		s->cap = (s->len + n) * 2;
		if (!(s->data = realloc(s->data, s->cap)))
			abort();
	}
	memcpy(s->data + s->len, data, n);
	s->len += n;
	return 0;
}

static int strip_in_pieces(struct sink *out, petory__image_type type,
	const uint8_t *data, size_t len, size_t piece)
{
	petory__image_filter f;
	size_t i;
	int error = 0;
	petory__image_filter_init(&f, type, sink_emit, out);
	for (i = 0; i < len && !error; i += piece)
		error = petory__image_filter_feed(
			&f, data + i, len - i < piece ? len - i : piece);
	if (!error)
		error = petory__image_filter_finish(&f);
	petory__image_filter_dispose(&f);
	return error;
}

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_image_strip: %s\n", what);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int sniffed = petory__image_sniff(data, size);
	petory__image_type type =
		sniffed > 0 ? (petory__image_type)sniffed : PETORY__IMG_JPEG;
	unsigned char *once = NULL, *twice = NULL;
	size_t once_len = 0, twice_len = 0, piece;
	struct sink pieces = { NULL, 0, 0 };
	int error, error_pieces;

	error = petory__image_strip(&once, &once_len, type, data, size);
	piece = size ? (size_t)data[size - 1] % 17 + 1 : 1;
	error_pieces = strip_in_pieces(&pieces, type, data, size, piece);
	check((error < 0) == (error_pieces < 0),
		"whole and in pieces disagree on taking the file");
	if (error < 0) {
		free(pieces.data);
		return 0;
	}
	check(pieces.len == once_len &&
			(once_len == 0 ||
				memcmp(pieces.data, once, once_len) == 0),
		"whole and in pieces give different bytes");
	check(once_len <= size + GROWTH_MAX, "the result grew");
	error = petory__image_strip(&twice, &twice_len, type, once, once_len);
	check(error == 0, "a stripped file is refused");
	check(twice_len == once_len && memcmp(twice, once, once_len) == 0,
		"stripping twice changes the bytes");
	free(once);
	free(twice);
	free(pieces.data);
	return 0;
}
