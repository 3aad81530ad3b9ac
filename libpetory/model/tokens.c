/* tokens.c -- a login's token pair (petory_tokens): its disposal, which
 * wipes both tokens before freeing them.  Pure functions over records. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

void petory_tokens_dispose(petory_tokens *t)
{
	if (!t)
		return;
	if (t->access_token)
		sodium_memzero(t->access_token, strlen(t->access_token));
	if (t->refresh_token)
		sodium_memzero(t->refresh_token, strlen(t->refresh_token));
	free(t->access_token);
	free(t->refresh_token);
	memset(t, 0, sizeof(*t));
}
