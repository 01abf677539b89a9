/* scrim-list-text.c: the line-based list formats
 *
 * NSRL RDS 2.x NSRLFile.txt, hashdeep, md5sum/sha*sum/BSD lines, plain
 * one-hash-per-line lists, Interpol ICSE CSV exports, X-Ways text sets,
 * HashKeeper .hsh files and PDQ lists (shared/specs/hash-lists.md §3–§6).
 *
 * NSRL sets run to hundreds of millions of lines, so the reader is built
 * for speed: it keeps its own line buffer over scrim_list_input_read(),
 * parses every line in place (fields are NUL-terminated where their
 * separator or closing quote was, quoted fields unescaped where they lie),
 * decodes hex through a table, and allocates nothing per line. A field is
 * copied only when its bytes are not UTF-8 (NSRL names are often Latin-1).
 *
 * Each format is one LineFunc that turns a line into the record in
 * Reader.rec, or says why it cannot. The loop around it reports malformed
 * lines by number, stops on the caller's word, and checks the
 * GCancellable every few thousand lines. Empty-file digests and duplicates
 * pass through untouched: the library drops and merges them for every
 * format alike.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "scrim-error.h"
#include "scrim-hash.h"
#include "scrim-list.h"
#include "scrim-text.h"

#define READ_CHUNK    ((gsize) 256 * 1024)
#define MAX_LINE      ((gsize) 1024 * 1024)
#define MAX_FIELDS    64
#define CANCEL_EVERY  4096
#define SHOW_MAX      40

typedef struct
{
  char  *s;      /* NUL-terminated in place */
  gsize  len;
} Field;

typedef enum
{
  LINE_RECORD,
  LINE_SKIP,        /* a header, or anything else read but not a record */
  LINE_COMMENT,     /* like LINE_SKIP, but the first line may still follow */
  LINE_MALFORMED,
  LINE_FATAL,
} LineResult;

/* What a column of a headed format holds. */
typedef enum
{
  ROLE_IGNORE,
  ROLE_EXTRA,        /* kept in extra_json under its header name */
  ROLE_MD5,
  ROLE_SHA1,
  ROLE_SHA256,
  ROLE_PHOTODNA,
  ROLE_LABEL,
  ROLE_SERIES,
  ROLE_NAME,
  ROLE_SIZE,
  ROLE_COMMENTS,
  ROLE_DISTRIBUTED,
  ROLE_VICTIM,
  ROLE_OFFENDER,
  ROLE_BASELINE,
} Role;

typedef struct
{
  const char *name;
  Role        role;
} ColumnName;

typedef struct _Reader Reader;
typedef LineResult (*LineFunc) (Reader *r,
                                char   *line,
                                gsize   len);

struct _Reader
{
  ScrimListInput      *input;
  ScrimListFormat      format;
  ScrimListInfo       *info;
  ScrimListRecordFunc  record_func;
  ScrimListProblemFunc problem_func;
  gpointer             user_data;
  GCancellable        *cancellable;
  LineFunc             parse;

  /* The line buffer: bytes [start, end) of buf are read, not yet split. */
  char                *buf;
  gsize                start;
  gsize                end;
  gboolean             eof;
  gboolean             discarding;   /* inside a line past MAX_LINE */
  gboolean             overlong;     /* the current line was cut */
  guint64              line_no;
  gboolean             seen_content; /* a non-blank line came before */

  GString             *reason;       /* with LINE_MALFORMED */
  GError              *fatal;        /* with LINE_FATAL */

  /* The record being built; its strings point into buf or text[]. */
  ScrimListRecord      rec;
  guint8               md5[SCRIM_MD5_LEN];
  guint8               sha1[SCRIM_SHA1_LEN];
  guint8               sha256[SCRIM_SHA256_LEN];
  GPtrArray           *text;         /* of GString: repaired fields */
  guint                n_text;
  GString             *extra;
  GString             *scratch;
  Field                fields[MAX_FIELDS];

  /* Columns of the headed formats (NSRL, hashdeep, ICSE, HashKeeper). */
  gboolean             have_columns;
  guint                n_columns;
  Role                 roles[MAX_FIELDS];
  char                *names[MAX_FIELDS];
  int                  name_col;     /* NSRL: FileName, parsed from both ends */
  char                *header;       /* ICSE/HashKeeper: repeats are skipped */

  /* X-Ways: the declared hash; md5sum and text: the last type seen. */
  gsize                xways_bytes;
  const char          *hash_type;
};

static const ScrimListRecord empty_record = {
  .pdq_quality = -1,
  .victim_identified = SCRIM_FLAG_UNKNOWN,
  .offender_identified = SCRIM_FLAG_UNKNOWN,
  .is_distributed = SCRIM_FLAG_UNKNOWN,
  .baseline = SCRIM_FLAG_UNKNOWN,
  .precategorized = SCRIM_FLAG_UNKNOWN,
  .size = -1,
};

/* ---- characters ---- */

/* 0x10 | value for a hex digit, 0 otherwise. */
static const guint8 hex_digit[256] = {
  ['0'] = 0x10, ['1'] = 0x11, ['2'] = 0x12, ['3'] = 0x13, ['4'] = 0x14,
  ['5'] = 0x15, ['6'] = 0x16, ['7'] = 0x17, ['8'] = 0x18, ['9'] = 0x19,
  ['A'] = 0x1a, ['B'] = 0x1b, ['C'] = 0x1c, ['D'] = 0x1d, ['E'] = 0x1e, ['F'] = 0x1f,
  ['a'] = 0x1a, ['b'] = 0x1b, ['c'] = 0x1c, ['d'] = 0x1d, ['e'] = 0x1e, ['f'] = 0x1f,
};

enum
{
  CC_SPACE    = 1 << 0,   /* space, tab, CR, VT, FF */
  CC_TEXT_SEP = 1 << 1,   /* ends a plain list's first field */
  CC_PDQ_SEP  = 1 << 2,   /* ends a PDQ hash */
  CC_WORD     = 1 << 3,   /* letters, digits, '_', '-' */
};

#define WORD_RANGE(a, b) [a ... b] = CC_WORD
static const guint8 char_class[256] = {
  WORD_RANGE ('0', '9'), WORD_RANGE ('A', 'Z'), WORD_RANGE ('a', 'z'),
  ['_'] = CC_WORD, ['-'] = CC_WORD,
  [' '] = CC_SPACE | CC_TEXT_SEP | CC_PDQ_SEP,
  ['\t'] = CC_SPACE | CC_TEXT_SEP | CC_PDQ_SEP,
  ['\r'] = CC_SPACE | CC_TEXT_SEP,
  ['\v'] = CC_SPACE | CC_TEXT_SEP,
  ['\f'] = CC_SPACE | CC_TEXT_SEP,
  [','] = CC_TEXT_SEP | CC_PDQ_SEP,
  [';'] = CC_TEXT_SEP,
  ['|'] = CC_TEXT_SEP,
};
#undef WORD_RANGE

#define IS(c, cls) ((char_class[(guint8) (c)] & (cls)) != 0)

/* Decodes 2*n hex digits at s into out; FALSE if any is not hex. */
static inline gboolean
decode_hex (const char *s,
            gsize       n,
            guint8     *out)
{
  const guint8 *p = (const guint8 *) s;
  guint8 valid = 0x10;

  for (gsize i = 0; i < n; i++)
    {
      guint8 hi = hex_digit[p[2 * i]];
      guint8 lo = hex_digit[p[2 * i + 1]];

      valid &= hi & lo;
      out[i] = (guint8) ((hi & 0x0f) << 4 | (lo & 0x0f));
    }
  return valid != 0;
}

/* How many hex digits s starts with. */
static gsize
hex_span (const char *s,
          gsize       len)
{
  gsize i = 0;

  while (i < len && hex_digit[(guint8) s[i]] != 0)
    i++;
  return i;
}

static char *
skip_space (char *p,
            char *end)
{
  while (p < end && IS (*p, CC_SPACE))
    p++;
  return p;
}

/* Trims ASCII whitespace around a field and NUL-terminates it. */
static void
trim_field (Field *f)
{
  while (f->len > 0 && IS (f->s[0], CC_SPACE))
    f->s++, f->len--;
  while (f->len > 0 && IS (f->s[f->len - 1], CC_SPACE))
    f->len--;
  f->s[f->len] = '\0';
}

static gboolean
equal_ci (const char *s,
          gsize       len,
          const char *word)
{
  return strlen (word) == len && g_ascii_strncasecmp (s, word, len) == 0;
}

/* ---- messages ---- */

static LineResult malformed (Reader     *r,
                             const char *format,
                             ...) G_GNUC_PRINTF (2, 3);

static LineResult
malformed (Reader     *r,
           const char *format,
           ...)
{
  va_list args;

  va_start (args, format);
  g_string_vprintf (r->reason, format, args);
  va_end (args);
  return LINE_MALFORMED;
}

static LineResult fatal (Reader     *r,
                         const char *format,
                         ...) G_GNUC_PRINTF (2, 3);

/* A problem no later line can get past (an unusable header). */
static LineResult
fatal (Reader     *r,
       const char *format,
       ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_clear_error (&r->fatal);
  g_set_error (&r->fatal, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("%s: line %" PRIu64 ": %s"),
               scrim_list_input_get_name (r->input), r->line_no, message);
  return LINE_FATAL;
}

/* A short, escaped rendering of a value for a message (newly allocated). */
static char *
show (const char *s,
      gsize       len)
{
  g_autofree char *shown = scrim_text_display (s, MIN (len, SHOW_MAX));

  return len > SHOW_MAX ? g_strconcat (shown, "…", NULL) : g_steal_pointer (&shown);
}

/* ---- fields ---- */

/* Checks that s is exactly n bytes of hex and decodes it into out; else
 * says what is wrong with the hash called what. */
static gboolean
check_hash (Reader     *r,
            const char *what,
            const char *s,
            gsize       len,
            gsize       n,
            guint8     *out)
{
  gsize span;

  if (len == 2 * n && decode_hex (s, n, out))
    return TRUE;
  span = hex_span (s, len);
  if (span < len)
    malformed (r, _("%s has a character that is not a hex digit at position %zu"),
               what, span + 1);
  else
    malformed (r, _("%s has %zu hex digits (expected %zu)"), what,
               len, 2 * n);
  return FALSE;
}

/* Points the record at the digest buffer for a hash of n bytes. */
static guint8 *
digest_slot (Reader *r,
             gsize   n)
{
  switch (n)
    {
    case SCRIM_MD5_LEN:
      r->rec.md5 = r->md5;
      return r->md5;
    case SCRIM_SHA1_LEN:
      r->rec.sha1 = r->sha1;
      return r->sha1;
    case SCRIM_SHA256_LEN:
      r->rec.sha256 = r->sha256;
      return r->sha256;
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

static gboolean
take_hash (Reader     *r,
           const char *what,
           const char *s,
           gsize       len,
           gsize       n)
{
  guint8 digest[SCRIM_SHA256_LEN];

  if (!check_hash (r, what, s, len, n, digest))
    return FALSE;
  memcpy (digest_slot (r, n), digest, n);
  return TRUE;
}

/* Bytes that are not UTF-8 taken as Latin-1, one by one (a name may mix
 * both); NUL as U+FFFD so the string is not cut short. */
static const char *
repair_utf8 (GString    *out,
             const char *s,
             gsize       len)
{
  const char *end = s + len;

  g_string_truncate (out, 0);
  while (s < end)
    {
      guint8 c = (guint8) *s;
      gunichar u;

      if (c >= 0x80 && (u = g_utf8_get_char_validated (s, end - s)) < 0x110000)
        {
          const char *next = g_utf8_next_char (s);

          g_string_append_len (out, s, next - s);
          s = next;
          continue;
        }
      if (c == 0)
        g_string_append (out, "\xef\xbf\xbd");
      else
        g_string_append_unichar (out, c);
      s++;
    }
  return out->str;
}

/* Returns a field (NUL-terminated at len) as valid UTF-8, or NULL when it
 * is empty. */
static const char *
text_field (Reader     *r,
            const char *s,
            gsize       len)
{
  if (len == 0)
    return NULL;
  if (g_utf8_validate_len (s, len, NULL))
    return s;
  if (r->n_text == r->text->len)
    g_ptr_array_add (r->text, g_string_new (NULL));
  return repair_utf8 (g_ptr_array_index (r->text, r->n_text++), s, len);
}

/* A decimal size; FALSE unless the field is all digits and fits. */
static gboolean
parse_size (const char *s,
            gsize       len,
            gint64     *out)
{
  guint64 v = 0;

  if (len == 0 || len > 18)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (s[i] < '0' || s[i] > '9')
        return FALSE;
      v = v * 10 + (guint64) (s[i] - '0');
    }
  *out = (gint64) v;
  return TRUE;
}

/* 1, 0, SCRIM_FLAG_UNKNOWN, or -2 for a value that is none of them. */
static int
parse_flag (const char *s,
            gsize       len)
{
  static const char * const yes[] = { "y", "yes", "t", "true", "1" };
  static const char * const no[] = { "n", "no", "f", "false", "0" };
  static const char * const unknown[] = { "u", "unknown", "?", "-" };

  if (len == 0)
    return SCRIM_FLAG_UNKNOWN;
  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    if (equal_ci (s, len, yes[i]))
      return 1;
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    if (equal_ci (s, len, no[i]))
      return 0;
  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    if (equal_ci (s, len, unknown[i]))
      return SCRIM_FLAG_UNKNOWN;
  return -2;
}

static void
append_extra (Reader     *r,
              const char *key,
              const char *value,
              gsize       len)
{
  g_string_append_c (r->extra, r->extra->len == 0 ? '{' : ',');
  scrim_text_append_json (r->extra, key, -1);
  g_string_append_c (r->extra, ':');
  if (!g_utf8_validate_len (value, len, NULL))
    value = repair_utf8 (r->scratch, value, len);
  scrim_text_append_json (r->extra, value, -1);
}

/* ---- splitting ---- */

/* A field that opens with a quote: "" inside is a quote; a quote that is
 * neither doubled nor followed by sep or the end is taken as it stands,
 * since real lists hold names with stray quotes. Unescapes in place.
 * Returns where the next field starts, or NULL at the end of the line. */
static char *
take_quoted (char  *p,
             char  *end,
             char   sep,
             Field *f)
{
  char *w = p;
  char *q = p + 1;
  char *next = NULL;

  for (;;)
    {
      char *quote = memchr (q, '"', end - q);
      gsize run = (quote ? quote : end) - q;

      memmove (w, q, run);
      w += run;
      if (quote == NULL || quote + 1 == end)
        break;
      if (quote[1] == sep)
        {
          next = quote + 2;
          break;
        }
      *w++ = '"';
      q = quote + (quote[1] == '"' ? 2 : 1);
    }
  f->s = p;
  f->len = w - p;
  *w = '\0';
  return next;
}

static char *
take_plain (char  *p,
            char  *end,
            char   sep,
            Field *f)
{
  char *q = memchr (p, sep, end - p);

  f->s = p;
  f->len = (q ? q : end) - p;
  p[f->len] = '\0';
  return q ? q + 1 : NULL;
}

/* Splits up to max CSV fields off line (quotes as take_quoted()); *rest
 * is where the unsplit remainder starts, NULL when the line ran out. */
static guint
split_csv (char   *line,
           gsize   len,
           char    sep,
           Field  *fields,
           guint   max,
           char  **rest)
{
  char *p = line;
  char *end = line + len;
  guint n = 0;

  while (p != NULL && n < max)
    {
      if (p < end && *p == '"')
        p = take_quoted (p, end, sep, &fields[n]);
      else
        p = take_plain (p, end, sep, &fields[n]);
      n++;
    }
  if (rest != NULL)
    *rest = p;
  return n;
}

/* Splits at most max - 1 times; the last field keeps the rest. */
static guint
split_plain (char  *line,
             gsize  len,
             char   sep,
             Field *fields,
             guint  max)
{
  char *p = line;
  char *end = line + len;
  guint n = 0;

  while (n + 1 < max && p != NULL)
    p = take_plain (p, end, sep, &fields[n++]);
  if (p != NULL)
    {
      fields[n].s = p;
      fields[n++].len = end - p;
    }
  return n;
}

/* Takes the last comma-separated field of [start, *end), quoted or bare,
 * and moves *end back to the comma before it. */
static gboolean
take_last (char   *start,
           char  **end,
           Field  *f)
{
  char *e = *end;
  char *comma;

  if (e - start >= 2 && e[-1] == '"')
    {
      char *open = memrchr (start, '"', e - 1 - start);

      if (open == NULL || open == start || open[-1] != ',')
        return FALSE;
      f->s = open + 1;
      f->len = e - 1 - f->s;
      comma = open - 1;
    }
  else
    {
      comma = memrchr (start, ',', e - start);
      if (comma == NULL)
        return FALSE;
      f->s = comma + 1;
      f->len = e - f->s;
    }
  f->s[f->len] = '\0';
  *end = comma;
  return TRUE;
}

/* ---- columns of the headed formats ---- */

static void
clear_columns (Reader *r)
{
  for (guint i = 0; i < r->n_columns; i++)
    g_clear_pointer (&r->names[i], g_free);
  r->n_columns = 0;
  r->name_col = -1;
  r->have_columns = FALSE;
}

/* Sets the columns from header names, each matched (any case) against
 * known; unmatched named columns get other_role. */
static void
set_columns (Reader           *r,
             Field            *names,
             guint             n,
             const ColumnName *known,
             guint             n_known,
             Role              other_role)
{
  clear_columns (r);
  for (guint i = 0; i < n; i++)
    {
      Role role;

      trim_field (&names[i]);
      role = names[i].len > 0 ? other_role : ROLE_IGNORE;
      for (guint k = 0; k < n_known; k++)
        if (g_ascii_strcasecmp (names[i].s, known[k].name) == 0)
          role = known[k].role;
      r->roles[i] = role;
      if (g_utf8_validate_len (names[i].s, names[i].len, NULL))
        r->names[i] = g_strndup (names[i].s, names[i].len);
      else
        r->names[i] = g_strdup (repair_utf8 (r->scratch, names[i].s, names[i].len));
      if (role == ROLE_NAME && r->name_col < 0)
        r->name_col = (int) i;
    }
  r->n_columns = n;
  r->have_columns = TRUE;
}

static gboolean
has_role (Reader *r,
          Role    role)
{
  for (guint i = 0; i < r->n_columns; i++)
    if (r->roles[i] == role)
      return TRUE;
  return FALSE;
}

static gboolean
set_flag (Reader *r,
          Field  *f,
          int     col,
          int    *flag)
{
  int value;

  trim_field (f);
  value = parse_flag (f->s, f->len);
  if (value == -2)
    {
      g_autofree char *shown = show (f->s, f->len);

      malformed (r, _("%s is '%s', not yes or no"), r->names[col], shown);
      return FALSE;
    }
  *flag = value;
  return TRUE;
}

static gboolean
apply_hash_column (Reader *r,
                   Field  *f,
                   int     col,
                   gsize   n)
{
  trim_field (f);
  if (f->len == 0)
    return TRUE;
  return take_hash (r, r->names[col], f->s, f->len, n);
}

static gboolean
apply_size_column (Reader *r,
                   Field  *f,
                   int     col)
{
  trim_field (f);
  if (f->len == 0 || parse_size (f->s, f->len, &r->rec.size))
    return TRUE;
  malformed (r, _("%s is not a whole number"), r->names[col]);
  return FALSE;
}

/* Cells of tables are trimmed; names and comments are kept as written. */
static void
apply_text_column (Reader *r,
                   Field  *f,
                   Role    role)
{
  const char **slot[] = {
    [ROLE_PHOTODNA] = &r->rec.photodna,
    [ROLE_LABEL] = &r->rec.label,
    [ROLE_SERIES] = &r->rec.series,
    [ROLE_NAME] = &r->rec.name,
    [ROLE_COMMENTS] = &r->rec.comments,
  };

  g_assert (role < G_N_ELEMENTS (slot) && slot[role] != NULL);
  if (role != ROLE_NAME && role != ROLE_COMMENTS)
    trim_field (f);
  *slot[role] = text_field (r, f->s, f->len);
}

/* Puts field f of column col where the column's role says. */
static gboolean
apply_column (Reader *r,
              Field  *f,
              int     col)
{
  switch (r->roles[col])
    {
    case ROLE_IGNORE:
      return TRUE;
    case ROLE_EXTRA:
      if (f->len > 0)
        append_extra (r, r->names[col], f->s, f->len);
      return TRUE;
    case ROLE_MD5:
      return apply_hash_column (r, f, col, SCRIM_MD5_LEN);
    case ROLE_SHA1:
      return apply_hash_column (r, f, col, SCRIM_SHA1_LEN);
    case ROLE_SHA256:
      return apply_hash_column (r, f, col, SCRIM_SHA256_LEN);
    case ROLE_SIZE:
      return apply_size_column (r, f, col);
    case ROLE_DISTRIBUTED:
      return set_flag (r, f, col, &r->rec.is_distributed);
    case ROLE_VICTIM:
      return set_flag (r, f, col, &r->rec.victim_identified);
    case ROLE_OFFENDER:
      return set_flag (r, f, col, &r->rec.offender_identified);
    case ROLE_BASELINE:
      return set_flag (r, f, col, &r->rec.baseline);
    default:
      apply_text_column (r, f, r->roles[col]);
      return TRUE;
    }
}

/* Applies n fields (missing columns count as empty) and checks that the
 * record holds something to match or keep. */
static LineResult
apply_columns (Reader *r,
               Field  *fields,
               guint   n)
{
  for (guint i = 0; i < MIN (n, r->n_columns); i++)
    if (!apply_column (r, &fields[i], (int) i))
      return LINE_MALFORMED;
  if (r->extra->len > 0)
    {
      g_string_append_c (r->extra, '}');
      r->rec.extra_json = r->extra->str;
    }
  if (r->rec.md5 == NULL && r->rec.sha1 == NULL && r->rec.sha256 == NULL
      && r->rec.photodna == NULL)
    return malformed (r, _("the record holds no hash"));
  return LINE_RECORD;
}

/* ---- NSRL RDS 2.x ---- */

static const ColumnName nsrl_columns[] = {
  { "SHA-1", ROLE_SHA1 },
  { "MD5", ROLE_MD5 },
  { "FileName", ROLE_NAME },
  { "FileSize", ROLE_SIZE },
  { "SpecialCode", ROLE_EXTRA },
};

static const char nsrl_default_header[] =
  "\"SHA-1\",\"MD5\",\"CRC32\",\"FileName\",\"FileSize\",\"ProductCode\",\"OpSystemCode\",\"SpecialCode\"";

static void
set_info (char       **slot,
          const char  *value)
{
  if (g_strcmp0 (*slot, value) == 0)
    return;
  g_free (*slot);
  *slot = g_strdup (value);
}

/* The header line (1.5 or 2.x, or repeated where discs were
 * concatenated) names the columns; the known ones are found by name. */
static LineResult
nsrl_header (Reader *r,
             char   *line,
             gsize   len)
{
  guint n = split_csv (line, len, ',', r->fields, MAX_FIELDS, NULL);

  set_columns (r, r->fields, n, nsrl_columns, G_N_ELEMENTS (nsrl_columns), ROLE_IGNORE);
  if (!has_role (r, ROLE_SHA1) && !has_role (r, ROLE_MD5))
    return fatal (r, _("the NSRL header names neither a SHA-1 nor an MD5 column"));
  for (guint i = 0; i < n; i++)
    if (g_ascii_strcasecmp (r->names[i], "MD4") == 0)
      {
        set_info (&r->info->version, "1.5");
        return LINE_SKIP;
      }
  set_info (&r->info->version, "2.x");
  return LINE_SKIP;
}

/* The name between the front fields and the back ones: its quotes and
 * commas need no escaping to be found. */
static void
take_middle (char  *start,
             char  *end,
             Field *f)
{
  if (end - start >= 2 && start[0] == '"' && end[-1] == '"')
    {
      start++;
      end--;
    }
  if (memchr (start, '"', end - start) != NULL)
    {
      char *w = start;

      for (char *p = start; p < end; p++)
        {
          *w++ = *p;
          if (*p == '"' && p + 1 < end && p[1] == '"')
            p++;
        }
      end = w;
    }
  *end = '\0';
  f->s = start;
  f->len = end - start;
}

/* A data line: the fields before FileName from the front, the rest from
 * the back, so that FileName may hold anything. */
static LineResult
nsrl_row (Reader *r,
          char   *line,
          gsize   len)
{
  guint front = (guint) r->name_col;
  char *rest = line;
  char *end = line + len;

  if (split_csv (line, len, ',', r->fields, front, &rest) < front || rest == NULL)
    return malformed (r, _("fewer fields than the %u of the header"), r->n_columns);
  for (guint i = r->n_columns - 1; i > front; i--)
    if (!take_last (rest, &end, &r->fields[i]))
      return malformed (r, _("fewer fields than the %u of the header"), r->n_columns);
  take_middle (rest, end, &r->fields[front]);
  return apply_columns (r, r->fields, r->n_columns);
}

static LineResult
parse_nsrl (Reader *r,
            char   *line,
            gsize   len)
{
  if (len >= 7 && g_ascii_strncasecmp (line, "\"SHA-1\"", 7) == 0)
    return nsrl_header (r, line, len);
  if (r->name_col < 0)
    return apply_columns (r, r->fields, split_csv (line, len, ',', r->fields, MAX_FIELDS, NULL));
  return nsrl_row (r, line, len);
}

/* ---- hashdeep ---- */

static const ColumnName hashdeep_columns[] = {
  { "size", ROLE_SIZE },
  { "md5", ROLE_MD5 },
  { "sha1", ROLE_SHA1 },
  { "sha-1", ROLE_SHA1 },
  { "sha256", ROLE_SHA256 },
  { "sha-256", ROLE_SHA256 },
  { "filename", ROLE_NAME },
};

/* "%%%% HASHDEEP-1.0" gives the version; "%%%% size,md5,…,filename" the
 * columns (repeated where outputs were concatenated). */
static LineResult
hashdeep_header (Reader *r,
                 char   *line,
                 gsize   len)
{
  char *p = line + 4;
  char *end = line + len;
  guint n;

  p = skip_space (p, end);
  if (end - p >= 9 && g_ascii_strncasecmp (p, "HASHDEEP-", 9) == 0)
    {
      Field version = { p + 9, end - p - 9 };

      trim_field (&version);
      set_info (&r->info->version, version.s);
      return LINE_SKIP;
    }
  n = split_plain (p, end - p, ',', r->fields, MAX_FIELDS);
  if (n == MAX_FIELDS)
    return fatal (r, _("the hashdeep header names more than %d columns"), MAX_FIELDS - 1);
  set_columns (r, r->fields, n, hashdeep_columns, G_N_ELEMENTS (hashdeep_columns), ROLE_IGNORE);
  if (!has_role (r, ROLE_MD5) && !has_role (r, ROLE_SHA1) && !has_role (r, ROLE_SHA256))
    return fatal (r, _("the hashdeep header names no md5, sha1 or sha256 column"));
  return LINE_SKIP;
}

static LineResult
parse_hashdeep (Reader *r,
                char   *line,
                gsize   len)
{
  guint n;

  if (len >= 4 && memcmp (line, "%%%%", 4) == 0)
    return hashdeep_header (r, line, len);
  if (line[0] == '#')
    return LINE_COMMENT;
  if (!r->have_columns)
    return malformed (r, _("a record before the '%%%%%%%% size,…,filename' header"));
  n = split_plain (line, len, ',', r->fields, r->n_columns);
  if (n < r->n_columns)
    return malformed (r, _("%u fields where the header names %u"), n, r->n_columns);
  return apply_columns (r, r->fields, n);
}

/* ---- md5sum, sha*sum, md5deep, BSD ---- */

static void
note_hash_type (Reader     *r,
                const char *type)
{
  if (r->hash_type == type)
    return;
  set_info (&r->info->hash_type, r->hash_type == NULL ? type : "mixed");
  r->hash_type = type;
}

typedef struct
{
  gsize       hex;
  const char *name;
  gsize       bytes;   /* 0: recognised, not supported */
} Algorithm;

static const Algorithm algorithms[] = {
  { 32, "MD5", SCRIM_MD5_LEN },
  { 40, "SHA-1", SCRIM_SHA1_LEN },
  { 64, "SHA-256", SCRIM_SHA256_LEN },
  { 56, "SHA-224", 0 },
  { 96, "SHA-384", 0 },
  { 128, "SHA-512", 0 },
};

static LineResult
take_algorithm (Reader          *r,
                const Algorithm *algo,
                const char      *s,
                gsize            len)
{
  if (algo->bytes == 0)
    return malformed (r, _("%s is not supported"), algo->name);
  if (!take_hash (r, algo->name, s, len, algo->bytes))
    return LINE_MALFORMED;
  note_hash_type (r, algo->name);
  return LINE_RECORD;
}

/* A hash whose algorithm its length tells: 32 MD5, 40 SHA-1, 64 SHA-256
 * (never PDQ: a PDQ list needs --format pdq unless it gives qualities). */
static LineResult
take_hash_by_length (Reader     *r,
                     const char *s,
                     gsize       len)
{
  gsize span = hex_span (s, len);

  if (span < len)
    return malformed (r, _("the hash has a character that is not a hex digit at position %zu"),
                      span + 1);
  for (guint i = 0; i < G_N_ELEMENTS (algorithms); i++)
    if (algorithms[i].hex == len)
      return take_algorithm (r, &algorithms[i], s, len);
  return malformed (r, _("the hash has %zu hex digits (expected 32, 40 or 64)"), len);
}

/* BSD, shasum --tag and OpenSSL name the algorithm: MD5, SHA1, SHA256,
 * SHA2-256, SHA-256, … */
static const Algorithm *
bsd_algorithm (const char *s,
               gsize       len)
{
  char name[16];
  gsize n = 0;

  for (gsize i = 0; i < len && n + 1 < sizeof name; i++)
    if (s[i] != '-')
      name[n++] = g_ascii_toupper (s[i]);
  name[n] = '\0';
  /* SHA2-256 → SHA256 */
  if (n == 7 && g_str_has_prefix (name, "SHA2"))
    memmove (name + 3, name + 4, n - 3);
  for (guint i = 0; i < G_N_ELEMENTS (algorithms); i++)
    {
      char known[16];
      gsize k = 0;

      for (const char *c = algorithms[i].name; *c != '\0'; c++)
        if (*c != '-')
          known[k++] = *c;
      known[k] = '\0';
      if (strcmp (name, known) == 0)
        return &algorithms[i];
    }
  return NULL;
}

/* "MD5 (name) = hex", "SHA256(name)= hex": the algorithm word runs to
 * open, the hash follows the last '='. */
static LineResult
parse_bsd (Reader *r,
           char   *line,
           char   *open,
           char   *end)
{
  const Algorithm *algo = bsd_algorithm (line, (open[-1] == ' ' ? open - 1 : open) - line);
  char *eq = memrchr (open, '=', end - open);
  char *close = eq;
  Field hash;

  while (close != NULL && close > open && close[-1] == ' ')
    close--;
  if (eq == NULL || close <= open + 1 || close[-1] != ')')
    return malformed (r, _("a BSD line without ') = '"));
  if (algo == NULL)
    {
      g_autofree char *shown = show (line, open - line);

      return malformed (r, _("hash algorithm '%s' is not supported"), g_strstrip (shown));
    }
  hash.s = eq + 1;
  hash.len = end - hash.s;
  trim_field (&hash);
  close[-1] = '\0';
  r->rec.name = text_field (r, open + 1, close - 1 - (open + 1));
  return take_algorithm (r, algo, hash.s, hash.len);
}

static gboolean
is_bsd (const char  *line,
        const char  *end,
        char       **open)
{
  const char *q = line;

  while (q < end && q - line < 16 && IS (*q, CC_WORD))
    q++;
  if (q == line || q - line >= 16 || hex_span (line, q - line) == (gsize) (q - line))
    return FALSE;
  if (q < end && *q == ' ')
    q++;
  if (q >= end || *q != '(')
    return FALSE;
  *open = (char *) q;
  return TRUE;
}

/* md5deep -z: a size right-aligned in 10 columns, then a space. */
static gboolean
take_zsize (Reader  *r,
            char   **p,
            char    *end)
{
  char *s = *p;
  gsize i = 0;

  if (end - s < 12 || s[10] != ' ')
    return FALSE;
  while (i < 10 && s[i] == ' ')
    i++;
  if (i == 10 || !parse_size (s + i, 10 - i, &r->rec.size))
    return FALSE;
  *p = s + 11;
  return TRUE;
}

/* GNU md5sum writes a name holding a backslash or newline escaped, and
 * marks the line with a leading backslash. */
static void
unescape_name (Field *f)
{
  char *w = f->s;
  char *end = f->s + f->len;

  for (char *p = f->s; p < end; p++)
    {
      if (*p == '\\' && p + 1 < end && (p[1] == '\\' || p[1] == 'n' || p[1] == 'r'))
        {
          p++;
          *w++ = *p == 'n' ? '\n' : *p == 'r' ? '\r' : '\\';
        }
      else
        *w++ = *p;
    }
  *w = '\0';
  f->len = w - f->s;
}

/* "<hex>  <name>", "<hex> *<name>" (binary mode), "<hex> <name>" (BSD
 * md5 -r), "<hex>" (md5deep -q), each possibly after md5deep -z's size
 * or GNU's escape mark. */
static LineResult
parse_md5sum (Reader *r,
              char   *line,
              gsize   len)
{
  char *end = line + len;
  char *p = line;
  char *open;
  gboolean escaped;
  gsize span;
  Field name;

  if (line[0] == '#')
    return LINE_COMMENT;
  if (is_bsd (line, end, &open))
    return parse_bsd (r, line, open, end);
  if (!take_zsize (r, &p, end))
    p = skip_space (p, end);
  escaped = p < end && *p == '\\';
  p += escaped;
  span = hex_span (p, end - p);
  if (p + span < end && !IS (p[span], CC_SPACE))
    return malformed (r, _("the hash has a character that is not a hex digit at position %zu"),
                      span + 1);
  name.s = p + span < end ? p + span + 1 : end;
  if (name.s < end && (*name.s == ' ' || *name.s == '*'))
    name.s++;
  name.len = end - name.s;
  if (escaped)
    unescape_name (&name);
  r->rec.name = text_field (r, name.s, name.len);
  return take_hash_by_length (r, p, span);
}

/* ---- plain lists ---- */

static gboolean
is_header_word (const char *s,
                gsize       len)
{
  static const char * const words[] = {
    "md5", "sha1", "sha-1", "sha256", "sha-256", "sha2-256", "hash", "hashes", "hash_value",
    "hashvalue", "value", "digest", "checksum", "md5sum", "sha1sum", "sha256sum", "pdq",
    "pdq_hash", "pdqhash", "signal", "signal_value",
  };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (equal_ci (s, len, words[i]))
      return TRUE;
  return FALSE;
}

/* A column title on the first line: a word with no digits in it. */
static gboolean
is_header (Reader     *r,
           const char *s,
           gsize       len)
{
  if (is_header_word (s, len))
    return TRUE;
  if (r->seen_content || len == 0 || hex_span (s, len) == len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalpha (s[i]) && s[i] != '_' && s[i] != '-')
      return FALSE;
  return TRUE;
}

static LineResult
parse_text (Reader *r,
            char   *line,
            gsize   len)
{
  char *end = line + len;
  char *p = skip_space (line, end);
  char *q = p;

  if (*p == '#')
    return LINE_COMMENT;
  while (q < end && !IS (*q, CC_TEXT_SEP))
    q++;
  if (is_header (r, p, q - p))
    return LINE_SKIP;
  return take_hash_by_length (r, p, q - p);
}

/* ---- X-Ways ---- */

/* RFC 4648 Base32 (either case) of a SHA-1: 32 characters, no padding. */
static gboolean
decode_base32_sha1 (const char *s,
                    gsize       len,
                    guint8      out[SCRIM_SHA1_LEN])
{
  guint64 acc = 0;
  guint bits = 0;
  gsize o = 0;

  if (len != 32)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      char c = g_ascii_toupper (s[i]);
      guint v;

      if (c >= 'A' && c <= 'Z')
        v = c - 'A';
      else if (c >= '2' && c <= '7')
        v = c - '2' + 26;
      else
        return FALSE;
      acc = acc << 5 | v;
      bits += 5;
      if (bits >= 8)
        {
          bits -= 8;
          out[o++] = (guint8) (acc >> bits);
        }
    }
  return o == SCRIM_SHA1_LEN;
}

/* The first line names the hash type. */
static LineResult
xways_type (Reader *r,
            char   *s,
            gsize   len)
{
  static const struct { const char *name; const char *type; gsize bytes; } types[] = {
    { "MD5", "MD5", SCRIM_MD5_LEN },
    { "SHA-1", "SHA-1", SCRIM_SHA1_LEN },
    { "SHA1", "SHA-1", SCRIM_SHA1_LEN },
    { "SHA-256", "SHA-256", SCRIM_SHA256_LEN },
    { "SHA256", "SHA-256", SCRIM_SHA256_LEN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (equal_ci (s, len, types[i].name))
      {
        r->xways_bytes = types[i].bytes;
        r->hash_type = types[i].type;
        set_info (&r->info->hash_type, types[i].type);
        return LINE_SKIP;
      }
  {
    g_autofree char *shown = show (s, len);

    return fatal (r, _("an X-Ways hash set starts with its hash type (MD5, SHA-1 or SHA-256), not '%s'"),
                  shown);
  }
}

static LineResult
parse_xways (Reader *r,
             char   *line,
             gsize   len)
{
  char *end = line + len;
  char *p = skip_space (line, end);
  char *q = p;

  if (*p == '#')
    return LINE_COMMENT;
  while (q < end && !IS (*q, CC_TEXT_SEP))
    q++;
  if (r->xways_bytes == 0)
    return xways_type (r, p, q - p);
  if (r->xways_bytes == SCRIM_SHA1_LEN && q - p == 32 && hex_span (p, 32) < 32)
    {
      if (!decode_base32_sha1 (p, q - p, digest_slot (r, SCRIM_SHA1_LEN)))
        return malformed (r, _("SHA-1 is neither 40 hex digits nor 32 Base32 characters"));
      return LINE_RECORD;
    }
  return take_hash (r, r->hash_type, p, q - p, r->xways_bytes) ? LINE_RECORD : LINE_MALFORMED;
}

/* ---- ICSE and HashKeeper ---- */

static const ColumnName icse_columns[] = {
  { "MD5", ROLE_MD5 },
  { "SHA1", ROLE_SHA1 },
  { "SHA-1", ROLE_SHA1 },
  { "SHA256", ROLE_SHA256 },
  { "SHA-256", ROLE_SHA256 },
  { "PhotoDNA", ROLE_PHOTODNA },
  { "Image ID", ROLE_LABEL },
  { "Series name", ROLE_SERIES },
  { "Is distributed", ROLE_DISTRIBUTED },
  { "Victim identified", ROLE_VICTIM },
  { "Offender identified", ROLE_OFFENDER },
  { "Baseline", ROLE_BASELINE },
};

static const ColumnName hashkeeper_columns[] = {
  { "hash", ROLE_MD5 },
  { "file_name", ROLE_NAME },
  { "file_size", ROLE_SIZE },
  { "comments", ROLE_COMMENTS },
  { "hashset_id", ROLE_LABEL },
};

static LineResult
table_header (Reader *r,
              char   *line,
              gsize   len)
{
  gboolean icse = r->format == SCRIM_LIST_FORMAT_ICSE;
  guint n;

  r->header = g_strndup (line, len);
  n = split_csv (line, len, icse ? ';' : ',', r->fields, MAX_FIELDS, NULL);
  if (icse)
    set_columns (r, r->fields, n, icse_columns, G_N_ELEMENTS (icse_columns), ROLE_EXTRA);
  else
    set_columns (r, r->fields, n, hashkeeper_columns, G_N_ELEMENTS (hashkeeper_columns),
                 ROLE_EXTRA);
  if (icse && !has_role (r, ROLE_MD5) && !has_role (r, ROLE_SHA1) && !has_role (r, ROLE_PHOTODNA))
    return fatal (r, _("the ICSE header names no MD5, SHA1 or PhotoDNA column"));
  if (!icse && !has_role (r, ROLE_MD5))
    return fatal (r, _("the HashKeeper header names no hash column"));
  return LINE_SKIP;
}

static gboolean
all_empty (Field *fields,
           guint  n)
{
  for (guint i = 0; i < n; i++)
    for (gsize k = 0; k < fields[i].len; k++)
      if (!IS (fields[i].s[k], CC_SPACE))
        return FALSE;
  return TRUE;
}

/* ICSE (';') and HashKeeper (','): columns by name, extra columns kept,
 * short rows read with the missing columns empty. */
static LineResult
parse_table (Reader *r,
             char   *line,
             gsize   len)
{
  guint n;

  if (r->header == NULL)
    return table_header (r, line, len);
  if (strcmp (line, r->header) == 0)
    return LINE_SKIP;
  n = split_csv (line, len, r->format == SCRIM_LIST_FORMAT_ICSE ? ';' : ',', r->fields,
                 MAX_FIELDS, NULL);
  if (all_empty (r->fields, n))
    return LINE_SKIP;
  return apply_columns (r, r->fields, n);
}

/* ---- PDQ ---- */

/* The field after the hash: a quality when it starts like a number. */
static LineResult
pdq_quality (Reader *r,
             char   *s,
             gsize   len)
{
  Field f = { s, len };
  gint64 quality;

  trim_field (&f);
  if (!parse_size (f.s, f.len, &quality))
    {
      g_autofree char *shown = show (f.s, f.len);

      return malformed (r, _("quality '%s' is not a whole number in 0..100"), shown);
    }
  if (quality > 100)
    return malformed (r, _("quality %" PRId64 " is outside 0..100"), quality);
  r->rec.pdq_quality = (int) quality;
  return LINE_RECORD;
}

/* A category code as lists write them: a number ("1"), or one letter (a
 * UK grade, "A"). Anything else after the quality is a label. */
static gboolean
looks_like_code (const char *s,
                 gsize       len)
{
  if (len == 1 && g_ascii_isalpha (s[0]))
    return TRUE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return len > 0 && len <= 4;
}

/* Quality, then a category code when the next field is one, then the
 * label (the rest); or the label alone when what follows the hash does not
 * start like a number. So "hash,quality,code,label", the reference tool's
 * "hash,quality,filename" and "hash,label" all read as meant. */
static LineResult
pdq_quality_and_label (Reader *r,
                       char   *p,
                       char   *end,
                       char    sep)
{
  char *q = p;
  Field label, code;

  while (q < end && (sep == ' ' ? !IS (*q, CC_SPACE) : *q != sep))
    q++;
  label.s = q < end ? q + 1 : end;
  if (p < end && (g_ascii_isdigit (*p) || *p == '-' || *p == '+'))
    {
      if (pdq_quality (r, p, q - p) != LINE_RECORD)
        return LINE_MALFORMED;
    }
  else if (q > p)
    label.s = p;
  label.len = end - label.s;

  for (q = (char *) label.s; q < end && (sep == ' ' ? !IS (*q, CC_SPACE) : *q != sep); q++)
    ;
  code.s = label.s;
  code.len = q - label.s;
  while (code.len > 0 && IS (code.s[0], CC_SPACE))
    code.s++, code.len--;
  while (code.len > 0 && IS (code.s[code.len - 1], CC_SPACE))
    code.len--;
  if (label.s != p && looks_like_code (code.s, code.len))
    {
      trim_field (&code);
      r->rec.category = text_field (r, code.s, code.len);
      label.s = q < end ? q + 1 : end;
      label.len = end - label.s;
    }
  trim_field (&label);
  r->rec.label = text_field (r, label.s, label.len);
  return LINE_RECORD;
}

static gboolean
take_pdq (Reader     *r,
          const char *s,
          gsize       len)
{
  guint8 bytes[SCRIM_PDQ_BYTES];

  if (!check_hash (r, "PDQ", s, len, SCRIM_PDQ_BYTES, bytes))
    return FALSE;
  scrim_pdq_from_bytes (bytes, &r->rec.pdq);
  r->rec.has_pdq = TRUE;
  return TRUE;
}

/* 64 hex digits, then nothing, or a separator, quality and label. */
static LineResult
pdq_hash_and_rest (Reader *r,
                   char   *p,
                   char   *end)
{
  gsize span = hex_span (p, end - p);
  char *rest;

  if (p + span < end && !IS (p[span], CC_PDQ_SEP))
    return malformed (r, _("PDQ has a character that is not a hex digit at position %zu"),
                      span + 1);
  if (!take_pdq (r, p, span))
    return LINE_MALFORMED;
  if (p + span == end)
    return LINE_RECORD;
  rest = p + span + 1;
  while (rest < end && *rest == ' ')
    rest++;
  return pdq_quality_and_label (r, rest, end, p[span]);
}

/* pdq-photo-hasher --details: hash=…,norm=…,delta=…,quality=…,filename=…
 * (the file name last, commas and all). */
static LineResult
pdq_details (Reader *r,
             char   *line,
             char   *end)
{
  char *p = line;

  while (p != NULL && p < end)
    {
      char *comma = memchr (p, ',', end - p);
      char *stop = (g_str_has_prefix (p, "filename=") || comma == NULL) ? end : comma;

      *stop = '\0';
      if (g_str_has_prefix (p, "hash=") && !take_pdq (r, p + 5, stop - p - 5))
        return LINE_MALFORMED;
      if (g_str_has_prefix (p, "quality=") && pdq_quality (r, p + 8, stop - p - 8) != LINE_RECORD)
        return LINE_MALFORMED;
      if (g_str_has_prefix (p, "filename="))
        r->rec.label = text_field (r, p + 9, stop - p - 9);
      p = stop < end ? stop + 1 : NULL;
    }
  return r->rec.has_pdq ? LINE_RECORD : malformed (r, _("a hash=… line without a hash"));
}

/* A first field that is not a hash: "pdq <hex>" (python-threatexchange),
 * a column title, or another signal type ("video_md5 <hex>"). */
static LineResult
pdq_word (Reader *r,
          char   *p,
          char   *end)
{
  char *q = p;
  char *next;
  gboolean then_value;

  while (q < end && IS (*q, CC_WORD))
    q++;
  next = skip_space (q, end);
  then_value = q > p && q < end && IS (*q, CC_SPACE) && next < end;
  if (then_value && equal_ci (p, q - p, "pdq"))
    return pdq_hash_and_rest (r, next, end);
  if (q > p && is_header (r, p, q - p))
    return LINE_SKIP;
  if (then_value && g_ascii_isalpha (*p) && q - p <= 24)
    {
      g_autofree char *shown = show (p, q - p);

      return malformed (r, _("signal type '%s' is not PDQ"), shown);
    }
  return pdq_hash_and_rest (r, p, end);
}

/* "<hex>", "<hex>,<quality>,<label>", the same with tabs or spaces,
 * "pdq <hex>", "hash=<hex>,…". */
static LineResult
parse_pdq (Reader *r,
           char   *line,
           gsize   len)
{
  char *end = line + len;
  char *p = skip_space (line, end);
  gsize span = hex_span (p, end - p);

  if (*p == '#')
    return LINE_COMMENT;
  if (g_ascii_strncasecmp (p, "hash=", 5) == 0)
    return pdq_details (r, p, end);
  if (p + span == end || IS (p[span], CC_PDQ_SEP))
    return pdq_hash_and_rest (r, p, end);
  return pdq_word (r, p, end);
}

/* ---- the line loop ---- */

/* Moves the unsplit bytes to the front and reads more after them. */
static gboolean
refill (Reader  *r,
        GError **error)
{
  gsize avail = r->end - r->start;
  gssize n;

  memmove (r->buf, r->buf + r->start, avail);
  r->start = 0;
  r->end = avail;
  if (avail >= MAX_LINE)
    {
      r->discarding = TRUE;
      r->end = 0;
    }
  n = scrim_list_input_read (r->input, (guint8 *) r->buf + r->end, MAX_LINE + READ_CHUNK - r->end,
                             error);
  if (n < 0)
    return FALSE;
  r->end += n;
  r->eof = n == 0;
  return TRUE;
}

static char *
take_line (Reader *r,
           char   *line,
           gsize   len,
           gsize  *len_out)
{
  r->line_no++;
  r->overlong = r->discarding || len > MAX_LINE;
  r->discarding = FALSE;
  if (len > 0 && line[len - 1] == '\r')
    len--;
  line[len] = '\0';
  *len_out = len;
  return line;
}

/* The next line, NUL-terminated in the buffer, without its LF or CRLF;
 * NULL at the end of the input (or with error set). A line past MAX_LINE
 * comes back with r->overlong set (and its head already dropped). */
static char *
next_line (Reader  *r,
           gsize   *len,
           GError **error)
{
  for (;;)
    {
      char *data = r->buf + r->start;
      gsize avail = r->end - r->start;
      char *nl = avail > 0 ? memchr (data, '\n', avail) : NULL;

      if (nl != NULL)
        {
          r->start += nl - data + 1;
          return take_line (r, data, nl - data, len);
        }
      if (r->eof)
        {
          r->start = r->end;
          return avail > 0 || r->discarding ? take_line (r, data, avail, len) : NULL;
        }
      if (!refill (r, error))
        return NULL;
    }
}

static gboolean
report (Reader  *r,
        GError **error)
{
  if (r->problem_func == NULL || r->problem_func (r->line_no, r->reason->str, r->user_data))
    return TRUE;
  g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("%s: line %" PRIu64 ": %s"),
               scrim_list_input_get_name (r->input), r->line_no, r->reason->str);
  return FALSE;
}

static gboolean
emit (Reader  *r,
      GError **error)
{
  r->rec.record = r->line_no;
  if (r->record_func (&r->rec, r->user_data))
    return TRUE;
  g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_CANCELLED, _("%s: reading stopped at line %" PRIu64),
               scrim_list_input_get_name (r->input), r->line_no);
  return FALSE;
}

static gboolean
is_blank (const char *line,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!IS (line[i], CC_SPACE))
      return FALSE;
  return TRUE;
}

static gboolean
handle_line (Reader  *r,
             char    *line,
             gsize    len,
             GError **error)
{
  LineResult result;

  if (r->overlong)
    {
      g_string_assign (r->reason, "the line is longer than 1 MiB");
      return report (r, error);
    }
  if (is_blank (line, len))
    return TRUE;
  r->rec = empty_record;
  r->n_text = 0;
  g_string_truncate (r->extra, 0);
  result = r->parse (r, line, len);
  r->seen_content |= result != LINE_COMMENT;
  switch (result)
    {
    case LINE_RECORD:
      return emit (r, error);
    case LINE_SKIP:
    case LINE_COMMENT:
      return TRUE;
    case LINE_MALFORMED:
      return report (r, error);
    case LINE_FATAL:
    default:
      g_propagate_error (error, g_steal_pointer (&r->fatal));
      return FALSE;
    }
}

static gboolean
check_cancelled (Reader  *r,
                 GError **error)
{
  if (!g_cancellable_is_cancelled (r->cancellable))
    return TRUE;
  g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_CANCELLED, _("%s: reading cancelled at line %" PRIu64),
               scrim_list_input_get_name (r->input), r->line_no);
  return FALSE;
}

static gboolean
run (Reader  *r,
     GError **error)
{
  GError *local_error = NULL;
  char *line;
  gsize len;

  while ((line = next_line (r, &len, &local_error)) != NULL)
    {
      if (r->line_no % CANCEL_EVERY == 0 && !check_cancelled (r, error))
        return FALSE;
      if (!handle_line (r, line, len, error))
        return FALSE;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return check_cancelled (r, error);
}

static LineFunc
line_func (ScrimListFormat format)
{
  switch (format)
    {
    case SCRIM_LIST_FORMAT_NSRL: return parse_nsrl;
    case SCRIM_LIST_FORMAT_HASHDEEP: return parse_hashdeep;
    case SCRIM_LIST_FORMAT_MD5SUM: return parse_md5sum;
    case SCRIM_LIST_FORMAT_TEXT: return parse_text;
    case SCRIM_LIST_FORMAT_ICSE: return parse_table;
    case SCRIM_LIST_FORMAT_XWAYS: return parse_xways;
    case SCRIM_LIST_FORMAT_HASHKEEPER: return parse_table;
    case SCRIM_LIST_FORMAT_PDQ: return parse_pdq;
    case SCRIM_LIST_FORMAT_AUTO:
    case SCRIM_LIST_FORMAT_VICS:
    case SCRIM_LIST_FORMAT_NSRL_RDS3:
    default:
      return NULL;
    }
}

static void
free_gstring (GString *s)
{
  g_string_free (s, TRUE);
}

static void
reader_init (Reader          *r,
             ScrimListInput  *input,
             ScrimListFormat  format,
             ScrimListInfo   *info)
{
  memset (r, 0, sizeof *r);
  r->input = input;
  r->format = format;
  r->info = info;
  r->parse = line_func (format);
  r->buf = g_malloc (MAX_LINE + READ_CHUNK + 1);
  r->reason = g_string_new (NULL);
  r->extra = g_string_new (NULL);
  r->scratch = g_string_new (NULL);
  r->text = g_ptr_array_new_with_free_func ((GDestroyNotify) free_gstring);
  r->name_col = -1;
  info->format = format;
}

static void
reader_clear (Reader *r)
{
  clear_columns (r);
  g_free (r->header);
  g_free (r->buf);
  g_string_free (r->reason, TRUE);
  g_string_free (r->extra, TRUE);
  g_string_free (r->scratch, TRUE);
  g_ptr_array_unref (r->text);
  g_clear_error (&r->fatal);
}

/* NSRL files concatenated from discs may start without a header: read
 * them with the 2.x columns until a header says otherwise. */
static void
nsrl_default_columns (Reader *r)
{
  g_autofree char *header = g_strdup (nsrl_default_header);

  nsrl_header (r, header, strlen (header));
  set_info (&r->info->version, NULL);
}

/*
** Reads a line-based list (every format but AUTO, VICS and NSRL_RDS3) from
** input, calling record_func for each record and problem_func (may be
** NULL: problems are then skipped silently) for each malformed line with
** its 1-based line number and the reason. Fills info (may be NULL) with
** the format, its version and hash type as they are learnt.
**
** Returns TRUE once the whole input is read. Returns FALSE with error set
** when reading fails (SCRIM_ERROR_IO), when a header makes the file
** unreadable or problem_func returns FALSE (SCRIM_ERROR_INVALID, naming
** the line), or when record_func returns FALSE or cancellable fires
** (SCRIM_ERROR_CANCELLED). Records already passed to record_func stay
** passed.
*/
gboolean
scrim_list_read_lines (ScrimListInput      *input,
                       ScrimListFormat      format,
                       ScrimListInfo       *info,
                       ScrimListRecordFunc  record_func,
                       ScrimListProblemFunc problem_func,
                       gpointer             user_data,
                       GCancellable        *cancellable,
                       GError             **error)
{
  ScrimListInfo local_info = { 0 };
  Reader r;
  gboolean ok;

  g_return_val_if_fail (input != NULL, FALSE);
  g_return_val_if_fail (record_func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (line_func (format) == NULL)
    {
      g_set_error (error, SCRIM_ERROR, SCRIM_ERROR_INVALID, _("%s: '%s' is not a line-based list format"),
                   scrim_list_input_get_name (input), scrim_list_format_to_string (format));
      return FALSE;
    }
  reader_init (&r, input, format, info != NULL ? info : &local_info);
  r.record_func = record_func;
  r.problem_func = problem_func;
  r.user_data = user_data;
  r.cancellable = cancellable;
  if (format == SCRIM_LIST_FORMAT_NSRL)
    nsrl_default_columns (&r);
  ok = run (&r, error);
  reader_clear (&r);
  scrim_list_info_clear (&local_info);
  return ok;
}
