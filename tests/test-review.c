/* test-review.c: what the review window reads and writes (core/scrim-review.c)
 *
 * On the grouping fixture (a synthetic phone: 38 images, of which 3 are
 * listed as abuse, 1 as exploitive, 1 as non-pertinent), ingested and
 * matched.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "scrim-group-fixture.h"
#include "scrim-test-util.h"

static ScrimGroupFixture *fixture;

#define assert_contains(haystack, needle) \
  G_STMT_START { \
    if (strstr ((haystack), (needle)) == NULL) \
      g_error ("expected “%s” in:\n%s", (needle), (haystack)); \
  } G_STMT_END

static ScrimCase *
open_case (void)
{
  g_autoptr(GError) error = NULL;
  ScrimCaseInfo info = { NULL, "Reviewer R" };
  ScrimCase *scase = scrim_case_open (fixture->case_path, SCRIM_CASE_OPEN_DEFAULT, &info, &error);

  g_assert_no_error (error);
  return scase;
}

/* The item id of the image at path (relative to the evidence folder). */
static gint64
item_at (ScrimCase  *scase,
         const char *path)
{
  g_autoptr(GArray) ids = scrim_review_view_ids (scase, SCRIM_VIEW_ALL, 0, NULL);
  g_autoptr(GArray) ignorable = scrim_review_view_ids (scase, SCRIM_VIEW_IGNORABLE, 0, NULL);
  g_autofree char *label = g_strdup_printf ("%s:%s", SCRIM_GROUP_FIXTURE_EXHIBIT, path);

  g_array_append_vals (ids, ignorable->data, ignorable->len);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(GPtrArray) items = scrim_review_load_items (scase, &id, 1, NULL);
      ScrimReviewItem *item = g_ptr_array_index (items, 0);

      if (g_strcmp0 (item->label, label) == 0)
        return id;
    }
  g_error ("no image at %s", path);
  return 0;
}

static guint
n_audit (ScrimCase  *scase,
         const char *action,
         ScrimAuditEntry **last)
{
  g_autoptr(GPtrArray) entries = scrim_audit_list (scase, NULL);
  guint n = 0;

  for (guint i = 0; i < entries->len; i++)
    {
      ScrimAuditEntry *e = g_ptr_array_index (entries, i);

      if (g_str_equal (e->action, action))
        n++;
    }
  if (last != NULL)
    *last = NULL;
  if (last != NULL && entries->len > 0)
    {
      ScrimAuditEntry *e = g_ptr_array_index (entries, entries->len - 1);

      if (g_str_equal (e->action, action))
        *last = g_ptr_array_steal_index (entries, entries->len - 1);
    }
  return n;
}

static void
test_views (void)
{
  g_autoptr(ScrimCase) scase = open_case ();
  const struct { ScrimView view; guint n; } expected[] = {
    { SCRIM_VIEW_ALL, 37 },          /* the non-pertinent one is hidden */
    { SCRIM_VIEW_ABUSE, 3 },
    { SCRIM_VIEW_EXPLOITIVE, 1 },
    { SCRIM_VIEW_CGI, 0 },
    { SCRIM_VIEW_COMPARISON, 0 },
    { SCRIM_VIEW_UNKNOWN, 33 },
    { SCRIM_VIEW_CONFLICTS, 0 },
    { SCRIM_VIEW_IGNORABLE, 1 },
  };
  ScrimViewCount counts[SCRIM_N_VIEWS];
  g_autoptr(GError) error = NULL;

  g_assert_true (scrim_review_count_views (scase, counts, &error));
  g_assert_no_error (error);
  for (guint k = 0; k < G_N_ELEMENTS (expected); k++)
    {
      g_autoptr(GArray) ids = scrim_review_view_ids (scase, expected[k].view, 0, &error);
      ScrimViewCount one;

      g_assert_no_error (error);
      g_test_message ("view %s", scrim_view_to_string (expected[k].view));
      g_assert_cmpuint (ids->len, ==, expected[k].n);
      g_assert_true (scrim_review_count (scase, expected[k].view, 0, &one, &error));
      g_assert_cmpint (one.total, ==, expected[k].n);
      g_assert_cmpint (one.reviewed, ==, 0);
      g_assert_cmpint (counts[expected[k].view].total, ==, expected[k].n);
      g_assert_cmpint (counts[expected[k].view].reviewed, ==, 0);
      /* Ingest order. */
      for (guint i = 1; i < ids->len; i++)
        g_assert_cmpint (g_array_index (ids, gint64, i - 1), <, g_array_index (ids, gint64, i));
    }
  g_assert_cmpstr (scrim_view_to_string (SCRIM_VIEW_QUEUE), ==, "queue");
  g_assert_cmpstr (scrim_grade_to_string (SCRIM_GRADE_REVIEWED), ==, "reviewed");
  g_assert_null (scrim_grade_to_string (6));
}

static void
test_items (void)
{
  g_autoptr(ScrimCase) scase = open_case ();
  g_autoptr(GArray) abuse = scrim_review_view_ids (scase, SCRIM_VIEW_ABUSE, 0, NULL);
  g_autoptr(GArray) unknown = scrim_review_view_ids (scase, SCRIM_VIEW_UNKNOWN, 0, NULL);
  g_autoptr(GPtrArray) items = NULL;
  gint64 ids[3];
  ScrimReviewItem *item;
  g_autoptr(GError) error = NULL;

  ids[0] = g_array_index (unknown, gint64, 0);
  ids[1] = 999999;       /* skipped */
  ids[2] = g_array_index (abuse, gint64, 0);
  items = scrim_review_load_items (scase, ids, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpint (item->item_id, ==, ids[0]);
  g_assert_null (item->klass);
  g_assert_false (item->obscured);
  g_assert_cmpint (item->grade, ==, SCRIM_GRADE_NONE);
  g_assert_cmpuint (strlen (item->sha256), ==, 64);
  g_assert_cmpuint (item->thumb_width, >, 0);
  g_assert_true (g_str_has_prefix (item->label, SCRIM_GROUP_FIXTURE_EXHIBIT ":"));
  item = g_ptr_array_index (items, 1);
  g_assert_cmpint (item->item_id, ==, ids[2]);
  g_assert_cmpstr (item->klass, ==, "abuse");
  g_assert_true (item->obscured);
}

static void
test_thumbnail (void)
{
  g_autoptr(ScrimCase) scase = open_case ();
  g_autoptr(GArray) ids = scrim_review_view_ids (scase, SCRIM_VIEW_ALL, 0, NULL);
  gint64 id = g_array_index (ids, gint64, 0);
  g_autoptr(GPtrArray) items = scrim_review_load_items (scase, &id, 1, NULL);
  ScrimReviewItem *item = g_ptr_array_index (items, 0);
  g_autoptr(GError) error = NULL;
  ScrimPixels *pixels = scrim_review_thumbnail (scase, id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (pixels->width, ==, item->thumb_width);
  g_assert_cmpuint (pixels->height, ==, item->thumb_height);
  g_assert_cmpuint (pixels->channels, >=, 3);
  scrim_pixels_free (pixels);
  g_assert_null (scrim_review_thumbnail (scase, 999999, &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
}

static void
test_grading (void)
{
  g_autoptr(ScrimCase) scase = open_case ();
  g_autoptr(GArray) unknown = scrim_review_view_ids (scase, SCRIM_VIEW_UNKNOWN, 0, NULL);
  g_autoptr(GArray) previous = NULL;
  g_autoptr(GArray) again = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  ScrimAuditEntry *last = NULL;
  ScrimViewCount counts[SCRIM_N_VIEWS];
  gint64 ids[2];
  guint graded;

  ids[0] = g_array_index (unknown, gint64, 0);
  ids[1] = g_array_index (unknown, gint64, 1);
  graded = n_audit (scase, "graded", NULL);
  g_assert_true (scrim_review_grade (scase, ids, 2, SCRIM_GRADE_ABUSE, &previous, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (previous->len, ==, 2);
  g_assert_cmpint (g_array_index (previous, int, 0), ==, SCRIM_GRADE_NONE);
  g_assert_cmpuint (n_audit (scase, "graded", &last), ==, graded + 1);
  g_assert_nonnull (last);
  g_assert_cmpstr (last->examiner, ==, "Reviewer R");
  assert_contains (last->detail, "\"grade\":1,\"meaning\":\"abuse\"");
  scrim_audit_entry_free (last);

  /* Graded as abuse: obscured from now on, counted as reviewed. */
  items = scrim_review_load_items (scase, ids, 2, NULL);
  g_assert_cmpint (((ScrimReviewItem *) g_ptr_array_index (items, 0))->grade, ==, SCRIM_GRADE_ABUSE);
  g_assert_true (((ScrimReviewItem *) g_ptr_array_index (items, 0))->obscured);
  g_assert_true (scrim_review_count_views (scase, counts, NULL));
  g_assert_cmpint (counts[SCRIM_VIEW_UNKNOWN].reviewed, ==, 2);
  g_assert_cmpint (counts[SCRIM_VIEW_ALL].reviewed, ==, 2);
  g_assert_cmpint (counts[SCRIM_VIEW_ABUSE].reviewed, ==, 0);

  /* Grade one of them again: previous says abuse; undo restores both
   * steps in turn. */
  g_assert_true (scrim_review_grade (scase, ids, 1, SCRIM_GRADE_REVIEWED, &again, &error));
  g_assert_cmpint (g_array_index (again, int, 0), ==, SCRIM_GRADE_ABUSE);
  g_assert_true (scrim_review_restore_grades (scase, ids, &g_array_index (again, int, 0), 1, &error));
  g_assert_true (scrim_review_restore_grades (scase, ids, &g_array_index (previous, int, 0), 2, &error));
  g_assert_no_error (error);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = scrim_review_load_items (scase, ids, 2, NULL);
  g_assert_cmpint (((ScrimReviewItem *) g_ptr_array_index (items, 0))->grade, ==, SCRIM_GRADE_NONE);
  g_assert_false (((ScrimReviewItem *) g_ptr_array_index (items, 1))->obscured);
  g_assert_cmpuint (n_audit (scase, "grade-restored", NULL), ==, 2);
  g_assert_true (scrim_review_count_views (scase, counts, NULL));
  g_assert_cmpint (counts[SCRIM_VIEW_UNKNOWN].reviewed, ==, 0);
  g_assert_true (scrim_audit_verify (scase, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_tags_and_notes (void)
{
  g_autoptr(ScrimCase) scase = open_case ();
  gint64 id = item_at (scase, "DCIM/Camera/IMG_20260304_100000.jpg");
  g_autoptr(GError) error = NULL;
  g_autofree char *described = NULL;

  g_assert_true (scrim_review_add_tag (scase, &id, 1, "  bedroom  ", &error));
  g_assert_true (scrim_review_add_tag (scase, &id, 1, "bedroom", &error));   /* once */
  g_assert_true (scrim_review_add_note (scase, id, "Same wallpaper as\tseries B", &error));
  g_assert_no_error (error);
  g_assert_false (scrim_review_add_tag (scase, &id, 1, " ", &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (scrim_review_add_note (scase, id, "", &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_clear_error (&error);

  described = scrim_review_describe (scase, id, &error);
  g_assert_no_error (error);
  assert_contains (described, "Tag\tbedroom\n");
  g_assert_null (strstr (strstr (described, "Tag\tbedroom\n") + 1, "Tag\tbedroom\n"));
  assert_contains (described, "Note\tSame wallpaper as\\tseries B (Reviewer R, ");
  assert_contains (described, "Found at\t" SCRIM_GROUP_FIXTURE_EXHIBIT ": DCIM/Camera/IMG_20260304_100000.jpg\n");
  assert_contains (described, "Camera\tKestrel KX-12, serial KX12-0042\n");
  assert_contains (described, "SHA-256\t");
  g_assert_cmpuint (n_audit (scase, "tagged", NULL), ==, 2);
  g_assert_cmpuint (n_audit (scase, "noted", NULL), ==, 1);
  g_assert_null (scrim_review_describe (scase, 999999, &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
}

static void
test_describe_match (void)
{
  g_autoptr(ScrimCase) scase = open_case ();
  gint64 id = item_at (scase, "DCIM/Camera/IMG_20260304_101000.jpg");
  g_autofree char *described = scrim_review_describe (scase, id, NULL);

  assert_contains (described, "Category\tabuse (exact, " SCRIM_GROUP_FIXTURE_LIST_NAME);
  assert_contains (described, "Match\t" SCRIM_GROUP_FIXTURE_LIST_NAME);
  assert_contains (described, "series DEMO SERIES B");
}

static void
test_reveal (void)
{
  g_autoptr(ScrimCase) scase = open_case ();
  gint64 id = item_at (scase, "Download/series-a-01.jpg");
  g_autoptr(GError) error = NULL;
  ScrimAuditEntry *last = NULL;

  g_assert_true (scrim_review_log_reveal (scase, id, "grid", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_audit (scase, "revealed", &last), ==, 1);
  g_assert_nonnull (last);
  g_assert_cmpstr (last->examiner, ==, "Reviewer R");
  assert_contains (last->detail, "\"source\":\"" SCRIM_GROUP_FIXTURE_EXHIBIT "\"");
  assert_contains (last->detail, "\"path\":\"Download/series-a-01.jpg\"");
  assert_contains (last->detail, "\"where\":\"grid\"");
  scrim_audit_entry_free (last);
}

static gboolean
same_times (const struct stat *a,
            const struct stat *b)
{
  return a->st_atim.tv_sec == b->st_atim.tv_sec && a->st_atim.tv_nsec == b->st_atim.tv_nsec
         && a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec
         && a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

static void
test_read_evidence (void)
{
  g_autoptr(ScrimCase) scase = open_case ();
  gint64 id = item_at (scase, "Pictures/Osprey/DSC_0101.jpg");
  g_autofree char *path = g_build_filename (fixture->evidence, "Pictures/Osprey/DSC_0101.jpg", NULL);
  g_autofree char *location = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *evidence_path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  struct stat before, after;
  gsize len;

  /* Make the access time old, so a read that updated it would show. */
  {
    struct timespec times[2] = { { 1000000000, 0 }, { 0, UTIME_OMIT } };

    g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);
  }
  g_assert_cmpint (lstat (path, &before), ==, 0);
  bytes = scrim_review_read_evidence (scase, id, 64 << 20, &location, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lstat (path, &after), ==, 0);
  g_assert_true (same_times (&before, &after));
  g_assert_cmpstr (location, ==, SCRIM_GROUP_FIXTURE_EXHIBIT ":Pictures/Osprey/DSC_0101.jpg");
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, len);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), len, contents, len);
  evidence_path = scrim_review_evidence_path (scase, id);
  g_assert_cmpstr (evidence_path, ==, path);

  /* Too large for the caller. */
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = scrim_review_read_evidence (scase, id, 100, NULL, &error);
  g_assert_null (bytes);
  assert_contains (error->message, "too large to show");
  g_clear_error (&error);
}

/* Runs last: it changes the (generated) evidence. */
static void
test_evidence_changed (void)
{
  g_autoptr(ScrimCase) scase = open_case ();
  gint64 changed = item_at (scase, "Pictures/Osprey/DSC_0102.jpg");
  gint64 linked = item_at (scase, "Pictures/Fennec/F3_0001.jpg");
  gint64 gone = item_at (scase, "Pictures/Osprey/DSC_0103.jpg");
  gint64 copied = 0;
  g_autofree char *changed_path = g_build_filename (fixture->evidence, "Pictures/Osprey/DSC_0102.jpg", NULL);
  g_autofree char *gone_path = g_build_filename (fixture->evidence, "Pictures/Osprey/DSC_0103.jpg", NULL);
  g_autofree char *fennec = g_build_filename (fixture->evidence, "Pictures/Fennec", NULL);
  g_autofree char *moved = g_build_filename (fixture->root, "fennec-moved", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;

  g_assert_true (g_file_set_contents (changed_path, "not the same", -1, NULL));
  bytes = scrim_review_read_evidence (scase, changed, 64 << 20, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_IO);
  assert_contains (error->message, "Pictures/Osprey/DSC_0102.jpg (its content has changed since ingest)");
  g_clear_error (&error);

  g_assert_cmpint (g_unlink (gone_path), ==, 0);
  g_assert_null (scrim_review_read_evidence (scase, gone, 64 << 20, NULL, &error));
  assert_contains (error->message, "Pictures/Osprey/DSC_0103.jpg (No such file or directory)");
  g_clear_error (&error);
  g_assert_null (scrim_review_evidence_path (scase, gone));

  /* A folder swapped for a link to where it went: not followed. */
  g_assert_cmpint (g_rename (fennec, moved), ==, 0);
  g_assert_cmpint (symlink (moved, fennec), ==, 0);
  g_assert_null (scrim_review_read_evidence (scase, linked, 64 << 20, NULL, &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_IO);
  g_clear_error (&error);

  /* A content found at two places is read from the one that still holds
   * it: the photo copied byte for byte into Pictures/Backup. */
  {
    g_autoptr(GArray) ids = scrim_review_view_ids (scase, SCRIM_VIEW_ALL, 0, NULL);

    for (guint i = 0; i < ids->len && copied == 0; i++)
      {
        gint64 id = g_array_index (ids, gint64, i);
        g_autofree char *described = scrim_review_describe (scase, id, NULL);

        if (strstr (described, ": Pictures/Backup/") != NULL)
          copied = id;
      }
  }
  g_assert_cmpint (copied, >, 0);
  {
    g_autoptr(ScrimCase) ro = NULL;
    g_autoptr(GBytes) first = scrim_review_read_evidence (scase, copied, 64 << 20, &location, &error);
    g_autofree char *first_location = g_strdup (location);
    g_autofree char *first_path = NULL;

    g_assert_no_error (error);
    g_assert_nonnull (first);
    first_path = g_build_filename (fixture->evidence, strchr (first_location, ':') + 1, NULL);
    g_assert_cmpint (g_unlink (first_path), ==, 0);
    g_clear_pointer (&location, g_free);
    /* A read-only handle reads evidence just as well. */
    ro = scrim_case_open (fixture->case_path, SCRIM_CASE_OPEN_READ_ONLY, NULL, &error);
    g_assert_no_error (error);
    g_clear_pointer (&bytes, g_bytes_unref);
    bytes = scrim_review_read_evidence (ro, copied, 64 << 20, &location, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (location, !=, first_location);
    g_assert_true (g_bytes_equal (bytes, first));
  }
}

static void
test_next_unreviewed_group (void)
{
  g_autoptr(ScrimCase) scase = open_case ();
  g_autoptr(GError) error = NULL;
  gint64 group;
  guint guard = 0;

  /* Before grouping there is none. */
  g_assert_cmpint (scrim_review_next_unreviewed_group (scase, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_true (scrim_case_group (scase, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* Grading each group in turn leads through all of them, series first. */
  group = scrim_review_next_unreviewed_group (scase, &error);
  g_assert_cmpint (group, >, 0);
  {
    g_autoptr(GPtrArray) series = scrim_case_list_groups (scase, SCRIM_GROUP_SERIES, NULL);
    gboolean is_series = FALSE;

    for (guint i = 0; i < series->len; i++)
      is_series |= ((ScrimGroupInfo *) g_ptr_array_index (series, i))->id == group;
    g_assert_true (is_series);
  }
  while (group > 0)
    {
      g_autoptr(GArray) ids = scrim_review_view_ids (scase, SCRIM_VIEW_GROUP, group, &error);
      ScrimViewCount count;

      g_assert_no_error (error);
      g_assert_cmpuint (ids->len, >, 0);
      g_assert_true (scrim_review_grade (scase, &g_array_index (ids, gint64, 0), ids->len, SCRIM_GRADE_REVIEWED, NULL, &error));
      g_assert_true (scrim_review_count (scase, SCRIM_VIEW_GROUP, group, &count, &error));
      g_assert_cmpint (count.reviewed, ==, count.total);
      g_assert_cmpint (scrim_review_next_unreviewed_group (scase, &error), !=, group);
      group = scrim_review_next_unreviewed_group (scase, &error);
      g_assert_cmpuint (++guard, <, 100);
    }
  g_assert_cmpint (group, ==, 0);
  /* The queue view follows the score. */
  {
    g_autoptr(GArray) ids = scrim_review_view_ids (scase, SCRIM_VIEW_QUEUE, 0, &error);
    g_autoptr(GPtrArray) queue = scrim_case_queue (scase, 0, &error);

    g_assert_cmpuint (ids->len, ==, queue->len);
    for (guint i = 0; i < ids->len; i++)
      g_assert_cmpint (g_array_index (ids, gint64, i), ==, ((ScrimQueueEntry *) g_ptr_array_index (queue, i))->item_id);
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
  tmp = scrim_test_mkdtemp ("review");
  fixture = scrim_group_fixture_new (tmp, &error);
  g_assert_no_error (error);
  g_assert_true (scrim_group_fixture_build_case (fixture, &error));
  g_assert_no_error (error);

  /* In this order: later ones change the case or the evidence. */
  g_test_add_func ("/core/review/views", test_views);
  g_test_add_func ("/core/review/items", test_items);
  g_test_add_func ("/core/review/thumbnail", test_thumbnail);
  g_test_add_func ("/core/review/grading", test_grading);
  g_test_add_func ("/core/review/tags-and-notes", test_tags_and_notes);
  g_test_add_func ("/core/review/describe-match", test_describe_match);
  g_test_add_func ("/core/review/reveal", test_reveal);
  g_test_add_func ("/core/review/read-evidence", test_read_evidence);
  g_test_add_func ("/core/review/evidence-changed", test_evidence_changed);
  g_test_add_func ("/core/review/next-unreviewed-group", test_next_unreviewed_group);
  rc = g_test_run ();
  scrim_group_fixture_free (fixture);
  return rc;
}
