// The offline tiers never reach a real model: a developer's own key in the environment must not turn `docs add`
// or `ask` into live calls (tests that need a model point GEMINI_BASE_URL at the wire-format server themselves).
for (const name of ["GEMINI_API_KEY", "GOOGLE_API_KEY", "GEMINI_BASE_URL", "AIZOOMDOC_SECRET_KEY"]) delete process.env[name];
