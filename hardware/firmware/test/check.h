/* A minimal assertion layer for the host tests: counts checks, reports every failure with its
 * location, and lets main() exit non-zero at the end instead of stopping at the first. */
#ifndef RAPPORT_CHECK_H
#define RAPPORT_CHECK_H

#include <stdio.h>

extern unsigned long check_count;
extern unsigned long check_failures;

#define CHECK(cond, ...)                                          \
  do {                                                            \
    check_count++;                                                \
    if (!(cond)) {                                                \
      check_failures++;                                           \
      fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                               \
      fputc('\n', stderr);                                        \
    }                                                             \
  } while (0)

int run_unit_tests(void);
int run_vector_tests(const char *path);

#endif
