// Bytecode interpreter driven by a dense switch (compiled to a jump table): assembles three stack-machine programs with labels, runs them, prints their output and op counts.
#include <stdint.h>
#include <stdio.h>

#include "zkvm.h"

enum {
  OP_HALT, OP_PUSH, OP_LOAD, OP_STORE, OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD, OP_AND, OP_OR, OP_XOR, OP_SHL,
  OP_SHR, OP_LT, OP_GT, OP_EQ, OP_NOT, OP_JMP, OP_JZ, OP_JNZ, OP_DUP, OP_SWAP, OP_DROP, OP_PRINT, OP_INC, OP_DEC,
  OP_CALL, OP_RET, OP_NEG, OP_OVER, OP_COUNT
};

// --- a tiny assembler with forward labels ---------------------------------------------------------------------
#define MAX_CODE 512
#define MAX_LABELS 32
static int32_t code[MAX_CODE];
static int ncode;
static int label_at[MAX_LABELS];
static int fixups[MAX_CODE][2];  // (code index, label)
static int nfixups;

static void emit(int32_t w) {
  if (ncode == MAX_CODE) zkvm_fail("interp: program too long");
  code[ncode++] = w;
}
static void op(int o) { emit(o); }
static void opi(int o, int32_t imm) {
  emit(o);
  emit(imm);
}
static void jump(int o, int label) {
  emit(o);
  fixups[nfixups][0] = ncode;
  fixups[nfixups][1] = label;
  nfixups++;
  emit(-1);
}
static void label(int l) { label_at[l] = ncode; }
static void assemble_begin(void) {
  ncode = 0;
  nfixups = 0;
  for (int i = 0; i < MAX_LABELS; i++) label_at[i] = -1;
}
static void assemble_end(void) {
  for (int i = 0; i < nfixups; i++) {
    int target = label_at[fixups[i][1]];
    if (target < 0) zkvm_fail("interp: undefined label");
    code[fixups[i][0]] = target;
  }
}

// --- the machine ----------------------------------------------------------------------------------------------
static uint32_t op_counts[OP_COUNT];

static uint64_t run(void) {
  uint32_t stack[64], regs[16];
  int calls[32];
  int sp = 0, csp = 0, pc = 0;
  uint64_t steps = 0;
  for (int i = 0; i < 16; i++) regs[i] = 0;
  for (;;) {
    int32_t o = code[pc++];
    steps++;
    if (o < 0 || o >= OP_COUNT) zkvm_fail("interp: bad opcode");
    op_counts[o]++;
    // Stack discipline is trusted (the programs are ours); arithmetic is unsigned, so it wraps without UB.
    switch (o) {
      case OP_HALT: return steps;
      case OP_PUSH: stack[sp++] = (uint32_t)code[pc++]; break;
      case OP_LOAD: stack[sp++] = regs[code[pc++]]; break;
      case OP_STORE: regs[code[pc++]] = stack[--sp]; break;
      case OP_ADD: sp--; stack[sp - 1] += stack[sp]; break;
      case OP_SUB: sp--; stack[sp - 1] -= stack[sp]; break;
      case OP_MUL: sp--; stack[sp - 1] *= stack[sp]; break;
      case OP_DIV:
        sp--;
        if (stack[sp] == 0) zkvm_fail("interp: division by zero");
        stack[sp - 1] /= stack[sp];
        break;
      case OP_MOD:
        sp--;
        if (stack[sp] == 0) zkvm_fail("interp: division by zero");
        stack[sp - 1] %= stack[sp];
        break;
      case OP_AND: sp--; stack[sp - 1] &= stack[sp]; break;
      case OP_OR: sp--; stack[sp - 1] |= stack[sp]; break;
      case OP_XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
      case OP_SHL: sp--; stack[sp - 1] <<= stack[sp] & 31; break;
      case OP_SHR: sp--; stack[sp - 1] >>= stack[sp] & 31; break;
      case OP_LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
      case OP_GT: sp--; stack[sp - 1] = stack[sp - 1] > stack[sp]; break;
      case OP_EQ: sp--; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
      case OP_NOT: stack[sp - 1] = !stack[sp - 1]; break;
      case OP_JMP: pc = code[pc]; break;
      case OP_JZ: pc = stack[--sp] == 0 ? code[pc] : pc + 1; break;
      case OP_JNZ: pc = stack[--sp] != 0 ? code[pc] : pc + 1; break;
      case OP_DUP: stack[sp] = stack[sp - 1]; sp++; break;
      case OP_SWAP: { uint32_t t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; } break;
      case OP_DROP: sp--; break;
      case OP_PRINT: printf("  out: %lu\n", (unsigned long)stack[--sp]); break;
      case OP_INC: regs[code[pc++]]++; break;
      case OP_DEC: regs[code[pc++]]--; break;
      case OP_CALL: calls[csp++] = pc + 1; pc = code[pc]; break;
      case OP_RET: pc = calls[--csp]; break;
      case OP_NEG: stack[sp - 1] = 0u - stack[sp - 1]; break;
      case OP_OVER: stack[sp] = stack[sp - 2]; sp++; break;
    }
    if (sp < 0 || sp > 60 || csp < 0 || csp > 30) zkvm_fail("interp: stack out of range");
  }
}

// Count and sum the primes below `limit` by trial division (r0 = n, r1 = d, r2 = sum, r3 = count).
static void program_primes(uint32_t limit) {
  enum { OUTER, INNER, PRIME, NEXT, DONE };
  assemble_begin();
  opi(OP_PUSH, 2); opi(OP_STORE, 0);
  opi(OP_PUSH, 0); opi(OP_STORE, 2);
  opi(OP_PUSH, 0); opi(OP_STORE, 3);
  label(OUTER);
  opi(OP_LOAD, 0); opi(OP_PUSH, (int32_t)limit); op(OP_LT); jump(OP_JZ, DONE);
  opi(OP_PUSH, 2); opi(OP_STORE, 1);
  label(INNER);
  opi(OP_LOAD, 0); opi(OP_LOAD, 1); opi(OP_LOAD, 1); op(OP_MUL); op(OP_LT); jump(OP_JNZ, PRIME);
  opi(OP_LOAD, 0); opi(OP_LOAD, 1); op(OP_MOD); jump(OP_JZ, NEXT);
  opi(OP_INC, 1); jump(OP_JMP, INNER);
  label(PRIME);
  opi(OP_LOAD, 2); opi(OP_LOAD, 0); op(OP_ADD); opi(OP_STORE, 2); opi(OP_INC, 3);
  label(NEXT);
  opi(OP_INC, 0); jump(OP_JMP, OUTER);
  label(DONE);
  opi(OP_LOAD, 3); op(OP_PRINT); opi(OP_LOAD, 2); op(OP_PRINT); op(OP_HALT);
  assemble_end();
}

// The n <= limit with the longest Collatz trajectory, via a CALLed subroutine (r0 = n, r4 = best steps, r5 = best n).
static void program_collatz(uint32_t limit) {
  enum { LOOP, SKIP, NEXT, DONE, COLLATZ, C1, EVEN, CINC, CEND };
  assemble_begin();
  opi(OP_PUSH, 1); opi(OP_STORE, 0); opi(OP_PUSH, 0); opi(OP_STORE, 4); opi(OP_PUSH, 0); opi(OP_STORE, 5);
  label(LOOP);
  opi(OP_LOAD, 0); opi(OP_PUSH, (int32_t)limit + 1); op(OP_LT); jump(OP_JZ, DONE);
  opi(OP_LOAD, 0); jump(OP_CALL, COLLATZ);
  op(OP_DUP); opi(OP_LOAD, 4); op(OP_GT); jump(OP_JZ, SKIP);
  opi(OP_STORE, 4); opi(OP_LOAD, 0); opi(OP_STORE, 5); jump(OP_JMP, NEXT);
  label(SKIP);
  op(OP_DROP);
  label(NEXT);
  opi(OP_INC, 0); jump(OP_JMP, LOOP);
  label(DONE);
  opi(OP_LOAD, 5); op(OP_PRINT); opi(OP_LOAD, 4); op(OP_PRINT); op(OP_HALT);
  label(COLLATZ);  // ( n -- steps ), r6 = x, r7 = steps
  opi(OP_STORE, 6); opi(OP_PUSH, 0); opi(OP_STORE, 7);
  label(C1);
  opi(OP_LOAD, 6); opi(OP_PUSH, 1); op(OP_EQ); jump(OP_JNZ, CEND);
  opi(OP_LOAD, 6); opi(OP_PUSH, 1); op(OP_AND); jump(OP_JZ, EVEN);
  opi(OP_LOAD, 6); opi(OP_PUSH, 3); op(OP_MUL); opi(OP_PUSH, 1); op(OP_ADD); opi(OP_STORE, 6); jump(OP_JMP, CINC);
  label(EVEN);
  opi(OP_LOAD, 6); opi(OP_PUSH, 1); op(OP_SHR); opi(OP_STORE, 6);
  label(CINC);
  opi(OP_INC, 7); jump(OP_JMP, C1);
  label(CEND);
  opi(OP_LOAD, 7); op(OP_RET);
  assemble_end();
}

// A bit-mixing loop exercising the remaining ops: x = ((x << 5) ^ (x >> 3) ^ -x) | (x & 1), 1000 times; then
// SUB/DIV/SWAP/OVER/NOT/DEC on the result.
static void program_mix(void) {
  enum { LOOP, DONE };
  assemble_begin();
  opi(OP_PUSH, 0x1234567); opi(OP_STORE, 0); opi(OP_PUSH, 1000); opi(OP_STORE, 1);
  label(LOOP);
  opi(OP_LOAD, 1); jump(OP_JZ, DONE);
  opi(OP_LOAD, 0); opi(OP_PUSH, 5); op(OP_SHL);
  opi(OP_LOAD, 0); opi(OP_PUSH, 3); op(OP_SHR); op(OP_XOR);
  opi(OP_LOAD, 0); op(OP_NEG); op(OP_XOR);
  opi(OP_LOAD, 0); opi(OP_PUSH, 1); op(OP_AND); op(OP_OR);
  opi(OP_STORE, 0); opi(OP_DEC, 1); jump(OP_JMP, LOOP);
  label(DONE);
  opi(OP_LOAD, 0); op(OP_DUP); op(OP_PRINT);
  opi(OP_PUSH, 1000); op(OP_SWAP); op(OP_OVER); op(OP_SUB); op(OP_SWAP); op(OP_DIV); op(OP_PRINT);
  opi(OP_PUSH, 0); op(OP_NOT); op(OP_PRINT);
  op(OP_HALT);
  assemble_end();
}

int main(void) {
  printf("primes below 2000 (count, sum):\n");
  program_primes(2000);
  uint64_t total = run();
  printf("collatz up to 300 (n, steps):\n");
  program_collatz(300);
  total += run();
  printf("mix:\n");
  program_mix();
  total += run();
  printf("dispatched %llu ops\n", (unsigned long long)total);
  for (int o = 0; o < OP_COUNT; o++) printf("%s%lu", o == 0 ? "op counts: " : " ", (unsigned long)op_counts[o]);
  putchar('\n');
  return 0;
}
