/* scrim-job.c
 *
 * A job is one long core call (ingest, list import, match, group) run in
 * a thread of its own, with case and library handles opened in that
 * thread, exactly as the command line makes it. The main thread sees it
 * through properties updated by one timeout (the drain: every 250 ms it
 * reads the ingest's atomic counters) and through "finished", emitted
 * once from an idle on the main context the job was started from.
 *
 * Lifetime: scrim_job_start() takes a reference that the finishing idle
 * drops after "finished", so a job runs to its end even if everyone else
 * lets go of it. Core objects (case, library, ingest) are created and
 * finalised in the job's thread; the main thread only ever reads the
 * ingest's counters, under the lock that keeps the thread from dropping
 * it meanwhile.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "scrim-core.h"
#include "scrim-job.h"

#define DRAIN_INTERVAL_MS 250

struct _ScrimJob
{
  GObject       parent_instance;

  ScrimJobKind  kind;
  char         *title;
  char         *status;
  double        fraction;
  gboolean      running;
  gboolean      started;
  gboolean      finished;

  /* What to work on (immutable once created). */
  char         *case_path;
  char         *library_path;
  char         *name;
  GStrv         paths;
  char         *exhibit;
  char         *examiner;

  GCancellable *cancellable;
  GMainContext *context;
  GThread      *thread;
  guint         drain_id;

  /* Shared with the thread. */
  GMutex        lock;
  ScrimIngest  *ingest;
  ScrimIngestProgress last;   /* the ingest's counters when it ended */
  gboolean      have_last;
  GError       *error;
  char         *summary;
};

G_DEFINE_TYPE (ScrimJob, scrim_job, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (ScrimJobKind, scrim_job_kind,
  G_DEFINE_ENUM_VALUE (SCRIM_JOB_INGEST, "ingest"),
  G_DEFINE_ENUM_VALUE (SCRIM_JOB_IMPORT_LIST, "import-list"),
  G_DEFINE_ENUM_VALUE (SCRIM_JOB_MATCH, "match"),
  G_DEFINE_ENUM_VALUE (SCRIM_JOB_GROUP, "group"))

enum
{
  PROP_0,
  PROP_KIND,
  PROP_TITLE,
  PROP_STATUS,
  PROP_FRACTION,
  PROP_RUNNING,
  N_PROPS
};

enum
{
  PROGRESS,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---- formatting ---- */

/* A count with the locale's digit grouping ("1,204" in English). */
static char *
format_count (guint64 n)
{
  return g_strdup_printf ("%'" PRIu64, n);
}

/* ---- properties, main thread ---- */

static void
set_status (ScrimJob   *self,
            const char *status)
{
  if (g_strcmp0 (self->status, status) == 0)
    return;
  g_free (self->status);
  self->status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
set_fraction (ScrimJob *self,
              double    fraction)
{
  if (self->fraction == fraction)
    return;
  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

static void
set_running (ScrimJob *self,
             gboolean  running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* "1,204 of 5,310 files · 2.1 GB · 85 files/s", as the command line's
 * progress line says it. */
static char *
ingest_status (const ScrimIngestProgress *p)
{
  g_autoptr(GString) line = g_string_new (NULL);
  guint64 files = p->files_done + p->files_skipped;
  g_autofree char *bytes = g_format_size (p->bytes_committed);
  double rate = p->elapsed > 0 ? p->files_done / p->elapsed : 0;

  if (p->total_known)
    {
      /* Translators: files done, of files in all the folders; the
       * plural follows the second number. */
      g_string_append_printf (line, ngettext ("%'" PRIu64 " of %'" PRIu64 " file",
                                              "%'" PRIu64 " of %'" PRIu64 " files", p->files_total),
                              files, p->files_total);
    }
  else
    g_string_append_printf (line, ngettext ("%'" PRIu64 " file", "%'" PRIu64 " files", files), files);
  g_string_append_printf (line, " · %s", bytes);
  if (rate > 0)
    g_string_append_printf (line, _(" · %.0f files/s"), rate);
  if (!p->total_known)
    g_string_append (line, _(" · counting…"));
  return g_string_free (g_steal_pointer (&line), FALSE);
}

static double
ingest_fraction (const ScrimIngestProgress *p)
{
  if (!p->total_known)
    return -1;
  if (p->files_total == 0)
    return 1;
  return CLAMP ((double) (p->files_done + p->files_skipped) / p->files_total, 0, 1);
}

/* The drain: one read of the counters, one notification of each change. */
static void
drain (ScrimJob *self)
{
  ScrimIngestProgress p;
  gboolean have = FALSE;

  g_mutex_lock (&self->lock);
  if (self->ingest != NULL)
    {
      scrim_ingest_get_progress (self->ingest, &p);
      have = TRUE;
    }
  else if (self->have_last)
    {
      p = self->last;
      have = TRUE;
    }
  g_mutex_unlock (&self->lock);

  if (have && !g_cancellable_is_cancelled (self->cancellable))
    {
      g_autofree char *status = ingest_status (&p);

      g_object_freeze_notify (G_OBJECT (self));
      set_status (self, status);
      set_fraction (self, ingest_fraction (&p));
      g_object_thaw_notify (G_OBJECT (self));
    }
  g_signal_emit (self, signals[PROGRESS], 0);
}

static gboolean
drain_cb (gpointer data)
{
  drain (SCRIM_JOB (data));
  return G_SOURCE_CONTINUE;
}

/* ---- the work, in the job's thread ---- */

static ScrimCase *
open_case (ScrimJob            *self,
           ScrimCaseOpenFlags   flags,
           GError             **error)
{
  ScrimCaseInfo info = { NULL, self->examiner };

  return scrim_case_open (self->case_path, flags, &info, error);
}

static char *
ingest_summary (const ScrimIngestProgress *p,
                gboolean                   ok)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *bytes = g_format_size (p->bytes_done);

  if (!ok)
    {
      guint64 kept = p->files_done + p->files_skipped;

      /* Translators: after a stopped or failed ingest. */
      g_string_append_printf (out, ngettext ("Stopped: %'" PRIu64 " file kept; adding the folder again resumes",
                                             "Stopped: %'" PRIu64 " files kept; adding the folder again resumes",
                                             kept), kept);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }
  g_string_append_printf (out, ngettext ("Ingested %'" PRIu64 " file (%s) in %.1f s",
                                         "Ingested %'" PRIu64 " files (%s) in %.1f s", p->files_done),
                          p->files_done, bytes, p->elapsed);
  if (p->files_skipped > 0)
    g_string_append_printf (out, ngettext ("; %'" PRIu64 " already in the case",
                                           "; %'" PRIu64 " already in the case", p->files_skipped),
                            p->files_skipped);
  for (int s = 0, n = 0; s < SCRIM_N_STATUS; s++)
    if (p->by_status[s] > 0)
      {
        g_autofree char *count = format_count (p->by_status[s]);

        g_string_append_printf (out, "%s%s %s", n++ ? ", " : ": ", scrim_status_to_string (s), count);
      }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
run_ingest (ScrimJob  *self,
            char     **summary,
            GError   **error)
{
  g_autoptr(ScrimCase) scase = NULL;
  g_autoptr(ScrimIngest) ingest = NULL;
  ScrimIngestProgress p;
  gboolean ok;

  /* Refuse before the case is created: creating it would write into the
   * evidence. */
  for (guint i = 0; self->paths[i] != NULL; i++)
    if (scrim_evidence_contains (self->paths[i], self->case_path))
      {
        g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
                     _("The case file %s would be inside the evidence folder %s; keep cases "
                       "outside the evidence (Scrim never writes into it)"),
                     self->case_path, self->paths[i]);
        return FALSE;
      }

  scase = open_case (self, SCRIM_CASE_OPEN_CREATE, error);
  if (scase == NULL)
    return FALSE;
  ingest = scrim_ingest_new (scase);
  for (guint i = 0; self->paths[i] != NULL; i++)
    if (!scrim_ingest_add_source (ingest, self->paths[i], self->exhibit, error))
      return FALSE;

  g_mutex_lock (&self->lock);
  self->ingest = g_object_ref (ingest);
  g_mutex_unlock (&self->lock);

  /* Stopped before it began: no run to log. */
  if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
    ok = FALSE;
  else
    ok = scrim_ingest_run (ingest, self->cancellable, error);
  scrim_ingest_get_progress (ingest, &p);
  *summary = ingest_summary (&p, ok);

  /* The ingest and its case are finalised here, in their own thread; the
   * last drain reads the counters as they ended. */
  g_mutex_lock (&self->lock);
  g_clear_object (&self->ingest);
  self->last = p;
  self->have_last = TRUE;
  g_mutex_unlock (&self->lock);
  return ok;
}

static char *
import_summary (ScrimJob                *self,
                const ScrimImportReport *r,
                gboolean                 ok)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (!ok)
    g_string_append_printf (out, _("List “%s” not imported; the library is unchanged"), self->name);
  else
    /* Translators: the plural follows the number of records (the second number). */
    g_string_append_printf (out, ngettext ("Imported list “%s”: %'" PRIu64 " entries from %'" PRIu64 " records",
                                           "Imported list “%s”: %'" PRIu64 " entries from %'" PRIu64 " records",
                                           r->records),
                            self->name, r->entries, r->records);
  if (r->problems > 0)
    g_string_append_printf (out, ngettext ("; %'" PRIu64 " malformed record skipped",
                                           "; %'" PRIu64 " malformed records skipped", r->problems),
                            r->problems);
  for (guint i = 0; r->messages != NULL && i < r->messages->len; i++)
    {
      const char *message = g_ptr_array_index (r->messages, i);
      g_autofree char *shown = scrim_text_display (message, -1);

      g_string_append_printf (out, "\n%s", shown);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
run_import (ScrimJob  *self,
            char     **summary,
            GError   **error)
{
  g_autoptr(ScrimLibrary) library = NULL;
  ScrimImportOptions options = { SCRIM_LIST_FORMAT_AUTO };
  ScrimImportReport report = { 0 };
  gboolean ok;

  library = scrim_library_open (self->library_path, error);
  if (library == NULL)
    return FALSE;
  options.examiner = self->examiner;
  ok = scrim_library_import (library, self->name, (const char * const *) self->paths, &options,
                             &report, self->cancellable, error);
  *summary = import_summary (self, &report, ok);
  scrim_import_report_clear (&report);
  return ok;
}

static char *
match_summary (const ScrimMatchReport *r)
{
  /* Translators: "312 files matched, 4 conflicts, 20 ignorable (against 3
   * lists); since the last match: 5 newly matched, 0 no longer matched, 1
   * with a changed category"; the plural follows the first number. */
  return g_strdup_printf (ngettext ("%'" PRIu64 " files matched, %'" PRIu64 " conflicts, %'" PRIu64 " ignorable "
                                    "(against %'" PRIu64 " lists); since the last match: %'" PRIu64 " newly "
                                    "matched, %'" PRIu64 " no longer matched, %'" PRIu64 " with a changed category",
                                    "%'" PRIu64 " files matched, %'" PRIu64 " conflicts, %'" PRIu64 " ignorable "
                                    "(against %'" PRIu64 " lists); since the last match: %'" PRIu64 " newly "
                                    "matched, %'" PRIu64 " no longer matched, %'" PRIu64 " with a changed category",
                                    r->matched),
                          r->matched, r->conflicts, r->ignorable, r->lists, r->newly_matched, r->unmatched,
                          r->changed);
}

static gboolean
run_match (ScrimJob  *self,
           char     **summary,
           GError   **error)
{
  g_autoptr(ScrimCase) scase = NULL;
  g_autoptr(ScrimLibrary) library = NULL;
  ScrimMatchOptions options = SCRIM_MATCH_OPTIONS_INIT;
  ScrimMatchReport report = { 0 };

  /* The case first: a path that is no case must not create a library. */
  scase = open_case (self, SCRIM_CASE_OPEN_DEFAULT, error);
  if (scase == NULL)
    return FALSE;
  library = scrim_library_open (self->library_path, error);
  if (library == NULL)
    return FALSE;
  if (!scrim_match_case (scase, library, &options, &report, self->cancellable, error))
    {
      *summary = g_strdup (_("The case keeps the results of the previous match"));
      return FALSE;
    }
  *summary = match_summary (&report);
  return TRUE;
}

/* Appends "12 cameras": a group count and its kind, in one plural form. */
static void
append_group_kind_count (GString        *out,
                         ScrimGroupKind  kind,
                         guint64         n)
{
  switch (kind)
    {
    case SCRIM_GROUP_NEAR_DUPLICATE:
      g_string_append_printf (out, ngettext ("%'" PRIu64 " near-duplicate set",
                                             "%'" PRIu64 " near-duplicate sets", n), n);
      break;
    case SCRIM_GROUP_CAMERA:
      g_string_append_printf (out, ngettext ("%'" PRIu64 " camera", "%'" PRIu64 " cameras", n), n);
      break;
    case SCRIM_GROUP_SESSION:
      g_string_append_printf (out, ngettext ("%'" PRIu64 " session", "%'" PRIu64 " sessions", n), n);
      break;
    case SCRIM_GROUP_PLACE:
      g_string_append_printf (out, ngettext ("%'" PRIu64 " place", "%'" PRIu64 " places", n), n);
      break;
    case SCRIM_GROUP_FOLDER:
      g_string_append_printf (out, ngettext ("%'" PRIu64 " folder", "%'" PRIu64 " folders", n), n);
      break;
    case SCRIM_GROUP_SERIES:
      g_string_append_printf (out, ngettext ("%'" PRIu64 " series", "%'" PRIu64 " series", n), n);
      break;
    default:
      g_assert_not_reached ();
    }
}

static char *
group_summary (const ScrimGroupReport *r)
{
  g_autoptr(GString) out = g_string_new (_("Grouped:"));

  for (int k = 0; k < SCRIM_N_GROUP_KINDS; k++)
    {
      g_string_append (out, k ? ", " : " ");
      append_group_kind_count (out, k, r->groups[k]);
    }
  /* Translators: the plural follows the number of images (the third number). */
  g_string_append_printf (out, ngettext ("; %'" PRIu64 " new and %'" PRIu64 " gone since the last grouping; "
                                         "%'" PRIu64 " images in the possibly-ongoing queue",
                                         "; %'" PRIu64 " new and %'" PRIu64 " gone since the last grouping; "
                                         "%'" PRIu64 " images in the possibly-ongoing queue", r->queued),
                          r->new_groups, r->gone_groups, r->queued);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
run_group (ScrimJob  *self,
           char     **summary,
           GError   **error)
{
  g_autoptr(ScrimCase) scase = NULL;
  ScrimGroupOptions options = SCRIM_GROUP_OPTIONS_INIT;
  ScrimGroupReport report = { 0 };

  scase = open_case (self, SCRIM_CASE_OPEN_DEFAULT, error);
  if (scase == NULL)
    return FALSE;
  if (!scrim_case_group (scase, &options, &report, self->cancellable, error))
    {
      *summary = g_strdup (_("The case keeps the groups of the previous grouping"));
      return FALSE;
    }
  *summary = group_summary (&report);
  return TRUE;
}

static gboolean
finish_cb (gpointer data)
{
  ScrimJob *self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  if (self->thread != NULL)
    g_thread_join (g_steal_pointer (&self->thread));
  if (self->drain_id != 0)
    {
      g_clear_handle_id (&self->drain_id, g_source_remove);
      drain (self);
    }

  g_mutex_lock (&self->lock);
  error = g_steal_pointer (&self->error);
  summary = g_steal_pointer (&self->summary);
  g_mutex_unlock (&self->lock);

  g_object_freeze_notify (G_OBJECT (self));
  if (error == NULL)
    set_fraction (self, 1);
  set_status (self, summary ? summary : error->message);
  set_running (self, FALSE);
  self->finished = TRUE;
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[FINISHED], 0, error, summary);
  /* The reference scrim_job_start() took. */
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

/* A cancelled job finishes with G_IO_ERROR_CANCELLED, whatever the core
 * call said (the core has its own code for it, and some calls notice the
 * cancel only as a failed step). */
static void
normalise_cancel (ScrimJob  *self,
                  GError   **error)
{
  g_autofree char *message = NULL;

  if (*error == NULL || !g_cancellable_is_cancelled (self->cancellable)
      || g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  message = g_strdup ((*error)->message);
  g_clear_error (error);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, message);
}

/* Any thread: "finished" goes out from the job's main context. */
static void
schedule_finish (ScrimJob *self)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, finish_cb, self, NULL);
  g_source_set_static_name (source, "[scrim] job finished");
  g_source_attach (source, self->context);
  g_source_unref (source);
}

static gpointer
job_thread (gpointer data)
{
  ScrimJob *self = data;
  GError *error = NULL;
  char *summary = NULL;
  gboolean ok = FALSE;

  switch (self->kind)
    {
    case SCRIM_JOB_INGEST:
      ok = run_ingest (self, &summary, &error);
      break;
    case SCRIM_JOB_IMPORT_LIST:
      ok = run_import (self, &summary, &error);
      break;
    case SCRIM_JOB_MATCH:
      ok = run_match (self, &summary, &error);
      break;
    case SCRIM_JOB_GROUP:
      ok = run_group (self, &summary, &error);
      break;
    default:
      g_assert_not_reached ();
    }
  g_assert (ok == (error == NULL));
  normalise_cancel (self, &error);

  g_mutex_lock (&self->lock);
  self->error = error;
  self->summary = summary;
  g_mutex_unlock (&self->lock);

  schedule_finish (self);
  return NULL;
}

/* ---- GObject ---- */

static void
scrim_job_finalize (GObject *object)
{
  ScrimJob *self = SCRIM_JOB (object);

  g_assert (self->thread == NULL);
  g_assert (self->drain_id == 0);
  g_free (self->title);
  g_free (self->status);
  g_free (self->case_path);
  g_free (self->library_path);
  g_free (self->name);
  g_strfreev (self->paths);
  g_free (self->exhibit);
  g_free (self->examiner);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->ingest);
  g_clear_error (&self->error);
  g_free (self->summary);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (scrim_job_parent_class)->finalize (object);
}

static void
scrim_job_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  ScrimJob *self = SCRIM_JOB (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scrim_job_class_init (ScrimJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = scrim_job_finalize;
  object_class->get_property = scrim_job_get_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, scrim_job_kind_get_type (), SCRIM_JOB_INGEST,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, -1, 1, -1,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_ERROR, G_TYPE_STRING);
}

static void
scrim_job_init (ScrimJob *self)
{
  g_mutex_init (&self->lock);
  self->fraction = -1;
  self->cancellable = g_cancellable_new ();
}

static ScrimJob *
job_new (ScrimJobKind  kind,
         char         *title,
         const char   *status,
         const char   *examiner)
{
  ScrimJob *self = g_object_new (SCRIM_TYPE_JOB, NULL);

  self->kind = kind;
  self->title = title;
  self->status = g_strdup (status);
  self->examiner = g_strdup (examiner);
  return self;
}

/* ---- public API ---- */

/*
** A job that ingests each of folders (folders or single files) into the
** case at case_path (created when no file is there), each recorded with
** the exhibit id (nullable), by examiner (nullable: the case's).
** Returns a new job, not started.
*/
ScrimJob *
scrim_job_new_ingest (const char         *case_path,
                      const char * const *folders,
                      const char         *exhibit,
                      const char         *examiner)
{
  ScrimJob *self;

  g_return_val_if_fail (case_path != NULL, NULL);
  g_return_val_if_fail (folders != NULL && folders[0] != NULL, NULL);

  self = job_new (SCRIM_JOB_INGEST, g_strdup (_("Adding evidence")), _("Opening the case…"), examiner);
  self->case_path = g_strdup (case_path);
  self->paths = g_strdupv ((char **) folders);
  self->exhibit = g_strdup (exhibit);
  return self;
}

/*
** A job that imports the list files into the library at library_path
** (NULL: scrim_library_default_path()) as the list name, the format
** detected and the kind by default, as `scrim lists import` does.
** Returns a new job, not started.
*/
ScrimJob *
scrim_job_new_import_list (const char         *library_path,
                           const char         *name,
                           const char * const *files,
                           const char         *examiner)
{
  ScrimJob *self;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (files != NULL && files[0] != NULL, NULL);

  self = job_new (SCRIM_JOB_IMPORT_LIST, g_strdup_printf (_("Importing list “%s”"), name),
                  _("Reading the list…"), examiner);
  self->library_path = library_path ? g_strdup (library_path) : scrim_library_default_path ();
  self->name = g_strdup (name);
  self->paths = g_strdupv ((char **) files);
  return self;
}

/*
** A job that matches the case at case_path against every list of the
** library at library_path (NULL: the default library), as `scrim match`.
** Returns a new job, not started.
*/
ScrimJob *
scrim_job_new_match (const char *case_path,
                     const char *library_path,
                     const char *examiner)
{
  ScrimJob *self;

  g_return_val_if_fail (case_path != NULL, NULL);

  self = job_new (SCRIM_JOB_MATCH, g_strdup (_("Matching against the reference lists")),
                  _("Matching…"), examiner);
  self->case_path = g_strdup (case_path);
  self->library_path = library_path ? g_strdup (library_path) : scrim_library_default_path ();
  return self;
}

/*
** A job that computes the groups and the possibly-ongoing queue of the
** case at case_path, as `scrim group`. Returns a new job, not started.
*/
ScrimJob *
scrim_job_new_group (const char *case_path,
                     const char *examiner)
{
  ScrimJob *self;

  g_return_val_if_fail (case_path != NULL, NULL);

  self = job_new (SCRIM_JOB_GROUP, g_strdup (_("Grouping")), _("Grouping…"), examiner);
  self->case_path = g_strdup (case_path);
  return self;
}

/*
** Starts the job in a thread of its own; "finished" is emitted once, from
** the thread-default main context of the caller. The job holds a
** reference to itself until then. Call once, on the main thread.
*/
void
scrim_job_start (ScrimJob *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SCRIM_IS_JOB (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  self->context = g_main_context_ref_thread_default ();
  g_object_ref (self);
  set_running (self, TRUE);

  if (self->kind == SCRIM_JOB_INGEST)
    {
      GSource *source = g_timeout_source_new (DRAIN_INTERVAL_MS);

      g_source_set_callback (source, drain_cb, self, NULL);
      g_source_set_static_name (source, "[scrim] job progress");
      self->drain_id = g_source_attach (source, self->context);
      g_source_unref (source);
    }
  self->thread = g_thread_try_new ("scrim-job", job_thread, self, &error);
  if (self->thread == NULL)
    {
      /* Finish the usual way, with the reason. */
      self->error = g_steal_pointer (&error);
      schedule_finish (self);
    }
}

/*
** Asks the job to stop: an ingest stops after the files in hand (every
** commit is kept), the other jobs leave the case or library as it was.
** The job still finishes through "finished" (G_IO_ERROR_CANCELLED).
*/
void
scrim_job_cancel (ScrimJob *self)
{
  g_return_if_fail (SCRIM_IS_JOB (self));

  if (self->finished || g_cancellable_is_cancelled (self->cancellable))
    return;
  g_cancellable_cancel (self->cancellable);
  if (self->started)
    set_status (self, _("Stopping…"));
}

ScrimJobKind
scrim_job_get_kind (ScrimJob *self)
{
  g_return_val_if_fail (SCRIM_IS_JOB (self), SCRIM_JOB_INGEST);
  return self->kind;
}

const char *
scrim_job_get_title (ScrimJob *self)
{
  g_return_val_if_fail (SCRIM_IS_JOB (self), NULL);
  return self->title;
}

const char *
scrim_job_get_status (ScrimJob *self)
{
  g_return_val_if_fail (SCRIM_IS_JOB (self), NULL);
  return self->status;
}

double
scrim_job_get_fraction (ScrimJob *self)
{
  g_return_val_if_fail (SCRIM_IS_JOB (self), -1);
  return self->fraction;
}

gboolean
scrim_job_get_running (ScrimJob *self)
{
  g_return_val_if_fail (SCRIM_IS_JOB (self), FALSE);
  return self->running;
}

/*
** TRUE once "finished" has been emitted.
*/
gboolean
scrim_job_get_finished (ScrimJob *self)
{
  g_return_val_if_fail (SCRIM_IS_JOB (self), FALSE);
  return self->finished;
}

/*
** Iterates the job's main context until the job has finished ("finished"
** has been emitted). Returns at once for a job never started.
*/
void
scrim_job_wait (ScrimJob *self)
{
  g_autoptr(ScrimJob) hold = NULL;

  g_return_if_fail (SCRIM_IS_JOB (self));

  if (!self->started)
    return;
  hold = g_object_ref (self);
  while (!self->finished)
    g_main_context_iteration (self->context, TRUE);
}
