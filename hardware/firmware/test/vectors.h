/* Reader for docs/protocol-vectors.txt: "name | hex | key=value key=value ...", one per line. */
#ifndef RAPPORT_VECTORS_H
#define RAPPORT_VECTORS_H

#include <stddef.h>
#include <stdint.h>

#define VECTOR_MAX_FIELDS 64

typedef struct {
  char *key;
  char *value;
  int used; /* set when a check reads it: unread fields mean the test fell behind the protocol */
} vector_field_t;

typedef struct {
  char *name;
  int line;
  uint8_t *bytes;
  size_t length;
  vector_field_t fields[VECTOR_MAX_FIELDS];
  int field_count;
  char *storage; /* the line, owned */
} vector_t;

/* Calls visit for every vector; returns the number of vectors, or -1 if the file cannot be read
 * or a line is malformed (reported on stderr). */
int vectors_each(const char *path, void (*visit)(vector_t *vector));

int vector_has(vector_t *v, const char *key);
/* The field as an unsigned/signed integer; a missing or malformed field fails a check. */
uint64_t vector_u64(vector_t *v, const char *key);
int64_t vector_i64(vector_t *v, const char *key);
/* A comma-separated integer list; returns its length (at most max). */
size_t vector_list(vector_t *v, const char *key, int64_t *out, size_t max);
/* A hex field (e.g. extension, raw); returns its byte length (at most max). */
size_t vector_hex(vector_t *v, const char *key, uint8_t *out, size_t max);
const char *vector_string(vector_t *v, const char *key);
/* Fails a check for every field no check read. */
void vector_require_all_used(vector_t *v);

#endif
