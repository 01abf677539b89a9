/* scrim-analyze.h: everything Scrim learns from the bytes of one file
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "scrim-exif.h"
#include "scrim-image.h"
#include "scrim-pdq.h"

G_BEGIN_DECLS

/* Bump when the analysis learns something new, so a re-run of an ingest
 * fills it in for files analysed by an older Scrim (see scrim-ingest.c). */
#define SCRIM_FACTS_VERSION 2

/**
 * ScrimAnalyzeOptions:
 * @max_pixels: pixel budget (0: SCRIM_DEFAULT_MAX_PIXELS)
 * @min_side: decode at reduced size down to this shorter side (0: default)
 * @thumb_side: long side of thumbnails (0: SCRIM_THUMB_MAX_SIDE)
 * @no_thumbnail: skip the thumbnail (`scrim pdq`, queries)
 * @no_pdq: skip PDQ (only for measuring what it costs)
 */
typedef struct
{
  guint64  max_pixels;
  guint    min_side;
  guint    thumb_side;
  gboolean no_thumbnail;
  gboolean no_pdq;
} ScrimAnalyzeOptions;

/**
 * ScrimAnalysis:
 * @type: by content
 * @status: ok, not-image, unsupported, corrupt or too-large
 * @message: (nullable): why, when not ok; for an ok image, the decoder's
 *   first warning when it decoded with damage
 * @width: declared width (0: unknown)
 * @height: declared height (0: unknown)
 * @exif: (nullable): the EXIF facts
 * @thumb_jpeg: (nullable): the thumbnail, oriented, as JPEG
 * @thumb_width: its width
 * @thumb_height: its height
 * @has_pdq: @pdq is set (the image was decoded)
 * @pdq: PDQ of the decoded pixels, in the 8 dihedral variants (index 0:
 *   as stored; see ScrimPdqDihedral)
 */
typedef struct
{
  ScrimFileType  type;
  ScrimStatus    status;
  char          *message;
  guint          width;
  guint          height;
  ScrimExif     *exif;
  GBytes        *thumb_jpeg;
  guint          thumb_width;
  guint          thumb_height;
  gboolean       has_pdq;
  ScrimPdqResult pdq[SCRIM_PDQ_N_DIHEDRAL];
} ScrimAnalysis;

ScrimAnalysis *scrim_analyze          (const guint8              *data,
                                       gsize                      len,
                                       gboolean                   complete,
                                       guint64                    file_size,
                                       const ScrimAnalyzeOptions *options);
ScrimAnalysis *scrim_analyze_file     (const char                *path,
                                       const ScrimAnalyzeOptions *options,
                                       GError                   **error);
void           scrim_analysis_free    (ScrimAnalysis             *analysis);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScrimAnalysis, scrim_analysis_free)

G_END_DECLS
