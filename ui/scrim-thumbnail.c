/* scrim-thumbnail.c
 *
 * The one place where image pixels reach the screen. Protection is
 * applied here, at paint time, from scrim_protection_get_paint(): the
 * texture is appended inside a blur node (and a greyscale colour matrix),
 * so there is no unblurred copy of obscured material anywhere in the
 * render tree, and a change of protection takes effect at the next frame.
 *
 * A blur samples transparency outside its child, which would show as a
 * dark fringe; the texture is therefore painted grown by the reach of the
 * blur and clipped back to its fitted rectangle.
 *
 * The widget has no size of its own (it measures 0): its parent gives it
 * one (a size request, an expanding box).
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "scrim-thumbnail.h"

#define CORNER_RADIUS 4.0

struct _ScrimThumbnail
{
  GtkWidget        parent_instance;

  ScrimProtection *protection;
  GdkTexture      *texture;
  gint64           item_id;
  gboolean         obscured;
  gboolean         hovered;
};

G_DEFINE_FINAL_TYPE (ScrimThumbnail, scrim_thumbnail, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_PROTECTION,
  PROP_TEXTURE,
  PROP_ITEM_ID,
  PROP_OBSCURED,
  PROP_HOVERED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Luma (BT.709) in every colour channel: row i is what input channel i
 * gives each output (GSK applies the transpose). */
static const float greyscale_matrix[16] = {
  0.2126f, 0.2126f, 0.2126f, 0.0f,
  0.7152f, 0.7152f, 0.7152f, 0.0f,
  0.0722f, 0.0722f, 0.0722f, 0.0f,
  0.0f,    0.0f,    0.0f,    1.0f,
};

static void
snapshot_placeholder (ScrimThumbnail *self,
                      GtkSnapshot    *snapshot,
                      int             width,
                      int             height)
{
  GskRoundedRect rounded;
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, width, height);

  gsk_rounded_rect_init_from_rect (&rounded, &bounds, CORNER_RADIUS);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.5f, 0.5f, 0.5f, 0.18f }, &bounds);
  gtk_snapshot_pop (snapshot);
}

/* The texture's rectangle scaled to fit width × height, aspect kept,
 * centred, on whole pixels. */
static void
fit_rect (GdkTexture      *texture,
          int              width,
          int              height,
          graphene_rect_t *rect)
{
  double tw = gdk_texture_get_width (texture);
  double th = gdk_texture_get_height (texture);
  double scale = MIN (width / tw, height / th);
  double w = MAX (1, round (tw * scale));
  double h = MAX (1, round (th * scale));

  graphene_rect_init (rect, floor ((width - w) / 2), floor ((height - h) / 2), w, h);
}

static void
scrim_thumbnail_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  ScrimThumbnail *self = SCRIM_THUMBNAIL (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  graphene_rect_t rect, paint_rect;
  GskRoundedRect rounded;
  ScrimPaint paint;

  if (width <= 0 || height <= 0)
    return;
  if (self->texture == NULL || scrim_protection_get_blanked (self->protection))
    {
      snapshot_placeholder (self, snapshot, width, height);
      return;
    }
  fit_rect (self->texture, width, height, &rect);
  scrim_protection_get_paint (self->protection, self->item_id, self->obscured, self->hovered,
                              MAX (rect.size.width, rect.size.height), &paint);
  /* A gaussian reaches about 3 sigma, and GSK's sigma is radius / 2. */
  paint_rect = rect;
  if (paint.blur_radius > 0)
    graphene_rect_inset (&paint_rect, -ceil (1.5 * paint.blur_radius), -ceil (1.5 * paint.blur_radius));

  gsk_rounded_rect_init_from_rect (&rounded, &rect, CORNER_RADIUS);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  if (paint.blur_radius > 0)
    gtk_snapshot_push_blur (snapshot, paint.blur_radius);
  if (paint.greyscale)
    {
      graphene_matrix_t matrix;

      graphene_matrix_init_from_float (&matrix, greyscale_matrix);
      gtk_snapshot_push_color_matrix (snapshot, &matrix, graphene_vec4_zero ());
    }
  gtk_snapshot_append_texture (snapshot, self->texture, &paint_rect);
  if (paint.greyscale)
    gtk_snapshot_pop (snapshot);
  if (paint.blur_radius > 0)
    gtk_snapshot_pop (snapshot);
  gtk_snapshot_pop (snapshot);
}

static void
scrim_thumbnail_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  /* The parent decides (see the top of the file). */
  *minimum = *natural = 0;
}

static void
set_hovered (ScrimThumbnail *self,
             gboolean        hovered)
{
  if (self->hovered == hovered)
    return;
  self->hovered = hovered;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOVERED]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
pointer_enter (GtkEventControllerMotion *motion,
               double                    x,
               double                    y,
               ScrimThumbnail           *self)
{
  set_hovered (self, TRUE);
}

static void
pointer_leave (GtkEventControllerMotion *motion,
               ScrimThumbnail           *self)
{
  set_hovered (self, FALSE);
}

static void
protection_changed (ScrimThumbnail *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
scrim_thumbnail_constructed (GObject *object)
{
  ScrimThumbnail *self = SCRIM_THUMBNAIL (object);

  G_OBJECT_CLASS (scrim_thumbnail_parent_class)->constructed (object);

  /* Without a protection nothing could be painted safely. */
  g_assert (SCRIM_IS_PROTECTION (self->protection));
  g_signal_connect_object (self->protection, "notify", G_CALLBACK (protection_changed), self, G_CONNECT_SWAPPED);
}

static void
scrim_thumbnail_dispose (GObject *object)
{
  ScrimThumbnail *self = SCRIM_THUMBNAIL (object);

  g_clear_object (&self->texture);
  g_clear_object (&self->protection);

  G_OBJECT_CLASS (scrim_thumbnail_parent_class)->dispose (object);
}

static void
scrim_thumbnail_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ScrimThumbnail *self = SCRIM_THUMBNAIL (object);

  switch (prop_id)
    {
    case PROP_PROTECTION:
      g_value_set_object (value, self->protection);
      break;
    case PROP_TEXTURE:
      g_value_set_object (value, self->texture);
      break;
    case PROP_ITEM_ID:
      g_value_set_int64 (value, self->item_id);
      break;
    case PROP_OBSCURED:
      g_value_set_boolean (value, self->obscured);
      break;
    case PROP_HOVERED:
      g_value_set_boolean (value, self->hovered);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scrim_thumbnail_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ScrimThumbnail *self = SCRIM_THUMBNAIL (object);

  switch (prop_id)
    {
    case PROP_PROTECTION:
      self->protection = g_value_dup_object (value);
      break;
    case PROP_TEXTURE:
      scrim_thumbnail_set_texture (self, g_value_get_object (value));
      break;
    case PROP_ITEM_ID:
      scrim_thumbnail_set_item (self, g_value_get_int64 (value), self->obscured);
      break;
    case PROP_OBSCURED:
      scrim_thumbnail_set_item (self, self->item_id, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scrim_thumbnail_class_init (ScrimThumbnailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = scrim_thumbnail_constructed;
  object_class->dispose = scrim_thumbnail_dispose;
  object_class->get_property = scrim_thumbnail_get_property;
  object_class->set_property = scrim_thumbnail_set_property;
  widget_class->snapshot = scrim_thumbnail_snapshot;
  widget_class->measure = scrim_thumbnail_measure;

  properties[PROP_PROTECTION] =
    g_param_spec_object ("protection", NULL, NULL, SCRIM_TYPE_PROTECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXTURE] = g_param_spec_object ("texture", NULL, NULL, GDK_TYPE_TEXTURE, rw);
  properties[PROP_ITEM_ID] = g_param_spec_int64 ("item-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  /* Starts TRUE: a thumbnail told nothing obscures. */
  properties[PROP_OBSCURED] = g_param_spec_boolean ("obscured", NULL, NULL, TRUE, rw);
  properties[PROP_HOVERED] =
    g_param_spec_boolean ("hovered", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "scrim-thumbnail");
}

static void
scrim_thumbnail_init (ScrimThumbnail *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->obscured = TRUE;
  g_signal_connect (motion, "enter", G_CALLBACK (pointer_enter), self);
  g_signal_connect (motion, "leave", G_CALLBACK (pointer_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

/*
** Returns a new thumbnail painting through protection (which it keeps),
** with no texture and no item (obscured until told otherwise).
*/
GtkWidget *
scrim_thumbnail_new (ScrimProtection *protection)
{
  g_return_val_if_fail (SCRIM_IS_PROTECTION (protection), NULL);

  return g_object_new (SCRIM_TYPE_THUMBNAIL, "protection", protection, NULL);
}

/*
** Sets the pixels to paint (NULL: the placeholder). Set the item first:
** the texture is painted with the protection of the item set.
*/
void
scrim_thumbnail_set_texture (ScrimThumbnail *self,
                             GdkTexture     *texture)
{
  g_return_if_fail (SCRIM_IS_THUMBNAIL (self));
  g_return_if_fail (texture == NULL || GDK_IS_TEXTURE (texture));

  if (!g_set_object (&self->texture, texture))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXTURE]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

GdkTexture *
scrim_thumbnail_get_texture (ScrimThumbnail *self)
{
  g_return_val_if_fail (SCRIM_IS_THUMBNAIL (self), NULL);
  return self->texture;
}

/*
** Sets which image is painted (for the revealed item) and whether it is
** obscured (matched material, or graded so).
*/
void
scrim_thumbnail_set_item (ScrimThumbnail *self,
                          gint64          item_id,
                          gboolean        obscured)
{
  g_return_if_fail (SCRIM_IS_THUMBNAIL (self));

  obscured = !!obscured;
  g_object_freeze_notify (G_OBJECT (self));
  if (self->item_id != item_id)
    {
      self->item_id = item_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM_ID]);
    }
  if (self->obscured != obscured)
    {
      self->obscured = obscured;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OBSCURED]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
scrim_thumbnail_get_hovered (ScrimThumbnail *self)
{
  g_return_val_if_fail (SCRIM_IS_THUMBNAIL (self), FALSE);
  return self->hovered;
}
