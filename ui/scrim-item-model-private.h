/* scrim-item-model-private.h: what the tests may ask of ScrimItemModel
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "scrim-item-model.h"

G_BEGIN_DECLS

/* Rows per page, loaded with one scrim_review_load_items() call. */
#define SCRIM_ITEM_MODEL_PAGE_SIZE 256
/* Pages kept by default (32 × 256 rows). */
#define SCRIM_ITEM_MODEL_MAX_PAGES 32

/* How many pages the model keeps (at least 1); extra pages are dropped at
 * once, least recently used first. */
void  _scrim_item_model_set_max_pages (ScrimItemModel *self,
                                       guint           max_pages);
guint _scrim_item_model_get_n_pages   (ScrimItemModel *self);

G_END_DECLS
