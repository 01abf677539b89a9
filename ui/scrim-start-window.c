/* scrim-start-window.c
 *
 * Recent cases live in Scrim's own settings, never in GTK's recent files
 * (recently-used.xbel is read by every file chooser and desktop search).
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "scrim-case.h"
#include "scrim-settings.h"
#include "scrim-start-window.h"
#include "scrim-ui.h"

#define MAX_RECENT 10

struct _ScrimStartWindow
{
  AdwApplicationWindow  parent_instance;

  AdwStatusPage        *status_page;
  GtkWidget            *recent_box;
  GtkListBox           *recent_list;

  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (ScrimStartWindow, scrim_start_window, ADW_TYPE_APPLICATION_WINDOW)

/* ---- the recent cases ---- */

static void
set_recent (GSettings *settings,
            GPtrArray *paths)
{
  g_ptr_array_add (paths, NULL);
  g_settings_set_strv (settings, "recent-cases", (const char * const *) paths->pdata);
  g_ptr_array_remove_index (paths, paths->len - 1);
}

/*
** Puts path (made absolute) first in the recent cases, dropping an older
** entry of it and what passes the tenth.
*/
void
scrim_recent_cases_add (GSettings  *settings,
                        const char *path)
{
  g_auto(GStrv) old = NULL;
  g_autofree char *absolute = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (path != NULL);

  absolute = g_canonicalize_filename (path, NULL);
  old = g_settings_get_strv (settings, "recent-cases");
  g_ptr_array_add (paths, absolute);
  for (guint i = 0; old[i] != NULL && paths->len < MAX_RECENT; i++)
    if (g_strcmp0 (old[i], absolute) != 0)
      g_ptr_array_add (paths, old[i]);
  set_recent (settings, paths);
}

/* Drops path from the recent cases (the file is left alone). */
void
scrim_recent_cases_remove (GSettings  *settings,
                           const char *path)
{
  g_auto(GStrv) old = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (path != NULL);

  old = g_settings_get_strv (settings, "recent-cases");
  for (guint i = 0; old[i] != NULL; i++)
    if (g_strcmp0 (old[i], path) != 0)
      g_ptr_array_add (paths, old[i]);
  set_recent (settings, paths);
}

static void
on_recent_activated (AdwActionRow *row,
                     gpointer      user_data)
{
  const char *path = g_object_get_data (G_OBJECT (row), "path");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GApplication *application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (row)))));

  if (application != NULL)
    g_application_open (application, &file, 1, "");
}

static void
on_remove_clicked (GtkButton        *button,
                   ScrimStartWindow *self)
{
  const char *path = g_object_get_data (G_OBJECT (button), "path");

  scrim_recent_cases_remove (self->settings, path);
}

static GtkWidget *
recent_row_new (ScrimStartWindow *self,
                const char       *path)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *shown_name = g_filename_display_name (name);
  g_autofree char *shown_folder = g_filename_display_name (folder);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("scrim-remove-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), shown_name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), shown_folder);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "path", g_strdup (path), g_free);
  g_signal_connect (row, "activated", G_CALLBACK (on_recent_activated), NULL);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove from the list (the case file stays)"));
  gtk_widget_add_css_class (remove, "flat");
  g_object_set_data_full (G_OBJECT (remove), "path", g_strdup (path), g_free);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

/* Shows the recent cases that still exist, and forgets the others. */
static void
show_recent (ScrimStartWindow *self)
{
  g_auto(GStrv) paths = g_settings_get_strv (self->settings, "recent-cases");
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);
  for (guint i = 0; paths[i] != NULL; i++)
    if (g_file_test (paths[i], G_FILE_TEST_IS_REGULAR))
      {
        g_ptr_array_add (kept, paths[i]);
        gtk_list_box_append (self->recent_list, recent_row_new (self, paths[i]));
      }
  gtk_widget_set_visible (self->recent_box, kept->len > 0);
  if (kept->len != g_strv_length (paths))
    set_recent (self->settings, kept);
}

GtkWidget *
scrim_start_window_get_recent_list (ScrimStartWindow *self)
{
  g_return_val_if_fail (SCRIM_IS_START_WINDOW (self), NULL);
  return GTK_WIDGET (self->recent_list);
}

/* ---- a new case ---- */

static char *
default_examiner (void)
{
  g_autoptr(GSettings) settings = scrim_settings_new ();
  g_autofree char *examiner = g_settings_get_string (settings, "examiner");

  g_strstrip (examiner);
  if (*examiner != '\0')
    return g_steal_pointer (&examiner);
  return scrim_default_examiner ();
}

static void
on_new_case_response (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          user_data)
{
  GtkWidget *parent = g_object_get_data (G_OBJECT (dialog), "parent");
  const char *path = g_object_get_data (G_OBJECT (dialog), "path");
  GtkEditable *number = g_object_get_data (G_OBJECT (dialog), "case-number");
  GtkEditable *examiner = g_object_get_data (G_OBJECT (dialog), "examiner");
  g_autofree char *number_text = NULL;
  g_autofree char *examiner_text = NULL;

  if (g_strcmp0 (response, "create") != 0)
    return;
  number_text = g_strstrip (g_strdup (gtk_editable_get_text (number)));
  examiner_text = g_strstrip (g_strdup (gtk_editable_get_text (examiner)));
  gtk_widget_activate_action (parent, "app.create-case", "(sss)", path, number_text, examiner_text);
}

static GtkWidget *
entry_row_new (const char *title,
               const char *name,
               const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (row, name);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  return row;
}

static void
ask_case_details (GtkWindow  *parent,
                  const char *path)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *who = default_examiner ();
  AdwMessageDialog *dialog;
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *number = entry_row_new (_("Case number"), "case-number", "");
  GtkWidget *examiner = entry_row_new (_("Examiner"), "examiner", who);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("New Case"), NULL));
  adw_message_dialog_format_body (dialog, _("“%s” in %s"), name, folder);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), number);
  gtk_list_box_append (GTK_LIST_BOX (list), examiner);
  adw_message_dialog_set_extra_child (dialog, list);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "create", _("_Create"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "create", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "create");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "parent", g_object_ref (parent), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "path", g_strdup (path), g_free);
  g_object_set_data (G_OBJECT (dialog), "case-number", number);
  g_object_set_data (G_OBJECT (dialog), "examiner", examiner);
  g_signal_connect (dialog, "response", G_CALLBACK (on_new_case_response), NULL);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (number);
}

static void
refuse_overwrite (GtkWindow  *parent,
                  const char *path)
{
  g_autofree char *name = g_path_get_basename (path);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, NULL, NULL));

  adw_message_dialog_format_heading (dialog, _("“%s” Already Exists"), name);
  adw_message_dialog_set_body (dialog, _("Scrim never overwrites a file. Choose another name or folder for the "
                                         "new case."));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
case_location_chosen (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GtkWindow) parent = user_data;
  g_autoptr(GFile) file = scrim_ui_choose_finish (result, NULL);
  g_autofree char *path = NULL;

  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;
  if (!g_str_has_suffix (path, ".scrim"))
    {
      char *named = g_strconcat (path, ".scrim", NULL);

      g_free (path);
      path = named;
    }
  if (g_file_test (path, G_FILE_TEST_EXISTS) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    refuse_overwrite (parent, path);
  else
    ask_case_details (parent, path);
}

void
scrim_start_window_new_case (GtkWindow *parent)
{
  g_return_if_fail (GTK_IS_WINDOW (parent));
  scrim_ui_choose_async (parent, SCRIM_CHOOSE_SAVE_CASE, NULL, case_location_chosen, g_object_ref (parent));
}

/* ---- the window ---- */

static void
scrim_start_window_dispose (GObject *object)
{
  ScrimStartWindow *self = SCRIM_START_WINDOW (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCRIM_TYPE_START_WINDOW);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (scrim_start_window_parent_class)->dispose (object);
}

static void
scrim_start_window_class_init (ScrimStartWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = scrim_start_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/scrimtriage/Scrim/scrim-start-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ScrimStartWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, ScrimStartWindow, recent_box);
  gtk_widget_class_bind_template_child (widget_class, ScrimStartWindow, recent_list);
}

static void
scrim_start_window_init (ScrimStartWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The application icon ships in the resource (scrim_ui_init()). */
  adw_status_page_set_icon_name (self->status_page, APPLICATION_ID);
  self->settings = scrim_settings_new ();
  g_signal_connect_swapped (self->settings, "changed::recent-cases", G_CALLBACK (show_recent), self);
  show_recent (self);
}

GtkWidget *
scrim_start_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  return g_object_new (SCRIM_TYPE_START_WINDOW, "application", application, NULL);
}
