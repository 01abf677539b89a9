/* test-demo.c: trainer mode (core/scrim-demo.c, `scrim demo`)
 *
 * What the demo plants, the pipeline finds; the same seed gives the same
 * files; demo lists and cases never mix with real ones; an existing folder
 * is never written into; and the pipeline never writes into the evidence
 * it generated (the snapshot proof of test-evidence.c: access times set
 * far in the past, then every entry's times, inode and SHA-256 compared).
 *
 * All data is synthetic: colour fields, shapes, patterns and labels.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "scrim-test-util.h"

static char *tmp;

static char *
sha256_of_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *) contents, len);
}

/* ---- the demo, run once through the core ---- */

typedef struct
{
  char            *dir;
  ScrimDemoReport *report;
  char            *before;   /* the evidence as generated (aged) */
  char            *after;    /* after the pipeline */
  guint            steps;
} Fixture;

static Fixture fixture;

/* Between generation and import: age the evidence and take its picture. */
static void
on_step (const char *step,
         gpointer    user_data)
{
  Fixture *f = user_data;
  g_autofree char *evidence = g_build_filename (f->dir, "evidence", NULL);

  f->steps++;
  if (strcmp (step, "importing") != 0)
    return;
  scrim_test_age_tree (evidence);
  f->before = scrim_test_snapshot (evidence, SCRIM_TEST_SNAPSHOT_FULL);
}

static const Fixture *
demo_fixture (void)
{
  ScrimDemoOptions options = { SCRIM_DEMO_SMALL, 1, 0, on_step, &fixture };
  g_autoptr(GError) error = NULL;
  g_autofree char *evidence = NULL;

  if (fixture.report != NULL)
    return &fixture;
  fixture.dir = g_build_filename (tmp, "core-demo", NULL);
  g_assert_true (scrim_demo_run (fixture.dir, &options, &fixture.report, NULL, &error));
  g_assert_no_error (error);
  evidence = g_build_filename (fixture.dir, "evidence", NULL);
  fixture.after = scrim_test_snapshot (evidence, SCRIM_TEST_SNAPSHOT_FULL);
  return &fixture;
}

static const ScrimDemoSeries *
find_series (GPtrArray  *series,
             const char *name)
{
  for (guint i = 0; i < series->len; i++)
    if (strcmp (((ScrimDemoSeries *) g_ptr_array_index (series, i))->name, name) == 0)
      return g_ptr_array_index (series, i);
  g_error ("no series %s", name);
  return NULL;
}

static const ScrimDemoMatch *
find_match (GPtrArray  *matches,
            const char *path)
{
  for (guint i = 0; i < matches->len; i++)
    if (strcmp (((ScrimDemoMatch *) g_ptr_array_index (matches, i))->path, path) == 0)
      return g_ptr_array_index (matches, i);
  return NULL;
}

/* (a) What was planted is what the pipeline finds. */
static void
test_agrees (void)
{
  const Fixture *f = demo_fixture ();
  const ScrimDemoReport *r = f->report;
  const ScrimDemoManifest *m = r->manifest;
  g_autoptr(GString) differences = g_string_new (NULL);
  g_autoptr(ScrimLibrary) library = NULL;
  g_autoptr(ScrimCase) scase = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *demo_flag = NULL;
  guint64 n_real = 99, n_demo = 0;

  if (!scrim_demo_report_agrees (r, differences))
    g_error ("the demo found something else than it planted:\n%s", differences->str);
  g_assert_cmpuint (f->steps, ==, 5);

  /* Every feature has something to find. */
  g_assert_cmpuint (m->n_files, >, 150);
  g_assert_cmpuint (m->exact, >, 0);
  g_assert_cmpuint (m->pdq_only, >, 0);
  g_assert_cmpuint (m->conflicts, ==, 1);
  g_assert_cmpuint (m->ignorable, >, 0);
  g_assert_cmpuint (m->unknown, >, 0);
  g_assert_cmpuint (find_series (m->series, "DEMO SERIES B")->possible_new, >, 0);
  g_assert_cmpuint (m->session_queued->len, >, 0);

  /* And the pipeline found exactly that. */
  g_assert_cmpuint (r->n_files, ==, m->n_files);
  g_assert_cmpuint (r->exact, ==, m->exact);
  g_assert_cmpuint (r->pdq_only, ==, m->pdq_only);
  g_assert_cmpuint (r->conflicts, ==, m->conflicts);
  g_assert_cmpuint (r->ignorable, ==, m->ignorable);
  g_assert_cmpuint (r->unknown, ==, m->unknown);
  g_assert_cmpuint (find_series (r->series, "DEMO SERIES B")->possible_new, ==,
                    find_series (m->series, "DEMO SERIES B")->possible_new);
  g_assert_cmpuint (r->queued, >=, m->session_queued->len);
  g_assert_cmpuint (r->groups[SCRIM_GROUP_SERIES], >, 0);
  g_assert_cmpuint (r->groups[SCRIM_GROUP_NEAR_DUPLICATE], >, 0);
  g_assert_cmpuint (r->groups[SCRIM_GROUP_SESSION], >, 0);

  /* Every planted match, file by file: exact ones exact, altered copies by
   * PDQ within the distance, the conflict flagged. */
  for (guint i = 0; i < m->matches->len; i++)
    {
      const ScrimDemoMatch *p = g_ptr_array_index (m->matches, i);
      const ScrimDemoMatch *found = find_match (r->matches, p->path);

      g_assert_nonnull (found);
      g_assert_cmpstr (found->klass, ==, p->klass);
      g_assert_cmpstr (found->match_kind, ==, p->match_kind);
      g_assert_cmpint (found->conflict, ==, p->conflict);
      if (strcmp (p->match_kind, "pdq") == 0)
        g_assert_cmpint (found->pdq_distance, <=, SCRIM_PDQ_MATCH_DISTANCE);
      if (p->conflict)
        g_assert_cmpstr (found->klass, ==, "abuse|known-good");
    }

  /* The planted session leads the queue. */
  g_assert_cmpuint (r->queue->len, >, m->session_queued->len);
  for (guint i = 0; i < m->session_queued->len; i++)
    {
      const ScrimDemoQueued *q = g_ptr_array_index (r->queue, i);
      gboolean planted = FALSE;

      for (guint k = 0; k < m->session_queued->len; k++)
        planted |= strcmp (q->path, g_ptr_array_index (m->session_queued, k)) == 0;
      g_assert_true (planted);
      g_assert_nonnull (q->reasons[0]);
    }

  /* A demo library of demo lists alone; a demo case. */
  library = scrim_library_open (r->library_path, &error);
  g_assert_no_error (error);
  g_assert_true (scrim_library_count_lists (library, &n_real, &n_demo, &error));
  g_assert_cmpuint (n_real, ==, 0);
  g_assert_cmpuint (n_demo, ==, m->lists->len);
  g_assert_cmpuint (n_demo, ==, 4);
  scase = scrim_case_open (r->case_path, SCRIM_CASE_OPEN_READ_ONLY, NULL, &error);
  g_assert_no_error (error);
  demo_flag = scrim_case_dup_meta (scase, SCRIM_DEMO_CASE_META);
  g_assert_cmpstr (demo_flag, ==, "1");
}

/* (e) The pipeline never writes into, nor reads without O_NOATIME, the
 * evidence it generated. */
static void
test_evidence_untouched (void)
{
  const Fixture *f = demo_fixture ();
  g_autofree char *control = g_build_filename (tmp, "control.txt", NULL);
  g_autofree char *contents = NULL;
  struct stat st;

  g_assert_nonnull (f->before);
  scrim_test_assert_same_snapshot ("evidence before and after the pipeline", f->after, f->before);
  g_assert_nonnull (strstr (f->before, "atime=978307200.123456789"));

  /* The control: on this file system a plain read moves an old atime, so
   * the proof above could have failed. */
  scrim_test_write_text (control, "control");
  scrim_test_age_tree (control);
  g_assert_true (g_file_get_contents (control, &contents, NULL, NULL));
  g_assert_cmpint (lstat (control, &st), ==, 0);
  if (st.st_atim.tv_sec == SCRIM_TEST_OLD_ATIME)
    g_test_skip ("this file system never updates access times (noatime mount): the proof is weaker here");
}

/* ---- the command line ---- */

/* Runs scrim, its output captured (and dropped) so as not to mix with TAP. */
static int
run_quiet (const char * const *argv)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  return scrim_test_run_scrimv (argv, &out, &err);
}

#define RUN(...) run_quiet ((const char * const[]) { __VA_ARGS__, NULL })

static char *
cli_demo (const char *name,
          const char *jobs)
{
  char *dir = g_build_filename (tmp, name, NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int rc = scrim_test_run_scrim (&out, &err, "demo", dir, "--size", "small", "--seed", "1", "--jobs", jobs,
                                 "--no-window", NULL);

  if (rc != 0)
    g_error ("scrim demo failed (%d):\n%s\n%s", rc, out, err);
  g_assert_nonnull (strstr (out, "[5/5]"));
  g_assert_nonnull (strstr (out, "Self-check"));
  g_assert_nonnull (strstr (out, "DEMO SERIES B"));
  g_assert_nonnull (strstr (out, "possible new material"));
  /* The trainer's hand-out: the HTML report of the demo case. */
  {
    g_autofree char *report = g_build_filename (dir, "report.html", NULL);
    g_autofree char *html = NULL;

    g_assert_true (g_file_get_contents (report, &html, NULL, NULL));
    g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
    g_assert_nonnull (strstr (html, "data:image/jpeg;base64,"));
  }
  return dir;
}

static char *
files_of (const char *dir)
{
  g_autofree char *case_path = g_build_filename (dir, "demo.scrim", NULL);
  char *out = NULL;

  g_assert_cmpint (scrim_test_run_scrim (&out, NULL, "files", case_path, NULL), ==, 0);
  return out;
}

static char *
content_of (const char *dir,
            const char *sub)
{
  g_autofree char *path = g_build_filename (dir, sub, NULL);

  return scrim_test_snapshot (path, SCRIM_TEST_SNAPSHOT_CONTENT);
}

/* (b) The same seed gives byte-identical evidence (with identical times)
 * and lists, whatever the threads, and identical `scrim files`. */
static void
test_deterministic (void)
{
  const Fixture *f = demo_fixture ();
  g_autofree char *one = cli_demo ("cli-demo-1", "1");
  g_autofree char *two = cli_demo ("cli-demo-2", "2");
  g_autofree char *ev_one = content_of (one, "evidence");
  g_autofree char *ev_two = content_of (two, "evidence");
  g_autofree char *ev_core = content_of (f->dir, "evidence");
  g_autofree char *lists_one = content_of (one, "lists");
  g_autofree char *lists_two = content_of (two, "lists");
  g_autofree char *files_one = files_of (one);
  g_autofree char *files_two = files_of (two);
  g_autofree char *files_core = files_of (f->dir);
  g_auto(GStrv) rows = g_strsplit (files_one, "\n", -1);

  scrim_test_assert_same_snapshot ("evidence of two runs", ev_two, ev_one);
  scrim_test_assert_same_snapshot ("evidence of the command and of the core", ev_core, ev_one);
  scrim_test_assert_same_snapshot ("lists of two runs", lists_two, lists_one);
  g_assert_nonnull (strstr (ev_one, "DCIM/Camera/IMG_"));
  g_assert_nonnull (strstr (ev_one, "mtime=1772870400.000000000"));
  g_assert_cmpstr (files_two, ==, files_one);
  g_assert_cmpstr (files_core, ==, files_one);
  /* A header, a row a file, a final newline; nothing says where it lies. */
  g_assert_cmpuint (g_strv_length (rows), ==, f->report->manifest->n_files + 2);
  g_assert_null (strstr (files_one, tmp));
}

/* A list in md5sum format without the DEMO marker: a real list. */
static char *
write_real_list (void)
{
  char *path = g_build_filename (tmp, "real", "known-good.md5", NULL);

  scrim_test_write_text (path, "0123456789abcdef0123456789abcdef  /system/app/Clock.apk\n"
                               "fedcba9876543210fedcba9876543210  /system/app/Maps.apk\n");
  return path;
}

static char *
lists_of (const char *library)
{
  char *out = NULL;

  g_assert_cmpint (scrim_test_run_scrim (&out, NULL, "lists", "--library", library, NULL), ==, 0);
  return out;
}

static void
assert_counts (const char *path,
               guint64     real,
               guint64     demo)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimLibrary) library = scrim_library_open (path, &error);
  g_autoptr(GPtrArray) lists = NULL;
  guint64 n_real = 0, n_demo = 0;
  gint64 entries = 0;

  g_assert_no_error (error);
  g_assert_true (scrim_library_count_lists (library, &n_real, &n_demo, &error));
  g_assert_cmpuint (n_real, ==, real);
  g_assert_cmpuint (n_demo, ==, demo);
  lists = scrim_library_list_lists (library, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lists->len, ==, real + demo);
  for (guint i = 0; i < lists->len; i++)
    {
      const ScrimListMeta *meta = g_ptr_array_index (lists, i);

      g_assert_cmpint (meta->demo, ==, demo > 0);
      entries += meta->entries;
    }
  g_assert_cmpint (entries, >, 0);
}

/* Imports file into library as name; expects a refusal naming the file. */
static void
assert_import_refused (const char *library,
                       const char *name,
                       const char *file)
{
  g_autofree char *before = lists_of (library);
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (scrim_test_run_scrim (NULL, &err, "lists", "import", "--library", library, "--kind",
                                         "known-good", name, file, NULL), ==, 1);
  g_assert_nonnull (strstr (err, file));
  g_assert_nonnull (strstr (err, "DEMO"));
  g_assert_nonnull (strstr (err, "never share a library"));
  after = lists_of (library);
  g_assert_cmpstr (after, ==, before);
}

static void
assert_match_refused (const char *library,
                      const char *case_path,
                      const char *why)
{
  g_autofree char *before = sha256_of_file (case_path);
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (scrim_test_run_scrim (NULL, &err, "match", "--library", library, case_path, NULL), ==, 1);
  g_assert_nonnull (strstr (err, case_path));
  g_assert_nonnull (strstr (err, why));
  g_assert_nonnull (strstr (err, "the case is unchanged"));
  after = sha256_of_file (case_path);
  g_assert_cmpstr (after, ==, before);
}

/* (c) Demo and real lists never share a library, in either order; a demo
 * case is never matched against real lists, nor a real case against demo
 * lists; every refusal changes nothing. */
static void
test_separation (void)
{
  const Fixture *f = demo_fixture ();
  g_autofree char *demo_list = g_build_filename (f->dir, "lists", "DEMO-known-good.hashdeep", NULL);
  g_autofree char *real_list = write_real_list ();
  g_autofree char *real_library = g_build_filename (tmp, "sep", "real-library.db", NULL);
  g_autofree char *demo_library = g_build_filename (tmp, "sep", "demo-library.db", NULL);
  g_autofree char *evidence = g_build_filename (tmp, "sep", "real-evidence", NULL);
  g_autofree char *real_case = g_build_filename (tmp, "sep", "real.scrim", NULL);
  g_autofree char *demo_case = g_build_filename (tmp, "sep", "demo.scrim", NULL);
  g_autofree char *sep = g_build_filename (tmp, "sep", NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_cmpint (g_mkdir_with_parents (sep, 0755), ==, 0);

  /* Lists: a demo list into a library of real ones, and the reverse. */
  g_assert_cmpint (RUN ("lists", "import", "--library", real_library, "--kind", "known-good", "Real good",
                        real_list), ==, 0);
  assert_import_refused (real_library, "Demo good", demo_list);
  assert_counts (real_library, 1, 0);
  g_assert_cmpint (RUN ("lists", "import", "--library", demo_library, "--kind", "known-good", "Demo good",
                        demo_list), ==, 0);
  assert_import_refused (demo_library, "Real good", real_list);
  assert_counts (demo_library, 0, 1);

  /* Cases: a copy of the demo case against real lists, a real case
   * against demo lists. */
  g_assert_true (g_file_get_contents (f->report->case_path, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (demo_case, contents, len, NULL));
  assert_match_refused (real_library, demo_case, "is a DEMO case");
  scrim_test_make_evidence (evidence, 4, 7);
  g_assert_cmpint (RUN ("ingest", "--quiet", real_case, evidence), ==, 0);
  assert_match_refused (demo_library, real_case, "is a real case");

  /* The control: each is matched against its own kind. */
  g_assert_cmpint (RUN ("match", "--library", real_library, real_case), ==, 0);
  g_assert_cmpint (RUN ("match", "--library", demo_library, demo_case), ==, 0);
}

/* (d) An existing path is never written into; usage errors exit 2. */
static void
test_existing (void)
{
  g_autofree char *dir = g_build_filename (tmp, "existing", NULL);
  g_autofree char *keep = g_build_filename (dir, "keep.txt", NULL);
  g_autofree char *file = g_build_filename (tmp, "existing-file", NULL);
  g_autofree char *fresh = g_build_filename (tmp, "never-made", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;

  scrim_test_write_text (keep, "the analyst's own file");
  scrim_test_write_text (file, "a file, not a folder");
  before = scrim_test_snapshot (dir, SCRIM_TEST_SNAPSHOT_FULL);
  g_assert_cmpint (scrim_test_run_scrim (NULL, &err, "demo", dir, "--no-window", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already exists"));
  after = scrim_test_snapshot (dir, SCRIM_TEST_SNAPSHOT_FULL);
  scrim_test_assert_same_snapshot ("an existing folder", after, before);

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (scrim_test_run_scrim (NULL, &err, "demo", file, "--no-window", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already exists"));
  g_clear_pointer (&after, g_free);
  g_assert_true (g_file_get_contents (file, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "a file, not a folder");

  g_assert_cmpint (RUN ("demo", fresh, "--size", "huge", "--no-window"), ==, 2);
  g_assert_cmpint (RUN ("demo", fresh, "--seed", "-1", "--no-window"), ==, 2);
  g_assert_cmpint (RUN ("demo", fresh, "--jobs", "-1", "--no-window"), ==, 2);
  g_assert_cmpint (RUN ("demo", fresh, file, "--no-window"), ==, 2);
  g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  tmp = scrim_test_mkdtemp ("demo");

  g_test_add_func ("/cli/demo/agrees", test_agrees);
  g_test_add_func ("/cli/demo/evidence-untouched", test_evidence_untouched);
  g_test_add_func ("/cli/demo/deterministic", test_deterministic);
  g_test_add_func ("/cli/demo/separation", test_separation);
  g_test_add_func ("/cli/demo/existing", test_existing);

  rc = g_test_run ();
  g_clear_pointer (&fixture.report, scrim_demo_report_free);
  g_free (fixture.dir);
  g_free (fixture.before);
  g_free (fixture.after);
  g_free (tmp);
  return rc;
}
