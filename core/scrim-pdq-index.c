/* scrim-pdq-index.c: exact radius search over millions of PDQ hashes
 *
 * The index answers "every entry within Hamming distance r of this hash",
 * exactly as a linear scan would, by multi-index hashing (MIH).
 *
 * The pigeonhole. The 256 bits are cut into m contiguous chunks. Give
 * chunk i a radius r_i >= -1 (-1: the chunk is not looked at) with
 * sum (r_i + 1) >= r + 1. An entry within r of the query lies within r_i of
 * it in at least one chunk i (otherwise its distance would be at least
 * sum (r_i + 1) > r). So it suffices to visit, in each chunk i, every chunk
 * key within r_i of the query's, and to verify each entry found there with
 * the full 256-bit distance.
 *
 * Why chunks near log2 N bits. A chunk of b bits holds N / 2^b entries per
 * key; visiting the ball of radius r_i costs sum_{k<=r_i} C(b, k) keys. With
 * sixteen 16-bit chunks and N = 10 M, r = 31 means r_i = 1 everywhere:
 * 16 * 17 keys of 153 entries, 41,600 random hash fetches, and the gain
 * over a sequential scan stays near 10x at any N. With b near log2 N a key
 * holds about one entry and the ball is what costs. N = 10 M: m = 11
 * chunks (3 of 24 bits, 8 of 23); at r = 31 ten get r_i = 2 and one r_i = 1
 * (10 * 3 + 2 = 32), ~2,900 candidates (C(23,<=2) = 277 keys of 1.2
 * entries, C(24,<=2) = 301 of 0.6).
 *
 * Tables. Chunk i's entries are counting-sorted by the top t bits of their
 * chunk key, t = round (log2 N - 3), so that a bucket holds 6 to 11 entries
 * (9.5 at 10 M, t = 20): a table of 2^t + 1 uint32 offsets, and an array of
 * N uint32 slots, each an entry number with the chunk key's remaining
 * s = b - t bits above it (10 M needs 24 bits of entry number; s is 3 or
 * 4). A probe visits a t-bit bucket within r_i of the query's and filters
 * its slots on their s low key bits, so only entries whose chunk key is
 * truly within r_i cost a hash fetch. Buckets of ~1 entry (t = log2 N - 1)
 * would cost 4 * m * 2^t / N = 11-22 B of offsets per entry (m = 11);
 * buckets of ~8 cost 3.9-7.8 B and little more time, since a bucket's
 * slots share one or two cache lines and the ball has fewer buckets than
 * keys (C(20,<=2) = 211): measured at 10 M, t = 22 searches ~10 % faster
 * than t = 20 for 14 B more per entry, t = 19 ~25 % slower.
 *
 * Memory per entry (scrim_pdq_index_memory() states it exactly):
 *   hash 32 + id 4 + m * 4 (slots) + m * 4 * (2^t + 1) / N (offsets)
 *   N = 10 M: m = 11, t = 20:  32 + 4 + 44 + 4.6 = 84.6 B
 *   N =  1 M: m = 13, t = 17:  32 + 4 + 52 + 6.8 = 94.8 B
 * m starts at round (256 / log2 N) and drops until the total is <= 96 B.
 * Hashes, slots and offsets ask for transparent huge pages: at 10 M nearly
 * every random access would otherwise miss the TLB as well.
 *
 * A query at 10 M, r = 31: 2,131 bucket probes (10 * C(20,<=2) +
 * C(20,<=1)), ~20,000 slots read (~3,100 cache lines) and ~2,900 hash
 * fetches: ~7,500 random cache lines, against 320 MB for a scan. At 1 M
 * (r_i = 2 in 6 chunks, 1 in 7): 1,050 probes, ~8,000 slots, ~1,400
 * fetches. The misses are issued in stages so that they overlap
 * (memory-level parallelism): all probe keys are generated first and their
 * offsets prefetched; then the offsets are read and the bucket slots
 * prefetched; then the slots are filtered and the candidate hashes
 * prefetched; then the candidates are verified.
 *
 * The radii r_i come from a greedy walk on a cost model (probes, slots and
 * candidates, each weighted by what it costs): the cost of a chunk is
 * convex in r_i where it matters (r_i < b / 2), so raising the cheapest
 * chunk by one, r + 1 times, gives the cheapest plan. The walk is done once
 * at build time for every radius until a scan is cheaper; larger radii (and
 * every radius below SMALL_INDEX entries, where no tables are built) scan
 * the packed hashes.
 *
 * No duplicates, no seen-set: an entry found through chunk i is reported
 * only if no earlier probed chunk j < i has it within r_j (that chunk finds
 * it too), which the verified hash tells at no extra cache miss.
 *
 * Popcount: Debian's x86-64 baseline has no POPCNT instruction, so the hot
 * loops (the index's and scrim_pdq_linear_search()'s) are compiled twice,
 * once for POPCNT, chosen at run time, and once with a portable bit count.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "scrim-pdq.h"

#if defined(__x86_64__) || defined(__i386__)
#define HAVE_POPCNT_TARGET 1
#define TARGET_POPCNT      __attribute__ ((target ("popcnt")))
#else
#define HAVE_POPCNT_TARGET 0
#define TARGET_POPCNT
#endif

#define MIN_CHUNKS    8   /* chunk keys fit in 32 bits */
#define MAX_CHUNKS    16
#define SMALL_INDEX   2048
#define MEMORY_BUDGET 96.0 /* bytes per entry the layout may reach */
#define HUGE_PAGE     ((gsize) 2 << 20)

/* The cost model, in nanoseconds, fitted to searches at 1 M and 10 M
 * entries on a 2-core Xeon VM (DRAM latency ~200 ns, ~12 misses in
 * flight): a hash fetched costs about one overlapped miss, a probe its
 * offsets and ~1.4 lines of slots; a scan streams ~13 GB/s. The ratios
 * matter more than the values: they choose the chunk radii, and the
 * radius (about 60 at 1 M, 67 at 10 M) above which a scan is cheaper. */
#define COST_PROBE     38.0
#define COST_SLOT      1.0
#define COST_CANDIDATE 16.0
#define COST_SCAN      2.4
#define COST_QUERY     2000.0

typedef struct
{
  guint64 q[4];
} Packed;

typedef struct
{
  guint    first_bit;
  guint    width;       /* b: bits of the chunk key */
  guint    table_bits;  /* t: buckets are the top t bits of the key */
  guint    low_bits;    /* s = b - t, kept above each slot's entry number */
  guint32 *starts;      /* 2^t + 1 offsets into slots */
  guint32 *slots;       /* n: low key bits << entry_bits | entry number */
} Chunk;

/* The chunk radii of a search, and what they cost. */
typedef struct
{
  int    radius[MAX_CHUNKS];  /* -1: not probed */
  gsize  n_probes;
  double candidates;
} Plan;

struct _ScrimPdqIndex
{
  Packed  *hashes;      /* 64-byte aligned: a hash is one cache line access */
  guint32 *ids;
  gsize    n;
  gsize    capacity;
  gboolean built;
  guint    entry_bits;
  guint    n_chunks;
  Chunk    chunks[MAX_CHUNKS];
  Plan    *plans;       /* plans[r]: searches of radius r < n_plans */
  guint    n_plans;
};

typedef struct
{
  guint32 bucket;
  guint8  chunk;
  guint8  budget;  /* radius left for the s low key bits */
} Probe;

typedef struct
{
  guint32 start;
  guint32 end;
  guint8  chunk;
  guint8  budget;
} Range;

typedef struct
{
  guint32 entry;
  guint32 chunk;
} Candidate;

typedef struct
{
  const Packed *query;
  guint32       low[MAX_CHUNKS];
  Plan          plan;
  Probe        *probes;
  Range        *ranges;
  gsize         n_ranges;
  Candidate    *candidates;
  gsize         n_candidates;
  gsize         candidates_size;
} Search;

/* Bit counting ------------------------------------------------------------ */

static inline G_ALWAYS_INLINE guint
count_bits (guint64  x,
            gboolean hardware)
{
  /* Elsewhere than x86, the compiler's own bit count is the fast one. */
  if (hardware || !HAVE_POPCNT_TARGET)
    return __builtin_popcountll (x);
  x = x - ((x >> 1) & G_GUINT64_CONSTANT (0x5555555555555555));
  x = (x & G_GUINT64_CONSTANT (0x3333333333333333))
      + ((x >> 2) & G_GUINT64_CONSTANT (0x3333333333333333));
  x = (x + (x >> 4)) & G_GUINT64_CONSTANT (0x0f0f0f0f0f0f0f0f);
  return (x * G_GUINT64_CONSTANT (0x0101010101010101)) >> 56;
}

static inline G_ALWAYS_INLINE guint
packed_distance (const Packed *a,
                 const Packed *b,
                 gboolean      hardware)
{
  return count_bits (a->q[0] ^ b->q[0], hardware) + count_bits (a->q[1] ^ b->q[1], hardware)
         + count_bits (a->q[2] ^ b->q[2], hardware) + count_bits (a->q[3] ^ b->q[3], hardware);
}

static gboolean
have_popcnt (void)
{
#if HAVE_POPCNT_TARGET
  return __builtin_cpu_supports ("popcnt");
#else
  return FALSE;
#endif
}

/* Any fixed bijection of the 256 bits serves the index, since Hamming
 * distance does not depend on bit order: the 32 bytes are read as four
 * native 64-bit words. */
static inline void
pack (const ScrimPdqHash *hash,
      Packed             *packed)
{
  G_STATIC_ASSERT (sizeof (ScrimPdqHash) == sizeof (Packed));
  memcpy (packed->q, hash->w, sizeof (Packed));
}

static inline guint32
chunk_key (const Packed *hash,
           const Chunk  *chunk)
{
  guint limb = chunk->first_bit / 64;
  guint shift = chunk->first_bit % 64;
  guint64 v = hash->q[limb] >> shift;

  if (shift + chunk->width > 64)
    v |= hash->q[limb + 1] << (64 - shift);
  return (guint32) (v & ((G_GUINT64_CONSTANT (1) << chunk->width) - 1));
}

/* The linear scan ---------------------------------------------------------- */

static int
compare_matches (gconstpointer a,
                 gconstpointer b)
{
  const ScrimPdqMatch *x = a;
  const ScrimPdqMatch *y = b;

  if (x->distance != y->distance)
    return x->distance < y->distance ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* Sorts what was appended to matches since it held old_len elements. */
static void
sort_tail (GArray *matches,
           guint   old_len)
{
  if (matches->len - old_len > 1)
    qsort (&g_array_index (matches, ScrimPdqMatch, old_len), matches->len - old_len,
           sizeof (ScrimPdqMatch), compare_matches);
}

static inline guint64
load64 (const guint8 *p)
{
  guint64 v;

  memcpy (&v, p, sizeof v);
  return v;
}

/* hashes: n packed hashes of 32 bytes each, any alignment. The query lives
 * in registers and the loop body is four loads, xors and bit counts. */
static inline G_ALWAYS_INLINE void
scan_body (const guint8  *hashes,
           const guint32 *ids,
           gsize          n,
           const Packed  *query,
           guint          radius,
           GArray        *matches,
           gboolean       hardware)
{
  guint64 q0 = query->q[0], q1 = query->q[1], q2 = query->q[2], q3 = query->q[3];

  for (gsize i = 0; i < n; i++)
    {
      const guint8 *p = hashes + i * sizeof (Packed);
      guint d = count_bits (load64 (p) ^ q0, hardware) + count_bits (load64 (p + 8) ^ q1, hardware)
                + count_bits (load64 (p + 16) ^ q2, hardware)
                + count_bits (load64 (p + 24) ^ q3, hardware);

      if (G_UNLIKELY (d <= radius))
        {
          ScrimPdqMatch m = { ids[i], d };

          g_array_append_val (matches, m);
        }
    }
}

TARGET_POPCNT static void
scan_popcnt (const guint8  *hashes,
             const guint32 *ids,
             gsize          n,
             const Packed  *query,
             guint          radius,
             GArray        *matches)
{
  scan_body (hashes, ids, n, query, radius, matches, TRUE);
}

static void
scan_portable (const guint8  *hashes,
               const guint32 *ids,
               gsize          n,
               const Packed  *query,
               guint          radius,
               GArray        *matches)
{
  scan_body (hashes, ids, n, query, radius, matches, FALSE);
}

static void
scan (const guint8  *hashes,
      const guint32 *ids,
      gsize          n,
      const Packed  *query,
      guint          radius,
      GArray        *matches)
{
  guint old_len = matches->len;

  if (have_popcnt ())
    scan_popcnt (hashes, ids, n, query, radius, matches);
  else
    scan_portable (hashes, ids, n, query, radius, matches);
  sort_tail (matches, old_len);
}

/*
** Appends to matches (a GArray of ScrimPdqMatch) every i < n with
** hashes[i] within radius of query, as { ids[i], distance }, the appended
** part sorted by distance, then id. What matches held before is left as it
** was. This is the reference the index must equal, and its baseline: one
** tight pass over the packed array.
*/
void
scrim_pdq_linear_search (const ScrimPdqHash *hashes,
                         const guint32      *ids,
                         gsize               n,
                         const ScrimPdqHash *query,
                         guint               radius,
                         GArray             *matches)
{
  Packed q;

  g_return_if_fail (hashes != NULL || n == 0);
  g_return_if_fail (ids != NULL || n == 0);
  g_return_if_fail (query != NULL);
  g_return_if_fail (matches != NULL);
  g_return_if_fail (g_array_get_element_size (matches) == sizeof (ScrimPdqMatch));

  pack (query, &q);
  scan ((const guint8 *) hashes, ids, n, &q, radius, matches);
}

/* Building ----------------------------------------------------------------- */

/* An array for random access: cache-line aligned and, from a few huge pages
 * on, backed by huge pages where the kernel has them on request (THP
 * "madvise"), since at 10 M nearly every probe would otherwise also miss
 * the TLB. Free with g_aligned_free(). */
static gpointer
big_alloc (gsize n_blocks,
           gsize block_size)
{
  gsize bytes = n_blocks * block_size;
  gpointer mem;

  if (bytes < 4 * HUGE_PAGE)
    return g_aligned_alloc (n_blocks, block_size, 64);
  mem = g_aligned_alloc (n_blocks, block_size, HUGE_PAGE);
#ifdef MADV_HUGEPAGE
  madvise (mem, (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1), MADV_HUGEPAGE);
#endif
  return mem;
}

/*
** Returns a new, empty index. Add hashes with scrim_pdq_index_add(), then
** call scrim_pdq_index_build() once before searching.
*/
ScrimPdqIndex *
scrim_pdq_index_new (void)
{
  return g_new0 (ScrimPdqIndex, 1);
}

static void
free_tables (ScrimPdqIndex *index)
{
  for (guint i = 0; i < index->n_chunks; i++)
    {
      g_clear_pointer (&index->chunks[i].starts, g_aligned_free);
      g_clear_pointer (&index->chunks[i].slots, g_aligned_free);
    }
  index->n_chunks = 0;
  g_clear_pointer (&index->plans, g_free);
  index->n_plans = 0;
}

/*
** Frees the index and everything it holds. NULL is allowed.
*/
void
scrim_pdq_index_free (ScrimPdqIndex *index)
{
  if (index == NULL)
    return;
  free_tables (index);
  g_aligned_free (index->hashes);
  g_free (index->ids);
  g_free (index);
}

/* Moves the hashes to an aligned array of new_capacity (>= n) slots:
 * growing as they are added, or, final, to their place for searching. */
static void
resize (ScrimPdqIndex *index,
        gsize          new_capacity,
        gboolean       final)
{
  Packed *hashes = NULL;

  if (new_capacity > 0)
    {
      if (final)
        hashes = big_alloc (new_capacity, sizeof (Packed));
      else
        hashes = g_aligned_alloc (new_capacity, sizeof (Packed), 64);
      if (index->n > 0)
        memcpy (hashes, index->hashes, index->n * sizeof (Packed));
    }
  g_aligned_free (index->hashes);
  index->hashes = hashes;
  index->ids = g_renew (guint32, index->ids, new_capacity);
  index->capacity = new_capacity;
}

/*
** Adds one hash with a caller-chosen id. Ids need not be unique: every
** entry is a separate answer. Adding after scrim_pdq_index_build() is a
** programming error. At most G_MAXUINT32 entries.
*/
void
scrim_pdq_index_add (ScrimPdqIndex      *index,
                     const ScrimPdqHash *hash,
                     guint32             id)
{
  g_return_if_fail (index != NULL);
  g_return_if_fail (hash != NULL);
  g_return_if_fail (!index->built);
  g_return_if_fail (index->n < G_MAXUINT32);

  if (index->n == index->capacity)
    resize (index, MAX (1024, index->capacity * 2), FALSE);
  pack (hash, &index->hashes[index->n]);
  index->ids[index->n] = id;
  index->n++;
}

static guint
bits_for (gsize n)
{
  guint bits = 1;

  while (bits < 64 && (G_GUINT64_CONSTANT (1) << bits) < n)
    bits++;
  return bits;
}

/* Cuts 256 bits into m chunks (the first 256 % m one bit wider) and sizes
 * their tables for n entries. */
static void
lay_out (ScrimPdqIndex *index,
         guint          m,
         int            table_bits)
{
  guint first = 0;

  index->n_chunks = m;
  for (guint i = 0; i < m; i++)
    {
      Chunk *chunk = &index->chunks[i];
      guint spare = 32 - index->entry_bits;

      chunk->first_bit = first;
      chunk->width = 256 / m + (i < 256 % m ? 1 : 0);
      chunk->table_bits = CLAMP (table_bits, 1, (int) chunk->width);
      if (chunk->width - chunk->table_bits > spare)
        chunk->table_bits = chunk->width - spare;
      chunk->low_bits = chunk->width - chunk->table_bits;
      first += chunk->width;
    }
}

static double
layout_bytes_per_entry (const ScrimPdqIndex *index)
{
  double bytes = sizeof (Packed) + sizeof (guint32);

  for (guint i = 0; i < index->n_chunks; i++)
    bytes += 4.0 + 4.0 * (ldexp (1.0, index->chunks[i].table_bits) + 1) / index->n;
  return bytes;
}

/* m near 256 / log2 n, buckets of about 8 entries, within the budget. */
static void
choose_layout (ScrimPdqIndex *index)
{
  double lg = log2 ((double) index->n);
  guint m = CLAMP ((guint) lround (256.0 / lg), MIN_CHUNKS, MAX_CHUNKS);
  int table_bits = (int) lround (lg - 3.0);

  index->entry_bits = bits_for (index->n);
  lay_out (index, m, table_bits);
  while (m > MIN_CHUNKS && layout_bytes_per_entry (index) > MEMORY_BUDGET)
    lay_out (index, --m, table_bits);
}

/* A counting sort of the entries by bucket, stable, in two passes; the
 * first keeps the keys (4 bytes an entry) so the second need not read the
 * hashes again. */
static void
build_chunk (ScrimPdqIndex *index,
             Chunk         *chunk)
{
  const Chunk c = *chunk;
  const gsize n = index->n;
  const guint entry_bits = index->entry_bits;
  gsize n_buckets = (gsize) 1 << c.table_bits;
  guint32 low_mask = (1u << c.low_bits) - 1;
  guint32 *starts = big_alloc (n_buckets + 1, sizeof (guint32));
  guint32 *slots = big_alloc (n, sizeof (guint32));
  g_autofree guint32 *keys = g_new (guint32, n);
  guint32 sum = 0;

  memset (starts, 0, (n_buckets + 1) * sizeof (guint32));
  for (gsize e = 0; e < n; e++)
    {
      keys[e] = chunk_key (&index->hashes[e], &c);
      starts[keys[e] >> c.low_bits]++;
    }
  for (gsize b = 0; b < n_buckets; b++)
    {
      sum += starts[b];
      starts[b] = sum;
    }
  for (gsize e = n; e-- > 0;)
    {
      guint32 slot = (guint32) e;

      if (c.low_bits > 0)
        slot |= (keys[e] & low_mask) << entry_bits;
      slots[--starts[keys[e] >> c.low_bits]] = slot;
    }
  starts[n_buckets] = (guint32) n;
  chunk->starts = starts;
  chunk->slots = slots;
}

typedef struct
{
  ScrimPdqIndex *index;
  gint           next;
} BuildJob;

static gpointer
build_worker (gpointer data)
{
  BuildJob *job = data;
  gint i;

  while ((i = g_atomic_int_add (&job->next, 1)) < (gint) job->index->n_chunks)
    build_chunk (job->index, &job->index->chunks[i]);
  return NULL;
}

/* The chunks are independent: build them on every core. */
static void
build_tables (ScrimPdqIndex *index)
{
  BuildJob job = { index, 0 };
  guint n_threads = MIN (g_get_num_processors (), index->n_chunks);
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();

  if (index->n < 65536)
    n_threads = 1;
  for (guint i = 1; i < n_threads; i++)
    g_ptr_array_add (threads, g_thread_new ("pdq-index", build_worker, &job));
  build_worker (&job);
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (threads->pdata[i]);
}

/* Planning ----------------------------------------------------------------- */

/* Keys within radius of a key of the given bits: sum_{k<=radius} C(bits, k). */
static double
ball_size (guint bits,
           int   radius)
{
  double term = 1.0;
  double sum = 1.0;

  if (radius < 0)
    return 0.0;
  for (int k = 1; k <= radius && k <= (int) bits; k++)
    {
      term = term * (bits - k + 1) / k;
      sum += term;
    }
  return sum;
}

static double
chunk_cost (const ScrimPdqIndex *index,
            const Chunk         *chunk,
            int                  radius)
{
  double probes = ball_size (chunk->table_bits, radius);
  double slots = probes * ldexp ((double) index->n, -(int) chunk->table_bits);
  double candidates = ball_size (chunk->width, radius)
                      * ldexp ((double) index->n, -(int) chunk->width);

  return probes * COST_PROBE + slots * COST_SLOT + candidates * COST_CANDIDATE;
}

/* The chunk whose radius costs least to raise by one, or -1. */
static int
cheapest_step (const ScrimPdqIndex *index,
               const Plan          *plan,
               double              *step_cost)
{
  int best = -1;

  for (guint i = 0; i < index->n_chunks; i++)
    {
      const Chunk *chunk = &index->chunks[i];
      double cost;

      if (plan->radius[i] >= (int) chunk->width)
        continue;
      cost = chunk_cost (index, chunk, plan->radius[i] + 1)
             - chunk_cost (index, chunk, plan->radius[i]);
      if (best < 0 || cost < *step_cost)
        {
          best = (int) i;
          *step_cost = cost;
        }
    }
  return best;
}

static void
count_plan (const ScrimPdqIndex *index,
            Plan                *plan)
{
  plan->n_probes = 0;
  plan->candidates = 0.0;
  for (guint i = 0; i < index->n_chunks; i++)
    {
      const Chunk *chunk = &index->chunks[i];

      plan->n_probes += (gsize) ball_size (chunk->table_bits, plan->radius[i]);
      plan->candidates += ball_size (chunk->width, plan->radius[i])
                          * ldexp ((double) index->n, -(int) chunk->width);
    }
}

/* Chooses the chunk radii for every search radius worth an index search:
 * plans[r] is the cheapest with sum (r_i + 1) = r + 1. The greedy walk is
 * incremental (plans[r + 1] is plans[r] plus one step), and stops where a
 * scan becomes cheaper. */
static void
build_plans (ScrimPdqIndex *index)
{
  g_autoptr(GArray) plans = g_array_new (FALSE, FALSE, sizeof (Plan));
  double cost = COST_QUERY;
  double scan_cost = index->n * COST_SCAN;
  Plan plan = { { 0 } };

  for (guint i = 0; i < MAX_CHUNKS; i++)
    plan.radius[i] = -1;
  for (;;)
    {
      double step_cost = 0.0;
      int i = cheapest_step (index, &plan, &step_cost);

      cost += step_cost;
      if (i < 0 || cost >= scan_cost)
        break;
      plan.radius[i]++;
      count_plan (index, &plan);
      g_array_append_val (plans, plan);
    }
  index->n_plans = plans->len;
  index->plans = g_array_steal (plans, NULL);
}

/*
** Makes the index searchable: trims the arrays to size and, from
** SMALL_INDEX entries on, builds the chunk tables (on every core; a few
** seconds for 10 M entries). Call it once, after the last
** scrim_pdq_index_add(). Afterwards the index is read-only, and
** scrim_pdq_index_search() may be called from several threads at once.
*/
void
scrim_pdq_index_build (ScrimPdqIndex *index)
{
  g_return_if_fail (index != NULL);
  g_return_if_fail (!index->built);

  resize (index, index->n, TRUE);
  if (index->n >= SMALL_INDEX)
    {
      choose_layout (index);
      build_tables (index);
      build_plans (index);
    }
  index->built = TRUE;
}

/*
** Returns the number of entries added.
*/
gsize
scrim_pdq_index_size (const ScrimPdqIndex *index)
{
  g_return_val_if_fail (index != NULL, 0);

  return index->n;
}

/*
** Returns the bytes the index holds: the structure, the hashes and ids, the
** chunk tables and the search plans (before the build: what the adds have
** allocated). Searches allocate their scratch on top, and the build needs
** 4 bytes an entry per thread while it runs.
*/
gsize
scrim_pdq_index_memory (const ScrimPdqIndex *index)
{
  gsize bytes;

  g_return_val_if_fail (index != NULL, 0);

  bytes = sizeof (*index) + index->capacity * (sizeof (Packed) + sizeof (guint32))
          + index->n_plans * sizeof (Plan);
  for (guint i = 0; i < index->n_chunks; i++)
    bytes += (((gsize) 1 << index->chunks[i].table_bits) + 1 + index->n) * sizeof (guint32);
  return bytes;
}

/* Searching ---------------------------------------------------------------- */

/* The next larger integer with as many bits set (Gosper), x != 0. */
static inline guint64
next_subset (guint64 x)
{
  guint64 low = x & -x;
  guint64 ripple = x + low;

  return ripple | (((ripple ^ x) >> 2) >> __builtin_ctzll (x));
}

/* Stage 1: every bucket within the chunk's radius of the query's, its
 * offsets prefetched. */
static void
enumerate_probes (const ScrimPdqIndex *index,
                  Search              *search)
{
  gsize n = 0;

  for (guint i = 0; i < index->n_chunks; i++)
    {
      const Chunk *chunk = &index->chunks[i];
      int radius = search->plan.radius[i];
      guint32 key = chunk_key (search->query, chunk);
      guint32 top = key >> chunk->low_bits;
      guint64 end = G_GUINT64_CONSTANT (1) << chunk->table_bits;

      search->low[i] = key & ((1u << chunk->low_bits) - 1);
      for (int k = 0; k <= radius && k <= (int) chunk->table_bits; k++)
        {
          for (guint64 flip = (G_GUINT64_CONSTANT (1) << k) - 1; flip < end;
               flip = k > 0 ? next_subset (flip) : end)
            {
              guint32 bucket = top ^ (guint32) flip;

              __builtin_prefetch (&chunk->starts[bucket], 0, 2);
              search->probes[n++] = (Probe) { bucket, (guint8) i, (guint8) (radius - k) };
            }
        }
    }
  g_assert (n == search->plan.n_probes);
}

/* Stage 2: the offsets read, the non-empty buckets' slots prefetched. */
static void
read_offsets (const ScrimPdqIndex *index,
              Search              *search)
{
  gsize n = 0;

  for (gsize p = 0; p < search->plan.n_probes; p++)
    {
      const Probe *probe = &search->probes[p];
      const Chunk *chunk = &index->chunks[probe->chunk];
      guint32 start = chunk->starts[probe->bucket];
      guint32 end = chunk->starts[probe->bucket + 1];

      if (start == end)
        continue;
      __builtin_prefetch (&chunk->slots[start], 0, 2);
      __builtin_prefetch (&chunk->slots[end - 1], 0, 2);
      search->ranges[n++] = (Range) { start, end, probe->chunk, probe->budget };
    }
  search->n_ranges = n;
}

static inline void
add_candidate (const ScrimPdqIndex *index,
               Search              *search,
               guint32              entry,
               guint32              chunk)
{
  if (G_UNLIKELY (search->n_candidates == search->candidates_size))
    {
      search->candidates_size *= 2;
      search->candidates = g_renew (Candidate, search->candidates, search->candidates_size);
    }
  __builtin_prefetch (&index->hashes[entry], 0, 2);
  search->candidates[search->n_candidates++] = (Candidate) { entry, chunk };
}

/* The slots of one bucket whose chunk key is within the chunk's radius:
 * the bucket's distance is spent already, the budget is what the s low
 * key bits (kept in the slot) may add. */
static inline G_ALWAYS_INLINE void
filter_range (const ScrimPdqIndex *index,
              Search              *search,
              const Range         *range,
              gboolean             hardware)
{
  const Chunk *chunk = &index->chunks[range->chunk];
  guint entry_bits = index->entry_bits;
  guint32 entry_mask = entry_bits >= 32 ? G_MAXUINT32 : (1u << entry_bits) - 1;
  guint32 low = search->low[range->chunk];

  if (range->budget >= chunk->low_bits)
    {
      for (guint32 s = range->start; s < range->end; s++)
        add_candidate (index, search, chunk->slots[s] & entry_mask, range->chunk);
      return;
    }
  for (guint32 s = range->start; s < range->end; s++)
    {
      guint32 slot = chunk->slots[s];

      if (count_bits ((slot >> entry_bits) ^ low, hardware) <= range->budget)
        add_candidate (index, search, slot & entry_mask, range->chunk);
    }
}

/* Stage 3: the slots filtered, the hashes of the survivors prefetched. */
static inline G_ALWAYS_INLINE void
filter_slots (const ScrimPdqIndex *index,
              Search              *search,
              gboolean             hardware)
{
  for (gsize r = 0; r < search->n_ranges; r++)
    filter_range (index, search, &search->ranges[r], hardware);
}

/* TRUE when no chunk probed before the given one has the entry within its
 * radius: that chunk reports it instead. */
static inline G_ALWAYS_INLINE gboolean
first_finder (const ScrimPdqIndex *index,
              const Plan          *plan,
              const Packed        *diff,
              guint                chunk,
              gboolean             hardware)
{
  for (guint j = 0; j < chunk; j++)
    if (plan->radius[j] >= 0
        && (int) count_bits (chunk_key (diff, &index->chunks[j]), hardware) <= plan->radius[j])
      return FALSE;
  return TRUE;
}

/* Stage 4: the candidates verified. */
static inline G_ALWAYS_INLINE void
verify (const ScrimPdqIndex *index,
        Search              *search,
        guint                radius,
        GArray              *matches,
        gboolean             hardware)
{
  for (gsize c = 0; c < search->n_candidates; c++)
    {
      const Candidate *cand = &search->candidates[c];
      const Packed *hash = &index->hashes[cand->entry];
      guint d = packed_distance (hash, search->query, hardware);
      Packed diff;

      if (G_LIKELY (d > radius))
        continue;
      for (guint k = 0; k < 4; k++)
        diff.q[k] = hash->q[k] ^ search->query->q[k];
      if (first_finder (index, &search->plan, &diff, cand->chunk, hardware))
        {
          ScrimPdqMatch m = { index->ids[cand->entry], d };

          g_array_append_val (matches, m);
        }
    }
}

TARGET_POPCNT static void
probe_popcnt (const ScrimPdqIndex *index,
              Search              *search,
              guint                radius,
              GArray              *matches)
{
  filter_slots (index, search, TRUE);
  verify (index, search, radius, matches, TRUE);
}

static void
probe_portable (const ScrimPdqIndex *index,
                Search              *search,
                guint                radius,
                GArray              *matches)
{
  filter_slots (index, search, FALSE);
  verify (index, search, radius, matches, FALSE);
}

static void
search_tables (const ScrimPdqIndex *index,
               const Packed        *query,
               guint                radius,
               const Plan          *plan,
               GArray              *matches)
{
  Search search = { .query = query, .plan = *plan };

  search.probes = g_new (Probe, plan->n_probes);
  search.ranges = g_new (Range, plan->n_probes);
  search.candidates_size = MAX (64, (gsize) (plan->candidates * 1.5));
  search.candidates = g_new (Candidate, search.candidates_size);

  enumerate_probes (index, &search);
  read_offsets (index, &search);
  if (have_popcnt ())
    probe_popcnt (index, &search, radius, matches);
  else
    probe_portable (index, &search, radius, matches);

  g_free (search.probes);
  g_free (search.ranges);
  g_free (search.candidates);
}

/*
** Appends to matches (a GArray of ScrimPdqMatch) every entry within
** Hamming distance radius of query, with its distance, the appended part
** sorted by distance, then id: exactly what scrim_pdq_linear_search()
** gives on the same entries. Any radius is correct; where the cost model
** says a scan is cheaper (from radius ~60 at 1 M entries, ~67 at 10 M, and
** always below SMALL_INDEX entries) the search is a scan. The index must
** have been built. Safe to call from several threads at once; each call
** allocates its own scratch (~80 KB at 10 M and radius 31).
*/
void
scrim_pdq_index_search (const ScrimPdqIndex *index,
                        const ScrimPdqHash  *query,
                        guint                radius,
                        GArray              *matches)
{
  guint old_len;
  Packed q;

  g_return_if_fail (index != NULL);
  g_return_if_fail (index->built);
  g_return_if_fail (query != NULL);
  g_return_if_fail (matches != NULL);
  g_return_if_fail (g_array_get_element_size (matches) == sizeof (ScrimPdqMatch));

  pack (query, &q);
  if (radius >= index->n_plans)
    {
      scan ((const guint8 *) index->hashes, index->ids, index->n, &q, radius, matches);
      return;
    }
  old_len = matches->len;
  search_tables (index, &q, radius, &index->plans[radius], matches);
  sort_tail (matches, old_len);
}
