/* user.c -- the user records (petory_user, its pages, petory_user_secret):
 * their frees, and the names of statuses and roles.  Pure functions over
 * records: no store, no domain call. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

static const char *const status_names[] = { "ACTIVE", "SUSPENDED",
	"DEACTIVATED", "DELETED" };

const char *petory_user_status_name(petory_user_status s)
{
	if ((unsigned)s < sizeof(status_names) / sizeof(status_names[0]))
		return status_names[s];
	return "UNKNOWN";
}

unsigned petory_role_parse(const char *name)
{
	if (name && strcmp(name, "USER") == 0)
		return PETORY_ROLE_USER;
	if (name && strcmp(name, "ADMIN") == 0)
		return PETORY_ROLE_ADMIN;
	return 0;
}

const char *petory_role_name(unsigned role_bit)
{
	switch (role_bit) {
	case PETORY_ROLE_USER:
		return "USER";
	case PETORY_ROLE_ADMIN:
		return "ADMIN";
	}
	return "UNKNOWN";
}

static void user_clear(petory_user *u)
{
	free(u->email);
	free(u->nickname);
	free(u->mobile_num);
	free(u->timezone);
}

void petory_user_free(petory_user *u)
{
	if (!u)
		return;
	user_clear(u);
	free(u);
}

void petory_user_page_dispose(petory_user_page *page)
{
	size_t i;
	if (!page)
		return;
	for (i = 0; i < page->count; i++)
		user_clear(&page->items[i]);
	free(page->items);
	memset(page, 0, sizeof(*page));
}

void petory__user_secret_dispose(petory_user_secret *secret)
{
	if (secret->password_hash) {
		sodium_memzero(
			secret->password_hash, strlen(secret->password_hash));
		free(secret->password_hash);
	}
	secret->password_hash = NULL;
}
