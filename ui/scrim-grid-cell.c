/* scrim-grid-cell.c
 *
 * A grid cell is made once by the grid's factory and then bound to one
 * item after another as the grid scrolls. Binding starts the thumbnail
 * load (with a cancellable of its own); unbinding cancels it and drops the
 * texture, so a recycled cell never holds the pixels of an image it no
 * longer shows, and the item and protection state are set before any
 * texture arrives.
 *
 * Over the thumbnail: a chip for the pre-category (with "≠" when the
 * lists disagree) and a badge for the analyst's grade. Styling is in
 * scrim-grid.css.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "scrim-grid-cell.h"

struct _ScrimGridCell
{
  GtkWidget             parent_instance;

  ScrimThumbnailLoader *loader;
  GtkWidget            *overlay;
  ScrimThumbnail       *thumbnail;
  GtkWidget            *chip;
  GtkWidget            *grade;

  ScrimItem            *item;
  GCancellable         *cancellable;
  gulong                notify_handler;
  int                   size;
};

G_DEFINE_FINAL_TYPE (ScrimGridCell, scrim_grid_cell, GTK_TYPE_WIDGET)

#define DEFAULT_SIZE 160

/* The classes of the default scheme, most severe first: the chip of a
 * conflict names the most severe one the lists gave. */
static const struct
{
  const char *klass;
  const char *label;
} classes[] = {
  { "abuse", N_("Abuse") },
  { "exploitive", N_("Exploitive") },
  { "cgi", N_("CGI") },
  { "comparison", N_("Comparison") },
  { "uncategorised", N_("Uncategorised") },
  { "non-pertinent", N_("Non-pertinent") },
  { "known-good", N_("Known good") },
};

static const char * const grade_meanings[] = {
  N_("Non-pertinent"),
  N_("Abuse"),
  N_("Exploitive"),
  N_("CGI / animation"),
  N_("Comparison"),
  N_("Reviewed, no category"),
};

/* Whether the '|'-separated category names klass. */
static gboolean
category_has (const char *category,
              const char *klass)
{
  g_auto(GStrv) parts = g_strsplit (category, "|", -1);

  return g_strv_contains ((const char * const *) parts, klass);
}

static void
update_chip (ScrimGridCell *self)
{
  const char *category = self->item ? scrim_item_get_category (self->item) : NULL;
  gboolean conflict = self->item && scrim_item_get_conflict (self->item);
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;
  const char *css = NULL;
  const char *label = NULL;

  gtk_widget_set_css_classes (self->chip, (const char *[]) { "scrim-chip", NULL });
  if (category == NULL)
    {
      gtk_widget_set_visible (self->chip, FALSE);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (classes) && label == NULL; i++)
    if (category_has (category, classes[i].klass))
      {
        css = classes[i].klass;
        label = _(classes[i].label);
      }
  /* A class of a team's own scheme: shown as it is named. */
  if (label == NULL)
    label = category;
  text = conflict ? g_strdup_printf ("%s ≠", label) : g_strdup (label);
  if (conflict)
    {
      g_auto(GStrv) parts = g_strsplit (category, "|", -1);
      g_autofree char *joined = g_strjoinv (", ", parts);

      tooltip = g_strdup_printf (_("Lists disagree: %s"), joined);
    }
  if (css != NULL)
    gtk_widget_add_css_class (self->chip, css);
  if (conflict)
    gtk_widget_add_css_class (self->chip, "conflict");
  gtk_label_set_text (GTK_LABEL (self->chip), text);
  gtk_widget_set_tooltip_text (self->chip, tooltip);
  gtk_widget_set_visible (self->chip, TRUE);
}

static void
update_grade (ScrimGridCell *self)
{
  int grade = self->item ? scrim_item_get_grade (self->item) : -1;
  g_autofree char *text = NULL;
  g_autofree char *css = NULL;

  gtk_widget_set_css_classes (self->grade, (const char *[]) { "scrim-grade", NULL });
  if (grade < 0 || grade >= (int) G_N_ELEMENTS (grade_meanings))
    {
      gtk_widget_set_visible (self->grade, FALSE);
      return;
    }
  text = g_strdup_printf ("%d", grade);
  css = g_strdup_printf ("grade-%d", grade);
  gtk_widget_add_css_class (self->grade, css);
  gtk_label_set_text (GTK_LABEL (self->grade), text);
  gtk_widget_set_tooltip_text (self->grade, _(grade_meanings[grade]));
  gtk_widget_set_visible (self->grade, TRUE);
}

static void
update_obscured (ScrimGridCell *self)
{
  gboolean obscured = self->item ? scrim_item_get_obscured (self->item) : TRUE;

  scrim_thumbnail_set_item (self->thumbnail, self->item ? scrim_item_get_item_id (self->item) : 0, obscured);
  if (obscured && self->item != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), "obscured");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "obscured");
}

static void
item_notify (ScrimItem     *item,
             GParamSpec    *pspec,
             ScrimGridCell *self)
{
  const char *name = g_param_spec_get_name (pspec);

  if (strcmp (name, "obscured") == 0)
    update_obscured (self);
  else if (strcmp (name, "grade") == 0)
    update_grade (self);
  else if (strcmp (name, "category") == 0 || strcmp (name, "conflict") == 0)
    update_chip (self);
}

static void
thumbnail_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = scrim_thumbnail_loader_load_finish (SCRIM_THUMBNAIL_LOADER (source), result, &error);
  ScrimGridCell *self;

  /* Cancelled on unbind and in dispose: then the cell may be gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SCRIM_GRID_CELL (user_data);
  if (texture == NULL)
    {
      g_debug ("no thumbnail for image %" G_GINT64_FORMAT ": %s",
               self->item ? scrim_item_get_item_id (self->item) : 0, error->message);
      return;
    }
  g_clear_object (&self->cancellable);
  scrim_thumbnail_set_texture (self->thumbnail, texture);
}

static void
scrim_grid_cell_dispose (GObject *object)
{
  ScrimGridCell *self = SCRIM_GRID_CELL (object);

  scrim_grid_cell_unbind (self);
  g_clear_pointer (&self->overlay, gtk_widget_unparent);
  g_clear_object (&self->loader);

  G_OBJECT_CLASS (scrim_grid_cell_parent_class)->dispose (object);
}

static void
scrim_grid_cell_class_init (ScrimGridCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = scrim_grid_cell_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "scrim-grid-cell");
}

static void
scrim_grid_cell_init (ScrimGridCell *self)
{
  self->size = DEFAULT_SIZE;
  self->overlay = gtk_overlay_new ();
  gtk_widget_set_parent (self->overlay, GTK_WIDGET (self));

  self->chip = gtk_label_new (NULL);
  gtk_widget_set_halign (self->chip, GTK_ALIGN_START);
  gtk_widget_set_valign (self->chip, GTK_ALIGN_END);
  gtk_widget_set_visible (self->chip, FALSE);
  gtk_label_set_ellipsize (GTK_LABEL (self->chip), PANGO_ELLIPSIZE_END);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), self->chip);

  self->grade = gtk_label_new (NULL);
  gtk_widget_set_halign (self->grade, GTK_ALIGN_END);
  gtk_widget_set_valign (self->grade, GTK_ALIGN_START);
  gtk_widget_set_visible (self->grade, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), self->grade);

  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
}

/*
** Returns a new, unbound cell painting through protection and loading
** through loader (it keeps both).
*/
GtkWidget *
scrim_grid_cell_new (ScrimProtection      *protection,
                     ScrimThumbnailLoader *loader)
{
  ScrimGridCell *self;

  g_return_val_if_fail (SCRIM_IS_PROTECTION (protection), NULL);
  g_return_val_if_fail (SCRIM_IS_THUMBNAIL_LOADER (loader), NULL);

  self = g_object_new (SCRIM_TYPE_GRID_CELL, NULL);
  self->loader = g_object_ref (loader);
  self->thumbnail = SCRIM_THUMBNAIL (scrim_thumbnail_new (protection));
  gtk_overlay_set_child (GTK_OVERLAY (self->overlay), GTK_WIDGET (self->thumbnail));
  scrim_grid_cell_set_size (self, self->size);
  return GTK_WIDGET (self);
}

/*
** Shows item (unbinding what was shown): sets the thumbnail's item and
** protection state, then asks the loader for its pixels.
*/
void
scrim_grid_cell_bind (ScrimGridCell *self,
                      ScrimItem     *item)
{
  g_return_if_fail (SCRIM_IS_GRID_CELL (self));
  g_return_if_fail (SCRIM_IS_ITEM (item));

  scrim_grid_cell_unbind (self);
  self->item = g_object_ref (item);
  self->notify_handler = g_signal_connect (item, "notify", G_CALLBACK (item_notify), self);
  update_obscured (self);
  update_chip (self);
  update_grade (self);
  self->cancellable = g_cancellable_new ();
  scrim_thumbnail_loader_load_async (self->loader, scrim_item_get_item_id (item), self->cancellable,
                                     thumbnail_loaded, self);
}

/*
** Stops showing the item: cancels its load and drops its texture. Does
** nothing when the cell is not bound.
*/
void
scrim_grid_cell_unbind (ScrimGridCell *self)
{
  g_return_if_fail (SCRIM_IS_GRID_CELL (self));

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  if (self->thumbnail != NULL)
    scrim_thumbnail_set_texture (self->thumbnail, NULL);
  if (self->item == NULL)
    return;
  g_clear_signal_handler (&self->notify_handler, self->item);
  g_clear_object (&self->item);
  update_obscured (self);
  update_chip (self);
  update_grade (self);
}

ScrimItem *
scrim_grid_cell_get_item (ScrimGridCell *self)
{
  g_return_val_if_fail (SCRIM_IS_GRID_CELL (self), NULL);
  return self->item;
}

/*
** Sets the thumbnail's size (a square of size pixels: the image is fitted
** into it).
*/
void
scrim_grid_cell_set_size (ScrimGridCell *self,
                          int            size)
{
  g_return_if_fail (SCRIM_IS_GRID_CELL (self));
  g_return_if_fail (size > 0);

  self->size = size;
  if (self->thumbnail != NULL)
    gtk_widget_set_size_request (GTK_WIDGET (self->thumbnail), size, size);
}

ScrimThumbnail *
scrim_grid_cell_get_thumbnail (ScrimGridCell *self)
{
  g_return_val_if_fail (SCRIM_IS_GRID_CELL (self), NULL);
  return self->thumbnail;
}
