/* scrim-job-bar.c
 *
 * One row per running job, built in code: the title above the status, a
 * progress bar, and Cancel. The rows follow their job's properties
 * through notify; a row goes when its job finishes (the window reports
 * the outcome), and the bar hides itself when no row is left.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "scrim-job-bar.h"

#define PULSE_INTERVAL_MS 100

typedef struct
{
  ScrimJobBar *bar;
  ScrimJob    *job;
  GtkWidget   *row;
  GtkWidget   *status;
  GtkWidget   *progress;
  GtkWidget   *cancel;
  guint        pulse_id;
} Row;

struct _ScrimJobBar
{
  GtkWidget  parent_instance;

  GPtrArray *rows;   /* of Row, in order of adding */
};

G_DEFINE_TYPE (ScrimJobBar, scrim_job_bar, GTK_TYPE_WIDGET)

static gboolean
pulse_cb (gpointer data)
{
  Row *row = data;

  gtk_progress_bar_pulse (GTK_PROGRESS_BAR (row->progress));
  return G_SOURCE_CONTINUE;
}

/* A known fraction fills the bar; an unknown one makes it pulse. */
static void
update_fraction (Row *row)
{
  double fraction = scrim_job_get_fraction (row->job);

  if (fraction >= 0)
    {
      g_clear_handle_id (&row->pulse_id, g_source_remove);
      gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (row->progress), fraction);
    }
  else if (row->pulse_id == 0)
    {
      row->pulse_id = g_timeout_add (PULSE_INTERVAL_MS, pulse_cb, row);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, row->pulse_id),
                                "[scrim] job bar pulse");
    }
}

static void
update_status (Row *row)
{
  const char *status = scrim_job_get_status (row->job);

  gtk_label_set_text (GTK_LABEL (row->status), status ? status : "");
  gtk_widget_set_tooltip_text (row->status, status);
}

static void
on_job_notify (ScrimJob   *job,
               GParamSpec *pspec,
               Row        *row)
{
  if (g_strcmp0 (pspec->name, "fraction") == 0)
    update_fraction (row);
  else if (g_strcmp0 (pspec->name, "status") == 0)
    update_status (row);
}

static void
row_free (Row *row)
{
  g_clear_handle_id (&row->pulse_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (row->job, row);
  gtk_widget_unparent (row->row);
  g_object_unref (row->job);
  g_free (row);
}

static void
update_visible (ScrimJobBar *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self), self->rows->len > 0);
}

static void
on_job_finished (ScrimJob     *job,
                 const GError *error,
                 const char   *summary,
                 Row          *row)
{
  ScrimJobBar *self = row->bar;

  /* Frees the row. */
  g_ptr_array_remove (self->rows, row);
  update_visible (self);
}

static void
on_cancel_clicked (GtkButton *button,
                   Row       *row)
{
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  scrim_job_cancel (row->job);
  /* Until "finished" removes the row (the job says the same once started). */
  gtk_label_set_text (GTK_LABEL (row->status), _("Stopping…"));
}

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

static Row *
row_new (ScrimJobBar *self,
         ScrimJob    *job)
{
  Row *row = g_new0 (Row, 1);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = new_label (scrim_job_get_title (job), "heading");

  row->bar = self;
  row->job = g_object_ref (job);
  row->row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (row->row, "scrim-job-row");
  gtk_widget_set_margin_start (row->row, 12);
  gtk_widget_set_margin_end (row->row, 12);
  gtk_widget_set_margin_top (row->row, 6);
  gtk_widget_set_margin_bottom (row->row, 6);

  row->status = new_label (NULL, "dim-label");
  gtk_widget_set_tooltip_text (title, scrim_job_get_title (job));
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), row->status);

  row->progress = gtk_progress_bar_new ();
  gtk_progress_bar_set_pulse_step (GTK_PROGRESS_BAR (row->progress), 0.1);
  gtk_widget_set_size_request (row->progress, 160, -1);
  gtk_widget_set_valign (row->progress, GTK_ALIGN_CENTER);

  row->cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_widget_set_tooltip_text (row->cancel, _("Stop this job; what is done is kept"));
  gtk_widget_set_valign (row->cancel, GTK_ALIGN_CENTER);
  g_signal_connect (row->cancel, "clicked", G_CALLBACK (on_cancel_clicked), row);

  gtk_box_append (GTK_BOX (row->row), texts);
  gtk_box_append (GTK_BOX (row->row), row->progress);
  gtk_box_append (GTK_BOX (row->row), row->cancel);

  update_status (row);
  update_fraction (row);
  g_signal_connect (job, "notify", G_CALLBACK (on_job_notify), row);
  g_signal_connect (job, "finished", G_CALLBACK (on_job_finished), row);
  return row;
}

static void
scrim_job_bar_dispose (GObject *object)
{
  ScrimJobBar *self = SCRIM_JOB_BAR (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (scrim_job_bar_parent_class)->dispose (object);
}

static void
scrim_job_bar_class_init (ScrimJobBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = scrim_job_bar_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "scrimjobbar");
}

static void
scrim_job_bar_init (ScrimJobBar *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/*
** Returns a new, hidden job bar (floating).
*/
GtkWidget *
scrim_job_bar_new (void)
{
  return g_object_new (SCRIM_TYPE_JOB_BAR, NULL);
}

/*
** Shows job (started or about to be) in a row of its own until it
** finishes; the bar shows itself. A job that has already finished is
** not added.
*/
void
scrim_job_bar_add_job (ScrimJobBar *self,
                       ScrimJob    *job)
{
  Row *row;

  g_return_if_fail (SCRIM_IS_JOB_BAR (self));
  g_return_if_fail (SCRIM_IS_JOB (job));

  if (scrim_job_get_finished (job))
    return;
  for (guint i = 0; i < self->rows->len; i++)
    if (((Row *) g_ptr_array_index (self->rows, i))->job == job)
      return;
  row = row_new (self, job);
  gtk_widget_insert_before (row->row, GTK_WIDGET (self), NULL);
  g_ptr_array_add (self->rows, row);
  update_visible (self);
}

/*
** Returns the number of jobs shown.
*/
guint
scrim_job_bar_get_n_jobs (ScrimJobBar *self)
{
  g_return_val_if_fail (SCRIM_IS_JOB_BAR (self), 0);
  return self->rows->len;
}
