/* test-audit.c
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

/* A case with the created entry plus four more. */
static char *
make_case (const char *name)
{
  char *path = g_build_filename (tmp, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimCase) scase = scrim_case_open (path, SCRIM_CASE_OPEN_CREATE, NULL, &error);

  g_assert_no_error (error);
  for (int i = 0; i < 4; i++)
    {
      g_autofree char *detail = g_strdup_printf ("{\"n\":%d,\"text\":\"tab\\there\"}", i);

      g_assert_true (scrim_audit_append (scase, "test-action", detail, &error));
      g_assert_no_error (error);
    }
  return path;
}

static void
tamper (const char *path,
        const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), >, 0);
  sqlite3_close (db);
}

static void
assert_broken (const char *path,
               const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimCase) scase = scrim_case_open (path, SCRIM_CASE_OPEN_READ_ONLY, NULL, &error);

  g_assert_no_error (error);
  g_assert_false (scrim_audit_verify (scase, NULL, NULL, &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_AUDIT);
  if (strstr (error->message, message_part) == NULL)
    g_error ("expected “%s” in “%s”", message_part, error->message);
}

static void
test_intact (void)
{
  g_autofree char *path = make_case ("intact.scrim");
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimCase) scase = scrim_case_open (path, SCRIM_CASE_OPEN_READ_ONLY, NULL, &error);
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *head = NULL;
  gint64 n = 0;
  char expected_prev[65] = "0000000000000000000000000000000000000000000000000000000000000000";

  g_assert_true (scrim_audit_verify (scase, &n, &head, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 5);

  /* The chain is checkable without Scrim: hash = SHA-256 (entry text),
   * and each entry names the hash before it. */
  entries = scrim_audit_list (scase, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      ScrimAuditEntry *e = g_ptr_array_index (entries, i);
      g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, e->entry, -1);
      g_autofree char *prefix = g_strdup_printf ("{\"prev\":\"%s\",\"seq\":%u,", expected_prev, i + 1);

      g_assert_cmpstr (hash, ==, e->hash);
      g_assert_true (g_str_has_prefix (e->entry, prefix));
      g_assert_cmpstr (e->prev, ==, expected_prev);
      memcpy (expected_prev, e->hash, 65);
    }
  g_assert_cmpstr (head, ==, expected_prev);
  g_assert_cmpstr (((ScrimAuditEntry *) g_ptr_array_index (entries, 0))->action, ==, "case-created");
  g_assert_cmpstr (((ScrimAuditEntry *) g_ptr_array_index (entries, 2))->detail, ==,
                   "{\"n\":1,\"text\":\"tab\\there\"}");
}

static void
test_edited (void)
{
  g_autofree char *path = make_case ("edited.scrim");

  tamper (path, "UPDATE audit SET entry = replace (entry, '\"n\":2', '\"n\":7') WHERE seq = 4;");
  assert_broken (path, "entry 4 was altered");
}

/* Rewriting an entry together with its hash still breaks the next link. */
static void
test_edited_and_rehashed (void)
{
  g_autofree char *path = make_case ("rehashed.scrim");
  g_autoptr(GError) error = NULL;
  g_autofree char *new_entry = NULL;
  g_autofree char *new_hash = NULL;
  char *sql = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(ScrimCase) scase = scrim_case_open (path, SCRIM_CASE_OPEN_READ_ONLY, NULL, &error);
  ScrimAuditEntry *e;
  GString *s;

  entries = scrim_audit_list (scase, &error);
  e = g_ptr_array_index (entries, 2);
  s = g_string_new (e->entry);
  g_string_replace (s, "\"n\":1", "\"n\":9", 1);
  new_entry = g_string_free (s, FALSE);
  new_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, new_entry, -1);
  sql = sqlite3_mprintf ("UPDATE audit SET entry = %Q, hash = %Q WHERE seq = 3;", new_entry, new_hash);
  g_clear_object (&scase);
  tamper (path, sql);
  sqlite3_free (sql);
  assert_broken (path, "entry 4 does not follow entry 3");
}

static void
test_deleted (void)
{
  g_autofree char *path = make_case ("deleted.scrim");

  tamper (path, "DELETE FROM audit WHERE seq = 2;");
  assert_broken (path, "entry 2 is missing");
}

static void
test_reordered (void)
{
  g_autofree char *path = make_case ("reordered.scrim");

  tamper (path, "UPDATE audit SET seq = -seq WHERE seq IN (3, 4);"
                "UPDATE audit SET seq = 4 WHERE seq = -3;"
                "UPDATE audit SET seq = 3 WHERE seq = -4;");
  assert_broken (path, "entry 3 does not follow entry 2");
}

static void
test_emptied (void)
{
  g_autofree char *path = make_case ("emptied.scrim");

  tamper (path, "DELETE FROM audit;");
  assert_broken (path, "empty");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmp = scrim_test_mkdtemp ("audit");

  g_test_add_func ("/core/audit/intact", test_intact);
  g_test_add_func ("/core/audit/edited", test_edited);
  g_test_add_func ("/core/audit/edited-and-rehashed", test_edited_and_rehashed);
  g_test_add_func ("/core/audit/deleted", test_deleted);
  g_test_add_func ("/core/audit/reordered", test_reordered);
  g_test_add_func ("/core/audit/emptied", test_emptied);
  return g_test_run ();
}
