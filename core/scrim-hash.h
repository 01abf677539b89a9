/* scrim-hash.h: MD5, SHA-1 and SHA-256 of one byte stream, in one pass
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SCRIM_MD5_LEN    16
#define SCRIM_SHA1_LEN   20
#define SCRIM_SHA256_LEN 32

typedef struct
{
  guint8 md5[SCRIM_MD5_LEN];
  guint8 sha1[SCRIM_SHA1_LEN];
  guint8 sha256[SCRIM_SHA256_LEN];
} ScrimDigests;

typedef struct _ScrimHasher ScrimHasher;

ScrimHasher *scrim_hasher_new        (void);
void         scrim_hasher_reset      (ScrimHasher       *hasher);
void         scrim_hasher_update     (ScrimHasher       *hasher,
                                      const guint8      *data,
                                      gsize              len);
void         scrim_hasher_finish     (ScrimHasher       *hasher,
                                      ScrimDigests      *digests);
void         scrim_hasher_free       (ScrimHasher       *hasher);

void         scrim_digests_compute   (const guint8      *data,
                                      gsize              len,
                                      ScrimDigests      *digests);

char        *scrim_hex_encode        (const guint8      *bytes,
                                      gsize              len);
gboolean     scrim_hex_decode        (const char        *hex,
                                      guint8            *out,
                                      gsize              out_len);
void         scrim_sha256_hex        (const guint8      *data,
                                      gsize              len,
                                      char               out[65]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScrimHasher, scrim_hasher_free)

G_END_DECLS
