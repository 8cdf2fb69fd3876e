/* Unit tests of the flatbuffer reader on hand-built buffers, and of the diag formatter. */
#include "test_util.h"
#include "../../runtime/src/flatbuf.h"

static void put16(uint8_t *b, uint32_t at, uint16_t v) { b[at] = (uint8_t)v; b[at + 1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *b, uint32_t at, uint32_t v) { for (int i = 0; i < 4; i++) b[at + i] = (uint8_t)(v >> (8 * i)); }

/* Layout (64 bytes):
 *  0: root uoffset -> 20
 *  8: vtable: vtsize 14, tsize 20, field0 @4 (u32), field1 @8 (uoffset to vector), field2 @12 (string),
 *             field3 absent, field4 @16 (sub-table uoffset)
 * 20: table: soffset 12 (vtable at 8); +4 u32 0xdeadbeef; +8 -> vector at 40; +12 -> string at 52; +16 -> sub at 32
 * 32: sub-table: soffset 24 (shares the vtable at 8, tsize 20 would overrun: tested separately)
 * 40: vector: len 2, int32 {7, -3}
 * 52: string: len 3 "abc\0"
 */
static void build(uint8_t *b) {
  memset(b, 0, 64);
  put32(b, 0, 20);
  put16(b, 8, 14); put16(b, 10, 20); put16(b, 12, 4); put16(b, 14, 8); put16(b, 16, 12); put16(b, 18, 0);
  put16(b, 20 - 0, 0); /* overwritten below: table starts at 20 */
  put32(b, 20, 12);
  put32(b, 24, 0xdeadbeefu);
  put32(b, 28, 40 - 28);
  put32(b, 32, 52 - 32); /* field2 at 32 */
  put32(b, 36, 0);
  put32(b, 40, 2); put32(b, 44, 7); put32(b, 48, (uint32_t)-3);
  put32(b, 52, 3); memcpy(b + 56, "abc", 4);
}

static void test_reads(void) {
  _Alignas(16) uint8_t b[64];
  build(b);
  pt_fb_buf fb = { b, sizeof b };
  pt_diag d = { 0 };
  pt_fb_table t;
  CHECK_STATUS(pt_fb_root(&fb, &t, &d), PT_OK, d);
  CHECK(t.pos == 20 && t.vt == 8 && t.vtsize == 14 && t.tsize == 20);
  uint32_t u;
  CHECK_STATUS(pt_fb_u32(&fb, &t, 0, 5, &u, &d), PT_OK, d);
  CHECK(u == 0xdeadbeefu);
  CHECK_STATUS(pt_fb_u32(&fb, &t, 3, 5, &u, &d), PT_OK, d); /* absent: default */
  CHECK(u == 5);
  CHECK_STATUS(pt_fb_u32(&fb, &t, 40, 6, &u, &d), PT_OK, d); /* beyond the vtable: default */
  CHECK(u == 6);
  pt_fb_vec v;
  CHECK_STATUS(pt_fb_vec_field(&fb, &t, 1, 4, &v, &d), PT_OK, d);
  CHECK(v.len == 2 && v.pos == 44 && (int32_t)pt_fb_rd32(b + v.pos + 4) == -3);
  CHECK_STATUS(pt_fb_vec_field(&fb, &t, 3, 4, &v, &d), PT_OK, d);
  CHECK(v.len == 0);
  const char *s;
  uint32_t n;
  CHECK_STATUS(pt_fb_str_field(&fb, &t, 2, &s, &n, &d), PT_OK, d);
  CHECK(n == 3 && memcmp(s, "abc", 3) == 0);
  CHECK_STATUS(pt_fb_str_field(&fb, &t, 3, &s, &n, &d), PT_OK, d);
  CHECK(n == 0 && s && s[0] == '\0');
  uint64_t w;
  CHECK_STATUS(pt_fb_u64(&fb, &t, 0, 0, &w, &d), PT_OK, d); /* field 0 at +4, 8 bytes fit in 20 */
  CHECK((uint32_t)w == 0xdeadbeefu);

  /* failures: each with an offset in the message */
  uint8_t e;
  CHECK_STATUS(pt_fb_vec_field(&fb, &t, 1, 16, &v, &d), PT_ERR_BAD_FLATBUFFER, d); /* data at 44 not 8-aligned */
  CHECK(strstr(d.text, "offset 44") != NULL);
  put32(b, 40, 6);
  CHECK_STATUS(pt_fb_vec_field(&fb, &t, 1, 4, &v, &d), PT_ERR_BAD_FLATBUFFER, d);  /* 6 x 4 bytes overrun */
  CHECK(strstr(d.text, "offset 40") != NULL);
  put32(b, 40, 2);
  CHECK_STATUS(pt_fb_vec_field(&fb, &t, 1, 8, &v, &d), PT_ERR_BAD_FLATBUFFER, d);  /* data at 44 not 8-aligned */
  pt_fb_vec vt = { 44, 2 };
  pt_fb_table sub;
  CHECK_STATUS(pt_fb_vec_table(&fb, &vt, 2, &sub, &d), PT_ERR_BAD_FLATBUFFER, d);   /* index out of range */
  CHECK_STATUS(pt_fb_vec_table(&fb, &vt, 0, &sub, &d), PT_ERR_BAD_FLATBUFFER, d);   /* 44+7: misaligned table */
  CHECK_STATUS(pt_fb_table_at(&fb, 64, &sub, &d), PT_ERR_BAD_FLATBUFFER, d);
  CHECK_STATUS(pt_fb_table_at(&fb, 3, &sub, &d), PT_ERR_BAD_FLATBUFFER, d);

  build(b);
  put32(b, 20, (uint32_t)-100);   /* vtable past the end */
  CHECK_STATUS(pt_fb_root(&fb, &t, &d), PT_ERR_BAD_FLATBUFFER, d);
  CHECK(strstr(d.text, "offset 20") != NULL);
  build(b);
  put32(b, 20, 24);               /* vtable before the start */
  CHECK_STATUS(pt_fb_root(&fb, &t, &d), PT_ERR_BAD_FLATBUFFER, d);
  build(b);
  put16(b, 8, 3);                 /* odd vtable size */
  CHECK_STATUS(pt_fb_root(&fb, &t, &d), PT_ERR_BAD_FLATBUFFER, d);
  build(b);
  put16(b, 10, 60);               /* table size overruns */
  CHECK_STATUS(pt_fb_root(&fb, &t, &d), PT_ERR_BAD_FLATBUFFER, d);
  build(b);
  put16(b, 12, 42);               /* field 0 at 62: past the 64-byte buffer for a u32 */
  CHECK_STATUS(pt_fb_root(&fb, &t, &d), PT_OK, d);
  CHECK_STATUS(pt_fb_u32(&fb, &t, 0, 0, &u, &d), PT_ERR_BAD_FLATBUFFER, d);
  CHECK_STATUS(pt_fb_u8(&fb, &t, 0, 0, &e, &d), PT_OK, d); /* one byte at 62 still fits */
  build(b);
  put16(b, 12, 18);               /* field 0 past tsize 20 but inside the buffer: flatc writes such */
  CHECK_STATUS(pt_fb_root(&fb, &t, &d), PT_OK, d); /* tables, flatbuffers' verifier accepts them */
  CHECK_STATUS(pt_fb_u32(&fb, &t, 0, 0, &u, &d), PT_OK, d);
  build(b);
  put32(b, 28, 1000);             /* uoffset past the end */
  CHECK_STATUS(pt_fb_root(&fb, &t, &d), PT_OK, d);
  CHECK_STATUS(pt_fb_vec_field(&fb, &t, 1, 4, &v, &d), PT_ERR_BAD_FLATBUFFER, d);
  build(b);
  put32(b, 40, 0x40000000u);      /* vector length whose byte size overflows 32 bits */
  CHECK_STATUS(pt_fb_root(&fb, &t, &d), PT_OK, d);
  CHECK_STATUS(pt_fb_vec_field(&fb, &t, 1, 4, &v, &d), PT_ERR_BAD_FLATBUFFER, d);
  build(b);
  put32(b, 52, 9);                /* string longer than the buffer */
  CHECK_STATUS(pt_fb_root(&fb, &t, &d), PT_OK, d);
  CHECK_STATUS(pt_fb_str_field(&fb, &t, 2, &s, &n, &d), PT_ERR_BAD_FLATBUFFER, d);
  pt_fb_buf tiny = { b, 6 };
  CHECK_STATUS(pt_fb_root(&tiny, &t, &d), PT_ERR_TRUNCATED, d);
}

static void test_format(void) {
  pt_diag d;
  CHECK(pt_fail(&d, PT_ERR_BAD_INDEX, "a%sb%.*sc%d|%u|%ld|%lu|%lld|%llu|%zu|%x|%c|%%", "S", 2, "xyz", -5, 7u, -8L, 9UL,
                -(1LL << 40), 18446744073709551615ULL, (size_t)12, 255u, 'q') == PT_ERR_BAD_INDEX);
  CHECK(d.status == PT_ERR_BAD_INDEX);
  CHECK(strcmp(d.text, "aSbxyc-5|7|-8|9|-1099511627776|18446744073709551615|12|ff|q|%") == 0);
  pt_fail(&d, PT_OK, "%d %lld", -2147483647 - 1, -9223372036854775807LL - 1);
  CHECK(strcmp(d.text, "-2147483648 -9223372036854775808") == 0);
  char big[400];
  memset(big, 'x', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  pt_fail(&d, PT_ERR_TRUNCATED, "%s", big);
  CHECK(strlen(d.text) == PT_DIAG_TEXT_SIZE - 1);
  CHECK(pt_fail(NULL, PT_ERR_BAD_ENUM, "x") == PT_ERR_BAD_ENUM);
  CHECK(strcmp(pt_status_name(PT_ERR_MISSING_OPERATOR), "PT_ERR_MISSING_OPERATOR") == 0);
  CHECK(strcmp(pt_status_name(PT_OK), "PT_OK") == 0);
  CHECK(strcmp(pt_status_name(PT_ERR_KERNEL_FAILED), "PT_ERR_KERNEL_FAILED") == 0);
  CHECK(strcmp(pt_status_name((pt_status)999), "PT_ERR_UNKNOWN") == 0);
  for (int s = 0; s < PT_STATUS_COUNT; s++) CHECK(strncmp(pt_status_name((pt_status)s), "PT_", 3) == 0);
  CHECK(pt_dtype_size(PT_F32) == 4 && pt_dtype_size(PT_I8) == 1 && pt_dtype_size(PT_I64) == 8 &&
        pt_dtype_size(PT_BF16) == 2 && pt_dtype_size(PT_BOOL) == 1 && pt_dtype_size(8) == 0 && pt_dtype_size(-1) == 0);
  CHECK(strcmp(pt_dtype_name(PT_F32), "float32") == 0 && strcmp(pt_dtype_name(99), "unknown") == 0);
}

static pt_status noop(const pt_ctx *v, const pt_call *c) { (void)v; (void)c; return PT_OK; }

static void test_kernel_find(void) {
  static const pt_kernel a = { "aten::add.out", NULL, noop, NULL}, b = { "aten::add.Scalar_out", NULL, noop, NULL };
  static const pt_kernel *const ks[] = { &a, &b };
  pt_kernel_table t = { ks, 2 };
  CHECK(pt_kernel_find(&t, "aten::add.out", 13) == &a);
  CHECK(pt_kernel_find(&t, "aten::add.outXX", 13) == &a); /* length, not NUL, ends the name */
  CHECK(pt_kernel_find(&t, "aten::add.ou", 12) == NULL);
  CHECK(pt_kernel_find(&t, "aten::add.out\0zz", 16) == NULL);
  CHECK(pt_kernel_find(&t, "aten::add.Scalar_out", 20) == &b);
  CHECK(pt_kernel_find(NULL, "x", 1) == NULL);
}

int main(void) {
  test_reads();
  test_format();
  test_kernel_find();
  if (failures) fprintf(stderr, "%d checks failed\n", failures);
  return failures != 0;
}
