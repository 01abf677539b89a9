/* fuzz-image.c: libFuzzer target for sniffing, probing and decoding
 *
 * Any bytes through scrim_image_sniff(), scrim_image_probe_size() for every
 * type (the probes must hold against data of any type), and
 * scrim_image_decode() at reduced size, with a small pixel budget so that
 * each input stays fast.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "scrim-image.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  ScrimDecodeOptions options = { .max_pixels = 4 * 1000 * 1000, .min_side = 64 };
  ScrimDecodeResult result = { 0 };
  ScrimFileType type = scrim_image_sniff (data, size);

  for (guint t = 0; t < SCRIM_N_FILE_TYPES; t++)
    {
      guint width = 0, height = 0;

      if (scrim_image_probe_size (t, data, size, &width, &height))
        g_assert (width > 0 && height > 0);
    }

  scrim_image_decode (data, size, &options, &result);
  g_assert (result.type == type);
  g_assert ((result.status == SCRIM_STATUS_OK) == (result.pixels != NULL));
  g_assert (result.status == SCRIM_STATUS_OK || result.message != NULL);
  if (result.pixels != NULL)
    {
      guint d = result.scale_denom;

      g_assert (result.pixels->width == (result.width + d - 1) / d);
      g_assert (result.pixels->height == (result.height + d - 1) / d);
    }
  scrim_decode_result_clear (&result);
  return 0;
}
