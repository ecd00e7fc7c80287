#include "vectors.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static char *read_line(FILE *f, int *eof) {
  size_t capacity = 256;
  size_t length = 0;
  char *line = malloc(capacity);
  int c;
  if (line == NULL) {
    return NULL;
  }
  while ((c = fgetc(f)) != EOF && c != '\n') {
    if (length + 1 >= capacity) {
      char *bigger = realloc(line, capacity * 2);
      if (bigger == NULL) {
        free(line);
        return NULL;
      }
      line = bigger;
      capacity *= 2;
    }
    line[length++] = (char)c;
  }
  *eof = (c == EOF);
  line[length] = '\0';
  return line;
}

static char *trim(char *s) {
  char *end;
  while (*s == ' ' || *s == '\t' || *s == '\r') {
    s++;
  }
  end = s + strlen(s);
  while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) {
    *--end = '\0';
  }
  return s;
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static long parse_hex(const char *hex, uint8_t *out, size_t max) {
  size_t n = strlen(hex);
  size_t i;
  if (n % 2 != 0 || n / 2 > max) {
    return -1;
  }
  for (i = 0; i < n / 2; i++) {
    int hi = hex_digit(hex[2 * i]);
    int lo = hex_digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      return -1;
    }
    out[i] = (uint8_t)(hi * 16 + lo);
  }
  return (long)(n / 2);
}

static int parse_line(char *line, int line_number, vector_t *v) {
  char *name = line;
  char *hex = strchr(name, '|');
  char *fields;
  char *token;
  long length;
  if (hex == NULL || (fields = strchr(hex + 1, '|')) == NULL || strchr(fields + 1, '|') != NULL) {
    fprintf(stderr, "vectors line %d: needs 'name | hex | fields'\n", line_number);
    return -1;
  }
  *hex++ = '\0';
  *fields++ = '\0';
  memset(v, 0, sizeof(*v));
  v->name = trim(name);
  v->line = line_number;
  hex = trim(hex);
  v->bytes = malloc(strlen(hex) / 2 + 1);
  length = v->bytes == NULL ? -1 : parse_hex(hex, v->bytes, strlen(hex) / 2 + 1);
  if (length < 0) {
    fprintf(stderr, "vectors line %d: bad hex\n", line_number);
    return -1;
  }
  v->length = (size_t)length;
  for (token = strtok(trim(fields), " "); token != NULL; token = strtok(NULL, " ")) {
    char *eq = strchr(token, '=');
    if (eq == NULL || v->field_count == VECTOR_MAX_FIELDS) {
      fprintf(stderr, "vectors line %d: bad field '%s'\n", line_number, token);
      return -1;
    }
    *eq = '\0';
    v->fields[v->field_count].key = token;
    v->fields[v->field_count].value = eq + 1;
    v->field_count++;
  }
  return 0;
}

int vectors_each(const char *path, void (*visit)(vector_t *vector)) {
  FILE *f = fopen(path, "r");
  int line_number = 0;
  int count = 0;
  int eof = 0;
  if (f == NULL) {
    fprintf(stderr, "cannot open vectors file %s: %s\n", path, strerror(errno));
    return -1;
  }
  while (!eof) {
    char *line = read_line(f, &eof);
    char *text;
    vector_t v;
    line_number++;
    if (line == NULL) {
      fclose(f);
      return -1;
    }
    text = trim(line);
    if (*text == '\0' || *text == '#') {
      free(line);
      continue;
    }
    if (parse_line(text, line_number, &v) != 0) {
      free(line);
      fclose(f);
      return -1;
    }
    v.storage = line;
    visit(&v);
    free(v.bytes);
    free(line);
    count++;
  }
  fclose(f);
  return count;
}

static vector_field_t *find(vector_t *v, const char *key) {
  int i;
  for (i = 0; i < v->field_count; i++) {
    if (strcmp(v->fields[i].key, key) == 0) {
      v->fields[i].used = 1;
      return &v->fields[i];
    }
  }
  return NULL;
}

int vector_has(vector_t *v, const char *key) {
  int i;
  for (i = 0; i < v->field_count; i++) {
    if (strcmp(v->fields[i].key, key) == 0) {
      return 1;
    }
  }
  return 0;
}

int64_t vector_i64(vector_t *v, const char *key) {
  vector_field_t *f = find(v, key);
  char *end;
  long long value;
  CHECK(f != NULL, "%s (line %d): field %s missing", v->name, v->line, key);
  if (f == NULL) {
    return 0;
  }
  errno = 0;
  value = strtoll(f->value, &end, 10);
  CHECK(errno == 0 && *end == '\0', "%s (line %d): %s=%s is not an integer", v->name, v->line,
        key, f->value);
  return (int64_t)value;
}

uint64_t vector_u64(vector_t *v, const char *key) {
  vector_field_t *f = find(v, key);
  char *end;
  unsigned long long value;
  CHECK(f != NULL, "%s (line %d): field %s missing", v->name, v->line, key);
  if (f == NULL) {
    return 0;
  }
  errno = 0;
  value = strtoull(f->value, &end, 10);
  CHECK(errno == 0 && *end == '\0' && f->value[0] != '-', "%s (line %d): %s=%s is not unsigned",
        v->name, v->line, key, f->value);
  return (uint64_t)value;
}

size_t vector_list(vector_t *v, const char *key, int64_t *out, size_t max) {
  vector_field_t *f = find(v, key);
  const char *p;
  size_t n = 0;
  CHECK(f != NULL, "%s (line %d): field %s missing", v->name, v->line, key);
  if (f == NULL) {
    return 0;
  }
  p = f->value;
  while (*p != '\0' && n < max) {
    char *end;
    out[n++] = (int64_t)strtoll(p, &end, 10);
    CHECK(end != p && (*end == ',' || *end == '\0'), "%s (line %d): bad list %s", v->name,
          v->line, key);
    if (end == p) {
      break;
    }
    p = *end == ',' ? end + 1 : end;
  }
  return n;
}

size_t vector_hex(vector_t *v, const char *key, uint8_t *out, size_t max) {
  vector_field_t *f = find(v, key);
  long n;
  CHECK(f != NULL, "%s (line %d): field %s missing", v->name, v->line, key);
  if (f == NULL) {
    return 0;
  }
  n = parse_hex(f->value, out, max);
  CHECK(n >= 0, "%s (line %d): %s is not hex of at most %lu bytes", v->name, v->line, key,
        (unsigned long)max);
  return n < 0 ? 0 : (size_t)n;
}

const char *vector_string(vector_t *v, const char *key) {
  vector_field_t *f = find(v, key);
  CHECK(f != NULL, "%s (line %d): field %s missing", v->name, v->line, key);
  return f == NULL ? "" : f->value;
}

void vector_require_all_used(vector_t *v) {
  int i;
  for (i = 0; i < v->field_count; i++) {
    CHECK(v->fields[i].used, "%s (line %d): field %s is not checked by the firmware tests "
          "(did the protocol change?)", v->name, v->line, v->fields[i].key);
  }
}
