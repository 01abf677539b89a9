/* scrim-viewer.c
 *
 * The selected image, larger, above everything the case knows of it.
 *
 * show_item() paints the case's thumbnail at once (a few KB of JPEG,
 * decoded on the main thread), then asks a worker for the evidence: the
 * worker opens the case read-only on its own connection, reads the file
 * through scrim_review_read_evidence() (SHA-256 checked, no links
 * followed, access times kept), decodes it at the smallest reduction
 * whose longer side still covers VIEW_SIDE, turns it upright by its EXIF
 * orientation as the ingest turned the thumbnail, and hands back a
 * texture. Each request has its own GCancellable, cancelled by the next
 * show_item() and by dispose, and the answer only lands when it is still
 * for the item shown.
 *
 * Everything is painted through one ScrimThumbnail, so the protection
 * applies to the large image exactly as to the grid. The Reveal button
 * reveals while it is held: a click gesture in the capture phase (GTK 4's
 * GtkButton has no pressed/released signals) claims the press, and the
 * reveal ends on release, on cancel, and when the pointer leaves.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "scrim-core.h"
#include "scrim-thumbnail-loader.h"
#include "scrim-viewer-private.h"

/* The longer side the evidence image is shown at, at most. */
#define VIEW_SIDE 2048
/* Evidence files larger than this are not read for the viewer. */
#define MAX_EVIDENCE_BYTES ((gsize) 256 * 1024 * 1024)

struct _ScrimViewer
{
  GtkWidget        parent_instance;

  ScrimProtection *protection;
  ScrimCase       *scase;
  ScrimItem       *item;
  gint64           revealed_id;

  GCancellable    *load_cancellable;
  gboolean         loading;
  gboolean         full_image;
  double           load_seconds;

  GtkWidget       *paned;
  gboolean         paned_placed;
  GtkWidget       *image;
  GtkWidget       *notice;
  GtkWidget       *reveal;
  GtkWidget       *details;
  GtkWidget       *empty;
  GPtrArray       *detail_lines;   /* "Label\tvalue", as shown */
};

G_DEFINE_TYPE (ScrimViewer, scrim_viewer, GTK_TYPE_WIDGET)

enum
{
  REVEAL_STARTED,
  REVEAL_ENDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The labels scrim_review_describe() writes, for translation. */
static const char * const detail_labels[] = {
  N_("SHA-256"), N_("SHA-1"), N_("MD5"), N_("File"), N_("Found at"), N_("Camera"), N_("Taken"),
  N_("Place"), N_("Category"), N_("Match"), N_("Group"), N_("Grade"), N_("Tag"), N_("Note"),
};

/* ---- the evidence image, in a worker ---- */

typedef enum
{
  LOAD_OK,
  LOAD_EVIDENCE,   /* gone, unreadable or changed */
  LOAD_DECODE,     /* read, but not decodable */
} LoadOutcome;

typedef struct
{
  char       *case_path;
  gint64      item_id;
  LoadOutcome outcome;
  GdkTexture *texture;
  char       *message;
  double      seconds;
} Load;

static void
load_free (Load *load)
{
  g_free (load->case_path);
  g_clear_object (&load->texture);
  g_free (load->message);
  g_free (load);
}

/* The min_side that decodes at the strongest reduction whose longer side
 * still covers VIEW_SIDE (scrim_image_pick_scale works on the shorter). */
static guint
pick_min_side (ScrimFileType  type,
               const guint8  *data,
               gsize          len)
{
  guint w = 0;
  guint h = 0;

  if (!scrim_image_probe_size (type, data, len, &w, &h) || w == 0 || h == 0)
    return VIEW_SIDE;
  return MAX (1, (guint) ceil ((double) VIEW_SIDE * MIN (w, h) / MAX (w, h)));
}

/* Flattened, reduced and upright, as the thumbnail was made: what the
 * viewer paints. NULL when memory runs out. */
static ScrimPixels *
prepare_pixels (ScrimPixels   *decoded,
                ScrimFileType  type,
                const guint8  *data,
                gsize          len)
{
  g_autoptr(ScrimPixels) cur = decoded;
  g_autoptr(ScrimExif) exif = scrim_exif_read_file (type, data, len);

  /* Alpha composited over grey, as in the thumbnail. */
  if (cur != NULL && (cur->channels == 2 || cur->channels == 4))
    {
      ScrimPixels *flat = scrim_pixels_flatten (cur);

      scrim_pixels_free (cur);
      cur = flat;
    }
  if (cur != NULL && MAX (cur->width, cur->height) > VIEW_SIDE)
    {
      ScrimPixels *small = scrim_pixels_scale_to_fit (cur, VIEW_SIDE);

      scrim_pixels_free (cur);
      cur = small;
    }
  /* As the ingest orients the thumbnail (scrim_thumbnail_make). */
  if (cur != NULL && exif != NULL && exif->has_orientation
      && exif->orientation >= 2 && exif->orientation <= 8)
    {
      ScrimPixels *upright = scrim_pixels_orient (cur, exif->orientation);

      scrim_pixels_free (cur);
      cur = upright;
    }
  return g_steal_pointer (&cur);
}

static void
decode_evidence (Load   *load,
                 GBytes *bytes)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  ScrimFileType type = scrim_image_sniff (data, len);
  ScrimDecodeOptions options = { 0, pick_min_side (type, data, len) };
  ScrimDecodeResult result = { 0 };
  g_autoptr(ScrimPixels) pixels = NULL;

  scrim_image_decode (data, len, &options, &result);
  if (result.status != SCRIM_STATUS_OK)
    {
      load->outcome = LOAD_DECODE;
      load->message = g_strdup_printf ("%s: %s", scrim_status_to_string (result.status),
                                       result.message ? result.message : "");
      scrim_decode_result_clear (&result);
      return;
    }
  pixels = prepare_pixels (g_steal_pointer (&result.pixels), type, data, len);
  scrim_decode_result_clear (&result);
  if (pixels == NULL)
    {
      load->outcome = LOAD_DECODE;
      load->message = g_strdup ("not enough memory for the image");
      return;
    }
  /* GdkMemoryTexture is immutable: made here, painted there. */
  load->texture = scrim_texture_new_for_pixels (pixels);
  load->outcome = LOAD_OK;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Load *load = task_data;
  gint64 started = g_get_monotonic_time ();
  g_autoptr(ScrimCase) scase = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  scase = scrim_case_open (load->case_path, SCRIM_CASE_OPEN_READ_ONLY, NULL, &error);
  if (scase != NULL && !g_cancellable_is_cancelled (cancellable))
    bytes = scrim_review_read_evidence (scase, load->item_id, MAX_EVIDENCE_BYTES, NULL, &error);
  if (bytes == NULL)
    {
      load->outcome = LOAD_EVIDENCE;
      load->message = g_strdup (error ? error->message : "");
    }
  else if (!g_cancellable_is_cancelled (cancellable))
    decode_evidence (load, bytes);
  load->seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  g_debug ("viewer: image %" PRId64 " read and decoded in %.3f s", load->item_id, load->seconds);
  g_task_return_boolean (task, TRUE);
}

static void
show_notice (ScrimViewer *self,
             const char  *text,
             const char  *detail)
{
  gtk_label_set_text (GTK_LABEL (self->notice), text);
  /* The core's message names the locations tried: a tooltip, never
   * selectable text. */
  gtk_widget_set_tooltip_text (self->notice, detail);
  gtk_widget_set_visible (self->notice, TRUE);
}

static void
on_load_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  GTask *task = G_TASK (result);
  Load *load = g_task_get_task_data (task);
  ScrimViewer *self;

  /* Cancelled by the next show_item() or by dispose: self may be gone. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return;
  self = SCRIM_VIEWER (data);
  g_assert (self->item != NULL && scrim_item_get_item_id (self->item) == load->item_id);

  self->loading = FALSE;
  self->load_seconds = load->seconds;
  switch (load->outcome)
    {
    case LOAD_OK:
      scrim_thumbnail_set_texture (SCRIM_THUMBNAIL (self->image), load->texture);
      self->full_image = TRUE;
      break;
    case LOAD_EVIDENCE:
      show_notice (self, _("The evidence file is not where it was, or has changed since ingest: "
                           "showing the thumbnail"), load->message);
      break;
    case LOAD_DECODE:
      show_notice (self, _("The evidence file could not be decoded larger: showing the thumbnail"),
                   load->message);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
cancel_load (ScrimViewer *self)
{
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->loading = FALSE;
}

static void
start_load (ScrimViewer *self)
{
  g_autoptr(GTask) task = NULL;
  Load *load = g_new0 (Load, 1);

  load->case_path = g_strdup (scrim_case_get_path (self->scase));
  load->item_id = scrim_item_get_item_id (self->item);
  self->load_cancellable = g_cancellable_new ();
  self->loading = TRUE;

  /* No source object: a request must not keep the viewer alive. */
  task = g_task_new (NULL, self->load_cancellable, on_load_done, self);
  g_task_set_source_tag (task, start_load);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, load_thread);
}

/* ---- the thumbnail, at once ---- */

static void
show_thumbnail (ScrimViewer *self)
{
  gint64 id = scrim_item_get_item_id (self->item);
  g_autoptr(ScrimPixels) pixels = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  pixels = scrim_review_thumbnail (self->scase, id, &error);
  if (pixels != NULL)
    texture = scrim_texture_new_for_pixels (pixels);
  else
    g_debug ("viewer: no thumbnail for image %" PRId64 ": %s", id, error->message);
  scrim_thumbnail_set_texture (SCRIM_THUMBNAIL (self->image), texture);
}

/* ---- the details ---- */

static GtkWidget *
detail_label (const char *text,
              gboolean    is_key)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  /* Text from evidence must not reach the clipboard. */
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  if (is_key)
    gtk_widget_add_css_class (label, "dim-label");
  else
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_set_tooltip_text (label, text);
    }
  return label;
}

static void
clear_details (ScrimViewer *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->details)) != NULL)
    gtk_grid_remove (GTK_GRID (self->details), child);
  g_ptr_array_set_size (self->detail_lines, 0);
}

/* The describe labels are fixed English words of the core: translated
 * here when known, shown as they are otherwise. */
static const char *
translate_key (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (detail_labels); i++)
    if (g_str_equal (key, detail_labels[i]))
      return _(detail_labels[i]);
  return key;
}

/* One row per value; a label repeated on consecutive lines ("Found at",
 * "Match", "Group"…) is written once, on the first of them. */
static void
fill_details (ScrimViewer *self,
              const char  *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  const char *previous = NULL;
  int row = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *tab = strchr (lines[i], '\t');
      const char *key;
      const char *value;

      if (tab == NULL)
        continue;
      *tab = '\0';
      key = lines[i];
      value = tab + 1;
      if (g_strcmp0 (key, previous) != 0)
        gtk_grid_attach (GTK_GRID (self->details), detail_label (translate_key (key), TRUE), 0, row, 1, 1);
      gtk_grid_attach (GTK_GRID (self->details), detail_label (value, FALSE), 1, row, 1, 1);
      g_ptr_array_add (self->detail_lines, g_strdup_printf ("%s\t%s", key, value));
      previous = key;
      row++;
    }
}

static void
show_details (ScrimViewer *self)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  clear_details (self);
  if (self->item == NULL || self->scase == NULL)
    {
      gtk_widget_set_visible (self->empty, TRUE);
      return;
    }
  gtk_widget_set_visible (self->empty, FALSE);
  text = scrim_review_describe (self->scase, scrim_item_get_item_id (self->item), &error);
  if (text == NULL)
    {
      gtk_grid_attach (GTK_GRID (self->details), detail_label (error->message, FALSE), 0, 0, 2, 1);
      return;
    }
  fill_details (self, text);
}

/* ---- reveal ---- */

/*
** Reveals the shown item while revealing is TRUE: sets it as the
** protection's revealed item and emits "reveal-started"; FALSE undoes
** that and emits "reveal-ended" with the same id. Nothing happens when
** no item is shown, when it is not obscured (nothing to reveal), or when
** the state does not change.
*/
void
scrim_viewer_set_revealing (ScrimViewer *self,
                            gboolean     revealing)
{
  gint64 id;

  g_return_if_fail (SCRIM_IS_VIEWER (self));

  if (revealing && self->revealed_id == 0 && self->item != NULL && scrim_item_get_obscured (self->item))
    {
      id = self->revealed_id = scrim_item_get_item_id (self->item);
      scrim_protection_set_revealed_item (self->protection, id);
      g_signal_emit (self, signals[REVEAL_STARTED], 0, id);
    }
  else if (!revealing && self->revealed_id != 0)
    {
      id = self->revealed_id;
      self->revealed_id = 0;
      if (scrim_protection_get_revealed_item (self->protection) == id)
        scrim_protection_set_revealed_item (self->protection, 0);
      g_signal_emit (self, signals[REVEAL_ENDED], 0, id);
    }
}

gboolean
scrim_viewer_get_revealing (ScrimViewer *self)
{
  g_return_val_if_fail (SCRIM_IS_VIEWER (self), FALSE);
  return self->revealed_id != 0;
}

static void
on_reveal_pressed (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   ScrimViewer     *self)
{
  /* Ours alone: the button's own gesture would wait for a click. */
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_set_state_flags (self->reveal, GTK_STATE_FLAG_ACTIVE, FALSE);
  scrim_viewer_set_revealing (self, TRUE);
}

static void
end_reveal (ScrimViewer *self)
{
  gtk_widget_unset_state_flags (self->reveal, GTK_STATE_FLAG_ACTIVE);
  scrim_viewer_set_revealing (self, FALSE);
}

static void
on_reveal_released (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    ScrimViewer     *self)
{
  end_reveal (self);
}

static void
on_reveal_cancel (GtkGesture       *gesture,
                  GdkEventSequence *sequence,
                  ScrimViewer      *self)
{
  end_reveal (self);
}

/* While held, the pointer moving off the button ends the reveal (a
 * grab may keep the crossing events away). */
static void
on_reveal_update (GtkGesture       *gesture,
                  GdkEventSequence *sequence,
                  ScrimViewer      *self)
{
  double x = 0;
  double y = 0;

  if (gtk_gesture_get_point (gesture, sequence, &x, &y) && !gtk_widget_contains (self->reveal, x, y))
    end_reveal (self);
}

static void
on_reveal_leave (GtkEventControllerMotion *motion,
                 ScrimViewer              *self)
{
  end_reveal (self);
}

/* ---- showing an item ---- */

static void
on_item_notify (ScrimItem   *item,
                GParamSpec  *pspec,
                ScrimViewer *self)
{
  gboolean obscured = scrim_item_get_obscured (item);

  /* Graded as not pertinent, say: there is nothing left to reveal. */
  if (!obscured)
    end_reveal (self);
  scrim_thumbnail_set_item (SCRIM_THUMBNAIL (self->image), scrim_item_get_item_id (item), obscured);
  gtk_widget_set_sensitive (self->reveal, obscured);
}

static void
set_item (ScrimViewer *self,
          ScrimItem   *item)
{
  if (self->item != NULL)
    g_signal_handlers_disconnect_by_func (self->item, on_item_notify, self);
  g_set_object (&self->item, item);
  if (item != NULL)
    g_signal_connect (item, "notify::obscured", G_CALLBACK (on_item_notify), self);
}

/*
** Shows item (NULL: the empty state): its thumbnail at once, its evidence
** image when read, its details. Called again with the same item, reloads
** the details and the protection (after a grade or a note) and keeps the
** image. Needs a case (scrim_viewer_set_case) for a non-NULL item.
*/
void
scrim_viewer_show_item (ScrimViewer *self,
                        ScrimItem   *item)
{
  g_return_if_fail (SCRIM_IS_VIEWER (self));
  g_return_if_fail (item == NULL || SCRIM_IS_ITEM (item));
  g_return_if_fail (item == NULL || self->scase != NULL);

  if (item != NULL && item == self->item)
    {
      on_item_notify (item, NULL, self);
      show_details (self);
      return;
    }

  scrim_viewer_set_revealing (self, FALSE);
  cancel_load (self);
  set_item (self, item);
  self->full_image = FALSE;
  gtk_widget_set_visible (self->notice, FALSE);
  gtk_widget_set_sensitive (self->reveal, FALSE);

  if (item == NULL)
    {
      scrim_thumbnail_set_texture (SCRIM_THUMBNAIL (self->image), NULL);
      scrim_thumbnail_set_item (SCRIM_THUMBNAIL (self->image), 0, FALSE);
    }
  else
    {
      /* The protection first, so not one frame is painted without it. */
      on_item_notify (item, NULL, self);
      show_thumbnail (self);
      start_load (self);
    }
  show_details (self);
}

/*
** Sets the case whose items are shown (the window's handle, used on the
** main thread for the details and thumbnails; evidence is read through a
** read-only handle of the worker's own). Clears the item shown.
*/
void
scrim_viewer_set_case (ScrimViewer *self,
                       ScrimCase   *scase)
{
  g_return_if_fail (SCRIM_IS_VIEWER (self));
  g_return_if_fail (scase == NULL || SCRIM_IS_CASE (scase));

  if (scase == self->scase)
    return;
  scrim_viewer_show_item (self, NULL);
  g_set_object (&self->scase, scase);
}

ScrimItem *
scrim_viewer_get_item (ScrimViewer *self)
{
  g_return_val_if_fail (SCRIM_IS_VIEWER (self), NULL);
  return self->item;
}

ScrimThumbnail *
scrim_viewer_get_image (ScrimViewer *self)
{
  g_return_val_if_fail (SCRIM_IS_VIEWER (self), NULL);
  return SCRIM_THUMBNAIL (self->image);
}

gboolean
scrim_viewer_has_full_image (ScrimViewer *self)
{
  g_return_val_if_fail (SCRIM_IS_VIEWER (self), FALSE);
  return self->full_image;
}

/* ---- for the tests ---- */

const char *
_scrim_viewer_get_notice (ScrimViewer *self)
{
  g_return_val_if_fail (SCRIM_IS_VIEWER (self), NULL);
  return gtk_widget_get_visible (self->notice) ? gtk_label_get_text (GTK_LABEL (self->notice)) : NULL;
}

gboolean
_scrim_viewer_is_loading (ScrimViewer *self)
{
  g_return_val_if_fail (SCRIM_IS_VIEWER (self), FALSE);
  return self->loading;
}

char *
_scrim_viewer_dup_details_text (ScrimViewer *self)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (SCRIM_IS_VIEWER (self), NULL);
  for (guint i = 0; i < self->detail_lines->len; i++)
    g_string_append_printf (out, "%s\n", (const char *) g_ptr_array_index (self->detail_lines, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

GtkWidget *
_scrim_viewer_get_reveal_button (ScrimViewer *self)
{
  g_return_val_if_fail (SCRIM_IS_VIEWER (self), NULL);
  return self->reveal;
}

double
_scrim_viewer_get_load_seconds (ScrimViewer *self)
{
  g_return_val_if_fail (SCRIM_IS_VIEWER (self), 0);
  return self->load_seconds;
}

/* ---- GObject, GtkWidget ---- */

static void
scrim_viewer_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  ScrimViewer *self = SCRIM_VIEWER (widget);

  gtk_widget_measure (self->paned, orientation, for_size, minimum, natural, minimum_baseline,
                      natural_baseline);
}

static void
scrim_viewer_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  ScrimViewer *self = SCRIM_VIEWER (widget);

  /* The image gets about three fifths at first; the analyst's drag is
   * kept after that. */
  if (!self->paned_placed && height > 0)
    {
      gtk_paned_set_position (GTK_PANED (self->paned), height * 3 / 5);
      self->paned_placed = TRUE;
    }
  gtk_widget_allocate (self->paned, width, height, baseline, NULL);
}

static void
scrim_viewer_unmap (GtkWidget *widget)
{
  /* Nothing stays revealed that is not on screen. */
  end_reveal (SCRIM_VIEWER (widget));
  GTK_WIDGET_CLASS (scrim_viewer_parent_class)->unmap (widget);
}

static void
scrim_viewer_dispose (GObject *object)
{
  ScrimViewer *self = SCRIM_VIEWER (object);

  if (self->protection != NULL)
    scrim_viewer_set_revealing (self, FALSE);
  cancel_load (self);
  set_item (self, NULL);
  g_clear_pointer (&self->paned, gtk_widget_unparent);
  g_clear_object (&self->scase);
  g_clear_object (&self->protection);
  g_clear_pointer (&self->detail_lines, g_ptr_array_unref);

  G_OBJECT_CLASS (scrim_viewer_parent_class)->dispose (object);
}

static void
scrim_viewer_class_init (ScrimViewerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = scrim_viewer_dispose;
  widget_class->unmap = scrim_viewer_unmap;
  widget_class->measure = scrim_viewer_measure;
  widget_class->size_allocate = scrim_viewer_size_allocate;

  /**
   * ScrimViewer::reveal-started:
   * @item_id: the item now painted unobscured
   *
   * The analyst began to reveal the shown item (the window logs it).
   */
  signals[REVEAL_STARTED] =
    g_signal_new ("reveal-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /**
   * ScrimViewer::reveal-ended:
   * @item_id: the item obscured again
   */
  signals[REVEAL_ENDED] =
    g_signal_new ("reveal-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_css_name (widget_class, "scrimviewer");
}

static GtkWidget *
build_image_area (ScrimViewer *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkGesture *press = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();

  gtk_widget_set_size_request (self->image, 160, 120);
  gtk_widget_set_vexpand (self->image, TRUE);
  gtk_widget_set_hexpand (self->image, TRUE);

  self->notice = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->notice), TRUE);
  gtk_label_set_selectable (GTK_LABEL (self->notice), FALSE);
  gtk_widget_add_css_class (self->notice, "warning");
  gtk_widget_set_visible (self->notice, FALSE);

  self->reveal = gtk_button_new_with_label (_("Reveal"));
  gtk_widget_set_tooltip_text (self->reveal, _("Hold to see this image unobscured; every reveal is logged"));
  gtk_widget_set_halign (self->reveal, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (self->reveal, FALSE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (press), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (press), GTK_PHASE_CAPTURE);
  g_signal_connect (press, "pressed", G_CALLBACK (on_reveal_pressed), self);
  g_signal_connect (press, "released", G_CALLBACK (on_reveal_released), self);
  g_signal_connect (press, "cancel", G_CALLBACK (on_reveal_cancel), self);
  g_signal_connect (press, "update", G_CALLBACK (on_reveal_update), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_reveal_leave), self);
  gtk_widget_add_controller (self->reveal, GTK_EVENT_CONTROLLER (press));
  gtk_widget_add_controller (self->reveal, motion);

  gtk_box_append (GTK_BOX (box), self->image);
  gtk_box_append (GTK_BOX (box), self->notice);
  gtk_box_append (GTK_BOX (box), self->reveal);
  gtk_widget_set_margin_bottom (box, 6);
  return box;
}

static GtkWidget *
build_details_area (ScrimViewer *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->empty = gtk_label_new (_("No image selected"));
  gtk_widget_add_css_class (self->empty, "dim-label");
  gtk_widget_set_vexpand (self->empty, TRUE);

  self->details = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->details), 12);
  gtk_grid_set_row_spacing (GTK_GRID (self->details), 4);
  gtk_widget_set_margin_start (self->details, 12);
  gtk_widget_set_margin_end (self->details, 12);
  gtk_widget_set_margin_top (self->details, 6);
  gtk_widget_set_margin_bottom (self->details, 12);

  gtk_box_append (GTK_BOX (box), self->empty);
  gtk_box_append (GTK_BOX (box), self->details);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 96);
  return scrolled;
}

static void
scrim_viewer_init (ScrimViewer *self)
{
  self->detail_lines = g_ptr_array_new_with_free_func (g_free);
}

/*
** Returns a new viewer (floating) painting through protection, which it
** keeps a reference to; empty until a case and an item are set.
*/
GtkWidget *
scrim_viewer_new (ScrimProtection *protection)
{
  ScrimViewer *self;

  g_return_val_if_fail (SCRIM_IS_PROTECTION (protection), NULL);

  self = g_object_new (SCRIM_TYPE_VIEWER, NULL);
  self->protection = g_object_ref (protection);
  self->image = scrim_thumbnail_new (protection);

  self->paned = gtk_paned_new (GTK_ORIENTATION_VERTICAL);
  gtk_paned_set_start_child (GTK_PANED (self->paned), build_image_area (self));
  gtk_paned_set_end_child (GTK_PANED (self->paned), build_details_area (self));
  gtk_paned_set_resize_start_child (GTK_PANED (self->paned), TRUE);
  gtk_paned_set_resize_end_child (GTK_PANED (self->paned), FALSE);
  gtk_paned_set_shrink_start_child (GTK_PANED (self->paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (self->paned), FALSE);
  gtk_widget_set_parent (self->paned, GTK_WIDGET (self));
  return GTK_WIDGET (self);
}
