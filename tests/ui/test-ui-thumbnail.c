/* test-ui-thumbnail.c: the thumbnail loader, and the analyst's protection as painted
 *
 * The case: eight synthetic 512×384 JPEGs (hard-edged colour patterns
 * from core/scrim-synth.c, with a text label: lots of edges and colour,
 * so blurring and greyscale show in the numbers), two of them listed as
 * abuse (category 1) in an invented VICS list that the real import and
 * match read. Nothing in them depicts anything.
 *
 * What is measured is what the renderer paints (GSK_RENDERER=cairo under
 * Xvfb): the mean luma variance of 8×8 blocks (the detail left) and the
 * mean chroma, against the same texture painted unprotected by a
 * GtkPicture.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>

#include "scrim-core.h"
#include "scrim-grid-cell.h"
#include "scrim-item-model.h"
#include "scrim-thumbnail-loader.h"
#include "scrim-thumbnail.h"
#include "scrim-ui-test-util.h"

#define N_IMAGES 8
#define SIZE 256

static char *tmp;
static char *case_path;
static ScrimCase *scase;
static ScrimThumbnailLoader *loader;
static ScrimItemModel *abuse_view;
static ScrimItemModel *unknown_view;

/* ---- the case ---- */

static void
write_list (const char *path,
            GBytes     *first,
            GBytes     *second)
{
  g_autofree char *md5_1 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, first);
  g_autofree char *md5_2 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, second);
  g_autofree char *json = g_strdup_printf ("{\"@odata.context\":\"http://github.com/VICSDATAMODEL/ProjectVic/"
                                           "DataModels/2.0.xml/US/$metadata#Media\",\"value\":["
                                           "{\"MediaID\":1,\"Category\":1,\"MD5\":\"%s\"},"
                                           "{\"MediaID\":2,\"Category\":1,\"MD5\":\"%s\"}]}\n", md5_1, md5_2);

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
}

static void
make_case (void)
{
  g_autofree char *evidence = g_build_filename (tmp, "evidence", NULL);
  g_autofree char *list = g_build_filename (tmp, "list.json", NULL);
  g_autofree char *library_path = g_build_filename (tmp, "library.db", NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  const char *lists[] = { list, NULL };
  ScrimImportOptions options = { SCRIM_LIST_FORMAT_AUTO, SCRIM_LIST_KIND_KNOWN_BAD, FALSE, NULL, NULL, TRUE, "test" };
  ScrimImportReport report = { 0 };
  g_autoptr(ScrimIngest) ingest = NULL;
  g_autoptr(ScrimLibrary) library = NULL;
  g_autoptr(GError) error = NULL;

  for (guint k = 0; k < N_IMAGES; k++)
    {
      g_autofree char *label = g_strdup_printf ("P%u", k);
      g_autofree char *path = g_strdup_printf ("%s/pattern-%02u.jpg", evidence, k);
      g_autoptr(ScrimPixels) pixels = scrim_synth_draw (SCRIM_SYNTH_PATTERN, 500 + k, 512, 384, label);
      GBytes *jpeg = scrim_jpeg_encode (pixels, 92, NULL, &error);

      g_assert_no_error (error);
      scrim_test_write_bytes (path, jpeg);
      g_ptr_array_add (files, jpeg);
    }
  write_list (list, g_ptr_array_index (files, 1), g_ptr_array_index (files, 4));

  case_path = g_build_filename (tmp, "protection.scrim", NULL);
  scase = scrim_case_open (case_path, SCRIM_CASE_OPEN_CREATE, NULL, &error);
  g_assert_no_error (error);
  ingest = scrim_ingest_new (scase);
  scrim_ingest_add_source (ingest, evidence, "EX-1", &error);
  g_assert_no_error (error);
  scrim_ingest_run (ingest, NULL, &error);
  g_assert_no_error (error);
  library = scrim_library_open (library_path, &error);
  g_assert_no_error (error);
  scrim_library_import (library, "Test list", lists, &options, &report, NULL, &error);
  g_assert_no_error (error);
  scrim_import_report_clear (&report);
  scrim_match_case (scase, library, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  loader = scrim_thumbnail_loader_new (case_path, &error);
  g_assert_no_error (error);
  abuse_view = scrim_item_model_new (scase);
  scrim_item_model_set_view (abuse_view, SCRIM_VIEW_ABUSE, 0, &error);
  g_assert_no_error (error);
  unknown_view = scrim_item_model_new (scase);
  scrim_item_model_set_view (unknown_view, SCRIM_VIEW_UNKNOWN, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (abuse_view)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (unknown_view)), ==, N_IMAGES - 2);
}

static ScrimItem *
matched_item (guint k)
{
  ScrimItem *item = g_list_model_get_item (G_LIST_MODEL (abuse_view), k);

  g_assert_true (scrim_item_get_obscured (item));
  g_assert_cmpstr (scrim_item_get_category (item), ==, "abuse");
  return item;
}

static ScrimItem *
unknown_item (guint k)
{
  ScrimItem *item = g_list_model_get_item (G_LIST_MODEL (unknown_view), k);

  g_assert_false (scrim_item_get_obscured (item));
  g_assert_null (scrim_item_get_category (item));
  return item;
}

/* ---- loading ---- */

typedef struct
{
  GdkTexture *texture;
  GError     *error;
  gboolean    done;
  guint       order;
} Load;

static guint n_answers;

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  Load *load = data;

  load->texture = scrim_thumbnail_loader_load_finish (SCRIM_THUMBNAIL_LOADER (source), result, &load->error);
  load->done = TRUE;
  load->order = n_answers++;
}

static gboolean
load_done (gpointer data)
{
  return ((Load *) data)->done;
}

static GdkTexture *
load_texture (gint64 item_id)
{
  Load load = { 0 };

  scrim_thumbnail_loader_load_async (loader, item_id, NULL, loaded, &load);
  g_assert_true (scrim_ui_test_wait_for (load_done, &load, 10000));
  g_assert_no_error (load.error);
  g_assert_nonnull (load.texture);
  return load.texture;
}

static void
test_loader_size (void)
{
  g_autoptr(ScrimItem) item = unknown_item (0);
  g_autoptr(GdkTexture) texture = load_texture (scrim_item_get_item_id (item));

  g_assert_cmpint (gdk_texture_get_width (texture), ==, scrim_item_get_thumb_width (item));
  g_assert_cmpint (gdk_texture_get_height (texture), ==, scrim_item_get_thumb_height (item));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 256);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 192);
}

static void
test_loader_missing (void)
{
  Load load = { 0 };

  scrim_thumbnail_loader_load_async (loader, 999999, NULL, loaded, &load);
  g_assert_true (scrim_ui_test_wait_for (load_done, &load, 10000));
  g_assert_null (load.texture);
  g_assert_error (load.error, SCRIM_ERROR, SCRIM_ERROR_INVALID);
  g_clear_error (&load.error);
}

static gboolean
all_done (gpointer data)
{
  GArray *loads = data;

  for (guint k = 0; k < loads->len; k++)
    if (!g_array_index (loads, Load, k).done)
      return FALSE;
  return TRUE;
}

/* Cancelled requests never answer with a texture, whether cancelled
 * before the worker reaches them or after it answered; the newest request
 * is served before older ones. */
static void
test_loader_cancel (void)
{
  g_autoptr(ScrimItem) item = unknown_item (1);
  gint64 id = scrim_item_get_item_id (item);
  g_autoptr(GArray) loads = g_array_new (FALSE, TRUE, sizeof (Load));
  g_autoptr(GPtrArray) cancellables = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = 40;

  g_array_set_size (loads, n);
  n_answers = 0;
  /* All queued before the worker takes any. */
  _scrim_thumbnail_loader_set_held (loader, TRUE);
  for (guint k = 0; k < n; k++)
    {
      GCancellable *cancellable = g_cancellable_new ();

      g_ptr_array_add (cancellables, cancellable);
      scrim_thumbnail_loader_load_async (loader, id, cancellable, loaded, &g_array_index (loads, Load, k));
      /* Every other one cancelled at once. */
      if (k % 2 == 1)
        g_cancellable_cancel (cancellable);
    }
  g_cancellable_cancel (g_ptr_array_index (cancellables, 0));
  _scrim_thumbnail_loader_set_held (loader, FALSE);
  g_assert_true (scrim_ui_test_wait_for (all_done, loads, 10000));
  for (guint k = 0; k < n; k++)
    {
      Load *load = &g_array_index (loads, Load, k);

      if (k % 2 == 1 || k == 0)
        {
          g_assert_null (load->texture);
          g_assert_error (load->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
        }
      else
        {
          g_assert_no_error (load->error);
          g_assert_nonnull (load->texture);
        }
      g_clear_object (&load->texture);
      g_clear_error (&load->error);
    }
  /* Newest first: every request answered after the ones queued after it. */
  for (guint k = 2; k + 2 < n; k += 2)
    g_assert_cmpuint (g_array_index (loads, Load, k + 2).order, <, g_array_index (loads, Load, k).order);

  /* Cancelled after the worker answered, before the main loop delivered. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    Load load = { 0 };

    scrim_thumbnail_loader_load_async (loader, id, cancellable, loaded, &load);
    g_usleep (200000);
    g_cancellable_cancel (cancellable);
    g_assert_true (scrim_ui_test_wait_for (load_done, &load, 10000));
    g_assert_null (load.texture);
    g_assert_error (load.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&load.error);
  }
}

/* A loader dropped while requests wait: it lives until they are
 * answered, then goes, its thread joined. */
static void
test_loader_unref_pending (void)
{
  g_autoptr(GError) error = NULL;
  ScrimThumbnailLoader *own = scrim_thumbnail_loader_new (case_path, &error);
  g_autoptr(ScrimItem) item = unknown_item (2);
  Load loads[5] = { { 0 } };

  g_assert_no_error (error);
  for (guint k = 0; k < G_N_ELEMENTS (loads); k++)
    scrim_thumbnail_loader_load_async (own, scrim_item_get_item_id (item), NULL, loaded, &loads[k]);
  g_object_add_weak_pointer (G_OBJECT (own), (gpointer *) &own);
  g_object_unref (own);
  g_assert_nonnull (own);
  for (guint k = 0; k < G_N_ELEMENTS (loads); k++)
    {
      g_assert_true (scrim_ui_test_wait_for (load_done, &loads[k], 10000));
      g_assert_nonnull (loads[k].texture);
      g_clear_object (&loads[k].texture);
    }
  scrim_ui_test_spin (50);
  g_assert_null (own);
}

/* g_object_run_dispose() with requests waiting: they answer cancelled. */
static void
test_loader_dispose_pending (void)
{
  g_autoptr(GError) error = NULL;
  ScrimThumbnailLoader *own = scrim_thumbnail_loader_new (case_path, &error);
  g_autoptr(ScrimItem) item = unknown_item (2);
  Load loads[30] = { { 0 } };
  guint cancelled = 0;

  g_assert_no_error (error);
  for (guint k = 0; k < G_N_ELEMENTS (loads); k++)
    scrim_thumbnail_loader_load_async (own, scrim_item_get_item_id (item), NULL, loaded, &loads[k]);
  g_object_run_dispose (G_OBJECT (own));
  for (guint k = 0; k < G_N_ELEMENTS (loads); k++)
    {
      g_assert_true (scrim_ui_test_wait_for (load_done, &loads[k], 10000));
      if (loads[k].texture == NULL)
        {
          g_assert_error (loads[k].error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          cancelled++;
        }
      g_clear_object (&loads[k].texture);
      g_clear_error (&loads[k].error);
    }
  g_assert_cmpuint (cancelled, >, 0);
  /* After dispose: refused at once. */
  {
    Load late = { 0 };

    scrim_thumbnail_loader_load_async (own, 1, NULL, loaded, &late);
    g_assert_true (scrim_ui_test_wait_for (load_done, &late, 10000));
    g_assert_error (late.error, G_IO_ERROR, G_IO_ERROR_CLOSED);
    g_clear_error (&late.error);
  }
  scrim_ui_test_spin (20);
  g_assert_finalize_object (own);
}

/* ---- painting ---- */

static gboolean
widget_ready (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) >= SIZE
         && gtk_widget_get_height (widget) >= SIZE;
}

static GtkWidget *
show (GtkWidget *child)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
painted (GdkFrameClock *clock,
         gboolean      *done)
{
  *done = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Waits for the next frame to paint the widget: the render uses what the
 * widget painted last (its render node), so it must be up to date. */
static void
wait_for_paint (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean done = FALSE;
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (painted), &done);

  gtk_widget_queue_draw (widget);
  g_assert_true (scrim_ui_test_wait_for (is_true, &done, 5000));
  g_signal_handler_disconnect (clock, handler);
}

static void
measure (GtkWidget *widget,
         double    *detail,
         double    *chroma)
{
  g_autoptr(GdkTexture) texture = NULL;

  g_assert_true (scrim_ui_test_wait_for (widget_ready, widget, 5000));
  wait_for_paint (widget);
  texture = scrim_ui_test_render_widget (widget);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, SIZE);
  scrim_ui_test_texture_stats (texture, detail, chroma);
}

/* The texture as it is, painted by GTK itself. */
static void
measure_source (GdkTexture *texture,
                double     *detail,
                double     *chroma)
{
  GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
  GtkWidget *window = show (picture);

  gtk_widget_set_size_request (picture, SIZE, SIZE);
  measure (picture, detail, chroma);
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  GtkWidget  *window;
  GtkWidget  *cell;
  ScrimThumbnail *thumbnail;
} Shown;

static gboolean
cell_loaded (gpointer data)
{
  return scrim_thumbnail_get_texture (data) != NULL;
}

static Shown
show_cell (ScrimProtection *protection,
           ScrimItem       *item)
{
  Shown s;

  s.cell = scrim_grid_cell_new (protection, loader);
  scrim_grid_cell_set_size (SCRIM_GRID_CELL (s.cell), SIZE);
  s.thumbnail = scrim_grid_cell_get_thumbnail (SCRIM_GRID_CELL (s.cell));
  s.window = show (s.cell);
  scrim_grid_cell_bind (SCRIM_GRID_CELL (s.cell), item);
  g_assert_true (scrim_ui_test_wait_for (cell_loaded, s.thumbnail, 10000));
  return s;
}

static void
check_source_meaningful (double detail,
                         double chroma)
{
  g_test_message ("source: detail %.1f, chroma %.1f", detail, chroma);
  g_assert_cmpfloat (detail, >, 50);
  g_assert_cmpfloat (chroma, >, 20);
}

/* The protection check of issue 6: matched material in a cell is painted
 * blurred and grey, at any policy, hovered or not. */
static void
test_matched_cell (void)
{
  g_autoptr(ScrimProtection) protection = scrim_protection_new (NULL);
  g_autoptr(ScrimItem) item = matched_item (0);
  double src_detail, src_chroma, detail, chroma;
  Shown s = show_cell (protection, item);

  measure_source (scrim_thumbnail_get_texture (s.thumbnail), &src_detail, &src_chroma);
  check_source_meaningful (src_detail, src_chroma);
  for (ScrimUnknownPolicy policy = 0; policy <= SCRIM_UNKNOWN_POLICY_BLURRED; policy++)
    {
      scrim_protection_set_unknown_policy (protection, policy);
      measure (GTK_WIDGET (s.thumbnail), &detail, &chroma);
      g_test_message ("matched, policy %d: detail %.1f (%.1f %%), chroma %.2f", policy, detail,
                      100 * detail / src_detail, chroma);
      g_assert_cmpfloat (detail, <, 0.10 * src_detail);
      g_assert_cmpfloat (chroma, <, 1.0);
    }
  /* The weakest blur still hides it. */
  scrim_protection_set_blur_strength (protection, 1);
  measure (GTK_WIDGET (s.thumbnail), &detail, &chroma);
  g_test_message ("matched, strength 1: detail %.1f (%.1f %%)", detail, 100 * detail / src_detail);
  g_assert_cmpfloat (detail, <, 0.10 * src_detail);

  /* Revealed: painted as it is. */
  scrim_protection_set_revealed_item (protection, scrim_item_get_item_id (item));
  measure (GTK_WIDGET (s.thumbnail), &detail, &chroma);
  g_test_message ("matched, revealed: detail %.1f, chroma %.1f", detail, chroma);
  g_assert_cmpfloat (fabs (detail - src_detail), <, 0.15 * src_detail);
  g_assert_cmpfloat (fabs (chroma - src_chroma), <, 0.05 * src_chroma);
  /* Another item revealed: this one is obscured again. */
  scrim_protection_set_revealed_item (protection, scrim_item_get_item_id (item) + 1);
  measure (GTK_WIDGET (s.thumbnail), &detail, &chroma);
  g_assert_cmpfloat (detail, <, 0.10 * src_detail);
  g_assert_cmpfloat (chroma, <, 1.0);

  /* Unbound: the texture is dropped. */
  scrim_grid_cell_unbind (SCRIM_GRID_CELL (s.cell));
  g_assert_null (scrim_thumbnail_get_texture (s.thumbnail));
  g_assert_null (scrim_grid_cell_get_item (SCRIM_GRID_CELL (s.cell)));
  gtk_window_destroy (GTK_WINDOW (s.window));
}

static void
test_unknown_clear (void)
{
  g_autoptr(ScrimProtection) protection = scrim_protection_new (NULL);
  g_autoptr(ScrimItem) item = unknown_item (0);
  double src_detail, src_chroma, detail, chroma;
  Shown s;

  scrim_protection_set_unknown_policy (protection, SCRIM_UNKNOWN_POLICY_CLEAR);
  s = show_cell (protection, item);
  measure_source (scrim_thumbnail_get_texture (s.thumbnail), &src_detail, &src_chroma);
  check_source_meaningful (src_detail, src_chroma);
  measure (GTK_WIDGET (s.thumbnail), &detail, &chroma);
  g_test_message ("unknown, clear: detail %.1f, chroma %.1f", detail, chroma);
  g_assert_cmpfloat (fabs (detail - src_detail), <, 0.15 * src_detail);
  g_assert_cmpfloat (fabs (chroma - src_chroma), <, 0.05 * src_chroma);

  /* Greyscale for unknown images too. */
  scrim_protection_set_greyscale_unknown (protection, TRUE);
  measure (GTK_WIDGET (s.thumbnail), &detail, &chroma);
  g_test_message ("unknown, clear, greyscale: detail %.1f, chroma %.2f", detail, chroma);
  g_assert_cmpfloat (chroma, <, 1.0);
  g_assert_cmpfloat (detail, >, 0.3 * src_detail);
  scrim_protection_set_greyscale_unknown (protection, FALSE);

  /* Always blurred. */
  scrim_protection_set_unknown_policy (protection, SCRIM_UNKNOWN_POLICY_BLURRED);
  measure (GTK_WIDGET (s.thumbnail), &detail, &chroma);
  g_test_message ("unknown, blurred: detail %.1f (%.1f %%)", detail, 100 * detail / src_detail);
  g_assert_cmpfloat (detail, <, 0.5 * src_detail);
  g_assert_cmpfloat (chroma, >, 0.3 * src_chroma);

  /* Blanked: nothing of the image at all. */
  scrim_protection_set_blanked (protection, TRUE);
  measure (GTK_WIDGET (s.thumbnail), &detail, &chroma);
  g_assert_cmpfloat (detail, <, 1.0);
  g_assert_cmpfloat (chroma, <, 1.0);
  gtk_window_destroy (GTK_WINDOW (s.window));
}

/* Moves the X pointer to a point of widget (its top left + x, y). */
static void
move_pointer (GtkWidget *widget,
              double     x,
              double     y)
{
  GtkNative *native = gtk_widget_get_native (widget);
  Display *xdisplay = gdk_x11_display_get_xdisplay (gtk_widget_get_display (widget));
  Window xid = gdk_x11_surface_get_xid (gtk_native_get_surface (native));
  double nx, ny, sx, sy;
  int rx, ry;
  Window child;

  g_assert_true (gtk_widget_translate_coordinates (widget, GTK_WIDGET (native), x, y, &nx, &ny));
  gtk_native_get_surface_transform (native, &sx, &sy);
  XTranslateCoordinates (xdisplay, xid, DefaultRootWindow (xdisplay), 0, 0, &rx, &ry, &child);
  XTestFakeMotionEvent (xdisplay, -1, rx + (int) (nx + sx), ry + (int) (ny + sy), CurrentTime);
  XSync (xdisplay, False);
}

/* Moves the X pointer to the bottom right corner of the screen, where no
 * window is (without a window manager they open at the top left). */
static void
move_pointer_away (GtkWidget *widget)
{
  Display *xdisplay = gdk_x11_display_get_xdisplay (gtk_widget_get_display (widget));
  Screen *screen = DefaultScreenOfDisplay (xdisplay);

  XTestFakeMotionEvent (xdisplay, -1, WidthOfScreen (screen) - 1, HeightOfScreen (screen) - 1, CurrentTime);
  XSync (xdisplay, False);
}

static gboolean
is_hovered (gpointer data)
{
  return scrim_thumbnail_get_hovered (data);
}

static gboolean
is_not_hovered (gpointer data)
{
  return !scrim_thumbnail_get_hovered (data);
}

/* Interactive: unknown images blurred until hovered; matched ones stay
 * obscured under the pointer. */
static void
test_interactive_hover (void)
{
  g_autoptr(ScrimProtection) protection = scrim_protection_new (NULL);
  g_autoptr(ScrimItem) item = unknown_item (3);
  g_autoptr(ScrimItem) matched = matched_item (1);
  double src_detail, src_chroma, detail, chroma;
  Shown s = show_cell (protection, item);

  g_assert_cmpint (scrim_protection_get_unknown_policy (protection), ==, SCRIM_UNKNOWN_POLICY_INTERACTIVE);
  measure_source (scrim_thumbnail_get_texture (s.thumbnail), &src_detail, &src_chroma);
  check_source_meaningful (src_detail, src_chroma);
  move_pointer_away (s.window);
  scrim_ui_test_spin (100);
  g_assert_false (scrim_thumbnail_get_hovered (s.thumbnail));
  measure (GTK_WIDGET (s.thumbnail), &detail, &chroma);
  g_test_message ("unknown, interactive: detail %.1f (%.1f %%), chroma %.1f", detail, 100 * detail / src_detail, chroma);
  g_assert_cmpfloat (detail, <, 0.5 * src_detail);

  move_pointer (GTK_WIDGET (s.thumbnail), SIZE / 2, SIZE / 2);
  g_assert_true (scrim_ui_test_wait_for (is_hovered, s.thumbnail, 5000));
  measure (GTK_WIDGET (s.thumbnail), &detail, &chroma);
  g_test_message ("unknown, interactive, hovered: detail %.1f, chroma %.1f", detail, chroma);
  g_assert_cmpfloat (fabs (detail - src_detail), <, 0.15 * src_detail);

  /* The same cell bound to matched material, the pointer still over it. */
  scrim_grid_cell_bind (SCRIM_GRID_CELL (s.cell), matched);
  g_assert_null (scrim_thumbnail_get_texture (s.thumbnail));
  g_assert_true (scrim_ui_test_wait_for (cell_loaded, s.thumbnail, 10000));
  g_assert_true (scrim_thumbnail_get_hovered (s.thumbnail));
  measure_source (scrim_thumbnail_get_texture (s.thumbnail), &src_detail, &src_chroma);
  measure (GTK_WIDGET (s.thumbnail), &detail, &chroma);
  g_test_message ("matched, hovered: detail %.1f (%.1f %%), chroma %.2f", detail, 100 * detail / src_detail, chroma);
  g_assert_cmpfloat (detail, <, 0.10 * src_detail);
  g_assert_cmpfloat (chroma, <, 1.0);

  move_pointer_away (s.window);
  g_assert_true (scrim_ui_test_wait_for (is_not_hovered, s.thumbnail, 5000));
  gtk_window_destroy (GTK_WINDOW (s.window));
}

/* An image that becomes obscured while shown (graded as abuse) is blurred
 * at once: the cell follows its item. */
static void
test_follows_item (void)
{
  g_autoptr(ScrimProtection) protection = scrim_protection_new (NULL);
  g_autoptr(ScrimItem) item = unknown_item (4);
  g_autoptr(GError) error = NULL;
  gint64 id = scrim_item_get_item_id (item);
  double src_detail, src_chroma, detail, chroma;
  Shown s;

  scrim_protection_set_unknown_policy (protection, SCRIM_UNKNOWN_POLICY_CLEAR);
  s = show_cell (protection, item);
  measure_source (scrim_thumbnail_get_texture (s.thumbnail), &src_detail, &src_chroma);
  measure (GTK_WIDGET (s.thumbnail), &detail, &chroma);
  g_test_message ("unknown, clear: detail %.1f of %.1f", detail, src_detail);
  /* Clear: within the scaling noise of the source (a blurred cell is
   * under a tenth of it). */
  g_assert_cmpfloat (detail, >, 0.8 * src_detail);

  scrim_review_grade (scase, &id, 1, SCRIM_GRADE_EXPLOITIVE, NULL, &error);
  g_assert_no_error (error);
  scrim_item_model_refresh_items (unknown_view, &id, 1);
  g_assert_true (scrim_item_get_obscured (item));
  measure (GTK_WIDGET (s.thumbnail), &detail, &chroma);
  g_test_message ("graded exploitive while shown: detail %.1f (%.1f %%), chroma %.2f", detail,
                  100 * detail / src_detail, chroma);
  g_assert_cmpfloat (detail, <, 0.10 * src_detail);
  g_assert_cmpfloat (chroma, <, 1.0);

  scrim_review_restore_grades (scase, &id, (int[]) { SCRIM_GRADE_NONE }, 1, &error);
  g_assert_no_error (error);
  scrim_item_model_refresh_items (unknown_view, &id, 1);
  g_assert_false (scrim_item_get_obscured (item));
  gtk_window_destroy (GTK_WINDOW (s.window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!scrim_ui_test_init (&argc, &argv))
    scrim_ui_test_skip_no_display ();
  tmp = scrim_test_mkdtemp ("ui-thumbnail");
  make_case ();

  g_test_add_func ("/ui/loader/size", test_loader_size);
  g_test_add_func ("/ui/loader/missing", test_loader_missing);
  g_test_add_func ("/ui/loader/cancel", test_loader_cancel);
  g_test_add_func ("/ui/loader/unref-pending", test_loader_unref_pending);
  g_test_add_func ("/ui/loader/dispose-pending", test_loader_dispose_pending);
  g_test_add_func ("/ui/protection/matched-cell", test_matched_cell);
  g_test_add_func ("/ui/protection/unknown-clear", test_unknown_clear);
  g_test_add_func ("/ui/protection/interactive-hover", test_interactive_hover);
  g_test_add_func ("/ui/protection/follows-item", test_follows_item);
  status = g_test_run ();

  g_clear_object (&abuse_view);
  g_clear_object (&unknown_view);
  g_clear_object (&loader);
  g_clear_object (&scase);
  return status;
}
