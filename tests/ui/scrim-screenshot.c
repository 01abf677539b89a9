/* scrim-screenshot.c: the window on a case, painted to a PNG
 *
 * For the README and the AppStream screenshots, taken on demo data only
 * (synthetic images; never evidence). Runs under a display, as the tests
 * do (xvfb-run -a), with a private home so nothing reaches the user's
 * caches:
 *
 *   scrim-screenshot CASE OUT.png [WIDTH HEIGHT] [--view VIEW] [--select N]
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <adwaita.h>

#include "scrim-core.h"
#include "scrim-grid-cell.h"
#include "scrim-grid.h"
#include "scrim-sidebar.h"
#include "scrim-thumbnail.h"
#include "scrim-ui-test-util.h"
#include "scrim-ui.h"
#include "scrim-window.h"

static ScrimWindow *win;

/* Every cell the grid shows has its thumbnail. */
static gboolean
thumbnails_loaded (gpointer data)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (scrim_window_get_model (win)));

  for (guint i = 0; i < MIN (n, 24); i++)
    {
      GtkWidget *cell = scrim_grid_get_cell_for_position (scrim_window_get_grid (win), i);

      if (cell != NULL && gtk_widget_get_mapped (cell)
          && scrim_thumbnail_get_texture (scrim_grid_cell_get_thumbnail (SCRIM_GRID_CELL (cell))) == NULL)
        return FALSE;
    }
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimCase) scase = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *view_name = NULL;
  int select = 0;
  int width = 1280, height = 800;
  const GOptionEntry entries[] = {
    { "view", 0, 0, G_OPTION_ARG_STRING, &view_name, "The sidebar view to show (default: all)", "VIEW" },
    { "select", 0, 0, G_OPTION_ARG_INT, &select, "The position to select (default 0)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("CASE OUT.png [WIDTH HEIGHT]");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || (argc != 3 && argc != 5))
    {
      fprintf (stderr, "usage: scrim-screenshot CASE OUT.png [WIDTH HEIGHT] [--view VIEW] [--select N]\n");
      return 2;
    }
  if (argc == 5)
    {
      width = atoi (argv[3]);
      height = atoi (argv[4]);
    }
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  if (!scrim_ui_test_init (&argc, &argv))
    {
      fprintf (stderr, "scrim-screenshot: no display (run it under xvfb-run -a)\n");
      return 1;
    }
  adw_init ();
  scrim_ui_init ();

  scase = scrim_case_open (argv[1], SCRIM_CASE_OPEN_READ_ONLY, NULL, &error);
  if (scase == NULL)
    {
      fprintf (stderr, "scrim-screenshot: %s\n", error->message);
      return 1;
    }
  win = scrim_window_new (NULL, scase, &error);
  if (win == NULL)
    {
      fprintf (stderr, "scrim-screenshot: %s\n", error->message);
      return 1;
    }
  gtk_window_set_default_size (GTK_WINDOW (win), width, height);
  gtk_window_present (GTK_WINDOW (win));
  scrim_ui_test_spin (500);
  if (view_name != NULL)
    {
      int view = 0;

      while (view < SCRIM_N_VIEWS && g_strcmp0 (scrim_view_to_string (view), view_name) != 0)
        view++;
      if (view == SCRIM_N_VIEWS || view == SCRIM_VIEW_GROUP)
        {
          fprintf (stderr, "scrim-screenshot: no view “%s”\n", view_name);
          return 2;
        }
      scrim_sidebar_select_view (scrim_window_get_sidebar (win), view);
      scrim_ui_test_spin (300);
    }
  scrim_grid_select_position (scrim_window_get_grid (win), select);
  scrim_ui_test_wait_for (thumbnails_loaded, NULL, 10000);
  /* The viewer decodes the selected image from the evidence. */
  scrim_ui_test_spin (1500);
  texture = scrim_ui_test_render_widget (GTK_WIDGET (win));
  if (!gdk_texture_save_to_png (texture, argv[2]))
    {
      fprintf (stderr, "scrim-screenshot: cannot write %s\n", argv[2]);
      return 1;
    }
  printf ("%s: %d×%d\n", argv[2], gdk_texture_get_width (texture), gdk_texture_get_height (texture));
  gtk_window_destroy (GTK_WINDOW (win));
  return 0;
}
