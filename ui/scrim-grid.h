/* scrim-grid.h: the thumbnail grid of a view
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "scrim-item-model.h"
#include "scrim-item.h"
#include "scrim-protection.h"
#include "scrim-thumbnail-loader.h"

G_BEGIN_DECLS

#define SCRIM_TYPE_GRID (scrim_grid_get_type ())
G_DECLARE_FINAL_TYPE (ScrimGrid, scrim_grid, SCRIM, GRID, GtkWidget)

/*
 * A GtkScrolledWindow with a GtkGridView over a GtkMultiSelection of a
 * ScrimItemModel. Cells (ScrimGridCell) request their thumbnail on bind
 * and cancel it and drop the texture on unbind. Arrow keys move, Shift
 * extends, Ctrl+A selects all (GtkGridView's own bindings).
 *
 * Signals:
 *   "selection-changed" (void): the selection or the focused item changed
 *   "activate" (guint position): Enter or double click on an item
 */
GtkWidget      *scrim_grid_new                 (ScrimProtection      *protection,
                                                ScrimThumbnailLoader *loader);
void            scrim_grid_set_model           (ScrimGrid            *self,
                                                ScrimItemModel       *model);
ScrimItemModel *scrim_grid_get_model           (ScrimGrid            *self);
/* Thumbnail size in pixels (64..512). */
void            scrim_grid_set_thumbnail_size  (ScrimGrid            *self,
                                                int                   size);
int             scrim_grid_get_thumbnail_size  (ScrimGrid            *self);
/* Selected item ids in model order (a GArray of gint64, never NULL). */
GArray         *scrim_grid_get_selected_ids    (ScrimGrid            *self);
/* The item the keyboard is on (the last selected), or NULL; (transfer full). */
ScrimItem      *scrim_grid_dup_focus_item      (ScrimGrid            *self);
/* Selects (only) the item at position, scrolls to it and focuses it. */
void            scrim_grid_select_position     (ScrimGrid            *self,
                                                guint                 position);
/* The cell widget showing position, if it is realised (for tests). */
GtkWidget      *scrim_grid_get_cell_for_position (ScrimGrid          *self,
                                                  guint               position);

G_END_DECLS
