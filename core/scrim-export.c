/* scrim-export.c
 *
 * Every export streams: rows are read, formatted and written one at a
 * time, through a writer that hashes what it writes, so the audit log can
 * record the SHA-256 of the output without reading it again.
 *
 * Maps (GeoJSON, KML) hold one point per image with GPS: its SHA-256,
 * every location it was found at, the camera and capture time, and its
 * pre-category. No pixels ever: a map may travel where images must not.
 * The other formats live beside this file: VICS and hash sets in
 * scrim-export-vics.c, the HTML report in scrim-export-html.c, sub-cases
 * in scrim-export-case.c; tables come from scrim-files.c, the audit log
 * from scrim-audit.c.
 *
 * What is exported is a selection (all, graded, matched, unknown, grade:N,
 * group ids), put in a temporary table of the case's connection for the
 * writers to join against. A file is written beside its destination and
 * renamed into place only once whole (never into evidence, never over a
 * file without force), and only then is the export audited.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "scrim-audit.h"
#include "scrim-case-private.h"
#include "scrim-error.h"
#include "scrim-export-private.h"
#include "scrim-hash.h"
#include "scrim-json.h"
#include "scrim-text.h"

typedef ScrimExportWriter Writer;

#define writer_flush _scrim_export_writer_flush

/* Writes what is buffered once it is big enough (or when forced). */
gboolean
_scrim_export_writer_flush (ScrimExportWriter *w,
                            gboolean           force)
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

static const char * const format_names[SCRIM_EXPORT_N_FORMATS] = {
  "geojson", "kml", "vics", "vics-media", "hashdeep", "md5sum", "pdq", "csv", "tsv", "jsonl", "html",
  "case", "audit",
};

const char *
scrim_export_format_to_string (ScrimExportFormat format)
{
  g_return_val_if_fail ((guint) format < G_N_ELEMENTS (format_names), NULL);
  return format_names[format];
}

gboolean
scrim_export_format_from_string (const char        *str,
                                 ScrimExportFormat *format)
{
  for (guint f = 0; f < G_N_ELEMENTS (format_names); f++)
    if (g_strcmp0 (str, format_names[f]) == 0)
      {
        *format = f;
        return TRUE;
      }
  return FALSE;
}

/*
** What a format exports when no selection is given (static): every
** content for the tables and the report; what was graded or matched for
** VICS and the sub-case; what analysts graded (0-4) for the hash sets.
** Maps and the audit log take no selection (an empty list).
*/
const char * const *
scrim_export_default_select (ScrimExportFormat format)
{
  static const char * const all[] = { "all", NULL };
  static const char * const graded[] = { "graded", NULL };
  static const char * const categorised[] = { "graded", "matched", NULL };
  static const char * const none[] = { NULL };

  switch (format)
    {
    case SCRIM_EXPORT_VICS:
    case SCRIM_EXPORT_CASE:
      return categorised;
    case SCRIM_EXPORT_VICS_MEDIA:
    case SCRIM_EXPORT_HASHDEEP:
    case SCRIM_EXPORT_MD5SUM:
    case SCRIM_EXPORT_PDQ:
      return graded;
    case SCRIM_EXPORT_CSV:
    case SCRIM_EXPORT_TSV:
    case SCRIM_EXPORT_JSONL:
    case SCRIM_EXPORT_HTML:
      return all;
    case SCRIM_EXPORT_GEOJSON:
    case SCRIM_EXPORT_KML:
    case SCRIM_EXPORT_AUDIT:
    default:
      return none;
    }
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
    return _scrim_db_set_error (error, db, rc, _("cannot read the case"));
  map_footer (w, format);
  return TRUE;
}

/* ---- selection ---- */

static gboolean
select_token (sqlite3     *db,
              const char  *token,
              GError     **error)
{
  static const struct { const char *name; const char *sql; } named[] = {
    { "all", "SELECT id FROM item" },
    { "graded", "SELECT item_id FROM grade WHERE grade BETWEEN 0 AND 4" },
    { "matched", "SELECT item_id FROM item_category" },
    { "unknown", "SELECT id FROM item WHERE status = 'ok' AND id NOT IN "
                 "(SELECT item_id FROM item_category WHERE class <> 'uncategorised') "
                 "AND id NOT IN (SELECT item_id FROM grade WHERE grade BETWEEN 0 AND 4)" },
  };
  g_autofree char *sql = NULL;
  gint64 number = 0;

  for (guint i = 0; i < G_N_ELEMENTS (named) && sql == NULL; i++)
    if (g_ascii_strcasecmp (token, named[i].name) == 0)
      sql = g_strdup (named[i].sql);
  if (sql == NULL && g_str_has_prefix (token, "grade:")
      && g_ascii_string_to_signed (token + 6, 10, 0, 5, &number, NULL))
    sql = g_strdup_printf ("SELECT item_id FROM grade WHERE grade = %" G_GINT64_FORMAT, number);
  if (sql == NULL && g_ascii_string_to_signed (token, 10, 1, G_MAXINT64, &number, NULL))
    {
      g_autofree char *exists = g_strdup_printf ("SELECT count(*) FROM grp WHERE id = %" G_GINT64_FORMAT ";", number);

      if (_scrim_db_query_int (db, exists, 0) == 0)
        {
          g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                       _("there is no group %s in the case (see `scrim groups`)"), token);
          return FALSE;
        }
      sql = g_strdup_printf ("SELECT item_id FROM grp_member WHERE group_id = %" G_GINT64_FORMAT, number);
    }
  if (sql == NULL)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                   _("cannot select “%s”: use all, graded, matched, unknown, grade:N or a group id"), token);
      return FALSE;
    }
  {
    g_autofree char *insert = g_strdup_printf ("INSERT OR IGNORE INTO " SCRIM_EXPORT_SELECTION " %s;", sql);

    return _scrim_db_exec (db, insert, error);
  }
}

/*
** Fills the selection table (created empty first) with the union of what
** select names, and counts it. Returns FALSE with error set on a token
** that names nothing valid, or when the case cannot be read.
*/
gboolean
_scrim_export_select (sqlite3             *db,
                      const char * const  *select,
                      guint64             *n_items,
                      GError             **error)
{
  if (!_scrim_db_exec (db, "DROP TABLE IF EXISTS " SCRIM_EXPORT_SELECTION ";"
                           "CREATE TABLE " SCRIM_EXPORT_SELECTION " (item_id INTEGER PRIMARY KEY);", error))
    return FALSE;
  for (guint i = 0; select != NULL && select[i] != NULL; i++)
    if (!select_token (db, select[i], error))
      return FALSE;
  *n_items = _scrim_db_query_int (db, "SELECT count(*) FROM " SCRIM_EXPORT_SELECTION ";", 0);
  return TRUE;
}

void
_scrim_export_drop_selection (sqlite3 *db)
{
  _scrim_db_exec (db, "DROP TABLE IF EXISTS " SCRIM_EXPORT_SELECTION ";", NULL);
}

/* ---- classes and codes ---- */

/*
** The class an analyst's grade says (keys 0-4 are the VICS US codes; 5,
** reviewed without a category, is uncategorised).
*/
ScrimClass
_scrim_export_grade_class (int grade)
{
  static const ScrimClass classes[] = {
    SCRIM_CLASS_NON_PERTINENT, SCRIM_CLASS_ABUSE, SCRIM_CLASS_EXPLOITIVE, SCRIM_CLASS_CGI,
    SCRIM_CLASS_COMPARISON,
  };

  return grade >= 0 && grade < (int) G_N_ELEMENTS (classes) ? classes[grade] : SCRIM_CLASS_UNCATEGORISED;
}

/*
** The most severe class of a pre-category ("abuse", "abuse|exploitive"
** when lists disagree); uncategorised for NULL.
*/
ScrimClass
_scrim_export_worst_class (const char *classes)
{
  g_auto(GStrv) parts = NULL;
  ScrimClass worst = SCRIM_CLASS_UNCATEGORISED;
  gboolean found = FALSE;

  if (classes == NULL)
    return worst;
  parts = g_strsplit (classes, "|", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      ScrimClass k;

      if (scrim_class_from_string (parts[i], &k)
          && (!found || scrim_class_severity (k) > scrim_class_severity (worst)))
        {
          worst = k;
          found = TRUE;
        }
    }
  return worst;
}

static ScrimScheme *
scheme_for_profile (const char  *profile,
                    GError     **error)
{
  const char * const *names = scrim_scheme_builtin_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(ScrimScheme) scheme = scrim_scheme_parse (scrim_scheme_builtin_text (names[i]), NULL);

      if (scheme != NULL && scrim_scheme_has_profile (scheme, profile))
        return g_steal_pointer (&scheme);
    }
  g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
               _("Scrim has no category scheme for the VICS profile “%s”: give one (--scheme FILE)"), profile);
  return NULL;
}

/*
** Prepares the way back from Scrim's classes to the codes of the profile
** to export for: each class takes the lowest code the scheme maps to it;
** known-good, when the scheme has no code of its own for it, takes the
** non-pertinent code. Returns FALSE with error set when the scheme text
** does not parse or no built-in scheme serves the profile.
*/
gboolean
_scrim_export_codes_init (ScrimExportCodes          *codes,
                          const ScrimExportOptions  *options,
                          GError                   **error)
{
  g_auto(GStrv) all = NULL;

  memset (codes, 0, sizeof *codes);
  codes->profile = g_strdup (options && options->profile ? options->profile : "US");
  if (options != NULL && options->scheme_text != NULL)
    codes->scheme = scrim_scheme_parse (options->scheme_text, error);
  else
    codes->scheme = scheme_for_profile (codes->profile, error);
  if (codes->scheme == NULL)
    return FALSE;
  all = scrim_scheme_dup_codes (codes->scheme);
  for (guint i = 0; all[i] != NULL; i++)
    {
      ScrimClass k = scrim_scheme_classify (codes->scheme, all[i], NULL);

      if (codes->codes[k] == NULL && k != SCRIM_CLASS_UNCATEGORISED)
        codes->codes[k] = g_strdup (all[i]);
    }
  if (codes->codes[SCRIM_CLASS_KNOWN_GOOD] == NULL)
    codes->codes[SCRIM_CLASS_KNOWN_GOOD] = g_strdup (codes->codes[SCRIM_CLASS_NON_PERTINENT]);
  return TRUE;
}

void
_scrim_export_codes_clear (ScrimExportCodes *codes)
{
  g_clear_pointer (&codes->profile, g_free);
  g_clear_pointer (&codes->scheme, scrim_scheme_free);
  for (guint i = 0; i < SCRIM_N_CLASSES; i++)
    g_clear_pointer (&codes->codes[i], g_free);
}

/*
** A column as bytes (TEXT or BLOB), NUL-terminated; NULL for NULL.
*/
char *
_scrim_export_column_dup (sqlite3_stmt *stmt,
                          int           i)
{
  return blob_dup (stmt, i);
}

/*
** TRUE for a demo case (synthetic training data).
*/
gboolean
_scrim_export_is_demo (ScrimCase *scase)
{
  g_autofree char *demo = scrim_case_dup_meta (scase, "demo");

  return g_strcmp0 (demo, "1") == 0;
}

/* ---- tables (csv, tsv, jsonl) and the audit log ---- */

static gboolean
table_line (const char *line,
            gsize       len,
            gpointer    user_data)
{
  ScrimExportJob *job = user_data;

  g_string_append_len (job->w->buf, line, len);
  g_string_append (job->w->buf, job->format == SCRIM_EXPORT_CSV ? "\r\n" : "\n");
  job->report->records++;
  return writer_flush (job->w, FALSE);
}

static gboolean
write_table (ScrimExportJob  *job,
             GError         **error)
{
  ScrimFilesFormat format = job->format == SCRIM_EXPORT_CSV ? SCRIM_FILES_CSV
                            : job->format == SCRIM_EXPORT_TSV ? SCRIM_FILES_TSV : SCRIM_FILES_JSONL;

  if (!_scrim_files_write_export (job->scase, format, table_line, job, error))
    return FALSE;
  /* The header line is not a record. */
  if (format != SCRIM_FILES_JSONL && job->report->records > 0)
    job->report->records--;
  return TRUE;
}

static gboolean
write_audit (ScrimExportJob  *job,
             GError         **error)
{
  g_autoptr(GPtrArray) entries = scrim_audit_list (job->scase, error);

  if (entries == NULL)
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      g_autofree char *line = scrim_audit_entry_to_jsonl (g_ptr_array_index (entries, i));

      g_string_append (job->w->buf, line);
      g_string_append_c (job->w->buf, '\n');
      job->report->records++;
      if (!writer_flush (job->w, FALSE))
        break;
    }
  return TRUE;
}

/* ---- the audit entry ---- */

static gboolean
log_export (ScrimCase                *scase,
            ScrimExportFormat         format,
            const ScrimExportOptions *options,
            const char               *destination,
            const ScrimExportReport  *report,
            GError                  **error)
{
  g_autoptr(ScrimJson) detail = scrim_json_new ();
  const char * const *select = options && options->select ? options->select : scrim_export_default_select (format);

  scrim_json_begin_object (detail, NULL);
  scrim_json_add_string (detail, "format", scrim_export_format_to_string (format));
  scrim_json_add_bytes (detail, "destination", destination ? destination : "(stream)", -1);
  if (select[0] != NULL)
    {
      scrim_json_begin_array (detail, "select");
      for (guint i = 0; select[i] != NULL; i++)
        scrim_json_add_string (detail, NULL, select[i]);
      scrim_json_end_array (detail);
      scrim_json_add_int (detail, "items", report->items);
    }
  if (format == SCRIM_EXPORT_VICS || format == SCRIM_EXPORT_VICS_MEDIA)
    scrim_json_add_string (detail, "profile", options && options->profile ? options->profile : "US");
  if (format == SCRIM_EXPORT_HTML)
    scrim_json_add_string (detail, "unknown", options && options->unknown_clear ? "clear" : "blurred");
  if (options != NULL && options->media_dir != NULL)
    {
      scrim_json_add_bytes (detail, "media_dir", options->media_dir, -1);
      scrim_json_add_int (detail, "media_copied", report->media_copied);
    }
  scrim_json_add_int (detail, "records", report->records);
  scrim_json_add_int (detail, "bytes", report->bytes);
  scrim_json_add_string (detail, "sha256", report->sha256);
  scrim_json_add_string (detail, "scrim_version", PACKAGE_VERSION);
  scrim_json_end_object (detail);
  return scrim_audit_append (scase, "exported", scrim_json_peek (detail), error);
}

/* ---- streaming ---- */

static gboolean
dispatch (ScrimExportJob  *job,
          GError         **error)
{
  switch (job->format)
    {
    case SCRIM_EXPORT_GEOJSON:
    case SCRIM_EXPORT_KML:
      return write_map (job->scase, job->format, job->w, job->report, error);
    case SCRIM_EXPORT_VICS:
    case SCRIM_EXPORT_VICS_MEDIA:
      return _scrim_export_vics (job, error);
    case SCRIM_EXPORT_HASHDEEP:
    case SCRIM_EXPORT_MD5SUM:
    case SCRIM_EXPORT_PDQ:
      return _scrim_export_hashset (job, error);
    case SCRIM_EXPORT_CSV:
    case SCRIM_EXPORT_TSV:
    case SCRIM_EXPORT_JSONL:
      return write_table (job, error);
    case SCRIM_EXPORT_HTML:
      return _scrim_export_html (job, error);
    case SCRIM_EXPORT_AUDIT:
      return write_audit (job, error);
    case SCRIM_EXPORT_CASE:
    default:
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                   _("a %s export is a file, not a stream: give an output file"), scrim_export_format_to_string (job->format));
      return FALSE;
    }
}

/* Writes the export to out without logging it. */
static gboolean
export_stream (ScrimCase                *scase,
               ScrimExportFormat         format,
               const ScrimExportOptions *options,
               GOutputStream            *out,
               const char               *destination,
               ScrimExportReport        *report,
               GCancellable             *cancellable,
               GError                  **error)
{
  g_autoptr(ScrimHasher) hasher = scrim_hasher_new ();
  Writer w = { out, cancellable, hasher, g_string_new (NULL), 0, NULL };
  ScrimExportJob job = { scase, _scrim_case_get_db (scase), format, options, destination, &w, report, cancellable };
  const char * const *select = options && options->select ? options->select : scrim_export_default_select (format);
  ScrimDigests digests;
  gboolean ok;

  memset (report, 0, sizeof *report);
  ok = _scrim_export_select (job.db, select, &report->items, error) && dispatch (&job, error);
  _scrim_export_drop_selection (job.db);
  if (ok && !writer_flush (&w, TRUE))
    {
      g_propagate_error (error, g_steal_pointer (&w.error));
      ok = FALSE;
    }
  else if (ok && w.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&w.error));
      ok = FALSE;
    }
  g_clear_error (&w.error);
  g_string_free (w.buf, TRUE);
  if (!ok)
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  scrim_hasher_finish (hasher, &digests);
  {
    g_autofree char *hex = scrim_hex_encode (digests.sha256, sizeof digests.sha256);

    memcpy (report->sha256, hex, 65);
  }
  report->bytes = w.bytes;
  return TRUE;
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
  return scrim_export_write_full (scase, format, NULL, out, destination, report, cancellable, error);
}

/*
** As scrim_export_write(), for every format but the sub-case, with options
** (the selection, the VICS profile and scheme, the HTML policy). Evidence
** copies (options->media_dir) are made as for a file. Returns FALSE with
** error set when the selection names nothing valid, the case cannot be
** read or out cannot be written; the audit entry is then not written.
*/
gboolean
scrim_export_write_full (ScrimCase                *scase,
                         ScrimExportFormat         format,
                         const ScrimExportOptions *options,
                         GOutputStream            *out,
                         const char               *destination,
                         ScrimExportReport        *report,
                         GCancellable             *cancellable,
                         GError                  **error)
{
  ScrimExportReport local = { 0 };

  g_return_val_if_fail (SCRIM_IS_CASE (scase), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail ((guint) format < SCRIM_EXPORT_N_FORMATS, FALSE);

  if (report == NULL)
    report = &local;
  if (!export_stream (scase, format, options, out, destination, report, cancellable, error))
    return FALSE;
  return log_export (scase, format, options, destination, report, error);
}

/* ---- files ---- */

/* The canonical form of an existing folder (symbolic links resolved), or
 * NULL. */
static char *
canonical_dir (const char *path)
{
  char *real = realpath (path, NULL);
  char *copy;

  if (real == NULL)
    return NULL;
  copy = g_strdup (real);
  free (real);
  return copy;
}

static gboolean
is_beneath (const char *dir,
            const char *root)
{
  gsize n = strlen (root);

  if (strcmp (root, "/") == 0)
    return TRUE;
  return strncmp (dir, root, n) == 0 && (dir[n] == '\0' || dir[n] == '/');
}

/* Refuses a folder inside (or equal to) an evidence source. */
static gboolean
check_not_evidence (ScrimCase   *scase,
                    const char  *dir,
                    GError     **error)
{
  g_autoptr(GPtrArray) sources = scrim_case_list_sources (scase, error);
  g_autofree char *real = canonical_dir (dir);

  if (sources == NULL)
    return FALSE;
  if (real == NULL)
    {
      int saved = errno;

      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_IO, _("cannot write into %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  for (guint i = 0; i < sources->len; i++)
    {
      ScrimSource *source = g_ptr_array_index (sources, i);
      g_autofree char *root = canonical_dir (source->root);

      if (root != NULL && is_beneath (real, root))
        {
          g_autofree char *shown = scrim_text_display (source->root, -1);

          if (source->exhibit != NULL)
            g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                         _("refusing to write into the evidence folder %s (source %s): evidence is never written to"),
                         shown, source->exhibit);
          else
            g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                         _("refusing to write into the evidence folder %s (source of this case): evidence is "
                           "never written to"), shown);
          return FALSE;
        }
    }
  return TRUE;
}

/*
** Checks that an export may be written at path: its folder exists and is
** not (inside) an evidence source of the case; path is not the case
** itself; and nothing is there yet, unless force (a folder never).
** Returns FALSE with error set, naming what is wrong, otherwise.
*/
gboolean
scrim_export_check_destination (ScrimCase   *scase,
                                const char  *path,
                                gboolean     force,
                                GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *real_dir = NULL;
  g_autofree char *real_case = NULL;
  g_autofree char *case_dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *case_base = NULL;
  struct stat st;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  if (!check_not_evidence (scase, dir, error))
    return FALSE;
  real_dir = canonical_dir (dir);
  case_dir = g_path_get_dirname (scrim_case_get_path (scase));
  case_base = g_path_get_basename (scrim_case_get_path (scase));
  real_case = canonical_dir (case_dir);
  if (g_strcmp0 (real_dir, real_case) == 0 && g_strcmp0 (base, case_base) == 0)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("refusing to write the export over the case itself"));
      return FALSE;
    }
  if (lstat (path, &st) == 0)
    {
      if (S_ISDIR (st.st_mode))
        {
          g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("%s is a folder: name a file"), path);
          return FALSE;
        }
      if (!force)
        {
          g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                       _("%s exists already; it was left unchanged (use --force to replace it)"), path);
          return FALSE;
        }
    }
  return TRUE;
}

/* Puts tmp_path at path: replacing what is there when force, otherwise
 * only if nothing appeared there meanwhile. */
static gboolean
publish (const char  *tmp_path,
         const char  *path,
         gboolean     force,
         GError     **error)
{
  int saved;

  if (force)
    {
      if (g_rename (tmp_path, path) == 0)
        return TRUE;
      saved = errno;
    }
  else if (link (tmp_path, path) == 0)
    {
      g_unlink (tmp_path);
      return TRUE;
    }
  else
    {
      saved = errno;
      if (saved != EEXIST && renameat2 (AT_FDCWD, tmp_path, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
        return TRUE;
      if (saved != EEXIST)
        saved = errno;
    }
  g_unlink (tmp_path);
  if (saved == EEXIST)
    g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                 _("%s appeared while the export was written; it was left unchanged"), path);
  else
    g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_IO, _("cannot write %s: %s"), path, g_strerror (saved));
  return FALSE;
}

static char *
temp_beside (const char  *path,
             int         *fd,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  char *template = g_strdup_printf ("%s/.%s.exporting-XXXXXX", dir, base);

  *fd = g_mkstemp_full (template, O_RDWR | O_CLOEXEC, 0644);
  if (*fd < 0)
    {
      int saved = errno;

      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_IO, _("cannot write into %s: %s"), dir, g_strerror (saved));
      g_free (template);
      return NULL;
    }
  return template;
}

static gboolean
file_sha256 (const char  *path,
             char         hex[65],
             guint64     *bytes,
             GError     **error)
{
  g_autoptr(GMappedFile) map = g_mapped_file_new (path, FALSE, error);

  if (map == NULL)
    return FALSE;
  scrim_sha256_hex ((const guint8 *) g_mapped_file_get_contents (map), g_mapped_file_get_length (map), hex);
  *bytes = g_mapped_file_get_length (map);
  return TRUE;
}

static gboolean
write_stream_file (ScrimCase                *scase,
                   ScrimExportFormat         format,
                   const ScrimExportOptions *options,
                   int                       fd,
                   const char               *path,
                   ScrimExportReport        *report,
                   GCancellable             *cancellable,
                   GError                  **error)
{
  g_autoptr(GOutputStream) out = g_unix_output_stream_new (fd, TRUE);

  if (!export_stream (scase, format, options, out, path, report, cancellable, error))
    return FALSE;
  if (fsync (fd) != 0)
    {
      int saved = errno;

      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_IO, _("cannot write %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return g_output_stream_close (out, cancellable, error);
}

/*
** Writes the export (any format) to the file path, never half-written: into
** a temporary file beside it, renamed into place once complete and
** synced. Refuses what scrim_export_check_destination() refuses (an
** existing file unless options->force; a folder of evidence). Records the
** export in the audit log once the file is in place; if that fails, the
** file is removed again. Returns FALSE with error set on any failure, with
** nothing left at path (a replaced file then stays as it was).
*/
gboolean
scrim_export_to_file (ScrimCase                *scase,
                      ScrimExportFormat         format,
                      const ScrimExportOptions *options,
                      const char               *path,
                      ScrimExportReport        *report,
                      GCancellable             *cancellable,
                      GError                  **error)
{
  ScrimExportReport local = { 0 };
  gboolean force = options != NULL && options->force;
  g_autofree char *tmp = NULL;
  gboolean ok;
  int fd = -1;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail ((guint) format < SCRIM_EXPORT_N_FORMATS, FALSE);

  if (report == NULL)
    report = &local;
  if (!scrim_export_check_destination (scase, path, force, error)
      || (tmp = temp_beside (path, &fd, error)) == NULL)
    return FALSE;
  if (format == SCRIM_EXPORT_CASE)
    {
      close (fd);
      memset (report, 0, sizeof *report);
      ok = _scrim_export_case_file (scase, options, tmp, path, report, error)
           && file_sha256 (tmp, report->sha256, &report->bytes, error);
    }
  else
    ok = write_stream_file (scase, format, options, fd, path, report, cancellable, error);
  if (!ok)
    {
      g_unlink (tmp);
      return FALSE;
    }
  if (!publish (tmp, path, force, error))
    return FALSE;
  if (!log_export (scase, format, options, path, report, error))
    {
      g_unlink (path);
      g_prefix_error (error, _("the export was removed again: "));
      return FALSE;
    }
  return TRUE;
}
