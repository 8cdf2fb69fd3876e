/* The sine MLP (1-16-16-1, ReLU) by hand: what a C programmer would write for this one
 * network, with the weights as compile-time constants so the compiler may unroll and fold.
 * Layer l: y[j] = (sum_p x[p] * W_l[p][j], summed from 0 in p order) + b_l[j], as
 * ExecuTorch's addmm computes it (W_l is addmm's mat2: [in, out]). */
#include "floor.h"
#include "floor_weights.h"

static float relu(float v) { return v >= 0.0f ? v : 0.0f; }

void floor_run(const float *in, float *out) {
  const float x = in[0];
  float h1[16], h2[16];
  for (int j = 0; j < 16; j++) h1[j] = relu((0.0f + x * L0_W[0][j]) + L0_B[j]);
  for (int j = 0; j < 16; j++) {
    float s = 0.0f;
    for (int p = 0; p < 16; p++) s += h1[p] * L1_W[p][j];
    h2[j] = relu(s + L1_B[j]);
  }
  float s = 0.0f;
  for (int p = 0; p < 16; p++) s += h2[p] * L2_W[p][0];
  out[0] = s + L2_B[0];
}
