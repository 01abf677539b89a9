/* scrim-analyze.c
 *
 * One buffer in, all facts out: the type by magic bytes, the decode at
 * reduced size, the EXIF block, the PDQ hashes, the thumbnail. The ingest's workers call
 * this on the bytes they have just hashed, so nothing is read twice; the
 * fuzzers call it on anything.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "scrim-analyze.h"
#include "scrim-error.h"
#include "scrim-thumb.h"
#include "scrim-walk.h"

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
    {
      /* PDQ from the pixels already decoded at reduced size (pdq.md §5),
       * ignoring EXIF orientation and alpha, as the reference does; and,
       * like Meta's reference tool, stretched to 512×512 by nearest
       * neighbour when a side is larger. That step alone moves hashes by
       * 6-18 bits, so without it Scrim would spend much of PDQ's 10-bit
       * conformance margin (92 % instead of 100 % of shared/corpus-dev
       * within 10 bits of the reference); it also makes hashing cheaper. */
      if (options == NULL || !options->no_pdq)
        {
          scrim_pdq_compute_dihedral_reference (result.pixels, analysis->pdq);
          analysis->has_pdq = TRUE;
        }
      if (options == NULL || !options->no_thumbnail)
        make_thumbnail (analysis, result.pixels, options);
    }

  scrim_decode_result_clear (&result);
  return analysis;
}

/* Files larger than this are not analysed from the command line either. */
#define MAX_FILE_BYTES ((gsize) 256 * 1024 * 1024)

/*
** Reads the file at path (read-only, without changing its access time
** where the system allows, never following a final link) and analyses it
** as an ingest would. Returns NULL with error set when the file cannot be
** read or is larger than 256 MB; an undecodable file is not an error (see
** the analysis's status and message).
*/
ScrimAnalysis *
scrim_analyze_file (const char                *path,
                    const ScrimAnalyzeOptions *options,
                    GError                   **error)
{
  g_autofree guint8 *data = NULL;
  struct stat st;
  gsize len = 0;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  fd = scrim_open_evidence (path, AT_FDCWD, 0, NULL);
  if (fd < 0 || fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || (guint64) st.st_size > MAX_FILE_BYTES)
    {
      int saved = fd < 0 ? errno : 0;

      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_IO, _("cannot read %s: %s"), path,
                   saved ? g_strerror (saved) : _("not a regular file of at most 256 MB"));
      if (fd >= 0)
        close (fd);
      return NULL;
    }

  data = g_malloc (st.st_size + 1);
  for (;;)
    {
      gssize n = read (fd, data + len, st.st_size + 1 - len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_IO, _("cannot read %s: %s"), path,
                       g_strerror (saved));
          return NULL;
        }
      if (n == 0 || (len += n) == (gsize) st.st_size + 1)
        break;
    }
  close (fd);
  return scrim_analyze (data, len, len <= (gsize) st.st_size, len, options);
}
