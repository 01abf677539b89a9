/* bench-pdq-index.c: the PDQ index against a linear scan, at 1 M and 10 M hashes
 *
 * For each size: random hashes, with a near neighbour (10 to 30 bits away)
 * planted for 1 % of the index queries and for half of the linear-scan
 * queries. Prints the build time and memory, then for radius 31, 24 and 16
 * the index's queries/s, the linear scan's queries/s, their ratio, and
 * whether the index gave exactly the scan's answers on every query the scan
 * ran. Goal (issue 3): >= 100x at 10 M and radius 31, <= 100 B/entry.
 *
 *   bench-pdq-index [--sizes N,N,...] [--radii R,R,...] [--queries N] [--linear N] [--seed N]
 *
 * --linear defaults to 2e8 / N queries (200 at 1 M, 20 at 10 M).
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "scrim-core.h"

static guint radii[16] = { 31, 24, 16 };
static guint n_radii = 3;

typedef struct
{
  ScrimPdqHash *hashes;
  guint32      *ids;
  gsize         n;
  ScrimPdqHash *queries;  /* index queries first, then linear ones */
  guint         n_index;
  guint         n_linear;
  guint64       state;
} Data;

static guint64
next_random (Data *data)
{
  guint64 z = (data->state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static void
random_hash (Data         *data,
             ScrimPdqHash *hash)
{
  guint64 q[4];

  for (guint i = 0; i < 4; i++)
    q[i] = next_random (data);
  memcpy (hash->w, q, sizeof q);
}

/* An entry k bits (10 to 30) from the query, at a random place. */
static void
plant (Data               *data,
       const ScrimPdqHash *query)
{
  gsize at = next_random (data) % data->n;
  guint k = 10 + next_random (data) % 21;
  ScrimPdqHash hash = *query;
  guint flipped = 0;

  while (flipped < k)
    {
      guint bit = next_random (data) % SCRIM_PDQ_BITS;
      guint16 mask = 1u << (bit % 16);

      if ((hash.w[bit / 16] ^ query->w[bit / 16]) & mask)
        continue;
      hash.w[bit / 16] ^= mask;
      flipped++;
    }
  data->hashes[at] = hash;
}

/* The scan's array gets what the index's gets: 64-byte alignment and huge
 * pages (the index asks for them too), so the baseline is not slowed by
 * TLB misses the index avoids. */
static ScrimPdqHash *
scan_alloc (gsize n)
{
  gsize huge = 2 << 20;
  ScrimPdqHash *hashes = g_aligned_alloc (n, sizeof (ScrimPdqHash), huge);

#ifdef MADV_HUGEPAGE
  madvise (hashes, (n * sizeof (ScrimPdqHash) + huge - 1) & ~(huge - 1), MADV_HUGEPAGE);
#endif
  return hashes;
}

static void
data_init (Data   *data,
           gsize   n,
           guint   n_index,
           guint   n_linear,
           guint64 seed)
{
  data->state = seed;
  data->n = n;
  data->n_index = n_index;
  data->n_linear = n_linear;
  data->hashes = scan_alloc (n);
  data->ids = g_new (guint32, n);
  data->queries = g_new (ScrimPdqHash, n_index + n_linear);
  for (gsize i = 0; i < n; i++)
    {
      random_hash (data, &data->hashes[i]);
      data->ids[i] = (guint32) i;
    }
  for (guint q = 0; q < n_index + n_linear; q++)
    {
      gboolean planted = q < n_index ? q % 100 == 0 : (q - n_index) % 2 == 0;

      random_hash (data, &data->queries[q]);
      if (planted)
        plant (data, &data->queries[q]);
    }
}

static void
data_clear (Data *data)
{
  g_aligned_free (data->hashes);
  g_free (data->ids);
  g_free (data->queries);
}

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static gboolean
same_matches (GArray *a,
              GArray *b)
{
  return a->len == b->len
         && memcmp (a->data, b->data, (gsize) a->len * sizeof (ScrimPdqMatch)) == 0;
}

/* Times n queries from the given one; returns queries/s, counts matches. */
static double
time_index (const ScrimPdqIndex *index,
            const ScrimPdqHash  *queries,
            guint                n,
            guint                radius,
            guint               *n_matches)
{
  g_autoptr(GArray) matches = g_array_new (FALSE, FALSE, sizeof (ScrimPdqMatch));
  double start = now ();

  *n_matches = 0;
  for (guint q = 0; q < n; q++)
    {
      g_array_set_size (matches, 0);
      scrim_pdq_index_search (index, &queries[q], radius, matches);
      *n_matches += matches->len;
    }
  return n / (now () - start);
}

/* Times the linear scan on the linear queries, and checks the index gives
 * the same answers; returns queries/s. */
static double
time_linear (const Data          *data,
             const ScrimPdqIndex *index,
             guint                radius,
             guint               *n_exact,
             guint               *n_matches)
{
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (ScrimPdqMatch));
  g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (ScrimPdqMatch));
  double elapsed = 0.0;

  *n_exact = 0;
  *n_matches = 0;
  for (guint q = 0; q < data->n_linear; q++)
    {
      const ScrimPdqHash *query = &data->queries[data->n_index + q];
      double start = now ();

      g_array_set_size (expected, 0);
      scrim_pdq_linear_search (data->hashes, data->ids, data->n, query, radius, expected);
      elapsed += now () - start;
      g_array_set_size (got, 0);
      scrim_pdq_index_search (index, query, radius, got);
      *n_exact += same_matches (expected, got);
      *n_matches += expected->len;
    }
  return data->n_linear / elapsed;
}

static void
bench_radius (const Data          *data,
              const ScrimPdqIndex *index,
              guint                radius)
{
  guint index_matches, linear_matches, exact;
  double index_qps, linear_qps;

  time_index (index, data->queries, MIN (50u, data->n_index), radius, &index_matches);
  index_qps = time_index (index, data->queries, data->n_index, radius, &index_matches);
  linear_qps = time_linear (data, index, radius, &exact, &linear_matches);
  printf ("  radius %2u: index %9.0f q/s (%u queries, %u matches)  linear %7.1f q/s (%u queries)"
          "  ratio %6.1fx  exact %s (%u/%u queries identical, %u matches)\n",
          radius, index_qps, data->n_index, index_matches, linear_qps, data->n_linear,
          index_qps / linear_qps, exact == data->n_linear ? "yes" : "NO", exact, data->n_linear,
          linear_matches);
  fflush (stdout);
}

static void
bench_size (gsize   n,
            guint   n_index,
            guint   n_linear,
            guint64 seed)
{
  g_autoptr(ScrimPdqIndex) index = scrim_pdq_index_new ();
  Data data;
  double start, added, built;
  gsize memory;

  data_init (&data, n, n_index, n_linear, seed);
  start = now ();
  for (gsize i = 0; i < n; i++)
    scrim_pdq_index_add (index, &data.hashes[i], data.ids[i]);
  added = now ();
  scrim_pdq_index_build (index);
  built = now ();
  memory = scrim_pdq_index_memory (index);
  printf ("N = %" G_GSIZE_FORMAT ": add %.2f s, build %.2f s, memory %.1f B/entry (%.0f MB)\n",
          n, added - start, built - added, (double) memory / n, memory / 1e6);
  fflush (stdout);
  for (guint i = 0; i < n_radii; i++)
    bench_radius (&data, index, radii[i]);
  data_clear (&data);
}

/* The kernel's transparent huge page mode, which decides whether the
 * index and the scan get the huge pages they ask for ("never": neither). */
static const char *
thp_mode (void)
{
  static char mode[64] = "unknown";
  g_autofree char *contents = NULL;
  const char *left, *right;

  if (g_file_get_contents ("/sys/kernel/mm/transparent_hugepage/enabled", &contents, NULL, NULL)
      && (left = strchr (contents, '[')) != NULL && (right = strchr (left, ']')) != NULL
      && right - left < (gssize) sizeof mode)
    g_strlcpy (mode, left + 1, right - left);
  return mode;
}

static void
parse_radii (const char *arg)
{
  g_auto(GStrv) parts = g_strsplit (arg, ",", -1);

  n_radii = 0;
  for (guint i = 0; parts[i] != NULL && n_radii < G_N_ELEMENTS (radii); i++)
    radii[n_radii++] = (guint) g_ascii_strtoull (parts[i], NULL, 10);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *sizes = g_strdup ("1000000,10000000");
  g_autofree char *radii_arg = NULL;
  g_auto(GStrv) parts = NULL;
  gint n_index = 2000;
  gint n_linear = 0;
  gint64 seed = 1;
  GOptionEntry entries[] = {
    { "sizes", 0, 0, G_OPTION_ARG_STRING, &sizes, "Index sizes, comma-separated", "N,N" },
    { "radii", 0, 0, G_OPTION_ARG_STRING, &radii_arg, "Search radii, comma-separated", "R,R" },
    { "queries", 0, 0, G_OPTION_ARG_INT, &n_index, "Index queries per radius", "N" },
    { "linear", 0, 0, G_OPTION_ARG_INT, &n_linear, "Linear-scan queries per radius", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed", "N" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;

  context = g_option_context_new ("- the PDQ index against a linear scan");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_index < 1 || n_linear < 0)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "bad option value");
      return 2;
    }
  if (radii_arg != NULL)
    parse_radii (radii_arg);
  printf ("bench-pdq-index: %u cores, transparent huge pages: %s; "
          "goal >= 100x the linear scan at 10 M, radius 31, <= 100 B/entry\n",
          g_get_num_processors (), thp_mode ());
  parts = g_strsplit (sizes, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      gsize n = g_ascii_strtoull (parts[i], NULL, 10);

      if (n == 0)
        continue;
      bench_size (n, (guint) n_index, n_linear > 0 ? (guint) n_linear : MAX (20, (guint) (2e8 / n)),
                  (guint64) seed + i);
    }
  return 0;
}
