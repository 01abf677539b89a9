/* scrim-pdq.h: the PDQ perceptual hash, and an index that searches millions of them
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "scrim-image.h"

G_BEGIN_DECLS

#define SCRIM_PDQ_BITS      256
#define SCRIM_PDQ_BYTES     32
#define SCRIM_PDQ_HEX_LEN   64
/* Matching thresholds of the PDQ authors and HMA (shared/specs/pdq.md §1.10). */
#define SCRIM_PDQ_MATCH_DISTANCE 31
#define SCRIM_PDQ_MIN_QUALITY    50

/**
 * ScrimPdqHash:
 * @w: 256 bits as 16 words of 16 bits: word u holds DCT row u, bit v of it
 *   column v (bit 0 least significant)
 */
typedef struct
{
  guint16 w[16];
} ScrimPdqHash;

/**
 * ScrimPdqDihedral:
 *
 * The 8 variants, in the order of shared/pdq-vectors/dihedral.tsv.
 */
typedef enum
{
  SCRIM_PDQ_ORIGINAL,
  SCRIM_PDQ_ROTATE90,      /* counter-clockwise */
  SCRIM_PDQ_ROTATE180,
  SCRIM_PDQ_ROTATE270,     /* counter-clockwise 270 = clockwise 90 */
  SCRIM_PDQ_FLIPX,         /* top and bottom swapped */
  SCRIM_PDQ_FLIPY,         /* mirrored left-right */
  SCRIM_PDQ_FLIP_PLUS1,    /* transposed */
  SCRIM_PDQ_FLIP_MINUS1,   /* anti-transposed */
} ScrimPdqDihedral;

#define SCRIM_PDQ_N_DIHEDRAL 8

/**
 * ScrimPdqResult:
 * @hash: the hash
 * @quality: PDQ's quality, 0..100
 * @unreliable: the hash is float noise whatever @quality says: the largest
 *   |coefficient| is below 1.0 (flat, pure gradients, halves, stripes), or
 *   float rounding alone could flip more than 10 bits (the coefficients
 *   within 1e-5 × the largest |coefficient| of the median count as tied,
 *   and reordering them could change that many bits: symmetric patterns).
 *   One coefficient near the median (2 bits) never sets it. Also set by
 *   the size guard. See scrim-pdq.c.
 * @max_abs_coeff: the largest |DCT coefficient| kept (0 under the size guard)
 */
typedef struct
{
  ScrimPdqHash hash;
  int          quality;
  gboolean     unreliable;
  float        max_abs_coeff;
} ScrimPdqResult;

/* Hashing (core/scrim-pdq.c). */
void      scrim_pdq_compute           (const ScrimPixels  *pixels,
                                       ScrimPdqResult     *result);
void      scrim_pdq_compute_dihedral  (const ScrimPixels  *pixels,
                                       ScrimPdqResult      results[SCRIM_PDQ_N_DIHEDRAL]);
void      scrim_pdq_compute_dihedral_reference (const ScrimPixels *pixels,
                                                ScrimPdqResult     results[SCRIM_PDQ_N_DIHEDRAL]);
void      scrim_pdq_compute_luma      (const float        *luma,
                                       guint               width,
                                       guint               height,
                                       ScrimPdqResult     *result);

/* Meta's C++ tool resizes anything larger than this to exactly this square
 * before hashing (shared/specs/pdq.md §1.3); NULL when it would not. */
#define SCRIM_PDQ_REFERENCE_SIDE 512
ScrimPixels *scrim_pdq_reference_resize (const ScrimPixels *pixels);

int       scrim_pdq_distance          (const ScrimPdqHash *a,
                                       const ScrimPdqHash *b);
void      scrim_pdq_to_hex            (const ScrimPdqHash *hash,
                                       char                hex[SCRIM_PDQ_HEX_LEN + 1]);
gboolean  scrim_pdq_from_hex          (const char         *hex,
                                       ScrimPdqHash       *hash);
/* The 32 bytes of the hex form, in the same order (for storage). */
void      scrim_pdq_to_bytes          (const ScrimPdqHash *hash,
                                       guint8              bytes[SCRIM_PDQ_BYTES]);
void      scrim_pdq_from_bytes        (const guint8       *bytes,
                                       ScrimPdqHash       *hash);
const char *scrim_pdq_dihedral_name   (ScrimPdqDihedral    variant);

/* The index (core/scrim-pdq-index.c): exact radius search, built once. */
typedef struct _ScrimPdqIndex ScrimPdqIndex;

/**
 * ScrimPdqMatch:
 * @id: the id given to scrim_pdq_index_add()
 * @distance: Hamming distance to the query
 */
typedef struct
{
  guint32 id;
  guint32 distance;
} ScrimPdqMatch;

ScrimPdqIndex *scrim_pdq_index_new        (void);
void           scrim_pdq_index_free       (ScrimPdqIndex      *index);
void           scrim_pdq_index_add        (ScrimPdqIndex      *index,
                                           const ScrimPdqHash *hash,
                                           guint32             id);
void           scrim_pdq_index_build      (ScrimPdqIndex      *index);
gsize          scrim_pdq_index_size       (const ScrimPdqIndex *index);
gsize          scrim_pdq_index_memory     (const ScrimPdqIndex *index);
void           scrim_pdq_index_search     (const ScrimPdqIndex *index,
                                           const ScrimPdqHash *query,
                                           guint               radius,
                                           GArray             *matches);
void           scrim_pdq_linear_search    (const ScrimPdqHash *hashes,
                                           const guint32      *ids,
                                           gsize               n,
                                           const ScrimPdqHash *query,
                                           guint               radius,
                                           GArray             *matches);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScrimPdqIndex, scrim_pdq_index_free)

G_END_DECLS
