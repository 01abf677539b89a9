/* test-cli-group.c: scrim group, groups, group-members and queue, end to end
 *
 * The core is tested in test-group.c; this checks what an analyst sees on
 * the command line: the columns, both formats, the decisions, the weights,
 * and the errors for wrong input.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "scrim-group-fixture.h"
#include "scrim-test-util.h"

static ScrimGroupFixture *fixture;

#define assert_contains(haystack, needle) \
  G_STMT_START { \
    if (strstr ((haystack), (needle)) == NULL) \
      g_error ("expected “%s” in:\n%s", (needle), (haystack)); \
  } G_STMT_END

/* Runs scrim and insists on success, returning stdout. */
static char *
scrim_ok (const char *first_arg,
          ...)
{
  GPtrArray *argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list ap;
  int rc;

  g_ptr_array_add (argv, (gpointer) first_arg);
  va_start (ap, first_arg);
  for (const char *a = va_arg (ap, const char *); a; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  rc = scrim_test_run_scrimv ((const char * const *) argv->pdata, &out, &err);
  g_ptr_array_free (argv, TRUE);
  if (rc != 0)
    g_error ("scrim %s failed (%d): %s", first_arg, rc, err);
  return g_steal_pointer (&out);
}

/* The rows of a TSV output, header first, each split on tabs. */
static GPtrArray *
rows_of (const char *tsv)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_auto(GStrv) lines = g_strsplit (tsv, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    if (lines[i][0] != '\0')
      g_ptr_array_add (rows, g_strsplit (lines[i], "\t", -1));
  return rows;
}

static void
assert_header (GPtrArray  *rows,
               const char *expected)
{
  g_autofree char *header = g_strjoinv ("|", g_ptr_array_index (rows, 0));

  g_assert_cmpstr (header, ==, expected);
}

/* The id of the group of KIND whose reasons contain NEEDLE. */
static char *
group_id (const char *kind,
          const char *needle)
{
  g_autofree char *out = scrim_ok ("groups", "--kind", kind, fixture->case_path, NULL);
  g_autoptr(GPtrArray) rows = rows_of (out);

  for (guint i = 1; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      if (strstr (row[3], needle))
        return g_strdup (row[0]);
    }
  g_error ("no %s group says “%s”:\n%s", kind, needle, out);
  return NULL;
}

static void
test_group_and_groups (void)
{
  g_autofree char *out = scrim_ok ("group", "--seizure-date", SCRIM_GROUP_FIXTURE_SEIZURE_DATE,
                                   fixture->case_path, NULL);
  g_autofree char *tsv = NULL;
  g_autofree char *jsonl = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_auto(GStrv) lines = NULL;
  guint kinds[6] = { 0 };
  const char *names[6] = { "near-duplicate", "camera", "session", "place", "folder", "series" };

  assert_contains (out, "near-duplicate 2, camera 4, session 5, place 3, folder 9, series 3");
  assert_contains (out, "29 images in the possibly-ongoing queue");

  tsv = scrim_ok ("groups", fixture->case_path, NULL);
  rows = rows_of (tsv);
  assert_header (rows, "group|kind|size|reasons|representative|representative_path|name");
  for (guint i = 1; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      g_assert_cmpuint (g_strv_length (row), ==, 7);
      g_assert_cmpuint (strlen (row[4]), ==, 64);
      g_assert_true (g_str_has_prefix (row[5], SCRIM_GROUP_FIXTURE_EXHIBIT ":"));
      for (guint k = 0; k < G_N_ELEMENTS (names); k++)
        if (g_str_equal (row[1], names[k]))
          kinds[k]++;
    }
  g_assert_cmpuint (kinds[0], ==, 2);
  g_assert_cmpuint (kinds[1], ==, 4);
  g_assert_cmpuint (kinds[2], ==, 5);
  g_assert_cmpuint (kinds[3], ==, 3);
  g_assert_cmpuint (kinds[4], ==, 9);
  g_assert_cmpuint (kinds[5], ==, 3);
  assert_contains (tsv, "19 images by Kestrel KX-12 (serial KX12-0042)");
  assert_contains (tsv, "3 images by Fennec F3 (same make and model; no serial number, so possibly more than one camera)");

  /* jsonl: one object per group, the same ones. */
  jsonl = scrim_ok ("groups", "--format", "jsonl", "--kind", "camera", fixture->case_path, NULL);
  lines = g_strsplit (g_strchomp (jsonl), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *o;

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      o = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "camera");
      g_assert_cmpint (json_object_get_int_member (o, "size"), >, 0);
      g_assert_true (json_object_get_null_member (o, "name"));
    }

  /* Grouping again changes nothing. */
  again = scrim_ok ("group", fixture->case_path, NULL);
  assert_contains (again, "0 new and 0 gone since the last grouping");
}

static void
test_members (void)
{
  g_autofree char *id = group_id ("camera", "Kestrel KX-12");
  g_autofree char *out = scrim_ok ("group-members", fixture->case_path, id, NULL);
  g_autoptr(GPtrArray) rows = rows_of (out);

  assert_header (rows, "sha256|category|reason|paths");
  g_assert_cmpuint (rows->len, ==, 1 + 19);
  assert_contains (out, "Kestrel KX-12, captured 2025-01-15 09:30:12 +01:00\t"
                        SCRIM_GROUP_FIXTURE_EXHIBIT ":DCIM/Camera/IMG_20250115_093012.jpg");
  /* The matched photo of the camera says what it is. */
  assert_contains (out, "\tabuse\t");
}

static void
test_queue (void)
{
  g_autofree char *out = scrim_ok ("queue", "--limit", "3", fixture->case_path, NULL);
  g_autofree char *jsonl = scrim_ok ("queue", "--format", "jsonl", "--limit", "0", fixture->case_path, NULL);
  g_autoptr(GPtrArray) rows = rows_of (out);
  g_auto(GStrv) lines = g_strsplit (g_strchomp (jsonl), "\n", -1);
  double previous = G_MAXDOUBLE;

  assert_header (rows, "rank|sha256|score|reasons|path");
  g_assert_cmpuint (rows->len, ==, 1 + 3);
  /* The first entries: the owner's camera, three days before the seizure,
   * in DCIM, in the session of a matched image. */
  for (guint i = 1; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      g_autofree char *rank = g_strdup_printf ("%u", i);

      g_assert_cmpstr (row[0], ==, rank);
      g_assert_cmpstr (row[2], ==, "10.66");
      assert_contains (row[3], "\"signal\":\"owner-camera\",\"weight\":3.00");
      assert_contains (row[3], "\"signal\":\"near-abuse\",\"weight\":3.00");
      assert_contains (row[3], "3 days before the seizure date (2026-03-07)");
    }
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 1))[4], ==,
                   SCRIM_GROUP_FIXTURE_EXHIBIT ":DCIM/Camera/IMG_20260304_100000.jpg");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 2))[4], ==,
                   SCRIM_GROUP_FIXTURE_EXHIBIT ":DCIM/Camera/IMG_20260304_100500.jpg");

  /* --limit 0 is all of it, in score order, as JSON. */
  g_assert_cmpuint (g_strv_length (lines), ==, 29);
  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *o;
      double score;

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      o = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpint (json_object_get_int_member (o, "rank"), ==, i + 1);
      score = json_object_get_double_member (o, "score");
      g_assert_cmpfloat (score, <=, previous);
      previous = score;
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "reasons")), >, 0);
    }
}

static void
test_weights (void)
{
  g_autofree char *explain = scrim_ok ("queue", "--explain", fixture->case_path, NULL);
  g_autofree char *changed = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *first = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  assert_contains (explain, "signal\tweight\tdescription\n");
  assert_contains (explain, "\nrecent\t2.00\t");
  assert_contains (explain, "\ndownload-folder\t-1.50\t");

  changed = scrim_ok ("queue", "--set-weight", "recent=0", "--explain", fixture->case_path, NULL);
  assert_contains (changed, "\nrecent\t0.00\t");
  /* Re-scored at once: the top entries lost the 2.00 of "recent". */
  first = scrim_ok ("queue", "--limit", "1", fixture->case_path, NULL);
  rows = rows_of (first);
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 1))[2], ==, "8.66");
  g_free (scrim_ok ("queue", "--set-weight", "recent=2", fixture->case_path, NULL));

  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "queue", "--set-weight", "nosuch=1",
                                         fixture->case_path, NULL), ==, 1);
  assert_contains (err, "“nosuch” is not a signal of the queue");
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "queue", "--set-weight", "recent",
                                         fixture->case_path, NULL), ==, 2);
}

static void
test_decisions (void)
{
  g_autofree char *camera = group_id ("camera", "Kestrel KX-12");
  g_autofree char *fennec = group_id ("camera", "Fennec F3");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *audit = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_free (scrim_ok ("group", fixture->case_path, "name", camera, "Owner's phone", NULL));
  out = scrim_ok ("groups", "--kind", "camera", fixture->case_path, NULL);
  assert_contains (out, "\tOwner's phone\n");
  g_clear_pointer (&out, g_free);

  /* Regrouping keeps the name on the same id. */
  g_free (scrim_ok ("group", fixture->case_path, NULL));
  out = scrim_ok ("groups", "--kind", "camera", "--format", "jsonl", fixture->case_path, NULL);
  {
    g_autofree char *expected = g_strdup_printf ("{\"group\":%s,\"kind\":\"camera\",\"size\":19,", camera);

    assert_contains (out, expected);
    assert_contains (out, "\"name\":\"Owner's phone\"}");
  }
  g_clear_pointer (&out, g_free);

  /* Split one image off the Fennec camera. */
  out = scrim_ok ("group-members", fixture->case_path, fennec, NULL);
  rows = rows_of (out);
  listed = g_strdup (((char **) g_ptr_array_index (rows, 1))[0]);
  g_clear_pointer (&out, g_free);
  out = scrim_ok ("group", fixture->case_path, "split", fennec, listed, NULL);
  g_clear_pointer (&out, g_free);
  g_free (scrim_ok ("group", fixture->case_path, NULL));
  out = scrim_ok ("group-members", fixture->case_path, fennec, NULL);
  g_assert_null (strstr (out, listed));
  g_clear_pointer (&out, g_free);

  audit = scrim_ok ("audit", fixture->case_path, NULL);
  assert_contains (audit, "group-named");
  assert_contains (audit, "group-split");
  g_free (scrim_ok ("audit", "--verify", fixture->case_path, NULL));

  /* Wrong input: a clear message, nothing changed. */
  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "group", fixture->case_path, "name", "999999", "x", NULL), ==, 1);
  assert_contains (err, "there is no group 999999 in the case");
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "group", fixture->case_path, "split", camera, "abc", NULL), ==, 1);
  assert_contains (err, "“abc” is not a SHA-256");
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "groups", "--kind", "bogus", fixture->case_path, NULL), ==, 2);
  assert_contains (err, "unknown kind “bogus”");
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "group", fixture->case_path, "frobnicate", NULL), ==, 2);
  {
    g_autofree char *after = scrim_ok ("audit", fixture->case_path, NULL);

    g_assert_cmpstr (after, ==, audit);
  }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *tmp = NULL;
  g_autoptr(GError) error = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  tmp = scrim_test_mkdtemp ("cli-group");
  fixture = scrim_group_fixture_new (tmp, &error);
  g_assert_no_error (error);
  g_assert_true (scrim_group_fixture_build_case (fixture, &error));
  g_assert_no_error (error);

  /* In order: each builds on the state the one before left. */
  g_test_add_func ("/cli/group/group-and-groups", test_group_and_groups);
  g_test_add_func ("/cli/group/members", test_members);
  g_test_add_func ("/cli/group/queue", test_queue);
  g_test_add_func ("/cli/group/weights", test_weights);
  g_test_add_func ("/cli/group/decisions", test_decisions);
  rc = g_test_run ();
  scrim_group_fixture_free (fixture);
  return rc;
}
