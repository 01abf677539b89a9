/* fuzz-analyze.c: libFuzzer target for scrim_analyze(), the whole per-file pipeline
 *
 * What an ingest worker does with the bytes of one file: sniff, decode at
 * reduced size, read EXIF (from any file type), orient and encode the
 * thumbnail. Both as a whole file and as the head of a file too big to hold.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "scrim-analyze.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  ScrimAnalyzeOptions options = { .max_pixels = 4 * 1000 * 1000, .min_side = 128, .thumb_side = 64 };
  g_autoptr(ScrimAnalysis) whole = scrim_analyze (data, size, TRUE, size, &options);
  g_autoptr(ScrimAnalysis) head = scrim_analyze (data, size, FALSE, (guint64) size * 1000, &options);

  g_assert ((whole->thumb_jpeg != NULL) <= (whole->status == SCRIM_STATUS_OK));
  g_assert (whole->status == SCRIM_STATUS_OK || whole->status == SCRIM_STATUS_NOT_IMAGE
            || whole->message != NULL);
  g_assert (head->status == SCRIM_STATUS_NOT_IMAGE || head->status == SCRIM_STATUS_TOO_LARGE);
  return 0;
}
