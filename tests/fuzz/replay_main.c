/* replay_main.c -- a main() for fuzz_image_strip.c when the compiler has
 * no libFuzzer (gcc): runs LLVMFuzzerTestOneInput over each file named on
 * the command line (a seed corpus), so the invariants still get checked.
 * Prints "N passed, 0 failed"; a broken invariant aborts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	int i, n = 0;
	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		unsigned char *buf = NULL;
		long len;
		if (!f || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 ||
			fseek(f, 0, SEEK_SET) != 0 ||
			!(buf = malloc((size_t)len + 1)) ||
			fread(buf, 1, (size_t)len, f) != (size_t)len) {
			fprintf(stderr, "replay: cannot read %s\n", argv[i]);
			return 1;
		}
		fclose(f);
		LLVMFuzzerTestOneInput(buf, (size_t)len);
		free(buf);
		n++;
	}
	printf("%d passed, 0 failed\n", n);
	return n > 0 ? 0 : 1;
}
