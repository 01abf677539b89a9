/* scrim-files.h: the files of a case, as rows for listing and export
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "scrim-case.h"

G_BEGIN_DECLS

typedef enum
{
  SCRIM_FILES_TSV,
  SCRIM_FILES_JSONL,
  SCRIM_FILES_CSV,     /* RFC 4180 (exports; `scrim files` writes TSV or JSONL) */
} ScrimFilesFormat;

/* Called with one formatted line (no newline); return FALSE to stop. */
typedef gboolean (*ScrimFilesLineFunc) (const char *line,
                                        gsize       len,
                                        gpointer    user_data);

const char * const *scrim_files_columns   (void);
gboolean            scrim_files_write     (ScrimCase          *scase,
                                           ScrimFilesFormat    format,
                                           ScrimFilesLineFunc  func,
                                           gpointer            user_data,
                                           GError            **error);

/* Called for each file that is not ok and not merely not an image. */
typedef gboolean (*ScrimProblemFunc) (const char *source,
                                      const char *path,
                                      gsize       path_len,
                                      const char *status,
                                      const char *message,
                                      gpointer    user_data);

gboolean            scrim_files_problems  (ScrimCase          *scase,
                                           ScrimProblemFunc    func,
                                           gpointer            user_data,
                                           GError            **error);

/* Called for each location of one content: the source (exhibit id or
 * number) and the path bytes. Return FALSE to stop. */
typedef gboolean (*ScrimLocationFunc) (const char *source,
                                       const char *path,
                                       gsize       path_len,
                                       gpointer    user_data);

gboolean            scrim_files_locations (ScrimCase          *scase,
                                           gint64              item_id,
                                           ScrimLocationFunc   func,
                                           gpointer            user_data,
                                           GError            **error);

/**
 * ScrimCaseCounts:
 * @n_files: locations (rows of `scrim files`)
 * @n_items: distinct contents
 * @n_sources: evidence sources
 * @bytes: total size of the distinct contents
 * @by_status: (element-type utf8 gint64): files per status string
 * @by_type: (element-type utf8 gint64): files per type string ("" when none)
 * @by_category: (element-type utf8 gint64): files per pre-category ("" when
 *   no list matched)
 * @ignorable: files a list made ignorable
 * @conflicts: files on which lists disagree
 */
typedef struct
{
  gint64      n_files;
  gint64      n_items;
  gint64      n_sources;
  gint64      bytes;
  GHashTable *by_status;
  GHashTable *by_type;
  GHashTable *by_category;
  gint64      ignorable;
  gint64      conflicts;
} ScrimCaseCounts;

gboolean  scrim_case_count          (ScrimCase        *scase,
                                     ScrimCaseCounts  *counts,
                                     GError          **error);
void      scrim_case_counts_clear   (ScrimCaseCounts  *counts);

G_END_DECLS
