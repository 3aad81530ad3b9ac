/* sql_chat.h -- the PostgreSQL statements of the chat table (see
 * pg_statements.h for the X-macro's shape). */
#ifndef PETORY_PG_SQL_CHAT_H
#define PETORY_PG_SQL_CHAT_H

#define PETORY__PG_SQL_CHAT(X)

#endif
