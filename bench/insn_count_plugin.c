/* A QEMU TCG plugin that counts executed guest instructions exactly, and records the count
 * each time the guest executes the first instruction of a marker function.
 *
 *   qemu-system-arm ... -plugin ./libinsn_count.so,mark=0x10000abc -d plugin -D marks.txt
 *
 * At exit it prints one line: "petite-marks: <count at mark 1> <count at mark 2> ...", and
 * "petite-total: <all instructions>". The difference between two marks is the number of
 * instructions the guest executed between them, including the marker call itself, the same
 * on every run (TCG translation is deterministic for a deterministic guest).
 *
 * Debian's QEMU loads plugins but ships no qemu-plugin.h, so the handful of API functions
 * used here (plugin API version 1, QEMU 7.x) are declared below. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
typedef struct qemu_info_t qemu_info_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_CB_R_REGS, QEMU_PLUGIN_CB_RW_REGS };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn, enum qemu_plugin_op op,
                                                void *ptr, uint64_t imm);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn, qemu_plugin_vcpu_udata_cb_t cb,
                                            enum qemu_plugin_cb_flags flags, void *userdata);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata);
void qemu_plugin_outs(const char *string);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

#define MAX_MARKS 65536
static uint64_t executed;           /* single vCPU: the boards we count have one core */
static uint64_t mark_addr = UINT64_MAX;
static uint64_t marks[MAX_MARKS];
static size_t nmarks;
static int overflowed;

static void on_mark(unsigned int vcpu, void *udata) {
  (void)vcpu; (void)udata;
  if (nmarks < MAX_MARKS) marks[nmarks++] = executed;
  else overflowed = 1;
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
  (void)id;
  size_t n = qemu_plugin_tb_n_insns(tb);
  for (size_t i = 0; i < n; i++) {
    struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
    /* The callback runs before this instruction's inline add: a mark sees the count of
     * instructions executed before the marker's first instruction. */
    if (qemu_plugin_insn_vaddr(insn) == mark_addr)
      qemu_plugin_register_vcpu_insn_exec_cb(insn, on_mark, QEMU_PLUGIN_CB_NO_REGS, NULL);
    qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &executed, 1);
  }
}

static void on_plugin_exit(qemu_plugin_id_t id, void *udata) {
  (void)id; (void)udata;
  char line[64];
  qemu_plugin_outs("petite-marks:");
  for (size_t i = 0; i < nmarks; i++) {
    snprintf(line, sizeof line, " %" PRIu64, marks[i]);
    qemu_plugin_outs(line);
  }
  snprintf(line, sizeof line, "\npetite-total: %" PRIu64 "\n", executed);
  qemu_plugin_outs(line);
  if (overflowed) qemu_plugin_outs("petite-error: more than 65536 marks; the rest were dropped\n");
}

__attribute__((visibility("default")))
int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv) {
  (void)info;
  for (int i = 0; i < argc; i++) {
    if (strncmp(argv[i], "mark=", 5) == 0) {
      char *end;
      mark_addr = strtoull(argv[i] + 5, &end, 0) & ~(uint64_t)1; /* Thumb bit */
      if (*end) { fprintf(stderr, "insn_count: bad mark address '%s'\n", argv[i] + 5); return -1; }
    } else {
      fprintf(stderr, "insn_count: unknown argument '%s' (expected mark=<address>)\n", argv[i]);
      return -1;
    }
  }
  qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
  qemu_plugin_register_atexit_cb(id, on_plugin_exit, NULL);
  return 0;
}
