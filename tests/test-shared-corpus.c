/* test-shared-corpus.c: the whole third-party corpus through `scrim ingest`
 *
 * Ingests ../shared/corpus-dev (908 real-world files: cameras, conformance
 * suites, fuzz and corrupt files) and holds every row of `scrim files`
 * against EXPECTED.tsv (coreutils hashes, ExifTool's facts, Pillow's and
 * ImageMagick's verdicts):
 *
 * - size, MD5, SHA-1 and SHA-256 equal for every file;
 * - ok for every file both Pillow and ImageMagick decode (a 12-bit JPEG may
 *   be unsupported instead), and not ok for every file neither decodes;
 * - width and height equal to ExifTool's for every ok file;
 * - Make, Model, DateTimeOriginal, Orientation and GPS equal to ExifTool's
 *   on at least 98 % of the files where ExifTool has them, every remaining
 *   difference listed with its reason in tests/data/exif-differences.tsv.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scrim-test-util.h"

enum { E_PATH, E_SIZE, E_MD5, E_SHA1, E_SHA256, E_FORMAT, E_WIDTH, E_HEIGHT, E_CODING, E_DECODES,
       E_PIL, E_IM, E_MAKE, E_MODEL, E_DTO, E_ORIENTATION, E_LAT, E_LON, E_THUMB, E_CATEGORY, E_N };

enum { F_SOURCE, F_PATH, F_SIZE, F_MD5, F_SHA1, F_SHA256, F_TYPE, F_STATUS, F_WIDTH, F_HEIGHT,
       F_MAKE, F_MODEL, F_SERIAL, F_DTO, F_ORIENTATION, F_LAT, F_LON, F_PDQ, F_PDQ_QUALITY, F_CATEGORY, F_CATEGORY_SOURCE, F_MATCH_KIND, F_PDQ_DISTANCE,
       F_CONFLICT, F_N };

static const char * const expected_columns[E_N] = {
  "path", "size_bytes", "md5", "sha1", "sha256", "format_exiftool", "width_exiftool",
  "height_exiftool", "coding_exiftool", "decodes", "decode_pil", "decode_imagemagick",
  "exif_make_exiftool", "exif_model_exiftool", "exif_datetimeoriginal_exiftool",
  "exif_orientation_exiftool", "gps_lat_exiftool", "gps_lon_exiftool",
  "exif_thumbnail_len_exiftool", "category_curator",
};
static const char * const difference_columns[5] = { "path", "field", "scrim", "exiftool", "reason" };

static const char *shared;
static GHashTable *rows;        /* path (TSV-escaped) -> GStrv of `scrim files` fields */
static GPtrArray *expected;     /* GStrv of EXPECTED.tsv fields (still escaped) */
static GHashTable *allowed;     /* "path\tfield" -> "scrim\texiftool" */

/* Reads a TSV and checks its columns are the ones the enums above name. */
static GPtrArray *
read_tsv (const char         *path,
          const char * const *columns,
          guint               n_columns)
{
  g_autoptr(ScrimTestTable) table = scrim_test_table_load (path);

  g_assert_cmpuint (g_strv_length (table->names), ==, n_columns);
  for (guint i = 0; i < n_columns; i++)
    g_assert_cmpstr (table->names[i], ==, columns[i]);
  return g_ptr_array_ref (table->rows);
}

static void
ingest_corpus (void)
{
  g_autofree char *tmp = scrim_test_mkdtemp ("corpus");
  g_autofree char *case_path = g_build_filename (tmp, "corpus.scrim", NULL);
  g_autofree char *corpus = g_build_filename (shared, "corpus-dev", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *tsv = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 started = g_get_monotonic_time ();

  if (scrim_test_run_scrim (&out, &err, "ingest", "--quiet", case_path, corpus, NULL) != 0)
    g_error ("ingest of the corpus failed: %s", err);
  g_test_message ("ingest of corpus-dev: %.1f s", (g_get_monotonic_time () - started) / 1e6);

  tsv = scrim_test_files_tsv (case_path);
  lines = g_strsplit (tsv, "\n", -1);
  rows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_strfreev);
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      char **f = g_strsplit (lines[i], "\t", -1);

      g_assert_cmpuint (g_strv_length (f), ==, F_N);
      g_hash_table_insert (rows, f[F_PATH], f);
    }
}

static char **
row (const char *path)
{
  char **f = g_hash_table_lookup (rows, path);

  if (f == NULL)
    g_error ("no row in `scrim files` for %s", path);
  return f;
}

static void
test_hashes (void)
{
  for (guint i = 0; i < expected->len; i++)
    {
      char **e = g_ptr_array_index (expected, i);
      char **f = row (e[E_PATH]);

      g_assert_cmpstr (f[F_SIZE], ==, e[E_SIZE]);
      g_assert_cmpstr (f[F_MD5], ==, e[E_MD5]);
      g_assert_cmpstr (f[F_SHA1], ==, e[E_SHA1]);
      g_assert_cmpstr (f[F_SHA256], ==, e[E_SHA256]);
    }
  g_test_message ("%u files: size and three hashes equal", expected->len);
}

static void
test_status_and_size (void)
{
  guint yes = 0, no = 0, twelve = 0, mixed_ok = 0, mixed = 0, sized = 0;

  for (guint i = 0; i < expected->len; i++)
    {
      char **e = g_ptr_array_index (expected, i);
      char **f = row (e[E_PATH]);
      gboolean ok = g_str_equal (f[F_STATUS], "ok");

      if (g_str_equal (e[E_DECODES], "yes"))
        {
          if (strstr (e[E_CODING], "bits=12") != NULL && g_str_equal (f[F_STATUS], "unsupported"))
            twelve++;
          else if (!ok)
            g_error ("%s: both Pillow and ImageMagick decode it, Scrim says %s", e[E_PATH], f[F_STATUS]);
          yes++;
        }
      else if (g_str_equal (e[E_DECODES], "no"))
        {
          if (ok)
            g_error ("%s: neither Pillow nor ImageMagick decodes it, Scrim says ok", e[E_PATH]);
          no++;
        }
      else
        {
          mixed++;
          mixed_ok += ok;
        }

      if (ok)
        {
          if (!g_str_equal (f[F_WIDTH], e[E_WIDTH]) || !g_str_equal (f[F_HEIGHT], e[E_HEIGHT]))
            g_error ("%s: Scrim %sx%s, exiftool %sx%s", e[E_PATH], f[F_WIDTH], f[F_HEIGHT],
                     e[E_WIDTH], e[E_HEIGHT]);
          sized++;
        }
    }
  g_test_message ("decodes=yes: %u ok (%u of them 12-bit and unsupported); decodes=no: %u not ok; "
                  "mixed: %u ok of %u; size equal to exiftool's on all %u ok files",
                  yes - twelve, twelve, no, mixed_ok, mixed, sized);
}

static void
load_allowed (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "exif-differences.tsv", NULL);
  g_autoptr(GPtrArray) lines = read_tsv (path, difference_columns, 5);

  allowed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < lines->len; i++)
    {
      char **l = g_ptr_array_index (lines, i);

      g_hash_table_insert (allowed, g_strdup_printf ("%s\t%s", l[0], l[1]),
                           g_strdup_printf ("%s\t%s", l[2], l[3]));
    }
}

static gboolean
same_value (const char *field,
            const char *scrim,
            const char *exiftool)
{
  if (g_str_has_prefix (field, "gps") && *scrim != '\0' && *exiftool != '\0')
    return fabs (g_ascii_strtod (scrim, NULL) - g_ascii_strtod (exiftool, NULL)) < 2e-7;
  return g_str_equal (scrim, exiftool);
}

/* One EXIF field over the corpus: agreement where exiftool has a value,
 * and every difference (either way) must be a listed one. */
static void
check_field (const char *name,
             int         e_index,
             int         f_index)
{
  guint has = 0, agree = 0, listed = 0;

  for (guint i = 0; i < expected->len; i++)
    {
      char **e = g_ptr_array_index (expected, i);
      char **f = row (e[E_PATH]);
      g_autofree char *key = NULL;
      g_autofree char *pair = NULL;
      const char *reason;

      if (e[e_index][0] != '\0')
        has++;
      if (same_value (name, f[f_index], e[e_index]))
        {
          agree += e[e_index][0] != '\0';
          continue;
        }
      key = g_strdup_printf ("%s\t%s", e[E_PATH], name);
      pair = g_strdup_printf ("%s\t%s", f[f_index], e[e_index]);
      reason = g_hash_table_lookup (allowed, key);
      if (reason == NULL || !g_str_equal (reason, pair))
        g_error ("%s %s: Scrim “%s”, exiftool “%s”, and tests/data/exif-differences.tsv does not "
                 "list this difference", e[E_PATH], name, f[f_index], e[e_index]);
      listed++;
    }
  g_test_message ("%-17s exiftool has %3u; equal on %3u (%.1f %%); %u listed differences",
                  name, has, agree, has ? 100.0 * agree / has : 100.0, listed);
  g_assert_cmpfloat (has ? (double) agree / has : 1.0, >=, 0.98);
}

static void
test_exif (void)
{
  load_allowed ();
  check_field ("make", E_MAKE, F_MAKE);
  check_field ("model", E_MODEL, F_MODEL);
  check_field ("datetime_original", E_DTO, F_DTO);
  check_field ("orientation", E_ORIENTATION, F_ORIENTATION);
  check_field ("gps_lat", E_LAT, F_LAT);
  check_field ("gps_lon", E_LON, F_LON);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *expected_path = NULL;

  g_test_init (&argc, &argv, NULL);
  shared = scrim_test_require_shared ();
  expected_path = g_build_filename (shared, "corpus-dev", "EXPECTED.tsv", NULL);
  expected = read_tsv (expected_path, expected_columns, E_N);
  g_assert_cmpuint (expected->len, ==, 908);
  ingest_corpus ();

  g_test_add_func ("/shared/corpus/hashes", test_hashes);
  g_test_add_func ("/shared/corpus/status-and-size", test_status_and_size);
  g_test_add_func ("/shared/corpus/exif", test_exif);
  return g_test_run ();
}
