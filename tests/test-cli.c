/* test-cli.c: the `scrim` command, end to end
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "scrim-test-util.h"

static char *tmp;
static char *evidence;

#define assert_contains(haystack, needle) \
  G_STMT_START { \
    if (strstr ((haystack), (needle)) == NULL) \
      g_error ("expected “%s” in:\n%s", (needle), (haystack)); \
  } G_STMT_END

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp, name, NULL);
}

static void
test_help_and_version (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *no_args[] = { NULL };

  g_assert_cmpint (scrim_test_run_scrimv (no_args, &out, &err), ==, 0);
  assert_contains (out, "ingest");
  assert_contains (out, "Exit status");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "--version", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "scrim "));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "help", NULL), ==, 0);
  assert_contains (out, "files");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  for (guint i = 0; i < 5; i++)
    {
      const char *cmds[] = { "ingest", "files", "info", "audit", "demo" };

      g_assert_cmpint (scrim_test_run_scrim (&out, &err, cmds[i], "--help", NULL), ==, 0);
      assert_contains (out, cmds[i]);
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (scrim_test_run_scrim (&out, &err, "help", cmds[i], NULL), ==, 0);
      assert_contains (out, "Usage");
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
    }
}

static void
test_usage_errors (void)
{
  const char *bad[][6] = {
    { "frobnicate", NULL },
    { "ingest", NULL },
    { "ingest", "only-a-case.scrim", NULL },
    { "ingest", "--jobs", "-3", "c.scrim", "src", NULL },
    { "ingest", "--no-such-option", "c.scrim", "src", NULL },
    { "ingest", "--exhibit", "A", "--exhibit", "B", NULL },
    { "files", NULL },
    { "files", "--format", "xml", "c.scrim", NULL },
    { "audit", "a.scrim", "b.scrim", NULL },
    { "help", "frobnicate", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      if (scrim_test_run_scrimv (bad[i], &out, &err) != 2)
        g_error ("expected exit 2 for “scrim %s …”; stderr: %s", bad[i][0], err);
      g_assert_cmpstr (err, !=, "");
    }
}

static void
test_exhibit_count (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *case_path = tmp_path ("exhibits.scrim");

  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "ingest", "--exhibit", "A", "--exhibit", "B",
                                         case_path, evidence, NULL), ==, 2);
  assert_contains (err, "once for every SOURCE");
  g_assert_false (g_file_test (case_path, G_FILE_TEST_EXISTS));
}

/* Failures that are not usage errors exit 1 with a message naming the file. */
static void
test_failures (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *text = tmp_path ("report.txt");
  g_autofree char *after = NULL;
  g_autofree char *missing = tmp_path ("missing.scrim");

  g_assert_true (g_file_set_contents (text, "an investigator's notes\n", -1, NULL));
  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "ingest", text, evidence, NULL), ==, 1);
  assert_contains (err, "not a Scrim case");
  assert_contains (err, text);
  g_assert_true (g_file_get_contents (text, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "an investigator's notes\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "files", missing, NULL), ==, 1);
  assert_contains (err, missing);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "ingest", missing, "/nonexistent/evidence", NULL), ==, 1);
  assert_contains (err, "/nonexistent/evidence");
}

static char *
ingested_case (const char *name)
{
  char *case_path = tmp_path (name);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (!g_file_test (case_path, G_FILE_TEST_EXISTS))
    {
      int rc = scrim_test_run_scrim (&out, &err, "ingest", "--quiet", "--case-number", "2026-0001",
                                     "--examiner", "Test Examiner", "--exhibit", "PHONE-1",
                                     case_path, evidence, NULL);

      if (rc != 0)
        g_error ("ingest failed: %s", err);
      g_assert_cmpstr (out, ==, "");
    }
  return case_path;
}

static void
test_files_tsv (void)
{
  g_autofree char *case_path = ingested_case ("cli.scrim");
  g_autofree char *out = scrim_test_files_tsv (case_path);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  guint n = g_strv_length (lines);

  g_assert_cmpstr (lines[0], ==,
                   "source\tpath\tsize\tmd5\tsha1\tsha256\ttype\tstatus\twidth\theight\texif_make\t"
                   "exif_model\texif_serial\texif_datetime_original\texif_orientation\tgps_lat\tgps_lon\t"
                   "pdq\tpdq_quality\tcategory\tcategory_source\tmatch_kind\tpdq_distance\tconflict");
  /* 10 images + notes, empty, copy, truncated; and the final newline. */
  g_assert_cmpuint (n, ==, 1 + 14 + 1);
  g_assert_cmpstr (lines[n - 1], ==, "");
  for (guint i = 1; i < n - 1; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, 24);
      g_assert_cmpstr (fields[0], ==, "PHONE-1");
    }
  assert_contains (out, "PHONE-1\tDCIM/Camera/IMG_0000.jpg\t");
  assert_contains (out, "\tjpeg\tok\t320\t240\tDemoCam\tModel Two\t\t2026:03:01 10:00:00\t1\t\t\t");
}

static void
test_files_jsonl (void)
{
  g_autofree char *case_path = ingested_case ("cli.scrim");
  g_autofree char *tsv = scrim_test_files_tsv (case_path);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) header = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_rows = 0;

  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "files", "--format", "jsonl", case_path, NULL), ==, 0);
  /* The JSON keys are the TSV header's columns, in order. */
  {
    g_auto(GStrv) tsv_lines = g_strsplit (tsv, "\n", 2);

    header = g_strsplit (tsv_lines[0], "\t", -1);
    g_assert_cmpuint (g_strv_length (header), ==, 24);
  }
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *obj;
      g_autoptr(GList) members = NULL;
      guint k = 0;

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, &error));
      g_assert_no_error (error);
      obj = json_node_get_object (json_parser_get_root (parser));
      members = json_object_get_members (obj);
      for (GList *l = members; l != NULL; l = l->next, k++)
        g_assert_cmpstr (l->data, ==, header[k]);
      g_assert_cmpuint (k, ==, 24);
      g_assert_true (JSON_NODE_HOLDS_VALUE (json_object_get_member (obj, "size")));
      g_assert_cmpint (json_node_get_value_type (json_object_get_member (obj, "size")), ==, G_TYPE_INT64);
      if (g_str_equal (json_object_get_string_member (obj, "path"), "Documents/notes.txt"))
        {
          g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (obj, "width")));
          g_assert_cmpstr (json_object_get_string_member (obj, "status"), ==, "not-image");
        }
      n_rows++;
    }
  g_assert_cmpuint (n_rows, ==, 14);
}

static void
test_info (void)
{
  g_autofree char *case_path = ingested_case ("cli.scrim");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "info", "--problems", case_path, NULL), ==, 0);
  assert_contains (out, "Case number:  2026-0001");
  assert_contains (out, "Examiner:     Test Examiner");
  assert_contains (out, "PHONE-1");
  assert_contains (out, "Files:        14 (13 distinct contents");
  assert_contains (out, "By status:    corrupt 1, not-image 2, ok 11");
  assert_contains (out, "By type:      jpeg 10, other 2, png 2");
  assert_contains (out, "access times kept");
  assert_contains (out, "chain intact");
  assert_contains (out, "Download/truncated.jpg\tcorrupt\t");
}

static void
test_audit (void)
{
  g_autofree char *case_path = ingested_case ("audit.scrim");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "audit", case_path, NULL), ==, 0);
  assert_contains (out, "\tTest Examiner\tcase-created\t");
  assert_contains (out, "\tingest-started\t");
  assert_contains (out, "\tingest-finished\t");
  assert_contains (out, "\"files_written\":14");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "audit", "--verify", case_path, NULL), ==, 0);
  assert_contains (out, "3 entries");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (sqlite3_open (case_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE audit SET entry = replace (entry, 'Test Examiner', 'Someone Else') "
                                     "WHERE seq = 2;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "audit", "--verify", case_path, NULL), ==, 1);
  assert_contains (err, "audit entry 2 was altered");
}

/* Adding a source to an existing case, with resume semantics. */
static void
test_second_run_resumes (void)
{
  g_autofree char *case_path = ingested_case ("resume.scrim");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "ingest", "--exhibit", "PHONE-1", case_path,
                                         evidence, NULL), ==, 0);
  assert_contains (out, "Ingested 0 files");
  assert_contains (out, "14 already in the case");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "ingest", "--exhibit", "PHONE-2", case_path,
                                         evidence, NULL), ==, 1);
  assert_contains (err, "already in the case as exhibit PHONE-1");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "ingest", "--case-number", "9999", case_path,
                                         evidence, NULL), ==, 1);
  assert_contains (err, "case number 2026-0001, not 9999");
}

/* A case inside the evidence would be a write into the evidence: refused
 * before anything is created, whichever way the path is spelt. */
static void
test_case_inside_evidence (void)
{
  g_autofree char *inside = g_build_filename (evidence, "Documents", "case.scrim", NULL);
  g_autofree char *dotted = g_build_filename (evidence, "..", "evidence", "c2.scrim", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "ingest", inside, evidence, NULL), ==, 1);
  assert_contains (err, "inside the evidence");
  g_assert_false (g_file_test (inside, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "ingest", dotted, evidence, NULL), ==, 1);
  g_assert_false (g_file_test (dotted, G_FILE_TEST_EXISTS));
}

/* Big files (a disk dump, a video, an image too big to hold) are hashed
 * through a small window: the peak memory of the ingest stays far below
 * their size. Sparse files keep the test quick. */
static void
test_bounded_memory (void)
{
  g_autofree char *dir = tmp_path ("big-files");
  g_autofree char *dump = g_build_filename (dir, "disk.dd", NULL);
  g_autofree char *video = g_build_filename (dir, "clip.mp4", NULL);
  g_autofree char *huge = g_build_filename (dir, "huge.jpg", NULL);
  g_autofree char *case_path = tmp_path ("big.scrim");
  g_autofree char *tsv = NULL;
  const char *argv[] = { scrim_test_scrim_bin (), "ingest", "--quiet", case_path, dir, NULL };
  g_autoptr(GError) error = NULL;
  struct rusage usage;
  GPid pid = 0;
  int status = 0;

  scrim_test_write_text (dump, "");
  scrim_test_write_text (video, "a video, as far as the hash cares");
  scrim_test_write_text (huge, "\xff\xd8\xff\xe0");
  g_assert_cmpint (truncate (dump, (off_t) 1536 * 1024 * 1024), ==, 0);
  g_assert_cmpint (truncate (video, (off_t) 200 * 1024 * 1024), ==, 0);
  g_assert_cmpint (truncate (huge, (off_t) 300 * 1024 * 1024), ==, 0);

  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wait4 (pid, &status, 0, &usage), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_test_message ("peak RSS ingesting 1.7 GB of big files: %ld MB", usage.ru_maxrss / 1024);
  g_assert_cmpint (usage.ru_maxrss, <, 160 * 1024);

  tsv = scrim_test_files_tsv (case_path);
  assert_contains (tsv, "\tdisk.dd\t1610612736\t");
  assert_contains (tsv, "\tother\tnot-image\t");
  assert_contains (tsv, "\tjpeg\ttoo-large\t");
}

static void
write_pixels (const char        *dir,
              const char        *name,
              const ScrimPixels *pixels,
              int                quality)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = scrim_jpeg_encode (pixels, quality, NULL, &error);

  g_assert_no_error (error);
  scrim_test_write_bytes (path, jpeg);
}

/* A photo-like image with its mirrored, rotated, recompressed and
 * half-size copies, and an unrelated image. */
static char *
make_variants (void)
{
  char *dir = tmp_path ("variants");
  g_autoptr(ScrimPixels) base = scrim_synth_draw (SCRIM_SYNTH_PHOTO, 77, 800, 600, "DEMO A 01");
  g_autoptr(ScrimPixels) mirror = scrim_pixels_orient (base, 2);
  g_autoptr(ScrimPixels) rotated = scrim_pixels_orient (base, 8);
  g_autoptr(ScrimPixels) half = scrim_pixels_scale_to_fit (base, 400);
  g_autoptr(ScrimPixels) other = scrim_synth_draw (SCRIM_SYNTH_PATTERN, 5, 800, 600, "OTHER");

  write_pixels (dir, "base.jpg", base, 92);
  write_pixels (dir, "copies/mirror.jpg", mirror, 92);
  write_pixels (dir, "copies/rotated.jpg", rotated, 92);
  write_pixels (dir, "copies/recompressed.jpg", base, 50);
  write_pixels (dir, "copies/half.jpg", half, 85);
  write_pixels (dir, "other.jpg", other, 92);
  return dir;
}

static GHashTable *
similar_rows (const char *case_path,
              const char *query,
              const char *distance)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (scrim_test_run_scrim (&out, &err, "similar", "--distance", distance, case_path, query, NULL) != 0)
    g_error ("similar failed: %s", err);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "distance\tvariant\tquality\tsha256\tsource\tpath");
  for (guint i = 1; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], "\t", -1);

      g_assert_cmpuint (g_strv_length (f), ==, 6);
      g_hash_table_insert (rows, g_strdup (f[5]), g_strdup_printf ("%s %s", f[1], f[0]));
    }
  return rows;
}

static int
distance_of (GHashTable *rows,
             const char *path)
{
  const char *row = g_hash_table_lookup (rows, path);

  if (row == NULL)
    return -1;
  return atoi (strchr (row, ' ') + 1);
}

static void
test_pdq_and_similar (void)
{
  g_autofree char *dir = make_variants ();
  g_autofree char *case_path = tmp_path ("similar.scrim");
  g_autofree char *base = g_build_filename (dir, "base.jpg", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *tsv = NULL;
  g_autoptr(GHashTable) rows = NULL;
  g_auto(GStrv) fields = NULL;
  g_autofree char *sha = NULL;

  g_assert_cmpint (scrim_test_run_scrim (NULL, NULL, "ingest", "--quiet", case_path, dir, NULL), ==, 0);

  /* scrim pdq gives the hash the ingest stored. */
  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "pdq", base, NULL), ==, 0);
  fields = g_strsplit (out, "\t", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 3);
  g_assert_cmpuint (strlen (fields[0]), ==, 64);
  tsv = scrim_test_files_tsv (case_path);
  {
    g_autofree char *needle = g_strdup_printf ("\t%s\t%s\t", fields[0], fields[1]);

    assert_contains (tsv, needle);
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "pdq", "--dihedral", base, NULL), ==, 0);
  g_strfreev (fields);
  fields = g_strsplit (out, "\t", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 10);

  /* By file: every copy within 31, the mirror and the rotation through
   * their variants, the unrelated image not at all. */
  rows = similar_rows (case_path, base, "31");
  g_assert_cmpint (distance_of (rows, "base.jpg"), ==, 0);
  g_assert_cmpint (distance_of (rows, "copies/recompressed.jpg"), <=, 10);
  g_assert_cmpint (distance_of (rows, "copies/half.jpg"), <=, 20);
  g_assert_cmpint (distance_of (rows, "copies/mirror.jpg"), >=, 0);
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (rows, "copies/mirror.jpg"), "flipy_mirror "));
  g_assert_cmpint (distance_of (rows, "copies/rotated.jpg"), >=, 0);
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (rows, "copies/rotated.jpg"), "rot"));
  g_assert_cmpint (distance_of (rows, "other.jpg"), ==, -1);
  g_clear_pointer (&rows, g_hash_table_unref);

  /* By SHA-256 of the image in the case: the same answer. */
  {
    g_autofree char *contents = NULL;
    gsize len = 0;

    g_assert_true (g_file_get_contents (base, &contents, &len, NULL));
    sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *) contents, len);
  }
  rows = similar_rows (case_path, sha, "31");
  g_assert_cmpint (distance_of (rows, "copies/mirror.jpg"), >=, 0);
  g_assert_cmpint (distance_of (rows, "copies/rotated.jpg"), >=, 0);
  g_assert_cmpint (distance_of (rows, "other.jpg"), ==, -1);
  g_clear_pointer (&rows, g_hash_table_unref);

  /* Distance 0: the image itself, and only the copies whose hash (or one
   * of the query's variants) is identical; the half-size copy is not. */
  rows = similar_rows (case_path, sha, "0");
  g_assert_cmpint (distance_of (rows, "base.jpg"), ==, 0);
  g_assert_cmpint (distance_of (rows, "copies/half.jpg"), ==, -1);
  g_assert_cmpint (distance_of (rows, "other.jpg"), ==, -1);
  {
    GHashTableIter iter;
    gpointer path;

    g_hash_table_iter_init (&iter, rows);
    while (g_hash_table_iter_next (&iter, &path, NULL))
      g_assert_cmpint (distance_of (rows, path), ==, 0);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmp = scrim_test_mkdtemp ("cli");
  evidence = g_build_filename (tmp, "evidence", NULL);
  scrim_test_make_evidence (evidence, 10, 21);

  g_test_add_func ("/cli/help-and-version", test_help_and_version);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/exhibit-count", test_exhibit_count);
  g_test_add_func ("/cli/failures", test_failures);
  g_test_add_func ("/cli/files-tsv", test_files_tsv);
  g_test_add_func ("/cli/files-jsonl", test_files_jsonl);
  g_test_add_func ("/cli/info", test_info);
  g_test_add_func ("/cli/audit", test_audit);
  g_test_add_func ("/cli/second-run-resumes", test_second_run_resumes);
  g_test_add_func ("/cli/bounded-memory", test_bounded_memory);
  g_test_add_func ("/cli/case-inside-evidence", test_case_inside_evidence);
  g_test_add_func ("/cli/pdq-and-similar", test_pdq_and_similar);
  return g_test_run ();
}
