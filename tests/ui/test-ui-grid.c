/* test-ui-grid.c: the grid engine's objects, made and destroyed, and the protection rule
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "scrim-core.h"
#include "scrim-grid-cell.h"
#include "scrim-grid.h"
#include "scrim-item-model.h"
#include "scrim-item-private.h"
#include "scrim-item.h"
#include "scrim-protection.h"
#include "scrim-settings.h"
#include "scrim-thumbnail-loader.h"
#include "scrim-thumbnail.h"
#include "scrim-ui-test-util.h"

static char *tmp;
static char *case_path;

/* A small case: three synthetic images, one graded. */
static void
make_case (void)
{
  g_autofree char *evidence = g_build_filename (tmp, "evidence", NULL);
  g_autoptr(ScrimCase) scase = NULL;
  g_autoptr(ScrimIngest) ingest = NULL;
  g_autoptr(GError) error = NULL;

  for (guint k = 0; k < 3; k++)
    {
      g_autofree char *path = g_strdup_printf ("%s/img-%u.jpg", evidence, k);

      scrim_test_write_jpeg (path, 96, 64, 300 + k, NULL);
    }
  case_path = g_build_filename (tmp, "grid.scrim", NULL);
  scase = scrim_case_open (case_path, SCRIM_CASE_OPEN_CREATE, NULL, &error);
  g_assert_no_error (error);
  ingest = scrim_ingest_new (scase);
  scrim_ingest_add_source (ingest, evidence, "EX-1", &error);
  g_assert_no_error (error);
  scrim_ingest_run (ingest, NULL, &error);
  g_assert_no_error (error);
}

static ScrimCase *
open_case (void)
{
  g_autoptr(GError) error = NULL;
  ScrimCase *scase = scrim_case_open (case_path, SCRIM_CASE_OPEN_DEFAULT, NULL, &error);

  g_assert_no_error (error);
  return scase;
}

static ScrimThumbnailLoader *
new_loader (void)
{
  g_autoptr(GError) error = NULL;
  ScrimThumbnailLoader *loader = scrim_thumbnail_loader_new (case_path, &error);

  g_assert_no_error (error);
  return loader;
}

static ScrimItemModel *
new_model (ScrimCase *scase)
{
  g_autoptr(GError) error = NULL;
  ScrimItemModel *model = scrim_item_model_new (scase);

  scrim_item_model_set_view (model, SCRIM_VIEW_ALL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  return model;
}

/* Shows widget in a window, lets it draw, destroys the window and checks
 * nothing else holds the widget. */
static void
show_then_destroy (GtkWidget *widget)
{
  GtkWidget *window = gtk_window_new ();

  g_object_ref_sink (widget);
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 400);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  scrim_ui_test_spin (200);
  g_assert_true (gtk_widget_get_mapped (widget));
  gtk_window_destroy (GTK_WINDOW (window));
  scrim_ui_test_spin (50);
  g_assert_finalize_object (widget);
}

static void
count (gpointer  instance,
       guint    *n)
{
  (*n)++;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *n)
{
  (*n)++;
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* ---- new, then destroy ---- */

static void
test_protection_new (void)
{
  ScrimProtection *protection = scrim_protection_new (NULL);

  g_assert_cmpint (scrim_protection_get_unknown_policy (protection), ==, SCRIM_UNKNOWN_POLICY_INTERACTIVE);
  g_assert_cmpint (scrim_protection_get_blur_strength (protection), ==, 6);
  g_assert_false (scrim_protection_get_greyscale_unknown (protection));
  g_assert_false (scrim_protection_get_show_ignorable (protection));
  g_assert_false (scrim_protection_get_allow_copy (protection));
  g_assert_cmpint (scrim_protection_get_revealed_item (protection), ==, 0);
  g_assert_false (scrim_protection_get_blanked (protection));
  g_assert_finalize_object (protection);
}

static void
test_item_new (void)
{
  ScrimReviewItem row = { .item_id = 42, .klass = (char *) "abuse|cgi", .conflict = TRUE, .obscured = TRUE,
                          .grade = -1, .thumb_width = 256, .thumb_height = 192, .label = (char *) "EX-1:a/b.jpg" };
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint before = _scrim_item_get_n_alive ();
  ScrimItem *item;

  memset (row.sha256, 'a', 64);
  item = scrim_item_new (&row);
  g_assert_cmpuint (_scrim_item_get_n_alive (), ==, before + 1);
  g_assert_cmpint (scrim_item_get_item_id (item), ==, 42);
  g_assert_cmpuint (strlen (scrim_item_get_sha256 (item)), ==, 64);
  g_assert_cmpstr (scrim_item_get_category (item), ==, "abuse|cgi");
  g_assert_true (scrim_item_get_conflict (item));
  g_assert_true (scrim_item_get_obscured (item));
  g_assert_cmpint (scrim_item_get_grade (item), ==, -1);
  g_assert_cmpstr (scrim_item_get_label (item), ==, "EX-1:a/b.jpg");
  g_assert_cmpuint (scrim_item_get_thumb_width (item), ==, 256);
  g_assert_cmpuint (scrim_item_get_thumb_height (item), ==, 192);

  /* Only what changed notifies. */
  g_signal_connect_swapped (item, "notify", G_CALLBACK (g_ptr_array_add), names);
  scrim_item_update (item, &row);
  g_assert_cmpuint (names->len, ==, 0);
  row.grade = 5;
  row.klass = NULL;
  row.conflict = FALSE;
  scrim_item_update (item, &row);
  g_assert_cmpuint (names->len, ==, 3);
  g_assert_cmpint (scrim_item_get_grade (item), ==, 5);
  g_assert_null (scrim_item_get_category (item));
  g_assert_finalize_object (item);
  g_assert_cmpuint (_scrim_item_get_n_alive (), ==, before);
}

static void
test_item_model_new (void)
{
  g_autoptr(ScrimCase) scase = open_case ();
  ScrimItemModel *model = new_model (scase);
  ScrimItem *item = g_list_model_get_item (G_LIST_MODEL (model), 2);

  g_assert_true (SCRIM_IS_ITEM (item));
  g_assert_finalize_object (model);
  /* An item outlives its model. */
  g_assert_cmpint (scrim_item_get_item_id (item), >, 0);
  g_assert_finalize_object (item);
}

static void
test_loader_new (void)
{
  ScrimThumbnailLoader *loader = new_loader ();
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (tmp, "missing.scrim", NULL);

  g_assert_finalize_object (loader);
  g_assert_null (scrim_thumbnail_loader_new (missing, &error));
  g_assert_nonnull (error);
}

static void
test_thumbnail_new (void)
{
  g_autoptr(ScrimProtection) protection = scrim_protection_new (NULL);
  GtkWidget *thumbnail = scrim_thumbnail_new (protection);
  g_autoptr(ScrimPixels) pixels = scrim_synth_draw (SCRIM_SYNTH_PATTERN, 1, 64, 48, NULL);
  g_autoptr(GdkTexture) texture = scrim_texture_new_for_pixels (pixels);

  gtk_widget_set_size_request (thumbnail, 100, 100);
  scrim_thumbnail_set_item (SCRIM_THUMBNAIL (thumbnail), 7, FALSE);
  scrim_thumbnail_set_texture (SCRIM_THUMBNAIL (thumbnail), texture);
  g_assert_true (scrim_thumbnail_get_texture (SCRIM_THUMBNAIL (thumbnail)) == texture);
  show_then_destroy (thumbnail);
}

static void
test_grid_cell_new (void)
{
  g_autoptr(ScrimCase) scase = open_case ();
  g_autoptr(ScrimProtection) protection = scrim_protection_new (NULL);
  g_autoptr(ScrimThumbnailLoader) loader = new_loader ();
  g_autoptr(ScrimItemModel) model = new_model (scase);
  g_autoptr(ScrimItem) item = g_list_model_get_item (G_LIST_MODEL (model), 0);
  GtkWidget *cell = scrim_grid_cell_new (protection, loader);

  scrim_grid_cell_set_size (SCRIM_GRID_CELL (cell), 128);
  /* Bound while destroyed: its load is cancelled and it goes. */
  scrim_grid_cell_bind (SCRIM_GRID_CELL (cell), item);
  g_assert_true (scrim_grid_cell_get_item (SCRIM_GRID_CELL (cell)) == item);
  show_then_destroy (cell);
}

static void
test_grid_new (void)
{
  g_autoptr(ScrimCase) scase = open_case ();
  g_autoptr(ScrimProtection) protection = scrim_protection_new (NULL);
  g_autoptr(ScrimThumbnailLoader) loader = new_loader ();
  g_autoptr(ScrimItemModel) model = new_model (scase);
  GtkWidget *grid = scrim_grid_new (protection, loader);

  scrim_grid_set_model (SCRIM_GRID (grid), model);
  g_assert_true (scrim_grid_get_model (SCRIM_GRID (grid)) == model);
  g_assert_cmpint (scrim_grid_get_thumbnail_size (SCRIM_GRID (grid)), ==, 160);
  show_then_destroy (grid);
  /* Nothing of the grid holds these any more, once the cancelled loads
   * have answered (each holds the loader). */
  g_assert_finalize_object (g_steal_pointer (&model));
  g_object_add_weak_pointer (G_OBJECT (loader), (gpointer *) &loader);
  g_object_unref (loader);
  g_assert_true (scrim_ui_test_wait_for (is_null, &loader, 5000));
  g_assert_finalize_object (g_steal_pointer (&protection));
}

/* ---- the grid's selection and signals ---- */

static void
activated (ScrimGrid *grid,
           guint      position,
           guint     *out)
{
  *out = position;
}

static void
test_grid_selection (void)
{
  g_autoptr(ScrimCase) scase = open_case ();
  g_autoptr(ScrimProtection) protection = scrim_protection_new (NULL);
  g_autoptr(ScrimThumbnailLoader) loader = new_loader ();
  g_autoptr(ScrimItemModel) model = new_model (scase);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *grid = scrim_grid_new (protection, loader);
  guint changed = 0, position = G_MAXUINT;

  g_signal_connect (grid, "selection-changed", G_CALLBACK (count), &changed);
  g_signal_connect (grid, "activate", G_CALLBACK (activated), &position);
  scrim_grid_set_model (SCRIM_GRID (grid), model);
  g_assert_cmpuint (changed, ==, 1);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_set_child (GTK_WINDOW (window), grid);
  gtk_window_present (GTK_WINDOW (window));
  scrim_ui_test_spin (200);

  {
    g_autoptr(GArray) ids = scrim_grid_get_selected_ids (SCRIM_GRID (grid));
    g_autoptr(ScrimItem) focus = scrim_grid_dup_focus_item (SCRIM_GRID (grid));

    g_assert_cmpuint (ids->len, ==, 0);
    /* Presenting the window put the keyboard on the first item, if any. */
    if (focus != NULL)
      g_assert_cmpint (scrim_item_get_item_id (focus), ==, scrim_item_model_get_item_id (model, 0));
  }
  changed = 0;
  scrim_grid_select_position (SCRIM_GRID (grid), 1);
  scrim_ui_test_spin (100);
  g_assert_cmpuint (changed, >=, 1);
  {
    g_autoptr(GArray) ids = scrim_grid_get_selected_ids (SCRIM_GRID (grid));
    g_autoptr(ScrimItem) focus = scrim_grid_dup_focus_item (SCRIM_GRID (grid));
    GtkWidget *cell = scrim_grid_get_cell_for_position (SCRIM_GRID (grid), 1);

    g_assert_cmpuint (ids->len, ==, 1);
    g_assert_cmpint (g_array_index (ids, gint64, 0), ==, scrim_item_model_get_item_id (model, 1));
    g_assert_cmpint (scrim_item_get_item_id (focus), ==, scrim_item_model_get_item_id (model, 1));
    g_assert_nonnull (cell);
    g_assert_cmpint (scrim_item_get_item_id (scrim_grid_cell_get_item (SCRIM_GRID_CELL (cell))), ==,
                     scrim_item_model_get_item_id (model, 1));
    /* The keyboard is on it. */
    g_assert_true (gtk_widget_is_ancestor (cell, gtk_root_get_focus (GTK_ROOT (window)))
                   || gtk_widget_get_parent (cell) == gtk_root_get_focus (GTK_ROOT (window)));
  }

  /* Keys move the selection (GtkGridView's bindings); Enter activates. */
  changed = 0;
  scrim_ui_test_press_key (grid, GDK_KEY_Right, 0);
  g_assert_cmpuint (changed, >=, 1);
  {
    g_autoptr(ScrimItem) focus = scrim_grid_dup_focus_item (SCRIM_GRID (grid));

    g_assert_cmpint (scrim_item_get_item_id (focus), ==, scrim_item_model_get_item_id (model, 2));
  }
  scrim_ui_test_press_key (grid, GDK_KEY_Return, 0);
  g_assert_cmpuint (position, ==, 2);
  scrim_ui_test_press_key (grid, GDK_KEY_a, GDK_CONTROL_MASK);
  {
    g_autoptr(GArray) ids = scrim_grid_get_selected_ids (SCRIM_GRID (grid));

    g_assert_cmpuint (ids->len, ==, 3);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  scrim_ui_test_spin (50);
}

/* ---- textures ---- */

static void
test_texture_channels (void)
{
  for (guint channels = 1; channels <= 4; channels++)
    {
      g_autoptr(ScrimPixels) pixels = scrim_pixels_new (5, 3, channels);
      g_autoptr(GdkTexture) texture = NULL;
      guint8 out[5 * 3 * 4];

      /* Padding in the stride, as decoders leave it. */
      for (guint y = 0; y < 3; y++)
        for (guint x = 0; x < 5; x++)
          for (guint c = 0; c < channels; c++)
            pixels->data[y * pixels->stride + x * channels + c] = c == 3 || (channels == 2 && c == 1) ? 255 : 10 * (x + 5 * y) + c;
      texture = scrim_texture_new_for_pixels (pixels);
      g_assert_cmpint (gdk_texture_get_width (texture), ==, 5);
      g_assert_cmpint (gdk_texture_get_height (texture), ==, 3);
      gdk_texture_download (texture, out, 5 * 4);
      for (guint y = 0; y < 3; y++)
        for (guint x = 0; x < 5; x++)
          {
            const guint8 *p = out + y * 20 + x * 4;   /* B G R A */
            guint v = 10 * (x + 5 * y);

            g_assert_cmpuint (p[3], ==, 255);
            g_assert_cmpuint (p[2], ==, v);
            g_assert_cmpuint (p[1], ==, channels >= 3 ? v + 1 : v);
            g_assert_cmpuint (p[0], ==, channels >= 3 ? v + 2 : v);
          }
    }
}

/* ---- the protection rule ---- */

static void
test_paint_rule (void)
{
  g_autoptr(ScrimProtection) protection = scrim_protection_new (NULL);
  ScrimPaint paint;
  const double size = 200;
  const double strong = size * (0.03 + 0.012 * 6), light = size * 0.025;

  for (ScrimUnknownPolicy policy = 0; policy <= SCRIM_UNKNOWN_POLICY_BLURRED; policy++)
    for (int hovered = 0; hovered <= 1; hovered++)
      for (int revealed = 0; revealed <= 1; revealed++)
        for (int grey = 0; grey <= 1; grey++)
          {
            gboolean light_blur = policy == SCRIM_UNKNOWN_POLICY_BLURRED
                                  || (policy == SCRIM_UNKNOWN_POLICY_INTERACTIVE && !hovered);

            scrim_protection_set_unknown_policy (protection, policy);
            scrim_protection_set_revealed_item (protection, revealed ? 5 : 0);
            scrim_protection_set_greyscale_unknown (protection, grey);

            /* Obscured: strong blur and grey, whatever the policy, the
             * pointer or greyscale-unknown; only the reveal lifts it. */
            scrim_protection_get_paint (protection, 5, TRUE, hovered, size, &paint);
            g_assert_cmpfloat_with_epsilon (paint.blur_radius, revealed ? 0 : strong, 1e-9);
            g_assert_cmpint (paint.greyscale, ==, !revealed);
            /* Another item revealed changes nothing for this one. */
            scrim_protection_get_paint (protection, 6, TRUE, hovered, size, &paint);
            g_assert_cmpfloat_with_epsilon (paint.blur_radius, strong, 1e-9);
            g_assert_true (paint.greyscale);

            /* Unknown: the policy, and greyscale-unknown. */
            scrim_protection_get_paint (protection, 5, FALSE, hovered, size, &paint);
            g_assert_cmpfloat_with_epsilon (paint.blur_radius, light_blur ? light : 0, 1e-9);
            g_assert_cmpint (paint.greyscale, ==, grey);
          }

  /* Strength, and the floors for small sizes. */
  scrim_protection_set_revealed_item (protection, 0);
  scrim_protection_set_unknown_policy (protection, SCRIM_UNKNOWN_POLICY_BLURRED);
  scrim_protection_set_blur_strength (protection, 10);
  scrim_protection_get_paint (protection, 1, TRUE, FALSE, 500, &paint);
  g_assert_cmpfloat_with_epsilon (paint.blur_radius, 500 * (0.03 + 0.12), 1e-9);
  scrim_protection_set_blur_strength (protection, 1);
  scrim_protection_get_paint (protection, 1, TRUE, FALSE, 500, &paint);
  g_assert_cmpfloat_with_epsilon (paint.blur_radius, 500 * 0.042, 1e-9);
  scrim_protection_get_paint (protection, 1, TRUE, FALSE, 20, &paint);
  g_assert_cmpfloat (paint.blur_radius, ==, 6);
  scrim_protection_get_paint (protection, 1, FALSE, FALSE, 20, &paint);
  g_assert_cmpfloat (paint.blur_radius, ==, 3);
  scrim_protection_get_paint (protection, 0, TRUE, FALSE, 20, &paint);
  g_assert_cmpfloat (paint.blur_radius, ==, 6);
  /* Out of range strengths are clamped. */
  scrim_protection_set_blur_strength (protection, 99);
  g_assert_cmpint (scrim_protection_get_blur_strength (protection), ==, 10);
  scrim_protection_set_blur_strength (protection, -3);
  g_assert_cmpint (scrim_protection_get_blur_strength (protection), ==, 1);
}

static void
test_protection_notify (void)
{
  g_autoptr(ScrimProtection) protection = scrim_protection_new (NULL);
  guint n = 0;

  g_signal_connect (protection, "notify", G_CALLBACK (count_notify), &n);
  scrim_protection_set_revealed_item (protection, 3);
  scrim_protection_set_revealed_item (protection, 3);
  scrim_protection_set_blanked (protection, TRUE);
  scrim_protection_set_blanked (protection, TRUE);
  scrim_protection_set_unknown_policy (protection, SCRIM_UNKNOWN_POLICY_CLEAR);
  scrim_protection_set_unknown_policy (protection, SCRIM_UNKNOWN_POLICY_CLEAR);
  g_assert_cmpuint (n, ==, 3);
}

static void
test_protection_settings (void)
{
  g_autoptr(GSettings) settings = scrim_settings_new ();
  ScrimProtection *protection;
  guint n = 0;

  g_settings_set_enum (settings, "unknown-policy", SCRIM_UNKNOWN_POLICY_BLURRED);
  g_settings_set_int (settings, "blur-strength", 4);
  protection = scrim_protection_new (settings);
  /* Read at once. */
  g_assert_cmpint (scrim_protection_get_unknown_policy (protection), ==, SCRIM_UNKNOWN_POLICY_BLURRED);
  g_assert_cmpint (scrim_protection_get_blur_strength (protection), ==, 4);

  /* Keys → properties, with notify. */
  g_signal_connect (protection, "notify", G_CALLBACK (count_notify), &n);
  g_settings_set_string (settings, "unknown-policy", "clear");
  g_assert_cmpint (scrim_protection_get_unknown_policy (protection), ==, SCRIM_UNKNOWN_POLICY_CLEAR);
  g_settings_set_string (settings, "unknown-policy", "interactive");
  g_assert_cmpint (scrim_protection_get_unknown_policy (protection), ==, SCRIM_UNKNOWN_POLICY_INTERACTIVE);
  g_settings_set_int (settings, "blur-strength", 9);
  g_assert_cmpint (scrim_protection_get_blur_strength (protection), ==, 9);
  g_settings_set_boolean (settings, "greyscale-unknown", TRUE);
  g_assert_true (scrim_protection_get_greyscale_unknown (protection));
  g_settings_set_boolean (settings, "show-ignorable", TRUE);
  g_assert_true (scrim_protection_get_show_ignorable (protection));
  g_settings_set_boolean (settings, "allow-copy", TRUE);
  g_assert_true (scrim_protection_get_allow_copy (protection));
  g_assert_cmpuint (n, ==, 6);

  /* Properties → keys. */
  scrim_protection_set_unknown_policy (protection, SCRIM_UNKNOWN_POLICY_BLURRED);
  g_assert_cmpint (g_settings_get_enum (settings, "unknown-policy"), ==, SCRIM_UNKNOWN_POLICY_BLURRED);
  scrim_protection_set_blur_strength (protection, 2);
  g_assert_cmpint (g_settings_get_int (settings, "blur-strength"), ==, 2);
  scrim_protection_set_greyscale_unknown (protection, FALSE);
  g_assert_false (g_settings_get_boolean (settings, "greyscale-unknown"));

  /* The runtime state is not a setting. */
  scrim_protection_set_revealed_item (protection, 12);
  scrim_protection_set_blanked (protection, TRUE);
  g_assert_finalize_object (protection);

  /* The bindings went with it. */
  g_settings_set_int (settings, "blur-strength", 7);
  g_settings_reset (settings, "unknown-policy");
  g_settings_reset (settings, "blur-strength");
  g_settings_reset (settings, "greyscale-unknown");
  g_settings_reset (settings, "show-ignorable");
  g_settings_reset (settings, "allow-copy");
}

static void
test_policy_enum (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SCRIM_TYPE_UNKNOWN_POLICY);

  g_assert_cmpstr (g_enum_get_value (klass, SCRIM_UNKNOWN_POLICY_INTERACTIVE)->value_nick, ==, "interactive");
  g_assert_cmpstr (g_enum_get_value (klass, SCRIM_UNKNOWN_POLICY_CLEAR)->value_nick, ==, "clear");
  g_assert_cmpstr (g_enum_get_value (klass, SCRIM_UNKNOWN_POLICY_BLURRED)->value_nick, ==, "blurred");
  g_assert_cmpuint (klass->n_values, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  if (!scrim_ui_test_init (&argc, &argv))
    scrim_ui_test_skip_no_display ();
  tmp = scrim_test_mkdtemp ("ui-grid");
  make_case ();

  g_test_add_func ("/ui/protection/new", test_protection_new);
  g_test_add_func ("/ui/protection/paint-rule", test_paint_rule);
  g_test_add_func ("/ui/protection/notify", test_protection_notify);
  g_test_add_func ("/ui/protection/settings", test_protection_settings);
  g_test_add_func ("/ui/protection/policy-enum", test_policy_enum);
  g_test_add_func ("/ui/item/new", test_item_new);
  g_test_add_func ("/ui/item-model/new", test_item_model_new);
  g_test_add_func ("/ui/thumbnail-loader/new", test_loader_new);
  g_test_add_func ("/ui/thumbnail-loader/texture-channels", test_texture_channels);
  g_test_add_func ("/ui/thumbnail/new", test_thumbnail_new);
  g_test_add_func ("/ui/grid-cell/new", test_grid_cell_new);
  g_test_add_func ("/ui/grid/new", test_grid_new);
  g_test_add_func ("/ui/grid/selection", test_grid_selection);
  return g_test_run ();
}
