/* scrim-ui.c
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "scrim-resources.h"
#include "scrim-ui.h"

#define RESOURCE_PATH "/io/github/scrimtriage/Scrim/"

static ScrimChooseFunc choose_func;
static gpointer choose_data;

static void
load_css (GdkDisplay *display,
          const char *name)
{
  g_autofree char *path = g_strconcat (RESOURCE_PATH, name, NULL);
  g_autoptr(GtkCssProvider) provider = NULL;

  if (!g_resources_get_info (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL))
    return;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, path);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/*
** Registers the resource bundle (compiled with --manual-register: a
** resource in a static library would otherwise be dropped by the linker;
** scrim_register_resource() makes it and registers it with GResource).
** Needs no display: the application calls it before GtkApplication's
** startup, which looks for gtk/help-overlay.ui. Idempotent.
*/
void
scrim_ui_register_resources (void)
{
  static gsize registered;

  if (g_once_init_enter (&registered))
    {
      scrim_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

/*
** Registers the resources, adds ui/style.css (unless an AdwApplication
** runs, which loads style.css from its resource path itself) and the
** grid's scrim-grid.css for the default display, and sets
** gtk-recent-files-enabled to FALSE as the application's own value, which
** outranks the desktop's. Idempotent; needs GTK initialised with a
** display.
*/
void
scrim_ui_init (void)
{
  static gboolean done;
  GdkDisplay *display;

  scrim_ui_register_resources ();
  if (done)
    return;
  display = gdk_display_get_default ();
  g_return_if_fail (display != NULL);
  done = TRUE;

  if (!ADW_IS_APPLICATION (g_application_get_default ()))
    load_css (display, "style.css");
  load_css (display, "scrim-grid.css");
  /* The icons ship in the resource (an AdwApplication adds this path by
   * itself; widgets made without one, in tests, need it too). */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display), "/io/github/scrimtriage/Scrim/icons");
  g_object_set (gtk_settings_get_for_display (display), "gtk-recent-files-enabled", FALSE, NULL);
}

void
_scrim_ui_set_choose_func (ScrimChooseFunc func,
                           gpointer        user_data)
{
  choose_func = func;
  choose_data = user_data;
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *suffix)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  if (suffix != NULL)
    gtk_file_filter_add_suffix (filter, suffix);
  else
    gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (chooser, filter);
}

static GtkFileChooserNative *
chooser_new (GtkWindow       *parent,
             ScrimChooseKind  kind)
{
  GtkFileChooserNative *native = NULL;
  GtkFileChooser *chooser;

  switch (kind)
    {
    case SCRIM_CHOOSE_OPEN_CASE:
      native = gtk_file_chooser_native_new (_("Open Case"), parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                            _("_Open"), _("_Cancel"));
      break;
    case SCRIM_CHOOSE_SAVE_CASE:
      native = gtk_file_chooser_native_new (_("New Case"), parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                            _("_Create"), _("_Cancel"));
      break;
    case SCRIM_CHOOSE_EVIDENCE:
      native = gtk_file_chooser_native_new (_("Add Evidence"), parent, GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                            _("_Add"), _("_Cancel"));
      break;
    case SCRIM_CHOOSE_LIST:
      native = gtk_file_chooser_native_new (_("Import Reference List"), parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                            _("_Import"), _("_Cancel"));
      break;
    default:
      g_assert_not_reached ();
    }
  chooser = GTK_FILE_CHOOSER (native);
  if (kind == SCRIM_CHOOSE_OPEN_CASE || kind == SCRIM_CHOOSE_SAVE_CASE)
    {
      add_filter (chooser, _("Scrim cases"), "scrim");
      if (kind == SCRIM_CHOOSE_SAVE_CASE)
        gtk_file_chooser_set_current_name (chooser, _("case.scrim"));
    }
  else if (kind == SCRIM_CHOOSE_LIST)
    {
      add_filter (chooser, _("All files"), NULL);
      add_filter (chooser, _("VICS JSON"), "json");
      add_filter (chooser, _("Hash lists"), "txt");
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  return native;
}

static void
on_response (GtkNativeDialog *native,
             int              response,
             gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      GFile *file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        {
          g_task_return_pointer (task, file, g_object_unref);
          goto out;
        }
    }
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");

out:
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

/*
** Asks for a file or folder of the given kind, modal to parent. Cases are
** filtered to *.scrim; a new case is proposed as case.scrim. The callback
** gets the answer through scrim_ui_choose_finish(). With a test function
** set, it answers instead, from an idle callback.
*/
void
scrim_ui_choose_async (GtkWindow           *parent,
                       ScrimChooseKind      kind,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task = g_task_new (parent, cancellable, callback, user_data);
  GtkFileChooserNative *native;

  g_task_set_source_tag (task, scrim_ui_choose_async);
  if (choose_func != NULL)
    {
      GFile *file = choose_func (kind, choose_data);

      if (file != NULL)
        g_task_return_pointer (task, file, g_object_unref);
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      g_object_unref (task);
      return;
    }
  native = chooser_new (parent, kind);
  g_signal_connect (native, "response", G_CALLBACK (on_response), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

GFile *
scrim_ui_choose_finish (GAsyncResult  *result,
                        GError       **error)
{
  /* The task's source object is the parent window (or none). */
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == scrim_ui_choose_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
