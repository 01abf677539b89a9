/* scrim-library-private.h
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "scrim-library.h"

G_BEGIN_DECLS

sqlite3 *_scrim_library_get_db (ScrimLibrary *self);

G_END_DECLS
