/* scrim-thumb.h: thumbnails (oriented, reduced, stored as JPEG in the case)
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "scrim-image.h"

G_BEGIN_DECLS

#define SCRIM_THUMB_MAX_SIDE 256
#define SCRIM_THUMB_QUALITY  85

ScrimPixels *scrim_pixels_scale_to_fit   (const ScrimPixels *src,
                                          guint              max_side);
ScrimPixels *scrim_pixels_orient         (const ScrimPixels *src,
                                          gint64             exif_orientation);
ScrimPixels *scrim_pixels_flatten        (const ScrimPixels *src);
ScrimPixels *scrim_pixels_obscure        (const ScrimPixels *src,
                                          guint              max_side);
GBytes      *scrim_thumbnail_make        (const ScrimPixels *src,
                                          gint64             exif_orientation,
                                          guint              max_side,
                                          guint             *out_width,
                                          guint             *out_height,
                                          GError           **error);

G_END_DECLS
