/* scrim-vics.c: Project VIC "VICS" JSON lists, read as a stream
 *
 * A VICS file is one JSON object holding a data-model key (`odata.metadata`
 * in 1.x, `@odata.context` in 2.0) and a `value` array of Media records, or
 * of Case objects each holding a `Media` array (shared/specs/hash-lists.md
 * §1). Real lists run to tens of millions of records and gigabytes, so
 * nothing here holds the document: a small pull tokenizer walks the UTF-8
 * text through one fixed buffer, and an assembler keeps one Media record at
 * a time, handing each on as its closing brace arrives.
 *
 * The tokenizer enforces JSON's grammar itself (one bit per open container
 * says object or array), so the assembler sees only well-formed token
 * streams and can skip whatever it does not want. Strings without escapes
 * that lie within the buffer are returned in place, NUL-terminated over
 * their closing quote; only strings with escapes or across a refill are
 * copied. Hostile files meet caps: a string is kept up to 1 MiB (a longer
 * one is scanned to its end, not stored), a number up to 64 characters,
 * nesting to 64 levels, a record's kept text to 4 MiB. A record that needs
 * more is reported and skipped; nesting deeper ends the read, since past
 * that point the file is not VICS.
 *
 * Copyright 2026 The Scrim authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "scrim-error.h"
#include "scrim-hash.h"
#include "scrim-json.h"
#include "scrim-list.h"
#include "scrim-text.h"

#define BUF_SIZE     ((gsize) 256 * 1024)
#define MAX_STRING   ((gsize) 1024 * 1024)
#define MAX_NUMBER   64
#define MAX_DEPTH    64
#define MAX_RECORD   ((gsize) 4 * 1024 * 1024)
#define MAX_LISTED   64      /* MediaFiles and other AlternativeHashes kept per record */
#define CANCEL_EVERY 4096
#define SHOW_MAX     48      /* bytes of a bad value quoted in a message */
#define SHOW_URI_MAX 200

#define IS_SPACE(c)  ((c) == ' ' || (c) == '\n' || (c) == '\r' || (c) == '\t')
#define IS_DIGIT(c)  ((c) >= '0' && (c) <= '9')
#define IS_NUMBER_CHAR(c) (IS_DIGIT (c) || (c) == '-' || (c) == '+' || (c) == '.' || \
                           (c) == 'e' || (c) == 'E')

/* ------------------------------------------------------------------------ */
/* The tokenizer                                                            */

typedef enum
{
  TOK_EOF,
  TOK_BEGIN_OBJECT,
  TOK_END_OBJECT,
  TOK_BEGIN_ARRAY,
  TOK_END_ARRAY,
  TOK_KEY,
  TOK_STRING,
  TOK_NUMBER,
  TOK_TRUE,
  TOK_FALSE,
  TOK_NULL,
} TokenType;

typedef enum
{
  EXPECT_VALUE,          /* at the start, after ':', after ',' in an array */
  EXPECT_VALUE_OR_END,   /* after '[' */
  EXPECT_KEY,            /* after ',' in an object */
  EXPECT_KEY_OR_END,     /* after '{' */
  EXPECT_COLON,          /* after a key */
  EXPECT_COMMA_OR_END,   /* after a member or an element */
  EXPECT_EOF,            /* after the top-level value */
} Expect;

typedef struct
{
  ScrimListInput *input;
  guint8         *buf;          /* BUF_SIZE bytes of UTF-8 text */
  gsize           pos;
  gsize           len;
  guint64         base;         /* offset of buf[0] in the text */
  gboolean        at_end;

  Expect          expect;
  guint           depth;
  guint64         arrays;       /* bit d: the container at depth d + 1 is an array */

  TokenType       type;
  const char     *text;         /* keys, strings, numbers: NUL-terminated */
  gsize           text_len;
  gboolean        oversize;     /* text is cut: the string or number passed its cap */
  guint64         offset;       /* where the token starts */

  GString        *scratch;      /* strings with escapes, or across a refill */
  char            number[MAX_NUMBER + 1];
  GError         *error;
} Lexer;

static void
lex_init (Lexer          *lx,
          ScrimListInput *input)
{
  memset (lx, 0, sizeof *lx);
  lx->input = input;
  lx->buf = g_malloc (BUF_SIZE);
  lx->scratch = g_string_sized_new (256);
  lx->expect = EXPECT_VALUE;
}

static void
lex_clear (Lexer *lx)
{
  g_free (lx->buf);
  g_string_free (lx->scratch, TRUE);
  g_clear_error (&lx->error);
}

static gboolean lex_fail (Lexer      *lx,
                          const char *format,
                          ...) G_GNUC_PRINTF (2, 3);

/* Sets lx->error (SCRIM_ERROR_INVALID); returns FALSE. */
static gboolean
lex_fail (Lexer      *lx,
          const char *format,
          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (lx->error == NULL)
    g_set_error_literal (&lx->error, SCRIM_ERROR, SCRIM_ERROR_INVALID, message);
  return FALSE;
}

/* Moves the unread tail to the front of the buffer and reads more after
 * it. Returns the count of new bytes (0 at the end), or -1 on a read error. */
static gssize
lex_refill (Lexer *lx)
{
  gssize n;

  if (lx->at_end)
    return 0;
  if (lx->pos > 0)
    {
      memmove (lx->buf, lx->buf + lx->pos, lx->len - lx->pos);
      lx->base += lx->pos;
      lx->len -= lx->pos;
      lx->pos = 0;
    }
  g_assert (lx->len < BUF_SIZE);
  n = scrim_list_input_read (lx->input, lx->buf + lx->len, BUF_SIZE - lx->len, &lx->error);
  if (n < 0)
    return -1;
  if (n == 0)
    lx->at_end = TRUE;
  lx->len += n;
  return n;
}

/* Makes n bytes (a few) readable at pos when the input has them. Returns
 * FALSE on a read error only; the caller checks what it got. */
static gboolean
lex_ensure (Lexer *lx,
            gsize  n)
{
  while (lx->len - lx->pos < n)
    {
      gssize got = lex_refill (lx);

      if (got <= 0)
        return got == 0;
    }
  return TRUE;
}

/* Whether the innermost open container is an array. */
static gboolean
lex_in_array (const Lexer *lx)
{
  return lx->depth > 0 && (lx->arrays >> (lx->depth - 1) & 1);
}

static const char *
lex_expected (const Lexer *lx)
{
  gboolean in_array = lex_in_array (lx);

  switch (lx->expect)
    {
    case EXPECT_VALUE:
      return _("a value");
    case EXPECT_VALUE_OR_END:
      return _("a value or ']'");
    case EXPECT_KEY:
      return _("a key (a string)");
    case EXPECT_KEY_OR_END:
      return _("a key or '}'");
    case EXPECT_COLON:
      return "':'";
    case EXPECT_COMMA_OR_END:
      return in_array ? "',' or ']'" : "',' or '}'";
    case EXPECT_EOF:
      return _("the end of the file");
    default:
      g_assert_not_reached ();
    }
}

static gboolean
lex_unexpected (Lexer *lx)
{
  guint8 c = lx->buf[lx->pos];
  char what[64];

  if (c >= 0x20 && c < 0x7f)
    g_snprintf (what, sizeof what, "'%c'", c);
  else
    g_snprintf (what, sizeof what, _("byte 0x%02x"), c);
  return lex_fail (lx, _("unexpected %s at byte %" PRIu64 ", expected %s"),
                   what, lx->base + lx->pos, lex_expected (lx));
}

static gboolean
lex_at_end (Lexer *lx)
{
  lx->offset = lx->base + lx->pos;
  if (lx->expect == EXPECT_EOF)
    {
      lx->type = TOK_EOF;
      return TRUE;
    }
  if (lx->depth == 0 && lx->expect == EXPECT_VALUE)
    return lex_fail (lx, _("the file holds no JSON value"));
  return lex_fail (lx, _("unexpected end of file at byte %" PRIu64 ", expected %s"),
                   lx->offset, lex_expected (lx));
}

/* Appends to the scratch string up to its cap; past it, notes the cut. */
static void
lex_keep (Lexer      *lx,
          const void *bytes,
          gsize       n)
{
  gsize room = MAX_STRING - lx->scratch->len;

  if (n > room)
    {
      n = room;
      lx->oversize = TRUE;
    }
  g_string_append_len (lx->scratch, bytes, n);
}

static int
hex4 (const guint8 *p)
{
  int v = 0;

  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (p[i]);

      if (d < 0)
        return -1;
      v = v << 4 | d;
    }
  return v;
}

/* \uXXXX, with a surrogate pair in two; a lone surrogate or U+0000 (which
 * would cut the C string) becomes U+FFFD. */
static gboolean
lex_unicode_escape (Lexer   *lx,
                    guint64  string_at)
{
  char utf8[8];
  int hi, lo;
  gunichar u;

  if (!lex_ensure (lx, 12))
    return FALSE;
  if (lx->len - lx->pos < 6)
    return lex_fail (lx, _("unterminated string at byte %" PRIu64), string_at);
  hi = hex4 (lx->buf + lx->pos + 2);
  if (hi < 0)
    return lex_fail (lx, _("invalid \\u escape at byte %" PRIu64), lx->base + lx->pos);
  lx->pos += 6;
  u = hi;
  if (hi >= 0xd800 && hi < 0xdc00)
    {
      const guint8 *p = lx->buf + lx->pos;

      lo = lx->len - lx->pos >= 6 && p[0] == '\\' && p[1] == 'u' ? hex4 (p + 2) : -1;
      if (lo >= 0xdc00 && lo < 0xe000)
        {
          u = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
          lx->pos += 6;
        }
      else
        u = 0xfffd;
    }
  else if ((hi >= 0xdc00 && hi < 0xe000) || hi == 0)
    u = 0xfffd;
  lex_keep (lx, utf8, g_unichar_to_utf8 (u, utf8));
  return TRUE;
}

static gboolean
lex_escape (Lexer   *lx,
            guint64  string_at)
{
  char c;

  if (!lex_ensure (lx, 2))
    return FALSE;
  if (lx->len - lx->pos < 2)
    return lex_fail (lx, _("unterminated string at byte %" PRIu64), string_at);
  switch (lx->buf[lx->pos + 1])
    {
    case '"': c = '"'; break;
    case '\\': c = '\\'; break;
    case '/': c = '/'; break;
    case 'b': c = '\b'; break;
    case 'f': c = '\f'; break;
    case 'n': c = '\n'; break;
    case 'r': c = '\r'; break;
    case 't': c = '\t'; break;
    case 'u':
      return lex_unicode_escape (lx, string_at);
    default:
      return lex_fail (lx, _("invalid escape at byte %" PRIu64), lx->base + lx->pos);
    }
  lex_keep (lx, &c, 1);
  lx->pos += 2;
  return TRUE;
}

/* A string with escapes or across a refill, built in lx->scratch; pos is
 * at the first byte not yet copied. */
static gboolean
lex_string_slow (Lexer   *lx,
                 guint64  string_at)
{
  for (;;)
    {
      gsize q = lx->pos;

      while (q < lx->len && lx->buf[q] != '"' && lx->buf[q] != '\\')
        q++;
      lex_keep (lx, lx->buf + lx->pos, q - lx->pos);
      lx->pos = q;
      if (q == lx->len)
        {
          gssize got = lex_refill (lx);

          if (got < 0)
            return FALSE;
          if (got == 0)
            return lex_fail (lx, _("unterminated string at byte %" PRIu64), string_at);
        }
      else if (lx->buf[q] == '\\')
        {
          if (!lex_escape (lx, string_at))
            return FALSE;
        }
      else
        break;
    }
  lx->pos++;
  lx->text = lx->scratch->str;
  lx->text_len = lx->scratch->len;
  return TRUE;
}

/* A string (key or value), pos at its opening quote. */
static gboolean
lex_string (Lexer *lx)
{
  gsize start = lx->pos + 1;
  gsize p = start;

  while (p < lx->len && lx->buf[p] != '"' && lx->buf[p] != '\\')
    p++;
  lx->oversize = FALSE;
  if (p < lx->len && lx->buf[p] == '"')
    {
      lx->buf[p] = '\0';
      lx->text = (const char *) lx->buf + start;
      lx->text_len = p - start;
      lx->pos = p + 1;
      return TRUE;
    }
  g_string_truncate (lx->scratch, 0);
  lx->pos = start;
  return lex_string_slow (lx, lx->offset);
}

/* JSON's number grammar, leading zeros tolerated. */
static gboolean
number_is_valid (const char *s)
{
  if (*s == '-')
    s++;
  if (!IS_DIGIT (*s))
    return FALSE;
  while (IS_DIGIT (*s))
    s++;
  if (*s == '.')
    {
      if (!IS_DIGIT (s[1]))
        return FALSE;
      for (s++; IS_DIGIT (*s); s++)
        ;
    }
  if (*s == 'e' || *s == 'E')
    {
      s += s[1] == '+' || s[1] == '-' ? 2 : 1;
      if (!IS_DIGIT (*s))
        return FALSE;
      while (IS_DIGIT (*s))
        s++;
    }
  return *s == '\0';
}

static gboolean
lex_number (Lexer *lx)
{
  gsize n = 0;

  lx->oversize = FALSE;
  for (;;)
    {
      while (lx->pos < lx->len && IS_NUMBER_CHAR (lx->buf[lx->pos]))
        {
          if (n < MAX_NUMBER)
            lx->number[n++] = lx->buf[lx->pos];
          else
            lx->oversize = TRUE;
          lx->pos++;
        }
      if (lx->pos < lx->len)
        break;
      if (lex_refill (lx) <= 0)
        {
          if (lx->error != NULL)
            return FALSE;
          break;
        }
    }
  lx->number[n] = '\0';
  if (!lx->oversize && !number_is_valid (lx->number))
    return lex_fail (lx, _("invalid number \"%s\" at byte %" PRIu64), lx->number, lx->offset);
  lx->text = lx->number;
  lx->text_len = n;
  return TRUE;
}

static gboolean
lex_literal (Lexer      *lx,
             const char *word,
             TokenType   type)
{
  gsize n = strlen (word);
  gsize have;

  if (!lex_ensure (lx, n))
    return FALSE;
  have = MIN (n, lx->len - lx->pos);
  if (have < n && memcmp (lx->buf + lx->pos, word, have) == 0)
    return lex_fail (lx, _("unexpected end of file at byte %" PRIu64 " inside %s"),
                     lx->base + lx->len, word);
  if (have < n || memcmp (lx->buf + lx->pos, word, n) != 0)
    return lex_unexpected (lx);
  lx->pos += n;
  lx->type = type;
  return TRUE;
}

static gboolean
lex_open (Lexer     *lx,
          gboolean   array)
{
  if (lx->depth == MAX_DEPTH)
    return lex_fail (lx, _("nesting deeper than %d levels at byte %" PRIu64),
                     MAX_DEPTH, lx->offset);
  if (array)
    lx->arrays |= G_GUINT64_CONSTANT (1) << lx->depth;
  else
    lx->arrays &= ~(G_GUINT64_CONSTANT (1) << lx->depth);
  lx->depth++;
  lx->pos++;
  lx->type = array ? TOK_BEGIN_ARRAY : TOK_BEGIN_OBJECT;
  lx->expect = array ? EXPECT_VALUE_OR_END : EXPECT_KEY_OR_END;
  return TRUE;
}

/* A value is complete: what may follow depends on where it stands. */
static void
lex_after_value (Lexer *lx)
{
  lx->expect = lx->depth == 0 ? EXPECT_EOF : EXPECT_COMMA_OR_END;
}

static gboolean
lex_close (Lexer *lx)
{
  gboolean array = lex_in_array (lx);

  if (lx->buf[lx->pos] != (array ? ']' : '}'))
    return lex_unexpected (lx);
  lx->depth--;
  lx->pos++;
  lx->type = array ? TOK_END_ARRAY : TOK_END_OBJECT;
  lex_after_value (lx);
  return TRUE;
}

static gboolean
lex_value (Lexer *lx)
{
  gboolean ok;

  switch (lx->buf[lx->pos])
    {
    case '{':
      return lex_open (lx, FALSE);
    case '[':
      return lex_open (lx, TRUE);
    case '"':
      lx->type = TOK_STRING;
      ok = lex_string (lx);
      break;
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      lx->type = TOK_NUMBER;
      ok = lex_number (lx);
      break;
    case 't':
      ok = lex_literal (lx, "true", TOK_TRUE);
      break;
    case 'f':
      ok = lex_literal (lx, "false", TOK_FALSE);
      break;
    case 'n':
      ok = lex_literal (lx, "null", TOK_NULL);
      break;
    default:
      return lex_unexpected (lx);
    }
  lex_after_value (lx);
  return ok;
}

/* Skips whitespace; FALSE on a read error. At the end, pos == len. */
static gboolean
lex_skip_space (Lexer *lx)
{
  for (;;)
    {
      while (lx->pos < lx->len && IS_SPACE (lx->buf[lx->pos]))
        lx->pos++;
      if (lx->pos < lx->len)
        return TRUE;
      if (lex_refill (lx) <= 0)
        return lx->error == NULL;
    }
}

/*
** Reads the next token into lx->type (and lx->text for keys, strings and
** numbers, valid until the next call). Returns FALSE with lx->error set on
** malformed JSON or a read error.
*/
static gboolean
lex_next (Lexer *lx)
{
  lx->oversize = FALSE;
  for (;;)
    {
      if (!lex_skip_space (lx))
        return FALSE;
      if (lx->pos == lx->len)
        return lex_at_end (lx);
      lx->offset = lx->base + lx->pos;
      switch (lx->expect)
        {
        case EXPECT_COLON:
          if (lx->buf[lx->pos] != ':')
            return lex_unexpected (lx);
          lx->expect = EXPECT_VALUE;
          lx->pos++;
          continue;
        case EXPECT_COMMA_OR_END:
          if (lx->buf[lx->pos] != ',')
            return lex_close (lx);
          lx->expect = lex_in_array (lx) ? EXPECT_VALUE : EXPECT_KEY;
          lx->pos++;
          continue;
        case EXPECT_KEY_OR_END:
          if (lx->buf[lx->pos] == '}')
            return lex_close (lx);
          G_GNUC_FALLTHROUGH;
        case EXPECT_KEY:
          if (lx->buf[lx->pos] != '"')
            return lex_unexpected (lx);
          lx->type = TOK_KEY;
          lx->expect = EXPECT_COLON;
          return lex_string (lx);
        case EXPECT_VALUE_OR_END:
          if (lx->buf[lx->pos] == ']')
            return lex_close (lx);
          G_GNUC_FALLTHROUGH;
        case EXPECT_VALUE:
          return lex_value (lx);
        case EXPECT_EOF:
          return lex_fail (lx, _("unexpected data at byte %" PRIu64
                             " after the end of the JSON document"), lx->offset);
        default:
          g_assert_not_reached ();
        }
    }
}

/* Having read a token, skips the rest of it if it opened a container. */
static gboolean
lex_skip (Lexer *lx)
{
  guint depth;

  if (lx->type != TOK_BEGIN_OBJECT && lx->type != TOK_BEGIN_ARRAY)
    return TRUE;
  depth = lx->depth - 1;
  while (lx->depth > depth)
    if (!lex_next (lx))
      return FALSE;
  return TRUE;
}

static const char *
token_name (TokenType type)
{
  switch (type)
    {
    case TOK_BEGIN_OBJECT:
      return _("an object");
    case TOK_BEGIN_ARRAY:
      return _("an array");
    case TOK_STRING:
      return _("a string");
    case TOK_NUMBER:
      return _("a number");
    case TOK_TRUE:
      return "true";
    case TOK_FALSE:
      return "false";
    case TOK_NULL:
      return "null";
    case TOK_EOF:
    case TOK_END_OBJECT:
    case TOK_END_ARRAY:
    case TOK_KEY:
    default:
      return _("nothing");
    }
}

/* The text of a string or number token, NULL for anything else. */
static const char *
token_text (const Lexer *lx,
            gsize       *len)
{
  if (lx->type != TOK_STRING && lx->type != TOK_NUMBER)
    return NULL;
  *len = lx->text_len;
  return lx->text;
}

/* ------------------------------------------------------------------------ */
/* Values                                                                   */

static void
trim (const char **text,
      gsize       *len)
{
  while (*len > 0 && IS_SPACE ((*text)[0]))
    (*text)++, (*len)--;
  while (*len > 0 && IS_SPACE ((*text)[*len - 1]))
    (*len)--;
}

/* Exactly 2 * size hex digits of either case into out. */
static gboolean
parse_hex (const char *text,
           gsize       len,
           guint8     *out,
           gsize       size)
{
  /* 1 + the digit's value; 0 for a byte that is not a hex digit. */
  static const guint8 value[256] = {
    ['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5,
    ['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
    ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
    ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
  };

  if (len != size * 2)
    return FALSE;
  for (gsize i = 0; i < size; i++)
    {
      guint hi = value[(guint8) text[2 * i]];
      guint lo = value[(guint8) text[2 * i + 1]];

      if (hi == 0 || lo == 0)
        return FALSE;
      out[i] = (guint8) ((hi - 1) << 4 | (lo - 1));
    }
  return TRUE;
}

/* A non-negative integer, optionally written with a fraction of zeros
 * ("2048", "2048.0"). */
static gboolean
parse_count (const char *text,
             gsize       len,
             gint64     *out)
{
  guint64 v = 0;
  gsize i = 0;

  trim (&text, &len);
  if (len == 0 || !IS_DIGIT (text[0]))
    return FALSE;
  for (; i < len && IS_DIGIT (text[i]); i++)
    {
      if (v > (guint64) (G_MAXINT64 - 9) / 10)
        return FALSE;
      v = v * 10 + (text[i] - '0');
    }
  if (i < len && text[i] == '.')
    for (i++; i < len && text[i] == '0'; i++)
      ;
  if (i != len)
    return FALSE;
  *out = (gint64) v;
  return TRUE;
}

static gboolean
equal_word (const char *text,
            gsize       len,
            const char *word)
{
  return strlen (word) == len && g_ascii_strncasecmp (text, word, len) == 0;
}

#define FLAG_BAD (-2)

/* A loose boolean: true/false, "true"/"false" and "yes"/"no" in any case,
 * 1/0 and "1"/"0"; null, "" and "null" are unknown. FLAG_BAD otherwise. */
static int
parse_flag (const Lexer *lx)
{
  const char *text;
  gsize len;

  switch (lx->type)
    {
    case TOK_TRUE:
      return 1;
    case TOK_FALSE:
      return 0;
    case TOK_NULL:
      return SCRIM_FLAG_UNKNOWN;
    case TOK_STRING:
    case TOK_NUMBER:
      text = token_text (lx, &len);
      trim (&text, &len);
      if (len == 0 || equal_word (text, len, "null"))
        return SCRIM_FLAG_UNKNOWN;
      if (equal_word (text, len, "true") || equal_word (text, len, "yes") || equal_word (text, len, "1"))
        return 1;
      if (equal_word (text, len, "false") || equal_word (text, len, "no") || equal_word (text, len, "0"))
        return 0;
      return FLAG_BAD;
    case TOK_EOF:
    case TOK_BEGIN_OBJECT:
    case TOK_END_OBJECT:
    case TOK_BEGIN_ARRAY:
    case TOK_END_ARRAY:
    case TOK_KEY:
    default:
      return FLAG_BAD;
    }
}

/* A value for a message: cut to max bytes, escaped, quoted. */
static char *
show_cut (const char *text,
          gsize       len,
          gsize       max)
{
  g_autofree char *shown = scrim_text_display (text, MIN (len, max));

  return g_strdup_printf ("\"%s%s\"", shown, len > max ? "…" : "");
}

static char *
show (const char *text,
      gsize       len)
{
  return show_cut (text, len, SHOW_MAX);
}

/* What a bad value was, for a message. */
static char *
show_token (const Lexer *lx)
{
  const char *text;
  gsize len;

  text = token_text (lx, &len);
  return text != NULL ? show (text, len) : g_strdup (token_name (lx->type));
}

/* ------------------------------------------------------------------------ */
/* Fields                                                                   */

typedef enum
{
  FIELD_MD5,
  FIELD_SHA1,
  FIELD_SHA256,
  FIELD_CATEGORY,
  FIELD_SERIES,
  FIELD_TAGS,
  FIELD_COMMENTS,
  FIELD_VICTIM,
  FIELD_OFFENDER,
  FIELD_DISTRIBUTED,
  FIELD_PRECATEGORIZED,
  FIELD_SIZE,
  FIELD_PHOTODNA,
  FIELD_ALTERNATIVE_HASHES,
  FIELD_MEDIA_FILES,
  FIELD_NAME,
  FIELD_EXTRA_ID,        /* kept in extra_json, as a number when it is one */
  FIELD_EXTRA_TEXT,      /* kept in extra_json as text */
  FIELD_EXTRA_FLAG,      /* kept in extra_json as a boolean */
  FIELD_MEDIA,           /* a Case's Media array */
  FIELD_HASH_NAME,
  FIELD_HASH_VALUE,
  FIELD_FILE_NAME,
  FIELD_FILE_PATH,
} Field;

typedef struct
{
  const char *name;
  gsize       len;
  Field       field;
} FieldName;

#define FIELD(name, field) { name, sizeof name - 1, field }

static const FieldName media_fields[] = {
  FIELD ("MD5", FIELD_MD5),
  FIELD ("SHA1", FIELD_SHA1),
  FIELD ("Category", FIELD_CATEGORY),
  FIELD ("MediaSize", FIELD_SIZE),
  FIELD ("MediaID", FIELD_EXTRA_ID),
  FIELD ("IsPrecategorized", FIELD_PRECATEGORIZED),
  FIELD ("VictimIdentified", FIELD_VICTIM),
  FIELD ("OffenderIdentified", FIELD_OFFENDER),
  FIELD ("IsDistributed", FIELD_DISTRIBUTED),
  FIELD ("Series", FIELD_SERIES),
  FIELD ("Tags", FIELD_TAGS),
  FIELD ("Comments", FIELD_COMMENTS),
  FIELD ("PhotoDNA", FIELD_PHOTODNA),
  FIELD ("AlternativeHashes", FIELD_ALTERNATIVE_HASHES),
  FIELD ("MediaFiles", FIELD_MEDIA_FILES),
  FIELD ("DateUpdated", FIELD_EXTRA_TEXT),
  FIELD ("MimeType", FIELD_EXTRA_TEXT),
  FIELD ("RelativeFilePath", FIELD_EXTRA_TEXT),
  FIELD ("PrecategorizationSource", FIELD_EXTRA_TEXT),
  FIELD ("IsSuspected", FIELD_EXTRA_FLAG),
  FIELD ("Name", FIELD_NAME),
  FIELD ("SHA256", FIELD_SHA256),
  FIELD ("SHA-256", FIELD_SHA256),
  FIELD ("Media", FIELD_MEDIA),
};

static const FieldName hash_fields[] = {
  FIELD ("HashName", FIELD_HASH_NAME),
  FIELD ("HashValue", FIELD_HASH_VALUE),
};

static const FieldName file_fields[] = {
  FIELD ("FileName", FIELD_FILE_NAME),
  FIELD ("FilePath", FIELD_FILE_PATH),
};

/* Field names are matched without regard to case; length, first letter
 * and the usual spelling first, since this runs for every key of every
 * record. */
static const FieldName *
field_lookup (const FieldName *table,
              gsize            n,
              const char      *key,
              gsize            len)
{
  guint8 first = (guint8) key[0] | 0x20;

  for (gsize i = 0; i < n; i++)
    if (table[i].len == len && ((guint8) table[i].name[0] | 0x20) == first &&
        (memcmp (table[i].name, key, len) == 0 || g_ascii_strcasecmp (table[i].name, key) == 0))
      return &table[i];
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* The record being assembled                                               */

typedef enum
{
  TEXT_CATEGORY,
  TEXT_SERIES,
  TEXT_TAGS,
  TEXT_COMMENTS,
  TEXT_NAME,
  TEXT_PHOTODNA,
  N_TEXTS,
} Text;

enum
{
  FLAG_VICTIM,
  FLAG_OFFENDER,
  FLAG_DISTRIBUTED,
  FLAG_PRECATEGORIZED,
  N_FLAGS,
};

typedef struct
{
  guint8     md5[SCRIM_MD5_LEN];
  guint8     sha1[SCRIM_SHA1_LEN];
  guint8     sha256[SCRIM_SHA256_LEN];
  gboolean   has_md5;
  gboolean   has_sha1;
  gboolean   has_sha256;
  GString   *text[N_TEXTS];
  gboolean   has_text[N_TEXTS];
  gboolean   name_from_file;
  int        flag[N_FLAGS];
  gint64     size;
  ScrimJson *extra;          /* (nullable): created by the first extra field */
  gsize      kept;           /* bytes of text kept, against MAX_RECORD */
  char      *dropped;        /* (nullable): why the record cannot be kept */

  /* the AlternativeHash being read */
  GString   *hash_name;
  GString   *hash_value;
  gboolean   has_hash_name;
  gboolean   has_hash_value;
} Media;

static void
media_init (Media *m)
{
  memset (m, 0, sizeof *m);
  for (guint i = 0; i < N_TEXTS; i++)
    m->text[i] = g_string_new (NULL);
  m->hash_name = g_string_new (NULL);
  m->hash_value = g_string_new (NULL);
}

static void
media_clear (Media *m)
{
  for (guint i = 0; i < N_TEXTS; i++)
    g_string_free (m->text[i], TRUE);
  g_string_free (m->hash_name, TRUE);
  g_string_free (m->hash_value, TRUE);
  g_clear_pointer (&m->extra, scrim_json_free);
  g_clear_pointer (&m->dropped, g_free);
}

static void
media_reset (Media *m)
{
  m->has_md5 = m->has_sha1 = m->has_sha256 = FALSE;
  for (guint i = 0; i < N_TEXTS; i++)
    m->has_text[i] = FALSE;
  m->name_from_file = FALSE;
  for (guint i = 0; i < N_FLAGS; i++)
    m->flag[i] = SCRIM_FLAG_UNKNOWN;
  m->size = -1;
  g_clear_pointer (&m->extra, scrim_json_free);
  m->kept = 0;
  g_clear_pointer (&m->dropped, g_free);
}

/* Counts kept bytes; past MAX_RECORD the record is dropped. */
static gboolean
media_keep (Media *m,
            gsize  len)
{
  m->kept += len;
  if (m->kept <= MAX_RECORD)
    return TRUE;
  if (m->dropped == NULL)
    m->dropped = g_strdup_printf (_("more than %zu MiB of fields"), MAX_RECORD >> 20);
  return FALSE;
}

/* Stores text (made valid UTF-8) in a text slot. */
static void
media_set_text (Media      *m,
                Text        slot,
                const char *text,
                gsize       len)
{
  GString *s = m->text[slot];

  if (!media_keep (m, len))
    return;
  g_string_truncate (s, 0);
  if (g_utf8_validate_len (text, len, NULL))
    g_string_append_len (s, text, len);
  else
    {
      g_autofree char *valid = g_utf8_make_valid (text, len);

      g_string_append (s, valid);
    }
  m->has_text[slot] = TRUE;
}

static const char *
media_get_text (const Media *m,
                Text         slot)
{
  return m->has_text[slot] ? m->text[slot]->str : NULL;
}

static ScrimJson *
media_extra (Media *m)
{
  if (m->extra == NULL)
    {
      m->extra = scrim_json_new ();
      scrim_json_begin_object (m->extra, NULL);
    }
  return m->extra;
}

/* Text for extra_json, made valid UTF-8 like the record's other text
 * (the writer would otherwise escape stray bytes as lone surrogates, which
 * many JSON readers refuse). */
static void
json_add_text (ScrimJson  *json,
               const char *key,
               const char *text,
               gsize       len)
{
  g_autofree char *valid = NULL;

  if (!g_utf8_validate_len (text, len, NULL))
    {
      valid = g_utf8_make_valid (text, len);
      text = valid;
      len = strlen (valid);
    }
  scrim_json_add_bytes (json, key, text, len);
}

static void
media_extra_text (Media      *m,
                  const char *key,
                  const char *text,
                  gsize       len)
{
  if (media_keep (m, len + strlen (key)))
    json_add_text (media_extra (m), key, text, len);
}

/* ------------------------------------------------------------------------ */
/* The reader                                                               */

typedef struct
{
  Lexer                lx;
  Media                media;
  ScrimListInfo       *info;
  ScrimListRecordFunc  record_func;
  ScrimListProblemFunc problem_func;
  gpointer             user_data;
  GCancellable        *cancellable;

  guint64              record;        /* the Media record being read (1-based) */
  guint64              n_records;     /* Media records read to their end */
  gboolean             in_record;
  gboolean             seen_model;
  gboolean             seen_value;
  gboolean             located;       /* the error needs no record named */
} Reader;

static gboolean reader_report (Reader     *r,
                               const char *format,
                               ...) G_GNUC_PRINTF (2, 3);

/* A malformed record or field. Returns FALSE, with the read's error set,
 * when the caller's problem function says stop. */
static gboolean
reader_report (Reader     *r,
               const char *format,
               ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  if (r->problem_func == NULL || r->problem_func (r->record, reason, r->user_data))
    return TRUE;
  g_set_error (&r->lx.error, SCRIM_ERROR, SCRIM_ERROR_INVALID,
               _("record %" PRIu64 ": %s"), r->record, reason);
  r->located = TRUE;
  return FALSE;
}

/* A value of the wrong kind for a field: reported, and skipped. */
static gboolean
reader_report_bad (Reader     *r,
                   const char *what,
                   const char *expected)
{
  g_autofree char *shown = show_token (&r->lx);

  if (!reader_report (r, _("%s %s is not %s"), what, shown, expected))
    return FALSE;
  return lex_skip (&r->lx);
}

static void
reader_set_shape (Reader     *r,
                  const char *shape)
{
  if (r->info->shape == NULL)
    r->info->shape = g_strdup (shape);
}

static void
media_begin (Reader *r)
{
  media_reset (&r->media);
  r->record = r->n_records + 1;
  r->in_record = TRUE;
}

static gboolean
media_emit (Reader *r)
{
  Media *m = &r->media;
  ScrimListRecord rec = { 0 };

  rec.record = r->record;
  rec.md5 = m->has_md5 ? m->md5 : NULL;
  rec.sha1 = m->has_sha1 ? m->sha1 : NULL;
  rec.sha256 = m->has_sha256 ? m->sha256 : NULL;
  rec.pdq_quality = -1;
  rec.category = media_get_text (m, TEXT_CATEGORY);
  rec.series = media_get_text (m, TEXT_SERIES);
  rec.tags = media_get_text (m, TEXT_TAGS);
  rec.comments = media_get_text (m, TEXT_COMMENTS);
  rec.name = media_get_text (m, TEXT_NAME);
  rec.photodna = media_get_text (m, TEXT_PHOTODNA);
  if (m->extra != NULL)
    {
      scrim_json_end_object (m->extra);
      rec.extra_json = scrim_json_peek (m->extra);
    }
  rec.victim_identified = m->flag[FLAG_VICTIM];
  rec.offender_identified = m->flag[FLAG_OFFENDER];
  rec.is_distributed = m->flag[FLAG_DISTRIBUTED];
  rec.precategorized = m->flag[FLAG_PRECATEGORIZED];
  rec.baseline = SCRIM_FLAG_UNKNOWN;
  rec.size = m->size;
  if (r->record_func (&rec, r->user_data))
    return TRUE;
  g_set_error (&r->lx.error, SCRIM_ERROR, SCRIM_ERROR_CANCELLED,
               _("%s: reading stopped at record %" PRIu64),
               scrim_list_input_get_name (r->lx.input), r->record);
  r->located = TRUE;
  return FALSE;
}

/* The Media object is complete: hand it on, or say why not. */
static gboolean
media_end (Reader *r)
{
  Media *m = &r->media;
  gboolean ok;

  if (m->dropped != NULL)
    ok = reader_report (r, _("%s; record skipped"), m->dropped);
  else if (!m->has_md5 && !m->has_sha1 && !m->has_sha256)
    ok = reader_report (r, _("no MD5, SHA-1 or SHA-256"));
  else
    ok = media_emit (r);
  g_clear_pointer (&m->extra, scrim_json_free);
  r->n_records = r->record;
  r->in_record = FALSE;
  if (ok && r->n_records % CANCEL_EVERY == 0 && g_cancellable_is_cancelled (r->cancellable))
    {
      g_set_error (&r->lx.error, SCRIM_ERROR, SCRIM_ERROR_CANCELLED,
                   _("%s: reading cancelled after record %" PRIu64),
                   scrim_list_input_get_name (r->lx.input), r->n_records);
      r->located = TRUE;
      ok = FALSE;
    }
  return ok;
}

/* An element of a Media array that is not an object: a malformed record. */
static gboolean
read_not_object (Reader *r)
{
  TokenType type = r->lx.type;

  media_begin (r);
  if (!lex_skip (&r->lx))
    return FALSE;
  r->n_records = r->record;
  r->in_record = FALSE;
  return reader_report (r, _("%s, not a Media object"), token_name (type));
}


/* A kept value past the tokenizer's cap: the record cannot be kept whole,
 * so it is dropped (and reported) when it ends. */
static gboolean
too_long (Reader     *r,
          const char *what)
{
  Media *m = &r->media;

  if (!r->lx.oversize)
    return FALSE;
  if (m->dropped == NULL)
    m->dropped = r->lx.type == TOK_NUMBER
                 ? g_strdup_printf (_("%s longer than %d characters"), what, MAX_NUMBER)
                 : g_strdup_printf (_("%s longer than %zu MiB"), what, MAX_STRING >> 20);
  return TRUE;
}

/* ---- scalar fields ---- */

static gboolean
same_text (const GString *s,
           const char    *text,
           gsize          len)
{
  return s->len == len && memcmp (s->str, text, len) == 0;
}

/* Hex text into a digest: "" leaves it unset; a wrong length or a digit
 * that is not hex is reported, and the record keeps its other digests. */
static gboolean
set_hash (Reader     *r,
          const char *what,
          const char *text,
          gsize       len,
          guint8     *out,
          gsize       size,
          gboolean   *has)
{
  guint8 bytes[SCRIM_SHA256_LEN];
  g_autofree char *shown = NULL;

  trim (&text, &len);
  if (len == 0)
    return TRUE;
  if (parse_hex (text, len, bytes, size))
    {
      memcpy (out, bytes, size);
      *has = TRUE;
      return TRUE;
    }
  shown = show (text, len);
  return reader_report (r, _("%s %s is not %zu hex digits"), what, shown, size * 2);
}

static gboolean
read_hash (Reader     *r,
           const char *what,
           guint8     *out,
           gsize       size,
           gboolean   *has)
{
  const char *text;
  gsize len;

  if (r->lx.type == TOK_NULL)
    return TRUE;
  text = token_text (&r->lx, &len);
  if (text == NULL)
    return reader_report_bad (r, what, _("a hex string"));
  return set_hash (r, what, text, len, out, size, has);
}

/* The code as the list writes it: integers without leading zeros, anything
 * else ("A", "1.5") as text; null, "" and "null" leave it uncategorised. */
static gboolean
read_category (Reader *r)
{
  const char *text;
  gsize len, digits = 0;

  r->media.has_text[TEXT_CATEGORY] = FALSE;
  if (r->lx.type == TOK_NULL)
    return TRUE;
  text = token_text (&r->lx, &len);
  if (text == NULL)
    return reader_report_bad (r, "Category", _("a category code"));
  trim (&text, &len);
  if (len == 0 || equal_word (text, len, "null"))
    return TRUE;
  while (digits < len && IS_DIGIT (text[digits]))
    digits++;
  for (; digits == len && len > 1 && text[0] == '0'; digits--, len--)
    text++;
  media_set_text (&r->media, TEXT_CATEGORY, text, len);
  return TRUE;
}

static gboolean
read_flag (Reader     *r,
           const char *what,
           int        *out)
{
  int flag = parse_flag (&r->lx);

  if (flag == FLAG_BAD)
    return reader_report_bad (r, what, _("a boolean"));
  *out = flag;
  return TRUE;
}

static gboolean
read_size (Reader *r)
{
  const char *text;
  gsize len;

  r->media.size = -1;
  if (r->lx.type == TOK_NULL)
    return TRUE;
  text = token_text (&r->lx, &len);
  if (text != NULL)
    {
      trim (&text, &len);
      if (len == 0 || parse_count (text, len, &r->media.size))
        return TRUE;
    }
  return reader_report_bad (r, "MediaSize", _("a byte count"));
}

/* Series, Tags, Comments, Name, PhotoDNA: strings (numbers as written);
 * null and "" leave them unset. */
static gboolean
read_text (Reader     *r,
           const char *what,
           Text        slot)
{
  const char *text;
  gsize len;

  if (r->lx.type == TOK_NULL)
    return TRUE;
  text = token_text (&r->lx, &len);
  if (text == NULL)
    return reader_report_bad (r, what, _("text"));
  if (slot == TEXT_PHOTODNA)
    trim (&text, &len);
  if (len == 0)
    return TRUE;
  /* A second, different PhotoDNA (the first came in AlternativeHashes) is
   * kept too. */
  if (slot == TEXT_PHOTODNA && r->media.has_text[slot] &&
      !same_text (r->media.text[slot], text, len))
    media_extra_text (&r->media, what, text, len);
  else
    media_set_text (&r->media, slot, text, len);
  return TRUE;
}

/* A first MediaFiles FileName wins over Name. */
static gboolean
read_name (Reader *r)
{
  if (r->media.name_from_file)
    return lex_skip (&r->lx);
  return read_text (r, "Name", TEXT_NAME);
}

/* MediaID and the like, kept in extra_json: MediaID as a number when it
 * is a whole one (whatever its JSON type), the rest as text; IsSuspected
 * as a boolean when it is one. Nothing here is worth a report. */
static gboolean
read_extra (Reader          *r,
            const FieldName *f)
{
  Media *m = &r->media;
  const char *text;
  gsize len;
  gint64 n;
  int flag;

  if (f->field == FIELD_EXTRA_FLAG)
    {
      flag = parse_flag (&r->lx);
      if (flag == 0 || flag == 1)
        scrim_json_add_bool (media_extra (m), f->name, flag);
      return lex_skip (&r->lx);
    }
  text = token_text (&r->lx, &len);
  if (text == NULL)
    return lex_skip (&r->lx);
  if (f->field == FIELD_EXTRA_ID && parse_count (text, len, &n))
    scrim_json_add_int (media_extra (m), f->name, n);
  else
    media_extra_text (m, f->name, text, len);
  return TRUE;
}

/* ---- AlternativeHashes ---- */

typedef struct
{
  gboolean listed;     /* the "AlternativeHashes" array of extra_json is open */
  guint    n_other;
} OtherHashes;

static gboolean
hash_name_is (const Media *m,
              const char  *a,
              const char  *b)
{
  const char *name = m->hash_name->str;

  return g_ascii_strcasecmp (name, a) == 0 || g_ascii_strcasecmp (name, b) == 0;
}

static void
keep_other_hash (Media       *m,
                 OtherHashes *other,
                 const char  *value,
                 gsize        len)
{
  ScrimJson *extra;

  if (++other->n_other > MAX_LISTED || !media_keep (m, m->hash_name->len + len + 32))
    return;
  extra = media_extra (m);
  if (!other->listed)
    scrim_json_begin_array (extra, "AlternativeHashes");
  other->listed = TRUE;
  scrim_json_begin_object (extra, NULL);
  json_add_text (extra, "HashName", m->hash_name->str, m->hash_name->len);
  json_add_text (extra, "HashValue", value, len);
  scrim_json_end_object (extra);
}

/* One {HashName, HashValue} read: SHA-256 goes to its digest, PhotoDNA to
 * the record's photodna (a second, different one to extra_json with the
 * other kinds). */
static gboolean
use_alternative_hash (Reader      *r,
                      OtherHashes *other)
{
  Media *m = &r->media;
  const char *value = m->hash_value->str;
  gsize len = m->hash_value->len;

  if (!m->has_hash_name || !m->has_hash_value)
    return TRUE;
  trim (&value, &len);
  if (len == 0)
    return TRUE;
  if (hash_name_is (m, "SHA256", "SHA-256"))
    return set_hash (r, "AlternativeHashes SHA-256", value, len, m->sha256, SCRIM_SHA256_LEN,
                     &m->has_sha256);
  if (hash_name_is (m, "PhotoDNA", "Photo DNA") &&
      (!m->has_text[TEXT_PHOTODNA] || same_text (m->text[TEXT_PHOTODNA], value, len)))
    {
      media_set_text (m, TEXT_PHOTODNA, value, len);
      return TRUE;
    }
  keep_other_hash (m, other, value, len);
  return TRUE;
}

/* A HashName or HashValue: text (a number as written), else ignored. */
static gboolean
read_hash_member (Reader   *r,
                  GString  *into,
                  gboolean *has)
{
  const char *text;
  gsize len;

  text = token_text (&r->lx, &len);
  if (text == NULL)
    return lex_skip (&r->lx);
  if (too_long (r, _("an AlternativeHashes value")))
    return TRUE;
  g_string_truncate (into, 0);
  g_string_append_len (into, text, len);
  *has = TRUE;
  return TRUE;
}

/* One AlternativeHash object, its '{' read. */
static gboolean
read_alternative_hash (Reader      *r,
                       OtherHashes *other)
{
  Lexer *lx = &r->lx;
  Media *m = &r->media;

  m->has_hash_name = m->has_hash_value = FALSE;
  for (;;)
    {
      const FieldName *f;

      if (!lex_next (lx))
        return FALSE;
      if (lx->type == TOK_END_OBJECT)
        return use_alternative_hash (r, other);
      f = field_lookup (hash_fields, G_N_ELEMENTS (hash_fields), lx->text, lx->text_len);
      if (!lex_next (lx))
        return FALSE;
      if (f == NULL)
        {
          if (!lex_skip (lx))
            return FALSE;
        }
      else if (!read_hash_member (r, f->field == FIELD_HASH_NAME ? m->hash_name : m->hash_value,
                                  f->field == FIELD_HASH_NAME ? &m->has_hash_name : &m->has_hash_value))
        return FALSE;
    }
}

/* Reads the elements of an array, its '[' read, passing each object to
 * func and skipping anything else. */
typedef gboolean (*ObjectFunc) (Reader   *r,
                                gpointer  data);

static gboolean
read_array_of_objects (Reader     *r,
                       ObjectFunc  func,
                       gpointer    data)
{
  Lexer *lx = &r->lx;

  for (;;)
    {
      if (!lex_next (lx))
        return FALSE;
      if (lx->type == TOK_END_ARRAY)
        return TRUE;
      if (lx->type == TOK_BEGIN_OBJECT ? !func (r, data) : !lex_skip (lx))
        return FALSE;
    }
}

static gboolean
read_alternative_hash_cb (Reader   *r,
                          gpointer  data)
{
  return read_alternative_hash (r, data);
}

static gboolean
read_alternative_hashes (Reader *r)
{
  OtherHashes other = { FALSE, 0 };

  if (r->lx.type != TOK_BEGIN_ARRAY)
    return lex_skip (&r->lx);
  if (!read_array_of_objects (r, read_alternative_hash_cb, &other))
    return FALSE;
  if (other.listed)
    scrim_json_end_array (r->media.extra);
  if (other.n_other > MAX_LISTED)
    scrim_json_add_int (r->media.extra, "AlternativeHashesOmitted", other.n_other - MAX_LISTED);
  return TRUE;
}

/* ---- MediaFiles ---- */

typedef struct
{
  gboolean listed;     /* the "MediaFiles" array of extra_json is open */
  guint    n_files;
  gboolean in_file;    /* this file's object in extra_json is open */
} MediaFiles;

static void
keep_file_member (Reader          *r,
                  MediaFiles      *files,
                  const FieldName *f,
                  const char      *text,
                  gsize            len)
{
  Media *m = &r->media;
  ScrimJson *extra;

  if (f->field == FIELD_FILE_NAME && !m->name_from_file && len > 0)
    {
      media_set_text (m, TEXT_NAME, text, len);
      m->name_from_file = TRUE;
    }
  if (files->n_files > MAX_LISTED || !media_keep (m, len + f->len))
    return;
  extra = media_extra (m);
  if (!files->listed)
    scrim_json_begin_array (extra, "MediaFiles");
  if (!files->in_file)
    scrim_json_begin_object (extra, NULL);
  files->listed = files->in_file = TRUE;
  json_add_text (extra, f->name, text, len);
}

/* One MediaFile object, its '{' read: FileName and FilePath kept. */
static gboolean
read_media_file (Reader   *r,
                 gpointer  data)
{
  MediaFiles *files = data;
  Lexer *lx = &r->lx;

  files->n_files++;
  files->in_file = FALSE;
  for (;;)
    {
      const FieldName *f;
      const char *text;
      gsize len;

      if (!lex_next (lx))
        return FALSE;
      if (lx->type == TOK_END_OBJECT)
        break;
      f = field_lookup (file_fields, G_N_ELEMENTS (file_fields), lx->text, lx->text_len);
      if (!lex_next (lx))
        return FALSE;
      text = token_text (lx, &len);
      if (f != NULL && text != NULL && !too_long (r, f->name))
        keep_file_member (r, files, f, text, len);
      else if (!lex_skip (lx))
        return FALSE;
    }
  if (files->in_file)
    scrim_json_end_object (r->media.extra);
  return TRUE;
}

static gboolean
read_media_files (Reader *r)
{
  MediaFiles files = { FALSE, 0, FALSE };

  if (r->lx.type != TOK_BEGIN_ARRAY)
    return lex_skip (&r->lx);
  if (!read_array_of_objects (r, read_media_file, &files))
    return FALSE;
  if (files.listed)
    scrim_json_end_array (r->media.extra);
  if (files.n_files > MAX_LISTED)
    scrim_json_add_int (media_extra (&r->media), "MediaFilesOmitted", files.n_files - MAX_LISTED);
  return TRUE;
}

/* ---- Media ---- */

/* The value of a Media member whose name is f (NULL: not one Scrim
 * keeps), its first token read. */
static gboolean
read_media_value (Reader          *r,
                  const FieldName *f)
{
  Media *m = &r->media;

  if (f == NULL)
    return lex_skip (&r->lx);
  if (too_long (r, f->name))
    return TRUE;
  switch (f->field)
    {
    case FIELD_MD5:
      return read_hash (r, "MD5", m->md5, SCRIM_MD5_LEN, &m->has_md5);
    case FIELD_SHA1:
      return read_hash (r, "SHA1", m->sha1, SCRIM_SHA1_LEN, &m->has_sha1);
    case FIELD_SHA256:
      return read_hash (r, f->name, m->sha256, SCRIM_SHA256_LEN, &m->has_sha256);
    case FIELD_CATEGORY:
      return read_category (r);
    case FIELD_SERIES:
      return read_text (r, f->name, TEXT_SERIES);
    case FIELD_TAGS:
      return read_text (r, f->name, TEXT_TAGS);
    case FIELD_COMMENTS:
      return read_text (r, f->name, TEXT_COMMENTS);
    case FIELD_PHOTODNA:
      return read_text (r, f->name, TEXT_PHOTODNA);
    case FIELD_NAME:
      return read_name (r);
    case FIELD_VICTIM:
      return read_flag (r, f->name, &m->flag[FLAG_VICTIM]);
    case FIELD_OFFENDER:
      return read_flag (r, f->name, &m->flag[FLAG_OFFENDER]);
    case FIELD_DISTRIBUTED:
      return read_flag (r, f->name, &m->flag[FLAG_DISTRIBUTED]);
    case FIELD_PRECATEGORIZED:
      return read_flag (r, f->name, &m->flag[FLAG_PRECATEGORIZED]);
    case FIELD_SIZE:
      return read_size (r);
    case FIELD_ALTERNATIVE_HASHES:
      return read_alternative_hashes (r);
    case FIELD_MEDIA_FILES:
      return read_media_files (r);
    case FIELD_EXTRA_ID:
    case FIELD_EXTRA_TEXT:
    case FIELD_EXTRA_FLAG:
      return read_extra (r, f);
    case FIELD_MEDIA:
    case FIELD_HASH_NAME:
    case FIELD_HASH_VALUE:
    case FIELD_FILE_NAME:
    case FIELD_FILE_PATH:
    default:
      return lex_skip (&r->lx);
    }
}

static gboolean read_case_media (Reader *r);

/* A Media object, its '{' read, handed on at its '}'. In the top-level
 * value array (top) the object may turn out to be a Case instead: a member
 * "Media" holding an array makes it one; its own members are then ignored
 * and the Media of that array read in turn. */
static gboolean
read_media_object (Reader   *r,
                   gboolean  top)
{
  Lexer *lx = &r->lx;
  gboolean is_case = FALSE;

  media_begin (r);
  for (;;)
    {
      const FieldName *f;

      if (!lex_next (lx))
        return FALSE;
      if (lx->type == TOK_END_OBJECT)
        break;
      f = field_lookup (media_fields, G_N_ELEMENTS (media_fields), lx->text, lx->text_len);
      if (!lex_next (lx))
        return FALSE;
      if (top && f != NULL && f->field == FIELD_MEDIA && lx->type == TOK_BEGIN_ARRAY)
        {
          is_case = TRUE;
          reader_set_shape (r, "Cases");
          if (!read_case_media (r))
            return FALSE;
        }
      else if (!(is_case ? lex_skip (lx) : read_media_value (r, f)))
        return FALSE;
    }
  if (is_case)
    return TRUE;
  if (top)
    reader_set_shape (r, "Media");
  return media_end (r);
}

/* A Media array (of a Case, or the top-level value), its '[' read. */
static gboolean
read_media_array (Reader   *r,
                  gboolean  top)
{
  Lexer *lx = &r->lx;

  for (;;)
    {
      if (!lex_next (lx))
        return FALSE;
      if (lx->type == TOK_END_ARRAY)
        return TRUE;
      if (lx->type == TOK_BEGIN_OBJECT ? !read_media_object (r, top) : !read_not_object (r))
        return FALSE;
    }
}

static gboolean
read_case_media (Reader *r)
{
  r->in_record = FALSE;
  if (!read_media_array (r, FALSE))
    return FALSE;
  r->in_record = FALSE;
  return TRUE;
}

/* ---- the document ---- */

/* Finds needle (lowercase ASCII) in haystack without regard to case. */
static const char *
find_nocase (const char *haystack,
             const char *needle)
{
  gsize n = strlen (needle);

  for (; *haystack != '\0'; haystack++)
    if (g_ascii_strncasecmp (haystack, needle, n) == 0)
      return haystack;
  return NULL;
}

/* The version ("1.3"), the 2.0 profile ("US") and the shape ("Media",
 * "Cases", NULL when the URI names none) of a data-model URI such as
 * http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/US/$metadata#Cases.
 * Returns FALSE when the URI names no VICS data model. */
static gboolean
parse_model_uri (const char  *uri,
                 char       **version,
                 char       **profile,
                 const char **shape)
{
  const char *p = find_nocase (uri, "/datamodels/");
  const char *v, *hash;
  gsize n = 0;

  if (p == NULL)
    return FALSE;
  v = p + strlen ("/datamodels/");
  while (IS_DIGIT (v[n]) || (n > 0 && v[n] == '.' && IS_DIGIT (v[n + 1])))
    n++;
  if (n == 0 || g_ascii_strncasecmp (v + n, ".xml", 4) != 0)
    return FALSE;
  *version = g_strndup (v, n);
  p = v + n + 4;
  *profile = NULL;
  if (*p == '/' && p[1] != '/' && p[1] != '$' && p[1] != '#' && p[1] != '\0')
    *profile = g_utf8_make_valid (p + 1, strcspn (p + 1, "/#"));
  hash = strchr (p, '#');
  *shape = NULL;
  if (hash != NULL)
    {
      gsize len = strcspn (hash + 1, "/(");

      *shape = len == 5 && g_ascii_strncasecmp (hash + 1, "Media", 5) == 0 ? "Media"
               : len == 5 && g_ascii_strncasecmp (hash + 1, "Cases", 5) == 0 ? "Cases"
               : "";
    }
  return TRUE;
}

/* The value of odata.metadata / @odata.context, its token read. */
static gboolean
read_model (Reader *r)
{
  Lexer *lx = &r->lx;
  ScrimListInfo *info = r->info;
  g_autofree char *version = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *shown = NULL;
  const char *shape;

  if (lx->type != TOK_STRING)
    return lex_fail (lx, _("not a VICS list: the data-model key at byte %" PRIu64
                       " holds %s, not a URI"), lx->offset, token_name (lx->type));
  shown = show_cut (lx->text, lx->text_len, SHOW_URI_MAX);
  if (!parse_model_uri (lx->text, &version, &profile, &shape))
    return lex_fail (lx, _("not a VICS list: the data model %s is not a VICS one"), shown);
  if (shape != NULL && *shape == '\0')
    return lex_fail (lx, _("not a VICS list: the data model %s lists neither Media nor Cases"),
                     shown);
  g_free (info->version);
  info->version = g_steal_pointer (&version);
  g_free (info->profile);
  info->profile = g_steal_pointer (&profile);
  if (shape != NULL)
    {
      g_free (info->shape);
      info->shape = g_strdup (shape);
    }
  r->seen_model = TRUE;
  return TRUE;
}

static gboolean
read_value (Reader *r)
{
  Lexer *lx = &r->lx;

  if (lx->type != TOK_BEGIN_ARRAY)
    return lex_fail (lx, _("not a VICS list: \"value\" at byte %" PRIu64
                       " holds %s, not an array"), lx->offset, token_name (lx->type));
  r->seen_value = TRUE;
  return read_media_array (r, TRUE);
}

static gboolean
is_model_key (const char *key)
{
  return g_ascii_strcasecmp (key, "odata.metadata") == 0 ||
         g_ascii_strcasecmp (key, "@odata.context") == 0 ||
         g_ascii_strcasecmp (key, "odata.context") == 0;
}

/* The root object's members, in any order. */
static gboolean
read_root_members (Reader *r)
{
  Lexer *lx = &r->lx;

  for (;;)
    {
      gboolean model, value;

      if (!lex_next (lx))
        return FALSE;
      if (lx->type == TOK_END_OBJECT)
        return TRUE;
      model = is_model_key (lx->text);
      value = g_ascii_strcasecmp (lx->text, "value") == 0;
      if (!lex_next (lx))
        return FALSE;
      if (!(model ? read_model (r) : value ? read_value (r) : lex_skip (lx)))
        return FALSE;
    }
}

static gboolean
read_document (Reader *r)
{
  Lexer *lx = &r->lx;

  if (!lex_next (lx))
    {
      if (g_error_matches (lx->error, SCRIM_ERROR, SCRIM_ERROR_INVALID))
        g_prefix_error (&lx->error, _("not JSON: "));
      return FALSE;
    }
  if (lx->type != TOK_BEGIN_OBJECT)
    return lex_fail (lx, _("not a VICS list: the file holds %s, not an object"),
                     token_name (lx->type));
  if (!read_root_members (r))
    return FALSE;
  /* Past the root object, no record is to blame. */
  r->located = TRUE;
  if (!lex_next (lx))
    return FALSE;
  if (!r->seen_model)
    return lex_fail (lx, _("not a VICS list: no odata.metadata or @odata.context key"));
  if (!r->seen_value)
    return lex_fail (lx, _("not a VICS list: no \"value\" array"));
  return TRUE;
}

/* Says where a structural error struck: in which record, or after which. */
static void
reader_locate_error (Reader *r)
{
  const char *name = scrim_list_input_get_name (r->lx.input);

  if (!g_error_matches (r->lx.error, SCRIM_ERROR, SCRIM_ERROR_INVALID))
    return;
  if (r->located)
    g_prefix_error (&r->lx.error, "%s: ", name);
  else if (r->in_record)
    g_prefix_error (&r->lx.error, _("%s: record %" PRIu64 ": "), name, r->record);
  else if (r->n_records > 0)
    g_prefix_error (&r->lx.error, _("%s: after record %" PRIu64 ": "), name,
                    r->n_records);
  else
    g_prefix_error (&r->lx.error, "%s: ", name);
}

/*
** Reads a VICS JSON list (1.x or 2.0, a Media list or Cases, keys in any
** order) from input, calling record_func with each Media record that has
** at least one usable digest, in file order, numbered from 1 across cases.
** Malformed records and fields go to problem_func (which may be NULL) with
** the record number and a reason: a bad digest is reported and the record
** kept with its other digests; a record with none is reported and
** skipped. info (which may be NULL) gets the format, version, profile and
** shape as they are learnt.
**
** Memory stays bounded whatever the file's size: one 256 KiB buffer, one
** record, strings kept up to 1 MiB. Returns TRUE at the end of a valid
** document. Returns FALSE with error set: SCRIM_ERROR_INVALID on broken or
** truncated JSON, a document that is not VICS, nesting past 64 levels, or
** when problem_func returns FALSE (the message names the record and where
** in the text it failed); SCRIM_ERROR_CANCELLED when record_func returns
** FALSE or cancellable is cancelled; SCRIM_ERROR_IO when reading fails.
** Records before the failure have been handed on.
*/
gboolean
scrim_list_read_vics (ScrimListInput       *input,
                      ScrimListInfo        *info,
                      ScrimListRecordFunc   record_func,
                      ScrimListProblemFunc  problem_func,
                      gpointer              user_data,
                      GCancellable         *cancellable,
                      GError              **error)
{
  ScrimListInfo scratch_info = { 0 };
  Reader r = { 0 };
  gboolean ok;

  g_return_val_if_fail (input != NULL, FALSE);
  g_return_val_if_fail (record_func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  lex_init (&r.lx, input);
  media_init (&r.media);
  r.info = info != NULL ? info : &scratch_info;
  r.info->format = SCRIM_LIST_FORMAT_VICS;
  r.record_func = record_func;
  r.problem_func = problem_func;
  r.user_data = user_data;
  r.cancellable = cancellable;

  ok = read_document (&r);
  if (!ok)
    {
      reader_locate_error (&r);
      g_propagate_error (error, g_steal_pointer (&r.lx.error));
    }
  media_clear (&r.media);
  lex_clear (&r.lx);
  g_free (scratch_info.version);
  g_free (scratch_info.profile);
  g_free (scratch_info.shape);
  return ok;
}
