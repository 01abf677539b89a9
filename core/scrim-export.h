/* scrim-export.h: writing what a case holds for others (maps, reports, hash sets)
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "scrim-case.h"

G_BEGIN_DECLS

typedef enum
{
  SCRIM_EXPORT_GEOJSON,
  SCRIM_EXPORT_KML,
} ScrimExportFormat;

const char *scrim_export_format_to_string   (ScrimExportFormat  format);
gboolean    scrim_export_format_from_string (const char        *str,
                                             ScrimExportFormat *format);

/**
 * ScrimExportReport:
 * @records: records written (features, placemarks, …)
 * @bytes: bytes written
 * @sha256: SHA-256 of the output, lowercase hex
 */
typedef struct
{
  guint64 records;
  guint64 bytes;
  char    sha256[65];
} ScrimExportReport;

gboolean scrim_export_write (ScrimCase         *scase,
                             ScrimExportFormat  format,
                             GOutputStream     *out,
                             const char        *destination,
                             ScrimExportReport *report,
                             GCancellable      *cancellable,
                             GError           **error);

G_END_DECLS
