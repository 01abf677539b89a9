/* scrim-ingest.c
 *
 * The path of data:
 *
 *   walker (the calling thread) ─▶ GThreadPool of workers ─▶ writer thread ─▶ case
 *
 * - The walker lists each source (scrim-walk.c), skips what an earlier run
 *   already committed, and queues one job per file. At most a few jobs per
 *   worker are in flight (queued, being worked on, or waiting for the
 *   writer), so memory stays bounded whatever the size of the source.
 * - A worker reads the file once, read-only and without changing its access
 *   time, hashing every chunk as it arrives; analyses the same bytes
 *   (scrim-analyze.c) unless the case already holds the facts of that
 *   content; and hands the result to the writer. Files too big to hold are
 *   hashed as a stream, never loaded whole.
 * - One writer thread owns the read-write connection and commits in
 *   batches. A file's rows are committed together or not at all, so a kill
 *   at any moment leaves a case that opens, and the next run resumes from
 *   what was committed: rows are keyed by (source, path) and content by
 *   SHA-256, so nothing is duplicated.
 *
 * A write that fails (a full disk, a file size limit) stops the run with
 * SCRIM_ERROR_NO_SPACE after rolling back the open batch; cancelling stops
 * the walk, lets the workers finish the file in hand, and commits.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "scrim-analyze.h"
#include "scrim-audit.h"
#include "scrim-case-private.h"
#include "scrim-error.h"
#include "scrim-hash.h"
#include "scrim-ingest-private.h"
#include "scrim-json.h"
#include "scrim-text.h"
#include "scrim-walk.h"

#define READ_CHUNK        ((gsize) 4 * 1024 * 1024)
#define HEAD_KEEP         ((gsize) 1024 * 1024)
#define KEEP_BUFFER       ((gsize) 32 * 1024 * 1024)
#define MEMORY_BUDGET     ((gsize) 1024 * 1024 * 1024)
#define JOBS_PER_WORKER   8
/* Small enough that a kill loses little work, large enough that commits
 * cost nothing measurable (WAL, synchronous=NORMAL: no fsync per commit). */
#define BATCH_ROWS        256
#define BATCH_SECONDS     0.25

typedef struct
{
  char       *root;
  char       *exhibit;
  gint64      id;
  guint       index;
  gboolean    is_file;
  atomic_int  noatime_denied;
  gboolean    noatime_logged;
  gboolean    walked;
} Source;

typedef struct
{
  Source        *source;
  char          *path;
  gsize          path_len;
  struct stat    st;
  ScrimWalkKind  kind;
  const char    *walk_what;
  int            walk_errnum;

  /* Filled in by a worker. */
  ScrimStatus    status;        /* a location status, when there is no item */
  gboolean       has_item;
  char          *message;
  ScrimDigests   digests;
  guint64        size;
  ScrimAnalysis *analysis;      /* NULL when the case has the facts already */
} Job;

/* What one worker thread keeps between files. */
typedef struct
{
  ScrimHasher *hasher;
  guint8      *buf;
  gsize        cap;
  gsize        budgeted;
  sqlite3     *db;
  sqlite3_stmt *lookup;
} Worker;

struct _ScrimIngest
{
  GObject              parent_instance;

  ScrimCase           *scase;
  GPtrArray           *sources;
  guint                jobs;
  gsize                max_read;
  ScrimAnalyzeOptions  analyze;
  ScrimIngestWalkHook  walk_hook;
  gpointer             walk_hook_data;

  /* Per run. */
  GCancellable        *cancel;
  gulong               cancel_id;
  GAsyncQueue         *free_workers;
  GAsyncQueue         *results;
  GMutex               mutex;
  GCond                cond;
  guint                in_flight;
  guint                max_in_flight;
  gsize                memory_used;
  GError              *error;
  gint64               started;

  atomic_uint_fast64_t files_done;
  atomic_uint_fast64_t files_skipped;
  atomic_uint_fast64_t bytes_done;
  atomic_uint_fast64_t bytes_committed;
  atomic_uint_fast64_t files_total;
  atomic_uint_fast64_t bytes_total;
  atomic_bool          total_known;
  atomic_uint_fast64_t by_status[SCRIM_N_STATUS];
};

G_DEFINE_FINAL_TYPE (ScrimIngest, scrim_ingest, G_TYPE_OBJECT)

/* The writer's end-of-work marker. */
static Job end_of_work;

static void
source_free (Source *source)
{
  g_free (source->root);
  g_free (source->exhibit);
  g_free (source);
}

static void
job_free (Job *job)
{
  g_free (job->path);
  g_free (job->message);
  scrim_analysis_free (job->analysis);
  g_free (job);
}

static void
scrim_ingest_finalize (GObject *object)
{
  ScrimIngest *self = (ScrimIngest *) object;

  g_clear_object (&self->scase);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (scrim_ingest_parent_class)->finalize (object);
}

static void
scrim_ingest_class_init (ScrimIngestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = scrim_ingest_finalize;
}

static void
scrim_ingest_init (ScrimIngest *self)
{
  self->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);
  self->jobs = MAX (1, g_get_num_processors ());
  self->max_read = SCRIM_DEFAULT_MAX_READ;
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
}

/*
** Returns a new ingest into scase (which it keeps a reference to). Add
** sources, then run it.
*/
ScrimIngest *
scrim_ingest_new (ScrimCase *scase)
{
  ScrimIngest *self;

  g_return_val_if_fail (SCRIM_IS_CASE (scase), NULL);

  self = g_object_new (SCRIM_TYPE_INGEST, NULL);
  self->scase = g_object_ref (scase);
  return self;
}

/*
** Sets the number of worker threads (0: one per processor).
*/
void
scrim_ingest_set_jobs (ScrimIngest *self,
                       guint        jobs)
{
  g_return_if_fail (SCRIM_IS_INGEST (self));
  self->jobs = jobs > 0 ? jobs : MAX (1, g_get_num_processors ());
}

/*
** Sets the pixel budget: images declaring more pixels are recorded
** too-large, not decoded (0: SCRIM_DEFAULT_MAX_PIXELS).
*/
void
scrim_ingest_set_max_pixels (ScrimIngest *self,
                             guint64      max_pixels)
{
  g_return_if_fail (SCRIM_IS_INGEST (self));
  self->analyze.max_pixels = max_pixels;
}

/*
** Sets the largest file held whole in memory for analysis (at least 2 MiB).
*/
void
scrim_ingest_set_max_read (ScrimIngest *self,
                           gsize        max_read)
{
  g_return_if_fail (SCRIM_IS_INGEST (self));
  self->max_read = MAX (max_read, 2 * HEAD_KEEP);
}

void
_scrim_ingest_set_walk_hook (ScrimIngest         *self,
                             ScrimIngestWalkHook  hook,
                             gpointer             user_data)
{
  self->walk_hook = hook;
  self->walk_hook_data = user_data;
}

void
_scrim_ingest_set_skip_pdq (ScrimIngest *self,
                            gboolean     skip)
{
  self->analyze.no_pdq = skip;
}

/* ---- sources ---- */

static gboolean
find_source (sqlite3     *db,
             Source      *source,
             char       **stored_exhibit,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _scrim_db_prepare (db, "SELECT id, exhibit FROM source WHERE root = ?1;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, source->root, strlen (source->root), SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      source->id = sqlite3_column_int64 (stmt, 0);
      *stored_exhibit = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  return TRUE;
}

static gboolean
insert_source (ScrimIngest  *self,
               sqlite3      *db,
               Source       *source,
               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = scrim_text_now_iso8601 ();

  stmt = _scrim_db_prepare (db, "INSERT INTO source (root, exhibit, added, added_by) "
                                "VALUES (?1, ?2, ?3, ?4);", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, source->root, strlen (source->root), SQLITE_STATIC);
  if (source->exhibit != NULL)
    sqlite3_bind_text (stmt, 2, source->exhibit, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, scrim_case_get_examiner (self->scase), -1, SQLITE_STATIC);
  if (!_scrim_db_step_done (stmt, error))
    return FALSE;
  source->id = sqlite3_last_insert_rowid (db);
  return TRUE;
}

/*
** Adds an evidence source: a folder (walked recursively) or a single file,
** by its path as given, optionally with an exhibit id. A source already in
** the case is resumed: files committed before are skipped. Fails when root
** does not exist, holds the case file itself, or names a source that was
** added with another exhibit id.
** The source is recorded in the case at once.
*/
gboolean
scrim_ingest_add_source (ScrimIngest  *self,
                         const char   *root,
                         const char   *exhibit,
                         GError      **error)
{
  g_autofree char *stored_exhibit = NULL;
  sqlite3 *db;
  Source *source;
  struct stat st;

  g_return_val_if_fail (SCRIM_IS_INGEST (self), FALSE);
  g_return_val_if_fail (root != NULL, FALSE);

  if (stat (root, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_IO, _("cannot read evidence source %s: %s"),
                   root, g_strerror (saved));
      return FALSE;
    }

  if (scrim_evidence_contains (root, scrim_case_get_path (self->scase)))
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                   _("the case file %s is inside the evidence source %s; keep cases outside the "
                     "evidence (Scrim never writes into it)"), scrim_case_get_path (self->scase), root);
      return FALSE;
    }

  source = g_new0 (Source, 1);
  /* Absolute, so the window finds the evidence whatever its folder
   * (lexically: ".." and "." removed, symbolic links kept). */
  source->root = g_path_is_absolute (root) ? g_strdup (root) : g_canonicalize_filename (root, NULL);
  source->exhibit = exhibit && *exhibit ? g_strdup (exhibit) : NULL;
  source->is_file = !S_ISDIR (st.st_mode);
  db = _scrim_case_get_db (self->scase);

  if (!find_source (db, source, &stored_exhibit, error))
    goto fail;
  if (source->id > 0 && source->exhibit != NULL && stored_exhibit != NULL
      && g_strcmp0 (source->exhibit, stored_exhibit) != 0)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                   _("%s is already in the case as exhibit %s, not %s"), root, stored_exhibit,
                   source->exhibit);
      goto fail;
    }
  if (source->id == 0 && !insert_source (self, db, source, error))
    goto fail;
  if (source->exhibit == NULL)
    source->exhibit = g_steal_pointer (&stored_exhibit);

  source->index = self->sources->len + 1;
  g_ptr_array_add (self->sources, source);
  return TRUE;

fail:
  source_free (source);
  return FALSE;
}

/* ---- flow control and memory ---- */

/* Takes an in-flight slot, waiting while the workers and the writer are
 * busy. Returns FALSE when the run is stopping. */
static gboolean
acquire_slot (ScrimIngest *self)
{
  gboolean ok;

  g_mutex_lock (&self->mutex);
  while (self->in_flight >= self->max_in_flight && !g_cancellable_is_cancelled (self->cancel))
    g_cond_wait (&self->cond, &self->mutex);
  ok = !g_cancellable_is_cancelled (self->cancel);
  if (ok)
    self->in_flight++;
  g_mutex_unlock (&self->mutex);
  return ok;
}

static void
release_slot (ScrimIngest *self)
{
  g_mutex_lock (&self->mutex);
  self->in_flight--;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

static void
forward_cancel (GCancellable *cancellable,
                GCancellable *internal)
{
  g_cancellable_cancel (internal);
}

static void
on_cancelled (GCancellable *cancellable,
              ScrimIngest  *self)
{
  g_mutex_lock (&self->mutex);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

/* Big buffers count against one budget shared by the workers, so a folder
 * of huge images cannot make every worker hold the maximum at once. */
static void
memory_acquire (ScrimIngest *self,
                gsize        bytes)
{
  g_mutex_lock (&self->mutex);
  while (self->memory_used > 0 && self->memory_used + bytes > MEMORY_BUDGET)
    g_cond_wait (&self->cond, &self->mutex);
  self->memory_used += bytes;
  g_mutex_unlock (&self->mutex);
}

static void
memory_release (ScrimIngest *self,
                gsize        bytes)
{
  g_mutex_lock (&self->mutex);
  self->memory_used -= bytes;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

/* Records the first fatal error and stops the run. */
static void
fail_run (ScrimIngest *self,
          GError      *error)
{
  g_mutex_lock (&self->mutex);
  if (self->error == NULL)
    self->error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&self->mutex);
  g_cancellable_cancel (self->cancel);
}

/* ---- workers ---- */

static Worker *
worker_new (ScrimIngest  *self,
            GError      **error)
{
  Worker *worker = g_new0 (Worker, 1);

  worker->hasher = scrim_hasher_new ();
  worker->db = _scrim_case_open_connection (self->scase, FALSE, error);
  if (worker->db != NULL)
    worker->lookup = _scrim_db_prepare (worker->db,
                                        "SELECT facts_version FROM item WHERE sha256 = ?1;", error);
  if (worker->lookup == NULL)
    {
      scrim_hasher_free (worker->hasher);
      g_clear_pointer (&worker->db, _scrim_db_close);
      g_free (worker);
      return NULL;
    }
  return worker;
}

static void
worker_free (Worker *worker)
{
  scrim_hasher_free (worker->hasher);
  sqlite3_finalize (worker->lookup);
  _scrim_db_close (worker->db);
  g_free (worker->buf);
  g_free (worker);
}

/* Makes room for at least want bytes (capped at max_read). */
static gboolean
worker_reserve (ScrimIngest *self,
                Worker      *worker,
                gsize        want)
{
  gsize cap = MIN (MAX (want, HEAD_KEEP), self->max_read);
  guint8 *buf;

  if (cap <= worker->cap)
    return TRUE;
  if (cap > KEEP_BUFFER)
    {
      /* Give back what this worker holds before asking for the whole, so
       * a worker never waits for itself. */
      memory_release (self, worker->budgeted);
      memory_acquire (self, cap);
      worker->budgeted = cap;
    }
  buf = g_try_realloc (worker->buf, cap);
  if (buf == NULL)
    return FALSE;
  worker->buf = buf;
  worker->cap = cap;
  return TRUE;
}

/* Gives back a big buffer after the file that needed it. */
static void
worker_shrink (ScrimIngest *self,
               Worker      *worker)
{
  if (worker->cap <= KEEP_BUFFER)
    return;
  g_clear_pointer (&worker->buf, g_free);
  worker->cap = 0;
  memory_release (self, worker->budgeted);
  worker->budgeted = 0;
}

static void
set_read_error (Job        *job,
                int         errnum,
                const char *what,
                guint64     offset)
{
  job->status = SCRIM_STATUS_READ_ERROR;
  job->has_item = FALSE;
  if (offset > 0)
    job->message = g_strdup_printf ("%s after %" G_GUINT64_FORMAT " bytes: %s",
                                    what, offset, g_strerror (errnum));
  else
    job->message = g_strdup_printf ("%s: %s", what, g_strerror (errnum));
}

/* Whether a file whose first bytes are head deserves to be held whole:
 * images up to max_read are (they are decoded from memory); everything
 * else (videos, archives, disk dumps) is only hashed, through a window. */
static gboolean
should_hold (ScrimIngest  *self,
             Job          *job,
             const guint8 *head,
             gsize         len)
{
  return scrim_image_sniff (head, len) != SCRIM_FILE_TYPE_OTHER
         && (guint64) job->st.st_size < self->max_read;
}

static gssize
read_some (int     fd,
           guint8 *dst,
           gsize   room)
{
  for (;;)
    {
      gssize n = read (fd, dst, MIN (room, READ_CHUNK));

      if (n >= 0 || errno != EINTR)
        return n;
    }
}

/* Reads until end of file, hashing as it goes. The first HEAD_KEEP bytes
 * are always kept; past them, a file worth holding (should_hold) grows the
 * buffer up to max_read, any other is streamed through a window after the
 * head. Returns the bytes held, with *complete FALSE when streamed. */
static gboolean
read_and_hash (ScrimIngest *self,
               Worker      *worker,
               Job         *job,
               int          fd,
               gsize       *held,
               gboolean    *complete)
{
  guint64 total = 0;
  gsize n_held = 0;
  gboolean decided = FALSE;

  *complete = TRUE;
  if (!worker_reserve (self, worker, HEAD_KEEP))
    {
      set_read_error (job, ENOMEM, "cannot buffer file", 0);
      return FALSE;
    }

  for (;;)
    {
      gsize old_cap = worker->cap;
      guint8 *dst;
      gsize room;
      gssize n;

      if (*complete && n_held == worker->cap)
        {
          gboolean hold = decided || should_hold (self, job, worker->buf, n_held);

          decided = TRUE;
          if (!hold || !worker_reserve (self, worker, MAX ((gsize) job->st.st_size + 1, old_cap * 2))
              || worker->cap == old_cap)
            *complete = FALSE;
          if (!*complete && !worker_reserve (self, worker, HEAD_KEEP + READ_CHUNK))
            {
              set_read_error (job, ENOMEM, "cannot buffer file", total);
              return FALSE;
            }
        }

      /* Streaming keeps the head and reads the rest into the space after it. */
      dst = *complete ? worker->buf + n_held : worker->buf + HEAD_KEEP;
      room = *complete ? worker->cap - n_held : worker->cap - HEAD_KEEP;
      n = read_some (fd, dst, room);
      if (n < 0)
        {
          set_read_error (job, errno, "read failed", total);
          return FALSE;
        }
      if (n == 0)
        break;
      scrim_hasher_update (worker->hasher, dst, n);
      total += n;
      if (*complete)
        n_held += n;
    }

  job->size = total;
  *held = *complete ? n_held : MIN (n_held, HEAD_KEEP);
  return TRUE;
}

/* TRUE when the case already holds current facts for this content. */
static gboolean
case_has_facts (Worker             *worker,
                const ScrimDigests *digests)
{
  gboolean found = FALSE;

  sqlite3_bind_blob (worker->lookup, 1, digests->sha256, SCRIM_SHA256_LEN, SQLITE_STATIC);
  if (sqlite3_step (worker->lookup) == SQLITE_ROW)
    found = sqlite3_column_int64 (worker->lookup, 0) >= SCRIM_FACTS_VERSION;
  sqlite3_reset (worker->lookup);
  return found;
}

static char *
evidence_path (Job *job)
{
  if (job->source->is_file)
    return g_strdup (job->source->root);
  return g_build_filename (job->source->root, job->path, NULL);
}

static void
process_regular_file (ScrimIngest *self,
                      Worker      *worker,
                      Job         *job)
{
  g_autofree char *path = evidence_path (job);
  gboolean noatime_denied = FALSE;
  gboolean complete = FALSE;
  gsize held = 0;
  struct stat st;
  int fd;

  fd = scrim_open_evidence (path, AT_FDCWD, 0, &noatime_denied);
  if (noatime_denied)
    atomic_store (&job->source->noatime_denied, 1);
  if (fd < 0)
    {
      set_read_error (job, errno, "cannot open", 0);
      return;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      job->status = SCRIM_STATUS_SPECIAL;
      job->message = g_strdup ("no longer a regular file when it was opened");
      close (fd);
      return;
    }
  posix_fadvise (fd, 0, 0, POSIX_FADV_SEQUENTIAL);

  scrim_hasher_reset (worker->hasher);
  if (!read_and_hash (self, worker, job, fd, &held, &complete))
    {
      close (fd);
      worker_shrink (self, worker);
      return;
    }
  close (fd);

  scrim_hasher_finish (worker->hasher, &job->digests);
  job->has_item = TRUE;
  atomic_fetch_add (&self->bytes_done, job->size);

  if (!case_has_facts (worker, &job->digests))
    job->analysis = scrim_analyze (worker->buf, held, complete, job->size, &self->analyze);
  worker_shrink (self, worker);
}

static void
process_job (ScrimIngest *self,
             Worker      *worker,
             Job         *job)
{
  switch (job->kind)
    {
    case SCRIM_WALK_FILE:
      process_regular_file (self, worker, job);
      break;
    case SCRIM_WALK_SYMLINK:
      job->status = SCRIM_STATUS_SYMLINK;
      job->message = g_strdup ("symbolic link, not followed");
      break;
    case SCRIM_WALK_SPECIAL:
      job->status = SCRIM_STATUS_SPECIAL;
      job->message = g_strdup ("FIFO, socket or device node, not opened");
      break;
    case SCRIM_WALK_ERROR:
      if (job->walk_errnum != 0)
        set_read_error (job, job->walk_errnum, job->walk_what, 0);
      else
        {
          job->status = SCRIM_STATUS_READ_ERROR;
          job->message = g_strdup (job->walk_what);
        }
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
worker_run (gpointer data,
            gpointer user_data)
{
  ScrimIngest *self = user_data;
  Job *job = data;
  Worker *worker;

  /* Cancelled: drop queued files unread; a re-run does them. */
  if (g_cancellable_is_cancelled (self->cancel))
    {
      job_free (job);
      release_slot (self);
      return;
    }

  worker = g_async_queue_pop (self->free_workers);
  process_job (self, worker, job);
  g_async_queue_push (self->free_workers, worker);
  g_async_queue_push (self->results, job);
}

/* ---- the writer ---- */

typedef struct
{
  ScrimIngest  *self;
  sqlite3      *db;
  sqlite3_stmt *item_upsert;
  sqlite3_stmt *item_id;
  sqlite3_stmt *exif_upsert;
  sqlite3_stmt *exif_delete;
  sqlite3_stmt *thumb_upsert;
  sqlite3_stmt *thumb_delete;
  sqlite3_stmt *file_upsert;
  gboolean      in_txn;
  guint         batch_rows;
  gint64        batch_started;
  GArray       *batch;          /* ScrimStatus of each file written, not yet committed */
  guint64       batch_bytes;    /* and the bytes of their contents */
} Writer;

static const char SQL_ITEM_UPSERT[] =
  "INSERT INTO item (sha256, sha1, md5, size, type, status, message, width, height, facts_version, "
  "  pdq, pdq_quality, pdq_unreliable, pdq_dihedral) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
  "ON CONFLICT (sha256) DO UPDATE SET type = excluded.type, status = excluded.status, "
  "  message = excluded.message, width = excluded.width, height = excluded.height, "
  "  facts_version = excluded.facts_version, pdq = excluded.pdq, "
  "  pdq_quality = excluded.pdq_quality, pdq_unreliable = excluded.pdq_unreliable, "
  "  pdq_dihedral = excluded.pdq_dihedral "
  "WHERE excluded.facts_version >= item.facts_version;";
static const char SQL_ITEM_ID[] = "SELECT id, status FROM item WHERE sha256 = ?1;";
static const char SQL_EXIF_UPSERT[] =
  "INSERT OR REPLACE INTO exif (item_id, make, model, serial, datetime_original, "
  "  offset_time_original, software, orientation, gps_lat, gps_lon, gps_alt, has_thumbnail) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12);";
static const char SQL_EXIF_DELETE[] = "DELETE FROM exif WHERE item_id = ?1;";
static const char SQL_THUMB_UPSERT[] =
  "INSERT OR REPLACE INTO thumbnail (item_id, width, height, jpeg) VALUES (?1, ?2, ?3, ?4);";
static const char SQL_THUMB_DELETE[] = "DELETE FROM thumbnail WHERE item_id = ?1;";
static const char SQL_FILE_UPSERT[] =
  "INSERT INTO file (source_id, path, size, mtime_ns, atime_ns, ctime_ns, item_id, status, message) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
  "ON CONFLICT (source_id, path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, "
  "  atime_ns = excluded.atime_ns, ctime_ns = excluded.ctime_ns, item_id = excluded.item_id, "
  "  status = excluded.status, message = excluded.message;";

static gboolean
writer_prepare (Writer  *w,
                GError **error)
{
  return (w->item_upsert = _scrim_db_prepare (w->db, SQL_ITEM_UPSERT, error)) != NULL
         && (w->item_id = _scrim_db_prepare (w->db, SQL_ITEM_ID, error)) != NULL
         && (w->exif_upsert = _scrim_db_prepare (w->db, SQL_EXIF_UPSERT, error)) != NULL
         && (w->exif_delete = _scrim_db_prepare (w->db, SQL_EXIF_DELETE, error)) != NULL
         && (w->thumb_upsert = _scrim_db_prepare (w->db, SQL_THUMB_UPSERT, error)) != NULL
         && (w->thumb_delete = _scrim_db_prepare (w->db, SQL_THUMB_DELETE, error)) != NULL
         && (w->file_upsert = _scrim_db_prepare (w->db, SQL_FILE_UPSERT, error)) != NULL;
}

static void
writer_finalize (Writer *w)
{
  sqlite3_finalize (w->item_upsert);
  sqlite3_finalize (w->item_id);
  sqlite3_finalize (w->exif_upsert);
  sqlite3_finalize (w->exif_delete);
  sqlite3_finalize (w->thumb_upsert);
  sqlite3_finalize (w->thumb_delete);
  sqlite3_finalize (w->file_upsert);
  g_clear_pointer (&w->db, _scrim_db_close);
  g_clear_pointer (&w->batch, g_array_unref);
}

static void
bind_string_blob (sqlite3_stmt *stmt,
                  int           index,
                  const char   *value)
{
  if (value != NULL)
    sqlite3_bind_blob (stmt, index, value, strlen (value), SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

static gboolean
write_exif (Writer          *w,
            gint64           item_id,
            const ScrimExif *exif,
            GError         **error)
{
  sqlite3_stmt *s = w->exif_upsert;

  if (exif == NULL || scrim_exif_is_empty (exif))
    {
      sqlite3_bind_int64 (w->exif_delete, 1, item_id);
      return _scrim_db_step_done (w->exif_delete, error);
    }
  sqlite3_bind_int64 (s, 1, item_id);
  bind_string_blob (s, 2, exif->make);
  bind_string_blob (s, 3, exif->model);
  bind_string_blob (s, 4, exif->serial);
  bind_string_blob (s, 5, exif->datetime_original);
  bind_string_blob (s, 6, exif->offset_time_original);
  bind_string_blob (s, 7, exif->software);
  if (exif->has_orientation)
    sqlite3_bind_int64 (s, 8, exif->orientation);
  if (exif->has_gps_lat)
    sqlite3_bind_double (s, 9, exif->gps_lat);
  if (exif->has_gps_lon)
    sqlite3_bind_double (s, 10, exif->gps_lon);
  if (exif->has_gps_alt)
    sqlite3_bind_double (s, 11, exif->gps_alt);
  sqlite3_bind_int (s, 12, exif->has_thumbnail);
  return _scrim_db_step_done (s, error);
}

static gboolean
write_thumbnail (Writer              *w,
                 gint64               item_id,
                 const ScrimAnalysis *analysis,
                 GError             **error)
{
  gsize len = 0;
  gconstpointer data;

  if (analysis->thumb_jpeg == NULL)
    {
      sqlite3_bind_int64 (w->thumb_delete, 1, item_id);
      return _scrim_db_step_done (w->thumb_delete, error);
    }
  data = g_bytes_get_data (analysis->thumb_jpeg, &len);
  sqlite3_bind_int64 (w->thumb_upsert, 1, item_id);
  sqlite3_bind_int (w->thumb_upsert, 2, analysis->thumb_width);
  sqlite3_bind_int (w->thumb_upsert, 3, analysis->thumb_height);
  sqlite3_bind_blob (w->thumb_upsert, 4, data, len, SQLITE_STATIC);
  return _scrim_db_step_done (w->thumb_upsert, error);
}

/* Binds the PDQ columns (?11-?14): the hash as stored, its quality and
 * flag, and the seven other dihedral variants side by side. */
static void
bind_pdq (sqlite3_stmt         *s,
          const ScrimPdqResult *pdq)
{
  guint8 hash[SCRIM_PDQ_BYTES];
  guint8 dihedral[(SCRIM_PDQ_N_DIHEDRAL - 1) * SCRIM_PDQ_BYTES];

  scrim_pdq_to_bytes (&pdq[0].hash, hash);
  for (int v = 1; v < SCRIM_PDQ_N_DIHEDRAL; v++)
    scrim_pdq_to_bytes (&pdq[v].hash, dihedral + (v - 1) * SCRIM_PDQ_BYTES);
  sqlite3_bind_blob (s, 11, hash, sizeof hash, SQLITE_TRANSIENT);
  sqlite3_bind_int (s, 12, pdq[0].quality);
  sqlite3_bind_int (s, 13, pdq[0].unreliable);
  sqlite3_bind_blob (s, 14, dihedral, sizeof dihedral, SQLITE_TRANSIENT);
}

static gboolean
write_item (Writer      *w,
            Job         *job,
            gint64      *item_id,
            ScrimStatus *status,
            GError     **error)
{
  const ScrimAnalysis *a = job->analysis;
  sqlite3_stmt *s = w->item_upsert;

  if (a != NULL)
    {
      sqlite3_bind_blob (s, 1, job->digests.sha256, SCRIM_SHA256_LEN, SQLITE_STATIC);
      sqlite3_bind_blob (s, 2, job->digests.sha1, SCRIM_SHA1_LEN, SQLITE_STATIC);
      sqlite3_bind_blob (s, 3, job->digests.md5, SCRIM_MD5_LEN, SQLITE_STATIC);
      sqlite3_bind_int64 (s, 4, job->size);
      sqlite3_bind_text (s, 5, scrim_file_type_to_string (a->type), -1, SQLITE_STATIC);
      sqlite3_bind_text (s, 6, scrim_status_to_string (a->status), -1, SQLITE_STATIC);
      if (a->message != NULL)
        sqlite3_bind_text (s, 7, a->message, -1, SQLITE_STATIC);
      if (a->width > 0 && a->height > 0)
        {
          sqlite3_bind_int (s, 8, a->width);
          sqlite3_bind_int (s, 9, a->height);
        }
      sqlite3_bind_int (s, 10, SCRIM_FACTS_VERSION);
      if (a->has_pdq)
        bind_pdq (s, a->pdq);
      if (!_scrim_db_step_done (s, error))
        return FALSE;
    }

  sqlite3_bind_blob (w->item_id, 1, job->digests.sha256, SCRIM_SHA256_LEN, SQLITE_STATIC);
  if (sqlite3_step (w->item_id) != SQLITE_ROW)
    {
      sqlite3_reset (w->item_id);
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_CASE_CORRUPT,
                   _("the case lost the content of a file it had recorded"));
      return FALSE;
    }
  *item_id = sqlite3_column_int64 (w->item_id, 0);
  if (!scrim_status_from_string ((const char *) sqlite3_column_text (w->item_id, 1), status))
    *status = SCRIM_STATUS_OK;
  sqlite3_reset (w->item_id);

  return a == NULL
         || (write_exif (w, *item_id, a->exif, error) && write_thumbnail (w, *item_id, a, error));
}

static void
bind_time (sqlite3_stmt          *stmt,
           int                    index,
           const struct timespec *ts)
{
  sqlite3_bind_int64 (stmt, index, (gint64) ts->tv_sec * G_GINT64_CONSTANT (1000000000) + ts->tv_nsec);
}

static gboolean
write_file (Writer  *w,
            Job     *job,
            gint64   item_id,
            GError **error)
{
  sqlite3_stmt *s = w->file_upsert;

  sqlite3_bind_int64 (s, 1, job->source->id);
  sqlite3_bind_blob (s, 2, job->path, job->path_len, SQLITE_STATIC);
  if (job->kind != SCRIM_WALK_ERROR || job->st.st_mode != 0)
    {
      sqlite3_bind_int64 (s, 3, job->has_item ? (gint64) job->size : (gint64) job->st.st_size);
      bind_time (s, 4, &job->st.st_mtim);
      bind_time (s, 5, &job->st.st_atim);
      bind_time (s, 6, &job->st.st_ctim);
    }
  if (job->has_item)
    sqlite3_bind_int64 (s, 7, item_id);
  else
    sqlite3_bind_text (s, 8, scrim_status_to_string (job->status), -1, SQLITE_STATIC);
  if (!job->has_item && job->message != NULL)
    sqlite3_bind_text (s, 9, job->message, -1, SQLITE_STATIC);
  return _scrim_db_step_done (s, error);
}

/* Notes once per source and run that access times could not be kept. */
static gboolean
write_noatime_note (ScrimIngest *self,
                    sqlite3     *db,
                    Source      *source,
                    GError     **error)
{
  g_autoptr(ScrimJson) detail = scrim_json_new ();

  if (source->noatime_logged || !atomic_load (&source->noatime_denied))
    return TRUE;
  source->noatime_logged = TRUE;

  scrim_json_begin_object (detail, NULL);
  scrim_json_add_bytes (detail, "source", source->root, -1);
  scrim_json_add_string (detail, "exhibit", source->exhibit);
  scrim_json_add_string (detail, "note",
                         "O_NOATIME was refused (Scrim does not own the files): reading may update "
                         "access times; mount the evidence read-only to preserve them");
  scrim_json_end_object (detail);
  return _scrim_audit_append_db (db, scrim_case_get_examiner (self->scase),
                                 "noatime-unavailable", scrim_json_peek (detail), error);
}

static gboolean
writer_commit (Writer  *w,
               GError **error)
{
  ScrimIngest *self = w->self;

  if (!w->in_txn)
    return TRUE;
  w->in_txn = FALSE;
  if (!_scrim_db_exec (w->db, "COMMIT;", error))
    {
      if (!sqlite3_get_autocommit (w->db))
        _scrim_db_exec (w->db, "ROLLBACK;", NULL);
      g_array_set_size (w->batch, 0);
      w->batch_bytes = 0;
      return FALSE;
    }
  /* Only now are these files in the case. */
  atomic_fetch_add (&self->files_done, w->batch->len);
  atomic_fetch_add (&self->bytes_committed, w->batch_bytes);
  w->batch_bytes = 0;
  for (guint i = 0; i < w->batch->len; i++)
    atomic_fetch_add (&self->by_status[g_array_index (w->batch, ScrimStatus, i)], 1);
  g_array_set_size (w->batch, 0);
  return TRUE;
}

static gboolean
writer_write (Writer  *w,
              Job     *job,
              GError **error)
{
  ScrimStatus status = job->status;
  gint64 item_id = 0;

  if (!w->in_txn)
    {
      if (!_scrim_db_exec (w->db, "BEGIN IMMEDIATE;", error))
        return FALSE;
      w->in_txn = TRUE;
      w->batch_started = g_get_monotonic_time ();
    }
  if (!write_noatime_note (w->self, w->db, job->source, error))
    return FALSE;
  if (job->has_item && !write_item (w, job, &item_id, &status, error))
    return FALSE;
  if (!write_file (w, job, item_id, error))
    return FALSE;
  g_array_append_val (w->batch, status);
  w->batch_bytes += job->has_item ? job->size : 0;
  return TRUE;
}

static gboolean
batch_is_due (Writer *w)
{
  return w->in_txn
         && (w->batch->len >= BATCH_ROWS
             || g_get_monotonic_time () - w->batch_started > BATCH_SECONDS * G_USEC_PER_SEC);
}

static void
writer_fail (Writer *w,
             GError *error)
{
  if (w->in_txn && !sqlite3_get_autocommit (w->db))
    _scrim_db_exec (w->db, "ROLLBACK;", NULL);
  w->in_txn = FALSE;
  g_array_set_size (w->batch, 0);
  w->batch_bytes = 0;
  fail_run (w->self, error);
}

/* Writes results as they come, committing every BATCH_ROWS files or
 * BATCH_SECONDS; after a failure it only drains, so workers never block. */
static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  ScrimIngest *self = w->self;
  gboolean failed = FALSE;
  GError *error = NULL;

  for (;;)
    {
      Job *job = g_async_queue_timeout_pop (self->results, 200 * 1000);

      if (job == &end_of_work)
        break;
      if (job != NULL)
        {
          if (!failed && !writer_write (w, job, &error))
            {
              writer_fail (w, g_steal_pointer (&error));
              failed = TRUE;
            }
          job_free (job);
          release_slot (self);
        }
      if (!failed && batch_is_due (w) && !writer_commit (w, &error))
        {
          writer_fail (w, g_steal_pointer (&error));
          failed = TRUE;
        }
    }

  if (!failed && !writer_commit (w, &error))
    writer_fail (w, g_steal_pointer (&error));
  return NULL;
}

static Writer *
writer_new (ScrimIngest  *self,
            GError      **error)
{
  Writer *w = g_new0 (Writer, 1);

  w->self = self;
  w->batch = g_array_new (FALSE, FALSE, sizeof (ScrimStatus));
  w->db = _scrim_case_open_connection (self->scase, TRUE, error);
  if (w->db == NULL || !writer_prepare (w, error))
    {
      writer_finalize (w);
      g_free (w);
      return NULL;
    }
  return w;
}

/* ---- counting, for the progress line's ETA ---- */

static gboolean
count_entry (const ScrimWalkEntry *entry,
             gpointer              user_data)
{
  ScrimIngest *self = user_data;

  atomic_fetch_add (&self->files_total, 1);
  if (entry->kind == SCRIM_WALK_FILE)
    atomic_fetch_add (&self->bytes_total, entry->st.st_size);
  return !g_cancellable_is_cancelled (self->cancel);
}

static gpointer
count_thread (gpointer data)
{
  ScrimIngest *self = data;

  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);

      if (!scrim_walk (source->root, count_entry, self, NULL, self->cancel, NULL))
        return NULL;
    }
  atomic_store (&self->total_known, TRUE);
  return NULL;
}

/* ---- the walk ---- */

typedef struct
{
  ScrimIngest  *self;
  Source       *source;
  GThreadPool  *pool;
  sqlite3_stmt *done;
} WalkState;

/* TRUE when an earlier run committed this path with current facts. */
static gboolean
already_done (WalkState            *ws,
              const ScrimWalkEntry *entry)
{
  gboolean done = FALSE;

  sqlite3_bind_int64 (ws->done, 1, ws->source->id);
  sqlite3_bind_blob (ws->done, 2, entry->path, entry->path_len, SQLITE_STATIC);
  if (sqlite3_step (ws->done) == SQLITE_ROW)
    {
      const char *status = (const char *) sqlite3_column_text (ws->done, 0);

      if (sqlite3_column_type (ws->done, 1) != SQLITE_NULL)
        done = sqlite3_column_int64 (ws->done, 1) >= SCRIM_FACTS_VERSION;
      else
        done = g_strcmp0 (status, "symlink") == 0 || g_strcmp0 (status, "special") == 0;
    }
  sqlite3_reset (ws->done);
  return done;
}

static gboolean
queue_entry (const ScrimWalkEntry *entry,
             gpointer              user_data)
{
  WalkState *ws = user_data;
  ScrimIngest *self = ws->self;
  Job *job;

  if (self->walk_hook != NULL)
    self->walk_hook (entry, ws->source->root, self->walk_hook_data);
  if (already_done (ws, entry))
    {
      atomic_fetch_add (&self->files_skipped, 1);
      return TRUE;
    }
  if (!acquire_slot (self))
    return FALSE;

  job = g_new0 (Job, 1);
  job->source = ws->source;
  job->path = g_memdup2 (entry->path, entry->path_len + 1);
  job->path_len = entry->path_len;
  job->st = entry->st;
  job->kind = entry->kind;
  job->walk_what = entry->what;
  job->walk_errnum = entry->errnum;
  g_thread_pool_push (ws->pool, job, NULL);
  return TRUE;
}

static gboolean
walk_sources (ScrimIngest  *self,
              GThreadPool  *pool,
              GError      **error)
{
  g_autoptr(sqlite3_stmt) done = NULL;
  sqlite3 *db = _scrim_case_get_db (self->scase);

  done = _scrim_db_prepare (db, "SELECT f.status, i.facts_version FROM file f "
                                "LEFT JOIN item i ON i.id = f.item_id "
                                "WHERE f.source_id = ?1 AND f.path = ?2;", error);
  if (done == NULL)
    return FALSE;

  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);
      WalkState ws = { self, source, pool, done };
      gboolean denied = FALSE;

      if (!scrim_walk (source->root, queue_entry, &ws, &denied, self->cancel, error))
        return FALSE;
      if (denied)
        atomic_store (&source->noatime_denied, 1);
      source->walked = !g_cancellable_is_cancelled (self->cancel);
    }
  return TRUE;
}

/* ---- the run ---- */

static char *
run_detail (ScrimIngest *self,
            const char  *outcome)
{
  g_autoptr(ScrimJson) json = scrim_json_new ();
  ScrimIngestProgress p;

  scrim_ingest_get_progress (self, &p);
  scrim_json_begin_object (json, NULL);
  scrim_json_begin_array (json, "sources");
  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);

      scrim_json_begin_object (json, NULL);
      scrim_json_add_bytes (json, "root", source->root, -1);
      scrim_json_add_string (json, "exhibit", source->exhibit);
      scrim_json_add_bool (json, "noatime", !atomic_load (&source->noatime_denied));
      scrim_json_end_object (json);
    }
  scrim_json_end_array (json);
  scrim_json_add_string (json, "scrim_version", PACKAGE_VERSION);
  scrim_json_add_int (json, "jobs", self->jobs);
  if (outcome != NULL)
    {
      scrim_json_add_string (json, "outcome", outcome);
      scrim_json_add_int (json, "files_written", p.files_done);
      scrim_json_add_int (json, "files_already_done", p.files_skipped);
      scrim_json_add_int (json, "bytes_read", p.bytes_done);
      scrim_json_add_double (json, "seconds", p.elapsed, 3);
      scrim_json_begin_object (json, "by_status");
      for (int s = 0; s < SCRIM_N_STATUS; s++)
        if (p.by_status[s] > 0)
          scrim_json_add_int (json, scrim_status_to_string (s), p.by_status[s]);
      scrim_json_end_object (json);
    }
  scrim_json_end_object (json);
  return scrim_json_free_to_string (g_steal_pointer (&json));
}

/* Marks the sources walked to the end and logs how the run ended. */
static gboolean
finish_run (ScrimIngest *self,
            const char  *outcome,
            GError     **error)
{
  sqlite3 *db = _scrim_case_get_db (self->scase);
  g_autofree char *detail = run_detail (self, outcome);
  g_autofree char *now = scrim_text_now_iso8601 ();
  g_autoptr(sqlite3_stmt) mark = NULL;
  const char *action = g_strcmp0 (outcome, "completed") == 0 ? "ingest-finished" : "ingest-stopped";

  if (!_scrim_db_exec (db, "BEGIN IMMEDIATE;", error))
    return FALSE;
  mark = _scrim_db_prepare (db, "UPDATE source SET completed = ?2, noatime = ?3 WHERE id = ?1;", error);
  if (mark == NULL)
    goto fail;
  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);

      if (!write_noatime_note (self, db, source, error))
        goto fail;
      if (!source->walked || self->error != NULL)
        continue;
      sqlite3_bind_int64 (mark, 1, source->id);
      sqlite3_bind_text (mark, 2, now, -1, SQLITE_STATIC);
      sqlite3_bind_int (mark, 3, !atomic_load (&source->noatime_denied));
      if (!_scrim_db_step_done (mark, error))
        goto fail;
    }
  if (!_scrim_audit_append_db (db, scrim_case_get_examiner (self->scase), action, detail, error)
      || !_scrim_db_exec (db, "COMMIT;", error))
    goto fail;
  return TRUE;

fail:
  _scrim_db_exec (db, "ROLLBACK;", NULL);
  return FALSE;
}

static void
reset_counters (ScrimIngest *self)
{
  atomic_store (&self->files_done, 0);
  atomic_store (&self->files_skipped, 0);
  atomic_store (&self->bytes_done, 0);
  atomic_store (&self->bytes_committed, 0);
  atomic_store (&self->files_total, 0);
  atomic_store (&self->bytes_total, 0);
  atomic_store (&self->total_known, FALSE);
  for (int i = 0; i < SCRIM_N_STATUS; i++)
    atomic_store (&self->by_status[i], 0);
  self->started = g_get_monotonic_time ();
  self->in_flight = 0;
  self->memory_used = 0;
  g_clear_error (&self->error);
}

static gboolean
start_workers (ScrimIngest  *self,
               GError      **error)
{
  self->free_workers = g_async_queue_new_full ((GDestroyNotify) worker_free);
  for (guint i = 0; i < self->jobs; i++)
    {
      Worker *worker = worker_new (self, error);

      if (worker == NULL)
        return FALSE;
      g_async_queue_push (self->free_workers, worker);
    }
  return TRUE;
}

/* Walks, hashes and analyses with the writer running; returns FALSE with
 * error set only for failures of the walk itself. */
static gboolean
run_pipeline (ScrimIngest  *self,
              GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  GThreadPool *pool;
  GThread *writer_thr;
  GThread *counter_thr;
  Writer *writer;
  gboolean walked;

  writer = writer_new (self, error);
  if (writer == NULL)
    return FALSE;
  if (!start_workers (self, error))
    {
      writer_finalize (writer);
      g_free (writer);
      return FALSE;
    }

  self->results = g_async_queue_new ();
  self->max_in_flight = self->jobs * JOBS_PER_WORKER;
  writer_thr = g_thread_new ("scrim-writer", writer_thread, writer);
  counter_thr = g_thread_new ("scrim-count", count_thread, self);
  pool = g_thread_pool_new (worker_run, self, self->jobs, TRUE, NULL);

  walked = walk_sources (self, pool, &local_error);

  g_thread_pool_free (pool, FALSE, TRUE);
  g_async_queue_push (self->results, &end_of_work);
  g_thread_join (writer_thr);
  g_thread_join (counter_thr);

  writer_finalize (writer);
  g_free (writer);
  g_clear_pointer (&self->results, g_async_queue_unref);
  g_clear_pointer (&self->free_workers, g_async_queue_unref);

  if (!walked && !g_error_matches (local_error, SCRIM_ERROR, SCRIM_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* One ingest at a time per case: a second would only contend with the
 * first for the writer lock. The lock goes with the descriptor. */
static int
lock_case (ScrimIngest  *self,
           GError      **error)
{
  const char *path = scrim_case_get_path (self->scase);
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0 || flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_FAILED, _("cannot ingest into %s: %s"), path,
                   saved == EWOULDBLOCK ? _("another ingest into this case is running")
                                        : g_strerror (saved));
      return -1;
    }
  return fd;
}

static gboolean
log_start (ScrimIngest  *self,
           GError      **error)
{
  g_autofree char *detail = run_detail (self, NULL);

  return scrim_audit_append (self->scase, "ingest-started", detail, error);
}

/* Turns how the run ended into the caller's error. */
static gboolean
report_outcome (ScrimIngest   *self,
                GCancellable  *cancellable,
                GError       **error)
{
  ScrimIngestProgress p;

  scrim_ingest_get_progress (self, &p);
  if (self->error != NULL)
    {
      gboolean no_space = g_error_matches (self->error, SCRIM_ERROR, SCRIM_ERROR_NO_SPACE);

      g_propagate_prefixed_error (error, g_steal_pointer (&self->error),
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "ingest stopped after committing %" PRIu64 " file: ",
                                               "ingest stopped after committing %" PRIu64 " files: ",
                                               p.files_done),
                                  p.files_done);
      if (no_space && error != NULL && *error != NULL)
        {
          char *message = g_strconcat ((*error)->message, _("; make room for the case file and run "
                                         "the same ingest again to resume"), NULL);

          g_free ((*error)->message);
          (*error)->message = message;
        }
      return FALSE;
    }
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_CANCELLED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "ingest interrupted after committing %" PRIu64 " file; "
                                "run the same ingest again to resume",
                                "ingest interrupted after committing %" PRIu64 " files; "
                                "run the same ingest again to resume", p.files_done),
                   p.files_done);
      return FALSE;
    }
  return TRUE;
}

/*
** Ingests every source added: each file is read once, hashed (MD5, SHA-1,
** SHA-256), typed by content, and images are decoded at reduced size, their
** EXIF read and a thumbnail stored. Evidence is only ever opened read-only.
**
** Blocks until done. Returns TRUE when every source was walked to the end.
** Returns FALSE with error set when cancelled (SCRIM_ERROR_CANCELLED) or
** when the case cannot be written (SCRIM_ERROR_NO_SPACE and others); in
** both cases everything finished before is committed, and running the same
** ingest again resumes. The audit log records the start and the end.
*/
gboolean
scrim_ingest_run (ScrimIngest   *self,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GError) pipeline_error = NULL;
  g_autoptr(GError) finish_error = NULL;
  gboolean ok;
  int lock_fd;

  g_return_val_if_fail (SCRIM_IS_INGEST (self), FALSE);
  g_return_val_if_fail (self->cancel == NULL, FALSE);

  lock_fd = lock_case (self, error);
  if (lock_fd < 0)
    return FALSE;
  reset_counters (self);
  if (!log_start (self, error))
    {
      close (lock_fd);
      return FALSE;
    }

  self->cancel = g_cancellable_new ();
  if (cancellable != NULL)
    self->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel),
                                             self->cancel, NULL);
  g_signal_connect (self->cancel, "cancelled", G_CALLBACK (on_cancelled), self);

  ok = run_pipeline (self, &pipeline_error);
  if (!ok)
    fail_run (self, g_steal_pointer (&pipeline_error));

  /* Best effort: on a full disk this entry may not fit either. */
  if (!finish_run (self, self->error ? "failed"
                         : g_cancellable_is_cancelled (cancellable) ? "interrupted" : "completed",
                   &finish_error) && self->error == NULL)
    fail_run (self, g_steal_pointer (&finish_error));

  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, self->cancel_id);
  self->cancel_id = 0;
  g_clear_object (&self->cancel);
  close (lock_fd);

  return report_outcome (self, cancellable, error);
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (scrim_ingest_run (source_object, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/*
** Runs the ingest in a thread of its own (one thread for the whole run;
** the workers are its own pool). Poll scrim_ingest_get_progress() from the
** main loop while it runs.
*/
void
scrim_ingest_run_async (ScrimIngest         *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SCRIM_IS_INGEST (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, scrim_ingest_run_async);
  g_task_set_return_on_cancel (task, FALSE);
  /* The run reports its own cancellation, with what was committed. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, run_in_thread);
}

gboolean
scrim_ingest_run_finish (ScrimIngest   *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/*
** Fills progress with a consistent-enough snapshot; callable from any
** thread while the ingest runs, and after it.
*/
void
scrim_ingest_get_progress (ScrimIngest         *self,
                           ScrimIngestProgress *progress)
{
  g_return_if_fail (SCRIM_IS_INGEST (self));
  g_return_if_fail (progress != NULL);

  progress->files_done = atomic_load (&self->files_done);
  progress->files_skipped = atomic_load (&self->files_skipped);
  progress->bytes_done = atomic_load (&self->bytes_done);
  progress->bytes_committed = atomic_load (&self->bytes_committed);
  progress->files_total = atomic_load (&self->files_total);
  progress->bytes_total = atomic_load (&self->bytes_total);
  progress->total_known = atomic_load (&self->total_known);
  progress->elapsed = self->started ? (g_get_monotonic_time () - self->started) / (double) G_USEC_PER_SEC : 0;
  for (int i = 0; i < SCRIM_N_STATUS; i++)
    progress->by_status[i] = atomic_load (&self->by_status[i]);
}
