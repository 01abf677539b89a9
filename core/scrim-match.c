/* scrim-match.c
 *
 * Matching a case against every list of the reference library:
 *
 * - exact matches on MD5, SHA-1 and SHA-256 by SQL joins of the case's
 *   items with the library's indexed entries (the library attached to a
 *   connection of the case's own);
 * - perceptual matches on PDQ through a ScrimPdqIndex of the lists' PDQ
 *   entries, queried with all 8 dihedral variants of every image (so a
 *   rotated or mirrored copy is found), skipping unreliable hashes and
 *   those below the quality floor, in parallel;
 * - each match classified through its list's kind and category scheme;
 *   each content's pre-category derived from its matches, with its
 *   provenance. When lists disagree the content is flagged as a conflict
 *   with every answer: never silently resolved. Known-good and
 *   non-pertinent contents become ignorable.
 *
 * The results replace those of the previous run in one transaction, so a
 * re-run is idempotent, and the run reports what changed. The case records
 * every list version it was matched against, and the audit log the run.
 *
 * Demo separation (scrim-library.h): a demo case is matched only against a
 * library of demo lists, a real case never against demo lists. The check
 * comes before the case is opened for writing, so a refusal changes
 * nothing.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "scrim-audit.h"
#include "scrim-case-private.h"
#include "scrim-error.h"
#include "scrim-json.h"
#include "scrim-library-private.h"
#include "scrim-match.h"
#include "scrim-text.h"

typedef struct
{
  gint64         lib_id;
  char          *name;
  char          *format;
  char          *kind_name;
  ScrimListKind  kind;
  char          *profile;
  char          *scheme_name;
  char          *version;
  char          *imported;
  char          *sources;
  gint64         entries;
  ScrimScheme   *scheme;
  gint64         version_id;   /* list_version.id in the case */
} ListCtx;

typedef struct
{
  gint64 item_id;
  gint64 entry_id;
  gint64 list_id;
  char   kind[8];
  int    distance;
  int    variant;
} Hit;

typedef struct
{
  ScrimCase               *scase;
  ScrimLibrary            *library;
  ScrimMatchOptions        options;
  ScrimMatchReport        *report;
  sqlite3                 *db;
  GHashTable              *lists;   /* library list id -> ListCtx */
  GArray                  *hits;
} Match;

static void
list_ctx_free (ListCtx *l)
{
  g_free (l->name);
  g_free (l->format);
  g_free (l->kind_name);
  g_free (l->profile);
  g_free (l->scheme_name);
  g_free (l->version);
  g_free (l->imported);
  g_free (l->sources);
  g_clear_pointer (&l->scheme, scrim_scheme_free);
  g_free (l);
}

static char *
text_column (sqlite3_stmt *stmt,
             int           i)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, i));
}

/* ---- the lists ---- */

static ListCtx *
read_list (Match        *m,
           sqlite3_stmt *stmt)
{
  ListCtx *l = g_new0 (ListCtx, 1);

  l->lib_id = sqlite3_column_int64 (stmt, 0);
  l->name = text_column (stmt, 1);
  l->format = text_column (stmt, 2);
  l->kind_name = text_column (stmt, 3);
  if (!scrim_list_kind_from_string (l->kind_name, &l->kind))
    l->kind = SCRIM_LIST_KIND_KNOWN_BAD;
  l->profile = text_column (stmt, 4);
  l->scheme_name = text_column (stmt, 5);
  l->version = text_column (stmt, 6);
  l->imported = text_column (stmt, 7);
  l->entries = sqlite3_column_int64 (stmt, 8);
  l->sources = text_column (stmt, 9);
  l->scheme = scrim_library_get_scheme (m->library, l->scheme_name, NULL);
  if (l->scheme == NULL)
    l->scheme = scrim_scheme_parse (scrim_scheme_builtin_text ("vics-us"), NULL);
  return l;
}

static gboolean
load_lists (Match   *m,
            GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _scrim_db_prepare (m->db,
                            "SELECT l.id, l.name, l.format, l.kind, l.profile, l.scheme, l.version, "
                            "  l.imported, l.entries, "
                            "  (SELECT json_group_array (json_object ('path', f.path, 'size', f.size, "
                            "     'sha256', f.sha256)) FROM lib.list_file f WHERE f.list_id = l.id) "
                            "FROM lib.list l ORDER BY l.name;", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ListCtx *l = read_list (m, stmt);

      g_hash_table_insert (m->lists, &l->lib_id, l);
    }
  if (rc != SQLITE_DONE)
    return _scrim_db_set_error (error, m->db, rc, _("cannot read the reference library"));
  m->report->lists = g_hash_table_size (m->lists);
  return TRUE;
}

/* ---- exact matches ---- */

static const char EXACT_SQL[] =
  "SELECT i.id, e.id, e.list_id, 'md5' FROM item i JOIN lib.entry e ON e.md5 = i.md5 "
  "UNION ALL "
  "SELECT i.id, e.id, e.list_id, 'sha1' FROM item i JOIN lib.entry e ON e.sha1 = i.sha1 "
  "UNION ALL "
  "SELECT i.id, e.id, e.list_id, 'sha256' FROM item i JOIN lib.entry e ON e.sha256 = i.sha256;";

static gboolean
match_exact (Match   *m,
             GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = _scrim_db_prepare (m->db, EXACT_SQL, error);
  gint64 started = g_get_monotonic_time ();
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Hit hit = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                  sqlite3_column_int64 (stmt, 2), { 0 }, -1, -1 };

      g_strlcpy (hit.kind, (const char *) sqlite3_column_text (stmt, 3), sizeof hit.kind);
      g_array_append_val (m->hits, hit);
      m->report->exact++;
    }
  if (rc != SQLITE_DONE)
    return _scrim_db_set_error (error, m->db, rc, _("cannot match the case"));
  m->report->exact_seconds = (g_get_monotonic_time () - started) / 1e6;
  return TRUE;
}

/* ---- PDQ matches ---- */

typedef struct
{
  gint64         item_id;
  ScrimPdqHash   variants[SCRIM_PDQ_N_DIHEDRAL];
} Query;

typedef struct
{
  const ScrimPdqIndex *index;
  const Query         *queries;
  gsize                first;
  gsize                last;
  guint                radius;
  GArray              *hits;          /* Hit, entry id in entry_id */
} Slice;

static ScrimPdqIndex *
load_list_pdq (Match   *m,
               GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(ScrimPdqIndex) index = scrim_pdq_index_new ();
  int rc;

  stmt = _scrim_db_prepare (m->db, "SELECT id, pdq FROM lib.entry WHERE pdq IS NOT NULL "
                                   "AND (pdq_quality IS NULL OR pdq_quality >= ?1);", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, m->options.pdq_min_quality);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ScrimPdqHash hash;

      if (sqlite3_column_bytes (stmt, 1) != SCRIM_PDQ_BYTES)
        continue;
      scrim_pdq_from_bytes (sqlite3_column_blob (stmt, 1), &hash);
      scrim_pdq_index_add (index, &hash, (guint32) sqlite3_column_int64 (stmt, 0));
    }
  if (rc != SQLITE_DONE)
    {
      _scrim_db_set_error (error, m->db, rc, _("cannot read the lists' PDQ hashes"));
      return NULL;
    }
  scrim_pdq_index_build (index);
  return g_steal_pointer (&index);
}

/* The case's images worth a PDQ search: reliable hashes of enough quality. */
static GArray *
load_queries (Match   *m,
              GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) queries = g_array_new (FALSE, FALSE, sizeof (Query));
  int rc;

  stmt = _scrim_db_prepare (m->db, "SELECT id, pdq, pdq_dihedral, pdq_quality, pdq_unreliable "
                                   "FROM item WHERE pdq IS NOT NULL;", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const guint8 *dihedral = sqlite3_column_blob (stmt, 2);
      Query q = { sqlite3_column_int64 (stmt, 0) };

      if (sqlite3_column_int (stmt, 4) || sqlite3_column_int (stmt, 3) < (int) m->options.pdq_min_quality
          || sqlite3_column_bytes (stmt, 2) != (SCRIM_PDQ_N_DIHEDRAL - 1) * SCRIM_PDQ_BYTES)
        {
          m->report->pdq_skipped++;
          continue;
        }
      scrim_pdq_from_bytes (sqlite3_column_blob (stmt, 1), &q.variants[0]);
      for (int v = 1; v < SCRIM_PDQ_N_DIHEDRAL; v++)
        scrim_pdq_from_bytes (dihedral + (v - 1) * SCRIM_PDQ_BYTES, &q.variants[v]);
      g_array_append_val (queries, q);
    }
  if (rc != SQLITE_DONE)
    {
      _scrim_db_set_error (error, m->db, rc, _("cannot read the case's PDQ hashes"));
      return NULL;
    }
  m->report->pdq_queried = queries->len;
  return g_steal_pointer (&queries);
}

/* Keeps, per list entry, the nearest of the image's variants. Matches per
 * image are few, so a linear look among this image's hits is enough. */
static void
add_pdq_hit (GArray *hits,
             guint   first,
             gint64  item_id,
             guint32 entry_id,
             guint   distance,
             int     variant)
{
  Hit hit = { item_id, entry_id, 0, "pdq", distance, variant };

  for (guint k = first; k < hits->len; k++)
    {
      Hit *h = &g_array_index (hits, Hit, k);

      if (h->entry_id == entry_id)
        {
          if ((guint) h->distance > distance)
            h->distance = distance, h->variant = variant;
          return;
        }
    }
  g_array_append_val (hits, hit);
}

static gpointer
search_slice (gpointer data)
{
  Slice *slice = data;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (ScrimPdqMatch));

  for (gsize i = slice->first; i < slice->last; i++)
    {
      const Query *q = &slice->queries[i];
      guint first = slice->hits->len;

      for (int v = 0; v < SCRIM_PDQ_N_DIHEDRAL; v++)
        {
          g_array_set_size (found, 0);
          scrim_pdq_index_search (slice->index, &q->variants[v], slice->radius, found);
          for (guint k = 0; k < found->len; k++)
            {
              const ScrimPdqMatch *pm = &g_array_index (found, ScrimPdqMatch, k);

              add_pdq_hit (slice->hits, first, q->item_id, pm->id, pm->distance, v);
            }
        }
    }
  return NULL;
}

/* Searches all queries on jobs threads; appends the hits to m->hits. */
static void
run_slices (Match               *m,
            const ScrimPdqIndex *index,
            GArray              *queries)
{
  guint jobs = m->options.jobs ? m->options.jobs : MAX (1, g_get_num_processors ());
  g_autofree Slice *slices = NULL;
  g_autofree GThread **threads = NULL;
  gsize per;

  jobs = MIN (jobs, MAX (1, queries->len));
  per = (queries->len + jobs - 1) / jobs;
  slices = g_new0 (Slice, jobs);
  threads = g_new0 (GThread *, jobs);
  for (guint t = 0; t < jobs; t++)
    {
      slices[t] = (Slice) { index, &g_array_index (queries, Query, 0), MIN (t * per, queries->len),
                            MIN ((t + 1) * per, queries->len), m->options.pdq_distance,
                            g_array_new (FALSE, FALSE, sizeof (Hit)) };
      threads[t] = g_thread_new ("scrim-match", search_slice, &slices[t]);
    }
  for (guint t = 0; t < jobs; t++)
    {
      g_thread_join (threads[t]);
      g_array_append_vals (m->hits, slices[t].hits->data, slices[t].hits->len);
      m->report->pdq += slices[t].hits->len;
      g_array_unref (slices[t].hits);
    }
}

static gboolean
match_pdq (Match   *m,
           GError **error)
{
  g_autoptr(ScrimPdqIndex) index = NULL;
  g_autoptr(GArray) queries = NULL;
  gint64 started = g_get_monotonic_time ();

  index = load_list_pdq (m, error);
  if (index == NULL || (queries = load_queries (m, error)) == NULL)
    return FALSE;
  if (scrim_pdq_index_size (index) > 0 && queries->len > 0)
    run_slices (m, index, queries);
  m->report->pdq_seconds = (g_get_monotonic_time () - started) / 1e6;
  return TRUE;
}

/* ---- classifying ---- */

/* What one hit says: the list entry's facts, read from the library. */
typedef struct
{
  const Hit     *hit;
  ListCtx       *list;
  char          *category;
  char          *series;
  gint64         flags;
  ScrimClass     klass;
} Said;

static void
said_clear (Said *said)
{
  g_free (said->category);
  g_free (said->series);
}

static ScrimClass
classify (const ListCtx *list,
          const char    *category)
{
  ScrimClass klass;

  if (list->kind == SCRIM_LIST_KIND_KNOWN_GOOD)
    return SCRIM_CLASS_KNOWN_GOOD;
  klass = scrim_scheme_classify (list->scheme, category, NULL);
  if (klass == SCRIM_CLASS_UNCATEGORISED && list->kind == SCRIM_LIST_KIND_ALERT)
    return SCRIM_CLASS_ABUSE;
  return klass;
}

static gboolean
read_said (Match        *m,
           sqlite3_stmt *entry,
           const Hit    *hit,
           Said         *said)
{
  gint64 list_id;

  sqlite3_bind_int64 (entry, 1, hit->entry_id);
  if (sqlite3_step (entry) != SQLITE_ROW)
    {
      sqlite3_reset (entry);
      return FALSE;
    }
  list_id = sqlite3_column_int64 (entry, 0);
  said->hit = hit;
  said->list = g_hash_table_lookup (m->lists, &list_id);
  said->category = text_column (entry, 1);
  said->series = text_column (entry, 2);
  said->flags = sqlite3_column_int64 (entry, 3);
  sqlite3_reset (entry);
  if (said->list == NULL)
    return FALSE;
  said->klass = classify (said->list, said->category);
  return TRUE;
}

/* The verdict on one content from everything said about it. */
typedef struct
{
  GString  *classes;
  GString  *source;
  GString  *detail;
  gboolean  exact;
  int       pdq_distance;
  gboolean  conflict;
  gboolean  ignorable;
} Verdict;

static int
compare_said (gconstpointer a,
              gconstpointer b)
{
  const Said *x = a, *y = b;
  int sx = scrim_class_severity (x->klass), sy = scrim_class_severity (y->klass);

  if (sx != sy)
    return sy - sx;
  return g_strcmp0 (x->list->name, y->list->name);
}

static void
describe (GString    *out,
          const Said *s)
{
  if (out->len > 0)
    g_string_append (out, "; ");
  g_string_append_printf (out, "%s (%s, %s", scrim_class_to_string (s->klass), s->list->name, s->hit->kind);
  if (s->hit->distance >= 0)
    g_string_append_printf (out, " %d", s->hit->distance);
  if (s->category != NULL)
    g_string_append_printf (out, ", code %s", s->category);
  g_string_append_c (out, ')');
}

/* Lists agree when they name one class (uncategorised entries add no
 * opinion), or only ignorable ones. */
static void
decide (GArray  *said,
        Verdict *v)
{
  gboolean any_categorised = FALSE, all_ignorable = TRUE;
  ScrimClass seen[SCRIM_N_CLASSES] = { 0 };
  guint n_classes = 0;

  g_array_sort (said, compare_said);
  v->pdq_distance = -1;
  for (guint i = 0; i < said->len; i++)
    {
      const Said *s = &g_array_index (said, Said, i);
      gboolean counted = FALSE;

      for (guint k = 0; k < n_classes; k++)
        counted |= seen[k] == s->klass;
      if (!counted && (s->klass != SCRIM_CLASS_UNCATEGORISED || said->len == 1))
        seen[n_classes++] = s->klass;
      if (!strstr (v->source->str, s->list->name))
        g_string_append_printf (v->source, "%s%s%s%s", v->source->len ? "; " : "", s->list->name,
                                s->list->version ? " " : "", s->list->version ? s->list->version : "");
      if (s->hit->distance < 0)
        v->exact = TRUE;
      else if (v->pdq_distance < 0 || s->hit->distance < v->pdq_distance)
        v->pdq_distance = s->hit->distance;
      any_categorised |= s->klass != SCRIM_CLASS_UNCATEGORISED;
      all_ignorable &= scrim_class_is_ignorable (s->klass);
      describe (v->detail, s);
    }
  if (n_classes == 0)
    seen[n_classes++] = SCRIM_CLASS_UNCATEGORISED;
  for (guint k = 0; k < n_classes; k++)
    g_string_append_printf (v->classes, "%s%s", k ? "|" : "", scrim_class_to_string (seen[k]));
  v->conflict = n_classes > 1 && !(all_ignorable && any_categorised);
  v->ignorable = all_ignorable && !v->conflict;
}

/* ---- writing ---- */

typedef struct
{
  sqlite3_stmt *match;
  sqlite3_stmt *category;
  sqlite3_stmt *entry;
  GHashTable   *before;   /* item id -> class text of the previous run */
} Writer;

static gboolean
write_said (Match     *m,
            Writer    *w,
            const Said *s,
            GError   **error)
{
  sqlite3_stmt *st = w->match;

  sqlite3_bind_int64 (st, 1, s->hit->item_id);
  sqlite3_bind_int64 (st, 2, s->list->version_id);
  sqlite3_bind_int64 (st, 3, s->hit->entry_id);
  sqlite3_bind_text (st, 4, s->hit->kind, -1, SQLITE_STATIC);
  if (s->hit->distance >= 0)
    {
      sqlite3_bind_int (st, 5, s->hit->distance);
      sqlite3_bind_text (st, 6, scrim_pdq_dihedral_name (s->hit->variant), -1, SQLITE_STATIC);
    }
  if (s->category)
    sqlite3_bind_text (st, 7, s->category, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 8, scrim_class_to_string (s->klass), -1, SQLITE_STATIC);
  if (s->series)
    sqlite3_bind_text (st, 9, s->series, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (st, 10, s->flags);
  return _scrim_db_step_done (st, error);
}

static gboolean
write_verdict (Match          *m,
               Writer         *w,
               gint64          item_id,
               const Verdict  *v,
               GError        **error)
{
  sqlite3_stmt *st = w->category;
  const char *before = g_hash_table_lookup (w->before, &item_id);

  sqlite3_bind_int64 (st, 1, item_id);
  sqlite3_bind_text (st, 2, v->classes->str, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 3, v->source->str, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 4, v->exact ? "exact" : "pdq", -1, SQLITE_STATIC);
  if (!v->exact && v->pdq_distance >= 0)
    sqlite3_bind_int (st, 5, v->pdq_distance);
  sqlite3_bind_int (st, 6, v->conflict);
  sqlite3_bind_int (st, 7, v->ignorable);
  sqlite3_bind_text (st, 8, v->detail->str, -1, SQLITE_STATIC);

  m->report->matched++;
  m->report->conflicts += v->conflict;
  m->report->ignorable += v->ignorable;
  if (before == NULL)
    m->report->newly_matched++;
  else if (g_strcmp0 (before, v->classes->str) != 0)
    m->report->changed++;
  if (before != NULL)
    g_hash_table_remove (w->before, &item_id);
  return _scrim_db_step_done (st, error);
}

/* Writes one content's matches and verdict; hits[first..last) are its. */
static gboolean
write_item (Match    *m,
            Writer   *w,
            guint     first,
            guint     last,
            GError  **error)
{
  g_autoptr(GArray) said = g_array_new (FALSE, TRUE, sizeof (Said));
  Verdict v = { g_string_new (NULL), g_string_new (NULL), g_string_new (NULL), FALSE, -1, FALSE, FALSE };
  gboolean ok = TRUE;

  g_array_set_clear_func (said, (GDestroyNotify) said_clear);
  for (guint i = first; i < last; i++)
    {
      Said s = { 0 };

      if (read_said (m, w->entry, &g_array_index (m->hits, Hit, i), &s))
        g_array_append_val (said, s);
      else
        said_clear (&s);
    }
  if (said->len > 0)
    {
      decide (said, &v);
      for (guint i = 0; ok && i < said->len; i++)
        ok = write_said (m, w, &g_array_index (said, Said, i), error);
      ok = ok && write_verdict (m, w, g_array_index (m->hits, Hit, first).item_id, &v, error);
    }
  g_string_free (v.classes, TRUE);
  g_string_free (v.source, TRUE);
  g_string_free (v.detail, TRUE);
  return ok;
}

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const Hit *x = a, *y = b;

  if (x->item_id != y->item_id)
    return x->item_id < y->item_id ? -1 : 1;
  return x->entry_id < y->entry_id ? -1 : x->entry_id > y->entry_id;
}

/* The case's own record of each list version: one row per (name, import). */
static gboolean
record_list_versions (Match       *m,
                      const char  *now,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) upsert = NULL;
  GHashTableIter iter;
  gpointer value;

  upsert = _scrim_db_prepare (m->db,
                              "INSERT INTO list_version (name, format, kind, profile, scheme, version, "
                              "  imported, entries, sources, library, first_matched, last_matched) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11) "
                              "ON CONFLICT (name, imported) DO UPDATE SET last_matched = excluded.last_matched, "
                              "  scheme = excluded.scheme "
                              "RETURNING id;", error);
  if (upsert == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, m->lists);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      ListCtx *l = value;

      sqlite3_bind_text (upsert, 1, l->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (upsert, 2, l->format, -1, SQLITE_STATIC);
      sqlite3_bind_text (upsert, 3, l->kind_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (upsert, 4, l->profile, -1, SQLITE_STATIC);
      sqlite3_bind_text (upsert, 5, l->scheme_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (upsert, 6, l->version, -1, SQLITE_STATIC);
      sqlite3_bind_text (upsert, 7, l->imported, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (upsert, 8, l->entries);
      sqlite3_bind_text (upsert, 9, l->sources ? l->sources : "[]", -1, SQLITE_STATIC);
      sqlite3_bind_text (upsert, 10, scrim_library_get_path (m->library), -1, SQLITE_STATIC);
      sqlite3_bind_text (upsert, 11, now, -1, SQLITE_STATIC);
      if (sqlite3_step (upsert) != SQLITE_ROW)
        return _scrim_db_set_error (error, m->db, sqlite3_reset (upsert), _("cannot record the list versions"));
      l->version_id = sqlite3_column_int64 (upsert, 0);
      sqlite3_reset (upsert);
    }
  return TRUE;
}

static GHashTable *
read_previous (Match   *m,
               GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = _scrim_db_prepare (m->db, "SELECT item_id, class FROM item_category;", error);
  GHashTable *before;

  if (stmt == NULL)
    return NULL;
  before = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 *id = g_new (gint64, 1);

      *id = sqlite3_column_int64 (stmt, 0);
      g_hash_table_insert (before, id, text_column (stmt, 1));
    }
  return before;
}

static gboolean
prepare_writer (Match   *m,
                Writer  *w,
                GError **error)
{
  return (w->before = read_previous (m, error)) != NULL
         && _scrim_db_exec (m->db, "DELETE FROM match; DELETE FROM item_category;", error)
         && (w->match = _scrim_db_prepare (m->db, "INSERT OR REPLACE INTO match (item_id, list_version_id, "
                                                  "entry_id, kind, distance, variant, category, class, "
                                                  "series, flags) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                                                  "?9, ?10);", error)) != NULL
         && (w->category = _scrim_db_prepare (m->db, "INSERT INTO item_category (item_id, class, source, "
                                                     "match_kind, pdq_distance, conflict, ignorable, detail) "
                                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8);", error)) != NULL
         && (w->entry = _scrim_db_prepare (m->db, "SELECT list_id, category, series, flags FROM lib.entry "
                                                  "WHERE id = ?1;", error)) != NULL;
}

static void
writer_clear (Writer *w)
{
  sqlite3_finalize (w->match);
  sqlite3_finalize (w->category);
  sqlite3_finalize (w->entry);
  g_clear_pointer (&w->before, g_hash_table_unref);
}

static char *
match_detail (Match *m)
{
  g_autoptr(ScrimJson) json = scrim_json_new ();
  ScrimMatchReport *r = m->report;
  GHashTableIter iter;
  gpointer value;

  scrim_json_begin_object (json, NULL);
  scrim_json_add_string (json, "library", scrim_library_get_path (m->library));
  scrim_json_begin_array (json, "lists");
  g_hash_table_iter_init (&iter, m->lists);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      ListCtx *l = value;

      scrim_json_begin_object (json, NULL);
      scrim_json_add_string (json, "name", l->name);
      scrim_json_add_string (json, "version", l->version);
      scrim_json_add_string (json, "imported", l->imported);
      scrim_json_add_int (json, "entries", l->entries);
      scrim_json_add_raw (json, "sources", l->sources ? l->sources : "[]");
      scrim_json_end_object (json);
    }
  scrim_json_end_array (json);
  scrim_json_add_int (json, "pdq_distance", m->options.pdq_distance);
  scrim_json_add_int (json, "pdq_min_quality", m->options.pdq_min_quality);
  scrim_json_add_int (json, "exact", r->exact);
  scrim_json_add_int (json, "pdq", r->pdq);
  scrim_json_add_int (json, "matched", r->matched);
  scrim_json_add_int (json, "conflicts", r->conflicts);
  scrim_json_add_int (json, "ignorable", r->ignorable);
  scrim_json_add_int (json, "newly_matched", r->newly_matched);
  scrim_json_add_int (json, "no_longer_matched", r->unmatched);
  scrim_json_add_int (json, "changed", r->changed);
  scrim_json_add_string (json, "scrim_version", PACKAGE_VERSION);
  scrim_json_end_object (json);
  return scrim_json_free_to_string (g_steal_pointer (&json));
}

static gboolean
write_results (Match   *m,
               GError **error)
{
  g_autofree char *now = scrim_text_now_iso8601 ();
  g_autofree char *detail = NULL;
  Writer w = { 0 };
  gboolean ok;
  guint first = 0;

  g_array_sort (m->hits, compare_hits);
  ok = _scrim_db_exec (m->db, "BEGIN IMMEDIATE;", error)
       && record_list_versions (m, now, error)
       && prepare_writer (m, &w, error);
  for (guint i = 1; ok && i <= m->hits->len; i++)
    if (i == m->hits->len
        || g_array_index (m->hits, Hit, i).item_id != g_array_index (m->hits, Hit, first).item_id)
      {
        ok = write_item (m, &w, first, i, error);
        first = i;
      }
  if (ok)
    {
      m->report->unmatched = g_hash_table_size (w.before);
      detail = match_detail (m);
      ok = _scrim_audit_append_db (m->db, scrim_case_get_examiner (m->scase), "match", detail, error)
           && _scrim_db_exec (m->db, "COMMIT;", error);
    }
  writer_clear (&w);
  if (!ok && !sqlite3_get_autocommit (m->db))
    _scrim_db_exec (m->db, "ROLLBACK;", NULL);
  return ok;
}

/* A demo case against real lists, or a real case against demo lists: refused
 * before anything is written. */
static gboolean
check_demo (ScrimCase     *scase,
            ScrimLibrary  *library,
            GError       **error)
{
  g_autofree char *flag = scrim_case_dup_meta (scase, SCRIM_DEMO_CASE_META);
  gboolean demo_case = g_strcmp0 (flag, "1") == 0;
  guint64 n_real = 0, n_demo = 0;

  if (!scrim_library_count_lists (library, &n_real, &n_demo, error))
    return FALSE;
  if (demo_case && n_real > 0)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s is a DEMO case (synthetic training data) but the reference library %s holds "
                                "%" PRIu64 " real list(s): a demo case is matched only against demo lists; "
                                "the case is unchanged",
                                "%s is a DEMO case (synthetic training data) but the reference library %s holds "
                                "%" PRIu64 " real list(s): a demo case is matched only against demo lists; "
                                "the case is unchanged", n_real),
                   scrim_case_get_path (scase), scrim_library_get_path (library), n_real);
      return FALSE;
    }
  if (!demo_case && n_demo > 0)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s is a real case but the reference library %s holds %" PRIu64 " DEMO "
                                "list(s) (synthetic training data): a real case is never matched against demo "
                                "lists; the case is unchanged",
                                "%s is a real case but the reference library %s holds %" PRIu64 " DEMO "
                                "list(s) (synthetic training data): a real case is never matched against demo "
                                "lists; the case is unchanged", n_demo),
                   scrim_case_get_path (scase), scrim_library_get_path (library), n_demo);
      return FALSE;
    }
  return TRUE;
}

static gboolean
attach_library (Match   *m,
                GError **error)
{
  char *sql = sqlite3_mprintf ("ATTACH %Q AS lib;", scrim_library_get_path (m->library));
  gboolean ok = _scrim_db_exec (m->db, sql, error);

  sqlite3_free (sql);
  return ok;
}

/*
** Matches every content of the case against every list of the library:
** exact on MD5, SHA-1 and SHA-256; perceptual on PDQ within
** options->pdq_distance, trying all 8 dihedral variants of each image and
** skipping unreliable hashes and those below options->pdq_min_quality.
** Records every match (list version, entry, kind, distance), each
** content's pre-category with its provenance (conflicts flagged, never
** resolved), the list versions used, and an audit entry; the results of
** the previous run are replaced, in one transaction.
**
** Refuses (SCRIM_ERROR_INVALID, before writing anything) a demo case with
** a library holding real lists, and a real case with a library holding demo
** lists (scrim-library.h).
**
** Returns FALSE with error set when the case or the library cannot be read
** or written (the case is then as before). report (if given) says what was
** found and what changed since the last run.
*/
gboolean
scrim_match_case (ScrimCase                *scase,
                  ScrimLibrary             *library,
                  const ScrimMatchOptions  *options,
                  ScrimMatchReport         *report,
                  GCancellable             *cancellable,
                  GError                  **error)
{
  ScrimMatchOptions defaults = SCRIM_MATCH_OPTIONS_INIT;
  ScrimMatchReport local = { 0 };
  Match m = { scase, library, options ? *options : defaults, report ? report : &local };
  gint64 started = g_get_monotonic_time ();
  gboolean ok;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), FALSE);
  g_return_val_if_fail (SCRIM_IS_LIBRARY (library), FALSE);

  memset (m.report, 0, sizeof *m.report);
  if (!check_demo (scase, library, error))
    return FALSE;
  m.db = _scrim_case_open_connection (scase, TRUE, error);
  if (m.db == NULL)
    return FALSE;
  m.lists = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) list_ctx_free);
  m.hits = g_array_new (FALSE, FALSE, sizeof (Hit));
  m.report->items = _scrim_db_query_int (m.db, "SELECT count(*) FROM item;", 0);

  ok = attach_library (&m, error)
       && load_lists (&m, error)
       && match_exact (&m, error)
       && !g_cancellable_set_error_if_cancelled (cancellable, error)
       && match_pdq (&m, error)
       && !g_cancellable_set_error_if_cancelled (cancellable, error)
       && write_results (&m, error);

  g_hash_table_unref (m.lists);
  g_array_unref (m.hits);
  _scrim_db_close (m.db);
  m.report->seconds = (g_get_monotonic_time () - started) / 1e6;
  return ok;
}
