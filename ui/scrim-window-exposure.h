/* scrim-window-exposure.h: the analyst's private exposure counter and break reminder
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SCRIM_TYPE_WINDOW_EXPOSURE (scrim_window_exposure_get_type ())
G_DECLARE_FINAL_TYPE (ScrimWindowExposure, scrim_window_exposure, SCRIM, WINDOW_EXPOSURE, GObject)

/*
 * Counts, for today only, the images the analyst revealed and the time
 * spent reviewing (while a case window is active and not blanked), in the
 * analyst's settings (exposure-day, exposure-reveals, exposure-seconds),
 * never in a case. A new day starts the counts again.
 *
 * It also measures continuous review: after "break-interval" minutes of
 * it (0: never) it emits "break-due" once and starts measuring again; a
 * pause of five minutes or more (inactive or blanked) starts it again too.
 *
 * Signals: "changed" (the counts changed), "break-due".
 */
ScrimWindowExposure *scrim_window_exposure_new          (GSettings           *settings);
/* Whether the analyst is reviewing now (window active, not blanked). */
void                 scrim_window_exposure_set_active   (ScrimWindowExposure *self,
                                                         gboolean             active);
gboolean             scrim_window_exposure_get_active   (ScrimWindowExposure *self);
void                 scrim_window_exposure_count_reveal (ScrimWindowExposure *self);
guint                scrim_window_exposure_get_reveals  (ScrimWindowExposure *self);
guint                scrim_window_exposure_get_seconds  (ScrimWindowExposure *self);
/* "Today: 12 images revealed, 2 h 10 min reviewing" (newly allocated). */
char                *scrim_window_exposure_dup_summary  (ScrimWindowExposure *self);
void                 scrim_window_exposure_reset        (ScrimWindowExposure *self);

/* Tests: the clock (wall-clock microseconds, as g_get_real_time), one
 * tick of it (the window ticks every second), and the break interval in
 * seconds (overrides the setting; negative: the setting again). */
typedef gint64 (*ScrimClockFunc) (gpointer user_data);
void                 _scrim_window_exposure_set_clock   (ScrimWindowExposure *self,
                                                         ScrimClockFunc       func,
                                                         gpointer             user_data);
void                 _scrim_window_exposure_tick        (ScrimWindowExposure *self);
void                 _scrim_window_exposure_set_break_seconds (ScrimWindowExposure *self,
                                                               int                  seconds);
double               _scrim_window_exposure_get_continuous (ScrimWindowExposure *self);

G_END_DECLS
