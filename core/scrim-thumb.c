/* scrim-thumb.c: thumbnails (oriented, reduced, stored as JPEG in the case)
 *
 * Every image of an ingest passes through here once, so the pixel loops are
 * plain integer arithmetic over rows, specialised per channel count, with no
 * call per pixel.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "scrim-error.h"
#include "scrim-thumb.h"

/* The grey that alpha is composited over: neutral on a light or a dark
 * theme, and never mistaken for an image's own white or black. */
#define FLATTEN_BACKGROUND 128

static ScrimPixels *
pixels_copy (const ScrimPixels *src)
{
  ScrimPixels *dst = scrim_pixels_new (src->width, src->height, src->channels);
  gsize row_bytes = (gsize) src->width * src->channels;

  if (dst == NULL)
    return NULL;
  for (guint y = 0; y < src->height; y++)
    memcpy (dst->data + y * dst->stride, src->data + y * src->stride, row_bytes);
  return dst;
}

static gboolean
pixels_valid (const ScrimPixels *pixels)
{
  return pixels != NULL
         && pixels->data != NULL
         && pixels->width > 0
         && pixels->height > 0
         && pixels->channels >= 1
         && pixels->channels <= 4
         && pixels->stride >= (gsize) pixels->width * pixels->channels;
}

/* The size that fits @width x @height into @max_side, aspect kept (rounded),
 * never larger than the source and never below 1 px. */
static void
fit_size (guint  width,
          guint  height,
          guint  max_side,
          guint *out_width,
          guint *out_height)
{
  guint long_side = MAX (width, height);
  guint64 short_side = MIN (width, height);
  guint64 scaled;

  if (long_side <= max_side)
    {
      *out_width = width;
      *out_height = height;
      return;
    }

  scaled = (short_side * max_side + long_side / 2) / long_side;
  scaled = CLAMP (scaled, 1, max_side);
  *out_width = width >= height ? max_side : (guint) scaled;
  *out_height = width >= height ? (guint) scaled : max_side;
}

/* Box boundaries: destination column i averages source columns
 * [bounds[i], bounds[i + 1]). Every box holds at least one column because
 * the destination is never wider than the source. */
static guint *
box_bounds (guint src_len,
            guint dst_len)
{
  guint *bounds = g_new (guint, dst_len + 1);

  for (guint i = 0; i <= dst_len; i++)
    bounds[i] = (guint) ((guint64) i * src_len / dst_len);
  return bounds;
}

/* Adds the box sums of one source row into @acc. Always inlined with a
 * constant @n so the compiler unrolls the channel loop. */
G_ALWAYS_INLINE static inline void
accumulate_row (const guint8 *row,
                guint64      *acc,
                const guint  *xb,
                guint         dst_width,
                guint         n)
{
  for (guint dx = 0; dx < dst_width; dx++)
    {
      const guint8 *p = row + (gsize) xb[dx] * n;
      const guint8 *end = row + (gsize) xb[dx + 1] * n;
      guint32 sum[4] = { 0, 0, 0, 0 };

      for (; p < end; p += n)
        for (guint c = 0; c < n; c++)
          sum[c] += p[c];
      for (guint c = 0; c < n; c++)
        acc[dx * n + c] += sum[c];
    }
}

static void
accumulate_row_any (const guint8 *row,
                    guint64      *acc,
                    const guint  *xb,
                    guint         dst_width,
                    guint         channels)
{
  switch (channels)
    {
    case 1:
      accumulate_row (row, acc, xb, dst_width, 1);
      break;
    case 2:
      accumulate_row (row, acc, xb, dst_width, 2);
      break;
    case 3:
      accumulate_row (row, acc, xb, dst_width, 3);
      break;
    case 4:
      accumulate_row (row, acc, xb, dst_width, 4);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Writes one destination row: each sum divided by its box area, rounded. */
static void
emit_row (const guint64 *acc,
          const guint   *xb,
          guint          rows,
          guint          dst_width,
          guint          channels,
          guint8        *out)
{
  for (guint dx = 0; dx < dst_width; dx++)
    {
      guint64 area = (guint64) (xb[dx + 1] - xb[dx]) * rows;

      for (guint c = 0; c < channels; c++, out++)
        *out = (guint8) ((acc[dx * channels + c] + area / 2) / area);
    }
}

static ScrimPixels *
box_downscale (const ScrimPixels *src,
               guint              dst_width,
               guint              dst_height)
{
  guint n = src->channels;
  ScrimPixels *dst = scrim_pixels_new (dst_width, dst_height, n);
  g_autofree guint *xb = box_bounds (src->width, dst_width);
  g_autofree guint *yb = box_bounds (src->height, dst_height);
  g_autofree guint64 *acc = g_new (guint64, (gsize) dst_width * n);

  if (dst == NULL)
    return NULL;
  for (guint dy = 0; dy < dst_height; dy++)
    {
      memset (acc, 0, sizeof (guint64) * dst_width * n);
      for (guint sy = yb[dy]; sy < yb[dy + 1]; sy++)
        accumulate_row_any (src->data + sy * src->stride, acc, xb, dst_width, n);
      emit_row (acc, xb, yb[dy + 1] - yb[dy], dst_width, n,
                dst->data + dy * dst->stride);
    }
  return dst;
}

/*
** Reduces @src so that its longer side is at most @max_side, keeping the
** aspect ratio (each side rounded, at least 1 px). Every destination pixel
** is the rounded mean of the block of source pixels it covers (block edges
** on whole source pixels). Channels (1 to 4, alpha included) are averaged
** independently.
**
** Returns a new image owned by the caller; a plain copy when @src already
** fits. Returns NULL when memory runs out, and (with a critical) when @src
** is not a valid image or @max_side is 0.
*/
ScrimPixels *
scrim_pixels_scale_to_fit (const ScrimPixels *src,
                           guint              max_side)
{
  guint dst_width, dst_height;

  g_return_val_if_fail (pixels_valid (src), NULL);
  g_return_val_if_fail (max_side > 0, NULL);

  fit_size (src->width, src->height, max_side, &dst_width, &dst_height);
  if (dst_width == src->width && dst_height == src->height)
    return pixels_copy (src);
  return box_downscale (src, dst_width, dst_height);
}

/* How orientation @o maps destination pixels onto source pixels: the
 * destination's (0, 0) is source pixel (x0, y0); one step right in the
 * destination moves (dx_x, dx_y) in the source, one step down (dy_x, dy_y). */
typedef struct
{
  gboolean swap;
  gboolean x0_last, y0_last;
  int      dx_x, dx_y;
  int      dy_x, dy_y;
} OrientMap;

/* EXIF 2.32, tag 0x0112: the value names where the stored row 0 and column 0
 * belong when the image is shown upright. */
static const OrientMap orient_maps[9] = {
  [1] = { FALSE, FALSE, FALSE,  1,  0,  0,  1 },  /* as stored */
  [2] = { FALSE, TRUE,  FALSE, -1,  0,  0,  1 },  /* mirror left-right */
  [3] = { FALSE, TRUE,  TRUE,  -1,  0,  0, -1 },  /* rotate 180 */
  [4] = { FALSE, FALSE, TRUE,   1,  0,  0, -1 },  /* mirror top-bottom */
  [5] = { TRUE,  FALSE, FALSE,  0,  1,  1,  0 },  /* transpose */
  [6] = { TRUE,  FALSE, TRUE,   0, -1,  1,  0 },  /* rotate 90 clockwise */
  [7] = { TRUE,  TRUE,  TRUE,   0, -1, -1,  0 },  /* transverse */
  [8] = { TRUE,  TRUE,  FALSE,  0,  1, -1,  0 },  /* rotate 90 counter-clockwise */
};

static ScrimPixels *
orient_apply (const ScrimPixels *src,
              const OrientMap   *map)
{
  guint n = src->channels;
  guint dst_width = map->swap ? src->height : src->width;
  guint dst_height = map->swap ? src->width : src->height;
  ScrimPixels *dst = scrim_pixels_new (dst_width, dst_height, n);
  gssize step_x = (gssize) map->dx_x * n + (gssize) map->dx_y * (gssize) src->stride;
  gssize step_y = (gssize) map->dy_x * n + (gssize) map->dy_y * (gssize) src->stride;
  gsize x0 = map->x0_last ? src->width - 1 : 0;
  gsize y0 = map->y0_last ? src->height - 1 : 0;
  const guint8 *origin = src->data + y0 * src->stride + x0 * n;

  if (dst == NULL)
    return NULL;
  for (guint y = 0; y < dst_height; y++)
    {
      const guint8 *s = origin + (gssize) y * step_y;
      guint8 *d = dst->data + y * dst->stride;

      for (guint x = 0; x < dst_width; x++, s += step_x)
        for (guint c = 0; c < n; c++)
          *d++ = s[c];
    }
  return dst;
}

/*
** Turns @src upright according to an EXIF Orientation value: 2 mirrors
** left-right, 3 rotates 180°, 4 mirrors top-bottom, 5 transposes, 6 rotates
** 90° clockwise, 7 transverses, 8 rotates 90° counter-clockwise. Values 5 to
** 8 swap width and height. 1 and every other value (files hold anything)
** leave the image as it is.
**
** Returns a new image owned by the caller. Returns NULL when memory runs
** out, and (with a critical) when @src is not a valid image.
*/
ScrimPixels *
scrim_pixels_orient (const ScrimPixels *src,
                     gint64             exif_orientation)
{
  g_return_val_if_fail (pixels_valid (src), NULL);

  if (exif_orientation < 2 || exif_orientation > 8)
    return pixels_copy (src);
  return orient_apply (src, &orient_maps[exif_orientation]);
}

/* Composites a pixel of colour channels @colour (1 or 3) and an alpha over
 * the background grey, rounded to nearest. */
G_ALWAYS_INLINE static inline void
flatten_row (const guint8 *s,
             guint8       *d,
             guint         width,
             guint         colour)
{
  for (guint x = 0; x < width; x++, s += colour + 1)
    {
      guint a = s[colour];
      guint back = FLATTEN_BACKGROUND * (255 - a) + 127;

      for (guint c = 0; c < colour; c++)
        *d++ = (guint8) ((s[c] * a + back) / 255);
    }
}

/*
** Composites an image with alpha (2 or 4 channels) over mid-grey (128), as
** out = round ((c * a + 128 * (255 - a)) / 255), giving grey or RGB.
**
** Returns a new image owned by the caller: 1 or 3 channels, or an unchanged
** copy when @src has no alpha. Returns NULL when memory runs out, and (with
** a critical) when @src is not a valid image.
*/
ScrimPixels *
scrim_pixels_flatten (const ScrimPixels *src)
{
  ScrimPixels *dst;
  guint colour;

  g_return_val_if_fail (pixels_valid (src), NULL);

  if (src->channels == 1 || src->channels == 3)
    return pixels_copy (src);

  colour = src->channels - 1;
  dst = scrim_pixels_new (src->width, src->height, colour);
  if (dst == NULL)
    return NULL;
  for (guint y = 0; y < src->height; y++)
    {
      const guint8 *s = src->data + y * src->stride;
      guint8 *d = dst->data + y * dst->stride;

      if (colour == 1)
        flatten_row (s, d, src->width, 1);
      else
        flatten_row (s, d, src->width, 3);
    }
  return dst;
}

/*
** Makes the thumbnail stored for an image: reduced so its longer side is at
** most @max_side (0 means SCRIM_THUMB_MAX_SIDE), turned upright by
** @exif_orientation (see scrim_pixels_orient()), alpha composited over grey,
** encoded as a baseline JPEG at SCRIM_THUMB_QUALITY without metadata.
**
** Alpha is composited before reducing, so that the colour of fully
** transparent pixels (often black) cannot bleed into the average.
**
** Returns the JPEG bytes and sets @out_width/@out_height (nullable) to its
** size after orientation. On failure returns NULL and sets @error.
*/
GBytes *
scrim_thumbnail_make (const ScrimPixels *src,
                      gint64             exif_orientation,
                      guint              max_side,
                      guint             *out_width,
                      guint             *out_height,
                      GError           **error)
{
  g_autoptr(ScrimPixels) flat = NULL;
  g_autoptr(ScrimPixels) small = NULL;
  g_autoptr(ScrimPixels) upright = NULL;
  const ScrimPixels *cur = src;
  GBytes *jpeg;

  g_return_val_if_fail (pixels_valid (src), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (max_side == 0)
    max_side = SCRIM_THUMB_MAX_SIDE;

  if (cur->channels == 2 || cur->channels == 4)
    cur = flat = scrim_pixels_flatten (cur);
  if (cur != NULL && MAX (cur->width, cur->height) > max_side)
    cur = small = scrim_pixels_scale_to_fit (cur, max_side);
  if (cur != NULL && exif_orientation >= 2 && exif_orientation <= 8)
    cur = upright = scrim_pixels_orient (cur, exif_orientation);
  if (cur == NULL)
    {
      g_set_error_literal (error, SCRIM_ERROR, SCRIM_ERROR_FAILED,
                           _("Not enough memory for the thumbnail"));
      return NULL;
    }

  jpeg = scrim_jpeg_encode (cur, SCRIM_THUMB_QUALITY, NULL, error);
  if (jpeg == NULL)
    return NULL;

  if (out_width != NULL)
    *out_width = cur->width;
  if (out_height != NULL)
    *out_height = cur->height;
  return jpeg;
}

/* One pass of a box blur of radius r along rows (or, with the roles of x
 * and y swapped through the strides, along columns) of a grey image, edges
 * clamped, by a running sum: O(1) per pixel whatever the radius. */
static void
box_pass (const guint8 *src,
          guint8       *dst,
          guint         lines,
          guint         length,
          gsize         line_step,
          gsize         pixel_step,
          guint         r)
{
  guint window = 2 * r + 1;

  for (guint l = 0; l < lines; l++)
    {
      const guint8 *in = src + l * line_step;
      guint8 *out = dst + l * line_step;
      guint sum = 0;

      for (int i = -(int) r; i <= (int) r; i++)
        sum += in[CLAMP (i, 0, (int) length - 1) * pixel_step];
      for (guint x = 0; x < length; x++)
        {
          int leave = (int) x - (int) r;
          int enter = (int) x + (int) r + 1;

          out[x * pixel_step] = (guint8) ((sum + window / 2) / window);
          sum -= in[CLAMP (leave, 0, (int) length - 1) * pixel_step];
          sum += in[CLAMP (enter, 0, (int) length - 1) * pixel_step];
        }
    }
}

/*
** Makes an obscured copy of an image for places where it may not be seen
** clearly (an exported report): alpha flattened, reduced to fit max_side,
** turned grey (Rec. 601 luma) and blurred by three box passes each way
** with a radius of a tenth of the longer side (about a Gaussian of that
** size: shapes remain as blotches, no detail does).
**
** Returns a new one-channel image owned by the caller, or NULL when memory
** runs out (and, with a critical, when @src is not a valid image or
** @max_side is 0). The clear pixels never leave this function.
*/
ScrimPixels *
scrim_pixels_obscure (const ScrimPixels *src,
                      guint              max_side)
{
  g_autoptr(ScrimPixels) flat = NULL;
  g_autoptr(ScrimPixels) small = NULL;
  g_autoptr(ScrimPixels) grey = NULL;
  g_autoptr(ScrimPixels) spare = NULL;
  guint r;

  g_return_val_if_fail (pixels_valid (src), NULL);
  g_return_val_if_fail (max_side > 0, NULL);

  if ((flat = scrim_pixels_flatten (src)) == NULL
      || (small = scrim_pixels_scale_to_fit (flat, max_side)) == NULL
      || (grey = scrim_pixels_new (small->width, small->height, 1)) == NULL
      || (spare = scrim_pixels_new (small->width, small->height, 1)) == NULL)
    return NULL;
  for (guint y = 0; y < small->height; y++)
    {
      const guint8 *in = small->data + y * small->stride;
      guint8 *out = grey->data + y * grey->stride;

      for (guint x = 0; x < small->width; x++, in += small->channels)
        out[x] = small->channels == 1 ? in[0] : (guint8) ((299 * in[0] + 587 * in[1] + 114 * in[2] + 500) / 1000);
    }
  r = MAX (2, MAX (grey->width, grey->height) / 10);
  for (guint pass = 0; pass < 3; pass++)
    {
      box_pass (grey->data, spare->data, grey->height, grey->width, grey->stride, 1, r);
      box_pass (spare->data, grey->data, grey->width, grey->height, 1, grey->stride, r);
    }
  return g_steal_pointer (&grey);
}
