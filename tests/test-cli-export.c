/* test-cli-export.c: VICS, hash sets, tables, the HTML report, sub-cases
 * and the audit log export, end to end through `scrim export`
 *
 * The case is the synthetic phone of scrim-group-fixture.c (matched with
 * series, groups, a queue), plus a second source holding a file whose
 * name and EXIF carry commas, quotes, tabs and line breaks. Some images
 * are graded, tagged and annotated through the review API.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "scrim-case-private.h"
#include "scrim-export-private.h"
#include "scrim-group-fixture.h"
#include "scrim-test-util.h"

#define NASTY_NAME "odd, \"quoted\"\n\tname.jpg"
#define NASTY_MAKE "Make, \"Q\"\nline\ttab"
/* A formula as a suspect could plant it: CSV guards it, TSV and JSONL keep it. */
#define NASTY_NOTE "=1+1 seen, \"twice\"\nsecond line\twith tab"

static ScrimGroupFixture *fx;
static char *tmp;
static char *nasty_dir;

#define assert_contains(haystack, needle) \
  G_STMT_START { \
    if (strstr ((haystack), (needle)) == NULL) \
      g_error ("expected “%s” in:\n%s", (needle), (haystack)); \
  } G_STMT_END

/* ---- the case ---- */

static gint64
item_by_path (ScrimCase  *scase,
              const char *path)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_scrim_case_get_db (scase), "SELECT item_id FROM file WHERE path = ?1;",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, path, strlen (path), SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
grade (ScrimCase  *scase,
       const char *path,
       ScrimGrade  g)
{
  gint64 id = item_by_path (scase, path);
  g_autoptr(GError) error = NULL;

  g_assert_true (scrim_review_grade (scase, &id, 1, g, NULL, &error));
  g_assert_no_error (error);
}

static void
make_case (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimCase) scase = NULL;
  g_autoptr(ScrimIngest) ingest = NULL;
  g_autofree char *nasty = NULL;
  g_autoptr(ScrimExif) exif = scrim_exif_new ();
  gint64 id;

  fx = scrim_group_fixture_new (tmp, &error);
  g_assert_no_error (error);
  g_assert_true (scrim_group_fixture_build_case (fx, &error));
  g_assert_no_error (error);

  nasty_dir = g_build_filename (tmp, "card", NULL);
  nasty = g_build_filename (nasty_dir, NASTY_NAME, NULL);
  exif->make = g_strdup (NASTY_MAKE);
  exif->model = g_strdup ("Model");
  scrim_test_write_jpeg (nasty, 200, 150, 4242, exif);

  scase = scrim_case_open (fx->case_path, SCRIM_CASE_OPEN_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  ingest = scrim_ingest_new (scase);
  scrim_ingest_set_jobs (ingest, 1);
  g_assert_true (scrim_ingest_add_source (ingest, nasty_dir, "CARD-2", &error));
  g_assert_true (scrim_ingest_run (ingest, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (scrim_case_group (scase, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  grade (scase, "DCIM/Camera/IMG_20260304_100000.jpg", SCRIM_GRADE_ABUSE);
  grade (scase, "DCIM/Camera/IMG_20260304_100500.jpg", SCRIM_GRADE_ABUSE);
  grade (scase, "DCIM/Camera/IMG_20260304_101500.jpg", SCRIM_GRADE_EXPLOITIVE);
  grade (scase, "DCIM/Camera/IMG_20250115_093012.jpg", SCRIM_GRADE_NON_PERTINENT);
  grade (scase, "DCIM/Camera/IMG_20250302_151500.jpg", SCRIM_GRADE_REVIEWED);
  /* Listed as exploitive, graded abuse: the analyst wins. */
  grade (scase, "Download/picture-17.jpg", SCRIM_GRADE_ABUSE);
  id = item_by_path (scase, NASTY_NAME);
  g_assert_true (scrim_review_add_note (scase, id, NASTY_NOTE, &error));
  g_assert_true (scrim_review_add_tag (scase, &id, 1, "tag,with comma", &error));
  g_assert_no_error (error);
}

/* ---- helpers ---- */

/* Runs `scrim ARGS…` with its standard output discarded (it must not mix
 * with TAP), standard error into *err when given. */
static int
run_quiet (char       **err,
           const char  *first,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  va_list ap;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  return scrim_test_run_scrimv ((const char * const *) argv->pdata, &out, err);
}

static char *
out_path (const char *name)
{
  return g_build_filename (tmp, "out", name, NULL);
}

/* Runs `scrim export CASE --format F --output tmp/out/NAME ARGS…` and
 * returns the output's contents; checks the audit entry and SHA-256. */
static char *
export_ok (const char  *format,
           const char  *name,
           gsize       *len_out,
           const char  *first,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *output = out_path (name);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *audit = NULL;
  g_autofree char *sha = NULL;
  char *contents = NULL;
  gsize len = 0;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) "export");
  g_ptr_array_add (argv, (gpointer) "--format");
  g_ptr_array_add (argv, (gpointer) format);
  g_ptr_array_add (argv, (gpointer) "--output");
  g_ptr_array_add (argv, output);
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, fx->case_path);
  g_ptr_array_add (argv, NULL);
  if (scrim_test_run_scrimv ((const char * const *) argv->pdata, &out, &err) != 0)
    g_error ("export %s failed: %s", format, err);
  g_assert_true (g_file_get_contents (output, &contents, &len, NULL));
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *) contents, len);
  g_assert_cmpint (scrim_test_run_scrim (&audit, NULL, "audit", fx->case_path, NULL), ==, 0);
  assert_contains (audit, sha);
  if (len_out)
    *len_out = len;
  return contents;
}

static GPtrArray *
lines_of (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_ptr_array_add (out, g_strdup (lines[i]));
  return out;
}

/* Expected class per item: the grade (0-4) wins, else the worst class the
 * lists said; for the items of a selection SQL. */
static GHashTable *
expected_classes (const char *select_sql)
{
  static const char * const grade_class[] = { "non-pertinent", "abuse", "exploitive", "cgi", "comparison" };
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimCase) scase = scrim_case_open (fx->case_path, SCRIM_CASE_OPEN_READ_ONLY, NULL, &error);
  g_autofree char *sql = g_strdup_printf ("SELECT i.sha256, g.grade, c.class FROM item i "
                                          "LEFT JOIN grade g ON g.item_id = i.id "
                                          "LEFT JOIN item_category c ON c.item_id = i.id WHERE i.id IN (%s);",
                                          select_sql);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (_scrim_case_get_db (scase), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *sha = scrim_hex_encode (sqlite3_column_blob (stmt, 0), 32);
      int g = sqlite3_column_type (stmt, 1) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 1);
      const char *klass = (const char *) sqlite3_column_text (stmt, 2);
      const char *expect;

      if (g >= 0 && g <= 4)
        expect = grade_class[g];
      else
        expect = klass ? scrim_class_to_string (_scrim_export_worst_class (klass)) : "uncategorised";
      g_hash_table_insert (out, g_steal_pointer (&sha), g_strdup (expect));
    }
  return out;
}

/* Imports the list into a fresh library, matches a copy of the case
 * against it, and returns SHA-256 -> class of every matched content. */
static GHashTable *
round_trip (const char      *list_path,
            ScrimListFormat  format,
            ScrimListKind    kind,
            const char      *name)
{
  g_autofree char *lib_path = g_strdup_printf ("%s/lib-%s.db", tmp, name);
  g_autofree char *copy_path = g_strdup_printf ("%s/copy-%s.scrim", tmp, name);
  g_autoptr(GFile) from = g_file_new_for_path (fx->case_path);
  g_autoptr(GFile) to = g_file_new_for_path (copy_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimLibrary) library = NULL;
  g_autoptr(ScrimCase) copy = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *files[] = { list_path, NULL };
  ScrimImportOptions options = { format, kind, TRUE, NULL, NULL, TRUE, "test" };
  ScrimImportReport report = { 0 };
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  library = scrim_library_open (lib_path, &error);
  g_assert_no_error (error);
  if (!scrim_library_import (library, name, files, &options, &report, NULL, &error))
    g_error ("import of %s failed: %s", name, error->message);
  g_assert_cmpuint (report.problems, ==, 0);
  scrim_import_report_clear (&report);
  copy = scrim_case_open (copy_path, SCRIM_CASE_OPEN_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (scrim_match_case (copy, library, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (_scrim_case_get_db (copy), "SELECT i.sha256, c.class FROM item_category c "
                                       "JOIN item i ON i.id = c.item_id;", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (out, scrim_hex_encode (sqlite3_column_blob (stmt, 0), 32),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  return out;
}

static void
assert_same_classes (GHashTable *expected,
                     GHashTable *got,
                     gboolean    exact)
{
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (g_hash_table_size (expected), >, 0);
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *class_got = g_hash_table_lookup (got, key);

      if (g_strcmp0 (class_got, value) != 0)
        g_error ("content %s: expected class %s after the round trip, got %s", (char *) key, (char *) value,
                 class_got ? class_got : "(no match)");
    }
  if (exact)
    g_assert_cmpuint (g_hash_table_size (got), ==, g_hash_table_size (expected));
}

#define SELECT_GRADED "SELECT item_id FROM grade WHERE grade BETWEEN 0 AND 4"
#define SELECT_GRADE1 "SELECT item_id FROM grade WHERE grade = 1"
#define SELECT_VICS   SELECT_GRADED " UNION SELECT item_id FROM item_category"

/* ---- the audit log ---- */

static int
run_verifier (const char *path,
              char      **out)
{
  g_autofree char *python = g_find_program_in_path ("python3");
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "verify-audit.py", NULL);
  const char *argv[] = { python, script, path, NULL };
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_assert_nonnull (python);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_STDERR_TO_DEV_NULL | (out ? 0 : G_SPAWN_STDOUT_TO_DEV_NULL), NULL, NULL, out, NULL,
                               &status, &error));
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}

static void
edit_and_check (const char *text,
                guint       line,
                const char *from,
                const char *to,
                const char *name)
{
  g_autoptr(GPtrArray) lines = lines_of (text);
  g_autofree char *path = out_path (name);
  char *l = g_ptr_array_index (lines, line);
  char *at = strstr (l, from);
  g_autoptr(GString) edited = g_string_new (NULL);

  g_assert_nonnull (at);
  for (guint i = 0; i < lines->len; i++)
    {
      if (i == line)
        {
          g_string_append_len (edited, l, at - l);
          g_string_append (edited, to);
          g_string_append (edited, at + strlen (from));
        }
      else
        g_string_append (edited, g_ptr_array_index (lines, i));
      g_string_append_c (edited, '\n');
    }
  g_assert_true (g_file_set_contents (path, edited->str, edited->len, NULL));
  g_assert_cmpint (run_verifier (path, NULL), !=, 0);
}

static void
test_audit_export (void)
{
  g_autofree char *output = out_path ("audit.jsonl");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *verified = NULL;
  g_autofree char *cli_verify = NULL;
  g_autofree char *text = NULL;
  g_autofree char *head_line = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  gsize len = 0;

  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "audit", fx->case_path, "--export", output, NULL), ==, 0);
  g_assert_true (g_file_get_contents (output, &text, &len, NULL));
  lines = lines_of (text);
  g_assert_cmpuint (lines->len, >, 5);

  /* The independent verifier agrees with Scrim on the count and head. */
  g_assert_cmpint (run_verifier (output, &verified), ==, 0);
  head_line = g_strdup_printf ("ok %u ", lines->len);
  g_assert_true (g_str_has_prefix (verified, head_line));
  g_strchomp (verified);
  assert_contains (out, verified + strlen (head_line));

  /* The export is in the log, with the SHA-256 of the file; the log
   * still verifies, one entry longer. */
  {
    g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *) text, len);
    g_autofree char *audit = NULL;

    g_assert_cmpint (scrim_test_run_scrim (&audit, NULL, "audit", fx->case_path, NULL), ==, 0);
    assert_contains (audit, sha);
    assert_contains (audit, "\"format\":\"audit\"");
    g_assert_cmpint (scrim_test_run_scrim (&cli_verify, NULL, "audit", "--verify", fx->case_path, NULL), ==, 0);
  }

  /* Any edit is caught: a detail, a hash, a sequence number, a line gone. */
  edit_and_check (text, 1, "\\\"examiner\\\":\\\"", "\\\"examiner\\\":\\\"X", "edit-examiner.jsonl");
  edit_and_check (text, 2, "\"hash\":\"", "\"hash\":\"0", "edit-hash.jsonl");
  edit_and_check (text, 0, "\"seq\":1,", "\"seq\":2,", "edit-seq.jsonl");
  {
    g_autofree char *path = out_path ("drop-line.jsonl");
    const char *second = strchr (text, '\n') + 1;
    const char *third = strchr (second, '\n') + 1;
    g_autofree char *first = g_strndup (text, second - text);
    g_autofree char *dropped = g_strconcat (first, third, NULL);

    g_assert_true (g_file_set_contents (path, dropped, -1, NULL));
    g_assert_cmpint (run_verifier (path, NULL), !=, 0);
  }

  /* Without --force an existing file is left alone; with it, replaced. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_quiet (&err, "audit", fx->case_path, "--export", output, NULL), !=, 0);
  {
    g_autofree char *again = NULL;

    g_assert_true (g_file_get_contents (output, &again, NULL, NULL));
    g_assert_cmpstr (again, ==, text);
    g_assert_cmpint (run_quiet (NULL, "audit", fx->case_path, "--export", output, "--force",
                                           NULL), ==, 0);
    g_clear_pointer (&again, g_free);
    g_assert_true (g_file_get_contents (output, &again, NULL, NULL));
    g_assert_cmpstr (again, !=, text);
    g_assert_cmpint (run_verifier (output, NULL), ==, 0);
  }
}

/* ---- where exports may go ---- */

static guint
count_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
test_refusals (void)
{
  g_autofree char *into_evidence = g_build_filename (fx->evidence, "DCIM", "report.csv", NULL);
  g_autofree char *existing = g_build_filename (tmp, "refuse", "existing.csv", NULL);
  g_autofree char *refuse_dir = g_build_filename (tmp, "refuse", NULL);
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  guint before = count_dir (fx->evidence);

  g_assert_cmpint (run_quiet (&err, "export", "--format", "csv", "--output", into_evidence,
                                         fx->case_path, NULL), ==, 1);
  assert_contains (err, "evidence");
  g_assert_false (g_file_test (into_evidence, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_dir (fx->evidence), ==, before);
  g_clear_pointer (&err, g_free);

  /* Not even with --force, and not over the case itself. */
  g_assert_cmpint (run_quiet (&err, "export", "--format", "csv", "--force", "--output",
                                         into_evidence, fx->case_path, NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_quiet (&err, "export", "--format", "csv", "--force", "--output",
                                         fx->case_path, fx->case_path, NULL), ==, 1);
  assert_contains (err, "case itself");
  g_clear_pointer (&err, g_free);

  /* An existing file stays as it was without --force (GeoJSON too). */
  scrim_test_write_text (existing, "keep me\n");
  for (guint i = 0; i < 2; i++)
    {
      const char *format = i ? "geojson" : "csv";

      g_assert_cmpint (run_quiet (&err, "export", "--format", format, "--output", existing,
                                             fx->case_path, NULL), ==, 1);
      assert_contains (err, "--force");
      g_clear_pointer (&err, g_free);
      g_assert_true (g_file_get_contents (existing, &contents, NULL, NULL));
      g_assert_cmpstr (contents, ==, "keep me\n");
      g_clear_pointer (&contents, g_free);
    }
  g_assert_cmpint (run_quiet (NULL, "export", "--format", "csv", "--force", "--output", existing,
                                         fx->case_path, NULL), ==, 0);
  g_assert_true (g_file_get_contents (existing, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "source,path,"));
  /* No temporary file is left behind, failed or not. */
  g_assert_cmpuint (count_dir (refuse_dir), ==, 1);

  /* A failing selection writes nothing at all. */
  {
    g_autofree char *bad = g_build_filename (refuse_dir, "bad.csv", NULL);

    g_assert_cmpint (run_quiet (&err, "export", "--format", "csv", "--select", "nonsense",
                                           "--output", bad, fx->case_path, NULL), ==, 1);
    assert_contains (err, "nonsense");
    g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
    g_assert_cmpuint (count_dir (refuse_dir), ==, 1);
  }
}

/* ---- tables ---- */

/* An RFC 4180 parser: rows of fields. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          for (p++; *p != '\0'; p++)
            {
              if (*p == '"' && p[1] == '"')
                g_string_append_c (field, *p++);
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                g_string_append_c (field, *p);
            }
        }
      while (*p != '\0' && *p != ',' && *p != '\r' && *p != '\n')
        {
          g_assert_cmpint (*p, !=, '"');
          g_string_append_c (field, *p++);
        }
      g_ptr_array_add (row, g_string_free (g_steal_pointer (&field), FALSE));
      field = g_string_new (NULL);
      if (*p == ',')
        {
          p++;
          continue;
        }
      g_assert_true (*p == '\0' || (p[0] == '\r' && p[1] == '\n'));
      if (*p != '\0')
        p += 2;
      g_ptr_array_add (row, NULL);
      g_ptr_array_add (rows, g_ptr_array_steal (row, NULL));
      row = g_ptr_array_new_with_free_func (g_free);
    }
  g_string_free (field, TRUE);
  return rows;
}

static void
test_tables (void)
{
  g_autofree char *csv = export_ok ("csv", "files.csv", NULL, NULL);
  g_autofree char *tsv = export_ok ("tsv", "files.tsv", NULL, NULL);
  g_autofree char *jsonl = export_ok ("jsonl", "files.jsonl", NULL, NULL);
  g_autofree char *files_tsv = scrim_test_files_tsv (fx->case_path);
  g_autoptr(GPtrArray) rows = parse_csv (csv);
  g_autoptr(GPtrArray) tsv_lines = lines_of (tsv);
  g_autoptr(GPtrArray) files_lines = lines_of (files_tsv);
  g_autoptr(GPtrArray) json_lines = lines_of (jsonl);
  char **header = g_ptr_array_index (rows, 0);
  guint n_columns = g_strv_length (header);
  gboolean seen_nasty = FALSE;

  /* Every file, every column of `scrim files`, then the review. */
  g_assert_cmpuint (rows->len, ==, files_lines->len);
  g_assert_cmpuint (tsv_lines->len, ==, files_lines->len);
  g_assert_cmpuint (json_lines->len, ==, files_lines->len - 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (tsv_lines, 0), g_ptr_array_index (files_lines, 0)));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (tsv_lines, 0), "\tgrade\ttags\tnotes"));
  g_assert_cmpstr (header[n_columns - 1], ==, "notes");

  for (guint r = 1; r < rows->len; r++)
    {
      char **fields = g_ptr_array_index (rows, r);
      g_auto(GStrv) tsv_fields = g_strsplit (g_ptr_array_index (tsv_lines, r), "\t", -1);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;

      /* The same values in CSV and TSV (after undoing TSV's escapes). */
      g_assert_cmpuint (g_strv_length (fields), ==, n_columns);
      g_assert_cmpuint (g_strv_length (tsv_fields), ==, n_columns);
      for (guint c = 0; c < n_columns; c++)
        {
          g_autoptr(GString) value = scrim_test_unescape (tsv_fields[c]);

          /* CSV alone guards text a spreadsheet would run as a formula. */
          if (value->len > 0 && strchr ("=+@", value->str[0]) != NULL)
            g_string_prepend_c (value, '\'');
          g_assert_cmpstr (fields[c], ==, value->str);
        }
      g_assert_true (json_parser_load_from_data (parser, g_ptr_array_index (json_lines, r - 1), -1, NULL));
      object = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpstr (json_object_get_string_member (object, "path"), ==, fields[1]);
      if (g_strcmp0 (fields[1], NASTY_NAME) == 0)
        {
          seen_nasty = TRUE;
          g_assert_cmpstr (fields[0], ==, "CARD-2");
          g_assert_cmpstr (fields[10], ==, NASTY_MAKE);
          g_assert_cmpstr (fields[n_columns - 2], ==, "tag,with comma");
          g_assert_cmpstr (fields[n_columns - 1], ==, "'" NASTY_NOTE);
          g_assert_cmpstr (json_object_get_string_member (object, "notes"), ==, NASTY_NOTE);
          g_assert_cmpstr (json_object_get_string_member (object, "exif_make"), ==, NASTY_MAKE);
        }
      if (g_str_has_suffix (fields[1], "IMG_20260304_101500.jpg"))
        g_assert_cmpstr (fields[n_columns - 3], ==, "2");
    }
  g_assert_true (seen_nasty);

  /* A selection keeps only its files. */
  {
    g_autofree char *graded = export_ok ("csv", "graded.csv", NULL, "--select", "graded", NULL);
    g_autoptr(GPtrArray) graded_rows = parse_csv (graded);

    /* Five graded 0-4, one of them with two locations? No: one each. */
    g_assert_cmpuint (graded_rows->len, ==, 1 + 5);
  }
}

/* ---- hash sets ---- */

static void
test_hashsets (void)
{
  g_autoptr(GHashTable) graded = expected_classes (SELECT_GRADED);
  g_autoptr(GHashTable) grade1 = expected_classes (SELECT_GRADE1);
  static const char * const formats[] = { "hashdeep", "md5sum", "pdq" };

  /* VICS Media: the categories travel with the hashes. */
  {
    g_autofree char *text = export_ok ("vics-media", "graded.json", NULL, NULL);
    g_autofree char *path = out_path ("graded.json");
    g_autoptr(GHashTable) got = round_trip (path, SCRIM_LIST_FORMAT_AUTO, SCRIM_LIST_KIND_KNOWN_BAD, "vics-media");

    assert_contains (text, "$metadata#Media");
    g_assert_null (strstr (text, "MediaFiles"));
    assert_same_classes (graded, got, TRUE);
  }

  /* The others carry hashes only: one set per grade, imported as alerts. */
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strdup_printf ("grade1.%s", formats[i]);
      g_autofree char *path = out_path (name);
      g_autofree char *text = export_ok (formats[i], name, NULL, "--select", "grade:1", NULL);
      g_autoptr(GHashTable) got = round_trip (path, SCRIM_LIST_FORMAT_AUTO, SCRIM_LIST_KIND_ALERT, formats[i]);

      /* Exact hashes match exactly those; PDQ finds them (and may find
       * their near-duplicates too). */
      assert_same_classes (grade1, got, i < 2);
      if (i == 0)
        g_assert_true (g_str_has_prefix (text, "%%%% HASHDEEP-1.0\n%%%% size,md5,sha1,sha256,filename\n"));
    }
}

/* ---- VICS ---- */

/* An array member (GType has no constant for it). */
#define G_TYPE_ARRAY_MARK G_TYPE_POINTER

typedef struct
{
  const char *name;
  GType       type;     /* G_TYPE_NONE: null allowed too */
  gboolean    nullable;
} Field;

static void
check_fields (JsonObject  *object,
              const Field *fields,
              guint        n,
              const char  *what)
{
  g_autoptr(GList) members = json_object_get_members (object);

  /* Every key is one of the VICS 2.0 fields of shared/specs/hash-lists.md. */
  for (GList *l = members; l != NULL; l = l->next)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < n && !known; i++)
        known = strcmp (l->data, fields[i].name) == 0;
      if (!known)
        g_error ("%s: “%s” is not a VICS 2.0 field", what, (char *) l->data);
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_object_get_member (object, fields[i].name);

      if (node == NULL)
        continue;
      if (JSON_NODE_HOLDS_NULL (node))
        {
          if (!fields[i].nullable)
            g_error ("%s: %s is null", what, fields[i].name);
          continue;
        }
      if (fields[i].type == G_TYPE_ARRAY_MARK)
        g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
      else
        {
          g_assert_true (JSON_NODE_HOLDS_VALUE (node));
          if (json_node_get_value_type (node) != fields[i].type)
            g_error ("%s: %s is a %s, not a %s", what, fields[i].name,
                     g_type_name (json_node_get_value_type (node)), g_type_name (fields[i].type));
        }
    }
}

static const Field case_fields[] = {
  { "CaseID", G_TYPE_STRING }, { "CaseNumber", G_TYPE_STRING }, { "ContactName", G_TYPE_STRING },
  { "ContactTitle", G_TYPE_STRING }, { "ContactPhone", G_TYPE_STRING }, { "ContactEmail", G_TYPE_STRING },
  { "ContactOrganization", G_TYPE_STRING }, { "SourceApplicationName", G_TYPE_STRING },
  { "SourceApplicationVersion", G_TYPE_STRING }, { "SeizureDate", G_TYPE_STRING, TRUE },
  { "TotalMediaFiles", G_TYPE_INT64 }, { "TotalPrecategorized", G_TYPE_INT64 }, { "Media", G_TYPE_ARRAY_MARK },
};

static const Field media_fields[] = {
  { "MediaID", G_TYPE_INT64 }, { "Category", G_TYPE_INT64, TRUE }, { "MD5", G_TYPE_STRING },
  { "SHA1", G_TYPE_STRING }, { "PhotoDNA", G_TYPE_STRING }, { "AlternativeHashes", G_TYPE_ARRAY_MARK },
  { "MediaSize", G_TYPE_INT64 }, { "DateUpdated", G_TYPE_STRING }, { "IsPrecategorized", G_TYPE_BOOLEAN },
  { "PrecategorizationSource", G_TYPE_STRING }, { "IsSuspected", G_TYPE_BOOLEAN },
  { "VictimIdentified", G_TYPE_BOOLEAN, TRUE }, { "OffenderIdentified", G_TYPE_BOOLEAN, TRUE },
  { "IsDistributed", G_TYPE_BOOLEAN, TRUE }, { "Series", G_TYPE_STRING, TRUE }, { "Tags", G_TYPE_STRING },
  { "Comments", G_TYPE_STRING }, { "RelativeFilePath", G_TYPE_STRING }, { "MimeType", G_TYPE_STRING },
  { "MediaFiles", G_TYPE_ARRAY_MARK },
};

static const Field file_fields[] = {
  { "MD5", G_TYPE_STRING }, { "FileName", G_TYPE_STRING }, { "FilePath", G_TYPE_STRING },
  { "Created", G_TYPE_STRING, TRUE }, { "Written", G_TYPE_STRING, TRUE }, { "Accessed", G_TYPE_STRING, TRUE },
  { "Unallocated", G_TYPE_BOOLEAN }, { "Deleted", G_TYPE_BOOLEAN }, { "SourceID", G_TYPE_STRING },
  { "PhysicalLocation", G_TYPE_INT64 },
};

static void
check_media (JsonObject *media,
             const char *media_dir,
             guint      *n_files)
{
  JsonArray *files = json_object_get_array_member (media, "MediaFiles");
  const char *md5 = json_object_get_string_member (media, "MD5");
  const char *relative = json_object_get_string_member_with_default (media, "RelativeFilePath", NULL);
  JsonArray *alt = json_object_get_array_member (media, "AlternativeHashes");
  JsonObject *sha = json_array_get_object_element (alt, 0);

  check_fields (media, media_fields, G_N_ELEMENTS (media_fields), "Media");
  g_assert_cmpuint (strlen (md5), ==, 32);
  g_assert_cmpstr (json_object_get_string_member (sha, "HashName"), ==, "SHA256");
  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonObject *file = json_array_get_object_element (files, i);

      check_fields (file, file_fields, G_N_ELEMENTS (file_fields), "MediaFile");
      g_assert_cmpstr (json_object_get_string_member (file, "MD5"), ==, md5);
      g_assert_true (g_str_has_suffix (json_object_get_string_member (file, "FilePath"), "\\"));
      g_assert_null (strchr (json_object_get_string_member (file, "FilePath"), '/'));
      (*n_files)++;
    }
  /* The copy, named by hash beside the export, holds exactly the evidence. */
  g_assert_nonnull (relative);
  {
    g_autofree char *unix_path = g_strdelimit (g_strdup (relative), "\\", '/');
    g_autofree char *copy = g_build_filename (tmp, "out", unix_path, NULL);
    g_autofree char *bytes = NULL;
    g_autofree char *digest = NULL;
    gsize len = 0;

    g_assert_true (g_str_has_prefix (unix_path, "media/"));
    g_assert_true (g_file_get_contents (copy, &bytes, &len, NULL));
    digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *) bytes, len);
    g_assert_cmpstr (digest, ==, json_object_get_string_member (sha, "HashValue"));
    g_assert_true (g_str_has_prefix (unix_path + 6, digest));
  }
}

static void
test_vics (void)
{
  g_autoptr(GHashTable) expected = expected_classes (SELECT_VICS);
  g_autofree char *media_dir = out_path ("media");
  gsize len = 0;
  g_autofree char *text = export_ok ("vics", "case.json", &len, "--with-media", media_dir, NULL);
  g_autofree char *path = out_path ("case.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) got = NULL;
  JsonObject *root, *kase;
  JsonArray *media;
  guint n_files = 0;
  gboolean seen_series = FALSE, seen_override = FALSE;

  /* UTF-8 without a BOM, valid JSON, the 2.0 US Cases shape. */
  g_assert_cmpint (text[0], ==, '{');
  g_assert_true (g_utf8_validate (text, len, NULL));
  g_assert_true (json_parser_load_from_data (parser, text, len, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "@odata.context"), ==,
                   "http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/US/$metadata#Cases");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "value")), ==, 1);
  kase = json_array_get_object_element (json_object_get_array_member (root, "value"), 0);
  check_fields (kase, case_fields, G_N_ELEMENTS (case_fields), "Case");
  g_assert_cmpstr (json_object_get_string_member (kase, "CaseNumber"), ==, "FIXTURE-5");
  g_assert_cmpstr (json_object_get_string_member (kase, "SourceApplicationName"), ==, "Scrim");
  media = json_object_get_array_member (kase, "Media");
  g_assert_cmpuint (json_array_get_length (media), ==, g_hash_table_size (expected));
  for (guint i = 0; i < json_array_get_length (media); i++)
    {
      JsonObject *m = json_array_get_object_element (media, i);
      const char *series = json_object_get_string_member_with_default (m, "Series", NULL);

      check_media (m, media_dir, &n_files);
      g_assert_cmpint (json_object_get_int_member (m, "MediaID"), ==, i + 1);
      if (g_strcmp0 (series, "DEMO SERIES A,DEMO SERIES C") == 0)
        seen_series = TRUE;
      if (!json_object_get_boolean_member (m, "IsPrecategorized")
          && json_object_get_int_member (m, "Category") == 1
          && strstr (json_object_get_string_member_with_default (m, "PrecategorizationSource", ""), "") != NULL)
        seen_override = TRUE;
    }
  g_assert_true (seen_series);
  g_assert_true (seen_override);
  g_assert_cmpint (json_object_get_int_member (kase, "TotalMediaFiles"), ==, n_files);

  /* Scrim's importer reads it back to the same categories. */
  got = round_trip (path, SCRIM_LIST_FORMAT_AUTO, SCRIM_LIST_KIND_KNOWN_BAD, "vics");
  assert_same_classes (expected, got, TRUE);
}

/* ---- the HTML report ---- */

static ScrimPixels *
decode_jpeg (const char *b64)
{
  gsize len = 0;
  g_autofree guint8 *data = g_base64_decode (b64, &len);
  ScrimDecodeOptions options = { 0, 0 };
  ScrimDecodeResult result = { 0 };
  ScrimPixels *pixels;

  scrim_image_decode (data, len, &options, &result);
  g_assert_cmpint (result.status, ==, SCRIM_STATUS_OK);
  pixels = g_steal_pointer (&result.pixels);
  scrim_decode_result_clear (&result);
  return pixels;
}

static guint8
grey_at (const ScrimPixels *p,
         guint              x,
         guint              y)
{
  const guint8 *px = p->data + y * p->stride + x * p->channels;

  return p->channels < 3 ? px[0] : (guint8) ((299 * px[0] + 587 * px[1] + 114 * px[2] + 500) / 1000);
}

/* Detail: the mean absolute difference of horizontal neighbours (grey). */
static double
detail (const ScrimPixels *p)
{
  double sum = 0;

  for (guint y = 0; y < p->height; y++)
    for (guint x = 1; x < p->width; x++)
      sum += ABS ((int) grey_at (p, x, y) - (int) grey_at (p, x - 1, y));
  return sum / ((double) p->height * (p->width - 1));
}

static double
mean_difference (const ScrimPixels *a,
                 const ScrimPixels *b)
{
  double sum = 0;

  g_assert_cmpuint (a->width, ==, b->width);
  g_assert_cmpuint (a->height, ==, b->height);
  for (guint y = 0; y < a->height; y++)
    for (guint x = 0; x < a->width; x++)
      sum += ABS ((int) grey_at (a, x, y) - (int) grey_at (b, x, y));
  return sum / ((double) a->width * a->height);
}

static gboolean
is_grey (const ScrimPixels *p)
{
  if (p->channels < 3)
    return TRUE;
  for (guint y = 0; y < p->height; y++)
    for (guint x = 0; x < p->width; x++)
      {
        const guint8 *px = p->data + y * p->stride + x * p->channels;

        if (ABS (px[0] - px[1]) > 8 || ABS (px[1] - px[2]) > 8)
          return FALSE;
      }
  return TRUE;
}

/* Checks every embedded thumbnail of a report against the clear one in
 * the case; returns how many were embedded clear. */
static guint
check_report (const char *html,
              gboolean    unknown_clear)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimCase) scase = scrim_case_open (fx->case_path, SCRIM_CASE_OPEN_READ_ONLY, NULL, &error);
  g_autoptr(GRegex) regex = g_regex_new ("<img[^>]* data-sha256=\"([0-9a-f]{64})\" data-policy=\"(clear|blurred)\" "
                                         "src=\"data:image/jpeg;base64,([A-Za-z0-9+/=]+)\"", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  guint n = 0, n_clear = 0, n_matched = 0;

  g_assert_no_error (error);
  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "<link"));
  g_assert_null (strstr (html, "src=\"http"));
  assert_contains (html, "@media print");
  assert_contains (html, "FIXTURE-5");
  assert_contains (html, SCRIM_GROUP_FIXTURE_LIST_NAME);
  g_regex_match (regex, html, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL), n++)
    {
      g_autofree char *sha = g_match_info_fetch (match, 1);
      g_autofree char *policy = g_match_info_fetch (match, 2);
      g_autofree char *b64 = g_match_info_fetch (match, 3);
      g_autoptr(ScrimPixels) embedded = decode_jpeg (b64);
      g_autoptr(ScrimPixels) clear = NULL;
      g_autoptr(ScrimPixels) clear_small = NULL;
      g_autoptr(sqlite3_stmt) stmt = NULL;
      gboolean obscured;
      guint8 digest[32];
      gint64 id;

      g_assert_true (scrim_hex_decode (sha, digest, 32));
      g_assert_cmpint (sqlite3_prepare_v2 (_scrim_case_get_db (scase), "SELECT i.id, (c.class GLOB '*abuse*' OR "
                                           "c.class GLOB '*exploitive*' OR c.class GLOB '*cgi*' OR c.class GLOB "
                                           "'*comparison*' OR g.grade BETWEEN 1 AND 4) FROM item i LEFT JOIN "
                                           "item_category c ON c.item_id = i.id LEFT JOIN grade g ON g.item_id "
                                           "= i.id WHERE i.sha256 = ?1;", -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_blob (stmt, 1, digest, 32, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      id = sqlite3_column_int64 (stmt, 0);
      obscured = sqlite3_column_int (stmt, 1) == 1;
      clear = scrim_review_thumbnail (scase, id, &error);
      g_assert_no_error (error);
      clear_small = scrim_pixels_scale_to_fit (clear, MAX (embedded->width, embedded->height));

      if (obscured)
        {
          /* Never the clear pixels, nor anything near them: grey, and
           * almost none of the clear image's detail left. */
          n_matched++;
          g_assert_cmpstr (policy, ==, "blurred");
          g_assert_true (is_grey (embedded));
          g_assert_cmpfloat (mean_difference (embedded, clear_small), >, 0.5);
          if (detail (embedded) >= 0.2 * detail (clear_small) + 1.0)
            g_error ("content %s embedded with detail %.2f (clear: %.2f)", sha, detail (embedded),
                     detail (clear_small));
        }
      else if (g_str_equal (policy, "clear"))
        {
          n_clear++;
          g_assert_cmpfloat (detail (embedded), >=, 0.6 * detail (clear_small));
          g_assert_cmpfloat (mean_difference (embedded, clear_small), <, 4.0);
        }
      else
        {
          /* (JPEG's own noise is about one grey level on a flat image.) */
          g_assert_true (is_grey (embedded));
          g_assert_cmpfloat (detail (embedded), <, 0.2 * detail (clear_small) + 1.0);
        }
    }
  g_assert_cmpuint (n, >, 30);
  g_assert_cmpuint (n_matched, ==, 7);   /* 4 listed, 3 more graded 1-4 */
  /* Only what a list or an analyst called non-pertinent is clear by
   * default: known-ok.jpg and the one graded 0. */
  if (!unknown_clear)
    g_assert_cmpuint (n_clear, ==, 2);
  return n_clear;
}

static void
test_html (void)
{
  g_autofree char *blurred = export_ok ("html", "report.html", NULL, NULL);
  g_autofree char *clear = export_ok ("html", "report-clear.html", NULL, "--unknown", "clear", NULL);

  assert_contains (blurred, "DEMO SERIES B");   /* a group of the known series */
  assert_contains (blurred, "seen, &quot;twice&quot;<br>second line\\twith tab");
  assert_contains (blurred, "Possibly ongoing");
  check_report (blurred, FALSE);
  /* The check can tell clear from blurred: unknowns are clear here, and
   * matched material still is not. */
  g_assert_cmpuint (check_report (clear, TRUE), >, 20);
}

/* ---- sub-cases ---- */

static gint64
count_in (const char *case_path,
          const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimCase) scase = scrim_case_open (case_path, SCRIM_CASE_OPEN_READ_ONLY, NULL, &error);

  g_assert_no_error (error);
  return _scrim_db_query_int (_scrim_case_get_db (scase), sql, -1);
}

static void
test_subcase (void)
{
  g_autofree char *sub = out_path ("matched.scrim");
  g_autofree char *original_log = NULL;
  g_autofree char *sub_log = NULL;
  g_autofree char *verify = NULL;
  g_autofree char *files = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) original_lines = NULL;
  g_autoptr(GPtrArray) sub_lines = NULL;
  gint64 n_items = count_in (fx->case_path, "SELECT count(*) FROM item_category;");
  gint64 n_files = count_in (fx->case_path, "SELECT count(*) FROM file WHERE item_id IN "
                                            "(SELECT item_id FROM item_category);");
  gint64 n_matches = count_in (fx->case_path, "SELECT count(*) FROM match;");

  g_assert_cmpint (scrim_test_run_scrim (&original_log, NULL, "audit", fx->case_path, NULL), ==, 0);
  text = export_ok ("case", "matched.scrim", NULL, "--select", "matched", NULL);

  /* It opens, and its log (the case's, then one entry) verifies. */
  g_assert_cmpint (scrim_test_run_scrim (&verify, NULL, "audit", "--verify", sub, NULL), ==, 0);
  g_assert_cmpint (scrim_test_run_scrim (&sub_log, NULL, "audit", sub, NULL), ==, 0);
  original_lines = lines_of (original_log);
  sub_lines = lines_of (sub_log);
  g_assert_cmpuint (sub_lines->len, ==, original_lines->len + 1);
  for (guint i = 0; i < original_lines->len; i++)
    g_assert_cmpstr (g_ptr_array_index (sub_lines, i), ==, g_ptr_array_index (original_lines, i));
  assert_contains ((const char *) g_ptr_array_index (sub_lines, sub_lines->len - 1), "\tsubcase-created\t");
  assert_contains ((const char *) g_ptr_array_index (sub_lines, sub_lines->len - 1), "\"from_case_number\":\"FIXTURE-5\"");

  /* Just the selection, with its facts, thumbnails, matches and grades. */
  g_assert_cmpint (count_in (sub, "SELECT count(*) FROM item;"), ==, n_items);
  g_assert_cmpint (count_in (sub, "SELECT count(*) FROM file;"), ==, n_files);
  g_assert_cmpint (count_in (sub, "SELECT count(*) FROM thumbnail;"), ==, n_items);
  g_assert_cmpint (count_in (sub, "SELECT count(*) FROM item_category;"), ==, n_items);
  g_assert_cmpint (count_in (sub, "SELECT count(*) FROM match;"), ==, n_matches);
  g_assert_cmpint (count_in (sub, "SELECT count(*) FROM list_version;"), ==, 1);
  g_assert_cmpint (count_in (sub, "SELECT count(*) FROM source;"), ==, 1);
  g_assert_cmpint (count_in (sub, "SELECT grade FROM grade;"), ==, 1);   /* picture-17, graded 1 */
  g_assert_cmpint (count_in (sub, "SELECT count(*) FROM grp g WHERE size <> (SELECT count(*) FROM grp_member m "
                                  "WHERE m.group_id = g.id);"), ==, 0);
  g_assert_cmpint (scrim_test_run_scrim (&files, NULL, "files", sub, NULL), ==, 0);
  {
    g_autoptr(GPtrArray) rows = lines_of (files);

    g_assert_cmpuint (rows->len, ==, 1 + n_files);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(ScrimCase) opened = scrim_case_open (sub, SCRIM_CASE_OPEN_READ_ONLY, NULL, &error);
    g_autofree char *uuid = NULL;
    g_autofree char *parent = NULL;
    g_autofree char *original_uuid = NULL;

    g_assert_no_error (error);
    g_assert_true (scrim_case_check_integrity (opened, NULL, &error));
    uuid = scrim_case_dup_meta (opened, "case_uuid");
    parent = scrim_case_dup_meta (opened, "parent_case_uuid");
    g_clear_object (&opened);
    opened = scrim_case_open (fx->case_path, SCRIM_CASE_OPEN_READ_ONLY, NULL, &error);
    original_uuid = scrim_case_dup_meta (opened, "case_uuid");
    g_assert_cmpstr (parent, ==, original_uuid);
    g_assert_cmpstr (uuid, !=, original_uuid);
  }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *out_dir = NULL;
  g_autofree char *refuse_dir = NULL;

  g_test_init (&argc, &argv, NULL);
  tmp = scrim_test_mkdtemp ("cli-export");
  out_dir = g_build_filename (tmp, "out", NULL);
  refuse_dir = g_build_filename (tmp, "refuse", NULL);
  g_mkdir_with_parents (out_dir, 0755);
  g_mkdir_with_parents (refuse_dir, 0755);
  make_case ();

  g_test_add_func ("/cli/export/audit-jsonl", test_audit_export);
  g_test_add_func ("/cli/export/refusals", test_refusals);
  g_test_add_func ("/cli/export/tables", test_tables);
  g_test_add_func ("/cli/export/hash-sets", test_hashsets);
  g_test_add_func ("/cli/export/vics", test_vics);
  g_test_add_func ("/cli/export/html", test_html);
  g_test_add_func ("/cli/export/sub-case", test_subcase);
  return g_test_run ();
}
