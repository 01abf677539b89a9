/* scrim-job-bar.h: the running jobs of a window, with progress and a cancel button
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "scrim-job.h"

G_BEGIN_DECLS

#define SCRIM_TYPE_JOB_BAR (scrim_job_bar_get_type ())
G_DECLARE_FINAL_TYPE (ScrimJobBar, scrim_job_bar, SCRIM, JOB_BAR, GtkWidget)

/*
 * One row per running job (title, status, a GtkProgressBar that pulses
 * while the total is unknown, a Cancel button); hidden when none runs.
 * A job's row goes when it finishes; the window shows the outcome.
 */
GtkWidget *scrim_job_bar_new      (void);
void       scrim_job_bar_add_job  (ScrimJobBar *self,
                                   ScrimJob    *job);
guint      scrim_job_bar_get_n_jobs (ScrimJobBar *self);

G_END_DECLS
