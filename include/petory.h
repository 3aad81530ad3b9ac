/* petory.h -- umbrella header of libpetory.
 *
 * Includes every public header except the extension API in petory/sys/
 * (storage backends), which backend authors include explicitly.
 */
#ifndef PETORY_H
#define PETORY_H

#include "petory/common.h"
#include "petory/version.h"
#include "petory/types.h"
#include "petory/errors.h"
#include "petory/log.h"
#include "petory/options.h"
#include "petory/user.h"
#include "petory/auth.h"
#include "petory/oauth.h"
#include "petory/event.h"
#include "petory/notification.h"
#include "petory/daily.h"
#include "petory/jobs.h"
#include "petory/place.h"
#include "petory/file.h"
#include "petory/pet.h"
#include "petory/growth.h"
#include "petory/album.h"
#include "petory/board.h"
#include "petory/trade.h"
#include "petory/chat.h"
#include "petory/lost_pet.h"
#include "petory/ops.h"
#include "petory/keys.h"

#endif
