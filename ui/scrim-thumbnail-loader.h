/* scrim-thumbnail-loader.h: thumbnails from the case, decoded off the main thread
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk/gdk.h>

#include "scrim-image.h"

G_BEGIN_DECLS

#define SCRIM_TYPE_THUMBNAIL_LOADER (scrim_thumbnail_loader_get_type ())
G_DECLARE_FINAL_TYPE (ScrimThumbnailLoader, scrim_thumbnail_loader, SCRIM, THUMBNAIL_LOADER, GObject)

/*
 * One worker thread with its own read-only connection to the case decodes
 * thumbnails (the JPEGs stored in the case, never the evidence) and hands
 * them to the main thread as GdkMemoryTexture. Requests are served newest
 * first, so what is on screen after a fast scroll comes before what
 * scrolled past; a cancelled request is dropped without decoding. Nothing
 * is cached: the cell that asked holds the texture until it is unbound.
 */
ScrimThumbnailLoader *scrim_thumbnail_loader_new         (const char            *case_path,
                                                          GError               **error);
void                  scrim_thumbnail_loader_load_async  (ScrimThumbnailLoader  *self,
                                                          gint64                 item_id,
                                                          GCancellable          *cancellable,
                                                          GAsyncReadyCallback    callback,
                                                          gpointer               user_data);
GdkTexture           *scrim_thumbnail_loader_load_finish (ScrimThumbnailLoader  *self,
                                                          GAsyncResult          *result,
                                                          GError               **error);

/* Wraps decoded pixels (1, 3 or 4 channels) in a texture (copies them). */
GdkTexture           *scrim_texture_new_for_pixels       (const ScrimPixels     *pixels);

/* For tests only. */
void                  _scrim_thumbnail_loader_set_held   (ScrimThumbnailLoader  *self,
                                                          gboolean               held);

G_END_DECLS
