/* scrim-start-window.h: what `scrim` alone opens: new case, open case, recent cases
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SCRIM_TYPE_START_WINDOW (scrim_start_window_get_type ())
G_DECLARE_FINAL_TYPE (ScrimStartWindow, scrim_start_window, SCRIM, START_WINDOW, AdwApplicationWindow)

/*
 * "New Case…" and "Open Case…" (the application's app.new-case and
 * app.open-case) and the recent cases of the analyst's settings
 * (recent-cases: newest first; files that no longer exist are dropped
 * when shown). Activating a recent case opens it through the application
 * (g_application_open); its remove button drops it from the list.
 */
GtkWidget *scrim_start_window_new       (GtkApplication *application);
/* The recent cases shown (a GtkListBox of AdwActionRow), for tests. */
GtkWidget *scrim_start_window_get_recent_list (ScrimStartWindow *self);

/*
 * The new-case flow over any window of the application: a file chooser
 * for where the case goes (".scrim" added when missing; an existing file
 * is refused with a message, never overwritten), then a dialog for the
 * case number and the examiner (the settings' examiner, or the login's
 * name). Creating activates app.create-case on parent with ("(sss)":
 * path, case number, examiner).
 */
void       scrim_start_window_new_case  (GtkWindow      *parent);

/* Recent cases in the settings: add puts path first (absolute, no
 * duplicates, at most 10); remove drops it. */
void       scrim_recent_cases_add       (GSettings      *settings,
                                         const char     *path);
void       scrim_recent_cases_remove    (GSettings      *settings,
                                         const char     *path);

G_END_DECLS
