/* scrim-review.c
 *
 * The review window works on views of a case (a category, a group, the
 * queue). A view is first resolved to the ids of its images, in display
 * order (an array of 8 bytes per image: 8 MB for a million), and the grid
 * then loads the images it shows a page at a time by id, so a case of a
 * million images opens in about a second and scrolls without loading what
 * is not on screen.
 *
 * What is obscured is decided here, once, for every consumer: matched
 * abuse, exploitive, CGI and comparison material (also when lists
 * disagree and one of them says so), and whatever the analyst graded so.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "scrim-audit.h"
#include "scrim-case-private.h"
#include "scrim-error.h"
#include "scrim-hash.h"
#include "scrim-json.h"
#include "scrim-review.h"
#include "scrim-text.h"
#include "scrim-walk.h"

/* The images a view can show: decoded ones (they have a thumbnail). */
static const char VIEW_FROM[] =
  "FROM item i LEFT JOIN item_category c ON c.item_id = i.id ";

static const char * const view_where[SCRIM_N_VIEWS] = {
  "WHERE i.status = 'ok' AND COALESCE (c.ignorable, 0) = 0 ",
  "WHERE i.status = 'ok' AND c.class = 'abuse' ",
  "WHERE i.status = 'ok' AND c.class = 'exploitive' ",
  "WHERE i.status = 'ok' AND c.class = 'cgi' ",
  "WHERE i.status = 'ok' AND c.class = 'comparison' ",
  "WHERE i.status = 'ok' AND (c.item_id IS NULL OR c.class = 'uncategorised') ",
  "WHERE i.status = 'ok' AND c.conflict = 1 ",
  "WHERE i.status = 'ok' AND c.ignorable = 1 ",
  "JOIN grp_member m ON m.item_id = i.id WHERE i.status = 'ok' AND m.group_id = ?1 ",
  "JOIN queue q ON q.item_id = i.id WHERE i.status = 'ok' ",
};

const char *
scrim_view_to_string (ScrimView view)
{
  static const char * const names[SCRIM_N_VIEWS] = {
    "all", "abuse", "exploitive", "cgi", "comparison", "unknown", "conflicts", "ignorable", "group", "queue",
  };

  g_return_val_if_fail ((guint) view < SCRIM_N_VIEWS, NULL);
  return names[view];
}

const char *
scrim_grade_to_string (ScrimGrade grade)
{
  static const char * const names[] = {
    "non-pertinent", "abuse", "exploitive", "cgi", "comparison", "reviewed",
  };

  if (grade < 0 || grade > SCRIM_GRADE_REVIEWED)
    return NULL;
  return names[grade];
}

void
scrim_review_item_free (ScrimReviewItem *item)
{
  if (item == NULL)
    return;
  g_free (item->klass);
  g_free (item->label);
  g_free (item);
}

static char *
view_sql (ScrimView   view,
          const char *select,
          const char *tail)
{
  return g_strconcat (select, VIEW_FROM, view_where[view], tail, NULL);
}

/*
** Returns the ids of the images of a view, in display order: ingest order,
** or by score for the queue (a GArray of gint64); NULL with error set on
** failure. group_id is used by SCRIM_VIEW_GROUP only.
*/
GArray *
scrim_review_view_ids (ScrimCase  *scase,
                       ScrimView   view,
                       gint64      group_id,
                       GError    **error)
{
  g_autofree char *sql = view_sql (view, "SELECT i.id ",
                                   view == SCRIM_VIEW_QUEUE ? "ORDER BY q.score DESC, i.id;" : "ORDER BY i.id;");
  sqlite3 *db;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GArray *ids;
  int rc;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), NULL);
  g_return_val_if_fail ((guint) view < SCRIM_N_VIEWS, NULL);

  db = _scrim_case_get_db (scase);
  stmt = _scrim_db_prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;
  if (view == SCRIM_VIEW_GROUP)
    sqlite3_bind_int64 (stmt, 1, group_id);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      g_array_unref (ids);
      _scrim_db_set_error (error, db, rc, _("cannot read the case"));
      return NULL;
    }
  return ids;
}

/* Matched material, or material the analyst graded as such. */
static gboolean
is_obscured (const char *klass,
             int         grade)
{
  static const char * const obscured[] = { "abuse", "exploitive", "cgi", "comparison" };

  if (grade >= SCRIM_GRADE_ABUSE && grade <= SCRIM_GRADE_COMPARISON)
    return TRUE;
  for (guint i = 0; klass != NULL && i < G_N_ELEMENTS (obscured); i++)
    if (strstr (klass, obscured[i]) != NULL)
      return TRUE;
  return FALSE;
}

static ScrimReviewItem *
read_item (sqlite3_stmt *stmt)
{
  ScrimReviewItem *item = g_new0 (ScrimReviewItem, 1);
  g_autofree char *hex = scrim_hex_encode (sqlite3_column_blob (stmt, 1), SCRIM_SHA256_LEN);
  const char *klass = (const char *) sqlite3_column_text (stmt, 2);

  item->item_id = sqlite3_column_int64 (stmt, 0);
  memcpy (item->sha256, hex, 65);
  item->klass = g_strdup (klass);
  item->conflict = sqlite3_column_int (stmt, 3);
  item->grade = sqlite3_column_type (stmt, 4) == SQLITE_NULL ? SCRIM_GRADE_NONE : sqlite3_column_int (stmt, 4);
  item->thumb_width = sqlite3_column_int (stmt, 5);
  item->thumb_height = sqlite3_column_int (stmt, 6);
  item->obscured = is_obscured (klass, item->grade);
  if (sqlite3_column_type (stmt, 8) != SQLITE_NULL)
    {
      g_autofree char *path = scrim_text_display (sqlite3_column_blob (stmt, 8), sqlite3_column_bytes (stmt, 8));

      item->label = g_strdup_printf ("%s:%s", sqlite3_column_text (stmt, 7), path);
    }
  return item;
}

/*
** Returns the images with the given ids, in the same order, as a GPtrArray
** of ScrimReviewItem (an id that does not exist is skipped); NULL with
** error set on failure.
*/
GPtrArray *
scrim_review_load_items (ScrimCase     *scase,
                         const gint64  *ids,
                         guint          n_ids,
                         GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *items;
  sqlite3 *db;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), NULL);

  db = _scrim_case_get_db (scase);
  stmt = _scrim_db_prepare (db,
                            "SELECT i.id, i.sha256, c.class, c.conflict, g.grade, t.width, t.height, "
                            "  (SELECT COALESCE (s.exhibit, s.id) FROM file f JOIN source s ON s.id = f.source_id "
                            "   WHERE f.item_id = i.id ORDER BY f.id LIMIT 1), "
                            "  (SELECT f.path FROM file f WHERE f.item_id = i.id ORDER BY f.id LIMIT 1) "
                            "FROM item i LEFT JOIN item_category c ON c.item_id = i.id "
                            "LEFT JOIN grade g ON g.item_id = i.id LEFT JOIN thumbnail t ON t.item_id = i.id "
                            "WHERE i.id = ?1;", error);
  if (stmt == NULL)
    return NULL;
  items = g_ptr_array_new_with_free_func ((GDestroyNotify) scrim_review_item_free);
  for (guint k = 0; k < n_ids; k++)
    {
      sqlite3_bind_int64 (stmt, 1, ids[k]);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (items, read_item (stmt));
      sqlite3_reset (stmt);
    }
  return items;
}

/*
** Counts the images of a view and how many of them are graded. Returns
** FALSE with error set on failure.
*/
gboolean
scrim_review_count (ScrimCase       *scase,
                    ScrimView        view,
                    gint64           group_id,
                    ScrimViewCount  *count,
                    GError         **error)
{
  g_autofree char *joined = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), FALSE);

  /* The grade join goes before the view's WHERE. */
  joined = g_strconcat ("SELECT count(*), count (gr.item_id) ", VIEW_FROM,
                        "LEFT JOIN grade gr ON gr.item_id = i.id ", view_where[view], ";", NULL);
  db = _scrim_case_get_db (scase);
  stmt = _scrim_db_prepare (db, joined, error);
  if (stmt == NULL)
    return FALSE;
  if (view == SCRIM_VIEW_GROUP)
    sqlite3_bind_int64 (stmt, 1, group_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _scrim_db_set_error (error, db, sqlite3_errcode (db), _("cannot count the case"));
  count->view = view;
  count->total = sqlite3_column_int64 (stmt, 0);
  count->reviewed = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

/*
** Fills counts[v] for every view v from ALL to IGNORABLE, and QUEUE, in
** one pass over the case (the conditions are the views' own WHERE
** clauses, so the counts cannot drift from what the grid shows);
** counts[SCRIM_VIEW_GROUP] is zeroed. FALSE with error set on failure.
*/
gboolean
scrim_review_count_views (ScrimCase       *scase,
                          ScrimViewCount   counts[SCRIM_N_VIEWS],
                          GError         **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) queue = NULL;
  sqlite3 *db;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), FALSE);

  for (guint v = SCRIM_VIEW_ALL; v <= SCRIM_VIEW_IGNORABLE; v++)
    {
      const char *cond = view_where[v] + strlen ("WHERE ");

      g_string_append_printf (sql, "%stotal (CASE WHEN %s THEN 1 END), total (CASE WHEN (%s) AND gr.item_id "
                              "IS NOT NULL THEN 1 END)", v > 0 ? ", " : "", cond, cond);
    }
  g_string_append_printf (sql, " %sLEFT JOIN grade gr ON gr.item_id = i.id;", VIEW_FROM);
  db = _scrim_case_get_db (scase);
  stmt = _scrim_db_prepare (db, sql->str, error);
  queue = _scrim_db_prepare (db, "SELECT count(*), count (gr.item_id) FROM queue q JOIN item i ON i.id = q.item_id "
                                 "LEFT JOIN grade gr ON gr.item_id = i.id WHERE i.status = 'ok';", error);
  if (stmt == NULL || queue == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_step (queue) != SQLITE_ROW)
    return _scrim_db_set_error (error, db, sqlite3_errcode (db), _("cannot count the case"));
  memset (counts, 0, sizeof (ScrimViewCount) * SCRIM_N_VIEWS);
  for (guint v = 0; v < SCRIM_N_VIEWS; v++)
    counts[v].view = v;
  for (guint v = SCRIM_VIEW_ALL; v <= SCRIM_VIEW_IGNORABLE; v++)
    {
      counts[v].total = (gint64) sqlite3_column_double (stmt, 2 * v);
      counts[v].reviewed = (gint64) sqlite3_column_double (stmt, 2 * v + 1);
    }
  counts[SCRIM_VIEW_QUEUE].total = sqlite3_column_int64 (queue, 0);
  counts[SCRIM_VIEW_QUEUE].reviewed = sqlite3_column_int64 (queue, 1);
  return TRUE;
}

/*
** The first group (near-duplicates, then sessions, …, in the order `scrim
** groups` lists them) that still holds an image nobody graded; 0 when every
** group is reviewed, -1 with error set on failure.
*/
gint64
scrim_review_next_unreviewed_group (ScrimCase  *scase,
                                    GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = _scrim_case_get_db (scase);
  int rc;

  stmt = _scrim_db_prepare (db, "SELECT g.id FROM grp g WHERE EXISTS (SELECT 1 FROM grp_member m "
                                "JOIN item i ON i.id = m.item_id LEFT JOIN grade gr ON gr.item_id = m.item_id "
                                "WHERE m.group_id = g.id AND i.status = 'ok' AND gr.item_id IS NULL) "
                                "ORDER BY CASE g.kind WHEN 'series' THEN 0 WHEN 'near-duplicate' THEN 1 "
                                "  WHEN 'session' THEN 2 WHEN 'camera' THEN 3 WHEN 'place' THEN 4 ELSE 5 END, "
                                "  g.rank DESC, g.size DESC, g.id LIMIT 1;", error);
  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    return _scrim_db_set_error (error, db, rc, _("cannot read the groups")), -1;
  return 0;
}

/*
** Returns the thumbnail of an image, decoded (oriented as EXIF says, alpha
** flattened), or NULL with error set when it has none.
*/
ScrimPixels *
scrim_review_thumbnail (ScrimCase  *scase,
                        gint64      item_id,
                        GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  ScrimDecodeOptions options = { 0, 0 };
  ScrimDecodeResult result = { 0 };
  ScrimPixels *pixels;

  stmt = _scrim_db_prepare (_scrim_case_get_db (scase), "SELECT jpeg FROM thumbnail WHERE item_id = ?1;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, item_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("image %" PRId64 " has no thumbnail"), item_id);
      return NULL;
    }
  scrim_image_decode (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0), &options, &result);
  if (result.status != SCRIM_STATUS_OK)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_CASE_CORRUPT, _("the thumbnail of image %" PRId64
                     " cannot be decoded: %s"), item_id, result.message ? result.message : "?");
      scrim_decode_result_clear (&result);
      return NULL;
    }
  pixels = g_steal_pointer (&result.pixels);
  scrim_decode_result_clear (&result);
  return pixels;
}

/* ---- grading, tags, notes, reveals ---- */

static void
add_sha256s (ScrimJson    *json,
             sqlite3      *db,
             const gint64 *ids,
             guint         n)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  scrim_json_begin_array (json, "items");
  if (sqlite3_prepare_v2 (db, "SELECT sha256 FROM item WHERE id = ?1;", -1, &stmt, NULL) == SQLITE_OK)
    for (guint k = 0; k < n; k++)
      {
        sqlite3_bind_int64 (stmt, 1, ids[k]);
        if (sqlite3_step (stmt) == SQLITE_ROW)
          {
            g_autofree char *hex = scrim_hex_encode (sqlite3_column_blob (stmt, 0), SCRIM_SHA256_LEN);

            scrim_json_add_string (json, NULL, hex);
          }
        sqlite3_reset (stmt);
      }
  scrim_json_end_array (json);
}

/* Sets (grade >= 0) or clears (grade < 0) the grade of each item, in the
 * caller's transaction; collects the grades before into previous. */
static gboolean
write_grades (ScrimCase     *scase,
              const gint64  *ids,
              const int     *grades,
              int            one_grade,
              guint          n,
              GArray        *previous,
              GError       **error)
{
  sqlite3 *db = _scrim_case_get_db (scase);
  g_autoptr(sqlite3_stmt) old = _scrim_db_prepare (db, "SELECT grade FROM grade WHERE item_id = ?1;", error);
  g_autoptr(sqlite3_stmt) set = _scrim_db_prepare (db, "INSERT OR REPLACE INTO grade (item_id, grade, examiner, time) "
                                                       "VALUES (?1, ?2, ?3, ?4);", error);
  g_autoptr(sqlite3_stmt) clear = _scrim_db_prepare (db, "DELETE FROM grade WHERE item_id = ?1;", error);
  g_autofree char *now = scrim_text_now_iso8601 ();

  if (old == NULL || set == NULL || clear == NULL)
    return FALSE;
  for (guint k = 0; k < n; k++)
    {
      int grade = grades ? grades[k] : one_grade;
      int before = SCRIM_GRADE_NONE;

      sqlite3_bind_int64 (old, 1, ids[k]);
      if (sqlite3_step (old) == SQLITE_ROW)
        before = sqlite3_column_int (old, 0);
      sqlite3_reset (old);
      if (previous)
        g_array_append_val (previous, before);
      if (grade < 0)
        {
          sqlite3_bind_int64 (clear, 1, ids[k]);
          if (!_scrim_db_step_done (clear, error))
            return FALSE;
          continue;
        }
      sqlite3_bind_int64 (set, 1, ids[k]);
      sqlite3_bind_int (set, 2, grade);
      sqlite3_bind_text (set, 3, scrim_case_get_examiner (scase), -1, SQLITE_STATIC);
      sqlite3_bind_text (set, 4, now, -1, SQLITE_STATIC);
      if (!_scrim_db_step_done (set, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
grade_transaction (ScrimCase     *scase,
                   const char    *action,
                   const gint64  *ids,
                   const int     *grades,
                   int            one_grade,
                   guint          n,
                   GArray        *previous,
                   GError       **error)
{
  sqlite3 *db = _scrim_case_get_db (scase);
  g_autoptr(ScrimJson) detail = scrim_json_new ();

  if (!_scrim_db_exec (db, "BEGIN IMMEDIATE;", error))
    return FALSE;
  if (!write_grades (scase, ids, grades, one_grade, n, previous, error))
    goto fail;
  scrim_json_begin_object (detail, NULL);
  if (grades == NULL)
    {
      scrim_json_add_int (detail, "grade", one_grade);
      scrim_json_add_string (detail, "meaning", scrim_grade_to_string (one_grade));
    }
  add_sha256s (detail, db, ids, n);
  if (previous != NULL)
    {
      scrim_json_begin_array (detail, "previous");
      for (guint k = 0; k < previous->len; k++)
        scrim_json_add_int (detail, NULL, g_array_index (previous, int, k));
      scrim_json_end_array (detail);
    }
  else
    {
      scrim_json_begin_array (detail, "grades");
      for (guint k = 0; k < n; k++)
        scrim_json_add_int (detail, NULL, grades[k]);
      scrim_json_end_array (detail);
    }
  scrim_json_end_object (detail);
  if (!scrim_audit_append (scase, action, scrim_json_peek (detail), error)
      || !_scrim_db_exec (db, "COMMIT;", error))
    goto fail;
  return TRUE;

fail:
  _scrim_db_exec (db, "ROLLBACK;", NULL);
  return FALSE;
}

/*
** Grades the items (0-5; see ScrimGrade) as the case's examiner, in one
** audited transaction. *previous (if given) receives the grades they had
** before (SCRIM_GRADE_NONE for none; a GArray of int, in order), for undo.
*/
gboolean
scrim_review_grade (ScrimCase     *scase,
                    const gint64  *item_ids,
                    guint          n_items,
                    ScrimGrade     grade,
                    GArray       **previous,
                    GError       **error)
{
  g_autoptr(GArray) before = g_array_new (FALSE, FALSE, sizeof (int));

  g_return_val_if_fail (SCRIM_IS_CASE (scase), FALSE);
  g_return_val_if_fail (grade >= 0 && grade <= SCRIM_GRADE_REVIEWED, FALSE);

  if (!grade_transaction (scase, "graded", item_ids, NULL, grade, n_items, before, error))
    return FALSE;
  if (previous != NULL)
    *previous = g_steal_pointer (&before);
  return TRUE;
}

/*
** Puts grades back (an undo): grades[k] for item_ids[k], SCRIM_GRADE_NONE
** removing the grade. Audited as "grade-restored".
*/
gboolean
scrim_review_restore_grades (ScrimCase     *scase,
                             const gint64  *item_ids,
                             const int     *grades,
                             guint          n_items,
                             GError       **error)
{
  g_return_val_if_fail (SCRIM_IS_CASE (scase), FALSE);
  return grade_transaction (scase, "grade-restored", item_ids, grades, 0, n_items, NULL, error);
}

/*
** Adds a tag to the items (audited). An empty tag is refused.
*/
gboolean
scrim_review_add_tag (ScrimCase     *scase,
                      const gint64  *item_ids,
                      guint          n_items,
                      const char    *tag,
                      GError       **error)
{
  sqlite3 *db = _scrim_case_get_db (scase);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(ScrimJson) detail = scrim_json_new ();
  g_autofree char *clean = g_strstrip (g_strdup (tag ? tag : ""));

  if (*clean == '\0')
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("a tag cannot be empty"));
      return FALSE;
    }
  if (!_scrim_db_exec (db, "BEGIN IMMEDIATE;", error))
    return FALSE;
  stmt = _scrim_db_prepare (db, "INSERT OR IGNORE INTO tag (item_id, tag) VALUES (?1, ?2);", error);
  for (guint k = 0; stmt != NULL && k < n_items; k++)
    {
      sqlite3_bind_int64 (stmt, 1, item_ids[k]);
      sqlite3_bind_text (stmt, 2, clean, -1, SQLITE_STATIC);
      if (!_scrim_db_step_done (stmt, error))
        goto fail;
    }
  scrim_json_begin_object (detail, NULL);
  scrim_json_add_string (detail, "tag", clean);
  add_sha256s (detail, db, item_ids, n_items);
  scrim_json_end_object (detail);
  if (stmt == NULL || !scrim_audit_append (scase, "tagged", scrim_json_peek (detail), error)
      || !_scrim_db_exec (db, "COMMIT;", error))
    goto fail;
  return TRUE;

fail:
  _scrim_db_exec (db, "ROLLBACK;", NULL);
  return FALSE;
}

/*
** Adds a note to an image (audited, with the note's text).
*/
gboolean
scrim_review_add_note (ScrimCase   *scase,
                       gint64       item_id,
                       const char  *text,
                       GError     **error)
{
  sqlite3 *db = _scrim_case_get_db (scase);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(ScrimJson) detail = scrim_json_new ();
  g_autofree char *now = scrim_text_now_iso8601 ();

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("a note cannot be empty"));
      return FALSE;
    }
  if (!_scrim_db_exec (db, "BEGIN IMMEDIATE;", error))
    return FALSE;
  stmt = _scrim_db_prepare (db, "INSERT INTO note (item_id, text, examiner, time) VALUES (?1, ?2, ?3, ?4);", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, item_id);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, scrim_case_get_examiner (scase), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  if (!_scrim_db_step_done (stmt, error))
    goto fail;
  scrim_json_begin_object (detail, NULL);
  add_sha256s (detail, db, &item_id, 1);
  scrim_json_add_string (detail, "note", text);
  scrim_json_end_object (detail);
  if (!scrim_audit_append (scase, "noted", scrim_json_peek (detail), error)
      || !_scrim_db_exec (db, "COMMIT;", error))
    goto fail;
  return TRUE;

fail:
  _scrim_db_exec (db, "ROLLBACK;", NULL);
  return FALSE;
}

/*
** Records that the analyst revealed an obscured image (where: "grid",
** "viewer"), with the examiner and the file, in the audit log.
*/
gboolean
scrim_review_log_reveal (ScrimCase   *scase,
                         gint64       item_id,
                         const char  *where,
                         GError     **error)
{
  sqlite3 *db = _scrim_case_get_db (scase);
  g_autoptr(ScrimJson) detail = scrim_json_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;

  scrim_json_begin_object (detail, NULL);
  add_sha256s (detail, db, &item_id, 1);
  if (sqlite3_prepare_v2 (db, "SELECT COALESCE (s.exhibit, s.id), f.path FROM file f JOIN source s "
                              "ON s.id = f.source_id WHERE f.item_id = ?1 ORDER BY f.id LIMIT 1;",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, item_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          scrim_json_add_string (detail, "source", (const char *) sqlite3_column_text (stmt, 0));
          scrim_json_add_bytes (detail, "path", sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
        }
    }
  scrim_json_add_string (detail, "where", where);
  scrim_json_end_object (detail);
  return scrim_audit_append (scase, "revealed", scrim_json_peek (detail), error);
}

/* ---- the viewer ---- */

static void
describe_item (GString *out,
               sqlite3 *db,
               gint64   item_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT sha256, sha1, md5, size, type, status, width, height, message "
                              "FROM item WHERE id = ?1;", -1, &stmt, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_int64 (stmt, 1, item_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return;
  for (int i = 0; i < 3; i++)
    {
      static const char * const names[] = { "SHA-256", "SHA-1", "MD5" };
      g_autofree char *hex = scrim_hex_encode (sqlite3_column_blob (stmt, i), sqlite3_column_bytes (stmt, i));

      g_string_append_printf (out, "%s\t%s\n", names[i], hex);
    }
  g_string_append_printf (out, "File\t%lld bytes, %s, %d × %d, %s%s%s\n", (long long) sqlite3_column_int64 (stmt, 3),
                          sqlite3_column_text (stmt, 4), sqlite3_column_int (stmt, 6), sqlite3_column_int (stmt, 7),
                          sqlite3_column_text (stmt, 5), sqlite3_column_type (stmt, 8) != SQLITE_NULL ? ": " : "",
                          sqlite3_column_type (stmt, 8) != SQLITE_NULL ? (const char *) sqlite3_column_text (stmt, 8) : "");
}

static void
append_blob (GString      *out,
             sqlite3_stmt *stmt,
             int           i)
{
  g_autofree char *text = NULL;

  if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
    return;
  text = scrim_text_display (sqlite3_column_blob (stmt, i), sqlite3_column_bytes (stmt, i));
  g_string_append (out, text);
}

static void
describe_exif (GString *out,
               sqlite3 *db,
               gint64   item_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT make, model, serial, datetime_original, offset_time_original, "
                              "gps_lat, gps_lon, gps_alt, orientation, software FROM exif WHERE item_id = ?1;",
                          -1, &stmt, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_int64 (stmt, 1, item_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return;
  g_string_append (out, "Camera\t");
  append_blob (out, stmt, 0);
  g_string_append_c (out, ' ');
  append_blob (out, stmt, 1);
  if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
    {
      g_string_append (out, ", serial ");
      append_blob (out, stmt, 2);
    }
  g_string_append (out, "\nTaken\t");
  append_blob (out, stmt, 3);
  g_string_append_c (out, ' ');
  append_blob (out, stmt, 4);
  g_string_append_c (out, '\n');
  if (sqlite3_column_type (stmt, 5) != SQLITE_NULL && sqlite3_column_type (stmt, 6) != SQLITE_NULL)
    {
      g_string_append (out, "Place\t");
      scrim_text_append_double (out, sqlite3_column_double (stmt, 5), 7);
      g_string_append (out, ", ");
      scrim_text_append_double (out, sqlite3_column_double (stmt, 6), 7);
      g_string_append_c (out, '\n');
    }
}

/* Each row of sql (one ?1 = item id) as "label\tcol0 col1 …" lines. */
static void
describe_rows (GString    *out,
               sqlite3    *db,
               gint64      item_id,
               const char *label,
               const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_int64 (stmt, 1, item_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_string_append_printf (out, "%s\t", label);
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        if (sqlite3_column_type (stmt, i) != SQLITE_NULL)
          {
            if (i > 0)
              g_string_append_c (out, ' ');
            append_blob (out, stmt, i);
          }
      g_string_append_c (out, '\n');
    }
}

/*
** Returns what the viewer shows of an image as "Label\tvalue" lines
** (text from evidence escaped): hashes, file facts, every location, EXIF,
** pre-category and matches with list and version, groups with their
** reasons, grade, tags and notes. NULL with error set when there is no
** such image.
*/
char *
scrim_review_describe (ScrimCase  *scase,
                       gint64      item_id,
                       GError    **error)
{
  sqlite3 *db = _scrim_case_get_db (scase);
  GString *out = g_string_new (NULL);

  describe_item (out, db, item_id);
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("no image %" PRId64 " in the case"), item_id);
      return NULL;
    }
  describe_rows (out, db, item_id, "Found at",
                 "SELECT COALESCE (s.exhibit, s.id) || ':', f.path FROM file f JOIN source s ON s.id = f.source_id "
                 "WHERE f.item_id = ?1 ORDER BY f.source_id, f.path;");
  describe_exif (out, db, item_id);
  describe_rows (out, db, item_id, "Category",
                 "SELECT class, '(' || match_kind || ', ' || source || ')', "
                 "CASE WHEN conflict THEN 'CONFLICT: ' || detail END FROM item_category WHERE item_id = ?1;");
  describe_rows (out, db, item_id, "Match",
                 "SELECT v.name, v.version, m.kind, 'distance ' || m.distance, m.variant, 'code ' || m.category, "
                 "'→ ' || m.class, 'series ' || m.series FROM match m JOIN list_version v ON v.id = m.list_version_id "
                 "WHERE m.item_id = ?1;");
  describe_rows (out, db, item_id, "Group",
                 "SELECT g.kind || ' ' || g.id || ':', g.name, g.reasons FROM grp_member m JOIN grp g ON g.id = m.group_id "
                 "WHERE m.item_id = ?1 ORDER BY g.kind;");
  describe_rows (out, db, item_id, "Grade",
                 "SELECT grade, 'by ' || examiner, time FROM grade WHERE item_id = ?1;");
  describe_rows (out, db, item_id, "Tag", "SELECT tag FROM tag WHERE item_id = ?1 ORDER BY tag;");
  describe_rows (out, db, item_id, "Note", "SELECT text, '(' || examiner || ', ' || time || ')' FROM note "
                                           "WHERE item_id = ?1 ORDER BY id;");
  return g_string_free (out, FALSE);
}

/*
** Returns the path on disk of the image's first location that still
** exists (to decode it larger for the viewer), or NULL (newly allocated).
*/
char *
scrim_review_evidence_path (ScrimCase *scase,
                            gint64     item_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (_scrim_case_get_db (scase),
                          "SELECT s.root, f.path FROM file f JOIN source s ON s.id = f.source_id "
                          "WHERE f.item_id = ?1 ORDER BY f.id;", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, item_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *root = g_strndup (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
      g_autofree char *rel = g_strndup (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
      char *path = g_file_test (root, G_FILE_TEST_IS_DIR) ? g_build_filename (root, rel, NULL) : g_strdup (root);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return path;
      g_free (path);
    }
  return NULL;
}

/* Opens root/rel for reading without following a link at any step below
 * the root (a folder swapped for a link since ingest is refused) and
 * without changing access times; -1 with errno set on failure. */
static int
open_beneath (const char *root,
              const char *rel)
{
  g_auto(GStrv) parts = g_strsplit (rel, "/", -1);
  int dir_fd = scrim_open_evidence (root, AT_FDCWD, O_DIRECTORY, NULL);
  guint n = g_strv_length (parts);

  if (dir_fd < 0 && errno == ENOTDIR && n == 1)
    return scrim_open_evidence (root, AT_FDCWD, 0, NULL);   /* the source is this one file */
  if (dir_fd < 0)
    return -1;
  for (guint k = 0; k < n; k++)
    {
      int fd;

      if (parts[k][0] == '\0' || g_str_equal (parts[k], ".") || g_str_equal (parts[k], ".."))
        {
          close (dir_fd);
          errno = EINVAL;
          return -1;
        }
      fd = scrim_open_evidence (parts[k], dir_fd, k + 1 < n ? O_DIRECTORY : 0, NULL);
      close (dir_fd);
      if (fd < 0)
        return -1;
      dir_fd = fd;
    }
  return dir_fd;
}

/* Reads a whole regular file of at most max_bytes; NULL with errno-like
 * reason in *why on failure. */
static GBytes *
read_all (int          fd,
          gsize        max_bytes,
          const char **why)
{
  struct stat st;
  g_autofree guint8 *data = NULL;
  gsize done = 0;

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    return *why = "not a regular file any more", NULL;
  if ((guint64) st.st_size > max_bytes)
    return *why = "too large to show", NULL;
  data = g_malloc (MAX (st.st_size, 1));
  while (done < (gsize) st.st_size)
    {
      ssize_t n = read (fd, data + done, st.st_size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return *why = n < 0 ? g_strerror (errno) : "shorter than when it was ingested", NULL;
      done += n;
    }
  return g_bytes_new_take (g_steal_pointer (&data), done);
}

/*
** Returns the bytes of the image from its first location that still
** holds the content the case recorded (its SHA-256 is checked), read
** without following links below the source root, without changing access
** times, never writing; files above max_bytes are refused. *location
** receives "EXHIBIT:path" (escaped) of the location read. NULL with error
** set (naming the locations tried and why each failed) otherwise.
*/
GBytes *
scrim_review_read_evidence (ScrimCase  *scase,
                            gint64      item_id,
                            gsize       max_bytes,
                            char      **location,
                            GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) tried = g_string_new (NULL);
  sqlite3 *db;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), NULL);

  db = _scrim_case_get_db (scase);
  stmt = _scrim_db_prepare (db, "SELECT s.root, f.path, COALESCE (s.exhibit, s.id), i.sha256 FROM file f "
                                "JOIN source s ON s.id = f.source_id JOIN item i ON i.id = f.item_id "
                                "WHERE f.item_id = ?1 ORDER BY f.id;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, item_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *root = g_strndup (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
      g_autofree char *rel = g_strndup (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
      g_autofree char *shown = scrim_text_display (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
      g_autofree char *where = g_strdup_printf ("%s:%s", sqlite3_column_text (stmt, 2), shown);
      g_autoptr(GBytes) bytes = NULL;
      const char *why = NULL;
      int fd = open_beneath (root, rel);

      if (fd < 0)
        why = g_strerror (errno);
      else
        {
          bytes = read_all (fd, max_bytes, &why);
          close (fd);
        }
      if (bytes != NULL)
        {
          char hex[65];
          gsize len = 0;
          const guint8 *data = g_bytes_get_data (bytes, &len);
          g_autofree char *recorded = scrim_hex_encode (sqlite3_column_blob (stmt, 3), sqlite3_column_bytes (stmt, 3));

          scrim_sha256_hex (data, len, hex);
          if (g_str_equal (hex, recorded))
            {
              if (location != NULL)
                *location = g_steal_pointer (&where);
              return g_steal_pointer (&bytes);
            }
          why = "its content has changed since ingest";
        }
      g_string_append_printf (tried, "%s%s (%s)", tried->len ? "; " : "", where, why);
    }
  if (tried->len == 0)
    g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("image %" PRId64 " has no location in the case"),
                 item_id);
  else
    g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_IO, _("the evidence of this image cannot be read: %s"), tried->str);
  return NULL;
}

/* ---- groups, as the review window navigates them ---- */

/*
** Returns the id of the group of the given kind that holds item_id (the
** lowest id when several do, as folders of copies may); 0 when none does
** or the case has no groups; -1 with error set on failure.
*/
gint64
scrim_review_group_of (ScrimCase       *scase,
                       gint64           item_id,
                       ScrimGroupKind   kind,
                       GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), -1);
  g_return_val_if_fail ((guint) kind < SCRIM_N_GROUP_KINDS, -1);

  if (scrim_case_get_schema_version (scase) < 4)
    return 0;
  db = _scrim_case_get_db (scase);
  stmt = _scrim_db_prepare (db, "SELECT min (m.group_id) FROM grp_member m JOIN grp g ON g.id = m.group_id "
                                "WHERE m.item_id = ?1 AND g.kind = ?2;", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, item_id);
  sqlite3_bind_text (stmt, 2, scrim_group_kind_to_string (kind), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return _scrim_db_set_error (error, db, rc, _("cannot read the groups")), -1;
  return sqlite3_column_int64 (stmt, 0);
}

/*
** Returns the kind (a ScrimGroupKind) of a group; -1 with error set when
** there is no such group or on failure.
*/
int
scrim_review_group_kind (ScrimCase  *scase,
                         gint64      group_id,
                         GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  ScrimGroupKind kind;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), -1);

  db = _scrim_case_get_db (scase);
  if (scrim_case_get_schema_version (scase) < 4
      || (stmt = _scrim_db_prepare (db, "SELECT kind FROM grp WHERE id = ?1;", NULL)) == NULL)
    goto none;
  sqlite3_bind_int64 (stmt, 1, group_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && scrim_group_kind_from_string ((const char *) sqlite3_column_text (stmt, 0), &kind))
    return kind;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _scrim_db_set_error (error, db, rc, _("cannot read the groups")), -1;

none:
  g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("the case has no group %" PRId64), group_id);
  return -1;
}

/*
** Fills counts[k] with the number of groups of each ScrimGroupKind k (all
** zero when the case has no groups). FALSE with error set on failure.
*/
gboolean
scrim_review_count_groups (ScrimCase  *scase,
                           gint64      counts[SCRIM_N_GROUP_KINDS],
                           GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), FALSE);

  memset (counts, 0, sizeof (gint64) * SCRIM_N_GROUP_KINDS);
  if (scrim_case_get_schema_version (scase) < 4)
    return TRUE;
  db = _scrim_case_get_db (scase);
  stmt = _scrim_db_prepare (db, "SELECT kind, count(*) FROM grp GROUP BY kind;", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ScrimGroupKind kind;

      if (scrim_group_kind_from_string ((const char *) sqlite3_column_text (stmt, 0), &kind))
        counts[kind] = sqlite3_column_int64 (stmt, 1);
    }
  if (rc != SQLITE_DONE)
    return _scrim_db_set_error (error, db, rc, _("cannot count the groups"));
  return TRUE;
}
