/* scrim-grid.c
 *
 * GtkGridView makes widgets only for the rows on screen (and a few more)
 * and recycles them as the view scrolls: the factory creates a
 * ScrimGridCell once per widget and binds and unbinds it to items, which
 * is where thumbnails are requested and dropped. With a ScrimItemModel
 * underneath, a view of a million images costs its ids and the objects of
 * the pages on screen.
 *
 * GTK 4.8 has no gtk_grid_view_scroll_to() (4.12) and no public focus
 * position: scrolling goes through the "list.scroll-to-item" action, and
 * the item the keyboard is on is found from the window's focus widget.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "scrim-grid-cell.h"
#include "scrim-grid.h"

#define MIN_SIZE 64
#define MAX_SIZE 512
#define DEFAULT_SIZE 160

struct _ScrimGrid
{
  GtkWidget             parent_instance;

  ScrimProtection      *protection;
  ScrimThumbnailLoader *loader;
  ScrimItemModel       *model;
  GtkMultiSelection    *selection;
  GtkWidget            *scrolled;
  GtkWidget            *grid_view;
  int                   thumbnail_size;

  guint                 focus_position;   /* GTK_INVALID_LIST_POSITION: none */
  GtkRoot              *root;
  gulong                focus_handler;
};

G_DEFINE_FINAL_TYPE (ScrimGrid, scrim_grid, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_PROTECTION,
  PROP_LOADER,
  PROP_MODEL,
  PROP_THUMBNAIL_SIZE,
  N_PROPS
};

enum
{
  SELECTION_CHANGED,
  ACTIVATE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The cell inside one of the grid view's children (a list item widget),
 * or NULL. */
static ScrimGridCell *
child_cell (GtkWidget *child)
{
  GtkWidget *cell = gtk_widget_get_first_child (child);

  return SCRIM_IS_GRID_CELL (cell) ? SCRIM_GRID_CELL (cell) : NULL;
}

/* ---- factory ---- */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GObject                  *object,
            ScrimGrid                *self)
{
  GtkWidget *cell = scrim_grid_cell_new (self->protection, self->loader);

  scrim_grid_cell_set_size (SCRIM_GRID_CELL (cell), self->thumbnail_size);
  gtk_list_item_set_child (GTK_LIST_ITEM (object), cell);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GObject                  *object,
           ScrimGrid                *self)
{
  GtkListItem *list_item = GTK_LIST_ITEM (object);

  scrim_grid_cell_bind (SCRIM_GRID_CELL (gtk_list_item_get_child (list_item)),
                        gtk_list_item_get_item (list_item));
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GObject                  *object,
             ScrimGrid                *self)
{
  scrim_grid_cell_unbind (SCRIM_GRID_CELL (gtk_list_item_get_child (GTK_LIST_ITEM (object))));
}

/* ---- selection and focus ---- */

static void
selection_changed (GtkSelectionModel *selection,
                   guint              position,
                   guint              n_items,
                   ScrimGrid         *self)
{
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static void
selection_items_changed (GListModel *model,
                         guint       position,
                         guint       removed,
                         guint       added,
                         ScrimGrid  *self)
{
  /* Rows removed take their selection with them. */
  if (self->focus_position != GTK_INVALID_LIST_POSITION && self->focus_position >= position)
    self->focus_position = GTK_INVALID_LIST_POSITION;
  if (removed > 0)
    g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static void
grid_activate (GtkGridView *grid_view,
               guint        position,
               ScrimGrid   *self)
{
  g_signal_emit (self, signals[ACTIVATE], 0, position);
}

/* The window's focus moved: when it is on one of our cells, that is the
 * keyboard's item. */
static void
root_focus_changed (GtkRoot    *root,
                    GParamSpec *pspec,
                    ScrimGrid  *self)
{
  GtkWidget *widget = gtk_root_get_focus (root);
  ScrimGridCell *cell;
  ScrimItem *item;
  guint position;

  while (widget != NULL && gtk_widget_get_parent (widget) != self->grid_view)
    widget = gtk_widget_get_parent (widget);
  if (widget == NULL || self->model == NULL || (cell = child_cell (widget)) == NULL
      || (item = scrim_grid_cell_get_item (cell)) == NULL)
    return;
  position = scrim_item_model_find (self->model, scrim_item_get_item_id (item));
  if (position == GTK_INVALID_LIST_POSITION || position == self->focus_position)
    return;
  self->focus_position = position;
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static void
scrim_grid_root (GtkWidget *widget)
{
  ScrimGrid *self = SCRIM_GRID (widget);

  GTK_WIDGET_CLASS (scrim_grid_parent_class)->root (widget);

  self->root = gtk_widget_get_root (widget);
  self->focus_handler = g_signal_connect (self->root, "notify::focus-widget",
                                          G_CALLBACK (root_focus_changed), self);
}

static void
scrim_grid_unroot (GtkWidget *widget)
{
  ScrimGrid *self = SCRIM_GRID (widget);

  g_clear_signal_handler (&self->focus_handler, self->root);
  self->root = NULL;

  GTK_WIDGET_CLASS (scrim_grid_parent_class)->unroot (widget);
}

/* ---- layout ---- */

static void
scrim_grid_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  ScrimGrid *self = SCRIM_GRID (widget);

  gtk_widget_measure (self->scrolled, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
}

/* GtkGridView keeps max-columns × 30 cells alive whatever the width, and
 * binds them all: max-columns follows the width, just above the number of
 * columns that fit (a column is at least a thumbnail wide), so the cells
 * made are about 30 rows of what is on screen. */
static void
scrim_grid_size_allocate (GtkWidget *widget,
                          int        width,
                          int        height,
                          int        baseline)
{
  ScrimGrid *self = SCRIM_GRID (widget);
  guint columns = MAX (1, width / self->thumbnail_size + 1);

  if (gtk_grid_view_get_max_columns (GTK_GRID_VIEW (self->grid_view)) != columns)
    gtk_grid_view_set_max_columns (GTK_GRID_VIEW (self->grid_view), columns);
  gtk_widget_allocate (self->scrolled, width, height, baseline, NULL);
}

/* ---- GObject ---- */

static void
scrim_grid_constructed (GObject *object)
{
  ScrimGrid *self = SCRIM_GRID (object);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  G_OBJECT_CLASS (scrim_grid_parent_class)->constructed (object);

  g_assert (SCRIM_IS_PROTECTION (self->protection));
  g_assert (SCRIM_IS_THUMBNAIL_LOADER (self->loader));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), self);

  self->selection = gtk_multi_selection_new (NULL);
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (selection_changed), self);
  g_signal_connect (self->selection, "items-changed", G_CALLBACK (selection_items_changed), self);

  self->grid_view = gtk_grid_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection)), factory);
  gtk_grid_view_set_max_columns (GTK_GRID_VIEW (self->grid_view), 1);
  gtk_grid_view_set_enable_rubberband (GTK_GRID_VIEW (self->grid_view), TRUE);
  gtk_widget_add_css_class (self->grid_view, "scrim-grid");
  g_signal_connect (self->grid_view, "activate", G_CALLBACK (grid_activate), self);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), self->grid_view);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
}

static void
scrim_grid_dispose (GObject *object)
{
  ScrimGrid *self = SCRIM_GRID (object);

  /* The grid view's cells unbind as it goes. */
  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  self->grid_view = NULL;
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->loader);
  g_clear_object (&self->protection);

  G_OBJECT_CLASS (scrim_grid_parent_class)->dispose (object);
}

static void
scrim_grid_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  ScrimGrid *self = SCRIM_GRID (object);

  switch (prop_id)
    {
    case PROP_PROTECTION:
      g_value_set_object (value, self->protection);
      break;
    case PROP_LOADER:
      g_value_set_object (value, self->loader);
      break;
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_THUMBNAIL_SIZE:
      g_value_set_int (value, self->thumbnail_size);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scrim_grid_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  ScrimGrid *self = SCRIM_GRID (object);

  switch (prop_id)
    {
    case PROP_PROTECTION:
      self->protection = g_value_dup_object (value);
      break;
    case PROP_LOADER:
      self->loader = g_value_dup_object (value);
      break;
    case PROP_MODEL:
      scrim_grid_set_model (self, g_value_get_object (value));
      break;
    case PROP_THUMBNAIL_SIZE:
      scrim_grid_set_thumbnail_size (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scrim_grid_class_init (ScrimGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = scrim_grid_constructed;
  object_class->dispose = scrim_grid_dispose;
  object_class->get_property = scrim_grid_get_property;
  object_class->set_property = scrim_grid_set_property;
  widget_class->root = scrim_grid_root;
  widget_class->unroot = scrim_grid_unroot;
  widget_class->measure = scrim_grid_measure;
  widget_class->size_allocate = scrim_grid_size_allocate;

  properties[PROP_PROTECTION] =
    g_param_spec_object ("protection", NULL, NULL, SCRIM_TYPE_PROTECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADER] =
    g_param_spec_object ("loader", NULL, NULL, SCRIM_TYPE_THUMBNAIL_LOADER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, SCRIM_TYPE_ITEM_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_THUMBNAIL_SIZE] =
    g_param_spec_int ("thumbnail-size", NULL, NULL, MIN_SIZE, MAX_SIZE, DEFAULT_SIZE,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[ACTIVATE] =
    g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "scrim-grid");
}

static void
scrim_grid_init (ScrimGrid *self)
{
  self->thumbnail_size = DEFAULT_SIZE;
  self->focus_position = GTK_INVALID_LIST_POSITION;
}

/*
** Returns a new, empty grid painting through protection and loading
** thumbnails through loader (it keeps both).
*/
GtkWidget *
scrim_grid_new (ScrimProtection      *protection,
                ScrimThumbnailLoader *loader)
{
  g_return_val_if_fail (SCRIM_IS_PROTECTION (protection), NULL);
  g_return_val_if_fail (SCRIM_IS_THUMBNAIL_LOADER (loader), NULL);

  return g_object_new (SCRIM_TYPE_GRID, "protection", protection, "loader", loader, NULL);
}

/*
** Shows model (NULL: nothing); the selection is cleared.
*/
void
scrim_grid_set_model (ScrimGrid      *self,
                      ScrimItemModel *model)
{
  g_return_if_fail (SCRIM_IS_GRID (self));
  g_return_if_fail (model == NULL || SCRIM_IS_ITEM_MODEL (model));

  if (!g_set_object (&self->model, model))
    return;
  self->focus_position = GTK_INVALID_LIST_POSITION;
  gtk_multi_selection_set_model (self->selection, G_LIST_MODEL (model));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

ScrimItemModel *
scrim_grid_get_model (ScrimGrid *self)
{
  g_return_val_if_fail (SCRIM_IS_GRID (self), NULL);
  return self->model;
}

/*
** Sets the size of every thumbnail (clamped to 64..512 pixels); the grid
** lays its columns out again.
*/
void
scrim_grid_set_thumbnail_size (ScrimGrid *self,
                               int        size)
{
  g_return_if_fail (SCRIM_IS_GRID (self));

  size = CLAMP (size, MIN_SIZE, MAX_SIZE);
  if (self->thumbnail_size == size)
    return;
  self->thumbnail_size = size;
  /* Cells made from now on get the size in setup_cell(). */
  for (GtkWidget *child = gtk_widget_get_first_child (self->grid_view);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      ScrimGridCell *cell = child_cell (child);

      if (cell != NULL)
        scrim_grid_cell_set_size (cell, size);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THUMBNAIL_SIZE]);
}

int
scrim_grid_get_thumbnail_size (ScrimGrid *self)
{
  g_return_val_if_fail (SCRIM_IS_GRID (self), DEFAULT_SIZE);
  return self->thumbnail_size;
}

/*
** Returns the ids of the selected items in model order (a new GArray of
** gint64, empty when nothing is selected).
*/
GArray *
scrim_grid_get_selected_ids (ScrimGrid *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  guint position;
  GArray *ids;

  g_return_val_if_fail (SCRIM_IS_GRID (self), NULL);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (self->model == NULL)
    return ids;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean valid = gtk_bitset_iter_init_first (&iter, selected, &position);
       valid;
       valid = gtk_bitset_iter_next (&iter, &position))
    {
      gint64 id = scrim_item_model_get_item_id (self->model, position);

      g_array_append_val (ids, id);
    }
  return ids;
}

/*
** Returns the item the keyboard is on (full reference): the focused cell's,
** else the last selected one; NULL when there is neither.
*/
ScrimItem *
scrim_grid_dup_focus_item (ScrimGrid *self)
{
  GListModel *model;
  g_autoptr(GtkBitset) selected = NULL;

  g_return_val_if_fail (SCRIM_IS_GRID (self), NULL);

  if (self->model == NULL)
    return NULL;
  model = G_LIST_MODEL (self->model);
  if (self->focus_position < g_list_model_get_n_items (model))
    return g_list_model_get_item (model, self->focus_position);
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_is_empty (selected))
    return NULL;
  return g_list_model_get_item (model, gtk_bitset_get_maximum (selected));
}

/*
** Selects the item at position alone, scrolls it into view and, when the
** grid is in a window, gives it the keyboard focus. Out of range: nothing.
*/
void
scrim_grid_select_position (ScrimGrid *self,
                            guint      position)
{
  GtkWidget *cell;

  g_return_if_fail (SCRIM_IS_GRID (self));

  if (self->model == NULL || position >= g_list_model_get_n_items (G_LIST_MODEL (self->model)))
    return;
  self->focus_position = position;
  /* Through GtkListBase, not the selection model alone: it also moves the
   * tracker of the selected item, which keeps that item's widget alive
   * (and the extend-selection start for Shift). */
  gtk_widget_activate_action (self->grid_view, "list.select-item", "(ubb)", position, FALSE, FALSE);
  /* Moves the grid's anchor, so the item's widget exists from now on. */
  gtk_widget_activate_action (self->grid_view, "list.scroll-to-item", "u", position);
  if (self->root == NULL)
    return;
  cell = scrim_grid_get_cell_for_position (self, position);
  /* The list item widget around the cell is what takes the focus. The
   * action again: it is where GTK 4.8 moves its focus tracker to the
   * focused child, which keeps that child's widget alive. */
  if (cell != NULL && gtk_widget_grab_focus (gtk_widget_get_parent (cell)))
    gtk_widget_activate_action (self->grid_view, "list.scroll-to-item", "u", position);
  else
    gtk_widget_grab_focus (self->grid_view);
}

/*
** Returns the cell bound to the item at position (borrowed), or NULL when
** the grid has no widget for it (not on screen or near it).
*/
GtkWidget *
scrim_grid_get_cell_for_position (ScrimGrid *self,
                                  guint      position)
{
  gint64 item_id;

  g_return_val_if_fail (SCRIM_IS_GRID (self), NULL);

  if (self->model == NULL || (item_id = scrim_item_model_get_item_id (self->model, position)) == 0)
    return NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (self->grid_view);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      ScrimGridCell *cell = child_cell (child);
      ScrimItem *item = cell ? scrim_grid_cell_get_item (cell) : NULL;

      if (item != NULL && scrim_item_get_item_id (item) == item_id)
        return GTK_WIDGET (cell);
    }
  return NULL;
}
