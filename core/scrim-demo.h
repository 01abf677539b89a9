/* scrim-demo.h: trainer mode: a synthetic seized device, fake reference lists, the pipeline end to end
 *
 * Everything the demo writes is drawn or invented by code from a seed:
 * colour fields, shapes, patterns and labels such as "DEMO SERIES A 03";
 * nothing depicts a person, and no list entry is real. The lists carry
 * the DEMO marker of scrim-library.h and the case the demo meta key, so
 * the demo can never mix with real lists or real cases.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "scrim-group.h"
#include "scrim-image.h"
#include "scrim-scheme.h"

G_BEGIN_DECLS

/* What every demo case records. */
#define SCRIM_DEMO_SEIZURE_DATE  "2026-03-07"
#define SCRIM_DEMO_EXHIBIT       "DEMO-PHONE-01"
#define SCRIM_DEMO_EXAMINER      "Demo Examiner"

/**
 * ScrimDemoSize:
 * @SCRIM_DEMO_SMALL: about 200 images, seconds
 * @SCRIM_DEMO_MEDIUM: about 3,000 images, well under a minute end to end
 * @SCRIM_DEMO_LARGE: about 20,000 images
 */
typedef enum
{
  SCRIM_DEMO_SMALL,
  SCRIM_DEMO_MEDIUM,
  SCRIM_DEMO_LARGE,
} ScrimDemoSize;

const char *scrim_demo_size_to_string   (ScrimDemoSize  size);
gboolean    scrim_demo_size_from_string (const char    *str,
                                         ScrimDemoSize *size);

/* Called from the calling thread as each step begins ("generating", …). */
typedef void (*ScrimDemoProgressFunc) (const char *step,
                                       gpointer    user_data);

/**
 * ScrimDemoOptions:
 * @size: how big a device
 * @seed: the seed: the same seed gives byte-identical files
 * @jobs: threads for drawing and ingesting (0: one per processor)
 * @progress: (nullable): told as each step begins
 * @progress_data: for @progress
 */
typedef struct
{
  ScrimDemoSize          size;
  guint64                seed;
  guint                  jobs;
  ScrimDemoProgressFunc  progress;
  gpointer               progress_data;
} ScrimDemoOptions;

/**
 * ScrimDemoMatch:
 * @path: the file, relative to the evidence folder (bytes, not escaped)
 * @klass: the pre-category as `scrim files` shows it ("abuse",
 *   "known-good", "abuse|known-good" for a conflict, …)
 * @match_kind: "exact" or "pdq" (PDQ only: no list holds its bytes)
 * @pdq_distance: for a PDQ-only match, the distance; otherwise -1
 * @conflict: lists disagree about it
 * @ignorable: known-good or non-pertinent
 *
 * One file a list matches: planted (in the manifest) or found (in the
 * report).
 */
typedef struct
{
  char     *path;
  char     *klass;
  char     *match_kind;
  int       pdq_distance;
  gboolean  conflict;
  gboolean  ignorable;
} ScrimDemoMatch;

void scrim_demo_match_free (ScrimDemoMatch *match);

/**
 * ScrimDemoSeries:
 * @name: the series name, as the VICS list writes it
 * @listed: files of the device the list names with it
 * @possible_new: unknown images the series group calls possible new
 *   material (same session or near-duplicate as a listed one)
 */
typedef struct
{
  char    *name;
  guint64  listed;
  guint64  possible_new;
} ScrimDemoSeries;

void scrim_demo_series_free (ScrimDemoSeries *series);

/**
 * ScrimDemoList:
 * @name: the list's name in the demo library
 * @file: its file, relative to the demo folder ("lists/…")
 * @format: the `--format` name (vics, nsrl-rds3, hashdeep, pdq)
 * @kind: known-bad, known-good or alert
 * @entries: entries written (distinct hashes)
 */
typedef struct
{
  char    *name;
  char    *file;
  char    *format;
  char    *kind;
  guint64  entries;
} ScrimDemoList;

void scrim_demo_list_free (ScrimDemoList *list);

/**
 * ScrimDemoManifest:
 * What the generator planted, to be compared with what the pipeline finds.
 * Counts are of files (an exact copy in two places counts twice).
 *
 * @size, @seed: as generated
 * @n_files: files in the evidence folder
 * @by_status: files per expected ingest status (ok = decodable images)
 * @matches: (element-type ScrimDemoMatch): every file a list will match,
 *   sorted by path
 * @by_class: files matched, by their most severe class (ScrimClass)
 * @exact, @pdq_only: files matched by hash, and by PDQ alone
 * @conflicts: files on which lists disagree
 * @ignorable: files known-good or non-pertinent
 * @unknown: decodable images no list grades (what the analyst reviews)
 * @series: (element-type ScrimDemoSeries): series with possible new
 *   material on the device
 * @session: (element-type utf8): the planted possibly-ongoing session, in
 *   capture order (evidence-relative paths)
 * @session_queued: (element-type utf8): its unknown images: the queue's
 *   first entries
 * @lists: (element-type ScrimDemoList): the lists written under lists/
 */
typedef struct
{
  ScrimDemoSize  size;
  guint64        seed;
  guint64        n_files;
  guint64        by_status[SCRIM_N_STATUS];
  GPtrArray     *matches;
  guint64        by_class[SCRIM_N_CLASSES];
  guint64        exact;
  guint64        pdq_only;
  guint64        conflicts;
  guint64        ignorable;
  guint64        unknown;
  GPtrArray     *series;
  GPtrArray     *session;
  GPtrArray     *session_queued;
  GPtrArray     *lists;
} ScrimDemoManifest;

void               scrim_demo_manifest_free (ScrimDemoManifest       *manifest);
ScrimDemoManifest *scrim_demo_generate      (const char              *dir,
                                             const ScrimDemoOptions  *options,
                                             GCancellable            *cancellable,
                                             GError                 **error);

/**
 * ScrimDemoQueued:
 * One entry at the top of the possibly-ongoing queue.
 *
 * @path: its first location, evidence-relative (bytes)
 * @display: "exhibit:path", escaped for printing
 * @score: its score
 * @reasons: (array zero-terminated=1): "signal +weight: why", one a signal
 */
typedef struct
{
  char    *path;
  char    *display;
  double   score;
  char   **reasons;
} ScrimDemoQueued;

void scrim_demo_queued_free (ScrimDemoQueued *queued);

/**
 * ScrimDemoReport:
 * What the pipeline found, beside what was planted (@manifest). The
 * counting rules are the manifest's.
 *
 * @dir, @evidence, @library_path, @case_path: where everything is
 * @queue: (element-type ScrimDemoQueued): the top of the queue
 * @groups: groups per ScrimGroupKind
 * @queued: images in the queue
 * @seconds_generate … @seconds_total: time of each step
 */
typedef struct
{
  ScrimDemoManifest *manifest;
  char              *dir;
  char              *evidence;
  char              *library_path;
  char              *case_path;
  guint64            n_files;
  guint64            by_status[SCRIM_N_STATUS];
  GPtrArray         *matches;
  guint64            by_class[SCRIM_N_CLASSES];
  guint64            exact;
  guint64            pdq_only;
  guint64            conflicts;
  guint64            ignorable;
  guint64            unknown;
  GPtrArray         *series;
  guint64            groups[SCRIM_N_GROUP_KINDS];
  guint64            queued;
  GPtrArray         *queue;
  double             seconds_generate;
  double             seconds_import;
  double             seconds_ingest;
  double             seconds_match;
  double             seconds_group;
  double             seconds_total;
} ScrimDemoReport;

void     scrim_demo_report_free     (ScrimDemoReport         *report);
gboolean scrim_demo_run             (const char              *dir,
                                     const ScrimDemoOptions  *options,
                                     ScrimDemoReport        **report,
                                     GCancellable            *cancellable,
                                     GError                 **error);
gboolean scrim_demo_report_agrees   (const ScrimDemoReport   *report,
                                     GString                 *differences);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScrimDemoManifest, scrim_demo_manifest_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScrimDemoReport, scrim_demo_report_free)

G_END_DECLS
