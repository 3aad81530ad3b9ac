/* sigv4.c -- the SigV4 signer against AWS's published examples.
 *
 *  - S3 "Authenticating Requests: Using Query Parameters" (the
 *    examplebucket/test.txt presigned GET of 2013-05-24): canonical
 *    request, string to sign, signature and the whole URL, exactly as the
 *    S3 documentation prints them;
 *  - cases of the aws-sig-v4-test-suite (2015-08-30T12:36:00Z, us-east-1,
 *    service "service", AKIDEXAMPLE): get-vanilla and friends in the header
 *    form, get-vanilla and post-x-www-form-urlencoded in the presigned
 *    query form (the suite's v4 query cases, expiry 3600 s);
 *  - the S3 blob store's own presigned URLs (the documentation's URL again,
 *    virtual-host style, and the path-style shape).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "petory_test.h"

#define SUITE_TIME 1440938160 /* 2015-08-30T12:36:00Z */
#define SUITE_SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define EMPTY_SHA256 \
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static petory__sigv4_request suite_request(const char *method, const char *path,
	const petory__sigv4_param *headers, size_t n)
{
	petory__sigv4_request r;
	memset(&r, 0, sizeof(r));
	r.method = method;
	r.path = path;
	r.headers = headers;
	r.header_count = n;
	r.payload_hash = EMPTY_SHA256;
	r.region = "us-east-1";
	r.service = "service";
	r.access_key = "AKIDEXAMPLE";
	r.secret_key = SUITE_SECRET;
	r.time_s = SUITE_TIME;
	return r;
}

static const char *sts(const char *hash)
{
	static char buf[256];
	snprintf(buf, sizeof(buf),
		"AWS4-HMAC-SHA256\n20150830T123600Z\n"
		"20150830/us-east-1/service/aws4_request\n%s",
		hash);
	return buf;
}

/* ---- the S3 documentation's presigned GET ---- */

/* The whole URL, as the documentation prints it. */
#define S3_DOC_URL                                                     \
	"https://examplebucket.s3.amazonaws.com/test.txt"              \
	"?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="          \
	"AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2F"          \
	"aws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400" \
	"&X-Amz-SignedHeaders=host&X-Amz-Signature="                   \
	"aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"

Test(sigv4, s3_documentation_presigned_get)
{
	static const petory__sigv4_param host[] = {
		{ "Host", "examplebucket.s3.amazonaws.com" },
	};
	petory__sigv4_request r;
	petory__sigv4_result out;
	char url[1024];
	memset(&r, 0, sizeof(r));
	r.method = "GET";
	r.path = "/test.txt";
	r.headers = host;
	r.header_count = 1;
	r.payload_hash = NULL; /* UNSIGNED-PAYLOAD */
	r.region = "us-east-1";
	r.service = "s3";
	r.access_key = "AKIAIOSFODNN7EXAMPLE";
	r.secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
	r.time_s = 1369353600; /* 2013-05-24T00:00:00Z */

	cr_assert_petory_ok(petory__sigv4_presign(&out, &r, 86400));
	cr_assert_str_eq(out.canonical_request,
		"GET\n"
		"/test.txt\n"
		"X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
		"AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2F"
		"aws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400"
		"&X-Amz-SignedHeaders=host\n"
		"host:examplebucket.s3.amazonaws.com\n"
		"\n"
		"host\n"
		"UNSIGNED-PAYLOAD");
	cr_assert_str_eq(out.string_to_sign,
		"AWS4-HMAC-SHA256\n"
		"20130524T000000Z\n"
		"20130524/us-east-1/s3/aws4_request\n"
		"3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad"
		"04");
	cr_assert_str_eq(out.signature, "aeeed9bbccd4d02ee5c0109b86d86835f99533"
					"0da4c265957d157751f604d404");
	snprintf(url, sizeof(url),
		"https://examplebucket.s3.amazonaws.com%s?%s", r.path,
		out.query);
	cr_assert_str_eq(url, S3_DOC_URL);
	petory__sigv4_result_dispose(&out);
}

/* The S3 backend itself, virtual-host style (AWS's default), makes the
 * documentation's URL; path style puts the bucket in the signed path. */
Test(sigv4, s3_store_presigns_the_documented_url)
{
	static const char path_style[] =
		"http://127.0.0.1:9000/examplebucket/"
		"ab12?X-Amz-Algorithm=AWS4-HMAC-SHA256&";
	petory_s3_options o;
	petory_blob_store *bs = NULL;
	char *url = NULL;
	memset(&o, 0, sizeof(o));
	o.bucket = "examplebucket";
	o.endpoint = "https://s3.amazonaws.com";
	o.access_key = "AKIAIOSFODNN7EXAMPLE";
	o.secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
	cr_assert_petory_ok(petory_s3_blob_store_new(&bs, &o));
	cr_assert_petory_ok(
		bs->presign_get(&url, bs, "test.txt", 1369353600, 86400));
	cr_assert_str_eq(url, S3_DOC_URL);
	free(url);
	bs->free(bs);

	o.path_style = 1;
	o.endpoint = "http://127.0.0.1:9000/";
	cr_assert_petory_ok(petory_s3_blob_store_new(&bs, &o));
	cr_assert_petory_ok(bs->presign_put(
		&url, bs, "ab12", "image/png", 42, 1369353600, 300));
	cr_assert(strncmp(url, path_style, strlen(path_style)) == 0, "%s", url);
	cr_assert(strstr(url, "&X-Amz-Expires=300&X-Amz-SignedHeaders="
			      "content-length%3Bcontent-type%3Bhost&") != NULL,
		"%s", url);
	free(url);
	bs->free(bs);

	o.endpoint = "ftp://example.com";
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_s3_blob_store_new(&bs, &o));
	o.endpoint = NULL;
	o.bucket = "Bad_Bucket";
	cr_assert_petory_fails(PETORY_EINVALID, "INVALID_PARAMETER",
		petory_s3_blob_store_new(&bs, &o));
}

/* ---- aws-sig-v4-test-suite, header form ---- */

Test(sigv4, suite_get_vanilla)
{
	static const petory__sigv4_param h[] = {
		{ "Host", "example.amazonaws.com" },
		{ "X-Amz-Date", "20150830T123600Z" },
	};
	petory__sigv4_request r = suite_request("GET", "/", h, 2);
	petory__sigv4_result out;
	cr_assert_petory_ok(petory__sigv4_sign(&out, &r));
	cr_assert_str_eq(out.canonical_request,
		"GET\n/\n\nhost:example.amazonaws.com\n"
		"x-amz-date:20150830T123600Z\n\nhost;x-amz-"
		"date\n" EMPTY_SHA256);
	cr_assert_str_eq(
		out.string_to_sign, sts("bb579772317eb040ac9ed261061d46c1f17a81"
					"33879d6129b6e1c25292927e63"));
	cr_assert_str_eq(out.signature, "5fa00fa31553b73ebf1942676e86291e8372ff"
					"2a2260956d9b8aae1d763fbf31");
	cr_assert_str_eq(out.signed_headers, "host;x-amz-date");
	petory__sigv4_result_dispose(&out);
}

Test(sigv4, suite_get_vanilla_query_order_key_case)
{
	static const petory__sigv4_param h[] = {
		{ "Host", "example.amazonaws.com" },
		{ "X-Amz-Date", "20150830T123600Z" },
	};
	static const petory__sigv4_param q[] = {
		{ "Param2", "value2" },
		{ "Param1", "value1" },
	};
	petory__sigv4_request r = suite_request("GET", "/", h, 2);
	petory__sigv4_result out;
	r.query = q;
	r.query_count = 2;
	cr_assert_petory_ok(petory__sigv4_sign(&out, &r));
	cr_assert_str_eq(out.canonical_request,
		"GET\n/\nParam1=value1&Param2=value2\n"
		"host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
		"host;x-amz-date\n" EMPTY_SHA256);
	cr_assert_str_eq(
		out.string_to_sign, sts("816cd5b414d056048ba4f7c5386d6e0533120f"
					"b1fcfa93762cf0fc39e2cf19e0"));
	cr_assert_str_eq(out.signature, "b97d918cfa904a5beff61c982a1b6f458b7992"
					"21646efd99d3219ec94cdf2500");
	petory__sigv4_result_dispose(&out);
}

Test(sigv4, suite_get_header_value_trim_and_key_duplicate)
{
	static const petory__sigv4_param trim[] = {
		{ "Host", "example.amazonaws.com" },
		{ "My-Header1", " value1" },
		{ "My-Header2", " \"a   b   c\"" },
		{ "X-Amz-Date", "20150830T123600Z" },
	};
	static const petory__sigv4_param dup[] = {
		{ "Host", "example.amazonaws.com" },
		{ "My-Header1", "value2" },
		{ "My-Header1", "value2" },
		{ "My-Header1", "value1" },
		{ "X-Amz-Date", "20150830T123600Z" },
	};
	petory__sigv4_request r = suite_request("GET", "/", trim, 4);
	petory__sigv4_result out;
	cr_assert_petory_ok(petory__sigv4_sign(&out, &r));
	cr_assert_str_eq(out.canonical_request,
		"GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\n"
		"my-header2:\"a b c\"\nx-amz-date:20150830T123600Z\n\n"
		"host;my-header1;my-header2;x-amz-date\n" EMPTY_SHA256);
	cr_assert_str_eq(out.signature, "acc3ed3afb60bb290fc8d2dd0098b9911fcaa0"
					"5412b367055dee359757a9c736");
	petory__sigv4_result_dispose(&out);

	r = suite_request("GET", "/", dup, 5);
	cr_assert_petory_ok(petory__sigv4_sign(&out, &r));
	cr_assert_str_eq(
		out.string_to_sign, sts("dc7f04a3abfde8d472b0ab1a418b741b7c6717"
					"4dad1551b4117b15527fbe966c"));
	cr_assert_str_eq(out.signature, "c9d5ea9f3f72853aea855b47ea873832890dbd"
					"d183b4468f858259531a5138ea");
	petory__sigv4_result_dispose(&out);
}

Test(sigv4, suite_paths_are_encoded_once)
{
	static const petory__sigv4_param h[] = {
		{ "Host", "example.amazonaws.com" },
		{ "X-Amz-Date", "20150830T123600Z" },
	};
	static const struct {
		const char *path, *canonical, *signature;
	} cases[] = {
		{ "/-._~"
		  "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrst"
		  "uvwxyz",
			"/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklm"
			"nopqrstuvwxyz",
			"07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a"
			"65bbf5f24f" },
		{ "/\xe1\x88\xb4", "/%E1%88%B4",
			"8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd0"
			"3141be5d85" },
		{ "/example space/", "/example%20space/",
			"652487583200325589f1fba4c7e578f72c47cb61beeca81406b39d"
			"dec1366741" },
	};
	size_t i;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		petory__sigv4_request r =
			suite_request("GET", cases[i].path, h, 2);
		petory__sigv4_result out;
		cr_assert_petory_ok(petory__sigv4_sign(&out, &r));
		cr_assert(strncmp(out.canonical_request + 4, cases[i].canonical,
				  strlen(cases[i].canonical)) == 0,
			"%s", out.canonical_request);
		cr_assert_str_eq(
			out.signature, cases[i].signature, "%s", cases[i].path);
		petory__sigv4_result_dispose(&out);
	}
}

Test(sigv4, suite_post_vanilla_query)
{
	static const petory__sigv4_param h[] = {
		{ "Host", "example.amazonaws.com" },
		{ "X-Amz-Date", "20150830T123600Z" },
	};
	static const petory__sigv4_param q[] = { { "Param1", "value1" } };
	petory__sigv4_request r = suite_request("POST", "/", h, 2);
	petory__sigv4_result out;
	r.query = q;
	r.query_count = 1;
	cr_assert_petory_ok(petory__sigv4_sign(&out, &r));
	cr_assert_str_eq(out.signature, "28038455d6de14eafc1f9222cf5aa6f1a96197"
					"d7deb8263271d420d138af7f11");
	petory__sigv4_result_dispose(&out);
}

/* ---- aws-sig-v4-test-suite, presigned query form ---- */

Test(sigv4, suite_get_vanilla_presigned)
{
	static const petory__sigv4_param h[] = {
		{ "Host", "example.amazonaws.com" },
	};
	petory__sigv4_request r = suite_request("GET", "/", h, 1);
	petory__sigv4_result out;
	cr_assert_petory_ok(petory__sigv4_presign(&out, &r, 3600));
	cr_assert_str_eq(out.canonical_request,
		"GET\n/\n"
		"X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE"
		"%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date="
		"20150830T123600Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host\n"
		"host:example.amazonaws.com\n\nhost\n" EMPTY_SHA256);
	cr_assert_str_eq(
		out.string_to_sign, sts("bb7705b4aa3cb8e8f5e1e0b3d4c0b64030797a"
					"313c8ceee43e33117cc43eadc5"));
	cr_assert_str_eq(out.signature, "e93c787ed7f371d5c6b165c1b38ede9550f4dc"
					"e4144713e844b25b7192d3865d");
	cr_assert(strstr(out.query, "&X-Amz-Signature=e93c787e") != NULL);
	petory__sigv4_result_dispose(&out);
}

Test(sigv4, suite_post_form_presigned_signs_content_headers)
{
	static const petory__sigv4_param h[] = {
		{ "Content-Type", "application/x-www-form-urlencoded" },
		{ "Host", "example.amazonaws.com" },
		{ "Content-Length", "13" },
	};
	petory__sigv4_request r = suite_request("POST", "/", h, 3);
	petory__sigv4_result out;
	r.payload_hash = "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275"
			 "f4c7b24d0b6e";
	cr_assert_petory_ok(petory__sigv4_presign(&out, &r, 3600));
	cr_assert_str_eq(
		out.signed_headers, "content-length;content-type;host");
	cr_assert(strstr(out.canonical_request,
			  "&X-Amz-SignedHeaders=content-length%3Bcontent-type%"
			  "3Bhost\n") != NULL);
	cr_assert_str_eq(
		out.string_to_sign, sts("ee5059a7c437165a28d0e775e6498be4287612"
					"55d657d8c04cb1baa41de6514c"));
	cr_assert_str_eq(out.signature, "89a40deed0f26f9461242825a082d222271724"
					"8abc7ab41f552ad84a94ad46e9");
	petory__sigv4_result_dispose(&out);
}

Test(sigv4, uri_encoding)
{
	char *s = petory__uri_encode("a b/c~d+e*f", 0);
	cr_assert_str_eq(s, "a%20b%2Fc~d%2Be%2Af");
	free(s);
	s = petory__uri_encode("/bucket/key name", 1);
	cr_assert_str_eq(s, "/bucket/key%20name");
	free(s);
}
