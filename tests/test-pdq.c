/* test-pdq.c: the PDQ hash on generated pixels
 *
 * Besides the encodings, guards and channel rules, the hasher is checked
 * against a second, deliberately naive implementation of pdq.md §1 written
 * here: double precision, every box mean summed afresh, the DCT as a
 * plain triple sum. The two share no code and round differently, so they
 * may disagree on a bit whose coefficient lies next to the median, and on
 * quality where a step sits on a whole percent; nothing else.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scrim-pdq.h"
#include "scrim-synth.h"
#include "scrim-thumb.h"

#define GRID 64

/* ------------------------------------------------------------------------ */
/* Generated pixels                                                         */

typedef guint8 (*SampleFunc) (guint x,
                              guint y,
                              guint c);

static ScrimPixels *
pixels_from_func (guint      width,
                  guint      height,
                  guint      channels,
                  SampleFunc func)
{
  ScrimPixels *px = scrim_pixels_new (width, height, channels);

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      for (guint c = 0; c < channels; c++)
        px->data[y * px->stride + (gsize) x * channels + c] = func (x, y, c);
  return px;
}

/* Deterministic noise: a hash of the position. */
static guint8
noise (guint x,
       guint y,
       guint c)
{
  guint32 h = x * 0x9e3779b1u ^ (y + 0x7f4a7c15u) * 0x85ebca6bu ^ c * 0xc2b2ae35u;

  h ^= h >> 15;
  h *= 0x2c1b3c6du;
  h ^= h >> 12;
  return (guint8) h;
}

static guint8
noise_grey (guint x,
            guint y,
            guint c)
{
  return noise (x, y, 0);
}

static guint8
flat (guint x,
      guint y,
      guint c)
{
  return 128;
}

static guint8
gradient_h (guint x,
            guint y,
            guint c)
{
  return (guint8) (x * 255 / 511);
}

static guint8
gradient_v (guint x,
            guint y,
            guint c)
{
  return (guint8) (y / 2);
}

static guint8
stripes (guint x,
         guint y,
         guint c)
{
  return (x / 8) % 2 ? 230 : 20;
}

static guint8
halves (guint x,
        guint y,
        guint c)
{
  return x < 256 ? 0 : 255;
}

static guint8
checker8 (guint x,
          guint y,
          guint c)
{
  return (x / 8 + y / 8) % 2 ? 255 : 0;
}

static ScrimPixels *
photo (guint   width,
       guint   height,
       guint64 seed)
{
  return scrim_synth_draw (SCRIM_SYNTH_PHOTO, seed, width, height, NULL);
}

/* The same colours with a different channel layout: 1 → 3 (grey copied),
 * 3 → 4 (alpha from noise), 1 → 2 (alpha from noise). */
static ScrimPixels *
add_channels (const ScrimPixels *src,
              guint              channels)
{
  ScrimPixels *dst = scrim_pixels_new (src->width, src->height, channels);

  for (guint y = 0; y < src->height; y++)
    for (guint x = 0; x < src->width; x++)
      {
        const guint8 *s = src->data + y * src->stride + (gsize) x * src->channels;
        guint8 *d = dst->data + y * dst->stride + (gsize) x * channels;

        for (guint c = 0; c < channels; c++)
          d[c] = c < src->channels ? s[c] : src->channels == 1 && channels == 3 ? s[0]
                                                                                  : noise (x, y, 7);
      }
  return dst;
}

static ScrimPdqResult
hash_of (const ScrimPixels *px)
{
  ScrimPdqResult result;

  scrim_pdq_compute (px, &result);
  return result;
}

static int
distance (const ScrimPdqResult *a,
          const ScrimPdqResult *b)
{
  return scrim_pdq_distance (&a->hash, &b->hash);
}

/* ------------------------------------------------------------------------ */
/* The naive implementation (pdq.md §1.1–1.8, in double)                    */

static double *
naive_luma (const ScrimPixels *px)
{
  double *luma = g_new (double, (gsize) px->width * px->height);

  for (guint y = 0; y < px->height; y++)
    for (guint x = 0; x < px->width; x++)
      {
        const guint8 *s = px->data + y * px->stride + (gsize) x * px->channels;

        luma[(gsize) y * px->width + x] = px->channels < 3 ? s[0]
                                          : 0.299 * s[0] + 0.587 * s[1] + 0.114 * s[2];
      }
  return luma;
}

/* One box pass along n samples at in[0], in[step], …: output i is the mean
 * of inputs i - (w - h) … i + h - 1 that exist, h = (w + 2) / 2. */
static void
naive_box (const double *in,
           double       *out,
           guint         n,
           gsize         step)
{
  int w = (n + 127) / 128, h = (w + 2) / 2;

  for (int i = 0; i < (int) n; i++)
    {
      double sum = 0;
      int count = 0;

      for (int k = i - (w - h); k <= i + h - 1; k++)
        if (k >= 0 && k < (int) n)
          {
            sum += in[k * step];
            count++;
          }
      out[i * step] = sum / count;
    }
}

static void
naive_blur (double *luma,
            guint   width,
            guint   height)
{
  g_autofree double *tmp = g_new (double, (gsize) width * height);

  for (guint round = 0; round < 2; round++)
    {
      for (guint y = 0; y < height; y++)
        naive_box (luma + (gsize) y * width, tmp + (gsize) y * width, width, 1);
      for (guint x = 0; x < width; x++)
        naive_box (tmp + x, luma + x, height, width);
    }
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return (da > db) - (da < db);
}

static void
naive_hash (const ScrimPixels *px,
            gboolean           bypass,
            ScrimPdqResult    *result)
{
  g_autofree double *luma = naive_luma (px);
  double a[GRID][GRID], b[16][16], sorted[256];
  int sum = 0;

  if (!(bypass && px->width == GRID && px->height == GRID))
    naive_blur (luma, px->width, px->height);
  for (guint i = 0; i < GRID; i++)
    for (guint j = 0; j < GRID; j++)
      a[i][j] = luma[(gsize) floor ((i + 0.5) * px->height / GRID) * px->width
                     + (gsize) floor ((j + 0.5) * px->width / GRID)];

  for (guint i = 0; i < GRID; i++)
    for (guint j = 0; j < GRID; j++)
      {
        if (i + 1 < GRID)
          sum += abs ((int) ((a[i + 1][j] - a[i][j]) * 100 / 255));
        if (j + 1 < GRID)
          sum += abs ((int) ((a[i][j + 1] - a[i][j]) * 100 / 255));
      }
  result->quality = MIN (100, sum / 90);

  for (guint u = 0; u < 16; u++)
    for (guint v = 0; v < 16; v++)
      {
        double c = 0;

        for (guint i = 0; i < GRID; i++)
          for (guint j = 0; j < GRID; j++)
            c += cos (G_PI * (u + 1) * (2 * i + 1) / 128) * a[i][j]
                 * cos (G_PI * (v + 1) * (2 * j + 1) / 128);
        b[u][v] = sorted[u * 16 + v] = c * 2.0 / GRID;
      }
  qsort (sorted, 256, sizeof (double), compare_doubles);
  memset (&result->hash, 0, sizeof result->hash);
  for (guint u = 0; u < 16; u++)
    for (guint v = 0; v < 16; v++)
      if (b[u][v] > sorted[127])
        result->hash.w[u] |= 1u << v;
}

/* ------------------------------------------------------------------------ */
/* Encodings                                                                */

static void
random_hash (GRand        *rand,
             ScrimPdqHash *hash)
{
  for (guint u = 0; u < 16; u++)
    hash->w[u] = (guint16) g_rand_int (rand);
}

static void
test_hex_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  static const char known[] = "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22";
  char hex[SCRIM_PDQ_HEX_LEN + 1];
  guint8 bytes[SCRIM_PDQ_BYTES];
  ScrimPdqHash hash, back;

  for (guint i = 0; i < 200; i++)
    {
      random_hash (rand, &hash);
      scrim_pdq_to_hex (&hash, hex);
      g_assert_cmpuint (strlen (hex), ==, SCRIM_PDQ_HEX_LEN);
      g_assert_true (scrim_pdq_from_hex (hex, &back));
      g_assert_cmpmem (&hash, sizeof hash, &back, sizeof back);
      scrim_pdq_to_bytes (&hash, bytes);
      scrim_pdq_from_bytes (bytes, &back);
      g_assert_cmpmem (&hash, sizeof hash, &back, sizeof back);
    }

  /* Word 15 is printed first, word 0 last. */
  g_assert_true (scrim_pdq_from_hex (known, &hash));
  g_assert_cmphex (hash.w[15], ==, 0xd8f8);
  g_assert_cmphex (hash.w[0], ==, 0x9b22);
  scrim_pdq_to_hex (&hash, hex);
  g_assert_cmpstr (hex, ==, known);
  scrim_pdq_to_bytes (&hash, bytes);
  g_assert_cmphex (bytes[0], ==, 0xd8);
  g_assert_cmphex (bytes[31], ==, 0x22);
}

static void
test_hex_bit_order (void)
{
  for (guint u = 0; u < 16; u++)
    for (guint v = 0; v < 16; v++)
      {
        guint b = 16 * u + v;
        ScrimPdqHash hash = { { 0 } };
        char hex[SCRIM_PDQ_HEX_LEN + 1], expected[SCRIM_PDQ_HEX_LEN + 1];
        guint8 bytes[SCRIM_PDQ_BYTES];

        hash.w[u] = (guint16) (1u << v);
        scrim_pdq_to_hex (&hash, hex);
        /* The big-endian hex of 2^b: digit 63 - b/4 holds 1 << (b % 4). */
        memset (expected, '0', SCRIM_PDQ_HEX_LEN);
        expected[SCRIM_PDQ_HEX_LEN] = '\0';
        expected[SCRIM_PDQ_HEX_LEN - 1 - b / 4] = "1248"[b % 4];
        g_assert_cmpstr (hex, ==, expected);

        scrim_pdq_to_bytes (&hash, bytes);
        for (guint i = 0; i < SCRIM_PDQ_BYTES; i++)
          g_assert_cmphex (bytes[i], ==, i == 31 - b / 8 ? 1u << (b % 8) : 0);
      }
}

static void
test_hex_invalid (void)
{
  static const char good[] = "00000000000000000000000000000000000000000000000000000000000000ff";
  const char *bad[] = {
    "",
    "0",
    "000000000000000000000000000000000000000000000000000000000000000",    /* 63 */
    "00000000000000000000000000000000000000000000000000000000000000ff0",  /* 65 */
    "00000000000000000000000000000000000000000000000000000000000000fg",
    " 0000000000000000000000000000000000000000000000000000000000000ff",
    "00000000000000000000000000000000000000000000000000000000000000ff\n",
    "0x000000000000000000000000000000000000000000000000000000000000ff",
  };
  ScrimPdqHash hash;
  g_autofree char *upper = g_ascii_strup (good, -1);

  g_assert_true (scrim_pdq_from_hex (good, &hash));
  g_assert_cmphex (hash.w[0], ==, 0xff);
  g_assert_true (scrim_pdq_from_hex (upper, &hash));
  g_assert_cmphex (hash.w[0], ==, 0xff);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (scrim_pdq_from_hex (bad[i], &hash));
      for (guint u = 0; u < 16; u++)
        g_assert_cmpuint (hash.w[u], ==, 0);
    }
}

static void
test_distance (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  ScrimPdqHash a, b, inverse;

  for (guint i = 0; i < 100; i++)
    {
      int d = 0;

      random_hash (rand, &a);
      random_hash (rand, &b);
      for (guint u = 0; u < 16; u++)
        {
          inverse.w[u] = (guint16) ~a.w[u];
          for (guint v = 0; v < 16; v++)
            d += ((a.w[u] ^ b.w[u]) >> v) & 1;
        }
      g_assert_cmpint (scrim_pdq_distance (&a, &b), ==, d);
      g_assert_cmpint (scrim_pdq_distance (&b, &a), ==, d);
      g_assert_cmpint (scrim_pdq_distance (&a, &a), ==, 0);
      g_assert_cmpint (scrim_pdq_distance (&a, &inverse), ==, SCRIM_PDQ_BITS);
    }
}

static void
test_names (void)
{
  g_assert_cmpstr (scrim_pdq_dihedral_name (SCRIM_PDQ_ORIGINAL), ==, "orig");
  g_assert_cmpstr (scrim_pdq_dihedral_name (SCRIM_PDQ_ROTATE90), ==, "rot90ccw");
  g_assert_cmpstr (scrim_pdq_dihedral_name (SCRIM_PDQ_FLIP_MINUS1), ==,
                   "flip_minus1_antitranspose");
  g_assert_null (scrim_pdq_dihedral_name (SCRIM_PDQ_N_DIHEDRAL));
  g_assert_null (scrim_pdq_dihedral_name ((ScrimPdqDihedral) -1));
}

/* ------------------------------------------------------------------------ */
/* The algorithm                                                            */

static void
assert_zero (const ScrimPdqResult *result)
{
  for (guint u = 0; u < 16; u++)
    g_assert_cmpuint (result->hash.w[u], ==, 0);
  g_assert_cmpint (result->quality, ==, 0);
  g_assert_true (result->unreliable);
  g_assert_cmpfloat (result->max_abs_coeff, ==, 0);
}

static void
test_size_guard (void)
{
  static const guint sizes[][2] = { { 4, 4 }, { 4, 100 }, { 100, 4 }, { 1, 1 }, { 4, 5 } };
  ScrimPdqResult variants[SCRIM_PDQ_N_DIHEDRAL];

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(ScrimPixels) px = pixels_from_func (sizes[i][0], sizes[i][1], 3, noise);
      ScrimPdqResult result = hash_of (px);

      assert_zero (&result);
      scrim_pdq_compute_dihedral (px, variants);
      for (guint v = 0; v < SCRIM_PDQ_N_DIHEDRAL; v++)
        assert_zero (&variants[v]);
    }

  {
    g_autoptr(ScrimPixels) px = pixels_from_func (5, 5, 3, noise);
    ScrimPdqResult result = hash_of (px), naive;

    g_assert_cmpint (result.quality, >, 0);
    naive_hash (px, TRUE, &naive);
    g_assert_cmpint (distance (&result, &naive), <=, 2);
  }
}

/* A 64×64 plane is hashed as it is on the plain path (no blur); any other
 * size is blurred, even 64×65, and each must agree with the naive hash done
 * the same way. Up to 128 samples the window is 1, so blurring changes a
 * plane only by the rounding of the running sums: the two ways agree too
 * (as they did on every shared vector, pdq.md §1.4). */
static void
test_bypass (void)
{
  static const guint sizes[][2] = { { 64, 64 }, { 64, 65 }, { 65, 64 }, { 128, 128 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(ScrimPixels) px = pixels_from_func (sizes[i][0], sizes[i][1], 3, noise);
      ScrimPdqResult result = hash_of (px), bypassed, blurred;

      naive_hash (px, TRUE, &bypassed);
      naive_hash (px, FALSE, &blurred);
      g_assert_cmpint (distance (&result, &bypassed), <=, 2);
      g_assert_cmpint (result.quality, ==, bypassed.quality);
      g_assert_false (result.unreliable);
      /* Window 1 (up to 128) blurs only by rounding. */
      g_assert_cmpint (distance (&bypassed, &blurred), <=, 2);
    }
}

/* Every window size, both edges, decimation below and above 64. */
static void
test_naive (void)
{
  static const guint sizes[][2] = {
    { 5, 5 }, { 7, 300 }, { 300, 7 }, { 63, 63 }, { 127, 129 }, { 200, 150 },
    { 256, 256 }, { 333, 77 }, { 511, 257 }, { 512, 512 }, { 640, 480 }, { 1000, 750 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(ScrimPixels) px = photo (sizes[i][0], sizes[i][1], i);
      ScrimPdqResult result = hash_of (px), naive;
      int popcount = 0;

      /* Distinct coefficients: exactly 128 strictly above the lower median. */
      for (guint u = 0; u < 16; u++)
        popcount += __builtin_popcount (result.hash.w[u]);
      g_assert_cmpint (popcount, ==, 128);
      naive_hash (px, TRUE, &naive);
      g_test_message ("%ux%u: %d bits from the naive hash, quality %d / %d", sizes[i][0],
                      sizes[i][1], distance (&result, &naive), result.quality, naive.quality);
      g_assert_cmpint (distance (&result, &naive), <=, 4);
      g_assert_cmpint (abs (result.quality - naive.quality), <=, 1);
    }
}

static void
test_channels (void)
{
  for (guint seed = 0; seed < 4; seed++)
    {
      g_autoptr(ScrimPixels) rgb = photo (300, 200, seed);
      g_autoptr(ScrimPixels) rgba = add_channels (rgb, 4);
      g_autoptr(ScrimPixels) grey = pixels_from_func (300, 200, 1, noise_grey);
      g_autoptr(ScrimPixels) grey_alpha = add_channels (grey, 2);
      g_autoptr(ScrimPixels) grey_rgb = add_channels (grey, 3);
      ScrimPdqResult r_rgb = hash_of (rgb), r_rgba = hash_of (rgba);
      ScrimPdqResult r_grey = hash_of (grey), r_ga = hash_of (grey_alpha);
      ScrimPdqResult r_grey_rgb = hash_of (grey_rgb);

      /* Alpha is ignored: the hash of the colour under it. */
      g_assert_cmpmem (&r_rgb, sizeof r_rgb, &r_rgba, sizeof r_rgba);
      g_assert_cmpmem (&r_grey, sizeof r_grey, &r_ga, sizeof r_ga);
      /* Grey is its own luma; 0.299 g + 0.587 g + 0.114 g is g up to rounding. */
      g_assert_cmpint (distance (&r_grey, &r_grey_rgb), <=, 2);
      g_assert_cmpint (r_grey.quality, ==, r_grey_rgb.quality);
    }
}

/* Rows may be padded; the padding is never read into the hash. */
static void
test_stride (void)
{
  for (guint channels = 1; channels <= 4; channels++)
    {
      g_autoptr(ScrimPixels) px = pixels_from_func (131, 70, channels, noise);
      ScrimPdqResult packed = hash_of (px), padded;
      gsize stride = px->stride + 13;
      g_autofree guint8 *data = g_malloc ((gsize) stride * px->height);
      ScrimPixels loose = *px;

      memset (data, 0xa5, stride * px->height);
      for (guint y = 0; y < px->height; y++)
        memcpy (data + y * stride, px->data + y * px->stride, px->stride);
      loose.stride = stride;
      loose.data = data;
      scrim_pdq_compute (&loose, &padded);
      g_assert_cmpmem (&packed, sizeof packed, &padded, sizeof padded);
    }
}

static void
test_luma (void)
{
  g_autoptr(ScrimPixels) grey = pixels_from_func (200, 150, 1, noise_grey);
  g_autofree float *luma = g_new (float, 200 * 150);
  g_autofree float *odd = g_new (float, 64 * 64);
  ScrimPdqResult from_pixels = hash_of (grey), from_luma;

  for (guint i = 0; i < 200 * 150; i++)
    luma[i] = grey->data[i];
  scrim_pdq_compute_luma (luma, 200, 150, &from_luma);
  g_assert_cmpmem (&from_pixels, sizeof from_pixels, &from_luma, sizeof from_luma);

  scrim_pdq_compute_luma (luma, 4, 150, &from_luma);
  assert_zero (&from_luma);

  /* Whatever a caller passes, no undefined behaviour (UBSan) and no crash. */
  for (guint i = 0; i < 64 * 64; i++)
    odd[i] = i % 7 == 0 ? NAN : i % 5 == 0 ? INFINITY : i % 3 == 0 ? -1e30f : (float) i;
  scrim_pdq_compute_luma (odd, 64, 64, &from_luma);
  g_assert_cmpint (from_luma.quality, >=, 0);
  g_assert_cmpint (from_luma.quality, <=, 100);
  g_assert_true (from_luma.unreliable);
  scrim_pdq_compute_luma (odd, 32, 128, &from_luma);
  g_assert_true (from_luma.unreliable);
}

/* The EXIF orientation that scrim_pixels_orient() turns into each variant's
 * transform. */
static const gint64 variant_orientation[SCRIM_PDQ_N_DIHEDRAL] = {
  [SCRIM_PDQ_ORIGINAL] = 1,
  [SCRIM_PDQ_ROTATE90] = 8,
  [SCRIM_PDQ_ROTATE180] = 3,
  [SCRIM_PDQ_ROTATE270] = 6,
  [SCRIM_PDQ_FLIPX] = 4,
  [SCRIM_PDQ_FLIPY] = 2,
  [SCRIM_PDQ_FLIP_PLUS1] = 5,
  [SCRIM_PDQ_FLIP_MINUS1] = 7,
};

/* Returns the largest distance between a variant's hash and the plain hash
 * of the really transformed image. */
static int
dihedral_worst (const ScrimPixels *px,
                const char        *what)
{
  ScrimPdqResult variants[SCRIM_PDQ_N_DIHEDRAL];
  int worst = 0;

  scrim_pdq_compute_dihedral (px, variants);
  for (guint v = 0; v < SCRIM_PDQ_N_DIHEDRAL; v++)
    {
      g_autoptr(ScrimPixels) turned = scrim_pixels_orient (px, variant_orientation[v]);
      ScrimPdqResult direct = hash_of (turned);

      g_test_message ("%s %s: %d bits", what, scrim_pdq_dihedral_name (v),
                      distance (&variants[v], &direct));
      g_assert_cmpint (variants[v].quality, ==, variants[0].quality);
      g_assert_false (variants[v].unreliable);
      worst = MAX (worst, distance (&variants[v], &direct));
    }
  return worst;
}

/* On a 64×64 grey image the blur (window 1, integer samples) is exact and
 * the decimation the identity, so every transform commutes with them: the
 * variants equal the transformed images' hashes, which checks the sign and
 * transpose table of §1.9 and the names of the variants. */
static void
test_dihedral_exact (void)
{
  g_autoptr(ScrimPixels) px = pixels_from_func (64, 64, 1, noise_grey);

  g_assert_cmpint (dihedral_worst (px, "64x64 noise"), ==, 0);
}

static void
test_dihedral_photo (void)
{
  static const guint sizes[][2] = { { 512, 512 }, { 640, 480 }, { 333, 517 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(ScrimPixels) px = photo (sizes[i][0], sizes[i][1], 10 + i);

      g_assert_cmpint (dihedral_worst (px, "photo"), <=, SCRIM_PDQ_MATCH_DISTANCE);
    }
}

static void
test_unreliable (void)
{
  static const struct
  {
    const char *what;
    SampleFunc  func;
    guint       width;
    guint       height;
  } noisy[] = {
    { "flat", flat, 300, 200 },
    { "horizontal gradient", gradient_h, 512, 512 },
    { "vertical gradient", gradient_v, 400, 512 },
    { "stripes", stripes, 800, 600 },
    { "halves", halves, 512, 512 },
    { "checkerboard 8", checker8, 64, 64 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (noisy); i++)
    {
      g_autoptr(ScrimPixels) px = pixels_from_func (noisy[i].width, noisy[i].height, 3,
                                                    noisy[i].func);
      ScrimPdqResult result = hash_of (px);

      g_test_message ("%s: quality %d, max |coefficient| %g", noisy[i].what, result.quality,
                      result.max_abs_coeff);
      g_assert_true (result.unreliable);
    }

  for (guint seed = 0; seed < 8; seed++)
    {
      g_autoptr(ScrimPixels) px = photo (320 + 97 * seed, 240 + 61 * seed, seed);
      ScrimPdqResult variants[SCRIM_PDQ_N_DIHEDRAL];
      ScrimPdqResult result = hash_of (px);

      g_assert_false (result.unreliable);
      g_assert_cmpfloat (result.max_abs_coeff, >=, 1.0f);
      scrim_pdq_compute_dihedral (px, variants);
      for (guint v = 0; v < SCRIM_PDQ_N_DIHEDRAL; v++)
        g_assert_false (variants[v].unreliable);
    }
}

/* Extreme shapes, every channel count: no crash, no read out of bounds
 * (ASan), and the size guard where it applies. */
static void
test_odd_sizes (void)
{
  static const guint sizes[][2] = {
    { 1, 1 }, { 1, 100000 }, { 100000, 1 }, { 65535, 5 }, { 5, 65535 }, { 5, 5 },
    { 6, 7 }, { 129, 5 }, { 5, 129 }, { 3000, 6 }, { 64, 1 }, { 257, 255 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (guint channels = 1; channels <= 4; channels++)
      {
        g_autoptr(ScrimPixels) px = scrim_pixels_new (sizes[i][0], sizes[i][1], channels);
        ScrimPdqResult result, variants[SCRIM_PDQ_N_DIHEDRAL];

        for (gsize k = 0; k < px->stride * px->height; k++)
          px->data[k] = (guint8) (k * 2654435761u >> 13);
        scrim_pdq_compute (px, &result);
        scrim_pdq_compute_dihedral (px, variants);
        if (sizes[i][0] < 5 || sizes[i][1] < 5)
          assert_zero (&result);
        g_assert_cmpint (result.quality, >=, 0);
        g_assert_cmpint (result.quality, <=, 100);
      }
}

static double
best_ms (const ScrimPixels *px,
         guint              runs)
{
  ScrimPdqResult variants[SCRIM_PDQ_N_DIHEDRAL];
  gint64 best = G_MAXINT64;

  for (guint i = 0; i < runs; i++)
    {
      gint64 t0 = g_get_monotonic_time ();

      scrim_pdq_compute_dihedral (px, variants);
      best = MIN (best, g_get_monotonic_time () - t0);
    }
  return best / 1000.0;
}

/* The ingest's hash (the reference stretch read on the fly) is the hash of
 * the stretched copy, bit for bit, in every channel layout and for sizes
 * that stretch one side, both or neither. */
static void
test_reference_stretch (void)
{
  static const guint sizes[][2] = { { 1000, 750 }, { 513, 512 }, { 400, 900 }, { 2000, 33 }, { 512, 512 },
                                     { 300, 200 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (guint channels = 1; channels <= 4; channels++)
      {
        g_autoptr(ScrimPixels) rgb = photo (sizes[i][0], sizes[i][1], 40 + i);
        g_autoptr(ScrimPixels) px = scrim_pixels_new (rgb->width, rgb->height, channels);
        g_autoptr(ScrimPixels) stretched = NULL;
        ScrimPdqResult fused[SCRIM_PDQ_N_DIHEDRAL], copied[SCRIM_PDQ_N_DIHEDRAL];

        for (guint y = 0; y < rgb->height; y++)
          for (guint x = 0; x < rgb->width; x++)
            for (guint c = 0; c < channels; c++)
              px->data[y * px->stride + x * channels + c] = rgb->data[y * rgb->stride + x * 3 + c % 3];
        stretched = scrim_pdq_reference_resize (px);
        scrim_pdq_compute_dihedral_reference (px, fused);
        scrim_pdq_compute_dihedral (stretched ? stretched : px, copied);
        for (guint v = 0; v < SCRIM_PDQ_N_DIHEDRAL; v++)
          {
            g_assert_cmpint (scrim_pdq_distance (&fused[v].hash, &copied[v].hash), ==, 0);
            g_assert_cmpint (fused[v].quality, ==, copied[v].quality);
            g_assert_cmpint (fused[v].unreliable, ==, copied[v].unreliable);
          }
      }
}

static void
test_speed (void)
{
  static const guint sizes[][2] = { { 512, 512 }, { 1000, 750 }, { 1024, 768 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(ScrimPixels) px = photo (sizes[i][0], sizes[i][1], 1);

      g_test_message ("PDQ with its 8 variants, %ux%u RGB: %.2f ms (best of 20)", sizes[i][0],
                      sizes[i][1], best_ms (px, 20));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/pdq/hex/round-trip", test_hex_round_trip);
  g_test_add_func ("/core/pdq/hex/bit-order", test_hex_bit_order);
  g_test_add_func ("/core/pdq/hex/invalid", test_hex_invalid);
  g_test_add_func ("/core/pdq/distance", test_distance);
  g_test_add_func ("/core/pdq/names", test_names);
  g_test_add_func ("/core/pdq/size-guard", test_size_guard);
  g_test_add_func ("/core/pdq/bypass", test_bypass);
  g_test_add_func ("/core/pdq/naive", test_naive);
  g_test_add_func ("/core/pdq/channels", test_channels);
  g_test_add_func ("/core/pdq/stride", test_stride);
  g_test_add_func ("/core/pdq/luma", test_luma);
  g_test_add_func ("/core/pdq/dihedral/exact", test_dihedral_exact);
  g_test_add_func ("/core/pdq/dihedral/photo", test_dihedral_photo);
  g_test_add_func ("/core/pdq/unreliable", test_unreliable);
  g_test_add_func ("/core/pdq/odd-sizes", test_odd_sizes);
  g_test_add_func ("/core/pdq/reference-stretch", test_reference_stretch);
  g_test_add_func ("/core/pdq/speed", test_speed);

  return g_test_run ();
}
