/* bench-lists.c: importing a big VICS list, and matching a big case against big lists
 *
 * 1. Writes a 1 M-record VICS 2.0 Media list (invented hashes, categories,
 *    series, flags), imports it, and prints the time and the peak RSS of
 *    the import (goal: <= 10 s, <= 256 MB). For a baseline in the same run
 *    it also times a plain read of the file (the floor any import pays).
 * 2. Builds a 100 k-image case and a library holding 10 M exact entries and
 *    1 M PDQ entries straight in SQL (random digests and hashes, with
 *    planted hits: exact copies of list digests and of list PDQ hashes), and
 *    times scrim_match_case(), checking that every planted hit is found.
 *
 *   bench-lists [--records N] [--exact N] [--pdq N] [--items N] [--dir DIR]
 *
 * Everything here is synthetic; no real list is used.
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

static void
random_hex (GRand *rand,
            char  *out,
            guint  bytes)
{
  static const char digits[] = "0123456789ABCDEF";

  for (guint i = 0; i < bytes; i++)
    {
      guint8 b = g_rand_int (rand);

      out[2 * i] = digits[b >> 4];
      out[2 * i + 1] = digits[b & 15];
    }
  out[2 * bytes] = '\0';
}

static void
write_vics (const char *path,
            guint       records)
{
  FILE *f = fopen (path, "w");
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  char md5[33], sha1[41];

  g_assert_nonnull (f);
  fputs ("{\"@odata.context\":\"http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/US/"
         "$metadata#Media\",\"value\":[\n", f);
  for (guint i = 0; i < records; i++)
    {
      random_hex (rand, md5, 16);
      random_hex (rand, sha1, 20);
      fprintf (f, "%s{\"MediaID\":%u,\"Category\":%u,\"MD5\":\"%s\",\"SHA1\":\"%s\",\"MediaSize\":%u,"
                  "\"DateUpdated\":\"2026-01-02T03:04:05.000Z\",\"IsPrecategorized\":\"true\","
                  "\"VictimIdentified\":%s,\"OffenderIdentified\":false,\"IsDistributed\":\"true\","
                  "\"Series\":%s,\"Tags\":\"\",\"Comments\":\"\"}\n",
               i ? "," : "", i + 1, g_rand_int_range (rand, 0, 5), md5, sha1,
               g_rand_int_range (rand, 1000, 5000000), i % 7 ? "false" : "true",
               i % 13 ? "null" : "\"DEMO SERIES\"");
    }
  fputs ("]}\n", f);
  fclose (f);
}

static double
read_floor (const char *path)
{
  gint64 start = g_get_monotonic_time ();
  char buf[1 << 16];
  int fd = open (path, O_RDONLY);

  while (read (fd, buf, sizeof buf) > 0)
    ;
  close (fd);
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
bench_import (const char *dir,
              guint       records)
{
  g_autofree char *json = g_build_filename (dir, "big-vics.json", NULL);
  g_autofree char *lib_path = g_build_filename (dir, "import-library.db", NULL);
  g_autoptr(ScrimLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  const char *files[] = { json, NULL };
  ScrimImportReport report = { 0 };
  GStatBuf st;
  gint64 start = g_get_monotonic_time ();
  double floor_s;
  long rss_before, rss;

  write_vics (json, records);
  g_stat (json, &st);
  printf ("wrote %u VICS 2.0 records (%.0f MB) in %.1f s\n", records, st.st_size / 1e6,
          (g_get_monotonic_time () - start) / 1e6);
  floor_s = read_floor (json);

  g_unlink (lib_path);
  library = scrim_library_open (lib_path, &error);
  g_assert_no_error (error);
  bench_reset_peak_rss ();
  rss_before = bench_peak_rss_kb ();
  if (!scrim_library_import (library, "Bench VICS", files, NULL, &report, NULL, &error))
    g_error ("%s", error->message);
  rss = bench_peak_rss_kb ();
  printf ("import: %" G_GUINT64_FORMAT " records -> %" G_GUINT64_FORMAT " entries in %.2f s "
          "(%.0f records/s); peak RSS %ld MB (%ld MB before)   (goal <= 10 s, <= 256 MB)\n",
          report.records, report.entries, report.seconds, report.records / report.seconds,
          rss / 1024, rss_before / 1024);
  printf ("  baseline: reading the file alone takes %.2f s; import/read = %.1f\n", floor_s,
          report.seconds / floor_s);
  scrim_import_report_clear (&report);
}

/* A library list of n_exact random MD5+SHA-1 entries and n_pdq random PDQ
 * entries, written in SQL for speed (the import is measured above). */
static void
fill_library (const char *path,
              guint       n_exact,
              guint       n_pdq)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimLibrary) library = scrim_library_open (path, &error);
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  bench_exec_or_die (db, "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; BEGIN;"
                   "INSERT INTO list (name, format, kind, scheme, imported, imported_by, entries, records, problems) "
                   "VALUES ('Bench exact', 'vics', 'known-bad', 'vics-us', '2026', 'bench', 0, 0, 0),"
                   "       ('Bench PDQ', 'pdq', 'known-bad', 'vics-us', '2026', 'bench', 0, 0, 0);");
  sql = g_strdup_printf ("WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %u) "
                         "INSERT INTO entry (list_id, md5, sha1, category, flags) "
                         "SELECT 1, randomblob (16), randomblob (20), '1', 0 FROM n;", n_exact);
  bench_exec_or_die (db, sql);
  g_free (sql);
  sql = g_strdup_printf ("WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %u) "
                         "INSERT INTO entry (list_id, pdq, pdq_quality, category, flags) "
                         "SELECT 2, randomblob (32), 100, '2', 0 FROM n;", n_pdq);
  bench_exec_or_die (db, sql);
  bench_exec_or_die (db, "COMMIT;");
  sqlite3_close (db);
}

/* A case of n_items images with random digests and PDQ hashes; plants
 * 1000 exact hits (copies of list digests) and 1000 PDQ neighbours. */
static void
fill_case (const char *case_path,
           const char *lib_path,
           guint       n_items,
           guint       n_exact)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimCase) scase = scrim_case_open (case_path, SCRIM_CASE_OPEN_CREATE, NULL, &error);
  g_autofree char *sql = NULL;
  g_autofree char *attach = g_strdup_printf ("ATTACH '%s' AS lib;", lib_path);
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  g_clear_object (&scase);
  g_assert_cmpint (sqlite3_open (case_path, &db), ==, SQLITE_OK);
  bench_exec_or_die (db, attach);
  bench_exec_or_die (db, "PRAGMA synchronous = OFF; BEGIN;"
                   "INSERT INTO source (root, added, added_by) VALUES (x'2f', '2026', 'bench');");
  sql = g_strdup_printf ("WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %u) "
                         "INSERT INTO item (sha256, sha1, md5, size, type, status, facts_version, pdq, "
                         "  pdq_quality, pdq_unreliable, pdq_dihedral) "
                         "SELECT randomblob (32), randomblob (20), randomblob (16), 1000, 'jpeg', 'ok', 2, "
                         "  randomblob (32), 100, 0, randomblob (224) FROM n;", n_items);
  bench_exec_or_die (db, sql);
  /* Planted: 1000 items carry a list MD5, 1000 a list PDQ hash. */
  g_free (sql);
  sql = g_strdup_printf ("UPDATE item SET md5 = (SELECT md5 FROM lib.entry WHERE lib.entry.id = item.id * 7) "
                         "WHERE id <= 1000;"
                         "UPDATE item SET pdq = (SELECT pdq FROM lib.entry "
                         "  WHERE lib.entry.id = %u + item.id * 3) "
                         "WHERE id > 1000 AND id <= 2000;"
                         "INSERT INTO file (source_id, path, item_id) SELECT 1, CAST (id AS BLOB), id FROM item;"
                         "COMMIT;", n_exact);
  bench_exec_or_die (db, sql);
  sqlite3_close (db);
}

static void
bench_match (const char *dir,
             guint       n_exact,
             guint       n_pdq,
             guint       n_items)
{
  g_autofree char *lib_path = g_build_filename (dir, "match-library.db", NULL);
  g_autofree char *case_path = g_build_filename (dir, "match.scrim", NULL);
  g_autoptr(ScrimLibrary) library = NULL;
  g_autoptr(ScrimCase) scase = NULL;
  g_autoptr(GError) error = NULL;
  ScrimMatchReport report;
  gint64 start = g_get_monotonic_time ();

  g_unlink (lib_path);
  g_unlink (case_path);
  fill_library (lib_path, n_exact, n_pdq);
  fill_case (case_path, lib_path, n_items, n_exact);
  printf ("\nbuilt a library of %u exact + %u PDQ entries and a case of %u images in %.1f s\n",
          n_exact, n_pdq, n_items, (g_get_monotonic_time () - start) / 1e6);

  library = scrim_library_open (lib_path, &error);
  scase = scrim_case_open (case_path, SCRIM_CASE_OPEN_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  if (!scrim_match_case (scase, library, NULL, &report, NULL, &error))
    g_error ("%s", error->message);
  printf ("match: %.2f s in all (exact %.2f s, PDQ %.2f s: %" G_GUINT64_FORMAT " images x 8 variants "
          "= %.0f queries/s)\n", report.seconds, report.exact_seconds, report.pdq_seconds,
          report.pdq_queried, report.pdq_queried * 8 / report.pdq_seconds);
  printf ("  %" G_GUINT64_FORMAT " exact and %" G_GUINT64_FORMAT " PDQ matches (planted: 1000 and 1000 "
          "or more)\n", report.exact, report.pdq);
  if (report.exact < 1000 || report.pdq < 1000)
    g_error ("planted matches were missed");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- reference list benchmarks");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  int records = 1000000, n_exact = 10000000, n_pdq = 1000000, items = 100000;
  const GOptionEntry entries[] = {
    { "records", 0, 0, G_OPTION_ARG_INT, &records, "VICS records to import (1000000)", "N" },
    { "exact", 0, 0, G_OPTION_ARG_INT, &n_exact, "exact list entries to match against (10000000)", "N" },
    { "pdq", 0, 0, G_OPTION_ARG_INT, &n_pdq, "PDQ list entries to match against (1000000)", "N" },
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
    dir = g_dir_make_tmp ("scrim-bench-lists-XXXXXX", NULL);
  printf ("bench-lists: %u cores, work folder %s\n", g_get_num_processors (), dir);
  bench_import (dir, records);
  bench_match (dir, n_exact, n_pdq, items);
  return 0;
}
