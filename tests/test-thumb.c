/* test-thumb.c: scaling, orientation, flattening and thumbnails
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "scrim-image.h"
#include "scrim-synth.h"
#include "scrim-thumb.h"

static ScrimPixels *
pixels_from (guint         width,
             guint         height,
             guint         channels,
             const guint8 *samples)
{
  ScrimPixels *px = scrim_pixels_new (width, height, channels);

  for (guint y = 0; y < height; y++)
    memcpy (px->data + y * px->stride, samples + y * width * channels, width * channels);
  return px;
}

static const guint8 *
pixel_at (const ScrimPixels *px,
          guint              x,
          guint              y)
{
  return px->data + y * px->stride + x * px->channels;
}

static gboolean
pixels_equal (const ScrimPixels *a,
              const ScrimPixels *b)
{
  if (a->width != b->width || a->height != b->height || a->channels != b->channels)
    return FALSE;
  for (guint y = 0; y < a->height; y++)
    if (memcmp (pixel_at (a, 0, y), pixel_at (b, 0, y), a->width * a->channels) != 0)
      return FALSE;
  return TRUE;
}

static void
test_scale_exact (void)
{
  /* 4x2 RGB: each output pixel is the rounded mean of a 2x2 block. */
  static const guint8 rgb[] = {
    0, 10, 255,    2, 20, 255,    100, 0, 1,    200, 0, 2,
    4, 30, 255,    7, 41, 254,    50, 0, 3,     51, 1, 4,
  };
  /* 3x1 grey to 2x1: boxes [0, 1) and [1, 3). */
  static const guint8 grey[] = { 9, 100, 201 };
  g_autoptr(ScrimPixels) src = pixels_from (4, 2, 3, rgb);
  g_autoptr(ScrimPixels) dst = scrim_pixels_scale_to_fit (src, 2);
  g_autoptr(ScrimPixels) src1 = pixels_from (3, 1, 1, grey);
  g_autoptr(ScrimPixels) dst1 = scrim_pixels_scale_to_fit (src1, 2);

  g_assert_cmpuint (dst->width, ==, 2);
  g_assert_cmpuint (dst->height, ==, 1);
  g_assert_cmpuint (dst->channels, ==, 3);
  /* (0+2+4+7)/4 = 3.25, (10+20+30+41)/4 = 25.25, (255+255+255+254)/4 = 254.75 */
  g_assert_cmpmem (pixel_at (dst, 0, 0), 3, ((guint8[]) { 3, 25, 255 }), 3);
  /* (100+200+50+51)/4 = 100.25, 1/4, 10/4 = 2.5 rounds up */
  g_assert_cmpmem (pixel_at (dst, 1, 0), 3, ((guint8[]) { 100, 0, 3 }), 3);

  g_assert_cmpuint (dst1->width, ==, 2);
  g_assert_cmpuint (dst1->height, ==, 1);
  g_assert_cmpuint (pixel_at (dst1, 0, 0)[0], ==, 9);
  g_assert_cmpuint (pixel_at (dst1, 1, 0)[0], ==, 151);   /* 150.5 rounds up */
}

static void
check_fit (guint width,
           guint height,
           guint max_side,
           guint want_width,
           guint want_height)
{
  g_autoptr(ScrimPixels) src = scrim_pixels_new (width, height, 1);
  g_autoptr(ScrimPixels) dst = NULL;

  memset (src->data, 77, src->stride * height);
  dst = scrim_pixels_scale_to_fit (src, max_side);
  g_assert_cmpuint (dst->width, ==, want_width);
  g_assert_cmpuint (dst->height, ==, want_height);
  for (guint y = 0; y < dst->height; y++)
    for (guint x = 0; x < dst->width; x++)
      g_assert_cmpuint (pixel_at (dst, x, y)[0], ==, 77);
}

static void
test_scale_aspect (void)
{
  check_fit (300, 200, 256, 256, 171);     /* 170.67 rounds to 171 */
  check_fit (200, 300, 256, 171, 256);
  check_fit (1000, 750, 256, 256, 192);
  check_fit (1000, 10, 256, 256, 3);       /* 2.56 */
  check_fit (10000, 1, 256, 256, 1);       /* never below 1 px */
  check_fit (1, 5000, 256, 1, 256);
  check_fit (4000, 3000, 1, 1, 1);
  check_fit (257, 257, 256, 256, 256);
  check_fit (100, 50, 256, 100, 50);       /* already small: a copy */
  check_fit (256, 10, 256, 256, 10);
}

static void
test_scale_copy (void)
{
  g_autoptr(ScrimPixels) src = scrim_synth_draw (SCRIM_SYNTH_PATTERN, 3, 120, 80, NULL);
  g_autoptr(ScrimPixels) dst = scrim_pixels_scale_to_fit (src, 120);

  g_assert_true (dst != src);
  g_assert_true (dst->data != src->data);
  g_assert_true (pixels_equal (src, dst));
}

static void
test_scale_channels (void)
{
  static const guint8 value[4] = { 10, 20, 30, 40 };

  for (guint channels = 1; channels <= 4; channels++)
    {
      g_autoptr(ScrimPixels) src = scrim_pixels_new (333, 77, channels);
      g_autoptr(ScrimPixels) dst = NULL;

      for (guint y = 0; y < src->height; y++)
        for (guint x = 0; x < src->width; x++)
          memcpy (src->data + y * src->stride + x * channels, value, channels);
      dst = scrim_pixels_scale_to_fit (src, 50);
      g_assert_cmpuint (dst->channels, ==, channels);
      g_assert_cmpuint (dst->width, ==, 50);
      g_assert_cmpuint (dst->height, ==, 12);      /* 11.56 */
      for (guint y = 0; y < dst->height; y++)
        for (guint x = 0; x < dst->width; x++)
          g_assert_cmpmem (pixel_at (dst, x, y), channels, value, channels);
    }
}

/* Rows may be padded: the padding must not leak into the result. */
static void
test_scale_stride (void)
{
  ScrimPixels src = { 4, 2, 1, 8, NULL };
  guint8 data[16] = {
    10, 20, 30, 40, 255, 255, 255, 255,
    50, 60, 70, 80, 255, 255, 255, 255,
  };
  g_autoptr(ScrimPixels) dst = NULL;
  g_autoptr(ScrimPixels) turned = NULL;

  src.data = data;
  dst = scrim_pixels_scale_to_fit (&src, 2);
  g_assert_cmpuint (dst->width, ==, 2);
  g_assert_cmpuint (dst->height, ==, 1);
  g_assert_cmpuint (pixel_at (dst, 0, 0)[0], ==, 35);
  g_assert_cmpuint (pixel_at (dst, 1, 0)[0], ==, 55);

  turned = scrim_pixels_orient (&src, 3);
  g_assert_cmpuint (pixel_at (turned, 0, 0)[0], ==, 80);
  g_assert_cmpuint (pixel_at (turned, 3, 1)[0], ==, 10);
}

/* Where EXIF orientation @o sends source pixel (x, y) of a w x h image,
 * written forwards, independently of the implementation's mapping. */
static void
orient_forward (gint64  o,
                guint   w,
                guint   h,
                guint   x,
                guint   y,
                guint  *dx,
                guint  *dy)
{
  switch (o)
    {
    case 2: *dx = w - 1 - x; *dy = y; break;              /* mirror */
    case 3: *dx = w - 1 - x; *dy = h - 1 - y; break;      /* 180 */
    case 4: *dx = x; *dy = h - 1 - y; break;              /* flip */
    case 5: *dx = y; *dy = x; break;                      /* transpose */
    case 6: *dx = h - 1 - y; *dy = x; break;              /* 90 clockwise */
    case 7: *dx = h - 1 - y; *dy = w - 1 - x; break;      /* transverse */
    case 8: *dx = y; *dy = w - 1 - x; break;              /* 90 counter-clockwise */
    default: *dx = x; *dy = y; break;
    }
}

static void
test_orient_all (void)
{
  static const gint64 values[] = { 1, 2, 3, 4, 5, 6, 7, 8, 0, 9, -1, 65535 };

  for (guint channels = 1; channels <= 4; channels++)
    for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
      {
        g_autoptr(ScrimPixels) src = scrim_pixels_new (3, 2, channels);
        g_autoptr(ScrimPixels) dst = NULL;
        gint64 o = values[i];
        gboolean swap = o >= 5 && o <= 8;

        for (guint y = 0; y < 2; y++)
          for (guint x = 0; x < 3; x++)
            for (guint c = 0; c < channels; c++)
              src->data[y * src->stride + x * channels + c] = (guint8) (10 * (3 * y + x + 1) + c);

        dst = scrim_pixels_orient (src, o);
        g_assert_cmpuint (dst->width, ==, swap ? 2 : 3);
        g_assert_cmpuint (dst->height, ==, swap ? 3 : 2);
        g_assert_cmpuint (dst->channels, ==, channels);
        for (guint y = 0; y < 2; y++)
          for (guint x = 0; x < 3; x++)
            {
              guint dx, dy;

              orient_forward (o, 3, 2, x, y, &dx, &dy);
              g_assert_cmpmem (pixel_at (dst, dx, dy), channels, pixel_at (src, x, y), channels);
            }
      }
}

/* The same, spelled out for the commonest case: a phone held upright. */
static void
test_orient_literal (void)
{
  static const guint8 src_grey[] = { 1, 2, 3,
                                     4, 5, 6 };
  static const guint8 cw[] = { 4, 1,
                               5, 2,
                               6, 3 };
  static const guint8 ccw[] = { 3, 6,
                                2, 5,
                                1, 4 };
  g_autoptr(ScrimPixels) src = pixels_from (3, 2, 1, src_grey);
  g_autoptr(ScrimPixels) want_cw = pixels_from (2, 3, 1, cw);
  g_autoptr(ScrimPixels) want_ccw = pixels_from (2, 3, 1, ccw);
  g_autoptr(ScrimPixels) got_cw = scrim_pixels_orient (src, 6);
  g_autoptr(ScrimPixels) got_ccw = scrim_pixels_orient (src, 8);

  g_assert_true (pixels_equal (got_cw, want_cw));
  g_assert_true (pixels_equal (got_ccw, want_ccw));
}

static void
test_flatten (void)
{
  static const guint8 ga[] = { 200, 255,   200, 0,   0, 128,   255, 128 };
  static const guint8 rgba[] = { 10, 20, 30, 255,   10, 20, 30, 0,   255, 0, 100, 51 };
  static const guint8 rgb[] = { 1, 2, 3,   4, 5, 6 };
  g_autoptr(ScrimPixels) src_ga = pixels_from (4, 1, 2, ga);
  g_autoptr(ScrimPixels) src_rgba = pixels_from (3, 1, 4, rgba);
  g_autoptr(ScrimPixels) src_rgb = pixels_from (2, 1, 3, rgb);
  g_autoptr(ScrimPixels) flat_ga = scrim_pixels_flatten (src_ga);
  g_autoptr(ScrimPixels) flat_rgba = scrim_pixels_flatten (src_rgba);
  g_autoptr(ScrimPixels) flat_rgb = scrim_pixels_flatten (src_rgb);

  /* round ((c a + 128 (255 - a)) / 255) */
  g_assert_cmpuint (flat_ga->channels, ==, 1);
  g_assert_cmpmem (flat_ga->data, 4, ((guint8[]) { 200, 128, 64, 192 }), 4);

  /* last: (255*51 + 128*204) / 255 = 153.4, (0 + 26112) / 255 = 102.4,
   * (5100 + 26112) / 255 = 122.4 */
  g_assert_cmpuint (flat_rgba->channels, ==, 3);
  g_assert_cmpmem (flat_rgba->data, 9,
                   ((guint8[]) { 10, 20, 30,   128, 128, 128,   153, 102, 122 }), 9);

  g_assert_true (flat_rgb != src_rgb);
  g_assert_true (pixels_equal (flat_rgb, src_rgb));
}

static ScrimPixels *
decode_jpeg (GBytes *jpeg)
{
  ScrimDecodeResult result = { 0 };
  ScrimDecodeOptions options = { 0, 0 };
  gsize len;
  const guint8 *data = g_bytes_get_data (jpeg, &len);
  ScrimPixels *px;

  g_assert_cmpuint (scrim_image_sniff (data, len), ==, SCRIM_FILE_TYPE_JPEG);
  scrim_image_decode (data, len, &options, &result);
  g_assert_cmpint (result.status, ==, SCRIM_STATUS_OK);
  px = g_steal_pointer (&result.pixels);
  scrim_decode_result_clear (&result);
  return px;
}

static void
test_thumbnail_sizes (void)
{
  g_autoptr(ScrimPixels) photo = scrim_synth_draw (SCRIM_SYNTH_PHOTO, 11, 1000, 750, NULL);
  g_autoptr(GError) error = NULL;
  gint64 best = G_MAXINT64;

  for (gint64 o = 0; o <= 9; o++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(GBytes) jpeg = NULL;
      g_autoptr(ScrimPixels) back = NULL;
      gboolean swap = o >= 5 && o <= 8;
      guint w = 0, h = 0;

      jpeg = scrim_thumbnail_make (photo, o, SCRIM_THUMB_MAX_SIDE, &w, &h, &error);
      best = MIN (best, g_get_monotonic_time () - t0);
      g_assert_no_error (error);
      g_assert_cmpuint (w, ==, swap ? 192 : 256);
      g_assert_cmpuint (h, ==, swap ? 256 : 192);
      back = decode_jpeg (jpeg);
      g_assert_cmpuint (back->width, ==, w);
      g_assert_cmpuint (back->height, ==, h);
      g_assert_cmpuint (back->channels, ==, 3);
    }
  g_test_message ("thumbnail of a 1000x750 decode: %.2f ms (best of 10)", best / 1000.0);
}

/* The thumbnail of a flat colour decodes to that colour; alpha is
 * composited over grey; grey stays grey; max_side 0 means the default. */
static void
test_thumbnail_content (void)
{
  g_autoptr(ScrimPixels) rgba = scrim_pixels_new (600, 300, 4);
  g_autoptr(ScrimPixels) grey = scrim_pixels_new (40, 30, 1);
  g_autoptr(GBytes) jpeg_rgba = NULL;
  g_autoptr(GBytes) jpeg_grey = NULL;
  g_autoptr(ScrimPixels) back_rgba = NULL;
  g_autoptr(ScrimPixels) back_grey = NULL;
  g_autoptr(GError) error = NULL;
  guint w, h;

  /* Left half opaque orange, right half fully transparent black. */
  for (guint y = 0; y < rgba->height; y++)
    for (guint x = 0; x < rgba->width; x++)
      memcpy (rgba->data + y * rgba->stride + x * 4,
              x < 300 ? (guint8[]) { 250, 120, 20, 255 } : (guint8[]) { 0, 0, 0, 0 }, 4);
  memset (grey->data, 200, grey->stride * grey->height);

  jpeg_rgba = scrim_thumbnail_make (rgba, 1, 0, &w, &h, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (w, ==, SCRIM_THUMB_MAX_SIDE);
  g_assert_cmpuint (h, ==, SCRIM_THUMB_MAX_SIDE / 2);
  back_rgba = decode_jpeg (jpeg_rgba);
  g_assert_cmpint (ABS (pixel_at (back_rgba, 20, 64)[0] - 250), <=, 4);
  g_assert_cmpint (ABS (pixel_at (back_rgba, 20, 64)[1] - 120), <=, 4);
  g_assert_cmpint (ABS (pixel_at (back_rgba, 20, 64)[2] - 20), <=, 4);
  for (guint c = 0; c < 3; c++)
    g_assert_cmpint (ABS (pixel_at (back_rgba, 230, 64)[c] - 128), <=, 3);

  jpeg_grey = scrim_thumbnail_make (grey, 6, 256, &w, &h, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (w, ==, 30);
  g_assert_cmpuint (h, ==, 40);
  back_grey = decode_jpeg (jpeg_grey);
  g_assert_cmpuint (back_grey->channels, ==, 1);
  g_assert_cmpint (ABS (pixel_at (back_grey, 10, 10)[0] - 200), <=, 2);
}

static void
test_scale_speed (void)
{
  g_autoptr(ScrimPixels) photo = scrim_synth_draw (SCRIM_SYNTH_PHOTO, 5, 2000, 1500, NULL);
  gint64 best = G_MAXINT64;

  for (int i = 0; i < 5; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(ScrimPixels) small = scrim_pixels_scale_to_fit (photo, 256);

      best = MIN (best, g_get_monotonic_time () - t0);
      g_assert_cmpuint (small->width, ==, 256);
    }
  g_test_message ("scale 2000x1500 RGB to 256 px: %.2f ms (best of 5)", best / 1000.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/thumb/scale/exact", test_scale_exact);
  g_test_add_func ("/core/thumb/scale/aspect", test_scale_aspect);
  g_test_add_func ("/core/thumb/scale/copy", test_scale_copy);
  g_test_add_func ("/core/thumb/scale/channels", test_scale_channels);
  g_test_add_func ("/core/thumb/scale/stride", test_scale_stride);
  g_test_add_func ("/core/thumb/scale/speed", test_scale_speed);
  g_test_add_func ("/core/thumb/orient/all", test_orient_all);
  g_test_add_func ("/core/thumb/orient/literal", test_orient_literal);
  g_test_add_func ("/core/thumb/flatten", test_flatten);
  g_test_add_func ("/core/thumb/make/sizes", test_thumbnail_sizes);
  g_test_add_func ("/core/thumb/make/content", test_thumbnail_content);

  return g_test_run ();
}
