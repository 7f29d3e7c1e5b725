// Hello world: one line to the public output (stdout) and one to the debug log (stderr).
#include <stdio.h>

int main(void) {
  printf("Hello, zkVM!\n");
  fprintf(stderr, "hello: this line goes to the debug log\n");
  return 0;
}
