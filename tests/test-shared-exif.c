/* test-shared-exif.c: Scrim's EXIF reader against exiftool, on the shared corpus
 *
 * For every file in ../shared/corpus-dev/EXPECTED.tsv: sniff, read the EXIF,
 * and compare Make, Model, DateTimeOriginal, Orientation and GPS with what
 * exiftool 12.57 reported. Per field, Scrim must agree on at least 98 % of
 * the files where exiftool has a value, and every difference (either way)
 * must be listed, with the reason, in tests/data/exif-differences.tsv. A
 * listed difference that no longer occurs fails too, so the list stays true.
 * Also printed: the embedded-thumbnail agreement (asserted at 98 % too) and
 * how many files carry a camera serial Scrim can read.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scrim-exif.h"
#include "scrim-image.h"
#include "scrim-test-util.h"
#include "scrim-text.h"

/* exiftool prints at most 7 decimals; 1e-6 leaves room for its rounding. */
#define GPS_TOLERANCE (1e-6 + 1e-9)

typedef enum
{
  FIELD_MAKE,
  FIELD_MODEL,
  FIELD_DATETIME_ORIGINAL,
  FIELD_ORIENTATION,
  FIELD_GPS_LAT,
  FIELD_GPS_LON,
  N_FIELDS
} Field;

static const char *const field_names[N_FIELDS] = {
  "make", "model", "datetime_original", "orientation", "gps_lat", "gps_lon",
};

static const char *const field_columns[N_FIELDS] = {
  "exif_make_exiftool", "exif_model_exiftool", "exif_datetimeoriginal_exiftool",
  "exif_orientation_exiftool", "gps_lat_exiftool", "gps_lon_exiftool",
};

typedef struct
{
  guint n_expected;   /* files where exiftool has a value */
  guint n_agree;      /* ... and Scrim has the same */
} FieldTally;

typedef struct
{
  char *scrim;        /* escaped as in the list */
  char *exiftool;
  char *reason;
  gboolean seen;
} ListedDifference;

static void
listed_difference_free (ListedDifference *diff)
{
  g_free (diff->scrim);
  g_free (diff->exiftool);
  g_free (diff->reason);
  g_free (diff);
}

static char *
escape (const GString *bytes)
{
  return scrim_text_escape_tsv (bytes->str, (gssize) bytes->len);
}

static GString *
string_printf (const char *format,
               ...) G_GNUC_PRINTF (1, 2);

static GString *
string_printf (const char *format,
               ...)
{
  GString *out = g_string_new (NULL);
  va_list args;

  va_start (args, format);
  g_string_vprintf (out, format, args);
  va_end (args);
  return out;
}

/* Scrim's value of field, as text (raw bytes for strings); NULL when absent. */
static GString *
scrim_value (const ScrimExif *exif,
             Field            field)
{
  const char *text = NULL;

  if (exif == NULL)
    return NULL;
  switch (field)
    {
    case FIELD_MAKE: text = exif->make; break;
    case FIELD_MODEL: text = exif->model; break;
    case FIELD_DATETIME_ORIGINAL: text = exif->datetime_original; break;
    case FIELD_ORIENTATION:
      return exif->has_orientation ? string_printf ("%" G_GINT64_FORMAT, exif->orientation) : NULL;
    case FIELD_GPS_LAT:
      return exif->has_gps_lat ? string_printf ("%.7f", exif->gps_lat) : NULL;
    case FIELD_GPS_LON:
      return exif->has_gps_lon ? string_printf ("%.7f", exif->gps_lon) : NULL;
    case N_FIELDS:
    default:
      g_assert_not_reached ();
    }
  return text != NULL ? g_string_new (text) : NULL;
}

static gboolean
values_agree (Field          field,
              const GString *scrim,
              const GString *exiftool)
{
  if (scrim == NULL || exiftool == NULL)
    return scrim == NULL && exiftool == NULL;
  if (field == FIELD_GPS_LAT || field == FIELD_GPS_LON)
    return fabs (g_ascii_strtod (scrim->str, NULL) - g_ascii_strtod (exiftool->str, NULL))
           <= GPS_TOLERANCE;
  return g_string_equal (scrim, exiftool);
}

/* The list of known differences, keyed "path\tfield". */
static GHashTable *
load_listed_differences (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "exif-differences.tsv", NULL);
  g_autoptr(ScrimTestTable) table = scrim_test_table_load (path);
  GHashTable *listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) listed_difference_free);

  g_assert_cmpuint (g_strv_length (table->names), ==, 5);
  for (guint i = 0; i < table->rows->len; i++)
    {
      GStrv cols = g_ptr_array_index (table->rows, i);
      ListedDifference *diff;

      if (cols[4][0] == '\0')
        g_error ("%s: the difference for %s %s gives no reason", path, cols[0], cols[1]);
      diff = g_new0 (ListedDifference, 1);
      diff->scrim = g_strdup (cols[2]);
      diff->exiftool = g_strdup (cols[3]);
      diff->reason = g_strdup (cols[4]);
      g_hash_table_replace (listed, g_strconcat (cols[0], "\t", cols[1], NULL), diff);
    }
  return listed;
}

typedef struct
{
  const char *corpus;
  GHashTable *listed;
  FieldTally  tally[N_FIELDS];
  GString    *unlisted;        /* ready-to-paste lines for the list */
  guint       n_wrong_listing;
  guint       n_files;
  guint       n_with_exif;
  guint       n_serial;
  GHashTable *serial_makes;    /* make -> count */
  guint       n_thumb_expected;
  guint       n_thumb_agree;
  guint       n_thumb_extra;
} Comparison;

static void
compare_field (Comparison    *cmp,
               const char    *path,
               Field          field,
               const GString *scrim,
               const GString *exiftool)
{
  g_autofree char *key = g_strconcat (path, "\t", field_names[field], NULL);
  g_autofree char *scrim_text = scrim != NULL ? escape (scrim) : g_strdup ("");
  g_autofree char *exiftool_text = exiftool != NULL ? escape (exiftool) : g_strdup ("");
  ListedDifference *diff;

  if (exiftool != NULL)
    cmp->tally[field].n_expected++;
  if (values_agree (field, scrim, exiftool))
    {
      if (exiftool != NULL)
        cmp->tally[field].n_agree++;
      return;
    }
  diff = g_hash_table_lookup (cmp->listed, key);
  if (diff == NULL)
    {
      g_string_append_printf (cmp->unlisted, "%s\t%s\t%s\t%s\tTODO\n", path,
                              field_names[field], scrim_text, exiftool_text);
      return;
    }
  diff->seen = TRUE;
  if (g_strcmp0 (diff->scrim, scrim_text) != 0 || g_strcmp0 (diff->exiftool, exiftool_text) != 0)
    {
      g_test_message ("listed difference changed: %s %s: now scrim '%s' exiftool '%s', "
                      "listed scrim '%s' exiftool '%s'", path, field_names[field],
                      scrim_text, exiftool_text, diff->scrim, diff->exiftool);
      cmp->n_wrong_listing++;
    }
}

static void
count_extras (Comparison      *cmp,
              const ScrimExif *exif,
              const char      *thumb_len)
{
  gboolean thumb_expected = thumb_len[0] != '\0' && g_strcmp0 (thumb_len, "0") != 0;

  if (exif != NULL && exif->serial != NULL)
    {
      const char *make = exif->make != NULL ? exif->make : "(no make)";
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (cmp->serial_makes, make));

      cmp->n_serial++;
      g_hash_table_replace (cmp->serial_makes, g_strdup (make), GUINT_TO_POINTER (n + 1));
    }
  if (thumb_expected)
    cmp->n_thumb_expected++;
  if (thumb_expected && exif != NULL && exif->has_thumbnail)
    cmp->n_thumb_agree++;
  if (!thumb_expected && exif != NULL && exif->has_thumbnail)
    cmp->n_thumb_extra++;
}

static void
compare_file (Comparison  *cmp,
              char       **cols,
              const int   *field_col,
              int          thumb_col)
{
  g_autoptr(GString) rel = scrim_test_unescape (cols[0]);
  g_autofree char *path = g_build_filename (cmp->corpus, rel->str, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(ScrimExif) exif = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  exif = scrim_exif_read_file (scrim_image_sniff ((const guint8 *) contents, len),
                               (const guint8 *) contents, len);
  cmp->n_files++;
  if (exif != NULL)
    cmp->n_with_exif++;
  for (int f = 0; f < N_FIELDS; f++)
    {
      g_autoptr(GString) ours = scrim_value (exif, f);
      g_autoptr(GString) theirs = cols[field_col[f]][0] != '\0' ? scrim_test_unescape (cols[field_col[f]]) : NULL;

      compare_field (cmp, cols[0], f, ours, theirs);
    }
  count_extras (cmp, exif, cols[thumb_col]);
}

static void
report (Comparison *cmp)
{
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_test_message ("%u files, %u with EXIF that Scrim reads", cmp->n_files, cmp->n_with_exif);
  for (int f = 0; f < N_FIELDS; f++)
    g_test_message ("%-18s agree on %3u of %3u files where exiftool has a value (%.1f %%)",
                    field_names[f], cmp->tally[f].n_agree, cmp->tally[f].n_expected,
                    cmp->tally[f].n_expected
                    ? 100.0 * cmp->tally[f].n_agree / cmp->tally[f].n_expected : 100.0);
  g_test_message ("embedded thumbnail: found on %u of the %u files where exiftool has one, "
                  "and on %u where it has none", cmp->n_thumb_agree, cmp->n_thumb_expected,
                  cmp->n_thumb_extra);
  g_test_message ("camera serial (BodySerialNumber or maker note) on %u files:", cmp->n_serial);
  g_hash_table_iter_init (&iter, cmp->serial_makes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_test_message ("  %-24s %u", (const char *) key, GPOINTER_TO_UINT (value));
}

static guint
check_listing (Comparison *cmp)
{
  GHashTableIter iter;
  gpointer key;
  gpointer value;
  guint n_stale = 0;

  g_hash_table_iter_init (&iter, cmp->listed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!((ListedDifference *) value)->seen)
      {
        g_test_message ("listed difference no longer occurs: %s", (const char *) key);
        n_stale++;
      }
  if (cmp->unlisted->len > 0)
    g_test_message ("differences not in tests/data/exif-differences.tsv:\n%s", cmp->unlisted->str);
  return n_stale;
}

static void
test_against_exiftool (void)
{
  const char *shared = scrim_test_require_shared ();
  g_autofree char *corpus = g_build_filename (shared, "corpus-dev", NULL);
  g_autofree char *expected = g_build_filename (corpus, "EXPECTED.tsv", NULL);
  g_autoptr(ScrimTestTable) table = scrim_test_table_load (expected);
  int field_col[N_FIELDS];
  int thumb_col;
  Comparison cmp = { 0 };
  guint n_stale;

  cmp.corpus = corpus;
  cmp.listed = load_listed_differences ();
  cmp.unlisted = g_string_new (NULL);
  cmp.serial_makes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (int f = 0; f < N_FIELDS; f++)
    field_col[f] = scrim_test_table_column (table, field_columns[f]);
  thumb_col = scrim_test_table_column (table, "exif_thumbnail_len_exiftool");
  for (guint i = 0; i < table->rows->len; i++)
    compare_file (&cmp, g_ptr_array_index (table->rows, i), field_col, thumb_col);

  report (&cmp);
  n_stale = check_listing (&cmp);
  for (int f = 0; f < N_FIELDS; f++)
    g_assert_cmpuint (cmp.tally[f].n_agree * 100, >=, cmp.tally[f].n_expected * 98);
  g_assert_cmpuint (cmp.n_thumb_agree * 100, >=, cmp.n_thumb_expected * 98);
  g_assert_cmpuint (cmp.n_files, >, 0);
  g_assert_cmpuint (cmp.unlisted->len, ==, 0);
  g_assert_cmpuint (cmp.n_wrong_listing, ==, 0);
  g_assert_cmpuint (n_stale, ==, 0);

  g_string_free (cmp.unlisted, TRUE);
  g_hash_table_unref (cmp.listed);
  g_hash_table_unref (cmp.serial_makes);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  scrim_test_require_shared ();

  g_test_add_func ("/shared/exif/against-exiftool", test_against_exiftool);

  return g_test_run ();
}
