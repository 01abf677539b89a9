/* test-case.c
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "scrim-core.h"
#include "scrim-test-util.h"

static char *tmp;

static char *
case_path (const char *name)
{
  return g_build_filename (tmp, name, NULL);
}

static gint64
query_int (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static char *
query_text (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
test_create (void)
{
  g_autofree char *path = case_path ("create.scrim");
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimCase) scase = NULL;
  ScrimCaseInfo info = { "2026-TBKK-0042", "A. Analyst" };
  g_autofree char *number = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *strict_tables = NULL;

  scase = scrim_case_open (path, SCRIM_CASE_OPEN_CREATE, &info, &error);
  g_assert_no_error (error);
  g_assert_true (scrim_case_was_created (scase));
  number = scrim_case_dup_meta (scase, "case_number");
  g_assert_cmpstr (number, ==, "2026-TBKK-0042");
  g_assert_cmpstr (scrim_case_get_examiner (scase), ==, "A. Analyst");
  g_clear_object (&scase);

  g_assert_cmpint (query_int (path, "PRAGMA application_id;"), ==, SCRIM_CASE_APPLICATION_ID);
  g_assert_cmpint (query_int (path, "PRAGMA user_version;"), ==, scrim_case_schema_version ());
  journal = query_text (path, "PRAGMA journal_mode;");
  g_assert_cmpstr (journal, ==, "wal");
  /* Every table is STRICT. */
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
                                    "AND sql NOT LIKE '%STRICT%';"), ==, 0);
  strict_tables = query_text (path, "SELECT group_concat (name) FROM sqlite_schema WHERE type = 'table';");
  g_assert_nonnull (strstr (strict_tables, "audit"));

  /* Reopened: not created again; the examiner comes from the case. */
  scase = scrim_case_open (path, SCRIM_CASE_OPEN_CREATE, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (scrim_case_was_created (scase));
  g_assert_cmpstr (scrim_case_get_examiner (scase), ==, "A. Analyst");
  g_assert_true (scrim_case_check_integrity (scase, NULL, &error));
  g_assert_no_error (error);
}

static void
test_foreign_keys (void)
{
  g_autofree char *path = case_path ("fk.scrim");
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimCase) scase = scrim_case_open (path, SCRIM_CASE_OPEN_CREATE, NULL, &error);
  sqlite3 *db = NULL;
  int rc;

  g_assert_no_error (error);
  g_clear_object (&scase);
  scase = scrim_case_open (path, SCRIM_CASE_OPEN_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (scrim_case_set_meta (scase, "x", "y", &error));
  g_assert_no_error (error);
  g_clear_object (&scase);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "PRAGMA foreign_keys = ON;", NULL, NULL, NULL);
  rc = sqlite3_exec (db, "INSERT INTO file (source_id, path, status) VALUES (999, x'41', 'read-error');",
                     NULL, NULL, NULL);
  g_assert_cmpint (rc, ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_extended_errcode (db), ==, SQLITE_CONSTRAINT_FOREIGNKEY);
  /* STRICT: a text in an INTEGER column is refused. */
  rc = sqlite3_exec (db, "INSERT INTO item (sha256, sha1, md5, size, type, status, facts_version) "
                         "VALUES (zeroblob (32), zeroblob (20), zeroblob (16), 'big', 'other', 'ok', 1);",
                     NULL, NULL, NULL);
  g_assert_cmpint (rc, ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_extended_errcode (db), ==, SQLITE_CONSTRAINT_DATATYPE);
  sqlite3_close (db);
}

typedef struct
{
  struct stat st;
  char       *contents;
  gsize       len;
} Snapshot;

static void
snapshot (const char *path,
          Snapshot   *snap)
{
  g_assert_cmpint (lstat (path, &snap->st), ==, 0);
  g_assert_true (g_file_get_contents (path, &snap->contents, &snap->len, NULL));
}

static void
assert_unchanged (const char *path,
                  Snapshot   *before)
{
  Snapshot after;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  snapshot (path, &after);
  g_assert_cmpmem (after.contents, after.len, before->contents, before->len);
  g_assert_cmpint (after.st.st_mtim.tv_sec, ==, before->st.st_mtim.tv_sec);
  g_assert_cmpint (after.st.st_mtim.tv_nsec, ==, before->st.st_mtim.tv_nsec);
  g_assert_cmpint (after.st.st_ctim.tv_nsec, ==, before->st.st_ctim.tv_nsec);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  g_free (after.contents);
  g_free (before->contents);
}

/* Opening (even with CREATE) anything that is not a case fails with a
 * clear error and leaves the file exactly as it was. */
static void
refuse (const char *name,
        const char *contents,
        gssize      len,
        int         code,
        const char *message_part)
{
  g_autofree char *path = case_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimCase) scase = NULL;
  Snapshot before;

  if (contents != NULL)
    g_assert_true (g_file_set_contents (path, contents, len, NULL));
  snapshot (path, &before);

  scase = scrim_case_open (path, SCRIM_CASE_OPEN_CREATE, NULL, &error);
  g_assert_null (scase);
  g_assert_error (error, SCRIM_ERROR, code);
  g_assert_nonnull (strstr (error->message, message_part));
  g_assert_nonnull (strstr (error->message, "unchanged"));
  assert_unchanged (path, &before);
}

static void
test_refuse_not_case (void)
{
  refuse ("notes.scrim", "a text file, not a case\n", -1, SCRIM_ERROR_NOT_A_CASE, "not a Scrim case");
  refuse ("empty.scrim", "", 0, SCRIM_ERROR_NOT_A_CASE, "not a Scrim case");
}

static void
make_sqlite (const char *path,
             const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static void
test_refuse_other_sqlite (void)
{
  g_autofree char *path = case_path ("other.scrim");

  make_sqlite (path, "CREATE TABLE t (x); INSERT INTO t VALUES (1);");
  refuse ("other.scrim", NULL, 0, SCRIM_ERROR_NOT_A_CASE, "SQLite database but not a Scrim case");
}

static void
test_refuse_newer (void)
{
  g_autofree char *path = case_path ("newer.scrim");
  g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;"
                                          "CREATE TABLE meta (k);", SCRIM_CASE_APPLICATION_ID,
                                          scrim_case_schema_version () + 1);

  make_sqlite (path, sql);
  refuse ("newer.scrim", NULL, 0, SCRIM_ERROR_CASE_TOO_NEW, "newer Scrim");
}

static void
test_missing_without_create (void)
{
  g_autofree char *path = case_path ("missing.scrim");
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimCase) scase = scrim_case_open (path, SCRIM_CASE_OPEN_DEFAULT, NULL, &error);

  g_assert_null (scase);
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_IO);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* A case written by the Scrim of issue 2 (format 1: no PDQ columns, no
 * match tables) opens in this one and is migrated through every later
 * format; opened read-only it is only read. */
static void
test_migrate_from_1 (void)
{
  g_autofree char *path = case_path ("v1.scrim");
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimCase) scase = scrim_case_open (path, SCRIM_CASE_OPEN_CREATE, NULL, &error);
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  g_clear_object (&scase);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO item (sha256, sha1, md5, size, type, status, facts_version) "
                                     "VALUES (zeroblob (32), zeroblob (20), zeroblob (16), 3, 'jpeg', 'ok', 1);"
                                     "DROP TABLE note; DROP TABLE tag; DROP TABLE grade;"
                                     "DROP TABLE queue_weight; DROP TABLE queue; DROP TABLE grp_decision;"
                                     "DROP TABLE grp_member; DROP TABLE grp;"
                                     "DROP TABLE item_category; DROP TABLE match; DROP TABLE list_version;"
                                     "ALTER TABLE item DROP COLUMN pdq_dihedral;"
                                     "ALTER TABLE item DROP COLUMN pdq_unreliable;"
                                     "ALTER TABLE item DROP COLUMN pdq_quality;"
                                     "ALTER TABLE item DROP COLUMN pdq;"
                                     "PRAGMA user_version = 1;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  scase = scrim_case_open (path, SCRIM_CASE_OPEN_READ_ONLY, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (scrim_case_get_schema_version (scase), ==, 1);
  g_clear_object (&scase);
  g_assert_cmpint (query_int (path, "PRAGMA user_version;"), ==, 1);

  scase = scrim_case_open (path, SCRIM_CASE_OPEN_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (scrim_case_get_schema_version (scase), ==, scrim_case_schema_version ());
  g_clear_object (&scase);
  g_assert_cmpint (query_int (path, "PRAGMA user_version;"), ==, scrim_case_schema_version ());
  /* The old row is kept, its new columns empty until the next ingest. */
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM item WHERE size = 3 AND pdq IS NULL;"), ==, 1);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM pragma_table_info ('item') "
                                    "WHERE name = 'pdq_dihedral';"), ==, 1);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM sqlite_schema WHERE name = 'item_category';"), ==, 1);
}

static void
test_new_then_destroy (void)
{
  g_autofree char *path = case_path ("finalize.scrim");
  g_autoptr(GError) error = NULL;
  ScrimCase *scase = scrim_case_open (path, SCRIM_CASE_OPEN_CREATE, NULL, &error);

  g_assert_no_error (error);
  g_assert_finalize_object (scase);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmp = scrim_test_mkdtemp ("case");

  g_test_add_func ("/core/case/create", test_create);
  g_test_add_func ("/core/case/foreign-keys-and-strict", test_foreign_keys);
  g_test_add_func ("/core/case/refuse-not-a-case", test_refuse_not_case);
  g_test_add_func ("/core/case/refuse-other-sqlite", test_refuse_other_sqlite);
  g_test_add_func ("/core/case/refuse-newer", test_refuse_newer);
  g_test_add_func ("/core/case/missing-without-create", test_missing_without_create);
  g_test_add_func ("/core/case/migrate-from-1", test_migrate_from_1);
  g_test_add_func ("/core/case/new-then-destroy", test_new_then_destroy);
  return g_test_run ();
}
