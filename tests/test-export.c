/* test-export.c: exports of a case (maps; reports and hash sets come later)
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "scrim-test-util.h"

static char *tmp;
static char *case_path;

#define assert_contains(haystack, needle) \
  G_STMT_START { \
    if (strstr ((haystack), (needle)) == NULL) \
      g_error ("expected “%s” in:\n%s", (needle), (haystack)); \
  } G_STMT_END

/* Three images with GPS (one south and west of 0,0, one also copied
 * elsewhere under a name with a tab in it), one without. */
static void
make_case (void)
{
  g_autofree char *evidence = g_build_filename (tmp, "evidence", NULL);
  const struct { const char *name; double lat, lon; gboolean gps; } shots[] = {
    { "DCIM/amsterdam.jpg", 52.3730796, 4.8924534, TRUE },
    { "DCIM/santiago.jpg", -33.4488897, -70.6692655, TRUE },
    { "DCIM/utrecht.jpg", 52.0907374, 5.1214209, TRUE },
    { "DCIM/nowhere.jpg", 0, 0, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      g_autofree char *path = g_build_filename (evidence, shots[i].name, NULL);
      ScrimExif exif = { 0 };

      exif.make = (char *) "Synthetic";
      exif.model = (char *) "GeoCam";
      exif.datetime_original = (char *) "2026:05:01 12:00:00";
      exif.gps_lat = shots[i].lat;
      exif.gps_lon = shots[i].lon;
      exif.has_gps = shots[i].gps;
      scrim_test_write_jpeg (path, 160, 120, 50 + i, &exif);
    }
  {
    g_autofree char *src = g_build_filename (evidence, "DCIM/utrecht.jpg", NULL);
    g_autofree char *dst = g_build_filename (evidence, "Backup/utrecht\tcopy.jpg", NULL);
    g_autofree char *contents = NULL;
    gsize len = 0;
    g_autoptr(GBytes) bytes = NULL;

    g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
    bytes = g_bytes_new (contents, len);
    scrim_test_write_bytes (dst, bytes);
  }
  g_assert_cmpint (scrim_test_run_scrim (NULL, NULL, "ingest", "--quiet", "--exhibit", "PHONE",
                                         case_path, evidence, NULL), ==, 0);
}

static char *
export (const char *format,
        const char *name)
{
  g_autofree char *output = g_build_filename (tmp, name, NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *audit = NULL;
  g_autofree char *sha = NULL;
  char *contents = NULL;
  gsize len = 0;

  if (scrim_test_run_scrim (&out, &err, "export", "--format", format, "--output", output, case_path, NULL) != 0)
    g_error ("export failed: %s", err);
  g_assert_true (g_file_get_contents (output, &contents, &len, NULL));
  /* The audit log holds the SHA-256 of exactly what was written. */
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *) contents, len);
  g_assert_cmpint (scrim_test_run_scrim (&audit, NULL, "audit", case_path, NULL), ==, 0);
  assert_contains (audit, "\texported\t");
  assert_contains (audit, sha);
  return contents;
}

static void
test_geojson (void)
{
  g_autofree char *text = export ("geojson", "map.geojson");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *features;
  gboolean seen_copy = FALSE;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "type"), ==, "FeatureCollection");
  features = json_object_get_array_member (root, "features");
  g_assert_cmpuint (json_array_get_length (features), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *f = json_array_get_object_element (features, i);
      JsonArray *xy = json_object_get_array_member (json_object_get_object_member (f, "geometry"), "coordinates");
      JsonObject *props = json_object_get_object_member (f, "properties");
      JsonArray *paths = json_object_get_array_member (props, "paths");
      const char *first = json_array_get_string_element (paths, 0);

      g_assert_cmpstr (json_object_get_string_member (props, "model"), ==, "GeoCam");
      g_assert_cmpuint (strlen (json_object_get_string_member (props, "sha256")), ==, 64);
      if (strstr (first, "santiago"))
        {
          /* GeoJSON is longitude first. */
          g_assert_cmpfloat_with_epsilon (json_array_get_double_element (xy, 0), -70.6692655, 1e-6);
          g_assert_cmpfloat_with_epsilon (json_array_get_double_element (xy, 1), -33.4488897, 1e-6);
        }
      if (json_array_get_length (paths) == 2)
        {
          g_assert_cmpstr (json_array_get_string_element (paths, 0), ==, "PHONE:Backup/utrecht\tcopy.jpg");
          g_assert_cmpstr (json_array_get_string_element (paths, 1), ==, "PHONE:DCIM/utrecht.jpg");
          seen_copy = TRUE;
        }
    }
  g_assert_true (seen_copy);
}

typedef struct
{
  guint placemarks;
  guint coordinates;
  gboolean in_coordinates;
} KmlCount;

static void
kml_start (GMarkupParseContext *context,
           const char          *element,
           const char         **names,
           const char         **values,
           gpointer             data,
           GError             **error)
{
  KmlCount *count = data;

  count->placemarks += strcmp (element, "Placemark") == 0;
  count->in_coordinates = strcmp (element, "coordinates") == 0;
}

static void
kml_end (GMarkupParseContext *context,
         const char          *element,
         gpointer             data,
         GError             **error)
{
  ((KmlCount *) data)->in_coordinates = FALSE;
}

static void
kml_text (GMarkupParseContext *context,
          const char          *text,
          gsize                len,
          gpointer             data,
          GError             **error)
{
  KmlCount *count = data;

  if (count->in_coordinates && len > 0)
    count->coordinates++;
}

static void
test_kml (void)
{
  g_autofree char *text = export ("kml", "map.kml");
  GMarkupParser parser = { kml_start, kml_end, kml_text, NULL, NULL };
  KmlCount count = { 0 };
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, &count, NULL);
  g_autoptr(GError) error = NULL;
  const char *body = strstr (text, "<kml");

  /* Well-formed XML (GMarkup takes it from the root element on). */
  g_assert_true (g_markup_parse_context_parse (context, body, -1, &error));
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count.placemarks, ==, 3);
  g_assert_cmpuint (count.coordinates, ==, 3);
  assert_contains (text, "<coordinates>-70.6692655,-33.4488897</coordinates>");
  assert_contains (text, "PHONE:Backup/utrecht\\tcopy.jpg");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmp = scrim_test_mkdtemp ("export");
  case_path = g_build_filename (tmp, "case.scrim", NULL);
  make_case ();

  g_test_add_func ("/cli/export/geojson", test_geojson);
  g_test_add_func ("/cli/export/kml", test_kml);
  return g_test_run ();
}
