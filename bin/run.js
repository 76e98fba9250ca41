#!/usr/bin/env node
import { setFlagsFromString } from "node:v8";
import { execute } from "@oclif/core";

// V8 recompiles a WASM function with its optimising compiler once it has run for a budget (13 M on Node 22 and 24).
// MuPDF's and PGlite's modules are large and a command's life is short: that recompiling took about 1 s of the
// ~6.7 s of CPU of `docs add` on the heavy 50-sheet set, most of it for functions that never ran long enough to pay
// it back. At 15 times the budget only the really hot ones are recompiled (that set: median of 8 interleaved runs
// 4.29 -> 4.04 s; 200 sheets 10.2-11.4 -> 9.5-10.6 s). Set before any module compiles; the parse workers share it.
setFlagsFromString("--wasm-tiering-budget=200000000");
await execute({ dir: import.meta.url });
