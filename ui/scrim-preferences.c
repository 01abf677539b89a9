/* scrim-preferences.c
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "scrim-case.h"
#include "scrim-preferences.h"
#include "scrim-settings.h"
#include "scrim-window-exposure.h"

struct _ScrimPreferences
{
  AdwPreferencesWindow  parent_instance;

  AdwComboRow          *unknown_policy_row;
  GtkSpinButton        *blur_spin;
  GtkSwitch            *greyscale_switch;
  GtkSwitch            *ignorable_switch;
  GtkSwitch            *copy_switch;
  GtkSwitch            *inactive_switch;
  GtkSpinButton        *size_spin;
  GtkSpinButton        *break_spin;
  AdwPreferencesGroup  *examiner_group;
  AdwEntryRow          *examiner_row;
  AdwActionRow         *exposure_row;

  GSettings            *settings;
  ScrimWindowExposure  *exposure;
};

G_DEFINE_FINAL_TYPE (ScrimPreferences, scrim_preferences, ADW_TYPE_PREFERENCES_WINDOW)

/* The rows of the combo, in the order of the settings' enum. */
static const char * const policies[] = { "interactive", "clear", "blurred" };

static gboolean
policy_to_row (GValue   *value,
               GVariant *variant,
               gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (policies); i++)
    if (g_strcmp0 (nick, policies[i]) == 0)
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
row_to_policy (const GValue       *value,
               const GVariantType *expected_type,
               gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  if (i >= G_N_ELEMENTS (policies))
    return NULL;
  return g_variant_new_string (policies[i]);
}

static void
show_exposure (ScrimPreferences *self)
{
  g_autofree char *summary = scrim_window_exposure_dup_summary (self->exposure);

  adw_action_row_set_subtitle (self->exposure_row, summary);
}

static void
on_reset_clicked (ScrimPreferences *self)
{
  scrim_window_exposure_reset (self->exposure);
}

static void
bind_settings (ScrimPreferences *self)
{
  g_autofree char *login = scrim_default_examiner ();
  g_autofree char *description = NULL;

  g_settings_bind_with_mapping (self->settings, "unknown-policy", self->unknown_policy_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, policy_to_row, row_to_policy, NULL, NULL);
  g_settings_bind (self->settings, "blur-strength", gtk_spin_button_get_adjustment (self->blur_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "greyscale-unknown", self->greyscale_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-ignorable", self->ignorable_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "allow-copy", self->copy_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "blank-when-inactive", self->inactive_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "thumbnail-size", gtk_spin_button_get_adjustment (self->size_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "break-interval", gtk_spin_button_get_adjustment (self->break_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "examiner", self->examiner_row, "text", G_SETTINGS_BIND_DEFAULT);

  description = g_strdup_printf (_("Your name in the audit log of the cases you open from now on. Empty: your "
                                   "login name (%s)."), login);
  adw_preferences_group_set_description (self->examiner_group, description);
  g_signal_connect_object (self->exposure, "changed", G_CALLBACK (show_exposure), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::exposure-reveals", G_CALLBACK (show_exposure), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::exposure-seconds", G_CALLBACK (show_exposure), self,
                           G_CONNECT_SWAPPED);
  show_exposure (self);
}

static void
scrim_preferences_dispose (GObject *object)
{
  ScrimPreferences *self = SCRIM_PREFERENCES (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SCRIM_TYPE_PREFERENCES);
  g_clear_object (&self->exposure);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (scrim_preferences_parent_class)->dispose (object);
}

static void
scrim_preferences_class_init (ScrimPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = scrim_preferences_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/scrimtriage/Scrim/scrim-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, ScrimPreferences, unknown_policy_row);
  gtk_widget_class_bind_template_child (widget_class, ScrimPreferences, blur_spin);
  gtk_widget_class_bind_template_child (widget_class, ScrimPreferences, greyscale_switch);
  gtk_widget_class_bind_template_child (widget_class, ScrimPreferences, ignorable_switch);
  gtk_widget_class_bind_template_child (widget_class, ScrimPreferences, copy_switch);
  gtk_widget_class_bind_template_child (widget_class, ScrimPreferences, inactive_switch);
  gtk_widget_class_bind_template_child (widget_class, ScrimPreferences, size_spin);
  gtk_widget_class_bind_template_child (widget_class, ScrimPreferences, break_spin);
  gtk_widget_class_bind_template_child (widget_class, ScrimPreferences, examiner_group);
  gtk_widget_class_bind_template_child (widget_class, ScrimPreferences, examiner_row);
  gtk_widget_class_bind_template_child (widget_class, ScrimPreferences, exposure_row);
  gtk_widget_class_bind_template_callback (widget_class, on_reset_clicked);
}

static void
scrim_preferences_init (ScrimPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = scrim_settings_new ();
  self->exposure = scrim_window_exposure_new (self->settings);
  bind_settings (self);
}

/*
** Returns a new preferences window over the analyst's settings,
** transient for parent (nullable); the caller presents it.
*/
GtkWidget *
scrim_preferences_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  return g_object_new (SCRIM_TYPE_PREFERENCES,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
}
