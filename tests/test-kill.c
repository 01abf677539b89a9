/* test-kill.c: nothing is lost when an ingest is killed or the disk fills
 *
 * An uninterrupted ingest of a generated folder gives the reference rows.
 * Then the same folder is ingested into a second case by runs that are
 * killed with SIGKILL at several points (from the first milliseconds, while
 * the case is being created, to near the end); after every kill the case
 * must open, pass PRAGMA integrity_check and verify its audit log, and the
 * run after the last kill must end with exactly the reference rows. The
 * same for a run stopped by Ctrl+C, and by a full disk (a file size limit,
 * RLIMIT_FSIZE).
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "scrim-test-util.h"

static char *tmp;
static char *evidence;
static char *reference;
static guint n_entries;

#define N_IMAGES 200

static char *
case_path (const char *name)
{
  return g_build_filename (tmp, name, NULL);
}

/* Files committed so far, read the way any reader would (WAL: never blocks
 * the writer); -1 while the case does not exist yet. */
static gint64
committed (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return -1;
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK
      && sqlite3_prepare_v2 (db, "SELECT count(*) FROM file;", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static GPid
spawn_ingest (const char        *path,
              GSpawnChildSetupFunc setup,
              int               *stderr_fd)
{
  const char *argv[] = { scrim_test_scrim_bin (), "ingest", "--quiet", "--jobs", "1", path, evidence, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                            setup, NULL, &pid, NULL, NULL, stderr_fd, &error);
  g_assert_no_error (error);
  return pid;
}

static int
wait_exit (GPid pid)
{
  int status = 0;

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  return status;
}

/* The case opens, is consistent, and its audit chain verifies. */
static void
assert_sound (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimCase) scase = NULL;
  g_autofree char *report = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return;   /* killed before the case appeared: nothing to check */
  scase = scrim_case_open (path, SCRIM_CASE_OPEN_READ_ONLY, NULL, &error);
  g_assert_no_error (error);
  if (!scrim_case_check_integrity (scase, &report, &error))
    g_error ("integrity check failed: %s\n%s", error->message, report);
  g_assert_true (scrim_audit_verify (scase, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* Starts an ingest and kills it once at least `after` files are committed
 * (after < 0: after `after` microseconds, negated). Returns what was
 * committed when it died. */
static gint64
ingest_and_kill (const char *path,
                 gint64      after)
{
  GPid pid = spawn_ingest (path, NULL, NULL);
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  int status;

  if (after < 0)
    g_usleep (-after);
  else
    while (committed (path) < after && g_get_monotonic_time () < deadline)
      g_usleep (1000);

  kill (pid, SIGKILL);
  status = wait_exit (pid);
  /* It may have finished first on a fast machine; then it exited 0. */
  g_assert_true ((WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL)
                 || (WIFEXITED (status) && WEXITSTATUS (status) == 0));
  return committed (path);
}

static void
assert_reference_rows (const char *path)
{
  g_autofree char *rows = scrim_test_files_tsv (path);
  g_auto(GStrv) a = g_strsplit (rows, "\n", -1);
  g_auto(GStrv) b = g_strsplit (reference, "\n", -1);

  for (guint i = 0; a[i] != NULL || b[i] != NULL; i++)
    if (a[i] == NULL || b[i] == NULL || strcmp (a[i], b[i]) != 0)
      g_error ("row %u differs from the uninterrupted run:\n got:      %s\n expected: %s",
               i, a[i] ? a[i] : "(none)", b[i] ? b[i] : "(none)");
  g_assert_cmpint (committed (path), ==, n_entries);
}

static void
test_kill_resume (void)
{
  g_autofree char *path = case_path ("killed.scrim");
  /* Microseconds (negative) or committed files at which to kill. */
  const gint64 points[] = { -3000, -40000, 1, 60, N_IMAGES / 2 + 20, N_IMAGES - 20 };
  gint64 last = -1;

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      gint64 now = ingest_and_kill (path, points[i]);

      g_test_message ("kill %u (at %" G_GINT64_FORMAT "): %" G_GINT64_FORMAT " files committed",
                      i, points[i], now);
      assert_sound (path);
      if (now >= 0)
        g_assert_cmpint (now, >=, last);   /* nothing committed is ever lost */
      last = now;
    }

  g_assert_cmpint (scrim_test_run_scrim (NULL, NULL, "ingest", "--quiet", path, evidence, NULL), ==, 0);
  assert_sound (path);
  assert_reference_rows (path);
}

/* Ctrl+C: the run stops cleanly (exit 1, a message saying how to resume),
 * the audit log says it was interrupted, and the next run completes it. */
static void
test_interrupt (void)
{
  g_autofree char *path = case_path ("interrupted.scrim");
  g_autofree char *err = NULL;
  g_autofree char *audit = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  gsize len = 0;
  int err_fd = -1;
  GPid pid = spawn_ingest (path, NULL, &err_fd);
  int status;

  while (committed (path) < 20 && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  kill (pid, SIGINT);
  channel = g_io_channel_unix_new (err_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  g_io_channel_read_to_end (channel, &err, &len, NULL);
  status = wait_exit (pid);

  g_test_message ("after SIGINT: %s", err);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "interrupted after committing"));
  g_assert_nonnull (strstr (err, "run the same ingest again to resume"));
  g_assert_cmpint (committed (path), <, n_entries);
  assert_sound (path);
  g_assert_cmpint (scrim_test_run_scrim (&audit, NULL, "audit", path, NULL), ==, 0);
  g_assert_nonnull (strstr (audit, "\tingest-stopped\t"));
  g_assert_nonnull (strstr (audit, "\"outcome\":\"interrupted\""));

  g_assert_cmpint (scrim_test_run_scrim (NULL, NULL, "ingest", "--quiet", path, evidence, NULL), ==, 0);
  assert_reference_rows (path);
}

static void
limit_file_size (gpointer data)
{
  struct rlimit limit = { GPOINTER_TO_UINT (data), GPOINTER_TO_UINT (data) };

  setrlimit (RLIMIT_FSIZE, &limit);
}

static void
test_disk_full (void)
{
  g_autofree char *ref_path = case_path ("reference.scrim");
  g_autofree char *path = case_path ("full.scrim");
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  struct stat st;
  gsize len = 0;
  guint limit;
  GPid pid;
  int status;
  int err_fd = -1;

  g_assert_cmpint (stat (ref_path, &st), ==, 0);
  limit = st.st_size / 3;
  {
    const char *argv[] = { scrim_test_scrim_bin (), "ingest", "--quiet", "--jobs", "1", path, evidence, NULL };

    g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                              G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                              limit_file_size, GUINT_TO_POINTER (limit), &pid, NULL, NULL,
                              &err_fd, &error);
  }
  g_assert_no_error (error);
  channel = g_io_channel_unix_new (err_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  g_io_channel_read_to_end (channel, &err, &len, &error);
  status = wait_exit (pid);

  g_test_message ("with a %u-byte file size limit: %s", limit, err);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "file size limit"));
  g_assert_nonnull (strstr (err, "committing"));
  g_assert_cmpint (committed (path), >, 0);
  g_assert_cmpint (committed (path), <, n_entries);
  assert_sound (path);

  g_assert_cmpint (scrim_test_run_scrim (NULL, NULL, "ingest", "--quiet", path, evidence, NULL), ==, 0);
  assert_sound (path);
  assert_reference_rows (path);
}

static void
make_fixture (void)
{
  g_autofree char *ref_path = case_path ("reference.scrim");
  int rc;

  evidence = g_build_filename (tmp, "evidence", NULL);
  /* Camera-sized enough that one run with one job takes a few seconds. */
  scrim_test_make_evidence_sized (evidence, N_IMAGES, 41, 1600);
  n_entries = N_IMAGES + 4;
  rc = scrim_test_run_scrim (NULL, NULL, "ingest", "--quiet", "--jobs", "2", ref_path, evidence, NULL);
  g_assert_cmpint (rc, ==, 0);
  reference = scrim_test_files_tsv (ref_path);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmp = scrim_test_mkdtemp ("kill");
  make_fixture ();

  g_test_add_func ("/cli/ingest/resume-after-kill", test_kill_resume);
  g_test_add_func ("/cli/ingest/interrupt", test_interrupt);
  g_test_add_func ("/cli/ingest/disk-full", test_disk_full);
  return g_test_run ();
}
