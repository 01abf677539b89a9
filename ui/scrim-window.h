/* scrim-window.h: the review window of one case
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "scrim-case.h"
#include "scrim-grid.h"
#include "scrim-item-model.h"
#include "scrim-job-bar.h"
#include "scrim-protection.h"
#include "scrim-sidebar.h"
#include "scrim-viewer.h"

G_BEGIN_DECLS

#define SCRIM_TYPE_WINDOW (scrim_window_get_type ())
G_DECLARE_FINAL_TYPE (ScrimWindow, scrim_window, SCRIM, WINDOW, AdwApplicationWindow)

/*
 * A window owns one case (opened read-write by the caller, as the
 * examiner who works), one ScrimProtection over the analyst's settings,
 * one thumbnail loader and one item model; it shows the sidebar, the grid
 * and the viewer, and runs the jobs (ingest, import, match, group) in the
 * job bar. Its title is the case file's name, never an evidence path.
 *
 * Keys (window shortcuts, working while the grid has the focus): 0–5
 * grade the selection (then the next image), Alt+0–5 the whole group;
 * Ctrl+Z undoes the last grading; t tags, n adds a note; Space held
 * reveals the focused obscured image; Escape or Ctrl+Space blanks the
 * window, Enter shows it again; F9 shows or hides the viewer; Ctrl+C
 * copies the image (only when allowed and not obscured), Ctrl+Shift+C its
 * SHA-256.
 */
ScrimWindow     *scrim_window_new             (GtkApplication  *application,
                                               ScrimCase       *scase,
                                               GError         **error);
ScrimCase       *scrim_window_get_case        (ScrimWindow     *self);
ScrimGrid       *scrim_window_get_grid        (ScrimWindow     *self);
ScrimItemModel  *scrim_window_get_model       (ScrimWindow     *self);
ScrimSidebar    *scrim_window_get_sidebar     (ScrimWindow     *self);
ScrimViewer     *scrim_window_get_viewer      (ScrimWindow     *self);
ScrimProtection *scrim_window_get_protection  (ScrimWindow     *self);
gboolean         scrim_window_get_demo        (ScrimWindow     *self);
ScrimJobBar     *scrim_window_get_job_bar     (ScrimWindow     *self);

/* Shows an error of the core (its message names what and where) in a
 * message dialog over the window. */
void             scrim_window_show_error      (ScrimWindow     *self,
                                               const char      *heading,
                                               const GError    *error);
void             scrim_window_add_toast       (ScrimWindow     *self,
                                               const char      *title);

/* The work the window's menu starts, as jobs in the job bar (the
 * outcome shown as a toast, an error as a dialog). */
ScrimJob        *scrim_window_add_evidence    (ScrimWindow     *self,
                                               const char      *folder,
                                               const char      *exhibit);
ScrimJob        *scrim_window_import_list     (ScrimWindow     *self,
                                               const char      *file,
                                               const char      *name);
ScrimJob        *scrim_window_match           (ScrimWindow     *self);
ScrimJob        *scrim_window_group           (ScrimWindow     *self);

/* Blanks the window (nothing of the case painted) or shows it again. */
void             scrim_window_set_blanked     (ScrimWindow     *self,
                                               gboolean         blanked);
gboolean         scrim_window_get_blanked     (ScrimWindow     *self);

G_END_DECLS
