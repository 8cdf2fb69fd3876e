/* Status names and the diag formatter: a tiny printf subset, no stdio. */
#include "diag.h"

/* One string, the names in enum order, so no table of pointers. */
static const char status_names[] =
  "PT_OK\0PT_ERR_INVALID_ARGUMENT\0PT_ERR_TRUNCATED\0PT_ERR_BAD_MAGIC\0PT_ERR_BAD_HEADER\0"
  "PT_ERR_BAD_FLATBUFFER\0PT_ERR_BAD_INDEX\0PT_ERR_BAD_ENUM\0PT_ERR_BAD_DTYPE\0"
  "PT_ERR_BAD_SHAPE\0PT_ERR_BAD_PLAN\0PT_ERR_UNSUPPORTED\0PT_ERR_MISSING_OPERATOR\0"
  "PT_ERR_BAD_ARGUMENTS\0PT_ERR_BUFFER_TOO_SMALL\0PT_ERR_MISALIGNED\0PT_ERR_NOT_FOUND\0"
  "PT_ERR_BAD_INPUT\0PT_ERR_KERNEL_FAILED\0PT_ERR_UNKNOWN";

const char *pt_status_name(pt_status s) {
  const char *n = status_names;
  for (unsigned k = (unsigned)s < PT_STATUS_COUNT ? (unsigned)s : PT_STATUS_COUNT; k; k--)
    while (*n++) {}
  return n;
}

typedef struct out { char *buf; size_t cap, len; } out;

static void put(out *o, char c) {
  if (o->len + 1 < o->cap) o->buf[o->len++] = c;
}

/* v / base in place, remainder returned: 16 bits at a time, so only 32-bit divisions (no
 * libgcc __aeabi_uldivmod in the image). */
static unsigned div_small(unsigned long long *v, unsigned base) {
  unsigned long long q = 0;
  uint32_t r = 0;
  for (int sh = 48; sh >= 0; sh -= 16) {
    uint32_t cur = r << 16 | (uint32_t)(*v >> sh & 0xffff);
    q = q << 16 | cur / base;
    r = cur % base;
  }
  *v = q;
  return r;
}

/* The digits go out least significant first and are then reversed in place: no buffer on the
 * stack of every failure path. A number cut by the end of the text is left out whole. */
static void put_u(out *o, unsigned long long v, unsigned base) {
  size_t start = o->len;
  do {
    if (o->len + 1 >= o->cap) { o->len = start; return; }
    o->buf[o->len++] = "0123456789abcdef"[div_small(&v, base)];
  } while (v);
  for (size_t i = start, j = o->len - 1; i < j; i++, j--) {
    char c = o->buf[i];
    o->buf[i] = o->buf[j];
    o->buf[j] = c;
  }
}

static void put_i(out *o, long long v) {
  if (v < 0) { put(o, '-'); put_u(o, 0ull - (unsigned long long)v, 10); }
  else put_u(o, (unsigned long long)v, 10);
}

static void format(out *o, const char *f, va_list ap) {
  for (; *f; f++) {
    if (*f != '%') { put(o, *f); continue; }
    f++;
    if (f[0] == '.' && f[1] == '*' && f[2] == 's') {
      int n = va_arg(ap, int);
      const char *s = va_arg(ap, const char *);
      for (int i = 0; i < n && s; i++) put(o, s[i]);
      f += 2;
      continue;
    }
    int longs = 0, size = 0;
    while (*f == 'l') { longs++; f++; }
    if (*f == 'z') { size = 1; f++; }
    switch (*f) {
      case 'd':
        put_i(o, longs >= 2 ? va_arg(ap, long long) : longs ? va_arg(ap, long) : va_arg(ap, int));
        break;
      case 'u': case 'x': {
        unsigned long long v = size ? va_arg(ap, size_t) : longs >= 2 ? va_arg(ap, unsigned long long)
                             : longs ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
        put_u(o, v, *f == 'x' ? 16 : 10);
        break;
      }
      case 's': {
        const char *s = va_arg(ap, const char *);
        for (s = s ? s : "(null)"; *s; s++) put(o, *s);
        break;
      }
      case 'c': put(o, (char)va_arg(ap, int)); break;
      case '%': put(o, '%'); break;
      case '\0': f--; break;
      default: put(o, '%'); put(o, *f); break;
    }
  }
  o->buf[o->len] = '\0';
}

pt_status pt_fail_status(pt_diag *d, pt_status s) {
  if (d) {
    d->status = s;
    d->text[0] = '\0';
  }
  return s;
}

/* The names in parentheses: with PETITE_NO_MESSAGES they are also macros. */
pt_status (pt_fail)(pt_diag *d, pt_status s, const char *fmt, ...) {
  if (!d) return s;
  out o = { d->text, sizeof d->text, 0 };
  va_list ap;
  va_start(ap, fmt);
  format(&o, fmt, ap);
  va_end(ap);
  d->status = s;
  return s;
}

void (pt_diag_append)(pt_diag *d, const char *fmt, ...) {
  if (!d) return;
  out o = { d->text, sizeof d->text, 0 };
  while (o.len + 1 < o.cap && d->text[o.len]) o.len++;
  va_list ap;
  va_start(ap, fmt);
  format(&o, fmt, ap);
  va_end(ap);
}

void (pt_diag_prefix)(pt_diag *d, const char *fmt, ...) {
  if (!d) return;
  char saved[PT_DIAG_TEXT_SIZE];
  size_t n = 0;
  for (; n + 1 < sizeof saved && d->text[n]; n++) saved[n] = d->text[n];
  saved[n] = '\0';
  out o = { d->text, sizeof d->text, 0 };
  va_list ap;
  va_start(ap, fmt);
  format(&o, fmt, ap);
  va_end(ap);
  for (n = 0; saved[n]; n++) put(&o, saved[n]);
  o.buf[o.len] = '\0';
}
