/* scrim-ui-test-util.h: what the window tests share
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "scrim-test-util.h"

G_BEGIN_DECLS

/* Call first in main(): points HOME and the XDG folders at a fresh
 * temporary folder (so the test can prove nothing is written to the
 * thumbnail cache or the recent files), then initialises GTK. Returns
 * FALSE when there is no display: the caller prints a TAP skip and exits 0
 * (scrim_ui_test_skip_no_display() does both). */
gboolean    scrim_ui_test_init              (int    *argc,
                                             char ***argv);
void        scrim_ui_test_skip_no_display   (void) G_GNUC_NORETURN;
/* The temporary HOME of this test run. */
const char *scrim_ui_test_home              (void);

/* Runs the main context until condition(data) holds or timeout_ms passes;
 * returns whether it held. */
gboolean    scrim_ui_test_wait_for          (gboolean (*condition) (gpointer data),
                                             gpointer  data,
                                             guint     timeout_ms);
/* Runs the main context for ms milliseconds. */
void        scrim_ui_test_spin              (guint     ms);

/* Renders a widget (in a realised, mapped window) to a texture, through
 * the window's renderer; (transfer full). */
GdkTexture *scrim_ui_test_render_widget     (GtkWidget *widget);
/* Statistics of a texture's pixels: mean variance of 8×8 blocks' luma
 * (detail left after blurring), and mean chroma (0: grey). */
void        scrim_ui_test_texture_stats     (GdkTexture *texture,
                                             double     *detail,
                                             double     *chroma);
/* Synthesises a key press and release on a widget's surface (through
 * GTK's event path, so shortcuts and controllers see them). */
void        scrim_ui_test_press_key         (GtkWidget       *widget,
                                             guint            keyval,
                                             GdkModifierType  modifiers);
void        scrim_ui_test_key_down          (GtkWidget       *widget,
                                             guint            keyval,
                                             GdkModifierType  modifiers);
void        scrim_ui_test_key_up            (GtkWidget       *widget,
                                             guint            keyval,
                                             GdkModifierType  modifiers);

/* A snapshot (names, sizes, mtimes) of a folder tree, to compare before
 * and after; "" when it does not exist. */
char       *scrim_ui_test_tree_snapshot     (const char *path);

G_END_DECLS
