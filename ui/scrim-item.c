/* scrim-item.c
 *
 * A ScrimItem is the GObject face of one ScrimReviewItem row. The model
 * keeps at most one object per image alive, and updates it in place when
 * the row changes (a grade, a match), so the cell that shows it follows
 * through notify.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "scrim-item-private.h"

struct _ScrimItem
{
  GObject  parent_instance;

  gint64   item_id;
  char     sha256[65];
  char    *category;
  gboolean conflict;
  gboolean obscured;
  int      grade;
  char    *label;
  guint    thumb_width;
  guint    thumb_height;
};

G_DEFINE_FINAL_TYPE (ScrimItem, scrim_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ITEM_ID,
  PROP_SHA256,
  PROP_CATEGORY,
  PROP_CONFLICT,
  PROP_OBSCURED,
  PROP_GRADE,
  PROP_LABEL,
  PROP_THUMB_WIDTH,
  PROP_THUMB_HEIGHT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static guint n_alive;

guint
_scrim_item_get_n_alive (void)
{
  return g_atomic_int_get (&n_alive);
}

static void
scrim_item_finalize (GObject *object)
{
  ScrimItem *self = SCRIM_ITEM (object);

  g_free (self->category);
  g_free (self->label);
  g_atomic_int_add (&n_alive, -1);

  G_OBJECT_CLASS (scrim_item_parent_class)->finalize (object);
}

static void
scrim_item_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  ScrimItem *self = SCRIM_ITEM (object);

  switch (prop_id)
    {
    case PROP_ITEM_ID:
      g_value_set_int64 (value, self->item_id);
      break;
    case PROP_SHA256:
      g_value_set_string (value, self->sha256);
      break;
    case PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;
    case PROP_CONFLICT:
      g_value_set_boolean (value, self->conflict);
      break;
    case PROP_OBSCURED:
      g_value_set_boolean (value, self->obscured);
      break;
    case PROP_GRADE:
      g_value_set_int (value, self->grade);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_THUMB_WIDTH:
      g_value_set_uint (value, self->thumb_width);
      break;
    case PROP_THUMB_HEIGHT:
      g_value_set_uint (value, self->thumb_height);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scrim_item_class_init (ScrimItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = scrim_item_finalize;
  object_class->get_property = scrim_item_get_property;

  properties[PROP_ITEM_ID] = g_param_spec_int64 ("item-id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_SHA256] = g_param_spec_string ("sha256", NULL, NULL, NULL, ro);
  properties[PROP_CATEGORY] = g_param_spec_string ("category", NULL, NULL, NULL, ro);
  properties[PROP_CONFLICT] = g_param_spec_boolean ("conflict", NULL, NULL, FALSE, ro);
  properties[PROP_OBSCURED] = g_param_spec_boolean ("obscured", NULL, NULL, FALSE, ro);
  properties[PROP_GRADE] = g_param_spec_int ("grade", NULL, NULL, -1, 5, -1, ro);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, ro);
  properties[PROP_THUMB_WIDTH] = g_param_spec_uint ("thumb-width", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_THUMB_HEIGHT] = g_param_spec_uint ("thumb-height", NULL, NULL, 0, G_MAXUINT, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
scrim_item_init (ScrimItem *self)
{
  self->grade = -1;
  g_atomic_int_inc (&n_alive);
}

/*
** Returns a new item holding a copy of row (full reference).
*/
ScrimItem *
scrim_item_new (const ScrimReviewItem *row)
{
  ScrimItem *self;

  g_return_val_if_fail (row != NULL, NULL);

  self = g_object_new (SCRIM_TYPE_ITEM, NULL);
  self->item_id = row->item_id;
  memcpy (self->sha256, row->sha256, sizeof self->sha256);
  self->sha256[64] = '\0';
  self->category = g_strdup (row->klass);
  self->conflict = !!row->conflict;
  self->obscured = !!row->obscured;
  self->grade = CLAMP (row->grade, -1, 5);
  self->label = g_strdup (row->label);
  self->thumb_width = row->thumb_width;
  self->thumb_height = row->thumb_height;
  return self;
}

static void
update_string (ScrimItem   *self,
               char       **field,
               const char  *value,
               guint        prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
update_int (ScrimItem *self,
            int       *field,
            int        value,
            guint      prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
update_uint (ScrimItem *self,
             guint     *field,
             guint      value,
             guint      prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/*
** Takes the values of row (which must be the same image), notifying each
** property that changed, and only those, after all are set (so a handler
** of one sees the others up to date).
*/
void
scrim_item_update (ScrimItem             *self,
                   const ScrimReviewItem *row)
{
  g_return_if_fail (SCRIM_IS_ITEM (self));
  g_return_if_fail (row != NULL);
  g_return_if_fail (row->item_id == self->item_id);

  g_object_freeze_notify (G_OBJECT (self));
  if (memcmp (self->sha256, row->sha256, 64) != 0)
    {
      memcpy (self->sha256, row->sha256, 64);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHA256]);
    }
  update_string (self, &self->category, row->klass, PROP_CATEGORY);
  update_int (self, &self->conflict, !!row->conflict, PROP_CONFLICT);
  update_int (self, &self->obscured, !!row->obscured, PROP_OBSCURED);
  update_int (self, &self->grade, CLAMP (row->grade, -1, 5), PROP_GRADE);
  update_string (self, &self->label, row->label, PROP_LABEL);
  update_uint (self, &self->thumb_width, row->thumb_width, PROP_THUMB_WIDTH);
  update_uint (self, &self->thumb_height, row->thumb_height, PROP_THUMB_HEIGHT);
  g_object_thaw_notify (G_OBJECT (self));
}

gint64
scrim_item_get_item_id (ScrimItem *self)
{
  g_return_val_if_fail (SCRIM_IS_ITEM (self), 0);
  return self->item_id;
}

const char *
scrim_item_get_sha256 (ScrimItem *self)
{
  g_return_val_if_fail (SCRIM_IS_ITEM (self), NULL);
  return self->sha256;
}

/* The pre-category ('a|b' when lists disagree), or NULL: no list matched. */
const char *
scrim_item_get_category (ScrimItem *self)
{
  g_return_val_if_fail (SCRIM_IS_ITEM (self), NULL);
  return self->category;
}

gboolean
scrim_item_get_conflict (ScrimItem *self)
{
  g_return_val_if_fail (SCRIM_IS_ITEM (self), FALSE);
  return self->conflict;
}

gboolean
scrim_item_get_obscured (ScrimItem *self)
{
  /* When in doubt, obscure. */
  g_return_val_if_fail (SCRIM_IS_ITEM (self), TRUE);
  return self->obscured;
}

int
scrim_item_get_grade (ScrimItem *self)
{
  g_return_val_if_fail (SCRIM_IS_ITEM (self), -1);
  return self->grade;
}

const char *
scrim_item_get_label (ScrimItem *self)
{
  g_return_val_if_fail (SCRIM_IS_ITEM (self), NULL);
  return self->label;
}

guint
scrim_item_get_thumb_width (ScrimItem *self)
{
  g_return_val_if_fail (SCRIM_IS_ITEM (self), 0);
  return self->thumb_width;
}

guint
scrim_item_get_thumb_height (ScrimItem *self)
{
  g_return_val_if_fail (SCRIM_IS_ITEM (self), 0);
  return self->thumb_height;
}
