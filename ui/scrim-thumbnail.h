/* scrim-thumbnail.h: an image painted with the analyst's protection
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "scrim-protection.h"

G_BEGIN_DECLS

#define SCRIM_TYPE_THUMBNAIL (scrim_thumbnail_get_type ())
G_DECLARE_FINAL_TYPE (ScrimThumbnail, scrim_thumbnail, SCRIM, THUMBNAIL, GtkWidget)

/*
 * Paints a texture scaled to fit (aspect kept, centred), clipped to its
 * allocation, through the blur and colour matrix scrim_protection_get_paint()
 * gives for its item: the pixels of obscured material never reach the
 * screen unblurred unless the item is the revealed one. Redraws when the
 * protection changes. Tracks the pointer (hover lifts the interactive
 * blur of unknown images, never the obscuring of matched ones). Used by
 * grid cells and by the viewer.
 *
 * Properties: "protection" (construct-only), "texture" (GdkTexture,
 * nullable: a neutral placeholder is painted), "item-id" (gint64),
 * "obscured" (gboolean).
 */
GtkWidget  *scrim_thumbnail_new          (ScrimProtection *protection);
void        scrim_thumbnail_set_texture  (ScrimThumbnail  *self,
                                          GdkTexture      *texture);
GdkTexture *scrim_thumbnail_get_texture  (ScrimThumbnail  *self);
void        scrim_thumbnail_set_item     (ScrimThumbnail  *self,
                                          gint64           item_id,
                                          gboolean         obscured);
gboolean    scrim_thumbnail_get_hovered  (ScrimThumbnail  *self);

G_END_DECLS
