/* scrim-case.c
 *
 * A case is one SQLite file. It identifies itself by PRAGMA application_id
 * ("SCRM") and carries its format in PRAGMA user_version; every format change
 * is a migration in the table below, applied in one transaction on open, so a
 * case made by any earlier Scrim opens in this one, and a case made by a
 * newer Scrim is refused before anything is written to it.
 *
 * Tables are STRICT, foreign keys are on, and the journal is a WAL: a kill at
 * any moment leaves the last committed transaction intact, and readers (the
 * window, `scrim files`) never block the ingest's writer.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "scrim-audit.h"
#include "scrim-case-private.h"
#include "scrim-error.h"
#include "scrim-json.h"
#include "scrim-text.h"

struct _ScrimCase
{
  GObject   parent_instance;

  char     *path;
  char     *examiner;
  sqlite3  *db;
  int       schema_version;
  guint     read_only : 1;
  guint     created : 1;
};

G_DEFINE_FINAL_TYPE (ScrimCase, scrim_case, G_TYPE_OBJECT)

/* Migration i takes a case from user_version i to i + 1. Never edit one that
 * has shipped: append a new one. */
static const char * const migrations[] = {
  /* 0 -> 1: the foundation (issue 2). */
  "CREATE TABLE meta ("
  "  key    TEXT PRIMARY KEY,"
  "  value  TEXT NOT NULL"
  ") STRICT, WITHOUT ROWID;"

  /* An evidence source: a folder (or file) exported from a seized device. */
  "CREATE TABLE source ("
  "  id         INTEGER PRIMARY KEY,"
  "  root       BLOB NOT NULL UNIQUE,"      /* the path as given, byte-exact */
  "  exhibit    TEXT,"
  "  added      TEXT NOT NULL,"
  "  added_by   TEXT NOT NULL,"
  "  completed  TEXT,"                      /* when an ingest last walked it to the end */
  "  noatime    INTEGER"                    /* 1: every read kept the access time */
  ") STRICT;"

  /* Distinct content, by SHA-256: facts of the bytes, not of a location. */
  "CREATE TABLE item ("
  "  id             INTEGER PRIMARY KEY,"
  "  sha256         BLOB NOT NULL UNIQUE CHECK (length (sha256) = 32),"
  "  sha1           BLOB NOT NULL CHECK (length (sha1) = 20),"
  "  md5            BLOB NOT NULL CHECK (length (md5) = 16),"
  "  size           INTEGER NOT NULL,"
  "  type           TEXT NOT NULL,"
  "  status         TEXT NOT NULL,"
  "  message        TEXT,"
  "  width          INTEGER,"
  "  height         INTEGER,"
  "  facts_version  INTEGER NOT NULL"       /* which analysis produced the facts */
  ") STRICT;"
  "CREATE INDEX item_md5 ON item (md5);"
  "CREATE INDEX item_sha1 ON item (sha1);"

  "CREATE TABLE exif ("
  "  item_id               INTEGER PRIMARY KEY REFERENCES item (id) ON DELETE CASCADE,"
  "  make                  BLOB,"           /* raw bytes as the file holds them */
  "  model                 BLOB,"
  "  serial                BLOB,"
  "  datetime_original     BLOB,"
  "  offset_time_original  BLOB,"
  "  software              BLOB,"
  "  orientation           INTEGER,"
  "  gps_lat               REAL,"
  "  gps_lon               REAL,"
  "  gps_alt               REAL,"
  "  has_thumbnail         INTEGER NOT NULL DEFAULT 0"
  ") STRICT;"

  "CREATE TABLE thumbnail ("
  "  item_id  INTEGER PRIMARY KEY REFERENCES item (id) ON DELETE CASCADE,"
  "  width    INTEGER NOT NULL,"
  "  height   INTEGER NOT NULL,"
  "  jpeg     BLOB NOT NULL"
  ") STRICT;"

  /* A location: one path in one source. Several may share an item. */
  "CREATE TABLE file ("
  "  id         INTEGER PRIMARY KEY,"
  "  source_id  INTEGER NOT NULL REFERENCES source (id),"
  "  path       BLOB NOT NULL,"             /* relative, '/'-separated, byte-exact */
  "  size       INTEGER,"                   /* as lstat saw it */
  "  mtime_ns   INTEGER,"
  "  atime_ns   INTEGER,"
  "  ctime_ns   INTEGER,"
  "  item_id    INTEGER REFERENCES item (id),"
  "  status     TEXT,"                      /* only when there is no item */
  "  message    TEXT,"
  "  UNIQUE (source_id, path),"
  "  CHECK ((item_id IS NULL) <> (status IS NULL))"
  ") STRICT;"
  "CREATE INDEX file_item ON file (item_id);"

  /* The hash-chained audit log: entry is canonical JSON, hash its SHA-256. */
  "CREATE TABLE audit ("
  "  seq    INTEGER PRIMARY KEY,"
  "  entry  TEXT NOT NULL,"
  "  hash   TEXT NOT NULL"
  ") STRICT;",

  /* 1 -> 2: PDQ perceptual hashes (issue 3). The 32 bytes of the hex form;
   * the seven other dihedral variants (rotations, mirrors) side by side, so
   * matching never needs the evidence again. Filled by the next ingest for
   * items analysed before (facts_version < 2). */
  "ALTER TABLE item ADD COLUMN pdq BLOB CHECK (pdq IS NULL OR length (pdq) = 32);"
  "ALTER TABLE item ADD COLUMN pdq_quality INTEGER;"
  "ALTER TABLE item ADD COLUMN pdq_unreliable INTEGER;"
  "ALTER TABLE item ADD COLUMN pdq_dihedral BLOB CHECK (pdq_dihedral IS NULL OR length (pdq_dihedral) = 224);",

  /* 2 -> 3: matching against reference lists (issue 4). The case keeps its
   * own record of every list version it was matched against, so it stays
   * self-contained when the library changes or is gone. */
  "CREATE TABLE list_version ("
  "  id             INTEGER PRIMARY KEY,"
  "  name           TEXT NOT NULL,"
  "  format         TEXT NOT NULL,"
  "  kind           TEXT NOT NULL,"
  "  profile        TEXT,"
  "  scheme         TEXT,"
  "  version        TEXT,"
  "  imported       TEXT NOT NULL,"
  "  entries        INTEGER NOT NULL,"
  "  sources        TEXT NOT NULL,"              /* JSON: path, size, sha256 of each file */
  "  library        TEXT,"
  "  first_matched  TEXT NOT NULL,"
  "  last_matched   TEXT NOT NULL,"
  "  UNIQUE (name, imported)"
  ") STRICT;"

  /* The matches of the latest run: one per (content, list entry, kind). */
  "CREATE TABLE match ("
  "  item_id          INTEGER NOT NULL REFERENCES item (id),"
  "  list_version_id  INTEGER NOT NULL REFERENCES list_version (id),"
  "  entry_id         INTEGER NOT NULL,"        /* in the library, at match time */
  "  kind             TEXT NOT NULL,"           /* md5, sha1, sha256, pdq */
  "  distance         INTEGER,"
  "  variant          TEXT,"
  "  category         TEXT,"                    /* the raw code(s) */
  "  class            TEXT NOT NULL,"
  "  series           TEXT,"
  "  flags            INTEGER NOT NULL,"
  "  PRIMARY KEY (item_id, list_version_id, entry_id, kind)"
  ") STRICT;"

  /* What the matches say about each content: its pre-category. */
  "CREATE TABLE item_category ("
  "  item_id       INTEGER PRIMARY KEY REFERENCES item (id),"
  "  class         TEXT NOT NULL,"              /* 'a|b' when lists disagree */
  "  source        TEXT NOT NULL,"
  "  match_kind    TEXT NOT NULL,"              /* exact or pdq */
  "  pdq_distance  INTEGER,"
  "  conflict      INTEGER NOT NULL,"
  "  ignorable     INTEGER NOT NULL,"
  "  detail        TEXT"
  ") STRICT;",

  /* 3 -> 4: groups for victim identification and the possibly-ongoing
   * queue (issue 5). Groups are recomputed from the facts; what an analyst
   * decided (a name, a split, a merge) is kept apart, by content hash, and
   * applied again after every recomputation. */
  "CREATE TABLE grp ("
  "  id              INTEGER PRIMARY KEY,"
  "  kind            TEXT NOT NULL,"        /* near-duplicate camera session place folder series */
  "  key             TEXT NOT NULL,"        /* stable identity across recomputations */
  "  name            TEXT,"                 /* the analyst's name for it */
  "  size            INTEGER NOT NULL,"
  "  representative  INTEGER REFERENCES item (id),"
  "  reasons         TEXT NOT NULL,"        /* human-readable */
  "  detail          TEXT,"                 /* JSON */
  "  rank            REAL,"                 /* ordering within a kind (folders: hits) */
  "  computed        TEXT NOT NULL,"
  "  UNIQUE (kind, key)"
  ") STRICT;"
  "CREATE TABLE grp_member ("
  "  group_id  INTEGER NOT NULL REFERENCES grp (id) ON DELETE CASCADE,"
  "  item_id   INTEGER NOT NULL REFERENCES item (id),"
  "  reason    TEXT,"                       /* why this one is in: distance, time, … */
  "  PRIMARY KEY (group_id, item_id)"
  ") STRICT, WITHOUT ROWID;"
  "CREATE INDEX grp_member_item ON grp_member (item_id);"
  "CREATE TABLE grp_decision ("
  "  id        INTEGER PRIMARY KEY,"
  "  action    TEXT NOT NULL,"              /* name split merge */
  "  kind      TEXT NOT NULL,"
  "  anchors   TEXT NOT NULL,"              /* JSON array of item SHA-256 (hex) */
  "  value     TEXT,"                       /* the name */
  "  created   TEXT NOT NULL,"
  "  examiner  TEXT NOT NULL"
  ") STRICT;"
  "CREATE TABLE queue ("
  "  item_id   INTEGER PRIMARY KEY REFERENCES item (id),"
  "  score     REAL NOT NULL,"
  "  reasons   TEXT NOT NULL"               /* JSON array: signal, weight, why */
  ") STRICT;"
  "CREATE INDEX queue_score ON queue (score DESC);"
  "CREATE TABLE queue_weight ("
  "  signal       TEXT PRIMARY KEY,"
  "  weight       REAL NOT NULL,"
  "  description  TEXT NOT NULL"
  ") STRICT, WITHOUT ROWID;",

  /* 4 -> 5: review (issue 6): the analyst's grades (keys 0-5), tags and
   * notes. Every change is also in the audit log. */
  "CREATE TABLE grade ("
  "  item_id   INTEGER PRIMARY KEY REFERENCES item (id),"
  "  grade     INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 5),"
  "  examiner  TEXT NOT NULL,"
  "  time      TEXT NOT NULL"
  ") STRICT;"
  "CREATE TABLE tag ("
  "  item_id   INTEGER NOT NULL REFERENCES item (id),"
  "  tag       TEXT NOT NULL,"
  "  PRIMARY KEY (item_id, tag)"
  ") STRICT, WITHOUT ROWID;"
  "CREATE TABLE note ("
  "  id        INTEGER PRIMARY KEY,"
  "  item_id   INTEGER NOT NULL REFERENCES item (id),"
  "  text      TEXT NOT NULL,"
  "  examiner  TEXT NOT NULL,"
  "  time      TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX note_item ON note (item_id);",
};

#define SCHEMA_VERSION ((int) G_N_ELEMENTS (migrations))

static void
scrim_case_finalize (GObject *object)
{
  ScrimCase *self = (ScrimCase *) object;

  g_clear_pointer (&self->db, _scrim_db_close);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->examiner, g_free);

  G_OBJECT_CLASS (scrim_case_parent_class)->finalize (object);
}

static void
scrim_case_class_init (ScrimCaseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = scrim_case_finalize;
}

static void
scrim_case_init (ScrimCase *self)
{
}

/*
** The case format this Scrim writes (and the newest it reads).
*/
int
scrim_case_schema_version (void)
{
  return SCHEMA_VERSION;
}

/*
** Returns who is at the keyboard when nobody said: the login's full name, or
** its user name (newly allocated).
*/
char *
scrim_default_examiner (void)
{
  const char *real = g_get_real_name ();

  if (real != NULL && *real != '\0' && g_strcmp0 (real, "Unknown") != 0)
    return g_strdup (real);
  return g_strdup (g_get_user_name ());
}

/* ---- SQLite helpers shared by core/ ---- */

/*
** Sets error from an SQLite result code and returns FALSE. Disk-full and
** file-size-limit errors become SCRIM_ERROR_NO_SPACE so callers can say what
** the user can do about them.
*/
/* A failed write can have several causes, and by the time SQLite reports
 * it errno may be gone; look at the case's files and their disk instead. */
static const char *
diagnose_no_space (sqlite3 *db,
                   int      rc,
                   int      sys)
{
  const char *path = sqlite3_db_filename (db, "main");
  g_autofree char *wal = path ? g_strconcat (path, "-wal", NULL) : NULL;
  g_autofree char *dir = path ? g_path_get_dirname (path) : NULL;
  struct rlimit limit;
  struct statvfs fs;
  struct stat st;

  if (sys == EFBIG)
    return _("the file size limit was reached");
  if (sys == EDQUOT)
    return _("the disk quota was reached");
  if (sys == ENOSPC)
    return _("the disk is full");
  if (path == NULL || *path == '\0')
    return (rc & 0xff) == SQLITE_FULL ? _("the disk is full") : NULL;

  if (getrlimit (RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY
      && ((stat (path, &st) == 0 && (rlim_t) st.st_size + 65536 >= limit.rlim_cur)
          || (stat (wal, &st) == 0 && (rlim_t) st.st_size + 65536 >= limit.rlim_cur)))
    return _("the file size limit was reached");
  if (statvfs (dir, &fs) == 0 && (guint64) fs.f_bavail * fs.f_frsize < 1024 * 1024)
    return _("the disk is full");
  return (rc & 0xff) == SQLITE_FULL ? _("the disk is full") : NULL;
}

gboolean
_scrim_db_set_error (GError    **error,
                     sqlite3    *db,
                     int         rc,
                     const char *what)
{
  int sys = db != NULL ? sqlite3_system_errno (db) : 0;
  int code = SCRIM_ERROR_DATABASE;
  const char *msg = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);
  const char *no_space = NULL;

  if (db != NULL && ((rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR))
    no_space = diagnose_no_space (db, rc, sys);

  if (no_space != NULL)
    {
      code = SCRIM_ERROR_NO_SPACE;
      msg = no_space;
    }
  else if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
    code = SCRIM_ERROR_CASE_CORRUPT;
  else if ((rc & 0xff) == SQLITE_IOERR)
    code = SCRIM_ERROR_IO;

  g_set_error (error, SCRIM_ERROR, code, "%s: %s", what, msg);
  return FALSE;
}

/*
** Runs one or more statements that return no rows. Returns FALSE with error
** set on the first failure.
*/
gboolean
_scrim_db_exec (sqlite3     *db,
                const char  *sql,
                GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _scrim_db_set_error (error, db, rc, _("cannot update the case"));
  return TRUE;
}

/*
** Returns a prepared statement, or NULL with error set.
*/
sqlite3_stmt *
_scrim_db_prepare (sqlite3     *db,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      _scrim_db_set_error (error, db, rc, _("cannot read the case"));
      return NULL;
    }
  return stmt;
}

/*
** Steps a statement that returns no rows and resets it for reuse. Returns
** FALSE with error set when the step fails.
*/
gboolean
_scrim_db_step_done (sqlite3_stmt  *stmt,
                     GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return _scrim_db_set_error (error, sqlite3_db_handle (stmt), rc,
                                _("cannot write to the case"));
  return TRUE;
}

/*
** Returns the first column of the first row of sql as an integer, or
** fallback when there is no row or an error.
*/
gint64
_scrim_db_query_int (sqlite3    *db,
                     const char *sql,
                     gint64      fallback)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 value = fallback;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return fallback;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = sqlite3_column_int64 (stmt, 0);
  return value;
}

void
_scrim_db_close (sqlite3 *db)
{
  sqlite3_close_v2 (db);
}

/* ---- opening ---- */

/* Reads the 100-byte SQLite header without SQLite, so a file that is not a
 * case is refused without anything (a journal, a -shm file) being written
 * beside it. */
static gboolean
check_header (const char  *path,
              GError     **error)
{
  guint8 header[100];
  ssize_t n;
  guint32 app_id;
  guint32 version;
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_IO, _("cannot open case %s: %s"),
                   path, g_strerror (saved));
      return FALSE;
    }
  n = read (fd, header, sizeof header);
  close (fd);

  if (n != (ssize_t) sizeof header || memcmp (header, "SQLite format 3", 16) != 0)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_NOT_A_CASE,
                   _("%s is not a Scrim case (it is not an SQLite database); it was left unchanged"),
                   path);
      return FALSE;
    }

  app_id = GUINT32_FROM_BE (*(guint32 *) (header + 68));
  version = GUINT32_FROM_BE (*(guint32 *) (header + 60));
  if (app_id != SCRIM_CASE_APPLICATION_ID)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_NOT_A_CASE,
                   _("%s is an SQLite database but not a Scrim case; it was left unchanged"),
                   path);
      return FALSE;
    }
  if (version > (guint32) SCHEMA_VERSION)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_CASE_TOO_NEW,
                   _("%s was written by a newer Scrim (case format %u; this Scrim %s reads up to %d); "
                     "it was left unchanged"), path, version, PACKAGE_VERSION, SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

static gboolean
configure_connection (sqlite3   *db,
                      gboolean   writable,
                      GError   **error)
{
  sqlite3_busy_timeout (db, 30000);
  sqlite3_extended_result_codes (db, TRUE);
  if (!_scrim_db_exec (db, "PRAGMA foreign_keys = ON;", error))
    return FALSE;
  if (writable && !_scrim_db_exec (db, "PRAGMA synchronous = NORMAL;", error))
    return FALSE;
  return TRUE;
}

/* A read-only handle on a case we may write to is opened read-write with
 * query_only set: SQLite then still tidies the WAL away on close, instead of
 * leaving -wal and -shm files beside the case after every `scrim files`. */
static sqlite3 *
open_db (const char  *path,
         gboolean     writable,
         GError     **error)
{
  sqlite3 *db = NULL;
  gboolean query_only = !writable && access (path, W_OK) == 0;
  int flags = writable || query_only ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
  int rc = sqlite3_open_v2 (path, &db, flags | SQLITE_OPEN_NOFOLLOW, NULL);

  if (rc != SQLITE_OK)
    {
      g_autofree char *what = g_strdup_printf (_("cannot open case %s"), path);

      _scrim_db_set_error (error, db, rc, what);
      sqlite3_close_v2 (db);
      return NULL;
    }
  if (!configure_connection (db, writable, error)
      || (query_only && !_scrim_db_exec (db, "PRAGMA query_only = ON;", error)))
    {
      sqlite3_close_v2 (db);
      return NULL;
    }
  return db;
}

/* Checks identity and version again through SQLite: with a WAL, the newest
 * header may not have reached the main file yet. */
static gboolean
check_identity (sqlite3     *db,
                const char  *path,
                int         *version,
                GError     **error)
{
  gint64 app_id = _scrim_db_query_int (db, "PRAGMA application_id;", -1);

  *version = (int) _scrim_db_query_int (db, "PRAGMA user_version;", -1);

  if (app_id != SCRIM_CASE_APPLICATION_ID)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_NOT_A_CASE,
                   _("%s is not a Scrim case; it was left unchanged"), path);
      return FALSE;
    }
  if (*version > SCHEMA_VERSION)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_CASE_TOO_NEW,
                   _("%s was written by a newer Scrim (case format %d; this Scrim %s reads up to %d); "
                     "it was left unchanged"), path, *version, PACKAGE_VERSION, SCHEMA_VERSION);
      return FALSE;
    }
  if (*version < 1)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_CASE_CORRUPT,
                   _("%s is marked as a Scrim case but holds no case format; it was left unchanged"),
                   path);
      return FALSE;
    }
  return TRUE;
}

/* Applies every migration after from_version, all in one transaction. */
static gboolean
migrate (sqlite3  *db,
         int       from_version,
         GError  **error)
{
  g_autofree char *set_version = NULL;

  if (from_version >= SCHEMA_VERSION)
    return TRUE;
  if (!_scrim_db_exec (db, "BEGIN IMMEDIATE;", error))
    return FALSE;
  for (int v = from_version; v < SCHEMA_VERSION; v++)
    {
      if (!_scrim_db_exec (db, migrations[v], error))
        {
          g_prefix_error (error, _("cannot upgrade the case to format %d: "), v + 1);
          _scrim_db_exec (db, "ROLLBACK;", NULL);
          return FALSE;
        }
    }
  set_version = g_strdup_printf ("PRAGMA user_version = %d;", SCHEMA_VERSION);
  if (!_scrim_db_exec (db, set_version, error) || !_scrim_db_exec (db, "COMMIT;", error))
    {
      _scrim_db_exec (db, "ROLLBACK;", NULL);
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_meta_db (sqlite3     *db,
             const char  *key,
             const char  *value,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _scrim_db_prepare (db, "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                                "ON CONFLICT (key) DO UPDATE SET value = excluded.value;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  return _scrim_db_step_done (stmt, error);
}

/* Writes a brand-new case into a temporary file beside path. */
static gboolean
initialise_case (const char          *tmp_path,
                 const ScrimCaseInfo *info,
                 const char          *examiner,
                 GError             **error)
{
  g_autofree char *now = scrim_text_now_iso8601 ();
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *app_id = g_strdup_printf ("PRAGMA application_id = %d;", SCRIM_CASE_APPLICATION_ID);
  g_autoptr(ScrimJson) detail = scrim_json_new ();
  sqlite3 *db = open_db (tmp_path, TRUE, error);
  gboolean ok;

  if (db == NULL)
    return FALSE;

  scrim_json_begin_object (detail, NULL);
  scrim_json_add_string (detail, "case_number", info ? info->case_number : NULL);
  scrim_json_add_string (detail, "case_uuid", uuid);
  scrim_json_add_string (detail, "scrim_version", PACKAGE_VERSION);
  scrim_json_add_int (detail, "case_format", SCHEMA_VERSION);
  scrim_json_end_object (detail);

  ok = _scrim_db_exec (db, app_id, error)
       && migrate (db, 0, error)
       && _scrim_db_exec (db, "BEGIN IMMEDIATE;", error)
       && set_meta_db (db, "case_uuid", uuid, error)
       && (info == NULL || info->case_number == NULL
           || set_meta_db (db, "case_number", info->case_number, error))
       && set_meta_db (db, "examiner", examiner, error)
       && set_meta_db (db, "created", now, error)
       && set_meta_db (db, "scrim_version", PACKAGE_VERSION, error)
       && _scrim_audit_append_db (db, examiner, "case-created", scrim_json_peek (detail), error)
       && _scrim_db_exec (db, "COMMIT;", error)
       && _scrim_db_exec (db, "PRAGMA journal_mode = WAL;", error);

  if (sqlite3_close (db) != SQLITE_OK && ok)
    ok = _scrim_db_set_error (error, db, SQLITE_ERROR, _("cannot finish the new case"));
  return ok;
}

/* Puts tmp_path at path unless something appeared there meanwhile. */
static gboolean
publish_case (const char  *tmp_path,
              const char  *path,
              GError     **error)
{
  int saved;

  if (link (tmp_path, path) == 0)
    {
      g_unlink (tmp_path);
      return TRUE;
    }
  saved = errno;
  if (saved != EEXIST && renameat2 (AT_FDCWD, tmp_path, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
    return TRUE;
  if (saved != EEXIST && errno != EEXIST && !g_file_test (path, G_FILE_TEST_EXISTS)
      && g_rename (tmp_path, path) == 0)
    return TRUE;

  saved = saved == EEXIST ? EEXIST : errno;
  g_unlink (tmp_path);
  g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_IO, _("cannot create case %s: %s"),
               path, g_strerror (saved));
  return FALSE;
}

static gboolean
create_case (const char          *path,
             const ScrimCaseInfo *info,
             const char          *examiner,
             GError             **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *template = g_strdup_printf ("%s/.%s.creating-XXXXXX", dir, base);
  int fd = g_mkstemp_full (template, O_RDWR | O_CLOEXEC, 0644);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_IO, _("cannot create case %s: %s"),
                   path, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  if (!initialise_case (template, info, examiner, error))
    {
      g_autofree char *wal = g_strconcat (template, "-wal", NULL);
      g_autofree char *shm = g_strconcat (template, "-shm", NULL);

      g_unlink (template);
      g_unlink (wal);
      g_unlink (shm);
      g_prefix_error (error, _("cannot create case %s: "), path);
      return FALSE;
    }
  return publish_case (template, path, error);
}

/*
** Opens the case file at path.
**
** With SCRIM_CASE_OPEN_CREATE and no file at path, a new case is created
** (atomically: it appears complete or not at all) with info's case number and
** examiner. A file that exists is never overwritten: if it is not a Scrim
** case, or is a case from a newer Scrim, the call fails with
** SCRIM_ERROR_NOT_A_CASE or SCRIM_ERROR_CASE_TOO_NEW and the file is left
** byte-for-byte unchanged. A case from an older Scrim is migrated unless
** opened read-only.
**
** info->examiner (or, failing that, the case's examiner) is who acts through
** this handle, in the audit log. Returns a new ScrimCase, or NULL with error
** set.
*/
ScrimCase *
scrim_case_open (const char           *path,
                 ScrimCaseOpenFlags    flags,
                 const ScrimCaseInfo  *info,
                 GError              **error)
{
  g_autoptr(ScrimCase) self = NULL;
  gboolean writable = !(flags & SCRIM_CASE_OPEN_READ_ONLY);
  gboolean created = FALSE;
  int version = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((flags & SCRIM_CASE_OPEN_CREATE) && writable
      && !g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autofree char *examiner = info && info->examiner ? g_strdup (info->examiner)
                                                         : scrim_default_examiner ();

      if (!create_case (path, info, examiner, error))
        return NULL;
      created = TRUE;
    }
  else if (!check_header (path, error))
    return NULL;

  self = g_object_new (SCRIM_TYPE_CASE, NULL);
  self->path = g_strdup (path);
  self->read_only = !writable;
  self->created = created;
  self->db = open_db (path, writable, error);
  if (self->db == NULL)
    return NULL;
  if (!check_identity (self->db, path, &version, error))
    return NULL;
  if (writable && !migrate (self->db, version, error))
    return NULL;
  self->schema_version = writable ? SCHEMA_VERSION : version;

  if (info != NULL && info->examiner != NULL)
    self->examiner = g_strdup (info->examiner);
  else
    self->examiner = scrim_case_dup_meta (self, "examiner");
  if (self->examiner == NULL)
    self->examiner = scrim_default_examiner ();

  return g_steal_pointer (&self);
}

const char *
scrim_case_get_path (ScrimCase *self)
{
  g_return_val_if_fail (SCRIM_IS_CASE (self), NULL);
  return self->path;
}

/*
** TRUE when this open created the case file.
*/
gboolean
scrim_case_was_created (ScrimCase *self)
{
  g_return_val_if_fail (SCRIM_IS_CASE (self), FALSE);
  return self->created;
}

/*
** Who acts through this handle (for the audit log).
*/
const char *
scrim_case_get_examiner (ScrimCase *self)
{
  g_return_val_if_fail (SCRIM_IS_CASE (self), NULL);
  return self->examiner;
}

int
scrim_case_get_schema_version (ScrimCase *self)
{
  g_return_val_if_fail (SCRIM_IS_CASE (self), 0);
  return self->schema_version;
}

/*
** Returns the value of a case metadata key (case_number, examiner, created,
** scrim_version, case_uuid), or NULL when unset (newly allocated).
*/
char *
scrim_case_dup_meta (ScrimCase  *self,
                     const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (SCRIM_IS_CASE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (sqlite3_prepare_v2 (self->db, "SELECT value FROM meta WHERE key = ?1;", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/*
** Sets a case metadata key. Returns FALSE with error set on failure
** (including on a case opened read-only).
*/
gboolean
scrim_case_set_meta (ScrimCase   *self,
                     const char  *key,
                     const char  *value,
                     GError     **error)
{
  g_return_val_if_fail (SCRIM_IS_CASE (self), FALSE);
  g_return_val_if_fail (key != NULL && value != NULL, FALSE);

  return set_meta_db (self->db, key, value, error);
}

/*
** Runs PRAGMA integrity_check and foreign_key_check. Returns TRUE when both
** are clean; otherwise FALSE, with *report (if given) holding what SQLite
** said (newly allocated).
*/
gboolean
scrim_case_check_integrity (ScrimCase  *self,
                            char      **report,
                            GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean clean = TRUE;
  int rc;

  g_return_val_if_fail (SCRIM_IS_CASE (self), FALSE);

  stmt = _scrim_db_prepare (self->db, "PRAGMA integrity_check;", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") != 0)
        clean = FALSE;
      g_string_append_printf (out, "%s\n", line);
    }
  if (rc != SQLITE_DONE)
    return _scrim_db_set_error (error, self->db, rc, _("cannot check the case"));

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = _scrim_db_prepare (self->db, "PRAGMA foreign_key_check;", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      clean = FALSE;
      g_string_append_printf (out, _("foreign key violation in %s row %lld\n"),
                              sqlite3_column_text (stmt, 0),
                              (long long) sqlite3_column_int64 (stmt, 1));
    }

  if (report != NULL)
    *report = g_strdup (out->str);
  if (!clean)
    g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_CASE_CORRUPT,
                 _("case %s fails its integrity check"), self->path);
  return clean;
}

sqlite3 *
_scrim_case_get_db (ScrimCase *self)
{
  g_return_val_if_fail (SCRIM_IS_CASE (self), NULL);
  return self->db;
}

/*
** Opens another connection to the same case (for a thread of its own: the
** ingest's writer, a reader). Returns NULL with error set on failure.
*/
sqlite3 *
_scrim_case_open_connection (ScrimCase  *self,
                             gboolean    writable,
                             GError    **error)
{
  g_return_val_if_fail (SCRIM_IS_CASE (self), NULL);
  g_return_val_if_fail (!writable || !self->read_only, NULL);

  return open_db (self->path, writable, error);
}

void
scrim_source_free (ScrimSource *source)
{
  if (source == NULL)
    return;
  g_free (source->root);
  g_free (source->exhibit);
  g_free (source->added);
  g_free (source->added_by);
  g_free (source->completed);
  g_free (source);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           i)
{
  if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
    return NULL;
  return g_strndup (sqlite3_column_blob (stmt, i), sqlite3_column_bytes (stmt, i));
}

/*
** Returns the evidence sources of the case in the order they were added, as
** a GPtrArray of ScrimSource; or NULL with error set.
*/
GPtrArray *
scrim_case_list_sources (ScrimCase  *self,
                         GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  int rc;

  g_return_val_if_fail (SCRIM_IS_CASE (self), NULL);

  stmt = _scrim_db_prepare (self->db, "SELECT id, root, exhibit, added, added_by, completed, noatime "
                                      "FROM source ORDER BY id;", error);
  if (stmt == NULL)
    return NULL;
  sources = g_ptr_array_new_with_free_func ((GDestroyNotify) scrim_source_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ScrimSource *source = g_new0 (ScrimSource, 1);

      source->id = sqlite3_column_int64 (stmt, 0);
      source->root = column_dup (stmt, 1);
      source->exhibit = column_dup (stmt, 2);
      source->added = column_dup (stmt, 3);
      source->added_by = column_dup (stmt, 4);
      source->completed = column_dup (stmt, 5);
      source->noatime = sqlite3_column_type (stmt, 6) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 6);
      g_ptr_array_add (sources, source);
    }
  if (rc != SQLITE_DONE)
    {
      _scrim_db_set_error (error, self->db, rc, _("cannot read the sources of the case"));
      return NULL;
    }
  return g_steal_pointer (&sources);
}
