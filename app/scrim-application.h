/* scrim-application.h: the AdwApplication: one instance, a window per case
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "scrim-window.h"

G_BEGIN_DECLS

#define SCRIM_TYPE_APPLICATION (scrim_application_get_type ())
G_DECLARE_FINAL_TYPE (ScrimApplication, scrim_application, SCRIM, APPLICATION, AdwApplication)

/*
 * io.github.scrimtriage.Scrim, one instance per session: opening a case
 * in a second `scrim` opens it in the running one, in a window of its own
 * (or presents the window that has it open already). Activated without a
 * case, it shows the start window. Dark mode follows the desktop.
 *
 * Actions: app.new-case (Ctrl+N), app.open-case (Ctrl+O),
 * app.create-case ("(sss)": path, case number, examiner), app.preferences
 * (Ctrl+,), app.about, app.quit (Ctrl+Q).
 */
ScrimApplication *scrim_application_new           (void);
GSettings        *scrim_application_get_settings  (ScrimApplication *self);
/* The examiner of the settings, or the login's name when it is empty. */
char             *scrim_application_dup_examiner  (ScrimApplication *self);
/* The window that has the case file open (same file, whatever the path
 * spelling), or NULL. */
ScrimWindow      *scrim_application_find_window   (ScrimApplication *self,
                                                   const char       *path);
/* Opens a case (read-write, as the settings' examiner) in a new window,
 * or presents the window that has it; records it in the recent cases.
 * NULL with error set (the core's message) when it cannot be opened. */
ScrimWindow      *scrim_application_open_case     (ScrimApplication *self,
                                                   const char       *path,
                                                   GError          **error);
/* Creates a new case file (never over an existing file) and opens it. */
ScrimWindow      *scrim_application_create_case   (ScrimApplication *self,
                                                   const char       *path,
                                                   const char       *case_number,
                                                   const char       *examiner,
                                                   GError          **error);

/* For main(): whether GTK can open a display; and running the application
 * on case files (none: the start window), returning the exit status. */
gboolean          scrim_application_has_display   (void);
int               scrim_application_run_cases     (int               n_paths,
                                                   char            **paths);

G_END_DECLS
