/* scrim-export.c
 *
 * Every export streams: rows are read, formatted and written one at a
 * time, through a writer that hashes what it writes, so the audit log can
 * record the SHA-256 of the output without reading it again.
 *
 * Maps (GeoJSON, KML) hold one point per image with GPS: its SHA-256,
 * every location it was found at, the camera and capture time, and its
 * pre-category. No pixels ever: a map may travel where images must not.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "scrim-audit.h"
#include "scrim-case-private.h"
#include "scrim-error.h"
#include "scrim-export.h"
#include "scrim-hash.h"
#include "scrim-json.h"
#include "scrim-text.h"

typedef struct
{
  GOutputStream *out;
  GCancellable  *cancellable;
  ScrimHasher   *hasher;
  GString       *buf;
  guint64        bytes;
  GError        *error;
} Writer;

/* Writes what is buffered once it is big enough (or when forced). */
static gboolean
writer_flush (Writer   *w,
              gboolean  force)
{
  gsize written = 0;

  if (w->error != NULL || w->buf->len == 0 || (!force && w->buf->len < 65536))
    return w->error == NULL;
  scrim_hasher_update (w->hasher, (const guint8 *) w->buf->str, w->buf->len);
  if (!g_output_stream_write_all (w->out, w->buf->str, w->buf->len, &written, w->cancellable, &w->error))
    return FALSE;
  w->bytes += written;
  g_string_truncate (w->buf, 0);
  return TRUE;
}

const char *
scrim_export_format_to_string (ScrimExportFormat format)
{
  static const char * const names[] = { "geojson", "kml" };

  g_return_val_if_fail ((guint) format < G_N_ELEMENTS (names), NULL);
  return names[format];
}

gboolean
scrim_export_format_from_string (const char        *str,
                                 ScrimExportFormat *format)
{
  for (ScrimExportFormat f = SCRIM_EXPORT_GEOJSON; f <= SCRIM_EXPORT_KML; f++)
    if (g_strcmp0 (str, scrim_export_format_to_string (f)) == 0)
      {
        *format = f;
        return TRUE;
      }
  return FALSE;
}

/* ---- maps ---- */

static const char GEO_SQL[] =
  "SELECT i.id, i.sha256, e.gps_lat, e.gps_lon, e.gps_alt, e.make, e.model, e.serial, "
  "  e.datetime_original, c.class, COALESCE (s.exhibit, s.id), f.path "
  "FROM item i JOIN exif e ON e.item_id = i.id "
  "JOIN file f ON f.item_id = i.id JOIN source s ON s.id = f.source_id "
  "LEFT JOIN item_category c ON c.item_id = i.id "
  "WHERE e.gps_lat IS NOT NULL AND e.gps_lon IS NOT NULL "
  "ORDER BY i.id, f.source_id, f.path;";

/* One image with GPS, with all its locations. */
typedef struct
{
  gint64     item_id;
  char      *sha256;
  double     lat;
  double     lon;
  gboolean   has_alt;
  double     alt;
  char      *make;
  char      *model;
  char      *serial;
  char      *taken;
  char      *category;
  GPtrArray *paths;     /* "source:path" as bytes */
} Point;

static char *
blob_dup (sqlite3_stmt *stmt,
          int           i)
{
  if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
    return NULL;
  return g_strndup (sqlite3_column_blob (stmt, i), sqlite3_column_bytes (stmt, i));
}

static void
point_clear (Point *p)
{
  g_clear_pointer (&p->sha256, g_free);
  g_clear_pointer (&p->make, g_free);
  g_clear_pointer (&p->model, g_free);
  g_clear_pointer (&p->serial, g_free);
  g_clear_pointer (&p->taken, g_free);
  g_clear_pointer (&p->category, g_free);
  g_clear_pointer (&p->paths, g_ptr_array_unref);
  p->item_id = 0;
}

static void
point_start (Point        *p,
             sqlite3_stmt *stmt)
{
  p->item_id = sqlite3_column_int64 (stmt, 0);
  p->sha256 = scrim_hex_encode (sqlite3_column_blob (stmt, 1), SCRIM_SHA256_LEN);
  p->lat = sqlite3_column_double (stmt, 2);
  p->lon = sqlite3_column_double (stmt, 3);
  p->has_alt = sqlite3_column_type (stmt, 4) != SQLITE_NULL;
  p->alt = sqlite3_column_double (stmt, 4);
  p->make = blob_dup (stmt, 5);
  p->model = blob_dup (stmt, 6);
  p->serial = blob_dup (stmt, 7);
  p->taken = blob_dup (stmt, 8);
  p->category = blob_dup (stmt, 9);
  p->paths = g_ptr_array_new_with_free_func (g_free);
}

static void
point_add_path (Point        *p,
                sqlite3_stmt *stmt)
{
  g_autofree char *source = blob_dup (stmt, 10);
  g_autofree char *path = blob_dup (stmt, 11);

  g_ptr_array_add (p->paths, g_strconcat (source, ":", path, NULL));
}

static void
geojson_point (Writer      *w,
               const Point *p,
               gboolean     first)
{
  g_autoptr(ScrimJson) json = scrim_json_new ();

  scrim_json_begin_object (json, NULL);
  scrim_json_add_string (json, "type", "Feature");
  scrim_json_begin_object (json, "geometry");
  scrim_json_add_string (json, "type", "Point");
  scrim_json_begin_array (json, "coordinates");
  scrim_json_add_double (json, NULL, p->lon, 7);
  scrim_json_add_double (json, NULL, p->lat, 7);
  if (p->has_alt)
    scrim_json_add_double (json, NULL, p->alt, 1);
  scrim_json_end_array (json);
  scrim_json_end_object (json);
  scrim_json_begin_object (json, "properties");
  scrim_json_add_string (json, "sha256", p->sha256);
  scrim_json_begin_array (json, "paths");
  for (guint i = 0; i < p->paths->len; i++)
    scrim_json_add_bytes (json, NULL, g_ptr_array_index (p->paths, i), -1);
  scrim_json_end_array (json);
  scrim_json_add_bytes (json, "make", p->make, -1);
  scrim_json_add_bytes (json, "model", p->model, -1);
  scrim_json_add_bytes (json, "serial", p->serial, -1);
  scrim_json_add_bytes (json, "datetime_original", p->taken, -1);
  scrim_json_add_string (json, "category", p->category);
  scrim_json_end_object (json);
  scrim_json_end_object (json);
  g_string_append (w->buf, first ? "\n" : ",\n");
  g_string_append (w->buf, scrim_json_peek (json));
}

/* Text from evidence, made safe for XML: escaped as in TSV (always valid
 * UTF-8, no control bytes), then as markup. */
static void
kml_text (GString    *out,
          const char *bytes)
{
  g_autofree char *safe = scrim_text_display (bytes ? bytes : "", -1);
  g_autofree char *markup = g_markup_escape_text (safe, -1);

  g_string_append (out, markup);
}

static void
kml_point (Writer      *w,
           const Point *p,
           gboolean     first)
{
  char lat[G_ASCII_DTOSTR_BUF_SIZE], lon[G_ASCII_DTOSTR_BUF_SIZE], alt[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (lat, sizeof lat, "%.7f", p->lat);
  g_ascii_formatd (lon, sizeof lon, "%.7f", p->lon);
  g_ascii_formatd (alt, sizeof alt, "%.1f", p->alt);
  g_string_append (w->buf, "<Placemark><name>");
  kml_text (w->buf, g_ptr_array_index (p->paths, 0));
  g_string_append (w->buf, "</name><description>");
  g_string_append_printf (w->buf, "SHA-256 %s", p->sha256);
  for (guint i = 0; i < p->paths->len; i++)
    {
      g_string_append (w->buf, i ? "; " : "\nFound at: ");
      kml_text (w->buf, g_ptr_array_index (p->paths, i));
    }
  g_string_append (w->buf, "\nCamera: ");
  kml_text (w->buf, p->make);
  g_string_append_c (w->buf, ' ');
  kml_text (w->buf, p->model);
  g_string_append (w->buf, "\nTaken: ");
  kml_text (w->buf, p->taken);
  g_string_append (w->buf, "\nCategory: ");
  kml_text (w->buf, p->category ? p->category : "none");
  g_string_append_printf (w->buf, "</description><Point><coordinates>%s,%s%s%s</coordinates></Point>"
                                  "</Placemark>\n", lon, lat, p->has_alt ? "," : "", p->has_alt ? alt : "");
}

static void
map_point (Writer            *w,
           ScrimExportFormat  format,
           const Point       *p,
           gboolean           first)
{
  if (format == SCRIM_EXPORT_GEOJSON)
    geojson_point (w, p, first);
  else
    kml_point (w, p, first);
}

static void
map_header (Writer            *w,
            ScrimExportFormat  format,
            ScrimCase         *scase)
{
  g_autofree char *number = scrim_case_dup_meta (scase, "case_number");

  if (format == SCRIM_EXPORT_GEOJSON)
    {
      g_string_append (w->buf, "{\"type\":\"FeatureCollection\",\"name\":");
      scrim_text_append_json (w->buf, number ? number : scrim_case_get_path (scase), -1);
      g_string_append (w->buf, ",\"features\":[");
      return;
    }
  g_string_append (w->buf, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                           "<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document><name>");
  kml_text (w->buf, number ? number : scrim_case_get_path (scase));
  g_string_append (w->buf, "</name>\n");
}

static void
map_footer (Writer            *w,
            ScrimExportFormat  format)
{
  g_string_append (w->buf, format == SCRIM_EXPORT_GEOJSON ? "\n]}\n" : "</Document></kml>\n");
}

static gboolean
write_map (ScrimCase          *scase,
           ScrimExportFormat   format,
           Writer             *w,
           ScrimExportReport  *report,
           GError            **error)
{
  sqlite3 *db = _scrim_case_get_db (scase);
  g_autoptr(sqlite3_stmt) stmt = _scrim_db_prepare (db, GEO_SQL, error);
  Point p = { 0 };
  int rc;

  if (stmt == NULL)
    return FALSE;
  map_header (w, format, scase);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (p.item_id != sqlite3_column_int64 (stmt, 0))
        {
          if (p.item_id != 0)
            map_point (w, format, &p, report->records++ == 0);
          point_clear (&p);
          point_start (&p, stmt);
          if (!writer_flush (w, FALSE))
            break;
        }
      point_add_path (&p, stmt);
    }
  if (p.item_id != 0)
    map_point (w, format, &p, report->records++ == 0);
  point_clear (&p);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _scrim_db_set_error (error, db, rc, "cannot read the case");
  map_footer (w, format);
  return TRUE;
}

static gboolean
log_export (ScrimCase               *scase,
            ScrimExportFormat        format,
            const char              *destination,
            const ScrimExportReport *report,
            GError                 **error)
{
  g_autoptr(ScrimJson) detail = scrim_json_new ();

  scrim_json_begin_object (detail, NULL);
  scrim_json_add_string (detail, "format", scrim_export_format_to_string (format));
  scrim_json_add_bytes (detail, "destination", destination ? destination : "(stream)", -1);
  scrim_json_add_int (detail, "records", report->records);
  scrim_json_add_int (detail, "bytes", report->bytes);
  scrim_json_add_string (detail, "sha256", report->sha256);
  scrim_json_add_string (detail, "scrim_version", PACKAGE_VERSION);
  scrim_json_end_object (detail);
  return scrim_audit_append (scase, "exported", scrim_json_peek (detail), error);
}

/*
** Writes the case in format to out (GeoJSON or KML: one point per image
** with GPS), streaming, and records the export in the audit log: format,
** destination (a path as given, for the record), records, bytes and the
** SHA-256 of what was written. report (if given) receives the same.
** Returns FALSE with error set when the case cannot be read or out cannot
** be written; the audit entry is then not written.
*/
gboolean
scrim_export_write (ScrimCase          *scase,
                    ScrimExportFormat   format,
                    GOutputStream      *out,
                    const char         *destination,
                    ScrimExportReport  *report,
                    GCancellable       *cancellable,
                    GError            **error)
{
  g_autoptr(ScrimHasher) hasher = scrim_hasher_new ();
  ScrimExportReport local = { 0 };
  Writer w = { out, cancellable, hasher, g_string_new (NULL), 0, NULL };
  ScrimDigests digests;
  gboolean ok;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  if (report == NULL)
    report = &local;
  memset (report, 0, sizeof *report);
  ok = write_map (scase, format, &w, report, error);
  if (ok && !writer_flush (&w, TRUE))
    {
      g_propagate_error (error, g_steal_pointer (&w.error));
      ok = FALSE;
    }
  else if (!ok)
    g_clear_error (&w.error);
  g_string_free (w.buf, TRUE);
  if (!ok)
    return FALSE;

  scrim_hasher_finish (hasher, &digests);
  {
    g_autofree char *hex = scrim_hex_encode (digests.sha256, sizeof digests.sha256);

    memcpy (report->sha256, hex, 65);
  }
  report->bytes = w.bytes;
  return log_export (scase, format, destination, report, error);
}
