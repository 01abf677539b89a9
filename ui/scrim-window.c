/* scrim-window.c
 *
 * The window wires the pieces together: the sidebar chooses the view the
 * item model shows, the grid's focused image goes to the viewer, the keys
 * grade, tag, note, reveal and blank, and jobs report to the job bar.
 *
 * Protection first: the reveal key writes its audit entry before the
 * image is shown, blanking switches to a page that holds no image before
 * anything else happens, and nothing of an obscured image reaches the
 * clipboard.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "scrim-grid-cell.h"
#include "scrim-library.h"
#include "scrim-settings.h"
#include "scrim-thumbnail-loader.h"
#include "scrim-ui.h"
#include "scrim-window-private.h"

/* Gradings Ctrl+Z can undo. */
#define UNDO_DEPTH 100

typedef struct
{
  GArray *ids;      /* gint64 */
  GArray *grades;   /* int: the grades before */
} UndoStep;

struct _ScrimWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  GtkStack             *privacy_stack;
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkWidget            *demo_banner;
  AdwWindowTitle       *blank_title;
  AdwFlap              *flap;
  GtkBox               *sidebar_slot;
  GtkBox               *grid_box;
  GtkRevealer          *reasons_revealer;
  GtkLabel             *reasons_label;
  GtkBox               *viewer_slot;
  GtkMenuButton        *exposure_button;
  GtkLabel             *exposure_label;
  GtkScale             *size_scale;
  GtkWidget            *continue_button;
  ScrimJobBar          *job_bar;

  /* what the window owns */
  GSettings            *settings;
  ScrimCase            *scase;
  ScrimThumbnailLoader *loader;
  ScrimProtection      *protection;
  ScrimItemModel       *model;
  ScrimWindowExposure  *exposure;
  ScrimGrid            *grid;
  ScrimViewer          *viewer;
  ScrimSidebar         *sidebar;

  GPtrArray            *jobs;            /* running ScrimJob */
  GQueue                undo;            /* UndoStep, newest first */
  AdwMessageDialog     *dialog;          /* weak: the dialog shown now */
  GtkWidget            *dialog_input;    /* weak: its entry or text view */
  AdwMessageDialog     *break_dialog;    /* weak */
  gint64                key_reveal;      /* image the reveal key holds open */
  gboolean              viewer_visible;
  gboolean              close_confirmed;
  guint                 tick_id;
  guint                 reload_id;       /* reloads while an ingest runs */
  guint                 inactive_id;     /* blanks when focus went elsewhere */
};

enum
{
  PROP_0,
  PROP_CASE,
  PROP_THUMBNAIL_LOADER,
  PROP_VIEWER_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ScrimWindow, scrim_window, ADW_TYPE_APPLICATION_WINDOW)

static void
undo_step_free (UndoStep *step)
{
  g_array_unref (step->ids);
  g_array_unref (step->grades);
  g_free (step);
}

/* ---- small helpers ---- */

void
scrim_window_add_toast (ScrimWindow *self,
                        const char  *title)
{
  g_return_if_fail (SCRIM_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static AdwMessageDialog *
dialog_new (ScrimWindow *self,
            const char  *heading,
            const char  *body)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));

  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_set_weak_pointer (&self->dialog, dialog);
  return dialog;
}

/*
** Shows the core's message (it names what failed and where) under a
** heading that says what the analyst was doing.
*/
void
scrim_window_show_error (ScrimWindow  *self,
                         const char   *heading,
                         const GError *error)
{
  AdwMessageDialog *dialog;

  g_return_if_fail (SCRIM_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  dialog = dialog_new (self, heading, error->message);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
focus_in_popover (ScrimWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  return focus != NULL && gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL;
}

/* Whether a key meant for review should act: not while blanked, and not
 * while the focus is in a text field or a popover of the window. */
static gboolean
review_has_focus (ScrimWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (scrim_window_get_blanked (self))
    return FALSE;
  if (focus == NULL)
    return TRUE;
  if (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus))
    return FALSE;
  return !focus_in_popover (self);
}

/* The images a key acts on: the selection, or else the focused image. */
static GArray *
target_ids (ScrimWindow *self)
{
  GArray *ids = scrim_grid_get_selected_ids (self->grid);

  if (ids->len == 0)
    {
      g_autoptr(ScrimItem) item = scrim_grid_dup_focus_item (self->grid);

      if (item != NULL)
        {
          gint64 id = scrim_item_get_item_id (item);

          g_array_append_val (ids, id);
        }
    }
  return ids;
}

static void
show_focus_in_viewer (ScrimWindow *self,
                      gboolean     reload)
{
  g_autoptr(ScrimItem) item = NULL;
  ScrimItem *shown;

  if (!self->viewer_visible)
    return;
  item = scrim_grid_dup_focus_item (self->grid);
  shown = scrim_viewer_get_item (self->viewer);
  if (!reload && item != NULL && shown != NULL && scrim_item_get_item_id (item) == scrim_item_get_item_id (shown))
    return;
  if (!reload && item == NULL && shown == NULL)
    return;
  scrim_viewer_show_item (self->viewer, item);
}

/* After grading, tagging or a job: the viewer's details again. */
static void
reload_viewer (ScrimWindow  *self,
               const gint64 *ids,
               guint         n_ids)
{
  ScrimItem *shown = scrim_viewer_get_item (self->viewer);

  if (shown == NULL)
    return;
  for (guint i = 0; ids != NULL && i < n_ids; i++)
    if (ids[i] == scrim_item_get_item_id (shown))
      {
        scrim_viewer_show_item (self->viewer, shown);
        return;
      }
  if (ids == NULL)
    scrim_viewer_show_item (self->viewer, shown);
}

/* ---- the reveal key ---- */

static void
end_key_reveal (ScrimWindow *self)
{
  if (self->key_reveal == 0)
    return;
  if (scrim_protection_get_revealed_item (self->protection) == self->key_reveal)
    scrim_protection_set_revealed_item (self->protection, 0);
  self->key_reveal = 0;
}

/* Reveals the focused image while the key is held: the audit entry is
 * written first, and a failure to write it reveals nothing. Key repeats
 * of the same reveal write nothing. FALSE when there is nothing to reveal
 * (no image, or one that is not obscured). */
static gboolean
start_key_reveal (ScrimWindow *self,
                  const char  *where)
{
  g_autoptr(ScrimItem) item = scrim_grid_dup_focus_item (self->grid);
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (item == NULL || !scrim_item_get_obscured (item))
    return FALSE;
  id = scrim_item_get_item_id (item);
  if (id == self->key_reveal)
    return TRUE;
  end_key_reveal (self);
  if (!scrim_review_log_reveal (self->scase, id, where, &error))
    {
      scrim_window_show_error (self, _("The Image Stays Hidden"), error);
      return TRUE;
    }
  self->key_reveal = id;
  scrim_protection_set_revealed_item (self->protection, id);
  scrim_window_exposure_count_reveal (self->exposure);
  return TRUE;
}

static gboolean
focus_within (ScrimWindow *self,
              GtkWidget   *area)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  return focus != NULL && (focus == area || gtk_widget_is_ancestor (focus, area));
}

/* Capture phase, before the widgets under the focus: the grid's items
 * take Space and Ctrl+Space to select, and containers may take Escape;
 * the privacy key must work wherever the focus is (but an open popover
 * keeps its Escape). */
static gboolean
on_key_pressed (ScrimWindow           *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  state &= gtk_accelerator_get_default_mod_mask ();
  if (keyval == GDK_KEY_Escape && state == 0)
    {
      if (scrim_window_get_blanked (self) || focus_in_popover (self))
        return FALSE;
      scrim_window_set_blanked (self, TRUE);
      return TRUE;
    }
  if (keyval != GDK_KEY_space && keyval != GDK_KEY_KP_Space)
    return FALSE;
  if (state == GDK_CONTROL_MASK)
    {
      scrim_window_set_blanked (self, TRUE);
      return TRUE;
    }
  if (state != 0)
    return FALSE;
  /* Blanked, Space must not press the Continue button. */
  if (scrim_window_get_blanked (self))
    return TRUE;
  if (focus_within (self, GTK_WIDGET (self->grid)))
    return start_key_reveal (self, "grid");
  if (focus_within (self, GTK_WIDGET (self->viewer)))
    return start_key_reveal (self, "viewer");
  return FALSE;
}

static void
on_key_released (ScrimWindow           *self,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 GtkEventControllerKey *controller)
{
  if (keyval == GDK_KEY_space || keyval == GDK_KEY_KP_Space)
    end_key_reveal (self);
}

/* The viewer's Reveal button: the viewer reveals, the window audits. */
static void
on_viewer_reveal_started (ScrimWindow *self,
                          gint64       item_id)
{
  g_autoptr(GError) error = NULL;

  if (!scrim_review_log_reveal (self->scase, item_id, "viewer", &error))
    {
      scrim_protection_set_revealed_item (self->protection, 0);
      scrim_window_show_error (self, _("The Image Stays Hidden"), error);
      return;
    }
  scrim_window_exposure_count_reveal (self->exposure);
}

static void
on_viewer_reveal_ended (ScrimWindow *self,
                        gint64       item_id)
{
  if (scrim_protection_get_revealed_item (self->protection) == item_id)
    scrim_protection_set_revealed_item (self->protection, 0);
}

/* ---- privacy ---- */

static void
update_exposure_active (ScrimWindow *self)
{
  scrim_window_exposure_set_active (self->exposure,
                                    gtk_window_is_active (GTK_WINDOW (self)) && !scrim_window_get_blanked (self));
}

/*
** Blanking shows a page that holds no image at once (the review page is
** unmapped, so nothing of it is painted), ends any reveal, and stops the
** review clock. Showing again gives the focus back to the grid.
*/
void
scrim_window_set_blanked (ScrimWindow *self,
                          gboolean     blanked)
{
  g_return_if_fail (SCRIM_IS_WINDOW (self));

  if (blanked)
    {
      gtk_stack_set_visible_child_name (self->privacy_stack, "blank");
      end_key_reveal (self);
      scrim_protection_set_revealed_item (self->protection, 0);
      gtk_widget_grab_focus (self->continue_button);
    }
  else
    {
      gtk_stack_set_visible_child_name (self->privacy_stack, "review");
      gtk_widget_grab_focus (GTK_WIDGET (self->grid));
    }
  scrim_protection_set_blanked (self->protection, blanked);
  update_exposure_active (self);
}

gboolean
scrim_window_get_blanked (ScrimWindow *self)
{
  g_return_val_if_fail (SCRIM_IS_WINDOW (self), FALSE);
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->privacy_stack), "blank") == 0;
}

/* Focus went to a window that is not one of ours (a dialog of this
 * window does not count). */
static gboolean
blank_if_still_inactive (gpointer user_data)
{
  ScrimWindow *self = user_data;
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */
  guint n = g_list_model_get_n_items (toplevels);

  self->inactive_id = 0;
  if (gtk_window_is_active (GTK_WINDOW (self)))
    return G_SOURCE_REMOVE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (gtk_window_is_active (window) && gtk_window_get_transient_for (window) == GTK_WINDOW (self))
        return G_SOURCE_REMOVE;
    }
  scrim_window_set_blanked (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
on_is_active (ScrimWindow *self)
{
  if (!gtk_window_is_active (GTK_WINDOW (self)))
    {
      end_key_reveal (self);
      if (g_settings_get_boolean (self->settings, "blank-when-inactive") && self->inactive_id == 0)
        self->inactive_id = g_timeout_add (150, blank_if_still_inactive, self);
    }
  update_exposure_active (self);
}

static void
blank_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  scrim_window_set_blanked (SCRIM_WINDOW (widget), TRUE);
}

static void
unblank_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  scrim_window_set_blanked (SCRIM_WINDOW (widget), FALSE);
}

static gboolean
enter_binding (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  ScrimWindow *self = SCRIM_WINDOW (widget);

  if (!scrim_window_get_blanked (self))
    return FALSE;
  scrim_window_set_blanked (self, FALSE);
  return TRUE;
}

/* ---- the exposure counter and the break reminder ---- */

static void
update_exposure_label (ScrimWindow *self)
{
  g_autofree char *summary = scrim_window_exposure_dup_summary (self->exposure);

  gtk_label_set_text (self->exposure_label, summary);
}

static void
on_exposure_popover_show (ScrimWindow *self)
{
  update_exposure_label (self);
}

static void
on_exposure_changed (ScrimWindow *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (self->exposure_button))))
    update_exposure_label (self);
}

static void
on_break_response (ScrimWindow      *self,
                   const char       *response,
                   AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "blank") == 0)
    scrim_window_set_blanked (self, TRUE);
}

static void
on_break_due (ScrimWindow *self)
{
  AdwMessageDialog *dialog;
  int minutes = g_settings_get_int (self->settings, "break-interval");

  if (self->break_dialog != NULL)
    return;
  dialog = dialog_new (self, _("Time for a Break"), NULL);
  adw_message_dialog_format_body (dialog,
                                  ngettext ("You have been reviewing for %d minute without a pause. A few minutes "
                                            "away from the screen help.",
                                            "You have been reviewing for %d minutes without a pause. A few minutes "
                                            "away from the screen help.", minutes), minutes);
  adw_message_dialog_add_responses (dialog, "continue", _("_Continue"), "blank", _("_Blank Now"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "blank", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "blank");
  adw_message_dialog_set_close_response (dialog, "continue");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_break_response), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->break_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
tick (gpointer user_data)
{
  ScrimWindow *self = user_data;

  _scrim_window_exposure_tick (self->exposure);
  return G_SOURCE_CONTINUE;
}

/* ---- views ---- */

static void
on_view_selected (ScrimWindow  *self,
                  guint         view,
                  gint64        group_id,
                  const char   *reasons,
                  ScrimSidebar *sidebar)
{
  g_autoptr(GError) error = NULL;

  end_key_reveal (self);
  if (!scrim_item_model_set_view (self->model, view, group_id, &error))
    {
      scrim_window_show_error (self, _("Cannot Show These Images"), error);
      return;
    }
  gtk_label_set_text (self->reasons_label, reasons != NULL ? reasons : "");
  gtk_revealer_set_reveal_child (self->reasons_revealer, view == SCRIM_VIEW_GROUP && reasons != NULL);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    scrim_grid_select_position (self->grid, 0);
  show_focus_in_viewer (self, FALSE);
}

static void
on_grid_selection_changed (ScrimWindow *self,
                           ScrimGrid   *grid)
{
  g_autoptr(ScrimItem) item = scrim_grid_dup_focus_item (self->grid);

  if (self->key_reveal != 0 && (item == NULL || scrim_item_get_item_id (item) != self->key_reveal))
    end_key_reveal (self);
  show_focus_in_viewer (self, FALSE);
}

static void
next_group_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ScrimWindow *self = SCRIM_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  gint64 group_id = scrim_review_next_unreviewed_group (self->scase, &error);

  if (group_id < 0)
    {
      scrim_window_show_error (self, _("Cannot Find the Next Group"), error);
      return;
    }
  if (group_id == 0)
    {
      scrim_window_add_toast (self, _("Every group has been reviewed"));
      return;
    }
  adw_flap_set_reveal_flap (self->flap, TRUE);
  if (!scrim_sidebar_select_group (self->sidebar, group_id, &error))
    scrim_window_show_error (self, _("Cannot Show the Group"), error);
}

static gboolean
next_group_binding (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  if (!review_has_focus (SCRIM_WINDOW (widget)))
    return FALSE;
  next_group_action (widget, "win.next-group", NULL);
  return TRUE;
}

/* ---- grading ---- */

static void
after_grading (ScrimWindow  *self,
               const gint64 *ids,
               guint         n_ids)
{
  scrim_item_model_refresh_items (self->model, ids, n_ids);
  scrim_sidebar_recount (self->sidebar);
  reload_viewer (self, ids, n_ids);
}

static gboolean
grade (ScrimWindow *self,
       GArray      *ids,
       ScrimGrade   grade)
{
  g_autoptr(GError) error = NULL;
  GArray *previous = NULL;
  UndoStep *step;

  if (ids->len == 0)
    return FALSE;
  if (!scrim_review_grade (self->scase, (const gint64 *) ids->data, ids->len, grade, &previous, &error))
    {
      scrim_window_show_error (self, _("Cannot Grade"), error);
      return FALSE;
    }
  step = g_new0 (UndoStep, 1);
  step->ids = g_array_ref (ids);
  step->grades = previous;
  g_queue_push_head (&self->undo, step);
  if (self->undo.length > UNDO_DEPTH)
    undo_step_free (g_queue_pop_tail (&self->undo));
  after_grading (self, (const gint64 *) ids->data, ids->len);
  return TRUE;
}

static const char *
grade_title (ScrimGrade grade)
{
  switch (grade)
    {
    case SCRIM_GRADE_NON_PERTINENT:
      return _("non-pertinent");
    case SCRIM_GRADE_ABUSE:
      return _("abuse");
    case SCRIM_GRADE_EXPLOITIVE:
      return _("exploitive");
    case SCRIM_GRADE_CGI:
      return _("CGI");
    case SCRIM_GRADE_COMPARISON:
      return _("comparison");
    case SCRIM_GRADE_REVIEWED:
      return _("reviewed");
    case SCRIM_GRADE_NONE:
    default:
      return "";
    }
}

static void
toast_graded (ScrimWindow *self,
              guint        n,
              ScrimGrade   grade)
{
  g_autofree char *title = NULL;

  if (n < 2)
    return;
  title = g_strdup_printf (ngettext ("Graded %u image as %s", "Graded %u images as %s", n), n, grade_title (grade));
  scrim_window_add_toast (self, title);
}

/* The images of "the whole group": the group the grid shows, else the
 * near-duplicates of the focused image, else the selection. */
static GArray *
group_ids (ScrimWindow  *self,
           GError      **error)
{
  g_autoptr(ScrimItem) item = NULL;
  gint64 group_id;

  if (scrim_item_model_get_view (self->model) == SCRIM_VIEW_GROUP)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
      GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);

      for (guint i = 0; i < n; i++)
        {
          gint64 id = scrim_item_model_get_item_id (self->model, i);

          g_array_append_val (ids, id);
        }
      return ids;
    }
  item = scrim_grid_dup_focus_item (self->grid);
  if (item == NULL)
    return g_array_new (FALSE, FALSE, sizeof (gint64));
  group_id = scrim_review_group_of (self->scase, scrim_item_get_item_id (item), SCRIM_GROUP_NEAR_DUPLICATE, error);
  if (group_id < 0)
    return NULL;
  if (group_id > 0)
    return scrim_review_view_ids (self->scase, SCRIM_VIEW_GROUP, group_id, error);
  return target_ids (self);
}

static gboolean
grade_binding (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  ScrimWindow *self = SCRIM_WINDOW (widget);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  gboolean whole_group;
  int value;

  if (!review_has_focus (self))
    return FALSE;
  g_variant_get (args, "(ib)", &value, &whole_group);
  ids = whole_group ? group_ids (self, &error) : target_ids (self);
  if (ids == NULL)
    {
      scrim_window_show_error (self, _("Cannot Grade"), error);
      return TRUE;
    }
  if (!grade (self, ids, value))
    return TRUE;
  toast_graded (self, ids->len, value);
  /* The triage flow: one image graded, on to the next. */
  if (!whole_group && ids->len == 1)
    {
      guint position = scrim_item_model_find (self->model, g_array_index (ids, gint64, 0));

      if (position != GTK_INVALID_LIST_POSITION
          && position + 1 < g_list_model_get_n_items (G_LIST_MODEL (self->model)))
        scrim_grid_select_position (self->grid, position + 1);
    }
  return TRUE;
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ScrimWindow *self = SCRIM_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  UndoStep *step = g_queue_peek_head (&self->undo);

  if (step == NULL)
    {
      scrim_window_add_toast (self, _("Nothing to undo"));
      return;
    }
  if (!scrim_review_restore_grades (self->scase, (const gint64 *) step->ids->data, (const int *) step->grades->data,
                                    step->ids->len, &error))
    {
      scrim_window_show_error (self, _("Cannot Undo the Grading"), error);
      return;
    }
  g_queue_pop_head (&self->undo);
  after_grading (self, (const gint64 *) step->ids->data, step->ids->len);
  if (step->ids->len == 1)
    {
      guint position = scrim_item_model_find (self->model, g_array_index (step->ids, gint64, 0));

      if (position != GTK_INVALID_LIST_POSITION)
        scrim_grid_select_position (self->grid, position);
    }
  scrim_window_add_toast (self, _("Grading undone"));
  undo_step_free (step);
}

/* ---- tags and notes ---- */

static void
on_tag_text_changed (GtkEditable      *entry,
                     AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "add", *text != '\0');
}

static void
on_tag_response (ScrimWindow      *self,
                 const char       *response,
                 AdwMessageDialog *dialog)
{
  GArray *ids = g_object_get_data (G_OBJECT (dialog), "ids");
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "add") != 0)
    return;
  if (!scrim_review_add_tag (self->scase, (const gint64 *) ids->data, ids->len, gtk_editable_get_text (entry),
                             &error))
    {
      scrim_window_show_error (self, _("Cannot Add the Tag"), error);
      return;
    }
  reload_viewer (self, (const gint64 *) ids->data, ids->len);
}

static gboolean
tag_binding (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  ScrimWindow *self = SCRIM_WINDOW (widget);
  g_autoptr(GArray) ids = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  if (!review_has_focus (self))
    return FALSE;
  ids = target_ids (self);
  if (ids->len == 0)
    return TRUE;
  dialog = dialog_new (self, _("Add Tag"), NULL);
  adw_message_dialog_format_body (dialog, ngettext ("To the selected image", "To the %u selected images", ids->len),
                                  ids->len);
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "add", _("_Add Tag"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "add", FALSE);
  adw_message_dialog_set_default_response (dialog, "add");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "ids", g_array_ref (ids), (GDestroyNotify) g_array_unref);
  g_signal_connect (entry, "changed", G_CALLBACK (on_tag_text_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_tag_response), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->dialog_input, entry);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
  return TRUE;
}

static char *
text_view_dup_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
on_note_text_changed (GtkTextBuffer    *buffer,
                      AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "add", gtk_text_buffer_get_char_count (buffer) > 0);
}

static void
on_note_response (ScrimWindow      *self,
                  const char       *response,
                  AdwMessageDialog *dialog)
{
  GtkTextView *view = g_object_get_data (G_OBJECT (dialog), "text-view");
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "item-id");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "add") != 0)
    return;
  text = text_view_dup_text (view);
  if (!scrim_review_add_note (self->scase, id, text, &error))
    {
      scrim_window_show_error (self, _("Cannot Add the Note"), error);
      return;
    }
  reload_viewer (self, &id, 1);
}

static gboolean
note_binding (GtkWidget *widget,
              GVariant  *args,
              gpointer   user_data)
{
  ScrimWindow *self = SCRIM_WINDOW (widget);
  g_autoptr(ScrimItem) item = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *scrolled;
  GtkWidget *view;
  gint64 *id;

  if (!review_has_focus (self))
    return FALSE;
  if ((item = scrim_grid_dup_focus_item (self->grid)) == NULL)
    return TRUE;
  dialog = dialog_new (self, _("Add Note"), _("To the focused image. Notes go into the case and its audit log."));
  view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_widget_add_css_class (view, "scrim-note");
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 120);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_widget_add_css_class (scrolled, "card");
  adw_message_dialog_set_extra_child (dialog, scrolled);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "add", _("_Add Note"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "add", FALSE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  id = g_new (gint64, 1);
  *id = scrim_item_get_item_id (item);
  g_object_set_data_full (G_OBJECT (dialog), "item-id", id, g_free);
  g_object_set_data (G_OBJECT (dialog), "text-view", view);
  g_signal_connect (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed", G_CALLBACK (on_note_text_changed),
                    dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_note_response), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->dialog_input, view);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (view);
  return TRUE;
}

/* ---- the clipboard ---- */

static GdkTexture *
texture_of (ScrimWindow *self,
            ScrimItem   *item)
{
  ScrimItem *shown = scrim_viewer_get_item (self->viewer);
  guint position;
  GtkWidget *cell;

  if (shown != NULL && scrim_item_get_item_id (shown) == scrim_item_get_item_id (item))
    {
      GdkTexture *texture = scrim_thumbnail_get_texture (scrim_viewer_get_image (self->viewer));

      if (texture != NULL)
        return texture;
    }
  position = scrim_item_model_find (self->model, scrim_item_get_item_id (item));
  if (position == GTK_INVALID_LIST_POSITION)
    return NULL;
  cell = scrim_grid_get_cell_for_position (self->grid, position);
  if (cell == NULL)
    return NULL;
  return scrim_thumbnail_get_texture (scrim_grid_cell_get_thumbnail (SCRIM_GRID_CELL (cell)));
}

/* Copies the image only when the analyst allowed copying and the image
 * is not obscured (revealed or not). */
static gboolean
copy_image_binding (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  ScrimWindow *self = SCRIM_WINDOW (widget);
  g_autoptr(ScrimItem) item = NULL;
  GdkTexture *texture;

  if (!review_has_focus (self))
    return FALSE;
  if ((item = scrim_grid_dup_focus_item (self->grid)) == NULL)
    return TRUE;
  if (!scrim_protection_get_allow_copy (self->protection))
    {
      scrim_window_add_toast (self, _("Copying images is off (Preferences › Protection)"));
      return TRUE;
    }
  if (scrim_item_get_obscured (item))
    {
      scrim_window_add_toast (self, _("Obscured images are never copied"));
      return TRUE;
    }
  if ((texture = texture_of (self, item)) == NULL)
    {
      scrim_window_add_toast (self, _("The image is not loaded yet"));
      return TRUE;
    }
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (widget), texture);
  scrim_window_add_toast (self, _("Image copied"));
  return TRUE;
}

/* A hash is not evidence content: always allowed. */
static gboolean
copy_hash_binding (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   user_data)
{
  ScrimWindow *self = SCRIM_WINDOW (widget);
  g_autoptr(ScrimItem) item = NULL;

  if (!review_has_focus (self))
    return FALSE;
  if ((item = scrim_grid_dup_focus_item (self->grid)) == NULL)
    return TRUE;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), scrim_item_get_sha256 (item));
  scrim_window_add_toast (self, _("SHA-256 copied"));
  return TRUE;
}

/* ---- jobs ---- */

static const char *
job_error_heading (ScrimJobKind kind)
{
  switch (kind)
    {
    case SCRIM_JOB_INGEST:
      return _("Cannot Add the Evidence");
    case SCRIM_JOB_IMPORT_LIST:
      return _("Cannot Import the List");
    case SCRIM_JOB_MATCH:
      return _("Cannot Match the Case");
    case SCRIM_JOB_GROUP:
      return _("Cannot Group the Case");
    default:
      return _("The Job Failed");
    }
}

static gboolean
ingest_running (ScrimWindow *self)
{
  for (guint i = 0; i < self->jobs->len; i++)
    if (scrim_job_get_kind (g_ptr_array_index (self->jobs, i)) == SCRIM_JOB_INGEST)
      return TRUE;
  return FALSE;
}

static void
reload_case (ScrimWindow *self,
             gboolean     groups)
{
  g_autoptr(GError) error = NULL;

  if (!scrim_item_model_reload (self->model, &error))
    g_warning ("cannot reload the images: %s", error->message);
  if (groups)
    scrim_sidebar_reload (self->sidebar);
  else
    scrim_sidebar_recount (self->sidebar);
}

/* While an ingest runs, what it committed appears every second. */
static gboolean
reload_during_ingest (gpointer user_data)
{
  reload_case (user_data, FALSE);
  return G_SOURCE_CONTINUE;
}

static void
on_job_finished (ScrimWindow  *self,
                 const GError *error,
                 const char   *summary,
                 ScrimJob     *job)
{
  g_autoptr(ScrimJob) done = g_object_ref (job);

  g_ptr_array_remove (self->jobs, job);
  if (self->reload_id != 0 && !ingest_running (self))
    g_clear_handle_id (&self->reload_id, g_source_remove);
  if (scrim_job_get_kind (job) != SCRIM_JOB_IMPORT_LIST)
    {
      reload_case (self, TRUE);
      reload_viewer (self, NULL, 0);
    }
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    scrim_window_show_error (self, job_error_heading (scrim_job_get_kind (job)), error);
  else if (summary != NULL && *summary != '\0')
    scrim_window_add_toast (self, summary);
}

/* Runs a job (taking it) in the job bar; returns it (borrowed). */
static ScrimJob *
run_job (ScrimWindow *self,
         ScrimJob    *job)
{
  g_ptr_array_add (self->jobs, job);
  g_signal_connect_object (job, "finished", G_CALLBACK (on_job_finished), self, G_CONNECT_SWAPPED);
  scrim_job_bar_add_job (self->job_bar, job);
  scrim_job_start (job);
  if (scrim_job_get_kind (job) == SCRIM_JOB_INGEST && self->reload_id == 0)
    self->reload_id = g_timeout_add_seconds (1, reload_during_ingest, self);
  return job;
}

static char *
examiner (ScrimWindow *self)
{
  return g_strdup (scrim_case_get_examiner (self->scase));
}

/*
** Starts adding a folder of evidence (exhibit: optional) to the case; the
** review goes on while it runs. Returns the job (owned by the window).
*/
ScrimJob *
scrim_window_add_evidence (ScrimWindow *self,
                           const char  *folder,
                           const char  *exhibit)
{
  const char *folders[] = { folder, NULL };
  g_autofree char *who = NULL;

  g_return_val_if_fail (SCRIM_IS_WINDOW (self), NULL);
  g_return_val_if_fail (folder != NULL, NULL);

  who = examiner (self);
  if (exhibit != NULL && *exhibit == '\0')
    exhibit = NULL;
  return run_job (self, scrim_job_new_ingest (scrim_case_get_path (self->scase), folders, exhibit, who));
}

/* Starts importing a reference list into the analyst's library. */
ScrimJob *
scrim_window_import_list (ScrimWindow *self,
                          const char  *file,
                          const char  *name)
{
  const char *files[] = { file, NULL };
  g_autofree char *library = scrim_library_default_path ();
  g_autofree char *who = NULL;

  g_return_val_if_fail (SCRIM_IS_WINDOW (self), NULL);
  g_return_val_if_fail (file != NULL && name != NULL, NULL);

  who = examiner (self);
  return run_job (self, scrim_job_new_import_list (library, name, files, who));
}

/* Starts matching the case against every list of the library. */
ScrimJob *
scrim_window_match (ScrimWindow *self)
{
  g_autofree char *library = scrim_library_default_path ();
  g_autofree char *who = NULL;

  g_return_val_if_fail (SCRIM_IS_WINDOW (self), NULL);

  who = examiner (self);
  return run_job (self, scrim_job_new_match (scrim_case_get_path (self->scase), library, who));
}

/* Starts grouping the case (and ranking the queue). */
ScrimJob *
scrim_window_group (ScrimWindow *self)
{
  g_autofree char *who = NULL;

  g_return_val_if_fail (SCRIM_IS_WINDOW (self), NULL);

  who = examiner (self);
  return run_job (self, scrim_job_new_group (scrim_case_get_path (self->scase), who));
}

/* What a chosen file or folder is for: the one line the window then asks. */
typedef enum
{
  ASK_EXHIBIT,    /* evidence folder: which exhibit */
  ASK_LIST_NAME,  /* reference list: its name */
} AskKind;

static void
on_ask_response (ScrimWindow      *self,
                 const char       *response,
                 AdwMessageDialog *dialog)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  GFile *file = g_object_get_data (G_OBJECT (dialog), "file");
  AskKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "kind"));
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  if (g_strcmp0 (response, kind == ASK_EXHIBIT ? "add" : "import") != 0)
    return;
  path = g_file_get_path (file);
  text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  if (kind == ASK_EXHIBIT)
    scrim_window_add_evidence (self, path, text);
  else
    scrim_window_import_list (self, path, text);
}

/* Asks one line of text about file, then acts on it (on_ask_response). */
static void
ask (ScrimWindow *self,
     AskKind      kind,
     GFile       *file)
{
  g_autofree char *name = g_file_get_basename (file);
  const char *accept = kind == ASK_EXHIBIT ? "add" : "import";
  AdwMessageDialog *dialog;
  GtkWidget *entry = gtk_entry_new ();
  char *dot;

  if (kind == ASK_EXHIBIT)
    {
      dialog = dialog_new (self, _("Add Evidence"), NULL);
      adw_message_dialog_format_body (dialog, _("The folder “%s” is read, never changed. Which exhibit is it? "
                                                "(optional)"), name);
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Exhibit, e.g. PHONE-1"));
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), accept, _("_Add"), NULL);
    }
  else
    {
      /* The file's name without its extension, as a first proposal. */
      if ((dot = strrchr (name, '.')) != NULL && dot != name)
        *dot = '\0';
      dialog = dialog_new (self, _("Import Reference List"),
                           _("The list goes into your reference library, for every case. Its name:"));
      gtk_editable_set_text (GTK_EDITABLE (entry), name);
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), accept, _("_Import"), NULL);
    }
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_set_response_appearance (dialog, accept, ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, accept);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "file", g_object_ref (file), g_object_unref);
  g_object_set_data (G_OBJECT (dialog), "kind", GINT_TO_POINTER (kind));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_ask_response), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->dialog_input, entry);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* A local file or folder was chosen (one without a path, from a portal
 * that could not give one, is ignored). */
static void
chosen (GAsyncResult *result,
        ScrimWindow  *self,
        AskKind       kind)
{
  g_autoptr(GFile) file = scrim_ui_choose_finish (result, NULL);
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  if (path != NULL)
    ask (self, kind, file);
}

static void
evidence_chosen (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ScrimWindow) self = user_data;

  chosen (result, self, ASK_EXHIBIT);
}

static void
list_chosen (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ScrimWindow) self = user_data;

  chosen (result, self, ASK_LIST_NAME);
}

static void
add_evidence_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  scrim_ui_choose_async (GTK_WINDOW (widget), SCRIM_CHOOSE_EVIDENCE, NULL, evidence_chosen, g_object_ref (widget));
}

static void
import_list_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  scrim_ui_choose_async (GTK_WINDOW (widget), SCRIM_CHOOSE_LIST, NULL, list_chosen, g_object_ref (widget));
}

static void
match_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  scrim_window_match (SCRIM_WINDOW (widget));
}

static void
group_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  scrim_window_group (SCRIM_WINDOW (widget));
}

/* Stops every job and waits for each (their threads hold the case). */
static void
stop_jobs (ScrimWindow *self)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);

  /* Finishing removes a job from self->jobs: walk a copy. */
  for (guint i = 0; i < self->jobs->len; i++)
    g_ptr_array_add (jobs, g_object_ref (g_ptr_array_index (self->jobs, i)));
  for (guint i = 0; i < jobs->len; i++)
    scrim_job_cancel (g_ptr_array_index (jobs, i));
  for (guint i = 0; i < jobs->len; i++)
    scrim_job_wait (g_ptr_array_index (jobs, i));
}

static void
on_close_response (ScrimWindow      *self,
                   const char       *response,
                   AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "stop") != 0)
    return;
  stop_jobs (self);
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static void
save_window_state (ScrimWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
}

static gboolean
scrim_window_close_request (GtkWindow *window)
{
  ScrimWindow *self = SCRIM_WINDOW (window);
  AdwMessageDialog *dialog;

  if (self->jobs->len > 0 && !self->close_confirmed)
    {
      dialog = dialog_new (self, _("Stop the Running Work?"),
                           _("Closing the window stops it. What it finished stays in the case, and running it "
                             "again goes on from there."));
      adw_message_dialog_add_responses (dialog, "cancel", _("_Keep Working"), "stop", _("_Stop and Close"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "stop", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (dialog, "cancel");
      adw_message_dialog_set_close_response (dialog, "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_response), self, G_CONNECT_SWAPPED);
      gtk_window_present (GTK_WINDOW (dialog));
      return TRUE;
    }
  save_window_state (self);
  return GTK_WINDOW_CLASS (scrim_window_parent_class)->close_request (window);
}

/* ---- the viewer and the thumbnail size ---- */

static void
scrim_window_set_viewer_visible (ScrimWindow *self,
                                 gboolean     visible)
{
  visible = !!visible;
  if (self->viewer_visible == visible)
    return;
  self->viewer_visible = visible;
  gtk_widget_set_visible (GTK_WIDGET (self->viewer_slot), visible);
  if (visible)
    show_focus_in_viewer (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEWER_VISIBLE]);
}

static void
on_thumbnail_size (ScrimWindow *self)
{
  scrim_grid_set_thumbnail_size (self->grid, g_settings_get_int (self->settings, "thumbnail-size"));
}

/* ---- getters ---- */

ScrimCase *
scrim_window_get_case (ScrimWindow *self)
{
  g_return_val_if_fail (SCRIM_IS_WINDOW (self), NULL);
  return self->scase;
}

ScrimGrid *
scrim_window_get_grid (ScrimWindow *self)
{
  g_return_val_if_fail (SCRIM_IS_WINDOW (self), NULL);
  return self->grid;
}

ScrimItemModel *
scrim_window_get_model (ScrimWindow *self)
{
  g_return_val_if_fail (SCRIM_IS_WINDOW (self), NULL);
  return self->model;
}

ScrimSidebar *
scrim_window_get_sidebar (ScrimWindow *self)
{
  g_return_val_if_fail (SCRIM_IS_WINDOW (self), NULL);
  return self->sidebar;
}

ScrimViewer *
scrim_window_get_viewer (ScrimWindow *self)
{
  g_return_val_if_fail (SCRIM_IS_WINDOW (self), NULL);
  return self->viewer;
}

/*
** Returns whether the window shows a demo case (synthetic training data,
** `scrim demo`): it then carries the "training data" banner.
*/
gboolean
scrim_window_get_demo (ScrimWindow *self)
{
  g_return_val_if_fail (SCRIM_IS_WINDOW (self), FALSE);
  return gtk_widget_get_visible (self->demo_banner);
}

ScrimProtection *
scrim_window_get_protection (ScrimWindow *self)
{
  g_return_val_if_fail (SCRIM_IS_WINDOW (self), NULL);
  return self->protection;
}

ScrimJobBar *
scrim_window_get_job_bar (ScrimWindow *self)
{
  g_return_val_if_fail (SCRIM_IS_WINDOW (self), NULL);
  return self->job_bar;
}

ScrimWindowExposure *
_scrim_window_get_exposure (ScrimWindow *self)
{
  return self->exposure;
}

AdwMessageDialog *
_scrim_window_get_dialog (ScrimWindow *self)
{
  return self->dialog;
}

GtkWidget *
_scrim_window_get_dialog_input (ScrimWindow *self)
{
  return self->dialog_input;
}

GtkLabel *
_scrim_window_get_reasons_label (ScrimWindow *self)
{
  return self->reasons_label;
}

GtkWidget *
_scrim_window_get_exposure_label (ScrimWindow *self)
{
  return GTK_WIDGET (self->exposure_label);
}

guint
_scrim_window_get_undo_depth (ScrimWindow *self)
{
  return self->undo.length;
}

gint64
_scrim_window_get_key_reveal (ScrimWindow *self)
{
  return self->key_reveal;
}

/* ---- construction ---- */

static void
build_parts (ScrimWindow *self)
{
  g_autofree char *name = g_path_get_basename (scrim_case_get_path (self->scase));
  g_autofree char *number = scrim_case_dup_meta (self->scase, "case_number");
  g_autofree char *demo = scrim_case_dup_meta (self->scase, SCRIM_DEMO_CASE_META);
  g_autoptr(GError) error = NULL;

  gtk_window_set_title (GTK_WINDOW (self), name);
  adw_window_title_set_title (self->window_title, name);
  adw_window_title_set_subtitle (self->window_title, number != NULL ? number : "");
  adw_window_title_set_title (self->blank_title, name);
  /* Synthetic training data says so on every screen. */
  gtk_widget_set_visible (self->demo_banner, g_strcmp0 (demo, "1") == 0);

  self->protection = scrim_protection_new (self->settings);
  self->model = scrim_item_model_new (self->scase);
  self->exposure = scrim_window_exposure_new (self->settings);

  self->grid = SCRIM_GRID (scrim_grid_new (self->protection, self->loader));
  gtk_widget_set_vexpand (GTK_WIDGET (self->grid), TRUE);
  gtk_box_append (self->grid_box, GTK_WIDGET (self->grid));
  scrim_grid_set_model (self->grid, self->model);
  on_thumbnail_size (self);

  self->viewer = SCRIM_VIEWER (scrim_viewer_new (self->protection));
  gtk_widget_set_hexpand (GTK_WIDGET (self->viewer), TRUE);
  gtk_box_append (self->viewer_slot, GTK_WIDGET (self->viewer));
  scrim_viewer_set_case (self->viewer, self->scase);

  self->sidebar = SCRIM_SIDEBAR (scrim_sidebar_new (self->scase, self->protection));
  gtk_widget_set_hexpand (GTK_WIDGET (self->sidebar), TRUE);
  gtk_box_append (self->sidebar_slot, GTK_WIDGET (self->sidebar));
}

static void
connect_parts (ScrimWindow *self)
{
  g_signal_connect_object (self->sidebar, "view-selected", G_CALLBACK (on_view_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->grid, "selection-changed", G_CALLBACK (on_grid_selection_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->viewer, "reveal-started", G_CALLBACK (on_viewer_reveal_started), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->viewer, "reveal-ended", G_CALLBACK (on_viewer_reveal_ended), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->exposure, "changed", G_CALLBACK (on_exposure_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->exposure, "break-due", G_CALLBACK (on_break_due), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::thumbnail-size", G_CALLBACK (on_thumbnail_size), self,
                           G_CONNECT_SWAPPED);
  g_settings_bind (self->settings, "thumbnail-size", gtk_range_get_adjustment (GTK_RANGE (self->size_scale)), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (on_is_active), NULL);
  self->tick_id = g_timeout_add_seconds (1, tick, self);
}

static void
restore_window_state (ScrimWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self), g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
scrim_window_constructed (GObject *object)
{
  ScrimWindow *self = SCRIM_WINDOW (object);

  G_OBJECT_CLASS (scrim_window_parent_class)->constructed (object);

  g_assert (self->scase != NULL && self->loader != NULL);
  build_parts (self);
  connect_parts (self);
  restore_window_state (self);
  /* The first view: every image, the first one chosen. */
  scrim_sidebar_select_view (self->sidebar, SCRIM_VIEW_ALL);
}

static void
scrim_window_dispose (GObject *object)
{
  ScrimWindow *self = SCRIM_WINDOW (object);

  if (self->jobs != NULL && self->jobs->len > 0)
    stop_jobs (self);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_handle_id (&self->inactive_id, g_source_remove);
  g_clear_weak_pointer (&self->dialog);
  g_clear_weak_pointer (&self->dialog_input);
  g_clear_weak_pointer (&self->break_dialog);
  if (self->exposure != NULL)
    g_signal_handlers_disconnect_by_data (self->exposure, self);
  if (self->settings != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->settings, self);
      g_settings_unbind (gtk_range_get_adjustment (GTK_RANGE (self->size_scale)), "value");
    }
  g_queue_clear_full (&self->undo, (GDestroyNotify) undo_step_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCRIM_TYPE_WINDOW);
  self->grid = NULL;
  self->viewer = NULL;
  self->sidebar = NULL;
  g_clear_pointer (&self->jobs, g_ptr_array_unref);
  g_clear_object (&self->exposure);
  g_clear_object (&self->model);
  g_clear_object (&self->protection);
  g_clear_object (&self->loader);
  g_clear_object (&self->scase);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (scrim_window_parent_class)->dispose (object);
}

static void
scrim_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  ScrimWindow *self = SCRIM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CASE:
      g_value_set_object (value, self->scase);
      break;
    case PROP_THUMBNAIL_LOADER:
      g_value_set_object (value, self->loader);
      break;
    case PROP_VIEWER_VISIBLE:
      g_value_set_boolean (value, self->viewer_visible);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scrim_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  ScrimWindow *self = SCRIM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CASE:
      self->scase = g_value_dup_object (value);
      break;
    case PROP_THUMBNAIL_LOADER:
      self->loader = g_value_dup_object (value);
      break;
    case PROP_VIEWER_VISIBLE:
      scrim_window_set_viewer_visible (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_grade_bindings (GtkWidgetClass *widget_class)
{
  static const guint digits[] = { GDK_KEY_0, GDK_KEY_1, GDK_KEY_2, GDK_KEY_3, GDK_KEY_4, GDK_KEY_5 };
  static const guint keypad[] = { GDK_KEY_KP_0, GDK_KEY_KP_1, GDK_KEY_KP_2, GDK_KEY_KP_3, GDK_KEY_KP_4, GDK_KEY_KP_5 };

  for (int g = 0; g <= SCRIM_GRADE_REVIEWED; g++)
    {
      gtk_widget_class_add_binding (widget_class, digits[g], 0, grade_binding, "(ib)", g, FALSE);
      gtk_widget_class_add_binding (widget_class, keypad[g], 0, grade_binding, "(ib)", g, FALSE);
      gtk_widget_class_add_binding (widget_class, digits[g], GDK_ALT_MASK, grade_binding, "(ib)", g, TRUE);
      gtk_widget_class_add_binding (widget_class, keypad[g], GDK_ALT_MASK, grade_binding, "(ib)", g, TRUE);
    }
}

static void
scrim_window_class_init (ScrimWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = scrim_window_constructed;
  object_class->dispose = scrim_window_dispose;
  object_class->get_property = scrim_window_get_property;
  object_class->set_property = scrim_window_set_property;
  window_class->close_request = scrim_window_close_request;

  properties[PROP_CASE] =
    g_param_spec_object ("case", NULL, NULL, SCRIM_TYPE_CASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_THUMBNAIL_LOADER] =
    g_param_spec_object ("thumbnail-loader", NULL, NULL, SCRIM_TYPE_THUMBNAIL_LOADER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEWER_VISIBLE] =
    g_param_spec_boolean ("viewer-visible", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SCRIM_TYPE_JOB_BAR);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/scrimtriage/Scrim/scrim-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ScrimWindow, privacy_stack);
  gtk_widget_class_bind_template_child (widget_class, ScrimWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ScrimWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, ScrimWindow, demo_banner);
  gtk_widget_class_bind_template_child (widget_class, ScrimWindow, blank_title);
  gtk_widget_class_bind_template_child (widget_class, ScrimWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, ScrimWindow, sidebar_slot);
  gtk_widget_class_bind_template_child (widget_class, ScrimWindow, grid_box);
  gtk_widget_class_bind_template_child (widget_class, ScrimWindow, reasons_revealer);
  gtk_widget_class_bind_template_child (widget_class, ScrimWindow, reasons_label);
  gtk_widget_class_bind_template_child (widget_class, ScrimWindow, viewer_slot);
  gtk_widget_class_bind_template_child (widget_class, ScrimWindow, exposure_button);
  gtk_widget_class_bind_template_child (widget_class, ScrimWindow, exposure_label);
  gtk_widget_class_bind_template_child (widget_class, ScrimWindow, size_scale);
  gtk_widget_class_bind_template_child (widget_class, ScrimWindow, continue_button);
  gtk_widget_class_bind_template_child (widget_class, ScrimWindow, job_bar);
  gtk_widget_class_bind_template_callback (widget_class, on_exposure_popover_show);

  gtk_widget_class_install_action (widget_class, "win.add-evidence", NULL, add_evidence_action);
  gtk_widget_class_install_action (widget_class, "win.import-list", NULL, import_list_action);
  gtk_widget_class_install_action (widget_class, "win.match", NULL, match_action);
  gtk_widget_class_install_action (widget_class, "win.group", NULL, group_action);
  gtk_widget_class_install_action (widget_class, "win.next-group", NULL, next_group_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.blank", NULL, blank_action);
  gtk_widget_class_install_action (widget_class, "win.unblank", NULL, unblank_action);
  gtk_widget_class_install_property_action (widget_class, "win.show-viewer", "viewer-visible");

  add_grade_bindings (widget_class);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_t, 0, tag_binding, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_n, 0, note_binding, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_g, 0, next_group_binding, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, copy_image_binding, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK, copy_hash_binding, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_C, GDK_CONTROL_MASK | GDK_SHIFT_MASK, copy_hash_binding, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Return, 0, enter_binding, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Enter, 0, enter_binding, NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.show-viewer", NULL);
}

static void
scrim_window_init (ScrimWindow *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = scrim_settings_new ();
  self->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  self->viewer_visible = TRUE;
  g_queue_init (&self->undo);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  g_signal_connect_swapped (keys, "key-released", G_CALLBACK (on_key_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

/*
** Returns a new window over a case the caller opened (read-write, as the
** examiner who works; the window keeps a reference), for the application.
** NULL with error set when the case's thumbnails cannot be read.
*/
ScrimWindow *
scrim_window_new (GtkApplication  *application,
                  ScrimCase       *scase,
                  GError         **error)
{
  g_autoptr(ScrimThumbnailLoader) loader = NULL;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (SCRIM_IS_CASE (scase), NULL);

  loader = scrim_thumbnail_loader_new (scrim_case_get_path (scase), error);
  if (loader == NULL)
    return NULL;
  return g_object_new (SCRIM_TYPE_WINDOW,
                       "application", application,
                       "case", scase,
                       "thumbnail-loader", loader,
                       NULL);
}
