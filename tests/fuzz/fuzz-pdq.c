/* fuzz-pdq.c: libFuzzer target for the PDQ hasher
 *
 * The first 6 bytes choose width (1..700), height (1..700), channels
 * (1..4) and the padding at the end of each row (0..15 bytes); the rest,
 * repeated or cut to size, are the samples. Sizes are capped at 300 000
 * samples so that each input stays fast. The plain and the dihedral path
 * must hold on any of them and agree where they should, and so must the
 * reference tool's pre-resize.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scrim-pdq.h"

#define HEADER      6
#define MAX_SIDE    700
#define MAX_SAMPLES (300 * 1000)

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static guint
read_side (const uint8_t *p)
{
  return (guint) (p[0] << 8 | p[1]) % MAX_SIDE + 1;
}

/* Fills buf with the bytes after the header, repeated (zeros when none). */
static void
fill (guint8        *buf,
      gsize          len,
      const uint8_t *data,
      size_t         size)
{
  if (size == 0)
    {
      memset (buf, 0, len);
      return;
    }
  for (gsize done = 0; done < len;)
    {
      gsize n = MIN (len - done, size);

      memcpy (buf + done, data, n);
      done += n;
    }
}

static void
check (const ScrimPixels *px)
{
  ScrimPdqResult plain, variants[SCRIM_PDQ_N_DIHEDRAL];
  char hex[SCRIM_PDQ_HEX_LEN + 1];
  ScrimPdqHash back;
  gboolean small = px->width < 5 || px->height < 5;

  scrim_pdq_compute (px, &plain);
  scrim_pdq_compute_dihedral (px, variants);

  g_assert (plain.quality >= 0 && plain.quality <= 100);
  g_assert (!small || (plain.quality == 0 && plain.unreliable && plain.max_abs_coeff == 0));
  /* Only a 64×64 image takes a different path in the two (no blur). */
  if (px->width != 64 || px->height != 64)
    g_assert (memcmp (&plain, &variants[SCRIM_PDQ_ORIGINAL], sizeof plain) == 0);
  for (guint v = 0; v < SCRIM_PDQ_N_DIHEDRAL; v++)
    {
      g_assert (variants[v].quality == variants[0].quality);
      g_assert (variants[v].max_abs_coeff == variants[0].max_abs_coeff);
    }

  scrim_pdq_to_hex (&plain.hash, hex);
  g_assert (scrim_pdq_from_hex (hex, &back));
  g_assert (scrim_pdq_distance (&plain.hash, &back) == 0);
}

/* The reference tool's pre-resize (its hash is the hasher's, checked above). */
static void
check_resize (const ScrimPixels *px)
{
  g_autoptr(ScrimPixels) resized = scrim_pdq_reference_resize (px);

  if (px->width <= SCRIM_PDQ_REFERENCE_SIDE && px->height <= SCRIM_PDQ_REFERENCE_SIDE)
    {
      g_assert (resized == NULL);
      return;
    }
  g_assert (resized != NULL);
  g_assert (resized->width == SCRIM_PDQ_REFERENCE_SIDE);
  g_assert (resized->height == SCRIM_PDQ_REFERENCE_SIDE);
  g_assert (resized->channels == px->channels);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree guint8 *buf = NULL;
  ScrimPixels px;
  guint pad;

  if (size < HEADER)
    return 0;
  px.width = read_side (data);
  px.height = read_side (data + 2);
  px.channels = data[4] % 4 + 1;
  pad = data[5] % 16;
  while ((guint64) px.width * px.height * px.channels > MAX_SAMPLES)
    px.height = px.height / 2 + 1;
  px.stride = (gsize) px.width * px.channels + pad;

  /* The last row needs no padding: the hasher must not read past it. */
  buf = g_malloc (px.stride * (px.height - 1) + (gsize) px.width * px.channels);
  fill (buf, px.stride * (px.height - 1) + (gsize) px.width * px.channels,
        data + HEADER, size - HEADER);
  px.data = buf;
  check (&px);
  check_resize (&px);
  return 0;
}
