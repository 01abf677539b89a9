/* scrim-synth.c: deterministic synthetic images and evidence for tests, benchmarks and demos
 *
 * Everything here is a function of its seed and sizes: a private PRNG
 * (splitmix64), integer arithmetic on the pixel paths (so that every build,
 * sanitizers included, draws the same bytes), and no clock or locale.
 *
 * Nothing drawn here depicts a person: colour fields, soft blobs, panels,
 * geometric shapes, grain and text labels.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "scrim-error.h"
#include "scrim-rng-private.h"
#include "scrim-synth.h"

/* ------------------------------------------------------------------ */
/* The PRNG                                                            */
/* ------------------------------------------------------------------ */


static void
rng_init (ScrimRng     *rng,
          guint64  a,
          guint64  b)
{
  rng->state = a;
  rng->state = scrim_rng_next (rng) ^ b;
  scrim_rng_next (rng);
}

/* Uniform in [0, n) (n > 0), by multiply-shift: no modulo bias worth
 * mentioning for the small n used here. */
static guint
rng_below (ScrimRng   *rng,
           guint  n)
{
  return (guint) (((scrim_rng_next (rng) >> 32) * n) >> 32);
}

/* Uniform in [lo, hi] (lo <= hi). */
static int
rng_range (ScrimRng *rng,
           int  lo,
           int  hi)
{
  return lo + (int) rng_below (rng, (guint) (hi - lo + 1));
}

/* ------------------------------------------------------------------ */
/* Colours and flat drawing, for any channel count                    */
/* ------------------------------------------------------------------ */

typedef struct
{
  guint8 r, g, b;
} Rgb;

static Rgb
rgb (int r,
     int g,
     int b)
{
  Rgb c = { (guint8) CLAMP (r, 0, 255), (guint8) CLAMP (g, 0, 255),
            (guint8) CLAMP (b, 0, 255) };
  return c;
}

/* Draws from @rng happen one per statement here and below: the order in
 * which C evaluates function arguments is unspecified, and another compiler
 * would draw other pictures. */
static Rgb
rgb_jitter (ScrimRng *rng,
            Rgb  c,
            int  amount)
{
  int r = c.r + rng_range (rng, -amount, amount);
  int g = c.g + rng_range (rng, -amount, amount);
  int b = c.b + rng_range (rng, -amount, amount);

  return rgb (r, g, b);
}

static Rgb
rgb_random (ScrimRng *rng)
{
  return rgb_jitter (rng, rgb (128, 128, 128), 128);
}

/* The bytes of one opaque pixel of @c in a @channels layout (grey uses
 * the Rec. 601 weights). */
static void
rgb_to_sample (Rgb     c,
               guint   channels,
               guint8 *out)
{
  guint8 grey = (guint8) ((c.r * 77 + c.g * 150 + c.b * 29 + 128) >> 8);

  switch (channels)
    {
    case 1:
      out[0] = grey;
      break;
    case 2:
      out[0] = grey;
      out[1] = 255;
      break;
    case 3:
    case 4:
      out[0] = c.r;
      out[1] = c.g;
      out[2] = c.b;
      if (channels == 4)
        out[3] = 255;
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Fills columns [x0, x1) of row @y, clipped to the image. */
static void
fill_span (ScrimPixels *px,
           gint64       y,
           gint64       x0,
           gint64       x1,
           Rgb          c)
{
  guint8 sample[4];
  guint8 *d;

  if (y < 0 || y >= px->height)
    return;
  x0 = MAX (x0, 0);
  x1 = MIN (x1, (gint64) px->width);
  if (x0 >= x1)
    return;

  rgb_to_sample (c, px->channels, sample);
  d = px->data + (gsize) y * px->stride + (gsize) x0 * px->channels;
  for (gint64 x = x0; x < x1; x++)
    for (guint k = 0; k < px->channels; k++)
      *d++ = sample[k];
}

static void
fill_rect (ScrimPixels *px,
           gint64       x,
           gint64       y,
           gint64       w,
           gint64       h,
           Rgb          c)
{
  gint64 y0 = MAX (y, 0);
  gint64 y1 = MIN (y + h, (gint64) px->height);

  for (gint64 row = y0; row < y1; row++)
    fill_span (px, row, x, x + w, c);
}

static guint64
isqrt64 (guint64 v)
{
  guint64 r = 0;
  guint64 bit = G_GUINT64_CONSTANT (1) << 62;

  while (bit > v)
    bit >>= 2;
  while (bit != 0)
    {
      if (v >= r + bit)
        {
          v -= r + bit;
          r = (r >> 1) + bit;
        }
      else
        r >>= 1;
      bit >>= 2;
    }
  return r;
}

static gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

static gint64
ceil_div (gint64 a,
          gint64 b)
{
  return -floor_div (-a, b);
}

/* A disc: the pixels whose centres lie within @r of (@cx, @cy). */
static void
fill_disc (ScrimPixels *px,
           gint64       cx,
           gint64       cy,
           gint64       r,
           Rgb          c)
{
  for (gint64 dy = -r; dy < r; dy++)
    {
      /* Doubled coordinates: pixel centres sit at odd values. */
      gint64 yc = 2 * dy + 1;
      gint64 rem = 4 * r * r - yc * yc;
      gint64 half;

      if (rem < 0)
        continue;
      /* Columns with |2 dx + 1| <= half, that is (2 dx + 1)^2 <= rem. */
      half = (gint64) isqrt64 ((guint64) rem);
      fill_span (px, cy + dy, cx + ceil_div (-half - 1, 2),
                 cx + floor_div (half - 1, 2) + 1, c);
    }
}

typedef struct
{
  gint64 x, y;
} Point;

/* Where the edge @a-@b crosses the centre line of row @y, as the first
 * column whose centre lies at or right of it. FALSE when the edge does not
 * cross that line (half-open in y, so shared vertices count once). */
static gboolean
edge_cross (Point   a,
            Point   b,
            gint64  y,
            gint64 *col)
{
  gint64 dy, num;

  if (a.y == b.y)
    return FALSE;
  if (a.y > b.y)
    {
      Point t = a;
      a = b;
      b = t;
    }
  if (2 * y + 1 < 2 * a.y || 2 * y + 1 >= 2 * b.y)
    return FALSE;

  /* x - 1/2 = [2 xa dy + (2y + 1 - 2 ya)(xb - xa) - dy] / (2 dy) */
  dy = b.y - a.y;
  num = 2 * a.x * dy + (2 * y + 1 - 2 * a.y) * (b.x - a.x) - dy;
  *col = ceil_div (num, 2 * dy);
  return TRUE;
}

static void
fill_triangle (ScrimPixels *px,
               Point        p0,
               Point        p1,
               Point        p2,
               Rgb          c)
{
  gint64 top = MAX (MIN (p0.y, MIN (p1.y, p2.y)), 0);
  gint64 bottom = MIN (MAX (p0.y, MAX (p1.y, p2.y)), (gint64) px->height);

  for (gint64 y = top; y < bottom; y++)
    {
      gint64 cols[3];
      guint n = 0;

      n += edge_cross (p0, p1, y, &cols[n]);
      n += edge_cross (p1, p2, y, &cols[n]);
      if (n < 2)
        n += edge_cross (p2, p0, y, &cols[n]);
      if (n == 2)
        fill_span (px, y, MIN (cols[0], cols[1]), MAX (cols[0], cols[1]), c);
    }
}

/* ------------------------------------------------------------------ */
/* The label font: 5x7 cells, drawn scaled                            */
/* ------------------------------------------------------------------ */

#define GLYPH_W 5
#define GLYPH_H 7
#define GLYPH_ADVANCE (GLYPH_W + 1)

typedef struct
{
  char        c;
  const char *rows[GLYPH_H];
} Glyph;

static const Glyph glyphs[] = {
  { 'A', { ".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#" } },
  { 'B', { "####.", "#...#", "#...#", "####.", "#...#", "#...#", "####." } },
  { 'C', { ".###.", "#...#", "#....", "#....", "#....", "#...#", ".###." } },
  { 'D', { "####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####." } },
  { 'E', { "#####", "#....", "#....", "####.", "#....", "#....", "#####" } },
  { 'F', { "#####", "#....", "#....", "####.", "#....", "#....", "#...." } },
  { 'G', { ".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####" } },
  { 'H', { "#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#" } },
  { 'I', { ".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###." } },
  { 'J', { "..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##.." } },
  { 'K', { "#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#" } },
  { 'L', { "#....", "#....", "#....", "#....", "#....", "#....", "#####" } },
  { 'M', { "#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#" } },
  { 'N', { "#...#", "#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#" } },
  { 'O', { ".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###." } },
  { 'P', { "####.", "#...#", "#...#", "####.", "#....", "#....", "#...." } },
  { 'Q', { ".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#" } },
  { 'R', { "####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#" } },
  { 'S', { ".####", "#....", "#....", ".###.", "....#", "....#", "####." } },
  { 'T', { "#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.." } },
  { 'U', { "#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###." } },
  { 'V', { "#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#.." } },
  { 'W', { "#...#", "#...#", "#...#", "#.#.#", "#.#.#", "#.#.#", ".#.#." } },
  { 'X', { "#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#" } },
  { 'Y', { "#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#.." } },
  { 'Z', { "#####", "....#", "...#.", "..#..", ".#...", "#....", "#####" } },
  { '0', { ".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###." } },
  { '1', { "..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###." } },
  { '2', { ".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####" } },
  { '3', { "#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###." } },
  { '4', { "...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#." } },
  { '5', { "#####", "#....", "####.", "....#", "....#", "#...#", ".###." } },
  { '6', { "..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###." } },
  { '7', { "#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..." } },
  { '8', { ".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###." } },
  { '9', { ".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.." } },
  { ' ', { ".....", ".....", ".....", ".....", ".....", ".....", "....." } },
  { '.', { ".....", ".....", ".....", ".....", ".....", ".##..", ".##.." } },
  { ',', { ".....", ".....", ".....", ".....", ".##..", "..#..", ".#..." } },
  { ':', { ".....", ".##..", ".##..", ".....", ".##..", ".##..", "....." } },
  { '-', { ".....", ".....", ".....", "#####", ".....", ".....", "....." } },
  { '_', { ".....", ".....", ".....", ".....", ".....", ".....", "#####" } },
  { '/', { ".....", "....#", "...#.", "..#..", ".#...", "#....", "....." } },
  { '#', { ".#.#.", ".#.#.", "#####", ".#.#.", "#####", ".#.#.", ".#.#." } },
  { '(', { "...#.", "..#..", ".#...", ".#...", ".#...", "..#..", "...#." } },
  { ')', { ".#...", "..#..", "...#.", "...#.", "...#.", "..#..", ".#..." } },
  { '!', { "..#..", "..#..", "..#..", "..#..", "..#..", ".....", "..#.." } },
  { '?', { ".###.", "#...#", "....#", "...#.", "..#..", ".....", "..#.." } },
  { '+', { ".....", "..#..", "..#..", "#####", "..#..", "..#..", "....." } },
  { '=', { ".....", ".....", "#####", ".....", "#####", ".....", "....." } },
  { '%', { "##...", "##..#", "...#.", "..#..", ".#...", "#..##", "...##" } },
  { '\'', { "..#..", "..#..", ".#...", ".....", ".....", ".....", "....." } },
  { '@', { ".###.", "#...#", "#.###", "#.#.#", "#.###", "#....", ".####" } },
};

static const Glyph *
glyph_find (char c)
{
  for (gsize i = 0; i < G_N_ELEMENTS (glyphs); i++)
    if (glyphs[i].c == c)
      return &glyphs[i];
  return NULL;
}

/* The glyph of @c; lower case is drawn as upper case, anything else the
 * font lacks as '?'. */
static const Glyph *
glyph_lookup (char c)
{
  const Glyph *glyph = glyph_find (g_ascii_toupper (c));

  return glyph != NULL ? glyph : glyph_find ('?');
}

/* The characters of @text as the font draws them: one cell per ASCII byte
 * and per UTF-8 lead byte (continuation bytes take no cell). */
static guint
text_cells (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (((guchar) *p & 0xc0) != 0x80)
      n++;
  return n;
}

static void
draw_glyph (ScrimPixels *px,
            const Glyph *glyph,
            gint64       x,
            gint64       y,
            guint        scale,
            Rgb          fg)
{
  for (guint row = 0; row < GLYPH_H; row++)
    for (guint col = 0; col < GLYPH_W; col++)
      if (glyph->rows[row][col] == '#')
        fill_rect (px, x + (gint64) col * scale, y + (gint64) row * scale,
                   scale, scale, fg);
}

static void
draw_text (ScrimPixels *px,
           gint64       x,
           gint64       y,
           guint        scale,
           const char  *text,
           Rgb          fg)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (((guchar) *p & 0xc0) == 0x80)
        continue;
      draw_glyph (px, glyph_lookup ((guchar) *p < 0x80 ? *p : '?'), x, y, scale, fg);
      x += (gint64) GLYPH_ADVANCE * scale;
    }
}

/*
** Reports the size of the box scrim_synth_draw_label() paints for @text at
** @scale (0 is taken as 1): (6 n + 1) x 9 cells of @scale px for n
** characters, the text inset by one cell on every side.
*/
void
scrim_synth_label_size (const char *text,
                        guint       scale,
                        guint      *width,
                        guint      *height)
{
  g_return_if_fail (text != NULL);

  scale = MAX (scale, 1);
  if (width != NULL)
    *width = (GLYPH_ADVANCE * text_cells (text) + 1) * scale;
  if (height != NULL)
    *height = (GLYPH_H + 2) * scale;
}

/*
** Stamps @text in black on a white box whose top-left corner is (@x, @y),
** with the built-in 5x7 font enlarged @scale times (0 is taken as 1). The
** box is scrim_synth_label_size() large and clipped to the image; no pixel
** outside it changes. Letters are drawn upper case; characters the font
** lacks (A-Z, 0-9, space and . , : - _ / # ( ) ! ? + = % ' @) are drawn as
** '?'. Works on 1 to 4 channels; alpha in the box becomes opaque.
*/
void
scrim_synth_draw_label (ScrimPixels *pixels,
                        guint        x,
                        guint        y,
                        guint        scale,
                        const char  *text)
{
  guint box_w, box_h;

  g_return_if_fail (pixels != NULL && pixels->data != NULL);
  g_return_if_fail (pixels->channels >= 1 && pixels->channels <= 4);
  g_return_if_fail (text != NULL);

  scale = MAX (scale, 1);
  scrim_synth_label_size (text, scale, &box_w, &box_h);
  fill_rect (pixels, x, y, box_w, box_h, rgb (255, 255, 255));
  draw_text (pixels, (gint64) x + scale, (gint64) y + scale, scale, text, rgb (0, 0, 0));
}

/* ------------------------------------------------------------------ */
/* PHOTO: a smooth field on a coarse grid, upscaled with grain        */
/* ------------------------------------------------------------------ */

/* The field is drawn on a grid PHOTO_CELL times coarser than the image, in
 * units of 1/PHOTO_ONE level. Upscaling weighs by PHOTO_CELL along each
 * axis, so an upscaled value is in 1/256 level (PHOTO_ONE * CELL * CELL). */
#define PHOTO_CELL 4
#define PHOTO_ONE  16
#define PHOTO_UNIT (PHOTO_ONE * PHOTO_CELL * PHOTO_CELL)

/* Amplitudes, in 1/PHOTO_ONE level, of the coarsest noise octave (luma and
 * chroma). */
#define NOISE_LUMA    (64 * PHOTO_ONE)
#define NOISE_CHROMA  (28 * PHOTO_ONE)

/* Per-pixel grain, in 1/256 level per unit of a [-510, 510] bell-shaped
 * variable (deviation ~148) for luma and of a uniform [-128, 127] one for
 * chroma: luma 4 to 8 gives a deviation of 2.3 to 4.6 levels, as from a
 * low to a high ISO. It is most of what a 12 MP q92 JPEG weighs: 2 to 3 MB,
 * as from a phone camera. */
#define GRAIN_LUMA_MIN    4
#define GRAIN_LUMA_MAX    8
#define GRAIN_CHROMA_MIN  2
#define GRAIN_CHROMA_MAX  4

typedef struct
{
  gint32 luma;
  gint32 chroma;
} Grain;

G_STATIC_ASSERT (PHOTO_UNIT == 256);

typedef struct
{
  guint   width;
  guint   height;
  gint32 *v;
} Field;

static void
field_clear (Field *field)
{
  g_clear_pointer (&field->v, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Field, field_clear)

static inline gint32 *
field_at (const Field *field,
          guint        x,
          guint        y)
{
  return field->v + ((gsize) y * field->width + x) * 3;
}

typedef struct
{
  Rgb sky_top, sky_low, ground_far, ground_near;
} Scene;

/* Broad lighting situations; each colour is jittered per image. */
static const Scene scenes[] = {
  { { 70, 120, 200 }, { 185, 205, 230 }, { 110, 130, 80 }, { 70, 90, 45 } },   /* clear day */
  { { 60, 50, 110 }, { 235, 150, 90 }, { 70, 60, 55 }, { 35, 30, 30 } },       /* dusk */
  { { 150, 155, 165 }, { 205, 205, 210 }, { 120, 115, 100 }, { 80, 75, 65 } }, /* overcast */
  { { 200, 190, 170 }, { 225, 215, 195 }, { 140, 100, 70 }, { 100, 70, 45 } }, /* indoor */
  { { 90, 150, 215 }, { 200, 220, 235 }, { 40, 90, 130 }, { 20, 60, 95 } },    /* sea */
};

static inline gint32
lerp_fp (guint8 a,
         guint8 b,
         gint32 t)
{
  /* t in [0, 256] */
  return a * PHOTO_ONE + (((gint32) b - a) * PHOTO_ONE * t) / 256;
}

/* A sky gradient above a tilted horizon and a ground gradient below it. */
static void
paint_backdrop (Field       *field,
                const Scene *scene,
                ScrimRng         *rng)
{
  gint64 w = field->width, h = field->height;
  gint64 horizon = h * rng_range (rng, 30, 65) / 100;
  gint64 tilt = rng_range (rng, -(int) h / 10, (int) h / 10);
  g_autofree gint64 *line = g_new (gint64, w);

  for (gint64 x = 0; x < w; x++)
    line[x] = CLAMP (horizon + tilt * (2 * x - w) / (2 * w), 1, h - 1);

  for (gint64 y = 0; y < h; y++)
    for (gint64 x = 0; x < w; x++)
      {
        gint32 *v = field_at (field, x, y);
        gboolean sky = y < line[x];
        gint32 t = sky ? y * 256 / line[x] : (y - line[x]) * 256 / (h - line[x]);
        Rgb a = sky ? scene->sky_top : scene->ground_far;
        Rgb b = sky ? scene->sky_low : scene->ground_near;

        v[0] = lerp_fp (a.r, b.r, t);
        v[1] = lerp_fp (a.g, b.g, t);
        v[2] = lerp_fp (a.b, b.b, t);
      }
}

/* Blends @c into the field at (@x, @y) with coverage @a (0..256), shaded
 * by @shade levels. */
static inline void
field_blend (Field  *field,
             gint64  x,
             gint64  y,
             Rgb     c,
             gint32  shade,
             gint32  a)
{
  gint32 *v = field_at (field, x, y);
  gint32 target[3] = { c.r * PHOTO_ONE + shade, c.g * PHOTO_ONE + shade,
                       c.b * PHOTO_ONE + shade };

  for (guint k = 0; k < 3; k++)
    v[k] += ((target[k] - v[k]) * a) / 256;
}

typedef struct
{
  gint64 cx, cy, rx, ry;   /* centre and half sizes */
  gint64 x0, y0, x1, y1;   /* bounding box, clipped */
  Rgb    colour;
  gint32 opacity;          /* 0..256 */
  gint32 softness;         /* edge width */
  gint32 shade;            /* 1/PHOTO_ONE levels, top to bottom */
} Blob;

static void
blob_pick (Blob        *blob,
           const Field *field,
           ScrimRng         *rng)
{
  gint64 w = field->width, h = field->height;

  blob->rx = rng_range (rng, (int) (w / 40) + 1, (int) (w / 6) + 2);
  blob->ry = blob->rx * rng_range (rng, 40, 160) / 100 + 1;
  blob->cx = rng_range (rng, 0, (int) w);
  blob->cy = rng_range (rng, 0, (int) h);
  blob->x0 = MAX (blob->cx - blob->rx, 0);
  blob->x1 = MIN (blob->cx + blob->rx, w);
  blob->y0 = MAX (blob->cy - blob->ry, 0);
  blob->y1 = MIN (blob->cy + blob->ry, h);
  blob->colour = rgb_jitter (rng, rgb (128, 128, 128), 110);
  blob->opacity = rng_range (rng, 120, 256);
  blob->softness = rng_range (rng, 8, 200);
  blob->shade = rng_range (rng, -50, 50) * PHOTO_ONE;
}

/* A soft-edged ellipse: coverage falls from full to none over the outer
 * part of its radius. */
static void
paint_ellipse (Field *field,
               ScrimRng   *rng)
{
  Blob b;
  gint64 irx2, iry2;

  blob_pick (&b, field, rng);
  irx2 = (G_GINT64_CONSTANT (1) << 32) / (b.rx * b.rx);
  iry2 = (G_GINT64_CONSTANT (1) << 32) / (b.ry * b.ry);

  for (gint64 y = b.y0; y < b.y1; y++)
    for (gint64 x = b.x0; x < b.x1; x++)
      {
        gint64 dx = x - b.cx, dy = y - b.cy;
        gint64 d2 = (dx * dx * irx2 + dy * dy * iry2) >> 16;   /* 65536 on the rim */
        gint32 a;

        if (d2 >= 65536)
          continue;
        a = (gint32) MIN ((65536 - d2) / b.softness, 256);
        field_blend (field, x, y, b.colour, (gint32) (b.shade * dy / b.ry),
                     a * b.opacity / 256);
      }
}

/* A soft-edged rectangle (a wall, a window, a table top). */
static void
paint_rectangle (Field *field,
                 ScrimRng   *rng)
{
  Blob b;
  gint64 soft;

  blob_pick (&b, field, rng);
  soft = 1 + b.softness / 64;
  for (gint64 y = b.y0; y < b.y1; y++)
    for (gint64 x = b.x0; x < b.x1; x++)
      {
        gint64 edge = MIN (MIN (x - b.x0, b.x1 - 1 - x), MIN (y - b.y0, b.y1 - 1 - y)) + 1;
        gint32 a = (gint32) MIN (edge * 256 / soft, 256);

        field_blend (field, x, y, b.colour,
                     (gint32) (b.shade * (y - b.y0) / MAX (b.y1 - b.y0, 1)),
                     a * b.opacity / 256);
      }
}

/* Darkens towards the corners, as most lenses do. */
static void
paint_vignette (Field *field,
                ScrimRng   *rng)
{
  gint64 cx = field->width / 2, cy = field->height / 2;
  gint64 norm = cx * cx + cy * cy + 1;
  gint64 strength = rng_range (rng, 30, 110);

  for (gint64 y = 0; y < field->height; y++)
    for (gint64 x = 0; x < field->width; x++)
      {
        gint32 *v = field_at (field, x, y);
        gint64 r2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) * 256 / norm;
        gint64 keep = 256 - r2 * strength / 256;

        for (guint k = 0; k < 3; k++)
          v[k] = (gint32) (v[k] * keep / 256);
      }
}

/* One subdivision step of a quadratic B-spline (Chaikin): n samples become
 * 2n, weights 1/4 3/4, ends clamped. Converges to a smooth surface. */
static void
chaikin_row (const gint32 *src,
             gint32       *dst,
             guint         n)
{
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < 3; k++)
      {
        gint32 l = src[(i > 0 ? i - 1 : i) * 3 + k];
        gint32 c = src[i * 3 + k];
        gint32 r = src[(i + 1 < n ? i + 1 : i) * 3 + k];

        dst[i * 6 + k] = (l + 3 * c + 2) >> 2;
        dst[i * 6 + 3 + k] = (3 * c + r + 2) >> 2;
      }
}

static gint32 *
upsample2 (gint32 *src,
           guint  *w,
           guint  *h)
{
  gsize row = (gsize) *w * 2 * 3;
  g_autofree gint32 *wide = g_new (gint32, row * *h);
  gint32 *dst = g_new (gint32, row * *h * 2);

  for (guint y = 0; y < *h; y++)
    chaikin_row (src + (gsize) y * *w * 3, wide + y * row, *w);
  for (guint y = 0; y < *h; y++)
    {
      const gint32 *up = wide + (y > 0 ? y - 1 : y) * row;
      const gint32 *mid = wide + y * row;
      const gint32 *down = wide + (y + 1 < *h ? y + 1 : y) * row;
      gint32 *d0 = dst + 2 * y * row;
      gint32 *d1 = d0 + row;

      for (gsize i = 0; i < row; i++)
        {
          d0[i] = (up[i] + 3 * mid[i] + 2) >> 2;
          d1[i] = (3 * mid[i] + down[i] + 2) >> 2;
        }
    }
  g_free (src);
  *w *= 2;
  *h *= 2;
  return dst;
}

/* Adds one octave: a luma offset shared by the three channels plus a
 * smaller offset per channel, uniform in +-amplitude. */
static void
noise_add_octave (gint32 *v,
                  gsize   n,
                  ScrimRng    *rng,
                  gint32  amp_luma,
                  gint32  amp_chroma)
{
  for (gsize i = 0; i < n; i++)
    {
      guint64 r = scrim_rng_next (rng);
      gint32 luma = (gint32) (r & 0xfff) - 2048;

      for (guint k = 0; k < 3; k++)
        {
          gint32 chroma = (gint32) ((r >> (12 * (k + 1))) & 0xfff) - 2048;

          v[i * 3 + k] += (luma * amp_luma + chroma * amp_chroma) / 2048;
        }
    }
}

/* Multi-octave value noise on a grid at least @need_w x @need_h: a few
 * random samples, then repeatedly subdivided and enriched with a finer,
 * weaker octave. Zero mean, in 1/PHOTO_ONE level. */
static gint32 *
noise_pyramid (guint  need_w,
               guint  need_h,
               ScrimRng   *rng,
               guint *out_w)
{
  guint levels = 0, w, h;
  gint32 amp_luma = NOISE_LUMA, amp_chroma = NOISE_CHROMA;
  gint32 *v;

  while (((MAX (need_w, need_h) - 1) >> levels) + 1 > 4)
    levels++;
  w = ((need_w - 1) >> levels) + 1;
  h = ((need_h - 1) >> levels) + 1;
  v = g_new0 (gint32, (gsize) w * h * 3);
  noise_add_octave (v, (gsize) w * h, rng, amp_luma, amp_chroma);
  for (guint k = 0; k < levels; k++)
    {
      v = upsample2 (v, &w, &h);
      amp_luma = amp_luma * 5 / 8;
      amp_chroma = amp_chroma / 2;
      noise_add_octave (v, (gsize) w * h, rng, amp_luma, amp_chroma);
    }
  *out_w = w;
  return v;
}

static void
field_add_noise (Field *field,
                 ScrimRng   *rng)
{
  guint noise_w;
  g_autofree gint32 *noise = noise_pyramid (field->width, field->height, rng, &noise_w);

  for (guint y = 0; y < field->height; y++)
    {
      gint32 *v = field_at (field, 0, y);
      const gint32 *n = noise + (gsize) y * noise_w * 3;

      for (gsize i = 0; i < (gsize) field->width * 3; i++)
        v[i] += n[i];
    }
}

static inline guint8
clamp_u8 (gint32 v)
{
  return (guint8) (v < 0 ? 0 : v > 255 ? 255 : v);
}

/* One image row from a vertically interpolated field row @tmp (in
 * 1/(PHOTO_ONE * PHOTO_CELL) level): linear steps across each cell, plus
 * grain drawn from @rng for every pixel. */
static void
emit_photo_row (const gint32 *tmp,
                guint8       *out,
                guint         width,
                Grain         grain,
                ScrimRng          *rng)
{
  guint x = 0;

  for (guint cx = 0; x < width; cx++)
    {
      const gint32 *a = tmp + cx * 3;
      gint32 v0 = a[0] * PHOTO_CELL + 128, d0 = a[3] - a[0];
      gint32 v1 = a[1] * PHOTO_CELL + 128, d1 = a[4] - a[1];
      gint32 v2 = a[2] * PHOTO_CELL + 128, d2 = a[5] - a[2];

      for (guint k = 0; k < PHOTO_CELL && x < width; k++, x++)
        {
          guint64 r = scrim_rng_next (rng);
          gint32 luma = ((gint32) (r & 0xff) + (gint32) ((r >> 8) & 0xff)
                         + (gint32) ((r >> 16) & 0xff) + (gint32) ((r >> 24) & 0xff)
                         - 510) * grain.luma;

          out[0] = clamp_u8 ((v0 + luma + ((gint32) ((r >> 32) & 0xff) - 128) * grain.chroma) >> 8);
          out[1] = clamp_u8 ((v1 + luma + ((gint32) ((r >> 40) & 0xff) - 128) * grain.chroma) >> 8);
          out[2] = clamp_u8 ((v2 + luma + ((gint32) ((r >> 48) & 0xff) - 128) * grain.chroma) >> 8);
          out += 3;
          v0 += d0;
          v1 += d1;
          v2 += d2;
        }
    }
}

static void
field_render (const Field *field,
              ScrimPixels *px,
              ScrimRng         *rng)
{
  gsize n = (gsize) field->width * 3;
  g_autofree gint32 *tmp = g_new (gint32, n);
  Grain grain;

  grain.luma = rng_range (rng, GRAIN_LUMA_MIN, GRAIN_LUMA_MAX);
  grain.chroma = rng_range (rng, GRAIN_CHROMA_MIN, GRAIN_CHROMA_MAX);

  for (guint y = 0; y < px->height; y++)
    {
      const gint32 *r0 = field_at (field, 0, y / PHOTO_CELL);
      const gint32 *r1 = field_at (field, 0, y / PHOTO_CELL + 1);
      gint32 wy = y % PHOTO_CELL;

      for (gsize i = 0; i < n; i++)
        tmp[i] = r0[i] * (PHOTO_CELL - wy) + r1[i] * wy;
      emit_photo_row (tmp, px->data + y * px->stride, px->width, grain, rng);
    }
}

static void
draw_photo (ScrimPixels *px,
            ScrimRng         *rng)
{
  g_auto(Field) field = { px->width / PHOTO_CELL + 2, px->height / PHOTO_CELL + 2, NULL };
  Scene scene = scenes[rng_below (rng, G_N_ELEMENTS (scenes))];
  guint n_ellipses = rng_range (rng, 3, 9);
  guint n_rectangles = rng_range (rng, 0, 4);

  scene.sky_top = rgb_jitter (rng, scene.sky_top, 25);
  scene.sky_low = rgb_jitter (rng, scene.sky_low, 25);
  scene.ground_far = rgb_jitter (rng, scene.ground_far, 25);
  scene.ground_near = rgb_jitter (rng, scene.ground_near, 25);

  field.v = g_new (gint32, (gsize) field.width * field.height * 3);
  paint_backdrop (&field, &scene, rng);
  for (guint i = 0; i < n_rectangles; i++)
    paint_rectangle (&field, rng);
  for (guint i = 0; i < n_ellipses; i++)
    paint_ellipse (&field, rng);
  field_add_noise (&field, rng);
  paint_vignette (&field, rng);
  field_render (&field, px, rng);
}

/* ------------------------------------------------------------------ */
/* SCREENSHOT: flat panels, bars and lines of text                     */
/* ------------------------------------------------------------------ */

typedef struct
{
  Rgb    bg, surface, text, text_dim, accent, on_accent;
  guint  scale;   /* text scale of body lines */
} Theme;

static const Rgb accents[] = {
  { 33, 150, 243 }, { 76, 175, 80 }, { 156, 39, 176 }, { 255, 152, 0 },
  { 0, 150, 136 }, { 233, 30, 99 }, { 63, 81, 181 }, { 121, 85, 72 },
};

static void
theme_pick (Theme             *theme,
            const ScrimPixels *px,
            ScrimRng               *rng)
{
  gboolean dark = rng_below (rng, 3) == 0;

  theme->accent = rgb_jitter (rng, accents[rng_below (rng, G_N_ELEMENTS (accents))], 12);
  theme->on_accent = rgb (255, 255, 255);
  theme->bg = dark ? rgb (18, 18, 20) : rgb (250, 250, 250);
  theme->surface = dark ? rgb (40, 40, 44) : rgb (236, 236, 240);
  theme->text = dark ? rgb (232, 232, 232) : rgb (28, 28, 30);
  theme->text_dim = dark ? rgb (150, 150, 155) : rgb (115, 115, 120);
  theme->scale = MAX (1, MIN (px->width, px->height) / 220);
}

/* Random words filling at most @max_cells characters. */
static char *
random_words (ScrimRng  *rng,
              guint max_cells)
{
  GString *s = g_string_new (NULL);
  guint target = max_cells / 3 + rng_below (rng, max_cells / 2 + 1);

  while (s->len < target)
    {
      guint len = rng_range (rng, 2, 9);

      if (s->len + len + 1 > max_cells)
        break;
      if (s->len > 0)
        g_string_append_c (s, ' ');
      for (guint i = 0; i < len; i++)
        g_string_append_c (s, rng_below (rng, 12) == 0 ? '0' + rng_below (rng, 10)
                                                        : 'A' + rng_below (rng, 26));
    }
  return g_string_free (s, FALSE);
}

static void
draw_words (ScrimPixels *px,
            ScrimRng         *rng,
            gint64       x,
            gint64       y,
            gint64       max_w,
            guint        scale,
            Rgb          fg)
{
  g_autofree char *words = random_words (rng, MAX (max_w, 0) / (GLYPH_ADVANCE * scale));

  draw_text (px, x, y, scale, words, fg);
}

/* The status bar and the app bar; returns the first free row. */
static gint64
draw_bars (ScrimPixels *px,
           const Theme *t,
           ScrimRng         *rng)
{
  gint64 w = px->width, s = t->scale;
  gint64 status_h = 11 * s, bar_h = 22 * s;
  guint hour = rng_below (rng, 24);
  guint minute = rng_below (rng, 60);
  char clock[8];

  g_snprintf (clock, sizeof clock, "%02u:%02u", hour, minute);
  fill_rect (px, 0, 0, w, status_h, rgb (t->accent.r * 3 / 4, t->accent.g * 3 / 4,
                                         t->accent.b * 3 / 4));
  draw_text (px, 3 * s, 2 * s, s, clock, t->on_accent);
  for (int i = 1; i <= 3; i++)
    fill_rect (px, w - i * 9 * s, 3 * s, 6 * s, 5 * s, t->on_accent);

  fill_rect (px, 0, status_h, w, bar_h, t->accent);
  draw_words (px, rng, 6 * s, status_h + 4 * s, w / 2, 2 * s, t->on_accent);
  return status_h + bar_h;
}

static void
draw_list (ScrimPixels *px,
           const Theme *t,
           ScrimRng         *rng,
           gint64       y,
           gint64       bottom)
{
  gint64 w = px->width, s = t->scale;
  gint64 row_h = 26 * s;

  for (; y + row_h <= bottom; y += row_h)
    {
      gint64 text_x = row_h + 4 * s;

      fill_disc (px, row_h / 2 + 2 * s, y + row_h / 2, row_h * 3 / 8,
                 rgb_jitter (rng, rgb (128, 128, 128), 100));
      draw_words (px, rng, text_x, y + 4 * s, w - text_x - 4 * s, s + s / 2, t->text);
      draw_words (px, rng, text_x, y + 15 * s, w - text_x - 4 * s, s, t->text_dim);
      fill_rect (px, text_x, y + row_h - MAX (s / 2, 1), w - text_x, MAX (s / 2, 1), t->surface);
    }
}

static void
draw_chat (ScrimPixels *px,
           const Theme *t,
           ScrimRng         *rng,
           gint64       y,
           gint64       bottom)
{
  gint64 w = px->width, s = t->scale;
  gint64 line_h = 10 * s;

  for (y += 4 * s; ; y += 4 * s)
    {
      gboolean mine = rng_below (rng, 2) == 0;
      gint64 lines = rng_range (rng, 1, 4);
      gint64 bubble_w = w * rng_range (rng, 40, 75) / 100;
      gint64 bubble_h = lines * line_h + 4 * s;
      gint64 x = mine ? w - bubble_w - 4 * s : 4 * s;

      if (y + bubble_h > bottom)
        break;
      fill_rect (px, x, y, bubble_w, bubble_h, mine ? t->accent : t->surface);
      for (gint64 i = 0; i < lines; i++)
        draw_words (px, rng, x + 3 * s, y + 3 * s + i * line_h, bubble_w - 6 * s, s,
                    mine ? t->on_accent : t->text);
      y += bubble_h;
    }
}

/* A photo inside a screen (a gallery tile, a post): drawn from its own
 * seed and copied in, clipped to the image. */
static void
blit_photo (ScrimPixels *px,
            ScrimRng         *rng,
            gint64       x,
            gint64       y,
            gint64       w,
            gint64       h)
{
  guint64 seed = scrim_rng_next (rng);
  gint64 x0 = MAX (x, 0), x1 = MIN (x + w, (gint64) px->width);
  gint64 y0 = MAX (y, 0), y1 = MIN (y + h, (gint64) px->height);
  g_autoptr(ScrimPixels) photo = NULL;

  g_assert (px->channels == 3);
  if (x0 >= x1 || y0 >= y1)
    return;
  photo = scrim_synth_draw (SCRIM_SYNTH_PHOTO, seed, w, h, NULL);
  if (photo == NULL)
    return;
  for (gint64 row = y0; row < y1; row++)
    memcpy (px->data + row * px->stride + x0 * 3,
            photo->data + (row - y) * photo->stride + (x0 - x) * 3, (x1 - x0) * 3);
}

static void
draw_gallery (ScrimPixels *px,
              const Theme *t,
              ScrimRng         *rng,
              gint64       y,
              gint64       bottom)
{
  gint64 w = px->width, gap = MAX (t->scale, 1);
  gint64 cols = w > px->height ? 5 : 3;
  gint64 tile = (w - gap * (cols + 1)) / cols;

  for (y += gap; y + tile <= bottom; y += tile + gap)
    for (gint64 c = 0; c < cols; c++)
      blit_photo (px, rng, gap + c * (tile + gap), y, tile, tile);
}

/* A social feed: a header, a photo as wide as the screen, a caption. */
static void
draw_feed (ScrimPixels *px,
           const Theme *t,
           ScrimRng         *rng,
           gint64       y,
           gint64       bottom)
{
  gint64 w = px->width, s = t->scale;

  while (y < bottom)
    {
      gint64 photo_h = w * rng_range (rng, 56, 100) / 100;

      fill_disc (px, 10 * s, y + 10 * s, 7 * s, rgb_random (rng));
      draw_words (px, rng, 20 * s, y + 5 * s, w / 2, s + s / 2, t->text);
      y += 20 * s;
      blit_photo (px, rng, 0, y, w, MIN (photo_h, bottom - y));
      y += photo_h + 4 * s;
      draw_words (px, rng, 4 * s, y, w - 8 * s, s, t->text);
      y += 14 * s;
    }
}

static void
draw_screenshot (ScrimPixels *px,
                 ScrimRng         *rng)
{
  Theme t;
  gint64 top, nav_h, bottom;

  theme_pick (&t, px, rng);
  fill_rect (px, 0, 0, px->width, px->height, t.bg);
  top = draw_bars (px, &t, rng);
  nav_h = 24 * (gint64) t.scale;
  bottom = px->height - nav_h;

  switch (rng_below (rng, 4))
    {
    case 0:
      draw_list (px, &t, rng, top, bottom);
      break;
    case 1:
      draw_chat (px, &t, rng, top, bottom);
      break;
    case 2:
      draw_feed (px, &t, rng, top, bottom);
      break;
    default:
      draw_gallery (px, &t, rng, top, bottom);
      break;
    }

  fill_rect (px, 0, bottom, px->width, nav_h, t.surface);
  for (gint64 i = 0; i < 4; i++)
    fill_disc (px, px->width * (2 * i + 1) / 8, bottom + nav_h / 2, nav_h / 4,
               i == 0 ? t.accent : t.text_dim);
}

/* ------------------------------------------------------------------ */
/* PATTERN: hard-edged geometry                                        */
/* ------------------------------------------------------------------ */

static void
pattern_checker (ScrimPixels *px,
                 Rgb          c1,
                 Rgb          c2,
                 gint64       cell)
{
  for (gint64 y = 0; y < px->height; y++)
    for (gint64 x = 0; x < px->width; x += cell)
      fill_span (px, y, x, x + cell, ((x / cell + y / cell) & 1) ? c1 : c2);
}

static void
pattern_stripes (ScrimPixels *px,
                 Rgb          c1,
                 Rgb          c2,
                 gint64       cell)
{
  for (gint64 y = 0; y < px->height; y++)
    for (gint64 x = 0; x < px->width;)
      {
        gint64 k = (x + y) / cell;
        gint64 end = (k + 1) * cell - y;

        fill_span (px, y, x, end, (k & 1) ? c1 : c2);
        x = end;
      }
}

/* Concentric rings, each pixel drawn once: per row, the part of ring k
 * outside ring k - 1. */
static void
pattern_rings (ScrimPixels *px,
               ScrimRng         *rng,
               Rgb          c1,
               Rgb          c2,
               gint64       cell)
{
  gint64 cx = rng_below (rng, px->width), cy = rng_below (rng, px->height);

  for (gint64 y = 0; y < px->height; y++)
    {
      gint64 dy = ABS (y - cy), inner = -1;

      for (gint64 k = 1; inner < 0 || cx - inner > 0 || cx + inner < px->width; k++)
        {
          gint64 r = k * cell, half;
          Rgb c = (k & 1) ? c1 : c2;

          if (r <= dy)
            continue;
          half = (gint64) isqrt64 ((guint64) (r * r - dy * dy));
          if (inner < 0)
            fill_span (px, y, cx - half, cx + half + 1, c);
          else
            {
              fill_span (px, y, cx - half, cx - inner, c);
              fill_span (px, y, cx + inner + 1, cx + half + 1, c);
            }
          inner = half;
        }
    }
}

static void
pattern_grid (ScrimPixels *px,
              Rgb          c1,
              Rgb          c2,
              gint64       cell)
{
  gint64 line = cell / 6 + 1;

  fill_rect (px, 0, 0, px->width, px->height, c1);
  for (gint64 x = 0; x < px->width; x += cell)
    fill_rect (px, x, 0, line, px->height, c2);
  for (gint64 y = 0; y < px->height; y += cell)
    fill_rect (px, 0, y, px->width, line, c2);
}

static void
pattern_shape (ScrimPixels *px,
               ScrimRng         *rng,
               gint64       size)
{
  gint64 x = rng_below (rng, px->width), y = rng_below (rng, px->height);
  Rgb c = rgb_random (rng);

  switch (rng_below (rng, 3))
    {
    case 0:
      fill_rect (px, x - size / 2, y - size / 2, size, size * rng_range (rng, 30, 200) / 100, c);
      break;
    case 1:
      fill_disc (px, x, y, size / 2, c);
      break;
    default:
      {
        Point a = { x, y - size / 2 };
        Point b = { x - size / 2 - rng_range (rng, 0, (int) size / 2), y + size / 2 };
        Point d = { x + size / 2, y + size / 2 - rng_range (rng, 0, (int) size / 2) };

        fill_triangle (px, a, b, d, c);
      }
      break;
    }
}

static void
draw_pattern (ScrimPixels *px,
              ScrimRng         *rng)
{
  gint64 short_side = MIN (px->width, px->height);
  gint64 cells = rng_range (rng, 6, 24);
  gint64 cell = MAX (4, short_side / cells);
  Rgb c1 = rgb_random (rng), c2 = rgb_random (rng);
  guint n_shapes = rng_range (rng, 3, 8);

  switch (rng_below (rng, 4))
    {
    case 0:
      pattern_checker (px, c1, c2, cell);
      break;
    case 1:
      pattern_stripes (px, c1, c2, cell);
      break;
    case 2:
      pattern_rings (px, rng, c1, c2, cell);
      break;
    default:
      pattern_grid (px, c1, c2, cell);
      break;
    }
  for (guint i = 0; i < n_shapes; i++)
    {
      gint64 size = short_side * rng_range (rng, 10, 35) / 100;

      pattern_shape (px, rng, MAX (2, size));
    }
}

/* ------------------------------------------------------------------ */
/* Drawing, public                                                     */
/* ------------------------------------------------------------------ */

/* Where scrim_synth_draw() stamps its label: bottom left, scaled to the
 * image, two cells in from the edges. */
static void
stamp_label (ScrimPixels *px,
             const char  *label)
{
  guint scale = MAX (1, MIN (px->width, px->height) / 200);
  guint box_h;
  gint64 y;

  scrim_synth_label_size (label, scale, NULL, &box_h);
  y = (gint64) px->height - box_h - 2 * scale;
  scrim_synth_draw_label (px, MIN (2 * scale, px->width - 1), MAX (y, 0), scale, label);
}

/*
** Draws a synthetic RGB image of @width x @height (both > 0) in @style,
** determined entirely by (@style, @seed, @width, @height): the same
** arguments give the same pixels in every build and on every run.
**
** PHOTO is a landscape-like scene (sky and ground gradients, soft blobs,
** multi-octave colour noise, vignette, per-pixel grain) that compresses like
** a camera photo; SCREENSHOT a phone or desktop screen of flat panels and
** text lines; PATTERN hard-edged geometry. When @label is not NULL (nor
** empty) it is stamped with scrim_synth_draw_label() at scale
** s = max (1, min (@width, @height) / 200), 2 s px from the left and bottom
** edges; no other pixel differs from the unlabelled image.
**
** Returns a new 3-channel image owned by the caller. Returns NULL when
** memory runs out, and (with a critical) for a zero size or an unknown
** style.
*/
ScrimPixels *
scrim_synth_draw (ScrimSynthStyle  style,
                  guint64          seed,
                  guint            width,
                  guint            height,
                  const char      *label)
{
  g_autoptr(ScrimPixels) px = NULL;
  ScrimRng rng;

  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (style <= SCRIM_SYNTH_PATTERN, NULL);

  rng_init (&rng, seed, ((guint64) style << 56) ^ ((guint64) width << 28) ^ height);
  px = scrim_pixels_new (width, height, 3);
  if (px == NULL)
    return NULL;
  switch (style)
    {
    case SCRIM_SYNTH_PHOTO:
      draw_photo (px, &rng);
      break;
    case SCRIM_SYNTH_SCREENSHOT:
      draw_screenshot (px, &rng);
      break;
    case SCRIM_SYNTH_PATTERN:
    default:
      draw_pattern (px, &rng);
      break;
    }
  if (label != NULL && *label != '\0')
    stamp_label (px, label);
  return g_steal_pointer (&px);
}

/* ------------------------------------------------------------------ */
/* Files                                                               */
/* ------------------------------------------------------------------ */

static gboolean
set_errno_error (GError    **error,
                 int         errsv,
                 const char *what,
                 const char *path)
{
  g_autofree char *display = g_filename_display_name (path);
  int code = (errsv == ENOSPC || errsv == EDQUOT || errsv == EFBIG)
             ? SCRIM_ERROR_NO_SPACE : SCRIM_ERROR_IO;

  g_set_error (error, SCRIM_ERROR, code, "%s “%s”: %s", what, display, g_strerror (errsv));
  return FALSE;
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, MIN (len, (gsize) G_MAXSSIZE));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (n == 0)
            errno = EIO;
          return FALSE;
        }
      data += n;
      len -= n;
    }
  return TRUE;
}

static gboolean
set_times (int    fd,
           gint64 mtime_unix)
{
  struct timespec times[2];

  if (mtime_unix < 0)
    return TRUE;
  times[0].tv_sec = times[1].tv_sec = (time_t) mtime_unix;
  times[0].tv_nsec = times[1].tv_nsec = 0;
  return futimens (fd, times) == 0;
}

/*
** Writes @bytes to a new file at @path, creating missing parent folders
** (mode 0755; the file 0644 less the umask). An existing file is never
** touched: O_EXCL refuses it. When @mtime_unix >= 0 the file's modification
** and access times are set to it (whole seconds).
**
** Returns TRUE on success. On failure returns FALSE and sets @error
** (SCRIM_ERROR_NO_SPACE for a full disk or file size limit, SCRIM_ERROR_IO
** otherwise; the message names the path); a partly written file of ours is
** removed.
*/
gboolean
scrim_synth_write_file (const char  *path,
                        GBytes      *bytes,
                        gint64       mtime_unix,
                        GError     **error)
{
  g_autofree char *dir = NULL;
  gsize len;
  const guint8 *data;
  int fd, errsv;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    return set_errno_error (error, errno, "Cannot create the folder", dir);

  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0)
    return set_errno_error (error, errno, "Cannot create", path);

  data = g_bytes_get_data (bytes, &len);
  if (!write_all (fd, data, len) || !set_times (fd, mtime_unix))
    {
      errsv = errno;
      close (fd);
      unlink (path);
      return set_errno_error (error, errsv, "Cannot write", path);
    }
  if (close (fd) != 0)
    {
      errsv = errno;
      unlink (path);
      return set_errno_error (error, errsv, "Cannot write", path);
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* The benchmark's "seized device"                                     */
/* ------------------------------------------------------------------ */

typedef struct
{
  const char *make;
  const char *model;
  const char *serial;
  const char *software;
} Camera;

/* Fictional cameras. The first is the device owner's phone and takes most
 * sessions; the first two share a model, so only the serial tells them
 * apart. */
static const Camera cameras[] = {
  { "Kestrel", "KX-12", "KX12A0041973", "KX-12 Camera 4.2.1" },
  { "Kestrel", "KX-12", "KX12A0058210", "KX-12 Camera 4.1.0" },
  { "Orrery Optics", "Pocket 7", "P7-33100872", "Pocket OS 7.3" },
  { "Tamarind", "TP-40 Zoom", "TP40Z-000912", "TP-40 v1.08" },
};

typedef struct
{
  const char *dir;
  guint64     seed;
  ScrimRng         rng;     /* timeline and choices; each image has its own seed */
  gint64      start;   /* local wall-clock seconds (as if UTC) of day one */
} SetWriter;

typedef struct
{
  const Camera *camera;
  gboolean      has_gps;
  double        lat, lon, alt;
} Session;

static guint64
item_seed (guint64 seed,
           char    kind,
           guint   index)
{
  ScrimRng rng;

  rng_init (&rng, seed, ((guint64) (guchar) kind << 32) | index);
  return scrim_rng_next (&rng);
}

/* Central European time, summer time from April to October (close
 * enough for synthetic data): the UTC offset of a wall-clock time. */
static gint64
wall_offset (GDateTime *wall)
{
  int month = g_date_time_get_month (wall);

  return (month >= 4 && month <= 10) ? 7200 : 3600;
}

typedef struct
{
  int    year, month, day, hour, minute, second;
  gint64 offset;      /* seconds east of UTC */
  gint64 unix_time;
} WallTime;

#define WALL_YMDHMS(t) (t).year, (t).month, (t).day, (t).hour, (t).minute, (t).second

/* Splits local wall-clock seconds (counted as if UTC) into fields, with the
 * matching Unix time. */
static WallTime
wall_split (gint64 wall)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (wall);
  WallTime t;

  t.year = g_date_time_get_year (dt);
  t.month = g_date_time_get_month (dt);
  t.day = g_date_time_get_day_of_month (dt);
  t.hour = g_date_time_get_hour (dt);
  t.minute = g_date_time_get_minute (dt);
  t.second = g_date_time_get_second (dt);
  t.offset = wall_offset (dt);
  t.unix_time = wall - t.offset;
  return t;
}

/* A later day, at a waking hour. */
static gint64
next_day (ScrimRng    *rng,
          gint64  wall,
          int     max_days)
{
  gint64 day = wall / 86400 + rng_range (rng, 1, max_days);

  return day * 86400 + rng_range (rng, 8 * 3600, 20 * 3600);
}

static gboolean
write_image (SetWriter         *sw,
             const char        *relpath,
             const ScrimPixels *px,
             gboolean           png,
             int                quality,
             GBytes            *exif_app1,
             gint64             mtime,
             GError           **error)
{
  g_autofree char *path = g_build_filename (sw->dir, relpath, NULL);
  g_autoptr(GBytes) bytes = NULL;

  if (px == NULL)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_FAILED,
                   _("Not enough memory to draw “%s”"), relpath);
      return FALSE;
    }
  if (png)
    bytes = scrim_png_encode (px, 8, FALSE, FALSE, error);
  else
    bytes = scrim_jpeg_encode (px, quality, exif_app1, error);
  if (bytes == NULL)
    return FALSE;
  return scrim_synth_write_file (path, bytes, mtime, error);
}

static void
session_pick (Session *s,
              ScrimRng     *rng)
{
  s->camera = rng_below (rng, 10) < 6 ? &cameras[0]
              : &cameras[1 + rng_below (rng, G_N_ELEMENTS (cameras) - 1)];
  s->has_gps = rng_below (rng, 2) == 0;
  s->lat = 51.8 + rng_below (rng, 800) / 1000.0;
  s->lon = 4.2 + rng_below (rng, 1400) / 1000.0;
  s->alt = rng_below (rng, 400) / 10.0;
}

static ScrimExif *
camera_exif (const Session *s,
             ScrimRng           *rng,
             gint64         wall)
{
  g_autoptr(ScrimExif) exif = scrim_exif_new ();
  WallTime t = wall_split (wall);

  exif->make = g_strdup (s->camera->make);
  exif->model = g_strdup (s->camera->model);
  exif->serial = g_strdup (s->camera->serial);
  exif->software = g_strdup (s->camera->software);
  exif->datetime_original = g_strdup_printf ("%04d:%02d:%02d %02d:%02d:%02d", WALL_YMDHMS (t));
  exif->offset_time_original = g_strdup (t.offset == 7200 ? "+02:00" : "+01:00");
  exif->orientation = rng_below (rng, 5) == 0 ? 6 : 1;
  exif->has_orientation = TRUE;
  if (s->has_gps)
    {
      exif->gps_lat = s->lat + (rng_range (rng, -500, 500) / 1e6);
      exif->gps_lon = s->lon + (rng_range (rng, -500, 500) / 1e6);
      exif->gps_alt = s->alt;
      exif->has_gps = TRUE;
      exif->has_gps_alt = TRUE;
    }
  return g_steal_pointer (&exif);
}

static gboolean
write_camera_photo (SetWriter     *sw,
                    const Session *s,
                    guint          index,
                    gint64         wall,
                    GError       **error)
{
  g_autoptr(ScrimPixels) px = NULL;
  g_autoptr(ScrimExif) exif = camera_exif (s, &sw->rng, wall);
  g_autoptr(GBytes) app1 = NULL;
  g_autofree char *name = NULL;
  WallTime t = wall_split (wall);

  app1 = scrim_exif_build_app1 (exif, error);
  if (app1 == NULL)
    return FALSE;
  name = g_strdup_printf ("DCIM/Camera/IMG_%04d%02d%02d_%02d%02d%02d.jpg", WALL_YMDHMS (t));
  px = scrim_synth_draw (SCRIM_SYNTH_PHOTO, item_seed (sw->seed, 'C', index), 4000, 3000, NULL);
  return write_image (sw, name, px, FALSE, 92, app1, t.unix_time, error);
}

/* Sessions of 2 to 12 photos a few seconds to minutes apart, days apart,
 * mostly with the owner's camera, half of them with GPS. */
static gboolean
write_camera_set (SetWriter  *sw,
                  guint       n,
                  GError    **error)
{
  gint64 wall = sw->start + rng_range (&sw->rng, 8 * 3600, 11 * 3600);

  for (guint i = 0; i < n;)
    {
      Session s;
      guint count = rng_range (&sw->rng, 2, 12);

      session_pick (&s, &sw->rng);
      for (guint j = 0; j < count && i < n; j++, i++)
        {
          if (!write_camera_photo (sw, &s, i, wall, error))
            return FALSE;
          wall += rng_range (&sw->rng, 2, 150);
        }
      wall = next_day (&sw->rng, wall, 5);
    }
  return TRUE;
}

/* Messaging apps recompress to about 1600 px and strip the metadata; the
 * file is named by the day it arrived and a counter within that day. */
static gboolean
write_chat_set (SetWriter  *sw,
                guint       n,
                GError    **error)
{
  static const guint sizes[][2] = { { 1600, 1200 }, { 1280, 960 }, { 1600, 1200 }, { 1200, 1600 } };
  gint64 wall = sw->start + rng_range (&sw->rng, 9 * 3600, 21 * 3600);
  gint64 day = -1;
  guint counter = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScrimPixels) px = NULL;
      g_autofree char *name = NULL;
      WallTime t = wall_split (wall);
      const guint *size = sizes[i % G_N_ELEMENTS (sizes)];

      counter = (wall / 86400 == day) ? counter + 1 : 0;
      day = wall / 86400;
      name = g_strdup_printf ("WhatsApp/Media/WhatsApp Images/IMG-%04d%02d%02d-WA%04u.jpg",
                              t.year, t.month, t.day, counter);
      px = scrim_synth_draw (SCRIM_SYNTH_PHOTO, item_seed (sw->seed, 'W', i),
                             size[0], size[1], NULL);
      if (!write_image (sw, name, px, FALSE, 80, NULL, t.unix_time, error))
        return FALSE;
      wall = rng_below (&sw->rng, 4) == 0 ? next_day (&sw->rng, wall, 3)
                                          : wall + rng_range (&sw->rng, 30, 5400);
    }
  return TRUE;
}

/* An app's or browser's cache of small previews: numbered files, mostly
 * photo-like, some graphics. */
static gboolean
write_cache_set (SetWriter  *sw,
                 guint       n,
                 GError    **error)
{
  static const guint sizes[][2] = {
    { 320, 240 }, { 240, 320 }, { 320, 180 }, { 160, 120 }, { 256, 256 }, { 96, 96 },
  };
  gint64 mtime = sw->start + 86400 + rng_range (&sw->rng, 8 * 3600, 23 * 3600);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScrimPixels) px = NULL;
      g_autofree char *name = g_strdup_printf ("cache/thumbnails/%04u.jpg", i);
      const guint *size = sizes[rng_below (&sw->rng, G_N_ELEMENTS (sizes))];
      ScrimSynthStyle style = rng_below (&sw->rng, 4) == 0 ? SCRIM_SYNTH_PATTERN
                                                           : SCRIM_SYNTH_PHOTO;

      px = scrim_synth_draw (style, item_seed (sw->seed, 'T', i), size[0], size[1], NULL);
      if (!write_image (sw, name, px, FALSE, 75, NULL, mtime, error))
        return FALSE;
      mtime += rng_range (&sw->rng, 1, 600);
    }
  return TRUE;
}

/* A window screenshot with a soft drop shadow: opaque inside, fading to
 * transparent black over the margin. */
static ScrimPixels *
add_window_alpha (const ScrimPixels *src)
{
  ScrimPixels *dst = scrim_pixels_new (src->width, src->height, 4);
  gint64 m = MAX (MIN (src->width, src->height) / 24, 1);

  if (dst == NULL)
    return NULL;
  for (gint64 y = 0; y < src->height; y++)
    for (gint64 x = 0; x < src->width; x++)
      {
        const guint8 *s = src->data + y * src->stride + x * 3;
        guint8 *d = dst->data + y * dst->stride + x * 4;
        gint64 out = MAX (MAX (m - x, x - ((gint64) src->width - 1 - m)),
                          MAX (m - y, y - ((gint64) src->height - 1 - m)));

        memcpy (d, out <= 0 ? s : (const guint8 *) "\0\0\0", 3);
        d[3] = out <= 0 ? 255 : (guint8) (160 * (m - out) * (m - out) / (m * m));
      }
  return dst;
}

static gboolean
write_png_set (SetWriter  *sw,
               guint       n,
               GError    **error)
{
  gint64 wall = sw->start + 2 * 86400 + rng_range (&sw->rng, 8 * 3600, 23 * 3600);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScrimPixels) px = NULL;
      g_autoptr(ScrimPixels) rgba = NULL;
      g_autofree char *name = NULL;
      gboolean phone = i % 2 == 0;
      WallTime t = wall_split (wall);

      name = g_strdup_printf ("Pictures/Screenshots/Screenshot_%04d%02d%02d-%02d%02d%02d.png",
                              WALL_YMDHMS (t));
      px = scrim_synth_draw (SCRIM_SYNTH_SCREENSHOT, item_seed (sw->seed, 'S', i),
                             phone ? 1080 : 800, phone ? 1920 : 600, NULL);
      if (!phone && px != NULL)
        rgba = add_window_alpha (px);
      if (!write_image (sw, name, phone ? px : rgba, TRUE, 0, NULL, t.unix_time, error))
        return FALSE;
      wall += rng_range (&sw->rng, 60, 3 * 86400);
    }
  return TRUE;
}

/*
** Writes the ingest benchmark's photo-like "seized device" under @dir
** (created if missing; existing files are never overwritten, a clash is an
** error):
**
**   DCIM/Camera/IMG_YYYYMMDD_HHMMSS.jpg   @n_camera 4000x3000 q92 photos with
**       camera EXIF (four fictional cameras, capture sessions, some GPS,
**       some Orientation 6)
**   WhatsApp/Media/WhatsApp Images/IMG-YYYYMMDD-WANNNN.jpg   @n_chat q80
**       photos of 1600x1200, 1280x960 or 1200x1600, no EXIF
**   cache/thumbnails/NNNN.jpg   @n_cache q75 previews of at most 320 px
**   Pictures/Screenshots/Screenshot_YYYYMMDD-HHMMSS.png   @n_png
**       screenshots, alternately 1080x1920 RGB and 800x600 RGBA
**
** The same @seed gives byte-identical files with the same modification
** times (those a phone would have given them).
**
** Returns TRUE on success; on failure FALSE with @error set, leaving the
** files written so far.
*/
gboolean
scrim_synth_write_set (const char              *dir,
                       const ScrimSynthSetSpec *spec,
                       guint64                  seed,
                       GError                 **error)
{
  g_autoptr(GDateTime) first = g_date_time_new_utc (2023, 4, 3, 0, 0, 0);
  SetWriter sw = { dir, seed, { 0 }, 0 };

  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  rng_init (&sw.rng, seed, G_GUINT64_CONSTANT (0x5e12ed));
  sw.start = g_date_time_to_unix (first) + (gint64) rng_below (&sw.rng, 200) * 86400;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    return set_errno_error (error, errno, "Cannot create the folder", dir);
  return write_camera_set (&sw, spec->n_camera, error)
         && write_chat_set (&sw, spec->n_chat, error)
         && write_cache_set (&sw, spec->n_cache, error)
         && write_png_set (&sw, spec->n_png, error);
}
