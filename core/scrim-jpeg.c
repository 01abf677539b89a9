/* scrim-jpeg.c
 *
 * JPEG through libjpeg-turbo: decoding at reduced size by DCT scaling, and
 * encoding (thumbnails, synthetic test data).
 *
 * When is a damaged JPEG "ok"?
 *
 * libjpeg-turbo recovers from most damage with a warning and still delivers
 * every row, painting what it could not decode grey. Scrim separates a file
 * that was cut short from a file that is whole but damaged inside:
 *
 * - Truncated: the data ends (no EOI before the end of the buffer) while
 *   the decoder still needs entropy-coded bits, or a file of several scans
 *   ends before all of them came (a progressive file before every DCT
 *   coefficient had its last refinement, a sequential one before every
 *   colour component had its scan). CORRUPT, "... (truncated)". This is a
 *   partial download, a carved fragment, a copy interrupted: the rest of the
 *   picture exists somewhere, not in this file, and what libjpeg shows is
 *   not what was photographed.
 * - Whole but damaged: everything else libjpeg only warns about keeps status
 *   OK, with the first warning in result->warning: stray bytes between
 *   markers ("N extraneous bytes"), a scan whose data runs short before a
 *   marker written in the file ("premature end of data segment": an RST the
 *   decoder resynchronises at, or an EOI the writer put there), a bad
 *   Huffman code, odd SOS parameters, an unknown Adobe transform, and a file
 *   lacking only its final EOI after complete image data. The file is as
 *   its writer left it, viewers show it, and an investigator must see it;
 *   the warning records the damage. (Pillow and ImageMagick agree on every
 *   such file in shared/corpus-dev.)
 * - libjpeg errors (missing tables, bad markers, bad sampling factors) are
 *   CORRUPT with libjpeg's message; a precision other than 8 bits, lossless
 *   or hierarchical processes, DNL heights and colour spaces that cannot be
 *   made RGB are UNSUPPORTED; a declared size over the pixel budget, or a
 *   file that would need more than the memory cap, is TOO_LARGE.
 *
 * Hostile input: the pixel budget is checked on the declared size before any
 * pixel is allocated; libjpeg's own large allocations (the whole-image
 * coefficient buffer of progressive and multi-scan files) are capped through
 * max_memory_to_use; and a progress monitor stops files with absurd numbers
 * of scans, which otherwise cost minutes of CPU in a few kilobytes. Nothing
 * is ever printed: libjpeg's messages are kept in the result.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

#include <glib/gi18n-lib.h>

#include "scrim-error.h"
#include "scrim-image.h"

/* libjpeg's whole-image buffers (progressive and multi-scan files) may use at
 * most this much, or four bytes per pixel of the budget if less. A legitimate
 * 12-megapixel progressive photo needs about 36 MB. */
#define JPEG_MAX_MEMORY ((long) 512 * 1024 * 1024)

/* libjpeg-turbo's own tools stop at 500 scans; a real file has at most a few
 * dozen. */
#define JPEG_MAX_SCANS 500

typedef struct
{
  struct jpeg_error_mgr pub;
  jmp_buf               jmp;
  ScrimStatus           status;
  char                  message[JMSG_LENGTH_MAX];
  char                  warning[JMSG_LENGTH_MAX];
} ErrorMgr;

typedef struct
{
  struct jpeg_source_mgr pub;
  gboolean               eof;
} SourceMgr;

typedef struct
{
  struct jpeg_progress_mgr pub;
  guint                    components_seen;   /* bit i: component i had a scan */
} ProgressMgr;

typedef struct
{
  struct jpeg_destination_mgr pub;
  GByteArray                 *out;
} DestMgr;

static const JOCTET fake_eoi[2] = { 0xff, JPEG_EOI };

G_GNUC_NORETURN static void
fail (j_common_ptr  cinfo,
      ScrimStatus   status,
      const char   *message)
{
  ErrorMgr *err = (ErrorMgr *) cinfo->err;

  err->status = status;
  g_strlcpy (err->message, message, sizeof err->message);
  longjmp (err->jmp, 1);
}

static ScrimStatus
status_for_error (j_common_ptr cinfo)
{
  switch (cinfo->err->msg_code)
    {
    case JERR_BAD_PRECISION:
    case JERR_SOF_UNSUPPORTED:
    case JERR_NOT_COMPILED:
    case JERR_ARITH_NOTIMPL:
      return SCRIM_STATUS_UNSUPPORTED;
    case JERR_NO_BACKING_STORE:
    case JERR_OUT_OF_MEMORY:
    case JERR_IMAGE_TOO_BIG:
    case JERR_WIDTH_OVERFLOW:
      return SCRIM_STATUS_TOO_LARGE;
    case JERR_EMPTY_IMAGE:
      /* A height of 0 in SOF means it comes later in a DNL marker. */
      if (cinfo->is_decompressor
          && ((j_decompress_ptr) cinfo)->image_height == 0
          && ((j_decompress_ptr) cinfo)->image_width > 0)
        return SCRIM_STATUS_UNSUPPORTED;
      return SCRIM_STATUS_CORRUPT;
    default:
      return SCRIM_STATUS_CORRUPT;
    }
}

G_GNUC_NORETURN static void
error_exit (j_common_ptr cinfo)
{
  ErrorMgr *err = (ErrorMgr *) cinfo->err;

  err->status = status_for_error (cinfo);
  if (cinfo->err->msg_code == JERR_NO_BACKING_STORE)
    g_snprintf (err->message, sizeof err->message,
                "Decoding needs more than the memory cap (%ld MiB)",
                cinfo->mem->max_memory_to_use / (1024 * 1024));
  else
    (*cinfo->err->format_message) (cinfo, err->message);
  longjmp (err->jmp, 1);
}

static void
emit_message (j_common_ptr cinfo,
              int          msg_level)
{
  ErrorMgr *err = (ErrorMgr *) cinfo->err;

  if (msg_level >= 0)
    return;                     /* trace messages */

  /* Formatting costs; a damaged file can warn at every MCU. */
  if (err->pub.num_warnings++ == 0)
    (*cinfo->err->format_message) (cinfo, err->warning);

  /* The entropy decoder needed more bits, and what stopped it is the EOI
   * the source inserts at the end of the data: the file is truncated. */
  if (cinfo->err->msg_code == JWRN_HIT_MARKER
      && cinfo->is_decompressor
      && ((SourceMgr *) ((j_decompress_ptr) cinfo)->src)->eof)
    fail (cinfo, SCRIM_STATUS_CORRUPT,
          "The file ends before the last row of the image (truncated)");
}

static void
output_message (j_common_ptr cinfo)
{
  /* Never print: the message travels in the result. */
}

/* Called at every iMCU row of input, so at least once in every scan. */
static void
progress_monitor (j_common_ptr cinfo)
{
  j_decompress_ptr dinfo = (j_decompress_ptr) cinfo;
  ProgressMgr *progress = (ProgressMgr *) cinfo->progress;

  if (!cinfo->is_decompressor)
    return;
  if (dinfo->input_scan_number > JPEG_MAX_SCANS)
    fail (cinfo, SCRIM_STATUS_CORRUPT, "Too many scans (more than 500)");
  for (int i = 0; i < dinfo->comps_in_scan; i++)
    progress->components_seen |= 1u << dinfo->cur_comp_info[i]->component_index;
}

static void
init_error_mgr (ErrorMgr *err)
{
  jpeg_std_error (&err->pub);
  err->pub.error_exit = error_exit;
  err->pub.emit_message = emit_message;
  err->pub.output_message = output_message;
  err->status = SCRIM_STATUS_CORRUPT;
  err->message[0] = '\0';
  err->warning[0] = '\0';
}

static void
init_source (j_decompress_ptr cinfo)
{
}

/* Called only when the data is exhausted: like libjpeg's own sources, insert
 * an EOI so the decoder stops, and remember that the file ended early. */
static boolean
fill_input_buffer (j_decompress_ptr cinfo)
{
  SourceMgr *src = (SourceMgr *) cinfo->src;

  src->eof = TRUE;
  WARNMS (cinfo, JWRN_JPEG_EOF);
  src->pub.next_input_byte = fake_eoi;
  src->pub.bytes_in_buffer = sizeof fake_eoi;
  return TRUE;
}

static void
skip_input_data (j_decompress_ptr cinfo,
                 long             num_bytes)
{
  SourceMgr *src = (SourceMgr *) cinfo->src;

  if (num_bytes <= 0)
    return;
  if ((unsigned long) num_bytes > src->pub.bytes_in_buffer)
    {
      fill_input_buffer (cinfo);
      return;
    }
  src->pub.next_input_byte += num_bytes;
  src->pub.bytes_in_buffer -= num_bytes;
}

static void
term_source (j_decompress_ptr cinfo)
{
}

static void
init_source_mgr (SourceMgr    *src,
                 const guint8 *data,
                 gsize         len)
{
  src->pub.init_source = init_source;
  src->pub.fill_input_buffer = fill_input_buffer;
  src->pub.skip_input_data = skip_input_data;
  src->pub.resync_to_restart = jpeg_resync_to_restart;
  src->pub.term_source = term_source;
  src->pub.next_input_byte = data;
  src->pub.bytes_in_buffer = len;
  src->eof = FALSE;
}

/* Chooses the output colour space and channel count; FALSE when the
 * components cannot become grey or RGB. */
static gboolean
choose_output (j_decompress_ptr  cinfo,
               guint            *channels)
{
  switch (cinfo->jpeg_color_space)
    {
    case JCS_GRAYSCALE:
      cinfo->out_color_space = JCS_GRAYSCALE;
      *channels = 1;
      return TRUE;
    case JCS_YCbCr:
    case JCS_RGB:
      cinfo->out_color_space = JCS_RGB;
      *channels = 3;
      return TRUE;
    case JCS_CMYK:
    case JCS_YCCK:
      /* libjpeg turns YCCK into CMYK; CMYK to RGB is done here. */
      cinfo->out_color_space = JCS_CMYK;
      *channels = 3;
      return TRUE;
    default:
      return FALSE;
    }
}

/* Returns TRUE when every scan the image needs has come: in a progressive
 * file every refinement of every coefficient (Al = 0 for all 64 of each
 * component), in a sequential one a scan for every component. */
static gboolean
scans_complete (j_decompress_ptr cinfo)
{
  ProgressMgr *progress = (ProgressMgr *) cinfo->progress;

  if (!cinfo->progressive_mode)
    return progress->components_seen == (1u << cinfo->num_components) - 1;
  for (int c = 0; c < cinfo->num_components; c++)
    for (int k = 0; k < DCTSIZE2; k++)
      if (cinfo->coef_bits[c][k] != 0)
        return FALSE;
  return TRUE;
}

/* Photoshop writes Adobe CMYK inverted (0 = full ink); other writers do not.
 * Each output row is R = C'K', G = M'K', B = Y'K' in the ink-free sense. */
static void
cmyk_to_rgb (const guint8 *in,
             guint8       *out,
             guint         width,
             gboolean      inverted)
{
  guint flip = inverted ? 0 : 255;

  for (guint x = 0; x < width; x++, in += 4, out += 3)
    {
      guint k = in[3] ^ flip;
      guint r = (in[0] ^ flip) * k + 128;
      guint g = (in[1] ^ flip) * k + 128;
      guint b = (in[2] ^ flip) * k + 128;

      /* x / 255, exact for x <= 255 * 255 */
      out[0] = (guint8) ((r + (r >> 8)) >> 8);
      out[1] = (guint8) ((g + (g >> 8)) >> 8);
      out[2] = (guint8) ((b + (b >> 8)) >> 8);
    }
}

/* Decodes CMYK through a small strip of 4-channel rows. */
static void
read_cmyk (j_decompress_ptr  cinfo,
           ScrimPixels      *pixels)
{
  guint strip = MAX (cinfo->rec_outbuf_height, 1);
  guint8 *buffer = (*cinfo->mem->alloc_large) ((j_common_ptr) cinfo, JPOOL_IMAGE,
                                               (size_t) pixels->width * 4 * strip);
  JSAMPROW rows[16];

  strip = MIN (strip, G_N_ELEMENTS (rows));
  for (guint i = 0; i < strip; i++)
    rows[i] = buffer + (gsize) i * pixels->width * 4;

  while (cinfo->output_scanline < cinfo->output_height)
    {
      guint y = cinfo->output_scanline;
      guint n = jpeg_read_scanlines (cinfo, rows, strip);

      for (guint i = 0; i < n; i++)
        cmyk_to_rgb (rows[i], pixels->data + (gsize) (y + i) * pixels->stride,
                     pixels->width, cinfo->saw_Adobe_marker);
    }
}

/* Decodes straight into the output rows, as many per call as libjpeg gives. */
static void
read_direct (j_decompress_ptr  cinfo,
             ScrimPixels      *pixels)
{
  JSAMPROW *rows = (*cinfo->mem->alloc_small) ((j_common_ptr) cinfo, JPOOL_IMAGE,
                                               sizeof (JSAMPROW) * pixels->height);

  for (guint y = 0; y < pixels->height; y++)
    rows[y] = pixels->data + (gsize) y * pixels->stride;
  while (cinfo->output_scanline < cinfo->output_height)
    jpeg_read_scanlines (cinfo, rows + cinfo->output_scanline,
                         cinfo->output_height - cinfo->output_scanline);
}

/* Everything from the header to the last row. Returns the pixels; every
 * failure longjmps out through fail() or error_exit(). */
static ScrimPixels *
decode (j_decompress_ptr         cinfo,
        guint64                  max_pixels,
        guint                    min_side,
        ScrimDecodeResult       *result,
        ScrimPixels * volatile  *pixels)
{
  ErrorMgr *err = (ErrorMgr *) cinfo->err;
  guint channels = 3;

  jpeg_read_header (cinfo, TRUE);
  result->width = cinfo->image_width;
  result->height = cinfo->image_height;

  if ((guint64) cinfo->image_width * cinfo->image_height > max_pixels)
    {
      char message[JMSG_LENGTH_MAX];

      g_snprintf (message, sizeof message,
                  "%ux%u pixels exceed the pixel budget (%" G_GUINT64_FORMAT ")",
                  cinfo->image_width, cinfo->image_height, max_pixels);
      fail ((j_common_ptr) cinfo, SCRIM_STATUS_TOO_LARGE, message);
    }
  if (!choose_output (cinfo, &channels))
    fail ((j_common_ptr) cinfo, SCRIM_STATUS_UNSUPPORTED,
          "Unsupported colour space (neither grey, YCbCr, RGB nor CMYK)");

  cinfo->scale_num = 1;
  cinfo->scale_denom = scrim_image_pick_scale (cinfo->image_width, cinfo->image_height,
                                               min_side);
  cinfo->dct_method = JDCT_ISLOW;
  jpeg_start_decompress (cinfo);

  if (((SourceMgr *) cinfo->src)->eof && !scans_complete (cinfo))
    fail ((j_common_ptr) cinfo, SCRIM_STATUS_CORRUPT,
          "The file ends before the last scan of the image (truncated)");

  *pixels = scrim_pixels_new (cinfo->output_width, cinfo->output_height, channels);
  if (*pixels == NULL)
    fail ((j_common_ptr) cinfo, SCRIM_STATUS_TOO_LARGE, "Not enough memory for the pixels");

  if (cinfo->out_color_space == JCS_CMYK)
    read_cmyk (cinfo, *pixels);
  else
    read_direct (cinfo, *pixels);

  result->scale_denom = cinfo->scale_denom;
  if (err->pub.num_warnings > 0)
    result->warning = g_strdup (err->warning);
  return *pixels;
}

/*
** Decodes a JPEG held in memory into result (which must be zeroed or
** cleared; every field is overwritten). The image is reduced by libjpeg's
** DCT scaling, 1/scrim_image_pick_scale() of the declared size for
** options->min_side (0 = full size; options NULL = full size and the default
** budget). Output is 1 channel for greyscale and 3 (RGB) for YCbCr, RGB,
** CMYK and YCCK. On success result->status is OK, pixels are set, and
** warning holds libjpeg's first complaint if it recovered from damage. On
** failure pixels is NULL and message says why: CORRUPT (libjpeg's error, or
** image data that ends before the last row; see the top of this file),
** UNSUPPORTED (12-bit, lossless, arithmetic without support, DNL, odd colour
** spaces), TOO_LARGE (declared width x height over options->max_pixels,
** default SCRIM_DEFAULT_MAX_PIXELS, or over libjpeg's memory cap). width and
** height are set whenever the header could be read. Never prints, never
** aborts on bad data.
*/
void
scrim_jpeg_decode (const guint8             *data,
                   gsize                     len,
                   const ScrimDecodeOptions *options,
                   ScrimDecodeResult        *result)
{
  struct jpeg_decompress_struct cinfo;
  ProgressMgr progress = { .pub.progress_monitor = progress_monitor };
  ErrorMgr err;
  SourceMgr src;
  ScrimPixels * volatile pixels = NULL;
  guint64 max_pixels = options && options->max_pixels ? options->max_pixels
                                                      : SCRIM_DEFAULT_MAX_PIXELS;

  g_return_if_fail (data != NULL || len == 0);
  g_return_if_fail (result != NULL);

  *result = (ScrimDecodeResult) { .type = SCRIM_FILE_TYPE_JPEG, .scale_denom = 1 };
  init_error_mgr (&err);
  cinfo.err = &err.pub;
  if (setjmp (err.jmp) != 0)
    {
      scrim_pixels_free (pixels);
      result->status = err.status;
      result->message = g_strdup (err.message);
      if (result->width == 0)
        scrim_image_probe_size (SCRIM_FILE_TYPE_JPEG, data, len,
                                &result->width, &result->height);
      jpeg_destroy_decompress (&cinfo);
      return;
    }

  jpeg_create_decompress (&cinfo);
  cinfo.mem->max_memory_to_use = (long) MIN ((guint64) JPEG_MAX_MEMORY, max_pixels * 4);
  cinfo.progress = &progress.pub;
  init_source_mgr (&src, data, len);
  cinfo.src = &src.pub;

  result->pixels = decode (&cinfo, max_pixels, options ? options->min_side : 0,
                           result, &pixels);
  result->status = SCRIM_STATUS_OK;
  jpeg_destroy_decompress (&cinfo);
}

static void
init_destination (j_compress_ptr cinfo)
{
  DestMgr *dest = (DestMgr *) cinfo->dest;

  g_byte_array_set_size (dest->out, 64 * 1024);
  dest->pub.next_output_byte = dest->out->data;
  dest->pub.free_in_buffer = dest->out->len;
}

static boolean
empty_output_buffer (j_compress_ptr cinfo)
{
  DestMgr *dest = (DestMgr *) cinfo->dest;
  gsize used = dest->out->len;

  g_byte_array_set_size (dest->out, used * 2);
  dest->pub.next_output_byte = dest->out->data + used;
  dest->pub.free_in_buffer = dest->out->len - used;
  return TRUE;
}

static void
term_destination (j_compress_ptr cinfo)
{
  DestMgr *dest = (DestMgr *) cinfo->dest;

  g_byte_array_set_size (dest->out, dest->out->len - dest->pub.free_in_buffer);
}

static gboolean
check_encode_args (const ScrimPixels  *pixels,
                   GBytes             *exif_app1,
                   GError            **error)
{
  gsize exif_len = exif_app1 ? g_bytes_get_size (exif_app1) : 0;

  if (pixels->channels != 1 && pixels->channels != 3)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                   _("JPEG takes grey or RGB pixels, not %u channels (flatten alpha first)"),
                   pixels->channels);
      return FALSE;
    }
  if (exif_app1 != NULL
      && (exif_len < 6 || exif_len > 65533
          || memcmp (g_bytes_get_data (exif_app1, NULL), "Exif\0\0", 6) != 0))
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                   _("The EXIF payload must start with \"Exif\\0\\0\" and fit in one "
                     "APP1 segment (65533 bytes); it has %zu bytes"),
                   exif_len);
      return FALSE;
    }
  return TRUE;
}

static void
encode (j_compress_ptr      cinfo,
        const ScrimPixels  *pixels,
        int                 quality,
        GBytes             *exif_app1)
{
  cinfo->image_width = pixels->width;
  cinfo->image_height = pixels->height;
  cinfo->input_components = pixels->channels;
  cinfo->in_color_space = pixels->channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults (cinfo);
  jpeg_set_quality (cinfo, quality, TRUE);
  /* The Exif specification wants APP1 right after SOI, without JFIF. */
  cinfo->write_JFIF_header = exif_app1 == NULL;
  jpeg_start_compress (cinfo, TRUE);

  if (exif_app1 != NULL)
    jpeg_write_marker (cinfo, JPEG_APP0 + 1, g_bytes_get_data (exif_app1, NULL),
                       g_bytes_get_size (exif_app1));

  while (cinfo->next_scanline < cinfo->image_height)
    {
      JSAMPROW row = pixels->data + (gsize) cinfo->next_scanline * pixels->stride;

      jpeg_write_scanlines (cinfo, &row, 1);
    }
  jpeg_finish_compress (cinfo);
}

/*
** Encodes grey (1 channel) or RGB (3 channels) pixels as a baseline JPEG of
** the given quality (1-100, libjpeg's scale), 4:2:0 for colour. exif_app1,
** when not NULL, is written as an APP1 segment right after SOI (and then no
** JFIF APP0 is written); it is the segment's payload after its length,
** starting "Exif\0\0", at most 65533 bytes. Returns the file's bytes, or
** NULL with error set (SCRIM_ERROR_INVALID for alpha channels or a bad EXIF
** payload, SCRIM_ERROR_FAILED with libjpeg's message otherwise).
*/
GBytes *
scrim_jpeg_encode (const ScrimPixels  *pixels,
                   int                 quality,
                   GBytes             *exif_app1,
                   GError            **error)
{
  struct jpeg_compress_struct cinfo;
  ErrorMgr err;
  DestMgr dest = { 0 };
  g_autoptr(GByteArray) out = g_byte_array_new ();

  g_return_val_if_fail (pixels != NULL && pixels->data != NULL, NULL);
  g_return_val_if_fail (quality >= 1 && quality <= 100, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_encode_args (pixels, exif_app1, error))
    return NULL;

  init_error_mgr (&err);
  cinfo.err = &err.pub;
  if (setjmp (err.jmp) != 0)
    {
      jpeg_destroy_compress (&cinfo);
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_FAILED,
                   _("Cannot encode JPEG: %s"), err.message);
      return NULL;
    }

  jpeg_create_compress (&cinfo);
  dest.out = out;
  dest.pub.init_destination = init_destination;
  dest.pub.empty_output_buffer = empty_output_buffer;
  dest.pub.term_destination = term_destination;
  cinfo.dest = &dest.pub;

  encode (&cinfo, pixels, quality, exif_app1);
  jpeg_destroy_compress (&cinfo);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
