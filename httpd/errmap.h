/* errmap.h -- libpetory error codes to HTTP statuses, in one table. */
#ifndef HTTPD_ERRMAP_H
#define HTTPD_ERRMAP_H

struct errmap_entry {
	int code;        /* a petory_error_code */
	unsigned status; /* HTTP status */
	int expose;      /* 1: the library's reason and message reach the
			    client; 0: a generic answer, the message is logged */
};

/* The entry for code; unknown codes get {code, 500, 0}.  Never NULL. */
const struct errmap_entry *errmap_lookup(int code);

/* The code's default reason ("NOT_FOUND"), for when the last error of
 * the thread does not belong to code; never NULL. */
const char *errmap_default_reason(int code);

#endif
