/* test-ui-model.c: ScrimItemModel over a real case of 10,000 images, and the grid over it
 *
 * The case is generated once, at the start: 10,000 synthetic 32×24 JPEGs
 * (colour fields and shapes from core/scrim-synth.c) in 100 folders,
 * ingested by the real ingest engine and grouped by the real grouping.
 * Then, in SQL, every 7th image is given the pre-category "abuse" and
 * every 11th "known-good" (ignorable), as a match would, so that the
 * views differ from one another. The time it takes is reported.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "scrim-core.h"
#include "scrim-grid-cell.h"
#include "scrim-grid.h"
#include "scrim-item-model-private.h"
#include "scrim-item-model.h"
#include "scrim-item-private.h"
#include "scrim-ui-test-util.h"

#define N_IMAGES 10000
#define N_FOLDERS 100

static char *tmp;
static char *evidence;
static char *case_path;
static gint64 group_id;

/* ---- the case ---- */

static void
exec_sql (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* The integers the first column of sql gives, in order. */
static GArray *
query_ids (const char *sql,
           gint64      param)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (case_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, param);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ids;
}

static gint64
query_int (const char *sql)
{
  g_autoptr(GArray) values = query_ids (sql, 0);

  g_assert_cmpuint (values->len, ==, 1);
  return g_array_index (values, gint64, 0);
}

static void
write_images (const char *root,
              guint       first,
              guint       n)
{
  for (guint k = first; k < first + n; k++)
    {
      g_autofree char *path = g_strdup_printf ("%s/d%02u/img-%05u.jpg", root, k % N_FOLDERS, k);

      scrim_test_write_jpeg (path, 32, 24, 7000 + k, NULL);
    }
}

static void
ingest (ScrimCase  *scase,
        const char *root)
{
  g_autoptr(ScrimIngest) ingest = scrim_ingest_new (scase);
  g_autoptr(GError) error = NULL;

  scrim_ingest_add_source (ingest, root, "EX-1", &error);
  g_assert_no_error (error);
  scrim_ingest_run (ingest, NULL, &error);
  g_assert_no_error (error);
}

static void
make_case (void)
{
  g_autoptr(ScrimCase) scase = NULL;
  g_autoptr(GError) error = NULL;
  ScrimGroupOptions options = SCRIM_GROUP_OPTIONS_INIT;
  gint64 t0 = g_get_monotonic_time (), t1, t2, t3;

  evidence = g_build_filename (tmp, "evidence", NULL);
  case_path = g_build_filename (tmp, "model.scrim", NULL);
  write_images (evidence, 0, N_IMAGES);
  t1 = g_get_monotonic_time ();
  scase = scrim_case_open (case_path, SCRIM_CASE_OPEN_CREATE, NULL, &error);
  g_assert_no_error (error);
  ingest (scase, evidence);
  t2 = g_get_monotonic_time ();
  scrim_case_group (scase, &options, NULL, NULL, &error);
  g_assert_no_error (error);
  t3 = g_get_monotonic_time ();
  exec_sql (case_path,
            "INSERT INTO item_category (item_id, class, source, match_kind, conflict, ignorable) "
            "  SELECT id, 'abuse', 'test', 'exact', 0, 0 FROM item WHERE id % 7 = 0;"
            "INSERT INTO item_category (item_id, class, source, match_kind, conflict, ignorable) "
            "  SELECT id, 'known-good', 'test', 'exact', 0, 1 FROM item WHERE id % 11 = 0 AND id % 7 <> 0;");
  group_id = query_int ("SELECT id FROM grp WHERE kind = 'folder' ORDER BY id LIMIT 1;");
  g_test_message ("10,000 images: written in %.1f s, ingested in %.1f s, grouped in %.1f s",
                  (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
}

static ScrimCase *
open_case (void)
{
  g_autoptr(GError) error = NULL;
  ScrimCase *scase = scrim_case_open (case_path, SCRIM_CASE_OPEN_DEFAULT, NULL, &error);

  g_assert_no_error (error);
  return scase;
}

static ScrimItemModel *
open_model (ScrimCase *scase,
            ScrimView  view,
            gint64     group)
{
  g_autoptr(GError) error = NULL;
  ScrimItemModel *model = scrim_item_model_new (scase);

  scrim_item_model_set_view (model, view, group, &error);
  g_assert_no_error (error);
  return model;
}

#define VIEW_IDS_ALL \
  "SELECT i.id FROM item i LEFT JOIN item_category c ON c.item_id = i.id " \
  "WHERE i.status = 'ok' AND COALESCE (c.ignorable, 0) = 0 ORDER BY i.id;"
#define VIEW_IDS_UNKNOWN \
  "SELECT i.id FROM item i LEFT JOIN item_category c ON c.item_id = i.id " \
  "WHERE i.status = 'ok' AND c.item_id IS NULL ORDER BY i.id;"
#define VIEW_IDS_GROUP \
  "SELECT m.item_id FROM grp_member m JOIN item i ON i.id = m.item_id " \
  "WHERE m.group_id = ?1 AND i.status = 'ok' ORDER BY m.item_id;"

/* ---- tests ---- */

static void
check_view (ScrimCase  *scase,
            ScrimView   view,
            gint64      group,
            const char *sql)
{
  g_autoptr(ScrimItemModel) model = open_model (scase, view, group);
  g_autoptr(GArray) expected = query_ids (sql, group);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
  guint probes[] = { 0, n / 2, n - 1 };

  g_assert_cmpuint (n, ==, expected->len);
  g_assert_cmpuint (n, >, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == SCRIM_TYPE_ITEM);
  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    {
      g_autoptr(ScrimItem) item = g_list_model_get_item (G_LIST_MODEL (model), probes[i]);
      gint64 id = g_array_index (expected, gint64, probes[i]);

      g_assert_cmpint (scrim_item_get_item_id (item), ==, id);
      g_assert_cmpint (scrim_item_model_get_item_id (model, probes[i]), ==, id);
      g_assert_cmpuint (scrim_item_model_find (model, id), ==, probes[i]);
      g_assert_cmpuint (scrim_item_get_thumb_width (item), ==, 32);
      g_assert_cmpuint (scrim_item_get_thumb_height (item), ==, 24);
      g_assert_nonnull (scrim_item_get_label (item));
      g_assert_true (g_str_has_prefix (scrim_item_get_label (item), "EX-1:d"));
      g_assert_cmpuint (strlen (scrim_item_get_sha256 (item)), ==, 64);
      g_assert_cmpint (scrim_item_get_obscured (item), ==, id % 7 == 0);
      g_assert_cmpstr (scrim_item_get_category (item), ==,
                       id % 7 == 0 ? "abuse" : id % 11 == 0 ? "known-good" : NULL);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), n));
  g_assert_cmpint (scrim_item_model_get_item_id (model, n), ==, 0);
  g_assert_cmpuint (scrim_item_model_find (model, G_MAXINT64), ==, G_MAXUINT);
}

static void
test_views (void)
{
  g_autoptr(ScrimCase) scase = open_case ();
  g_autoptr(ScrimItemModel) model = scrim_item_model_new (scase);

  /* New: empty until a view is set. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  check_view (scase, SCRIM_VIEW_ALL, 0, VIEW_IDS_ALL);
  check_view (scase, SCRIM_VIEW_UNKNOWN, 0, VIEW_IDS_UNKNOWN);
  check_view (scase, SCRIM_VIEW_GROUP, group_id, VIEW_IDS_GROUP);
  /* The views are what the test meant them to be. */
  g_assert_cmpint (query_int ("SELECT count(*) FROM item WHERE status = 'ok';"), ==, N_IMAGES);
  g_assert_cmpuint (query_ids (VIEW_IDS_ALL, 0)->len, <, N_IMAGES);
}

static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               GArray     *changes)
{
  guint change[3] = { position, removed, added };

  g_array_append_vals (changes, change, 3);
}

static void
test_set_view_signal (void)
{
  g_autoptr(ScrimCase) scase = open_case ();
  g_autoptr(ScrimItemModel) model = scrim_item_model_new (scase);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) error = NULL;
  guint n_all, n_unknown;

  g_signal_connect (model, "items-changed", G_CALLBACK (count_changes), changes);
  scrim_item_model_set_view (model, SCRIM_VIEW_ALL, 0, &error);
  g_assert_no_error (error);
  n_all = g_list_model_get_n_items (G_LIST_MODEL (model));
  scrim_item_model_set_view (model, SCRIM_VIEW_UNKNOWN, 0, &error);
  g_assert_no_error (error);
  n_unknown = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (changes->len, ==, 6);
  g_assert_cmpuint (g_array_index (changes, guint, 0), ==, 0);
  g_assert_cmpuint (g_array_index (changes, guint, 1), ==, 0);
  g_assert_cmpuint (g_array_index (changes, guint, 2), ==, n_all);
  g_assert_cmpuint (g_array_index (changes, guint, 3), ==, 0);
  g_assert_cmpuint (g_array_index (changes, guint, 4), ==, n_all);
  g_assert_cmpuint (g_array_index (changes, guint, 5), ==, n_unknown);
  g_assert_cmpint (scrim_item_model_get_view (model), ==, SCRIM_VIEW_UNKNOWN);
  g_assert_cmpint (scrim_item_model_get_group_id (model), ==, 0);
  g_assert_true (scrim_item_model_get_case (model) == scase);
}

static void
test_identity (void)
{
  g_autoptr(ScrimCase) scase = open_case ();
  g_autoptr(ScrimItemModel) model = open_model (scase, SCRIM_VIEW_ALL, 0);
  GListModel *list = G_LIST_MODEL (model);
  g_autoptr(ScrimItem) held = g_list_model_get_item (list, 300);
  g_autoptr(ScrimItem) again = g_list_model_get_item (list, 300);
  guint n = g_list_model_get_n_items (list);

  g_assert_true (held == again);
  g_clear_object (&again);

  /* Its page goes, the object a cell holds stays the one object. */
  _scrim_item_model_set_max_pages (model, 1);
  for (guint p = 0; p < n; p += SCRIM_ITEM_MODEL_PAGE_SIZE)
    g_object_unref (g_list_model_get_item (list, p));
  g_assert_cmpuint (_scrim_item_model_get_n_pages (model), ==, 1);
  again = g_list_model_get_item (list, 300);
  g_assert_true (held == again);
}

static void
test_bounded (void)
{
  g_autoptr(ScrimCase) scase = open_case ();
  g_autoptr(ScrimItemModel) model = open_model (scase, SCRIM_VIEW_ALL, 0);
  GListModel *list = G_LIST_MODEL (model);
  guint n = g_list_model_get_n_items (list);
  guint before = _scrim_item_get_n_alive ();

  g_assert_cmpuint (n, >, SCRIM_ITEM_MODEL_PAGE_SIZE * 8);
  _scrim_item_model_set_max_pages (model, 4);
  for (guint k = 0; k < n; k++)
    g_object_unref (g_list_model_get_item (list, k));
  g_assert_cmpuint (_scrim_item_model_get_n_pages (model), ==, 4);
  g_assert_cmpuint (_scrim_item_get_n_alive () - before, <=, 4 * SCRIM_ITEM_MODEL_PAGE_SIZE);
  /* And backwards, at random. */
  for (guint k = 0; k < 2000; k++)
    g_object_unref (g_list_model_get_item (list, g_test_rand_int_range (0, n)));
  g_assert_cmpuint (_scrim_item_get_n_alive () - before, <=, 4 * SCRIM_ITEM_MODEL_PAGE_SIZE);

  /* The default bound. */
  _scrim_item_model_set_max_pages (model, SCRIM_ITEM_MODEL_MAX_PAGES);
  for (guint k = 0; k < n; k++)
    g_object_unref (g_list_model_get_item (list, k));
  g_assert_cmpuint (_scrim_item_get_n_alive () - before, <=, SCRIM_ITEM_MODEL_MAX_PAGES * SCRIM_ITEM_MODEL_PAGE_SIZE);
  g_clear_object (&model);
  g_assert_cmpuint (_scrim_item_get_n_alive (), ==, before);
}

static void
notified (GObject    *object,
          GParamSpec *pspec,
          GPtrArray  *names)
{
  g_ptr_array_add (names, g_strdup (g_param_spec_get_name (pspec)));
}

static void
test_refresh (void)
{
  g_autoptr(ScrimCase) scase = open_case ();
  g_autoptr(ScrimItemModel) model = open_model (scase, SCRIM_VIEW_ALL, 0);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(ScrimItem) item = NULL;
  g_autoptr(GError) error = NULL;
  guint position = 1234;
  gint64 id;

  item = g_list_model_get_item (G_LIST_MODEL (model), position);
  id = scrim_item_get_item_id (item);
  g_assert_cmpint (scrim_item_get_grade (item), ==, -1);
  g_signal_connect (item, "notify", G_CALLBACK (notified), names);

  /* Nothing changed: nothing notified. */
  scrim_item_model_refresh_items (model, &id, 1);
  g_assert_cmpuint (names->len, ==, 0);

  /* Its page is dropped meanwhile: the object held is updated still. */
  _scrim_item_model_set_max_pages (model, 1);
  g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), 0));
  scrim_review_grade (scase, &id, 1, SCRIM_GRADE_ABUSE, NULL, &error);
  g_assert_no_error (error);
  scrim_item_model_refresh_items (model, &id, 1);
  g_assert_cmpint (scrim_item_get_grade (item), ==, SCRIM_GRADE_ABUSE);
  /* Graded as abuse: now obscured too; nothing else changed. */
  g_assert_true (scrim_item_get_obscured (item));
  g_assert_cmpuint (names->len, ==, 2);
  g_assert_true (g_ptr_array_find_with_equal_func (names, "grade", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (names, "obscured", g_str_equal, NULL));

  g_ptr_array_set_size (names, 0);
  scrim_review_grade (scase, &id, 1, SCRIM_GRADE_REVIEWED, NULL, &error);
  g_assert_no_error (error);
  scrim_item_model_refresh_items (model, &id, 1);
  g_assert_cmpint (scrim_item_get_grade (item), ==, SCRIM_GRADE_REVIEWED);
  g_assert_false (scrim_item_get_obscured (item));
  g_assert_cmpuint (names->len, ==, 2);

  /* Leave the case as it was for the other tests. */
  scrim_review_restore_grades (scase, &id, (int[]) { SCRIM_GRADE_NONE }, 1, &error);
  g_assert_no_error (error);
  scrim_item_model_refresh_items (model, &id, 1);
  g_assert_cmpint (scrim_item_get_grade (item), ==, -1);
}

/* Runs last among the model tests: it adds images to the case. */
static void
test_reload_append (void)
{
  g_autoptr(ScrimCase) scase = open_case ();
  g_autoptr(ScrimItemModel) model = open_model (scase, SCRIM_VIEW_ALL, 0);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimItem) held = g_list_model_get_item (G_LIST_MODEL (model), 5);
  guint old_n = g_list_model_get_n_items (G_LIST_MODEL (model));
  guint new_n;

  g_signal_connect (model, "items-changed", G_CALLBACK (count_changes), changes);
  /* Nothing new: no signal. */
  scrim_item_model_reload (model, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 0);

  /* Five more images, ingested into the same source (a resumed ingest). */
  write_images (evidence, N_IMAGES, 5);
  ingest (scase, evidence);
  scrim_item_model_reload (model, &error);
  g_assert_no_error (error);
  new_n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (new_n, ==, query_ids (VIEW_IDS_ALL, 0)->len);
  g_assert_cmpuint (new_n, >, old_n);
  g_assert_cmpuint (changes->len, ==, 3);
  g_assert_cmpuint (g_array_index (changes, guint, 0), ==, old_n);
  g_assert_cmpuint (g_array_index (changes, guint, 1), ==, 0);
  g_assert_cmpuint (g_array_index (changes, guint, 2), ==, new_n - old_n);

  /* The objects held are kept, and brought up to date: a match (here in
   * SQL) makes the held one obscured at the reload. */
  g_assert_false (scrim_item_get_obscured (held));
  {
    g_autofree char *sql = g_strdup_printf ("INSERT INTO item_category (item_id, class, source, match_kind, "
                                            "conflict, ignorable) VALUES (%" G_GINT64_FORMAT ", 'cgi', 't', "
                                            "'exact', 0, 0);", scrim_item_get_item_id (held));
    g_autoptr(ScrimItem) again = NULL;

    exec_sql (case_path, sql);
    g_array_set_size (changes, 0);
    scrim_item_model_reload (model, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (changes->len, ==, 0);
    g_assert_true (scrim_item_get_obscured (held));
    g_assert_cmpstr (scrim_item_get_category (held), ==, "cgi");
    again = g_list_model_get_item (G_LIST_MODEL (model), 5);
    g_assert_true (again == held);
  }

  /* Not a prefix (an image leaves the view): one change for all. */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE item_category SET ignorable = 1 WHERE item_id = %" G_GINT64_FORMAT ";",
                                            scrim_item_get_item_id (held));

    exec_sql (case_path, sql);
    g_array_set_size (changes, 0);
    scrim_item_model_reload (model, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (changes->len, ==, 3);
    g_assert_cmpuint (g_array_index (changes, guint, 0), ==, 0);
    g_assert_cmpuint (g_array_index (changes, guint, 1), ==, new_n);
    g_assert_cmpuint (g_array_index (changes, guint, 2), ==, new_n - 1);
    g_assert_cmpuint (scrim_item_model_find (model, scrim_item_get_item_id (held)), ==, G_MAXUINT);
  }
}

/* A million ids: the view opens in well under a second, making no object. */
static void
test_million (void)
{
  g_autofree char *path = g_build_filename (tmp, "million.scrim", NULL);
  g_autoptr(ScrimCase) scase = NULL;
  g_autoptr(ScrimItemModel) model = NULL;
  g_autoptr(GError) error = NULL;
  guint before = _scrim_item_get_n_alive ();
  gint64 t0, t1, t2;

  /* Made with the case closed, without a journal or the hash indexes
   * (this case is only read by the view): a million rows in seconds. */
  scase = scrim_case_open (path, SCRIM_CASE_OPEN_CREATE, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&scase);
  t0 = g_get_monotonic_time ();
  exec_sql (path,
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
            "DROP INDEX item_md5; DROP INDEX item_sha1;"
            "BEGIN;"
            "WITH RECURSIVE n (k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 1000000) "
            /* Hashes in ascending order, so the unique index fills fast. */
            "INSERT INTO item (id, sha256, sha1, md5, size, type, status, width, height, facts_version) "
            "  SELECT k, CAST (printf ('%032d', k) AS BLOB), CAST (printf ('%020d', k) AS BLOB), "
            "         CAST (printf ('%016d', k) AS BLOB), 1000, 'jpeg', 'ok', 32, 24, 1 FROM n;"
            "INSERT INTO item_category (item_id, class, source, match_kind, conflict, ignorable) "
            "  SELECT id, 'abuse', 'test', 'exact', 0, 0 FROM item WHERE id % 97 = 0;"
            "COMMIT;"
            "PRAGMA journal_mode = WAL;");
  scase = scrim_case_open (path, SCRIM_CASE_OPEN_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  t1 = g_get_monotonic_time ();
  model = scrim_item_model_new (scase);
  scrim_item_model_set_view (model, SCRIM_VIEW_ALL, 0, &error);
  g_assert_no_error (error);
  t2 = g_get_monotonic_time ();
  g_test_message ("1,000,000 rows made in %.2f s; the view opened in %.3f s", (t1 - t0) / 1e6, (t2 - t1) / 1e6);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1000000);
  g_assert_cmpuint (_scrim_item_get_n_alive (), ==, before);
  /* The time is reported, not asserted: tests/bench/bench-ui-open.c
   * measures the window on a million images. */
  /* The last position is one page away. */
  {
    g_autoptr(ScrimItem) last = g_list_model_get_item (G_LIST_MODEL (model), 999999);

    g_assert_cmpint (scrim_item_get_item_id (last), ==, 1000000);
    g_assert_cmpuint (_scrim_item_get_n_alive () - before, <=, SCRIM_ITEM_MODEL_PAGE_SIZE);
    g_assert_cmpuint (scrim_item_model_find (model, 500000), ==, 499999);
  }
}

/* ---- the grid over the 10,000 ---- */

typedef struct
{
  ScrimGrid *grid;
  guint      position;
} CellWait;

static gboolean
cell_has_texture (gpointer data)
{
  CellWait *w = data;
  GtkWidget *cell = scrim_grid_get_cell_for_position (w->grid, w->position);

  return cell != NULL && scrim_thumbnail_get_texture (scrim_grid_cell_get_thumbnail (SCRIM_GRID_CELL (cell))) != NULL;
}

/* Cells of the grid view: (bound, with texture, all). */
static void
count_cells (ScrimGrid *grid,
             guint     *bound,
             guint     *textured,
             guint     *total)
{
  GtkWidget *scrolled = gtk_widget_get_first_child (GTK_WIDGET (grid));
  GtkWidget *view = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));

  *bound = *textured = *total = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (view); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *cell = gtk_widget_get_first_child (child);
      ScrimThumbnail *thumbnail;

      if (!SCRIM_IS_GRID_CELL (cell))
        continue;
      (*total)++;
      thumbnail = scrim_grid_cell_get_thumbnail (SCRIM_GRID_CELL (cell));
      if (scrim_grid_cell_get_item (SCRIM_GRID_CELL (cell)) != NULL)
        (*bound)++;
      else
        g_assert_null (scrim_thumbnail_get_texture (thumbnail));
      if (scrim_thumbnail_get_texture (thumbnail) != NULL)
        (*textured)++;
    }
}

static void
test_grid_scroll (void)
{
  g_autoptr(ScrimCase) scase = open_case ();
  g_autoptr(ScrimProtection) protection = scrim_protection_new (NULL);
  g_autoptr(ScrimThumbnailLoader) loader = NULL;
  g_autoptr(ScrimItemModel) model = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *grid;
  guint n, bound, textured, total, max_total = 0;
  CellWait wait;

  loader = scrim_thumbnail_loader_new (case_path, &error);
  g_assert_no_error (error);
  /* 10,000 and more: the views of this case hold a little less. */
  model = open_model (scase, SCRIM_VIEW_ALL, 0);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, >, 8000);

  grid = scrim_grid_new (protection, loader);
  scrim_grid_set_thumbnail_size (SCRIM_GRID (grid), 128);
  scrim_grid_set_model (SCRIM_GRID (grid), model);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_set_child (GTK_WINDOW (window), grid);
  gtk_window_present (GTK_WINDOW (window));

  /* The first paint shows cells, with their thumbnails. */
  wait = (CellWait) { SCRIM_GRID (grid), 0 };
  g_assert_true (scrim_ui_test_wait_for (cell_has_texture, &wait, 10000));
  count_cells (SCRIM_GRID (grid), &bound, &textured, &total);
  g_test_message ("first paint: %u cells, %u bound, %u with a texture", total, bound, textured);
  g_assert_cmpuint (bound, >, 20);
  max_total = MAX (max_total, total);

  /* To the end: the last cell binds and loads. */
  scrim_grid_select_position (SCRIM_GRID (grid), n - 1);
  wait.position = n - 1;
  g_assert_true (scrim_ui_test_wait_for (cell_has_texture, &wait, 10000));
  count_cells (SCRIM_GRID (grid), &bound, &textured, &total);
  g_test_message ("at the end: %u cells, %u bound, %u with a texture", total, bound, textured);
  g_assert_null (scrim_grid_get_cell_for_position (SCRIM_GRID (grid), 0));
  {
    g_autoptr(GArray) ids = scrim_grid_get_selected_ids (SCRIM_GRID (grid));
    g_autoptr(ScrimItem) focus = scrim_grid_dup_focus_item (SCRIM_GRID (grid));

    g_assert_cmpuint (ids->len, ==, 1);
    g_assert_cmpint (g_array_index (ids, gint64, 0), ==, scrim_item_model_get_item_id (model, n - 1));
    g_assert_cmpint (scrim_item_get_item_id (focus), ==, scrim_item_model_get_item_id (model, n - 1));
  }
  count_cells (SCRIM_GRID (grid), &bound, &textured, &total);
  max_total = MAX (max_total, total);

  /* Jumps across: the number of cells stays bounded, unbound ones hold no
   * texture (count_cells() checks). */
  for (guint k = 1; k <= 10; k++)
    {
      scrim_grid_select_position (SCRIM_GRID (grid), (n - 1) * (k % 2 ? k : 10 - k) / 10);
      scrim_ui_test_spin (50);
      count_cells (SCRIM_GRID (grid), &bound, &textured, &total);
      max_total = MAX (max_total, total);
    }
  g_test_message ("at most %u cells for %u items", max_total, n);
  g_assert_cmpuint (max_total, <, 400);
  /* Objects alive: the model's pages and the cells', not 10,000. */
  g_assert_cmpuint (_scrim_item_get_n_alive (), <=, SCRIM_ITEM_MODEL_MAX_PAGES * SCRIM_ITEM_MODEL_PAGE_SIZE + max_total);

  /* A smaller size: more columns, the cells follow (the last jump was
   * back to the first item). */
  scrim_grid_set_thumbnail_size (SCRIM_GRID (grid), 64);
  g_assert_cmpint (scrim_grid_get_thumbnail_size (SCRIM_GRID (grid)), ==, 64);
  scrim_ui_test_spin (100);
  {
    GtkWidget *cell = scrim_grid_get_cell_for_position (SCRIM_GRID (grid), 0);

    g_assert_nonnull (cell);
    g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (scrim_grid_cell_get_thumbnail (SCRIM_GRID_CELL (cell)))), ==, 64);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  scrim_ui_test_spin (100);
}

int
main (int   argc,
      char *argv[])
{
  if (!scrim_ui_test_init (&argc, &argv))
    scrim_ui_test_skip_no_display ();
  tmp = scrim_test_mkdtemp ("ui-model");
  make_case ();

  g_test_add_func ("/ui/model/views", test_views);
  g_test_add_func ("/ui/model/set-view-signal", test_set_view_signal);
  g_test_add_func ("/ui/model/identity", test_identity);
  g_test_add_func ("/ui/model/bounded", test_bounded);
  g_test_add_func ("/ui/model/refresh", test_refresh);
  g_test_add_func ("/ui/model/million", test_million);
  g_test_add_func ("/ui/grid/scroll-10k", test_grid_scroll);
  g_test_add_func ("/ui/model/reload-append", test_reload_append);
  return g_test_run ();
}
