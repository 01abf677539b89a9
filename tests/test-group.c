/* test-group.c: grouping for victim identification, and the possibly-ongoing queue
 *
 * The fixture (scrim-group-fixture.c) is a synthetic phone with planted
 * cameras, sessions with known gaps, places, near-duplicate variants,
 * listed series and cache versus camera folders. The tests assert the
 * exact groups, their members, representatives and reasons, the first
 * entries of the queue in order with their reasons, the weights, and that
 * recomputing keeps group ids and the analyst's decisions. A few more
 * cases are written straight into SQL (places across the antimeridian,
 * odd dates).
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "scrim-group-fixture.h"
#include "scrim-group-private.h"
#include "scrim-test-util.h"

static ScrimGroupFixture *fixture;

#define assert_contains(haystack, needle) \
  G_STMT_START { \
    const char *h_ = (haystack), *n_ = (needle); \
    if (h_ == NULL || strstr (h_, n_) == NULL) \
      g_error ("expected “%s” in:\n%s", n_, h_ ? h_ : "(null)"); \
  } G_STMT_END

static ScrimCase *
open_case (ScrimCaseOpenFlags flags)
{
  g_autoptr(GError) error = NULL;
  ScrimCase *scase = scrim_case_open (fixture->case_path, flags, NULL, &error);

  g_assert_no_error (error);
  return scase;
}

static void
group_case (ScrimCase               *scase,
            const ScrimGroupOptions *options,
            ScrimGroupReport        *report)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (scrim_case_group (scase, options, report, NULL, &error));
  g_assert_no_error (error);
}

static GPtrArray *
list_groups (ScrimCase *scase,
             int        kind)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *groups = scrim_case_list_groups (scase, kind, &error);

  g_assert_no_error (error);
  return groups;
}

static GPtrArray *
members_of (ScrimCase *scase,
            gint64     group_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *members = scrim_case_group_members (scase, group_id, &error);

  g_assert_no_error (error);
  return members;
}

/* The file name of a member's first location. */
static char *
member_name (const ScrimGroupMember *m)
{
  g_auto(GStrv) paths = g_strsplit (m->paths, "; ", 2);

  return g_path_get_basename (strchr (paths[0], ':') + 1);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* "a.jpg,b.jpg,…": the sorted file names of a group's members. */
static char *
names_of (ScrimCase *scase,
          gint64     group_id)
{
  g_autoptr(GPtrArray) members = members_of (scase, group_id);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < members->len; i++)
    g_ptr_array_add (names, member_name (g_ptr_array_index (members, i)));
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (",", (char **) names->pdata);
}

/* The group of a kind that holds the file name (asserting there is one). */
static ScrimGroupInfo *
group_with (ScrimCase  *scase,
            GPtrArray  *groups,
            const char *name)
{
  for (guint i = 0; i < groups->len; i++)
    {
      ScrimGroupInfo *g = g_ptr_array_index (groups, i);
      g_autofree char *names = names_of (scase, g->id);
      g_autofree char *padded = g_strdup_printf (",%s,", names);
      g_autofree char *needle = g_strdup_printf (",%s,", name);

      if (strstr (padded, needle) != NULL)
        return g;
    }
  g_error ("no group holds %s", name);
  return NULL;
}

static gboolean
in_any_group (ScrimCase  *scase,
              GPtrArray  *groups,
              const char *name)
{
  for (guint i = 0; i < groups->len; i++)
    {
      g_autofree char *names = names_of (scase, ((ScrimGroupInfo *) g_ptr_array_index (groups, i))->id);

      if (strstr (names, name) != NULL)
        return TRUE;
    }
  return FALSE;
}

static char *
reason_of (ScrimCase  *scase,
           gint64      group_id,
           const char *name)
{
  g_autoptr(GPtrArray) members = members_of (scase, group_id);

  for (guint i = 0; i < members->len; i++)
    {
      ScrimGroupMember *m = g_ptr_array_index (members, i);
      g_autofree char *n = member_name (m);

      if (strcmp (n, name) == 0)
        return g_strdup (m->reason);
    }
  g_error ("%s is not in group %" G_GINT64_FORMAT, name, group_id);
  return NULL;
}

static void
assert_group (ScrimCase            *scase,
              const ScrimGroupInfo *g,
              const char           *names,
              const char           *representative)
{
  g_autofree char *got = names_of (scase, g->id);
  g_auto(GStrv) expected = g_strsplit (names, ",", -1);

  g_assert_cmpstr (got, ==, names);
  g_assert_cmpint (g->size, ==, g_strv_length (expected));
  if (representative != NULL)
    {
      g_autofree char *rep = g_path_get_basename (g->representative_path);

      g_assert_cmpstr (rep, ==, representative);
    }
}

/* ---- the groups ---- */

static void
test_counts (void)
{
  g_autoptr(ScrimCase) scase = open_case (SCRIM_CASE_OPEN_DEFAULT);
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GError) error = NULL;
  ScrimGroupReport r;
  ScrimAuditEntry *last;

  group_case (scase, NULL, &r);
  g_assert_cmpuint (r.groups[SCRIM_GROUP_NEAR_DUPLICATE], ==, 2);
  g_assert_cmpuint (r.groups[SCRIM_GROUP_CAMERA], ==, 4);
  g_assert_cmpuint (r.groups[SCRIM_GROUP_SESSION], ==, 5);
  g_assert_cmpuint (r.groups[SCRIM_GROUP_PLACE], ==, 3);
  g_assert_cmpuint (r.groups[SCRIM_GROUP_FOLDER], ==, 9);
  g_assert_cmpuint (r.groups[SCRIM_GROUP_SERIES], ==, 3);
  g_assert_cmpuint (r.new_groups, ==, 26);
  g_assert_cmpuint (r.gone_groups, ==, 0);
  g_assert_cmpuint (r.decisions, ==, 0);
  g_assert_cmpuint (r.queued, ==, 29);

  audit = scrim_audit_list (scase, &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (audit, audit->len - 1);
  g_assert_cmpstr (last->action, ==, "grouped");
  assert_contains (last->detail, "\"pdq_distance\":31");
  assert_contains (last->detail, "\"near-duplicate\":2");
  assert_contains (last->detail, "\"queued\":29");
}

static void
test_near_duplicates (void)
{
  g_autoptr(ScrimCase) scase = open_case (SCRIM_CASE_OPEN_READ_ONLY);
  g_autoptr(GPtrArray) groups = list_groups (scase, SCRIM_GROUP_NEAR_DUPLICATE);
  g_autoptr(GPtrArray) all = list_groups (scase, -1);
  ScrimGroupInfo *series, *photo;
  g_autofree char *mirrored = NULL, *resized = NULL, *rep = NULL;

  g_assert_cmpuint (groups->len, ==, 2);
  /* Listed by rank: the one holding listed material first. */
  series = g_ptr_array_index (groups, 0);
  photo = g_ptr_array_index (groups, 1);
  assert_group (scase, series, "3f9a1c0b.jpg,IMG-20260301-WA0007.jpg,IMG-20260301-WA0008.jpg,series-a-01.jpg",
                "series-a-01.jpg");
  g_assert_cmpint (series->size, ==, 4);
  g_assert_cmpfloat (series->rank, ==, 1);
  assert_contains (series->reasons, "4 images within PDQ distance 31 of one another (max ");
  assert_contains (series->reasons, "1 mirrored or rotated copy): 1 matched by reference lists (abuse 1), 3 unknown");
  mirrored = reason_of (scase, series->id, "IMG-20260301-WA0007.jpg");
  assert_contains (mirrored, "to the representative once mirrored");
  resized = reason_of (scase, series->id, "3f9a1c0b.jpg");
  assert_contains (resized, "to the representative as it is");
  rep = reason_of (scase, series->id, "series-a-01.jpg");
  assert_contains (rep, "the representative: the largest image (480×360)");

  assert_group (scase, photo, "IMG-20260210-WA0003.jpg,IMG_20260209_140000.jpg", "IMG_20260209_140000.jpg");
  assert_contains (photo->reasons, "2 images within PDQ distance 31 of one another");
  g_assert_null (strstr (photo->reasons, "mirrored"));

  /* Flat images have unreliable hashes: they join nothing. */
  g_assert_false (in_any_group (scase, groups, "blank-grey"));
  /* An exact copy is one content with two locations. */
  {
    ScrimGroupInfo *backup = group_with (scase, all, "IMG_20250704_184500.jpg");
    g_autoptr(GPtrArray) members = members_of (scase, backup->id);
    gboolean seen = FALSE;

    for (guint i = 0; i < members->len; i++)
      {
        ScrimGroupMember *m = g_ptr_array_index (members, i);

        if (strstr (m->paths, "IMG_20250704_184500") == NULL)
          continue;
        g_assert_cmpstr (m->paths, ==, "PHONE-1:DCIM/Camera/IMG_20250704_184500.jpg; "
                                       "PHONE-1:Pictures/Backup/IMG_20250704_184500.jpg");
        seen = TRUE;
      }
    g_assert_true (seen);
  }
}

static void
test_cameras (void)
{
  g_autoptr(ScrimCase) scase = open_case (SCRIM_CASE_OPEN_READ_ONLY);
  g_autoptr(GPtrArray) groups = list_groups (scase, SCRIM_GROUP_CAMERA);
  ScrimGroupInfo *owner, *travel, *osprey, *fennec;
  g_autofree char *zero = NULL;

  g_assert_cmpuint (groups->len, ==, 4);
  owner = group_with (scase, groups, "IMG_20250115_093012.jpg");
  travel = group_with (scase, groups, "KX_0777_1.jpg");
  osprey = group_with (scase, groups, "DSC_0101.jpg");
  fennec = group_with (scase, groups, "F3_0001.jpg");
  /* The owner's group holds a listed photo: it ranks first. */
  g_assert_true (owner == g_ptr_array_index (groups, 0));
  g_assert_cmpint (owner->size, ==, 19);
  assert_contains (owner->reasons, "19 images by Kestrel KX-12 (serial KX12-0042), captured 2025-01-15 to 2026-03-04: "
                                   "1 matched by reference lists (abuse 1), 18 unknown");
  zero = reason_of (scase, owner->id, "IMG_00000000_000000.jpg");
  g_assert_cmpstr (zero, ==, "Kestrel KX-12, no capture time recorded");
  /* Same make and model, another serial: another camera. */
  assert_group (scase, travel, "KX_0777_1.jpg,KX_0777_2.jpg", NULL);
  assert_contains (travel->reasons, "2 images by Kestrel KX-12 (serial KX12-0777), captured on 2026-02-10");
  assert_group (scase, osprey, "DSC_0101.jpg,DSC_0102.jpg,DSC_0103.jpg", NULL);
  assert_contains (osprey->reasons, "Osprey O-7 (serial O7-1188)");
  assert_group (scase, fennec, "F3_0001.jpg,F3_0002.jpg,F3_0003.jpg", NULL);
  assert_contains (fennec->reasons, "3 images by Fennec F3 (same make and model; no serial number, so possibly "
                                    "more than one camera)");
}

static void
test_sessions (void)
{
  g_autoptr(ScrimCase) scase = open_case (SCRIM_CASE_OPEN_READ_ONLY);
  g_autoptr(GPtrArray) groups = list_groups (scase, SCRIM_GROUP_SESSION);
  ScrimGroupInfo *a, *b, *travel, *osprey, *fennec;
  g_autofree char *second = NULL, *first = NULL;

  g_assert_cmpuint (groups->len, ==, 5);
  a = group_with (scase, groups, "IMG_20260304_100000.jpg");
  b = group_with (scase, groups, "IMG_20260304_110500.jpg");
  /* Split at the 45-minute gap. */
  g_assert_true (a != b);
  assert_group (scase, a, "IMG_20260304_100000.jpg,IMG_20260304_100500.jpg,IMG_20260304_101000.jpg,"
                          "IMG_20260304_101500.jpg,IMG_20260304_102000.jpg", NULL);
  assert_contains (a->reasons, "5 images by Kestrel KX-12 (serial KX12-0042), 2026-03-04 10:00 to 10:20 "
                               "(UTC+01:00), no gap over 30 min: 1 matched by reference lists (abuse 1), 4 unknown");
  second = reason_of (scase, a->id, "IMG_20260304_100500.jpg");
  g_assert_cmpstr (second, ==, "captured 2026-03-04 10:05:00 +01:00, 5 min after the previous image");
  first = reason_of (scase, a->id, "IMG_20260304_100000.jpg");
  assert_contains (first, "the first image of the session");
  assert_group (scase, b, "IMG_20260304_110500.jpg,IMG_20260304_111000.jpg,IMG_20260304_111500.jpg", NULL);
  assert_contains (b->reasons, "3 images by Kestrel KX-12 (serial KX12-0042), 2026-03-04 11:05 to 11:15");
  /* 10:00 +01:00 and 09:20 +00:00 are 20 minutes apart. */
  travel = group_with (scase, groups, "KX_0777_2.jpg");
  assert_group (scase, travel, "KX_0777_1.jpg,KX_0777_2.jpg", NULL);
  assert_contains (travel->reasons, "2026-02-10 09:00 to 09:20 UTC");
  osprey = group_with (scase, groups, "DSC_0102.jpg");
  assert_group (scase, osprey, "DSC_0101.jpg,DSC_0102.jpg,DSC_0103.jpg", NULL);
  assert_contains (osprey->reasons, "2026-01-20 14:00 to 14:25 (local time; no time zone recorded)");
  /* 19:30 is 70 minutes after 18:20: alone, so in no session. */
  fennec = group_with (scase, groups, "F3_0001.jpg");
  assert_group (scase, fennec, "F3_0001.jpg,F3_0002.jpg", NULL);
  assert_contains (fennec->reasons, "no serial number");
  g_assert_false (in_any_group (scase, groups, "F3_0003.jpg"));
  g_assert_false (in_any_group (scase, groups, "IMG_00000000_000000.jpg"));
  g_assert_false (in_any_group (scase, groups, "IMG_20260225_170000.jpg"));
}

static void
test_places (void)
{
  g_autoptr(ScrimCase) scase = open_case (SCRIM_CASE_OPEN_READ_ONLY);
  g_autoptr(GPtrArray) groups = list_groups (scase, SCRIM_GROUP_PLACE);
  ScrimGroupInfo *home, *chain, *far;
  g_autofree char *end = NULL;

  g_assert_cmpuint (groups->len, ==, 3);
  home = group_with (scase, groups, "IMG_20260304_100000.jpg");
  chain = group_with (scase, groups, "DSC_0101.jpg");
  far = group_with (scase, groups, "F3_0001.jpg");
  /* 167 m apart: two places. */
  g_assert_true (home != chain);
  assert_group (scase, home, "IMG_20260304_100000.jpg,IMG_20260304_100500.jpg,IMG_20260304_101000.jpg,"
                             "IMG_20260304_101500.jpg,IMG_20260304_102000.jpg,IMG_20260304_110500.jpg,"
                             "IMG_20260304_111000.jpg,IMG_20260304_111500.jpg", NULL);
  assert_contains (home->reasons, "8 images within 100 m of one another, directly or through each other, "
                                  "around 54.00001, 4.00001 (all within 5 m of the centre)");
  /* 70 m steps: joined through the middle one, 140 m end to end. */
  assert_group (scase, chain, "DSC_0101.jpg,DSC_0102.jpg,DSC_0103.jpg", NULL);
  assert_contains (chain->reasons, "around 54.00150, 4.00107 (all within 71 m of the centre)");
  end = reason_of (scase, chain->id, "DSC_0103.jpg");
  g_assert_cmpstr (end, ==, "at 54.001502, 4.002142: 70 m from the centre");
  assert_group (scase, far, "F3_0001.jpg,F3_0002.jpg", NULL);
  assert_contains (far->reasons, "around 54.04500, 4.00005");
}

static void
test_folders (void)
{
  g_autoptr(ScrimCase) scase = open_case (SCRIM_CASE_OPEN_READ_ONLY);
  g_autoptr(GPtrArray) groups = list_groups (scase, SCRIM_GROUP_FOLDER);
  ScrimGroupInfo *download, *camera;
  g_autofree char *known = NULL, *unknown = NULL;

  g_assert_cmpuint (groups->len, ==, 9);
  download = g_ptr_array_index (groups, 0);
  camera = g_ptr_array_index (groups, 1);
  g_assert_cmpstr (download->reasons, ==, "Folder PHONE-1:Download: 5 images, 3 matched by reference lists "
                                          "(abuse 2, exploitive 1), 1 known-good or non-pertinent, 1 unknown");
  g_assert_cmpfloat (download->rank, ==, 3);
  known = reason_of (scase, download->id, "known-ok.jpg");
  g_assert_cmpstr (known, ==, "known-ok.jpg: non-pertinent (" SCRIM_GROUP_FIXTURE_LIST_NAME ")");
  unknown = reason_of (scase, download->id, "unknown-dl.jpg");
  g_assert_cmpstr (unknown, ==, "unknown-dl.jpg: unknown");
  g_assert_cmpstr (camera->reasons, ==, "Folder PHONE-1:DCIM/Camera: 19 images, 1 matched by reference lists "
                                        "(abuse 1), 18 unknown");
  for (guint i = 2; i < groups->len; i++)
    g_assert_cmpfloat (((ScrimGroupInfo *) g_ptr_array_index (groups, i))->rank, ==, 0);
  g_assert_cmpstr (((ScrimGroupInfo *) g_ptr_array_index (groups, groups->len - 1))->reasons, ==,
                   "Folder PHONE-1:cache/img_cache: 1 image, 1 unknown");
}

static void
test_series (void)
{
  g_autoptr(ScrimCase) scase = open_case (SCRIM_CASE_OPEN_READ_ONLY);
  g_autoptr(GPtrArray) groups = list_groups (scase, SCRIM_GROUP_SERIES);
  ScrimGroupInfo *a, *b, *c;
  g_autofree char *copy = NULL, *frame = NULL, *listed = NULL;

  g_assert_cmpuint (groups->len, ==, 3);
  /* By rank: how many possible new images. */
  b = g_ptr_array_index (groups, 0);
  a = g_ptr_array_index (groups, 1);
  c = g_ptr_array_index (groups, 2);
  assert_group (scase, b, "IMG_20260304_100000.jpg,IMG_20260304_100500.jpg,IMG_20260304_101000.jpg,"
                          "IMG_20260304_101500.jpg,IMG_20260304_102000.jpg", "IMG_20260304_100000.jpg");
  g_assert_cmpstr (b->reasons, ==, "Series “DEMO SERIES B”: 1 matched by reference lists (abuse 1); 4 possible "
                                   "new material of this known series (unknown images joined to it through "
                                   "near-duplicates or the same session)");
  frame = reason_of (scase, b->id, "IMG_20260304_102000.jpg");
  g_assert_cmpstr (frame, ==, "possible new material of a known series (same session as "
                              "PHONE-1:DCIM/Camera/IMG_20260304_101000.jpg)");
  listed = reason_of (scase, b->id, "IMG_20260304_101000.jpg");
  g_assert_cmpstr (listed, ==, "matched as abuse by " SCRIM_GROUP_FIXTURE_LIST_NAME);

  assert_group (scase, a, "3f9a1c0b.jpg,IMG-20260301-WA0007.jpg,IMG-20260301-WA0008.jpg,series-a-01.jpg,"
                          "series-a-02.jpg", NULL);
  assert_contains (a->reasons, "Series “DEMO SERIES A”: 2 matched by reference lists (abuse 2); 3 possible new");
  copy = reason_of (scase, a->id, "IMG-20260301-WA0007.jpg");
  g_assert_cmpstr (copy, ==, "possible new material of a known series (near-duplicate of "
                             "PHONE-1:Download/series-a-01.jpg)");
  /* One list entry with two series names: in both. */
  assert_group (scase, c, "series-a-02.jpg", "series-a-02.jpg");
  g_assert_cmpstr (c->reasons, ==, "Series “DEMO SERIES C”: 1 matched by reference lists (abuse 1)");
}

/* ---- the queue ---- */

/* "signal=weight,…" of a queue entry's reasons, checking each has a why. */
static char *
signals_of (const ScrimQueueEntry *e)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);
  JsonArray *reasons;

  g_assert_true (json_parser_load_from_data (parser, e->reasons, -1, &error));
  g_assert_no_error (error);
  reasons = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (reasons); i++)
    {
      JsonObject *r = json_array_get_object_element (reasons, i);

      g_assert_cmpuint (strlen (json_object_get_string_member (r, "why")), >, 10);
      g_string_append_printf (out, "%s%s=%.2f", i ? "," : "", json_object_get_string_member (r, "signal"),
                              json_object_get_double_member (r, "weight"));
    }
  return g_string_free (out, FALSE);
}

static GPtrArray *
queue_of (ScrimCase *scase,
          guint      limit)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *queue = scrim_case_queue (scase, limit, &error);

  g_assert_no_error (error);
  return queue;
}

static void
assert_entry (GPtrArray  *queue,
              guint       i,
              const char *name,
              double      score,
              const char *signals)
{
  ScrimQueueEntry *e = g_ptr_array_index (queue, i);
  g_autofree char *base = g_path_get_basename (e->path);
  g_autofree char *got = signals_of (e);

  g_assert_cmpstr (base, ==, name);
  g_assert_cmpfloat_with_epsilon (e->score, score, 0.005);
  g_assert_cmpstr (got, ==, signals);
  if (i > 0)
    {
      ScrimQueueEntry *prev = g_ptr_array_index (queue, i - 1);

      g_assert_true (prev->score > e->score || (prev->score == e->score && prev->item_id < e->item_id));
    }
}

#define SESSION_A "owner-camera=3.00,recent=2.00,camera-folder=1.50,near-abuse=3.00,session-size=1.16"
#define SESSION_B "owner-camera=3.00,recent=2.00,camera-folder=1.50,session-size=0.79"

static void
test_queue (void)
{
  g_autoptr(ScrimCase) scase = open_case (SCRIM_CASE_OPEN_READ_ONLY);
  g_autoptr(GPtrArray) queue = queue_of (scase, 0);
  g_autoptr(GPtrArray) top = queue_of (scase, 3);
  ScrimQueueEntry *e;

  g_assert_cmpuint (queue->len, ==, 29);
  g_assert_cmpuint (top->len, ==, 3);
  /* The planted ongoing session: owner's camera, recent, DCIM, beside a
   * listed image; then the session 45 minutes later. */
  assert_entry (queue, 0, "IMG_20260304_100000.jpg", 10.66, SESSION_A);
  assert_entry (queue, 1, "IMG_20260304_100500.jpg", 10.66, SESSION_A);
  assert_entry (queue, 2, "IMG_20260304_101500.jpg", 10.66, SESSION_A);
  assert_entry (queue, 3, "IMG_20260304_102000.jpg", 10.66, SESSION_A);
  assert_entry (queue, 4, "IMG_20260304_110500.jpg", 7.29, SESSION_B);
  assert_entry (queue, 5, "IMG_20260304_111000.jpg", 7.29, SESSION_B);
  assert_entry (queue, 6, "IMG_20260304_111500.jpg", 7.29, SESSION_B);
  assert_entry (queue, 7, "IMG_20260209_140000.jpg", 6.5, "owner-camera=3.00,recent=2.00,camera-folder=1.50");
  assert_entry (queue, 9, "IMG_20260118_113000.jpg", 6.39, "owner-camera=3.00,recent=1.89,camera-folder=1.50");

  e = g_ptr_array_index (queue, 0);
  assert_contains (e->reasons, "taken by Kestrel KX-12 (serial KX12-0042), likely the owner's own camera: it took "
                               "18 of the device's 26 ordinary photos with camera details (69 %)");
  assert_contains (e->reasons, "captured 2026-03-04 10:00, 3 days before the seizure date (2026-03-07)");
  assert_contains (e->reasons, "stored in a camera folder: PHONE-1:DCIM/Camera/IMG_20260304_100000.jpg");
  assert_contains (e->reasons, "same session as PHONE-1:DCIM/Camera/IMG_20260304_101000.jpg (abuse)");
  assert_contains (e->reasons, "one of 5 images of a capture session");

  /* Received copies near listed material rank low, and unknown received
   * images without other signals not at all. */
  for (guint i = 0; i < queue->len; i++)
    {
      e = g_ptr_array_index (queue, i);
      g_assert_null (strstr (e->path, "WA0003"));
      g_assert_null (strstr (e->path, "unknown-dl"));
      g_assert_null (strstr (e->path, "blank-grey"));
      g_assert_null (strstr (e->path, "series-a"));
      g_assert_null (strstr (e->path, "101000"));
      if (strstr (e->path, "WA0007") != NULL)
        {
          g_autofree char *got = signals_of (e);

          g_assert_cmpstr (got, ==, "download-folder=-1.50,near-abuse=3.00");
          assert_contains (e->reasons, "near-duplicate of PHONE-1:Download/series-a-01.jpg (abuse)");
        }
    }
}

static void
test_weights (void)
{
  g_autoptr(ScrimCase) scase = open_case (SCRIM_CASE_OPEN_DEFAULT);
  g_autoptr(GPtrArray) weights = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GError) error = NULL;
  const char *expected[] = { "owner-camera", "recent", "camera-folder", "download-folder", "near-abuse",
                             "session-size" };
  const double defaults[] = { 3.0, 2.0, 1.5, -1.5, 3.0, 0.5 };

  weights = scrim_case_queue_weights (scase, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (weights->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < weights->len; i++)
    {
      ScrimQueueWeight *w = g_ptr_array_index (weights, i);

      g_assert_cmpstr (w->signal, ==, expected[i]);
      g_assert_cmpfloat (w->weight, ==, defaults[i]);
      g_assert_cmpuint (strlen (w->description), >, 40);
    }

  /* Nearness to listed material counting against: the later session first. */
  g_assert_true (scrim_case_set_queue_weight (scase, "near-abuse", -5, &error));
  g_assert_no_error (error);
  queue = queue_of (scase, 5);
  assert_entry (queue, 0, "IMG_20260304_110500.jpg", 7.29, SESSION_B);
  g_clear_pointer (&weights, g_ptr_array_unref);
  weights = scrim_case_queue_weights (scase, &error);
  g_assert_cmpfloat (((ScrimQueueWeight *) g_ptr_array_index (weights, 4))->weight, ==, -5);
  audit = scrim_audit_list (scase, &error);
  g_assert_cmpstr (((ScrimAuditEntry *) g_ptr_array_index (audit, audit->len - 1))->action, ==, "queue-weight-set");

  g_assert_false (scrim_case_set_queue_weight (scase, "moon-phase", 1, &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (scrim_case_set_queue_weight (scase, "recent", NAN, &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_clear_error (&error);

  /* Back to the default, and the order is back too. */
  g_assert_true (scrim_case_set_queue_weight (scase, "near-abuse", 3, &error));
  g_clear_pointer (&queue, g_ptr_array_unref);
  queue = queue_of (scase, 5);
  assert_entry (queue, 0, "IMG_20260304_100000.jpg", 10.66, SESSION_A);
}

/* ---- recomputing ---- */

/* Everything listed as one string: with ids and the queue, or only the
 * groups' shapes. */
static char *
snapshot_full (ScrimCase *scase,
               gboolean   ids)
{
  g_autoptr(GPtrArray) groups = list_groups (scase, -1);
  g_autoptr(GPtrArray) queue = queue_of (scase, 0);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < groups->len; i++)
    {
      ScrimGroupInfo *g = g_ptr_array_index (groups, i);
      g_autoptr(GPtrArray) members = members_of (scase, g->id);

      g_string_append_printf (out, "%" G_GINT64_FORMAT " %s %s %s %s\n", ids ? g->id : 0,
                              scrim_group_kind_to_string (g->kind),
                              g->name ? g->name : "-", g->reasons, g->representative_sha256);
      for (guint k = 0; k < members->len; k++)
        {
          ScrimGroupMember *m = g_ptr_array_index (members, k);

          g_string_append_printf (out, "  %s %s %s\n", m->sha256, m->paths, m->reason);
        }
    }
  for (guint i = 0; ids && i < queue->len; i++)
    {
      ScrimQueueEntry *e = g_ptr_array_index (queue, i);

      g_string_append_printf (out, "%s %.2f %s\n", e->path, e->score, e->reasons);
    }
  return g_string_free (out, FALSE);
}

static char *
snapshot (ScrimCase *scase)
{
  return snapshot_full (scase, TRUE);
}

static void
test_idempotent (void)
{
  g_autoptr(ScrimCase) scase = open_case (SCRIM_CASE_OPEN_DEFAULT);
  g_autofree char *before = snapshot (scase);
  g_autofree char *after = NULL;
  ScrimGroupReport r;

  group_case (scase, NULL, &r);
  g_assert_cmpuint (r.new_groups, ==, 0);
  g_assert_cmpuint (r.gone_groups, ==, 0);
  after = snapshot (scase);
  g_assert_cmpstr (after, ==, before);
}

/* Searching the index of originals with 8 variants each finds what
 * searching the index of all variants with the originals finds. */
static void
test_variant_queries (void)
{
  g_autoptr(ScrimCase) scase = open_case (SCRIM_CASE_OPEN_DEFAULT);
  g_autofree char *before = snapshot (scase);
  g_autofree char *after = NULL;
  ScrimGroupReport r;

  _scrim_group_set_all_variants_max (0);
  group_case (scase, NULL, &r);
  _scrim_group_set_all_variants_max (200000);
  g_assert_cmpuint (r.new_groups, ==, 0);
  after = snapshot (scase);
  g_assert_cmpstr (after, ==, before);
}

static void
test_options (void)
{
  g_autoptr(ScrimCase) scase = open_case (SCRIM_CASE_OPEN_DEFAULT);
  g_autofree char *before = snapshot_full (scase, FALSE);
  g_autofree char *after = NULL;
  ScrimGroupOptions options = SCRIM_GROUP_OPTIONS_INIT;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) places = NULL;
  g_autoptr(GPtrArray) near = NULL;
  ScrimGroupReport r;

  options.session_gap = 3600;
  options.place_radius = 200;
  options.pdq_distance = 12;
  options.jobs = 1;
  group_case (scase, &options, &r);
  sessions = list_groups (scase, SCRIM_GROUP_SESSION);
  places = list_groups (scase, SCRIM_GROUP_PLACE);
  near = list_groups (scase, SCRIM_GROUP_NEAR_DUPLICATE);
  /* One session of 8 across the 45-minute gap; home and the chain 167 m
   * north are one place; at distance 12 the resized copies drop out. */
  g_assert_true (group_with (scase, sessions, "IMG_20260304_100000.jpg")
                 == group_with (scase, sessions, "IMG_20260304_111500.jpg"));
  g_assert_cmpint (group_with (scase, sessions, "IMG_20260304_100000.jpg")->size, ==, 8);
  assert_contains (group_with (scase, sessions, "IMG_20260304_100000.jpg")->reasons, "no gap over 1 h");
  g_assert_cmpint (group_with (scase, places, "DSC_0103.jpg")->size, ==, 11);
  g_assert_false (in_any_group (scase, near, "3f9a1c0b.jpg"));
  g_assert_cmpuint (r.gone_groups, >, 0);

  /* And back: the same groups as before (ids may differ for the groups
   * whose key changed). */
  group_case (scase, NULL, &r);
  after = snapshot_full (scase, FALSE);
  g_assert_cmpstr (after, ==, before);
}

static ScrimGroupInfo *
find_id (GPtrArray *groups,
         gint64     id)
{
  for (guint i = 0; i < groups->len; i++)
    if (((ScrimGroupInfo *) g_ptr_array_index (groups, i))->id == id)
      return g_ptr_array_index (groups, i);
  return NULL;
}

static char *
sha_of (ScrimCase  *scase,
        gint64      group_id,
        const char *name)
{
  g_autoptr(GPtrArray) members = members_of (scase, group_id);

  for (guint i = 0; i < members->len; i++)
    {
      g_autofree char *n = member_name (g_ptr_array_index (members, i));

      if (strcmp (n, name) == 0)
        return g_strdup (((ScrimGroupMember *) g_ptr_array_index (members, i))->sha256);
    }
  g_error ("%s is not in group %" G_GINT64_FORMAT, name, group_id);
  return NULL;
}

/* After the decisions of test_decisions, as they must look. */
static void
assert_decided (ScrimCase *scase,
                gint64     camera_id,
                gint64     home_id,
                gint64     session_id,
                gint64     split_id)
{
  g_autoptr(GPtrArray) cameras = list_groups (scase, SCRIM_GROUP_CAMERA);
  g_autoptr(GPtrArray) places = list_groups (scase, SCRIM_GROUP_PLACE);
  g_autoptr(GPtrArray) sessions = list_groups (scase, SCRIM_GROUP_SESSION);
  ScrimGroupInfo *g;
  g_autofree char *names = NULL;

  g = find_id (cameras, camera_id);
  g_assert_nonnull (g);
  g_assert_cmpstr (g->name, ==, "Owner's phone");
  g_assert_cmpint (g->size, ==, 19);
  g_assert_cmpuint (places->len, ==, 2);
  g = find_id (places, home_id);
  g_assert_nonnull (g);
  g_assert_cmpint (g->size, ==, 11);
  assert_contains (g->reasons, "; merged by the analyst with: 3 images within 100 m");
  g_assert_true (group_with (scase, places, "DSC_0102.jpg") == g);
  g = find_id (sessions, session_id);
  g_assert_nonnull (g);
  names = names_of (scase, g->id);
  g_assert_cmpstr (names, ==, "IMG_20260304_100000.jpg,IMG_20260304_100500.jpg,IMG_20260304_101500.jpg,"
                              "IMG_20260304_102000.jpg");
  assert_contains (g->reasons, "; 1 image split off by the analyst");
  g = find_id (sessions, split_id);
  g_assert_nonnull (g);
  assert_group (scase, g, "IMG_20260304_101000.jpg", "IMG_20260304_101000.jpg");
  assert_contains (g->reasons, "1 image split off by the analyst from: 5 images by Kestrel KX-12");
  g_assert_cmpuint (sessions->len, ==, 6);
}

static void
test_decisions (void)
{
  g_autoptr(ScrimCase) scase = open_case (SCRIM_CASE_OPEN_DEFAULT);
  g_autoptr(GPtrArray) cameras = list_groups (scase, SCRIM_GROUP_CAMERA);
  g_autoptr(GPtrArray) places = list_groups (scase, SCRIM_GROUP_PLACE);
  g_autoptr(GPtrArray) sessions = list_groups (scase, SCRIM_GROUP_SESSION);
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listed = NULL;
  gint64 camera_id = group_with (scase, cameras, "IMG_20250115_093012.jpg")->id;
  gint64 home_id = group_with (scase, places, "IMG_20260304_100000.jpg")->id;
  gint64 chain_id = group_with (scase, places, "DSC_0101.jpg")->id;
  gint64 session_id = group_with (scase, sessions, "IMG_20260304_100000.jpg")->id;
  gint64 ids[] = { home_id, chain_id };
  gint64 merged = 0, split = 0;
  const char *anchors[2] = { NULL, NULL };
  ScrimGroupReport r;

  g_assert_true (scrim_group_name (scase, camera_id, "Owner's phone", &error));
  g_assert_no_error (error);
  g_assert_true (scrim_group_merge (scase, ids, 2, &merged, &error));
  g_assert_no_error (error);
  g_assert_cmpint (merged, ==, home_id);
  listed = sha_of (scase, session_id, "IMG_20260304_101000.jpg");
  anchors[0] = listed;
  g_assert_true (scrim_group_split (scase, session_id, anchors, &split, &error));
  g_assert_no_error (error);
  g_assert_cmpint (split, >, 0);
  /* In force at once… */
  assert_decided (scase, camera_id, home_id, session_id, split);
  audit = scrim_audit_list (scase, &error);
  g_assert_cmpstr (((ScrimAuditEntry *) g_ptr_array_index (audit, audit->len - 3))->action, ==, "group-named");
  g_assert_cmpstr (((ScrimAuditEntry *) g_ptr_array_index (audit, audit->len - 2))->action, ==, "group-merged");
  g_assert_cmpstr (((ScrimAuditEntry *) g_ptr_array_index (audit, audit->len - 1))->action, ==, "group-split");

  /* …and after every recomputation, with the same ids. */
  group_case (scase, NULL, &r);
  g_assert_cmpuint (r.decisions, ==, 3);
  g_assert_cmpuint (r.new_groups, ==, 0);
  g_assert_cmpuint (r.gone_groups, ==, 0);
  assert_decided (scase, camera_id, home_id, session_id, split);
  group_case (scase, NULL, &r);
  assert_decided (scase, camera_id, home_id, session_id, split);
  /* The listed photo left the session: its series gained nothing from it. */
  series = list_groups (scase, SCRIM_GROUP_SERIES);
  g_assert_cmpint (group_with (scase, series, "IMG_20260304_101000.jpg")->size, ==, 1);
}

static void
test_invalid_decisions (void)
{
  g_autoptr(ScrimCase) scase = open_case (SCRIM_CASE_OPEN_DEFAULT);
  g_autoptr(GPtrArray) cameras = list_groups (scase, SCRIM_GROUP_CAMERA);
  g_autoptr(GPtrArray) places = list_groups (scase, SCRIM_GROUP_PLACE);
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GError) error = NULL;
  gint64 camera_id = group_with (scase, cameras, "F3_0001.jpg")->id;
  gint64 other_camera = group_with (scase, cameras, "DSC_0101.jpg")->id;
  gint64 place_id = group_with (scase, places, "F3_0001.jpg")->id;
  g_autofree char *before = snapshot (scase);
  g_autofree char *after = NULL;
  g_autofree char *outsider = sha_of (scase, place_id, "F3_0001.jpg");
  g_autofree char *f1 = sha_of (scase, camera_id, "F3_0001.jpg");
  g_autofree char *f2 = sha_of (scase, camera_id, "F3_0002.jpg");
  g_autofree char *f3 = sha_of (scase, camera_id, "F3_0003.jpg");
  const char *everything[] = { f1, f2, f3, NULL };
  const char *malformed[] = { "not-a-hash", NULL };
  const char *foreign[] = { outsider, NULL };
  const char *none[] = { NULL };
  gint64 mixed[] = { camera_id, place_id };
  gint64 twice[] = { camera_id, camera_id };
  gint64 missing[] = { camera_id, 999999 };
  gint64 id = 0;
  guint entries;

  audit = scrim_audit_list (scase, &error);
  entries = audit->len;
#define REFUSED(call, expected) \
  G_STMT_START { \
    g_assert_false (call); \
    g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID); \
    assert_contains (error->message, expected); \
    g_clear_error (&error); \
  } G_STMT_END

  REFUSED (scrim_group_name (scase, 999999, "x", &error), "there is no group 999999");
  REFUSED (scrim_group_name (scase, camera_id, "\xff\xfe", &error), "UTF-8");
  REFUSED (scrim_group_merge (scase, mixed, 1, &id, &error), "at least two groups");
  REFUSED (scrim_group_merge (scase, twice, 2, &id, &error), "is given twice");
  REFUSED (scrim_group_merge (scase, missing, 2, &id, &error), "there is no group 999999");
  REFUSED (scrim_group_merge (scase, mixed, 2, &id, &error), "only groups of one kind can be merged");
  REFUSED (scrim_group_split (scase, camera_id, none, &id, &error), "SHA-256 of the images");
  REFUSED (scrim_group_split (scase, camera_id, malformed, &id, &error), "is not a SHA-256");
  REFUSED (scrim_group_split (scase, other_camera, foreign, &id, &error), "is not an image of group");
  REFUSED (scrim_group_split (scase, camera_id, everything, &id, &error), "cannot split off every image");
  REFUSED (scrim_group_split (scase, 999999, foreign, &id, &error), "there is no group 999999");
#undef REFUSED

  /* Nothing changed, nothing audited. */
  after = snapshot (scase);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&audit, g_ptr_array_unref);
  audit = scrim_audit_list (scase, &error);
  g_assert_cmpuint (audit->len, ==, entries);
}

static void
test_read_only (void)
{
  g_autoptr(ScrimCase) scase = open_case (SCRIM_CASE_OPEN_READ_ONLY);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) weights = NULL;
  ScrimGroupReport r;

  g_assert_false (scrim_case_group (scase, NULL, &r, NULL, &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (scrim_group_name (scase, 1, "x", &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (scrim_case_group_members (scase, 999999, &error));
  g_assert_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_clear_error (&error);
  weights = scrim_case_queue_weights (scase, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (weights->len, ==, 6);
}

static void
test_cancelled (void)
{
  g_autoptr(ScrimCase) scase = open_case (SCRIM_CASE_OPEN_DEFAULT);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = snapshot (scase);
  g_autofree char *after = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (scrim_case_group (scase, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  after = snapshot (scase);
  g_assert_cmpstr (after, ==, before);
}

/* ---- cases written in SQL ---- */

static sqlite3 *
sql_case (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimCase) scase = scrim_case_open (path, SCRIM_CASE_OPEN_CREATE, NULL, &error);
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  g_clear_object (&scase);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO source (root, exhibit, added, added_by) "
                                     "VALUES (x'2f', 'SQL', '2026', 'test');", NULL, NULL, NULL), ==, SQLITE_OK);
  return db;
}

static void
sql_image (sqlite3    *db,
           gint64      id,
           const char *make,
           const char *when,
           const char *offset,
           double      lat,
           double      lon)
{
  g_autofree char *lat_text = isnan (lat) ? g_strdup ("NULL") : g_strdup_printf ("%.9f", lat);
  g_autofree char *lon_text = isnan (lon) ? g_strdup ("NULL") : g_strdup_printf ("%.9f", lon);
  char *message = NULL;
  char *sql;

  sql = sqlite3_mprintf ("INSERT INTO item (id, sha256, sha1, md5, size, type, status, width, height, facts_version) "
                         "VALUES (%lld, randomblob (32), randomblob (20), randomblob (16), 1, 'jpeg', 'ok', 10, 10, 2);"
                         "INSERT INTO file (source_id, path, item_id) VALUES (1, CAST ('img%lld.jpg' AS BLOB), %lld);"
                         "INSERT INTO exif (item_id, make, model, datetime_original, offset_time_original, gps_lat, "
                         "  gps_lon) VALUES (%lld, CAST (%Q AS BLOB), CAST ('M' AS BLOB), CAST (%Q AS BLOB), "
                         "  CAST (%Q AS BLOB), %s, %s);",
                         (long long) id, (long long) id, (long long) id, (long long) id, make, when, offset,
                         lat_text, lon_text);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s", message);
  sqlite3_free (sql);
}

static void
test_sql_edges (void)
{
  g_autofree char *tmp = scrim_test_mkdtemp ("group-sql");
  g_autofree char *path = g_build_filename (tmp, "edges.scrim", NULL);
  g_autoptr(ScrimCase) scase = NULL;
  g_autoptr(GPtrArray) places = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) cameras = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = sql_case (path);
  ScrimGroupReport r;

  /* Across the antimeridian, 67 m apart; around the pole, 22 m apart; at
   * (0, 0), no position; out of range, none. */
  sql_image (db, 1, "A", "2026:01:01 10:00:00", NULL, 0.0, 179.9997);
  sql_image (db, 2, "A", "2026:01:01 10:20:00", NULL, 0.0, -179.9997);
  sql_image (db, 3, "B", "2026:02:30 10:00:00", NULL, 89.9999, 10.0);
  sql_image (db, 4, "B", "2026:02:28 10:00:00", NULL, 89.9999, -170.0);
  sql_image (db, 5, "C", "0000:00:00 00:00:00", NULL, 0.0, 0.0);
  sql_image (db, 6, "C", "2026:01:01 10:00:00", "+05:30", 95.0, 10.0);
  sql_image (db, 7, "C", "2026:01:01 05:00:00", "+00:00", NAN, NAN);
  sql_image (db, 8, "  C \t", "2026:01:01 04:40:00", "+00:00", NAN, NAN);
  sqlite3_close (db);

  scase = scrim_case_open (path, SCRIM_CASE_OPEN_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  group_case (scase, NULL, &r);
  places = list_groups (scase, SCRIM_GROUP_PLACE);
  g_assert_cmpuint (places->len, ==, 2);
  for (guint i = 0; i < places->len; i++)
    g_assert_cmpint (((ScrimGroupInfo *) g_ptr_array_index (places, i))->size, ==, 2);
  /* February 30th is no date; "0000:00:00" neither. 10:00 +05:30 is 04:30
   * UTC: 10 min before 04:40 and 30 min before 05:00, one session. The
   * make is compared trimmed. */
  cameras = list_groups (scase, SCRIM_GROUP_CAMERA);
  g_assert_cmpuint (cameras->len, ==, 3);
  sessions = list_groups (scase, SCRIM_GROUP_SESSION);
  g_assert_cmpuint (sessions->len, ==, 2);
  for (guint i = 0; i < sessions->len; i++)
    {
      ScrimGroupInfo *g = g_ptr_array_index (sessions, i);

      if (strstr (g->reasons, "C M") != NULL)
        {
          g_assert_cmpint (g->size, ==, 3);
          assert_contains (g->reasons, "2026-01-01 04:30 to 05:00 UTC");
        }
      else
        g_assert_cmpint (g->size, ==, 2);
    }
}

static void
test_empty (void)
{
  g_autofree char *tmp = scrim_test_mkdtemp ("group-empty");
  g_autofree char *path = g_build_filename (tmp, "empty.scrim", NULL);
  g_autoptr(ScrimCase) scase = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(GError) error = NULL;
  ScrimGroupReport r;

  scase = scrim_case_open (path, SCRIM_CASE_OPEN_CREATE, NULL, &error);
  g_assert_no_error (error);
  groups = list_groups (scase, -1);
  g_assert_cmpuint (groups->len, ==, 0);
  group_case (scase, NULL, &r);
  for (int k = 0; k < SCRIM_N_GROUP_KINDS; k++)
    g_assert_cmpuint (r.groups[k], ==, 0);
  g_assert_cmpuint (r.queued, ==, 0);
  queue = queue_of (scase, 0);
  g_assert_cmpuint (queue->len, ==, 0);
}

static void
test_kinds (void)
{
  ScrimGroupKind kind = SCRIM_GROUP_CAMERA;

  for (int k = 0; k < SCRIM_N_GROUP_KINDS; k++)
    {
      g_assert_true (scrim_group_kind_from_string (scrim_group_kind_to_string (k), &kind));
      g_assert_cmpint (kind, ==, k);
    }
  g_assert_false (scrim_group_kind_from_string ("galaxy", &kind));
  g_assert_null (scrim_group_kind_to_string (SCRIM_N_GROUP_KINDS));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *tmp = NULL;
  g_autoptr(GError) error = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  tmp = scrim_test_mkdtemp ("group");
  fixture = scrim_group_fixture_new (tmp, &error);
  g_assert_no_error (error);
  g_assert_true (scrim_group_fixture_build_case (fixture, &error));
  g_assert_no_error (error);

  g_test_add_func ("/core/group/kinds", test_kinds);
  g_test_add_func ("/core/group/counts", test_counts);
  g_test_add_func ("/core/group/near-duplicates", test_near_duplicates);
  g_test_add_func ("/core/group/cameras", test_cameras);
  g_test_add_func ("/core/group/sessions", test_sessions);
  g_test_add_func ("/core/group/places", test_places);
  g_test_add_func ("/core/group/folders", test_folders);
  g_test_add_func ("/core/group/series", test_series);
  g_test_add_func ("/core/group/queue", test_queue);
  g_test_add_func ("/core/group/weights", test_weights);
  g_test_add_func ("/core/group/idempotent", test_idempotent);
  g_test_add_func ("/core/group/variant-queries", test_variant_queries);
  g_test_add_func ("/core/group/options", test_options);
  g_test_add_func ("/core/group/read-only", test_read_only);
  g_test_add_func ("/core/group/cancelled", test_cancelled);
  g_test_add_func ("/core/group/decisions", test_decisions);
  g_test_add_func ("/core/group/invalid-decisions", test_invalid_decisions);
  g_test_add_func ("/core/group/sql-edges", test_sql_edges);
  g_test_add_func ("/core/group/empty", test_empty);
  rc = g_test_run ();
  scrim_group_fixture_free (fixture);
  return rc;
}
