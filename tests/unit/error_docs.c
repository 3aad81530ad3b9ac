/* error_docs.c -- docs/errors.md lists exactly the codes of
 * PETORY_ERROR_MAP, with the same numbers (after curl's test1477). */
#include <stdio.h>
#include <string.h>

#include "petory_test.h"

#ifndef PETORY_SOURCE_DIR
#error "PETORY_SOURCE_DIR must be defined by the build"
#endif

Test(error_docs, every_code_is_documented_with_its_number)
{
	char path[512], doc[16384], row[128];
	size_t n, rows = 0;
	FILE *f;
	snprintf(path, sizeof(path), "%s/docs/errors.md", PETORY_SOURCE_DIR);
	f = fopen(path, "r");
	cr_assert_not_null(f, "cannot read %s", path);
	n = fread(doc, 1, sizeof(doc) - 1, f);
	doc[n] = '\0';
	fclose(f);
#define PETORY_XX(name, num, reason, text)                              \
	snprintf(row, sizeof(row), "| `PETORY_" #name "` | %d |", num); \
	cr_assert(strstr(doc, row) != NULL, "missing row: %s", row);    \
	rows++;
	PETORY_ERROR_MAP(PETORY_XX)
#undef PETORY_XX
	{
		size_t documented = 0;
		const char *p = doc;
		while ((p = strstr(p, "| `PETORY_")) != NULL) {
			documented++;
			p++;
		}
		cr_assert_eq(documented, rows, "docs list extra codes");
	}
}
