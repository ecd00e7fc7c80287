/* Host tests of the portable firmware protocol part: unit tests, then the golden vectors. */
#include <stdio.h>

#include "check.h"

unsigned long check_count;
unsigned long check_failures;

int main(int argc, char **argv) {
  int vectors;
  if (argc != 2) {
    fprintf(stderr, "usage: %s docs/protocol-vectors.txt\n", argv[0]);
    return 2;
  }
  run_unit_tests();
  vectors = run_vector_tests(argv[1]);
  if (vectors <= 0) {
    fprintf(stderr, "FAIL: no golden vectors read from %s\n", argv[1]);
    return 1;
  }
  if (check_failures > 0) {
    fprintf(stderr, "firmware host tests: %lu of %lu checks FAILED\n", check_failures, check_count);
    return 1;
  }
  printf("firmware host tests: %lu checks passed, %d golden vectors from %s\n", check_count,
         vectors, argv[1]);
  return 0;
}
