/* scrim-group.c
 *
 * Grouping for victim identification, and the possibly-ongoing queue.
 *
 * A run reads the facts of the case once (items with their PDQ variants,
 * EXIF camera, capture time and GPS, pre-category, series, locations) into
 * memory, computes every kind of group there, applies the analyst's
 * decisions, and writes the result in one transaction, group by group
 * UPSERTed on (kind, key) so that a group whose identity is unchanged keeps
 * its id. The queue is then scored from what was stored.
 *
 * The kinds, and the key that identifies each group across runs:
 *
 * - near-duplicate: images whose PDQ lies within options->pdq_distance of
 *   another's under any of the 8 dihedral variants (rotations, mirrors),
 *   found through a ScrimPdqIndex (core/scrim-pdq-index.c; never all
 *   pairs) on options->jobs threads: an index of every variant searched
 *   with each original, or beyond 200 k images an index of the originals
 *   searched with each variant (see near_edges()); joined transitively
 *   (union-find), but never through an unreliable hash or one below
 *   options->pdq_min_quality: such images join nothing. Exact duplicates
 *   are one content already. Key: the smallest SHA-256 (hex) of the
 *   members.
 * - camera: the same EXIF make, model and serial (trimmed, compared
 *   byte for byte as stored); make and model alone when there is no serial,
 *   and the reasons say so. Key: ["make","model","serial"|null] as JSON.
 * - session: one camera's images in order of capture, split where two
 *   consecutive captures lie more than options->session_gap apart. Times
 *   are DateTimeOriginal; when every timed image of the camera carries
 *   OffsetTimeOriginal they are compared in UTC, otherwise as local time.
 *   Invalid and zero dates are ignored. Key: the smallest SHA-256.
 * - place: GPS positions within options->place_radius metres (haversine)
 *   of one another, clustered transitively on a grid of cells half the
 *   radius wide, so only neighbouring cells are compared. (0, 0) and
 *   positions out of range are ignored. Key: the smallest SHA-256.
 * - folder: the images of one source folder. Key: "SOURCE_ID:folder"
 *   (the folder escaped as scrim-text.c does).
 * - series: the Series names of matched list entries; the members are the
 *   matched contents carrying the name, and the unknown images that share
 *   a near-duplicate group or a capture session with one of them ("possible
 *   new material of a known series"). Key: the series name.
 *
 * Rank (the order within a kind): for series, how many members are
 * possible new material; for every other kind, how many members are
 * reference-list hits (a category that is not ignorable). So folders full
 * of matches, "collections", come first.
 *
 * The representative of a group is its largest image in pixels, then the
 * one of highest PDQ quality, then the lowest item id.
 *
 * Analyst decisions are kept apart (grp_decision), by content hash, and
 * applied again in the order they were made after every run:
 *
 * - name (anchors: every member): the name goes to the group of that kind
 *   holding most of the anchors;
 * - merge (anchors: one member of each group): the groups holding the
 *   anchors become one, the first one's key and id surviving;
 * - split (anchors: the members split off): the group holding most of them
 *   loses them to a new group, keyed "split:", the smallest anchor and the
 *   decision's id.
 *
 * A decision applies at once to the stored groups it concerns (series are
 * brought up to date by the next run).
 *
 * The possibly-ongoing queue scores unknown images (decoded, and no list
 * graded them: no match, or only uncategorised ones) by signals whose
 * weights are data (table queue_weight; the defaults and what each means
 * are in signals[] below). Each signal adds weight x factor (factor 1, or
 * less for older captures, or log2 of a session's size) with a sentence
 * saying why; images whose score is above 0 are queued.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "scrim-audit.h"
#include "scrim-case-private.h"
#include "scrim-error.h"
#include "scrim-group-private.h"
#include "scrim-group.h"
#include "scrim-hash.h"
#include "scrim-json.h"
#include "scrim-pdq.h"
#include "scrim-text.h"

#define EARTH_RADIUS_M 6371008.8
#define METRES_PER_DEGREE (EARTH_RADIUS_M * G_PI / 180.0)
#define SECONDS_PER_DAY 86400

static const char * const kind_names[SCRIM_N_GROUP_KINDS] = {
  "near-duplicate", "camera", "session", "place", "folder", "series",
};

/*
** The name of a group kind, as `scrim groups` prints it (static).
*/
const char *
scrim_group_kind_to_string (ScrimGroupKind kind)
{
  if ((guint) kind >= SCRIM_N_GROUP_KINDS)
    return NULL;
  return kind_names[kind];
}

/*
** Parses a kind's name. Returns FALSE, leaving *kind alone, when str names
** no kind.
*/
gboolean
scrim_group_kind_from_string (const char     *str,
                              ScrimGroupKind *kind)
{
  for (guint k = 0; str != NULL && k < SCRIM_N_GROUP_KINDS; k++)
    if (strcmp (str, kind_names[k]) == 0)
      {
        *kind = k;
        return TRUE;
      }
  return FALSE;
}

/* ---- the facts of the case ---- */

typedef struct
{
  gint64      id;
  guint8      sha256[SCRIM_SHA256_LEN];
  guint32     width;
  guint32     height;
  gint32      quality;      /* PDQ quality, -1 without a PDQ */
  gint32      camera;       /* index into Facts.cameras, -1 without */
  gint32      slot;         /* index into Facts.variants / 8, -1: joins no near-duplicate */
  gint32      offset;       /* seconds east of UTC, with has_offset */
  gint64      local_time;   /* DateTimeOriginal, seconds since 1970 as if it were UTC */
  double      lat;
  double      lon;
  const char *klass;        /* item_category.class, NULL when no list matched */
  const char *list;         /* item_category.source */
  guint       image : 1;    /* an image type, decoded or not */
  guint       decoded : 1;
  guint       has_time : 1;
  guint       has_offset : 1;
  guint       has_gps : 1;
  guint       ignorable : 1;
} Item;

typedef struct
{
  char *make;
  char *model;
  char *serial;               /* NULL: none recorded */
  char *key;                  /* JSON ["make","model","serial"|null] */
  char *label;                /* "Kestrel KX-12", escaped for display */
  char *title;                /* the label with what identifies the camera */
} Camera;

typedef struct
{
  gint64      item_id;
  gint64      source_id;
  const char *source;         /* the exhibit id, or the source's number */
  const char *path;
} Loc;

typedef struct
{
  GArray       *items;        /* Item, by id */
  GArray       *variants;     /* ScrimPdqHash, 8 per slot */
  GArray       *locs;         /* Loc, by item id, source, path */
  GPtrArray    *cameras;      /* Camera */
  GHashTable   *camera_index; /* key -> index + 1 */
  GStringChunk *strings;
  gint64        epoch_julian; /* GDate's Julian day of 1970-01-01 */
} Facts;

static void
camera_free (Camera *c)
{
  g_free (c->make);
  g_free (c->model);
  g_free (c->serial);
  g_free (c->key);
  g_free (c->label);
  g_free (c->title);
  g_free (c);
}

static void
facts_free (Facts *f)
{
  g_clear_pointer (&f->items, g_array_unref);
  g_clear_pointer (&f->variants, g_array_unref);
  g_clear_pointer (&f->locs, g_array_unref);
  g_clear_pointer (&f->cameras, g_ptr_array_unref);
  g_clear_pointer (&f->camera_index, g_hash_table_unref);
  g_clear_pointer (&f->strings, g_string_chunk_free);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Facts, facts_free)

static Facts *
facts_new (void)
{
  Facts *f = g_new0 (Facts, 1);
  GDate epoch;

  f->items = g_array_new (FALSE, FALSE, sizeof (Item));
  f->variants = g_array_new (FALSE, FALSE, sizeof (ScrimPdqHash));
  f->locs = g_array_new (FALSE, FALSE, sizeof (Loc));
  f->cameras = g_ptr_array_new_with_free_func ((GDestroyNotify) camera_free);
  f->camera_index = g_hash_table_new (g_str_hash, g_str_equal);
  f->strings = g_string_chunk_new (64 * 1024);
  g_date_clear (&epoch, 1);
  g_date_set_dmy (&epoch, 1, G_DATE_JANUARY, 1970);
  f->epoch_julian = g_date_get_julian (&epoch);
  return f;
}

static Item *
facts_item (const Facts *f,
            gint64       id)
{
  guint lo = 0, hi = f->items->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      Item *it = &g_array_index (f->items, Item, mid);

      if (it->id == id)
        return it;
      if (it->id < id)
        lo = mid + 1;
      else
        hi = mid;
    }
  return NULL;
}

static const ScrimPdqHash *
facts_variants (const Facts *f,
                const Item  *it)
{
  return &g_array_index (f->variants, ScrimPdqHash, (gsize) it->slot * SCRIM_PDQ_N_DIHEDRAL);
}

/* What the lists said. "Unknown" is what nobody graded: no match at all, or
 * only an uncategorised one. */
static gboolean
item_hit (const Item *it)
{
  return it->klass != NULL && !it->ignorable;
}

static gboolean
item_unknown (const Item *it)
{
  return it->klass == NULL || strcmp (it->klass, "uncategorised") == 0;
}

static const char *
images (guint n)
{
  return n == 1 ? "image" : "images";
}

static char *
sha_hex (const Item *it)
{
  return scrim_hex_encode (it->sha256, SCRIM_SHA256_LEN);
}

/* ---- times ---- */

static gboolean
parse_number (const char *s,
              int         n,
              int        *out)
{
  *out = 0;
  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      *out = *out * 10 + (s[i] - '0');
    }
  return TRUE;
}

/* "YYYY:MM:DD HH:MM:SS" (also with '-' in the date or 'T' between) to
 * seconds since 1970, read as if it were UTC. Zero and impossible dates
 * are refused. */
static gboolean
parse_exif_time (const Facts *f,
                 const char  *s,
                 gsize        len,
                 gint64      *out)
{
  int y, mo, d, h, mi, sec;
  GDate date;

  if (s == NULL || len < 19
      || !(s[4] == ':' || s[4] == '-') || s[7] != s[4] || !(s[10] == ' ' || s[10] == 'T')
      || s[13] != ':' || s[16] != ':'
      || !parse_number (s, 4, &y) || !parse_number (s + 5, 2, &mo) || !parse_number (s + 8, 2, &d)
      || !parse_number (s + 11, 2, &h) || !parse_number (s + 14, 2, &mi)
      || !parse_number (s + 17, 2, &sec))
    return FALSE;
  if (y < 1900 || y > 2199 || h > 23 || mi > 59 || sec > 60
      || !g_date_valid_dmy (d, mo, y))
    return FALSE;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, mo, y);
  *out = ((gint64) g_date_get_julian (&date) - f->epoch_julian) * SECONDS_PER_DAY
         + h * 3600 + mi * 60 + sec;
  return TRUE;
}

/* "+01:00" or "+0100" to seconds east of UTC. */
static gboolean
parse_offset (const char *s,
              gsize       len,
              gint32     *out)
{
  int h, m;
  gsize mpos;

  if (s == NULL || len < 5 || !(s[0] == '+' || s[0] == '-'))
    return FALSE;
  mpos = s[3] == ':' ? 4 : 3;
  if (len < mpos + 2 || !parse_number (s + 1, 2, &h) || !parse_number (s + mpos, 2, &m)
      || h > 18 || m > 59)
    return FALSE;
  *out = (s[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
  return TRUE;
}

/* Formats seconds since 1970 (as if UTC) as "YYYY-MM-DD HH:MM[:SS]". */
static char *
format_time (const Facts *f,
             gint64       t,
             gboolean     with_seconds)
{
  gint64 days = t >= 0 ? t / SECONDS_PER_DAY : -((-t + SECONDS_PER_DAY - 1) / SECONDS_PER_DAY);
  gint64 rest = t - days * SECONDS_PER_DAY;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) (days + f->epoch_julian));
  if (with_seconds)
    return g_strdup_printf ("%04d-%02d-%02d %02d:%02d:%02d", g_date_get_year (&date),
                            g_date_get_month (&date), g_date_get_day (&date), (int) (rest / 3600),
                            (int) (rest / 60 % 60), (int) (rest % 60));
  return g_strdup_printf ("%04d-%02d-%02d %02d:%02d", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date), (int) (rest / 3600), (int) (rest / 60 % 60));
}

static char *
format_offset (gint32 offset)
{
  gint32 a = ABS (offset);

  return g_strdup_printf ("%c%02d:%02d", offset < 0 ? '-' : '+', a / 3600, a / 60 % 60);
}

/* "5 min", "40 s", "2 h 5 min", "3 days". */
static char *
format_duration (gint64 seconds)
{
  if (seconds < 60)
    return g_strdup_printf ("%d s", (int) seconds);
  if (seconds < 3600)
    return g_strdup_printf ("%d min", (int) (seconds / 60));
  if (seconds < 2 * SECONDS_PER_DAY)
    return seconds % 3600 >= 60 ? g_strdup_printf ("%d h %d min", (int) (seconds / 3600),
                                                   (int) (seconds / 60 % 60))
                                : g_strdup_printf ("%d h", (int) (seconds / 3600));
  return g_strdup_printf ("%d days", (int) (seconds / SECONDS_PER_DAY));
}

/* The capture time as the camera wrote it, with its offset when recorded. */
static char *
item_time_text (const Facts *f,
                const Item  *it)
{
  g_autofree char *local = format_time (f, it->local_time, TRUE);
  g_autofree char *offset = NULL;

  if (!it->has_offset)
    return g_steal_pointer (&local);
  offset = format_offset (it->offset);
  return g_strdup_printf ("%s %s", local, offset);
}

/* ---- loading ---- */

static char *
trimmed_column (sqlite3_stmt *stmt,
                int           i)
{
  const char *p = sqlite3_column_blob (stmt, i);
  gsize len = sqlite3_column_bytes (stmt, i);

  while (len > 0 && (g_ascii_isspace (*p) || *p == '\0'))
    {
      p++;
      len--;
    }
  while (len > 0 && (g_ascii_isspace (p[len - 1]) || p[len - 1] == '\0'))
    len--;
  return len > 0 ? g_strndup (p, len) : NULL;
}

/* "Canon Canon EOS 5D" reads better as "Canon EOS 5D". */
static char *
camera_label (const char *make,
              const char *model)
{
  g_autofree char *m = make ? scrim_text_display (make, -1) : NULL;
  g_autofree char *d = model ? scrim_text_display (model, -1) : NULL;

  if (m == NULL)
    return g_steal_pointer (&d);
  if (d == NULL)
    return g_steal_pointer (&m);
  if (g_ascii_strncasecmp (d, m, strlen (m)) == 0)
    return g_steal_pointer (&d);
  return g_strdup_printf ("%s %s", m, d);
}

static Camera *
camera_new (char *make,
            char *model,
            char *serial,
            char *key)
{
  Camera *c = g_new0 (Camera, 1);
  g_autofree char *shown_serial = serial ? scrim_text_display (serial, -1) : NULL;

  c->make = make;
  c->model = model;
  c->serial = serial;
  c->key = key;
  c->label = camera_label (make, model);
  if (serial != NULL)
    c->title = g_strdup_printf ("%s (serial %s)", c->label, shown_serial);
  else
    c->title = g_strdup_printf ("%s (same make and model; no serial number, so possibly more than "
                                "one camera)", c->label);
  return c;
}

static gint32
facts_camera (Facts        *f,
              sqlite3_stmt *stmt)
{
  g_autofree char *make = trimmed_column (stmt, 10);
  g_autofree char *model = trimmed_column (stmt, 11);
  g_autofree char *serial = trimmed_column (stmt, 12);
  g_autoptr(GString) key = NULL;
  gpointer found;
  Camera *cam;

  if (make == NULL && model == NULL)
    return -1;
  key = g_string_new ("[");
  scrim_text_append_json (key, make, -1);
  g_string_append_c (key, ',');
  scrim_text_append_json (key, model, -1);
  g_string_append_c (key, ',');
  scrim_text_append_json (key, serial, -1);
  g_string_append_c (key, ']');
  if ((found = g_hash_table_lookup (f->camera_index, key->str)) != NULL)
    return GPOINTER_TO_INT (found) - 1;
  cam = camera_new (g_steal_pointer (&make), g_steal_pointer (&model), g_steal_pointer (&serial),
                    g_string_free (g_steal_pointer (&key), FALSE));
  g_ptr_array_add (f->cameras, cam);
  g_hash_table_insert (f->camera_index, cam->key, GINT_TO_POINTER (f->cameras->len));
  return f->cameras->len - 1;
}

/* A PDQ that may join near-duplicates: reliable, good enough, all variants. */
static void
facts_pdq (Facts                   *f,
           Item                    *it,
           sqlite3_stmt            *stmt,
           const ScrimGroupOptions *options)
{
  const guint8 *dihedral = sqlite3_column_blob (stmt, 9);
  ScrimPdqHash h;

  it->slot = -1;
  it->quality = sqlite3_column_type (stmt, 7) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 7);
  if (options == NULL || sqlite3_column_bytes (stmt, 6) != SCRIM_PDQ_BYTES
      || sqlite3_column_bytes (stmt, 9) != (SCRIM_PDQ_N_DIHEDRAL - 1) * SCRIM_PDQ_BYTES
      || sqlite3_column_int (stmt, 8) != 0 || it->quality < (int) options->pdq_min_quality)
    return;
  it->slot = f->variants->len / SCRIM_PDQ_N_DIHEDRAL;
  scrim_pdq_from_bytes (sqlite3_column_blob (stmt, 6), &h);
  g_array_append_val (f->variants, h);
  for (int v = 1; v < SCRIM_PDQ_N_DIHEDRAL; v++)
    {
      scrim_pdq_from_bytes (dihedral + (v - 1) * SCRIM_PDQ_BYTES, &h);
      g_array_append_val (f->variants, h);
    }
}

static void
facts_exif (Facts        *f,
            Item         *it,
            sqlite3_stmt *stmt)
{
  double lat = sqlite3_column_double (stmt, 15);
  double lon = sqlite3_column_double (stmt, 16);

  it->camera = facts_camera (f, stmt);
  it->has_time = parse_exif_time (f, sqlite3_column_blob (stmt, 13), sqlite3_column_bytes (stmt, 13),
                                  &it->local_time);
  if (it->has_time)
    it->has_offset = parse_offset (sqlite3_column_blob (stmt, 14), sqlite3_column_bytes (stmt, 14),
                                   &it->offset);
  it->has_gps = sqlite3_column_type (stmt, 15) != SQLITE_NULL && sqlite3_column_type (stmt, 16) != SQLITE_NULL
                && isfinite (lat) && isfinite (lon) && fabs (lat) <= 90.0 && fabs (lon) <= 180.0
                && !(lat == 0.0 && lon == 0.0);
  it->lat = lat;
  it->lon = lon;
}

static const char *
chunk_text (Facts        *f,
            sqlite3_stmt *stmt,
            int           i)
{
  const char *text = (const char *) sqlite3_column_text (stmt, i);

  return text ? g_string_chunk_insert_const (f->strings, text) : NULL;
}

static void
facts_add_item (Facts                   *f,
                sqlite3_stmt            *stmt,
                const ScrimGroupOptions *options)
{
  Item it = { sqlite3_column_int64 (stmt, 0) };

  if (sqlite3_column_bytes (stmt, 1) == SCRIM_SHA256_LEN)
    memcpy (it.sha256, sqlite3_column_blob (stmt, 1), SCRIM_SHA256_LEN);
  it.width = MAX (0, sqlite3_column_int (stmt, 2));
  it.height = MAX (0, sqlite3_column_int (stmt, 3));
  it.image = sqlite3_column_int (stmt, 4);
  it.decoded = sqlite3_column_int (stmt, 5);
  facts_pdq (f, &it, stmt, options);
  facts_exif (f, &it, stmt);
  it.klass = chunk_text (f, stmt, 17);
  it.list = chunk_text (f, stmt, 18);
  it.ignorable = sqlite3_column_int (stmt, 19);
  g_array_append_val (f->items, it);
}

static const char ITEMS_SQL[] =
  "SELECT i.id, i.sha256, i.width, i.height, i.type <> 'other', i.status = 'ok', "
  "  i.pdq, i.pdq_quality, i.pdq_unreliable, i.pdq_dihedral, "
  "  e.make, e.model, e.serial, e.datetime_original, e.offset_time_original, e.gps_lat, e.gps_lon, "
  "  c.class, c.source, c.ignorable "
  "FROM item i LEFT JOIN exif e ON e.item_id = i.id LEFT JOIN item_category c ON c.item_id = i.id "
  "WHERE (i.type <> 'other' OR c.item_id IS NOT NULL OR e.item_id IS NOT NULL) ";

/* Reads the items that may belong to a group: images, matched contents,
 * contents with EXIF; only the members of the groups in group_ids (a JSON
 * array) when it is given. options NULL: no PDQ variants. */
static gboolean
facts_load_items (Facts                   *f,
                  sqlite3                 *db,
                  const ScrimGroupOptions *options,
                  const char              *group_ids,
                  GError                 **error)
{
  g_autofree char *sql = g_strconcat (ITEMS_SQL, group_ids == NULL ? "" :
                                      "AND i.id IN (SELECT item_id FROM grp_member WHERE group_id IN "
                                      "(SELECT value FROM json_each (?1))) ", "ORDER BY i.id;", NULL);
  g_autoptr(sqlite3_stmt) stmt = _scrim_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (group_ids != NULL)
    sqlite3_bind_text (stmt, 1, group_ids, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    facts_add_item (f, stmt, options);
  if (rc != SQLITE_DONE)
    return _scrim_db_set_error (error, db, rc, _("cannot read the images of the case"));
  return TRUE;
}

static gboolean
facts_load_locs (Facts    *f,
                 sqlite3  *db,
                 GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _scrim_db_prepare (db, "SELECT f.item_id, f.source_id, s.exhibit, f.path FROM file f "
                                "JOIN source s ON s.id = f.source_id WHERE f.item_id IS NOT NULL "
                                "ORDER BY f.item_id, f.source_id, f.path;", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Loc loc = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };
      g_autofree char *number = NULL;
      const char *exhibit = (const char *) sqlite3_column_text (stmt, 2);

      if (exhibit == NULL)
        exhibit = number = g_strdup_printf ("%" G_GINT64_FORMAT, loc.source_id);
      loc.source = g_string_chunk_insert_const (f->strings, exhibit);
      loc.path = g_string_chunk_insert_len (f->strings, sqlite3_column_blob (stmt, 3),
                                            sqlite3_column_bytes (stmt, 3));
      g_array_append_val (f->locs, loc);
    }
  if (rc != SQLITE_DONE)
    return _scrim_db_set_error (error, db, rc, _("cannot read the locations of the case"));
  return TRUE;
}

/* The first location of an item (index into f->locs), or -1. */
static gint64
facts_first_loc (const Facts *f,
                 gint64       item_id)
{
  guint lo = 0, hi = f->locs->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (f->locs, Loc, mid).item_id < item_id)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo < f->locs->len && g_array_index (f->locs, Loc, lo).item_id == item_id)
    return lo;
  return -1;
}

static void
append_location (GString    *out,
                 const char *source,
                 const char *path)
{
  scrim_text_append_tsv (out, source, -1);
  g_string_append_c (out, ':');
  scrim_text_append_tsv (out, path, -1);
}

/* "source:path" of an item's first location, escaped; its SHA-256 when it
 * has no location (newly allocated). */
static char *
facts_item_path (const Facts *f,
                 const Item  *it)
{
  gint64 first = facts_first_loc (f, it->id);
  GString *out;

  if (first < 0)
    return sha_hex (it);
  out = g_string_new (NULL);
  append_location (out, g_array_index (f->locs, Loc, first).source, g_array_index (f->locs, Loc, first).path);
  return g_string_free (out, FALSE);
}

/* ---- groups in memory ---- */

typedef struct
{
  gint64  item_id;
  char   *reason;
} Member;

typedef struct
{
  ScrimGroupKind  kind;
  char           *key;
  char           *name;
  GString        *reasons;
  char           *detail;           /* JSON */
  GArray         *members;          /* Member, by item id */
  gint64          representative;
  double          rank;
  gint64          id;               /* in the case; 0 until written */
  gboolean        dead;             /* merged into another */
  gboolean        changed;          /* touched by a decision */
} Group;

static void
member_clear (Member *m)
{
  g_free (m->reason);
}

static Group *
group_new (ScrimGroupKind  kind,
           char           *key)
{
  Group *grp = g_new0 (Group, 1);

  grp->kind = kind;
  grp->key = key;
  grp->reasons = g_string_new (NULL);
  grp->members = g_array_new (FALSE, FALSE, sizeof (Member));
  g_array_set_clear_func (grp->members, (GDestroyNotify) member_clear);
  return grp;
}

static void
group_free (Group *grp)
{
  g_free (grp->key);
  g_free (grp->name);
  g_string_free (grp->reasons, TRUE);
  g_free (grp->detail);
  g_array_unref (grp->members);
  g_free (grp);
}

static void
group_add (Group  *grp,
           gint64  item_id,
           char   *reason)
{
  Member m = { item_id, reason };

  g_array_append_val (grp->members, m);
}

static int
compare_members (gconstpointer a,
                 gconstpointer b)
{
  const Member *x = a, *y = b;

  return x->item_id < y->item_id ? -1 : x->item_id > y->item_id;
}

static Member *
group_find (const Group *grp,
            gint64       item_id)
{
  Member key = { item_id, NULL };

  if (grp->members->len == 0)
    return NULL;
  return bsearch (&key, grp->members->data, grp->members->len, sizeof (Member), compare_members);
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const Group *x = *(Group * const *) a, *y = *(Group * const *) b;

  return strcmp (x->key, y->key);
}

/* The smallest SHA-256 (hex) of the members: a key that stays as long as
 * that content stays in the group. */
static char *
key_min_sha (const Facts  *f,
             const GArray *members)
{
  const Item *best = NULL;

  for (guint i = 0; i < members->len; i++)
    {
      const Item *it = facts_item (f, g_array_index (members, Member, i).item_id);

      if (it != NULL && (best == NULL || memcmp (it->sha256, best->sha256, SCRIM_SHA256_LEN) < 0))
        best = it;
    }
  return best ? sha_hex (best) : g_strdup ("");
}

/* Largest in pixels, then highest PDQ quality, then lowest id. */
static gboolean
better_representative (const Item *a,
                       const Item *b)
{
  guint64 pa = (guint64) a->width * a->height, pb = (guint64) b->width * b->height;

  if (pa != pb)
    return pa > pb;
  if (a->quality != b->quality)
    return a->quality > b->quality;
  return a->id < b->id;
}

static const Item *
group_choose_representative (const Group *grp,
                             const Facts *f)
{
  const Item *best = NULL;

  for (guint i = 0; i < grp->members->len; i++)
    {
      const Item *it = facts_item (f, g_array_index (grp->members, Member, i).item_id);

      if (it != NULL && (best == NULL || better_representative (it, best)))
        best = it;
    }
  return best;
}

/* Representative and rank, once the members are final. */
static void
group_finish (Group       *grp,
              const Facts *f)
{
  const Item *rep;
  guint rank = 0;

  g_array_sort (grp->members, compare_members);
  rep = group_choose_representative (grp, f);
  grp->representative = rep ? rep->id : 0;
  for (guint i = 0; i < grp->members->len; i++)
    {
      const Item *it = facts_item (f, g_array_index (grp->members, Member, i).item_id);

      if (it != NULL && (grp->kind == SCRIM_GROUP_SERIES ? item_unknown (it) : item_hit (it)))
        rank++;
    }
  grp->rank = rank;
}

typedef struct
{
  const char *klass;
  guint       n;
} ClassCount;

static int
compare_class_counts (gconstpointer a,
                      gconstpointer b)
{
  const ClassCount *x = a, *y = b;

  if (x->n != y->n)
    return x->n > y->n ? -1 : 1;
  return strcmp (x->klass, y->klass);
}

static void
count_class (GArray     *counts,
             const char *klass)
{
  ClassCount c = { klass, 1 };

  for (guint i = 0; i < counts->len; i++)
    if (strcmp (g_array_index (counts, ClassCount, i).klass, klass) == 0)
      {
        g_array_index (counts, ClassCount, i).n++;
        return;
      }
  g_array_append_val (counts, c);
}

/* "9 matched by reference lists (abuse 7, exploitive 2), 1 ignorable, 3
 * unknown", leaving out what is zero. */
static void
append_categories (GString      *out,
                   const Facts  *f,
                   const GArray *members)
{
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (ClassCount));
  guint hits = 0, ignorable = 0, unknown = 0;
  const char *sep = "";

  for (guint i = 0; i < members->len; i++)
    {
      const Item *it = facts_item (f, g_array_index (members, Member, i).item_id);

      if (it == NULL || it->klass == NULL)
        unknown++;
      else if (it->ignorable)
        ignorable++;
      else
        {
          hits++;
          count_class (counts, it->klass);
        }
    }
  g_array_sort (counts, compare_class_counts);
  if (hits > 0)
    {
      g_string_append_printf (out, "%u matched by reference lists (", hits);
      for (guint i = 0; i < counts->len; i++)
        g_string_append_printf (out, "%s%s %u", i ? ", " : "", g_array_index (counts, ClassCount, i).klass,
                                g_array_index (counts, ClassCount, i).n);
      g_string_append_c (out, ')');
      sep = ", ";
    }
  if (ignorable > 0)
    {
      g_string_append_printf (out, "%s%u known-good or non-pertinent", sep, ignorable);
      sep = ", ";
    }
  if (unknown > 0)
    g_string_append_printf (out, "%s%u unknown", sep, unknown);
}

/* A run: the facts, the groups of every kind, and what it cost. */
typedef struct
{
  sqlite3           *db;
  ScrimGroupOptions  options;
  Facts             *facts;
  GPtrArray         *groups[SCRIM_N_GROUP_KINDS];   /* Group */
  GPtrArray         *by_camera;                     /* per camera, a GArray of item positions */
  guint64            decisions;
  double             seconds[SCRIM_N_GROUP_KINDS];
} Run;

static void
run_clear (Run *run)
{
  for (int k = 0; k < SCRIM_N_GROUP_KINDS; k++)
    g_clear_pointer (&run->groups[k], g_ptr_array_unref);
  g_clear_pointer (&run->by_camera, g_ptr_array_unref);
  g_clear_pointer (&run->facts, facts_free);
}

static void
run_add (Run   *run,
         Group *grp)
{
  group_finish (grp, run->facts);
  g_ptr_array_add (run->groups[grp->kind], grp);
}

/* ---- union-find ---- */

typedef struct
{
  guint32 *parent;
  guint32 *size;
} UnionFind;

static void
uf_init (UnionFind *uf,
         guint32    n)
{
  uf->parent = g_new (guint32, MAX (n, 1));
  uf->size = g_new (guint32, MAX (n, 1));
  for (guint32 i = 0; i < n; i++)
    uf->parent[i] = i, uf->size[i] = 1;
}

static void
uf_clear (UnionFind *uf)
{
  g_clear_pointer (&uf->parent, g_free);
  g_clear_pointer (&uf->size, g_free);
}

static guint32
uf_find (UnionFind *uf,
         guint32    x)
{
  while (uf->parent[x] != x)
    {
      uf->parent[x] = uf->parent[uf->parent[x]];
      x = uf->parent[x];
    }
  return x;
}

static void
uf_union (UnionFind *uf,
          guint32    a,
          guint32    b)
{
  a = uf_find (uf, a);
  b = uf_find (uf, b);
  if (a == b)
    return;
  if (uf->size[a] < uf->size[b])
    {
      guint32 t = a;

      a = b;
      b = t;
    }
  uf->parent[b] = a;
  uf->size[a] += uf->size[b];
}

/* Components of at least two elements: a GPtrArray of GArray (guint32
 * elements, ascending), in order of their smallest element. */
static GPtrArray *
uf_components (UnionFind *uf,
               guint32    n)
{
  GPtrArray *components = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autofree gint32 *which = g_new (gint32, MAX (n, 1));

  for (guint32 i = 0; i < n; i++)
    which[i] = -1;
  for (guint32 i = 0; i < n; i++)
    {
      guint32 root = uf_find (uf, i);

      if (uf->size[root] < 2)
        continue;
      if (which[root] < 0)
        {
          which[root] = components->len;
          g_ptr_array_add (components, g_array_sized_new (FALSE, FALSE, sizeof (guint32), uf->size[root]));
        }
      g_array_append_val (g_ptr_array_index (components, which[root]), i);
    }
  return components;
}

/* ---- near-duplicates ---- */

/* How a member must be turned to look like the representative. */
static const char * const variant_words[SCRIM_PDQ_N_DIHEDRAL] = {
  "as it is", "once rotated 90° anticlockwise", "once rotated 180°", "once rotated 90° clockwise",
  "once flipped upside down", "once mirrored", "once transposed", "once anti-transposed",
};

typedef struct
{
  guint32 a;          /* slots, a < b */
  guint32 b;
  guint32 distance;
} Edge;

typedef struct
{
  const ScrimPdqIndex *index;
  const ScrimPdqHash  *variants;
  guint32              first;
  guint32              last;
  guint                radius;
  gboolean             indexed;   /* the index holds all 8 variants */
  GArray              *edges;     /* Edge */
} NearSlice;

/* A pair found from one of its ends, at its smallest distance over the
 * variants tried. */
static void
near_add_edge (GArray              *edges,
               guint                first,
               guint32              a,
               const ScrimPdqMatch *m)
{
  Edge e = { MIN (a, m->id), MAX (a, m->id), m->distance };

  if (m->id == a)
    return;
  for (guint k = first; k < edges->len; k++)
    {
      Edge *old = &g_array_index (edges, Edge, k);

      if (old->a == e.a && old->b == e.b)
        {
          old->distance = MIN (old->distance, e.distance);
          return;
        }
    }
  g_array_append_val (edges, e);
}

static int
compare_edges (gconstpointer x,
               gconstpointer y)
{
  const Edge *e = x, *f = y;

  if (e->a != f->a)
    return e->a < f->a ? -1 : 1;
  if (e->b != f->b)
    return e->b < f->b ? -1 : 1;
  return e->distance < f->distance ? -1 : e->distance > f->distance;
}

/* Each pair once, at the smaller of the distances seen from its two ends
 * (the variants are computed from the pixels, not by moving bits, so the
 * two may differ by a few bits). */
static void
near_dedupe (GArray *edges)
{
  guint n = 0;

  g_array_sort (edges, compare_edges);
  for (guint i = 0; i < edges->len; i++)
    {
      const Edge *e = &g_array_index (edges, Edge, i);

      if (n > 0 && g_array_index (edges, Edge, n - 1).a == e->a && g_array_index (edges, Edge, n - 1).b == e->b)
        continue;
      g_array_index (edges, Edge, n++) = *e;
    }
  g_array_set_size (edges, n);
}

/* Up to this many images, the index holds all 8 variants of each (about
 * 700 bytes an image) and is searched once per image with its original;
 * beyond, it holds the originals (about 90 bytes an image) and is
 * searched with each image's 8 variants, 4 times slower at 100 k images.
 * Both look at every pair from both of its ends, and so measure the same
 * distances: the smallest of d(variant of a, b) and d(a, variant of b),
 * over the variants. */
static guint32 all_variants_max = 200000;

/*
** For tests: the largest number of images for which the near-duplicate
** index holds all 8 variants of each.
*/
void
_scrim_group_set_all_variants_max (guint32 n_images)
{
  all_variants_max = n_images;
}

static void
near_search (const NearSlice *s,
             guint32          a,
             int              v,
             GArray          *found,
             guint            first)
{
  g_array_set_size (found, 0);
  scrim_pdq_index_search (s->index, &s->variants[(gsize) a * SCRIM_PDQ_N_DIHEDRAL + v], s->radius, found);
  for (guint k = 0; k < found->len; k++)
    {
      ScrimPdqMatch m = g_array_index (found, ScrimPdqMatch, k);

      if (s->indexed)
        m.id /= SCRIM_PDQ_N_DIHEDRAL;
      near_add_edge (s->edges, first, a, &m);
    }
}

static gpointer
near_slice_run (gpointer data)
{
  NearSlice *s = data;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (ScrimPdqMatch));

  for (guint32 a = s->first; a < s->last; a++)
    {
      guint first = s->edges->len;

      for (int v = 0; v < (s->indexed ? 1 : SCRIM_PDQ_N_DIHEDRAL); v++)
        near_search (s, a, v, found, first);
    }
  return NULL;
}

static ScrimPdqIndex *
near_index (const ScrimPdqHash *variants,
            guint32             n_slots,
            gboolean            indexed)
{
  ScrimPdqIndex *index = scrim_pdq_index_new ();

  for (guint32 s = 0; s < n_slots; s++)
    for (int v = 0; v < (indexed ? SCRIM_PDQ_N_DIHEDRAL : 1); v++)
      scrim_pdq_index_add (index, &variants[(gsize) s * SCRIM_PDQ_N_DIHEDRAL + v],
                           indexed ? s * SCRIM_PDQ_N_DIHEDRAL + v : s);
  scrim_pdq_index_build (index);
  g_debug ("grouping: near-duplicates: an index of %" G_GSIZE_FORMAT " hashes, %" G_GSIZE_FORMAT " bytes",
           scrim_pdq_index_size (index), scrim_pdq_index_memory (index));
  return index;
}

/* Every pair of slots within the radius, on jobs threads. */
static GArray *
near_edges (Run     *run,
            guint32  n_slots)
{
  const ScrimPdqHash *variants = &g_array_index (run->facts->variants, ScrimPdqHash, 0);
  gboolean indexed = n_slots <= all_variants_max;
  g_autoptr(ScrimPdqIndex) index = near_index (variants, n_slots, indexed);
  guint jobs = run->options.jobs ? run->options.jobs : MAX (1, g_get_num_processors ());
  g_autofree NearSlice *slices = NULL;
  g_autofree GThread **threads = NULL;
  GArray *edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  guint32 per;

  jobs = MIN (jobs, MAX (1, n_slots / 64));
  per = (n_slots + jobs - 1) / jobs;
  slices = g_new0 (NearSlice, jobs);
  threads = g_new0 (GThread *, jobs);
  for (guint t = 0; t < jobs; t++)
    {
      slices[t] = (NearSlice) { index, variants, MIN (t * per, n_slots), MIN ((t + 1) * per, n_slots),
                                run->options.pdq_distance, indexed, g_array_new (FALSE, FALSE, sizeof (Edge)) };
      threads[t] = g_thread_new ("scrim-group", near_slice_run, &slices[t]);
    }
  for (guint t = 0; t < jobs; t++)
    {
      g_thread_join (threads[t]);
      g_array_append_vals (edges, slices[t].edges->data, slices[t].edges->len);
      g_array_unref (slices[t].edges);
    }
  near_dedupe (edges);
  return edges;
}

/* The smallest distance from any variant of a to the original of b. */
static int
near_distance (const ScrimPdqHash *a,
               const ScrimPdqHash *b,
               int                *variant)
{
  int best = SCRIM_PDQ_BITS + 1;

  for (int v = 0; v < SCRIM_PDQ_N_DIHEDRAL; v++)
    {
      int d = scrim_pdq_distance (&a[v], b);

      if (d < best)
        {
          best = d;
          *variant = v;
        }
    }
  return best;
}

/* Member reasons: how far each is from the representative, and how turned. */
static guint
near_describe_members (Group       *grp,
                       const Facts *f)
{
  const Item *rep = group_choose_representative (grp, f);
  const ScrimPdqHash *rep_hash = facts_variants (f, rep);
  guint transformed = 0;

  for (guint i = 0; i < grp->members->len; i++)
    {
      Member *m = &g_array_index (grp->members, Member, i);
      const Item *it = facts_item (f, m->item_id);
      int variant = 0, d;

      if (it == rep)
        {
          m->reason = g_strdup_printf ("the representative: the largest image (%u×%u), PDQ quality %d",
                                       it->width, it->height, it->quality);
          continue;
        }
      d = near_distance (facts_variants (f, it), rep_hash, &variant);
      transformed += variant != 0;
      m->reason = g_strdup_printf ("PDQ distance %d to the representative %s, PDQ quality %d", d,
                                   variant_words[variant], it->quality);
    }
  return transformed;
}

static Group *
near_group (Run           *run,
            const GArray  *slots,
            const guint32 *slot_item,
            guint          max_link)
{
  const Facts *f = run->facts;
  Group *grp = group_new (SCRIM_GROUP_NEAR_DUPLICATE, NULL);
  g_autoptr(ScrimJson) detail = scrim_json_new ();
  guint transformed;

  for (guint i = 0; i < slots->len; i++)
    group_add (grp, g_array_index (f->items, Item, slot_item[g_array_index (slots, guint32, i)]).id, NULL);
  grp->key = key_min_sha (f, grp->members);
  transformed = near_describe_members (grp, f);
  g_string_append_printf (grp->reasons, "%u images within PDQ distance %u of one another (max %u",
                          grp->members->len, run->options.pdq_distance, max_link);
  if (transformed > 0)
    g_string_append_printf (grp->reasons, "; %u mirrored or rotated %s", transformed,
                            transformed == 1 ? "copy" : "copies");
  g_string_append (grp->reasons, "): ");
  append_categories (grp->reasons, f, grp->members);
  scrim_json_begin_object (detail, NULL);
  scrim_json_add_int (detail, "pdq_distance", run->options.pdq_distance);
  scrim_json_add_int (detail, "max_distance", max_link);
  scrim_json_add_int (detail, "transformed", transformed);
  scrim_json_end_object (detail);
  grp->detail = scrim_json_free_to_string (g_steal_pointer (&detail));
  return grp;
}

static void
group_near_duplicates (Run *run)
{
  const Facts *f = run->facts;
  guint32 n_slots = f->variants->len / SCRIM_PDQ_N_DIHEDRAL;
  g_autofree guint32 *slot_item = g_new (guint32, MAX (n_slots, 1));
  g_autofree guint *max_link = NULL;
  g_autoptr(GArray) edges = NULL;
  g_autoptr(GPtrArray) components = NULL;
  UnionFind uf;

  if (n_slots < 2)
    return;
  for (guint i = 0; i < f->items->len; i++)
    if (g_array_index (f->items, Item, i).slot >= 0)
      slot_item[g_array_index (f->items, Item, i).slot] = i;
  edges = near_edges (run, n_slots);
  uf_init (&uf, n_slots);
  for (guint i = 0; i < edges->len; i++)
    uf_union (&uf, g_array_index (edges, Edge, i).a, g_array_index (edges, Edge, i).b);
  components = uf_components (&uf, n_slots);

  /* The largest link of each component: its root's. */
  max_link = g_new0 (guint, MAX (n_slots, 1));
  for (guint i = 0; i < edges->len; i++)
    {
      const Edge *e = &g_array_index (edges, Edge, i);
      guint32 root = uf_find (&uf, e->a);

      max_link[root] = MAX (max_link[root], e->distance);
    }
  for (guint c = 0; c < components->len; c++)
    {
      GArray *slots = g_ptr_array_index (components, c);

      guint32 root = uf_find (&uf, g_array_index (slots, guint32, 0));

      run_add (run, near_group (run, slots, slot_item, max_link[root]));
    }
  uf_clear (&uf);
}

/* ---- cameras ---- */

static void
index_cameras (Run *run)
{
  const Facts *f = run->facts;

  run->by_camera = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint c = 0; c < f->cameras->len; c++)
    g_ptr_array_add (run->by_camera, g_array_new (FALSE, FALSE, sizeof (guint)));
  for (guint i = 0; i < f->items->len; i++)
    {
      const Item *it = &g_array_index (f->items, Item, i);

      if (it->camera >= 0)
        g_array_append_val (g_ptr_array_index (run->by_camera, it->camera), i);
    }
}

static char *
camera_detail (const Camera *cam,
               const char   *first,
               const char   *last)
{
  g_autoptr(ScrimJson) detail = scrim_json_new ();

  scrim_json_begin_object (detail, NULL);
  scrim_json_add_string (detail, "camera", cam->label);
  scrim_json_add_string (detail, "title", cam->title);
  scrim_json_add_bytes (detail, "make", cam->make, -1);
  scrim_json_add_bytes (detail, "model", cam->model, -1);
  scrim_json_add_bytes (detail, "serial", cam->serial, -1);
  scrim_json_add_string (detail, "first", first);
  scrim_json_add_string (detail, "last", last);
  scrim_json_end_object (detail);
  return scrim_json_free_to_string (g_steal_pointer (&detail));
}

static Group *
camera_group (Run  *run,
              guint c)
{
  const Facts *f = run->facts;
  const Camera *cam = g_ptr_array_index (f->cameras, c);
  GArray *positions = g_ptr_array_index (run->by_camera, c);
  Group *grp = group_new (SCRIM_GROUP_CAMERA, g_strdup (cam->key));
  g_autofree char *first = NULL, *last = NULL;
  gint64 t0 = G_MAXINT64, t1 = G_MININT64;

  for (guint i = 0; i < positions->len; i++)
    {
      const Item *it = &g_array_index (f->items, Item, g_array_index (positions, guint, i));
      g_autofree char *when = it->has_time ? item_time_text (f, it) : NULL;

      group_add (grp, it->id, when ? g_strdup_printf ("%s, captured %s", cam->label, when)
                                   : g_strdup_printf ("%s, no capture time recorded", cam->label));
      if (it->has_time)
        {
          t0 = MIN (t0, it->local_time);
          t1 = MAX (t1, it->local_time);
        }
    }
  g_string_append_printf (grp->reasons, "%u %s by %s", positions->len, images (positions->len), cam->title);
  if (t0 <= t1)
    {
      first = format_time (f, t0, FALSE);
      last = format_time (f, t1, FALSE);
      first[10] = last[10] = '\0';
      if (strcmp (first, last) == 0)
        g_string_append_printf (grp->reasons, ", captured on %s", first);
      else
        g_string_append_printf (grp->reasons, ", captured %s to %s", first, last);
    }
  g_string_append (grp->reasons, ": ");
  append_categories (grp->reasons, f, grp->members);
  grp->detail = camera_detail (cam, first, last);
  return grp;
}

static void
group_cameras (Run *run)
{
  for (guint c = 0; c < run->facts->cameras->len; c++)
    run_add (run, camera_group (run, c));
}

/* ---- capture sessions ---- */

typedef struct
{
  gint64 t;          /* seconds, UTC or local as the camera allows */
  gint64 id;
  guint  pos;
} Timed;

static int
compare_timed (gconstpointer a,
               gconstpointer b)
{
  const Timed *x = a, *y = b;

  if (x->t != y->t)
    return x->t < y->t ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* "2026-03-04 10:02 to 10:47 (UTC+01:00)": local times when one offset (or
 * none) holds for all; UTC when the offsets differ. */
static char *
session_range (const Facts *f,
               const Timed *timed,
               guint        n,
               gboolean     utc)
{
  const Item *a = &g_array_index (f->items, Item, timed[0].pos);
  const Item *b = &g_array_index (f->items, Item, timed[n - 1].pos);
  gboolean same_offset = utc;
  g_autofree char *start = NULL, *end = NULL, *zone = NULL;

  for (guint i = 1; utc && i < n; i++)
    same_offset &= g_array_index (f->items, Item, timed[i].pos).offset == a->offset;
  start = format_time (f, same_offset || !utc ? a->local_time : timed[0].t, FALSE);
  end = format_time (f, same_offset || !utc ? b->local_time : timed[n - 1].t, FALSE);
  if (same_offset)
    {
      g_autofree char *offset = format_offset (a->offset);

      zone = g_strdup_printf (" (UTC%s)", offset);
    }
  else
    zone = g_strdup (utc ? " UTC" : " (local time; no time zone recorded)");
  return g_strdup_printf ("%s to %s%s", start, strncmp (start, end, 10) == 0 ? end + 11 : end, zone);
}

static Group *
session_group (Run         *run,
               guint        c,
               const Timed *timed,
               guint        n,
               gboolean     utc)
{
  const Facts *f = run->facts;
  const Camera *cam = g_ptr_array_index (f->cameras, c);
  Group *grp = group_new (SCRIM_GROUP_SESSION, NULL);
  g_autoptr(ScrimJson) detail = scrim_json_new ();
  g_autofree char *range = session_range (f, timed, n, utc);
  g_autofree char *gap = format_duration (run->options.session_gap);
  gint64 max_gap = 0;

  for (guint i = 0; i < n; i++)
    {
      const Item *it = &g_array_index (f->items, Item, timed[i].pos);
      g_autofree char *when = item_time_text (f, it);
      g_autofree char *after = i ? format_duration (timed[i].t - timed[i - 1].t) : NULL;

      if (i > 0)
        max_gap = MAX (max_gap, timed[i].t - timed[i - 1].t);
      group_add (grp, it->id, i ? g_strdup_printf ("captured %s, %s after the previous image", when, after)
                                : g_strdup_printf ("captured %s, the first image of the session", when));
    }
  g_array_sort (grp->members, compare_members);
  grp->key = key_min_sha (f, grp->members);
  g_string_append_printf (grp->reasons, "%u images by %s, %s, no gap over %s: ", n, cam->title, range, gap);
  append_categories (grp->reasons, f, grp->members);
  scrim_json_begin_object (detail, NULL);
  scrim_json_add_string (detail, "camera", cam->label);
  scrim_json_add_string (detail, "range", range);
  scrim_json_add_bool (detail, "utc", utc);
  scrim_json_add_int (detail, "max_gap_seconds", max_gap);
  scrim_json_end_object (detail);
  grp->detail = scrim_json_free_to_string (g_steal_pointer (&detail));
  return grp;
}

static void
group_camera_sessions (Run  *run,
                       guint c)
{
  const Facts *f = run->facts;
  GArray *positions = g_ptr_array_index (run->by_camera, c);
  g_autoptr(GArray) timed = g_array_new (FALSE, FALSE, sizeof (Timed));
  gboolean utc = TRUE;
  guint start = 0;

  for (guint i = 0; i < positions->len; i++)
    {
      const Item *it = &g_array_index (f->items, Item, g_array_index (positions, guint, i));
      Timed t = { it->local_time, it->id, g_array_index (positions, guint, i) };

      if (it->has_time)
        {
          g_array_append_val (timed, t);
          utc &= it->has_offset;
        }
    }
  for (guint i = 0; utc && i < timed->len; i++)
    {
      Timed *t = &g_array_index (timed, Timed, i);

      t->t -= g_array_index (f->items, Item, t->pos).offset;
    }
  g_array_sort (timed, compare_timed);
  for (guint i = 1; i <= timed->len; i++)
    if (i == timed->len
        || g_array_index (timed, Timed, i).t - g_array_index (timed, Timed, i - 1).t
           > (gint64) run->options.session_gap)
      {
        if (i - start >= 2)
          run_add (run, session_group (run, c, &g_array_index (timed, Timed, start), i - start, utc));
        start = i;
      }
}

static void
group_sessions (Run *run)
{
  for (guint c = 0; c < run->facts->cameras->len; c++)
    group_camera_sessions (run, c);
}

/* ---- places ---- */

static double
haversine (double lat1,
           double lon1,
           double lat2,
           double lon2)
{
  double p1 = lat1 * G_PI / 180.0, p2 = lat2 * G_PI / 180.0;
  double dp = p2 - p1, dl = (lon2 - lon1) * G_PI / 180.0;
  double a = sin (dp / 2) * sin (dp / 2) + cos (p1) * cos (p2) * sin (dl / 2) * sin (dl / 2);

  return 2.0 * EARTH_RADIUS_M * asin (MIN (1.0, sqrt (a)));
}

/* Cells half the radius high and at most half the radius wide anywhere in
 * their band: every two points of a cell are within the radius, and a
 * point's neighbours lie within two bands and a few cells. */
typedef struct
{
  double radius;     /* metres */
  double dlat;       /* band height, degrees */
  double reach;      /* the radius in degrees of latitude */
  gint64 bands;
} Grid;

typedef struct
{
  gint64 cell;       /* band << 32 | column */
  double lat;
  double lon;
  guint  pos;        /* in the items */
} Point;

typedef struct
{
  guint first;       /* in the points, sorted by cell */
  guint n;
} Cell;

static gint64
grid_band (const Grid *g,
           double      lat)
{
  return CLAMP ((gint64) floor ((lat + 90.0) / g->dlat), 0, g->bands - 1);
}

static gint64
grid_columns (const Grid *g,
              gint64      band)
{
  double lo = band * g->dlat - 90.0, hi = lo + g->dlat;
  double nearest = lo <= 0.0 && hi >= 0.0 ? 0.0 : MIN (fabs (lo), fabs (hi));
  double dlon = g->dlat / cos (MIN (nearest, 89.999999) * G_PI / 180.0);

  return MAX (1, (gint64) ceil (360.0 / dlon));
}

static gint64
grid_column (double lon,
             gint64 columns)
{
  return CLAMP ((gint64) floor ((lon + 180.0) / 360.0 * columns), 0, columns - 1);
}

static gint64
grid_cell (const Grid *g,
           double      lat,
           double      lon)
{
  gint64 band = grid_band (g, lat);

  return band << 32 | grid_column (lon, grid_columns (g, band));
}

static int
compare_points (gconstpointer a,
                gconstpointer b)
{
  const Point *x = a, *y = b;

  if (x->cell != y->cell)
    return x->cell < y->cell ? -1 : 1;
  return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Joins the cell at first with neighbour cell c when any two of their points
 * lie within the radius. */
static void
place_join_cells (const Grid  *g,
                  const Point *points,
                  const Cell  *a,
                  const Cell  *c,
                  UnionFind   *uf)
{
  if (uf_find (uf, a->first) == uf_find (uf, c->first))
    return;
  for (guint i = a->first; i < a->first + a->n; i++)
    for (guint j = c->first; j < c->first + c->n; j++)
      if (haversine (points[i].lat, points[i].lon, points[j].lat, points[j].lon) <= g->radius)
        {
          uf_union (uf, i, j);
          return;
        }
}

/* The columns of band that may hold a point within the radius of a cell
 * spanning [lon0, lon1] at latitudes up to max_abs_lat. */
static void
place_visit_band (const Grid  *g,
                  GHashTable  *cells,
                  const Point *points,
                  const Cell  *a,
                  gint64       band,
                  double       lon0,
                  double       lon1,
                  double       max_abs_lat,
                  UnionFind   *uf)
{
  gint64 columns = grid_columns (g, band);
  double widen = max_abs_lat >= 89.9999 ? 360.0 : g->reach / cos (max_abs_lat * G_PI / 180.0);
  gint64 from = (gint64) floor ((lon0 - widen + 180.0) / 360.0 * columns);
  gint64 to = (gint64) floor ((lon1 + widen + 180.0) / 360.0 * columns);

  if (to - from + 1 >= columns)
    {
      from = 0;
      to = columns - 1;
    }
  for (gint64 col = from; col <= to; col++)
    {
      gint64 key = band << 32 | (((col % columns) + columns) % columns);
      const Cell *c = g_hash_table_lookup (cells, &key);

      if (c != NULL && c != a)
        place_join_cells (g, points, a, c, uf);
    }
}

static void
place_visit_neighbours (const Grid  *g,
                        GHashTable  *cells,
                        const Point *points,
                        const Cell  *a,
                        UnionFind   *uf)
{
  gint64 band = points[a->first].cell >> 32;
  gint64 columns = grid_columns (g, band);
  gint64 col = points[a->first].cell & G_GINT64_CONSTANT (0xffffffff);
  double lat0 = band * g->dlat - 90.0, lat1 = lat0 + g->dlat;
  double lon0 = col * 360.0 / columns - 180.0, lon1 = (col + 1) * 360.0 / columns - 180.0;
  double max_abs_lat = MIN (90.0, MAX (fabs (lat0), fabs (lat1)) + g->reach);
  gint64 b0 = grid_band (g, lat0 - g->reach), b1 = grid_band (g, lat1 + g->reach);

  for (gint64 b = b0; b <= b1; b++)
    place_visit_band (g, cells, points, a, b, lon0, lon1, max_abs_lat, uf);
}

/* The centre (mean of the unit vectors) and the largest distance from it. */
static void
place_centre (const Facts  *f,
              const GArray *members,
              double       *lat,
              double       *lon,
              double       *spread)
{
  double x = 0, y = 0, z = 0;

  for (guint i = 0; i < members->len; i++)
    {
      const Item *it = facts_item (f, g_array_index (members, Member, i).item_id);
      double p = it->lat * G_PI / 180.0, l = it->lon * G_PI / 180.0;

      x += cos (p) * cos (l);
      y += cos (p) * sin (l);
      z += sin (p);
    }
  *lat = atan2 (z, hypot (x, y)) * 180.0 / G_PI;
  *lon = atan2 (y, x) * 180.0 / G_PI;
  *spread = 0;
  for (guint i = 0; i < members->len; i++)
    {
      const Item *it = facts_item (f, g_array_index (members, Member, i).item_id);

      *spread = MAX (*spread, haversine (*lat, *lon, it->lat, it->lon));
    }
}

static Group *
place_group (Run          *run,
             const Point  *points,
             const GArray *component)
{
  const Facts *f = run->facts;
  Group *grp = group_new (SCRIM_GROUP_PLACE, NULL);
  g_autoptr(ScrimJson) detail = scrim_json_new ();
  double lat, lon, spread;

  for (guint i = 0; i < component->len; i++)
    group_add (grp, g_array_index (f->items, Item, points[g_array_index (component, guint32, i)].pos).id, NULL);
  g_array_sort (grp->members, compare_members);
  grp->key = key_min_sha (f, grp->members);
  place_centre (f, grp->members, &lat, &lon, &spread);
  for (guint i = 0; i < grp->members->len; i++)
    {
      Member *m = &g_array_index (grp->members, Member, i);
      const Item *it = facts_item (f, m->item_id);

      m->reason = g_strdup_printf ("at %.6f, %.6f: %.0f m from the centre", it->lat, it->lon,
                                   haversine (lat, lon, it->lat, it->lon));
    }
  g_string_append_printf (grp->reasons, "%u images within %.0f m of one another, directly or through each "
                          "other, around %.5f, %.5f (all within %.0f m of the centre): ", grp->members->len,
                          run->options.place_radius, lat, lon, ceil (spread));
  append_categories (grp->reasons, f, grp->members);
  scrim_json_begin_object (detail, NULL);
  scrim_json_add_double (detail, "lat", lat, 7);
  scrim_json_add_double (detail, "lon", lon, 7);
  scrim_json_add_double (detail, "spread_m", spread, 1);
  scrim_json_add_double (detail, "radius_m", run->options.place_radius, 1);
  scrim_json_end_object (detail);
  grp->detail = scrim_json_free_to_string (g_steal_pointer (&detail));
  return grp;
}

static void
group_places (Run *run)
{
  const Facts *f = run->facts;
  Grid g = { MAX (run->options.place_radius, 0.1) };
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (Point));
  g_autoptr(GArray) cell_list = g_array_new (FALSE, FALSE, sizeof (Cell));
  g_autoptr(GHashTable) cells = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) components = NULL;
  const Point *p;
  UnionFind uf;

  g.dlat = g.radius / 2.0 / METRES_PER_DEGREE;
  g.reach = g.radius / METRES_PER_DEGREE;
  g.bands = (gint64) ceil (180.0 / g.dlat);
  for (guint i = 0; i < f->items->len; i++)
    {
      const Item *it = &g_array_index (f->items, Item, i);
      Point pt = { 0, it->lat, it->lon, i };

      if (it->has_gps)
        {
          pt.cell = grid_cell (&g, it->lat, it->lon);
          g_array_append_val (points, pt);
        }
    }
  if (points->len == 0)
    return;
  g_array_sort (points, compare_points);
  p = &g_array_index (points, Point, 0);
  uf_init (&uf, points->len);
  for (guint i = 0; i < points->len; i++)
    {
      if (i == 0 || p[i].cell != p[i - 1].cell)
        {
          Cell c = { i, 0 };

          g_array_append_val (cell_list, c);
        }
      g_array_index (cell_list, Cell, cell_list->len - 1).n++;
      if (i > 0 && p[i].cell == p[i - 1].cell)
        uf_union (&uf, i - 1, i);
    }
  for (guint c = 0; c < cell_list->len; c++)
    g_hash_table_insert (cells, (gpointer) &p[g_array_index (cell_list, Cell, c).first].cell,
                         &g_array_index (cell_list, Cell, c));
  for (guint c = 0; c < cell_list->len; c++)
    place_visit_neighbours (&g, cells, p, &g_array_index (cell_list, Cell, c), &uf);
  components = uf_components (&uf, points->len);
  for (guint c = 0; c < components->len; c++)
    run_add (run, place_group (run, p, g_ptr_array_index (components, c)));
  uf_clear (&uf);
}

/* ---- folders ---- */

static Group *
folder_new (const Loc *loc,
            gsize      dir_len)
{
  g_autofree char *dir = dir_len > 0 ? scrim_text_escape_tsv (loc->path, dir_len) : g_strdup (".");
  g_autofree char *source = scrim_text_escape_tsv (loc->source, -1);
  g_autoptr(ScrimJson) detail = scrim_json_new ();
  Group *grp = group_new (SCRIM_GROUP_FOLDER,
                          g_strdup_printf ("%" G_GINT64_FORMAT ":%s", loc->source_id, dir));

  g_string_append_printf (grp->reasons, "Folder %s:%s", source, dir);
  scrim_json_begin_object (detail, NULL);
  scrim_json_add_bytes (detail, "source", loc->source, -1);
  scrim_json_add_bytes (detail, "folder", loc->path, dir_len);
  scrim_json_end_object (detail);
  grp->detail = scrim_json_free_to_string (g_steal_pointer (&detail));
  return grp;
}

/* Adds the file at loc to its folder's group (one member per content). */
static void
folder_add (GHashTable *folders,
            const Loc  *loc,
            const Item *it)
{
  const char *slash = strrchr (loc->path, '/');
  gsize dir_len = slash ? (gsize) (slash - loc->path) : 0;
  g_autofree char *name = scrim_text_escape_tsv (slash ? slash + 1 : loc->path, -1);
  g_autofree char *lookup = g_strdup_printf ("%" G_GINT64_FORMAT ":%.*s", loc->source_id, (int) dir_len,
                                             loc->path);
  Group *grp = g_hash_table_lookup (folders, lookup);
  Member *last;

  if (grp == NULL)
    {
      grp = folder_new (loc, dir_len);
      g_hash_table_insert (folders, g_steal_pointer (&lookup), grp);
    }
  last = grp->members->len ? &g_array_index (grp->members, Member, grp->members->len - 1) : NULL;
  if (last != NULL && last->item_id == it->id)
    {
      char *joined = g_strdup_printf ("%s, %s", last->reason, name);

      g_free (last->reason);
      last->reason = joined;
      return;
    }
  group_add (grp, it->id, g_steal_pointer (&name));
}

static void
folder_finish (Run   *run,
               Group *grp)
{
  const Facts *f = run->facts;

  for (guint i = 0; i < grp->members->len; i++)
    {
      Member *m = &g_array_index (grp->members, Member, i);
      const Item *it = facts_item (f, m->item_id);
      char *reason = it->klass ? g_strdup_printf ("%s: %s (%s)", m->reason, it->klass, it->list ? it->list : "")
                               : g_strdup_printf ("%s: unknown", m->reason);

      g_free (m->reason);
      m->reason = reason;
    }
  g_string_append_printf (grp->reasons, ": %u %s, ", grp->members->len, images (grp->members->len));
  append_categories (grp->reasons, f, grp->members);
  run_add (run, grp);
}

static void
group_folders (Run *run)
{
  const Facts *f = run->facts;
  g_autoptr(GHashTable) folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < f->locs->len; i++)
    {
      const Loc *loc = &g_array_index (f->locs, Loc, i);
      const Item *it = facts_item (f, loc->item_id);

      if (it != NULL && it->image)
        folder_add (folders, loc, it);
    }
  g_hash_table_iter_init (&iter, folders);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    folder_finish (run, value);
}

/* ---- who is in which group ---- */

/* item id -> GPtrArray of the live groups (of one kind) holding it. */
static GHashTable *
index_members (GPtrArray *groups)
{
  GHashTable *index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                             (GDestroyNotify) g_ptr_array_unref);

  for (guint g = 0; g < groups->len; g++)
    {
      Group *grp = g_ptr_array_index (groups, g);

      for (guint i = 0; !grp->dead && i < grp->members->len; i++)
        {
          gint64 id = g_array_index (grp->members, Member, i).item_id;
          GPtrArray *holders = g_hash_table_lookup (index, &id);

          if (holders == NULL)
            {
              holders = g_ptr_array_new ();
              g_hash_table_insert (index, g_memdup2 (&id, sizeof id), holders);
            }
          g_ptr_array_add (holders, grp);
        }
    }
  return index;
}

/* Records that item id moved from one group to another. */
static void
index_move (GHashTable *index,
            gint64      id,
            Group      *from,
            Group      *to)
{
  GPtrArray *holders = g_hash_table_lookup (index, &id);

  if (holders == NULL)
    return;
  g_ptr_array_remove (holders, from);
  if (!g_ptr_array_find (holders, to, NULL))
    g_ptr_array_add (holders, to);
}

/* ---- series ---- */

static void
series_add (GHashTable *series,
            const char *name,
            gint64      item_id)
{
  GArray *ids = g_hash_table_lookup (series, name);

  if (ids == NULL)
    {
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (series, g_strdup (name), ids);
    }
  if (ids->len == 0 || g_array_index (ids, gint64, ids->len - 1) != item_id)
    g_array_append_val (ids, item_id);
}

/* Series name -> the matched contents carrying it (ascending ids). A list
 * entry may carry several names, '|'-joined. */
static GHashTable *
load_series (Run     *run,
             GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) series = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_array_unref);
  int rc;

  stmt = _scrim_db_prepare (run->db, "SELECT DISTINCT item_id, series FROM match "
                                     "WHERE series IS NOT NULL AND series <> '' ORDER BY item_id;", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GStrv) names = g_strsplit ((const char *) sqlite3_column_text (stmt, 1), "|", -1);

      for (guint i = 0; names[i] != NULL; i++)
        if (*g_strstrip (names[i]) != '\0' && facts_item (run->facts, sqlite3_column_int64 (stmt, 0)))
          series_add (series, names[i], sqlite3_column_int64 (stmt, 0));
    }
  if (rc != SQLITE_DONE)
    {
      _scrim_db_set_error (error, run->db, rc, _("cannot read the series of the matches"));
      return NULL;
    }
  return g_steal_pointer (&series);
}

/* Why an unknown image joined a series: the first link of each kind. */
typedef struct
{
  char *near;
  char *session;
} Link;

static void
link_free (Link *l)
{
  g_free (l->near);
  g_free (l->session);
  g_free (l);
}

/* Unknown members of the groups (near-duplicates or sessions) that hold
 * a matched content of the series. */
static void
series_link (Run        *run,
             GHashTable *index,
             gint64      matched_id,
             gboolean    session,
             GHashTable *in_series,
             GHashTable *links)
{
  const Facts *f = run->facts;
  GPtrArray *holders = g_hash_table_lookup (index, &matched_id);

  for (guint g = 0; holders != NULL && g < holders->len; g++)
    {
      Group *grp = g_ptr_array_index (holders, g);

      for (guint i = 0; i < grp->members->len; i++)
        {
          gint64 id = g_array_index (grp->members, Member, i).item_id;
          const Item *it = facts_item (f, id);
          Link *link;

          if (it == NULL || !it->decoded || !item_unknown (it) || g_hash_table_contains (in_series, &id))
            continue;
          if ((link = g_hash_table_lookup (links, &id)) == NULL)
            {
              link = g_new0 (Link, 1);
              g_hash_table_insert (links, g_memdup2 (&id, sizeof id), link);
            }
          if (session && link->session == NULL)
            link->session = facts_item_path (f, facts_item (f, matched_id));
          else if (!session && link->near == NULL)
            link->near = facts_item_path (f, facts_item (f, matched_id));
        }
    }
}

static char *
link_reason (const Link *l)
{
  if (l->near && l->session)
    return g_strdup_printf ("possible new material of a known series (near-duplicate of %s; same session "
                            "as %s)", l->near, l->session);
  return g_strdup_printf ("possible new material of a known series (%s %s)",
                          l->near ? "near-duplicate of" : "same session as", l->near ? l->near : l->session);
}

static void
series_describe (Group        *grp,
                 const Facts  *f,
                 const char   *name,
                 const GArray *matched,
                 guint         n_new)
{
  g_autofree char *shown = scrim_text_display (name, -1);
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (Member));
  g_autoptr(ScrimJson) detail = scrim_json_new ();

  for (guint i = 0; i < matched->len; i++)
    {
      Member m = { g_array_index (matched, gint64, i), NULL };

      g_array_append_val (members, m);
    }
  g_string_append_printf (grp->reasons, "Series “%s”: ", shown);
  append_categories (grp->reasons, f, members);
  if (n_new > 0)
    g_string_append_printf (grp->reasons, "; %u possible new material of this known series (unknown images "
                            "joined to it through near-duplicates or the same session)", n_new);
  scrim_json_begin_object (detail, NULL);
  scrim_json_add_bytes (detail, "series", name, -1);
  scrim_json_add_int (detail, "matched", matched->len);
  scrim_json_add_int (detail, "possible_new", n_new);
  scrim_json_end_object (detail);
  grp->detail = scrim_json_free_to_string (g_steal_pointer (&detail));
}

static Group *
series_group (Run        *run,
              const char *name,
              GArray     *matched,
              GHashTable *near_index,
              GHashTable *session_index)
{
  const Facts *f = run->facts;
  Group *grp = group_new (SCRIM_GROUP_SERIES, g_strdup (name));
  g_autoptr(GHashTable) in_series = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) links = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       (GDestroyNotify) link_free);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < matched->len; i++)
    g_hash_table_add (in_series, &g_array_index (matched, gint64, i));
  for (guint i = 0; i < matched->len; i++)
    {
      const Item *it = facts_item (f, g_array_index (matched, gint64, i));

      group_add (grp, it->id, g_strdup_printf ("matched as %s by %s", it->klass ? it->klass : "uncategorised",
                                               it->list ? it->list : "a reference list"));
      series_link (run, near_index, it->id, FALSE, in_series, links);
      series_link (run, session_index, it->id, TRUE, in_series, links);
    }
  g_hash_table_iter_init (&iter, links);
  while (g_hash_table_iter_next (&iter, &key, &value))
    group_add (grp, *(gint64 *) key, link_reason (value));
  g_array_sort (grp->members, compare_members);
  series_describe (grp, f, name, matched, g_hash_table_size (links));
  return grp;
}

static gboolean
group_series (Run     *run,
              GError **error)
{
  g_autoptr(GHashTable) series = load_series (run, error);
  g_autoptr(GHashTable) near_index = NULL;
  g_autoptr(GHashTable) session_index = NULL;
  g_autofree gpointer *names = NULL;
  guint n = 0;

  if (series == NULL)
    return FALSE;
  near_index = index_members (run->groups[SCRIM_GROUP_NEAR_DUPLICATE]);
  session_index = index_members (run->groups[SCRIM_GROUP_SESSION]);
  names = g_hash_table_get_keys_as_array (series, &n);
  for (guint i = 0; i < n; i++)
    run_add (run, series_group (run, names[i], g_hash_table_lookup (series, names[i]), near_index,
                                session_index));
  return TRUE;
}

/* ---- analyst decisions ---- */

typedef struct
{
  gint64          id;
  char           *action;     /* name merge split */
  ScrimGroupKind  kind;
  char           *value;
  GArray         *anchors;    /* gint64: the anchors' item ids, absent ones left out */
  char           *min_anchor; /* the smallest anchor SHA-256, hex */
} Decision;

static void
decision_free (Decision *d)
{
  g_free (d->action);
  g_free (d->value);
  g_array_unref (d->anchors);
  g_free (d->min_anchor);
  g_free (d);
}

/* Resolves the anchors (a JSON array of SHA-256 hex) to item ids. */
static gboolean
decision_anchors (sqlite3      *db,
                  Decision     *d,
                  const char   *anchors,
                  sqlite3_stmt *each,
                  sqlite3_stmt *lookup)
{
  int rc;

  sqlite3_bind_text (each, 1, anchors, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (each)) == SQLITE_ROW)
    {
      const char *hex = (const char *) sqlite3_column_text (each, 0);
      guint8 sha[SCRIM_SHA256_LEN];

      if (hex == NULL || !scrim_hex_decode (hex, sha, sizeof sha))
        continue;
      if (d->min_anchor == NULL || g_ascii_strcasecmp (hex, d->min_anchor) < 0)
        {
          g_free (d->min_anchor);
          d->min_anchor = g_ascii_strdown (hex, -1);
        }
      sqlite3_bind_blob (lookup, 1, sha, sizeof sha, SQLITE_STATIC);
      if (sqlite3_step (lookup) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (lookup, 0);

          g_array_append_val (d->anchors, id);
        }
      sqlite3_reset (lookup);
    }
  sqlite3_reset (each);
  return rc == SQLITE_DONE;
}

static GPtrArray *
load_decisions (sqlite3  *db,
                GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL, each = NULL, lookup = NULL;
  g_autoptr(GPtrArray) decisions = g_ptr_array_new_with_free_func ((GDestroyNotify) decision_free);
  int rc;

  if ((stmt = _scrim_db_prepare (db, "SELECT id, action, kind, anchors, value FROM grp_decision ORDER BY id;",
                                 error)) == NULL
      || (each = _scrim_db_prepare (db, "SELECT value FROM json_each (?1);", error)) == NULL
      || (lookup = _scrim_db_prepare (db, "SELECT id FROM item WHERE sha256 = ?1;", error)) == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Decision *d = g_new0 (Decision, 1);
      ScrimGroupKind kind = 0;
      gboolean known = scrim_group_kind_from_string ((const char *) sqlite3_column_text (stmt, 2), &kind);

      d->id = sqlite3_column_int64 (stmt, 0);
      d->action = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      d->kind = kind;
      d->value = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      d->anchors = g_array_new (FALSE, FALSE, sizeof (gint64));
      if (!decision_anchors (db, d, (const char *) sqlite3_column_text (stmt, 3), each, lookup))
        {
          decision_free (d);
          _scrim_db_set_error (error, db, SQLITE_ERROR, _("cannot read the analyst's decisions"));
          return NULL;
        }
      if (known)
        g_ptr_array_add (decisions, d);
      else
        decision_free (d);
    }
  if (rc != SQLITE_DONE)
    {
      _scrim_db_set_error (error, db, rc, _("cannot read the analyst's decisions"));
      return NULL;
    }
  return g_steal_pointer (&decisions);
}

/* The live group holding most of the anchors (the first such on a tie). */
static Group *
holding_most (GHashTable   *index,
              const GArray *anchors)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  Group *best = NULL;
  guint best_n = 0;

  for (guint i = 0; i < anchors->len; i++)
    {
      GPtrArray *holders = g_hash_table_lookup (index, &g_array_index (anchors, gint64, i));

      for (guint g = 0; holders != NULL && g < holders->len; g++)
        {
          gpointer grp = g_ptr_array_index (holders, g);
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, grp)) + 1;

          g_hash_table_insert (counts, grp, GUINT_TO_POINTER (n));
          if (n > best_n)
            {
              best = grp;
              best_n = n;
            }
        }
    }
  return best;
}

static gboolean
apply_name (GHashTable     *index,
            const Decision *d)
{
  Group *grp = holding_most (index, d->anchors);

  if (grp == NULL)
    return FALSE;
  g_free (grp->name);
  grp->name = d->value && *d->value ? g_strdup (d->value) : NULL;
  return TRUE;
}

/* Moves every member of from into into. */
static void
merge_into (Group      *into,
            Group      *from,
            GHashTable *index)
{
  for (guint i = 0; i < from->members->len; i++)
    {
      Member *m = &g_array_index (from->members, Member, i);

      if (group_find (into, m->item_id) == NULL)
        group_add (into, m->item_id, g_steal_pointer (&m->reason));
      index_move (index, m->item_id, from, into);
    }
  g_array_sort (into->members, compare_members);
  g_string_append_printf (into->reasons, "; merged by the analyst with: %s", from->reasons->str);
  if (into->name == NULL)
    into->name = g_steal_pointer (&from->name);
  into->changed = TRUE;
  from->dead = TRUE;
}

static gboolean
apply_merge (GHashTable     *index,
             const Decision *d)
{
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();

  for (guint i = 0; i < d->anchors->len; i++)
    {
      GPtrArray *holders = g_hash_table_lookup (index, &g_array_index (d->anchors, gint64, i));

      if (holders != NULL && holders->len > 0 && !g_ptr_array_find (targets, holders->pdata[0], NULL))
        g_ptr_array_add (targets, holders->pdata[0]);
    }
  if (targets->len < 2)
    return FALSE;
  for (guint t = 1; t < targets->len; t++)
    merge_into (targets->pdata[0], targets->pdata[t], index);
  return TRUE;
}

/* Unique, and the same at every run: the decision is part of it. */
static char *
split_key (const Decision *d)
{
  return g_strdup_printf ("split:%s:%" G_GINT64_FORMAT, d->min_anchor ? d->min_anchor : "", d->id);
}

static gboolean
apply_split (GPtrArray      *groups,
             GHashTable     *index,
             const Decision *d)
{
  Group *from = holding_most (index, d->anchors);
  g_autoptr(GArray) kept = NULL;
  Group *split;

  if (from == NULL)
    return FALSE;
  split = group_new (from->kind, split_key (d));
  kept = g_array_new (FALSE, FALSE, sizeof (Member));
  for (guint i = 0; i < from->members->len; i++)
    {
      Member *m = &g_array_index (from->members, Member, i);
      gboolean anchored = FALSE;

      for (guint a = 0; a < d->anchors->len && !anchored; a++)
        anchored = g_array_index (d->anchors, gint64, a) == m->item_id;
      g_array_append_val (anchored ? split->members : kept, *m);
    }
  if (kept->len == 0)
    {
      g_array_set_clear_func (split->members, NULL);
      g_array_set_size (split->members, 0);
      group_free (split);
      return FALSE;
    }
  g_array_set_clear_func (from->members, NULL);
  g_array_set_size (from->members, 0);
  g_array_set_clear_func (from->members, (GDestroyNotify) member_clear);
  g_array_append_vals (from->members, kept->data, kept->len);
  for (guint i = 0; i < split->members->len; i++)
    index_move (index, g_array_index (split->members, Member, i).item_id, from, split);
  g_string_append_printf (split->reasons, "%u %s split off by the analyst from: %s", split->members->len,
                          images (split->members->len),
                          from->reasons->str);
  g_string_append_printf (from->reasons, "; %u %s split off by the analyst", split->members->len,
                          images (split->members->len));
  split->detail = g_strdup (from->detail);
  from->changed = split->changed = TRUE;
  g_ptr_array_add (groups, split);
  return TRUE;
}

/* Applies the decisions on groups of their kind, in the order they were
 * made; returns how many had an effect. */
static guint
apply_decisions (GPtrArray      *groups,
                 GPtrArray      *decisions,
                 ScrimGroupKind  kind,
                 const Facts    *f)
{
  g_autoptr(GHashTable) index = NULL;
  guint applied = 0;

  for (guint i = 0; i < decisions->len; i++)
    {
      const Decision *d = g_ptr_array_index (decisions, i);

      if (d->kind != kind)
        continue;
      if (index == NULL)
        index = index_members (groups);
      if (strcmp (d->action, "name") == 0)
        applied += apply_name (index, d);
      else if (strcmp (d->action, "merge") == 0)
        applied += apply_merge (index, d);
      else if (strcmp (d->action, "split") == 0)
        applied += apply_split (groups, index, d);
    }
  for (guint g = 0; g < groups->len; g++)
    {
      Group *grp = g_ptr_array_index (groups, g);

      if (grp->changed && !grp->dead)
        group_finish (grp, f);
    }
  return applied;
}

/* ---- writing ---- */

typedef struct
{
  sqlite3_stmt *upsert;
  sqlite3_stmt *member;
  sqlite3_stmt *clear;      /* the members of one group */
  sqlite3_stmt *remove;     /* one group */
  char         *now;
} Writer;

static void
writer_clear (Writer *w)
{
  g_clear_pointer (&w->upsert, sqlite3_finalize);
  g_clear_pointer (&w->member, sqlite3_finalize);
  g_clear_pointer (&w->clear, sqlite3_finalize);
  g_clear_pointer (&w->remove, sqlite3_finalize);
  g_clear_pointer (&w->now, g_free);
}

static gboolean
writer_init (Writer   *w,
             sqlite3  *db,
             GError  **error)
{
  w->now = scrim_text_now_iso8601 ();
  return (w->upsert = _scrim_db_prepare (db, "INSERT INTO grp (kind, key, name, size, representative, reasons, "
                                             "  detail, rank, computed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                                             "ON CONFLICT (kind, key) DO UPDATE SET name = excluded.name, "
                                             "  size = excluded.size, representative = excluded.representative, "
                                             "  reasons = excluded.reasons, detail = excluded.detail, "
                                             "  rank = excluded.rank, computed = excluded.computed "
                                             "RETURNING id;", error)) != NULL
         && (w->member = _scrim_db_prepare (db, "INSERT INTO grp_member (group_id, item_id, reason) "
                                                "VALUES (?1, ?2, ?3);", error)) != NULL
         && (w->clear = _scrim_db_prepare (db, "DELETE FROM grp_member WHERE group_id = ?1;", error)) != NULL
         && (w->remove = _scrim_db_prepare (db, "DELETE FROM grp WHERE id = ?1;", error)) != NULL;
}

static gboolean
write_members (Writer  *w,
               Group   *grp,
               GError **error)
{
  for (guint i = 0; i < grp->members->len; i++)
    {
      const Member *m = &g_array_index (grp->members, Member, i);

      sqlite3_bind_int64 (w->member, 1, grp->id);
      sqlite3_bind_int64 (w->member, 2, m->item_id);
      sqlite3_bind_text (w->member, 3, m->reason, -1, SQLITE_STATIC);
      if (!_scrim_db_step_done (w->member, error))
        return FALSE;
    }
  return TRUE;
}

/* Stores a group (UPSERT by kind and key, so its id stays), or removes a
 * group merged into another. clear: replace the members stored before. */
static gboolean
write_group (Writer   *w,
             Group    *grp,
             gboolean  clear,
             GError  **error)
{
  sqlite3_stmt *st = w->upsert;
  int rc;

  if (grp->dead)
    {
      sqlite3_bind_int64 (w->remove, 1, grp->id);
      return grp->id == 0 || _scrim_db_step_done (w->remove, error);
    }
  sqlite3_bind_text (st, 1, kind_names[grp->kind], -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 2, grp->key, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 3, grp->name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (st, 4, grp->members->len);
  if (grp->representative > 0)
    sqlite3_bind_int64 (st, 5, grp->representative);
  sqlite3_bind_text (st, 6, grp->reasons->str, grp->reasons->len, SQLITE_STATIC);
  sqlite3_bind_text (st, 7, grp->detail, -1, SQLITE_STATIC);
  sqlite3_bind_double (st, 8, grp->rank);
  sqlite3_bind_text (st, 9, w->now, -1, SQLITE_STATIC);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    grp->id = sqlite3_column_int64 (st, 0);
  sqlite3_reset (st);
  sqlite3_clear_bindings (st);
  if (rc != SQLITE_ROW)
    return _scrim_db_set_error (error, sqlite3_db_handle (st), rc, _("cannot store the groups"));
  if (clear)
    {
      sqlite3_bind_int64 (w->clear, 1, grp->id);
      if (!_scrim_db_step_done (w->clear, error))
        return FALSE;
    }
  return write_members (w, grp, error);
}

/* "kind\nkey" -> id of every group stored before. */
static GHashTable *
read_stored_keys (sqlite3  *db,
                  GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = _scrim_db_prepare (db, "SELECT id, kind, key FROM grp;", error);
  GHashTable *stored;
  int rc;

  if (stmt == NULL)
    return NULL;
  stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_hash_table_insert (stored, g_strdup_printf ("%s\n%s", sqlite3_column_text (stmt, 1),
                                                    sqlite3_column_text (stmt, 2)),
                           g_memdup2 (&id, sizeof id));
    }
  if (rc != SQLITE_DONE)
    {
      g_hash_table_unref (stored);
      _scrim_db_set_error (error, db, rc, _("cannot read the groups"));
      return NULL;
    }
  return stored;
}

static gboolean
remove_gone (Writer     *w,
             GHashTable *stored,
             GError    **error)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, stored);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      sqlite3_bind_int64 (w->remove, 1, *(gint64 *) value);
      if (!_scrim_db_step_done (w->remove, error))
        return FALSE;
    }
  return TRUE;
}

/* Replaces the stored groups with the run's, keeping the ids of groups
 * whose (kind, key) is unchanged; counts the new and the gone. */
static gboolean
write_run (Run              *run,
           ScrimGroupReport *report,
           GError          **error)
{
  g_autoptr(GHashTable) stored = read_stored_keys (run->db, error);
  Writer w = { 0 };
  gboolean ok;

  ok = stored != NULL && writer_init (&w, run->db, error)
       && _scrim_db_exec (run->db, "DELETE FROM grp_member;", error);
  for (int k = 0; ok && k < SCRIM_N_GROUP_KINDS; k++)
    for (guint g = 0; ok && g < run->groups[k]->len; g++)
      {
        Group *grp = g_ptr_array_index (run->groups[k], g);
        g_autofree char *lookup = NULL;

        if (grp->dead)
          continue;
        ok = write_group (&w, grp, FALSE, error);
        lookup = g_strdup_printf ("%s\n%s", kind_names[k], grp->key);
        if (!g_hash_table_remove (stored, lookup))
          report->new_groups++;
        report->groups[k]++;
      }
  if (ok)
    {
      report->gone_groups = g_hash_table_size (stored);
      ok = remove_gone (&w, stored, error);
    }
  writer_clear (&w);
  return ok;
}

/* ---- the possibly-ongoing queue ---- */

typedef enum
{
  SIGNAL_OWNER_CAMERA,
  SIGNAL_RECENT,
  SIGNAL_CAMERA_FOLDER,
  SIGNAL_DOWNLOAD_FOLDER,
  SIGNAL_NEAR_ABUSE,
  SIGNAL_SESSION_SIZE,
  N_SIGNALS
} Signal;

/* The defaults, written into queue_weight when a signal is missing there;
 * from then on the case's weights are what counts. */
static const struct
{
  const char *name;
  double      weight;
  const char *description;
} signals[N_SIGNALS] = {
  { "owner-camera", 3.0,
    "Taken by the owner's own camera: the camera that took most of the device's ordinary (unmatched) "
    "photos with camera details, or any camera that took at least 20 % of them (and at least 3)" },
  { "recent", 2.0,
    "Captured within 30 days before the seizure date (case setting seizure_date, YYYY-MM-DD) or, "
    "without one, before the newest capture in the case; the weight falls linearly to nothing at one "
    "year; captures dated after the seizure date get none" },
  { "camera-folder", 1.5,
    "Stored in a camera folder (DCIM, Camera, Camera Roll, Camera Uploads, DCF folders such as "
    "100APPLE or 100ANDRO) rather than received" },
  { "download-folder", -1.5,
    "Stored only in download, chat or cache locations (Download, Downloads, WhatsApp, Telegram, "
    "Signal, Messenger, Snapchat, any folder with \"cache\" in its name, thumbnails, Temporary "
    "Internet Files): more likely received than made on the device, so the weight is negative" },
  { "near-abuse", 3.0,
    "In the same capture session or near-duplicate group as material matched as abuse or exploitive" },
  { "session-size", 0.5,
    "One of several images of one capture session: the weight times log2 of the session's size" },
};

typedef struct
{
  gint64    item_id;
  gint64    local_time;
  gboolean  has_time;
  double    factor[N_SIGNALS];
  char     *why[N_SIGNALS];
} Candidate;

typedef struct
{
  sqlite3 *db;
  Facts   *clock;        /* for times only */
  GArray  *cands;        /* Candidate, by item id */
  double   weights[N_SIGNALS];
} Queue;

static void
candidate_clear (Candidate *c)
{
  for (int s = 0; s < N_SIGNALS; s++)
    g_free (c->why[s]);
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = a, *y = b;

  return x->item_id < y->item_id ? -1 : x->item_id > y->item_id;
}

static Candidate *
queue_find (Queue  *q,
            gint64  item_id)
{
  Candidate key = { item_id };

  if (q->cands->len == 0)
    return NULL;
  return bsearch (&key, q->cands->data, q->cands->len, sizeof (Candidate), compare_candidates);
}

static void
queue_set (Candidate *c,
           Signal     s,
           double     factor,
           char      *why)
{
  if (c->why[s] != NULL || factor == 0.0)
    {
      g_free (why);
      return;
    }
  c->factor[s] = factor;
  c->why[s] = why;
}

static gboolean
ensure_weights (sqlite3  *db,
                GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _scrim_db_prepare (db, "INSERT OR IGNORE INTO queue_weight (signal, weight, description) "
                                "VALUES (?1, ?2, ?3);", error);
  for (int s = 0; stmt != NULL && s < N_SIGNALS; s++)
    {
      sqlite3_bind_text (stmt, 1, signals[s].name, -1, SQLITE_STATIC);
      sqlite3_bind_double (stmt, 2, signals[s].weight);
      sqlite3_bind_text (stmt, 3, signals[s].description, -1, SQLITE_STATIC);
      if (!_scrim_db_step_done (stmt, error))
        return FALSE;
    }
  return stmt != NULL;
}

/* The weights in force: the case's, else the defaults. */
static gboolean
read_weights (sqlite3  *db,
              double    weights[N_SIGNALS],
              GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = _scrim_db_prepare (db, "SELECT signal, weight FROM queue_weight;", error);
  int rc;

  for (int s = 0; s < N_SIGNALS; s++)
    weights[s] = signals[s].weight;
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    for (int s = 0; s < N_SIGNALS; s++)
      if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), signals[s].name) == 0)
        weights[s] = sqlite3_column_double (stmt, 1);
  if (rc != SQLITE_DONE)
    return _scrim_db_set_error (error, db, rc, _("cannot read the queue's weights"));
  return TRUE;
}

/* Unknown images: decoded, and no list graded them. */
static gboolean
queue_load (Queue   *q,
            GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _scrim_db_prepare (q->db, "SELECT i.id, e.datetime_original FROM item i "
                                   "LEFT JOIN item_category c ON c.item_id = i.id "
                                   "LEFT JOIN exif e ON e.item_id = i.id "
                                   "WHERE i.status = 'ok' AND (c.item_id IS NULL OR c.class = 'uncategorised') "
                                   "ORDER BY i.id;", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Candidate c = { sqlite3_column_int64 (stmt, 0) };

      c.has_time = parse_exif_time (q->clock, sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1),
                                    &c.local_time);
      g_array_append_val (q->cands, c);
    }
  if (rc != SQLITE_DONE)
    return _scrim_db_set_error (error, q->db, rc, _("cannot read the unknown images"));
  return TRUE;
}

/* "source:path" of an item's first location, escaped (newly allocated). */
static char *
dup_location (sqlite3 *db,
              gint64   item_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GString *out;

  if (sqlite3_prepare_v2 (db, "SELECT s.id, s.exhibit, f.path FROM file f JOIN source s ON s.id = f.source_id "
                              "WHERE f.item_id = ?1 ORDER BY f.source_id, f.path LIMIT 1;", -1, &stmt,
                          NULL) != SQLITE_OK)
    return g_strdup ("?");
  sqlite3_bind_int64 (stmt, 1, item_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return g_strdup ("?");
  out = g_string_new (NULL);
  if (sqlite3_column_type (stmt, 1) == SQLITE_NULL)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 0));
  else
    scrim_text_append_tsv (out, (const char *) sqlite3_column_text (stmt, 1), -1);
  g_string_append_c (out, ':');
  scrim_text_append_tsv (out, sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2));
  return g_string_free (out, FALSE);
}

/* The reference for "recent": the end of the seizure date, or the newest
 * capture in the case. */
static gboolean
queue_reference (Queue   *q,
                 gint64  *ref,
                 char   **label)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *seizure = NULL;
  g_autofree char *day = NULL;
  gboolean found = FALSE;
  gint64 t;

  if (sqlite3_prepare_v2 (q->db, "SELECT value FROM meta WHERE key = 'seizure_date';", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    seizure = (const char *) sqlite3_column_text (stmt, 0);
  day = seizure ? g_strdup_printf ("%.10s 00:00:00", seizure) : NULL;
  if (day != NULL && strlen (seizure) == 10 && parse_exif_time (q->clock, day, strlen (day), &t))
    {
      *ref = t + SECONDS_PER_DAY;
      *label = g_strdup_printf ("the seizure date (%s)", seizure);
      return TRUE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (sqlite3_prepare_v2 (q->db, "SELECT datetime_original FROM exif WHERE datetime_original IS NOT NULL;", -1,
                          &stmt, NULL) != SQLITE_OK)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (parse_exif_time (q->clock, sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0), &t)
        && (!found || t > *ref))
      {
        *ref = t;
        found = TRUE;
      }
  if (found)
    {
      g_autofree char *newest = format_time (q->clock, *ref, FALSE);

      *label = g_strdup_printf ("the newest capture in the case (%s)", newest);
    }
  return found;
}

static void
queue_recent (Queue *q)
{
  g_autofree char *label = NULL;
  gint64 ref = 0;

  if (!queue_reference (q, &ref, &label))
    return;
  for (guint i = 0; i < q->cands->len; i++)
    {
      Candidate *c = &g_array_index (q->cands, Candidate, i);
      double days = (ref - c->local_time) / (double) SECONDS_PER_DAY;
      g_autofree char *when = NULL, *age = NULL;

      if (!c->has_time || days < 0 || days >= 365)
        continue;
      when = format_time (q->clock, c->local_time, FALSE);
      age = format_duration (ref - c->local_time);
      queue_set (c, SIGNAL_RECENT, days <= 30 ? 1.0 : (365 - days) / (365 - 30),
                 g_strdup_printf ("captured %s, %s before %s", when, age, label));
    }
}

/* Ordinary photos: those no list said are abuse or the like. */
#define ORDINARY_SQL "(c.item_id IS NULL OR c.ignorable OR c.class = 'uncategorised')"

static gboolean
queue_owner_camera (Queue   *q,
                    GError **error)
{
  g_autoptr(sqlite3_stmt) counts = NULL, members = NULL;
  g_autoptr(GArray) cams = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);
  gint64 total = 0, most = 0;
  int rc;

  counts = _scrim_db_prepare (q->db, "SELECT g.id, count (*) FROM grp g JOIN grp_member m ON m.group_id = g.id "
                                     "LEFT JOIN item_category c ON c.item_id = m.item_id "
                                     "WHERE g.kind = 'camera' AND " ORDINARY_SQL " GROUP BY g.id;", error);
  members = _scrim_db_prepare (q->db, "SELECT m.item_id, json_extract (g.detail, '$.title') FROM grp g "
                                      "JOIN grp_member m ON m.group_id = g.id WHERE g.id = ?1;", error);
  if (counts == NULL || members == NULL)
    return FALSE;
  while ((rc = sqlite3_step (counts)) == SQLITE_ROW)
    {
      gint64 c[2] = { sqlite3_column_int64 (counts, 0), sqlite3_column_int64 (counts, 1) };

      g_array_append_val (cams, c);
      total += c[1];
      most = MAX (most, c[1]);
    }
  if (rc != SQLITE_DONE)
    return _scrim_db_set_error (error, q->db, rc, _("cannot read the camera groups"));
  for (guint i = 0; i < cams->len; i++)
    {
      const gint64 *c = &g_array_index (cams, gint64, i * 2);

      if (c[1] < 3 || (c[1] < most && c[1] * 5 < total))
        continue;
      sqlite3_bind_int64 (members, 1, c[0]);
      while (sqlite3_step (members) == SQLITE_ROW)
        {
          Candidate *cand = queue_find (q, sqlite3_column_int64 (members, 0));

          if (cand != NULL)
            queue_set (cand, SIGNAL_OWNER_CAMERA, 1.0,
                       g_strdup_printf ("taken by %s, likely the owner's own camera: it took %" G_GINT64_FORMAT
                                        " of the device's %" G_GINT64_FORMAT " ordinary photos with camera "
                                        "details (%.0f %%)",
                                        sqlite3_column_text (members, 1), c[1], total, 100.0 * c[1] / total));
        }
      sqlite3_reset (members);
    }
  return TRUE;
}

/* One session or near-duplicate group, as read for the queue. */
typedef struct
{
  gint64   id;
  gboolean session;
  gint64   size;
  gint64   abuse;     /* a member matched as abuse or exploitive, or 0 */
  char    *abuse_class;
  GArray  *members;   /* gint64 */
} QueueGroup;

static void
queue_group_signals (Queue      *q,
                     QueueGroup *g)
{
  g_autofree char *where = g->abuse ? dup_location (q->db, g->abuse) : NULL;

  for (guint i = 0; i < g->members->len; i++)
    {
      Candidate *c = queue_find (q, g_array_index (g->members, gint64, i));

      if (c == NULL)
        continue;
      if (where != NULL)
        queue_set (c, SIGNAL_NEAR_ABUSE, 1.0, g_strdup_printf ("%s %s (%s)",
                                                               g->session ? "same session as" : "near-duplicate of",
                                                               where, g->abuse_class));
      if (g->session && g->size >= 2)
        queue_set (c, SIGNAL_SESSION_SIZE, log2 ((double) g->size),
                   g_strdup_printf ("one of %" G_GINT64_FORMAT " images of a capture session (group %"
                                    G_GINT64_FORMAT ")", g->size, g->id));
    }
  g_array_set_size (g->members, 0);
  g->abuse = 0;
  g_clear_pointer (&g->abuse_class, g_free);
}

static gboolean
queue_groups (Queue   *q,
              GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (gint64));
  QueueGroup g = { 0, FALSE, 0, 0, NULL, members };
  int rc;

  stmt = _scrim_db_prepare (q->db, "SELECT g.id, g.kind = 'session', g.size, m.item_id, c.class FROM grp g "
                                   "JOIN grp_member m ON m.group_id = g.id "
                                   "LEFT JOIN item_category c ON c.item_id = m.item_id "
                                   "WHERE g.kind IN ('session', 'near-duplicate') ORDER BY g.id, m.item_id;", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *klass = (const char *) sqlite3_column_text (stmt, 4);
      gint64 item_id = sqlite3_column_int64 (stmt, 3);

      if (sqlite3_column_int64 (stmt, 0) != g.id && members->len > 0)
        queue_group_signals (q, &g);
      g.id = sqlite3_column_int64 (stmt, 0);
      g.session = sqlite3_column_int (stmt, 1);
      g.size = sqlite3_column_int64 (stmt, 2);
      g_array_append_val (members, item_id);
      if (g.abuse == 0 && klass != NULL && (strstr (klass, "abuse") || strstr (klass, "exploitive")))
        {
          g.abuse = item_id;
          g.abuse_class = g_strdup (klass);
        }
    }
  if (members->len > 0)
    queue_group_signals (q, &g);
  if (rc != SQLITE_DONE)
    return _scrim_db_set_error (error, q->db, rc, _("cannot read the groups for the queue"));
  return TRUE;
}

static gboolean
name_is (const char *name,
         gsize       len,
         const char *word)
{
  return strlen (word) == len && g_ascii_strncasecmp (name, word, len) == 0;
}

/* DCIM, Camera, Camera Roll…, and DCF folders: three digits, five
 * characters (100APPLE, 101ANDRO, 100CANON). */
static gboolean
is_camera_folder (const char *name,
                  gsize       len)
{
  gboolean dcf = len == 8 && name[0] >= '1' && name[0] <= '9';

  for (gsize i = 1; dcf && i < 8; i++)
    dcf = i < 3 ? g_ascii_isdigit (name[i]) : (g_ascii_isalnum (name[i]) || name[i] == '_');
  return dcf || name_is (name, len, "DCIM") || name_is (name, len, "Camera")
         || name_is (name, len, "Camera Roll") || name_is (name, len, "Camera Uploads");
}

static gboolean
is_received_folder (const char *name,
                    gsize       len)
{
  static const char * const words[] = {
    "Download", "Downloads", "WhatsApp", "Telegram", "Signal", "Messenger", "Snapchat", "thumbnails",
    ".thumbnails", "Thumbs", "Temporary Internet Files",
  };
  g_autofree char *lower = g_ascii_strdown (name, len);

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (name_is (name, len, words[i]))
      return TRUE;
  return strstr (lower, "cache") != NULL;
}

/* 1: a camera folder; -1: a download, chat or cache location; 0: neither.
 * A received location wins: a DCIM folder inside a cache is a cache. */
static int
classify_location (const char *path,
                   gsize       len)
{
  const char *end = path + len, *p = path;
  gboolean camera = FALSE;

  while (p < end)
    {
      const char *slash = memchr (p, '/', end - p);

      if (slash == NULL)
        break;
      if (is_received_folder (p, slash - p))
        return -1;
      camera |= is_camera_folder (p, slash - p);
      p = slash + 1;
    }
  return camera ? 1 : 0;
}

static void
queue_folder_signal (Candidate  *c,
                     int         camera,
                     gboolean    all_received,
                     const char *camera_where,
                     const char *received_where)
{
  if (c == NULL)
    return;
  if (camera > 0)
    queue_set (c, SIGNAL_CAMERA_FOLDER, 1.0, g_strdup_printf ("stored in a camera folder: %s", camera_where));
  else if (all_received)
    queue_set (c, SIGNAL_DOWNLOAD_FOLDER, 1.0,
               g_strdup_printf ("stored only in download, chat or cache locations: %s", received_where));
}

static gboolean
queue_folders (Queue   *q,
               GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *camera_where = NULL, *received_where = NULL;
  gint64 current = 0;
  int camera = 0, rc;
  gboolean all_received = TRUE;

  stmt = _scrim_db_prepare (q->db, "SELECT f.item_id, s.id, s.exhibit, f.path FROM file f "
                                   "JOIN source s ON s.id = f.source_id JOIN item i ON i.id = f.item_id "
                                   "LEFT JOIN item_category c ON c.item_id = i.id "
                                   "WHERE i.status = 'ok' AND (c.item_id IS NULL OR c.class = 'uncategorised') "
                                   "ORDER BY f.item_id, f.source_id, f.path;", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 item_id = sqlite3_column_int64 (stmt, 0);
      int kind = classify_location (sqlite3_column_blob (stmt, 3), sqlite3_column_bytes (stmt, 3));
      GString *where;

      if (item_id != current && current != 0)
        {
          queue_folder_signal (queue_find (q, current), camera, all_received, camera_where, received_where);
          g_clear_pointer (&camera_where, g_free);
          g_clear_pointer (&received_where, g_free);
          camera = 0;
          all_received = TRUE;
        }
      current = item_id;
      all_received &= kind < 0;
      if (kind == 0 || (kind > 0 ? camera_where : received_where) != NULL)
        continue;
      where = g_string_new (NULL);
      if (sqlite3_column_type (stmt, 2) == SQLITE_NULL)
        g_string_append_printf (where, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 1));
      else
        scrim_text_append_tsv (where, (const char *) sqlite3_column_text (stmt, 2), -1);
      g_string_append_c (where, ':');
      scrim_text_append_tsv (where, sqlite3_column_blob (stmt, 3), sqlite3_column_bytes (stmt, 3));
      if (kind > 0)
        {
          camera = 1;
          camera_where = g_string_free (where, FALSE);
        }
      else
        received_where = g_string_free (where, FALSE);
    }
  if (current != 0)
    queue_folder_signal (queue_find (q, current), camera, all_received, camera_where, received_where);
  if (rc != SQLITE_DONE)
    return _scrim_db_set_error (error, q->db, rc, _("cannot read the locations for the queue"));
  return TRUE;
}

static double
candidate_score (const Queue     *q,
                 const Candidate *c,
                 char           **reasons)
{
  g_autoptr(ScrimJson) json = scrim_json_new ();
  double score = 0;

  scrim_json_begin_array (json, NULL);
  for (int s = 0; s < N_SIGNALS; s++)
    {
      double w = q->weights[s] * c->factor[s];

      if (c->why[s] == NULL || w == 0.0)
        continue;
      score += w;
      scrim_json_begin_object (json, NULL);
      scrim_json_add_string (json, "signal", signals[s].name);
      scrim_json_add_double (json, "weight", w, 2);
      scrim_json_add_string (json, "why", c->why[s]);
      scrim_json_end_object (json);
    }
  scrim_json_end_array (json);
  *reasons = scrim_json_free_to_string (g_steal_pointer (&json));
  return score;
}

static gboolean
queue_write (Queue    *q,
             guint64  *queued,
             GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  *queued = 0;
  if (!_scrim_db_exec (q->db, "DELETE FROM queue;", error)
      || (stmt = _scrim_db_prepare (q->db, "INSERT INTO queue (item_id, score, reasons) VALUES (?1, ?2, ?3);",
                                    error)) == NULL)
    return FALSE;
  for (guint i = 0; i < q->cands->len; i++)
    {
      const Candidate *c = &g_array_index (q->cands, Candidate, i);
      g_autofree char *reasons = NULL;
      double score = candidate_score (q, c, &reasons);

      if (score <= 0.0)
        continue;
      sqlite3_bind_int64 (stmt, 1, c->item_id);
      sqlite3_bind_double (stmt, 2, round (score * 100.0) / 100.0);
      sqlite3_bind_text (stmt, 3, reasons, -1, SQLITE_STATIC);
      if (!_scrim_db_step_done (stmt, error))
        return FALSE;
      (*queued)++;
    }
  return TRUE;
}

/* Scores every unknown image from the stored groups and the case's
 * weights, and replaces the queue (inside the caller's transaction). */
static gboolean
compute_queue (sqlite3  *db,
               guint64  *queued,
               GError  **error)
{
  Queue q = { db, facts_new (), g_array_new (FALSE, FALSE, sizeof (Candidate)) };
  gboolean ok;

  g_array_set_clear_func (q.cands, (GDestroyNotify) candidate_clear);
  ok = ensure_weights (db, error) && read_weights (db, q.weights, error) && queue_load (&q, error);
  if (ok)
    queue_recent (&q);
  ok = ok && queue_owner_camera (&q, error) && queue_groups (&q, error) && queue_folders (&q, error)
       && queue_write (&q, queued, error);
  g_array_unref (q.cands);
  facts_free (q.clock);
  return ok;
}

/* ---- a run ---- */

static gboolean
check_writable (sqlite3  *db,
                GError  **error)
{
  if (sqlite3_db_readonly (db, "main") == 1 || _scrim_db_query_int (db, "PRAGMA query_only;", 0) == 1)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("the case is open read-only"));
      return FALSE;
    }
  return TRUE;
}

static void
run_kind (Run            *run,
          ScrimGroupKind  kind,
          GPtrArray      *decisions)
{
  gint64 started = g_get_monotonic_time ();

  /* Series come last, from the near-duplicates and sessions decided. */
  static void (* const compute[SCRIM_GROUP_SERIES]) (Run *run) = {
    group_near_duplicates, group_cameras, group_sessions, group_places, group_folders,
  };

  g_assert (kind < SCRIM_GROUP_SERIES);
  compute[kind] (run);
  g_ptr_array_sort (run->groups[kind], compare_groups);
  run->decisions += apply_decisions (run->groups[kind], decisions, kind, run->facts);
  run->seconds[kind] = (g_get_monotonic_time () - started) / 1e6;
  g_debug ("grouping: %s: %u groups in %.3f s", kind_names[kind], run->groups[kind]->len, run->seconds[kind]);
}

/* Loads the facts and computes every kind, decisions applied. */
static gboolean
run_compute (Run           *run,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GPtrArray) decisions = load_decisions (run->db, error);
  gint64 started = g_get_monotonic_time ();

  if (decisions == NULL)
    return FALSE;
  for (int k = 0; k < SCRIM_N_GROUP_KINDS; k++)
    run->groups[k] = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  run->facts = facts_new ();
  if (!facts_load_items (run->facts, run->db, &run->options, NULL, error)
      || !facts_load_locs (run->facts, run->db, error))
    return FALSE;
  g_debug ("grouping: read %u items, %u locations in %.3f s", run->facts->items->len, run->facts->locs->len,
           (g_get_monotonic_time () - started) / 1e6);
  index_cameras (run);
  for (int k = 0; k < SCRIM_GROUP_SERIES; k++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      run_kind (run, k, decisions);
    }
  started = g_get_monotonic_time ();
  if (!group_series (run, error))
    return FALSE;
  g_ptr_array_sort (run->groups[SCRIM_GROUP_SERIES], compare_groups);
  run->decisions += apply_decisions (run->groups[SCRIM_GROUP_SERIES], decisions, SCRIM_GROUP_SERIES, run->facts);
  run->seconds[SCRIM_GROUP_SERIES] = (g_get_monotonic_time () - started) / 1e6;
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

static char *
run_detail (const Run              *run,
            const ScrimGroupReport *report)
{
  g_autoptr(ScrimJson) json = scrim_json_new ();

  scrim_json_begin_object (json, NULL);
  scrim_json_add_int (json, "pdq_distance", run->options.pdq_distance);
  scrim_json_add_int (json, "pdq_min_quality", run->options.pdq_min_quality);
  scrim_json_add_int (json, "session_gap", run->options.session_gap);
  scrim_json_add_double (json, "place_radius", run->options.place_radius, 1);
  scrim_json_begin_object (json, "groups");
  for (int k = 0; k < SCRIM_N_GROUP_KINDS; k++)
    scrim_json_add_int (json, kind_names[k], report->groups[k]);
  scrim_json_end_object (json);
  scrim_json_add_int (json, "new", report->new_groups);
  scrim_json_add_int (json, "gone", report->gone_groups);
  scrim_json_add_int (json, "decisions", report->decisions);
  scrim_json_add_int (json, "queued", report->queued);
  scrim_json_add_string (json, "scrim_version", PACKAGE_VERSION);
  scrim_json_end_object (json);
  return scrim_json_free_to_string (g_steal_pointer (&json));
}

/*
** Computes every kind of group of the case (near-duplicates, cameras,
** sessions, places, folders, series; see the top of this file for how,
** and for the key that identifies each group), applies the analyst's
** decisions again, scores the possibly-ongoing queue, and stores it all in
** place of the previous computation, in one transaction: a group whose
** kind and key are unchanged keeps its id. Adds a "grouped" entry to the
** audit log. options NULL: SCRIM_GROUP_OPTIONS_INIT.
**
** Returns FALSE with error set when the case cannot be read or written, is
** open read-only, or cancellable was cancelled; the case is then as
** before. report (if given) counts the groups per kind, the new and the
** gone, the decisions applied and the images queued.
*/
gboolean
scrim_case_group (ScrimCase                *scase,
                  const ScrimGroupOptions  *options,
                  ScrimGroupReport         *report,
                  GCancellable             *cancellable,
                  GError                  **error)
{
  ScrimGroupOptions defaults = SCRIM_GROUP_OPTIONS_INIT;
  ScrimGroupReport local = { 0 };
  Run run = { _scrim_case_get_db (scase), options ? *options : defaults };
  gint64 started = g_get_monotonic_time ();
  g_autofree char *detail = NULL;
  gboolean ok;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  report = report ? report : &local;
  memset (report, 0, sizeof *report);
  ok = check_writable (run.db, error) && _scrim_db_exec (run.db, "BEGIN IMMEDIATE;", error)
       && run_compute (&run, cancellable, error);
  g_debug ("grouping: series in %.3f s", run.seconds[SCRIM_GROUP_SERIES]);
  ok = ok && write_run (&run, report, error);
  g_debug ("grouping: stored at %.3f s", (g_get_monotonic_time () - started) / 1e6);
  ok = ok && compute_queue (run.db, &report->queued, error);
  g_debug ("grouping: queue scored at %.3f s", (g_get_monotonic_time () - started) / 1e6);
  if (ok)
    {
      report->decisions = run.decisions;
      detail = run_detail (&run, report);
      ok = _scrim_audit_append_db (run.db, scrim_case_get_examiner (scase), "grouped", detail, error)
           && _scrim_db_exec (run.db, "COMMIT;", error);
    }
  if (!ok && !sqlite3_get_autocommit (run.db))
    _scrim_db_exec (run.db, "ROLLBACK;", NULL);
  run_clear (&run);
  report->seconds = (g_get_monotonic_time () - started) / 1e6;
  return ok;
}

/* ---- decisions, as the analyst makes them ---- */

/* The kind of a stored group; FALSE with SCRIM_ERROR_INVALID when there is
 * no such group. */
static gboolean
stored_kind (sqlite3         *db,
             gint64           group_id,
             ScrimGroupKind  *kind,
             GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = _scrim_db_prepare (db, "SELECT kind FROM grp WHERE id = ?1;", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, group_id);
  if (sqlite3_step (stmt) != SQLITE_ROW
      || !scrim_group_kind_from_string ((const char *) sqlite3_column_text (stmt, 0), kind))
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                   _("there is no group %" PRId64 " in the case (run “scrim group”, then "
                     "“scrim groups” for the ids)"), group_id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
store_decision (sqlite3         *db,
                const char      *examiner,
                const char      *action,
                ScrimGroupKind   kind,
                const char      *anchors,
                const char      *value,
                gint64          *id,
                GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = scrim_text_now_iso8601 ();

  stmt = _scrim_db_prepare (db, "INSERT INTO grp_decision (action, kind, anchors, value, created, examiner) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6);", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, kind_names[kind], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, anchors, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, value, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, examiner, -1, SQLITE_STATIC);
  if (!_scrim_db_step_done (stmt, error))
    return FALSE;
  *id = sqlite3_last_insert_rowid (db);
  return TRUE;
}

/* The SHA-256 (hex) of a group's members, as a JSON array. */
static char *
dup_anchors (sqlite3  *db,
             gint64    group_id,
             GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char *anchors = NULL;

  stmt = _scrim_db_prepare (db, "SELECT json_group_array (h) FROM (SELECT lower (hex (i.sha256)) AS h "
                                "FROM grp_member m JOIN item i ON i.id = m.item_id WHERE m.group_id = ?1 "
                                "ORDER BY m.item_id);", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, group_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    anchors = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (anchors == NULL)
    _scrim_db_set_error (error, db, SQLITE_ERROR, _("cannot read a group's members"));
  return anchors;
}

/* One member to stand for a group in a merge: preferably one in no other
 * group of the kind, so that it names this group alone. */
static char *
pick_anchor (sqlite3  *db,
             gint64    group_id,
             gint64   *item_id,
             GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _scrim_db_prepare (db, "SELECT m.item_id, lower (hex (i.sha256)) FROM grp_member m "
                                "JOIN item i ON i.id = m.item_id WHERE m.group_id = ?1 "
                                "ORDER BY (SELECT count (*) FROM grp_member o JOIN grp g ON g.id = o.group_id "
                                "  WHERE o.item_id = m.item_id AND g.kind = (SELECT kind FROM grp WHERE id = ?1)), "
                                "  m.item_id LIMIT 1;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, group_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("group %" PRId64 " has no members"),
                   group_id);
      return NULL;
    }
  *item_id = sqlite3_column_int64 (stmt, 0);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 1));
}

static Group *
load_group (sqlite3  *db,
            gint64    group_id,
            GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = _scrim_db_prepare (db, "SELECT kind, key, name, reasons, detail, rank "
                                                        "FROM grp WHERE id = ?1;", error);
  g_autoptr(sqlite3_stmt) members = _scrim_db_prepare (db, "SELECT item_id, reason FROM grp_member "
                                                           "WHERE group_id = ?1 ORDER BY item_id;", error);
  ScrimGroupKind kind = 0;
  Group *grp;

  if (stmt == NULL || members == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, group_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _scrim_db_set_error (error, db, SQLITE_NOTFOUND, _("cannot read a group"));
      return NULL;
    }
  scrim_group_kind_from_string ((const char *) sqlite3_column_text (stmt, 0), &kind);
  grp = group_new (kind, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  grp->id = group_id;
  grp->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  g_string_assign (grp->reasons, (const char *) sqlite3_column_text (stmt, 3));
  grp->detail = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  grp->rank = sqlite3_column_double (stmt, 5);
  sqlite3_bind_int64 (members, 1, group_id);
  while (sqlite3_step (members) == SQLITE_ROW)
    group_add (grp, sqlite3_column_int64 (members, 0),
               g_strdup ((const char *) sqlite3_column_text (members, 1)));
  return grp;
}

/* Applies a new decision to the stored groups it concerns, writes them
 * back and scores the queue again. Returns the id of the first group
 * (merge) or of the new one (split) in *result. */
static gboolean
patch_groups (sqlite3          *db,
              const gint64     *group_ids,
              guint             n_groups,
              Decision         *d,
              gint64           *result,
              GError          **error)
{
  g_autoptr(Facts) facts = facts_new ();
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  g_autoptr(GPtrArray) decisions = g_ptr_array_new ();
  g_autoptr(GString) ids = g_string_new ("[");
  Writer w = { 0 };
  gboolean ok = TRUE;
  guint64 queued;

  for (guint i = 0; i < n_groups; i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? "," : "", group_ids[i]);
  g_string_append_c (ids, ']');
  if (!facts_load_items (facts, db, NULL, ids->str, error))
    return FALSE;
  for (guint i = 0; ok && i < n_groups; i++)
    {
      Group *grp = load_group (db, group_ids[i], error);

      ok = grp != NULL;
      if (ok)
        g_ptr_array_add (groups, grp);
    }
  g_ptr_array_add (decisions, d);
  if (!ok || apply_decisions (groups, decisions, d->kind, facts) == 0)
    return ok ? _scrim_db_set_error (error, db, SQLITE_ERROR, _("cannot apply the decision")) : FALSE;
  ok = writer_init (&w, db, error);
  for (guint g = 0; ok && g < groups->len; g++)
    ok = write_group (&w, g_ptr_array_index (groups, g), TRUE, error);
  writer_clear (&w);
  if (ok)
    *result = ((Group *) g_ptr_array_index (groups, strcmp (d->action, "split") == 0 ? groups->len - 1 : 0))->id;
  return ok && compute_queue (db, &queued, error);
}

/* Ends a decision's transaction: its audit entry and COMMIT when ok,
 * ROLLBACK otherwise. */
static gboolean
finish_decision (sqlite3      *db,
                 ScrimCase    *scase,
                 const char   *action,
                 ScrimJson    *detail,
                 gboolean      ok,
                 GError      **error)
{
  scrim_json_end_object (detail);
  ok = ok && _scrim_audit_append_db (db, scrim_case_get_examiner (scase), action, scrim_json_peek (detail), error)
       && _scrim_db_exec (db, "COMMIT;", error);
  if (!ok && !sqlite3_get_autocommit (db))
    _scrim_db_exec (db, "ROLLBACK;", NULL);
  return ok;
}

/*
** Names a group, and keeps the name: it is stored with the SHA-256 of
** every member, and after each grouping goes to the group of the same
** kind that holds most of them. name NULL or "" removes the name. Audited
** as "group-named".
**
** Returns FALSE with error set (SCRIM_ERROR_INVALID) when there is no such
** group or the name is not UTF-8, or when the case cannot be written.
*/
gboolean
scrim_group_name (ScrimCase   *scase,
                  gint64       group_id,
                  const char  *name,
                  GError     **error)
{
  sqlite3 *db;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(ScrimJson) detail = scrim_json_new ();
  g_autofree char *anchors = NULL;
  ScrimGroupKind kind = 0;
  gint64 decision = 0;
  gboolean ok;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), FALSE);

  db = _scrim_case_get_db (scase);
  if (name != NULL && !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("a group's name must be UTF-8 text"));
      return FALSE;
    }
  if (name != NULL && *name == '\0')
    name = NULL;
  if (!check_writable (db, error) || !_scrim_db_exec (db, "BEGIN IMMEDIATE;", error))
    return FALSE;
  ok = stored_kind (db, group_id, &kind, error)
       && (anchors = dup_anchors (db, group_id, error)) != NULL
       && store_decision (db, scrim_case_get_examiner (scase), "name", kind, anchors, name, &decision, error)
       && (stmt = _scrim_db_prepare (db, "UPDATE grp SET name = ?2 WHERE id = ?1;", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, group_id);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
      ok = _scrim_db_step_done (stmt, error);
    }
  scrim_json_begin_object (detail, NULL);
  scrim_json_add_int (detail, "group", group_id);
  scrim_json_add_string (detail, "kind", ok ? kind_names[kind] : NULL);
  scrim_json_add_string (detail, "name", name);
  return finish_decision (db, scase, "group-named", detail, ok, error);
}

static Decision *
decision_new (const char     *action,
              ScrimGroupKind  kind)
{
  Decision *d = g_new0 (Decision, 1);

  d->action = g_strdup (action);
  d->kind = kind;
  d->anchors = g_array_new (FALSE, FALSE, sizeof (gint64));
  return d;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Decision, decision_free)

/* Checks the groups of a merge: at least two, distinct, existing, of one
 * kind; collects one anchor of each. */
static gboolean
merge_anchors (sqlite3       *db,
               const gint64  *group_ids,
               guint          n_groups,
               Decision      *d,
               GString       *anchors,
               GError       **error)
{
  for (guint i = 0; i < n_groups; i++)
    {
      ScrimGroupKind kind;
      g_autofree char *hex = NULL;
      gint64 item_id = 0;

      for (guint j = 0; j < i; j++)
        if (group_ids[j] == group_ids[i])
          {
            g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("group %" PRId64 " is given twice"),
                         group_ids[i]);
            return FALSE;
          }
      if (!stored_kind (db, group_ids[i], &kind, error))
        return FALSE;
      if (i == 0)
        d->kind = kind;
      else if (kind != d->kind)
        {
          g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("group %" PRId64 " is a %s group and "
                         "group %" PRId64 " a %s group: only groups of one kind can be merged"),
                       group_ids[0], kind_names[d->kind], group_ids[i], kind_names[kind]);
          return FALSE;
        }
      if ((hex = pick_anchor (db, group_ids[i], &item_id, error)) == NULL)
        return FALSE;
      g_array_append_val (d->anchors, item_id);
      g_string_append_printf (anchors, "%s\"%s\"", i ? "," : "[", hex);
    }
  g_string_append_c (anchors, ']');
  return TRUE;
}

/*
** Merges groups of one kind into the first of them, and keeps the merge:
** it is stored with one member SHA-256 of each group, and after each
** grouping the groups holding those merge again. The first group keeps
** its id (returned in merged_id); the others are removed. Audited as
** "group-merged"; the queue is scored again.
**
** Returns FALSE with error set (SCRIM_ERROR_INVALID) for fewer than two
** groups, a group given twice, an id that names no group, or groups of
** different kinds; or when the case cannot be written.
*/
gboolean
scrim_group_merge (ScrimCase     *scase,
                   const gint64  *group_ids,
                   guint          n_groups,
                   gint64        *merged_id,
                   GError       **error)
{
  sqlite3 *db;
  g_autoptr(Decision) d = decision_new ("merge", 0);
  g_autoptr(GString) anchors = g_string_new (NULL);
  g_autoptr(ScrimJson) detail = scrim_json_new ();
  gint64 result = 0;
  gboolean ok;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), FALSE);
  g_return_val_if_fail (group_ids != NULL || n_groups == 0, FALSE);

  db = _scrim_case_get_db (scase);
  if (n_groups < 2)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("a merge needs at least two groups"));
      return FALSE;
    }
  if (!check_writable (db, error) || !_scrim_db_exec (db, "BEGIN IMMEDIATE;", error))
    return FALSE;
  ok = merge_anchors (db, group_ids, n_groups, d, anchors, error)
       && store_decision (db, scrim_case_get_examiner (scase), "merge", d->kind, anchors->str, NULL, &d->id,
                          error)
       && patch_groups (db, group_ids, n_groups, d, &result, error);
  scrim_json_begin_object (detail, NULL);
  scrim_json_begin_array (detail, "groups");
  for (guint i = 0; i < n_groups; i++)
    scrim_json_add_int (detail, NULL, group_ids[i]);
  scrim_json_end_array (detail);
  scrim_json_add_string (detail, "kind", ok ? kind_names[d->kind] : NULL);
  scrim_json_add_int (detail, "into", result);
  ok = finish_decision (db, scase, "group-merged", detail, ok, error);
  if (ok && merged_id != NULL)
    *merged_id = result;
  return ok;
}

/* Resolves the SHA-256 to split off to members of the group. */
static gboolean
split_anchors (sqlite3             *db,
               gint64               group_id,
               const char * const  *sha256_hex,
               Decision            *d,
               GString             *anchors,
               GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _scrim_db_prepare (db, "SELECT m.item_id FROM grp_member m JOIN item i ON i.id = m.item_id "
                                "WHERE m.group_id = ?1 AND i.sha256 = ?2;", error);
  for (guint i = 0; stmt != NULL && sha256_hex[i] != NULL; i++)
    {
      g_autofree char *hex = g_ascii_strdown (sha256_hex[i], -1);
      guint8 sha[SCRIM_SHA256_LEN];
      gint64 item_id;

      if (strlen (hex) != 64 || !scrim_hex_decode (hex, sha, sizeof sha))
        {
          g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("“%s” is not a SHA-256 (64 hex digits)"),
                       sha256_hex[i]);
          return FALSE;
        }
      sqlite3_bind_int64 (stmt, 1, group_id);
      sqlite3_bind_blob (stmt, 2, sha, sizeof sha, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("%s is not an image of group %" PRId64),
                       hex, group_id);
          return FALSE;
        }
      item_id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (g_strstr_len (anchors->str, -1, hex) != NULL)
        continue;
      g_array_append_val (d->anchors, item_id);
      g_string_append_printf (anchors, "%s\"%s\"", anchors->len ? "," : "[", hex);
      if (d->min_anchor == NULL || strcmp (hex, d->min_anchor) < 0)
        {
          g_free (d->min_anchor);
          d->min_anchor = g_strdup (hex);
        }
    }
  g_string_append_c (anchors, ']');
  return stmt != NULL;
}

static gboolean
split_check (sqlite3         *db,
             gint64           group_id,
             const Decision  *d,
             GError         **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM grp_member WHERE group_id = %"
                                          G_GINT64_FORMAT ";", group_id);

  if ((gint64) d->anchors->len < _scrim_db_query_int (db, sql, 0))
    return TRUE;
  g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("cannot split off every image of group %"
                 PRId64 ": nothing would be left"), group_id);
  return FALSE;
}

/*
** Splits the images with the given SHA-256 (hex, NULL-terminated) off
** group_id into a new group of the same kind, and keeps the split: after
** each grouping, the group holding most of those images loses them to a
** group of their own (key "split:" and the smallest of them). The new
** group's id is returned in new_id. Audited as "group-split"; the queue is
** scored again.
**
** Returns FALSE with error set (SCRIM_ERROR_INVALID) when there is no such
** group, no SHA-256 is given, one is malformed or not an image of the
** group, or all of its images are given; or when the case cannot be
** written.
*/
gboolean
scrim_group_split (ScrimCase           *scase,
                   gint64               group_id,
                   const char * const  *sha256_hex,
                   gint64              *new_id,
                   GError             **error)
{
  sqlite3 *db;
  g_autoptr(Decision) d = decision_new ("split", 0);
  g_autoptr(GString) anchors = g_string_new (NULL);
  g_autoptr(ScrimJson) detail = scrim_json_new ();
  gint64 result = 0;
  gboolean ok;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), FALSE);

  db = _scrim_case_get_db (scase);
  if (sha256_hex == NULL || sha256_hex[0] == NULL)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                   _("a split needs the SHA-256 of the images to split off"));
      return FALSE;
    }
  if (!check_writable (db, error) || !_scrim_db_exec (db, "BEGIN IMMEDIATE;", error))
    return FALSE;
  ok = stored_kind (db, group_id, &d->kind, error)
       && split_anchors (db, group_id, sha256_hex, d, anchors, error)
       && split_check (db, group_id, d, error)
       && store_decision (db, scrim_case_get_examiner (scase), "split", d->kind, anchors->str, NULL, &d->id,
                          error)
       && patch_groups (db, &group_id, 1, d, &result, error);
  scrim_json_begin_object (detail, NULL);
  scrim_json_add_int (detail, "group", group_id);
  scrim_json_add_string (detail, "kind", ok ? kind_names[d->kind] : NULL);
  scrim_json_add_int (detail, "images", d->anchors->len);
  scrim_json_add_int (detail, "into", result);
  ok = finish_decision (db, scase, "group-split", detail, ok, error);
  if (ok && new_id != NULL)
    *new_id = result;
  return ok;
}

/* ---- listing ---- */

/* A case opened read-only is not migrated: one from before grouping has
 * no groups, and no tables for them. */
static gboolean
has_group_tables (ScrimCase *scase)
{
  return scrim_case_get_schema_version (scase) >= 4;
}

/* "source:path" from a source id, its exhibit and a path, escaped; NULL
 * when the path column is NULL. */
static char *
column_location (sqlite3_stmt *stmt,
                 int           source_id,
                 int           exhibit,
                 int           path)
{
  GString *out;

  if (sqlite3_column_type (stmt, path) == SQLITE_NULL)
    return NULL;
  out = g_string_new (NULL);
  if (sqlite3_column_type (stmt, exhibit) == SQLITE_NULL)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, source_id));
  else
    scrim_text_append_tsv (out, (const char *) sqlite3_column_text (stmt, exhibit), -1);
  g_string_append_c (out, ':');
  scrim_text_append_tsv (out, sqlite3_column_blob (stmt, path), sqlite3_column_bytes (stmt, path));
  return g_string_free (out, FALSE);
}

static char *
column_hex (sqlite3_stmt *stmt,
            int           i)
{
  if (sqlite3_column_bytes (stmt, i) != SCRIM_SHA256_LEN)
    return NULL;
  return scrim_hex_encode (sqlite3_column_blob (stmt, i), SCRIM_SHA256_LEN);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           i)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, i));
}

void
scrim_group_info_free (ScrimGroupInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->reasons);
  g_free (info->representative_sha256);
  g_free (info->representative_path);
  g_free (info);
}

/* The first location of an item, joined as f and s. */
#define FIRST_FILE_SQL(item) \
  "LEFT JOIN file f ON f.id = (SELECT id FROM file WHERE item_id = " item " ORDER BY source_id, path LIMIT 1) " \
  "LEFT JOIN source s ON s.id = f.source_id "

static const char GROUPS_SQL[] =
  "SELECT g.id, g.kind, g.name, g.size, g.reasons, i.sha256, g.rank, s.id, s.exhibit, f.path "
  "FROM grp g LEFT JOIN item i ON i.id = g.representative "
  FIRST_FILE_SQL ("g.representative")
  "WHERE ?1 IS NULL OR g.kind = ?1 "
  "ORDER BY CASE g.kind WHEN 'near-duplicate' THEN 0 WHEN 'camera' THEN 1 WHEN 'session' THEN 2 "
  "  WHEN 'place' THEN 3 WHEN 'folder' THEN 4 ELSE 5 END, g.rank DESC, g.size DESC, g.id;";

/*
** Returns the groups of the case (of one kind, or all when kind is -1) as
** a GPtrArray of ScrimGroupInfo, by kind, then rank (most hits first),
** then size, then id; or NULL with error set when the case cannot be
** read. Empty before the first scrim_case_group().
*/
GPtrArray *
scrim_case_list_groups (ScrimCase  *scase,
                        int         kind,
                        GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), NULL);
  g_return_val_if_fail (kind >= -1 && kind < SCRIM_N_GROUP_KINDS, NULL);

  db = _scrim_case_get_db (scase);
  if (!has_group_tables (scase))
    return g_ptr_array_new_with_free_func ((GDestroyNotify) scrim_group_info_free);
  if ((stmt = _scrim_db_prepare (db, GROUPS_SQL, error)) == NULL)
    return NULL;
  if (kind >= 0)
    sqlite3_bind_text (stmt, 1, kind_names[kind], -1, SQLITE_STATIC);
  groups = g_ptr_array_new_with_free_func ((GDestroyNotify) scrim_group_info_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ScrimGroupInfo *g = g_new0 (ScrimGroupInfo, 1);
      ScrimGroupKind k = 0;

      scrim_group_kind_from_string ((const char *) sqlite3_column_text (stmt, 1), &k);
      g->id = sqlite3_column_int64 (stmt, 0);
      g->kind = k;
      g->name = column_text (stmt, 2);
      g->size = sqlite3_column_int64 (stmt, 3);
      g->reasons = column_text (stmt, 4);
      g->representative_sha256 = column_hex (stmt, 5);
      g->rank = sqlite3_column_double (stmt, 6);
      g->representative_path = column_location (stmt, 7, 8, 9);
      g_ptr_array_add (groups, g);
    }
  if (rc != SQLITE_DONE)
    {
      _scrim_db_set_error (error, db, rc, _("cannot read the groups"));
      return NULL;
    }
  return g_steal_pointer (&groups);
}

void
scrim_group_member_free (ScrimGroupMember *member)
{
  if (member == NULL)
    return;
  g_free (member->sha256);
  g_free (member->paths);
  g_free (member->reason);
  g_free (member->category);
  g_free (member);
}

/* Every location of an item, escaped, '; '-joined. */
static char *
dup_paths (sqlite3_stmt *paths,
           gint64        item_id)
{
  GString *out = g_string_new (NULL);

  sqlite3_bind_int64 (paths, 1, item_id);
  while (sqlite3_step (paths) == SQLITE_ROW)
    {
      g_autofree char *loc = column_location (paths, 0, 1, 2);

      g_string_append_printf (out, "%s%s", out->len ? "; " : "", loc);
    }
  sqlite3_reset (paths);
  return g_string_free (out, FALSE);
}

/*
** Returns the contents of a group as a GPtrArray of ScrimGroupMember, by
** item id: SHA-256, every location, why it is in the group, its
** pre-category. Returns NULL with error set (SCRIM_ERROR_INVALID) when
** there is no such group, or when the case cannot be read.
*/
GPtrArray *
scrim_case_group_members (ScrimCase  *scase,
                          gint64      group_id,
                          GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL, paths = NULL;
  g_autoptr(GPtrArray) members = NULL;
  ScrimGroupKind kind;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), NULL);

  db = _scrim_case_get_db (scase);
  if (!has_group_tables (scase))
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("there is no group %" PRId64 " in the case "
                     "(it was never grouped)"), group_id);
      return NULL;
    }
  if (!stored_kind (db, group_id, &kind, error)
      || (stmt = _scrim_db_prepare (db, "SELECT m.item_id, i.sha256, m.reason, c.class FROM grp_member m "
                                        "JOIN item i ON i.id = m.item_id "
                                        "LEFT JOIN item_category c ON c.item_id = m.item_id "
                                        "WHERE m.group_id = ?1 ORDER BY m.item_id;", error)) == NULL
      || (paths = _scrim_db_prepare (db, "SELECT f.source_id, s.exhibit, f.path FROM file f "
                                         "JOIN source s ON s.id = f.source_id WHERE f.item_id = ?1 "
                                         "ORDER BY f.source_id, f.path;", error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, group_id);
  members = g_ptr_array_new_with_free_func ((GDestroyNotify) scrim_group_member_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ScrimGroupMember *m = g_new0 (ScrimGroupMember, 1);

      m->item_id = sqlite3_column_int64 (stmt, 0);
      m->sha256 = column_hex (stmt, 1);
      m->reason = column_text (stmt, 2);
      m->category = column_text (stmt, 3);
      m->paths = dup_paths (paths, m->item_id);
      g_ptr_array_add (members, m);
    }
  if (rc != SQLITE_DONE)
    {
      _scrim_db_set_error (error, db, rc, _("cannot read the group's members"));
      return NULL;
    }
  return g_steal_pointer (&members);
}

void
scrim_queue_entry_free (ScrimQueueEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->sha256);
  g_free (entry->path);
  g_free (entry->reasons);
  g_free (entry);
}

/*
** Returns the possibly-ongoing queue as a GPtrArray of ScrimQueueEntry:
** the first limit (0: all) unknown images by score, highest first, then
** by item id, each with its reasons (a JSON array of {"signal", "weight",
** "why"}, weight being what the signal added). Empty before the first
** scrim_case_group(). Returns NULL with error set when the case cannot be
** read.
*/
GPtrArray *
scrim_case_queue (ScrimCase  *scase,
                  guint       limit,
                  GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), NULL);

  db = _scrim_case_get_db (scase);
  if (!has_group_tables (scase))
    return g_ptr_array_new_with_free_func ((GDestroyNotify) scrim_queue_entry_free);
  stmt = _scrim_db_prepare (db, "SELECT q.item_id, i.sha256, q.score, q.reasons, s.id, s.exhibit, f.path "
                                "FROM queue q JOIN item i ON i.id = q.item_id " FIRST_FILE_SQL ("q.item_id")
                                "ORDER BY q.score DESC, q.item_id LIMIT ?1;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit == 0 ? -1 : (gint64) limit);
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) scrim_queue_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ScrimQueueEntry *e = g_new0 (ScrimQueueEntry, 1);

      e->item_id = sqlite3_column_int64 (stmt, 0);
      e->sha256 = column_hex (stmt, 1);
      e->score = sqlite3_column_double (stmt, 2);
      e->reasons = column_text (stmt, 3);
      e->path = column_location (stmt, 4, 5, 6);
      g_ptr_array_add (entries, e);
    }
  if (rc != SQLITE_DONE)
    {
      _scrim_db_set_error (error, db, rc, _("cannot read the queue"));
      return NULL;
    }
  return g_steal_pointer (&entries);
}

void
scrim_queue_weight_free (ScrimQueueWeight *weight)
{
  if (weight == NULL)
    return;
  g_free (weight->signal);
  g_free (weight->description);
  g_free (weight);
}

/*
** Returns the signals of the queue with their weights and what they
** mean, as a GPtrArray of ScrimQueueWeight: the case's weights where it
** has them (table queue_weight), the defaults otherwise. Writes nothing.
** Returns NULL with error set when the case cannot be read.
*/
GPtrArray *
scrim_case_queue_weights (ScrimCase  *scase,
                          GError    **error)
{
  GPtrArray *weights;
  double w[N_SIGNALS];
  sqlite3 *db;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), NULL);

  db = _scrim_case_get_db (scase);
  for (int s = 0; s < N_SIGNALS; s++)
    w[s] = signals[s].weight;
  if (has_group_tables (scase) && !read_weights (db, w, error))
    return NULL;
  weights = g_ptr_array_new_with_free_func ((GDestroyNotify) scrim_queue_weight_free);
  for (int s = 0; s < N_SIGNALS; s++)
    {
      ScrimQueueWeight *qw = g_new0 (ScrimQueueWeight, 1);

      qw->signal = g_strdup (signals[s].name);
      qw->weight = w[s];
      qw->description = g_strdup (signals[s].description);
      g_ptr_array_add (weights, qw);
    }
  return weights;
}

/*
** Sets the weight of one signal of the queue (see
** scrim_case_queue_weights() for their names), scores the queue again
** from the stored groups, and records the change in the audit log
** ("queue-weight-set"). Returns FALSE with error set (SCRIM_ERROR_INVALID)
** for an unknown signal or a weight that is not a finite number, or when
** the case cannot be written.
*/
gboolean
scrim_case_set_queue_weight (ScrimCase   *scase,
                             const char  *signal,
                             double       weight,
                             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(ScrimJson) detail = scrim_json_new ();
  double before[N_SIGNALS];
  guint64 queued = 0;
  sqlite3 *db;
  int s = 0;
  gboolean ok;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), FALSE);

  db = _scrim_case_get_db (scase);
  while (s < N_SIGNALS && g_strcmp0 (signal, signals[s].name) != 0)
    s++;
  if (s == N_SIGNALS || !isfinite (weight))
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, s == N_SIGNALS
                   ? _("“%s” is not a signal of the queue (owner-camera, recent, camera-folder, download-folder, "
                       "near-abuse, session-size)") : _("the weight of %s must be a finite number"), signal);
      return FALSE;
    }
  if (!check_writable (db, error) || !_scrim_db_exec (db, "BEGIN IMMEDIATE;", error))
    return FALSE;
  ok = ensure_weights (db, error) && read_weights (db, before, error)
       && (stmt = _scrim_db_prepare (db, "UPDATE queue_weight SET weight = ?2 WHERE signal = ?1;", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, signals[s].name, -1, SQLITE_STATIC);
      sqlite3_bind_double (stmt, 2, weight);
      ok = _scrim_db_step_done (stmt, error) && compute_queue (db, &queued, error);
    }
  scrim_json_begin_object (detail, NULL);
  scrim_json_add_string (detail, "signal", signals[s].name);
  scrim_json_add_double (detail, "weight", weight, 4);
  scrim_json_add_double (detail, "before", ok ? before[s] : signals[s].weight, 4);
  scrim_json_add_int (detail, "queued", queued);
  return finish_decision (db, scase, "queue-weight-set", detail, ok, error);
}
