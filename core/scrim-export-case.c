/* scrim-export-case.c: portable sub-cases
 *
 * A sub-case is a case file holding only the selected contents, for a
 * prosecutor, the defence or a colleague: their items, files, facts
 * (EXIF), thumbnails, matches with the list versions that made them,
 * pre-categories, grades, tags and notes, the groups they are in (cut
 * down to them) and their queue entries; the sources they were found in;
 * the whole audit log, copied byte for byte so its chain still verifies;
 * and one more entry, "subcase-created", recording where it came from and
 * what was selected.
 *
 * The schema is copied from the case itself (its sqlite_master), so the
 * sub-case has the case's format whatever migrations it went through, and
 * every table a later Scrim adds travels too: a table with an item_id
 * column is cut down to the selection, any other is copied whole.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "scrim-audit.h"
#include "scrim-error.h"
#include "scrim-export-private.h"
#include "scrim-json.h"
#include "scrim-text.h"

/* Tables filled after the others, from what was copied. */
static const struct
{
  const char *table;
  const char *where;
} derived[] = {
  { "source", "id IN (SELECT source_id FROM main.file)" },
  { "list_version", "id IN (SELECT list_version_id FROM main.match)" },
  { "grp", "id IN (SELECT group_id FROM main.grp_member)" },
};

static gboolean
copy_schema (sqlite3  *src,
             sqlite3  *dst,
             GPtrArray *tables,
             GError  **error)
{
  g_autoptr(sqlite3_stmt) st = _scrim_db_prepare (src, "SELECT type, name, sql FROM main.sqlite_master "
                                                  "WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' "
                                                  "ESCAPE '\\' ORDER BY type <> 'table', rowid;", error);
  int rc;

  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      if (!_scrim_db_exec (dst, (const char *) sqlite3_column_text (st, 2), error))
        return FALSE;
      if (g_str_equal ((const char *) sqlite3_column_text (st, 0), "table"))
        g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (st, 1)));
    }
  if (rc != SQLITE_DONE)
    return _scrim_db_set_error (error, src, rc, _("cannot read the case"));
  return TRUE;
}

static gboolean
has_item_id (sqlite3    *dst,
             const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM pragma_table_info ('%s') WHERE name = 'item_id';",
                                          table);

  return _scrim_db_query_int (dst, sql, 0) > 0;
}

static const char *
derived_where (const char *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (derived); i++)
    if (g_str_equal (table, derived[i].table))
      return derived[i].where;
  return NULL;
}

static gboolean
copy_table (sqlite3     *dst,
            const char  *table,
            const char  *where,
            GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO main.\"%s\" SELECT * FROM src.\"%s\"%s%s;", table, table,
                                          where ? " WHERE " : "", where ? where : "");

  return _scrim_db_exec (dst, sql, error);
}

/* Copies every table: the selected items, whatever refers to them, then
 * what they refer to. */
static gboolean
copy_rows (sqlite3    *dst,
           GPtrArray  *tables,
           GError    **error)
{
  for (guint i = 0; i < tables->len; i++)
    {
      const char *t = g_ptr_array_index (tables, i);
      const char *where = NULL;

      if (derived_where (t) != NULL)
        continue;
      if (g_str_equal (t, "item"))
        where = "id IN (SELECT item_id FROM temp.sel)";
      else if (has_item_id (dst, t))
        where = "item_id IN (SELECT item_id FROM temp.sel)";
      if (!copy_table (dst, t, where, error))
        return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (derived); i++)
    for (guint j = 0; j < tables->len; j++)
      if (g_str_equal (g_ptr_array_index (tables, j), derived[i].table)
          && !copy_table (dst, derived[i].table, derived[i].where, error))
        return FALSE;
  /* Groups cut down to the selection say so in their size. */
  return _scrim_db_exec (dst, "UPDATE grp SET size = (SELECT count(*) FROM grp_member m WHERE m.group_id = grp.id), "
                              "representative = CASE WHEN representative IN (SELECT item_id FROM temp.sel) "
                              "THEN representative END;", error);
}

static gboolean
fill_selection (sqlite3  *src,
                sqlite3  *dst,
                GError  **error)
{
  g_autoptr(sqlite3_stmt) read = _scrim_db_prepare (src, "SELECT item_id FROM " SCRIM_EXPORT_SELECTION ";", error);
  g_autoptr(sqlite3_stmt) write = NULL;
  int rc;

  if (read == NULL || !_scrim_db_exec (dst, "CREATE TEMP TABLE sel (item_id INTEGER PRIMARY KEY);", error)
      || (write = _scrim_db_prepare (dst, "INSERT INTO temp.sel VALUES (?1);", error)) == NULL)
    return FALSE;
  while ((rc = sqlite3_step (read)) == SQLITE_ROW)
    {
      sqlite3_bind_int64 (write, 1, sqlite3_column_int64 (read, 0));
      if (!_scrim_db_step_done (write, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return _scrim_db_set_error (error, src, rc, _("cannot read the case"));
  return TRUE;
}

static gboolean
set_meta (sqlite3     *dst,
          const char  *key,
          const char  *value,
          GError     **error)
{
  g_autoptr(sqlite3_stmt) st = NULL;

  if (value == NULL)
    return TRUE;
  st = _scrim_db_prepare (dst, "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value;", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 2, value, -1, SQLITE_STATIC);
  return _scrim_db_step_done (st, error);
}

/* The sub-case's own identity, and its entry in its (copied) log. */
static gboolean
record_origin (ScrimCase                *scase,
               sqlite3                  *dst,
               const char * const       *select,
               const char               *destination,
               const ScrimExportReport  *report,
               GError                  **error)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *now = scrim_text_now_iso8601 ();
  g_autofree char *parent = scrim_case_dup_meta (scase, "case_uuid");
  g_autofree char *number = scrim_case_dup_meta (scase, "case_number");
  g_autoptr(ScrimJson) detail = scrim_json_new ();

  scrim_json_begin_object (detail, NULL);
  scrim_json_add_string (detail, "from_case_uuid", parent);
  scrim_json_add_string (detail, "from_case_number", number);
  scrim_json_add_bytes (detail, "from_path", scrim_case_get_path (scase), -1);
  scrim_json_add_bytes (detail, "destination", destination, -1);
  scrim_json_add_string (detail, "case_uuid", uuid);
  scrim_json_begin_array (detail, "select");
  for (guint i = 0; select[i] != NULL; i++)
    scrim_json_add_string (detail, NULL, select[i]);
  scrim_json_end_array (detail);
  scrim_json_add_int (detail, "items", report->items);
  scrim_json_add_int (detail, "files", report->records);
  scrim_json_add_string (detail, "scrim_version", PACKAGE_VERSION);
  scrim_json_end_object (detail);

  return set_meta (dst, "case_uuid", uuid, error)
         && set_meta (dst, "parent_case_uuid", parent, error)
         && set_meta (dst, "subcase_created", now, error)
         && _scrim_audit_append_db (dst, scrim_case_get_examiner (scase), "subcase-created",
                                    scrim_json_peek (detail), error);
}

static gboolean
build (ScrimCase                *scase,
       sqlite3                  *dst,
       const char * const       *select,
       const char               *destination,
       ScrimExportReport        *report,
       GError                  **error)
{
  sqlite3 *src = _scrim_case_get_db (scase);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) attach = NULL;
  g_autofree char *pragmas = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                                              (int) _scrim_db_query_int (src, "PRAGMA application_id;", 0),
                                              (int) _scrim_db_query_int (src, "PRAGMA user_version;", 0));

  if (!_scrim_export_select (src, select, &report->items, error))
    return FALSE;
  if (!_scrim_db_exec (dst, "PRAGMA foreign_keys = OFF;", error)
      || !_scrim_db_exec (dst, pragmas, error)
      || !copy_schema (src, dst, tables, error)
      || !fill_selection (src, dst, error)
      || (attach = _scrim_db_prepare (dst, "ATTACH DATABASE ?1 AS src;", error)) == NULL)
    return FALSE;
  sqlite3_bind_text (attach, 1, scrim_case_get_path (scase), -1, SQLITE_STATIC);
  if (!_scrim_db_step_done (attach, error))
    return FALSE;
  if (!_scrim_db_exec (dst, "BEGIN IMMEDIATE;", error))
    return FALSE;
  if (!copy_rows (dst, tables, error))
    goto fail;
  report->records = _scrim_db_query_int (dst, "SELECT count(*) FROM main.file;", 0);
  if (!record_origin (scase, dst, select, destination, report, error)
      || !_scrim_db_exec (dst, "COMMIT;", error))
    goto fail;
  return _scrim_db_exec (dst, "DETACH DATABASE src;", error);

fail:
  _scrim_db_exec (dst, "ROLLBACK;", NULL);
  return FALSE;
}

static gboolean
check_copy (sqlite3  *dst,
            GError  **error)
{
  if (_scrim_db_query_int (dst, "SELECT count(*) FROM pragma_foreign_key_check;", 1) != 0)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_CASE_CORRUPT,
                   _("the sub-case would refer to rows it does not hold; it was not written"));
      return FALSE;
    }
  return _scrim_db_exec (dst, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL;", error);
}

/*
** Writes a sub-case of the selected contents (see the top of this file)
** into the empty file tmp_path; destination is where it will be published
** (for its log). report receives the contents (items) and files (records)
** copied. Returns FALSE with error set on failure; tmp_path is then left
** for the caller to remove.
*/
gboolean
_scrim_export_case_file (ScrimCase                *scase,
                         const ScrimExportOptions *options,
                         const char               *tmp_path,
                         const char               *destination,
                         ScrimExportReport        *report,
                         GError                  **error)
{
  const char * const *select = options && options->select ? options->select
                                                          : scrim_export_default_select (SCRIM_EXPORT_CASE);
  sqlite3 *dst = NULL;
  gboolean ok;
  int rc = sqlite3_open_v2 (tmp_path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);

  if (rc != SQLITE_OK)
    {
      ok = _scrim_db_set_error (error, dst, rc, _("cannot write the sub-case"));
      sqlite3_close_v2 (dst);
      return ok;
    }
  sqlite3_extended_result_codes (dst, TRUE);
  ok = build (scase, dst, select, destination, report, error) && check_copy (dst, error);
  _scrim_export_drop_selection (_scrim_case_get_db (scase));
  if (sqlite3_close (dst) != SQLITE_OK)
    {
      if (ok)
        ok = _scrim_db_set_error (error, dst, SQLITE_ERROR, _("cannot finish the sub-case"));
      sqlite3_close_v2 (dst);
    }
  return ok;
}
