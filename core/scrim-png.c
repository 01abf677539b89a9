/* scrim-png.c
 *
 * PNG through libpng: decoding every colour type and bit depth to 8-bit
 * grey, grey+alpha, RGB or RGBA, reduced by box averaging; and encoding.
 *
 * When is a damaged PNG "ok"?
 *
 * A PNG is a sequence of checksummed chunks from the signature to IEND, and
 * the pixels live in the critical ones (IHDR, PLTE, IDAT). So:
 *
 * - The file must be whole: a file that ends anywhere before IEND, even
 *   after the last row, is CORRUPT ("truncated"). A cut-off file is what a
 *   partial download or a carved fragment looks like, and the PNG format
 *   says exactly where it should end, so there is no guessing.
 * - A bad IHDR, a broken CRC in a critical chunk, an unknown critical
 *   chunk, or a zlib stream that is damaged or ends before the last row:
 *   CORRUPT, with libpng's message.
 * - Ancillary chunks (text, colour profile, gamma, time, ...) are skipped
 *   unread, as nothing here uses them; a broken CRC in one of them only
 *   warns (libpng's default, and the PNG specification's advice), as does
 *   extra data after the last row in the zlib stream. The pixels are whole.
 * - A declared width x height over the pixel budget: TOO_LARGE, before
 *   anything is allocated.
 *
 * Output is the stored samples: no gamma or colour correction, alpha not
 * premultiplied, 16-bit samples scaled to 8 with rounding. At reduced size,
 * each output pixel is the exact average of a d x d box (smaller at the
 * right and bottom edges). A non-interlaced image is reduced row by row as
 * it is read, so the full-size image is never held; an interlaced one is
 * decoded whole first (the pixel budget bounds that).
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <setjmp.h>
#include <string.h>

#include <png.h>

#include <glib/gi18n-lib.h>

#include "scrim-error.h"
#include "scrim-image.h"

/* Ancillary chunks are skipped, but libpng still caches and allocates some
 * of what it reads; hostile files repeat chunks by the thousand. */
#define PNG_CHUNK_CACHE_MAX  128
#define PNG_CHUNK_MALLOC_MAX (8 * 1024 * 1024)

#define MESSAGE_LEN 256

/* Both contexts start with the buffer that on_error() fills. */
typedef struct
{
  char          message[MESSAGE_LEN];
  char          warning[MESSAGE_LEN];
  const guint8 *data;
  gsize         len;
  gsize         pos;
  const char   *where;          /* for the truncation message */
  ScrimStatus   status;

  /* Owned while decoding; freed by the caller whatever happens. */
  png_structp   png;
  png_infop     info;
  ScrimPixels  *pixels;
  ScrimPixels  *full;
  guint8       *row;
  guint32      *acc;
} ReadCtx;

typedef struct
{
  char          message[MESSAGE_LEN];
  png_structp   png;
  png_infop     info;
  GByteArray   *out;
  guint8       *row;
  GHashTable   *palette;
} WriteCtx;

G_GNUC_NORETURN static void
on_error (png_structp     png,
          png_const_charp message)
{
  char *buffer = png_get_error_ptr (png);

  g_strlcpy (buffer, message, MESSAGE_LEN);
  png_longjmp (png, 1);
}

static void
on_warning (png_structp     png,
            png_const_charp message)
{
  ReadCtx *ctx = png_get_error_ptr (png);

  if (ctx->warning[0] == '\0')
    g_strlcpy (ctx->warning, message, sizeof ctx->warning);
}

static void
on_write_warning (png_structp     png,
                  png_const_charp message)
{
}

static void
read_data (png_structp png,
           png_bytep   out,
           png_size_t  n)
{
  ReadCtx *ctx = png_get_io_ptr (png);

  if (n > ctx->len - ctx->pos)
    {
      g_snprintf (ctx->message, sizeof ctx->message, "The file ends %s (truncated)",
                  ctx->where);
      png_longjmp (png, 1);
    }
  memcpy (out, ctx->data + ctx->pos, n);
  ctx->pos += n;
}

static void
read_ctx_clear (ReadCtx *ctx)
{
  png_destroy_read_struct (&ctx->png, &ctx->info, NULL);
  g_clear_pointer (&ctx->pixels, scrim_pixels_free);
  g_clear_pointer (&ctx->full, scrim_pixels_free);
  g_clear_pointer (&ctx->row, g_free);
  g_clear_pointer (&ctx->acc, g_free);
}

/* Asks libpng for 8-bit grey, grey+alpha, RGB or RGBA, whatever is stored. */
static void
set_transforms (png_structp png,
                png_infop   info)
{
  int color_type = png_get_color_type (png, info);
  int depth = png_get_bit_depth (png, info);

  if (color_type == PNG_COLOR_TYPE_PALETTE)
    png_set_palette_to_rgb (png);
  if (color_type == PNG_COLOR_TYPE_GRAY && depth < 8)
    png_set_expand_gray_1_2_4_to_8 (png);
  if (png_get_valid (png, info, PNG_INFO_tRNS))
    png_set_tRNS_to_alpha (png);
  if (depth == 16)
    png_set_scale_16 (png);
}

static void
accumulate_row (guint32      *acc,
                const guint8 *row,
                guint         width,
                guint         channels,
                guint         shift)
{
  for (guint x = 0; x < width; x++)
    {
      guint32 *a = acc + (gsize) (x >> shift) * channels;
      const guint8 *p = row + (gsize) x * channels;

      for (guint c = 0; c < channels; c++)
        a[c] += p[c];
    }
}

/* Writes the averages of one row of boxes, rows_in_box rows tall, and
 * zeroes the accumulator for the next. */
static void
flush_row (guint32 *acc,
           guint8  *out,
           guint    in_width,
           guint    out_width,
           guint    channels,
           guint    d,
           guint    rows_in_box)
{
  for (guint ox = 0; ox < out_width; ox++)
    {
      guint n = MIN (d, in_width - ox * d) * rows_in_box;
      guint32 *a = acc + (gsize) ox * channels;
      guint8 *o = out + (gsize) ox * channels;

      for (guint c = 0; c < channels; c++)
        {
          o[c] = (guint8) ((a[c] + n / 2) / n);
          a[c] = 0;
        }
    }
}

/* Reads a non-interlaced image one row at a time, reducing as it goes. */
static void
read_reduced_rows (ReadCtx *ctx,
                   guint    width,
                   guint    height,
                   guint    channels,
                   guint    d)
{
  ScrimPixels *out = ctx->pixels;
  guint shift = g_bit_nth_lsf (d, -1);

  ctx->row = g_try_malloc ((gsize) width * channels);
  ctx->acc = g_try_malloc0_n ((gsize) out->width * channels, sizeof (guint32));
  if (ctx->row == NULL || ctx->acc == NULL)
    {
      ctx->status = SCRIM_STATUS_TOO_LARGE;
      png_error (ctx->png, "Not enough memory to decode");
    }

  for (guint y = 0; y < height; y++)
    {
      png_read_row (ctx->png, ctx->row, NULL);
      accumulate_row (ctx->acc, ctx->row, width, channels, shift);
      if ((y + 1) % d == 0 || y + 1 == height)
        flush_row (ctx->acc, out->data + (gsize) (y >> shift) * out->stride,
                   width, out->width, channels, d, y % d + 1);
    }
}

/* Reads every row of every pass into a full-size image. */
static void
read_all_rows (ReadCtx     *ctx,
               ScrimPixels *dest,
               int          passes)
{
  for (int pass = 0; pass < passes; pass++)
    for (guint y = 0; y < dest->height; y++)
      png_read_row (ctx->png, dest->data + (gsize) y * dest->stride, NULL);
}

static void
reduce_whole (ReadCtx     *ctx,
              ScrimPixels *full,
              guint        d)
{
  ScrimPixels *out = ctx->pixels;
  guint shift = g_bit_nth_lsf (d, -1);

  ctx->acc = g_try_malloc0_n ((gsize) out->width * full->channels, sizeof (guint32));
  if (ctx->acc == NULL)
    {
      ctx->status = SCRIM_STATUS_TOO_LARGE;
      png_error (ctx->png, "Not enough memory to decode");
    }
  for (guint y = 0; y < full->height; y++)
    {
      accumulate_row (ctx->acc, full->data + (gsize) y * full->stride,
                      full->width, full->channels, shift);
      if ((y + 1) % d == 0 || y + 1 == full->height)
        flush_row (ctx->acc, out->data + (gsize) (y >> shift) * out->stride,
                   full->width, out->width, full->channels, d, y % d + 1);
    }
}

static ScrimPixels *
new_pixels_or_fail (ReadCtx *ctx,
                    guint    width,
                    guint    height,
                    guint    channels)
{
  ScrimPixels *pixels = scrim_pixels_new (width, height, channels);

  if (pixels == NULL)
    {
      ctx->status = SCRIM_STATUS_TOO_LARGE;
      png_error (ctx->png, "Not enough memory for the pixels");
    }
  return pixels;
}

static void
read_pixels (ReadCtx *ctx,
             guint    min_side)
{
  guint width = png_get_image_width (ctx->png, ctx->info);
  guint height = png_get_image_height (ctx->png, ctx->info);
  guint channels;
  guint d = scrim_image_pick_scale (width, height, min_side);
  int passes = png_set_interlace_handling (ctx->png);

  png_read_update_info (ctx->png, ctx->info);
  channels = png_get_channels (ctx->png, ctx->info);
  if (png_get_bit_depth (ctx->png, ctx->info) != 8 || channels < 1 || channels > 4
      || png_get_rowbytes (ctx->png, ctx->info) != (gsize) width * channels)
    png_error (ctx->png, "Unexpected row layout after transforms");

  ctx->pixels = new_pixels_or_fail (ctx, (width + d - 1) / d, (height + d - 1) / d, channels);
  ctx->where = "inside the image data";
  if (d == 1)
    read_all_rows (ctx, ctx->pixels, passes);
  else if (passes == 1)
    read_reduced_rows (ctx, width, height, channels, d);
  else
    {
      ctx->full = new_pixels_or_fail (ctx, width, height, channels);
      read_all_rows (ctx, ctx->full, passes);
      reduce_whole (ctx, ctx->full, d);
      g_clear_pointer (&ctx->full, scrim_pixels_free);
    }
}

/* Everything up to the last row. Returns FALSE when libpng gave up, with
 * ctx->message set. */
static gboolean
read_png (ReadCtx           *ctx,
          guint64            max_pixels,
          guint              min_side,
          ScrimDecodeResult *result)
{
  png_uint_32 limit = (png_uint_32) MIN (max_pixels, (guint64) PNG_UINT_31_MAX);

  ctx->png = png_create_read_struct (PNG_LIBPNG_VER_STRING, ctx, on_error, on_warning);
  if (ctx->png == NULL || (ctx->info = png_create_info_struct (ctx->png)) == NULL)
    {
      g_strlcpy (ctx->message, "libpng cannot start (out of memory)", sizeof ctx->message);
      return FALSE;
    }
  if (setjmp (png_jmpbuf (ctx->png)) != 0)
    return FALSE;

  png_set_read_fn (ctx->png, ctx, read_data);
  png_set_user_limits (ctx->png, limit, limit);
  png_set_chunk_cache_max (ctx->png, PNG_CHUNK_CACHE_MAX);
  png_set_chunk_malloc_max (ctx->png, PNG_CHUNK_MALLOC_MAX);
  /* Skip every chunk but IHDR, PLTE, tRNS, IDAT and IEND. */
  png_set_keep_unknown_chunks (ctx->png, PNG_HANDLE_CHUNK_NEVER, NULL, -1);

  png_read_info (ctx->png, ctx->info);
  result->width = png_get_image_width (ctx->png, ctx->info);
  result->height = png_get_image_height (ctx->png, ctx->info);
  set_transforms (ctx->png, ctx->info);
  read_pixels (ctx, min_side);
  /* The chunks after the image data, up to IEND: a file cut short there
   * is truncated all the same. */
  ctx->where = "after the image data, before IEND";
  png_read_end (ctx->png, NULL);
  result->scale_denom = scrim_image_pick_scale (result->width, result->height, min_side);
  return TRUE;
}

/*
** Decodes a PNG held in memory into result (which must be zeroed or
** cleared; every field is overwritten). Every colour type and bit depth is
** read, palettes expanded, tRNS turned into alpha, 16-bit samples scaled to
** 8, Adam7 undone: the output has 1 (grey), 2 (grey+alpha), 3 (RGB) or 4
** (RGBA) channels of 8 bits, no gamma correction, alpha not premultiplied.
** It is reduced by the box average of d x d pixels, d =
** scrim_image_pick_scale() for options->min_side (0 = full size; options
** NULL = full size and the default budget). On success result->status is
** OK, and warning holds libpng's first complaint if there was one (a
** broken ancillary chunk, extra compressed data). On failure pixels is NULL
** and message says why: CORRUPT (bad IHDR, critical CRC, truncated or
** damaged image data; see the top of this file), TOO_LARGE (declared
** width x height over options->max_pixels, default
** SCRIM_DEFAULT_MAX_PIXELS, or memory refused), UNSUPPORTED (Apple's CgBI
** variant). width and height are set whenever IHDR could be read. Never
** prints, never aborts on bad data.
*/
void
scrim_png_decode (const guint8             *data,
                  gsize                     len,
                  const ScrimDecodeOptions *options,
                  ScrimDecodeResult        *result)
{
  ReadCtx ctx = {
    .data = data,
    .len = len,
    .status = SCRIM_STATUS_CORRUPT,
    .where = "before the image data",
  };
  guint64 max_pixels = options && options->max_pixels ? options->max_pixels
                                                      : SCRIM_DEFAULT_MAX_PIXELS;

  g_return_if_fail (data != NULL || len == 0);
  g_return_if_fail (result != NULL);

  *result = (ScrimDecodeResult) { .type = SCRIM_FILE_TYPE_PNG, .scale_denom = 1 };
  if (len >= 16 && memcmp (data + 12, "CgBI", 4) == 0)
    {
      /* Raw deflate and BGRA premultiplied: a different format in all but
       * name, which libpng does not read. */
      scrim_image_probe_size (SCRIM_FILE_TYPE_PNG, data, len, &result->width, &result->height);
      result->status = SCRIM_STATUS_UNSUPPORTED;
      result->message = g_strdup ("Apple CgBI PNG (iOS-optimised) is not decoded yet");
      return;
    }
  /* Sizes beyond 2^31 - 1 are invalid, not large: libpng says so below. */
  if (scrim_image_probe_size (SCRIM_FILE_TYPE_PNG, data, len, &result->width, &result->height)
      && result->width <= PNG_UINT_31_MAX && result->height <= PNG_UINT_31_MAX
      && (guint64) result->width * result->height > max_pixels)
    {
      result->status = SCRIM_STATUS_TOO_LARGE;
      result->message = g_strdup_printf ("%ux%u pixels exceed the pixel budget (%"
                                         G_GUINT64_FORMAT ")",
                                         result->width, result->height, max_pixels);
      return;
    }

  if (read_png (&ctx, max_pixels, options ? options->min_side : 0, result))
    {
      result->status = SCRIM_STATUS_OK;
      result->pixels = g_steal_pointer (&ctx.pixels);
      if (ctx.warning[0] != '\0')
        result->warning = g_strdup (ctx.warning);
    }
  else
    {
      result->status = ctx.status;
      result->message = g_strdup (ctx.message);
    }
  read_ctx_clear (&ctx);
}

static void
write_data (png_structp png,
            png_bytep   data,
            png_size_t  n)
{
  g_byte_array_append (png_get_io_ptr (png), data, n);
}

static void
flush_data (png_structp png)
{
}

static void
write_ctx_clear (WriteCtx *ctx)
{
  png_destroy_write_struct (&ctx->png, &ctx->info);
  g_clear_pointer (&ctx->out, g_byte_array_unref);
  g_clear_pointer (&ctx->row, g_free);
  g_clear_pointer (&ctx->palette, g_hash_table_unref);
}

/* A pixel as RGBA, grey spread to RGB, opaque when there is no alpha. */
static inline guint32
pixel_key (const guint8 *p,
           guint         channels)
{
  switch (channels)
    {
    case 1: return (guint32) p[0] << 24 | (guint32) p[0] << 16 | (guint32) p[0] << 8 | 0xff;
    case 2: return (guint32) p[0] << 24 | (guint32) p[0] << 16 | (guint32) p[0] << 8 | p[1];
    case 3: return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | 0xff;
    default: return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
    }
}

/* Numbers the distinct colours in order of appearance, into ctx->palette
 * (key -> index + 1). FALSE when there are more than max_colours. */
static gboolean
build_palette (WriteCtx          *ctx,
               const ScrimPixels *pixels,
               guint              max_colours)
{
  ctx->palette = g_hash_table_new (NULL, NULL);
  for (guint y = 0; y < pixels->height; y++)
    for (guint x = 0; x < pixels->width; x++)
      {
        guint32 key = pixel_key (pixels->data + y * pixels->stride + x * pixels->channels,
                                 pixels->channels);
        guint n = g_hash_table_size (ctx->palette);

        if (g_hash_table_contains (ctx->palette, GUINT_TO_POINTER (key)))
          continue;
        if (n == max_colours)
          return FALSE;
        g_hash_table_insert (ctx->palette, GUINT_TO_POINTER (key), GUINT_TO_POINTER (n + 1));
      }
  return TRUE;
}

static void
write_palette (WriteCtx *ctx)
{
  png_color colours[256];
  png_byte alpha[256];
  int n_trans = 0;
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, ctx->palette);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint32 k = GPOINTER_TO_UINT (key);
      guint i = GPOINTER_TO_UINT (value) - 1;

      colours[i] = (png_color) { k >> 24, (k >> 16) & 0xff, (k >> 8) & 0xff };
      alpha[i] = k & 0xff;
    }
  for (guint i = 0; i < g_hash_table_size (ctx->palette); i++)
    if (alpha[i] != 0xff)
      n_trans = i + 1;

  png_set_PLTE (ctx->png, ctx->info, colours, g_hash_table_size (ctx->palette));
  if (n_trans > 0)
    png_set_tRNS (ctx->png, ctx->info, alpha, n_trans, NULL);
}

/* Packs samples (palette indices, or grey reduced to its top bits) of
 * `depth` bits each, most significant first, as PNG stores them. */
static void
pack_row (guint8       *out,
          const guint8 *values,
          guint         width,
          guint         depth)
{
  guint per_byte = 8 / depth;

  memset (out, 0, (width + per_byte - 1) / per_byte);
  for (guint x = 0; x < width; x++)
    out[x / per_byte] |= values[x] << (8 - depth * (x % per_byte + 1));
}

/* Converts one row of pixels into the row PNG stores. The row buffer holds
 * the packed row and, past it, width bytes of scratch. */
static const guint8 *
convert_row (WriteCtx          *ctx,
             const ScrimPixels *pixels,
             guint              y,
             guint              depth,
             gboolean           palette)
{
  const guint8 *in = pixels->data + (gsize) y * pixels->stride;
  guint samples = pixels->width * pixels->channels;
  guint8 *scratch = ctx->row + (gsize) samples * 2;

  if (palette)
    {
      for (guint x = 0; x < pixels->width; x++)
        scratch[x] = GPOINTER_TO_UINT (g_hash_table_lookup (ctx->palette,
            GUINT_TO_POINTER (pixel_key (in + x * pixels->channels, pixels->channels)))) - 1;
      if (depth == 8)
        return scratch;
      pack_row (ctx->row, scratch, pixels->width, depth);
      return ctx->row;
    }
  if (depth == 8)
    return in;
  if (depth == 16)
    {
      /* v * 257: the 16-bit value that scales back to exactly v. */
      for (guint i = 0; i < samples; i++)
        ctx->row[2 * i] = ctx->row[2 * i + 1] = in[i];
      return ctx->row;
    }
  for (guint x = 0; x < pixels->width; x++)
    scratch[x] = in[x] >> (8 - depth);
  pack_row (ctx->row, scratch, pixels->width, depth);
  return ctx->row;
}

static gboolean
write_png (WriteCtx          *ctx,
           const ScrimPixels *pixels,
           guint              depth,
           gboolean           palette,
           gboolean           interlace)
{
  static const int color_types[] = {
    PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA, PNG_COLOR_TYPE_RGB, PNG_COLOR_TYPE_RGB_ALPHA,
  };
  int passes;

  ctx->png = png_create_write_struct (PNG_LIBPNG_VER_STRING, ctx, on_error, on_write_warning);
  if (ctx->png == NULL || (ctx->info = png_create_info_struct (ctx->png)) == NULL)
    {
      g_strlcpy (ctx->message, "libpng cannot start (out of memory)", sizeof ctx->message);
      return FALSE;
    }
  if (setjmp (png_jmpbuf (ctx->png)) != 0)
    return FALSE;

  png_set_write_fn (ctx->png, ctx->out, write_data, flush_data);
  png_set_IHDR (ctx->png, ctx->info, pixels->width, pixels->height, depth,
                palette ? PNG_COLOR_TYPE_PALETTE : color_types[pixels->channels - 1],
                interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (palette)
    write_palette (ctx);
  png_write_info (ctx->png, ctx->info);

  passes = png_set_interlace_handling (ctx->png);
  for (int pass = 0; pass < passes; pass++)
    for (guint y = 0; y < pixels->height; y++)
      png_write_row (ctx->png, convert_row (ctx, pixels, y, depth, palette));
  png_write_end (ctx->png, NULL);
  return TRUE;
}

static gboolean
check_png_args (const ScrimPixels  *pixels,
                guint               depth,
                gboolean            palette,
                GError            **error)
{
  if (depth != 1 && depth != 2 && depth != 4 && depth != 8 && depth != 16)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                   _("PNG has no bit depth %u"), depth);
      return FALSE;
    }
  if (palette ? depth == 16 : (depth < 8 && pixels->channels != 1))
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                   palette ? _("PNG allows bit depth %u only for grey, RGB and their alpha forms")
                           : _("PNG allows bit depth %u only for grey or palette images"), depth);
      return FALSE;
    }
  return TRUE;
}

/*
** Encodes 8-bit pixels as a PNG: 1, 2, 3 or 4 channels give colour type 0
** (grey), 4 (grey+alpha), 2 (RGB) or 6 (RGBA). bit_depth 16 stores each
** sample v as v * 257 (which scales back to v exactly); 1, 2 or 4 (grey
** only) keep the top bits of each sample. palette=TRUE writes colour type 3
** instead, with a PLTE of the distinct colours in order of first
** appearance and a tRNS when any is not opaque; bit_depth is then the index
** size (1, 2, 4 or 8) and the colours must fit in it. interlace=TRUE writes
** Adam7. Returns the file's bytes, or NULL with error set
** (SCRIM_ERROR_INVALID for an impossible combination or too many colours,
** SCRIM_ERROR_FAILED with libpng's message otherwise).
*/
GBytes *
scrim_png_encode (const ScrimPixels  *pixels,
                  guint               bit_depth,
                  gboolean            palette,
                  gboolean            interlace,
                  GError            **error)
{
  WriteCtx ctx = { 0 };
  gsize samples;
  GBytes *bytes = NULL;

  g_return_val_if_fail (pixels != NULL && pixels->data != NULL, NULL);
  g_return_val_if_fail (pixels->channels >= 1 && pixels->channels <= 4, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_png_args (pixels, bit_depth, palette, error))
    return NULL;
  if (palette && !build_palette (&ctx, pixels, MIN (256u, 1u << bit_depth)))
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                   _("More than %u colours do not fit a %u-bit palette"),
                   MIN (256u, 1u << bit_depth), bit_depth);
      write_ctx_clear (&ctx);
      return NULL;
    }

  samples = (gsize) pixels->width * pixels->channels;
  ctx.row = g_malloc (samples * 2 + pixels->width);
  ctx.out = g_byte_array_new ();
  if (write_png (&ctx, pixels, bit_depth, palette, interlace))
    bytes = g_byte_array_free_to_bytes (g_steal_pointer (&ctx.out));
  else
    g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_FAILED,
                 _("Cannot encode PNG: %s"), ctx.message);
  write_ctx_clear (&ctx);
  return bytes;
}
