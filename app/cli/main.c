/* cli/main.c - temporary entry point while the commands are written. */
#include <stdio.h>
int main(void) { puts("vetter"); return 0; }
