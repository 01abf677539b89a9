/* fuzz-exif.c: the EXIF reader, on one block and inside each container
 *
 * Every input goes to scrim_exif_read_block() whole, and to
 * scrim_exif_read_file() as the type it sniffs as (so a replay of the
 * corpus walks real JPEG and PNG files). Then the first byte picks a
 * container and the rest is read as that type, so the fuzzer can reach every
 * walker whatever the magic bytes say.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>

#include "scrim-exif.h"
#include "scrim-image.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static const ScrimFileType forced_types[] = {
  SCRIM_FILE_TYPE_JPEG,
  SCRIM_FILE_TYPE_PNG,
  SCRIM_FILE_TYPE_TIFF,
  SCRIM_FILE_TYPE_WEBP,
  SCRIM_FILE_TYPE_OTHER,
};

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  ScrimFileType type;

  scrim_exif_free (scrim_exif_read_block (data, size));
  scrim_exif_free (scrim_exif_read_file (scrim_image_sniff (data, size), data, size));
  if (size < 1)
    return 0;
  type = forced_types[data[0] % G_N_ELEMENTS (forced_types)];
  scrim_exif_free (scrim_exif_read_file (type, data + 1, size - 1));
  return 0;
}
