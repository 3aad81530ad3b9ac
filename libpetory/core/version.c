/* version.c -- the linked library's version. */
#include "core/internal.h"

int petory_version_number(void)
{
	return PETORY_VERSION_NUMBER;
}

const char *petory_version_string(void)
{
	return PETORY_VERSION_STRING;
}
