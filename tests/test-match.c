/* test-match.c: a case matched against reference lists, end to end
 *
 * A generated "device" (synthetic images only) and lists written by the
 * test that hit some files exactly (VICS by MD5, hashdeep by SHA-256) and
 * some through re-encoded, resized or mirrored copies (a PDQ list); one
 * file on which two lists disagree. `scrim files` must show the right
 * categories, provenance and conflicts; a re-run changes nothing; a list
 * update is reported.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "scrim-test-util.h"

static char *tmp;
static char *evidence;
static char *library;
static char *case_path;

#define assert_contains(haystack, needle) \
  G_STMT_START { \
    if (strstr ((haystack), (needle)) == NULL) \
      g_error ("expected “%s” in:\n%s", (needle), (haystack)); \
  } G_STMT_END

static void
write_jpeg (const char        *name,
            const ScrimPixels *pixels,
            int                quality)
{
  g_autofree char *path = g_build_filename (evidence, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = scrim_jpeg_encode (pixels, quality, NULL, &error);

  g_assert_no_error (error);
  scrim_test_write_bytes (path, jpeg);
}

static char *
digest_hex (const char    *name,
            GChecksumType  type)
{
  g_autofree char *path = g_build_filename (evidence, name, NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (type, (const guint8 *) contents, len);
}

static char *
pdq_hex (const char *name)
{
  g_autofree char *path = g_build_filename (evidence, name, NULL);
  g_autoptr(GError) error = NULL;
  ScrimAnalyzeOptions options = { .no_thumbnail = TRUE };
  g_autoptr(ScrimAnalysis) a = scrim_analyze_file (path, &options, &error);
  char hex[SCRIM_PDQ_HEX_LEN + 1];

  g_assert_no_error (error);
  g_assert_true (a->has_pdq);
  scrim_pdq_to_hex (&a->pdq[0].hash, hex);
  return g_strdup (hex);
}

/* The device: a series image and its altered copies, unrelated images, a
 * system file, and one file two lists disagree on. */
static void
make_evidence (void)
{
  g_autoptr(ScrimPixels) series = scrim_synth_draw (SCRIM_SYNTH_PHOTO, 101, 900, 600, "DEMO SERIES A 01");
  g_autoptr(ScrimPixels) mirrored = scrim_pixels_orient (series, 2);
  g_autoptr(ScrimPixels) smaller = scrim_pixels_scale_to_fit (series, 640);
  g_autoptr(ScrimPixels) other = scrim_synth_draw (SCRIM_SYNTH_PATTERN, 7, 800, 600, "UNKNOWN 01");
  g_autoptr(ScrimPixels) disputed = scrim_synth_draw (SCRIM_SYNTH_SCREENSHOT, 9, 640, 480, NULL);
  g_autofree char *dll = g_build_filename (evidence, "Windows/system.dll", NULL);

  write_jpeg ("DCIM/series-a-01.jpg", series, 92);
  write_jpeg ("Download/series-a-01-recompressed.jpg", series, 60);
  write_jpeg ("Download/series-a-01-small.jpg", smaller, 85);
  write_jpeg ("Download/series-a-01-mirrored.jpg", mirrored, 90);
  write_jpeg ("Pictures/unknown.jpg", other, 90);
  write_jpeg ("Pictures/disputed.jpg", disputed, 90);
  scrim_test_write_text (dll, "MZ synthetic system file\n");
}

static char *
write_list (const char *name,
            const char *contents)
{
  char *path = g_build_filename (tmp, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static void
import (const char *name,
        const char *path,
        const char *extra)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int rc = extra ? scrim_test_run_scrim (&out, &err, "lists", "import", "--library", library, extra,
                                         name, path, NULL)
                 : scrim_test_run_scrim (&out, &err, "lists", "import", "--library", library, name, path, NULL);

  if (rc != 0)
    g_error ("import of %s failed: %s", name, err);
}

static char *
vics_list (gboolean with_disputed)
{
  g_autofree char *series_md5 = digest_hex ("DCIM/series-a-01.jpg", G_CHECKSUM_MD5);
  g_autofree char *disputed_md5 = digest_hex ("Pictures/disputed.jpg", G_CHECKSUM_MD5);
  g_autofree char *series_upper = g_ascii_strup (series_md5, -1);

  return g_strdup_printf ("{\"@odata.context\":\"http://github.com/VICSDATAMODEL/ProjectVic/DataModels/"
                          "2.0.xml/US/$metadata#Media\",\"value\":["
                          "{\"MediaID\":1,\"Category\":1,\"MD5\":\"%s\",\"Series\":\"DEMO SERIES A\"}%s%s%s]}",
                          series_upper, with_disputed ? ",{\"MediaID\":2,\"Category\":\"1\",\"MD5\":\"" : "",
                          with_disputed ? disputed_md5 : "", with_disputed ? "\"}" : "");
}

static void
setup (void)
{
  g_autofree char *vics = NULL;
  g_autofree char *vics_path = NULL;
  g_autofree char *good = NULL;
  g_autofree char *good_path = NULL;
  g_autofree char *pdq = NULL;
  g_autofree char *pdq_path = NULL;
  g_autofree char *dll_sha = digest_hex ("Windows/system.dll", G_CHECKSUM_SHA256);
  g_autofree char *dll_md5 = digest_hex ("Windows/system.dll", G_CHECKSUM_MD5);
  g_autofree char *disputed_sha = digest_hex ("Pictures/disputed.jpg", G_CHECKSUM_SHA256);
  g_autofree char *disputed_md5 = digest_hex ("Pictures/disputed.jpg", G_CHECKSUM_MD5);
  g_autofree char *series_pdq = pdq_hex ("DCIM/series-a-01.jpg");

  vics = vics_list (TRUE);
  vics_path = write_list ("demo-us.json", vics);
  good = g_strdup_printf ("%%%%%%%% HASHDEEP-1.0\n%%%%%%%% size,md5,sha256,filename\n## synthetic\n"
                          "25,%s,%s,C:\\Windows\\system.dll\n"
                          "1234,%s,%s,C:\\Windows\\wallpaper.jpg\n", dll_md5, dll_sha, disputed_md5,
                          disputed_sha);
  good_path = write_list ("known-good.hashdeep", good);
  pdq = g_strdup_printf ("%s,100,1\n", series_pdq);
  pdq_path = write_list ("series.pdq", pdq);

  import ("Demo VICS US", vics_path, NULL);
  import ("Demo known-good", good_path, "--kind=known-good");
  import ("Demo PDQ", pdq_path, "--format=pdq");
}

static GHashTable *
files_rows (void)
{
  g_autofree char *tsv = scrim_test_files_tsv (case_path);
  g_auto(GStrv) lines = g_strsplit (tsv, "\n", -1);
  GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);

  for (guint i = 1; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      char **f = g_strsplit (lines[i], "\t", -1);

      g_assert_cmpuint (g_strv_length (f), ==, 24);
      g_hash_table_insert (rows, g_strdup (f[1]), f);
    }
  return rows;
}

/* category category_source match_kind pdq_distance conflict */
static char *
verdict (GHashTable *rows,
         const char *path)
{
  char **f = g_hash_table_lookup (rows, path);

  g_assert_nonnull (f);
  return g_strdup_printf ("%s|%s|%s|%s|%s", f[19], f[20], f[21], f[22], f[23]);
}

static void
test_match (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GHashTable) rows = NULL;
  g_autofree char *v = NULL;
  char **f;

  g_assert_cmpint (scrim_test_run_scrim (NULL, &err, "ingest", "--quiet", case_path, evidence, NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  setup ();
  if (scrim_test_run_scrim (&out, &err, "match", "--library", library, case_path, NULL) != 0)
    g_error ("match failed: %s", err);
  g_test_message ("%s", out);
  assert_contains (out, "1 in conflict");

  rows = files_rows ();
  v = verdict (rows, "DCIM/series-a-01.jpg");
  g_assert_true (g_str_has_prefix (v, "abuse|Demo PDQ; Demo VICS US|exact||0"));
  g_clear_pointer (&v, g_free);

  /* Altered copies: found only through PDQ, with the distance. */
  for (guint i = 0; i < 3; i++)
    {
      const char *copies[] = { "Download/series-a-01-recompressed.jpg", "Download/series-a-01-small.jpg",
                               "Download/series-a-01-mirrored.jpg" };

      f = g_hash_table_lookup (rows, copies[i]);
      g_assert_cmpstr (f[19], ==, "abuse");
      g_assert_cmpstr (f[20], ==, "Demo PDQ");
      g_assert_cmpstr (f[21], ==, "pdq");
      g_assert_cmpint (atoi (f[22]), <=, 31);
      g_assert_cmpstr (f[23], ==, "0");
    }

  v = verdict (rows, "Windows/system.dll");
  g_assert_cmpstr (v, ==, "known-good|Demo known-good|exact||0");
  g_clear_pointer (&v, g_free);
  /* Two lists disagree: both answers, flagged, not resolved. */
  v = verdict (rows, "Pictures/disputed.jpg");
  g_assert_cmpstr (v, ==, "abuse|known-good|Demo VICS US; Demo known-good|exact||1");
  g_clear_pointer (&v, g_free);
  v = verdict (rows, "Pictures/unknown.jpg");
  g_assert_cmpstr (v, ==, "||||");
  g_clear_pointer (&v, g_free);
}

/* Running the same match again is idempotent. */
static void
test_rerun_idempotent (void)
{
  g_autofree char *before = scrim_test_files_tsv (case_path);
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;

  g_assert_cmpint (scrim_test_run_scrim (&out, NULL, "match", "--library", library, case_path, NULL), ==, 0);
  assert_contains (out, "0 newly matched, 0 no longer matched, 0 with a changed category");
  after = scrim_test_files_tsv (case_path);
  g_assert_cmpstr (after, ==, before);
}

/* A new version of a list: the match says what changed, and the case keeps
 * a record of both versions with the SHA-256 of their files. */
static void
test_list_update (void)
{
  g_autofree char *vics = vics_list (FALSE);
  g_autofree char *path = write_list ("demo-us-v2.json", vics);
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, vics, -1);
  g_autofree char *out = NULL;
  g_autofree char *audit = NULL;
  g_autoptr(GHashTable) rows = NULL;
  g_autofree char *v = NULL;

  g_usleep (2000);
  import ("Demo VICS US", path, NULL);
  g_assert_cmpint (scrim_test_run_scrim (&out, NULL, "match", "--library", library, case_path, NULL), ==, 0);
  assert_contains (out, "0 newly matched, 0 no longer matched, 1 with a changed category");
  rows = files_rows ();
  v = verdict (rows, "Pictures/disputed.jpg");
  g_assert_cmpstr (v, ==, "known-good|Demo known-good|exact||0");

  g_assert_cmpint (scrim_test_run_scrim (&audit, NULL, "audit", case_path, NULL), ==, 0);
  assert_contains (audit, "\tmatch\t");
  assert_contains (audit, sha);
  g_assert_cmpint (scrim_test_run_scrim (NULL, NULL, "audit", "--verify", case_path, NULL), ==, 0);
}

static void
test_lists_command (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "lists", "--library", library, NULL), ==, 0);
  assert_contains (out, "name\tformat\tkind\tprofile\tscheme\tversion\tentries\timported\tsource_sha256\n");
  assert_contains (out, "Demo PDQ\tpdq\tknown-bad\t");
  assert_contains (out, "Demo VICS US\tvics 2.0\tknown-bad\tUS\tvics-us\t\t1\t");
  assert_contains (out, "Demo known-good\thashdeep 1.0\tknown-good\t");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "schemes", "--library", library, NULL), ==, 0);
  assert_contains (out, "vics-us\tUS,Default\t1\tabuse\tChild Abuse Material (CAM)\n");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmp = scrim_test_mkdtemp ("match");
  evidence = g_build_filename (tmp, "evidence", NULL);
  library = g_build_filename (tmp, "library.db", NULL);
  case_path = g_build_filename (tmp, "case.scrim", NULL);
  make_evidence ();

  g_test_add_func ("/cli/match/end-to-end", test_match);
  g_test_add_func ("/cli/match/rerun-idempotent", test_rerun_idempotent);
  g_test_add_func ("/cli/match/list-update", test_list_update);
  g_test_add_func ("/cli/match/lists-command", test_lists_command);
  return g_test_run ();
}
