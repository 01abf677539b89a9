/* test-ui-viewer.c: the viewer: details, the evidence image, protection, reveal
 *
 * Cases come from tests/scrim-group-fixture.h: a synthetic phone
 * (colour fields, shapes, labels; nothing depicting a person) ingested
 * and matched against a VICS list of invented entries, so some of its
 * images are "known material" and painted obscured. The tests that move
 * or rewrite evidence do so in a fixture generated for them alone.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>

#include "scrim-group-fixture.h"
#include "scrim-item.h"
#include "scrim-ui-test-util.h"
#include "scrim-viewer-private.h"

static char *tmp;
static ScrimGroupFixture *fixture;

#define UNKNOWN_PATH "DCIM/Camera/IMG_20250115_093012.jpg"
#define MATCHED_PATH "Download/series-a-01.jpg"

#define assert_contains(haystack, needle) \
  G_STMT_START { \
    const char *h_ = (haystack); \
    if (h_ == NULL || strstr (h_, (needle)) == NULL) \
      g_error ("expected “%s” in:\n%s", (needle), h_ ? h_ : "(null)"); \
  } G_STMT_END

static ScrimGroupFixture *
build_fixture (const char *name)
{
  g_autofree char *root = g_build_filename (tmp, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimGroupFixture) fx = scrim_group_fixture_new (root, &error);

  g_assert_no_error (error);
  g_assert_true (scrim_group_fixture_build_case (fx, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&fx);
}

static ScrimCase *
open_case (const char *path)
{
  g_autoptr(GError) error = NULL;
  ScrimCase *scase = scrim_case_open (path, SCRIM_CASE_OPEN_READ_ONLY, NULL, &error);

  g_assert_no_error (error);
  return scase;
}

/* The item whose first location is the exhibit's path. */
static ScrimItem *
find_item (ScrimCase  *scase,
           const char *exhibit,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = scrim_review_view_ids (scase, SCRIM_VIEW_ALL, 0, &error);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *label = g_strdup_printf ("%s:%s", exhibit, path);

  g_assert_no_error (error);
  rows = scrim_review_load_items (scase, (gint64 *) ids->data, ids->len, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      ScrimReviewItem *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row->label, label) == 0)
        return scrim_item_new (row);
    }
  g_error ("no item at %s", label);
}

typedef struct
{
  GtkWidget       *window;
  ScrimViewer     *viewer;
  ScrimProtection *protection;
  ScrimCase       *scase;
} Shown;

static void
shown_init (Shown      *s,
            const char *case_path)
{
  s->protection = scrim_protection_new (NULL);
  s->scase = open_case (case_path);
  s->window = gtk_window_new ();
  s->viewer = SCRIM_VIEWER (scrim_viewer_new (s->protection));
  gtk_window_set_default_size (GTK_WINDOW (s->window), 700, 900);
  gtk_window_set_child (GTK_WINDOW (s->window), GTK_WIDGET (s->viewer));
  scrim_viewer_set_case (s->viewer, s->scase);
  gtk_window_present (GTK_WINDOW (s->window));
}

static void
shown_clear (Shown *s)
{
  g_object_ref (s->viewer);
  gtk_window_destroy (GTK_WINDOW (s->window));
  g_assert_finalize_object (s->viewer);
  g_assert_finalize_object (s->protection);
  g_assert_finalize_object (s->scase);
}

static gboolean
loaded (gpointer data)
{
  return !_scrim_viewer_is_loading (SCRIM_VIEWER (data));
}

static gboolean
has_full_image (gpointer data)
{
  return scrim_viewer_has_full_image (SCRIM_VIEWER (data));
}

static gboolean
mapped_and_sized (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 100
         && gtk_widget_get_height (widget) > 100;
}

/* Shows the item and waits for the evidence read to end. */
static void
show_and_load (Shown     *s,
               ScrimItem *item)
{
  scrim_viewer_show_item (s->viewer, item);
  g_assert_true (scrim_viewer_get_item (s->viewer) == item);
  /* The thumbnail is there at once. */
  g_assert_nonnull (scrim_thumbnail_get_texture (scrim_viewer_get_image (s->viewer)));
  g_assert_true (scrim_ui_test_wait_for (loaded, s->viewer, 20000));
  g_assert_true (scrim_ui_test_wait_for (mapped_and_sized, scrim_viewer_get_image (s->viewer), 5000));
  g_test_message ("image %d x %d in a viewer of %d x %d",
                  gtk_widget_get_width (GTK_WIDGET (scrim_viewer_get_image (s->viewer))),
                  gtk_widget_get_height (GTK_WIDGET (scrim_viewer_get_image (s->viewer))),
                  gtk_widget_get_width (GTK_WIDGET (s->viewer)), gtk_widget_get_height (GTK_WIDGET (s->viewer)));
}

static void
assert_no_selectable_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_label_get_selectable (GTK_LABEL (widget)))
    g_error ("a selectable label: “%s”", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_no_selectable_label (child);
}

static guint
count_labels (GtkWidget *widget)
{
  guint n = GTK_IS_LABEL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_labels (child);
  return n;
}

/* The part of a render of a ScrimThumbnail inside the painted image,
 * inset so that its clipped edges (sharp against the empty rest of the
 * widget) do not count as detail. */
static GdkTexture *
crop_to_image (GdkTexture     *render,
               ScrimThumbnail *thumbnail)
{
  GdkTexture *texture = scrim_thumbnail_get_texture (thumbnail);
  int width = gdk_texture_get_width (render);
  int height = gdk_texture_get_height (render);
  double tw = gdk_texture_get_width (texture);
  double th = gdk_texture_get_height (texture);
  double scale = MIN (width / tw, height / th);
  int w = (int) (tw * scale) - 32;
  int h = (int) (th * scale) - 32;
  int x = (width - (int) (tw * scale)) / 2 + 16;
  int y = (height - (int) (th * scale)) / 2 + 16;
  gsize stride = (gsize) width * 4;
  g_autofree guint8 *data = g_malloc (stride * height);
  g_autoptr(GBytes) bytes = NULL;

  g_assert_cmpint (w, >, 64);
  g_assert_cmpint (h, >, 64);
  gdk_texture_download (render, data, stride);
  bytes = g_bytes_new (data + y * stride + x * 4, stride * (h - 1) + w * 4);
  return gdk_memory_texture_new (w, h, GDK_MEMORY_DEFAULT, bytes, stride);
}

static guint
count_labels_with_text (GtkWidget  *widget,
                        const char *text)
{
  guint n = GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_labels_with_text (child, text);
  return n;
}

static void
render_stats (GtkWidget *widget,
              double    *detail,
              double    *chroma)
{
  g_autoptr(GdkTexture) render = NULL;
  g_autoptr(GdkTexture) inside = NULL;

  /* Let a pending redraw (protection changed) happen first. */
  scrim_ui_test_spin (50);
  render = scrim_ui_test_render_widget (widget);
  inside = crop_to_image (render, SCRIM_THUMBNAIL (widget));
  scrim_ui_test_texture_stats (inside, detail, chroma);
}

/* ---- tests ---- */

static void
test_new_destroy (void)
{
  ScrimProtection *protection = scrim_protection_new (NULL);
  ScrimCase *scase = open_case (fixture->case_path);
  ScrimItem *item = find_item (scase, SCRIM_GROUP_FIXTURE_EXHIBIT, UNKNOWN_PATH);
  GtkWidget *viewer;

  viewer = g_object_ref_sink (scrim_viewer_new (protection));
  g_assert_null (scrim_viewer_get_item (SCRIM_VIEWER (viewer)));
  g_assert_false (scrim_viewer_has_full_image (SCRIM_VIEWER (viewer)));
  g_assert_true (SCRIM_IS_THUMBNAIL (scrim_viewer_get_image (SCRIM_VIEWER (viewer))));
  g_assert_finalize_object (viewer);

  /* Destroyed while the evidence is being read: the request must not
   * keep it alive, nor land afterwards. */
  viewer = g_object_ref_sink (scrim_viewer_new (protection));
  scrim_viewer_set_case (SCRIM_VIEWER (viewer), scase);
  scrim_viewer_show_item (SCRIM_VIEWER (viewer), item);
  g_assert_true (_scrim_viewer_is_loading (SCRIM_VIEWER (viewer)));
  g_assert_finalize_object (viewer);
  scrim_ui_test_spin (500);

  /* An item, then none again. */
  viewer = g_object_ref_sink (scrim_viewer_new (protection));
  scrim_viewer_set_case (SCRIM_VIEWER (viewer), scase);
  scrim_viewer_show_item (SCRIM_VIEWER (viewer), item);
  scrim_viewer_show_item (SCRIM_VIEWER (viewer), NULL);
  g_assert_null (scrim_viewer_get_item (SCRIM_VIEWER (viewer)));
  g_assert_false (_scrim_viewer_is_loading (SCRIM_VIEWER (viewer)));
  scrim_viewer_set_case (SCRIM_VIEWER (viewer), NULL);
  g_assert_finalize_object (viewer);

  g_assert_finalize_object (item);
  g_assert_finalize_object (scase);
  g_assert_finalize_object (protection);
}

static void
test_unknown (void)
{
  Shown s;
  g_autoptr(ScrimItem) item = NULL;
  g_autofree char *details = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *found = NULL;
  GdkTexture *texture;

  shown_init (&s, fixture->case_path);
  item = find_item (s.scase, SCRIM_GROUP_FIXTURE_EXHIBIT, UNKNOWN_PATH);
  g_assert_false (scrim_item_get_obscured (item));

  show_and_load (&s, item);
  g_assert_true (scrim_ui_test_wait_for (has_full_image, s.viewer, 1));
  g_assert_null (_scrim_viewer_get_notice (s.viewer));
  g_test_message ("evidence read and decoded in %.1f ms", _scrim_viewer_get_load_seconds (s.viewer) * 1000);
  /* The evidence image, larger than the 256 px thumbnail. */
  texture = scrim_thumbnail_get_texture (scrim_viewer_get_image (s.viewer));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 480);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 360);

  details = _scrim_viewer_dup_details_text (s.viewer);
  sha = g_strdup_printf ("SHA-256\t%s\n", scrim_item_get_sha256 (item));
  found = g_strdup_printf ("Found at\t%s: %s\n", SCRIM_GROUP_FIXTURE_EXHIBIT, UNKNOWN_PATH);
  assert_contains (details, sha);
  assert_contains (details, found);
  assert_contains (details, "Camera\tKestrel KX-12, serial KX12-0042\n");
  assert_contains (details, "Taken\t2025:01:15 09:30:12 +01:00\n");
  g_test_message ("details:\n%s", details);

  /* Shown again (after a grade, say): the details reload, the image stays. */
  scrim_viewer_show_item (s.viewer, item);
  g_assert_true (scrim_viewer_has_full_image (s.viewer));
  g_assert_false (_scrim_viewer_is_loading (s.viewer));

  /* Nothing to reveal on an image no list matched. */
  g_assert_false (gtk_widget_get_sensitive (_scrim_viewer_get_reveal_button (s.viewer)));
  scrim_viewer_set_revealing (s.viewer, TRUE);
  g_assert_false (scrim_viewer_get_revealing (s.viewer));
  g_assert_cmpint (scrim_protection_get_revealed_item (s.protection), ==, 0);

  g_assert_cmpuint (count_labels (GTK_WIDGET (s.viewer)), >, 10);
  assert_no_selectable_label (GTK_WIDGET (s.viewer));

  /* One content at two places: both listed, under one "Found at". */
  g_clear_object (&item);
  g_clear_pointer (&details, g_free);
  item = find_item (s.scase, SCRIM_GROUP_FIXTURE_EXHIBIT, "DCIM/Camera/IMG_20250704_184500.jpg");
  show_and_load (&s, item);
  details = _scrim_viewer_dup_details_text (s.viewer);
  assert_contains (details, "Found at\tPHONE-1: DCIM/Camera/IMG_20250704_184500.jpg\n"
                            "Found at\tPHONE-1: Pictures/Backup/IMG_20250704_184500.jpg\n");
  g_assert_cmpuint (count_labels_with_text (GTK_WIDGET (s.viewer), "Found at"), ==, 1);
  g_assert_cmpuint (count_labels_with_text (GTK_WIDGET (s.viewer),
                                            "PHONE-1: Pictures/Backup/IMG_20250704_184500.jpg"), ==, 1);
  shown_clear (&s);
}

typedef struct
{
  guint  started;
  guint  ended;
  gint64 last_id;
} Reveals;

static void
on_reveal_started (ScrimViewer *viewer,
                   gint64       item_id,
                   Reveals     *r)
{
  r->started++;
  r->last_id = item_id;
}

static void
on_reveal_ended (ScrimViewer *viewer,
                 gint64       item_id,
                 Reveals     *r)
{
  r->ended++;
  r->last_id = item_id;
}

/* ---- real pointer events (XTest, under Xvfb) ---- */

static Display *
x_display (GtkWidget *widget)
{
  return gdk_x11_display_get_xdisplay (gtk_widget_get_display (widget));
}

static void
pointer_to (GtkWidget *widget,
            double     fx,
            double     fy)
{
  GtkNative *native = gtk_widget_get_native (widget);
  Display *dpy = x_display (widget);
  Window xid = gdk_x11_surface_get_xid (gtk_native_get_surface (native));
  graphene_point_t p;
  double nx = 0;
  double ny = 0;
  int rx = 0;
  int ry = 0;
  Window child;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) * fx,
                                                                 gtk_widget_get_height (widget) * fy), &p));
  gtk_native_get_surface_transform (native, &nx, &ny);
  XTranslateCoordinates (dpy, xid, DefaultRootWindow (dpy), (int) (p.x + nx), (int) (p.y + ny), &rx, &ry,
                         &child);
  XTestFakeMotionEvent (dpy, -1, rx, ry, CurrentTime);
  XSync (dpy, False);
  scrim_ui_test_spin (80);
}

static void
pointer_button (GtkWidget *widget,
                gboolean   down)
{
  Display *dpy = x_display (widget);

  XTestFakeButtonEvent (dpy, 1, down, CurrentTime);
  XSync (dpy, False);
  scrim_ui_test_spin (80);
}

static void
test_obscured (void)
{
  Shown s;
  g_autoptr(ScrimItem) item = NULL;
  g_autoptr(ScrimProtection) clear_protection = scrim_protection_new (NULL);
  GtkWidget *clear_window = gtk_window_new ();
  GtkWidget *clear = scrim_thumbnail_new (clear_protection);
  GtkWidget *image;
  GtkWidget *reveal;
  Reveals r = { 0 };
  gint64 id;
  double obscured_detail, obscured_chroma;
  double clear_detail, clear_chroma;
  double revealed_detail, revealed_chroma;
  double again_detail, again_chroma;

  shown_init (&s, fixture->case_path);
  item = find_item (s.scase, SCRIM_GROUP_FIXTURE_EXHIBIT, MATCHED_PATH);
  id = scrim_item_get_item_id (item);
  g_assert_true (scrim_item_get_obscured (item));
  g_signal_connect (s.viewer, "reveal-started", G_CALLBACK (on_reveal_started), &r);
  g_signal_connect (s.viewer, "reveal-ended", G_CALLBACK (on_reveal_ended), &r);

  show_and_load (&s, item);
  g_assert_true (scrim_viewer_has_full_image (s.viewer));
  image = GTK_WIDGET (scrim_viewer_get_image (s.viewer));
  render_stats (image, &obscured_detail, &obscured_chroma);

  /* The same texture, at the same size, painted clear. */
  scrim_protection_set_unknown_policy (clear_protection, SCRIM_UNKNOWN_POLICY_CLEAR);
  scrim_thumbnail_set_texture (SCRIM_THUMBNAIL (clear), scrim_thumbnail_get_texture (SCRIM_THUMBNAIL (image)));
  scrim_thumbnail_set_item (SCRIM_THUMBNAIL (clear), id, FALSE);
  gtk_widget_set_size_request (clear, gtk_widget_get_width (image), gtk_widget_get_height (image));
  gtk_window_set_child (GTK_WINDOW (clear_window), clear);
  gtk_window_present (GTK_WINDOW (clear_window));
  g_assert_true (scrim_ui_test_wait_for (mapped_and_sized, clear, 5000));
  render_stats (clear, &clear_detail, &clear_chroma);
  g_test_message ("obscured: detail %.2f chroma %.2f; clear: detail %.2f chroma %.2f",
                  obscured_detail, obscured_chroma, clear_detail, clear_chroma);
  g_assert_cmpfloat (clear_detail, >, 5);
  g_assert_cmpfloat (clear_chroma, >, 10);
  g_assert_cmpfloat (obscured_detail, <, clear_detail * 0.1);
  g_assert_cmpfloat (obscured_chroma, <, 1.0);

  /* Revealed while held (the window's reveal key goes this way). */
  scrim_viewer_set_revealing (s.viewer, TRUE);
  g_assert_cmpuint (r.started, ==, 1);
  g_assert_cmpint (r.last_id, ==, id);
  g_assert_cmpint (scrim_protection_get_revealed_item (s.protection), ==, id);
  render_stats (image, &revealed_detail, &revealed_chroma);
  g_test_message ("revealed: detail %.2f chroma %.2f", revealed_detail, revealed_chroma);
  g_assert_cmpfloat (fabs (revealed_detail - clear_detail), <, clear_detail * 0.1);
  g_assert_cmpfloat (revealed_chroma, >, clear_chroma * 0.9);
  scrim_viewer_set_revealing (s.viewer, FALSE);
  g_assert_cmpuint (r.ended, ==, 1);
  g_assert_cmpint (r.last_id, ==, id);
  g_assert_cmpint (scrim_protection_get_revealed_item (s.protection), ==, 0);
  render_stats (image, &again_detail, &again_chroma);
  g_assert_cmpfloat (again_detail, <, clear_detail * 0.1);
  g_assert_cmpfloat (again_chroma, <, 1.0);

  /* The Reveal button, with a real pointer: press reveals, release ends. */
  reveal = _scrim_viewer_get_reveal_button (s.viewer);
  g_assert_true (gtk_widget_get_sensitive (reveal));
  pointer_to (reveal, 0.5, 0.5);
  pointer_button (reveal, TRUE);
  g_assert_cmpuint (r.started, ==, 2);
  g_assert_cmpint (scrim_protection_get_revealed_item (s.protection), ==, id);
  render_stats (image, &revealed_detail, &revealed_chroma);
  g_assert_cmpfloat (revealed_chroma, >, clear_chroma * 0.9);
  pointer_button (reveal, FALSE);
  g_assert_cmpuint (r.ended, ==, 2);
  g_assert_cmpint (scrim_protection_get_revealed_item (s.protection), ==, 0);

  /* Press, then slide off the button while holding: the reveal ends. */
  pointer_button (reveal, TRUE);
  g_assert_cmpuint (r.started, ==, 3);
  pointer_to (image, 0.5, 0.5);
  g_assert_cmpuint (r.ended, ==, 3);
  g_assert_cmpint (scrim_protection_get_revealed_item (s.protection), ==, 0);
  pointer_button (reveal, FALSE);
  g_assert_cmpuint (r.ended, ==, 3);
  render_stats (image, &again_detail, &again_chroma);
  g_assert_cmpfloat (again_chroma, <, 1.0);

  /* Showing another item while revealing ends the reveal first. */
  scrim_viewer_set_revealing (s.viewer, TRUE);
  g_assert_cmpuint (r.started, ==, 4);
  scrim_viewer_show_item (s.viewer, NULL);
  g_assert_cmpuint (r.ended, ==, 4);
  g_assert_cmpint (scrim_protection_get_revealed_item (s.protection), ==, 0);
  g_assert_false (gtk_widget_get_sensitive (reveal));
  scrim_viewer_set_revealing (s.viewer, TRUE);   /* nothing to reveal */
  g_assert_cmpuint (r.started, ==, 4);

  assert_no_selectable_label (GTK_WIDGET (s.viewer));
  g_signal_handlers_disconnect_by_data (s.viewer, &r);
  gtk_window_destroy (GTK_WINDOW (clear_window));
  shown_clear (&s);
}

/* The evidence moved away, or rewritten, in a fixture of this test's own. */
static void
test_evidence_gone (void)
{
  g_autoptr(ScrimGroupFixture) fx = build_fixture ("gone");
  g_autofree char *moved_from = g_build_filename (fx->evidence, "DCIM/Camera/IMG_20250302_151500.jpg", NULL);
  g_autofree char *moved_to = g_build_filename (fx->root, "moved-away.jpg", NULL);
  g_autofree char *rewritten = g_build_filename (fx->evidence, "DCIM/Camera/IMG_20250520_120000.jpg", NULL);
  g_autoptr(ScrimItem) gone = NULL;
  g_autoptr(ScrimItem) changed = NULL;
  GdkTexture *texture;
  const char *notice;
  Shown s;

  g_assert_cmpint (g_rename (moved_from, moved_to), ==, 0);
  g_assert_cmpint (g_unlink (rewritten), ==, 0);
  scrim_test_write_jpeg (rewritten, 480, 360, 9999, NULL);

  shown_init (&s, fx->case_path);
  gone = find_item (s.scase, SCRIM_GROUP_FIXTURE_EXHIBIT, "DCIM/Camera/IMG_20250302_151500.jpg");
  changed = find_item (s.scase, SCRIM_GROUP_FIXTURE_EXHIBIT, "DCIM/Camera/IMG_20250520_120000.jpg");

  show_and_load (&s, gone);
  notice = _scrim_viewer_get_notice (s.viewer);
  g_test_message ("moved: %s", notice);
  assert_contains (notice, "The evidence file is not where it was");
  assert_contains (notice, "showing the thumbnail");
  g_assert_false (scrim_viewer_has_full_image (s.viewer));
  texture = scrim_thumbnail_get_texture (scrim_viewer_get_image (s.viewer));
  g_assert_nonnull (texture);
  g_assert_cmpint (MAX (gdk_texture_get_width (texture), gdk_texture_get_height (texture)), <=, 256);

  show_and_load (&s, changed);
  notice = _scrim_viewer_get_notice (s.viewer);
  assert_contains (notice, "has changed since ingest");
  g_assert_false (scrim_viewer_has_full_image (s.viewer));
  texture = scrim_thumbnail_get_texture (scrim_viewer_get_image (s.viewer));
  g_assert_nonnull (texture);
  g_assert_cmpint (MAX (gdk_texture_get_width (texture), gdk_texture_get_height (texture)), <=, 256);

  /* A readable one clears the notice. */
  g_clear_object (&gone);
  gone = find_item (s.scase, SCRIM_GROUP_FIXTURE_EXHIBIT, UNKNOWN_PATH);
  show_and_load (&s, gone);
  g_assert_null (_scrim_viewer_get_notice (s.viewer));
  g_assert_true (scrim_viewer_has_full_image (s.viewer));

  assert_no_selectable_label (GTK_WIDGET (s.viewer));
  shown_clear (&s);
}

/* A 12 MP photo whose EXIF says "rotate 90° clockwise": shown reduced to
 * 2048 px and turned upright as the thumbnail was. */
static void
test_orientation (void)
{
  g_autofree char *root = g_build_filename (tmp, "orientation", NULL);
  g_autofree char *evidence = g_build_filename (root, "card", NULL);
  g_autofree char *photo = g_build_filename (evidence, "DCIM/IMG_0001.jpg", NULL);
  g_autofree char *case_path = g_build_filename (root, "card.scrim", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(ScrimItem) item = NULL;
  ScrimExif exif = { 0 };
  GdkTexture *texture;
  Shown s;

  exif.make = (char *) "DemoCam";
  exif.model = (char *) "Upright";
  exif.orientation = 6;
  exif.has_orientation = TRUE;
  scrim_test_write_jpeg (photo, 4032, 3024, 606, &exif);
  g_assert_cmpint (scrim_test_run_scrim (&out, &err, "ingest", "--quiet", "--exhibit", "CARD-1", case_path,
                                         evidence, NULL), ==, 0);

  shown_init (&s, case_path);
  item = find_item (s.scase, "CARD-1", "DCIM/IMG_0001.jpg");
  g_assert_cmpuint (scrim_item_get_thumb_width (item), <, scrim_item_get_thumb_height (item));
  show_and_load (&s, item);
  g_assert_true (scrim_viewer_has_full_image (s.viewer));
  texture = scrim_thumbnail_get_texture (scrim_viewer_get_image (s.viewer));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 1536);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 2048);
  g_test_message ("4032 × 3024 JPEG read, decoded, reduced and turned in %.1f ms",
                  _scrim_viewer_get_load_seconds (s.viewer) * 1000);
  shown_clear (&s);
}

int
main (int    argc,
      char **argv)
{
  int rc;

  if (!scrim_ui_test_init (&argc, &argv))
    scrim_ui_test_skip_no_display ();
  tmp = scrim_test_mkdtemp ("ui-viewer");
  fixture = build_fixture ("fixture");

  g_test_add_func ("/ui/viewer/new-destroy", test_new_destroy);
  g_test_add_func ("/ui/viewer/unknown", test_unknown);
  g_test_add_func ("/ui/viewer/obscured-reveal", test_obscured);
  g_test_add_func ("/ui/viewer/evidence-gone-or-changed", test_evidence_gone);
  g_test_add_func ("/ui/viewer/orientation", test_orientation);
  rc = g_test_run ();

  scrim_group_fixture_free (fixture);
  g_free (tmp);
  return rc;
}
