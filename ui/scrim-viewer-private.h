/* scrim-viewer-private.h: what the tests look at inside the viewer
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "scrim-viewer.h"

G_BEGIN_DECLS

/* The notice under the image (the evidence is gone or changed, or could
 * not be decoded), or NULL when none is shown. */
const char *_scrim_viewer_get_notice        (ScrimViewer *self);
/* TRUE while the evidence image of the shown item is being read. */
gboolean    _scrim_viewer_is_loading        (ScrimViewer *self);
/* The details as shown, one "Label\tvalue" line per value (a label
 * repeated on each of its lines). */
char       *_scrim_viewer_dup_details_text  (ScrimViewer *self);
GtkWidget  *_scrim_viewer_get_reveal_button (ScrimViewer *self);
/* Seconds the last evidence read and decode took (0: none yet). */
double      _scrim_viewer_get_load_seconds  (ScrimViewer *self);

G_END_DECLS
