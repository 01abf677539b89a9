/* test-shared-pdq.c: PDQ against Meta's reference, on the shared vectors and corpus
 *
 * ../shared/pdq-vectors/vectors.tsv holds the C++ reference tool's hash of
 * 56 synthetic images (`pdq_hex`, after the tool's pre-resize: nearest
 * neighbour to exactly 512×512 when a side exceeds 512) and the same core
 * on the full-size pixels (`pdq_hex_fullres`). Fed the same pixels, Scrim
 * must give: for `exact` rows the identical hash and quality; for `near`
 * rows (a coefficient within 1e-3 of the median) identical quality and at
 * most 4 bits apart; for `noise` rows (the hash is float noise) identical
 * quality, and the hash flagged unreliable. `exact` and `near` hashes must
 * not be flagged unless their largest coefficient is below 1.
 *
 * dihedral.tsv holds the tool's 8 dihedral hashes of each original; Scrim's
 * must be identical for every original that is not noise.
 *
 * ../shared/corpus-dev/PDQ-REFERENCE.tsv holds the tool's hash of the
 * corpus's JPEG and PNG files. Scrim hashes them as an ingest does (decoded
 * at reduced size, shorter side kept >= 512): the PDQ authors' conformance
 * rule wants >= 95 % of the images with reference quality >= 80 within
 * distance 10, and issue 3 wants all of them (the same quality >= 80 set)
 * within 31. Images whose pixels the reference did not hash as stored
 * (16-bit and gamma-tagged PNG) and hashes Scrim flags as noise are
 * counted and printed but left out of the rule; see test_corpus().
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "scrim-analyze.h"
#include "scrim-image.h"
#include "scrim-pdq.h"
#include "scrim-test-util.h"

/* Largest side the reference tool hashes unchanged (pdq.md §1.3). */
#define TOOL_SIDE 512

static ScrimPixels *
decode_path (const char *path,
             guint       min_side,
             guint      *scale_denom)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  ScrimDecodeOptions options = { .min_side = min_side };
  ScrimDecodeResult result = { 0 };
  ScrimPixels *pixels;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  scrim_image_decode ((const guint8 *) contents, len, &options, &result);
  if (result.status != SCRIM_STATUS_OK)
    g_error ("%s: %s", path, result.message);
  if (scale_denom != NULL)
    *scale_denom = result.scale_denom;
  pixels = g_steal_pointer (&result.pixels);
  scrim_decode_result_clear (&result);
  return pixels;
}

/* The reference tool's pre-resize (pdq.md §1.3): when a side exceeds 512,
 * nearest neighbour to exactly 512×512, ignoring the aspect; output column
 * x takes source column floor (x · C / 512) in double, rows likewise. */
static ScrimPixels *
tool_resize (const ScrimPixels *src)
{
  ScrimPixels *dst;
  guint ch = src->channels;

  if (src->width <= TOOL_SIDE && src->height <= TOOL_SIDE)
    return NULL;
  dst = scrim_pixels_new (TOOL_SIDE, TOOL_SIDE, ch);
  for (guint y = 0; y < TOOL_SIDE; y++)
    {
      guint sy = (guint) ((double) y * src->height / TOOL_SIDE);
      const guint8 *in = src->data + sy * src->stride;
      guint8 *out = dst->data + y * dst->stride;

      for (guint x = 0; x < TOOL_SIDE; x++)
        {
          guint sx = (guint) ((double) x * src->width / TOOL_SIDE);

          memcpy (out + x * ch, in + (gsize) sx * ch, ch);
        }
    }
  return dst;
}

static ScrimPdqHash
parse_hex (const char *hex)
{
  ScrimPdqHash hash;

  g_assert_true (scrim_pdq_from_hex (hex, &hash));
  return hash;
}

/* Why one hash disagrees with the reference for its class, or NULL. */
static char *
check_hash (const char           *class,
            const ScrimPdqResult *result,
            const char           *ref_hex,
            int                   ref_quality)
{
  ScrimPdqHash ref = parse_hex (ref_hex);
  int distance = scrim_pdq_distance (&result->hash, &ref);

  if (result->quality != ref_quality)
    return g_strdup_printf ("quality %d, reference %d", result->quality, ref_quality);
  if (strcmp (class, "noise") == 0)
    return result->unreliable ? NULL : g_strdup ("noise, but not flagged unreliable");
  if (result->unreliable && result->max_abs_coeff >= 1.0f)
    return g_strdup_printf ("flagged unreliable with max |coefficient| %g",
                            result->max_abs_coeff);
  if (strcmp (class, "exact") == 0 && distance != 0)
    return g_strdup_printf ("exact, but %d bits from the reference", distance);
  if (strcmp (class, "near") == 0 && distance > 4)
    return g_strdup_printf ("near, but %d bits from the reference", distance);
  return NULL;
}

typedef struct
{
  guint rows[3];        /* exact, near, noise */
  guint distance_sum;   /* over exact and near, both paths */
  guint max_near;
  guint unreliable;
} VectorSummary;

static guint
class_index (const char *class)
{
  if (strcmp (class, "exact") == 0)
    return 0;
  if (strcmp (class, "near") == 0)
    return 1;
  g_assert_cmpstr (class, ==, "noise");
  return 2;
}

static void
summarise (VectorSummary        *summary,
           const char           *class,
           const ScrimPdqResult *result,
           const char           *ref_hex)
{
  ScrimPdqHash ref = parse_hex (ref_hex);
  int distance = scrim_pdq_distance (&result->hash, &ref);

  if (strcmp (class, "noise") != 0)
    summary->distance_sum += distance;
  if (strcmp (class, "near") == 0)
    summary->max_near = MAX (summary->max_near, (guint) distance);
  summary->unreliable += result->unreliable;
}

static void
test_vectors (void)
{
  g_autofree char *dir = g_build_filename (scrim_test_require_shared (), "pdq-vectors", NULL);
  g_autofree char *tsv = g_build_filename (dir, "vectors.tsv", NULL);
  g_autoptr(ScrimTestTable) table = scrim_test_table_load (tsv);
  guint file_col = scrim_test_table_column (table, "file");
  guint hex_col = scrim_test_table_column (table, "pdq_hex");
  guint quality_col = scrim_test_table_column (table, "quality");
  guint full_hex_col = scrim_test_table_column (table, "pdq_hex_fullres");
  guint full_quality_col = scrim_test_table_column (table, "quality_fullres");
  guint class_col = scrim_test_table_column (table, "class");
  VectorSummary summary = { { 0 } };
  guint failures = 0;

  for (guint i = 0; i < table->rows->len; i++)
    {
      GStrv row = g_ptr_array_index (table->rows, i);
      const char *file = row[file_col], *class = row[class_col];
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autoptr(ScrimPixels) full = decode_path (path, 0, NULL);
      g_autoptr(ScrimPixels) tool = tool_resize (full);
      g_autoptr(ScrimPixels) core_tool = scrim_pdq_reference_resize (full);
      ScrimPdqResult on_tool, on_full;
      g_autofree char *why_tool = NULL, *why_full = NULL;

      /* The core's copy of the pre-resize is this one. */
      g_assert_true ((tool == NULL) == (core_tool == NULL));
      if (tool != NULL)
        g_assert_cmpmem (tool->data, tool->stride * tool->height,
                         core_tool->data, core_tool->stride * core_tool->height);

      scrim_pdq_compute (tool != NULL ? tool : full, &on_tool);
      scrim_pdq_compute (full, &on_full);
      why_tool = check_hash (class, &on_tool, row[hex_col], atoi (row[quality_col]));
      why_full = check_hash (class, &on_full, row[full_hex_col], atoi (row[full_quality_col]));
      if (why_tool != NULL)
        g_test_message ("FAIL %s (tool path): %s", file, why_tool);
      if (why_full != NULL)
        g_test_message ("FAIL %s (full size): %s", file, why_full);
      failures += (why_tool != NULL) + (why_full != NULL);

      summary.rows[class_index (class)]++;
      summarise (&summary, class, &on_tool, row[hex_col]);
      summarise (&summary, class, &on_full, row[full_hex_col]);
    }

  g_test_message ("%u vectors, each on the tool path and at full size: %u exact, %u near "
                  "(max %u bits), %u noise; %u bits off in all over exact and near; "
                  "%u of %u hashes unreliable; %u failures",
                  table->rows->len, summary.rows[0], summary.rows[1], summary.max_near,
                  summary.rows[2], summary.distance_sum, summary.unreliable,
                  2 * table->rows->len, failures);
  g_assert_cmpuint (failures, ==, 0);
  g_assert_cmpuint (table->rows->len, ==, 56);
}

/* The vector classes by file, to leave the noise originals out. */
static GHashTable *
load_classes (const char *dir)
{
  g_autofree char *tsv = g_build_filename (dir, "vectors.tsv", NULL);
  g_autoptr(ScrimTestTable) table = scrim_test_table_load (tsv);
  guint file_col = scrim_test_table_column (table, "file");
  guint class_col = scrim_test_table_column (table, "class");
  GHashTable *classes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < table->rows->len; i++)
    {
      GStrv row = g_ptr_array_index (table->rows, i);

      g_hash_table_insert (classes, g_strdup (row[file_col]), g_strdup (row[class_col]));
    }
  return classes;
}

static void
test_dihedral (void)
{
  g_autofree char *dir = g_build_filename (scrim_test_require_shared (), "pdq-vectors", NULL);
  g_autofree char *tsv = g_build_filename (dir, "dihedral.tsv", NULL);
  g_autoptr(ScrimTestTable) table = scrim_test_table_load (tsv);
  g_autoptr(GHashTable) classes = load_classes (dir);
  guint file_col = scrim_test_table_column (table, "file");
  guint quality_col = scrim_test_table_column (table, "quality");
  guint checked = 0, failures = 0;

  /* The header names the variants as scrim_pdq_dihedral_name() does. */
  for (guint v = 0; v < SCRIM_PDQ_N_DIHEDRAL; v++)
    g_assert_cmpuint (scrim_test_table_column (table, scrim_pdq_dihedral_name (v)), ==, v + 1);

  for (guint i = 0; i < table->rows->len; i++)
    {
      GStrv row = g_ptr_array_index (table->rows, i);
      const char *file = row[file_col];
      const char *class = g_hash_table_lookup (classes, file);
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autoptr(ScrimPixels) full = NULL;
      g_autoptr(ScrimPixels) tool = NULL;
      ScrimPdqResult results[SCRIM_PDQ_N_DIHEDRAL];

      g_assert_nonnull (class);
      if (strcmp (class, "noise") == 0)
        continue;
      full = decode_path (path, 0, NULL);
      tool = tool_resize (full);
      scrim_pdq_compute_dihedral (tool != NULL ? tool : full, results);
      checked++;
      for (guint v = 0; v < SCRIM_PDQ_N_DIHEDRAL; v++)
        {
          const char *name = scrim_pdq_dihedral_name (v);
          ScrimPdqHash ref = parse_hex (row[scrim_test_table_column (table, name)]);
          int distance = scrim_pdq_distance (&results[v].hash, &ref);

          if (distance != 0 || results[v].quality != atoi (row[quality_col]))
            {
              g_test_message ("FAIL %s %s: %d bits off, quality %d (reference %s)", file,
                              name, distance, results[v].quality, row[quality_col]);
              failures++;
            }
        }
    }
  g_test_message ("dihedral: %u originals that are not noise, %u of %u hashes differ",
                  checked, failures, checked * SCRIM_PDQ_N_DIHEDRAL);
  g_assert_cmpuint (checked, >, 20);
  g_assert_cmpuint (failures, ==, 0);
}

static guint32
read_be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

/* The reference tool decodes through ImageMagick and CImg, and for two kinds
 * of PNG the pixels it hashes are not the file's (found by hashing the
 * candidates, see the report of issue 3):
 *
 * - 16 bits per sample: CImg stores each sample of ImageMagick's 16-bit
 *   PNM in a byte, keeping the low byte. Hashing the low bytes reproduces
 *   the reference (0 bits on libjpeg-turbo/monkey16.png); the 8-bit image
 *   is 88–164 bits away. The reference's hash is of noise.
 * - a gAMA chunk other than sRGB's 0.45455: ImageMagick converts the
 *   samples to sRGB gamma (255 · (v/255)^(0.45455/gamma)); doing the same
 *   brings pngsuite/basn2c08.png from 128 bits to 2, g10n2c08 from 20 to 0.
 *   Scrim, like Pillow and the shared vectors, hashes the stored samples.
 *
 * Returns why the reference hashed other pixels, or NULL. */
static const char *
reference_decodes_differently (const guint8 *data,
                               gsize         len)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  gsize at = 8;

  if (len < 8 || memcmp (data, signature, 8) != 0)
    return NULL;
  while (at + 12 <= len)
    {
      guint32 size = read_be32 (data + at);
      const guint8 *type = data + at + 4, *body = data + at + 8;

      if (size > len - at - 12)
        break;
      if (memcmp (type, "IHDR", 4) == 0 && size >= 9 && body[8] == 16)
        return "16-bit PNG (the reference hashes the low byte of each sample)";
      if (memcmp (type, "gAMA", 4) == 0 && size == 4)
        {
          guint32 gamma = read_be32 (body);

          if (gamma < 45455 - 50 || gamma > 45455 + 50)
            return "PNG with a gAMA chunk (the reference converts to sRGB gamma)";
        }
      if (memcmp (type, "IDAT", 4) == 0)
        break;
      at += 12 + (gsize) size;
    }
  return NULL;
}

typedef struct
{
  char       *path;
  const char *differs;       /* the reference hashed other pixels: why */
  int         distance;      /* -1: Scrim does not decode it */
  int         unstretched;   /* the distance hashing the reduced pixels as they are */
  int         ref_quality;
  int         quality;
  gboolean    unreliable;
  guint       width;         /* as decoded, after the reduction */
  guint       height;
  guint       scale;
} CorpusRow;

static void
corpus_row_clear (gpointer data)
{
  g_free (((CorpusRow *) data)->path);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const CorpusRow *ra = a, *rb = b;

  return rb->distance - ra->distance;
}

/* Hashes one corpus file as an ingest does: through scrim_analyze(), the
 * function every ingest worker calls (decoded at reduced size, shorter side
 * kept >= 512, EXIF orientation not applied, as the reference does not).
 * Then once more with the reference tool's 512×512 pre-resize applied to
 * the same reduced pixels, for comparison. */
static void
hash_as_ingest (const char         *path,
                const ScrimPdqHash *ref,
                CorpusRow          *row)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(ScrimAnalysis) analysis = NULL;
  ScrimAnalyzeOptions analyze = { .no_thumbnail = TRUE };
  ScrimDecodeOptions options = { .min_side = SCRIM_DEFAULT_MIN_SIDE };
  ScrimDecodeResult decoded = { 0 };
  ScrimPdqResult tool;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  row->differs = reference_decodes_differently ((const guint8 *) contents, len);
  row->distance = row->unstretched = -1;

  analysis = scrim_analyze ((const guint8 *) contents, len, TRUE, len, &analyze);
  if (!analysis->has_pdq)
    {
      g_test_message ("%s: not decoded: %s", row->path, analysis->message);
      return;
    }
  row->distance = scrim_pdq_distance (&analysis->pdq[SCRIM_PDQ_ORIGINAL].hash, ref);
  row->quality = analysis->pdq[SCRIM_PDQ_ORIGINAL].quality;
  row->unreliable = analysis->pdq[SCRIM_PDQ_ORIGINAL].unreliable;

  scrim_image_decode ((const guint8 *) contents, len, &options, &decoded);
  g_assert_cmpint (decoded.status, ==, SCRIM_STATUS_OK);
  row->width = decoded.pixels->width;
  row->height = decoded.pixels->height;
  row->scale = decoded.scale_denom;
  scrim_pdq_compute (decoded.pixels, &tool);
  row->unstretched = scrim_pdq_distance (&tool.hash, ref);
  scrim_decode_result_clear (&decoded);
}

/* Every row of PDQ-REFERENCE.tsv with reference quality >= 80. */
static GArray *
hash_corpus (const char *dir)
{
  g_autofree char *tsv = g_build_filename (dir, "PDQ-REFERENCE.tsv", NULL);
  g_autoptr(ScrimTestTable) table = scrim_test_table_load (tsv);
  guint path_col = scrim_test_table_column (table, "path");
  guint hex_col = scrim_test_table_column (table, "pdq_hex");
  guint quality_col = scrim_test_table_column (table, "quality");
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (CorpusRow));

  g_array_set_clear_func (rows, corpus_row_clear);
  for (guint i = 0; i < table->rows->len; i++)
    {
      GStrv fields = g_ptr_array_index (table->rows, i);
      g_autoptr(GString) rel = scrim_test_unescape (fields[path_col]);
      g_autofree char *path = g_build_filename (dir, rel->str, NULL);
      ScrimPdqHash ref = parse_hex (fields[hex_col]);
      CorpusRow row = { .path = g_strdup (rel->str) };

      row.ref_quality = atoi (fields[quality_col]);
      if (row.ref_quality < 80)
        {
          g_free (row.path);
          continue;
        }
      hash_as_ingest (path, &ref, &row);
      g_array_append_val (rows, row);
    }
  return rows;
}

typedef struct
{
  guint n;
  guint within_10;
  guint max;
  guint histogram[SCRIM_PDQ_BITS + 1];
} Distribution;

static void
distribution_add (Distribution *dist,
                  int           distance)
{
  guint d = distance < 0 ? SCRIM_PDQ_BITS : (guint) distance;

  dist->n++;
  dist->within_10 += d <= 10;
  dist->max = MAX (dist->max, d);
  dist->histogram[d]++;
}

static void
distribution_print (const Distribution *dist,
                    const char         *what)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint d = 0; d <= SCRIM_PDQ_BITS; d++)
    if (dist->histogram[d] > 0)
      g_string_append_printf (line, " %u:%u", d, dist->histogram[d]);
  g_test_message ("%s: %u images, %u (%.1f %%) within 10 bits, max %u; distance:count%s",
                  what, dist->n, dist->within_10, 100.0 * dist->within_10 / MAX (dist->n, 1),
                  dist->max, line->str);
}

static void
print_row (const CorpusRow *row)
{
  g_test_message ("  %3d bits (%3d without the 512 stretch)  quality %3d (reference %3d)%s"
                  "  %ux%u at 1/%u  %s%s%s", row->distance, row->unstretched, row->quality,
                  row->ref_quality, row->unreliable ? "  unreliable" : "",
                  row->width, row->height, row->scale, row->path,
                  row->differs ? ": " : "", row->differs ? row->differs : "");
}

/* The worst rows of the checked set, then of the others. */
static void
print_worst (GArray *rows)
{
  guint shown[2] = { 0, 0 };

  g_array_sort (rows, compare_rows);
  for (guint pass = 0; pass < 2; pass++)
    {
      g_test_message (pass == 0 ? "the worst checked:" : "the worst of the others:");
      for (guint i = 0; i < rows->len && shown[pass] < 12; i++)
        {
          const CorpusRow *row = &g_array_index (rows, CorpusRow, i);
          gboolean other = row->differs != NULL || row->unreliable;

          if (other == (pass == 1))
            {
              print_row (row);
              shown[pass]++;
            }
        }
    }
}

/* Issue 3's rule is about the images with reference quality >= 80: >= 95 %
 * within 10 bits, and "within 31 for all of them", read as all of that same
 * set. It is checked on those whose pixels the reference hashed as decoded
 * (see reference_decodes_differently()) and whose hash Scrim does not flag
 * as float noise (the reference's is then noise too); every set is printed.
 * The hashes are the ingest's own (scrim_analyze()): reduced decode, then
 * the reference's 512×512 nearest-neighbour stretch. Without that stretch
 * ("full" below, for information) the reduced pixels stay within 31 bits
 * but only about 92 % within 10. */
static void
test_corpus (void)
{
  g_autofree char *dir = g_build_filename (scrim_test_require_shared (), "corpus-dev", NULL);
  g_autoptr(GArray) rows = hash_corpus (dir);
  Distribution all = { 0 }, checked = { 0 }, unstretched = { 0 }, differs = { 0 }, noise = { 0 };

  for (guint i = 0; i < rows->len; i++)
    {
      const CorpusRow *row = &g_array_index (rows, CorpusRow, i);

      distribution_add (&all, row->distance);
      if (row->differs != NULL)
        distribution_add (&differs, row->distance);
      else if (row->unreliable)
        distribution_add (&noise, row->distance);
      else
        {
          distribution_add (&checked, row->distance);
          distribution_add (&unstretched, row->unstretched);
        }
    }

  distribution_print (&all, "ingest, all with reference quality >= 80");
  distribution_print (&differs, "  the reference hashed other pixels");
  distribution_print (&noise, "  Scrim flags the hash unreliable");
  distribution_print (&checked, "  the rest, checked");
  distribution_print (&unstretched, "  the rest, reduced pixels hashed without the 512 stretch");
  print_worst (rows);

  g_assert_cmpuint (checked.n, >, 200);
  g_assert_cmpfloat (checked.within_10, >=, 0.95 * checked.n);
  g_assert_cmpuint (checked.max, <=, SCRIM_PDQ_MATCH_DISTANCE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  scrim_test_require_shared ();

  g_test_add_func ("/shared/pdq/vectors", test_vectors);
  g_test_add_func ("/shared/pdq/dihedral", test_dihedral);
  g_test_add_func ("/shared/pdq/corpus", test_corpus);

  return g_test_run ();
}
