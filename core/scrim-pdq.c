/* scrim-pdq.c: the PDQ perceptual hash
 *
 * Written from shared/specs/pdq.md (sections 1 and 7) alone. The path of
 * one image:
 *
 *   luma rows ─▶ box H ─▶ box V ─▶ box H ─▶ box V ─▶ A (64×64) ─▶ quality
 *                                                         └─▶ B = D·A·Dᵀ (16×16) ─▶ median ─▶ bits
 *
 * Every step is the reference's float32 arithmetic in the reference's
 * order, so the `exact` vectors come out bit for bit. What differs is how
 * memory is walked (§6.5):
 *
 * - The vertical passes keep one running sum per column and add or
 *   subtract whole rows. Each column sees the same operations in the same
 *   order as a walk down the column, so the result is identical, but the
 *   power-of-two-stride penalty of the column walk is gone.
 * - The passes are streamed: a vertical pass only needs the rows inside
 *   its window, so about (window + 5) rows are held, not the image.
 * - A horizontal running sum is a chain of dependent additions; four rows
 *   go through it side by side, one per SSE lane, so the chains overlap.
 * - Only 64 columns of the second horizontal pass and 64 rows of the
 *   second vertical pass survive decimation, so only those are divided
 *   and stored (the running sums still see every sample, in order).
 * - Luma is three table loads and two additions per pixel: the tables hold
 *   the same float32 products (0.299f · R …) the formula would compute.
 *
 * So a 512×512 image takes about 0.6 ms, 1000×750 1.5 ms, on one core of
 * the project machine: no function call per pixel, no power-of-two stride.
 *
 * Unreliable hashes. PDQ's quality counts edges, not spectrum, so an image
 * of the form f(x) + g(y) (flat, pure gradients, halves, stripes) can score
 * 100 while every kept coefficient is rounding noise, and a symmetric
 * pattern can tie dozens of coefficients with the median. A hash is
 * flagged unreliable when
 *
 * - the largest |coefficient| is below 1.0 (pdq.md §3.2, §7.4): nothing
 *   but noise was kept; or
 * - float rounding alone could flip more than 10 of its bits. Coefficients
 *   within 1e-5 × the largest |coefficient| of the median (about 80
 *   float32 ulps of it, five times the spread that rounding gave
 *   coefficients that are equal in exact arithmetic in s512_checker32) are
 *   "tied": their order is noise. coeffs_unstable_bits() counts how many
 *   bits a reordering of the tied coefficients can change; 10 is the PDQ
 *   authors' tolerance between two correct implementations, so beyond it
 *   the hash cannot be reproduced.
 *
 * One coefficient near the median costs 2 bits, so a photo is never
 * flagged for it; in a photo the coefficients spread over hundreds of units
 * and even two in a band of ~0.005 are rare. g64_checker8 (largest
 * coefficient 3445, 191 coefficients tied at 0) is flagged; s512_checker32,
 * whose median sits at the top of a cluster of 48 tied coefficients with
 * only 2 of them above it (4 unstable bits), is not, and indeed another
 * float32 or float64 implementation gets within 4 bits of it. On the 315
 * corpus-dev images of up to 0.3 MP with reference quality >= 80, each of
 * the 254 hashes not flagged equalled a float64 implementation's bit for
 * bit, and each of the 61 flagged (synthetic PNG patterns) differed from
 * it by 13–147 bits.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scrim-pdq.h"

/* The reference rounds every product before adding it. GCC in ISO C mode
 * (-std=c17) never fuses a multiplication and an addition; Clang would on
 * a CPU with FMA (arm64, or an -march with FMA), so it is told not to. */
#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

#define GRID       64   /* the downsampled plane is GRID × GRID */
#define NCOEF      16   /* the DCT keeps NCOEF × NCOEF coefficients */
#define MIN_SIDE   5    /* the size guard (§1.2) */

/* The unreliable rule (see the top of this file). */
#define FLAT_MAX_COEFF    1.0f
#define TIE_RELATIVE      1e-5f
#define MAX_UNSTABLE_BITS 10

/* Rows that go through a horizontal pass together (box_lines_sums()). */
#define LANES 4

typedef float Plane[GRID][GRID];
typedef float Coeffs[NCOEF][NCOEF];

/* Four floats at any float alignment, allowed to alias float (as GCC's own
 * __m128_u). GCC's and Clang's vector extensions do lane-wise IEEE
 * arithmetic, exactly four scalar operations, but in SSE registers at -O2
 * too, where the auto-vectoriser leaves row loops alone. */
typedef float Vec4 __attribute__ ((vector_size (16), aligned (4), may_alias));

/* ------------------------------------------------------------------------ */
/* Tables, computed once                                                    */

/* The luma weights times every 8-bit value (so that 0.299f * r is a load,
 * the same float32 product), and the DCT matrix D (16×64, §1.6) with its
 * transpose: computed in double, stored as float32. */
typedef struct
{
  float r[256];
  float g[256];
  float b[256];
  float d[NCOEF][GRID];
  float dt[GRID][NCOEF];
} Tables;

static void
tables_fill (Tables *t)
{
  double scale = sqrt (2.0 / GRID);

  for (guint v = 0; v < 256; v++)
    {
      t->r[v] = 0.299f * (float) v;
      t->g[v] = 0.587f * (float) v;
      t->b[v] = 0.114f * (float) v;
    }
  for (guint u = 0; u < NCOEF; u++)
    for (guint k = 0; k < GRID; k++)
      {
        double angle = G_PI * (u + 1) * (2 * k + 1) / (2.0 * GRID);

        t->d[u][k] = (float) (scale * cos (angle));
        t->dt[k][u] = t->d[u][k];
      }
}

static const Tables *
tables_get (void)
{
  static Tables tables;
  static gsize ready = 0;

  if (g_once_init_enter (&ready))
    {
      tables_fill (&tables);
      g_once_init_leave (&ready, 1);
    }
  return &tables;
}

/* ------------------------------------------------------------------------ */
/* Row arithmetic                                                           */

/* out[x] = a[x] / b[x] */
static void
row_div (float       *out,
         const float *a,
         const float *b,
         gsize        n)
{
  gsize n4 = n - n % 4, x;

  for (x = 0; x < n4; x += 4)
    *(Vec4 *) (out + x) = *(const Vec4 *) (a + x) / *(const Vec4 *) (b + x);
  for (; x < n; x++)
    out[x] = a[x] / b[x];
}

/* out[x] = a[x] / c */
static void
row_div_by (float       *out,
            const float *a,
            float        c,
            gsize        n)
{
  Vec4 cv = { c, c, c, c };
  gsize n4 = n - n % 4, x;

  for (x = 0; x < n4; x += 4)
    *(Vec4 *) (out + x) = *(const Vec4 *) (a + x) / cv;
  for (; x < n; x++)
    out[x] = a[x] / c;
}

/* sum[x] += enter[x] */
static void
row_add (float       *sum,
         const float *enter,
         gsize        n)
{
  gsize n4 = n - n % 4, x;

  for (x = 0; x < n4; x += 4)
    *(Vec4 *) (sum + x) += *(const Vec4 *) (enter + x);
  for (; x < n; x++)
    sum[x] += enter[x];
}

/* sum[x] = (sum[x] + enter[x]) - leave[x], rounded after each step */
static void
row_add_sub (float       *sum,
             const float *enter,
             const float *leave,
             gsize        n)
{
  gsize n4 = n - n % 4, x;

  for (x = 0; x < n4; x += 4)
    {
      Vec4 s = *(Vec4 *) (sum + x) + *(const Vec4 *) (enter + x);

      *(Vec4 *) (sum + x) = s - *(const Vec4 *) (leave + x);
    }
  for (; x < n; x++)
    {
      float s = sum[x] + enter[x];

      sum[x] = s - leave[x];
    }
}

/* sum[x] -= leave[x] */
static void
row_sub (float       *sum,
         const float *leave,
         gsize        n)
{
  gsize n4 = n - n % 4, x;

  for (x = 0; x < n4; x += 4)
    *(Vec4 *) (sum + x) -= *(const Vec4 *) (leave + x);
  for (; x < n; x++)
    sum[x] -= leave[x];
}

/* ------------------------------------------------------------------------ */
/* Luma rows                                                                */

/* Where rows of luma come from: 8-bit pixels or a float plane. With
 * col_map and row_map, the pixels are read through the reference tool's
 * nearest-neighbour stretch (sample x of row y is pixel col_map[x] of row
 * row_map[y]), so the stretched image is never built. */
typedef struct
{
  const guint8 *data;
  gsize         stride;
  guint         channels;
  const float  *luma;
  guint         width;
  const Tables *tables;
  const guint  *col_map;
  const guint  *row_map;
} LumaSource;

/* 0.299 R + 0.587 G + 0.114 B in float32, summed left to right (§1.1). */
G_ALWAYS_INLINE static inline void
luma_row_rgb (const Tables *t,
              const guint8 *s,
              guint         channels,
              guint         width,
              float        *out)
{
  for (guint x = 0; x < width; x++, s += channels)
    out[x] = t->r[s[0]] + t->g[s[1]] + t->b[s[2]];
}

G_ALWAYS_INLINE static inline void
luma_row_grey (const guint8 *s,
               guint         channels,
               guint         width,
               float        *out)
{
  for (guint x = 0; x < width; x++, s += channels)
    out[x] = s[0];
}

/* Row y of a stretched source: the same float32 luma, sampled. */
static void
luma_row_mapped (const LumaSource *src,
                 const guint8     *s,
                 float            *out)
{
  const Tables *t = src->tables;
  guint c = src->channels;

  if (c <= 2)
    for (guint x = 0; x < src->width; x++)
      out[x] = s[(gsize) src->col_map[x] * c];
  else
    for (guint x = 0; x < src->width; x++)
      {
        const guint8 *p = s + (gsize) src->col_map[x] * c;

        out[x] = t->r[p[0]] + t->g[p[1]] + t->b[p[2]];
      }
}

/* Fills out with row y. Alpha (channel 2 of 2, 4 of 4) is ignored, as the
 * reference ignores it: the hash is of the colour under it. */
static void
luma_source_row (const LumaSource *src,
                 guint             y,
                 float            *out)
{
  const guint8 *s;

  if (src->luma != NULL)
    {
      memcpy (out, src->luma + (gsize) y * src->width, (gsize) src->width * sizeof (float));
      return;
    }

  s = src->data + (gsize) (src->row_map ? src->row_map[y] : y) * src->stride;
  if (src->col_map != NULL)
    {
      luma_row_mapped (src, s, out);
      return;
    }
  switch (src->channels)
    {
    case 1:
      luma_row_grey (s, 1, src->width, out);
      break;
    case 2:
      luma_row_grey (s, 2, src->width, out);
      break;
    case 3:
      luma_row_rgb (src->tables, s, 3, src->width, out);
      break;
    default:
      luma_row_rgb (src->tables, s, 4, src->width, out);
      break;
    }
}

/* ------------------------------------------------------------------------ */
/* Box passes                                                               */

/* One axis of the box filter (§1.4): window w = ceil(n / 128); output i
 * averages samples i - back … i + ahead, clipped to the axis, where
 * h = (w + 2) / 2, back = w - h and ahead = h - 1. */
typedef struct
{
  gsize n;
  gsize back;
  gsize ahead;
} BoxWindow;

static void
box_window_init (BoxWindow *win,
                 guint      n)
{
  gsize w = ((gsize) n + 127) / 128;
  gsize h = (w + 2) / 2;

  win->n = n;
  win->back = w - h;
  win->ahead = h - 1;
}

/* How many samples output i averages. */
static float
box_count (const BoxWindow *win,
           gsize            i)
{
  gsize lo = i > win->back ? i - win->back : 0;
  gsize hi = MIN (i + win->ahead, win->n - 1);

  return (float) (hi - lo + 1);
}

G_ALWAYS_INLINE static inline Vec4
lanes_load (const float *const line[LANES],
            gsize              i)
{
  return (Vec4) { line[0][i], line[1][i], line[2][i], line[3][i] };
}

G_ALWAYS_INLINE static inline void
lanes_store (float *const line[LANES],
             gsize        i,
             Vec4         v)
{
  line[0][i] = v[0];
  line[1][i] = v[1];
  line[2][i] = v[2];
  line[3][i] = v[3];
}

/* The running sums of one box pass along LANES lines of win->n samples,
 * not yet divided. Per line: pre-add the first `ahead` samples, then for
 * each output add the entering sample and subtract the leaving one (in
 * that order, in float32, as the reference does; §1.4). One line's sums
 * are a chain of dependent additions; running LANES lines side by side, a
 * lane each, hides the latency of that chain. Lines may repeat (to run
 * fewer than LANES): a repeated lane computes and stores the same values. */
static void
box_lines_sums (const float *const in[LANES],
                float *const       out[LANES],
                const BoxWindow   *win)
{
  gsize n = win->n, back = win->back, ahead = win->ahead;
  Vec4 sum = { 0.0f, 0.0f, 0.0f, 0.0f };
  gsize i;

  for (i = 0; i < ahead && i < n; i++)
    sum += lanes_load (in, i);

  for (i = 0; i < n && i <= back; i++)
    {
      if (i + ahead < n)
        sum += lanes_load (in, i + ahead);
      lanes_store (out, i, sum);
    }
  for (; i + ahead < n; i++)
    {
      sum += lanes_load (in, i + ahead);
      sum -= lanes_load (in, i - back - 1);
      lanes_store (out, i, sum);
    }
  for (; i < n; i++)
    {
      sum -= lanes_load (in, i - back - 1);
      lanes_store (out, i, sum);
    }
}

/* A vertical box pass, fed one row at a time. It keeps the last input rows
 * in a ring (the window, plus room for LANES rows written ahead) and one
 * running sum per column, and says when an output row is complete: that
 * row is sum[x] / count. Each column sees the operations of
 * box_lines_sums() in the same order. */
typedef struct
{
  BoxWindow win;
  gsize     width;
  gsize     n_slots;
  float    *ring;
  float    *sum;
  gsize     n_in;
  gsize     n_out;
} ColumnBox;

static void
column_box_init (ColumnBox *cb,
                 guint      height,
                 gsize      width)
{
  box_window_init (&cb->win, height);
  cb->width = width;
  cb->n_slots = cb->win.back + cb->win.ahead + 1 + LANES;
  cb->ring = g_new (float, cb->n_slots * width);
  cb->sum = g_new0 (float, width);
  cb->n_in = 0;
  cb->n_out = 0;
}

static void
column_box_clear (ColumnBox *cb)
{
  g_clear_pointer (&cb->ring, g_free);
  g_clear_pointer (&cb->sum, g_free);
}

static float *
column_box_row (const ColumnBox *cb,
                gsize            k)
{
  return cb->ring + (k % cb->n_slots) * cb->width;
}

/* Where to write input row n_in + ahead (ahead < LANES) before it is fed. */
static float *
column_box_slot (const ColumnBox *cb,
                 guint            ahead)
{
  g_assert (ahead < LANES);
  return column_box_row (cb, cb->n_in + ahead);
}

/* Takes the next input row, written at column_box_slot(). Returns TRUE when
 * output row *index is complete, with its divisor in *count. */
static gboolean
column_box_feed (ColumnBox *cb,
                 gsize     *index,
                 float     *count)
{
  gsize k = cb->n_in++;
  gsize i;

  if (k < cb->win.ahead)
    {
      row_add (cb->sum, column_box_row (cb, k), cb->width);
      return FALSE;
    }

  i = k - cb->win.ahead;
  if (i > cb->win.back)
    row_add_sub (cb->sum, column_box_row (cb, k),
                 column_box_row (cb, i - cb->win.back - 1), cb->width);
  else
    row_add (cb->sum, column_box_row (cb, k), cb->width);
  cb->n_out = i + 1;
  *index = i;
  *count = box_count (&cb->win, i);
  return TRUE;
}

/* After the last row: returns TRUE while output rows remain, as
 * column_box_feed() does. */
static gboolean
column_box_drain (ColumnBox *cb,
                  gsize     *index,
                  float     *count)
{
  gsize i = cb->n_out;

  if (i >= cb->win.n)
    return FALSE;
  if (i > cb->win.back)
    row_sub (cb->sum, column_box_row (cb, i - cb->win.back - 1), cb->width);
  cb->n_out = i + 1;
  *index = i;
  *count = box_count (&cb->win, i);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Blur and decimation                                                      */

/* Cell centres (§1.4): floor ((i + 0.5) · n / 64), in double. */
static void
decimation_indices (guint n,
                    gsize index[GRID])
{
  for (guint i = 0; i < GRID; i++)
    index[i] = (gsize) (((double) i + 0.5) * (double) n / GRID);
}

/* The state of one blur: pass 1 (H), pass 2 (V), pass 3 (H, only the 64
 * sampled columns divided and kept), pass 4 (V, only the 64 sampled rows
 * divided), into a. */
typedef struct
{
  gsize      width;
  BoxWindow  hwin;
  ColumnBox  v1;            /* pass 2, full width */
  ColumnBox  v2;            /* pass 4, the 64 kept columns */
  float     *hcount;        /* the divisor of each column of an H pass */
  float     *luma;          /* LANES rows of luma for pass 1 */
  float     *pending;       /* LANES rows of pass 2 output for pass 3 */
  float     *sums;          /* LANES rows of pass 3 running sums */
  guint      n_pending;
  gsize      col[GRID];
  gsize      row[GRID];
  guint      next_row;      /* the next row of a to fill */
  float    (*a)[GRID];
} Blur;

static void
blur_init (Blur  *blur,
           guint  width,
           guint  height,
           Plane  a)
{
  blur->width = width;
  box_window_init (&blur->hwin, width);
  column_box_init (&blur->v1, height, width);
  column_box_init (&blur->v2, height, GRID);
  blur->hcount = g_new (float, width);
  for (gsize x = 0; x < width; x++)
    blur->hcount[x] = box_count (&blur->hwin, x);
  blur->luma = g_new (float, LANES * (gsize) width);
  blur->pending = g_new (float, LANES * (gsize) width);
  blur->sums = g_new (float, LANES * (gsize) width);
  blur->n_pending = 0;
  decimation_indices (width, blur->col);
  decimation_indices (height, blur->row);
  blur->next_row = 0;
  blur->a = a;
}

static void
blur_clear (Blur *blur)
{
  column_box_clear (&blur->v1);
  column_box_clear (&blur->v2);
  g_clear_pointer (&blur->hcount, g_free);
  g_clear_pointer (&blur->luma, g_free);
  g_clear_pointer (&blur->pending, g_free);
  g_clear_pointer (&blur->sums, g_free);
}

/* Pass 4 has finished row i: it goes to every row of a that samples it
 * (several when the image has fewer than 64 rows). */
static void
blur_emit (Blur  *blur,
           gsize  i,
           float  count)
{
  while (blur->next_row < GRID && blur->row[blur->next_row] == i)
    row_div_by (blur->a[blur->next_row++], blur->v2.sum, count, GRID);
}

/* Pass 3 on the pending rows of pass 2 output; their 64 sampled columns go
 * through pass 4 in row order. */
static void
blur_flush (Blur *blur)
{
  const float *in[LANES];
  float *out[LANES];
  gsize i;
  float count;

  if (blur->n_pending == 0)
    return;
  for (guint l = 0; l < LANES; l++)
    {
      guint line = MIN (l, blur->n_pending - 1);

      in[l] = blur->pending + line * blur->width;
      out[l] = blur->sums + line * blur->width;
    }
  box_lines_sums (in, out, &blur->hwin);

  for (guint l = 0; l < blur->n_pending; l++)
    {
      float *kept = column_box_slot (&blur->v2, 0);

      for (guint j = 0; j < GRID; j++)
        kept[j] = out[l][blur->col[j]] / blur->hcount[blur->col[j]];
      if (column_box_feed (&blur->v2, &i, &count))
        blur_emit (blur, i, count);
    }
  blur->n_pending = 0;
}

/* Pass 2 has finished a row (its sums / count): queue it for pass 3. */
static void
blur_pass2_row (Blur  *blur,
                float  count)
{
  row_div_by (blur->pending + blur->n_pending * blur->width, blur->v1.sum, count, blur->width);
  if (++blur->n_pending == LANES)
    blur_flush (blur);
}

/* Pass 1 on rows y … y + n - 1 (n <= LANES): luma, then a horizontal pass
 * into pass 2's ring, which takes them one by one. */
static void
blur_pass1 (Blur             *blur,
            const LumaSource *src,
            guint             y,
            guint             n)
{
  const float *in[LANES];
  float *out[LANES];
  gsize i;
  float count;

  for (guint l = 0; l < LANES; l++)
    {
      guint line = MIN (l, n - 1);

      in[l] = blur->luma + line * blur->width;
      out[l] = column_box_slot (&blur->v1, line);
    }
  for (guint l = 0; l < n; l++)
    luma_source_row (src, y + l, blur->luma + l * blur->width);
  box_lines_sums (in, out, &blur->hwin);

  for (guint l = 0; l < n; l++)
    {
      row_div (out[l], out[l], blur->hcount, blur->width);
      if (column_box_feed (&blur->v1, &i, &count))
        blur_pass2_row (blur, count);
    }
}

/* The tent filter and decimation of §1.4, streamed row by row. */
static void
blur_plane (const LumaSource *src,
            guint             height,
            Plane             a)
{
  Blur blur;
  gsize i;
  float count;

  blur_init (&blur, src->width, height, a);
  for (guint y = 0; y < height; y += LANES)
    blur_pass1 (&blur, src, y, MIN (LANES, height - y));
  while (column_box_drain (&blur.v1, &i, &count))
    blur_pass2_row (&blur, count);
  blur_flush (&blur);
  while (column_box_drain (&blur.v2, &i, &count))
    blur_emit (&blur, i, count);
  g_assert (blur.next_row == GRID);
  blur_clear (&blur);
}

/* A 64×64 luma plane on the plain path is used as it is (§1.4). */
static void
copy_plane (const LumaSource *src,
            Plane             a)
{
  for (guint y = 0; y < GRID; y++)
    luma_source_row (src, y, a[y]);
}

/* ------------------------------------------------------------------------ */
/* Quality, DCT, bits                                                       */

/* |trunc ((a - b) · 100 / 255)| in float32 (§1.5). Luma from the caller
 * may be anything; the clamp keeps the conversion defined and never
 * changes a result for luma in 0…255, whose steps are at most 100. */
static int
quality_step (float a,
              float b)
{
  float d = (a - b) * 100.0f / 255.0f;

  if (isnan (d))
    return 0;
  d = CLAMP (d, -100.0f, 100.0f);
  return abs ((int) d);
}

static int
plane_quality (const Plane a)
{
  int sum = 0;

  for (guint i = 0; i + 1 < GRID; i++)
    for (guint j = 0; j < GRID; j++)
      sum += quality_step (a[i + 1][j], a[i][j]);
  for (guint i = 0; i < GRID; i++)
    for (guint j = 0; j + 1 < GRID; j++)
      sum += quality_step (a[i][j + 1], a[i][j]);
  return MIN (100, sum / 90);
}

/* B = D·A·Dᵀ in float32: T = D·A, then B = T·Dᵀ, each sum in index
 * order (§1.6). The loops are interchanged so the innermost runs along
 * rows, but every sum still adds its terms in the same order. */
static void
plane_dct (const Plane a,
           Coeffs      b)
{
  const Tables *m = tables_get ();
  float t[NCOEF][GRID] = { { 0 } };

  for (guint u = 0; u < NCOEF; u++)
    for (guint j = 0; j < GRID; j++)
      {
        float d = m->d[u][j];

        for (guint k = 0; k < GRID; k++)
          t[u][k] += d * a[j][k];
      }

  memset (b, 0, sizeof (Coeffs));
  for (guint u = 0; u < NCOEF; u++)
    for (guint k = 0; k < GRID; k++)
      {
        float tk = t[u][k];

        for (guint v = 0; v < NCOEF; v++)
          b[u][v] += tk * m->dt[k][v];
      }
}

#define N_COEFFS (NCOEF * NCOEF)
#define N_SET    (N_COEFFS / 2)

/* a < b in a total order with NaN last, so that even a caller's NaN luma
 * cannot upset the selection below. */
static inline gboolean
float_before (float a,
              float b)
{
  return isnan (b) ? !isnan (a) : a < b;
}

/* The k-th smallest of v[0 … n-1], by Hoare's selection (Wirth's form); v
 * is reordered. Exact, so it is the value a sort would put at index k. */
static float
select_kth (float *v,
            int    n,
            int    k)
{
  int lo = 0, hi = n - 1;

  while (lo < hi)
    {
      float pivot = v[k];
      int i = lo, j = hi;

      do
        {
          while (float_before (v[i], pivot))
            i++;
          while (float_before (pivot, v[j]))
            j--;
          if (i <= j)
            {
              float t = v[i];

              v[i++] = v[j];
              v[j--] = t;
            }
        }
      while (i <= j);
      if (j < k)
        lo = i;
      if (k < i)
        hi = j;
    }
  return v[k];
}

/* The lower median of the 256 coefficients: the 128th smallest (§1.7). */
static float
coeffs_median (const Coeffs b)
{
  float v[N_COEFFS];

  memcpy (v, b, sizeof v);
  return select_kth (v, N_COEFFS, N_SET - 1);
}

/* The largest |coefficient|, or NaN when there is one. */
static float
coeffs_max_abs (const Coeffs b)
{
  const float *c = &b[0][0];
  float max = 0.0f;

  for (guint k = 0; k < N_COEFFS; k++)
    {
      if (isnan (c[k]))
        return NAN;
      max = MAX (max, fabsf (c[k]));
    }
  return max;
}

/* How many bits float rounding alone could flip. The band holds the
 * coefficients within TIE_RELATIVE × max_abs of the median; their order is
 * rounding noise. Of the band's n_band coefficients, n_set are above the
 * median now (their bits are 1), and n_top are among the 128 largest (with
 * all 256 distinct, those would be set). A reordering inside the band sets
 * some n_top of them, so at most min (n_set + n_top, 2 n_band - n_set - n_top)
 * bits change. A single coefficient close to the median costs 2 bits;
 * exact ties (symmetric patterns) and noise clusters cost dozens. */
static int
coeffs_unstable_bits (const Coeffs b,
                      float        median,
                      float        max_abs)
{
  const float *c = &b[0][0];
  float band = TIE_RELATIVE * max_abs;
  int n_band = 0, n_set = 0, n_above = 0, n_top;

  for (guint k = 0; k < N_COEFFS; k++)
    {
      if (c[k] > median + band)
        n_above++;
      else if (fabsf (c[k] - median) <= band)
        {
          n_band++;
          n_set += c[k] > median;
        }
    }
  n_top = MIN (N_SET - n_above, n_band);
  return MIN (n_set + n_top, 2 * n_band - n_set - n_top);
}

/* Thresholds b at its median (the lower median: the 128th smallest, §1.7)
 * into result's hash, and judges it. */
static void
coeffs_to_result (const Coeffs    b,
                  int             quality,
                  ScrimPdqResult *result)
{
  float median = coeffs_median (b);
  float max_abs = coeffs_max_abs (b);

  for (guint u = 0; u < NCOEF; u++)
    {
      guint16 word = 0;

      for (guint v = 0; v < NCOEF; v++)
        if (b[u][v] > median)
          word |= (guint16) (1u << v);
      result->hash.w[u] = word;
    }
  result->quality = quality;
  result->max_abs_coeff = max_abs;
  result->unreliable = !(max_abs >= FLAT_MAX_COEFF)
                       || coeffs_unstable_bits (b, median, max_abs) > MAX_UNSTABLE_BITS;
}

/* ------------------------------------------------------------------------ */
/* The dihedral variants (§1.9)                                             */

/* Each variant: read B transposed or not, and negate where the row index
 * (of the original B) is even, the column index is even, or u + v is odd. */
typedef struct
{
  gboolean transpose;
  gboolean neg_even_row;
  gboolean neg_even_col;
  gboolean neg_odd_sum;
} DihedralOp;

static const DihedralOp dihedral_ops[SCRIM_PDQ_N_DIHEDRAL] = {
  [SCRIM_PDQ_ORIGINAL]    = { FALSE, FALSE, FALSE, FALSE },
  [SCRIM_PDQ_ROTATE90]    = { TRUE,  FALSE, TRUE,  FALSE },
  [SCRIM_PDQ_ROTATE180]   = { FALSE, FALSE, FALSE, TRUE  },
  [SCRIM_PDQ_ROTATE270]   = { TRUE,  TRUE,  FALSE, FALSE },
  [SCRIM_PDQ_FLIPX]       = { FALSE, TRUE,  FALSE, FALSE },
  [SCRIM_PDQ_FLIPY]       = { FALSE, FALSE, TRUE,  FALSE },
  [SCRIM_PDQ_FLIP_PLUS1]  = { TRUE,  FALSE, FALSE, FALSE },
  [SCRIM_PDQ_FLIP_MINUS1] = { TRUE,  FALSE, FALSE, TRUE  },
};

static void
coeffs_dihedral (const Coeffs      b,
                 const DihedralOp *op,
                 Coeffs            out)
{
  for (guint u = 0; u < NCOEF; u++)
    for (guint v = 0; v < NCOEF; v++)
      {
        float c = b[u][v];

        if ((op->neg_even_row && u % 2 == 0)
            || (op->neg_even_col && v % 2 == 0)
            || (op->neg_odd_sum && (u + v) % 2 == 1))
          c = -c;
        if (op->transpose)
          out[v][u] = c;
        else
          out[u][v] = c;
      }
}

/* ------------------------------------------------------------------------ */
/* Entry points                                                             */

static gboolean
pixels_valid (const ScrimPixels *pixels)
{
  return pixels != NULL
         && pixels->data != NULL
         && pixels->channels >= 1
         && pixels->channels <= 4
         && pixels->stride >= (guint64) pixels->width * pixels->channels;
}

static void
result_zero (ScrimPdqResult *result)
{
  memset (result, 0, sizeof *result);
  result->unreliable = TRUE;
}

static void
source_from_pixels (LumaSource        *src,
                    const ScrimPixels *pixels)
{
  src->data = pixels->data;
  src->stride = pixels->stride;
  src->channels = pixels->channels;
  src->luma = NULL;
  src->width = pixels->width;
  src->tables = tables_get ();
  src->col_map = NULL;
  src->row_map = NULL;
}

/* The plain path from a luma source of at least 5×5. */
static void
compute_plain (const LumaSource *src,
               guint             height,
               ScrimPdqResult   *result)
{
  Plane a;
  Coeffs b;

  if (src->width == GRID && height == GRID)
    copy_plane (src, a);
  else
    blur_plane (src, height, a);
  plane_dct (a, b);
  coeffs_to_result (b, plane_quality (a), result);
}

/*
** Computes the PDQ hash of pixels (1 grey, 2 grey+alpha, 3 RGB or 4 RGBA
** channels; alpha is ignored and the hash is of the colour under it; EXIF
** orientation is not applied). Luma is 0.299 R + 0.587 G + 0.114 B in
** float32, or the grey value itself. An image narrower or lower than 5
** pixels gets the all-zero hash, quality 0, max_abs_coeff 0 and
** unreliable set. result->unreliable is also set when the hash is float
** noise whatever the quality says (see the top of scrim-pdq.c).
**
** Always fills result. Memory used is about (height / 128 + 18) rows of
** width floats (under 1 MB for 4000×3000). A pixels that is NULL or inconsistent (no data, channels
** outside 1…4, stride shorter than a row) is a programming error: a
** critical, and the zero result.
*/
void
scrim_pdq_compute (const ScrimPixels *pixels,
                   ScrimPdqResult    *result)
{
  LumaSource src;

  g_return_if_fail (result != NULL);
  result_zero (result);
  g_return_if_fail (pixels_valid (pixels));

  if (pixels->width < MIN_SIDE || pixels->height < MIN_SIDE)
    return;
  source_from_pixels (&src, pixels);
  compute_plain (&src, pixels->height, result);
}

/* The 8 variants from one blur and one DCT. */
static void
dihedral_from_source (const LumaSource *src,
                      guint             height,
                      ScrimPdqResult    results[SCRIM_PDQ_N_DIHEDRAL])
{
  Plane a;
  Coeffs b, variant;
  int quality;

  blur_plane (src, height, a);
  plane_dct (a, b);
  quality = plane_quality (a);
  for (guint v = 0; v < SCRIM_PDQ_N_DIHEDRAL; v++)
    {
      coeffs_dihedral (b, &dihedral_ops[v], variant);
      coeffs_to_result (variant, quality, &results[v]);
    }
}

/*
** Computes the 8 dihedral variants of the PDQ hash of pixels into
** results[SCRIM_PDQ_ORIGINAL … SCRIM_PDQ_FLIP_MINUS1] from one DCT (§1.9).
** The variant of a rotated or mirrored copy is close to (typically within
** 30 bits of), not equal to, that copy's own hash. Unlike
** scrim_pdq_compute(), a 64×64 image is blurred too (with window 1), as
** the reference's dihedral path does. All 8 share one quality. Inputs,
** the size guard and errors as for scrim_pdq_compute(); all 8 results are
** always filled.
*/
void
scrim_pdq_compute_dihedral (const ScrimPixels *pixels,
                            ScrimPdqResult     results[SCRIM_PDQ_N_DIHEDRAL])
{
  LumaSource src;

  g_return_if_fail (results != NULL);
  for (guint v = 0; v < SCRIM_PDQ_N_DIHEDRAL; v++)
    result_zero (&results[v]);
  g_return_if_fail (pixels_valid (pixels));

  if (pixels->width < MIN_SIDE || pixels->height < MIN_SIDE)
    return;
  source_from_pixels (&src, pixels);
  dihedral_from_source (&src, pixels->height, results);
}

/* Maps output index i of the stretch to its input index (§1.3: computed in
 * double, truncated). */
static void
stretch_map (guint  n,
             guint *map)
{
  for (guint i = 0; i < SCRIM_PDQ_REFERENCE_SIDE; i++)
    map[i] = (guint) ((double) i * n / SCRIM_PDQ_REFERENCE_SIDE);
}

/*
** As scrim_pdq_compute_dihedral() of scrim_pdq_reference_resize (pixels)
** when that resizes, and of pixels otherwise: the hashes of Meta's
** reference tool, from the stretch read on the fly (no resized copy is
** made; about a third faster than resizing first). This is what ingest
** stores.
*/
void
scrim_pdq_compute_dihedral_reference (const ScrimPixels *pixels,
                                      ScrimPdqResult     results[SCRIM_PDQ_N_DIHEDRAL])
{
  guint col_map[SCRIM_PDQ_REFERENCE_SIDE];
  guint row_map[SCRIM_PDQ_REFERENCE_SIDE];
  LumaSource src;

  g_return_if_fail (results != NULL);
  for (guint v = 0; v < SCRIM_PDQ_N_DIHEDRAL; v++)
    result_zero (&results[v]);
  g_return_if_fail (pixels_valid (pixels));

  if (pixels->width <= SCRIM_PDQ_REFERENCE_SIDE && pixels->height <= SCRIM_PDQ_REFERENCE_SIDE)
    {
      scrim_pdq_compute_dihedral (pixels, results);
      return;
    }
  source_from_pixels (&src, pixels);
  stretch_map (pixels->width, col_map);
  stretch_map (pixels->height, row_map);
  src.col_map = col_map;
  src.row_map = row_map;
  src.width = SCRIM_PDQ_REFERENCE_SIDE;
  dihedral_from_source (&src, SCRIM_PDQ_REFERENCE_SIDE, results);
}

/*
** Computes the PDQ hash of a luma plane: width × height floats, row-major
** with no padding, normally 0…255. The plain path of scrim_pdq_compute()
** without the luma step; the size guard applies. Values outside 0…255,
** infinities and NaN give some hash (unreliable when the spectrum is
** not finite), never undefined behaviour.
*/
void
scrim_pdq_compute_luma (const float    *luma,
                        guint           width,
                        guint           height,
                        ScrimPdqResult *result)
{
  LumaSource src = { .luma = luma, .width = width };

  g_return_if_fail (result != NULL);
  result_zero (result);
  g_return_if_fail (luma != NULL || width == 0 || height == 0);

  if (width < MIN_SIDE || height < MIN_SIDE)
    return;
  compute_plain (&src, height, result);
}

/* Copies the pixels of columns col[0 … 511] of one row. */
static void
resize_row (const guint8 *in,
            guint8       *out,
            const guint  *col,
            guint         channels)
{
  for (guint x = 0; x < SCRIM_PDQ_REFERENCE_SIDE; x++, out += channels)
    {
      const guint8 *s = in + (gsize) col[x] * channels;

      for (guint c = 0; c < channels; c++)
        out[c] = s[c];
    }
}

/*
** The pre-resize of Meta's C++ reference tool, pdq-photo-hasher (pdq.md
** §1.3): when pixels is wider or higher than 512, returns it resized to
** exactly 512×512 by nearest neighbour, aspect ignored, top-left anchored
** (output column x is input column floor (x · width / 512) computed in
** double; rows likewise), channels unchanged. Hashing the result with
** scrim_pdq_compute() reproduces the tool's hashes bit for bit when the
** pixels are decoded as it decodes them.
**
** Returns a new image owned by the caller, or NULL when both sides are at
** most 512 (the tool hashes such an image as it is), when memory runs out,
** and (with a critical) when pixels is inconsistent.
*/
ScrimPixels *
scrim_pdq_reference_resize (const ScrimPixels *pixels)
{
  guint col[SCRIM_PDQ_REFERENCE_SIDE];
  guint row[SCRIM_PDQ_REFERENCE_SIDE];
  ScrimPixels *out;

  g_return_val_if_fail (pixels_valid (pixels), NULL);

  if (pixels->width <= SCRIM_PDQ_REFERENCE_SIDE && pixels->height <= SCRIM_PDQ_REFERENCE_SIDE)
    return NULL;
  out = scrim_pixels_new (SCRIM_PDQ_REFERENCE_SIDE, SCRIM_PDQ_REFERENCE_SIDE, pixels->channels);
  if (out == NULL)
    return NULL;
  stretch_map (pixels->width, col);
  stretch_map (pixels->height, row);
  for (guint y = 0; y < SCRIM_PDQ_REFERENCE_SIDE; y++)
    resize_row (pixels->data + (gsize) row[y] * pixels->stride, out->data + y * out->stride, col,
                pixels->channels);
  return out;
}

/*
** Returns the Hamming distance between two hashes, 0…256.
*/
int
scrim_pdq_distance (const ScrimPdqHash *a,
                    const ScrimPdqHash *b)
{
  int distance = 0;

  g_return_val_if_fail (a != NULL && b != NULL, SCRIM_PDQ_BITS);

  for (guint u = 0; u < G_N_ELEMENTS (a->w); u++)
    distance += __builtin_popcount ((guint) (a->w[u] ^ b->w[u]));
  return distance;
}

static const char hex_digits[] = "0123456789abcdef";

/*
** Writes hash as 64 lowercase hex digits and a NUL: word 15 first, word 0
** last, 4 digits each, i.e. the big-endian hex of Σ bit_b · 2^b with
** b = 16u + v (§1.8).
*/
void
scrim_pdq_to_hex (const ScrimPdqHash *hash,
                  char                hex[SCRIM_PDQ_HEX_LEN + 1])
{
  guint8 bytes[SCRIM_PDQ_BYTES];

  g_return_if_fail (hash != NULL && hex != NULL);

  scrim_pdq_to_bytes (hash, bytes);
  for (guint i = 0; i < SCRIM_PDQ_BYTES; i++)
    {
      hex[2 * i] = hex_digits[bytes[i] >> 4];
      hex[2 * i + 1] = hex_digits[bytes[i] & 0xf];
    }
  hex[SCRIM_PDQ_HEX_LEN] = '\0';
}

/*
** Parses the 64 hex digits (either case) of scrim_pdq_to_hex() into hash.
** Returns FALSE, leaving hash zeroed, for any other length or a character
** that is not a hex digit (whitespace included).
*/
gboolean
scrim_pdq_from_hex (const char   *hex,
                    ScrimPdqHash *hash)
{
  guint8 bytes[SCRIM_PDQ_BYTES];

  g_return_val_if_fail (hex != NULL && hash != NULL, FALSE);

  memset (hash, 0, sizeof *hash);
  for (guint i = 0; i < SCRIM_PDQ_BYTES; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]);
      int lo = hi < 0 ? -1 : g_ascii_xdigit_value (hex[2 * i + 1]);

      if (lo < 0)
        return FALSE;
      bytes[i] = (guint8) (hi << 4 | lo);
    }
  if (hex[SCRIM_PDQ_HEX_LEN] != '\0')
    return FALSE;
  scrim_pdq_from_bytes (bytes, hash);
  return TRUE;
}

/*
** Writes hash as 32 bytes in the order of its hex form: the high byte of
** word 15 first, the low byte of word 0 last.
*/
void
scrim_pdq_to_bytes (const ScrimPdqHash *hash,
                    guint8              bytes[SCRIM_PDQ_BYTES])
{
  g_return_if_fail (hash != NULL && bytes != NULL);

  for (guint i = 0; i < 16; i++)
    {
      guint16 word = hash->w[15 - i];

      bytes[2 * i] = (guint8) (word >> 8);
      bytes[2 * i + 1] = (guint8) (word & 0xff);
    }
}

/*
** Reads 32 bytes in the order of scrim_pdq_to_bytes() into hash.
*/
void
scrim_pdq_from_bytes (const guint8 *bytes,
                      ScrimPdqHash *hash)
{
  g_return_if_fail (bytes != NULL && hash != NULL);

  for (guint i = 0; i < 16; i++)
    hash->w[15 - i] = (guint16) (bytes[2 * i] << 8 | bytes[2 * i + 1]);
}

/*
** Returns the name of a dihedral variant: the column names of
** shared/pdq-vectors/dihedral.tsv ("orig", "rot90ccw", "rot180",
** "rot270ccw", "flipx_updown", "flipy_mirror", "flip_plus1_transpose",
** "flip_minus1_antitranspose"), or NULL for a value out of range.
*/
const char *
scrim_pdq_dihedral_name (ScrimPdqDihedral variant)
{
  static const char * const names[SCRIM_PDQ_N_DIHEDRAL] = {
    "orig", "rot90ccw", "rot180", "rot270ccw",
    "flipx_updown", "flipy_mirror", "flip_plus1_transpose", "flip_minus1_antitranspose",
  };

  if ((guint) variant >= SCRIM_PDQ_N_DIHEDRAL)
    return NULL;
  return names[variant];
}
