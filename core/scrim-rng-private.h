/* scrim-rng-private.h: the pseudo-random stream the synthetic images and
 * the demo are drawn from
 *
 * splitmix64 (Steele, Lea and Flood): one add and a 64-bit finaliser;
 * every seed, 0 included, gives a full-period stream. The same seed gives
 * the same bytes on every machine, which the demo's determinism rests on.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint64 state;
} ScrimRng;

static inline guint64
scrim_rng_next (ScrimRng *rng)
{
  guint64 z = (rng->state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

G_END_DECLS
