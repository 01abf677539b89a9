/* scrim-case.h: the case file (one SQLite database, *.scrim)
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* "SCRM" in PRAGMA application_id: `file` and Scrim recognise a case by it. */
#define SCRIM_CASE_APPLICATION_ID 0x5343524d

#define SCRIM_TYPE_CASE (scrim_case_get_type ())

G_DECLARE_FINAL_TYPE (ScrimCase, scrim_case, SCRIM, CASE, GObject)

/**
 * ScrimCaseOpenFlags:
 * @SCRIM_CASE_OPEN_DEFAULT: open an existing case for reading and writing
 * @SCRIM_CASE_OPEN_CREATE: create the case when no file exists at the path
 * @SCRIM_CASE_OPEN_READ_ONLY: open an existing case without writing to it
 */
typedef enum
{
  SCRIM_CASE_OPEN_DEFAULT   = 0,
  SCRIM_CASE_OPEN_CREATE    = 1 << 0,
  SCRIM_CASE_OPEN_READ_ONLY = 1 << 1,
} ScrimCaseOpenFlags;

/**
 * ScrimCaseInfo:
 * @case_number: (nullable): the case number, as the team writes it
 * @examiner: (nullable): who is doing the work (default: the login's name)
 *
 * What a new case records; also who acts when an existing case is opened.
 */
typedef struct
{
  const char *case_number;
  const char *examiner;
} ScrimCaseInfo;

ScrimCase   *scrim_case_open                (const char          *path,
                                             ScrimCaseOpenFlags   flags,
                                             const ScrimCaseInfo *info,
                                             GError             **error);
const char  *scrim_case_get_path            (ScrimCase           *self);
gboolean     scrim_case_was_created         (ScrimCase           *self);
const char  *scrim_case_get_examiner        (ScrimCase           *self);
char        *scrim_case_dup_meta            (ScrimCase           *self,
                                             const char          *key);
gboolean     scrim_case_set_meta            (ScrimCase           *self,
                                             const char          *key,
                                             const char          *value,
                                             GError             **error);
int          scrim_case_get_schema_version  (ScrimCase           *self);
gboolean     scrim_case_check_integrity     (ScrimCase           *self,
                                             char               **report,
                                             GError             **error);

/**
 * ScrimSource:
 * @id: 1, 2, 3… in order of adding
 * @root: the path as given (bytes)
 * @exhibit: (nullable): the exhibit id
 * @added: when (ISO 8601 UTC)
 * @added_by: by whom
 * @completed: (nullable): when an ingest last walked it to the end
 * @noatime: 1 access times were kept, 0 not, -1 unknown
 */
typedef struct
{
  gint64  id;
  char   *root;
  char   *exhibit;
  char   *added;
  char   *added_by;
  char   *completed;
  int     noatime;
} ScrimSource;

void         scrim_source_free              (ScrimSource         *source);
GPtrArray   *scrim_case_list_sources        (ScrimCase           *self,
                                             GError             **error);

int          scrim_case_schema_version      (void);
char        *scrim_default_examiner         (void);

G_END_DECLS
