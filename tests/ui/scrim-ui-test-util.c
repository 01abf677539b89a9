/* scrim-ui-test-util.c
 *
 * Key presses are real X events (XTest, under Xvfb), so they travel the
 * path an analyst's keys do: the window's shortcut controllers, the
 * grid's bindings, key controllers. GTK 4 has no public way to inject
 * events otherwise.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>

#include "scrim-ui-test-util.h"

static char *test_home;

static void
set_home (void)
{
  g_autofree char *cache = NULL;
  g_autofree char *data = NULL;
  g_autofree char *config = NULL;

  test_home = scrim_test_mkdtemp ("ui-home");
  cache = g_build_filename (test_home, ".cache", NULL);
  data = g_build_filename (test_home, ".local", "share", NULL);
  config = g_build_filename (test_home, ".config", NULL);
  g_mkdir_with_parents (cache, 0700);
  g_mkdir_with_parents (data, 0700);
  g_mkdir_with_parents (config, 0700);
  /* Before anything asks GLib for these: it caches them on first use. */
  g_setenv ("HOME", test_home, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);
}

gboolean
scrim_ui_test_init (int    *argc,
                    char ***argv)
{
  set_home ();
  g_test_init (argc, argv, NULL);
  return gtk_init_check ();
}

void
scrim_ui_test_skip_no_display (void)
{
  printf ("1..0 # SKIP no display: the window tests need X (run them under xvfb-run -a)\n");
  exit (0);
}

const char *
scrim_ui_test_home (void)
{
  return test_home;
}

void
scrim_ui_test_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

gboolean
scrim_ui_test_wait_for (gboolean (*condition) (gpointer data),
                        gpointer  data,
                        guint     timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () >= end)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return TRUE;
}

GdkTexture *
scrim_ui_test_render_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

void
scrim_ui_test_texture_stats (GdkTexture *texture,
                             double     *detail,
                             double     *chroma)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guint8 *data = g_malloc (stride * height);
  double variance_sum = 0, chroma_sum = 0;
  guint blocks = 0;

  /* Cairo's ARGB32: B, G, R, A in memory on little-endian machines. */
  gdk_texture_download (texture, data, stride);
  for (int by = 0; by + 8 <= height; by += 8)
    for (int bx = 0; bx + 8 <= width; bx += 8)
      {
        double sum = 0, sum2 = 0;

        for (int y = by; y < by + 8; y++)
          for (int x = bx; x < bx + 8; x++)
            {
              const guint8 *p = data + y * stride + x * 4;
              double luma = 0.299 * p[2] + 0.587 * p[1] + 0.114 * p[0];
              int hi = MAX (p[0], MAX (p[1], p[2])), lo = MIN (p[0], MIN (p[1], p[2]));

              sum += luma;
              sum2 += luma * luma;
              chroma_sum += hi - lo;
            }
        variance_sum += sum2 / 64 - (sum / 64) * (sum / 64);
        blocks++;
      }
  g_assert_cmpuint (blocks, >, 0);
  *detail = variance_sum / blocks;
  *chroma = chroma_sum / (blocks * 64.0);
}

static Display *
xdisplay_focused (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);
  GtkNative *native = gtk_widget_get_native (widget);
  Display *xdisplay;
  Window xid;

  g_assert_true (GDK_IS_X11_DISPLAY (display));
  g_assert_nonnull (native);
  xdisplay = gdk_x11_display_get_xdisplay (display);
  xid = gdk_x11_surface_get_xid (gtk_native_get_surface (native));
  /* No window manager under Xvfb: give the window the focus ourselves. */
  XRaiseWindow (xdisplay, xid);
  XSetInputFocus (xdisplay, xid, RevertToParent, CurrentTime);
  XSync (xdisplay, False);
  scrim_ui_test_spin (20);
  return xdisplay;
}

static void
fake_modifiers (Display         *xdisplay,
                GdkModifierType  modifiers,
                gboolean         down)
{
  static const struct { GdkModifierType mask; KeySym sym; } mods[] = {
    { GDK_SHIFT_MASK, XK_Shift_L },
    { GDK_CONTROL_MASK, XK_Control_L },
    { GDK_ALT_MASK, XK_Alt_L },
  };

  for (guint i = 0; i < G_N_ELEMENTS (mods); i++)
    if (modifiers & mods[i].mask)
      XTestFakeKeyEvent (xdisplay, XKeysymToKeycode (xdisplay, mods[i].sym), down, CurrentTime);
}

static void
fake_key (GtkWidget       *widget,
          guint            keyval,
          GdkModifierType  modifiers,
          gboolean         down,
          gboolean         up)
{
  Display *xdisplay = xdisplay_focused (widget);
  KeyCode code = XKeysymToKeycode (xdisplay, keyval);

  g_assert_cmpuint (code, !=, 0);
  if (down)
    {
      fake_modifiers (xdisplay, modifiers, TRUE);
      XTestFakeKeyEvent (xdisplay, code, True, CurrentTime);
    }
  if (up)
    {
      XTestFakeKeyEvent (xdisplay, code, False, CurrentTime);
      fake_modifiers (xdisplay, modifiers, FALSE);
    }
  XSync (xdisplay, False);
  scrim_ui_test_spin (60);
}

void
scrim_ui_test_press_key (GtkWidget       *widget,
                         guint            keyval,
                         GdkModifierType  modifiers)
{
  fake_key (widget, keyval, modifiers, TRUE, TRUE);
}

void
scrim_ui_test_key_down (GtkWidget       *widget,
                        guint            keyval,
                        GdkModifierType  modifiers)
{
  fake_key (widget, keyval, modifiers, TRUE, FALSE);
}

void
scrim_ui_test_key_up (GtkWidget       *widget,
                      guint            keyval,
                      GdkModifierType  modifiers)
{
  fake_key (widget, keyval, modifiers, FALSE, TRUE);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
snapshot_dir (GString    *out,
              const char *root,
              const char *rel)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child = g_build_filename (rel, g_ptr_array_index (names, i), NULL);
      g_autofree char *full = g_build_filename (root, child, NULL);
      GStatBuf st;

      if (g_lstat (full, &st) != 0)
        continue;
      g_string_append_printf (out, "%s %lld %lld\n", child, (long long) st.st_size, (long long) st.st_mtime);
      if (S_ISDIR (st.st_mode))
        snapshot_dir (out, root, child);
    }
}

char *
scrim_ui_test_tree_snapshot (const char *path)
{
  GString *out = g_string_new (NULL);
  GStatBuf st;

  if (g_lstat (path, &st) == 0)
    {
      g_string_append_printf (out, ". %lld %lld\n", (long long) st.st_size, (long long) st.st_mtime);
      if (S_ISDIR (st.st_mode))
        snapshot_dir (out, path, "");
    }
  return g_string_free (out, FALSE);
}
