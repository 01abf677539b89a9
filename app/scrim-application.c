/* scrim-application.c
 *
 * A case is opened read-write once per process: a second request for the
 * same file presents its window instead of opening a second connection
 * (two windows grading one case would each undo the other's work).
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <sys/stat.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "scrim-application.h"
#include "scrim-preferences.h"
#include "scrim-settings.h"
#include "scrim-start-window.h"
#include "scrim-ui.h"

struct _ScrimApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (ScrimApplication, scrim_application, ADW_TYPE_APPLICATION)

GSettings *
scrim_application_get_settings (ScrimApplication *self)
{
  g_return_val_if_fail (SCRIM_IS_APPLICATION (self), NULL);
  return self->settings;
}

char *
scrim_application_dup_examiner (ScrimApplication *self)
{
  g_autofree char *examiner = NULL;

  g_return_val_if_fail (SCRIM_IS_APPLICATION (self), NULL);

  examiner = g_strstrip (g_settings_get_string (self->settings, "examiner"));
  if (*examiner != '\0')
    return g_steal_pointer (&examiner);
  return scrim_default_examiner ();
}

/* ---- windows ---- */

static gboolean
same_file (const char *a,
           const char *b)
{
  GStatBuf sa, sb;

  if (g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0)
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  return FALSE;
}

ScrimWindow *
scrim_application_find_window (ScrimApplication *self,
                               const char       *path)
{
  g_return_val_if_fail (SCRIM_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (SCRIM_IS_WINDOW (l->data)
        && same_file (scrim_case_get_path (scrim_window_get_case (l->data)), path))
      return l->data;
  return NULL;
}

/* A window to hang a dialog on: the active one, else a new start window
 * (so that a failed `scrim CASE` still shows what went wrong). */
static GtkWindow *
dialog_parent (ScrimApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (scrim_start_window_new (GTK_APPLICATION (self)));
      gtk_window_present (window);
    }
  return window;
}

static void
show_error (ScrimApplication *self,
            const char       *path,
            const GError     *error)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *shown = g_filename_display_name (name);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (dialog_parent (self), NULL, error->message));
  adw_message_dialog_format_heading (dialog, _("Cannot Open “%s”"), shown);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The start window goes once a case is open. */
static void
close_start_windows (ScrimApplication *self)
{
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  for (GList *l = windows; l != NULL; l = l->next)
    if (SCRIM_IS_START_WINDOW (l->data))
      gtk_window_destroy (l->data);
}

static ScrimWindow *
show_case (ScrimApplication  *self,
           ScrimCase         *scase,
           GError           **error)
{
  ScrimWindow *window = scrim_window_new (GTK_APPLICATION (self), scase, error);

  if (window == NULL)
    return NULL;
  gtk_window_present (GTK_WINDOW (window));
  scrim_recent_cases_add (self->settings, scrim_case_get_path (scase));
  close_start_windows (self);
  return window;
}

/*
** Presents the window of the case when one has it open; otherwise opens
** the case read-write as the settings' examiner (the core refuses files
** that are not cases, cases of a newer Scrim and missing files, with a
** message that says so) in a new window, records it first among the
** recent cases and closes the start window. NULL with error set on
** failure.
*/
ScrimWindow *
scrim_application_open_case (ScrimApplication  *self,
                             const char        *path,
                             GError           **error)
{
  g_autofree char *examiner = NULL;
  g_autoptr(ScrimCase) scase = NULL;
  ScrimCaseInfo info = { NULL, NULL };
  ScrimWindow *window;

  g_return_val_if_fail (SCRIM_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if ((window = scrim_application_find_window (self, path)) != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return window;
    }
  examiner = scrim_application_dup_examiner (self);
  info.examiner = examiner;
  scase = scrim_case_open (path, SCRIM_CASE_OPEN_DEFAULT, &info, error);
  if (scase == NULL)
    return NULL;
  return show_case (self, scase, error);
}

/*
** Creates the case file at path (refused when anything exists there)
** with the case number (nullable) and examiner (nullable: the settings'
** one), and opens it as open_case() does.
*/
ScrimWindow *
scrim_application_create_case (ScrimApplication  *self,
                               const char        *path,
                               const char        *case_number,
                               const char        *examiner,
                               GError           **error)
{
  g_autofree char *fallback = NULL;
  g_autoptr(ScrimCase) scase = NULL;
  ScrimCaseInfo info = { NULL, NULL };

  g_return_val_if_fail (SCRIM_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, _("%s already exists; Scrim never overwrites a file"), path);
      return NULL;
    }
  if (examiner == NULL || *examiner == '\0')
    examiner = fallback = scrim_application_dup_examiner (self);
  info.case_number = case_number != NULL && *case_number != '\0' ? case_number : NULL;
  info.examiner = examiner;
  scase = scrim_case_open (path, SCRIM_CASE_OPEN_CREATE, &info, error);
  if (scase == NULL)
    return NULL;
  return show_case (self, scase, error);
}

/* ---- actions ---- */

static void
new_case_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  scrim_start_window_new_case (dialog_parent (user_data));
}

static void
create_case_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  ScrimApplication *self = user_data;
  g_autoptr(GError) error = NULL;
  const char *path, *number, *examiner;

  g_variant_get (parameter, "(&s&s&s)", &path, &number, &examiner);
  if (scrim_application_create_case (self, path, number, examiner, &error) == NULL)
    show_error (self, path, error);
}

static void
case_chosen (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ScrimApplication) self = user_data;
  g_autoptr(GFile) file = scrim_ui_choose_finish (result, NULL);

  if (file != NULL)
    g_application_open (G_APPLICATION (self), &file, 1, "");
}

static void
open_case_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  ScrimApplication *self = user_data;

  scrim_ui_choose_async (dialog_parent (self), SCRIM_CHOOSE_OPEN_CASE, NULL, case_chosen, g_object_ref (self));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_window_present (GTK_WINDOW (scrim_preferences_new (parent)));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  static const char *developers[] = { "The Scrim authors", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  AdwAboutWindow *about = ADW_ABOUT_WINDOW (adw_about_window_new ());

  gtk_window_set_transient_for (GTK_WINDOW (about), parent);
  gtk_window_set_modal (GTK_WINDOW (about), parent != NULL);
  adw_about_window_set_application_name (about, "Scrim");
  adw_about_window_set_application_icon (about, APPLICATION_ID);
  adw_about_window_set_version (about, PACKAGE_VERSION);
  adw_about_window_set_developer_name (about, "The Scrim authors");
  adw_about_window_set_developers (about, developers);
  adw_about_window_set_license_type (about, GTK_LICENSE_GPL_3_0);
  adw_about_window_set_website (about, "https://github.com/scrimtriage/scrim");
  adw_about_window_set_comments (about, _("Triage of images from seized devices for child-abuse investigations: "
                                          "every file hashed and described into one case, matched against "
                                          "reference lists and grouped for victim identification, with known "
                                          "material obscured by default. Works offline."));
  gtk_window_present (GTK_WINDOW (about));
}

/* Closing each window lets a case window with running work ask first. */
static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static const GActionEntry app_actions[] = {
  { "new-case", new_case_action },
  { "create-case", create_case_action, "(sss)" },
  { "open-case", open_case_action },
  { "preferences", preferences_action },
  { "about", about_action },
  { "quit", quit_action },
};

/* ---- GApplication ---- */

static void
scrim_application_startup (GApplication *application)
{
  ScrimApplication *self = SCRIM_APPLICATION (application);
  static const struct { const char *action; const char *accels[2]; } accels[] = {
    { "app.new-case", { "<Control>n", NULL } },
    { "app.open-case", { "<Control>o", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.quit", { "<Control>q", NULL } },
  };

  /* Before GtkApplication looks for gtk/help-overlay.ui and AdwApplication
   * for style.css in them. */
  scrim_ui_register_resources ();
  G_APPLICATION_CLASS (scrim_application_parent_class)->startup (application);

  scrim_ui_init ();
  /* Follow the desktop: light or dark as the analyst chose there. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  self->settings = scrim_settings_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);
}

static void
scrim_application_activate (GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    window = GTK_WINDOW (scrim_start_window_new (GTK_APPLICATION (application)));
  gtk_window_present (window);
}

static void
scrim_application_open (GApplication  *application,
                        GFile        **files,
                        int            n_files,
                        const char    *hint)
{
  ScrimApplication *self = SCRIM_APPLICATION (application);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      g_autoptr(GError) error = NULL;

      if (path == NULL)
        {
          g_autofree char *uri = g_file_get_uri (files[i]);

          g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("%s is not a local file"), uri);
          show_error (self, uri, error);
          continue;
        }
      if (scrim_application_open_case (self, path, &error) == NULL)
        show_error (self, path, error);
    }
}

static void
scrim_application_dispose (GObject *object)
{
  ScrimApplication *self = SCRIM_APPLICATION (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (scrim_application_parent_class)->dispose (object);
}

static void
scrim_application_class_init (ScrimApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = scrim_application_dispose;
  app_class->startup = scrim_application_startup;
  app_class->activate = scrim_application_activate;
  app_class->open = scrim_application_open;
}

static void
scrim_application_init (ScrimApplication *self)
{
}

ScrimApplication *
scrim_application_new (void)
{
  return g_object_new (SCRIM_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/scrimtriage/Scrim",
                       NULL);
}

gboolean
scrim_application_has_display (void)
{
  return gtk_init_check ();
}

/*
** Runs the application until its last window closes, on the given case
** files (none: the start window); another running Scrim gets them instead
** when there is one. Without a display, says so and returns 1.
*/
int
scrim_application_run_cases (int    n_paths,
                             char **paths)
{
  g_autoptr(ScrimApplication) app = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);

  if (!scrim_application_has_display ())
    {
      fprintf (stderr, _("scrim: cannot open a window: no display. The commands of “scrim help” work "
                         "without one.\n"));
      return 1;
    }
  /* Absolute paths: never read as options, and valid in another instance. */
  g_ptr_array_add (argv, g_strdup ("scrim"));
  for (int i = 0; i < n_paths; i++)
    g_ptr_array_add (argv, g_canonicalize_filename (paths[i], NULL));
  g_ptr_array_add (argv, NULL);
  app = scrim_application_new ();
  return g_application_run (G_APPLICATION (app), (int) argv->len - 1, (char **) argv->pdata);
}
