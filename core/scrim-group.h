/* scrim-group.h: grouping for victim identification, and the possibly-ongoing queue
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "scrim-case.h"

G_BEGIN_DECLS

/**
 * ScrimGroupKind:
 *
 * The strings (scrim_group_kind_to_string) are part of `scrim groups`.
 */
typedef enum
{
  SCRIM_GROUP_NEAR_DUPLICATE,   /* "near-duplicate" */
  SCRIM_GROUP_CAMERA,           /* "camera" */
  SCRIM_GROUP_SESSION,          /* "session" */
  SCRIM_GROUP_PLACE,            /* "place" */
  SCRIM_GROUP_FOLDER,           /* "folder" */
  SCRIM_GROUP_SERIES,           /* "series" */
} ScrimGroupKind;

#define SCRIM_N_GROUP_KINDS (SCRIM_GROUP_SERIES + 1)

const char *scrim_group_kind_to_string   (ScrimGroupKind  kind);
gboolean    scrim_group_kind_from_string (const char     *str,
                                          ScrimGroupKind *kind);

/**
 * ScrimGroupOptions:
 * @pdq_distance: near-duplicates: largest PDQ distance (default 31)
 * @pdq_min_quality: near-duplicates: images below this quality, and
 *   unreliable hashes, join nothing (default 50)
 * @session_gap: sessions: largest gap between consecutive captures, in
 *   seconds (default 1800)
 * @place_radius: places: metres (default 100)
 * @jobs: threads (0: one per processor)
 */
typedef struct
{
  guint  pdq_distance;
  guint  pdq_min_quality;
  guint  session_gap;
  double place_radius;
  guint  jobs;
} ScrimGroupOptions;

#define SCRIM_GROUP_OPTIONS_INIT { 31, 50, 1800, 100.0, 0 }

/**
 * ScrimGroupReport:
 * @groups: groups per kind after the run
 * @new_groups: groups that did not exist before (by identity)
 * @gone_groups: groups that no longer exist
 * @decisions: analyst decisions applied again
 * @queued: images in the possibly-ongoing queue
 * @seconds: time taken
 */
typedef struct
{
  guint64 groups[SCRIM_N_GROUP_KINDS];
  guint64 new_groups;
  guint64 gone_groups;
  guint64 decisions;
  guint64 queued;
  double  seconds;
} ScrimGroupReport;

/* Computes (or recomputes) every group kind and the queue. */
gboolean scrim_case_group        (ScrimCase               *scase,
                                  const ScrimGroupOptions *options,
                                  ScrimGroupReport        *report,
                                  GCancellable            *cancellable,
                                  GError                 **error);

/* Analyst decisions: kept by content hash, applied after every grouping. */
gboolean scrim_group_name        (ScrimCase    *scase,
                                  gint64        group_id,
                                  const char   *name,
                                  GError      **error);
gboolean scrim_group_merge       (ScrimCase    *scase,
                                  const gint64 *group_ids,
                                  guint         n_groups,
                                  gint64       *merged_id,
                                  GError      **error);
gboolean scrim_group_split       (ScrimCase    *scase,
                                  gint64        group_id,
                                  const char * const *sha256_hex,
                                  gint64       *new_id,
                                  GError      **error);

/**
 * ScrimGroupInfo:
 * A group as `scrim groups` lists it.
 */
typedef struct
{
  gint64          id;
  ScrimGroupKind  kind;
  char           *name;
  gint64          size;
  char           *reasons;
  char           *representative_sha256;   /* hex */
  char           *representative_path;     /* "source:path", escaped */
  double          rank;
} ScrimGroupInfo;

void       scrim_group_info_free  (ScrimGroupInfo *info);
GPtrArray *scrim_case_list_groups (ScrimCase      *scase,
                                   int             kind,     /* -1: all */
                                   GError        **error);

/**
 * ScrimGroupMember:
 * One content of a group.
 */
typedef struct
{
  gint64  item_id;
  char   *sha256;        /* hex */
  char   *paths;         /* every location, "source:path", escaped, '; '-joined */
  char   *reason;        /* why it is in the group */
  char   *category;      /* its pre-category, or NULL */
} ScrimGroupMember;

void       scrim_group_member_free  (ScrimGroupMember *member);
GPtrArray *scrim_case_group_members (ScrimCase        *scase,
                                     gint64            group_id,
                                     GError          **error);

/**
 * ScrimQueueEntry:
 * An unknown image in the possibly-ongoing queue.
 */
typedef struct
{
  gint64  item_id;
  char   *sha256;
  char   *path;          /* its best location, "source:path", escaped */
  double  score;
  char   *reasons;       /* JSON array of {"signal","weight","why"} */
} ScrimQueueEntry;

void       scrim_queue_entry_free   (ScrimQueueEntry *entry);
GPtrArray *scrim_case_queue         (ScrimCase       *scase,
                                     guint            limit,
                                     GError         **error);

/**
 * ScrimQueueWeight:
 * One signal of the queue and its weight (data, editable).
 */
typedef struct
{
  char   *signal;
  double  weight;
  char   *description;
} ScrimQueueWeight;

void       scrim_queue_weight_free  (ScrimQueueWeight *weight);
GPtrArray *scrim_case_queue_weights (ScrimCase        *scase,
                                     GError          **error);
gboolean   scrim_case_set_queue_weight (ScrimCase     *scase,
                                        const char    *signal,
                                        double         weight,
                                        GError       **error);

G_END_DECLS
