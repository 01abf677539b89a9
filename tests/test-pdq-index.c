/* test-pdq-index.c: the PDQ index gives exactly the answers of a linear scan
 *
 * Random hashes plus planted near neighbours (copies of entries with 0 to
 * 40 bits flipped, exact duplicates under other ids, repeated ids), queried
 * with random and planted hashes at every radius 0..31 and a few larger,
 * at sizes that take the small-index path (0, 1, 2, 1000 entries) and the
 * multi-index path (2048 and 5000, with small tables and many low key bits
 * in each slot; 50 000; 300 000).
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "scrim-core.h"

static const guint large_radii[] = { 32, 36, 40, 48, 64, 100, 128, 255, 256, 1000, G_MAXUINT };

typedef struct
{
  GArray *hashes;  /* ScrimPdqHash */
  GArray *ids;     /* guint32 */
  GArray *queries; /* ScrimPdqHash */
} Fixture;

static void
random_hash (GRand        *rand,
             ScrimPdqHash *hash)
{
  for (guint i = 0; i < 16; i++)
    hash->w[i] = (guint16) g_rand_int_range (rand, 0, 65536);
}

/* Flips k distinct random bits. */
static void
flip_bits (GRand        *rand,
           ScrimPdqHash *hash,
           guint         k)
{
  gboolean flipped[SCRIM_PDQ_BITS] = { FALSE };

  while (k > 0)
    {
      guint bit = g_rand_int_range (rand, 0, SCRIM_PDQ_BITS);

      if (flipped[bit])
        continue;
      flipped[bit] = TRUE;
      hash->w[bit / 16] ^= 1u << (bit % 16);
      k--;
    }
}

static void
add_entry (Fixture            *fx,
           const ScrimPdqHash *hash,
           guint32             id)
{
  g_array_append_vals (fx->hashes, hash, 1);
  g_array_append_val (fx->ids, id);
}

/* A copy of an existing entry, k bits away (k = 0: an exact duplicate),
 * under a new id or, now and then, the same id. */
static void
plant_entry (Fixture *fx,
             GRand   *rand)
{
  guint src = g_rand_int_range (rand, 0, fx->hashes->len);
  ScrimPdqHash hash = g_array_index (fx->hashes, ScrimPdqHash, src);
  guint32 id = g_rand_int (rand);

  if (g_rand_int_range (rand, 0, 8) == 0)
    id = g_array_index (fx->ids, guint32, src);
  flip_bits (rand, &hash, g_rand_int_range (rand, 0, 3) == 0 ? 0 : g_rand_int_range (rand, 0, 41));
  add_entry (fx, &hash, id);
}

/* n entries (a tenth of them planted), and n_queries queries, half of them
 * near an entry. */
static Fixture *
fixture_new (guint   n,
             guint   n_queries,
             guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  Fixture *fx = g_new0 (Fixture, 1);

  fx->hashes = g_array_new (FALSE, FALSE, sizeof (ScrimPdqHash));
  fx->ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  fx->queries = g_array_new (FALSE, FALSE, sizeof (ScrimPdqHash));
  for (guint i = 0; i < n; i++)
    {
      ScrimPdqHash hash;

      if (i > 0 && g_rand_int_range (rand, 0, 10) == 0)
        {
          plant_entry (fx, rand);
          continue;
        }
      random_hash (rand, &hash);
      add_entry (fx, &hash, g_rand_int (rand));
    }
  for (guint q = 0; q < n_queries; q++)
    {
      ScrimPdqHash hash;

      if (n > 0 && q % 2 == 0)
        {
          hash = g_array_index (fx->hashes, ScrimPdqHash, g_rand_int_range (rand, 0, n));
          flip_bits (rand, &hash, g_rand_int_range (rand, 0, 41));
        }
      else
        random_hash (rand, &hash);
      g_array_append_val (fx->queries, hash);
    }
  return fx;
}

static void
fixture_free (Fixture *fx)
{
  g_array_unref (fx->hashes);
  g_array_unref (fx->ids);
  g_array_unref (fx->queries);
  g_free (fx);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fixture, fixture_free)

static ScrimPdqIndex *
build_index (const Fixture *fx)
{
  ScrimPdqIndex *index = scrim_pdq_index_new ();

  for (guint i = 0; i < fx->hashes->len; i++)
    scrim_pdq_index_add (index, &g_array_index (fx->hashes, ScrimPdqHash, i),
                         g_array_index (fx->ids, guint32, i));
  scrim_pdq_index_build (index);
  g_assert_cmpuint (scrim_pdq_index_size (index), ==, fx->hashes->len);
  return index;
}

static void
assert_same_matches (GArray *expected,
                     GArray *got)
{
  g_assert_cmpuint (got->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      const ScrimPdqMatch *e = &g_array_index (expected, ScrimPdqMatch, i);
      const ScrimPdqMatch *g = &g_array_index (got, ScrimPdqMatch, i);

      g_assert_cmpuint (g->id, ==, e->id);
      g_assert_cmpuint (g->distance, ==, e->distance);
    }
}

/* Index and scan agree for one query at one radius; returns the count. */
static guint
check_query (const Fixture       *fx,
             const ScrimPdqIndex *index,
             const ScrimPdqHash  *query,
             guint                radius)
{
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (ScrimPdqMatch));
  g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (ScrimPdqMatch));

  scrim_pdq_linear_search (&g_array_index (fx->hashes, ScrimPdqHash, 0),
                           &g_array_index (fx->ids, guint32, 0), fx->hashes->len, query, radius,
                           expected);
  scrim_pdq_index_search (index, query, radius, got);
  assert_same_matches (expected, got);
  return got->len;
}

static void
check_exact (guint n,
             guint n_queries)
{
  g_autoptr(Fixture) fx = fixture_new (n, n_queries, 1000 + n);
  g_autoptr(ScrimPdqIndex) index = build_index (fx);
  guint found = 0;

  for (guint q = 0; q < fx->queries->len; q++)
    {
      const ScrimPdqHash *query = &g_array_index (fx->queries, ScrimPdqHash, q);

      for (guint r = 0; r <= SCRIM_PDQ_MATCH_DISTANCE; r++)
        found += check_query (fx, index, query, r);
      for (guint i = 0; i < G_N_ELEMENTS (large_radii); i++)
        {
          /* Every entry matches from 256 on; keep those to a few queries. */
          if (large_radii[i] >= 128 && q >= 4)
            break;
          found += check_query (fx, index, query, large_radii[i]);
        }
    }
  g_test_message ("%u entries, %u queries: %u matches compared", n, n_queries, found);
  if (n > 0)
    g_assert_cmpuint (found, >, 0);
}

static void
test_exact_small (void)
{
  check_exact (0, 8);
  check_exact (1, 8);
  check_exact (2, 8);
  check_exact (1000, 40);
  check_exact (2048, 40);
  check_exact (5000, 40);
}

static void
test_exact_50000 (void)
{
  check_exact (50000, 60);
}

static void
test_exact_300000 (void)
{
  check_exact (300000, 30);
}

/* The exact duplicates of a query all come back, each under its id,
 * ids in order at distance 0. */
static void
test_duplicates (void)
{
  g_autoptr(Fixture) fx = fixture_new (20000, 0, 7);
  g_autoptr(ScrimPdqIndex) index = NULL;
  g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (ScrimPdqMatch));
  ScrimPdqHash dup = g_array_index (fx->hashes, ScrimPdqHash, 123);

  for (guint32 id = 50; id > 0; id--)
    add_entry (fx, &dup, id % 25);
  index = build_index (fx);
  scrim_pdq_index_search (index, &dup, 0, got);
  g_assert_cmpuint (got->len, >=, 51);
  for (guint i = 0; i + 1 < got->len; i++)
    {
      const ScrimPdqMatch *a = &g_array_index (got, ScrimPdqMatch, i);
      const ScrimPdqMatch *b = &g_array_index (got, ScrimPdqMatch, i + 1);

      g_assert_cmpuint (a->distance, ==, 0);
      g_assert_cmpuint (a->id, <=, b->id);
    }
  check_query (fx, index, &dup, 31);
}

static void
test_empty (void)
{
  g_autoptr(ScrimPdqIndex) index = scrim_pdq_index_new ();
  g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (ScrimPdqMatch));
  ScrimPdqHash query = { { 0 } };

  scrim_pdq_index_build (index);
  g_assert_cmpuint (scrim_pdq_index_size (index), ==, 0);
  g_assert_cmpuint (scrim_pdq_index_memory (index), >, 0);
  scrim_pdq_index_search (index, &query, 31, got);
  scrim_pdq_index_search (index, &query, G_MAXUINT, got);
  g_assert_cmpuint (got->len, ==, 0);
  scrim_pdq_linear_search (NULL, NULL, 0, &query, 31, got);
  g_assert_cmpuint (got->len, ==, 0);
}

/* A search appends, sorted among what it appends, and leaves the rest. */
static void
test_appends (void)
{
  g_autoptr(Fixture) fx = fixture_new (5000, 1, 11);
  g_autoptr(ScrimPdqIndex) index = build_index (fx);
  g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (ScrimPdqMatch));
  const ScrimPdqHash *query = &g_array_index (fx->hashes, ScrimPdqHash, 42);
  ScrimPdqMatch sentinel = { 4242, 999 };
  guint n;

  g_array_append_val (got, sentinel);
  scrim_pdq_index_search (index, query, 31, got);
  n = got->len;
  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpuint (g_array_index (got, ScrimPdqMatch, 0).id, ==, 4242);
  g_assert_cmpuint (g_array_index (got, ScrimPdqMatch, 1).distance, ==, 0);
  scrim_pdq_index_search (index, query, 31, got);
  g_assert_cmpuint (got->len, ==, 2 * n - 1);
}

static gsize
memory_of (guint n)
{
  g_autoptr(Fixture) fx = fixture_new (n, 0, 3);
  g_autoptr(ScrimPdqIndex) index = build_index (fx);

  return scrim_pdq_index_memory (index);
}

/* At most 100 bytes per entry; and a small index allocates no big tables. */
static void
test_memory (void)
{
  gsize at_1000 = memory_of (1000);
  gsize at_300000 = memory_of (300000);

  g_test_message ("memory: %.1f B/entry at 1000, %.1f B/entry at 300000",
                  at_1000 / 1000.0, at_300000 / 300000.0);
  g_assert_cmpuint (at_1000, >, 32 * 1000);
  g_assert_cmpuint (at_1000, <=, 100 * 1000);
  g_assert_cmpuint (at_300000, >, 32 * 300000);
  g_assert_cmpuint (at_300000, <=, (gsize) 100 * 300000);
}

/* Freed without a build, with or without entries: no leak (ASan says). */
static void
test_new_free (void)
{
  ScrimPdqIndex *index = scrim_pdq_index_new ();
  ScrimPdqHash hash = { { 1, 2, 3 } };

  scrim_pdq_index_free (index);
  scrim_pdq_index_free (NULL);
  index = scrim_pdq_index_new ();
  for (guint32 i = 0; i < 3000; i++)
    scrim_pdq_index_add (index, &hash, i);
  scrim_pdq_index_free (index);
}

typedef struct
{
  const Fixture       *fx;
  const ScrimPdqIndex *index;
  GPtrArray           *results; /* one GArray per (query, radius) */
} ThreadJob;

static gpointer
search_all (gpointer data)
{
  ThreadJob *job = data;

  for (guint q = 0; q < job->fx->queries->len; q++)
    for (guint r = 0; r <= 40; r += 4)
      {
        const ScrimPdqHash *query = &g_array_index (job->fx->queries, ScrimPdqHash, q);
        GArray *got = g_array_new (FALSE, FALSE, sizeof (ScrimPdqMatch));

        scrim_pdq_index_search (job->index, query, r, got);
        g_ptr_array_add (job->results, got);
      }
  return NULL;
}

/* Two threads searching the same index at once get what one thread gets. */
static void
test_threads (void)
{
  g_autoptr(Fixture) fx = fixture_new (100000, 40, 5);
  g_autoptr(ScrimPdqIndex) index = build_index (fx);
  ThreadJob jobs[3];
  GThread *threads[2];

  for (guint i = 0; i < 3; i++)
    {
      jobs[i].fx = fx;
      jobs[i].index = index;
      jobs[i].results = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
    }
  search_all (&jobs[2]);
  for (guint i = 0; i < 2; i++)
    threads[i] = g_thread_new ("search", search_all, &jobs[i]);
  for (guint i = 0; i < 2; i++)
    g_thread_join (threads[i]);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpuint (jobs[i].results->len, ==, jobs[2].results->len);
      for (guint k = 0; k < jobs[2].results->len; k++)
        assert_same_matches (jobs[2].results->pdata[k], jobs[i].results->pdata[k]);
    }
  for (guint i = 0; i < 3; i++)
    g_ptr_array_unref (jobs[i].results);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/pdq-index/empty", test_empty);
  g_test_add_func ("/core/pdq-index/new-free", test_new_free);
  g_test_add_func ("/core/pdq-index/appends", test_appends);
  g_test_add_func ("/core/pdq-index/duplicates", test_duplicates);
  g_test_add_func ("/core/pdq-index/memory", test_memory);
  g_test_add_func ("/core/pdq-index/exact/small", test_exact_small);
  g_test_add_func ("/core/pdq-index/exact/50000", test_exact_50000);
  g_test_add_func ("/core/pdq-index/exact/300000", test_exact_300000);
  g_test_add_func ("/core/pdq-index/threads", test_threads);

  return g_test_run ();
}
