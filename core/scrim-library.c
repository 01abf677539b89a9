/* scrim-library.c
 *
 * The reference library is one SQLite file outside any case (by default
 * $XDG_DATA_HOME/scrim/library.db), shared by every case on the
 * workstation. A case keeps its own record of the list versions it was
 * matched against (scrim-match.c), so the case stays self-contained.
 *
 * Importing a list: every file is read once, streamed (scrim-list.h), its
 * records written to a temporary staging table; duplicates (records with
 * the same first digest) are then merged by one GROUP BY in SQLite, keeping
 * every category, series, tag and flag seen; and the new list replaces an
 * old one of the same name. All of it is one transaction: until the import
 * has fully succeeded the old list stays in force, and a failed or killed
 * import leaves the library exactly as it was. Memory stays flat: records
 * pass one at a time, SQLite sorts on disk.
 *
 * NSRL RDSv3 databases (tens to hundreds of GB) are not read row by row
 * through C: the database is attached read-only and copied with one
 * INSERT … SELECT DISTINCT.
 *
 * Demo separation (the rules are in scrim-library.h): every file is looked
 * at for the DEMO marker before anything is written, and a library holds
 * either demo lists or real ones, never both. A refused import leaves the
 * lists as they were and adds a "list-import-refused" entry to the
 * library's audit log.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "scrim-audit.h"
#include "scrim-case-private.h"
#include "scrim-error.h"
#include "scrim-hash.h"
#include "scrim-json.h"
#include "scrim-library-private.h"
#include "scrim-text.h"

#define MAX_MESSAGES 100

struct _ScrimLibrary
{
  GObject   parent_instance;

  char     *path;
  sqlite3  *db;
};

G_DEFINE_FINAL_TYPE (ScrimLibrary, scrim_library, G_TYPE_OBJECT)

static const char * const library_migrations[] = {
  "CREATE TABLE meta ("
  "  key    TEXT PRIMARY KEY,"
  "  value  TEXT NOT NULL"
  ") STRICT, WITHOUT ROWID;"

  "CREATE TABLE list ("
  "  id           INTEGER PRIMARY KEY,"
  "  name         TEXT NOT NULL UNIQUE,"
  "  format       TEXT NOT NULL,"
  "  kind         TEXT NOT NULL,"
  "  profile      TEXT,"
  "  scheme       TEXT NOT NULL,"
  "  version      TEXT,"                       /* the list's own version (NSRL 2026.09.1) */
  "  format_version TEXT,"                     /* the format's (VICS data model 2.0) */
  "  imported     TEXT NOT NULL,"
  "  imported_by  TEXT NOT NULL,"
  "  entries      INTEGER NOT NULL,"
  "  records      INTEGER NOT NULL,"
  "  problems     INTEGER NOT NULL,"
  "  demo         INTEGER NOT NULL DEFAULT 0"
  ") STRICT;"

  "CREATE TABLE list_file ("
  "  list_id   INTEGER NOT NULL REFERENCES list (id) ON DELETE CASCADE,"
  "  path      TEXT NOT NULL,"
  "  size      INTEGER NOT NULL,"
  "  sha256    TEXT NOT NULL,"
  "  encoding  TEXT"
  ") STRICT;"

  /* One row per distinct record of a list. Digests as raw bytes; category
   * the raw code(s) as the list wrote them ('1', or '1|2' when duplicates
   * disagreed); flags two bits per flag (seen yes, seen no). */
  "CREATE TABLE entry ("
  "  id           INTEGER PRIMARY KEY,"
  "  list_id      INTEGER NOT NULL REFERENCES list (id) ON DELETE CASCADE,"
  "  md5          BLOB,"
  "  sha1         BLOB,"
  "  sha256       BLOB,"
  "  pdq          BLOB,"
  "  pdq_quality  INTEGER,"
  "  category     TEXT,"
  "  series       TEXT,"
  "  tags         TEXT,"
  "  comments     TEXT,"
  "  label        TEXT,"
  "  name         TEXT,"
  "  photodna     TEXT,"
  "  flags        INTEGER NOT NULL DEFAULT 0,"
  "  size         INTEGER,"
  "  record       INTEGER,"
  "  extra        TEXT"
  ") STRICT;"
  "CREATE INDEX entry_list ON entry (list_id);"
  "CREATE INDEX entry_md5 ON entry (md5) WHERE md5 IS NOT NULL;"
  "CREATE INDEX entry_sha1 ON entry (sha1) WHERE sha1 IS NOT NULL;"
  "CREATE INDEX entry_sha256 ON entry (sha256) WHERE sha256 IS NOT NULL;"
  "CREATE INDEX entry_pdq ON entry (list_id) WHERE pdq IS NOT NULL;"

  "CREATE TABLE scheme ("
  "  name        TEXT PRIMARY KEY,"
  "  definition  TEXT NOT NULL,"
  "  builtin     INTEGER NOT NULL"
  ") STRICT, WITHOUT ROWID;"

  SCRIM_AUDIT_TABLE_SQL,
};

#define LIBRARY_VERSION ((int) G_N_ELEMENTS (library_migrations))

/* The digests of the empty file: every list that holds them would match
 * every empty file (hash-lists.md §1.9). */
static const guint8 empty_md5[16] = {
  0xd4, 0x1d, 0x8c, 0xd9, 0x8f, 0x00, 0xb2, 0x04, 0xe9, 0x80, 0x09, 0x98, 0xec, 0xf8, 0x42, 0x7e };
static const guint8 empty_sha1[20] = {
  0xda, 0x39, 0xa3, 0xee, 0x5e, 0x6b, 0x4b, 0x0d, 0x32, 0x55, 0xbf, 0xef, 0x95, 0x60, 0x18, 0x90,
  0xaf, 0xd8, 0x07, 0x09 };
static const guint8 empty_sha256[32] = {
  0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
  0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55 };

static void
scrim_library_finalize (GObject *object)
{
  ScrimLibrary *self = (ScrimLibrary *) object;

  g_clear_pointer (&self->db, _scrim_db_close);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (scrim_library_parent_class)->finalize (object);
}

static void
scrim_library_class_init (ScrimLibraryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = scrim_library_finalize;
}

static void
scrim_library_init (ScrimLibrary *self)
{
}

const char *
scrim_list_kind_to_string (ScrimListKind kind)
{
  static const char * const names[] = { "known-bad", "known-good", "alert" };

  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (names), NULL);
  return names[kind];
}

gboolean
scrim_list_kind_from_string (const char    *str,
                             ScrimListKind *kind)
{
  for (ScrimListKind k = SCRIM_LIST_KIND_KNOWN_BAD; k <= SCRIM_LIST_KIND_ALERT; k++)
    if (g_strcmp0 (str, scrim_list_kind_to_string (k)) == 0)
      {
        *kind = k;
        return TRUE;
      }
  return FALSE;
}

void
scrim_list_meta_free (ScrimListMeta *meta)
{
  if (meta == NULL)
    return;
  g_free (meta->name);
  g_free (meta->format);
  g_free (meta->kind);
  g_free (meta->profile);
  g_free (meta->scheme);
  g_free (meta->version);
  g_free (meta->imported);
  g_free (meta->imported_by);
  g_free (meta->sources_json);
  g_free (meta->sources_sha256);
  g_free (meta->format_version);
  g_free (meta);
}

void
scrim_import_report_clear (ScrimImportReport *report)
{
  g_clear_pointer (&report->messages, g_ptr_array_unref);
}

/*
** The library's path: $SCRIM_LIBRARY if set, else
** $XDG_DATA_HOME/scrim/library.db (newly allocated).
*/
char *
scrim_library_default_path (void)
{
  const char *env = g_getenv ("SCRIM_LIBRARY");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "scrim", "library.db", NULL);
}

/* ---- SQL functions the import uses ---- */

/* scrim_set(x): the distinct non-NULL values of a group, sorted, joined by
 * '|' (values holding '|' are split first). Most groups hold one record, so
 * a set is only built when a second, different value arrives. */
typedef struct
{
  char  *first;
  GTree *tree;
} SetAcc;

static void
set_add (SetAcc     *acc,
         const char *value)
{
  g_auto(GStrv) parts = NULL;

  if (acc->tree == NULL)
    {
      acc->tree = g_tree_new_full ((GCompareDataFunc) g_strcmp0, NULL, g_free, NULL);
      if (acc->first != NULL)
        {
          char *first = g_steal_pointer (&acc->first);

          set_add (acc, first);
          g_free (first);
        }
    }
  parts = g_strsplit (value, "|", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0' && !g_tree_lookup_extended (acc->tree, parts[i], NULL, NULL))
      g_tree_insert (acc->tree, g_strdup (parts[i]), NULL);
}

static void
set_step (sqlite3_context *ctx,
          int              argc,
          sqlite3_value  **argv)
{
  SetAcc *acc = sqlite3_aggregate_context (ctx, sizeof (SetAcc));
  const char *text = (const char *) sqlite3_value_text (argv[0]);

  if (acc == NULL || text == NULL || *text == '\0')
    return;
  if (acc->tree == NULL && acc->first == NULL && strchr (text, '|') == NULL)
    acc->first = g_strdup (text);
  else if (acc->tree != NULL || g_strcmp0 (acc->first, text) != 0)
    set_add (acc, text);
}

static gboolean
append_key (gpointer key,
            gpointer value,
            gpointer data)
{
  GString *out = data;

  if (out->len > 0)
    g_string_append_c (out, '|');
  g_string_append (out, key);
  return FALSE;
}

static void
set_final (sqlite3_context *ctx)
{
  SetAcc *acc = sqlite3_aggregate_context (ctx, 0);
  GString *out;

  if (acc == NULL || (acc->first == NULL && acc->tree == NULL))
    {
      sqlite3_result_null (ctx);
      return;
    }
  if (acc->tree == NULL)
    {
      sqlite3_result_text (ctx, acc->first, -1, g_free);
      return;
    }
  out = g_string_new (NULL);
  g_tree_foreach (acc->tree, append_key, out);
  sqlite3_result_text (ctx, out->str, out->len, SQLITE_TRANSIENT);
  g_string_free (out, TRUE);
  g_tree_destroy (acc->tree);
}

/* scrim_bitor(x): the bitwise OR of a group. */
static void
bitor_step (sqlite3_context *ctx,
            int              argc,
            sqlite3_value  **argv)
{
  gint64 *acc = sqlite3_aggregate_context (ctx, sizeof (gint64));

  if (acc != NULL)
    *acc |= sqlite3_value_int64 (argv[0]);
}

static void
bitor_final (sqlite3_context *ctx)
{
  gint64 *acc = sqlite3_aggregate_context (ctx, 0);

  sqlite3_result_int64 (ctx, acc ? *acc : 0);
}

/* scrim_unhex(text): hex (any case) to bytes, NULL unless valid and of a
 * digest's length; the empty file's digests and all zeros give NULL too.
 * SQLite 3.40 has no unhex(). */
static gboolean
useless_digest (const guint8 *bytes,
                gsize         len)
{
  gboolean zero = TRUE;

  for (gsize i = 0; i < len && zero; i++)
    zero = bytes[i] == 0;
  return zero
         || (len == 16 && memcmp (bytes, empty_md5, 16) == 0)
         || (len == 20 && memcmp (bytes, empty_sha1, 20) == 0)
         || (len == 32 && memcmp (bytes, empty_sha256, 32) == 0);
}

static void
unhex_func (sqlite3_context *ctx,
            int              argc,
            sqlite3_value  **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  guint8 bytes[64];
  gsize len;

  if (text == NULL)
    {
      sqlite3_result_null (ctx);
      return;
    }
  len = strlen (text) / 2;
  if ((len == 16 || len == 20 || len == 32) && scrim_list_parse_hex (text, strlen (text), bytes, len)
      && !useless_digest (bytes, len))
    sqlite3_result_blob (ctx, bytes, len, SQLITE_TRANSIENT);
  else
    sqlite3_result_null (ctx);
}

static void list_key_func (sqlite3_context *ctx,
                           int              argc,
                           sqlite3_value  **argv);

static void
register_functions (sqlite3 *db)
{
  sqlite3_create_function (db, "scrim_set", 1, SQLITE_UTF8, NULL, NULL, set_step, set_final);
  sqlite3_create_function (db, "scrim_bitor", 1, SQLITE_UTF8, NULL, NULL, bitor_step, bitor_final);
  sqlite3_create_function (db, "scrim_unhex", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                           unhex_func, NULL, NULL);
  sqlite3_create_function (db, "scrim_list_key", 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                           list_key_func, NULL, NULL);
}

/* ---- opening ---- */

static gboolean
migrate_library (sqlite3  *db,
                 GError  **error)
{
  gint64 app_id = _scrim_db_query_int (db, "PRAGMA application_id;", 0);
  gint64 version = _scrim_db_query_int (db, "PRAGMA user_version;", 0);
  g_autofree char *set_app = g_strdup_printf ("PRAGMA application_id = %d;", SCRIM_LIBRARY_APPLICATION_ID);
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d;", LIBRARY_VERSION);

  if (app_id != 0 && app_id != SCRIM_LIBRARY_APPLICATION_ID)
    return g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_NOT_A_CASE,
                        _("%s is not a Scrim reference library; it was left unchanged"),
                        sqlite3_db_filename (db, "main")), FALSE;
  if (version > LIBRARY_VERSION)
    return g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_CASE_TOO_NEW,
                        _("the reference library %s was written by a newer Scrim (format %d; this "
                          "Scrim reads up to %d)"), sqlite3_db_filename (db, "main"),
                        (int) version, LIBRARY_VERSION), FALSE;
  if (app_id == 0 && _scrim_db_query_int (db, "SELECT count(*) FROM sqlite_schema;", 0) > 0)
    return g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_NOT_A_CASE,
                        _("%s is an SQLite database but not a Scrim reference library; it was "
                          "left unchanged"), sqlite3_db_filename (db, "main")), FALSE;
  if (version == LIBRARY_VERSION)
    return TRUE;

  if (!_scrim_db_exec (db, "BEGIN IMMEDIATE;", error))
    return FALSE;
  for (int v = version; v < LIBRARY_VERSION; v++)
    if (!_scrim_db_exec (db, library_migrations[v], error))
      goto fail;
  if (!_scrim_db_exec (db, set_app, error) || !_scrim_db_exec (db, set_version, error)
      || !_scrim_db_exec (db, "COMMIT;", error))
    goto fail;
  return TRUE;

fail:
  _scrim_db_exec (db, "ROLLBACK;", NULL);
  return FALSE;
}

/* The shipped schemes are in every library; a team may override them. */
static gboolean
seed_schemes (sqlite3  *db,
              GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = _scrim_db_prepare (db, "INSERT OR IGNORE INTO scheme "
                                                        "(name, definition, builtin) VALUES (?1, ?2, 1);",
                                                    error);
  const char * const *names = scrim_scheme_builtin_names ();

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; names[i] != NULL; i++)
    {
      sqlite3_bind_text (stmt, 1, names[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, scrim_scheme_builtin_text (names[i]), -1, SQLITE_STATIC);
      if (!_scrim_db_step_done (stmt, error))
        return FALSE;
    }
  return TRUE;
}

static sqlite3 *
open_library_db (const char  *path,
                 GError     **error)
{
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI,
                            NULL);

  if (rc != SQLITE_OK)
    {
      g_autofree char *what = g_strdup_printf (_("cannot open the reference library %s"), path);

      _scrim_db_set_error (error, db, rc, what);
      sqlite3_close_v2 (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 30000);
  sqlite3_extended_result_codes (db, TRUE);
  register_functions (db);
  if (!_scrim_db_exec (db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;"
                           "PRAGMA cache_size = -65536; PRAGMA temp_store = FILE;", error))
    {
      sqlite3_close_v2 (db);
      return NULL;
    }
  return db;
}

/* Refuses, before SQLite touches it, a non-empty file that is not SQLite. */
static gboolean
check_existing (const char  *path,
                GError     **error)
{
  char header[16];
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  ssize_t n;

  if (fd < 0)
    return TRUE;
  n = read (fd, header, sizeof header);
  close (fd);
  if (n == 0 || (n == (ssize_t) sizeof header && memcmp (header, "SQLite format 3", 16) == 0))
    return TRUE;
  g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_NOT_A_CASE,
               _("%s is not a Scrim reference library (not an SQLite database); it was left unchanged"),
               path);
  return FALSE;
}

/*
** Opens the reference library at path (NULL: scrim_library_default_path()),
** creating it (and its folder) when there is none. A file there that is not
** a Scrim library is refused and left unchanged. Returns NULL with error
** set on failure.
*/
ScrimLibrary *
scrim_library_open (const char  *path,
                    GError     **error)
{
  g_autoptr(ScrimLibrary) self = g_object_new (SCRIM_TYPE_LIBRARY, NULL);
  g_autofree char *dir = NULL;

  self->path = path ? g_strdup (path) : scrim_library_default_path ();
  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_IO, _("cannot create %s: %s"), dir, g_strerror (saved));
      return NULL;
    }
  if (!check_existing (self->path, error))
    return NULL;
  self->db = open_library_db (self->path, error);
  if (self->db == NULL || !migrate_library (self->db, error)
      || !_scrim_db_exec (self->db, "PRAGMA journal_mode = WAL;", error)
      || !seed_schemes (self->db, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
scrim_library_get_path (ScrimLibrary *self)
{
  g_return_val_if_fail (SCRIM_IS_LIBRARY (self), NULL);
  return self->path;
}

sqlite3 *
_scrim_library_get_db (ScrimLibrary *self)
{
  return self->db;
}

/* ---- importing ---- */

enum { FLAG_VICTIM, FLAG_OFFENDER, FLAG_DISTRIBUTED, FLAG_BASELINE, FLAG_PRECATEGORIZED };

typedef struct
{
  ScrimLibrary        *self;
  const ScrimImportOptions *options;
  ScrimImportReport   *report;
  sqlite3_stmt        *stage;
  const char          *file;
  ScrimListFormat      format;
  GError              *error;
  /* The record of the last problem in this file: a record with two bad
   * fields is one malformed record (both are told). */
  guint64              last_problem;
  gboolean             any_problem;
} Import;

static gint64
flag_bits (int value,
           int index)
{
  if (value == SCRIM_FLAG_UNKNOWN)
    return 0;
  return (gint64) 1 << (2 * index + (value ? 0 : 1));
}

static gint64
record_flags (const ScrimListRecord *r)
{
  return flag_bits (r->victim_identified, FLAG_VICTIM)
         | flag_bits (r->offender_identified, FLAG_OFFENDER)
         | flag_bits (r->is_distributed, FLAG_DISTRIBUTED)
         | flag_bits (r->baseline, FLAG_BASELINE)
         | flag_bits (r->precategorized, FLAG_PRECATEGORIZED);
}

static void
add_message (Import     *im,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
add_message (Import     *im,
             const char *format,
             ...)
{
  va_list args;

  if (im->report->messages->len >= MAX_MESSAGES)
    return;
  va_start (args, format);
  g_ptr_array_add (im->report->messages, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
bind_digest (sqlite3_stmt *s,
             int           index,
             const guint8 *bytes,
             gsize         len)
{
  if (bytes != NULL && !useless_digest (bytes, len))
    sqlite3_bind_blob (s, index, bytes, len, SQLITE_STATIC);
}

static void
bind_text (sqlite3_stmt *s,
           int           index,
           const char   *text)
{
  if (text != NULL && *text != '\0')
    sqlite3_bind_text (s, index, text, -1, SQLITE_STATIC);
}

/* The merge key: the first digest the record has, tagged by algorithm. */
static gboolean
bind_key (sqlite3_stmt          *s,
          const ScrimListRecord *r)
{
  guint8 key[1 + SCRIM_PDQ_BYTES];
  gsize len;

  if (r->md5 != NULL && !useless_digest (r->md5, 16))
    key[0] = 'M', memcpy (key + 1, r->md5, len = 16);
  else if (r->sha1 != NULL && !useless_digest (r->sha1, 20))
    key[0] = 'S', memcpy (key + 1, r->sha1, len = 20);
  else if (r->sha256 != NULL && !useless_digest (r->sha256, 32))
    key[0] = '2', memcpy (key + 1, r->sha256, len = 32);
  else if (r->has_pdq)
    {
      key[0] = 'P';
      scrim_pdq_to_bytes (&r->pdq, key + 1);
      len = SCRIM_PDQ_BYTES;
      if (useless_digest (key + 1, len))
        return FALSE;
    }
  else
    return FALSE;
  sqlite3_bind_blob (s, 1, key, len + 1, SQLITE_TRANSIENT);
  return TRUE;
}

static gboolean
stage_record (const ScrimListRecord *r,
              gpointer               user_data)
{
  Import *im = user_data;
  sqlite3_stmt *s = im->stage;

  im->report->records++;
  if (!bind_key (s, r))
    {
      im->report->dropped++;
      add_message (im, _("%s: record %" PRIu64 ": only the empty file's or all-zero digests; "
                     "dropped"), im->file, r->record);
      sqlite3_clear_bindings (s);
      return TRUE;
    }
  bind_digest (s, 2, r->md5, 16);
  bind_digest (s, 3, r->sha1, 20);
  bind_digest (s, 4, r->sha256, 32);
  if (r->has_pdq)
    {
      guint8 pdq[SCRIM_PDQ_BYTES];

      scrim_pdq_to_bytes (&r->pdq, pdq);
      sqlite3_bind_blob (s, 5, pdq, sizeof pdq, SQLITE_TRANSIENT);
      if (r->pdq_quality >= 0)
        sqlite3_bind_int (s, 6, r->pdq_quality);
    }
  bind_text (s, 7, r->category);
  bind_text (s, 8, r->series);
  bind_text (s, 9, r->tags);
  bind_text (s, 10, r->comments);
  bind_text (s, 11, r->label);
  bind_text (s, 12, r->name);
  bind_text (s, 13, r->photodna);
  sqlite3_bind_int64 (s, 14, record_flags (r));
  if (r->size >= 0)
    sqlite3_bind_int64 (s, 15, r->size);
  sqlite3_bind_int64 (s, 16, r->record);
  bind_text (s, 17, r->extra_json);
  return _scrim_db_step_done (s, im->error ? NULL : &im->error);
}

static gboolean
note_problem (guint64     record,
              const char *reason,
              gpointer    user_data)
{
  Import *im = user_data;

  if (!im->any_problem || record != im->last_problem)
    im->report->problems++;
  im->any_problem = TRUE;
  im->last_problem = record;
  /* The readers' reasons never name the record: this line does. */
  add_message (im, im->format == SCRIM_LIST_FORMAT_VICS ? _("%s: record %" PRIu64 ": %s")
                                                        : _("%s: line %" PRIu64 ": %s"),
               im->file, record, reason);
  return !im->options->strict;
}

static char *
json_source (const char *path,
             guint64     size,
             const char *sha256,
             const char *encoding)
{
  g_autoptr(ScrimJson) json = scrim_json_new ();

  scrim_json_begin_object (json, NULL);
  scrim_json_add_bytes (json, "path", path, -1);
  scrim_json_add_int (json, "size", size);
  scrim_json_add_string (json, "sha256", sha256);
  scrim_json_add_string (json, "encoding", encoding);
  scrim_json_end_object (json);
  return scrim_json_free_to_string (g_steal_pointer (&json));
}

typedef struct
{
  char      *path;
  guint64    size;
  char       sha256[65];
  char      *encoding;
} SourceFile;

/* Hashes a file that SQLite reads itself (an RDSv3 database). */
static gboolean
hash_whole_file (const char  *path,
                 SourceFile  *out,
                 GError     **error)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  g_autoptr(ScrimListInput) input = NULL;

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_IO, _("cannot read %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  input = scrim_list_input_new_fd (fd, path);
  if (!scrim_list_input_drain (input, error))
    {
      close (fd);
      return FALSE;
    }
  close (fd);
  out->size = scrim_list_input_raw_bytes (input);
  scrim_list_input_sha256 (input, out->sha256);
  return TRUE;
}

/* scrim_list_key(md5, sha1, sha256): the merge key of a row copied from an
 * RDSv3 database, as bind_key() makes it for streamed records. */
static void
list_key_func (sqlite3_context *ctx,
               int              argc,
               sqlite3_value  **argv)
{
  static const char tags[] = { 'M', 'S', '2' };
  guint8 key[1 + 32];

  for (int i = 0; i < 3; i++)
    {
      int len = sqlite3_value_bytes (argv[i]);

      if (sqlite3_value_type (argv[i]) == SQLITE_BLOB && len > 0 && len <= 32)
        {
          key[0] = tags[i];
          memcpy (key + 1, sqlite3_value_blob (argv[i]), len);
          sqlite3_result_blob (ctx, key, len + 1, SQLITE_TRANSIENT);
          return;
        }
    }
  sqlite3_result_null (ctx);
}

static const char STAGING_SQL[] =
  "DROP TABLE IF EXISTS temp.staging;"
  "CREATE TEMP TABLE staging ("
  "  key BLOB, md5 BLOB, sha1 BLOB, sha256 BLOB, pdq BLOB, pdq_quality INTEGER, category TEXT,"
  "  series TEXT, tags TEXT, comments TEXT, label TEXT, name TEXT, photodna TEXT, flags INTEGER,"
  "  size INTEGER, record INTEGER, extra TEXT);";

static const char STAGE_SQL[] =
  "INSERT INTO temp.staging (key, md5, sha1, sha256, pdq, pdq_quality, category, series, tags, "
  "  comments, label, name, photodna, flags, size, record, extra) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17);";

/* Duplicates become one entry keeping everything any of them said. */
static const char MERGE_SQL[] =
  "INSERT INTO entry (list_id, md5, sha1, sha256, pdq, pdq_quality, category, series, tags, "
  "  comments, label, name, photodna, flags, size, record, extra) "
  "SELECT ?1, max (md5), max (sha1), max (sha256), max (pdq), max (pdq_quality), "
  "  scrim_set (category), scrim_set (series), scrim_set (tags), scrim_set (comments), "
  "  scrim_set (label), min (name), min (photodna), scrim_bitor (flags), max (size), "
  "  min (record), min (extra) "
  "FROM temp.staging GROUP BY key ORDER BY key;";

/* An RDSv3 database (minimal or full: FILE is a table or a view), copied
 * by SQLite alone; its digests are uppercase hex. */
static const char RDS3_SQL[] =
  "INSERT INTO temp.staging (key, md5, sha1, sha256, name, size, flags, record) "
  "SELECT scrim_list_key (m, s1, s2), m, s1, s2, n, z, 0, NULL FROM ("
  "  SELECT scrim_unhex (md5) AS m, scrim_unhex (sha1) AS s1, scrim_unhex (sha256) AS s2, "
  "         min (file_name) AS n, max (file_size) AS z "
  "  FROM %s.FILE GROUP BY sha256, sha1, md5) WHERE scrim_list_key (m, s1, s2) IS NOT NULL;";

/* One file to import: opened, its format known. */
typedef struct
{
  char            *path;
  int              fd;
  ScrimListInput  *input;
  ScrimListFormat  format;
  char            *schema;    /* attached name, for an RDSv3 database */
  ScrimListInfo    info;
  SourceFile       source;
  gboolean         demo;      /* carries the DEMO marker */
} ListFile;

static void
list_file_clear (ListFile *lf)
{
  g_clear_pointer (&lf->input, scrim_list_input_free);
  if (lf->fd >= 0)
    close (lf->fd);
  lf->fd = -1;
  g_clear_pointer (&lf->path, g_free);
  g_clear_pointer (&lf->schema, g_free);
  scrim_list_info_clear (&lf->info);
  g_clear_pointer (&lf->source.path, g_free);
  g_clear_pointer (&lf->source.encoding, g_free);
}

/* file:PATH?mode=ro&immutable=1, with the characters a URI reserves escaped. */
static char *
readonly_uri (const char *path)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *escaped = g_uri_escape_string (absolute, "/", FALSE);

  return g_strdup_printf ("file:%s?mode=ro&immutable=1", escaped);
}

static gboolean
attach_rds3 (sqlite3     *db,
             ListFile    *lf,
             guint        index,
             GError     **error)
{
  g_autofree char *uri = readonly_uri (lf->path);
  g_autofree char *check = NULL;
  char *sql;
  gboolean ok;

  lf->schema = g_strdup_printf ("rds%u", index);
  sql = sqlite3_mprintf ("ATTACH %Q AS %s;", uri, lf->schema);
  ok = _scrim_db_exec (db, sql, error);
  sqlite3_free (sql);
  if (!ok)
    {
      g_prefix_error (error, "%s: ", lf->path);
      g_clear_pointer (&lf->schema, g_free);
      return FALSE;
    }
  check = g_strdup_printf ("SELECT count(*) FROM %s.sqlite_schema WHERE name = 'FILE';", lf->schema);
  if (_scrim_db_query_int (db, check, 0) != 1)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                   _("%s is an SQLite database without the NSRL RDSv3 FILE table"), lf->path);
      return FALSE;
    }
  return TRUE;
}

static char *
rds3_version (sqlite3    *db,
              const char *schema)
{
  g_autofree char *sql = g_strdup_printf ("SELECT version FROM %s.VERSION ORDER BY rowid DESC LIMIT 1;",
                                          schema);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK || sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* ---- the DEMO marker (rules in scrim-library.h) ---- */

#define DEMO_WINDOW ((gsize) 64 * 1024)

static const char *
skip_blanks (const char *p,
             const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
    p++;
  return p;
}

/* "DEMO" at p, then a blank, a closing quote or the end. */
static gboolean
is_demo_word (const char *p,
              const char *end)
{
  if (end - p < 4 || memcmp (p, "DEMO", 4) != 0)
    return FALSE;
  return end - p == 4 || p[4] == ' ' || p[4] == '\t' || p[4] == '\r' || p[4] == '"';
}

static gboolean
vics_has_marker (const char *data,
                 gsize       len)
{
  static const char key[] = "\"SourceApplicationName\"";
  const char *end = data + len;
  const char *p = data;

  while ((p = memmem (p, end - p, key, sizeof key - 1)) != NULL)
    {
      p = skip_blanks (p + sizeof key - 1, end);
      if (p >= end || *p != ':')
        continue;
      p = skip_blanks (p + 1, end);
      if (p < end && *p == '"' && is_demo_word (p + 1, end))
        return TRUE;
    }
  return FALSE;
}

/* A '#' comment line whose text begins with DEMO. A line cut by the end of
 * the window (complete FALSE) is not judged. */
static gboolean
lines_have_marker (const char *data,
                   gsize       len,
                   gboolean    complete)
{
  const char *end = data + len;
  const char *p = data;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *eol = nl ? nl : end;
      const char *q = skip_blanks (p, eol);

      if (nl == NULL && !complete)
        break;
      if (q < eol && *q == '#')
        {
          while (q < eol && *q == '#')
            q++;
          while (q < eol && (*q == ' ' || *q == '\t'))
            q++;
          if (is_demo_word (q, eol))
            return TRUE;
        }
      p = nl ? nl + 1 : end;
    }
  return FALSE;
}

static gboolean
rds3_is_demo (sqlite3    *db,
              const char *schema)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s.VERSION WHERE description GLOB 'DEMO' "
                                          "OR description GLOB 'DEMO *';", schema);

  return _scrim_db_query_int (db, sql, 0) > 0;
}

/* Looks for the marker in the first DEMO_WINDOW bytes (peeked: the input
 * stays at its start). */
static gboolean
find_demo_marker (ListFile  *lf,
                  GError   **error)
{
  const guint8 *data;
  gssize n;

  if (lf->format != SCRIM_LIST_FORMAT_VICS && lf->format != SCRIM_LIST_FORMAT_HASHDEEP
      && lf->format != SCRIM_LIST_FORMAT_MD5SUM && lf->format != SCRIM_LIST_FORMAT_TEXT
      && lf->format != SCRIM_LIST_FORMAT_PDQ)
    return TRUE;
  n = scrim_list_input_peek (lf->input, &data, DEMO_WINDOW, error);
  if (n < 0)
    {
      g_prefix_error (error, "%s: ", lf->path);
      return FALSE;
    }
  if (lf->format == SCRIM_LIST_FORMAT_VICS)
    lf->demo = vics_has_marker ((const char *) data, n);
  else
    lf->demo = lines_have_marker ((const char *) data, n, (gsize) n < DEMO_WINDOW);
  return TRUE;
}

/* Opens a list file and finds its format (given, or detected). */
static gboolean
open_list_file (ScrimLibrary             *self,
                const char               *path,
                const ScrimImportOptions *options,
                guint                     index,
                ListFile                 *lf,
                GError                  **error)
{
  lf->path = g_strdup (path);
  lf->fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (lf->fd < 0)
    {
      int saved = errno;

      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_IO, _("cannot read %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  lf->input = scrim_list_input_new_fd (lf->fd, path);
  lf->format = options->format;
  if (lf->format == SCRIM_LIST_FORMAT_AUTO
      && (lf->format = scrim_list_detect (lf->input, error)) == SCRIM_LIST_FORMAT_AUTO)
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  lf->info.format = lf->format;
  if (lf->format == SCRIM_LIST_FORMAT_NSRL_RDS3)
    {
      if (!attach_rds3 (self->db, lf, index, error))
        return FALSE;
      lf->info.version = rds3_version (self->db, lf->schema);
      lf->demo = rds3_is_demo (self->db, lf->schema);
      return TRUE;
    }
  return find_demo_marker (lf, error);
}

/* Streams (or, for RDSv3, copies in SQL) one file into the staging table,
 * then hashes whatever of it was not read. */
static gboolean
stage_file (Import        *im,
            ListFile      *lf,
            GCancellable  *cancellable,
            GError       **error)
{
  im->file = lf->path;
  im->format = lf->format;
  im->any_problem = FALSE;
  if (lf->format == SCRIM_LIST_FORMAT_NSRL_RDS3)
    {
      g_autofree char *sql = g_strdup_printf (RDS3_SQL, lf->schema);
      sqlite3 *db = im->self->db;

      if (!_scrim_db_exec (db, sql, error))
        return FALSE;
      im->report->records += sqlite3_changes (db);
      lf->source.path = g_strdup (lf->path);
      return hash_whole_file (lf->path, &lf->source, error);
    }

  if (!scrim_list_read (lf->input, lf->format, &lf->info, stage_record, note_problem, im,
                        cancellable, error))
    {
      if (im->error != NULL)
        {
          g_clear_error (error);
          g_propagate_error (error, g_steal_pointer (&im->error));
        }
      if (error != NULL && *error != NULL && !g_str_has_prefix ((*error)->message, lf->path))
        g_prefix_error (error, "%s: ", lf->path);
      return FALSE;
    }
  if (!scrim_list_input_drain (lf->input, error))
    return FALSE;
  lf->source.path = g_strdup (lf->path);
  lf->source.size = scrim_list_input_raw_bytes (lf->input);
  lf->source.encoding = g_strdup (scrim_list_input_encoding (lf->input));
  scrim_list_input_sha256 (lf->input, lf->source.sha256);
  im->report->bytes += lf->source.size;
  return TRUE;
}

/* The scheme for a list imported without --scheme: the first whose
 * profiles name the list's VICS profile; vics-us otherwise (VICS 1.x and
 * 2.0 Default lists use the US numbering). */
static char *
choose_scheme (ScrimLibrary *self,
               const char   *profile)
{
  g_autoptr(GPtrArray) names = scrim_library_list_schemes (self, NULL);

  for (guint i = 0; profile != NULL && names != NULL && i < names->len; i++)
    {
      g_autoptr(ScrimScheme) scheme = scrim_library_get_scheme (self, g_ptr_array_index (names, i), NULL);

      if (scheme != NULL && scrim_scheme_has_profile (scheme, profile))
        return g_strdup (scrim_scheme_get_name (scheme));
    }
  return g_strdup ("vics-us");
}

typedef struct
{
  const char      *name;
  ScrimListFormat  format;
  ScrimListKind    kind;
  const char      *profile;
  const char      *scheme;
  const char      *version;
  const char      *format_version;
  const char      *examiner;
  gboolean         demo;
} ListRow;

static gint64
insert_list (sqlite3        *db,
             const ListRow  *row,
             GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = scrim_text_now_iso8601 ();

  stmt = _scrim_db_prepare (db, "INSERT INTO list (name, format, kind, profile, scheme, version, "
                                "format_version, imported, imported_by, entries, records, problems, demo) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?9, ?7, ?8, 0, 0, 0, ?10);", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, row->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, scrim_list_format_to_string (row->format), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, scrim_list_kind_to_string (row->kind), -1, SQLITE_STATIC);
  bind_text (stmt, 4, row->profile);
  sqlite3_bind_text (stmt, 5, row->scheme, -1, SQLITE_STATIC);
  bind_text (stmt, 6, row->version);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, row->examiner, -1, SQLITE_STATIC);
  bind_text (stmt, 9, row->format_version);
  sqlite3_bind_int (stmt, 10, row->demo ? 1 : 0);
  if (!_scrim_db_step_done (stmt, error))
    return -1;
  return sqlite3_last_insert_rowid (db);
}

static gboolean
merge_entries (sqlite3            *db,
               gint64              list_id,
               ScrimImportReport  *report,
               GError            **error)
{
  g_autoptr(sqlite3_stmt) merge = _scrim_db_prepare (db, MERGE_SQL, error);
  g_autoptr(sqlite3_stmt) counts = NULL;

  if (merge == NULL)
    return FALSE;
  sqlite3_bind_int64 (merge, 1, list_id);
  if (!_scrim_db_step_done (merge, error))
    return FALSE;
  report->entries = sqlite3_changes (db);
  g_debug ("import: %" G_GUINT64_FORMAT " entries merged", report->entries);
  report->merged = report->records - report->dropped - report->entries;

  counts = _scrim_db_prepare (db, "UPDATE list SET entries = ?2, records = ?3, problems = ?4 "
                                  "WHERE id = ?1;", error);
  if (counts == NULL)
    return FALSE;
  sqlite3_bind_int64 (counts, 1, list_id);
  sqlite3_bind_int64 (counts, 2, report->entries);
  sqlite3_bind_int64 (counts, 3, report->records);
  sqlite3_bind_int64 (counts, 4, report->problems);
  return _scrim_db_step_done (counts, error);
}

static gboolean
record_sources (sqlite3    *db,
                gint64      list_id,
                GArray     *files,
                GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = _scrim_db_prepare (db, "INSERT INTO list_file (list_id, path, size, "
                                                        "sha256, encoding) VALUES (?1, ?2, ?3, ?4, ?5);",
                                                    error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < files->len; i++)
    {
      ListFile *lf = &g_array_index (files, ListFile, i);
      g_autofree char *absolute = g_canonicalize_filename (lf->path, NULL);

      sqlite3_bind_int64 (stmt, 1, list_id);
      sqlite3_bind_text (stmt, 2, absolute, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, lf->source.size);
      sqlite3_bind_text (stmt, 4, lf->source.sha256, -1, SQLITE_STATIC);
      bind_text (stmt, 5, lf->source.encoding);
      if (!_scrim_db_step_done (stmt, error))
        return FALSE;
    }
  return TRUE;
}

static char *
import_detail (const ListRow           *row,
               const ScrimImportReport *report,
               GArray                  *files)
{
  g_autoptr(ScrimJson) json = scrim_json_new ();

  scrim_json_begin_object (json, NULL);
  scrim_json_add_string (json, "name", row->name);
  scrim_json_add_string (json, "format", scrim_list_format_to_string (row->format));
  scrim_json_add_string (json, "kind", scrim_list_kind_to_string (row->kind));
  scrim_json_add_string (json, "profile", row->profile);
  scrim_json_add_string (json, "scheme", row->scheme);
  scrim_json_add_string (json, "version", row->version);
  scrim_json_add_string (json, "format_version", row->format_version);
  scrim_json_add_int (json, "records", report->records);
  scrim_json_add_int (json, "entries", report->entries);
  scrim_json_add_int (json, "merged", report->merged);
  scrim_json_add_int (json, "dropped", report->dropped);
  scrim_json_add_int (json, "problems", report->problems);
  scrim_json_add_bool (json, "demo", row->demo);
  scrim_json_begin_array (json, "sources");
  for (guint i = 0; i < files->len; i++)
    {
      ListFile *lf = &g_array_index (files, ListFile, i);
      g_autofree char *source = json_source (lf->path, lf->source.size, lf->source.sha256,
                                             lf->source.encoding);

      scrim_json_add_raw (json, NULL, source);
    }
  scrim_json_end_array (json);
  scrim_json_add_string (json, "scrim_version", PACKAGE_VERSION);
  scrim_json_end_object (json);
  return scrim_json_free_to_string (g_steal_pointer (&json));
}

/* Replaces (or creates) the list NAME from the staged records, within the
 * caller's transaction. */
static gboolean
store_list (ScrimLibrary       *self,
            const ListRow      *row,
            ScrimImportReport  *report,
            GArray             *files,
            GError            **error)
{
  g_autoptr(sqlite3_stmt) old = NULL;
  g_autofree char *detail = NULL;
  gint64 list_id;

  old = _scrim_db_prepare (self->db, "DELETE FROM list WHERE name = ?1;", error);
  if (old == NULL)
    return FALSE;
  sqlite3_bind_text (old, 1, row->name, -1, SQLITE_STATIC);
  if (!_scrim_db_step_done (old, error))
    return FALSE;
  list_id = insert_list (self->db, row, error);
  if (list_id < 0 || !merge_entries (self->db, list_id, report, error)
      || !record_sources (self->db, list_id, files, error))
    return FALSE;
  detail = import_detail (row, report, files);
  return _scrim_audit_append_db (self->db, row->examiner, "list-imported", detail, error);
}

static gboolean
same_format (GArray  *files,
             GError **error)
{
  ListFile *first = &g_array_index (files, ListFile, 0);

  for (guint i = 1; i < files->len; i++)
    {
      ListFile *lf = &g_array_index (files, ListFile, i);

      if (lf->format != first->format)
        {
          g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                       _("%s is %s but %s is %s: one list, one format (or give --format)"), first->path,
                       scrim_list_format_to_string (first->format), lf->path,
                       scrim_list_format_to_string (lf->format));
          return FALSE;
        }
    }
  return TRUE;
}

static void
detach_all (sqlite3 *db,
            GArray  *files)
{
  for (guint i = 0; i < files->len; i++)
    {
      ListFile *lf = &g_array_index (files, ListFile, i);

      if (lf->schema != NULL)
        {
          g_autofree char *sql = g_strdup_printf ("DETACH %s;", lf->schema);

          _scrim_db_exec (db, sql, NULL);
        }
    }
}

static gboolean
open_files (ScrimLibrary             *self,
            const char * const       *paths,
            const ScrimImportOptions *options,
            GArray                   *files,
            GError                  **error)
{
  for (guint i = 0; paths[i] != NULL; i++)
    {
      ListFile lf = { .fd = -1 };

      g_array_append_val (files, lf);
      if (!open_list_file (self, paths[i], options, i, &g_array_index (files, ListFile, i), error))
        return FALSE;
    }
  return same_format (files, error);
}

/* Everything between BEGIN and COMMIT. */
static gboolean
import_in_transaction (ScrimLibrary             *self,
                       const char               *name,
                       const ScrimImportOptions *options,
                       GArray                   *files,
                       ScrimImportReport        *report,
                       GCancellable             *cancellable,
                       GError                  **error)
{
  ListFile *first = &g_array_index (files, ListFile, 0);
  g_autoptr(sqlite3_stmt) stage = NULL;
  g_autofree char *examiner = options->examiner ? g_strdup (options->examiner) : scrim_default_examiner ();
  g_autofree char *scheme = NULL;
  Import im = { self, options, report, NULL, NULL, SCRIM_LIST_FORMAT_AUTO, NULL };
  ListRow row = { name, first->format, options->kind, NULL, NULL, NULL, NULL, examiner, report->demo };

  if (!_scrim_db_exec (self->db, STAGING_SQL, error)
      || (stage = _scrim_db_prepare (self->db, STAGE_SQL, error)) == NULL)
    return FALSE;
  im.stage = stage;
  for (guint i = 0; i < files->len; i++)
    if (!stage_file (&im, &g_array_index (files, ListFile, i), cancellable, error))
      return FALSE;
  g_debug ("import %s: %" G_GUINT64_FORMAT " records read and staged", name, report->records);

  if (!options->kind_set)
    row.kind = first->format == SCRIM_LIST_FORMAT_NSRL || first->format == SCRIM_LIST_FORMAT_NSRL_RDS3
               ? SCRIM_LIST_KIND_KNOWN_GOOD : SCRIM_LIST_KIND_KNOWN_BAD;
  row.profile = options->profile ? options->profile : first->info.profile;
  /* Readers report the format's version; only an RDSv3 database states
   * the list's own (its VERSION table). */
  if (first->format == SCRIM_LIST_FORMAT_NSRL_RDS3)
    row.version = first->info.version;
  else
    row.format_version = first->info.version;
  scheme = options->scheme ? g_strdup (options->scheme) : choose_scheme (self, row.profile);
  row.scheme = scheme;
  g_clear_pointer (&stage, sqlite3_finalize);

  return store_list (self, &row, report, files, error)
         && _scrim_db_exec (self->db, "DROP TABLE temp.staging;", error);
}

/* Records a refused import in the library's audit log (best effort: the
 * refusal stands whatever happens to the record). */
static void
audit_refusal (ScrimLibrary             *self,
               const char               *name,
               GArray                   *files,
               const ScrimImportOptions *options,
               gboolean                  demo)
{
  g_autoptr(ScrimJson) json = scrim_json_new ();
  g_autofree char *examiner = options->examiner ? g_strdup (options->examiner) : scrim_default_examiner ();
  g_autoptr(GError) error = NULL;

  scrim_json_begin_object (json, NULL);
  scrim_json_add_string (json, "name", name);
  scrim_json_add_bool (json, "demo", demo);
  scrim_json_add_string (json, "reason", demo ? "a demo list into a library of real lists"
                                              : "a real list into a library of demo lists");
  scrim_json_begin_array (json, "files");
  for (guint i = 0; i < files->len; i++)
    scrim_json_add_bytes (json, NULL, g_array_index (files, ListFile, i).path, -1);
  scrim_json_end_array (json);
  scrim_json_end_object (json);
  if (!_scrim_audit_append_db (self->db, examiner, "list-import-refused", scrim_json_peek (json), &error))
    g_debug ("cannot record the refused import: %s", error->message);
}

/* Demo and real lists never share a library (scrim-library.h). Runs
 * inside the import's transaction, so no other import slips in between;
 * *refused says the separation (not an error of SQLite) said no. */
static gboolean
check_demo (ScrimLibrary             *self,
            const char               *name,
            GArray                   *files,
            gboolean                 *demo,
            gboolean                 *refused,
            GError                  **error)
{
  ListFile *first = &g_array_index (files, ListFile, 0);
  guint64 n_real = 0, n_demo = 0;

  for (guint i = 1; i < files->len; i++)
    if (g_array_index (files, ListFile, i).demo != first->demo)
      {
        g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                     _("“%s” mixes DEMO files (synthetic training data) with real ones (%s, %s): "
                       "import them as separate lists into separate libraries"), name, first->path,
                     g_array_index (files, ListFile, i).path);
        return FALSE;
      }
  *demo = first->demo;
  if (!scrim_library_count_lists (self, &n_real, &n_demo, error))
    return FALSE;
  if ((*demo ? n_real : n_demo) == 0)
    return TRUE;
  *refused = TRUE;
  if (*demo)
    g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                 _("%s is a DEMO list (synthetic training data) but the reference library %s holds real lists: "
                   "demo and real lists never share a library (scrim demo makes a library of its own); "
                   "“%s” was not imported and the library's lists are unchanged"), first->path, self->path, name);
  else
    g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                 _("%s is a real reference list but the library %s holds DEMO lists (synthetic training data): "
                   "demo and real lists never share a library (import it into another library); "
                   "“%s” was not imported and the library's lists are unchanged"), first->path, self->path, name);
  return FALSE;
}

/*
** Imports the list files into the library as the list NAME (a new list, or
** a new version replacing the list of that name). Every file is read once,
** streamed; malformed records are reported (report->messages) and skipped,
** or with options->strict end the import. Duplicates are merged, the empty
** file's and all-zero digests dropped. The SHA-256 of every file is
** recorded.
**
** Files carrying the DEMO marker make a demo list (report->demo). Demo and
** real lists never share a library (rules in scrim-library.h): a demo list
** into a library holding real lists, or the reverse, is refused with
** SCRIM_ERROR_INVALID naming the list and the library; the lists stay as
** they were and the refusal is recorded in the library's audit log.
**
** Atomic: until it has fully succeeded the old list stays in force; on
** failure (a malformed file in strict mode, a read error, a full disk, a
** cancel) the library is exactly as it was, and error says what and where.
** report (if given) is filled in either way; clear it with
** scrim_import_report_clear().
*/
gboolean
scrim_library_import (ScrimLibrary              *self,
                      const char                *name,
                      const char * const        *paths,
                      const ScrimImportOptions  *options,
                      ScrimImportReport         *report,
                      GCancellable              *cancellable,
                      GError                   **error)
{
  g_autoptr(GArray) files = g_array_new (FALSE, TRUE, sizeof (ListFile));
  ScrimImportOptions defaults = { SCRIM_LIST_FORMAT_AUTO };
  ScrimImportReport local_report = { 0 };
  gint64 started = g_get_monotonic_time ();
  gboolean refused = FALSE;
  gboolean ok;

  g_return_val_if_fail (SCRIM_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (name != NULL && paths != NULL, FALSE);

  if (options == NULL)
    options = &defaults;
  if (report == NULL)
    report = &local_report;
  memset (report, 0, sizeof *report);
  report->messages = g_ptr_array_new_with_free_func (g_free);
  g_array_set_clear_func (files, (GDestroyNotify) list_file_clear);

  if (*name == '\0' || paths[0] == NULL)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("a list needs a name and at least one file"));
      scrim_import_report_clear (&local_report);
      return FALSE;
    }

  ok = open_files (self, paths, options, files, error)
       && _scrim_db_exec (self->db, "BEGIN IMMEDIATE;", error);
  if (ok)
    {
      ok = check_demo (self, name, files, &report->demo, &refused, error)
           && import_in_transaction (self, name, options, files, report, cancellable, error)
           && _scrim_db_exec (self->db, "COMMIT;", error);
      if (!ok && !sqlite3_get_autocommit (self->db))
        _scrim_db_exec (self->db, "ROLLBACK;", NULL);
    }
  if (refused)
    audit_refusal (self, name, files, options, report->demo);
  detach_all (self->db, files);
  report->seconds = (g_get_monotonic_time () - started) / 1e6;
  scrim_import_report_clear (&local_report);
  return ok;
}

/*
** Removes the list NAME and its entries. Returns FALSE with error set when
** there is no such list.
*/
gboolean
scrim_library_remove (ScrimLibrary  *self,
                      const char    *name,
                      const char    *examiner,
                      GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(ScrimJson) detail = scrim_json_new ();
  g_autofree char *who = examiner ? g_strdup (examiner) : scrim_default_examiner ();

  g_return_val_if_fail (SCRIM_IS_LIBRARY (self), FALSE);

  if (!_scrim_db_exec (self->db, "BEGIN IMMEDIATE;", error))
    return FALSE;
  stmt = _scrim_db_prepare (self->db, "DELETE FROM list WHERE name = ?1;", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (!_scrim_db_step_done (stmt, error))
    goto fail;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("there is no list named “%s” in %s"),
                   name, self->path);
      goto fail;
    }
  scrim_json_begin_object (detail, NULL);
  scrim_json_add_string (detail, "name", name);
  scrim_json_end_object (detail);
  if (!_scrim_audit_append_db (self->db, who, "list-removed", scrim_json_peek (detail), error)
      || !_scrim_db_exec (self->db, "COMMIT;", error))
    goto fail;
  return TRUE;

fail:
  _scrim_db_exec (self->db, "ROLLBACK;", NULL);
  return FALSE;
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           i)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, i));
}

/*
** Returns the lists of the library, by name, as a GPtrArray of
** ScrimListMeta; or NULL with error set.
*/
GPtrArray *
scrim_library_list_lists (ScrimLibrary  *self,
                          GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func ((GDestroyNotify) scrim_list_meta_free);
  int rc;

  g_return_val_if_fail (SCRIM_IS_LIBRARY (self), NULL);

  stmt = _scrim_db_prepare (self->db,
                            "SELECT l.id, l.name, l.format, l.kind, l.profile, l.scheme, l.version, "
                            "  l.imported, l.imported_by, l.entries, l.problems, l.demo, l.format_version, "
                            "  (SELECT json_group_array (json_object ('path', f.path, 'size', f.size, "
                            "     'sha256', f.sha256, 'encoding', f.encoding)) "
                            "   FROM list_file f WHERE f.list_id = l.id), "
                            "  (SELECT group_concat (f.sha256, ',') FROM list_file f WHERE f.list_id = l.id) "
                            "FROM list l ORDER BY l.name;", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ScrimListMeta *m = g_new0 (ScrimListMeta, 1);

      m->id = sqlite3_column_int64 (stmt, 0);
      m->name = dup_column (stmt, 1);
      m->format = dup_column (stmt, 2);
      m->kind = dup_column (stmt, 3);
      m->profile = dup_column (stmt, 4);
      m->scheme = dup_column (stmt, 5);
      m->version = dup_column (stmt, 6);
      m->imported = dup_column (stmt, 7);
      m->imported_by = dup_column (stmt, 8);
      m->entries = sqlite3_column_int64 (stmt, 9);
      m->problems = sqlite3_column_int64 (stmt, 10);
      m->demo = sqlite3_column_int (stmt, 11);
      m->format_version = dup_column (stmt, 12);
      m->sources_json = dup_column (stmt, 13);
      m->sources_sha256 = dup_column (stmt, 14);
      g_ptr_array_add (lists, m);
    }
  if (rc != SQLITE_DONE)
    {
      _scrim_db_set_error (error, self->db, rc, _("cannot read the reference library"));
      return NULL;
    }
  return g_steal_pointer (&lists);
}

/* ---- schemes ---- */

/*
** Counts the library's real lists (*n_real) and demo lists (*n_demo; see
** scrim-library.h); either pointer may be NULL. Returns FALSE with error
** set when the library cannot be read.
*/
gboolean
scrim_library_count_lists (ScrimLibrary  *self,
                           guint64       *n_real,
                           guint64       *n_demo,
                           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (SCRIM_IS_LIBRARY (self), FALSE);

  stmt = _scrim_db_prepare (self->db, "SELECT total (demo = 0), total (demo != 0) FROM list;", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _scrim_db_set_error (error, self->db, sqlite3_reset (stmt), _("cannot read the reference library"));
  if (n_real != NULL)
    *n_real = (guint64) sqlite3_column_int64 (stmt, 0);
  if (n_demo != NULL)
    *n_demo = (guint64) sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

/*
** Returns the names of the schemes in the library, sorted (GPtrArray of
** strings), or NULL with error set.
*/
GPtrArray *
scrim_library_list_schemes (ScrimLibrary  *self,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = _scrim_db_prepare (self->db, "SELECT name FROM scheme ORDER BY name;",
                                                    error);
  GPtrArray *names;

  if (stmt == NULL)
    return NULL;
  names = g_ptr_array_new_with_free_func (g_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (names, dup_column (stmt, 0));
  return names;
}

/*
** Returns the text of scheme NAME (newly allocated), or NULL with error
** set when there is none.
*/
char *
scrim_library_dup_scheme_text (ScrimLibrary  *self,
                               const char    *name,
                               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = _scrim_db_prepare (self->db, "SELECT definition FROM scheme "
                                                              "WHERE name = ?1;", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("there is no category scheme “%s”"), name);
      return NULL;
    }
  return dup_column (stmt, 0);
}

/*
** Returns scheme NAME parsed, or NULL with error set.
*/
ScrimScheme *
scrim_library_get_scheme (ScrimLibrary  *self,
                          const char    *name,
                          GError       **error)
{
  g_autofree char *text = scrim_library_dup_scheme_text (self, name, error);

  return text ? scrim_scheme_parse (text, error) : NULL;
}

static gboolean
log_scheme (ScrimLibrary *self,
            const char   *action,
            const char   *name,
            const char   *examiner,
            GError      **error)
{
  g_autoptr(ScrimJson) detail = scrim_json_new ();
  g_autofree char *who = examiner ? g_strdup (examiner) : scrim_default_examiner ();

  scrim_json_begin_object (detail, NULL);
  scrim_json_add_string (detail, "scheme", name);
  scrim_json_end_object (detail);
  return _scrim_audit_append_db (self->db, who, action, scrim_json_peek (detail), error);
}

/*
** Adds a scheme, or replaces the one of the same name (shipped schemes
** included: a team may renumber). text must parse (scrim_scheme_parse());
** otherwise FALSE with error set and the library unchanged. Lists keep
** their scheme by name: the next match uses the new mapping.
*/
gboolean
scrim_library_put_scheme (ScrimLibrary  *self,
                          const char    *text,
                          const char    *examiner,
                          GError       **error)
{
  g_autoptr(ScrimScheme) scheme = scrim_scheme_parse (text, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (scheme == NULL || !_scrim_db_exec (self->db, "BEGIN IMMEDIATE;", error))
    return FALSE;
  stmt = _scrim_db_prepare (self->db, "INSERT INTO scheme (name, definition, builtin) VALUES (?1, ?2, 0) "
                                      "ON CONFLICT (name) DO UPDATE SET definition = excluded.definition;",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, scrim_scheme_get_name (scheme), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
  if (!_scrim_db_step_done (stmt, error)
      || !log_scheme (self, "scheme-stored", scrim_scheme_get_name (scheme), examiner, error)
      || !_scrim_db_exec (self->db, "COMMIT;", error))
    goto fail;
  return TRUE;

fail:
  _scrim_db_exec (self->db, "ROLLBACK;", NULL);
  return FALSE;
}

/*
** Removes a scheme a team added; a shipped one is restored to its shipped
** text. Returns FALSE with error set when there is no such scheme.
*/
gboolean
scrim_library_remove_scheme (ScrimLibrary  *self,
                             const char    *name,
                             const char    *examiner,
                             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *builtin = scrim_scheme_builtin_text (name);

  if (!_scrim_db_exec (self->db, "BEGIN IMMEDIATE;", error))
    return FALSE;
  stmt = _scrim_db_prepare (self->db, builtin ? "UPDATE scheme SET definition = ?2 WHERE name = ?1;"
                                              : "DELETE FROM scheme WHERE name = ?1;", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (builtin)
    sqlite3_bind_text (stmt, 2, builtin, -1, SQLITE_STATIC);
  if (!_scrim_db_step_done (stmt, error))
    goto fail;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("there is no category scheme “%s”"), name);
      goto fail;
    }
  if (!log_scheme (self, builtin ? "scheme-restored" : "scheme-removed", name, examiner, error)
      || !_scrim_db_exec (self->db, "COMMIT;", error))
    goto fail;
  return TRUE;

fail:
  _scrim_db_exec (self->db, "ROLLBACK;", NULL);
  return FALSE;
}
