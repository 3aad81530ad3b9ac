/* oauth2.c -- OAuth2 authorization-code login with state and PKCE (S256)
 * against a Google-compatible provider, over libcurl.
 *
 * begin stores (state -> code verifier, hash of a browser nonce) for 10
 * minutes, the nonce going to the browser's cookie; it is limited per
 * client IP.  finish takes the state exactly once and only with the nonce
 * of the browser that began it, so a replayed, forged or carried-over
 * callback (login CSRF) fails before the provider is asked.  Provider
 * answers are read up to 1 MiB, with timeouts, over http(s) only, and
 * never followed through redirects.  The user is matched on the verified
 * email, created with role USER when new, checked against the status
 * rules of a password login, and handed a single-use login code (60 s,
 * stored as a hash); redeeming it issues the tokens.  Secrets (nonce,
 * code, verifier) are never logged and are wiped after use.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "domain/domain.h"
#include "store/calls.h"

#define STATE_TTL_MS ((petory_time_ms)PETORY_OAUTH_ATTEMPT_TTL_S * 1000)
#define LOGIN_CODE_TTL_MS ((petory_time_ms)PETORY_OAUTH_LOGIN_CODE_TTL_S * 1000)
#define SECRET_BYTES 32 /* of a browser nonce and of a login code */
#define SECRET_CHARS 43 /* their base64url text, unpadded */
#define HASH_BYTES PETORY_STORE_OAUTH_HASH_BYTES

static const petory__config *provider_config(petory *db, const char *provider)
{
	if (!provider || strcmp(provider, "google") != 0 ||
		!db->cfg.google.client_id || !db->cfg.google.redirect_uri)
		return NULL;
	return &db->cfg;
}

static int not_configured(void)
{
	return petory_error_set(PETORY_ENOTFOUND,
		"OAUTH2_PROVIDER_NOT_CONFIGURED",
		"this login provider is not configured");
}

static char *escape(CURL *curl, const char *s)
{
	return curl_easy_escape(curl, s, 0);
}

/* A fresh random secret as base64url text (SECRET_CHARS); NULL without
 * memory. */
static char *random_secret(void)
{
	unsigned char raw[SECRET_BYTES];
	char *text;
	randombytes_buf(raw, sizeof(raw));
	text = petory__b64url_encode(raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	return text;
}

/* Whether s is SECRET_CHARS base64url characters, as random_secret
 * writes them. */
static int secret_shaped(const char *s)
{
	size_t n;
	if (!s)
		return 0;
	n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		      "0123456789-_");
	return n == SECRET_CHARS && s[n] == '\0';
}

/* The stored form of a browser nonce or a login code. */
static void secret_hash(unsigned char out[HASH_BYTES], const char *secret)
{
	crypto_generichash(out, HASH_BYTES, (const unsigned char *)secret,
		strlen(secret), NULL, 0);
}

static void secret_free(char *s)
{
	if (s) {
		sodium_memzero(s, strlen(s));
		free(s);
	}
}

static int begin_rate(petory *db, const char *client_ip, petory_rate_info *rate)
{
	petory_rate_info info = { 0 };
	char key[128];
	int error = 0;
	if (client_ip && *client_ip) {
		snprintf(key, sizeof(key), "oauth:begin:ip:%s", client_ip);
		error = petory__rate_consume(
			&info, db, key, &db->cfg.oauth_begin_ip, 1);
	}
	if (rate)
		*rate = info;
	return error;
}

int petory_oauth_begin(char **url_out, char **browser_nonce_out, petory *db,
	const char *provider, const char *client_ip, petory_rate_info *rate)
{
	const petory__config *cfg;
	unsigned char digest[32], nonce_hash[HASH_BYTES];
	char *state = NULL, *verifier = NULL, *challenge = NULL, *nonce = NULL;
	char *e_client = NULL, *e_redirect = NULL, *e_scope = NULL;
	CURL *curl = NULL;
	petory_time_ms now;
	int error = 0;
	size_t n;

	if (rate)
		memset(rate, 0, sizeof(*rate));
	if (!url_out || !browser_nonce_out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*url_out = NULL;
	*browser_nonce_out = NULL;
	if (!(cfg = provider_config(db, provider)))
		return not_configured();
	if ((error = begin_rate(db, client_ip, rate)) < 0)
		return error;
	state = random_secret();
	verifier = random_secret();
	nonce = random_secret();
	if (verifier) {
		crypto_hash_sha256(digest, (const unsigned char *)verifier,
			strlen(verifier));
		challenge = petory__b64url_encode(digest, sizeof(digest));
	}
	curl = curl_easy_init();
	if (curl) {
		e_client = escape(curl, cfg->google.client_id);
		e_redirect = escape(curl, cfg->google.redirect_uri);
		e_scope = escape(curl, cfg->google.scope);
	}
	if (!state || !challenge || !nonce || !e_client || !e_redirect ||
		!e_scope) {
		error = petory__error_oom();
		goto done;
	}
	secret_hash(nonce_hash, nonce);
	now = petory_now(db);
	if ((error = petory__store_oauth_state_put2(db, state, verifier,
		     nonce_hash, now + STATE_TTL_MS, now)) < 0)
		goto done;
	n = strlen(cfg->google.authorize_url) + strlen(e_client) +
	    strlen(e_redirect) + strlen(e_scope) + strlen(state) +
	    strlen(challenge) + 200;
	if (!(*url_out = malloc(n))) {
		error = petory__error_oom();
		goto done;
	}
	snprintf(*url_out, n,
		"%s%sresponse_type=code&client_id=%s&redirect_uri=%s"
		"&scope=%s&state=%s&code_challenge=%s"
		"&code_challenge_method=S256",
		cfg->google.authorize_url,
		strchr(cfg->google.authorize_url, '?') ? "&" : "?", e_client,
		e_redirect, e_scope, state, challenge);
	*browser_nonce_out = nonce;
	nonce = NULL;
done:
	curl_free(e_client);
	curl_free(e_redirect);
	curl_free(e_scope);
	curl_easy_cleanup(curl);
	free(state);
	secret_free(verifier);
	secret_free(nonce);
	free(challenge);
	return error;
}

/* Perform a request prepared on curl; the body must be a JSON object and
 * the status 2xx.  *out is a new reference. */
static int fetch_json(
	json_t **out, CURL *curl, const petory__config *cfg, const char *what)
{
	char label[64];
	snprintf(label, sizeof(label), "oauth2 %s", what);
	return petory__http_json(out, curl, cfg->google.ca_file, label,
		"OAUTH2_PROVIDER_ERROR",
		"the login provider did not accept the request");
}

static int exchange_code(char **access_out, const petory__config *cfg,
	const char *code, const char *verifier)
{
	CURL *curl = curl_easy_init();
	char *e_code = NULL, *e_redirect = NULL, *e_client = NULL,
	     *e_secret = NULL, *e_verifier = NULL, *form = NULL;
	json_t *answer = NULL;
	const char *token = NULL;
	int error = 0;
	size_t n;

	*access_out = NULL;
	if (curl) {
		e_code = escape(curl, code);
		e_redirect = escape(curl, cfg->google.redirect_uri);
		e_client = escape(curl, cfg->google.client_id);
		e_secret = escape(curl, cfg->google.client_secret
						? cfg->google.client_secret
						: "");
		e_verifier = escape(curl, verifier);
	}
	if (!e_code || !e_redirect || !e_client || !e_secret || !e_verifier) {
		error = petory__error_oom();
		goto done;
	}
	n = strlen(e_code) + strlen(e_redirect) + strlen(e_client) +
	    strlen(e_secret) + strlen(e_verifier) + 128;
	if (!(form = malloc(n))) {
		error = petory__error_oom();
		goto done;
	}
	snprintf(form, n,
		"grant_type=authorization_code&code=%s&redirect_uri=%s"
		"&client_id=%s&client_secret=%s&code_verifier=%s",
		e_code, e_redirect, e_client, e_secret, e_verifier);
	curl_easy_setopt(curl, CURLOPT_URL, cfg->google.token_url);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form);
	if ((error = fetch_json(&answer, curl, cfg, "token exchange")) < 0)
		goto done;
	if (json_unpack(answer, "{s:s}", "access_token", &token) != 0 ||
		!(*access_out = strdup(token)))
		error = petory_error_set(PETORY_EUPSTREAM,
			"OAUTH2_PROVIDER_ERROR",
			"the login provider sent no access token");
done:
	json_decref(answer);
	if (form)
		sodium_memzero(form, strlen(form));
	free(form);
	curl_free(e_code);
	curl_free(e_redirect);
	curl_free(e_client);
	curl_free(e_secret);
	curl_free(e_verifier);
	curl_easy_cleanup(curl);
	return error;
}

typedef struct profile {
	char *email;
	char *name;
} profile;

static int email_verified(json_t *info)
{
	json_t *v = json_object_get(info, "email_verified");
	if (json_is_true(v))
		return 1;
	return json_is_string(v) && strcmp(json_string_value(v), "true") == 0;
}

static int fetch_profile(
	profile *out, const petory__config *cfg, const char *access_token)
{
	CURL *curl = curl_easy_init();
	struct curl_slist *headers = NULL;
	char auth[2200];
	json_t *info = NULL;
	const char *email = NULL, *name = NULL;
	int error;

	memset(out, 0, sizeof(*out));
	if (!curl)
		return petory__error_oom();
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", access_token);
	headers = curl_slist_append(NULL, auth);
	sodium_memzero(auth, sizeof(auth));
	curl_easy_setopt(curl, CURLOPT_URL, cfg->google.userinfo_url);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	error = fetch_json(&info, curl, cfg, "userinfo");
	curl_slist_free_all(headers);
	curl_easy_cleanup(curl);
	if (error < 0)
		return error;
	json_unpack(info, "{s?s, s?s}", "email", &email, "name", &name);
	if (!email || !*email || !email_verified(info) ||
		!petory__email_valid(email))
		error = petory_error_set(PETORY_EINVALID,
			"OAUTH2_EMAIL_NOT_FOUND",
			"the provider did not confirm an email address");
	else if (!(out->email = strdup(email)) ||
		 (name && !(out->name = strdup(name))))
		error = petory__error_oom();
	json_decref(info);
	return error;
}

/* A nickname from the provider's name (or the email's local part), cut to
 * 30 characters on a character boundary. */
static char *nickname_for(const profile *p)
{
	const char *src = p->name && *p->name ? p->name : p->email;
	size_t len = p->name && *p->name ? strlen(src)
					 : (size_t)(strchr(src, '@') - src);
	char *nick = strndup(src, len);
	petory__invalid v;
	size_t cut;
	if (!nick)
		return NULL;
	for (cut = strlen(nick); cut > 0; cut--) {
		petory__invalid_begin(&v);
		if (petory__check_text(&v, "nickname", nick, 1, 30))
			return nick;
		nick[cut - 1] = '\0';
		while (cut > 1 && ((unsigned char)nick[cut - 2] & 0xc0) == 0x80)
			nick[--cut - 1] = '\0';
	}
	free(nick);
	return strdup("petory user");
}

/* The linking rule (api.md, "Linking (Google)"): the verified Google email
 * logs into the account that has it when that account's email is verified
 * (accounts made by Google are verified at creation).  An account whose
 * email was never verified was made with a password by whoever typed the
 * address: the address's owner takes it over; its password is cleared,
 * every login of it revoked, and the email marked verified. */
static int take_over(petory *db, int64_t user_id)
{
	petory_time_ms now = petory_now(db);
	int error = petory__store_user_take_over(db, user_id, now);
	if (error == PETORY_ECONFLICT) /* verified meanwhile: just log in */
		return 0;
	if (error < 0)
		return error;
	petory__log(PETORY_LOG_WARN,
		"user %lld: taken over by the Google owner of its unverified "
		"email; password cleared, logins revoked",
		(long long)user_id);
	if ((error = db->sessions->session_revoke_user(
		     db->sessions, user_id, now)) < 0)
		return error;
	petory__store_account_token_drop_user(
		db, user_id, PETORY_ACCOUNT_TOKEN_RESET_PASSWORD);
	petory__store_account_token_drop_user(
		db, user_id, PETORY_ACCOUNT_TOKEN_VERIFY_EMAIL);
	petory__account_notify(db, user_id,
		"Google 로그인으로 이메일 주소의 소유가 확인되어 이 계정을 "
		"되찾았습니다. 이전 비밀번호와 모든 로그인은 "
		"무효가 되었습니다. Your Google login proved you own this "
		"email address: the account is yours, its former password and "
		"every other login no longer work.");
	return 0;
}

static int find_or_create(int64_t *id_out, petory *db, const profile *p)
{
	char *norm = petory__utf8_fold(p->email);
	petory_user *u = NULL;
	int error;
	if (!norm)
		return petory__error_oom();
	error = petory__store_user_get_by_email(&u, NULL, db, norm);
	if (error == PETORY_ENOTFOUND) {
		petory_user fresh = { 0 };
		fresh.email = p->email;
		fresh.nickname = nickname_for(p);
		fresh.timezone = db->cfg.default_timezone;
		fresh.roles = PETORY_ROLE_USER;
		fresh.status = PETORY_USER_ACTIVE;
		fresh.created_at = petory_now(db);
		fresh.email_verified = 1; /* Google vouched for it */
		error = fresh.nickname ? petory__store_user_insert(
						 db, &fresh, norm, NULL)
				       : petory__error_oom();
		free(fresh.nickname);
		if (error == PETORY_EEXISTS) /* created meanwhile */
			error = petory__store_user_get_by_email(
				&u, NULL, db, norm);
		else if (error == 0)
			*id_out = fresh.id;
	}
	if (error == 0 && u) {
		*id_out = u->id;
		if (!u->email_verified)
			error = take_over(db, u->id);
	}
	petory_user_free(u);
	free(norm);
	return error;
}

static int state_mismatch(void)
{
	return petory_error_set(PETORY_EINVALID, "OAUTH2_STATE_MISMATCH",
		"this login was not begun in this browser, or it expired or "
		"was already used");
}

static int invalid_login_code(void)
{
	return petory_error_set(PETORY_EINVALID, "INVALID_LOGIN_CODE",
		"unknown, expired or already used login code");
}

/* The account may log in now (the status rules of a password login). */
static int check_can_login(petory *db, int64_t user_id)
{
	petory_user *user = NULL;
	int reactivate, error;
	if ((error = petory__user_load(&user, NULL, db, user_id)) == 0)
		error = petory__login_allowed(
			&reactivate, user, petory_now(db));
	petory_user_free(user);
	return error;
}

/* A new login code for user_id: stored as its hash; *code_out the text. */
static int login_code_issue(char **code_out, petory *db, int64_t user_id)
{
	unsigned char code_hash[HASH_BYTES];
	petory_time_ms now = petory_now(db);
	char *code = random_secret();
	int error;
	*code_out = NULL;
	if (!code)
		return petory__error_oom();
	secret_hash(code_hash, code);
	error = petory__store_login_code_put(
		db, code_hash, user_id, now + LOGIN_CODE_TTL_MS, now);
	if (error < 0)
		secret_free(code);
	else
		*code_out = code;
	return error;
}

int petory_oauth_finish(char **login_code_out, int64_t *user_id_out, petory *db,
	const char *provider, const char *code, const char *state,
	const char *browser_nonce)
{
	const petory__config *cfg;
	unsigned char nonce_hash[HASH_BYTES];
	char *verifier = NULL, *access = NULL;
	profile p = { 0 };
	int64_t user_id = 0;
	int error;

	if (!login_code_out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*login_code_out = NULL;
	if (user_id_out)
		*user_id_out = 0;
	if (!(cfg = provider_config(db, provider)))
		return not_configured();
	if (!state || !*state || strlen(state) > 256 || !code || !*code ||
		strlen(code) > 2048 || !secret_shaped(browser_nonce))
		return state_mismatch();
	secret_hash(nonce_hash, browser_nonce);
	error = petory__store_oauth_state_take2(
		&verifier, db, state, nonce_hash, petory_now(db));
	if (error == PETORY_ENOTFOUND)
		return state_mismatch();
	if (error < 0)
		return error;
	if ((error = exchange_code(&access, cfg, code, verifier)) == 0 &&
		(error = fetch_profile(&p, cfg, access)) == 0 &&
		(error = find_or_create(&user_id, db, &p)) == 0 &&
		(error = check_can_login(db, user_id)) == 0 &&
		(error = login_code_issue(login_code_out, db, user_id)) == 0 &&
		user_id_out)
		*user_id_out = user_id;
	if (access)
		sodium_memzero(access, strlen(access));
	free(access);
	secret_free(verifier);
	free(p.email);
	free(p.name);
	return error;
}

int petory_oauth_redeem(petory_tokens *out, petory *db, const char *login_code)
{
	unsigned char code_hash[HASH_BYTES];
	int64_t user_id = 0;
	int error;

	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if (!secret_shaped(login_code))
		return invalid_login_code();
	secret_hash(code_hash, login_code);
	error = petory__store_login_code_take(
		&user_id, db, code_hash, petory_now(db));
	if (error == PETORY_ENOTFOUND)
		return invalid_login_code();
	if (error < 0)
		return error;
	return petory_auth_issue_for_user(out, db, user_id);
}
