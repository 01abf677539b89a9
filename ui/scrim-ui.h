/* scrim-ui.h: what every window of Scrim needs first, and the file chooser
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Registers Scrim's resources, loads its style sheets for the default
 * display and turns GTK's recent-files list off (so no file chooser
 * records an evidence folder in recently-used.xbel). Call once GTK is
 * initialised; later calls do nothing. */
void      scrim_ui_init                (void);
/* Only the resources (no display needed); scrim_ui_init() does it too. */
void      scrim_ui_register_resources  (void);

/**
 * ScrimChooseKind:
 * @SCRIM_CHOOSE_OPEN_CASE: an existing case file (*.scrim)
 * @SCRIM_CHOOSE_SAVE_CASE: where to create a new case file
 * @SCRIM_CHOOSE_EVIDENCE: a folder of evidence (read, never written)
 * @SCRIM_CHOOSE_LIST: a reference list file
 *
 * What a file chooser asks for.
 */
typedef enum
{
  SCRIM_CHOOSE_OPEN_CASE,
  SCRIM_CHOOSE_SAVE_CASE,
  SCRIM_CHOOSE_EVIDENCE,
  SCRIM_CHOOSE_LIST,
} ScrimChooseKind;

/* The one place Scrim asks for a file or a folder (a GtkFileChooserNative
 * today; GtkFileDialog once the platform has it). The callback runs once;
 * scrim_ui_choose_finish() returns the file, or NULL with
 * G_IO_ERROR_CANCELLED when the analyst cancelled. */
void      scrim_ui_choose_async        (GtkWindow           *parent,
                                        ScrimChooseKind      kind,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
GFile    *scrim_ui_choose_finish       (GAsyncResult        *result,
                                        GError             **error);

/* Tests: answer every chooser with this function instead of a dialog
 * (NULL: cancelled; NULL function: dialogs again). */
typedef GFile *(*ScrimChooseFunc) (ScrimChooseKind kind,
                                   gpointer        user_data);
void      _scrim_ui_set_choose_func    (ScrimChooseFunc      func,
                                        gpointer             user_data);

G_END_DECLS
