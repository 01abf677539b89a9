/* bench-ui-open.c: the review window on a million-image case
 *
 * Builds a synthetic case straight in SQL with every table a real ingest
 * and match fill for the window (item with hashes and PDQ, file, a JPEG
 * thumbnail per item drawn by code, some matched and some ignorable), then
 * times, under a display (run it under xvfb-run -a):
 *
 *   - open: scrim_case_open() + the window presented until the first
 *     frame is painted with the first thumbnail in it (goal: <= 2 s for
 *     1 M images);
 *   - jump: selecting the last image until its thumbnail is painted;
 *   - counts: the sidebar's per-view counts (they run in the background);
 *
 * and the same on a 1,000-image case built the same way, as the baseline
 * measured in the same run: the ratio says what the size costs.
 *
 *   bench-ui-open [--items N] [--baseline N] [--dir DIR] [--keep]
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "bench-util.h"
#include "scrim-core.h"
#include "scrim-grid-cell.h"
#include "scrim-grid.h"
#include "scrim-sidebar.h"
#include "scrim-thumbnail.h"
#include "scrim-ui.h"
#include "scrim-window.h"

#define N_THUMBS 64

/* n images in a thousand camera folders; every 97th matched as abuse,
 * every 89th (otherwise) ignorable known-good. */
static void
build_case (const char *path,
            guint       n_items)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimCase) scase = scrim_case_open (path, SCRIM_CASE_OPEN_CREATE, NULL, &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  GBytes *thumbs[N_THUMBS];
  guint tw[N_THUMBS], th[N_THUMBS];
  sqlite3 *db = NULL;
  sqlite3_stmt *item, *file, *thumb;
  guint8 bytes[32 + 20 + 16 + 32 + 224];

  if (scase == NULL)
    g_error ("%s", error->message);
  g_clear_object (&scase);
  for (guint k = 0; k < N_THUMBS; k++)
    {
      g_autoptr(ScrimPixels) pixels = scrim_synth_draw (k % 3 == 0 ? SCRIM_SYNTH_PATTERN : SCRIM_SYNTH_PHOTO,
                                                        k + 1, 320, 240, NULL);

      thumbs[k] = scrim_thumbnail_make (pixels, 1, 160, &tw[k], &th[k], &error);
      if (thumbs[k] == NULL)
        g_error ("%s", error->message);
    }
  if (sqlite3_open (path, &db) != SQLITE_OK)
    g_error ("cannot open %s", path);
  bench_exec_or_die (db, "PRAGMA synchronous = OFF; PRAGMA cache_size = -200000; BEGIN;"
                   "INSERT INTO source (root, exhibit, added, added_by) VALUES (x'2f', 'BENCH', '2026', 'bench');");
  item = bench_prepare (db, "INSERT INTO item (id, sha256, sha1, md5, size, type, status, facts_version, pdq, "
                      "pdq_quality, pdq_unreliable, pdq_dihedral, width, height) "
                      "VALUES (?1, ?2, ?3, ?4, 2000000, 'jpeg', 'ok', 2, ?5, 90, 0, ?6, 4000, 3000);");
  file = bench_prepare (db, "INSERT INTO file (source_id, path, size, mtime_ns, item_id) VALUES (1, ?1, 2000000, ?2, ?3);");
  thumb = bench_prepare (db, "INSERT INTO thumbnail (item_id, width, height, jpeg) VALUES (?1, ?2, ?3, ?4);");
  for (guint i = 1; i <= n_items; i++)
    {
      g_autofree char *name = g_strdup_printf ("DCIM/%03uCAMERA/IMG_%07u.jpg", i % 1000, i);
      guint t = i % N_THUMBS;

      for (guint b = 0; b < sizeof bytes; b += 4)
        {
          guint32 r = g_rand_int (rand);

          memcpy (bytes + b, &r, 4);
        }
      sqlite3_bind_int64 (item, 1, i);
      sqlite3_bind_blob (item, 2, bytes, 32, SQLITE_STATIC);
      sqlite3_bind_blob (item, 3, bytes + 32, 20, SQLITE_STATIC);
      sqlite3_bind_blob (item, 4, bytes + 52, 16, SQLITE_STATIC);
      sqlite3_bind_blob (item, 5, bytes + 68, 32, SQLITE_STATIC);
      sqlite3_bind_blob (item, 6, bytes + 100, 224, SQLITE_STATIC);
      bench_step (item);
      sqlite3_bind_blob (file, 1, name, strlen (name), SQLITE_STATIC);
      sqlite3_bind_int64 (file, 2, (gint64) 1700000000 * G_GINT64_CONSTANT (1000000000) + i);
      sqlite3_bind_int64 (file, 3, i);
      bench_step (file);
      sqlite3_bind_int64 (thumb, 1, i);
      sqlite3_bind_int (thumb, 2, tw[t]);
      sqlite3_bind_int (thumb, 3, th[t]);
      sqlite3_bind_blob (thumb, 4, g_bytes_get_data (thumbs[t], NULL), g_bytes_get_size (thumbs[t]), SQLITE_STATIC);
      bench_step (thumb);
    }
  sqlite3_finalize (item);
  sqlite3_finalize (file);
  sqlite3_finalize (thumb);
  bench_exec_or_die (db, "INSERT INTO list_version (name, format, kind, imported, entries, sources, first_matched, "
                   "  last_matched) VALUES ('Bench', 'vics', 'known-bad', '2026', 0, '[]', '2026', '2026');"
                   "INSERT INTO item_category (item_id, class, source, match_kind, conflict, ignorable) "
                   "  SELECT id, 'abuse', 'Bench', 'exact', 0, 0 FROM item WHERE id % 97 = 0;"
                   "INSERT INTO item_category (item_id, class, source, match_kind, conflict, ignorable) "
                   "  SELECT id, 'known-good', 'Bench', 'exact', 0, 1 FROM item WHERE id % 89 = 0 AND id % 97 != 0;"
                   "COMMIT; PRAGMA wal_checkpoint(TRUNCATE);");
  sqlite3_close (db);
  for (guint k = 0; k < N_THUMBS; k++)
    g_bytes_unref (thumbs[k]);
}

/* ---- waiting on the main loop ---- */

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_for (Condition condition,
          gpointer  data,
          guint     timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
    }
  return TRUE;
}

typedef struct
{
  ScrimWindow *window;
  guint        position;
  gboolean     painted;
} Probe;

static gboolean
cell_has_texture (Probe *probe)
{
  GtkWidget *cell = scrim_grid_get_cell_for_position (scrim_window_get_grid (probe->window), probe->position);

  return cell != NULL && gtk_widget_get_mapped (cell)
         && scrim_thumbnail_get_texture (scrim_grid_cell_get_thumbnail (SCRIM_GRID_CELL (cell))) != NULL;
}

static void
after_paint (GdkFrameClock *clock,
             Probe         *probe)
{
  if (cell_has_texture (probe))
    probe->painted = TRUE;
}

static gboolean
painted (gpointer data)
{
  return ((Probe *) data)->painted;
}

static gboolean
counts_shown (gpointer data)
{
  const char *text = scrim_sidebar_get_count_text (scrim_window_get_sidebar (data), SCRIM_VIEW_ALL);

  return text != NULL && text[0] != '\0';
}

typedef struct
{
  double open;    /* case opened, window presented, first thumbnail painted */
  double jump;    /* last image selected until its thumbnail is painted */
  double counts;  /* sidebar counts shown, from the window's creation */
} Timings;

static void
wait_painted (Probe *probe)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (probe->window));
  gulong handler;

  probe->painted = FALSE;
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), probe);
  gtk_widget_queue_draw (GTK_WIDGET (probe->window));
  if (!wait_for (painted, probe, 120000))
    g_error ("the thumbnail at %u was not painted within two minutes", probe->position);
  g_signal_handler_disconnect (clock, handler);
}

static Timings
time_window (const char *path,
             guint       n_items)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimCase) scase = NULL;
  Probe probe = { 0 };
  Timings t;
  gint64 start = g_get_monotonic_time ();
  gint64 t_open, t_jump;

  scase = scrim_case_open (path, SCRIM_CASE_OPEN_DEFAULT, NULL, &error);
  if (scase == NULL)
    g_error ("%s", error->message);
  probe.window = scrim_window_new (NULL, scase, &error);
  if (probe.window == NULL)
    g_error ("%s", error->message);
  g_object_ref (probe.window);
  gtk_window_set_default_size (GTK_WINDOW (probe.window), 1400, 1000);
  gtk_window_present (GTK_WINDOW (probe.window));
  if (!wait_for ((Condition) gtk_widget_get_mapped, probe.window, 60000))
    g_error ("the window was not mapped");
  wait_painted (&probe);
  t_open = g_get_monotonic_time ();
  t.open = (t_open - start) / 1e6;

  if (!wait_for (counts_shown, probe.window, 120000))
    g_error ("the sidebar counts did not arrive within two minutes");
  t.counts = (g_get_monotonic_time () - start) / 1e6;

  /* The last image the view holds (ignorable ones are hidden). */
  probe.position = g_list_model_get_n_items (G_LIST_MODEL (scrim_window_get_model (probe.window))) - 1;
  t_jump = g_get_monotonic_time ();
  scrim_grid_select_position (scrim_window_get_grid (probe.window), probe.position);
  wait_painted (&probe);
  t.jump = (g_get_monotonic_time () - t_jump) / 1e6;

  printf ("  %'9u images: first painted grid %.3f s, counts %.3f s, jump to the end %.3f s (%u shown)\n",
          n_items, t.open, t.counts, t.jump, probe.position + 1);
  fflush (stdout);
  gtk_window_destroy (GTK_WINDOW (probe.window));
  g_object_unref (probe.window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return t;
}

int
main (int    argc,
      char **argv)
{
  int items = 1000000;
  int baseline = 1000;
  g_autofree char *dir = NULL;
  gboolean keep = FALSE;
  const GOptionEntry entries[] = {
    { "items", 0, 0, G_OPTION_ARG_INT, &items, "Images in the large case (default 1,000,000)", "N" },
    { "baseline", 0, 0, G_OPTION_ARG_INT, &baseline, "Images in the baseline case (default 1,000)", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Folder for the cases (default: a new temporary folder)", "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the cases afterwards", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- the review window on a million-image case");
  g_autoptr(GError) error = NULL;
  g_autofree char *small_path = NULL;
  g_autofree char *large_path = NULL;
  g_autofree char *home = NULL;
  Timings small, large;
  GStatBuf st;
  gint64 t0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || items < 1 || baseline < 1)
    {
      fprintf (stderr, "bench-ui-open: %s\n", error ? error->message : "--items and --baseline must be positive");
      return 2;
    }
  if (dir == NULL)
    dir = g_dir_make_tmp ("scrim-bench-ui-XXXXXX", NULL);
  g_mkdir_with_parents (dir, 0700);

  /* The analyst's real settings, caches and recent files stay untouched. */
  home = g_build_filename (dir, "home", NULL);
  g_mkdir_with_parents (home, 0700);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CACHE_HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  if (!gtk_init_check ())
    {
      fprintf (stderr, "bench-ui-open: no display (run it under xvfb-run -a)\n");
      return 1;
    }
  adw_init ();
  scrim_ui_init ();

  small_path = g_build_filename (dir, "baseline.scrim", NULL);
  large_path = g_build_filename (dir, "large.scrim", NULL);
  t0 = g_get_monotonic_time ();
  if (!g_file_test (small_path, G_FILE_TEST_EXISTS))
    build_case (small_path, baseline);
  if (!g_file_test (large_path, G_FILE_TEST_EXISTS))
    build_case (large_path, items);
  g_stat (large_path, &st);
  printf ("bench-ui-open: cases built in %.1f s (the large one %.2f GB)\n",
          (g_get_monotonic_time () - t0) / 1e6, st.st_size / 1e9);
  printf ("renderer: %s\n", g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default");

  /* A warm-up pays for GTK's one-time start-up (fonts, icons, shaders);
   * then the baseline and the large case. The large case's pages are cold
   * in SQLite's cache but may be warm in the operating system's. */
  printf ("warm-up (GTK's one-time start-up):\n");
  time_window (small_path, baseline);
  printf ("measured:\n");
  small = time_window (small_path, baseline);
  large = time_window (large_path, items);
  printf ("first painted grid: %.3f s for %d images (goal <= 2 s), %.3f s for %d: ratio %.2f\n",
          large.open, items, small.open, baseline, large.open / small.open);
  printf ("jump to the last image: %.3f s (baseline %.3f s, ratio %.2f)\n",
          large.jump, small.jump, large.jump / MAX (small.jump, 1e-6));
  printf ("sidebar counts: %.3f s (baseline %.3f s)\n", large.counts, small.counts);
  printf ("peak RSS: %.0f MB\n", bench_peak_rss_kb () / 1024.0);

  if (!keep)
    {
      g_autofree char *wal = g_strconcat (large_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (large_path, "-shm", NULL);
      g_autofree char *swal = g_strconcat (small_path, "-wal", NULL);
      g_autofree char *sshm = g_strconcat (small_path, "-shm", NULL);
      const char *paths[] = { large_path, wal, shm, small_path, swal, sshm };

      for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
        g_unlink (paths[i]);
    }
  return 0;
}
