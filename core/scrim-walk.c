/* scrim-walk.c
 *
 * The walk is depth first, children in byte order, one open folder per
 * level. Every folder is opened relative to its parent's descriptor with
 * O_NOFOLLOW, so no link is followed, not even one swapped in during the
 * walk; and with O_NOATIME, so listing a folder does not change its access
 * time. Entries are lstat'ed (fstatat with AT_SYMLINK_NOFOLLOW), which
 * touches nothing. Link targets are not read: readlink() updates the
 * link's own access time.
 *
 * O_NOATIME needs the caller to own the file (or CAP_FOWNER). Where it is
 * refused, the open is retried without it and *noatime_denied is set, so
 * the ingest can say so in the audit log.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "scrim-error.h"
#include "scrim-walk.h"

/* Each level holds one descriptor; past this depth the folder is recorded
 * as not walked rather than risk running out of descriptors. */
#define MAX_DEPTH 512

typedef struct
{
  ScrimWalkFunc  func;
  gpointer       user_data;
  GCancellable  *cancellable;
  gboolean      *noatime_denied;
  GString       *path;
  GArray        *stack;       /* dev/ino of the folders being walked */
  gboolean       stopped;
} Walk;

typedef struct
{
  dev_t dev;
  ino_t ino;
} DirId;

/*
** Opens path (relative to dir_fd, or absolute / relative to the working
** folder when dir_fd is AT_FDCWD) read-only, never following a link in the
** last component and without updating the access time where the system
** allows it. extra_flags is or'ed in (O_DIRECTORY, say). Returns the
** descriptor, or -1 with errno set. Sets *noatime_denied when O_NOATIME had
** to be dropped.
*/
int
scrim_open_evidence (const char *path,
                     int         dir_fd,
                     int         extra_flags,
                     gboolean   *noatime_denied)
{
  int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | extra_flags;
  int fd = openat (dir_fd, path, flags | O_NOATIME);

  if (fd < 0 && errno == EPERM)
    {
      fd = openat (dir_fd, path, flags);
      if (fd >= 0 && noatime_denied != NULL)
        *noatime_denied = TRUE;
    }
  return fd;
}

static gboolean
emit (Walk          *walk,
      ScrimWalkKind  kind,
      const struct stat *st,
      int            errnum,
      const char    *what)
{
  ScrimWalkEntry entry = { 0 };

  entry.path = walk->path->str;
  entry.path_len = walk->path->len;
  entry.kind = kind;
  if (st != NULL)
    entry.st = *st;
  entry.errnum = errnum;
  entry.what = what;

  if (!walk->func (&entry, walk->user_data))
    walk->stopped = TRUE;
  return !walk->stopped;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Lists a folder's names, sorted, without "." and "..". Takes ownership of
 * fd only for listing: returns a duplicate the caller keeps for openat(). */
static GPtrArray *
list_names (int  fd,
            int *errnum)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  int list_fd = dup (fd);
  DIR *dir;
  struct dirent *de;

  if (list_fd < 0 || (dir = fdopendir (list_fd)) == NULL)
    {
      *errnum = errno;
      if (list_fd >= 0)
        close (list_fd);
      g_ptr_array_unref (names);
      return NULL;
    }

  errno = 0;
  while ((de = readdir (dir)) != NULL)
    {
      if (strcmp (de->d_name, ".") != 0 && strcmp (de->d_name, "..") != 0)
        g_ptr_array_add (names, g_strdup (de->d_name));
      errno = 0;
    }
  *errnum = errno;
  closedir (dir);
  g_ptr_array_sort (names, compare_names);
  return names;
}

static gboolean
on_stack (Walk              *walk,
          const struct stat *st)
{
  for (guint i = 0; i < walk->stack->len; i++)
    {
      const DirId *id = &g_array_index (walk->stack, DirId, i);

      if (id->dev == st->st_dev && id->ino == st->st_ino)
        return TRUE;
    }
  return FALSE;
}

static void walk_dir (Walk              *walk,
                      int                fd,
                      const struct stat *st);

/* Handles one child of the folder open on dir_fd; walk->path ends with
 * the child's name. */
static void
walk_child (Walk       *walk,
            int         dir_fd,
            const char *name)
{
  struct stat st;
  int fd;

  if (fstatat (dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
    {
      /* Vanished between the listing and now, or unreadable metadata. */
      emit (walk, SCRIM_WALK_ERROR, NULL, errno, "cannot stat");
      return;
    }

  if (S_ISREG (st.st_mode))
    emit (walk, SCRIM_WALK_FILE, &st, 0, NULL);
  else if (S_ISLNK (st.st_mode))
    emit (walk, SCRIM_WALK_SYMLINK, &st, 0, NULL);
  else if (!S_ISDIR (st.st_mode))
    emit (walk, SCRIM_WALK_SPECIAL, &st, 0, NULL);
  else if (on_stack (walk, &st))
    emit (walk, SCRIM_WALK_ERROR, &st, 0, "folder loop (the folder contains itself, through a mount)");
  else if (walk->stack->len >= MAX_DEPTH)
    emit (walk, SCRIM_WALK_ERROR, &st, 0, "folders nested too deep; not walked");
  else if ((fd = scrim_open_evidence (name, dir_fd, O_DIRECTORY, walk->noatime_denied)) < 0)
    emit (walk, SCRIM_WALK_ERROR, &st, errno, "cannot open folder");
  else
    {
      walk_dir (walk, fd, &st);
      close (fd);
    }
}

static void
walk_dir (Walk              *walk,
          int                fd,
          const struct stat *st)
{
  g_autoptr(GPtrArray) names = NULL;
  DirId id = { st->st_dev, st->st_ino };
  gsize base_len = walk->path->len;
  int errnum = 0;

  names = list_names (fd, &errnum);
  if (names == NULL || errnum != 0)
    {
      if (!emit (walk, SCRIM_WALK_ERROR, st, errnum, "cannot list folder") || names == NULL)
        return;
    }

  g_array_append_val (walk->stack, id);
  for (guint i = 0; i < names->len && !walk->stopped; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      if (g_cancellable_is_cancelled (walk->cancellable))
        {
          walk->stopped = TRUE;
          break;
        }
      if (base_len > 0)
        g_string_append_c (walk->path, '/');
      g_string_append (walk->path, name);
      walk_child (walk, fd, name);
      g_string_truncate (walk->path, base_len);
    }
  g_array_set_size (walk->stack, walk->stack->len - 1);
}

/* The root as given may be a link to a folder (the investigator named it);
 * only links inside the evidence are never followed. */
static int
open_root_dir (const char *root,
               gboolean   *noatime_denied)
{
  g_autofree char *real = NULL;
  int fd = scrim_open_evidence (root, AT_FDCWD, O_DIRECTORY, noatime_denied);

  if (fd >= 0 || errno != ELOOP)
    return fd;
  real = realpath (root, NULL);
  if (real == NULL)
    return -1;
  return scrim_open_evidence (real, AT_FDCWD, O_DIRECTORY, noatime_denied);
}

/*
** Walks root, calling func for every file, link, special file and folder
** that cannot be walked, with paths relative to root. When root is itself a
** file, func is called once with its base name as the path. root (as
** given) may be a link to a folder: the investigator named it.
**
** Returns TRUE when the walk ran to the end or func stopped it; FALSE with
** error set when root cannot be opened, or with SCRIM_ERROR_CANCELLED when
** cancellable was cancelled. *noatime_denied (if given) is set when some
** open had to update access times.
*/
gboolean
scrim_walk (const char     *root,
            ScrimWalkFunc   func,
            gpointer        user_data,
            gboolean       *noatime_denied,
            GCancellable   *cancellable,
            GError        **error)
{
  Walk walk = { func, user_data, cancellable, noatime_denied, NULL, NULL, FALSE };
  struct stat st;
  int fd;

  g_return_val_if_fail (root != NULL && func != NULL, FALSE);

  if (stat (root, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_IO, _("cannot read evidence source %s: %s"),
                   root, g_strerror (saved));
      return FALSE;
    }

  walk.path = g_string_new (NULL);
  walk.stack = g_array_new (FALSE, FALSE, sizeof (DirId));

  if (!S_ISDIR (st.st_mode))
    {
      g_autofree char *base = g_path_get_basename (root);

      g_string_assign (walk.path, base);
      if (lstat (root, &st) != 0)
        memset (&st, 0, sizeof st);
      emit (&walk, S_ISREG (st.st_mode) ? SCRIM_WALK_FILE : SCRIM_WALK_SPECIAL, &st, 0, NULL);
    }
  else if ((fd = open_root_dir (root, noatime_denied)) < 0)
    {
      int saved = errno;

      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_IO, _("cannot open evidence folder %s: %s"),
                   root, g_strerror (saved));
      g_string_free (walk.path, TRUE);
      g_array_unref (walk.stack);
      return FALSE;
    }
  else
    {
      walk_dir (&walk, fd, &st);
      close (fd);
    }

  g_string_free (walk.path, TRUE);
  g_array_unref (walk.stack);

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_CANCELLED, _("the walk was cancelled"));
      return FALSE;
    }
  return TRUE;
}

/*
** TRUE when path (which need not exist yet, but whose folder does) lies
** inside the evidence source root, or is root itself, links resolved. Scrim
** uses it to refuse a case file inside the evidence: writing it would change
** the evidence. FALSE when either cannot be resolved.
*/
gboolean
scrim_evidence_contains (const char *root,
                         const char *path)
{
  g_autofree char *real_root = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *real_dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *real_path = NULL;
  gsize len;

  g_return_val_if_fail (root != NULL && path != NULL, FALSE);

  real_root = realpath (root, NULL);
  dir = g_path_get_dirname (path);
  real_dir = realpath (dir, NULL);
  if (real_root == NULL || real_dir == NULL)
    return FALSE;
  base = g_path_get_basename (path);
  real_path = g_build_filename (real_dir, base, NULL);

  len = strlen (real_root);
  if (strcmp (real_path, real_root) == 0 || strcmp (real_root, "/") == 0)
    return TRUE;
  return strncmp (real_dir, real_root, len) == 0 && (real_dir[len] == '\0' || real_dir[len] == '/');
}
