/* scrim-job.h: long work on a case in the background (ingest, import, match, group)
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SCRIM_JOB_INGEST,
  SCRIM_JOB_IMPORT_LIST,
  SCRIM_JOB_MATCH,
  SCRIM_JOB_GROUP,
} ScrimJobKind;

GType scrim_job_kind_get_type (void) G_GNUC_CONST;
#define SCRIM_TYPE_JOB_KIND (scrim_job_kind_get_type ())

#define SCRIM_TYPE_JOB (scrim_job_get_type ())
G_DECLARE_FINAL_TYPE (ScrimJob, scrim_job, SCRIM, JOB, GObject)

/*
 * A job runs in a thread of its own with its own case (and library)
 * handles, through the same core calls as the command line, so the
 * window's connection stays free for review while it runs (WAL: readers
 * see each committed batch). Progress reaches the main thread through one
 * scheduled drain, at most every 250 ms.
 *
 * Properties (main thread, notify): "kind", "title" (e.g. "Adding
 * evidence"), "status" (e.g. "1,204 of 5,310 files · 2.1 GB"), "fraction"
 * (0..1, or -1 while the total is unknown), "running".
 * Signals: "progress" (after each drain), "finished" (GError *error or
 * NULL, const char *summary): once, on the main thread; a cancelled job
 * finishes with G_IO_ERROR_CANCELLED and a summary of what was kept.
 * The error messages are the core's, which name what and where; the
 * summary is NULL only when a job failed before it began its work (the
 * case or library would not open, a folder is missing).
 */
ScrimJob    *scrim_job_new_ingest      (const char         *case_path,
                                        const char * const *folders,
                                        const char         *exhibit,
                                        const char         *examiner);
ScrimJob    *scrim_job_new_import_list (const char         *library_path,
                                        const char         *name,
                                        const char * const *files,
                                        const char         *examiner);
ScrimJob    *scrim_job_new_match       (const char         *case_path,
                                        const char         *library_path,
                                        const char         *examiner);
ScrimJob    *scrim_job_new_group       (const char         *case_path,
                                        const char         *examiner);
void         scrim_job_start           (ScrimJob           *self);
void         scrim_job_cancel          (ScrimJob           *self);
ScrimJobKind scrim_job_get_kind        (ScrimJob           *self);
const char  *scrim_job_get_title       (ScrimJob           *self);
const char  *scrim_job_get_status      (ScrimJob           *self);
double       scrim_job_get_fraction    (ScrimJob           *self);
gboolean     scrim_job_get_running     (ScrimJob           *self);
/* TRUE once "finished" was emitted. */
gboolean     scrim_job_get_finished    (ScrimJob           *self);
/* Blocks (iterating the main context) until the job finished; for tests
 * and for closing a window. */
void         scrim_job_wait            (ScrimJob           *self);

G_END_DECLS
