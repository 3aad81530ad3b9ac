"""petory -- Python bindings over libpetory's public C API (ctypes).

Every call goes through the same library functions as petory-httpd and
petoryctl, so the rules are identical.  Errors raise PetoryError carrying
the library's code, stable reason and invalid fields.

    db = petory.Petory("./petory.db")
    user = db.signup("a@example.com", "a long passphrase", "nick")
    tokens = db.login("a@example.com", "a long passphrase")
    me = db.verify(tokens["accessToken"])
"""

import ctypes
import ctypes.util
import json
import os

__all__ = ["Petory", "PetoryError", "library_version"]

_lib = ctypes.CDLL(os.environ.get("PETORY_LIB") or
                   ctypes.util.find_library("petory") or "libpetory.so")
_jansson = ctypes.CDLL(ctypes.util.find_library("jansson") or
                       "libjansson.so.4")
_libc = ctypes.CDLL(None)

OPTIONS_VERSION = 3


class _RateRule(ctypes.Structure):
    _fields_ = [("limit", ctypes.c_int64), ("window_s", ctypes.c_int64)]


class _OAuthProvider(ctypes.Structure):
    _fields_ = [(name, ctypes.c_char_p) for name in (
        "client_id", "client_secret", "authorize_url", "token_url",
        "userinfo_url", "redirect_uri", "scope", "ca_file")]


_CLOCK = ctypes.CFUNCTYPE(ctypes.c_int64, ctypes.c_void_p)


class _S3Options(ctypes.Structure):
    _fields_ = [(name, ctypes.c_char_p) for name in (
        "bucket", "region", "endpoint", "access_key", "secret_key")] + [
        ("path_style", ctypes.c_int), ("ca_file", ctypes.c_char_p)]


class _Options(ctypes.Structure):
    """Mirror of petory_options version 3 (include/petory/options.h);
    its size is checked against the library's at import."""
    _fields_ = [
        ("version", ctypes.c_uint),
        ("db_path", ctypes.c_char_p),
        ("pool_size", ctypes.c_uint),
        ("create", ctypes.c_int),
        ("jwt_secret", ctypes.c_char_p),
        ("access_ttl_s", ctypes.c_int64),
        ("refresh_ttl_s", ctypes.c_int64),
        ("pwhash_opslimit", ctypes.c_ulonglong),
        ("pwhash_memlimit", ctypes.c_size_t),
        ("clock", _CLOCK),
        ("clock_payload", ctypes.c_void_p),
        ("default_timezone", ctypes.c_char_p),
        ("login_email_failures", _RateRule),
        ("login_ip", _RateRule),
        ("signup_ip", _RateRule),
        ("google", _OAuthProvider),
        ("redis_url", ctypes.c_char_p),
        ("redis_prefix", ctypes.c_char_p),
        # version 2
        ("smtp_url", ctypes.c_char_p),
        ("mail_from", ctypes.c_char_p),
        ("admin_webhook_url", ctypes.c_char_p),
        ("place_review", _RateRule),
        ("place_report", _RateRule),
        ("kakao_api_key", ctypes.c_char_p),
        ("kakao_local_url", ctypes.c_char_p),
        ("files_dir", ctypes.c_char_p),
        ("files_secret", ctypes.c_char_p),
        ("max_upload_size", ctypes.c_int64),
        ("upload_url_ttl_s", ctypes.c_int64),
        ("download_url_ttl_s", ctypes.c_int64),
        ("public_url", ctypes.c_char_p),
        ("album_images_user", ctypes.c_int64),
        ("album_images_admin", ctypes.c_int64),
        ("s3", _S3Options),
        ("redis_sessions", ctypes.c_int),
        # version 3
        ("smtp_insecure", ctypes.c_int),
        ("oauth_begin_ip", _RateRule),
        ("jwt_previous_secrets", ctypes.c_char_p),
        ("login_email_any_failures", _RateRule),
        ("verify_resend", _RateRule),
        ("password_reset_email", _RateRule),
        ("password_reset_ip", _RateRule),
        ("lost_pet_alerts", _RateRule),
    ]


class _ErrorField(ctypes.Structure):
    _fields_ = [("field", ctypes.c_char_p), ("message", ctypes.c_char_p)]


class _Error(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int), ("reason", ctypes.c_char_p),
                ("message", ctypes.c_char_p), ("field_count", ctypes.c_size_t),
                ("fields", ctypes.POINTER(_ErrorField))]


class _NewUser(ctypes.Structure):
    _fields_ = [("email", ctypes.c_char_p), ("password", ctypes.c_char_p),
                ("nickname", ctypes.c_char_p)]


class _Tokens(ctypes.Structure):
    _fields_ = [("access_token", ctypes.c_char_p),
                ("refresh_token", ctypes.c_char_p),
                ("expires_in", ctypes.c_int64), ("user_id", ctypes.c_int64)]


class _Identity(ctypes.Structure):
    _fields_ = [("user_id", ctypes.c_int64), ("roles", ctypes.c_uint),
                ("session_id", ctypes.c_char * 48),
                ("token_id", ctypes.c_char * 48),
                ("expires_at", ctypes.c_int64)]


class _RateInfo(ctypes.Structure):
    _fields_ = [("applies", ctypes.c_int), ("limit", ctypes.c_int64),
                ("remaining", ctypes.c_int64), ("reset_s", ctypes.c_int64),
                ("retry_after_s", ctypes.c_int64)]


def _fn(name, restype, *argtypes):
    f = getattr(_lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


_P = ctypes.c_void_p
_open = _fn("petory_open", ctypes.c_int, ctypes.POINTER(_P),
            ctypes.POINTER(_Options))
_options_init = _fn("petory_options_init", ctypes.c_int,
                    ctypes.POINTER(_Options), ctypes.c_uint)
_options_size = _fn("petory_options_size", ctypes.c_size_t, ctypes.c_uint)
if _options_size(OPTIONS_VERSION) != ctypes.sizeof(_Options):
    raise ImportError(
        "petory: this binding's petory_options (version %d, %d bytes) does "
        "not match the library's (%d bytes)" % (
            OPTIONS_VERSION, ctypes.sizeof(_Options),
            _options_size(OPTIONS_VERSION)))
_close = _fn("petory_close", None, _P)
_error_last = _fn("petory_error_last", ctypes.POINTER(_Error))
_error_name = _fn("petory_error_name", ctypes.c_char_p, ctypes.c_int)
_version = _fn("petory_version_string", ctypes.c_char_p)
_signup = _fn("petory_auth_signup", ctypes.c_int, ctypes.POINTER(_P), _P,
              ctypes.POINTER(_NewUser), ctypes.c_char_p,
              ctypes.POINTER(_RateInfo))
_login = _fn("petory_auth_login", ctypes.c_int, ctypes.POINTER(_Tokens), _P,
             ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
             ctypes.POINTER(_RateInfo))
_verify = _fn("petory_auth_verify", ctypes.c_int, ctypes.POINTER(_Identity),
              _P, ctypes.c_char_p)
_logout = _fn("petory_auth_logout", ctypes.c_int, _P,
              ctypes.POINTER(_Identity))
_tokens_dispose = _fn("petory_tokens_dispose", None, ctypes.POINTER(_Tokens))
_user_get = _fn("petory_user_get", ctypes.c_int, ctypes.POINTER(_P), _P,
                ctypes.POINTER(_Identity), ctypes.c_int64)
_user_free = _fn("petory_user_free", None, _P)
_user_to_json = _fn("petory_user_to_json", _P, _P)
_json_dumps = _jansson.json_dumps
_json_dumps.restype = ctypes.c_void_p
_json_dumps.argtypes = [_P, ctypes.c_size_t]
_json_delete = _jansson.json_delete
_json_delete.argtypes = [_P]
_free = _libc.free
_free.argtypes = [_P]


def library_version():
    return _version().decode()


class PetoryError(Exception):
    """A failed library call: code (negative int), name, reason, fields."""

    def __init__(self, code):
        err = _error_last().contents
        self.code = code
        self.name = _error_name(code).decode()
        self.reason = (err.reason or b"").decode()
        self.fields = {err.fields[i].field.decode():
                       err.fields[i].message.decode()
                       for i in range(err.field_count)}
        super().__init__("%s: %s [%s]" % (
            self.name, (err.message or b"").decode(), self.reason))


def _check(rc):
    if rc != 0:
        raise PetoryError(rc)


def _user_dict(user_ptr):
    j = _user_to_json(user_ptr)
    text = _json_dumps(j, 0)
    try:
        return json.loads(ctypes.string_at(text).decode())
    finally:
        _free(text)
        _json_delete(j)
        _user_free(user_ptr)


class Petory:
    """An open PETORY database (thread-safe, like the C handle)."""

    def __init__(self, path, fast_password_hashing=False, create=True,
                 jwt_secret=None, jwt_previous_secrets=None,
                 files_secret=None):
        """jwt_secret, jwt_previous_secrets and files_secret: keys from
        outside the database (base64, as petory_options takes them);
        None: generated once and kept in the database."""
        opts = _Options()
        _check(_options_init(ctypes.byref(opts), OPTIONS_VERSION))
        self._path = path.encode()
        # kept referenced until petory_open has copied them
        self._keys = [k.encode() if k is not None else None
                      for k in (jwt_secret, jwt_previous_secrets,
                                files_secret)]
        (opts.jwt_secret, opts.jwt_previous_secrets,
         opts.files_secret) = self._keys
        opts.db_path = self._path
        opts.create = 1 if create else 0
        if fast_password_hashing:
            opts.pwhash_opslimit = 1
            opts.pwhash_memlimit = 8192
        self._db = _P()
        _check(_open(ctypes.byref(self._db), ctypes.byref(opts)))
        self._keys = None

    def close(self):
        if self._db:
            _close(self._db)
            self._db = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def signup(self, email, password, nickname):
        new = _NewUser(email.encode(), password.encode(), nickname.encode())
        user = _P()
        _check(_signup(ctypes.byref(user), self._db, ctypes.byref(new),
                       None, None))
        return _user_dict(user)

    def login(self, email, password):
        t = _Tokens()
        _check(_login(ctypes.byref(t), self._db, email.encode(),
                      password.encode(), None, None))
        try:
            return {"accessToken": t.access_token.decode(),
                    "refreshToken": t.refresh_token.decode(),
                    "tokenType": "Bearer", "expiresIn": t.expires_in}
        finally:
            _tokens_dispose(ctypes.byref(t))

    def _identity(self, access_token):
        ident = _Identity()
        _check(_verify(ctypes.byref(ident), self._db, access_token.encode()))
        return ident

    def verify(self, access_token):
        """The account behind an access token (raises when invalid)."""
        ident = self._identity(access_token)
        user = _P()
        _check(_user_get(ctypes.byref(user), self._db, ctypes.byref(ident),
                         ident.user_id))
        return _user_dict(user)

    def logout(self, access_token):
        ident = self._identity(access_token)
        _check(_logout(self._db, ctypes.byref(ident)))
