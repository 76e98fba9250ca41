/**
 * MuPDF.js's WASM instance, configured before `mupdf` loads (import this module before "mupdf": MuPDF.js reads
 * `globalThis.$libmupdf_wasm_Module` once, when it is first imported, and puts the instance's exports on it).
 *
 * Two things come of it. The compiled module is kept, so a parse worker is handed it instead of reading and
 * compiling the 10 MB of WASM again (and shares the code V8 has already optimised). And the structured-text
 * accessors can be called directly: MuPDF.js's `walk()` makes a Font (a finalizer registration and two calls
 * into WASM) and four arrays for every character, 2× the cost of the walk itself on a heavy sheet.
 *
 * When something else imported `mupdf` first, neither is available and callers fall back to the public API.
 */
import { readFileSync } from "node:fs";
import { isMainThread, workerData } from "node:worker_threads";

/** The exports of MuPDF.js's WASM glue that the structured-text reader calls (pointers are WASM addresses). */
export interface MupdfWasm {
  HEAPF32: Float32Array;
  _wasm_stext_page_get_first_block(page: number): number;
  _wasm_stext_block_get_next(block: number): number;
  _wasm_stext_block_get_type(block: number): number;
  _wasm_stext_block_get_bbox(block: number): number;
  _wasm_stext_block_get_v_flags(block: number): number;
  _wasm_stext_block_get_first_line(block: number): number;
  _wasm_stext_line_get_next(line: number): number;
  _wasm_stext_line_get_bbox(line: number): number;
  _wasm_stext_line_get_first_char(line: number): number;
  _wasm_stext_char_get_next(char: number): number;
  _wasm_stext_char_get_c(char: number): number;
  _wasm_stext_char_get_size(char: number): number;
  _wasm_stext_char_get_quad(char: number): number;
}

/** workerData key under which a parse worker receives the compiled module. */
export const WASM_MODULE_KEY = "mupdfWasmModule";

/** A compiled WebAssembly.Module (the project's TypeScript libs do not declare the WebAssembly namespace). */
export type CompiledWasm = object;

// the parts of the WebAssembly API used here, typed locally for the same reason
const { WebAssembly: webAssembly } = globalThis as unknown as {
  WebAssembly: {
    Module: abstract new (...args: never[]) => CompiledWasm;
    compile(bytes: Uint8Array): Promise<CompiledWasm>;
    instantiate(module: CompiledWasm, imports: object): Promise<object>;
  };
};

type Instantiate = (imports: object, done: (instance: object, module: CompiledWasm) => void) => void;

const global = globalThis as { $libmupdf_wasm_Module?: Partial<MupdfWasm> & { instantiateWasm?: Instantiate } };
let compiled: CompiledWasm | undefined;

if (!global.$libmupdf_wasm_Module) {
  const given = !isMainThread && (workerData as Record<string, unknown> | null)?.[WASM_MODULE_KEY];
  global.$libmupdf_wasm_Module = {
    instantiateWasm(imports, done) {
      // MuPDF.js waits for `done`: a failure must not leave its import pending for ever, so it ends the process as
      // an unhandled rejection (the file is part of the installed package; it only fails on a broken install)
      void (async () => {
        const module =
          given instanceof webAssembly.Module ? given : await webAssembly.compile(readFileSync(new URL("mupdf-wasm.wasm", import.meta.resolve("mupdf"))));
        compiled = module;
        done(await webAssembly.instantiate(module, imports), module);
      })();
    },
  };
}

/** The compiled MuPDF module for a worker to instantiate, once `mupdf` has loaded through this hook. */
export const mupdfWasmModule = (): CompiledWasm | undefined => compiled;

/** The WASM exports, once `mupdf` has loaded through this hook (or through another that kept them). */
export function mupdfWasm(): MupdfWasm | undefined {
  const module = global.$libmupdf_wasm_Module;
  return typeof module?._wasm_stext_page_get_first_block === "function" ? (module as MupdfWasm) : undefined;
}
