/* test-image.c: sniffing, probing, and the JPEG and PNG decoders and encoders
 *
 * Every fixture is generated here: synthetic patterns, encoded by Scrim's
 * own encoders or by libjpeg/libpng directly, then cut, patched or broken.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>

#include "scrim-error.h"
#include "scrim-image.h"

/* --- fixtures ----------------------------------------------------------- */

static guint8 *
pixel_at (const ScrimPixels *px,
          guint              x,
          guint              y)
{
  return px->data + y * px->stride + x * px->channels;
}

/* Smooth ramps, which JPEG keeps close. */
static ScrimPixels *
make_smooth (guint width,
             guint height,
             guint channels)
{
  ScrimPixels *px = scrim_pixels_new (width, height, channels);

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        guint8 *p = pixel_at (px, x, y);
        guint v[4] = {
          x * 255 / MAX (width - 1, 1),
          y * 255 / MAX (height - 1, 1),
          (x + y) * 255 / MAX (width + height - 2, 1),
          255 - (x * 255 / MAX (width - 1, 1)),
        };

        for (guint c = 0; c < channels; c++)
          p[c] = (guint8) v[c];
      }
  return px;
}

/* Busy, deterministic samples: every value occurs, neighbours differ. */
static ScrimPixels *
make_busy (guint width,
           guint height,
           guint channels)
{
  ScrimPixels *px = scrim_pixels_new (width, height, channels);

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      for (guint c = 0; c < channels; c++)
        pixel_at (px, x, y)[c] = (guint8) (x * 37 + y * 101 + c * 71 + (x * y) % 13);
  return px;
}

/* Samples limited to the levels a bit depth can hold. */
static ScrimPixels *
make_levels (guint width,
             guint height,
             guint channels,
             guint depth)
{
  ScrimPixels *px = scrim_pixels_new (width, height, channels);
  guint max = (1u << depth) - 1;

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      for (guint c = 0; c < channels; c++)
        pixel_at (px, x, y)[c] = (guint8) (((x + 2 * y + c) % (max + 1)) * 255 / max);
  return px;
}

/* n distinct colours (n <= 256) in the given channel count, alpha varying
 * when there is one. */
static ScrimPixels *
make_palette_image (guint width,
                    guint height,
                    guint channels,
                    guint n)
{
  ScrimPixels *px = scrim_pixels_new (width, height, channels);

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        guint i = (x * 3 + y * 5) % n;
        guint8 *p = pixel_at (px, x, y);
        guint8 v[4] = { (guint8) (i * 255 / MAX (n - 1, 1)), (guint8) (i * 7),
                        (guint8) (255 - i), (guint8) (i % 2 ? 255 : i) };

        if (channels == 1)
          p[0] = v[0];
        else if (channels == 2)
          {
            p[0] = v[0];
            p[1] = v[3];
          }
        else
          memcpy (p, v, channels);
      }
  return px;
}

static void
decode_png (GBytes            *bytes,
            guint              min_side,
            ScrimDecodeResult *result)
{
  ScrimDecodeOptions options = { .min_side = min_side };

  scrim_image_decode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                      &options, result);
}

static guint32
crc32_of (const guint8 *data,
          gsize         len)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
    }
  return crc ^ 0xffffffff;
}

static void
put_be32 (guint8  *p,
          guint32  v)
{
  p[0] = v >> 24;
  p[1] = v >> 16;
  p[2] = v >> 8;
  p[3] = v;
}

/* Appends a PNG chunk; crc_delta != 0 breaks its CRC. */
static void
append_chunk (GByteArray   *out,
              const char   *type,
              const guint8 *data,
              guint32       len,
              guint32       crc_delta)
{
  guint8 header[8], crc[4];
  g_autofree guint8 *typed = g_malloc (len + 4);

  put_be32 (header, len);
  memcpy (header + 4, type, 4);
  memcpy (typed, type, 4);
  if (len > 0)
    memcpy (typed + 4, data, len);
  put_be32 (crc, crc32_of (typed, len + 4) + crc_delta);
  g_byte_array_append (out, header, 8);
  if (len > 0)
    g_byte_array_append (out, data, len);
  g_byte_array_append (out, crc, 4);
}

/* --- strings, sniffing, probing, scale -------------------------------- */

static void
test_strings (void)
{
  static const char * const types[] = {
    "other", "jpeg", "png", "gif", "bmp", "webp", "heic", "tiff",
  };
  static const char * const statuses[] = {
    "ok", "not-image", "unsupported", "corrupt", "too-large", "read-error", "symlink", "special",
  };
  ScrimFileType type;
  ScrimStatus status;

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_assert_cmpstr (scrim_file_type_to_string ((ScrimFileType) i), ==, types[i]);
      g_assert_true (scrim_file_type_from_string (types[i], &type));
      g_assert_cmpint (type, ==, i);
    }
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_assert_cmpstr (scrim_status_to_string ((ScrimStatus) i), ==, statuses[i]);
      g_assert_true (scrim_status_from_string (statuses[i], &status));
      g_assert_cmpint (status, ==, i);
    }
  g_assert_false (scrim_file_type_from_string ("JPEG", &type));
  g_assert_false (scrim_file_type_from_string (NULL, &type));
  g_assert_false (scrim_status_from_string ("fine", &status));
}

static ScrimFileType
sniff (const void *data,
       gsize       len)
{
  return scrim_image_sniff (data, len);
}

static void
test_sniff (void)
{
  static const guint8 bmp[] = { 'B', 'M', 0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0,
                                40, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 1, 0, 24, 0 };
  static const guint8 heic[] = { 0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0,
                                 'm', 'i', 'f', '1', 'h', 'e', 'i', 'c' };
  static const guint8 mif1[] = { 0, 0, 0, 20, 'f', 't', 'y', 'p', 'm', 'i', 'f', '1', 0, 0, 0, 0,
                                 'h', 'e', 'v', 'c' };
  static const guint8 avif[] = { 0, 0, 0, 24, 'f', 't', 'y', 'p', 'a', 'v', 'i', 'f', 0, 0, 0, 0,
                                 'm', 'i', 'f', '1', 'm', 'i', 'a', 'f' };
  static const guint8 mp4[] = { 0, 0, 0, 20, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0,
                                'm', 'p', '4', '1' };
  guint8 odd_bmp[sizeof bmp];

  g_assert_cmpint (sniff ("\xff\xd8\xff\xe0", 4), ==, SCRIM_FILE_TYPE_JPEG);
  g_assert_cmpint (sniff ("\xff\xd8\xff", 3), ==, SCRIM_FILE_TYPE_JPEG);
  g_assert_cmpint (sniff ("\xff\xd8", 2), ==, SCRIM_FILE_TYPE_OTHER);
  g_assert_cmpint (sniff ("\x89PNG\r\n\x1a\n", 8), ==, SCRIM_FILE_TYPE_PNG);
  g_assert_cmpint (sniff ("\x89PNG\r\n\x1a", 7), ==, SCRIM_FILE_TYPE_OTHER);
  g_assert_cmpint (sniff ("\x89PNG\n\r\x1a\n", 8), ==, SCRIM_FILE_TYPE_OTHER);
  g_assert_cmpint (sniff ("GIF87a\1\0\1\0", 10), ==, SCRIM_FILE_TYPE_GIF);
  g_assert_cmpint (sniff ("GIF89a", 6), ==, SCRIM_FILE_TYPE_GIF);
  g_assert_cmpint (sniff ("GIF88a", 6), ==, SCRIM_FILE_TYPE_OTHER);
  g_assert_cmpint (sniff (bmp, sizeof bmp), ==, SCRIM_FILE_TYPE_BMP);
  memcpy (odd_bmp, bmp, sizeof bmp);
  odd_bmp[14] = 41;             /* no such DIB header */
  g_assert_cmpint (sniff (odd_bmp, sizeof bmp), ==, SCRIM_FILE_TYPE_OTHER);
  g_assert_cmpint (sniff ("BM", 2), ==, SCRIM_FILE_TYPE_OTHER);
  g_assert_cmpint (sniff ("RIFF\0\0\0\0WEBPVP8 ", 16), ==, SCRIM_FILE_TYPE_WEBP);
  g_assert_cmpint (sniff ("RIFF\0\0\0\0WAVEfmt ", 16), ==, SCRIM_FILE_TYPE_OTHER);
  g_assert_cmpint (sniff (heic, sizeof heic), ==, SCRIM_FILE_TYPE_HEIC);
  g_assert_cmpint (sniff (mif1, sizeof mif1), ==, SCRIM_FILE_TYPE_HEIC);
  g_assert_cmpint (sniff (avif, sizeof avif), ==, SCRIM_FILE_TYPE_OTHER);
  g_assert_cmpint (sniff (mp4, sizeof mp4), ==, SCRIM_FILE_TYPE_OTHER);
  g_assert_cmpint (sniff ("II*\0\x08\0\0\0", 8), ==, SCRIM_FILE_TYPE_TIFF);
  g_assert_cmpint (sniff ("MM\0*\0\0\0\x08", 8), ==, SCRIM_FILE_TYPE_TIFF);
  g_assert_cmpint (sniff ("II+\0\x08\0\0\0", 8), ==, SCRIM_FILE_TYPE_TIFF);
  g_assert_cmpint (sniff ("II*\0", 4), ==, SCRIM_FILE_TYPE_OTHER);
  g_assert_cmpint (sniff ("%PDF-1.7\n", 9), ==, SCRIM_FILE_TYPE_OTHER);
  g_assert_cmpint (sniff ("", 0), ==, SCRIM_FILE_TYPE_OTHER);
  g_assert_cmpint (sniff (NULL, 0), ==, SCRIM_FILE_TYPE_OTHER);
  g_assert_cmpint (sniff ("\xff", 1), ==, SCRIM_FILE_TYPE_OTHER);
}

static void
check_probe (ScrimFileType  type,
             const guint8  *data,
             gsize          len,
             guint          want_width,
             guint          want_height)
{
  guint width = 0, height = 0;

  g_assert_true (scrim_image_probe_size (type, data, len, &width, &height));
  g_assert_cmpuint (width, ==, want_width);
  g_assert_cmpuint (height, ==, want_height);

  /* No prefix may read past its end (ASan checks) or invent a size larger
   * than the real one's fields allow. */
  for (gsize cut = 0; cut < len; cut++)
    {
      g_autofree guint8 *prefix = g_memdup2 (data, cut);

      width = height = 0;
      if (scrim_image_probe_size (type, prefix, cut, &width, &height))
        g_assert_true (width > 0 && height > 0);
    }
}

static GBytes *
make_heic_header (void)
{
  /* ftyp, then meta { hdlr-less: pitm(item 1), iprp { ipco { ispe 64x64
   * (a tile), ispe 4032x3024 }, ipma (item 2 -> 1, item 1 -> 2) } }. */
  static const guint8 ftyp[] = { 0, 0, 0, 16, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0 };
  static const guint8 pitm[] = { 0, 0, 0, 14, 'p', 'i', 't', 'm', 0, 0, 0, 0, 0, 1 };
  static const guint8 ipco[] = {
    0, 0, 0, 48, 'i', 'p', 'c', 'o',
    0, 0, 0, 20, 'i', 's', 'p', 'e', 0, 0, 0, 0, 0, 0, 0, 64, 0, 0, 0, 64,
    0, 0, 0, 20, 'i', 's', 'p', 'e', 0, 0, 0, 0, 0, 0, 0x0f, 0xc0, 0, 0, 0x0b, 0xd0,
  };
  static const guint8 ipma[] = {
    0, 0, 0, 24, 'i', 'p', 'm', 'a', 0, 0, 0, 0, 0, 0, 0, 2,
    0, 2, 1, 0x81,
    0, 1, 1, 0x82,
  };
  GByteArray *out = g_byte_array_new ();
  guint8 header[8];

  g_byte_array_append (out, ftyp, sizeof ftyp);
  put_be32 (header, 8 + 4 + sizeof pitm + 8 + sizeof ipco + sizeof ipma);
  memcpy (header + 4, "meta", 4);
  g_byte_array_append (out, header, 8);
  g_byte_array_append (out, (const guint8 *) "\0\0\0\0", 4);
  g_byte_array_append (out, pitm, sizeof pitm);
  put_be32 (header, 8 + sizeof ipco + sizeof ipma);
  memcpy (header + 4, "iprp", 4);
  g_byte_array_append (out, header, 8);
  g_byte_array_append (out, ipco, sizeof ipco);
  g_byte_array_append (out, ipma, sizeof ipma);
  return g_byte_array_free_to_bytes (out);
}

static void
test_probe (void)
{
  static const guint8 gif[] = { 'G', 'I', 'F', '8', '9', 'a', 0x40, 0x01, 0xf0, 0x00, 0, 0, 0 };
  static const guint8 bmp[] = { 'B', 'M', 0, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0,
                                40, 0, 0, 0, 0x20, 0x03, 0, 0, 0x38, 0xff, 0xff, 0xff, 1, 0 };
  static const guint8 os2[] = { 'B', 'M', 0, 0, 0, 0, 0, 0, 0, 0, 0x1a, 0, 0, 0,
                                12, 0, 0, 0, 0x10, 0, 0x20, 0, 1, 0, 24, 0 };
  static const guint8 vp8[] = {
    'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' ',
    0, 0, 0, 0, 0, 0, 0, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01,
  };
  static const guint8 vp8l[] = {
    'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'L',
    0, 0, 0, 0, 0x2f, 0x7f, 0xc0, 0x77, 0x00,
  };
  static const guint8 vp8x[] = {
    'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'X',
    10, 0, 0, 0, 0, 0, 0, 0, 0x9f, 0x0f, 0x00, 0xbb, 0x0b, 0x00,
  };
  /* IFD0 with ImageWidth (SHORT) and ImageLength (LONG). */
  static const guint8 tiff_ii[] = { 'I', 'I', 42, 0, 8, 0, 0, 0, 2, 0,
                                    0x00, 0x01, 3, 0, 1, 0, 0, 0, 0x40, 0x06, 0, 0,
                                    0x01, 0x01, 4, 0, 1, 0, 0, 0, 0xb0, 0x04, 0, 0 };
  static const guint8 tiff_mm[] = { 'M', 'M', 0, 42, 0, 0, 0, 8, 0, 2,
                                    0x01, 0x00, 0, 4, 0, 0, 0, 1, 0, 0, 0x10, 0x00,
                                    0x01, 0x01, 0, 3, 0, 0, 0, 1, 0x0c, 0x00, 0, 0 };
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
                                'I', 'H', 'D', 'R', 0, 0, 0x01, 0x2c, 0, 0, 0, 0xc8 };
  static const guint8 jpeg[] = { 0xff, 0xd8, 0xff, 0xe0, 0, 4, 'J', 'F', 0xff, 0xff,
                                 0xff, 0xc2, 0, 11, 8, 0x01, 0xe0, 0x02, 0x80, 1, 1, 0x11, 0 };
  g_autoptr(GBytes) heic = make_heic_header ();
  guint width = 7, height = 7;

  check_probe (SCRIM_FILE_TYPE_GIF, gif, sizeof gif, 320, 240);
  check_probe (SCRIM_FILE_TYPE_BMP, bmp, sizeof bmp, 800, 200);  /* top-down */
  check_probe (SCRIM_FILE_TYPE_BMP, os2, sizeof os2, 16, 32);
  check_probe (SCRIM_FILE_TYPE_WEBP, vp8, sizeof vp8, 640, 480);
  check_probe (SCRIM_FILE_TYPE_WEBP, vp8l, sizeof vp8l, 128, 480);
  check_probe (SCRIM_FILE_TYPE_WEBP, vp8x, sizeof vp8x, 4000, 3004);
  check_probe (SCRIM_FILE_TYPE_TIFF, tiff_ii, sizeof tiff_ii, 1600, 1200);
  check_probe (SCRIM_FILE_TYPE_TIFF, tiff_mm, sizeof tiff_mm, 4096, 3072);
  check_probe (SCRIM_FILE_TYPE_PNG, png, sizeof png, 300, 200);
  check_probe (SCRIM_FILE_TYPE_JPEG, jpeg, sizeof jpeg, 640, 480);
  check_probe (SCRIM_FILE_TYPE_HEIC, g_bytes_get_data (heic, NULL), g_bytes_get_size (heic),
               4032, 3024);

  /* Nothing to find: FALSE, outputs untouched. */
  g_assert_false (scrim_image_probe_size (SCRIM_FILE_TYPE_OTHER, png, sizeof png, &width, &height));
  g_assert_false (scrim_image_probe_size (SCRIM_FILE_TYPE_TIFF,
                                          (const guint8 *) "II*\0\xff\xff\xff\x7f", 8,
                                          &width, &height));
  g_assert_cmpuint (width, ==, 7);
  g_assert_cmpuint (height, ==, 7);
}

static void
test_pick_scale (void)
{
  static const struct { guint w, h, min_side, d; } table[] = {
    { 4000, 3000, 512, 4 },
    { 3000, 4000, 512, 4 },
    { 1600, 1200, 512, 2 },
    { 1000, 750, 512, 1 },
    { 1200, 5000, 512, 2 },
    { 8000, 6000, 512, 8 },
    { 4096, 4096, 512, 8 },
    { 4095, 4095, 512, 8 },    /* ceil (4095 / 8) = 512 */
    { 4088, 4088, 512, 4 },    /* 511 at 1/8 */
    { 1023, 1023, 512, 2 },    /* ceil (1023 / 2) = 512 */
    { 1022, 1022, 512, 1 },
    { 100, 100, 512, 1 },
    { 4000, 3000, 0, 1 },
    { 4000, 3000, 1, 8 },
    { 0, 0, 512, 1 },
    { G_MAXUINT, G_MAXUINT, 512, 8 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    g_assert_cmpuint (scrim_image_pick_scale (table[i].w, table[i].h, table[i].min_side),
                      ==, table[i].d);
}

static void
test_pixels_new (void)
{
  g_autoptr(ScrimPixels) px = scrim_pixels_new (3, 2, 4);

  g_assert_nonnull (px);
  g_assert_cmpuint (px->stride, ==, 12);
  g_assert_null (scrim_pixels_new (G_MAXUINT, G_MAXUINT, 4));
  scrim_pixels_free (NULL);
}

static void
test_decode_dispatch (void)
{
  static const guint8 gif[] = { 'G', 'I', 'F', '8', '9', 'a', 0x40, 0x01, 0xf0, 0x00, 0, 0, 0 };
  static const char *const others[] = { "", "x", "\xff", "\x89", "hello, world\n" };
  ScrimDecodeResult result = { 0 };

  scrim_image_decode (gif, sizeof gif, NULL, &result);
  g_assert_cmpint (result.status, ==, SCRIM_STATUS_UNSUPPORTED);
  g_assert_cmpint (result.type, ==, SCRIM_FILE_TYPE_GIF);
  g_assert_cmpuint (result.width, ==, 320);
  g_assert_cmpuint (result.height, ==, 240);
  g_assert_null (result.pixels);
  g_assert_nonnull (result.message);
  scrim_decode_result_clear (&result);

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      scrim_image_decode ((const guint8 *) others[i], strlen (others[i]), NULL, &result);
      g_assert_cmpint (result.status, ==, SCRIM_STATUS_NOT_IMAGE);
      g_assert_cmpint (result.type, ==, SCRIM_FILE_TYPE_OTHER);
      g_assert_null (result.pixels);
      scrim_decode_result_clear (&result);
    }
  scrim_image_decode (NULL, 0, NULL, &result);
  g_assert_cmpint (result.status, ==, SCRIM_STATUS_NOT_IMAGE);
  scrim_decode_result_clear (&result);
  scrim_decode_result_clear (&result);
}

/* Empty and one-byte input straight into each decoder. */
static void
test_decode_tiny (void)
{
  static const guint8 bytes[] = { 0xff, 0x89, 0x00 };

  for (gsize len = 0; len <= 1; len++)
    for (guint b = 0; b < G_N_ELEMENTS (bytes); b++)
      {
        ScrimDecodeResult result = { 0 };
        const guint8 *data = len ? bytes + b : NULL;

        scrim_jpeg_decode (data, len, NULL, &result);
        g_assert_cmpint (result.status, ==, SCRIM_STATUS_CORRUPT);
        g_assert_cmpstr (result.message, !=, "");
        g_assert_null (result.pixels);
        scrim_decode_result_clear (&result);

        scrim_png_decode (data, len, NULL, &result);
        g_assert_cmpint (result.status, ==, SCRIM_STATUS_CORRUPT);
        g_assert_cmpstr (result.message, !=, "");
        g_assert_null (result.pixels);
        scrim_decode_result_clear (&result);
      }
}

/* --- PNG ------------------------------------------------------------------ */

/* What the decoder should give for an encoded image: the same samples, or,
 * for a palette, the colours expanded to RGB, with alpha when any colour is
 * not opaque. */
static ScrimPixels *
expected_png (const ScrimPixels *src,
              gboolean           palette)
{
  ScrimPixels *want;
  gboolean alpha = FALSE;

  if (!palette)
    {
      want = scrim_pixels_new (src->width, src->height, src->channels);
      memcpy (want->data, src->data, src->stride * src->height);
      return want;
    }
  for (guint y = 0; y < src->height && src->channels % 2 == 0; y++)
    for (guint x = 0; x < src->width; x++)
      alpha |= pixel_at (src, x, y)[src->channels - 1] != 255;

  want = scrim_pixels_new (src->width, src->height, alpha ? 4 : 3);
  for (guint y = 0; y < src->height; y++)
    for (guint x = 0; x < src->width; x++)
      {
        const guint8 *s = pixel_at (src, x, y);
        guint8 *d = pixel_at (want, x, y);
        gboolean grey = src->channels <= 2;

        d[0] = s[0];
        d[1] = grey ? s[0] : s[1];
        d[2] = grey ? s[0] : s[2];
        if (alpha)
          d[3] = s[src->channels - 1];
      }
  return want;
}

static void
assert_pixels_equal (const ScrimPixels *got,
                     const ScrimPixels *want)
{
  g_assert_cmpuint (got->width, ==, want->width);
  g_assert_cmpuint (got->height, ==, want->height);
  g_assert_cmpuint (got->channels, ==, want->channels);
  for (guint y = 0; y < want->height; y++)
    g_assert_cmpmem (pixel_at (got, 0, y), want->width * want->channels,
                     pixel_at (want, 0, y), want->width * want->channels);
}

static void
check_png_round_trip (const ScrimPixels *src,
                      guint              depth,
                      gboolean           palette,
                      gboolean           interlace)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = scrim_png_encode (src, depth, palette, interlace, &error);
  g_autoptr(ScrimPixels) want = expected_png (src, palette);
  ScrimDecodeResult result = { 0 };

  g_test_message ("PNG %ux%u, %u channels, depth %u%s%s", src->width, src->height,
                  src->channels, depth, palette ? ", palette" : "", interlace ? ", Adam7" : "");
  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  decode_png (bytes, 0, &result);
  g_assert_cmpint (result.status, ==, SCRIM_STATUS_OK);
  g_assert_cmpint (result.type, ==, SCRIM_FILE_TYPE_PNG);
  g_assert_null (result.message);
  g_assert_null (result.warning);
  g_assert_cmpuint (result.width, ==, src->width);
  g_assert_cmpuint (result.height, ==, src->height);
  g_assert_cmpuint (result.scale_denom, ==, 1);
  assert_pixels_equal (result.pixels, want);
  scrim_decode_result_clear (&result);
}

static void
test_png_round_trip (void)
{
  /* Odd sizes, so Adam7's passes and partial bytes are all exercised. */
  static const guint sizes[][2] = { { 1, 1 }, { 3, 5 }, { 17, 9 }, { 33, 31 } };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (gboolean interlace = FALSE; interlace <= TRUE; interlace++)
      {
        guint w = sizes[s][0], h = sizes[s][1];

        for (guint channels = 1; channels <= 4; channels++)
          for (guint depth = 8; depth <= 16; depth += 8)
            {
              g_autoptr(ScrimPixels) src = make_busy (w, h, channels);

              check_png_round_trip (src, depth, FALSE, interlace);
            }
        for (guint depth = 1; depth <= 4; depth *= 2)
          {
            g_autoptr(ScrimPixels) src = make_levels (w, h, 1, depth);

            check_png_round_trip (src, depth, FALSE, interlace);
          }
        for (guint channels = 1; channels <= 4; channels++)
          for (guint depth = 1; depth <= 8; depth *= 2)
            {
              g_autoptr(ScrimPixels) src = make_palette_image (w, h, channels,
                                                               MIN (1u << depth, 200u));

              check_png_round_trip (src, depth, TRUE, interlace);
            }
      }
}

static void
append_to_array (png_structp png,
                 png_bytep   data,
                 size_t      len)
{
  g_byte_array_append (png_get_io_ptr (png), data, len);
}

/* Grey and RGB with a tRNS colour key, written with libpng directly (the
 * encoder has no use for them): the key becomes alpha 0, the rest 255. */
static GBytes *
encode_png_with_key (guint color_type,
                     guint depth)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct (png);
  png_color_16 key = { 0 };
  guint channels = color_type == PNG_COLOR_TYPE_GRAY ? 1 : 3;
  guint bytes = depth / 8;
  guint8 row[4 * 3 * 2];

  /* No error handler: libpng aborts the test if writing fails. */
  png_set_write_fn (png, out, append_to_array, NULL);
  png_set_IHDR (png, info, 4, 2, depth, color_type, PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  /* The key is sample value 2 (scaled to the depth) in every channel. */
  key.gray = key.red = key.green = key.blue = depth == 16 ? 2 * 257 : 2;
  png_set_tRNS (png, info, NULL, 0, &key);
  png_write_info (png, info);
  for (guint y = 0; y < 2; y++)
    {
      for (guint x = 0; x < 4; x++)
        for (guint c = 0; c < channels; c++)
          for (guint b = 0; b < bytes; b++)
            row[(x * channels + c) * bytes + b] = (guint8) ((x + y) % 2 ? 2 : 100 + x);
      png_write_row (png, row);
    }
  png_write_end (png, NULL);
  png_destroy_write_struct (&png, &info);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static void
test_png_trns_key (void)
{
  for (guint i = 0; i < 4; i++)
    {
      guint color_type = i < 2 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB;
      guint depth = i % 2 ? 16 : 8;
      g_autoptr(GBytes) bytes = encode_png_with_key (color_type, depth);
      guint channels = color_type == PNG_COLOR_TYPE_GRAY ? 2 : 4;
      ScrimDecodeResult result = { 0 };

      decode_png (bytes, 0, &result);
      g_assert_cmpint (result.status, ==, SCRIM_STATUS_OK);
      g_assert_cmpuint (result.pixels->channels, ==, channels);
      for (guint y = 0; y < 2; y++)
        for (guint x = 0; x < 4; x++)
          {
            const guint8 *p = pixel_at (result.pixels, x, y);
            gboolean keyed = (x + y) % 2;

            g_assert_cmpuint (p[0], ==, keyed ? 2 : 100 + x);
            g_assert_cmpuint (p[channels - 1], ==, keyed ? 0 : 255);
          }
      scrim_decode_result_clear (&result);
    }
}

/* The d x d box average, written plainly. */
static ScrimPixels *
reduce_plain (const ScrimPixels *src,
              guint              d)
{
  ScrimPixels *out = scrim_pixels_new ((src->width + d - 1) / d, (src->height + d - 1) / d,
                                       src->channels);

  for (guint oy = 0; oy < out->height; oy++)
    for (guint ox = 0; ox < out->width; ox++)
      for (guint c = 0; c < src->channels; c++)
        {
          guint sum = 0, n = 0;

          for (guint y = oy * d; y < MIN (oy * d + d, src->height); y++)
            for (guint x = ox * d; x < MIN (ox * d + d, src->width); x++, n++)
              sum += pixel_at (src, x, y)[c];
          pixel_at (out, ox, oy)[c] = (guint8) ((sum + n / 2) / n);
        }
  return out;
}

static void
test_png_reduced (void)
{
  /* min_side picks d: for 70x51, 26 -> 2, 13 -> 4, 7 -> 8. */
  static const guint cases[][2] = { { 26, 2 }, { 13, 4 }, { 7, 8 }, { 52, 1 } };

  for (guint channels = 1; channels <= 4; channels++)
    for (gboolean interlace = FALSE; interlace <= TRUE; interlace++)
      for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        {
          g_autoptr(ScrimPixels) src = make_busy (70, 51, channels);
          g_autoptr(GBytes) bytes = scrim_png_encode (src, 16, FALSE, interlace, NULL);
          g_autoptr(ScrimPixels) want = reduce_plain (src, cases[i][1]);
          ScrimDecodeResult result = { 0 };

          decode_png (bytes, cases[i][0], &result);
          g_assert_cmpint (result.status, ==, SCRIM_STATUS_OK);
          g_assert_cmpuint (result.scale_denom, ==, cases[i][1]);
          g_assert_cmpuint (result.width, ==, 70);
          g_assert_cmpuint (result.height, ==, 51);
          assert_pixels_equal (result.pixels, want);
          scrim_decode_result_clear (&result);
        }
}

static void
test_png_truncated (void)
{
  g_autoptr(ScrimPixels) src = make_busy (20, 12, 3);
  g_autoptr(GBytes) bytes = scrim_png_encode (src, 8, FALSE, FALSE, NULL);
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  /* Every prefix, even the one lacking only the end of IEND. */
  for (gsize cut = 0; cut < len; cut++)
    {
      ScrimDecodeResult result = { 0 };

      scrim_png_decode (data, cut, NULL, &result);
      g_assert_cmpint (result.status, ==, SCRIM_STATUS_CORRUPT);
      g_assert_nonnull (result.message);
      g_assert_cmpstr (result.message, !=, "");
      g_assert_null (result.pixels);
      if (cut >= 24)
        g_assert_cmpuint (result.width, ==, 20);
      scrim_decode_result_clear (&result);
    }
}

/* Builds signature + IHDR + (extra chunk) + the rest of an encoded PNG. */
static GBytes *
png_with_chunk_after_ihdr (GBytes       *png,
                           const char   *type,
                           const guint8 *data,
                           guint32       len,
                           guint32       crc_delta)
{
  gsize size;
  const guint8 *bytes = g_bytes_get_data (png, &size);
  GByteArray *out = g_byte_array_new ();

  g_byte_array_append (out, bytes, 33);
  append_chunk (out, type, data, len, crc_delta);
  g_byte_array_append (out, bytes + 33, size - 33);
  return g_byte_array_free_to_bytes (out);
}

static void
test_png_crc (void)
{
  g_autoptr(ScrimPixels) src = make_busy (20, 12, 3);
  g_autoptr(GBytes) good = scrim_png_encode (src, 8, FALSE, FALSE, NULL);
  g_autoptr(GBytes) text = png_with_chunk_after_ihdr (good, "tEXt",
                                                      (const guint8 *) "Title\0x", 7, 1);
  g_autoptr(GBytes) unknown = png_with_chunk_after_ihdr (good, "CRIT", (const guint8 *) "x", 1, 0);
  g_autoptr(GByteArray) broken = g_byte_array_new ();
  ScrimDecodeResult result = { 0 };
  gsize len;
  const guint8 *data = g_bytes_get_data (good, &len);
  guint32 idat_len;

  /* A broken ancillary chunk: the image is whole, with a warning. */
  decode_png (text, 0, &result);
  g_assert_cmpint (result.status, ==, SCRIM_STATUS_OK);
  g_assert_nonnull (strstr (result.warning, "CRC"));
  scrim_decode_result_clear (&result);

  /* An unknown critical chunk cannot be skipped. */
  decode_png (unknown, 0, &result);
  g_assert_cmpint (result.status, ==, SCRIM_STATUS_CORRUPT);
  g_assert_nonnull (result.message);
  scrim_decode_result_clear (&result);

  /* IDAT's CRC broken: corrupt. */
  g_byte_array_append (broken, data, len);
  idat_len = (guint32) broken->data[33] << 24 | broken->data[34] << 16
             | broken->data[35] << 8 | broken->data[36];
  broken->data[33 + 8 + idat_len] ^= 0x10;
  scrim_image_decode (broken->data, broken->len, NULL, &result);
  g_assert_cmpint (result.status, ==, SCRIM_STATUS_CORRUPT);
  g_assert_nonnull (strstr (result.message, "CRC"));
  g_assert_null (result.pixels);
  scrim_decode_result_clear (&result);

  /* A flipped bit in the compressed data: zlib notices first. */
  broken->data[33 + 8 + idat_len] ^= 0x10;
  broken->data[33 + 8 + 5] ^= 0x10;
  scrim_image_decode (broken->data, broken->len, NULL, &result);
  g_assert_cmpint (result.status, ==, SCRIM_STATUS_CORRUPT);
  g_assert_cmpstr (result.message, !=, "");
  scrim_decode_result_clear (&result);
  broken->data[33 + 8 + 5] ^= 0x10;

  /* A broken IHDR CRC. */
  broken->data[29] ^= 0xff;
  scrim_image_decode (broken->data, broken->len, NULL, &result);
  g_assert_cmpint (result.status, ==, SCRIM_STATUS_CORRUPT);
  scrim_decode_result_clear (&result);
}

static GBytes *
png_header_only (guint32 width,
                 guint32 height)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint8 ihdr[13] = { 0, 0, 0, 0, 0, 0, 0, 0, 8, 2, 0, 0, 0 };
  GByteArray *out = g_byte_array_new ();

  put_be32 (ihdr, width);
  put_be32 (ihdr + 4, height);
  g_byte_array_append (out, signature, 8);
  append_chunk (out, "IHDR", ihdr, 13, 0);
  append_chunk (out, "IDAT", (const guint8 *) "\x78\x9c\x03\0\0\0\0\1", 8, 0);
  append_chunk (out, "IEND", NULL, 0, 0);
  return g_byte_array_free_to_bytes (out);
}

static void
test_png_too_large (void)
{
  g_autoptr(GBytes) huge = png_header_only (60000, 60000);
  g_autoptr(GBytes) small = png_header_only (300, 200);
  ScrimDecodeOptions budget = { .max_pixels = 300 * 200 - 1 };
  ScrimDecodeResult result = { 0 };

  decode_png (huge, 512, &result);
  g_assert_cmpint (result.status, ==, SCRIM_STATUS_TOO_LARGE);
  g_assert_cmpuint (result.width, ==, 60000);
  g_assert_cmpuint (result.height, ==, 60000);
  g_assert_null (result.pixels);
  g_assert_nonnull (result.message);
  scrim_decode_result_clear (&result);

  scrim_png_decode (g_bytes_get_data (small, NULL), g_bytes_get_size (small), &budget, &result);
  g_assert_cmpint (result.status, ==, SCRIM_STATUS_TOO_LARGE);
  g_assert_cmpuint (result.width, ==, 300);
  scrim_decode_result_clear (&result);

  /* Within budget, but the IDAT holds no rows at all. */
  decode_png (small, 0, &result);
  g_assert_cmpint (result.status, ==, SCRIM_STATUS_CORRUPT);
  scrim_decode_result_clear (&result);
}

static void
test_png_cgbi (void)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guint8 ihdr[13] = { 0, 0, 0, 57, 0, 0, 0, 60, 8, 6, 0, 0, 0 };
  g_autoptr(GByteArray) out = g_byte_array_new ();
  ScrimDecodeResult result = { 0 };

  g_byte_array_append (out, signature, 8);
  append_chunk (out, "CgBI", (const guint8 *) "\x50\0\x20\x02", 4, 0);
  append_chunk (out, "IHDR", ihdr, 13, 0);
  append_chunk (out, "IEND", NULL, 0, 0);
  scrim_image_decode (out->data, out->len, NULL, &result);
  g_assert_cmpint (result.status, ==, SCRIM_STATUS_UNSUPPORTED);
  g_assert_cmpint (result.type, ==, SCRIM_FILE_TYPE_PNG);
  g_assert_cmpuint (result.width, ==, 57);
  g_assert_cmpuint (result.height, ==, 60);
  g_assert_nonnull (result.message);
  scrim_decode_result_clear (&result);
}

static void
test_png_encode_errors (void)
{
  g_autoptr(ScrimPixels) many = make_smooth (32, 32, 3);   /* 1024 colours */
  g_autoptr(ScrimPixels) four = make_palette_image (8, 8, 3, 4);
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  bytes = scrim_png_encode (many, 8, TRUE, FALSE, &error);
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_assert_null (bytes);
  g_clear_error (&error);

  bytes = scrim_png_encode (four, 1, TRUE, FALSE, &error);
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_clear_error (&error);

  bytes = scrim_png_encode (four, 4, FALSE, FALSE, &error);
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_clear_error (&error);

  bytes = scrim_png_encode (four, 3, FALSE, FALSE, &error);
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_clear_error (&error);

  bytes = scrim_png_encode (four, 16, TRUE, FALSE, &error);
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_clear_error (&error);

  bytes = scrim_png_encode (four, 2, TRUE, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  g_bytes_unref (bytes);
}

/* --- JPEG ----------------------------------------------------------------- */

static GBytes *
encode_jpeg (const ScrimPixels *px,
             int                quality)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = scrim_jpeg_encode (px, quality, NULL, &error);

  g_assert_no_error (error);
  return bytes;
}

static void
decode_jpeg (GBytes            *bytes,
             guint              min_side,
             ScrimDecodeResult *result)
{
  ScrimDecodeOptions options = { .min_side = min_side };

  scrim_jpeg_decode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &options, result);
}

static double
mean_abs_diff (const ScrimPixels *a,
               const ScrimPixels *b)
{
  guint64 sum = 0;

  g_assert_cmpuint (a->width, ==, b->width);
  g_assert_cmpuint (a->height, ==, b->height);
  g_assert_cmpuint (a->channels, ==, b->channels);
  for (guint y = 0; y < a->height; y++)
    for (guint i = 0; i < a->width * a->channels; i++)
      sum += ABS ((int) pixel_at (a, 0, y)[i] - (int) pixel_at (b, 0, y)[i]);
  return (double) sum / ((double) a->width * a->height * a->channels);
}

static void
test_jpeg_round_trip (void)
{
  for (guint channels = 1; channels <= 3; channels += 2)
    {
      g_autoptr(ScrimPixels) src = make_smooth (123, 77, channels);
      g_autoptr(GBytes) bytes = encode_jpeg (src, 95);
      ScrimDecodeResult result = { 0 };

      g_assert_cmpint (scrim_image_sniff (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)),
                       ==, SCRIM_FILE_TYPE_JPEG);
      decode_jpeg (bytes, 0, &result);
      g_assert_cmpint (result.status, ==, SCRIM_STATUS_OK);
      g_assert_cmpint (result.type, ==, SCRIM_FILE_TYPE_JPEG);
      g_assert_null (result.message);
      g_assert_null (result.warning);
      g_assert_cmpuint (result.width, ==, 123);
      g_assert_cmpuint (result.height, ==, 77);
      g_assert_cmpuint (result.scale_denom, ==, 1);
      g_assert_cmpfloat (mean_abs_diff (result.pixels, src), <, 2.0);
      scrim_decode_result_clear (&result);
    }
}

static void
test_jpeg_scaled (void)
{
  /* 1001x757: the shorter side is 757; min_side 95 -> 8, 190 -> 4,
   * 379 -> 2, 380 -> 1 (ceil (757 / 2) = 379). */
  static const guint cases[][2] = { { 95, 8 }, { 190, 4 }, { 379, 2 }, { 380, 1 }, { 0, 1 } };
  g_autoptr(ScrimPixels) src = make_smooth (1001, 757, 3);
  g_autoptr(GBytes) bytes = encode_jpeg (src, 90);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint d = cases[i][1];
      ScrimDecodeResult result = { 0 };
      g_autoptr(ScrimPixels) want = reduce_plain (src, d);

      decode_jpeg (bytes, cases[i][0], &result);
      g_assert_cmpint (result.status, ==, SCRIM_STATUS_OK);
      g_assert_cmpuint (result.scale_denom, ==, d);
      g_assert_cmpuint (result.width, ==, 1001);
      g_assert_cmpuint (result.height, ==, 757);
      g_assert_cmpuint (result.pixels->width, ==, (1001 + d - 1) / d);
      g_assert_cmpuint (result.pixels->height, ==, (757 + d - 1) / d);
      g_assert_cmpuint (result.pixels->stride, ==, result.pixels->width * 3);
      /* DCT scaling is close to a box average of smooth content. */
      g_assert_cmpfloat (mean_abs_diff (result.pixels, want), <, 3.0);
      scrim_decode_result_clear (&result);
    }
}

static void
test_jpeg_exif (void)
{
  static const guint8 exif[] = "Exif\0\0MM\0*\0\0\0\x08\0\0";
  g_autoptr(ScrimPixels) src = make_smooth (16, 16, 3);
  g_autoptr(ScrimPixels) rgba = make_smooth (16, 16, 4);
  g_autoptr(GBytes) payload = g_bytes_new_static (exif, sizeof exif - 1);
  g_autoptr(GBytes) bad = g_bytes_new_static ("JFIF\0", 5);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = scrim_jpeg_encode (src, 80, payload, &error);
  const guint8 *data = g_bytes_get_data (bytes, NULL);
  ScrimDecodeResult result = { 0 };

  g_assert_no_error (error);
  /* SOI, then APP1 with length 2 + payload, then the payload. */
  g_assert_cmpmem (data, 4, "\xff\xd8\xff\xe1", 4);
  g_assert_cmpuint (data[4] << 8 | data[5], ==, sizeof exif - 1 + 2);
  g_assert_cmpmem (data + 6, sizeof exif - 1, exif, sizeof exif - 1);
  decode_jpeg (bytes, 0, &result);
  g_assert_cmpint (result.status, ==, SCRIM_STATUS_OK);
  scrim_decode_result_clear (&result);

  g_assert_null (scrim_jpeg_encode (src, 80, bad, &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (scrim_jpeg_encode (rgba, 80, NULL, &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
}

typedef enum
{
  JPEG_CMYK,          /* with an Adobe marker; samples stored inverted */
  JPEG_PROGRESSIVE,
  JPEG_MULTISCAN,     /* sequential, one scan per component */
} JpegKind;

/* Encodes with libjpeg directly, in the forms Scrim's encoder never writes. */
static GBytes *
encode_jpeg_special (const ScrimPixels *px,
                     JpegKind           kind)
{
  static const jpeg_scan_info one_per_component[3] = {
    { 1, { 0 }, 0, 63, 0, 0 }, { 1, { 1 }, 0, 63, 0, 0 }, { 1, { 2 }, 0, 63, 0, 0 },
  };
  struct jpeg_compress_struct cinfo;
  struct jpeg_error_mgr jerr;
  unsigned char *buffer = NULL;
  unsigned long size = 0;
  GBytes *bytes;

  cinfo.err = jpeg_std_error (&jerr);
  jpeg_create_compress (&cinfo);
  jpeg_mem_dest (&cinfo, &buffer, &size);
  cinfo.image_width = px->width;
  cinfo.image_height = px->height;
  cinfo.input_components = px->channels;
  cinfo.in_color_space = kind == JPEG_CMYK ? JCS_CMYK : px->channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults (&cinfo);
  jpeg_set_quality (&cinfo, 95, TRUE);
  if (kind == JPEG_PROGRESSIVE)
    jpeg_simple_progression (&cinfo);
  if (kind == JPEG_MULTISCAN)
    {
      cinfo.scan_info = one_per_component;
      cinfo.num_scans = 3;
    }
  jpeg_start_compress (&cinfo, TRUE);
  while (cinfo.next_scanline < cinfo.image_height)
    {
      JSAMPROW row = pixel_at (px, 0, cinfo.next_scanline);

      jpeg_write_scanlines (&cinfo, &row, 1);
    }
  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);
  bytes = g_bytes_new (buffer, size);
  free (buffer);
  return bytes;
}

static void
test_jpeg_cmyk (void)
{
  /* Inverted CMYK quadrants: red, green, blue, and 50% grey. */
  static const guint8 inks[4][4] = {
    { 255, 0, 0, 255 }, { 0, 255, 0, 255 }, { 0, 0, 255, 255 }, { 255, 255, 255, 128 },
  };
  static const guint8 rgb[4][3] = {
    { 255, 0, 0 }, { 0, 255, 0 }, { 0, 0, 255 }, { 128, 128, 128 },
  };
  g_autoptr(ScrimPixels) src = scrim_pixels_new (32, 32, 4);
  g_autoptr(GBytes) bytes = NULL;
  ScrimDecodeResult result = { 0 };

  for (guint y = 0; y < 32; y++)
    for (guint x = 0; x < 32; x++)
      memcpy (pixel_at (src, x, y), inks[(y / 16) * 2 + x / 16], 4);
  bytes = encode_jpeg_special (src, JPEG_CMYK);

  decode_jpeg (bytes, 0, &result);
  g_assert_cmpint (result.status, ==, SCRIM_STATUS_OK);
  g_assert_cmpuint (result.pixels->channels, ==, 3);
  for (guint q = 0; q < 4; q++)
    {
      const guint8 *p = pixel_at (result.pixels, (q % 2) * 16 + 8, (q / 2) * 16 + 8);

      for (guint c = 0; c < 3; c++)
        g_assert_cmpint (ABS ((int) p[c] - rgb[q][c]), <=, 3);
    }
  scrim_decode_result_clear (&result);
}

static void
test_jpeg_grey (void)
{
  g_autoptr(ScrimPixels) src = make_smooth (40, 30, 1);
  g_autoptr(GBytes) bytes = encode_jpeg_special (src, JPEG_PROGRESSIVE);
  ScrimDecodeResult result = { 0 };

  decode_jpeg (bytes, 15, &result);
  g_assert_cmpint (result.status, ==, SCRIM_STATUS_OK);
  g_assert_cmpuint (result.pixels->channels, ==, 1);
  g_assert_cmpuint (result.scale_denom, ==, 2);
  g_assert_cmpuint (result.pixels->width, ==, 20);
  scrim_decode_result_clear (&result);
}

/* Offset of the SOS marker (the start of the scan data follows it). */
static gsize
find_marker (GBytes *bytes,
             guint8  marker)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  for (gsize i = 2; i + 1 < len; i++)
    if (data[i] == 0xff && data[i + 1] == marker)
      return i;
  g_assert_not_reached ();
}

static void
check_truncated_jpeg (GBytes *bytes)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  gsize scan = find_marker (bytes, 0xda);
  ScrimDecodeResult result = { 0 };

  /* Anything cut inside the headers or the (first) scan is corrupt. For a
   * progressive file, a cut anywhere before the last scan is. Every byte
   * of the headers, then some 300 points through the scans. */
  for (gsize cut = 0; cut < len * 9 / 10; cut += (cut < scan + 64 ? 1 : len / 300))
    {
      scrim_jpeg_decode (data, cut, NULL, &result);
      g_assert_cmpint (result.status, ==, SCRIM_STATUS_CORRUPT);
      g_assert_nonnull (result.message);
      g_assert_cmpstr (result.message, !=, "");
      g_assert_null (result.pixels);
      if (cut > scan)
        g_assert_cmpuint (result.width, ==, 300);
      scrim_decode_result_clear (&result);
    }

  /* Near the end, a prefix decodes or not, but never crashes. */
  for (gsize cut = len - 66; cut < len - 2; cut++)
    {
      scrim_jpeg_decode (data, cut, NULL, &result);
      g_assert_true (result.status == SCRIM_STATUS_OK || result.message[0] != '\0');
      scrim_decode_result_clear (&result);
    }

  /* Only the EOI missing: the image is whole. libjpeg notices the end of
   * the data (and warns) only if it reads ahead that far. */
  scrim_jpeg_decode (data, len - 2, NULL, &result);
  g_assert_cmpint (result.status, ==, SCRIM_STATUS_OK);
  if (result.warning != NULL)
    g_assert_cmpstr (result.warning, ==, "Premature end of JPEG file");
  scrim_decode_result_clear (&result);
}

static void
test_jpeg_truncated (void)
{
  g_autoptr(ScrimPixels) src = make_busy (300, 200, 3);
  g_autoptr(GBytes) baseline = encode_jpeg (src, 90);
  g_autoptr(GBytes) progressive = encode_jpeg_special (src, JPEG_PROGRESSIVE);
  g_autoptr(GBytes) multiscan = encode_jpeg_special (src, JPEG_MULTISCAN);
  gsize len;
  const guint8 *data = g_bytes_get_data (multiscan, &len);
  ScrimDecodeResult result = { 0 };

  check_truncated_jpeg (baseline);
  check_truncated_jpeg (progressive);
  check_truncated_jpeg (multiscan);

  /* Cut between two whole scans: no scan ran short, but the chroma scans
   * never came. */
  for (gsize i = len - 3; i > 2; i--)
    if (data[i] == 0xff && data[i + 1] == 0xda)
      {
        scrim_jpeg_decode (data, i, NULL, &result);
        g_assert_cmpint (result.status, ==, SCRIM_STATUS_CORRUPT);
        g_assert_cmpstr (result.message, ==,
                         "The file ends before the last scan of the image (truncated)");
        scrim_decode_result_clear (&result);
        break;
      }
}

static GBytes *
patched (GBytes *bytes,
         gsize   offset,
         guint8  value)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  guint8 *copy = g_memdup2 (data, len);

  copy[offset] = value;
  return g_bytes_new_take (copy, len);
}

static void
test_jpeg_damaged (void)
{
  g_autoptr(ScrimPixels) src = make_busy (64, 48, 3);
  g_autoptr(GBytes) bytes = encode_jpeg (src, 90);
  gsize dqt = find_marker (bytes, 0xdb);
  gsize sos = find_marker (bytes, 0xda);
  g_autoptr(GBytes) no_tables = patched (bytes, dqt + 1, 0xfe);   /* DQT -> COM */
  g_autoptr(GByteArray) junk = g_byte_array_new ();
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  ScrimDecodeResult result = { 0 };

  decode_jpeg (no_tables, 0, &result);
  g_assert_cmpint (result.status, ==, SCRIM_STATUS_CORRUPT);
  g_assert_nonnull (strstr (result.message, "Quantization table"));
  scrim_decode_result_clear (&result);

  /* Stray bytes before a marker: libjpeg skips them; the image is whole. */
  g_byte_array_append (junk, data, sos);
  g_byte_array_append (junk, (const guint8 *) "junk", 4);
  g_byte_array_append (junk, data + sos, len - sos);
  scrim_jpeg_decode (junk->data, junk->len, NULL, &result);
  g_assert_cmpint (result.status, ==, SCRIM_STATUS_OK);
  g_assert_nonnull (strstr (result.warning, "extraneous bytes"));
  scrim_decode_result_clear (&result);

  /* Every byte of the scan flipped in turn: never a crash. */
  for (gsize i = sos; i < len; i += 3)
    {
      g_autoptr(GBytes) broken = patched (bytes, i, data[i] ^ 0x5a);

      decode_jpeg (broken, 0, &result);
      g_assert_true (result.status == SCRIM_STATUS_OK || result.message[0] != '\0');
      scrim_decode_result_clear (&result);
    }
}

static void
test_jpeg_too_large (void)
{
  g_autoptr(ScrimPixels) src = make_smooth (16, 16, 3);
  g_autoptr(GBytes) bytes = encode_jpeg (src, 80);
  gsize sof = find_marker (bytes, 0xc0);
  g_autoptr(GBytes) h = patched (bytes, sof + 5, 0xea);      /* height 0xea60 = 60000 */
  g_autoptr(GBytes) hh = patched (h, sof + 6, 0x60);
  g_autoptr(GBytes) w = patched (hh, sof + 7, 0xea);
  g_autoptr(GBytes) huge = patched (w, sof + 8, 0x60);
  g_autoptr(GBytes) deep = patched (bytes, sof + 4, 12);
  ScrimDecodeOptions small = { .max_pixels = 255 };
  ScrimDecodeResult result = { 0 };

  scrim_image_decode (g_bytes_get_data (huge, NULL), g_bytes_get_size (huge), NULL, &result);
  g_assert_cmpint (result.status, ==, SCRIM_STATUS_TOO_LARGE);
  g_assert_cmpuint (result.width, ==, 60000);
  g_assert_cmpuint (result.height, ==, 60000);
  g_assert_null (result.pixels);
  g_assert_nonnull (result.message);
  scrim_decode_result_clear (&result);

  scrim_jpeg_decode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &small, &result);
  g_assert_cmpint (result.status, ==, SCRIM_STATUS_TOO_LARGE);
  g_assert_cmpuint (result.width, ==, 16);
  scrim_decode_result_clear (&result);

  /* A 12-bit header: recognised, sized, not decoded. */
  decode_jpeg (deep, 0, &result);
  g_assert_cmpint (result.status, ==, SCRIM_STATUS_UNSUPPORTED);
  g_assert_nonnull (strstr (result.message, "precision 12"));
  g_assert_cmpuint (result.width, ==, 16);
  g_assert_cmpuint (result.height, ==, 16);
  scrim_decode_result_clear (&result);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/image/strings", test_strings);
  g_test_add_func ("/core/image/sniff", test_sniff);
  g_test_add_func ("/core/image/probe", test_probe);
  g_test_add_func ("/core/image/pick-scale", test_pick_scale);
  g_test_add_func ("/core/image/pixels-new", test_pixels_new);
  g_test_add_func ("/core/image/decode-dispatch", test_decode_dispatch);
  g_test_add_func ("/core/image/decode-tiny", test_decode_tiny);
  g_test_add_func ("/core/png/round-trip", test_png_round_trip);
  g_test_add_func ("/core/png/trns-key", test_png_trns_key);
  g_test_add_func ("/core/png/reduced", test_png_reduced);
  g_test_add_func ("/core/png/truncated", test_png_truncated);
  g_test_add_func ("/core/png/crc", test_png_crc);
  g_test_add_func ("/core/png/too-large", test_png_too_large);
  g_test_add_func ("/core/png/cgbi", test_png_cgbi);
  g_test_add_func ("/core/png/encode-errors", test_png_encode_errors);
  g_test_add_func ("/core/jpeg/round-trip", test_jpeg_round_trip);
  g_test_add_func ("/core/jpeg/scaled", test_jpeg_scaled);
  g_test_add_func ("/core/jpeg/exif", test_jpeg_exif);
  g_test_add_func ("/core/jpeg/cmyk", test_jpeg_cmyk);
  g_test_add_func ("/core/jpeg/grey", test_jpeg_grey);
  g_test_add_func ("/core/jpeg/truncated", test_jpeg_truncated);
  g_test_add_func ("/core/jpeg/damaged", test_jpeg_damaged);
  g_test_add_func ("/core/jpeg/too-large", test_jpeg_too_large);

  return g_test_run ();
}
