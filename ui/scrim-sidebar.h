/* scrim-sidebar.h: the views of a case and its groups, with reviewed/total counts
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "scrim-case.h"
#include "scrim-protection.h"
#include "scrim-review.h"

G_BEGIN_DECLS

#define SCRIM_TYPE_SIDEBAR (scrim_sidebar_get_type ())
G_DECLARE_FINAL_TYPE (ScrimSidebar, scrim_sidebar, SCRIM, SIDEBAR, GtkWidget)

/*
 * Two pages. The first lists the views (All, Abuse, Exploitive, CGI,
 * Comparison, Unknown, Conflicts, Ignorable while the protection's
 * show-ignorable is on, Possibly ongoing), each with "reviewed / total",
 * then one row per group kind that has groups. Choosing a kind slides to
 * its groups: a GtkListView over a GListModel (thousands of groups make
 * only the rows on screen), each row with the group's name or reasons,
 * its size and its reviewed/total (counted when the row is shown).
 *
 * The first count of a case runs in a thread with a read-only case handle
 * of its own, showing "…" meanwhile, so a large case opens at once;
 * recounts after grading run at once on small cases and in the thread on
 * large ones.
 *
 * Signals:
 *   "view-selected" (guint view, gint64 group_id, const char *reasons):
 *     the analyst chose a view (group_id and reasons for SCRIM_VIEW_GROUP
 *     only; reasons is the group's name and why its images belong
 *     together)
 *   "counted" (void): the counts were updated
 */
GtkWidget *scrim_sidebar_new           (ScrimCase       *scase,
                                        ScrimProtection *protection);
/* Chooses a view row (not SCRIM_VIEW_GROUP) and emits view-selected. */
void       scrim_sidebar_select_view   (ScrimSidebar    *self,
                                        ScrimView        view);
/* Shows the list of the group's kind, chooses the group there and emits
 * view-selected. FALSE with error set when the case has no such group. */
gboolean   scrim_sidebar_select_group  (ScrimSidebar    *self,
                                        gint64           group_id,
                                        GError         **error);
/* Counts the views (and the groups on screen) again: after grading. */
void       scrim_sidebar_recount       (ScrimSidebar    *self);
/* Reads the group kinds and the shown list again, then recounts: after an
 * ingest, a match or a grouping. */
void       scrim_sidebar_reload        (ScrimSidebar    *self);
/* The last count of a view (not SCRIM_VIEW_GROUP); FALSE before the first
 * count finished. */
gboolean   scrim_sidebar_get_count     (ScrimSidebar    *self,
                                        ScrimView        view,
                                        ScrimViewCount  *count);
/* The groups of each kind, as last counted. */
gint64     scrim_sidebar_get_n_groups  (ScrimSidebar    *self,
                                        ScrimGroupKind   kind);
/* TRUE while a count runs in the thread. */
gboolean   scrim_sidebar_is_counting   (ScrimSidebar    *self);
/* The text of a view row's count label ("3 / 38", "…"), for tests. */
const char *scrim_sidebar_get_count_text (ScrimSidebar  *self,
                                          ScrimView      view);
/* The model of the groups list shown on the second page (items have the
 * properties "group-id", "title", "size", "reviewed", "total"). */
GListModel *scrim_sidebar_get_groups   (ScrimSidebar    *self);

G_END_DECLS
