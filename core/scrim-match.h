/* scrim-match.h: matching a case against the reference library
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "scrim-case.h"
#include "scrim-library.h"

G_BEGIN_DECLS

/**
 * ScrimMatchOptions:
 * @pdq_distance: largest PDQ distance of a match (default 31)
 * @pdq_min_quality: images and list hashes below this quality are not
 *   matched by PDQ (default 50)
 * @jobs: threads for the PDQ searches (0: one per processor)
 */
typedef struct
{
  guint pdq_distance;
  guint pdq_min_quality;
  guint jobs;
} ScrimMatchOptions;

#define SCRIM_MATCH_OPTIONS_INIT { SCRIM_PDQ_MATCH_DISTANCE, SCRIM_PDQ_MIN_QUALITY, 0 }

/**
 * ScrimMatchReport:
 * @lists: lists matched against
 * @items: contents in the case
 * @pdq_queried: images whose PDQ was searched
 * @pdq_skipped: images skipped for low quality or an unreliable hash
 * @exact: exact matches (MD5, SHA-1, SHA-256)
 * @pdq: PDQ matches
 * @matched: contents with at least one match
 * @conflicts: contents on which lists disagree
 * @ignorable: contents now ignorable
 * @newly_matched: contents matched now but not before
 * @unmatched: contents matched before but not now
 * @changed: contents whose pre-category changed
 * @seconds: time taken
 * @exact_seconds: time of the exact matching
 * @pdq_seconds: time of the PDQ matching
 */
typedef struct
{
  guint64 lists;
  guint64 items;
  guint64 pdq_queried;
  guint64 pdq_skipped;
  guint64 exact;
  guint64 pdq;
  guint64 matched;
  guint64 conflicts;
  guint64 ignorable;
  guint64 newly_matched;
  guint64 unmatched;
  guint64 changed;
  double  seconds;
  double  exact_seconds;
  double  pdq_seconds;
} ScrimMatchReport;

gboolean scrim_match_case (ScrimCase               *scase,
                           ScrimLibrary            *library,
                           const ScrimMatchOptions *options,
                           ScrimMatchReport        *report,
                           GCancellable            *cancellable,
                           GError                 **error);

G_END_DECLS
