/* test-ui-application.c: the application: one window per case, recent cases, errors
 *
 * The application is registered and driven with g_application_open() and
 * g_application_activate() while the test spins the main context (no
 * g_application_run(), which would block). The session bus is disabled,
 * so it runs as a non-unique instance.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "scrim-application.h"
#include "scrim-core.h"
#include "scrim-settings.h"
#include "scrim-start-window.h"
#include "scrim-ui-test-util.h"
#include "scrim-ui.h"

static char *tmp;
static ScrimApplication *app;
static GSettings *settings;

static char *
make_case (const char *name)
{
  char *path = g_build_filename (tmp, name, NULL);
  ScrimCaseInfo info = { "APP-1", "Test Examiner" };
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimCase) scase = scrim_case_open (path, SCRIM_CASE_OPEN_CREATE, &info, &error);

  g_assert_no_error (error);
  return path;
}

static void
open_path (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_application_open (G_APPLICATION (app), &file, 1, "");
  scrim_ui_test_spin (200);
}

static guint
count_windows (GType type)
{
  guint n = 0;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      n++;
  return n;
}

/* The message dialogs shown now, over any window. */
static GPtrArray *
message_dialogs (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */
  GPtrArray *dialogs = g_ptr_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        g_ptr_array_add (dialogs, window);
    }
  return dialogs;
}

static void
close_dialogs (void)
{
  g_autoptr(GPtrArray) dialogs = message_dialogs ();

  for (guint i = 0; i < dialogs->len; i++)
    gtk_window_destroy (g_ptr_array_index (dialogs, i));
  scrim_ui_test_spin (50);
}

static void
test_activate (void)
{
  g_application_activate (G_APPLICATION (app));
  scrim_ui_test_spin (100);
  g_assert_cmpuint (count_windows (SCRIM_TYPE_START_WINDOW), ==, 1);
  /* Activated again: the same start window. */
  g_application_activate (G_APPLICATION (app));
  scrim_ui_test_spin (50);
  g_assert_cmpuint (count_windows (SCRIM_TYPE_START_WINDOW), ==, 1);
  g_assert_cmpint (adw_style_manager_get_color_scheme (adw_style_manager_get_default ()), ==,
                   ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_open_cases (void)
{
  g_autofree char *first = make_case ("first.scrim");
  g_autofree char *second = make_case ("second.scrim");
  g_autofree char *spelled = g_build_filename (tmp, ".", "first.scrim", NULL);
  g_auto(GStrv) recent = NULL;
  ScrimWindow *window;

  open_path (first);
  g_assert_cmpuint (count_windows (SCRIM_TYPE_WINDOW), ==, 1);
  /* The start window went once a case was open. */
  g_assert_cmpuint (count_windows (SCRIM_TYPE_START_WINDOW), ==, 0);
  window = scrim_application_find_window (app, first);
  g_assert_nonnull (window);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "first.scrim");
  g_assert_cmpstr (scrim_case_get_examiner (scrim_window_get_case (window)), ==, g_get_user_name ());

  /* The same case again, spelled otherwise: the same window. */
  open_path (spelled);
  g_assert_cmpuint (count_windows (SCRIM_TYPE_WINDOW), ==, 1);
  g_assert_true (scrim_application_find_window (app, spelled) == window);

  /* Another case: a second window. */
  open_path (second);
  g_assert_cmpuint (count_windows (SCRIM_TYPE_WINDOW), ==, 2);
  g_assert_true (scrim_application_find_window (app, second) != window);

  recent = g_settings_get_strv (settings, "recent-cases");
  g_assert_cmpuint (g_strv_length (recent), ==, 2);
  g_assert_cmpstr (recent[0], ==, second);
  g_assert_cmpstr (recent[1], ==, first);
}

/* A file that is not a case, and a missing one: a message, no window, no
 * crash. */
static void
test_open_errors (void)
{
  g_autofree char *bad = g_build_filename (tmp, "not-a-case.scrim", NULL);
  g_autofree char *missing = g_build_filename (tmp, "missing.scrim", NULL);
  g_autoptr(GPtrArray) dialogs = NULL;
  guint windows = count_windows (SCRIM_TYPE_WINDOW);
  const char *body;

  g_assert_true (g_file_set_contents (bad, "these are not the bytes of a case\n", -1, NULL));
  open_path (bad);
  dialogs = message_dialogs ();
  g_assert_cmpuint (dialogs->len, ==, 1);
  body = adw_message_dialog_get_body (g_ptr_array_index (dialogs, 0));
  g_test_message ("not a case: %s", body);
  g_assert_nonnull (strstr (body, "not-a-case.scrim"));
  g_assert_cmpuint (count_windows (SCRIM_TYPE_WINDOW), ==, windows);
  close_dialogs ();

  open_path (missing);
  g_clear_pointer (&dialogs, g_ptr_array_unref);
  dialogs = message_dialogs ();
  g_assert_cmpuint (dialogs->len, ==, 1);
  g_test_message ("missing: %s", adw_message_dialog_get_body (g_ptr_array_index (dialogs, 0)));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_windows (SCRIM_TYPE_WINDOW), ==, windows);
  close_dialogs ();
}

static GFile *
choose_new_case (ScrimChooseKind kind,
                 gpointer        user_data)
{
  g_assert_cmpint (kind, ==, SCRIM_CHOOSE_SAVE_CASE);
  return g_file_new_for_path (user_data);
}

/* New case: a file chooser (answered by the test), ".scrim" added, the
 * case number and examiner, then its window; an existing file is refused. */
static void
test_new_case (void)
{
  g_autofree char *chosen = g_build_filename (tmp, "2026-0042", NULL);
  g_autofree char *path = g_build_filename (tmp, "2026-0042.scrim", NULL);
  g_autoptr(GPtrArray) dialogs = NULL;
  g_autofree char *number = NULL;
  AdwMessageDialog *dialog;
  GtkEditable *number_row, *examiner_row;
  ScrimWindow *window;

  _scrim_ui_set_choose_func (choose_new_case, chosen);
  g_action_group_activate_action (G_ACTION_GROUP (app), "new-case", NULL);
  scrim_ui_test_spin (200);
  dialogs = message_dialogs ();
  g_assert_cmpuint (dialogs->len, ==, 1);
  dialog = g_ptr_array_index (dialogs, 0);
  number_row = g_object_get_data (G_OBJECT (dialog), "case-number");
  examiner_row = g_object_get_data (G_OBJECT (dialog), "examiner");
  g_assert_cmpstr (gtk_editable_get_text (examiner_row), ==, g_get_user_name ());
  gtk_editable_set_text (number_row, "2026/0042");
  gtk_editable_set_text (examiner_row, "A. Analyst");
  adw_message_dialog_response (dialog, "create");
  gtk_window_destroy (GTK_WINDOW (dialog));
  scrim_ui_test_spin (200);

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  window = scrim_application_find_window (app, path);
  g_assert_nonnull (window);
  g_assert_cmpstr (scrim_case_get_examiner (scrim_window_get_case (window)), ==, "A. Analyst");
  number = scrim_case_dup_meta (scrim_window_get_case (window), "case_number");
  g_assert_cmpstr (number, ==, "2026/0042");

  /* The same name again: refused, the case is not touched. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "new-case", NULL);
  scrim_ui_test_spin (200);
  g_clear_pointer (&dialogs, g_ptr_array_unref);
  dialogs = message_dialogs ();
  g_assert_cmpuint (dialogs->len, ==, 1);
  g_assert_null (g_object_get_data (g_ptr_array_index (dialogs, 0), "case-number"));
  close_dialogs ();
  _scrim_ui_set_choose_func (NULL, NULL);

  /* create-case refuses an existing file too. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "create-case",
                                  g_variant_new ("(sss)", path, "X", "Y"));
  scrim_ui_test_spin (100);
  g_clear_pointer (&dialogs, g_ptr_array_unref);
  dialogs = message_dialogs ();
  g_assert_cmpuint (dialogs->len, ==, 1);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (g_ptr_array_index (dialogs, 0)), "never overwrites"));
  close_dialogs ();
}

/* The recent cases of the start window: the cases opened, newest first;
 * a file gone is dropped; the remove button drops one. */
static void
test_recent (void)
{
  g_autofree char *gone = make_case ("gone.scrim");
  g_auto(GStrv) recent = NULL;
  GtkWidget *start;
  GtkWidget *list;
  GtkWidget *row;
  guint n = 0;

  scrim_recent_cases_add (settings, gone);
  g_assert_cmpint (g_unlink (gone), ==, 0);
  start = scrim_start_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (start));
  scrim_ui_test_spin (50);
  list = scrim_start_window_get_recent_list (SCRIM_START_WINDOW (start));
  for (row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    n++;
  recent = g_settings_get_strv (settings, "recent-cases");
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (g_strv_length (recent), ==, 3);
  for (guint i = 0; recent[i] != NULL; i++)
    g_assert_cmpstr (recent[i], !=, gone);
  g_assert_true (g_str_has_suffix (recent[0], "2026-0042.scrim"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_widget_get_first_child (list))), ==,
                   "2026-0042.scrim");

  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *name = g_strdup_printf ("case-%u.scrim", i);
      g_autofree char *path = make_case (name);

      scrim_recent_cases_add (settings, path);
    }
  g_clear_pointer (&recent, g_strfreev);
  recent = g_settings_get_strv (settings, "recent-cases");
  g_assert_cmpuint (g_strv_length (recent), ==, 10);
  g_assert_true (g_str_has_suffix (recent[0], "case-11.scrim"));
  scrim_recent_cases_remove (settings, recent[0]);
  g_clear_pointer (&recent, g_strfreev);
  recent = g_settings_get_strv (settings, "recent-cases");
  g_assert_cmpuint (g_strv_length (recent), ==, 9);
  g_assert_true (g_str_has_suffix (recent[0], "case-10.scrim"));
  gtk_window_destroy (GTK_WINDOW (start));
}

/* Nothing went to GTK's recent files. */
static void
test_no_recent_manager (void)
{
  g_autofree char *xbel = g_build_filename (g_get_user_data_dir (), "recently-used.xbel", NULL);
  gboolean enabled = TRUE;

  g_object_get (gtk_settings_get_default (), "gtk-recent-files-enabled", &enabled, NULL);
  g_assert_false (enabled);
  g_assert_false (g_file_test (xbel, G_FILE_TEST_EXISTS));
}

/* Preferences and About open without trouble. */
static void
test_windows (void)
{
  guint before = g_list_model_get_n_items (gtk_window_get_toplevels ());
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  scrim_ui_test_spin (200);
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, before + 2);
  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i - 1);

      if (ADW_IS_PREFERENCES_WINDOW (window) || ADW_IS_ABOUT_WINDOW (window))
        gtk_window_destroy (GTK_WINDOW (window));
    }
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");

    g_assert_cmpstr (accels[0], ==, "<Control>q");
  }
}

static void
test_quit (void)
{
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  scrim_ui_test_spin (300);
  g_assert_cmpuint (count_windows (GTK_TYPE_WINDOW), ==, 0);
}

/* Without a display, `scrim` alone is a request for help (exit 0), and
 * `scrim CASE` says the window cannot open and points to `scrim help`. */
static void
test_no_display (void)
{
  g_autofree char *case_path = g_build_filename (tmp, "headless.scrim", NULL);
  const char *alone[] = { scrim_test_scrim_bin (), NULL };
  const char *with_case[] = { scrim_test_scrim_bin (), case_path, NULL };
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  env = g_environ_unsetenv (env, "DISPLAY");
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");
  env = g_environ_setenv (env, "GDK_BACKEND", "x11", TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) alone, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_nonnull (strstr (out, "ingest"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (g_spawn_sync (NULL, (char **) with_case, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                               &error));
  g_assert_no_error (error);
  g_test_message ("%s", err);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "scrim help"));
  g_assert_false (g_file_test (case_path, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int rc;

  if (!scrim_ui_test_init (&argc, &argv))
    scrim_ui_test_skip_no_display ();
  tmp = scrim_test_mkdtemp ("ui-app");
  settings = scrim_settings_new ();
  app = scrim_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_application_get_is_remote (G_APPLICATION (app)));

  g_test_add_func ("/ui/application/activate", test_activate);
  g_test_add_func ("/ui/application/open-cases", test_open_cases);
  g_test_add_func ("/ui/application/open-errors", test_open_errors);
  g_test_add_func ("/ui/application/new-case", test_new_case);
  g_test_add_func ("/ui/application/recent", test_recent);
  g_test_add_func ("/ui/application/no-recent-manager", test_no_recent_manager);
  g_test_add_func ("/ui/application/windows", test_windows);
  g_test_add_func ("/ui/application/quit", test_quit);
  g_test_add_func ("/ui/application/no-display", test_no_display);
  rc = g_test_run ();

  g_clear_object (&app);
  g_clear_object (&settings);
  scrim_test_rm_rf (tmp);
  g_free (tmp);
  return rc;
}
