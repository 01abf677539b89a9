/* scrim-protection.c
 *
 * One object per window holds what decides how an image is painted: the
 * analyst's settings (bound to GSettings both ways, so the preferences
 * window and every grid follow the same keys) and the runtime state (the
 * one revealed item, the blanked window). Painting widgets ask
 * scrim_protection_get_paint() at every snapshot, so a change of setting
 * repaints at once and no cached image can outlive it.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "scrim-protection.h"

#define DEFAULT_BLUR_STRENGTH 6

struct _ScrimProtection
{
  GObject             parent_instance;

  GSettings          *settings;
  ScrimUnknownPolicy  unknown_policy;
  int                 blur_strength;
  gboolean            greyscale_unknown;
  gboolean            show_ignorable;
  gboolean            allow_copy;
  gint64              revealed_item;
  gboolean            blanked;
};

G_DEFINE_FINAL_TYPE (ScrimProtection, scrim_protection, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SETTINGS,
  PROP_UNKNOWN_POLICY,
  PROP_BLUR_STRENGTH,
  PROP_GREYSCALE_UNKNOWN,
  PROP_SHOW_IGNORABLE,
  PROP_ALLOW_COPY,
  PROP_REVEALED_ITEM,
  PROP_BLANKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The nicks are the values of the schema's enum
 * io.github.scrimtriage.Scrim.UnknownPolicy: g_settings_bind() maps an
 * enum key to an enum property through them. */
GType
scrim_unknown_policy_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { SCRIM_UNKNOWN_POLICY_INTERACTIVE, "SCRIM_UNKNOWN_POLICY_INTERACTIVE", "interactive" },
        { SCRIM_UNKNOWN_POLICY_CLEAR, "SCRIM_UNKNOWN_POLICY_CLEAR", "clear" },
        { SCRIM_UNKNOWN_POLICY_BLURRED, "SCRIM_UNKNOWN_POLICY_BLURRED", "blurred" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static ("ScrimUnknownPolicy", values);

      g_once_init_leave (&type_id, type);
    }
  return type_id;
}

/* Settings key → property, both ways. */
static const struct
{
  const char *key;
  guint       prop;
} bindings[] = {
  { "unknown-policy", PROP_UNKNOWN_POLICY },
  { "blur-strength", PROP_BLUR_STRENGTH },
  { "greyscale-unknown", PROP_GREYSCALE_UNKNOWN },
  { "show-ignorable", PROP_SHOW_IGNORABLE },
  { "allow-copy", PROP_ALLOW_COPY },
};

static void
scrim_protection_constructed (GObject *object)
{
  ScrimProtection *self = SCRIM_PROTECTION (object);

  G_OBJECT_CLASS (scrim_protection_parent_class)->constructed (object);

  if (self->settings == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    g_settings_bind (self->settings, bindings[i].key, self,
                     g_param_spec_get_name (properties[bindings[i].prop]), G_SETTINGS_BIND_DEFAULT);
}

static void
scrim_protection_dispose (GObject *object)
{
  ScrimProtection *self = SCRIM_PROTECTION (object);

  if (self->settings != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
      g_settings_unbind (self, g_param_spec_get_name (properties[bindings[i].prop]));
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (scrim_protection_parent_class)->dispose (object);
}

/* Sets a boolean field, notifying when it changed. */
static void
set_boolean (ScrimProtection *self,
             gboolean        *field,
             gboolean         value,
             guint            prop)
{
  value = !!value;
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
scrim_protection_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ScrimProtection *self = SCRIM_PROTECTION (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_UNKNOWN_POLICY:
      g_value_set_enum (value, self->unknown_policy);
      break;
    case PROP_BLUR_STRENGTH:
      g_value_set_int (value, self->blur_strength);
      break;
    case PROP_GREYSCALE_UNKNOWN:
      g_value_set_boolean (value, self->greyscale_unknown);
      break;
    case PROP_SHOW_IGNORABLE:
      g_value_set_boolean (value, self->show_ignorable);
      break;
    case PROP_ALLOW_COPY:
      g_value_set_boolean (value, self->allow_copy);
      break;
    case PROP_REVEALED_ITEM:
      g_value_set_int64 (value, self->revealed_item);
      break;
    case PROP_BLANKED:
      g_value_set_boolean (value, self->blanked);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scrim_protection_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ScrimProtection *self = SCRIM_PROTECTION (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_UNKNOWN_POLICY:
      scrim_protection_set_unknown_policy (self, g_value_get_enum (value));
      break;
    case PROP_BLUR_STRENGTH:
      scrim_protection_set_blur_strength (self, g_value_get_int (value));
      break;
    case PROP_GREYSCALE_UNKNOWN:
      scrim_protection_set_greyscale_unknown (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_IGNORABLE:
      set_boolean (self, &self->show_ignorable, g_value_get_boolean (value), PROP_SHOW_IGNORABLE);
      break;
    case PROP_ALLOW_COPY:
      set_boolean (self, &self->allow_copy, g_value_get_boolean (value), PROP_ALLOW_COPY);
      break;
    case PROP_REVEALED_ITEM:
      scrim_protection_set_revealed_item (self, g_value_get_int64 (value));
      break;
    case PROP_BLANKED:
      scrim_protection_set_blanked (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scrim_protection_class_init (ScrimProtectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = scrim_protection_constructed;
  object_class->dispose = scrim_protection_dispose;
  object_class->get_property = scrim_protection_get_property;
  object_class->set_property = scrim_protection_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNKNOWN_POLICY] =
    g_param_spec_enum ("unknown-policy", NULL, NULL, SCRIM_TYPE_UNKNOWN_POLICY,
                       SCRIM_UNKNOWN_POLICY_INTERACTIVE, rw);
  properties[PROP_BLUR_STRENGTH] =
    g_param_spec_int ("blur-strength", NULL, NULL, 1, 10, DEFAULT_BLUR_STRENGTH, rw);
  properties[PROP_GREYSCALE_UNKNOWN] =
    g_param_spec_boolean ("greyscale-unknown", NULL, NULL, FALSE, rw);
  properties[PROP_SHOW_IGNORABLE] =
    g_param_spec_boolean ("show-ignorable", NULL, NULL, FALSE, rw);
  properties[PROP_ALLOW_COPY] =
    g_param_spec_boolean ("allow-copy", NULL, NULL, FALSE, rw);
  properties[PROP_REVEALED_ITEM] =
    g_param_spec_int64 ("revealed-item", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_BLANKED] =
    g_param_spec_boolean ("blanked", NULL, NULL, FALSE, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
scrim_protection_init (ScrimProtection *self)
{
  self->unknown_policy = SCRIM_UNKNOWN_POLICY_INTERACTIVE;
  self->blur_strength = DEFAULT_BLUR_STRENGTH;
}

/*
** Returns a new protection state (full reference). With settings, the
** setting properties are bound to the keys of the same names (read and
** written both ways); without, they keep their defaults until set.
*/
ScrimProtection *
scrim_protection_new (GSettings *settings)
{
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (SCRIM_TYPE_PROTECTION, "settings", settings, NULL);
}

ScrimUnknownPolicy
scrim_protection_get_unknown_policy (ScrimProtection *self)
{
  g_return_val_if_fail (SCRIM_IS_PROTECTION (self), SCRIM_UNKNOWN_POLICY_INTERACTIVE);
  return self->unknown_policy;
}

void
scrim_protection_set_unknown_policy (ScrimProtection    *self,
                                     ScrimUnknownPolicy  policy)
{
  g_return_if_fail (SCRIM_IS_PROTECTION (self));
  g_return_if_fail (policy <= SCRIM_UNKNOWN_POLICY_BLURRED);

  if (self->unknown_policy == policy)
    return;
  self->unknown_policy = policy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNKNOWN_POLICY]);
}

int
scrim_protection_get_blur_strength (ScrimProtection *self)
{
  g_return_val_if_fail (SCRIM_IS_PROTECTION (self), DEFAULT_BLUR_STRENGTH);
  return self->blur_strength;
}

/*
** Sets how strongly obscured material is blurred (1..10; values outside
** are clamped).
*/
void
scrim_protection_set_blur_strength (ScrimProtection *self,
                                    int              strength)
{
  g_return_if_fail (SCRIM_IS_PROTECTION (self));

  strength = CLAMP (strength, 1, 10);
  if (self->blur_strength == strength)
    return;
  self->blur_strength = strength;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLUR_STRENGTH]);
}

gboolean
scrim_protection_get_greyscale_unknown (ScrimProtection *self)
{
  g_return_val_if_fail (SCRIM_IS_PROTECTION (self), FALSE);
  return self->greyscale_unknown;
}

void
scrim_protection_set_greyscale_unknown (ScrimProtection *self,
                                        gboolean         greyscale)
{
  g_return_if_fail (SCRIM_IS_PROTECTION (self));
  set_boolean (self, &self->greyscale_unknown, greyscale, PROP_GREYSCALE_UNKNOWN);
}

gboolean
scrim_protection_get_show_ignorable (ScrimProtection *self)
{
  g_return_val_if_fail (SCRIM_IS_PROTECTION (self), FALSE);
  return self->show_ignorable;
}

gboolean
scrim_protection_get_allow_copy (ScrimProtection *self)
{
  g_return_val_if_fail (SCRIM_IS_PROTECTION (self), FALSE);
  return self->allow_copy;
}

gint64
scrim_protection_get_revealed_item (ScrimProtection *self)
{
  g_return_val_if_fail (SCRIM_IS_PROTECTION (self), 0);
  return self->revealed_item;
}

/*
** Makes item_id the one item painted unobscured (0: none). The caller
** logs the reveal (scrim_review_log_reveal()) before it sets it.
*/
void
scrim_protection_set_revealed_item (ScrimProtection *self,
                                    gint64           item_id)
{
  g_return_if_fail (SCRIM_IS_PROTECTION (self));
  g_return_if_fail (item_id >= 0);

  if (self->revealed_item == item_id)
    return;
  self->revealed_item = item_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED_ITEM]);
}

gboolean
scrim_protection_get_blanked (ScrimProtection *self)
{
  g_return_val_if_fail (SCRIM_IS_PROTECTION (self), FALSE);
  return self->blanked;
}

void
scrim_protection_set_blanked (ScrimProtection *self,
                              gboolean         blanked)
{
  g_return_if_fail (SCRIM_IS_PROTECTION (self));
  set_boolean (self, &self->blanked, blanked, PROP_BLANKED);
}

/*
** Fills paint with the protection for item_id painted at size (its longer
** side, in pixels):
**   obscured, not the revealed item: blur radius size × (0.03 + 0.012 ×
**     blur-strength), at least 6 px, and greyscale;
**   obscured and revealed: painted as it is;
**   unknown: a light blur (size × 0.025, at least 3 px) under the blurred
**     policy, and under the interactive one unless hovered; none under the
**     clear policy; greyscale when greyscale-unknown is set.
** Hovering never lifts the obscuring of matched material.
*/
void
scrim_protection_get_paint (ScrimProtection *self,
                            gint64           item_id,
                            gboolean         obscured,
                            gboolean         hovered,
                            double           size,
                            ScrimPaint      *paint)
{
  gboolean light_blur;

  g_return_if_fail (SCRIM_IS_PROTECTION (self));
  g_return_if_fail (paint != NULL);

  size = MAX (size, 0);
  if (obscured)
    {
      gboolean revealed = item_id != 0 && item_id == self->revealed_item;

      paint->blur_radius = revealed ? 0 : MAX (6.0, size * (0.03 + 0.012 * self->blur_strength));
      paint->greyscale = !revealed;
      return;
    }
  switch (self->unknown_policy)
    {
    case SCRIM_UNKNOWN_POLICY_CLEAR:
      light_blur = FALSE;
      break;
    case SCRIM_UNKNOWN_POLICY_BLURRED:
      light_blur = TRUE;
      break;
    case SCRIM_UNKNOWN_POLICY_INTERACTIVE:
    default:
      light_blur = !hovered;
      break;
    }
  paint->blur_radius = light_blur ? MAX (3.0, size * 0.025) : 0;
  paint->greyscale = self->greyscale_unknown;
}
