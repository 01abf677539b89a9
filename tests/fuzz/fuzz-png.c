/* fuzz-png.c: libFuzzer target for scrim_png_decode()
 *
 * Any bytes straight into the decoder (no sniffing first), once at full
 * size and once reduced, with a small pixel budget so that each input stays
 * fast.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "scrim-image.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
decode_once (const uint8_t *data,
             size_t         size,
             guint          min_side)
{
  ScrimDecodeOptions options = { .max_pixels = 4 * 1000 * 1000, .min_side = min_side };
  ScrimDecodeResult result = { 0 };

  scrim_png_decode (data, size, &options, &result);
  g_assert ((result.status == SCRIM_STATUS_OK) == (result.pixels != NULL));
  g_assert (result.status == SCRIM_STATUS_OK || result.message != NULL);
  scrim_decode_result_clear (&result);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  decode_once (data, size, 0);
  decode_once (data, size, 64);
  return 0;
}
