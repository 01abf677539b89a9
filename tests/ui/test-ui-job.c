/* test-ui-job.c: background jobs (ingest, import, match, group) and the job bar
 *
 * Every job runs the core in a thread of its own against generated,
 * synthetic evidence (core/scrim-synth.c: shapes and colour fields) and
 * lists the test writes. The evidence folders are aged (old access and
 * modification times) and snapshotted by lstat() before and after, so a
 * read without O_NOATIME or any write would show.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <ftw.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "scrim-job-bar.h"
#include "scrim-job.h"
#include "scrim-ui-test-util.h"

#define OLD_TIME 946684800   /* 2000-01-01 00:00 UTC */

static char *tmp;

#define assert_contains(haystack, needle) \
  G_STMT_START { \
    const char *h_ = (haystack); \
    if (h_ == NULL || strstr (h_, (needle)) == NULL) \
      g_error ("expected “%s” in: %s", (needle), h_ ? h_ : "(null)"); \
  } G_STMT_END

/* ---- evidence: aging and lstat snapshots ---- */

static GPtrArray *walked;

static int
collect_one (const char        *path,
             const struct stat *st,
             int                flag,
             struct FTW        *ftw)
{
  g_ptr_array_add (walked, g_strdup (path));
  return 0;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Every path under root (root included), listed once before the test
 * ages the tree; listing later would touch folder access times. */
static GPtrArray *
list_tree (const char *root)
{
  walked = g_ptr_array_new_with_free_func (g_free);
  g_assert_cmpint (nftw (root, collect_one, 16, FTW_PHYS), ==, 0);
  g_ptr_array_sort (walked, compare_paths);
  return g_steal_pointer (&walked);
}

static void
age_tree (GPtrArray *paths)
{
  const struct timespec times[2] = { { OLD_TIME, 0 }, { OLD_TIME, 0 } };

  /* Deepest first is not needed: utimensat on a file does not touch its
   * folder's times. */
  for (guint i = 0; i < paths->len; i++)
    g_assert_cmpint (utimensat (AT_FDCWD, g_ptr_array_index (paths, i), times, AT_SYMLINK_NOFOLLOW), ==, 0);
}

static char *
lstat_snapshot (GPtrArray *paths)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      struct stat st;

      g_assert_cmpint (lstat (path, &st), ==, 0);
      g_string_append_printf (out, "%s mode=%o size=%lld mtime=%lld.%09ld atime=%lld.%09ld ctime=%lld.%09ld\n",
                              path, st.st_mode, (long long) st.st_size,
                              (long long) st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                              (long long) st.st_atim.tv_sec, st.st_atim.tv_nsec,
                              (long long) st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
    }
  return g_string_free (out, FALSE);
}

static guint
count_files (GPtrArray *paths)
{
  guint n = 0;

  for (guint i = 0; i < paths->len; i++)
    {
      struct stat st;

      g_assert_cmpint (lstat (g_ptr_array_index (paths, i), &st), ==, 0);
      n += S_ISREG (st.st_mode);
    }
  return n;
}

/* Files of a case, as `scrim files` lists them (one line each). */
static guint
case_file_rows (const char *case_path)
{
  g_autofree char *tsv = scrim_test_files_tsv (case_path);
  guint n = 0;

  for (const char *p = tsv; (p = strchr (p, '\n')) != NULL; p++)
    n++;
  return n - 1;   /* the header */
}

/* ---- watching a job ---- */

typedef struct
{
  ScrimJob *job;
  guint     finished;
  GError   *error;
  char     *summary;
  guint     progress;
  GArray   *fractions;
  gboolean  main_thread;
} Watch;

static void
on_fraction (ScrimJob   *job,
             GParamSpec *pspec,
             Watch      *watch)
{
  double f = scrim_job_get_fraction (job);

  g_array_append_val (watch->fractions, f);
}

static void
on_progress (ScrimJob *job,
             Watch    *watch)
{
  watch->progress++;
}

static void
on_finished (ScrimJob     *job,
             const GError *error,
             const char   *summary,
             Watch        *watch)
{
  watch->finished++;
  watch->main_thread = g_main_context_is_owner (g_main_context_default ());
  g_clear_error (&watch->error);
  watch->error = error ? g_error_copy (error) : NULL;
  g_free (watch->summary);
  watch->summary = g_strdup (summary);
}

static void
watch_init (Watch    *watch,
            ScrimJob *job)
{
  memset (watch, 0, sizeof *watch);
  watch->job = job;
  watch->fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_signal_connect (job, "notify::fraction", G_CALLBACK (on_fraction), watch);
  g_signal_connect (job, "progress", G_CALLBACK (on_progress), watch);
  g_signal_connect (job, "finished", G_CALLBACK (on_finished), watch);
}

/* After the job is gone (disconnect before finalising it). */
static void
watch_clear (Watch *watch)
{
  watch->job = NULL;
  g_clear_error (&watch->error);
  g_clear_pointer (&watch->summary, g_free);
  g_clear_pointer (&watch->fractions, g_array_unref);
}

/* Runs a job to its end; the job must be gone afterwards. */
static void
run_job (ScrimJob *job,
         Watch    *watch)
{
  watch_init (watch, job);
  scrim_job_start (job);
  g_assert_true (scrim_job_get_running (job));
  scrim_job_wait (job);
  g_assert_cmpuint (watch->finished, ==, 1);
  g_assert_true (watch->main_thread);
  g_assert_false (scrim_job_get_running (job));
  g_assert_true (scrim_job_get_finished (job));
  /* Nothing more arrives after "finished". */
  scrim_ui_test_spin (300);
  g_assert_cmpuint (watch->finished, ==, 1);
  g_signal_handlers_disconnect_by_data (job, watch);
  g_assert_finalize_object (job);
}

/* ---- tests ---- */

static void
test_new_destroy (void)
{
  const char *folders[] = { "/nonexistent/evidence", NULL };
  const char *files[] = { "/nonexistent/list.json", NULL };
  GtkWidget *bar;
  ScrimJob *job;

  job = scrim_job_new_ingest ("/nonexistent/case.scrim", folders, "EX-1", "Tester");
  g_assert_cmpint (scrim_job_get_kind (job), ==, SCRIM_JOB_INGEST);
  g_assert_cmpfloat (scrim_job_get_fraction (job), <, 0);
  g_assert_false (scrim_job_get_running (job));
  g_assert_nonnull (scrim_job_get_title (job));
  g_assert_finalize_object (job);

  job = scrim_job_new_import_list (NULL, "Demo", files, NULL);
  g_assert_cmpint (scrim_job_get_kind (job), ==, SCRIM_JOB_IMPORT_LIST);
  assert_contains (scrim_job_get_title (job), "Demo");
  g_assert_finalize_object (job);

  job = scrim_job_new_match ("/nonexistent/case.scrim", NULL, NULL);
  g_assert_cmpint (scrim_job_get_kind (job), ==, SCRIM_JOB_MATCH);
  scrim_job_cancel (job);   /* never started: harmless */
  scrim_job_wait (job);     /* never started: returns at once */
  g_assert_finalize_object (job);

  job = scrim_job_new_group ("/nonexistent/case.scrim", NULL);
  g_assert_cmpint (scrim_job_get_kind (job), ==, SCRIM_JOB_GROUP);
  g_assert_finalize_object (job);

  bar = g_object_ref_sink (scrim_job_bar_new ());
  g_assert_false (gtk_widget_get_visible (bar));
  g_assert_cmpuint (scrim_job_bar_get_n_jobs (SCRIM_JOB_BAR (bar)), ==, 0);
  g_assert_finalize_object (bar);
}

static void
test_ingest (void)
{
  g_autofree char *root = g_build_filename (tmp, "ingest", NULL);
  g_autofree char *evidence = g_build_filename (root, "phone", NULL);
  g_autofree char *case_path = g_build_filename (root, "case.scrim", NULL);
  const char *folders[] = { evidence, NULL };
  g_autoptr(GPtrArray) paths = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(ScrimCase) scase = NULL;
  g_autoptr(GError) error = NULL;
  ScrimViewCount counts[SCRIM_N_VIEWS];
  ScrimJob *job;
  Watch watch;
  gint64 started;
  double seconds;
  guint n_files;

  scrim_test_make_evidence_sized (evidence, 200, 4242, 1024);
  paths = list_tree (evidence);
  n_files = count_files (paths);
  age_tree (paths);
  before = lstat_snapshot (paths);

  job = scrim_job_new_ingest (case_path, folders, "PHONE-1", "Tester");
  started = g_get_monotonic_time ();
  run_job (job, &watch);
  seconds = (g_get_monotonic_time () - started) / 1e6;
  g_test_message ("ingest job: %u files in %.2f s (%.0f files/s); %u progress drains",
                  n_files, seconds, n_files / seconds, watch.progress);

  g_assert_no_error (watch.error);
  assert_contains (watch.summary, "Ingested 204 files");
  assert_contains (watch.summary, "ok 201, not-image 2, corrupt 1");
  g_assert_cmpuint (watch.progress, >=, 1);
  /* 0 → 1: never backwards once known, ends at 1. */
  g_assert_cmpuint (watch.fractions->len, >=, 1);
  for (guint i = 1; i < watch.fractions->len; i++)
    if (g_array_index (watch.fractions, double, i - 1) >= 0)
      g_assert_cmpfloat (g_array_index (watch.fractions, double, i), >=,
                         g_array_index (watch.fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (watch.fractions, double, watch.fractions->len - 1), ==, 1);

  /* The rows are in the case. */
  g_assert_cmpuint (case_file_rows (case_path), ==, n_files);
  scase = scrim_case_open (case_path, SCRIM_CASE_OPEN_READ_ONLY, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (scrim_review_count_views (scase, counts, &error));
  g_assert_no_error (error);
  g_assert_cmpint (counts[SCRIM_VIEW_ALL].total, ==, 200);

  /* The evidence is as it was, access times included. */
  after = lstat_snapshot (paths);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&paths, g_ptr_array_unref);
  paths = list_tree (evidence);
  g_assert_cmpuint (count_files (paths), ==, n_files);
  watch_clear (&watch);
}

/* A folder that takes a few seconds to ingest (600 photos of 1600 px),
 * made once for the tests that stop an ingest midway. */
static const char *
big_evidence (void)
{
  static char *path;

  if (path == NULL)
    {
      path = g_build_filename (tmp, "big-disk", NULL);
      scrim_test_make_evidence_sized (path, 600, 777, 1600);
    }
  return path;
}

static gboolean
job_halfway (gpointer data)
{
  ScrimJob *job = data;
  double f = scrim_job_get_fraction (job);

  return scrim_job_get_finished (job) || (f >= 0.1 && f < 1);
}

static void
test_ingest_cancel (void)
{
  const char *evidence = big_evidence ();
  g_autofree char *case_path = g_build_filename (tmp, "cancel.scrim", NULL);
  const char *folders[] = { evidence, NULL };
  g_autoptr(GPtrArray) paths = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(ScrimCase) scase = NULL;
  g_autoptr(GError) error = NULL;
  ScrimJob *job;
  Watch watch;
  guint n_files;
  guint kept;

  paths = list_tree (evidence);
  n_files = count_files (paths);
  age_tree (paths);
  before = lstat_snapshot (paths);

  job = scrim_job_new_ingest (case_path, folders, NULL, "Tester");
  watch_init (&watch, job);
  scrim_job_start (job);
  g_assert_true (scrim_ui_test_wait_for (job_halfway, job, 60000));
  g_assert_false (scrim_job_get_finished (job));
  scrim_job_cancel (job);
  g_assert_cmpstr (scrim_job_get_status (job), ==, "Stopping…");
  scrim_job_wait (job);
  g_assert_cmpuint (watch.finished, ==, 1);
  g_assert_error (watch.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_contains (watch.summary, "Stopped: ");
  assert_contains (watch.summary, " files kept; adding the folder again resumes");
  g_test_message ("cancelled: %s (%s)", watch.summary, watch.error->message);
  g_signal_handlers_disconnect_by_data (job, &watch);
  g_assert_finalize_object (job);
  watch_clear (&watch);

  /* What was kept is in a case that opens and verifies. */
  kept = case_file_rows (case_path);
  g_assert_cmpuint (kept, >, 0);
  g_assert_cmpuint (kept, <, n_files);
  scase = scrim_case_open (case_path, SCRIM_CASE_OPEN_READ_ONLY, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&scase);
  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "audit", "--verify", case_path, NULL), ==, 0);

  /* Adding the folder again resumes and completes. */
  job = scrim_job_new_ingest (case_path, folders, NULL, "Tester");
  run_job (job, &watch);
  g_assert_no_error (watch.error);
  assert_contains (watch.summary, "already in the case");
  g_assert_cmpuint (case_file_rows (case_path), ==, n_files);
  watch_clear (&watch);

  after = lstat_snapshot (paths);
  g_assert_cmpstr (after, ==, before);
}

/* Cancelled before the thread got going: finished, cancelled, nothing
 * half-done. */
static void
test_cancel_at_once (void)
{
  g_autofree char *root = g_build_filename (tmp, "at-once", NULL);
  g_autofree char *evidence = g_build_filename (root, "phone", NULL);
  g_autofree char *case_path = g_build_filename (root, "case.scrim", NULL);
  g_autofree char *library = g_build_filename (root, "library.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *folders[] = { evidence, NULL };
  ScrimJob *jobs[3];
  Watch watch;

  scrim_test_make_evidence (evidence, 8, 3);
  jobs[0] = scrim_job_new_ingest (case_path, folders, NULL, "Tester");
  jobs[1] = scrim_job_new_match (case_path, library, "Tester");
  jobs[2] = scrim_job_new_group (case_path, "Tester");
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      watch_init (&watch, jobs[i]);
      scrim_job_start (jobs[i]);
      scrim_job_cancel (jobs[i]);
      scrim_job_cancel (jobs[i]);   /* twice is harmless */
      g_assert_cmpstr (scrim_job_get_status (jobs[i]), ==, "Stopping…");
      scrim_job_wait (jobs[i]);
      g_assert_cmpuint (watch.finished, ==, 1);
      g_assert_error (watch.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_test_message ("%s (%s)", watch.summary, watch.error->message);
      g_assert_nonnull (watch.summary);
      g_signal_handlers_disconnect_by_data (jobs[i], &watch);
      g_assert_finalize_object (jobs[i]);
      watch_clear (&watch);
    }
  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "audit", "--verify", case_path, NULL), ==, 0);
}

static char *
md5_of (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_MD5, (const guint8 *) contents, len);
}

static char *
write_vics (const char *path,
            const char *md5_a,
            const char *md5_b)
{
  g_autofree char *json = NULL;

  json = g_strdup_printf ("{\"@odata.context\":\"http://github.com/VICSDATAMODEL/ProjectVic/DataModels/"
                          "2.0.xml/US/$metadata#Media\",\"value\":["
                          "{\"MediaID\":1,\"Category\":1,\"MD5\":\"%s\",\"Series\":\"DEMO SERIES A\"},"
                          "{\"MediaID\":2,\"Category\":2,\"MD5\":\"%s\"},"
                          "{\"MediaID\":3,\"Category\":1,\"MD5\":\"not-a-hash\"}]}", md5_a, md5_b);
  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  return g_strdup (path);
}

static void
test_import_match_group (void)
{
  g_autofree char *root = g_build_filename (tmp, "lists", NULL);
  g_autofree char *evidence = g_build_filename (root, "phone", NULL);
  g_autofree char *case_path = g_build_filename (root, "case.scrim", NULL);
  g_autofree char *library = g_build_filename (root, "library.db", NULL);
  g_autofree char *list_path = g_build_filename (root, "demo-us.json", NULL);
  g_autofree char *bad_path = g_build_filename (root, "broken.json", NULL);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *md5_a = NULL;
  g_autofree char *md5_b = NULL;
  g_autofree char *list = NULL;
  g_autofree char *lists_before = NULL;
  g_autofree char *lists_after = NULL;
  g_autofree char *err = NULL;
  const char *folders[] = { evidence, NULL };
  const char *files[] = { NULL, NULL };
  Watch watch;

  scrim_test_make_evidence (evidence, 24, 99);
  a = g_build_filename (evidence, "DCIM/Camera/IMG_0001.jpg", NULL);
  b = g_build_filename (evidence, "DCIM/Camera/IMG_0002.jpg", NULL);
  md5_a = md5_of (a);
  md5_b = md5_of (b);
  list = write_vics (list_path, md5_a, md5_b);

  run_job (scrim_job_new_ingest (case_path, folders, NULL, "Tester"), &watch);
  g_assert_no_error (watch.error);
  watch_clear (&watch);

  files[0] = list;
  run_job (scrim_job_new_import_list (library, "Demo VICS US", files, "Tester"), &watch);
  g_assert_no_error (watch.error);
  g_test_message ("import: %s", watch.summary);
  assert_contains (watch.summary, "Imported list “Demo VICS US”: 2 entries from 2 records");
  assert_contains (watch.summary, "; 1 malformed record skipped");
  assert_contains (watch.summary, "demo-us.json: record 3: MD5 \"not-a-hash\" is not 32 hex digits");
  watch_clear (&watch);

  run_job (scrim_job_new_match (case_path, library, "Tester"), &watch);
  g_assert_no_error (watch.error);
  g_test_message ("match: %s", watch.summary);
  assert_contains (watch.summary, "2 files matched, 0 conflicts, 0 ignorable (against 1 lists)");
  assert_contains (watch.summary, "2 newly matched");
  watch_clear (&watch);

  run_job (scrim_job_new_group (case_path, "Tester"), &watch);
  g_assert_no_error (watch.error);
  g_test_message ("group: %s", watch.summary);
  assert_contains (watch.summary, "Grouped: ");
  assert_contains (watch.summary, "1 series");
  assert_contains (watch.summary, "cameras");
  watch_clear (&watch);

  /* A broken list: an error naming the file; the library is unchanged. */
  g_assert_cmpint (scrim_test_run_scrim (&lists_before, &err, "lists", "--library", library, NULL), ==, 0);
  g_assert_true (g_file_set_contents (bad_path, "{\"value\": [ {\"MD5\": ", -1, NULL));
  files[0] = bad_path;
  run_job (scrim_job_new_import_list (library, "Broken", files, "Tester"), &watch);
  g_assert_nonnull (watch.error);
  g_test_message ("broken list: %s (%s)", watch.error->message, watch.summary);
  assert_contains (watch.error->message, bad_path);
  assert_contains (watch.summary, "not imported; the library is unchanged");
  watch_clear (&watch);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (scrim_test_run_scrim (&lists_after, &err, "lists", "--library", library, NULL), ==, 0);
  g_assert_cmpstr (lists_after, ==, lists_before);
}

/* Names, sizes and modification times of a tree: what a write changes. */
static char *
tree_state (const char *root)
{
  g_autoptr(GPtrArray) paths = list_tree (root);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      struct stat st;

      g_assert_cmpint (lstat (path, &st), ==, 0);
      g_string_append_printf (out, "%s size=%lld mtime=%lld.%09ld\n", path, (long long) st.st_size,
                              (long long) st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    }
  return g_string_free (out, FALSE);
}

static void
assert_untouched (const char *root,
                  const char *before)
{
  g_autofree char *after = tree_state (root);

  g_assert_cmpstr (after, ==, before);
}

static void
test_not_a_case (void)
{
  g_autofree char *root = g_build_filename (tmp, "not-a-case", NULL);
  g_autofree char *evidence = g_build_filename (root, "phone", NULL);
  g_autofree char *fake = g_build_filename (root, "notes.scrim", NULL);
  g_autofree char *library = g_build_filename (root, "library.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *contents = NULL;
  const char *folders[] = { evidence, NULL };
  ScrimJob *jobs[3];
  Watch watch;

  scrim_test_make_evidence (evidence, 4, 5);
  scrim_test_write_text (fake, "Minutes of the meeting: not a case file\n");
  before = tree_state (root);

  jobs[0] = scrim_job_new_ingest (fake, folders, NULL, "Tester");
  jobs[1] = scrim_job_new_match (fake, library, "Tester");
  jobs[2] = scrim_job_new_group (fake, "Tester");
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      run_job (jobs[i], &watch);
      g_assert_error (watch.error, SCRIM_ERROR, SCRIM_ERROR_NOT_A_CASE);
      assert_contains (watch.error->message, fake);
      assert_contains (watch.error->message, "not a Scrim case");
      g_test_message ("%s", watch.error->message);
      watch_clear (&watch);
      /* Nothing written: no journal beside it, no library created. */
      assert_untouched (root, before);
    }
  g_assert_true (g_file_get_contents (fake, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "Minutes of the meeting: not a case file\n");
}

/* ---- the bar ---- */

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
button_insensitive (gpointer data)
{
  return !gtk_widget_get_sensitive (GTK_WIDGET (data));
}

static gboolean
job_counting (gpointer data)
{
  ScrimJob *job = data;

  return scrim_job_get_finished (job) || strstr (scrim_job_get_status (job), "files") != NULL;
}

static gboolean
bar_empty (gpointer data)
{
  return scrim_job_bar_get_n_jobs (SCRIM_JOB_BAR (data)) == 0;
}

static void
test_bar (void)
{
  const char *evidence = big_evidence ();
  g_autofree char *case_path = g_build_filename (tmp, "bar.scrim", NULL);
  const char *folders[] = { evidence, NULL };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *bar = scrim_job_bar_new ();
  GtkWidget *cancel;
  ScrimJob *job;
  Watch watch;

  gtk_window_set_child (GTK_WINDOW (window), bar);
  gtk_window_present (GTK_WINDOW (window));

  job = scrim_job_new_ingest (case_path, folders, NULL, "Tester");
  watch_init (&watch, job);
  scrim_job_bar_add_job (SCRIM_JOB_BAR (bar), job);
  scrim_job_bar_add_job (SCRIM_JOB_BAR (bar), job);   /* once only */
  scrim_job_start (job);
  g_assert_cmpuint (scrim_job_bar_get_n_jobs (SCRIM_JOB_BAR (bar)), ==, 1);
  g_assert_true (gtk_widget_get_visible (bar));
  g_assert_true (scrim_ui_test_wait_for (job_counting, job, 60000));
  scrim_ui_test_spin (100);
  g_assert_false (scrim_job_get_finished (job));

  cancel = find_button (bar, "_Cancel");
  g_assert_nonnull (cancel);
  g_assert_true (gtk_widget_get_mapped (cancel));
  g_assert_true (gtk_widget_activate (cancel));
  /* A button activated by key says "clicked" after its press animation. */
  g_assert_true (scrim_ui_test_wait_for (button_insensitive, cancel, 2000));
  assert_contains (gtk_label_get_text (GTK_LABEL (find_label (bar, "Stopping…"))), "Stopping…");

  g_assert_true (scrim_ui_test_wait_for (bar_empty, bar, 60000));
  g_assert_cmpuint (watch.finished, ==, 1);
  g_assert_error (watch.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (gtk_widget_get_visible (bar));
  g_signal_handlers_disconnect_by_data (job, &watch);
  g_assert_finalize_object (job);
  watch_clear (&watch);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  int rc;

  /* The default library lives in the test's own HOME. */
  g_unsetenv ("SCRIM_LIBRARY");
  if (!scrim_ui_test_init (&argc, &argv))
    scrim_ui_test_skip_no_display ();
  tmp = scrim_test_mkdtemp ("ui-job");

  g_test_add_func ("/ui/job/new-destroy", test_new_destroy);
  g_test_add_func ("/ui/job/ingest", test_ingest);
  g_test_add_func ("/ui/job/ingest-cancel-resume", test_ingest_cancel);
  g_test_add_func ("/ui/job/cancel-at-once", test_cancel_at_once);
  g_test_add_func ("/ui/job/import-match-group", test_import_match_group);
  g_test_add_func ("/ui/job/not-a-case", test_not_a_case);
  g_test_add_func ("/ui/job/bar", test_bar);
  rc = g_test_run ();
  g_free (tmp);
  return rc;
}
