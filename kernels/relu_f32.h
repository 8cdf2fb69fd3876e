/* relu over float32, shared by relu.c and the kernels that claim a following relu (addmm). */
#ifndef PETITE_RELU_F32_H
#define PETITE_RELU_F32_H

#include <stdint.h>

/* y = relu(x) over n floats (y may equal x): x < 0 ? 0 : x, NaN and -0.0 kept. */
void ku_relu_f32(const float *x, float *y, uint32_t n);

#endif
