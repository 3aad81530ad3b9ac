/* sql_text.h -- SQL snippets for text search, shared by the tables' SQL
 * lists (sql_<table>.h): the PostgreSQL forms of what the SQLite store
 * writes as instr(lower(col), lower(?)) and as an FTS5 trigram phrase.
 *
 * Each takes the SQL of a column and of a text parameter ("$3::text").
 * The user's text is always literal: %, _ and \ in it are escaped before
 * it becomes an ILIKE pattern ('\' is the escape character; the server
 * runs with standard_conforming_strings on, its default).  An ILIKE
 * '%…%' on a bare column is what the pg_trgm GIN indexes of migrations.c
 * serve, when the text has 3 characters or more.
 */
#ifndef PETORY_PG_SQL_TEXT_H
#define PETORY_PG_SQL_TEXT_H

/* '%text%' with the ILIKE wildcards of text escaped. */
#define PETORY__PG_ILIKE_PATTERN(text)                                   \
	"('%' || replace(replace(replace(" text ", '\\', '\\\\'), '%', " \
	"'\\%'), '_', '\\_') || '%')"

/* col with its ASCII letters lower-cased: the same definition as
 * sql_users.h's (an identical redefinition is allowed). */
#define PETORY__PG_ASCII_LOWER(col)                         \
	"translate(" col ", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', " \
	"'abcdefghijklmnopqrstuvwxyz')"

/* col contains text, ignoring the case of the letters A-Z alone, as
 * SQLite's instr(lower(col), lower(text)) > 0 does (its lower() folds
 * ASCII only).  The ILIKE, which folds at least as much, lets a trigram
 * index find the candidates; the strpos on ASCII-folded text decides. */
/* clang-format off */
#define PETORY__PG_CONTAINS_ASCII_CI(col, text)                             \
	"(" col " ILIKE " PETORY__PG_ILIKE_PATTERN(text) " ESCAPE '\\' AND " \
	"strpos(" PETORY__PG_ASCII_LOWER(col) ", "                          \
	PETORY__PG_ASCII_LOWER(text) ") > 0)"
/* clang-format on */

/* col contains text, ignoring case as Unicode folds it: what an FTS5
 * trigram index (case_sensitive 0) matches for a phrase of text, which
 * needs 3 characters or more (a shorter phrase matches nothing). */
#define PETORY__PG_TRIGRAM_PHRASE(col, text) \
	"(" col " ILIKE " PETORY__PG_ILIKE_PATTERN(text) " ESCAPE '\\')"

#endif
