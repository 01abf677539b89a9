/* scrim-case-private.h: SQLite access for the modules of core/
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "scrim-case.h"

G_BEGIN_DECLS

sqlite3  *_scrim_case_get_db           (ScrimCase    *self);
sqlite3  *_scrim_case_open_connection  (ScrimCase    *self,
                                        gboolean      writable,
                                        GError      **error);

gboolean  _scrim_db_exec               (sqlite3      *db,
                                        const char   *sql,
                                        GError      **error);
sqlite3_stmt *_scrim_db_prepare        (sqlite3      *db,
                                        const char   *sql,
                                        GError      **error);
gboolean  _scrim_db_step_done          (sqlite3_stmt *stmt,
                                        GError      **error);
gboolean  _scrim_db_set_error          (GError      **error,
                                        sqlite3      *db,
                                        int           rc,
                                        const char   *what);
gint64    _scrim_db_query_int          (sqlite3      *db,
                                        const char   *sql,
                                        gint64        fallback);
void      _scrim_db_close              (sqlite3      *db);

static inline void
_scrim_stmt_finalize (sqlite3_stmt *stmt)
{
  sqlite3_finalize (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, _scrim_stmt_finalize)

G_END_DECLS
