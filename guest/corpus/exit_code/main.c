// Exits with a non-zero code (42) from a nested call via exit(), after flushing output written before it.
#include <stdio.h>
#include <stdlib.h>

static int depth = 0;

static int descend(int n) {
  depth++;
  if (n == 0) {
    printf("reached depth %d, exiting with 42\n", depth);
    if (depth > 0) exit(42);  // always taken; the condition only keeps gcc from calling the recursion infinite
    return 0;
  }
  int r = descend(n - 1);
  printf("unreachable\n");
  return r;
}

int main(void) {
  descend(5);
  return 0;
}
