/* scrim-export-vics.c: VICS 2.0 case exports and hash sets
 *
 * A VICS case export (the Cases shape of shared/specs/hash-lists.md §1.3)
 * holds one Case object with one Media record per selected content, each
 * with a MediaFile record per location. A VICS hash list (the Media shape)
 * holds the same Media records without locations or notes: it is for
 * growing a team's lists, and need not say where anything was found.
 *
 * Categories go back to the profile's codes: the analyst's grade (keys
 * 0-4, the US codes) wins over the lists; otherwise the pre-category's
 * most severe class, written with the raw code a list of the same profile
 * gave when there is one (a UK "B" stays "B"), else with the scheme's
 * code for the class. Uncategorised is null.
 *
 * Hash sets (hashdeep, md5sum, PDQ) name each content by its SHA-256 and
 * type, the names --with-media gives the copies, so `md5sum -c` works in
 * that folder. They carry no category: export one per grade to keep them
 * apart (--select grade:1).
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "scrim-error.h"
#include "scrim-export-private.h"
#include "scrim-json.h"
#include "scrim-library.h"
#include "scrim-review.h"
#include "scrim-text.h"

#define VICS_CONTEXT "http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/%s/$metadata#%s"

/* The largest evidence file --with-media copies. */
#define MAX_MEDIA_BYTES ((gsize) 4 * 1024 * 1024 * 1024 - 1)

enum { FLAG_VICTIM, FLAG_OFFENDER, FLAG_DISTRIBUTED };

static const char ITEMS_SQL[] =
  "SELECT i.id, i.md5, i.sha1, i.sha256, i.size, i.type, c.class, g.grade, g.time, i.pdq, i.pdq_quality "
  "FROM " SCRIM_EXPORT_SELECTION " s JOIN item i ON i.id = s.item_id "
  "LEFT JOIN item_category c ON c.item_id = i.id "
  "LEFT JOIN grade g ON g.item_id = i.id "
  "ORDER BY i.id;";

typedef struct
{
  ScrimExportJob   *job;
  ScrimExportCodes  codes;
  sqlite3_stmt     *items;
  sqlite3_stmt     *matches;
  sqlite3_stmt     *tags;
  sqlite3_stmt     *notes;
  sqlite3_stmt     *files;
  char             *now;
  char             *media_dir;     /* canonical, created */
  char             *relative_to;   /* canonical folder of the output */
} Vics;

static void
vics_clear (Vics *v)
{
  _scrim_export_codes_clear (&v->codes);
  g_clear_pointer (&v->items, sqlite3_finalize);
  g_clear_pointer (&v->matches, sqlite3_finalize);
  g_clear_pointer (&v->tags, sqlite3_finalize);
  g_clear_pointer (&v->notes, sqlite3_finalize);
  g_clear_pointer (&v->files, sqlite3_finalize);
  g_clear_pointer (&v->now, g_free);
  g_clear_pointer (&v->media_dir, g_free);
  g_clear_pointer (&v->relative_to, g_free);
}

static const char *
type_extension (const char *type)
{
  if (g_strcmp0 (type, "jpeg") == 0)
    return "jpg";
  if (type == NULL || g_strcmp0 (type, "other") == 0)
    return "bin";
  return type;
}

static const char *
type_mime (const char *type)
{
  static const char * const pairs[][2] = {
    { "jpeg", "image/jpeg" }, { "png", "image/png" }, { "gif", "image/gif" }, { "bmp", "image/bmp" },
    { "webp", "image/webp" }, { "heic", "image/heic" }, { "tiff", "image/tiff" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    if (g_strcmp0 (type, pairs[i][0]) == 0)
      return pairs[i][1];
  return "application/octet-stream";
}

static char *
upper_hex (sqlite3_stmt *stmt,
           int           i)
{
  g_autofree char *hex = scrim_hex_encode (sqlite3_column_blob (stmt, i), sqlite3_column_bytes (stmt, i));

  return g_ascii_strup (hex, -1);
}

static char *
canonical (const char *path)
{
  char *real = realpath (path, NULL);
  char *copy = g_strdup (real);

  free (real);
  return copy;
}

/* The path of target relative to the folder base (both canonical), with
 * Windows separators as VICS writes them. */
static char *
relative_path (const char *base,
               const char *target)
{
  g_auto(GStrv) b = g_strsplit (base, "/", -1);
  g_auto(GStrv) t = g_strsplit (target, "/", -1);
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  guint common = 0;

  while (b[common] != NULL && t[common] != NULL && strcmp (b[common], t[common]) == 0)
    common++;
  for (guint i = common; b[i] != NULL; i++)
    if (*b[i] != '\0')
      g_ptr_array_add (parts, (gpointer) "..");
  for (guint i = common; t[i] != NULL; i++)
    if (*t[i] != '\0')
      g_ptr_array_add (parts, t[i]);
  g_ptr_array_add (parts, NULL);
  return g_strjoinv ("\\", (char **) parts->pdata);
}

/* ---- --with-media ---- */

static gboolean
media_prepare (Vics     *v,
               GError  **error)
{
  const char *dir = v->job->options ? v->job->options->media_dir : NULL;
  g_autofree char *probe = NULL;
  g_autofree char *out_dir = NULL;

  if (dir == NULL)
    return TRUE;
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_IO, _("cannot create %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  /* The media folder is checked like an output file in it. */
  probe = g_build_filename (dir, "probe", NULL);
  if (!scrim_export_check_destination (v->job->scase, probe, TRUE, error))
    return FALSE;
  v->media_dir = canonical (dir);
  out_dir = v->job->destination ? g_path_get_dirname (v->job->destination) : g_strdup (".");
  v->relative_to = canonical (out_dir);
  if (v->media_dir == NULL || v->relative_to == NULL)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_IO, _("cannot resolve %s"), dir);
      return FALSE;
    }
  return TRUE;
}

static gboolean
file_has_sha256 (const char *path,
                 const char *sha256)
{
  g_autoptr(GMappedFile) map = g_mapped_file_new (path, FALSE, NULL);
  char hex[65];

  if (map == NULL)
    return FALSE;
  scrim_sha256_hex ((const guint8 *) g_mapped_file_get_contents (map), g_mapped_file_get_length (map), hex);
  return strcmp (hex, sha256) == 0;
}

static gboolean
write_copy (const char  *path,
            GBytes      *bytes,
            GError     **error)
{
  g_autofree char *tmp = g_strconcat (path, ".copying-XXXXXX", NULL);
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  int fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0444);
  gsize done = 0;

  if (fd < 0)
    goto fail;
  while (done < len)
    {
      ssize_t n = write (fd, data + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        goto fail;
      done += n;
    }
  if (fsync (fd) != 0 || close (fd) != 0)
    {
      fd = -1;
      goto fail;
    }
  fd = -1;
  if (g_rename (tmp, path) == 0)
    return TRUE;

fail:
  {
    int saved = errno;

    if (fd >= 0)
      close (fd);
    g_unlink (tmp);
    g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_IO, _("cannot write %s: %s"), path, g_strerror (saved));
    return FALSE;
  }
}

/* Copies the evidence of one content into the media folder (read from
 * its first location that still holds what was ingested, SHA-256
 * checked), unless a verified copy is there already. Returns the
 * RelativeFilePath, or NULL with error set. */
static char *
media_copy (Vics        *v,
            gint64       item_id,
            const char  *sha256,
            const char  *type,
            GError     **error)
{
  g_autofree char *name = g_strdup_printf ("%s.%s", sha256, type_extension (type));
  g_autofree char *path = g_build_filename (v->media_dir, name, NULL);
  g_autoptr(GBytes) bytes = NULL;

  if (!file_has_sha256 (path, sha256))
    {
      bytes = scrim_review_read_evidence (v->job->scase, item_id, MAX_MEDIA_BYTES, NULL, error);
      if (bytes == NULL || !write_copy (path, bytes, error))
        return NULL;
    }
  v->job->report->media_copied++;
  return relative_path (v->relative_to, path);
}

/* ---- one Media record ---- */

typedef struct
{
  char     *code;            /* the category code, NULL: uncategorised */
  gboolean  precategorized;
  GString  *sources;         /* lists that said so */
  GString  *series;
  int       flags[3];        /* SCRIM_FLAG_UNKNOWN, FALSE, TRUE */
} Verdict;

static void
verdict_clear (Verdict *d)
{
  g_clear_pointer (&d->code, g_free);
  if (d->sources)
    g_string_free (d->sources, TRUE);
  if (d->series)
    g_string_free (d->series, TRUE);
  memset (d, 0, sizeof *d);
}

static void
append_unique (GString    *list,
               const char *value)
{
  g_auto(GStrv) parts = g_strsplit (list->str, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    if (strcmp (parts[i], value) == 0)
      return;
  g_string_append_printf (list, "%s%s", list->len ? "," : "", value);
}

static void
read_matches (Vics       *v,
              gint64      item_id,
              ScrimClass  worst,
              Verdict    *d)
{
  sqlite3_stmt *st = v->matches;

  sqlite3_bind_int64 (st, 1, item_id);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      const char *raw = (const char *) sqlite3_column_text (st, 0);
      const char *profile = (const char *) sqlite3_column_text (st, 4);
      const char *series = (const char *) sqlite3_column_text (st, 2);
      gint64 flags = sqlite3_column_int64 (st, 3);
      g_autofree char *source = g_strdup_printf ("%s%s%s", sqlite3_column_text (st, 5),
                                                 sqlite3_column_text (st, 6) ? " " : "",
                                                 sqlite3_column_text (st, 6) ? (const char *) sqlite3_column_text (st, 6) : "");

      append_unique (d->sources, source);
      if (series != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (series, "|", -1);

          for (guint i = 0; parts[i] != NULL; i++)
            if (*g_strstrip (parts[i]) != '\0')
              append_unique (d->series, parts[i]);
        }
      for (int f = FLAG_VICTIM; f <= FLAG_DISTRIBUTED; f++)
        {
          if (flags & ((gint64) 1 << (2 * f)))
            d->flags[f] = TRUE;
          else if ((flags & ((gint64) 1 << (2 * f + 1))) && d->flags[f] != TRUE)
            d->flags[f] = FALSE;
        }
      if (d->code == NULL && raw != NULL && strchr (raw, '|') == NULL && profile != NULL
          && g_ascii_strcasecmp (profile, v->codes.profile) == 0
          && scrim_scheme_classify (v->codes.scheme, raw, NULL) == worst)
        d->code = g_strdup (raw);
    }
  sqlite3_reset (st);
}

/* The category of the content on the item row, and what the lists said. */
static void
verdict (Vics    *v,
         Verdict *d)
{
  sqlite3_stmt *row = v->items;
  gboolean graded = sqlite3_column_type (row, 7) != SQLITE_NULL;
  int grade = sqlite3_column_int (row, 7);
  ScrimClass worst = _scrim_export_worst_class ((const char *) sqlite3_column_text (row, 6));

  d->sources = g_string_new (NULL);
  d->series = g_string_new (NULL);
  d->flags[0] = d->flags[1] = d->flags[2] = SCRIM_FLAG_UNKNOWN;
  read_matches (v, sqlite3_column_int64 (row, 0), worst, d);
  if (graded && grade >= 0 && grade <= 4)
    {
      g_clear_pointer (&d->code, g_free);
      d->code = g_strdup (v->codes.codes[_scrim_export_grade_class (grade)]);
      return;
    }
  d->precategorized = worst != SCRIM_CLASS_UNCATEGORISED;
  if (d->code == NULL && d->precategorized)
    d->code = g_strdup (v->codes.codes[worst]);
  if (!d->precategorized)
    g_clear_pointer (&d->code, g_free);
}

static void
add_flag (ScrimJson  *json,
          const char *key,
          int         value)
{
  if (value == SCRIM_FLAG_UNKNOWN)
    scrim_json_add_null (json, key);
  else
    scrim_json_add_bool (json, key, value);
}

static void
add_code (ScrimJson  *json,
          const char *code)
{
  gint64 number;

  if (code == NULL)
    scrim_json_add_null (json, "Category");
  else if (g_ascii_string_to_signed (code, 10, G_MININT32, G_MAXINT32, &number, NULL))
    scrim_json_add_int (json, "Category", number);
  else
    scrim_json_add_string (json, "Category", code);
}

static char *
joined (sqlite3_stmt *st,
        gint64        item_id,
        const char   *separator)
{
  GString *out = NULL;

  sqlite3_bind_int64 (st, 1, item_id);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      if (out == NULL)
        out = g_string_new (NULL);
      else
        g_string_append (out, separator);
      g_string_append_len (out, sqlite3_column_blob (st, 0), sqlite3_column_bytes (st, 0));
    }
  sqlite3_reset (st);
  return out ? g_string_free (out, FALSE) : NULL;
}

static char *
iso_time (sqlite3_stmt *st,
          int           i)
{
  g_autoptr(GDateTime) t = NULL;

  if (sqlite3_column_type (st, i) == SQLITE_NULL)
    return NULL;
  t = g_date_time_new_from_unix_utc (sqlite3_column_int64 (st, i) / G_GINT64_CONSTANT (1000000000));
  return t ? g_date_time_format (t, "%Y-%m-%dT%H:%M:%S.000Z") : NULL;
}

/* The MediaFile records: file name and folder (with '\'), times, exhibit. */
static void
add_media_files (Vics       *v,
                 ScrimJson  *json,
                 gint64      item_id,
                 const char *md5)
{
  sqlite3_stmt *st = v->files;

  scrim_json_begin_array (json, "MediaFiles");
  sqlite3_bind_int64 (st, 1, item_id);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      g_autofree char *path = _scrim_export_column_dup (st, 0);
      g_autofree char *written = iso_time (st, 1);
      g_autofree char *accessed = iso_time (st, 2);
      const char *slash = strrchr (path, '/');
      g_autofree char *folder = g_strdup_printf ("%s\\%.*s", sqlite3_column_text (st, 3),
                                                 slash ? (int) (slash - path + 1) : 0, path);

      g_strdelimit (folder, "/", '\\');
      scrim_json_begin_object (json, NULL);
      scrim_json_add_string (json, "MD5", md5);
      scrim_json_add_bytes (json, "FileName", slash ? slash + 1 : path, -1);
      scrim_json_add_bytes (json, "FilePath", folder, -1);
      scrim_json_add_null (json, "Created");
      scrim_json_add_string (json, "Written", written);
      scrim_json_add_string (json, "Accessed", accessed);
      scrim_json_add_bool (json, "Unallocated", FALSE);
      scrim_json_add_bool (json, "Deleted", FALSE);
      scrim_json_add_string (json, "SourceID", (const char *) sqlite3_column_text (st, 3));
      scrim_json_end_object (json);
      v->job->report->records++;
    }
  sqlite3_reset (st);
  scrim_json_end_array (json);
}

static void
add_hashes (ScrimJson    *json,
            sqlite3_stmt *row)
{
  g_autofree char *sha256 = scrim_hex_encode (sqlite3_column_blob (row, 3), sqlite3_column_bytes (row, 3));

  scrim_json_begin_array (json, "AlternativeHashes");
  scrim_json_begin_object (json, NULL);
  scrim_json_add_string (json, "HashName", "SHA256");
  scrim_json_add_string (json, "HashValue", sha256);
  scrim_json_end_object (json);
  if (sqlite3_column_type (row, 9) != SQLITE_NULL)
    {
      g_autofree char *pdq = scrim_hex_encode (sqlite3_column_blob (row, 9), sqlite3_column_bytes (row, 9));

      scrim_json_begin_object (json, NULL);
      scrim_json_add_string (json, "HashName", "PDQ");
      scrim_json_add_string (json, "HashValue", pdq);
      scrim_json_end_object (json);
    }
  scrim_json_end_array (json);
}

static gboolean
media_record (Vics     *v,
              gint64    media_id,
              gboolean  with_files,
              GError  **error)
{
  sqlite3_stmt *row = v->items;
  gint64 item_id = sqlite3_column_int64 (row, 0);
  g_autofree char *md5 = upper_hex (row, 1);
  g_autofree char *sha1 = upper_hex (row, 2);
  g_autofree char *sha256 = scrim_hex_encode (sqlite3_column_blob (row, 3), sqlite3_column_bytes (row, 3));
  g_autofree char *type = _scrim_export_column_dup (row, 5);
  g_autofree char *tags = joined (v->tags, item_id, ",");
  g_autofree char *notes = with_files ? joined (v->notes, item_id, "\n") : NULL;
  g_autofree char *relative = NULL;
  g_autoptr(ScrimJson) json = scrim_json_new ();
  Verdict d = { 0 };

  if (with_files && v->media_dir != NULL
      && (relative = media_copy (v, item_id, sha256, type, error)) == NULL)
    return FALSE;
  verdict (v, &d);
  scrim_json_begin_object (json, NULL);
  scrim_json_add_int (json, "MediaID", media_id);
  add_code (json, d.code);
  scrim_json_add_string (json, "MD5", md5);
  scrim_json_add_string (json, "SHA1", sha1);
  scrim_json_add_int (json, "MediaSize", sqlite3_column_int64 (row, 4));
  scrim_json_add_string (json, "MimeType", type_mime (type));
  scrim_json_add_string (json, "DateUpdated", sqlite3_column_type (row, 8) != SQLITE_NULL
                                              ? (const char *) sqlite3_column_text (row, 8) : v->now);
  scrim_json_add_bool (json, "IsPrecategorized", d.precategorized);
  if (d.precategorized)
    scrim_json_add_string (json, "PrecategorizationSource", d.sources->str);
  add_flag (json, "VictimIdentified", d.flags[FLAG_VICTIM]);
  add_flag (json, "OffenderIdentified", d.flags[FLAG_OFFENDER]);
  add_flag (json, "IsDistributed", d.flags[FLAG_DISTRIBUTED]);
  scrim_json_add_string (json, "Series", d.series->len ? d.series->str : NULL);
  scrim_json_add_bytes (json, "Tags", tags ? tags : "", -1);
  if (with_files)
    scrim_json_add_bytes (json, "Comments", notes ? notes : "", -1);
  if (relative != NULL)
    scrim_json_add_string (json, "RelativeFilePath", relative);
  add_hashes (json, row);
  if (with_files)
    add_media_files (v, json, item_id, md5);
  scrim_json_end_object (json);
  verdict_clear (&d);

  g_string_append (v->job->w->buf, media_id > 1 ? ",\n" : "\n");
  g_string_append (v->job->w->buf, scrim_json_peek (json));
  if (!with_files)
    v->job->report->records++;
  return TRUE;
}

/* ---- the document ---- */

static gboolean
vics_prepare (Vics            *v,
              ScrimExportJob  *job,
              GError         **error)
{
  sqlite3 *db = job->db;

  v->job = job;
  v->now = scrim_text_now_iso8601 ();
  return _scrim_export_codes_init (&v->codes, job->options, error)
         && (v->items = _scrim_db_prepare (db, ITEMS_SQL, error)) != NULL
         && (v->matches = _scrim_db_prepare (db, "SELECT m.category, m.class, m.series, m.flags, l.profile, "
                                                 "l.name, l.version FROM match m JOIN list_version l "
                                                 "ON l.id = m.list_version_id WHERE m.item_id = ?1 "
                                                 "ORDER BY l.id, m.entry_id;", error)) != NULL
         && (v->tags = _scrim_db_prepare (db, "SELECT tag FROM tag WHERE item_id = ?1 ORDER BY tag;", error)) != NULL
         && (v->notes = _scrim_db_prepare (db, "SELECT text FROM note WHERE item_id = ?1 ORDER BY id;",
                                           error)) != NULL
         && (v->files = _scrim_db_prepare (db, "SELECT f.path, f.mtime_ns, f.atime_ns, COALESCE (s.exhibit, s.id) "
                                               "FROM file f JOIN source s ON s.id = f.source_id "
                                               "WHERE f.item_id = ?1 ORDER BY f.source_id, f.path;",
                                           error)) != NULL;
}

static void
case_header (Vics *v)
{
  ScrimCase *scase = v->job->scase;
  sqlite3 *db = v->job->db;
  g_autofree char *uuid = scrim_case_dup_meta (scase, "case_uuid");
  g_autofree char *number = scrim_case_dup_meta (scase, "case_number");
  g_autofree char *seized = scrim_case_dup_meta (scase, "seizure_date");
  g_autofree char *case_id = g_strdup_printf ("{%s}", uuid ? uuid : "");
  g_autoptr(ScrimJson) json = scrim_json_new ();
  const char *tail;

  scrim_json_begin_object (json, NULL);
  scrim_json_add_string (json, "CaseID", case_id);
  scrim_json_add_string (json, "CaseNumber", number ? number : "");
  scrim_json_add_string (json, "ContactName", scrim_case_get_examiner (scase));
  scrim_json_add_string (json, "SourceApplicationName",
                         _scrim_export_is_demo (scase) ? SCRIM_DEMO_MARKER : "Scrim");
  scrim_json_add_string (json, "SourceApplicationVersion", PACKAGE_VERSION);
  scrim_json_add_string (json, "SeizureDate", seized);
  scrim_json_add_int (json, "TotalMediaFiles",
                      _scrim_db_query_int (db, "SELECT count(*) FROM file WHERE item_id IN "
                                               "(SELECT item_id FROM " SCRIM_EXPORT_SELECTION ");", 0));
  scrim_json_add_int (json, "TotalPrecategorized",
                      _scrim_db_query_int (db, "SELECT count(*) FROM " SCRIM_EXPORT_SELECTION " s "
                                               "JOIN item_category c ON c.item_id = s.item_id "
                                               "WHERE c.class <> 'uncategorised' AND s.item_id NOT IN "
                                               "(SELECT item_id FROM grade WHERE grade BETWEEN 0 AND 4);", 0));
  scrim_json_end_object (json);
  /* The object stays open for its Media array. */
  tail = scrim_json_peek (json);
  g_string_append_len (v->job->w->buf, tail, strlen (tail) - 1);
  g_string_append (v->job->w->buf, ",\"Media\":[");
}

/*
** Writes a VICS 2.0 case export (SCRIM_EXPORT_VICS) or hash list
** (SCRIM_EXPORT_VICS_MEDIA) of the selected contents, one Media record
** each, streaming. Returns FALSE with error set on failure.
*/
gboolean
_scrim_export_vics (ScrimExportJob  *job,
                    GError         **error)
{
  gboolean cases = job->format == SCRIM_EXPORT_VICS;
  Vics v = { 0 };
  gboolean ok;
  gint64 n = 0;
  int rc = SQLITE_DONE;
  g_autofree char *context = NULL;

  ok = vics_prepare (&v, job, error) && (!cases || media_prepare (&v, error));
  if (ok)
    {
      context = g_strdup_printf (VICS_CONTEXT, v.codes.profile, cases ? "Cases" : "Media");
      g_string_append (job->w->buf, "{\"@odata.context\":");
      scrim_text_append_json (job->w->buf, context, -1);
      g_string_append (job->w->buf, ",\"value\":[");
      if (cases)
        case_header (&v);
      while (ok && (rc = sqlite3_step (v.items)) == SQLITE_ROW)
        ok = media_record (&v, ++n, cases, error) && _scrim_export_writer_flush (job->w, FALSE)
             && !g_cancellable_set_error_if_cancelled (job->cancellable, error);
      if (ok && rc != SQLITE_DONE)
        ok = _scrim_db_set_error (error, job->db, rc, _("cannot read the case"));
      g_string_append (job->w->buf, cases ? "\n]}]}\n" : "\n]}\n");
    }
  vics_clear (&v);
  return ok;
}

/* ---- hash sets ---- */

static void
hashset_header (ScrimExportJob *job)
{
  g_autofree char *number = scrim_case_dup_meta (job->scase, "case_number");
  g_autofree char *now = scrim_text_now_iso8601 ();
  const char *lead = job->format == SCRIM_EXPORT_HASHDEEP ? "##" : "#";
  GString *buf = job->w->buf;

  if (job->format == SCRIM_EXPORT_HASHDEEP)
    g_string_append (buf, "%%%% HASHDEEP-1.0\n%%%% size,md5,sha1,sha256,filename\n");
  if (_scrim_export_is_demo (job->scase))
    g_string_append_printf (buf, "%s %s\n", lead, SCRIM_DEMO_MARKER);
  g_string_append_printf (buf, "%s Scrim %s, case ", lead, PACKAGE_VERSION);
  scrim_text_append_tsv (buf, number ? number : "(no number)", -1);
  g_string_append_printf (buf, ", %s, %" G_GUINT64_FORMAT " contents, named by SHA-256\n", now,
                          job->report->items);
  if (job->format == SCRIM_EXPORT_PDQ)
    g_string_append (buf, "# pdq,quality,label\n");
}

static void
hashset_line (ScrimExportJob *job,
              sqlite3_stmt   *row)
{
  g_autofree char *md5 = scrim_hex_encode (sqlite3_column_blob (row, 1), sqlite3_column_bytes (row, 1));
  g_autofree char *sha1 = scrim_hex_encode (sqlite3_column_blob (row, 2), sqlite3_column_bytes (row, 2));
  g_autofree char *sha256 = scrim_hex_encode (sqlite3_column_blob (row, 3), sqlite3_column_bytes (row, 3));
  g_autofree char *type = _scrim_export_column_dup (row, 5);
  GString *buf = job->w->buf;

  switch (job->format)
    {
    case SCRIM_EXPORT_HASHDEEP:
      g_string_append_printf (buf, "%" G_GINT64_FORMAT ",%s,%s,%s,%s.%s\n", (gint64) sqlite3_column_int64 (row, 4), md5, sha1,
                              sha256, sha256, type_extension (type));
      break;
    case SCRIM_EXPORT_MD5SUM:
      g_string_append_printf (buf, "%s  %s.%s\n", md5, sha256, type_extension (type));
      break;
    case SCRIM_EXPORT_PDQ:
      {
        g_autofree char *pdq = NULL;

        if (sqlite3_column_type (row, 9) == SQLITE_NULL)
          return;
        pdq = scrim_hex_encode (sqlite3_column_blob (row, 9), sqlite3_column_bytes (row, 9));
        g_string_append_printf (buf, "%s,%d,%s.%s\n", pdq, sqlite3_column_int (row, 10), sha256,
                                type_extension (type));
      }
      break;
    default:
      g_assert_not_reached ();
    }
  job->report->records++;
}

/*
** Writes a hash set (hashdeep, md5sum or PDQ lines) of the selected
** contents, streaming; contents without a PDQ hash are left out of a PDQ
** list. Returns FALSE with error set on failure.
*/
gboolean
_scrim_export_hashset (ScrimExportJob  *job,
                       GError         **error)
{
  g_autoptr(sqlite3_stmt) items = _scrim_db_prepare (job->db, ITEMS_SQL, error);
  int rc;

  if (items == NULL)
    return FALSE;
  hashset_header (job);
  while ((rc = sqlite3_step (items)) == SQLITE_ROW)
    {
      hashset_line (job, items);
      if (!_scrim_export_writer_flush (job->w, FALSE))
        return TRUE;
    }
  if (rc != SQLITE_DONE)
    return _scrim_db_set_error (error, job->db, rc, _("cannot read the case"));
  return TRUE;
}
