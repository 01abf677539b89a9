/* scrim-export-private.h: what the export writers of core/ share
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "scrim-case-private.h"
#include "scrim-export.h"
#include "scrim-files.h"
#include "scrim-hash.h"
#include "scrim-scheme.h"

G_BEGIN_DECLS

/* The selection lives in this temporary table of the case's connection
 * while an export runs (scrim-export.c fills and drops it). */
#define SCRIM_EXPORT_SELECTION "temp.scrim_export_selection"

gboolean _scrim_export_select          (sqlite3             *db,
                                       const char * const  *select,
                                       guint64             *n_items,
                                       GError             **error);
void     _scrim_export_drop_selection (sqlite3             *db);

/* A streaming writer: text is buffered in buf, hashed and written once
 * big enough. The first failure is kept in error; later calls do nothing. */
typedef struct
{
  GOutputStream *out;
  GCancellable  *cancellable;
  ScrimHasher   *hasher;
  GString       *buf;
  guint64        bytes;
  GError        *error;
} ScrimExportWriter;

gboolean _scrim_export_writer_flush   (ScrimExportWriter   *w,
                                       gboolean             force);

/* What the writers of one export share. */
typedef struct
{
  ScrimCase                *scase;
  sqlite3                  *db;
  ScrimExportFormat         format;
  const ScrimExportOptions *options;
  const char               *destination;   /* as given, or NULL for a stream */
  ScrimExportWriter        *w;
  ScrimExportReport        *report;
  GCancellable             *cancellable;
} ScrimExportJob;

/* Classes back to a profile's codes, for VICS. */
typedef struct
{
  char        *profile;
  ScrimScheme *scheme;
  char        *codes[SCRIM_N_CLASSES];   /* NULL: the profile has none */
} ScrimExportCodes;

gboolean _scrim_export_codes_init     (ScrimExportCodes    *codes,
                                       const ScrimExportOptions *options,
                                       GError             **error);
void     _scrim_export_codes_clear    (ScrimExportCodes    *codes);
ScrimClass _scrim_export_grade_class  (int                  grade);
ScrimClass _scrim_export_worst_class  (const char          *classes);

/* Writers, one per family (scrim-export-vics.c, -html.c, -case.c). */
gboolean _scrim_export_vics           (ScrimExportJob      *job,
                                       GError             **error);
gboolean _scrim_export_hashset        (ScrimExportJob      *job,
                                       GError             **error);
gboolean _scrim_export_html           (ScrimExportJob      *job,
                                       GError             **error);
gboolean _scrim_export_case_file      (ScrimCase           *scase,
                                       const ScrimExportOptions *options,
                                       const char          *tmp_path,
                                       const char          *destination,
                                       ScrimExportReport   *report,
                                       GError             **error);

/* The files table for csv, tsv and jsonl (scrim-files.c): the columns of
 * `scrim files` and the review columns (grade, tags, notes), of the files
 * whose content is in the selection. */
gboolean _scrim_files_write_export    (ScrimCase           *scase,
                                       ScrimFilesFormat     format,
                                       ScrimFilesLineFunc   func,
                                       gpointer             user_data,
                                       GError             **error);

/* Helpers. */
char    *_scrim_export_column_dup     (sqlite3_stmt        *stmt,
                                       int                  i);
gboolean _scrim_export_is_demo        (ScrimCase           *scase);

G_END_DECLS
