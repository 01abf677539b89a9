/* scrim-item-model.h: a GListModel of ScrimItem over a view of a case
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "scrim-case.h"
#include "scrim-review.h"

G_BEGIN_DECLS

#define SCRIM_TYPE_ITEM_MODEL (scrim_item_model_get_type ())
G_DECLARE_FINAL_TYPE (ScrimItemModel, scrim_item_model, SCRIM, ITEM_MODEL, GObject)

/*
 * The model holds only the ids of the view (8 bytes an image); ScrimItem
 * objects are made a page (256 rows, one SQL statement) at a time when
 * g_list_model_get_item() asks, and only a bounded number of pages is
 * kept. The item type is SCRIM_TYPE_ITEM. Main thread only; it reads
 * through the ScrimCase it is given.
 */
ScrimItemModel *scrim_item_model_new             (ScrimCase       *scase);
ScrimCase      *scrim_item_model_get_case        (ScrimItemModel  *self);
/* Shows another view (emits one items-changed). */
gboolean        scrim_item_model_set_view        (ScrimItemModel  *self,
                                                  ScrimView        view,
                                                  gint64           group_id,
                                                  GError         **error);
ScrimView       scrim_item_model_get_view        (ScrimItemModel  *self);
gint64          scrim_item_model_get_group_id    (ScrimItemModel  *self);
/* Reads the view's ids again (after an ingest batch, a match, a
 * grouping): when the old ids are a prefix of the new, only the added rows
 * are announced, so the grid keeps its place. */
gboolean        scrim_item_model_reload          (ScrimItemModel  *self,
                                                  GError         **error);
/* Reads these images again (after grading them) and updates the ScrimItem
 * objects that exist for them, which notify their changed properties. */
void            scrim_item_model_refresh_items   (ScrimItemModel  *self,
                                                  const gint64    *item_ids,
                                                  guint            n_items);
/* The id at a position without making an object; 0 when out of range. */
gint64          scrim_item_model_get_item_id     (ScrimItemModel  *self,
                                                  guint            position);
/* The position of an id, or GTK_INVALID_LIST_POSITION (G_MAXUINT). */
guint           scrim_item_model_find            (ScrimItemModel  *self,
                                                  gint64           item_id);

G_END_DECLS
