/* sys/store_trades.h -- the store table of the trade board: listings and their
 * images.
 *
 * One of the per-domain tables of petory_store (sys/store.h).  Its
 * `version` comes first and only grows: methods are appended at the
 * end, each valid from the version noted above it.  A method reports
 * facts (rows, states, outcomes); rules and reason codes belong to the
 * domain layer that calls it.
 */
#ifndef PETORY_SYS_STORE_TRADES_H
#define PETORY_SYS_STORE_TRADES_H

#include "store_records.h"
#include "../trade.h"

PETORY_BEGIN_DECL

#define PETORY_STORE_TRADES_VERSION 1

typedef struct petory_store_trades {
	unsigned int version; /**< PETORY_STORE_TRADES_VERSION; first */

	/* Version 1. */
	/** Insert post (seller_id, category, title, content, price; status
	 * FOR_SALE; id and times are set) and attach the keys. */
	int (*trade_insert)(petory_store *st, petory_trade_post *post,
		const char *const *keys, size_t count, petory_time_ms now);
	/** A listing of any status with every image; ENOTFOUND when there
	 * is no such listing. */
	int (*trade_get)(petory_trade_post **out, petory_store *st, int64_t id);
	/** Newest first, content cut to 30 characters, first image: seller_id
	 * 0 lists FOR_SALE, RESERVED and SOLD_OUT; else that seller's but
	 * DELETED.  category -1 and scan NULL filter nothing. */
	int (*trade_list)(petory_trade_page *out, petory_store *st,
		int64_t seller_id, int category, const char *scan,
		int64_t offset, int64_t limit);
	/** Change a listing that is not DELETED (category -1, NULL strings,
	 * price -1 keep) and attach keys of owner_id, all or nothing; the
	 * files of the listing are private exactly while it is HIDDEN or
	 * DELETED.  *outcome_out: APPLIED; ABSENT (no such listing) or
	 * INACTIVE (it is DELETED) with nothing written.  The keys' own
	 * failures are errors. */
	int (*trade_update)(petory_store_outcome *outcome_out, petory_store *st,
		int64_t id, int category, const char *title,
		const char *content, int64_t price, int64_t owner_id,
		const char *const *keys, size_t count, petory_time_ms now);
	/** Compare and set: move the status from `from` to `to` (and the
	 * files' privacy with it) only while it is `from`.  *outcome_out:
	 * APPLIED (*status_out is `to`); STATE_DIFFERS when the status is
	 * not `from` (nothing written; *status_out is the current status);
	 * ABSENT (*status_out -1) when there is no such listing. */
	int (*trade_set_status)(petory_store_outcome *outcome_out,
		int *status_out, petory_store *st, int64_t id, int from, int to,
		petory_time_ms now);
	/** Delete image_id of post_id and its file record (key_out gets the
	 * key); ENOTFOUND when post_id has no such image. */
	int (*trade_image_delete)(petory_file_key *key_out, petory_store *st,
		int64_t post_id, int64_t image_id);
	/* Methods above are valid for version 1.  Append only. */
} petory_store_trades;

PETORY_END_DECL

#endif
