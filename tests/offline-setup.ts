// MuPDF's WASM is configured as it first loads, and a fixture may load it before any adapter does: configure it
// here, before every test file, so the tests read structured text the way the CLI and the server do
import "../adapters/mupdf/mupdf-wasm.js";
// The offline tiers never reach a real model: a developer's own key in the environment must not turn `docs add`
// or `ask` into live calls (tests that need a model point GEMINI_BASE_URL at the wire-format server themselves).
for (const name of ["GEMINI_API_KEY", "GOOGLE_API_KEY", "GEMINI_BASE_URL", "AIZOOMDOC_SECRET_KEY"]) delete process.env[name];
