/* scrim-review.h: what the review window reads and writes: views, thumbnails, grades, tags, notes
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "scrim-case.h"
#include "scrim-group.h"
#include "scrim-image.h"

G_BEGIN_DECLS

/**
 * ScrimView:
 *
 * What the grid shows: a category, the conflicts, the ignorable files, a
 * group, or the possibly-ongoing queue.
 */
typedef enum
{
  SCRIM_VIEW_ALL,          /* every decoded image that is not ignorable */
  SCRIM_VIEW_ABUSE,
  SCRIM_VIEW_EXPLOITIVE,
  SCRIM_VIEW_CGI,
  SCRIM_VIEW_COMPARISON,
  SCRIM_VIEW_UNKNOWN,      /* no list said anything, or uncategorised */
  SCRIM_VIEW_CONFLICTS,
  SCRIM_VIEW_IGNORABLE,
  SCRIM_VIEW_GROUP,        /* with a group id */
  SCRIM_VIEW_QUEUE,        /* ordered by score */
} ScrimView;

#define SCRIM_N_VIEWS (SCRIM_VIEW_QUEUE + 1)

const char *scrim_view_to_string (ScrimView view);

/**
 * ScrimGrade:
 *
 * What an analyst says of an image with keys 0–5 (the VICS US codes, and
 * 5: reviewed, no category).
 */
typedef enum
{
  SCRIM_GRADE_NONE = -1,
  SCRIM_GRADE_NON_PERTINENT = 0,
  SCRIM_GRADE_ABUSE = 1,
  SCRIM_GRADE_EXPLOITIVE = 2,
  SCRIM_GRADE_CGI = 3,
  SCRIM_GRADE_COMPARISON = 4,
  SCRIM_GRADE_REVIEWED = 5,
} ScrimGrade;

const char *scrim_grade_to_string (ScrimGrade grade);

/**
 * ScrimReviewItem:
 * One image as the grid needs it: cheap to load, a page at a time.
 */
typedef struct
{
  gint64      item_id;
  char        sha256[65];
  char       *klass;          /* pre-category (NULL: none) */
  gboolean    conflict;
  gboolean    obscured;       /* matched material: painted obscured */
  int         grade;          /* SCRIM_GRADE_NONE when not graded */
  guint       thumb_width;
  guint       thumb_height;
  char       *label;          /* first location, escaped, for tooltips */
} ScrimReviewItem;

void        scrim_review_item_free       (ScrimReviewItem *item);

/* Item ids of a view, in display order (a GArray of gint64). */
GArray     *scrim_review_view_ids        (ScrimCase       *scase,
                                          ScrimView        view,
                                          gint64           group_id,
                                          GError         **error);
/* The items with the given ids, in that order (GPtrArray of ScrimReviewItem). */
GPtrArray  *scrim_review_load_items      (ScrimCase       *scase,
                                          const gint64    *ids,
                                          guint            n_ids,
                                          GError         **error);

/**
 * ScrimViewCount:
 * @view: the view
 * @total: images in it
 * @reviewed: of which graded
 */
typedef struct
{
  ScrimView view;
  gint64    total;
  gint64    reviewed;
} ScrimViewCount;

gboolean    scrim_review_count           (ScrimCase       *scase,
                                          ScrimView        view,
                                          gint64           group_id,
                                          ScrimViewCount  *count,
                                          GError         **error);
/* Every view's count (ALL to IGNORABLE, and QUEUE) in one pass over the
 * case; counts[SCRIM_VIEW_GROUP] is left zero. */
gboolean    scrim_review_count_views     (ScrimCase       *scase,
                                          ScrimViewCount   counts[SCRIM_N_VIEWS],
                                          GError         **error);
gint64      scrim_review_next_unreviewed_group (ScrimCase *scase,
                                          GError         **error);

/* Thumbnail pixels (decoded from the JPEG in the case), or NULL with
 * error set. Thread-safe when each thread passes its own case handle. */
ScrimPixels *scrim_review_thumbnail      (ScrimCase       *scase,
                                          gint64           item_id,
                                          GError         **error);

/* Grading, tagging, notes: each an audited action. */
gboolean    scrim_review_grade           (ScrimCase       *scase,
                                          const gint64    *item_ids,
                                          guint            n_items,
                                          ScrimGrade       grade,
                                          GArray         **previous,
                                          GError         **error);
gboolean    scrim_review_restore_grades  (ScrimCase       *scase,
                                          const gint64    *item_ids,
                                          const int       *grades,
                                          guint            n_items,
                                          GError         **error);
gboolean    scrim_review_add_tag         (ScrimCase       *scase,
                                          const gint64    *item_ids,
                                          guint            n_items,
                                          const char      *tag,
                                          GError         **error);
gboolean    scrim_review_add_note        (ScrimCase       *scase,
                                          gint64           item_id,
                                          const char      *text,
                                          GError         **error);
gboolean    scrim_review_log_reveal      (ScrimCase       *scase,
                                          gint64           item_id,
                                          const char      *where,
                                          GError         **error);

/* Everything the viewer shows about one image, as readable text lines. */
char       *scrim_review_describe        (ScrimCase       *scase,
                                          gint64           item_id,
                                          GError         **error);
/* The evidence path of the image's first readable location (to decode it
 * larger for the viewer), or NULL. */
char       *scrim_review_evidence_path   (ScrimCase       *scase,
                                          gint64           item_id);
/* Reads the image from its first location that still holds the content
 * the case recorded (SHA-256 checked), without following links, changing
 * access times or writing anything; files above max_bytes are refused.
 * *location (if given) receives "EXHIBIT:path" (escaped). NULL with error
 * set when no location can be read or all have changed. Thread-safe with
 * a case handle of the calling thread's own. */
GBytes     *scrim_review_read_evidence   (ScrimCase       *scase,
                                          gint64           item_id,
                                          gsize            max_bytes,
                                          char           **location,
                                          GError         **error);

/* Groups, as the review window navigates them: the group of a kind that
 * holds an image (0: none), a group's kind (-1: no such group), and the
 * number of groups of every kind. */
gint64      scrim_review_group_of        (ScrimCase       *scase,
                                          gint64           item_id,
                                          ScrimGroupKind   kind,
                                          GError         **error);
int         scrim_review_group_kind      (ScrimCase       *scase,
                                          gint64           group_id,
                                          GError         **error);
gboolean    scrim_review_count_groups    (ScrimCase       *scase,
                                          gint64           counts[SCRIM_N_GROUP_KINDS],
                                          GError         **error);

G_END_DECLS
