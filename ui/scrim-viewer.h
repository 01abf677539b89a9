/* scrim-viewer.h: the selected image, larger, with everything the case knows of it
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "scrim-case.h"
#include "scrim-item.h"
#include "scrim-protection.h"
#include "scrim-thumbnail.h"

G_BEGIN_DECLS

#define SCRIM_TYPE_VIEWER (scrim_viewer_get_type ())
G_DECLARE_FINAL_TYPE (ScrimViewer, scrim_viewer, SCRIM, VIEWER, GtkWidget)

/*
 * Shows one image: first its thumbnail from the case at once, then the
 * image decoded from the evidence (scrim_review_read_evidence: the
 * content is checked against its SHA-256) at up to 2048 px in a worker
 * thread with its own case handle; painted through a ScrimThumbnail, so
 * the same protection applies. Below it, the details
 * (scrim_review_describe): hashes, every location, EXIF, matches with
 * list and version, groups with reasons, grade, tags, notes. Text that
 * comes from evidence is not selectable (nothing reaches the clipboard).
 * When the evidence is gone or changed, says so and keeps the thumbnail.
 *
 * A "Reveal" button reveals an obscured image while it is pressed (and
 * the window's reveal key does the same): it sets the protection's
 * revealed-item and emits "reveal-started"/"reveal-ended" (gint64
 * item_id) so the window can write the audit entry and count exposure.
 */
GtkWidget      *scrim_viewer_new          (ScrimProtection *protection);
void            scrim_viewer_set_case     (ScrimViewer     *self,
                                           ScrimCase       *scase);
/* NULL shows an empty state. Reloads the details when called again with
 * the same item (after a grade or a note). */
void            scrim_viewer_show_item    (ScrimViewer     *self,
                                           ScrimItem       *item);
ScrimItem      *scrim_viewer_get_item     (ScrimViewer     *self);
ScrimThumbnail *scrim_viewer_get_image    (ScrimViewer     *self);
/* TRUE once the evidence image (not just the thumbnail) is shown. */
gboolean        scrim_viewer_has_full_image (ScrimViewer   *self);
/* What holding the Reveal button does, for the window's reveal key: TRUE
 * reveals the shown item (emitting "reveal-started"), FALSE ends it
 * ("reveal-ended"). Ends by itself when another item is shown, the case
 * changes or the viewer goes away. */
void            scrim_viewer_set_revealing  (ScrimViewer   *self,
                                             gboolean       revealing);
gboolean        scrim_viewer_get_revealing  (ScrimViewer   *self);

G_END_DECLS
