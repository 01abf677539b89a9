/* scrim-export-html.c: the self-contained HTML report
 *
 * One file, no external resource of any kind (no script, no font, no
 * link): case metadata and examiner, Scrim and list versions, counts per
 * category and grade, groups and the possibly-ongoing queue with their
 * reasons, and a table of the selected contents with every location.
 * Prints to PDF from a browser (a print stylesheet: no shadows, rows kept
 * whole, headers repeated).
 *
 * Thumbnails are embedded as data: URIs and follow the protection policy:
 * matched material, and material an analyst graded 1-4, is embedded only
 * as scrim_pixels_obscure() made it (grey and heavily blurred: the clear
 * pixels are never written); known-good and non-pertinent images clear;
 * unknown ones blurred unless the export asked for them clear.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "scrim-audit.h"
#include "scrim-error.h"
#include "scrim-export-private.h"
#include "scrim-group.h"
#include "scrim-review.h"
#include "scrim-text.h"
#include "scrim-thumb.h"

#define HTML_THUMB_SIDE 160
#define QUEUE_SHOWN     100
#define GROUPS_SHOWN    500

static const char STYLE[] =
  "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}"
  "h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #999}"
  "table{border-collapse:collapse;margin:.5em 0;width:100%}"
  "th,td{border:1px solid #bbb;padding:3px 6px;text-align:left;vertical-align:top}"
  "th{background:#eee}td.n{text-align:right}"
  "td.hash,code{font-family:monospace;font-size:11px;word-break:break-all}"
  "img{display:block;max-width:160px;max-height:160px}"
  ".obscured{outline:3px solid #b00}"
  ".pre{white-space:pre-wrap}"
  ".note{color:#555;font-size:.9em}"
  "@media print{body{margin:0;font-size:10pt}h2{break-after:avoid}tr,img{break-inside:avoid}"
  "thead{display:table-header-group}th{background:none}a{color:inherit;text-decoration:none}}";

typedef struct
{
  ScrimExportJob *job;
  GString        *buf;
} Html;

/* Text from evidence or from people: TSV-escaped (always valid UTF-8,
 * no control bytes), then as markup. */
static void
text (Html       *h,
      const char *bytes,
      gssize      len)
{
  g_autofree char *safe = scrim_text_display (bytes ? bytes : "", len);
  g_autofree char *markup = g_markup_escape_text (safe, -1);

  g_string_append (h->buf, markup);
}

/* Text that may hold line breaks a reader should see (notes). */
static void
text_lines (Html       *h,
            const char *bytes)
{
  g_auto(GStrv) lines = g_strsplit (bytes ? bytes : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (h->buf, "<br>");
      text (h, lines[i], -1);
    }
}

static void
cell (Html       *h,
      const char *value)
{
  g_string_append (h->buf, "<td>");
  text (h, value, -1);
  g_string_append (h->buf, "</td>");
}

static void
row2 (Html       *h,
      const char *label,
      const char *value)
{
  g_string_append_printf (h->buf, "<tr><th>%s</th>", label);
  cell (h, value ? value : "—");
  g_string_append (h->buf, "</tr>\n");
}

static gboolean
flush (Html *h)
{
  return _scrim_export_writer_flush (h->job->w, FALSE);
}

/* ---- the case ---- */

static void
section_case (Html *h)
{
  ScrimCase *scase = h->job->scase;
  static const struct { const char *key; const char *label; } keys[] = {
    { "case_number", "Case number" }, { "case_uuid", "Case id" }, { "examiner", "Examiner (case)" },
    { "created", "Created" }, { "seizure_date", "Seizure date" }, { "scrim_version", "Created with Scrim" },
  };
  g_autofree char *now = scrim_text_now_iso8601 ();
  g_autofree char *number = scrim_case_dup_meta (scase, "case_number");
  g_autoptr(GPtrArray) sources = scrim_case_list_sources (scase, NULL);
  g_autofree char *head = NULL;
  gint64 n_entries = 0;
  gboolean intact = scrim_audit_verify (scase, &n_entries, &head, NULL);

  g_string_append (h->buf, "<h1>Triage report: ");
  text (h, number ? number : "(no case number)", -1);
  g_string_append (h->buf, "</h1>\n<table>\n");
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *value = scrim_case_dup_meta (scase, keys[i].key);

      row2 (h, keys[i].label, value);
    }
  row2 (h, "Case file", scrim_case_get_path (scase));
  row2 (h, "Report by", scrim_case_get_examiner (scase));
  row2 (h, "Report written", now);
  row2 (h, "Written with", "Scrim " PACKAGE_VERSION);
  if (intact)
    {
      g_autofree char *audit = g_strdup_printf ("intact: %" G_GINT64_FORMAT " entries before this report, head %s",
                                                n_entries, head);
      row2 (h, "Audit log", audit);
    }
  else
    row2 (h, "Audit log", "DOES NOT VERIFY (run scrim audit --verify)");
  g_string_append (h->buf, "</table>\n<h2>Evidence sources</h2>\n<table><thead><tr><th>#</th><th>Exhibit</th>"
                           "<th>Folder</th><th>Added</th><th>By</th><th>Completed</th></tr></thead>\n");
  for (guint i = 0; sources != NULL && i < sources->len; i++)
    {
      ScrimSource *s = g_ptr_array_index (sources, i);

      g_string_append_printf (h->buf, "<tr><td class=n>%" G_GINT64_FORMAT "</td>", s->id);
      cell (h, s->exhibit);
      cell (h, s->root);
      cell (h, s->added);
      cell (h, s->added_by);
      cell (h, s->completed ? s->completed : "not completed");
      g_string_append (h->buf, "</tr>\n");
    }
  g_string_append (h->buf, "</table>\n");
}

/* The "sha256" values of a list_version's sources JSON. */
static char *
source_digests (const char *json)
{
  GString *out = g_string_new (NULL);
  const char *p = json;

  while (p != NULL && (p = strstr (p, "\"sha256\":\"")) != NULL)
    {
      p += strlen ("\"sha256\":\"");
      g_string_append_printf (out, "%s%.64s", out->len ? " " : "", p);
    }
  return g_string_free (out, FALSE);
}

static void
section_lists (Html *h)
{
  g_autoptr(sqlite3_stmt) st = _scrim_db_prepare (h->job->db, "SELECT name, format, kind, profile, scheme, "
                                                  "version, imported, entries, sources, last_matched "
                                                  "FROM list_version ORDER BY id;", NULL);

  g_string_append (h->buf, "<h2>Reference lists</h2>\n<table><thead><tr><th>List</th><th>Format</th>"
                           "<th>Kind</th><th>Profile / scheme</th><th>Version</th><th>Imported</th>"
                           "<th>Entries</th><th>Last matched</th><th>SHA-256 of the list files</th>"
                           "</tr></thead>\n");
  while (st != NULL && sqlite3_step (st) == SQLITE_ROW)
    {
      g_autofree char *digests = source_digests ((const char *) sqlite3_column_text (st, 8));
      g_autofree char *profile = g_strdup_printf ("%s / %s", sqlite3_column_text (st, 3) ? (const char *) sqlite3_column_text (st, 3) : "—",
                                                  sqlite3_column_text (st, 4) ? (const char *) sqlite3_column_text (st, 4) : "—");

      g_string_append (h->buf, "<tr>");
      for (int c = 0; c < 3; c++)
        cell (h, (const char *) sqlite3_column_text (st, c));
      cell (h, profile);
      cell (h, (const char *) sqlite3_column_text (st, 5));
      cell (h, (const char *) sqlite3_column_text (st, 6));
      g_string_append_printf (h->buf, "<td class=n>%lld</td>", (long long) sqlite3_column_int64 (st, 7));
      cell (h, (const char *) sqlite3_column_text (st, 9));
      g_string_append (h->buf, "<td class=hash>");
      text (h, digests, -1);
      g_string_append (h->buf, "</td></tr>\n");
    }
  g_string_append (h->buf, "</table>\n");
}

static void
count_rows (Html       *h,
            const char *sql,
            const char *title,
            const char *what)
{
  g_autoptr(sqlite3_stmt) st = _scrim_db_prepare (h->job->db, sql, NULL);

  g_string_append_printf (h->buf, "<h2>%s</h2>\n<table><thead><tr><th>%s</th><th>Files</th><th>Contents</th>"
                                  "</tr></thead>\n", title, what);
  while (st != NULL && sqlite3_step (st) == SQLITE_ROW)
    {
      g_string_append (h->buf, "<tr>");
      cell (h, (const char *) sqlite3_column_text (st, 0));
      g_string_append_printf (h->buf, "<td class=n>%lld</td><td class=n>%lld</td></tr>\n",
                              (long long) sqlite3_column_int64 (st, 1), (long long) sqlite3_column_int64 (st, 2));
    }
  g_string_append (h->buf, "</table>\n");
}

static void
section_counts (Html *h)
{
  count_rows (h, "SELECT COALESCE (c.class, CASE WHEN i.id IS NULL THEN 'not hashed (' || f.status || ')' "
                 "ELSE 'no list matched' END), count(*), count (DISTINCT f.item_id) FROM file f "
                 "LEFT JOIN item i ON i.id = f.item_id LEFT JOIN item_category c ON c.item_id = f.item_id "
                 "GROUP BY 1 ORDER BY 2 DESC;",
              "Counts per pre-category (reference lists)", "Category");
  count_rows (h, "SELECT CASE g.grade WHEN 0 THEN '0 non-pertinent' WHEN 1 THEN '1 abuse' WHEN 2 THEN "
                 "'2 exploitive' WHEN 3 THEN '3 CGI' WHEN 4 THEN '4 comparison' WHEN 5 THEN '5 reviewed, "
                 "no category' ELSE 'not graded' END, count(*), count (DISTINCT f.item_id) FROM file f "
                 "JOIN item i ON i.id = f.item_id LEFT JOIN grade g ON g.item_id = f.item_id "
                 "WHERE i.status = 'ok' GROUP BY 1 ORDER BY 1;",
              "Counts per grade (analysts, decoded images)", "Grade");
}

/* The "why" texts of a queue entry's reasons (a JSON array of objects). */
static char *
queue_whys (const char *json)
{
  GString *out = g_string_new (NULL);
  const char *p = json;

  while (p != NULL && (p = strstr (p, "\"why\":\"")) != NULL)
    {
      if (out->len)
        g_string_append (out, "; ");
      for (p += strlen ("\"why\":\""); *p != '\0' && *p != '"'; p++)
        {
          if (*p == '\\' && p[1] != '\0')
            p++;
          g_string_append_c (out, *p);
        }
    }
  return g_string_free (out, FALSE);
}

static void
section_groups (Html *h)
{
  g_autoptr(GPtrArray) groups = scrim_case_list_groups (h->job->scase, -1, NULL);
  g_autoptr(GPtrArray) queue = scrim_case_queue (h->job->scase, QUEUE_SHOWN, NULL);

  g_string_append (h->buf, "<h2>Groups</h2>\n<table><thead><tr><th>Id</th><th>Kind</th><th>Name</th>"
                           "<th>Size</th><th>Reasons</th><th>Representative</th></tr></thead>\n");
  for (guint i = 0; groups != NULL && i < groups->len && i < GROUPS_SHOWN; i++)
    {
      ScrimGroupInfo *g = g_ptr_array_index (groups, i);

      g_string_append_printf (h->buf, "<tr><td class=n>%" G_GINT64_FORMAT "</td>", g->id);
      cell (h, scrim_group_kind_to_string (g->kind));
      cell (h, g->name);
      g_string_append_printf (h->buf, "<td class=n>%" G_GINT64_FORMAT "</td>", g->size);
      cell (h, g->reasons);
      cell (h, g->representative_path);
      g_string_append (h->buf, "</tr>\n");
    }
  g_string_append (h->buf, "</table>\n");
  if (groups != NULL && groups->len > GROUPS_SHOWN)
    g_string_append_printf (h->buf, "<p class=note>%u more groups: see <code>scrim groups</code>.</p>\n",
                            groups->len - GROUPS_SHOWN);

  g_string_append (h->buf, "<h2>Possibly ongoing: the queue</h2>\n<table><thead><tr><th>Rank</th><th>Score</th>"
                           "<th>Reasons</th><th>Where</th><th>SHA-256</th></tr></thead>\n");
  for (guint i = 0; queue != NULL && i < queue->len; i++)
    {
      ScrimQueueEntry *e = g_ptr_array_index (queue, i);
      g_autofree char *whys = queue_whys (e->reasons);
      char score[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (score, sizeof score, "%.2f", e->score);
      g_string_append_printf (h->buf, "<tr><td class=n>%u</td><td class=n>%s</td>", i + 1, score);
      cell (h, whys);
      cell (h, e->path);
      g_string_append_printf (h->buf, "<td class=hash>%s</td></tr>\n", e->sha256);
    }
  g_string_append (h->buf, "</table>\n");
}

/* ---- the contents ---- */

/* Matched material, or material the analyst graded as such (the review's
 * rule, scrim-review.c). */
static gboolean
must_obscure (const char *klass,
              int         grade)
{
  static const char * const obscured[] = { "abuse", "exploitive", "cgi", "comparison" };

  if (grade >= SCRIM_GRADE_ABUSE && grade <= SCRIM_GRADE_COMPARISON)
    return TRUE;
  for (guint i = 0; klass != NULL && i < G_N_ELEMENTS (obscured); i++)
    if (strstr (klass, obscured[i]) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
may_show (const char *klass,
          int         grade,
          gboolean    unknown_clear)
{
  ScrimClass k;

  if (must_obscure (klass, grade))
    return FALSE;
  if (grade == SCRIM_GRADE_NON_PERTINENT)
    return TRUE;
  if (klass != NULL && strchr (klass, '|') == NULL && scrim_class_from_string (klass, &k)
      && scrim_class_is_ignorable (k))
    return TRUE;
  return unknown_clear;
}

/* The thumbnail as a data: URI, obscured unless it may be shown; NULL
 * when the content has none. */
static void
thumbnail (Html       *h,
           gint64      item_id,
           const char *sha256,
           gboolean    clear)
{
  g_autoptr(ScrimPixels) pixels = scrim_review_thumbnail (h->job->scase, item_id, NULL);
  g_autoptr(ScrimPixels) shown = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autofree char *b64 = NULL;

  if (pixels == NULL)
    {
      g_string_append (h->buf, "<td>no image</td>");
      return;
    }
  if (clear)
    {
      g_autoptr(ScrimPixels) flat = scrim_pixels_flatten (pixels);

      shown = flat ? scrim_pixels_scale_to_fit (flat, HTML_THUMB_SIDE) : NULL;
    }
  else
    shown = scrim_pixels_obscure (pixels, HTML_THUMB_SIDE);
  g_clear_pointer (&pixels, scrim_pixels_free);
  if (shown == NULL || (jpeg = scrim_jpeg_encode (shown, clear ? 80 : 60, NULL, NULL)) == NULL)
    {
      g_string_append (h->buf, "<td>no image</td>");
      return;
    }
  b64 = g_base64_encode (g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
  g_string_append_printf (h->buf, "<td><img%s alt=\"%s\" data-sha256=\"%s\" data-policy=\"%s\" "
                                  "src=\"data:image/jpeg;base64,%s\"></td>",
                          clear ? "" : " class=obscured", clear ? "thumbnail" : "thumbnail, obscured", sha256,
                          clear ? "clear" : "blurred", b64);
}

static const char CONTENTS_SQL[] =
  "SELECT i.id, i.sha256, i.md5, i.size, i.type, i.width, i.height, c.class, c.source, g.grade, "
  "       e.make, e.model, e.serial, e.datetime_original, "
  "       (SELECT group_concat (tag, ', ') FROM (SELECT tag FROM tag t WHERE t.item_id = i.id ORDER BY tag)), "
  "       (SELECT group_concat (text, char (10)) FROM (SELECT text FROM note n WHERE n.item_id = i.id "
  "                                                   ORDER BY n.id)) "
  "FROM " SCRIM_EXPORT_SELECTION " s JOIN item i ON i.id = s.item_id "
  "LEFT JOIN item_category c ON c.item_id = i.id LEFT JOIN grade g ON g.item_id = i.id "
  "LEFT JOIN exif e ON e.item_id = i.id ORDER BY i.id;";

static void
locations (Html         *h,
           sqlite3_stmt *files,
           gint64        item_id)
{
  guint n = 0;

  g_string_append (h->buf, "<td>");
  sqlite3_bind_int64 (files, 1, item_id);
  while (sqlite3_step (files) == SQLITE_ROW)
    {
      if (n++ > 0)
        g_string_append (h->buf, "<br>");
      text (h, (const char *) sqlite3_column_text (files, 0), -1);
      g_string_append_c (h->buf, ':');
      text (h, sqlite3_column_blob (files, 1), sqlite3_column_bytes (files, 1));
    }
  sqlite3_reset (files);
  g_string_append (h->buf, "</td>");
}

static void
content_row (Html         *h,
             sqlite3_stmt *st,
             sqlite3_stmt *files)
{
  gint64 id = sqlite3_column_int64 (st, 0);
  g_autofree char *sha256 = scrim_hex_encode (sqlite3_column_blob (st, 1), sqlite3_column_bytes (st, 1));
  g_autofree char *md5 = scrim_hex_encode (sqlite3_column_blob (st, 2), sqlite3_column_bytes (st, 2));
  const char *klass = (const char *) sqlite3_column_text (st, 7);
  int grade = sqlite3_column_type (st, 9) == SQLITE_NULL ? SCRIM_GRADE_NONE : sqlite3_column_int (st, 9);
  gboolean clear = may_show (klass, grade, h->job->options && h->job->options->unknown_clear);
  g_autofree char *camera = NULL;

  g_string_append (h->buf, "<tr>");
  thumbnail (h, id, sha256, clear);
  g_string_append_printf (h->buf, "<td class=hash>SHA-256 %s<br>MD5 %s</td>", sha256, md5);
  g_string_append (h->buf, "<td>");
  text (h, klass ? klass : "no list matched", -1);
  if (sqlite3_column_type (st, 8) != SQLITE_NULL)
    {
      g_string_append (h->buf, "<br><span class=note>");
      text (h, (const char *) sqlite3_column_text (st, 8), -1);
      g_string_append (h->buf, "</span>");
    }
  g_string_append (h->buf, "</td>");
  cell (h, grade == SCRIM_GRADE_NONE ? "—" : scrim_grade_to_string (grade));
  locations (h, files, id);
  camera = g_strdup_printf ("%s %s%s%s", sqlite3_column_text (st, 10) ? (const char *) sqlite3_column_text (st, 10) : "",
                            sqlite3_column_text (st, 11) ? (const char *) sqlite3_column_text (st, 11) : "",
                            sqlite3_column_text (st, 12) ? ", serial " : "",
                            sqlite3_column_text (st, 12) ? (const char *) sqlite3_column_text (st, 12) : "");
  g_string_append (h->buf, "<td>");
  text (h, g_strstrip (camera), -1);
  if (sqlite3_column_type (st, 13) != SQLITE_NULL)
    {
      g_string_append (h->buf, "<br>");
      text (h, sqlite3_column_blob (st, 13), sqlite3_column_bytes (st, 13));
    }
  g_string_append_printf (h->buf, "<br>%lld bytes, %s", (long long) sqlite3_column_int64 (st, 3),
                          sqlite3_column_text (st, 4) ? (const char *) sqlite3_column_text (st, 4) : "?");
  if (sqlite3_column_type (st, 5) != SQLITE_NULL)
    g_string_append_printf (h->buf, ", %d×%d", sqlite3_column_int (st, 5), sqlite3_column_int (st, 6));
  g_string_append (h->buf, "</td><td>");
  text (h, (const char *) sqlite3_column_text (st, 14), -1);
  g_string_append (h->buf, "</td><td class=pre>");
  text_lines (h, (const char *) sqlite3_column_text (st, 15));
  g_string_append (h->buf, "</td></tr>\n");
  h->job->report->records++;
}

static gboolean
section_contents (Html    *h,
                  GError **error)
{
  g_autoptr(sqlite3_stmt) st = _scrim_db_prepare (h->job->db, CONTENTS_SQL, error);
  g_autoptr(sqlite3_stmt) files = NULL;
  int rc;

  if (st == NULL)
    return FALSE;
  files = _scrim_db_prepare (h->job->db, "SELECT COALESCE (s.exhibit, s.id), f.path FROM file f JOIN source s "
                                         "ON s.id = f.source_id WHERE f.item_id = ?1 ORDER BY f.source_id, "
                                         "f.path;", error);
  if (files == NULL)
    return FALSE;
  g_string_append_printf (h->buf, "<h2>Contents (%" G_GUINT64_FORMAT ")</h2>\n<p class=note>Matched material and "
                                  "material graded 1–4 is shown grey and blurred; unknown images %s.</p>\n"
                                  "<table><thead><tr><th>Image</th><th>Hashes</th><th>Pre-category</th>"
                                  "<th>Grade</th><th>Locations</th><th>Camera, time, size</th><th>Tags</th>"
                                  "<th>Notes</th></tr></thead>\n", h->job->report->items,
                          h->job->options && h->job->options->unknown_clear ? "clear" : "blurred too");
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      content_row (h, st, files);
      if (!flush (h) || g_cancellable_set_error_if_cancelled (h->job->cancellable, error))
        return h->job->w->error != NULL;
    }
  if (rc != SQLITE_DONE)
    return _scrim_db_set_error (error, h->job->db, rc, _("cannot read the case"));
  g_string_append (h->buf, "</table>\n");
  return TRUE;
}

/*
** Writes the HTML report of the case, its selected contents in the table
** (see the top of this file). Returns FALSE with error set on failure.
*/
gboolean
_scrim_export_html (ScrimExportJob  *job,
                    GError         **error)
{
  Html h = { job, job->w->buf };
  g_autofree char *number = scrim_case_dup_meta (job->scase, "case_number");

  g_string_append (h.buf, "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>\n"
                          "<meta name=robots content=\"noindex,nofollow\">\n"
                          "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; "
                          "img-src data:; style-src 'unsafe-inline'\">\n<title>Scrim report ");
  text (&h, number ? number : "", -1);
  g_string_append_printf (h.buf, "</title>\n<style>%s</style></head>\n<body>\n", STYLE);
  section_case (&h);
  section_lists (&h);
  section_counts (&h);
  section_groups (&h);
  if (!flush (&h) || !section_contents (&h, error))
    return job->w->error != NULL;
  g_string_append (h.buf, "<p class=note>Written by Scrim " PACKAGE_VERSION ". This export is recorded in the "
                          "case's audit log with the SHA-256 of this file.</p>\n</body></html>\n");
  return TRUE;
}
