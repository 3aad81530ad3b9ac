/* account_mail.h -- the unit tests' view of the account mails: the token
 * of the newest link to /app/<page> queued in the outbox (SQLite) for an
 * address.  The library keeps only hashes; the mail is the one place the
 * token exists, as for a real user. */
#ifndef PETORY_TEST_ACCOUNT_MAIL_H
#define PETORY_TEST_ACCOUNT_MAIL_H

#include <stdio.h>
#include <string.h>

#include "petory_test.h"
#include "store/sqlite/sqlite_internal.h"

/* 1 and the token in out when a mail to `to` links to page; else 0. */
static inline int test_mail_token(
	petory *db, const char *to, const char *page, char *out, size_t size)
{
	char needle[64], addr[160];
	int found = 0;
	snprintf(needle, sizeof(needle), "/app/%s#token=", page);
	snprintf(addr, sizeof(addr), "\"to\":\"%s\"", to);
	PETORY__WITH_CONN(db, conn, {
		sqlite3_stmt *s;
		sqlite3_prepare_v2(conn->db,
			"SELECT payload FROM outbox WHERE kind = 'MAIL' "
			"ORDER BY id DESC",
			-1, &s, NULL);
		while (!found && sqlite3_step(s) == SQLITE_ROW) {
			const char *p = (const char *)sqlite3_column_text(s, 0);
			const char *t = strstr(p, needle);
			if (!t || !strstr(p, addr))
				continue;
			t += strlen(needle);
			snprintf(out, size, "%.*s",
				(int)strspn(t,
					"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
					"klmnopqrstuvwxyz0123456789-_"),
				t);
			found = 1;
		}
		sqlite3_finalize(s);
	});
	return found;
}

#endif
