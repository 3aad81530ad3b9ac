/* authn.h -- bearer-token authentication against a route's auth level. */
#ifndef HTTPD_AUTHN_H
#define HTTPD_AUTHN_H

#include "router.h"

/* Authenticate r for level.  0: proceed (r->who is filled when a token
 * was accepted).  -1: a 401 or 403 reply has been left in r. */
int authn_check(struct request *r, enum auth_level level);

/* The token of a Bearer Authorization header (borrowed); NULL when the
 * header is absent or not Bearer; "" when Bearer carries nothing usable. */
const char *authn_bearer_token(const struct request *r);

#endif
