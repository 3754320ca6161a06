#include <stddef.h>
#include <stdint.h>

// libFuzzer's driver for a program that has its own main (LLVM 11 and later). SwiftPM gives every executable
// target a main of its own, so libFuzzer's main is never linked and the targets start the driver themselves.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));
