/* bench-group.c: grouping a 100 k-image case
 *
 * Builds a synthetic case straight in SQL (no pixels: random PDQ hashes,
 * with planted clusters of near-duplicates; EXIF from a few dozen cameras
 * in capture sessions; GPS clusters; a thousand folders; some matched
 * items), then times scrim_case_group() (goal: <= 10 s) and, as a baseline
 * measured in the same run, a plain SQL scan of the same facts.
 *
 *   bench-group [--items N] [--dir DIR]
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bench-util.h"
#include "scrim-core.h"

#define CLUSTER 5

static void
random_bytes (GRand  *rand,
              guint8 *out,
              gsize   len)
{
  for (gsize i = 0; i < len; i++)
    out[i] = g_rand_int (rand);
}

/* A near-duplicate of base: k random bits flipped. */
static void
perturb (GRand        *rand,
         const guint8 *base,
         guint8       *out,
         guint         k)
{
  memcpy (out, base, 32);
  for (guint i = 0; i < k; i++)
    {
      guint bit = g_rand_int_range (rand, 0, 256);

      out[bit / 8] ^= 1 << (bit % 8);
    }
}

static void
insert_item (sqlite3_stmt *item,
             GRand        *rand,
             const guint8 *pdq)
{
  guint8 buf[224];

  random_bytes (rand, buf, 32);
  sqlite3_bind_blob (item, 1, buf, 32, SQLITE_TRANSIENT);
  sqlite3_bind_blob (item, 2, buf, 20, SQLITE_TRANSIENT);
  sqlite3_bind_blob (item, 3, buf + 4, 16, SQLITE_TRANSIENT);
  sqlite3_bind_blob (item, 4, pdq, 32, SQLITE_TRANSIENT);
  random_bytes (rand, buf, 224);
  sqlite3_bind_blob (item, 5, buf, 224, SQLITE_TRANSIENT);
  sqlite3_bind_int (item, 6, 1000 + g_rand_int_range (rand, 0, 3000));
  sqlite3_bind_int (item, 7, 750 + g_rand_int_range (rand, 0, 2000));
  bench_step (item);
}

static void
insert_exif (sqlite3_stmt *exif,
             GRand        *rand,
             gint64        item_id)
{
  guint camera = g_rand_int_range (rand, 0, 40);
  gint64 t = 1767225600 + (gint64) (item_id / 20) * 3600 * 6 + (item_id % 20) * 120;
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);
  g_autofree char *when = g_date_time_format (dt, "%Y:%m:%d %H:%M:%S");
  g_autofree char *make = g_strdup_printf ("Maker %u", camera % 8);
  g_autofree char *model = g_strdup_printf ("Model %u", camera);
  g_autofree char *serial = camera % 3 ? g_strdup_printf ("SN%05u", camera) : NULL;

  sqlite3_bind_int64 (exif, 1, item_id);
  sqlite3_bind_blob (exif, 2, make, strlen (make), SQLITE_TRANSIENT);
  sqlite3_bind_blob (exif, 3, model, strlen (model), SQLITE_TRANSIENT);
  if (serial)
    sqlite3_bind_blob (exif, 4, serial, strlen (serial), SQLITE_TRANSIENT);
  sqlite3_bind_blob (exif, 5, when, strlen (when), SQLITE_TRANSIENT);
  if (item_id % 3 == 0)
    {
      guint place = g_rand_int_range (rand, 0, 500);

      sqlite3_bind_double (exif, 6, 52.0 + place * 0.01 + g_rand_double (rand) * 0.0005);
      sqlite3_bind_double (exif, 7, 4.0 + place * 0.01 + g_rand_double (rand) * 0.0005);
    }
  bench_step (exif);
  sqlite3_clear_bindings (exif);
}

static void
build_case (const char *path,
            guint       n_items)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimCase) scase = scrim_case_open (path, SCRIM_CASE_OPEN_CREATE, NULL, &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  sqlite3 *db = NULL;
  sqlite3_stmt *item, *exif, *file;
  guint8 base[32], pdq[32];

  g_assert_no_error (error);
  g_clear_object (&scase);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  bench_exec_or_die (db, "PRAGMA synchronous = OFF; BEGIN;"
                   "INSERT INTO source (root, exhibit, added, added_by) VALUES (x'2f', 'BENCH', '2026', 'bench');");
  item = bench_prepare (db, "INSERT INTO item (sha256, sha1, md5, size, type, status, facts_version, pdq, "
                      "pdq_quality, pdq_unreliable, pdq_dihedral, width, height) "
                      "VALUES (?1, ?2, ?3, 1000, 'jpeg', 'ok', 2, ?4, 100, 0, ?5, ?6, ?7);");
  exif = bench_prepare (db, "INSERT INTO exif (item_id, make, model, serial, datetime_original, gps_lat, gps_lon, "
                      "has_thumbnail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0);");
  file = bench_prepare (db, "INSERT INTO file (source_id, path, item_id) VALUES (1, ?1, ?2);");

  for (guint i = 1; i <= n_items; i++)
    {
      g_autofree char *name = g_strdup_printf ("folder%04u/IMG_%06u.jpg", i % 1000, i);

      /* Every 10th item starts a cluster of near-duplicates. */
      if (i % 10 == 1)
        random_bytes (rand, base, 32);
      if (i % 10 >= 1 && i % 10 <= CLUSTER)
        perturb (rand, base, pdq, g_rand_int_range (rand, 0, 12));
      else
        random_bytes (rand, pdq, 32);
      insert_item (item, rand, pdq);
      if (i % 2 == 0)
        insert_exif (exif, rand, i);
      sqlite3_bind_blob (file, 1, name, strlen (name), SQLITE_TRANSIENT);
      sqlite3_bind_int64 (file, 2, i);
      bench_step (file);
    }
  sqlite3_finalize (item);
  sqlite3_finalize (exif);
  sqlite3_finalize (file);
  bench_exec_or_die (db, "INSERT INTO list_version (name, format, kind, imported, entries, sources, first_matched, "
                   "  last_matched) VALUES ('Bench', 'vics', 'known-bad', '2026', 0, '[]', '2026', '2026');"
                   "INSERT INTO item_category (item_id, class, source, match_kind, conflict, ignorable) "
                   "  SELECT id, 'abuse', 'Bench', 'exact', 0, 0 FROM item WHERE id % 97 = 0;"
                   "INSERT INTO match (item_id, list_version_id, entry_id, kind, category, class, series, flags) "
                   "  SELECT id, 1, id, 'md5', '1', 'abuse', 'BENCH SERIES ' || (id % 50), 0 "
                   "  FROM item WHERE id % 97 = 0;"
                   "COMMIT;");
  sqlite3_close (db);
}

static double
baseline_scan (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 start = g_get_monotonic_time ();
  gsize bytes = 0;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  stmt = bench_prepare (db, "SELECT i.id, i.pdq, i.pdq_dihedral, e.make, e.model, e.datetime_original, "
                      "e.gps_lat, f.path FROM item i LEFT JOIN exif e ON e.item_id = i.id "
                      "JOIN file f ON f.item_id = i.id;");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    bytes += sqlite3_column_bytes (stmt, 2);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return (g_get_monotonic_time () - start) / 1e6;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- grouping benchmark");
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimCase) scase = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  ScrimGroupReport report;
  int items = 100000;
  gint64 start;
  double scan;
  const GOptionEntry entries[] = {
    { "items", 0, 0, G_OPTION_ARG_INT, &items, "images in the case (100000)", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Work folder (default: a temporary one)", "DIR" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (dir == NULL)
    dir = g_dir_make_tmp ("scrim-bench-group-XXXXXX", NULL);
  path = g_build_filename (dir, "group.scrim", NULL);
  g_unlink (path);

  start = g_get_monotonic_time ();
  build_case (path, items);
  printf ("bench-group: %u cores; built a case of %d images in %.1f s\n", g_get_num_processors (), items,
          (g_get_monotonic_time () - start) / 1e6);
  scan = baseline_scan (path);

  scase = scrim_case_open (path, SCRIM_CASE_OPEN_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  if (!scrim_case_group (scase, NULL, &report, NULL, &error))
    g_error ("%s", error->message);
  printf ("group: %.2f s   (goal <= 10 s); baseline: one SQL scan of the same facts %.2f s\n",
          report.seconds, scan);
  for (int k = 0; k < SCRIM_N_GROUP_KINDS; k++)
    printf ("  %-15s %" G_GUINT64_FORMAT " groups\n", scrim_group_kind_to_string (k), report.groups[k]);
  printf ("  queue: %" G_GUINT64_FORMAT " images\n", report.queued);
  printf ("  planted: %d clusters of %d near-duplicates\n", items / 10, CLUSTER);

  /* Again, to show a recomputation keeps its groups. */
  if (!scrim_case_group (scase, NULL, &report, NULL, &error))
    g_error ("%s", error->message);
  printf ("regroup: %.2f s, %" G_GUINT64_FORMAT " new and %" G_GUINT64_FORMAT " gone groups\n",
          report.seconds, report.new_groups, report.gone_groups);
  return 0;
}
