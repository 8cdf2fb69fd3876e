/* The hand-written floors the bench measures petite against: plain C, the same network with
 * the same weights (floor_weights.h, written by bench/run.py from the model's .pte constants),
 * compiled with the same compiler and flags as petite. Each takes the model's input 0 and
 * writes its output 0, summing in the order ExecuTorch's portable kernels use, so the floor's
 * output equals ExecuTorch's and petite's bit for bit. */
#ifndef PETITE_BENCH_FLOOR_H
#define PETITE_BENCH_FLOOR_H

void floor_run(const float *in, float *out);

#endif
