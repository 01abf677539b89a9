/* scrim-item.h: one image of a case, as the grid and the viewer see it
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "scrim-review.h"

G_BEGIN_DECLS

#define SCRIM_TYPE_ITEM (scrim_item_get_type ())
G_DECLARE_FINAL_TYPE (ScrimItem, scrim_item, SCRIM, ITEM, GObject)

/*
 * Read-only properties, updated (with notify) by scrim_item_update():
 *   "item-id" gint64, "sha256" string, "category" string (nullable: no
 *   list matched), "conflict" gboolean, "obscured" gboolean, "grade" int
 *   (-1: not graded), "label" string (first location, escaped),
 *   "thumb-width" / "thumb-height" uint.
 */
ScrimItem  *scrim_item_new          (const ScrimReviewItem *row);
void        scrim_item_update       (ScrimItem             *self,
                                     const ScrimReviewItem *row);
gint64      scrim_item_get_item_id  (ScrimItem *self);
const char *scrim_item_get_sha256   (ScrimItem *self);
const char *scrim_item_get_category (ScrimItem *self);
gboolean    scrim_item_get_conflict (ScrimItem *self);
gboolean    scrim_item_get_obscured (ScrimItem *self);
int         scrim_item_get_grade    (ScrimItem *self);
const char *scrim_item_get_label    (ScrimItem *self);
guint       scrim_item_get_thumb_width  (ScrimItem *self);
guint       scrim_item_get_thumb_height (ScrimItem *self);

G_END_DECLS
