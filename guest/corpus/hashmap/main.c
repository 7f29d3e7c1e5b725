// Malloc-heavy: word frequencies of the public input in a chained hash map that grows by rehashing, a linked list built, reversed and freed, and allocation failure handled.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zkvm.h"

typedef struct entry {
  char *word;
  uint32_t count;
  struct entry *next;
} entry;

typedef struct {
  entry **buckets;
  size_t nbuckets, size;
  uint32_t rehashes;
} map;

static uint32_t fnv1a(const char *s) {
  uint32_t h = 2166136261u;
  while (*s) h = (h ^ (uint8_t)*s++) * 16777619u;
  return h;
}

static void *xmalloc(size_t n) {
  void *p = malloc(n);
  if (p == NULL) zkvm_fail("hashmap: out of memory");
  return p;
}

static void map_grow(map *m) {
  size_t nb = m->nbuckets * 2;
  entry **b = xmalloc(nb * sizeof *b);
  for (size_t i = 0; i < nb; i++) b[i] = NULL;
  for (size_t i = 0; i < m->nbuckets; i++) {
    for (entry *e = m->buckets[i], *next; e != NULL; e = next) {
      next = e->next;
      size_t k = fnv1a(e->word) & (nb - 1);
      e->next = b[k];
      b[k] = e;
    }
  }
  free(m->buckets);
  m->buckets = b;
  m->nbuckets = nb;
  m->rehashes++;
}

static void map_add(map *m, const char *word) {
  size_t k = fnv1a(word) & (m->nbuckets - 1);
  for (entry *e = m->buckets[k]; e != NULL; e = e->next) {
    if (strcmp(e->word, word) == 0) {
      e->count++;
      return;
    }
  }
  entry *e = xmalloc(sizeof *e);
  size_t len = strlen(word);
  e->word = xmalloc(len + 1);
  memcpy(e->word, word, len + 1);
  e->count = 1;
  e->next = m->buckets[k];
  m->buckets[k] = e;
  if (++m->size * 4 > m->nbuckets * 3) map_grow(m);
}

static int by_count_then_word(const void *a, const void *b) {
  const entry *x = *(const entry *const *)a, *y = *(const entry *const *)b;
  if (x->count != y->count) return x->count > y->count ? -1 : 1;
  return strcmp(x->word, y->word);
}

typedef struct node {
  uint32_t value;
  struct node *next;
} node;

int main(void) {
  size_t len;
  char *text = (char *)zkvm_read_public_all(&len);
  map m = {NULL, 4, 0, 0};
  m.buckets = xmalloc(m.nbuckets * sizeof *m.buckets);
  for (size_t i = 0; i < m.nbuckets; i++) m.buckets[i] = NULL;

  uint32_t words = 0;
  char word[64];
  size_t w = 0;
  for (size_t i = 0; i <= len; i++) {
    char c = i < len ? text[i] : ' ';
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (c >= 'a' && c <= 'z' && w < sizeof word - 1) {
      word[w++] = c;
    } else if (w > 0) {
      word[w] = 0;
      map_add(&m, word);
      words++;
      w = 0;
    }
  }
  free(text);
  printf("%lu words, %lu distinct, %lu buckets after %lu rehashes\n", (unsigned long)words, (unsigned long)m.size,
         (unsigned long)m.nbuckets, (unsigned long)m.rehashes);

  entry **all = xmalloc(m.size * sizeof *all);
  size_t n = 0;
  for (size_t i = 0; i < m.nbuckets; i++)
    for (entry *e = m.buckets[i]; e != NULL; e = e->next) all[n++] = e;
  qsort(all, n, sizeof *all, by_count_then_word);
  for (size_t i = 0; i < n && i < 10; i++) printf("%3lu %s\n", (unsigned long)all[i]->count, all[i]->word);
  for (size_t i = 0; i < n; i++) {
    free(all[i]->word);
    free(all[i]);
  }
  free(all);
  free(m.buckets);

  // A linked list of 5000 nodes: build, reverse in place, checksum in order, free. Repeated so freed memory is reused.
  uint32_t checksum = 0;
  for (int round = 0; round < 4; round++) {
    node *head = NULL;
    for (uint32_t i = 0; i < 5000; i++) {
      node *nd = xmalloc(sizeof *nd);
      nd->value = i * 2654435761u + (uint32_t)round;
      nd->next = head;
      head = nd;
    }
    node *prev = NULL;
    while (head != NULL) {
      node *next = head->next;
      head->next = prev;
      prev = head;
      head = next;
    }
    for (node *p = prev; p != NULL; p = p->next) checksum = checksum * 31 + p->value;
    while (prev != NULL) {
      node *next = prev->next;
      free(prev);
      prev = next;
    }
  }
  printf("list checksum %08lx\n", (unsigned long)checksum);

  // The heap is 16 MiB by default: a 64 MiB request must fail cleanly, and smaller ones must still work after it.
  void *huge = malloc(64u << 20);
  void *small = malloc(1000);
  printf("64 MiB malloc: %s, 1000-byte malloc after it: %s\n", huge == NULL ? "NULL" : "non-NULL",
         small == NULL ? "NULL" : "ok");
  free(small);
  void *z = calloc(1000, 4);
  int zero = 1;
  for (size_t i = 0; i < 4000; i++) zero &= ((unsigned char *)z)[i] == 0;
  printf("calloc zeroed: %s\n", zero ? "yes" : "no");
  free(z);
  return 0;
}
