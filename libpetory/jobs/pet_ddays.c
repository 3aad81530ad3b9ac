/* pet_ddays.c -- PET_DDAY notifications: on a pet's birthday, in its
 * owner's time zone, one notification to the owner, exactly once.
 *
 * Each scheduler pass looks at the pets whose birthday's month and day is
 * yesterday, today or tomorrow in UTC (every zone's date is one of those),
 * keeps those whose birthday is today in the owner's zone, and records
 * each D-day with its notification in one transaction, so a second pass
 * or a restart never sends it twice.  A 02-29 birthday is celebrated on
 * 02-28 in other years.  The day of birth itself is not a D-day.
 */
#include <stdio.h>
#include <string.h>

#include "domain/domain.h"
#include "store/calls.h"

#define DAY_MS 86400000LL

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Is `birthday` (YYYY-MM-DD) celebrated on `today`? *age_out: years. */
static bool is_dday(
	const char *birthday, const petory__date *today, int *age_out)
{
	petory__date born;
	if (petory__date_parse(&born, birthday) < 0 || today->year <= born.year)
		return false;
	*age_out = today->year - born.year;
	if (born.month == 2 && born.day == 29 && !leap(today->year))
		return today->month == 2 && today->day == 28;
	return today->month == born.month && today->day == born.day;
}

static int celebrate(petory *db, const petory_pet_birthday *b,
	const petory__date *today, int age, petory_time_ms now, int64_t *sent)
{
	char content[256], link[40], day[16];
	petory_notification n = { 0 };
	int created = 0, error;
	snprintf(content, sizeof(content),
		"오늘은 %.80s의 %d번째 생일이에요! Today is %.80s's birthday "
		"(%d)!",
		b->name, age, b->name, age);
	snprintf(link, sizeof(link), "/pets/%lld", (long long)b->pet_id);
	petory__date_format(day, sizeof(day), today);
	n.user_id = b->owner_id;
	n.type = PETORY_NOTIFICATION_PET_DDAY;
	n.content = content;
	n.link = link;
	n.created_at = now;
	if ((error = petory__store_pet_dday_record(
		     &created, db, b->pet_id, day, &n)) < 0)
		return error;
	if (created) {
		(*sent)++;
		if (db->notification_hook)
			db->notification_hook(
				db->notification_hook_payload, &n);
	}
	return 0;
}

int petory__pet_ddays_run(int64_t *sent_out, petory *db, petory_time_ms now)
{
	char md[3][6], day[16];
	const char *month_days[4];
	petory_pet_birthday *rows = NULL;
	size_t count = 0, i;
	int k, error = 0;

	*sent_out = 0;
	for (k = 0; k < 3; k++) {
		petory__date d;
		if ((error = petory__local_date(
			     &d, db, "UTC", now + (k - 1) * DAY_MS)) < 0)
			return error;
		petory__date_format(day, sizeof(day), &d);
		memcpy(md[k], day + 5, 5);
		md[k][5] = '\0';
		month_days[k] = md[k];
	}
	/* 02-29 birthdays are celebrated on 02-28 in common years. */
	month_days[3] = month_days[0];
	for (k = 0; k < 3; k++)
		if (strcmp(md[k], "02-28") == 0)
			month_days[3] = "02-29";
	if ((error = petory__store_pet_birthdays(
		     &rows, &count, db, month_days, 4)) < 0)
		return error;
	for (i = 0; i < count && !error; i++) {
		petory__date today;
		int age = 0;
		if (petory__local_date(&today, db, rows[i].timezone, now) < 0 &&
			petory__local_date(&today, db, NULL, now) < 0)
			continue;
		if (is_dday(rows[i].birthday, &today, &age))
			error = celebrate(
				db, &rows[i], &today, age, now, sent_out);
	}
	petory__pet_birthdays_free(rows, count);
	return error;
}
