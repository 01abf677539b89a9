/* scrim-preferences.h: the analyst's preferences (protection, review, analyst)
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SCRIM_TYPE_PREFERENCES (scrim_preferences_get_type ())
G_DECLARE_FINAL_TYPE (ScrimPreferences, scrim_preferences, SCRIM, PREFERENCES, AdwPreferencesWindow)

/*
 * Three pages bound to the settings (every change applies at once, to
 * every window): Protection (unknown images: interactive, clear or
 * blurred; blur strength; greyscale; ignorable files; copying images;
 * blanking when Scrim loses the focus), Review (thumbnail size, break
 * reminder) and Analyst (examiner name; today's exposure, with a reset).
 */
GtkWidget *scrim_preferences_new (GtkWindow *parent);

G_END_DECLS
