/* scrim-ingest.h: hashing, decoding and describing every file of an evidence source
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "scrim-case.h"
#include "scrim-image.h"

G_BEGIN_DECLS

#define SCRIM_TYPE_INGEST (scrim_ingest_get_type ())

G_DECLARE_FINAL_TYPE (ScrimIngest, scrim_ingest, SCRIM, INGEST, GObject)

/* Files up to this size are held whole while they are analysed; larger ones
 * are hashed as a stream and, if images, recorded too-large. */
#define SCRIM_DEFAULT_MAX_READ ((gsize) 256 * 1024 * 1024)

/**
 * ScrimIngestProgress:
 * @files_done: files written to the case by this run
 * @files_skipped: files found already complete in the case (a resumed run)
 * @bytes_done: bytes read and hashed by this run
 * @bytes_committed: bytes of the files written to the case by this run
 * @files_total: files in all sources (once counted)
 * @bytes_total: bytes in all sources (once counted)
 * @total_known: the count of all sources has finished
 * @elapsed: seconds since the run started
 * @by_status: files written by this run, per ScrimStatus
 */
typedef struct
{
  guint64  files_done;
  guint64  files_skipped;
  guint64  bytes_done;
  guint64  bytes_committed;
  guint64  files_total;
  guint64  bytes_total;
  gboolean total_known;
  double   elapsed;
  guint64  by_status[SCRIM_N_STATUS];
} ScrimIngestProgress;

ScrimIngest *scrim_ingest_new            (ScrimCase            *scase);
void         scrim_ingest_set_jobs       (ScrimIngest          *self,
                                          guint                 jobs);
void         scrim_ingest_set_max_pixels (ScrimIngest          *self,
                                          guint64               max_pixels);
void         scrim_ingest_set_max_read   (ScrimIngest          *self,
                                          gsize                 max_read);
gboolean     scrim_ingest_add_source     (ScrimIngest          *self,
                                          const char           *root,
                                          const char           *exhibit,
                                          GError              **error);
gboolean     scrim_ingest_run            (ScrimIngest          *self,
                                          GCancellable         *cancellable,
                                          GError              **error);
void         scrim_ingest_run_async      (ScrimIngest          *self,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean     scrim_ingest_run_finish     (ScrimIngest          *self,
                                          GAsyncResult         *result,
                                          GError              **error);
void         scrim_ingest_get_progress   (ScrimIngest          *self,
                                          ScrimIngestProgress  *progress);

G_END_DECLS
