/* scrim-synth.h: deterministic synthetic images and evidence for tests, benchmarks and demos
 *
 * Nothing drawn here depicts a person: smooth colour fields, shapes,
 * patterns, grain and text labels, all from a seed.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "scrim-exif.h"
#include "scrim-image.h"

G_BEGIN_DECLS

/**
 * ScrimSynthStyle:
 * @SCRIM_SYNTH_PHOTO: photo-like: smooth noise fields, soft shapes, grain
 * @SCRIM_SYNTH_SCREENSHOT: flat panels, bars and text, as a phone screenshot
 * @SCRIM_SYNTH_PATTERN: hard-edged geometric pattern
 */
typedef enum
{
  SCRIM_SYNTH_PHOTO,
  SCRIM_SYNTH_SCREENSHOT,
  SCRIM_SYNTH_PATTERN,
} ScrimSynthStyle;

ScrimPixels *scrim_synth_draw        (ScrimSynthStyle  style,
                                      guint64          seed,
                                      guint            width,
                                      guint            height,
                                      const char      *label);
void         scrim_synth_draw_label  (ScrimPixels     *pixels,
                                      guint            x,
                                      guint            y,
                                      guint            scale,
                                      const char      *text);
void         scrim_synth_label_size  (const char      *text,
                                      guint            scale,
                                      guint           *width,
                                      guint           *height);

/* Writes bytes to a new file (never overwriting), with fixed mtime when
 * mtime_unix >= 0, so generated trees are byte- and time-identical per seed. */
gboolean     scrim_synth_write_file  (const char      *path,
                                      GBytes          *bytes,
                                      gint64           mtime_unix,
                                      GError         **error);

/**
 * ScrimSynthSetSpec:
 * @n_camera: 12 MP camera JPEGs (4000x3000, EXIF)
 * @n_chat: chat-sized JPEGs (1600x1200, 1280x960, some 1200x1600)
 * @n_cache: small cache JPEGs (320x240 and smaller)
 * @n_png: PNG screenshots (1080x1920 and 800x600)
 *
 * The mix of the ingest benchmark's photo-like set.
 */
typedef struct
{
  guint n_camera;
  guint n_chat;
  guint n_cache;
  guint n_png;
} ScrimSynthSetSpec;

gboolean     scrim_synth_write_set   (const char      *dir,
                                      const ScrimSynthSetSpec *spec,
                                      guint64          seed,
                                      GError         **error);

G_END_DECLS
