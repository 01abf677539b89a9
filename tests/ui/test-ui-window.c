/* test-ui-window.c: the case window: grading by key, reveal, privacy, exposure
 *
 * The case is tests/scrim-group-fixture.h: a synthetic phone (colour
 * fields, shapes, labels; nothing depicting a person) ingested, matched
 * against a VICS list of invented entries (so some images are "known
 * material", obscured) and grouped. Keys are real X key presses (XTest).
 *
 * The tests share one window and run in order: each starts where the one
 * before left the case.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "scrim-audit.h"
#include "scrim-core.h"
#include "scrim-grid-cell.h"
#include "scrim-group-fixture.h"
#include "scrim-item.h"
#include "scrim-preferences.h"
#include "scrim-settings.h"
#include "scrim-sidebar.h"
#include "scrim-start-window.h"
#include "scrim-ui-test-util.h"
#include "scrim-ui.h"
#include "scrim-window-private.h"

#define EXAMINER "Test Examiner"

static char *tmp;
static ScrimGroupFixture *fixture;
static char *thumbnails_before;
static char *recent_before;
static ScrimWindow *win;
static GSettings *settings;

/* ---- helpers ---- */

static ScrimCase *
open_case (ScrimCaseOpenFlags flags)
{
  ScrimCaseInfo info = { NULL, EXAMINER };
  g_autoptr(GError) error = NULL;
  ScrimCase *scase = scrim_case_open (fixture->case_path, flags, &info, &error);

  g_assert_no_error (error);
  return scase;
}

/* Entries of an action in the audit log, read through a connection of
 * the test's own. */
static guint
count_audit (const char *action,
             const char *detail_part)
{
  g_autoptr(ScrimCase) scase = open_case (SCRIM_CASE_OPEN_READ_ONLY);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = scrim_audit_list (scase, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      ScrimAuditEntry *e = g_ptr_array_index (entries, i);

      if (g_strcmp0 (e->action, action) == 0 && (detail_part == NULL || strstr (e->detail, detail_part) != NULL))
        n++;
    }
  return n;
}

static ScrimAuditEntry *
last_audit (const char *action)
{
  g_autoptr(ScrimCase) scase = open_case (SCRIM_CASE_OPEN_READ_ONLY);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = scrim_audit_list (scase, &error);

  g_assert_no_error (error);
  for (guint i = entries->len; i > 0; i--)
    {
      ScrimAuditEntry *e = g_ptr_array_index (entries, i - 1);

      if (g_strcmp0 (e->action, action) == 0)
        return g_ptr_array_steal_index (entries, i - 1);
    }
  return NULL;
}

static int
grade_in_file (gint64 item_id)
{
  g_autoptr(ScrimCase) scase = open_case (SCRIM_CASE_OPEN_READ_ONLY);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = scrim_review_describe (scase, item_id, &error);
  const char *line;

  g_assert_no_error (error);
  /* "Grade\tN by EXAMINER TIME" */
  if ((line = strstr (text, "\nGrade\t")) == NULL)
    return SCRIM_GRADE_NONE;
  return line[strlen ("\nGrade\t")] - '0';
}

static char *
describe (gint64 item_id)
{
  g_autoptr(ScrimCase) scase = open_case (SCRIM_CASE_OPEN_READ_ONLY);
  g_autoptr(GError) error = NULL;
  char *text = scrim_review_describe (scase, item_id, &error);

  g_assert_no_error (error);
  return text;
}

static ScrimViewCount
count_in_file (ScrimView view,
               gint64    group_id)
{
  g_autoptr(ScrimCase) scase = open_case (SCRIM_CASE_OPEN_READ_ONLY);
  g_autoptr(GError) error = NULL;
  ScrimViewCount count;

  g_assert_true (scrim_review_count (scase, view, group_id, &count, &error));
  g_assert_no_error (error);
  return count;
}

static ScrimItem *
item_at (guint position)
{
  return g_list_model_get_item (G_LIST_MODEL (scrim_window_get_model (win)), position);
}

/* The first position of the shown view whose image is (not) obscured. */
static guint
find_position (gboolean obscured)
{
  GListModel *model = G_LIST_MODEL (scrim_window_get_model (win));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ScrimItem) item = g_list_model_get_item (model, i);

      if (scrim_item_get_obscured (item) == obscured)
        return i;
    }
  g_assert_not_reached ();
}

static gint64
focus_id (void)
{
  g_autoptr(ScrimItem) item = scrim_grid_dup_focus_item (scrim_window_get_grid (win));

  return item != NULL ? scrim_item_get_item_id (item) : 0;
}

static gboolean
counted (gpointer data)
{
  return !scrim_sidebar_is_counting (data);
}

static gboolean
has_dialog (gpointer data)
{
  AdwMessageDialog *dialog = _scrim_window_get_dialog (data);

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

static gboolean
no_dialog (gpointer data)
{
  return _scrim_window_get_dialog (data) == NULL;
}

static void
select_position (guint position)
{
  scrim_grid_select_position (scrim_window_get_grid (win), position);
  scrim_ui_test_spin (50);
  g_assert_cmpuint (scrim_item_model_find (scrim_window_get_model (win), focus_id ()), ==, position);
}

/* Whether the render tree holds a texture bigger than an icon. */
static gboolean
node_has_image (GskRenderNode *node)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_TEXTURE_NODE:
      {
        GdkTexture *texture = gsk_texture_node_get_texture (node);

        return gdk_texture_get_width (texture) > 48 || gdk_texture_get_height (texture) > 48;
      }
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        if (node_has_image (gsk_container_node_get_child (node, i)))
          return TRUE;
      return FALSE;
    case GSK_TRANSFORM_NODE:
      return node_has_image (gsk_transform_node_get_child (node));
    case GSK_OPACITY_NODE:
      return node_has_image (gsk_opacity_node_get_child (node));
    case GSK_COLOR_MATRIX_NODE:
      return node_has_image (gsk_color_matrix_node_get_child (node));
    case GSK_CLIP_NODE:
      return node_has_image (gsk_clip_node_get_child (node));
    case GSK_ROUNDED_CLIP_NODE:
      return node_has_image (gsk_rounded_clip_node_get_child (node));
    case GSK_SHADOW_NODE:
      return node_has_image (gsk_shadow_node_get_child (node));
    case GSK_BLUR_NODE:
      return node_has_image (gsk_blur_node_get_child (node));
    case GSK_DEBUG_NODE:
      return node_has_image (gsk_debug_node_get_child (node));
    case GSK_REPEAT_NODE:
      return node_has_image (gsk_repeat_node_get_child (node));
    case GSK_BLEND_NODE:
      return node_has_image (gsk_blend_node_get_bottom_child (node))
             || node_has_image (gsk_blend_node_get_top_child (node));
    case GSK_CROSS_FADE_NODE:
      return node_has_image (gsk_cross_fade_node_get_start_child (node))
             || node_has_image (gsk_cross_fade_node_get_end_child (node));
    case GSK_CAIRO_NODE:
    case GSK_COLOR_NODE:
    case GSK_LINEAR_GRADIENT_NODE:
    case GSK_REPEATING_LINEAR_GRADIENT_NODE:
    case GSK_RADIAL_GRADIENT_NODE:
    case GSK_REPEATING_RADIAL_GRADIENT_NODE:
    case GSK_CONIC_GRADIENT_NODE:
    case GSK_BORDER_NODE:
    case GSK_INSET_SHADOW_NODE:
    case GSK_OUTSET_SHADOW_NODE:
    case GSK_TEXT_NODE:
    case GSK_GL_SHADER_NODE:
    case GSK_NOT_A_RENDER_NODE:
    default:
      return FALSE;
    }
}

static gboolean
content_has_image (void)
{
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (win));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (content);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (content), gtk_widget_get_height (content));
  node = gtk_snapshot_free_to_node (snapshot);
  return node != NULL && node_has_image (node);
}

/* Renders the window's content; returns the mean detail of its 8×8
 * blocks (scrim_ui_test_texture_stats) and the share of blocks that are
 * not uniform (luma variance above 10: text, edges, images). */
static double
content_detail (double *busy)
{
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (win));
  g_autoptr(GdkTexture) texture = scrim_ui_test_render_widget (content);
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guint8 *data = g_malloc ((gsize) width * height * 4);
  guint busy_blocks = 0, blocks = 0;
  double detail, chroma;

  scrim_ui_test_texture_stats (texture, &detail, &chroma);
  gdk_texture_download (texture, data, (gsize) width * 4);
  for (int by = 0; by + 8 <= height; by += 8)
    for (int bx = 0; bx + 8 <= width; bx += 8)
      {
        double sum = 0, sum2 = 0;

        for (int y = by; y < by + 8; y++)
          for (int x = bx; x < bx + 8; x++)
            {
              const guint8 *p = data + ((gsize) y * width + x) * 4;
              double luma = 0.299 * p[2] + 0.587 * p[1] + 0.114 * p[0];

              sum += luma;
              sum2 += luma * luma;
            }
        busy_blocks += sum2 / 64 - (sum / 64) * (sum / 64) > 10;
        blocks++;
      }
  *busy = busy_blocks / (double) blocks;
  return detail;
}

static gboolean
formats_empty (GdkContentFormats *formats)
{
  gsize n_types = 0, n_mime_types = 0;

  gdk_content_formats_get_gtypes (formats, &n_types);
  gdk_content_formats_get_mime_types (formats, &n_mime_types);
  return n_types == 0 && n_mime_types == 0;
}

static gboolean
first_thumbnail_loaded (gpointer data)
{
  GtkWidget *cell = scrim_grid_get_cell_for_position (scrim_window_get_grid (win), 0);

  return cell != NULL && scrim_thumbnail_get_texture (scrim_grid_cell_get_thumbnail (SCRIM_GRID_CELL (cell))) != NULL;
}

/* ---- tests ---- */

static void
test_new_destroy (void)
{
  g_autoptr(ScrimCase) scase = open_case (SCRIM_CASE_OPEN_DEFAULT);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScrimProtection) protection = scrim_protection_new (NULL);
  GtkWidget *widget;

  widget = GTK_WIDGET (scrim_window_new (NULL, scase, &error));
  g_assert_no_error (error);
  g_object_ref (widget);
  gtk_window_present (GTK_WINDOW (widget));
  scrim_ui_test_spin (200);
  gtk_window_destroy (GTK_WINDOW (widget));
  scrim_ui_test_spin (100);
  g_assert_finalize_object (widget);

  widget = scrim_start_window_new (NULL);
  g_object_ref (widget);
  gtk_window_present (GTK_WINDOW (widget));
  scrim_ui_test_spin (50);
  gtk_window_destroy (GTK_WINDOW (widget));
  g_assert_finalize_object (widget);

  widget = scrim_sidebar_new (scase, protection);
  g_object_ref_sink (widget);
  g_assert_true (scrim_ui_test_wait_for (counted, widget, 10000));
  g_assert_finalize_object (widget);

  /* Finalized while its first count still runs. */
  widget = scrim_sidebar_new (scase, protection);
  g_object_ref_sink (widget);
  g_assert_finalize_object (widget);
  scrim_ui_test_spin (200);

  widget = scrim_preferences_new (NULL);
  g_object_ref (widget);
  gtk_window_present (GTK_WINDOW (widget));
  scrim_ui_test_spin (50);
  gtk_window_destroy (GTK_WINDOW (widget));
  g_assert_finalize_object (widget);
}

static void
test_open (void)
{
  g_autoptr(ScrimCase) scase = open_case (SCRIM_CASE_OPEN_DEFAULT);
  g_autoptr(GError) error = NULL;
  ScrimViewCount all = count_in_file (SCRIM_VIEW_ALL, 0);
  ScrimViewCount shown;
  g_autofree char *text = NULL;
  gint64 start = g_get_monotonic_time ();

  win = scrim_window_new (NULL, scase, &error);
  g_assert_no_error (error);
  g_object_ref (win);
  gtk_window_present (GTK_WINDOW (win));
  g_assert_true (scrim_ui_test_wait_for (first_thumbnail_loaded, NULL, 10000));
  g_test_message ("window to first thumbnail: %.0f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_true (scrim_ui_test_wait_for (counted, scrim_window_get_sidebar (win), 10000));

  /* The title is the case file's name. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (win)), ==, "phone.scrim");
  g_assert_cmpint (all.total, >, 10);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (scrim_window_get_model (win))), ==, all.total);
  g_assert_cmpint (scrim_item_model_get_view (scrim_window_get_model (win)), ==, SCRIM_VIEW_ALL);
  g_assert_true (scrim_sidebar_get_count (scrim_window_get_sidebar (win), SCRIM_VIEW_ALL, &shown));
  g_assert_cmpint (shown.total, ==, all.total);
  text = g_strdup_printf ("%" G_GINT64_FORMAT " / %" G_GINT64_FORMAT, all.reviewed, all.total);
  g_assert_cmpstr (scrim_sidebar_get_count_text (scrim_window_get_sidebar (win), SCRIM_VIEW_ALL), ==, text);
  g_assert_cmpint (scrim_sidebar_get_n_groups (scrim_window_get_sidebar (win), SCRIM_GROUP_NEAR_DUPLICATE), >, 0);
  /* The first image is chosen, in the grid and the viewer. */
  g_assert_cmpint (focus_id (), ==, scrim_item_model_get_item_id (scrim_window_get_model (win), 0));
  g_assert_nonnull (scrim_viewer_get_item (scrim_window_get_viewer (win)));
}

/* '1' on an unknown image: graded abuse in the case file, audited,
 * counted, obscured, and the next image is chosen. */
static void
test_grade_key (void)
{
  ScrimSidebar *sidebar = scrim_window_get_sidebar (win);
  ScrimViewCount before, after;
  guint position = find_position (FALSE);
  g_autoptr(ScrimItem) item = item_at (position);
  gint64 id = scrim_item_get_item_id (item);
  guint graded = count_audit ("graded", NULL);
  g_autoptr(ScrimAuditEntry) entry = NULL;

  select_position (position);
  g_assert_true (scrim_sidebar_get_count (sidebar, SCRIM_VIEW_ALL, &before));
  g_assert_cmpint (grade_in_file (id), ==, SCRIM_GRADE_NONE);

  scrim_ui_test_press_key (GTK_WIDGET (win), GDK_KEY_1, 0);

  g_assert_cmpint (grade_in_file (id), ==, SCRIM_GRADE_ABUSE);
  g_assert_cmpuint (count_audit ("graded", NULL), ==, graded + 1);
  entry = last_audit ("graded");
  g_assert_cmpstr (entry->examiner, ==, EXAMINER);
  g_assert_nonnull (strstr (entry->detail, scrim_item_get_sha256 (item)));
  g_assert_true (scrim_sidebar_get_count (sidebar, SCRIM_VIEW_ALL, &after));
  g_assert_cmpint (after.reviewed, ==, before.reviewed + 1);
  g_assert_true (scrim_item_get_obscured (item));
  g_assert_cmpint (scrim_item_get_grade (item), ==, SCRIM_GRADE_ABUSE);
  g_assert_cmpuint (scrim_item_model_find (scrim_window_get_model (win), focus_id ()), ==, position + 1);
  g_assert_cmpuint (_scrim_window_get_undo_depth (win), ==, 1);

  /* 0 is non-pertinent. */
  scrim_ui_test_press_key (GTK_WIDGET (win), GDK_KEY_0, 0);
  g_assert_cmpint (grade_in_file (scrim_item_model_get_item_id (scrim_window_get_model (win), position + 1)), ==,
                   SCRIM_GRADE_NON_PERTINENT);
}

/* Alt+5 grades every image of the group shown; Ctrl+Z puts the grades
 * back as they were. */
static void
test_grade_group (void)
{
  g_autoptr(ScrimCase) scase = open_case (SCRIM_CASE_OPEN_READ_ONLY);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = scrim_case_list_groups (scase, SCRIM_GROUP_NEAR_DUPLICATE, &error);
  ScrimGroupInfo *group;
  ScrimViewCount before, after;
  GtkLabel *reasons = _scrim_window_get_reasons_label (win);
  guint graded = count_audit ("graded", NULL);

  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, >, 0);
  group = g_ptr_array_index (groups, 0);
  before = count_in_file (SCRIM_VIEW_GROUP, group->id);
  g_assert_cmpint (before.reviewed, <, before.total);

  g_assert_true (scrim_sidebar_select_group (scrim_window_get_sidebar (win), group->id, &error));
  g_assert_no_error (error);
  scrim_ui_test_spin (100);
  g_assert_cmpint (scrim_item_model_get_view (scrim_window_get_model (win)), ==, SCRIM_VIEW_GROUP);
  g_assert_cmpint (scrim_item_model_get_group_id (scrim_window_get_model (win)), ==, group->id);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (scrim_window_get_model (win))), ==, before.total);
  /* The reasons are shown above the grid, not selectable. */
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (reasons)));
  g_assert_nonnull (strstr (gtk_label_get_text (reasons), group->reasons));
  g_assert_false (gtk_label_get_selectable (reasons));

  scrim_ui_test_press_key (GTK_WIDGET (win), GDK_KEY_5, GDK_ALT_MASK);
  after = count_in_file (SCRIM_VIEW_GROUP, group->id);
  g_assert_cmpint (after.reviewed, ==, after.total);
  g_assert_cmpuint (count_audit ("graded", NULL), ==, graded + 1);

  scrim_ui_test_press_key (GTK_WIDGET (win), GDK_KEY_z, GDK_CONTROL_MASK);
  after = count_in_file (SCRIM_VIEW_GROUP, group->id);
  g_assert_cmpint (after.reviewed, ==, before.reviewed);
  g_assert_cmpuint (count_audit ("grade-restored", NULL), >=, 1);
}

/* Ctrl+Z takes back the '1' of test_grade_key (after the 0 before it). */
static void
test_undo (void)
{
  guint depth = _scrim_window_get_undo_depth (win);
  g_autoptr(ScrimAuditEntry) entry = NULL;

  g_assert_cmpuint (depth, ==, 2);
  scrim_ui_test_press_key (GTK_WIDGET (win), GDK_KEY_z, GDK_CONTROL_MASK);
  scrim_ui_test_press_key (GTK_WIDGET (win), GDK_KEY_z, GDK_CONTROL_MASK);
  g_assert_cmpuint (_scrim_window_get_undo_depth (win), ==, 0);
  g_assert_cmpint (count_in_file (SCRIM_VIEW_ALL, 0).reviewed, ==, 0);
  entry = last_audit ("grade-restored");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->examiner, ==, EXAMINER);
}

/* 't', a tag typed with the keyboard, Enter. */
static void
test_tag (void)
{
  AdwMessageDialog *dialog;
  gint64 id;
  g_autofree char *text = NULL;
  static const guint keys[] = { GDK_KEY_r, GDK_KEY_o, GDK_KEY_o, GDK_KEY_f };

  scrim_sidebar_select_view (scrim_window_get_sidebar (win), SCRIM_VIEW_ALL);
  select_position (0);
  id = focus_id ();
  scrim_ui_test_press_key (GTK_WIDGET (win), GDK_KEY_t, 0);
  g_assert_true (scrim_ui_test_wait_for (has_dialog, win, 5000));
  dialog = _scrim_window_get_dialog (win);
  g_assert_true (GTK_IS_EDITABLE (_scrim_window_get_dialog_input (win)));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    scrim_ui_test_press_key (GTK_WIDGET (dialog), keys[i], 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (_scrim_window_get_dialog_input (win))), ==, "roof");
  scrim_ui_test_press_key (GTK_WIDGET (dialog), GDK_KEY_Return, 0);
  g_assert_true (scrim_ui_test_wait_for (no_dialog, win, 5000));
  text = describe (id);
  g_assert_nonnull (strstr (text, "roof"));
  g_assert_cmpuint (count_audit ("tagged", "roof"), ==, 1);
}

/* 'n': a note, written through the dialog's text view. */
static void
test_note (void)
{
  AdwMessageDialog *dialog;
  GtkTextView *view;
  gint64 id = focus_id ();
  g_autofree char *text = NULL;

  scrim_ui_test_press_key (GTK_WIDGET (win), GDK_KEY_n, 0);
  g_assert_true (scrim_ui_test_wait_for (has_dialog, win, 5000));
  dialog = _scrim_window_get_dialog (win);
  view = GTK_TEXT_VIEW (_scrim_window_get_dialog_input (win));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), "a window\nwith a view of a harbour", -1);
  /* As the button does: the response, then the dialog goes. */
  adw_message_dialog_response (dialog, "add");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (scrim_ui_test_wait_for (no_dialog, win, 5000));
  text = describe (id);
  g_assert_nonnull (strstr (text, "view of a harbour"));
  g_assert_cmpuint (count_audit ("noted", NULL), ==, 1);
}

/* Space held on a matched image: one audit entry (key repeats write
 * none), revealed while held, obscured again on release. On an unknown
 * image Space reveals nothing. */
static void
test_reveal (void)
{
  ScrimProtection *protection = scrim_window_get_protection (win);
  ScrimWindowExposure *exposure = _scrim_window_get_exposure (win);
  guint reveals = scrim_window_exposure_get_reveals (exposure);
  guint revealed = count_audit ("revealed", NULL);
  g_autoptr(ScrimAuditEntry) entry = NULL;
  gint64 id;

  select_position (find_position (FALSE));
  scrim_ui_test_key_down (GTK_WIDGET (win), GDK_KEY_space, 0);
  g_assert_cmpint (scrim_protection_get_revealed_item (protection), ==, 0);
  scrim_ui_test_key_up (GTK_WIDGET (win), GDK_KEY_space, 0);
  g_assert_cmpuint (count_audit ("revealed", NULL), ==, revealed);

  select_position (find_position (TRUE));
  id = focus_id ();
  scrim_ui_test_key_down (GTK_WIDGET (win), GDK_KEY_space, 0);
  g_assert_cmpint (scrim_protection_get_revealed_item (protection), ==, id);
  g_assert_cmpint (_scrim_window_get_key_reveal (win), ==, id);
  g_assert_cmpuint (count_audit ("revealed", NULL), ==, revealed + 1);
  /* A repeat: the key is still down. */
  scrim_ui_test_key_down (GTK_WIDGET (win), GDK_KEY_space, 0);
  scrim_ui_test_spin (600);
  g_assert_cmpint (scrim_protection_get_revealed_item (protection), ==, id);
  g_assert_cmpuint (count_audit ("revealed", NULL), ==, revealed + 1);
  scrim_ui_test_key_up (GTK_WIDGET (win), GDK_KEY_space, 0);
  g_assert_cmpint (scrim_protection_get_revealed_item (protection), ==, 0);
  g_assert_cmpuint (count_audit ("revealed", NULL), ==, revealed + 1);

  entry = last_audit ("revealed");
  g_assert_cmpstr (entry->examiner, ==, EXAMINER);
  g_assert_nonnull (strstr (entry->detail, "\"where\":\"grid\""));
  g_assert_nonnull (strstr (entry->detail, SCRIM_GROUP_FIXTURE_EXHIBIT));
  g_assert_nonnull (strstr (entry->detail, "\"path\":\""));
  g_assert_cmpuint (scrim_window_exposure_get_reveals (exposure), ==, reveals + 1);

  /* The viewer's button: the viewer reveals, the window audits. */
  g_signal_emit_by_name (scrim_window_get_viewer (win), "reveal-started", id);
  g_assert_cmpuint (count_audit ("revealed", "\"where\":\"viewer\""), ==, 1);
  g_signal_emit_by_name (scrim_window_get_viewer (win), "reveal-ended", id);
  g_assert_cmpint (scrim_protection_get_revealed_item (protection), ==, 0);
}

/* Escape blanks at once: nothing of the case is painted; Enter shows it
 * again. Ctrl+Space blanks too. */
static void
test_privacy (void)
{
  ScrimProtection *protection = scrim_window_get_protection (win);
  double shown, hidden, shown_busy, hidden_busy;

  g_settings_set_string (settings, "unknown-policy", "clear");
  scrim_sidebar_select_view (scrim_window_get_sidebar (win), SCRIM_VIEW_ALL);
  select_position (0);
  g_assert_true (scrim_ui_test_wait_for (first_thumbnail_loaded, NULL, 10000));
  scrim_ui_test_spin (200);
  shown = content_detail (&shown_busy);
  g_assert_true (content_has_image ());

  scrim_ui_test_press_key (GTK_WIDGET (win), GDK_KEY_Escape, 0);
  g_assert_true (scrim_window_get_blanked (win));
  g_assert_true (scrim_protection_get_blanked (protection));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (scrim_window_get_grid (win))));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (scrim_window_get_viewer (win))));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (win)), ==, "phone.scrim");
  hidden = content_detail (&hidden_busy);
  g_test_message ("detail shown %.1f (%.1f %% of blocks not uniform), hidden %.1f (%.1f %%)",
                  shown, 100 * shown_busy, hidden, 100 * hidden_busy);
  /* No image anywhere in what is painted: the page is one neutral
   * colour but for its one line of text and its button. */
  g_assert_false (content_has_image ());
  g_assert_cmpfloat (hidden_busy, <, 0.03);
  g_assert_cmpfloat (shown_busy, >, 0.15);
  /* Grading keys do nothing while blanked. */
  scrim_ui_test_press_key (GTK_WIDGET (win), GDK_KEY_3, 0);
  g_assert_cmpuint (_scrim_window_get_undo_depth (win), ==, 0);

  scrim_ui_test_press_key (GTK_WIDGET (win), GDK_KEY_Return, 0);
  g_assert_false (scrim_window_get_blanked (win));
  g_assert_false (scrim_protection_get_blanked (protection));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (scrim_window_get_grid (win))));

  scrim_ui_test_press_key (GTK_WIDGET (win), GDK_KEY_space, GDK_CONTROL_MASK);
  g_assert_true (scrim_window_get_blanked (win));
  scrim_ui_test_press_key (GTK_WIDGET (win), GDK_KEY_KP_Enter, 0);
  g_assert_false (scrim_window_get_blanked (win));
  g_settings_reset (settings, "unknown-policy");
}

/* Nothing of the evidence reaches the clipboard unless allowed: Ctrl+C on
 * an obscured image leaves it empty; Ctrl+Shift+C copies a hash (text). */
static void
test_clipboard (void)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (win));

  select_position (find_position (TRUE));
  scrim_ui_test_press_key (GTK_WIDGET (win), GDK_KEY_c, GDK_CONTROL_MASK);
  g_assert_true (formats_empty (gdk_clipboard_get_formats (clipboard)));

  g_settings_set_boolean (settings, "allow-copy", TRUE);
  scrim_ui_test_press_key (GTK_WIDGET (win), GDK_KEY_c, GDK_CONTROL_MASK);
  g_assert_true (formats_empty (gdk_clipboard_get_formats (clipboard)));
  g_settings_reset (settings, "allow-copy");

  scrim_ui_test_press_key (GTK_WIDGET (win), GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  g_assert_true (gdk_content_formats_contain_gtype (gdk_clipboard_get_formats (clipboard), G_TYPE_STRING));
  g_assert_false (gdk_content_formats_contain_gtype (gdk_clipboard_get_formats (clipboard), GDK_TYPE_TEXTURE));
  g_assert_false (gdk_content_formats_contain_mime_type (gdk_clipboard_get_formats (clipboard), "image/png"));
}

static gint64 fake_now;

static gint64
fake_clock (gpointer user_data)
{
  return fake_now;
}

/* After break-interval minutes of continuous review, a prompt; "Blank
 * Now" blanks. A pause of five minutes starts the measure again. */
static void
test_break (void)
{
  ScrimWindowExposure *exposure = _scrim_window_get_exposure (win);
  AdwMessageDialog *dialog;

  fake_now = g_get_real_time ();
  _scrim_window_exposure_set_clock (exposure, fake_clock, NULL);
  g_settings_set_int (settings, "break-interval", 2);
  scrim_window_exposure_set_active (exposure, TRUE);

  /* 100 s of review, then a 5-minute pause: the measure starts again. */
  for (int i = 0; i < 4; i++)
    {
      fake_now += 25 * G_USEC_PER_SEC;
      _scrim_window_exposure_tick (exposure);
    }
  g_assert_cmpfloat (_scrim_window_exposure_get_continuous (exposure), >=, 99.0);
  scrim_window_exposure_set_active (exposure, FALSE);
  for (int i = 0; i < 10; i++)
    {
      fake_now += 30 * G_USEC_PER_SEC;
      _scrim_window_exposure_tick (exposure);
    }
  g_assert_cmpfloat (_scrim_window_exposure_get_continuous (exposure), ==, 0.0);
  g_assert_null (_scrim_window_get_dialog (win));

  /* 2 min of review: the prompt. */
  scrim_window_exposure_set_active (exposure, TRUE);
  for (int i = 0; i < 4; i++)
    {
      fake_now += 30 * G_USEC_PER_SEC;
      _scrim_window_exposure_tick (exposure);
    }
  g_assert_true (scrim_ui_test_wait_for (has_dialog, win, 5000));
  dialog = _scrim_window_get_dialog (win);
  g_assert_true (adw_message_dialog_has_response (dialog, "blank"));
  g_assert_true (adw_message_dialog_has_response (dialog, "continue"));
  adw_message_dialog_response (dialog, "blank");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (scrim_ui_test_wait_for (no_dialog, win, 5000));
  g_assert_true (scrim_window_get_blanked (win));
  scrim_window_set_blanked (win, FALSE);

  g_settings_reset (settings, "break-interval");
  _scrim_window_exposure_set_clock (exposure, NULL, NULL);
}

/* The counter counts reveals and review time, for today only, in the
 * settings; a new day starts from zero. */
static void
test_exposure (void)
{
  ScrimWindowExposure *exposure = _scrim_window_get_exposure (win);
  g_autofree char *summary = NULL;
  g_autofree char *day = NULL;
  GtkWidget *popover;
  guint reveals, seconds;

  fake_now = g_get_real_time ();
  _scrim_window_exposure_set_clock (exposure, fake_clock, NULL);
  reveals = scrim_window_exposure_get_reveals (exposure);
  g_assert_cmpuint (reveals, >=, 1);
  g_assert_cmpuint (g_settings_get_uint (settings, "exposure-reveals"), ==, reveals);

  scrim_window_exposure_set_active (exposure, TRUE);
  seconds = scrim_window_exposure_get_seconds (exposure);
  for (int i = 0; i < 6; i++)
    {
      fake_now += 30 * G_USEC_PER_SEC;
      _scrim_window_exposure_tick (exposure);
    }
  g_assert_cmpuint (scrim_window_exposure_get_seconds (exposure), >=, seconds + 179);
  summary = scrim_window_exposure_dup_summary (exposure);
  g_assert_true (g_str_has_prefix (summary, "Today: "));
  g_assert_nonnull (strstr (summary, "revealed"));
  popover = gtk_widget_get_ancestor (_scrim_window_get_exposure_label (win), GTK_TYPE_POPOVER);
  gtk_menu_button_popup (GTK_MENU_BUTTON (gtk_widget_get_parent (popover)));
  scrim_ui_test_spin (100);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (_scrim_window_get_exposure_label (win))), "revealed"));
  scrim_window_exposure_set_active (exposure, FALSE);

  /* A day later. */
  fake_now += (gint64) 24 * 3600 * G_USEC_PER_SEC;
  _scrim_window_exposure_tick (exposure);
  g_assert_cmpuint (scrim_window_exposure_get_reveals (exposure), ==, 0);
  g_assert_cmpuint (scrim_window_exposure_get_seconds (exposure), ==, 0);
  day = g_settings_get_string (settings, "exposure-day");
  g_assert_cmpuint (strlen (day), ==, 10);
  scrim_window_exposure_count_reveal (exposure);
  g_assert_cmpuint (scrim_window_exposure_get_reveals (exposure), ==, 1);
  scrim_window_exposure_reset (exposure);
  g_assert_cmpuint (scrim_window_exposure_get_reveals (exposure), ==, 0);
  _scrim_window_exposure_set_clock (exposure, NULL, NULL);
}

/* The preferences change the window's protection through the settings. */
static void
test_preferences (void)
{
  ScrimProtection *protection = scrim_window_get_protection (win);
  GtkWidget *prefs = scrim_preferences_new (GTK_WINDOW (win));
  GObject *row, *spin, *greyscale, *ignorable;

  gtk_window_present (GTK_WINDOW (prefs));
  row = gtk_widget_get_template_child (prefs, SCRIM_TYPE_PREFERENCES, "unknown_policy_row");
  spin = gtk_widget_get_template_child (prefs, SCRIM_TYPE_PREFERENCES, "blur_spin");
  greyscale = gtk_widget_get_template_child (prefs, SCRIM_TYPE_PREFERENCES, "greyscale_switch");
  ignorable = gtk_widget_get_template_child (prefs, SCRIM_TYPE_PREFERENCES, "ignorable_switch");
  g_assert_nonnull (row);

  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 2);
  g_assert_cmpint (scrim_protection_get_unknown_policy (protection), ==, SCRIM_UNKNOWN_POLICY_BLURRED);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 3);
  g_assert_cmpint (scrim_protection_get_blur_strength (protection), ==, 3);
  gtk_switch_set_active (GTK_SWITCH (greyscale), TRUE);
  g_assert_true (scrim_protection_get_greyscale_unknown (protection));
  /* Ignorable files appear in the sidebar and go again. */
  gtk_switch_set_active (GTK_SWITCH (ignorable), TRUE);
  g_assert_true (scrim_protection_get_show_ignorable (protection));
  g_assert_cmpstr (scrim_sidebar_get_count_text (scrim_window_get_sidebar (win), SCRIM_VIEW_IGNORABLE), !=, "");
  gtk_switch_set_active (GTK_SWITCH (ignorable), FALSE);
  g_assert_false (scrim_protection_get_show_ignorable (protection));

  g_settings_set_string (settings, "unknown-policy", "clear");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 1);

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_settings_reset (settings, "unknown-policy");
  g_settings_reset (settings, "blur-strength");
  g_settings_reset (settings, "greyscale-unknown");
}

static gboolean
job_bar_empty (gpointer data)
{
  return scrim_job_bar_get_n_jobs (scrim_window_get_job_bar (win)) == 0;
}

/* Next unreviewed group, then a grouping from the window: the sidebar
 * and the grid are read again. */
static GFile *
choose_fixture (ScrimChooseKind kind,
                gpointer        user_data)
{
  return g_file_new_for_path (kind == SCRIM_CHOOSE_LIST ? fixture->list_path : fixture->evidence);
}

/* Adding evidence and importing a list ask one line after the chooser:
 * the exhibit (empty, with an example), the list's name (the file's,
 * without its extension). Cancelled, nothing starts. */
static void
test_choose_dialogs (void)
{
  g_autofree char *base = g_path_get_basename (fixture->list_path);
  AdwMessageDialog *dialog;
  GtkEditable *input;
  char *dot;

  _scrim_ui_set_choose_func (choose_fixture, NULL);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.import-list", NULL);
  g_assert_true (scrim_ui_test_wait_for (has_dialog, win, 5000));
  dialog = _scrim_window_get_dialog (win);
  input = GTK_EDITABLE (_scrim_window_get_dialog_input (win));
  if ((dot = strrchr (base, '.')) != NULL)
    *dot = '\0';
  g_assert_cmpstr (gtk_editable_get_text (input), ==, base);
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (scrim_ui_test_wait_for (no_dialog, win, 5000));

  gtk_widget_activate_action (GTK_WIDGET (win), "win.add-evidence", NULL);
  g_assert_true (scrim_ui_test_wait_for (has_dialog, win, 5000));
  dialog = _scrim_window_get_dialog (win);
  input = GTK_EDITABLE (_scrim_window_get_dialog_input (win));
  g_assert_cmpstr (gtk_editable_get_text (input), ==, "");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "never changed"));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (scrim_ui_test_wait_for (no_dialog, win, 5000));
  g_assert_true (scrim_ui_test_wait_for (job_bar_empty, NULL, 1000));
  _scrim_ui_set_choose_func (NULL, NULL);
}

static void
test_groups_and_jobs (void)
{
  g_autoptr(ScrimCase) scase = open_case (SCRIM_CASE_OPEN_READ_ONLY);
  g_autoptr(GError) error = NULL;
  gint64 next = scrim_review_next_unreviewed_group (scase, &error);
  GListModel *groups = scrim_sidebar_get_groups (scrim_window_get_sidebar (win));
  ScrimJob *job;

  g_assert_cmpint (next, >, 0);
  gtk_widget_activate_action (GTK_WIDGET (win), "win.next-group", NULL);
  scrim_ui_test_spin (100);
  g_assert_cmpint (scrim_item_model_get_view (scrim_window_get_model (win)), ==, SCRIM_VIEW_GROUP);
  g_assert_cmpint (scrim_item_model_get_group_id (scrim_window_get_model (win)), ==, next);
  g_assert_cmpuint (g_list_model_get_n_items (groups), >, 0);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (_scrim_window_get_reasons_label (win))));

  job = scrim_window_group (win);
  g_assert_nonnull (job);
  scrim_job_wait (job);
  g_assert_true (scrim_ui_test_wait_for (job_bar_empty, NULL, 30000));
  g_assert_true (scrim_ui_test_wait_for (counted, scrim_window_get_sidebar (win), 10000));
  g_assert_null (_scrim_window_get_dialog (win));
  g_assert_cmpint (scrim_sidebar_get_n_groups (scrim_window_get_sidebar (win), SCRIM_GROUP_NEAR_DUPLICATE), >, 0);

  scrim_sidebar_select_view (scrim_window_get_sidebar (win), SCRIM_VIEW_ALL);
}

/* A demo case carries the "training data" banner; a real one does not. */
static void
test_demo_banner (void)
{
  g_autofree char *path = g_build_filename (fixture->root, "demo-banner.scrim", NULL);
  g_autoptr(GError) error = NULL;
  ScrimCase *scase;
  ScrimWindow *demo_win;

  g_assert_false (scrim_window_get_demo (win));
  scase = scrim_case_open (path, SCRIM_CASE_OPEN_CREATE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (scrim_case_set_meta (scase, SCRIM_DEMO_CASE_META, "1", &error));
  g_assert_no_error (error);
  demo_win = scrim_window_new (NULL, scase, &error);
  g_assert_no_error (error);
  g_object_unref (scase);
  g_object_ref (demo_win);
  gtk_window_present (GTK_WINDOW (demo_win));
  scrim_ui_test_spin (100);
  g_assert_true (scrim_window_get_demo (demo_win));
  gtk_window_destroy (GTK_WINDOW (demo_win));
  scrim_ui_test_spin (100);
  g_assert_finalize_object (demo_win);
}

/* After the whole session: the window goes (finalized), and nothing was
 * written to the thumbnail cache or the recent files; the clipboard
 * holds no image. */
static void
test_close (void)
{
  g_autofree char *thumbnails_path = g_build_filename (scrim_ui_test_home (), ".cache", "thumbnails", NULL);
  g_autofree char *recent_path = g_build_filename (scrim_ui_test_home (), ".local", "share", "recently-used.xbel",
                                                   NULL);
  g_autofree char *thumbnails_after = scrim_ui_test_tree_snapshot (thumbnails_path);
  g_autofree char *recent_after = scrim_ui_test_tree_snapshot (recent_path);
  GdkContentFormats *formats = gdk_clipboard_get_formats (gtk_widget_get_clipboard (GTK_WIDGET (win)));

  g_assert_false (gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE));
  g_assert_cmpstr (thumbnails_after, ==, thumbnails_before);
  g_assert_cmpstr (recent_after, ==, recent_before);
  g_assert_cmpstr (recent_after, ==, "");

  gtk_window_close (GTK_WINDOW (win));
  scrim_ui_test_spin (200);
  g_assert_finalize_object (g_steal_pointer (&win));
}

static void
group_case (void)
{
  g_autoptr(ScrimCase) scase = open_case (SCRIM_CASE_OPEN_DEFAULT);
  ScrimGroupOptions options = SCRIM_GROUP_OPTIONS_INIT;
  ScrimGroupReport report;
  g_autoptr(GError) error = NULL;

  g_assert_true (scrim_case_group (scase, &options, &report, NULL, &error));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *root = NULL;
  g_autofree char *thumbnails_path = NULL;
  g_autofree char *recent_path = NULL;
  g_autoptr(GError) error = NULL;
  int rc;

  if (!scrim_ui_test_init (&argc, &argv))
    scrim_ui_test_skip_no_display ();
  scrim_ui_init ();
  tmp = scrim_test_mkdtemp ("ui-window");
  root = g_build_filename (tmp, "fixture", NULL);
  fixture = scrim_group_fixture_new (root, &error);
  g_assert_no_error (error);
  g_assert_true (scrim_group_fixture_build_case (fixture, &error));
  g_assert_no_error (error);
  group_case ();
  g_setenv ("SCRIM_LIBRARY", fixture->library_path, TRUE);
  settings = scrim_settings_new ();

  thumbnails_path = g_build_filename (scrim_ui_test_home (), ".cache", "thumbnails", NULL);
  recent_path = g_build_filename (scrim_ui_test_home (), ".local", "share", "recently-used.xbel", NULL);
  thumbnails_before = scrim_ui_test_tree_snapshot (thumbnails_path);
  recent_before = scrim_ui_test_tree_snapshot (recent_path);

  g_test_add_func ("/ui/window/new-destroy", test_new_destroy);
  g_test_add_func ("/ui/window/open", test_open);
  g_test_add_func ("/ui/window/grade-key", test_grade_key);
  g_test_add_func ("/ui/window/grade-group", test_grade_group);
  g_test_add_func ("/ui/window/undo", test_undo);
  g_test_add_func ("/ui/window/tag", test_tag);
  g_test_add_func ("/ui/window/note", test_note);
  g_test_add_func ("/ui/window/reveal", test_reveal);
  g_test_add_func ("/ui/window/privacy", test_privacy);
  g_test_add_func ("/ui/window/clipboard", test_clipboard);
  g_test_add_func ("/ui/window/break", test_break);
  g_test_add_func ("/ui/window/exposure", test_exposure);
  g_test_add_func ("/ui/window/preferences", test_preferences);
  g_test_add_func ("/ui/window/choose-dialogs", test_choose_dialogs);
  g_test_add_func ("/ui/window/groups-and-jobs", test_groups_and_jobs);
  g_test_add_func ("/ui/window/demo-banner", test_demo_banner);
  g_test_add_func ("/ui/window/close", test_close);
  rc = g_test_run ();

  g_clear_object (&settings);
  scrim_group_fixture_free (fixture);
  scrim_test_rm_rf (tmp);
  g_free (thumbnails_before);
  g_free (recent_before);
  g_free (tmp);
  return rc;
}
