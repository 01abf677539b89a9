/* scrim-grid-cell.h: one image of the grid: thumbnail, category, grade
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "scrim-item.h"
#include "scrim-protection.h"
#include "scrim-thumbnail.h"
#include "scrim-thumbnail-loader.h"

G_BEGIN_DECLS

#define SCRIM_TYPE_GRID_CELL (scrim_grid_cell_get_type ())
G_DECLARE_FINAL_TYPE (ScrimGridCell, scrim_grid_cell, SCRIM, GRID_CELL, GtkWidget)

/*
 * A ScrimThumbnail with, over it, a small chip for the pre-category (and a
 * conflict mark) and one for the analyst's grade. Binding an item starts
 * its thumbnail load; unbinding cancels it and drops the texture. Follows
 * the item's notify::grade and notify::obscured.
 */
GtkWidget      *scrim_grid_cell_new            (ScrimProtection      *protection,
                                                ScrimThumbnailLoader *loader);
void            scrim_grid_cell_bind           (ScrimGridCell        *self,
                                                ScrimItem            *item);
void            scrim_grid_cell_unbind         (ScrimGridCell        *self);
ScrimItem      *scrim_grid_cell_get_item       (ScrimGridCell        *self);
void            scrim_grid_cell_set_size       (ScrimGridCell        *self,
                                                int                   size);
ScrimThumbnail *scrim_grid_cell_get_thumbnail  (ScrimGridCell        *self);

G_END_DECLS
