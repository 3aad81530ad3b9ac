/* text.c -- lengths in characters, UTF-8 validity, emails, time zones. */
#include "petory_test.h"

Test(text, counts_characters_not_bytes)
{
	cr_assert_eq(petory__utf8_length(""), 0);
	cr_assert_eq(petory__utf8_length("abc"), 3);
	cr_assert_eq(petory__utf8_length("강아지"), 3);
	cr_assert_eq(petory__utf8_length("🐶x"), 2);
	cr_assert_eq(petory__utf8_length("\xc3\x28"), -1);
	cr_assert_eq(petory__utf8_length("\xed\xa0\x80"), -1); /* surrogate */
	cr_assert_eq(petory__utf8_length("\xff"), -1);
}

Test(text, check_text_bounds_in_characters)
{
	char thirty[30 * 3 + 1] = "", thirty_one[31 * 3 + 1] = "";
	petory__invalid v;
	int i;
	for (i = 0; i < 30; i++)
		strcat(thirty, "가");
	strcpy(thirty_one, thirty);
	strcat(thirty_one, "가");
	petory__invalid_begin(&v);
	cr_assert(petory__check_text(&v, "nickname", thirty, 1, 30));
	cr_assert_not(petory__check_text(&v, "nickname", thirty_one, 1, 30));
	cr_assert_not(petory__check_text(&v, "nickname", "", 1, 30));
	cr_assert_not(petory__check_text(&v, "nickname", "   ", 1, 30));
	cr_assert_not(petory__check_text(&v, "nickname", "a\nb", 1, 30));
	cr_assert_not(petory__check_text(&v, "nickname", NULL, 1, 30));
	cr_assert(petory__check_text(&v, "content", NULL, 0, 30));
	cr_assert_eq(v.count, 5);
}

Test(text, email_rules)
{
	cr_assert(petory__email_valid("a@b.co"));
	cr_assert(petory__email_valid("first.last+tag@sub.example.kr"));
	cr_assert_not(petory__email_valid("no-at.example.com"));
	cr_assert_not(petory__email_valid("@example.com"));
	cr_assert_not(petory__email_valid("a@b"));
	cr_assert_not(petory__email_valid("a@@b.com"));
	cr_assert_not(petory__email_valid("a b@c.com"));
	cr_assert_not(petory__email_valid("a@b..com"));
	cr_assert_not(petory__email_valid("a@b.com."));
}

Test(text, fold_makes_case_insensitive_keys)
{
	char *a = petory__utf8_fold("Mixed@Example.COM");
	cr_assert_str_eq(a, "mixed@example.com");
	free(a);
}

Test(text, time_zones_are_iana_names)
{
	cr_assert(petory__timezone_valid("Asia/Seoul"));
	cr_assert(petory__timezone_valid("America/Los_Angeles"));
	cr_assert_not(petory__timezone_valid("Mars/Olympus"));
	cr_assert_not(petory__timezone_valid("../../etc/passwd"));
	cr_assert_not(petory__timezone_valid(""));
}

Test(text, rfc3339_utc)
{
	char buf[40];
	cr_assert_str_eq(petory_time_format(buf, sizeof(buf), TEST_EPOCH_MS),
		"2026-11-25T00:00:00Z");
	cr_assert_str_eq(petory_time_format(buf, sizeof(buf), 1500),
		"1970-01-01T00:00:01Z");
}
