/* cmd_places.c -- "petoryctl places import FILE…": load the bookmark
 * exports of pet-friendly places (a JSON array of objects per file; see
 * shared/data/places/README.md) through petory_place_create, as the
 * system identity, so every row passes the API's validation.
 *
 * Each row carries its source's bookmarkId as the place's source key, so
 * a second import adds nothing: a known key, like a known (name, address),
 * is a duplicate.  Rows that fail validation are invalid and reported
 * with the reason.  On a terminal a single progress line is updated on
 * stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <petory/json.h>

#include "args.h"
#include "output.h"

static const char places_help[] =
	"Usage: petoryctl [--db PATH] [--json] places import FILE...\n"
	"\n"
	"Import places from bookmark exports (JSON arrays with name, address,\n"
	"px = longitude, py = latitude, mcidName, bookmarkId).  Categories:\n"
	"카페 CAFE, 음식점 RESTAURANT, 숙박 ACCOMMODATION, BAR BAR,\n"
	"\"캠핑, 야영장\" CAMPING, anything else ETC; a placeInfo.category\n"
	"naming 캠핑 or 야영 (campsites filed under 숙박) is CAMPING.\n"
	"Importing twice adds\n"
	"nothing.  Prints `imported N, duplicates D, invalid I` and one line\n"
	"per invalid row (with --verbose also per duplicate); --json prints\n"
	"{imported, duplicates, invalid, skipped:[{file, index, name, reason,\n"
	"message}]}.\n"
	"\n"
	"Options:\n"
	"  --db PATH   database file (default $PETORY_DB, else ./petory.db)\n"
	"              or postgres://USER@HOST:PORT/DB; --db-pool N: its "
	"connections\n"
	"  --json      print the summary as JSON\n"
	"  --verbose   also list duplicates, and show the library's log\n"
	"  -h, --help  show this help\n"
	"\n"
	"Exit status 0 when every file was read (skipped rows are not\n"
	"failures); 2 when a file cannot be read or is not a JSON array.\n"
	"\n" CTL_EXIT_HELP;

struct category {
	const char *source;
	const char *type;
};

static const struct category categories[] = {
	{ "카페", "CAFE" },
	{ "음식점", "RESTAURANT" },
	{ "숙박", "ACCOMMODATION" },
	{ "BAR", "BAR" },
	{ "캠핑, 야영장", "CAMPING" },
};

/* The type of a row: its mcidName, except that campsites, which the
 * real exports file under 숙박 (lodging), say so in placeInfo.category
 * ("캠핑,야영장"). */
static const char *place_type(const char *category, const char *detail)
{
	size_t i;
	if (detail && (strstr(detail, "캠핑") || strstr(detail, "야영")))
		return "CAMPING";
	for (i = 0; category && i < sizeof(categories) / sizeof(categories[0]);
		i++)
		if (strcmp(category, categories[i].source) == 0)
			return categories[i].type;
	return "ETC";
}

struct tally {
	long long imported, duplicates, invalid;
	json_t *skipped;
	int verbose, json, tty;
};

static void skip(struct tally *t, const char *file, size_t index,
	const char *name, const char *reason, const char *message)
{
	int duplicate = strcmp(reason, "DUPLICATE_PLACE") == 0;
	if (duplicate)
		t->duplicates++;
	else
		t->invalid++;
	json_array_append_new(t->skipped,
		json_pack("{s:s, s:I, s:s?, s:s, s:s}", "file", file, "index",
			(json_int_t)index, "name", name, "reason", reason,
			"message", message));
	if (!t->json && (!duplicate || t->verbose)) {
		if (t->tty)
			fputs("\r\033[K", stderr);
		fprintf(stderr, "skipped %s[%zu] '%s': %s [%s]\n", file, index,
			name ? name : "", message, reason);
	}
}

/* A message naming the invalid fields of the last error. */
static void describe(char *buf, size_t size)
{
	const petory_error *e = petory_error_last();
	size_t i, len;
	snprintf(buf, size, "%s", e->message);
	for (i = 0; i < e->field_count; i++) {
		len = strlen(buf);
		snprintf(buf + len, size - len, "%s%s %s", i ? "; " : ": ",
			e->fields[i].field, e->fields[i].message);
	}
}

static int import_row(
	petory *db, struct tally *t, const char *file, size_t i, json_t *row)
{
	const char *name = NULL, *address = NULL, *category = NULL;
	json_t *px, *py, *id, *info;
	petory_new_place in = { 0 };
	petory_place *place = NULL;
	char key[64], message[512];
	int error;

	if (!json_is_object(row)) {
		skip(t, file, i, NULL, "INVALID_ROW", "not a JSON object");
		return 0;
	}
	json_unpack(row, "{s?s, s?s, s?s}", "name", &name, "address", &address,
		"mcidName", &category);
	px = json_object_get(row, "px");
	py = json_object_get(row, "py");
	id = json_object_get(row, "bookmarkId");
	info = json_object_get(json_object_get(row, "placeInfo"), "category");
	in.name = name;
	in.address = address;
	in.info = json_is_string(info) ? json_string_value(info) : NULL;
	in.type = place_type(category, in.info);
	in.has_coordinates = json_is_number(px) && json_is_number(py);
	in.longitude = json_number_value(px);
	in.latitude = json_number_value(py);
	if (json_is_integer(id)) {
		snprintf(key, sizeof(key), "bookmark:%lld",
			(long long)json_integer_value(id));
		in.source_key = key;
	}
	error = petory_place_create(&place, db, petory_identity_system(), &in);
	petory_place_free(place);
	if (error == 0) {
		t->imported++;
		return 0;
	}
	if (error != PETORY_EEXISTS && error != PETORY_EINVALID)
		return error;
	describe(message, sizeof(message));
	skip(t, file, i, name, petory_error_last()->reason, message);
	return 0;
}

static int import_file(petory *db, struct tally *t, const char *file)
{
	json_error_t jerr;
	json_t *rows = json_load_file(file, 0, &jerr);
	size_t i, n;
	int error = 0;

	if (!rows || !json_is_array(rows)) {
		json_decref(rows);
		return ctl_error(CTL_EXIT_USAGE, "BAD_IMPORT_FILE",
			"%s: not a JSON array (%s)", file,
			rows ? "another JSON value" : jerr.text);
	}
	n = json_array_size(rows);
	for (i = 0; i < n && !error; i++) {
		error = import_row(db, t, file, i, json_array_get(rows, i));
		if (t->tty && (i % 25 == 0 || i + 1 == n))
			fprintf(stderr,
				"\r\033[K%s: %zu/%zu  (imported %lld, "
				"duplicates %lld, invalid %lld)",
				file, i + 1, n, t->imported, t->duplicates,
				t->invalid);
	}
	json_decref(rows);
	if (error)
		return ctl_fail(error, "import failed");
	return 0;
}

static int places_import(ctl *c, int argc, char **argv)
{
	const char *cmd = "places import";
	struct tally t = { 0 };
	petory *db = NULL;
	int rc, rest, i;

	rc = ctl_parse(c, cmd, places_help, argc, argv, NULL, &rest);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if (rest >= argc)
		return ctl_usage(cmd, "missing FILE");
	if ((rc = ctl_open(&db, c, 0)) != 0)
		return rc;
	t.skipped = json_array();
	t.verbose = c->verbose;
	t.json = c->json;
	t.tty = isatty(STDERR_FILENO);
	for (i = rest; i < argc && rc == 0; i++)
		rc = import_file(db, &t, argv[i]);
	if (t.tty)
		fputs("\r\033[K", stderr);
	petory_close(db);
	if (rc == 0 && c->json)
		rc = ctl_print_json(json_pack("{s:I, s:I, s:I, s:O}",
			"imported", (json_int_t)t.imported, "duplicates",
			(json_int_t)t.duplicates, "invalid",
			(json_int_t)t.invalid, "skipped", t.skipped));
	else if (rc == 0)
		printf("imported %lld, duplicates %lld, invalid %lld\n",
			t.imported, t.duplicates, t.invalid);
	json_decref(t.skipped);
	return rc;
}

static const ctl_command places_commands[] = {
	{ "import", places_import },
	{ NULL, NULL },
};

int cmd_places(ctl *c, int argc, char **argv)
{
	const ctl_command *sub;
	int rc, rest;

	rc = ctl_parse(c, "places", places_help, argc, argv, NULL, &rest);
	if (rc != 0)
		return rc == CTL_PARSED_HELP ? CTL_EXIT_OK : rc;
	if (rest >= argc)
		return ctl_usage("places", "missing the places command");
	sub = ctl_find(places_commands, argv[rest]);
	if (!sub)
		return ctl_usage(
			"places", "unknown places command '%s'", argv[rest]);
	return sub->run(c, argc - rest, argv + rest);
}
