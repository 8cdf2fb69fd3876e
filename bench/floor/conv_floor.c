/* LeNet's first convolution by hand (6 filters 1x5x5 over a 1x28x28 image, stride 1, no
 * padding -> 6x24x24), with its bias: the conv floor. Sums in ExecuTorch's portable order
 * (from 0 over input channel, kernel row, kernel column, then the bias). The floor covers only this one
 * layer: the bench compares it with petite's time for the same instruction. */
#include "floor.h"
#include "floor_weights.h"

#define H 28
#define K 5
#define OH (H - K + 1)

void floor_run(const float *in, float *out) {
  for (int c = 0; c < 6; c++) {
    for (int y = 0; y < OH; y++) {
      for (int x = 0; x < OH; x++) {
        float s = 0.0f;
        for (int ky = 0; ky < K; ky++)
          for (int kx = 0; kx < K; kx++) s += in[(y + ky) * H + x + kx] * C0_W[c][0][ky][kx];
        out[(c * OH + y) * OH + x] = s + C0_B[c];
      }
    }
  }
}
