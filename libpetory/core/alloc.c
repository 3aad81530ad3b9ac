/* alloc.c -- releasing buffers the library hands out.  The library uses
 * the C allocator; callers release through petory_free so that a future
 * custom allocator changes nothing for them. */
#include <stdlib.h>

#include "core/internal.h"

void petory_free(void *ptr)
{
	free(ptr);
}
