/* sql_daily.h -- the PostgreSQL statements of the daily table: the
 * questions of the day and the users' answers (see pg_statements.h for
 * the X-macro's shape).  Dates ("MM-dd") sort by their bytes, as SQLite
 * sorts them, whatever the database's collation (COLLATE "C"). */
#ifndef PETORY_PG_SQL_DAILY_H
#define PETORY_PG_SQL_DAILY_H

#define PETORY__PG_DQ_COLUMNS                                               \
	"id, date, question, question_en, status, created_at, updated_at, " \
	"deleted_at"
#define PETORY__PG_DA_COLUMNS                                         \
	"id, question_id, user_id, answer, day, status, created_at, " \
	"updated_at, deleted_at"

/* The status of the row is in the mask $n. */
#define PETORY__PG_STATUS_IN(n) "((1 << status) & " n ") != 0"

#define PETORY__PG_SQL_DAILY(X)                                                \
	X(DQ_LOAD,                                                             \
		"INSERT INTO daily_questions(date, question, question_en, "    \
		"status, created_at, updated_at) VALUES($1, $2, $3, 0, $4, "   \
		"$4) ON CONFLICT (date) DO NOTHING")                           \
	X(DQ_INSERT,                                                           \
		"INSERT INTO daily_questions(date, question, question_en, "    \
		"status, created_at, updated_at) VALUES($1, $2, $3, $4, $5, "  \
		"$5) RETURNING id")                                            \
	X(DQ_BY_ID, "SELECT " PETORY__PG_DQ_COLUMNS                            \
		    " FROM daily_questions WHERE id = $1")                     \
	X(DQ_BY_DATE, "SELECT " PETORY__PG_DQ_COLUMNS                          \
		      " FROM daily_questions WHERE date = $1")                 \
	X(DQ_UPDATE, "UPDATE daily_questions SET date = $2, question = $3, "   \
		     "question_en = $4, updated_at = $5 WHERE id = $1 "        \
		     "AND " PETORY__PG_STATUS_IN("$6"))                        \
	X(DQ_SET_STATUS,                                                       \
		"UPDATE daily_questions SET status = $3, updated_at = $4, "    \
		"deleted_at = CASE WHEN $3 = 2 THEN $4::bigint END "           \
		"WHERE id = $1 AND " PETORY__PG_STATUS_IN("$2"))               \
	X(DQ_COUNT, "SELECT count(*) FROM daily_questions "                    \
		    "WHERE " PETORY__PG_STATUS_IN("$1"))                       \
	X(DQ_LIST_BY_DATE,                                                     \
		"SELECT " PETORY__PG_DQ_COLUMNS                                \
		" FROM daily_questions WHERE " PETORY__PG_STATUS_IN(           \
			"$1") " ORDER BY date COLLATE \"C\", id "              \
			      "LIMIT $3 OFFSET $2")                            \
	X(DQ_LIST_BY_CHANGE,                                                   \
		"SELECT " PETORY__PG_DQ_COLUMNS                                \
		" FROM daily_questions WHERE " PETORY__PG_STATUS_IN(           \
			"$1") " ORDER BY updated_at, id "                      \
			      "LIMIT $3 OFFSET $2")                            \
	X(DA_INSERT,                                                           \
		"INSERT INTO daily_answers(question_id, user_id, answer, "     \
		"day, status, created_at, updated_at) VALUES($1, $2, $3, "     \
		"$4, 0, $5, $5) RETURNING id")                                 \
	X(DA_BY_ID, "SELECT " PETORY__PG_DA_COLUMNS                            \
		    " FROM daily_answers WHERE id = $1")                       \
	X(DA_UPDATE_TEXT,                                                      \
		"UPDATE daily_answers SET answer = $3, updated_at = $4 "       \
		"WHERE id = $1 AND " PETORY__PG_STATUS_IN("$2"))               \
	X(DA_SET_STATUS,                                                       \
		"UPDATE daily_answers SET status = $3, updated_at = $4, "      \
		"deleted_at = CASE WHEN $3 = 2 THEN $4::bigint END "           \
		"WHERE id = $1 AND " PETORY__PG_STATUS_IN("$2"))               \
	X(DA_COUNT,                                                            \
		"SELECT count(*) FROM daily_answers WHERE user_id = $1 "       \
		"AND ($2::bigint = 0 OR question_id = $2) AND status = $3")    \
	X(DA_LIST, "SELECT " PETORY__PG_DA_COLUMNS                             \
		   " FROM daily_answers WHERE user_id = $1 AND ($2::bigint = " \
		   "0 OR question_id = $2) AND status = $3 ORDER BY "          \
		   "created_at DESC, id DESC LIMIT $5 OFFSET $4")

#endif
