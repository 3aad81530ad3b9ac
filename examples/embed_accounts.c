/* embed_accounts.c -- embedding libpetory: open a database, register an
 * account, log in, check the access token and print the account as the API
 * shows it.
 *
 *   embed_accounts [DB_PATH]   (default: ./example.db)
 */
#include <stdio.h>
#include <stdlib.h>

#include <petory.h>
#include <petory/json.h>

static int fail(const char *what)
{
	const petory_error *e = petory_error_last();
	fprintf(stderr, "%s: %s [%s]\n", what, e->message, e->reason);
	return 1;
}

int main(int argc, char **argv)
{
	petory_options opts = PETORY_OPTIONS_INIT;
	petory_new_user who = { "reader@example.com", "a long passphrase",
		"reader" };
	petory *db = NULL;
	petory_user *user = NULL;
	petory_tokens tokens = { 0 };
	petory_identity me;
	json_t *shown;
	char *text;
	int rc;

	opts.db_path = argc > 1 ? argv[1] : "./example.db";
	if (petory_open(&db, &opts) != 0)
		return fail("open");

	/* Registering twice answers PETORY_EEXISTS: fine for an example. */
	rc = petory_auth_signup(&user, db, &who, NULL, NULL);
	if (rc != 0 && rc != PETORY_EEXISTS)
		return fail("signup");
	petory_user_free(user);

	if (petory_auth_login(
		    &tokens, db, who.email, who.password, NULL, NULL) != 0)
		return fail("login");
	if (petory_auth_verify(&me, db, tokens.access_token) != 0)
		return fail("verify");
	if (petory_user_get(&user, db, &me, me.user_id) != 0)
		return fail("get");

	shown = petory_user_to_json(user);
	text = json_dumps(shown, JSON_INDENT(2) | JSON_SORT_KEYS);
	printf("%s\n", text);
	free(text);
	json_decref(shown);
	petory_user_free(user);
	petory_tokens_dispose(&tokens);
	petory_close(db);
	return 0;
}
