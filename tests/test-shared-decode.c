/* test-shared-decode.c: the decoders against the shared corpus and PDQ vectors
 *
 * ../shared/corpus-dev/EXPECTED.tsv says, for 908 third-party files, whether
 * Pillow and ImageMagick decode each one and what size exiftool reads. Scrim
 * must decode every file both decode (a 12-bit JPEG may be unsupported
 * instead: Debian's libjpeg-turbo is 8-bit only), must refuse every file
 * neither decodes, and must report exiftool's size for all it decodes. The
 * "mixed" files, where the two disagree, may go either way; their outcome is
 * printed.
 *
 * ../shared/pdq-vectors/vectors.tsv gives the SHA-256 of each synthetic
 * image's decoded samples (row-major; alpha dropped; 1 byte per pixel for
 * greyscale, 3 for everything else, palettes expanded), as Pillow with
 * libjpeg-turbo 2.1.5 decodes them. Scrim's full-size decode must give the
 * same bytes: PNG is lossless, and the JPEGs go through the same library
 * with the same settings (islow IDCT, fancy upsampling), so an exact match
 * is expected for every row.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scrim-image.h"
#include "scrim-test-util.h"

static const char *
field (const ScrimTestTable *table,
       GStrv                 row,
       guint                 column)
{
  return row[column];
}

static void
decode_file (const char               *path,
             const ScrimDecodeOptions *options,
             ScrimDecodeResult        *result)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  scrim_image_decode ((const guint8 *) contents, len, options, result);
}

/* Why one corpus row disagrees with what is required, or NULL. */
static char *
check_row (const char              *decodes,
           const char              *coding,
           guint                    width,
           guint                    height,
           const ScrimDecodeResult *result)
{
  if (strcmp (decodes, "yes") == 0 && result->status != SCRIM_STATUS_OK
      && !(result->status == SCRIM_STATUS_UNSUPPORTED && strstr (coding, "bits=12") != NULL))
    return g_strdup_printf ("both decode it, Scrim says %s: %s",
                            scrim_status_to_string (result->status), result->message);
  if (strcmp (decodes, "no") == 0 && result->status == SCRIM_STATUS_OK)
    return g_strdup ("neither decodes it, Scrim says ok");
  if (result->status != SCRIM_STATUS_OK)
    return NULL;

  if (result->width != width || result->height != height)
    return g_strdup_printf ("size %ux%u, exiftool %ux%u",
                            result->width, result->height, width, height);
  if (result->scale_denom != scrim_image_pick_scale (width, height, SCRIM_DEFAULT_MIN_SIDE)
      || result->pixels->width != (width + result->scale_denom - 1) / result->scale_denom
      || result->pixels->height != (height + result->scale_denom - 1) / result->scale_denom)
    return g_strdup_printf ("pixels %ux%u at 1/%u for %ux%u", result->pixels->width,
                            result->pixels->height, result->scale_denom, width, height);
  return NULL;
}

static void
test_corpus (void)
{
  g_autofree char *dir = g_build_filename (scrim_test_require_shared (), "corpus-dev", NULL);
  g_autofree char *tsv = g_build_filename (dir, "EXPECTED.tsv", NULL);
  g_autoptr(ScrimTestTable) table = scrim_test_table_load (tsv);
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) mixed = g_string_new (NULL);
  guint path_col = scrim_test_table_column (table, "path");
  guint decodes_col = scrim_test_table_column (table, "decodes");
  guint coding_col = scrim_test_table_column (table, "coding_exiftool");
  guint width_col = scrim_test_table_column (table, "width_exiftool");
  guint height_col = scrim_test_table_column (table, "height_exiftool");
  guint counts[SCRIM_N_STATUS] = { 0 }, warned = 0;
  ScrimDecodeOptions options = { .min_side = SCRIM_DEFAULT_MIN_SIDE };

  for (guint i = 0; i < table->rows->len; i++)
    {
      GStrv row = g_ptr_array_index (table->rows, i);
      g_autoptr(GString) rel = scrim_test_unescape (field (table, row, path_col));
      g_autofree char *path = g_build_filename (dir, rel->str, NULL);
      const char *decodes = field (table, row, decodes_col);
      ScrimDecodeResult result = { 0 };
      g_autofree char *why = NULL;

      decode_file (path, &options, &result);
      counts[result.status]++;
      warned += result.warning != NULL;
      why = check_row (decodes, field (table, row, coding_col),
                       atoi (field (table, row, width_col)),
                       atoi (field (table, row, height_col)), &result);
      if (why != NULL)
        g_ptr_array_add (failures, g_strdup_printf ("%s: %s", rel->str, why));
      if (strcmp (decodes, "mixed") == 0)
        g_string_append_printf (mixed, "\n  %-11s %s%s%s",
                                scrim_status_to_string (result.status), rel->str,
                                result.message || result.warning ? ": " : "",
                                result.message ? result.message : result.warning ? result.warning : "");
      scrim_decode_result_clear (&result);
    }

  g_test_message ("%u files:", table->rows->len);
  for (guint s = 0; s < SCRIM_N_STATUS; s++)
    if (counts[s] > 0)
      g_test_message ("  %-11s %u", scrim_status_to_string (s), counts[s]);
  g_test_message ("  (ok with a warning: %u)", warned);
  g_test_message ("the mixed rows:%s", mixed->str);
  for (guint i = 0; i < failures->len; i++)
    g_test_message ("FAIL %s", (char *) g_ptr_array_index (failures, i));
  g_assert_cmpuint (failures->len, ==, 0);
  g_assert_cmpuint (table->rows->len, ==, 908);
}

/* The samples as vectors.tsv hashes them: alpha dropped, rows packed. */
static char *
samples_sha256 (const ScrimPixels *px)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint keep = px->channels == 2 ? 1 : px->channels == 4 ? 3 : px->channels;
  g_autofree guint8 *row = g_malloc ((gsize) px->width * keep);

  for (guint y = 0; y < px->height; y++)
    {
      const guint8 *in = px->data + y * px->stride;

      for (guint x = 0; x < px->width; x++)
        memcpy (row + (gsize) x * keep, in + (gsize) x * px->channels, keep);
      g_checksum_update (sum, row, (gsize) px->width * keep);
    }
  return g_strdup (g_checksum_get_string (sum));
}

static void
test_pdq_vectors (void)
{
  g_autofree char *dir = g_build_filename (scrim_test_require_shared (), "pdq-vectors", NULL);
  g_autofree char *tsv = g_build_filename (dir, "vectors.tsv", NULL);
  g_autoptr(ScrimTestTable) table = scrim_test_table_load (tsv);
  guint file_col = scrim_test_table_column (table, "file");
  guint width_col = scrim_test_table_column (table, "width");
  guint height_col = scrim_test_table_column (table, "height");
  guint mode_col = scrim_test_table_column (table, "pil_mode");
  guint sha_col = scrim_test_table_column (table, "decoded_sha256");
  ScrimDecodeOptions full_size = { .min_side = 0 };
  guint failures = 0;

  for (guint i = 0; i < table->rows->len; i++)
    {
      GStrv row = g_ptr_array_index (table->rows, i);
      g_autofree char *path = g_build_filename (dir, field (table, row, file_col), NULL);
      const char *mode = field (table, row, mode_col);
      gboolean grey = strcmp (mode, "L") == 0 || strcmp (mode, "LA") == 0;
      ScrimDecodeResult result = { 0 };
      g_autofree char *sha = NULL;

      decode_file (path, &full_size, &result);
      g_assert_cmpint (result.status, ==, SCRIM_STATUS_OK);
      g_assert_cmpuint (result.pixels->width, ==, atoi (field (table, row, width_col)));
      g_assert_cmpuint (result.pixels->height, ==, atoi (field (table, row, height_col)));
      /* Greyscale stays 1 channel; colour and palettes come out as RGB(A). */
      g_assert_cmpuint (result.pixels->channels <= 2, ==, grey);
      sha = samples_sha256 (result.pixels);
      if (strcmp (sha, field (table, row, sha_col)) != 0)
        {
          g_test_message ("FAIL %s: decoded samples hash to %s", field (table, row, file_col), sha);
          failures++;
        }
      scrim_decode_result_clear (&result);
    }
  g_test_message ("%u PDQ vector images, %u with samples different from the reference",
                  table->rows->len, failures);
  g_assert_cmpuint (failures, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  scrim_test_require_shared ();

  g_test_add_func ("/shared/decode/corpus", test_corpus);
  g_test_add_func ("/shared/decode/pdq-vectors", test_pdq_vectors);

  return g_test_run ();
}
