/* oauth2.c -- OAuth2 authorization-code login with state and PKCE (S256)
 * against a Google-compatible provider, over libcurl.
 *
 * begin stores (state -> code verifier) for 10 minutes; finish takes the
 * state exactly once, so a replayed or forged callback fails.  Provider
 * answers are read up to 1 MiB, with timeouts, over http(s) only, and
 * never followed through redirects.  The user is matched on the verified
 * email, created with role USER when new, then logged in with the same
 * status rules as a password login.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "domain/domain.h"
#include "store/calls.h"

#define STATE_TTL_MS (10 * 60 * 1000)
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

int petory_oauth_begin(char **url_out, petory *db, const char *provider)
{
	const petory__config *cfg;
	unsigned char raw[32], digest[32];
	char *state = NULL, *verifier = NULL, *challenge = NULL;
	char *e_client = NULL, *e_redirect = NULL, *e_scope = NULL;
	CURL *curl = NULL;
	int error = 0;
	size_t n;

	if (!url_out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	*url_out = NULL;
	if (!(cfg = provider_config(db, provider)))
		return not_configured();
	randombytes_buf(raw, sizeof(raw));
	state = petory__b64url_encode(raw, sizeof(raw));
	randombytes_buf(raw, sizeof(raw));
	verifier = petory__b64url_encode(raw, sizeof(raw));
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
	if (!state || !challenge || !e_client || !e_redirect || !e_scope) {
		error = petory__error_oom();
		goto done;
	}
	if ((error = petory__store_oauth_state_put(
		     db, state, verifier, petory_now(db) + STATE_TTL_MS)) < 0)
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
done:
	curl_free(e_client);
	curl_free(e_redirect);
	curl_free(e_scope);
	curl_easy_cleanup(curl);
	free(state);
	if (verifier)
		sodium_memzero(verifier, strlen(verifier));
	free(verifier);
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

int petory_oauth_finish(petory_tokens *out, petory *db, const char *provider,
	const char *code, const char *state)
{
	const petory__config *cfg;
	char *verifier = NULL, *access = NULL;
	profile p = { 0 };
	int64_t user_id = 0;
	int error;

	if (!out || !db)
		return petory_error_set(PETORY_EINVALID, NULL, "NULL argument");
	memset(out, 0, sizeof(*out));
	if (!(cfg = provider_config(db, provider)))
		return not_configured();
	if (!state || !*state || strlen(state) > 256 || !code || !*code ||
		strlen(code) > 2048)
		return petory_error_set(PETORY_EINVALID, "INVALID_OAUTH_STATE",
			"missing or malformed code or state");
	error = petory__store_oauth_state_take(
		&verifier, db, state, petory_now(db));
	if (error == PETORY_ENOTFOUND)
		return petory_error_set(PETORY_EINVALID, "INVALID_OAUTH_STATE",
			"unknown, expired or already used login attempt");
	if (error < 0)
		return error;
	if ((error = exchange_code(&access, cfg, code, verifier)) == 0 &&
		(error = fetch_profile(&p, cfg, access)) == 0 &&
		(error = find_or_create(&user_id, db, &p)) == 0)
		error = petory_auth_issue_for_user(out, db, user_id);
	if (access)
		sodium_memzero(access, strlen(access));
	free(access);
	sodium_memzero(verifier, strlen(verifier));
	free(verifier);
	free(p.email);
	free(p.name);
	return error;
}
