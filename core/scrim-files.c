/* scrim-files.c
 *
 * The columns of `scrim files` are a contract with scripts and with the
 * tests: later features append columns at the end, never reorder them.
 * Every text field that comes from evidence (paths, EXIF strings) is
 * escaped as scrim-text.c describes, so a row is always one line.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "scrim-case-private.h"
#include "scrim-export-private.h"
#include "scrim-files.h"
#include "scrim-hash.h"
#include "scrim-json.h"
#include "scrim-text.h"

typedef enum
{
  COL_TEXT,      /* TEXT or BLOB from evidence: escaped */
  COL_INT,
  COL_HEX,       /* BLOB digest: lowercase hex */
  COL_DEGREES,   /* REAL: 7 decimals */
} ColumnKind;

typedef struct
{
  const char *name;
  ColumnKind  kind;
  int         sql_index;
} Column;

/* The SELECT's column 0 is the source id, used when a source has no exhibit. */
static const char FILES_SQL[] =
  "SELECT s.id, s.exhibit, f.path, COALESCE (i.size, f.size), i.md5, i.sha1, i.sha256, i.type, "
  "       COALESCE (f.status, i.status), i.width, i.height, e.make, e.model, e.serial, "
  "       e.datetime_original, e.orientation, e.gps_lat, e.gps_lon, i.pdq, i.pdq_quality, "
  "       c.class, c.source, c.match_kind, c.pdq_distance, c.conflict "
  "FROM file f JOIN source s ON s.id = f.source_id "
  "LEFT JOIN item i ON i.id = f.item_id "
  "LEFT JOIN exif e ON e.item_id = f.item_id "
  "LEFT JOIN item_category c ON c.item_id = f.item_id "
  "ORDER BY f.source_id, f.path;";

/* The same for exports: the files whose content is selected, with the
 * analyst's review (columns 25 to 27) after the columns above. */
static const char EXPORT_SQL[] =
  "SELECT s.id, s.exhibit, f.path, COALESCE (i.size, f.size), i.md5, i.sha1, i.sha256, i.type, "
  "       COALESCE (f.status, i.status), i.width, i.height, e.make, e.model, e.serial, "
  "       e.datetime_original, e.orientation, e.gps_lat, e.gps_lon, i.pdq, i.pdq_quality, "
  "       c.class, c.source, c.match_kind, c.pdq_distance, c.conflict, "
  "       g.grade, (SELECT group_concat (tag, ',') FROM (SELECT tag FROM tag t WHERE t.item_id = f.item_id "
  "                                                    ORDER BY tag)), "
  "       (SELECT group_concat (text, char (10)) FROM (SELECT text FROM note n WHERE n.item_id = f.item_id "
  "                                                  ORDER BY n.id)) "
  "FROM file f JOIN source s ON s.id = f.source_id "
  "LEFT JOIN item i ON i.id = f.item_id "
  "LEFT JOIN exif e ON e.item_id = f.item_id "
  "LEFT JOIN item_category c ON c.item_id = f.item_id "
  "LEFT JOIN grade g ON g.item_id = f.item_id "
  "WHERE f.item_id IN (SELECT item_id FROM " SCRIM_EXPORT_SELECTION ") "
  "ORDER BY f.source_id, f.path;";

static const Column review_columns[] = {
  { "grade", COL_INT, 25 },
  { "tags", COL_TEXT, 26 },
  { "notes", COL_TEXT, 27 },
};

static const Column columns[] = {
  { "source", COL_TEXT, 1 },
  { "path", COL_TEXT, 2 },
  { "size", COL_INT, 3 },
  { "md5", COL_HEX, 4 },
  { "sha1", COL_HEX, 5 },
  { "sha256", COL_HEX, 6 },
  { "type", COL_TEXT, 7 },
  { "status", COL_TEXT, 8 },
  { "width", COL_INT, 9 },
  { "height", COL_INT, 10 },
  { "exif_make", COL_TEXT, 11 },
  { "exif_model", COL_TEXT, 12 },
  { "exif_serial", COL_TEXT, 13 },
  { "exif_datetime_original", COL_TEXT, 14 },
  { "exif_orientation", COL_INT, 15 },
  { "gps_lat", COL_DEGREES, 16 },
  { "gps_lon", COL_DEGREES, 17 },
  /* issue 3 */
  { "pdq", COL_HEX, 18 },
  { "pdq_quality", COL_INT, 19 },
  /* issue 4 */
  { "category", COL_TEXT, 20 },
  { "category_source", COL_TEXT, 21 },
  { "match_kind", COL_TEXT, 22 },
  { "pdq_distance", COL_INT, 23 },
  { "conflict", COL_INT, 24 },
};

/*
** The column names of `scrim files`, in order, NULL-terminated (static).
*/
const char * const *
scrim_files_columns (void)
{
  static const char *names[G_N_ELEMENTS (columns) + 1];

  if (names[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
      names[i] = columns[i].name;
  return names;
}

/* A CSV field (RFC 4180): quoted when it holds a comma, a quote, a line
 * break or edge spaces, quotes doubled. Text that is not valid UTF-8, or
 * holds control bytes other than tab and line breaks, is written with the
 * TSV escapes (\xNN) instead, so the file stays text.
 *
 * CSV is opened in spreadsheets, and evidence text is written by the
 * suspect: a text cell a spreadsheet would run as a formula (starting with
 * = + - @, tab or carriage return) gets a leading apostrophe, which
 * spreadsheets show as text. TSV and JSONL stay byte-exact. */
static void
append_csv (GString    *out,
            const char *bytes,
            gssize      len)
{
  g_autofree char *escaped = NULL;
  gboolean quote, formula;

  if (len < 0)
    len = strlen (bytes);
  for (gssize i = 0; i < len && escaped == NULL; i++)
    {
      guint8 b = bytes[i];

      if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7f)
        escaped = scrim_text_escape_tsv (bytes, len);
    }
  if (escaped == NULL && !g_utf8_validate_len (bytes, len, NULL))
    escaped = scrim_text_escape_tsv (bytes, len);
  if (escaped != NULL)
    {
      bytes = escaped;
      len = strlen (escaped);
    }
  formula = len > 0 && strchr ("=+-@\t\r", bytes[0]) != NULL;
  quote = len > 0 && (bytes[0] == ' ' || bytes[len - 1] == ' ');
  for (gssize i = 0; i < len && !quote; i++)
    quote = bytes[i] == ',' || bytes[i] == '"' || bytes[i] == '\n' || bytes[i] == '\r';
  if (!quote)
    {
      if (formula)
        g_string_append_c (out, '\'');
      g_string_append_len (out, bytes, len);
      return;
    }
  g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (gssize i = 0; i < len; i++)
    {
      if (bytes[i] == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, bytes[i]);
    }
  g_string_append_c (out, '"');
}

static void
append_text (GString          *out,
             const char       *bytes,
             gssize            len,
             ScrimFilesFormat  format)
{
  if (format == SCRIM_FILES_JSONL)
    scrim_text_append_json (out, bytes, len);
  else if (format == SCRIM_FILES_CSV)
    append_csv (out, bytes, len);
  else
    scrim_text_append_tsv (out, bytes, len);
}

/* The source column: the exhibit id, or the source's number. */
static void
append_source (GString          *out,
               sqlite3_stmt     *stmt,
               ScrimFilesFormat  format)
{
  g_autofree char *number = NULL;
  const char *exhibit = (const char *) sqlite3_column_text (stmt, 1);

  if (exhibit == NULL)
    exhibit = number = g_strdup_printf ("%lld", (long long) sqlite3_column_int64 (stmt, 0));
  append_text (out, exhibit, -1, format);
}

static void
append_value (GString          *out,
              sqlite3_stmt     *stmt,
              const Column     *col,
              ScrimFilesFormat  format)
{
  int i = col->sql_index;
  gboolean json = format == SCRIM_FILES_JSONL;

  if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
    {
      if (json)
        g_string_append (out, "null");
      return;
    }

  switch (col->kind)
    {
    case COL_TEXT:
      {
        const char *bytes = sqlite3_column_blob (stmt, i);
        int len = sqlite3_column_bytes (stmt, i);

        append_text (out, bytes, len, format);
      }
      break;
    case COL_INT:
      g_string_append_printf (out, "%lld", (long long) sqlite3_column_int64 (stmt, i));
      break;
    case COL_HEX:
      {
        g_autofree char *hex = scrim_hex_encode (sqlite3_column_blob (stmt, i),
                                                 sqlite3_column_bytes (stmt, i));

        g_string_append_printf (out, json ? "\"%s\"" : "%s", hex);
      }
      break;
    case COL_DEGREES:
      scrim_text_append_double (out, sqlite3_column_double (stmt, i), 7);
      break;
    default:
      g_assert_not_reached ();
    }
}

static const Column *
nth_column (guint    c,
            gboolean review)
{
  if (c < G_N_ELEMENTS (columns))
    return &columns[c];
  g_assert (review && c - G_N_ELEMENTS (columns) < G_N_ELEMENTS (review_columns));
  return &review_columns[c - G_N_ELEMENTS (columns)];
}

static void
format_row (GString          *out,
            sqlite3_stmt     *stmt,
            ScrimFilesFormat  format,
            gboolean          review)
{
  gboolean json = format == SCRIM_FILES_JSONL;
  guint n = G_N_ELEMENTS (columns) + (review ? G_N_ELEMENTS (review_columns) : 0);
  char separator = format == SCRIM_FILES_CSV ? ',' : json ? ',' : '\t';

  g_string_truncate (out, 0);
  if (json)
    g_string_append_c (out, '{');
  for (guint c = 0; c < n; c++)
    {
      if (c > 0)
        g_string_append_c (out, separator);
      if (json)
        {
          scrim_text_append_json (out, nth_column (c, review)->name, -1);
          g_string_append_c (out, ':');
        }
      if (c == 0)
        append_source (out, stmt, format);
      else
        append_value (out, stmt, nth_column (c, review), format);
    }
  if (json)
    g_string_append_c (out, '}');
}

static gboolean
write_rows (sqlite3             *db,
            const char          *sql,
            ScrimFilesFormat     format,
            gboolean             review,
            ScrimFilesLineFunc   func,
            gpointer             user_data,
            GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  int rc;

  stmt = _scrim_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;

  if (format != SCRIM_FILES_JSONL)
    {
      guint n = G_N_ELEMENTS (columns) + (review ? G_N_ELEMENTS (review_columns) : 0);

      for (guint c = 0; c < n; c++)
        {
          if (c > 0)
            g_string_append_c (line, format == SCRIM_FILES_CSV ? ',' : '\t');
          g_string_append (line, nth_column (c, review)->name);
        }
      if (!func (line->str, line->len, user_data))
        return TRUE;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      format_row (line, stmt, format, review);
      if (!func (line->str, line->len, user_data))
        return TRUE;
    }
  if (rc != SQLITE_DONE)
    return _scrim_db_set_error (error, db, rc, _("cannot read the files of the case"));
  return TRUE;
}

/*
** Writes one line per file of the case, ordered by source and then by path
** bytes, through func: for TSV a header line first, then rows of exactly the
** columns of scrim_files_columns(); for JSONL one object per row with those
** keys (absent values as null). Returns FALSE with error set if the case
** cannot be read; TRUE if func stopped early.
*/
gboolean
scrim_files_write (ScrimCase           *scase,
                   ScrimFilesFormat     format,
                   ScrimFilesLineFunc   func,
                   gpointer             user_data,
                   GError             **error)
{
  g_return_val_if_fail (SCRIM_IS_CASE (scase), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  return write_rows (_scrim_case_get_db (scase), FILES_SQL, format, FALSE, func, user_data, error);
}

/*
** As scrim_files_write() (CSV too), for an export: only the files whose
** content is in the export's selection table, with the review columns
** grade, tags (sorted, comma-separated) and notes (oldest first, one a
** line) after the others. Returns FALSE with error set if the case cannot
** be read.
*/
gboolean
_scrim_files_write_export (ScrimCase           *scase,
                           ScrimFilesFormat     format,
                           ScrimFilesLineFunc   func,
                           gpointer             user_data,
                           GError             **error)
{
  return write_rows (_scrim_case_get_db (scase), EXPORT_SQL, format, TRUE, func, user_data, error);
}

/*
** Calls func for every file whose status is neither ok nor not-image (the
** files an examiner must know were not fully analysed), with the reason,
** ordered like scrim_files_write(). Returns FALSE with error set if the
** case cannot be read.
*/
gboolean
scrim_files_problems (ScrimCase         *scase,
                      ScrimProblemFunc   func,
                      gpointer           user_data,
                      GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), FALSE);

  db = _scrim_case_get_db (scase);
  stmt = _scrim_db_prepare (db, "SELECT COALESCE (s.exhibit, s.id), f.path, COALESCE (f.status, i.status), "
                                "       COALESCE (f.message, i.message) "
                                "FROM file f JOIN source s ON s.id = f.source_id "
                                "LEFT JOIN item i ON i.id = f.item_id "
                                "WHERE COALESCE (f.status, i.status) NOT IN ('ok', 'not-image') "
                                "ORDER BY f.source_id, f.path;", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (!func ((const char *) sqlite3_column_text (stmt, 0),
                 sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1),
                 (const char *) sqlite3_column_text (stmt, 2),
                 (const char *) sqlite3_column_text (stmt, 3), user_data))
        return TRUE;
    }
  if (rc != SQLITE_DONE)
    return _scrim_db_set_error (error, db, rc, _("cannot read the files of the case"));
  return TRUE;
}

/*
** Calls func for every location (source, path) of the content item_id,
** ordered like scrim_files_write(). Returns FALSE with error set if the
** case cannot be read.
*/
gboolean
scrim_files_locations (ScrimCase          *scase,
                       gint64              item_id,
                       ScrimLocationFunc   func,
                       gpointer            user_data,
                       GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), FALSE);

  db = _scrim_case_get_db (scase);
  stmt = _scrim_db_prepare (db, "SELECT COALESCE (s.exhibit, s.id), f.path FROM file f "
                                "JOIN source s ON s.id = f.source_id WHERE f.item_id = ?1 "
                                "ORDER BY f.source_id, f.path;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (!func ((const char *) sqlite3_column_text (stmt, 0), sqlite3_column_blob (stmt, 1),
               sqlite3_column_bytes (stmt, 1), user_data))
      return TRUE;
  if (rc != SQLITE_DONE)
    return _scrim_db_set_error (error, db, rc, _("cannot read the files of the case"));
  return TRUE;
}

static gboolean
count_grouped (sqlite3     *db,
               const char  *sql,
               GHashTable  *into,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _scrim_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);

      g_hash_table_insert (into, g_strdup (key ? key : ""),
                           GINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
    }
  if (rc != SQLITE_DONE)
    return _scrim_db_set_error (error, db, rc, _("cannot count the files of the case"));
  return TRUE;
}

/*
** Fills counts (files, contents, sources, bytes; files by status and by
** type). Clear it with scrim_case_counts_clear(). Returns FALSE with error
** set if the case cannot be read.
*/
gboolean
scrim_case_count (ScrimCase        *scase,
                  ScrimCaseCounts  *counts,
                  GError          **error)
{
  sqlite3 *db;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  db = _scrim_case_get_db (scase);
  memset (counts, 0, sizeof *counts);
  counts->by_status = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  counts->by_type = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  counts->n_files = _scrim_db_query_int (db, "SELECT count(*) FROM file;", 0);
  counts->n_items = _scrim_db_query_int (db, "SELECT count(*) FROM item;", 0);
  counts->n_sources = _scrim_db_query_int (db, "SELECT count(*) FROM source;", 0);
  counts->bytes = _scrim_db_query_int (db, "SELECT total (size) FROM item;", 0);

  counts->by_category = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  counts->ignorable = _scrim_db_query_int (db, "SELECT count(*) FROM file f JOIN item_category c "
                                               "ON c.item_id = f.item_id WHERE c.ignorable;", 0);
  counts->conflicts = _scrim_db_query_int (db, "SELECT count(*) FROM file f JOIN item_category c "
                                               "ON c.item_id = f.item_id WHERE c.conflict;", 0);

  return count_grouped (db, "SELECT COALESCE (f.status, i.status), count(*) FROM file f "
                            "LEFT JOIN item i ON i.id = f.item_id GROUP BY 1;",
                        counts->by_status, error)
         && count_grouped (db, "SELECT i.type, count(*) FROM file f "
                               "LEFT JOIN item i ON i.id = f.item_id GROUP BY 1;",
                           counts->by_type, error)
         && count_grouped (db, "SELECT c.class, count(*) FROM file f "
                               "LEFT JOIN item_category c ON c.item_id = f.item_id GROUP BY 1;",
                           counts->by_category, error);
}

void
scrim_case_counts_clear (ScrimCaseCounts *counts)
{
  g_clear_pointer (&counts->by_status, g_hash_table_unref);
  g_clear_pointer (&counts->by_type, g_hash_table_unref);
  g_clear_pointer (&counts->by_category, g_hash_table_unref);
}
