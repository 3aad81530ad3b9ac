/* authn.h -- bearer-token authentication against a route's auth level. */
#ifndef HTTPD_AUTHN_H
#define HTTPD_AUTHN_H

#include "router.h"

/* Authenticate r for level.  0: proceed (r->who is filled when a token
 * was accepted).  -1: a 401 or 403 reply has been left in r. */
int authn_check(struct request *r, enum auth_level level);

#endif
