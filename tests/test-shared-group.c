/* test-shared-group.c: the corpus's real cameras group as exiftool says
 *
 * Every file of ../shared/corpus-dev that exiftool gives a Make and a Model
 * must be in a camera group, and all members of one camera group must have
 * the same Make and Model per exiftool (up to the differences listed in
 * tests/data/exif-differences.tsv).
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "scrim-test-util.h"

typedef struct
{
  char *make;
  char *model;
  char *path;
} Camera;

static void
camera_free (Camera *c)
{
  g_free (c->make);
  g_free (c->model);
  g_free (c->path);
  g_free (c);
}

/* sha256 -> exiftool's Make and Model, for files that have both. */
static GHashTable *
load_cameras (const char *shared)
{
  g_autofree char *path = g_build_filename (shared, "corpus-dev", "EXPECTED.tsv", NULL);
  g_autofree char *diffs = g_test_build_filename (G_TEST_DIST, "data", "exif-differences.tsv", NULL);
  g_autoptr(ScrimTestTable) table = scrim_test_table_load (path);
  g_autoptr(ScrimTestTable) listed = scrim_test_table_load (diffs);
  guint c_path = scrim_test_table_column (table, "path");
  guint c_sha = scrim_test_table_column (table, "sha256");
  guint c_make = scrim_test_table_column (table, "exif_make_exiftool");
  guint c_model = scrim_test_table_column (table, "exif_model_exiftool");
  GHashTable *cameras = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) camera_free);

  for (guint i = 0; i < table->rows->len; i++)
    {
      GStrv row = g_ptr_array_index (table->rows, i);
      gboolean differs = FALSE;
      Camera *c;

      /* A file whose Make or Model Scrim reads otherwise (listed, with
       * the reason) is left out. */
      for (guint k = 0; k < listed->rows->len; k++)
        {
          GStrv d = g_ptr_array_index (listed->rows, k);

          differs |= g_str_equal (d[0], row[c_path]) && (g_str_equal (d[1], "make") || g_str_equal (d[1], "model"));
        }
      if (*row[c_make] == '\0' || *row[c_model] == '\0' || differs)
        continue;
      c = g_new0 (Camera, 1);
      c->make = g_strdup (row[c_make]);
      c->model = g_strdup (row[c_model]);
      c->path = g_strdup (row[c_path]);
      g_hash_table_replace (cameras, g_strdup (row[c_sha]), c);
    }
  return cameras;
}

static void
test_cameras (void)
{
  const char *shared = scrim_test_require_shared ();
  g_autofree char *tmp = scrim_test_mkdtemp ("shared-group");
  g_autofree char *case_path = g_build_filename (tmp, "corpus.scrim", NULL);
  g_autofree char *corpus = g_build_filename (shared, "corpus-dev", NULL);
  g_autoptr(GHashTable) cameras = load_cameras (shared);
  g_autoptr(GHashTable) grouped = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(ScrimCase) scase = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpint (scrim_test_run_scrim (NULL, NULL, "ingest", "--quiet", case_path, corpus, NULL), ==, 0);
  g_assert_cmpint (scrim_test_run_scrim (NULL, NULL, "group", case_path, NULL), ==, 0);
  scase = scrim_case_open (case_path, SCRIM_CASE_OPEN_READ_ONLY, NULL, &error);
  g_assert_no_error (error);
  groups = scrim_case_list_groups (scase, SCRIM_GROUP_CAMERA, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < groups->len; i++)
    {
      ScrimGroupInfo *g = g_ptr_array_index (groups, i);
      g_autoptr(GPtrArray) members = scrim_case_group_members (scase, g->id, &error);
      const Camera *first = NULL;

      g_assert_no_error (error);
      for (guint k = 0; k < members->len; k++)
        {
          ScrimGroupMember *m = g_ptr_array_index (members, k);
          const Camera *c = g_hash_table_lookup (cameras, m->sha256);

          if (c == NULL)
            continue;
          g_hash_table_add (grouped, (gpointer) c->path);
          if (first == NULL)
            first = c;
          else if (!g_str_equal (first->make, c->make) || !g_str_equal (first->model, c->model))
            g_error ("camera group %" G_GINT64_FORMAT " mixes %s %s (%s) and %s %s (%s)", g->id,
                     first->make, first->model, first->path, c->make, c->model, c->path);
        }
    }

  g_hash_table_iter_init (&iter, cameras);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const Camera *c = value;

      if (!g_hash_table_contains (grouped, c->path))
        g_error ("%s (%s %s per exiftool) is in no camera group", c->path, c->make, c->model);
    }
  g_test_message ("%u camera groups; all %u files exiftool gives a Make and Model are grouped as it says",
                  groups->len, g_hash_table_size (cameras));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  scrim_test_require_shared ();
  g_test_add_func ("/shared/group/cameras", test_cameras);
  return g_test_run ();
}
