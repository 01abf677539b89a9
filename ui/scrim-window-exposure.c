/* scrim-window-exposure.c
 *
 * Review time is kept in memory and written to the settings at most once
 * a minute (and when review stops), so the settings backend is not
 * written every second.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "scrim-window-exposure.h"

#define G_USEC_PER_MIN (G_USEC_PER_SEC * (gint64) 60)

/* A pause this long starts continuous review again. */
#define PAUSE_RESETS_SECONDS (5 * 60)
/* A tick never counts more than this (a suspended machine is not review). */
#define MAX_TICK_SECONDS 60.0
/* Unwritten review time is written once it reaches this. */
#define FLUSH_SECONDS 60.0

struct _ScrimWindowExposure
{
  GObject         parent_instance;

  GSettings      *settings;
  ScrimClockFunc  clock;
  gpointer        clock_data;
  gboolean        active;
  gint64          last_tick;      /* clock time of the last tick */
  double          unwritten;      /* review seconds not yet in the settings */
  double          continuous;     /* seconds of review without a long pause */
  double          paused;         /* seconds since review stopped */
  int             break_seconds;  /* < 0: from the settings */
  char           *day;            /* the day last checked (YYYY-MM-DD) */
};

enum
{
  SIGNAL_CHANGED,
  SIGNAL_BREAK_DUE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ScrimWindowExposure, scrim_window_exposure, G_TYPE_OBJECT)

static gint64
real_clock (gpointer user_data)
{
  return g_get_real_time ();
}

static gint64
now (ScrimWindowExposure *self)
{
  return self->clock (self->clock_data);
}

static char *
day_of (gint64 time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (time / G_USEC_PER_SEC);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d") : g_strdup ("");
}

/*
 * Writes a new day with zero counts in one change. g_settings_delay() is
 * for good: it runs on a settings object of its own, or the shared one
 * (the window's, bound to the protection) would hold every later change
 * back from the backend.
 */
static void
start_day (ScrimWindowExposure *self,
           const char          *today)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GSettings) batch = NULL;

  g_object_get (self->settings, "settings-schema", &schema, "path", &path, NULL);
  batch = g_settings_new_full (schema, NULL, path);
  g_settings_delay (batch);
  g_settings_set_string (batch, "exposure-day", today);
  g_settings_set_uint (batch, "exposure-reveals", 0);
  g_settings_set_uint (batch, "exposure-seconds", 0);
  g_settings_apply (batch);
}

/* A new day: the counts start from zero. */
static void
check_day (ScrimWindowExposure *self)
{
  g_autofree char *today = day_of (now (self));
  g_autofree char *counted = NULL;

  /* Once a day, not on every tick: the settings are read (and written)
   * only when the day changes. */
  if (g_strcmp0 (today, self->day) == 0)
    return;
  g_free (self->day);
  self->day = g_strdup (today);
  counted = g_settings_get_string (self->settings, "exposure-day");
  if (g_strcmp0 (today, counted) == 0)
    return;
  start_day (self, today);
  self->unwritten = 0;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
flush (ScrimWindowExposure *self)
{
  guint whole = (guint) self->unwritten;

  if (whole == 0)
    return;
  check_day (self);
  g_settings_set_uint (self->settings, "exposure-seconds",
                       g_settings_get_uint (self->settings, "exposure-seconds") + whole);
  self->unwritten -= whole;
}

static int
break_seconds (ScrimWindowExposure *self)
{
  if (self->break_seconds >= 0)
    return self->break_seconds;
  return g_settings_get_int (self->settings, "break-interval") * 60;
}

/*
** Advances the clock: review time and continuous review grow while
** active; a pause of five minutes resets continuous review; once it
** reaches the break interval, "break-due" is emitted and it starts again.
*/
void
_scrim_window_exposure_tick (ScrimWindowExposure *self)
{
  gint64 t = now (self);
  double dt = CLAMP ((t - self->last_tick) / (double) G_USEC_PER_SEC, 0.0, MAX_TICK_SECONDS);
  int interval;

  self->last_tick = t;
  check_day (self);
  if (!self->active)
    {
      self->paused += dt;
      if (self->paused >= PAUSE_RESETS_SECONDS)
        self->continuous = 0;
      return;
    }
  self->paused = 0;
  self->continuous += dt;
  self->unwritten += dt;
  if (self->unwritten >= FLUSH_SECONDS)
    flush (self);
  if (dt > 0)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  interval = break_seconds (self);
  if (interval > 0 && self->continuous >= interval)
    {
      self->continuous = 0;
      g_signal_emit (self, signals[SIGNAL_BREAK_DUE], 0);
    }
}

void
scrim_window_exposure_set_active (ScrimWindowExposure *self,
                                  gboolean             active)
{
  g_return_if_fail (SCRIM_IS_WINDOW_EXPOSURE (self));

  active = !!active;
  if (self->active == active)
    return;
  /* The time up to now belongs to the state before. */
  _scrim_window_exposure_tick (self);
  self->active = active;
  if (!active)
    flush (self);
}

gboolean
scrim_window_exposure_get_active (ScrimWindowExposure *self)
{
  g_return_val_if_fail (SCRIM_IS_WINDOW_EXPOSURE (self), FALSE);
  return self->active;
}

void
scrim_window_exposure_count_reveal (ScrimWindowExposure *self)
{
  g_return_if_fail (SCRIM_IS_WINDOW_EXPOSURE (self));

  check_day (self);
  g_settings_set_uint (self->settings, "exposure-reveals",
                       g_settings_get_uint (self->settings, "exposure-reveals") + 1);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

guint
scrim_window_exposure_get_reveals (ScrimWindowExposure *self)
{
  g_return_val_if_fail (SCRIM_IS_WINDOW_EXPOSURE (self), 0);

  check_day (self);
  return g_settings_get_uint (self->settings, "exposure-reveals");
}

guint
scrim_window_exposure_get_seconds (ScrimWindowExposure *self)
{
  g_return_val_if_fail (SCRIM_IS_WINDOW_EXPOSURE (self), 0);

  check_day (self);
  return g_settings_get_uint (self->settings, "exposure-seconds") + (guint) self->unwritten;
}

char *
scrim_window_exposure_dup_summary (ScrimWindowExposure *self)
{
  guint reveals = scrim_window_exposure_get_reveals (self);
  guint minutes = scrim_window_exposure_get_seconds (self) / 60;
  g_autofree char *images = g_strdup_printf (ngettext ("%u image revealed", "%u images revealed", reveals), reveals);
  g_autofree char *time = NULL;

  if (minutes >= 60)
    /* Translators: hours and minutes of review, e.g. "2 h 10 min". */
    time = g_strdup_printf (_("%u h %u min reviewing"), minutes / 60, minutes % 60);
  else
    time = g_strdup_printf (_("%u min reviewing"), minutes);
  /* Translators: "Today: 12 images revealed, 2 h 10 min reviewing". */
  return g_strdup_printf (_("Today: %s, %s"), images, time);
}

void
scrim_window_exposure_reset (ScrimWindowExposure *self)
{
  g_autofree char *today = NULL;

  g_return_if_fail (SCRIM_IS_WINDOW_EXPOSURE (self));

  today = day_of (now (self));
  self->unwritten = 0;
  start_day (self, today);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
_scrim_window_exposure_set_clock (ScrimWindowExposure *self,
                                  ScrimClockFunc       func,
                                  gpointer             user_data)
{
  g_return_if_fail (SCRIM_IS_WINDOW_EXPOSURE (self));

  self->clock = func != NULL ? func : real_clock;
  self->clock_data = user_data;
  self->last_tick = now (self);
}

void
_scrim_window_exposure_set_break_seconds (ScrimWindowExposure *self,
                                          int                  seconds)
{
  g_return_if_fail (SCRIM_IS_WINDOW_EXPOSURE (self));
  self->break_seconds = seconds;
}

double
_scrim_window_exposure_get_continuous (ScrimWindowExposure *self)
{
  g_return_val_if_fail (SCRIM_IS_WINDOW_EXPOSURE (self), 0);
  return self->continuous;
}

static void
scrim_window_exposure_dispose (GObject *object)
{
  ScrimWindowExposure *self = SCRIM_WINDOW_EXPOSURE (object);

  if (self->settings != NULL)
    {
      if (self->active)
        _scrim_window_exposure_tick (self);
      flush (self);
    }
  g_clear_object (&self->settings);
  g_clear_pointer (&self->day, g_free);
  G_OBJECT_CLASS (scrim_window_exposure_parent_class)->dispose (object);
}

static void
scrim_window_exposure_class_init (ScrimWindowExposureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = scrim_window_exposure_dispose;

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_BREAK_DUE] =
    g_signal_new ("break-due", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
scrim_window_exposure_init (ScrimWindowExposure *self)
{
  self->clock = real_clock;
  self->break_seconds = -1;
}

/*
** Returns a new counter over the analyst's settings (kept for its life),
** not active. The owner ticks it (_scrim_window_exposure_tick) every
** second while it lives.
*/
ScrimWindowExposure *
scrim_window_exposure_new (GSettings *settings)
{
  ScrimWindowExposure *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (SCRIM_TYPE_WINDOW_EXPOSURE, NULL);
  self->settings = g_object_ref (settings);
  self->last_tick = now (self);
  return self;
}
