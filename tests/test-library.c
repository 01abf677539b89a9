/* test-library.c: the reference library: imports, duplicates, atomic replacement, schemes
 *
 * Every hash here is invented (00112233… patterns); no real list is used.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "scrim-core.h"
#include "scrim-test-util.h"

static char *tmp;

static char *
write_tmp (const char *name,
           const char *contents)
{
  char *path = g_build_filename (tmp, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static ScrimLibrary *
new_library (const char *name)
{
  g_autofree char *path = g_build_filename (tmp, name, NULL);
  g_autoptr(GError) error = NULL;
  ScrimLibrary *library = scrim_library_open (path, &error);

  g_assert_no_error (error);
  return library;
}

static gint64
query_int (ScrimLibrary *library,
           const char   *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open_v2 (scrim_library_get_path (library), &db, SQLITE_OPEN_READONLY, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static char *
query_text (ScrimLibrary *library,
            const char   *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (scrim_library_get_path (library), &db, SQLITE_OPEN_READONLY, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static const char vics_us[] =
  "{\"@odata.context\":\"http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/US/$metadata#Media\","
  "\"value\":["
  "{\"MediaID\":1,\"Category\":1,\"MD5\":\"00112233445566778899AABBCCDDEEFF\",\"SHA1\":\"\","
  " \"Series\":\"DEMO SERIES A\",\"VictimIdentified\":\"false\",\"IsDistributed\":true},"
  "{\"MediaID\":2,\"Category\":2,\"MD5\":\"00112233445566778899aabbccddeeff\","
  " \"VictimIdentified\":\"true\",\"Series\":\"DEMO SERIES B\"},"
  "{\"MediaID\":3,\"Category\":0,\"MD5\":\"11112222333344445555666677778888\"},"
  "{\"MediaID\":4,\"Category\":null,\"MD5\":\"d41d8cd98f00b204e9800998ecf8427e\"},"
  "{\"MediaID\":5,\"Category\":4,\"SHA1\":\"ffeeddccbbaa99887766554433221100ffeeddcc\"}"
  "]}";

static void
test_open_refuses_other_files (void)
{
  g_autofree char *text = write_tmp ("notes.db", "not a library\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimLibrary) library = scrim_library_open (text, &error);
  g_autofree char *after = NULL;

  g_assert_null (library);
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_NOT_A_CASE);
  g_assert_true (g_file_get_contents (text, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "not a library\n");
}

static void
test_import_vics (void)
{
  g_autoptr(ScrimLibrary) library = new_library ("vics.db");
  g_autofree char *path = write_tmp ("us.json", vics_us);
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, vics_us, -1);
  const char *files[] = { path, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lists = NULL;
  ScrimImportReport report = { 0 };
  ScrimListMeta *meta;
  g_autofree char *category = NULL;
  g_autofree char *series = NULL;

  g_assert_true (scrim_library_import (library, "Demo US", files, NULL, &report, NULL, &error));
  g_assert_no_error (error);
  /* Five records: two share an MD5 (merged), one has only the empty file's
   * digest (dropped). */
  g_assert_cmpuint (report.records, ==, 5);
  g_assert_cmpuint (report.dropped, ==, 1);
  g_assert_cmpuint (report.merged, ==, 1);
  g_assert_cmpuint (report.entries, ==, 3);
  scrim_import_report_clear (&report);

  lists = scrim_library_list_lists (library, &error);
  g_assert_cmpuint (lists->len, ==, 1);
  meta = g_ptr_array_index (lists, 0);
  g_assert_cmpstr (meta->name, ==, "Demo US");
  g_assert_cmpstr (meta->format, ==, "vics");
  g_assert_cmpstr (meta->kind, ==, "known-bad");
  g_assert_cmpstr (meta->profile, ==, "US");
  g_assert_cmpstr (meta->scheme, ==, "vics-us");
  g_assert_null (meta->version);
  g_assert_cmpstr (meta->format_version, ==, "2.0");
  g_assert_cmpint (meta->entries, ==, 3);
  g_assert_cmpstr (meta->sources_sha256, ==, sha);

  /* The merged record keeps every category, series and flag seen. */
  category = query_text (library, "SELECT category FROM entry WHERE md5 = x'00112233445566778899aabbccddeeff';");
  g_assert_cmpstr (category, ==, "1|2");
  series = query_text (library, "SELECT series FROM entry WHERE md5 = x'00112233445566778899aabbccddeeff';");
  g_assert_cmpstr (series, ==, "DEMO SERIES A|DEMO SERIES B");
  /* Victim identified: seen both false (bit 1) and true (bit 0); distributed: true (bit 4). */
  g_assert_cmpint (query_int (library, "SELECT flags FROM entry WHERE md5 = x'00112233445566778899aabbccddeeff';"),
                   ==, 1 | 2 | 16);
  g_assert_cmpint (query_int (library, "SELECT count(*) FROM entry WHERE sha1 IS NOT NULL;"), ==, 1);
  g_assert_cmpint (query_int (library, "SELECT count(*) FROM audit WHERE entry LIKE '%list-imported%';"), ==, 1);
}

/* A failed import (strict mode meeting a malformed record, a broken file)
 * leaves the library exactly as it was: the old version stays in force. */
static void
test_replace_is_atomic (void)
{
  g_autoptr(ScrimLibrary) library = new_library ("atomic.db");
  g_autofree char *v1 = write_tmp ("v1.txt", "00112233445566778899aabbccddeeff\n"
                                             "0123456789abcdef0123456789abcdef\n");
  g_autofree char *bad = write_tmp ("bad.txt", "ffeeddccbbaa99887766554433221100\n"
                                              "not-a-hash\n");
  g_autofree char *broken = write_tmp ("broken.json", "{\"@odata.context\":\"http://github.com/"
                                                      "VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/US/"
                                                      "$metadata#Media\",\"value\":[{\"MD5\":\"00");
  g_autofree char *v2 = write_tmp ("v2.txt", "ffeeddccbbaa99887766554433221100\n");
  const char *files_v1[] = { v1, NULL };
  const char *files_bad[] = { bad, NULL };
  const char *files_broken[] = { broken, NULL };
  const char *files_v2[] = { v2, NULL };
  ScrimImportOptions strict = { SCRIM_LIST_FORMAT_AUTO, .strict = TRUE };
  g_autoptr(GError) error = NULL;
  g_autofree char *sha_v1 = NULL;
  g_autofree char *after = NULL;

  g_assert_true (scrim_library_import (library, "Team list", files_v1, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  sha_v1 = query_text (library, "SELECT sha256 FROM list_file;");

  g_assert_false (scrim_library_import (library, "Team list", files_bad, &strict, NULL, NULL, &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_assert_nonnull (strstr (error->message, "bad.txt"));
  g_clear_error (&error);
  g_assert_false (scrim_library_import (library, "Team list", files_broken, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_cmpint (query_int (library, "SELECT count(*) FROM list;"), ==, 1);
  g_assert_cmpint (query_int (library, "SELECT count(*) FROM entry;"), ==, 2);
  after = query_text (library, "SELECT sha256 FROM list_file;");
  g_assert_cmpstr (after, ==, sha_v1);
  g_assert_cmpint (query_int (library, "SELECT count(*) FROM audit;"), ==, 1);

  /* A successful import replaces it. */
  g_assert_true (scrim_library_import (library, "Team list", files_v2, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (library, "SELECT count(*) FROM entry;"), ==, 1);
  g_assert_cmpint (query_int (library, "SELECT count(*) FROM entry WHERE md5 = x'ffeeddccbbaa99887766554433221100';"), ==, 1);

  g_assert_true (scrim_library_remove (library, "Team list", NULL, &error));
  g_assert_cmpint (query_int (library, "SELECT count(*) FROM entry;"), ==, 0);
  g_assert_false (scrim_library_remove (library, "Team list", NULL, &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
}

/* Non-strict imports skip malformed records and report each with its line. */
static void
test_problems_reported (void)
{
  g_autoptr(ScrimLibrary) library = new_library ("problems.db");
  g_autofree char *path = write_tmp ("mixed.txt", "# comment\n00112233445566778899aabbccddeeff\n"
                                                  "0011223344556677889\n"
                                                  "ffeeddccbbaa99887766554433221100ffeeddcc\n");
  const char *files[] = { path, NULL };
  g_autoptr(GError) error = NULL;
  ScrimImportReport report = { 0 };

  g_assert_true (scrim_library_import (library, "Mixed", files, NULL, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.problems, ==, 1);
  g_assert_cmpuint (report.entries, ==, 2);
  g_assert_cmpuint (report.messages->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (report.messages, 0), "line 3"));
  g_assert_nonnull (strstr (g_ptr_array_index (report.messages, 0), "mixed.txt"));
  scrim_import_report_clear (&report);
}

/* A VICS record with a malformed MD5 and so no digest at all is one
 * malformed record, though two things are wrong with it (both told). */
static void
test_problems_count_records (void)
{
  g_autoptr(ScrimLibrary) library = new_library ("problems-vics.db");
  g_autofree char *path = write_tmp ("bad-md5.json",
    "{\"@odata.context\":\"http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/US/$metadata#Media\","
    "\"value\":["
    "{\"MediaID\":1,\"Category\":1,\"MD5\":\"not-an-md5\"},"
    "{\"MediaID\":2,\"Category\":1,\"MD5\":\"00112233445566778899aabbccddeeff\"},"
    "{\"MediaID\":3,\"Category\":2,\"MD5\":\"0011\"}"
    "]}");
  const char *files[] = { path, NULL };
  g_autoptr(GError) error = NULL;
  ScrimImportReport report = { 0 };

  g_assert_true (scrim_library_import (library, "Bad MD5", files, NULL, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.entries, ==, 1);
  g_assert_cmpuint (report.problems, ==, 2);
  g_assert_cmpuint (report.messages->len, >=, 2);
  scrim_import_report_clear (&report);
}

/* NSRL RDSv3: an SQLite database copied by SQL, known-good by default. */
static void
test_import_rds3 (void)
{
  g_autoptr(ScrimLibrary) library = new_library ("rds.db");
  g_autofree char *rds = g_build_filename (tmp, "RDS_2026.09.1_modern_minimal.db", NULL);
  const char *files[] = { rds, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lists = NULL;
  ScrimImportReport report = { 0 };
  ScrimListMeta *meta;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (rds, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
    "CREATE TABLE FILE (sha256 VARCHAR NOT NULL, sha1 VARCHAR NOT NULL, md5 VARCHAR NOT NULL, "
    "  crc32 VARCHAR NOT NULL, file_name VARCHAR NOT NULL, file_size INTEGER NOT NULL, "
    "  package_id INTEGER NOT NULL);"
    "CREATE TABLE VERSION (version VARCHAR UNIQUE NOT NULL, build_set VARCHAR, build_date TIMESTAMP, "
    "  release_date TIMESTAMP, description VARCHAR);"
    "INSERT INTO VERSION VALUES ('2026.09.1', 'modern', NULL, NULL, 'synthetic');"
    "INSERT INTO FILE VALUES ('00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF', "
    "  '00112233445566778899AABBCCDDEEFF00112233', '00112233445566778899AABBCCDDEEFF', '0A1B2C3D', "
    "  'example.dll', 4096, 1);"
    "INSERT INTO FILE VALUES ('00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF', "
    "  '00112233445566778899AABBCCDDEEFF00112233', '00112233445566778899AABBCCDDEEFF', '0A1B2C3D', "
    "  'example.dll', 4096, 2);"
    "INSERT INTO FILE VALUES ('FFEEDDCCBBAA99887766554433221100FFEEDDCCBBAA99887766554433221100', "
    "  'FFEEDDCCBBAA99887766554433221100FFEEDDCC', 'FFEEDDCCBBAA99887766554433221100', '00000000', "
    "  'other.exe', 10, 1);"
    "INSERT INTO FILE VALUES ('E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855', "
    "  'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709', 'D41D8CD98F00B204E9800998ECF8427E', '00000000', "
    "  'empty.txt', 0, 1);", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_true (scrim_library_import (library, "NSRL", files, NULL, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.entries, ==, 2);
  scrim_import_report_clear (&report);
  lists = scrim_library_list_lists (library, &error);
  meta = g_ptr_array_index (lists, 0);
  g_assert_cmpstr (meta->format, ==, "nsrl-rds3");
  g_assert_cmpstr (meta->kind, ==, "known-good");
  g_assert_cmpstr (meta->version, ==, "2026.09.1");
  g_assert_cmpint (query_int (library, "SELECT count(*) FROM entry WHERE sha256 = "
                                       "x'00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff' "
                                       "AND md5 = x'00112233445566778899aabbccddeeff';"), ==, 1);
}

static void
test_schemes (void)
{
  g_autoptr(ScrimLibrary) library = new_library ("schemes.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = scrim_library_list_schemes (library, &error);
  g_autoptr(ScrimScheme) us = NULL;
  g_autoptr(ScrimScheme) team = NULL;
  const char *label = NULL;
  static const char team_text[] =
    "[Scheme]\nName=team-uk\nProfiles=UK;\n[Codes]\n1=abuse;Category A\n2=abuse;Category B\n"
    "3=abuse;Category C\n8=known-good;Not indecent\n";

  g_assert_cmpuint (names->len, ==, 2);
  us = scrim_library_get_scheme (library, "vics-us", &error);
  g_assert_no_error (error);
  g_assert_cmpint (scrim_scheme_classify (us, "0", &label), ==, SCRIM_CLASS_NON_PERTINENT);
  g_assert_cmpstr (label, ==, "Non-Pertinent");
  g_assert_cmpint (scrim_scheme_classify (us, "1", NULL), ==, SCRIM_CLASS_ABUSE);
  g_assert_cmpint (scrim_scheme_classify (us, "3", NULL), ==, SCRIM_CLASS_CGI);
  g_assert_cmpint (scrim_scheme_classify (us, "0|2", NULL), ==, SCRIM_CLASS_EXPLOITIVE);
  g_assert_cmpint (scrim_scheme_classify (us, "9", NULL), ==, SCRIM_CLASS_UNCATEGORISED);
  g_assert_cmpint (scrim_scheme_classify (us, NULL, NULL), ==, SCRIM_CLASS_UNCATEGORISED);

  g_assert_false (scrim_library_put_scheme (library, "[Scheme]\nName=bad\n[Codes]\n1=evil\n", NULL, &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (scrim_library_put_scheme (library, team_text, "Trainer", &error));
  g_assert_no_error (error);
  team = scrim_library_get_scheme (library, "team-uk", &error);
  g_assert_cmpint (scrim_scheme_classify (team, "8", NULL), ==, SCRIM_CLASS_KNOWN_GOOD);
  g_assert_true (scrim_scheme_has_profile (team, "uk"));
  g_assert_true (scrim_library_remove_scheme (library, "team-uk", NULL, &error));
  g_assert_false (scrim_library_remove_scheme (library, "team-uk", NULL, &error));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmp = scrim_test_mkdtemp ("library");

  g_test_add_func ("/core/library/refuses-other-files", test_open_refuses_other_files);
  g_test_add_func ("/core/library/import-vics", test_import_vics);
  g_test_add_func ("/core/library/replace-is-atomic", test_replace_is_atomic);
  g_test_add_func ("/core/library/problems-reported", test_problems_reported);
  g_test_add_func ("/core/library/problems-count-records", test_problems_count_records);
  g_test_add_func ("/core/library/import-rds3", test_import_rds3);
  g_test_add_func ("/core/library/schemes", test_schemes);
  return g_test_run ();
}
