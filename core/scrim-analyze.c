/* scrim-analyze.c
 *
 * One buffer in, all facts out: the type by magic bytes, the decode at
 * reduced size, the EXIF block, the thumbnail. The ingest's workers call
 * this on the bytes they have just hashed, so nothing is read twice; the
 * fuzzers call it on anything.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "scrim-analyze.h"
#include "scrim-thumb.h"

void
scrim_analysis_free (ScrimAnalysis *analysis)
{
  if (analysis == NULL)
    return;
  g_free (analysis->message);
  scrim_exif_free (analysis->exif);
  g_clear_pointer (&analysis->thumb_jpeg, g_bytes_unref);
  g_free (analysis);
}

static gboolean
is_image_type (ScrimFileType type)
{
  return type != SCRIM_FILE_TYPE_OTHER;
}

/* Only the head of a file too big to hold was read: say what it is and
 * how large it claims to be, and why it was not decoded. */
static void
analyze_head (ScrimAnalysis *analysis,
              const guint8  *data,
              gsize          len,
              guint64        file_size)
{
  analysis->type = scrim_image_sniff (data, len);
  if (!is_image_type (analysis->type))
    {
      analysis->status = SCRIM_STATUS_NOT_IMAGE;
      return;
    }
  scrim_image_probe_size (analysis->type, data, len, &analysis->width, &analysis->height);
  analysis->status = SCRIM_STATUS_TOO_LARGE;
  analysis->message = g_strdup_printf ("image file of %" G_GUINT64_FORMAT " bytes is larger than "
                                       "Scrim holds in memory to decode; hashed only", file_size);
}

static void
make_thumbnail (ScrimAnalysis             *analysis,
                const ScrimPixels         *pixels,
                const ScrimAnalyzeOptions *options)
{
  g_autoptr(GError) error = NULL;
  gint64 orientation = analysis->exif && analysis->exif->has_orientation
                       ? analysis->exif->orientation : 1;
  guint side = options && options->thumb_side ? options->thumb_side : SCRIM_THUMB_MAX_SIDE;

  analysis->thumb_jpeg = scrim_thumbnail_make (pixels, orientation, side,
                                               &analysis->thumb_width,
                                               &analysis->thumb_height, &error);
  if (analysis->thumb_jpeg == NULL)
    g_debug ("no thumbnail: %s", error->message);
}

/*
** Analyses a file's bytes. When complete is FALSE, data is only the head of
** a file of file_size bytes that was too big to hold: the type and the
** declared size are still found, and an image is reported too-large.
** Never fails: whatever the bytes, the result says what they are (not-image,
** corrupt with the decoder's message, …). Free with scrim_analysis_free().
*/
ScrimAnalysis *
scrim_analyze (const guint8              *data,
               gsize                      len,
               gboolean                   complete,
               guint64                    file_size,
               const ScrimAnalyzeOptions *options)
{
  ScrimAnalysis *analysis = g_new0 (ScrimAnalysis, 1);
  ScrimDecodeOptions decode = { 0 };
  ScrimDecodeResult result = { 0 };

  g_return_val_if_fail (data != NULL || len == 0, analysis);

  if (!complete)
    {
      analyze_head (analysis, data, len, file_size);
      return analysis;
    }

  decode.max_pixels = options ? options->max_pixels : 0;
  decode.min_side = options && options->min_side ? options->min_side : SCRIM_DEFAULT_MIN_SIDE;
  scrim_image_decode (data, len, &decode, &result);

  analysis->type = result.type;
  analysis->status = result.status;
  /* An image that decoded with damage keeps the decoder's complaint. */
  analysis->message = result.message ? g_steal_pointer (&result.message)
                                     : g_steal_pointer (&result.warning);
  analysis->width = result.width;
  analysis->height = result.height;

  /* Not only images: exiv2's .exv metadata files hold EXIF too, and the
   * reader recognises what it can read from the first bytes. */
  analysis->exif = scrim_exif_read_file (analysis->type, data, len);
  if (result.pixels != NULL)
    make_thumbnail (analysis, result.pixels, options);

  scrim_decode_result_clear (&result);
  return analysis;
}
