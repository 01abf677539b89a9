/* scrim-export.h: writing what a case holds for others (maps, reports, hash sets)
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "scrim-case.h"

G_BEGIN_DECLS

/**
 * ScrimExportFormat:
 * @SCRIM_EXPORT_GEOJSON: one point per image with GPS
 * @SCRIM_EXPORT_KML: the same, for Google Earth and the like
 * @SCRIM_EXPORT_VICS: a VICS 2.0 case export (the Cases shape)
 * @SCRIM_EXPORT_VICS_MEDIA: a VICS 2.0 hash list (the Media shape)
 * @SCRIM_EXPORT_HASHDEEP: a hashdeep list (size, md5, sha1, sha256, name)
 * @SCRIM_EXPORT_MD5SUM: md5sum lines
 * @SCRIM_EXPORT_PDQ: PDQ lines (hash,quality,label)
 * @SCRIM_EXPORT_CSV: every file, every column, RFC 4180
 * @SCRIM_EXPORT_TSV: every file, every column, escaped as `scrim files`
 * @SCRIM_EXPORT_JSONL: every file, one JSON object a line
 * @SCRIM_EXPORT_HTML: a self-contained report
 * @SCRIM_EXPORT_CASE: a portable sub-case (a file only, not a stream)
 * @SCRIM_EXPORT_AUDIT: the audit log as JSONL with the chain hashes
 */
typedef enum
{
  SCRIM_EXPORT_GEOJSON,
  SCRIM_EXPORT_KML,
  SCRIM_EXPORT_VICS,
  SCRIM_EXPORT_VICS_MEDIA,
  SCRIM_EXPORT_HASHDEEP,
  SCRIM_EXPORT_MD5SUM,
  SCRIM_EXPORT_PDQ,
  SCRIM_EXPORT_CSV,
  SCRIM_EXPORT_TSV,
  SCRIM_EXPORT_JSONL,
  SCRIM_EXPORT_HTML,
  SCRIM_EXPORT_CASE,
  SCRIM_EXPORT_AUDIT,
} ScrimExportFormat;

#define SCRIM_EXPORT_N_FORMATS (SCRIM_EXPORT_AUDIT + 1)

const char *scrim_export_format_to_string   (ScrimExportFormat  format);
gboolean    scrim_export_format_from_string (const char        *str,
                                             ScrimExportFormat *format);

/**
 * ScrimExportOptions:
 * @select: (nullable): what to export, a NULL-terminated list whose union
 *   is taken: "all", "graded", "matched", "unknown", "grade:N" (0–5), or a
 *   group id; NULL for the format's default (scrim_export_default_select())
 * @profile: (nullable): the VICS profile to write ("US" when NULL)
 * @scheme_text: (nullable): a category scheme (scrim-scheme.c's file form)
 *   that maps classes back to the profile's codes; NULL for the built-in
 *   scheme of @profile
 * @media_dir: (nullable): VICS: copy the evidence of every Media record
 *   there, named by hash, and set RelativeFilePath
 * @unknown_clear: HTML: embed the thumbnails of unknown images unblurred
 *   (matched material is blurred whatever this says)
 * @force: replace an existing output file
 */
typedef struct
{
  const char * const *select;
  const char         *profile;
  const char         *scheme_text;
  const char         *media_dir;
  gboolean            unknown_clear;
  gboolean            force;
} ScrimExportOptions;

/**
 * ScrimExportReport:
 * @records: records written (features, placemarks, Media records, rows…)
 * @bytes: bytes written
 * @sha256: SHA-256 of the output, lowercase hex
 * @items: distinct contents selected (0 for maps and the audit log)
 * @media_copied: evidence files copied (--with-media)
 */
typedef struct
{
  guint64 records;
  guint64 bytes;
  char    sha256[65];
  guint64 items;
  guint64 media_copied;
} ScrimExportReport;

const char * const *scrim_export_default_select (ScrimExportFormat format);

gboolean scrim_export_write      (ScrimCase                *scase,
                                  ScrimExportFormat         format,
                                  GOutputStream            *out,
                                  const char               *destination,
                                  ScrimExportReport        *report,
                                  GCancellable             *cancellable,
                                  GError                  **error);
gboolean scrim_export_write_full (ScrimCase                *scase,
                                  ScrimExportFormat         format,
                                  const ScrimExportOptions *options,
                                  GOutputStream            *out,
                                  const char               *destination,
                                  ScrimExportReport        *report,
                                  GCancellable             *cancellable,
                                  GError                  **error);
gboolean scrim_export_to_file    (ScrimCase                *scase,
                                  ScrimExportFormat         format,
                                  const ScrimExportOptions *options,
                                  const char               *path,
                                  ScrimExportReport        *report,
                                  GCancellable             *cancellable,
                                  GError                  **error);
gboolean scrim_export_check_destination (ScrimCase         *scase,
                                  const char               *path,
                                  gboolean                  force,
                                  GError                  **error);

G_END_DECLS
