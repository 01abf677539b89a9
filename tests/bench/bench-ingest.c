/* bench-ingest.c: ingest throughput against the floor of reading, hashing and decoding
 *
 * Generates a deterministic photo-like "seized device" (12 MP camera JPEGs
 * with EXIF, chat-sized JPEGs, small cache images, PNG screenshots; all
 * drawn by core/scrim-synth.c), warms the page cache, then measures in one
 * run:
 *
 *   floor    a plain loop, one thread: read each file, MD5+SHA-1+SHA-256 it,
 *            decode it at the size ingest decodes (DCT scaling for JPEG)
 *   jobs=1   scrim_ingest_run() with one worker, into a fresh case (and
 *            once more without PDQ, to show what PDQ costs)
 *   jobs=2   the same with two workers
 *
 * and prints ingest/floor for one job (goal <= 1.5: EXIF, thumbnails and the
 * database cost less than half of what reading, hashing and decoding must)
 * and the speed-up of two jobs over one (goal >= 1.8 on two cores).
 *
 *   bench-ingest [--camera N] [--chat N] [--cache N] [--png N] [--dir DIR] [--rounds N]
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bench-util.h"
#include "scrim-core.h"
#include "scrim-ingest-private.h"

typedef struct
{
  GPtrArray *paths;
  guint64    bytes;
} FileSet;

static void
collect (const char *dir,
         FileSet    *set)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect (path, set);
      else
        {
          GStatBuf st;

          if (g_stat (path, &st) == 0)
            set->bytes += st.st_size;
          g_ptr_array_add (set->paths, g_steal_pointer (&path));
        }
    }
}

static guint8 *
read_all (const char *path,
          gsize      *len)
{
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, len, NULL))
    g_error ("cannot read %s", path);
  return (guint8 *) contents;
}

/* The floor: what any ingest must do at least, in the simplest loop. */
static double
run_floor (FileSet *set)
{
  gint64 start = g_get_monotonic_time ();
  ScrimDecodeOptions options = { 0, SCRIM_DEFAULT_MIN_SIDE };

  for (guint i = 0; i < set->paths->len; i++)
    {
      gsize len = 0;
      g_autofree guint8 *data = read_all (g_ptr_array_index (set->paths, i), &len);
      ScrimDigests digests;
      ScrimDecodeResult result = { 0 };

      scrim_digests_compute (data, len, &digests);
      scrim_image_decode (data, len, &options, &result);
      scrim_decode_result_clear (&result);
    }
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
warm_cache (FileSet *set)
{
  for (guint i = 0; i < set->paths->len; i++)
    {
      gsize len = 0;
      g_autofree guint8 *data = read_all (g_ptr_array_index (set->paths, i), &len);
    }
}

static double
run_ingest (const char *dir,
            const char *evidence,
            guint       jobs,
            guint       round,
            gboolean    pdq)
{
  g_autofree char *name = g_strdup_printf ("bench-j%u-r%u.scrim", jobs, round);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimCase) scase = NULL;
  g_autoptr(ScrimIngest) ingest = NULL;
  gint64 start;
  double seconds;

  g_unlink (path);
  scase = scrim_case_open (path, SCRIM_CASE_OPEN_CREATE, NULL, &error);
  if (scase == NULL)
    g_error ("%s", error->message);
  ingest = scrim_ingest_new (scase);
  scrim_ingest_set_jobs (ingest, jobs);
  _scrim_ingest_set_skip_pdq (ingest, !pdq);
  if (!scrim_ingest_add_source (ingest, evidence, "BENCH", &error))
    g_error ("%s", error->message);

  start = g_get_monotonic_time ();
  if (!scrim_ingest_run (ingest, NULL, &error))
    g_error ("%s", error->message);
  seconds = (g_get_monotonic_time () - start) / 1e6;

  g_clear_object (&ingest);
  g_clear_object (&scase);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  return seconds;
}

static double
median (double *values,
        guint   n)
{
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      if (values[j] < values[i])
        {
          double t = values[i];

          values[i] = values[j];
          values[j] = t;
        }
  return values[n / 2];
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- ingest benchmark");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *evidence = NULL;
  ScrimSynthSetSpec spec = { 24, 120, 400, 24 };
  FileSet set = { g_ptr_array_new_with_free_func (g_free), 0 };
  int rounds = 3;
  double floor_s[9], one_s[9], two_s[9], nopdq_s[9];
  double floor_m, one_m, two_m, nopdq_m;
  long rss_one = 0, rss_two = 0;
  gint64 start;
  const GOptionEntry entries[] = {
    { "camera", 0, 0, G_OPTION_ARG_INT, &spec.n_camera, "12 MP camera JPEGs (24)", "N" },
    { "chat", 0, 0, G_OPTION_ARG_INT, &spec.n_chat, "chat-sized JPEGs (120)", "N" },
    { "cache", 0, 0, G_OPTION_ARG_INT, &spec.n_cache, "small cache JPEGs (400)", "N" },
    { "png", 0, 0, G_OPTION_ARG_INT, &spec.n_png, "PNG screenshots (24)", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Work folder (kept; default: a temporary one)", "DIR" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Rounds; medians are printed (3)", "N" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  rounds = CLAMP (rounds, 1, 9);
  if (dir == NULL)
    dir = g_dir_make_tmp ("scrim-bench-XXXXXX", NULL);
  evidence = g_build_filename (dir, "evidence", NULL);

  if (!g_file_test (evidence, G_FILE_TEST_IS_DIR))
    {
      start = g_get_monotonic_time ();
      if (!scrim_synth_write_set (evidence, &spec, 2026, &error))
        g_error ("%s", error->message);
      printf ("generated %u camera + %u chat + %u cache + %u PNG files in %.1f s\n",
              spec.n_camera, spec.n_chat, spec.n_cache, spec.n_png,
              (g_get_monotonic_time () - start) / 1e6);
    }
  collect (evidence, &set);
  printf ("set: %u files, %.1f MB, in %s\n", set.paths->len, set.bytes / 1e6, evidence);
  printf ("cores: %u; page cache warm (the figures measure CPU, not the disk)\n",
          g_get_num_processors ());
  warm_cache (&set);

  for (int r = 0; r < rounds; r++)
    {
      floor_s[r] = run_floor (&set);
      bench_reset_peak_rss ();
      nopdq_s[r] = run_ingest (dir, evidence, 1, r, FALSE);
      one_s[r] = run_ingest (dir, evidence, 1, r, TRUE);
      rss_one = MAX (rss_one, bench_peak_rss_kb ());
      bench_reset_peak_rss ();
      two_s[r] = run_ingest (dir, evidence, 2, r, TRUE);
      rss_two = MAX (rss_two, bench_peak_rss_kb ());
      printf ("round %d: floor %.2f s, jobs=1 %.2f s (without PDQ %.2f s), jobs=2 %.2f s\n", r + 1,
              floor_s[r], one_s[r], nopdq_s[r], two_s[r]);
    }

  floor_m = median (floor_s, rounds);
  one_m = median (one_s, rounds);
  two_m = median (two_s, rounds);
  nopdq_m = median (nopdq_s, rounds);
  printf ("\nmedian of %d rounds:\n", rounds);
  printf ("  floor (read+3 hashes+decode, 1 thread): %6.2f s  %7.1f files/s  %6.1f MB/s\n",
          floor_m, set.paths->len / floor_m, set.bytes / 1e6 / floor_m);
  printf ("  ingest --jobs 1:                        %6.2f s  %7.1f files/s  %6.1f MB/s  peak RSS %ld MB\n",
          one_m, set.paths->len / one_m, set.bytes / 1e6 / one_m, rss_one / 1024);
  printf ("  ingest --jobs 2:                        %6.2f s  %7.1f files/s  %6.1f MB/s  peak RSS %ld MB\n",
          two_m, set.paths->len / two_m, set.bytes / 1e6 / two_m, rss_two / 1024);
  printf ("  ingest --jobs 1 without PDQ:            %6.2f s  %7.1f files/s\n",
          nopdq_m, set.paths->len / nopdq_m);
  printf ("ingest/floor (jobs=1): %.2f   (goal <= 1.5)\n", one_m / floor_m);
  printf ("PDQ adds %.1f %% to the ingest (jobs=1)   (goal <= 10 %%)\n", 100.0 * (one_m / nopdq_m - 1));
  printf ("speed-up jobs=2/jobs=1: %.2f   (goal >= 1.8)\n", one_m / two_m);

  g_ptr_array_unref (set.paths);
  return 0;
}
