/* scrim-item-private.h: what the tests may ask of ScrimItem
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "scrim-item.h"

G_BEGIN_DECLS

/* How many ScrimItem objects exist right now (made and not finalised), so
 * a test can prove the model keeps a bounded number. */
guint _scrim_item_get_n_alive (void);

G_END_DECLS
