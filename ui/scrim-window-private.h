/* scrim-window-private.h: what the window tests reach inside the window
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "scrim-window.h"
#include "scrim-window-exposure.h"

G_BEGIN_DECLS

ScrimWindowExposure *_scrim_window_get_exposure     (ScrimWindow *self);
/* The message dialog the window shows now (tag, note, break, error,
 * confirmation), or NULL. */
AdwMessageDialog    *_scrim_window_get_dialog       (ScrimWindow *self);
/* The text entry of the tag dialog, the text view of the note dialog. */
GtkWidget           *_scrim_window_get_dialog_input (ScrimWindow *self);
/* The label above the grid that shows a group's reasons. */
GtkLabel            *_scrim_window_get_reasons_label (ScrimWindow *self);
GtkWidget           *_scrim_window_get_exposure_label (ScrimWindow *self);
/* Gradings that Ctrl+Z can undo. */
guint                _scrim_window_get_undo_depth   (ScrimWindow *self);
/* The image the reveal key holds open (0: none). */
gint64               _scrim_window_get_key_reveal   (ScrimWindow *self);

G_END_DECLS
